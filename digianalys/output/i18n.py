"""Showing texts in Swedish or English: messages, headings, table names, figure texts, numbers.

The mechanism only; the texts are in the catalogues :mod:`.labels` (headings, table names, fixed
texts, column vocabularies), :mod:`.messages` (titles, notes, methods and text cells of
results) and the ingest warnings. Result tables keep the contract's snake_case column names and
hold every user-visible text as a :class:`Msg` (key + fields); this module decides how a name is
*shown* (``heading``), how a message or fixed text reads (``tr``, ``text``) and how a number is
written (``decimal``: a comma in Swedish).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import OutputError
from .labels import HEADINGS, TABLE_NAMES, TEXTS, VALUES
from .messages import RESULT_MESSAGES
from .messages_ingest import INGEST_CATALOGUE
from .messages_presentation import (
    PRESENTATION_CATALOGUE,
    PRESENTATION_HEADINGS,
    PRESENTATION_TEXTS,
)
from .messages_spss import SPSS_CATALOGUE

LANGS = ("en", "sv")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is supported, else raise OutputError."""
    if lang not in LANGS:
        raise OutputError(f"unknown language '{lang}'; use one of: {', '.join(LANGS)}")
    return lang


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "sv" else pair[0]


def heading(column: str, lang: str = "en") -> str:
    """Display heading of a result column (``p_adjusted`` → "Adjusted p" / "Justerat p").

    Per-group columns ``n_<group>`` and ``summary_<group>`` become "n <group>" and "<group>";
    unknown names are shown with spaces for underscores and a capital first letter.
    """
    column = str(column)
    if column in HEADINGS:
        return _pick(HEADINGS[column], lang)
    if column.startswith("n_") and len(column) > 2:
        return f"n {column[2:]}"
    if column.startswith("summary_") and len(column) > 8:
        return column[8:]
    text = column.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else column


def table_name(name: str, lang: str = "en") -> str:
    """Readable name of a result table (caption)."""
    if name in TABLE_NAMES:
        return _pick(TABLE_NAMES[name], lang)
    text = str(name).replace("_", " ")
    return text[:1].upper() + text[1:]


def text(key: str, lang: str = "en", **fields: object) -> str:
    """A fixed display text in ``lang``, with ``{fields}`` filled in."""
    template = _pick(TEXTS[key], lang)
    return template.format(**fields) if fields else template


def decimal(s: str, lang: str = "en") -> str:
    """Use a decimal comma in Swedish: ``decimal("0.25", "sv") == "0,25"``."""
    return s.replace(".", ",") if lang == "sv" else s


# ====================================================================== translatable messages
class Msg(str):
    """A display text that can also be shown in Swedish.

    Its ``str`` value is the English text (so CSV, JSON and ``==`` see plain English), and
    :func:`tr` renders it in another language from ``MESSAGES[key]`` with the same fields. Field
    values may themselves be :class:`Msg` (translated too) or lists of them (joined with "; ").
    Statistics functions put these in ``Result.title``, ``notes``, ``methods`` and in text cells
    such as ``warning``; renderers translate at display time.
    """

    key: str
    fields: dict[str, object]

    def __new__(cls, key: str, **fields: object) -> Msg:
        if key not in MESSAGES:
            raise KeyError(f"no message '{key}' in i18n.MESSAGES")
        obj = super().__new__(cls, _render(key, "en", fields))
        obj.key = key
        obj.fields = fields
        return obj

    def __reduce__(self):  # pickle/copy keep the key and fields
        return (_make_msg, (self.key, self.fields))

    def tr(self, lang: str) -> str:
        """The text in ``lang``."""
        return _render(self.key, lang, self.fields)

    @classmethod
    def joined(cls, items: Sequence[object]) -> Msg:
        """Several texts joined with "; " (each translated). (Not ``join``: that stays
        ``str.join`` on a message's text.)"""
        return cls("_join", items=list(items))


def _make_msg(key: str, fields: dict[str, object]) -> Msg:
    return Msg(key, **fields)


def tr(value: object, lang: str = "en") -> str:
    """Display text of ``value`` in ``lang``: a :class:`Msg` is translated, anything else is
    ``str(value)``."""
    if isinstance(value, Msg):
        return value.tr(lang)
    return str(value)


def _field(value: object, lang: str) -> str:
    if isinstance(value, Msg):
        return value.tr(lang)
    if isinstance(value, list | tuple):
        return "; ".join(_field(v, lang) for v in value)
    if isinstance(value, float):
        return decimal(f"{value:g}", lang)
    return str(value)


def _render(key: str, lang: str, fields: dict[str, object]) -> str:
    template = _pick(MESSAGES[key], lang)
    return template.format(**{k: _field(v, lang) for k, v in fields.items()})


def display_text(column: str, value: object, lang: str = "en") -> str:
    """A text cell of ``column`` for reading in ``lang``.

    A :class:`Msg` (result tables keep them with object dtype, see
    :func:`digianalys.result.from_rows`) is rendered from its key and fields; a plain value is
    looked up in :data:`VALUES` for its column (the fixed vocabulary of a column, e.g. the test
    names), else shown as it is.
    """
    if isinstance(value, Msg):
        return value.tr(lang)
    shown = str(value)
    if lang == "en" or not shown:
        return shown
    return VALUES.get(str(column), {}).get(shown, shown)


#: Titles, notes, methods sentences and text cells of results: key → (English, Swedish).
MESSAGES: dict[str, tuple[str, str]] = {
    "_join": ("{items}", "{items}"),
    "_item": ("{name}: {text}.", "{name}: {text}."),
    "wave_label": ("Wave", "Omgång"),
}
MESSAGES.update(RESULT_MESSAGES)
MESSAGES.update(PRESENTATION_CATALOGUE)
TEXTS.update(PRESENTATION_TEXTS)
MESSAGES.update(SPSS_CATALOGUE)
HEADINGS.update({k: v for k, v in PRESENTATION_HEADINGS.items() if k not in HEADINGS})
MESSAGES.update(INGEST_CATALOGUE)  # ingest's warnings (output/messages_ingest.py)
