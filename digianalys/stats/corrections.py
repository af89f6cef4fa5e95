"""Multiple-testing corrections (thin wrapper over statsmodels ``multipletests``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Allowed ``correction`` values and the sentence used in Result.methods.
METHODS = {
    "holm": "Holm's step-down method",
    "fdr_bh": "the Benjamini–Hochberg false discovery rate procedure",
    "none": "no correction",
}


def check_method(method: str) -> str:
    """Return ``method`` if it is a known correction, else raise AnalysisError."""
    from ..errors import AnalysisError

    if method not in METHODS:
        raise AnalysisError(f"unknown correction '{method}'; use one of: {', '.join(METHODS)}")
    return method


def adjust(p_values: Sequence[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    """Adjusted p-values for ``method`` ('holm', 'fdr_bh' or 'none').

    NaN entries (tests that did not run) are ignored and stay NaN; the family is the set of
    non-missing p-values. fdr_bh uses ``statsmodels.stats.multitest.multipletests``; Holm is
    computed directly (see :func:`_holm`).
    """
    check_method(method)
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if not ok.any():
        return out
    if method == "none":
        out[ok] = p[ok]
        return out
    if method == "holm":
        out[ok] = _holm(p[ok])
        return out
    from statsmodels.stats.multitest import multipletests

    out[ok] = multipletests(p[ok], method=method)[1]
    return out


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values: max over j ≤ i of (m − j)·p₍ⱼ₎, capped at 1.

    Same numbers as ``multipletests(p, method="holm")`` (checked in tests), computed here because
    statsmodels' Holm branch calls ``gc.collect()`` on every call, which costs ~0.1 s in a large
    process and is called once per variable for post-hoc tables.
    """
    m = p.size
    order = np.argsort(p, kind="mergesort")
    adj = np.minimum(1.0, np.maximum.accumulate(p[order] * np.arange(m, 0, -1)))
    out = np.empty(m)
    out[order] = adj
    return out
