"""Word (.docx) output with python-docx: real Word tables, heading styles, figures with alt text.

Swedish public-sector reports are written in Word, so every table a reader sees can be written
as a .docx (``-o FILE.docx``) and ``run`` writes ``report.docx`` beside ``report.html``. The
document uses Word's own styles — "Title", "Heading 1/2" (so the navigation pane works),
"Caption", "List Bullet" — so that an organisation's template (``template=``, a .docx whose
styles are used) restyles it. Tables are real Word tables with a repeated, bold header row and
numbers right-aligned, formatted as for reading (rounded; decimal comma in Swedish). Figures are
PNG pictures with their description as alt text.

Deterministic: fixed document properties and zip timestamps, so reruns give identical bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..atomic import write_bytes
from ..errors import OutputError
from .zipfixed import deterministic_zip

#: Width of a figure placed in the document (cm): the text width of an A4 page, and the width
#: the figures are drawn at (so that their text keeps its size, ≥ 8 pt).
#: It equals ``plots.theme.WIDTH_CM`` (tests/output/test_word.py checks that).
FIGURE_WIDTH_CM = 16.0
_NUMERIC = re.compile(r"^[<>≤≥]?\s*[−+-]?[\d\u00a0\u202f ]*[.,]?\d+\s*%?$|^[–-]$|^$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Block:
    """One piece of a document, in reading order."""

    kind: str  # "heading", "paragraph", "bullets", "table", "figure", "caption"
    text: str = ""
    level: int = 1
    items: list[str] = field(default_factory=list)
    table: pd.DataFrame | None = None
    image: bytes | None = None
    alt: str = ""


def new_document(template: str | Path | None = None) -> Any:
    """An empty python-docx Document, from the organisation's template if given."""
    from docx import Document

    if template is None:
        return Document()
    path = Path(template)
    if path.suffix.lower() != ".docx":
        raise OutputError(
            f"{path}: a Word template must be a .docx file (save a .dotx as .docx in Word)"
        )
    if not path.is_file():
        raise OutputError(f"{path}: template not found")
    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise OutputError(
            f"{path}: cannot be read as a Word document ({type(exc).__name__})"
        ) from None
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):  # keep page setup, drop the template's text
            body.remove(child)
    return doc


def _clean(text: object) -> str:
    """Text as Word can hold it: no terminal escape sequences, no control characters (XML
    would refuse them)."""
    from .formatting import strip_controls

    return _CONTROL.sub("", strip_controls(str(text)))


def add_blocks(doc: Any, blocks: list[Block]) -> None:
    """Append blocks to a document."""
    for b in blocks:
        if b.kind == "heading":
            doc.add_heading(_clean(b.text), level=b.level)
        elif b.kind == "paragraph":
            doc.add_paragraph(_clean(b.text))
        elif b.kind == "caption":
            doc.add_paragraph(_clean(b.text), style=_style(doc, "Caption"))
        elif b.kind == "bullets":
            for item in b.items:
                doc.add_paragraph(_clean(item), style=_style(doc, "List Bullet"))
        elif b.kind == "table" and b.table is not None:
            add_table(doc, b.table)
        elif b.kind == "figure" and b.image is not None:
            add_figure(doc, b.image, b.alt)


def _style(doc: Any, name: str) -> Any:
    names = {s.name for s in doc.styles}
    return name if name in names else None


