"""Pre-flight checks of input files, before any library reads them.

:func:`check_input` looks at a file's bytes (never writing to it) and either returns its format
or raises :class:`~digianalys.errors.InputFileError` with a one-line message that names the file
and says what to do. It refuses:

- missing paths, directories, empty files, files too large to ingest safely;
- files that are not spreadsheets (a PDF, an image, a Word document, random bytes renamed .xlsx);
- password-protected workbooks (Excel encrypts them into an OLE2 container);
- damaged or truncated archives;
- zip bombs: a total uncompressed size above :data:`MAX_UNCOMPRESSED` or a big member compressed
  more than :data:`MAX_RATIO` times, judged from the zip directory before anything is inflated;
- XML parts that declare a DOCTYPE or entities (possible entity-expansion attack);
- declarations a Rust reader would allocate from or panic on: a shared-string table declaring
  more strings than its part can hold; an .ods whose repeated cells/rows holding a value add
  more than :data:`MAX_REPEATED_CELLS` cells; an .xls (OLE2 container followed by
  :func:`_ole_stream`, BIFF records by :func:`_check_biff`) whose sheet offsets lie outside the
  workbook stream, whose string table declares more strings than the stream holds, whose
  DIMENSIONS exceed 65,536 × 256, or whose LABELSST cell refers to a string that does not exist
  (named by cell).

:func:`check_sheet` refuses an .xlsx/.xlsm sheet holding a formula without a stored result
(files written by a program and never opened in Excel: reading it would give blanks silently)
or values so far apart that calamine's dense grid would exhaust memory (a stray value at
XFD1048576) — whatever the cells' spelling (single quotes, whitespace around ``=``, namespace
prefixes: a segment not in the usual spelling is scanned cell by cell) — or a shared-string
cell whose index is not a number (calamine would read it as blank).

No message contains cell values.
"""

from __future__ import annotations

import contextlib
import queue
import re
import struct
import sys
import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import InputFileError

__all__ = [
    "check_input",
    "check_sheet",
    "SheetScan",
    "MAX_GRID_CELLS",
    "sheet_part",
    "MAX_FILE_BYTES",
    "MAX_UNCOMPRESSED",
    "MAX_RATIO",
    "RATIO_MIN_MEMBER",
]

MAX_FILE_BYTES = 1 << 30  # 1 GiB on disk
MAX_UNCOMPRESSED = 2 << 30  # 2 GiB inflated, all members together
MAX_RATIO = 200  # inflated / compressed, for members of at least RATIO_MIN_MEMBER bytes
RATIO_MIN_MEMBER = 10 << 20  # 10 MiB
MAX_GRID_CELLS = 20_000_000  # rows × columns calamine may allocate for one sheet (~2 GB)
MAX_MEMBERS = 10_000
_PROLOG_LIMIT = 64 << 10  # bytes of an XML part searched for its root element

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
TEXT_EXTENSIONS = {".csv", ".tsv", ".txt", ".tab"}
WORKBOOK_EXTENSIONS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}

_WHAT_TO_DO = "export the survey results as .xlsx or .csv and try again"
_ENCRYPTED = (
    "is password-protected (an encrypted OLE container): open it in Excel, remove the password "
    "(File > Info > Protect Workbook) and save a copy"
)

# (magic prefix, what it is) for common files that are not spreadsheets
_NOT_SPREADSHEETS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"BM", "a bitmap image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)


