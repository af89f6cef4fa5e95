"""Fitting the models of :func:`~digianalys.stats.models.model` with statsmodels: OLS/WLS,
logit and proportional-odds (ordinal) logit over a built design (:mod:`.formula_design`), with
the covariance type asked for, and the tidy coefficient table each gives."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..errors import AnalysisError, VariableError
from ..output.i18n import Msg
from .formula_design import Design


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
    if spec is None or not factor_infos:
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


def fit_ols(
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


def _newton_polish(mod: Any, res: Any, fit_kwargs: dict[str, Any]) -> Any:
    """BFGS stops about 1e-5 short of the proportional-odds optimum; a few Newton steps from
    there reach it (MASS::polr to 1e-7, tests/data/r_honest/ordinal.R). Kept only when the
    log-likelihood is at least as high and the result is finite."""
    kw = {**fit_kwargs, "method": "newton", "maxiter": 50}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            polished = mod.fit(start_params=res.params, disp=False, **kw)
    except (np.linalg.LinAlgError, ValueError):
        return res
    if (
        np.all(np.isfinite(polished.params))
        and np.all(np.isfinite(polished.bse))
        and polished.llf >= res.llf - 1e-9
    ):
        return polished
    return res


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


def fit_logit(
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


def fit_ordinal(
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
    res = _newton_polish(mod, res, kw)
    params = np.asarray(res.params, dtype="float64")
    cov = np.asarray(res.cov_params(), dtype="float64")
    labels = [level_text(v) for v in mod.labels]
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


def level_text(v: Any) -> str:
    """An outcome level for a threshold name: "2", "2.5", "1.33333" (not 16 digits)."""
    if isinstance(v, (float, np.floating)):
        return str(int(v)) if float(v).is_integer() else f"{float(v):g}"
    return str(v)
