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
  more than :data:`~digianalys.ingest.ods_checks.MAX_REPEATED_CELLS` cells
  (:mod:`digianalys.ingest.ods_checks`); an .xls (:mod:`digianalys.ingest.xls_checks`) whose
  sheet offsets lie outside the workbook stream, whose string table declares more strings than
  the stream holds, whose DIMENSIONS exceed 65,536 × 256, or whose LABELSST cell refers to a
  string that does not exist (named by cell).

The sheet-level scan (formulas without results, stray far cells, bad shared-string indexes) is
:func:`digianalys.ingest.sheet_scan.check_sheet`.

No message contains cell values.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import InputFileError
from .ods_checks import check_ods_repeats
from .xls_checks import check_biff, ole_stream

__all__ = [
    "check_input",
    "MAX_FILE_BYTES",
    "MAX_UNCOMPRESSED",
    "MAX_RATIO",
    "RATIO_MIN_MEMBER",
]

MAX_FILE_BYTES = 1 << 30  # 1 GiB on disk
MAX_UNCOMPRESSED = 2 << 30  # 2 GiB inflated, all members together
MAX_RATIO = 200  # inflated / compressed, for members of at least RATIO_MIN_MEMBER bytes
RATIO_MIN_MEMBER = 10 << 20  # 10 MiB
MAX_MEMBERS = 10_000
_PROLOG_LIMIT = 64 << 10  # bytes of an XML part searched for its root element

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
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
    if head.startswith((b"$FL2", b"$FL3")):
        return "sav"  # SPSS system file (read by pyreadstat, see ingest.spss)
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
        stream = ole_stream(data, ("Workbook", "Book"))
        if stream is not None:
            check_biff(name, stream)
        return "xls"
    if "WordDocument".encode("utf-16-le") in data:
        raise InputFileError(f"{name} is a Word document, not a spreadsheet: {_WHAT_TO_DO}")
    raise InputFileError(
        f"{name} is an Office file without a workbook (not a spreadsheet): {_WHAT_TO_DO}"
    )


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
            check_ods_repeats(zf, name)
    return fmt


#: The most cells an .ods may add by repeating cells or rows that hold a value
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
