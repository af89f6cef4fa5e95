"""Post-hoc pairs of ``compare --inference finite``: each pair of groups gets the variable's
design-based test on the two groups (a domain of the whole design), as R survey's svyttest,
svyranktest and svychisq on ``subset(design, size %in% pair)`` (tests/data/r_design/
design_pairs.R, R 4.2.2 / survey 4.1.1; output design_pairs.out); Holm within the variable; the
direction only from pairs the tests show."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.stats.design import SurveyDesign
from digianalys.stats.design_compare import compare_design

HERE = Path(__file__).resolve().parents[1] / "data" / "r_design"
PAIRS = [("small", "medium"), ("small", "large"), ("medium", "large")]


@pytest.fixture(scope="module")
def setup():
    d = pd.read_csv(HERE / "respondents.csv")
    ref = {}
    for line in (HERE / "design_pairs.out").read_text().splitlines()[1:]:
        name, *values = line.split()
        ref[name] = np.array([float(v) for v in values])
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "size",
                    "type": "categorical",
                    "levels": {k: [k] for k in ("small", "medium", "large")},
                },
                {"name": "leadership", "type": "numeric"},
                {"name": "framework", "type": "binary"},
            ]
        }
    )
    data = pd.DataFrame(
        {
            "size": pd.array(d["size"], dtype="string"),
            "leadership": d["leadership"].astype("float64"),
            "framework": pd.array(d["framework"], dtype="Int64"),
        }
    )
    n_h = d.groupby("sector")["sector"].transform("size")
    design = SurveyDesign(
        weights=(d["N"] / n_h).to_numpy(),
        strata=d["sector"].to_numpy(),
        population=d.groupby("sector")["N"].first().to_dict(),
    )
    return Dataset(data=data, codebook=cb), design, ref


@pytest.mark.parametrize(
    "variable, test, key",
    [
        ("leadership", "auto", "t"),
        ("leadership", "nonparametric", "rank"),
        ("framework", "auto", "chisq"),
    ],
)
def test_pairs_equal_r(setup, variable, test, key):
    ds, design, ref = setup
    res = compare_design(
        ds, "size", [variable], design, np.ones(len(ds.data), dtype=bool), test=test
    )
    post = res.tables["posthoc"].set_index(["group1", "group2"])
    ps = []
    for a, b in PAIRS:
        row = post.loc[(a, b)]
        want = ref[f"{key}_{a}_{b}"]
        if key == "chisq":  # F, df1, df2, p
            got = [row["statistic"], 1.0, row["df"], row["p_value"]]
        else:  # t (sign: the order of the two groups), df, p
            got = [abs(row["statistic"]), row["df"], row["p_value"]]
            want = np.array([abs(want[0]), want[1], want[2]])
        np.testing.assert_allclose(got, want, rtol=1e-7)
        ps.append(row["p_value"])
    holm = multipletests(ps, method="holm")[1]
    np.testing.assert_allclose(post.loc[PAIRS, "p_adjusted"], holm, rtol=1e-12)
    # no pair is significant here: the directions say so
    main = res.tables["compare"].iloc[0]
    assert all("higher" not in str(x) for x in post["direction"])
    assert "higher" not in str(main["direction"]) and ">" not in str(main["direction"])


def test_directions_come_from_significant_pairs(setup):
    """A planted difference: large organisations lead more; the direction names the pairs the
    pairwise tests show, ordered by the population means."""
    ds, design, _ = setup
    data = ds.data.copy()
    data["leadership"] = data["leadership"] + np.where(data["size"] == "large", 1.5, 0.0)
    shifted = Dataset(data=data, codebook=ds.codebook)
    res = compare_design(shifted, "size", ["leadership"], design, np.ones(len(data), dtype=bool))
    post = res.tables["posthoc"].set_index(["group1", "group2"])
    main = res.tables["compare"].iloc[0]
    assert main["p_adjusted"] < 0.05
    assert str(main["direction"]) == "large > small, medium"
    assert str(post.loc[("small", "large"), "direction"]) == "large higher than small"
    assert "design Wald F" == main["test"] and set(post["test"]) == {"design t"}