def add_table(doc: Any, shown: pd.DataFrame) -> Any:
    """A Word table of already formatted strings: bold header row repeated on every page,
    numeric-looking columns right-aligned, 8 pt text, column widths from their content (long
    texts wrap at word boundaries; a number never breaks)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from .formatting import without_empty_columns

    shown = without_empty_columns(shown.astype(str))  # empty in every row: no room taken
    rows = [[_clean(v) for v in r] for r in shown.itertuples(index=False)]
    cols = [_clean(c) for c in shown.columns]
    table = doc.add_table(rows=1 + len(rows), cols=len(cols))
    if _style(doc, "Table Grid"):
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    right = [bool(rows) and all(_NUMERIC.match(r[j]) for r in rows) for j in range(len(cols))]
    section = doc.sections[-1]
    available = int(section.page_width - section.left_margin - section.right_margin)
    size, emus = _column_widths(cols, rows, right, available)
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for i, row in enumerate(table.rows):
        values = cols if i == 0 else rows[i - 1]
        for j, cell in enumerate(row.cells):
            cell.width = emus[j]
            par = cell.paragraphs[0]
            run = par.add_run(values[j])
            run.font.size = Pt(size)
            run.bold = i == 0
            if right[j]:
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for j, col in enumerate(table.columns):
        col.width = emus[j]
    return table


def _column_widths(
    cols: list[str], rows: list[list[str]], numeric: list[bool], available: int
) -> tuple[float, list[Any]]:
    """Font size and column widths (EMU) that fit the page: numbers get the width of their
    longest value (they never break), texts share what is left down to their longest word
    (they wrap), at 8 pt or, for very wide tables, 7 pt; only if even that does not fit are all
    columns narrowed in proportion."""
    from docx.shared import Emu

    cm = 360000  # EMU per cm
    for size in (8.0, 7.0):
        char = 0.021 * size * cm  # average glyph width (≈ 0.6 em) of a proportional font
        pad = 0.5 * cm  # Word's default cell margins (2 × 0.19 cm) and a little air
        need, least = [], []
        for j, head in enumerate(cols):
            values = [r[j] for r in rows]
            head_word = max([len(w) for w in head.split()] or [1])
            longest = max([len(v) for v in values] or [1])
            if numeric[j]:
                chars = max(longest, min(head_word, 6), 2)
                need.append(chars * char + pad)
                least.append(chars * char + pad)
            else:
                word = max([len(w) for v in values for w in v.split()] + [head_word, 2])
                need.append(min(max(longest, head_word), 40) * char + pad)
                least.append(min(word, 10) * char + pad)
        if sum(need) <= available:
            widths = need
            break
        if sum(least) <= available:
            spare = available - sum(least)
            extra = [n - m for n, m in zip(need, least, strict=True)]
            share = spare / sum(extra) if sum(extra) else 0.0
            widths = [m + e * share for m, e in zip(least, extra, strict=True)]
            break
    # too wide even so: numbers keep their width, texts share the rest (wrapping inside words)
    fixed = sum(n for n, is_num in zip(need, numeric, strict=True) if is_num)
    text_least = sum(m for m, is_num in zip(least, numeric, strict=True) if not is_num)
    if fixed < available and text_least > 0:
        ratio = (available - fixed) / text_least
        widths = [
            n if is_num else m * ratio for n, m, is_num in zip(need, least, numeric, strict=True)
        ]
    else:
        widths = [w * available / sum(least) for w in least]
    return size, [Emu(int(w)) for w in widths]


def wide(shown: pd.DataFrame) -> bool:
    """Whether a table needs a landscape page (more than 9 columns)."""
    return shown.shape[1] > 9


def landscape(doc: Any) -> None:
    """Turn the document's (last) section to landscape A4."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section = doc.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))


def add_figure(doc: Any, png: bytes, alt: str) -> None:
    """A PNG picture FIGURE_WIDTH_CM wide with ``alt`` as its alternative text.

    The figures are drawn at that width (``plots.theme.WIDTH_CM``), so their text keeps its
    size (≥ 8 pt). A figure taller than the page's text area (e.g. a Likert figure of many
    items per group) is placed in parts, cut at blank rows between its rows of text, each part
    as wide as the whole and with the alt text numbered "(1/3)" …, instead of running off
    the page or being shrunk."""
    from docx.shared import Cm

    section = doc.sections[-1]
    room = int(section.page_height - section.top_margin - section.bottom_margin) - int(Cm(3))
    parts = figure_parts(png, room / int(Cm(FIGURE_WIDTH_CM)))
    for i, part in enumerate(parts):
        doc.add_picture(io.BytesIO(part), width=Cm(FIGURE_WIDTH_CM))
        text = _clean(alt) if len(parts) == 1 else f"{_clean(alt)} ({i + 1}/{len(parts)})"
        doc_pr = doc.inline_shapes[-1]._inline.docPr
        doc_pr.set("descr", text)
        doc_pr.set("title", text[:250])


