"""The bundled sample survey: deterministic, committed files up to date, planted effects present.

References are computed here directly with pandas/scipy/numpy from the raw frame (labels mapped to
codes with the published answer order), never taken from the generator's own summaries.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from scipy import stats
from typer.testing import CliRunner

import digianalys.sample as sample
from digianalys.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"

AGREE = {
    "Instämmer inte alls": 1,
    "Instämmer knappast": 2,
    "Varken eller": 3,
    "Instämmer delvis": 4,
    "Instämmer helt": 5,
}
LEAD = [
    "lead_strategy",
    "lead_followup",
    "lead_agenda",
    "lead_competence",
    "lead_resources",
]
PACE = ["pace_processes", "pace_services", "pace_technology", "pace_peers"]


@pytest.fixture(scope="module")
def frames() -> dict[int, pd.DataFrame]:
    return {w: sample.generate(w) for w in (2018, 2021)}


def _codes(df: pd.DataFrame, items: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: df[c].map(AGREE).astype(float) for c in items})


def _scale(df: pd.DataFrame, items: list[str]) -> pd.Series:
    codes = _codes(df, items)
    return codes.mean(axis=1).where(codes.notna().sum(axis=1) >= 3)


def _cronbach(codes: pd.DataFrame) -> float:
    x = codes.dropna().to_numpy()
    k = x.shape[1]
    cov = np.cov(x, rowvar=False, ddof=1)
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def _cells(path: Path) -> list[tuple]:
    wb = load_workbook(path)
    return [tuple(c.value for c in row) for row in wb.active.iter_rows()]


# ------------------------------------------------------------------ determinism
def test_generate_is_deterministic_and_seeded(frames):
    again = sample.generate(2018)
    pd.testing.assert_frame_equal(frames[2018], again)
    other = sample.generate(2018, seed=sample.SEED + 1)
    assert not other["lead_latent"].equals(frames[2018]["lead_latent"])


def test_workbook_bytes_identical_on_rerun():
    first = sample.workbook_bytes(2021)
    assert first == sample.workbook_bytes(2021)
    assert len(first) < 200_000


@pytest.mark.slow
def test_committed_files_equal_fresh_generation(tmp_path):
    written = sample.write_sample(tmp_path)
    assert [p.name for p in written] == [
        "digitalisering-2018.xlsx",
        "digitalisering-2021.xlsx",
        "population.xlsx",
        "README.md",
    ]
    for name in ("digitalisering-2018.xlsx", "digitalisering-2021.xlsx", "population.xlsx"):
        committed = SAMPLE / name
        assert committed.is_file(), f"run 'digianalys sample -o data/sample' to create {name}"
        assert committed.stat().st_size < 200_000
        assert _cells(committed) == _cells(tmp_path / name), (
            f"data/sample/{name} is stale: run 'digianalys sample -o data/sample'"
        )
        wb_old, wb_new = load_workbook(committed), load_workbook(tmp_path / name)
        assert sorted(map(str, wb_old.active.merged_cells.ranges)) == sorted(
            map(str, wb_new.active.merged_cells.ranges)
        )
    assert (SAMPLE / "README.md").read_text("utf-8") == (tmp_path / "README.md").read_text("utf-8")


@pytest.mark.slow  # regenerates every workbook
def test_rerun_is_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    names = [p.name for p in sample.write_sample(first)]
    sample.write_sample(second)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert sample.frame_bytes() == sample.frame_bytes()
    assert sample.frame_bytes(seed=sample.SEED + 1) != sample.frame_bytes()


def test_cli_sample_writes_files(tmp_path):
    res = CliRunner().invoke(app, ["sample", "-o", str(tmp_path / "s")])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "README.md",
        "digitalisering-2018.xlsx",
        "digitalisering-2021.xlsx",
        "population.xlsx",
    ]


# ------------------------------------------------------------------ layouts
def test_2018_plain_layout_duplicates_and_decimal_comma(frames):
    rows = _cells(SAMPLE / "digitalisering-2018.xlsx")
    header, data = rows[0], rows[1:]
    assert header[:5] == (
        "Respondent-ID",
        "Inskickad",
        "E-postadress",
        "Respondentens namn",
        "Organisationsnummer",
    )
    assert "Ledarskap: Ledningen har en tydlig strategi för digitalisering" in header
    assert header[-2:] == ("Övriga kommentarer", "IP-adress")
    assert all(isinstance(v, str) and v for v in header)
    df = frames[2018]
    assert len(data) == len(df) + 3
    assert len(set(data)) == len(df)  # exactly three exact duplicates
    it = [r[header.index(sample.Q_ITCOST)] for r in data]
    text = [v for v in it if isinstance(v, str)]
    assert text and all("," in v and float(v.replace(",", ".")) > 0 for v in text)
    assert any(isinstance(v, float) for v in it) and None in it
    eid = f"{sample.Q_INFRA}: {sample.INFRA_OPTIONS['infra_eid']}"
    ticked = [r[header.index(eid)] for r in data]
    assert set(ticked) == {sample.INFRA_OPTIONS["infra_eid"], None}
    orgs = {r[header.index(sample.Q_ORGTYPE)] for r in data}
    assert {"Statlig myndighet", "statlig myndighet ", "Kommun", "Landsting"} <= orgs


def test_2021_surveymonkey_layout():
    wb = load_workbook(SAMPLE / "digitalisering-2021.xlsx")
    ws = wb.active
    rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
    row1, row2, data = rows[0], rows[1], rows[2:]
    assert row1[:8] == (
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
    )
    assert row2[:8] == (None,) * 8
    # the organisation number as a custom-data column after the leading metadata columns
    assert row1[8] == "Organisationsnummer" and row2[8] is None
    org = row1.index(sample.Q_ORGTYPE)
    assert row2[org] == "Response"
    lead = row1.index("Ledarskap")
    assert row2[lead : lead + 5] == tuple(sample.LEADERSHIP_ITEMS.values())
    assert row1[lead + 1 : lead + 5] == (None,) * 4
    infra = row1.index(sample.Q_INFRA)
    options = row2[infra : infra + 6]
    assert options[-1] == "Ingen av dessa"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert len(merged) == 3
    for r in ws.merged_cells.ranges:
        assert r.min_row == r.max_row == 1
    # ticked cells hold the option text, others are blank
    for row in data:
        for opt, value in zip(options, row[infra : infra + 6], strict=True):
            assert value in (None, opt)
    assert len(data) == sum(sample.N_RESPONDENTS[2021].values())
    assert len(set(data)) == len(data)


def test_personal_data_is_obviously_fake(frames):
    docs = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]
    for df in frames.values():
        assert df["email"].str.fullmatch(r"[a-z]+\.[a-z]+\d?@exempel\.se").all()
        assert all(any(ipaddress.ip_address(ip) in n for n in docs) for ip in df["ip"])


# ------------------------------------------------------------------ planted effects
def test_sector_sizes_and_framework_shares(frames):
    for wave, df in frames.items():
        counts = df["sector"].value_counts().to_dict()
        assert counts == sample.N_RESPONDENTS[wave]
        assert 380 <= len(df) <= 430
        yes = df.groupby("sector")["framework"].apply(lambda s: int((s == "Ja").sum()))
        n = df["sector"].value_counts()
        for sector, p in (("statlig", 0.16), ("kommunal", 0.04), ("regional", 0.10)):
            # an exact binomial test against the published share must not reject
            assert stats.binomtest(int(yes[sector]), int(n[sector]), p).pvalue > 0.01
        assert yes["statlig"] / n["statlig"] > 2 * yes["kommunal"] / n["kommunal"]
        dont_know = (df[LEAD + PACE] == "Vet ej").to_numpy().mean()
        assert 0.03 < dont_know < 0.07


def test_leadership_pace_correlation_and_reliability(frames):
    for df in frames.values():
        lead, pace = _scale(df, LEAD), _scale(df, PACE)
        ok = lead.notna() & pace.notna()
        rho = stats.spearmanr(lead[ok], pace[ok]).statistic
        assert 0.3 <= rho <= 0.5
        assert 0.7 <= _cronbach(_codes(df, LEAD)) <= 0.9
        assert 0.7 <= _cronbach(_codes(df, PACE)) <= 0.9


def test_sector_and_wave_differences(frames):
    for df in frames.values():
        lead = _scale(df, LEAD)
        means = lead.groupby(df["sector"]).mean()
        assert means["statlig"] > means["kommunal"]
        assert means["regional"] > means["kommunal"]
        kw = stats.kruskal(*(lead[(df["sector"] == s) & lead.notna()] for s in sample.SECTORS))
        assert kw.pvalue < 0.01
    for items in (LEAD, PACE):
        before, after = _scale(frames[2018], items), _scale(frames[2021], items)
        diff = after.mean() - before.mean()
        assert 0.05 < diff < 0.4
    assert frames[2021]["employees"].groupby(frames[2021]["sector"]).median().idxmax() == "regional"


def test_readme_documents_realised_truth(frames):
    text = (SAMPLE / "README.md").read_text("utf-8")
    df = frames[2018]
    lead, pace = _scale(df, LEAD), _scale(df, PACE)
    ok = lead.notna() & pace.notna()
    rho = stats.spearmanr(lead[ok], pace[ok]).statistic
    assert f"| 2018 | 401 | 404 | {lead.mean():.3f} | {pace.mean():.3f} | {rho:.3f} |" in text
    vet_ej = int((df["lead_strategy"] == "Vet ej").sum())
    assert f"| 2018 | lead_strategy | {vet_ej} |" in text


# ------------------------------------------------------------------ population frame and panel
def _luhn_ok(digits: str) -> bool:
    """Luhn check over all ten digits (independent of sample.luhn_digit)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d // 10 + d % 10
    return total % 10 == 0


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rows = _cells(SAMPLE / "population.xlsx")
    assert rows[0] == ("org_id", "name", "sector", "employees", "county")
    return pd.DataFrame(rows[1:], columns=list(rows[0]))


