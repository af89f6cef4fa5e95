"""Apply codebook variables to raw columns: typed, recoded columns plus a log of every change.

Public interface (called by :mod:`digianalys.ingest.pipeline`)::

    apply_variables(layout: Layout, variables: list[Inferred]) -> tuple[pd.DataFrame, dict]
    match_codebook(layout: Layout, codebook: Codebook, where: str = "the export")
        -> list[Inferred]
    unmatched_columns(layout: Layout, variables: list[Inferred]) -> list[Column]

``apply_variables`` returns the typed DataFrame (columns = variable names, index =
``layout.data.index``; dtypes as in docs/ARCHITECTURE.md: ordinal/binary/multi ``Int64``,
numeric ``float64``, categorical/id/text ``string``, datetime ``datetime64[ns]``) and a log::

    {"n_rows": int,
     "variables": {name: {
         "source": str | None, "type": str, "n_valid": int,
         "missing": {"blank": int, "<don't-know label>": int, ...},   # by reason; a ticked
                                  # select-all option has {"no option ticked": int} instead
         "n_unrecognised": int,                  # cells that fit neither the type nor `values`
         "unrecognised": {"<text>": int, ...},   # … the 50 most frequent of them (→ missing)
         "unlisted": {"<text>": int, ...},       # categorical values not in `levels` (kept)
         "n_recoded": int,                       # cells whose value was changed (labels → codes,
                                                 # spellings merged, "1 234,5" → 1234.5 …)
         "recodes": [{"from": str, "to": value, "n": int}, ...],  # at most 50, most frequent first
     }}}

It also sets each ``Variable.missing`` to the don't-know counts found in this data (labels
declared in a user codebook but not found are kept with 0), so the written codebook is complete.

``match_codebook`` pairs a user's codebook with the columns of an export: by ``source`` (exact,
then ignoring case/whitespace), and for ``multi`` variables by ``question`` + ``option``; it
raises :class:`~digianalys.errors.CodebookError` naming every variable whose column is not in
the file. Ordinal/binary variables without ``values`` and categorical ones without ``levels``
are completed from the data.

Everything is column-wise: the distinct values of a column are decided once
(pyarrow dictionary encoding, :func:`digianalys.ingest.distinct_values.distinct`) and the result is taken by
the factor codes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ..codebook import Codebook, Variable
from ..errors import CodebookError
from .distinct_values import column_stats, distinct
from .infer import Inferred
from .layouts import Column, Layout
from .likert import (
    DONT_KNOW,
    dont_know_mask,
    light_normalise,
    normalise_label,
    recognise_scale,
)
from .number_parsing import parse_datetimes, parse_numbers
from .select_all import split_options
from .value_codes import (
    BINARY_PAIRS,
    binary_pair,
    binary_values,
    categorical_levels,
    ordinal_values,
)

MAX_RECODES = 50
_INT_RE = re.compile(r"^[+-]?\d+$")

_HAS_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")

# statuses of a distinct value
_VALUE, _BLANK, _MISSING, _UNRECOGNISED = 0, 1, 2, 3


@dataclasses.dataclass
class _Factor:
    """One raw column as factor codes over its distinct (stripped) values."""

    codes: np.ndarray  # per row: index into `values`, -1 for <NA>
    series: pd.Series  # stripped distinct values (string dtype, "" for whitespace-only)
    counts: np.ndarray  # cells per distinct value
    texts: np.ndarray  # the same distinct values as a plain object array

    @classmethod
    def of(cls, series: pd.Series) -> _Factor:
        codes, values, counts = distinct(series)
        return cls(codes=codes, series=values, counts=counts, texts=values.to_numpy(dtype=object))

    @property
    def values(self) -> list[str]:
        return self.texts.tolist()

    def blank(self) -> np.ndarray:
        """Boolean per distinct value: whitespace only."""
        return self.texts == ""

    def nonblank(self) -> np.ndarray:
        """Boolean per row: the cell holds something other than whitespace."""
        ok = np.append(~self.blank(), False)
        return ok[self.codes]  # codes == -1 picks the trailing False


@dataclasses.dataclass
class _Decision:
    """What happens to each distinct value of a column."""

    status: np.ndarray  # int8 per distinct value: _VALUE, _BLANK, _MISSING, _UNRECOGNISED
    out: np.ndarray  # the output value per distinct value (meaningful where status == _VALUE)
    reasons: dict[int, str] = dataclasses.field(default_factory=dict)  # index -> missing label
    unlisted: np.ndarray | None = None  # bool: categorical value kept but not in `levels`


class _Missing:
    """Don't-know labels and declared missing values (``Variable.missing``) of one variable."""

    def __init__(self, var: Variable) -> None:
        self.raw = {k.strip(): k for k in var.missing}
        self.norm = {normalise_label(k): k for k in var.missing}

    def label(self, value: str) -> str | None:
        if value in self.raw:
            return self.raw[value]
        n = normalise_label(value)
        if n in self.norm:
            return self.norm[n]
        if n in DONT_KNOW:
            return value
        return None

    def reasons(self, fac: _Factor) -> dict[int, str]:
        """index -> missing label for the distinct values that are missing.

        Candidates (a declared missing value, a don't-know answer, or, when labels are
        declared, a short text with a letter) are filtered first, vectorised for many values.
        """
        texts = fac.texts
        if len(texts) <= 200:  # few values: plain Python beats vectorised calls
            dk = dont_know_mask(texts)
            cand = [
                i
                for i, v in enumerate(texts.tolist())
                if v in self.raw
                or dk[i]
                or (self.norm and len(v) <= 80 and _HAS_LETTER.search(v) is not None)
            ]
        else:
            series = fac.series
            mask = series.isin(list(self.raw)).to_numpy(dtype=bool) | dont_know_mask(series)
            if self.norm:
                letter = series.str.contains(_HAS_LETTER.pattern, regex=True).fillna(False)
                mask |= letter.to_numpy(dtype=bool) & (series.str.len() <= 80).to_numpy(bool)
            cand = np.flatnonzero(mask).tolist()
        out: dict[int, str] = {}
        for i in cand:
            lab = self.label(texts[i])
            if lab is not None:
                out[int(i)] = lab
        return out


