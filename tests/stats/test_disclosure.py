"""--min-cell (issue 5 item 4): describe, compare, correlate and the bar figure hide the same
small counts, and no suppressed frequency cell can be recovered from what is published beside it.

Recoverability is checked independently with linear programming (scipy ``linprog``): every
suppressed cell is minimised and maximised subject to everything describe publishes — the group
totals ``n``, the level totals (the ungrouped table), the visible cells and every shown share
times its n. A cell whose minimum equals its maximum is recoverable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.stats.describe import describe
from digianalys.stats.disclosure import share_hidden, suppress_table

AGREE = {
    1: "Instämmer inte alls",
    2: "Instämmer knappast",
    3: "Varken eller",
    4: "Instämmer delvis",
    5: "Instämmer helt",
}
#: Crafted crosstabs, group → counts per code (binary: Nej, Ja; ordinal: codes 1–5).
FRAMEWORK = {"statlig": [251, 52], "kommunal": [409, 22], "regional": [29, 2]}
STRATEGY = {
    "statlig": [3, 9, 43, 118, 118],
    "kommunal": [15, 57, 95, 159, 102],
    "regional": [0, 2, 7, 13, 3],
}


def _dataset() -> Dataset:
    sector, framework, strategy = [], [], []
    for g in FRAMEWORK:
        n = max(sum(FRAMEWORK[g]), sum(STRATEGY[g]))
        fw = [0] * FRAMEWORK[g][0] + [1] * FRAMEWORK[g][1]
        st = [c for c, k in zip(range(1, 6), STRATEGY[g], strict=True) for _ in range(k)]
        sector += [g] * n
        framework += fw + [None] * (n - len(fw))
        strategy += st + [None] * (n - len(st))
    data = pd.DataFrame(
        {
            "sector": pd.array(sector, dtype="string"),
            "framework": pd.array(framework, dtype="Int64"),
            "lead_strategy": pd.array(strategy, dtype="Int64"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical", "levels": {g: [g] for g in FRAMEWORK}},
                {"name": "framework", "type": "binary", "values": {0: "Nej", 1: "Ja"}},
                {"name": "lead_strategy", "type": "ordinal", "values": AGREE},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def _recoverable(counts: np.ndarray, hidden: np.ndarray, shares: list[tuple[int, list[int]]]):
    """Suppressed cells (i, j) whose value is fixed by the published figures (LP bounds)."""
    from scipy.optimize import linprog

    cells = [tuple(ij) for ij in np.argwhere(hidden)]
    index = {c: k for k, c in enumerate(cells)}
    rows_eq, rhs = [], []

    def constraint(members: list[tuple[int, int]], total: float) -> None:
        a = np.zeros(len(cells))
        known = 0.0
        for c in members:
            if c in index:
                a[index[c]] = 1
            else:
                known += counts[c]
        if a.any():
            rows_eq.append(a)
            rhs.append(total - known)

    n_rows, n_cols = counts.shape
    for i in range(n_rows):  # group totals n
        constraint([(i, j) for j in range(n_cols)], counts[i].sum())
    for j in range(n_cols):  # level totals (the ungrouped frequency table)
        constraint([(i, j) for i in range(n_rows)], counts[:, j].sum())
    for i, hit in shares:  # a shown share × n gives the sum of its cells
        constraint([(i, j) for j in hit], counts[i, hit].sum())
    fixed = []
    for k, c in enumerate(cells):
        obj = np.zeros(len(cells))
        obj[k] = 1
        lo = linprog(obj, A_eq=rows_eq, b_eq=rhs, bounds=(0, None)).fun
        hi = -linprog(-obj, A_eq=rows_eq, b_eq=rhs, bounds=(0, None)).fun
        if abs(hi - lo) < 1e-6:
            fixed.append(c)
    return fixed


@pytest.mark.parametrize(
    ("name", "table", "hit"),
    [("framework", FRAMEWORK, [1]), ("lead_strategy", STRATEGY, [3, 4])],
)
def test_no_suppressed_cell_is_recoverable_from_published_totals(name, table, hit):
    res = describe(_dataset(), [name], by="sector", suppress="cells")
    main, freq = res.tables["describe"], res.tables["frequencies"]
    groups = list(table)
    counts = np.array([table[g] for g in groups], dtype=float)
    levels = list(freq.loc[freq.group == groups[0], "level"])
    hidden = np.array(
        [
            [
                bool(freq[(freq.group == g) & (freq.level == lev)]["suppressed"].iloc[0])
                for lev in levels
            ]
            for g in groups
        ]
    )
    # the primary cells are suppressed ...
    assert hidden[counts.shape[0] - 1, counts[-1].tolist().index(2)]
    assert hidden[((counts > 0) & (counts < 5))].all()
    # ... visible cells are the true counts, suppressed ones are empty
    shown = freq.loc[~freq.suppressed, "count"].to_numpy()
    assert np.array_equal(shown, counts[~hidden])
    assert freq.loc[freq.suppressed, ["count", "percent"]].isna().all().all()
    # published shares beside the table, as count sums
    shares = []
    for i, g in enumerate(groups):
        row = main[main.group == g].iloc[0]
        assert row["n"] == counts[i].sum()
        if np.isfinite(row["share"]):
            assert row["share"] == pytest.approx(counts[i, hit].sum() / counts[i].sum())
            shares.append((i, hit))
    assert _recoverable(counts, hidden, shares) == []


def test_shares_that_would_reveal_a_small_cell_are_empty():
    res = describe(_dataset(), ["framework", "lead_strategy"], by="sector", suppress="cells")
    main = res.tables["describe"].set_index(["variable", "group"])
    # regional: 2 of 31 said Ja; share × n would give the suppressed 2
    assert np.isnan(main.loc[("framework", "regional"), "share"])
    assert np.isnan(main.loc[("framework", "regional"), "conf_low"])
    # a group with no suppressed cell keeps its share
    freq = res.tables["frequencies"]
    for g, counts in FRAMEWORK.items():
        cells = freq[(freq.variable == "framework") & (freq.group == g)]
        if not cells["suppressed"].any():
            assert main.loc[("framework", g), "share"] == pytest.approx(counts[1] / sum(counts))
    # regional agreeing = 13 + 3: 'Instämmer helt' (3) is the only suppressed cell of the two
    assert np.isnan(main.loc[("lead_strategy", "regional"), "share"])
    assert main.loc[("framework", "regional"), "n"] == 31  # the group itself is shown
    assert any("Shares are left empty" in n for n in res.notes)


def test_secondary_suppression_is_minimal_for_one_small_cell():
    # one small cell in a 3 × 2 table needs four hidden cells, not the whole table
    m = suppress_table(pd.DataFrame([[251, 52], [409, 22], [29, 2]]), 5).to_numpy()
    assert m.sum() == 4 and m[2].all() and m[:, 1].sum() == 2
    for axis in (0, 1):
        assert set(m.sum(axis=axis)) <= {0, 2, 3}


def test_share_hidden_rules():
    hit = np.array([False, True])
    assert share_hidden([29, 2], [True, True], hit, 5)  # the count itself is small
    assert share_hidden([2, 29], [True, True], hit, 5)  # the complement is small
    assert not share_hidden([251, 52], [False, False], hit, 5)
    assert not share_hidden([29, 2], [True, True], hit, 0)
    five = np.array([False, False, False, True, True])
    assert share_hidden([0, 2, 7, 13, 3], [False, True, True, False, True], five, 5)
    assert not share_hidden([3, 9, 43, 118, 118], [True, True, False, False, False], five, 5)


def test_compare_summaries_hide_the_same_small_counts():
    from digianalys.stats.compare import compare

    # the default rule (groups): a group of 31 shows every answer, as describe does
    default = compare(_dataset(), "sector", ["framework"])
    assert default.main.iloc[0]["summary_regional"] == "6.5 % (2/31)"
    assert not any("answers given by" in str(n) for n in default.notes)
    res = compare(_dataset(), "sector", ["framework"], suppress="cells")
    row = res.main.iloc[0]
    assert row["summary_regional"] == "–" and row["n_regional"] == 31
    assert row["summary_statlig"] == "17.2 % (52/303)"
    assert np.isfinite(row["p_value"])  # the group is still tested
    assert any("answers given by 1 to 4 responses" in n for n in res.notes)
    open_ = compare(_dataset(), "sector", ["framework"], min_cell=0).main.iloc[0]
    assert open_["summary_regional"] == "6.5 % (2/31)"


def test_compare_categorical_summary_hides_small_answer_and_its_complement():
    from digianalys.stats.compare import compare

    g = ["a"] * 40 + ["b"] * 40
    v = ["x"] * 20 + ["y"] * 17 + ["z"] * 3 + ["x"] * 10 + ["y"] * 10 + ["z"] * 20
    data = pd.DataFrame({"g": pd.array(g, dtype="string"), "v": pd.array(v, dtype="string")})
    cb = Codebook.from_dict(
        {"variables": [{"name": "g", "type": "categorical"}, {"name": "v", "type": "categorical"}]}
    )
    row = compare(Dataset(data=data, codebook=cb), "g", ["v"], suppress="cells").main.iloc[0]
    # the summary shows the most common answer only (the full distribution is describe's
    # frequency table); 50 % of 40 with 3 answers cannot reveal the hidden 3
    assert row["summary_a"] == "x 50 % (most common of 3)"
    assert row["summary_b"] == "z 50 % (most common of 3)"
    # with two answers the top share would give the small one as 100 % minus it: hidden too
    v2 = ["x"] * 36 + ["y"] * 4 + ["x"] * 20 + ["y"] * 20
    data2 = data.assign(v=pd.array(v2, dtype="string"))
    row2 = compare(Dataset(data=data2, codebook=cb), "g", ["v"], suppress="cells").main.iloc[0]
    assert row2["summary_a"] == "x – (most common of 2)"
    assert row2["summary_b"] == "x 50 % (most common of 2)"
    # under the default rule (groups) groups of 40 show their answers
    row3 = compare(Dataset(data=data2, codebook=cb), "g", ["v"]).main.iloc[0]
    assert row3["summary_a"] == "x 90 % (most common of 2)"


def test_correlate_and_describe_use_the_same_group_threshold():
    from digianalys.stats.correlation import correlate

    ds = _dataset()
    rng = np.random.default_rng(2)
    ds.data["x"] = rng.normal(size=len(ds.data))
    ds.data["y"] = ds.data["x"] + rng.normal(size=len(ds.data))
    ds.codebook = Codebook.from_dict(
        {
            "variables": [v.to_dict() for v in ds.codebook.variables]
            + [{"name": "x", "type": "numeric"}, {"name": "y", "type": "numeric"}]
        }
    )
    keep = (
        ds.data.index[ds.data.sector != "regional"].tolist()
        + ds.data.index[ds.data.sector == "regional"].tolist()[:4]
    )
    small = Dataset(data=ds.data.loc[keep].reset_index(drop=True), codebook=ds.codebook)
    cor = correlate(small, "x", "y", by="sector").main.set_index("group")
    des = describe(small, ["x"], by="sector").tables["describe"].set_index("group")
    for g in ("statlig", "kommunal", "regional"):
        assert bool(cor.loc[g, "suppressed"]) == bool(des.loc[g, "suppressed"])
    assert np.isnan(cor.loc["regional", "estimate"]) and bool(cor.loc["regional", "suppressed"])


def test_bar_figure_hides_the_share_describe_hides():
    import matplotlib
    from matplotlib.text import Text

    from digianalys.plots import bar, theme

    with matplotlib.rc_context(theme.rc()):
        fig = bar.draw(
            _dataset(), ["framework"], by="sector", lang="en", min_cell=5, suppress="cells"
        )
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert "–" in texts and "17 %" in texts and "6 %" not in texts
    assert any("fewer than 5 responses are not shown" in t for t in texts)
    heights = sorted(round(p.get_height(), 6) for p in fig.axes[0].patches)
    assert heights == pytest.approx(sorted([100 * 52 / 303, 100 * 22 / 431]))


def test_example_frequency_tables_have_no_recoverable_cell(example_run):
    """The bundled example's describe-by-sector tables, checked against the true crosstabs."""
    from digianalys.dataset import load
    from digianalys.stats.data import categories

    ds = load(example_run / "dataset")
    tables = example_run / "tables"
    freq = pd.read_csv(tables / "beskrivning-sektor.frequencies.csv", encoding="utf-8-sig")
    main = pd.read_csv(tables / "beskrivning-sektor.csv", encoding="utf-8-sig")
    groups = ["statlig", "kommunal", "regional"]
    checked = 0
    for var, f in freq.groupby("variable", sort=False):
        levels = list(f.loc[f.group == groups[0], "level"].astype(str))
        cats, _ = categories(ds, var)
        true = pd.crosstab(ds.data["sector"], cats).reindex(
            index=groups, columns=levels, fill_value=0
        )
        counts = true.to_numpy(dtype=float)
        hidden = np.array(
            [
                [
                    bool(f[(f.group == g) & (f.level.astype(str) == lv)]["suppressed"].iloc[0])
                    for lv in levels
                ]
                for g in groups
            ]
        )
        shown = f.loc[~f.suppressed, "count"].to_numpy()
        assert np.array_equal(shown, counts[~hidden]), var
        vtype = ds.codebook.get(var).type
        shares = []
        if vtype in ("ordinal", "binary", "multi"):
            yes = str((ds.codebook.get(var).values or {}).get(1, "1"))
            hit = [len(levels) - 2, len(levels) - 1] if vtype == "ordinal" else [levels.index(yes)]
            for i, g in enumerate(groups):
                row = main[(main.variable == var) & (main.group == g)].iloc[0]
                if np.isfinite(row["share"]):
                    assert row["share"] == pytest.approx(counts[i, hit].sum() / counts[i].sum())
                    shares.append((i, hit))
        if hidden.any():
            assert _recoverable(counts, hidden, shares) == [], var
        # the groups rule (default): a group with at least 5 answers shows every frequency
        for i in range(len(groups)):
            if counts[i].sum() >= 5:
                assert not hidden[i].any(), (var, groups[i])
        checked += 1
    assert checked >= 5


