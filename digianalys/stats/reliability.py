"""Reliability of the codebook's scales: Cronbach's alpha (Feldt CI), McDonald's omega, items.

``scales`` returns two tables:

* ``scales``: ``scale, label, n_items, n, alpha, conf_low, conf_high, omega, n_scored, mean, sd``
* ``items``: ``scale, item, label, n, mean, sd, item_rest_r, alpha_if_deleted, reversed``

Methods
-------
* Items marked ``reverse: true`` in the codebook are reversed first (min code + max code − x,
  the codes from the codebook ``values``, else the observed range), as for the scale scores.
* Missing items, ``missing="pairwise"`` (default): the item covariance matrix is estimated from
  all responses that answered each pair of items (pandas ``DataFrame.cov``), and ``n`` is the
  number of responses with at least two items answered. ``missing="listwise"``: only responses
  with every item answered are used, and ``n`` is their number. (Pairwise reproduces pingouin's
  ``cronbach_alpha``; for listwise pingouin computes the CI with the row count before deletion,
  whereas here n is the number of complete responses.)
* Cronbach's alpha = k/(k − 1) · (1 − trace(C)/sum(C)); 95 % CI by Feldt (1965):
  1 − (1 − α)·F with F the upper/lower 2.5 % points of F(n − 1, (n − 1)(k − 1)) (scipy), n the
  number of responses with every item answered (also with pairwise covariances: the responses
  with only some items answered do not carry the information of a complete response).
* Item-rest correlation and alpha-if-deleted are computed from the same covariance matrix
  (cov(item, rest)/sqrt(var(item)·var(rest)); alpha of the k − 1 other items).
* McDonald's omega total from a one-factor maximum-likelihood factor analysis of the item
  correlation matrix (statsmodels ``Factor``), on the raw items as alpha (loadings λᵢsᵢ with the
  item SDs sᵢ): ω = (Σλs)² / ((Σλs)² + Σ(1 − λ²)s²); equal to alpha for tau-equivalent items. It is not
  estimated for scales with fewer than three items (the model is not identified) or when the
  factor analysis fails; the notes say so.
* ``mean`` and ``sd`` describe the scale score (the mean of the items for responses with at least
  ``min_items`` answered, as stored in the dataset); ``n_scored`` is the number of such responses.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..codebook import Scale
from ..dataset import Dataset, as_dataset, compute_scales
from ..errors import CodebookError, VariableError, suggest
from ..output.i18n import Msg
from ..result import Result, from_rows

MISSING = ("pairwise", "listwise")


def cronbach_alpha(cov: np.ndarray) -> float:
    """Cronbach's alpha from an item covariance matrix (NaN if undefined)."""
    k = cov.shape[0]
    total = float(np.sum(cov))
    if k < 2 or not np.isfinite(total) or total <= 0:
        return math.nan
    return k / (k - 1) * (1 - float(np.trace(cov)) / total)


def feldt_ci(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt (1965) confidence interval for Cronbach's alpha with n responses and k items."""
    from scipy import stats

    if not np.isfinite(alpha) or n < 2 or k < 2:
        return (math.nan, math.nan)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - level) / 2
    return (
        1 - (1 - alpha) * float(stats.f.isf(tail, df1, df2)),
        1 - (1 - alpha) * float(stats.f.isf(1 - tail, df1, df2)),
    )


def omega_total(corr: np.ndarray, nobs: int, sd: np.ndarray | None = None) -> float:
    """McDonald's omega total from a one-factor ML factor analysis of a correlation matrix.

    With the items' standard deviations ``sd`` it is omega of the *raw* items, the same
    scale alpha uses (issue 11.6: omega was on standardised items while alpha is on raw
    ones): ML loadings are scale-free, so the raw loadings are λᵢsᵢ and the unique variances
    (1 − λᵢ²)sᵢ², and ω = (Σλᵢsᵢ)²/((Σλᵢsᵢ)² + Σ(1 − λᵢ²)sᵢ²). For tau-equivalent items it
    equals alpha. Without ``sd``: omega of the standardised items.

    NaN when fewer than three items or the fit fails.
    """
    from statsmodels.multivariate.factor import Factor

    k = corr.shape[0]
    if k < 3 or not np.all(np.isfinite(corr)):
        return math.nan
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # deterministic start: the first principal component (statsmodels would draw
            # random starting values otherwise)
            vals, vecs = np.linalg.eigh(corr)
            load0 = vecs[:, -1] * math.sqrt(max(vals[-1], 1e-6))
            load0 = load0 if load0.sum() >= 0 else -load0
            uniq0 = np.clip(1 - load0**2, 0.05, 1.0)
            res = Factor(corr=corr, n_factor=1, method="ml", nobs=nobs).fit(
                start=(load0[:, None], uniq0), opt={"gtol": 1e-10, "maxiter": 2000}
            )
    except (np.linalg.LinAlgError, ValueError):
        return math.nan
    loadings = np.asarray(res.loadings, dtype="float64")[:, 0]
    if not np.all(np.isfinite(loadings)):
        return math.nan
    uniq = 1 - loadings**2
    if sd is not None:
        sd = np.asarray(sd, dtype="float64")
        loadings, uniq = loadings * sd, uniq * sd**2
    s = float(np.sum(loadings)) ** 2
    return s / (s + float(np.sum(uniq)))


