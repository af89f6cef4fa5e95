"""Number and date text as written in survey exports, parsed (vectorised over distinct values).

``parse_numbers`` accepts a decimal comma or point, thousands separators of several kinds, a
trailing "%" and a Unicode minus; ``parse_datetimes`` ISO 8601, Google Forms, dotted and slash
dates (the day/month order that parses most values wins).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["STR", "parse_numbers", "parse_numbers_vectorised", "parse_datetimes"]

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
        items = values.to_numpy(dtype=object, na_value=None)  # type: ignore[call-overload]
        # (iterating Arrow-backed values is slow)
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
    return parse_numbers_vectorised(values)


def parse_numbers_vectorised(values: pd.Series) -> pd.Series:
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


def _as_ns(parsed: pd.DatetimeIndex) -> np.ndarray:
    """Parsed dates as nanosecond datetimes; dates outside pandas' range (1677–2262, e.g. an
    SPSS date of 1583) become missing instead of an overflow error."""
    ok = (parsed >= pd.Timestamp.min) & (parsed <= pd.Timestamp.max)
    return np.asarray(parsed.where(ok).astype("datetime64[ns]"))


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
        out.iloc[list(naive)] = _as_ns(parsed)
    if aware:
        parsed = pd.to_datetime(list(aware.values()), format="ISO8601", errors="coerce", utc=True)
        out.iloc[list(aware)] = _as_ns(parsed.tz_localize(None))
    rest = pd.Series(other, dtype="object")
    while len(rest):
        best: pd.Series | None = None
        for fmt in _DATE_FORMATS:
            candidate = pd.Series(pd.to_datetime(rest, format=fmt, errors="coerce"))
            if best is None or candidate.notna().sum() > best.notna().sum():
                best = candidate
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
