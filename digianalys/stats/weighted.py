"""Weighted estimates and design-based tests for a weights-only design.

The design is the one R's survey package calls ``svydesign(ids = ~1, weights = ~w)``: one stage,
no strata or clusters, sampling weights ``w``. Variances are Taylor linearisation (sandwich)
estimates with the factor n/(n − 1), as in survey; the design degrees of freedom are n − 1.

- :func:`wald_f` — mean differences between groups: weighted least squares of y on group dummies
  (statsmodels ``WLS``) with the linearisation covariance (HC0 × n/(n − 1)), Wald F test of all
  group dummies with (k − 1, n − k) df — survey's ``svyglm`` + ``regTermTest``.
- :func:`welch_f` — the same Wald statistic with Welch's small-sample correction (per-group
  variances and Welch–Satterthwaite denominator df); what ``compare`` uses, because the plain
  Wald F over-rejects when one group is small.
- :func:`rao_scott` — association in a groups × levels table: Pearson X² of the weighted table
  (rescaled to n) with the second-order Rao–Scott correction (F with d₀ and d₀(n − 1) df) and the
  first-order one (X²·df/tr Δ, χ² with df), following survey's ``svychisq`` (statistic "F" and
  "Chisq"). samplics (archived) fails with the installed polars, and svy (PyPI) would add polars
  and a Rust extension for what is here a few dozen lines, so this is implemented on numpy/scipy
  and checked against R (below).
- :func:`mean`, :func:`sd`, :func:`quantile` (survey's qrule "hf7", type 7 with equal weights),
  :func:`share_ci` — weighted descriptives;
  :func:`mean_se` — the linearisation standard error of a weighted mean (R's ``svymean``).
- :func:`check_not_analysed` — the weights column is not also an analysed variable.

Validation (tests/test_weighted.py, tests/test_weighted_reference.py): R survey values published
for the svy package's synthetic sample (``svychisq`` F and Chisq, ``svyttest``, ``svymean``) are
reproduced to 1e-9 (after R's domain n/(n − 1) convention, see there); statsmodels WLS with HC0
× n/(n − 1) and a closed-form Rao–Scott computed independently agree to 1e-9; a seeded simulation
shows the Rao–Scott test holds its level (≈ 5 % at α = 0.05) where the naive χ² of the weighted
table does not. Rows with a missing or zero weight are left out by the callers; n/(n − 1) uses
the rows analysed (R's ``subset()`` domains use the whole design's n, ~1e-5 relative apart).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WeightedTest:
    """Result of a design-based test."""

    test: str
    statistic: float
    df: float
    df2: float
    p_value: float
    effect_size: float
    effect_measure: str
    chi2: float = float("nan")  # Pearson X² of the rescaled weighted table (Rao–Scott only)


# --------------------------------------------------------------------------- descriptives
def mean(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted mean Σwx/Σw."""
    x = np.asarray(x, float)
    w = np.asarray(w, float)
    return float(np.sum(w * x) / np.sum(w)) if np.sum(w) > 0 else float("nan")