def _item_frame(ds: Dataset, sc: Scale) -> tuple[pd.DataFrame, list[bool]]:
    """The scale's items as float columns, reverse-coded where the codebook says so."""
    cols: dict[str, pd.Series] = {}
    reversed_: list[bool] = []
    for item in sc.items:
        ds.require(item, where=f"the dataset (scale '{sc.name}')")
        col = pd.to_numeric(ds.data[item], errors="coerce").astype("float64")
        var = ds.codebook.get(item)
        rev = bool(var is not None and var.reverse)
        if rev:
            codes = sorted(var.values) if var is not None and var.values else None
            if codes:
                col = (codes[0] + codes[-1]) - col
            else:
                col = (col.min() + col.max()) - col
        cols[item] = col
        reversed_.append(rev)
    return pd.DataFrame(cols, index=ds.data.index), reversed_


def _score_summary(score: pd.Series, found: tuple | None) -> tuple[float, float]:
    """Mean and SD of the scale score: plain, or design-weighted over the design's respondents
    (``svymean``; the SD with svyvar's n/(n − 1) factor)."""
    if found is None:
        mean = float(score.mean()) if score.notna().any() else math.nan
        return mean, float(score.std(ddof=1)) if score.notna().sum() > 1 else math.nan
    from .design_reliability import weighted_covariance

    _, design, rows = found
    y = score.to_numpy(dtype="float64")[rows]
    answered = ~np.isnan(y)
    if answered.sum() < 2:
        return math.nan, math.nan
    cov, mu, _ = weighted_covariance(design.weights * answered, np.where(answered, y, 0)[:, None])
    return float(mu[0]), math.sqrt(float(cov[0, 0]))


def _covariance(items: pd.DataFrame, missing: str) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    """(covariance matrix, n, data used) under the missing-data rule."""
    if missing == "listwise":
        used = items.dropna(how="any")
        return used.cov(), len(used), used
    answered = items.notna().sum(axis=1)
    used = items[answered >= 2]
    return used.cov(), len(used), used


