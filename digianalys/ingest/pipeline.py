"""The ingest pipeline: survey exports → a tidy, typed, privacy-safe dataset directory.

Steps (each logged in the report)::

    read_export → detect_layout → drop exact duplicates → detect_pii → union of waves
      → infer variables (or match the user's codebook by ``source``) → typed columns
      → wave column → scale columns → data.parquet, codebook.yaml, ingest-report.json/.md

Inputs are only ever read. Everything is written into ``out_dir`` atomically; a non-empty
``out_dir`` is refused unless ``force`` (which overwrites the four dataset files and nothing else)
or unless the codebook given is the one inside ``out_dir`` (the edit-and-re-ingest loop).
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..codebook import Codebook, Variable
from ..dataset import CODEBOOK_FILE, DATA_FILE, REPORT_JSON, REPORT_MD, Dataset
from ..errors import CodebookError, InputFileError, LayoutError, OutputError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from .layouts import Column, Layout

# pandas and the modules built on it are imported inside the functions: ingest() imports them
# while its background thread reads the first export (see reading.prefetch), and
# `digianalys --help` never pays for them.

WAVE = "wave"
OUTPUT_FILES = (DATA_FILE, CODEBOOK_FILE, REPORT_JSON, REPORT_MD)
#: At most this many distinct unrecognised values are listed per variable in the report.
MAX_UNRECOGNISED_SHOWN = 20


@dataclass
class IngestResult:
    """What :func:`ingest` wrote: the dataset, the report (as in ingest-report.json), the folder."""

    dataset: Dataset
    report: dict[str, Any]
    out_dir: Path
    files: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """A few readable lines for the terminal."""
        r = self.report
        lines = []
        for inp in r["inputs"]:
            sheet = f", sheet {inp['sheet']}" if inp.get("sheet") else ""
            wave = f", wave {inp['wave']}" if inp.get("wave") is not None else ""
            lines.append(
                f"read {inp['path']}{sheet}: {inp['layout']} layout, {inp['header_rows']} header "
                f"row(s), {inp['rows_in']} responses{wave}"
            )
        types: dict[str, int] = {}
        for v in self.dataset.codebook.variables:
            types[v.type] = types.get(v.type, 0) + 1
        kinds = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
        lines.append(
            f"wrote {self.out_dir}: {r['rows']} responses, {len(self.dataset.codebook.variables)} "
            f"variables ({kinds})"
            + (
                f", {len(self.dataset.codebook.scales)} scale(s)"
                if self.dataset.codebook.scales
                else ""
            )
        )
        if r["duplicates_dropped"]:
            lines.append(f"dropped {r['duplicates_dropped']} exact duplicate response(s)")
        if r["pii_dropped"]:
            heads = ", ".join(sorted({p["header"] for p in r["pii_dropped"]}))
            lines.append(f"dropped {len(r['pii_dropped'])} personal-data column(s): {heads}")
        if r.get("pii_masked"):
            n = sum(p["cells"] for p in r["pii_masked"])
            lines.append(
                f"masked personal data in {n} cell(s) of {len(r['pii_masked'])} kept column(s)"
            )
        if r["warnings"]:
            lines.append(f"{len(r['warnings'])} warning(s); see {self.out_dir / REPORT_MD}")
        # headers and sheet names come from the file: no terminal escape sequences
        return "\n".join(strip_controls(line) for line in lines)


# ------------------------------------------------------------------------------ helpers
def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in chunks (ingest-report.json and the run manifest)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _hash_inputs(paths: list[Path]) -> dict[Path, str]:
    """SHA-256 of each readable input (a file that cannot be read is reported by the reader)."""
    hashes = {}
    for p in paths:
        try:
            hashes[p] = sha256_file(p)
        except OSError:
            continue
    return hashes


def _check_out_dir(
    out_dir: Path, inputs: list[Path], force: bool, codebook: Path | None = None
) -> None:
    """Refuse a non-empty ``out_dir`` without ``force`` — except for the documented edit loop:
    re-ingesting into a dataset directory with the codebook that lives in it
    (``ingest X -o analys/ --codebook analys/codebook.yaml``), which replaces only the dataset
    files."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a directory; choose a directory with -o")
    for p in inputs:
        if p.resolve() == out_dir.resolve():
            raise OutputError(f"{out_dir}: is an input file; choose another output directory")
    edit_loop = (
        codebook is not None
        and codebook.resolve().parent == out_dir.resolve()
        and (out_dir / "data.parquet").is_file()
    )
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force and not edit_loop:
        raise OutputError(
            f"{out_dir}: directory is not empty; use --force to overwrite its dataset files "
            "or choose another directory"
        )


def _drop_duplicates(layout: Layout) -> tuple[Layout, int]:
    """Drop responses identical in every cell (the round-trip row-number column aside)."""
    cols = [c.index for c in layout.columns if c.index != layout.row_id]
    dup = _duplicated_rows(layout.data, cols)
    n = int(dup.sum())
    if n:
        layout.data = layout.data.loc[~dup].reset_index(drop=True)
    return layout, n