# ============================================================================ per type
def _decide_coded(var: Variable, fac: _Factor) -> _Decision:
    """ordinal / binary / multi-yesno: label (or bare code) → integer code."""
    miss = _Missing(var)
    values = var.values or {}
    lab2code = {normalise_label(lbl): int(code) for code, lbl in values.items()}
    codes = set(values)
    all_positive = bool(codes) and min(codes) > 0
    fallback: dict[str, int] = {}
    if var.type in ("binary", "multi"):
        for yes, no in BINARY_PAIRS:
            if any(normalise_label(lbl) in (yes | no) for lbl in values.values()):
                fallback.update(dict.fromkeys(yes, 1))
                fallback.update(dict.fromkeys(no, 0))
    vals = fac.values
    status = np.full(len(vals), _UNRECOGNISED, dtype="int8")
    out = np.zeros(len(vals), dtype="int64")
    reasons: dict[int, str] = {}
    for i, v in enumerate(vals):
        if not v:
            status[i] = _BLANK
            continue
        n = normalise_label(v)
        if n in lab2code:
            status[i], out[i] = _VALUE, lab2code[n]
            continue
        lab = miss.label(v)
        if lab is not None:
            status[i], reasons[i] = _MISSING, lab
        elif _INT_RE.match(n) and int(n) in codes:
            status[i], out[i] = _VALUE, int(n)
        elif n in fallback:
            status[i], out[i] = _VALUE, fallback[n]
        elif _INT_RE.match(n) and int(n) < 0 and all_positive:
            status[i], reasons[i] = _MISSING, v  # Qualtrics negative not-applicable code
    return _Decision(status=status, out=out, reasons=reasons)


