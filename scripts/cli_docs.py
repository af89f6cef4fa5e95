"""Write docs/cli.md, the command-line reference, from each command's ``--help``.

    python scripts/cli_docs.py            # rewrite docs/cli.md
    python scripts/cli_docs.py --check    # exit 1 if docs/cli.md is out of date

The help is rendered the same way on every machine: plain text (Typer's rich output off), 100
columns wide, program name ``digianalys``. tests/test_cli_docs.py fails when the file and the
help differ, so the reference cannot drift from the code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "cli.md"
WIDTH = 100
#: the terminal the help is rendered for: fixed width, Typer's rich formatting off
ENV = {"COLUMNS": str(WIDTH), "TYPER_USE_RICH": "0"}

HEADER = """\
# Command-line reference

Generated from each command's `--help` by `python scripts/cli_docs.py`; do not edit by hand
(`tests/test_cli_docs.py` checks that this file is up to date). The workflow and the tables
each command writes are described in the [README](../README.md).
"""


def _app(app: Any = None) -> Any:
    """The given Typer app, or digianalys's (a test passes one built from a changed registry)."""
    if app is not None:
        return app
    from digianalys.cli import app as cli_app

    return cli_app


def command_names(app: Any = None) -> list[str]:
    """The names of the CLI's commands, in the order ``digianalys --help`` lists them."""
    import typer.main

    group = typer.main.get_command(_app(app))
    return list(group.commands)  # type: ignore[attr-defined]


def help_text(args: list[str], app: Any = None) -> str:
    """The ``--help`` output of ``digianalys ARGS`` at a fixed width."""
    from typer.testing import CliRunner

    res = CliRunner().invoke(
        _app(app),
        [*args, "--help"],
        env=ENV,
        prog_name="digianalys",
        terminal_width=WIDTH,
        max_content_width=WIDTH,
    )
    if res.exit_code != 0:
        raise RuntimeError(f"digianalys {' '.join(args)} --help failed: {res.output}")
    return res.stdout.rstrip() + "\n"


def render(app: Any = None) -> str:
    """The whole of docs/cli.md: the overview, then one section per command."""
    parts = [HEADER]
    names = command_names(app)
    parts.append("".join(f"- [`digianalys {n}`](#digianalys-{n})\n" for n in names))
    parts.append(f"## digianalys\n\n```\n{help_text([], app)}```\n")
    for name in names:
        parts.append(f"## digianalys {name}\n\n```\n{help_text([name], app)}```\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Write docs/cli.md (or, with ``--check``, return 1 if it is out of date)."""
    argv = sys.argv[1:] if argv is None else argv
    os.environ.update(ENV)  # before typer is imported (it reads TYPER_USE_RICH on import)
    text = render()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    if "--check" in argv:
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date; run `python scripts/cli_docs.py`")
            return 1
        return 0
    if current == text:
        print(f"{TARGET.relative_to(ROOT)} is up to date")
        return 0
    from digianalys.atomic import write_text

    write_text(TARGET, text)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