def _duplicated_rows(data: pd.DataFrame, cols: list[Any]) -> np.ndarray:
    """Rows identical in every column of ``cols`` to an earlier row (blank equals blank).

    Works on each column's exact cell codes (shared with type inference, see
    :func:`digianalys.ingest.infer.shared_distinct`), combined into one integer key per row; the key
    is re-factorised before it could overflow, so equal keys mean equal rows.
    """
    import numpy as np
    import pandas as pd

    from .infer import cell_codes, encode_columns

    n = len(data)
    if not cols:
        return np.zeros(n, dtype=bool)
    encode_columns([data[c] for c in cols])
    key = np.zeros(n, dtype=np.int64)
    size = 1
    for c in cols:
        codes, n_codes = cell_codes(data[c])
        radix = n_codes + 1
        if size * radix >= 1 << 62:
            key, uniques = pd.factorize(key)
            size = max(len(uniques), 1)
        key = key * radix + (codes + 1)
        size *= radix
    return pd.Series(key).duplicated(keep="first").to_numpy(dtype=bool)


@dataclass
class _Part:
    path: Path
    raw: Any
    layout: Layout
    rows_in: int
    duplicates: int
    pii: list[tuple[Column, str]]
    wave: str | None


def _union(parts: list[_Part]) -> tuple[Layout, list[str | None], dict[str, list[str]]]:
    """One Layout with the union of all inputs' columns (matched by source) and all rows.

    Also returns the wave of every row and, for columns missing from some inputs, the waves
    that have them."""
    import pandas as pd

    from .layouts import Column, Layout

    sources: list[str] = []
    first: dict[str, tuple[int, Column]] = {}
    present: dict[str, list[int]] = {}
    group_map: dict[tuple[int, int], int] = {}
    for k, part in enumerate(parts):
        for col in part.layout.columns:
            present.setdefault(col.source, []).append(k)
            if col.source not in first:
                first[col.source] = (k, col)
                sources.append(col.source)
    columns: list[Column] = []
    for i, src in enumerate(sources):
        k, col = first[src]
        group = None
        if col.group is not None:
            group = group_map.setdefault((k, col.group), len(group_map) + 1)
        columns.append(Column(i, col.source, col.question, col.subitem, col.label, col.qid, group))
    frames = []
    waves: list[str | None] = []
    for part in parts:
        by_src = {c.source: c.index for c in part.layout.columns}
        frame = pd.DataFrame(
            {
                i: (
                    part.layout.data[by_src[src]]
                    if src in by_src
                    else pd.Series(pd.NA, index=part.layout.data.index, dtype="string")
                )
                for i, src in enumerate(sources)
            },
            index=part.layout.data.index,
        )
        frames.append(frame)
        waves.extend([part.wave] * len(frame))
    data = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    data = data.astype("string")
    partial = {
        src: [str(parts[k].wave) for k in present[src]]
        for src in sources
        if len(present[src]) < len(parts)
    }
    row_id = None
    if parts[0].layout.row_id is not None:
        rid_src = parts[0].layout.column(parts[0].layout.row_id).source
        row_id = sources.index(rid_src)
    notes = [n for p in parts for n in p.layout.notes]
    lay = Layout(
        name=parts[0].layout.name,
        header_rows=parts[0].layout.header_rows,
        columns=columns,
        data=data,
        notes=notes,
        row_id=row_id,
    )
    return lay, waves, partial


def _subset(layout: Layout, keep: set[str]) -> Layout:
    from .layouts import Layout

    cols = [c for c in layout.columns if c.source in keep]
    return Layout(
        name=layout.name,
        header_rows=layout.header_rows,
        columns=cols,
        data=layout.data[[c.index for c in cols]],
        notes=list(layout.notes),
        row_id=layout.row_id if any(c.index == layout.row_id for c in cols) else None,
    )


def _mask_cells(layout: Layout) -> tuple[Layout, dict[int, tuple[Any, Any, Any]]]:
    """Make every cell of ``layout`` that holds personal data missing (so that one address in a
    Likert column cannot make it categorical, nor be printed as a level); returns the new
    layout and, per column index, the column with the personal data masked in place (for free
    text), the rows holding personal data and the column with those cells missing."""
    from .layouts import Layout
    from .pii import mask_values

    data = layout.data
    masked: dict[int, tuple[Any, Any, Any]] = {}
    new_cols = {}
    for col in layout.columns:
        if col.index == layout.row_id:
            continue
        got = mask_values(data[col.index])
        if got is not None:
            text, blanked, rows = got
            masked[col.index] = (text, rows, blanked)
            # most answers hold personal data (inside longer text, or the column would have
            # been dropped): free text, so inference sees the masked text, not a blank column
            answered = int(blanked.notna().sum()) + int(rows.sum())
            new_cols[col.index] = text if 2 * int(rows.sum()) >= answered else blanked
    if not new_cols:
        return layout, masked
    data = data.copy()
    for i, s in new_cols.items():
        data[i] = s
    return (
        Layout(
            name=layout.name,
            header_rows=layout.header_rows,
            columns=layout.columns,
            data=data,
            notes=list(layout.notes),
            row_id=layout.row_id,
        ),
        masked,
    )


