"""The bundled sample's fixed design: waves, sectors, questions, answer scales and the planted
truth (the effects an analysis should find), all as constants."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    pass

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
SECTOR_KEY = {v: k for k, v in REGISTER_SECTOR.items()}
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
FIELD_START = {2018: dt.datetime(2018, 3, 5, 8, 0, 0), 2021: dt.datetime(2021, 3, 1, 8, 0, 0)}
FIELD_DAYS = 40
PROPS_DATE = {2018: dt.datetime(2018, 4, 20, 9, 0, 0), 2021: dt.datetime(2021, 4, 16, 9, 0, 0)}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
COLLECTORS = (402518239, 402518240)


def deterministic_zip(raw: bytes) -> bytes:
    """Rewrite a zip (xlsx) with fixed entry timestamps and attributes, same order and content."""
    from ..output.zipfixed import deterministic_zip

    return deterministic_zip(raw, ZIP_DATE, compresslevel=6)
