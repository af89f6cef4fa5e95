"""Weighted (design-based) results against published R survey values.

Data: the synthetic survey sample of the svy package (``tests/data/svy``, MIT; see ATTRIBUTION.md
there), 1,000 rows with sampling weights ``samp_wgt``. The R values below are printed in the svy
repository's tests (github.com/samplics-org/svy, commit eccae17777b774c308f691c63c38a0dd83387f09),
computed there with R's survey package for the weights-only design
``svydesign(ids = ~1, weights = ~samp_wgt, data = d)``:

- ``svychisq(~educ + sex, design, statistic = "F" | "Chisq")`` on the 922 complete rows
  (packages/svy/tests/svy/categorical/test_twoway.py, "no_strat_no_cluster");
- ``svyttest(income ~ sex, subset(design, !is.na(income) & !is.na(sex)))`` and
  ``svyttest(I(income - 49000) ~ 0, subset(design, !is.na(income)))`` on the rows with a weight
  (test_ttest.py, "wgt_only");
- ``svymean`` of resp2 == 1 with ``na.rm = TRUE`` (estimation/test_taylor_method.py,
  "no_strat_no_cluster").

Known, explained difference: R's ``subset()`` keeps the left-out rows in the design with weight 0,
so its linearisation factor n/(n − 1) uses the n of the whole design (990 rows with a weight),
while digianalys uses the rows analysed (as R does for a design built on the complete cases). The
tests rescale by that factor and then agree to 1e-9; unscaled the difference is ~3e-5 relative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.stats import weighted as wt
from digianalys.stats.compare import compare

DATA = Path(__file__).resolve().parents[1] / "data" / "svy" / "svy_synthetic_sample_07082025.csv"
REL = 1e-9

# svychisq(~educ + sex, design), 922 complete rows
R_CHISQ_F = {"statistic": 1.185537436983, "ndf": 4.98303175853, "ddf": 4589.37224960653}
R_CHISQ_F_P = 0.313544398219
R_CHISQ_X2 = 8.295092928876  # statistic = "Chisq": Pearson X² of the weighted table, df 5
R_CHISQ_X2_P = 0.313318996377  # ... with the first-order Rao–Scott corrected p-value
# svyttest(income ~ sex, ...)
R_TTEST_DIFF = 613.853666827849
R_TTEST_T = 0.543503661878178
R_TTEST_DF = 968
R_TTEST_P = 0.586908209384493
# svyttest(I(income - 49000) ~ 0, ...)
R_ONE_DIFF = 1074.67752319406
R_ONE_T = 1.92020006411387
# svymean(~resp2 == 1)
R_PROP = 0.5080080282888311
R_PROP_SE = 0.0188155125491297


@pytest.fixture(scope="module")
def svy() -> pd.DataFrame:
    # "None" is an education level, not a missing value
    return pd.read_csv(DATA, keep_default_na=False, na_values=["", "NaN"])


def _dataset(frame: pd.DataFrame) -> Dataset:
    data = pd.DataFrame(
        {
            "educ": pd.array(frame["educ"].astype(str), dtype="string"),
            "sex": pd.array(
                frame["sex"].map({1: "man", 2: "kvinna"}).astype(object), dtype="string"
            ),
            "income": frame["income"].astype(float).to_numpy(),
            "vikt": frame["samp_wgt"].astype(float).to_numpy(),
        }
    )
    levels = sorted(frame["educ"].dropna().unique())
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "educ", "type": "categorical", "levels": {lv: [] for lv in levels}},
                {"name": "sex", "type": "categorical", "levels": {"man": [], "kvinna": []}},
                {"name": "income", "type": "numeric", "label": "Inkomst"},
                {"name": "vikt", "type": "numeric"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def test_data_file_is_the_published_one(svy):
    assert svy.shape == (1000, 11)
    assert len(svy.dropna()) == 922
    assert svy["samp_wgt"].notna().sum() == 990


def test_rao_scott_matches_r_svychisq(svy):
    c = svy.dropna()
    rows = pd.Categorical(c["educ"]).codes
    cols = pd.Categorical(c["sex"]).codes
    w = c["samp_wgt"].to_numpy()
    f = wt.rao_scott(rows, cols, w)
    assert f.statistic == pytest.approx(R_CHISQ_F["statistic"], rel=REL)
    assert f.df == pytest.approx(R_CHISQ_F["ndf"], rel=REL)
    assert f.df2 == pytest.approx(R_CHISQ_F["ddf"], rel=REL)
    assert f.p_value == pytest.approx(R_CHISQ_F_P, rel=REL)
    assert f.chi2 == pytest.approx(R_CHISQ_X2, rel=REL)
    first = wt.rao_scott(rows, cols, w, second_order=False)
    assert first.chi2 == pytest.approx(R_CHISQ_X2, rel=REL)
    assert first.df == 5
    assert first.p_value == pytest.approx(R_CHISQ_X2_P, rel=REL)
    # the test is symmetric in rows and columns, as svychisq(~sex + educ) would be
    assert wt.rao_scott(cols, rows, w).statistic == pytest.approx(f.statistic, rel=REL)


def test_compare_weighted_table_matches_r_svychisq(svy):
    ds = _dataset(svy.dropna())
    row = compare(ds, "sex", ["educ"], weights="vikt").tables["compare"].iloc[0]
    assert row["test"] == "Rao–Scott χ²"
    assert row["statistic"] == pytest.approx(R_CHISQ_F["statistic"], rel=REL)
    assert row["df"] == pytest.approx(R_CHISQ_F["ndf"], rel=REL)
    assert row["df2"] == pytest.approx(R_CHISQ_F["ddf"], rel=REL)
    assert row["p_value"] == pytest.approx(R_CHISQ_F_P, rel=REL)


def _r_domain_factor(n_design: int, n_used: int) -> float:
    """Variance ratio R-subset / digianalys: (N/(N − 1)) / (n/(n − 1))."""
    return (n_design / (n_design - 1)) / (n_used / (n_used - 1))


def test_wald_f_matches_r_svyttest(svy):
    design = svy[svy["samp_wgt"].notna()]
    dom = design[design["income"].notna() & design["sex"].notna()]
    y = dom["income"].to_numpy()
    g = (dom["sex"].to_numpy() == 2).astype(int)
    w = dom["samp_wgt"].to_numpy()
    res = wt.wald_f(y, g, w)
    assert res.df2 == R_TTEST_DF  # svyttest: degf − 1 = n − 2
    t_r_convention = np.sqrt(res.statistic / _r_domain_factor(len(design), len(dom)))
    assert t_r_convention == pytest.approx(R_TTEST_T, rel=REL)
    assert np.sqrt(res.statistic) == pytest.approx(R_TTEST_T, rel=1e-4)  # unscaled
    assert res.p_value == pytest.approx(R_TTEST_P, rel=1e-4)
    diff = np.average(y[g == 1], weights=w[g == 1]) - np.average(y[g == 0], weights=w[g == 0])
    assert diff == pytest.approx(R_TTEST_DIFF, rel=REL)


def test_compare_weighted_mean_matches_r_svyttest(svy):
    design = svy[svy["samp_wgt"].notna()]
    ds = _dataset(design)
    row = compare(ds, "sex", ["income"], weights="vikt").tables["compare"].iloc[0]
    n_used = int(row["n"])
    assert n_used == R_TTEST_DF + 2
    assert row["test"] == "weighted Wald F"
    # compare adds Welch's small-sample correction to R's Wald test (issue 11.6): the same
    # group means and linearisation variances, each group with its own n/(n − 1) factor and
    # Welch–Satterthwaite df (wald_f itself equals R's svyttest, test above)
    dom = design[design["income"].notna() & design["sex"].notna()]
    g = (dom["sex"].to_numpy() == 2).astype(int)
    ref = wt.welch_f(dom["income"].to_numpy(), g, dom["samp_wgt"].to_numpy())
    assert (row["statistic"], row["df2"], row["p_value"]) == pytest.approx(
        (ref.statistic, ref.df2, ref.p_value), rel=REL
    )
    plain = wt.wald_f(dom["income"].to_numpy(), g, dom["samp_wgt"].to_numpy())
    assert row["statistic"] == pytest.approx(plain.statistic, rel=0.05)  # same Wald statistic


def test_linearisation_se_is_wls_hc0_and_matches_r_svymean(svy):
    """svymean's SE for a weights-only design = the SE of the constant in a WLS fit with the HC0
    sandwich × n/(n − 1) — the identity wald_f and the weighted correlations rely on."""
    import statsmodels.api as sm

    design = svy[svy["samp_wgt"].notna()]
    n_design = len(design)

    def lin(y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
        fit = sm.WLS(y, np.ones((len(y), 1)), weights=w).fit(cov_type="HC0")
        return float(fit.params[0]), float(
            np.sqrt(fit.cov_params()[0, 0] * n_design / (n_design - 1))
        )

    dom = design[design["income"].notna()]
    m, se = lin(dom["income"].to_numpy(), dom["samp_wgt"].to_numpy())
    assert m == pytest.approx(wt.mean(dom["income"], dom["samp_wgt"]), rel=1e-12)
    assert m - 49000 == pytest.approx(R_ONE_DIFF, rel=REL)
    assert (m - 49000) / se == pytest.approx(R_ONE_T, rel=REL)

    dom = design[design["resp2"].notna()]
    p, se = lin((dom["resp2"] == 1).to_numpy(float), dom["samp_wgt"].to_numpy())
    assert p == pytest.approx(R_PROP, rel=REL)
    assert se == pytest.approx(R_PROP_SE, rel=REL)
