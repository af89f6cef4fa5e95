"""Table 1 (describe's presentation table): counts, shares, means and quantiles equal pandas/numpy
on the same rows, p-values are compare's, significance letters equal statsmodels/scipy pairwise
tests with a Bonferroni correction computed here, and small groups are hidden with their
complement."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import AnalysisError
from digianalys.output.i18n import tr
from digianalys.output.render import to_markdown
from digianalys.stats.compare import compare
from digianalys.stats.table1 import table1

AGREE = {1: "Inte alls", 2: "Lite", 3: "Delvis", 4: "Mycket", 5: "Helt"}


def _dataset(sizes: dict[str, int], seed: int = 3) -> Dataset:
    rng = np.random.default_rng(seed)
    rows = []
    shift = {g: i * 0.6 for i, g in enumerate(sizes)}
    for g, n in sizes.items():
        for _ in range(n):
            rows.append(
                {
                    "sector": g,
                    "framework": int(rng.random() < 0.2 + 0.25 * shift[g]),
                    "strategy": int(np.clip(round(3 + shift[g] + rng.normal()), 1, 5)),
                    "employees": float(np.exp(rng.normal(6 + shift[g], 0.8))),
                    "county": str(rng.choice(["Norr", "Mitt", "Syd"])),
                }
            )
    df = pd.DataFrame(rows)
    df.loc[df.index[::17], "strategy"] = np.nan  # some missing answers
    data = pd.DataFrame(
        {
            "sector": pd.array(df["sector"], dtype="string"),
            "framework": pd.array(df["framework"], dtype="Int64"),
            "strategy": pd.array(df["strategy"].astype("Int64"), dtype="Int64"),
            "employees": df["employees"].astype("float64"),
            "county": pd.array(df["county"], dtype="string"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical", "levels": {g: [g] for g in sizes}},
                {"name": "framework", "type": "binary", "values": {0: "Nej", 1: "Ja"}},
                {"name": "strategy", "type": "ordinal", "values": AGREE, "label": "Strategi"},
                {"name": "employees", "type": "numeric", "label": "Anställda"},
                {"name": "county", "type": "categorical", "label": "Län"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


SIZES = {"statlig": 120, "kommunal": 150, "regional": 40}


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return _dataset(SIZES)


def _t1(*args, **kw) -> pd.DataFrame:
    """The table with each row's variable name (kept in meta, not shown) as a column."""
    res = table1(*args, **kw)
    return res.main.assign(variable=res.meta["row_variables"])


def _rows(table: pd.DataFrame, variable: str) -> pd.DataFrame:
    return table[table["variable"] == variable]


def test_counts_and_shares_equal_pandas(ds):
    t = _t1(ds, by="sector")
    head = t.iloc[0]
    for g, n in SIZES.items():
        assert head[f"summary_{g}"] == n
    assert head["overall"] == sum(SIZES.values())
    rows = _rows(t, "strategy")
    d = ds.data
    for code, label in AGREE.items():
        row = rows[rows["level"] == label].iloc[0]
        for g in SIZES:
            sub = d.loc[d["sector"] == g, "strategy"].dropna()
            k = int((sub == code).sum())
            msg = row[f"summary_{g}"]
            assert msg.fields["n"] == k
            pct = 100 * k / len(sub)
            assert msg.fields["pct"] == pytest.approx(pct, abs=0.5 if pct >= 10 else 0.05)
    missing = rows[rows["measure"] == "n"].iloc[0]
    for g in SIZES:
        assert missing[f"summary_{g}"] == int(d.loc[d["sector"] == g, "strategy"].isna().sum())
    # binary: one row, the share answering Ja
    fw = _rows(t, "framework").iloc[0]
    assert fw["level"] == "Ja"
    for g in SIZES:
        sub = d.loc[d["sector"] == g, "framework"]
        assert fw[f"summary_{g}"].fields["n"] == int(sub.sum())


def test_continuous_summaries_equal_numpy(ds):
    t = _t1(ds, by="sector", variables=["employees"], continuous="both")
    rows = _rows(t, "employees")
    mean_row = rows[[tr(m) == "mean (SD)" for m in rows["measure"]]].iloc[0]
    med_row = rows[[tr(m) == "median [Q1–Q3]" for m in rows["measure"]]].iloc[0]
    for g in SIZES:
        v = ds.data.loc[ds.data["sector"] == g, "employees"].to_numpy()
        assert mean_row[f"summary_{g}"].fields["mean"] == pytest.approx(v.mean(), rel=1e-3)
        assert mean_row[f"summary_{g}"].fields["sd"] == pytest.approx(v.std(ddof=1), rel=1e-3)
        q1, med, q3 = np.percentile(v, [25, 50, 75])
        f = med_row[f"summary_{g}"].fields
        assert (f["q1"], f["median"], f["q3"]) == pytest.approx((q1, med, q3), rel=1e-3)


