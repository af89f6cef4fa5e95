"""Formulas without a stored result (issue 15.6): the formula's text as the cell's inert value.

A workbook written by a program (an export script, openpyxl) and never opened in a spreadsheet
program holds formulas without results — typically a respondent's comment that starts with
``=`` (``=HYPERLINK("http://…";"klick")``). calamine reads such a cell as blank; the sheet scan
(:func:`digianalys.ingest.sheet_scan.check_sheet`) collects the cells and their formula text,
and :func:`fill_formulas` puts the text into the parsed table, where it stays text: no output
ever writes a cell starting with ``=`` as a formula (:mod:`digianalys.output.render`,
:mod:`digianalys.output.export`). The ingest report names the sheet and the cells and says what
to do when they were calculations. Formulas *with* a stored result are read as their values.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputFileError
from .sheet_scan import MAX_GRID_CELLS, SheetScan, column_letters

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

    from ..output.i18n import Msg

__all__ = ["fill_formulas", "SHOWN_CELLS"]

SHOWN_CELLS = 5  # cells named in the warning (then how many more)


def fill_formulas(
    path: Path, fmt: str, sheet: str, table: pa.Table, rows_above: int, scan: SheetScan
) -> tuple[pa.Table, list[Msg]]:
    """``table`` (the sheet as read, blank rows above it dropped: ``rows_above``) with the text
    of every formula cell of ``scan`` that has none, and the warnings saying so.

    The table is widened or lengthened where such cells lie beyond the cells with values
    (within :data:`~digianalys.ingest.sheet_scan.MAX_GRID_CELLS`, as for values)."""
    import pyarrow as pa

    from .notices import notice

    if not scan.formula_count:
        return table, []
    top, left = _origin(path, fmt, sheet)
    top += rows_above
    fills: dict[int, dict[int, str]] = {}
    for row, col, text in scan.formula_cells:
        if row and col and text:
            fills.setdefault(col - 1 - left, {})[row - 1 - top] = text
    rows = [r for by_row in fills.values() for r in by_row]
    pad_top = max([0, *(-r for r in rows)])
    pad_left = max([0, *(-c for c in fills)])
    n_rows = max([table.num_rows + pad_top, *(r + pad_top + 1 for r in rows)])
    n_cols = max([table.num_columns + pad_left, *(c + pad_left + 1 for c in fills)])
    if n_rows * n_cols > MAX_GRID_CELLS:
        raise InputFileError(
            f"{path.name}, sheet '{sheet}': formulas reach row {top + n_rows - pad_top} and "
            f"column {column_letters(left + n_cols - pad_left)} ({n_rows * n_cols:,} cells to "
            "allocate): delete the rows and columns beyond your data and save again"
        )
    columns = []
    for j in range(n_cols):
        k = j - pad_left
        base = table.column(k) if 0 <= k < table.num_columns else None
        if k not in fills and pad_top == 0 and base is not None and n_rows == table.num_rows:
            columns.append(base)
            continue
        values: list[str | None] = [None] * pad_top
        values += base.to_pylist() if base is not None else [None] * table.num_rows
        values += [None] * (n_rows - len(values))
        for r, text in fills.get(k, {}).items():
            if values[r + pad_top] is None:
                values[r + pad_top] = text
        columns.append(pa.array(values, type=pa.string()))
    filled = pa.table(columns, names=[str(i) for i in range(n_cols)])
    refs = [
        f"{column_letters(col)}{row}" if row and col else "?"
        for row, col, _ in sorted(scan.formula_cells)[:SHOWN_CELLS]
    ]
    more = scan.formula_count - len(refs)
    cells = ", ".join(refs)
    warnings = [
        notice("ingest_formulas_as_text", sheet=sheet, n=scan.formula_count, cells=cells)
        if not more
        else notice(
            "ingest_formulas_as_text_more",
            sheet=sheet,
            n=scan.formula_count,
            cells=cells,
            more=more,
        )
    ]
    placed = sum(len(by_row) for by_row in fills.values())
    if placed < scan.formula_count:
        warnings.append(notice("ingest_formulas_blank", sheet=sheet, n=scan.formula_count - placed))
    return filled, warnings


def _origin(path: Path, fmt: str, sheet: str) -> tuple[int, int]:
    """The sheet row and column (0-based) of the first cell of the table calamine reads: the
    top-left corner of the cells with values."""
    import python_calamine

    if path.suffix.lower() != f".{fmt}":
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    else:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
    start = wb.get_sheet_by_name(sheet).start
    return (int(start[0]), int(start[1])) if start else (0, 0)
