"""Weighted estimates and design-based tests against independent computations.

- weighted Wald F: the same weights-only design fitted directly with statsmodels WLS (HC0 sandwich
  × n/(n − 1), R survey's linearisation for ids = ~1) and, independently, from the closed form
  for group means (their linearisation variances are Σw²(y − ȳ)²/(Σw)² · n/(n − 1), independent
  across groups);
- Rao–Scott: with equal weights the design effects are all n/(n − 1), so F·df·n/(n − 1) is
  Pearson's X² from scipy exactly and d₀ = df; rescaling the weights changes nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.stats import weighted as wt
from digianalys.stats.compare import compare
from digianalys.stats.describe import describe

REL = 1e-6


@pytest.fixture
def sample():
    rng = np.random.default_rng(11)
    n = 400
    g = rng.integers(0, 3, n)
    y = rng.normal(10 + g, 2 + g, n)
    c = rng.integers(0, 4, n)
    w = rng.uniform(0.3, 4.0, n)
    return g, y, c, w


def test_wald_f_against_statsmodels_wls(sample):
    import statsmodels.api as sm

    g, y, _, w = sample
    n = y.size
    x = sm.add_constant(pd.get_dummies(g, drop_first=True, dtype=float).to_numpy())
    fit = sm.WLS(y, x, weights=w).fit(cov_type="HC0")
    cov = fit.cov_params() * n / (n - 1)
    b = fit.params[1:]
    f_ref = b @ np.linalg.solve(cov[1:, 1:], b) / 2
    res = wt.wald_f(y, g, w)
    assert res.statistic == pytest.approx(f_ref, rel=REL)
    assert (res.df, res.df2) == (2, n - 3)
    assert res.p_value == pytest.approx(stats.f.sf(f_ref, 2, n - 3), rel=REL)
    assert res.effect_size == pytest.approx(fit.rsquared, rel=REL)


def test_wald_f_against_closed_form_group_means(sample):
    g, y, _, w = sample
    n = y.size
    means, variances = [], []
    for k in range(3):
        yk, wk = y[g == k], w[g == k]
        m = np.sum(wk * yk) / np.sum(wk)
        means.append(m)
        variances.append(np.sum(wk**2 * (yk - m) ** 2) / np.sum(wk) ** 2 * n / (n - 1))
    d = np.array([means[1] - means[0], means[2] - means[0]])
    v = np.array(
        [[variances[0] + variances[1], variances[0]], [variances[0], variances[0] + variances[2]]]
    )
    f_ref = d @ np.linalg.solve(v, d) / 2
    assert wt.wald_f(y, g, w).statistic == pytest.approx(f_ref, rel=REL)


def test_rao_scott_equal_weights_is_pearson(sample):
    g, _, c, _ = sample
    n = g.size
    table = np.zeros((3, 4))
    np.add.at(table, (g, c), 1)
    ref = stats.chi2_contingency(table, correction=False)
    res = wt.rao_scott(g, c, np.full(n, 2.5))
    assert res.chi2 == pytest.approx(ref.statistic, rel=REL)
    assert res.statistic * res.df * n / (n - 1) == pytest.approx(ref.statistic, rel=REL)
    assert res.df == pytest.approx(6, rel=REL)
    assert res.df2 == pytest.approx(6 * (n - 1), rel=REL)
    first = wt.rao_scott(g, c, np.ones(n), second_order=False)
    assert first.statistic == pytest.approx(ref.statistic * (n - 1) / n, rel=REL)
    assert first.p_value == pytest.approx(stats.chi2.sf(first.statistic, 6), rel=REL)


def test_rao_scott_weighted_properties(sample):
    g, _, c, w = sample
    a = wt.rao_scott(g, c, w)
    b = wt.rao_scott(g, c, w * 7.3)
    assert a.statistic == pytest.approx(b.statistic, rel=REL)
    assert a.p_value == pytest.approx(b.p_value, rel=REL)
    # X² is that of the weighted table rescaled to n
    table = np.zeros((3, 4))
    np.add.at(table, (g, c), w)
    table *= g.size / table.sum()
    assert a.chi2 == pytest.approx(
        stats.chi2_contingency(table, correction=False).statistic, rel=REL
    )
    assert 0 < a.df < 6 + 1e-9  # d₀ ≤ df (Cauchy–Schwarz)


def test_weighted_descriptives():
    rng = np.random.default_rng(2)
    x, w = rng.normal(size=50), rng.uniform(0.5, 2, 50)
    assert wt.mean(x, w) == pytest.approx(np.average(x, weights=w), rel=REL)
    var = np.cov(x, aweights=w, ddof=0) * 50 / 49
    assert wt.sd(x, w) == pytest.approx(np.sqrt(var), rel=REL)
    # equal weights: the step quantile is numpy's inverted_cdf quantile
    assert wt.quantile(x, np.ones(50), 0.25) == pytest.approx(
        np.quantile(x, 0.25, method="inverted_cdf")
    )
    assert wt.quantile(x, np.ones(50), 0.5) == pytest.approx(
        np.quantile(x, 0.5, method="inverted_cdf")
    )


def _ds(sample) -> Dataset:
    g, y, c, w = sample
    data = pd.DataFrame(
        {
            "sector": pd.array(np.array(["statlig", "kommunal", "regional"])[g], dtype="string"),
            "score": y,
            "tool": pd.array(np.array(["a", "b", "c", "d"])[c], dtype="string"),
            "vikt": w,
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "sector",
                    "type": "categorical",
                    "levels": {"statlig": [], "kommunal": [], "regional": []},
                },
                {"name": "score", "type": "numeric"},
                {"name": "tool", "type": "categorical"},
                {"name": "vikt", "type": "numeric"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def test_weighted_compare_and_describe(sample):
    g, y, c, w = sample
    ds = _ds(sample)
    res = compare(ds, "sector", weights="vikt")
    t = res.tables["compare"].set_index("variable")
    assert list(t.index) == ["score", "tool"]  # the weights column is not compared
    # groups in codebook order statlig, kommunal, regional = codes 0, 1, 2
    assert t.loc["score", "test"] == "weighted Wald F"
    assert t.loc["score", "statistic"] == pytest.approx(wt.wald_f(y, g, w).statistic, rel=REL)
    assert t.loc["tool", "test"] == "Rao–Scott χ²"
    assert t.loc["tool", "statistic"] == pytest.approx(wt.rao_scott(g, c, w).statistic, rel=REL)
    assert any("weighted" in m for m in res.methods)
    assert len(res.tables["posthoc"]) == 6
    d = describe(ds, ["score"], by="sector", weights="vikt").tables["describe"]
    m0 = np.average(y[g == 0], weights=w[g == 0])
    assert d.loc[d.group == "statlig", "mean"].iloc[0] == pytest.approx(m0, rel=REL)
    assert d.loc[d.group == "statlig", "n"].iloc[0] == (g == 0).sum()


def test_bad_weights():
    from digianalys.errors import AnalysisError, VariableError

    rng = np.random.default_rng(0)
    ds = _ds((rng.integers(0, 3, 30), rng.normal(size=30), rng.integers(0, 4, 30), -np.ones(30)))
    with pytest.raises(AnalysisError, match="vikt"):
        compare(ds, "sector", weights="vikt")
    with pytest.raises(VariableError, match="vikt"):
        compare(ds, "sector", weights="vikter")
