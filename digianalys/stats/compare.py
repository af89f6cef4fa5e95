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
weighted Wald F test with Welch's small-sample correction (:func:`.weighted.welch_f`) and tables
the Rao–Scott χ² (see :mod:`.weighted`).

Multi (select-all) options are 0/1 variables and are compared like binary ones.

Post-hoc (3+ groups): Dunn–Holm after Kruskal–Wallis, Games–Howell after the Welch ANOVA,
pairwise χ²/Fisher–Holm after χ², pairwise weighted tests with Holm when weighted.

For Fisher's exact test ``statistic`` is the sample odds ratio and ``df`` is empty; for the
Welch ANOVA and the weighted F tests ``df`` is the numerator and ``df2`` the denominator df.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset, as_dataset
from ..errors import AnalysisError
from ..output.i18n import Msg
from ..result import Result, from_rows
from . import data
from . import effect_sizes as es
from . import posthoc as ph
from .compare_methods import methods_sentences, signed_measures
from .corrections import adjust, check_method
from .design_compare import design_compare
from .direction import ALPHA, DIRECTIONAL, main_direction, pair_direction
from .disclosure import check_min_cell, check_rule, suppressed_groups, suppression_notes
from .group_summary import SUPPRESSED, group_summary
from .group_tests import (
    family,
    kruskal_wallis,
    mann_whitney,
    sparse_share,
    table_test,
    test_name,
    welch_anova,
    welch_t,
)
from .weighted_groups import weighted_test

TESTS = ("auto", "parametric", "nonparametric")
NAN = float("nan")

MAIN_COLUMNS = [
    "variable", "label", "type", "test", "n", "statistic", "df", "df2", "p_value", "p_adjusted",
    "effect_size", "effect_measure", "effect_word", "conf_low", "conf_high", "odds_ratio",
    "or_conf_low", "or_conf_high", "direction", "warning",
]  # fmt: skip

#: Warnings that say a group was suppressed (compare's notes name those groups once, so they
#: are not repeated among a variable's other problems).
SUPPRESSION_WARNINGS = frozenset(
    {"warn_group_suppressed", "warn_groups_suppressed", "warn_groups_complementary"}
)


def _warning(warnings: list[Msg]) -> Msg | str:
    """The ``warning`` cell: the warnings joined with "; " (translatable), or ""."""
    return Msg.joined(warnings) if warnings else ""


# --------------------------------------------------------------------------- one variable
@dataclass
class _Row:
    row: dict
    posthoc: pd.DataFrame
    suppressed: list[str]
    methods: set[str]
    effects: set[str]
    posthoc_kind: str | None
    problems: list[Msg]
    cells_hidden: bool = False
    posthoc_capped: bool = False
    complementary: list[str] = field(default_factory=list)
    #: group → mean (share of 1s for binary/multi; weighted when weighted) of the kept groups,
    #: which orders a pair whose effect size has no sign; empty for categorical variables
    centres: dict[str, float] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)


