"""Renderers: one per output format, all over a :class:`~digianalys.result.Result`.

=========  ==================================================================================
format     what is written
=========  ==================================================================================
``.csv``   the main table, unrounded, UTF-8 with BOM (Excel shows å ä ö), comma separated;
           every other table as ``<stem>.<table>.csv`` (e.g. ``x.posthoc.csv``)
``.xlsx``  one sheet per table (real numbers with number formats, bold frozen header) and a
           ``notes`` sheet (title, notes, methods, suppressed cells)
``.md``    pipe tables, rounded
``.html``  a self-contained UTF-8 page with one ``<table>`` per table, everything escaped
``.tex``   booktabs ``tabular`` per table (needs ``\\usepackage{booktabs}``), specials escaped
``.json``  ``Result.to_dict()``, unrounded
``.docx``  a Word document: title, real Word tables (rounded), notes and methods (``word.py``)
=========  ==================================================================================

No formula ever reaches an output: text that starts with = + - @ tab or CR is written to CSV
with a leading apostrophe and to xlsx as a text cell (never a formula cell).
Outputs are written atomically and deterministically (no timestamps).
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from ..atomic import write_bytes, write_text
from ..errors import OutputError
from ..result import Result
from .formatting import (
    NUMERIC_KINDS,
    SUPPRESSED,
    cell_suppressed,
    column_kind,
    display_string,
    display_table,
    excel_number_format,
    is_missing,
    md_escape,
    needs_text_guard,
    sections,
    strip_controls,
    suppressed_cells,
    without_empty_columns,
)
from .i18n import check_lang, heading, table_name, text, tr

FORMATS = (".csv", ".xlsx", ".md", ".html", ".tex", ".json", ".docx")

#: Fixed workbook timestamp (deterministic output); also the zip entries' date.
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_MAX_CELL = 32767


# ====================================================================== entry points
def write_result(result: Result, path: str | Path, lang: str = "en") -> list[Path]:
    """Write ``result`` to ``path`` in the format given by its extension; return the files written.

    ``.csv`` writes the main table to ``path`` and every further table to
    ``<stem>.<table>.csv`` beside it. Unknown extensions raise :class:`OutputError`.
    """
    check_lang(lang)
    path = Path(path)
    suffix = path.suffix.lower()
    writers: dict[str, Callable[[], list[Path]]] = {
        ".csv": lambda: write_csv(result, path),
        ".xlsx": lambda: [write_xlsx(result.tables, path, result_notes(result, lang), lang)],
        ".md": lambda: _write(path, to_markdown(result, lang)),
        ".html": lambda: _write(path, to_html(result, lang, full_page=True)),
        ".tex": lambda: _write(path, to_latex(result, lang)),
        ".json": lambda: _write(path, to_json_text(result) + "\n"),
        ".docx": lambda: _write_docx(result, path, lang),
    }
    if suffix not in writers:
        shown = f"'{path.suffix}'" if path.suffix else "no extension"
        raise OutputError(
            f"{path}: cannot write a table with {shown}; use one of: {', '.join(FORMATS)}"
        )
    if path.is_dir():
        raise OutputError(
            f"{path}: is a directory; give a file name such as {path / 'table'}{suffix}"
        )
    return writers[suffix]()


def _write_docx(result: Result, path: Path, lang: str) -> list[Path]:
    from .word import write_docx

    return write_docx(result, path, lang)


def _write(path: Path, content: str) -> list[Path]:
    write_text(path, content)
    return [path]


def to_json_text(result: Result) -> str:
    """The result as JSON text (exactly ``Result.to_dict()``; å ä ö kept as characters)."""
    text_ = json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
    # json escapes C0 controls; C1 controls (0x9b is a CSI in some terminals), DEL and bidi
    # overrides are written as \uXXXX escapes too: the same JSON value, nothing a terminal acts on
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text_)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def result_notes(result: Result, lang: str = "en") -> list[str]:
    """Notes lines for a result: title, notes, methods and suppressed cells."""
    lines: list[str] = []
    if result.title:
        lines.append(tr(result.title, lang))
    if result.notes:
        lines += ["", text("notes", lang) + ":"] + [tr(n, lang) for n in result.notes]
    if result.methods:
        lines += ["", text("methods", lang) + ":"] + [tr(m, lang) for m in result.methods]
    sup = suppressed_cells(result.tables, lang)
    if sup:
        lines += ["", text("suppressed_cells", lang) + ":"] + sup
    while lines and lines[0] == "":
        lines.pop(0)
    return lines


# ====================================================================== terminal
def terminal(result: Result, lang: str = "en", width: int | None = None) -> str:
    """Readable, rounded table(s) for the terminal, with the notes below; with ``width``, each
    table fits it (:func:`.terminal_fit.fit_table`) and the notes are wrapped."""
    check_lang(lang)
    blocks: list[str] = []
    if result.title:
        blocks.append(tr(result.title, lang))
    for _name, df, head in sections(result, lang):
        shown = without_empty_columns(display_table(df, lang))
        if width is None:
            block = _text_table(shown)
        else:
            from .terminal_fit import fit_table

            block = fit_table(shown, width) if shown.shape[1] else ""
        blocks.append(f"{head}\n{block}" if head else block)
    extra = [tr(n, lang) for n in result.notes] + suppressed_cells(result.tables, lang)
    if extra:
        lines = [f"Note: {n}" if lang == "en" else f"Not: {n}" for n in extra]
        if width is not None:
            import textwrap

            lines = [textwrap.fill(n, max(width, 40), subsequent_indent="  ") for n in lines]
        blocks.append("\n".join(lines))
    # text from the data (labels, levels, headers) never reaches the terminal as escape codes
    return strip_controls("\n\n".join(blocks))


def _text_table(shown: pd.DataFrame) -> str:
    if shown.shape[1] == 0:
        return ""
    cols = list(shown.columns)
    rows = [[_one_line(v) for v in r] for r in shown.itertuples(index=False)]
    widths = [max([len(c)] + [len(r[j]) for r in rows]) for j, c in enumerate(cols)]
    right = [all(_looks_numeric(r[j]) for r in rows) and rows != [] for j in range(len(cols))]

    def fmt(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(parts).rstrip()

    lines = [fmt(cols), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in rows]
    return "\n".join(lines)


_NUMLIKE = re.compile(r"^(<\s)?[-+]?[\d.,]+(×10\^-?\d+)?$|^$|^–$|^[-]?∞$")


def _looks_numeric(s: str) -> bool:
    return bool(_NUMLIKE.match(s))


def _one_line(v: Any) -> str:
    return " ".join(strip_controls(v).split())


# ====================================================================== csv
def write_csv(result: Result, path: str | Path) -> list[Path]:
    """Main table to ``path``; other tables to ``<stem>.<table>.csv``. Unrounded, UTF-8 BOM."""
    path = Path(path)
    written = []
    for i, (name, df) in enumerate(result.tables.items()):
        target = path if i == 0 else path.with_name(f"{path.stem}.{_file_part(name)}.csv")
        write_bytes(target, csv_bytes(df))
        written.append(target)
    return written


def _file_part(name: str) -> str:
    part = re.sub(r"[^\w.-]+", "_", str(name), flags=re.UNICODE).strip("._")
    return part or "table"


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as CSV bytes: UTF-8 with BOM, comma, '.' decimals, unrounded, formula-safe."""
    safe = df.copy()
    safe.columns = [_guard_csv(str(c)) for c in df.columns]
    for c in safe.columns:
        col = safe[c]
        if not pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            safe[c] = col.map(lambda v: _guard_csv(v) if isinstance(v, str) else v).astype(object)
    buf = io.StringIO()
    safe.to_csv(buf, index=False, lineterminator="\r\n")  # RFC 4180; quotes CR and LF
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def _guard_csv(value: str) -> str:
    return "'" + value if needs_text_guard(value) else value


