"""The registry of analyses (run/registry.py) is the one place an option is declared: the CLI,
the run TOML schema, docs/cli.md and the library call all come from it."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digianalys.cli import make_app
from digianalys.errors import ConfigError
from digianalys.run import registry
from digianalys.run.config import parse_config
from digianalys.run.options import BOOL, CHOICE, Option

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def added_option(monkeypatch):
    """describe with one more option, added the way a developer would: one Option in its entry."""
    option = Option(
        "shrink",
        CHOICE,
        "Shrink the estimates towards the grand mean.",
        "none",
        ("none", "james-stein"),
        to="shrink",
    )
    describe = registry.ANALYSES["describe"]
    changed = replace(describe, options=(*describe.options, option))
    monkeypatch.setitem(registry.ANALYSES, "describe", changed)
    return changed


def test_an_option_added_to_the_registry_is_in_the_cli_toml_and_docs(added_option, cli_docs):
    # the command line: --help shows it with its choices and default
    app = make_app()
    res = CliRunner().invoke(app, ["describe", "--help"], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    assert "--shrink <none|james-stein>" in res.stdout
    assert "Shrink the estimates towards the grand mean." in res.stdout
    # ... and parses it: a wrong value is a usage error naming the choices
    bad = CliRunner().invoke(app, ["describe", "d", "--shrink", "stein"])
    assert bad.exit_code == 2 and "'stein' is not one of 'none', 'james-stein'" in bad.stderr

    # the TOML schema: accepted in a [[describe]] step, default filled in, value checked
    base = {"dataset": "d"}
    cfg = parse_config({**base, "describe": [{"shrink": "james-stein"}]})
    assert cfg.steps[0].options["shrink"] == "james-stein"
    assert parse_config({**base, "describe": [{}]}).steps[0].options["shrink"] == "none"
    with pytest.raises(ConfigError, match="key 'shrink' must be one of none, james-stein"):
        parse_config({**base, "describe": [{"shrink": "ridge"}]})
    # ... and the did-you-mean of an unknown key suggests it
    with pytest.raises(ConfigError, match=r"unknown key 'shrnk' .*did you mean: shrink"):
        parse_config({**base, "describe": [{"shrnk": "none"}]})

    # the library call both the CLI and the step runner make passes it on
    _, keywords = added_option.arguments(cfg.steps[0].options)
    assert keywords["shrink"] == "james-stein"

    # docs/cli.md, as scripts/cli_docs.py renders it
    docs = cli_docs.render(app)
    section = docs.split("## digianalys describe\n", 1)[1].split("\n## ", 1)[0]
    assert "--shrink <none|james-stein>" in section


def test_a_boolean_option_added_to_plot_reaches_the_cli_and_the_toml(monkeypatch):
    plot = registry.ANALYSES["plot"]
    flag = Option("grid", BOOL, "Draw grid lines.", False, to="grid")
    monkeypatch.setitem(registry.ANALYSES, "plot", replace(plot, options=(*plot.options, flag)))
    res = CliRunner().invoke(make_app(), ["plot", "--help"], env={"COLUMNS": "100"})
    assert "--grid" in res.stdout and "Draw grid lines." in res.stdout
    cfg = parse_config({"dataset": "d", "plot": [{"kind": "box", "args": "x", "grid": True}]})
    assert cfg.steps[0].options["grid"] is True


def test_the_cli_of_the_unchanged_registry_is_the_documented_one(cli_docs):
    assert cli_docs.render(make_app()) == (ROOT / "docs" / "cli.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("declared", "module", "name"),
    [
        (registry.TESTS, "digianalys.stats.compare", "TESTS"),
        (registry.METHODS, "digianalys.stats.correlation", "METHODS"),
        (registry.MODEL_KINDS, "digianalys.stats.models", "KINDS"),
        (registry.ROBUST, "digianalys.stats.models", "ROBUST"),
        (registry.INFERENCES, "digianalys.stats.describe", "INFERENCES"),
        (registry.MISSING, "digianalys.stats.reliability", "MISSING"),
        (registry.WEIGHTINGS, "digianalys.stats.population", "WEIGHTINGS"),
        (registry.PLOT_KINDS, "digianalys.plots", "KINDS"),
        (registry.LAYOUTS[1:], "digianalys.ingest.layouts", "LAYOUTS"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_registry_choices_are_the_librarys(declared, module, name):
    """The registry declares the choices (the CLI must not import the library to show them);
    the library checks the same values."""
    assert declared == getattr(importlib.import_module(module), name)


ANALYSES_WITH_TARGETS = [
    a for a in (*registry.ANALYSES.values(), registry.INGEST, registry.EXPORT) if a.target
]


@pytest.mark.parametrize("analysis", ANALYSES_WITH_TARGETS, ids=lambda a: a.name)
def test_every_option_maps_to_a_parameter_of_its_library_function(analysis):
    function = registry.library(analysis.target)
    params = list(inspect.signature(function).parameters.values())
    keywords = {p.name for p in params if p.kind is not inspect.Parameter.POSITIONAL_ONLY}
    takes_more = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params)  # attrition
    # the library takes the dataset (ingest: the inputs) first, then the positional options
    first = 0 if analysis is registry.INGEST else 1
    positional = len(params) - first
    for opt in analysis.options:
        if isinstance(opt.to, str):
            assert opt.to in keywords or takes_more, f"{analysis.name}: {opt.name} → {opt.to}"
        elif isinstance(opt.to, int):
            assert opt.to < positional, f"{analysis.name}: {opt.name} → position {opt.to}"


def test_plot_options_map_to_make_plot():
    from digianalys.plots import make_plot

    keywords = set(inspect.signature(make_plot).parameters)
    for opt in registry.PLOT.options:
        if opt.to is not None:
            assert opt.to in keywords, opt.name


def test_every_step_kind_is_an_analysis_of_the_registry():
    assert set(registry.STEP_KINDS) == {a.name for a in registry.ANALYSES.values() if a.step}
    assert registry.STEP_KINDS[0] == "population"  # the design before the analyses using it


def test_the_registry_and_the_config_import_no_heavy_library():
    code = (
        "import sys; import digianalys.run.registry, digianalys.run.config; "
        "print(','.join(m for m in ('pandas', 'scipy', 'statsmodels', 'matplotlib') "
        "if m in sys.modules))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == ""
