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
import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset, as_dataset
from ..errors import AnalysisError, VariableError, unknown_variable
from ..output.i18n import Msg
from ..result import Result
from . import data
from .formula import Design, Formula, Var, build, parse_formula

KINDS = ("ols", "logit", "ordinal")
#: A numeric outcome with more distinct values is refused by ``kind="ordinal"`` (one threshold
#: per gap between adjacent values would be estimated).
MAX_ORDINAL_CATEGORIES = 15
#: With fewer clusters a note warns that cluster-robust standard errors are unreliable
#: (Cameron & Miller 2015, "A practitioner's guide to cluster-robust inference").
FEW_CLUSTERS = 30
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


def _check_rank(exog: np.ndarray, names: list[str], formula: str) -> None:
    if exog.shape[0] <= exog.shape[1]:
        raise AnalysisError(
            f"model '{formula}': {exog.shape[0]} responses for {exog.shape[1]} coefficients; "
            "use fewer predictors or more data"
        )
    if not np.isfinite(exog).all():
        raise AnalysisError(
            f"model '{formula}': a transformation gives infinite values (e.g. np.log of 0); "
            "use another transformation such as np.log1p"
        )
    rank = np.linalg.matrix_rank(exog)
    if rank < exog.shape[1]:
        # name the first column that is a linear combination of the ones before it
        culprit = names[-1]
        for j in range(1, exog.shape[1] + 1):
            if np.linalg.matrix_rank(exog[:, :j]) < j:
                culprit = names[j - 1]
                break
        raise AnalysisError(
            f"model '{formula}': the predictors are collinear (singular design; '{culprit}' is "
            "a combination of other terms or constant); drop or merge terms"
        )


