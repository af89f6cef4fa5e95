"""The truth as realised in the generated sample (what an analysis of it should find)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .frame import population_frame
from .parameters import (
    AGREEMENT,
    DONT_KNOW,
    INFRA_OPTIONS,
    INVOLVEMENT,
    LEADERSHIP_ITEMS,
    NO,
    OBSTACLE,
    PACE_ITEMS,
    SECTOR_KEY,
    SECTORS,
    SEED,
    WAVES,
    YES,
)
from .responses import generate

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


# ------------------------------------------------------------------ the truth as realised
def scale_scores(
    df: pd.DataFrame, items: list[str] | tuple[str, ...], min_items: int = 3
) -> pd.Series:
    """Mean of item codes (1..5; "Vet ej"/blank missing) for rows with >= ``min_items`` answered."""
    codes = df[list(items)].apply(lambda c: c.map({lab: i + 1 for i, lab in enumerate(AGREEMENT)}))
    codes = codes.astype(float)
    mean = codes.mean(axis=1)
    return mean.where(codes.notna().sum(axis=1) >= min_items)


def _alpha(df: pd.DataFrame, items: list[str]) -> float:
    codes = df[items].apply(lambda c: c.map({lab: i + 1 for i, lab in enumerate(AGREEMENT)}))
    codes = codes.astype(float).dropna()
    k = len(items)
    return k / (k - 1) * (1 - codes.var(ddof=1).sum() / codes.sum(axis=1).var(ddof=1))


def realised_truth(seed: int = SEED) -> dict[str, Any]:
    """Summary of the generated raw frames (both waves): what an analysis should find.

    Scale means use the codes 1..5 with "Vet ej"/blank missing and at least 3 items answered;
    Spearman correlations use complete pairs of scale means; Cronbach's alpha uses complete rows.
    Returns lists of rows (dicts) under ``by_wave``, ``by_wave_sector``, ``tests``, ``infra``,
    ``counts`` (exact counts an ingest of the workbooks should report), ``response`` (frame,
    respondents and response rate per wave and sector), ``panel`` (organisations answering
    both waves or one) and ``panel_corr`` (scale scores of matched organisations).
    """
    import numpy as np
    import pandas as pd
    from scipy import stats

    frames = {w: generate(w, seed) for w in WAVES}
    both = pd.concat(frames.values(), ignore_index=True)
    out: dict[str, Any] = {
        "by_wave_sector": [],
        "by_wave": [],
        "tests": [],
        "infra": [],
        "counts": [],
        "panel_corr": [],
        "response": [],
        "panel": [],
    }
    scores = {
        w: (scale_scores(df, list(LEADERSHIP_ITEMS)), scale_scores(df, list(PACE_ITEMS)))
        for w, df in [*frames.items(), ("both", both)]
    }
    for w, df in [*frames.items(), ("both", both)]:
        lead, pace = scores[w]
        ok = lead.notna() & pace.notna()
        rho = stats.spearmanr(lead[ok], pace[ok]).statistic
        out["by_wave"].append(
            {
                "wave": w,
                "n": len(df),
                "rows_in_workbook": len(df) + int(df["duplicates"].sum()),
                "leadership_mean": lead.mean(),
                "pace_mean": pace.mean(),
                "spearman_leadership_pace": rho,
                "n_pairs": int(ok.sum()),
                "latent_corr": float(df["lead_latent"].corr(df["pace_latent"])),
                "alpha_leadership": _alpha(df, list(LEADERSHIP_ITEMS)),
                "alpha_pace": _alpha(df, list(PACE_ITEMS)),
            }
        )
        if w == "both":
            continue
        for s in SECTORS:
            m = df["sector"] == s
            fw = df.loc[m, "framework"]
            out["by_wave_sector"].append(
                {
                    "wave": w,
                    "sector": s,
                    "n": int(m.sum()),
                    "leadership_mean": lead[m].mean(),
                    "pace_mean": pace[m].mean(),
                    "framework_ja": int((fw == YES).sum()),
                    "framework_nej": int((fw == NO).sum()),
                    "framework_vet_ej": int((fw == DONT_KNOW).sum()),
                    "framework_yes_of_all": float((fw == YES).mean()),
                    "framework_yes_of_answered": float(
                        (fw == YES).sum() / fw.isin([YES, NO]).sum()
                    ),
                    "employees_median": float(df.loc[m, "employees"].median()),
                    "it_cost_mean": float(df.loc[m, "it_cost"].mean()),
                }
            )
        answered = df[list(INFRA_OPTIONS)].any(axis=1)
        for opt, text in INFRA_OPTIONS.items():
            out["infra"].append(
                {
                    "wave": w,
                    "option": text,
                    "ticked": int(df[opt].sum()),
                    "share_of_answered": float(df.loc[answered, opt].mean()),
                }
            )
        # tests an analysis should reproduce (on the deduplicated data)
        for name, score in (("leadership", lead), ("pace", pace)):
            groups = [score[(df["sector"] == s) & score.notna()] for s in SECTORS]
            kw = stats.kruskal(*groups)
            out["tests"].append(
                {
                    "wave": w,
                    "what": f"{name} scale by sector",
                    "test": "Kruskal–Wallis H",
                    "statistic": float(kw.statistic),
                    "p_value": float(kw.pvalue),
                }
            )
        answered_fw = df.loc[df["framework"].isin([YES, NO]) & (df["sector"] != "regional")]
        table = pd.crosstab(answered_fw["sector"], answered_fw["framework"])
        chi = stats.chi2_contingency(table, correction=False)
        out["tests"].append(
            {
                "wave": w,
                "what": "framework (Ja/Nej) statlig vs kommunal",
                "test": "Pearson χ² (no continuity correction)",
                "statistic": float(chi.statistic),
                "p_value": float(chi.pvalue),
            }
        )
        # exact counts per column, as an ingest of the workbook should find them
        for item in {**LEADERSHIP_ITEMS, **PACE_ITEMS}:
            out["counts"].append(
                {
                    "wave": w,
                    "column": item,
                    "vet_ej": int((df[item] == DONT_KNOW).sum()),
                    "blank": int(df[item].isna().sum()),
                    "answered": int(df[item].isin(AGREEMENT).sum()),
                }
            )
        for col, labels in (
            ("framework", (YES, NO)),
            ("competence_obstacle", OBSTACLE),
            ("user_involvement", INVOLVEMENT),
        ):
            out["counts"].append(
                {
                    "wave": w,
                    "column": col,
                    "vet_ej": int((df[col] == DONT_KNOW).sum()),
                    "blank": int(df[col].isna().sum()),
                    "answered": int(df[col].isin(labels).sum()),
                }
            )
        for col in ("employees", "it_cost"):
            out["counts"].append(
                {
                    "wave": w,
                    "column": col,
                    "vet_ej": 0,
                    "blank": int(df[col].isna().sum()),
                    "answered": int(df[col].notna().sum()),
                }
            )
    lead18, pace18 = scores[2018]
    lead21, pace21 = scores[2021]
    for name, a, b in (("leadership", lead18, lead21), ("pace", pace18, pace21)):
        mw = stats.mannwhitneyu(b.dropna(), a.dropna(), alternative="two-sided")
        out["tests"].append(
            {
                "wave": "2018 vs 2021",
                "what": f"{name} scale, difference of means {b.mean() - a.mean():+.3f}",
                "test": "Mann–Whitney U",
                "statistic": float(mw.statistic),
                "p_value": float(mw.pvalue),
            }
        )
    # the panel: organisations that answered both waves, matched by organisation number
    idx = {w: pd.Index(frames[w]["org_id"]) for w in WAVES}
    for name, a, b in (("leadership", lead18, lead21), ("pace", pace18, pace21)):
        first = pd.Series(a.to_numpy(), index=idx[2018])
        last = pd.Series(b.to_numpy(), index=idx[2021])
        both_ids = first.index.intersection(last.index)
        pair = pd.DataFrame({"first": first[both_ids], "last": last[both_ids]}).dropna()
        diff = pair["last"] - pair["first"]
        wx = stats.wilcoxon(
            pair["last"], pair["first"], zero_method="wilcox", correction=False, method="auto"
        )
        tt = stats.ttest_rel(pair["last"], pair["first"])
        what = f"{name} scale, {len(pair)} matched organisations, mean change {diff.mean():+.3f}"
        out["tests"].append(
            {
                "wave": "2018 → 2021 (paired)",
                "what": what,
                "test": "Wilcoxon signed-rank (zero differences dropped)",
                "statistic": float(wx.statistic),
                "p_value": float(wx.pvalue),
            }
        )
        out["tests"].append(
            {
                "wave": "2018 → 2021 (paired)",
                "what": what,
                "test": "paired t",
                "statistic": float(tt.statistic),
                "p_value": float(tt.pvalue),
            }
        )
        out["panel_corr"].append(
            {
                "scale": name,
                "n_pairs": len(pair),
                "pearson_2018_2021": float(pair["first"].corr(pair["last"])),
                "mean_change": float(diff.mean()),
            }
        )
    # the frame, the response per sector and wave, and the panel overlap
    population = population_frame(seed)
    sector_of = dict(zip(population["org_id"], population["sector"].map(SECTOR_KEY), strict=True))
    emp = dict(zip(population["org_id"], population["employees"], strict=True))
    answered_ids = {w: set(frames[w]["org_id"]) for w in WAVES}
    for w in WAVES:
        for s in (*SECTORS, "all"):
            ids = [i for i in population["org_id"] if s == "all" or sector_of[i] == s]
            yes = [i for i in ids if i in answered_ids[w]]
            no = [i for i in ids if i not in answered_ids[w]]
            out["response"].append(
                {
                    "wave": w,
                    "sector": s,
                    "population": len(ids),
                    "respondents": len(yes),
                    "response_rate": len(yes) / len(ids),
                    "employees_median_respondents": float(np.median([emp[i] for i in yes])),
                    "employees_median_nonrespondents": float(np.median([emp[i] for i in no])),
                }
            )
    for s in (*SECTORS, "all"):
        ids = [i for i in population["org_id"] if s == "all" or sector_of[i] == s]
        a18, a21 = answered_ids[2018], answered_ids[2021]
        out["panel"].append(
            {
                "sector": s,
                "population": len(ids),
                "both_waves": sum(i in a18 and i in a21 for i in ids),
                "only_2018": sum(i in a18 and i not in a21 for i in ids),
                "only_2021": sum(i in a21 and i not in a18 for i in ids),
                "neither": sum(i not in a18 and i not in a21 for i in ids),
            }
        )
    return out