def _restore_masked_text(
    layout: Layout,
    combined: Layout,
    variables: list[Any],
    masked: dict[int, tuple[Any, Any, Any]],
    pii_sources: dict[str, str],
) -> tuple[Layout, list[dict[str, Any]]]:
    """Free-text columns get their masked text back (other types keep the cells missing), with
    the words of the same row's dropped name columns masked too; returns the layout to clean
    and, per column with masked cells, the header and the count (never a value)."""
    from .layouts import Layout
    from .pii import mask_names, report_header

    text_cols = {inf.columns[0] for inf in variables if inf.variable.type == "text" and inf.columns}
    name_idx = [
        c.index
        for c in combined.columns
        if c.source in pii_sources and "name" in pii_sources[c.source]
    ]
    names = combined.data[name_idx].set_axis(range(len(name_idx)), axis=1) if name_idx else None
    data = layout.data
    rows: dict[int, Any] = {i: r for i, (_, r, _) in masked.items()}
    changed = {i: masked[i][2] for i in masked if i not in text_cols}  # not text: missing
    for i in sorted(text_cols):
        col = masked[i][0] if i in masked else data[i]
        named = None
        if names is not None:
            col, named = mask_names(col, names)
            rows[i] = named | rows[i] if i in rows else named
        if i in masked or (named is not None and named.any()):
            changed[i] = col
    if changed:
        data = data.copy()
        for i, s in changed.items():
            data[i] = s
        layout = Layout(
            name=layout.name,
            header_rows=layout.header_rows,
            columns=layout.columns,
            data=data,
            notes=list(layout.notes),
            row_id=layout.row_id,
        )
    report = [
        {"header": report_header(layout.column(i)), "column": i + 1, "cells": int(r.sum())}
        for i, r in sorted(rows.items())
        if r.any()
    ]
    return layout, report


def _read_parts(
    inputs: list[Path],
    *,
    sheet: str | None,
    layout: str,
    waves: list[str] | None,
) -> list[_Part]:
    from .layouts import detect_layout
    from .pii import detect_pii
    from .reading import read_export

    parts = []
    for k, path in enumerate(inputs):
        raw = read_export(path, sheet=sheet)
        lay = detect_layout(raw, layout)
        rows_in = len(lay.data)
        if rows_in == 0:
            sheet_name = getattr(raw, "sheet", None)
            where = f'{path.name}, sheet "{sheet_name}"' if sheet_name else path.name
            others = [n for n in getattr(raw, "sheet_names", []) if n != sheet_name]
            hint = (
                f"choose the sheet with the responses with --sheet ({', '.join(others)}) "
                "or check --layout"
                if others
                else "check that the export holds the responses, and --layout"
            )
            raise LayoutError(
                f"{where}: no responses below the {lay.header_rows} header row(s); {hint}"
            )
        lay, n_dup = _drop_duplicates(lay)
        parts.append(
            _Part(
                path=path,
                raw=raw,
                layout=lay,
                rows_in=rows_in,
                duplicates=n_dup,
                pii=detect_pii(lay),
                wave=None if waves is None else waves[k],
            )
        )
    return parts


def _user_variables(
    cb: Codebook,
    cb_path: Path,
    layout: Layout,
    pii_sources: dict[str, str],
    waves: list[str] | None,
    where: str,
    warnings: list[str],
) -> list[Any]:
    """Pair the user's codebook with the columns (cleaning.match_codebook) after setting aside
    the ``wave`` variable and personal-data columns; warn about columns left out."""
    from .cleaning import match_codebook, unmatched_columns

    keep: list[Variable] = []
    for v in cb.variables:
        if v.name == WAVE:
            if waves is None:
                raise CodebookError(
                    f"{cb_path}: variable '{WAVE}' comes from --wave; give one --wave VALUE per "
                    "input, or remove it from the codebook"
                )
            if v.source is not None:
                raise CodebookError(
                    f"{cb_path}: variable '{WAVE}' is reserved for the --wave column; rename it"
                )
            continue
        if v.source is not None and v.source in pii_sources:
            warnings.append(
                f"codebook variable '{v.name}' ({v.source}) is personal data "
                f"({pii_sources[v.source]}) and was dropped; use --keep-pii to keep it"
            )
            continue
        keep.append(v)
    try:
        matched = match_codebook(layout, Codebook(variables=keep, scales={}), where=where)
    except CodebookError as exc:
        raise CodebookError(f"{cb_path}: {exc}") from None
    left_out = [c.source for c in unmatched_columns(layout, matched)]
    if left_out:
        shown = ", ".join(f"'{s}'" for s in left_out[:10]) + (" …" if len(left_out) > 10 else "")
        warnings.append(
            f"{len(left_out)} column(s) not in the codebook were left out: {shown}; "
            "add them to the codebook to keep them"
        )
    return matched


