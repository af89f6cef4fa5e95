"""Box figure: distribution of a numeric/ordinal/scale variable by group, box plus points."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dataset import Dataset
from ..errors import AnalysisError, VariableError
from ..i18n import text
from . import theme
from ._common import (
    check_type,
    dropped_note,
    footnote,
    groups,
    n_text,
    new_figure,
    numeric,
    value_labels,
    wrap,
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
    if len(args) != 1:
        raise VariableError("plot box needs exactly one variable: plot box DIR VAR --by GROUP")
    var = args[0]
    vtype = check_type(ds, var, ("numeric", "ordinal"), "box")
    y = numeric(ds, var)
    grps, dropped = groups(ds, by, y.notna(), min_cell, "box", lang)
    if not grps:
        raise AnalysisError(
            f"plot box: no group has at least {min_cell} answers to '{var}'; lower --min-cell"
        )
    rng = np.random.default_rng(SEED)
    colors = theme.group_colors(len(grps))
    fig = new_figure(max(4.0, 1.2 * len(grps) + 2.0), 4.5)
    fig.set_layout_engine("constrained")
    ax = fig.add_subplot()
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
        ys = vals + rng.uniform(-jitter_y, jitter_y, size=len(vals)) if jitter_y else vals
        ax.scatter(xs, ys, s=9, color=c, alpha=0.6, linewidths=0, zorder=3)
    ax.set_xticks(range(len(grps)), [f"{wrap(g.label, 16)}\n({n_text(g.n)})" for g in grps])
    if vtype == "ordinal":
        labels = value_labels(ds, var)
        ax.set_yticks(list(labels), [wrap(v, 22) for v in labels.values()])
    ax.set_ylabel(wrap(ds.label(var), 40) if vtype != "ordinal" else "")
    if by is not None:
        ax.set_xlabel(wrap(ds.label(by), 60))
    ax.set_title(wrap(ds.label(var), 60), loc="left")
    notes = [caption or ""]
    if jitter_y:
        notes.append(text("jittered", lang))
    notes.append(dropped_note(dropped, min_cell, lang))
    footnote(fig, notes, width=70)
    return fig