# ====================================================================== xlsx
def write_xlsx(
    tables: dict[str, pd.DataFrame],
    path: str | Path,
    notes: list[str] | None = None,
    lang: str = "en",
) -> Path:
    """Write one sheet per table plus a ``notes`` sheet; return ``path``.

    Sheets get a bold, frozen header row, real numbers with number formats (p 0.000,
    estimates 0.00, counts 0) and column widths from their content. Suppressed cells show "–".
    Headings are the contract's column names in English and Swedish headings with ``lang="sv"``.
    Text is never a formula. The file is deterministic (fixed timestamps).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    check_lang(lang)
    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = {"notes"}
    bold = Font(bold=True)
    for name, df in tables.items():
        ws = wb.create_sheet(_sheet_name(name, used))
        cols = list(df.columns)
        kinds = [column_kind(c, df[c]) for c in cols]
        widths = []
        for j, c in enumerate(cols, start=1):
            head = heading(str(c), lang) if lang == "sv" else str(c)
            cell = ws.cell(row=1, column=j)
            _set_cell(cell, head)
            cell.font = bold
            widths.append(len(head))
        for j, (c, kind) in enumerate(zip(cols, kinds, strict=True), start=1):
            values = df[c].tolist()
            sup = cell_suppressed(df, c)
            w = widths[j - 1]
            for i, v in enumerate(values, start=2):
                cell = ws.cell(row=i, column=j)
                if is_missing(v):
                    if sup[i - 2] and kind in NUMERIC_KINDS:
                        cell.value = SUPPRESSED
                        cell.alignment = Alignment(horizontal="right")
                    continue
                if lang != "en" and isinstance(v, str):
                    v = display_string(str(c), v, lang)
                shown = _set_cell(cell, v)
                fmt = (
                    excel_number_format(kind, v, lang)
                    if isinstance(cell.value, int | float)
                    else None
                )
                if fmt and isinstance(cell.value, int | float) and not isinstance(v, bool):
                    cell.number_format = fmt
                    shown_len = len(f"{float(cell.value):.3f}")
                else:
                    shown_len = max((len(s) for s in shown.split("\n")), default=0)
                w = max(w, shown_len)
            widths[j - 1] = w
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[_col_letter(j)].width = min(max(w + 2, 6), 60)
        ws.freeze_panes = "A2"
    ns = wb.create_sheet("notes")
    head = ns.cell(row=1, column=1)
    _set_cell(head, text("notes", lang))
    head.font = bold
    for i, line in enumerate(notes or [], start=2):
        _set_cell(ns.cell(row=i, column=1), line)
    ns.column_dimensions["A"].width = 100
    ns.freeze_panes = "A2"
    write_bytes(path, _workbook_bytes(wb))
    return path


def _set_cell(cell: Any, value: Any) -> str:
    """Put ``value`` in ``cell`` as a number, boolean or text (never a formula); return its text."""
    import numpy as np
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, bool | np.bool_):
        cell.value = bool(value)
        return str(bool(value)).upper()
    if isinstance(value, int | np.integer):
        cell.value = int(value)
        return str(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        if f != f or f in (float("inf"), float("-inf")):
            cell.value = "∞" if f > 0 else ("-∞" if f < 0 else None)
            cell.data_type = "s"
            return str(cell.value or "")
        cell.value = f
        return str(f)
    s = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_MAX_CELL]
    cell.value = s
    cell.data_type = "s"  # openpyxl would treat a leading "=" as a formula
    if s[:1] in ("=", "+", "-", "@", "\t", "\r"):
        cell.quotePrefix = True
    return s


def _col_letter(j: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(j)


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique (case-insensitive) sheet name: ≤ 31 chars, none of []:*?/\\."""
    base = _SHEET_BAD.sub("_", str(name)).strip("'").strip() or "table"
    base = base[:31]
    cand = base
    k = 2
    while cand.lower() in {u.lower() for u in used}:
        suffix = f"_{k}"
        cand = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(cand)
    return cand