def scales(
    ds: Dataset | str,
    names: Sequence[str] | str | None = None,
    *,
    missing: str = "pairwise",
    inference: str | None = None,
) -> Result:
    """Reliability of the codebook's scales (default: all of them, in codebook order).

    Parameters
    ----------
    ds : Dataset or path of a dataset directory.
    names : scale names from the codebook's ``scales:`` section.
    missing : "pairwise" (default) or "listwise" handling of missing item answers.
    inference : "model" (default): the responses as a sample from an infinite population;
        "finite" (needs design.yaml from ``digianalys population``): alpha, the item and scale
        statistics about the population's organisations, design-weighted, with a linearisation
        interval for alpha (:mod:`.design_reliability`; missing items listwise).

    Returns
    -------
    Result with tables ``scales`` and ``items``; see the module docstring for columns/methods.
    """
    ds = as_dataset(ds)
    if missing not in MISSING:
        raise VariableError(f"unknown missing-data rule '{missing}'; use pairwise or listwise")
    defined = ds.codebook.scales
    if not defined:
        raise CodebookError(
            "the codebook defines no scales; add a 'scales:' section, e.g. "
            "leadership: {items: [lead_strategy, lead_followup, lead_agenda]}, and re-run ingest"
        )
    if names is None:
        selected = list(defined)
    else:
        selected = [names] if isinstance(names, str) else list(dict.fromkeys(names))
        for name in selected:
            if name not in defined:
                raise VariableError(
                    f"unknown scale '{name}' in the codebook{suggest(name, defined)}; "
                    f"scales: {', '.join(defined)}"
                )
    found = None
    if inference == "finite":
        from .design_estimates import design_for

        found = design_for(ds, inference, None)
        missing = "listwise"
    elif inference not in (None, "model"):
        from .design_estimates import INFERENCES

        raise VariableError(f"unknown inference '{inference}'; use one of: {', '.join(INFERENCES)}")
    scores = compute_scales(ds.data, ds.codebook)
    scale_rows: list[dict[str, object]] = []
    item_rows: list[dict[str, object]] = []
    notes: list[str] = []
    for name in selected:
        sc = defined[name]
        items, reversed_ = _item_frame(ds, sc)
        k = items.shape[1]
        cov_df, n, used = _covariance(items, missing)
        cov = cov_df.to_numpy(dtype="float64")
        alpha = cronbach_alpha(cov) if n >= 2 else math.nan
        # Feldt's F has (n − 1, (n − 1)(k − 1)) df for n responses to all k items: with
        # pairwise covariances the n with ≥ 2 items would overstate the information (issue 11.6)
        n_complete = int(items.notna().all(axis=1).sum())
        low, high = feldt_ci(alpha, n_complete, k)
        design_means: np.ndarray | None = None
        if found is not None:
            from .design_reliability import design_alpha

            _, design, rows = found
            est = design_alpha(design, items.to_numpy(dtype="float64")[rows])
            alpha, low, high = est.alpha.estimate, est.alpha.low, est.alpha.high
            cov, n, design_means = est.cov, est.n, est.means
        sd_items = np.sqrt(np.diag(cov))
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = cov / np.outer(sd_items, sd_items)
        omega = omega_total(corr, n, sd_items) if n > k else math.nan
        if k < 3:
            notes.append(Msg("scales_omega_few_items", scale=name))
        elif not np.isfinite(omega):
            notes.append(Msg("scales_omega_failed", scale=name))
        if not np.isfinite(alpha):
            notes.append(Msg("scales_alpha_undefined", scale=name))
        score = ds.data[name] if name in ds.data.columns else scores[name]
        score = pd.to_numeric(score, errors="coerce").astype("float64")
        score_mean, score_sd = _score_summary(score, found)
        scale_rows.append(
            {
                "scale": name,
                "label": ds.codebook.label(name),
                "n_items": k,
                "n": n,
                "alpha": alpha,
                "conf_low": low,
                "conf_high": high,
                "omega": omega,
                "n_scored": int(score.notna().sum()),
                "mean": score_mean,
                "sd": score_sd,
            }
        )
        for j, item in enumerate(sc.items):
            col = used[item].dropna()
            others = [i for i in range(k) if i != j]
            sub = cov[np.ix_(others, others)]
            var_rest = float(np.sum(sub))
            cov_rest = float(np.sum(cov[j, others]))
            denom = math.sqrt(cov[j, j] * var_rest) if cov[j, j] > 0 and var_rest > 0 else 0.0
            item_rows.append(
                {
                    "scale": name,
                    "item": item,
                    "label": ds.codebook.label(item),
                    "n": int(col.size) if design_means is None else n,
                    "mean": (float(col.mean()) if col.size else math.nan)
                    if design_means is None
                    else float(design_means[j]),
                    "sd": (float(col.std(ddof=1)) if col.size > 1 else math.nan)
                    if design_means is None
                    else math.sqrt(cov[j, j]),
                    "item_rest_r": cov_rest / denom if denom > 0 else math.nan,
                    "alpha_if_deleted": cronbach_alpha(sub) if k > 2 else math.nan,
                    "reversed": reversed_[j],
                }
            )
        if any(reversed_):
            rev = [it for it, r in zip(sc.items, reversed_, strict=True) if r]
            notes.append(Msg("scales_reversed", scale=name, items=", ".join(rev)))
    notes.append(Msg("scales_pairwise" if missing == "pairwise" else "scales_listwise"))
    notes.append(Msg("scales_scores"))
    methods: list[str] = [Msg("scales_methods")]
    if found is not None:
        spec = found[0]
        methods.append(
            Msg(
                "scales_methods_finite",
                population=sum(spec.population.values()),
                strata=", ".join(spec.strata) or "–",
                weighting=spec.weighting,
            )
        )
    elif inference is None and ds.path is not None:
        from .design_estimates import model_based_note

        note = model_based_note(ds, "scales_model_with_design")
        if note is not None:
            notes.append(note)
    return Result(
        kind="scales",
        tables={"scales": from_rows(scale_rows), "items": from_rows(item_rows)},
        title=Msg("scales_title"),
        notes=notes,
        methods=methods,
        meta={"missing": missing, "scales": selected, "inference": inference or "model"},
    )