def ingest(
    inputs: list[Path] | list[str],
    out_dir: Path | str,
    *,
    codebook: Path | str | None = None,
    sheet: str | None = None,
    layout: str = "auto",
    waves: list[str] | None = None,
    keep_pii: bool = False,
    force: bool = False,
    id: str | None = None,
) -> IngestResult:
    """Read survey exports into a tidy, typed dataset directory with a codebook and a report.

    Parameters
    ----------
    inputs
        Export files (.xlsx .xlsm .xls .ods .csv). Several files need one ``waves`` value each.
    out_dir
        Dataset directory to write: ``data.parquet``, ``codebook.yaml``,
        ``ingest-report.json`` and ``ingest-report.md``.
    codebook
        An edited ``codebook.yaml`` to apply. Variables are matched to columns by ``source``
        (see :func:`digianalys.ingest.cleaning.match_codebook`); columns not in the codebook are left
        out (with a warning); a variable without a column is a CodebookError.
    sheet, layout
        Sheet name (default: first sheet with data) and header layout (``auto`` or one of
        :data:`digianalys.ingest.layouts.LAYOUTS`).
    waves
        One value per input; adds a categorical ``wave`` column (levels in this order).
    keep_pii
        Keep personal-data columns (otherwise dropped, listed in the report without values).
    force
        Overwrite the dataset files in a non-empty ``out_dir`` (other files are left alone).
    id
        The column that identifies the organisation (its header, or its codebook name; default:
        the codebook's top-level ``id``): kept as type ``id``, never dropped as personal data,
        normalised (trimmed, case-folded, organisation numbers without dash) and checked for
        duplicates within a wave; recorded as ``id:`` in the codebook.

    Raises
    ------
    InputFileError, LayoutError, CodebookError, OutputError
        With a one-line message naming the file, column or codebook key.
    """
    paths = [Path(p) for p in inputs]
    out = Path(out_dir)
    if not paths:
        raise InputFileError("no input file given; pass at least one survey export")
    if waves is not None:
        waves = [str(w) for w in waves]
        if len(waves) != len(paths):
            raise InputFileError(
                f"{len(paths)} input file(s) but {len(waves)} --wave value(s); "
                "give one --wave per input, in the same order"
            )
        if len(set(waves)) != len(waves):
            raise InputFileError("--wave values must differ between inputs")
    elif len(paths) > 1:
        raise InputFileError(
            f"{len(paths)} input files given; give one --wave VALUE per input "
            "(e.g. --wave 2018 --wave 2021) to combine them"
        )
    _check_out_dir(out, paths, force, None if codebook is None else Path(codebook))
    user_cb = Codebook.load(codebook) if codebook is not None else None

    with _collector_frozen() as refreeze:
        return _ingest(
            paths,
            out,
            user_cb,
            codebook,
            sheet,
            layout,
            waves,
            keep_pii,
            refreeze=refreeze,
            org_id=id if id is not None else (user_cb.id if user_cb is not None else None),
        )