def _compare_one(
    ds: Dataset,
    name: str,
    glabels: pd.Series,
    order: list[str],
    test: str,
    w_all: pd.Series | None,
    min_cell: int,
    gcodes: np.ndarray | None = None,
    cell_min: int = 0,
) -> _Row:
    """One row of the compare table (and its post-hoc rows). ``gcodes``: ``glabels`` as
    integer codes into ``order`` (-1 missing), computed once by :func:`compare`;
    ``cell_min``: answers given by fewer in a shown group are "–" in its summary (the
    ``cells`` disclosure rule; 0 under ``groups``)."""
    vt = data.vtype(ds, name)
    fam = family(vt, test, weighted=w_all is not None)
    if fam in ("table", "wtable"):
        values, levels = data.categories(ds, name)
    else:
        values, levels = data.numeric(ds, name), []
    ok = glabels.notna() & values.notna()
    if w_all is not None:
        ok &= w_all.notna() & (w_all > 0)
    vals = values[ok]
    shown = (
        vals
        if vt == "categorical" or fam in ("rank", "mean", "wmean")
        else (data.numeric(ds, name)[ok])
    )
    grp = glabels[ok]
    w = w_all[ok] if w_all is not None else None
    # group membership as integer codes (NumPy masks instead of string comparisons per group)
    if gcodes is None:
        gcodes = pd.Categorical(glabels, categories=order).codes
    gcode = gcodes[ok.to_numpy(dtype=bool)]
    member = {g: gcode == j for j, g in enumerate(order)}
    counts = {g: int(member[g].sum()) for g in order}
    shown_np = shown.to_numpy(dtype=object if vt == "categorical" else float)
    w_np = None if w is None else w.to_numpy(float)
    # small groups and their complements (disclosure.suppressed_groups): hidden alike
    small, extra = suppressed_groups(counts, min_cell)
    hidden = small + extra
    kept = [g for g in order if g not in hidden and counts[g] > 0]
    warnings: list[Msg] = []
    if small:
        key = "warn_groups_suppressed" if len(small) > 1 else "warn_group_suppressed"
        warnings.append(Msg(key, groups=", ".join(small), min_cell=min_cell))
    if extra:
        warnings.append(Msg("warn_groups_complementary", groups=", ".join(extra)))
    empty_groups = [g for g in order if counts[g] == 0 and g not in hidden]
    if empty_groups:
        warnings.append(Msg("warn_no_responses", groups=", ".join(empty_groups)))
    row: dict = {
        "variable": name,
        "label": data.label(ds, name),
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
        "effect_word": "",
        "conf_low": NAN,
        "conf_high": NAN,
        "odds_ratio": NAN,
        "or_conf_low": NAN,
        "or_conf_high": NAN,
        "direction": "",
    }
    for g in order:
        row[f"n_{g}"] = counts[g] if g not in hidden else np.nan
    cells_hidden = False
    for g in order:
        if g in hidden or counts[g] == 0:
            row[f"summary_{g}"] = SUPPRESSED
        else:
            sel = member[g]
            w_g = None if w_np is None else w_np[sel]
            row[f"summary_{g}"] = group_summary(vt, shown_np[sel], w_g, levels, cell_min)
            # cell_min only changes binary/multi/categorical summaries
            plain = (
                group_summary(vt, shown_np[sel], w_g, levels)
                if vt in ("binary", "multi", "categorical")
                else row[f"summary_{g}"]
            )
            cells_hidden = cells_hidden or row[f"summary_{g}"] != plain
    out = _Row(row, ph.empty(), small, set(), set(), None, warnings, cells_hidden)
    out.complementary = extra
    out.kept = kept
    if vt != "categorical":
        for g in kept:
            sel = member[g]
            if sel.any():
                v = shown_np[sel].astype(float)
                out.centres[g] = (
                    float(v.mean()) if w_np is None else float(np.average(v, weights=w_np[sel]))
                )
    k = len(kept)
    row["test"] = test_name(fam, k, vt)
    if k < 2:
        warnings.append(Msg("warn_too_few_groups", n=max(min_cell, 1)))
        row["warning"] = _warning(warnings)
        return out

    post = ph.empty()
    shape: tuple[int, int] | None = None
    # k(k − 1)/2 pairs: above ph.MAX_GROUPS groups no post-hoc table (noted by compare())
    pairwise = 2 < k <= ph.MAX_GROUPS
    out.posthoc_capped = k > ph.MAX_GROUPS
    if fam in ("rank", "mean"):
        vals_np = vals.to_numpy(float)
        arrays = {g: vals_np[member[g]] for g in kept}
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
                ci = (
                    es.epsilon_squared_ci(xs, p_value=res.p_value)
                    if np.isfinite(res.statistic)
                    else (NAN, NAN)
                )
                if np.isfinite(res.statistic) and pairwise:
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
                if np.isfinite(res.statistic) and pairwise:
                    post = ph.games_howell(arrays)
                    out.posthoc_kind = "Games–Howell"
        if not np.isfinite(res.statistic):
            # the Welch tests can fail with variation across groups but none within them
            within = fam == "mean" and np.ptp(np.concatenate(xs)) != 0
            warnings.append(Msg("warn_no_variation_within" if within else "warn_no_variation"))
        row.update(
            test=res.test, statistic=res.statistic, df=res.df, df2=res.df2, p_value=res.p_value
        )
    elif fam == "table":
        table = pd.crosstab(grp, vals).reindex(index=kept, fill_value=0)
        table = table.loc[:, table.sum(axis=0) > 0]
        if table.shape[1] < 2:
            warnings.append(Msg("warn_one_answer"))
            row["warning"] = _warning(warnings)
            return out
        table = table[[lv for lv in levels if lv in table.columns]]
        arr = table.to_numpy(float)
        res = table_test(arr)
        eff, measure = es.cramers_v(res.chi2, arr.sum(), arr.shape), "Cramér's V"
        shape = arr.shape
        ci = es.cramers_v_ci(res.chi2, arr.sum(), arr.shape)
        if res.test != "Fisher exact" and sparse_share(arr) > 0.2:
            warnings.append(Msg("warn_sparse"))
        row.update(test=res.test, statistic=res.statistic, df=res.df, p_value=res.p_value)
        if res.test == "Fisher exact":
            row.update(odds_ratio=res.odds_ratio, or_conf_low=res.or_low, or_conf_high=res.or_high)
        if pairwise:
            post = ph.pairwise_tables(table)
            out.posthoc_kind = (
                "Fisher exact" if (post["test"] == "Fisher exact").any() else ("Pearson χ²")
            )
    else:
        res_w, post = weighted_test(fam, kept, grp, vals, levels, w, pairwise)
        eff, measure, ci = res_w.effect_size, res_w.effect_measure, (NAN, NAN)
        if fam == "wtable":
            present = {lv for lv in set(vals[grp.isin(kept)])}
            shape = (k, len(present))
        row.update(
            test=res_w.test,
            statistic=res_w.statistic,
            df=res_w.df,
            df2=res_w.df2,
            p_value=res_w.p_value,
        )
        if pairwise:
            out.posthoc_kind = res_w.test
        if not np.isfinite(res_w.statistic):
            tested = vals[grp.isin(kept)]
            if fam == "wmean" and tested.nunique() < 2:
                warnings.append(Msg("warn_no_variation"))
            elif fam == "wmean":
                warnings.append(Msg("warn_no_variation_within"))
            else:
                warnings.append(Msg("warn_weighted_not_tested"))
    row.update(effect_size=eff, effect_measure=measure, conf_low=ci[0], conf_high=ci[1])
    row["effect_word"] = es.effect_word(eff, measure, shape)
    out.methods.add(row["test"])
    out.effects.add(measure)
    if len(post):
        post = post.assign(variable=name)
        out.posthoc = post[ph.COLUMNS]
    row["warning"] = _warning(warnings)
    return out


