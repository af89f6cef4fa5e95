"""compare with weights: the design-based test over the kept groups (weighted Wald F for means,
Rao–Scott χ² for tables, :mod:`.weighted`) and pairwise tests with Holm's correction."""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from ..result import from_rows
from . import posthoc as ph
from . import weighted as wt
from .corrections import adjust

NAN = float("nan")


def weighted_test(fam, kept, grp, vals, levels, w, pairwise=True):
    """Weighted test over the kept groups plus pairwise tests (Holm) for 3+ groups."""

    def _run(groups_: list[str]):
        sel = grp.isin(groups_).to_numpy()
        gcodes = pd.Categorical(grp[sel], categories=groups_).codes
        ww = w[sel].to_numpy(float)
        if fam == "wmean":
            return wt.welch_f(vals[sel].to_numpy(float), gcodes, ww)
        present = [lv for lv in levels if lv in set(vals[sel])]
        if len(present) < 2:
            return wt.WeightedTest("Rao–Scott χ²", NAN, NAN, NAN, NAN, NAN, "Cramér's V (weighted)")
        lcodes = pd.Categorical(vals[sel], categories=present).codes
        return wt.rao_scott(gcodes, lcodes, ww)

    res = _run(kept)
    post = ph.empty()
    if len(kept) > 2 and pairwise:
        rows = []
        for a, b in combinations(kept, 2):
            r = _run([a, b])
            rows.append(
                {
                    "group1": a,
                    "group2": b,
                    "test": r.test,
                    "statistic": r.statistic,
                    "df": r.df,
                    "p_value": r.p_value,
                    "effect_size": r.effect_size,
                    "effect_measure": r.effect_measure,
                }
            )
        post = from_rows(rows)
        post["p_adjusted"] = adjust(post["p_value"].to_numpy(float), "holm")
    return res, post
