"""Tables that fit the terminal: intervals joined into one column, technical columns left out,
long texts wrapped, and what is
still too wide shown in column blocks that each repeat the leading text columns naming the
row (question, group …).

Used by :func:`digianalys.output.render.terminal` when the command line gives it the terminal's
width (``COLUMNS``, else the terminal's size); ``--format wide`` shows every column on one line
and files (``-o``) always hold every column.
"""

from __future__ import annotations

import re
import textwrap

import pandas as pd

#: Columns a reader can do without in a narrow terminal (they stay in files and --format wide):
#: display headings in English and Swedish.
TECHNICAL = {
    "Statistic", "Testvärde", "df", "df1", "df2", "Effect measure", "Effektmått",
    "CI lower", "KI nedre", "CI upper", "KI övre", "Odds ratio", "Oddskvot", "OR CI lower",
    "OR KI nedre", "OR CI upper", "OR KI övre", "Type", "Typ", "Variable", "Variabel",
    "SE of mean", "Medelvärdets medelfel", "Std. error", "Medelfel", "Mean CI lower",
    "Mean CI upper", "Medel KI nedre", "Medel KI övre", "Shown as", "Visas som",
}  # fmt: skip
#: Interval columns that a narrow terminal shows as one "low – high" column (the estimate keeps
#: its interval): (lower heading, upper heading, heading of the joined column).
INTERVALS = (
    ("CI lower", "CI upper", "95 % CI"),
    ("KI nedre", "KI övre", "95 % KI"),
    ("Mean CI lower", "Mean CI upper", "Mean 95 % CI"),
    ("Medel KI nedre", "Medel KI övre", "Medel 95 % KI"),
    ("Number CI lower", "Number CI upper", "Number 95 % CI"),
    ("Antal KI nedre", "Antal KI övre", "Antal 95 % KI"),
    ("OR CI lower", "OR CI upper", "OR 95 % CI"),
    ("OR KI nedre", "OR KI övre", "OR 95 % KI"),
)
GAP = "  "
MIN_TEXT = 24
_NUMLIKE = re.compile(r"^(<\s)?[-+−]?[\d.,  ]+(×10\^-?\d+)?( %)?$|^$|^–$|^[-]?∞$")


def _numeric(values: list[str]) -> bool:
    return bool(values) and all(_NUMLIKE.match(v) for v in values)


def _render(cols: list[str], rows: list[list[str]], widths: list[int]) -> list[str]:
    right = [_numeric([r[j] for r in rows]) for j in range(len(cols))]

    def lines_of(cells: list[str]) -> list[str]:
        wrapped = [
            textwrap.wrap(c, w, break_long_words=True) or [""]
            for c, w in zip(cells, widths, strict=True)
        ]
        height = max(len(w) for w in wrapped)
        out = []
        for i in range(height):
            parts = []
            for lines, w, r in zip(wrapped, widths, right, strict=True):
                piece = lines[i] if i < len(lines) else ""
                parts.append(piece.rjust(w) if r else piece.ljust(w))
            out.append(GAP.join(parts).rstrip())
        return out

    text = lines_of(cols)
    text.append(GAP.join("-" * w for w in widths))
    for r in rows:
        text += lines_of(r)
    return text


def _join_intervals(cols: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Each pair of interval columns (:data:`INTERVALS`) as one "low – high" column in the
    lower column's place, so that leaving out technical columns keeps every interval."""
    for low, high, joined in INTERVALS:
        if low not in cols or high not in cols:
            continue
        i, j = cols.index(low), cols.index(high)
        for r in rows:
            r[i] = f"{r[i]} – {r[j]}" if r[i] and r[j] else ""
            del r[j]
        cols = [joined if k == i else c for k, c in enumerate(cols) if k != j]
    return cols, rows


def fit_table(shown: pd.DataFrame, width: int) -> str:
    """The table as text no wider than ``width`` characters (see the module docstring)."""
    width = max(int(width), 40)
    cols = [str(c) for c in shown.columns]
    rows = [[" ".join(str(v).split()) for v in r] for r in shown.itertuples(index=False)]

    def natural(j: int) -> int:
        return max([len(cols[j])] + [len(r[j]) for r in rows])

    def total(idx: list[int], widths: dict[int, int]) -> int:
        return sum(widths[j] for j in idx) + len(GAP) * (len(idx) - 1)

    keep = list(range(len(cols)))
    widths = {j: natural(j) for j in keep}
    if total(keep, widths) > width:
        cols, rows = _join_intervals(cols, rows)
        keep = list(range(len(cols)))
        widths = {j: natural(j) for j in keep}
    if total(keep, widths) > width:
        keep = [j for j in keep if cols[j] not in TECHNICAL] or keep
    # wrap the widest text columns (never below MIN_TEXT, headings may wrap too)
    while total(keep, widths) > width:
        texts = [j for j in keep if not _numeric([r[j] for r in rows]) and widths[j] > MIN_TEXT]
        if not texts:
            break
        j = max(texts, key=lambda k: widths[k])
        widths[j] = max(MIN_TEXT, widths[j] - (total(keep, widths) - width))
    for j in keep:  # a heading wider than its column wraps inside it
        widths[j] = min(widths[j], max(natural(j), 1))
    blocks: list[list[int]] = []
    if total(keep, widths) <= width:
        blocks = [keep]
    else:  # column blocks, each repeating the leading text columns that name the row
        key = [keep[0]]
        for j in keep[1:]:
            if _numeric([r[j] for r in rows]) or total([*key, j], widths) > width // 2:
                break
            key.append(j)
        rest = [j for j in keep if j not in key]
        block: list[int] = list(key)
        for j in rest:
            if total([*block, j], widths) > width and len(block) > len(key):
                blocks.append(block)
                block = list(key)
            block.append(j)
        blocks.append(block)
    out = []
    for idx in blocks:
        lines = _render(
            [cols[j] for j in idx], [[r[j] for j in idx] for r in rows], [widths[j] for j in idx]
        )
        out.append("\n".join(line[:width] for line in lines))
    return "\n\n".join(out)