def check_input(path: str | Path) -> str:
    """Check that ``path`` is a readable, safe spreadsheet and return its format.

    Returns:
        ``"xlsx"``, ``"xlsm"``, ``"xlsb"``, ``"xls"``, ``"ods"`` or ``"csv"`` — from the file's
        content (magic bytes, archive members), not only its extension.

    Raises:
        InputFileError: the file is missing, a directory, empty, too large, not a spreadsheet,
            encrypted, damaged, a zip bomb or holds XML entity declarations.
    """
    path = Path(path)
    name = path.name or str(path)
    if not path.exists():
        raise InputFileError(f"{path} does not exist: check the file name and folder")
    if path.is_dir():
        raise InputFileError(f"{path} is a folder, not a file: give the export file itself")
    if not path.is_file():
        raise InputFileError(f"{path} is not a regular file: give the export file itself")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputFileError(
            f"{name} cannot be opened ({exc.strerror}): check its permissions"
        ) from None
    if size == 0:
        raise InputFileError(f"{name} is empty (0 bytes): export the survey again")
    if size > MAX_FILE_BYTES:
        raise InputFileError(
            f"{name} is larger than {MAX_FILE_BYTES >> 20} MB: split the export or remove "
            "columns you do not need"
        )
    ext = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        return _check_ole(path, name, ext)
    if head.startswith(ZIP_MAGICS):
        return _check_zip(path, name, ext)
    for magic, what in _NOT_SPREADSHEETS:
        if head.startswith(magic):
            raise InputFileError(f"{name} is {what}, not a spreadsheet: {_WHAT_TO_DO}")
    return _check_text(path, name, ext)


# --------------------------------------------------------------------------- OLE2 (xls, encrypted)


def _check_ole(path: Path, name: str, ext: str) -> str:
    data = path.read_bytes()
    # Directory entry names are UTF-16LE; an encrypted OOXML package holds these two streams.
    if (
        "EncryptionInfo".encode("utf-16-le") in data
        or "EncryptedPackage".encode("utf-16-le") in data
    ):
        raise InputFileError(f"{name} {_ENCRYPTED}")
    if ext in {".xlsx", ".xlsm", ".xlsb"}:
        # A real .xlsx is a zip archive; Excel writes an OLE container only when encrypting.
        raise InputFileError(f"{name} {_ENCRYPTED}")
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        stream = _ole_stream(data, ("Workbook", "Book"))
        if stream is not None:
            _check_biff(name, stream)
        return "xls"
    if "WordDocument".encode("utf-16-le") in data:
        raise InputFileError(f"{name} is a Word document, not a spreadsheet: {_WHAT_TO_DO}")
    raise InputFileError(
        f"{name} is an Office file without a workbook (not a spreadsheet): {_WHAT_TO_DO}"
    )


def _ole_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """The first stream called one of ``names`` in an OLE2 compound file, or None when the
    container cannot be followed (the reader then reports the damage itself).

    Every sector chain is followed with a step limit, so a crafted container cannot loop."""
    try:
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
            return None
        size = 1 << shift
        n_sectors = max(0, (len(data) - size) // size + 1)
        first_dir, _, cutoff, first_mini, _, first_difat, n_difat = struct.unpack_from(
            "<IIIIIII", data, 0x30
        )
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        nxt = first_difat
        for _ in range(min(n_difat, n_sectors)):
            if nxt >= n_sectors:
                break
            entries = struct.unpack_from(f"<{size // 4}I", data, (nxt + 1) * size)
            difat.extend(entries[:-1])
            nxt = entries[-1]
        fat: list[int] = []
        for sector in difat:
            if sector >= n_sectors:
                continue
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size))

        def chain(start: int, sectors: int, table: list[int]) -> list[int]:
            out = []
            while start < len(table) and start < sectors and len(out) <= sectors:
                out.append(start)
                start = table[start]
            return out

        def read(start: int, length: int | None) -> bytes:
            chunks = [
                data[(sec + 1) * size : (sec + 2) * size] for sec in chain(start, n_sectors, fat)
            ]
            raw = b"".join(chunks)
            return raw if length is None else raw[:length]

        directory = read(first_dir, None)
        root_start = root_size = None
        wanted = None
        for off in range(0, len(directory) - 127, 128):
            n_len, kind = struct.unpack_from("<HB", directory, off + 64)
            start, length = struct.unpack_from("<IQ", directory, off + 116)
            if kind == 5 and root_start is None:
                root_start, root_size = start, length & 0xFFFFFFFF
            label = directory[off : off + max(0, min(n_len, 64) - 2)].decode("utf-16-le", "replace")
            if kind == 2 and label in names and wanted is None:
                wanted = (start, length & 0xFFFFFFFF)
        if wanted is None:
            return None
        start, length = wanted
        if length >= cutoff:
            stream = read(start, length)
        else:
            if root_start is None:
                return None
            mini_stream = read(root_start, root_size)
            minifat_raw = read(first_mini, None)
            minifat = list(struct.unpack_from(f"<{len(minifat_raw) // 4}I", minifat_raw))
            msize = 1 << mini_shift
            n_mini = len(mini_stream) // msize
            stream = b"".join(
                mini_stream[sec * msize : (sec + 1) * msize]
                for sec in chain(start, n_mini, minifat)
            )[:length]
        return stream if len(stream) == length else None
    except (struct.error, ValueError, OverflowError, MemoryError):
        return None


