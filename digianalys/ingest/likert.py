"""Known answer scales (Swedish and English), don't-know labels and set-based scale recognition.

Public interface (called by :mod:`digianalys.ingest.infer` and :mod:`digianalys.ingest.cleaning`)::

    KNOWN_SCALES: dict[str, tuple[tuple[str, ...], ...]]
        name -> levels low→high; each level is a tuple of accepted spellings (the first one is
        the canonical spelling). "Low" means less agreement / less / worse / never.
    DONT_KNOW: frozenset[str]          # normalised don't-know spellings
    normalise_label(s: object) -> str   # casefold, strip, collapse spaces, drop a leading code
    leading_code(s: object) -> int | None
    is_dont_know(s: object) -> bool
    recognise_scale(labels: Iterable[str]) -> ScaleMatch | None

Recognition is *set-based*: the codes come from the known scale that the whole set of labels a
column (or a matrix question: the union over its items) belongs to. "Instämmer delvis" is 4 in
``instammer_5`` (inte alls / knappast / varken eller / delvis / helt) but 3 in
``instammer_grad_5`` (inte alls / till liten del / delvis / till stor del / helt).

When several scales contain every label of the set, the one with the fewest levels nobody chose
wins (ties: catalogue order, most common scales first) and the match is marked ``ambiguous`` if
the candidates would code the labels differently — unless the set uses every level of the
winning scale (all five agree_5 labels are not an incomplete agree_7).

Scales labelled only at their ends ("1 Instämmer inte alls", "2", …, "6", "7 Instämmer helt och
hållet") take their codes from the numbers; they are reversed when the low number carries a
known top label (e.g. "1 Instämmer helt" … "5 Instämmer inte alls").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------- catalogue
# Each level: canonical spelling first, then accepted variants. Order low → high.
KNOWN_SCALES: dict[str, tuple[tuple[str, ...], ...]] = {
    # ---- Swedish agreement
    "instammer_5": (
        ("Instämmer inte alls", "Instämmer inte", "Håller inte alls med"),
        ("Instämmer knappast", "Instämmer i liten grad", "Håller knappast med"),
        (
            "Varken eller",
            "Varken instämmer eller tar avstånd",
            "Varken instämmer eller instämmer inte",
            "Instämmer varken eller",
            "Neutral",
            "Varken håller med eller inte",
        ),
        ("Instämmer delvis", "Håller delvis med"),
        ("Instämmer helt", "Instämmer helt och hållet", "Håller helt med"),
    ),
    "instammer_grad_5": (
        ("Instämmer inte alls",),
        ("Instämmer till liten del", "Instämmer till en liten del"),
        ("Instämmer delvis", "Instämmer till viss del", "Instämmer till en viss del"),
        ("Instämmer till stor del", "Instämmer till en stor del"),
        ("Instämmer helt", "Instämmer helt och hållet", "Instämmer fullständigt"),
    ),
    "instammer_4": (
        ("Instämmer inte alls", "Instämmer inte"),
        ("Instämmer knappast",),
        ("Instämmer delvis",),
        ("Instämmer helt", "Instämmer helt och hållet"),
    ),
    "instammer_grad_4": (
        ("Instämmer inte alls",),
        ("Instämmer till viss del", "Instämmer till liten del"),
        ("Instämmer till stor del",),
        ("Instämmer helt", "Instämmer helt och hållet"),
    ),
    "avstand_5": (
        ("Tar helt avstånd",),
        ("Tar delvis avstånd", "Tar till viss del avstånd"),
        ("Varken eller", "Varken instämmer eller tar avstånd", "Neutral"),
        ("Instämmer delvis", "Instämmer till viss del"),
        ("Instämmer helt",),
    ),
    "avstand_4": (
        ("Tar helt avstånd",),
        ("Tar delvis avstånd",),
        ("Instämmer delvis",),
        ("Instämmer helt",),
    ),
    "stammer_4": (
        ("Stämmer inte alls", "Stämmer mycket dåligt"),
        ("Stämmer ganska dåligt", "Stämmer dåligt", "Stämmer inte särskilt bra"),
        ("Stämmer ganska bra", "Stämmer delvis"),
        ("Stämmer helt", "Stämmer mycket bra", "Stämmer helt och hållet", "Stämmer precis"),
    ),
    "stammer_5": (
        ("Stämmer inte alls", "Stämmer mycket dåligt"),
        ("Stämmer ganska dåligt", "Stämmer dåligt"),
        ("Varken eller", "Stämmer varken bra eller dåligt", "Stämmer delvis"),
        ("Stämmer ganska bra", "Stämmer bra"),
        ("Stämmer helt", "Stämmer mycket bra", "Stämmer helt och hållet"),
    ),
    # ---- Swedish quality / level / degree / frequency / satisfaction / importance
    "bra_5": (
        ("Mycket dåligt", "Mycket dålig", "Mycket dåliga"),
        ("Ganska dåligt", "Ganska dålig", "Dåligt", "Dålig", "Dåliga"),
        ("Varken bra eller dåligt", "Varken bra eller dålig", "Varken eller", "Godtagbart"),
        ("Ganska bra", "Bra"),
        ("Mycket bra",),
    ),
    "bra_4": (
        ("Mycket dåligt", "Mycket dålig"),
        ("Ganska dåligt", "Ganska dålig", "Dåligt", "Dålig"),
        ("Ganska bra", "Bra"),
        ("Mycket bra",),
    ),
    "hog_5": (
        ("Mycket låg", "Mycket lågt", "Mycket låga"),
        ("Ganska låg", "Ganska lågt", "Låg", "Lågt", "Låga"),
        ("Varken hög eller låg", "Varken högt eller lågt", "Medel", "Medelhög", "Varken eller"),
        ("Ganska hög", "Ganska högt", "Hög", "Högt", "Höga"),
        ("Mycket hög", "Mycket högt", "Mycket höga"),
    ),
    "hog_4": (
        ("Mycket låg", "Mycket lågt"),
        ("Ganska låg", "Ganska lågt", "Låg", "Lågt"),
        ("Ganska hög", "Ganska högt", "Hög", "Högt"),
        ("Mycket hög", "Mycket högt"),
    ),
    "grad_5": (
        ("Inte alls", "Inte alls i någon grad"),
        ("I liten grad", "I låg grad", "I ganska liten grad", "I ganska låg grad"),
        (
            "I viss grad",
            "I någon grad",
            "I viss mån",
            "Till viss del",
            "Delvis",
            "I varken hög eller låg grad",
        ),
        ("I hög grad", "I ganska hög grad", "I stor grad", "I ganska stor grad"),
        ("I mycket hög grad", "I mycket stor grad"),
    ),
    "grad_4": (
        ("I mycket låg grad", "I mycket liten grad"),
        ("I ganska låg grad", "I ganska liten grad"),
        ("I ganska hög grad", "I ganska stor grad"),
        ("I mycket hög grad", "I mycket stor grad"),
    ),
    "del_5": (
        ("Inte alls",),
        ("Till liten del", "Till en liten del"),
        ("Till viss del", "Delvis", "Till en viss del"),
        ("Till stor del", "Till en stor del"),
        ("Helt", "Helt och hållet", "Till fullo", "Fullt ut"),
    ),
    "frekvens_5": (
        ("Aldrig",),
        ("Sällan", "Nästan aldrig"),
        ("Ibland", "Någon gång"),
        ("Ofta", "Oftast", "För det mesta", "Nästan alltid"),
        ("Alltid",),
    ),
    "frekvens_4": (
        ("Aldrig",),
        ("Sällan", "Nästan aldrig"),
        ("Ofta", "Oftast"),
        ("Alltid", "Nästan alltid"),
    ),
    "nojd_5": (
        ("Mycket missnöjd",),
        ("Ganska missnöjd", "Missnöjd"),
        ("Varken nöjd eller missnöjd", "Varken eller"),
        ("Ganska nöjd", "Nöjd"),
        ("Mycket nöjd",),
    ),
    "nojd_4": (
        ("Mycket missnöjd",),
        ("Ganska missnöjd", "Missnöjd"),
        ("Ganska nöjd", "Nöjd"),
        ("Mycket nöjd",),
    ),
    "viktigt_4": (
        ("Inte alls viktigt", "Inte alls viktig", "Oviktigt"),
        ("Inte särskilt viktigt", "Mindre viktigt", "Ganska oviktigt"),
        ("Ganska viktigt", "Viktigt"),
        ("Mycket viktigt", "Mycket viktig"),
    ),
    "viktigt_5": (
        ("Inte alls viktigt", "Inte alls viktig", "Oviktigt"),
        ("Inte särskilt viktigt", "Mindre viktigt", "Ganska oviktigt"),
        ("Varken viktigt eller oviktigt", "Varken eller"),
        ("Ganska viktigt", "Viktigt"),
        ("Mycket viktigt", "Mycket viktig"),
    ),
    "forandring_5": (
        ("Minskat mycket", "Minskat kraftigt", "Blivit mycket sämre", "Mycket sämre"),
        ("Minskat något", "Minskat", "Blivit något sämre", "Blivit sämre", "Något sämre", "Sämre"),
        (
            "Oförändrat",
            "Oförändrad",
            "Varken ökat eller minskat",
            "Ingen förändring",
            "Varken eller",
        ),
        ("Ökat något", "Ökat", "Blivit något bättre", "Blivit bättre", "Något bättre", "Bättre"),
        ("Ökat mycket", "Ökat kraftigt", "Blivit mycket bättre", "Mycket bättre"),
    ),
    # ---- English
    "agree_5": (
        ("Strongly disagree", "Disagree strongly", "Completely disagree", "Totally disagree"),
        ("Disagree", "Somewhat disagree", "Tend to disagree", "Mostly disagree"),
        (
            "Neither agree nor disagree",
            "Neither agree or disagree",
            "Neutral",
            "Undecided",
            "Neither",
        ),
        ("Agree", "Somewhat agree", "Tend to agree", "Mostly agree"),
        ("Strongly agree", "Agree strongly", "Completely agree", "Totally agree"),
    ),
    "agree_4": (
        ("Strongly disagree", "Disagree strongly", "Completely disagree"),
        ("Disagree", "Somewhat disagree", "Tend to disagree"),
        ("Agree", "Somewhat agree", "Tend to agree"),
        ("Strongly agree", "Agree strongly", "Completely agree"),
    ),
    "agree_7": (
        ("Strongly disagree",),
        ("Disagree",),
        ("Somewhat disagree", "Slightly disagree"),
        ("Neither agree nor disagree", "Neither agree or disagree", "Neutral"),
        ("Somewhat agree", "Slightly agree"),
        ("Agree",),
        ("Strongly agree",),
    ),
    "good_5": (
        ("Very poor", "Very bad"),
        ("Poor", "Bad", "Fairly poor", "Fairly bad"),
        ("Fair", "Neither good nor poor", "Neither good nor bad", "Average", "Acceptable"),
        ("Good", "Fairly good"),
        ("Very good", "Excellent"),
    ),
    "good_4": (
        ("Very poor", "Very bad"),
        ("Poor", "Bad", "Fairly poor", "Fairly bad"),
        ("Good", "Fairly good"),
        ("Very good", "Excellent"),
    ),
    "high_5": (
        ("Very low",),
        ("Low", "Fairly low"),
        ("Moderate", "Medium", "Neither high nor low", "Average"),
        ("High", "Fairly high"),
        ("Very high",),
    ),
    "extent_5": (
        ("Not at all", "To no extent"),
        ("To a small extent", "To a little extent", "Slightly", "To a low extent"),
        ("To some extent", "To a moderate extent", "Somewhat", "Moderately"),
        ("To a large extent", "To a great extent", "To a high extent", "Very much"),
        ("To a very large extent", "To a very great extent", "Completely", "Fully"),
    ),
    "extent_4": (
        ("Not at all",),
        ("To a small extent", "To a little extent", "Slightly"),
        ("To some extent", "To a moderate extent", "Somewhat"),
        ("To a large extent", "To a great extent", "Very much"),
    ),
    "frequency_5": (
        ("Never",),
        ("Rarely", "Seldom", "Almost never"),
        ("Sometimes", "Occasionally"),
        ("Often", "Usually", "Most of the time", "Almost always", "Frequently"),
        ("Always",),
    ),
    "satisfied_5": (
        ("Very dissatisfied",),
        ("Dissatisfied", "Somewhat dissatisfied", "Fairly dissatisfied"),
        ("Neither satisfied nor dissatisfied", "Neutral"),
        ("Satisfied", "Somewhat satisfied", "Fairly satisfied"),
        ("Very satisfied",),
    ),
    "important_5": (
        ("Not at all important", "Not important at all"),
        ("Slightly important", "Of little importance", "Low importance"),
        ("Moderately important", "Somewhat important", "Neutral"),
        ("Very important", "Important"),
        ("Extremely important",),
    ),
    "important_4": (
        ("Not at all important", "Not important at all"),
        ("Not very important", "Slightly important", "Of little importance"),
        ("Fairly important", "Somewhat important", "Important"),
        ("Very important",),
    ),
    "likely_5": (
        ("Very unlikely",),
        ("Unlikely", "Somewhat unlikely"),
        ("Neither likely nor unlikely", "Neutral"),
        ("Likely", "Somewhat likely"),
        ("Very likely",),
    ),
}

#: Don't-know / not-applicable answers (raw spellings; see :data:`DONT_KNOW` for the normalised set).
DONT_KNOW_SPELLINGS: tuple[str, ...] = (
    "Vet ej",
    "Vet inte",
    "Vet ej/Ej aktuellt",
    "Vet ej / ej aktuellt",
    "Ej aktuellt",
    "Inte aktuellt",
    "Ej tillämpligt",
    "Inte tillämpligt",
    "Ej relevant",
    "Inte relevant",
    "Ingen uppfattning",
    "Ingen åsikt",
    "Har ingen uppfattning",
    "Vill ej svara",
    "Vill inte svara",
    "Kan ej svara",
    "Kan inte svara",
    "Kan ej bedöma",
    "Kan inte bedöma",
    "Don't know",
    "Do not know",
    "Dont know",
    "I don't know",
    "Not applicable",
    "N/A",
    "NA",
    "I don't know / NA",
    "Don't know / NA",
    "Don't know/Not applicable",
    "Prefer not to say",
    "Prefer not to answer",
    "Rather not say",
    "No basis for evaluation",
    "No basis to judge",
    "No opinion",
    "Cannot say",
    "Can't say",
)

_PUNCT = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u00b4": "'",
        "`": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2012": "-",
    }
)
_SPACE_RE = re.compile(r"\s+")
# "5 – Instämmer helt", "5. x", "5) x", "(5) x", "5: x", "5=x", "5 x"
_LEAD_CODE_RE = re.compile(r"^\(?([+-]?\d{1,2})\)?\s*(?:[-.:=)]\s*|\s+)(?=\S)")
# "Instämmer helt (5)", "Instämmer helt - 5"
_TRAIL_CODE_RE = re.compile(r"(?<=\S)\s*(?:\((\d{1,2})\)|\s-\s*(\d{1,2}))$")
_INT_RE = re.compile(r"^[+-]?\d+$")


def _basic(s: object) -> str:
    """Casefold, unify apostrophes/dashes, collapse whitespace (no code stripping)."""
    text = str(s)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_PUNCT)
    return _SPACE_RE.sub(" ", text).strip().casefold()


def light_normalise(s: object) -> str:
    """Casefold, strip and collapse whitespace; used to merge spellings of categorical levels."""
    return _basic(s)


def _split_code(s: object) -> tuple[int | None, str]:
    return _split_code_text(str(s))


@functools.lru_cache(maxsize=1 << 16)
def _split_code_text(s: str) -> tuple[int | None, str]:
    # cached: the same answer labels recur in every column of a survey
    text = _basic(s)
    if not text or _INT_RE.match(text):
        return None, text
    m = _LEAD_CODE_RE.match(text)
    if m:
        rest = text[m.end() :].strip()
        if any(ch.isalpha() for ch in rest):
            return int(m.group(1)), rest
    m = _TRAIL_CODE_RE.search(text)
    if m:
        rest = text[: m.start()].strip()
        if any(ch.isalpha() for ch in rest):
            return int(m.group(1) or m.group(2)), rest
    return None, text


def normalise_label(s: object) -> str:
    """Normalise an answer label for matching.

    Casefolds, unifies apostrophes and dashes, strips and collapses whitespace, and removes a
    leading answer code ("5 – Instämmer helt", "5. x", "(5) x", "5) x", "5 x") or a trailing one
    ("x (5)") when text remains. A bare number ("3") is returned unchanged.
    """
    return _split_code(s)[1]


def leading_code(s: object) -> int | None:
    """The answer code written before (or after) a label ("5 – Instämmer helt" → 5), else None.

    A bare integer label ("3") returns that integer.
    """
    code, rest = _split_code(s)
    if code is None and _INT_RE.match(rest):
        return int(rest)
    return code


DONT_KNOW: frozenset[str] = frozenset(normalise_label(s) for s in DONT_KNOW_SPELLINGS)


_DK_HINT = (
    r"(?i)vet|know|aktuell|uppfattning|svara|n/a|^na$|applicable|prefer|basis|opinion|say|"
    r"tillämp|relevant|åsikt|bedöma"
)


def dont_know_mask(values: pd.Series | np.ndarray | Iterable[object]) -> np.ndarray:
    """Vectorised :func:`is_dont_know` for a Series of (distinct) values: a boolean array.

    A cheap vectorised keyword filter selects candidates; only those are normalised in Python.
    """
    if not isinstance(values, (pd.Series, np.ndarray)):
        values = np.array(list(values), dtype=object)
    if len(values) <= 200:  # small sets: plain Python is faster than vectorised calls
        return np.array(
            [
                x is not None and x is not pd.NA and normalise_label(x) in DONT_KNOW
                for x in values.tolist()
            ],
            dtype=bool,
        )
    s = values if isinstance(values, pd.Series) else pd.Series(values, dtype="object")
    s = s.astype(pd.StringDtype("pyarrow"))
    cand = (s.str.len() <= 60) & s.str.contains(_DK_HINT, regex=True)
    found = cand.fillna(False).to_numpy(dtype=bool)
    out = np.zeros(len(s), dtype=bool)
    for i in np.flatnonzero(found):
        out[i] = normalise_label(s.iloc[i]) in DONT_KNOW
    return out


def is_dont_know(s: object) -> bool:
    """True for a don't-know / not-applicable answer in any known spelling."""
    return normalise_label(s) in DONT_KNOW


