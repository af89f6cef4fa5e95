"""Box figure: distribution of a numeric/ordinal/scale variable by group, box plus points."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dataset import Dataset
from ..output.i18n import text
from . import theme
from .common import (
    check_type,
    code_ticks,
    fit,
    footnote,
    group_ticks,
    groups,
    jitter,
    min_cell_notes,
    numeric,
    one_variable,
    set_title,
    single_axes,
)

SEED = 20240521  #: jitter seed (fixed: the same input gives the same figure)


def draw(
    ds: Dataset,
    args: list[str],
    *,
    by: str | None = None,
    lang: str = "en",
    min_cell: int = 5,
    caption: str | None = None,
    **_: Any,
) -> Any:
    """Box plot of ``args[0]`` by ``by`` with jittered points; n per group in the tick labels."""
    var = one_variable(args, "box")
    vtype = check_type(ds, var, ("numeric", "ordinal"), "box")
    y = numeric(ds, var)
    grps, dropped = groups(ds, by, y.notna(), min_cell, "box", lang, answers_to=var)
    rng = np.random.default_rng(SEED)
    colors = theme.group_colors(len(grps))
    fig, ax = single_axes(theme.WIDTH_IN, 4.2)
    data = [y[g.mask].dropna().to_numpy() for g in grps]
    bp = ax.boxplot(
        data,
        positions=range(len(grps)),
        widths=0.55,
        patch_artist=True,
        showfliers=False,
        medianprops={"color": "#222222", "linewidth": 1.5},
    )
    for patch, c in zip(bp["boxes"], colors, strict=True):
        patch.set_facecolor(c)
        patch.set_alpha(0.35)
        patch.set_edgecolor(c)
    jitter_y = 0.12 if vtype == "ordinal" else 0.0
    for i, (vals, c) in enumerate(zip(data, colors, strict=True)):
        xs = i + rng.uniform(-0.18, 0.18, size=len(vals))
        ax.scatter(xs, jitter(rng, vals, jitter_y), s=9, color=c, alpha=0.6, linewidths=0, zorder=3)
    ticks, rotation = group_ticks(grps)
    ax.set_xticks(range(len(grps)), ticks, rotation=rotation)
    if vtype == "ordinal":
        code_ticks(ax.set_yticks, ds, var)
    ax.set_ylabel(fit(ds.label(var), 200, theme.TEXT_PT, 3) if vtype != "ordinal" else "")
    if by is not None:
        ax.set_xlabel(fit(ds.label(by), theme.WIDTH_PT - 120, theme.TEXT_PT, 2))
    set_title(fig, ds.label(var))
    notes = [caption or "", text("jittered", lang) if jitter_y else ""]
    footnote(fig, [*notes, *min_cell_notes(dropped, min_cell, lang)])
    return fig
