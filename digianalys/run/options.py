"""The vocabulary of the registry of analyses: an :class:`Option` (name, type, choices,
default, help text, command-line spelling, TOML key, place in the library call) and an
:class:`Analysis` (its options and the library call they map to). The analyses themselves are
declared in :mod:`digianalys.run.registry`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Option types: what the command line parses and what a TOML key must hold.
TEXT, TEXTS, INT, FLOAT, BOOL, PATH, PATHS, CHOICE = (
    "text",
    "texts",
    "int",
    "float",
    "bool",
    "path",
    "paths",
    "choice",
)
#: The Python type the command line parses each option type to (a choice: an enum of its own).
PYTHON_TYPES: dict[str, Any] = {
    TEXT: str,
    TEXTS: list[str],
    INT: int,
    FLOAT: float,
    BOOL: bool,
    PATH: Path,
    PATHS: list[Path],
}

#: A value check run on the parsed options of a config step: returns an error text (the step is
#: named before it) or None.
StepCheck = Callable[[dict[str, Any]], str | None]


@dataclass(frozen=True)
class Option:
    """One option of an analysis.

    ``name`` is the TOML key and the Python name; ``flag`` the command-line spelling (default
    ``--name`` with ``_`` as ``-``); ``argument`` makes it a positional command-line argument.
    ``to`` says where the value goes in the library call: an int is the position after the
    dataset, a string the keyword, None not passed. ``inherit`` names the top-level config key
    whose value is the default in a step (``min_cell``, ``weights``, ``id``). ``one_or_many``: a
    TOML string is taken as a list of one. ``missing`` is the error text when a required TOML
    key is absent (default: "has no 'KEY'; it is required"). ``toml_read``, when given, reads
    and checks the TOML value itself: ``(table, key, where, reader) -> value``; ``from_cli``
    turns the command-line value into the library's (``--trim 0.5:4`` → ``(0.5, 4.0)``).
    """

    name: str
    type: str
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    flag: str | None = None
    argument: bool = False
    required: bool = False
    cli: bool = True
    toml: bool = True
    to: int | str | None = None
    minimum: float | None = None
    maximum: float | None = None
    inherit: str | None = None
    one_or_many: bool = False
    missing: str | None = None
    toml_read: Callable[..., Any] | None = None
    from_cli: Callable[[Any], Any] | None = None

    @property
    def cli_flags(self) -> tuple[str, ...]:
        """The command-line spellings (``flag`` may give several: ``"-o --output"``)."""
        return tuple((self.flag or "--" + self.name.replace("_", "-")).split())


@dataclass(frozen=True)
class Analysis:
    """An analysis (or the figure command): its options and the library call they map to.

    ``target`` is the library function as ``module:function``, called as
    ``function(ds, *positional, **keywords)`` from the options' ``to``. ``call_with``, when
    given, replaces that call (``(analysis, ds, options) -> value``). ``command``/``step``: a
    command-line command and a ``[[step]]`` of the run configuration. ``filters_itself``: the
    ``where`` filter goes to the library (population records it) instead of being applied to
    the dataset first. ``needs_id``: a config step needs the organisation id (here or at the
    top level), as a paired step does. ``checks`` run on a config step's parsed options; ``cli_prepare`` turns
    the command line's options into the library's before the dataset is loaded, ``cli_check``
    checks them against the loaded dataset.
    """

    name: str
    help: str
    options: tuple[Option, ...]
    target: str = ""
    call_with: Callable[[Analysis, Any, dict[str, Any]], Any] | None = None
    command: bool = True
    step: bool = True
    filters_itself: bool = False
    needs_id: bool = False
    checks: tuple[StepCheck, ...] = ()
    cli_prepare: Callable[[dict[str, Any]], None] | None = None
    cli_check: Callable[[Any, dict[str, Any]], None] | None = None
    example: str = ""

    def cli_options(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.cli)

    def toml_options(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.toml)

    def defaults(self) -> dict[str, Any]:
        """Every library option at its default (for options a caller does not set)."""
        return {o.name: _fresh(o.default) for o in self.options if o.to is not None}

    def arguments(self, options: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        """The positional and keyword arguments of the library call (after the dataset)."""
        values = {**self.defaults(), **options}
        positional = sorted((o.to, o.name) for o in self.options if isinstance(o.to, int))
        keywords = {o.to: values[o.name] for o in self.options if isinstance(o.to, str)}
        return [values[name] for _, name in positional], keywords

    def call(self, ds: Any, options: dict[str, Any]) -> Any:
        """Run the analysis on a loaded dataset with parsed options (the one mapping from
        options to the library that the command line and ``digianalys run`` share)."""
        if self.call_with is not None:
            return self.call_with(self, ds, options)
        return self.call_target(self.target, ds, options=options)

    def call_target(self, target: str, *first: Any, options: dict[str, Any]) -> Any:
        """``target(*first, *positional, **keywords)`` with the arguments from ``options``."""
        positional, keywords = self.arguments(options)
        return library(target)(*first, *positional, **keywords)


def library(target: str) -> Callable[..., Any]:
    """The library function named ``module:function``."""
    module, _, name = target.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


def _fresh(value: Any) -> Any:
    """A default as a value of its own (a tuple default becomes a new list)."""
    return list(value) if isinstance(value, tuple) else value
