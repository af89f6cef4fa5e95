"""Design-based tests for a stratified survey of a finite population (R survey's tests).

All three take a :class:`~.design.SurveyDesign` (strata, finite-population correction and any
calibration) and arrays over its respondents; responses with a missing value in either variable
are left out as a domain (their weights count for nothing, the strata keep their sizes), as
survey does after ``subset``/``na.omit``. Degrees of freedom are the design's: respondents in the
tested rows minus their strata.

- :func:`rao_scott` — ``svychisq(~x + y, design)`` (statistic "F"): Pearson's X² on the weighted
  table scaled to n, divided by the mean generalised design effect; F with tr(Δ)²/tr(Δ²) and that
  times the design df degrees of freedom (Rao & Scott 1984 second-order correction).
- :func:`wald_means` — equality of group means: for two groups ``svyttest(y ~ g)`` (t with
  design df − 1), for k groups the Wald F of ``regTermTest(svyglm(y ~ g), ~g)`` (k − 1 and design
  df − (k − 1) degrees of freedom).
- :func:`rank_test` — ``svyranktest(y ~ g)`` (Lumley & Scott 2013): the same comparison on the
  rank scores ``(mid cumulative weight)/N̂``; the design-based Wilcoxon/Kruskal–Wallis test.

Size: with groups of 80–120 these reject close to 5 % under the null (a seeded simulation in
the tests); like R's, they reject 6–8 % when a group has about 20 respondents or the groups
cross strata of very unequal weights (the F reference takes the estimated covariance as known).

Covariances of several estimates come from the design's variance of sums (a quadratic form, so
``cov(a, b) = (V(a + b) − V(a) − V(b)) / 2`` is exact), so every variance — strata, fpc and
calibration — is the one of :meth:`SurveyDesign.variance`. Checked against R survey 4.1
(tests/stats/test_design_tests.py, the R script in tests/data/r_design/).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..errors import AnalysisError
from .design import SurveyDesign


@dataclass(frozen=True)
class DesignTest:
    """A design-based test: statistic (t or F), its degrees of freedom and p-value.

    ``df2`` is None for a t statistic (``df1`` is then its df). ``estimate`` is the difference
    of the first group's mean minus the second's for two groups (NaN otherwise); ``deff`` is the
    mean generalised design effect tr(Δ)/(df) of a Rao–Scott test (NaN otherwise)."""

    statistic: float
    df1: float
    df2: float | None
    p_value: float
    estimate: float = float("nan")
    se: float = float("nan")
    deff: float = float("nan")


def covariance(design: SurveyDesign, z: np.ndarray) -> np.ndarray:
    """Design covariance matrix of the totals of the columns of the influence matrix ``z``."""
    z = np.asarray(z, dtype="float64")
    k = z.shape[1]
    var = np.array([design.variance(z[:, i]) for i in range(k)])
    out = np.diag(var)
    for i in range(k):
        for j in range(i + 1, k):
            v = design.variance(z[:, i] + z[:, j])
            out[i, j] = out[j, i] = (v - var[i] - var[j]) / 2.0
    return out


def _complete(*arrays: ArrayLike) -> np.ndarray:
    """Rows where none of ``arrays`` is missing (None, NaN, pd.NA)."""
    import pandas as pd

    masks = [np.asarray(pd.isna(np.asarray(a, dtype=object)), dtype=bool) for a in arrays]
    return ~np.logical_or.reduce(masks)


def _levels(values: np.ndarray) -> list[object]:
    try:
        return sorted(set(values.tolist()))
    except TypeError:
        return list(dict.fromkeys(values.tolist()))


def _group_means(
    design: SurveyDesign, y: np.ndarray, g: np.ndarray, ok: np.ndarray, order: list[object]
) -> tuple[np.ndarray, np.ndarray]:
    """Domain means of ``y`` per group and their design covariance matrix."""
    w = design.weights
    means, cols = [], []
    for level in order:
        d = ok & (g == level)
        sw = float(np.sum(w[d]))
        if sw <= 0:
            raise AnalysisError(f"group '{level}' has no respondent with a positive weight")
        mu = float(np.sum(w[d] * y[d]) / sw)
        means.append(mu)
        cols.append(np.where(d, w * (np.where(d, y, 0.0) - mu) / sw, 0.0))
    return np.array(means), covariance(design, np.column_stack(cols))


def _order(groups: ArrayLike, ok: np.ndarray, order: Sequence[object] | None) -> list:
    g = np.asarray(groups, dtype=object)
    present = set(g[ok].tolist())
    if order is None:
        return [lv for lv in _levels(g[ok]) if lv in present]
    return [lv for lv in order if lv in present]


def _responses(y: ArrayLike, groups: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The outcome as floats, the groups as objects, and the rows where both are present."""
    yy = np.asarray(y, dtype="float64")
    g = np.asarray(groups, dtype=object)
    return yy, g, _complete(g) & np.isfinite(yy)


