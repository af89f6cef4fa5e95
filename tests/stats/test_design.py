"""Design-based estimates and calibration weights against R survey 4.1.1 (R 4.2.2).

The numbers come from tests/data/r_design/design_reference.R run on
tests/data/r_design/respondents.csv (a made-up stratified survey: 62 of 230 state agencies, 118 of
290 municipalities, 16 of 21 regions). The scalar values are copied below; the weight vectors are
read from design_reference.out, the script's committed output. R is not needed to run this test.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from digianalys.errors import AnalysisError
from digianalys.stats import calibration
from digianalys.stats.design import SurveyDesign

HERE = Path(__file__).resolve().parents[1] / "data" / "r_design"
TOL = 1e-6
N = {"statlig": 230, "kommunal": 290, "regional": 21}
SIZE = {"small": 250, "medium": 190, "large": 101}


@pytest.fixture(scope="module")
def d() -> pd.DataFrame:
    return pd.read_csv(HERE / "respondents.csv")


@pytest.fixture(scope="module")
def r_out() -> dict[str, np.ndarray]:
    out = {}
    for line in (HERE / "design_reference.out").read_text().splitlines()[1:]:
        name, *values = line.split()
        out[name] = np.array([float(v) for v in values])
    return out


def _stratified(d: pd.DataFrame, **kw) -> SurveyDesign:
    n_h = d.groupby("sector")["sector"].transform("size")
    return SurveyDesign(
        weights=(d["N"] / n_h).to_numpy(), strata=d["sector"].to_numpy(), population=N, **kw
    )


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=TOL, atol=1e-9)


def test_stratified_fpc_mean_total(d):
    des = _stratified(d)
    m = des.mean(d["employees"])
    close(
        [m.estimate, m.se, m.low, m.high, m.deff],
        [
            364.771825053133512,
            26.199416459937041,
            313.097886081835213,
            416.445764024431810,
            0.857454160229178,
        ],
    )
    t = des.total(d["employees"])
    close([t.estimate, t.se], [197341.5573537452, 14173.8843048259])
    m = des.mean(d["leadership"])
    close(
        [m.estimate, m.se, m.low, m.high, m.deff],
        [
            3.3208302530397003,
            0.0586716119052051,
            3.2051103744090694,
            3.4365501316703311,
            1.1062744076441564,
        ],
    )
    assert des.df == len(d) - 3


def test_share_logit_interval_and_count(d):
    des = _stratified(d)
    p = des.share(d["framework"])
    close(
        [p.estimate, p.se, p.low, p.high],
        [0.0804175185373541, 0.0167438265553916, 0.0529872333894638, 0.1202448206914670],
    )
    # the estimated number of organisations: N̂·p with the same interval (N̂ = 541 here)
    close([p.count, p.count_low, p.count_high], np.array([p.estimate, p.low, p.high]) * 541)


@pytest.mark.parametrize(
    "sector, ref",
    [
        (
            "statlig",
            [
                0.1129032259047265,
                0.0346309560027416,
                0.0599268750285588,
                0.2026176693428681,
                3.5016129032258063,
                0.1087633148273193,
                1.0,
            ],
        ),
        (
            "kommunal",
            [
                0.0423728813559325,
                0.0143421582526079,
                0.0215005337630373,
                0.0818135698719365,
                3.1966101694915254,
                0.0668220528366825,
                1.0,
            ],
        ),
        (
            "regional",
            [
                0.2500000000005566,
                0.0545544725589981,
                0.1520292955198366,
                0.3826177944881612,
                3.0562499999999999,
                0.1186873268197538,
                1.0,
            ],
        ),
    ],
)
def test_domains_by_stratum(d, sector, ref):
    des = _stratified(d)
    dom = (d["sector"] == sector).to_numpy()
    p = des.share(d["framework"], domain=dom)
    m = des.mean(d["leadership"], domain=dom)
    close([p.estimate, p.se, p.low, p.high, m.estimate, m.se, m.deff], ref)


@pytest.mark.parametrize(
    "size, ref",
    [
        ("small", [3.263882524212998, 0.107950584547874]),
        ("medium", [3.4307702669066305, 0.0795846329417329]),
        ("large", [3.113741482567568, 0.142196209188626]),
    ],
)
def test_domains_across_strata(d, size, ref):
    m = _stratified(d).mean(d["leadership"], domain=(d["size"] == size).to_numpy())
    close([m.estimate, m.se], ref)


def test_without_fpc_is_wider(d):
    n_h = d.groupby("sector")["sector"].transform("size")
    des = SurveyDesign(weights=(d["N"] / n_h).to_numpy(), strata=d["sector"].to_numpy())
    m = des.mean(d["leadership"])
    close([m.estimate, m.se], [3.3208302530397003, 0.0719691798340069])
    assert m.se > _stratified(d).mean(d["leadership"]).se


def test_census_stratum_contributes_nothing(d):
    sub = d[d["sector"] == "regional"]
    des = SurveyDesign(
        weights=np.ones(len(sub)),
        strata=sub["sector"].to_numpy(),
        population={"regional": len(sub)},
    )
    assert des.mean(sub["leadership"]).se == 0.0


def test_poststratify(d, r_out):
    base = _stratified(d).weights
    w = calibration.poststratify(d["size"].to_numpy(), SIZE, base)
    close(w, r_out["ps_weights"])
    des = _stratified(d, poststrata=d["size"].to_numpy(), base=base)
    des.weights = w
    m = des.mean(d["leadership"])
    close([m.estimate, m.se], [3.2944637181235370, 0.0626701006691577])


def test_rake(d, r_out):
    w, iterations = calibration.rake(
        {"sector": d["sector"].to_numpy(), "size": d["size"].to_numpy()},
        {"sector": N, "size": SIZE},
    )
    close(w, r_out["rake_weights"])
    assert 1 < iterations < 1000
    des = SurveyDesign(weights=w, margins=[d["sector"].to_numpy(), d["size"].to_numpy()])
    m = des.mean(d["leadership"])
    close([m.estimate, m.se], [3.2974146000936932, 0.0769952802014775])


def _calibration_matrix(d: pd.DataFrame) -> np.ndarray:
    return np.column_stack(
        [np.ones(len(d)), d["size"].eq("medium"), d["size"].eq("large"), d["employees"]]
    ).astype(float)


def test_calibrate_linear(d, r_out):
    base = _stratified(d).weights
    x = _calibration_matrix(d)
    totals = np.array([541, 190, 101, 230000.0])
    w = calibration.calibrate_linear(x, totals, base)
    close(w, r_out["cal_weights"])
    close(w @ x, totals)
    des = _stratified(d, x=x, base=base)
    des.weights = w
    m = des.mean(d["leadership"])
    close([m.estimate, m.se], [3.3193604228827636, 0.0615022346017841])


def test_trim(d, r_out):
    w = calibration.calibrate_linear(
        _calibration_matrix(d), np.array([541, 190, 101, 230000.0]), _stratified(d).weights
    )
    t = calibration.trim(w, 1.5, 4.0)
    close(t, r_out["trim_weights"])
    assert t.min() >= 1.5 - 1e-12 and t.max() <= 4.0 + 1e-12
    assert t.sum() == pytest.approx(w.sum(), rel=1e-12)
    with pytest.raises(AnalysisError, match="widen the bounds"):
        calibration.trim(w, 3.5, 4.0)


def test_weight_summary():
    s = calibration.summary(np.array([1.0, 1.0, 2.0, 4.0]))
    assert s.deff == pytest.approx(4 * 22 / 64)
    assert s.effective_n == pytest.approx(64 / 22)
    assert (s.minimum, s.maximum, s.total) == (1.0, 4.0, 8.0)


def test_errors_name_the_problem():
    with pytest.raises(AnalysisError, match="stratum 'x' of the population has no respondents"):
        calibration.poststratify(["a", "a"], {"a": 10, "x": 5})
    with pytest.raises(AnalysisError, match="no population count"):
        calibration.poststratify(["a", "b"], {"a": 10})
    with pytest.raises(AnalysisError, match="totals differ"):
        calibration.rake({"s": ["a", "b"], "t": ["c", "c"]}, {"s": {"a": 1, "b": 1}, "t": {"c": 3}})