_BIFF_MAX_ROWS = 65_536
_BIFF_MAX_COLS = 256


def _check_biff(name: str, stream: bytes) -> None:
    """Refuse an .xls workbook stream that would make calamine panic, allocate from a lying
    declaration or read a cell silently wrong:

    - a sheet position (BOUNDSHEET) outside the stream;
    - a shared-string table (SST) declaring more strings than the stream can hold;
    - a sheet's used range (DIMENSIONS) beyond what an .xls sheet can have (65,536 rows,
      256 columns) — calamine allocates the whole declared grid;
    - a text cell (LABELSST) referring to a shared string that does not exist (named).
    """
    damaged = f"{name} is damaged ({{what}}): open it in Excel or LibreOffice and save it again"
    end = len(stream)
    pos = 0
    sheets: list[tuple[int, str]] = []
    strings: int | None = None
    while pos + 4 <= end:
        rtype, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + length]
        if rtype == 0x0085 and length >= 8:  # BOUNDSHEET
            offset, _, kind, n_chars = struct.unpack_from("<IBBB", body, 0)
            label = (
                body[8 : 8 + n_chars * 2].decode("utf-16-le", "replace")
                if body[7:8] == b"\x01"
                else body[8 : 8 + n_chars].decode("latin-1")
            )
            if offset + 4 > end:
                raise InputFileError(damaged.format(what=f"sheet '{label}' lies outside the file"))
            if kind == 0:
                sheets.append((offset, label))
        elif rtype == 0x00FC and length >= 8:  # SST
            strings = struct.unpack_from("<I", body, 4)[0]
            if strings > end // 3 + 16:
                raise InputFileError(
                    damaged.format(what=f"its string table declares {strings:,} strings")
                )
        elif rtype == 0x000A:  # EOF of the workbook globals
            break
        pos += 4 + length
    for offset, label in sheets:
        pos = offset
        while pos + 4 <= end:
            rtype, length = struct.unpack_from("<HH", stream, pos)
            if rtype == 0x0200 and length in (10, 14):  # DIMENSIONS
                if length == 14:
                    _, rows, _, cols = struct.unpack_from("<IIHH", stream, pos + 4)
                else:
                    _, rows, _, cols = struct.unpack_from("<HHHH", stream, pos + 4)
                if rows > _BIFF_MAX_ROWS or cols > _BIFF_MAX_COLS:
                    raise InputFileError(
                        damaged.format(
                            what=f"sheet '{label}' declares {rows:,} rows and {cols:,} columns, "
                            "more than an .xls sheet can hold"
                        )
                    )
            elif rtype == 0x00FD and length >= 10 and strings is not None:  # LABELSST
                row, col, _, index = struct.unpack_from("<HHHI", stream, pos + 4)
                if index >= strings:
                    raise InputFileError(
                        f"{name}, sheet '{label}', cell {column_letters(col + 1)}{row + 1}: the "
                        "cell refers to a shared string that does not exist (damaged file): "
                        "open it in Excel or LibreOffice and save it again"
                    )
            elif rtype == 0x000A:  # EOF of the sheet
                break
            pos += 4 + length


