"""Published reference values reproduced end to end through the command line (issue 3, done-when).

The GPL-licensed pingouin data sets are read from ../shared/realdata (never copied into the repo);
the numbers below are the values published in pingouin's documentation and tests:

* pingouin_anova.csv (pain threshold by hair colour, McClave & Dietrich 1991): Welch ANOVA
  F = 5.890115, df = (3, 8.329841), p = 0.018813; Kruskal–Wallis H = 10.58863, p = 0.014172;
  group sizes 5/5/5/4 (so --min-cell 4 keeps the smallest group).
* pingouin_cronbach_wide_missing.csv: Cronbach's alpha 0.732661 [0.435, 0.909] with pairwise
  deletion (our default; documented in stats/reliability.py).
"""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from digianalys.cli import app

runner = CliRunner()


def _ok(args: list[str]) -> str:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return res.stdout


def _json(args: list[str]) -> dict:
    return json.loads(_ok([*args, "--format", "json"]))


@pytest.fixture
def anova_dir(realdata, tmp_path):
    out = tmp_path / "anova"
    _ok(["ingest", str(realdata / "pingouin_anova.csv"), "-o", str(out)])
    return out


def test_welch_anova_published_values_via_cli(anova_dir):
    res = _json(["compare", str(anova_dir), "--by", "hair_color", "--min-cell", "4"])
    (row,) = res["tables"]["compare"]
    assert row["variable"] == "pain_threshold" and row["test"] == "Welch ANOVA"
    assert row["statistic"] == pytest.approx(5.890115, abs=1e-6)
    assert row["df"] == pytest.approx(3)
    assert row["df2"] == pytest.approx(8.329841, abs=1e-6)
    assert row["p_value"] == pytest.approx(0.018813, abs=1e-6)
    sizes = sorted(row[k] for k in row if k.startswith("n_"))
    assert sizes == [4, 5, 5, 5]


def test_kruskal_wallis_published_values_via_cli(anova_dir):
    res = _json(
        [
            "compare",
            str(anova_dir),
            "--by",
            "hair_color",
            "--min-cell",
            "4",
            "--test",
            "nonparametric",
        ]
    )
    (row,) = res["tables"]["compare"]
    assert row["test"] == "Kruskal–Wallis H"
    assert row["statistic"] == pytest.approx(10.58863, abs=1e-5)
    assert row["p_value"] == pytest.approx(0.014172, abs=1e-6)


def test_default_min_cell_suppresses_the_group_of_four_via_cli(anova_dir):
    res = _json(["compare", str(anova_dir), "--by", "hair_color"])
    (row,) = res["tables"]["compare"]
    # the Light Brunette group (n = 4) is excluded from the test, and so is Dark Blond (5, the
    # first of the next-smallest groups), so that 19 − n does not give the group of four
    assert row["n"] == 10
    assert row["n_Light Brunette"] is None and row["n_Dark Blond"] is None
    assert any("Light Brunette" in note for note in res["notes"])
    assert any("'Dark Blond'" in note and "smaller group" in note for note in res["notes"])


def test_cronbach_alpha_published_values_via_cli(realdata, tmp_path):
    first = tmp_path / "first"
    _ok(["ingest", str(realdata / "pingouin_cronbach_wide_missing.csv"), "-o", str(first)])
    cb = yaml.safe_load((first / "codebook.yaml").read_text(encoding="utf-8"))
    names = [v["name"] for v in cb["variables"]]
    assert names == [f"q{i}" for i in range(1, 12)]
    cb["scales"] = {"questionnaire": {"items": names, "min_items": 1}}
    edited = tmp_path / "codebook.yaml"
    edited.write_text(yaml.safe_dump(cb, allow_unicode=True), encoding="utf-8")
    ds = tmp_path / "ds"
    src = realdata / "pingouin_cronbach_wide_missing.csv"
    _ok(["ingest", str(src), "-o", str(ds), "--codebook", str(edited)])
    (row,) = _json(["scales", str(ds)])["tables"]["scales"]
    assert row["n_items"] == 11
    assert row["alpha"] == pytest.approx(0.732661, abs=1e-6)
    # pingouin's published CI [0.435, 0.909] uses all 12 rows; the Feldt CI here uses the 9
    # complete responses (issue 11.6), the same as tests/test_reliability.py
    assert round(row["conf_low"], 3) == 0.37
    assert round(row["conf_high"], 3) == 0.929
    (listwise,) = _json(["scales", str(ds), "--missing", "listwise"])["tables"]["scales"]
    assert listwise["alpha"] == pytest.approx(0.801695, abs=1e-6)
