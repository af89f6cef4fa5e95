"""Real exports nobody on this project wrote (tests/data/realdata, see ATTRIBUTION.md).

Expected values: the OHBM counts are those published in ../shared/realdata/SOURCES.md (and in the
issue); the others were counted from the raw CSV cells with the csv module (values shown inline),
i.e. independently of digianalys.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from digianalys.dataset import load
from digianalys.ingest.pipeline import ingest

REAL = Path(__file__).resolve().parents[1] / "data" / "realdata"
OHBM = REAL / "ohbm2022_surveymonkey_public_survey_data.csv"
NO_BASIS = REAL / "qualtricstools_no_basis_for_evaluation_insights.csv"
MULTI_MC = REAL / "qualtricstools_multiple_answer_mc_insights.csv"
SAMPLE_SURVEY = REAL / "qualtricstools_sample_survey_insights.csv"
HEADERS_XLSX = REAL / "qualtricstools_insights_vs_preinsights_headers_single_mc.xlsx"

PLATFORMS_Q = (
    "Which of the following platforms do you use to access OHBM content? When applicable, a "
    "direct link to the platform is provided next to each option. Please check all options that "
    "apply."
)
QUALTRICS_PII = {
    "IPAddress",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "ExternalDataReference",
    "LocationLatitude",
    "LocationLongitude",
    "LocationAccuracy",
}


def by_source(ds) -> dict:
    return {v.source: v for v in ds.codebook.variables}


@pytest.fixture(scope="module")
def ohbm(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("ohbm")
    res = ingest([OHBM], out)
    return res


# ----------------------------------------------------------------------------- OHBM SurveyMonkey
def test_ohbm_layout_and_rows(ohbm) -> None:
    (inp,) = ohbm.report["inputs"]
    assert (inp["layout"], inp["header_rows"], inp["rows_in"]) == ("surveymonkey", 2, 311)
    assert len(ohbm.dataset.data) == 311
    assert ohbm.report["pii_dropped"] == []


def test_ohbm_membership(ohbm) -> None:
    var = by_source(ohbm.dataset)["Are you a member of OHBM?"]
    assert var.type == "binary"
    assert var.values == {1: "Yes", 0: "No"}
    col = ohbm.dataset.data[var.name]
    assert int((col == 1).sum()) == 254
    assert int((col == 0).sum()) == 56
    assert int(col.isna().sum()) == 1


def test_ohbm_platforms_select_all(ohbm) -> None:
    cb = ohbm.dataset.codebook
    plats = [v for v in cb.variables if v.question == PLATFORMS_Q]
    assert len(plats) == 10
    assert all(v.type == "multi" for v in plats)
    assert plats[0].label == "OHBM website (https://www.humanbrainmapping.org)"
    assert plats[-1].label == "OHBM Job Board"
    data = ohbm.dataset.data
    counts = [int(data[v.name].sum()) for v in plats]
    assert counts == [272, 213, 44, 134, 34, 7, 11, 4, 43, 35]
    for v in plats:
        assert str(data[v.name].dtype) == "Int64"
        assert set(data[v.name].dropna().unique()) <= {0, 1}


def test_ohbm_dont_know_is_missing_in_inferred(ohbm) -> None:
    var = by_source(ohbm.dataset)["How would you describe the content in OHBM emails?"]
    # counted from the CSV: 20 × "I don’t know / NA", 4 blank, 287 answers
    assert var.missing == {"I don’t know / NA": 20}
    assert ohbm.report["missing"][var.name] == {"blank": 4, "I don’t know / NA": 20}
    col = ohbm.dataset.data[var.name]
    assert int(col.notna().sum()) == 287
    assert "I don’t know / NA" not in set(col.dropna())


def test_ohbm_likert_with_owners_levels(ohbm, tmp_path: Path) -> None:
    """Declare the content questions ordinal with the owners' levels (levels.json)."""
    levels = json.loads((REAL / "ohbm2022_levels.json").read_text(encoding="utf-8"))
    doc = yaml.safe_load((ohbm.out_dir / "codebook.yaml").read_text(encoding="utf-8"))
    targets = {
        "How would you describe the content in OHBM emails?": ("email_content", "email_content"),
        "How would you describe the content on the OHBM job board?": (
            "job_board_content",
            "job_board_content",
        ),
    }
    for v in doc["variables"]:
        if v.get("source") in targets:
            name, key = targets[v["source"]]
            labels = [lab for lab in levels[key] if lab != "I don’t know / NA"]
            v.update(
                name=name,
                type="ordinal",
                values={i + 1: lab for i, lab in enumerate(labels)},
                missing={"I don’t know / NA": 0},
            )
            v.pop("levels", None)
    cb_path = tmp_path / "codebook.yaml"
    cb_path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    res = ingest([OHBM], tmp_path / "out", codebook=cb_path)
    d = res.dataset.data
    # counted from the CSV column "How would you describe the content in OHBM emails?"
    assert d["email_content"].value_counts().sort_index().to_dict() == {1: 7, 2: 139, 3: 76, 4: 65}
    assert int(d["email_content"].isna().sum()) == 24  # 20 don't know + 4 blank
    cb = load(tmp_path / "out").codebook
    assert cb.get("email_content").missing == {"I don’t know / NA": 20}
    assert cb.get("email_content").type == "ordinal"
    assert str(d["job_board_content"].dtype) == "Int64"
    assert res.report["unrecognised"] == []


# ----------------------------------------------------------------------------- Qualtrics
@pytest.fixture(scope="module")
def no_basis(tmp_path_factory: pytest.TempPathFactory):
    return ingest([NO_BASIS], tmp_path_factory.mktemp("nb"))


