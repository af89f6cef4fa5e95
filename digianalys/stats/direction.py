"""The ``direction`` cells of compare's tables: which group the test shows to be higher.

A direction is shown only where the adjusted p-value supports it (below ``alpha``), and for a
post-hoc pair only when the variable's overall test was significant too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..output.i18n import Msg

NAN = float("nan")

#: Significance level below which the adjusted p-value supports a direction (``alpha``).
ALPHA = 0.05

#: Effect sizes with a sign: positive when the first group of the pair is higher (rank-biserial
#: r = P(X₁ > X₂) − P(X₁ < X₂); Hedges g from mean₁ − mean₂, the sign of Welch's t).
DIRECTIONAL = ("rank-biserial r", "Hedges g")


def direction(effect: float, measure: str, group1: str, group2: str) -> str:
    """The ``direction`` cell: which group the signed effect size says is higher
    ("2021 higher than 2018"), "" for unsigned measures (ε², ω², Cramér's V) or no estimate."""
    if measure not in DIRECTIONAL or not np.isfinite(effect):
        return ""
    if effect == 0:
        return Msg("direction_none")
    hi, lo = (group1, group2) if effect > 0 else (group2, group1)
    return Msg("direction_higher", higher=hi, lower=lo)


def pair_order(
    a: str, b: str, effect: float, measure: str, centres: dict[str, float]
) -> tuple[str, str] | None:
    """(higher, lower) of groups ``a`` and ``b``: by the sign of a signed effect size (the sign
    of the test's own statistic), else by the groups' means or shares; None when unordered
    (categorical variables) or equal."""
    if measure in DIRECTIONAL and np.isfinite(effect) and effect != 0:
        return (a, b) if effect > 0 else (b, a)
    ca, cb = centres.get(a, NAN), centres.get(b, NAN)
    if np.isfinite(ca) and np.isfinite(cb) and ca != cb:
        return (a, b) if ca > cb else (b, a)
    return None


def pair_direction(
    a: str,
    b: str,
    effect: float,
    measure: str,
    centres: dict[str, float],
    p_adjusted: float,
    overall: bool,
    alpha: float = ALPHA,
) -> str:
    """The ``direction`` cell of a post-hoc pair: "<a> higher than <b>" (or "a ≠ b" for
    unordered answers) only when the pair's adjusted p is below ``alpha`` *and* the overall
    test of the variable was significant (``overall``); "no difference shown" otherwise, ""
    when not tested."""
    if not np.isfinite(p_adjusted):
        return ""
    if p_adjusted >= alpha:
        return Msg("direction_not_shown")
    if not overall:
        return Msg("direction_not_shown_overall")
    order = pair_order(a, b, effect, measure, centres)
    if order is None:
        return f"{a} ≠ {b}"
    return Msg("direction_higher", higher=order[0], lower=order[1])


def main_direction(
    p_adjusted: float,
    kept: list[str],
    effect: float,
    measure: str,
    centres: dict[str, float],
    posthoc: pd.DataFrame,
    alpha: float = ALPHA,
) -> str:
    """The ``direction`` cell of a compared variable.

    Empty when not tested; "no difference shown" when the adjusted p is ≥ ``alpha``. Two
    groups: "<higher> higher than <lower>" (by the signed effect size, else the means or
    shares; "a ≠ b" for categorical answers). Three or more: built from the significant
    post-hoc pairs (adjusted p < ``alpha``), each higher group followed by the groups it
    exceeds — "statlig > kommunal, regional; regional > kommunal" — or "the groups differ;
    no single pair was shown to differ" when no pair is significant.
    """
    if not np.isfinite(p_adjusted):
        return ""
    if p_adjusted >= alpha:
        return Msg("direction_not_shown")
    if len(kept) == 2:
        order = pair_order(kept[0], kept[1], effect, measure, centres)
        if order is None:
            return f"{kept[0]} ≠ {kept[1]}"
        return Msg("direction_higher", higher=order[0], lower=order[1])
    if not len(posthoc):
        return Msg("direction_differs")
    above: dict[str, list[str]] = {}
    unordered: list[str] = []
    pairs = zip(
        posthoc["group1"].tolist(),
        posthoc["group2"].tolist(),
        posthoc["effect_size"].to_numpy(float),
        posthoc["effect_measure"].tolist(),
        posthoc["p_adjusted"].to_numpy(float),
        strict=True,
    )
    for g1, g2, eff, meas, p_adj in pairs:
        if not (np.isfinite(p_adj) and p_adj < alpha):
            continue
        order = pair_order(g1, g2, float(eff), meas, centres)
        if order is None:
            unordered.append(f"{g1} ≠ {g2}")
        else:
            above.setdefault(order[0], []).append(order[1])
    if not above and not unordered:
        return Msg("direction_no_pair")
    rank = {g: i for i, g in enumerate(kept)}
    parts = [
        f"{hi} > {', '.join(sorted(lows, key=lambda g: rank.get(g, 0)))}"
        for hi, lows in sorted(above.items(), key=lambda kv: rank.get(kv[0], 0))
    ]
    return "; ".join(parts + unordered)
