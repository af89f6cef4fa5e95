"""Bar figure of shares for the questions a single bar cannot show (``plot bar``):

- a **categorical** question: the share choosing each answer (answers in codebook order);
- **select-all** options (``multi``) or several binary questions: the share ticking/answering yes
  to each, sorted by the overall share (one multi option given alone brings in the other options
  of its question);

as horizontal bars with Wilson 95 % intervals (statsmodels ``proportion_confint``), one colour
per group with ``by``. Disclosure follows the group rule: a group with fewer than ``min_cell``
answers is left out with its complement (:func:`.common.groups`); a kept group shows every
share, rare answers included.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..errors import VariableError
from ..output.i18n import decimal, text, tr
from ..stats.data import label
from ..stats.design_estimates import share_percent
from . import theme
from .common import (
    design_note,
    error_bars,
    fit,
    footnote,
    groups,
    legend_columns,
    min_cell_notes,
    numeric,
    plot_design,
    set_title,
    single_axes,
    wrap,
)

#: Types drawn here (``bar.draw`` hands them over).
TYPES = ("categorical", "multi")


def options_of(ds: Dataset, names: list[str]) -> list[str]:
    """The variables to draw: a single multi option brings in its question's other options."""
    if len(names) == 1 and ds.vtype(names[0]) == "multi":
        var = ds.codebook.get(names[0])
        question = getattr(var, "question", None)
        if question:
            same = [
                v.name
                for v in ds.codebook.variables
                if v.type == "multi" and v.question == question and v.name in ds.data.columns
            ]
            if len(same) > 1:
                return same
    return names


def _categorical_rows(ds: Dataset, var: str) -> tuple[list[str], pd.Series, list[pd.Series]]:
    from ..stats.data import categories

    cats, levels = categories(ds, var)
    valid = cats.notna()
    return levels, valid, [cats == lv for lv in levels]


def _option_rows(ds: Dataset, names: list[str]) -> tuple[list[str], pd.Series, list[pd.Series]]:
    values = [numeric(ds, n) for n in names]
    valid = pd.concat([v.notna() for v in values], axis=1).any(axis=1)
    return [ds.label(n) for n in names], valid, [v == 1 for v in values]


def draw_shares(
    ds: Dataset,
    names: list[str],
    *,
    by: str | None = None,
    lang: str = "en",
    min_cell: int = 5,
    caption: str | None = None,
    inference: str | None = None,
) -> Any:
    """Horizontal bars of shares per answer/option (see the module docstring); with the
    population design (:func:`.common.plot_design`) population shares with design intervals."""
    from statsmodels.stats.proportion import proportion_confint

    for n in names:
        ds.require(n, where="the dataset (plot bar)")
    kinds = {ds.vtype(n) for n in names}
    categorical = kinds == {"categorical"}
    if categorical and len(names) != 1:
        raise VariableError(
            "plot bar draws one categorical question at a time; give one variable "
            "(or several select-all options / yes-no questions)"
        )
    if not categorical and not kinds <= {"multi", "binary"}:
        raise VariableError(
            f"plot bar with several variables needs select-all options or yes/no questions; "
            f"got {', '.join(sorted(kinds))}"
        )
    if categorical:
        labels, valid, hits = _categorical_rows(ds, names[0])
        title = ds.label(names[0])
        order = list(range(len(labels)))
    else:
        names = options_of(ds, names)
        labels, valid, hits = _option_rows(ds, names)
        var = ds.codebook.get(names[0])
        title = getattr(var, "question", None) or ""
        overall = [float(h[valid].mean()) if valid.any() else 0.0 for h in hits]
        order = sorted(range(len(labels)), key=lambda i: (-overall[i], i))
    grps, dropped = groups(ds, by, valid, min_cell, "bar", lang, answers_to=names[0])
    found = plot_design(ds, inference)
    k = len(grps)
    colors = theme.group_colors(k)
    rows = len(order)
    height = 0.8 / k
    fig, ax = single_axes(theme.WIDTH_IN, max(2.5, 0.45 * rows * max(1.0, k * 0.5) + 1.2))
    for j, g in enumerate(grps):
        base = valid & g.mask
        n_group = int(base.sum())
        shares, lows, highs = [], [], []
        for i in order:
            if found is not None:
                hit = (hits[i] & base).fillna(False).to_numpy(dtype=bool)
                p, lo, hi = share_percent(found, hit, base.to_numpy(dtype=bool))
                shares.append(p)
                lows.append(lo)
                highs.append(hi)
                continue
            count = int((hits[i] & base).sum())
            lo, hi = proportion_confint(count, n_group, alpha=0.05, method="wilson")
            shares.append(100 * count / n_group)
            lows.append(100 * lo)
            highs.append(100 * hi)
        s = np.array(shares)
        err = error_bars(s, np.array(lows), np.array(highs))
        ys = np.arange(rows) + (j - (k - 1) / 2) * height
        ax.barh(ys, s, height=height * 0.9, color=colors[j], label=g.title)
        ax.errorbar(s, ys, xerr=err, fmt="none", ecolor="#222222", capsize=2, linewidth=0.8)
        for y, v, h in zip(ys, s, highs, strict=True):
            ax.text(h + 1.5, y, decimal(f"{v:.0f} %", lang), va="center", fontsize=theme.MIN_PT)
    ax.set_yticks(np.arange(rows), [fit(labels[i], 180, theme.TICK_PT, 3) for i in order])
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.set_xticks(range(0, 101, 20))
    key = "share_choosing" if categorical else "share_ticking"
    ax.set_xlabel(text(key, lang) + " (%)")
    if title:
        set_title(fig, title)
    if by is not None:
        ax.legend(
            title=wrap(tr(label(ds, by), lang), 60),
            loc="lower left",  # above the bars, under the title: kept with the figure
            bbox_to_anchor=(0.0, 1.01),
            ncol=legend_columns([g.title for g in grps], theme.WIDTH_PT - 200),
            frameon=False,
        )
    notes = [
        caption or "",
        design_note(found, lang) or text("wilson_ci", lang),
        *min_cell_notes(dropped, min_cell, lang),
    ]
    footnote(fig, notes)
    return fig
