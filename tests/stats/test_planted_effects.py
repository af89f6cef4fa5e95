"""Issue 3 "done when": the effects planted in the bundled sample are found through the library.

The sample workbooks (data/sample/*.xlsx) are ingested with the example codebook into a temporary
directory and analysed with the public functions. Expected directions and sizes come from the
generating model and the realised values that the generator published in data/sample/README.md
("Planted truth", "Realised truth"); test statistics are also recomputed with scipy directly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _norm(value: str) -> str:
    """Organisation number as compared (trimmed, without the dash), independent of digianalys."""
    return value.strip().replace("-", "")


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    from digianalys.dataset import load
    from digianalys.ingest.pipeline import ingest

    out = tmp_path_factory.mktemp("planted") / "dataset"
    ingest(
        [
            ROOT / "data" / "sample" / "digitalisering-2018.xlsx",
            ROOT / "data" / "sample" / "digitalisering-2021.xlsx",
        ],
        out,
        codebook=ROOT / "examples" / "digitalisering-codebook.yaml",
        waves=["2018", "2021"],
    )
    return load(out)


def test_ingested_sample_matches_the_published_counts(ds):
    # README "Realised truth": 401 + 415 responses after the 3 duplicates are dropped
    assert len(ds.data) == 816
    assert ds.data["wave"].value_counts().to_dict() == {"2018": 401, "2021": 415}
    # README "Panel overlap": 356 organisations answered both waves, 45 only 2018, 59 only 2021
    ids = {w: set(ds.data.loc[ds.data.wave == w, "org_id"].map(_norm)) for w in ("2018", "2021")}
    assert (len(ids["2018"] & ids["2021"]), len(ids["2018"] - ids["2021"])) == (356, 45)
    assert len(ids["2021"] - ids["2018"]) == 59


def test_leadership_and_pace_correlate_about_0_4(ds):
    from scipy.stats import spearmanr

    from digianalys.stats.correlation import correlate

    row = correlate(ds, "leadership", "pace", method="spearman").main.iloc[0]
    both = ds.data[["leadership", "pace"]].dropna()
    ref = spearmanr(both["leadership"], both["pace"])
    assert row["n"] == 791 == len(both)  # README: n_pairs 791
    assert row["estimate"] == pytest.approx(ref.statistic, rel=1e-9)
    assert row["estimate"] == pytest.approx(0.392, abs=0.0005)  # README: 0.392
    assert 0.3 < row["estimate"] < 0.5 and row["p_value"] < 0.001
    assert row["conf_low"] > 0.3 and row["conf_high"] < 0.5
    # still about 0.4 within each wave (README: 0.350 and 0.407)
    by_wave = correlate(ds, "leadership", "pace", by="wave").main.set_index("group")
    assert by_wave.loc["2018", "estimate"] == pytest.approx(0.350, abs=0.0005)
    assert by_wave.loc["2021", "estimate"] == pytest.approx(0.407, abs=0.0005)


def test_framework_share_is_higher_in_government_agencies(ds):
    from scipy.stats import chi2_contingency

    from digianalys.stats.compare import compare
    from digianalys.stats.describe import describe

    # the two sectors compared (with the regions, 2 regional "Ja" answers are below min-cell
    # and complementary suppression may hide another sector's share in describe)
    two = ds.data[ds.data["sector"].isin(["statlig", "kommunal"])]
    sub = type(ds)(data=two.reset_index(drop=True), codebook=ds.codebook)
    shares = describe(sub, ["framework"], by="sector").tables["describe"].set_index("group")
    statlig, kommunal = shares.loc["statlig", "share"], shares.loc["kommunal", "share"]
    assert statlig > kommunal
    # planted P(Ja) 0.16 / 0.04; realised of answered 0.175, 0.197 / 0.041, 0.035 per wave
    assert statlig == pytest.approx(0.16, abs=0.03) and kommunal == pytest.approx(0.04, abs=0.02)
    row = compare(sub, "sector", ["framework"]).main.iloc[0]
    table = np.array(
        [
            [((two.sector == g) & (two.framework == v)).sum() for v in (0, 1)]
            for g in ("statlig", "kommunal")
        ]
    )
    ref = chi2_contingency(table, correction=False)
    assert row["test"] in ("Pearson χ²", "Fisher exact") and row["p_value"] < 0.001
    assert row["statistic"] == pytest.approx(ref.statistic, rel=1e-9)
    assert row["p_value"] == pytest.approx(ref.pvalue, rel=1e-9)
    # the same in each wave separately (README: χ² 18.42 in 2018 and 26.53 in 2021)
    for wave, chi2 in (("2018", 18.4181), ("2021", 26.5263)):
        w = two[two.wave == wave].reset_index(drop=True)
        r = compare(type(ds)(data=w, codebook=ds.codebook), "sector", ["framework"]).main.iloc[0]
        assert r["statistic"] == pytest.approx(chi2, abs=1e-4)


def test_leadership_differs_between_sectors(ds):
    from scipy.stats import kruskal

    from digianalys.stats.compare import compare

    res = compare(ds, "sector", ["leadership", "lead_strategy"], test="nonparametric")
    main = res.main.set_index("variable")
    assert main.loc["leadership", "p_adjusted"] < 0.001
    # a single item carries less of the planted sector difference than the scale (p ≈ 0.001)
    assert main.loc["lead_strategy", "p_adjusted"] < 0.01
    groups = [ds.data.loc[ds.data.sector == g, "leadership"].dropna() for g in res.meta["groups"]]
    assert main.loc["leadership", "statistic"] == pytest.approx(kruskal(*groups).statistic)
    # README: Kruskal–Wallis H 12.74 (2018) and 10.62 (2021)
    for wave, h in (("2018", 12.7397), ("2021", 10.6224)):
        w = ds.data[ds.data.wave == wave].reset_index(drop=True)
        sub = type(ds)(data=w, codebook=ds.codebook)
        row = compare(sub, "sector", ["leadership"], test="nonparametric").main.iloc[0]
        assert row["statistic"] == pytest.approx(h, abs=1e-4)
    # planted μ_L: statlig +0.30 and regional +0.50 above kommunal −0.20; the default Welch ANOVA
    # agrees and Games–Howell separates statlig from kommunal
    welch = compare(ds, "sector", ["leadership"])
    assert welch.main.iloc[0]["p_value"] < 0.001
    post = welch.tables["posthoc"].set_index(["group1", "group2"])
    assert post.loc[("statlig", "kommunal"), "p_adjusted"] < 0.001
    assert post.loc[("statlig", "kommunal"), "effect_size"] > 0  # statlig higher


def test_pace_is_higher_in_2021_than_in_2018(ds):
    from scipy.stats import mannwhitneyu, ttest_ind

    from digianalys.stats.compare import compare

    pace = {w: ds.data.loc[ds.data.wave == w, "pace"].dropna() for w in ("2018", "2021")}
    assert pace["2021"].mean() - pace["2018"].mean() == pytest.approx(0.174, abs=0.0005)
    row = compare(ds, "wave", ["pace"]).main.iloc[0]
    ref = ttest_ind(pace["2018"], pace["2021"], equal_var=False)
    assert row["test"] == "Welch t" and row["p_value"] < 0.05
    assert row["statistic"] == pytest.approx(ref.statistic, rel=1e-9)
    assert row["effect_size"] < 0  # Hedges g of 2018 − 2021: 2021 higher
    # README: Mann–Whitney U 88712.5, p = 0.0021 (2018 vs 2021)
    rank = compare(ds, "wave", ["pace"], test="nonparametric").main.iloc[0]
    mw = mannwhitneyu(pace["2018"], pace["2021"], alternative="two-sided")
    assert rank["statistic"] == pytest.approx(mw.statistic)
    assert rank["statistic"] == pytest.approx(88712.5) or rank["statistic"] == pytest.approx(
        len(pace["2018"]) * len(pace["2021"]) - 88712.5
    )
    assert rank["p_value"] == pytest.approx(0.0021, abs=0.00005)


def test_leadership_and_pace_rise_in_the_matched_organisations(ds):
    from scipy.stats import ttest_rel, wilcoxon

    from digianalys.stats.paired import compare_paired

    # the panel: the same organisations in both waves, matched by organisation number; README
    # "paired": leadership +0.186 on 353 pairs (t 4.2957), pace +0.132 on 338 pairs (t 2.7860)
    res = compare_paired(ds, "wave", ["leadership", "pace", "lead_strategy"], id="org_id")
    main = res.main.set_index("variable")
    data = ds.data.assign(key=ds.data["org_id"].map(_norm))
    first = data[data.wave == "2018"].set_index("key")
    last = data[data.wave == "2021"].set_index("key")
    common = first.index.intersection(last.index)
    for name, n, t, change in (("leadership", 353, 4.2957, 0.186), ("pace", 338, 2.7860, 0.132)):
        pair = np.column_stack([first.loc[common, name], last.loc[common, name]]).astype(float)
        pair = pair[~np.isnan(pair).any(axis=1)]
        assert main.loc[name, "n_pairs"] == n == len(pair)
        ref = ttest_rel(pair[:, 1], pair[:, 0])
        assert main.loc[name, "statistic"] == pytest.approx(ref.statistic, rel=1e-9)
        assert main.loc[name, "statistic"] == pytest.approx(t, abs=1e-4)
        assert main.loc[name, "change"] == pytest.approx(change, abs=0.0005)
        assert main.loc[name, "p_value"] < 0.01
    # an ordinal item: Wilcoxon signed-rank on the matched answers
    a = first.loc[common, "lead_strategy"].astype("Float64")
    b = last.loc[common, "lead_strategy"].astype("Float64")
    ok = (a.notna() & b.notna()).to_numpy()
    ref = wilcoxon(
        b.to_numpy(float)[ok], a.to_numpy(float)[ok], zero_method="wilcox", correction=False
    )
    assert main.loc["lead_strategy", "test"] == "Wilcoxon signed-rank"
    assert main.loc["lead_strategy", "n_pairs"] == ok.sum()
    assert main.loc["lead_strategy", "p_value"] == pytest.approx(ref.pvalue, rel=1e-9)