def _decide_categorical(var: Variable, fac: _Factor) -> _Decision:
    miss = _Missing(var)
    spelling: dict[str, str] = {}
    for level, spellings in (var.levels or {}).items():
        spelling.setdefault(light_normalise(level), level)
        for sp in spellings:
            spelling[light_normalise(sp)] = level
    vals = fac.values
    status = np.full(len(vals), _VALUE, dtype="int8")
    out = np.array(vals, dtype=object)
    unlisted = np.zeros(len(vals), dtype=bool)
    reasons: dict[int, str] = {}
    for i, v in enumerate(vals):
        if not v:
            status[i] = _BLANK
            continue
        key = light_normalise(v)
        if key in spelling:
            out[i] = spelling[key]
            continue
        lab = miss.label(v)
        if lab is not None:
            status[i], reasons[i] = _MISSING, lab
        elif var.levels:
            unlisted[i] = True
    return _Decision(status=status, out=out, reasons=reasons, unlisted=unlisted)


def _decide_parsed(
    var: Variable, fac: _Factor, parser: Callable[[pd.Series], pd.Series]
) -> _Decision:
    """numeric / datetime: vectorised parse of the distinct values."""
    reasons = _Missing(var).reasons(fac)
    parsed = parser(fac.series)
    status = np.where(parsed.notna().to_numpy(dtype=bool), _VALUE, _UNRECOGNISED).astype("int8")
    status[fac.blank()] = _BLANK
    if reasons:
        status[list(reasons)] = _MISSING
    return _Decision(status=status, out=parsed.to_numpy(), reasons=reasons)


def _decide_text(fac: _Factor) -> _Decision:
    status = np.where(fac.blank(), _BLANK, _VALUE).astype("int8")
    return _Decision(status=status, out=fac.series.to_numpy(dtype=object))


# ============================================================================ assembling
def _materialise(fac: _Factor, dec: _Decision, dtype: str) -> tuple[pd.Series, dict[str, Any]]:
    """Take the decided value of every row by its factor code; count what happened."""
    codes = fac.codes
    status = dec.status
    ok = status == _VALUE
    row_ok = np.append(ok, False)[codes]
    if dtype == "Int64":
        vals = np.append(np.where(ok, dec.out, 0).astype("int64"), 0)[codes]
        series = pd.Series(pd.arrays.IntegerArray(vals, ~row_ok))
    elif dtype == "float64":
        vals = np.append(np.where(ok, dec.out.astype("float64"), np.nan), np.nan)[codes]
        series = pd.Series(vals, dtype="float64")
    elif dtype == "datetime64[ns]":
        dts = np.asarray(dec.out, dtype="datetime64[ns]")
        dts = np.where(ok, dts, np.datetime64("NaT", "ns"))
        series = pd.Series(np.append(dts, np.datetime64("NaT", "ns"))[codes])
        series = series.astype("datetime64[ns]")
    else:
        objs = np.append(np.where(ok, dec.out, None), [None])[codes]  # type: ignore[call-overload]
        series = pd.Series(objs, dtype="object").astype("string")
    counts = fac.counts
    missing: dict[str, int] = {"blank": int((codes < 0).sum() + counts[status == _BLANK].sum())}
    for i, lab in dec.reasons.items():
        missing[lab] = missing.get(lab, 0) + int(counts[i])
    vals_s = fac.texts
    unrec_idx = np.flatnonzero(status == _UNRECOGNISED)
    entry: dict[str, Any] = {
        "n_valid": int(row_ok.sum()),
        "missing": missing,
        "n_unrecognised": int(counts[unrec_idx].sum()),
        "unrecognised": _top(vals_s, counts, unrec_idx),
    }
    if dec.unlisted is not None and dec.unlisted.any():
        entry["unlisted"] = _top(vals_s, counts, np.flatnonzero(dec.unlisted & ok))
    changed = _changed_mask(vals_s, dec.out, ok, dtype)
    idx = np.flatnonzero(changed)
    entry["n_recoded"] = int(counts[idx].sum())
    top = idx[np.argsort(-counts[idx], kind="stable")][:MAX_RECODES]
    entry["recodes"] = [
        {"from": vals_s[i], "to": _jsonable(dec.out[i]), "n": int(counts[i])} for i in top
    ]
    return series, entry


