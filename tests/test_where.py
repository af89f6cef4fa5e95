"""--where: the safe filter language (issue 15.1) — results against pandas masks written here,
refusals with suggestions, and no code ever runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import VariableError
from digianalys.where import apply_where, where_mask


@pytest.fixture(scope="module")
def ds() -> Dataset:
    rng = np.random.default_rng(9)
    n = 200
    data = pd.DataFrame(
        {
            "sector": pd.array(rng.choice(["statlig", "kommunal", "regional"], n), dtype="string"),
            "wave": pd.array(rng.choice(["2018", "2021"], n), dtype="string"),
            "lead": pd.array(rng.integers(1, 6, n), dtype="Int64"),
            "framework": pd.array(rng.integers(0, 2, n), dtype="Int64"),
            "employees": rng.lognormal(5, 1, n),
            "comment": pd.array([None if i % 3 else "bra" for i in range(n)], dtype="string"),
        }
    )
    data.loc[[1, 2], "lead"] = pd.NA
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "sector",
                    "type": "categorical",
                    "levels": {
                        "statlig": ["Statlig myndighet"],
                        "kommunal": ["Kommun"],
                        "regional": ["Region"],
                    },
                },
                {"name": "wave", "type": "categorical"},
                {
                    "name": "lead",
                    "type": "ordinal",
                    "values": {
                        1: "Instämmer inte alls",
                        2: "Instämmer knappast",
                        3: "Varken eller",
                        4: "Instämmer delvis",
                        5: "Instämmer helt",
                    },
                },
                {"name": "framework", "type": "binary", "values": {0: "Nej", 1: "Ja"}},
                {"name": "employees", "type": "numeric"},
                {"name": "comment", "type": "text"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


@pytest.mark.parametrize(
    "expr, expected",
    [
        (
            "sector == kommunal and wave == 2021",
            lambda d: (d.sector == "kommunal") & (d.wave == "2021"),
        ),
        ("sector == Kommun", lambda d: d.sector == "kommunal"),
        (
            "sector == 'Statlig myndighet' or sector == Region",
            lambda d: d.sector.isin(["statlig", "regional"]),
        ),
        ("sector in [statlig, regional]", lambda d: d.sector.isin(["statlig", "regional"])),
        ("sector not in [statlig]", lambda d: d.sector != "statlig"),
        ("framework == Ja", lambda d: d.framework == 1),
        ("framework == 1", lambda d: d.framework == 1),
        ('lead >= "Instämmer delvis"', lambda d: d.lead >= 4),
        ("lead < 3", lambda d: d.lead < 3),
        ("not (employees < 100) and lead != 5", lambda d: (d.employees >= 100) & (d.lead != 5)),
        ("employees > 1,5e2".replace("1,5e2", "150"), lambda d: d.employees > 150),
        ("comment is not missing", lambda d: d.comment.notna()),
        ("lead is missing", lambda d: d.lead.isna()),
        (
            "inte sector == statlig och wave == 2018",
            lambda d: (d.sector != "statlig") & (d.wave == "2018"),
        ),
    ],
)
def test_filters_equal_pandas(ds, expr, expected):
    want = expected(ds.data).fillna(False).to_numpy(dtype=bool)
    np.testing.assert_array_equal(where_mask(ds, expr), want)


def test_missing_satisfies_no_comparison(ds):
    mask = where_mask(ds, "lead != 5")
    assert not mask[1] and not mask[2]


def test_apply_where_counts_and_does_not_change_input(ds):
    before = ds.data.copy()
    sub, info = apply_where(ds, "sector == kommunal")
    assert (
        info.n_before == 200
        and info.n_after == len(sub.data) == (ds.data.sector == "kommunal").sum()
    )
    pd.testing.assert_frame_equal(ds.data, before)
    assert apply_where(ds, None) == (ds, None)


@pytest.mark.parametrize(
    "expr, message",
    [
        ("sectr == kommunal", "unknown variable 'sectr'.*did you mean: sector"),
        ("sector == komunal", "'komunal' is not a value of 'sector'.*did you mean: kommunal"),
        ("sector < kommunal", "'sector' is categorical.*==, != or in"),
        ("lead == Kanske", "'Kanske' is not a number or a label of 'lead'"),
        ("sector == kommunal and", "ends too early"),
        ("sector == kommunal wave == 2021", "join conditions with and/or"),
        ("__import__('os').system('id')", "not allowed|unknown variable|not expected"),
        ("sector == kommunal; import os", "not allowed|not expected"),
        ("(" * 100 + "lead == 1" + ")" * 100, "nested"),
        ("", "empty"),
    ],
)
def test_refusals(ds, expr, message):
    with pytest.raises(VariableError, match=message):
        where_mask(ds, expr)


# ------------------------------------------------------------------ CLI and run config
@pytest.fixture(scope="module")
def sample_ds(tmp_path_factory):
    from pathlib import Path

    from digianalys.ingest.pipeline import ingest

    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("where") / "ds"
    ingest(
        [
            root / "data/sample/digitalisering-2018.xlsx",
            root / "data/sample/digitalisering-2021.xlsx",
        ],
        out,
        waves=["2018", "2021"],
        codebook=root / "examples/digitalisering-codebook.yaml",
    )
    return out


def test_cli_where_on_analyses_and_plots(sample_ds, tmp_path):
    import json

    from typer.testing import CliRunner

    from digianalys.cli import app
    from digianalys.dataset import load

    data = load(sample_ds).data
    want = int(((data["sector"] == "kommunal") & (data["wave"] == "2021")).sum())
    where = ["--where", "sector == Kommun and wave == 2021"]
    res = CliRunner().invoke(app, ["describe", str(sample_ds), "pace", *where, "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["tables"]["describe"][0]["n"] + out["tables"]["describe"][0]["missing"] == want
    assert (
        out["notes"][0]
        == f"Filter: sector == Kommun and wave == 2021 — {want} of {len(data)} responses."
    )
    res = CliRunner().invoke(app, ["compare", str(sample_ds), "pace", "--by", "sector", *where])
    # one sector left after the filter: a clear error, not a comparison of one group
    assert res.exit_code == 1 and "fewer than two groups" in res.output
    fig = tmp_path / "f.svg"
    res = CliRunner().invoke(
        app,
        [
            "plot",
            "box",
            str(sample_ds),
            "pace",
            "--by",
            "sector",
            "-o",
            str(fig),
            "--where",
            "wave == 2018",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "wave == 2018" in fig.read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["describe", str(sample_ds), "--where", "sektor == kommunal"])
    assert bad.exit_code == 1 and "did you mean: sector" in bad.output


def test_run_config_where(tmp_path):
    from pathlib import Path

    from digianalys.run.config import parse_config

    cfg = parse_config(
        {
            "dataset": str(tmp_path),
            "where": "wave == 2021",
            "describe": [{"by": "sector", "where": "sector != regional"}, {"by": "sector"}],
        },
        base=Path(tmp_path),
    )
    first, second = cfg.steps
    assert first.options["where"] == "(wave == 2021) and (sector != regional)"
    assert second.options["where"] == "wave == 2021"