def sd(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted SD as survey's ``svyvar``: √(Σw(x − x̄)²/Σw · n/(n − 1))."""
    x = np.asarray(x, float)
    w = np.asarray(w, float)
    n = x.size
    if n < 2 or np.sum(w) <= 0:
        return float("nan")
    m = mean(x, w)
    return float(np.sqrt(np.sum(w * (x - m) ** 2) / np.sum(w) * n / (n - 1)))


def quantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    """Weighted quantile by survey's ``svyquantile(qrule = "hf7")``: the sorted values placed
    at cumulative-weight positions pₖ = (w₁ + … + wₖ₋₁)/(w₁ + … + wₙ₋₁) and interpolated
    linearly (constant beyond the ends). With equal weights pₖ = (k − 1)/(n − 1), Hyndman &
    Fan's type 7 — the rule of the unweighted quantiles (numpy/pandas/R default), so weights of
    1 give the unweighted median and quartiles. Zero weights are left out."""
    x = np.asarray(x, float)
    w = np.asarray(w, float)
    keep = w != 0
    x, w = x[keep], w[keep]
    if x.size == 0 or np.sum(w) <= 0:
        return float("nan")
    if x.size == 1:
        return float(x[0])
    order = np.argsort(x, kind="mergesort")
    xs, ws = x[order], w[order]
    cum = np.cumsum(ws)
    pk = np.concatenate([[0.0], cum[:-1]]) / cum[-2]
    return float(np.interp(q, pk, xs))


def mean_se(x: np.ndarray, w: np.ndarray) -> float:
    """Linearisation SE of the weighted mean, as R's ``svymean`` for ``svydesign(ids = ~1,
    weights = ~w)``: √(Σw²(x − x̄)²/(Σw)² · n/(n − 1))."""
    x = np.asarray(x, float)
    w = np.asarray(w, float)
    n = x.size
    if n < 2 or np.sum(w) <= 0:
        return float("nan")
    m = mean(x, w)
    return float(np.sqrt(np.sum(w**2 * (x - m) ** 2) / np.sum(w) ** 2 * n / (n - 1)))


def check_not_analysed(weights: str | None, names: list[str]) -> None:
    """Raise :class:`VariableError` when the weights column is also asked for as a variable."""
    from ..errors import VariableError

    if weights and weights in names:
        raise VariableError(
            f"'{weights}' is the weights column (--weights) and cannot also be analysed; "
            "leave it out of the variables, or run without --weights to describe it"
        )


def effective_n(w: np.ndarray) -> float:
    """Kish's effective sample size (Σw)²/Σw²."""
    w = np.asarray(w, float)
    return float(np.sum(w) ** 2 / np.sum(w**2)) if np.sum(w**2) > 0 else 0.0


def share_ci(y01: np.ndarray, w: np.ndarray) -> tuple[float, float, float]:
    """Weighted share of 1s and its design-based 95 % interval, as R survey's
    ``svyciprop(method = "logit")`` for ``svydesign(ids = ~1, weights = ~w)``: the logit of the
    share ± t(n − 1) × the linearisation SE of the share (:func:`mean_se`) divided by p(1 − p),
    transformed back. The interval uses the outcome's own variance, not Kish's effective n
    (which ignores it: widths −14 % … +19 % off, issue 11.6). For a share of 0 or 1 (no
    variance to linearise) it falls back to the Wilson interval on Kish's effective n."""
    from scipy.stats import t
    from statsmodels.stats.proportion import proportion_confint

    y01 = np.asarray(y01, float)
    p = mean(y01, w)
    n = y01.size
    if not np.isfinite(p):
        return p, float("nan"), float("nan")
    se = mean_se(y01, w)
    if 0.0 < p < 1.0 and n > 1 and np.isfinite(se) and se > 0:
        half = float(t.ppf(0.975, n - 1)) * se / (p * (1.0 - p))
        logit = np.log(p / (1.0 - p))
        return p, float(1 / (1 + np.exp(-(logit - half)))), float(1 / (1 + np.exp(-(logit + half))))
    ne = effective_n(w)
    if ne <= 0:
        return p, float("nan"), float("nan")
    lo, hi = proportion_confint(p * ne, ne, alpha=0.05, method="wilson")
    return p, float(lo), float(hi)


# --------------------------------------------------------------------------- tests
def _dummies(codes: np.ndarray, k: int) -> np.ndarray:
    x = np.zeros((codes.size, k))
    x[:, 0] = 1.0
    for j in range(1, k):
        x[:, j] = codes == j
    return x


def wald_f(y: np.ndarray, codes: np.ndarray, w: np.ndarray) -> WeightedTest:
    """Design-based Wald F test that the weighted group means are equal.

    ``codes`` are group indices 0..k−1. Effect size: weighted η² (the R² of the WLS fit).
    """
    import statsmodels.api as sm
    from scipy.stats import f as f_dist

    y = np.asarray(y, float)
    w = np.asarray(w, float)
    codes = np.asarray(codes, int)
    n = y.size
    k = int(codes.max()) + 1 if n else 0
    # no variation within any group (a constant variable in particular): the sandwich variance
    # is zero and the "test" would be numerical noise (F ~ 1e30, p ~ 1e-18, η² < 0) — not
    # tested, as the unweighted path
    within = [y[codes == j] for j in range(k)]
    if n == 0 or k < 2 or all(v.size == 0 or np.ptp(v) == 0 for v in within):
        return WeightedTest(
            "weighted Wald F", np.nan, float(max(k - 1, 0)), float(n - k), np.nan, np.nan,
            "η² (weighted)",
        )  # fmt: skip
    x = _dummies(codes, k)
    fit = sm.WLS(y, x, weights=w).fit(cov_type="HC0")
    cov = np.asarray(fit.cov_params()) * n / (n - 1.0)
    b = np.asarray(fit.params)[1:]
    v = cov[1:, 1:]
    df1, df2 = k - 1, n - k
    try:
        stat = float(b @ np.linalg.solve(v, b)) / df1
    except np.linalg.LinAlgError:
        stat = float("nan")
    p = float(f_dist.sf(stat, df1, df2)) if np.isfinite(stat) and df2 > 0 else float("nan")
    with np.errstate(divide="ignore", invalid="ignore"):  # no variation: R² is NaN
        eta2 = float(fit.rsquared)
    return WeightedTest(
        test="weighted Wald F",
        statistic=stat,
        df=float(df1),
        df2=float(df2),
        p_value=p,
        effect_size=eta2,
        effect_measure="η² (weighted)",
    )


def rao_scott(
    rows: np.ndarray, cols: np.ndarray, w: np.ndarray, *, second_order: bool = True
) -> WeightedTest:
    """Rao–Scott corrected Pearson χ² test of independence for a weights-only design.

    ``rows`` and ``cols`` are category indices (0..r−1, 0..c−1) of each response. With
    ``second_order`` (default, as survey's ``svychisq(statistic = "F")``) the statistic is
    F = X²/tr Δ on (d₀, d₀·(n − 1)) df with d₀ = (tr Δ)²/tr Δ²; otherwise the first-order
    X²·df/tr Δ on a χ² with (r − 1)(c − 1) df. Effect size: Cramér's V of the weighted table.
    """
    from scipy.stats import chi2 as chi2_dist
    from scipy.stats import f as f_dist

    from .effect_sizes import cramers_v

    rows = np.asarray(rows, int)
    cols = np.asarray(cols, int)
    w = np.asarray(w, float)
    n = rows.size
    nr, nc = int(rows.max()) + 1, int(cols.max()) + 1
    # cells in R's order: interaction(rows, cols) — rows vary fastest
    cell = rows + nr * cols
    z = np.zeros((n, nr * nc))
    z[np.arange(n), cell] = 1.0
    sw = w.sum()
    p = (w[:, None] * z).sum(axis=0) / sw
    scores = w[:, None] * (z - p) / sw
    v = scores.T @ scores * n / (n - 1.0)
    # contrasts: interaction columns residualised on the main-effects design
    gr = np.tile(np.arange(nr), nc)
    gc = np.repeat(np.arange(nc), nr)
    x1 = np.column_stack(
        [np.ones(nr * nc)]
        + [(gr == i).astype(float) for i in range(1, nr)]
        + [(gc == j).astype(float) for j in range(1, nc)]
    )
    x12 = np.column_stack(
        [((gr == i) & (gc == j)).astype(float) for j in range(1, nc) for i in range(1, nr)]
    )
    q, _ = np.linalg.qr(x1)
    cmat = x12 - q @ (q.T @ x12)
    idm = np.diag(np.where(p > 0, 1.0 / np.where(p > 0, p, 1.0), 0.0))
    denom = cmat.T @ (idm / n) @ cmat
    numr = cmat.T @ idm @ v @ idm @ cmat
    delta = np.linalg.solve(denom, numr)
    tr = float(np.trace(delta))
    tr2 = float(np.trace(delta @ delta))
    table = p.reshape(nc, nr).T * n  # weighted table rescaled to n (rows × cols)
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        x2 = float(np.nansum(np.where(expected > 0, (table - expected) ** 2 / expected, 0.0)))
    df = (nr - 1) * (nc - 1)
    v_eff = cramers_v(x2, n, (nr, nc))
    if tr <= 0 or not np.isfinite(tr):
        return WeightedTest("Rao–Scott χ²", np.nan, np.nan, np.nan, np.nan, v_eff, "Cramér's V", x2)
    if second_order:
        d0 = tr**2 / tr2
        stat = x2 / tr
        pval = float(f_dist.sf(stat, d0, d0 * (n - 1)))
        return WeightedTest(
            "Rao–Scott χ²", stat, d0, d0 * (n - 1), pval, v_eff, "Cramér's V (weighted)", x2
        )
    stat = x2 * df / tr
    pval = float(chi2_dist.sf(stat, df))
    return WeightedTest(
        "Rao–Scott χ² (first order)",
        stat,
        float(df),
        np.nan,
        pval,
        v_eff,
        "Cramér's V (weighted)",
        x2,
    )


def welch_f(y: np.ndarray, codes: np.ndarray, w: np.ndarray) -> WeightedTest:
    """Design-based test that the weighted group means are equal, with a small-sample
    correction: Welch's (1951) heteroscedastic F on the weighted group means and their
    linearisation variances vₕ = nₕ/(nₕ − 1) · Σ w²(y − ȳₕ)²/(Σw)² (each group its own n/(n − 1)
    factor), with Welch's denominator df from each group's Satterthwaite df of vₕ,
    (Σw²)²/Σw⁴ − 1 (the effective n of the squared weights minus 1; nₕ − 1 for equal weights).

    The Wald F of :func:`wald_f` (R's svyglm + regTermTest) uses n − k denominator df and the
    whole sample's n/(n − 1), so a small group's variance, estimated from few responses, is
    treated as known: with one group of 17 among 407 it rejects 8–12 % of null samples (issue
    11.6). The Wald statistic is the same Σ(ȳₕ − ȳ)²/vₕ (the groups' means are independent);
    Welch's df and scaling restore the level (tests/test_honest_results.py). With weights of 1
    it is Welch's ANOVA (for two groups Welch's t², the Satterthwaite df). Effect size: the
    weighted η² (R² of the WLS fit), as :func:`wald_f`."""
    from scipy.stats import f as f_dist

    y = np.asarray(y, float)
    w = np.asarray(w, float)
    codes = np.asarray(codes, int)
    n = y.size
    k = int(codes.max()) + 1 if n else 0
    within = [y[codes == j] for j in range(k)]
    nan = WeightedTest("weighted Wald F", np.nan, float(max(k - 1, 0)), np.nan, np.nan, np.nan,
                       "η² (weighted)")  # fmt: skip
    if n == 0 or k < 2 or all(v.size == 0 or np.ptp(v) == 0 for v in within):
        return nan
    # weighted η² = R² of the WLS fit on group dummies: 1 − Σw(y − ȳₕ)²/Σw(y − ȳ)²
    sw = float(np.sum(w))
    total = float(np.sum(w * (y - np.sum(w * y) / sw) ** 2))
    sse = 0.0
    means, var, dfs = [], [], []
    for j in range(k):
        m = codes == j
        nj = int(m.sum())
        if nj < 2:
            return nan
        yj, wj = y[m], w[m]
        mu = float(np.sum(wj * yj) / np.sum(wj))
        sse += float(np.sum(wj * (yj - mu) ** 2))
        means.append(mu)
        var.append(float(np.sum(wj**2 * (yj - mu) ** 2) / np.sum(wj) ** 2) * nj / (nj - 1))
        dfs.append(max(effective_n(wj**2) - 1.0, 1.0))
    means_, var_, dfs_ = np.array(means), np.array(var), np.array(dfs)
    if (var_ <= 0).any():
        return nan
    prec = 1.0 / var_
    grand = float(np.sum(prec * means_) / prec.sum())
    h = float(np.sum((1.0 - prec / prec.sum()) ** 2 / dfs_))
    stat = float(np.sum(prec * (means_ - grand) ** 2)) / (k - 1)
    stat /= 1.0 + 2.0 * (k - 2) / (k**2 - 1.0) * h
    df2 = (k**2 - 1.0) / (3.0 * h)
    p = float(f_dist.sf(stat, k - 1, df2))
    eta2 = 1.0 - sse / total if total > 0 else np.nan
    return WeightedTest("weighted Wald F", stat, float(k - 1), df2, p, eta2, "η² (weighted)")
