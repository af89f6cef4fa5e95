"""The ingest pipeline: survey exports → a tidy, typed, privacy-safe dataset directory.

Steps (each logged in the report)::

    read_export → detect_layout → drop exact duplicates → detect_pii → union of waves
      → infer variables (or match the user's codebook by ``source``) → typed columns
      → wave column → scale columns → data.parquet (+ dont_know.parquet: which cells were
      don't-know answers), codebook.yaml, ingest-report.json/.md

Inputs are only ever read. Everything is written into ``out_dir`` atomically; a non-empty
``out_dir`` is refused unless ``force`` (which overwrites the four dataset files and nothing else)
or unless the codebook given is the one inside ``out_dir`` (the edit-and-re-ingest loop).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..codebook import Codebook, Variable
from ..dataset import CODEBOOK_FILE, DATA_FILE, REPORT_JSON, REPORT_MD, Dataset
from ..errors import CodebookError, InputFileError, LayoutError, OutputError
from ..output.i18n import Msg
from . import speed
from .combine import Part, drop_duplicates, mask_cells, restore_masked_text, subset, union
from .dont_know_cells import DONT_KNOW_FILE, dont_know_cells, write_dont_know
from .ingest_report import (
    build_report,
    hash_inputs,
    report_json,
    report_markdown,
    sha256_file,
    strip_controls,
)
from .notices import notice

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .layouts import Layout

# pandas and the modules built on it are imported inside the functions: ingest() imports them
# while its background thread reads the first export (see reading.prefetch), and
# `digianalys --help` never pays for them.

__all__ = ["IngestResult", "ingest", "WAVE", "OUTPUT_FILES", "sha256_file"]

WAVE = "wave"
OUTPUT_FILES = (DATA_FILE, CODEBOOK_FILE, REPORT_JSON, REPORT_MD, DONT_KNOW_FILE)


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


def _read_parts(
    inputs: list[Path],
    *,
    sheet: str | None,
    layout: str,
    waves: list[str] | None,
) -> list[Part]:
    from .layouts import detect_layout
    from .own_output import refuse_result_table
    from .pii import detect_pii
    from .reading import read_export

    parts = []
    for k, path in enumerate(inputs):
        raw = read_export(path, sheet=sheet)
        refuse_result_table(raw)
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
        lay, n_dup = drop_duplicates(lay)
        parts.append(
            Part(
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
    warnings: list[Msg],
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
                notice(
                    "ingest_codebook_pii", name=v.name, source=v.source, kind=pii_sources[v.source]
                )
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
        warnings.append(notice("ingest_left_out", n=len(left_out), columns=shown))
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

    with speed.ingest_call() as refreeze:
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

    warnings: list[Msg] = []
    # The exports are read in a background thread (fastexcel parses without holding the GIL)
    # while this thread imports pandas and the pipeline built on it.
    with prefetch(paths, sheet=sheet):
        from .pii import report_header

        _import_pipeline()
        refreeze()
        hashes = hash_inputs(paths)  # also while the thread reads
        # inference, personal-data detection and cleaning share one factorisation per column
        with speed.shared_cache():
            parts = _read_parts(paths, sheet=sheet, layout=layout, waves=waves)
            for part in parts:
                warnings.extend(
                    notice("ingest_in_file", file=part.path.name, message=w)
                    for w in getattr(part.raw, "warnings", [])
                )
            combined, row_waves, partial = union(parts)

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
                    warnings.append(notice("ingest_pii_kept", n=len(pii_sources)))
                kept_pii = dict(pii_sources)
                pii_sources = {}
                pii_report = []
            else:
                kept_pii = {}
            keep = {c.source for c in combined.columns if c.source not in pii_sources}
            for src, have in partial.items():
                if src in keep:
                    warnings.append(notice("ingest_wave_only", column=src, waves=", ".join(have)))
            typed_layout = subset(combined, keep)
            masked_cells: dict[int, tuple[Any, Any, Any]] = {}
            if not keep_pii:
                typed_layout, masked_cells = mask_cells(typed_layout)

            from .cleaning import apply_variables
            from .infer import infer_variables

            if user_cb is not None:
                where = ", ".join(p.name for p in paths)
                assert codebook is not None
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
                typed_layout, pii_cells = restore_masked_text(
                    typed_layout, combined, variables, masked_cells, pii_sources
                )
            if id_source is not None:
                for inf in variables:
                    if inf.variable.source == id_source:
                        inf.variable.type = "id"
                        inf.variable.values = None
                        inf.variable.levels = None
            if user_cb is None:
                from .spss import spss_metadata

                spss_metadata([p.raw for p in parts], variables)
            if user_cb is None:
                from .metadata import mark_metadata

                mark_metadata(variables)
            data, log = apply_variables(typed_layout, variables)
            dont_know = dont_know_cells(typed_layout.data, variables, data)
            from .metadata import preview_notice

            preview = preview_notice(data, variables)
            if preview is not None:
                warnings.append(preview)
            if pii_cells:
                n_cells = sum(p["cells"] for p in pii_cells)
                warnings.append(notice("ingest_pii_masked", n=n_cells, columns=len(pii_cells)))
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
    report = build_report(
        parts, data, cb, log, pii_report, warnings, kept_pii, hashes, user_cb is not None
    )
    report["pii_masked"] = pii_cells
    report["codebook_file"] = cb_file
    files = _write(out, data, cb, report, cb_file) + write_dont_know(out, dont_know)
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
) -> list[Msg]:
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
        if v.source in kept_pii:  # values of personal-data columns are not repeated
            warnings.append(
                notice("ingest_unlisted_levels_hidden", name=v.name, n=n, values=len(unlisted))
            )
            continue
        examples = ", ".join(f"'{k}' ({c})" for k, c in list(unlisted.items())[:10])
        warnings.append(
            notice(
                "ingest_unlisted_levels",
                name=v.name,
                n=n,
                values=len(unlisted),
                examples=examples,
            )
        )
    return warnings


def _codebook_target(
    out: Path, codebook: Path | str | None, cb: Codebook, warnings: list[Msg]
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
    warnings.append(
        notice("ingest_codebook_kept", codebook=CODEBOOK_FILE, completed=COMPLETED_CODEBOOK_FILE)
    )
    return COMPLETED_CODEBOOK_FILE


def _write(
    out: Path,
    data: pd.DataFrame,
    cb: Codebook,
    report: dict[str, Any],
    cb_file: str = CODEBOOK_FILE,
) -> list[Path]:
    from ..atomic import atomic_path, write_text

    out.mkdir(parents=True, exist_ok=True)

    def write_parquet() -> None:
        with atomic_path(out / DATA_FILE) as tmp:
            data.to_parquet(tmp, index=False)

    # pyarrow encodes Parquet without holding the GIL: render the text files meanwhile, and
    # write them once data.parquet is in place (a failed write leaves the old files alone).
    with speed.in_background(write_parquet) as parquet:
        texts = {
            cb_file: cb.to_yaml(),
            REPORT_JSON: report_json(report),
            REPORT_MD: report_markdown(report),
        }
        parquet.result()  # raises what the write raised
    for name, text in texts.items():
        write_text(out / name, text)
    if cb_file == CODEBOOK_FILE:
        from ..dataset import COMPLETED_CODEBOOK_FILE

        (out / COMPLETED_CODEBOOK_FILE).unlink(missing_ok=True)  # an older edit loop's
    return [out / f for f in (DATA_FILE, cb_file, REPORT_JSON, REPORT_MD)]
