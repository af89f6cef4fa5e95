"""Correlations with confidence intervals: plain, partial, weighted and by group.

``correlate`` returns one row per (x, y[, group]) pair in the table ``correlations`` with the
columns ``x, y, [group,] method, controls, n, estimate, conf_low, conf_high, p_value, suppressed``.
``correlation_matrix`` returns the square matrix of estimates used by the heatmap.

Methods
-------
* Estimates and p-values come from scipy (``pearsonr``, ``spearmanr``, ``kendalltau`` = tau-b).
* 95 % confidence intervals use Fisher's z = atanh(r) with the standard error
  ``1/sqrt(n - 3)`` (Pearson), ``sqrt((1 + r²/2)/(n - 3))`` (Spearman; Bonett & Wright 2000) or
  ``sqrt(0.437/(n - 4))`` (Kendall; Fieller, Hartley & Pearson 1957), back-transformed with tanh.
* Partial correlations (``control``): x and y are residualised on the controls by least squares
  (for Spearman everything is ranked first; categorical controls are dummy-coded), r is the
  Pearson correlation of the residuals and the p-value comes from t = r·sqrt(df/(1 − r²)) with
  df = n − 2 − k (k = number of control columns). The CI uses n − k in place of n above.
* Weighted (``weights``): r is the weighted Pearson correlation (statsmodels ``DescrStatsW``); for
  Spearman it is computed on weighted mid-ranks (the weighted empirical distribution function).
  Inference is design-based for a weights-only design: the test is that of the slope of the
  weighted regression of standardised y on standardised x (which equals r) with a sandwich
  (HC0 · n/(n − 1), as R's ``survey::svyglm``) standard error and a t test with n − 2 − k df;
  the CI uses the linearisation SE of r itself (delta method on the weighted second moments,
  influence values x̃ỹ − r(x̃² + ỹ²)/2, as R's svyvar + svycontrast) on Fisher's z scale with
  the t quantile (the slope's SE is r's SE only at r = 0: 1.65× too wide at r = 0.5).
  Weighted Kendall correlations are not offered.
* Missing values are deleted pairwise: each row of the table uses the responses with x, y, the
  controls (and weight) all present; ``n`` is that number of responses.
* Disclosure control: an estimate based on fewer than ``min_cell`` responses is not shown
  (NaN, ``suppressed`` = True, named in the notes), nor is its ``n``. With ``by``, the
  next-smallest groups are suppressed too (estimate and n) until the suppressed groups are at
  least two and hold at least ``min_cell`` pairs together, so that the overall n minus the
  shown groups' n gives no small group's n (:func:`.disclosure.suppressed_groups`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset, as_dataset
from ..errors import AnalysisError, VariableError, unknown_variable
from ..output.i18n import Msg
from ..result import Result, from_rows
from . import data
from .disclosure import suppressed_groups

METHODS = ("spearman", "pearson", "kendall")
NUMERIC_TYPES = ("numeric", "ordinal", "binary")
_METHOD_NAMES = {
    "pearson": Msg("corr_name_pearson"),
    "spearman": Msg("corr_name_spearman"),
    "kendall": Msg("corr_name_kendall"),
}
#: Minimum number of complete responses for any estimate at all.
_MIN_N = 3


# --------------------------------------------------------------------------- helpers
def numeric_column(ds: Dataset, name: str, role: str) -> pd.Series:
    """The column (or codebook scale) ``name`` as float64 with NaN for missing.

    VariableError if unknown (with suggestions) or not numeric/ordinal/binary; ``role`` names
    the option in messages, e.g. "correlate".
    """
    names = data.available(ds)
    if name not in names:
        raise unknown_variable(name, names, f"the dataset ({role})")
    vtype = data.vtype(ds, name)
    if vtype not in NUMERIC_TYPES:
        hint = (
            f" (to hold it constant use --control {name}; for differences between groups use "
            f"'digianalys compare --by {name}')"
            if vtype == "categorical" and role == "correlate"
            else ""
        )
        raise VariableError(
            f"variable '{name}' ({role}) is {vtype}; it must be numeric, ordinal or binary{hint}"
        )
    return data.numeric(ds, name)


def control_matrix(ds: Dataset, names: Sequence[str], role: str = "--control") -> pd.DataFrame:
    """Controls as a float design matrix: numeric columns as they are, categorical ones
    dummy-coded (first level dropped). Rows with a missing control are NaN in every column."""
    parts: list[pd.DataFrame] = []
    available = data.available(ds)
    for name in names:
        if name not in available:
            raise unknown_variable(name, available, f"the dataset ({role})")
        vtype = data.vtype(ds, name)
        if vtype in NUMERIC_TYPES:
            parts.append(numeric_column(ds, name, role).to_frame(name))
        elif vtype == "categorical":
            col, levels = data.categories(ds, name)
            dummies = pd.DataFrame(index=ds.data.index)
            for level in levels[1:]:
                dummies[f"{name}[{level}]"] = (col == level).fillna(False).astype("float64")
            dummies.loc[col.isna().to_numpy()] = np.nan
            parts.append(dummies)
        else:
            raise VariableError(
                f"variable '{name}' ({role}) is {vtype}; controls must be numeric, ordinal, "
                "binary or categorical"
            )
    if not parts:
        return pd.DataFrame(index=ds.data.index)
    return pd.concat(parts, axis=1)


def fisher_ci(r: float, se: float, level: float = 0.95) -> tuple[float, float]:
    """CI for a correlation from Fisher's z with standard error ``se`` on the z scale."""
    from scipy import stats

    if not (np.isfinite(r) and np.isfinite(se)) or abs(r) >= 1:
        return (math.nan, math.nan)
    z = math.atanh(r)
    crit = stats.norm.ppf(0.5 + level / 2)
    return (math.tanh(z - crit * se), math.tanh(z + crit * se))


