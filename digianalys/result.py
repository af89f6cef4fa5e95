"""The result of an analysis command: named tidy tables plus notes.

Every output format (terminal, csv, xlsx, md, html, tex, json) is one renderer over a Result.
Numbers in tables are never rounded; rounding is a display concern (see ``render``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .output.i18n import Msg


@dataclass
class Result:
    """Tables of one analysis.

    ``tables`` maps a table name (also the xlsx sheet name) to a tidy DataFrame whose columns are
    the contract's snake_case names; the first table is the main one. ``notes`` are remarks for
    readers (suppressed cells, fallbacks, warnings). ``methods`` are sentences for the report's
    methods paragraph, naming each test and correction that actually ran.
    """

    kind: str
    tables: dict[str, pd.DataFrame]
    title: str = ""
    notes: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def main(self) -> pd.DataFrame:
        return next(iter(self.tables.values()))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: {kind, title, tables: {name: [records]}, notes, methods, meta}.

        NaN/inf become null; numpy scalars become Python numbers. ``--format json`` prints exactly this.
        """
        return {
            "kind": self.kind,
            "title": self.title,
            "tables": {name: table_records(df) for name, df in self.tables.items()},
            "notes": list(self.notes),
            "methods": list(self.methods),
            "meta": _clean(self.meta),
        }


def from_rows(rows: list[dict[str, Any]], columns: list[str] | None = None) -> pd.DataFrame:
    """A result table from row dicts whose message cells stay :class:`Msg` objects.

    pandas stores a column of strings as its string dtype, which keeps only the text; a column
    holding any message is therefore stored with object dtype, so that renderers can show each
    message in the reader's language (CSV and JSON still see the English text).
    """
    df = pd.DataFrame(rows, columns=columns)
    for col in df.columns:
        values = [row.get(col) for row in rows]
        if any(isinstance(v, Msg) for v in values):
            df[col] = pd.Series(values, index=df.index, dtype=object)
    return df


def table_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def _clean(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return None if math.isnan(f) or math.isinf(f) else f
    if isinstance(v, (pd.Timestamp,)):
        return v.isoformat()
    return v
