"""Read a survey export into a grid of text cells, changing nothing.

:func:`read_export` is the only place that opens an input file for its data. It returns a
:class:`RawSheet` whose ``cells`` hold **every** cell of one sheet as text — header rows included,
nothing interpreted — so that layout detection, type inference and cleaning work on one uniform
representation whatever the source format was:

- ``.xlsx``/``.xlsm``/``.xlsb``/``.xls``/``.ods`` are read with fastexcel (Rust calamine, Arrow
  native). Formulas are read as their cached values (an .xlsx formula without one as its text,
  :mod:`digianalys.ingest.formula_cells`); numbers become their shortest text
  (``3.0`` → ``"3"``, ``2995.5`` → ``"2995.5"``), datetimes ``"2021-03-04 12:00:00"``, booleans
  ``"true"``/``"false"``, error cells (``#N/A``) blank.
- ``.csv`` (also ``.tsv``/``.txt``), read by :mod:`digianalys.ingest.csv_reading`: the encoding
  (UTF-8 with or without BOM, UTF-16 with BOM, else cp1252), the delimiter (``;`` ``,`` tab
  ``|``, or an Excel ``sep=`` line) and a decimal comma are detected. Ragged rows are padded.

Before an .xlsx/.xlsm sheet is parsed, :func:`digianalys.ingest.sheet_scan.check_sheet` scans its
XML; :func:`prefetch` reads workbooks ahead in a background thread
(:mod:`digianalys.ingest.speed`).

Before anything is read, :func:`digianalys.ingest.safety.check_input` refuses missing, empty, encrypted,
corrupt and hostile files. The input file is only ever opened for reading.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager as ContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputFileError, suggest
from . import speed
from .arrow_cells import row_has_data, to_frame, trim_table
from .csv_reading import CSV_DELIMITERS, read_csv_table, short_error
from .raw_sheet import RawSheet
from .safety import check_input
from .sheet_scan import SheetScan, check_sheet, find_bad_string_ref

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

    from ..output.i18n import Msg

__all__ = [
    "RawSheet",
    "read_export",
    "list_sheets",
    "prefetch",
    "WORKBOOK_FORMATS",
    "CSV_DELIMITERS",
]

WORKBOOK_FORMATS = ("xlsx", "xlsm", "xlsb", "xls", "ods")


def read_export(path: str | Path, sheet: str | None = None) -> RawSheet:
    """Read one export file into a :class:`RawSheet` of text cells.

    Args:
        path: an .xlsx, .xlsm, .xlsb, .xls, .ods, .csv (.tsv, .txt) or SPSS .sav file.
        sheet: the sheet to read (workbooks only); by default the first sheet with a header
            and at least one more row (visible sheets first; a one-row title or info sheet in
            front of the responses is skipped with a warning).

    Raises:
        InputFileError: the file is missing, empty, not a spreadsheet, encrypted, corrupt or
            hostile (see :mod:`digianalys.ingest.safety`); the sheet does not exist or has no cells.
    """
    path = Path(path)
    ahead = speed.take_read_ahead(path, sheet)
    if isinstance(ahead, _WorkbookRead):
        return ahead.raw_sheet()
    fmt = check_input(path)
    if fmt == "sav":
        from .spss import read_sav

        return read_sav(path)
    if fmt == "csv":
        table, info = read_csv_table(path)
        raw = RawSheet(path, "csv", None, [], to_frame(table), info)
        if sheet is not None:
            from .notices import notice

            raw.warnings.append(notice("ingest_csv_sheet", sheet=sheet))
        return raw
    return _read_workbook(path, fmt, sheet).raw_sheet()


def list_sheets(path: str | Path) -> list[str]:
    """Names of the sheets of a workbook, in workbook order (``[]`` for a CSV file)."""
    path = Path(path)
    fmt = check_input(path)
    if fmt == "csv":
        return []
    return list(_open_workbook(path, fmt).sheet_names)


# --------------------------------------------------------------------------- workbooks


def _open_workbook(path: Path, fmt: str | None = None) -> Any:
    import fastexcel

    # calamine picks its parser from the extension; give it the bytes when the name misleads.
    source: Path | bytes = path
    if fmt is not None and path.suffix.lower() != f".{fmt}":
        source = path.read_bytes()
    try:
        return fastexcel.read_excel(source)
    except fastexcel.FastExcelError as exc:
        raise InputFileError(
            f"{path.name} cannot be read as a workbook ({short_error(exc)}): "
            "open it in Excel or LibreOffice and save it again as .xlsx"
        ) from None
    except BaseException as exc:
        _reraise_panic(exc, path)
        raise


def _reraise_panic(exc: BaseException, path: Path, sheet: str | None = None) -> None:
    """Turn a panic of the Rust reader (pyo3's PanicException derives from BaseException)
    into an InputFileError saying the file is damaged; leave anything else alone."""
    if type(exc).__name__ != "PanicException":
        return
    where = f"{path.name}, sheet '{sheet}'" if sheet is not None else path.name
    raise InputFileError(
        f"{where}: the file is damaged (the spreadsheet reader stopped on inconsistent "
        "contents): open it in Excel or LibreOffice and save it again as .xlsx"
    ) from None


def _load(reader: Any, path: Path, name: str) -> pa.Table:
    """Load one sheet as a table of text (whitespace-only cells null).

    Eager loading (straight to an Arrow record batch) skips fastexcel's intermediate sheet
    object, which is about a third faster on large sheets.
    """
    import fastexcel

    try:
        batch = reader.load_sheet(
            name,
            header_row=None,
            dtypes="string",
            whitespace_as_null=True,
            skip_whitespace_tail_rows=True,
            eager=True,
        )
    except fastexcel.FastExcelError as exc:
        if "string index" in str(exc):
            cell = find_bad_string_ref(path, name)
            if cell is not None:
                raise InputFileError(
                    f"{path.name}, sheet '{name}', cell {cell}: the cell refers to a shared "
                    "string that does not exist (damaged file): open it in Excel and save it "
                    "again as .xlsx"
                ) from None
        raise InputFileError(
            f"{path.name}, sheet '{name}': cannot be read ({short_error(exc)}): "
            "open it in Excel and save it again as .xlsx"
        ) from None
    except BaseException as exc:
        _reraise_panic(exc, path, name)
        raise
    import pyarrow as pa  # after the parse: see prefetch()

    return pa.Table.from_batches([batch]) if batch.num_columns else pa.table({})


def _visibility(path: Path, fmt: str) -> dict[str, bool]:
    """Whether each sheet is visible, from the workbook's metadata (nothing is loaded).

    Read with python-calamine, which exposes sheet visibility without parsing any sheet; a
    workbook it cannot open counts every sheet as visible (fastexcel will report the damage).
    """
    import python_calamine

    try:
        if path.suffix.lower() != f".{fmt}":
            wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        else:
            wb = python_calamine.CalamineWorkbook.from_path(str(path))
        visible = python_calamine.SheetVisibleEnum.Visible
        return {m.name: m.visible == visible for m in wb.sheets_metadata}
    except BaseException as exc:  # noqa: BLE001 - visibility is advisory; errors surface later
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return {}


def _has_data(table: pa.Table) -> bool:
    return any(col.null_count < len(col) for col in table.columns)


def _list_names(names: list[str], limit: int = 10) -> str:
    """'a', 'b', 'c' — at most ``limit`` names, then how many more (a workbook may hold
    thousands of sheets; a message stays one readable line)."""
    listed = ", ".join(f"'{n}'" for n in names[:limit])
    return listed + (f" and {len(names) - limit:,} more" if len(names) > limit else "")


def _resolve_sheet(path: Path, names: list[str], sheet: str) -> str:
    """The workbook's sheet called ``sheet`` (exact, else a unique case/space-insensitive match)."""
    if sheet in names:
        return sheet
    folded = [n for n in names if n.strip().casefold() == str(sheet).strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    listed = _list_names(names)
    raise InputFileError(
        f"{path.name} has no sheet '{sheet}'{suggest(sheet, names)}; its sheets are: {listed}"
    )


def _choose_sheet(
    reader: Any,
    path: Path,
    fmt: str,
    names: list[str],
    sheet: str | None,
    on_parse: Callable[[Callable[[], object] | None], None] | None = None,
    scans: dict[str, SheetScan] | None = None,
) -> tuple[str, pa.Table, str]:
    def load(name: str) -> pa.Table:
        formulas: Callable[[], object] | None = None
        if fmt in ("xlsx", "xlsm"):
            # Before calamine sees the sheet: stray far-away cells (calamine would allocate the
            # whole grid up to them and abort the process); the formulas without results (read
            # as blank) are collected into ``scans``. With on_parse, the formula scan is
            # handed to it to run meanwhile.
            scan = check_sheet(path, name, formulas=on_parse is None)
            if on_parse is None and scan is not None and scans is not None:
                scans[name] = scan
            if on_parse is not None:
                formulas = functools.partial(_formula_scan, path, name, scans)
        elif fmt == "ods" and scans is not None:
            from .ods_checks import ods_formula_scan

            found = ods_formula_scan(path, name)
            if found is not None:
                scans[name] = found
        if on_parse is not None:
            on_parse(formulas)
        return _load(reader, path, name)

    if sheet is not None:
        table = load(sheet)
        if not _has_data(table):
            others = _list_names([n for n in names if n != sheet])
            hint = f"choose another with --sheet ({others})" if others else "check the file"
            raise InputFileError(f"{path.name}, sheet '{sheet}': the sheet is blank; {hint}")
        return sheet, table, "given"
    # Preference: a visible sheet with a header and at least one response (two non-blank rows),
    # then a hidden one; a sheet with a single row (a title or info sheet in front of the
    # responses) only when no sheet has more.
    fallback: dict[str, tuple[str, pa.Table]] = {}
    visibility = _visibility(path, fmt)
    for name in names:
        table = load(name)
        if not _has_data(table):
            continue
        visible = visibility.get(name, True)
        if _nonblank_rows(table) >= 2:
            if visible:
                skipped = "one row" in fallback
                choice = "first sheet with responses" if skipped else "first sheet with data"
                return name, table, choice
            fallback.setdefault("hidden", (name, table))
        else:
            fallback.setdefault("one row" if visible else "hidden, one row", (name, table))
    for kind, label in (
        ("hidden", "first sheet with data (hidden)"),
        ("one row", "first sheet with data"),
        ("hidden, one row", "first sheet with data (hidden)"),
    ):
        if kind in fallback:
            return fallback[kind][0], fallback[kind][1], label
    raise InputFileError(f"{path.name}: every sheet is blank; check that you chose the right file")


def _formula_scan(path: Path, name: str, scans: dict[str, SheetScan] | None) -> None:
    """The formula half of the sheet scan, its findings kept in ``scans``."""
    scan = check_sheet(path, name, extent=False)
    if scan is not None and scans is not None:
        scans[name] = scan


def _nonblank_rows(table: pa.Table) -> int:
    """How many rows of ``table`` hold at least one non-blank cell."""
    import pyarrow.compute as pc

    if not table.num_columns:
        return 0
    return int(pc.sum(row_has_data(table)).as_py() or 0)


@dataclass
class _WorkbookRead:
    """A workbook sheet read as Arrow text columns (no pandas), ready for :class:`RawSheet`."""

    path: Path
    format: str
    sheet: str
    sheet_names: list[str]
    table: pa.Table
    info: dict[str, Any]
    warnings: list[Msg]
    # the sheet scans' findings by sheet (filled in the caller's thread while a read ahead
    # parses: complete once the read is handed over, when raw_sheet is called)
    scans: dict[str, SheetScan]

    def raw_sheet(self) -> RawSheet:
        table, warnings = self.table, list(self.warnings)
        scan = self.scans.get(self.sheet)
        if scan is not None and scan.formula_count:
            from .formula_cells import fill_formulas

            rows_above = int(self.info.get("blank_rows_above", 0))
            table, found = fill_formulas(
                self.path, self.format, self.sheet, table, rows_above, scan
            )
            warnings += found
            self.info["rows"] = table.num_rows
        return RawSheet(
            path=self.path,
            format=self.format,
            sheet=self.sheet,
            sheet_names=self.sheet_names,
            cells=to_frame(table),
            info=self.info,
            warnings=warnings,
        )


def _read_workbook(
    path: Path,
    fmt: str,
    sheet: str | None,
    on_parse: Callable[[Callable[[], object] | None], None] | None = None,
) -> _WorkbookRead:
    """Read a workbook's sheet.

    ``on_parse`` is called each time fastexcel is about to parse a sheet (the checks that
    must come first are done), with the sheet's remaining check (the formula scan), which the
    caller must run before using the result; None when there is none."""
    reader = _open_workbook(path, fmt)
    names: list[str] = list(reader.sheet_names)
    if not names:
        raise InputFileError(f"{path.name} has no sheets: check that it is a survey export")
    if sheet is not None:
        sheet = _resolve_sheet(path, names, sheet)
    scans: dict[str, SheetScan] = {}
    name, table, choice = _choose_sheet(reader, path, fmt, names, sheet, on_parse, scans)
    table, dropped = trim_table(table, blanks_done=True)
    from .notices import notice  # (the message catalogue: not before the read starts)

    warnings: list[Msg] = []
    if choice.endswith("(hidden)"):
        warnings.append(notice("ingest_hidden_sheet", sheet=name))
    elif choice == "first sheet with responses":
        before = _list_names(names[: names.index(name)], 5)
        warnings.append(notice("ingest_sheets_skipped", sheet=name, before=before))
    info: dict[str, Any] = {"sheet_choice": choice, "rows": table.num_rows}
    info.update(dropped)
    return _WorkbookRead(path, fmt, name, names, table, info, warnings, scans)


# --------------------------------------------------------------------------- reading ahead


def prefetch(paths: Sequence[str | Path], sheet: str | None = None) -> ContextManager[None]:
    """Within the block, :func:`read_export` of ``paths`` (with this ``sheet``) returns what a
    background thread started reading on entry (see :func:`digianalys.ingest.speed.read_ahead`);
    leaving the block waits for the thread.

    The result is the same as reading in the calling thread, errors included; only the order
    of work changes. CSV files are not read ahead. The read ahead belongs to the calling
    thread; a nested block adds nothing; on the plain path nothing is read ahead.
    """
    return speed.read_ahead(paths, sheet, functools.partial(_read_ahead, sheet=sheet), _prepare)


def _prepare() -> None:
    """What the read-ahead thread needs before it parses. pyarrow (~0.1 s), needed once the
    parse is done, is left to the caller's imports (pandas imports it) during the parse."""
    import fastexcel  # noqa: F401
    import python_calamine  # noqa: F401
    from defusedxml import ElementTree  # noqa: F401


def _read_ahead(
    path: Path,
    on_parse: Callable[[Callable[[], object] | None], None],
    sheet: str | None,
) -> _WorkbookRead | None:
    fmt = check_input(path)
    return None if fmt in ("csv", "sav") else _read_workbook(path, fmt, sheet, on_parse)
