"""Correlations under the population design (``correlate --inference finite``).

For the respondents at ``positions`` of a :class:`SurveyDesign` (a domain of the whole design
when some answers are missing or a group is chosen):

- r from the design-weighted variances and covariance (R survey's ``svyvar``); Spearman's ρ is
  Pearson's r of the weighted mid-ranks (the estimated population distribution function, as in
  ``svyranktest``), which the caller computes;
- the test of r = 0: svyglm's t test of the slope of y on x (the same t for the standardised
  variables), with svyglm's residual degrees of freedom (:mod:`.design_models`);
- the interval: Fisher's z with the linearisation standard error of r — the influence values
  x̃ỹ − r(x̃² + ỹ²)/2 of the standardised variables over the design (strata, finite-population
  correction, calibration) — and the t quantile with the same df.

Checked against R survey (tests/data/r_design/design_models.R: svyvar with the delta method,
svyglm for the test).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .design import SurveyDesign
from .design_models import design_coefficients


@dataclass(frozen=True)
class DesignCorrelation:
    """r with its linearisation SE, 95 % interval, the p-value of r = 0 and its df."""

    estimate: float
    se: float
    conf_low: float
    conf_high: float
    p_value: float
    df: int


NOT_DEFINED = DesignCorrelation(math.nan, math.nan, math.nan, math.nan, math.nan, 0)


def design_correlation(
    x: np.ndarray, y: np.ndarray, design: SurveyDesign, positions: np.ndarray
) -> DesignCorrelation:
    """The correlation of the complete pairs ``x, y`` of the respondents at ``positions`` of
    ``design``."""
    from scipy import stats

    xv, yv = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")
    w = design.weights[positions]
    sw = float(np.sum(w))
    dx = xv - np.sum(w * xv) / sw
    dy = yv - np.sum(w * yv) / sw
    sxx, syy = float(np.sum(w * dx * dx) / sw), float(np.sum(w * dy * dy) / sw)
    if sxx <= 0 or syy <= 0:
        return NOT_DEFINED
    zx, zy = dx / math.sqrt(sxx), dy / math.sqrt(syy)
    r = float(np.sum(w * zx * zy) / sw)
    r = max(-1.0, min(1.0, r))
    # the test: the slope of the standardised y on the standardised x is r (intercept 0)
    slope = design_coefficients(
        design, positions, np.column_stack([np.ones(len(zx)), zx]), zy, np.array([0.0, r]), "ols"
    )
    p, df = float(slope.p_value[1]), slope.df
    influence = np.zeros(design.n)
    influence[positions] = w * (zx * zy - r * (zx**2 + zy**2) / 2.0) / sw
    se = math.sqrt(design.variance(influence))
    if abs(r) >= 1 or se == 0 or df <= 0:
        return DesignCorrelation(r, se, r, r, p, df)
    half = float(stats.t.ppf(0.975, df)) * se / (1.0 - r * r)
    low, high = math.tanh(math.atanh(r) - half), math.tanh(math.atanh(r) + half)
    return DesignCorrelation(r, se, low, high, p, df)
