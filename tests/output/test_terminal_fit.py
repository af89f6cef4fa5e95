"""Tables printed to the terminal fit its width (issue 12): COLUMNS=100 gives no line longer
than 100 characters, technical columns are left out (not the p-values), long labels wrap, the
rest comes in column blocks; --format wide keeps every column."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from digianalys.cli import app
from digianalys.output.terminal_fit import fit_table


def test_compare_fits_a_100_column_terminal(example_run):
    ds = str(example_run / "dataset")
    runner = CliRunner()
    res = runner.invoke(
        app, ["compare", ds, "--by", "sector", "--lang", "sv"], env={"COLUMNS": "100"}
    )
    assert res.exit_code == 0, res.output
    assert max(len(line) for line in res.output.splitlines()) <= 100
    assert "Justerat p" in res.output and "Riktning" in res.output
    assert "Testvärde" not in res.output  # technical: in files and --format wide
    wide = runner.invoke(
        app,
        ["compare", ds, "--by", "sector", "--lang", "sv", "--format", "wide"],
        env={"COLUMNS": "100"},
    )
    assert wide.exit_code == 0 and "Testvärde" in wide.output
    assert max(len(line) for line in wide.output.splitlines()) > 100


def test_fit_table_wraps_and_blocks():
    df = pd.DataFrame(
        {
            "Question": ["A rather long question text that needs wrapping " * 3, "Short"],
            "Statistic": ["12.3", "4.5"],
            **{f"Group {i}": [f"{i}.0 (1.2)", f"{i}.5 (0.3)"] for i in range(12)},
        }
    )
    text = fit_table(df, 60)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert "Statistic" not in text  # technical column left out when it does not fit
    for i in range(12):
        assert f"{i}.5 (0.3)" in text  # every group column is shown, in blocks
    assert text.count("Question") >= 2  # each block repeats the first column


def test_blocks_repeat_the_columns_naming_the_row():
    """Each column block repeats the leading text columns (question and group), so a row of the
    second block can still be read without the first."""
    df = pd.DataFrame(
        {
            "Question": ["Leadership", "Leadership"],
            "Group": ["statlig", "kommunal"],
            **{f"Estimate {i}": [f"{i}.25", f"{i}.75"] for i in range(14)},
        }
    )
    blocks = fit_table(df, 70).split("\n\n")
    assert len(blocks) >= 2
    for block in blocks:
        lines = block.splitlines()
        assert lines[0].startswith("Question") and "Group" in lines[0]
        assert "statlig" in lines[2] and "kommunal" in lines[3]
        assert max(len(line) for line in lines) <= 70


def test_narrow_terminal_keeps_each_estimate_with_its_interval():
    """Interval columns are joined into one "low – high" column rather than left out."""
    df = pd.DataFrame(
        {
            "Question": ["A long question about leadership and the pace of change"] * 2,
            "Estimate": ["0.39", "0.41"],
            "CI lower": ["0.33", "0.35"],
            "CI upper": ["0.45", "0.47"],
            "Statistic": ["12.30", "13.10"],
            **{f"Group {i}": ["1.0", "2.0"] for i in range(6)},
        }
    )
    text = fit_table(df, 80)
    assert "95 % CI" in text and "0.33 – 0.45" in text and "0.35 – 0.47" in text
    assert "CI lower" not in text
    wide = fit_table(df, 400)
    assert "CI lower" in wide  # a table that fits keeps its columns as they are
