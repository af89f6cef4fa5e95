"""``compare``: differences between groups, one row per variable, the right test for each type.

Pipeline: validate → per variable: select responses, suppress small groups, run the test,
effect size with CI, group summaries → p-values adjusted across the call → post-hoc table.

Tests (``test="auto"``; every test and distribution from scipy/statsmodels):

=====================  =============================  ==========================  ===================
type                   2 groups                       3+ groups                   effect size (95 % CI)
=====================  =============================  ==========================  ===================
ordinal                Mann–Whitney U                 Kruskal–Wallis H (ties)     rank-biserial r / ε²
                       (scipy ``mannwhitneyu``,       (scipy ``kruskal``)         (bootstrap)
                       method "auto", continuity)
numeric, scale         Welch t (scipy ``ttest_ind``   Welch ANOVA (statsmodels    Hedges g (analytic) /
                       ``equal_var=False``)           ``anova_oneway``)           ω² (noncentral F)
binary, multi,         Pearson χ² without continuity correction (scipy            Cramér's V
categorical            ``chi2_contingency``); Fisher's exact test (scipy           (noncentral χ²)
                       ``fisher_exact``) for a 2×2 table with an expected count < 5
=====================  =============================  ==========================  ===================

``test="nonparametric"`` uses the rank tests for numeric variables, ``"parametric"`` the Welch
tests for ordinal ones. With ``weights``, numeric and ordinal variables get the design-based
weighted Wald F test and tables the Rao–Scott χ² (see :mod:`.weighted`).

Multi (select-all) options are 0/1 variables and are compared like binary ones.

Post-hoc (3+ groups): Dunn–Holm after Kruskal–Wallis, Games–Howell after the Welch ANOVA,
pairwise χ²/Fisher–Holm after χ², pairwise weighted tests with Holm when weighted.

For Fisher's exact test ``statistic`` is the sample odds ratio and ``df`` is empty; for the
Welch ANOVA and the weighted F tests ``df`` is the numerator and ``df2`` the denominator df.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset import Dataset, as_dataset
from ..errors import AnalysisError
from ..result import Result
from . import _data
from . import effect_sizes as es
from . import posthoc as ph
from .corrections import METHODS as CORRECTIONS
from .corrections import adjust, check_method
from .disclosure import check_min_cell, small_groups

TESTS = ("auto", "parametric", "nonparametric")
SUPPRESSED = "–"
NAN = float("nan")

MAIN_COLUMNS = [
    "variable",
    "label",
    "type",
    "test",
    "n",
    "statistic",
    "df",
    "df2",
    "p_value",
    "p_adjusted",
    "effect_size",
    "effect_measure",
    "conf_low",
    "conf_high",
    "warning",
]

_METHOD_TEXT = {
    "Mann–Whitney U": "the Mann–Whitney U test (two-sided, normal approximation with continuity "
    "correction, exact for small samples without ties; scipy)",
    "Kruskal–Wallis H": "the Kruskal–Wallis H test corrected for ties (scipy)",
    "Welch t": "Welch's t test for unequal variances (scipy)",
    "Welch ANOVA": "Welch's one-way ANOVA for unequal variances (statsmodels anova_oneway)",
    "Pearson χ²": "Pearson's χ² test without continuity correction (scipy)",
    "Fisher exact": "Fisher's exact test, used for 2×2 tables with an expected count below 5 (scipy)",
    "weighted Wald F": "a design-based Wald F test from weighted least squares of the outcome on "
    "group indicators with linearisation (sandwich) standard errors, weights-only design as in "
    "R's survey package (svyglm + regTermTest)",
    "Rao–Scott χ²": "Pearson's χ² with the second-order Rao–Scott correction for the "
    "weights-only design (F reference distribution, as R's svychisq)",
}
_EFFECT_TEXT = {
    "rank-biserial r": "rank-biserial correlation r (95 % CI: stratified percentile bootstrap)",
    "ε²": "ε² = H/(n − 1) (95 % CI: stratified percentile bootstrap)",
    "Hedges g": "Hedges g (95 % CI from its large-sample standard error)",
    "ω²": "ω² truncated at 0 (95 % CI λ/(λ + N) from the noncentral F confidence interval of λ, Steiger 2004)",
    "Cramér's V": "Cramér's V (95 % CI by inverting the noncentral χ² distribution)",
    "η² (weighted)": "weighted η² (R² of the weighted regression; no CI)",
    "Cramér's V (weighted)": "Cramér's V of the weighted table rescaled to the sample size (no CI)",
}
_POSTHOC_TEXT = {
    "Dunn z": "Dunn's test with Holm's correction",
    "Games–Howell": "the Games–Howell procedure",
    "Pearson χ²": "pairwise χ² tests with Holm's correction",
    "Fisher exact": "pairwise χ² tests (Fisher's exact test for sparse 2×2 tables) with Holm's "
    "correction",
    "weighted Wald F": "pairwise weighted Wald F tests with Holm's correction",
    "Rao–Scott χ²": "pairwise Rao–Scott χ² tests with Holm's correction",
}


# --------------------------------------------------------------------------- single tests
@dataclass(frozen=True)
class TestOutcome:
    """One test's result. ``chi2`` is the Pearson χ² of a table (for Cramér's V)."""

    test: str
    statistic: float
    df: float
    p_value: float
    df2: float = NAN
    chi2: float = NAN


def mann_whitney(x: np.ndarray, y: np.ndarray) -> TestOutcome:
    """Two-sided Mann–Whitney U (scipy defaults: exact for small samples without ties, else the
    normal approximation with tie correction and continuity correction). ``statistic`` is U₁."""
    from scipy.stats import mannwhitneyu

    r = mannwhitneyu(x, y, alternative="two-sided")
    return TestOutcome("Mann–Whitney U", float(r.statistic), NAN, float(r.pvalue))


def kruskal_wallis(samples: Sequence[np.ndarray]) -> TestOutcome:
    """Kruskal–Wallis H, tie-corrected (scipy); df = k − 1. NaN if all values are equal."""
    from scipy.stats import kruskal

    data = np.concatenate(samples)
    if np.unique(data).size < 2:
        return TestOutcome("Kruskal–Wallis H", NAN, float(len(samples) - 1), NAN)
    r = kruskal(*samples)
    return TestOutcome(
        "Kruskal–Wallis H", float(r.statistic), float(len(samples) - 1), float(r.pvalue)
    )


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
    expected count below 5 (``statistic`` = sample odds ratio). Zero rows/columns must have
    been removed. ``chi2`` always holds the Pearson χ² (for Cramér's V)."""
    from scipy.stats import chi2_contingency, fisher_exact

    table = np.asarray(table, float)
    r = chi2_contingency(table, correction=False)
    chi2 = float(r.statistic)
    if table.shape == (2, 2) and (r.expected_freq < 5).any():
        f = fisher_exact(table.astype(int))
        return TestOutcome("Fisher exact", float(f.statistic), NAN, float(f.pvalue), chi2=chi2)
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


