"""Answer-scale catalogue, don't-know labels and set-based scale recognition (digianalys.ingest.likert)."""

from __future__ import annotations

import pytest

from digianalys.ingest.likert import (
    DONT_KNOW,
    KNOWN_SCALES,
    is_dont_know,
    leading_code,
    normalise_label,
    recognise_scale,
)

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


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5 – Instämmer helt", "instämmer helt"),
        ("5 - Instämmer helt", "instämmer helt"),
        ("5. Instämmer helt", "instämmer helt"),
        ("(5) Instämmer helt", "instämmer helt"),
        ("5) Instämmer helt", "instämmer helt"),
        ("1 Instämmer inte alls", "instämmer inte alls"),
        ("Instämmer helt (5)", "instämmer helt"),
        ("  Instämmer   HELT ", "instämmer helt"),
        ("I don’t know / NA", "i don't know / na"),
        ("3", "3"),
        ("", ""),
    ],
)
def test_normalise_label(raw: str, expected: str) -> None:
    assert normalise_label(raw) == expected


def test_leading_code() -> None:
    assert leading_code("5 – Instämmer helt") == 5
    assert leading_code("(2) Disagree") == 2
    assert leading_code("4") == 4
    assert leading_code("Instämmer helt") is None


@pytest.mark.parametrize(
    "label",
    [
        "Vet ej",
        "vet ej ",
        "Ej aktuellt",
        "Ingen uppfattning",
        "Vill ej svara",
        "Kan ej svara",
        "Don't know",
        "Don’t know",
        "Not applicable",
        "N/A",
        "I don’t know / NA",
        "Prefer not to say",
        "No basis for evaluation",
        "9 - Vet ej",
    ],
)
def test_dont_know_spellings(label: str) -> None:
    assert is_dont_know(label)


def test_dont_know_is_not_an_answer() -> None:
    for label in ["Ja", "Nej", "Instämmer helt", "I don’t use Twitter / NA", "Neutral"]:
        assert not is_dont_know(label)
    assert "vet ej" in DONT_KNOW


def test_set_based_coding_delvis_is_4_or_3() -> None:
    """The contract's example: 'Instämmer delvis' is 4 in one scale and 3 in another."""
    five = recognise_scale(set(INSTAMMER_5))
    grad = recognise_scale(set(GRAD_5))
    assert five is not None and grad is not None
    assert five.codes["instämmer delvis"] == 4
    assert grad.codes["instämmer delvis"] == 3
    assert five.codes == {normalise_label(x): i for i, x in enumerate(INSTAMMER_5, start=1)}
    assert grad.codes == {normalise_label(x): i for i, x in enumerate(GRAD_5, start=1)}
    assert not five.ambiguous and not grad.ambiguous


def test_leading_codes_do_not_change_codes() -> None:
    labels = {f"{i} – {x}" for i, x in enumerate(INSTAMMER_5, start=1)}
    m = recognise_scale(labels)
    assert m is not None and m.name == "instammer_5"
    # a reversed numbering in the export still gives higher = more agreement
    reversed_codes = {f"{6 - i}. {x}" for i, x in enumerate(INSTAMMER_5, start=1)}
    m2 = recognise_scale(reversed_codes)
    assert m2 is not None and m2.codes["instämmer helt"] == 5


def test_dont_know_is_ignored_in_the_set() -> None:
    m = recognise_scale(set(INSTAMMER_5) | {"Vet ej"})
    assert m is not None and m.k == 5 and "vet ej" not in m.codes


def test_end_labelled_seven_point() -> None:
    labels = {"1 Instämmer inte alls", "2", "3", "4", "5", "6", "7 Instämmer helt och hållet"}
    m = recognise_scale(labels)
    assert m is not None and m.end_labelled and m.k == 7
    assert m.codes == {
        "instämmer inte alls": 1,
        "2": 2,
        "3": 3,
        "4": 4,
        "5": 5,
        "6": 6,
        "instämmer helt och hållet": 7,
    }


def test_end_labelled_reversed_numbering() -> None:
    m = recognise_scale({"1 Instämmer helt", "2", "3", "4", "5 Instämmer inte alls"})
    assert m is not None
    assert m.codes["instämmer helt"] == 5 and m.codes["instämmer inte alls"] == 1
    assert m.codes["2"] == 4


@pytest.mark.parametrize(
    ("labels", "high", "low"),
    [
        (
            [
                "Strongly disagree",
                "Disagree",
                "Neither agree nor disagree",
                "Agree",
                "Strongly agree",
            ],
            "strongly agree",
            "strongly disagree",
        ),
        (["Never", "Rarely", "Sometimes", "Often", "Always"], "always", "never"),
        (
            ["Mycket dåligt", "Ganska dåligt", "Ganska bra", "Mycket bra"],
            "mycket bra",
            "mycket dåligt",
        ),
        (["Mycket låg", "Ganska låg", "Ganska hög", "Mycket hög"], "mycket hög", "mycket låg"),
        (
            ["Inte alls", "I liten grad", "I viss grad", "I hög grad", "I mycket hög grad"],
            "i mycket hög grad",
            "inte alls",
        ),
        (["Aldrig", "Sällan", "Ibland", "Ofta", "Alltid"], "alltid", "aldrig"),
    ],
)
def test_known_scales_sv_en(labels: list[str], high: str, low: str) -> None:
    m = recognise_scale(set(labels))
    assert m is not None
    assert m.codes[high] == len(labels) and m.codes[low] == 1
    assert sorted(m.codes.values()) == list(range(1, len(labels) + 1))


def test_unknown_set_is_not_a_scale() -> None:
    assert recognise_scale({"Europe", "Asia", "Oceania"}) is None
    assert recognise_scale({"It is somewhat relevant", "It is not relevant to me"}) is None
    assert recognise_scale({"Instämmer helt"}) is None  # one label is not enough


def test_incomplete_set_is_flagged_ambiguous() -> None:
    m = recognise_scale({"Instämmer helt", "Instämmer delvis", "Instämmer inte alls"})
    assert m is not None and m.ambiguous and m.alternatives


def test_catalogue_levels_are_unique_within_a_scale() -> None:
    for name, levels in KNOWN_SCALES.items():
        spellings = [normalise_label(sp) for lv in levels for sp in lv]
        assert len(spellings) == len(set(spellings)), name
