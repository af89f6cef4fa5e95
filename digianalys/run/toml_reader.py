"""Typed access to the keys of a parsed TOML table, with messages that name the config file,
the table and the key (``run.toml: [[compare]] #2 key 'test' must be one of …``), and the
reading of one registry :class:`~digianalys.run.registry.Option` from a ``[[step]]`` table."""

from __future__ import annotations

from pathlib import Path
from typing import Any, overload

from ..errors import ConfigError, suggest
from .options import BOOL, CHOICE, FLOAT, INT, PATH, TEXT, TEXTS, Option

#: Largest whole number any key accepts.
MAX_INTEGER = 2**31 - 1


def short_repr(v: Any) -> str:
    """repr of a value, cut to 40 characters (a 10,000-digit integer stays one line)."""
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**40:
        return f"a number of about {int(abs(v).bit_length() * 0.30103) + 1} digits"
    text = repr(v)
    return text if len(text) <= 40 else text[:39] + "…"


def type_name(v: Any) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }.get(type(v), type(v).__name__)


class TomlReader:
    """Typed key access with messages naming the config file, the table and the key."""

    def __init__(self, source: str, base: Path, top_keys: tuple[str, ...] = ()) -> None:
        self.source = source
        self.base = base
        self.top_keys = top_keys

    def error(self, message: str) -> ConfigError:
        return ConfigError(f"{self.source}: {message}")

    def keys(self, table: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for k in table:
            if k not in allowed:
                if k in self.top_keys and where != "the top level":
                    # TOML puts every key after a [[section]] header into that section
                    raise self.error(
                        f"key '{k}' is in {where}, but it is a top-level key; move it above "
                        "the first [[...]] section"
                    )
                hint = suggest(k, allowed)
                if not hint:
                    hint = f"; allowed: {', '.join(allowed)}"
                raise self.error(f"unknown key '{k}' in {where}{hint}")

    def _get(self, table: dict[str, Any], key: str, where: str, required: bool) -> Any:
        if key not in table:
            if required:
                raise self.error(f"{where} has no '{key}'; it is required")
            return None
        return table[key]

    def string(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        *,
        default: str | None = None,
        required: bool = False,
    ) -> Any:
        v = self._get(table, key, where, required)
        if v is None:
            return default
        if not isinstance(v, str) or not v.strip():
            raise self.error(f"{where} key '{key}' must be a non-empty string, got {type_name(v)}")
        return v

    def strings(self, table: dict[str, Any], key: str, where: str) -> list[str] | None:
        v = table.get(key)
        if v is None:
            return None
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            raise self.error(
                f'{where} key \'{key}\' must be a list of names such as ["a", "b"], got {type_name(v)}'
            )
        return list(v)

    def choice(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        choices: tuple[str, ...],
        *,
        default: str | None = None,
        required: bool = False,
    ) -> Any:
        v = self._get(table, key, where, required)
        if v is None:
            return default
        if v not in choices:
            hint = suggest(str(v), choices)
            raise self.error(
                f"{where} key '{key}' must be one of {', '.join(choices)}, got {v!r}{hint}"
            )
        return v

    def integer(
        self, table: dict[str, Any], key: str, where: str, *, default: int, minimum: int = 0
    ) -> int:
        v = table.get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, int) or not minimum <= v <= MAX_INTEGER:
            raise self.error(
                f"{where} key '{key}' must be a whole number from {minimum} to {MAX_INTEGER}, "
                f"got {short_repr(v)} ({type_name(v)})"
            )
        return v

    def boolean(self, table: dict[str, Any], key: str, where: str, *, default: bool) -> bool:
        v = table.get(key)
        if v is None:
            return default
        if not isinstance(v, bool):
            raise self.error(f"{where} key '{key}' must be true or false, got {type_name(v)}")
        return v

    @overload
    def path(self, table: dict[str, Any], key: str, where: str, *, default: str) -> Path: ...

    @overload
    def path(
        self, table: dict[str, Any], key: str, where: str, *, default: None = None
    ) -> Path | None: ...

    def path(
        self, table: dict[str, Any], key: str, where: str, *, default: str | None = None
    ) -> Path | None:
        v = self.string(table, key, where, default=default)
        if v is None:
            return None
        return (self.base / Path(v).expanduser()).resolve()

    def option(
        self, table: dict[str, Any], opt: Option, where: str, inherited: dict[str, Any]
    ) -> Any:
        """The value of a registry option in a ``[[step]]`` table, checked, with its default
        (a top-level key's value for an inherited option such as ``min_cell``)."""
        key = opt.name
        default: Any = inherited.get(opt.inherit) if opt.inherit else opt.default
        if opt.toml_read is not None:
            return opt.toml_read(table, key, where, self)
        if opt.required and opt.missing and table.get(key) is None:
            raise self.error(f"{where} {opt.missing}")
        if opt.type == TEXT:
            return self.string(table, key, where, default=default, required=opt.required)
        if opt.type == TEXTS:
            value = table.get(key)
            if opt.one_or_many and isinstance(value, str):
                return [value]
            names = self.strings(table, key, where)
            return names if names is not None else (list(default) if default else default)
        if opt.type == INT:
            return self.integer(
                table, key, where, default=int(default), minimum=int(opt.minimum or 0)
            )
        if opt.type == FLOAT:
            return self.number(table, key, where, default=float(default), opt=opt)
        if opt.type == BOOL:
            return self.boolean(table, key, where, default=bool(default))
        if opt.type == PATH:
            return self.path(table, key, where, default=default)
        if opt.type == CHOICE:
            return self.choice(
                table, key, where, opt.choices, default=default, required=opt.required
            )
        raise AssertionError(f"option type {opt.type!r}")  # the registry declares only these

    def number(
        self, table: dict[str, Any], key: str, where: str, *, default: float, opt: Option
    ) -> float:
        """A number strictly between the option's minimum and maximum."""
        v = table.get(key, default)
        lo = float("-inf") if opt.minimum is None else opt.minimum
        hi = float("inf") if opt.maximum is None else opt.maximum
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo < v < hi:
            raise self.error(
                f"{where} key '{key}' must be a number between {lo:g} and {hi:g}, got {v!r}"
            )
        return float(v)
