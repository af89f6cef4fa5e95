"""Issue 13's "done when", on the bundled sample and through the command line: `population`
on the example's dataset of both waves prints the response rate per sector and writes the design
of the last wave; `describe --by sector` on that wave then gives the finite-population means,
intervals, design effects, shares and estimated counts of R survey (svymean, svyciprop) to 1e-6
(tests/data/r_design/sample_describe.R and .out; sample_2021.csv is the sample's 2021 export as
ingested)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from digianalys.cli import app

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "data" / "r_design"
N = {"statlig": 230, "kommunal": 290, "regional": 21}


def _r() -> dict[str, np.ndarray]:
    out = {}
    for line in (HERE / "sample_describe.out").read_text().splitlines()[1:]:
        name, *values = line.split()
        out[name] = np.array([float(v) for v in values])
    return out


def test_sample_population_and_describe_equal_r(tmp_path):
    from digianalys.ingest.pipeline import ingest

    sample = ROOT / "data" / "sample"
    ingest(
        [sample / "digitalisering-2018.xlsx", sample / "digitalisering-2021.xlsx"],
        tmp_path / "dataset",
        waves=["2018", "2021"],
        codebook=ROOT / "examples" / "digitalisering-codebook.yaml",
    )
    ds = str(tmp_path / "dataset")
    res = CliRunner().invoke(
        app,
        ["population", ds, "--frame", str(sample / "population.xlsx"), "--id", "org_id",
         "--strata", "sector"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Response rate" in res.stdout and "regional" in res.stdout and "2021" in res.stdout
    out = tmp_path / "d.csv"
    res = CliRunner().invoke(
        app,
        ["describe", ds, "framework", "leadership", "pace", "--by", "sector", "--where",
         "wave == 2021", "-o", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out).set_index(["variable", "group"])
    r = _r()
    for sector in N:
        for v in ("leadership", "pace"):
            row = table.loc[(v, sector)]
            got = [row["mean"], row["mean_se"], row["mean_low"], row["mean_high"], row["deff"]]
            np.testing.assert_allclose(got, r[f"{v}_{sector}"], rtol=1e-6)
        row = table.loc[("framework", sector)]
        want = r[f"framework_{sector}"]
        np.testing.assert_allclose(
            [row["share"], row["conf_low"], row["conf_high"]], want, rtol=1e-6
        )
        # estimated counts: the sector's organisations in the population (the stratum: N_h,
        # also those that left the question unanswered) × the share and its interval
        np.testing.assert_allclose(
            [row["est_count"], row["est_count_low"], row["est_count_high"]],
            N[sector] * want,
            rtol=1e-6,
        )