# --------------------------------------------------------------------------- zip (xlsx, ods)


def _open_zip(path: Path, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InputFileError(
            f"{name} is damaged or incomplete (maybe a truncated download): "
            "download or export it again"
        ) from None


def _check_zip(path: Path, name: str, ext: str) -> str:
    with _open_zip(path, name) as zf:
        infos = zf.infolist()
        _check_bomb(name, infos)
        members = {i.filename for i in infos}
        fmt = _zip_format(zf, name, ext, members)
        if fmt in {"xlsx", "xlsm", "ods"}:
            _check_xml_prologs(zf, name, infos)
        if fmt in {"xlsx", "xlsm"}:
            _check_shared_strings(zf, name, infos)
        if fmt == "ods":
            _check_ods_repeats(zf, name)
    return fmt


#: The most cells an .ods may add by repeating cells or rows that hold a value
#: (``table:number-columns-repeated`` / ``number-rows-repeated``). LibreOffice repeats blank
#: padding freely (not counted) and runs of equal values; two million is far beyond a survey.
MAX_REPEATED_CELLS = 2_000_000
_REPEAT = re.compile(rb"""number-(rows|columns)-repeated\s*=\s*["']\s*([0-9]+)""")
_ODS_CELL = re.compile(rb"<(?:[\w.-]+:)?(?:covered-)?table-cell\b([^>]*?)(/?)>")
_ODS_TEXT = re.compile(rb"<(?:[\w.-]+:)?p\b[^>]*>\s*[^<\s]")


def _ods_cell_valued(segment: bytes, tag_end: int, tag: bytes, closed: bool) -> bool:
    if b"value-type" in tag:
        return True
    if closed:
        return False
    end = segment.find(b"table-cell>", tag_end)
    body = segment[tag_end : end if end >= 0 else tag_end + 4096]
    return _ODS_TEXT.search(body) is not None


def _check_ods_repeats(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse an .ods whose repeated cells or rows holding a value expand to more than
    :data:`MAX_REPEATED_CELLS` cells: calamine expands them all (a bomb of a few bytes
    reached 4.7 GB)."""
    try:
        info = zf.getinfo("content.xml")
    except KeyError:
        return
    extra = 0
    pending = b""
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                buf = pending + chunk
                cut = buf.rfind(b"table-row>") if chunk else len(buf)
                if cut < 0 and len(buf) < 64 * _CHUNK:
                    pending = buf
                    continue
                cut = len(buf) if cut < 0 else cut + (len(b"table-row>") if chunk else 0)
                segment, pending = buf[:cut], buf[cut:]
                extra += _ods_extra_cells(segment)
                if extra > MAX_REPEATED_CELLS:
                    raise InputFileError(
                        f"{name}: repeated cells and rows expand to more than "
                        f"{MAX_REPEATED_CELLS:,} cells with values (damaged or crafted file): "
                        "delete the repeated rows and columns beyond your data and save again"
                    )
                if not chunk:
                    return
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return  # reported by the reader


def _ods_extra_cells(segment: bytes) -> int:
    extra = 0
    for m in _REPEAT.finditer(segment):
        n = int(m.group(2))
        if n <= 1:
            continue
        start = segment.rfind(b"<", 0, m.start())
        tag_end = segment.find(b">", m.end())
        if start < 0 or tag_end < 0:
            continue
        tag = segment[start : tag_end + 1]
        if m.group(1) == b"columns":
            if _ods_cell_valued(segment, tag_end + 1, tag, tag.endswith(b"/>")):
                extra += n - 1
            continue
        if tag.endswith(b"/>"):
            continue
        end = segment.find(b"table-row>", tag_end)
        body = segment[tag_end + 1 : end if end >= 0 else len(segment)]
        width = 0
        for cell in _ODS_CELL.finditer(body):
            if _ods_cell_valued(body, cell.end(), cell.group(0), cell.group(2) == b"/"):
                rep = _REPEAT.search(cell.group(1))
                width += int(rep.group(2)) if rep and rep.group(1) == b"columns" else 1
        extra += (n - 1) * width
    return extra


_UNIQUE_COUNT = re.compile(rb"""\suniqueCount\s*=\s*["']\s*([0-9]+)""")


def _check_shared_strings(zf: zipfile.ZipFile, name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a shared-string table that declares more strings than its part can hold.

    calamine reserves room for the declared ``uniqueCount`` before reading a string; a
    crafted count of two billion aborts the process. Each string takes at least five bytes
    (``<si/>``), so a count above a fifth of the part's size is a lie.
    """
    for info in infos:
        if not info.filename.lower().endswith("sharedstrings.xml"):
            continue
        try:
            with zf.open(info) as fh:
                head = fh.read(_PROLOG_LIMIT)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            continue  # reported by the prolog check or the reader
        m = _UNIQUE_COUNT.search(head)
        if m and int(m.group(1)) > info.file_size // 5 + 16:
            raise InputFileError(
                f"{name}: the shared strings table declares {int(m.group(1)):,} strings, more "
                "than it holds (damaged or crafted file): open it in Excel and save it again"
            )


def _check_bomb(name: str, infos: list[zipfile.ZipInfo]) -> None:
    bomb = (
        f"{name} expands to a suspicious size when unpacked (possible zip bomb): "
        "refused for safety; open it in Excel and save a new copy if you trust it"
    )
    if len(infos) > MAX_MEMBERS:
        raise InputFileError(bomb)
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise InputFileError(bomb)
        if info.file_size >= RATIO_MIN_MEMBER and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise InputFileError(bomb)


def _zip_format(zf: zipfile.ZipFile, name: str, ext: str, members: set[str]) -> str:
    if "mimetype" in members:
        try:
            mimetype = zf.read("mimetype")[:200].decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise InputFileError(
                f"{name} is damaged or incomplete (maybe a truncated download): "
                "download or export it again"
            ) from None
        if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
            return "ods"
        if mimetype.startswith("application/vnd.oasis.opendocument"):
            kind = mimetype.rsplit(".", 1)[-1]
            raise InputFileError(
                f"{name} is an OpenDocument {kind}, not a spreadsheet: {_WHAT_TO_DO}"
            )
    if "xl/workbook.xml" in members:
        if ext == ".xlsm":
            return "xlsm"
        try:
            types = (
                zf.read("[Content_Types].xml")[: 1 << 20]
                if "[Content_Types].xml" in members
                else b""
            )
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            types = b""
        return "xlsm" if b"macroEnabled" in types else "xlsx"
    if "xl/workbook.bin" in members:
        return "xlsb"
    if "word/document.xml" in members:
        raise InputFileError(f"{name} is a Word document, not a spreadsheet: {_WHAT_TO_DO}")
    if "ppt/presentation.xml" in members:
        raise InputFileError(f"{name} is a PowerPoint file, not a spreadsheet: {_WHAT_TO_DO}")
    raise InputFileError(f"{name} is a zip archive, not a spreadsheet: {_WHAT_TO_DO}")


_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_ROOT = re.compile(rb"<[A-Za-z_]")


def _check_xml_prologs(zf: zipfile.ZipFile, name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse XML parts whose prolog declares a DOCTYPE or entities.

    A DTD can only appear before the root element, so only the prolog of each part is inflated
    (comments and processing instructions skipped) — cheap even for huge sheets.
    """
    for info in infos:
        if info.is_dir() or not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with zf.open(info) as fh:
                prolog = fh.read(_PROLOG_LIMIT)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise InputFileError(
                f"{name} is damaged (part {info.filename} cannot be unpacked): "
                "download or export it again"
            ) from None
        text = _COMMENT.sub(b"", prolog)
        root = _ROOT.search(text)
        head = text[: root.start()] if root else text
        if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
            raise InputFileError(
                f"{name}: part {info.filename} declares XML entities (possible entity-expansion "
                "attack): refused; open it in Excel and save a new copy if you trust it"
            )
        if root is None and len(prolog) >= _PROLOG_LIMIT:
            raise InputFileError(
                f"{name}: part {info.filename} has an unusually long XML header: refused for "
                "safety; open it in Excel and save a new copy if you trust it"
            )


# --------------------------------------------------------------------------- text (CSV)


#: Extensions accepted for delimited text exports (anything else that is text is refused).
TEXT_EXTENSIONS = (".csv", ".tsv", ".txt", ".tab")


def _check_text(path: Path, name: str, ext: str) -> str:
    with path.open("rb") as fh:
        sample = fh.read(64 << 10)
    utf16 = sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in sample and not utf16:
        raise InputFileError(
            f"{name} is not a spreadsheet (unrecognised binary content): {_WHAT_TO_DO}"
        )
    lower = sample.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if lower.startswith((b"<!doctype html", b"<html", b"<table")):
        raise InputFileError(
            f"{name} is a web page (HTML) saved as a spreadsheet: open it in Excel and save it "
            "as .xlsx"
        )
    if lower.startswith(b"<?xml"):
        raise InputFileError(
            f"{name} is an XML file, not a workbook: open it in Excel and save it as .xlsx"
        )
    if ext in WORKBOOK_EXTENSIONS:
        raise InputFileError(
            f"{name} is a text file, not an Excel workbook: if it holds comma- or "
            "semicolon-separated values, rename it to .csv"
        )
    if ext and ext not in TEXT_EXTENSIONS:
        raise InputFileError(
            f"{name}: unsupported file type '{ext}'; digianalys reads survey exports saved as "
            ".xlsx, .xlsm, .xls, .ods or .csv (text exports also as .tsv or .txt)"
        )
    return "csv"


# --------------------------------------------------------------------------- formulas


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
_INDEX: dict[tuple[str, int, int], tuple[zipfile.ZipFile, dict[str, str], bool]] = {}


def _workbook_index(
    path: Path,
) -> tuple[zipfile.ZipFile, dict[str, str], bool] | None:
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
    entry = (zf, parts, _calculating_writer(zf))
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

    uncached_formula: str | None = None  # first formula cell without a stored result
    bad_string: str | None = None  # first cell whose shared-string index is not a number
    max_row: int = 0  # last row holding a value
    max_col: int = 0  # last column holding a value (estimate: exact for stray far cells)


def check_sheet(
    path: str | Path, sheet: str, *, formulas: bool = True, extent: bool = True
) -> SheetScan | None:
    """Stream an .xlsx/.xlsm sheet's XML and refuse what calamine would mis-read.

    Refuses (InputFileError naming the file, sheet and cell):

    - a formula cell without a stored (cached) result — written by a program, never opened in
      Excel — which would otherwise read as blank;
    - cells with values so far apart that the dense grid calamine allocates
      (rows × columns up to the last value) exceeds :data:`MAX_GRID_CELLS`, typically a stray
      value at XFD1048576, whatever the sheet declares as its dimension. A sheet that only
      *declares* a huge dimension is fine.

    Cells are only examined where a formula element or a far-out column occurs; every sheet
    costs one inflate-and-search pass (formulas are not searched in workbooks saved by Excel or
    LibreOffice, which always store formula results).
    ``formulas=False`` or ``extent=False`` leaves out one of the two checks (the extent
    check must run before calamine reads the sheet; the formula check may run meanwhile).
    Returns the scan (``None`` when the file has no such sheet part, e.g. not an .xlsx).
    """
    path = Path(path)
    index = _workbook_index(path)
    if index is None:
        return None
    zf, parts, calculating = index
    part = parts.get(sheet)
    if part is None:
        return None
    try:
        scan = _scan_sheet(zf, part, formulas=formulas and not calculating, extent=extent)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        raise InputFileError(
            f"{path.name}, sheet '{sheet}': the sheet cannot be unpacked (damaged file): "
            "download or export it again"
        ) from None
    if scan.bad_string is not None:
        raise InputFileError(
            f"{path.name}, sheet '{sheet}', cell {scan.bad_string}: the cell's shared-string "
            "index is not a valid number (damaged file): open it in Excel and save it again"
        )
    if scan.uncached_formula is not None:
        raise InputFileError(
            f"{path.name}, sheet '{sheet}', cell {scan.uncached_formula}: a formula has no stored "
            "result: open and save the file in Excel so formula results are stored, or paste values"
        )
    if scan.max_row * scan.max_col > MAX_GRID_CELLS:
        raise InputFileError(
            f"{path.name}, sheet '{sheet}': values reach row {scan.max_row} and column "
            f"{column_letters(scan.max_col)} ({scan.max_row * scan.max_col:,} cells to allocate): "
            "delete the rows and columns beyond your data in Excel and save again"
        )
    return scan


_CHUNK = 1 << 20
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
        # check_sheet(extent=False) is only the formula half of the check.
        self.check_extent = True

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

    def formulas(self, segment: bytes) -> str | None:
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
            ref = _REF.search(opening)
            return (ref.group(1) + ref.group(2)).decode("ascii") if ref else "(unknown)"
        return None

    def canonical(self, segment: bytes) -> bool:
        """Whether the fast patterns (double quotes, single spaces, one prefix) see every cell."""
        if segment.count(b"=") != segment.count(b'="'):
            return False  # single quotes or whitespace after '='
        # (white space is rare in machine-written sheet XML: without any, one search will do)
        if b"\t" in segment or b"\n" in segment or b"\r" in segment:
            if any(odd in segment for odd in _ODD_SPELLINGS):
                return False
        elif b" =" in segment:
            return False
        # a cell tag with another prefix than the worksheet's (or a prefix where it has none)
        if b":c" not in segment:
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
            if b't="s"' not in segment:
                return
            m = _BAD_STRING.search(segment)
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

    def extent(self, segment: bytes, first: bool) -> None:
        scan = self.scan
        canonical = self.canonical(segment)
        self.bad_strings(segment, canonical)
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
    zf: zipfile.ZipFile, part: str, *, formulas: bool = True, extent: bool = True
) -> SheetScan:
    if not formulas and not extent:
        return SheetScan()
    # A helper thread inflates while this one scans, unless only the formulas are checked:
    # that check runs while calamine parses the sheet, which needs the other core.
    with _member_pieces(zf, part, helper=extent) as pieces:
        chunk = next(pieces, b"")
        scanner = _Scanner(chunk)
        scanner.check_extent = extent
        pending = b""
        first = True
        while chunk or pending:
            buf = pending + chunk
            cut = buf.rfind(scanner.c_end)
            if cut >= 0:
                cut += len(scanner.c_end)
            elif not chunk or len(buf) > 4 * _CHUNK:
                # no cell end in the usual spelling (cells with another prefix, or the end of
                # the sheet): cut before the last end tag, or take what is left
                cut = buf.rfind(b"</") if chunk else len(buf)
                if cut <= 0:
                    cut = len(buf)
            else:
                pending, chunk = buf, next(pieces, b"")
                continue
            segment, pending = buf[:cut], buf[cut:]
            if scanner.check_extent:
                scanner.extent(segment, first)
            first = False
            if formulas and scanner.f_tag.search(segment):
                cell = scanner.formulas(segment)
                if cell is not None:
                    scanner.scan.uncached_formula = cell
                    return scanner.scan
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


# --------------------------------------------------------------------------- inflating

_PIECE_IN = 128 << 10  # compressed bytes inflated at a time (about 1 MB of sheet XML)
_END = object()
_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.005


@contextlib.contextmanager
def _member_pieces(
    zf: zipfile.ZipFile, part: str, *, helper: bool = True
) -> Iterator[Iterator[bytes]]:
    """The inflated bytes of an archive member, in pieces of about :data:`_CHUNK` bytes.

    With ``helper``, a helper thread inflates the next pieces while the caller scans this
    one: zlib releases the GIL while it inflates and the scan holds it, so on two cores the
    two overlap. Without it, and for members that are neither deflated nor stored, or are
    encrypted, zipfile reads the member in the calling thread. Raises what zipfile would for
    a damaged member (zlib.error, EOFError, zipfile.BadZipFile).
    """
    info = zf.getinfo(part)
    method = info.compress_type
    if (
        not helper
        or info.file_size <= 2 * _CHUNK  # a small part: a thread would cost more than it saves
        or info.flag_bits & 0x1
        or method not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED)
    ):
        with zf.open(part) as fh:
            yield iter(lambda: fh.read(_CHUNK), b"")
        return
    items: queue.Queue[object] = queue.Queue(maxsize=4)
    stop = threading.Event()

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def produce() -> None:
        try:
            for piece in _inflate_member(zf, info, stop):
                put(piece)
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
            put(exc)
        finally:
            put(_END)

    def pieces() -> Iterator[bytes]:
        crc = 0  # checked here, beside the inflating thread (zlib.crc32 releases the GIL)
        while True:
            item = items.get()
            if item is _END:
                if crc != info.CRC:
                    raise zipfile.BadZipFile("the member's CRC-32 does not match")
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, bytes)
            crc = zlib.crc32(item, crc)
            yield item

    thread = threading.Thread(target=produce, name="digianalys-inflate", daemon=True)
    with _quick_gil_handover():
        thread.start()
        try:
            yield pieces()
        finally:
            stop.set()
            thread.join()


