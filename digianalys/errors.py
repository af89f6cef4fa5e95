"""The one exception hierarchy of digianalys.

Every error a user can cause (a bad file, an unknown variable, a broken codebook) is a
:class:`DigianalysError`. The CLI turns these, and only these, into a one-line ``error: …``
on stderr with exit code 1. Anything else is a bug and surfaces as one.

Messages must name the file, sheet, column, row or codebook key involved and say what to do.
They must never contain survey answers or personal data.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class DigianalysError(Exception):
    """Base class for errors caused by input the user can fix."""


class InputFileError(DigianalysError):
    """An input file cannot be read: missing, empty, corrupt, encrypted, hostile, wrong sheet."""


class LayoutError(DigianalysError):
    """The file was read but its layout (header rows, columns) cannot be understood."""


class CodebookError(DigianalysError):
    """The codebook is invalid: unknown keys, unknown names, bad values."""


class DatasetError(DigianalysError):
    """A dataset directory is missing, incomplete or was written by another version."""


class VariableError(DigianalysError):
    """An option, formula or config names a variable the dataset does not have, or one of the wrong type."""


class AnalysisError(DigianalysError):
    """The analysis cannot be done on this data (one group, too few cases, singular model …)."""


class OutputError(DigianalysError):
    """An output cannot be written (unknown format, directory not empty without --force …)."""


class ConfigError(DigianalysError):
    """A run configuration (TOML) is invalid."""


def suggest(name: str, candidates: Iterable[str], n: int = 3) -> str:
    """Return ' (did you mean: a, b?)' for the closest candidate names, or ''."""
    close = difflib.get_close_matches(str(name), [str(c) for c in candidates], n=n, cutoff=0.5)
    return f" (did you mean: {', '.join(close)}?)" if close else ""


def unknown_variable(
    name: str, available: Iterable[str], where: str = "the dataset"
) -> VariableError:
    """A VariableError for ``name`` with the closest available names suggested."""
    available = list(available)
    hint = suggest(name, available)
    if not hint:
        shown = ", ".join(available[:12]) + (" …" if len(available) > 12 else "")
        hint = f"; available: {shown}" if available else ""
    return VariableError(f"unknown variable '{name}' in {where}{hint}")


def shown(text: str, limit: int = 60) -> str:
    """User text as an error message may quote it: printable characters only, at most
    ``limit`` characters (the rest as "…")."""
    text = "".join(c if c.isprintable() else "?" for c in str(text))
    return text if len(text) <= limit else text[: limit - 3] + "…"
