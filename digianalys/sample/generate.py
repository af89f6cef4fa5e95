"""Deterministic generator of the bundled sample survey (``digianalys sample``).

A made-up Swedish survey of public-sector organisations about digitalisation, in two waves drawn
from a fictional population frame:

* ``population.xlsx``: the frame (:func:`population_frame`), one row per organisation: made-up
  organisation number (Luhn-valid, third digit ≥ 2, so never a personnummer), made-up name,
  sector as a register writes it, employees and county. Each wave's respondents are drawn from
  it (bigger organisations answer more often; most 2018 respondents answer again in 2021), and
  each organisation keeps persistent latent traits, so the two waves form a panel.
* ``digitalisering-2018.xlsx``: a plain export with one header row; the select-all question is
  one column per option headed "question: option", the option text in ticked cells (so that both
  waves join option by option); a few IT-cost cells are text with a decimal comma ("3,5"); three
  exact duplicate responses.
* ``digitalisering-2021.xlsx``: a SurveyMonkey export with two header rows (question text,
  then sub-item / "Response" / "Open-Ended Response" / option text), matrix and select-all
  question texts merged across their columns, and SurveyMonkey's leading columns.

Both exports carry the organisation number ("Organisationsnummer") as the respondent typed it.

Answers are generated from latent variables (leadership and pace of digitalisation, correlated
within sector, with sector and wave differences) through fixed thresholds, so the effects an
analysis should find are known. :func:`generate` returns the raw frame (the latent truth and
every answer as exported, before duplicates are added); :func:`write_sample` writes the two
workbooks, the frame and ``README.md`` with the planted and the realised truth.

Nothing depends on the clock: the random numbers come from ``numpy.random.default_rng`` seeded
with ``(seed, wave)`` (the frame with ``(seed, 0)``, the choice of respondents with
``(seed, 1)``), workbook properties carry fixed dates and the zip entries fixed timestamps, so
reruns are byte-identical (for a given openpyxl version).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_bytes, write_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

#: Default seed of the bundled sample.
SEED = 25
#: The two waves, in order.
WAVES = (2018, 2021)
#: File name of each wave's workbook.
FILENAMES = {2018: "digitalisering-2018.xlsx", 2021: "digitalisering-2021.xlsx"}
SECTORS = ("statlig", "kommunal", "regional")
#: Responding organisations per wave and sector (drawn from the frame, see POPULATION).
N_RESPONDENTS = {
    2018: {"statlig": 157, "kommunal": 228, "regional": 16},
    2021: {"statlig": 162, "kommunal": 235, "regional": 18},
}
#: Organisations in the fictional population frame, by sector.
POPULATION = {"statlig": 230, "kommunal": 290, "regional": 21}
#: The sector as a register writes it (the frame's ``sector`` column).
REGISTER_SECTOR = {"statlig": "Statlig myndighet", "kommunal": "Kommun", "regional": "Region"}
_SECTOR_KEY = {v: k for k, v in REGISTER_SECTOR.items()}
#: File name of the population frame.
FRAME_FILENAME = "population.xlsx"
#: Header of the organisation-number column in both exports.
ID_HEADER = "Organisationsnummer"
#: Response propensity: log-odds-like weight per within-sector SD of log(employees) (bigger
#: organisations answer more often), used in weighted sampling without replacement.
RESPONSE_SIZE = 0.5
#: 2021: sampling weight of an organisation that answered in 2018, relative to one that did not.
RESPONSE_AGAIN = 4.0
#: Share of the latent variance that is a persistent organisation trait (√ρ·u_org + √(1−ρ)·ε).
PANEL_RHO = 0.6
#: How respondents type the organisation number: share without the dash, share with spaces
#: around it (the rest: NNNNNN-NNNN as registered).
ID_NO_DASH = 0.08
ID_SPACES = 0.04

# ------------------------------------------------------------------ answer scales (low → high)
AGREEMENT = (
    "Instämmer inte alls",
    "Instämmer knappast",
    "Varken eller",
    "Instämmer delvis",
    "Instämmer helt",
)
OBSTACLE = ("Inte alls", "I låg grad", "I viss grad", "I hög grad", "I mycket hög grad")
INVOLVEMENT = ("Aldrig", "Sällan", "Ibland", "Ofta", "Alltid")
DONT_KNOW = "Vet ej"
YES, NO = "Ja", "Nej"

# ------------------------------------------------------------------ questions
Q_ORGTYPE = "Vilken typ av organisation representerar du?"
Q_EMPLOYEES = "Hur många anställda har organisationen?"
Q_LEADERSHIP = "Ledarskap"
Q_PACE = "Digitaliseringstakt"
Q_FRAMEWORK = "Har organisationen beslutat om en modell för nyttorealisering?"
Q_OBSTACLE = (
    "I vilken grad är brist på digital kompetens ett hinder för organisationens digitalisering?"
)
Q_INVOLVEMENT = "Hur ofta involveras användarna när organisationen utvecklar digitala tjänster?"
Q_ITCOST = "Hur stor andel av organisationens budget går till IT (procent)?"
Q_INFRA = "Vilka nationella digitala infrastrukturtjänster använder ni?"
Q_COMMENT = "Övriga kommentarer"

#: Leadership digital-maturity statements (matrix question "Ledarskap").
LEADERSHIP_ITEMS = {
    "lead_strategy": "Ledningen har en tydlig strategi för digitalisering",
    "lead_followup": "Ledningen följer regelbundet upp digitaliseringsarbetet",
    "lead_agenda": "Digitalisering är en stående punkt på ledningens agenda",
    "lead_competence": "Ledningen har god kunskap om digitaliseringens möjligheter",
    "lead_resources": "Ledningen avsätter tillräckliga resurser för digitalisering",
}
#: Digitalisation-pace statements (matrix question "Digitaliseringstakt").
PACE_ITEMS = {
    "pace_processes": "Vi digitaliserar våra kärnprocesser i snabb takt",
    "pace_services": "Nya digitala tjänster införs snabbare nu än för tre år sedan",
    "pace_technology": "Vi tar snabbt till vara ny teknik när den blir tillgänglig",
    "pace_peers": "Vår digitalisering går snabbare än i jämförbara organisationer",
}
#: Options of the select-all question (column in the raw frame → option text).
INFRA_OPTIONS = {
    "infra_eid": "E-legitimation",
    "infra_mina_meddelanden": "Mina meddelanden",
    "infra_sdk": "Säker digital kommunikation (SDK)",
    "infra_inera": "Ineras tjänster",
    "infra_esam": "eSam-vägledningar",
    "infra_none": "Ingen av dessa",
}

# ------------------------------------------------------------------ planted truth (latent scale)
#: Latent leadership mean by sector (2018); within-sector SD is 1.
LEAD_MEAN = {"statlig": 0.30, "kommunal": -0.20, "regional": 0.50}
#: Latent pace mean by sector (2018); within-sector SD is 1.
PACE_MEAN = {"statlig": 0.15, "kommunal": -0.10, "regional": 0.30}
#: Rise of the latent means from 2018 to 2021 (≈ +0.2 on both 1–5 scale means).
WAVE_SHIFT = {"leadership": {2018: 0.0, 2021: 0.25}, "pace": {2018: 0.0, 2021: 0.18}}
#: Within-sector correlation of latent leadership and latent pace.
LATENT_RHO = 0.50
#: Effect on latent pace of one within-sector SD of log(employees) (independent of leadership).
PACE_EMPLOYEES = 0.10
#: Loadings of the items on their latent variable (item = λ·latent + √(1−λ²)·noise).
LOADING = {"leadership": 0.72, "pace": 0.75}
#: Thresholds between the five answer codes on the item scale; items shift them by a difficulty.
THRESHOLDS = (-1.70, -0.90, -0.15, 0.85)
DIFFICULTY = {
    "lead_strategy": -0.20,
    "lead_followup": 0.05,
    "lead_agenda": 0.10,
    "lead_competence": -0.10,
    "lead_resources": 0.35,
    "pace_processes": 0.10,
    "pace_services": -0.15,
    "pace_technology": 0.05,
    "pace_peers": 0.20,
}
#: Probability of "Vet ej" and of a skipped (blank) answer for each agreement item.
P_DONT_KNOW = 0.05
P_BLANK = 0.01
#: Share answering Ja to the benefit-realisation question, by sector (both waves).
FRAMEWORK_YES = {"statlig": 0.16, "kommunal": 0.04, "regional": 0.10}
#: Log-odds of Ja per within-sector SD of latent leadership (shares are kept at FRAMEWORK_YES).
FRAMEWORK_LEAD_LOGODDS = 0.8
#: Among those not answering Ja, the probability of "Vet ej" (the rest answer Nej).
FRAMEWORK_DONT_KNOW = 0.06
#: Employees: lognormal median and SD of log by sector.
EMPLOYEES = {"statlig": (450.0, 1.2), "kommunal": (1300.0, 0.9), "regional": (9000.0, 0.6)}
#: IT cost as % of budget: lognormal median by sector, SD of log, share blank.
IT_COST = {"statlig": 5.0, "kommunal": 3.0, "regional": 3.5}
IT_COST_SDLOG = 0.35
IT_COST_BLANK = 0.08
#: 2018 only: share of answered IT-cost cells written as text with a decimal comma.
IT_COST_TEXT_2018 = 0.05
#: Select-all: base probability of each option by sector and wave (raised by latent pace).
INFRA_BASE = {
    "infra_eid": {"statlig": 0.80, "kommunal": 0.92, "regional": 0.97},
    "infra_mina_meddelanden": {"statlig": 0.55, "kommunal": 0.65, "regional": 0.75},
    "infra_sdk": {"statlig": 0.05, "kommunal": 0.04, "regional": 0.10},
    "infra_inera": {"statlig": 0.04, "kommunal": 0.55, "regional": 0.95},
    "infra_esam": {"statlig": 0.40, "kommunal": 0.12, "regional": 0.30},
}
INFRA_SDK_2021 = {"statlig": 0.35, "kommunal": 0.40, "regional": 0.85}
INFRA_PACE_LOGODDS = 0.4
INFRA_BLANK = 0.02
#: Number of exact duplicate responses written into the 2018 workbook.
DUPLICATES = {2018: 3, 2021: 0}
P_COMMENT = 0.12

COMMENTS = (
    "Vi har precis påbörjat arbetet med en ny digitaliseringsstrategi.",
    "Svårt att svara för hela organisationen – förvaltningarna skiljer sig åt.",
    "Brist på kompetens inom informationssäkerhet är vårt största hinder.",
    "Ledningen är engagerad men resurserna räcker inte till.",
    "Samverkan med andra kommuner har varit avgörande för oss.",
    "Vi väntar på besked om finansiering från regeringen.",
    "Pandemin påskyndade digitaliseringen av våra möten och tjänster.",
    "Enkäten borde skilja på intern och extern digitalisering.",
    "Vi använder e-legitimation men inte Mina meddelanden ännu.",
    "Nyttorealisering diskuteras, men inget beslut är fattat.",
    'Frågan om "tillräckliga resurser" är svår att tolka.',
    "Vår IT-budget är svår att särskilja; siffran är en uppskattning.",
    "Vi har en ny CDO sedan i höstas.\nArbetet har fått en tydligare riktning.",
    "Användarna involveras främst vid större upphandlingar.",
    "Småkommuner behöver mer stöd från DIGG och SKR.",
    "Äldre verksamhetssystem försvårar övergången till molntjänster.",
    "Bra enkät! Tack.",
    "Vi ingår i en gemensam IT-nämnd med grannkommunerna.",
    "Digitaliseringen går fort i vissa förvaltningar, långsamt i andra.",
    "Osäkert hur mycket av budgeten som är IT – den ligger på flera konton.",
)
FIRST_NAMES = (
    "Anna", "Åsa", "Björn", "Göran", "Märta", "Örjan", "Erik", "Karin", "Lars", "Maria",
    "Sofia", "Johan", "Ingrid", "Per", "Eva", "Mikael", "Linnéa", "Håkan", "Jöns", "Sören",
    "Ulla", "Mats", "Helén", "Anders", "Kerstin", "Tove", "Ali", "Fatima", "Yusuf", "Minna",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Öberg", "Åberg", "Lindström", "Sjögren", "Bäckström", "Karlsson", "Nilsson",
    "Ekström", "Hägglund", "Törnqvist", "Johansson", "Söderberg", "Ström", "Holmgren",
    "Näslund", "Dahl", "Berg", "Lundqvist", "Forsgren", "Mäkelä", "Hassan", "Nyström", "Wallin",
)  # fmt: skip
#: Spelling variants of the organisation types (label → share of that sector).
ORG_LABELS = {
    2018: {
        "statlig": {
            "Statlig myndighet": 0.93,
            "statlig myndighet ": 0.04,
            "Statlig Myndighet": 0.03,
        },
        "kommunal": {"Kommun": 0.95, "kommun": 0.03, " Kommun": 0.02},
        "regional": {"Landsting": 0.80, "Region": 0.20},
    },
    2021: {
        "statlig": {"Statlig myndighet": 0.97, "statlig myndighet ": 0.03},
        "kommunal": {"Kommun": 0.98, "kommun": 0.02},
        "regional": {"Region": 0.90, "Landsting": 0.10},
    },
}
#: Leading SurveyMonkey columns (2021) and the personal-data columns of the plain export (2018).
SURVEYMONKEY_LEAD = (
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
)
_FIELD_START = {2018: dt.datetime(2018, 3, 5, 8, 0, 0), 2021: dt.datetime(2021, 3, 1, 8, 0, 0)}
_FIELD_DAYS = 40
_PROPS_DATE = {2018: dt.datetime(2018, 4, 20, 9, 0, 0), 2021: dt.datetime(2021, 4, 16, 9, 0, 0)}
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_COLLECTORS = (402518239, 402518240)


# ------------------------------------------------------------------ helpers
def _code(latent: np.ndarray, thresholds: tuple[float, ...] | np.ndarray) -> np.ndarray:
    """Answer codes 1..len(thresholds)+1 from a latent value via fixed thresholds."""
    import numpy as np

    return 1 + (latent[:, None] > np.asarray(thresholds)[None, :]).sum(axis=1)


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _calibrated_intercept(share: float, slope: float) -> float:
    """Intercept a with E[expit(a + slope·Z)] = share for Z ~ N(0, 1) (Gauss–Hermite, bisection)."""
    import numpy as np

    nodes, weights = np.polynomial.hermite_e.hermegauss(60)
    weights = weights / weights.sum()

    def mean_p(a: float) -> float:
        return float((weights / (1.0 + np.exp(-(a + slope * nodes)))).sum())

    lo, hi = -20.0, 20.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if mean_p(mid) < share:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


def _ascii(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "A", "Ä": "A", "Ö": "O"})
    return text.translate(table).lower()


def _with_missing(codes: np.ndarray, labels: tuple[str, ...], u: np.ndarray, p_dk: float) -> list:
    """Labels for codes; 'Vet ej' where u < p_dk, blank (None) where p_dk <= u < p_dk + P_BLANK."""
    out: list[str | None] = []
    for code, ui in zip(codes, u, strict=True):
        if ui < p_dk:
            out.append(DONT_KNOW)
        elif ui < p_dk + P_BLANK:
            out.append(None)
        else:
            out.append(labels[int(code) - 1])
    return out


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
def _panel(seed: int) -> tuple[pd.DataFrame, dict[int, np.ndarray]]:
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
    frame, _ = _panel(int(seed))
    cols = ["org_id", "name", "sector", "employees", "county"]
    return frame[cols].sort_values("org_id", kind="stable").reset_index(drop=True)


def respondents(seed: int = SEED) -> dict[int, list[str]]:
    """The organisation numbers (as registered) responding in each wave, in frame order.

    Within each sector exactly :data:`N_RESPONDENTS` organisations answer, drawn by weighted
    sampling without replacement with weight exp(:data:`RESPONSE_SIZE` · z), z the
    organisation's standardised log(employees) within its sector; in 2021 the weight of an
    organisation that answered in 2018 is multiplied by :data:`RESPONSE_AGAIN`.
    """
    frame, chosen = _panel(int(seed))
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
    return _deterministic_zip(buf.getvalue())


def _as_typed(org_id: str, u: float) -> str:
    """The organisation number as a respondent typed it: mostly as registered, sometimes
    without the dash, sometimes with spaces around it."""
    if u < ID_NO_DASH:
        return org_id.replace("-", "")
    if u < ID_NO_DASH + ID_SPACES:
        return f" {org_id}  " if u < ID_NO_DASH + ID_SPACES / 2 else f"{org_id} "
    return org_id


# ------------------------------------------------------------------ the generator
def generate(wave: int, seed: int = SEED) -> pd.DataFrame:
    """Generate one wave's responses with their latent truth, before export.

    Parameters
    ----------
    wave : int
        2018 or 2021.
    seed : int
        Seed of ``numpy.random.default_rng([seed, wave])``; the bundled sample uses :data:`SEED`.

    Returns
    -------
    pandas.DataFrame
        One row per responding organisation (no duplicates), in submission order; the
        organisations are drawn from :func:`population_frame` (see :func:`respondents`).
        Columns: ``respondent_id`` (int), ``wave``, ``org_id`` (organisation number as in the
        frame), ``org_id_as_typed`` (as written in the export: sometimes without the dash or
        with spaces around it), ``sector`` (true type: statlig/kommunal/regional),
        ``org_type`` (the label as exported, with spelling variants), ``lead_latent``,
        ``pace_latent`` (latent truth), ``employees`` (float), the agreement items
        ``lead_*`` and ``pace_*`` (answer labels as exported; "Vet ej"; None = blank),
        ``framework`` (Ja/Nej/Vet ej), ``competence_obstacle``, ``user_involvement`` (labels),
        ``it_cost`` (float, NaN = blank), ``it_cost_as_text`` (bool: written as text with a
        decimal comma), ``infra_*`` (bool, one per option; all False = question skipped),
        ``comment`` (str or None), ``first_name``, ``last_name``, ``email``, ``ip``,
        ``start``, ``end`` (datetimes; ``end`` is the submission time), ``collector_id``,
        ``duplicates`` (extra identical copies of the row written to the workbook).
    """
    import numpy as np
    import pandas as pd

    if wave not in N_RESPONDENTS:
        from ..errors import DigianalysError

        raise DigianalysError(
            f"unknown sample wave {wave}; use one of {', '.join(map(str, WAVES))}"
        )
    rng = np.random.default_rng([int(seed), int(wave)])
    population, chosen = _panel(int(seed))
    orgs = population.iloc[chosen[wave]].reset_index(drop=True)
    sector = orgs["sector_key"].to_numpy(dtype=object)
    n = len(sector)
    shift = WAVE_SHIFT["leadership"][wave]
    lead_mu = np.array([LEAD_MEAN[s] for s in sector]) + shift
    pace_mu = np.array([PACE_MEAN[s] for s in sector]) + WAVE_SHIFT["pace"][wave]

    # latent variables: leadership, employees (independent of leadership), pace; each
    # organisation's persistent trait u and this wave's ε: e = √ρ·u + √(1−ρ)·ε ~ N(0, 1)
    keep, fresh = math.sqrt(PANEL_RHO), math.sqrt(1.0 - PANEL_RHO)
    e_lead = keep * orgs["u_lead"].to_numpy() + fresh * rng.standard_normal(n)
    z_emp = orgs["z_emp"].to_numpy()
    e_pace = keep * orgs["u_pace"].to_numpy() + fresh * rng.standard_normal(n)
    lead = lead_mu + e_lead
    rest = math.sqrt(1.0 - LATENT_RHO**2 - PACE_EMPLOYEES**2)
    pace = pace_mu + LATENT_RHO * e_lead + PACE_EMPLOYEES * z_emp + rest * e_pace
    employees = orgs["employees"].to_numpy(dtype=float)

    frame: dict[str, Any] = {"wave": np.full(n, wave), "sector": sector}
    frame["org_id"] = orgs["org_id"].to_numpy(dtype=object)
    frame["org_id_as_typed"] = [
        _as_typed(i, u) for i, u in zip(frame["org_id"], rng.random(n), strict=True)
    ]
    frame["lead_latent"] = lead
    frame["pace_latent"] = pace
    frame["employees"] = employees

    # agreement items
    for scale, items, latent in (
        ("leadership", LEADERSHIP_ITEMS, lead),
        ("pace", PACE_ITEMS, pace),
    ):
        lam = LOADING[scale]
        for item in items:
            x = lam * latent + math.sqrt(1.0 - lam**2) * rng.standard_normal(n)
            codes = _code(x, np.asarray(THRESHOLDS) + DIFFICULTY[item])
            frame[item] = _with_missing(codes, AGREEMENT, rng.random(n), P_DONT_KNOW)

    # benefit-realisation framework: more likely with stronger leadership, sector shares kept
    z_lead = lead - lead_mu
    calibrated = {
        s: _calibrated_intercept(FRAMEWORK_YES[s], FRAMEWORK_LEAD_LOGODDS) for s in SECTORS
    }
    intercept = np.array([calibrated[s] for s in sector])
    p_yes = 1.0 / (1.0 + np.exp(-(intercept + FRAMEWORK_LEAD_LOGODDS * z_lead)))
    u_yes, u_dk = rng.random(n), rng.random(n)
    frame["framework"] = np.where(
        u_yes < p_yes, YES, np.where(u_dk < FRAMEWORK_DONT_KNOW, DONT_KNOW, NO)
    ).astype(object)

    # obstacle (lack of digital competence): lower with leadership, higher in municipalities
    obstacle = -0.40 * (lead - shift) + 0.25 * (sector == "kommunal") + 0.9 * rng.standard_normal(n)
    frame["competence_obstacle"] = _with_missing(
        _code(obstacle, (-1.6, -0.7, 0.3, 1.2)), OBSTACLE, rng.random(n), 0.03
    )
    involvement = 0.35 * pace + 0.9 * rng.standard_normal(n)
    frame["user_involvement"] = _with_missing(
        _code(involvement, (-1.8, -0.8, 0.3, 1.3)), INVOLVEMENT, rng.random(n), 0.04
    )

    # IT cost (% of budget)
    it_med = np.array([IT_COST[s] for s in sector])
    it = np.round(np.exp(np.log(it_med) + 0.08 * pace + IT_COST_SDLOG * rng.standard_normal(n)), 1)
    u_blank, u_text = rng.random(n), rng.random(n)
    it_cost = np.where(u_blank < IT_COST_BLANK, np.nan, it)
    frame["it_cost"] = it_cost
    text_share = IT_COST_TEXT_2018 if wave == 2018 else 0.0
    frame["it_cost_as_text"] = (~np.isnan(it_cost)) & (u_text < text_share)

    # select-all: national digital infrastructure services
    ticked = {}
    for opt, base in INFRA_BASE.items():
        probs = INFRA_SDK_2021 if (opt == "infra_sdk" and wave == 2021) else base
        a = np.array([_logit(probs[s]) for s in sector])
        p = 1.0 / (1.0 + np.exp(-(a + INFRA_PACE_LOGODDS * (pace - pace_mu))))
        ticked[opt] = rng.random(n) < p
    skipped = rng.random(n) < INFRA_BLANK
    any_ticked = np.zeros(n, dtype=bool)
    for opt in INFRA_BASE:
        ticked[opt] &= ~skipped
        any_ticked |= ticked[opt]
    ticked["infra_none"] = ~any_ticked & ~skipped
    for opt in INFRA_OPTIONS:
        frame[opt] = ticked[opt]

    # free-text comment
    has_comment = rng.random(n) < P_COMMENT
    which = rng.integers(0, len(COMMENTS), n)
    frame["comment"] = [COMMENTS[w] if c else None for c, w in zip(has_comment, which, strict=True)]

    # organisation type label with spelling variants
    org = []
    u_org = rng.random(n)
    for s, u in zip(sector, u_org, strict=True):
        labels = ORG_LABELS[wave][s]
        cum = 0.0
        chosen = next(iter(labels))
        for label, share in labels.items():
            cum += share
            if u < cum:
                chosen = label
                break
        org.append(chosen)
    frame["org_type"] = org

    # personal data (obviously fake: exempel.se, documentation IP ranges)
    first = [FIRST_NAMES[i] for i in rng.integers(0, len(FIRST_NAMES), n)]
    last = [LAST_NAMES[i] for i in rng.integers(0, len(LAST_NAMES), n)]
    frame["first_name"] = first
    frame["last_name"] = last
    frame["email"] = [
        f"{_ascii(f)}.{_ascii(ln)}{i % 7 if i % 7 > 1 else ''}@exempel.se"
        for i, (f, ln) in enumerate(zip(first, last, strict=True))
    ]
    nets = ("192.0.2", "198.51.100", "203.0.113")
    frame["ip"] = [
        f"{nets[a]}.{b}"
        for a, b in zip(rng.integers(0, 3, n), rng.integers(1, 255, n), strict=True)
    ]

    # timing: submission spread over the field period, weekdays and office hours
    day = rng.integers(0, _FIELD_DAYS, n)
    seconds = rng.integers(8 * 3600, 17 * 3600, n)
    minutes = rng.integers(4, 41, n) * 60 + rng.integers(0, 60, n)
    base = _FIELD_START[wave].replace(hour=0)
    start = [
        base + dt.timedelta(days=int(d) + 2 * (int(d) // 5), seconds=int(s))
        for d, s in zip(day, seconds, strict=True)
    ]
    frame["start"] = start
    frame["end"] = [s + dt.timedelta(seconds=int(m)) for s, m in zip(start, minutes, strict=True)]
    frame["collector_id"] = np.array(_COLLECTORS)[(rng.random(n) < 0.3).astype(int)]

    df = pd.DataFrame(frame)
    df = df.sort_values(["end", "sector"], kind="stable").reset_index(drop=True)
    if wave == 2018:
        df.insert(0, "respondent_id", np.arange(1001, 1001 + n))
    else:
        steps = rng.integers(1_000, 90_000, n)
        df.insert(0, "respondent_id", 11_432_000_000 + np.cumsum(steps))
    dup = np.zeros(n, dtype=int)
    if DUPLICATES[wave]:
        dup[rng.choice(n, size=DUPLICATES[wave], replace=False)] = 1
    df["duplicates"] = dup
    columns = [
        "respondent_id", "wave", "org_id", "org_id_as_typed", "sector", "org_type",
        "lead_latent", "pace_latent", "employees",
        *LEADERSHIP_ITEMS, *PACE_ITEMS, "framework", "competence_obstacle", "user_involvement",
        "it_cost", "it_cost_as_text", *INFRA_OPTIONS, "comment", "first_name", "last_name",
        "email", "ip", "start", "end", "collector_id", "duplicates",
    ]  # fmt: skip
    return df[columns]


# ------------------------------------------------------------------ export
def _it_cell(value: float, as_text: bool) -> Any:
    if math.isnan(value):
        return None
    return f"{value:.1f}".replace(".", ",") if as_text else float(value)


def _employees_cell(value: float) -> Any:
    return None if math.isnan(value) else int(value)


def sheet_rows(wave: int, seed: int = SEED) -> tuple[list[list[Any]], list[tuple[int, int]]]:
    """The cell values of one wave's workbook: (rows incl. header rows, merged ranges in row 1).

    Merged ranges are (first column, last column), 1-based, of the question-text row of the
    2021 SurveyMonkey layout. Duplicate responses are appended at the end of the sheet.
    """
    df = generate(wave, seed)
    items = {**LEADERSHIP_ITEMS, **PACE_ITEMS}
    rows: list[list[Any]] = []
    merges: list[tuple[int, int]] = []
    if wave == 2018:
        header = [
            "Respondent-ID", "Inskickad", "E-postadress", "Respondentens namn", ID_HEADER,
            Q_ORGTYPE, Q_EMPLOYEES,
            *(f"{Q_LEADERSHIP}: {t}" for t in LEADERSHIP_ITEMS.values()),
            *(f"{Q_PACE}: {t}" for t in PACE_ITEMS.values()),
            Q_FRAMEWORK, Q_OBSTACLE, Q_INVOLVEMENT, Q_ITCOST,
            *(f"{Q_INFRA}: {t}" for t in INFRA_OPTIONS.values()),
            Q_COMMENT, "IP-adress",
        ]  # fmt: skip
        rows.append(header)
        for r in df.itertuples(index=False):
            infra = [text if getattr(r, opt) else None for opt, text in INFRA_OPTIONS.items()]
            rows.append(
                [
                    int(r.respondent_id), r.end, r.email, f"{r.first_name} {r.last_name}",
                    r.org_id_as_typed, r.org_type, _employees_cell(r.employees),
                    *(getattr(r, k) for k in items),
                    r.framework, r.competence_obstacle, r.user_involvement,
                    _it_cell(r.it_cost, bool(r.it_cost_as_text)), *infra, r.comment,
                    r.ip,
                ]
            )  # fmt: skip
    else:
        single = (Q_ORGTYPE, Q_FRAMEWORK, Q_OBSTACLE, Q_INVOLVEMENT)
        # SurveyMonkey's leading columns, then the custom-data column (no second header row)
        row1: list[Any] = [*SURVEYMONKEY_LEAD, ID_HEADER]
        row2: list[Any] = [None] * len(row1)
        for q in (Q_ORGTYPE, Q_EMPLOYEES):
            row1.append(q)
            row2.append("Response" if q in single else "Open-Ended Response")
        for q, block in ((Q_LEADERSHIP, LEADERSHIP_ITEMS), (Q_PACE, PACE_ITEMS)):
            merges.append((len(row1) + 1, len(row1) + len(block)))
            row1.extend([q] + [None] * (len(block) - 1))
            row2.extend(block.values())
        for q in (Q_FRAMEWORK, Q_OBSTACLE, Q_INVOLVEMENT, Q_ITCOST):
            row1.append(q)
            row2.append("Response" if q in single else "Open-Ended Response")
        merges.append((len(row1) + 1, len(row1) + len(INFRA_OPTIONS)))
        row1.extend([Q_INFRA] + [None] * (len(INFRA_OPTIONS) - 1))
        row2.extend(INFRA_OPTIONS.values())
        row1.append(Q_COMMENT)
        row2.append("Open-Ended Response")
        rows.extend([row1, row2])
        for r in df.itertuples(index=False):
            rows.append(
                [
                    int(r.respondent_id), int(r.collector_id), r.start, r.end, r.ip, r.email,
                    r.first_name, r.last_name, r.org_id_as_typed, r.org_type,
                    _employees_cell(r.employees),
                    *(getattr(r, k) for k in items),
                    r.framework, r.competence_obstacle, r.user_involvement,
                    _it_cell(r.it_cost, False),
                    *(text if getattr(r, opt) else None for opt, text in INFRA_OPTIONS.items()),
                    r.comment,
                ]
            )  # fmt: skip
    n_header = 1 if wave == 2018 else 2
    data = rows[n_header:]
    for i in df.index[df["duplicates"] > 0]:
        rows.extend([list(data[i])] * int(df.at[i, "duplicates"]))
    return rows, merges


def _deterministic_zip(raw: bytes) -> bytes:
    """Rewrite a zip (xlsx) with fixed entry timestamps and attributes, same order and content."""
    from ..output.zipfixed import deterministic_zip

    return deterministic_zip(raw, _ZIP_DATE, compresslevel=6)


def workbook_bytes(wave: int, seed: int = SEED) -> bytes:
    """The .xlsx file of one wave, byte-identical on every run (for a given openpyxl version)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    rows, merges = sheet_rows(wave, seed)
    wb = Workbook()
    ws = wb.active
    ws.title = "Svar" if wave == 2018 else "Sheet"
    for row in rows:
        ws.append(row)
    date_format = "yyyy-mm-dd hh:mm:ss" if wave == 2018 else "mm/dd/yyyy hh:mm:ss AM/PM"
    date_cols = (2,) if wave == 2018 else (3, 4)
    for col in date_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if isinstance(cell.value, dt.datetime):
                cell.number_format = date_format
    for first, last in merges:
        ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last)
    wb.properties.creator = "digianalys sample"
    wb.properties.lastModifiedBy = "digianalys sample"
    wb.properties.title = f"Digitalisering i offentlig sektor {wave} (påhittade data)"
    wb.properties.created = _PROPS_DATE[wave]
    wb.properties.modified = _PROPS_DATE[wave]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return _deterministic_zip(buf.getvalue())


