"""Personal data: whole columns found by header or by value share, and single cells masked.

``detect_pii(layout)`` returns the columns to drop with a short reason. Reasons name the kind of
data and how it was found, never a value. ``ingest`` drops these columns unless ``keep_pii``.

Values: e-mail addresses; Swedish phone numbers (07x/0x trunk, +46/0046/46, separators space,
"-", "/", "(0)", "(08)"); personnummer and samordningsnummer (day + 60) with or without century
and "-"/"+"/space, a valid date and the Luhn digit (bare 10 digits) or the written YYMMDD-NNNN
form; IPv4 and IPv6 (zone ids, IPv4-mapped); URLs with a query string, key=value fragment or
user info. Organisation numbers (third digit >= 2), years, counts, dates, decimals and version
numbers are not matched.

A column is dropped when its header names personal data (also "Namn (frivilligt)", "Name
(optional)", "Kontakt", "Pnr" …) or when at least VALUE_SHARE (20 %) of its non-blank values
are personal data with at most MAX_WORDS_AROUND word around. In kept columns,
``mask_values`` finds single cells: ingest makes them missing before type inference (so they
cannot make a scale column categorical) and, in free text, replaces the personal data by
"[e-post]", "[telefon]", "[personnummer]", "[ip]", "[url]" (and the row's dropped names by
"[namn]", ``mask_names``). Only counts per column are reported.

All pattern work runs on distinct values, behind a necessary condition evaluated by pyarrow
(RE2, in C++): Python's regex engine only sees the few values that pass it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

from .layouts import Column, Layout

#: Share of non-blank values that must be personal data (an e-mail address, phone number,
#: personal identity number, IP address or URL with a token, possibly with a few words around
#: it) for the whole column to be dropped. 20 %: a contact column where most respondents wrote
#: "Nej" and a fifth left an address is dropped; a column with a few stray addresses is kept and
#: those cells are masked (see :func:`mask_values`).
VALUE_SHARE = 0.2
#: Header keyword matches only count for short headers (a question mentioning "e-post" is not one).
MAX_HEADER_WORDS = 5
#: A value holding personal data counts as "being" personal data (for VALUE_SHARE) when at most
#: this many words remain once the personal data is masked ("Tel: 070-123 45 67", "mejl x@y.se");
#: free text that mentions an address ("skriv till x@y.se") keeps its column and is masked.
MAX_WORDS_AROUND = 1

_EMAIL_RE = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_IPV4_CORE = r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4_RE = r"(?<![\d.])" + _IPV4_CORE + r"(?![\d]|\.\d)"
# IPv6 candidates (checked with the ipaddress module): two or more colons among hex groups,
# an optional IPv4 tail (::ffff:10.0.0.1) and an optional zone id (fe80::1%eth0).
_IPV6_RE = (
    r"(?<![\w:.])(?:(?:[0-9A-Fa-f]{0,4}:){2,6}" + _IPV4_CORE + r"|(?:[0-9A-Fa-f]{1,4}|:)?"
    r"(?::[0-9A-Fa-f]{0,4}){2,7})(?:%[\w.-]+)?(?![\w:])"
)
# Swedish phone numbers: 070-123 45 67, 0701234567, 070/123 45 67, (08) 123 45 67,
# +46 70 123 45 67, +46 (0)70-123 45 67, 0046 70 123 45 67, 46 70 123 45 67, 46701234567.
# Checked afterwards: 7 to 9 digits after the trunk 0 or the country code.
_PHONE_RE = (
    r"(?<![\w+/.,-])(?:(?:\+|00)46[ -]?(?:\(0\)[ -]?)?|46[ -]?(?:\(0\)[ -]?)?(?=[1-9])"
    r"|\(0\d{1,3}\)[ -]?|0)\d(?:[ /()-]{0,2}\d){5,12}(?![\w,]|[.-]\d)"
)
# Swedish personal identity / coordination numbers: [CC]YYMMDD[-+ ]NNNN, checked afterwards
# for a valid month, a day (coordination numbers: day + 60) and the Luhn check digit.
# Organisation numbers (third digit >= 2, i.e. "month" >= 20) never pass the month check.
_PERSONNUMMER_RE = r"(?<![\w+.,-])(?:19|20)?\d{6}[-+ ]?\d{4}(?:\.0+)?(?![\w]|[.,-]\d)"
# A URL; it is personal data when it carries a query string, a key=value fragment or user info
# (see _is_token_url).
_URL_RE = r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>\"']+"

#: The reasons :func:`detect_pii` gives for columns of respondents' names (their words are
#: masked in the same row's free text); names are only ever found by header.
NAME_REASONS = frozenset(f"{kind} (header)" for kind in ("name", "recipient name"))

KINDS = {
    "email": ("e-mail address", "[e-post]"),
    "url": ("URL", "[url]"),
    "ip": ("IP address", "[ip]"),
    "pnr": ("personal identity number", "[personnummer]"),
    "phone": ("phone number", "[telefon]"),
}
PII_PATTERN = re.compile(
    "|".join(
        f"(?P<{k}>{rx})"
        for k, rx in (
            ("url", _URL_RE.replace("(?i)", "")),
            ("email", _EMAIL_RE),
            ("ip4", _IPV4_RE),
            ("ip6", _IPV6_RE),
            ("pnr", _PERSONNUMMER_RE),
            ("phone", _PHONE_RE),
        )
    ),
    re.IGNORECASE,
)
# RE2 (pyarrow) necessary condition for any of the patterns above: "@", "://", "www.", two
# colons, an IPv4-like dotted quad, or 7+ digits with phone/number separators between them.
_HINT = (
    r"@|://|(?i:www\.)|:[0-9A-Fa-f]*:|\p{Nd}\.\p{Nd}{1,3}\.\p{Nd}{1,3}\.\p{Nd}"
    r"|(?:^|[^.,\p{Nd}])\p{Nd}(?:[ /()+-]{0,2}\p{Nd}){6}"
)
_HINT_RE = re.compile(
    r"@|://|www\.|:[0-9A-Fa-f]*:|\d\.\d{1,3}\.\d{1,3}\.\d|(?<![.,\d])\d(?:[ /()+-]{0,2}\d){6}",
    re.IGNORECASE,
)


_PLAIN_NUMBER = r"^\s*\p{Nd}+(\.0+)?\s*$"
_NUMBER_SHAPE = r"^\s*((19|20)?\p{Nd}{10}|(0|46)\p{Nd}{6,12})(\.0+)?\s*$"
_PLAIN_NUMBER_RE = re.compile(r"\s*\d+(?:\.0+)?\s*$")
_NUMBER_SHAPE_RE = re.compile(r"\s*(?:(?:19|20)?\d{10}|(?:0|46)\d{6,12})(?:\.0+)?\s*$")


def luhn_ok(digits: str) -> bool:
    """The Luhn check of a 10-digit number (YYMMDDNNNC)."""
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _is_personnummer(text: str) -> bool:
    """A valid date (day + 60 for a samordningsnummer) and either the Luhn check digit or the
    unmistakable written form YYMMDD-NNNN / CCYYMMDD-NNNN (a typo in the check digit is still
    somebody's number); a bare run of 10 digits needs the Luhn digit."""
    written = bool(re.search(r"\d[-+]\d{4}(?:\.0+)?$", text.strip()))
    digits = re.sub(r"\D", "", text.split(".", 1)[0])
    if len(digits) == 12:
        digits = digits[2:]
    if len(digits) != 10:
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if not 1 <= month <= 12:
        return False
    if not (1 <= day <= 31 or 61 <= day <= 91):
        return False
    return written or luhn_ok(digits)


def _is_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    t = text.lstrip()
    if t.startswith("+46") or t.startswith("0046"):
        nsn = digits[4:] if t.startswith("0046") else digits[2:]
        if nsn.startswith("0"):  # +46 (0)70 …
            nsn = nsn[1:]
    elif t.startswith("46"):
        nsn = digits[2:]
        if nsn.startswith("0"):
            nsn = nsn[1:]
        if len(nsn) != 9:  # "46 70 123 45 67": only a full mobile-length number
            return False
    else:
        nsn = digits[1:]  # the trunk 0
    return 7 <= len(nsn) <= 9 and not nsn.startswith("0")


def _is_ipv6(text: str) -> bool:
    import ipaddress

    addr = text.split("%", 1)[0]
    if addr.count(":") < 2 or addr.strip(":") == "" and addr != "::":
        return False
    try:
        ipaddress.IPv6Address(addr)
    except ValueError:
        return False
    return True


def _is_token_url(text: str) -> bool:
    """A URL carrying something about the respondent: user info, a query string or a
    fragment with a key=value (tokens, e-mail, ids). A bare path ("twitter.com/OhbmOpen",
    a channel id) is an answer option, not personal data."""
    rest = text.split("://", 1)[-1]
    host = rest.split("/", 1)[0]
    if "@" in host:
        return True
    query = rest.split("?", 1)[1] if "?" in rest else ""
    fragment = rest.split("#", 1)[1] if "#" in rest else ""
    return bool(query.strip("?&/ ")) or "=" in fragment


def match_kind(m: re.Match[str]) -> str | None:
    """The kind of personal data a match of PII_PATTERN is, or None for a near miss."""
    k = m.lastgroup
    text = m.group(0)
    if k == "url":
        return "url" if _is_token_url(text) else None
    if k == "email":
        return "email"
    if k == "ip4":
        return "ip"
    if k == "ip6":
        return "ip" if _is_ipv6(text) else None
    if k == "pnr":
        if _is_personnummer(text):
            return "pnr"
        return "phone" if text.startswith("0") and _is_phone(text) else None
    if k == "phone":
        return "phone" if _is_phone(text) else None
    return None


@functools.lru_cache(maxsize=1 << 16)
def _mask_cached(text: str) -> tuple[str, tuple[str, ...]]:
    masked, kinds = mask_text(text)
    return masked, tuple(kinds)


def forget() -> None:
    """Drop the cache of masked values (it holds respondents' text)."""
    _mask_cached.cache_clear()


def mask_text(text: str) -> tuple[str, list[str]]:
    """``text`` with each piece of personal data replaced by a placeholder ("[e-post]",
    "[telefon]", "[personnummer]", "[ip]", "[url]"), and the kinds found (in order)."""
    if not _HINT_RE.search(text):
        return text, []
    kinds: list[str] = []
    out: list[str] = []
    pos = 0
    for m in PII_PATTERN.finditer(text):
        kind = match_kind(m)
        if kind is None:
            continue
        kinds.append(kind)
        out.append(text[pos : m.start()])
        out.append(KINDS[kind][1])
        pos = m.end()
    if not kinds:
        return text, []
    out.append(text[pos:])
    return "".join(out), kinds


def mostly_pii(masked: str) -> bool:
    rest = re.sub(r"\[(?:e-post|telefon|personnummer|ip|url)\]", " ", masked)
    return len(re.findall(r"\w+", rest)) <= MAX_WORDS_AROUND


def pii_candidates(texts: Sequence[str] | pa.Array) -> np.ndarray:
    """Indices (numpy) of the strings in ``texts`` (a sequence of distinct str) that may hold
    personal data: a necessary condition, run by pyarrow in C++."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(
        list(texts) if not isinstance(texts, pa.Array) else texts, type=pa.large_string()
    )
    if len(arr) <= 64:
        return np.array(
            [
                i
                for i, v in enumerate(arr.to_pylist())
                if v is not None
                and _HINT_RE.search(v)
                and not (_PLAIN_NUMBER_RE.match(v) and not _NUMBER_SHAPE_RE.match(v))
            ],
            dtype="int64",
        )
    hint = pc.match_substring_regex(arr, _HINT)
    # a plain number (an id, a count) is only a candidate in a personnummer or phone shape
    plain = pc.match_substring_regex(arr, _PLAIN_NUMBER)
    shaped = pc.match_substring_regex(arr, _NUMBER_SHAPE)
    keep = pc.and_(hint, pc.or_(pc.invert(plain), shaped))
    return np.flatnonzero(np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool))


# Exact (normalised) Qualtrics / SurveyMonkey / MS Forms export tags and headers.
_EXACT: dict[str, str] = {
    "ipaddress": "IP address",
    "ip address": "IP address",
    "ip-adress": "IP address",
    "ip-adresse": "IP address",
    "recipientemail": "e-mail address",
    "recipientfirstname": "recipient name",
    "recipientlastname": "recipient name",
    "externalreference": "external reference",
    "externaldatareference": "external reference",
    "locationlatitude": "location coordinates",
    "locationlongitude": "location coordinates",
    "locationaccuracy": "location coordinates",
    "email": "e-mail address",
    "e-mail": "e-mail address",
    "e-post": "e-mail address",
    "name": "name",
    "namn": "name",
    "kontakt": "contact details",
    "contact": "contact details",
    "pnr": "personal identity number",
    "personnr": "personal identity number",
    "person nr": "personal identity number",
    "telefon": "phone number",
    "mobil": "phone number",
    "tel": "phone number",
    "url": "URL",
}
# Parenthesised or trailing additions that do not change what a header asks for:
# "Namn (frivilligt)", "Name (optional)", "E-post:", "Telefon *".
_HEADER_EXTRA = re.compile(
    r"\s*(?:\((?:frivilligt|valfritt|ej obligatoriskt|optional|not required|om du vill|"
    r"if you like|if you want)\)|[:*?.]+)\s*$"
)

# Keyword patterns for short headers (word boundaries, lowercase).
_KEYWORDS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"\b(e-?mail|e-?post|epost|mejl|mail)( ?ad+ress?e?)?\b"),
        "e-mail address",
    ),
    (re.compile(r"\b(ip[- ]?ad+ress\w*)"), "IP address"),
    (
        re.compile(
            r"\b(förnamn|efternamn|tilltalsnamn|first ?name|last ?name|surname|family name|"
            r"given name|full ?name|your name|ditt namn|respondent'?s? name|respondentens namn|"
            r"respondent name|vorname|nachname|kontaktperson\w*|contact person)\b"
        ),
        "name",
    ),
    (
        re.compile(
            r"\b(telefon|telefonnummer|tel|tfn|phone|phone number|mobilnummer|mobile number|"
            r"mobile phone|cell ?phone|mobiltelefon|mobiltelefonnummer)\b"
        ),
        "phone number",
    ),
    (re.compile(r"^recipient"), "recipient field"),
    (
        re.compile(
            r"\b(personnummer|personnr|pnr|samordningsnummer|personal identity number|"
            r"social security( number)?|ssn)\b"
        ),
        "personal identity number",
    ),
    (
        re.compile(r"\b(latitude|longitude|breddgrad\w*|längdgrad\w*|breitengrad|längengrad)\b"),
        "location coordinates",
    ),
    (
        re.compile(r"\b(kontaktuppgift\w*|contact (details|info\w*))\b"),
        "contact details",
    ),
]


def _norm(text: str | None) -> str:
    t = re.sub(r"\s+", " ", (text or "").strip().lower())
    prev = None
    while prev != t:
        prev, t = t, _HEADER_EXTRA.sub("", t)
    return t


_TICKS = {"1", "0", "x", "ja", "nej", "yes", "no", "true", "false", "sant", "falskt"}


def _ticked_option(col: Column, values: pd.Series) -> bool:
    """True if a sub-item column only holds its own option text or tick marks (select-all)."""
    if col.subitem is None:
        return False
    distinct = {str(v).strip().lower() for v in values.dropna().unique()}
    return distinct <= (_TICKS | {col.subitem.strip().lower()})


def _by_header(col: Column) -> str | None:
    """The kind of personal data the column's header names, or None."""
    texts = [_norm(col.qid), _norm(col.label), _norm(col.source)]
    for t in [*texts, _norm(col.question)]:
        if t in _EXACT:
            return _EXACT[t]
    for t in texts:
        if not t or len(t.split()) > MAX_HEADER_WORDS:
            continue
        for pattern, reason in _KEYWORDS:
            if pattern.search(t):
                return reason
    return None


def _scan(texts: list[str]) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Mask the distinct ``texts``: {index: masked text} and {index: kinds} for those holding
    personal data. Only the values passing the pyarrow prefilter reach Python's regex."""
    masked: dict[int, str] = {}
    kinds: dict[int, list[str]] = {}
    for i in pii_candidates(texts).tolist():
        m, k = _mask_cached(texts[i])  # detection and masking see the same values
        if k:
            masked[i] = m
            kinds[i] = list(k)
    return masked, kinds


def kind_by_values(values: pd.Series) -> str | None:
    """'e-mail address', 'IP address', 'phone number', 'personal identity number' or 'URL'
    if at least VALUE_SHARE of the non-blank values are one (with at most MAX_WORDS_AROUND
    words around it), else None.

    Works on the distinct (whitespace-stripped) values with their counts, so a column of
    repeated answers costs a handful of pattern matches."""
    from collections import Counter

    from .distinct_values import distinct

    _, uniques, counts = distinct(values)
    texts = uniques.to_numpy(dtype=object)
    nonblank = (texts != "") & (counts > 0)
    total = int(counts[nonblank].sum())
    if not total:
        return None
    masked, kinds = _scan(list(texts))
    hits: Counter[str] = Counter()
    n = 0
    for i, m in masked.items():
        if counts[i] and mostly_pii(m):
            n += int(counts[i])
            hits.update({kinds[i][0]: int(counts[i])})
    if n and n >= VALUE_SHARE * total:
        order = list(KINDS)
        kind = max(hits, key=lambda k: (hits[k], -order.index(k)))  # ties: the first kind
        return KINDS[kind][0]
    return None


def mask_values(values: pd.Series) -> tuple[pd.Series, pd.Series, np.ndarray] | None:
    """Cells of a kept column that hold personal data.

    Returns None when no cell does; else ``(masked, blanked, n)``: the column with each piece
    of personal data replaced by a placeholder (for free text), the column with those cells
    made missing (for every other type), and which rows hold personal data (bool array)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from .distinct_values import arrow_values
    from .number_parsing import STR

    arr = arrow_values(values)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None  # numbers and dates as such hold no contact details
    enc = pc.dictionary_encode(arr)
    texts = enc.dictionary.to_pylist()
    if not texts:
        return None
    codes = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype("int64")
    masked, _ = _scan(texts)
    if not masked:
        return None
    hit = np.zeros(len(texts) + 1, dtype=bool)
    hit[list(masked)] = True
    rows = hit[codes]  # codes == -1 picks the trailing False
    new_texts = np.array(texts + [None], dtype=object)
    for i, m in masked.items():
        new_texts[i] = m
    out_masked = pd.Series(new_texts[codes], index=values.index, dtype=STR)
    out_masked[codes < 0] = None
    blanked = values.astype(STR).copy()
    blanked[rows] = None
    return out_masked, blanked, rows


def _name_or_word(names: set[str], m: re.Match[str]) -> str:
    return "[namn]" if m[0].lower() in names else m[0]


def mask_names(texts: pd.Series, names: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """``texts`` (free text) with the words of the same row's ``names`` (the values of the
    dropped name columns) replaced by "[namn]"; and which rows changed (bool array)."""
    import numpy as np

    values = texts.tolist()
    changed = np.zeros(len(values), dtype=bool)
    present = texts.notna().to_numpy() & names.notna().any(axis=1).to_numpy()
    rows = names.to_numpy(dtype=object)
    for pos in np.flatnonzero(present).tolist():
        words: set[str] = set()
        for v in rows[pos]:
            if v is not None and v is not pd.NA and v == v:
                words.update(w for w in _NAME_WORD_RE.findall(str(v)) if len(w) >= 2)
        if not words:
            continue
        text = str(values[pos])
        low = text.lower()
        lows = {w.lower() for w in words}
        if not any(w in low for w in lows):  # cheap test before splitting into words
            continue
        new = _NAME_WORD_RE.sub(partial(_name_or_word, lows), text)
        if new != text:
            values[pos] = new
            changed[pos] = True
    if not changed.any():
        return texts, changed
    return pd.Series(values, index=texts.index, dtype=texts.dtype), changed


_NAME_WORD_RE = re.compile(r"[^\W\d_][\w'-]*")


def report_header(col: Column) -> str:
    """The header to name a personal-data column by in reports: its first header row only
    (the export tag for Qualtrics, the question text otherwise). Later header rows are not
    used because, with a wrongly forced --layout, they hold a respondent's answers."""
    return col.qid or col.question


def detect_pii(layout: Layout) -> list[tuple[Column, str]]:
    """Columns of ``layout`` holding personal data, each with a reason (no values).

    A column is personal data if its header (export tag, label or source, Swedish, English or
    German) names an e-mail address, IP address, name, phone number, Qualtrics recipient field,
    external reference, location coordinates, contact details or a personal identity number
    (also with "(frivilligt)", "(optional)" … added), or if at least VALUE_SHARE of its
    non-blank values are e-mail addresses, IP addresses, phone numbers, Swedish personal
    identity numbers or URLs with tokens (see :func:`kind_by_values`). The layout's row-number
    column is never flagged.
    """
    out: list[tuple[Column, str]] = []
    for col in layout.columns:
        if col.index == layout.row_id:
            continue
        reason = _by_header(col)
        # an option of a select-all question ("E-post" among channels used) is not personal data
        if reason is not None and not _ticked_option(col, layout.data[col.index]):
            out.append((col, f"{reason} (header)"))
            continue
        reason = kind_by_values(layout.data[col.index])
        if reason is not None:
            out.append((col, f"{reason} (values)"))
    return out
