"""digianalys' own outputs are refused by ingest with a message saying what they are (issue 15):
tables.xlsx (written by digianalys) and a result table's csv; the sample exports (written by
"digianalys sample") are ingested as usual."""

from __future__ import annotations

import pytest

from digianalys.errors import LayoutError
from digianalys.ingest.pipeline import ingest


def test_result_workbook_and_table_are_refused(example_run, tmp_path):
    with pytest.raises(LayoutError, match="tables.xlsx was written by digianalys"):
        ingest([example_run / "tables.xlsx"], tmp_path / "a")
    with pytest.raises(LayoutError, match="looks like a digianalys result table"):
        ingest([example_run / "tables" / "jamforelse-sektor.csv"], tmp_path / "b")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_sample_exports_are_still_ingested(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    res = ingest([root / "data" / "sample" / "digitalisering-2021.xlsx"], tmp_path / "ds")
    assert (tmp_path / "ds" / "data.parquet").is_file() and res is not None
