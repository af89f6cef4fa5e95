"""The streaming scan of an .xlsx/.xlsm sheet's XML before (and while) calamine reads it.

:func:`check_sheet` finds the cells holding a formula without a stored result (files written by
a program and never opened in a spreadsheet program: calamine reads them as blank), whose text
:mod:`digianalys.ingest.formula_cells` fills in as inert text, and refuses values so far apart
that calamine's dense grid would exhaust memory (a stray value at XFD1048576) — whatever the
cells' spelling (single quotes, whitespace around ``=``, namespace prefixes: a segment not in
the usual spelling is scanned cell by cell) — and a shared-string cell whose index is not a
number (calamine would read it as blank). No message contains cell values.
"""

from __future__ import annotations

import html
import re
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import InputFileError
from .speed import CHUNK, member_pieces

__all__ = [
    "check_sheet",
    "SheetScan",
    "MAX_GRID_CELLS",
    "MAX_FORMULA_TEXTS",
    "sheet_part",
    "find_bad_string_ref",
    "column_number",
    "column_letters",
]

MAX_GRID_CELLS = 20_000_000  # rows × columns calamine may allocate for one sheet (~2 GB)
#: formula cells without a stored result whose text is kept (more are counted, left blank)
MAX_FORMULA_TEXTS = 1_000_000


def sheet_part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    """The archive member (``xl/worksheets/sheetN.xml``) holding the sheet named ``sheet``."""
    from defusedxml import ElementTree

    try:
        workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return None
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    rid = None
    for el in workbook.iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet" and el.get("name") == sheet:
            rid = el.get(rel_ns)
            break
    if rid is None:
        return None
    for el in rels.iter():
        if el.tag.rsplit("}", 1)[-1] == "Relationship" and el.get("Id") == rid:
            return _resolve_target(el.get("Target") or "")
    return None


_INDEX_LOCK = threading.Lock()
#: per workbook: (open archive, sheet parts by name, saved by a calculating application, the
#: parts whose every segment an extent pass found in the usual spelling)
_Index = tuple[zipfile.ZipFile, dict[str, str], bool, set[str]]
_INDEX: dict[tuple[str, int, int], _Index] = {}


def _workbook_index(
    path: Path,
) -> _Index | None:
    """The open archive of an .xlsx, its sheets' parts by sheet name and whether a
    calculating application saved it — once per file (a workbook of 3,000 sheets otherwise
    re-reads its zip directory and workbook.xml for every sheet looked at).

    Cached by path, size and modification time; entries are dropped, never closed, so a
    thread still scanning a dropped archive is not disturbed (it closes when unreferenced).
    """
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    with _INDEX_LOCK:
        if key in _INDEX:
            return _INDEX[key]
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    members = set(zf.namelist())
    parts = {}
    for name, part in _sheet_parts(zf).items():
        if part in members:
            parts[name] = part
    entry: _Index = (zf, parts, _calculating_writer(zf), set())
    with _INDEX_LOCK:
        if len(_INDEX) >= 8:
            _INDEX.pop(next(iter(_INDEX)))
        _INDEX[key] = entry
    return entry


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Every sheet's archive member, by sheet name (first sheet of a name wins)."""
    from defusedxml import ElementTree

    try:
        workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return {}
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    targets: dict[str, str] = {}
    for el in rels.iter():
        if el.tag.rsplit("}", 1)[-1] == "Relationship" and el.get("Id") not in targets:
            targets[el.get("Id") or ""] = el.get("Target") or ""
    out: dict[str, str] = {}
    for el in workbook.iter():
        if el.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        name, rid = el.get("name"), el.get(rel_ns)
        if name is None or name in out or rid not in targets:
            continue
        out[name] = _resolve_target(targets[rid])
    return out


