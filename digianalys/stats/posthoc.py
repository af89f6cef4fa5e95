"""Pairwise post-hoc comparisons after a test of 3+ groups.

Post-hoc tables are made for at most :data:`MAX_GROUPS` groups (see there).

Each function takes the groups in display order and returns a tidy DataFrame with columns
:data:`COLUMNS` (``variable`` is filled in by the caller):

- :func:`dunn` — Dunn's (1964) z test on the ranks of all groups pooled, tie-corrected
  variance, two-sided normal p-values, Holm-adjusted within the variable; effect size the
  pairwise rank-biserial r.
- :func:`games_howell` — Welch t for each pair with Welch–Satterthwaite df; ``p_value`` is
  the unadjusted two-sided t p-value, ``p_adjusted`` the Games–Howell p-value from the
  studentized range distribution (``scipy.stats.studentized_range``) with k groups; effect
  size Hedges g.
- :func:`pairwise_tables` — χ² (no continuity correction) or, for a 2×2 table with an
  expected count < 5, Fisher's exact test, for each pair of groups; Holm-adjusted; Cramér's V.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import numpy as np
import pandas as pd

from ..result import from_rows
from . import effect_sizes as es
from .corrections import adjust

#: Above this many tested groups no pairwise post-hoc table is made: k groups give k(k − 1)/2
#: pairs (400 groups: 79,800), which would take minutes and no reader could use; compare says
#: so in its notes (``compare_posthoc_capped``) with how to reduce the groups.
MAX_GROUPS = 30

COLUMNS = [
    "variable",
    "group1",
    "group2",
    "test",
    "statistic",
    "df",
    "p_value",
    "p_adjusted",
    "effect_size",
    "effect_measure",
]


def empty() -> pd.DataFrame:
    """An empty post-hoc table with the standard columns."""
    return pd.DataFrame(
        {c: pd.Series(dtype="object" if c in _TEXT else "float64") for c in COLUMNS}
    )


_TEXT = {"variable", "group1", "group2", "test", "effect_measure"}


def _frame(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return empty()
    return from_rows(rows, columns=COLUMNS)


def dunn(samples: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Dunn's test for every pair of groups (Holm-adjusted)."""
    from scipy.stats import norm, rankdata

    names = list(samples)
    data = np.concatenate([np.asarray(samples[g], float) for g in names])
    n = data.size
    mean_rank = {}
    counted = es.level_counts([samples[g] for g in names])
    if counted is not None:
        # few distinct values: mean ranks from value counts (same sums, no sorting)
        counts = counted[1]
        total = np.sum(counts, axis=0)
        t = total.astype(np.int64)
        mid = es.midranks(total)
        for g, c in zip(names, counts, strict=True):
            mean_rank[g] = float((c * mid).sum()) / len(samples[g])
    else:
        ranks = rankdata(data)
        _, t = np.unique(data, return_counts=True)
        start = 0
        for g in names:
            k = len(samples[g])
            mean_rank[g] = ranks[start : start + k].mean()
            start += k
    tie = float((t**3 - t).sum())
    var = n * (n + 1) / 12.0 - tie / (12.0 * (n - 1))
    rows = []
    for a, b in combinations(names, 2):
        na, nb = len(samples[a]), len(samples[b])
        se = np.sqrt(var * (1.0 / na + 1.0 / nb))
        z = (mean_rank[a] - mean_rank[b]) / se if se > 0 else np.nan
        p = 2.0 * norm.sf(abs(z)) if np.isfinite(z) else np.nan
        rows.append(
            {
                "group1": a,
                "group2": b,
                "test": "Dunn z",
                "statistic": z,
                "df": np.nan,
                "p_value": p,
                "effect_size": es.rank_biserial(samples[a], samples[b]),
                "effect_measure": "rank-biserial r",
            }
        )
    table = _frame(rows)
    table["p_adjusted"] = adjust(table["p_value"].to_numpy(float), "holm")
    return table


def games_howell(samples: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Games–Howell pairwise comparisons (p_adjusted from the studentized range)."""
    from scipy.stats import studentized_range
    from scipy.stats import t as t_dist

    names = list(samples)
    k = len(names)
    stats = {g: (np.mean(samples[g]), np.var(samples[g], ddof=1), len(samples[g])) for g in names}
    rows = []
    for a, b in combinations(names, 2):
        ma, va, na = stats[a]
        mb, vb, nb = stats[b]
        sa, sb = va / na, vb / nb
        se = np.sqrt(sa + sb)
        if not np.isfinite(se) or se == 0:
            tval = dfw = p = p_gh = np.nan
        else:
            tval = (ma - mb) / se
            dfw = (sa + sb) ** 2 / (sa**2 / (na - 1) + sb**2 / (nb - 1))
            p = 2.0 * t_dist.sf(abs(tval), dfw)
            p_gh = float(studentized_range.sf(abs(tval) * np.sqrt(2.0), k, dfw))
            p_gh = min(1.0, max(0.0, p_gh))
        rows.append(
            {
                "group1": a,
                "group2": b,
                "test": "Games–Howell",
                "statistic": tval,
                "df": dfw,
                "p_value": p,
                "p_adjusted": p_gh,
                "effect_size": es.hedges_g(samples[a], samples[b]),
                "effect_measure": "Hedges g",
            }
        )
    return _frame(rows)


def pairwise_tables(table: pd.DataFrame) -> pd.DataFrame:
    """Pairwise χ²/Fisher tests between the rows (groups) of a groups × levels count table."""
    from .group_tests import table_test

    rows = []
    for a, b in combinations(list(table.index), 2):
        sub = table.loc[[a, b]]
        sub = sub.loc[:, sub.sum(axis=0) > 0]
        if sub.shape[1] < 2:
            res = {"test": "Pearson χ²", "statistic": np.nan, "df": np.nan, "p_value": np.nan}
            v = np.nan
        else:
            out = table_test(sub.to_numpy(float))
            res = {
                "test": out.test,
                "statistic": out.statistic,
                "df": out.df,
                "p_value": out.p_value,
            }
            v = es.cramers_v(out.chi2, float(sub.to_numpy().sum()), sub.shape)
        rows.append(
            {"group1": a, "group2": b, **res, "effect_size": v, "effect_measure": "Cramér's V"}
        )
    pairs = _frame(rows)
    pairs["p_adjusted"] = adjust(pairs["p_value"].to_numpy(float), "holm")
    return pairs
