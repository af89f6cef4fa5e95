"""Display formatting of result tables: pure functions, no I/O.

Result tables are unrounded. For reading (terminal, md, html, tex, the xlsx notes) numbers are
rounded by the *kind* of column: p-values to 3 decimals with "< 0.001", counts as integers,
everything else to 2 decimals (very small non-zero values keep two significant digits).
Suppressed (min-cell) values are shown as "–", missing values as an empty cell, and Swedish
uses a decimal comma.
"""

from __future__ import annotations

import math
import re
from typing import Any, cast

import numpy as np
import pandas as pd

from ..result import Result
from .i18n import Msg, decimal, display_text, heading, table_name, text, tr

SUPPRESSED = "–"  # en dash
P_FLOOR = 0.001

_P_NAMES = {"p", "p_value", "p_adjusted", "pval", "p_val", "p_unc", "p_corr", "pvalue"}
_COUNT_NAMES = {
    "n",
    "n_items",
    "count",
    "missing",
    "n_missing",
    "n_obs",
    "nobs",
    "n_groups",
    "k",
    "dont_know",
    "n_valid",
}
_DF_NAMES = {"df", "df1", "df2", "df_model", "df_resid"}
#: Column kinds that hold numbers (suppressed cells of these show "–").
NUMERIC_KINDS = ("p", "count", "df", "estimate", "whole")
#: Estimated numbers of organisations in the population (``describe`` with a design): shown
#: rounded to whole organisations ("44 (29–65)"), unlike counts they are rarely whole.
_WHOLE_NAMES = {"est_count", "est_count_low", "est_count_high"}
_DECIMAL_POINT = re.compile(r"(\d)\.(\d)")
#: A number's whole part (not after a decimal comma) with its sign, in a summary text.
_WHOLE_NUMBER = re.compile(r"(?<![\d,.])(?:(?<=[\s(\[])|^)-?\d+|(?<![\d,.\-])\d+")
_NUMERIC_STRING = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def column_kind(name: str, series: pd.Series) -> str:
    """Classify a column for display: ``p``, ``count``, ``df``, ``estimate``, ``whole``
    (estimated counts, rounded), ``bool`` or ``text``.

    p-values are recognised by name (``p_value``, ``p_adjusted``, ``p_*``, ``*_p``); counts by
    name (``n``, ``n_<group>``, ``n_items`` …) or an integer dtype; degrees of freedom (``df``,
    ``df2``, ``df_resid`` …) are shown cell by cell: whole numbers without decimals (χ²: 2),
    fractional ones (Welch: 802.70) with two. Other numeric columns are estimates.
    """
    name = str(name)
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if not pd.api.types.is_numeric_dtype(series):
        return "text"
    low = name.lower()
    if low in _P_NAMES or low.startswith("p_") or low.endswith("_p") or "p_value" in low:
        return "p"
    if pd.api.types.is_integer_dtype(series):
        return "count"
    if low in _COUNT_NAMES or (low.startswith("n_") and not low.startswith("n_eff")):
        return "count"
    if low in _DF_NAMES:
        return "df"
    if low in _WHOLE_NAMES:
        return "whole"
    return "estimate"