def _workbook_bytes(wb: Any) -> bytes:
    """Serialise a workbook with fixed properties and zip timestamps (byte-identical reruns)."""
    import datetime

    from openpyxl.writer.excel import ExcelWriter

    fixed = datetime.datetime(*_FIXED_TIME)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "digianalys"
    wb.properties.lastModifiedBy = "digianalys"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    from .zipfixed import deterministic_zip

    return deterministic_zip(raw.getvalue(), _FIXED_TIME)


# ====================================================================== markdown
def to_markdown(result: Result, lang: str = "en") -> str:
    """Pipe tables (rounded), one per table, with title and notes."""
    check_lang(lang)
    out: list[str] = []
    if result.title:
        out += [f"# {_md_escape(tr(result.title, lang))}", ""]
    for _name, df, head in sections(result, lang):
        if head:
            out += [f"## {_md_escape(head)}", ""]
        out.append(markdown_table(display_table(df, lang)))
        out.append("")
    out += _md_notes(result, lang)
    return "\n".join(out).rstrip() + "\n"


def markdown_table(shown: pd.DataFrame) -> str:
    """A pipe table of already formatted strings (numeric-looking columns right-aligned)."""
    cols = [_md_escape(c) for c in shown.columns]
    raw = [[_one_line(v) for v in r] for r in shown.itertuples(index=False)]
    rows = [[_md_escape(v) for v in r] for r in raw]
    aligns = [  # decided on the unescaped text ("< 0.001" is numeric, "&lt; 0.001" is not)
        "---:" if raw and all(_looks_numeric(r[j]) for r in raw) else "---"
        for j in range(len(cols))
    ]
    lines = ["| " + " | ".join(cols) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _md_escape(v: Any) -> str:
    return md_escape(v)


def _md_notes(result: Result, lang: str) -> list[str]:
    out: list[str] = []
    notes = [tr(n, lang) for n in result.notes] + suppressed_cells(result.tables, lang)
    if notes:
        out += [f"**{text('notes', lang)}**", ""] + [f"- {_md_escape(n)}" for n in notes] + [""]
    if result.methods:
        out += [f"**{text('methods', lang)}**", ""]
        out += [_md_escape(" ".join(tr(m, lang) for m in result.methods)), ""]
    return out


# ====================================================================== html
def _h(v: Any) -> str:
    """HTML-escaped text without control characters or terminal escape sequences."""
    return html.escape(strip_controls(v))


#: Text columns whose cells are all at most this long are not wrapped in HTML ("Pearsons χ²",
#: "2021 högre än 2018", group summaries), so that only long texts (question labels,
#: warnings) make a row taller.
NOWRAP_CHARS = 36


def html_table(df: pd.DataFrame, lang: str = "en", caption: str | None = None) -> str:
    """One table as an escaped ``<table>`` fragment (rounded display values).

    Numeric columns get ``class="num"`` (right-aligned), short text columns ``class="nw"``
    (kept on one line, see :data:`NOWRAP_CHARS`).
    """
    shown = display_table(df, lang)
    numeric = [
        len(shown) > 0 and all(_looks_numeric(str(v)) for v in shown[c]) for c in shown.columns
    ]
    classes = [
        ' class="num"'
        if num
        else (' class="nw"' if all(len(str(v)) <= NOWRAP_CHARS for v in shown[c]) else "")
        for c, num in zip(shown.columns, numeric, strict=True)
    ]
    out = ['<table class="digianalys">']
    if caption:
        out.append(f"<caption>{_h(caption)}</caption>")
    out.append("<thead><tr>")
    for c, num in zip(shown.columns, numeric, strict=True):
        cls = ' class="num"' if num else ""
        out.append(f'<th scope="col"{cls}>{_h(str(c))}</th>')
    out.append("</tr></thead>")
    out.append("<tbody>")
    for r in shown.itertuples(index=False):
        cells = "".join(f"<td{cls}>{_h(str(v))}</td>" for v, cls in zip(r, classes, strict=True))
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def html_fragment(result: Result, lang: str = "en") -> str:
    """All tables of a result (with captions), notes and methods as an HTML fragment."""
    check_lang(lang)
    parts = []
    many = len(result.tables) > 1
    for name, df in result.tables.items():
        cap = table_name(name, lang) if many or not result.title else tr(result.title, lang)
        parts.append(html_table(df, lang, caption=cap))
    notes = [tr(n, lang) for n in result.notes] + suppressed_cells(result.tables, lang)
    if notes:
        items = "".join(f"<li>{_h(n)}</li>" for n in notes)
        parts.append(
            f'<div class="notes"><strong>{_h(text("notes", lang))}</strong><ul>{items}</ul></div>'
        )
    if result.methods:
        body = _h(" ".join(tr(m, lang) for m in result.methods))
        parts.append(f'<p class="methods"><strong>{_h(text("methods", lang))}:</strong> {body}</p>')
    return "\n".join(parts)


_HTML_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em;color:#222}
table.digianalys{border-collapse:collapse;margin:1em 0;font-size:0.9em}
table.digianalys caption{text-align:left;font-weight:bold;margin-bottom:0.3em}
table.digianalys th,table.digianalys td{padding:0.25em 0.6em;border-bottom:1px solid #ccc;vertical-align:top}
table.digianalys thead th{border-bottom:2px solid #333;text-align:left}
table.digianalys .num{text-align:right;font-variant-numeric:tabular-nums}
table.digianalys td.nw{white-space:nowrap}
.notes,.methods{font-size:0.85em;color:#444}
"""


def to_html(result: Result, lang: str = "en", *, full_page: bool = True) -> str:
    """The result as HTML: a complete UTF-8 page, or (``full_page=False``) just the fragment."""
    frag = html_fragment(result, lang)
    if not full_page:
        return frag
    title = _h(tr(result.title, lang) or table_name(result.kind, lang))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_HTML_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n{frag}\n</body>\n</html>\n"
    )


# ====================================================================== latex
_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
_TEX_RE = re.compile("|".join(re.escape(k) for k in _TEX_SPECIAL))


def tex_escape(s: Any) -> str:
    """Escape LaTeX specials (& % $ # _ { } ~ ^ \\ < >); UTF-8 text such as å ä ö is kept."""
    return _TEX_RE.sub(lambda m: _TEX_SPECIAL[m.group(0)], _one_line(s))


def latex_table(df: pd.DataFrame, lang: str = "en", caption: str | None = None) -> str:
    """One table as a booktabs ``tabular`` inside a ``table`` float."""
    shown = display_table(df, lang)
    align = "".join(
        "r" if len(shown) and all(_looks_numeric(str(v)) for v in shown[c]) else "l"
        for c in shown.columns
    )
    lines = ["\\begin{table}[htbp]", "\\centering"]
    if caption:
        lines.append(f"\\caption{{{tex_escape(caption)}}}")
    lines += [f"\\begin{{tabular}}{{{align}}}", "\\toprule"]
    lines.append(" & ".join(tex_escape(c) for c in shown.columns) + " \\\\")
    lines.append("\\midrule")
    for r in shown.itertuples(index=False):
        lines.append(" & ".join(tex_escape(v) for v in r) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
    return "\n".join(lines)


def to_latex(result: Result, lang: str = "en") -> str:
    """All tables as booktabs tabulars (UTF-8; needs ``\\usepackage{booktabs}``), then notes."""
    check_lang(lang)
    out = ["% digianalys table; needs \\usepackage{booktabs} and UTF-8 input", ""]
    many = len(result.tables) > 1
    for name, df in result.tables.items():
        cap = table_name(name, lang) if many or not result.title else tr(result.title, lang)
        out += [latex_table(df, lang, caption=cap), ""]
    notes = [tr(n, lang) for n in result.notes] + suppressed_cells(result.tables, lang)
    if notes:
        out.append(f"\\paragraph{{{tex_escape(text('notes', lang))}}}")
        out += [tex_escape(n) + "\n" for n in notes]
    if result.methods:
        out.append(f"\\paragraph{{{tex_escape(text('methods', lang))}}}")
        out.append(tex_escape(" ".join(tr(m, lang) for m in result.methods)))
    return "\n".join(out).rstrip() + "\n"


__all__ = [
    "FORMATS",
    "csv_bytes",
    "html_fragment",
    "html_table",
    "latex_table",
    "markdown_table",
    "result_notes",
    "terminal",
    "to_html",
    "to_json_text",
    "to_latex",
    "to_markdown",
    "write_csv",
    "write_result",
    "write_xlsx",
]
