"""The fast paths added for issue 6 give the same answers as the straightforward computations.

Each fast path is checked against an independent reference: scipy called directly (Kruskal–Wallis,
Mann–Whitney U, ranks), pandas' own ``duplicated``, and factorising without the shared cache.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kruskal, mannwhitneyu, rankdata

from digianalys.ingest.combine import duplicated_rows
from digianalys.ingest.distinct_values import cell_codes, distinct
from digianalys.ingest.number_parsing import STR
from digianalys.ingest.speed import ingest_call, shared_cache
from digianalys.stats import effect_sizes as es
from digianalys.stats import posthoc as ph
from digianalys.stats.compare import kruskal_wallis

LEVELS = [1.0, 2.0, 3.0, 4.0, 5.0, 7.5, -2.0, 0.25]


def _likert_samples(rng: np.random.Generator, k: int) -> list[np.ndarray]:
    levels = LEVELS[: rng.integers(1, len(LEVELS) + 1)]
    return [rng.choice(levels, size=int(rng.integers(1, 2000))) for _ in range(k)]


@pytest.mark.parametrize("seed", range(20))
def test_kruskal_from_counts_equals_scipy(seed):
    rng = np.random.default_rng(seed)
    samples = _likert_samples(rng, int(rng.integers(2, 5)))
    got = kruskal_wallis(samples)
    if np.unique(np.concatenate(samples)).size < 2:
        assert np.isnan(got.statistic) and np.isnan(got.p_value)
        return
    ref = kruskal(*samples)
    assert got.statistic == pytest.approx(ref.statistic, rel=1e-12, abs=1e-12)
    assert got.p_value == pytest.approx(ref.pvalue, rel=1e-10, abs=1e-15)
    assert got.df == len(samples) - 1


def test_kruskal_many_distinct_values_uses_scipy():
    rng = np.random.default_rng(7)
    samples = [rng.normal(size=300), rng.normal(0.3, size=200), rng.normal(size=100)]
    ref = kruskal(*samples)
    got = kruskal_wallis(samples)
    assert got.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert got.p_value == pytest.approx(ref.pvalue, rel=1e-10)


@pytest.mark.parametrize("seed", range(20))
def test_rank_biserial_from_counts_equals_mann_whitney(seed):
    rng = np.random.default_rng(100 + seed)
    x, y = _likert_samples(rng, 2)
    u1 = mannwhitneyu(x, y, alternative="two-sided").statistic
    assert es.rank_biserial(x, y) == pytest.approx(2.0 * u1 / (x.size * y.size) - 1.0, abs=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_dunn_from_counts_equals_ranks(seed):
    rng = np.random.default_rng(200 + seed)
    samples = dict(zip("abc", _likert_samples(rng, 3), strict=True))
    data = np.concatenate(list(samples.values()))
    ranks = rankdata(data)
    n = data.size
    _, t = np.unique(data, return_counts=True)
    var = n * (n + 1) / 12.0 - float((t**3 - t).sum()) / (12.0 * (n - 1))
    bounds = np.cumsum([0] + [len(s) for s in samples.values()])
    mean_rank = [ranks[bounds[i] : bounds[i + 1]].mean() for i in range(3)]
    got = ph.dunn(samples)
    pairs = [(0, 1), (0, 2), (1, 2)]
    for row, (i, j) in zip(got.itertuples(), pairs, strict=True):
        ni, nj = len(samples["abc"[i]]), len(samples["abc"[j]])
        se = np.sqrt(var * (1 / ni + 1 / nj))
        if se == 0:
            assert np.isnan(row.statistic)
        else:
            assert row.statistic == pytest.approx((mean_rank[i] - mean_rank[j]) / se, abs=1e-12)


def test_level_counts_limits():
    assert es.level_counts([np.arange(60.0)]) is None  # more than 50 distinct values
    levels, counts = es.level_counts([np.array([3.0, 1.0, 3.0]), np.array([1.0, 2.0])])
    assert levels.tolist() == [1.0, 2.0, 3.0]
    assert [c.tolist() for c in counts] == [[1.0, 0.0, 2.0], [1.0, 1.0, 0.0]]
    levels, counts = es.level_counts([np.array([0.5, 0.25, 0.5])])
    assert levels.tolist() == [0.25, 0.5] and counts[0].tolist() == [1.0, 2.0]
    assert es.midranks(np.array([2.0, 1.0, 3.0])).tolist() == [1.5, 3.0, 5.0]


def _frame(rng: np.random.Generator, n: int) -> pd.DataFrame:
    pool = np.array(["Ja", "Nej", " Ja", "Ja ", "", "Vet ej", "ja", None], dtype=object)
    return pd.DataFrame(
        {i: pd.array(pool[rng.integers(0, 3 + i, size=n)], dtype=STR) for i in range(5)}
    )


@pytest.mark.parametrize("seed", range(10))
def test_duplicated_rows_equals_pandas(seed, monkeypatch):
    monkeypatch.delenv("DIGIANALYS_PLAIN", raising=False)
    rng = np.random.default_rng(300 + seed)
    df = _frame(rng, 400)
    cols = list(df.columns)
    expected = df.duplicated(subset=cols, keep="first").to_numpy()
    with ingest_call(), shared_cache():
        assert (duplicated_rows(df, cols) == expected).all()
    assert (duplicated_rows(df, cols) == expected).all()  # without the cache too
    assert (duplicated_rows(df, cols[1:3]) == df.duplicated(subset=cols[1:3]).to_numpy()).all()


def test_duplicated_rows_many_columns_no_overflow():
    rng = np.random.default_rng(5)
    n = 3000
    df = pd.DataFrame(
        {i: pd.array(rng.integers(0, 2000, size=n).astype(str), dtype=STR) for i in range(12)}
    )
    df = pd.concat([df, df.iloc[[5, 17, 2999]]], ignore_index=True)
    got = duplicated_rows(df, list(df.columns))
    assert (got == df.duplicated().to_numpy()).all() and got.sum() == 3


def test_shared_distinct_reuses_and_matches(monkeypatch):
    monkeypatch.delenv("DIGIANALYS_PLAIN", raising=False)
    rng = np.random.default_rng(9)
    s = _frame(rng, 300)[4]
    plain = distinct(s)
    with ingest_call(), shared_cache():
        first = distinct(s)
        assert distinct(s) is first  # the same column is factorised once
        raw, n_raw = cell_codes(s)
    for a, b in zip(plain, first, strict=True):
        if isinstance(a, pd.Series):
            assert a.equals(b)
        else:
            assert np.array_equal(a, b)
    # stripped values merge " Ja" / "Ja " / "Ja"; exact cell codes keep them apart
    values = plain[1].tolist()
    assert len(values) == len(set(values)) and all(v == v.strip() for v in values)
    assert n_raw == s.dropna().nunique()
    assert (raw == -1).sum() == s.isna().sum()
    assert first[0].flags.writeable is False
