"""Design-based estimates for a dataset with a population design (``design.yaml`` written by
:func:`~digianalys.stats.population.population`): the survey design of the respondents and
describe's means and shares with standard errors, design effects and estimated counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..errors import AnalysisError
from . import data
from .design import SurveyDesign
from .population import DESIGN_FILE, WEIGHT_COLUMN, DesignSpec, combine_columns

#: ``--inference``: about the population's organisations (finite) or beyond it (model).
INFERENCES = ("finite", "model")


def load_design(ds: Dataset) -> DesignSpec | None:
    """The design.yaml of a dataset directory (None when there is none)."""
    import yaml

    if ds.path is None or not (Path(ds.path) / DESIGN_FILE).is_file():
        return None
    path = Path(ds.path) / DESIGN_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return DesignSpec(
            frame=str(raw["frame"]),
            frame_sha256=str(raw["frame_sha256"]),
            id=str(raw["id"]),
            frame_id=str(raw["frame_id"]),
            strata=[str(s) for s in raw.get("strata") or []],
            population={str(k): int(v) for k, v in raw["population"].items()},
            weighting=str(raw.get("weighting", "none")),
            margins=[str(m) for m in raw.get("margins") or []],
            trim=raw.get("trim"),
            weight_summary=dict(raw.get("weight_summary") or {}),
            where=raw.get("where"),
        )
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        from ..errors import DatasetError

        raise DatasetError(
            f"{path}: not a design file written by 'digianalys population' ({type(exc).__name__}); "
            "run 'digianalys population' again"
        ) from None


def design_for(
    ds: Dataset, inference: str | None, weights: str | None
) -> tuple[DesignSpec, SurveyDesign, np.ndarray] | None:
    """The population design to use for ``inference`` ("finite", "model" or None: finite when
    the dataset has a design that covers all its responses): (spec, design, rows in it), or
    None for model-based inference. Errors say what to do when finite inference cannot be."""
    if inference is not None and inference not in INFERENCES:
        raise AnalysisError(f"unknown inference '{inference}'; use one of: {', '.join(INFERENCES)}")
    if inference == "model":
        return None
    spec = load_design(ds)
    if spec is None:
        if inference == "finite":
            raise AnalysisError(
                "finite-population inference needs the population design: run 'digianalys "
                "population' on the dataset first (it writes design.yaml), or use --inference model"
            )
        return None
    if spec.where:
        from ..where import where_mask

        if not where_mask(ds, spec.where).all():
            # the design describes a subset (e.g. one wave of a panel); these responses are more
            if inference == "finite":
                raise AnalysisError(
                    f"the population design describes the responses with {spec.where} only; "
                    f'add --where "{spec.where}" for finite-population estimates, or use '
                    "--inference model"
                )
            return None
    if weights:
        raise AnalysisError(
            f"the dataset has a population design (design.yaml) whose weights describe uses; "
            f"leave out --weights {weights}, or use --inference model to weight by it instead"
        )
    design, rows = survey_design(ds, spec)
    return spec, design, rows


def unused_design_note(ds: Dataset) -> Any:
    """The note for a default (finite) analysis that could not use the dataset's population
    design because the design describes a subset of its responses (e.g. the last wave): which
    filter gives the finite-population estimates. None when there is no such design."""
    from ..output.i18n import Msg

    spec = load_design(ds)
    if spec is None or not spec.where:
        return None
    return Msg("design_for_subset", where=spec.where)


def model_based_note(ds: Dataset, key: str) -> Any:
    """The note of a model-based analysis (the default of compare, correlate, model, scales)
    on a dataset with a population design: message ``key`` (how --inference finite gives the
    design-based version), or, when the design describes only some of the responses analysed,
    the note naming the filter that gives it. None without a design."""
    from ..output.i18n import Msg
    from ..where import where_mask

    spec = load_design(ds)
    if spec is None:
        return None
    if spec.where and not where_mask(ds, spec.where).all():
        return Msg("design_for_subset_model", where=spec.where)
    return Msg(key)


def survey_design(ds: Dataset, spec: DesignSpec) -> tuple[SurveyDesign, np.ndarray]:
    """The :class:`SurveyDesign` of the respondents, and the mask of the dataset rows in it
    (rows without a stratum or weight, or outside the design's ``where``, are not in it)."""
    from ..where import where_mask

    if spec.where:
        ds = Dataset(
            data=ds.data.loc[where_mask(ds, spec.where)].reset_index(drop=True),
            codebook=ds.codebook,
            path=ds.path,
        )
    if spec.strata:
        stratum = combine_columns([ds.data[s].astype("string") for s in spec.strata])
    else:
        stratum = pd.Series(["all"] * len(ds.data), dtype="object")
    rows = stratum.notna().to_numpy().copy()  # (pandas may hand out a read-only view)
    weighted = spec.weighting != "none" and WEIGHT_COLUMN in ds.data.columns
    if weighted:
        w_all = pd.to_numeric(ds.data[WEIGHT_COLUMN], errors="coerce").to_numpy(dtype=float)
        rows &= ~np.isnan(w_all)
    st = stratum.to_numpy(dtype=object)[rows]
    unknown = sorted({str(s) for s in st} - set(spec.population))
    if unknown:
        raise AnalysisError(
            f"respondents in {', '.join(unknown[:5])} are not in the design's population; "
            "run 'digianalys population' again"
        )
    counts = pd.Series(st).value_counts()
    base = np.array([spec.population[str(s)] / counts[s] for s in st], dtype=float)
    kwargs: dict[str, Any] = {}
    if weighted:
        w = w_all[rows]
        margins = [ds.data[m].astype("string").to_numpy(dtype=object)[rows] for m in spec.margins]
        if spec.weighting == "poststratify":
            cells = combine_columns([pd.Series(m) for m in margins]).to_numpy()
            kwargs = {"poststrata": cells, "base": base}
        elif spec.weighting == "rake":
            kwargs = {"margins": margins}
        elif spec.weighting == "calibrate":
            kwargs = {"x": _calibration_matrix(ds, spec, rows), "base": base}
    else:
        w = base
    design = SurveyDesign(
        weights=w, strata=st, population={k: float(v) for k, v in spec.population.items()}, **kwargs
    )
    return design, rows


def _calibration_matrix(ds: Dataset, spec: DesignSpec, rows: np.ndarray) -> np.ndarray:
    cols = [np.ones(int(rows.sum()))]
    for m in spec.margins:
        col = ds.data[m]
        if pd.api.types.is_numeric_dtype(col):
            cols.append(pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)[rows])
            continue
        values = col.astype("string").to_numpy(dtype=object)[rows]
        levels = sorted({str(v) for v in values if v is not None and v is not pd.NA})
        for level in levels[1:]:
            cols.append((values == level).astype(float))
    return np.column_stack(cols)