# --------------------------------------------------------------------------- summaries
def _num(v: float) -> str:
    if not np.isfinite(v):
        return SUPPRESSED
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"


def _summary(
    vtype: str, values: np.ndarray | pd.Series, w: np.ndarray | None, levels: Sequence[str] = ()
) -> str:
    """Display summary of one group (see :func:`compare`)."""
    from . import weighted as wt

    if vtype in ("binary", "multi"):
        v = np.asarray(values, float)
        if w is None:
            k = int((v == 1).sum())
            return f"{100.0 * k / v.size:.1f} % ({k}/{v.size})"
        return f"{100.0 * wt.mean(v == 1, w):.1f} % (n = {v.size}, weighted)"
    if vtype == "categorical":
        s = pd.Series(np.asarray(values, dtype=object))
        weights_ = np.ones(len(s)) if w is None else np.asarray(w, float)
        shares = pd.Series(weights_).groupby(s.to_numpy()).sum()
        shares = shares / shares.sum()
        if levels:
            shares = shares.reindex(list(levels))
        return "; ".join(f"{lev} {100.0 * p:.0f} %" for lev, p in shares.items() if p > 0)
    v = np.asarray(values, float)
    if w is None:
        m, sd = float(v.mean()), float(v.std(ddof=1)) if v.size > 1 else NAN
        med, q1, q3 = np.percentile(v, [50, 25, 75])
    else:
        m, sd = wt.mean(v, w), wt.sd(v, w)
        med, q1, q3 = (wt.quantile(v, w, q) for q in (0.5, 0.25, 0.75))
    if vtype == "ordinal":
        return f"{_num(med)} [{_num(q1)}–{_num(q3)}]; mean {m:.2f}"
    return f"{m:.2f} ({sd:.2f})" if np.isfinite(sd) else f"{m:.2f}"


