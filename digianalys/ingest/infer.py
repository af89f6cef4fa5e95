"""Type inference: what each raw column of a survey export is, as a codebook :class:`Variable`.

Public interface (called by :mod:`digianalys.ingest.pipeline`)::

    @dataclass
    class Inferred:
        variable: Variable     # fully filled codebook entry (name, label, source, type, values/levels,
                               # missing counts, question, option, encoding, delimiter, scale)
        columns: list[int]     # raw column index(es): columns[0] holds the value; for a ticked
                               # select-all option the rest are the sibling columns of its question

    infer_variables(layout: Layout, used_names: set[str] | None = None)
        -> tuple[list[Inferred], list[str]]             # (variables in column order, warnings)
    make_name(text: str, used: set[str]) -> str          # snake_case ASCII, ≤ 40 chars, unique
    sector_of(label: str) -> str | None                  # 'statlig' | 'kommunal' | 'regional'
    parse_numbers(values) -> pd.Series                   # float64, NaN where not a number
    parse_datetimes(values) -> pd.Series                 # datetime64[ns], NaT where not a date
    split_options(value, options, delimiter) -> list[str]  # one cell of a delimited select-all

Everything works on the DISTINCT values of a column (``pd.factorize``), never cell by cell, so
a 20,000 × 120 sheet is inferred in a fraction of a second. The recoding itself is done by
:func:`digianalys.ingest.cleaning.apply_variables` from the returned variables alone, so an edited
codebook is applied exactly like an inferred one.

Decision order for one column (don't-know answers removed first): organisation type
(``sector``) → delimited select-all → binary → ordinal (known scale) → numeric with Qualtrics
negative codes → numeric / id → datetime → id → free text → categorical. A matrix or
select-all question (columns sharing ``Column.group``) is decided together: ticked select-all,
Yes/No per option, or one answer scale shared by all items (the union of their labels).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..codebook import Variable
from .layouts import Column, Layout
from .likert import (
    DONT_KNOW,
    SCALE_WORDS,
    ScaleMatch,
    dont_know_mask,
    leading_code,
    light_normalise,
    looks_like_scale_label,
    normalise_label,
    recognise_scale,
)

MAX_NAME = 40
#: Qualtrics "recode values" used for don't-know / not-applicable answers.
NEGATIVE_CODES = frozenset({-1, -2, -3, -4, -5, -8, -9, -97, -98, -99, -999})
#: normalised yes / no spellings of the binary pairs (yes-set, no-set)
BINARY_PAIRS: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"ja"}), frozenset({"nej"})),
    (frozenset({"yes", "y"}), frozenset({"no", "n"})),
    (frozenset({"true", "sant"}), frozenset({"false", "falskt"})),
    (frozenset({"1", "1.0"}), frozenset({"0", "0.0"})),
)
_CANONICAL_BINARY = (("Ja", "Nej"), ("Yes", "No"), ("True", "False"), ("1", "0"))

SECTORS = ("statlig", "kommunal", "regional")
_SECTOR_EXACT = {
    "statlig myndighet": "statlig",
    "myndighet": "statlig",
    "statlig förvaltningsmyndighet": "statlig",
    "förvaltningsmyndighet": "statlig",
    "statlig förvaltning": "statlig",
    "statlig": "statlig",
    "stat": "statlig",
    "staten": "statlig",
    "state agency": "statlig",
    "government agency": "statlig",
    "central government": "statlig",
    "central government agency": "statlig",
    "national government": "statlig",
    "state": "statlig",
    "kommun": "kommunal",
    "kommunal förvaltning": "kommunal",
    "kommunal": "kommunal",
    "kommunen": "kommunal",
    "primärkommun": "kommunal",
    "municipality": "kommunal",
    "local government": "kommunal",
    "local authority": "kommunal",
    "municipal": "kommunal",
    "region": "regional",
    "landsting": "regional",
    "regional": "regional",
    "region/landsting": "regional",
    "landsting/region": "regional",
    "county council": "regional",
    "regional government": "regional",
}
_SECTOR_RULES = (
    ("kommunal", re.compile(r"kommun|municipal|local (government|authorit)")),
    ("regional", re.compile(r"\bregion(en|al|alt)?\b|landsting|county council")),
    (
        "statlig",
        re.compile(
            r"\bstat(en|lig|ligt|liga)?\b|myndighet|länsstyrelse|government agency"
            r"|central government|national government|state agency|\bstate\b"
        ),
    ),
)
_SECTOR_HEADER = re.compile(
    r"organisationstyp|organisationsform|typ av organisation|typ av verksamhet|sektor|"
    r"\bsector\b|type of organi[sz]ation|organi[sz]ation(al)? type|kind of organi[sz]ation|"
    r"huvudmannaskap"
)
_ID_HEADER = re.compile(
    r"^(id|#|nr|no\.?|löpnummer|lopnr|svars-?id|respondent ?id|response ?id|respondentid|"
    r"responseid|record ?id|_recordid|submission ?id|antwort-id)$|"
    r"\b(respondent|response|record|submission|svars|enkät)[ -]?id\b|\bid$"
)
#: Survey-tool bookkeeping columns that identify a collector/channel, not an answer.
_META_ID_HEADER = re.compile(
    r"^(collector ?id|collectorid|distribution ?channel|externalreference|external ?reference)$"
)
_TEXT_HEADER = re.compile(
    r"kommentar|synpunkt|fritext|fri text|please specify|comment|remarks|feedback|"
    r"annat \(|other \(|övrigt \(|ange vad"
)
_ID_VALUE = re.compile(r"^[A-Za-z0-9_\-.:{}]+$")
_SCALE_TOKENS = re.compile(
    r"\b(instämmer|mycket|ganska|varken|delvis|inte|agree|disagree|very|somewhat|fairly|"
    r"neither|not|never|always|often|rarely|extent|grad|satisf|nöjd|important|viktig|relevant|"
    r"likely|poor|good|bra|dålig)"
)
_PAREN_RE = re.compile(r"\s*\([^()]*\)")
_URL_RE = re.compile(r"https?://\S+")


@dataclass
class Inferred:
    """A codebook variable and the raw column(s) it is computed from.

    ``columns[0]`` holds the value; for a ticked select-all option the remaining indexes are the
    other columns of the same question (a respondent who ticked none of them is missing, not 0).
    """

    variable: Variable
    columns: list[int] = field(default_factory=list)


# ============================================================================ helpers
def make_name(text: str, used: set[str], next_suffix: dict[str, int] | None = None) -> str:
    """A unique snake_case ASCII name (≤ 40 chars, cut at a word boundary) from a label.

    å, ä → a, ö → o, é → e (any accent dropped); never starts with a digit (``q_`` is put in
    front); a name already in ``used`` gets ``_2``, ``_3`` …; the result is added to ``used``.
    ``next_suffix`` (kept by the caller across calls with the same ``used``) remembers the
    suffixes already taken per name, so 16,000 identical headers cost linear, not quadratic,
    time; the names are the same.
    """
    text = _URL_RE.sub(" ", str(text))
    short = _PAREN_RE.sub("", text).strip()
    if re.search(r"[A-Za-z0-9À-ÿ]", short):
        text = short
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "AE")
    text = text.replace("ß", "ss").replace("&", " and ")
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w]
    name = ""
    for w in words:
        cand = f"{name}_{w}" if name else w
        if len(cand) > MAX_NAME:
            if not name:
                name = w[:MAX_NAME]
            break
        name = cand
    if not name:
        name = "var"
    if name[0].isdigit():
        name = ("q_" + name)[:MAX_NAME].rstrip("_")
    base, i = name, 2 if next_suffix is None else next_suffix.get(name, 2)
    while name in used:
        suffix = f"_{i}"
        name = base[: MAX_NAME - len(suffix)].rstrip("_") + suffix
        i += 1
    if next_suffix is not None:
        next_suffix[base] = i
    used.add(name)
    return name


def sector_of(label: object) -> str | None:
    """Map an organisation-type answer to 'statlig', 'kommunal' or 'regional' (sv/en), else None."""
    text = light_normalise(label)
    if not text:
        return None
    if text in _SECTOR_EXACT:
        return _SECTOR_EXACT[text]
    for sector, rx in _SECTOR_RULES:
        if rx.search(text):
            return sector
    return None


# ([0-9] and literal characters, not \d / \s / \uXXXX, so that pyarrow runs them natively)
_NUM_PLAIN = re.compile(r"^[+-]?([0-9]+([.,][0-9]+)?|[.,][0-9]+)([eE][+-]?[0-9]+)?$")
_NUM_DOT_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$")
_NUM_COMMA_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
_GAP_CHARS = " \u00a0\u202f\u2009'"  # thousands separators: space, no-break spaces, apostrophe
_NUM_PERCENT = re.compile("[" + _GAP_CHARS + "]*%$")
_NUM_GAPPED = "^[+-]?[0-9]{1,3}([" + _GAP_CHARS + "][0-9]{3})+([.,][0-9]+)?$"  # "1 234 567,5"
_NUM_GAPPED_RE = re.compile(_NUM_GAPPED)
_NUM_GAP_CHARS_RE = re.compile("[" + _GAP_CHARS + "]")
#: pandas string dtype backed by pyarrow: vectorised (C++) string and regex operations
STR = pd.StringDtype("pyarrow")


def _number_text(value: object) -> str | None:
    """Canonical float text for one number string ("1 234,5" → "1234.5"), else None."""
    if value is None or value is pd.NA:
        return None
    return _number_text_of(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _number_text_of(text: str) -> str | None:
    # cached: the same codes ("1" … "99") recur in every numeric column
    text = text.strip()
    if not text or not any(ch.isdigit() for ch in text[:40]):
        return None
    text = _NUM_PERCENT.sub("", text.replace("\u2212", "-"))
    if _NUM_GAPPED_RE.match(text):
        text = _NUM_GAP_CHARS_RE.sub("", text)
    if _NUM_PLAIN.match(text):
        return text.replace(",", ".")
    if _NUM_DOT_THOUSANDS.match(text):
        return text.replace(".", "").replace(",", ".")
    if _NUM_COMMA_THOUSANDS.match(text):
        return text.replace(",", "")
    return None


def parse_numbers(values: Iterable[object]) -> pd.Series:
    """Parse number text to float64 (NaN where not a number); meant for distinct values.

    Accepts a decimal comma or point, spaces / no-break spaces / apostrophes as thousands
    separators ("1 234,5"), "1.234.567" and "1,234,567.5" thousands styles, a trailing "%"
    ("12 %" → 12.0) and a Unicode minus. A single comma is always a decimal comma ("1,234" →
    1.234), as in Swedish exports.
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(list(values), dtype="object")
    if len(values) <= 500:
        items = values.to_numpy(dtype=object, na_value=None)  # iterating Arrow-backed is slow
        texts = np.array([_number_text(v) for v in items], dtype=object)
        return pd.Series(pd.to_numeric(texts, errors="coerce"), dtype="float64")
    import pyarrow as pa
    import pyarrow.compute as pc

    # Fast path, one C++ pass: every value a plain integer of at most 15 digits (respondent
    # ids, codes), exactly representable in float64 whichever parser reads it.
    trimmed = pc.utf8_trim_whitespace(pa.array(values.astype(STR).array))
    if pc.all(pc.match_substring_regex(trimmed, r"^-?[0-9]{1,15}$")).as_py():
        ints = pc.cast(trimmed, pa.int64())
        return pd.Series(ints.to_numpy(zero_copy_only=False), dtype="float64")
    return _parse_numbers_vectorised(values)


