"""The inputs combined into one table of raw columns, before inference.

Exact duplicate responses dropped (:func:`duplicated_rows`), the waves' columns matched by
header and their rows stacked (:func:`union`), the columns kept (:func:`subset`), and cells
holding personal data masked before inference and given back to free text after it
(:func:`mask_cells`, :func:`restore_masked_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from .layouts import Column, Layout

__all__ = [
    "Part",
    "drop_duplicates",
    "duplicated_rows",
    "union",
    "subset",
    "mask_cells",
    "restore_masked_text",
]


def drop_duplicates(layout: Layout) -> tuple[Layout, int]:
    """Drop responses identical in every cell (the round-trip row-number column aside)."""
    cols = [c.index for c in layout.columns if c.index != layout.row_id]
    dup = duplicated_rows(layout.data, cols)
    n = int(dup.sum())
    if n:
        layout.data = layout.data.loc[~dup].reset_index(drop=True)
    return layout, n


def duplicated_rows(data: pd.DataFrame, cols: list[Any]) -> np.ndarray:
    """Rows identical in every column of ``cols`` to an earlier row (blank equals blank).

    Works on each column's exact cell codes (shared with type inference, see
    :func:`digianalys.ingest.speed.shared_cache`), combined into one integer key per row; the key
    is re-factorised before it could overflow, so equal keys mean equal rows.
    """
    import numpy as np
    import pandas as pd

    from .distinct_values import cell_codes, encode_columns

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
class Part:
    path: Path
    raw: Any
    layout: Layout
    rows_in: int
    duplicates: int
    pii: list[tuple[Column, str]]
    wave: str | None


def union(parts: list[Part]) -> tuple[Layout, list[str | None], dict[str, list[str]]]:
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


def subset(layout: Layout, keep: set[str]) -> Layout:
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


def mask_cells(layout: Layout) -> tuple[Layout, dict[int, tuple[Any, Any, Any]]]:
    """Make every cell of ``layout`` that holds personal data missing (so that one address in a
    Likert column cannot make it categorical, nor be printed as a level); returns the new
    layout and, per column index, the column with the personal data masked in place (for free
    text), the rows holding personal data and the column with those cells missing."""
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
    return _with_columns(layout, new_cols), masked


def _with_columns(layout: Layout, new: dict[int, Any]) -> Layout:
    """``layout`` with the data columns in ``new`` (index → column) replaced."""
    from .layouts import Layout

    data = layout.data.copy()
    for i, s in new.items():
        data[i] = s
    return Layout(
        name=layout.name,
        header_rows=layout.header_rows,
        columns=layout.columns,
        data=data,
        notes=list(layout.notes),
        row_id=layout.row_id,
    )


def restore_masked_text(
    layout: Layout,
    combined: Layout,
    variables: list[Any],
    masked: dict[int, tuple[Any, Any, Any]],
    pii_sources: dict[str, str],
) -> tuple[Layout, list[dict[str, Any]]]:
    """Free-text columns get their masked text back (other types keep the cells missing), with
    the words of the same row's dropped name columns masked too; returns the layout to clean
    and, per column with masked cells, the header and the count (never a value)."""
    from .pii import NAME_REASONS, mask_names, report_header

    text_cols = {inf.columns[0] for inf in variables if inf.variable.type == "text" and inf.columns}
    name_idx = [
        c.index
        for c in combined.columns
        if c.source in pii_sources and pii_sources[c.source] in NAME_REASONS
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
        layout = _with_columns(layout, changed)
    report = [
        {"header": report_header(layout.column(i)), "column": i + 1, "cells": int(r.sum())}
        for i, r in sorted(rows.items())
        if r.any()
    ]
    return layout, report