def test_groups_rule_shows_every_answer_of_a_group_at_the_threshold():
    """The default rule: a rare answer (2 of 31) in a group of 31 is shown, with its share; a
    group of 3 is hidden with its complement, and nothing hidden can be recovered."""
    res = describe(_dataset(), ["framework", "lead_strategy"], by="sector")
    freq = res.tables["frequencies"]
    main = res.tables["describe"].set_index(["variable", "group"])
    regional = freq[(freq.variable == "framework") & (freq.group == "regional")]
    assert not regional["suppressed"].any()
    assert list(regional["count"]) == [float(c) for c in FRAMEWORK["regional"]]
    assert main.loc[("framework", "regional"), "share"] == pytest.approx(2 / 31)
    assert not any("Shares are left empty" in str(n) for n in res.notes)
    # a group of 3 and its complement
    small = {"a": [150, 50], "b": [100, 30], "c": [2, 1]}
    rows = [(g, v) for g, counts in small.items() for v, k in enumerate(counts) for _ in range(k)]
    data = pd.DataFrame(
        {
            "sector": pd.array([g for g, _ in rows], dtype="string"),
            "framework": pd.array([v for _, v in rows], dtype="Int64"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical"},
                {"name": "framework", "type": "binary", "values": {0: "Nej", 1: "Ja"}},
            ]
        }
    )
    res = describe(Dataset(data=data, codebook=cb), ["framework"], by="sector")
    f = res.tables["frequencies"]
    hidden = set(f.loc[f.suppressed, "group"])
    assert hidden == {"b", "c"}  # c (3) and the next-smallest group as its complement
    shown = f.loc[f.group == "a", "count"].tolist()
    assert shown == [150.0, 50.0]
    # whole-sample minus the shown group gives only b + c pooled (133), never c alone
    total = describe(Dataset(data=data, codebook=cb), ["framework"]).tables["frequencies"]
    pooled = total["count"].to_numpy() - np.array(shown)
    assert list(pooled) == [102.0, 31.0]


def test_cells_rule_keeps_the_group_and_its_other_cells():
    res = describe(_dataset(), ["framework"], by="sector", suppress="cells")
    main = res.tables["describe"].set_index(["variable", "group"])
    assert main.loc[("framework", "regional"), "n"] == 31
    with pytest.raises(Exception, match="suppression rule"):
        describe(_dataset(), ["framework"], by="sector", suppress="rows")