# --------------------------------------------------------------------------- one variable
@dataclass
class _Row:
    row: dict
    posthoc: pd.DataFrame
    suppressed: list[str]
    methods: set[str]
    effects: set[str]
    posthoc_kind: str | None
    problems: list[str]


def _compare_one(
    ds: Dataset,
    name: str,
    glabels: pd.Series,
    order: list[str],
    test: str,
    w_all: pd.Series | None,
    min_cell: int,
) -> _Row:
    vt = _data.vtype(ds, name)
    fam = family(vt, test, weighted=w_all is not None)
    if fam in ("table", "wtable"):
        values, levels = _data.categories(ds, name)
    else:
        values, levels = _data.numeric(ds, name), []
    ok = glabels.notna() & values.notna()
    if w_all is not None:
        ok &= w_all.notna() & (w_all > 0)
    vals = values[ok]
    shown = (
        vals
        if vt == "categorical" or fam in ("rank", "mean", "wmean")
        else (_data.numeric(ds, name)[ok])
    )
    grp = glabels[ok]
    w = w_all[ok] if w_all is not None else None
    counts = {g: int((grp == g).sum()) for g in order}
    hidden = small_groups(counts, min_cell)
    kept = [g for g in order if g not in hidden and counts[g] > 0]
    warnings: list[str] = []
    if hidden:
        warnings.append(
            f"group{'s' if len(hidden) > 1 else ''} {', '.join(hidden)} suppressed "
            f"(fewer than {min_cell} responses)"
        )
    empty_groups = [g for g in order if counts[g] == 0 and g not in hidden]
    if empty_groups:
        warnings.append(f"no responses in {', '.join(empty_groups)}")
    row: dict = {
        "variable": name,
        "label": _data.label(ds, name),
        "type": vt,
        "test": "",
        "n": int(sum(counts[g] for g in kept)),
        "statistic": NAN,
        "df": NAN,
        "df2": NAN,
        "p_value": NAN,
        "p_adjusted": NAN,
        "effect_size": NAN,
        "effect_measure": "",
        "conf_low": NAN,
        "conf_high": NAN,
    }
    for g in order:
        row[f"n_{g}"] = counts[g] if g not in hidden else np.nan
    for g in order:
        if g in hidden or counts[g] == 0:
            row[f"summary_{g}"] = SUPPRESSED
        else:
            sel = grp == g
            row[f"summary_{g}"] = _summary(
                vt, shown[sel], None if w is None else w[sel].to_numpy(float), levels
            )
    out = _Row(row, ph.empty(), hidden, set(), set(), None, warnings)
    k = len(kept)
    row["test"] = _test_name(fam, k, vt)
    if k < 2:
        warnings.append(
            f"fewer than two groups with at least {max(min_cell, 1)} responses; not tested"
        )
        row["warning"] = "; ".join(warnings)
        return out

    samples = {g: vals[grp == g] for g in kept}
    post = ph.empty()
    if fam in ("rank", "mean"):
        arrays = {g: s.to_numpy(float) for g, s in samples.items()}
        xs = list(arrays.values())
        if fam == "rank":
            if k == 2:
                res = mann_whitney(*xs)
                eff, measure = es.rank_biserial(*xs), "rank-biserial r"
                ci = es.rank_biserial_ci(*xs) if np.isfinite(res.p_value) else (NAN, NAN)
            else:
                res = kruskal_wallis(xs)
                n = sum(len(x) for x in xs)
                eff = es.epsilon_squared(res.statistic, n)
                measure = "ε²"
                ci = es.epsilon_squared_ci(xs) if np.isfinite(res.statistic) else (NAN, NAN)
                if np.isfinite(res.statistic):
                    post = ph.dunn(arrays)
                    out.posthoc_kind = "Dunn z"
        else:
            if k == 2:
                res = welch_t(*xs)
                eff, measure = es.hedges_g(*xs), "Hedges g"
                ci = es.hedges_g_ci(eff, len(xs[0]), len(xs[1]))
            else:
                res = welch_anova(xs)
                n_total = sum(len(x) for x in xs)
                # ω² from the Welch F with N − k as df₂: df₁(F − 1)/(df₁F + N − k + 1) equals
                # λ̂/(λ̂ + N) with λ̂ = df₁(F − 1), the same scale as its noncentral-F CI below.
                eff, measure = es.omega_squared(res.statistic, res.df, n_total - k), "ω²"
                ci = es.omega_squared_ci(res.statistic, res.df, res.df2, n_total)
                if np.isfinite(res.statistic):
                    post = ph.games_howell(arrays)
                    out.posthoc_kind = "Games–Howell"
            if not np.isfinite(res.statistic):
                warnings.append("too few cases or no variation within groups; not tested")
        if not np.isfinite(res.statistic) and "not tested" not in "".join(warnings):
            warnings.append("no variation; not tested")
        row.update(
            test=res.test, statistic=res.statistic, df=res.df, df2=res.df2, p_value=res.p_value
        )
    elif fam == "table":
        table = pd.crosstab(grp, vals).reindex(index=kept, fill_value=0)
        table = table.loc[:, table.sum(axis=0) > 0]
        if table.shape[1] < 2:
            warnings.append("no variation (only one answer given); not tested")
            row["warning"] = "; ".join(warnings)
            return out
        table = table[[lv for lv in levels if lv in table.columns]]
        arr = table.to_numpy(float)
        res = table_test(arr)
        eff, measure = es.cramers_v(res.chi2, arr.sum(), arr.shape), "Cramér's V"
        ci = es.cramers_v_ci(res.chi2, arr.sum(), arr.shape)
        if res.test != "Fisher exact" and sparse_share(arr) > 0.2:
            warnings.append("more than 20 % of expected counts below 5; χ² may be inaccurate")
        row.update(test=res.test, statistic=res.statistic, df=res.df, p_value=res.p_value)
        if k > 2:
            post = ph.pairwise_tables(table)
            out.posthoc_kind = (
                "Fisher exact" if (post["test"] == "Fisher exact").any() else ("Pearson χ²")
            )
    else:
        res_w, post = _weighted(fam, kept, grp, vals, levels, w)
        eff, measure, ci = res_w.effect_size, res_w.effect_measure, (NAN, NAN)
        row.update(
            test=res_w.test,
            statistic=res_w.statistic,
            df=res_w.df,
            df2=res_w.df2,
            p_value=res_w.p_value,
        )
        if k > 2:
            out.posthoc_kind = res_w.test
        if not np.isfinite(res_w.statistic):
            warnings.append("too few cases or no variation; not tested")
    row.update(effect_size=eff, effect_measure=measure, conf_low=ci[0], conf_high=ci[1])
    out.methods.add(row["test"])
    out.effects.add(measure)
    if len(post):
        post = post.assign(variable=name)
        out.posthoc = post[ph.COLUMNS]
    row["warning"] = "; ".join(warnings)
    return out