def ci_se(method: str, r: float, n_eff: float) -> float:
    """Fisher-z standard error for ``method`` (Pearson, Bonett–Wright, Fieller) or NaN."""
    if method == "pearson":
        return 1 / math.sqrt(n_eff - 3) if n_eff > 3 else math.nan
    if method == "spearman":
        return math.sqrt((1 + r * r / 2) / (n_eff - 3)) if n_eff > 3 else math.nan
    return math.sqrt(0.437 / (n_eff - 4)) if n_eff > 4 else math.nan


def weighted_ranks(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mid-ranks: weight of smaller values + half the weight of tied values."""
    uniq, inv = np.unique(values, return_inverse=True)
    at = np.bincount(inv, weights=weights, minlength=len(uniq))
    below = np.concatenate([[0.0], np.cumsum(at)[:-1]])
    return (below + at / 2)[inv]


def _rank(values: np.ndarray) -> np.ndarray:
    from scipy import stats

    return stats.rankdata(values)


def _residualise(v: np.ndarray, z: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    """Residuals of v on [1, z] by (weighted) least squares."""
    design = np.column_stack([np.ones(len(v)), z]) if z.size else np.ones((len(v), 1))
    if w is None:
        coef, *_ = np.linalg.lstsq(design, v, rcond=None)
    else:
        sw = np.sqrt(w)
        coef, *_ = np.linalg.lstsq(design * sw[:, None], v * sw, rcond=None)
    return v - design @ coef


def _estimate(
    method: str, xv: np.ndarray, yv: np.ndarray, z: np.ndarray, w: np.ndarray | None
) -> tuple[float, float, float, float]:
    """(estimate, conf_low, conf_high, p_value) for complete cases ``xv, yv, z[, w]``."""
    from scipy import stats

    n = len(xv)
    k = z.shape[1] if z.ndim == 2 else 0
    if w is not None:
        return weighted_estimate(method, xv, yv, z, w)
    if k == 0:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if method == "pearson":
                res = stats.pearsonr(xv, yv)
            elif method == "spearman":
                res = stats.spearmanr(xv, yv)
            else:
                res = stats.kendalltau(xv, yv)
        r, p = float(res.statistic), float(res.pvalue)
        low, high = fisher_ci(r, ci_se(method, r, n))
        return r, low, high, p
    if method == "kendall":
        raise AnalysisError(
            "partial correlation (--control) is available for --method pearson or spearman, "
            "not kendall"
        )
    if method == "spearman":
        xv, yv = _rank(xv), _rank(yv)
        z = np.column_stack([_rank(z[:, j]) for j in range(k)])
    rx, ry = _residualise(xv, z, None), _residualise(yv, z, None)
    df = n - 2 - k
    if df <= 0 or np.std(rx) == 0 or np.std(ry) == 0:
        return math.nan, math.nan, math.nan, math.nan
    r = float(np.corrcoef(rx, ry)[0, 1])
    r = max(-1.0, min(1.0, r))
    if abs(r) < 1:
        t = r * math.sqrt(df / (1 - r * r))
        p = float(2 * stats.t.sf(abs(t), df))
    else:
        p = 0.0
    low, high = fisher_ci(r, ci_se(method, r, n - k))
    return r, low, high, p


def weighted_estimate(
    method: str, xv: np.ndarray, yv: np.ndarray, z: np.ndarray, w: np.ndarray
) -> tuple[float, float, float, float]:
    from scipy import stats
    from statsmodels.regression.linear_model import WLS
    from statsmodels.stats.weightstats import DescrStatsW

    if method == "kendall":
        raise AnalysisError(
            "weighted correlations (--weights) are available for --method pearson or spearman, "
            "not kendall"
        )
    n = len(xv)
    k = z.shape[1] if z.ndim == 2 else 0
    if method == "spearman":
        xv, yv = weighted_ranks(xv, w), weighted_ranks(yv, w)
        if k:
            z = np.column_stack([weighted_ranks(z[:, j], w) for j in range(k)])
    if k:
        xv, yv = _residualise(xv, z, w), _residualise(yv, z, w)
    df = n - 2 - k
    d = DescrStatsW(np.column_stack([xv, yv]), weights=w)
    if df <= 0 or d.std[0] == 0 or d.std[1] == 0:
        return math.nan, math.nan, math.nan, math.nan
    r = float(d.corrcoef[0, 1])
    zx = (xv - d.mean[0]) / d.std[0]
    zy = (yv - d.mean[1]) / d.std[1]
    fit = WLS(zy, np.column_stack([np.ones(n), zx]), weights=w).fit()
    # the test: Wald t of the standardised slope with the sandwich SE (zero under the null)
    se_test = math.sqrt(float(fit.cov_HC0[1, 1]) * n / (n - 1))
    if se_test == 0:
        return r, r, r, 0.0
    p = float(2 * stats.t.sf(abs(r / se_test), df))
    # the CI: the linearisation SE of r itself (the delta method on the weighted second
    # moments, as R survey's svyvar + svycontrast): influence values x̃ỹ − r(x̃² + ỹ²)/2 of
    # the standardised variables, on Fisher's z scale (SE/(1 − r²)). The slope's sandwich SE
    # is the SE under r = 0 and was ~1.65× too wide for a correlation of 0.5 (issue 11.6).
    infl = zx * zy - r * (zx**2 + zy**2) / 2.0
    se_r = math.sqrt(float(np.sum(w**2 * infl**2) / np.sum(w) ** 2) * n / (n - 1))
    if abs(r) >= 1 or se_r == 0:
        return r, r, r, p
    crit = float(stats.t.ppf(0.975, df))
    zr, half = math.atanh(r), crit * se_r / (1.0 - r * r)
    return r, math.tanh(zr - half), math.tanh(zr + half), p


def _finite_design(
    ds: Dataset, inference: str | None, method: str, controls: list[str], weights: str | None
) -> Any:
    """The population design for ``--inference finite`` ((spec, design, rows) as
    :func:`~.design_estimates.design_for`), None for model-based inference (the default)."""
    if inference in (None, "model"):
        return None
    from .design_estimates import INFERENCES, design_for

    if inference not in INFERENCES:
        raise VariableError(f"unknown inference '{inference}'; use one of: {', '.join(INFERENCES)}")
    if method == "kendall" or controls:
        raise AnalysisError(
            "--inference finite gives Pearson's and Spearman's correlations without --control; "
            "for Kendall's tau or partial correlations use --inference model"
        )
    return design_for(ds, "finite", weights)


def _design_estimate(
    method: str, xv: np.ndarray, yv: np.ndarray, survey: Any, positions: np.ndarray
) -> tuple[float, float, float, float]:
    """(estimate, conf_low, conf_high, p_value) under the population design."""
    from .design_correlation import design_correlation

    if method == "spearman":
        w = survey.weights[positions]
        xv, yv = weighted_ranks(xv, w), weighted_ranks(yv, w)
    c = design_correlation(xv, yv, survey, positions)
    return c.estimate, c.conf_low, c.conf_high, c.p_value


def _as_list(v: str | Sequence[str] | None) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(s) for s in v]


def _pairs(xs: list[str], ys: list[str]) -> list[tuple[str, str]]:
    if not ys:
        if len(xs) < 2:
            raise VariableError("correlate needs at least two variables: X Y")
        return [(a, b) for i, a in enumerate(xs) for b in xs[i + 1 :]]
    return [(a, b) for a in xs for b in ys if a != b]


# --------------------------------------------------------------------------- public API
def correlate(
    ds: Dataset | str,
    x: str | Sequence[str],
    y: str | Sequence[str] | None = None,
    *,
    method: str = "spearman",
    control: str | Sequence[str] | None = None,
    by: str | None = None,
    weights: str | None = None,
    min_cell: int = 5,
    inference: str | None = None,
) -> Result:
    """Correlations with 95 % confidence intervals, optionally partial, weighted and by group.

    Parameters
    ----------
    ds : Dataset or path of a dataset directory.
    x, y : a variable name or a list of names. With ``y=None`` every pair among ``x`` is
        correlated; otherwise every (x_i, y_j) pair. Variables must be numeric, ordinal, binary
        or scales.
    method : "spearman" (default), "pearson" or "kendall" (tau-b).
    control : variables to partial out (numeric/ordinal/binary as they are, categorical
        dummy-coded); pearson and spearman only.
    by : grouping variable; one row per pair and group.
    weights : column of survey weights (pearson and spearman).
    min_cell : estimates based on fewer responses are suppressed (0 turns this off).
    inference : "model" (default): the association beyond this population; "finite" (needs
        design.yaml from ``digianalys population``): about the population's organisations,
        under the design (:mod:`.design_correlation`; pearson and spearman, no --control).

    Returns
    -------
    Result with table ``correlations``: ``x, y, [group,] method, controls, n, estimate,
    conf_low, conf_high, p_value, suppressed``. See the module docstring for the methods.
    """
    ds = as_dataset(ds)
    if method not in METHODS:
        raise VariableError(
            f"unknown correlation method '{method}'; use one of {', '.join(METHODS)}"
        )
    xs, ys, controls = _as_list(x), _as_list(y), _as_list(control)
    pairs = _pairs(xs, ys)
    if not pairs:
        raise VariableError("correlate: no pairs of distinct variables to correlate")
    cols: dict[str, pd.Series] = {}
    for name in dict.fromkeys(xs + ys):
        cols[name] = numeric_column(ds, name, "correlate")
    for c in controls:
        if c in cols:
            raise VariableError(f"variable '{c}' is both correlated and a --control; drop one")
        if by is not None and c == by:
            raise VariableError(f"variable '{c}' is both --by and --control; drop one")
    zmat = control_matrix(ds, controls)
    found = _finite_design(ds, inference, method, controls, weights)
    w = data.weights(ds, weights) if weights else None
    position = np.zeros(len(ds.data), dtype=int)
    if found is not None:
        spec, survey, in_design = found
        w = pd.Series(np.nan, index=ds.data.index)
        w[in_design] = survey.weights
        position = np.cumsum(in_design) - 1
    if by is not None:
        if by in cols:
            raise VariableError(f"variable '{by}' is both correlated and --by; drop one")
        glabels, order = data.groups(ds, by)
        groups: list[tuple[str | None, np.ndarray]] = [
            (label, (glabels == label).fillna(False).to_numpy(dtype=bool)) for label in order
        ]
    else:
        groups = [(None, np.ones(len(ds.data), dtype=bool))]

    base_ok = zmat.notna().all(axis=1).to_numpy().copy()
    if w is not None:
        base_ok = base_ok & (w.notna() & (w > 0)).to_numpy()
    notes: list[str] = []
    rows: list[dict[str, object]] = []
    threshold = max(min_cell, _MIN_N)
    ctrl_text = ", ".join(controls)
    for xn, yn in pairs:
        ok_pair = base_ok & cols[xn].notna().to_numpy() & cols[yn].notna().to_numpy()
        pair_n = {label: int((ok_pair & gmask).sum()) for label, gmask in groups}
        # small groups and their complements (disclosure.suppressed_groups): neither n nor r
        small, extra = suppressed_groups(pair_n, min_cell)
        for label, gmask in groups:
            ok = ok_pair & gmask
            n = pair_n[label]
            row: dict[str, object] = {"x": xn, "y": yn}
            if by is not None:
                row["group"] = label
            row.update({"method": method, "controls": ctrl_text})
            where = f"{xn}–{yn}" + (f", {by} = {label}" if by is not None else "")
            if n < threshold or label in extra:
                est = (math.nan,) * 4
                suppressed = True
                if label in extra:
                    notes.append(Msg("corr_complementary", where=where, min_cell=min_cell))
                elif n < min_cell:
                    notes.append(Msg("corr_suppressed", where=where, min_cell=min_cell))
                else:
                    notes.append(Msg("corr_too_few", where=where, n=_MIN_N))
            else:
                suppressed = False
                xv = cols[xn].to_numpy()[ok]
                yv = cols[yn].to_numpy()[ok]
                z = zmat.to_numpy(dtype="float64")[ok] if controls else np.empty((n, 0))
                if controls:
                    z = z[:, np.ptp(z, axis=0) > 0] if n else z
                if np.ptp(xv) == 0 or np.ptp(yv) == 0:
                    est = (math.nan,) * 4
                    notes.append(Msg("corr_constant", where=where))
                elif found is not None:
                    est = _design_estimate(method, xv, yv, survey, position[ok])
                else:
                    est = _estimate(method, xv, yv, z, None if w is None else w.to_numpy()[ok])
            row.update(
                {
                    # no n of a suppressed group (small or complementary)
                    "n": math.nan if (label in small or label in extra) else n,
                    "estimate": est[0],
                    "conf_low": est[1],
                    "conf_high": est[2],
                    "p_value": est[3],
                    "suppressed": suppressed,
                }
            )
            rows.append(row)
    table = from_rows(rows)
    float_cols = ["estimate", "conf_low", "conf_high", "p_value"]
    table[float_cols] = table[float_cols].astype("float64")
    table["n"] = table["n"].astype("float64")  # NaN for suppressed groups, as describe
    table.insert(
        list(table.columns).index("conf_high") + 1,
        "effect_word",
        pd.Series([correlation_word(v, method) for v in table["estimate"]], dtype=object),
    )

    methods: list[str]
    if found is not None:
        methods = [
            Msg(
                "corr_methods_finite",
                method=_METHOD_NAMES[method],
                population=sum(spec.population.values()),
                strata=", ".join(spec.strata) or "–",
                weighting=spec.weighting,
            )
        ]
    else:
        methods = [_methods_sentence(method, bool(controls), w is not None)]
        if inference is None and ds.path is not None:
            from .design_estimates import model_based_note

            note = model_based_note(ds, "corr_model_with_design")
            if note is not None:
                notes.append(note)
    methods.append(Msg("corr_effect_words"))
    if weights:
        notes.append(Msg("corr_weighted_note", weights=weights))
    notes.append(Msg("corr_pairwise"))
    labels = {n: ds.label(n) for n in list(cols) + controls + ([by] if by else [])}
    title = (
        Msg(
            "corr_title_controls",
            method=_METHOD_NAMES[method],
            controls=", ".join(ds.label(c) for c in controls),
        )
        if controls
        else Msg("corr_title", method=_METHOD_NAMES[method])
    )
    return Result(
        kind="correlate",
        tables={"correlations": table},
        title=title,
        notes=notes,
        methods=methods,
        meta={
            "inference": "finite" if found is not None else "model",
            "method": method,
            "controls": controls,
            "by": by,
            "weights": weights,
            "min_cell": min_cell,
            "labels": labels,
        },
    )


def correlation_word(value: float, method: str) -> str:
    """The verbal size of a correlation (Funder & Ozer 2019: 0.1 small, 0.2 medium, 0.3
    large; below 0.1 negligible); Kendall's τ is first put on the r scale by Greiner's
    relation r = sin(πτ/2)."""
    from .effect_sizes import effect_word

    if value is None or not np.isfinite(value):
        return ""
    if method == "kendall":
        value = math.sin(math.pi * float(value) / 2.0)
    return effect_word(value, "r")


def _methods_sentence(method: str, partial: bool, weighted: bool) -> str:
    if weighted:
        kind = Msg("corr_kind_pearson" if method == "pearson" else "corr_kind_spearman")
        key = "corr_methods_weighted_partial" if partial else "corr_methods_weighted"
        return Msg(key, kind=kind)
    if partial:
        return Msg(
            "corr_methods_partial_pearson"
            if method == "pearson"
            else "corr_methods_partial_spearman"
        )
    return Msg("corr_methods", name=_METHOD_NAMES[method], ci=Msg(f"corr_ci_{method}"))


def correlation_matrix(
    ds: Dataset | str,
    variables: Sequence[str],
    method: str = "spearman",
    min_cell: int = 5,
) -> pd.DataFrame:
    """Square matrix of correlation estimates (pairwise deletion) with 1 on the diagonal.

    Cells based on fewer than ``min_cell`` responses (or fewer than 3) are NaN. Index and columns
    are the variable names in the order given.
    """
    ds = as_dataset(ds)
    names = list(dict.fromkeys(_as_list(variables)))
    if len(names) < 2:
        raise VariableError("a correlation matrix needs at least two variables")
    res = correlate(ds, names, None, method=method, min_cell=min_cell)
    mat = pd.DataFrame(np.eye(len(names)), index=names, columns=names, dtype="float64")
    main = res.main
    for x, y, est in zip(main["x"], main["y"], main["estimate"], strict=True):
        mat.loc[str(x), str(y)] = float(est)
        mat.loc[str(y), str(x)] = float(est)
    return mat