def test_frame_counts_ids_and_names(frame):
    assert frame["sector"].value_counts().to_dict() == {
        "Kommun": 290,
        "Statlig myndighet": 230,
        "Region": 21,
    }
    assert frame["org_id"].is_unique and frame["name"].is_unique
    assert frame["org_id"].str.fullmatch(r"\d{6}-\d{4}").all()
    digits = frame["org_id"].str.replace("-", "", regex=False)
    assert all(_luhn_ok(d) for d in digits)
    # third digit >= 2: never a valid month, so never read as a personnummer
    assert (digits.str[2].astype(int) >= 2).all()
    from digianalys.ingest import pii

    assert not any(pii.mask_text(x)[1] for x in frame["org_id"])
    assert not any(pii.mask_text(x)[1] for x in digits)
    assert frame["org_id"].is_monotonic_increasing
    by_sector = frame.groupby("sector")["name"]
    assert by_sector.apply(lambda n: n.str.endswith(" kommun").all())["Kommun"]
    assert by_sector.apply(lambda n: n.str.startswith("Region ").all())["Region"]
    assert frame["name"].str.contains("[åäö]").any()
    # no real organisation: the 21 real regions and some real kommun names never occur
    real = {"Stockholm", "Uppsala", "Skåne", "Gotland", "Norrbotten", "Västra Götaland"}
    regions = frame.loc[frame["sector"] == "Region", "name"].str.removeprefix("Region ")
    assert not set(regions) & real
    towns = set(frame.loc[frame["sector"] == "Kommun", "name"].str.removesuffix(" kommun"))
    assert not towns & {"Ljungby", "Eksjö", "Tranås", "Västervik", "Hjo", "Bjurholm", "Orsa"}
    assert frame["county"].nunique() == 21
    assert all(c.endswith(" län") for c in frame["county"])
    emp = frame["employees"].astype(int)
    med = emp.groupby(frame["sector"]).median()
    assert med["Region"] > med["Kommun"] > med["Statlig myndighet"]
    # persistent per organisation: the survey answers carry the frame's number
    by_id = dict(zip(frame["org_id"], emp, strict=True))
    for wave in (2018, 2021):
        df = sample.generate(wave)
        assert (df["employees"] == df["org_id"].map(by_id)).all()


