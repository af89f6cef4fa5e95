"""Readable labels of model terms: "Sektor: regional (jämfört med kommunal)" instead of
``C(sector)[T.regional]``, "log(Antal anställda)" instead of ``np.log(employees)``, "Konstant"
instead of ``Intercept``, and the codebook label of a plain variable. Terms that are neither
(interactions, arithmetic) get each variable name replaced by its label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..output.i18n import Msg

_LEVEL = re.compile(
    r'^C\((?P<var>\w+)(?:\s*,\s*Treatment\(\s*reference\s*=\s*["\']?(?P<ref>[^"\')]+)["\']?\s*\))?'
    r"\)\[T\.(?P<level>.+)\]$"
)
_FUNCTION = re.compile(r"^(?:np\.)?(?P<fn>log|log1p|sqrt|exp|abs)\((?P<var>\w+)\)$")
_NAME = re.compile(r"\b[A-Za-z_]\w*\b")


def references(reference_levels: Sequence[str]) -> dict[str, str]:
    """Variable → reference level from the model's "C(sector): kommunal" entries."""
    out: dict[str, str] = {}
    for entry in reference_levels:
        head, _, level = str(entry).partition(": ")
        m = re.match(r"^C\((\w+)", head)
        if m and level:
            out[m.group(1)] = level
    return out


def term_label(term: str, labels: Mapping[str, str], refs: Mapping[str, str]) -> str:
    """The readable label of one term (a :class:`Msg` where words need translating)."""
    term = str(term)
    if term == "Intercept":
        return Msg("term_intercept")
    m = _LEVEL.match(term)
    if m:
        var = m.group("var")
        ref = m.group("ref") or refs.get(var)
        name = labels.get(var, var)
        if ref:
            return Msg("term_level", variable=name, level=m.group("level"), reference=ref)
        return Msg("term_level_noref", variable=name, level=m.group("level"))
    m = _FUNCTION.match(term)
    if m:
        return f"{m.group('fn')}({labels.get(m.group('var'), m.group('var'))})"
    if term in labels:
        return labels[term]
    return _NAME.sub(lambda n: labels.get(n.group(0), n.group(0)), term)
