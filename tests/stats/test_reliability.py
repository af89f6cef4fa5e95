"""scales(): Cronbach's alpha (Feldt CI), omega and item statistics against independent references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import CodebookError, VariableError
from digianalys.stats.reliability import scales

REL = 1e-6


def _alpha_by_variances(items: pd.DataFrame) -> float:
    """Textbook alpha on complete data: k/(k-1) * (1 - sum of item variances / variance of sum)."""
    k = items.shape[1]
    return k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))


def _feldt(alpha: float, n: int, k: int) -> tuple[float, float]:
    d1, d2 = n - 1, (n - 1) * (k - 1)
    return (
        1 - (1 - alpha) * stats.f.ppf(0.975, d1, d2),
        1 - (1 - alpha) * stats.f.ppf(0.025, d1, d2),
    )


@pytest.fixture
def quiz(realdata) -> Dataset:
    """pingouin's cronbach_wide_missing.csv: 11 binary items, 12 respondents, missing cells."""
    df = pd.read_csv(realdata / "pingouin_cronbach_wide_missing.csv", encoding="utf-8-sig")
    df.columns = [c.lower() for c in df.columns]
    df = df.astype("Int64")
    cb = Codebook.from_dict(
        {
            "variables": [{"name": c, "type": "binary"} for c in df.columns],
            "scales": {"quiz": {"items": list(df.columns), "min_items": 1}},
        }
    )
    return Dataset(data=df, codebook=cb)


def test_published_pingouin_alpha_pairwise(quiz):
    # pingouin.cronbach_alpha(data=df, nan_policy="pairwise") -> 0.732661, CI95% [0.435, 0.909]
    # pingouin's CI uses all 12 rows; the Feldt CI here uses the 9 complete responses (issue
    # 11.6: the rows with some items missing do not carry a complete response's information)
    row = scales(quiz).main.iloc[0]
    assert row["alpha"] == pytest.approx(0.732661, abs=5e-7)
    complete = int(quiz.data.notna().all(axis=1).sum())
    assert complete == 9
    assert (row["conf_low"], row["conf_high"]) == pytest.approx(
        _feldt(0.732661, complete, 11), abs=2e-6
    )
    assert _feldt(0.732661, 12, 11) == pytest.approx((0.435, 0.909), abs=5e-4)  # pingouin's
    assert row["n"] == 12 and row["n_items"] == 11


def test_published_pingouin_alpha_listwise(quiz):
    # pingouin.cronbach_alpha(..., nan_policy="listwise") -> 0.801695 on the 9 complete rows.
    # pingouin's published CI [0.581, 0.933] uses n = 12 (rows before deletion); we use n = 9.
    res = scales(quiz, missing="listwise")
    row = res.main.iloc[0]
    complete = quiz.data.astype("float64").dropna()
    assert row["n"] == len(complete) == 9
    assert row["alpha"] == pytest.approx(0.801695, abs=5e-7)
    assert row["alpha"] == pytest.approx(_alpha_by_variances(complete), rel=REL)
    low, high = _feldt(row["alpha"], 9, 11)
    assert row["conf_low"] == pytest.approx(low, rel=REL)
    assert row["conf_high"] == pytest.approx(high, rel=REL)
    assert (round(_feldt(0.801695, 12, 11)[0], 3), round(_feldt(0.801695, 12, 11)[1], 3)) == (
        0.581,
        0.933,
    )
    assert any("listwise" in note for note in res.notes)


@pytest.fixture
def likert() -> Dataset:
    """Five 1–5 items driven by one factor; item e is worded negatively and reverse-coded."""
    rng = np.random.default_rng(11)
    n = 400
    f = rng.normal(size=n)
    cols = {}
    for j, name in enumerate("abcde"):
        raw = 3 + (0.6 + 0.1 * j) * f + rng.normal(scale=0.9, size=n)
        if name == "e":
            raw = 6 - raw
        cols[name] = pd.array(np.clip(np.round(raw), 1, 5).astype(int), dtype="Int64")
    df = pd.DataFrame(cols)
    df.loc[[1, 2, 3], "b"] = pd.NA
    values = {i: str(i) for i in range(1, 6)}
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": c,
                    "type": "ordinal",
                    "values": values,
                    "reverse": c == "e",
                    "label": f"Påstående {c}",
                }
                for c in "abcde"
            ],
            "scales": {"klimat": {"items": list("abcde"), "min_items": 3, "label": "Klimat"}},
        }
    )
    return Dataset(data=df, codebook=cb)


