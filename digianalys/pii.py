"""Personal-data columns: found by header (Swedish/English/Qualtrics tags) and by value pattern.

``detect_pii(layout)`` returns the columns to drop with a short reason. Reasons name the kind of
data and how it was found, never a value. ``ingest`` drops these columns unless ``keep_pii``.
"""

from __future__ import annotations

import re

import pandas as pd

from .layouts import Column, Layout

#: Share of non-blank values that must match a pattern for a column to count as personal data.
VALUE_SHARE = 0.5
#: Header keyword matches only count for short headers (a question mentioning "e-post" is not one).
MAX_HEADER_WORDS = 5

_EMAIL_RE = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
_IPV4_RE = r"(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)"
_IPV6_RE = r"(?=[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:)[0-9A-Fa-f:]{2,39}"
# A phone number: "+46 70 123 45 67", "070-123 45 67", "08-123 456 78", "(0)8 123 45 67";
# starts with + or 0 and holds 8-15 digits (counts, years and dates never start with 0).
_PHONE_RE = r"(?=(?:\D*\d){8,15}\D*$)(?:\+\d|0|\(0\))[0-9 ()-]{6,}[0-9]"
# A Swedish personal identity number with a valid month and day (samordningsnummer: day + 60):
# "800101-1234", "19800101-1234", "198001011234"; organisation numbers (month ≥ 20) do not match.
_PERSONNUMMER_RE = (
    r"(?:(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]\d{4}"
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])\d{4})"
)

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
}

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
        re.compile(r"\b(personnummer|personal identity number|social security)\b"),
        "personal identity number",
    ),
    (
        re.compile(r"\b(latitude|longitude|breddgrad\w*|längdgrad\w*|breitengrad|längengrad)\b"),
        "location coordinates",
    ),
]


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


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


# Every e-mail address holds "@", every IPv4 address three dots, every IPv6 address two colons,
# every phone or personal identity number starts with "+", "(" or a digit and has 8+ digits.
_CONTACT_HINT = r"@|\..*\..*\.|:.*:|^\s*[+(0-9][0-9 ()+-]{7,}\s*$"
_CONTACT_HINT_RE = re.compile(_CONTACT_HINT)


def _may_hold_contact(values: pd.Series) -> bool:
    """Cheap necessary condition for :func:`_by_values`: some value could be an e-mail or IP
    address. Looks at the distinct values only, in C++ (pyarrow); the factorisation is shared
    with type inference during ingest (:func:`digianalys.infer.shared_distinct`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .infer import distinct

    try:
        _, uniques, _ = distinct(values)
        if len(uniques) <= 64:  # a few answers: Python's regex beats a pyarrow call
            return any(_CONTACT_HINT_RE.search(v) for v in uniques.tolist())
        arr = pa.array(uniques.array)
    except (TypeError, ValueError, pa.ArrowException):
        return True  # not plain text: let the full check decide
    return bool(pc.any(pc.match_substring_regex(arr, _CONTACT_HINT)).as_py())


# Necessary conditions of the value patterns, in RE2 syntax (run by pyarrow in C++ over the
# distinct values): a value failing its condition cannot match the pattern, so Python's regex
# engine only sees the few values that pass, and a pattern is skipped when those values cannot
# reach VALUE_SHARE. (\p{Nd} is any decimal digit, as Python's \d.)
_VALUE_PATTERNS = (
    (_EMAIL_RE, "e-mail address", "@"),
    (_IPV4_RE, "IP address", r"^\p{Nd}{1,3}(\.\p{Nd}{1,3}){3}$"),
    (_IPV6_RE, "IP address", ":.*:"),
    (_PHONE_RE, "phone number", r"^(\+\p{Nd}|0|\(0\))"),
    (
        _PERSONNUMMER_RE,
        "personal identity number",
        r"^(\p{Nd}{6}|\p{Nd}{8})[-+]\p{Nd}{4}$|^\p{Nd}{12}$",
    ),
)


def _by_values(values: pd.Series) -> str | None:
    """'e-mail address', 'IP address', 'phone number' or 'personal identity number' if most
    non-blank values look like one, else None.

    Works on the distinct (whitespace-stripped) values with their counts, so a column of
    repeated answers costs a handful of pattern matches."""
    if not _may_hold_contact(values):
        return None
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from .infer import distinct

    _, uniques, counts = distinct(values)
    keep = counts > 0
    if not keep.any():
        return None
    texts = uniques[keep].to_numpy(dtype=object)
    weights = counts[keep]
    need = VALUE_SHARE * weights.sum()
    arr = pa.array(texts, type=pa.large_string())
    for pattern, reason, condition in _VALUE_PATTERNS:
        hint = pc.match_substring_regex(arr, condition).to_numpy(zero_copy_only=False)
        candidates = np.flatnonzero(hint)
        if weights[candidates].sum() < need:
            continue
        rx = re.compile(pattern)
        hits = [i for i in candidates if rx.fullmatch(texts[i])]
        if weights[hits].sum() >= need:
            return reason
    return None


def report_header(col: Column) -> str:
    """The header to name a personal-data column by in reports: its first header row only
    (the export tag for Qualtrics, the question text otherwise). Later header rows are not
    used because, with a wrongly forced --layout, they hold a respondent's answers."""
    return col.qid or col.question


def detect_pii(layout: Layout) -> list[tuple[Column, str]]:
    """Columns of ``layout`` holding personal data, each with a reason (no values).

    A column is personal data if its header (export tag, label or source, Swedish, English or
    German) names an e-mail address, IP address, name, phone number, Qualtrics recipient field,
    external reference or location coordinates, or if at least half of its non-blank values are
    e-mail addresses, IP addresses, phone numbers or Swedish personal identity numbers. The layout's row-number column is never flagged.
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
        reason = _by_values(layout.data[col.index])
        if reason is not None:
            out.append((col, f"{reason} (values)"))
    return out
