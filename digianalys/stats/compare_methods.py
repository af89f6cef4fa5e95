"""The methods sentences of :func:`~digianalys.stats.compare.compare`: each test, effect size
and post-hoc procedure that ran, named as messages (keys in :mod:`digianalys.output.messages`)."""

from __future__ import annotations

from ..dataset import Dataset
from ..output.i18n import Msg
from . import data
from . import effect_sizes as es

#: Methods-paragraph text of each test, effect size and post-hoc procedure (i18n.MESSAGES keys).
_METHOD_TEXT = {
    "Mann–Whitney U": "test_mann_whitney",
    "Kruskal–Wallis H": "test_kruskal",
    "Welch t": "test_welch_t",
    "Welch ANOVA": "test_welch_anova",
    "Pearson χ²": "test_pearson_chi2",
    "Fisher exact": "test_fisher",
    "weighted Wald F": "test_wald_f",
    "Rao–Scott χ²": "test_rao_scott",
}
_EFFECT_TEXT = {
    "rank-biserial r": "effect_rank_biserial",
    "ε²": "effect_epsilon2",
    "Hedges g": "effect_hedges_g",
    "ω²": "effect_omega2",
    "Cramér's V": "effect_cramers_v",
    "η² (weighted)": "effect_eta2_weighted",
    "Cramér's V (weighted)": "effect_cramers_v_weighted",
}
_POSTHOC_TEXT = {
    "Dunn z": "posthoc_dunn",
    "Games–Howell": "posthoc_games_howell",
    "Pearson χ²": "posthoc_chi2",
    "Fisher exact": "posthoc_fisher",
    "weighted Wald F": "posthoc_wald_f",
    "Rao–Scott χ²": "posthoc_rao_scott",
}


def _texts(names: list[str], keys: dict[str, str]) -> list[str]:
    """Translatable methods texts for ``names`` (unknown names are used as they are)."""
    return [Msg(keys[n]) if n in keys else n for n in names]


def signed_measures(names: list[str]) -> list[Msg]:
    """Translatable names of signed effect sizes (joined with "; " when shown)."""
    keys = {"rank-biserial r": "measure_rank_biserial", "Hedges g": "measure_hedges_g"}
    return [Msg(keys[n]) for n in names]


def methods_sentences(
    by: str,
    ds: Dataset,
    tests: list[str],
    effects: list[str],
    posthocs: list[str],
    correction: str,
    min_cell: int,
    weights: str | None,
) -> list[str]:
    """The methods paragraph of a compare call: grouping, tests, effect sizes, post-hoc
    procedures, correction, weights and minimum cell size actually used."""
    out: list[str] = [Msg("compare_groups_defined", label=data.label(ds, by), by=by)]
    if tests:
        out.append(Msg("compare_tests", tests=_texts(tests, _METHOD_TEXT)))
    if effects:
        out.append(Msg("compare_effects", effects=_texts(effects, _EFFECT_TEXT)))
    if any(e in ("rank-biserial r", "ε²") for e in effects):
        out.append(
            Msg(
                "compare_bootstrap",
                resamples=es.BOOTSTRAP_RESAMPLES,
                seed=es.BOOTSTRAP_SEED,
            )
        )
    if posthocs:
        out.append(Msg("compare_posthoc", posthocs=_texts(posthocs, _POSTHOC_TEXT)))
    if correction == "none":
        out.append(Msg("compare_not_adjusted"))
    else:
        out.append(Msg("compare_adjusted", method=Msg(f"correction_{correction}")))
    if weights:
        out.append(Msg("compare_weighted", weights=weights))
    if min_cell > 0:
        out.append(Msg("compare_min_cell", min_cell=min_cell))
    return out