def _top(values: np.ndarray, counts: np.ndarray, idx: np.ndarray) -> dict[str, int]:
    """{value: cells} for the (at most MAX_RECODES) most frequent of ``idx``."""
    order = idx[np.argsort(-counts[idx], kind="stable")][:MAX_RECODES]
    return {values[i]: int(counts[i]) for i in order}


def _changed_mask(values: np.ndarray, out: np.ndarray, ok: np.ndarray, dtype: str) -> np.ndarray:
    """Distinct values whose text was changed by the recode (labels → codes, merged spellings,
    "1 234,5" → 1234.5); dates and text are never counted as recoded."""
    if dtype == "Int64":
        as_text = out.astype("int64").astype(str).astype(object)
        return ok & (as_text != values)
    if dtype == "float64":
        import pyarrow as pa
        import pyarrow.compute as pc

        # pyarrow directly: pandas' .str.match re-parses the pattern on every call
        texts = pa.array(values, type=pa.large_string(), from_pandas=True)
        found = pc.match_substring_regex(texts, r"^[+-]?[0-9]+(\.[0-9]+)?$")
        plain = pc.fill_null(found, False).to_numpy(zero_copy_only=False)
        return ok & ~plain
    if dtype == "string":
        outs = pd.Series(out, dtype="object").astype("string").fillna("")
        same = outs.to_numpy(dtype=object) == values
        return ok & ~same
    return np.zeros(len(values), dtype=bool)


def _jsonable(x: Any) -> Any:
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    if isinstance(x, (pd.Timestamp, np.datetime64)):
        return str(x)
    return x


def _dk_counts(var: Variable, missing: dict[str, int]) -> dict[str, int]:
    found = {k: v for k, v in missing.items() if k != "blank"}
    out = {k: int(found.pop(k, 0)) for k in var.missing}
    for k, v in found.items():
        out[k] = out.get(k, 0) + v
    return out