def _test_name(fam: str, k: int, vt: str) -> str:
    if fam == "rank":
        return "Mann–Whitney U" if k <= 2 else "Kruskal–Wallis H"
    if fam == "mean":
        return "Welch t" if k <= 2 else "Welch ANOVA"
    if fam == "wmean":
        return "weighted Wald F"
    if fam == "wtable":
        return "Rao–Scott χ²"
    return "Pearson χ²"


def _weighted(fam, kept, grp, vals, levels, w):
    """Weighted test over the kept groups plus pairwise tests (Holm) for 3+ groups."""
    from itertools import combinations

    from . import weighted as wt

    def _run(groups_: list[str]):
        sel = grp.isin(groups_).to_numpy()
        gcodes = pd.Categorical(grp[sel], categories=groups_).codes
        ww = w[sel].to_numpy(float)
        if fam == "wmean":
            return wt.wald_f(vals[sel].to_numpy(float), gcodes, ww)
        present = [lv for lv in levels if lv in set(vals[sel])]
        if len(present) < 2:
            return wt.WeightedTest("Rao–Scott χ²", NAN, NAN, NAN, NAN, NAN, "Cramér's V (weighted)")
        lcodes = pd.Categorical(vals[sel], categories=present).codes
        return wt.rao_scott(gcodes, lcodes, ww)

    res = _run(kept)
    post = ph.empty()
    if len(kept) > 2:
        rows = []
        for a, b in combinations(kept, 2):
            r = _run([a, b])
            rows.append(
                {
                    "group1": a,
                    "group2": b,
                    "test": r.test,
                    "statistic": r.statistic,
                    "df": r.df,
                    "p_value": r.p_value,
                    "effect_size": r.effect_size,
                    "effect_measure": r.effect_measure,
                }
            )
        post = pd.DataFrame(rows)
        post["p_adjusted"] = adjust(post["p_value"].to_numpy(float), "holm")
    return res, post


