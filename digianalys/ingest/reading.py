"""Read a survey export into a grid of text cells, changing nothing.

:func:`read_export` is the only place that opens an input file for its data. It returns a
:class:`RawSheet` whose ``cells`` hold **every** cell of one sheet as text — header rows included,
nothing interpreted — so that layout detection, type inference and cleaning work on one uniform
representation whatever the source format was:

- ``.xlsx``/``.xlsm``/``.xlsb``/``.xls``/``.ods`` are read with fastexcel (Rust calamine, Arrow
  native). Formulas are read as their cached values; numbers become their shortest text
  (``3.0`` → ``"3"``, ``2995.5`` → ``"2995.5"``), datetimes ``"2021-03-04 12:00:00"``, booleans
  ``"true"``/``"false"``, error cells (``#N/A``) blank.
- ``.csv`` (also ``.tsv``/``.txt``): the encoding (UTF-8 with or without BOM, UTF-16 with BOM,
  else cp1252), the delimiter (``;`` ``,`` tab ``|``, or an Excel ``sep=`` line) and a decimal comma
  are detected. Ragged rows are padded.

Before anything is read, :func:`digianalys.ingest.safety.check_input` refuses missing, empty, encrypted,
corrupt and hostile files. The input file is only ever opened for reading.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import queue
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputFileError, suggest
from .safety import check_input, check_sheet

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "RawSheet",
    "read_export",
    "list_sheets",
    "prefetch",
    "WORKBOOK_FORMATS",
    "CSV_DELIMITERS",
]

WORKBOOK_FORMATS = ("xlsx", "xlsm", "xlsb", "xls", "ods")
CSV_DELIMITERS = (";", ",", "\t", "|")

# A number written with a decimal comma ("3,5", "-0,25"); the whole (trimmed) cell must match.
_DECIMAL_COMMA = r"^\s*[-+]?[0-9]+,[0-9]+\s*$"
_DECIMAL_DOT = r"^\s*[-+]?[0-9]+\.[0-9]+\s*$"
_SAMPLE_LINES = 200
#: The longest CSV field accepted (characters); longer is refused naming the row.
MAX_FIELD_CHARS = 1 << 20
#: The most columns a sheet or CSV file may have: Excel's own limit (XFD). No survey export
#: comes near it; a wider file is refused before it is parsed.
MAX_COLUMNS = 16_384


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
    warnings: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        """Number of rows in ``cells`` (header rows included)."""
        return len(self.cells)

    @property
    def n_cols(self) -> int:
        """Number of columns in ``cells``."""
        return self.cells.shape[1]


def read_export(path: str | Path, sheet: str | None = None) -> RawSheet:
    """Read one export file into a :class:`RawSheet` of text cells.

    Args:
        path: an .xlsx, .xlsm, .xlsb, .xls, .ods or .csv (.tsv, .txt) file.
        sheet: the sheet to read (workbooks only); by default the first sheet with a header
            and at least one more row (visible sheets first; a one-row title or info sheet in
            front of the responses is skipped with a warning).

    Raises:
        InputFileError: the file is missing, empty, not a spreadsheet, encrypted, corrupt or
            hostile (see :mod:`digianalys.ingest.safety`); the sheet does not exist or has no cells.
    """
    path = Path(path)
    job = _LOCAL.job
    ahead = job.take(path, sheet) if job is not None else None
    if ahead is not None:
        return ahead.raw_sheet()
    fmt = check_input(path)
    if fmt == "csv":
        raw = _read_csv(path)
        if sheet is not None:
            raw.warnings.append(f"a CSV file has no sheets: --sheet '{sheet}' was ignored")
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
            f"{path.name} cannot be read as a workbook ({_short(exc)}): "
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


def _short(exc: BaseException) -> str:
    """The first line of a library error message, without file paths or cell values."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    first = re.sub(r"\s+at\s+/\S+", "", first)
    return first[:160]


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
            from .safety import find_bad_string_ref

            cell = find_bad_string_ref(path, name)
            if cell is not None:
                raise InputFileError(
                    f"{path.name}, sheet '{name}', cell {cell}: the cell refers to a shared "
                    "string that does not exist (damaged file): open it in Excel and save it "
                    "again as .xlsx"
                ) from None
        raise InputFileError(
            f"{path.name}, sheet '{name}': cannot be read ({_short(exc)}): "
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
) -> tuple[str, pa.Table, str]:
    def load(name: str) -> pa.Table:
        formulas: Callable[[], object] | None = None
        if fmt in ("xlsx", "xlsm"):
            # Before calamine sees the sheet: stray far-away cells (calamine would allocate the
            # whole grid up to them and abort the process) and formulas without results (read
            # as blank). With on_parse, the formula scan is handed to it to run meanwhile.
            check_sheet(path, name, formulas=on_parse is None)
            if on_parse is not None:
                formulas = functools.partial(check_sheet, path, name, extent=False)
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


