"""The command line as a user meets it: exact one-line errors and exit codes for common mistakes.

Exit codes (contract): 0 success; 1 the input, codebook or an option value cannot be used
(``error: …`` on stderr naming the file/column and what to do, no traceback); 2 usage errors
(Typer/click: unknown choice, missing option).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from digianalys.cli import app
from digianalys.codebook import Codebook

#: a scale labelled only at its ends, as many Swedish surveys have it
AGREE = {1: "1 Instämmer inte alls", 2: "2", 3: "3", 4: "4", 5: "5 Instämmer helt"}


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> str:
    """A dataset directory as ingest writes it (no wave column, no scales)."""
    rng = np.random.default_rng(3)
    n = 60
    data = pd.DataFrame(
        {
            "sector": pd.array(rng.choice(["statlig", "kommunal"], n), dtype="string"),
            "lead_strategy": pd.array(rng.integers(1, 6, n), dtype="Int64"),
            "pace": rng.normal(50, 10, n),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical", "label": "Organisationstyp"},
                {"name": "lead_strategy", "type": "ordinal", "label": "Strategi", "values": AGREE},
                {"name": "pace", "type": "numeric", "label": "Digitaliseringstakt"},
            ]
        }
    )
    out = tmp_path_factory.mktemp("dataset")
    data.to_parquet(out / "data.parquet", index=False)
    cb.save(out / "codebook.yaml")
    return str(out)


def _fails(args: list[str], message: str) -> None:
    """The command exits 1 with exactly ``error: message`` on stderr and nothing on stdout."""
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 1, res.output
    assert res.stderr == f"error: {message}\n"
    assert res.stdout == ""


def _usage(args: list[str], fragment: str) -> None:
    """A usage error: exit 2, click's usage line, and ``fragment`` in the message."""
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith(f"Usage: digianalys {args[0]} [OPTIONS]")
    assert fragment in res.stderr
    assert "Traceback" not in res.output


# ---------------------------------------------------------------------- missing dataset
@pytest.mark.parametrize(
    "args",
    [
        ["describe", "{ds}"],
        ["compare", "{ds}", "--by", "sector"],
        ["correlate", "{ds}", "pace", "lead_strategy"],
        ["model", "{ds}", "pace ~ lead_strategy"],
        ["scales", "{ds}"],
        ["plot", "box", "{ds}", "pace", "-o", "{ds}.png"],
    ],
    ids=lambda a: a[0],
)
def test_missing_dataset(tmp_path, args):
    missing = tmp_path / "analys"
    _fails(
        [a.format(ds=missing) for a in args],
        f"{missing}: no such dataset directory; create it with "
        f"'digianalys ingest EXPORT -o {missing}'",
    )
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------- unknown variables
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["describe", "{ds}", "pacee"],
            "unknown variable 'pacee' in the dataset (did you mean: pace?)",
        ),
        (
            ["describe", "{ds}", "--by", "sektor"],
            "unknown variable 'sektor' in the dataset (--by) (did you mean: sector?)",
        ),
        (
            ["compare", "{ds}", "--by", "sektor"],
            "unknown variable 'sektor' in the dataset (--by) (did you mean: sector?)",
        ),
        (
            ["compare", "{ds}", "pacee", "--by", "sector"],
            "unknown variable 'pacee' in the dataset (did you mean: pace?)",
        ),
        (
            ["correlate", "{ds}", "pace", "lead_strategi"],
            "unknown variable 'lead_strategi' in the dataset (correlate) "
            "(did you mean: lead_strategy?)",
        ),
        (
            ["model", "{ds}", "pace ~ lead_strategi"],
            "unknown variable 'lead_strategi' in the formula 'pace ~ lead_strategi' "
            "(did you mean: lead_strategy?)",
        ),
        (
            ["plot", "box", "{ds}", "pacee", "-o", "{tmp}/x.png"],
            "unknown variable 'pacee' in the dataset (plot box) (did you mean: pace?)",
        ),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else None,
)
def test_unknown_variable_suggests_the_closest_name(ds, tmp_path, args, message):
    _fails([a.format(ds=ds, tmp=tmp_path) for a in args], message)


# ---------------------------------------------------------------------- other wrong values
def test_correlate_needs_two_variables(ds):
    _fails(["correlate", ds, "pace"], "correlate needs at least two variables: X Y")


