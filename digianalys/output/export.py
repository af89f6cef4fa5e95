"""``digianalys export DIR -o FILE``: the tidy dataset for SPSS, Stata or a spreadsheet.

=========  ==================================================================================
format     what is written (pyreadstat for .sav/.dta)
=========  ==================================================================================
``.sav``   SPSS: variable labels from the codebook; ordinal/binary/multi codes with their value
           labels; categorical variables as codes 1..k with the level names as value labels;
           measurement levels (ordinal, nominal, scale); text and ids as strings
``.dta``   Stata: the same labels and value labels (Stata labels whole numbers only); names
           longer than Stata allows (32 characters, less the digits pyreadstat adds to name a
           value-label set) are cut (unique: ``…_2``)
``.csv``   UTF-8 with BOM, comma separated: one header row of names, answers as their labels
           (what a reader of the survey saw), numbers unchanged; a second file
           ``<stem>.codebook.csv`` with name, label, type and value labels
=========  ==================================================================================

Don't-know answers are missing values in the dataset (``data.parquet``), so that analyses treat
them as missing; which cell was a don't-know, and which one, is kept beside it
(``dont_know.parquet``, :mod:`digianalys.ingest.dont_know_cells`). ``.sav`` writes each
don't-know label of a numeric-coded variable as a user-missing code (99, 98 … or, when the
variable uses those, 999, 998 …; SPSS "missing values", discrete or one range for more than
three) with the label as its value label; ``.dta`` as Stata's extended missing values ``.a``,
``.b`` … with their value labels. Read back with ``user_missing=True`` (or ingested again) they
are don't-know answers with the same counts. ``.csv`` leaves them blank (the codebook file lists
the counts). Dates and free text have no don't-know codes. Personal data never reaches an
export: ingest dropped it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..atomic import atomic_path
from ..dataset import Dataset, as_dataset
from ..errors import OutputError
from ..ingest.dont_know_cells import read_dont_know

FORMATS = (".sav", ".dta", ".csv")
#: the first user-missing code tried for a variable's don't-know labels (then 1 less each)
_CODE_STARTS = (99, 999, 9999, 99999, -90, -900, -9000)
_MEASURE = {
    "ordinal": "ordinal",
    "binary": "nominal",
    "multi": "nominal",
    "categorical": "nominal",
    "numeric": "scale",
}


def _frames(ds: Dataset) -> tuple[pd.DataFrame, dict[str, str], dict[str, dict[Any, str]], dict]:
    """The data as SPSS/Stata want it: (frame, labels, value labels, measure)."""
    data: dict[str, Any] = {}
    labels: dict[str, str] = {}
    values: dict[str, dict[Any, str]] = {}
    measure: dict[str, str] = {}
    for name in ds.data.columns:
        col = ds.data[name]
        var = ds.codebook.get(name)
        vtype = ds.vtype(name)
        labels[name] = ds.label(name)
        if vtype == "categorical" and not pd.api.types.is_numeric_dtype(col):
            levels = list((var.levels or {}).keys()) if var is not None and var.levels else []
            levels += sorted(set(col.dropna().astype(str)) - set(levels))
            codes = {level: i + 1 for i, level in enumerate(levels)}
            data[name] = col.astype("string").map(codes).astype("float64")
            values[name] = {float(c): str(level) for level, c in codes.items()}
        elif pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            data[name] = pd.to_numeric(col, errors="coerce").astype("float64")
            if var is not None and var.values:
                values[name] = {float(k): str(v) for k, v in var.values.items()}
        elif pd.api.types.is_datetime64_any_dtype(col):
            data[name] = col
        else:
            data[name] = col.astype("string").astype(object).where(col.notna(), None)
        if vtype in _MEASURE and name in data and pd.api.types.is_numeric_dtype(data[name]):
            measure[name] = _MEASURE[vtype]
    return pd.DataFrame(data, index=ds.data.index), labels, values, measure


def _dont_know(ds: Dataset, frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per numeric-coded variable with don't-know answers: label → the rows holding it (labels
    in the codebook's order, then the others)."""
    cells = read_dont_know(ds)
    out: dict[str, dict[str, Any]] = {}
    if cells is None:
        return out
    for name in cells.columns:
        if name not in frame.columns or not pd.api.types.is_float_dtype(frame[name]):
            continue
        col = cells[name]
        var = ds.codebook.get(name)
        order = list((var.missing or {}) if var is not None else {})
        present = set(col.dropna())
        found = [x for x in order if x in present] + sorted(present - set(order))
        by_label = {label: col.index[col.eq(label).fillna(False).to_numpy()] for label in found}
        if by_label:
            out[name] = by_label
    return out