def _parse_numbers_vectorised(values: pd.Series) -> pd.Series:
    """:func:`parse_numbers` for many values, with pandas' vectorised string methods."""
    s = values.astype(STR).str.strip()
    s = s.str.replace("\u2212", "-", regex=False).str.replace(_NUM_PERCENT.pattern, "", regex=True)
    gaps = s.str.match(_NUM_GAPPED).fillna(False)
    if gaps.any():
        s = s.where(~gaps, s.str.replace("[" + _GAP_CHARS + "]", "", regex=True))
    plain = s.str.match(_NUM_PLAIN.pattern).fillna(False)
    dot_th = s.str.match(_NUM_DOT_THOUSANDS.pattern).fillna(False) & ~plain
    comma_th = s.str.match(_NUM_COMMA_THOUSANDS.pattern).fillna(False) & ~plain
    txt = s.where(plain | dot_th | comma_th)
    txt = txt.where(~dot_th, txt.str.replace(".", "", regex=False))
    txt = txt.where(~comma_th, txt.str.replace(",", "", regex=False))
    txt = txt.str.replace(",", ".", regex=False)
    out = pd.to_numeric(txt, errors="coerce").astype("float64")
    return pd.Series(out.to_numpy(), dtype="float64")


_ISO_DATE = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?$"
)
_TZ_AWARE = re.compile(r"(?:Z|UTC|[+-]\d{2}:?\d{2})$")
_OTHER_DATE = re.compile(r"^\d{1,4}[./]\d{1,2}[./]\d{1,4}(\s+\d{1,2}:\d{2}(:\d{2})?)?$")
_TZ_SUFFIX = re.compile(
    r"\s+(GMT|UTC|CET|CEST|EET|EEST|BST|EST|EDT|PST|PDT)([+-]\d{1,2}(:?\d{2})?)?$"
)
_AMPM = re.compile(r"\s+(am|pm|fm|em|a\.m\.|p\.m\.)$", re.IGNORECASE)
_DATE_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %H:%M",
    "%m/%d/%y",
    "%d/%m/%y %H:%M",
    "%d/%m/%y",
)


