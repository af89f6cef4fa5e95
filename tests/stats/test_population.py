"""`digianalys population`: respondents matched to a population frame (issue 13).

The respondents are tests/data/r_design/respondents.csv (196 of 541 made-up organisations); the
frame adds the 345 non-respondents, with ids in upper case and sector spelled as in a register
("Kommun", "Statlig myndighet", "Region"), so matching goes through id normalisation and the
sector spellings. Counts are checked against pandas, tests against scipy, raking weights against
R survey (tests/data/r_design/design_reference.out).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats
from typer.testing import CliRunner

from digianalys.cli import app
from digianalys.dataset import load
from digianalys.errors import AnalysisError, InputFileError
from digianalys.stats.population import normalise_id, population

HERE = Path(__file__).resolve().parents[1] / "data" / "r_design"
SPELLING = {"statlig": "Statlig myndighet", "kommunal": "Kommun", "regional": "Region"}
N = {"statlig": 230, "kommunal": 290, "regional": 21}


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> tuple[Path, Path, pd.DataFrame]:
    from digianalys.ingest.pipeline import ingest

    tmp = tmp_path_factory.mktemp("population")
    d = pd.read_csv(HERE / "respondents.csv")
    rng = np.random.default_rng(5)
    rows = [
        {
            "org_id": r.org_id.upper(),
            "sector": SPELLING[r.sector],
            "size": r.size,
            "employees": r.employees,
        }
        for r in d.itertuples()
    ]
    k = len(rows)
    for s, n in N.items():
        for _ in range(n - int((d["sector"] == s).sum())):
            k += 1
            rows.append(
                {
                    "org_id": f"ORG{k:03d}",
                    "sector": SPELLING[s],
                    "size": str(rng.choice(["small", "medium", "large"])),
                    "employees": float(np.round(rng.lognormal(4.5, 1), 1)),
                }
            )
    frame = pd.DataFrame(rows)
    frame_path = tmp / "ram.csv"
    frame.to_csv(frame_path, index=False)
    csv = tmp / "enkat.csv"
    d.drop(columns=["N"]).to_csv(csv, index=False)
    ingest([csv], tmp / "ds")
    return tmp / "ds", frame_path, frame


def test_response_table_counts(setup):
    ds_dir, frame_path, frame = setup
    res, spec, w = population(ds_dir, frame_path, id="org_id", strata=["sector"])
    table = res.tables["response"].set_index("stratum")
    respondents = pd.read_csv(HERE / "respondents.csv")["sector"].value_counts()
    for s, n in N.items():
        assert table.loc[s, "population"] == n
        assert table.loc[s, "respondents"] == respondents[s]
        assert table.loc[s, "response_rate"] == pytest.approx(respondents[s] / n)
    total = res.tables["response"].iloc[-1]
    assert (total["population"], total["respondents"]) == (541, 196)
    assert spec.population == N and w is None


def test_nonresponse_table_against_scipy(setup):
    ds_dir, frame_path, frame = setup
    res, _, _ = population(ds_dir, frame_path, id="org_id", aux=["employees", "size"])
    t = res.tables["nonresponse"]
    ids = set(pd.read_csv(HERE / "respondents.csv")["org_id"].str.upper())
    responded = frame["org_id"].isin(ids)
    emp = t[t["variable"] == "employees"].iloc[0]
    assert emp["population_value"] == pytest.approx(frame["employees"].mean())
    assert emp["respondents_value"] == pytest.approx(frame.loc[responded, "employees"].mean())
    sd = frame["employees"].std(ddof=1)
    assert emp["std_difference"] == pytest.approx(emp["difference"] / sd)
    ref = stats.ttest_ind(
        frame.loc[responded, "employees"], frame.loc[~responded, "employees"], equal_var=False
    )
    assert emp["p_value"] == pytest.approx(ref.pvalue) and emp["test"] == "Welch t"
    size = t[t["variable"] == "size"]
    assert list(size["level"]) == ["large", "medium", "small"]
    chi = stats.chi2_contingency(pd.crosstab(frame["size"], responded).to_numpy(), correction=False)
    assert size["p_value"].iloc[0] == pytest.approx(chi.pvalue)
    assert size["p_value"].iloc[1:].isna().all()  # one p-value per test
    shares = frame["size"].value_counts(normalize=True)
    assert size.set_index("level")["population_value"].to_dict() == pytest.approx(shares.to_dict())


def test_poststratify_and_rake_weights(setup):
    """Post-stratification on sector gives N_h/n_h; raking meets every margin of the frame
    (the raking algorithm itself is checked against R survey in test_design.py)."""
    ds_dir, frame_path, frame = setup
    _, _, w = population(ds_dir, frame_path, id="org_id", strata=["sector"], weights="poststratify")
    d = pd.read_csv(HERE / "respondents.csv")
    expected = d["sector"].map(N) / d.groupby("sector")["sector"].transform("size")
    np.testing.assert_allclose(w, expected.to_numpy(), rtol=1e-12)
    # raking to the frame's sector and size counts: every margin is met
    _, spec, w = population(
        ds_dir,
        frame_path,
        id="org_id",
        strata=["sector"],
        weights="rake",
        margins=["sector", "size"],
    )
    ds = load(ds_dir)
    for m in ("sector", "size"):
        got = pd.Series(w).groupby(ds.data[m].astype(str).to_numpy()).sum()
        want = frame[m].map(lambda v: {y: x for x, y in SPELLING.items()}.get(v, v)).value_counts()
        for level, count in want.items():
            assert got[level] == pytest.approx(count, rel=1e-9)
    assert spec.weight_summary["effective_n"] < 196


def test_calibrate_and_trim(setup):
    ds_dir, frame_path, frame = setup
    _, spec, w = population(
        ds_dir,
        frame_path,
        id="org_id",
        strata=["sector"],
        weights="calibrate",
        margins=["size", "employees"],
        trim=(0.8, 9.0),
    )
    assert w.min() >= 0.8 - 1e-12 and w.max() <= 9.0 + 1e-12
    assert w.sum() == pytest.approx(len(frame))
    assert spec.weighting == "calibrate" and spec.trim == [0.8, 9.0]


def test_cli_writes_design_and_weight(setup, tmp_path):
    ds_dir, frame_path, _ = setup
    import shutil

    work = tmp_path / "ds"
    shutil.copytree(ds_dir, work)
    res = CliRunner().invoke(
        app,
        [
            "population",
            str(work),
            "--frame",
            str(frame_path),
            "--id",
            "org_id",
            "--strata",
            "sector",
            "--aux",
            "employees",
            "--weights",
            "poststratify",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Response rate" in res.stdout and "statlig" in res.stdout
    design = yaml.safe_load((work / "design.yaml").read_text(encoding="utf-8"))
    assert design["population"] == N and design["frame"] == "ram.csv"
    assert str(tmp_path) not in (work / "design.yaml").read_text(encoding="utf-8")
    data = pd.read_parquet(work / "data.parquet")
    assert data["weight"].sum() == pytest.approx(541)
    # the weighted design read back from disk (describe's finite default) — this crashed with
    # "output array is read-only" on a weight column loaded from parquet
    out = tmp_path / "d.csv"
    res = CliRunner().invoke(app, ["describe", str(work), "framework", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert pd.read_csv(out)["est_count"].notna().all()


def test_errors(setup, tmp_path):
    ds_dir, frame_path, frame = setup
    short = tmp_path / "short.csv"
    frame.iloc[5:].to_csv(short, index=False)
    with pytest.raises(AnalysisError, match="not in the frame short.csv.*--drop-unmatched"):
        population(ds_dir, short, id="org_id")
    res, _, _ = population(ds_dir, short, id="org_id", drop_unmatched=True)
    assert "5 respondents are not in the frame" in " ".join(map(str, res.notes))
    dup = tmp_path / "dup.csv"
    pd.concat([frame, frame.iloc[:1]]).to_csv(dup, index=False)
    with pytest.raises(InputFileError, match="more than once"):
        population(ds_dir, dup, id="org_id")
    hole = tmp_path / "hole.csv"
    f2 = frame.copy()
    f2.loc[300, "sector"] = None
    f2.to_csv(hole, index=False)
    with pytest.raises(InputFileError, match="row 302 has no value in sector"):
        population(ds_dir, hole, id="org_id", strata=["sector"])


def test_normalise_id():
    assert normalise_id(" ORG001 ") == "org001"
    assert normalise_id("212000-0142") == normalise_id("2120000142") == "2120000142"
    assert normalise_id("212000 0142") == normalise_id("16212000-0142") == "2120000142"
    assert normalise_id("Region  Ost") == "region ost"


def test_sample_two_waves_with_where(tmp_path):
    """The bundled sample: both waves in one dataset, one wave chosen with --where."""
    from digianalys.ingest.pipeline import ingest

    root = Path(__file__).resolve().parents[2]
    sample = root / "data" / "sample"
    ingest(
        [sample / "digitalisering-2018.xlsx", sample / "digitalisering-2021.xlsx"],
        tmp_path / "ds",
        waves=["2018", "2021"],
        codebook=root / "examples" / "digitalisering-codebook.yaml",
    )
    # without --where, organisations answering again make the design the last wave's
    last, last_spec, _ = population(
        tmp_path / "ds", sample / "population.xlsx", id="org_id", strata=["sector"]
    )
    assert last_spec.where == "wave == 2021"
    assert str(last.notes[0]).startswith("The dataset holds several waves")
    data = load(tmp_path / "ds").data
    by_wave = last.tables["response_waves"]
    frame = pd.read_excel(sample / "population.xlsx", dtype={"org_id": str}, engine="openpyxl")
    sector = frame["sector"].map({v: k for k, v in SPELLING.items()} | {"Kommun": "kommunal"})
    sector_of = dict(zip(frame["org_id"].map(normalise_id), sector, strict=True))
    for wave in ("2018", "2021"):
        ids = data.loc[data["wave"] == wave, "org_id"].map(normalise_id)
        expect = ids[ids.isin(sector_of)].map(sector_of).value_counts()
        got = by_wave[by_wave["wave"] == wave].iloc[:-1].set_index("stratum")["respondents"]
        for sector, n in expect.items():
            assert got[sector] == n
        total = by_wave[by_wave["wave"] == wave].iloc[-1]
        assert total["respondents"] == expect.sum() and total["population"] == len(frame)
        assert total["response_rate"] == pytest.approx(expect.sum() / len(frame))
    pd.testing.assert_frame_equal(
        last.tables["response"].astype(str),
        by_wave[by_wave["wave"] == "2021"].drop(columns="wave").reset_index(drop=True).astype(str),
    )
    # describe: the last wave's design is used with its filter, and named without it
    from digianalys.stats.describe import describe
    from digianalys.stats.population import write_design

    write_design(tmp_path / "ds", last_spec, None)
    plain = describe(tmp_path / "ds", ["framework"], by="sector")
    assert 'Add --where "wave == 2021"' in " ".join(map(str, plain.notes))
    assert plain.tables["describe"]["est_count"].isna().all()
    from digianalys.stats.compare import compare
    from digianalys.stats.models import model

    for res in (
        compare(tmp_path / "ds", "sector", ["pace"]),
        model(tmp_path / "ds", "pace ~ employees"),
    ):
        assert 'add --where "wave == 2021" --inference finite' in " ".join(map(str, res.notes))
    wave = load(tmp_path / "ds")
    wave.data = wave.data[wave.data["wave"] == "2021"].reset_index(drop=True)
    finite = describe(wave, ["framework"], by="sector")
    assert finite.tables["describe"]["est_count"].notna().all()
    assert "design.yaml" not in " ".join(map(str, finite.notes))
    (tmp_path / "ds" / "design.yaml").unlink()
    # ids repeating within one wave cannot be resolved by choosing a wave
    dup = load(tmp_path / "ds")
    dup.data.loc[dup.data.index[-1], "org_id"] = dup.data.loc[dup.data.index[-2], "org_id"]
    with pytest.raises(AnalysisError, match="--where"):
        population(dup, sample / "population.xlsx", id="org_id", strata=["sector"])
    res, spec, w = population(
        tmp_path / "ds",
        sample / "population.xlsx",
        id="org_id",
        strata=["sector"],
        weights="poststratify",
        where="wave == 2021",
    )
    total = res.tables["response"].iloc[-1]
    assert (total["population"], total["respondents"]) == (541, 415)
    assert "415 of 816" in str(res.notes[0])
    assert np.isnan(w[(data["wave"] == "2018").to_numpy()]).all()
    assert np.nansum(w) == pytest.approx(541)


def test_design_estimates_equal_r(setup, tmp_path):
    """ingest → population → finite-population estimates equal R survey's svymean/svyciprop on
    svydesign(strata = ~sector, fpc = ~N) (tests/data/r_design/design_reference.R)."""
    import shutil

    from digianalys.stats.design_estimates import design_estimates, load_design
    from digianalys.stats.population import write_design

    ds_dir, frame_path, _ = setup
    work = tmp_path / "ds"
    shutil.copytree(ds_dir, work)
    _, spec, w = population(work, frame_path, id="org_id", strata=["sector"])
    write_design(work, spec, w)
    ds = load(work)
    spec = load_design(ds)
    overall = design_estimates(ds, spec, ["leadership", "framework"]).set_index("variable")
    lead = overall.loc["leadership"]
    np.testing.assert_allclose(
        [lead["mean"], lead["mean_se"], lead["mean_low"], lead["mean_high"], lead["deff"]],
        [
            3.3208302530397003,
            0.0586716119052051,
            3.2051103744090694,
            3.4365501316703311,
            1.1062744076441564,
        ],
        rtol=1e-6,
    )
    fw = overall.loc["framework"]
    np.testing.assert_allclose(
        [fw["share"], fw["conf_low"], fw["conf_high"]],
        [0.0804175185373541, 0.0529872333894638, 0.1202448206914670],
        rtol=1e-6,
    )
    # "≈ 44 of 541 organisations (29–65)": the estimated count with the same interval
    np.testing.assert_allclose(
        [fw["est_count"], fw["est_count_low"], fw["est_count_high"]],
        541 * np.array([0.0804175185373541, 0.0529872333894638, 0.1202448206914670]),
        rtol=1e-6,
    )
    by = design_estimates(ds, spec, ["leadership", "framework"], by="sector")
    by = by.set_index(["variable", "group"])
    np.testing.assert_allclose(
        by.loc[("framework", "regional"), ["share", "conf_low", "conf_high"]].to_numpy(float),
        [0.2500000000005566, 0.1520292955198366, 0.3826177944881612],
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        by.loc[("leadership", "statlig"), ["mean", "mean_se"]].to_numpy(float),
        [3.5016129032258063, 0.1087633148273193],
        rtol=1e-6,
    )
    assert by.loc[("framework", "kommunal"), "est_count"] == pytest.approx(290 * 0.0423728813559325)


def test_describe_uses_the_design_by_default(setup, tmp_path):
    """describe with a design.yaml: finite-population mean, SE, CI, deff, share and estimated
    counts equal R survey's (the numbers of test_design_estimates_equal_r); inference="model"
    ignores the design; suppression still applies to the rows."""
    import shutil

    from digianalys.errors import AnalysisError
    from digianalys.stats.describe import describe
    from digianalys.stats.population import write_design

    ds_dir, frame_path, _ = setup
    work = tmp_path / "ds"
    shutil.copytree(ds_dir, work)
    with pytest.raises(AnalysisError, match="digianalys population"):
        describe(work, ["leadership"], inference="finite")
    _, spec, w = population(work, frame_path, id="org_id", strata=["sector"])
    write_design(work, spec, w)
    res = describe(work, ["leadership", "framework"])
    assert res.meta["inference"] == "finite"
    assert any(getattr(m, "key", "") == "describe_methods_finite" for m in res.methods)
    t = res.tables["describe"].set_index("variable")
    np.testing.assert_allclose(
        t.loc["leadership", ["mean", "mean_se", "mean_low", "mean_high", "deff"]].to_numpy(float),
        [3.3208302530397003, 0.0586716119052051, 3.2051103744090694, 3.4365501316703311,
         1.1062744076441564],
        rtol=1e-6,
    )  # fmt: skip
    np.testing.assert_allclose(
        t.loc["framework", ["share", "conf_low", "conf_high"]].to_numpy(float),
        [0.0804175185373541, 0.0529872333894638, 0.1202448206914670],
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        t.loc["framework", ["est_count", "est_count_low", "est_count_high"]].to_numpy(float),
        541 * np.array([0.0804175185373541, 0.0529872333894638, 0.1202448206914670]),
        rtol=1e-6,
    )
    by = describe(work, ["leadership", "framework"], by="sector", min_cell=0)
    b = by.tables["describe"].set_index(["variable", "group"])
    np.testing.assert_allclose(
        b.loc[("framework", "regional"), ["share", "conf_low", "conf_high"]].to_numpy(float),
        [0.2500000000005566, 0.1520292955198366, 0.3826177944881612],
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        b.loc[("leadership", "statlig"), ["mean", "mean_se"]].to_numpy(float),
        [3.5016129032258063, 0.1087633148273193],
        rtol=1e-6,
    )
    # model-based: the plain sample mean with its t interval, no deff or counts
    m = describe(work, ["leadership"], inference="model")
    row = m.tables["describe"].iloc[0]
    assert m.meta["inference"] == "model"
    assert np.isnan(row["deff"]) and np.isnan(row["est_count"])
    assert row["mean_se"] > t.loc["leadership", "mean_se"]  # no fpc, no strata
    # suppression still applies: a group below min_cell stays empty under the design
    big = int(b["n"].max())
    sup = describe(work, ["leadership"], by="sector", min_cell=big + 1)
    assert sup.tables["describe"]["suppressed"].all()
    assert sup.tables["describe"][["mean", "mean_se", "deff", "est_count"]].isna().all().all()
    with pytest.raises(AnalysisError, match="--inference model"):
        describe(work, ["leadership"], weights="employees")
