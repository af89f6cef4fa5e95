"""Table 1 against tableone (Pollard et al. 2018, the Python package) on the bundled sample:
the same counts and percentages per answer and group, and the same mean (SD)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from digianalys.dataset import load
from digianalys.stats.data import categories
from digianalys.stats.table1 import table1
from digianalys.where import apply_where

tableone = pytest.importorskip("tableone")


def _pair(cell: str) -> tuple[float, float]:
    a, b = re.match(r"\s*([-\d.]+) \(([-\d.]+)\)", cell).groups()
    return float(a), float(b)


def test_counts_percentages_and_means_equal_tableone(example_run):
    ds, _ = apply_where(load(example_run / "dataset"), "wave == 2021")
    cats, levels = categories(ds, "lead_strategy")
    frame = pd.DataFrame(
        {
            "sector": ds.data["sector"].astype(str),
            "lead": cats.astype(object),
            "employees": ds.data["employees"].astype(float),
        }
    )
    answered = frame.dropna(subset=["lead"])  # percentages of those who answered, as Table 1
    ref = tableone.TableOne(
        answered, columns=["lead"], categorical=["lead"], groupby="sector", pval=False
    ).tableone
    ref.columns = [c[1] if isinstance(c, tuple) else c for c in ref.columns]
    mine = table1(ds, by="sector", variables=["lead_strategy", "employees"])
    t = mine.main.assign(variable=mine.meta["row_variables"])
    for level in levels:
        row = t[(t["variable"] == "lead_strategy") & (t["level"] == level)].iloc[0]
        want = ref.loc[("lead, n (%)", level)]
        for g in ("statlig", "kommunal", "regional"):
            n, pct = _pair(want[g])
            assert row[f"summary_{g}"].fields["n"] == n
            assert row[f"summary_{g}"].fields["pct"] == pytest.approx(pct, abs=0.5)
        n, pct = _pair(want["Overall"])
        assert row["overall"].fields["n"] == n
    cont = tableone.TableOne(
        frame.dropna(subset=["employees"]), columns=["employees"], groupby="sector", pval=False
    ).tableone
    cont.columns = [c[1] if isinstance(c, tuple) else c for c in cont.columns]
    emp = t[t["variable"] == "employees"].iloc[0]
    want = cont.loc[("employees, mean (SD)", "")]
    for g in ("statlig", "kommunal", "regional"):
        mean, sd = _pair(want[g])
        cell = emp[f"summary_{g}"].fields
        assert cell["mean"] == pytest.approx(mean, abs=0.51)
        assert cell["sd"] == pytest.approx(sd, abs=0.51)
