"""correlate / correlation_matrix against scipy, statsmodels and published pingouin values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import AnalysisError, VariableError
from digianalys.stats.correlation import correlate, correlation_matrix

REL = 1e-6


@pytest.fixture
def bigfive(realdata) -> Dataset:
    """pingouin's pairwise_corr.csv (Big Five scale scores, n = 500), read from realdata."""
    df = pd.read_csv(realdata / "pingouin_pairwise_corr.csv")
    df.columns = [c.lower() for c in df.columns]
    df = df.drop(columns="subject").astype("float64")
    cb = Codebook.from_dict({"variables": [{"name": c, "type": "numeric"} for c in df.columns]})
    return Dataset(data=df, codebook=cb)


@pytest.fixture
def survey() -> Dataset:
    """Synthetic survey: ordinal, numeric and categorical columns with missing values."""
    rng = np.random.default_rng(20240601)
    n = 240
    sector = rng.choice(["statlig", "kommunal", "regional"], n, p=[0.2, 0.5, 0.3])
    size = rng.lognormal(5, 1, n)
    lead = np.clip(np.round(3 + rng.normal(size=n) + 0.3 * (sector == "statlig")), 1, 5)
    pace = 0.5 * lead + 0.2 * np.log(size) + rng.normal(size=n)
    weight = rng.uniform(0.3, 3.0, n)
    df = pd.DataFrame(
        {
            "leadership": pd.array(lead.astype(int), dtype="Int64"),
            "pace": pace,
            "employees": size,
            "sector": pd.array(sector, dtype="string"),
            "w": weight,
            "tiny": pd.array(np.where(np.arange(n) < 4, "a", "b"), dtype="string"),
        }
    )
    df.loc[[3, 17, 40], "leadership"] = pd.NA
    df.loc[[5, 40, 99], "pace"] = np.nan
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "leadership", "type": "ordinal", "label": "Ledarskap"},
                {"name": "pace", "type": "numeric", "label": "Digitaliseringstakt"},
                {"name": "employees", "type": "numeric"},
                {
                    "name": "sector",
                    "type": "categorical",
                    "levels": {
                        "statlig": ["Statlig"],
                        "kommunal": ["Kommun"],
                        "regional": ["Region"],
                    },
                },
                {"name": "w", "type": "numeric"},
                {"name": "tiny", "type": "categorical"},
            ]
        }
    )
    return Dataset(data=df, codebook=cb)


def _complete(ds: Dataset, *cols: str) -> pd.DataFrame:
    return ds.data[list(cols)].astype({c: "float64" for c in cols if c != "sector"}).dropna()


# ------------------------------------------------------------------ published values
def test_published_pingouin_pearson_and_spearman(bigfive):
    # pingouin docs (pairwise_corr dataset): Neuroticism–Extraversion Pearson r = -0.350,
    # CI95% [-0.42, -0.27]; Spearman r = -0.325; n = 500.
    row = correlate(bigfive, "neuroticism", "extraversion", method="pearson").main.iloc[0]
    assert row["n"] == 500
    assert round(row["estimate"], 3) == -0.350
    assert round(row["conf_low"], 2) == -0.42 and round(row["conf_high"], 2) == -0.27
    row = correlate(bigfive, "neuroticism", "extraversion", method="spearman").main.iloc[0]
    assert round(row["estimate"], 3) == -0.325


@pytest.mark.parametrize(
    "method,func",
    [("pearson", stats.pearsonr), ("spearman", stats.spearmanr), ("kendall", stats.kendalltau)],
)
def test_estimate_and_p_match_scipy(bigfive, method, func):
    x, y = bigfive.data["neuroticism"], bigfive.data["openness"]
    ref = func(x, y)
    row = correlate(bigfive, "neuroticism", "openness", method=method).main.iloc[0]
    assert row["estimate"] == pytest.approx(ref.statistic, rel=REL)
    assert row["p_value"] == pytest.approx(ref.pvalue, rel=REL)
    assert row["method"] == method and row["controls"] == "" and not row["suppressed"]


def test_pearson_ci_matches_scipy_fisher_interval(bigfive):
    ref = stats.pearsonr(bigfive.data["agreeableness"], bigfive.data["extraversion"])
    ci = ref.confidence_interval(0.95)
    row = correlate(bigfive, "agreeableness", "extraversion", method="pearson").main.iloc[0]
    assert row["conf_low"] == pytest.approx(ci.low, rel=REL)
    assert row["conf_high"] == pytest.approx(ci.high, rel=REL)


