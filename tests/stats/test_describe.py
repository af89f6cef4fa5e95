"""describe(): statistics against numpy/pandas/statsmodels, disclosure control, columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import VariableError
from digianalys.stats.describe import FREQ_COLUMNS, MAIN_COLUMNS, describe
from digianalys.stats.disclosure import suppress_table

REL = 1e-6


@pytest.fixture
def ds() -> Dataset:
    rng = np.random.default_rng(9)
    n = 200
    sector = rng.choice(["statlig", "kommunal", "regional"], n, p=[0.45, 0.45, 0.1])
    q = pd.array(rng.integers(1, 6, n), dtype="Int64")
    q[rng.random(n) < 0.1] = pd.NA
    data = pd.DataFrame(
        {
            "sector": pd.array(sector, dtype="string"),
            "q1": q,
            "framework": pd.array(rng.integers(0, 2, n), dtype="Int64"),
            "tool_teams": pd.array(rng.integers(0, 2, n), dtype="Int64"),
            "employees": rng.lognormal(5, 1, n),
            "region_name": pd.array(
                rng.choice(["Skåne", "Västra Götaland", "Örebro"], n), dtype="string"
            ),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "sector",
                    "type": "categorical",
                    "levels": {"statlig": [], "kommunal": [], "regional": []},
                },
                {
                    "name": "q1",
                    "type": "ordinal",
                    "label": "Vi har en digital strategi",
                    "values": {1: "Inte alls", 2: "Lite", 3: "Varken", 4: "Delvis", 5: "Helt"},
                    "missing": {"Vet ej": 6},
                },
                {"name": "framework", "type": "binary", "values": {1: "Ja", 0: "Nej"}},
                {"name": "tool_teams", "type": "multi", "label": "Teams"},
                {"name": "employees", "type": "numeric"},
                {"name": "region_name", "type": "categorical"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def test_columns_and_ungrouped_statistics(ds):
    from statsmodels.stats.proportion import proportion_confint

    res = describe(ds)
    t = res.tables["describe"].set_index("variable")
    assert list(res.tables["describe"].columns) == MAIN_COLUMNS
    assert list(res.tables["frequencies"].columns) == FREQ_COLUMNS
    q = ds.data["q1"].dropna().astype(float)
    row = t.loc["q1"]
    assert row["n"] == q.size and row["missing"] == ds.data["q1"].isna().sum()
    assert row["dont_know"] == 6
    assert row["mean"] == pytest.approx(q.mean(), rel=REL)
    assert row["sd"] == pytest.approx(q.std(ddof=1), rel=REL)
    assert (row["median"], row["q1"], row["q3"]) == tuple(q.quantile([0.5, 0.25, 0.75]))
    k = int((q >= 4).sum())
    assert row["share"] == pytest.approx(k / q.size, rel=REL)
    lo, hi = proportion_confint(k, q.size, method="wilson")
    assert (row["conf_low"], row["conf_high"]) == pytest.approx((lo, hi), rel=REL)
    y = ds.data["framework"]
    lo, hi = proportion_confint(int((y == 1).sum()), int(y.notna().sum()), method="wilson")
    assert t.loc["framework", "share"] == pytest.approx((y == 1).mean(), rel=REL)
    assert t.loc["framework", "conf_low"] == pytest.approx(lo, rel=REL)
    e = ds.data["employees"]
    assert t.loc["employees", "max"] == e.max() and t.loc["employees", "mean"] == pytest.approx(
        e.mean()
    )
    assert t.loc["tool_teams", "share"] == pytest.approx(ds.data["tool_teams"].mean(), rel=REL)
    assert not t["suppressed"].any()


def test_frequencies_counts_and_percent(ds):
    f = describe(ds, ["region_name", "q1"], min_cell=0).tables["frequencies"]
    reg = f[f.variable == "region_name"].set_index("level")
    counts = ds.data["region_name"].value_counts()
    assert list(reg.index) == ["Skåne", "Västra Götaland", "Örebro"]
    for lev, c in counts.items():
        assert reg.loc[lev, "count"] == c
        assert reg.loc[lev, "percent"] == pytest.approx(100 * c / len(ds.data), rel=REL)
    # ordinal: every answer option listed, by label, in code order
    assert list(f.loc[f.variable == "q1", "level"]) == [
        "Inte alls",
        "Lite",
        "Varken",
        "Delvis",
        "Helt",
    ]


def test_by_group_and_suppression(ds):
    d = ds.data.copy()
    d.loc[d.index[d.sector == "regional"][4:], "sector"] = "kommunal"  # 4 regional left
    ds2 = Dataset(data=d, codebook=ds.codebook)
    res = describe(ds2, ["employees", "region_name"], by="sector")
    t = res.tables["describe"]
    reg = t[(t.variable == "employees") & (t.group == "regional")].iloc[0]
    assert bool(reg["suppressed"]) and np.isnan(reg["mean"]) and np.isnan(reg["n"])
    # complementary suppression: the next-smallest group (statlig) is hidden too, so that
    # whole sample minus the shown groups does not give the 4 regional answers
    sizes = d.loc[d.employees.notna()].groupby("sector").size()
    assert sizes["statlig"] < sizes["kommunal"]
    stat = t[(t.variable == "employees") & (t.group == "statlig")].iloc[0]
    assert bool(stat["suppressed"]) and np.isnan(stat["n"]) and np.isnan(stat["max"])
    kom = t[(t.variable == "employees") & (t.group == "kommunal")].iloc[0]
    assert kom["mean"] == pytest.approx(d.loc[d.sector == "kommunal", "employees"].mean(), rel=REL)
    assert np.isnan(kom["dont_know"])
    assert any("employees (statlig)" in str(n) for n in res.notes)
    f = res.tables["frequencies"]
    fr = f[(f.variable == "region_name")]
    assert fr.loc[fr.group == "regional", "suppressed"].all()
    # secondary suppression: a whole suppressed group must not be recoverable from level totals,
    # so every level column has at least two suppressed cells
    for _, cells in fr.groupby("level"):
        assert cells["suppressed"].sum() >= 2
    assert any("regional" in n or "–" in n for n in res.notes)


def test_suppress_table_rules():
    counts = pd.DataFrame([[10, 3, 12], [20, 25, 30]], columns=["a", "b", "c"])
    m = suppress_table(counts, 5)
    # primary (3) plus the smallest other cell in its row (10) and in its column (25),
    # then the row of 25 gets a second cell too (20) — no row or column with exactly one
    assert m.to_numpy().sum() >= 3
    for axis in (0, 1):
        assert ((m.sum(axis=axis) == 0) | (m.sum(axis=axis) >= 2)).all()
    assert not suppress_table(counts, 0).to_numpy().any()
    zero = pd.DataFrame([[0, 12, 15]], columns=["a", "b", "c"])
    assert not suppress_table(zero, 5).to_numpy().any()


def test_weighted_share_ci_is_design_based(ds):
    # svyciprop(method = "logit") of a weights-only design (checked against R in
    # tests/test_honest_results.py): logit(p) ± t(n − 1)·SE/(p(1 − p)), SE by linearisation
    from scipy import stats

    d = ds.data.copy()
    d["w"] = np.linspace(0.5, 2.0, len(d))
    ds2 = Dataset(data=d, codebook=ds.codebook)
    t = describe(ds2, ["framework"], weights="w").tables["describe"].iloc[0]
    ok = d["framework"].notna().to_numpy()
    y = (d["framework"][ok] == 1).to_numpy(float)
    w = d["w"].to_numpy()[ok]
    n = y.size
    p = np.average(y, weights=w)
    se = np.sqrt(np.sum(w**2 * (y - p) ** 2) / w.sum() ** 2 * n / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * se / (p * (1 - p))
    lo, hi = (1 / (1 + np.exp(-(np.log(p / (1 - p)) + s * half))) for s in (-1, 1))
    assert t["share"] == pytest.approx(p, rel=REL)
    assert (t["conf_low"], t["conf_high"]) == pytest.approx((lo, hi), rel=REL)


def test_unknown_variable(ds):
    with pytest.raises(VariableError, match="employees"):
        describe(ds, ["employes"])
    with pytest.raises(VariableError, match="sector"):
        describe(ds, by="sektor")
