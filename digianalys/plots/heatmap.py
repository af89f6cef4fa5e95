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
from .common import check_type, footnote, min_cell_notes, num, numeric, single_axes, wrap

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
    numbered = any(len(lab) > 25 for lab in labels) or k > 8
    ylabels = [f"{i + 1}  {wrap(lab, 40, 2)}" if numbered else lab for i, lab in enumerate(labels)]
    xlabels = [str(i + 1) for i in range(k)] if numbered else [wrap(lab, 14, 3) for lab in labels]
    size = 1.6 + 0.55 * k
    fig, ax = single_axes(size + (3.5 if numbered else 1.5), size + 0.8)
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
                    fontsize=7.5,
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
    ax.set_title(text("correlation_matrix", lang, method=text(method, lang)), loc="left")
    footnote(
        fig, [caption or "", *min_cell_notes([], min_cell, lang, cells_hidden=blanked)], width=90
    )
    return fig