def _resolve_target(target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in PurePosixPath("xl", target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def column_number(letters: str) -> int:
    """1-based column number of Excel column letters (``"A"`` → 1, ``"XFD"`` → 16384)."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def column_letters(number: int) -> str:
    """Excel column letters of a 1-based column number (``28`` → ``"AB"``)."""
    letters = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _beyond_columns(letters: str) -> bytes:
    """A regex (bytes) matching column letters strictly after ``letters``."""
    n = len(letters)
    alts = [b"[A-Z]{%d,3}" % (n + 1)] if n < 3 else []
    for i, ch in enumerate(letters):
        if ch != "Z":
            alts.append(
                letters[:i].encode()
                + b"["
                + chr(ord(ch) + 1).encode()
                + b"-Z]"
                + (b"[A-Z]{%d}" % (n - i - 1) if n - i - 1 else b"")
            )
    return b"(?:" + b"|".join(alts) + b")" if alts else b"(?!)"


@dataclass
class SheetScan:
    """What a streaming pass over a sheet's XML found."""

    # formula cells without a stored result: (row, column) 1-based ((0, 0) when the cell has
    # no readable reference) and the formula's text as written ("=A2+B2"; "" for a shared
    # formula's dependent cell, which holds no text); at most MAX_FORMULA_TEXTS of them
    formula_cells: list[tuple[int, int, str]] = field(default_factory=list)
    formula_count: int = 0  # how many such cells (all of them)
    bad_string: str | None = None  # first cell whose shared-string index is not a number
    max_row: int = 0  # last row holding a value
    max_col: int = 0  # last column holding a value (estimate: exact for stray far cells)
    usual_spelling: bool = True  # every segment looked at was in the usual spelling


def check_sheet(
    path: str | Path, sheet: str, *, formulas: bool = True, extent: bool = True
) -> SheetScan | None:
    """Stream an .xlsx/.xlsm sheet's XML, refuse what calamine would mis-read and find the
    formula cells without a stored (cached) result — written by a program, never opened in a
    spreadsheet program — which calamine reads as blank (:attr:`SheetScan.formula_cells`).

    Refuses (InputFileError naming the file, sheet and cell):

    - cells with values so far apart that the dense grid calamine allocates
      (rows × columns up to the last value) exceeds :data:`MAX_GRID_CELLS`, typically a stray
      value at XFD1048576, whatever the sheet declares as its dimension. A sheet that only
      *declares* a huge dimension is fine.

    - a shared-string cell whose index is not a plain number (calamine would read it blank).

    Cells are only examined where a formula element, a far-out column or an unusual spelling
    occurs; both halves together cost one inflate-and-search pass (formulas are not searched in
    workbooks saved by Excel or LibreOffice, which always store formula results).
    ``extent=False`` leaves out the extent half, which must run before calamine reads the
    sheet; ``formulas=False`` leaves out the other half (formulas and shared-string indexes: a
    misread, not a crash, so it may run while calamine parses). Refusals come in the same
    order either way: the extent, then shared strings.
    Returns the scan (``None`` when the file has no such sheet part, e.g. not an .xlsx).
    """
    path = Path(path)
    index = _workbook_index(path)
    if index is None:
        return None
    zf, parts, calculating, usual = index
    part = parts.get(sheet)
    if part is None:
        return None
    try:
        scan = _scan_sheet(
            zf,
            part,
            formulas=formulas and not calculating,
            strings=formulas,
            extent=extent,
            usual=part in usual,
        )
        if extent and scan.usual_spelling:
            with _INDEX_LOCK:
                usual.add(part)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        raise InputFileError(
            f"{path.name}, sheet '{sheet}': the sheet cannot be unpacked (damaged file): "
            "download or export it again"
        ) from None
    # (in this order whether the two halves run in one pass or apart: the same first refusal)
    if scan.max_row * scan.max_col > MAX_GRID_CELLS:
        raise InputFileError(
            f"{path.name}, sheet '{sheet}': values reach row {scan.max_row} and column "
            f"{column_letters(scan.max_col)} ({scan.max_row * scan.max_col:,} cells to allocate): "
            "delete the rows and columns beyond your data in Excel and save again"
        )
    if scan.bad_string is not None:
        raise InputFileError(
            f"{path.name}, sheet '{sheet}', cell {scan.bad_string}: the cell's shared-string "
            "index is not a valid number (damaged file): open it in Excel and save it again"
        )
    return scan


_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')
_REF_COLUMN = re.compile(rb'\sr="([A-Z]{1,3})[0-9]{1,7}"')
# Any spelling of a cell's opening tag and reference: a namespace prefix, single or double
# quotes, whitespace around '=' (all valid XML, all read by calamine).
_CELL_ANY = re.compile(
    rb"""<(?:[\w.-]+:)?c\s(?:[^>]*?\s)?r\s*=\s*["']\s*([A-Z]{1,3})([0-9]{1,7})\s*["'][^>]*>"""
)
_REF_ANY = re.compile(rb"""\sr\s*=\s*["']\s*([A-Z]{1,3})([0-9]{1,7})""")
_CELL_END_ANY = re.compile(rb"</(?:[\w.-]+:)?c\s*>")
_VALUE_ANY = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>\s*[^<\s]|<(?:[\w.-]+:)?is[\s>]")
_BAD_STRING = re.compile(rb't="s"[^>]*><v>(?!\s*[0-9]{1,10}\s*</v>)')
# A shared-string cell not in the usual spelling: every match of _BAD_STRING starts at one.
_UNUSUAL_STRING = re.compile(rb't="s"(?!><v>[0-9]{1,10}</v>)')
# '=' not followed by a double quote; ' =' (a space before '='); a prefixed tag (':c').
_ODD_EQUALS = re.compile(rb'=[^"]')
_SPACE_EQUALS = re.compile(rb" =")
_PREFIXED = re.compile(rb":c")
_BAD_STRING_ANY = re.compile(
    rb"""\st\s*=\s*["']s["'][^>]*>\s*<(?:[\w.-]+:)?v(?:\s[^>]*)?>(?!\s*[0-9]{1,10}\s*<)"""
)
# Byte sequences that never occur in a sheet written the usual way (double quotes straight
# after '=', one space before each attribute, the worksheet's own prefix): a segment holding
# any of them is scanned cell by cell with the patterns above.
_ODD_SPELLINGS = (
    b" =",
    b"\t=",
    b"\n=",
    b"\r=",
    b"\tr=",
    b"\nr=",
    b"\rr=",
    b"<c\t",
    b"<c\n",
    b"<c\r",
)


class _Scanner:
    def __init__(self, first: bytes) -> None:
        m = re.search(rb"<(\w+:)?worksheet[\s>]", first)
        raw = m.group(1) if m and m.group(1) else b""
        p = re.escape(raw)
        self.f_tag = re.compile(rb"<" + p + rb"f[\s>/]")
        self.f_text = re.compile(
            rb"<" + p + rb"f(?:\s[^>]*)?(?<!/)>(.*?)</" + p + rb"f>", re.DOTALL
        )
        self.c_start = b"<" + raw + b"c "
        self.c_end = b"</" + raw + b"c>"
        self.v_full = re.compile(rb"<" + p + rb"v(?:\s[^>]*)?>([^<]*)</" + p + rb"v>")
        self.v_any = re.compile(rb"<" + p + rb"v[\s/>]")
        self.is_tag = re.compile(rb"<" + p + rb"is[\s>]")
        self.far: re.Pattern[bytes] | None = None
        self.scan = SheetScan()
        self.raw = raw
        # The declared used range (<dimension>) is not trusted: a crafted sheet can declare
        # A1:K40 and still hold a value at XFD1048576, for which calamine would try to allocate
        # the whole dense grid and abort the process. The real extent is always scanned before
        # calamine reads a sheet (about a fifth of the time calamine needs to read it);
        # check_sheet(extent=False) is only the other half of the check.

    def cell(self, segment: bytes, pos: int) -> tuple[bytes, bytes] | None:
        """(opening tag, whole element) of the cell containing ``pos``; None if self-closing."""
        start = segment.rfind(self.c_start, 0, pos + len(self.c_start))
        if start < 0:
            return None
        close = segment.find(b">", start)
        opening = segment[start : close + 1]
        if opening.endswith(b"/>"):
            return None
        end = segment.find(self.c_end, close)
        return (opening, segment[start:end]) if end >= 0 else None

    def has_value(self, element: bytes) -> bool:
        value = self.v_full.search(element)
        return bool(value and value.group(1).strip()) or self.is_tag.search(element) is not None

    def formulas(self, segment: bytes) -> None:
        """Record the formula cells of ``segment`` that have no stored result."""
        scan = self.scan
        for fm in self.f_tag.finditer(segment):
            found = self.cell(segment, fm.start())
            if found is None:
                continue
            opening, element = found
            is_str = re.search(rb'\st="str"', opening) is not None
            value = self.v_full.search(element)
            if value and (value.group(1).strip() or is_str):
                continue
            if is_str and self.v_any.search(element):
                continue
            scan.formula_count += 1
            if len(scan.formula_cells) >= MAX_FORMULA_TEXTS:
                continue
            ref = _REF_ANY.search(opening)
            where = (column_number(ref.group(1).decode()), int(ref.group(2))) if ref else (0, 0)
            text = self.f_text.search(element)
            formula = html.unescape(text.group(1).decode("utf-8", "replace")) if text else ""
            scan.formula_cells.append((where[1], where[0], "=" + formula if formula else ""))

    def canonical(self, segment: bytes) -> bool:
        """Whether the fast patterns (double quotes, single spaces, one prefix) see every cell."""
        # (single-byte tests and regex searches with a literal first byte: both run at memory
        # speed, where a two-byte ``in`` or ``count`` is several times slower)
        if _ODD_EQUALS.search(segment):
            return False  # single quotes or whitespace after '='
        # (white space is rare in machine-written sheet XML: without any, one search will do)
        if b"\t" in segment or b"\n" in segment or b"\r" in segment:
            if any(odd in segment for odd in _ODD_SPELLINGS):
                return False
        elif _SPACE_EQUALS.search(segment):
            return False
        # a cell tag with another prefix than the worksheet's (or a prefix where it has none)
        if b":" not in segment or not _PREFIXED.search(segment):
            return True  # no prefixed cell tag at all (and the worksheet's own prefix is none)
        prefixed = segment.count(b":c ") + segment.count(b":c\t") + segment.count(b":c\n")
        own = segment.count(b"<" + self.raw + b"c ") if self.raw else 0
        return prefixed == own

    def bad_strings(self, segment: bytes, canonical: bool) -> None:
        """Record the first shared-string cell whose index is not a plain number (calamine
        would read it as blank, silently)."""
        if self.scan.bad_string is not None:
            return
        if canonical:
            # every shared-string cell in the usual spelling (t="s"><v>123</v>) is fine: only
            # from the first one spelled otherwise is the exact pattern needed
            odd = _UNUSUAL_STRING.search(segment)
            if odd is None:
                return
            m = _BAD_STRING.search(segment, odd.start())
        else:
            m = _BAD_STRING_ANY.search(segment)
        if m is None:
            return
        start = segment.rfind(b"<", 0, m.start())
        ref = _REF_ANY.search(segment, max(start, 0), m.end())
        self.scan.bad_string = (ref.group(1) + ref.group(2)).decode("ascii") if ref else "(unknown)"

    def extent_any(self, segment: bytes) -> None:
        """The exact extent of the cells with a value, whatever the cells' spelling (slow)."""
        scan = self.scan
        for m in _CELL_ANY.finditer(segment):
            if m.group(0).endswith(b"/>"):
                continue
            end = _CELL_END_ANY.search(segment, m.end())
            body = segment[m.end() : end.start() if end else len(segment)]
            if _VALUE_ANY.search(body):
                scan.max_col = max(scan.max_col, column_number(m.group(1).decode()))
                scan.max_row = max(scan.max_row, int(m.group(2)))

    def extent(self, segment: bytes, first: bool, canonical: bool) -> None:
        scan = self.scan
        if not canonical:
            self.extent_any(segment)
            if first:
                self.far = re.compile(
                    rb' r="' + _beyond_columns(column_letters(max(scan.max_col, 1))) + rb"[0-9]"
                )
            return
        if first:
            # the header region gives the normal width; later only far-out columns are examined
            for letters in set(_REF_COLUMN.findall(segment)):
                scan.max_col = max(scan.max_col, column_number(letters.decode()))
            self.far = re.compile(
                rb' r="' + _beyond_columns(column_letters(max(scan.max_col, 1))) + rb"[0-9]"
            )
        assert self.far is not None
        seen = 0
        for fm in self.far.finditer(segment):
            seen += 1
            if seen > 10_000:  # the sheet is simply wide: stop checking values one by one
                ref = _REF.match(segment, fm.start())
                if ref:
                    scan.max_col = max(scan.max_col, column_number(ref.group(1).decode()))
                continue
            found = self.cell(segment, fm.start())
            ref = _REF.match(segment, fm.start())
            if found and ref and self.has_value(found[1]):
                scan.max_col = max(scan.max_col, column_number(ref.group(1).decode()))
        # the last cell with a value in this segment gives the furthest row so far
        pos = len(segment)
        for _ in range(1000):
            pos = segment.rfind(self.c_start, 0, pos)
            if pos < 0:
                break
            found = self.cell(segment, pos)
            if found and self.has_value(found[1]):
                ref = _REF.search(found[0])
                if ref:
                    scan.max_row = max(scan.max_row, int(ref.group(2)))
                break


def _calculating_writer(zf: zipfile.ZipFile) -> bool:
    """True if the workbook was saved by a spreadsheet application that stores formula results.

    Excel and LibreOffice always store a formula's result next to it; libraries such as openpyxl
    do not, and say so in ``docProps/app.xml`` ("Microsoft Excel Compatible / Openpyxl").
    """
    try:
        app = zf.read("docProps/app.xml")[: 1 << 16]
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return False
    m = re.search(rb"<(?:\w+:)?Application>([^<]*)<", app)
    name = m.group(1).strip().decode("utf-8", "replace") if m else ""
    return name in {"Microsoft Excel", "Microsoft Macintosh Excel"} or name.startswith(
        "LibreOffice"
    )


def _scan_sheet(
    zf: zipfile.ZipFile,
    part: str,
    *,
    formulas: bool,
    strings: bool,
    extent: bool,
    usual: bool = False,
) -> SheetScan:
    """One pass over the sheet's XML: the extent (``extent``), the shared-string indexes
    (``strings``) and the formulas (``formulas``). The pass goes on to the end while the
    extent is wanted; otherwise it stops once what it looks for is found.

    ``usual``: an extent pass over the same bytes found every segment in the usual spelling
    (:meth:`_Scanner.canonical`). That holds for any cut into segments (cuts fall after a '>',
    and no odd spelling spans one), so this pass need not test it again."""
    if not formulas and not extent and not strings:
        return SheetScan()
    # A helper thread inflates while this one scans, unless only the checks that run while
    # calamine parses the sheet are made (the parse needs the other core).
    with member_pieces(zf, part, helper=extent) as pieces:
        chunk = next(pieces, b"")
        scanner = _Scanner(chunk)
        pending = b""
        first = True
        while chunk or pending:
            buf = pending + chunk
            cut = buf.rfind(scanner.c_end)
            if cut >= 0:
                cut += len(scanner.c_end)
            elif not chunk or len(buf) > 4 * CHUNK:
                # no cell end in the usual spelling (cells with another prefix, or the end of
                # the sheet): cut before the last end tag, or take what is left
                cut = buf.rfind(b"</") if chunk else len(buf)
                if cut <= 0:
                    cut = len(buf)
            else:
                pending, chunk = buf, next(pieces, b"")
                continue
            segment, pending = buf[:cut], buf[cut:]
            scan = scanner.scan
            strings = strings and scan.bad_string is None
            if not extent and not strings and not formulas:
                return scan  # found what the pass looks for
            canonical = True
            if extent or (strings and not usual):
                canonical = scanner.canonical(segment)
                scan.usual_spelling = scan.usual_spelling and canonical
            if extent:
                scanner.extent(segment, first, canonical)
            first = False
            if strings:
                scanner.bad_strings(segment, canonical)
            if formulas and scanner.f_tag.search(segment):
                scanner.formulas(segment)
            chunk = next(pieces, b"") if chunk else b""
            if not chunk and pending.strip() == b"":
                pending = b""
    return scanner.scan


def find_bad_string_ref(path: str | Path, sheet: str) -> str | None:
    """The first cell of ``sheet`` whose shared-string index is not one of the table's
    strings (only called after the reader failed on one: slow, exact)."""
    try:
        with zipfile.ZipFile(path) as zf:
            part = sheet_part(zf, sheet)
            names = [n for n in zf.namelist() if n.lower().endswith("sharedstrings.xml")]
            if part is None or not names:
                return None
            strings = len(re.findall(rb"<(?:[\w.-]+:)?si[\s>/]", zf.read(names[0])))
            data = zf.read(part)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return None
    for m in _CELL_ANY.finditer(data):
        if not re.search(rb"""\st\s*=\s*["']s["']""", m.group(0)):
            continue
        end = _CELL_END_ANY.search(data, m.end())
        body = data[m.end() : end.start() if end else len(data)]
        v = re.search(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>\s*([^<]*?)\s*<", body)
        if v and (not v.group(1).isdigit() or int(v.group(1)) >= strings):
            return (m.group(1) + m.group(2)).decode("ascii")
    return None