def _row_has_data(table: pa.Table) -> Any:
    """Per row of ``table`` (at least one column), whether any cell is non-null (Arrow bools)."""
    import pyarrow.compute as pc

    any_valid = pc.is_valid(table.column(0))
    for col in table.columns[1:]:
        any_valid = pc.or_(any_valid, pc.is_valid(col))
    return any_valid


def _nonblank_rows(table: pa.Table) -> int:
    """How many rows of ``table`` hold at least one non-blank cell."""
    import pyarrow.compute as pc

    if not table.num_columns:
        return 0
    return int(pc.sum(_row_has_data(table)).as_py() or 0)


@dataclass
class _WorkbookRead:
    """A workbook sheet read as Arrow text columns (no pandas), ready for :class:`RawSheet`."""

    path: Path
    format: str
    sheet: str
    sheet_names: list[str]
    table: pa.Table
    info: dict[str, Any]
    warnings: list[str]

    def raw_sheet(self) -> RawSheet:
        return RawSheet(
            path=self.path,
            format=self.format,
            sheet=self.sheet,
            sheet_names=self.sheet_names,
            cells=_to_frame(self.table),
            info=self.info,
            warnings=self.warnings,
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
    name, table, choice = _choose_sheet(reader, path, fmt, names, sheet, on_parse)
    table, dropped = _trim_table(table, blanks_done=True)
    warnings: list[str] = []
    if choice.endswith("(hidden)"):
        warnings.append(
            f"read the hidden sheet '{name}' (no visible sheet has responses); "
            "choose another with --sheet"
        )
    elif choice == "first sheet with responses":
        before = _list_names(names[: names.index(name)], 5)
        warnings.append(
            f"read sheet '{name}': the sheet(s) before it ({before}) hold no responses; "
            "choose another with --sheet"
        )
    info: dict[str, Any] = {"sheet_choice": choice, "rows": table.num_rows}
    info.update(dropped)
    return _WorkbookRead(path, fmt, name, names, table, info, warnings)


# --------------------------------------------------------------------------- reading ahead


class _Prefetch:
    """Workbooks being read, in order, by one background thread.

    fastexcel parses a sheet in Rust without holding the GIL, so the calling thread can import
    and prepare the rest of the pipeline meanwhile, and run the sheet's formula scan; on two
    cores most of the read is hidden behind that work. Every check of :func:`read_export` runs,
    and a file's error is raised when the caller asks for that file. CSV files are not read
    ahead.
    """

    def __init__(self, paths: Sequence[Path], sheet: str | None) -> None:
        self.sheet = sheet
        self.keys = [_key(p) for p in paths]
        # per file: the checks to run in the caller's thread, then the result (or error)
        self.events: list[queue.SimpleQueue[Any]] = [queue.SimpleQueue() for _ in paths]
        self.stop = threading.Event()
        self.parsing = threading.Event()  # the thread no longer needs the GIL much
        self.thread = threading.Thread(
            target=self._run, args=(list(paths),), name="digianalys-read"
        )

    def _run(self, paths: list[Path]) -> None:
        for k, path in enumerate(paths):
            events = self.events[k]

            def on_parse(check: Callable[[], object] | None, events: Any = events) -> None:
                if check is not None:
                    events.put(check)
                self.parsing.set()

            result: _WorkbookRead | BaseException | None = None
            try:
                if not self.stop.is_set():
                    fmt = check_input(path)
                    if fmt != "csv":
                        result = _read_workbook(path, fmt, self.sheet, on_parse)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller by take()
                result = exc
            finally:
                events.put(_Done(result))
                self.parsing.set()

    def take(self, path: Path, sheet: str | None) -> _WorkbookRead | None:
        """The read of ``path`` (waiting for it), or None if it was not read ahead."""
        if sheet != self.sheet or _key(path) not in self.keys:
            return None
        k = self.keys.index(_key(path))
        self.keys[k] = ""  # taken: a second request reads the file again
        while True:
            event = self.events[k].get()
            if isinstance(event, _Done):
                break
            event()  # a sheet's formula scan, while the thread parses it
        if isinstance(event.result, BaseException):
            raise event.result
        return event.result


@dataclass
class _Done:
    result: _WorkbookRead | BaseException | None


def _key(path: Path) -> str:
    return os.path.abspath(path)


class _Local(threading.local):
    job: _Prefetch | None = None


# The read ahead belongs to the thread that started it: another thread's read_export of the
# same file reads it itself.
_LOCAL = _Local()


@contextmanager
def prefetch(paths: Sequence[str | Path], sheet: str | None = None) -> Iterator[None]:
    """Within the block, :func:`read_export` of ``paths`` (with this ``sheet``) returns what a
    background thread started reading on entry; leaving the block waits for the thread.

    The result is the same as reading in the calling thread, errors included; only the order
    of work changes. The read ahead belongs to the calling thread; a nested block adds
    nothing (the outer block's read stays in effect).
    """
    if _LOCAL.job is not None or not paths:
        yield
        return
    # What the thread needs before it parses is imported here. pyarrow (~0.1 s), needed once
    # the parse is done, is left to the caller's imports (pandas imports it) during the parse.
    import fastexcel  # noqa: F401
    import python_calamine  # noqa: F401
    from defusedxml import ElementTree  # noqa: F401

    job = _Prefetch([Path(p) for p in paths], sheet)
    _LOCAL.job = job
    job.thread.start()
    try:
        # The safety checks before the parse are Python code: let them run alone (two threads
        # sharing the GIL would slow both), and hand back once the thread is in the parse.
        job.parsing.wait()
        yield
    finally:
        job.stop.set()
        job.thread.join()
        _LOCAL.job = None


# --------------------------------------------------------------------------- common


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


def _trim_table(table: pa.Table, *, blanks_done: bool = False) -> tuple[pa.Table, dict[str, int]]:
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
        idx = pc.indices_nonzero(_row_has_data(table))
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


def _to_frame(table: pa.Table) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa

    dtype = pd.StringDtype("pyarrow")
    df = table.to_pandas(types_mapper={pa.string(): dtype, pa.large_string(): dtype}.get)
    df.columns = pd.RangeIndex(df.shape[1])
    if df.shape[1] == 0:
        df = pd.DataFrame(index=pd.RangeIndex(len(df)))
    return df


# --------------------------------------------------------------------------- CSV


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: BOMs first, then strict UTF-8, then cp1252 (Swedish Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        enc = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            enc = "cp1252"
    try:
        return data.decode(enc), enc
    except UnicodeDecodeError:
        if enc == "cp1252":
            # cp1252 leaves five bytes undefined; latin-1 maps every byte.
            return data.decode("latin-1"), "latin-1"
        raise InputFileError(
            f"{path.name} is not valid {enc} text: save it again as 'CSV UTF-8' from Excel"
        ) from None


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Let :mod:`csv` read fields up to ``limit`` characters (its default is 131,072).

    The sample is sniffed with a limit of its own length, so that one long field cannot make
    the right delimiter look wrong; :func:`_check_field_length` applies the real limit."""
    saved = csv.field_size_limit()
    csv.field_size_limit(max(saved, limit))
    try:
        yield
    finally:
        csv.field_size_limit(saved)


def _field_counts(sample: str, delim: str, quoting: int = csv.QUOTE_MINIMAL) -> list[int]:
    with _field_limit(len(sample) + 1):
        reader = csv.reader(io.StringIO(sample), delimiter=delim, quoting=quoting)
        return [len(r) for r in reader if r]


def _consistency(counts: list[int]) -> tuple[float, int]:
    """(share of rows with the most common field count, that count); (0, 0) below two fields."""
    if not counts:
        return 0.0, 0
    mode = max(set(counts), key=lambda c: (counts.count(c), c))
    if mode < 2:
        return 0.0, 0
    return round(sum(c == mode for c in counts) / len(counts), 2), mode


def _sniff_delimiter(lines: list[str]) -> str:
    """Pick the delimiter that splits the sample lines into the most consistent field counts.

    Delimiters inside quoted fields are ignored (the sample is parsed with :mod:`csv`).
    """
    best, best_key = ",", (0.0, 0)
    sample = "\n".join(lines)
    for delim in CSV_DELIMITERS:
        try:
            key = _consistency(_field_counts(sample, delim))
        except csv.Error:
            continue
        if key[1] and key > best_key:
            best, best_key = delim, key
    return best


def _broken_quote(path: Path, lines: list[str], delim: str) -> None:
    """Refuse a file that is mis-split only because of an unbalanced quote.

    When another delimiter splits every sample line (quotes ignored) into the same number of
    fields, more than the chosen delimiter gives, but fails once quotes are honoured, a quote
    that is never closed swallowed the rest of the file: name the line where it opens
    instead of reading the file as one (or too few) columns silently.
    """
    sample = "\n".join(lines)
    try:
        chosen = _consistency(_field_counts(sample, delim))[1]
    except csv.Error:
        chosen = 0
    for other in CSV_DELIMITERS:
        if other == delim:
            continue
        try:
            share, mode = _consistency(_field_counts(sample, other, csv.QUOTE_NONE))
        except csv.Error:
            continue
        if mode <= max(chosen, 1) or share < 0.9:
            continue
        try:
            quoted = _consistency(_field_counts(sample, other))
        except csv.Error:
            quoted = (0.0, 0)
        if quoted >= (share, mode):
            continue  # the quotes are fine with this delimiter too: not a broken quote
        line = next((i for i, text in enumerate(lines, 1) if text.count('"') % 2), None)
        if line is None:
            continue
        raise InputFileError(
            f'{path.name}, line {line}: a quote (") is opened but never closed, so the '
            f"file cannot be split into columns by {other!r}: close or remove the quote "
            "and save the file again"
        )


def _check_width(path: Path, lines: list[str], delim: str | None) -> None:
    """Refuse lines with more than :data:`MAX_COLUMNS` fields before anything parses them
    (counting the delimiter in each line: quoted delimiters only make the count larger)."""
    delims = CSV_DELIMITERS if delim is None else (delim,)
    for i, text in enumerate(lines, 1):
        if len(text) < MAX_COLUMNS:
            continue
        for d in delims:
            if text.count(d) >= MAX_COLUMNS:
                raise InputFileError(
                    f"{path.name}, line {i}: more than {MAX_COLUMNS:,} columns (separated by "
                    f"{d!r}); digianalys reads at most {MAX_COLUMNS:,} columns, as Excel does: "
                    "remove the columns you do not need, or check the delimiter"
                )


def _read_csv(path: Path) -> RawSheet:
    import pyarrow as pa
    import pyarrow.compute as pc

    data = path.read_bytes()
    text, encoding = _decode(path, data)
    warnings: list[str] = []
    info: dict[str, Any] = {"encoding": encoding}
    lines = text.splitlines()
    declared = re.fullmatch(r'"?sep=(.)"?', lines[0].strip()) if lines else None
    if declared:
        delim = declared.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        info["sep_line"] = True
    else:
        _check_width(path, lines[:_SAMPLE_LINES], None)
        delim = _sniff_delimiter(lines[:_SAMPLE_LINES])
        _broken_quote(path, lines[:_SAMPLE_LINES], delim)
    info["delimiter"] = delim
    if not text.strip():
        raise InputFileError(f"{path.name} has no data: check that you exported the responses")
    _check_width(path, lines, delim)
    try:
        width = max(_field_counts("\n".join(lines[:_SAMPLE_LINES]), delim), default=1)
    except csv.Error:
        width = 1
    frame = _parse_csv(path, text, delim, width, lines)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if len(text) > MAX_FIELD_CHARS:
        _check_field_length(path, table, bool(declared))
    table, dropped = _trim_table(table)
    info.update(dropped)
    decimal = "."
    if delim in (";", "\t") and table.num_columns:
        cols = list(table.columns)
        for i, col in enumerate(cols):
            comma = pc.fill_null(pc.match_substring_regex(col, _DECIMAL_COMMA), False)
            if not pc.any(comma).as_py():
                continue
            if pc.any(pc.fill_null(pc.match_substring_regex(col, _DECIMAL_DOT), False)).as_py():
                continue
            decimal = ","
            dotted = pc.utf8_trim_whitespace(pc.replace_substring(col, ",", "."))
            cols[i] = pc.if_else(comma, dotted, col)
        table = pa.table(cols, names=table.column_names)
    info["decimal"] = decimal
    info["rows"] = table.num_rows
    return RawSheet(
        path=path,
        format="csv",
        sheet=None,
        sheet_names=[],
        cells=_to_frame(table),
        info=info,
        warnings=warnings,
    )


def _check_field_length(path: Path, table: pa.Table, sep_line: bool) -> None:
    """Refuse a field longer than :data:`MAX_FIELD_CHARS`, naming its row."""
    import pyarrow.compute as pc

    for i, col in enumerate(table.columns):
        lengths = pc.utf8_length(col)
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > MAX_FIELD_CHARS:
            row = pc.index(lengths, longest).as_py() + 1 + int(sep_line)
            raise InputFileError(
                f"{path.name}, row {row}, column {i + 1}: a field is longer than "
                f"{MAX_FIELD_CHARS:,} characters: check for an unclosed quote, or shorten the text"
            )


def _parse_csv(
    path: Path, text: str, delim: str, width: int, lines: list[str] | None = None
) -> pd.DataFrame:
    """Parse CSV text into a frame of str/NaN with at least ``width`` columns (ragged rows padded)."""
    import pandas as pd

    def parse(n: int) -> pd.DataFrame:
        return pd.read_csv(
            io.StringIO(text),
            sep=delim,
            header=None,
            names=list(range(n)),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )

    try:
        try:
            return parse(width)
        except pd.errors.ParserError:
            # a row further down has more fields than the sample showed: the delimiters of
            # the widest line bound it (quoted ones only add blank columns, trimmed later)
            rows = lines if lines is not None else text.splitlines()
            return parse(max((r.count(delim) + 1 for r in rows), default=1))
    except (pd.errors.ParserError, csv.Error) as exc:
        if "EOF inside string" in str(exc):
            rows = lines if lines is not None else text.splitlines()
            line = next((i for i, t in enumerate(rows, 1) if t.count('"') % 2), None)
            if line is not None:
                raise InputFileError(
                    f'{path.name}, line {line}: a quote (") is opened but never closed: '
                    "close or remove the quote and save the file again"
                ) from None
        raise InputFileError(
            f"{path.name} cannot be parsed as CSV with delimiter {delim!r} ({_short(exc)}): "
            "check for unbalanced quotes, or save it again from Excel as 'CSV UTF-8'"
        ) from None
