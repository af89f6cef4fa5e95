"""Type inference of raw columns (digianalys.ingest.infer), on Layouts built in memory.

Expected values are worked out by hand from the data each test writes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from digianalys.ingest.cleaning import apply_variables
from digianalys.ingest.infer import Inferred, infer_variables, make_name
from digianalys.ingest.layouts import Column, Layout
from digianalys.ingest.number_parsing import parse_datetimes, parse_numbers

INSTAMMER_5 = [
    "Instämmer inte alls",
    "Instämmer knappast",
    "Varken eller",
    "Instämmer delvis",
    "Instämmer helt",
]
GRAD_5 = [
    "Instämmer inte alls",
    "Instämmer till liten del",
    "Instämmer delvis",
    "Instämmer till stor del",
    "Instämmer helt",
]


def make_layout(specs: list[tuple[Any, ...]], name: str = "plain") -> Layout:
    """specs: (header, values[, question, subitem, group]) per column."""
    columns, data = [], {}
    for i, spec in enumerate(specs):
        header, values = spec[0], spec[1]
        question, subitem, group = (
            (spec[2], spec[3], spec[4]) if len(spec) > 2 else (header, None, None)
        )
        source = f"{question}: {subitem}" if subitem else header
        columns.append(
            Column(
                index=i,
                source=source,
                question=question,
                subitem=subitem,
                label=subitem or question,
                qid=None,
                group=group,
            )
        )
        data[i] = pd.array(values, dtype="string")
    return Layout(name=name, header_rows=1, columns=columns, data=pd.DataFrame(data))


def infer_one(values: list[Any], header: str = "Fråga", name: str = "plain") -> Inferred:
    inferred, _ = infer_variables(make_layout([(header, values)], name=name))
    assert len(inferred) == 1
    return inferred[0]


def run(specs: list[tuple[Any, ...]], name: str = "plain"):
    layout = make_layout(specs, name=name)
    inferred, warnings = infer_variables(layout)
    frame, log = apply_variables(layout, inferred)
    return inferred, warnings, frame, log


# ----------------------------------------------------------------------------- ordinal
def test_set_based_coding_in_two_columns() -> None:
    a = INSTAMMER_5 + ["Instämmer delvis"]
    b = GRAD_5 + ["Instämmer delvis"]
    inferred, _, frame, _ = run([("Påstående A", a), ("Påstående B", b)])
    va, vb = inferred[0].variable, inferred[1].variable
    assert va.type == vb.type == "ordinal"
    assert va.values == dict(enumerate(INSTAMMER_5, start=1))
    assert vb.values == dict(enumerate(GRAD_5, start=1))
    assert frame[va.name].tolist() == [1, 2, 3, 4, 5, 4]
    assert frame[vb.name].tolist() == [1, 2, 3, 4, 5, 3]
    assert str(frame[va.name].dtype) == "Int64"


def test_leading_codes() -> None:
    values = ["5 – Instämmer helt", "1 – Instämmer inte alls", "3 – Varken eller", "4 – Instämmer delvis",
              "2 – Instämmer knappast", None, "5 – Instämmer helt"]  # fmt: skip
    inferred, _, frame, _ = run([("Q", values)])
    v = inferred[0].variable
    assert v.type == "ordinal" and v.scale == "instammer_5"
    assert v.values[5] == "5 – Instämmer helt" and v.values[1] == "1 – Instämmer inte alls"
    assert frame[v.name].tolist() == [5, 1, 3, 4, 2, pd.NA, 5]


def test_end_labelled_seven_point_lists_all_levels() -> None:
    values = ["1 Instämmer inte alls", "2", "3", "5", "7 Instämmer helt och hållet", "3", "Vet ej"]
    inferred, _, frame, _ = run([("Q", values)])
    v = inferred[0].variable
    assert v.type == "ordinal"
    assert v.values == {
        1: "1 Instämmer inte alls",
        2: "2",
        3: "3",
        4: "4",
        5: "5",
        6: "6",
        7: "7 Instämmer helt och hållet",
    }
    assert frame[v.name].tolist() == [1, 2, 3, 5, 7, 3, pd.NA]
    assert v.missing == {"Vet ej": 1}


def test_english_scale() -> None:
    values = [
        "Strongly agree",
        "Agree",
        "Neither agree nor disagree",
        "Disagree",
        "Strongly disagree",
        "Agree",
    ]
    inferred, _, frame, _ = run([("Q", values)])
    v = inferred[0].variable
    assert (
        v.type == "ordinal"
        and v.values[5] == "Strongly agree"
        and v.values[1] == "Strongly disagree"
    )
    assert frame[v.name].tolist() == [5, 4, 3, 2, 1, 4]


def test_matrix_items_share_one_scale() -> None:
    """Item 2 never uses the extreme labels; alone it would be ambiguous. The union decides."""
    q = "Ledarskap"
    item1 = [
        "Instämmer helt",
        "Instämmer inte alls",
        "Varken eller",
        "Instämmer knappast",
        "Instämmer delvis",
    ]
    item2 = ["Instämmer delvis", "Instämmer knappast", "Instämmer delvis", None, "Vet ej"]
    inferred, _, frame, _ = run([(q, item1, q, "Strategi", 7), (q, item2, q, "Uppföljning", 7)])
    v1, v2 = inferred[0].variable, inferred[1].variable
    assert v1.values == v2.values == dict(enumerate(INSTAMMER_5, start=1))
    assert v2.label == "Uppföljning" and v2.question == q
    assert frame[v2.name].tolist() == [4, 2, 4, pd.NA, pd.NA]
    assert v2.missing == {"Vet ej": 1}


def test_unknown_label_set_stays_categorical_with_warning() -> None:
    values = ["Very relevant", "Somewhat relevant", "Not relevant", "Somewhat relevant"]
    inferred, warnings, frame, _ = run([("How relevant?", values)])
    v = inferred[0].variable
    assert v.type == "categorical"
    assert any("type: ordinal" in w and "How relevant?" in w for w in warnings)
    assert frame[v.name].tolist() == values


# ----------------------------------------------------------------------------- binary
@pytest.mark.parametrize(
    ("values", "yes", "no", "codes"),
    [
        (["Ja", "Nej", "ja", None, "Vet ej"], "Ja", "Nej", [1, 0, 1, pd.NA, pd.NA]),
        (["Yes", "No", "No"], "Yes", "No", [1, 0, 0]),
        (["TRUE", "FALSE", "True"], "TRUE", "FALSE", [1, 0, 1]),
        (["1", "0", "0", "1"], "1", "0", [1, 0, 0, 1]),
    ],
)
def test_binary_variants(values: list[Any], yes: str, no: str, codes: list[Any]) -> None:
    inferred, _, frame, _ = run([("Q", values)])
    v = inferred[0].variable
    assert v.type == "binary"
    assert v.values == {1: yes, 0: no}
    assert frame[v.name].tolist() == codes


# ----------------------------------------------------------------------------- sector
def test_sector_swedish_by_header() -> None:
    values = [
        "Statlig myndighet",
        "Kommun",
        "statlig myndighet ",
        "Region",
        "Landsting",
        "Kommunal förvaltning",
    ]
    inferred, _, frame, _ = run([("Organisationstyp", values)])
    v = inferred[0].variable
    assert v.name == "sector" and v.type == "categorical"
    assert list(v.levels) == ["statlig", "kommunal", "regional"]
    assert set(v.levels["regional"]) == {"Region", "Landsting"}
    assert frame["sector"].tolist() == [
        "statlig",
        "kommunal",
        "statlig",
        "regional",
        "regional",
        "kommunal",
    ]
    assert str(frame["sector"].dtype) == "string"


def test_sector_english_by_values_only() -> None:
    values = [
        "State agency",
        "Municipality",
        "County council",
        "Government agency",
        "Local government",
    ]
    inferred, _, frame, _ = run([("What type of organisation do you work for?", values)])
    assert inferred[0].variable.name == "sector"
    assert frame["sector"].tolist() == ["statlig", "kommunal", "regional", "statlig", "kommunal"]
    inferred2, _, frame2, _ = run([("Var arbetar du?", values)])
    assert inferred2[0].variable.name == "sector"  # recognised from the answers alone


# ----------------------------------------------------------------------------- numeric etc
def test_numeric_with_decimal_comma_spaces_and_percent() -> None:
    inferred, _, frame, log = run(
        [
            ("Antal anställda", ["1 234", "12,5", "300", None, "1\u00a0000 000"]),
            ("IT-kostnad", ["12 %", "3,5 %", "0%", "1 %", "2 %"]),
        ]
    )
    emp, cost = inferred[0].variable, inferred[1].variable
    assert emp.type == cost.type == "numeric"
    assert frame[emp.name].tolist()[:3] == [1234.0, 12.5, 300.0]
    assert np.isnan(frame[emp.name].iloc[3]) and frame[emp.name].iloc[4] == 1_000_000.0
    assert frame[cost.name].tolist()[:3] == [12.0, 3.5, 0.0]
    assert str(frame[emp.name].dtype) == "float64"
    assert log["variables"][emp.name]["n_recoded"] == 3  # "1 234", "12,5", "1 000 000"


def test_parse_numbers_reference_values() -> None:
    got = parse_numbers(
        ["1 234,5", "1.234.567", "1,234,567.5", "−3", "abc", "2e3", "0,5 %"]
    ).tolist()
    assert got[:4] == [1234.5, 1234567.0, 1234567.5, -3.0]
    assert np.isnan(got[4]) and got[5:] == [2000.0, 0.5]


def test_dates() -> None:
    values = ["2021-03-04 10:00:00", "2021-03-05", "2021-03-06T11:12:13", None]
    inferred, _, frame, _ = run([("Datum", values)])
    v = inferred[0].variable
    assert v.type == "datetime"
    assert str(frame[v.name].dtype) == "datetime64[ns]"
    assert frame[v.name].iloc[0] == pd.Timestamp("2021-03-04 10:00:00")
    assert frame[v.name].iloc[2] == pd.Timestamp("2021-03-06 11:12:13")
    assert pd.isna(frame[v.name].iloc[3])


def test_parse_datetimes_other_formats() -> None:
    got = parse_datetimes(
        [
            "2021/03/04 1:15:32 PM GMT+1",
            "04.03.2021 10:15",
            "2016-06-24 14:27:09",
            "13/03/2021",
            "hej",
        ]
    )
    assert got.iloc[0] == pd.Timestamp("2021-03-04 13:15:32")
    assert got.iloc[1] == pd.Timestamp("2021-03-04 10:15")
    assert got.iloc[2] == pd.Timestamp("2016-06-24 14:27:09")
    assert got.iloc[3] == pd.Timestamp("2021-03-13")
    assert pd.isna(got.iloc[4])


def test_ids() -> None:
    resp = [
        "R_ebopwASnJ6p0KSp",
        "R_9mZ86nFH0t9KX6l",
        "R_6FNzHBiAGDCdM4B",
        "R_diNwdECk6BEVBWZ",
        "R_3PqO8Mmwyje46uV",
    ]
    inferred, _, frame, _ = run([("ResponseID", resp), ("Löpnummer", ["1", "2", "3", "4", "5"]),
                                 ("Anställda", ["10", "250", "31", "7", "90"])])  # fmt: skip
    assert [i.variable.type for i in inferred] == ["id", "id", "numeric"]
    assert frame[inferred[0].variable.name].tolist() == resp
    assert str(frame[inferred[0].variable.name].dtype) == "string"


def test_survey_tool_collector_id_is_an_id_not_a_number() -> None:
    # SurveyMonkey's Collector ID repeats (one value per collector) but is bookkeeping, not an answer.
    ids = ["431112233", "431112233", "431112234", "431112233", "431112234", "431112233"]
    inferred, _, _, _ = run([("Collector ID", ids)])
    assert inferred[0].variable.type == "id"


def test_free_text() -> None:
    comments = [
        f"Vi behöver mer stöd för digitalisering i verksamhet nummer {i}." for i in range(12)
    ]
    v = infer_one(comments, "Övriga synpunkter").variable
    assert v.type == "text"


# ----------------------------------------------------------------------------- multi
def test_multi_ticked_option_text_and_all_blank_respondent() -> None:
    q = "Vilka tjänster använder ni?"
    a = ["Mina meddelanden", None, "Mina meddelanden", None]
    b = ["BankID", "BankID", None, None]
    c = [None, None, None, None]
    inferred, _, frame, _ = run(
        [(q, a, q, "Mina meddelanden", 3), (q, b, q, "BankID", 3), (q, c, q, "Ina", 3)]
    )
    names = [i.variable.name for i in inferred]
    assert [i.variable.type for i in inferred] == ["multi"] * 3
    assert {i.variable.encoding for i in inferred} == {"ticked"}
    assert inferred[0].variable.option == "Mina meddelanden" and inferred[0].variable.question == q
    assert frame[names[0]].tolist() == [1, 0, 1, pd.NA]  # respondent 4 ticked nothing: missing
    assert frame[names[1]].tolist() == [1, 1, 0, pd.NA]
    assert frame[names[2]].tolist() == [0, 0, 0, pd.NA]
    assert str(frame[names[0]].dtype) == "Int64"


def test_multi_ticked_with_ones_qualtrics() -> None:
    q = "Check all statements you agree with"
    inferred, _, frame, _ = run(
        [
            (q, ["1", None, None], q, "Squash are great", 2),
            (q, [None, "1", None], q, "No basis for evaluation", 2),
        ],
        name="qualtrics",
    )
    assert [i.variable.encoding for i in inferred] == ["ticked", "ticked"]
    assert frame[inferred[0].variable.name].tolist() == [1, 0, pd.NA]
    assert frame[inferred[1].variable.name].tolist() == [0, 1, pd.NA]


def test_multi_yes_no_per_option() -> None:
    q = "Which do you use?"
    inferred, _, frame, _ = run(
        [(q, ["Yes", "No", None], q, "E-mail", 4), (q, ["No", "No", "Yes"], q, "Chat", 4)]
    )
    assert [i.variable.encoding for i in inferred] == ["yesno", "yesno"]
    assert frame[inferred[0].variable.name].tolist() == [1, 0, pd.NA]
    assert frame[inferred[1].variable.name].tolist() == [0, 0, 1]


def test_multi_delimited_ms_forms() -> None:
    values = ["Mina meddelanden;BankID;", "BankID;", None, "Ina;Mina meddelanden;BankID;", "Vet ej"]
    inferred, _, frame, _ = run([("Vilka tjänster?", values)], name="ms-forms")
    opts = {i.variable.option: i.variable for i in inferred}
    assert set(opts) == {"Mina meddelanden", "BankID", "Ina"}
    assert all(v.encoding == "delimited" and v.delimiter == ";" for v in opts.values())
    assert frame[opts["BankID"].name].tolist() == [1, 1, pd.NA, 1, pd.NA]
    assert frame[opts["Ina"].name].tolist() == [0, 0, pd.NA, 1, pd.NA]
    assert opts["Ina"].missing == {"Vet ej": 1}


def test_multi_delimited_google_forms_option_with_comma() -> None:
    values = [
        "E-legitimation (BankID, Freja eID)",
        "Mina meddelanden, E-legitimation (BankID, Freja eID)",
        "Mina meddelanden",
        "Ja, delvis, Mina meddelanden",
        "Ja, delvis",
        None,
    ]
    inferred, _, frame, _ = run([("Vilka e-tjänster används?", values)], name="google-forms")
    opts = {i.variable.option: i.variable.name for i in inferred}
    assert set(opts) == {"E-legitimation (BankID, Freja eID)", "Mina meddelanden", "Ja, delvis"}
    assert inferred[0].variable.delimiter == ", "
    assert frame[opts["E-legitimation (BankID, Freja eID)"]].tolist() == [1, 1, 0, 0, 0, pd.NA]
    assert frame[opts["Ja, delvis"]].tolist() == [0, 0, 0, 1, 1, pd.NA]
    assert frame[opts["Mina meddelanden"]].tolist() == [0, 1, 1, 1, 0, pd.NA]


# ----------------------------------------------------------------------------- missing
def test_dont_know_counts_per_label() -> None:
    values = INSTAMMER_5 + ["Vet ej", "vet ej", "Ej aktuellt", "Ingen uppfattning", None]
    inferred, _, frame, log = run([("Q", values)])
    v = inferred[0].variable
    assert v.missing == {"Vet ej": 2, "Ej aktuellt": 1, "Ingen uppfattning": 1}
    assert log["variables"][v.name]["missing"] == {
        "blank": 1,
        "Vet ej": 2,
        "Ej aktuellt": 1,
        "Ingen uppfattning": 1,
    }
    assert frame[v.name].isna().sum() == 5


def test_qualtrics_negative_codes_become_missing() -> None:
    values = ["3", "1", "2", "-1", "3", "-2", "-1", None]
    inferred, warnings, frame, _ = run([("Q3_1", values)], name="qualtrics")
    v = inferred[0].variable
    assert v.type == "numeric"
    assert v.missing == {"-1": 2, "-2": 1}
    got = frame[v.name].tolist()
    assert got[:3] == [3.0, 1.0, 2.0] and np.isnan(got[3]) and got[4] == 3.0
    assert any("negative codes" in w for w in warnings)


# ----------------------------------------------------------------------------- names
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Hur många anställda har er organisation?", "hur_manga_anstallda_har_er_organisation"),
        (
            "Ledningen har en tydlig strategi för digitaliseringen av verksamheten",
            "ledningen_tydlig_strategi",  # long: function words left out first
        ),
        (
            "How would you describe your access to the OHBM job board?",
            "describe_access_ohbm_job_board",
        ),
        (
            "How would you describe the content on the OHBM job board?",
            "describe_content_ohbm_job_board",
        ),
        ("Är e-tjänsterna användarvänliga?", "ar_e_tjansterna_anvandarvanliga"),
        ("Café & möten", "cafe_and_moten"),
        ("2021: budget", "q_2021_budget"),
        ("Twitter (https://twitter.com/OHBM)", "twitter"),
        ("???", "var"),
    ],
)
def test_names_from_swedish_labels(label: str, expected: str) -> None:
    name = make_name(label, set())
    assert name == expected
    assert len(name) <= 40


def test_names_are_unique() -> None:
    used: set[str] = {"sector"}
    assert make_name("Fråga", used) == "fraga"
    assert make_name("Fråga", used) == "fraga_2"
    assert make_name("fråga!", used) == "fraga_3"
    assert make_name("Sector", used) == "sector_2"
    inferred, _ = infer_variables(
        make_layout([("Fråga", ["Ja", "Nej"]), ("Fråga", ["Ja", "Nej"])]), {"fraga"}
    )
    assert [i.variable.name for i in inferred] == ["fraga_2", "fraga_3"]


@pytest.mark.slow  # 16,384 columns
# ----------------------------------------------------------------------------- performance
def test_wide_sheet_infers_every_column() -> None:
    """20,000 x 120 (mostly Likert, some numeric and text) infers and recodes column-wise."""
    rng = np.random.default_rng(7)
    n = 20_000
    labels = np.array(INSTAMMER_5 + ["Vet ej"], dtype=object)
    specs = []
    for j in range(120):
        if j < 100:
            vals = labels[rng.integers(0, 6, n)]
            specs.append((f"Fråga {j}", vals, f"Block {j // 10}", f"Påstående {j}", j // 10))
        elif j < 110:
            specs.append(
                (f"Tal {j}", np.array([f"{x:.1f}".replace(".", ",") for x in rng.gamma(2, 300, n)]))
            )
        else:
            specs.append(
                (
                    f"Kommentar {j}",
                    np.array([f"Kommentar {i} om sak {rng.integers(0, 10**6)}" for i in range(n)]),
                )
            )
    layout = make_layout(specs)
    # speed is measured by benchmarks/bench.py, not asserted here (no timed tests)
    inferred, _ = infer_variables(layout)
    frame, _ = apply_variables(layout, inferred)
    assert frame.shape == (n, 120)
    assert [i.variable.type for i in inferred].count("ordinal") == 100


def test_parse_numbers_integer_fast_path_equals_the_general_path() -> None:
    """More than 500 plain integers take a one-pass pyarrow cast; the result is the general
    vectorised parser's, value for value (signed zero, leading zeros, blanks, 15-digit ids)."""
    import random

    import numpy as np

    from digianalys.ingest.number_parsing import parse_numbers, parse_numbers_vectorised

    rng = random.Random(6)
    for _ in range(60):
        values = pd.Series(
            [
                rng.choice(
                    [
                        str(rng.randint(-(10 ** rng.randint(1, 15)), 10 ** rng.randint(1, 15))),
                        " 007 ",
                        "-0",
                        None,
                    ]
                )
                for _ in range(rng.randint(501, 2000))
            ],
            dtype="object",
        )
        fast = parse_numbers(values).to_numpy()
        general = parse_numbers_vectorised(values).to_numpy()
        np.testing.assert_array_equal(fast, general)
        np.testing.assert_array_equal(
            np.signbit(np.nan_to_num(fast)), np.signbit(np.nan_to_num(general))
        )
