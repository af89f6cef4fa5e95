"""Scatter figure: X against Y (jittered for ordinal), OLS line with 95 % CI band per group,
coloured by group, the correlation estimate (``scipy.stats``) in the legend."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dataset import Dataset
from ..errors import VariableError
from ..output.i18n import text
from . import theme
from .common import (
    check_type,
    code_ticks,
    fit,
    footnote,
    groups,
    jitter,
    min_cell_notes,
    n_text,
    num,
    numeric,
    single_axes,
    value_labels,
)

SEED = 20240521  #: jitter seed
SYMBOL = {"spearman": "ρ", "pearson": "r", "kendall": "τ"}
ALLOWED = ("numeric", "ordinal", "binary")


def correlation(x: np.ndarray, y: np.ndarray, method: str) -> float:
    """The correlation estimate (scipy.stats spearmanr / pearsonr / kendalltau)."""
    from scipy import stats

    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    if method == "pearson":
        return float(stats.pearsonr(x, y).statistic)
    if method == "kendall":
        return float(stats.kendalltau(x, y).statistic)
    return float(stats.spearmanr(x, y).statistic)


def ols_band(x: np.ndarray, y: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, ...]:
    """OLS fitted line and 95 % CI of the mean over ``grid`` (statsmodels)."""
    import statsmodels.api as sm

    fit = sm.OLS(y, sm.add_constant(x)).fit()
    frame = fit.get_prediction(sm.add_constant(grid, has_constant="add")).summary_frame(0.05)
    return (
        frame["mean"].to_numpy(),
        frame["mean_ci_lower"].to_numpy(),
        frame["mean_ci_upper"].to_numpy(),
    )


def draw(
    ds: Dataset,
    args: list[str],
    *,
    by: str | None = None,
    method: str = "spearman",
    lang: str = "en",
    min_cell: int = 5,
    caption: str | None = None,
    **_: Any,
) -> Any:
    """Scatter of ``args = [X, Y]`` with per-group OLS lines; see the module docstring."""
    if len(args) != 2:
        raise VariableError("plot scatter needs two variables: plot scatter DIR X Y [--by GROUP]")
    if method not in SYMBOL:
        raise VariableError(f"plot scatter: unknown method '{method}'; use {', '.join(SYMBOL)}")
    xname, yname = args
    xtype = check_type(ds, xname, ALLOWED, "scatter")
    ytype = check_type(ds, yname, ALLOWED, "scatter")
    x, y = numeric(ds, xname), numeric(ds, yname)
    both = x.notna() & y.notna()
    too_few = (
        f"plot scatter: too few complete pairs of '{xname}' and '{yname}' "
        f"(at least {max(min_cell, 3)} per group needed)"
    )
    grps, dropped = groups(ds, by, both, min_cell, "scatter", lang, none_left=too_few, min_n=3)
    rng = np.random.default_rng(SEED)
    colors = theme.group_colors(len(grps))
    fig, ax = single_axes(theme.WIDTH_IN, 4.6)
    jx = 0.15 if xtype != "numeric" else 0.0
    jy = 0.15 if ytype != "numeric" else 0.0
    symbol = SYMBOL[method]
    for g, c in zip(grps, colors, strict=True):
        m = g.mask & both
        xv, yv = x[m].to_numpy(), y[m].to_numpy()
        px = jitter(rng, xv, jx)
        py = jitter(rng, yv, jy)
        est = correlation(xv, yv, method)
        name = f"{symbol} = {num(est, lang)}"
        label = f"{g.title}: {name}" if by is not None else f"{name} ({n_text(g.n)})"
        ax.scatter(px, py, s=12, color=c, alpha=0.55, linewidths=0, label=label)
        if np.ptp(xv) > 0:
            grid = np.linspace(xv.min(), xv.max(), 60)
            mean, lo, hi = ols_band(xv, yv, grid)
            ax.plot(grid, mean, color=c, linewidth=1.6)
            ax.fill_between(grid, lo, hi, color=c, alpha=0.18, linewidth=0)
    if xtype != "numeric":  # the answers share the axis: about 11 cm over k ticks
        room = 310 / max(len(value_labels(ds, xname)), 1)
        code_ticks(ax.set_xticks, ds, xname, max(int(room / (0.55 * theme.TICK_PT)), 6), 3)
    if ytype != "numeric":
        code_ticks(ax.set_yticks, ds, yname, 16, 3)
    ax.set_xlabel(fit(ds.label(xname), theme.WIDTH_PT - 120, theme.TEXT_PT, 2))
    ax.set_ylabel(fit(ds.label(yname), 220, theme.TEXT_PT, 3))
    ax.legend(loc="best", title=method.capitalize())
    notes = [caption or "", text("fitted_ols", lang), text("jittered", lang) if jx or jy else ""]
    footnote(fig, [*notes, *min_cell_notes(dropped, min_cell, lang)])
    return fig