def parse_datetimes(values: Iterable[object]) -> pd.Series:
    """Parse date/time text to naive datetime64[ns] (NaT where not a date); for distinct values.

    ISO 8601 ("2016-06-24 14:27:09", "2021-03-04T10:00:00Z"; time zones converted to UTC),
    Google Forms ("2021/03/04 10:15:32 AM GMT+1", Swedish "fm"/"em"), "04.03.2021 10:15" and
    slash dates; for slash dates the day/month order that parses most values of the column wins
    (month first on a tie, as US-English exports write them).
    """
    texts = ["" if v is None or v is pd.NA else str(v).strip() for v in values]
    out = pd.Series(pd.NaT, index=range(len(texts)), dtype="datetime64[ns]")
    naive: dict[int, str] = {}
    aware: dict[int, str] = {}
    other: dict[int, str] = {}
    ampm: dict[int, str] = {}
    for i, t in enumerate(texts):
        if not t or not t[:1].isdigit():
            continue
        if _ISO_DATE.match(t):
            if _TZ_AWARE.search(t):
                aware[i] = t.replace("UTC", "Z").replace(" Z", "Z")
            else:
                naive[i] = t
            continue
        t2 = _TZ_SUFFIX.sub("", t)
        m = _AMPM.search(t2)
        if m:
            ampm[i] = m.group(1).lower()
            t2 = t2[: m.start()]
        if _OTHER_DATE.match(t2):
            other[i] = t2
    if naive:
        parsed = pd.to_datetime(list(naive.values()), format="ISO8601", errors="coerce")
        out.iloc[list(naive)] = np.asarray(parsed.astype("datetime64[ns]"))
    if aware:
        parsed = pd.to_datetime(list(aware.values()), format="ISO8601", errors="coerce", utc=True)
        out.iloc[list(aware)] = np.asarray(parsed.tz_localize(None).astype("datetime64[ns]"))
    rest = pd.Series(other, dtype="object")
    while len(rest):
        best = None
        for fmt in _DATE_FORMATS:
            parsed = pd.to_datetime(rest, format=fmt, errors="coerce")
            if best is None or parsed.notna().sum() > best.notna().sum():
                best = parsed
        if best is None or not best.notna().any():
            break
        ok = best.notna()
        got = best[ok].astype("datetime64[ns]")
        tag = pd.Series({i: ampm.get(i, "") for i in got.index}, dtype="object")
        hours = got.dt.hour
        pm = tag.isin(["pm", "em", "p.m."]) & (hours < 12)
        am = tag.isin(["am", "fm", "a.m."]) & (hours == 12)
        got = got.where(~pm, got + pd.Timedelta(hours=12))
        got = got.where(~am, got - pd.Timedelta(hours=12))
        out.iloc[list(got.index)] = got.to_numpy()
        rest = rest[~ok]
    return out


def _option_boundaries(tokens: list[str], start: int, delimiter: str) -> int:
    """Index of the last token of the chunk starting at ``start`` (comma-aware for ', ')."""
    depth = 0
    j = start
    while True:
        tok = tokens[j]
        depth += tok.count("(") + tok.count("[") - tok.count(")") - tok.count("]")
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if nxt is None:
            return j
        if delimiter.strip() == "," and (depth > 0 or (nxt[:1].islower() or nxt[:1].isdigit())):
            j += 1
            continue
        return j


def _allowed_end(tokens: list[str], start: int, end: int, delimiter: str) -> bool:
    if end + 1 >= len(tokens):
        return True
    if delimiter.strip() != ",":
        return True
    nxt = tokens[end + 1]
    return not (nxt[:1].islower() or nxt[:1].isdigit())


def _tokens(value: str, delimiter: str) -> list[str]:
    if delimiter.strip() == ";":
        return [t.strip() for t in value.split(";") if t.strip()]
    return [t.strip() for t in value.split(delimiter.strip()) if t.strip()]


def split_options(value: str, options: Iterable[str], delimiter: str) -> list[str]:
    """Split one delimited select-all cell into options.

    Known ``options`` are matched longest first (option texts may contain the delimiter, e.g.
    "Ja, delvis"); text that matches no known option is split where the delimiter is followed by
    a capital letter and parentheses are balanced, and returned as new options.
    """
    tokens = _tokens(str(value), delimiter)
    joiner = "; " if delimiter.strip() == ";" else ", "
    known = sorted({o.strip() for o in options if o.strip()}, key=lambda o: (-len(o), o))
    by_tokens = [(o, _tokens(o, delimiter)) for o in known]
    whole = _segment(tokens, by_tokens)
    if whole is not None:
        return whole
    out: list[str] = []
    i = 0
    while i < len(tokens):
        hit = None
        for opt, otoks in by_tokens:
            m = len(otoks)
            if (
                otoks
                and tokens[i : i + m] == otoks
                and _allowed_end(tokens, i, i + m - 1, delimiter)
            ):
                hit = (opt, m)
                break
        if hit is None:
            j = _option_boundaries(tokens, i, delimiter)
            hit = (joiner.join(tokens[i : j + 1]), j - i + 1)
        out.append(hit[0])
        i += hit[1]
    return out


