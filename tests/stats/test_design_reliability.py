"""Cronbach's alpha under the population design (``scales --inference finite``).

Reference: tests/data/r_design/design_alpha.R (R 4.2.2, survey 4.1.1; output in
design_alpha.out): svycralpha for the estimate, and the delta method over svyvar's
linearisation variance of the item covariance matrix for the standard error. The data,
scale_items.csv, are the bundled sample's 2021 respondents, so the same numbers come out of
``digianalys scales --inference finite`` on the sample.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from digianalys.stats.design import SurveyDesign
from digianalys.stats.design_reliability import design_alpha

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "data" / "r_design"
ITEMS = ["lead_strategy", "lead_followup", "lead_agenda", "lead_competence", "lead_resources"]
N = {"kommunal": 290, "regional": 21, "statlig": 230}
# R: estimate, SE, design df, CI low, CI high
R_FPC = (0.831962483436839, 0.00683694656795385, 305, 0.818508928990837, 0.845416037882840)
R_NOFPC = (0.8319624834368389, 0.0144720227558202, 305, 0.8034848371434195, 0.8604401297302583)


def test_reference_values_are_the_committed_r_output():
    out = (HERE / "design_alpha.out").read_text(encoding="utf-8").splitlines()
    rows = {line.split()[0]: [float(v) for v in line.split()[1:]] for line in out[1:]}
    assert rows["alpha_strata_fpc"] == pytest.approx(R_FPC, rel=1e-12)
    assert rows["alpha_strata_nofpc"] == pytest.approx(R_NOFPC, rel=1e-12)


@pytest.mark.parametrize("fpc, ref", [(True, R_FPC), (False, R_NOFPC)])
def test_alpha_and_se_equal_r(fpc, ref):
    d = pd.read_csv(HERE / "scale_items.csv")
    w = (d["N"] / d.groupby("sector")["N"].transform("size")).to_numpy()
    design = SurveyDesign(weights=w, strata=d["sector"].to_numpy(), population=N if fpc else None)
    est = design_alpha(design, d[ITEMS].to_numpy(dtype=float)).alpha
    got = (est.estimate, est.se, est.df, est.low, est.high)
    assert got == pytest.approx(ref, abs=1e-9)


def test_equal_weights_give_the_plain_alpha():
    from digianalys.stats.reliability import cronbach_alpha

    d = pd.read_csv(HERE / "scale_items.csv")
    complete = d[ITEMS].dropna()
    design = SurveyDesign(weights=np.ones(len(d)))
    res = design_alpha(design, d[ITEMS].to_numpy(dtype=float))
    assert res.alpha.estimate == pytest.approx(cronbach_alpha(complete.cov().to_numpy()))
    assert res.n == len(complete)
    np.testing.assert_allclose(res.cov, complete.cov().to_numpy())


def test_scales_finite_on_the_sample(tmp_path):
    """The whole path: ingest the sample's 2021 export, `population`, `scales --inference
    finite`: R's numbers, the methods say so, and the default stays model-based."""
    from digianalys.ingest.pipeline import ingest
    from digianalys.stats.population import population, write_design
    from digianalys.stats.reliability import scales

    ingest(
        [ROOT / "data" / "sample" / "digitalisering-2021.xlsx"],
        tmp_path / "ds",
        codebook=ROOT / "examples" / "digitalisering-codebook.yaml",
    )
    _, spec, w = population(
        tmp_path / "ds",
        ROOT / "data" / "sample" / "population.xlsx",
        id="org_id",
        strata=["sector"],
    )
    write_design(tmp_path / "ds", spec, w)
    res = scales(tmp_path / "ds", ["leadership"], inference="finite")
    row = res.tables["scales"].iloc[0]
    assert (row["alpha"], row["conf_low"], row["conf_high"]) == pytest.approx(
        (R_FPC[0], R_FPC[3], R_FPC[4]), abs=1e-9
    )
    assert "svycralpha" in " ".join(map(str, res.methods))
    d = pd.read_csv(HERE / "scale_items.csv")
    items = res.tables["items"].set_index("item")
    weights = (d["N"] / d.groupby("sector")["N"].transform("size"))[d[ITEMS].notna().all(axis=1)]
    complete = d[ITEMS].dropna()
    expect = np.average(complete, axis=0, weights=weights)
    np.testing.assert_allclose(items.loc[ITEMS, "mean"], expect, rtol=1e-12)
    model = scales(tmp_path / "ds", ["leadership"])
    assert model.tables["scales"].iloc[0]["alpha"] != pytest.approx(R_FPC[0], abs=1e-6)
    assert "--inference finite" in " ".join(map(str, model.notes))
