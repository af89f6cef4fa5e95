"""Bar figure: share answering yes (binary) or agreeing (top two codes, ordinal) by group,
with Wilson 95 % confidence intervals (``statsmodels.stats.proportion.proportion_confint``).

Groups with fewer than ``min_cell`` answers are left out (with their complement); under the
``cells`` rule (``suppress``) a group whose yes/agreeing count (or the rest) is 1 … min_cell − 1
also gets no bar ("–"), as describe hides that share.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dataset import Dataset
from ..errors import AnalysisError
from ..output.i18n import decimal, text
from ..stats.design_estimates import share_percent
from . import theme
from .common import (
    check_type,
    design_note,
    error_bars,
    footnote,
    group_ticks,
    groups,
    min_cell_notes,
    numeric,
    one_variable,
    plot_design,
    set_title,
    single_axes,
    value_labels,
    wrap,
)


def success_codes(ds: Dataset, var: str, vtype: str) -> tuple[list[int], str]:
    """Codes that count as 'yes'/'agreeing' and the axis label describing them."""
    if vtype == "binary":
        return [1], ""
    labels = value_labels(ds, var)
    codes = sorted(labels)
    if len(codes) < 3:
        raise AnalysisError(
            f"plot bar: '{var}' has only {len(codes)} answer codes; the top two would be everything"
        )
    top = codes[-2:]
    return top, " / ".join(labels[c] for c in reversed(top))


def draw(
    ds: Dataset,
    args: list[str],
    *,
    by: str | None = None,
    lang: str = "en",
    min_cell: int = 5,
    caption: str | None = None,
    suppress: str = "groups",
    inference: str | None = None,
    **_: Any,
) -> Any:
    """Bars of the share yes/agreeing per group with Wilson CIs (with the population design:
    population shares with design-based intervals); n per group in tick labels."""
    from statsmodels.stats.proportion import proportion_confint

    from .shares import TYPES, draw_shares

    kinds = [ds.vtype(a) if ds.has(a) else "" for a in args]
    options = len(args) > 1 and all(k in ("multi", "binary") for k in kinds)
    if options or (len(args) == 1 and kinds[0] in TYPES):
        return draw_shares(
            ds, args, by=by, lang=lang, min_cell=min_cell, caption=caption, inference=inference
        )
    var = one_variable(args, "bar")
    vtype = check_type(ds, var, ("binary", "ordinal"), "bar")
    y = numeric(ds, var)
    codes, top_text = success_codes(ds, var, vtype)
    grps, dropped = groups(ds, by, y.notna(), min_cell, "bar", lang, answers_to=var)
    found = plot_design(ds, inference)
    shares, lows, highs = [], [], []
    for g in grps:
        vals = y[g.mask].dropna()
        count = int(vals.isin(codes).sum())
        small = 0 < count < min_cell or 0 < len(vals) - count < min_cell
        if min_cell and suppress == "cells" and small:
            # as describe's share under the cells rule: with n shown, the bar would reveal a
            # small count
            shares.append(np.nan)
            lows.append(np.nan)
            highs.append(np.nan)
            continue
        if found is not None:
            answered = (g.mask & y.notna()).to_numpy()
            p, lo, hi = share_percent(found, y.isin(codes).to_numpy() & answered, answered)
            shares.append(p)
            lows.append(lo)
            highs.append(hi)
            continue
        lo, hi = proportion_confint(count, len(vals), alpha=0.05, method="wilson")
        shares.append(100 * count / len(vals))
        lows.append(100 * lo)
        highs.append(100 * hi)
    hidden = np.isnan(np.array(shares))
    shares_a = np.array(shares)
    err = error_bars(shares_a, np.array(lows), np.array(highs))
    colors = theme.group_colors(len(grps))
    fig, ax = single_axes(theme.WIDTH_IN, 4.2)
    xs = np.arange(len(grps))
    ok = ~hidden
    shown_colors = [c for c, k in zip(colors, ok, strict=True) if k]
    ax.bar(xs[ok], shares_a[ok], width=0.6, color=shown_colors)
    ax.errorbar(
        xs[ok], shares_a[ok], yerr=err[:, ok], fmt="none", ecolor="#222222", capsize=4, linewidth=1
    )
    for x, s, h, k in zip(xs, shares_a, highs, ok, strict=True):
        label = decimal(f"{s:.0f} %", lang) if k else "–"
        ax.text(x, (h if k else 0) + 2, label, ha="center", va="bottom")
    ax.set_ylim(0, 110)
    ax.set_yticks(range(0, 101, 20))
    ticks, rotation = group_ticks(grps)
    ax.set_xticks(xs, ticks, rotation=rotation)
    if vtype == "binary":
        ylabel = text("share_yes", lang)
    else:
        ylabel = text("share_agree", lang)
    ax.set_ylabel(wrap(ylabel + " (%)", 40))
    if by is not None:
        ax.set_xlabel(wrap(ds.label(by), 60))
    set_title(fig, ds.label(var))
    notes = [
        caption or "",
        text("share_top2", lang, answers=top_text) + "." if top_text else "",
        design_note(found, lang) or text("wilson_ci", lang),
        *min_cell_notes(dropped, min_cell, lang, cells_hidden=bool(hidden.any())),
    ]
    footnote(fig, notes)
    return fig
