"""Survey weights from a population frame: post-stratification, raking, linear calibration, trimming.

The respondents of an organisation survey are most of a known, finite population (290 kommuner,
21 regioner, 200+ myndigheter), so their weights are built from the frame's counts and totals:

- :func:`poststratify` — wᵢ = dᵢ · N_h / Σ_{j∈h} dⱼ: the weights of each stratum sum to its
  population count (R survey's ``postStratify``).
- :func:`rake` — iterative proportional fitting over several margins (each margin's weights sum to
  its population counts), run to convergence (R survey's ``rake`` with a tight ``epsilon``).
- :func:`calibrate_linear` — the GREG / linear-distance calibration wᵢ = dᵢ(1 + xᵢ'λ) that hits
  the population totals of the columns of X exactly (R survey's ``calibrate(calfun = "linear")``).
- :func:`trim` — weights outside [lower, upper] set to the bound and the difference shared equally
  by the other weights, repeated until every weight is inside (R survey's
  ``trimWeights(strict = TRUE)``); the total is kept.
- :func:`summary` — range, mean, Kish's design effect due to weighting n·Σw²/(Σw)² and the
  effective n (Σw)²/Σw².

None of these is in scipy or statsmodels. The PyPI packages that have them were checked
(December 2026): samplics is archived ("Inactive") in favour of svy; svy (beta, 0.x) needs
polars ≥ 2 and a Rust extension; balance pins numpy < 2 and scipy < 1.14 on Python 3.11 and pulls
in scikit-learn, plotly and IPython. The algorithms are a few lines each, so they are implemented
here on numpy and checked against R survey (tests/test_calibration.py, with the R script beside
it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import AnalysisError

#: Raking stops when no weight changes by more than this (relative to the mean weight) …
RAKE_TOLERANCE = 1e-10
#: … or after this many sweeps over the margins (then it is an error: the margins conflict).
RAKE_MAX_ITERATIONS = 1000


def poststratify(
    strata: Sequence[object], population: Mapping[object, float], base: np.ndarray | None = None
) -> np.ndarray:
    """Post-stratified weights: each stratum's weights scaled to its population count.

    ``strata`` gives each respondent's stratum, ``population`` the count of every stratum,
    ``base`` the weights before (default 1). A respondent's stratum missing from ``population``,
    or a stratum of the population without respondents, is an AnalysisError.
    """
    labels = np.asarray(strata, dtype=object)
    d = np.ones(len(labels)) if base is None else np.asarray(base, dtype="float64")
    w = np.empty(len(labels), dtype="float64")
    unknown = sorted({str(s) for s in labels} - {str(k) for k in population})
    if unknown:
        raise AnalysisError(
            f"respondents in {', '.join(unknown[:5])} have no population count; "
            "check the frame's strata"
        )
    for level, count in population.items():
        mask = labels == level
        total = d[mask].sum()
        if not mask.any() or total <= 0:
            raise AnalysisError(
                f"stratum '{level}' of the population has no respondents, so its weights cannot "
                "be built; merge it with another stratum or leave it out"
            )
        w[mask] = d[mask] * float(count) / total
    return w


def rake(
    margins: Mapping[str, Sequence[object]],
    population: Mapping[str, Mapping[object, float]],
    base: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """Raked weights: post-stratify on each margin in turn until the weights settle.

    ``margins`` maps a variable name to each respondent's level; ``population`` maps the same
    names to the population count of each level. Returns (weights, iterations used). Margins
    whose totals differ (e.g. 511 organisations by sector but 510 by county) cannot all be met:
    that is an AnalysisError naming them.
    """
    names = list(margins)
    if not names:
        raise AnalysisError("raking needs at least one margin")
    totals = {name: float(sum(population[name].values())) for name in names}
    if max(totals.values()) - min(totals.values()) > 1e-9 * max(totals.values()):
        shown = ", ".join(f"{n} {totals[n]:g}" for n in names)
        raise AnalysisError(f"the margins' population totals differ ({shown}); they must agree")
    n = len(next(iter(margins.values())))
    w = np.ones(n) if base is None else np.asarray(base, dtype="float64").copy()
    for iteration in range(1, RAKE_MAX_ITERATIONS + 1):
        before = w.copy()
        for name in names:
            w = poststratify(margins[name], population[name], w)
        if np.max(np.abs(w - before)) <= RAKE_TOLERANCE * np.mean(w):
            return w, iteration
    raise AnalysisError(
        f"raking over {', '.join(names)} did not converge in {RAKE_MAX_ITERATIONS} iterations; "
        "some combination of levels has no respondents — use fewer margins or merge levels"
    )


def calibrate_linear(
    x: np.ndarray, totals: np.ndarray, base: np.ndarray | None = None
) -> np.ndarray:
    """Linear (GREG) calibration: wᵢ = dᵢ(1 + xᵢ'λ) with Σ wᵢxᵢ = ``totals`` exactly.

    ``x`` is the n × p matrix of calibration variables (an intercept column for the population
    size, dummies of strata, numeric totals such as employees). Weights may become negative for
    extreme respondents (as in R); :func:`trim` bounds them.
    """
    x = np.asarray(x, dtype="float64")
    t = np.asarray(totals, dtype="float64")
    d = np.ones(len(x)) if base is None else np.asarray(base, dtype="float64")
    tmat = (x * d[:, None]).T @ x
    gap = t - d @ x
    try:
        lam = np.linalg.solve(tmat, gap)
    except np.linalg.LinAlgError:
        raise AnalysisError(
            "the calibration variables are collinear (or a level has no respondents); "
            "drop or merge margins"
        ) from None
    return d * (1.0 + x @ lam)


def trim(w: np.ndarray, lower: float, upper: float, max_iterations: int = 10_000) -> np.ndarray:
    """Weights bounded to [lower, upper] with their total kept, as R survey's
    ``trimWeights(strict = TRUE)``: weights outside the bounds are set to them and what was cut
    off (less what was added) is shared equally by the weights that were inside; repeated until
    no weight is outside."""
    w = np.asarray(w, dtype="float64").copy()
    if not lower < upper:
        raise AnalysisError(f"--trim {lower:g}:{upper:g}: the lower bound must be below the upper")
    total = w.sum()
    if not lower * len(w) <= total <= upper * len(w):
        raise AnalysisError(
            f"--trim {lower:g}:{upper:g} cannot keep the weights' total {total:g} over {len(w)} "
            "respondents; widen the bounds"
        )
    for _ in range(max_iterations):
        outside = (w < lower) | (w > upper)
        if not outside.any():
            return w
        new = np.clip(w, lower, upper)
        inside = ~outside
        if not inside.any():
            break
        new[inside] += np.sum(w - new) / inside.sum()
        w = new
    raise AnalysisError(f"--trim {lower:g}:{upper:g} cannot be met; widen the bounds")


@dataclass(frozen=True)
class WeightSummary:
    """What a reader needs to judge a set of weights."""

    n: int
    total: float
    minimum: float
    maximum: float
    mean: float
    deff: float
    effective_n: float


def summary(w: np.ndarray) -> WeightSummary:
    """Range, mean, Kish's design effect due to weighting and the effective n."""
    w = np.asarray(w, dtype="float64")
    n = len(w)
    s1, s2 = float(w.sum()), float(np.sum(w**2))
    return WeightSummary(
        n=n,
        total=s1,
        minimum=float(w.min()),
        maximum=float(w.max()),
        mean=s1 / n,
        deff=n * s2 / s1**2,
        effective_n=s1**2 / s2,
    )
