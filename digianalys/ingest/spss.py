"""SPSS ``.sav``/``.zsav`` files as text cells, so that they go through ingest like an export.

pyreadstat reads the file (``user_missing=True`` so that user-missing codes stay visible). The
sheet gets one header row of SPSS variable names (so codebook names follow them); the variable
labels are kept in ``info["labels"]`` (ingest uses them as the codebook labels). Each value is
written as its value label when it has one, so that type inference works on the answer texts as
for Excel ("Instämmer helt" … becomes ordinal); numbers without a label are written as numbers,
dates as ISO dates. A user-missing value (SPSS "missing values": discrete codes or a range) is a
don't-know answer: its label is kept when it is a known don't-know spelling ("Vet ej", "Don't
know" …), otherwise it is written as "Don't know" and the report says which codes were read so.
System-missing values are blank.

Limits before anything is read: at most 16,384 variables and 20 million cells (the metadata says
how many), so that a hostile file cannot exhaust memory.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputFileError
from ..output.i18n import Msg
from .likert import is_dont_know
from .raw_sheet import RawSheet

FORMATS = (".sav", ".zsav")
MAX_COLUMNS = 16_384
MAX_CELLS = 20_000_000
#: What a user-missing value whose label is no don't-know spelling is written as.
DONT_KNOW_TEXT = "Don't know"


def _text(value: Any) -> str | None:
    """A value as the text a spreadsheet export would hold."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _label_of(labels: dict[Any, str], value: Any) -> str | None:
    if value in labels:
        return labels[value]
    if isinstance(value, float) and value.is_integer() and int(value) in labels:
        return labels[int(value)]
    return None


def _is_user_missing(value: Any, ranges: list[dict[str, Any]], discrete: set[Any]) -> bool:
    if value in discrete:
        return True
    if not isinstance(value, int | float) or (isinstance(value, float) and math.isnan(value)):
        return False
    return any(r["lo"] <= value <= r["hi"] for r in ranges)


def read_sav(path: str | Path) -> RawSheet:
    """Read an SPSS file into a :class:`~.reading.RawSheet` (see the module docstring)."""
    import pyreadstat

    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    try:
        _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    except Exception as exc:  # pyreadstat raises its own ReadstatError / PyreadstatError
        raise InputFileError(
            f"{path}: not a readable SPSS file ({type(exc).__name__}: {exc}); "
            "save it again from SPSS or export it as .xlsx"
        ) from None
    n_cols, n_rows = int(meta.number_columns or 0), int(meta.number_rows or 0)
    if n_cols > MAX_COLUMNS:
        raise InputFileError(
            f"{path}: {n_cols} variables; at most {MAX_COLUMNS} can be read (keep the "
            "variables you need in SPSS and save again)"
        )
    if n_cols * max(n_rows, 0) > MAX_CELLS:
        raise InputFileError(
            f"{path}: {n_rows} cases × {n_cols} variables is more than {MAX_CELLS:,} cells; "
            "split the file or keep the variables you need"
        )
    try:
        df, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except Exception as exc:
        raise InputFileError(
            f"{path}: not a readable SPSS file ({type(exc).__name__}: {exc})"
        ) from None
    names = list(df.columns)
    value_labels: dict[str, dict[Any, str]] = dict(meta.variable_value_labels or {})
    ranges: dict[str, Any] = dict(meta.missing_ranges or {})
    discrete: dict[str, set[Any]] = {
        k: set(v) for k, v in (getattr(meta, "missing_user_values", None) or {}).items()
    }
    columns: dict[int, list[str | None]] = {}
    warnings: list[Msg] = []
    user_missing: dict[str, dict[str, int]] = {}
    for i, name in enumerate(names):
        labels = value_labels.get(name, {})
        miss_ranges, miss_values = ranges.get(name, []), discrete.get(name, set())
        cells: list[str | None] = [name]
        read_as: dict[str, int] = {}
        for value in df[name].tolist():
            label = _label_of(labels, value)
            if (miss_ranges or miss_values) and _is_user_missing(value, miss_ranges, miss_values):
                shown = label if label is not None and is_dont_know(label) else DONT_KNOW_TEXT
                key = f"{_text(value)}" + (f" ({label})" if label else "")
                read_as[key] = read_as.get(key, 0) + 1
                cells.append(shown)
            else:
                cells.append(label if label is not None else _text(value))
        if read_as:
            user_missing[name] = read_as
            warnings.append(
                Msg(
                    "spss_user_missing",
                    column=name,
                    codes=", ".join(sorted(read_as)),
                    n=sum(read_as.values()),
                )
            )
        columns[i] = cells
    cells_df = pd.DataFrame(columns, dtype="string")
    labels_of = {
        n: str(lab).strip()
        for n, lab in zip(names, meta.column_labels or [None] * len(names), strict=False)
        if lab and str(lab).strip()
    }
    return RawSheet(
        path=path,
        format="sav",
        sheet=None,
        sheet_names=[],
        cells=cells_df,
        info={
            "labels": labels_of,
            "measure": dict(meta.variable_measure or {}),
            "value_labels": {
                n: {(int(k) if float(k).is_integer() else k): str(v) for k, v in labs.items()}
                for n, labs in value_labels.items()
                if all(isinstance(k, int | float) for k in labs)
            },
            "user_missing": user_missing,
            "encoding": meta.file_encoding,
        },
        warnings=warnings,
    )


def spss_metadata(raws: list[RawSheet], variables: list[Any]) -> None:
    """SPSS files (:mod:`.spss`): the variable labels become the labels, and an ordinal
    variable (SPSS measure "ordinal") keeps SPSS's codes and value labels rather than a scale
    inferred from the label texts."""
    labels: dict[str, str] = {}
    measures: dict[str, str] = {}
    value_labels: dict[str, dict[Any, str]] = {}
    missing: dict[str, set[str]] = {}
    for raw in raws:
        info = raw.info
        labels.update(info.get("labels", {}))
        measures.update(info.get("measure", {}))
        value_labels.update(info.get("value_labels", {}))
        for name, codes in info.get("user_missing", {}).items():
            missing.setdefault(name, set()).update(c.split(" ", 1)[0] for c in codes)
    if not (labels or measures):
        return
    for inf in variables:
        var = inf.variable
        src = var.source
        if src in labels and var.type != "multi":
            var.label = labels[src]
        vals = value_labels.get(src)
        if measures.get(src) == "ordinal" and vals and var.type in ("ordinal", "categorical"):
            keep = {
                int(k): v
                for k, v in sorted(vals.items())
                if float(k).is_integer() and str(int(k)) not in missing.get(src, set())
            }
            if len(keep) >= 2:
                var.type = "ordinal"
                var.values = keep
                var.levels = None
                var.scale = None