def is_missing(x: Any) -> bool:
    """True for None, NA, NaN and NaT."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(isinstance(x, float | np.floating) and math.isnan(x))
    except TypeError:
        return False


def format_p(p: Any, lang: str = "en") -> str:
    """A p-value for reading: 3 decimals, or "< 0.001" ("< 0,001" in Swedish)."""
    if is_missing(p):
        return ""
    p = float(p)
    if p < P_FLOOR:
        return decimal("< 0.001", lang)
    return decimal(f"{p:.3f}", lang)


def format_number(x: Any, decimals: int = 2, lang: str = "en") -> str:
    """A number rounded for reading; tiny non-zero values keep two significant digits."""
    if is_missing(x):
        return ""
    x = float(x)
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if decimals > 0 and x != 0 and abs(x) < 0.5 * 10**-decimals:
        s = f"{x:.2g}"
        if "e" in s:
            mant, exp = s.split("e")
            s = f"{mant}×10^{int(exp)}"
    else:
        s = f"{x:.{decimals}f}"
        if s.startswith("-") and float(s) == 0:
            s = s[1:]
    return swedish_digits(decimal(s, lang)) if lang == "sv" else s


#: Narrow no-break space: the Swedish thousands separator (Språkrådet), and the minus sign.
THIN_SPACE = "\u202f"
MINUS = "\u2212"


def swedish_digits(s: str) -> str:
    """A formatted number in Swedish typography: digits grouped by three with a narrow
    no-break space from five digits on ("11 915,72", "4800") and the minus sign "−"."""
    sign = ""
    if s.startswith("-"):
        sign, s = MINUS, s[1:]
    whole, sep, frac = s.partition(",")
    if whole.isdigit() and len(whole) >= 5:
        groups: list[str] = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = THIN_SPACE.join(groups)
    return sign + whole + sep + frac


def format_count(x: Any, lang: str = "en") -> str:
    """A count as a whole number (non-whole values fall back to 2 decimals)."""
    if is_missing(x):
        return ""
    x = float(x)
    if math.isfinite(x) and x == round(x):
        whole = str(int(round(x)))
        return swedish_digits(whole) if lang == "sv" else whole
    return format_number(x, 2, lang)


def format_value(x: Any, kind: str, lang: str = "en") -> str:
    """Format one cell of a column of the given kind (see :func:`column_kind`)."""
    if is_missing(x):
        return ""
    if isinstance(x, bool | np.bool_):
        return text("yes" if x else "no", lang)
    if kind == "p":
        return format_p(x, lang)
    if kind in ("count", "df"):
        return format_count(x, lang)
    if kind == "whole" and isinstance(x, int | float | np.integer | np.floating):
        return format_number(x, 0, lang)
    if kind == "estimate" and isinstance(x, int | float | np.integer | np.floating):
        return format_number(x, 2, lang)
    return display_text("", x, lang)


def suppressed_mask(df: pd.DataFrame) -> pd.Series:
    """Rows flagged by a boolean ``suppressed`` column (all False if there is none)."""
    if "suppressed" not in df.columns:
        return pd.Series(False, index=df.index)
    return df["suppressed"].fillna(False).astype(bool)


def cell_suppressed(df: pd.DataFrame, column: str) -> list[bool]:
    """Per row: is the (missing) value of ``column`` a suppressed one, to be shown as "–"?

    True for numeric cells of rows flagged by ``suppressed``, and for a group's count
    ``n_<group>`` whose summary ``summary_<group>`` is "–" (compare: a group below min-cell).
    """
    flags = suppressed_mask(df).tolist()
    summary = f"summary_{str(column)[2:]}" if str(column).startswith("n_") else None
    if summary is not None and summary in df.columns:
        hidden = [v == SUPPRESSED for v in df[summary].tolist()]
        flags = [a or b for a, b in zip(flags, hidden, strict=True)]
    return flags


def display_string(column: str, value: str, lang: str = "en") -> str:
    """A text cell for reading: translated (:func:`~digianalys.output.i18n.display_text`), and group
    summaries (``summary_<group>``) with a decimal comma in Swedish."""
    cell = display_text(column, value, lang)
    if lang == "sv" and str(column).startswith("summary"):
        cell = _DECIMAL_POINT.sub(r"\1,\2", cell)
        cell = _WHOLE_NUMBER.sub(lambda m: swedish_digits(m.group(0)), cell)
    return cell


class CellText(Msg):
    """A table cell quoted in a sentence or note, shown as the table shows it (translated
    vocabulary such as test names, a decimal comma in group summaries: :func:`display_string`)."""

    column: str

    def __new__(cls, column: str, value: object) -> CellText:
        obj = cast("CellText", super().__new__(cls, "cell_text", value=value))
        obj.column = column
        return obj

    def __reduce__(self) -> Any:
        return (CellText, (self.column, self.fields["value"]))

    def tr(self, lang: str) -> str:
        return display_string(self.column, tr(self.fields["value"], lang), lang)


class Number(Msg):
    """A number quoted in a sentence, shown as tables show numbers: fixed decimals, and in
    Swedish a decimal comma, digit groups and the minus sign (:func:`format_number`)."""

    decimals: int

    def __new__(cls, value: float, decimals: int = 2) -> Number:
        obj = cast("Number", super().__new__(cls, "cell_text", value=float(value)))
        obj.decimals = decimals
        return obj

    def __reduce__(self) -> Any:
        return (Number, (self.fields["value"], self.decimals))

    def tr(self, lang: str) -> str:
        return format_number(self.fields["value"], self.decimals, lang)


def display_table(df: pd.DataFrame, lang: str = "en", *, headings: bool = True) -> pd.DataFrame:
    """The table as strings for reading: rounded, "–" for suppressed, "" for missing.

    The boolean ``suppressed`` column is dropped (its rows show "–" in their empty numeric
    cells); with ``headings`` the columns get display headings in ``lang``. Text cells are
    translated (:func:`~digianalys.output.i18n.display_text`), and Swedish group summaries get a
    decimal comma.
    """
    cols = [c for c in df.columns if c != "suppressed"]
    out: dict[str, list[str]] = {}
    for c in cols:
        kind = column_kind(c, df[c])
        cells = []
        for value, is_sup in zip(df[c].tolist(), cell_suppressed(df, c), strict=True):
            if is_sup and kind in NUMERIC_KINDS and is_missing(value):
                cells.append(SUPPRESSED)
                continue
            if kind == "text" and isinstance(value, str):
                cell = display_string(str(c), value, lang)
            else:
                cell = format_value(value, kind, lang)
            cells.append(cell)
        out[str(c)] = cells
    shown = pd.DataFrame(out, index=range(len(df)), columns=[str(c) for c in cols])
    if headings:
        shown.columns = _unique([heading(c, lang) for c in shown.columns])
    return shown


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append(f"{n} ({seen[n]})")
        else:
            seen[n] = 1
            out.append(n)
    return out


def row_key(df: pd.DataFrame, i: int) -> str:
    """A short description of row ``i`` from its identifying text columns."""
    keys = [
        c
        for c in ("variable", "term", "scale", "item", "x", "y", "group", "group1", "group2")
        if c in df.columns
    ]
    if not keys:
        keys = [c for c in df.columns if column_kind(c, df[c]) == "text"][:2]
    parts = [str(df[c].iloc[i]) for c in keys if not is_missing(df[c].iloc[i])]
    return ", ".join(parts) if parts else f"row {i + 1}"


def suppressed_cells(tables: dict[str, pd.DataFrame], lang: str = "en") -> list[str]:
    """One line per table with suppressed rows, for the notes.

    Rows are named by :func:`row_key`; rows of the same variable are listed once with their
    groups in parentheses ("lead_strategy (statlig, regional)"), so a frequency table with many
    suppressed cells gives one readable line.
    """
    lines = []
    for name, df in tables.items():
        rows = np.flatnonzero(suppressed_mask(df).to_numpy())
        if not len(rows):
            continue
        grouped: dict[str, list[str]] = {}
        for i in rows:
            head, _, rest = row_key(df, int(i)).partition(", ")
            parts = grouped.setdefault(head, [])
            if rest and rest not in parts:
                parts.append(rest)
        shown = "; ".join(f"{h} ({', '.join(p)})" if p else h for h, p in grouped.items())
        lines.append(text("suppressed_row", lang, table=table_name(name, lang), row=shown))
    return lines


def excel_number_format(kind: str, value: Any = None, lang: str = "en") -> str | None:
    """The xlsx number format of a cell of a column kind (None: leave General).

    ``df`` cells are formatted one by one like the display: "0" for a whole number, "0.00"
    otherwise (pass the cell's ``value``). p-values keep their real value but read "< 0.001"
    ("< 0,001" in Swedish) below 0.001, as in the other display formats, instead of "0.000".
    """
    if kind == "df":
        whole = value is not None and not is_missing(value) and float(value) == round(float(value))
        return "0" if whole else "0.00"
    if kind == "p":
        return f'[<{P_FLOOR}]"{decimal("< 0.001", lang)}";0.000'
    return {"count": "0", "estimate": "0.00"}.get(kind)


def needs_text_guard(value: str) -> bool:
    """True if a spreadsheet could read ``value`` as a formula (starts with = + - @ tab CR).

    Strings that are plain numbers ("-1.5") are not guarded: they are numbers, not formulas.
    """
    if not value or value[0] not in "=+-@\t\r":
        return False
    return not _NUMERIC_STRING.match(value.strip())


# ---------------------------------------------------------------------- text from the data
#: ESC-introduced sequences: CSI (ESC [ … final byte), OSC/DCS/SOS/PM/APC strings (ended by BEL
#: or ESC \ — or unterminated to the end), and two-character escapes (ESC + one byte).
_ESCAPE_SEQ = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
#: C0/C1 control characters other than newline, DEL, and the bidirectional overrides and
#: isolates that can make a terminal show text in another order than it is stored.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(s: Any) -> str:
    """``s`` as text without terminal escape sequences (ANSI/CSI, OSC such as hyperlinks and
    window titles, DCS …), control characters (except newline) and bidi overrides.

    Everything printed to a terminal goes through this, so that labels, levels and headers
    from the data can neither colour, retitle, hyperlink nor rewrite the user's terminal.
    """
    return _CONTROL.sub("", _ESCAPE_SEQ.sub("", str(s)))


#: Characters that CommonMark/GFM may read as markup (backslash-escaped, which CommonMark
#: allows for any ASCII punctuation): emphasis, code, links and images, tables, strike-through,
#: headings, e-mail autolinks; "_" only at a word boundary (intraword "_" is never emphasis, so
#: variable names stay readable). "&" "<" ">" become entities (no raw HTML, no &#106;avascript).
_MD_SPECIAL = re.compile(r"([\\`*\[\]|~#!@]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: GFM extended autolinks (http://…, www.…) are broken with an escaped ":" / ".".
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=www)(\.)")


def md_escape(s: Any) -> str:
    """One line of plain text that Markdown renders literally: no link, image, raw HTML,
    emphasis, code span, table cell break or autolink can come from the data."""
    t = " ".join(strip_controls(s).split())
    t = _MD_SPECIAL.sub(r"\\\1", t)
    t = re.sub(r"[&<>]", lambda m: _MD_ENTITIES[m.group(0)], t)
    return _MD_AUTOLINK.sub(lambda m: "\\" + (m.group(1) or m.group(2)), t)


def without_empty_columns(shown: pd.DataFrame) -> pd.DataFrame:
    """A displayed table without the columns that are empty in every row (no design effect
    without a design, no odds ratio without Fisher's test …); the files keep every column."""
    keep = [c for c in shown.columns if shown[c].astype(str).str.strip().ne("").any()]
    return shown[keep] if keep and len(shown) else shown


def sections(result: Result, lang: str) -> list[tuple[str, pd.DataFrame, str | None]]:
    """(table name, table, heading) for the tables a reader sees: empty tables other than the
    first are left out (e.g. compare's post-hoc table for two groups), and the first table has
    no heading of its own when the result has a title (the title names it)."""
    out: list[tuple[str, pd.DataFrame, str | None]] = []
    tables = list(result.tables.items())
    shown = [(n, df) for i, (n, df) in enumerate(tables) if i == 0 or len(df) > 0]
    for i, (name, df) in enumerate(shown):
        head = None if (i == 0 and result.title) or len(shown) == 1 else table_name(name, lang)
        out.append((name, df, head))
    return out
