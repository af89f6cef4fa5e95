"""Regression under the population design (``model --inference finite``) = R survey's svyglm.

Reference: tests/data/r_design/design_models.R (R 4.2.2, survey 4.1.1; output in
design_models.out) on respondents.csv (196 respondents of 541 organisations, strata sector with
their population sizes N): OLS, OLS with missing outcomes (a domain of the design), a
quasibinomial logit, and OLS after post-stratification on size.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from digianalys.stats import calibration
from digianalys.stats.design import SurveyDesign
from digianalys.stats.design_models import design_coefficients

HERE = Path(__file__).resolve().parents[1] / "data" / "r_design"
SIZE = {"small": 250, "medium": 190, "large": 101}
TOL = 1e-7


@pytest.fixture(scope="module")
def d() -> pd.DataFrame:
    d = pd.read_csv(HERE / "respondents.csv")
    d["lead_na"] = np.where(np.arange(1, len(d) + 1) % 7 == 0, np.nan, d["leadership"])
    return d


@pytest.fixture(scope="module")
def r() -> dict[str, np.ndarray]:
    out = {}
    for line in (HERE / "design_models.out").read_text().splitlines()[1:]:
        name, *values = line.split()
        out[name] = np.array([float(v) for v in values])
    return out


def _design(d: pd.DataFrame, **kw) -> SurveyDesign:
    n_h = d.groupby("sector")["sector"].transform("size")
    pop = d.groupby("sector")["N"].first().to_dict()
    return SurveyDesign(
        weights=(d["N"] / n_h).to_numpy(), strata=d["sector"].to_numpy(), population=pop, **kw
    )


def _exog(d: pd.DataFrame, columns: list[str]) -> np.ndarray:
    parts = [np.ones(len(d))]
    for c in columns:
        if c == "size":
            parts += [
                (d["size"] == "medium").to_numpy(float),
                (d["size"] == "large").to_numpy(float),
            ]
        elif c == "log_employees":
            parts.append(np.log(d["employees"].to_numpy(float)))
        else:
            parts.append(d[c].to_numpy(float))
    return np.column_stack(parts)


def _fit(design, d, y, columns, kind, keep=None):
    """Fit with statsmodels (the package's fitters use the same), then the design inference."""
    import statsmodels.api as sm

    keep = np.ones(len(d), dtype=bool) if keep is None else keep
    x, yy, w = _exog(d, columns)[keep], d[y].to_numpy(float)[keep], design.weights[keep]
    if kind == "logit":
        res = sm.GLM(yy, x, family=sm.families.Binomial(), var_weights=w).fit(tol=1e-14)
    else:
        res = sm.WLS(yy, x, weights=w).fit()
    return design_coefficients(design, np.flatnonzero(keep), x, yy, res.params, kind), res


def _check(dc, res, r, name, tol=TOL):
    k = len(res.params)
    got = np.column_stack(
        [res.params, dc.std_error, dc.statistic, dc.p_value, dc.conf_low, dc.conf_high]
    )
    want = np.vstack([r[f"{name}[{i + 1}]"] for i in range(k)])
    np.testing.assert_allclose(got, want, rtol=tol, atol=1e-12)
    assert dc.df == int(r[f"{name}_df"][0])


def test_ols_equals_svyglm(d, r):
    dc, res = _fit(_design(d), d, "leadership", ["size", "log_employees"], "ols")
    _check(dc, res, r, "ols")


def test_missing_outcomes_are_a_domain_of_the_design(d, r):
    keep = d["lead_na"].notna().to_numpy()
    dc, res = _fit(_design(d), d, "lead_na", ["size", "employees"], "ols", keep)
    _check(dc, res, r, "ols_na")


def test_logit_equals_quasibinomial_svyglm(d, r):
    dc, res = _fit(_design(d), d, "framework", ["leadership", "size"], "logit")
    # R's glm stops its iterations at a relative change of 1e-8: agreement to 1e-6
    _check(dc, res, r, "logit", tol=1e-6)


def test_post_stratified_design(d, r):
    base = _design(d).weights
    des = _design(d, poststrata=d["size"].to_numpy(), base=base)
    des.weights = calibration.poststratify(d["size"].to_numpy(), SIZE, base)
    dc, res = _fit(des, d, "leadership", ["log_employees", "framework"], "ols")
    _check(dc, res, r, "ps_ols")


def test_model_inference_finite_on_the_sample(tmp_path):
    """The whole path on the sample's 2021 export with its population design: the same
    numbers as the checked computation above, the design's df, the methods and notes."""
    import statsmodels.api as sm

    from digianalys.errors import AnalysisError, VariableError
    from digianalys.ingest.pipeline import ingest
    from digianalys.stats.design_estimates import design_for
    from digianalys.stats.models import model
    from digianalys.stats.population import population, write_design

    root = Path(__file__).resolve().parents[2]
    ingest(
        [root / "data" / "sample" / "digitalisering-2021.xlsx"],
        tmp_path / "ds",
        codebook=root / "examples" / "digitalisering-codebook.yaml",
    )
    _, spec, w = population(
        tmp_path / "ds", root / "data" / "sample" / "population.xlsx", id="org_id",
        strata=["sector"], weights="poststratify",
    )  # fmt: skip
    write_design(tmp_path / "ds", spec, w)
    from digianalys.dataset import load

    ds = load(tmp_path / "ds")
    res = model(ds, "pace ~ leadership + np.log(employees)", inference="finite")
    coef = res.tables["coefficients"]
    _, survey, rows = design_for(ds, "finite", None)
    data = ds.data.loc[rows, ["pace", "leadership", "employees"]].astype(float)
    keep = data.notna().all(axis=1).to_numpy()
    x = np.column_stack(
        [np.ones(keep.sum()), data["leadership"][keep], np.log(data["employees"][keep])]
    )
    y = data["pace"].to_numpy()[keep]
    ref = sm.WLS(y, x, weights=survey.weights[keep]).fit()
    dc = design_coefficients(survey, np.flatnonzero(keep), x, y, ref.params, "ols")
    np.testing.assert_allclose(coef["estimate"], ref.params, rtol=1e-10)
    np.testing.assert_allclose(coef["std_error"], dc.std_error, rtol=1e-10)
    np.testing.assert_allclose(coef["p_value"], dc.p_value, rtol=1e-8)
    fit = res.tables["fit"].iloc[0]
    assert (
        fit["df_resid"]
        == dc.df
        == survey.domain_df(np.isin(np.arange(survey.n), np.flatnonzero(keep))) + 1 - 3
    )
    assert fit["cov_type"] == "design" and np.isnan(fit["aic"])
    assert "svyglm" in " ".join(map(str, res.methods))
    assert res.meta["inference"] == "finite"
    # the default stays model-based and says that a design exists
    plain = model(ds, "pace ~ leadership + np.log(employees)")
    assert plain.tables["fit"].iloc[0]["cov_type"] == "HC3"
    assert "--inference finite" in " ".join(map(str, plain.notes))
    with pytest.raises(AnalysisError, match="svyolr"):
        model(ds, "lead_strategy ~ employees", kind="ordinal", inference="finite")
    with pytest.raises(VariableError, match="--cluster"):
        model(ds, "pace ~ leadership", cluster="sector", inference="finite")


# ---------------------------------------------------------------- correlate --inference finite
@pytest.mark.parametrize(
    "key, xname, yname, ranks, post",
    [
        ("corr_pearson", "employees", "leadership", False, False),
        ("corr_pearson_na", "employees", "lead_na", False, False),
        ("corr_pearson_framework", "framework", "leadership", False, False),
        ("corr_spearman", "employees", "leadership", True, False),
        ("corr_ps_pearson", "employees", "leadership", False, True),
    ],
)
def test_correlation_equals_r(d, r, key, xname, yname, ranks, post):
    """r, its SE (R: delta method over svyvar), the p of svyglm's slope, df, Fisher-z CI."""
    from digianalys.stats.correlation import weighted_ranks
    from digianalys.stats.design_correlation import design_correlation

    des = _design(d)
    if post:
        base = des.weights
        des = _design(d, poststrata=d["size"].to_numpy(), base=base)
        des.weights = calibration.poststratify(d["size"].to_numpy(), SIZE, base)
    x, y = d[xname].to_numpy(float), d[yname].to_numpy(float)
    if ranks:  # R ranks with the design weights of all respondents (both complete)
        x, y = weighted_ranks(x, des.weights), weighted_ranks(y, des.weights)
    keep = ~(np.isnan(x) | np.isnan(y))
    c = design_correlation(x[keep], y[keep], des, np.flatnonzero(keep))
    got = [c.estimate, c.se, c.p_value, c.df, c.conf_low, c.conf_high]
    np.testing.assert_allclose(got, r[key], rtol=TOL, atol=1e-12)


def test_correlate_inference_finite_on_the_sample(tmp_path):
    """The command's path: design-weighted ranks for Spearman, groups as domains, the methods,
    and refusals for what has no design-based version here."""
    from digianalys.dataset import load
    from digianalys.errors import AnalysisError
    from digianalys.ingest.pipeline import ingest
    from digianalys.stats.correlation import correlate, weighted_ranks
    from digianalys.stats.design_correlation import design_correlation
    from digianalys.stats.design_estimates import design_for
    from digianalys.stats.population import population, write_design

    root = Path(__file__).resolve().parents[2]
    ingest(
        [root / "data" / "sample" / "digitalisering-2021.xlsx"],
        tmp_path / "ds",
        codebook=root / "examples" / "digitalisering-codebook.yaml",
    )
    _, spec, w = population(
        tmp_path / "ds", root / "data" / "sample" / "population.xlsx", id="org_id",
        strata=["sector"],
    )  # fmt: skip
    write_design(tmp_path / "ds", spec, w)
    ds = load(tmp_path / "ds")
    res = correlate(ds, "leadership", "pace", by="sector", inference="finite")
    table = res.tables["correlations"].set_index("group")
    _, survey, rows = design_for(ds, "finite", None)
    data = ds.data.loc[rows].reset_index(drop=True)
    for sector in ("statlig", "kommunal"):
        keep = (data["sector"] == sector).to_numpy() & data[["leadership", "pace"]].notna().all(
            axis=1
        ).to_numpy()
        pos = np.flatnonzero(keep)
        x = data["leadership"].to_numpy(float)[keep]
        y = data["pace"].to_numpy(float)[keep]
        ww = survey.weights[pos]
        c = design_correlation(weighted_ranks(x, ww), weighted_ranks(y, ww), survey, pos)
        row = table.loc[sector]
        assert (row["estimate"], row["conf_low"], row["p_value"]) == pytest.approx(
            (c.estimate, c.conf_low, c.p_value), rel=1e-10
        )
        assert row["n"] == keep.sum()
    assert "svyvar" in " ".join(map(str, res.methods))
    plain = correlate(ds, "leadership", "pace")
    assert "--inference finite" in " ".join(map(str, plain.notes))
    with pytest.raises(AnalysisError, match="--control"):
        correlate(ds, "leadership", "pace", control="employees", inference="finite")


@pytest.mark.slow
def test_size_and_coverage_of_the_design_based_slope():
    """Seeded simulation in the finite-population frame: one fixed population of 541
    organisations in three strata (290, 21, 230), stratified samples of 70 % drawn again and
    again; the test of H0: slope = the population's slope (census WLS) must reject at
    5 % ± 1.5 points, and the 95 % interval cover the population slope about 95 % of the time;
    likewise for the correlation's interval."""
    from digianalys.stats.design_correlation import design_correlation

    rng = np.random.default_rng(20261205)
    sizes = {"kommunal": 290, "regional": 21, "statlig": 230}
    strata = np.concatenate([[h] * n for h, n in sizes.items()])
    x = rng.normal(size=len(strata)) + (strata == "statlig")
    y = 0.3 * x + rng.standard_t(5, size=len(strata)) + 0.5 * (strata == "regional")
    slope = np.polyfit(x, y, 1)[0]  # the population's slope (every organisation once)
    r_pop = np.corrcoef(x, y)[0, 1]
    reps, reject, cover, cover_r = 2000, 0, 0, 0
    for _ in range(reps):
        take = np.concatenate(
            [
                rng.choice(np.flatnonzero(strata == h), int(round(0.7 * n)), replace=False)
                for h, n in sizes.items()
            ]
        )
        st = strata[take]
        n_h = {h: int((st == h).sum()) for h in sizes}
        design = SurveyDesign(
            weights=np.array([sizes[h] / n_h[h] for h in st]), strata=st, population=sizes
        )
        xx = np.column_stack([np.ones(len(take)), x[take]])
        w = design.weights
        beta = np.linalg.solve((xx * w[:, None]).T @ xx, (xx * w[:, None]).T @ y[take])
        dc = design_coefficients(design, np.arange(len(take)), xx, y[take], beta, "ols")
        from scipy import stats

        t = (beta[1] - slope) / dc.std_error[1]
        reject += 2 * stats.t.sf(abs(t), dc.df) < 0.05
        cover += dc.conf_low[1] <= slope <= dc.conf_high[1]
        c = design_correlation(x[take], y[take], design, np.arange(len(take)))
        cover_r += c.conf_low <= r_pop <= c.conf_high
    assert abs(reject / reps - 0.05) <= 0.015
    assert abs(cover / reps - 0.95) <= 0.015
    assert abs(cover_r / reps - 0.95) <= 0.02