def _segment(tokens: list[str], by_tokens: list[tuple[str, list[str]]]) -> list[str] | None:
    """The cell's tokens as a sequence of known options covering all of them (fewest options
    first, so "Ja, delvis" beats "Ja" + "delvis" when both are known), or None.

    Tried before any heuristic: once "e-arkiv" is a known option, "Mina meddelanden, e-arkiv"
    splits into two options even though the second starts with a small letter."""
    n = len(tokens)
    if not n or not by_tokens:
        return None
    # best[i]: fewest options covering tokens[i:], with the choice made at i
    best: list[tuple[int, str, int] | None] = [None] * (n + 1)
    best[n] = (0, "", 0)
    for i in range(n - 1, -1, -1):
        for opt, otoks in by_tokens:
            m = len(otoks)
            if m and tokens[i : i + m] == otoks and best[i + m] is not None:
                cand = (best[i + m][0] + 1, opt, m)  # type: ignore[index]
                if best[i] is None or cand[0] < best[i][0]:  # type: ignore[index]
                    best[i] = cand
    if best[0] is None:
        return None
    out, i = [], 0
    while i < n:
        _, opt, m = best[i]  # type: ignore[misc]
        out.append(opt)
        i += m
    return out


def _merge_companions(values: list[str], known: list[str], delim: str) -> list[str]:
    """Join options that only ever occur together, one right after the other, in at least two
    cells: they are one option whose text holds the delimiter ("e-legitimation, BankID")."""
    joiner = "; " if delim.strip() == ";" else ", "
    for _ in range(len(known)):
        parsed = [split_options(v, known, delim) for v in values]
        seen: dict[str, int] = {}
        follows: dict[tuple[str, str], int] = {}
        for opts in parsed:
            for j, o in enumerate(opts):
                seen[o] = seen.get(o, 0) + 1
                if j + 1 < len(opts):
                    pair = (o, opts[j + 1])
                    follows[pair] = follows.get(pair, 0) + 1
        merged = None
        for (a, b), n in follows.items():
            if n >= 2 and seen.get(a) == n and seen.get(b) == n and a != b:
                merged = (a, b)
                break
        if merged is None:
            return known
        a, b = merged
        known = [o for o in known if o not in (a, b)] + [f"{a}{joiner}{b}"]
    return known


# ============================================================================ column stats
@dataclass
class _Col:
    """The distinct values of one raw column (stripped, blanks dropped) and their counts."""

    col: Column
    all_values: pd.Series  # distinct stripped non-blank values, in order of first appearance
    all_counts: np.ndarray  # cells per value
    dk: dict[str, int]  # don't-know spelling -> cells (merged by normalised label)
    n_rows: int
    rest_values: pd.Series  # the values that are not don't-know answers
    rest_counts: np.ndarray

    @cached_property
    def counts(self) -> dict[str, int]:
        """stripped non-blank value -> cells (all values, including don't-know)."""
        return dict(zip(self.all_values.tolist(), self.all_counts.tolist(), strict=True))

    @cached_property
    def rest(self) -> dict[str, int]:
        """value -> cells for the values that are not don't-know answers."""
        return dict(zip(self.rest_values.tolist(), self.rest_counts.tolist(), strict=True))

    @cached_property
    def numbers(self) -> pd.Series:
        """:func:`parse_numbers` of ``rest_values`` (parsed once per column)."""
        return parse_numbers(self.rest_values)

    @property
    def n_distinct(self) -> int:
        return len(self.rest_values)

    @property
    def n(self) -> int:
        return int(self.all_counts.sum())

    @property
    def n_rest(self) -> int:
        return int(self.rest_counts.sum())

    def norm_rest(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for v, c in self.rest.items():
            k = normalise_label(v)
            out[k] = out.get(k, 0) + c
        return out

    def share(self, pattern: str) -> float:
        """Share of the non-don't-know cells whose value matches ``pattern`` (vectorised)."""
        if not len(self.rest_values):
            return 0.0
        if len(self.rest_values) <= 200:
            rx = re.compile(pattern)
            hit = np.array([bool(rx.match(v)) for v in self.rest_values.tolist()], dtype=bool)
        else:
            hit = self.rest_values.str.match(pattern).fillna(False).to_numpy(dtype=bool)
        return float(self.rest_counts[hit].sum() / self.rest_counts.sum())


_Distinct = tuple[np.ndarray, pd.Series, np.ndarray]
#: While :func:`shared_distinct` is active: id(Arrow array) -> (that array, its encodings).
_DISTINCT_CACHE: dict[int, tuple[object, _Encoded]] | None = None


@dataclass
class _Encoded:
    """A column's exact cell codes (``raw``: -1 for <NA>; ``n_raw`` distinct texts) and the
    :func:`distinct` result after stripping whitespace."""

    raw: np.ndarray
    n_raw: int
    stripped: _Distinct


@contextmanager
def shared_distinct() -> Iterator[None]:
    """Within this block, each raw column is factorised only once.

    Duplicate detection, personal-data detection, type inference and cleaning all look at the
    distinct values of the same columns; :func:`digianalys.ingest.pipeline.ingest` wraps its pipeline in
    this block so the factorisation is shared. Columns are recognised by the identity of their
    Arrow array (a reference is held, so an id cannot be reused); the cache is dropped when the
    block ends.
    """
    global _DISTINCT_CACHE
    outer = _DISTINCT_CACHE
    if outer is None:
        _DISTINCT_CACHE = {}
    try:
        yield
    finally:
        _DISTINCT_CACHE = outer


def encode_columns(columns: list[pd.Series]) -> None:
    """Factorise ``columns`` into the :func:`shared_distinct` cache, two at a time.

    pyarrow's dictionary encoding and trimming run without the GIL, so two threads use both
    cores for that part. Outside a shared_distinct block this does nothing.
    """
    if _DISTINCT_CACHE is None or len(columns) < 16:
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="digianalys-encode") as pool:
        for _ in pool.map(_encoded, columns):
            pass


