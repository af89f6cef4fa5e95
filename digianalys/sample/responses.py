"""The sample's answers, generated from latent variables through fixed thresholds
(:func:`generate`)."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from .frame import as_typed, panel
from .parameters import (
    AGREEMENT,
    COLLECTORS,
    COMMENTS,
    DIFFICULTY,
    DONT_KNOW,
    DUPLICATES,
    FIELD_DAYS,
    FIELD_START,
    FIRST_NAMES,
    FRAMEWORK_DONT_KNOW,
    FRAMEWORK_LEAD_LOGODDS,
    FRAMEWORK_YES,
    INFRA_BASE,
    INFRA_BLANK,
    INFRA_OPTIONS,
    INFRA_PACE_LOGODDS,
    INFRA_SDK_2021,
    INVOLVEMENT,
    IT_COST,
    IT_COST_BLANK,
    IT_COST_SDLOG,
    IT_COST_TEXT_2018,
    LAST_NAMES,
    LATENT_RHO,
    LEAD_MEAN,
    LEADERSHIP_ITEMS,
    LOADING,
    N_RESPONDENTS,
    NO,
    OBSTACLE,
    ORG_LABELS,
    P_BLANK,
    P_COMMENT,
    P_DONT_KNOW,
    PACE_EMPLOYEES,
    PACE_ITEMS,
    PACE_MEAN,
    PANEL_RHO,
    SECTORS,
    SEED,
    THRESHOLDS,
    WAVE_SHIFT,
    WAVES,
    YES,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd


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
    population, chosen = panel(int(seed))
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
        as_typed(i, u) for i, u in zip(frame["org_id"], rng.random(n), strict=True)
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
        org_labels = ORG_LABELS[wave][s]
        cum = 0.0
        label_chosen = next(iter(org_labels))
        for label, share in org_labels.items():
            cum += share
            if u < cum:
                label_chosen = label
                break
        org.append(label_chosen)
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
    day = rng.integers(0, FIELD_DAYS, n)
    seconds = rng.integers(8 * 3600, 17 * 3600, n)
    minutes = rng.integers(4, 41, n) * 60 + rng.integers(0, 60, n)
    day0 = FIELD_START[wave].replace(hour=0)
    start = [
        day0 + dt.timedelta(days=int(d) + 2 * (int(d) // 5), seconds=int(s))
        for d, s in zip(day, seconds, strict=True)
    ]
    frame["start"] = start
    frame["end"] = [s + dt.timedelta(seconds=int(m)) for s, m in zip(start, minutes, strict=True)]
    frame["collector_id"] = np.array(COLLECTORS)[(rng.random(n) < 0.3).astype(int)]

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
