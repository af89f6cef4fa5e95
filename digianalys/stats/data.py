"""Shared helpers for the statistics modules: choosing and cleaning columns of a Dataset.

Kept deliberately small and stable (other stats modules import from here):

- :func:`resolve_variables` — validate requested names, or pick the analysable default set;
- :func:`column` / :func:`numeric` — a column as stored, or as float with NaN for missing
  (scales are computed on the fly when a codebook scale is not stored as a column);
- :func:`groups` — the grouping variable as display labels plus the group order;
- :func:`weights` — a validated weights column;
- :func:`value_labels` — code → label for ordinal/binary/multi variables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from ..dataset import Dataset, compute_scales
from ..errors import AnalysisError, VariableError, unknown_variable

#: Variable types analysed by describe/compare by default (multi options are 0/1 like binary).
ANALYSABLE_TYPES = ("ordinal", "binary", "categorical", "numeric", "multi")
#: Types that can group responses (``--by``).
GROUPING_TYPES = ("categorical", "binary", "ordinal", "multi")


def available(ds: Dataset) -> list[str]:
    """Every analysable name: data columns plus codebook scales (stored or computable)."""
    names = list(ds.data.columns)
    return names + [s for s in ds.codebook.scales if s not in names]


def vtype(ds: Dataset, name: str) -> str:
    """Analysis type of ``name``: the codebook type; scales are 'numeric' (see
    :meth:`Dataset.vtype`, which also answers for scales not stored in the data)."""
    return ds.vtype(name)


def label(ds: Dataset, name: str) -> str:
    """The codebook label of a variable or scale (its name when there is none).

    The ``wave`` column added by ingest keeps its default label "Wave" as a translatable
    :class:`~digianalys.output.i18n.Msg` (shown as "Omgång" in Swedish)."""
    text = ds.label(name)
    if name == "wave" and text in ("Wave", "wave"):
        from ..output.i18n import Msg

        return Msg("wave_label")
    return text


def default_variables(ds: Dataset, exclude: Iterable[str] = ()) -> list[str]:
    """All ordinal, binary, categorical, numeric and multi variables and all scales, in codebook
    order (scales last), except ``exclude``. Variables not present in the data are skipped."""
    skip = set(exclude)
    out = [
        v.name
        for v in ds.codebook.variables
        if v.type in ANALYSABLE_TYPES
        and v.name in ds.data.columns
        and v.name not in skip
        and not v.metadata
    ]
    out += [s for s in ds.codebook.scales if s not in skip and s not in out]
    return out


def resolve_variables(
    ds: Dataset,
    variables: str | Sequence[str] | None,
    *,
    exclude: Iterable[str] = (),
    where: str = "the dataset",
) -> list[str]:
    """Validate the requested variable names (or pick :func:`default_variables`).

    Unknown names raise :class:`VariableError` with suggestions; id/text/datetime variables raise
    a VariableError saying they cannot be analysed. Duplicates are dropped, order kept.
    """
    if variables is None:
        return default_variables(ds, exclude)
    if isinstance(variables, str):
        variables = [variables]
    names = available(ds)
    out: list[str] = []
    for name in variables:
        if name not in names:
            raise unknown_variable(name, names, where)
        t = vtype(ds, name)
        if t not in ANALYSABLE_TYPES:
            raise VariableError(
                f"variable '{name}' in {where} is of type {t} and cannot be analysed; "
                f"choose an ordinal, binary, categorical, numeric or multi variable or a scale"
            )
        if name not in out:
            out.append(name)
    return out


def column(ds: Dataset, name: str) -> pd.Series:
    """The column ``name`` as stored; a codebook scale missing from the data is computed."""
    if name in ds.data.columns:
        return ds.data[name]
    if name in ds.codebook.scales:
        # compute only this scale: the items of other scales need not be loaded
        only = replace(ds.codebook, scales={name: ds.codebook.scales[name]})
        return compute_scales(ds.data, only)[name]
    raise unknown_variable(name, available(ds))


def numeric(ds: Dataset, name: str) -> pd.Series:
    """The column as float64 with NaN for missing (ordinal/binary codes become numbers)."""
    col = column(ds, name)
    return pd.to_numeric(col, errors="coerce").astype("float64")


def value_labels(ds: Dataset, name: str) -> dict[int, str]:
    """Code → label for ordinal/binary/multi variables ({} when the codebook has none)."""
    v = ds.codebook.get(name)
    return dict(v.values) if v is not None and v.values else {}


def categories(ds: Dataset, name: str) -> tuple[pd.Series, list[str]]:
    """A variable as display strings (NA kept) plus the ordered list of observed categories.

    Order: the codebook ``levels`` order for categorical variables, code order with labels for
    ordinal/binary/multi variables, otherwise sorted. Only observed categories are listed.
    """
    col = column(ds, name)
    t = vtype(ds, name)
    if t in ("ordinal", "binary", "multi") or pd.api.types.is_numeric_dtype(col):
        labels = value_labels(ds, name)
        codes = pd.to_numeric(col, errors="coerce")
        observed = sorted(codes.dropna().unique().tolist())

        def _lab(c: float) -> str:
            c = int(c) if float(c).is_integer() else c
            return labels.get(c, str(c)) if isinstance(c, int) else str(c)

        mapping = {c: _lab(c) for c in observed}
        out = codes.map(mapping).astype("string")
        order = list(dict.fromkeys(mapping[c] for c in observed))
        return out, order
    out = col.astype("string").str.strip()
    out = out.mask(out == "")
    seen = set(out.dropna().unique().tolist())
    v = ds.codebook.get(name)
    levels = [lv for lv in (v.levels or {}) if lv in seen] if v is not None else []
    levels += sorted(seen - set(levels))
    return out, levels


def groups(ds: Dataset, by: str) -> tuple[pd.Series, list[str]]:
    """The grouping variable as display labels (NA for missing) and the group order.

    Raises :class:`VariableError` for an unknown name or a type that cannot group (numeric,
    text, id, datetime), :class:`AnalysisError` when no response has a group.
    """
    names = available(ds)
    if by not in names:
        raise unknown_variable(by, names, "the dataset (--by)")
    t = vtype(ds, by)
    if t not in GROUPING_TYPES:
        raise VariableError(
            f"grouping variable '{by}' is {t}; --by needs a categorical, binary or ordinal variable"
        )
    labels, order = categories(ds, by)
    if not order:
        raise AnalysisError(f"grouping variable '{by}' has no non-missing values; choose another")
    return labels, order


def weights(ds: Dataset, name: str) -> pd.Series:
    """The weights column as float64; missing weights are NaN (those rows are left out).

    Raises :class:`VariableError` for an unknown or non-numeric column and
    :class:`AnalysisError` for negative or all-missing/zero weights.
    """
    names = list(ds.data.columns)
    if name not in names:
        raise unknown_variable(name, names, "the dataset (--weights)")
    col = ds.data[name]
    if not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)):
        raise VariableError(f"weights column '{name}' is not numeric; give a column of weights")
    w = pd.to_numeric(col, errors="coerce").astype("float64")
    if (w < 0).any():
        raise AnalysisError(f"weights column '{name}' has negative values; weights must be ≥ 0")
    if not np.isfinite(w).any() or float(w.sum()) <= 0:
        raise AnalysisError(f"weights column '{name}' has no positive weights")
    return w.where(np.isfinite(w))