def test_frame_is_the_generator_frame(frame):
    generated = sample.population_frame()
    assert generated["org_id"].tolist() == frame["org_id"].tolist()
    assert generated["employees"].tolist() == frame["employees"].astype(int).tolist()
    assert sample.luhn_digit("212000014") == 2  # a published example: 212000-0142


def test_panel_overlap_and_nonresponse(frames, frame):
    ids = {w: set(df["org_id"]) for w, df in frames.items()}
    for wave, df in frames.items():
        assert df["org_id"].is_unique
        assert ids[wave] <= set(frame["org_id"])
        # the sector of each respondent is the frame's sector
        sector = dict(zip(frame["org_id"], frame["sector"], strict=True))
        register = (
            df["org_id"]
            .map(sector)
            .map({"Statlig myndighet": "statlig", "Kommun": "kommunal", "Region": "regional"})
        )
        assert (register == df["sector"]).all()
        # bigger organisations answer more often, in every sector
        emp = frame.set_index("org_id")["employees"].astype(float)
        answered = frame["org_id"].isin(ids[wave]).to_numpy()
        for s in ("Statlig myndighet", "Kommun", "Region"):
            m = (frame["sector"] == s).to_numpy()
            assert emp[m & answered].median() > emp[m & ~answered].median()
    both = ids[2018] & ids[2021]
    # most 2018 respondents answer again; some answer one wave only
    assert 0.8 * len(ids[2018]) <= len(both) < len(ids[2018])
    assert len(ids[2021] - ids[2018]) > 0
    text = (SAMPLE / "README.md").read_text("utf-8")
    only18, only21 = len(ids[2018] - both), len(ids[2021] - both)
    assert (
        f"| all | 541 | {len(both)} | {only18} | {only21} | {541 - len(ids[2018] | ids[2021])} |"
        in text
    )


