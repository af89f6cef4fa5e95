"""The CLI reference cannot drift: docs/cli.md is generated from --help and checked here;
every command is in the README's command tour and has an example in its help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from digianalys.cli import app

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_commands_are_the_contracts():
    contract = {"ingest", "describe", "compare", "correlate", "model", "scales", "plot", "run"}
    assert contract <= set(COMMANDS)


def test_cli_reference_is_up_to_date(cli_docs):
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == cli_docs.render(), (
        "docs/cli.md is out of date: run `python scripts/cli_docs.py`"
    )


def test_cli_reference_has_every_command(cli_docs):
    assert cli_docs.command_names() == COMMANDS
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"## digianalys {name}\n" in text
        assert f"Usage: digianalys {name} [OPTIONS]" in text


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    """sqlite-utils style: each command appears in the README's command tour."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^digianalys +{name}\b", readme, flags=re.M), (
        f"README.md: add `digianalys {name} …` to the command tour"
    )


def test_readme_links_the_cli_reference():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/cli.md)" in readme


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_has_an_example(cli_docs, name):
    examples = re.findall(r"Example: (digianalys \S+)", cli_docs.help_text([name]))
    assert examples == [f"digianalys {name}"], f"digianalys {name} --help: add 'Example: …'"
