"""Seeded simulation: under the null each of compare's tests rejects about 5 % of datasets at
α = 0.05, and a large planted effect is found (power > 80 %).

Calls the same test functions compare() uses. 2,000 datasets per test; the tolerance is
5 % ± 1.5 % (the binomial SE at 2,000 is 0.49 %, so ± 1.5 % is about 3 SE).
"""

from __future__ import annotations

import numpy as np
import pytest

from digianalys.stats import group_tests as cmp

N_SIM = 2000
ALPHA = 0.05


def _ordinal(rng, n, shift=0.0):
    # 5-point Likert responses from a latent normal, shifted for an effect
    z = rng.normal(shift, 1.0, n)
    return np.digitize(z, [-1.2, -0.4, 0.4, 1.2]).astype(float) + 1


def _table(rng, sizes, probs):
    return np.array([rng.multinomial(n, p) for n, p in zip(sizes, probs, strict=True)])


def _rate(fn, seed: int, n_sim: int = N_SIM) -> float:
    rng = np.random.default_rng(seed)
    p = np.array([fn(rng) for _ in range(n_sim)])
    return float(np.mean(p < ALPHA))


NULL_CASES = {
    "Mann–Whitney U": lambda r: cmp.mann_whitney(_ordinal(r, 40), _ordinal(r, 30)).p_value,
    "Kruskal–Wallis H": lambda r: (
        cmp.kruskal_wallis([_ordinal(r, n) for n in (30, 25, 20)]).p_value
    ),
    "Welch t": lambda r: cmp.welch_t(r.normal(0, 1, 25), r.normal(0, 3, 15)).p_value,
    "Welch ANOVA": lambda r: (
        cmp.welch_anova([r.normal(0, s, n) for s, n in ((1, 20), (2, 15), (3, 25))]).p_value
    ),
    "Pearson χ²": lambda r: cmp.table_test(_table(r, (60, 50, 40), [[0.3, 0.5, 0.2]] * 3)).p_value,
}

EFFECT_CASES = {
    "Mann–Whitney U": lambda r: cmp.mann_whitney(_ordinal(r, 40), _ordinal(r, 40, 0.8)).p_value,
    "Kruskal–Wallis H": lambda r: (
        cmp.kruskal_wallis([_ordinal(r, 30), _ordinal(r, 30, 0.5), _ordinal(r, 30, 1.0)]).p_value
    ),
    "Welch t": lambda r: cmp.welch_t(r.normal(0, 1, 40), r.normal(1.0, 1.5, 40)).p_value,
    "Welch ANOVA": lambda r: cmp.welch_anova([r.normal(m, 1, 25) for m in (0, 0.5, 1.0)]).p_value,
    "Pearson χ²": lambda r: (
        cmp.table_test(_table(r, (100, 100), [[0.3, 0.5, 0.2], [0.55, 0.3, 0.15]])).p_value
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(NULL_CASES))
def test_type_one_error(name):
    rate = _rate(NULL_CASES[name], seed=1234 + len(name))
    assert 0.035 <= rate <= 0.065, f"{name}: null rejection rate {rate:.3f}"


@pytest.mark.parametrize("name", list(EFFECT_CASES))
def test_power_large_effect(name):
    rate = _rate(EFFECT_CASES[name], seed=4321 + len(name), n_sim=500)
    assert rate > 0.8, f"{name}: power {rate:.3f}"
