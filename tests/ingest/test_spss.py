"""SPSS files (ingest/spss.py): real .sav files written by SPSS (pyreadstat's test data, see
tests/data/spss/ATTRIBUTION.md) read into text cells with value labels, user-missing values as
don't know (counted, with their codes), variable labels kept; hostile files refused."""

from __future__ import annotations

from pathlib import Path

import pyreadstat
import pytest

from digianalys.errors import InputFileError
from digianalys.ingest.spss import DONT_KNOW_TEXT, read_sav

DATA = Path(__file__).resolve().parents[1] / "data" / "spss"


def test_values_are_value_labels_and_names_the_header():
    raw = read_sav(DATA / "sample.sav")
    df, meta = pyreadstat.read_sav(str(DATA / "sample.sav"))
    assert list(raw.cells.iloc[0]) == list(df.columns)
    body = raw.cells.iloc[1:].reset_index(drop=True)
    labels = meta.variable_value_labels["mylabl"]
    want = [labels[v] for v in df["mylabl"]]
    assert list(body[list(df.columns).index("mylabl")]) == want
    assert list(body[0]) == list(df["mychar"])
    assert body[1].tolist()[0] == "1.1"
    assert raw.info["labels"] == {k: v for k, v in meta.column_names_to_labels.items() if v}
    assert raw.info["measure"]["myord"] == "ordinal"
    assert raw.info["value_labels"]["myord"] == {1: "low", 2: "medium", 3: "high"}
    assert raw.warnings == []


def test_user_missing_values_are_dont_know_with_counts():
    raw = read_sav(DATA / "sample_missing.sav")
    df, meta = pyreadstat.read_sav(str(DATA / "sample_missing.sav"), user_missing=True)
    col = list(df.columns).index("mynum")
    body = raw.cells.iloc[1:].reset_index(drop=True)
    # user-missing: the range 2000–3000 and the code −1
    miss = [
        any(r["lo"] <= v <= r["hi"] for r in meta.missing_ranges["mynum"])
        for v in df["mynum"].fillna(0)
    ]
    assert [body[col][i] == DONT_KNOW_TEXT for i in range(len(df))] == miss
    assert raw.info["user_missing"]["mynum"] == {"-1": 1, "2500": 1}
    assert raw.info["user_missing"]["mylabl"] == {"-1 (undetermined)": 1}
    assert any("mylabl" in str(w) and "undetermined" in str(w) for w in raw.warnings)
    # system-missing stays blank
    date_col = list(df.columns).index("mydate")
    assert body[date_col].isna().sum() == df["mydate"].isna().sum() > 0


def test_damaged_or_foreign_files_are_errors(tmp_path):
    bad = tmp_path / "broken.sav"
    bad.write_bytes((DATA / "sample.sav").read_bytes()[:300])
    with pytest.raises(InputFileError, match="broken.sav"):
        read_sav(bad)
    other = tmp_path / "text.sav"
    other.write_text("this is not SPSS", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a readable SPSS file"):
        read_sav(other)
    with pytest.raises(InputFileError, match="no such file"):
        read_sav(tmp_path / "missing.sav")