def _ingest(
    paths: list[Path],
    out: Path,
    user_cb: Codebook | None,
    codebook: Path | str | None,
    sheet: str | None,
    layout: str,
    waves: list[str] | None,
    keep_pii: bool,
    *,
    refreeze: Callable[[], None],
    org_id: str | None = None,
) -> IngestResult:
    """The body of :func:`ingest`, once its arguments are checked."""
    from .reading import prefetch

    warnings: list[str] = []
    # The exports are read in a background thread (fastexcel parses without holding the GIL)
    # while this thread imports pandas and the pipeline built on it.
    with prefetch(paths, sheet=sheet):
        from .infer import shared_distinct
        from .pii import report_header

        _import_pipeline()
        refreeze()
        hashes = _hash_inputs(paths)  # also while the thread reads
        # inference, personal-data detection and cleaning share one factorisation per column
        with shared_distinct():
            parts = _read_parts(paths, sheet=sheet, layout=layout, waves=waves)
            for part in parts:
                warnings.extend(f"{part.path.name}: {w}" for w in getattr(part.raw, "warnings", []))
            combined, row_waves, partial = _union(parts)

            pii_sources: dict[str, str] = {}
            pii_report = []
            for part in parts:
                for col, reason in part.pii:
                    if col.source not in pii_sources:
                        pii_sources[col.source] = reason
                        pii_report.append(
                            {
                                "header": report_header(col),
                                "column": col.index + 1,
                                "input": part.path.name,
                                "reason": reason,
                            }
                        )
            id_source = _id_source(org_id, combined.columns, user_cb, paths) if org_id else None
            if id_source is not None and id_source in pii_sources:  # an id is not personal data
                del pii_sources[id_source]
                pii_report = [r for r in pii_report if r["header"] != id_source]
            if keep_pii:
                if pii_sources:
                    warnings.append(f"{len(pii_sources)} personal-data column(s) kept (--keep-pii)")
                kept_pii = dict(pii_sources)
                pii_sources = {}
                pii_report = []
            else:
                kept_pii = {}
            keep = {c.source for c in combined.columns if c.source not in pii_sources}
            for src, have in partial.items():
                if src in keep:
                    warnings.append(
                        f"column '{src}' is only in wave(s) {', '.join(have)}; "
                        "it is blank for the other waves"
                    )
            typed_layout = _subset(combined, keep)
            masked_cells: dict[int, tuple[Any, Any, Any]] = {}
            if not keep_pii:
                typed_layout, masked_cells = _mask_cells(typed_layout)

            from .cleaning import apply_variables
            from .infer import infer_variables

            if user_cb is not None:
                where = ", ".join(p.name for p in paths)
                variables = _user_variables(
                    user_cb, Path(codebook), typed_layout, pii_sources, waves, where, warnings
                )
                scales = user_cb.scales
            else:
                reserved = {WAVE} if waves is not None else set()
                variables, inf_warnings = infer_variables(typed_layout, reserved)
                warnings.extend(inf_warnings)
                scales = {}
            pii_cells: list[dict[str, Any]] = []
            if masked_cells or (pii_sources and not keep_pii):
                typed_layout, pii_cells = _restore_masked_text(
                    typed_layout, combined, variables, masked_cells, pii_sources
                )
            if id_source is not None:
                for inf in variables:
                    if inf.variable.source == id_source:
                        inf.variable.type = "id"
                        inf.variable.values = None
                        inf.variable.levels = None
            data, log = apply_variables(typed_layout, variables)
            if pii_cells:
                warnings.append(
                    f"{sum(p['cells'] for p in pii_cells)} answer(s) in {len(pii_cells)} kept "
                    "column(s) held personal data: masked in free text, missing elsewhere "
                    "(see the ingest report)"
                )
            from .pii import forget

            forget()  # no respondent's text kept in memory after ingest
    final_vars = [inf.variable for inf in variables]
    id_name = None
    if id_source is not None:
        id_name = next(v.name for v in final_vars if v.source == id_source)
        data[id_name] = _normalised_ids(data[id_name], row_waves, id_name, paths)
    warnings.extend(_complete_levels(final_vars, log, kept_pii))
    if waves is not None:
        import pandas as pd

        data[WAVE] = pd.Categorical(row_waves, categories=waves)
        final_vars.append(
            Variable(
                name=WAVE,
                type="categorical",
                label="Wave",
                levels={w: [w] for w in waves},
            )
        )
    cb = Codebook(variables=final_vars, scales=dict(scales), id=id_name)
    for sname, sc in scales.items():
        absent = [it for it in sc.items if it not in data.columns]
        if absent:
            raise CodebookError(
                f"{codebook}: scale '{sname}': item(s) {', '.join(absent)} are not in the "
                "dataset (dropped as personal data?); remove them from the scale"
            )
    if scales:
        from ..dataset import compute_scales

        scale_frame = compute_scales(data, cb)
        for name in scale_frame.columns:
            data[name] = scale_frame[name]
    data = data.reset_index(drop=True)

    cb_file = _codebook_target(out, codebook, cb, warnings)
    report = _report(
        parts, data, cb, log, pii_report, warnings, kept_pii, hashes, user_cb is not None
    )
    report["pii_masked"] = pii_cells
    report["codebook_file"] = cb_file
    files = _write(out, data, cb, report, cb_file)
    ds = Dataset(data=data, codebook=cb, path=out, report=report)
    return IngestResult(dataset=ds, report=report, out_dir=out, files=files)


def _id_source(org_id: str, columns: Any, user_cb: Codebook | None, paths: list[Path]) -> str:
    """The source header of the organisation-id column named by ``--id`` (a header, or a
    codebook name when a codebook is given)."""
    wanted = " ".join(str(org_id).split()).casefold()
    if user_cb is not None:
        var = user_cb.get(org_id)
        if var is not None and var.source:
            wanted = " ".join(var.source.split()).casefold()
    for col in columns:
        if " ".join(col.source.split()).casefold() == wanted:
            return str(col.source)
    from ..errors import suggest

    headers = [str(c.source) for c in columns]
    raise CodebookError(
        f"{', '.join(p.name for p in paths)}: --id '{org_id}' is not a column header"
        f"{suggest(org_id, headers)}; give the header of the organisation-id column"
    )


