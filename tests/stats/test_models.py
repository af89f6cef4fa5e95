"""model(): OLS / logit / ordinal against statsmodels fitted directly in the test."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from statsmodels.miscmodels.ordinal_model import OrderedModel

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import AnalysisError, VariableError
from digianalys.stats.models import formula_names, model

REL = 1e-6
FORMULA = "pace ~ leadership + C(sector) + np.log(employees)"


@pytest.fixture(scope="module")
def survey() -> Dataset:
    rng = np.random.default_rng(7)
    n = 300
    sector = rng.choice(["statlig", "kommunal", "regional"], n)
    lead = rng.integers(1, 6, n)
    emp = rng.lognormal(5, 1, n)
    pace = 0.5 * lead + 0.5 * (sector == "statlig") + 0.2 * np.log(emp) + rng.normal(size=n)
    ordinal = np.clip(np.round(pace - 1), 1, 5).astype(int)
    df = pd.DataFrame(
        {
            "sector": pd.array(sector, dtype="string"),
            "leadership": pd.array(lead, dtype="Int64"),
            "employees": emp,
            "pace": pace,
            "framework": pd.array((pace + rng.normal(size=n) > 3).astype(int), dtype="Int64"),
            "maturity": pd.array(ordinal, dtype="Int64"),
            "county": rng.integers(0, 21, n).astype(float),
            "w": rng.uniform(0.5, 2.0, n),
            "comment": pd.array(["fritext"] * n, dtype="string"),
        }
    )
    df.loc[[2, 50], "leadership"] = pd.NA
    df.loc[[7], "sector"] = pd.NA
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical"},
                {"name": "leadership", "type": "ordinal"},
                {"name": "employees", "type": "numeric"},
                {"name": "pace", "type": "numeric"},
                {"name": "framework", "type": "binary", "values": {0: "Nej", 1: "Ja"}},
                {"name": "maturity", "type": "ordinal"},
                {"name": "county", "type": "numeric"},
                {"name": "w", "type": "numeric"},
                {"name": "comment", "type": "text"},
            ]
        }
    )
    return Dataset(data=df, codebook=cb)


def _frame(ds: Dataset, *extra: str) -> pd.DataFrame:
    cols = ["sector", "leadership", "employees", "pace", "framework", "maturity", *extra]
    d = ds.data[cols].copy()
    for c in cols:
        d[c] = d[c].astype(object) if c == "sector" else d[c].astype("float64")
    return d.dropna(subset=["sector", "leadership", "employees", "pace", *extra])


COEF_COLUMNS = ["term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high"]


def _assert_matches(coef: pd.DataFrame, res, names=None) -> None:
    names = list(res.params.index) if names is None else names
    assert list(coef["term"]) == names
    ci = np.asarray(res.conf_int())
    np.testing.assert_allclose(coef["estimate"], res.params.to_numpy(), rtol=REL)
    np.testing.assert_allclose(coef["std_error"], res.bse.to_numpy(), rtol=REL)
    np.testing.assert_allclose(coef["statistic"], res.tvalues.to_numpy(), rtol=REL)
    np.testing.assert_allclose(coef["p_value"], res.pvalues.to_numpy(), rtol=REL)
    np.testing.assert_allclose(coef["conf_low"], ci[:, 0], rtol=REL)
    np.testing.assert_allclose(coef["conf_high"], ci[:, 1], rtol=REL)


# ------------------------------------------------------------------ OLS
@pytest.mark.parametrize("robust,cov_type", [("hc3", "HC3"), ("hc1", "HC1"), ("none", "nonrobust")])
def test_ols_matches_statsmodels(survey, robust, cov_type):
    d = _frame(survey)
    ref = smf.ols(FORMULA, d).fit(cov_type=cov_type, use_t=True)
    res = model(survey, FORMULA, robust=robust)
    _assert_matches(res.tables["coefficients"], ref)
    fit = res.tables["fit"].iloc[0]
    assert fit["n"] == len(d) == ref.nobs
    assert fit["r_squared"] == pytest.approx(ref.rsquared, rel=REL)
    assert fit["adj_r_squared"] == pytest.approx(ref.rsquared_adj, rel=REL)
    assert fit["aic"] == pytest.approx(ref.aic, rel=REL)
    assert fit["bic"] == pytest.approx(ref.bic, rel=REL)
    assert fit["log_likelihood"] == pytest.approx(ref.llf, rel=REL)
    assert fit["cov_type"] == cov_type and fit["kind"] == "ols" and fit["formula"] == FORMULA
    assert fit["reference_levels"] == "C(sector): kommunal"
    assert any("Listwise deletion" in note for note in res.notes)


def test_ols_cluster_robust(survey):
    d = _frame(survey, "county")
    ref = smf.ols(FORMULA, d).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(d["county"])[0]}, use_t=True
    )
    res = model(survey, FORMULA, cluster="county")
    _assert_matches(res.tables["coefficients"], ref)
    assert res.tables["fit"].iloc[0]["n_clusters"] == d["county"].nunique()


def test_weighted_ols_is_wls_with_hc3(survey):
    d = _frame(survey, "w")
    ref = smf.wls(FORMULA, d, weights=d["w"]).fit(cov_type="HC3", use_t=True)
    res = model(survey, FORMULA, weights="w")
    _assert_matches(res.tables["coefficients"], ref)
    assert res.tables["fit"].iloc[0]["r_squared"] == pytest.approx(ref.rsquared, rel=REL)


def test_standardized_coefficients_equal_refit_on_z_scores(survey):
    d = survey.data[["pace", "leadership", "employees"]].astype("float64").dropna()
    z = pd.DataFrame(
        {
            "pace": d["pace"],
            "leadership": d["leadership"],
            "log_emp": np.log(d["employees"]),
        }
    )
    z = (z - z.mean()) / z.std(ddof=0)
    ref = smf.ols("pace ~ leadership + log_emp", z).fit()
    res = model(survey, "pace ~ leadership + np.log(employees)", standardize=True)
    coef = res.tables["coefficients"].set_index("term")
    assert np.isnan(coef.loc["Intercept", "std_estimate"])
    assert coef.loc["leadership", "std_estimate"] == pytest.approx(
        ref.params["leadership"], rel=REL
    )
    assert coef.loc["np.log(employees)", "std_estimate"] == pytest.approx(
        ref.params["log_emp"], rel=REL
    )


# ------------------------------------------------------------------ logit
def test_logit_matches_statsmodels_with_sandwich_se(survey):
    f = "framework ~ leadership + C(sector)"
    d = _frame(survey).dropna(subset=["framework"])
    ref = smf.logit(f, d).fit(disp=False, cov_type="HC0")
    res = model(survey, f, kind="logit")
    coef = res.tables["coefficients"]
    _assert_matches(
        coef[COEF_COLUMNS],
        ref,
    )
    np.testing.assert_allclose(coef["odds_ratio"], np.exp(ref.params), rtol=REL)
    np.testing.assert_allclose(coef["or_conf_low"], np.exp(ref.conf_int()[0]), rtol=REL)
    fit = res.tables["fit"].iloc[0]
    assert fit["pseudo_r_squared"] == pytest.approx(ref.prsquared, rel=REL)
    assert fit["aic"] == pytest.approx(ref.aic, rel=REL)
    assert fit["cov_type"] == "HC0"
    ref = smf.logit(f, d).fit(disp=False)
    _assert_matches(model(survey, f, kind="logit", robust="none").main[COEF_COLUMNS], ref)


def test_weighted_logit_is_binomial_glm_with_sandwich(survey):
    f = "framework ~ leadership + C(sector)"
    d = _frame(survey, "w").dropna(subset=["framework"])
    ref = smf.glm(f, d, family=sm.families.Binomial(), var_weights=d["w"]).fit(cov_type="HC0")
    # the point estimates are the weighted MLE: the same as frequency weights
    freq = smf.glm(f, d, family=sm.families.Binomial(), freq_weights=d["w"]).fit()
    np.testing.assert_allclose(ref.params, freq.params, rtol=1e-5)
    res = model(survey, f, kind="logit", weights="w")
    _assert_matches(res.main[COEF_COLUMNS], ref)


def test_logit_needs_binary_outcome(survey):
    with pytest.raises(VariableError, match="binary 0/1"):
        model(survey, "pace ~ leadership", kind="logit")


def test_perfect_separation_is_an_analysis_error(survey):
    data = survey.data.copy()
    data["framework"] = pd.array((data["pace"] > 3).astype(int), dtype="Int64")
    ds = Dataset(data=data, codebook=survey.codebook)
    with pytest.raises(AnalysisError, match="separation"):
        model(ds, "framework ~ pace", kind="logit")


# ------------------------------------------------------------------ ordinal
def test_ordinal_matches_ordered_model(survey):
    f = "maturity ~ leadership + C(sector)"
    d = _frame(survey).dropna(subset=["maturity"])
    ref = OrderedModel.from_formula(f, d, distr="logit").fit(
        method="bfgs", disp=False, maxiter=2000, cov_type="HC0"
    )
    # to the optimum: Newton steps from BFGS's stopping point (as model() does)
    ref = ref.model.fit(
        start_params=ref.params, method="newton", maxiter=50, disp=False, cov_type="HC0"
    )
    res = model(survey, f, kind="ordinal")
    coef = res.main
    k = 3  # two sector dummies + leadership
    labels = sorted(d["maturity"].unique())
    thr = [f"{int(a)}/{int(b)}" for a, b in zip(labels[:-1], labels[1:], strict=True)]
    assert list(coef["term"]) == list(ref.params.index[:k]) + thr
    np.testing.assert_allclose(coef["estimate"][:k], ref.params[:k], rtol=1e-5)
    np.testing.assert_allclose(coef["std_error"][:k], ref.bse[:k], rtol=1e-4)
    cuts = ref.model.transform_threshold_params(ref.params)[1:-1]
    np.testing.assert_allclose(coef["estimate"][k:], cuts, rtol=1e-5)
    # the first cut-point is the first raw threshold parameter: same standard error
    assert coef["std_error"].iloc[k] == pytest.approx(ref.bse.iloc[k], rel=1e-4)
    assert coef["odds_ratio"][k:].isna().all()
    np.testing.assert_allclose(coef["odds_ratio"][:k], np.exp(ref.params[:k]), rtol=1e-5)
    fit = res.tables["fit"].iloc[0]
    assert fit["pseudo_r_squared"] == pytest.approx(ref.prsquared, rel=1e-6)
    assert fit["log_likelihood"] == pytest.approx(ref.llf, rel=1e-8)
    assert res.meta["thresholds"] == thr
    assert "Intercept" not in set(coef["term"])


def test_ordinal_refuses_weights(survey):
    with pytest.raises(AnalysisError, match="weights"):
        model(survey, "maturity ~ leadership", kind="ordinal", weights="w")


# ------------------------------------------------------------------ formula names and errors
def test_formula_names():
    assert formula_names(FORMULA) == (["pace"], ["leadership", "sector", "employees"])
    assert formula_names('y ~ C(s, Treatment(reference="b")) + I(x**2) + a:b - 1') == (
        ["y"],
        ["s", "x", "a", "b"],
    )
    assert formula_names('y ~ Q("x") + np.log1p(z)') == (["y"], ["x", "z"])


def test_unknown_variable_names_it_with_suggestion(survey):
    with pytest.raises(VariableError, match="'leadrship' in the formula.*did you mean: leadership"):
        model(survey, "pace ~ leadrship + C(sector)")
    with pytest.raises(VariableError, match="exactly one '~'"):
        model(survey, "pace leadership")
    with pytest.raises(VariableError, match="cannot be parsed"):
        model(survey, "pace ~ (leadership")
    with pytest.raises(VariableError, match="text"):
        model(survey, "pace ~ comment")
    with pytest.raises(VariableError, match="county2"):
        model(survey, FORMULA, cluster="county2")


def test_collinear_design_is_an_analysis_error(survey):
    data = survey.data.assign(lead2=survey.data["leadership"].astype("float64") * 2)
    cb = Codebook.from_dict(
        {
            "variables": [v.to_dict() for v in survey.codebook.variables]
            + [{"name": "lead2", "type": "numeric"}]
        }
    )
    with pytest.raises(AnalysisError, match="collinear.*lead2"):
        model(Dataset(data=data, codebook=cb), "pace ~ leadership + lead2")


def test_log_of_zero_is_an_analysis_error(survey):
    data = survey.data.copy()
    data.loc[0, "employees"] = 0.0
    with pytest.raises(AnalysisError, match="np.log"):
        model(Dataset(data=data, codebook=survey.codebook), FORMULA)


def test_ordinal_reaches_the_optimum_of_mass_polr():
    """Proportional-odds logit equal to R MASS::polr (tests/data/r_honest/ordinal.R, R 4.2.2,
    MASS 7.3-58.2, reltol 1e-14): estimates and cut-points to 1e-6 (BFGS alone stopped ~4e-6
    short), the log-likelihood to 1e-9, standard errors to 1e-4 (R's Hessian is numerical)."""
    from pathlib import Path

    here = Path(__file__).resolve().parents[1] / "data" / "r_honest"
    d = pd.read_csv(here / "ordinal.csv")
    data = pd.DataFrame(
        {
            "y": pd.array(d["y"], dtype="Int64"),
            "x": d["x"].astype(float),
            "g": pd.array(d["g"], dtype="string"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "y", "type": "ordinal", "values": {i: str(i) for i in range(1, 6)}},
                {"name": "x", "type": "numeric"},
                {
                    "name": "g",
                    "type": "categorical",
                    "levels": {k: [k] for k in ("kommunal", "regional", "statlig")},
                },
            ]
        }
    )
    res = model(Dataset(data=data, codebook=cb), "y ~ x + C(g)", kind="ordinal", robust="none")
    coef = res.main.set_index("term")
    r_coef = {"x": 0.895464392009004, "C(g)[T.regional]": -0.123847168433759,
              "C(g)[T.statlig]": 0.395072486277485}  # fmt: skip
    r_zeta = [-1.496400977806688, -0.312700158917212, 0.573647160119654, 1.730647173436235]
    r_se = {"x": 0.105577038442564, "C(g)[T.regional]": 0.241565236693600,
            "C(g)[T.statlig]": 0.208058008827736}  # fmt: skip
    for term, value in r_coef.items():
        assert coef.loc[term, "estimate"] == pytest.approx(value, abs=1e-6)
        assert coef.loc[term, "std_error"] == pytest.approx(r_se[term], rel=1e-4)
    cuts = coef.loc[["1/2", "2/3", "3/4", "4/5"], "estimate"].to_numpy()
    np.testing.assert_allclose(cuts, r_zeta, atol=1e-6)
    fit = res.tables["fit"].iloc[0]
    assert fit["log_likelihood"] == pytest.approx(-601.206976914438, abs=1e-9)


def test_too_few_clusters_are_refused(survey):
    from digianalys.stats.models import MIN_CLUSTERS

    ds = survey
    d = ds.data.copy()
    d["two"] = pd.array(np.where(np.arange(len(d)) % 2, "a", "b"), dtype="string")
    cb = Codebook.from_dict(
        {"variables": [*ds.codebook.to_dict()["variables"], {"name": "two", "type": "categorical"}]}
    )
    with pytest.raises(AnalysisError, match=f"only 2 clusters.*at least {MIN_CLUSTERS}"):
        model(Dataset(data=d, codebook=cb), FORMULA, cluster="two")
    # between the minimum and 30 clusters: fitted, with a note naming the cluster once
    d["twelve"] = pd.array([f"c{i % 12}" for i in range(len(d))], dtype="string")
    cb = Codebook.from_dict(
        {"variables": [*cb.to_dict()["variables"], {"name": "twelve", "type": "categorical"}]}
    )
    res = model(Dataset(data=d, codebook=cb), FORMULA, cluster="twelve")
    notes = [str(n) for n in res.notes]
    assert sum("12 clusters of 'twelve'" in n for n in notes) == 1