def test_ids_as_typed_normalise_to_the_frame(frames):
    from digianalys.stats.population import normalise_id

    rows = _cells(SAMPLE / "digitalisering-2018.xlsx")
    col = rows[0].index("Organisationsnummer")
    typed = [r[col] for r in rows[1:]]
    assert all(isinstance(v, str) for v in typed)
    assert any("-" not in v for v in typed) and any(v != v.strip() for v in typed)
    registered = {normalise_id(i) for i in frames[2018]["org_id"]}
    assert {normalise_id(v) for v in typed} == registered


def test_panel_answers_correlate_across_waves(frames):
    a, b = (df.set_index("org_id") for df in (frames[2018], frames[2021]))
    both = a.index.intersection(b.index)
    for latent in ("lead_latent", "pace_latent"):
        r = np.corrcoef(a.loc[both, latent], b.loc[both, latent])[0, 1]
        assert 0.45 < r < 0.75  # planted 0.6 for the organisation's part of the latent
    lead = pd.DataFrame({"a": _scale(a.loc[both], LEAD), "b": _scale(b.loc[both], LEAD)}).dropna()
    assert lead["a"].corr(lead["b"]) > 0.3


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """The sample ingested with the example codebook: both waves, and 2021 alone."""
    root = tmp_path_factory.mktemp("sample-ingest")
    codebook = SAMPLE.parent.parent / "examples" / "digitalisering-codebook.yaml"
    runner = CliRunner()
    both, one = root / "both", root / "2021"
    res = runner.invoke(
        app,
        [
            "ingest",
            str(SAMPLE / "digitalisering-2018.xlsx"),
            str(SAMPLE / "digitalisering-2021.xlsx"),
            "--wave", "2018", "--wave", "2021",
            "--codebook", str(codebook),
            "-o", str(both),
        ],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        app,
        ["ingest", str(SAMPLE / "digitalisering-2021.xlsx"), "--codebook", str(codebook)]
        + ["-o", str(one)],
    )
    assert res.exit_code == 0, res.output
    return both, one


