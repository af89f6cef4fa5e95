"""The tests of :func:`~digianalys.stats.compare.compare`: two groups, k groups and tables.

Each returns a :class:`TestOutcome`; :func:`family` says which kind of test a variable type gets
(see the table in :mod:`.compare`). Every test and distribution is from scipy/statsmodels.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import effect_sizes as es

NAN = float("nan")


@dataclass(frozen=True)
class TestOutcome:
    """One test's result. ``chi2`` is the Pearson χ² of a table (for Cramér's V)."""

    test: str
    statistic: float
    df: float
    p_value: float
    df2: float = NAN
    chi2: float = NAN
    odds_ratio: float = NAN
    or_low: float = NAN
    or_high: float = NAN


def mann_whitney(x: np.ndarray, y: np.ndarray) -> TestOutcome:
    """Two-sided Mann–Whitney U, as R's ``wilcox.test``: the exact distribution when both
    samples have fewer than 50 values and there are no ties, else the normal approximation
    with tie correction and continuity correction (scipy ``mannwhitneyu``; scipy's own "auto"
    switches to exact only up to 8 values). ``statistic`` is U₁."""
    from scipy.stats import mannwhitneyu

    x, y = np.asarray(x, float), np.asarray(y, float)
    pooled = np.concatenate([x, y])
    exact = x.size < 50 and y.size < 50 and np.unique(pooled).size == pooled.size
    r = mannwhitneyu(x, y, alternative="two-sided", method="exact" if exact else "asymptotic")
    return TestOutcome("Mann–Whitney U", float(r.statistic), NAN, float(r.pvalue))


def kruskal_wallis(samples: Sequence[np.ndarray]) -> TestOutcome:
    """Kruskal–Wallis H, tie-corrected (scipy); df = k − 1. NaN if all values are equal."""
    from scipy.stats import kruskal

    counted = es.level_counts(samples) if all(len(s) for s in samples) else None
    if counted is not None:
        return _kruskal_counts(*counted)
    data = np.concatenate(samples)
    if np.unique(data).size < 2:
        return TestOutcome("Kruskal–Wallis H", NAN, float(len(samples) - 1), NAN)
    r = kruskal(*samples)
    return TestOutcome(
        "Kruskal–Wallis H", float(r.statistic), float(len(samples) - 1), float(r.pvalue)
    )


def _kruskal_counts(levels: np.ndarray, counts: list[np.ndarray]) -> TestOutcome:
    """Kruskal–Wallis H from value counts per group (few distinct values, e.g. Likert items):
    the same operations as ``scipy.stats.kruskal`` on the same exact rank sums, without
    ranking every response."""
    from scipy.special import chdtrc

    df = float(len(counts) - 1)
    if levels.size < 2:
        return TestOutcome("Kruskal–Wallis H", NAN, df, NAN)
    total = np.sum(counts, axis=0)
    mid = es.midranks(total)
    sizes = [int(c.sum()) for c in counts]
    totaln = sum(sizes)
    ties = 1 - np.sum(total**3 - total) / (totaln**3 - totaln)
    ssbn = sum(np.sum(c * mid) ** 2 / n for c, n in zip(counts, sizes, strict=True))
    h = 12.0 / (totaln * (totaln + 1)) * ssbn - 3 * (totaln + 1)
    h /= ties
    return TestOutcome("Kruskal–Wallis H", float(h), df, float(chdtrc(df, h)))


def welch_t(x: np.ndarray, y: np.ndarray) -> TestOutcome:
    """Welch's two-sample t test (scipy ``ttest_ind(equal_var=False)``)."""
    from scipy.stats import ttest_ind

    if len(x) < 2 or len(y) < 2 or (np.var(x) == 0 and np.var(y) == 0):
        return TestOutcome("Welch t", NAN, NAN, NAN)
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # near-constant data: precision note
        r = ttest_ind(x, y, equal_var=False)
    return TestOutcome("Welch t", float(r.statistic), float(r.df), float(r.pvalue))


def welch_anova(samples: Sequence[np.ndarray]) -> TestOutcome:
    """Welch's one-way ANOVA (statsmodels ``anova_oneway(use_var="unequal")``)."""
    from statsmodels.stats.oneway import anova_oneway

    if any(len(s) < 2 for s in samples) or any(np.var(s) == 0 for s in samples):
        return TestOutcome("Welch ANOVA", NAN, NAN, NAN)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = anova_oneway([np.asarray(s, float) for s in samples], use_var="unequal")
    return TestOutcome(
        "Welch ANOVA", float(r.statistic), float(r.df_num), float(r.pvalue), df2=float(r.df_denom)
    )


def table_test(table: np.ndarray) -> TestOutcome:
    """Pearson χ² without continuity correction; Fisher's exact test for a 2×2 table with an
    expected count below 5. Zero rows/columns must have been removed. ``chi2`` always holds
    the Pearson χ² (for Cramér's V).

    Fisher's test has no test statistic (``statistic`` is NaN); it is reported with the
    conditional maximum-likelihood odds ratio and its exact 95 % CI (scipy
    ``contingency.odds_ratio``, as R's ``fisher.test``): the odds of the *second* column (the
    last answer, e.g. yes) in the first row (group) over those in the second row. With a zero
    cell the estimate or a bound is 0 or ∞, as in R."""
    from scipy.stats import chi2_contingency, fisher_exact
    from scipy.stats.contingency import odds_ratio

    table = np.asarray(table, float)
    r = chi2_contingency(table, correction=False)
    chi2 = float(r.statistic)
    if table.shape == (2, 2) and (r.expected_freq < 5).any():
        t = table.astype(int)
        f = fisher_exact(t)
        orr = odds_ratio(t[:, ::-1], kind="conditional")
        ci = orr.confidence_interval(confidence_level=0.95)
        return TestOutcome(
            "Fisher exact",
            NAN,
            NAN,
            float(f.pvalue),
            chi2=chi2,
            odds_ratio=float(orr.statistic),
            or_low=float(ci.low),
            or_high=float(ci.high),
        )
    return TestOutcome("Pearson χ²", chi2, float(r.dof), float(r.pvalue), chi2=chi2)


def sparse_share(table: np.ndarray) -> float:
    """Share of cells of a contingency table with an expected count below 5."""
    t = np.asarray(table, float)
    exp = np.outer(t.sum(axis=1), t.sum(axis=0)) / t.sum()
    return float((exp < 5).mean())


def family(vtype: str, test: str, weighted: bool = False) -> str:
    """'rank', 'mean' or 'table' for a variable type and ``test`` choice ('wmean' and
    'wtable' when weighted)."""
    if vtype in ("binary", "multi", "categorical"):
        return "wtable" if weighted else "table"
    if weighted:
        return "wmean"
    if vtype == "ordinal":
        return "mean" if test == "parametric" else "rank"
    return "rank" if test == "nonparametric" else "mean"


def test_name(fam: str, k: int, vt: str) -> str:
    """The name of the test a variable of family ``fam`` gets with ``k`` groups."""
    if fam == "rank":
        return "Mann–Whitney U" if k <= 2 else "Kruskal–Wallis H"
    if fam == "mean":
        return "Welch t" if k <= 2 else "Welch ANOVA"
    if fam == "wmean":
        return "weighted Wald F"
    if fam == "wtable":
        return "Rao–Scott χ²"
    return "Pearson χ²"