def design_estimates(
    ds: Dataset, spec: DesignSpec, variables: list[str], by: str | None = None
) -> pd.DataFrame:
    """Finite-population estimates per variable (and group of ``by``): ``mean, mean_se,
    mean_low, mean_high, deff`` and, for 0/1 variables (binary, multi) and the top-two share of
    ordinal ones, ``share, conf_low, conf_high, est_count, est_count_low, est_count_high`` —
    the estimated number of organisations in the population (N̂·p, logit interval)."""
    from ..where import where_mask

    if spec.where:  # the design describes these responses only (e.g. one wave)
        ds = Dataset(
            data=ds.data.loc[where_mask(ds, spec.where)].reset_index(drop=True),
            codebook=ds.codebook,
            path=ds.path,
        )
    design, rows = survey_design(ds, spec)
    if by is not None:
        groups, order = data.groups(ds, by)
        group_values = groups.astype(object).where(groups.notna(), None).to_numpy()[rows]
    else:
        order, group_values = [""], np.array([""] * int(rows.sum()), dtype=object)
    out: list[dict[str, Any]] = []
    for name in variables:
        vtype = data.vtype(ds, name)
        if vtype == "categorical":
            continue
        y = data.numeric(ds, name).to_numpy(dtype=float)[rows]
        share_y = None
        if vtype in ("binary", "multi"):
            share_y = (y == 1).astype(float)
        elif vtype == "ordinal":
            labels = data.value_labels(ds, name)
            top = sorted(labels)[-2:] if len(labels) >= 2 else []
            share_y = np.isin(y, top).astype(float) if top else None
        for group in order:
            in_group = (group_values == group) if by is not None else np.ones(len(y), bool)
            answered = in_group & ~np.isnan(y)
            if answered.sum() < 2:
                continue
            yy = np.where(np.isnan(y), 0.0, y)
            m = design.mean(yy, domain=answered)
            row: dict[str, Any] = {
                "variable": name,
                "group": group,
                "mean": m.estimate,
                "mean_se": m.se,
                "mean_low": m.low,
                "mean_high": m.high,
                "deff": m.deff,
            }
            if share_y is not None:
                p = design.share(share_y, domain=answered)
                # the number of the group's organisations in the population (all of them, not
                # only those answering the question: the missing answers are taken to be like
                # the group's others) times the share and its interval
                size = float(np.sum(design.weights[in_group]))
                row.update(
                    share=p.estimate,
                    conf_low=p.low,
                    conf_high=p.high,
                    est_count=p.estimate * size,
                    est_count_low=p.low * size,
                    est_count_high=p.high * size,
                )
            out.append(row)
    columns = [
        "variable", "group", "mean", "mean_se", "mean_low", "mean_high", "deff", "share",
        "conf_low", "conf_high", "est_count", "est_count_low", "est_count_high",
    ]  # fmt: skip
    return pd.DataFrame(out, columns=columns)


def share_percent(
    found: tuple[DesignSpec, SurveyDesign, np.ndarray], hit: np.ndarray, domain: np.ndarray
) -> tuple[float, float, float]:
    """A share in percent with its design-based 95 % interval (``svyciprop``, logit) for the
    dataset rows ``domain`` (boolean over the dataset's rows; ``hit``: the rows counted)."""
    _, design, rows = found
    d = np.asarray(domain, dtype=bool)[rows]
    s = design.share(np.asarray(hit, dtype=bool)[rows].astype(float), d)
    return 100 * s.estimate, 100 * s.low, 100 * s.high


def mean_interval(
    found: tuple[DesignSpec, SurveyDesign, np.ndarray], y: np.ndarray, domain: np.ndarray
) -> tuple[float, float, float]:
    """A mean with its design-based 95 % t interval (``svymean``) for the dataset rows
    ``domain`` (``y`` over the dataset's rows; NaN outside the domain is allowed)."""
    _, design, rows = found
    d = np.asarray(domain, dtype=bool)[rows]
    yy = np.where(d, np.asarray(y, dtype=float)[rows], 0.0)
    m = design.mean(yy, d)
    return m.estimate, m.low, m.high
