"""ingest --id: the organisation id is kept, normalised, unique per wave and named in the
codebook (issue 14.1); the analyses take it from there."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from digianalys.cli import app
from digianalys.codebook import Codebook
from digianalys.dataset import load
from digianalys.errors import CodebookError, DigianalysError, InputFileError
from digianalys.ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_id_kept_normalised_and_in_the_codebook(tmp_path):
    a = _csv(
        tmp_path / "a.csv",
        ["Kontaktperson (org.nr),Svar", "212000-0142,Ja", " 2021000100 ,Nej", "212000 0159,Ja"],
    )
    b = _csv(
        tmp_path / "b.csv", ["Kontaktperson (org.nr),Svar", "2120000142,Nej", "16212000-0159,Ja"]
    )
    res = ingest([a, b], tmp_path / "ds", waves=["1", "2"], id="kontaktperson (org.nr)")
    cb = res.dataset.codebook
    name = cb.id
    assert name is not None and cb.get(name).type == "id"
    assert res.dataset.data[name].tolist() == [
        "2120000142",
        "2021000100",
        "2120000159",
        "2120000142",
        "2120000159",
    ]
    assert not res.report["pii_dropped"]  # a header that looks like a contact is kept as the id
    saved = yaml.safe_load((tmp_path / "ds" / "codebook.yaml").read_text(encoding="utf-8"))
    assert saved["id"] == name
    assert load(tmp_path / "ds").codebook.id == name


def test_duplicate_id_within_a_wave_is_an_error(tmp_path):
    a = _csv(tmp_path / "a.csv", ["Org,Svar", "212000-0142,Ja", "2120000142,Nej"])
    with pytest.raises(InputFileError, match="occurs more than once in a wave.*2120000142"):
        ingest([a], tmp_path / "ds", id="Org")


def test_unknown_id_header_suggests(tmp_path):
    a = _csv(tmp_path / "a.csv", ["Organisationsnummer,Svar", "212000-0142,Ja"])
    with pytest.raises(CodebookError, match="'Orgnr' is not a column header"):
        ingest([a], tmp_path / "ds", id="Orgnr")
    with pytest.raises(CodebookError, match="did you mean: Organisationsnummer"):
        ingest([a], tmp_path / "ds", id="Organisationsnumer")


def test_codebook_id_must_name_a_variable():
    with pytest.raises(DigianalysError, match="top-level 'id' must name a variable"):
        Codebook.from_dict({"id": "orgnr", "variables": [{"name": "x", "type": "numeric"}]})


def test_sample_panel_from_the_cli(tmp_path):
    args = [
        "ingest", str(SAMPLE / "digitalisering-2018.xlsx"), str(SAMPLE / "digitalisering-2021.xlsx"),
        "--wave", "2018", "--wave", "2021", "--id", "Organisationsnummer", "-o", str(tmp_path / "ds"),
    ]  # fmt: skip
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    # paired compare and population take the id from the codebook
    res = CliRunner().invoke(
        app,
        [
            "compare",
            str(tmp_path / "ds"),
            "organisationen_beslutat_modell",
            "--by",
            "wave",
            "--paired",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "McNemar" in res.output
    res = CliRunner().invoke(
        app,
        [
            "population",
            str(tmp_path / "ds"),
            "--frame",
            str(SAMPLE / "population.xlsx"),
            "--frame-id",
            "org_id",
            "--strata",
            "sector",
            "--where",
            "wave == 2021",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "541" in res.output and "415" in res.output


def test_unpaired_compare_of_waves_with_repeated_ids_warns(tmp_path):
    a = _csv(
        tmp_path / "a.csv", ["Org,Svar", "212000-0142,Ja", "212000-0159,Nej", "212000-0167,Ja"]
    )
    b = _csv(tmp_path / "b.csv", ["Org,Svar", "2120000142,Nej", "2120000159,Ja", "2120000175,Ja"])
    ingest([a, b], tmp_path / "ds", waves=["2018", "2021"], id="Org")
    res = CliRunner().invoke(
        app,
        ["compare", str(tmp_path / "ds"), "--by", "wave", "--min-cell", "0", "--format", "json"],
    )
    assert res.exit_code == 0, res.output
    import json

    notes = json.loads(res.stdout)["notes"]
    assert any(
        n.startswith("2 organisations ('org') answered in more than one group") and "--paired" in n
        for n in notes
    )
