"""Layout detection: the five layouts, forced layouts, duplicate and merged headers."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from digianalys.errors import LayoutError
from digianalys.ingest.layouts import Layout, detect_layout


def raw_of(rows: list[list[str | None]]) -> SimpleNamespace:
    """A RawSheet-shaped object: every cell as text, <NA> for blank, int columns."""
    width = max(len(r) for r in rows)
    padded = [list(r) + [None] * (width - len(r)) for r in rows]
    cells = pd.DataFrame(padded, columns=range(width), dtype="string")
    return SimpleNamespace(
        cells=cells, path=Path("export.csv"), sheet=None, info={}, warnings=[], format="csv"
    )


def by_source(layout: Layout) -> dict[str, object]:
    return {c.source: c for c in layout.columns}


# ----------------------------------------------------------------------------- plain
def test_plain_one_header_row_and_prefix_groups() -> None:
    raw = raw_of(
        [
            [
                "Organisationstyp",
                "Ledarskap: Strategi",
                "Ledarskap: Uppföljning",
                "Antal anställda",
            ],
            ["Kommun", "Instämmer helt", "Varken eller", "120"],
            ["Region", "Instämmer delvis", None, "3400"],
        ]
    )
    lay = detect_layout(raw)
    assert (lay.name, lay.header_rows) == ("plain", 1)
    assert lay.data.shape == (2, 4)
    assert list(lay.data.columns) == [0, 1, 2, 3]
    assert lay.data.iloc[1, 0] == "Region"
    assert pd.isna(lay.data.iloc[1, 2])
    strat, follow = lay.columns[1], lay.columns[2]
    assert strat.source == "Ledarskap: Strategi"
    assert (strat.question, strat.subitem, strat.label) == ("Ledarskap", "Strategi", "Strategi")
    assert strat.group is not None and strat.group == follow.group
    assert lay.columns[0].group is None and lay.columns[0].label == "Organisationstyp"
    assert lay.columns[3].subitem is None


def test_duplicate_headers_are_kept_apart() -> None:
    raw = raw_of([["Kön", "Kommentar", "Kommentar", "Kommentar"], ["Man", "a", "b", "c"]])
    lay = detect_layout(raw)
    sources = [c.source for c in lay.columns]
    assert sources == ["Kön", "Kommentar", "Kommentar [2]", "Kommentar [3]"]
    assert len(set(sources)) == 4
    assert lay.data.shape == (1, 4)
    assert [lay.data.iloc[0, i] for i in range(1, 4)] == ["a", "b", "c"]
    assert sum("duplicate header 'Kommentar'" in n for n in lay.notes) == 2


def test_blank_rows_and_padding_columns_dropped() -> None:
    raw = raw_of([["A", "B", None], ["1", "2", None], [None, None, None], ["3", "4", None]])
    lay = detect_layout(raw)
    assert [c.source for c in lay.columns] == ["A", "B"]
    assert lay.data.shape == (2, 2)
    assert any("blank row" in n for n in lay.notes)


def test_header_must_start_in_first_row() -> None:
    with pytest.raises(LayoutError, match="export.csv: the first row is blank"):
        detect_layout(raw_of([[None, None], ["a", "b"]]))


# ----------------------------------------------------------------------------- surveymonkey
SM_ROWS: list[list[str | None]] = [
    [
        "Respondent ID",
        "Vilken typ av organisation?",
        "Ledarskap",
        None,
        "Unnamed: 4",
        "Vilka tjänster används?",
        None,
        "Kommentar",
    ],
    [
        None,
        "Response",
        "Ledningen har en strategi",
        "Ledningen följer upp",
        "Ledningen prioriterar",
        "e-legitimation",
        "Mina meddelanden",
        "Open-Ended Response",
    ],
    ["111", "Kommun", "Instämmer helt", "Varken eller", "Vet ej", "e-legitimation", None, "Bra"],
    ["112", "Region", "Instämmer delvis", None, "Instämmer helt", None, "Mina meddelanden", None],
]


def test_surveymonkey_merged_matrix_header() -> None:
    lay = detect_layout(raw_of(SM_ROWS))
    assert (lay.name, lay.header_rows) == ("surveymonkey", 2)
    assert lay.data.shape == (2, 8)
    cols = lay.columns
    assert cols[1].source == "Vilken typ av organisation?"  # "Response" marker skipped
    assert cols[1].subitem is None and cols[1].group is None
    # matrix: blank and "Unnamed: N" continuation cells carry the question across
    for c, sub in zip(cols[2:5], SM_ROWS[1][2:5], strict=True):
        assert c.question == "Ledarskap"
        assert c.subitem == sub and c.label == sub
        assert c.source == f"Ledarskap: {sub}"
    assert cols[2].group == cols[3].group == cols[4].group is not None
    assert cols[5].group == cols[6].group is not None and cols[5].group != cols[2].group
    assert cols[6].label == "Mina meddelanden"
    assert cols[7].source == "Kommentar" and cols[7].subitem is None
    assert lay.row_id is None


def test_surveymonkey_pandas_index_column_is_row_id() -> None:
    rows = [
        [None, "Are you a member?", "Platforms", "Unnamed: 3"],
        ["0", "Response", "Website", "Twitter"],
        ["1", "Yes", "Website", None],
        ["2", "No", None, "Twitter"],
    ]
    lay = detect_layout(raw_of(rows))
    assert lay.name == "surveymonkey"
    assert lay.row_id == 0
    assert lay.columns[0].source == "row_id"
    assert lay.data.iloc[:, 0].tolist() == ["1", "2"]
    assert lay.columns[2].source == "Platforms: Website"
    assert lay.columns[3].source == "Platforms: Twitter"


def test_surveymonkey_forced_on_plain_looking_file() -> None:
    rows = [["Fråga", "Fråga 2"], ["Svar", "Svar"], ["Ja", "Nej"]]
    assert detect_layout(raw_of(rows), "plain").data.shape == (2, 2)
    lay = detect_layout(raw_of(rows), "surveymonkey")
    assert (lay.name, lay.header_rows) == ("surveymonkey", 2)
    assert [c.source for c in lay.columns] == ["Fråga", "Fråga 2"]
    assert lay.data.iloc[0].tolist() == ["Ja", "Nej"]
    assert "layout forced: surveymonkey" in lay.notes


# ----------------------------------------------------------------------------- qualtrics
QX_ROWS: list[list[str | None]] = [
    ["StartDate", "IPAddress", "Q1", "Q4_10", "Q4_11", "Q4_11_TEXT", "Q5"],
    [
        "Anfangsdatum",
        "IP-Adresse",
        "Wie alt sind Sie?",
        "Welche Geräte nutzen Sie? - Laptop",
        "Welche Geräte nutzen Sie? - Andere",
        "Welche Geräte nutzen Sie? - Andere - Text",
        "Zufriedenheit",
    ],
    [
        '{"ImportId":"startDate","timeZone":"Europe/Zurich"}',
        '{"ImportId":"ipAddress"}',
        '{"ImportId":"QID1"}',
        '{"ImportId":"QID4_10"}',
        '{"ImportId":"QID4_11"}',
        '{"ImportId":"QID4_11_TEXT"}',
        '{"ImportId":"QID5"}',
    ],
    ["2017-07-18 08:28:09", "130.92.34.66", "34", "1", None, None, "-99"],
]


def test_qualtrics_three_header_rows_german_labels() -> None:
    lay = detect_layout(raw_of(QX_ROWS))
    assert (lay.name, lay.header_rows) == ("qualtrics", 3)
    assert lay.data.shape == (1, 7)
    c = {col.qid: col for col in lay.columns}
    assert c["StartDate"].label == "Anfangsdatum"
    assert c["StartDate"].source == "StartDate: Anfangsdatum"
    assert c["Q1"].label == "Wie alt sind Sie?" and c["Q1"].group is None
    assert (c["Q4_10"].question, c["Q4_10"].subitem) == ("Welche Geräte nutzen Sie?", "Laptop")
    assert c["Q4_11"].label == "Andere"
    assert c["Q4_10"].group == c["Q4_11"].group is not None
    assert c["Q4_11_TEXT"].group is None  # the free-text "other" entry is not an option
    assert lay.data.iloc[0, 6] == "-99"


def test_qualtrics_2016_insights_dict_importid_row() -> None:
    rows = [
        ["ResponseID", "Q2_1", "Q2_2"],
        ["ResponseID", "Check all that apply-Squash", "Check all that apply-Zucchini"],
        ["{'ImportId': 'responseId'}", "{'ImportId': 'QID2-1'}", "{'ImportId': 'QID2-2'}"],
        ["R_1", "1", None],
    ]
    lay = detect_layout(raw_of(rows))
    assert (lay.name, lay.header_rows) == ("qualtrics", 3)
    assert lay.columns[0].source == "ResponseID"  # identical tag and label are not repeated
    assert [c.label for c in lay.columns[1:]] == ["Squash", "Zucchini"]
    assert lay.columns[1].question == "Check all that apply"
    assert lay.columns[1].group == lay.columns[2].group is not None


def test_forced_layout_needs_its_header_rows() -> None:
    with pytest.raises(LayoutError, match="needs 3 header rows"):
        detect_layout(raw_of([["a", "b"], ["1", "2"]]), "qualtrics")


def test_unknown_layout_name() -> None:
    with pytest.raises(LayoutError, match="unknown layout 'spss'"):
        detect_layout(raw_of([["a"], ["1"]]), "spss")


# ----------------------------------------------------------------------------- forms
def test_google_forms_timestamp_and_grid() -> None:
    rows = [
        [
            "Tidstämpel",
            "Organisation",
            "Hur nöjd är du? [Webbplatsen]",
            "Hur nöjd är du? [E-tjänsterna]",
            "Vilka kanaler?",
        ],
        ["2021-03-01 10:00:00", "Kommun", "Mycket bra", "Bra", "Telefon, E-post"],
    ]
    lay = detect_layout(raw_of(rows))
    assert (lay.name, lay.header_rows) == ("google-forms", 1)
    web, etj = lay.columns[2], lay.columns[3]
    assert (web.question, web.subitem) == ("Hur nöjd är du?", "Webbplatsen")
    assert web.source == "Hur nöjd är du? [Webbplatsen]"
    assert web.group == etj.group is not None
    assert lay.columns[4].group is None


@pytest.mark.parametrize(
    "header",
    [
        ["ID", "Start time", "Completion time", "Email", "Name", "Vilken sektor?"],
        ["ID", "Starttid", "Slutförandetid", "E-post", "Namn", "Vilken sektor?"],
    ],
)
def test_ms_forms(header: list[str]) -> None:
    rows = [header, ["1", "2021-03-01 10:00", "2021-03-01 10:05", "anonymous", None, "Statlig"]]
    lay = detect_layout(raw_of(rows))
    assert (lay.name, lay.header_rows) == ("ms-forms", 1)
    assert [c.source for c in lay.columns] == header
    assert lay.data.shape == (1, 6)


def test_forced_plain_on_google_forms() -> None:
    rows = [["Timestamp", "Q"], ["2021-01-01", "x"]]
    assert detect_layout(raw_of(rows)).name == "google-forms"
    assert detect_layout(raw_of(rows), "plain").name == "plain"


# ----------------------------------------------------------------------------- real exports
def _raw_csv(path: Path) -> SimpleNamespace:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [[v if v.strip() else None for v in r] for r in csv.reader(fh)]
    return raw_of(rows)


REAL = Path(__file__).resolve().parents[1] / "data" / "realdata"


def test_real_ohbm_surveymonkey_header() -> None:
    lay = detect_layout(_raw_csv(REAL / "ohbm2022_surveymonkey_public_survey_data.csv"))
    assert (lay.name, lay.header_rows, lay.row_id) == ("surveymonkey", 2, 0)
    assert lay.data.shape == (311, 48)
    platforms = [
        c for c in lay.columns if c.question.startswith("Which of the following platforms")
    ]
    assert len(platforms) == 10
    assert len({c.group for c in platforms}) == 1
    assert platforms[0].label == "OHBM website (https://www.humanbrainmapping.org)"
    assert platforms[-1].label == "OHBM Job Board"
    member = lay.columns[1]
    assert member.source == "Are you a member of OHBM?" and member.group is None


def test_real_qualtrics_no_basis_header() -> None:
    lay = detect_layout(_raw_csv(REAL / "qualtricstools_no_basis_for_evaluation_insights.csv"))
    assert (lay.name, lay.header_rows) == ("qualtrics", 3)
    assert lay.data.shape == (15, 49)
    q2 = [c for c in lay.columns if (c.qid or "").startswith("Q2_")]
    assert [c.label for c in q2] == [
        "Squash are great",
        "Squash are tolerable",
        "Squash cause me anguish",
        "No basis for evaluation",
        "I've never had squash",
    ]
    assert {c.question for c in q2} == {"Check all statements you agree with"}
    assert len({c.group for c in q2}) == 1
