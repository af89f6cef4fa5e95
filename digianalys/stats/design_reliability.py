"""Cronbach's alpha under a population design (``scales --inference finite``).

The point estimate is R survey's ``svycralpha``: alpha = k/(k − 1) · (1 − tr S / 1'S1) with S
the design-weighted covariance matrix of the items (``svyvar``) over the respondents who
answered every item (``na.rm = TRUE`` drops a respondent with any item missing: listwise).
svycralpha gives no standard error; here it is the Taylor linearisation of alpha as a function
of S, over the design's strata with the finite-population correction and any calibration
(:meth:`SurveyDesign.variance`). With dᵢ = xᵢ − μ̂ (μ̂ the weighted item means), A = tr S and
B = 1'S1, the influence of respondent i is

    IF_i(α) = −k/(k − 1) · [(‖dᵢ‖² − A)·B − A·((1'dᵢ)² − B)] / B²

(the n/(n − 1) factor of svyvar cancels in A/B). It equals the delta method over svyvar's own
variance matrix of S (tests/data/r_design/design_alpha.R). The interval is alpha ± t·SE with
the design degrees of freedom of the respondents used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import AnalysisError
from .design import Estimate, SurveyDesign


@dataclass(frozen=True)
class DesignAlpha:
    """Alpha with its design-based interval, and the weighted item covariance matrix and means
    it comes from (``n``: the respondents who answered every item)."""

    alpha: Estimate
    cov: np.ndarray
    means: np.ndarray
    n: int


def weighted_covariance(
    weights: np.ndarray, x: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(covariance matrix with svyvar's n/(n − 1) factor, weighted means, deviations) of the
    rows of ``x`` with positive weight (rows with weight 0 are outside)."""
    inside = weights > 0
    w = weights[inside]
    mu = np.sum(w[:, None] * x[inside], axis=0) / np.sum(w)
    dev = np.zeros_like(x)
    dev[inside] = x[inside] - mu
    n = int(inside.sum())
    cov = (dev[inside].T * w) @ dev[inside] / np.sum(w) * n / (n - 1)
    return cov, mu, dev


def design_alpha(design: SurveyDesign, items: np.ndarray) -> DesignAlpha:
    """Alpha of the item columns of ``items`` (one row per respondent of ``design``; NaN for an
    unanswered item) with its linearisation standard error and t interval."""
    x = np.asarray(items, dtype="float64")
    if x.ndim != 2 or x.shape[0] != design.n:
        raise AnalysisError("the items must have one row per respondent of the design")
    k = x.shape[1]
    complete = ~np.isnan(x).any(axis=1)
    n = int(complete.sum())
    if k < 2 or n < 3:
        raise AnalysisError(
            f"alpha needs at least two items and three complete responses (has {k} and {n})"
        )
    xx = np.where(complete[:, None], x, 0.0)
    w = design.weights * complete
    cov, mu, dev = weighted_covariance(w, xx)
    a, b = float(np.trace(cov)), float(np.sum(cov))
    c = k / (k - 1)
    alpha = c * (1 - a / b)
    # influence values on the scale of totals (weights / estimated population size); the
    # n/(n − 1) factor is left out on both A and B, where it cancels
    a0, b0 = a * (n - 1) / n, b * (n - 1) / n
    if_a = np.sum(dev**2, axis=1) - a0
    if_b = np.sum(dev, axis=1) ** 2 - b0
    z = w * (-c) * (if_a * b0 - a0 * if_b) / b0**2 / np.sum(w)
    se = float(np.sqrt(design.variance(z)))
    df = design.domain_df(complete)
    from scipy import stats

    q = float(stats.t.ppf(0.975, df)) if df > 0 else float("nan")
    estimate = Estimate(alpha, se, alpha - q * se, alpha + q * se, float("nan"), df)
    return DesignAlpha(alpha=estimate, cov=cov, means=mu, n=n)