def wald_means(
    design: SurveyDesign,
    y: ArrayLike,
    groups: ArrayLike,
    order: Sequence[object] | None = None,
) -> DesignTest:
    """Design-based test that the groups' means of ``y`` are equal (see module docstring)."""
    from scipy import stats

    yy, g, ok = _responses(y, groups)
    levels = _order(g, ok, order)
    k = len(levels)
    if k < 2:
        raise AnalysisError("a design-based comparison needs at least two groups with answers")
    means, cov = _group_means(design, np.where(ok, yy, 0.0), g, ok, levels)
    df = design.domain_df(ok)
    if k == 2:
        diff = float(means[0] - means[1])
        se = float(np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]))
        t = diff / se if se > 0 else float("nan")
        dft = df - 1
        p = float(2 * stats.t.sf(abs(t), dft)) if dft > 0 and np.isfinite(t) else float("nan")
        return DesignTest(float(t), float(dft), None, p, diff, se)
    contrast = np.column_stack([-np.ones(k - 1), np.eye(k - 1)])  # group j − first group
    beta = contrast @ means
    v = contrast @ cov @ contrast.T
    chisq = float(beta @ np.linalg.solve(v, beta))
    df1, df2 = k - 1, df - (k - 1)
    f = chisq / df1
    p = float(stats.f.sf(f, df1, df2)) if df2 > 0 else float("nan")
    return DesignTest(f, float(df1), float(df2), p)


def rank_scores(design: SurveyDesign, y: ArrayLike, ok: np.ndarray) -> np.ndarray:
    """svyranktest's rank scores: the mid cumulative weight of each value (ties averaged) over
    N̂, computed over the complete responses (0 elsewhere)."""
    yy = np.asarray(y, dtype="float64")
    w = np.where(ok, design.weights, 0.0)
    idx = np.flatnonzero(ok)
    order = idx[np.argsort(yy[idx], kind="stable")]
    mid = np.cumsum(w[order]) - w[order] / 2.0
    vals = yy[order]
    # average the mid ranks within ties
    _, start, counts = np.unique(vals, return_index=True, return_counts=True)
    sums = np.add.reduceat(mid, start)
    tied = np.repeat(sums / counts, counts)
    out = np.zeros(len(yy))
    out[order] = tied
    return out / float(np.sum(w))


def rank_test(
    design: SurveyDesign,
    y: ArrayLike,
    groups: ArrayLike,
    order: Sequence[object] | None = None,
) -> DesignTest:
    """Design-based Wilcoxon (two groups, t) or Kruskal–Wallis (k groups, F) rank test."""
    yy, g, ok = _responses(y, groups)
    scores = rank_scores(design, yy, ok)
    return wald_means(design, np.where(ok, scores, np.nan), g, order)


def rao_scott(
    design: SurveyDesign,
    x: ArrayLike,
    y: ArrayLike,
) -> DesignTest:
    """Rao–Scott second-order corrected Pearson test of independence of ``x`` and ``y``."""
    from scipy import stats

    xa, ya = np.asarray(x, dtype=object), np.asarray(y, dtype=object)
    ok = _complete(xa, ya)
    rows, cols = _order(xa, ok, None), _order(ya, ok, None)
    nr, nc = len(rows), len(cols)
    if nr < 2 or nc < 2:
        raise AnalysisError("a test of independence needs two answers in each variable")
    w = design.weights
    sw = float(np.sum(w[ok]))
    n = int(ok.sum())
    # cells with rows varying fastest, as R's interaction(rows, cols)
    cells = [(r, c) for c in cols for r in rows]
    ind = np.column_stack([ok & (xa == r) & (ya == c) for r, c in cells]).astype(float)
    p = (w[:, None] * ind).sum(axis=0) / sw
    z = np.where(ok[:, None], w[:, None] * (ind - p[None, :]) / sw, 0.0)
    v = covariance(design, z)
    table = (p * n).reshape(nc, nr).T
    chi2 = float(stats.chi2_contingency(table, correction=False)[0])
    # design matrices of the independence model (X1) and its interaction columns (X12)
    ri = np.array([rows.index(r) for r, _ in cells])
    ci = np.array([cols.index(c) for _, c in cells])
    x1 = np.column_stack(
        [np.ones(len(cells))]
        + [(ri == i).astype(float) for i in range(1, nr)]
        + [(ci == j).astype(float) for j in range(1, nc)]
    )
    x12 = np.column_stack(
        [((ri == i) & (ci == j)).astype(float) for j in range(1, nc) for i in range(1, nr)]
    )
    q, _ = np.linalg.qr(x1)
    cmat = x12 - q @ (q.T @ x12)
    inv_d = np.where(p > 0, 1.0 / np.where(p > 0, p, 1.0), 0.0)
    denom = cmat.T @ (np.diag(inv_d) / n) @ cmat
    numr = cmat.T @ np.diag(inv_d) @ v @ np.diag(inv_d) @ cmat
    delta = np.linalg.solve(denom, numr)
    tr1 = float(np.trace(delta))
    tr2 = float(np.trace(delta @ delta))
    nu = design.domain_df(ok)
    f = chi2 / tr1
    df1 = tr1**2 / tr2
    df2 = df1 * nu
    pval = float(stats.f.sf(f, df1, df2))
    return DesignTest(f, df1, df2, pval, deff=tr1 / ((nr - 1) * (nc - 1)))
