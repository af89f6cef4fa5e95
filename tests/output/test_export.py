"""digianalys export: .sav/.dta read back with pyreadstat with the same labels, value labels and
measurement levels; .csv with labels and no formula (issue 15.4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest
from typer.testing import CliRunner

from digianalys.cli import app
from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import OutputError
from digianalys.output.export import export


@pytest.fixture(scope="module")
def ds() -> Dataset:
    data = pd.DataFrame(
        {
            "sector": pd.array(["kommunal", "statlig", None, "regional"], dtype="string"),
            "lead": pd.array([5, 1, None, 3], dtype="Int64"),
            "framework": pd.array([1, 0, 1, None], dtype="Int64"),
            "employees": [120.0, 3400.5, np.nan, 8.0],
            "comment": pd.array(['=HYPERLINK("x")', "Bra, tack!", None, "Åsa – ö"], dtype="string"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "sector",
                    "type": "categorical",
                    "label": "Typ av organisation",
                    "levels": {
                        "statlig": ["Statlig myndighet"],
                        "kommunal": ["Kommun"],
                        "regional": ["Region"],
                    },
                },
                {
                    "name": "lead",
                    "type": "ordinal",
                    "label": "Ledningen har en tydlig strategi för digitalisering",
                    "values": {
                        1: "Instämmer inte alls",
                        2: "Instämmer knappast",
                        3: "Varken eller",
                        4: "Instämmer delvis",
                        5: "Instämmer helt",
                    },
                },
                {
                    "name": "framework",
                    "type": "binary",
                    "label": "Nyttorealisering",
                    "values": {0: "Nej", 1: "Ja"},
                },
                {"name": "employees", "type": "numeric", "label": "Antal anställda"},
                {"name": "comment", "type": "text", "label": "Övriga kommentarer"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def test_sav_round_trip(ds, tmp_path):
    out = tmp_path / "enkät.sav"
    assert export(ds, out) == [out]
    df, meta = pyreadstat.read_sav(str(out))
    assert (
        meta.column_names_to_labels["lead"] == "Ledningen har en tydlig strategi för digitalisering"
    )
    assert meta.variable_value_labels["lead"][5.0] == "Instämmer helt"
    assert meta.variable_value_labels["framework"] == {0.0: "Nej", 1.0: "Ja"}
    assert meta.variable_value_labels["sector"] == {
        1.0: "statlig",
        2.0: "kommunal",
        3.0: "regional",
    }
    assert meta.variable_measure["lead"] == "ordinal"
    assert meta.variable_measure["sector"] == "nominal"
    assert meta.variable_measure["employees"] == "scale"
    assert df["lead"].tolist()[:2] == [5.0, 1.0] and np.isnan(df["lead"][2])
    assert df["sector"].tolist()[:2] == [2.0, 1.0]
    assert df["employees"][1] == 3400.5
    assert df["comment"][3] == "Åsa – ö"


def test_dta_round_trip(ds, tmp_path):
    out = tmp_path / "enkat.dta"
    export(ds, out)
    df, meta = pyreadstat.read_dta(str(out))
    assert meta.variable_value_labels["framework"] == {0: "Nej", 1: "Ja"}
    assert meta.column_names_to_labels["employees"] == "Antal anställda"
    assert df.shape == (4, 5)


def test_csv_labels_and_no_formula(ds, tmp_path):
    out = tmp_path / "enkat.csv"
    written = export(ds, out)
    assert written == [out, tmp_path / "enkat.codebook.csv"]
    text = out.read_text(encoding="utf-8-sig")
    assert "Instämmer helt" in text and "Ja" in text
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    book = pd.read_csv(written[1], encoding="utf-8-sig")
    assert book.set_index("name").loc["lead", "values"].startswith("1 = Instämmer inte alls")


def test_bad_extension(ds, tmp_path):
    with pytest.raises(OutputError, match="use one of: .sav, .dta, .csv"):
        export(ds, tmp_path / "x.xlsx")


def test_cli_export(tmp_path):
    from digianalys.ingest.pipeline import ingest

    csv = tmp_path / "in.csv"
    csv.write_text(
        "sector,lead\nKommun,Instämmer helt\nRegion,Instämmer inte alls\nKommun,Varken eller\n",
        encoding="utf-8",
    )
    ingest([csv], tmp_path / "ds")
    res = CliRunner().invoke(app, ["export", str(tmp_path / "ds"), "-o", str(tmp_path / "x.sav")])
    assert res.exit_code == 0, res.output
    df, meta = pyreadstat.read_sav(str(tmp_path / "x.sav"))
    assert len(df) == 3


# --------------------------------------------------------------------------- don't-know codes
# (issue 15.4) Reference: the answers as written into the CSV export below, counted by hand.

DK_CSV = (
    "Sektor;Ledningen har en strategi;Antal anställda;Nyttorealisering\n"
    "Kommun;Instämmer helt;120;Ja\n"
    "Region;Vet ej;99;Nej\n"
    "Kommun;Varken eller;Vet ej;Ja\n"
    "Statlig myndighet;Ej aktuellt;8;Vet ej\n"
    "Region;Instämmer inte alls;;Nej\n"
    "Kommun;Vet ej;40;Ja\n"
    "Region;Instämmer delvis;12;Nej\n"
)


@pytest.fixture
def dk_dir(tmp_path):
    from digianalys.ingest.pipeline import ingest

    src = tmp_path / "svar.csv"
    src.write_text(DK_CSV, encoding="utf-8")
    ingest([src], tmp_path / "ds")
    return tmp_path / "ds"


def _names(ds_dir):
    from digianalys.dataset import load

    ds = load(ds_dir)
    by_source = {v.source: v.name for v in ds.codebook.variables}
    return (
        ds,
        by_source["Ledningen har en strategi"],
        by_source["Antal anställda"],
        by_source["Nyttorealisering"],
    )


def test_ingest_keeps_which_cells_were_dont_know(dk_dir):
    from digianalys.ingest.dont_know_cells import read_dont_know

    ds, lead, employees, benefit = _names(dk_dir)
    found = read_dont_know(ds)
    assert found is not None
    cells = found.astype(object).where(found.notna(), None)
    assert cells[lead].tolist() == [None, "Vet ej", None, "Ej aktuellt", None, "Vet ej", None]
    assert cells[employees].tolist() == [None, None, "Vet ej", None, None, None, None]
    assert cells[benefit].tolist() == [None, None, None, "Vet ej", None, None, None]
    # the dataset itself is unchanged: don't-know is missing, counted in the codebook
    assert ds.data[lead].isna().tolist() == [False, True, False, True, False, True, False]
    assert ds.codebook.get(lead).missing == {"Vet ej": 2, "Ej aktuellt": 1}


def test_sav_writes_dont_know_as_user_missing_and_round_trips(dk_dir, tmp_path):
    from digianalys.dataset import load
    from digianalys.ingest.pipeline import ingest

    ds, lead, employees, benefit = _names(dk_dir)
    out = tmp_path / "enkät.sav"
    export(ds, out)
    df, meta = pyreadstat.read_sav(str(out), user_missing=True)
    assert meta.missing_ranges[lead] == [{"lo": 99.0, "hi": 99.0}, {"lo": 98.0, "hi": 98.0}]
    assert meta.variable_value_labels[lead][99.0] == "Vet ej"
    assert meta.variable_value_labels[lead][98.0] == "Ej aktuellt"
    assert meta.variable_value_labels[lead][5.0] == "Instämmer helt"
    assert df[lead].tolist()[:4] == [5.0, 99.0, 3.0, 98.0]
    # 99 is an answer of employees: its don't-know code is 999
    assert meta.missing_ranges[employees] == [{"lo": 999.0, "hi": 999.0}]
    assert df[employees].tolist()[1:3] == [99.0, 999.0]
    assert np.isnan(df[employees][4])  # a blank stays system-missing
    assert meta.variable_value_labels[benefit][99.0] == "Vet ej"
    # without user_missing, the codes are missing
    plain, _ = pyreadstat.read_sav(str(out))
    assert plain[lead].isna().tolist() == [False, True, False, True, False, True, False]
    # ingest of the .sav gives the same dataset, don't-know counts included
    back = load(ingest([out], tmp_path / "back").out_dir)
    for name in (lead, employees, benefit):
        assert back.codebook.get(name).missing == ds.codebook.get(name).missing, name
        pd.testing.assert_series_equal(
            back.data[name], ds.data[name], check_dtype=False, check_names=False
        )


def test_more_than_three_dont_know_labels_are_one_range(tmp_path):
    from digianalys.ingest.pipeline import ingest

    src = tmp_path / "svar.csv"
    answers = ["Ja", "Nej", "Vet ej", "Ej aktuellt", "Vill ej svara", "Ingen uppfattning", "Ja"]
    src.write_text("Svar\n" + "\n".join(answers) + "\n", encoding="utf-8")
    ds_dir = ingest([src], tmp_path / "ds").out_dir
    export(ds_dir, tmp_path / "x.sav")
    df, meta = pyreadstat.read_sav(str(tmp_path / "x.sav"), user_missing=True)
    assert meta.missing_ranges["svar"] == [{"lo": 96.0, "hi": 99.0}]
    labels = meta.variable_value_labels["svar"]
    assert sorted(labels[c] for c in df["svar"][2:6]) == sorted(answers[2:6])


def test_dta_writes_dont_know_as_extended_missing(dk_dir, tmp_path):
    ds, lead, _, _ = _names(dk_dir)
    export(ds, tmp_path / "x.dta")
    df, meta = pyreadstat.read_dta(str(tmp_path / "x.dta"), user_missing=True)
    assert meta.missing_user_values[lead] == ["a", "b"]
    assert meta.variable_value_labels[lead]["a"] == "Vet ej"
    assert meta.variable_value_labels[lead]["b"] == "Ej aktuellt"
    assert df[lead].tolist()[:4] == [5, "a", 3, "b"]


def test_dta_names_fit_stata(tmp_path):
    """Stata names: pyreadstat names each value-label set after its variable plus a running
    number, all within 32 characters (the sample's long names failed before)."""
    long = "ledningen_tydlig_strategi_digitalisering"
    data = pd.DataFrame({f"{long}_{i}": pd.array([1, 2], dtype="Int64") for i in range(12)})
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": n, "type": "binary", "label": "Är det så?", "values": {1: "Ja", 2: "Nej"}}
                for n in data.columns
            ]
        }
    )
    export(Dataset(data=data, codebook=cb), tmp_path / "x.dta")
    df, meta = pyreadstat.read_dta(str(tmp_path / "x.dta"))
    assert len(set(df.columns)) == 12 and max(len(c) for c in df.columns) <= 30
    assert all(v == {1: "Ja", 2: "Nej"} for v in meta.variable_value_labels.values())


