"""The result of reading one export: every cell as text, before any header interpretation
(:class:`RawSheet`, made by :func:`.reading.read_export` and :func:`.spss.read_sav`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported by the reader, after the read-ahead has started
    import pandas as pd

    from ..output.i18n import Msg


@dataclass
class RawSheet:
    """One sheet (or CSV file) as text cells, exactly as found.

    Attributes:
        path: the file read.
        format: ``"xlsx"``, ``"xlsm"``, ``"xlsb"``, ``"xls"``, ``"ods"`` or ``"csv"``.
        sheet: the sheet read (``None`` for CSV).
        sheet_names: all sheets of the workbook (``[]`` for CSV).
        cells: every cell as text; columns ``0..n-1``; dtype ``string`` (pyarrow-backed); blank and
            whitespace-only cells are ``<NA>``; trailing fully blank rows and columns dropped.
            Row ``i`` is the ``i``-th row of the sheet after leading blank rows.
        info: how the file was read. CSV: ``encoding``, ``delimiter``, ``decimal``; workbooks:
            ``sheet_choice`` (``"given"`` or ``"first sheet with data"``), ``hidden``.
        warnings: things the user should know (shown in the ingest report).
    """

    path: Path
    format: str
    sheet: str | None
    sheet_names: list[str]
    cells: pd.DataFrame
    info: dict[str, Any] = field(default_factory=dict)
    warnings: list[Msg] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        """Number of rows in ``cells`` (header rows included)."""
        return len(self.cells)

    @property
    def n_cols(self) -> int:
        """Number of columns in ``cells``."""
        return self.cells.shape[1]