def _inflate_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, stop: threading.Event
) -> Iterator[bytes]:
    """Inflate a deflated (or copy a stored) member from its raw bytes in the archive file,
    never beyond its declared size (the reader checks the CRC-32)."""
    source = zf.filename
    if source is None:
        raise zipfile.BadZipFile("the archive has no file name")
    with open(source, "rb") as fh:
        fh.seek(info.header_offset)
        local = fh.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile("bad local file header")
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        fh.seek(info.header_offset + 30 + name_len + extra_len)
        left = info.compress_size
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        produced = 0
        out = b""
        while not stop.is_set():
            if inflater is not None and inflater.unconsumed_tail:
                data = inflater.unconsumed_tail
            elif left > 0:
                data = fh.read(min(_PIECE_IN if inflater is not None else _CHUNK, left))
                if not data:
                    raise EOFError("the archive member is truncated")
                left -= len(data)
            else:
                break
            # at most _CHUNK bytes out of one call, so a member that inflates far beyond its
            # declared size is stopped within a megabyte
            piece = inflater.decompress(data, _CHUNK) if inflater is not None else data
            produced += len(piece)
            if produced > info.file_size:
                raise zipfile.BadZipFile("the member inflates beyond its declared size")
            out += piece
            if len(out) >= _CHUNK:
                yield out
                out = b""
        if stop.is_set():
            return
        if inflater is not None:
            tail = inflater.flush()
            produced += len(tail)
            out += tail
            if not inflater.eof:
                raise EOFError("the compressed data of the sheet ends too early")
        if produced != info.file_size:
            raise zipfile.BadZipFile("the member's size does not match its declared size")
        if out:
            yield out


@contextlib.contextmanager
def _quick_gil_handover() -> Iterator[None]:
    """Shorten the interpreter's thread switch interval while the inflating helper runs, so
    that it gets the GIL back within a fraction of a millisecond instead of 5 ms (it needs it
    briefly between zlib calls). Nested and concurrent uses restore the setting once."""
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_saved, 0.0002))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)