def _normalised_ids(values: Any, row_waves: Any, name: str, paths: list[Path]) -> Any:
    """Organisation ids as compared everywhere (see stats.population.normalise_id); duplicates
    within a wave are an error naming them."""
    import pandas as pd

    from ..stats.population import normalise_id

    ids = values.map(lambda v: normalise_id(v) if pd.notna(v) else None).astype("string")
    key = pd.DataFrame({"id": ids, "w": list(row_waves) if row_waves is not None else 0})
    dup = key[key["id"].notna() & key.duplicated(keep=False)]
    if len(dup):
        shown = ", ".join(sorted(set(dup["id"].astype(str)))[:5])
        raise InputFileError(
            f"{', '.join(p.name for p in paths)}: the organisation id '{name}' occurs more than "
            f"once in a wave ({shown}); remove the duplicate responses or correct their ids"
        )
    return ids


@contextmanager
def _collector_frozen() -> Iterator[Callable[[], None]]:
    """Keep the garbage collector's full collections off the objects that exist already.

    They would walk the million-odd objects that pandas, pyarrow and the pipeline create on
    import (~0.04 s a collection, several per ingest). Freezes what is alive on entry and
    yields a function that freezes again (call it after the imports); unfreezes on exit. A
    caller that froze objects itself is left alone (the yielded function does nothing).
    """
    if gc.get_freeze_count():
        yield lambda: None
        return
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def _import_pipeline() -> None:
    """Import what the rest of ingest uses (pandas, pyarrow.parquet, inference, cleaning)."""
    import pyarrow.parquet  # noqa: F401
    import yaml  # noqa: F401

    from . import (
        cleaning,  # noqa: F401
        infer,  # noqa: F401
        layouts,  # noqa: F401
        pii,  # noqa: F401
    )


def _complete_levels(
    variables: list[Variable], log: dict[str, Any], kept_pii: dict[str, str]
) -> list[str]:
    """Add the categorical values a codebook's ``levels`` do not list (cleaning keeps them as
    they are) to those levels, so that the written codebook describes the data; one warning per
    variable. Values of personal-data columns kept with --keep-pii are not repeated."""
    warnings = []
    for v in variables:
        entry = log["variables"].get(v.name) or {}
        unlisted = entry.get("unlisted") or {}
        if v.type != "categorical" or not unlisted or v.levels is None:
            continue
        for value in unlisted:
            v.levels.setdefault(str(value), [str(value)])
        n = int(sum(unlisted.values()))
        shown = (
            ""
            if v.source in kept_pii
            else ": " + ", ".join(f"'{k}' ({c})" for k, c in list(unlisted.items())[:10])
        )
        warnings.append(
            f"variable '{v.name}': {n} answer(s) with {len(unlisted)} value(s) not in its "
            f"codebook levels were kept as they are{shown}; they were added to 'levels' in "
            "codebook.yaml (map them to a level there to merge them)"
        )
    return warnings


# ------------------------------------------------------------------------------ report
def _missing_and_unrecognised(
    log: dict[str, Any], cb: Codebook, kept_pii: dict[str, str], show_values: bool = True
) -> tuple[dict[str, dict[str, int]], list[dict[str, Any]]]:
    """Missing values per variable by reason, and values no code was found for (from the
    cleaning log). Unrecognised value texts are left out for personal-data columns kept with
    --keep-pii, for id/text columns, and when the codebook was inferred (``show_values``
    False): then they are the stray answers of a scale column, reported by count and row in
    the warnings, as a stray answer may be something a respondent wrote about themselves."""
    missing: dict[str, dict[str, int]] = {}
    unrec: list[dict[str, Any]] = []
    for v in cb.variables:
        entry = log["variables"].get(v.name)
        if entry is None:
            continue
        missing[v.name] = {str(k): int(n) for k, n in entry.get("missing", {}).items()}
        bad = entry.get("unrecognised") or {}
        if bad:
            total = entry.get("n_unrecognised")
            count = int(total) if total is not None else int(sum(bad.values()))
            item: dict[str, Any] = {"variable": v.name, "count": count}
            if show_values and v.source not in kept_pii and v.type not in ("id", "text"):
                top = sorted(bad.items(), key=lambda kv: (-kv[1], kv[0]))
                item["values"] = {str(k): int(n) for k, n in top[:MAX_UNRECOGNISED_SHOWN]}
            unrec.append(item)
    return missing, unrec


def _recoded(cb: Codebook) -> list[dict[str, Any]]:
    out = []
    for v in cb.variables:
        if v.type in ("ordinal", "binary") and v.values:
            out.append(
                {
                    "variable": v.name,
                    "type": v.type,
                    "scale": v.scale,
                    "values": {str(k): lab for k, lab in sorted(v.values.items())},
                }
            )
        elif v.type == "categorical" and v.levels:
            merged = {k: s for k, s in v.levels.items() if s != [k]}
            if merged:
                out.append({"variable": v.name, "type": v.type, "scale": None, "values": merged})
        elif v.type == "multi":
            out.append(
                {
                    "variable": v.name,
                    "type": v.type,
                    "scale": None,
                    "values": {"1": v.option or v.label, "0": "not chosen"},
                }
            )
    return out