def _reference_levels(model: Any) -> list[str]:
    """'factor: level' for each treatment-coded categorical factor of a patsy design."""
    spec = getattr(getattr(model, "data", None), "model_spec", None)
    factor_infos = getattr(spec, "factor_infos", None)
    if not factor_infos:
        return []
    columns = list(spec.column_names)
    out: list[str] = []
    for factor, info in factor_infos.items():
        if info.type != "categorical":
            continue
        fname = factor.name()
        coded = {
            c[len(fname) + 3 : -1]
            for c in columns
            if c.startswith(f"{fname}[T.") and c.endswith("]") and ":" not in c
        }
        refs = [str(level) for level in info.categories if str(level) not in coded]
        if coded and refs:
            out.append(f"{fname}: {', '.join(refs)}")
    return out


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
    frame = _prepare(ds, used)
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
        levels = "; ".join(
            f"{var}: {', '.join(sorted(_level_text(v) for v in lv))}" for var, lv in small.items()
        )
        notes.append(Msg("model_small_levels", levels=levels, min_cell=min_cell))
    if kind == "ordinal" and weights:
        raise AnalysisError(
            "weights are not supported for --kind ordinal (statsmodels OrderedModel has no "
            "weights); fit without --weights or use --kind ols/logit"
        )
    fitter = {"ols": _fit_ols, "logit": _fit_logit, "ordinal": _fit_ordinal}[kind]
    design = build(parsed, frame[used], small)
    model_frame = design.data.join(frame.drop(columns=used))
    fitted = fitter(model_frame, design, robust, cluster, weights, notes)
    coef = fitted["coefficients"]
    if standardize:
        coef["std_estimate"] = _standardized(fitted, frame, kind, weights)
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
    methods = [fitted["method"]]
    if standardize:
        methods.append(Msg("model_standardized"))
    labels = {name: ds.label(name) for name in used}
    return Result(
        kind="model",
        tables={"coefficients": coef, "fit": pd.DataFrame([fit_row])},
        title=Msg("model_title", kind=Msg(f"model_kind_{kind}"), formula=formula),
        notes=notes,
        methods=methods,
        meta={
            "formula": formula,
            "kind": kind,
            "outcome": outcome,
            "robust": robust,
            "cluster": cluster,
            "weights": weights,
            "thresholds": fitted.get("thresholds", []),
            "reference_levels": fitted["references"],
            "labels": labels,
        },
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


def _cov_args(
    robust: str, cluster: str | None, frame: pd.DataFrame, linear: bool, weighted: bool
) -> tuple[str, dict[str, Any] | None]:
    if cluster:
        groups = pd.factorize(frame["__cluster__"])[0]
        return "cluster", {"groups": groups}
    if not linear:
        return ("HC0", None) if (robust != "none" or weighted) else ("nonrobust", None)
    if robust == "none":
        return ("HC1", None) if weighted else ("nonrobust", None)
    return robust.upper(), None


def _tidy(res: Any, names: list[str]) -> pd.DataFrame:
    ci = np.asarray(res.conf_int())
    return pd.DataFrame(
        {
            "term": names,
            "estimate": np.asarray(res.params, dtype="float64"),
            "std_error": np.asarray(res.bse, dtype="float64"),
            "statistic": np.asarray(res.tvalues, dtype="float64"),
            "p_value": np.asarray(res.pvalues, dtype="float64"),
            "conf_low": ci[:, 0].astype("float64"),
            "conf_high": ci[:, 1].astype("float64"),
        }
    )


def _add_odds_ratios(coef: pd.DataFrame, skip: list[str]) -> pd.DataFrame:
    mask = ~coef["term"].isin(skip)
    for src, dst in (
        ("estimate", "odds_ratio"),
        ("conf_low", "or_conf_low"),
        ("conf_high", "or_conf_high"),
    ):
        coef[dst] = np.where(mask, np.exp(coef[src].to_numpy()), np.nan)
    return coef


def _cov_text(cov_type: str, linear: bool) -> str:
    """The standard errors and tests of a fit, for the methods paragraph (translatable)."""
    return Msg("cov_t" if linear else "cov_z", se=Msg(f"se_{cov_type}"))


def _fitted(
    mod: Any,
    res: Any,
    coef: pd.DataFrame,
    first: dict[str, float],
    *,
    bic: float,
    df_model: float,
    cov_type: str,
    method: Any,
    names: list[str],
    design: Design,
) -> dict[str, Any]:
    """What a fitter returns to :func:`model`: the coefficient table, the fit statistics
    (``first`` — the R² or pseudo-R² — then aic, bic, log_likelihood, df_model, df_resid), the
    covariance type, the reference levels, the methods text, and the design (exog, endog, the
    exog column names) for :func:`_standardized`."""
    return {
        "coefficients": coef,
        "fit": {
            **first,
            "aic": float(res.aic),
            "bic": float(bic),
            "log_likelihood": float(res.llf),
            "df_model": float(df_model),
            "df_resid": float(res.df_resid),
        },
        "cov_type": cov_type,
        "references": [design.display(r) for r in _reference_levels(mod)],
        "method": method,
        "exog": mod.exog,
        "endog": mod.endog,
        "names": names,
    }


def _fit_ols(
    frame: pd.DataFrame,
    design: Design,
    robust: str,
    cluster: str | None,
    weights: str | None,
    notes: list[str],
) -> dict[str, Any]:
    import statsmodels.formula.api as smf

    if weights:
        mod = _build(smf.wls, design, data=frame, weights=frame["__weight__"].to_numpy())
    else:
        mod = _build(smf.ols, design, data=frame)
    _check_model(mod, frame, design)
    cov_type, cov_kwds = _cov_args(robust, cluster, frame, True, bool(weights))
    if weights and robust == "none":
        notes.append(Msg("model_weights_hc1"))
    res = mod.fit(cov_type=cov_type, cov_kwds=cov_kwds, use_t=True)
    names = [design.display(n) for n in mod.exog_names]
    return _fitted(
        mod,
        res,
        _tidy(res, names),
        {"r_squared": float(res.rsquared), "adj_r_squared": float(res.rsquared_adj)},
        bic=res.bic,
        df_model=res.df_model,
        cov_type=cov_type,
        method=Msg("model_wls" if weights else "model_ols", cov=_cov_text(cov_type, True)),
        names=names,
        design=design,
    )


def _build(factory: Any, design: Design, *args: Any, **kwargs: Any) -> Any:
    """Build a statsmodels model from the generated formula of ``design`` (never user text);
    patsy's errors become VariableError naming the user's formula."""
    try:
        from patsy import PatsyError
    except ImportError:  # pragma: no cover - statsmodels may use formulaic instead
        PatsyError = ValueError  # noqa: N806
    from statsmodels.tools.sm_exceptions import MissingDataError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            return factory(design.formula, *args, **kwargs)
        except MissingDataError:
            raise AnalysisError(
                f"model '{design.text}': a transformation gives infinite values (e.g. np.log "
                "of 0 or a very large power); use another transformation such as np.log1p"
            ) from None
        except PatsyError as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise VariableError(
                f"formula '{design.text}' is not valid: {design.display(first)}"
            ) from None


def _check_model(mod: Any, frame: pd.DataFrame, design: Design) -> None:
    if len(mod.endog) != len(frame):
        raise AnalysisError(
            f"model '{design.text}': a transformation gives missing values (e.g. np.log of a "
            "negative number); use another transformation"
        )
    _check_rank(
        np.asarray(mod.exog, dtype="float64"),
        [design.display(n) for n in mod.exog_names],
        design.text,
    )


def _fit_ml(mod: Any, formula: str, fit_kwargs: dict[str, Any]) -> Any:
    from statsmodels.tools.sm_exceptions import (
        ConvergenceWarning,
        PerfectSeparationError,
        PerfectSeparationWarning,
    )

    hint = (
        f"model '{formula}' cannot be estimated: the fit did not converge, usually because a "
        "predictor (or combination) predicts the outcome perfectly (separation) or an outcome "
        "category is very rare; drop or merge that predictor or merge outcome categories"
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = mod.fit(disp=False, **fit_kwargs)
        except (PerfectSeparationError, np.linalg.LinAlgError):
            raise AnalysisError(hint) from None
    bad = any(
        issubclass(w.category, (ConvergenceWarning, PerfectSeparationWarning)) for w in caught
    )
    retvals = getattr(res, "mle_retvals", None) or {}
    if bad or retvals.get("converged") is False or not np.all(np.isfinite(res.bse)):
        raise AnalysisError(hint)
    return res


def _fit_logit(
    frame: pd.DataFrame,
    design: Design,
    robust: str,
    cluster: str | None,
    weights: str | None,
    notes: list[str],
) -> dict[str, Any]:
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    cov_type, cov_kwds = _cov_args(robust, cluster, frame, False, bool(weights))
    if robust in ("hc3", "hc1") and not cluster:
        notes.append(Msg("model_robust_logit", robust=robust))
    if weights:
        mod = _build(
            smf.glm,
            design,
            data=frame,
            family=sm.families.Binomial(),
            var_weights=frame["__weight__"].to_numpy(),
        )
        _check_model(mod, frame, design)
        res = _fit_ml(mod, design.text, {"cov_type": cov_type, "cov_kwds": cov_kwds})
        pseudo = float(res.pseudo_rsquared(kind="mcf"))
        method = Msg("model_logit_weighted", cov=_cov_text(cov_type, False))
    else:
        mod = _build(smf.logit, design, data=frame)
        _check_model(mod, frame, design)
        res = _fit_ml(
            mod, design.text, {"cov_type": cov_type, "cov_kwds": cov_kwds, "maxiter": 200}
        )
        pseudo = float(res.prsquared)
        method = Msg("model_logit", cov=_cov_text(cov_type, False))
    names = [design.display(n) for n in mod.exog_names]
    return _fitted(
        mod,
        res,
        _add_odds_ratios(_tidy(res, names), []),
        {"pseudo_r_squared": pseudo},
        bic=getattr(res, "bic_llf", res.bic),
        df_model=res.df_model,
        cov_type=cov_type,
        method=method,
        names=names,
        design=design,
    )


def _fit_ordinal(
    frame: pd.DataFrame,
    design: Design,
    robust: str,
    cluster: str | None,
    weights: str | None,
    notes: list[str],
) -> dict[str, Any]:
    from scipy import stats
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    cov_type, cov_kwds = _cov_args(robust, cluster, frame, False, False)
    if robust in ("hc3", "hc1") and not cluster:
        notes.append(Msg("model_robust_ordinal", robust=robust))
    try:
        mod = _build(OrderedModel.from_formula, design, data=frame, distr="logit")
    except ValueError as exc:
        raise AnalysisError(f"model '{design.text}': {design.display(str(exc))}") from None
    k_exog = mod.exog.shape[1] if mod.exog is not None else 0
    if len(mod.endog) != len(frame):
        raise AnalysisError(
            f"model '{design.text}': a transformation gives missing values; use another one"
        )
    exog_names = [design.display(n) for n in mod.exog_names[:k_exog]]
    if k_exog:
        _check_rank(
            np.column_stack([np.ones(len(frame)), mod.exog]),
            ["(thresholds)", *exog_names],
            design.text,
        )
    kw: dict[str, Any] = {"method": "bfgs", "maxiter": 2000, "cov_type": cov_type}
    if cov_kwds:
        kw["cov_kwds"] = cov_kwds
    res = _fit_ml(mod, design.text, kw)
    params = np.asarray(res.params, dtype="float64")
    cov = np.asarray(res.cov_params(), dtype="float64")
    labels = [_level_text(v) for v in mod.labels]
    thr_names = [f"{a}/{b}" for a, b in zip(labels[:-1], labels[1:], strict=True)]
    coef = _tidy(res, exog_names + thr_names)
    # thresholds as cut-points with delta-method standard errors
    k_thr = len(thr_names)
    raw = params[k_exog:]
    cuts = np.asarray(mod.transform_threshold_params(params), dtype="float64")[1:-1]
    jac = np.zeros((k_thr, k_thr))
    for j in range(k_thr):
        jac[j, 0] = 1.0
        for i in range(1, j + 1):
            jac[j, i] = math.exp(raw[i])
    vcut = jac @ cov[k_exog:, k_exog:] @ jac.T
    se = np.sqrt(np.diag(vcut))
    crit = stats.norm.ppf(0.975)
    zval = cuts / se
    coef.loc[k_exog:, "estimate"] = cuts
    coef.loc[k_exog:, "std_error"] = se
    coef.loc[k_exog:, "statistic"] = zval
    coef.loc[k_exog:, "p_value"] = 2 * stats.norm.sf(np.abs(zval))
    coef.loc[k_exog:, "conf_low"] = cuts - crit * se
    coef.loc[k_exog:, "conf_high"] = cuts + crit * se
    fitted = _fitted(
        mod,
        res,
        _add_odds_ratios(coef, thr_names),
        {"pseudo_r_squared": float(res.prsquared)},
        bic=res.bic,
        df_model=k_exog,
        cov_type=cov_type,
        method=Msg("model_ordinal", cov=_cov_text(cov_type, False)),
        names=exog_names,
        design=design,
    )
    fitted["thresholds"] = thr_names
    return fitted


def _level_text(v: Any) -> str:
    """An outcome level for a threshold name: "2", "2.5", "1.33333" (not 16 digits)."""
    if isinstance(v, (float, np.floating)):
        return str(int(v)) if float(v).is_integer() else f"{float(v):g}"
    return str(v)


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