def test_reverse_items_and_item_statistics(likert):
    res = scales(likert, missing="listwise")
    items = likert.data.astype("float64").dropna()
    items["e"] = 6 - items["e"]  # reverse: min code + max code - x
    row = res.main.iloc[0]
    assert row["alpha"] == pytest.approx(_alpha_by_variances(items), rel=REL)
    assert row["label"] == "Klimat"
    tab = res.tables["items"].set_index("item")
    assert list(tab["reversed"]) == [False, False, False, False, True]
    for item in "abcde":
        rest = items.drop(columns=item).sum(axis=1)
        assert tab.loc[item, "item_rest_r"] == pytest.approx(
            np.corrcoef(items[item], rest)[0, 1], rel=REL
        )
        assert tab.loc[item, "alpha_if_deleted"] == pytest.approx(
            _alpha_by_variances(items.drop(columns=item)), rel=REL
        )
        assert tab.loc[item, "mean"] == pytest.approx(items[item].mean(), rel=REL)
        assert tab.loc[item, "sd"] == pytest.approx(items[item].std(ddof=1), rel=REL)
    assert tab.loc["a", "label"] == "Påstående a"


def test_scale_score_mean_and_sd(likert):
    from digianalys.dataset import compute_scales

    score = compute_scales(likert.data, likert.codebook)["klimat"]
    row = scales(likert).main.iloc[0]
    assert row["n_scored"] == score.notna().sum()
    assert row["mean"] == pytest.approx(score.mean(), rel=REL)
    assert row["sd"] == pytest.approx(score.std(ddof=1), rel=REL)


def test_pairwise_alpha_from_pairwise_covariances(likert):
    items = likert.data.astype("float64")
    items["e"] = 6 - items["e"]
    cov = items.cov().to_numpy()
    k = cov.shape[0]
    ref = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
    row = scales(likert).main.iloc[0]
    assert row["alpha"] == pytest.approx(ref, rel=REL)
    assert row["n"] == len(items)


def test_omega_recovers_an_exact_one_factor_structure():
    # Data whose sample correlation matrix is exactly R = λλ' + diag(1 - λ²): the ML one-factor
    # solution is λ itself, so omega = (Σλ)² / ((Σλ)² + Σ(1 - λ²)).
    lam = np.array([0.8, 0.7, 0.6, 0.5])
    target = np.outer(lam, lam)
    np.fill_diagonal(target, 1.0)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(500, 4))
    x = x - x.mean(axis=0)
    white = x @ np.linalg.inv(np.linalg.cholesky(np.cov(x, rowvar=False)).T)
    data = white @ np.linalg.cholesky(target).T
    df = pd.DataFrame(data, columns=list("abcd"))
    cb = Codebook.from_dict(
        {
            "variables": [{"name": c, "type": "numeric"} for c in "abcd"],
            "scales": {"s": {"items": list("abcd")}},
        }
    )
    omega = scales(Dataset(data=df, codebook=cb)).main.iloc[0]["omega"]
    expected = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum())
    assert omega == pytest.approx(expected, rel=1e-4)


def test_two_item_scale_has_no_omega(quiz):
    cb = Codebook.from_dict(
        {
            "variables": [v.to_dict() for v in quiz.codebook.variables],
            "scales": {"pair": {"items": ["q1", "q2"]}},
        }
    )
    res = scales(Dataset(data=quiz.data, codebook=cb))
    assert np.isnan(res.main.iloc[0]["omega"])
    assert any("fewer than three items" in note for note in res.notes)


def test_errors(quiz):
    with pytest.raises(VariableError, match="quz.*did you mean: quiz"):
        scales(quiz, ["quz"])
    cb = Codebook.from_dict({"variables": [v.to_dict() for v in quiz.codebook.variables]})
    with pytest.raises(CodebookError, match="no scales"):
        scales(Dataset(data=quiz.data, codebook=cb))
    with pytest.raises(VariableError, match="pairwise or listwise"):
        scales(quiz, missing="available")


def test_results_are_deterministic(likert):
    a = scales(likert).to_dict()
    b = scales(likert).to_dict()
    assert a == b
    assert np.isfinite(a["tables"]["scales"][0]["omega"])


def test_omega_is_on_the_raw_items_like_alpha():
    # issue 11.6: omega was computed on standardised items while alpha uses raw ones. For
    # tau-equivalent raw items (equal raw loadings, unequal unique variances) the two coincide:
    # C = 11' + diag(ψ) gives α = ω = k²/(k² + Σψ); the standardised omega is larger.
    psi = np.array([0.5, 1.0, 2.0, 4.0])
    target = np.ones((4, 4)) + np.diag(psi)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(800, 4))
    x = x - x.mean(axis=0)
    white = x @ np.linalg.inv(np.linalg.cholesky(np.cov(x, rowvar=False)).T)
    data = white @ np.linalg.cholesky(target).T
    df = pd.DataFrame(data, columns=list("abcd"))
    cb = Codebook.from_dict(
        {
            "variables": [{"name": c, "type": "numeric"} for c in "abcd"],
            "scales": {"s": {"items": list("abcd")}},
        }
    )
    row = scales(Dataset(data=df, codebook=cb)).main.iloc[0]
    expected = 16 / (16 + psi.sum())
    assert row["alpha"] == pytest.approx(expected, rel=1e-9)
    assert row["omega"] == pytest.approx(expected, rel=1e-4)
    from digianalys.stats.reliability import omega_total

    sd = np.sqrt(np.diag(target))
    assert omega_total(target / np.outer(sd, sd), 800) > expected + 0.01  # standardised
