"""Effect sizes and their CIs against scipy/statsmodels and their defining properties."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from digianalys.stats import corrections
from digianalys.stats import effect_sizes as es

REL = 1e-6


@pytest.fixture
def samples():
    rng = np.random.default_rng(3)
    return [
        rng.integers(1, 6, 80).astype(float),
        rng.integers(2, 6, 60).astype(float),
        rng.integers(1, 5, 40).astype(float),
    ]


def test_rank_biserial_from_scipy_u(samples):
    x, y = samples[:2]
    u = stats.mannwhitneyu(x, y).statistic
    assert es.rank_biserial(x, y) == pytest.approx(2 * u / (x.size * y.size) - 1, rel=REL)
    assert es.rank_biserial(y, x) == pytest.approx(-es.rank_biserial(x, y), rel=REL)


def test_vectorised_kruskal_equals_scipy(samples):
    rng = np.random.default_rng(0)
    boot = [s[rng.integers(0, s.size, (20, s.size))] for s in samples]
    h = es.kruskal_h_rows(boot)
    for i in range(20):
        assert h[i] == pytest.approx(stats.kruskal(*(b[i] for b in boot)).statistic, rel=REL)


def test_epsilon_squared(samples):
    h = stats.kruskal(*samples).statistic
    n = sum(s.size for s in samples)
    assert es.epsilon_squared(h, n) == pytest.approx(h / (n - 1), rel=REL)


def test_bootstrap_cis_deterministic_and_paths_agree(samples, monkeypatch):
    x, y = samples[:2]
    a = es.rank_biserial_ci(x, y)
    assert a == es.rank_biserial_ci(x, y)
    r = es.rank_biserial(x, y)
    assert a[0] < r < a[1]
    e = es.epsilon_squared_ci(samples)
    # the multinomial-count path (few levels) and the rank-every-resample path estimate the
    # same bootstrap distribution: CIs agree to Monte Carlo error
    monkeypatch.setattr(es, "_MAX_LEVELS_COUNTS", 0)
    b = es.rank_biserial_ci(x, y)
    f = es.epsilon_squared_ci(samples)
    assert a == pytest.approx(b, abs=0.03)
    assert e == pytest.approx(f, abs=0.02)


def test_hedges_g_and_ci():
    rng = np.random.default_rng(1)
    x, y = rng.normal(1, 2, 30), rng.normal(0, 1, 45)
    n1, n2 = x.size, y.size
    sp = np.sqrt(((n1 - 1) * np.var(x, ddof=1) + (n2 - 1) * np.var(y, ddof=1)) / (n1 + n2 - 2))
    # J via the exact gamma-function correction agrees with the approximation to < 1e-4
    from scipy.special import gammaln

    df = n1 + n2 - 2
    j_exact = np.exp(gammaln(df / 2) - np.log(np.sqrt(df / 2)) - gammaln((df - 1) / 2))
    g = es.hedges_g(x, y)
    assert g == pytest.approx((x.mean() - y.mean()) / sp * (1 - 3 / (4 * (n1 + n2) - 9)), rel=REL)
    assert g == pytest.approx((x.mean() - y.mean()) / sp * j_exact, rel=1e-4)
    lo, hi = es.hedges_g_ci(g, n1, n2)
    se = np.sqrt((n1 + n2) / (n1 * n2) + g**2 / (2 * (n1 + n2)))
    assert (lo, hi) == pytest.approx(
        (g - stats.norm.ppf(0.975) * se, g + stats.norm.ppf(0.975) * se), rel=REL
    )


def test_omega_squared_against_statsmodels():
    from statsmodels.stats.oneway import _fstat2effectsize, confint_effectsize_oneway

    f, df1, df2, n = 5.890115, 3, 8.329841, 19
    assert es.omega_squared(f, df1, df2) == pytest.approx(
        _fstat2effectsize(f, (df1, df2)).omega2, rel=REL
    )
    assert es.omega_squared(0.5, 3, 30) == 0.0  # truncated at 0
    lo, hi = es.omega_squared_ci(f, df1, df2, n)
    ref = confint_effectsize_oneway(f, (df1, df2), nobs=n)
    # statsmodels' root finding is looser than ours (brentq to 1e-10; ≈ 1e-4 relative apart)
    assert (lo, hi) == pytest.approx(tuple(ref.eta2), rel=5e-4)
    # λ bounds invert the noncentral F cdf
    lam = np.array([lo, hi]) / (1 - np.array([lo, hi])) * n
    assert stats.ncf.cdf(f, df1, df2, lam[0]) == pytest.approx(0.975, abs=1e-9)
    assert stats.ncf.cdf(f, df1, df2, lam[1]) == pytest.approx(0.025, abs=1e-9)


def test_cramers_v_and_noncentral_ci():
    table = np.array([[20, 15, 5], [10, 25, 12], [8, 10, 30]])
    chi2 = stats.chi2_contingency(table, correction=False).statistic
    n = table.sum()
    v = es.cramers_v(chi2, n, table.shape)
    assert v == pytest.approx(stats.contingency.association(table, method="cramer"), rel=REL)
    lo, hi = es.cramers_v_ci(chi2, n, table.shape)
    assert lo < v < hi
    df = 4
    lam_lo, lam_hi = lo**2 * n * 2, hi**2 * n * 2
    assert stats.ncx2.cdf(chi2, df, lam_lo) == pytest.approx(0.975, abs=1e-6)
    assert stats.ncx2.cdf(chi2, df, lam_hi) == pytest.approx(0.025, abs=1e-6)
    # a small χ² (not significant) has a lower bound of 0
    assert es.cramers_v_ci(1.0, 100, (2, 2))[0] == 0.0


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_corrections_against_statsmodels(method):
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(5)
    p = rng.random(25) ** 3
    np.testing.assert_allclose(
        corrections.adjust(p, method), multipletests(p, method=method)[1], rtol=REL
    )
    p[[3, 7]] = np.nan
    out = corrections.adjust(p, method)
    ok = ~np.isnan(p)
    assert np.isnan(out[[3, 7]]).all()
    np.testing.assert_allclose(out[ok], multipletests(p[ok], method=method)[1], rtol=REL)
