"""The fictional population frame of the sample: organisations with Luhn-valid made-up
organisation numbers, names, sector, employees and county; the panel of latent traits and who
answers in each wave."""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from typing import TYPE_CHECKING, Any

from .parameters import (
    EMPLOYEES,
    ID_NO_DASH,
    ID_SPACES,
    N_RESPONDENTS,
    POPULATION,
    REGISTER_SECTOR,
    RESPONSE_AGAIN,
    RESPONSE_SIZE,
    SECTORS,
    SEED,
    WAVES,
    deterministic_zip,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

# ------------------------------------------------------------------ the population frame
#: The 21 counties (län); each made-up region belongs to one, kommuner are spread as in reality.
COUNTIES = (
    "Stockholms län", "Uppsala län", "Södermanlands län", "Östergötlands län", "Jönköpings län",
    "Kronobergs län", "Kalmar län", "Gotlands län", "Blekinge län", "Skåne län", "Hallands län",
    "Västra Götalands län", "Värmlands län", "Örebro län", "Västmanlands län", "Dalarnas län",
    "Gävleborgs län", "Västernorrlands län", "Jämtlands län", "Västerbottens län",
    "Norrbottens län",
)  # fmt: skip
#: Kommuner per county in the frame (the real numbers, 290 in all).
KOMMUNER_PER_COUNTY = (26, 8, 9, 13, 13, 8, 12, 1, 5, 33, 6, 49, 16, 12, 10, 15, 10, 7, 8, 15, 14)
#: Share of the state agencies with their head office in Stockholms län (the rest spread like
#: the kommuner).
AGENCIES_STOCKHOLM = 0.5
#: Made-up names: agencies are "<form> för <task>", kommuner "<prefix><suffix> kommun",
#: regions "Region <name>" (none is the name of a real organisation).
_AGENCY_FORMS = (
    "Myndigheten för", "Nämnden för", "Institutet för", "Rådet för", "Inspektionen för",
    "Statens centrum för",
)  # fmt: skip
_AGENCY_TASKS = (
    "fyrljus", "kanotleder", "runstensvård", "myrmarker", "väderkvarnar", "hjortronbestånd",
    "folkvisor", "stenmurar", "fjällstugor", "ängsblommor", "fågelsång", "kustklippor",
    "isvägar", "nattljus", "snöklassning", "klockringning", "skärgårdsbåtar", "bergrum",
    "kolmilor", "älgvandring", "fäbodar", "glasblåsning", "lanthandlar", "kvarnstenar",
    "tidvattenmätning", "vedeldning", "stjärnhimlar", "dialektsånger", "ljunghedar",
    "rallarvägar", "sjömärken", "trähus", "kyrkbåtar", "flottleder", "gärdesgårdar",
    "mossarkiv", "humlegårdar", "kalkbrott", "isbrytning", "dragspelsmusik",
)  # fmt: skip
_KOMMUN_PREFIXES = (
    "Lingon", "Hjortron", "Blåbärs", "Tranbärs", "Kantarell", "Tjäder", "Lodjurs", "Bäver",
    "Ekorr", "Grävlings", "Vitsippe", "Humle", "Rönnbärs", "Fjällräv", "Järv", "Lämmel",
    "Kråkbärs", "Smultron", "Utter", "Sälg", "Hassel", "Murkel", "Skogsduve", "Näktergals",
)  # fmt: skip
_KOMMUN_SUFFIXES = (
    "vik", "ås", "hult", "torp", "berga", "näs", "fors", "dal", "holm", "sjö", "by", "köping",
    "mo", "lunda",
)  # fmt: skip
_REGIONS = (
    "Tallmoland", "Granlida", "Björkmyra", "Ljungheden", "Sjömarken", "Älvbygden", "Kustlandet",
    "Åsbygden", "Myrlandet", "Fjällsluttningen", "Skogsriket", "Slättbygden", "Dalgången",
    "Norrmården", "Söderhavet", "Östanskog", "Västanmyr", "Mellanlandet", "Insjöbygden",
    "Hedlandet", "Lövmarken",
)  # fmt: skip
_FRAME_PROPS_DATE = dt.datetime(2018, 1, 15, 9, 0, 0)


def luhn_digit(digits: str) -> int:
    """The Luhn check digit of a string of digits (weights 2, 1, 2, … from the left, as for
    Swedish organisation and personal identity numbers' first nine digits)."""
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def _org_numbers(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct made-up organisation numbers NNNNNN-NNNN: first digit 2 (legal persons of the
    state, regions and municipalities), third digit ≥ 2 (never a month, so never a personnummer),
    Luhn check digit last."""
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        body = "2" + str(int(rng.integers(0, 10))) + str(int(rng.integers(2, 10)))
        body += "".join(str(int(d)) for d in rng.integers(0, 10, 6))
        number = f"{body}{luhn_digit(body)}"
        if number not in seen:
            seen.add(number)
            out.append(f"{number[:6]}-{number[6:]}")
    return out


@functools.lru_cache(maxsize=4)
def panel(seed: int) -> tuple[pd.DataFrame, dict[int, np.ndarray]]:
    """The frame with its hidden traits, and the frame row numbers responding in each wave."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([int(seed), 0])
    n = {s: POPULATION[s] for s in SECTORS}
    total = sum(n.values())
    ids = _org_numbers(rng, total)
    tasks = [f"{form} {task}" for form in _AGENCY_FORMS for task in _AGENCY_TASKS]
    towns = [f"{p}{s} kommun" for p in _KOMMUN_PREFIXES for s in _KOMMUN_SUFFIXES]
    names = (
        [tasks[i] for i in rng.choice(len(tasks), n["statlig"], replace=False)]
        + [towns[i] for i in rng.choice(len(towns), n["kommunal"], replace=False)]
        + [f"Region {_REGIONS[i]}" for i in rng.permutation(n["regional"])]
    )
    spread = np.array(KOMMUNER_PER_COUNTY, dtype=float) / sum(KOMMUNER_PER_COUNTY)
    agency_p = (1.0 - AGENCIES_STOCKHOLM) * spread
    agency_p[0] += AGENCIES_STOCKHOLM
    county = (
        [COUNTIES[i] for i in rng.choice(len(COUNTIES), n["statlig"], p=agency_p)]
        + [COUNTIES[i] for i in rng.permutation(np.repeat(np.arange(21), KOMMUNER_PER_COUNTY))]
        + list(COUNTIES[: n["regional"]])
    )
    sector = np.repeat(np.array(SECTORS, dtype=object), [n[s] for s in SECTORS])
    z_emp = rng.standard_normal(total)
    med = np.array([EMPLOYEES[s][0] for s in sector])
    sdlog = np.array([EMPLOYEES[s][1] for s in sector])
    employees = np.maximum(np.round(np.exp(np.log(med) + sdlog * z_emp)), 3.0).astype(int)
    frame = pd.DataFrame(
        {
            "org_id": ids,
            "name": names,
            "sector_key": sector,
            "sector": [REGISTER_SECTOR[s] for s in sector],
            "employees": employees,
            "county": county,
            "z_emp": z_emp,
            "u_lead": rng.standard_normal(total),
            "u_pace": rng.standard_normal(total),
        }
    )
    # respondents: weighted sampling without replacement within sector, bigger answer more often
    pick = np.random.default_rng([int(seed), 1])
    chosen: dict[int, np.ndarray] = {}
    before = np.zeros(total, dtype=bool)
    for wave in WAVES:
        weight = np.exp(RESPONSE_SIZE * z_emp) * np.where(before, RESPONSE_AGAIN, 1.0)
        rows = []
        for s in SECTORS:
            idx = np.flatnonzero(sector == s)
            p = weight[idx] / weight[idx].sum()
            rows.append(np.sort(pick.choice(idx, N_RESPONDENTS[wave][s], replace=False, p=p)))
        chosen[wave] = np.concatenate(rows)
        before = np.zeros(total, dtype=bool)
        before[chosen[wave]] = True
    return frame, chosen


def population_frame(seed: int = SEED) -> pd.DataFrame:
    """The fictional population frame the sample waves are drawn from.

    One row per organisation (230 state agencies, 290 kommuner, 21 regions), sorted by
    organisation number: ``org_id`` (made-up organisation number NNNNNN-NNNN, Luhn-valid, third
    digit ≥ 2), ``name`` (made up), ``sector`` (as a register writes it: "Statlig myndighet",
    "Kommun", "Region"), ``employees`` (int; the same number the organisation reports in the
    survey) and ``county`` (län).
    """
    frame, _ = panel(int(seed))
    cols = ["org_id", "name", "sector", "employees", "county"]
    return frame[cols].sort_values("org_id", kind="stable").reset_index(drop=True)


def respondents(seed: int = SEED) -> dict[int, list[str]]:
    """The organisation numbers (as registered) responding in each wave, in frame order.

    Within each sector exactly :data:`N_RESPONDENTS` organisations answer, drawn by weighted
    sampling without replacement with weight exp(:data:`RESPONSE_SIZE` · z), z the
    organisation's standardised log(employees) within its sector; in 2021 the weight of an
    organisation that answered in 2018 is multiplied by :data:`RESPONSE_AGAIN`.
    """
    frame, chosen = panel(int(seed))
    return {w: frame["org_id"].iloc[rows].tolist() for w, rows in chosen.items()}


def frame_bytes(seed: int = SEED) -> bytes:
    """``population.xlsx``: the frame as one sheet, byte-identical on every run."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    frame = population_frame(seed)
    wb = Workbook()
    ws = wb.active
    ws.title = "Organisationer"
    ws.append(list(frame.columns))
    r: Any  # a row of itertuples
    for r in frame.itertuples(index=False):
        ws.append([r.org_id, r.name, r.sector, int(r.employees), r.county])
    wb.properties.creator = "digianalys sample"
    wb.properties.lastModifiedBy = "digianalys sample"
    wb.properties.title = "Påhittad population: myndigheter, kommuner och regioner"
    wb.properties.created = _FRAME_PROPS_DATE
    wb.properties.modified = _FRAME_PROPS_DATE
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return deterministic_zip(buf.getvalue())


def as_typed(org_id: str, u: float) -> str:
    """The organisation number as a respondent typed it: mostly as registered, sometimes
    without the dash, sometimes with spaces around it."""
    if u < ID_NO_DASH:
        return org_id.replace("-", "")
    if u < ID_NO_DASH + ID_SPACES:
        return f" {org_id}  " if u < ID_NO_DASH + ID_SPACES / 2 else f"{org_id} "
    return org_id
