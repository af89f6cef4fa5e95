"""Heatmap figure: a correlation matrix (Spearman by default) with the values in the cells.

The matrix comes from :func:`digianalys.stats.correlation.correlation_matrix`; cells with fewer
than ``min_cell`` complete pairs are left blank.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..errors import VariableError
from ..output.i18n import text
from . import theme
from .common import (
    check_type,
    fit,
    footnote,
    min_cell_notes,
    num,
    numeric,
    set_title,
    single_axes,
)

ALLOWED = ("numeric", "ordinal", "binary")


def default_variables(ds: Dataset) -> list[str]:
    """Scales if the codebook defines any, else all numeric and ordinal variables."""
    scales = [s for s in ds.codebook.scales if ds.has(s)]
    if len(scales) >= 2:
        return scales
    return [v.name for v in ds.codebook.of_type("numeric", "ordinal") if ds.has(v.name)] + scales


def matrix(ds: Dataset, variables: list[str], method: str) -> pd.DataFrame:
    """The correlation matrix from the stats module (pairwise complete observations)."""
    try:
        from ..stats.correlation import correlation_matrix
    except ImportError:  # the stats module is not installed in this build
        frame = pd.DataFrame({v: numeric(ds, v) for v in variables})
        return frame.corr(method=method)  # type: ignore[arg-type]
    return correlation_matrix(ds, variables, method)


def draw(
    ds: Dataset,
    args: list[str],
    *,
    method: str = "spearman",
    lang: str = "en",
    min_cell: int = 5,
    caption: str | None = None,
    **_: Any,
) -> Any:
    """Correlation heatmap of ``args`` (default: see :func:`default_variables`)."""
    variables = list(dict.fromkeys(args)) or default_variables(ds)
    for v in variables:
        check_type(ds, v, ALLOWED, "heatmap")
    if len(variables) < 2:
        raise VariableError("plot heatmap needs at least two numeric or ordinal variables")
    corr = matrix(ds, variables, method).reindex(index=variables, columns=variables)
    values = corr.to_numpy(dtype="float64").copy()
    present = pd.DataFrame({v: numeric(ds, v).notna() for v in variables}).to_numpy(dtype=float)
    pairs = present.T @ present
    blanked = bool(min_cell) and bool((pairs < min_cell).any())
    if min_cell:
        values[pairs < min_cell] = np.nan
    k = len(variables)
    labels = [ds.label(v) for v in variables]
    # long labels (or many variables) are numbered: beside the rows "1 label" and the numbers
    # under the columns; beyond 10 variables the labels go to the note (key), so that the
    # matrix takes the width and its cells hold their values at a legible size
    numbered = any(len(lab) > 25 for lab in labels) or k > 8
    keyed = k > 10
    if keyed:
        ylabels = xlabels = [str(i + 1) for i in range(k)]
        side, below = theme.WIDTH_IN - 1.6, 0.3
    elif numbered:
        ylabels = [f"{i + 1}  {fit(lab, 150, theme.TICK_PT, 3)}" for i, lab in enumerate(labels)]
        xlabels = [str(i + 1) for i in range(k)]
        side, below = theme.WIDTH_IN - 170 / 72 - 1.2, 0.3
    else:
        ylabels = [fit(lab, 120, theme.TICK_PT, 3) for lab in labels]
        xlabels = [fit(lab, 90, theme.TICK_PT, 3) for lab in labels]
        side, below = theme.WIDTH_IN - 120 / 72 - 1.2, 1.3
    side = min(side, 0.5 + 0.6 * k)  # few variables: cells of about 1.5 cm, not the width
    fig, ax = single_axes(theme.WIDTH_IN, side + below + 0.6)
    im = ax.imshow(
        np.ma.masked_invalid(values), cmap=theme.CORR_CMAP, vmin=-1, vmax=1, aspect="equal"
    )
    for i in range(k):
        for j in range(k):
            if np.isfinite(values[i, j]):
                ax.text(
                    j,
                    i,
                    num(values[i, j], lang),
                    ha="center",
                    va="center",
                    fontsize=theme.TICK_PT if k <= 6 else theme.MIN_PT,
                    color="white" if abs(values[i, j]) > 0.6 else "#222222",
                )
    ax.set_xticks(
        range(k), xlabels, rotation=0 if numbered else 45, ha="center" if numbered else "right"
    )
    ax.set_yticks(range(k), ylabels)
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    cb = fig.colorbar(im, ax=ax, shrink=0.8)
    cb.outline.set_visible(False)
    set_title(fig, text("correlation_matrix", lang, method=text(method, lang)))
    key = "; ".join(f"{i + 1} {lab}" for i, lab in enumerate(labels)) if keyed else ""
    footnote(fig, [key, caption or "", *min_cell_notes([], min_cell, lang, cells_hidden=blanked)])
    return fig
