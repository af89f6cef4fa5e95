"""plot bar for categorical questions and select-all options (plots/shares.py): bar lengths are
the shares computed here with pandas, error bars the Wilson intervals of statsmodels, small
groups are left out with their complement, wrong types are refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import VariableError
from digianalys.plots.shares import draw_shares, options_of

OPTIONS = {"opt_a": "BankID", "opt_b": "Mina meddelanden", "opt_c": "Ingen av dessa"}


def _ds(sizes=None) -> Dataset:
    sizes = sizes or {"statlig": 60, "kommunal": 90}
    rng = np.random.default_rng(7)
    rows = []
    for g, n in sizes.items():
        for _ in range(n):
            rows.append(
                {
                    "sector": g,
                    "county": rng.choice(["Norr", "Mitt", "Syd"], p=[0.2, 0.3, 0.5]),
                    "opt_a": int(rng.random() < (0.8 if g == "statlig" else 0.5)),
                    "opt_b": int(rng.random() < 0.4),
                    "opt_c": int(rng.random() < 0.05),
                }
            )
    df = pd.DataFrame(rows)
    data = pd.DataFrame(
        {
            "sector": pd.array(df["sector"], dtype="string"),
            "county": pd.array(df["county"], dtype="string"),
            **{k: pd.array(df[k], dtype="Int64") for k in OPTIONS},
        }
    )
    q = "Vilka tjänster använder ni?"
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical", "levels": {g: [g] for g in sizes}},
                {"name": "county", "type": "categorical", "label": "Län",
                 "levels": {"Norr": ["Norr"], "Mitt": ["Mitt"], "Syd": ["Syd"]}},
                *({"name": k, "type": "multi", "label": v, "question": q,
                   "values": {0: "Nej", 1: "Ja"}} for k, v in OPTIONS.items()),
            ]
        }
    )  # fmt: skip
    return Dataset(data=data, codebook=cb)


def _bars(fig):
    ax = fig.axes[0]
    return [(p.get_width(), p.get_facecolor()) for p in ax.patches]


def test_select_all_options_sorted_with_wilson_intervals():
    ds = _ds()
    assert options_of(ds, ["opt_b"]) == list(OPTIONS)
    fig = draw_shares(ds, ["opt_a"], lang="sv", min_cell=5)
    ax = fig.axes[0]
    widths = [p.get_width() for p in ax.patches]
    want = sorted((100 * ds.data[k].astype(float).mean() for k in OPTIONS), reverse=True)
    np.testing.assert_allclose(widths, want)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "BankID" and labels[-1] == "Ingen av dessa"
    # the error bars are Wilson intervals
    segments = ax.collections[0].get_segments()
    for seg, k in zip(segments, sorted(OPTIONS, key=lambda k: -ds.data[k].mean()), strict=True):
        lo, hi = proportion_confint(int(ds.data[k].sum()), len(ds.data), method="wilson")
        np.testing.assert_allclose(sorted([seg[0][0], seg[1][0]]), [100 * lo, 100 * hi])


def test_categorical_by_group_and_small_groups_left_out():
    ds = _ds({"statlig": 60, "kommunal": 90, "regional": 3})
    fig = draw_shares(ds, ["county"], by="sector", lang="en", min_cell=5)
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    # regional (3) is hidden and so is its complement, the next-smallest group
    assert legend == ["kommunal (n = 90)"]
    widths = [p.get_width() for p in ax.patches]
    sub = ds.data.loc[ds.data["sector"] == "kommunal", "county"]
    want = [100 * (sub == lv).mean() for lv in ("Norr", "Mitt", "Syd")]
    np.testing.assert_allclose(widths, want)
    assert any("regional" in t.get_text() for t in fig.texts)


def test_wrong_types_are_refused():
    ds = _ds()
    with pytest.raises(VariableError, match="one categorical"):
        draw_shares(ds, ["county", "sector"])
    with pytest.raises(VariableError, match="select-all"):
        draw_shares(ds, ["county", "opt_a"])
