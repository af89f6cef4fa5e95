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