@pytest.mark.parametrize("method", ["spearman", "kendall"])
def test_rank_ci_uses_documented_standard_errors(bigfive, method):
    x, y = bigfive.data["neuroticism"], bigfive.data["extraversion"]
    n = len(x)
    if method == "spearman":
        r = stats.spearmanr(x, y).statistic
        se = math.sqrt((1 + r**2 / 2) / (n - 3))  # Bonett & Wright (2000)
    else:
        r = stats.kendalltau(x, y).statistic
        se = math.sqrt(0.437 / (n - 4))  # Fieller, Hartley & Pearson (1957)
    zc = stats.norm.ppf(0.975)
    row = correlate(bigfive, "neuroticism", "extraversion", method=method).main.iloc[0]
    assert row["conf_low"] == pytest.approx(math.tanh(math.atanh(r) - zc * se), rel=REL)
    assert row["conf_high"] == pytest.approx(math.tanh(math.atanh(r) + zc * se), rel=REL)


def test_pairs_all_among_x_and_cross_products(bigfive):
    names = ["neuroticism", "extraversion", "openness"]
    tab = correlate(bigfive, names, method="pearson").main
    assert list(zip(tab["x"], tab["y"], strict=True)) == [
        ("neuroticism", "extraversion"),
        ("neuroticism", "openness"),
        ("extraversion", "openness"),
    ]
    tab = correlate(bigfive, ["neuroticism", "openness"], ["agreeableness", "extraversion"]).main
    assert len(tab) == 4
    assert tab.loc[3, "estimate"] == pytest.approx(
        stats.spearmanr(bigfive.data["openness"], bigfive.data["extraversion"]).statistic, rel=REL
    )


# ------------------------------------------------------------------ partial correlations
def test_partial_pearson_matches_statsmodels_residuals_and_coefficient_test(survey):
    import statsmodels.formula.api as smf

    d = survey.data[["leadership", "pace", "employees", "sector"]].copy()
    d["leadership"] = d["leadership"].astype("float64")
    d["sector"] = d["sector"].astype(object)
    d = d.dropna()
    rx = smf.ols("leadership ~ employees + C(sector)", d).fit().resid
    ry = smf.ols("pace ~ employees + C(sector)", d).fit().resid
    r_ref = np.corrcoef(rx, ry)[0, 1]
    # the t test of a partial correlation equals the t test of x in the full regression
    full = smf.ols("pace ~ leadership + employees + C(sector)", d).fit()
    row = correlate(
        survey, "leadership", "pace", method="pearson", control=["employees", "sector"]
    ).main.iloc[0]
    assert row["n"] == len(d)
    assert row["controls"] == "employees, sector"
    assert row["estimate"] == pytest.approx(r_ref, rel=REL)
    assert row["p_value"] == pytest.approx(full.pvalues["leadership"], rel=REL)
    k = 3  # employees + two sector dummies
    se = 1 / math.sqrt(len(d) - k - 3)
    zc = stats.norm.ppf(0.975)
    assert row["conf_low"] == pytest.approx(math.tanh(math.atanh(r_ref) - zc * se), rel=REL)


def test_partial_spearman_is_pearson_on_ranks(survey):
    import statsmodels.api as sm

    d = survey.data[["leadership", "pace", "employees"]].astype("float64").dropna()
    rk = d.rank()
    z = sm.add_constant(rk["employees"])
    rx = sm.OLS(rk["leadership"], z).fit().resid
    ry = sm.OLS(rk["pace"], z).fit().resid
    full = sm.OLS(rk["pace"], sm.add_constant(rk[["leadership", "employees"]])).fit()
    row = correlate(survey, "leadership", "pace", control="employees").main.iloc[0]
    assert row["estimate"] == pytest.approx(np.corrcoef(rx, ry)[0, 1], rel=REL)
    assert row["p_value"] == pytest.approx(full.pvalues["leadership"], rel=REL)


def test_partial_kendall_is_refused(survey):
    with pytest.raises(AnalysisError, match="kendall"):
        correlate(survey, "leadership", "pace", method="kendall", control="employees")


