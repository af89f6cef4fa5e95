"""The ``summary_<group>`` cells of compare's table: median [quartiles] and mean, mean (SD),
share in % or the most common answer, each group on its own; "–" where too few answered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..output.i18n import Msg
from .disclosure import suppress_table

SUPPRESSED = "–"
NAN = float("nan")


def _num(v: float) -> str:
    if not np.isfinite(v):
        return SUPPRESSED
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"


def group_summary(
    vtype: str,
    values: np.ndarray | pd.Series,
    w: np.ndarray | None,
    levels: Sequence[str] = (),
    min_cell: int = 0,
) -> str:
    """Display summary of one group (see :func:`compare`).

    Unweighted summaries follow describe's frequency-table rule: a binary/multi summary whose
    yes or no count is 1 … min_cell − 1 is "–", and so is a categorical answer's share (plus
    the next-smallest share, so that it cannot be recovered as 100 % minus the others).
    """
    from . import weighted as wt

    if vtype in ("binary", "multi"):
        v = np.asarray(values, float)
        if w is None:
            k = int((v == 1).sum())
            if min_cell > 0 and (0 < k < min_cell or 0 < v.size - k < min_cell):
                return SUPPRESSED
            return f"{100.0 * k / v.size:.1f} % ({k}/{v.size})"
        return Msg("summary_weighted_share", percent=f"{100.0 * wt.mean(v == 1, w):.1f}", n=v.size)
    if vtype == "categorical":
        s = pd.Series(np.asarray(values, dtype=object))
        weights_ = np.ones(len(s)) if w is None else np.asarray(w, float)
        shares = pd.Series(weights_).groupby(s.to_numpy()).sum()
        shares = shares / shares.sum()
        if levels:
            shares = shares.reindex(list(levels))
        shares = shares[shares > 0]
        hide = pd.Series(False, index=shares.index)
        if w is None and min_cell > 0:
            counts = s.value_counts().reindex(shares.index, fill_value=0)
            hide = suppress_table(counts.to_frame().T, min_cell).iloc[0]
        if not len(shares):
            return SUPPRESSED
        top: Any = shares.idxmax()  # the first of equally common answers, in level order
        share = SUPPRESSED if hide[top] else f"{100.0 * shares[top]:.0f} %"
        return Msg("summary_categorical", level=str(top), share=share, k=len(shares))
    v = np.asarray(values, float)
    if w is None:
        m, sd = float(v.mean()), float(v.std(ddof=1)) if v.size > 1 else NAN
        med, q1, q3 = np.percentile(v, [50, 25, 75])
    else:
        m, sd = wt.mean(v, w), wt.sd(v, w)
        med, q1, q3 = (wt.quantile(v, w, q) for q in (0.5, 0.25, 0.75))
    if vtype == "ordinal":
        return Msg("summary_ordinal", median=_num(med), q1=_num(q1), q3=_num(q3), mean=f"{m:.2f}")
    return f"{m:.2f} ({sd:.2f})" if np.isfinite(sd) else f"{m:.2f}"
