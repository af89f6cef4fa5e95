"""Acceptance of `ingest` as a new user meets it: exports imitating each survey tool, run through
the CLI, and regression tests for what black-box testing found (each named after what it guards).

Expected values are computed in the tests from the data the tests generate (the truth the
generator planted), never copied from our own output.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from digianalys.cli import app
from digianalys.ingest.likert import recognise_scale
from digianalys.ingest.reading import read_export

runner = CliRunner()


def _ingest(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, ["ingest", *args])
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.output


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _all_output_text(out: Path) -> str:
    """Every file of a dataset directory as text (parquet as its decoded table too)."""
    parts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(out.iterdir())]
    parts.append(pd.read_parquet(out / "data.parquet").astype(str).to_csv())
    return "\n".join(parts)


def _one_line_error(output: str) -> str:
    lines = [ln for ln in output.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("error: "), output
    assert "Traceback" not in output
    return lines[0]


# ----------------------------------------------------------------------------- exports
SCALE5 = ["Instämmer inte alls", "Instämmer knappast", "Varken eller", "Instämmer delvis"]
SCALE5 = [*SCALE5, "Instämmer helt"]


def _surveymonkey_xlsx(path: Path, n: int = 40) -> dict:
    """SurveyMonkey: merged question row + sub-item/"Response" row, select-all with option
    text, personal data. Returns the planted truth."""
    rng = random.Random(11)
    wb = Workbook()
    ws = wb.active
    q_matrix = "Hur väl instämmer du i påståendena?"
    q_multi = "Vilka tjänster använder ni? (Markera alla som gäller)"
    items = ["Ledningen har en tydlig strategi", "Vi följer upp nyttan"]
    options = ["Mina meddelanden", "e-legitimation"]
    ws.append(
        ["Respondent ID", "Email Address", "IP Address", "Vilken typ av organisation?"]
        + [q_matrix, None, q_multi, None]
    )
    ws.append([None, None, None, "Response", *items, *options])
    ws.merge_cells("E1:F1")
    ws.merge_cells("G1:H1")
    truth: dict = {"codes": {it: [] for it in items}, "ticked": {o: 0 for o in options}}
    truth["emails"], truth["ips"] = [], []
    sectors = {"Statlig myndighet": "statlig", "Kommun": "kommunal", "Region": "regional"}
    truth["sector"] = []
    for i in range(n):
        email, ip = f"person{i}@example.se", f"10.1.2.{i + 1}"
        truth["emails"].append(email)
        truth["ips"].append(ip)
        org = rng.choice(list(sectors))
        truth["sector"].append(sectors[org])
        answers = []
        for it in items:
            lab = rng.choice([*SCALE5, "Vet ej"])
            truth["codes"][it].append(SCALE5.index(lab) + 1 if lab in SCALE5 else None)
            answers.append(lab)
        ticks = [o if rng.random() < 0.5 else None for o in options]
        if i == 0:
            ticks = list(options)
        for o in options:
            truth["ticked"][o] += o in ticks
        ws.append([100 + i, email, ip, org, *answers, *ticks])
    wb.save(path)
    return truth


def test_surveymonkey_export_acceptance(tmp_path: Path) -> None:
    src = tmp_path / "sm.xlsx"
    truth = _surveymonkey_xlsx(src)
    before = _sha(src)
    out = tmp_path / "out"
    code, output = _ingest(str(src), "-o", str(out))
    assert code == 0, output
    assert _sha(src) == before
    data = pd.read_parquet(out / "data.parquet")
    cb = {v["name"]: v for v in yaml.safe_load((out / "codebook.yaml").read_text())["variables"]}
    assert data["sector"].tolist() == truth["sector"]
    for name, item in (
        ("ledningen_har_en_tydlig_strategi", "Ledningen har en tydlig strategi"),
        ("vi_foljer_upp_nyttan", "Vi följer upp nyttan"),
    ):
        assert str(data[name].dtype) == "Int64"
        assert data[name].astype("float").fillna(-1).tolist() == [
            -1 if c is None else c for c in truth["codes"][item]
        ]
        assert cb[name]["label"] == item
        assert cb[name]["values"] == dict(enumerate(SCALE5, start=1))
        assert cb[name]["missing"] == {"Vet ej": truth["codes"][item].count(None)}
    assert int(data["mina_meddelanden"].sum()) == truth["ticked"]["Mina meddelanden"]
    assert int(data["e_legitimation"].sum()) == truth["ticked"]["e-legitimation"]
    text = _all_output_text(out)
    for value in truth["emails"] + truth["ips"]:
        assert value not in text
    report = json.loads((out / "ingest-report.json").read_text())
    assert {p["reason"] for p in report["pii_dropped"]} == {
        "e-mail address (header)",
        "IP address (header)",
    }


# ----------------------------------------------------------------------------- safety
def _patch_sheet(src: Path, dst: Path, fn) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = fn(data)
            zout.writestr(item, data)
    return dst


def test_stray_far_cell_under_a_small_declared_dimension_is_refused(tmp_path: Path) -> None:
    """A crafted sheet declaring A1:C3 but holding a value at XFD1048000 made calamine try to
    allocate ~500 GB and abort the whole process (signal 6, no message). The declared
    dimension is no longer trusted. Run in a subprocess so a regression cannot kill pytest."""
    wb = Workbook()
    wb.active.append(["a", "b", "c"])
    wb.active.append(["1", "2", "3"])
    src = tmp_path / "src.xlsx"
    wb.save(src)
    far = b'<row r="1048000"><c r="XFD1048000" t="inlineStr"><is><t>x</t></is></c></row>'
    bad = _patch_sheet(
        src, tmp_path / "stray.xlsx", lambda d: d.replace(b"</sheetData>", far + b"</sheetData>")
    )
    assert b'<dimension ref="A1:C2"' in zipfile.ZipFile(bad).read("xl/worksheets/sheet1.xml")
    code = (
        "import sys\n"
        "from digianalys.ingest.reading import read_export\n"
        "from digianalys.errors import InputFileError\n"
        "try:\n"
        f"    read_export({str(bad)!r})\n"
        "except InputFileError as exc:\n"
        "    print(exc); sys.exit(3)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 3, res.stderr[-2000:]
    assert "row 1048000 and column XFD" in res.stdout


# ----------------------------------------------------------------------------- reading
def test_info_sheet_in_front_of_the_responses_is_skipped(tmp_path: Path) -> None:
    """An export with a one-cell 'Info' sheet first used to fail with 'no responses'."""
    wb = Workbook()
    wb.active.title = "Info"
    wb.active.append(["Exporterad 2021-05-01"])
    ws = wb.create_sheet("Svar")
    ws.append(["Fråga A", "Fråga B"])
    for i in range(5):
        ws.append(["Ja" if i % 2 else "Nej", i * 10])
    path = tmp_path / "info-first.xlsx"
    wb.save(path)
    raw = read_export(path)
    assert raw.sheet == "Svar"
    assert any("'Info'" in w and "--sheet" in w for w in raw.warnings)
    # asked for explicitly, the info sheet is an error that names the other sheet
    code, output = _ingest(str(path), "-o", str(tmp_path / "o"), "--sheet", "Info")
    assert code == 1
    line = _one_line_error(output)
    assert 'sheet "Info"' in line and "--sheet (Svar)" in line


def test_csv_blank_rows_above_the_header_are_skipped_and_reported(tmp_path: Path) -> None:
    """Swedish Excel writes ';;' lines for blank rows; a CSV starting with them was refused."""
    path = tmp_path / "blank-top.csv"
    path.write_bytes(b"\r\n;;\r\nA;B;C\r\nJa;1,5;x\r\nNej;2,5;y\r\nJa;3;z\r\n")
    out = tmp_path / "out"
    code, output = _ingest(str(path), "-o", str(out))
    assert code == 0, output
    data = pd.read_parquet(out / "data.parquet")
    assert list(data.columns) == ["a", "b", "c"]
    assert data["b"].tolist() == [1.5, 2.5, 3.0]
    md = (out / "ingest-report.md").read_text()
    assert "2 blank row(s) above the header skipped" in md
    assert "delimiter ';'" in md and "decimal mark ','" in md


def test_title_and_blank_row_above_the_header_are_skipped(tmp_path: Path) -> None:
    """A title in the first cell and a blank row above the header were read as the header."""
    path = tmp_path / "title.csv"
    path.write_text("Rapport: Enkät 2021\n\nFråga;Antal;Kommentar\nJa;1;x\nNej;2;y\nJa;3;z\n")
    out = tmp_path / "out"
    code, output = _ingest(str(path), "-o", str(out))
    assert code == 0, output
    data = pd.read_parquet(out / "data.parquet")
    assert list(data.columns) == ["fraga", "antal", "kommentar"]
    assert data["fraga"].tolist() == [1, 0, 1]
    md = (out / "ingest-report.md").read_text()
    assert "row(s) above the header skipped" in md


def test_merged_surveymonkey_question_over_all_columns_is_not_a_title(tmp_path: Path) -> None:
    """The title rule must not eat a SurveyMonkey header whose first question spans the sheet."""
    path = tmp_path / "sm.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Vilka kanaler används?", "", ""])
        w.writerow(["E-post", "Telefon", "Webb"])
        w.writerows([["E-post", "", "Webb"], ["", "Telefon", ""], ["E-post", "Telefon", ""]])
    out = tmp_path / "out"
    code, output = _ingest(str(path), "-o", str(out))
    assert code == 0, output
    report = json.loads((out / "ingest-report.json").read_text())
    assert report["inputs"][0]["layout"] == "surveymonkey"
    data = pd.read_parquet(out / "data.parquet")
    assert data.sum().tolist() == [2, 2, 1]


# ----------------------------------------------------------------------------- scales
def test_a_set_using_every_level_of_a_scale_is_not_ambiguous() -> None:
    """All five agree_5 labels were flagged 'not every answer label was used' (agree_7)."""
    agree = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree"]
    agree = [*agree, "Strongly agree"]
    m = recognise_scale(agree)
    assert m is not None and not m.ambiguous
    assert m.codes == {lab.lower(): i for i, lab in enumerate(agree, start=1)}
    nojd = ["Mycket missnöjd", "Missnöjd", "Nöjd", "Mycket nöjd"]
    m = recognise_scale(nojd)
    assert m is not None and not m.ambiguous and m.k == 4
    # an incomplete set stays ambiguous
    m = recognise_scale(["Strongly agree", "Agree", "Disagree"])
    assert m is not None and m.ambiguous


def test_i_viss_man_is_the_middle_of_the_degree_scale() -> None:
    labels = ["Inte alls", "I låg grad", "I viss mån", "I hög grad", "I mycket hög grad"]
    m = recognise_scale(labels)
    assert m is not None and m.name == "grad_5" and not m.ambiguous
    assert [m.codes[x.lower()] for x in labels] == [1, 2, 3, 4, 5]


# ----------------------------------------------------------------------------- multi
def _google_forms_csv(path: Path, options: list[str], n: int = 60, seed: int = 5) -> dict:
    rng = random.Random(seed)
    truth = {o: 0 for o in options}
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Tidstämpel", "Vilka tjänster använder ni?"])
        for i in range(n):
            chosen = [o for o in options if rng.random() < 0.45] or [options[i % len(options)]]
            for o in chosen:
                truth[o] += 1
            w.writerow([f"2021/03/{i % 28 + 1:02d} 10:{i:02d}:00 fm CET", ", ".join(chosen)])
    return truth


def test_google_forms_option_starting_with_a_small_letter_is_split(tmp_path: Path) -> None:
    """'Mina meddelanden, e-arkiv' was read as ONE option (a small letter after ', ' was taken
    for the continuation of the option text), although both options occur alone."""
    options = ["Mina meddelanden", "e-arkiv", "Ineko", "e-tjänstplattform"]
    path = tmp_path / "gf.csv"
    truth = _google_forms_csv(path, options)
    out = tmp_path / "out"
    code, output = _ingest(str(path), "-o", str(out))
    assert code == 0, output
    cb = yaml.safe_load((out / "codebook.yaml").read_text())["variables"]
    multi = {v["option"]: v["name"] for v in cb if v["type"] == "multi"}
    assert set(multi) == set(options)
    data = pd.read_parquet(out / "data.parquet")
    assert {o: int(data[multi[o]].sum()) for o in options} == truth


def test_google_forms_option_holding_a_comma_stays_one_option(tmp_path: Path) -> None:
    """An option whose text holds ', ' ('e-legitimation, BankID') became two or three junk
    options ('SDK, e-legitimation', 'BankID' …)."""
    options = ["Mina meddelanden", "Ineko", "e-legitimation, BankID", "SDK"]
    path = tmp_path / "gf.csv"
    truth = _google_forms_csv(path, options, seed=3)
    out = tmp_path / "out"
    code, output = _ingest(str(path), "-o", str(out))
    assert code == 0, output
    cb = yaml.safe_load((out / "codebook.yaml").read_text())["variables"]
    multi = {v["option"]: v["name"] for v in cb if v["type"] == "multi"}
    assert set(multi) == set(options)
    data = pd.read_parquet(out / "data.parquet")
    assert {o: int(data[multi[o]].sum()) for o in options} == truth


# ----------------------------------------------------------------------------- personal data
def test_phone_and_personal_identity_numbers_are_found_by_their_values(tmp_path: Path) -> None:
    """Columns whose headers do not say so ('Kontakt', 'Uppgift') but hold phone numbers or
    personnummer were kept and written to data.parquet."""
    rng = random.Random(2)
    phones = [
        f"070-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        for _ in range(12)
    ]
    pnrs = [
        f"19{rng.randint(50, 99)}0{rng.randint(1, 9)}{rng.randint(10, 28)}-{rng.randint(1000, 9999)}"
        for _ in range(12)
    ]
    orgnr = [f"2120{rng.randint(10, 99)}-{rng.randint(1000, 9999)}" for _ in range(12)]
    path = tmp_path / "kontakt.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Kontakt", "Uppgift", "Organisationsnummer", "Nöjd?"])
        for i in range(12):
            w.writerow([phones[i], pnrs[i], orgnr[i], "Ja" if i % 2 else "Nej"])
    out = tmp_path / "out"
    code, output = _ingest(str(path), "-o", str(out))
    assert code == 0, output
    report = json.loads((out / "ingest-report.json").read_text())
    reasons = {p["header"]: p["reason"] for p in report["pii_dropped"]}
    assert reasons == {
        "Kontakt": "contact details (header)",  # a bare "Kontakt" header is enough
        "Uppgift": "personal identity number (values)",
    }
    text = _all_output_text(out)
    for value in phones + pnrs:
        assert value not in text
    # organisation numbers (month digits ≥ 20) are not personal data
    assert "organisationsnummer" in pd.read_parquet(out / "data.parquet").columns


# ----------------------------------------------------------------------------- codebook
def test_categorical_values_missing_from_codebook_levels_are_added_and_warned(
    tmp_path: Path,
) -> None:
    """Values not listed in an edited codebook's 'levels' were kept silently: the report did
    not mention them and the written codebook did not describe the data."""
    src = tmp_path / "sm.xlsx"
    truth = _surveymonkey_xlsx(src)
    out = tmp_path / "out"
    assert _ingest(str(src), "-o", str(out))[0] == 0
    cb_path = out / "codebook.yaml"
    cb = yaml.safe_load(cb_path.read_text())
    sector = next(v for v in cb["variables"] if v["name"] == "sector")
    sector["levels"] = {"stat": ["Statlig myndighet"], "kommun": ["Kommun"]}
    edited = yaml.safe_dump(cb, allow_unicode=True, sort_keys=False)
    cb_path.write_text(edited)
    code, output = _ingest(str(src), "-o", str(out), "--codebook", str(cb_path))
    assert code == 0, output
    n_region = truth["sector"].count("regional")
    report = json.loads((out / "ingest-report.json").read_text())
    warned = [w["text"] for w in report["warnings"] if w["text"].startswith("variable 'sector'")]
    assert all(
        w["key"] == "ingest_unlisted_levels" for w in report["warnings"] if "levels" in w["text"]
    )
    assert len(warned) == 1 and f"'Region' ({n_region})" in warned[0]
    # the user's codebook is never rewritten; the completed one goes beside it (issue 17)
    assert cb_path.read_text() == edited
    written = yaml.safe_load((out / "codebook.completed.yaml").read_text())
    levels = next(v for v in written["variables"] if v["name"] == "sector")["levels"]
    assert levels == {"stat": ["Statlig myndighet"], "kommun": ["Kommun"], "Region": ["Region"]}
    data = pd.read_parquet(out / "data.parquet")
    assert int((data["sector"] == "Region").sum()) == n_region


def test_unknown_codebook_key_is_one_line_error_naming_it(tmp_path: Path) -> None:
    src = tmp_path / "sm.xlsx"
    _surveymonkey_xlsx(src, n=10)
    out = tmp_path / "out"
    assert _ingest(str(src), "-o", str(out))[0] == 0
    cb_path = out / "codebook.yaml"
    text = re.sub(r"(?m)^  reverse: false$", "  revrese: false", cb_path.read_text(), count=1)
    cb_path.write_text(text)
    code, output = _ingest(str(src), "-o", str(out), "--codebook", str(cb_path))
    assert code == 1
    line = _one_line_error(output)
    assert "unknown key 'revrese'" in line and "did you mean: reverse" in line
