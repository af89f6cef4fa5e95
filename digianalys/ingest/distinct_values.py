"""The distinct values of raw text columns, factorised once per ingest call.

:func:`distinct` and :func:`cell_codes` factorise a column in C++ (pyarrow); inside an ingest
call's :func:`digianalys.ingest.speed.shared_cache` the result is shared by duplicate detection,
personal-data detection, type inference and cleaning. :func:`column_stats` summarises a column
for inference (values, counts, don't-know answers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from . import speed
from .layouts import Column
from .likert import dont_know_mask, normalise_label
from .number_parsing import STR, parse_numbers

__all__ = [
    "ColumnStats",
    "Distinct",
    "column_stats",
    "distinct",
    "cell_codes",
    "encode_columns",
    "most_common",
    "arrow_values",
]


@dataclass
class ColumnStats:
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


Distinct = tuple[np.ndarray, pd.Series, np.ndarray]


@dataclass
class _Encoded:
    """A column's exact cell codes (``raw``: -1 for <NA>; ``n_raw`` distinct texts) and the
    :func:`distinct` result after stripping whitespace."""

    raw: np.ndarray
    n_raw: int
    stripped: Distinct


def encode_columns(columns: list[pd.Series]) -> None:
    """Factorise ``columns`` into the ingest call's cache of encodings, two at a time.

    pyarrow's dictionary encoding and trimming run without the GIL, so two threads use both
    cores for that part (see :func:`digianalys.ingest.speed.map_two`). Without a cache (outside
    :func:`digianalys.ingest.speed.shared_cache`, or on the plain path) this does nothing.
    """
    if speed.distinct_cache() is None or len(columns) < 16:
        return
    speed.map_two(_encoded, columns)


def distinct(series: pd.Series) -> Distinct:
    """Factorise a raw text column after stripping whitespace, in C++ (pyarrow).

    Returns ``(codes, values, counts)``: per row the index into ``values`` (-1 for <NA>), the
    distinct stripped values (pyarrow-backed string Series, may contain "") and the number of
    rows holding each. Inside :func:`digianalys.ingest.speed.shared_cache` the result is shared (its arrays are
    read-only): do not modify it.
    """
    return _encoded(series).stripped


def cell_codes(series: pd.Series) -> tuple[np.ndarray, int]:
    """Exact cell codes of a raw text column (equal texts share a code, <NA> is -1) and the
    number of distinct texts; no stripping. Shared like :func:`distinct`."""
    enc = _encoded(series)
    return enc.raw, enc.n_raw


def _encoded(series: pd.Series) -> _Encoded:
    """The column's encodings, shared through the ingest call's cache: columns are recognised
    by the identity of their Arrow array (a reference is held, so an id cannot be reused)."""
    cache = speed.distinct_cache()
    key = _arrow_array(series) if cache is not None else None
    if key is not None and cache is not None:
        hit = cache.get(id(key))
        if hit is not None and hit[0] is key and isinstance(hit[1], _Encoded):
            return hit[1]
    result = _encode(series)
    if key is not None and cache is not None:
        for arr in (result.raw, result.stripped[0], result.stripped[2]):
            arr.setflags(write=False)
        cache[id(key)] = (key, result)
    return result


def _arrow_array(series: pd.Series) -> object | None:
    """The Arrow array holding a pyarrow-backed column (the one the column keeps: the same
    object each time it is asked for), else None."""
    array = series.array
    if isinstance(array, pd.arrays.ArrowExtensionArray):
        return array.__arrow_array__()
    return None


def arrow_values(series: pd.Series) -> Any:
    """A column's values as one Arrow array (of whatever type it holds; objects as text)."""
    import pyarrow as pa

    try:
        arr = pa.array(series.array)
    except (TypeError, ValueError, pa.ArrowException):
        arr = pa.array(series.astype("string").astype(object).tolist(), type=pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr


def _encode(series: pd.Series) -> _Encoded:
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = arrow_values(series)
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


def column_stats(series: pd.Series, col: Column) -> ColumnStats:
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
    dk = {most_common(sp): sum(sp.values()) for sp in dk_by_norm.values()}
    return ColumnStats(
        col=col,
        all_values=values,
        all_counts=ns,
        dk=dk,
        n_rows=len(series),
        rest_values=values[~is_dk].reset_index(drop=True) if is_dk.any() else values,
        rest_counts=ns[~is_dk],
    )


def most_common(spellings: dict[str, int]) -> str:
    """The most frequent spelling (first seen on a tie)."""
    best, best_n = "", -1
    for sp, n in spellings.items():
        if n > best_n:
            best, best_n = sp, n
    return best
