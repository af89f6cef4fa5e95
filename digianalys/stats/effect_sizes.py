"""Effect sizes for group comparisons and their 95 % confidence intervals.

========================  ==========================================  ==============================
effect size               definition                                  95 % CI
========================  ==========================================  ==============================
rank-biserial r           2·U₁/(n₁n₂) − 1 = P(X>Y) − P(X<Y)            stratified percentile bootstrap
ε² (Kruskal–Wallis)       H / (n − 1)  (Tomczak & Tomczak 2014)        stratified percentile bootstrap,
                                                                        lower bound 0 when p ≥ 0.05
Hedges g                  J·(m₁−m₂)/s_pooled, J = 1 − 3/(4(n₁+n₂)−9)   g ± z·SE, SE² = (n₁+n₂)/(n₁n₂)
                                                                        + g²/(2(n₁+n₂))  (Hedges & Olkin)
ω² (Welch ANOVA)          df₁(F−1)/(df₁F + df₂ + 1), truncated at 0    noncentral F: λ/(λ + N) at the
                                                                        bounds of λ (Steiger 2004)
Cramér's V                √(χ²/(n·(min(r,c)−1)))                     noncentral χ² inversion
========================  ==========================================  ==============================

The bootstrap resamples within each group (group sizes fixed), uses
:data:`BOOTSTRAP_RESAMPLES` resamples and the fixed seed :data:`BOOTSTRAP_SEED` (the same seed for
every variable, so a result does not depend on which other variables were analysed), percentiles
2.5 and 97.5. For data with at most 50 distinct values (Likert items) a resample of a group is
drawn as multinomial counts of its values — the same distribution as resampling responses, at a
fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20240611
_Z975 = 1.959963984540054


# --------------------------------------------------------------------------- rank based
def rank_biserial(x: np.ndarray, y: np.ndarray) -> float:
    """Rank-biserial correlation r = 2·U₁/(n₁n₂) − 1 (positive when ``x`` tends to be larger).

    U₁ is the Mann–Whitney U of ``x`` (ties count 1/2), as ``scipy.stats.mannwhitneyu`` returns.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    counted = level_counts([x, y]) if x.size and y.size else None
    if counted is not None:
        # few distinct values (Likert items): the same rank sum from value counts, no sorting
        _, (cx, cy) = counted
        r1 = float((cx * midranks(cx + cy)).sum())
        n1, n2 = x.size, y.size
        return 2.0 * (r1 - n1 * (n1 + 1) / 2.0) / (n1 * n2) - 1.0
    return float(_rank_biserial_rows(x[None, :], y[None, :])[0])


def level_counts(
    samples: Sequence[np.ndarray],
) -> tuple[np.ndarray, list[np.ndarray]] | None:
    """The sorted distinct values of the pooled samples and each sample's count of each value
    (float arrays), when there are at most ``_MAX_LEVELS_COUNTS`` distinct values; else None.

    Small-integer data (answer codes) are counted with ``bincount``, without sorting.
    """
    data = [np.asarray(s, float) for s in samples]
    pooled = np.concatenate(data) if data else np.empty(0)
    if pooled.size == 0 or not np.isfinite(pooled).all():
        return None
    lo, hi = float(pooled.min()), float(pooled.max())
    if hi - lo <= 1000 and bool((pooled == np.round(pooled)).all()):
        width = int(hi - lo) + 1
        counts = [np.bincount((d - lo).astype(np.int64), minlength=width) for d in data]
        present = np.flatnonzero(np.sum(counts, axis=0))
        if present.size > _MAX_LEVELS_COUNTS:
            return None
        return lo + present.astype(float), [c[present].astype(float) for c in counts]
    levels = np.unique(pooled)
    if levels.size > _MAX_LEVELS_COUNTS:
        return None
    return levels, [
        np.bincount(np.searchsorted(levels, d), minlength=levels.size).astype(float) for d in data
    ]


def midranks(total: np.ndarray) -> np.ndarray:
    """The average rank of each value, given how many times each (sorted) value occurs."""
    before = np.cumsum(total) - total
    return before + (total + 1.0) / 2.0


def _rank_biserial_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    n1, n2 = x.shape[1], y.shape[1]
    r = rankdata(np.concatenate([x, y], axis=1), axis=1)
    u1 = r[:, :n1].sum(axis=1) - n1 * (n1 + 1) / 2.0
    return 2.0 * u1 / (n1 * n2) - 1.0


