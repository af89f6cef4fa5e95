"""The Python API gives the same tables as the CLI: `--format json` equals Result.to_dict()."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from digianalys.codebook import Codebook
from digianalys.dataset import compute_scales


def test_public_names_import():
    from digianalys import compare, correlate, describe, load, model, scales

    for f in (load, compare, correlate, model, describe, scales):
        assert callable(f)


@pytest.fixture(scope="module")
def dataset_dir(tmp_path_factory) -> Path:
    """A dataset directory as ingest writes it: data.parquet + codebook.yaml (with a scale)."""
    rng = np.random.default_rng(42)
    n = 160
    sector = rng.choice(["statlig", "kommunal", "regional"], n)
    f = rng.normal(size=n)
    items = {
        name: np.clip(np.round(3 + 0.8 * f + rng.normal(scale=0.8, size=n)), 1, 5).astype(int)
        for name in ("lead_strategy", "lead_followup", "lead_agenda")
    }
    emp = rng.lognormal(5, 1, n)
    pace = 0.6 * f + 0.2 * np.log(emp) + rng.normal(size=n)
    data = pd.DataFrame(
        {
            "sector": pd.array(sector, dtype="string"),
            **{k: pd.array(v, dtype="Int64") for k, v in items.items()},
            "employees": emp,
            "pace": pace,
            "framework": pd.array((pace > 1).astype(int), dtype="Int64"),
            "w": rng.uniform(0.5, 2.0, n),
        }
    )
    data.loc[[4, 9], "lead_agenda"] = pd.NA
    values = {
        1: "Instämmer inte alls",
        2: "Instämmer knappast",
        3: "Varken eller",
        4: "Instämmer delvis",
        5: "Instämmer helt",
    }
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "sector",
                    "type": "categorical",
                    "label": "Organisationstyp",
                    "levels": {
                        "statlig": ["Statlig"],
                        "kommunal": ["Kommun"],
                        "regional": ["Region"],
                    },
                },
                *[
                    {"name": k, "type": "ordinal", "values": values, "label": f"Ledning {k[5:]}"}
                    for k in items
                ],
                {"name": "employees", "type": "numeric", "label": "Antal anställda"},
                {"name": "pace", "type": "numeric", "label": "Digitaliseringstakt"},
                {"name": "framework", "type": "binary", "values": {0: "Nej", 1: "Ja"}},
                {"name": "w", "type": "numeric"},
            ],
            "scales": {"leadership": {"items": list(items), "min_items": 2, "label": "Ledarskap"}},
        }
    )
    data = pd.concat([data, compute_scales(data, cb)], axis=1)
    out = tmp_path_factory.mktemp("dataset")
    data.to_parquet(out / "data.parquet", index=False)
    cb.save(out / "codebook.yaml")
    return out


def _cli_json(args: list[str]) -> dict:
    from digianalys.cli import app

    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _lib_json(result) -> dict:
    return json.loads(json.dumps(result.to_dict()))


def test_correlate_cli_json_equals_library(dataset_dir):
    from digianalys import correlate

    d = str(dataset_dir)
    cli = _cli_json(["correlate", d, "leadership", "pace", "--control", "employees"])
    assert cli == _lib_json(correlate(d, "leadership", "pace", control=["employees"]))
    cli = _cli_json(
        ["correlate", d, "leadership", "pace", "employees", "--method", "pearson", "--by", "sector"]
    )
    lib = correlate(d, ["leadership", "pace", "employees"], method="pearson", by="sector")
    assert cli == _lib_json(lib)
    assert len(cli["tables"]["correlations"]) == 9
    cli = _cli_json(["correlate", d, "leadership", "pace", "--weights", "w"])
    assert cli == _lib_json(correlate(d, "leadership", "pace", weights="w"))


def test_model_cli_json_equals_library(dataset_dir):
    from digianalys import model

    d = str(dataset_dir)
    formula = "pace ~ leadership + C(sector) + np.log(employees)"
    cli = _cli_json(["model", d, formula, "--standardize"])
    assert cli == _lib_json(model(d, formula, standardize=True))
    assert cli["tables"]["fit"][0]["reference_levels"] == "C(sector): kommunal"
    cli = _cli_json(["model", d, "framework ~ leadership", "--kind", "logit", "--robust", "none"])
    assert cli == _lib_json(model(d, "framework ~ leadership", kind="logit", robust="none"))
    cli = _cli_json(["model", d, "lead_strategy ~ pace + C(sector)", "--kind", "ordinal"])
    assert cli == _lib_json(model(d, "lead_strategy ~ pace + C(sector)", kind="ordinal"))


def test_scales_cli_json_equals_library(dataset_dir):
    from digianalys import scales

    d = str(dataset_dir)
    cli = _cli_json(["scales", d])
    assert cli == _lib_json(scales(d))
    assert cli["tables"]["scales"][0]["scale"] == "leadership"


def test_describe_and_compare_cli_json_equal_library(dataset_dir):
    from digianalys import compare, describe

    d = str(dataset_dir)
    assert _cli_json(["describe", d, "--by", "sector"]) == _lib_json(describe(d, by="sector"))
    assert _cli_json(["compare", d, "--by", "sector"]) == _lib_json(compare(d, "sector"))


def test_unknown_formula_variable_is_a_one_line_error(dataset_dir):
    from digianalys.cli import app

    result = CliRunner().invoke(app, ["model", str(dataset_dir), "pace ~ leadrship"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown variable 'leadrship' in the formula")
    assert "did you mean: leadership" in result.stderr
    assert "Traceback" not in result.output