def test_p_values_are_compares(ds):
    t = _t1(ds, by="sector")
    c = compare(ds, "sector").main.set_index("variable")
    heads = t[(t["variable"] != "") & t["p_value"].notna()]
    assert set(heads["variable"]) == set(c.index)
    for _, row in heads.iterrows():
        assert row["p_value"] == c.loc[row["variable"], "p_value"]
        assert row["p_adjusted"] == c.loc[row["variable"], "p_adjusted"]
        assert row["test"] == c.loc[row["variable"], "test"]


def test_letters_equal_pairwise_tests_with_bonferroni(ds):
    from scipy.stats import ttest_ind
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportions_ztest

    t = _t1(ds, by="sector", letters=True)
    letter = {g: "ABC"[i] for i, g in enumerate(SIZES)}
    groups = list(SIZES)
    pairs = [(a, b) for i, a in enumerate(groups) for b in groups[i + 1 :]]
    d = ds.data

    def expected(pvals, diffs):
        reject = multipletests(pvals, alpha=0.05, method="bonferroni")[0]
        out = {g: "" for g in groups}
        for (a, b), sig, diff in zip(pairs, reject, diffs, strict=True):
            if sig:
                hi, lo = (a, b) if diff > 0 else (b, a)
                out[hi] += letter[lo]
        return {g: "".join(sorted(s)) for g, s in out.items()}

    # proportions: the framework row
    hits = {g: d.loc[d["sector"] == g, "framework"].to_numpy(dtype=float) for g in groups}
    pv = [proportions_ztest([hits[a].sum(), hits[b].sum()], [hits[a].size, hits[b].size])[1]
          for a, b in pairs]  # fmt: skip
    want = expected(pv, [hits[a].mean() - hits[b].mean() for a, b in pairs])
    row = _rows(t, "framework").iloc[0]
    for g in groups:
        cell = row[f"summary_{g}"]
        got = cell.fields["letters"] if cell.key == "t1_with_letters" else ""
        assert got == want[g], g
    assert any(want.values()), "the planted difference should give letters"
    # means: employees
    vals = {g: d.loc[d["sector"] == g, "employees"].to_numpy() for g in groups}
    pv = [ttest_ind(vals[a], vals[b], equal_var=False).pvalue for a, b in pairs]
    want = expected(pv, [vals[a].mean() - vals[b].mean() for a, b in pairs])
    row = _rows(t, "employees").iloc[0]
    for g in groups:
        cell = row[f"summary_{g}"]
        got = cell.fields["letters"] if cell.key == "t1_with_letters" else ""
        assert got == want[g], g
    # the key row names each group's letter
    assert [t.iloc[0][f"summary_{g}"].fields["letter"] for g in groups] == ["A", "B", "C"]


def test_small_group_hidden_with_its_complement():
    ds = _dataset({"statlig": 200, "kommunal": 300, "regional": 3})
    t = _t1(ds, by="sector", variables=["framework", "county"])
    for var in ("framework", "county"):
        for _, row in _rows(t, var).iterrows():
            if pd.isna(row["summary_kommunal"]):
                continue  # the heading row of a categorical variable
            assert tr(row["summary_regional"]) == "–"
            # complementary: the next-smallest group too, so overall − shown ≠ the small group
            assert tr(row["summary_statlig"]) == "–"
            assert tr(row["summary_kommunal"]) != "–"
    # a group at or above the threshold shows every category, also rare ones
    ds2 = _dataset({"statlig": 200, "kommunal": 300})
    ds2.data.loc[ds2.data.index[:2], "county"] = "Gotland"  # 2 answers in statlig
    t2 = _t1(ds2, by="sector", variables=["county"])
    got = _rows(t2, "county")
    gotland = got[got["level"] == "Gotland"].iloc[0]
    assert gotland["summary_statlig"].fields["n"] == 2


def test_swedish_rendering_and_errors(ds):
    r = table1(ds, by="sector", variables=["strategy", "employees"])
    md = to_markdown(r, lang="sv")
    assert "Totalt" in md and "Saknas eller vet ej" in md and "medelvärde (SD)" in md
    assert "," in md.split("Anställda")[1]  # decimal comma in the means
    with pytest.raises(AnalysisError, match="continuous"):
        table1(ds, by="sector", continuous="mode")
    with pytest.raises(AnalysisError, match="--by"):
        table1(ds, letters=True)
    overall_only = table1(ds, variables=["strategy"]).main
    assert "p_value" not in overall_only and "overall" in overall_only


def test_responses_without_a_group_are_left_out(ds):
    """A missing group value (a respondent who skipped the grouping question) is in no column,
    also not in the overall one (found on the OHBM export)."""
    data = ds.data.copy()
    data.loc[data.index[:7], "sector"] = pd.NA
    from digianalys.dataset import Dataset

    t = _t1(Dataset(data=data, codebook=ds.codebook), by="sector", variables=["framework"])
    head = t.iloc[0]
    assert head["overall"] == len(data) - 7
    assert sum(head[f"summary_{g}"] for g in SIZES) == len(data) - 7
