"""Type inference: what each raw column of a survey export is, as a codebook :class:`Variable`.

Public interface (called by :mod:`digianalys.ingest.pipeline`)::

    @dataclass
    class Inferred:
        variable: Variable     # fully filled codebook entry (name, label, source, type, values/levels,
                               # missing counts, question, option, encoding, delimiter, scale)
        columns: list[int]     # raw column index(es): columns[0] holds the value; for a ticked
                               # select-all option the rest are the sibling columns of its question

    infer_variables(layout: Layout, used_names: set[str] | None = None)
        -> tuple[list[Inferred], list[Msg]]             # (variables in column order, warnings)
    make_name(text: str, used: set[str]) -> str          # snake_case ASCII, ≤ 40 chars, unique
    sector_of(label: str) -> str | None                  # 'statlig' | 'kommunal' | 'regional'
    unknown_scale_warning(where, labels) -> Msg          # how to declare unknown labels ordinal

Built on :mod:`~digianalys.ingest.distinct_values` (a column's distinct values and counts),
:mod:`~digianalys.ingest.number_parsing`, :mod:`~digianalys.ingest.select_all` (options of
one-cell select-all answers) and :mod:`~digianalys.ingest.value_codes` (yes/no, scale codes,
levels). Warnings are messages (:mod:`digianalys.ingest.notices`).

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

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..codebook import Variable
from ..output.i18n import Msg
from .distinct_values import ColumnStats, column_stats, distinct
from .layouts import Column, Layout
from .likert import (
    DONT_KNOW,
    SCALE_WORDS,
    ScaleMatch,
    leading_code,
    light_normalise,
    looks_like_scale_label,
    normalise_label,
    recognise_scale,
)
from .notices import notice, where_column, where_question
from .number_parsing import parse_datetimes, parse_numbers
from .sectors import sector_levels, sector_of
from .select_all import collect_options, split_options
from .value_codes import binary_pair, binary_values, categorical_levels, ordinal_values

MAX_NAME = 40
#: Qualtrics "recode values" used for don't-know / not-applicable answers.
NEGATIVE_CODES = frozenset({-1, -2, -3, -4, -5, -8, -9, -97, -98, -99, -999})
#: normalised yes / no spellings of the binary pairs (yes-set, no-set)
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
#: Words left out of a name made from a long header (English and Swedish function words).
NAME_STOPWORDS = frozenset(
    """a an the of to in on for with at by from and or is are was were be do does did how
    what which who when where why would could should you your yours we our it its this that
    these those there their they i my me as if please
    och att det som en ett den de på är av för med till om hur vad vilka vilken vilket ni
    er era din ditt dina du vi man har var kan ska""".split()
)


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
    if len("_".join(words)) > MAX_NAME:
        # a long header: leave out the function words first, so that the words that tell
        # columns apart ("… access to the OHBM job board") survive the cut
        content = [w for w in words if w not in NAME_STOPWORDS]
        words = content or words
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


# ============================================================================ single decisions
def _is_sector(c: ColumnStats) -> bool:
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


def _negative_codes(c: ColumnStats) -> dict[str, int] | None:
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


def _looks_like_id(c: ColumnStats, numbers: pd.Series | None) -> bool:
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


def _looks_like_text(c: ColumnStats) -> bool:
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


def _delimited(c: ColumnStats, layout_name: str) -> tuple[str, list[str]] | None:
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
    options = collect_options(list(vals), delim)
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


# ============================================================================ variable builders
def _base(c: ColumnStats, vtype: str, **kw: object) -> Variable:
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


def _infer_single(
    c: ColumnStats, layout: Layout, warnings: list[Msg]
) -> list[tuple[Variable, str]]:
    """Decide one column on its own; returns (variable, name hint) pairs (several for multi)."""
    col = c.col
    where = where_column(col)
    if not len(c.all_values):
        warnings.append(notice("ingest_no_answers", where=where))
        return [(_base(c, "text"), col.label)]
    if not c.n_distinct:  # only don't-know answers
        return [(_base(c, "categorical", levels={}), col.label)]
    if _is_sector(c):
        var = _base(c, "categorical", levels=sector_levels(c.rest))
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
    pair = binary_pair(norm) if small else None
    if pair is not None:
        return [(_base(c, "binary", values=binary_values(pair, c.rest)), col.label)]
    if small and len(norm) <= 30:
        match = recognise_scale(c.rest)
        if match is not None:
            if match.ambiguous:
                warnings.append(_ambiguous_warning(where, match))
            var = _base(c, "ordinal", values=ordinal_values(match, c.rest), scale=match.name)
            return [(var, col.label)]
    if small and 3 <= len(norm) <= 33:
        stray = _scale_without_strays(c)
        if stray is not None:
            match, kept, strays = stray
            if match.ambiguous:
                warnings.append(_ambiguous_warning(where, match))
            warnings.append(_stray_warning(where, match.name, layout, col, strays))
            var = _base(c, "ordinal", values=ordinal_values(match, kept), scale=match.name)
            return [(var, col.label)]
    neg = _negative_codes(c) if c.n_distinct <= 200 else None
    if neg is not None:
        var = _base(c, "numeric")
        var.missing.update(neg)
        warnings.append(notice("ingest_negative_codes", where=where, codes=", ".join(sorted(neg))))
        return [(var, col.label)]
    if c.share("^[+\\-\u2212]?[0-9.,]") >= 0.9:
        numbers = c.numbers
        ok = int(c.rest_counts[numbers.notna().to_numpy()].sum())
        if ok == c.n_rest or (ok >= 0.95 * c.n_rest and c.n_distinct >= 20):
            if ok < c.n_rest:
                warnings.append(notice("ingest_not_numbers", where=where, n=c.n_rest - ok))
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
    var = _base(c, "categorical", levels=categorical_levels(c.rest))
    if _scale_like(norm) or (col.group is not None and len(norm) <= 12):
        warnings.append(unknown_scale_warning(where, c.rest))
    return [(var, col.label)]


#: Stray answers in a scale column: at most this many distinct texts, together at most this
#: share of the answers (and at least one answer), are reported and made missing instead of
#: making the whole column categorical.
MAX_STRAY_LABELS = 3
MAX_STRAY_SHARE = 0.05


def _scale_without_strays(c: ColumnStats) -> tuple[ScaleMatch, dict[str, int], set[str]] | None:
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


def _stray_warning(where: Msg, scale: str, layout: Layout, col: Column, strays: set[str]) -> Msg:
    """Names the count and the response rows of stray answers, never their text (it may be
    personal data)."""
    values = layout.data[col.index]
    codes, uniques, _ = distinct(values)
    texts = uniques.to_numpy(dtype=object)
    bad = np.array([t in strays for t in texts] + [False], dtype=bool)
    rows = np.flatnonzero(bad[codes]) + 1
    shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
    return notice("ingest_stray_scale", where=where, n=len(rows), scale=scale, rows=shown)


def _ambiguous_warning(where: Msg, match: ScaleMatch) -> Msg:
    scales = ", ".join([match.name, *match.alternatives])
    return notice("ingest_ambiguous_scale", where=where, scales=scales, scale=match.name)


def unknown_scale_warning(where: Msg, labels: Iterable[str]) -> Msg:
    """The warning for answer labels that fit no known scale, with the codebook entry that
    would declare them ordinal (the first 12 labels)."""
    labels = list(labels)[:12]
    example = ", ".join(f"{i}: '{lab}'" for i, lab in enumerate(labels, start=1))
    return notice("ingest_unknown_scale", where=where, example=example)


# ============================================================================ groups
def _ticked_columns(cols: list[ColumnStats]) -> list[ColumnStats]:
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
        if looks_like_scale_label(nv) or nv in DONT_KNOW or binary_pair([nv]) is not None:
            continue
        single_values.append(light_normalise(v))
        ticked.append(c)
    # distinct single values per column: option texts differ between options
    if len(single_values) != len(set(single_values)):
        return []
    return ticked


def _option_variable(c: ColumnStats, encoding: str, **extra: Any) -> Variable:
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
    cols: list[ColumnStats], layout: Layout, warnings: list[Msg]
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
            assert var.option is not None
            siblings = [i for i in all_idx if i != c.col.index]
            out[c.col.index] = [(var, var.option, [c.col.index, *siblings])]
        return out
    norms = {c.col.index: c.norm_rest() for c in cols}
    pairs = {c.col.index: binary_pair(norms[c.col.index]) for c in cols if norms[c.col.index]}
    if len(cols) >= 2 and pairs and len(pairs) == len(cols) and len(set(pairs.values())) == 1:
        pair = next(iter(pairs.values()))
        if pair is not None:
            for c in cols:
                var = _option_variable(
                    c, "yesno", values=binary_values(pair, c.rest), missing=dict(c.dk)
                )
                assert var.option is not None
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
            values = ordinal_values(match, union)
            if match.ambiguous:
                q = cols[0].col.question
                warnings.append(_ambiguous_warning(where_question(q), match))
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
) -> tuple[list[Inferred], list[Msg]]:
    """Infer one codebook variable per raw column (several for a select-all question).

    Returns ``(variables, warnings)``; variables follow the column order of ``layout`` and
    have unique snake_case names (not in ``used_names``; the organisation type is ``sector``).
    Missing counts (``Variable.missing``) hold the don't-know answers per spelling and, for
    numeric Qualtrics columns, the negative not-applicable codes.
    """
    used = set(used_names or ())
    warnings: list[Msg] = []
    stats = {c.index: column_stats(layout.data[c.index], c) for c in layout.columns}
    decided: dict[int, list[tuple[Variable, str, list[int]]]] = {}
    groups: dict[int, list[ColumnStats]] = {}
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