def _stata_names(names: list[str]) -> dict[str, str]:
    """Stata's variable names: unique and short enough that pyreadstat's value-label set
    named after each (the name and a running number) stays within Stata's 32 characters
    (``…_2`` when two are cut alike)."""
    limit = 32 - len(str(len(names)))
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        short, n = name[:limit], 1
        while short in taken:
            n += 1
            short = f"{name[: limit - len(str(n)) - 1]}_{n}"
        taken.add(short)
        out[name] = short
    return out


def _cut_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8 (Stata's limit is in bytes)."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def _codes(values: pd.Series, k: int) -> list[float]:
    """``k`` user-missing codes that no value of the variable uses (99, 98 … if free)."""
    used = set(values.dropna().tolist())
    for start in _CODE_STARTS:
        codes = [float(start - i) for i in range(k)]
        if not used.intersection(codes):
            return codes
    top = max(used) if used else 0.0
    return [float(int(top) + 100 + i) for i in range(k)]


def export(ds: Dataset | str | Path, path: str | Path) -> list[Path]:
    """Write the dataset to ``path`` (.sav, .dta or .csv); return the files written."""
    ds = as_dataset(ds)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        shown = f"'{path.suffix}'" if path.suffix else "no extension"
        raise OutputError(f"{path}: cannot export with {shown}; use one of: {', '.join(FORMATS)}")
    if suffix == ".csv":
        return _csv(ds, path)
    import pyreadstat

    frame, labels, values, measure = _frames(ds)
    dont_know = _dont_know(ds, frame)
    names = list(frame.columns)
    with atomic_path(path) as tmp:
        if suffix == ".sav":
            missing: dict[str, list[Any]] = {}
            for name, by_label in dont_know.items():
                codes = _codes(frame[name], len(by_label))
                for code, (label, rows) in zip(codes, by_label.items(), strict=True):
                    frame.loc[rows, name] = code
                    values.setdefault(name, {})[code] = label
                lo, hi = min(codes), max(codes)
                missing[name] = codes if len(codes) <= 3 else [{"lo": lo, "hi": hi}]
            pyreadstat.write_sav(
                frame,
                str(tmp),
                column_labels=[labels[n] for n in names],
                variable_value_labels={n: v for n, v in values.items()},
                variable_measure=measure,
                missing_ranges=missing,
            )
        else:
            whole: dict[str, dict[Any, str]] = {
                n: {int(k): v for k, v in vals.items()}
                for n, vals in values.items()
                if all(float(k).is_integer() for k in vals)
            }
            letters: dict[str, list[str]] = {}
            for name, by_label in dont_know.items():
                frame[name] = frame[name].astype(object)
                letters[name] = [chr(ord("a") + i) for i in range(min(len(by_label), 26))]
                for letter, (label, rows) in zip(letters[name], by_label.items(), strict=False):
                    frame.loc[rows, name] = letter
                    whole.setdefault(name, {})[letter] = label
            short = _stata_names(names)
            pyreadstat.write_dta(
                frame.rename(columns=short),
                str(tmp),
                column_labels=[_cut_bytes(labels[n], 80) for n in names],
                variable_value_labels={short[n]: v for n, v in whole.items()},
                missing_user_values={short[n]: v for n, v in letters.items()},
            )
    return [path]


def _csv(ds: Dataset, path: Path) -> list[Path]:
    from ..atomic import write_text
    from .formatting import needs_text_guard

    def guard_csv_text(value: Any) -> Any:
        """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
        return "'" + value if isinstance(value, str) and needs_text_guard(value) else value

    out: dict[str, Any] = {}
    rows = []
    for name in ds.data.columns:
        col = ds.data[name]
        var = ds.codebook.get(name)
        if var is not None and var.values and pd.api.types.is_numeric_dtype(col):
            mapping = {k: v for k, v in var.values.items()}
            out[name] = col.map(lambda v, m=mapping: m.get(int(v), v) if pd.notna(v) else None)
        else:
            out[name] = col
        rows.append(
            {
                "name": name,
                "label": ds.label(name),
                "type": ds.vtype(name),
                "values": "; ".join(f"{k} = {v}" for k, v in (var.values or {}).items())
                if var is not None
                else "",
            }
        )
    frame = pd.DataFrame(out).map(guard_csv_text)
    book = pd.DataFrame(rows).map(guard_csv_text)
    write_text(path, "\ufeff" + frame.to_csv(index=False, lineterminator="\n"))
    second = path.with_name(f"{path.stem}.codebook.csv")
    write_text(second, "\ufeff" + book.to_csv(index=False, lineterminator="\n"))
    return [path, second]
