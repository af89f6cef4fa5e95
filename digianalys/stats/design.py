"""Design-based estimates for a stratified survey of a finite population of organisations.

The design is R survey's ``svydesign(ids = ~1, strata = ~stratum, fpc = ~N, weights = ~w)``,
optionally followed by post-stratification, raking or linear calibration of the weights
(:mod:`.calibration`). Every estimate is a smooth function of totals and its variance is the
Taylor linearisation over the strata with the finite-population correction, as survey's
``svyrecvar``:

    v = Σ_h (1 − n_h/N_h) · n_h/(n_h − 1) · Σ_{i∈h} (zᵢ − z̄_h)²

where zᵢ is respondent i's weighted influence value, first *adjusted for the calibration* the way
survey does it: post-stratification subtracts each post-stratum's weighted mean of z/w (times w),
raking does so over each margin in turn (10 sweeps, as survey), and linear calibration takes the
residuals of z/(g√d) on X√d (d the weights before calibration, g = w/d). A stratum answered in
full (n_h = N_h) contributes nothing: its organisations are all known. Design degrees of freedom
are n − H.

- :meth:`SurveyDesign.mean` — ratio mean Σwy/Σw with SE and t-interval (``svymean``);
- :meth:`SurveyDesign.total` — Σwy with SE (``svytotal``);
- :meth:`SurveyDesign.share` — a 0/1 share with the logit interval of ``svyciprop(method =
  "logit")`` and the estimated count in the population (N̂·p with the same interval);
- ``domain=`` on each: the estimate in a subpopulation (``svyby``/``subset``) with the whole
  design's strata; its interval uses the domain's degrees of freedom (respondents in the domain
  minus their strata), as ``svyciprop`` on a subset does.

Checked against R survey 4.1 (tests/test_design.py, R script beside it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from ..errors import AnalysisError


@dataclass(frozen=True)
class Estimate:
    """One design-based estimate: value, standard error, 95 % interval, design effect, df."""

    estimate: float
    se: float
    low: float
    high: float
    deff: float
    df: int


@dataclass(frozen=True)
class ShareEstimate(Estimate):
    """A share with the estimated number of organisations it stands for in the population."""

    count: float = float("nan")
    count_low: float = float("nan")
    count_high: float = float("nan")


@dataclass
class SurveyDesign:
    """A one-stage stratified design of n respondents.

    ``weights``: final weights (after any calibration); ``strata``: each respondent's stratum
    (None: one stratum); ``population``: N_h for each stratum (None: no finite-population
    correction, i.e. sampling with replacement); ``poststrata``: each respondent's post-stratum
    with the weights before post-stratification (``base``), or ``margins`` for raking, or ``x``
    (calibration matrix) with ``base`` for linear calibration.
    """

    weights: np.ndarray
    strata: np.ndarray | None = None
    population: dict[object, float] | None = None
    poststrata: np.ndarray | None = None
    margins: list[np.ndarray] = field(default_factory=list)
    x: np.ndarray | None = None
    base: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.weights = np.asarray(self.weights, dtype="float64")
        n = len(self.weights)
        self.strata = (
            np.zeros(n, dtype=object)
            if self.strata is None
            else np.asarray(self.strata, dtype=object)
        )
        self._levels = list(dict.fromkeys(self.strata.tolist()))
        if self.population is not None:
            missing = [h for h in self._levels if h not in self.population]
            if missing:
                raise AnalysisError(
                    f"strata {', '.join(map(str, missing[:5]))} have no population size"
                )

    @property
    def n(self) -> int:
        return len(self.weights)

    @property
    def df(self) -> int:
        """Design degrees of freedom: respondents minus strata."""
        return self.n - len(self._levels)

    # ------------------------------------------------------------------ variance
    def _adjust(self, z: np.ndarray) -> np.ndarray:
        w = self.weights
        if self.poststrata is not None:
            old = np.ones(len(w)) if self.base is None else np.asarray(self.base, float)
            labels = np.asarray(self.poststrata, dtype=object)
            out = z.copy()
            for level in dict.fromkeys(labels.tolist()):
                m = labels == level
                out[m] = z[m] - np.sum(z[m] * old[m] / w[m]) / np.sum(old[m]) * w[m]
            z = out
        for _ in range(10 if self.margins else 0):
            for margin in self.margins:
                labels = np.asarray(margin, dtype=object)
                out = z.copy()
                for level in dict.fromkeys(labels.tolist()):
                    m = labels == level
                    out[m] = z[m] - w[m] * np.mean(z[m] / w[m])
                z = out
        if self.x is not None:
            d = np.ones(len(w)) if self.base is None else np.asarray(self.base, float)
            whalf = np.sqrt(d)
            scale = (w / d) * whalf
            a = np.asarray(self.x, float) * whalf[:, None]
            q, _ = np.linalg.qr(a)
            y = z / scale
            z = (y - q @ (q.T @ y)) * scale
        return z

    def variance(self, z: np.ndarray) -> float:
        """Linearisation variance of the total of the influence values ``z``."""
        z = self._adjust(np.asarray(z, dtype="float64"))
        v = 0.0
        for h in self._levels:
            m = self.strata == h
            nh = int(m.sum())
            if self.population is not None:
                big = float(self.population[h])
                if nh > big:
                    raise AnalysisError(
                        f"stratum '{h}' has {nh} respondents but a population of {big:g}"
                    )
                f = nh / big
            else:
                f = 0.0
            if nh < 2 or f >= 1.0:
                continue  # a census stratum (or one respondent: no within-stratum variance)
            dev = z[m] - z[m].mean()
            v += (1.0 - f) * nh / (nh - 1) * float(np.sum(dev**2))
        return v

    def _srs_variance(self, y: np.ndarray, in_domain: np.ndarray) -> float:
        """The variance of a mean under simple random sampling without replacement of as many
        respondents from a population of Σw, for the design effect (survey's ``deff = TRUE``)."""
        w = self.weights * in_domain
        nd = float(np.sum(w > 0))
        npop = float(np.sum(w))
        if nd < 2:
            return float("nan")
        mu = np.sum(w * y) / npop
        var_y = np.sum(w * (y - mu) ** 2) / npop * nd / (nd - 1)
        return float(var_y / nd * (npop - nd) / npop)

    # ------------------------------------------------------------------ estimates
    def _domain(self, y: ArrayLike, domain: ArrayLike | None) -> tuple[np.ndarray, np.ndarray]:
        yy = np.asarray(y, dtype="float64")
        d = np.ones(self.n, dtype=bool) if domain is None else np.asarray(domain, dtype=bool)
        if np.isnan(yy[d]).any():
            raise AnalysisError("design-based estimates need the missing values left out first")
        return np.where(d, yy, 0.0), d.astype("float64")

    def domain_df(self, in_domain: np.ndarray) -> int:
        """Degrees of freedom of a domain estimate, as survey's ``degf`` of the subset:
        respondents in the domain minus the strata they are in."""
        inside = np.asarray(in_domain, dtype=bool) & (self.weights != 0)
        strata = np.asarray(self.strata, dtype=object)
        return int(inside.sum()) - len(set(strata[inside].tolist()))

    @staticmethod
    def _interval(est: float, se: float, df: int) -> tuple[float, float]:
        from scipy import stats

        q = stats.t.ppf(0.975, df) if df > 0 else float("nan")
        return est - q * se, est + q * se

    def mean(self, y: ArrayLike, domain: ArrayLike | None = None) -> Estimate:
        yy, d = self._domain(y, domain)
        w = self.weights * d
        sw = w.sum()
        if sw <= 0:
            raise AnalysisError("no respondent in the domain")
        mu = float(np.sum(w * yy) / sw)
        z = w * (yy - mu) / sw
        se = float(np.sqrt(self.variance(z)))
        df = self.domain_df(d)
        low, high = self._interval(mu, se, df)
        srs = self._srs_variance(yy, d)
        deff = se**2 / srs if srs > 0 else float("nan")
        return Estimate(mu, se, low, high, deff, df)

    def total(self, y: ArrayLike, domain: ArrayLike | None = None) -> Estimate:
        yy, d = self._domain(y, domain)
        z = self.weights * d * yy
        t = float(z.sum())
        se = float(np.sqrt(self.variance(z)))
        df = self.domain_df(d)
        low, high = self._interval(t, se, df)
        return Estimate(t, se, low, high, float("nan"), df)

    def share(self, y01: ArrayLike, domain: ArrayLike | None = None) -> ShareEstimate:
        """A share with survey's ``svyciprop(method = "logit")`` interval and the estimated
        count N̂_d·p (N̂_d the domain's estimated population size) with the same interval."""
        from scipy import stats

        m = self.mean(y01, domain)
        p, se = m.estimate, m.se
        if 0.0 < p < 1.0 and se > 0 and m.df > 0:
            q = stats.t.ppf(0.975, m.df)
            logit = np.log(p / (1 - p))
            half = q * se / (p * (1 - p))
            low = float(1 / (1 + np.exp(-(logit - half))))
            high = float(1 / (1 + np.exp(-(logit + half))))
        else:
            low = high = p
        size = float(np.sum(self.weights * (1.0 if domain is None else np.asarray(domain, float))))
        return ShareEstimate(p, se, low, high, m.deff, m.df, p * size, low * size, high * size)
