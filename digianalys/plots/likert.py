"""Likert figure: diverging stacked bars of ordinal items around the neutral answer.

Odd scales put the neutral answer across the centre line; even scales split at the middle.
Items are ordered by agreement (share above the middle, then mean). All items of one figure
must share one answer scale (codes and labels): named items with different scales are an error,
and without named items the largest set of ordinal items sharing a scale is drawn (the others
are named in the footnote). Beside the bars a small
column shows the don't-know share (from the codebook's ``missing`` counts; with ``--by`` the
share of the group with no answer, which includes don't-know). With ``--by``, one panel per
group (n in the title) and each item's group comparison (test, adjusted p, effect size, from
:func:`digianalys.stats.compare.compare`) in its label.

Disclosure control follows ``describe`` (``suppress``): under the ``groups`` rule (default) a
group with fewer than ``min_cell`` answers is left out (with its complement) and every other bar
shows all its answers; under the ``cells`` rule, answers given by 1 … ``min_cell`` − 1 responses
in a bar, with the complements needed, are drawn together as one hatched segment at the right
end, so that no single small answer can be read off (the bar is never blanked).

At most :data:`.common.MAX_GROUPS` groups are drawn (one panel each); more is an error with
a hint (``--where``, a --by variable with fewer levels).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..errors import AnalysisError, DigianalysError, VariableError
from ..output.i18n import display_text, text
from . import theme
from .common import (
    LINE_SPACING,
    check_type,
    fit,
    footnote,
    groups,
    min_cell_notes,
    new_figure,
    num,
    p_text,
    text_width,
    value_labels,
)


def _scale_key(ds: Dataset, item: str) -> tuple[tuple[int, str], ...]:
    """The answer scale of an item: its codes with their labels (case and spacing ignored)."""
    return tuple(
        (c, " ".join(str(lab).lower().split())) for c, lab in value_labels(ds, item).items()
    )


def scale_sets(ds: Dataset, items: list[str]) -> list[list[str]]:
    """``items`` grouped by answer scale (same codes *and* labels), in order of first item."""
    sets: dict[tuple[tuple[int, str], ...], list[str]] = {}
    for it in items:
        sets.setdefault(_scale_key(ds, it), []).append(it)
    return list(sets.values())


def default_items(ds: Dataset) -> tuple[list[str], list[str]]:
    """The items drawn when none are named, and the ordinal items left out.

    One figure shares one legend, so only items with the same answer scale can be drawn
    together: the largest set of ordinal variables sharing a scale (ties: the set whose first
    item comes first in the codebook). The others are named in the figure's footnote.
    """
    ordinal = [
        v.name for v in ds.codebook.of_type("ordinal") if ds.has(v.name) and v.name != "wave"
    ]
    if not ordinal:
        return [], []
    sets = scale_sets(ds, ordinal)
    chosen = max(sets, key=len)  # max keeps the first of equally large sets
    return chosen, [it for it in ordinal if it not in chosen]


def _scale(ds: Dataset, items: list[str]) -> tuple[list[int], dict[int, str]]:
    sets = scale_sets(ds, items)
    if len(sets) > 1:
        desc = "; ".join(
            f"{', '.join(v)} ({' / '.join(value_labels(ds, v[0]).values())})" for v in sets
        )
        raise AnalysisError(
            f"plot likert: the items have different answer scales: {desc}; "
            "plot each scale in its own figure"
        )
    codes = list(value_labels(ds, items[0]))
    if len(codes) < 2:
        raise AnalysisError(
            f"plot likert: '{items[0]}' has fewer than two answer codes; check its codebook values"
        )
    labels = value_labels(ds, items[0])
    return codes, labels


def diverging_segments(props: np.ndarray) -> list[tuple[float, float]]:
    """(left, width) in percent for each code, diverging around 0."""
    k = len(props)
    p = props * 100
    out: list[tuple[float, float]] = [(0.0, 0.0)] * k
    if k % 2:
        m = k // 2
        out[m] = (-p[m] / 2, p[m])
        left, right = -p[m] / 2, p[m] / 2
        lo, hi = range(m - 1, -1, -1), range(m + 1, k)
    else:
        m = k // 2
        left = right = 0.0
        lo, hi = range(m - 1, -1, -1), range(m, k)
    for j in lo:
        left -= p[j]
        out[j] = (left, p[j])
    for j in hi:
        out[j] = (right, p[j])
        right += p[j]
    return out


def _agreement(props: np.ndarray, codes: list[int]) -> tuple[float, float]:
    k = len(codes)
    upper = props[(k + 1) // 2 :].sum() if k % 2 else props[k // 2 :].sum()
    mean = float(np.dot(props, codes)) if props.sum() > 0 else -np.inf
    return float(upper), mean


@dataclass(frozen=True)
class TestedItems:
    """The comparison a report already shows for a figure's items: its rows (compare's main
    table), where it is (the table's caption) and its correction family."""

    rows: pd.DataFrame
    table: str
    correction: str
    family: int


def _family_note(tested: TestedItems | None, n_items: int, lang: str) -> str:
    """The footnote naming the multiple-testing family of the adjusted p-values shown."""
    from ..output.i18n import Msg

    if tested is None:
        return Msg("likert_family_own", n=n_items).tr(lang)
    return Msg(
        "likert_family_table",
        table=tested.table,
        correction=Msg(f"correction_{tested.correction}"),
        n=tested.family,
    ).tr(lang)


def compare_labels(
    ds: Dataset,
    by: str,
    items: list[str],
    min_cell: int,
    lang: str,
    tested: pd.DataFrame | None = None,
) -> dict:
    """Item → 'test, adj. p = …, effect = …': from ``tested`` (the rows of a comparison the
    report already shows, so that the figure repeats its p-values) or from compare over the
    figure's items; empty if unavailable."""
    if tested is not None:
        table = tested
    else:
        from ..stats.compare import compare

        try:
            table = compare(ds, by, items, min_cell=min_cell).main
        except DigianalysError:
            return {}
    out = {}
    for _, row in table.iterrows():
        var = row.get("variable")
        if var not in items:
            continue
        p = row.get("p_adjusted", np.nan)
        p_s = p_text(float(p), lang).replace("p", text("p_adj", lang), 1)
        test = row.get("test", None)
        parts = [display_text("test", str(test), lang)] if pd.notna(test) else []
        parts.append(p_s)
        eff = row.get("effect_size", np.nan)
        if pd.notna(eff):
            measure = row.get("effect_measure", None)
            measure = (
                display_text("effect_measure", str(measure), lang)
                if pd.notna(measure) and measure
                else "effect"
            )
            parts.append(f"{measure} = {num(float(eff), lang)}")
        out[var] = ", ".join(parts)
    return out


def hidden_segments(counts: np.ndarray, min_cell: int) -> np.ndarray:
    """The answers of one bar hidden under the cells rule: those given by 1 … min_cell − 1
    responses plus complements (:func:`digianalys.stats.disclosure.suppress_table` on the one
    row), so that the hidden part, drawn as one segment, gives no single answer's count."""
    from ..stats.disclosure import suppress_table

    table = pd.DataFrame([np.asarray(counts, dtype=float)])
    return suppress_table(table, min_cell, rule="cells").to_numpy()[0]


def draw(
    ds: Dataset,
    args: list[str],
    *,
    by: str | None = None,
    lang: str = "en",
    min_cell: int = 5,
    caption: str | None = None,
    suppress: str = "groups",
    tested: Any = None,
    **_: Any,
) -> Any:
    """Draw the Likert figure; see the module docstring. ``tested``: a :class:`TestedItems`
    (the comparison the report shows for these items) whose p-values the labels repeat."""
    left_out: list[str] = []
    items = list(dict.fromkeys(args))
    if not items:
        items, left_out = default_items(ds)
    if not items:
        raise VariableError(
            "plot likert: the dataset has no ordinal variables; name the items to plot or "
            "declare them as type: ordinal in the codebook"
        )
    for it in items:
        check_type(ds, it, ("ordinal",), "likert")
    if by is not None and by in items:
        raise VariableError(f"plot likert: '{by}' is both an item and the --by variable")
    codes, labels = _scale(ds, items)
    k = len(codes)
    colors = theme.likert_colors(k)
    values = {it: pd.to_numeric(ds.data[it], errors="coerce").astype("float64") for it in items}
    answered = pd.concat([v.notna() for v in values.values()], axis=1).any(axis=1)
    none_left = (
        f"plot likert: no group of '{by}' has at least {min_cell} responses; "
        "lower --min-cell or choose another --by variable"
    )
    grps, dropped = groups(ds, by, answered, min_cell, "likert", lang, none_left=none_left)

    def props_of(it: str, mask: pd.Series) -> tuple[np.ndarray, int]:
        s = values[it][mask].dropna()
        n = len(s)
        if n == 0:
            return np.zeros(k), 0
        return np.array([(s == c).sum() / n for c in codes]), n

    everyone = pd.Series(True, index=ds.data.index)
    overall = {it: props_of(it, everyone)[0] for it in items}
    order = sorted(items, key=lambda it: _agreement(overall[it], codes), reverse=True)
    rows = tested.rows if tested is not None else None
    notes_by_item = compare_labels(ds, by, items, min_cell, lang, rows) if by else {}

    # the item labels take about 6 cm of the 16; the comparison of the groups (the same in
    # every panel) is written under the labels of the first panel only
    plain = [fit(ds.label(it), LABEL_PT, theme.TICK_PT, 3) for it in order]
    tested_labels = [
        lab + "\n" + fit(_unbroken(notes_by_item[it]), LABEL_PT, theme.TICK_PT, 2)
        if it in notes_by_item
        else lab
        for it, lab in zip(order, plain, strict=True)
    ]
    rows_in = [_row_height(tested_labels)] + [_row_height(plain)] * (len(grps) - 1)
    heights = [len(order) * r + (0.25 if by is not None else 0.0) + 0.3 for r in rows_in]
    fig = new_figure(theme.WIDTH_IN, min(sum(heights) + 0.8 + 0.15 * len(grps), 200))
    fig.set_layout_engine("constrained")
    gs = fig.add_gridspec(len(grps), 2, width_ratios=[6, 1], height_ratios=heights)
    in_bar: list[tuple[Any, Any, float]] = []  # (axes, number, segment width in %)
    extent = 0.0
    small: list[str] = []
    small_cells: list[str] = []
    mains = []
    for gi, g in enumerate(grps):
        ax = fig.add_subplot(gs[gi, 0])
        axdk = fig.add_subplot(gs[gi, 1], sharey=ax)
        mains.append(ax)
        bar_h = min(0.7, BAR_IN / rows_in[min(gi, 1)])  # bars equally thick in every panel
        dk_share = []
        for yi, it in enumerate(order):
            props, n = props_of(it, g.mask)
            counts = np.rint(props * n)
            hidden = hidden_segments(counts, min_cell) if suppress == "cells" else None
            if hidden is not None and hidden.any() and n >= min_cell:
                # cells rule: the small answers and their complements become one grey segment
                small_cells.append(it)
                props = np.where(hidden, 0.0, props)
            if min_cell and n < min_cell:
                small.append(it)
                ax.text(
                    0,
                    yi,
                    "–",
                    ha="center",
                    va="center",
                    fontsize=11,
                    color="#444444",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 2},
                )
            elif n > 0:
                for j, (left, width) in enumerate(diverging_segments(props)):
                    if width <= 0:
                        continue
                    ax.barh(
                        yi,
                        width,
                        left=left,
                        height=bar_h,
                        color=colors[j],
                        edgecolor=theme.OUTLINE,
                        linewidth=0.5,
                    )
                    if width >= 3:  # kept if it fits the segment (see _drop_crowded)
                        dark = colors[j] in ("#543005", "#8C510A", "#01665E", "#003C30", "#35978F")
                        number = ax.text(
                            left + width / 2,
                            yi,
                            f"{width:.0f}",
                            ha="center",
                            va="center",
                            fontsize=theme.MIN_PT,
                            color="white" if dark else "#222222",
                        )
                        in_bar.append((ax, number, width))
                segs = diverging_segments(props)
                extent = max(extent, -segs[0][0], segs[-1][0] + segs[-1][1])
                if hidden is not None and hidden.any():
                    right = segs[-1][0] + segs[-1][1]
                    gap = 100.0 * float(np.sum(counts[hidden])) / n
                    ax.barh(
                        yi,
                        gap,
                        left=right,
                        height=bar_h,
                        color="#FFFFFF",
                        edgecolor="#888888",
                        hatch="///",
                        linewidth=0.5,
                    )
                    extent = max(extent, right + gap)
            if by is None:
                var = ds.codebook.get(it)
                dk = sum((var.missing or {}).values()) if var is not None else 0
                total = n + dk
                share = 100 * dk / total if total else np.nan
            else:
                size = int(g.mask.sum())
                share = 100 * (1 - n / size) if size else np.nan
            dk_share.append(share)
        ax.axvline(0, color="#555555", linewidth=0.8, zorder=0.5)
        ax.set_yticks(range(len(order)), tested_labels if gi == 0 else plain)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        if by is not None:
            ax.set_title(g.title, loc="left", fontweight="bold")
        shares = np.array(dk_share, dtype=float)
        ys = np.arange(len(order))
        ok = np.isfinite(shares)
        axdk.barh(ys[ok], shares[ok], height=bar_h, color=theme.DONT_KNOW)
        for y, s in zip(ys[ok], shares[ok], strict=True):
            axdk.text(s + 1, y, f"{s:.0f}", va="center", fontsize=theme.MIN_PT)
        axdk.set_xlim(0, max(25.0, float(np.nanmax(shares)) * 1.4 if ok.any() else 25.0))
        axdk.tick_params(axis="y", left=False, labelleft=False)
        axdk.set_title(
            fit(text("dont_know" if by is None else "missing_incl_dk", lang), 70, theme.MIN_PT),
            fontsize=theme.MIN_PT,
            loc="right",
        )
        axdk.spines["left"].set_visible(False)
    lim = min(100.0, np.ceil(max(extent, 10.0) / 10) * 10 + 5)
    for ax in mains:
        ax.set_xlim(-lim, lim)
        ticks = np.arange(-np.floor(lim / 25) * 25, lim + 1, 25)
        ax.set_xticks(ticks, [f"{abs(t):.0f}" for t in ticks])
    mains[-1].set_xlabel(text("percent_of_answers", lang) + " (%)")
    from matplotlib.patches import Patch

    # as many legend columns as fit the width with labels of at least ~2 cm
    gaps = 2.6 * theme.MIN_PT  # handle, its gap to the label and the column spacing
    ncol = min(k, max(1, int((theme.WIDTH_PT - 20) // (LEGEND_LABEL_PT + gaps))))
    room = (theme.WIDTH_PT - 20) / ncol - gaps
    handles = [
        Patch(
            facecolor=colors[j],
            edgecolor=theme.OUTLINE,
            label=fit(labels[c], room, theme.MIN_PT, 3),
        )
        for j, c in enumerate(codes)
    ]
    fig.legend(
        handles=handles,
        loc="outside upper center",
        ncol=ncol,
        fontsize=theme.MIN_PT,
        handlelength=1.2,
        handletextpad=0.4,
        columnspacing=1.0,
    )
    notes = [caption or ""]
    notes.append(text("dk_beside" if by is None else "missing_beside", lang))
    if k % 2:
        notes.append(text("neutral_centred", lang))
    notes.extend(min_cell_notes(dropped, min_cell, lang, cells_hidden=bool(small)))
    if small_cells:
        notes.append(text("likert_small_cells", lang, min_cell=min_cell))
    if left_out:
        notes.append(text("other_scales", lang, items=", ".join(left_out)))
    if notes_by_item:
        notes.append(_family_note(tested, len(notes_by_item), lang))
    footnote(fig, notes)
    _drop_crowded(fig, lim, in_bar)
    return fig


#: The room of an item label (pt), the thickness of a bar (in) and the least room of a legend
#: label (pt), at the theme's width.
LABEL_PT = 165.0
BAR_IN = 0.22
LEGEND_LABEL_PT = 56.0


def _unbroken(s: str) -> str:
    """``s`` with no line break inside "p = 0,014" or "ε² = 0,02" (no-break spaces)."""
    return s.replace(" = ", "\u00a0=\u00a0").replace(" < ", "\u00a0<\u00a0")


def _row_height(labels: list[str]) -> float:
    """The height (in) of one item's row: its longest label's lines, or a bar's thickness."""
    lines = max((lab.count("\n") + 1 for lab in labels), default=1)
    return max(lines * theme.TICK_PT * LINE_SPACING / 72 + 0.08, BAR_IN + 0.1)


def _drop_crowded(fig: Any, lim: float, in_bar: list[tuple[Any, Any, float]]) -> None:
    """Remove the numbers in bar segments too narrow to hold them (measured after the layout)."""
    if not in_bar:
        return
    fig.draw_without_rendering()  # the constrained layout fixes the axes' widths
    for ax, number, width in in_bar:
        pt_per_pct = ax.get_position().width * fig.get_size_inches()[0] * 72 / (2 * lim)
        if text_width(number.get_text(), theme.MIN_PT) + 3 > width * pt_per_pct:
            number.remove()