def _by_qid(ds, qid: str):
    for v in ds.codebook.variables:
        if v.source.split(": ")[0] == qid:
            return v
    raise KeyError(qid)


def test_qualtrics_negative_codes_missing(no_basis) -> None:
    ds = no_basis.dataset
    assert (
        no_basis.report["inputs"][0]["layout"],
        no_basis.report["inputs"][0]["header_rows"],
    ) == (
        "qualtrics",
        3,
    )
    assert len(ds.data) == 15
    q1 = _by_qid(ds, "Q1")
    assert q1.label == "Indicate how you feel about squash"
    # raw Q1: 3 3 1 1 3 -1 3 1 -1 3 2 2 2 3 3
    raw = [3, 3, 1, 1, 3, None, 3, 1, None, 3, 2, 2, 2, 3, 3]
    got = [None if pd.isna(x) else int(x) for x in ds.data[q1.name]]
    assert got == raw
    assert q1.missing == {"-1": 2}
    # raw Q4_1: 3 2 -1 3 -1 -2 -2 -1 1 -1 3 3 1 3 2
    q41 = _by_qid(ds, "Q4_1")
    assert q41.missing == {"-1": 4, "-2": 2}
    assert int(ds.data[q41.name].isna().sum()) == 6
    assert q41.label == "Squash"


def test_qualtrics_pii_columns_dropped(no_basis) -> None:
    dropped = {p["header"] for p in no_basis.report["pii_dropped"]}
    assert dropped == QUALTRICS_PII
    kept = {v.source for v in no_basis.dataset.codebook.variables}
    assert not kept & QUALTRICS_PII
    blob = b"".join(p.read_bytes() for p in no_basis.out_dir.iterdir())
    assert b"42.401901245117" not in blob and b"-71.119300842285" not in blob


def test_qualtrics_select_all_as_multi(no_basis) -> None:
    ds = no_basis.dataset
    q2 = [_by_qid(ds, t) for t in ("Q2_1", "Q2_2", "Q2_3", "Q2_-1", "Q2_-2")]
    assert [v.type for v in q2] == ["multi"] * 5
    assert {v.question for v in q2} == {"Check all statements you agree with"}
    assert [v.label for v in q2] == [
        "Squash are great",
        "Squash are tolerable",
        "Squash cause me anguish",
        "No basis for evaluation",
        "I've never had squash",
    ]
    # raw Q2_1 (1/blank): . 1 1 1 . 1 1 1 . . . 1 1 1 .
    assert ds.data[q2[0].name].tolist() == [0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0]
    # every respondent ticked at least one option → no missing; column sums from the CSV
    assert [int(ds.data[v.name].sum()) for v in q2] == [9, 10, 9, 10, 8]
    assert all(int(ds.data[v.name].isna().sum()) == 0 for v in q2)


def test_qualtrics_custom_recode_values_multi(tmp_path: Path) -> None:
    res = ingest([MULTI_MC], tmp_path / "o")
    ds = res.dataset
    q4 = [_by_qid(ds, t) for t in ("Q4_10", "Q4_11", "Q4_12")]
    assert [v.type for v in q4] == ["multi"] * 3
    assert [v.label for v in q4] == [
        "Click to write Statement 1",
        "Click to write Statement 2",
        "Click to write Statement 3",
    ]
    # raw: Q4_10 1 1 1 1 1; Q4_11 . . 1 . 1; Q4_12 1 1 1 1 1
    assert ds.data[q4[1].name].tolist() == [0, 0, 1, 0, 1]
    other = _by_qid(ds, "mc_question_five_2_TEXT")
    assert other.type == "text"
    assert {p["header"] for p in res.report["pii_dropped"]} == QUALTRICS_PII


def test_qualtrics_many_question_types(tmp_path: Path) -> None:
    res = ingest([SAMPLE_SURVEY], tmp_path / "o")
    ds = res.dataset
    assert len(ds.data) == 5
    assert {p["header"] for p in res.report["pii_dropped"]} == QUALTRICS_PII
    names = ds.codebook.names()
    assert len(names) == len(set(names))
    assert len(ds.data.columns) == len(names)


def test_insights_header_table_is_not_a_qualtrics_export(tmp_path: Path) -> None:
    # a documentation workbook listing header names: read as a plain table, nothing dropped
    res = ingest([HEADERS_XLSX], tmp_path / "o")
    assert res.report["inputs"][0]["layout"] == "plain"
    assert res.report["inputs"][0]["sheet"] == "Sheet1"
    assert len(res.dataset.data) == 20
    assert res.report["pii_dropped"] == []


def test_qualtrics_german_labels_and_pii(realdata: Path, tmp_path: Path) -> None:
    """The reconstructed qualtRics sample (not copied: licence unchecked) — read in place."""
    src = realdata / "qualtrics_qualtRics_sample_reconstructed.csv"
    out = tmp_path / "o"
    res = ingest([src], out)
    ds = res.dataset
    assert res.report["inputs"][0]["header_rows"] == 3
    labels = {v.source.split(": ")[0]: v.label for v in ds.codebook.variables}
    assert labels["StartDate"] == "Anfangsdatum"
    assert labels["Q1"] == "This is a multiple choice question."
    assert labels["Progress"] == "Aktueller Stand"
    dropped = {p["header"].split(": ")[0] for p in res.report["pii_dropped"]}
    assert dropped == {
        "IPAddress",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "LocationLatitude",
        "LocationLongitude",
    }
    blob = b"".join(p.read_bytes() for p in out.iterdir())
    for value in (b"130.92.34.66", b"47.115097045898", b"7.2315979003906"):
        assert value not in blob
    q1 = _by_qid(ds, "Q1")
    assert ds.data[q1.name].tolist() == [2]