def distinct(series: pd.Series) -> _Distinct:
    """Factorise a raw text column after stripping whitespace, in C++ (pyarrow).

    Returns ``(codes, values, counts)``: per row the index into ``values`` (-1 for <NA>), the
    distinct stripped values (pyarrow-backed string Series, may contain "") and the number of
    rows holding each. Inside :func:`shared_distinct` the result is shared (its arrays are
    read-only): do not modify it.
    """
    return _encoded(series).stripped


def cell_codes(series: pd.Series) -> tuple[np.ndarray, int]:
    """Exact cell codes of a raw text column (equal texts share a code, <NA> is -1) and the
    number of distinct texts; no stripping. Shared like :func:`distinct`."""
    enc = _encoded(series)
    return enc.raw, enc.n_raw


def _encoded(series: pd.Series) -> _Encoded:
    cache = _DISTINCT_CACHE
    key = getattr(series.array, "_pa_array", None) if cache is not None else None
    if key is not None and cache is not None:
        hit = cache.get(id(key))
        if hit is not None and hit[0] is key:
            return hit[1]
    result = _encode(series)
    if key is not None and cache is not None:
        for arr in (result.raw, result.stripped[0], result.stripped[2]):
            arr.setflags(write=False)
        cache[id(key)] = (key, result)
    return result


