"""Regression models from a statsmodels formula over codebook names.

``model`` fits OLS (robust HC3 standard errors by default), a logit (binary outcome) or a
proportional-odds ordinal logit, and returns the tables ``coefficients`` (``term, estimate,
std_error, statistic, p_value, conf_low, conf_high`` [+ ``std_estimate``] [+ ``odds_ratio,
or_conf_low, or_conf_high``]) and ``fit`` (one row: ``kind, formula, n, …, cov_type,
reference_levels``).

Notes
-----
* Formulas are data, not code: they are parsed with the restricted grammar of
  :mod:`digianalys.stats.formula` (variable names, ``+ - * / :``, ``C(var)`` with an optional
  ``Treatment(reference="level")``, ``I(arithmetic)``, ``np.log``/``log``, ``np.sqrt``,
  ``np.exp``, ``standardize``, ``center`` …); every transformation is computed by us, and
  statsmodels builds the design only from a generated formula over generated column names. So
  ``C(sector)``, ``np.log(employees)``, ``I(x**2)``, interactions ``a:b`` and ``a*b`` work, and
  anything else (attribute access, other calls, strings, subscripts) is refused naming the token.
  Term names are as statsmodels writes them (``C(sector)[T.regional]``). Categorical predictors
  are coded against their first level in alphabetical order unless
  ``C(x, Treatment(reference="…"))`` is used; the reference level of each factor is reported in
  the fit table.
* Data: ordinal/binary/multi codes are used as numbers, categorical variables as strings;
  rows with a missing value in any variable of the formula (or the cluster/weight column) are
  deleted (listwise) and ``n`` is the number of responses used.
* Standard errors: OLS uses HC3 by default (``robust="hc1"`` HC1, ``"none"`` classical) with
  t tests; ``cluster=VAR`` gives cluster-robust SEs. Logit and ordinal models are maximum
  likelihood fits for which statsmodels offers a single sandwich estimator (HC0): "hc3" and "hc1"
  both give it, with z tests. With ``weights`` OLS is weighted least squares and the logit a
  binomial GLM with the weights as variance weights, always with a sandwich covariance
  (design-based inference for a weights-only design; ``robust="none"`` becomes HC1/HC0).
* Ordinal: statsmodels ``OrderedModel`` with ``distr="logit"`` (no intercept). Thresholds are
  reported as terms "1/2", "2/3", … on the latent scale (cut-points, not statsmodels' internal
  log-increments); their standard errors come from the delta method.
* ``standardize=True`` adds ``std_estimate``: for OLS the fully standardised coefficient
  b·sd(xⱼ)/sd(y) with the standard deviations of the design-matrix columns (dummies included)
  and of the outcome over the estimation sample (weighted SDs with weights), which equals the
  slope from refitting on z-scored variables; for logit/ordinal the x-standardised b·sd(xⱼ).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset, as_dataset
from ..errors import AnalysisError, VariableError, unknown_variable
from ..output.i18n import Msg
from ..result import Result
from . import data
from .formula import Formula, Var, parse_formula
from .formula_design import build
from .model_fit import fit_logit, fit_ols, fit_ordinal, level_text
from .term_labels import references, term_label

KINDS = ("ols", "logit", "ordinal")
#: A numeric outcome with more distinct values is refused by ``kind="ordinal"`` (one threshold
#: per gap between adjacent values would be estimated).
MAX_ORDINAL_CATEGORIES = 15
#: With fewer clusters a note warns that cluster-robust standard errors are unreliable
#: (Cameron & Miller 2015, "A practitioner's guide to cluster-robust inference").
FEW_CLUSTERS = 30
#: Below this many clusters, cluster-robust standard errors are refused (they are badly biased
#: downwards; Cameron & Miller 2015 discuss "few clusters" as below 20–50).
MIN_CLUSTERS = 10
ROBUST = ("hc3", "hc1", "none")
_MODEL_TYPES = ("numeric", "ordinal", "binary", "categorical", "multi")


# --------------------------------------------------------------------------- formula names
def formula_names(formula: str) -> tuple[list[str], list[str]]:
    """The variable names a formula refers to, as (outcome names, predictor names).

    The formula is parsed with the restricted grammar of :mod:`.formula`; raises VariableError
    if it has no "~" or uses anything the grammar does not allow.
    """
    return parse_formula(formula).variables()


# --------------------------------------------------------------------------- data
def _prepare(ds: Dataset, names: list[str]) -> pd.DataFrame:
    """The referenced columns with model-ready dtypes (float codes, object strings, NaN)."""
    out: dict[str, pd.Series] = {}
    for name in names:
        vtype = data.vtype(ds, name)
        if vtype in ("text", "id", "datetime"):
            raise VariableError(
                f"variable '{name}' is {vtype} and cannot be used in a model; "
                "use numeric, ordinal, binary or categorical variables"
            )
        col = data.column(ds, name)
        if vtype == "categorical" or (
            vtype not in _MODEL_TYPES and not pd.api.types.is_numeric_dtype(col)
        ):
            out[name] = col.astype("object").where(col.notna(), np.nan)
        else:
            out[name] = pd.to_numeric(col, errors="coerce").astype("float64")
    return pd.DataFrame(out, index=ds.data.index)


# --------------------------------------------------------------------------- public API
def model(
    ds: Dataset | str,
    formula: str,
    *,
    kind: str = "ols",
    robust: str = "hc3",
    cluster: str | None = None,
    weights: str | None = None,
    standardize: bool = False,
    min_cell: int = 5,
    inference: str | None = None,
) -> Result:
    """Fit a regression model from a formula over codebook names.

    Parameters
    ----------
    ds : Dataset or path of a dataset directory.
    formula : e.g. ``"pace ~ leadership + C(sector) + np.log(employees)"``.
    kind : "ols" (default), "logit" (binary 0/1 outcome) or "ordinal" (proportional-odds logit).
    robust : "hc3" (default), "hc1" or "none" (classical) standard errors.
    cluster : variable for cluster-robust standard errors.
    weights : column of survey weights (WLS / weighted binomial GLM with sandwich SEs).
    standardize : add ``std_estimate`` (see the module notes).
    min_cell : a level of a categorical predictor with fewer answers (in the estimation sample)
        is left out of the model with its responses, so that no coefficient (nor intercept plus
        coefficient) gives away a small group's figures; 0 turns this off.
    inference : "model" (default): the relation beyond this population (the standard errors
        above); "finite" (needs design.yaml from ``digianalys population``): R survey's svyglm
        over the population design — weighted by the design, design-based standard errors, t
        tests with the design's degrees of freedom (:mod:`.design_models`).

    Returns
    -------
    Result with tables ``coefficients`` and ``fit``; see the module docstring.

    Raises
    ------
    VariableError : the formula names an unknown variable (with suggestions), or one of a type
        that cannot be modelled.
    AnalysisError : too few responses, a collinear design, perfect separation / no convergence.
    """
    ds = as_dataset(ds)
    if kind not in KINDS:
        raise VariableError(f"unknown model kind '{kind}'; use one of {', '.join(KINDS)}")
    if robust not in ROBUST:
        raise VariableError(f"unknown --robust '{robust}'; use one of {', '.join(ROBUST)}")
    parsed = parse_formula(formula)
    formula = parsed.text
    outcome_names, predictor_names = parsed.variables()
    available = data.available(ds)
    for name in outcome_names + predictor_names:
        if name not in available:
            raise unknown_variable(name, available, f"the formula '{formula}'")
    extra = [v for v in (cluster, weights) if v]
    if cluster and cluster not in ds.data.columns:
        raise unknown_variable(cluster, list(ds.data.columns), "the dataset (--cluster)")
    if len(outcome_names) != 1:
        raise VariableError(
            f"formula '{formula}' must have one outcome variable before '~', "
            f"found {len(outcome_names)}"
        )
    outcome = outcome_names[0]
    _check_outcome(ds, outcome, kind)
    lhs = formula.split("~")[0].strip()
    if kind == "ordinal" and not (isinstance(parsed.lhs, Var) and parsed.lhs.name == outcome):
        raise VariableError(
            f"formula '{formula}': --kind ordinal needs the outcome as a plain variable name, "
            f"not '{lhs}'; write '{outcome} ~ …' or use --kind ols for a transformed outcome"
        )
    used = list(dict.fromkeys(outcome_names + predictor_names))
    found = _finite_design(ds, inference, kind, cluster, weights)
    frame = _prepare(ds, used)
    if found is not None:
        rows, survey = found[2], found[1]
        w_design = np.full(len(ds.data), np.nan)
        w_design[rows] = survey.weights
        frame["__weight__"] = w_design
        frame["__row__"] = np.arange(len(ds.data))
        weights = None
    if cluster:
        frame["__cluster__"] = ds.data[cluster].astype("object").where(ds.data[cluster].notna())
    if weights:
        w = data.weights(ds, weights)
        frame["__weight__"] = w.where(w > 0)
    involved = list(dict.fromkeys(used + extra))
    complete, small = _drop_small_levels(frame.dropna(), parsed, min_cell)
    # totals are counted outside the left-out groups, so that no count gives their size away
    outside = np.ones(len(frame), dtype=bool)
    for var, levels in small.items():
        outside &= ~frame[var].isin(levels).to_numpy()
    n_all = int(outside.sum())
    frame = complete
    n = len(frame)
    if n == 0:
        raise AnalysisError(
            f"model '{formula}': no response has all of {', '.join(involved)} answered"
        )
    if cluster:
        k_clusters = int(frame["__cluster__"].nunique())
        if k_clusters < MIN_CLUSTERS:
            raise AnalysisError(
                f"--cluster {cluster}: only {k_clusters} clusters among the {n} responses; "
                f"cluster-robust standard errors need at least {MIN_CLUSTERS} (with fewer they "
                "are far too small); fit without --cluster, or add the clusters as a predictor "
                f"(C({cluster}))"
            )
    notes: list[str] = []
    if n < n_all:
        notes.append(
            Msg(
                "model_listwise",
                dropped=n_all - n,
                total=n_all,
                variables=", ".join(involved),
                n=n,
            )
        )
    if small:
        level_text_all = "; ".join(
            f"{var}: {', '.join(sorted(level_text(v) for v in lv))}" for var, lv in small.items()
        )
        notes.append(Msg("model_small_levels", levels=level_text_all, min_cell=min_cell))
    if kind == "ordinal" and weights:
        raise AnalysisError(
            "weights are not supported for --kind ordinal (statsmodels OrderedModel has no "
            "weights); fit without --weights or use --kind ols/logit"
        )
    fitter = {"ols": fit_ols, "logit": fit_logit, "ordinal": fit_ordinal}[kind]
    design = build(parsed, frame[used], small)
    model_frame = design.data.join(frame.drop(columns=used))
    weighted = "design" if found is not None else weights
    fitted = fitter(model_frame, design, robust, cluster, weighted, notes)
    coef = fitted["coefficients"]
    if found is not None:
        _design_inference(fitted, found, frame["__row__"].to_numpy(), kind)
        # the fitters' notes on robust standard errors do not apply to the design's
        notes[:] = [m for m in notes if getattr(m, "key", "") not in ROBUST_NOTES]
    elif inference is None and ds.path is not None:
        from .design_estimates import model_based_note

        note = model_based_note(ds, "model_model_with_design")
        if note is not None:
            notes.append(note)
    if standardize:
        coef["std_estimate"] = _standardized(fitted, frame, kind, weighted)
    fit_row: dict[str, Any] = {"kind": kind, "formula": formula, "n": n}
    fit_row.update(fitted["fit"])
    fit_row["cov_type"] = fitted["cov_type"]
    if cluster:
        fit_row["n_clusters"] = int(frame["__cluster__"].nunique())
        if fit_row["n_clusters"] < FEW_CLUSTERS:
            notes.append(
                Msg(
                    "model_few_clusters",
                    k=fit_row["n_clusters"],
                    cluster=cluster,
                    few=FEW_CLUSTERS,
                )
            )
    fit_row["reference_levels"] = "; ".join(fitted["references"])
    shown = {name: data.label(ds, name) for name in ds.data.columns}
    refs = references(fitted["references"])
    coef.insert(
        list(coef.columns).index("term") + 1,
        "label",
        pd.Series(
            [term_label(t, shown, refs) for t in coef["term"]], index=coef.index, dtype=object
        ),
    )
    methods = [Msg("model_formula", formula=formula), fitted["method"]]
    if standardize:
        methods.append(Msg("model_standardized"))
    labels = {name: ds.label(name) for name in used}
    return Result(
        kind="model",
        tables={"coefficients": coef, "fit": pd.DataFrame([fit_row])},
        title=Msg("model_title", kind=Msg(f"model_kind_{kind}"), outcome=data.label(ds, outcome)),
        notes=notes,
        methods=methods,
        meta={
            "formula": formula,
            "kind": kind,
            "outcome": outcome,
            "robust": robust,
            "cluster": cluster,
            "weights": weights,
            "inference": "finite" if found is not None else "model",
            "thresholds": fitted.get("thresholds", []),
            "reference_levels": fitted["references"],
            "labels": labels,
        },
    )


#: Notes of the fitters about their covariance types (replaced under the design).
ROBUST_NOTES = ("model_robust_logit", "model_weights_hc1")


def _finite_design(
    ds: Dataset, inference: str | None, kind: str, cluster: str | None, weights: str | None
) -> Any:
    """The population design for ``--inference finite`` ((spec, design, rows) as
    :func:`~.design_estimates.design_for`), None for model-based inference (the default)."""
    if inference in (None, "model"):
        return None
    from .design_estimates import INFERENCES, design_for

    if inference not in INFERENCES:
        raise VariableError(f"unknown inference '{inference}'; use one of: {', '.join(INFERENCES)}")
    if cluster:
        raise VariableError(
            "--inference finite takes its strata and weights from the population design; "
            "leave out --cluster"
        )
    if kind == "ordinal":
        raise AnalysisError(
            "--kind ordinal has no design-based version here (R's svyolr); use --inference "
            "model, or --kind ols/logit with --inference finite"
        )
    return design_for(ds, "finite", weights)


def _design_inference(fitted: dict[str, Any], found: Any, row: np.ndarray, kind: str) -> None:
    """Replace the standard errors, tests and intervals of ``fitted`` by svyglm's under the
    population design (:func:`.design_models.design_coefficients`)."""
    from .design_models import design_coefficients

    spec, survey, rows = found
    positions = (np.cumsum(rows) - 1)[row]
    coef = fitted["coefficients"]
    dc = design_coefficients(
        survey, positions, fitted["exog"], fitted["endog"], coef["estimate"].to_numpy(), kind
    )
    coef["std_error"], coef["statistic"], coef["p_value"] = dc.std_error, dc.statistic, dc.p_value
    coef["conf_low"], coef["conf_high"] = dc.conf_low, dc.conf_high
    if "or_conf_low" in coef.columns:
        coef["or_conf_low"], coef["or_conf_high"] = np.exp(dc.conf_low), np.exp(dc.conf_high)
    fit = fitted["fit"]
    for key in ("aic", "bic", "log_likelihood"):
        fit[key] = math.nan  # no likelihood under the design (svyglm has none either)
    fit["df_resid"] = float(dc.df)
    fitted["cov_type"] = "design"
    fitted["method"] = Msg(
        "model_finite",
        kind=Msg(f"model_kind_{kind}"),
        population=sum(spec.population.values()),
        strata=", ".join(spec.strata) or "–",
        weighting=spec.weighting,
    )


def _drop_small_levels(
    frame: pd.DataFrame, parsed: Formula, min_cell: int
) -> tuple[pd.DataFrame, dict[str, list[Any]]]:
    """Leave out the responses in levels of categorical predictors with fewer than ``min_cell``
    answers (repeated until every remaining level has enough: dropping rows for one factor can
    make a level of another small). Returns the frame and {variable: [levels left out]}."""
    if min_cell <= 0:
        return frame, {}
    factors = [
        v
        for v in parsed.variables()[1]
        if v in parsed.categorical_predictors() or not pd.api.types.is_numeric_dtype(frame[v])
    ]
    small: dict[str, list[Any]] = {}
    changed = True
    while changed and len(frame):
        changed = False
        for var in factors:
            counts = frame[var].value_counts()
            tiny = counts[(counts > 0) & (counts < min_cell)].index
            if len(tiny):
                small.setdefault(var, []).extend(tiny)
                frame = frame[~frame[var].isin(tiny)]
                changed = True
    return frame.reset_index(drop=True), small


def _check_outcome(ds: Dataset, outcome: str, kind: str) -> None:
    vtype = data.vtype(ds, outcome)
    values = data.numeric(ds, outcome) if vtype != "categorical" else None
    if kind == "ols" and vtype not in ("numeric", "ordinal", "binary", "multi"):
        raise VariableError(
            f"outcome '{outcome}' is {vtype}; --kind ols needs a numeric, ordinal or binary "
            "outcome (for a categorical one compare groups with 'digianalys compare')"
        )
    if kind == "logit":
        ok = values is not None and set(values.dropna().unique()) <= {0, 1}
        if not ok:
            raise VariableError(
                f"outcome '{outcome}' is {vtype}; --kind logit needs a binary 0/1 outcome"
            )
    if kind == "ordinal":
        if vtype not in ("ordinal", "binary", "numeric") or values is None:
            raise VariableError(
                f"outcome '{outcome}' is {vtype}; --kind ordinal needs an ordinal outcome"
            )
        distinct = values.dropna().nunique()
        if distinct < 2:
            raise AnalysisError(f"outcome '{outcome}' has fewer than two observed values")
        if vtype == "numeric" and distinct > MAX_ORDINAL_CATEGORIES:
            hint = (
                "use --kind ols"
                if outcome in ds.codebook.scales
                else "use --kind ols, or declare it type: ordinal in the codebook"
            )
            raise VariableError(
                f"outcome '{outcome}' is numeric with {distinct} distinct values; --kind ordinal "
                f"needs an ordinal outcome with at most {MAX_ORDINAL_CATEGORIES} categories "
                f"({hint})"
            )


def _standardized(
    fitted: dict[str, Any], frame: pd.DataFrame, kind: str, weights: str | None
) -> np.ndarray:
    exog = np.asarray(fitted["exog"], dtype="float64")
    endog = np.asarray(fitted["endog"], dtype="float64")
    coef = fitted["coefficients"]
    w = frame["__weight__"].to_numpy() if weights else np.ones(len(endog))

    def wsd(v: np.ndarray) -> float:
        m = np.average(v, weights=w)
        return math.sqrt(np.average((v - m) ** 2, weights=w))

    out = np.full(len(coef), np.nan)
    sd_y = wsd(endog) if kind == "ols" else 1.0
    for j, name in enumerate(fitted["names"]):
        sd_x = wsd(exog[:, j])
        if name == "Intercept" or sd_x == 0:
            continue
        out[j] = coef["estimate"].iloc[j] * sd_x / sd_y
    return out