# --------------------------------------------------------------------------- public
def _repeated_ids(ds: Dataset, by: str) -> int:
    """How many organisations (by the codebook's ``id``) answered in more than one group of
    ``by`` — the groups are then not independent samples (0 without an id)."""
    org_id = ds.codebook.id
    if not org_id or org_id not in ds.data.columns or by not in ds.data.columns:
        return 0
    pairs = ds.data[[org_id, by]].dropna().drop_duplicates()
    return int(pairs[org_id].duplicated().sum())


def compare(
    ds: Dataset | str,
    by: str,
    variables: Sequence[str] | str | None = None,
    *,
    test: str = "auto",
    correction: str = "holm",
    weights: str | None = None,
    min_cell: int = 5,
    alpha: float = ALPHA,
    inference: str | None = None,
    suppress: str = "groups",
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
    inference : "model" (default): the tests below, about the relation beyond this population;
        "finite" (needs the population design, design.yaml): R survey's design-based tests over
        strata, finite-population correction and calibration (:mod:`.design_compare`).
    min_cell : groups with fewer non-missing responses for a variable are shown as "–" (no n,
        no summary), left out of that variable's test and named in the notes and the
        ``warning`` column (0: off); so are the next-smallest groups until the suppressed
        groups are at least two and hold at least ``min_cell`` responses together, so that
        ``n`` minus the shown groups gives no small group (:func:`.disclosure.suppressed_groups`).
    suppress : "groups" (default): the groups shown show every answer; "cells": in the group
        summaries, answers given by 1 … min_cell − 1 responses are "–" too (for surveys of
        people; :mod:`.disclosure`).

    Returns
    -------
    Result with tables

    ``compare``: variable, label, type, test, n (responses in the tested groups), statistic,
    df, df2, p_value, p_adjusted, effect_size, effect_measure, conf_low, conf_high (95 % CI of
    the effect size), direction (for the signed effect sizes of two groups, rank-biserial r and
    Hedges g, which are positive when the first group is higher: "<group> higher than
    <group>"), warning, then ``n_<group>`` and ``summary_<group>`` for each group
    (ordinal: "median [q1–q3]; mean", numeric: "mean (SD)", binary/multi: "% (yes/n)",
    categorical: the most common answer and its share, "kommunal 57 % (most common of 3)",
    short enough for a table cell — the full distribution is describe's frequency table; "–"
    for suppressed groups).

    ``posthoc`` (3 to ``posthoc.MAX_GROUPS`` = 30 tested groups; above that no pairs, with a
    note saying why and how to compare fewer groups): variable, group1, group2, test, statistic, df, p_value,
    p_adjusted, effect_size, effect_measure, direction (as above; positive = group1 higher) — empty with these columns if no 3+ group test ran.

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
    cell_min = min_cell if check_rule(suppress) == "cells" else 0
    if not (isinstance(alpha, int | float) and 0 < float(alpha) < 1):
        raise AnalysisError(f"alpha must be between 0 and 1 (not {alpha!r}); the default is 0.05")
    alpha = float(alpha)
    glabels, order = data.groups(ds, by)
    found = design_compare(ds, by, variables, inference, weights, test, correction, min_cell, alpha)
    if found is not None:
        return found
    w_all = data.weights(ds, weights) if weights else None
    exclude = [by] + ([weights] if weights else [])
    names = data.resolve_variables(ds, variables, exclude=exclude, where="the dataset")
    from . import weighted as wt

    wt.check_not_analysed(weights, names)
    notes: list[str] = []
    if inference is None and ds.path is not None:
        from .design_estimates import model_based_note

        note = model_based_note(ds, "compare_model_with_design")
        if note is not None:
            notes.append(note)
    if by in names:
        names.remove(by)
        notes.append(Msg("compare_by_itself", by=by))
    if weights and test == "nonparametric":
        notes.append(Msg("compare_weighted_test", test=test))
    repeated = _repeated_ids(ds, by)
    if repeated:
        notes.append(Msg("compare_repeated_ids", by=by, id=ds.codebook.id, n=repeated))
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

    gcodes = pd.Categorical(glabels, categories=order).codes
    rows: list[dict[str, Any]] = []
    posts: list[Any] = []
    suppressed: dict[str, Any] = {}
    complements: dict[str, list[str]] = {}
    any_cells_hidden = False
    problems_by_var: dict[str, list[Msg]] = {}
    methods_used: list[str] = []
    effects_used: list[str] = []
    posthoc_used: list[str] = []
    capped: list[str] = []
    outcomes: list[_Row] = []
    for name in names:
        r = _compare_one(ds, name, glabels, order, test, w_all, min_cell, gcodes, cell_min)
        outcomes.append(r)
        rows.append(r.row)
        any_cells_hidden |= r.cells_hidden
        other = [p for p in r.problems if p.key not in SUPPRESSION_WARNINGS]
        if other:
            problems_by_var[name] = other
        if len(r.posthoc):
            posts.append(r.posthoc)
        if r.posthoc_capped and r.row["test"] and np.isfinite(r.row["statistic"]):
            capped.append(name)
        for g in r.suppressed:
            suppressed.setdefault(g, []).append(name)
        for g in r.complementary:
            complements.setdefault(g, []).append(name)
        for t in sorted(r.methods):
            if t not in methods_used:
                methods_used.append(t)
        for e in sorted(r.effects):
            if e not in effects_used:
                effects_used.append(e)
        if r.posthoc_kind and r.posthoc_kind not in posthoc_used:
            posthoc_used.append(r.posthoc_kind)

    main = from_rows(rows)
    main["p_adjusted"] = adjust(main["p_value"].to_numpy(float), correction)
    # direction only where the adjusted p supports it (post-hoc pairs gated by the overall test)
    directions, post_dirs = [], []
    for r, p_adj in zip(outcomes, main["p_adjusted"].to_numpy(float), strict=True):
        directions.append(
            main_direction(
                p_adj,
                r.kept,
                r.row["effect_size"],
                r.row["effect_measure"],
                r.centres,
                r.posthoc,
                alpha,
            )
        )
        if len(r.posthoc):
            overall = bool(np.isfinite(p_adj) and p_adj < alpha)
            post_dirs += [
                pair_direction(a, b, e, m, r.centres, pa, overall, alpha)
                for a, b, e, m, pa in zip(
                    r.posthoc["group1"],
                    r.posthoc["group2"],
                    r.posthoc["effect_size"],
                    r.posthoc["effect_measure"],
                    r.posthoc["p_adjusted"],
                    strict=True,
                )
            ]
    main["direction"] = pd.Series(directions, dtype=object)
    group_cols = [f"n_{g}" for g in order] + [f"summary_{g}" for g in order]
    main = main[MAIN_COLUMNS + group_cols]
    for c in (f"n_{g}" for g in order):
        main[c] = main[c].astype("float64")
    main["n"] = main["n"].astype("int64")
    post = pd.concat(posts, ignore_index=True) if posts else ph.empty()
    post = post[ph.COLUMNS]
    post["effect_word"] = pd.Series(
        [
            es.effect_word(e, m)
            for e, m in zip(post["effect_size"], post["effect_measure"], strict=True)
        ],
        dtype=object,
        index=post.index,
    )
    post["direction"] = pd.Series(post_dirs, dtype=object, index=post.index)
    notes += suppression_notes(by, min_cell, suppressed, complements, any_cells_hidden)
    for name, problems in problems_by_var.items():
        notes.append(Msg("_item", name=name, text=problems))
    if capped:
        notes.append(
            Msg(
                "compare_posthoc_capped",
                variables=", ".join(capped),
                max=ph.MAX_GROUPS,
                by=by,
            )
        )

    signed = [e for e in effects_used if e in DIRECTIONAL]
    signed_post = sorted(set(post["effect_measure"]) & set(DIRECTIONAL))
    if signed and len(order) == 2:
        notes.append(
            Msg("compare_sign", measures=signed_measures(signed), first=order[0], second=order[1])
        )
    methods = methods_sentences(
        by, ds, methods_used, effects_used, posthoc_used, correction, min_cell, weights
    )
    if signed or signed_post:
        both = list(dict.fromkeys(signed + signed_post))
        methods.append(Msg("compare_sign_methods", measures=signed_measures(both)))
    families = []
    for m in list(effects_used) + sorted(set(post["effect_measure"].dropna())):
        fam_ = es.EFFECT_SOURCE.get(m)
        if fam_ and fam_ not in families:
            families.append(fam_)
    if families:
        methods.append(
            Msg("compare_effect_words", rules=[Msg(f"effect_words_{f}") for f in families])
        )
    methods.append(Msg("compare_direction", alpha=f"{alpha:g}"))
    title = Msg("compare_title", by=data.label(ds, by))
    meta = {
        "by": by,
        "groups": order,
        "test": test,
        "correction": correction,
        "min_cell": min_cell,
        "weights": weights,
        "alpha": alpha,
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
