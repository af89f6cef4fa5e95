"""Checks of an .ods workbook's ``content.xml`` before calamine reads it: repeated cells and
rows holding a value must not expand beyond :data:`MAX_REPEATED_CELLS` cells. Called by
:func:`digianalys.ingest.safety.check_input`. And the formulas without a stored value of a
sheet (:func:`ods_formula_scan`), read as their text like an .xlsx's.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputFileError
from .speed import CHUNK

if TYPE_CHECKING:  # pragma: no cover
    from .sheet_scan import SheetScan

__all__ = ["MAX_REPEATED_CELLS", "check_ods_repeats", "ods_formula_scan"]

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


def check_ods_repeats(zf: zipfile.ZipFile, name: str) -> None:
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
                chunk = fh.read(CHUNK)
                buf = pending + chunk
                cut = buf.rfind(b"table-row>") if chunk else len(buf)
                if cut < 0 and len(buf) < 64 * CHUNK:
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


_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def ods_formula_scan(path: Path, sheet: str) -> SheetScan | None:
    """The cells of ``sheet`` holding a formula without a stored value (``table:formula``
    without ``office:value-type``, which calamine reads as blank), as a
    :class:`~digianalys.ingest.sheet_scan.SheetScan` for
    :func:`digianalys.ingest.formula_cells.fill_formulas`. None when the workbook holds no
    formula at all (the usual case: one search of the bytes)."""
    from defusedxml.ElementTree import ParseError, iterparse

    from .sheet_scan import MAX_FORMULA_TEXTS, SheetScan

    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
            tail, found = b"", False
            for chunk in iter(lambda: fh.read(CHUNK), b""):
                if b"formula" in tail + chunk:
                    found = True
                    break
                tail = chunk[-16:]
            if not found:
                return None
        scan = SheetScan()
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
            inside, row, col, rows_repeated = False, 0, 0, 1
            for event, el in iterparse(fh, events=("start", "end")):
                tag = el.tag
                if tag == _TABLE + "table":
                    inside = event == "start" and el.get(_TABLE + "name") == sheet
                    row = 0
                elif not inside:
                    pass
                elif tag == _TABLE + "table-row":
                    if event == "start":
                        col = 0
                        rows_repeated = int(el.get(_TABLE + "number-rows-repeated") or 1)
                    else:
                        row += rows_repeated
                elif tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
                    if event == "end":
                        repeated = int(el.get(_TABLE + "number-columns-repeated") or 1)
                        formula = el.get(_TABLE + "formula")
                        if formula is not None and el.get(_OFFICE + "value-type") is None:
                            text = _formula_text(formula)
                            for r in range(row, row + min(rows_repeated, MAX_FORMULA_TEXTS)):
                                for c in range(col, col + min(repeated, MAX_FORMULA_TEXTS)):
                                    scan.formula_count += 1
                                    if len(scan.formula_cells) < MAX_FORMULA_TEXTS:
                                        scan.formula_cells.append((r + 1, c + 1, text))
                        col += repeated
                if event == "end":
                    el.clear()
        return scan if scan.formula_count else None
    except (KeyError, ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        return None  # reported by the reader


def _formula_text(formula: str) -> str:
    """``of:=SUM([.A1:.A2])`` → ``=SUM([.A1:.A2])`` (the namespace prefix dropped)."""
    m = re.match(r"[A-Za-z][\w.-]*:(?==)", formula)
    text = formula[m.end() :] if m else formula
    return text if text.startswith("=") else "=" + text