# --------------------------------------------------------------------------- lookup tables
# normalised spelling -> level index, per scale
_SCALE_INDEX: dict[str, dict[str, int]] = {
    name: {normalise_label(sp): i for i, level in enumerate(levels) for sp in level}
    for name, levels in KNOWN_SCALES.items()
}
#: every normalised spelling of every level of every known scale
SCALE_WORDS: frozenset[str] = frozenset(w for idx in _SCALE_INDEX.values() for w in idx)
_TOP_LABELS = frozenset(normalise_label(sp) for lv in KNOWN_SCALES.values() for sp in lv[-1])
_BOTTOM_LABELS = frozenset(normalise_label(sp) for lv in KNOWN_SCALES.values() for sp in lv[0])


@dataclass
class ScaleMatch:
    """A recognised answer scale for a set of labels.

    ``codes`` maps each (normalised) label of the set to its code 1..k; ``levels`` holds the
    canonical spelling of every level, index 0 = code 1 (for end-labelled scales the middle
    levels are the numbers themselves). ``ambiguous`` is True when another known scale also
    contains every label but would code them differently.
    """

    name: str
    k: int
    codes: dict[str, int]
    levels: list[str]
    ambiguous: bool = False
    end_labelled: bool = False
    alternatives: list[str] = field(default_factory=list)


