"""Forest figure: model coefficients with 95 % CIs from :func:`digianalys.stats.models.model`.

The intercept (and the thresholds of an ordinal model) are left out. For logit and ordinal
models the coefficients are drawn as odds ratios (exp of estimate and CI) on a log axis with a
reference line at 1; for OLS the reference line is at 0. Term names are shown with codebook
labels from the model's ``label`` column (``C(sector)[T.kommunal]`` → "Organisationstyp:
kommunal (jämfört med statlig)", :mod:`digianalys.stats.term_labels`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..errors import AnalysisError, VariableError
from ..output.i18n import decimal, text, tr
from . import theme
from .common import error_bars, fit, footnote, set_title, single_axes


def draw(
    ds: Dataset,
    args: list[str],
    *,
    model_kind: str = "ols",
    robust: str = "hc3",
    lang: str = "en",
    min_cell: int = 5,
    caption: str | None = None,
    **_: Any,
) -> Any:
    """Coefficients of the model ``" ".join(args)`` with CIs and a reference line.

    Levels of categorical predictors with fewer than ``min_cell`` answers are left out of the
    model (see :func:`digianalys.stats.models.model`), and the figure's footnote says so."""
    formula = " ".join(args).strip()
    if "~" not in formula:
        raise VariableError(
            'plot forest needs a model formula, e.g. plot forest DIR "pace ~ leadership + C(sector)"'
        )
    from ..stats.models import model

    res = model(ds, formula, kind=model_kind, robust=robust, min_cell=min_cell)
    table = res.tables.get("coefficients", res.main)
    missing = [c for c in ("term", "estimate", "conf_low", "conf_high") if c not in table.columns]
    if missing:
        raise AnalysisError(f"plot forest: the model table lacks {', '.join(missing)}")
    keep = table["term"].astype(str).ne("Intercept")
    if model_kind == "ordinal":
        if "odds_ratio" in table.columns:  # thresholds (cut-points) have no odds ratio
            keep &= table["odds_ratio"].notna()
        else:
            keep &= ~table["term"].astype(str).str.contains("/", regex=False)
    coefs = table[keep].reset_index(drop=True)
    if coefs.empty:
        raise AnalysisError(f"plot forest: the model '{formula}' has no predictors to show")
    est = pd.to_numeric(coefs["estimate"], errors="coerce").to_numpy(dtype=float)
    lo = pd.to_numeric(coefs["conf_low"], errors="coerce").to_numpy(dtype=float)
    hi = pd.to_numeric(coefs["conf_high"], errors="coerce").to_numpy(dtype=float)
    odds = model_kind in ("logit", "ordinal")
    if odds:
        est, lo, hi = np.exp(est), np.exp(lo), np.exp(hi)
    labels = [fit(tr(label, lang), 200, theme.TICK_PT, 3) for label in coefs["label"]]
    k = len(labels)
    lines = sum(max(lab.count("\n") + 1, 2) for lab in labels)  # rows grow with their labels
    fig, ax = single_axes(theme.WIDTH_IN, 1.3 + 0.16 * lines + 0.1 * k)
    ys = np.arange(k)
    ax.axvline(1.0 if odds else 0.0, color="#777777", linewidth=0.9, linestyle="--", zorder=0)
    ax.errorbar(
        est,
        ys,
        xerr=error_bars(est, lo, hi),
        fmt="o",
        color="#0072B2",
        ecolor="#0072B2",
        capsize=3,
        markersize=5,
        linewidth=1.2,
    )
    if odds:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: decimal(f"{v:g}", lang)))
        ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(ys, labels)
    ax.set_ylim(k - 0.5, -0.5)
    ax.set_xlabel(text("odds_ratio" if odds else "estimate", lang))
    dep = formula.split("~", 1)[0].strip()
    title = text("coefficients_title", lang)
    if dep in ds.data.columns:
        title += ": " + ds.label(dep)
    set_title(fig, title)
    small = [tr(m, lang) for m in res.notes if getattr(m, "key", "") == "model_small_levels"]
    footnote(fig, [caption or "", *(tr(m, lang) for m in res.methods[:1]), *small])
    return fig
