"""Legacy .xls (BIFF8) exports: read with calamine, typed like any other workbook.

tests/data/legacy-export.xls was written once with xlwt (BIFF8, UTF-8 strings) and is committed as a
binary fixture because nothing in the test environment can write .xls. Expected values below are the
cells that were written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from digianalys.ingest.pipeline import ingest
from digianalys.ingest.reading import read_export

XLS = Path(__file__).resolve().parents[1] / "data" / "legacy-export.xls"


def test_xls_cells_read_as_text_with_swedish_characters():
    raw = read_export(XLS)
    assert raw.format == "xls"
    assert raw.sheet == "Svar"
    assert raw.cells.shape == (7, 5)
    assert raw.cells.iloc[0].tolist() == [
        "Typ av organisation",
        "Antal anställda",
        "Ledningen har en tydlig strategi för digitalisering",
        "Har ni en modell för nyttorealisering?",
        "Övriga kommentarer",
    ]
    # numbers as canonical text: 1200.0 -> "1200", 35.5 stays "35.5"
    assert raw.cells[1].tolist()[1:] == ["1200", "450", "8000", "35.5", "88", "120"]
    assert raw.cells.iloc[6, 4] == "Åtgärder behövs"
    assert pd.isna(raw.cells.iloc[2, 4])


def test_xls_ingests_to_typed_dataset_and_is_not_modified(tmp_path):
    before = hashlib.sha256(XLS.read_bytes()).hexdigest()
    res = ingest([XLS], tmp_path / "out")
    assert hashlib.sha256(XLS.read_bytes()).hexdigest() == before
    data, cb = res.dataset.data, res.dataset.codebook
    assert data["sector"].tolist() == [
        "statlig",
        "kommunal",
        "regional",
        "kommunal",
        "statlig",
        "kommunal",
    ]
    lead = cb.of_type("ordinal")[0]
    assert lead.values == {
        1: "Instämmer inte alls",
        2: "Instämmer knappast",
        3: "Varken eller",
        4: "Instämmer delvis",
        5: "Instämmer helt",
    }
    assert data[lead.name].tolist()[:4] == [5, 4, 3, 1]
    assert pd.isna(data[lead.name].iloc[4])  # "Vet ej" -> missing, counted
    assert lead.missing == {"Vet ej": 1}
    binary = cb.of_type("binary")[0]
    assert data[binary.name].tolist()[:2] == [1, 0]
    assert binary.missing == {"Vet ej": 1}
    num = cb.of_type("numeric")[0]
    assert data[num.name].tolist() == [1200.0, 450.0, 8000.0, 35.5, 88.0, 120.0]