# ------------------------------------------------------------------ weights
def test_weighted_pearson_matches_descrstatsw_and_sandwich_wls(survey):
    import statsmodels.api as sm
    from statsmodels.stats.weightstats import DescrStatsW

    d = survey.data[["leadership", "pace", "w"]].astype("float64").dropna()
    dw = DescrStatsW(d[["leadership", "pace"]].to_numpy(), weights=d["w"].to_numpy())
    r = dw.corrcoef[0, 1]
    zx = (d["leadership"] - dw.mean[0]) / dw.std[0]
    zy = (d["pace"] - dw.mean[1]) / dw.std[1]
    fit = sm.WLS(zy, sm.add_constant(zx), weights=d["w"]).fit(cov_type="HC0")
    n = len(d)
    se = fit.bse.iloc[1] * math.sqrt(n / (n - 1))
    p_ref = 2 * stats.t.sf(abs(r / se), n - 2)
    row = correlate(survey, "leadership", "pace", method="pearson", weights="w").main.iloc[0]
    assert fit.params.iloc[1] == pytest.approx(r, rel=REL)  # the slope is the weighted r
    assert row["n"] == n
    assert row["estimate"] == pytest.approx(r, rel=REL)
    assert row["p_value"] == pytest.approx(p_ref, rel=REL)
    # CI: linearisation SE of r (delta method, influence x̃ỹ − r(x̃² + ỹ²)/2) on Fisher's z
    w = d["w"].to_numpy()
    infl = (zx * zy - r * (zx**2 + zy**2) / 2).to_numpy()
    se_r = math.sqrt(np.sum(w**2 * infl**2) / w.sum() ** 2 * n / (n - 1))
    tc = stats.t.ppf(0.975, n - 2)
    half = tc * se_r / (1 - r**2)
    assert row["conf_low"] == pytest.approx(math.tanh(math.atanh(r) - half), rel=REL)
    assert row["conf_high"] == pytest.approx(math.tanh(math.atanh(r) + half), rel=REL)
    assert se_r < se  # the slope's SE (the SE under r = 0) is wider for r ≠ 0


def test_equal_weights_give_the_unweighted_estimate(survey):
    data = survey.data.assign(w=1.0)
    ds = Dataset(data=data, codebook=survey.codebook)
    for method in ("pearson", "spearman"):
        a = correlate(ds, "leadership", "pace", method=method, weights="w").main.iloc[0]
        b = correlate(ds, "leadership", "pace", method=method).main.iloc[0]
        assert a["estimate"] == pytest.approx(b["estimate"], rel=REL)


def test_weighted_kendall_is_refused(survey):
    with pytest.raises(AnalysisError, match="kendall"):
        correlate(survey, "leadership", "pace", method="kendall", weights="w")


# ------------------------------------------------------------------ groups, min-cell, missing
def test_by_group_rows_in_codebook_order_and_min_cell(survey):
    res = correlate(survey, "leadership", "pace", method="pearson", by="sector", min_cell=5)
    tab = res.main
    assert list(tab["group"]) == ["statlig", "kommunal", "regional"]
    for _, row in tab.iterrows():
        d = _complete(survey, "leadership", "pace", "sector")
        d = d[d["sector"] == row["group"]]
        assert row["n"] == len(d)
        assert row["estimate"] == pytest.approx(
            stats.pearsonr(d["leadership"], d["pace"]).statistic, rel=REL
        )
    res = correlate(survey, "leadership", "pace", by="tiny", min_cell=5)
    row = res.main.set_index("group").loc["a"]
    assert row["suppressed"] and math.isnan(row["estimate"]) and math.isnan(row["p_value"])
    assert any("tiny = a" in note and "suppressed" in note for note in res.notes)
    assert math.isnan(row["n"])  # no n of a suppressed group
    # two groups, one small: the other is suppressed too (complementary), or the overall n
    # minus b's n would give a's n
    b = res.main.set_index("group").loc["b"]
    assert b["suppressed"] and math.isnan(b["n"]) and math.isnan(b["estimate"])
    assert any("tiny = b" in note and "smaller group" in note for note in res.notes)


def test_pairwise_deletion_n(survey):
    row = correlate(survey, "leadership", "pace").main.iloc[0]
    assert row["n"] == len(_complete(survey, "leadership", "pace"))


# ------------------------------------------------------------------ matrix and errors
def test_correlation_matrix_matches_pandas(bigfive):
    names = ["neuroticism", "extraversion", "openness", "agreeableness"]
    mat = correlation_matrix(bigfive, names, method="spearman")
    ref = bigfive.data[names].corr(method="spearman")
    assert list(mat.index) == names and list(mat.columns) == names
    np.testing.assert_allclose(mat.to_numpy(), ref.to_numpy(), rtol=REL)


def test_unknown_and_wrong_type_variables(survey):
    with pytest.raises(VariableError, match="leadrship.*did you mean: leadership"):
        correlate(survey, "leadrship", "pace")
    with pytest.raises(VariableError, match="'sector'.*categorical"):
        correlate(survey, "sector", "pace")
    with pytest.raises(VariableError, match="at least two"):
        correlate(survey, ["pace"])


def test_result_metadata(survey):
    res = correlate(survey, "leadership", "pace")
    assert res.kind == "correlate"
    assert list(res.main.columns[:2]) == ["x", "y"]
    assert {"method", "n", "estimate", "conf_low", "conf_high", "p_value", "controls"} <= set(
        res.main.columns
    )
    assert any("Bonett" in m for m in res.methods)
    assert res.meta["labels"]["leadership"] == "Ledarskap"