def test_model_formula_without_tilde(ds):
    _fails(
        ["model", ds, "pace"],
        "formula 'pace' must have exactly one '~', e.g. 'pace ~ leadership + C(sector)'",
    )


def test_scales_without_scales_in_the_codebook(ds):
    _fails(
        ["scales", ds],
        "the codebook defines no scales; add a 'scales:' section, e.g. leadership: "
        "{items: [lead_strategy, lead_followup, lead_agenda]}, and re-run ingest",
    )


# ---------------------------------------------------------------------- -o with a bad extension
@pytest.mark.parametrize(
    ("args", "name", "shown"),
    [
        (["describe", "{ds}"], "tabell.odt", "'.odt'"),
        (["compare", "{ds}", "--by", "sector"], "tabell", "no extension"),
        (["correlate", "{ds}", "pace", "lead_strategy"], "corr.txt", "'.txt'"),
        (["model", "{ds}", "pace ~ lead_strategy"], "model.XLS", "'.XLS'"),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else None,
)
def test_table_output_with_a_bad_extension(ds, tmp_path, args, name, shown):
    out = tmp_path / name
    _fails(
        [*(a.format(ds=ds) for a in args), "-o", str(out)],
        f"{out}: cannot write a table with {shown}; use one of: "
        ".csv, .xlsx, .md, .html, .tex, .json, .docx",
    )
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


def test_figure_output_with_a_bad_extension(ds, tmp_path):
    out = tmp_path / "figur.jpg"
    _fails(
        ["plot", "box", ds, "pace", "--by", "sector", "-o", str(out)],
        f"{out}: cannot write a figure with '.jpg'; use one of: .png, .svg, .pdf",
    )
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------- plot kinds and their arguments
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["box"], "plot box needs exactly one variable: plot box DIR VAR --by GROUP"),
        (
            ["bar", "pace", "lead_strategy"],
            "plot bar needs exactly one variable: plot bar DIR VAR --by GROUP",
        ),
        (
            ["scatter", "pace"],
            "plot scatter needs two variables: plot scatter DIR X Y [--by GROUP]",
        ),
        (
            ["forest"],
            'plot forest needs a model formula, e.g. plot forest DIR "pace ~ leadership + C(sector)"',
        ),
        (
            ["trend", "pace"],
            "plot trend needs a 'wave' column; ingest each survey round with --wave, e.g. "
            "digianalys ingest a.xlsx b.xlsx --wave 2018 --wave 2021 -o DIR",
        ),
        (["bar", "pace"], "plot bar: variable 'pace' is numeric; it must be binary or ordinal"),
        (
            ["box", "pace", "--by", "pace"],
            "plot box: --by variable 'pace' is numeric; it must be categorical or binary or ordinal",
        ),
        (
            ["box", "pace", "--by", "sector", "--min-cell", "1000"],
            "plot box: no group has at least 1000 answers to 'pace'; lower --min-cell",
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_plot_kind_with_wrong_arguments(ds, tmp_path, args, message):
    kind, *rest = args
    _fails(["plot", kind, ds, *rest, "-o", str(tmp_path / "x.png")], message)
    assert list(tmp_path.iterdir()) == []


def test_plot_writes_the_figure_and_says_so(ds, tmp_path):
    out = tmp_path / "figurer" / "takt.svg"
    res = CliRunner().invoke(app, ["plot", "box", ds, "pace", "--by", "sector", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert res.stderr == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_cli_plot_kinds_are_the_library_kinds():
    from digianalys.plots import KINDS
    from digianalys.run.registry import PLOT_KINDS

    assert PLOT_KINDS == KINDS


# ---------------------------------------------------------------------- ingest and run
def test_ingest_missing_input(tmp_path):
    missing = tmp_path / "enkat-2018.xlsx"
    _fails(
        ["ingest", str(missing), "-o", str(tmp_path / "analys")],
        f"{missing} does not exist: check the file name and folder",
    )
    assert not (tmp_path / "analys").exists()


def test_ingest_not_a_spreadsheet(tmp_path):
    image = tmp_path / "enkat.xlsx"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    _fails(
        ["ingest", str(image), "-o", str(tmp_path / "analys")],
        "enkat.xlsx is a PNG image, not a spreadsheet: "
        "export the survey results as .xlsx or .csv and try again",
    )


def test_ingest_into_a_non_empty_directory_needs_force(ds, tmp_path):
    export = tmp_path / "enkat.csv"
    export.write_text("Organisation;Svar\nKommun;Ja\nRegion;Nej\n", encoding="utf-8")
    before = sorted(p.name for p in Path(ds).iterdir())
    _fails(
        ["ingest", str(export), "-o", ds],
        f"{ds}: directory is not empty; use --force to overwrite its dataset files "
        "or choose another directory",
    )
    assert sorted(p.name for p in Path(ds).iterdir()) == before


def test_run_missing_config(tmp_path):
    missing = tmp_path / "analys.toml"
    _fails(
        ["run", str(missing)],
        f"{missing}: no such config file; pass the path of a .toml run configuration",
    )


# ---------------------------------------------------------------------- usage errors: exit 2
def test_unknown_plot_kind_is_a_usage_error(ds, tmp_path):
    _usage(["plot", "pie", ds, "-o", str(tmp_path / "x.png")], "'pie' is not one of")


def test_plot_without_output_is_a_usage_error(ds):
    _usage(["plot", "box", ds, "pace"], "Missing option '-o' / '--output'")


def test_compare_without_by_is_a_usage_error(ds):
    _usage(["compare", ds], "Missing option '--by'")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["describe", "{ds}", "--lang", "de"], "'de' is not one of 'sv', 'en'"),
        (["describe", "{ds}", "--min-cell", "-1"], "Invalid value for '--min-cell'"),
        (["correlate", "{ds}", "a", "b", "--method", "tau"], "'tau' is not one of"),
        (["model", "{ds}", "pace ~ sector", "--kind", "probit"], "'probit' is not one of"),
        (["describe", "{ds}", "--format", "yaml"], "'yaml' is not one of"),
    ],
    ids=lambda v: v[2] if isinstance(v, list) else None,
)
def test_bad_option_values_are_usage_errors(ds, args, fragment):
    _usage([a.format(ds=ds) for a in args], fragment)