# ------------------------------------------------------------------ the truth as realised
def scale_scores(
    df: pd.DataFrame, items: list[str] | tuple[str, ...], min_items: int = 3
) -> pd.Series:
    """Mean of item codes (1..5; "Vet ej"/blank missing) for rows with >= ``min_items`` answered."""
    codes = df[list(items)].apply(lambda c: c.map({lab: i + 1 for i, lab in enumerate(AGREEMENT)}))
    codes = codes.astype(float)
    mean = codes.mean(axis=1)
    return mean.where(codes.notna().sum(axis=1) >= min_items)


def _alpha(df: pd.DataFrame, items: list[str]) -> float:
    codes = df[items].apply(lambda c: c.map({lab: i + 1 for i, lab in enumerate(AGREEMENT)}))
    codes = codes.astype(float).dropna()
    k = len(items)
    return k / (k - 1) * (1 - codes.var(ddof=1).sum() / codes.sum(axis=1).var(ddof=1))


def realised_truth(seed: int = SEED) -> dict[str, Any]:
    """Summary of the generated raw frames (both waves): what an analysis should find.

    Scale means use the codes 1..5 with "Vet ej"/blank missing and at least 3 items answered;
    Spearman correlations use complete pairs of scale means; Cronbach's alpha uses complete rows.
    Returns lists of rows (dicts) under ``by_wave``, ``by_wave_sector``, ``tests``, ``infra``,
    ``counts`` (exact counts an ingest of the workbooks should report), ``response`` (frame,
    respondents and response rate per wave and sector), ``panel`` (organisations answering
    both waves or one) and ``panel_corr`` (scale scores of matched organisations).
    """
    import numpy as np
    import pandas as pd
    from scipy import stats

    frames = {w: generate(w, seed) for w in WAVES}
    both = pd.concat(frames.values(), ignore_index=True)
    out: dict[str, Any] = {
        "by_wave_sector": [],
        "by_wave": [],
        "tests": [],
        "infra": [],
        "counts": [],
        "panel_corr": [],
        "response": [],
        "panel": [],
    }
    scores = {
        w: (scale_scores(df, list(LEADERSHIP_ITEMS)), scale_scores(df, list(PACE_ITEMS)))
        for w, df in [*frames.items(), ("both", both)]
    }
    for w, df in [*frames.items(), ("both", both)]:
        lead, pace = scores[w]
        ok = lead.notna() & pace.notna()
        rho = stats.spearmanr(lead[ok], pace[ok]).statistic
        out["by_wave"].append(
            {
                "wave": w,
                "n": len(df),
                "rows_in_workbook": len(df) + int(df["duplicates"].sum()),
                "leadership_mean": lead.mean(),
                "pace_mean": pace.mean(),
                "spearman_leadership_pace": rho,
                "n_pairs": int(ok.sum()),
                "latent_corr": float(df["lead_latent"].corr(df["pace_latent"])),
                "alpha_leadership": _alpha(df, list(LEADERSHIP_ITEMS)),
                "alpha_pace": _alpha(df, list(PACE_ITEMS)),
            }
        )
        if w == "both":
            continue
        for s in SECTORS:
            m = df["sector"] == s
            fw = df.loc[m, "framework"]
            out["by_wave_sector"].append(
                {
                    "wave": w,
                    "sector": s,
                    "n": int(m.sum()),
                    "leadership_mean": lead[m].mean(),
                    "pace_mean": pace[m].mean(),
                    "framework_ja": int((fw == YES).sum()),
                    "framework_nej": int((fw == NO).sum()),
                    "framework_vet_ej": int((fw == DONT_KNOW).sum()),
                    "framework_yes_of_all": float((fw == YES).mean()),
                    "framework_yes_of_answered": float(
                        (fw == YES).sum() / fw.isin([YES, NO]).sum()
                    ),
                    "employees_median": float(df.loc[m, "employees"].median()),
                    "it_cost_mean": float(df.loc[m, "it_cost"].mean()),
                }
            )
        answered = df[list(INFRA_OPTIONS)].any(axis=1)
        for opt, text in INFRA_OPTIONS.items():
            out["infra"].append(
                {
                    "wave": w,
                    "option": text,
                    "ticked": int(df[opt].sum()),
                    "share_of_answered": float(df.loc[answered, opt].mean()),
                }
            )
        # tests an analysis should reproduce (on the deduplicated data)
        for name, score in (("leadership", lead), ("pace", pace)):
            groups = [score[(df["sector"] == s) & score.notna()] for s in SECTORS]
            kw = stats.kruskal(*groups)
            out["tests"].append(
                {
                    "wave": w,
                    "what": f"{name} scale by sector",
                    "test": "Kruskal–Wallis H",
                    "statistic": float(kw.statistic),
                    "p_value": float(kw.pvalue),
                }
            )
        fw = df.loc[df["framework"].isin([YES, NO]) & (df["sector"] != "regional")]
        table = pd.crosstab(fw["sector"], fw["framework"])
        chi = stats.chi2_contingency(table, correction=False)
        out["tests"].append(
            {
                "wave": w,
                "what": "framework (Ja/Nej) statlig vs kommunal",
                "test": "Pearson χ² (no continuity correction)",
                "statistic": float(chi.statistic),
                "p_value": float(chi.pvalue),
            }
        )
        # exact counts per column, as an ingest of the workbook should find them
        for item in {**LEADERSHIP_ITEMS, **PACE_ITEMS}:
            out["counts"].append(
                {
                    "wave": w,
                    "column": item,
                    "vet_ej": int((df[item] == DONT_KNOW).sum()),
                    "blank": int(df[item].isna().sum()),
                    "answered": int(df[item].isin(AGREEMENT).sum()),
                }
            )
        for col, labels in (
            ("framework", (YES, NO)),
            ("competence_obstacle", OBSTACLE),
            ("user_involvement", INVOLVEMENT),
        ):
            out["counts"].append(
                {
                    "wave": w,
                    "column": col,
                    "vet_ej": int((df[col] == DONT_KNOW).sum()),
                    "blank": int(df[col].isna().sum()),
                    "answered": int(df[col].isin(labels).sum()),
                }
            )
        for col in ("employees", "it_cost"):
            out["counts"].append(
                {
                    "wave": w,
                    "column": col,
                    "vet_ej": 0,
                    "blank": int(df[col].isna().sum()),
                    "answered": int(df[col].notna().sum()),
                }
            )
    lead18, pace18 = scores[2018]
    lead21, pace21 = scores[2021]
    for name, a, b in (("leadership", lead18, lead21), ("pace", pace18, pace21)):
        mw = stats.mannwhitneyu(b.dropna(), a.dropna(), alternative="two-sided")
        out["tests"].append(
            {
                "wave": "2018 vs 2021",
                "what": f"{name} scale, difference of means {b.mean() - a.mean():+.3f}",
                "test": "Mann–Whitney U",
                "statistic": float(mw.statistic),
                "p_value": float(mw.pvalue),
            }
        )
    # the panel: organisations that answered both waves, matched by organisation number
    idx = {w: pd.Index(frames[w]["org_id"]) for w in WAVES}
    for name, a, b in (("leadership", lead18, lead21), ("pace", pace18, pace21)):
        first = pd.Series(a.to_numpy(), index=idx[2018])
        last = pd.Series(b.to_numpy(), index=idx[2021])
        both_ids = first.index.intersection(last.index)
        pair = pd.DataFrame({"first": first[both_ids], "last": last[both_ids]}).dropna()
        diff = pair["last"] - pair["first"]
        wx = stats.wilcoxon(
            pair["last"], pair["first"], zero_method="wilcox", correction=False, method="auto"
        )
        tt = stats.ttest_rel(pair["last"], pair["first"])
        what = f"{name} scale, {len(pair)} matched organisations, mean change {diff.mean():+.3f}"
        out["tests"].append(
            {
                "wave": "2018 → 2021 (paired)",
                "what": what,
                "test": "Wilcoxon signed-rank (zero differences dropped)",
                "statistic": float(wx.statistic),
                "p_value": float(wx.pvalue),
            }
        )
        out["tests"].append(
            {
                "wave": "2018 → 2021 (paired)",
                "what": what,
                "test": "paired t",
                "statistic": float(tt.statistic),
                "p_value": float(tt.pvalue),
            }
        )
        out["panel_corr"].append(
            {
                "scale": name,
                "n_pairs": len(pair),
                "pearson_2018_2021": float(pair["first"].corr(pair["last"])),
                "mean_change": float(diff.mean()),
            }
        )
    # the frame, the response per sector and wave, and the panel overlap
    population = population_frame(seed)
    sector_of = dict(zip(population["org_id"], population["sector"].map(_SECTOR_KEY), strict=True))
    emp = dict(zip(population["org_id"], population["employees"], strict=True))
    answered = {w: set(frames[w]["org_id"]) for w in WAVES}
    for w in WAVES:
        for s in (*SECTORS, "all"):
            ids = [i for i in population["org_id"] if s == "all" or sector_of[i] == s]
            yes = [i for i in ids if i in answered[w]]
            no = [i for i in ids if i not in answered[w]]
            out["response"].append(
                {
                    "wave": w,
                    "sector": s,
                    "population": len(ids),
                    "respondents": len(yes),
                    "response_rate": len(yes) / len(ids),
                    "employees_median_respondents": float(np.median([emp[i] for i in yes])),
                    "employees_median_nonrespondents": float(np.median([emp[i] for i in no])),
                }
            )
    for s in (*SECTORS, "all"):
        ids = [i for i in population["org_id"] if s == "all" or sector_of[i] == s]
        a18, a21 = answered[2018], answered[2021]
        out["panel"].append(
            {
                "sector": s,
                "population": len(ids),
                "both_waves": sum(i in a18 and i in a21 for i in ids),
                "only_2018": sum(i in a18 and i not in a21 for i in ids),
                "only_2021": sum(i in a21 and i not in a18 for i in ids),
                "neither": sum(i not in a18 and i not in a21 for i in ids),
            }
        )
    return out


