"""compare_paired(): matched change between waves against scipy/statsmodels on pairs built
independently here (issue 14), and the attrition table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import SquareTable, cochrans_q, mcnemar

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import AnalysisError, VariableError
from digianalys.stats.paired import attrition, compare_paired


def _panel(waves=(2018, 2021), seed=3) -> Dataset:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(105):
        present = list(waves)
        if i >= 80:  # 15 answered only the first wave, 10 only the last
            present = [waves[0]] if i < 95 else [waves[-1]]
        base = rng.normal()
        for j, w in enumerate(waves):
            if w not in present:
                continue
            lat = base + 0.4 * j + rng.normal(scale=0.8)
            rows.append(
                {
                    "org_id": f"ORG-{i:03d}" if j == 0 else f" org-{i:03d}",  # ids as typed
                    "wave": str(w),
                    "lead": int(np.clip(np.round(3 + lat), 1, 5)),
                    "pace": float(50 + 10 * lat),
                    "framework": int(lat + rng.normal() > 0.8),
                    "channel": str(rng.choice(["e-post", "portal", "telefon"], p=[0.5, 0.3, 0.2])),
                }
            )
    df = pd.DataFrame(rows)
    df.loc[3, "lead"] = None  # organisation 1's 2021 answer missing: not a pair for lead
    data = pd.DataFrame(
        {
            "org_id": pd.array(df["org_id"], dtype="string"),
            "wave": pd.array(df["wave"], dtype="string"),
            "lead": pd.array(df["lead"], dtype="Int64"),
            "pace": df["pace"],
            "framework": pd.array(df["framework"], dtype="Int64"),
            "channel": pd.array(df["channel"], dtype="string"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "org_id", "type": "id"},
                {"name": "wave", "type": "categorical"},
                {"name": "lead", "type": "ordinal", "values": {i: str(i) for i in range(1, 6)}},
                {"name": "pace", "type": "numeric"},
                {"name": "framework", "type": "binary", "values": {0: "Nej", 1: "Ja"}},
                {"name": "channel", "type": "categorical"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def _pairs(ds: Dataset, var: str, a: str = "2018", b: str = "2021") -> pd.DataFrame:
    d = ds.data.assign(key=ds.data["org_id"].str.strip().str.lower())
    left = d[d["wave"] == a][["key", var]].dropna()
    right = d[d["wave"] == b][["key", var]].dropna()
    return left.merge(right, on="key", suffixes=("_a", "_b"))


@pytest.fixture(scope="module")
def result():
    ds = _panel()
    return ds, compare_paired(ds, "wave", id="org_id").tables["compare"].set_index("variable")


def test_counts(result):
    ds, t = result
    assert t.loc["pace", "n_pairs"] == 80
    assert t.loc["lead", "n_pairs"] == 79  # organisation 1 did not answer lead in 2021
    assert t.loc["pace", "n_only_2018"] == 15 and t.loc["pace", "n_only_2021"] == 10
    assert t.loc["lead", "n_only_2018"] == 16 and t.loc["lead", "n_only_2021"] == 10


def test_ordinal_wilcoxon(result):
    ds, t = result
    p = _pairs(ds, "lead")
    ref = stats.wilcoxon(p["lead_b"].astype(float), p["lead_a"].astype(float), zero_method="wilcox")
    row = t.loc["lead"]
    assert row["test"] == "Wilcoxon signed-rank"
    assert row["statistic"] == pytest.approx(ref.statistic)
    assert row["p_value"] == pytest.approx(ref.pvalue)
    diff = (p["lead_b"] - p["lead_a"]).astype(float)
    assert row["change"] == pytest.approx(diff.mean())
    nz = diff[diff != 0]
    ranks = stats.rankdata(nz.abs())
    r = (ranks[nz > 0].sum() - ranks[nz < 0].sum()) / ranks.sum()
    assert row["effect_size"] == pytest.approx(r) and row["effect_size"] > 0


def test_numeric_paired_t(result):
    ds, t = result
    p = _pairs(ds, "pace")
    ref = stats.ttest_rel(p["pace_b"], p["pace_a"])
    row = t.loc["pace"]
    assert (row["statistic"], row["p_value"]) == pytest.approx((ref.statistic, ref.pvalue))
    ci = ref.confidence_interval()
    assert (row["conf_low"], row["conf_high"]) == pytest.approx((ci.low, ci.high))
    diff = p["pace_b"] - p["pace_a"]
    assert row["effect_size"] == pytest.approx(diff.mean() / diff.std(ddof=1))
    assert row["df"] == 79


def test_binary_mcnemar(result):
    ds, t = result
    p = _pairs(ds, "framework")
    table = pd.crosstab(p["framework_a"], p["framework_b"]).reindex(
        index=[1, 0], columns=[1, 0], fill_value=0
    )
    discordant = table.loc[1, 0] + table.loc[0, 1]
    ref = mcnemar(table.to_numpy(), exact=discordant < 25, correction=False)
    row = t.loc["framework"]
    assert row["p_value"] == pytest.approx(ref.pvalue)
    assert row["change"] == pytest.approx(p["framework_b"].mean() - p["framework_a"].mean())
    assert row["conf_low"] < row["change"] < row["conf_high"]


def test_categorical_stuart_maxwell(result):
    ds, t = result
    p = _pairs(ds, "channel")
    levels = sorted(set(p["channel_a"]) | set(p["channel_b"]))
    table = pd.crosstab(
        pd.Categorical(p["channel_a"], levels), pd.Categorical(p["channel_b"], levels), dropna=False
    )
    ref = SquareTable(table.to_numpy(), shift_zeros=False).homogeneity(method="stuart_maxwell")
    row = t.loc["channel"]
    assert row["test"] == "Stuart–Maxwell"
    assert (row["statistic"], row["df"], row["p_value"]) == pytest.approx(
        (ref.statistic, ref.df, ref.pvalue)
    )


def test_holm_across_rows(result):
    _, t = result
    p = t["p_value"].to_numpy()
    from statsmodels.stats.multitest import multipletests

    assert t["p_adjusted"].to_numpy() == pytest.approx(multipletests(p, method="holm")[1])


def test_three_waves():
    ds = _panel(waves=(2018, 2021, 2024))
    t = compare_paired(ds, "wave", id="org_id").tables["compare"].set_index("variable")
    d = ds.data.assign(key=ds.data["org_id"].str.strip().str.lower())
    wide = d.pivot(index="key", columns="wave", values="pace").dropna()
    ref = stats.friedmanchisquare(*[wide[c] for c in ["2018", "2021", "2024"]])
    assert t.loc["pace", "test"] == "Friedman"
    assert t.loc["pace", "p_value"] == pytest.approx(ref.pvalue)
    wide_b = d.pivot(index="key", columns="wave", values="framework").dropna().astype(float)
    q = cochrans_q(wide_b[["2018", "2021", "2024"]].to_numpy())
    assert t.loc["framework", "p_value"] == pytest.approx(q.pvalue)
    assert t.loc["channel", "test"] == ""


def test_duplicate_ids_refused():
    ds = _panel()
    data = pd.concat([ds.data, ds.data.iloc[[0]]], ignore_index=True)
    with pytest.raises(AnalysisError, match="more than once in the same 'wave': org-000"):
        compare_paired(Dataset(data=data, codebook=ds.codebook), "wave", id="org_id")


def test_attrition_compares_first_wave_answers():
    ds = _panel()
    res = attrition(ds, "wave", id="org_id", variables=["pace"])
    row = res.tables["compare"].iloc[0]
    assert row["n_2018–2021"] == 80 and row["n_2018"] == 15
    first = ds.data[ds.data["wave"] == "2018"]
    stayed = (
        first["org_id"]
        .str.strip()
        .str.lower()
        .isin(ds.data.loc[ds.data["wave"] == "2021", "org_id"].str.strip().str.lower())
    )
    ref = stats.ttest_ind(first.loc[stayed, "pace"], first.loc[~stayed, "pace"], equal_var=False)
    assert row["p_value"] == pytest.approx(ref.pvalue)


def test_cli_paired(tmp_path):
    from typer.testing import CliRunner

    from digianalys.cli import app
    from digianalys.ingest.pipeline import ingest

    ds = _panel()
    for wave in ("2018", "2021"):
        part = ds.data[ds.data["wave"] == wave].drop(columns=["wave"])
        part.to_csv(tmp_path / f"w{wave}.csv", index=False)
    ingest(
        [tmp_path / "w2018.csv", tmp_path / "w2021.csv"], tmp_path / "ds", waves=["2018", "2021"]
    )
    out = tmp_path / "paired.csv"
    args = ["compare", str(tmp_path / "ds"), "pace", "--by", "wave", "--paired", "--id", "org_id"]
    res = CliRunner().invoke(app, [*args, "-o", str(out)])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out)
    assert table.loc[0, "test"] == "paired t" and table.loc[0, "n_pairs"] == 80
    res = CliRunner().invoke(app, args[:-2])
    assert res.exit_code == 1 and "--paired needs --id" in res.output
    res = CliRunner().invoke(app, [*args, "--inference", "finite"])
    assert res.exit_code == 1 and "--paired does not take --inference finite" in res.output


def test_trend_table_and_paired_trend():
    from scipy import stats as st

    from digianalys.stats.paired import matched, trend

    ds = _panel()
    t = trend(ds, ["pace", "framework"], min_cell=5).tables["trend"]
    row = t[(t["variable"] == "pace") & (t["wave"] == "2021")].iloc[0]
    vals = ds.data.loc[ds.data["wave"] == "2021", "pace"]
    half = st.t.ppf(0.975, len(vals) - 1) * vals.std(ddof=1) / np.sqrt(len(vals))
    assert row["n"] == 90 and row["estimate"] == pytest.approx(vals.mean())
    assert row["conf_high"] - row["estimate"] == pytest.approx(half)
    share = t[(t["variable"] == "framework") & (t["wave"] == "2018")].iloc[0]
    assert share["measure"] == "share"
    assert share["estimate"] == pytest.approx(
        100 * ds.data.loc[ds.data["wave"] == "2018", "framework"].mean()
    )
    res = trend(ds, ["pace"], paired=True, id="org_id")
    p = res.tables["trend"]
    assert p["n"].tolist() == [80, 80]  # the organisations that answered both waves
    assert str(res.notes[0]).endswith("every wave: 160 of 185 responses.")
    assert len(matched(ds, "wave", id="org_id").data) == 160
    with pytest.raises(VariableError, match="needs --id"):
        trend(ds, ["pace"], paired=True)