# ---------------------------------------------------------------------- --debug
def test_debug_shows_the_exception_instead_of_one_line(tmp_path, monkeypatch):
    from digianalys.errors import DigianalysError

    monkeypatch.setenv("DIGIANALYS_DEBUG", "1")  # what --debug sets
    res = CliRunner().invoke(app, ["describe", str(tmp_path / "analys")])
    assert isinstance(res.exception, DigianalysError)
    assert "error:" not in res.stderr


def test_debug_lasts_one_invocation(tmp_path, monkeypatch):
    """--debug is a setting of the call, not of the process: a later call in the same process
    (a test, a notebook) prints one ``error:`` line again, and nothing is left in os.environ."""
    import os

    from digianalys.errors import DigianalysError

    monkeypatch.delenv("DIGIANALYS_DEBUG", raising=False)
    missing = tmp_path / "analys"
    debug = CliRunner().invoke(app, ["--debug", "describe", str(missing)])
    assert isinstance(debug.exception, DigianalysError)  # the traceback, not one line
    assert "DIGIANALYS_DEBUG" not in os.environ
    _fails(
        ["describe", str(missing)],
        f"{missing}: no such dataset directory; create it with "
        f"'digianalys ingest EXPORT -o {missing}'",
    )


def test_debug_anywhere_before_double_dash_in_main(tmp_path):
    """The console script takes --debug after the command too, for that call only (run in a
    child process: main() freezes the garbage collector for the process's end)."""
    import os
    import subprocess
    import sys

    missing = str(tmp_path / "analys")
    code = (
        "import sys\n"
        "from digianalys.cli import main\n"
        "from digianalys.errors import DigianalysError\n"
        "path = sys.argv[1]\n"
        "sys.argv = ['digianalys', 'describe', path, '--debug']\n"
        "try:\n    main()\nexcept DigianalysError:\n    print('raised')\n"
        "sys.argv = ['digianalys', 'describe', path]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DIGIANALYS_DEBUG"}
    res = subprocess.run(
        [sys.executable, "-c", code, missing], capture_output=True, text=True, env=env
    )
    assert res.stdout.split("\n")[:2] == ["raised", "exit 1"], res.stderr
    assert res.stderr == f"error: {missing}: no such dataset directory; create it with " + (
        f"'digianalys ingest EXPORT -o {missing}'\n"
    )
