"""Arrow tables of text cells: blanks made null, blank edges trimmed, turned into the pandas
frame of a :class:`~digianalys.ingest.reading.RawSheet`. Shared by the workbook and CSV readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

__all__ = ["row_has_data", "trim_table", "to_frame"]


def row_has_data(table: pa.Table) -> Any:
    """Per row of ``table`` (at least one column), whether any cell is non-null (Arrow bools)."""
    import pyarrow.compute as pc

    any_valid = pc.is_valid(table.column(0))
    for col in table.columns[1:]:
        any_valid = pc.or_(any_valid, pc.is_valid(col))
    return any_valid


def _blank_to_null(table: pa.Table) -> pa.Table:
    """Cast every column to string and turn blank/whitespace-only cells into nulls."""
    import pyarrow as pa
    import pyarrow.compute as pc

    cols = []
    for col in table.columns:
        col = col.cast(pa.string()) if col.type != pa.string() else col
        blank = pc.equal(pc.utf8_trim_whitespace(col), "")
        cols.append(pc.if_else(blank, pa.scalar(None, pa.string()), col))
    return pa.table(cols, names=[str(i) for i in range(len(cols))])


def trim_table(table: pa.Table, *, blanks_done: bool = False) -> tuple[pa.Table, dict[str, int]]:
    """Blank → null; drop leading and trailing fully blank rows, trailing blank columns;
    ``-0`` → ``0``.

    ``blanks_done``: the reader already turned whitespace-only cells into nulls (fastexcel's
    ``whitespace_as_null``), so only the column types are unified.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if blanks_done:
        cols = [c.cast(pa.string()) if c.type != pa.string() else c for c in table.columns]
        table = pa.table(cols, names=[str(i) for i in range(len(cols))])
    else:
        table = _blank_to_null(table)
    keep = [i for i, col in enumerate(table.columns) if col.null_count < len(col)]
    n_cols = keep[-1] + 1 if keep else 0
    dropped = {"blank_columns_dropped": table.num_columns - n_cols}
    table = table.select(list(range(n_cols)))
    n_rows = first = 0
    if n_cols:
        idx = pc.indices_nonzero(row_has_data(table))
        if len(idx):
            first, n_rows = idx[0].as_py(), idx[-1].as_py() + 1
    dropped["blank_rows_dropped"] = table.num_rows - n_rows
    if first:
        # blank rows above the header (a CSV from Excel with ';;;' lines on top)
        dropped["blank_rows_above"] = first
    table = table.slice(first, n_rows - first)
    cols = list(table.columns)
    for i, col in enumerate(cols):
        negative_zero = pc.equal(col, "-0")
        if pc.any(negative_zero).as_py():
            cols[i] = pc.if_else(negative_zero, pa.scalar("0"), col)
    return pa.table(cols, names=table.column_names), dropped


def to_frame(table: pa.Table) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa

    dtype = pd.StringDtype("pyarrow")
    df = table.to_pandas(types_mapper={pa.string(): dtype, pa.large_string(): dtype}.get)
    df.columns = pd.RangeIndex(df.shape[1])
    if df.shape[1] == 0:
        df = pd.DataFrame(index=pd.RangeIndex(len(df)))
    return df