def _report(
    parts: list[_Part],
    data: pd.DataFrame,
    cb: Codebook,
    log: dict[str, Any],
    pii_report: list[dict[str, str]],
    warnings: list[str],
    kept_pii: dict[str, str],
    hashes: dict[Path, str],
    show_unrecognised: bool = True,
) -> dict[str, Any]:
    from .. import __version__

    inputs = []
    for part in parts:
        raw = part.raw
        inputs.append(
            {
                # the file name only: an absolute path names the user (home directory)
                "path": part.path.name,
                "sha256": hashes.get(part.path) or sha256_file(part.path),
                "format": getattr(raw, "format", None),
                "sheet": getattr(raw, "sheet", None),
                "layout": part.layout.name,
                "header_rows": part.layout.header_rows,
                "rows_in": part.rows_in,
                "rows_out": part.rows_in - part.duplicates,
                "duplicates_dropped": part.duplicates,
                "wave": part.wave,
                "notes": list(part.layout.notes),
                "read": {k: v for k, v in getattr(raw, "info", {}).items() if _jsonable(v)},
            }
        )
    missing, unrec = _missing_and_unrecognised(log, cb, kept_pii, show_unrecognised)
    return {
        "digianalys_version": __version__,
        "inputs": inputs,
        "rows": int(len(data)),
        "duplicates_dropped": sum(p.duplicates for p in parts),
        "pii_dropped": pii_report,
        "columns": [{"name": v.name, "type": v.type, "source": v.source} for v in cb.variables]
        + [{"name": s, "type": "scale", "source": None} for s in cb.scales],
        "recoded": _recoded(cb),
        "missing": missing,
        "unrecognised": unrec,
        "warnings": list(warnings),
    }


def _jsonable(v: Any) -> bool:
    try:
        json.dumps(v)
    except (TypeError, ValueError):
        return False
    return True


