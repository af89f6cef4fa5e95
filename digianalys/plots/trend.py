"""Trend figure: mean (numeric/ordinal) or share (binary) of a variable by ``wave``, one line
per group, with 95 % CIs (t interval for means, Wilson for shares)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dataset import Dataset
from ..errors import AnalysisError, VariableError
from ..output.i18n import text
from ..stats.design_estimates import mean_interval, share_percent
from . import theme
from .common import (
    check_type,
    code_ticks,
    design_note,
    error_bars,
    footnote,
    group_levels,
    groups,
    min_cell_notes,
    n_text,
    numeric,
    one_variable,
    plot_design,
    set_title,
    single_axes,
    wrap,
)


def interval(vals: np.ndarray, binary: bool) -> tuple[float, float, float]:
    """(estimate, low, high): Wilson CI of the share ×100, or mean ± t·SE."""
    from scipy import stats

    n = len(vals)
    if binary:
        from statsmodels.stats.proportion import proportion_confint

        count = int((vals == 1).sum())
        lo, hi = proportion_confint(count, n, alpha=0.05, method="wilson")
        return 100 * count / n, 100 * lo, 100 * hi
    mean = float(np.mean(vals))
    if n < 2:
        return mean, np.nan, np.nan
    half = float(stats.t.ppf(0.975, n - 1) * np.std(vals, ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half


def draw(
    ds: Dataset,
    args: list[str],
    *,
    by: str | None = None,
    lang: str = "en",
    min_cell: int = 5,
    caption: str | None = None,
    inference: str | None = None,
    **_: Any,
) -> Any:
    """Lines of the mean/share of ``args[0]`` across waves per group of ``by`` (with the
    population design: population estimates with design-based intervals)."""
    var = one_variable(args, "trend")
    if "wave" not in ds.data.columns:
        raise VariableError(
            "plot trend needs a 'wave' column; ingest each survey round with --wave, e.g. "
            "digianalys ingest a.xlsx b.xlsx --wave 2018 --wave 2021 -o DIR"
        )
    if var == "wave" or by == "wave":
        raise VariableError("plot trend: 'wave' is the x axis; choose another VAR and --by")
    vtype = check_type(ds, var, ("numeric", "ordinal", "binary"), "trend")
    binary = vtype == "binary"
    y = numeric(ds, var)
    waves = group_levels(ds, "wave")
    if len(waves) < 1:
        raise AnalysisError("plot trend: the 'wave' column is empty")
    wave_col = ds.data["wave"].astype(object)
    grps, dropped = groups(ds, by, y.notna(), min_cell, "trend", lang, answers_to=var)
    found = plot_design(ds, inference)
    colors = theme.group_colors(len(grps))
    fig, ax = single_axes(theme.WIDTH_IN, 4.2)
    width = 0.25 if len(grps) > 1 else 0.0
    offsets = np.linspace(-width / 2, width / 2, len(grps)) if len(grps) > 1 else [0.0]
    small = False
    # per wave, small group cells and their complements are left out (as describe would,
    # so that the whole-sample trend minus the drawn groups gives no small cell)
    from ..stats.disclosure import suppressed_groups

    hidden_cells: set[tuple[int, int]] = set()
    if by is not None:
        for wi, (wkey, _label) in enumerate(waves):
            in_wave = wave_col == wkey
            sizes = {gi: int(y[g.mask & in_wave].notna().sum()) for gi, g in enumerate(grps)}
            sizes = {gi: n for gi, n in sizes.items() if n > 0}
            lo_, extra_ = suppressed_groups(sizes, min_cell)
            hidden_cells |= {(gi, wi) for gi in lo_ + extra_}
    for gi, (g, c, off) in enumerate(zip(grps, colors, offsets, strict=True)):
        xs, est, lo, hi = [], [], [], []
        for wi, (wkey, _label) in enumerate(waves):
            vals = y[g.mask & (wave_col == wkey)].dropna().to_numpy()
            if len(vals) == 0:
                continue
            if (min_cell and len(vals) < min_cell) or (gi, wi) in hidden_cells:
                small = True
                continue
            if found is not None:
                cell = (g.mask & (wave_col == wkey) & y.notna()).to_numpy(dtype=bool)
                e, low, high = (
                    share_percent(found, (y == 1).fillna(False).to_numpy(dtype=bool), cell)
                    if binary
                    else mean_interval(found, y.to_numpy(dtype=float), cell)
                )
            else:
                e, low, high = interval(vals, binary)
            xs.append(wi + off)
            est.append(e)
            lo.append(low)
            hi.append(high)
        if not xs:
            continue
        est_a = np.array(est)
        err = error_bars(est_a, np.array(lo), np.array(hi))
        label = g.title if by is not None else n_text(g.n)
        ax.errorbar(
            xs,
            est_a,
            yerr=err,
            color=c,
            marker="o",
            markersize=5,
            capsize=3,
            linewidth=1.6,
            label=label,
        )
    ax.set_xticks(range(len(waves)), [str(lab) for _, lab in waves])
    ax.set_xlim(-0.5, len(waves) - 0.5)
    ax.set_xlabel(text("wave", lang))
    if binary:
        ax.set_ylabel(text("share_yes", lang) + " (%)")
        ax.set_ylim(0, 100)
    elif vtype == "ordinal":
        code_ticks(ax.set_yticks, ds, var)
        ax.set_ylabel(text("mean", lang))
    else:
        ax.set_ylabel(text("mean", lang))
    set_title(fig, ds.label(var))
    if ax.get_legend_handles_labels()[0]:  # every wave × group cell may be below min_cell
        ax.legend(loc="best", title=wrap(ds.label(by), 30) if by else None)
    notes = [
        caption or "",
        design_note(found, lang) or text("wilson_ci" if binary else "mean_ci", lang),
        *min_cell_notes(dropped, min_cell, lang, cells_hidden=small),
    ]
    footnote(fig, notes)
    return fig
