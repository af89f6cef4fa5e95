"""Applying codebook variables to raw columns (digianalys.ingest.cleaning).

Layouts are built in memory; the real exports are read from ../shared/realdata (never copied)
and checked against the counts published in its SOURCES.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.errors import CodebookError
from digianalys.ingest.cleaning import apply_variables, match_codebook, unmatched_columns
from digianalys.ingest.infer import infer_variables
from digianalys.ingest.layouts import Column, Layout

INSTAMMER_5 = [
    "Instämmer inte alls",
    "Instämmer knappast",
    "Varken eller",
    "Instämmer delvis",
    "Instämmer helt",
]


def make_layout(specs: list[tuple], name: str = "plain") -> Layout:
    """specs: (header, values[, question, subitem, group]) per column."""
    columns, data = [], {}
    for i, spec in enumerate(specs):
        header, values = spec[0], spec[1]
        question, subitem, group = (
            (spec[2], spec[3], spec[4]) if len(spec) > 2 else (header, None, None)
        )
        columns.append(
            Column(
                index=i,
                source=f"{question}: {subitem}" if subitem else header,
                question=question,
                subitem=subitem,
                label=subitem or question,
                qid=None,
                group=group,
            )
        )
        data[i] = pd.array(values, dtype="string")
    return Layout(name=name, header_rows=1, columns=columns, data=pd.DataFrame(data))


def sample_layout() -> Layout:
    q = "Vilka tjänster använder ni?"
    return make_layout(
        [
            ("Organisationstyp", ["Statlig myndighet", "Kommun", "Region", "Kommun", None]),
            (
                "Strategi",
                [
                    "Instämmer helt",
                    "Vet ej",
                    "Instämmer knappast",
                    "Varken eller",
                    "Instämmer inte alls",
                ],
            ),
            ("Ramverk", ["Ja", "Nej", "Vet ej", "Nej", "Nej"]),
            ("Anställda", ["1 200", "35,5", "4000", None, "80"]),
            ("Datum", ["2021-03-04", "2021-03-05", "2021-03-06", "2021-03-07", "2021-03-08"]),
            (
                q,
                ["Mina meddelanden", None, "Mina meddelanden", None, None],
                q,
                "Mina meddelanden",
                1,
            ),
            (q, ["BankID", "BankID", None, None, None], q, "BankID", 1),
            (
                "Kommentar",
                [f"En lång kommentar om digitalisering nummer {i} i detta fall" for i in range(5)],
            ),
        ]
    )


def test_dtypes_follow_architecture() -> None:
    layout = sample_layout()
    inferred, _ = infer_variables(layout)
    frame, _ = apply_variables(layout, inferred)
    types = {i.variable.name: i.variable.type for i in inferred}
    expected = {
        "ordinal": "Int64",
        "binary": "Int64",
        "multi": "Int64",
        "numeric": "float64",
        "categorical": "string",
        "text": "string",
        "datetime": "datetime64[ns]",
    }
    for name, vtype in types.items():
        assert str(frame[name].dtype) == expected[vtype], name
    assert list(frame.columns) == [i.variable.name for i in inferred]
    assert frame.index.equals(layout.data.index)


def test_log_missing_by_reason_and_recodes() -> None:
    layout = sample_layout()
    inferred, _ = infer_variables(layout)
    _, log = apply_variables(layout, inferred)
    strat = log["variables"]["strategi"]
    assert strat["missing"] == {"blank": 0, "Vet ej": 1}
    assert strat["n_valid"] == 4
    assert {r["from"]: r["to"] for r in strat["recodes"]} == {
        "Instämmer helt": 5,
        "Instämmer knappast": 2,
        "Varken eller": 3,
        "Instämmer inte alls": 1,
    }
    assert log["variables"]["sector"]["missing"] == {"blank": 1}
    assert log["variables"]["mina_meddelanden"]["missing"] == {"no option ticked": 2}
    assert log["n_rows"] == 5


def test_unrecognised_values_are_logged_and_missing() -> None:
    layout = make_layout([("Strategi", INSTAMMER_5 + ["Instämmer helt"])])
    inferred, _ = infer_variables(layout)
    other = make_layout([("Strategi", ["Instämmer helt", "Typ ganska", "Typ ganska", None])])
    frame, log = apply_variables(other, inferred)
    entry = log["variables"]["strategi"]
    assert entry["unrecognised"] == {"Typ ganska": 2}
    assert entry["n_unrecognised"] == 2
    assert frame["strategi"].tolist() == [5, pd.NA, pd.NA, pd.NA]


def test_apply_sets_missing_counts() -> None:
    layout = make_layout([("Strategi", INSTAMMER_5 + ["Vet ej", "Vet ej", "Ej aktuellt"])])
    inferred, _ = infer_variables(layout)
    inferred[0].variable.missing = {"Vet ej": 99, "Vill ej svara": 5}  # stale counts from elsewhere
    apply_variables(layout, inferred)
    assert inferred[0].variable.missing == {"Vet ej": 2, "Vill ej svara": 0, "Ej aktuellt": 1}


def test_codebook_round_trip_gives_identical_dataset() -> None:
    layout = sample_layout()
    inferred, _ = infer_variables(layout)
    frame, _ = apply_variables(layout, inferred)
    codebook = Codebook.from_dict(Codebook(variables=[i.variable for i in inferred]).to_dict())
    matched = match_codebook(layout, codebook, "enkät.xlsx")
    frame2, _ = apply_variables(layout, matched)
    pd.testing.assert_frame_equal(frame, frame2)
    assert [m.columns for m in matched] == [i.columns for i in inferred]


def test_user_codebook_renames_and_declares_scale() -> None:
    layout = make_layout(
        [("Hur relevant?", ["Mycket relevant", "Lite relevant", "Inte relevant", "Vet ej"])]
    )
    codebook = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "relevance",
                    "source": "Hur relevant?",
                    "type": "ordinal",
                    "values": {1: "Inte relevant", 2: "Lite relevant", 3: "Mycket relevant"},
                }
            ]
        }
    )
    matched = match_codebook(layout, codebook)
    frame, _ = apply_variables(layout, matched)
    assert frame["relevance"].tolist() == [3, 2, 1, pd.NA]
    assert matched[0].variable.missing == {"Vet ej": 1}
    assert codebook.variables[0].missing == {}  # the user's codebook object is not modified


def test_user_codebook_ordinal_without_values_is_completed() -> None:
    layout = make_layout(
        [("Strategi", ["Instämmer helt", "Instämmer delvis", "Varken eller", "Instämmer knappast"])]
    )
    cb = Codebook.from_dict({"variables": [{"name": "s", "source": "Strategi", "type": "ordinal"}]})
    matched = match_codebook(layout, cb)
    assert matched[0].variable.values == dict(enumerate(INSTAMMER_5, start=1))
    frame, _ = apply_variables(layout, matched)
    assert frame["s"].tolist() == [5, 4, 3, 2]


def test_user_codebook_ordinal_unknown_labels_error() -> None:
    layout = make_layout([("Färg", ["Röd", "Blå"])])
    cb = Codebook.from_dict({"variables": [{"name": "farg", "source": "Färg", "type": "ordinal"}]})
    with pytest.raises(CodebookError, match=r"'farg'.*'Färg'.*values"):
        match_codebook(layout, cb)


def test_codebook_source_not_in_file_names_the_variables() -> None:
    layout = sample_layout()
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "strategi", "source": "Strategi", "type": "ordinal"},
                {"name": "ledarskap", "source": "Ledarskap", "type": "ordinal"},
                {"name": "budget", "source": "Budget", "type": "numeric"},
            ]
        }
    )
    with pytest.raises(CodebookError, match=r"'ledarskap', 'budget'.*enkät\.xlsx"):
        match_codebook(layout, cb, "enkät.xlsx")


def test_multi_matched_by_question_and_option() -> None:
    layout = sample_layout()
    q = "Vilka tjänster använder ni?"
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "mm",
                    "type": "multi",
                    "question": q,
                    "option": "Mina meddelanden",
                    "source": "old header",
                },
                {
                    "name": "bankid",
                    "type": "multi",
                    "question": q,
                    "option": "BankID",
                    "encoding": "ticked",
                },
            ]
        }
    )
    matched = match_codebook(layout, cb)
    assert [m.columns for m in matched] == [[5, 6], [6, 5]]
    frame, _ = apply_variables(layout, matched)
    assert frame["mm"].tolist() == [1, 0, 1, pd.NA, pd.NA]
    assert frame["bankid"].tolist() == [1, 1, 0, pd.NA, pd.NA]
    assert [c.index for c in unmatched_columns(layout, matched)] == [0, 1, 2, 3, 4, 7]


def test_delimited_codebook_options_and_unknown_option() -> None:
    layout = make_layout([("Tjänster", ["A;B;", "B;", "C;", None])], name="ms-forms")
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "a", "type": "multi", "source": "Tjänster", "option": "A", "encoding": "delimited", "delimiter": ";"},
                {"name": "b", "type": "multi", "source": "Tjänster", "option": "B", "encoding": "delimited", "delimiter": ";"},
            ]
        }
    )  # fmt: skip
    frame, log = apply_variables(layout, match_codebook(layout, cb))
    assert frame["a"].tolist() == [1, 0, 0, pd.NA]
    assert frame["b"].tolist() == [1, 1, 0, pd.NA]
    assert log["variables"]["a"]["unrecognised"] == {"C": 1}


# ----------------------------------------------------------------------------- real exports
def _real_layout(path: Path) -> Layout:
    from digianalys.ingest.layouts import detect_layout
    from digianalys.ingest.reading import read_export

    return detect_layout(read_export(path))


def test_ohbm_surveymonkey_published_counts(realdata: Path) -> None:
    """SOURCES.md: membership Yes 254 / No 56 / blank 1; platforms 272/213/44/134/34/7/11/4/43/35."""
    layout = _real_layout(realdata / "ohbm2022_surveymonkey_public_survey_data.csv")
    inferred, _ = infer_variables(layout)
    frame, log = apply_variables(layout, inferred)
    by_source = {i.variable.source: i.variable for i in inferred}
    member = next(v for s, v in by_source.items() if s.startswith("Are you a member of OHBM?"))
    assert member.type == "binary" and member.values == {1: "Yes", 0: "No"}
    assert frame[member.name].value_counts(dropna=False).to_dict() == {1: 254, 0: 56, pd.NA: 1}
    platforms = [
        i.variable.name
        for i in inferred
        if i.variable.type == "multi"
        and (i.variable.question or "").startswith("Which of the following platforms")
    ]
    assert [int(frame[n].sum()) for n in platforms] == [272, 213, 44, 134, 34, 7, 11, 4, 43, 35]
    # "I don't know / NA" answers are missing and counted
    email = next(
        v
        for s, v in by_source.items()
        if s.startswith("How would you describe the content in OHBM emails?")
    )
    assert email.missing == {"I don’t know / NA": 20}


def test_qualtrics_no_basis_negative_codes(realdata: Path) -> None:
    layout = _real_layout(realdata / "qualtricstools_no_basis_for_evaluation_insights.csv")
    inferred, _ = infer_variables(layout)
    frame, _ = apply_variables(layout, inferred)
    q1 = next(i.variable for i in inferred if (i.variable.source or "").startswith("Q1"))
    assert q1.type == "numeric" and q1.missing == {"-1": 2}
    assert frame[q1.name].value_counts().sort_index().to_dict() == {1.0: 3, 2.0: 3, 3.0: 7}
    ticked = [i.variable for i in inferred if i.variable.encoding == "ticked"]
    assert ticked and all(str(frame[v.name].dtype) == "Int64" for v in ticked)
    resp = next(i.variable for i in inferred if i.variable.source == "ResponseID")
    assert resp.type == "id"