def apply_variables(
    layout: Layout, variables: list[Inferred]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Recode the raw columns of ``layout`` into typed dataset columns, with a log.

    See the module docstring for the log's structure. Sets each ``Variable.missing`` to the
    don't-know counts found in this data.
    """
    data = layout.data
    factors: dict[int, _Factor] = {}
    nonblank: dict[int, np.ndarray] = {}

    def factor(i: int) -> _Factor:
        if i not in factors:
            factors[i] = _Factor.of(data[i])
        return factors[i]

    def answered(cols: list[int]) -> np.ndarray:
        acc = np.zeros(len(data), dtype=bool)
        for i in cols:
            if i not in nonblank:
                nonblank[i] = factor(i).nonblank()
            acc |= nonblank[i]
        return acc

    delimited_sets: dict[tuple[int, str], list[str]] = {}
    for inf in variables:
        v = inf.variable
        if v.type == "multi" and v.encoding == "delimited":
            key = (inf.columns[0], v.delimiter or ";")
            delimited_sets.setdefault(key, []).append(v.option or v.label)
    parsed_cache: dict[tuple[int, str], list[set[str] | None]] = {}

    out: dict[str, pd.Series] = {}
    log_vars: dict[str, Any] = {}
    for inf in variables:
        v = inf.variable
        fac = factor(inf.columns[0])
        if v.type in ("ordinal", "binary"):
            series, entry = _materialise(fac, _decide_coded(v, fac), "Int64")
        elif v.type == "numeric":
            series, entry = _materialise(fac, _decide_parsed(v, fac, parse_numbers), "float64")
        elif v.type == "datetime":
            series, entry = _materialise(
                fac, _decide_parsed(v, fac, parse_datetimes), "datetime64[ns]"
            )
        elif v.type == "categorical":
            series, entry = _materialise(fac, _decide_categorical(v, fac), "string")
        elif v.type in ("id", "text"):
            series, entry = _materialise(fac, _decide_text(fac), "string")
        elif v.type == "multi":
            series, entry = _multi(inf, fac, answered, delimited_sets, parsed_cache)
        else:  # pragma: no cover - codebook validation rejects other types
            raise CodebookError(f"variable '{v.name}': unknown type '{v.type}'")
        series.index = data.index
        out[v.name] = series.rename(v.name)
        entry = {"source": v.source, "type": v.type, **entry}
        log_vars[v.name] = entry
        if v.type not in ("id", "text", "multi"):
            # Variable.missing holds don't-know answers only; a select-all respondent who ticked
            # nothing is missing for another reason, reported in the log ("no option ticked").
            v.missing = _dk_counts(v, entry["missing"])
    # no copy: the columns were built here (consolidating them into blocks costs more than
    # it saves; Parquet is written column by column)
    frame = pd.DataFrame(out, index=data.index, copy=False)
    return frame, {"n_rows": len(data), "variables": log_vars}


def _multi(
    inf: Inferred,
    fac: _Factor,
    answered: Callable[[list[int]], np.ndarray],
    delimited_sets: dict[tuple[int, str], list[str]],
    parsed_cache: dict[tuple[int, str], list[set[str] | None]],
) -> tuple[pd.Series, dict[str, Any]]:
    v = inf.variable
    enc = v.encoding or "ticked"
    if enc == "yesno":
        return _materialise(fac, _decide_coded(v, fac), "Int64")
    if enc == "delimited":
        delim = v.delimiter or ";"
        key = (inf.columns[0], delim)
        options = delimited_sets.get(key, [v.option or v.label])
        if key not in parsed_cache:
            parsed_cache[key] = [
                None if not val else set(split_options(val, options, delim)) for val in fac.values
            ]
        miss = _Missing(v)
        option = (v.option or v.label).strip()
        n_vals = len(fac.counts)
        status = np.full(n_vals, _VALUE, dtype="int8")
        out = np.zeros(n_vals, dtype="int64")
        reasons: dict[int, str] = {}
        unknown: dict[str, int] = {}
        known = {o.strip() for o in options}
        for i, (val, parts) in enumerate(zip(fac.values, parsed_cache[key], strict=True)):
            if parts is None:
                status[i] = _BLANK
                continue
            lab = miss.label(val)
            if lab is not None and option not in parts:
                status[i], reasons[i] = _MISSING, lab
                continue
            out[i] = int(option in parts)
            for p in parts - known:
                unknown[p] = unknown.get(p, 0) + int(fac.counts[i])
        series, entry = _materialise(fac, _Decision(status, out, reasons), "Int64")
        entry["recodes"] = []
        entry["n_recoded"] = entry["n_valid"]
        if unknown and option == options[0].strip():
            # answers that are none of the codebook's options: logged once, on the first option
            entry["unrecognised"] = unknown
            entry["n_unrecognised"] = sum(unknown.values())
        return series, entry
    # ticked: any non-blank value other than 0 is a tick; a blank is 0 when the respondent
    # answered the question (ticked another option), else missing
    flags = np.append(~fac.blank() & ~fac.series.isin(["0", "0.0"]).to_numpy(bool), False)
    ticked = flags[fac.codes]
    any_answer = answered(list(inf.columns))
    arr = pd.array(ticked.astype("int64"), dtype="Int64")
    arr[~any_answer] = pd.NA
    n_ticked = int(ticked.sum())
    entry = {
        "n_valid": int(any_answer.sum()),
        "missing": {"no option ticked": int((~any_answer).sum())},
        "n_unrecognised": 0,
        "unrecognised": {},
        "n_recoded": int(any_answer.sum()),
        "recodes": [{"from": "ticked", "to": 1, "n": n_ticked}]
        + [{"from": "not ticked", "to": 0, "n": int(any_answer.sum()) - n_ticked}],
    }
    return pd.Series(arr), entry


# ============================================================================ user codebook
def _source_is(source: str, c: Column) -> bool:
    return c.source == source


def _source_like(normalised: str, c: Column) -> bool:
    return light_normalise(c.source) == normalised


def _option_like(question: str, option: str, c: Column) -> bool:
    return (
        light_normalise(c.question) == question and light_normalise(c.subitem or c.label) == option
    )


def _label_like(normalised: str, c: Column) -> bool:
    return light_normalise(c.label) == normalised


def _find(columns: list[Column], used: set[int], pred: Callable[[Column], bool]) -> Column | None:
    for c in columns:
        if c.index not in used and pred(c):
            return c
    for c in columns:  # a column may feed several variables (delimited multi)
        if pred(c):
            return c
    return None


def match_codebook(layout: Layout, codebook: Codebook, where: str = "the export") -> list[Inferred]:
    """Pair each codebook variable with its column(s) in ``layout`` (see module docstring).

    Returns copies of the variables (the codebook is not modified), completed where ``values``
    or ``levels`` are missing. Raises CodebookError naming every variable whose source column
    is not in the file.
    """
    cols = list(layout.columns)
    used: set[int] = set()
    found: list[tuple[Variable, Column]] = []
    lost: list[str] = []
    for var in codebook.variables:
        col = None
        if var.source is not None:
            src = var.source
            col = _find(cols, used, partial(_source_is, src))
            if col is None:
                ls = light_normalise(src)
                col = _find(cols, used, partial(_source_like, ls))
        if col is None and var.type == "multi" and var.question and var.option:
            q, o = light_normalise(var.question), light_normalise(var.option)
            col = _find(cols, used, partial(_option_like, q, o))
        if col is None and var.source is None and var.label:
            lab = light_normalise(var.label)
            col = _find(cols, used, partial(_label_like, lab))
        if col is None:
            lost.append(var.name)
            continue
        used.add(col.index)
        found.append((dataclasses.replace(var, missing=dict(var.missing)), col))
    if lost:
        shown = ", ".join(f"'{n}'" for n in lost[:10]) + (" …" if len(lost) > 10 else "")
        raise CodebookError(
            f"codebook variable(s) {shown}: the source column is not in {where}; fix 'source' "
            "(the header text as written in the export, rows joined with ': ') or remove the "
            "variable from the codebook"
        )
    # siblings of ticked select-all options: the layout group, else same-question variables
    by_question: dict[str, list[int]] = {}
    for var, col in found:
        if var.type == "multi" and (var.encoding or "ticked") == "ticked":
            by_question.setdefault(var.question or "", []).append(col.index)
    result: list[Inferred] = []
    for var, col in found:
        columns = [col.index]
        if var.type == "multi" and (var.encoding or "ticked") == "ticked":
            if col.group is not None:
                sib = [c.index for c in cols if c.group == col.group and c.index != col.index]
            else:
                sib = [i for i in by_question.get(var.question or "", []) if i != col.index]
            columns += sib
        _complete(var, layout, col, where)
        result.append(Inferred(variable=var, columns=columns))
    return result


def _complete(var: Variable, layout: Layout, col: Column, where: str) -> None:
    """Fill in values (ordinal/binary/yesno) or levels (categorical) the user left out."""
    needs_values = var.values is None and (
        var.type in ("ordinal", "binary") or (var.type == "multi" and var.encoding == "yesno")
    )
    if not needs_values and not (var.type == "categorical" and var.levels is None):
        return
    st = column_stats(layout.data[col.index], col)
    if var.type == "categorical":
        var.levels = categorical_levels(st.rest)
        return
    norm = st.norm_rest()
    if var.type == "ordinal":
        match = recognise_scale(st.rest)
        if match is None:
            raise CodebookError(
                f"codebook variable '{var.name}': type is ordinal but the answers in column "
                f"'{col.source}' of {where} fit no known scale; add values: {{1: <lowest label>, "
                "2: …}} to the variable"
            )
        var.values = ordinal_values(match, st.rest)
        var.scale = var.scale or match.name
        return
    pair = binary_pair(norm)
    if pair is None:
        raise CodebookError(
            f"codebook variable '{var.name}': type is {var.type} but the answers in column "
            f"'{col.source}' of {where} are not yes/no; add values: {{1: <yes label>, "
            "0: <no label>}} to the variable"
        )
    var.values = binary_values(pair, st.rest)


def unmatched_columns(layout: Layout, variables: list[Inferred]) -> list[Column]:
    """Columns of ``layout`` that no variable uses (dropped when a user codebook is applied)."""
    used = {i for inf in variables for i in inf.columns[:1]}
    return [c for c in layout.columns if c.index not in used]
