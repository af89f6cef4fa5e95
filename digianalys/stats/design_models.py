"""Regression under the population design (``model --inference finite``): R survey's ``svyglm``.

The coefficients are those of the model weighted by the design's weights (weighted least
squares; for a logit the weighted binomial likelihood, ``family = quasibinomial()``). Their
covariance is svyglm's sandwich (``svy.varcoef``): with A = X'WX (logit: X'W·μ(1 − μ)·X) and the
estimating functions uᵢ = wᵢ·xᵢ·eᵢ (eᵢ = yᵢ − ŷᵢ, logit yᵢ − μᵢ), V = A⁻¹·Var̂(Σ uᵢ)·A⁻¹ with
the design variance of the totals (strata, finite-population correction, calibration:
:meth:`SurveyDesign.variance`). Responses left out of the model (a missing answer) are a domain
of the whole design, as svyglm's subset. t tests and t intervals use svyglm's residual degrees
of freedom: the design's degrees of freedom of the responses used + 1 − the number of
coefficients. Checked against R 4.2.2 / survey 4.1.1 (tests/data/r_design/design_models.R).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .design import SurveyDesign
from .design_tests import covariance


@dataclass(frozen=True)
class DesignCoefficients:
    """Design-based standard errors, t statistics, p-values and intervals of a fitted model."""

    std_error: np.ndarray
    statistic: np.ndarray
    p_value: np.ndarray
    conf_low: np.ndarray
    conf_high: np.ndarray
    df: int
    cov: np.ndarray


def design_coefficients(
    design: SurveyDesign,
    positions: np.ndarray,
    exog: np.ndarray,
    endog: np.ndarray,
    params: np.ndarray,
    kind: str,
) -> DesignCoefficients:
    """svyglm's inference for coefficients ``params`` of a model fitted with the design weights
    on the respondents at ``positions`` (indices into the design) with design matrix ``exog`` and
    outcome ``endog``; ``kind`` "ols" or "logit"."""
    from scipy import stats

    x = np.asarray(exog, dtype="float64")
    y = np.asarray(endog, dtype="float64")
    beta = np.asarray(params, dtype="float64")
    w = design.weights[positions]
    eta = x @ beta
    if kind == "logit":
        mu = 1.0 / (1.0 + np.exp(-eta))
        resid, work = y - mu, mu * (1.0 - mu)
    else:
        resid, work = y - eta, np.ones(len(y))
    a_inv = np.linalg.inv((x * (w * work)[:, None]).T @ x)
    z = np.zeros((design.n, x.shape[1]))
    z[positions] = (x * (w * resid)[:, None]) @ a_inv
    cov = covariance(design, z)
    se = np.sqrt(np.diag(cov))
    inside = np.zeros(design.n, dtype=bool)
    inside[positions] = True
    df = design.domain_df(inside) + 1 - x.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = beta / se
    if df > 0:
        p = 2 * stats.t.sf(np.abs(t), df)
        q = float(stats.t.ppf(0.975, df))
    else:
        p, q = np.full(len(beta), np.nan), float("nan")
    return DesignCoefficients(se, t, p, beta - q * se, beta + q * se, int(df), cov)


def design_positions(rows: np.ndarray, index: pd.Index, used: pd.Index) -> np.ndarray:
    """The design positions of the dataset rows ``used`` (a subset of ``index``, the dataset's
    index), given ``rows``, the dataset rows in the design (boolean mask over ``index``)."""
    position = np.cumsum(rows) - 1
    at = index.get_indexer(used)
    if (at < 0).any() or not rows[at].all():
        raise ValueError("rows outside the design")
    return position[at]
