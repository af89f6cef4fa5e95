"""Post-hoc tests: published Games–Howell values, Dunn's identities, pairwise χ² vs scipy."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from digianalys.stats import posthoc

REL = 1e-6


def test_games_howell_published_hair_colour(realdata):
    # pingouin's test suite (R userfriendlyscience / JASP) on anova.csv, groups in sorted order:
    # |T| = 2.47, 1.42, 1.75, 4.09, 1.11, 3.56; df = 7.91, 7.94, 6.56, 8.00, 6.82, 6.77;
    # JASP p = 0.1401, 0.5228, 0.3715, 0.0148, 0.6980, 0.0378
    df = pd.read_csv(realdata / "pingouin_anova.csv")
    groups = sorted(df["Hair color"].unique())
    samples = {g: df.loc[df["Hair color"] == g, "Pain threshold"].to_numpy(float) for g in groups}
    out = posthoc.games_howell(samples)
    np.testing.assert_allclose(
        out["statistic"].abs().round(2), [2.47, 1.42, 1.75, 4.09, 1.11, 3.56]
    )
    np.testing.assert_allclose(out["df"].round(2), [7.91, 7.94, 6.56, 8.0, 6.82, 6.77])
    np.testing.assert_allclose(
        out["p_adjusted"], [0.1401, 0.5228, 0.3715, 0.0148, 0.6980, 0.0378], atol=6e-4
    )
    for i, (a, b) in enumerate(combinations(groups, 2)):
        ref = stats.ttest_ind(samples[a], samples[b], equal_var=False)
        assert out.loc[i, "p_value"] == pytest.approx(ref.pvalue, rel=REL)
        assert out.loc[i, "statistic"] == pytest.approx(ref.statistic, rel=REL)


def test_dunn_two_groups_equals_kruskal():
    # With two groups Dunn's z² is the tie-corrected Kruskal–Wallis H.
    rng = np.random.default_rng(2)
    x, y = rng.integers(1, 6, 40).astype(float), rng.integers(1, 6, 33).astype(float)
    out = posthoc.dunn({"a": x, "b": y})
    ref = stats.kruskal(x, y)
    assert out.loc[0, "statistic"] ** 2 == pytest.approx(ref.statistic, rel=REL)
    assert out.loc[0, "p_value"] == pytest.approx(ref.pvalue, rel=REL)


def test_dunn_holm_three_groups():
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(4)
    s = {
        g: rng.integers(1, 6, n).astype(float) + k
        for k, (g, n) in enumerate([("a", 30), ("b", 25), ("c", 20)])
    }
    out = posthoc.dunn(s)
    assert list(zip(out.group1, out.group2, strict=True)) == [("a", "b"), ("a", "c"), ("b", "c")]
    np.testing.assert_allclose(
        out["p_adjusted"], multipletests(out["p_value"], method="holm")[1], rtol=REL
    )
    # z uses the pooled ranks: check the first pair by hand against scipy.stats.rankdata
    data = np.concatenate(list(s.values()))
    r = stats.rankdata(data)
    _, t = np.unique(data, return_counts=True)
    n = data.size
    var = n * (n + 1) / 12 - (t**3 - t).sum() / (12 * (n - 1))
    z = (r[:30].mean() - r[30:55].mean()) / np.sqrt(var * (1 / 30 + 1 / 25))
    assert out.loc[0, "statistic"] == pytest.approx(z, rel=REL)


def test_pairwise_tables_against_scipy():
    from statsmodels.stats.multitest import multipletests

    table = pd.DataFrame(
        [[20, 10, 5], [8, 22, 9], [3, 4, 1]], index=["x", "y", "z"], columns=["p", "q", "r"]
    )
    out = posthoc.pairwise_tables(table)
    first = stats.chi2_contingency(table.loc[["x", "y"]].to_numpy(), correction=False)
    assert out.loc[0, "test"] == "Pearson χ²"
    assert out.loc[0, "statistic"] == pytest.approx(first.statistic, rel=REL)
    assert out.loc[0, "p_value"] == pytest.approx(first.pvalue, rel=REL)
    np.testing.assert_allclose(
        out["p_adjusted"], multipletests(out["p_value"], method="holm")[1], rtol=REL
    )
    two = pd.DataFrame([[10, 2], [7, 5], [1, 1]], index=["a", "b", "c"], columns=["ja", "nej"])
    out2 = posthoc.pairwise_tables(two)
    assert out2.loc[0, "test"] == "Fisher exact"
    assert out2.loc[0, "p_value"] == pytest.approx(
        stats.fisher_exact([[10, 2], [7, 5]]).pvalue, rel=REL
    )


def test_empty_table_has_columns():
    assert list(posthoc.empty().columns) == posthoc.COLUMNS
