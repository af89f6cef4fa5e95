"""``digianalys export DIR -o FILE``: the tidy dataset for SPSS, Stata or a spreadsheet.

=========  ==================================================================================
format     what is written (pyreadstat for .sav/.dta)
=========  ==================================================================================
``.sav``   SPSS: variable labels from the codebook; ordinal/binary/multi codes with their value
           labels; categorical variables as codes 1..k with the level names as value labels;
           measurement levels (ordinal, nominal, scale); text and ids as strings
``.dta``   Stata: the same labels and value labels (Stata labels whole numbers only)
``.csv``   UTF-8 with BOM, comma separated: one header row of names, answers as their labels
           (what a reader of the survey saw), numbers unchanged; a second file
           ``<stem>.codebook.csv`` with name, label, type and value labels
=========  ==================================================================================

Don't-know answers are missing values in the dataset (their number per variable is in the
codebook), so they are exported as missing; the dataset does not keep which missing answer was a
don't-know, so no user-missing code can be written for it. Personal data never reaches an export:
ingest dropped it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..atomic import atomic_path
from ..dataset import Dataset, as_dataset
from ..errors import OutputError

FORMATS = (".sav", ".dta", ".csv")
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
    names = list(frame.columns)
    with atomic_path(path) as tmp:
        if suffix == ".sav":
            pyreadstat.write_sav(
                frame,
                str(tmp),
                column_labels=[labels[n] for n in names],
                variable_value_labels={n: v for n, v in values.items()},
                variable_measure=measure,
            )
        else:
            whole: dict[str, dict[int | float, str]] = {
                n: {int(k): v for k, v in vals.items()}
                for n, vals in values.items()
                if all(float(k).is_integer() for k in vals)
            }
            pyreadstat.write_dta(
                frame,
                str(tmp),
                column_labels=[labels[n][:80] for n in names],
                variable_value_labels=whole,
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
