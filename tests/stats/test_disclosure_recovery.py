"""A group of 3 with --min-cell 5 cannot be recovered from any pair of outputs (issue 17.2).

An attacker subtracts: whole-sample describe minus describe --by, compare's n minus the shown
groups, the overall correlation's n minus the per-group n, overall frequency counts minus the
shown groups' counts. Every difference must pool the small group with at least one other
group (complementary suppression), so its n, mean, share, counts, min and max stay unknown.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.stats.compare import compare
from digianalys.stats.correlation import correlate
from digianalys.stats.describe import describe
from digianalys.stats.disclosure import suppressed_groups

MIN_CELL = 5
SMALL = "liten"


def _survey(sizes: dict[str, int], seed: int = 5) -> Dataset:
    rng = np.random.default_rng(seed)
    sector = np.concatenate([[g] * n for g, n in sizes.items()])
    n = len(sector)
    shift = np.where(sector == SMALL, 2.0, 0.0)  # the small group is unlike the others
    data = pd.DataFrame(
        {
            "sector": pd.Series(sector, dtype="string"),
            "q": pd.Series(np.clip(np.round(3 + shift + rng.normal(size=n)), 1, 5)).astype("Int64"),
            "x": 100 + 40 * shift + rng.normal(scale=10, size=n),
            "y": 50 + 10 * shift + rng.normal(scale=5, size=n),
            "b": pd.Series((rng.random(n) < 0.3 + 0.2 * shift).astype(int)).astype("Int64"),
            "c": pd.Series(rng.choice(["p", "q", "r"], n), dtype="string"),
        }
    )
    data.loc[data.index[sector == SMALL][:1], "c"] = "r"
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical"},
                {"name": "q", "type": "ordinal", "values": {i: f"s{i}" for i in range(1, 6)}},
                {"name": "x", "type": "numeric"},
                {"name": "y", "type": "numeric"},
                {"name": "b", "type": "binary", "values": {1: "Ja", 0: "Nej"}},
                {"name": "c", "type": "categorical"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


CASES = {
    "four groups": {"A": 40, SMALL: 3, "B": 25, "C": 60},
    "two groups": {"A": 50, SMALL: 3},
    "two small": {"A": 40, SMALL: 3, "B": 1, "C": 30, "D": 8},
}


@pytest.fixture(scope="module", params=list(CASES))
def survey(request) -> Dataset:
    return _survey(CASES[request.param])


def _truth(ds: Dataset, var: str) -> dict:
    v = ds.data.loc[ds.data["sector"] == SMALL, var].dropna().astype(float)
    return {"n": len(v), "sum": float(v.sum()), "min": float(v.min()), "max": float(v.max())}


def _residuals(total_n, total_sum, shown: list[tuple[float, float]]):
    """Every difference an attacker can form: the total minus any subset of shown groups."""
    for k in range(len(shown) + 1):
        for sub in combinations(shown, k):
            n = total_n - sum(s[0] for s in sub)
            yield n, total_sum - sum(s[1] for s in sub)


def test_describe_overall_minus_by_gives_no_small_group(survey):
    overall = describe(survey, min_cell=MIN_CELL).tables["describe"].set_index("variable")
    res = describe(survey, by="sector", min_cell=MIN_CELL)
    by = res.tables["describe"]
    for var in ("q", "x", "y", "b"):
        truth = _truth(survey, var)
        rows = by[by.variable == var].set_index("group")
        small = rows.loc[SMALL]
        # nothing of the small group itself: no n, missing, mean, min or max
        assert small["suppressed"]
        assert small[["n", "missing", "mean", "sd", "min", "max", "share"]].isna().all()
        shown = rows[~rows["suppressed"]]
        assert shown["n"].notna().all() and (shown["n"] >= MIN_CELL).all()
        assert (rows.loc[rows["suppressed"], ["n", "min", "max"]].isna()).all().all()
        # the suppressed groups together: at least two with answers and min_cell responses
        hidden = rows.index[rows["suppressed"]]
        sizes = survey.data.loc[survey.data[var].notna(), "sector"].value_counts()
        assert sum(sizes.get(g, 0) > 0 for g in hidden) >= 2
        assert sum(sizes.get(g, 0) for g in hidden) >= MIN_CELL
        # every subtraction of shown groups from the whole sample
        tot = overall.loc[var]
        pairs = [(r["n"], r["n"] * r["mean"]) for _, r in shown.iterrows()]
        for n, s in _residuals(tot["n"], tot["n"] * tot["mean"], pairs):
            assert not (
                round(n) == truth["n"] and s == pytest.approx(truth["sum"], rel=1e-9, abs=1e-9)
            )
            assert round(n) != truth["n"] or len(shown) == 0 or n != tot["n"]
        # the share (ordinal/binary): counts by subtraction
        if var in ("q", "b"):
            hits = [(r["n"], r["n"] * r["share"]) for _, r in shown.iterrows()]
            v = survey.data.loc[survey.data["sector"] == SMALL, var].dropna()
            k_true = int((v >= 4).sum()) if var == "q" else int((v == 1).sum())
            for n, k in _residuals(tot["n"], tot["n"] * tot["share"], hits):
                assert not (round(n) == truth["n"] and round(k) == k_true)
        # min/max: shown only for groups at or above the threshold
        assert (rows.loc[rows["n"] < MIN_CELL, ["min", "max"]].isna()).all().all()


def test_frequency_counts_overall_minus_by_give_no_small_group(survey):
    f_all = describe(survey, ["c", "q"], min_cell=MIN_CELL).tables["frequencies"]
    f_by = describe(survey, ["c", "q"], by="sector", min_cell=MIN_CELL).tables["frequencies"]
    for var in ("c", "q"):
        tot = f_all[f_all.variable == var].set_index("level")["count"]
        cells = f_by[f_by.variable == var]
        assert cells.loc[cells.group == SMALL, "suppressed"].all()
        true = (
            survey.data.loc[survey.data["sector"] == SMALL, var]
            .map(lambda v, var=var: f"s{v}" if var == "q" else v)
            .value_counts()
        )
        shown_rows = [g for g, c in cells.groupby("group") if not c["suppressed"].any()]
        for k in range(len(shown_rows) + 1):
            for sub in combinations(shown_rows, k):
                sel = cells[cells.group.isin(sub)].groupby("level")["count"].sum()
                residual = tot - sel.reindex(tot.index, fill_value=0)
                assert not (residual.fillna(-1) == true.reindex(tot.index, fill_value=0)).all()


def test_compare_n_and_summaries_give_no_small_group(survey):
    overall = describe(survey, min_cell=MIN_CELL).tables["describe"].set_index("variable")
    try:
        res = compare(survey, "sector", ["q", "x", "b", "c"], min_cell=MIN_CELL)
    except Exception as e:  # two groups, one small: nothing left to compare is an error
        assert "fewer than two groups" in str(e)
        return
    for _, row in res.tables["compare"].iterrows():
        var = row["variable"]
        truth = _truth(survey, var) if var != "c" else None
        assert np.isnan(row[f"n_{SMALL}"]) and row[f"summary_{SMALL}"] == "–"
        shown = {g: row[f"n_{g}"] for g in CASES_OF(survey) if np.isfinite(row[f"n_{g}"])}
        assert row["n"] == sum(shown.values())
        hidden = [g for g in CASES_OF(survey) if not np.isfinite(row[f"n_{g}"])]
        sizes = survey.data.loc[survey.data[var].notna(), "sector"].value_counts()
        assert sum(sizes.get(g, 0) > 0 for g in hidden) >= 2
        assert sum(sizes.get(g, 0) for g in hidden) >= MIN_CELL
        if truth is not None:
            # whole-sample n (describe) minus compare's n or minus any shown group
            for n, _ in _residuals(overall.loc[var, "n"], 0.0, [(v, 0.0) for v in shown.values()]):
                assert round(n) != truth["n"]
    post = res.tables["posthoc"]
    for _, row in res.tables["compare"].iterrows():  # no post-hoc pair with a hidden group
        hidden = {g for g in CASES_OF(survey) if not np.isfinite(row[f"n_{g}"])}
        pairs = post[post.variable == row["variable"]]
        assert not hidden & (set(pairs["group1"]) | set(pairs["group2"]))


def CASES_OF(ds: Dataset) -> list[str]:  # noqa: N802 - reads like a constant
    return list(dict.fromkeys(ds.data["sector"].astype(str)))


def test_correlate_by_group_has_no_n_of_the_small_group_nor_a_recoverable_one(survey):
    overall = correlate(survey, "x", "y", min_cell=MIN_CELL).main.iloc[0]
    by = correlate(survey, "x", "y", by="sector", min_cell=MIN_CELL).main.set_index("group")
    assert by.loc[SMALL, "suppressed"] and np.isnan(by.loc[SMALL, "n"])
    assert np.isnan(by.loc[SMALL, "estimate"])
    hidden = by.index[by["suppressed"]]
    assert len(hidden) >= 2 and by.loc[hidden, "n"].isna().all()
    sizes = survey.data["sector"].value_counts()
    assert sum(sizes[g] for g in hidden) >= MIN_CELL
    shown = by.loc[~by["suppressed"], "n"].tolist()
    for n, _ in _residuals(overall["n"], 0.0, [(v, 0.0) for v in shown]):
        assert round(n) != 3


def test_plots_leave_out_the_small_group_and_its_complement(survey, tmp_path):
    import re

    from digianalys.plots import make_plot

    sizes = survey.data["sector"].value_counts().to_dict()
    small, extra = suppressed_groups({g: sizes[g] for g in CASES_OF(survey)}, MIN_CELL)
    shown = [g for g in CASES_OF(survey) if g not in small + extra]
    if len(shown) == 0:
        with pytest.raises(Exception, match="no group"):
            make_plot("box", survey, tmp_path / "f.svg", args=["x"], by="sector")
        return
    for kind, args in (("box", ["x"]), ("bar", ["b"]), ("likert", ["q"])):
        out = make_plot(kind, survey, tmp_path / f"{kind}.svg", args=args, by="sector")
        raw = out.read_text(encoding="utf-8")
        texts = " ".join(re.findall(r"<text[^>]*>(.*?)</text>", raw, flags=re.S))
        for g in small + extra:
            assert f"{g} (n =" not in texts and f"{g}\n(n =" not in texts
        for g in shown:
            assert f"n = {sizes[g]}" in texts


def test_suppressed_groups_rule():
    assert suppressed_groups({"a": 3, "b": 50, "c": 20, "d": 6}, 5) == (["a"], ["d"])
    assert suppressed_groups({"a": 3, "b": 50}, 5) == (["a"], ["b"])
    assert suppressed_groups({"a": 1, "b": 2, "c": 9, "d": 6}, 5) == (["a", "b"], ["d"])
    assert suppressed_groups({"a": 3, "b": 4, "c": 50}, 5) == (["a", "b"], [])
    assert suppressed_groups({"a": 0, "b": 50, "c": 9}, 5) == (["a"], [])  # no one to protect
    assert suppressed_groups({"a": 3, "b": 9, "c": 9}, 5) == (["a"], ["b"])  # ties: first
    assert suppressed_groups({"a": 3, "b": 9}, 0) == ([], [])


def test_trend_leaves_out_small_cells_and_their_complements_per_wave():
    import importlib

    import matplotlib

    from digianalys.plots import theme

    ds = _survey({"A": 40, SMALL: 8, "B": 25, "C": 60})
    rng = np.random.default_rng(1)
    wave = np.where(rng.random(len(ds.data)) < 0.5, "2018", "2021")
    idx = np.flatnonzero((ds.data["sector"] == SMALL).to_numpy())
    wave[idx[:5]], wave[idx[5:]] = "2018", "2021"  # liten: 5 answers in 2018, 3 in 2021
    ds.data["wave"] = pd.Categorical(wave, categories=["2018", "2021"])
    mod = importlib.import_module("digianalys.plots.trend")
    with matplotlib.rc_context(theme.rc()):
        fig = mod.draw(ds, ["x"], by="sector", min_cell=MIN_CELL)
    ax = fig.axes[0]
    cells = {}
    for cont in ax.containers:  # one errorbar container per group drawn
        cells[cont.get_label().split(" (")[0]] = len(cont.lines[0].get_xdata())
    in_2021 = ds.data[ds.data.wave == "2021"]["sector"].value_counts()
    smallest_other = min(("A", "B", "C"), key=lambda g: in_2021[g])
    # liten (3 answers in 2021) and the next-smallest group of 2021 have only their 2018
    # point; the others have both waves
    assert cells[SMALL] == 1 and cells[smallest_other] == 1
    assert all(cells[g] == 2 for g in ("A", "B", "C") if g != smallest_other)
