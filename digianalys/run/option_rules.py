"""The rules of the options that a type alone does not say: TOML readers and checks with
their messages, command-line conversions (``--trim LO:HI``, ``correlate X Y``, ``--paired``),
and the paired route of compare. :mod:`digianalys.run.registry` attaches them to its options."""

from __future__ import annotations

import re
from typing import Any

from .options import Analysis, library

#: A step's name (and a figure file's stem): file and sheet names.
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")
FIGURE_SUFFIXES = (".svg", ".png")


# --------------------------------------------------------------------------- TOML readers
def read_x(table: dict[str, Any], key: str, where: str, reader: Any) -> Any:
    x = table.get(key)
    if x is None:
        raise reader.error(f'{where} has no \'x\'; add x = "leadership" (and y = "pace")')
    if isinstance(x, list):
        names = reader.strings(table, key, where)
        if len(names) < 2:
            raise reader.error(f"{where} key 'x' as a list needs at least two variables")
        return names
    return reader.string(table, key, where, required=True)


def check_x_y(o: dict[str, Any]) -> str | None:
    if isinstance(o["x"], str) and o["y"] is None:
        return " has x but no 'y'; add y = \"pace\" or make x a list"
    if isinstance(o["x"], list) and o["y"] is not None:
        return ": with a list in 'x' (every pair), leave out 'y'"
    return None


def read_formula(table: dict[str, Any], key: str, where: str, reader: Any) -> str:
    formula: str = reader.string(table, key, where, required=True)
    if "~" not in formula:
        raise reader.error(
            f"{where} key 'formula' must look like \"pace ~ leadership + C(sector)\", "
            f"got {formula!r}"
        )
    return formula


def read_trim(table: dict[str, Any], key: str, where: str, reader: Any) -> Any:
    trim = table.get(key)
    if trim is None:
        return None
    if (
        not isinstance(trim, list)
        or len(trim) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in trim)
    ):
        raise reader.error(f"{where} key 'trim' must be two numbers [low, high], got {trim!r}")
    return (float(trim[0]), float(trim[1]))


def trim_bounds(text: str | None) -> tuple[float, float] | None:
    """``--trim LO:HI`` as two numbers (None when not given)."""
    if text is None:
        return None
    from ..errors import VariableError

    try:
        lo, hi = (float(v) for v in text.split(":"))
    except ValueError:
        raise VariableError(f"--trim '{text}': write two numbers as LO:HI, e.g. 0.5:4") from None
    return (lo, hi)


def read_file(table: dict[str, Any], key: str, where: str, reader: Any) -> str | None:
    from pathlib import Path

    file: str | None = reader.string(table, key, where, default=None)
    if file is not None:
        if Path(file).name != file or not NAME_RE.match(Path(file).stem):
            raise reader.error(
                f"{where} key 'file' must be a plain file name such as \"likert.svg\" "
                f"(it goes into figures/), got {file!r}"
            )
        if Path(file).suffix.lower() not in FIGURE_SUFFIXES:
            raise reader.error(
                f"{where} key 'file' must end in .svg or .png (the report embeds it), got {file!r}"
            )
    return file


def check_trend_variables(o: dict[str, Any]) -> str | None:
    return None if o["variables"] else ' needs variables = ["pace"]'


def check_paired_plot(o: dict[str, Any]) -> str | None:
    if o["paired"] and o["kind"] != "trend":
        return ': paired = true is for kind = "trend" (the same organisations)'
    return None


# --------------------------------------------------------------------------- command-line hooks
def correlate_xy(o: dict[str, Any]) -> None:
    """``correlate DIR X Y`` is one pair; more variables are every pair among them."""
    from ..errors import VariableError

    variables = o.pop("variables")
    if len(variables) < 2:
        raise VariableError("correlate needs at least two variables: X Y")
    o["x"], o["y"] = (variables[0], variables[1]) if len(variables) == 2 else (variables, None)


def compare_paired_options(ds: Any, o: dict[str, Any]) -> None:
    """``compare --paired``: the id (default: the codebook's), and no weights."""
    from ..errors import VariableError

    if not o["paired"]:
        return
    o["id"] = o["id"] or getattr(ds.codebook, "id", None)
    if not o["id"]:
        raise VariableError(
            "--paired needs --id VAR: the variable that identifies the organisation"
        )
    if o["weights"]:
        raise VariableError("--paired does not take --weights (the pairs are the design)")
    if o.get("inference") == "finite":
        raise VariableError(
            "--paired does not take --inference finite: the matched change is tested on the "
            "organisations that answered both waves (model-based); leave out --inference"
        )


def plot_paired_options(ds: Any, o: dict[str, Any]) -> None:
    """``plot trend --paired``: only for trend, and only with --id."""
    from ..errors import VariableError

    if not o["paired"]:
        return
    if o["kind"] != "trend":
        raise VariableError("--paired is for plot trend (the same organisations over waves)")
    if not o["id"]:
        raise VariableError(
            "--paired needs --id VAR: the variable that identifies the organisation"
        )


# --------------------------------------------------------------------------- special calls
def call_describe(analysis: Analysis, ds: Any, o: dict[str, Any]) -> Any:
    """The tidy describe table, or with ``layout = "table1"`` the presentation table
    (stats.table1: its p-values are compare's with the default test and correction)."""
    if o.get("layout", "tidy") == "table1":
        return library("digianalys.stats.table1:table1")(
            ds,
            o.get("by"),
            o.get("variables"),
            continuous=o.get("continuous", "mean"),
            weights=o.get("weights"),
            min_cell=o.get("min_cell", 5),
            letters=bool(o.get("letters", False)),
        )
    if o.get("letters") or o.get("continuous", "mean") != "mean":
        from ..errors import ConfigError

        raise ConfigError("letters and continuous belong to layout table1; add --layout table1")
    return analysis.call_target(analysis.target, ds, options=o)


def call_compare(analysis: Analysis, ds: Any, o: dict[str, Any]) -> Any:
    """Independent groups (stats.compare), or with ``paired`` the same organisations over
    waves (stats.paired.compare_paired: no test family, no weights)."""
    if o.get("paired"):
        return library("digianalys.stats.paired:compare_paired")(
            ds,
            o["by"],
            o.get("variables"),
            id=o["id"],
            correction=o.get("correction", "holm"),
            min_cell=o.get("min_cell", 5),
        )
    return analysis.call_target(analysis.target, ds, options=o)
