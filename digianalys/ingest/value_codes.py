"""The codes of answers: yes/no pairs, ordinal scale codes and categorical levels, in the
most frequent spelling found in the data. Shared by inference and by cleaning (which applies
an edited codebook's values the same way).
"""

from __future__ import annotations

from collections.abc import Iterable

from .distinct_values import most_common
from .likert import ScaleMatch, light_normalise, normalise_label

__all__ = ["BINARY_PAIRS", "binary_pair", "binary_values", "ordinal_values", "categorical_levels"]

BINARY_PAIRS: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"ja"}), frozenset({"nej"})),
    (frozenset({"yes", "y"}), frozenset({"no", "n"})),
    (frozenset({"true", "sant"}), frozenset({"false", "falskt"})),
    (frozenset({"1", "1.0"}), frozenset({"0", "0.0"})),
)
_CANONICAL_BINARY = (("Ja", "Nej"), ("Yes", "No"), ("True", "False"), ("1", "0"))


def binary_pair(norm_values: Iterable[str]) -> int | None:
    vals = set(norm_values)
    if not vals:
        return None
    for i, (yes, no) in enumerate(BINARY_PAIRS):
        if vals <= (yes | no):
            if i == 3 and not (vals & yes and vals & no):
                return None  # a lone 1 (or 0) is a number, not a yes/no answer
            return i
    return None


def binary_values(pair: int, spellings: dict[str, int]) -> dict[int, str]:
    yes, no = BINARY_PAIRS[pair]
    ys = {v: c for v, c in spellings.items() if normalise_label(v) in yes}
    ns = {v: c for v, c in spellings.items() if normalise_label(v) in no}
    return {
        1: most_common(ys) if ys else _CANONICAL_BINARY[pair][0],
        0: most_common(ns) if ns else _CANONICAL_BINARY[pair][1],
    }


def ordinal_values(match: ScaleMatch, spellings: dict[str, int]) -> dict[int, str]:
    """code -> label for all k levels, in the most frequent spelling found in the data."""
    by_code: dict[int, dict[str, int]] = {}
    for v, c in spellings.items():
        code = match.codes.get(normalise_label(v))
        if code is not None:
            by_code.setdefault(code, {})
            by_code[code][v] = by_code[code].get(v, 0) + c
    return {
        code: (most_common(by_code[code]) if code in by_code else match.levels[code - 1])
        for code in range(1, match.k + 1)
    }


def categorical_levels(spellings: dict[str, int]) -> dict[str, list[str]]:
    """Merge spellings that differ only in case/whitespace; level = most frequent spelling."""
    groups: dict[str, dict[str, int]] = {}
    for v, c in spellings.items():
        groups.setdefault(light_normalise(v), {})[v] = c
    items = []
    for sp in groups.values():
        level = most_common(sp)
        ordered = sorted(sp, key=lambda s: (-sp[s], s))
        items.append((-sum(sp.values()), level, ordered))
    items.sort(key=lambda t: (t[0], t[1]))
    return {level: ordered for _, level, ordered in items}