def test_stale_dont_know_file_is_ignored(dk_dir, tmp_path):
    """A dont_know.parquet that does not fit data.parquet (rows) is not used."""
    from digianalys.dataset import load
    from digianalys.ingest.dont_know_cells import DONT_KNOW_FILE, read_dont_know

    cells = pd.read_parquet(dk_dir / DONT_KNOW_FILE)
    cells.iloc[:3].to_parquet(dk_dir / DONT_KNOW_FILE, index=False)
    assert read_dont_know(load(dk_dir)) is None


# R haven's reading of the same export (tests/data/r_export/read_dont_know.R, its output in
# read_dont_know.txt, of dont_know.sav written by export from DK_CSV): an independent reader
# sees the user-missing codes, their labels and the cells.
R_HAVEN = {
    "ledningen_har_en_strategi": {
        "na_values": [99.0, 98.0],
        "labels": {99.0: "Vet ej", 98.0: "Ej aktuellt", 5.0: "Instämmer helt"},
        "values": [5, 99, 3, 98, 1, 99, 4],
        "missing": [0, 1, 0, 1, 0, 1, 0],
    },
    "antal_anstallda": {
        "na_values": [999.0],
        "labels": {999.0: "Vet ej"},
        "values": [120, 99, 999, 8, None, 40, 12],
        "missing": [0, 0, 1, 0, 1, 0, 0],
    },
    "nyttorealisering": {
        "na_values": [99.0],
        "labels": {99.0: "Vet ej", 0.0: "Nej", 1.0: "Ja"},
        "values": [1, 0, 1, 99, 0, 1, 0],
        "missing": [0, 0, 0, 1, 0, 0, 0],
    },
}


def test_sav_export_reads_in_r_haven_as_written(dk_dir, tmp_path):
    out = tmp_path / "x.sav"
    export(dk_dir, out)
    df, meta = pyreadstat.read_sav(str(out), user_missing=True)
    plain, _ = pyreadstat.read_sav(str(out))
    for name, ref in R_HAVEN.items():
        assert [r["lo"] for r in meta.missing_ranges[name]] == ref["na_values"], name
        for code, label in ref["labels"].items():
            assert meta.variable_value_labels[name][code] == label, (name, code)
        values = [None if pd.isna(v) else v for v in df[name].tolist()]
        assert values == ref["values"], name
        assert plain[name].isna().astype(int).tolist() == ref["missing"], name
