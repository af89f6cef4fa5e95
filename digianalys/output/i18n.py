"""Showing texts in Swedish or English: messages, headings, table names, figure texts, numbers.

The mechanism only; the texts are in the catalogues :mod:`.labels` (headings, table names, fixed
texts, column vocabularies), :mod:`.messages` (titles, notes, methods and text cells of
results) and the ingest warnings. Result tables keep the contract's snake_case column names and
hold every user-visible text as a :class:`Msg` (key + fields); this module decides how a name is
*shown* (``heading``), how a message or fixed text reads (``tr``, ``text``) and how a number is
written (``decimal``: a comma in Swedish).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from ..errors import OutputError
from .labels import HEADINGS, TABLE_NAMES, TEXTS, VALUES
from .messages import RESULT_MESSAGES
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


def _pattern(english: str) -> re.Pattern[str]:
    """A regex matching the English text of a template, one named group per field (used only
    by the ingest warnings below until they are stored as messages)."""
    regex = ""
    for literal, name, _spec, _conv in string.Formatter().parse(english):
        regex += re.escape(literal)
        if name is not None:
            regex += f"(?P<{name}>.+?)"
    return re.compile(regex)


#: Ingest warnings (ingest-report.json keeps them in English; reports translate them when
#: shown, see :func:`ingest_warning`). The English templates must match the texts ingest.py,
#: infer.py and reading.py write; a ``<key>_one`` message is used when the field ``n`` is 1.
INGEST_MESSAGES = (
    "ingest_wave_only",
    "ingest_left_out",
    "ingest_unknown_scale",
    "ingest_ambiguous_scale",
    "ingest_no_answers",
    "ingest_negative_codes",
    "ingest_not_numbers",
    "ingest_codebook_pii",
    "ingest_pii_kept",
    "ingest_csv_sheet",
    "ingest_hidden_sheet",
    "ingest_codebook_kept",
    "ingest_stray_scale",
    "ingest_pii_masked",
)
#: How ingest names a column or question at the start of a warning ("{where}: …").
INGEST_WHERE = ("where_column_named", "where_column_number", "where_question")


def ingest_warning(message: str, lang: str = "en") -> str:
    """An ingest warning for reading in ``lang``.

    Warnings are stored as English text; a text matching one of :data:`INGEST_MESSAGES` (also
    after a "file.xlsx: " prefix) is rendered in ``lang``, anything else is returned as it is.
    """
    message = str(message)
    if lang == "en":
        return message
    shown = _translate_with(message, INGEST_MESSAGES, lang)
    if shown is not None:
        return shown
    head, sep, rest = message.partition(": ")
    if sep:
        inner = _translate_with(rest, INGEST_MESSAGES, lang)
        if inner is not None:
            return f"{head}: {inner}"
    return message


def _translate_with(message: str, keys: tuple[str, ...], lang: str) -> str | None:
    for key in keys:
        m = _pattern(MESSAGES[key][0]).fullmatch(message)
        if not m:
            continue
        fields = m.groupdict()
        if "where" in fields:
            fields["where"] = (
                _translate_with(fields["where"], INGEST_WHERE, lang) or fields["where"]
            )
        if fields.get("n") == "1" and f"{key}_one" in MESSAGES:
            key = f"{key}_one"
        return _pick(MESSAGES[key], lang).format(**fields)
    return None


#: Titles, notes, methods sentences and text cells of results: key → (English, Swedish).
MESSAGES: dict[str, tuple[str, str]] = {
    "_join": ("{items}", "{items}"),
    # ------------------------------------------------------------------ ingest warnings
    "ingest_wave_only": (
        "column '{column}' is only in wave(s) {waves}; it is blank for the other waves",
        "kolumnen '{column}' finns bara i omgång {waves}; den är tom i övriga omgångar",
    ),
    "ingest_left_out": (
        "{n} column(s) not in the codebook were left out: {columns}; add them to the codebook "
        "to keep them",
        "{n} kolumner som inte finns i kodboken utelämnades: {columns}; lägg till dem i "
        "kodboken för att behålla dem",
    ),
    "ingest_codebook_kept": (
        "{codebook} is your edited codebook and was left as it is; the completed codebook (with "
        "what ingest filled in) is {completed}, which analyses use",
        "{codebook} är din redigerade kodbok och lämnades orörd; den kompletterade kodboken (med "
        "det som inläsningen fyllde i) är {completed}, som analyserna använder",
    ),
    "ingest_left_out_one": (
        "1 column not in the codebook was left out: {columns}; add it to the codebook to keep it",
        "1 kolumn som inte finns i kodboken utelämnades: {columns}; lägg till den i kodboken "
        "för att behålla den",
    ),
    "ingest_unknown_scale": (
        "{where}: the answer labels fit no known scale and are kept as categorical; if they are "
        "ordered, declare it in the codebook: type: ordinal, values: {{{example}}} "
        "(reorder so that 1 is the lowest)",
        "{where}: svarsalternativen passar ingen känd skala och behålls som kategoriska; om de "
        "är ordnade, ange det i kodboken: type: ordinal, values: {{{example}}} "
        "(ordna om så att 1 är lägst)",
    ),
    "ingest_ambiguous_scale": (
        "{where}: not every answer label was used, and the labels fit several known scales "
        "({scales}); coded as '{scale}'. Check the codes in the codebook ('values') and correct "
        "them if needed",
        "{where}: alla svarsalternativ förekommer inte, och alternativen passar flera kända "
        "skalor ({scales}); kodades som '{scale}'. Kontrollera koderna i kodboken ('values') "
        "och rätta dem vid behov",
    ),
    "ingest_no_answers": (
        "{where}: no answers; kept as text",
        "{where}: inga svar; behålls som text",
    ),
    "ingest_negative_codes": (
        "{where}: negative codes {codes} treated as missing (Qualtrics not-applicable recode "
        "values)",
        "{where}: de negativa koderna {codes} behandlas som bortfall (Qualtrics koder för ej "
        "tillämpligt)",
    ),
    "ingest_not_numbers": (
        "{where}: {n} answer(s) are not numbers and become missing",
        "{where}: {n} svar är inte tal och räknas som bortfall",
    ),
    "ingest_codebook_pii": (
        "codebook variable '{name}' ({source}) is personal data ({kind}) and was dropped; use "
        "--keep-pii to keep it",
        "kodboksvariabeln '{name}' ({source}) är en personuppgift ({kind}) och togs bort; "
        "använd --keep-pii för att behålla den",
    ),
    "ingest_pii_kept": (
        "{n} personal-data column(s) kept (--keep-pii)",
        "{n} kolumner med personuppgifter behölls (--keep-pii)",
    ),
    "ingest_pii_kept_one": (
        "1 personal-data column kept (--keep-pii)",
        "1 kolumn med personuppgifter behölls (--keep-pii)",
    ),
    "ingest_csv_sheet": (
        "{file} is a CSV file: the sheet '{sheet}' was ignored",
        "{file} är en CSV-fil: bladet '{sheet}' användes inte",
    ),
    "ingest_hidden_sheet": (
        "{file}: read the hidden sheet '{sheet}' (no visible sheet has data)",
        "{file}: läste det dolda bladet '{sheet}' (inget synligt blad har data)",
    ),
    "ingest_stray_scale": (
        "{where}: {n} answer(s) fit no label of the scale '{scale}' and become missing "
        "(unrecognised; response row(s) {rows})",
        "{where}: {n} svar passar inget alternativ på skalan '{scale}' och räknas som bortfall "
        "(okända värden; svarsrad {rows})",
    ),
    "ingest_pii_masked": (
        "{n} answer(s) in {columns} kept column(s) held personal data: masked in free text, "
        "missing elsewhere (see the ingest report)",
        "{n} svar i {columns} behållna kolumner innehöll personuppgifter: maskerade i fritext, "
        "annars bortfall (se inläsningsrapporten)",
    ),
    "where_column_named": ("column '{name}'", "kolumnen '{name}'"),
    "where_column_number": ("column {number}", "kolumn {number}"),
    "where_question": ("question '{question}'", "frågan '{question}'"),
    "_item": ("{name}: {text}.", "{name}: {text}."),
    "wave_label": ("Wave", "Omgång"),
}
MESSAGES.update(RESULT_MESSAGES)
MESSAGES.update(PRESENTATION_CATALOGUE)
TEXTS.update(PRESENTATION_TEXTS)
MESSAGES.update(SPSS_CATALOGUE)
HEADINGS.update({k: v for k, v in PRESENTATION_HEADINGS.items() if k not in HEADINGS})
