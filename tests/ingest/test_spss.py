"""SPSS files (ingest/spss.py): real .sav files written by SPSS (pyreadstat's test data, see
tests/data/spss/ATTRIBUTION.md) read into text cells with value labels, user-missing values as
don't know (counted, with their codes), variable labels kept; hostile files refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
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


def test_ingest_a_real_sav_file_end_to_end(tmp_path):
    """`digianalys ingest FILE.sav`: SPSS names, variable labels, the ordinal variable with
    SPSS's codes and labels, user-missing values counted as don't know; equal to pyreadstat."""
    from typer.testing import CliRunner

    from digianalys.cli import app
    from digianalys.dataset import load

    out = tmp_path / "ds"
    res = CliRunner().invoke(app, ["ingest", str(DATA / "sample_missing.sav"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    ds = load(out)
    df, meta = pyreadstat.read_sav(str(DATA / "sample_missing.sav"))  # user-missing → NaN
    assert list(ds.data.columns) == list(df.columns)
    for name, label in meta.column_names_to_labels.items():
        assert ds.label(name) == label
    myord = ds.codebook.get("myord")
    assert myord.type == "ordinal" and myord.values == {1: "low", 2: "medium", 3: "high"}
    assert list(ds.data["myord"].astype("Float64")) == [
        float(v) if v == v else pd.NA for v in df["myord"]
    ]
    assert myord.missing == {"Don't know": 2}
    num = ds.data["mynum"].to_numpy(dtype=float)
    np.testing.assert_allclose(num[: len(df)], df["mynum"].to_numpy(dtype=float), equal_nan=True)
    report = (out / "ingest-report.md").read_text(encoding="utf-8")
    assert "undetermined" in report  # which SPSS code was read as don't know


def test_export_and_ingest_round_trip(tmp_path):
    """A dataset exported to .sav by digianalys ingests back with the same values and labels."""
    from digianalys.dataset import load
    from digianalys.ingest.pipeline import ingest
    from digianalys.output.export import export

    first = tmp_path / "first"
    ingest([DATA / "sample.sav"], first)
    ds = load(first)
    sav = tmp_path / "again.sav"
    export(ds, sav)
    second = tmp_path / "second"
    ingest([sav], second)
    again = load(second)
    assert list(again.data.columns) == list(ds.data.columns)
    for name in ds.data.columns:
        assert again.label(name) == ds.label(name)
        assert again.vtype(name) == ds.vtype(name), name
        a = ds.data[name].astype("string").tolist()
        b = again.data[name].astype("string").tolist()
        assert a == b, name