def test_ingest_keeps_the_organisation_id(ingested, frames):
    both, _ = ingested
    from digianalys.dataset import load
    from digianalys.stats.population import normalise_id

    ds = load(both)
    assert ds.codebook.get("org_id").type == "id"
    ids = ds.data["org_id"].map(normalise_id)
    for wave, df in frames.items():
        got = set(ids[ds.data["wave"] == str(wave)])
        assert got == {normalise_id(i) for i in df["org_id"]}


def test_population_command_on_the_sample(ingested, tmp_path, frames):
    _, one = ingested
    out = tmp_path / "response.csv"
    res = CliRunner().invoke(
        app,
        ["population", str(one), "--frame", str(SAMPLE / "population.xlsx"), "--id", "org_id"]
        + ["--strata", "sector", "--aux", "employees", "-o", str(out)],
    )
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out).set_index("stratum")
    for s, n in sample.N_RESPONDENTS[2021].items():
        assert table.loc[s, "population"] == sample.POPULATION[s]
        assert table.loc[s, "respondents"] == n
        assert table.loc[s, "response_rate"] == pytest.approx(n / sample.POPULATION[s])
    assert (one / "design.yaml").is_file()


def test_paired_compare_on_the_sample(ingested, tmp_path, frames):
    both, _ = ingested
    out = tmp_path / "paired.csv"
    res = CliRunner().invoke(
        app,
        ["compare", str(both), "--by", "wave", "--paired", "--id", "org_id"]
        + ["leadership", "pace", "-o", str(out)],
    )
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out).set_index("variable")
    # matched pairs: organisations in both waves with the scale score present in both
    a, b = (df.set_index("org_id") for df in (frames[2018], frames[2021]))
    common = a.index.intersection(b.index)
    for name, items in (("leadership", LEAD), ("pace", PACE)):
        sa, sb = _scale(a.loc[common], items), _scale(b.loc[common], items)
        ok = sa.notna() & sb.notna()
        assert table.loc[name, "n_pairs"] == ok.sum()
        ref = stats.ttest_rel(sb[ok], sa[ok])
        assert table.loc[name, "statistic"] == pytest.approx(ref.statistic, rel=1e-9)
        assert table.loc[name, "change"] == pytest.approx((sb[ok] - sa[ok]).mean(), rel=1e-9)
        assert table.loc[name, "change"] > 0


def test_project_readme_describes_the_sample(frames):
    text = " ".join((SAMPLE.parent.parent / "README.md").read_text("utf-8").split())
    ids = {w: set(df["org_id"]) for w, df in frames.items()}
    both = ids[2018] & ids[2021]
    assert "230 statliga myndigheter, 290 kommuner and 21 regioner" in text
    assert f"{len(frames[2018])} respondents in 2018, {len(frames[2021])} in 2021" in text
    assert (
        f"{len(both)} organisations answered both waves, {len(ids[2018] - both)} only 2018 "
        f"and {len(ids[2021] - both)} only 2021"
    ) in text


def test_respondents_are_the_generated_organisations(frames):
    chosen = sample.respondents()
    for wave, df in frames.items():
        assert sorted(chosen[wave]) == sorted(df["org_id"])