def kruskal_h_rows(samples: Sequence[np.ndarray]) -> np.ndarray:
    """Tie-corrected Kruskal–Wallis H for each row of the (B × n_g) matrices in ``samples``
    (vectorised; equals ``scipy.stats.kruskal`` row by row). NaN when all values are tied."""
    from scipy.stats import rankdata

    data = np.concatenate(samples, axis=1)
    n = data.shape[1]
    ranks = rankdata(data, axis=1)
    s = 0.0
    start = 0
    for g in samples:
        k = g.shape[1]
        s = s + ranks[:, start : start + k].sum(axis=1) ** 2 / k
        start += k
    h = 12.0 / (n * (n + 1)) * s - 3.0 * (n + 1)
    t = rankdata(data, axis=1, method="max") - rankdata(data, axis=1, method="min") + 1.0
    ties = (t**2 - 1.0).sum(axis=1)  # = Σ over tie groups of (t³ − t)
    denom = 1.0 - ties / (n**3 - n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denom > 0, h / denom, np.nan)


def epsilon_squared(h: float, n: int) -> float:
    """ε² = H/(n − 1) for a Kruskal–Wallis H on n observations (Tomczak & Tomczak 2014)."""
    return float(h) / (n - 1) if n > 1 else float("nan")


# --------------------------------------------------------------------------- bootstrap
#: Above this many distinct values the rank bootstrap ranks every resample; at or below it
#: (Likert items) it draws multinomial category counts per group, which is equivalent and fast.
_MAX_LEVELS_COUNTS = 50


