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

from digianalys import sample
from digianalys.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

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


def test_committed_files_equal_fresh_generation(tmp_path):
    written = sample.write_sample(tmp_path)
    assert [p.name for p in written] == [
        "digitalisering-2018.xlsx",
        "digitalisering-2021.xlsx",
        "README.md",
    ]
    for name in ("digitalisering-2018.xlsx", "digitalisering-2021.xlsx"):
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


def test_cli_sample_writes_files(tmp_path):
    res = CliRunner().invoke(app, ["sample", "-o", str(tmp_path / "s")])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "README.md",
        "digitalisering-2018.xlsx",
        "digitalisering-2021.xlsx",
    ]


# ------------------------------------------------------------------ layouts
def test_2018_plain_layout_duplicates_and_decimal_comma(frames):
    rows = _cells(SAMPLE / "digitalisering-2018.xlsx")
    header, data = rows[0], rows[1:]
    assert header[:4] == ("Respondent-ID", "Inskickad", "E-postadress", "Respondentens namn")
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