# ANSI/OSC/DCS escape sequences (ESC or their C1 forms), then any remaining C0/C1 control.
_ESCAPE_SEQ = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI … final byte
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\\\|\x9c|$)"  # OSC/DCS/PM/APC…ST
    r"|\x1b[@-Z\\-_]?",
    re.DOTALL,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`\[\]|])")  # links/images need [ ], code spans `


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences (ANSI CSI, OSC, DCS …) and with every other
    C0/C1 control character (newlines and tabs included) replaced by a space."""
    return _CONTROL.sub(" ", _ESCAPE_SEQ.sub("", text))


def _md_escape(text: Any) -> str:
    """Text from the input file, safe in a Markdown table cell: no control characters or
    escape sequences, HTML tags shown as text (&lt;script&gt;), and the Markdown syntax of
    links, images, code spans and table cells ([ ] ` |) backslash-escaped, so nothing becomes
    a link, an image or markup."""
    t = strip_controls(str(text))
    t = t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", t)


def report_markdown(report: dict[str, Any]) -> str:
    """The ingest report as Markdown (the same content as ingest-report.json)."""
    L = ["# Ingest report", ""]
    L += ["## Inputs", ""]
    L += [
        "| file | sha256 | format | sheet | layout | header rows | rows in | rows out | wave |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i in report["inputs"]:
        L.append(
            "| "
            + " | ".join(
                _md_escape(x if x is not None else "")
                for x in (
                    i["path"],
                    i["sha256"][:12] + "…",
                    i["format"],
                    i["sheet"],
                    i["layout"],
                    i["header_rows"],
                    i["rows_in"],
                    i["rows_out"],
                    i["wave"],
                )
            )
            + " |"
        )
    notes = [f"{i['path']}: {n}" for i in report["inputs"] for n in i["notes"]]
    notes += [f"{i['path']}: {_read_note(i.get('read') or {})}" for i in report["inputs"]]
    if notes:
        L += [""] + [f"- {_md_escape(n)}" for n in notes]
    L += ["", f"Responses in the dataset: {report['rows']}.", ""]
    L += [
        "## Duplicates",
        "",
        f"Exact duplicate responses dropped: {report['duplicates_dropped']}.",
        "",
    ]
    L += ["## Personal data dropped", ""]
    if report["pii_dropped"]:
        L += ["| column | file | position | reason |", "|---|---|---|---|"]
        L += [
            f"| {_md_escape(p['header'])} | {_md_escape(p['input'])} | {p['column']} "
            f"| {_md_escape(p['reason'])} |"
            for p in report["pii_dropped"]
        ]
    else:
        L.append("None.")
    L += ["", "## Personal data masked in kept columns", ""]
    if report.get("pii_masked"):
        L += ["| column | position | cells |", "|---|---|---|"]
        L += [
            f"| {_md_escape(p['header'])} | {p['column']} | {p['cells']} |"
            for p in report["pii_masked"]
        ]
        L += [
            "",
            "Free-text answers keep their text with the personal data replaced by [e-post], "
            "[telefon], [personnummer], [ip], [url] or [namn]; in other columns these cells are "
            "missing.",
        ]
    else:
        L.append("None.")
    L += ["", "## Recoded", ""]
    if report["recoded"]:
        L += ["| variable | type | scale | values |", "|---|---|---|---|"]
        for r in report["recoded"]:
            vals = "; ".join(
                f"{k} = {', '.join(v) if isinstance(v, list) else v}"
                for k, v in r["values"].items()
            )
            L.append(
                f"| {_md_escape(r['variable'])} | {r['type']} | {_md_escape(r['scale'] or '')} | {_md_escape(vals)} |"
            )
    else:
        L.append("Nothing recoded.")
    L += ["", "## Missing values", ""]
    rows = [
        (name, reason, n)
        for name, reasons in report["missing"].items()
        for reason, n in reasons.items()
        if n
    ]
    if rows:
        L += ["| variable | reason | count |", "|---|---|---|"]
        L += [f"| {_md_escape(name)} | {_md_escape(reason)} | {n} |" for name, reason, n in rows]
    else:
        L.append("No missing values.")
    L += ["", "## Unrecognised values", ""]
    if report["unrecognised"]:
        L += ["| variable | count | values |", "|---|---|---|"]
        for u in report["unrecognised"]:
            vals = "; ".join(f"{k} ({n})" for k, n in u.get("values", {}).items())
            L.append(
                f"| {_md_escape(u['variable'])} | {u['count']} | {_md_escape(vals or '(not shown)')} |"
            )
    else:
        L.append("None.")
    L += ["", "## Warnings", ""]
    L += [f"- {_md_escape(w)}" for w in report["warnings"]] or ["None."]
    return "\n".join(L) + "\n"


def _read_note(read: dict[str, Any]) -> str:
    """How an input was read, for the Markdown report (encoding, delimiter, decimal mark,
    sheet choice, blank rows/columns skipped)."""
    parts = []
    if read.get("encoding"):
        parts.append(f"encoding {read['encoding']}")
    if read.get("delimiter"):
        parts.append(f"delimiter {read['delimiter']!r}")
    if read.get("decimal"):
        parts.append(f"decimal mark {read['decimal']!r}")
    if read.get("sheet_choice"):
        parts.append(f"sheet chosen: {read['sheet_choice']}")
    for key, text in (
        ("blank_rows_above", "blank row(s) above the header skipped"),
        ("blank_rows_dropped", "blank row(s) at the end dropped"),
        ("blank_columns_dropped", "blank column(s) at the end dropped"),
    ):
        if read.get(key):
            parts.append(f"{read[key]} {text}")
    return "read: " + "; ".join(parts) if parts else "read as is"


def _codebook_target(
    out: Path, codebook: Path | str | None, cb: Codebook, warnings: list[str]
) -> str:
    """Where the completed codebook goes: ``codebook.yaml`` unless that is the user's own
    edited codebook (the edit loop) and differs from the completed one: then the user's file
    (and its comments) stays as it is and the completed codebook is written beside it."""
    from ..dataset import COMPLETED_CODEBOOK_FILE

    own = out / CODEBOOK_FILE
    if codebook is None or not own.is_file():
        return CODEBOOK_FILE
    try:
        if not Path(codebook).resolve().samefile(own):
            return CODEBOOK_FILE
        if own.read_text(encoding="utf-8-sig") == cb.to_yaml():
            return CODEBOOK_FILE  # unchanged: rewriting it changes nothing
    except OSError:
        return CODEBOOK_FILE
    from ..output.i18n import MESSAGES

    warnings.append(
        MESSAGES["ingest_codebook_kept"][0].format(
            codebook=CODEBOOK_FILE, completed=COMPLETED_CODEBOOK_FILE
        )
    )
    return COMPLETED_CODEBOOK_FILE


def _write(
    out: Path,
    data: pd.DataFrame,
    cb: Codebook,
    report: dict[str, Any],
    cb_file: str = CODEBOOK_FILE,
) -> list[Path]:
    from concurrent.futures import ThreadPoolExecutor

    from ..atomic import atomic_path, write_text

    out.mkdir(parents=True, exist_ok=True)

    def write_parquet() -> None:
        with atomic_path(out / DATA_FILE) as tmp:
            data.to_parquet(tmp, index=False)

    # pyarrow encodes Parquet without holding the GIL: render the text files meanwhile, and
    # write them once data.parquet is in place (a failed write leaves the old files alone).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="digianalys-parquet") as pool:
        parquet = pool.submit(write_parquet)
        texts = {
            cb_file: cb.to_yaml(),
            REPORT_JSON: json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
            REPORT_MD: report_markdown(report),
        }
        parquet.result()  # raises what the write raised
    for name, text in texts.items():
        write_text(out / name, text)
    if cb_file == CODEBOOK_FILE:
        from ..dataset import COMPLETED_CODEBOOK_FILE

        (out / COMPLETED_CODEBOOK_FILE).unlink(missing_ok=True)  # an older edit loop's
    return [out / f for f in (DATA_FILE, cb_file, REPORT_JSON, REPORT_MD)]