def _encode(series: pd.Series) -> _Encoded:
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(series.array)
    except (TypeError, ValueError, pa.ArrowException):
        arr = pa.array(series.astype("string").astype(object).tolist(), type=pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = pc.cast(arr, pa.large_string())
    # encode the raw cells, then strip the (few) distinct values and merge the ones that became
    # equal: the same codes and first-appearance order as stripping every cell first
    enc = pc.dictionary_encode(arr)
    indices, dictionary = enc.indices, enc.dictionary
    raw = pc.fill_null(indices, -1).to_numpy(zero_copy_only=False).astype("int64")
    stripped = pc.utf8_trim_whitespace(dictionary)
    codes = raw
    if not pc.all(pc.equal(stripped, dictionary)).as_py():
        merged = pc.dictionary_encode(stripped)
        remap = np.append(merged.indices.to_numpy(zero_copy_only=False).astype("int64"), -1)
        codes = remap[raw]  # raw == -1 picks the trailing -1
        stripped = merged.dictionary
    values = pd.Series(stripped, dtype=STR)
    valid = codes[codes >= 0]
    counts = np.bincount(valid, minlength=len(values)).astype("int64")
    if codes is raw:
        codes = raw.copy()
    return _Encoded(raw=raw, n_raw=len(dictionary), stripped=(codes, values, counts))


def _stats(series: pd.Series, col: Column) -> _Col:
    _, values, counts = distinct(series)
    # masks on plain arrays, and Series re-indexed only when something is dropped: pandas
    # operations on the (few) distinct values cost more than the work they do
    texts = values.to_numpy(dtype=object)
    keep = (texts != "") & (counts > 0)
    if not keep.all():
        values = values[keep].reset_index(drop=True)
        texts = texts[keep]
    ns = counts[keep]
    is_dk = dont_know_mask(texts)
    dk_by_norm: dict[str, dict[str, int]] = {}
    for i in np.flatnonzero(is_dk):
        v = texts[i]
        dk_by_norm.setdefault(normalise_label(v), {})[v] = int(ns[i])
    dk = {_most_common(sp): sum(sp.values()) for sp in dk_by_norm.values()}
    return _Col(
        col=col,
        all_values=values,
        all_counts=ns,
        dk=dk,
        n_rows=len(series),
        rest_values=values[~is_dk].reset_index(drop=True) if is_dk.any() else values,
        rest_counts=ns[~is_dk],
    )


def _most_common(spellings: dict[str, int]) -> str:
    """The most frequent spelling (first seen on a tie)."""
    best, best_n = "", -1
    for sp, n in spellings.items():
        if n > best_n:
            best, best_n = sp, n
    return best


# ============================================================================ single decisions
def _binary_pair(norm_values: Iterable[str]) -> int | None:
    vals = set(norm_values)
    if not vals:
        return None
    for i, (yes, no) in enumerate(BINARY_PAIRS):
        if vals <= (yes | no):
            if i == 3 and not (vals & yes and vals & no):
                return None  # a lone 1 (or 0) is a number, not a yes/no answer
            return i
    return None


def _binary_values(pair: int, spellings: dict[str, int]) -> dict[int, str]:
    yes, no = BINARY_PAIRS[pair]
    ys = {v: c for v, c in spellings.items() if normalise_label(v) in yes}
    ns = {v: c for v, c in spellings.items() if normalise_label(v) in no}
    return {
        1: _most_common(ys) if ys else _CANONICAL_BINARY[pair][0],
        0: _most_common(ns) if ns else _CANONICAL_BINARY[pair][1],
    }


def _ordinal_values(match: ScaleMatch, spellings: dict[str, int]) -> dict[int, str]:
    """code -> label for all k levels, in the most frequent spelling found in the data."""
    by_code: dict[int, dict[str, int]] = {}
    for v, c in spellings.items():
        code = match.codes.get(normalise_label(v))
        if code is not None:
            by_code.setdefault(code, {})
            by_code[code][v] = by_code[code].get(v, 0) + c
    return {
        code: (_most_common(by_code[code]) if code in by_code else match.levels[code - 1])
        for code in range(1, match.k + 1)
    }


def _categorical_levels(spellings: dict[str, int]) -> dict[str, list[str]]:
    """Merge spellings that differ only in case/whitespace; level = most frequent spelling."""
    groups: dict[str, dict[str, int]] = {}
    for v, c in spellings.items():
        groups.setdefault(light_normalise(v), {})[v] = c
    items = []
    for sp in groups.values():
        level = _most_common(sp)
        ordered = sorted(sp, key=lambda s: (-sp[s], s))
        items.append((-sum(sp.values()), level, ordered))
    items.sort(key=lambda t: (t[0], t[1]))
    return {level: ordered for _, level, ordered in items}


def _sector_levels(spellings: dict[str, int]) -> dict[str, list[str]]:
    mapped: dict[str, dict[str, int]] = {s: {} for s in SECTORS}
    other: dict[str, int] = {}
    for v, c in spellings.items():
        sec = sector_of(v)
        if sec is None:
            other[v] = c
        else:
            mapped[sec][v] = c
    levels = {s: sorted(sp, key=lambda x: (-sp[x], x)) for s, sp in mapped.items() if sp}
    levels.update(_categorical_levels(other))
    return levels


def _is_sector(c: _Col) -> bool:
    if not c.n_distinct:
        return False
    header = light_normalise(f"{c.col.question} {c.col.label} {c.col.source}")
    n_rest = c.n_rest
    mapped = {v: sector_of(v) for v in c.rest} if c.n_distinct <= 60 else {}
    if not mapped:
        return False
    n_mapped = sum(c.rest[v] for v, s in mapped.items() if s)
    kinds = {s for s in mapped.values() if s}
    if _SECTOR_HEADER.search(header):
        return n_mapped >= 0.5 * n_rest
    return len(kinds) >= 2 and n_mapped >= 0.9 * n_rest


def _negative_codes(c: _Col) -> dict[str, int] | None:
    """Qualtrics negative NA codes in an otherwise positive integer column: {code: count}."""
    vals = list(c.rest)
    if not vals or len(vals) > 200:
        return None
    nums = c.numbers.to_numpy()  # in the order of c.rest (both follow rest_values)
    if np.isnan(nums).any() or not (nums == np.round(nums)).all():
        return None
    neg = {v: c.rest[v] for v, x in zip(vals, nums.tolist(), strict=True) if x < 0}
    pos = [x for x in nums.tolist() if x > 0]
    if not neg or not pos or len(neg) > 3:
        return None
    if not all(int(float(parse_numbers([v]).iloc[0])) in NEGATIVE_CODES for v in neg):
        return None
    return neg


def _looks_like_id(c: _Col, numbers: pd.Series | None) -> bool:
    n = c.n_rest
    if n < 1:
        return False
    headers = (c.col.label, c.col.qid, c.col.source)
    if any(h and _META_ID_HEADER.search(light_normalise(h)) for h in headers):
        return True
    if any(h and _ID_HEADER.search(light_normalise(h)) for h in headers):
        # an id column named as such; exact duplicate responses may repeat a few ids
        return c.n_distinct >= 0.9 * n and (numbers is None or bool(numbers.notna().all()))
    if bool((c.rest_counts > 1).any()):
        return False
    if n < 5:
        return False
    if numbers is not None:
        if numbers.isna().any() or not (numbers == numbers.round()).all():
            return False
        return bool(numbers.max() - numbers.min() + 1 == n)
    vals = c.rest_values
    ok = vals.str.match(_ID_VALUE.pattern) & vals.str.contains("[0-9]") & (vals.str.len() >= 4)
    return bool(ok.fillna(False).all())


def _looks_like_text(c: _Col) -> bool:
    n_distinct = c.n_distinct
    n = c.n_rest
    if n_distinct == 0:
        return False
    header = light_normalise(f"{c.col.label} {c.col.source}")
    if _TEXT_HEADER.search(header) and n_distinct >= 3:
        return True
    lengths = c.rest_values.str.len().to_numpy(dtype="float64")
    mean_len = float((lengths * c.rest_counts).sum() / n)
    ratio = n_distinct / n
    if ratio >= 0.5 and (n_distinct > 10 or mean_len >= 30):
        return True
    return mean_len >= 60 and n_distinct >= 5


def _scale_like(labels: Iterable[str]) -> bool:
    labels = list(labels)
    if not 2 <= len(labels) <= 12:
        return False
    return any(x in SCALE_WORDS or _SCALE_TOKENS.search(x) for x in labels)


def _delimited(c: _Col, layout_name: str) -> tuple[str, list[str]] | None:
    """(delimiter, options in order of first appearance) for a one-cell select-all column."""
    if not c.n_distinct or c.n_distinct > 500:
        return None
    vals = c.rest
    n = c.n_rest
    ends = sum(k for v, k in vals.items() if v.endswith(";"))
    semicolon = any(";" in v for v in vals)
    if ends >= 0.8 * n or (layout_name == "ms-forms" and semicolon):
        delim = ";"
    elif layout_name == "google-forms" and any(", " in v for v in vals):
        delim = ", "
    else:
        return None
    options = _collect_options(list(vals), delim)
    parsed = {v: split_options(v, options, delim) for v in vals}
    multi_cells = sum(k for v, k in vals.items() if len(parsed[v]) >= 2)
    if delim == ", ":
        uses: dict[str, int] = {}
        for v, k in vals.items():
            for o in parsed[v]:
                uses[o] = uses.get(o, 0) + k
        if (
            multi_cells == 0
            or len(options) > 40
            or sum(1 for o in options if uses.get(o, 0) >= 2) < 0.5 * len(options)
        ):
            return None
    return delim, options


def _collect_options(values: list[str], delim: str) -> list[str]:
    """Options of a delimited column: single selections first, then longest-first matching."""
    key = delim.strip()
    order = sorted(range(len(values)), key=lambda i: (values[i].count(key), i))
    known: list[str] = []
    seen: set[str] = set()
    for i in order:
        for opt in split_options(values[i], known, delim):
            if opt not in seen:
                seen.add(opt)
                known.append(opt)
    known = _merge_companions(values, known, delim)
    # order of first appearance in the data (row order of distinct values, then within the cell)
    first: dict[str, tuple[int, int]] = {}
    for i, v in enumerate(values):
        for j, opt in enumerate(split_options(v, known, delim)):
            first.setdefault(opt, (i, j))
    return sorted(known, key=lambda o: first.get(o, (len(values), 0)))


# ============================================================================ variable builders
def _base(c: _Col, vtype: str, **kw: object) -> Variable:
    col = c.col
    return Variable(
        name="",
        type=vtype,
        label=col.label or col.source or "",
        source=col.source,
        question=col.question if col.subitem else None,
        missing=dict(c.dk) if vtype not in ("text", "id") else {},
        **kw,  # type: ignore[arg-type]
    )


def _infer_single(c: _Col, layout: Layout, warnings: list[str]) -> list[tuple[Variable, str]]:
    """Decide one column on its own; returns (variable, name hint) pairs (several for multi)."""
    col = c.col
    where = f"column '{col.source}'" if col.source else f"column {col.index + 1}"
    if not len(c.all_values):
        warnings.append(f"{where}: no answers; kept as text")
        return [(_base(c, "text"), col.label)]
    if not c.n_distinct:  # only don't-know answers
        return [(_base(c, "categorical", levels={}), col.label)]
    if _is_sector(c):
        var = _base(c, "categorical", levels=_sector_levels(c.rest))
        return [(var, "sector")]
    delim = _delimited(c, layout.name)
    if delim is not None:
        sep, options = delim
        out = []
        for opt in options:
            var = Variable(
                name="",
                type="multi",
                label=opt,
                source=col.source,
                question=col.label or col.question,
                option=opt,
                encoding="delimited",
                delimiter=sep,
                missing=dict(c.dk),
            )
            out.append((var, opt))
        return out
    if col.qid and col.qid.upper().endswith("_TEXT"):
        return [(_base(c, "text"), col.label)]  # Qualtrics "other, please specify" text entry
    small = c.n_distinct <= 60
    norm = c.norm_rest() if small else {}
    pair = _binary_pair(norm) if small else None
    if pair is not None:
        return [(_base(c, "binary", values=_binary_values(pair, c.rest)), col.label)]
    if small and len(norm) <= 30:
        match = recognise_scale(c.rest)
        if match is not None:
            if match.ambiguous:
                warnings.append(_ambiguous_warning(where, match))
            var = _base(c, "ordinal", values=_ordinal_values(match, c.rest), scale=match.name)
            return [(var, col.label)]
    if small and 3 <= len(norm) <= 33:
        stray = _scale_without_strays(c)
        if stray is not None:
            match, kept, strays = stray
            if match.ambiguous:
                warnings.append(_ambiguous_warning(where, match))
            warnings.append(_stray_warning(where, match.name, layout, col, strays))
            var = _base(c, "ordinal", values=_ordinal_values(match, kept), scale=match.name)
            return [(var, col.label)]
    neg = _negative_codes(c) if c.n_distinct <= 200 else None
    if neg is not None:
        var = _base(c, "numeric")
        var.missing.update(neg)
        warnings.append(
            f"{where}: negative codes {', '.join(sorted(neg))} treated as missing "
            "(Qualtrics not-applicable recode values)"
        )
        return [(var, col.label)]
    if c.share("^[+\\-\u2212]?[0-9.,]") >= 0.9:
        numbers = c.numbers
        ok = int(c.rest_counts[numbers.notna().to_numpy()].sum())
        if ok == c.n_rest or (ok >= 0.95 * c.n_rest and c.n_distinct >= 20):
            if ok < c.n_rest:
                warnings.append(
                    f"{where}: {c.n_rest - ok} answer(s) are not numbers and become missing"
                )
            if ok == c.n_rest and _looks_like_id(c, numbers):
                return [(_base(c, "id"), col.label)]
            return [(_base(c, "numeric"), col.label)]
    if c.share(r"^[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}") >= 0.95:
        dates = parse_datetimes(c.rest_values)
        n_dates = int(c.rest_counts[dates.notna().to_numpy()].sum())
        if n_dates and n_dates >= 0.95 * c.n_rest:
            return [(_base(c, "datetime"), col.label)]
    if _looks_like_id(c, None):
        return [(_base(c, "id"), col.label)]
    if _looks_like_text(c):
        return [(_base(c, "text"), col.label)]
    var = _base(c, "categorical", levels=_categorical_levels(c.rest))
    if _scale_like(norm) or (col.group is not None and len(norm) <= 12):
        warnings.append(_unknown_scale_warning(where, c.rest))
    return [(var, col.label)]


#: Stray answers in a scale column: at most this many distinct texts, together at most this
#: share of the answers (and at least one answer), are reported and made missing instead of
#: making the whole column categorical.
MAX_STRAY_LABELS = 3
MAX_STRAY_SHARE = 0.05


def _scale_without_strays(c: _Col) -> tuple[ScaleMatch, dict[str, int], set[str]] | None:
    """The known scale the answers form once up to MAX_STRAY_LABELS rare texts (together at
    most MAX_STRAY_SHARE of the answers, or one answer) are left out; the kept spellings and
    the stray texts. None if no such scale."""
    items = sorted(c.rest.items(), key=lambda kv: (kv[1], kv[0]))
    budget = max(1, int(MAX_STRAY_SHARE * c.n_rest))
    strays: set[str] = set()
    used = 0
    for k in range(min(MAX_STRAY_LABELS, len(items) - 3)):
        text, n = items[k]
        used += n
        if used > budget:
            return None
        strays.add(text)
        kept = {v: m for v, m in items[k + 1 :]}
        if max(kept.values()) <= n:
            return None  # the strays are as common as the scale's labels: not stray
        match = recognise_scale(kept)
        if match is not None:
            return match, kept, strays
    return None


def _stray_warning(where: str, scale: str, layout: Layout, col: Column, strays: set[str]) -> str:
    """Names the count and the response rows of stray answers, never their text (it may be
    personal data)."""
    values = layout.data[col.index]
    codes, uniques, _ = distinct(values)
    texts = uniques.to_numpy(dtype=object)
    bad = np.array([t in strays for t in texts] + [False], dtype=bool)
    rows = np.flatnonzero(bad[codes]) + 1
    shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
    return (
        f"{where}: {len(rows)} answer(s) fit no label of the scale '{scale}' and become missing "
        f"(unrecognised; response row(s) {shown})"
    )


def _ambiguous_warning(where: str, match: ScaleMatch) -> str:
    return (
        f"{where}: not every answer label was used, and the labels fit several known scales "
        f"({', '.join([match.name, *match.alternatives])}); coded as '{match.name}'. "
        "Check the codes in the codebook ('values') and correct them if needed"
    )


def _unknown_scale_warning(where: str, labels: Iterable[str]) -> str:
    labels = list(labels)[:12]
    example = ", ".join(f"{i}: '{lab}'" for i, lab in enumerate(labels, start=1))
    return (
        f"{where}: the answer labels fit no known scale and are kept as categorical; if they are "
        f"ordered, declare it in the codebook: type: ordinal, values: {{{example}}} "
        "(reorder so that 1 is the lowest)"
    )


# ============================================================================ groups
def _ticked_columns(cols: list[_Col]) -> list[_Col]:
    """Columns of a group that look like ticked select-all options (option text or 1 / blank)."""
    ticked = []
    single_values = []
    for c in cols:
        if len(c.all_values) == 0:
            ticked.append(c)
            continue
        if len(c.all_values) != 1:
            continue
        v = next(iter(c.counts))
        option = c.col.subitem or c.col.label
        if v == "1" or light_normalise(v) == light_normalise(option):
            ticked.append(c)
            single_values.append(light_normalise(v) if v != "1" else f"1#{c.col.index}")
            continue
        nv = normalise_label(v)
        if looks_like_scale_label(nv) or nv in DONT_KNOW or _binary_pair([nv]) is not None:
            continue
        single_values.append(light_normalise(v))
        ticked.append(c)
    # distinct single values per column: option texts differ between options
    if len(single_values) != len(set(single_values)):
        return []
    return ticked


def _option_variable(c: _Col, encoding: str, **extra: Any) -> Variable:
    """A select-all option column as a ``multi`` variable (label and option: its sub-item)."""
    option = c.col.subitem or c.col.label
    return Variable(
        name="",
        type="multi",
        label=option,
        source=c.col.source,
        question=c.col.question,
        option=option,
        encoding=encoding,
        **extra,
    )


def _infer_group(
    cols: list[_Col], layout: Layout, warnings: list[str]
) -> dict[int, list[tuple[Variable, str, list[int]]]]:
    """Decide the columns of one matrix / select-all question together.

    Returns column index -> [(variable, name hint, raw columns)] for the columns decided here.
    """
    out: dict[int, list[tuple[Variable, str, list[int]]]] = {}
    all_idx = [c.col.index for c in cols]
    ticked = _ticked_columns(cols)
    if len(ticked) >= 2 and any(c.counts for c in ticked):
        for c in ticked:
            var = _option_variable(c, "ticked")
            siblings = [i for i in all_idx if i != c.col.index]
            out[c.col.index] = [(var, var.option, [c.col.index, *siblings])]
        return out
    norms = {c.col.index: c.norm_rest() for c in cols}
    pairs = {c.col.index: _binary_pair(norms[c.col.index]) for c in cols if norms[c.col.index]}
    if len(cols) >= 2 and pairs and len(pairs) == len(cols) and len(set(pairs.values())) == 1:
        pair = next(iter(pairs.values()))
        if pair is not None:
            for c in cols:
                var = _option_variable(
                    c, "yesno", values=_binary_values(pair, c.rest), missing=dict(c.dk)
                )
                out[c.col.index] = [(var, var.option, [c.col.index])]
            return out
    # one answer scale shared by the items
    candidates = [
        c
        for c in cols
        if not norms[c.col.index]
        or (
            len(norms[c.col.index]) <= 30
            and all(looks_like_scale_label(x) for x in norms[c.col.index])
        )
    ]
    union: dict[str, int] = {}
    for c in candidates:
        for v, k in c.rest.items():
            union[v] = union.get(v, 0) + k
    if union and len({normalise_label(v) for v in union}) >= 2:
        match = recognise_scale(union)
        if match is not None and not _all_plain_numbers(union):
            values = _ordinal_values(match, union)
            if match.ambiguous:
                q = cols[0].col.question
                warnings.append(_ambiguous_warning(f"question '{q}'", match))
            for c in candidates:
                var = _base(c, "ordinal", values=dict(values), scale=match.name)
                out[c.col.index] = [(var, c.col.label, [c.col.index])]
    return out


def _all_plain_numbers(values: Iterable[str]) -> bool:
    return all(
        leading_code(v) is not None and normalise_label(v).lstrip("+-").isdigit() for v in values
    )


# ============================================================================ entry point
def infer_variables(
    layout: Layout, used_names: set[str] | None = None
) -> tuple[list[Inferred], list[str]]:
    """Infer one codebook variable per raw column (several for a select-all question).

    Returns ``(variables, warnings)``; variables follow the column order of ``layout`` and
    have unique snake_case names (not in ``used_names``; the organisation type is ``sector``).
    Missing counts (``Variable.missing``) hold the don't-know answers per spelling and, for
    numeric Qualtrics columns, the negative not-applicable codes.
    """
    used = set(used_names or ())
    warnings: list[str] = []
    stats = {c.index: _stats(layout.data[c.index], c) for c in layout.columns}
    decided: dict[int, list[tuple[Variable, str, list[int]]]] = {}
    groups: dict[int, list[_Col]] = {}
    for c in layout.columns:
        if c.group is not None:
            groups.setdefault(c.group, []).append(stats[c.index])
    for members in groups.values():
        if len(members) >= 2:
            decided.update(_infer_group(members, layout, warnings))
    for c in layout.columns:
        if c.index not in decided:
            pairs = _infer_single(stats[c.index], layout, warnings)
            decided[c.index] = [(v, hint, [c.index]) for v, hint in pairs]
    result: list[Inferred] = []
    next_suffix: dict[str, int] = {}
    for c in layout.columns:
        for var, hint, cols in decided[c.index]:
            var.name = make_name(hint or c.label or c.source or (c.qid or ""), used, next_suffix)
            result.append(Inferred(variable=var, columns=cols))
    return result, warnings
