"""Checks of an .ods workbook's ``content.xml`` before calamine reads it: repeated cells and
rows holding a value must not expand beyond :data:`MAX_REPEATED_CELLS` cells. Called by
:func:`digianalys.ingest.safety.check_input`.
"""

from __future__ import annotations

import re
import zipfile
import zlib

from ..errors import InputFileError
from .speed import CHUNK

__all__ = ["MAX_REPEATED_CELLS", "check_ods_repeats"]

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