#: A row of a figure where a part may be cut: at most this share of its pixels drawn (the
#: axis lines that cross it), for :data:`QUIET_RUN` rows in a row (no text is cut).
QUIET_SHARE = 0.015
QUIET_RUN = 8


def quiet_rows(grey: Any) -> Any:
    """Rows of a greyscale image (array) that cross no text: almost white, with enough such
    rows around them (:data:`QUIET_SHARE`, :data:`QUIET_RUN`)."""
    import numpy as np

    quiet = (grey < 200).mean(axis=1) <= QUIET_SHARE
    runs = np.convolve(quiet.astype(int), np.ones(QUIET_RUN, dtype=int), mode="same")
    return quiet & (runs >= QUIET_RUN)


def figure_parts(png: bytes, max_ratio: float) -> list[bytes]:
    """``png`` cut into parts no taller than ``max_ratio`` × its width, each cut at the lowest
    quiet row (:func:`quiet_rows`: between rows of text) of the lower half of the part, or where
    the part must end if there is none; one part (the bytes unchanged) if it is short enough."""
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        width, height = im.size
        limit = max(int(width * max_ratio), 1)
        if height <= limit:
            return [png]
        quiet = quiet_rows(np.asarray(im.convert("L")))
        cuts = [0]
        while height - cuts[-1] > limit:
            top = cuts[-1]
            window = np.flatnonzero(quiet[top + limit // 2 : top + limit])
            cuts.append(top + limit // 2 + int(window[-1]) if window.size else top + limit)
        cuts.append(height)
        parts = []
        for top, bottom in zip(cuts, cuts[1:], strict=False):
            buf = io.BytesIO()
            im.crop((0, top, width, bottom)).save(buf, format="PNG", dpi=im.info.get("dpi"))
            parts.append(buf.getvalue())
    return parts


def document_bytes(doc: Any) -> bytes:
    """The document as bytes with fixed properties and zip timestamps (identical reruns)."""
    import datetime

    fixed = datetime.datetime(2000, 1, 1)
    props = doc.core_properties
    props.author = "digianalys"
    props.last_modified_by = "digianalys"
    props.created = fixed
    props.modified = fixed
    props.last_printed = fixed
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return deterministic_zip(buf.getvalue())


def result_blocks(result: Any, lang: str) -> list[Block]:
    """A Result as blocks: title, one table per section, notes and methods."""
    from .formatting import display_table, sections, suppressed_cells
    from .i18n import text, tr

    blocks: list[Block] = []
    if result.title:
        blocks.append(Block("heading", tr(result.title, lang), level=1))
    for _name, df, head in sections(result, lang):
        if head:
            blocks.append(Block("heading", head, level=2))
        blocks.append(Block("table", table=display_table(df, lang)))
    notes = [tr(n, lang) for n in result.notes] + suppressed_cells(result.tables, lang)
    if notes:
        blocks += [Block("heading", text("notes", lang), level=2), Block("bullets", items=notes)]
    if result.methods:
        blocks += [
            Block("heading", text("methods", lang), level=2),
            Block("bullets", items=[tr(m, lang) for m in result.methods]),
        ]
    return blocks


def write_docx(
    result: Any, path: str | Path, lang: str = "en", template: str | Path | None = None
) -> list[Path]:
    """Write ``result`` as a Word document."""
    doc = new_document(template)
    blocks = result_blocks(result, lang)
    if any(b.table is not None and wide(b.table) for b in blocks):
        landscape(doc)
    add_blocks(doc, blocks)
    write_bytes(path, document_bytes(doc))
    return [Path(path)]