def _fmt(x: Any, digits: int = 3) -> str:
    if isinstance(x, float):
        if x.is_integer() and abs(x) >= 1:
            return str(int(x))
        if 0 < abs(x) < 10 ** (-digits):
            return f"{x:.2e}"
        return f"{x:.{digits}f}"
    return str(x)


def _table(rows: list[dict[str, Any]], columns: list[str], digits: int = 3) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        lines.append("| " + " | ".join(_fmt(r[c], digits) for c in columns) + " |")
    return "\n".join(lines)


def readme_text(seed: int = SEED) -> str:
    """The text of ``data/sample/README.md``: layout, items, planted and realised truth."""
    truth = realised_truth(seed)
    frames = {w: generate(w, seed) for w in WAVES}
    org_counts = "; ".join(
        f"{w}: " + ", ".join(f'"{k}" {v}' for k, v in sorted(df["org_type"].value_counts().items()))
        for w, df in frames.items()
    )
    text_cells = int(frames[2018]["it_cost_as_text"].sum())
    comments = ", ".join(f"{w}: {int(df['comment'].notna().sum())}" for w, df in frames.items())
    lead_items = "\n".join(f"| `{k}` | {v} |" for k, v in LEADERSHIP_ITEMS.items())
    pace_items = "\n".join(f"| `{k}` | {v} |" for k, v in PACE_ITEMS.items())
    infra_items = "\n".join(f"| `{k}` | {v} |" for k, v in INFRA_OPTIONS.items())
    sector_means = "\n".join(
        f"| {s} | {LEAD_MEAN[s]:+.2f} | {PACE_MEAN[s]:+.2f} | {FRAMEWORK_YES[s]:.2f} | "
        f"{EMPLOYEES[s][0]:.0f} ({EMPLOYEES[s][1]:.1f}) | {IT_COST[s]:.1f} | "
        f"{N_RESPONDENTS[2018][s]} / {N_RESPONDENTS[2021][s]} of {POPULATION[s]} |"
        for s in SECTORS
    )
    return f"""# Sample data: digitalisation in Swedish public-sector organisations (made up)

**All data here is invented** by `digianalys sample` (`digianalys/sample.py`, seed {seed}; that
seed was picked among 1–40 as the draw whose realised values lie closest to the design targets:
Spearman 0.4 and α 0.8 in each wave, the framework shares of state agencies and kommuner, a rise
of 0.2 / 0.15 in the leadership / pace means, the state-agency − kommun differences of both
scale means near their average over the 40 seeds, and a 2018–2021 correlation ≈ 0.5 of the
matched organisations' scale scores);
organisations, organisation numbers, names of people, e-mail addresses (`@exempel.se`) and IP
addresses (documentation ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) are fake; only the
21 county (län) names are real. Regenerate with

    digianalys sample -o data/sample

The output is deterministic (byte-identical workbooks for a given openpyxl version); a test checks
that the committed files equal a fresh generation.

## The population and the panel

`{FRAME_FILENAME}` is a fictional population frame (sheet "Organisationer", one row per
organisation, sorted by organisation number): {POPULATION["statlig"]} state agencies,
{POPULATION["kommunal"]} kommuner and {POPULATION["regional"]} regions, {sum(POPULATION.values())} in all.

| column | content |
|---|---|
| `org_id` | organisation number NNNNNN-NNNN, made up: first digit 2, third digit ≥ 2 (as real organisation numbers: never a valid month, so never a personnummer), Luhn check digit last; unique |
| `name` | made up: "Myndigheten för …", "Nämnden för …" …, "<place> kommun", "Region <name>" (no real organisation's name) |
| `sector` | as a register writes it: "{REGISTER_SECTOR["statlig"]}", "{REGISTER_SECTOR["kommunal"]}", "{REGISTER_SECTOR["regional"]}" |
| `employees` | number of employees, lognormal by sector (table below); the organisation reports the same number in both waves |
| `county` | län: kommuner spread as the real 290 are, state agencies {AGENCIES_STOCKHOLM:.0%} in Stockholms län, one region per län |

Each wave's respondents are drawn from the frame: within each sector exactly the numbers below
answer, drawn by weighted sampling without replacement with weight exp({RESPONSE_SIZE}·z), z the
within-sector standardised log(employees) (bigger organisations answer more often); in 2021 an
organisation that answered in 2018 has {RESPONSE_AGAIN:g} times the weight (most answer again,
some answer only one wave). Non-response depends on size and sector only, not on the answers.

Both exports have a column "{ID_HEADER}" (2018: after the personal-data columns; 2021: a
SurveyMonkey custom-data column after the leading metadata columns, blank in the second header
row) holding the organisation number as the respondent typed it: mostly as registered, ≈
{ID_NO_DASH:.0%} without the dash ("NNNNNNNNNN"), ≈ {ID_SPACES:.0%} with spaces around it, so
matching must normalise (trim; with or without the dash). Organisation numbers are not personal
data; the example codebook names the column `org_id` (type `id`).

Response per wave and sector (median employees of respondents and of non-respondents show the
size-dependent non-response):

{_table(truth["response"], ["wave", "sector", "population", "respondents", "response_rate", "employees_median_respondents", "employees_median_nonrespondents"])}

Panel overlap (organisations of the frame by the waves they answered):

{_table(truth["panel"], ["sector", "population", "both_waves", "only_2018", "only_2021", "neither"])}

## Files

| file | layout |
|---|---|
| `{FILENAMES[2018]}` | one header row (plain), sheet "Svar"; {truth["by_wave"][0]["rows_in_workbook"]} data rows = {truth["by_wave"][0]["n"]} responses + {DUPLICATES[2018]} exact duplicate rows (appended at the end); select-all question as one column per option ("question: option", option text in ticked cells); some IT-cost cells are text with a decimal comma ("3,5"); personal data: `E-postadress`, `Respondentens namn`, `IP-adress`; `{ID_HEADER}` after them; `Inskickad` is a date-time |
| `{FILENAMES[2021]}` | SurveyMonkey, two header rows, sheet "Sheet": row 1 question text (merged across the columns of the matrix questions "{Q_LEADERSHIP}" and "{Q_PACE}" and of the select-all question), row 2 the statement, "Response" (single choice), "Open-Ended Response" (text box) or the option text (select-all: the option text in ticked cells, blank otherwise); leading columns {", ".join(SURVEYMONKEY_LEAD)} (personal data: IP Address, Email Address, First Name, Last Name), then the custom-data column `{ID_HEADER}`; {truth["by_wave"][1]["n"]} responses, no duplicates |
| `{FRAME_FILENAME}` | the population frame the waves are drawn from (see above), one header row, sheet "Organisationer" |

## Questions (same wording in both waves)

| question | answers |
|---|---|
| {Q_ORGTYPE} | Statlig myndighet / Kommun / Region (2018 mostly "Landsting"), with spelling variants ("statlig myndighet ", "Statlig Myndighet", "kommun", " Kommun") |
| {Q_EMPLOYEES} | number (lognormal; regions largest) |
| {Q_LEADERSHIP}: five statements (matrix) | {" / ".join(AGREEMENT)}, plus "{DONT_KNOW}" (≈ {P_DONT_KNOW:.0%}) and blank (≈ {P_BLANK:.0%}) |
| {Q_PACE}: four statements (matrix) | same scale |
| {Q_FRAMEWORK} | Ja / Nej / Vet ej |
| {Q_OBSTACLE} | {" / ".join(reversed(OBSTACLE))}, plus "Vet ej" (≈ 3 %) |
| {Q_INVOLVEMENT} | {" / ".join(reversed(INVOLVEMENT))}, plus "Vet ej" (≈ 4 %) |
| {Q_ITCOST} | number, ≈ {IT_COST_BLANK:.0%} blank |
| {Q_INFRA} | select all: {"; ".join(INFRA_OPTIONS.values())} |
| {Q_COMMENT} | free text (≈ {P_COMMENT:.0%} answer; one comment has a line break) |

Suggested codebook names (used in the tests and docs):

| name | leadership statement (scale `leadership`) |
|---|---|
{lead_items}

| name | pace statement (scale `pace`) |
|---|---|
{pace_items}

| name | select-all option |
|---|---|
{infra_items}

Other suggested names: `org_id` ({ID_HEADER}, type `id`), `sector` (organisation type: statlig / kommunal / regional), `employees`,
`framework`, `competence_obstacle`, `user_involvement`, `it_cost`, `comment`.

## Planted truth (the generating model)

Per organisation and wave, latent leadership L = μ_L(sector) + shift(wave) + e₁ and latent pace
P = μ_P(sector) + shift(wave) + {LATENT_RHO}·e₁ + {PACE_EMPLOYEES}·z_emp + √(1 − {LATENT_RHO}² − {PACE_EMPLOYEES}²)·e₂,
with e₁, e₂, z_emp independent standard normal; z_emp is the organisation's standardised
log(employees) in the frame (so pace rises a little with size, independently of leadership).
Within a sector, corr(L, P) = {LATENT_RHO}. The panel: e₁ = √ρ·u₁ + √(1 − ρ)·ε₁ and
e₂ = √ρ·u₂ + √(1 − ρ)·ε₂ with ρ = {PANEL_RHO}, u₁, u₂ the organisation's persistent traits and
ε₁, ε₂ new in each wave, so an organisation's latent values correlate {PANEL_RHO} between the
waves while their distribution within each wave stays as before.
The 2021 shift is {WAVE_SHIFT["leadership"][2021]:+.2f} latent units for leadership and
{WAVE_SHIFT["pace"][2021]:+.2f} for pace (≈ +0.2 on both 1–5 scale means).

Each agreement item = λ·latent + √(1 − λ²)·noise (λ = {LOADING["leadership"]} leadership,
{LOADING["pace"]} pace), cut at thresholds {", ".join(f"{t:+.2f}" for t in THRESHOLDS)} (shifted
per item by a difficulty of −0.20 … +0.35) into codes 1–5 (1 = {AGREEMENT[0]}, 5 = {AGREEMENT[-1]});
then "Vet ej" with probability {P_DONT_KNOW} and blank with probability {P_BLANK}, independently of
everything (MCAR). Designed so that Cronbach's α ≈ 0.8 for both scales and the Spearman correlation
of the two scale means ≈ 0.4 (attenuated from the latent correlation by measurement error).

| sector | μ_L | μ_P | P(framework = Ja) | employees median (SD log) in the frame | IT cost median % | responding 2018 / 2021 of population |
|---|---|---|---|---|---|---|
{sector_means}

- Benefit-realisation framework: P(Ja) per sector as above in both waves (log-odds rise
  {FRAMEWORK_LEAD_LOGODDS} per within-sector SD of leadership, intercept calibrated to keep the
  sector share); of the rest, {FRAMEWORK_DONT_KNOW:.0%} answer "Vet ej", the others "Nej".
- Lack of digital competence as an obstacle: lower with stronger leadership, higher in
  municipalities. User involvement: higher with faster pace.
- IT cost: lognormal (SD of log {IT_COST_SDLOG}) around the sector median, slightly higher with
  pace. Select-all: sector-specific use (Ineras tjänster mostly municipalities and regions; SDK
  rare in 2018, common in 2021), higher with pace; "Ingen av dessa" ticked when nothing else is.

## Realised truth (computed by the generator from its raw frame, before duplicates)

Scale means: mean of item codes 1–5 with "Vet ej"/blank missing, at least 3 items answered (as
`min_items: 3` in a codebook). Framework share "of answered" excludes "Vet ej" (as an analysis
after ingest sees it).

{_table(truth["by_wave"], ["wave", "n", "rows_in_workbook", "leadership_mean", "pace_mean", "spearman_leadership_pace", "n_pairs", "latent_corr", "alpha_leadership", "alpha_pace"])}

{_table(truth["by_wave_sector"], ["wave", "sector", "n", "leadership_mean", "pace_mean", "framework_yes_of_all", "framework_yes_of_answered", "employees_median", "it_cost_mean"])}

Select-all: organisations ticking each option, and the share among those that answered the question:

{_table(truth["infra"], ["wave", "option", "ticked", "share_of_answered"])}

Tests on the realised data (same rows as after ingest drops the duplicates; the paired tests
on the organisations that answered both waves, matched by organisation number, with the scale
score present in both; Wilcoxon with zero differences dropped, as R's `wilcox.test`):

{_table(truth["tests"], ["wave", "what", "test", "statistic", "p_value"], 4)}

Scale scores of the matched organisations, 2018 against 2021:

{_table(truth["panel_corr"], ["scale", "n_pairs", "pearson_2018_2021", "mean_change"])}

Exact counts per column (codebook names as suggested above; `vet_ej` = answers "Vet ej",
`blank` = empty cells, `answered` = a valid answer), before the 2018 duplicates are added:

{_table(truth["counts"], ["wave", "column", "vet_ej", "blank", "answered"])}

Organisation-type labels as written: {org_counts}. IT cost written as text with a decimal comma
(2018): {text_cells} cells. Comments: {comments}.

What an analysis should find: leadership and pace correlate positively (Spearman ≈ 0.4);
regions and state agencies score higher on leadership than municipalities; the framework share
is clearly higher among state agencies than municipalities (χ² significant); both scale means
rise modestly from 2018 to 2021 (more clearly in the paired comparison of the organisations
that answered both waves, whose scores correlate across the waves); both scales have α ≈ 0.8;
against the frame, respondents are bigger than non-respondents in every sector.
"""


def write_sample(out_dir: Path) -> list[Path]:
    """Write both sample workbooks, the population frame and ``README.md`` into ``out_dir``;
    return the paths written.

    Files are written atomically; existing files of the same names are replaced.
    """
    out_dir = Path(out_dir)
    written = []
    for wave in WAVES:
        path = out_dir / FILENAMES[wave]
        write_bytes(path, workbook_bytes(wave))
        written.append(path)
    frame = out_dir / FRAME_FILENAME
    write_bytes(frame, frame_bytes())
    written.append(frame)
    readme = out_dir / "README.md"
    write_text(readme, readme_text())
    written.append(readme)
    return written
