"""The organisation-type question: answers mapped to ``statlig``, ``kommunal``, ``regional``
(Swedish and English wording), and the categorical levels of such a column.
"""

from __future__ import annotations

import re

from .likert import light_normalise
from .value_codes import categorical_levels

__all__ = ["SECTORS", "sector_of", "sector_levels"]

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


def sector_levels(spellings: dict[str, int]) -> dict[str, list[str]]:
    mapped: dict[str, dict[str, int]] = {s: {} for s in SECTORS}
    other: dict[str, int] = {}
    for v, c in spellings.items():
        sec = sector_of(v)
        if sec is None:
            other[v] = c
        else:
            mapped[sec][v] = c
    levels = {s: sorted(sp, key=lambda x: (-sp[x], x)) for s, sp in mapped.items() if sp}
    levels.update(categorical_levels(other))
    return levels