def looks_like_scale_label(label: str) -> bool:
    """True if a normalised label is a spelling of some known scale level or a bare number."""
    return label in SCALE_WORDS or bool(_INT_RE.match(label)) or leading_code(label) is not None


def recognise_scale(labels: Iterable[str]) -> ScaleMatch | None:
    """Which known scale the SET of answer labels belongs to, or None.

    ``labels`` may be raw or normalised; don't-know labels and blanks are ignored. At least two
    distinct labels are needed. Codes are 1..k, higher = more agreement / more.
    """
    norm = {normalise_label(x) for x in labels}
    norm = {x for x in norm if x and x not in DONT_KNOW}
    if len(norm) < 2:
        return None
    candidates: list[tuple[int, int, str]] = []
    for order, (name, index) in enumerate(_SCALE_INDEX.items()):
        if all(x in index for x in norm):
            hit = {index[x] for x in norm}
            if len(hit) != len(norm):  # two labels on one level: not this scale
                continue
            k = len(KNOWN_SCALES[name])
            candidates.append((k - len(hit), order, name))
    if candidates:
        candidates.sort()
        best = candidates[0][2]
        codes = {x: _SCALE_INDEX[best][x] + 1 for x in norm}
        alternatives = []
        # a set that uses every level of the best scale is not ambiguous: a longer scale
        # would need all its extra levels to have gone unchosen
        full = candidates[0][0] == 0
        for _, _, other in [] if full else candidates[1:]:
            other_codes = {x: _SCALE_INDEX[other][x] + 1 for x in norm}
            if other_codes != codes:
                alternatives.append(other)
        levels = [lv[0] for lv in KNOWN_SCALES[best]]
        return ScaleMatch(
            name=best,
            k=len(levels),
            codes=codes,
            levels=levels,
            ambiguous=bool(alternatives),
            alternatives=alternatives,
        )
    return _end_labelled(labels)


