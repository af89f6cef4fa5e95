"""compare(): every test, effect size and correction against scipy/statsmodels called directly,
published values on the pingouin 'anova' data set, disclosure control and errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import AnalysisError, VariableError
from digianalys.stats.compare import compare

REL = 1e-6


def _dataset(n: int = 240, seed: int = 7, groups=("statlig", "kommunal", "regional")) -> Dataset:
    rng = np.random.default_rng(seed)
    g = rng.choice(list(groups), n)
    shift = pd.Series(g).map({k: i for i, k in enumerate(groups)}).to_numpy()
    q = np.clip(rng.integers(1, 6, n) + (rng.random(n) < 0.3 * shift), 1, 5)
    q = pd.array(q, dtype="Int64")
    q[rng.random(n) < 0.08] = pd.NA
    yes = pd.array((rng.random(n) < 0.3 + 0.15 * shift).astype(int), dtype="Int64")
    cat = pd.array(rng.choice(["intern", "extern", "båda"], n), dtype="string")
    num = rng.normal(50 + 3 * shift, 5 + 3 * shift)
    tick = pd.array(rng.integers(0, 2, n), dtype="Int64")
    data = pd.DataFrame(
        {
            "sector": pd.array(g, dtype="string"),
            "q1": q,
            "q2": pd.array(rng.integers(1, 6, n), dtype="Int64"),
            "framework": yes,
            "source": cat,
            "employees": num,
            "tool_teams": tick,
            "comment": pd.array(["x"] * n, dtype="string"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "sector",
                    "type": "categorical",
                    "levels": {k: [k] for k in groups},
                },
                {
                    "name": "q1",
                    "type": "ordinal",
                    "label": "Ledningen är tydlig",
                    "values": {1: "Inte alls", 2: "Lite", 3: "Varken", 4: "Delvis", 5: "Helt"},
                },
                {"name": "q2", "type": "ordinal", "values": {i: str(i) for i in range(1, 6)}},
                {"name": "framework", "type": "binary", "values": {1: "Ja", 0: "Nej"}},
                {"name": "source", "type": "categorical"},
                {"name": "employees", "type": "numeric"},
                {"name": "tool_teams", "type": "multi", "label": "Teams"},
                {"name": "comment", "type": "text"},
            ],
            "scales": {"lead": {"items": ["q1", "q2"], "min_items": 1}},
        }
    )
    from digianalys.dataset import compute_scales

    data = pd.concat([data, compute_scales(data, cb)], axis=1)
    return Dataset(data=data, codebook=cb)


def _groups(ds: Dataset, var: str, by: str = "sector", order=None) -> list[np.ndarray]:
    d = ds.data[[by, var]].dropna()
    order = order or list(ds.codebook.get(by).levels)
    return [pd.to_numeric(d.loc[d[by] == g, var]).to_numpy(float) for g in order]


def _row(res, var):
    t = res.tables["compare"]
    return t.loc[t["variable"] == var].iloc[0]


# --------------------------------------------------------------------------- published values
def _hair(realdata) -> Dataset:
    df = pd.read_csv(realdata / "pingouin_anova.csv")
    data = pd.DataFrame(
        {
            "hair_color": df["Hair color"].astype("string"),
            "pain_threshold": df["Pain threshold"].astype("float64"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "hair_color", "type": "categorical"},
                {"name": "pain_threshold", "type": "numeric"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def test_published_welch_anova_pingouin(realdata):
    # pingouin welch_anova on anova.csv: F = 5.890115, df = (3, 8.329841), p = 0.018813.
    # The smallest group has 4 responses, so min_cell must be ≤ 4.
    res = compare(_hair(realdata), "hair_color", min_cell=4)
    row = _row(res, "pain_threshold")
    assert row["test"] == "Welch ANOVA"
    assert row["statistic"] == pytest.approx(5.890115, abs=1e-6)
    assert row["df"] == 3
    assert row["df2"] == pytest.approx(8.329841, abs=1e-6)
    assert row["p_value"] == pytest.approx(0.018813, abs=1e-6)
    sizes = [
        row[f"n_{g}"] for g in ["Dark Blond", "Dark Brunette", "Light Blond", "Light Brunette"]
    ]
    assert sizes == [5, 5, 5, 4]


def test_published_kruskal_pingouin(realdata):
    # pingouin kruskal on anova.csv: H = 10.58863, p = 0.014172.
    res = compare(_hair(realdata), "hair_color", test="nonparametric", min_cell=4)
    row = _row(res, "pain_threshold")
    assert row["test"] == "Kruskal–Wallis H"
    assert row["statistic"] == pytest.approx(10.58863, abs=1e-5)
    assert row["p_value"] == pytest.approx(0.014172, abs=1e-6)
    assert row["effect_size"] == pytest.approx(row["statistic"] / 18, rel=REL)


def test_default_min_cell_suppresses_group_of_four(realdata):
    res = compare(_hair(realdata), "hair_color")
    row = _row(res, "pain_threshold")
    assert row["summary_Light Brunette"] == "–"
    assert np.isnan(row["n_Light Brunette"])
    # complementary suppression: the next-smallest group (Dark Blond, 5, first of the ties)
    # is hidden too, so that n minus the shown groups does not give the group of four
    assert row["summary_Dark Blond"] == "–" and np.isnan(row["n_Dark Blond"])
    assert row["n"] == 10
    assert "Light Brunette" in row["warning"] and "Dark Blond" in row["warning"]
    assert any("Light Brunette" in n for n in res.notes)
    assert any("'Dark Blond'" in n and "smaller group" in n for n in res.notes)
    d = _hair(realdata).data
    x, y = (d.loc[d.hair_color == g, "pain_threshold"] for g in ["Dark Brunette", "Light Blond"])
    assert row["test"] == "Welch t"
    assert row["statistic"] == pytest.approx(stats.ttest_ind(x, y, equal_var=False).statistic)


# --------------------------------------------------------------------------- each test vs scipy
def test_two_groups_each_type_against_scipy():
    ds = _dataset(groups=("statlig", "kommunal"))
    res = compare(ds, "sector", correction="none")
    order = ["statlig", "kommunal"]

    x, y = _groups(ds, "q1", order=order)
    row = _row(res, "q1")
    ref = stats.mannwhitneyu(x, y, alternative="two-sided")
    assert row["test"] == "Mann–Whitney U"
    assert row["statistic"] == pytest.approx(ref.statistic, rel=REL)
    assert row["p_value"] == pytest.approx(ref.pvalue, rel=REL)
    assert row["effect_size"] == pytest.approx(2 * ref.statistic / (len(x) * len(y)) - 1, rel=REL)
    assert row["effect_measure"] == "rank-biserial r"
    assert row["conf_low"] < row["effect_size"] < row["conf_high"]

    x, y = _groups(ds, "employees", order=order)
    row = _row(res, "employees")
    ref = stats.ttest_ind(x, y, equal_var=False)
    assert row["test"] == "Welch t"
    assert row["statistic"] == pytest.approx(ref.statistic, rel=REL)
    assert row["df"] == pytest.approx(ref.df, rel=REL)
    assert row["p_value"] == pytest.approx(ref.pvalue, rel=REL)
    n1, n2 = len(x), len(y)
    sp = np.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
    g = (x.mean() - y.mean()) / sp * (1 - 3 / (4 * (n1 + n2) - 9))
    assert row["effect_size"] == pytest.approx(g, rel=REL)
    se = np.sqrt((n1 + n2) / (n1 * n2) + g**2 / (2 * (n1 + n2)))
    assert row["conf_low"] == pytest.approx(g - stats.norm.ppf(0.975) * se, rel=REL)
    assert row["conf_high"] == pytest.approx(g + stats.norm.ppf(0.975) * se, rel=REL)

    for var in ("framework", "tool_teams"):  # multi options are compared like binary
        table = pd.crosstab(ds.data["sector"], ds.data[var]).loc[order].to_numpy()
        ref = stats.chi2_contingency(table, correction=False)
        row = _row(res, var)
        assert row["test"] == "Pearson χ²"
        assert row["statistic"] == pytest.approx(ref.statistic, rel=REL)
        assert row["p_value"] == pytest.approx(ref.pvalue, rel=REL)
        v = stats.contingency.association(table, method="cramer", correction=False)
        assert row["effect_size"] == pytest.approx(v, rel=REL)
    assert res.tables["posthoc"].empty
    assert list(res.tables["posthoc"].columns)[:3] == ["variable", "group1", "group2"]


def test_three_groups_each_type_against_scipy_statsmodels():
    from statsmodels.stats.oneway import anova_oneway

    ds = _dataset()
    res = compare(ds, "sector", correction="none")

    xs = _groups(ds, "q1")
    ref = stats.kruskal(*xs)
    row = _row(res, "q1")
    assert row["test"] == "Kruskal–Wallis H"
    assert row["statistic"] == pytest.approx(ref.statistic, rel=REL)
    assert row["p_value"] == pytest.approx(ref.pvalue, rel=REL)
    assert row["df"] == 2
    assert row["effect_size"] == pytest.approx(ref.statistic / (sum(map(len, xs)) - 1), rel=REL)

    for var in ("employees", "lead"):  # numeric variable and a scale
        xs = _groups(ds, var)
        ref = anova_oneway(xs, use_var="unequal")
        row = _row(res, var)
        assert row["test"] == "Welch ANOVA"
        assert row["statistic"] == pytest.approx(ref.statistic, rel=REL)
        assert row["df2"] == pytest.approx(ref.df_denom, rel=REL)
        assert row["p_value"] == pytest.approx(ref.pvalue, rel=REL)

    table = pd.crosstab(ds.data["sector"], ds.data["source"]).to_numpy()
    ref = stats.chi2_contingency(table, correction=False)
    row = _row(res, "source")
    assert row["statistic"] == pytest.approx(ref.statistic, rel=REL)
    assert row["df"] == ref.dof
    assert row["p_value"] == pytest.approx(ref.pvalue, rel=REL)
    post = res.tables["posthoc"]
    assert set(post["variable"]) == {
        "q1",
        "q2",
        "framework",
        "source",
        "employees",
        "tool_teams",
        "lead",
    }
    assert set(post.loc[post.variable == "q1", "test"]) == {"Dunn z"}
    assert set(post.loc[post.variable == "employees", "test"]) == {"Games–Howell"}


def test_fisher_for_sparse_2x2():
    data = pd.DataFrame(
        {
            "g": pd.array(["a"] * 12 + ["b"] * 12, dtype="string"),
            "y": pd.array([1] * 2 + [0] * 10 + [1] * 5 + [0] * 7, dtype="Int64"),
        }
    )
    cb = Codebook.from_dict(
        {"variables": [{"name": "g", "type": "categorical"}, {"name": "y", "type": "binary"}]}
    )
    row = _row(compare(Dataset(data=data, codebook=cb), "g"), "y")
    ref = stats.fisher_exact([[10, 2], [7, 5]])
    assert row["test"] == "Fisher exact"
    assert row["p_value"] == pytest.approx(ref.pvalue, rel=REL)
    # groups of 12 are shown with every answer under the default rule (groups), as
    # describe's frequency table shows them; under --suppress cells the 2 "yes" answers
    # (below min-cell 5) are hidden in the summary; the test runs on the whole groups alike
    assert row["summary_a"] == "16.7 % (2/12)" and row["summary_b"] == "41.7 % (5/12)"
    cells = compare(Dataset(data=data, codebook=cb), "g", suppress="cells")
    row = _row(cells, "y")
    assert row["summary_a"] == "–" and row["summary_b"] == "41.7 % (5/12)"
    assert row["p_value"] == pytest.approx(ref.pvalue, rel=REL)
    assert "1 to 4 responses" in " ".join(map(str, cells.notes))
    row = _row(compare(Dataset(data=data, codebook=cb), "g", min_cell=0), "y")
    assert row["summary_a"] == "16.7 % (2/12)"


def test_test_family_switches():
    from statsmodels.stats.oneway import anova_oneway

    ds = _dataset()
    par = compare(ds, "sector", ["q1"], test="parametric")
    ref = anova_oneway(_groups(ds, "q1"), use_var="unequal")
    assert _row(par, "q1")["test"] == "Welch ANOVA"
    assert _row(par, "q1")["statistic"] == pytest.approx(ref.statistic, rel=REL)
    nonpar = compare(ds, "sector", ["employees"], test="nonparametric")
    assert _row(nonpar, "employees")["test"] == "Kruskal–Wallis H"
    assert _row(nonpar, "employees")["statistic"] == pytest.approx(
        stats.kruskal(*_groups(ds, "employees")).statistic, rel=REL
    )


@pytest.mark.parametrize("method", ["holm", "fdr_bh", "none"])
def test_correction_across_all_rows(method):
    from statsmodels.stats.multitest import multipletests

    res = compare(_dataset(), "sector", correction=method)
    t = res.tables["compare"]
    p = t["p_value"].to_numpy()
    expected = p if method == "none" else multipletests(p, method=method)[1]
    np.testing.assert_allclose(t["p_adjusted"].to_numpy(), expected, rtol=REL)


# --------------------------------------------------------------------------- table shape
def test_columns_defaults_and_summaries():
    ds = _dataset()
    res = compare(ds, "sector")
    t = res.tables["compare"]
    contract = [
        "variable",
        "label",
        "type",
        "test",
        "n",
        "statistic",
        "df",
        "p_value",
        "p_adjusted",
        "effect_size",
        "effect_measure",
        "conf_low",
        "conf_high",
    ]
    assert all(c in t.columns for c in contract + ["warning"])
    for g in ("statlig", "kommunal", "regional"):
        assert f"n_{g}" in t.columns and f"summary_{g}" in t.columns
    # default: analysable variables and scales, not the grouping variable, not text
    assert list(t["variable"]) == [
        "q1",
        "q2",
        "framework",
        "source",
        "employees",
        "tool_teams",
        "lead",
    ]
    row = _row(res, "framework")
    d = ds.data[ds.data.sector == "statlig"]["framework"]
    k, n = int((d == 1).sum()), int(d.notna().sum())
    assert row["summary_statlig"] == f"{100 * k / n:.1f} % ({k}/{n})"
    assert row["n_statlig"] == n
    x = ds.data.loc[ds.data.sector == "kommunal", "employees"]
    assert _row(res, "employees")["summary_kommunal"] == f"{x.mean():.2f} ({x.std():.2f})"
    assert res.methods and any("Holm" in m for m in res.methods)
    assert res.to_dict()["tables"]["compare"][0]["variable"] == "q1"


def test_min_cell_per_variable_and_off():
    ds = _dataset(n=120)
    d = ds.data.copy()
    # only 3 'regional' answers to q2
    idx = d.index[d.sector == "regional"]
    d.loc[idx[3:], "q2"] = pd.NA
    ds2 = Dataset(data=d, codebook=ds.codebook)
    res = compare(ds2, "sector", ["q2", "q1"])
    row = _row(res, "q2")
    assert row["summary_regional"] == "–" and np.isnan(row["n_regional"])
    # the smaller of the two other groups is suppressed as its complement: nothing to test
    hidden = [g for g in ("statlig", "kommunal") if np.isnan(row[f"n_{g}"])]
    sizes = {g: int(d.loc[d.sector == g, "q2"].notna().sum()) for g in ("statlig", "kommunal")}
    assert hidden == [min(sizes, key=lambda g: (sizes[g], g != "statlig"))]
    assert np.isnan(row["statistic"]) and "not tested" in row["warning"]
    assert _row(res, "q1")["summary_regional"] != "–"
    off = _row(compare(ds2, "sector", ["q2"], min_cell=0), "q2")
    assert off["test"] == "Kruskal–Wallis H" and off["n_regional"] == 3


def test_one_group_after_suppression_is_an_error():
    ds = _dataset(n=60)
    d = ds.data.copy()
    d.loc[d.sector != "statlig", "sector"] = "kommunal"
    d.loc[d.index[d.sector == "kommunal"][3:], "sector"] = "statlig"
    with pytest.raises(AnalysisError, match="sector"):
        compare(Dataset(data=d, codebook=ds.codebook), "sector")


def test_unknown_variables_raise_with_suggestions():
    ds = _dataset()
    with pytest.raises(VariableError, match="did you mean: employees"):
        compare(ds, "sector", ["employes"])
    with pytest.raises(VariableError, match="sectr"):
        compare(ds, "sectr")
    with pytest.raises(VariableError, match="text"):
        compare(ds, "sector", ["comment"])


def test_deterministic_and_input_unchanged():
    ds = _dataset()
    before = ds.data.copy()
    a = compare(ds, "sector").tables["compare"]
    b = compare(ds, "sector").tables["compare"]
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(ds.data, before)


def test_effect_size_estimates_lie_within_their_confidence_intervals():
    # Regression: ω² for the Welch ANOVA was computed with Welch's df₂ while its CI used
    # λ/(λ + N), so a large effect's estimate fell above its own CI.
    rng = np.random.default_rng(3)
    g = np.repeat(["statlig", "kommunal", "regional"], [120, 150, 30])
    shift = pd.Series(g).map({"statlig": 0.0, "kommunal": 2.0, "regional": 6.0}).to_numpy()
    data = pd.DataFrame(
        {
            "sector": pd.array(g, dtype="string"),
            "employees": rng.normal(10 + shift, 1 + shift / 2),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical"},
                {"name": "employees", "type": "numeric"},
            ]
        }
    )
    row = _row(compare(Dataset(data=data, codebook=cb), "sector"), "employees")
    assert row["effect_measure"] == "ω²"
    assert row["conf_low"] <= row["effect_size"] <= row["conf_high"]
    ds = _dataset()
    t = compare(ds, "sector").tables["compare"].dropna(subset=["conf_low"])
    assert len(t) >= 4
    assert (
        (t["conf_low"] <= t["effect_size"] + 1e-12) & (t["effect_size"] <= t["conf_high"] + 1e-12)
    ).all()