# --------------------------------------------------------------------------- public
def compare(
    ds: Dataset | str,
    by: str,
    variables: Sequence[str] | str | None = None,
    *,
    test: str = "auto",
    correction: str = "holm",
    weights: str | None = None,
    min_cell: int = 5,
) -> Result:
    """Compare groups of ``by`` on each variable with the test suited to its type.

    Parameters
    ----------
    ds : Dataset or path of a dataset directory.
    by : grouping variable (categorical, binary, ordinal or multi). Groups are ordered as the
        codebook's ``levels`` (categorical) or codes (ordinal/binary), otherwise sorted.
    variables : variables to compare; default all ordinal, binary, categorical, numeric and
        multi variables and all scales except ``by`` and ``weights``.
    test : "auto", "parametric" (Welch tests for ordinal too) or "nonparametric" (rank tests
        for numeric too).
    correction : "holm", "fdr_bh" or "none"; applied across all rows of this call.
    weights : column of sampling weights → design-based tests (:mod:`.weighted`).
    min_cell : groups with fewer non-missing responses for a variable are shown as "–", left
        out of that variable's test and named in the notes and the ``warning`` column (0: off).

    Returns
    -------
    Result with tables

    ``compare``: variable, label, type, test, n (responses in the tested groups), statistic,
    df, df2, p_value, p_adjusted, effect_size, effect_measure, conf_low, conf_high (95 % CI of
    the effect size), warning, then ``n_<group>`` and ``summary_<group>`` for each group
    (ordinal: "median [q1–q3]; mean", numeric: "mean (SD)", binary/multi: "% (yes/n)",
    categorical: share of each answer; "–" for suppressed groups).

    ``posthoc`` (3+ groups): variable, group1, group2, test, statistic, df, p_value,
    p_adjusted, effect_size, effect_measure — empty with these columns if no 3+ group test ran.

    Raises
    ------
    VariableError for unknown variables or an unusable ``by``/``weights`` column;
    AnalysisError when ``by`` has fewer than two groups with at least ``min_cell`` responses.
    """
    ds = as_dataset(ds)
    if test not in TESTS:
        raise AnalysisError(f"unknown test family '{test}'; use one of: {', '.join(TESTS)}")
    check_method(correction)
    min_cell = check_min_cell(min_cell)
    glabels, order = _data.groups(ds, by)
    w_all = _data.weights(ds, weights) if weights else None
    exclude = [by] + ([weights] if weights else [])
    names = _data.resolve_variables(ds, variables, exclude=exclude, where="the dataset")
    notes: list[str] = []
    if by in names:
        names.remove(by)
        notes.append(f"'{by}' is the grouping variable and was not compared with itself.")
    if not names:
        raise AnalysisError(
            f"nothing to compare by '{by}': no ordinal, binary, categorical or numeric variables"
        )
    by_counts = glabels.value_counts()
    big = [g for g in order if by_counts.get(g, 0) >= max(min_cell, 1)]
    if len(big) < 2:
        raise AnalysisError(
            f"grouping variable '{by}' has fewer than two groups with at least {max(min_cell, 1)} "
            f"responses ({', '.join(f'{g}: {by_counts.get(g, 0)}' for g in order)}); "
            f"choose another variable or lower --min-cell"
        )

    rows, posts, suppressed = [], [], {}
    problems_by_var: dict[str, list[str]] = {}
    methods_used: list[str] = []
    effects_used: list[str] = []
    posthoc_used: list[str] = []
    for name in names:
        r = _compare_one(ds, name, glabels, order, test, w_all, min_cell)
        rows.append(r.row)
        other = [p for p in r.problems if "suppressed" not in p]
        if other:
            problems_by_var[name] = other
        if len(r.posthoc):
            posts.append(r.posthoc)
        for g in r.suppressed:
            suppressed.setdefault(g, []).append(name)
        for t in sorted(r.methods):
            if t not in methods_used:
                methods_used.append(t)
        for e in sorted(r.effects):
            if e not in effects_used:
                effects_used.append(e)
        if r.posthoc_kind and r.posthoc_kind not in posthoc_used:
            posthoc_used.append(r.posthoc_kind)

    main = pd.DataFrame(rows)
    main["p_adjusted"] = adjust(main["p_value"].to_numpy(float), correction)
    group_cols = [f"n_{g}" for g in order] + [f"summary_{g}" for g in order]
    main = main[MAIN_COLUMNS + group_cols]
    for c in (f"n_{g}" for g in order):
        main[c] = main[c].astype("float64")
    main["n"] = main["n"].astype("int64")
    post = pd.concat(posts, ignore_index=True) if posts else ph.empty()
    post = post[ph.COLUMNS]
    for g, vs in suppressed.items():
        notes.append(
            f"Group '{g}' of '{by}' had fewer than {min_cell} responses for "
            f"{', '.join(vs)}; shown as '–' and left out of the test."
        )
    for name, problems in problems_by_var.items():
        notes.append(f"{name}: {'; '.join(problems)}.")

    methods = _methods(
        by, ds, methods_used, effects_used, posthoc_used, correction, min_cell, weights
    )
    title = f"Comparison by {_data.label(ds, by)}"
    meta = {
        "by": by,
        "groups": order,
        "test": test,
        "correction": correction,
        "min_cell": min_cell,
        "weights": weights,
        "bootstrap": {"resamples": es.BOOTSTRAP_RESAMPLES, "seed": es.BOOTSTRAP_SEED},
    }
    return Result(
        kind="compare",
        tables={"compare": main.reset_index(drop=True), "posthoc": post.reset_index(drop=True)},
        title=title,
        notes=notes,
        methods=methods,
        meta=meta,
    )


