"""End-to-end ingest: xlsx/csv exports written here → dataset directory, report, round trip."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import load
from digianalys.errors import CodebookError, InputFileError, OutputError
from digianalys.ingest.pipeline import ingest

# Codes of the five-point Swedish agreement scale, as fixed by the contract (higher = more).
AGREE = {
    "Instämmer inte alls": 1,
    "Instämmer knappast": 2,
    "Varken eller": 3,
    "Instämmer delvis": 4,
    "Instämmer helt": 5,
}
STRATEGY = "Ledarskap: Ledningen har en tydlig strategi för digitalisering"
FOLLOWUP = "Ledarskap: Ledningen följer upp digitaliseringen"
HEADER = [
    "Organisationstyp",
    STRATEGY,
    FOLLOWUP,
    "Har organisationen beslutat om en modell för nyttorealisering?",
    "Antal anställda",
    "E-postadress",
    "IP-adress",
    "Namn",
]
ROWS = [
    ["Statlig myndighet", "Instämmer helt", "Instämmer delvis", "Ja", "1200", "anna.andersson@myndigheten.se", "192.168.13.37", "Anna Andersson"],
    ["Kommun", "Instämmer delvis", "Varken eller", "Nej", "350", "bo.bergstrom@kommunen.se", "10.20.30.41", "Bo Bergström"],
    ["Region", "Varken eller", "Vet ej", "Vet ej", "8000", "cecilia.ek@regionen.se", "172.16.5.99", "Cecilia Ek"],
    ["Kommun", "Instämmer knappast", "Instämmer inte alls", "Nej", "90", "dag.dahl@kommunen.se", "10.20.30.42", "Dag Dahl"],
    ["statlig myndighet ", "Vet ej", "Instämmer helt", "Ja", "45", "eva.ekstrom@verket.se", "192.168.13.38", "Eva Ekström"],
    ["Kommun", "Instämmer inte alls", None, "Nej", "510", "fredrik.fors@kommunen.se", "10.20.30.43", "Fredrik Fors"],
    ["Kommun", "Instämmer inte alls", None, "Nej", "510", "fredrik.fors@kommunen.se", "10.20.30.43", "Fredrik Fors"],
]  # fmt: skip
PII_VALUES = [v for r in ROWS for v in r[5:8]]


def write_xlsx(path: Path, rows: list[list[str | None]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Svar"
    for r in rows:
        ws.append([_num(v) for v in r])
    wb.save(path)
    return path


def _num(v: str | None) -> object:
    if v is not None and v.isdigit():
        return int(v)
    return v


def write_csv(path: Path, rows: list[list[str | None]], sep: str = ";") -> Path:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=sep)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "enkät 2018.xlsx", [HEADER, *ROWS])


def by_source(cb: Codebook) -> dict[str, object]:
    return {v.source: v for v in cb.variables}


# ----------------------------------------------------------------------------- end to end
def test_ingest_xlsx_end_to_end(xlsx: Path, tmp_path: Path) -> None:
    before = (sha(xlsx), xlsx.stat().st_mtime_ns)
    out = tmp_path / "analys"
    res = ingest([xlsx], out)
    assert (sha(xlsx), xlsx.stat().st_mtime_ns) == before  # input untouched
    assert sorted(p.name for p in out.iterdir()) == [
        "codebook.yaml",
        "data.parquet",
        "dont_know.parquet",  # which cells were don't-know answers (for export -o .sav)
        "ingest-report.json",
        "ingest-report.md",
    ]
    ds = load(out)
    data, cb = ds.data, ds.codebook
    assert len(data) == 6  # the exact duplicate dropped
    assert res.report["duplicates_dropped"] == 1
    src = by_source(cb)
    strategy = src[STRATEGY]
    assert strategy.type == "ordinal"
    assert strategy.label == "Ledningen har en tydlig strategi för digitalisering"
    expected = [AGREE.get(r[1]) for r in ROWS[:6]]
    got = data[strategy.name].astype("object").where(data[strategy.name].notna(), None).tolist()
    assert got == expected
    assert str(data[strategy.name].dtype) == "Int64"
    assert strategy.missing == {"Vet ej": 1}
    follow = src[FOLLOWUP]
    assert follow.type == "ordinal" and follow.values == {v: k for k, v in AGREE.items()}
    # binary Ja/Nej with Vet ej → missing
    nytta = src[HEADER[3]]
    assert nytta.type == "binary"
    assert data[nytta.name].tolist()[:2] == [1, 0]
    assert pd.isna(data[nytta.name].iloc[2])
    # sector recognised and named
    assert "sector" in data.columns
    assert data["sector"].tolist() == [
        "statlig",
        "kommunal",
        "regional",
        "kommunal",
        "statlig",
        "kommunal",
    ]
    # numeric
    emp = src["Antal anställda"]
    assert emp.type == "numeric"
    assert data[emp.name].tolist() == [1200.0, 350.0, 8000.0, 90.0, 45.0, 510.0]
    # personal data dropped and listed without values
    assert {p["header"] for p in res.report["pii_dropped"]} == {"E-postadress", "IP-adress", "Namn"}
    assert not any(s in (v.source for v in cb.variables) for s in HEADER[5:8])
    # report: inputs and missing by reason
    (inp,) = res.report["inputs"]
    assert inp["sha256"] == before[0]
    assert (inp["format"], inp["sheet"], inp["layout"], inp["header_rows"]) == (
        "xlsx",
        "Svar",
        "plain",
        1,
    )
    assert (inp["rows_in"], inp["rows_out"]) == (7, 6)
    assert res.report["missing"][follow.name] == {"blank": 1, "Vet ej": 1}
    on_disk = json.loads((out / "ingest-report.json").read_text(encoding="utf-8"))
    assert on_disk == res.report
    md = (out / "ingest-report.md").read_text(encoding="utf-8")
    for section in ("## Inputs", "## Duplicates", "## Personal data dropped", "## Recoded",
                    "## Missing values", "## Unrecognised values", "## Warnings"):  # fmt: skip
        assert section in md
    assert "enkät 2018.xlsx" in res.summary()


def test_pii_values_never_written(xlsx: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([xlsx], out)
    blobs = {p.name: p.read_bytes() for p in out.iterdir()}
    for value in PII_VALUES:
        needle = value.encode("utf-8")
        for name, blob in blobs.items():
            assert needle not in blob, f"{value!r} found in {name}"
    # and not hidden in a compressed parquet page either
    data = pd.read_parquet(out / "data.parquet")
    cells = set(data.astype("string").stack().astype(str))
    assert not cells & set(PII_VALUES)


def test_keep_pii_keeps_columns(xlsx: Path, tmp_path: Path) -> None:
    res = ingest([xlsx], tmp_path / "out", keep_pii=True)
    assert res.report["pii_dropped"] == []
    sources = {v.source for v in res.dataset.codebook.variables}
    assert {"E-postadress", "IP-adress", "Namn"} <= sources
    assert any("--keep-pii" in w for w in res.report["warnings"])


def test_csv_semicolon_bom(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [HEADER, *ROWS])
    res = ingest([path], tmp_path / "out")
    assert res.report["inputs"][0]["format"] == "csv"
    assert len(res.dataset.data) == 6
    strategy = by_source(res.dataset.codebook)[STRATEGY]
    assert res.dataset.data[strategy.name].iloc[0] == 5


# ----------------------------------------------------------------------------- round trip
def test_round_trip_with_inferred_codebook(xlsx: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    ingest([xlsx], a)
    ingest([xlsx], b, codebook=a / "codebook.yaml")
    pd.testing.assert_frame_equal(
        pd.read_parquet(a / "data.parquet"), pd.read_parquet(b / "data.parquet")
    )
    assert (
        Codebook.load(a / "codebook.yaml").to_dict() == Codebook.load(b / "codebook.yaml").to_dict()
    )
    assert (a / "codebook.yaml").read_text(encoding="utf-8") == (b / "codebook.yaml").read_text(
        encoding="utf-8"
    )


def test_round_trip_in_place_with_force(xlsx: Path, tmp_path: Path) -> None:
    out = tmp_path / "analys"
    first = ingest([xlsx], out)
    before = pd.read_parquet(out / "data.parquet")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    ingest([xlsx], out, codebook=out / "codebook.yaml", force=True)
    pd.testing.assert_frame_equal(before, pd.read_parquet(out / "data.parquet"))
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"  # --force leaves other files
    assert first.report["rows"] == 6


def test_edited_codebook_rename_reverse_scale(xlsx: Path, tmp_path: Path) -> None:
    import yaml

    a = tmp_path / "a"
    ingest([xlsx], a)
    doc = yaml.safe_load((a / "codebook.yaml").read_text(encoding="utf-8"))
    for v in doc["variables"]:
        if v["source"] == STRATEGY:
            v["name"] = "lead_strategy"
        if v["source"] == FOLLOWUP:
            v["name"] = "lead_followup"
            v["reverse"] = True
    doc["scales"] = {"leadership": {"items": ["lead_strategy", "lead_followup"], "min_items": 2}}
    cb_path = tmp_path / "edited.yaml"
    cb_path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    res = ingest([xlsx], tmp_path / "b", codebook=cb_path)
    d = res.dataset.data
    s = d["lead_strategy"].astype("float64")
    f = 6 - d["lead_followup"].astype("float64")  # reversed on a 1..5 scale
    both = s.notna() & f.notna()
    expected = ((s + f) / 2).where(both)
    pd.testing.assert_series_equal(d["leadership"], expected, check_names=False)
    assert d["leadership"].dtype == "float64"
    assert "leadership" in load(tmp_path / "b").codebook.scales


# ----------------------------------------------------------------------------- waves
SM_HEADER = [
    ["Organisationstyp", "Ledarskap", None, "Har organisationen beslutat om en modell för nyttorealisering?", "Ny fråga 2021"],
    ["Response", "Ledningen har en tydlig strategi för digitalisering", "Ledningen följer upp digitaliseringen", "Response", "Response"],
]  # fmt: skip
SM_ROWS = [
    ["Kommun", "Instämmer helt", "Instämmer helt", "Ja", "Ja"],
    ["Region", "Varken eller", "Instämmer delvis", "Nej", "Nej"],
    ["Statlig myndighet", "Instämmer delvis", None, "Ja", None],
]


def test_waves_plain_and_surveymonkey(tmp_path: Path) -> None:
    w1 = write_xlsx(tmp_path / "w2018.xlsx", [HEADER[:4], *[r[:4] for r in ROWS]])
    w2 = write_csv(tmp_path / "w2021.csv", [*SM_HEADER, *SM_ROWS], sep=",")
    res = ingest([w1, w2], tmp_path / "out", waves=["2018", "2021"])
    d = res.dataset.data
    assert [i["layout"] for i in res.report["inputs"]] == ["plain", "surveymonkey"]
    assert [i["wave"] for i in res.report["inputs"]] == ["2018", "2021"]
    assert len(d) == 6 + 3
    assert d["wave"].dtype == "category"
    assert list(d["wave"].cat.categories) == ["2018", "2021"]
    assert d["wave"].astype(str).tolist() == ["2018"] * 6 + ["2021"] * 3
    strategy = by_source(res.dataset.codebook)[STRATEGY]
    assert d[strategy.name].tolist()[6:] == [5, 3, 4]
    assert any("'Ny fråga 2021' is only in wave(s) 2021" in w for w in res.report["warnings"])
    # the wave column survives a round trip through the codebook
    cb_path = tmp_path / "out" / "codebook.yaml"
    ingest([w1, w2], tmp_path / "again", waves=["2018", "2021"], codebook=cb_path)
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "out" / "data.parquet"),
        pd.read_parquet(tmp_path / "again" / "data.parquet"),
    )


def test_waves_count_must_match_inputs(xlsx: Path, tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="1 input file.* but 2 --wave value"):
        ingest([xlsx], tmp_path / "o", waves=["2018", "2021"])
    with pytest.raises(InputFileError, match="give one --wave VALUE per input"):
        ingest([xlsx, xlsx], tmp_path / "o")


# ----------------------------------------------------------------------------- refusals
def test_refuses_non_empty_out_dir(xlsx: Path, tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "other.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="busy: directory is not empty; use --force"):
        ingest([xlsx], out)
    assert sorted(p.name for p in out.iterdir()) == ["other.txt"]
    ingest([xlsx], out, force=True)
    assert (out / "data.parquet").is_file() and (out / "other.txt").is_file()


def test_contract_edit_loop_reingests_into_own_dir_without_force(
    xlsx: Path, tmp_path: Path
) -> None:
    # CONTRACT.md workflow: ingest -o analys/; edit analys/codebook.yaml;
    # ingest -o analys/ --codebook analys/codebook.yaml (no --force).
    out = tmp_path / "analys"
    ingest([xlsx], out)
    cb_path = out / "codebook.yaml"
    edited = cb_path.read_text(encoding="utf-8").replace("name: sector", "name: sektor")
    cb_path.write_text(edited, encoding="utf-8")
    res = ingest([xlsx], out, codebook=cb_path)
    assert "sektor" in res.dataset.data.columns
    # a codebook from elsewhere still needs --force for a non-empty directory
    other = tmp_path / "elsewhere.yaml"
    other.write_text(edited, encoding="utf-8")
    with pytest.raises(OutputError, match="directory is not empty"):
        ingest([xlsx], out, codebook=other)


def test_out_dir_must_not_be_a_file(xlsx: Path) -> None:
    with pytest.raises(OutputError, match="is not a directory"):
        ingest([xlsx], xlsx)


def test_codebook_unknown_key(xlsx: Path, tmp_path: Path) -> None:
    cb = tmp_path / "cb.yaml"
    cb.write_text("variables:\n  - name: x\n    type: ordinal\n    lable: X\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="unknown key 'lable'"):
        ingest([xlsx], tmp_path / "o", codebook=cb)
    assert not (tmp_path / "o").exists()


def test_codebook_variable_without_column(xlsx: Path, tmp_path: Path) -> None:
    cb = tmp_path / "cb.yaml"
    cb.write_text(
        "variables:\n  - name: ghost\n    source: Finns inte i filen\n    type: numeric\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError, match="'ghost'.*not in"):
        ingest([xlsx], tmp_path / "o", codebook=cb)


def test_codebook_wave_without_waves(xlsx: Path, tmp_path: Path) -> None:
    cb = tmp_path / "cb.yaml"
    cb.write_text("variables:\n  - name: wave\n    type: categorical\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="'wave' comes from --wave"):
        ingest([xlsx], tmp_path / "o", codebook=cb)


def test_partial_codebook_leaves_columns_out_with_warning(xlsx: Path, tmp_path: Path) -> None:
    cb = tmp_path / "cb.yaml"
    cb.write_text(
        "variables:\n  - name: employees\n    source: Antal anställda\n    type: numeric\n",
        encoding="utf-8",
    )
    res = ingest([xlsx], tmp_path / "o", codebook=cb)
    assert list(res.dataset.data.columns) == ["employees"]
    assert any("not in the codebook were left out" in w for w in res.report["warnings"])


# ----------------------------------------------------------------------------- forms exports
def test_ms_forms_export(tmp_path: Path) -> None:
    rows = [
        ["ID", "Starttid", "Slutförandetid", "E-post", "Namn", "Vilken typ av organisation?", "Vilka kanaler används?"],
        ["1", "2021-03-01 10:00:00", "2021-03-01 10:05:00", "ann@kommun.se", "Ann Ås", "Kommun", "Webb;Telefon;"],
        ["2", "2021-03-01 11:00:00", "2021-03-01 11:04:00", "bo@region.se", "Bo Ek", "Region", "Webb;"],
        ["3", "2021-03-02 09:00:00", "2021-03-02 09:03:00", "cy@verket.se", "Cy Ux", "Statlig myndighet", "Telefon;E-post;"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "forms.xlsx", rows)
    res = ingest([path], tmp_path / "o")
    assert res.report["inputs"][0]["layout"] == "ms-forms"
    assert {p["header"] for p in res.report["pii_dropped"]} == {"E-post", "Namn"}
    d, cb = res.dataset.data, res.dataset.codebook
    channels = [v for v in cb.variables if v.type == "multi"]
    assert [v.label for v in channels] == ["Webb", "Telefon", "E-post"]
    assert [d[v.name].tolist() for v in channels] == [[1, 1, 0], [1, 0, 1], [0, 0, 1]]
    assert d["sector"].tolist() == ["kommunal", "regional", "statlig"]
    blob = b"".join(p.read_bytes() for p in (tmp_path / "o").iterdir())
    for value in ("ann@kommun.se", "Ann Ås", "Cy Ux"):
        assert value.encode() not in blob


def test_google_forms_export(tmp_path: Path) -> None:
    rows = [
        ["Tidstämpel", "E-postadress", "Hur nöjd är du? [Webbplatsen]", "Hur nöjd är du? [E-tjänsterna]"],
        ["2021-03-01 10:00:00", "a@b.se", "Mycket bra", "Mycket dåligt"],
        ["2021-03-01 10:01:00", "c@d.se", "Ganska bra", "Varken bra eller dåligt"],
        ["2021-03-01 10:02:00", "e@f.se", "Ganska dåligt", "Mycket bra"],
    ]  # fmt: skip
    path = write_csv(tmp_path / "google.csv", rows, sep=",")
    res = ingest([path], tmp_path / "o")
    assert res.report["inputs"][0]["layout"] == "google-forms"
    assert [p["header"] for p in res.report["pii_dropped"]] == ["E-postadress"]
    web = by_source(res.dataset.codebook)["Hur nöjd är du? [Webbplatsen]"]
    assert web.label == "Webbplatsen" and web.question == "Hur nöjd är du?"


def test_header_only_export_is_an_error(tmp_path: Path) -> None:
    from digianalys.errors import LayoutError

    path = write_csv(tmp_path / "tom.csv", [["A", "B"]])
    with pytest.raises(LayoutError, match=r"tom.csv: no responses below the 1 header row\(s\)"):
        ingest([path], tmp_path / "o")


# ------------------------------------------------- personal data in cells, strays, report text
LIK = ["Instämmer inte alls", "Instämmer delvis", "Instämmer till stor del", "Instämmer helt"]


def _likert_rows(n: int = 40) -> list[list[str | None]]:
    rows: list[list[str | None]] = [["Sektor", "Strategin är tydlig", "Övrigt"]]
    for i in range(n):
        rows.append([["Kommun", "Region"][i % 2], LIK[i % 4], f"Svar nummer {i}, bra enkät"])
    return rows


def test_personal_data_cell_in_likert_column_is_masked_not_a_level(tmp_path: Path) -> None:
    rows = _likert_rows()
    rows[5][1] = "Ring mig: 0701234567 / greta.g@kommun.se"
    rows[9][2] = "Skriv till sven.s@region.se eller ring 08-123 456 78"
    res = ingest([write_csv(tmp_path / "in.csv", rows)], tmp_path / "out")
    v = by_source(res.dataset.codebook)["Strategin är tydlig"]
    assert v.type == "ordinal"
    assert res.dataset.data[v.name].isna().sum() == 1
    masked = {p["header"]: p["cells"] for p in res.report["pii_masked"]}
    assert masked == {"Strategin är tydlig": 1, "Övrigt": 1}
    text = by_source(res.dataset.codebook)["Övrigt"]
    assert res.dataset.data[text.name].iloc[8] == "Skriv till [e-post] eller ring [telefon]"
    blob = b"".join(p.read_bytes() for p in (tmp_path / "out").iterdir())
    for planted in ("0701234567", "greta.g@kommun.se", "sven.s@region.se", "08-123 456 78"):
        assert planted.encode() not in blob
    assert b"Ring mig" not in blob


def test_stray_values_keep_the_scale(tmp_path: Path) -> None:
    rows = _likert_rows()
    rows[3][1] = "?"
    rows[20][1] = "(se bilaga)"
    res = ingest([write_csv(tmp_path / "in.csv", rows)], tmp_path / "out")
    v = by_source(res.dataset.codebook)["Strategin är tydlig"]
    assert v.type == "ordinal" and v.scale
    assert res.dataset.data[v.name].isna().sum() == 2
    warn = [w for w in res.report["warnings"] if "fit no label" in w]
    assert len(warn) == 1
    assert "2 answer(s)" in warn[0] and "row(s) 3, 20" in warn[0]
    assert "bilaga" not in warn[0] and "?" not in warn[0]
    md = (tmp_path / "out" / "ingest-report.md").read_text(encoding="utf-8")
    assert "bilaga" not in md
    unrec = {u["variable"]: u for u in res.report["unrecognised"]}
    assert unrec[v.name]["count"] == 2


def test_stray_nul_byte_keeps_the_scale() -> None:
    # a NUL byte cannot reach a CSV (refused as binary) but can come from a spreadsheet cell
    from test_layouts import raw_of

    from digianalys.ingest.infer import infer_variables
    from digianalys.ingest.layouts import detect_layout

    rows = _likert_rows()
    rows[3][1] = "\x00"
    variables, warnings = infer_variables(detect_layout(raw_of(rows), "auto"), set())
    v = {inf.variable.source: inf.variable for inf in variables}["Strategin är tydlig"]
    assert v.type == "ordinal"
    assert any("1 answer(s) fit no label" in w and "row(s) 3)" in w for w in warnings)


def test_many_odd_values_stay_categorical(tmp_path: Path) -> None:
    rows = _likert_rows()
    for i in range(1, 8):
        rows[i][1] = f"annat {i % 2}"
    res = ingest([write_csv(tmp_path / "in.csv", rows)], tmp_path / "out")
    assert by_source(res.dataset.codebook)["Strategin är tydlig"].type == "categorical"


def test_reports_hold_file_names_not_paths(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "in.csv", _likert_rows())
    out = tmp_path / "out"
    res = ingest([src], out)
    assert res.report["inputs"][0]["path"] == "in.csv"
    for name in ("ingest-report.json", "ingest-report.md", "codebook.yaml"):
        text = (out / name).read_text(encoding="utf-8")
        assert str(tmp_path) not in text and str(Path.home()) not in text


def test_markdown_report_escapes_file_text(tmp_path: Path) -> None:
    rows = _likert_rows()
    rows[0][2] = "<script>alert(1)</script>[x](javascript:alert(1))\x1b]0;pwn\x07"
    rows[0].append("<svg onload=alert(1)>![](http://evil.example/i.png)\x1b[31m")
    for r in rows[1:]:
        r.append("x")
    res = ingest([write_csv(tmp_path / "in.csv", rows)], tmp_path / "out")
    md = (tmp_path / "out" / "ingest-report.md").read_text(encoding="utf-8")
    for bad in ("<script", "<svg", "](javascript", "![](", "\x1b", "\x07"):
        assert bad not in md
    assert "\x1b" not in res.summary()


def test_numeric_personnummer_column_without_header_hint_is_dropped(tmp_path: Path) -> None:
    from test_pii_corpus import PNRS

    rows: list[list[str | None]] = [["Uppgift", "Antal anställda", "Org.nr"]]
    rows += [[PNRS[i], str(10 + 3 * i), f"21200{i % 10}-{1000 + i}"] for i in range(30)]
    res = ingest([write_xlsx(tmp_path / "in.xlsx", rows)], tmp_path / "out")  # number cells
    reasons = {p["header"]: p["reason"] for p in res.report["pii_dropped"]}
    assert reasons == {"Uppgift": "personal identity number (values)"}
    assert by_source(res.dataset.codebook)["Antal anställda"].type == "numeric"
    blob = b"".join(p.read_bytes() for p in (tmp_path / "out").iterdir())
    assert not [p for p in PNRS[:30] if p.encode() in blob or p[:9].encode() in blob]
