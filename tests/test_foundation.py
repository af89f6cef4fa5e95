"""The package skeleton: CLI wiring, error conversion, codebook schema, dataset loading."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from digianalys import __version__
from digianalys.cli import app
from digianalys.codebook import Codebook
from digianalys.dataset import Dataset, compute_scales, load
from digianalys.errors import CodebookError, DatasetError, VariableError

runner = CliRunner()


def test_version():
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0
    assert __version__ in res.output


def test_help_does_not_import_heavy_libraries():
    code = "import sys; from digianalys.cli import app; print(','.join(m for m in ('statsmodels','matplotlib','scipy','pandas') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_missing_dataset_is_one_line_error(tmp_path):
    res = runner.invoke(app, ["describe", str(tmp_path / "nope")])
    assert res.exit_code == 1
    assert res.stderr.startswith("error: ")
    assert "nope" in res.stderr and "digianalys ingest" in res.stderr
    assert "Traceback" not in res.output


def test_usage_error_is_exit_2():
    res = runner.invoke(app, ["compare"])
    assert res.exit_code == 2


def test_codebook_unknown_key_names_variable_and_key():
    with pytest.raises(
        CodebookError, match=r"variable 'q1': unknown key 'lable' \(did you mean: label"
    ):
        Codebook.from_dict({"variables": [{"name": "q1", "type": "ordinal", "lable": "x"}]})


def test_codebook_unknown_scale_item_suggests():
    data = {
        "variables": [{"name": "lead_strategy", "type": "ordinal"}],
        "scales": {"leadership": {"items": ["lead_stratgy"], "min_items": 1}},
    }
    with pytest.raises(CodebookError, match="unknown item 'lead_stratgy'.*lead_strategy"):
        Codebook.from_dict(data)


def test_codebook_yaml_roundtrip_keeps_swedish(tmp_path):
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "q1",
                    "label": "Ledningen har en tydlig strategi för digitalisering",
                    "type": "ordinal",
                    "values": {1: "Instämmer inte alls", 5: "Instämmer helt"},
                    "missing": {"Vet ej": 3},
                    "reverse": True,
                },
                {
                    "name": "sector",
                    "type": "categorical",
                    "levels": {"statlig": ["Statlig myndighet"]},
                },
            ],
            "scales": {"s": {"items": ["q1"], "min_items": 1}},
        }
    )
    cb.save(tmp_path / "codebook.yaml")
    text = (tmp_path / "codebook.yaml").read_text(encoding="utf-8")
    assert "Instämmer inte alls" in text and "för" in text
    again = Codebook.load(tmp_path / "codebook.yaml")
    assert again.to_dict() == cb.to_dict()


def test_compute_scales_reverse_and_min_items():
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "a", "type": "ordinal", "values": {i: str(i) for i in range(1, 6)}},
                {
                    "name": "b",
                    "type": "ordinal",
                    "values": {i: str(i) for i in range(1, 6)},
                    "reverse": True,
                },
                {"name": "c", "type": "ordinal", "values": {i: str(i) for i in range(1, 6)}},
            ],
            "scales": {"s": {"items": ["a", "b", "c"], "min_items": 2}},
        }
    )
    data = pd.DataFrame({"a": [5, 1, None], "b": [1, 5, None], "c": [5, None, 3]}, dtype="Int64")
    s = compute_scales(data, cb)["s"]
    assert s.iloc[0] == pytest.approx(5.0)  # b reversed: 6 - 1 = 5
    assert s.iloc[1] == pytest.approx(1.0)
    assert pd.isna(s.iloc[2])  # only one item answered < min_items


def test_load_rejects_file_and_unknown_column(tmp_path):
    f = tmp_path / "x.xlsx"
    f.write_bytes(b"")
    with pytest.raises(DatasetError, match="is a file"):
        load(f)
    cb = Codebook.from_dict({"variables": [{"name": "sector", "type": "categorical"}]})
    pd.DataFrame({"sector": ["statlig"]}).to_parquet(tmp_path / "data.parquet")
    cb.save(tmp_path / "codebook.yaml")
    ds = load(tmp_path)
    assert isinstance(ds, Dataset)
    with pytest.raises(VariableError, match="'sektor'.*sector"):
        load(tmp_path, columns=["sektor"])