def _methods(by, ds, tests, effects, posthocs, correction, min_cell, weights) -> list[str]:
    out = [f"Groups were defined by {_data.label(ds, by)} ('{by}')."]
    if tests:
        out.append(
            "Groups were compared with " + "; ".join(_METHOD_TEXT.get(t, t) for t in tests) + "."
        )
    if effects:
        out.append("Effect sizes: " + "; ".join(_EFFECT_TEXT.get(e, e) for e in effects) + ".")
    if any(e in ("rank-biserial r", "ε²") for e in effects):
        out.append(
            f"Bootstrap confidence intervals used {es.BOOTSTRAP_RESAMPLES} resamples drawn within "
            f"groups with the fixed seed {es.BOOTSTRAP_SEED} (2.5th and 97.5th percentiles)."
        )
    if posthocs:
        out.append(
            "Pairwise post-hoc comparisons for three or more groups used "
            + "; ".join(_POSTHOC_TEXT.get(p, p) for p in posthocs)
            + " (adjusted within each variable)."
        )
    if correction == "none":
        out.append("P-values were not adjusted for multiple testing.")
    else:
        out.append(
            f"P-values were adjusted for multiple testing across all compared variables with "
            f"{CORRECTIONS[correction]}."
        )
    if weights:
        out.append(f"Estimates and tests are weighted by '{weights}' (weights-only design).")
    if min_cell > 0:
        out.append(
            f"Groups with fewer than {min_cell} responses to a question were suppressed and "
            f"left out of its test."
        )
    return out
