"""Open answers (``text``): masked again, grouped with small groups left out, word counts, and
formula-like text inert in a workbook."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import VariableError
from digianalys.output.render import write_result
from digianalys.stats.open_answers import open_answers, words

ANSWERS = [
    ("kommunal", "Bra enkät, hör av er till anna.berg@kommun.se"),
    ("kommunal", "Ring 070-123 45 67 om ni undrar"),
    ("kommunal", "Digitaliseringen går för långsamt"),
    ("kommunal", "  "),
    ("kommunal", "Mer stöd från DIGG behövs"),
    ("kommunal", '=HYPERLINK("http://x.example/?t=1","klicka")'),
    ("statlig", "Stödet från DIGG är bra och stödet behövs"),
    ("statlig", None),
    ("statlig", "Ledningen saknar strategi"),
    ("statlig", "Digitaliseringen går bra"),
    ("statlig", "Mer resurser"),
    ("statlig", "Bra"),
    ("regional", "Vi är få i regionen"),
]


def _ds() -> Dataset:
    data = pd.DataFrame(
        {
            "sector": pd.array([g for g, _ in ANSWERS], dtype="string"),
            "comment": pd.array([a for _, a in ANSWERS], dtype="string"),
            "score": pd.array([1] * len(ANSWERS), dtype="Int64"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical"},
                {"name": "comment", "type": "text", "label": "Övriga kommentarer"},
                {"name": "score", "type": "numeric"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def test_answers_are_masked_and_blank_ones_left_out():
    res = open_answers(_ds(), "comment")
    got = list(res.main["answer"])
    assert len(got) == 11  # 13 rows, one blank, one missing
    joined = " ".join(got)
    assert "anna.berg@kommun.se" not in joined and "[e-post]" in joined
    assert "070-123 45 67" not in joined and "[telefon]" in joined
    assert res.meta["masked"] == {"email": 1, "phone": 1, "url": 1}  # the URL with a token too
    assert list(res.main["n_words"])[2] == 4  # "Digitaliseringen går för långsamt"


def test_by_group_leaves_out_small_groups_with_their_complement():
    res = open_answers(_ds(), "comment", by="sector", min_cell=5)
    # regional has 1 answer: hidden; the complement (next smallest) is hidden too
    assert "regional" not in set(res.main["group"])
    shown = set(res.main["group"])
    assert len(shown) == 1
    assert any("regional" in str(n) for n in res.notes)
    everyone = open_answers(_ds(), "comment", by="sector", min_cell=0)
    assert list(dict.fromkeys(everyone.main["group"])) == [
        "kommunal",
        "regional",
        "statlig",
    ]  # sorted: no codebook levels


def test_word_counts_equal_a_count_in_the_test():
    res = open_answers(_ds(), "comment", word_counts=True, top=5)
    table = res.tables["words"]
    texts = list(res.main["answer"])
    for _, row in table.iterrows():
        assert row["count"] == sum(words(t).count(row["word"]) for t in texts)
        assert row["answers"] == sum(row["word"] in words(t) for t in texts)
    assert table.iloc[0]["word"] in {"bra", "digg", "stödet", "behövs", "digitaliseringen"}
    assert "och" not in set(table["word"])  # a function word
    assert "e-post" not in set(table["word"])  # a placeholder is not a word


def test_only_text_variables_and_inert_formulas(tmp_path):
    with pytest.raises(VariableError, match="not free text"):
        open_answers(_ds(), "score")
    with pytest.raises(VariableError, match="did you mean"):
        open_answers(_ds(), "coment")
    out = tmp_path / "comments.xlsx"
    write_result(open_answers(_ds(), "comment"), out)
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