def _resample(samples: Sequence[np.ndarray], b: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = []
    for s in samples:
        s = np.asarray(s, float)
        out.append(s[rng.integers(0, s.size, size=(b, s.size))])
    return out


def _resampled_rank_sums(
    samples: Sequence[np.ndarray], b: int, seed: int
) -> tuple[list[np.ndarray], np.ndarray]:
    """Rank sums per group (list of length-B arrays) and the tie term Σ(t³ − t) per resample
    for a stratified bootstrap of few-valued data, via multinomial counts of each value."""
    samples = [np.asarray(s, float) for s in samples]
    levels = np.unique(np.concatenate(samples))
    rng = np.random.default_rng(seed)
    counts = []
    for s in samples:
        c = np.searchsorted(levels, s)
        probs = np.bincount(c, minlength=levels.size) / s.size
        counts.append(rng.multinomial(s.size, probs, size=b).astype(float))
    total = np.sum(counts, axis=0)  # (B, m)
    before = np.cumsum(total, axis=1) - total
    midrank = before + (total + 1.0) / 2.0
    sums = [(c * midrank).sum(axis=1) for c in counts]
    ties = (total**3 - total).sum(axis=1)
    return sums, ties


def _few_levels(samples: Sequence[np.ndarray]) -> bool:
    return (
        np.unique(np.concatenate([np.asarray(s, float) for s in samples])).size
        <= _MAX_LEVELS_COUNTS
    )


def _percentile_ci(values: np.ndarray) -> tuple[float, float]:
    v = values[np.isfinite(values)]
    if v.size < 0.9 * values.size or v.size == 0:
        return float("nan"), float("nan")
    lo, hi = np.percentile(v, [2.5, 97.5])
    return float(lo), float(hi)


def rank_biserial_ci(
    x: np.ndarray,
    y: np.ndarray,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """95 % stratified percentile-bootstrap CI of the rank-biserial r."""
    n1, n2 = len(x), len(y)
    if _few_levels([x, y]):
        (r1, _), _ = _resampled_rank_sums([x, y], resamples, seed)
        u1 = r1 - n1 * (n1 + 1) / 2.0
        return _percentile_ci(2.0 * u1 / (n1 * n2) - 1.0)
    bx, by = _resample([x, y], resamples, seed)
    return _percentile_ci(_rank_biserial_rows(bx, by))


def epsilon_squared_ci(
    samples: Sequence[np.ndarray],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    p_value: float | None = None,
) -> tuple[float, float]:
    """95 % stratified percentile-bootstrap CI of ε² (Kruskal–Wallis), with its lower bound
    set to 0 when the test's ``p_value`` is at least 0.05.

    ε² = H/(n − 1) is never below 0 and is biased upwards (E[H] ≈ k − 1 with no effect), so
    the plain percentile interval excludes 0 in every null sample (issue 11.6: a variable with
    p = 0.14 got [0.0004, 0.021]). Bounding it at 0 when the test does not reject makes the
    interval agree with the test, and its coverage of the null value 0 is the test's 1 − size
    (≈ 95 %, checked by simulation in tests/test_honest_results.py)."""
    lo, hi = _epsilon_squared_boot(samples, resamples, seed)
    if p_value is not None and np.isfinite(p_value) and p_value >= 0.05 and np.isfinite(lo):
        lo = 0.0
    return lo, hi


def _epsilon_squared_boot(
    samples: Sequence[np.ndarray], resamples: int, seed: int
) -> tuple[float, float]:
    sizes = [len(s) for s in samples]
    n = sum(sizes)
    if _few_levels(samples):
        sums, ties = _resampled_rank_sums(samples, resamples, seed)
        s = sum(r**2 / k for r, k in zip(sums, sizes, strict=True))
        h = 12.0 / (n * (n + 1)) * s - 3.0 * (n + 1)
        denom = 1.0 - ties / (n**3 - n)
        with np.errstate(divide="ignore", invalid="ignore"):
            h = np.where(denom > 0, h / denom, np.nan)
        return _percentile_ci(h / (n - 1))
    boot = _resample(samples, resamples, seed)
    return _percentile_ci(kruskal_h_rows(boot) / (n - 1))


# --------------------------------------------------------------------------- mean based
def hedges_g(x: np.ndarray, y: np.ndarray) -> float:
    """Hedges g: Cohen's d with the pooled SD, times J = 1 − 3/(4(n₁+n₂) − 9)."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    n1, n2 = x.size, y.size
    if n1 < 2 or n2 < 2:
        return float("nan")
    sp = np.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
    if sp == 0:
        return float("nan")
    d = (x.mean() - y.mean()) / sp
    return float(d * (1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0)))


def hedges_g_ci(g: float, n1: int, n2: int) -> tuple[float, float]:
    """95 % CI of Hedges g from its large-sample SE (Hedges & Olkin 1985):
    SE² = (n₁+n₂)/(n₁n₂) + g²/(2(n₁+n₂))."""
    if not np.isfinite(g):
        return float("nan"), float("nan")
    se = np.sqrt((n1 + n2) / (n1 * n2) + g**2 / (2.0 * (n1 + n2)))
    return float(g - _Z975 * se), float(g + _Z975 * se)


def omega_squared(f: float, df1: float, df2: float) -> float:
    """ω² from an F statistic: df₁(F − 1)/(df₁F + df₂ + 1), truncated at 0.

    ``compare`` passes df₂ = N − k for the Welch ANOVA too, so that the estimate equals
    λ̂/(λ̂ + N) with λ̂ = df₁(F − 1), the scale of :func:`omega_squared_ci`.
    Equals statsmodels' ``_fstat2effectsize(f, (df1, df2)).omega2`` before truncation.
    """
    if not np.isfinite(f):
        return float("nan")
    return float(max(0.0, df1 * (f - 1.0) / (df1 * f + df2 + 1.0)))


def omega_squared_ci(f: float, df1: float, df2: float, nobs: int) -> tuple[float, float]:
    """95 % CI of ω² (Steiger 2004): the CI of the noncentrality λ of the F test, inverting the
    noncentral F cdf (``scipy.stats.ncf``, roots by ``brentq``): λ_lo and λ_hi with
    P(F' ≤ F; λ) = 0.975 and 0.025 (a bound is 0 when λ = 0 is not rejected), mapped to the
    population ω² = λ/(λ + N). Same values as statsmodels' ``confint_effectsize_oneway`` (its
    ``eta2``), but the search for λ widens as far as needed: statsmodels stops at λ = 10,000,
    which caps the interval at 10000/(10000 + N) for large N (issue 11.6)."""
    if not np.isfinite(f) or not np.isfinite(df1) or not np.isfinite(df2) or f < 0:
        return float("nan"), float("nan")
    lam_lo = _ncf_lambda(f, df1, df2, 0.975)
    lam_hi = _ncf_lambda(f, df1, df2, 0.025)
    return lam_lo / (lam_lo + nobs), lam_hi / (lam_hi + nobs)


def _ncf_lambda(f: float, df1: float, df2: float, target: float) -> float:
    """The noncentrality λ ≥ 0 with ``ncf.cdf(f, df1, df2, λ) == target`` (0 if even λ = 0
    gives a cdf at or below ``target``); the cdf decreases in λ."""
    from scipy.optimize import brentq
    from scipy.stats import f as f_dist
    from scipy.stats import ncf

    if f_dist.cdf(f, df1, df2) <= target:
        return 0.0

    def gap(lam: float) -> float:
        return float(ncf.cdf(f, df1, df2, lam)) - target

    lo, hi = 0.0, max(10.0, 2.0 * df1 * f)
    while gap(hi) > 0:
        lo, hi = hi, hi * 2.0
        if hi > 1e12:
            return float("nan")
    return float(brentq(gap, lo, hi, xtol=1e-10, rtol=1e-12, maxiter=500))


# --------------------------------------------------------------------------- tables
def cramers_v(chi2: float, n: float, shape: tuple[int, int]) -> float:
    """Cramér's V = √(χ²/(n·(min(r, c) − 1))) (no bias correction)."""
    k = min(shape) - 1
    if k < 1 or n <= 0 or not np.isfinite(chi2):
        return float("nan")
    return float(min(1.0, np.sqrt(chi2 / (n * k))))


def cramers_v_ci(chi2: float, n: float, shape: tuple[int, int]) -> tuple[float, float]:
    """95 % CI of Cramér's V by inverting the noncentral χ² distribution: the noncentrality λ
    with P(X ≥ χ²; λ) = 0.025 / 0.975 (``scipy.stats.ncx2``, root by ``brentq``), converted to
    V with λ in place of χ²; a bound is 0 when even λ = 0 is not rejected."""
    r, c = shape
    df = (r - 1) * (c - 1)
    if df < 1 or n <= 0 or not np.isfinite(chi2):
        return float("nan"), float("nan")
    from scipy.optimize import brentq
    from scipy.stats import chi2 as chi2_dist
    from scipy.stats import ncx2

    def _bound(target: float) -> float:
        # cdf(chi2; df, λ) decreases in λ; find λ with cdf = target (0 if cdf(λ=0) < target)
        if chi2_dist.cdf(chi2, df) <= target:
            return 0.0
        hi = max(10.0, 2.0 * chi2)
        while ncx2.cdf(chi2, df, hi) > target:
            hi *= 2.0
        return float(brentq(lambda lam: ncx2.cdf(chi2, df, lam) - target, 1e-12, hi, xtol=1e-10))

    lam_lo = _bound(0.975)
    lam_hi = _bound(0.025)
    return cramers_v(lam_lo, n, shape), cramers_v(lam_hi, n, shape)


# --------------------------------------------------------------------------- words
#: Verbal labels of effect sizes, smallest first (table cells hold the English word; Swedish
#: display via ``i18n.VALUES["effect_word"]``).
EFFECT_WORDS = ("negligible", "small", "medium", "large")

#: Thresholds (|value| at or above which the next word applies) and their source, by measure:
#:
#: - Hedges g (and d): 0.2 / 0.5 / 0.8 — Cohen (1988);
#: - Cramér's V: Cohen's (1988) w thresholds 0.1 / 0.3 / 0.5 divided by √(min(r, c) − 1);
#: - ε², ω², weighted η²: 0.01 / 0.06 / 0.14 — Cohen's (1988) η² conventions, which Tomczak &
#:   Tomczak (2014) recommend for ε² of the Kruskal–Wallis test;
#: - rank-biserial r (a correlation, Kerby 2014) and correlations: 0.1 / 0.2 / 0.3 — Funder &
#:   Ozer (2019: 0.10 small, 0.20 medium, 0.30 large).
EFFECT_THRESHOLDS: dict[str, tuple[float, float, float]] = {
    "Hedges g": (0.2, 0.5, 0.8),
    "Cramér's V": (0.1, 0.3, 0.5),
    "Cramér's V (weighted)": (0.1, 0.3, 0.5),
    "ε²": (0.01, 0.06, 0.14),
    "ω²": (0.01, 0.06, 0.14),
    "η² (weighted)": (0.01, 0.06, 0.14),
    "rank-biserial r": (0.1, 0.2, 0.3),
    "r": (0.1, 0.2, 0.3),
}

#: The family of each measure for the methods sentence naming the thresholds' source.
EFFECT_SOURCE = {
    "Hedges g": "d",
    "Cramér's V": "v",
    "Cramér's V (weighted)": "v",
    "ε²": "eta2",
    "ω²": "eta2",
    "η² (weighted)": "eta2",
    "rank-biserial r": "r",
    "r": "r",
}


def effect_word(value: float, measure: str, shape: tuple[int, int] | None = None) -> str:
    """The verbal label of an effect size ("negligible", "small", "medium", "large"; "" when
    there is no estimate or no convention for ``measure``). Cramér's V thresholds are divided
    by √(min(r, c) − 1) for a table of ``shape`` (Cohen 1988); the sign is ignored."""
    if measure not in EFFECT_THRESHOLDS or value is None or not np.isfinite(value):
        return ""
    cuts = np.asarray(EFFECT_THRESHOLDS[measure], float)
    if measure.startswith("Cramér's V") and shape is not None and min(shape) > 2:
        cuts = cuts / np.sqrt(min(shape) - 1)
    # a tiny tolerance so that a value printed as the threshold gets the higher word
    return EFFECT_WORDS[int(np.searchsorted(cuts, abs(float(value)) + 1e-12, side="right"))]