def _end_labelled(labels: Iterable[str]) -> ScaleMatch | None:
    """Numbers 1..k with text only at the ends ("1 Instämmer inte alls", 2, …, "7 …")."""
    numbered: dict[int, str] = {}  # code -> normalised text ('' for a bare number)
    code: int | None
    for raw in labels:
        text = _basic(raw)
        if not text or normalise_label(text) in DONT_KNOW:
            continue
        if _INT_RE.match(text):
            code, rest = int(text), ""
        else:
            code, rest = _split_code(text)
            if code is None:
                return None
        if code in numbered and numbered[code] != rest:
            return None
        numbered[code] = rest
    if len(numbered) < 2:
        return None
    codes_sorted = sorted(numbered)
    lo, hi = codes_sorted[0], codes_sorted[-1]
    labelled = [c for c in codes_sorted if numbered[c]]
    bare = [c for c in codes_sorted if not numbered[c]]
    if lo < 1 or hi > 11 or hi < 3 or not labelled or not bare:
        return None
    if any(lo < c < hi for c in labelled):
        return None  # text in the middle: not an end-labelled numeric scale
    if any(c < 1 for c in codes_sorted):
        return None
    k = hi
    low_text = numbered.get(1, "")
    high_text = numbered.get(k, "")
    reverse = (low_text in _TOP_LABELS and low_text not in _BOTTOM_LABELS) or (
        high_text in _BOTTOM_LABELS and high_text not in _TOP_LABELS
    )
    if reverse:
        codes = {(numbered[c] or str(c)): k + 1 - c for c in codes_sorted}
        levels = [numbered.get(k + 1 - i, "") or str(k + 1 - i) for i in range(1, k + 1)]
    else:
        codes = {(numbered[c] or str(c)): c for c in codes_sorted}
        levels = [numbered.get(i, "") or str(i) for i in range(1, k + 1)]
    return ScaleMatch(
        name=f"numbered_{k}{'_reversed' if reverse else ''}",
        k=k,
        codes=codes,
        levels=levels,
        end_labelled=True,
    )
