"""The messages ingest writes, created with a key and fields (never parsed back from text).

:func:`notice` makes a :class:`~digianalys.output.i18n.Msg` from the ingest catalogue
(:mod:`digianalys.output.messages_ingest`), choosing the ``_one`` variant when ``n`` is 1;
:func:`where_column` / :func:`where_question` name the column or question a warning is about.
:func:`to_json` / :func:`from_json` are how a message is stored in ``ingest-report.json``:
``{"key": …, "fields": {…}, "text": "<English>"}`` (nested messages as ``{"key", "fields"}``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..output.i18n import MESSAGES, Msg

if TYPE_CHECKING:  # pragma: no cover
    from .layouts import Column

__all__ = ["notice", "where_column", "where_question", "to_json", "from_json"]


def notice(key: str, **fields: object) -> Msg:
    """The message ``key`` with ``fields`` (``<key>_one`` when ``n`` is 1 and it exists)."""
    if fields.get("n") == 1 and f"{key}_one" in MESSAGES:
        key = f"{key}_one"
    return Msg(key, **fields)


def where_column(col: Column) -> Msg:
    """ "column '<header>'", or "column <number>" for a column without a header."""
    if col.source:
        return Msg("where_column_named", name=col.source)
    return Msg("where_column_number", number=col.index + 1)


def where_question(question: str | None) -> Msg:
    return Msg("where_question", question=question)


def to_json(message: object) -> object:
    """A warning as stored in ``ingest-report.json``: a message as its key, fields and English
    text; anything else as its text."""
    if isinstance(message, Msg):
        return {"key": message.key, "fields": _fields_json(message.fields), "text": str(message)}
    return str(message)


def _fields_json(fields: dict[str, object]) -> dict[str, object]:
    return {k: _value_json(v) for k, v in fields.items()}


def _value_json(value: object) -> object:
    if isinstance(value, Msg):
        return {"key": value.key, "fields": _fields_json(value.fields)}
    if isinstance(value, list | tuple):
        return [_value_json(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def from_json(item: object) -> Msg | str:
    """A stored warning back as a message; text (an older report's plain string, or a key this
    version does not know) as it is."""
    if isinstance(item, Msg):
        return item
    if isinstance(item, dict):
        try:
            return _message(item)
        except (KeyError, TypeError, ValueError, IndexError):
            text = item.get("text") or item.get("message")
            return str(text) if text else json.dumps(item, ensure_ascii=False)
    return str(item)


def _message(item: dict[str, Any]) -> Msg:
    fields = item.get("fields") or {}
    if not isinstance(fields, dict):
        raise TypeError("fields")
    return Msg(str(item["key"]), **{str(k): _value(v) for k, v in fields.items()})


def _value(value: object) -> object:
    if isinstance(value, dict) and "key" in value:
        return _message(value)
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value
