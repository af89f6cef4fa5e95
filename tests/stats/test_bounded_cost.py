"""Bounded cost with many groups (issue 16 point 4): compare caps post-hoc tests, figures
refuse more groups than they can show, both with a note or hint saying what to do."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import AnalysisError
from digianalys.output.i18n import tr
from digianalys.plots import make_plot
from digianalys.plots.common import MAX_GROUPS
from digianalys.stats import posthoc as ph
from digianalys.stats.compare import compare


def _many_groups(k: int, n: int = 6000, seed: int = 0) -> Dataset:
    rng = np.random.default_rng(seed)
    grp = np.array([f"g{i:03d}" for i in range(k)])[np.arange(n) % k]
    data = pd.DataFrame(
        {
            "grp": pd.Series(grp, dtype="string"),
            "q": pd.Series(rng.integers(1, 6, n)).astype("Int64"),
            "x": rng.normal(size=n),
            "b": pd.Series(rng.integers(0, 2, n)).astype("Int64"),
            "c": pd.Series(rng.choice(["a", "b", "c"], n), dtype="string"),
            "wave": pd.Categorical(rng.choice(["2018", "2021"], n), categories=["2018", "2021"]),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "grp", "type": "categorical"},
                {"name": "q", "type": "ordinal", "values": {i: f"s{i}" for i in range(1, 6)}},
                {"name": "x", "type": "numeric"},
                {"name": "b", "type": "binary", "values": {1: "Ja", 0: "Nej"}},
                {"name": "c", "type": "categorical"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def test_compare_400_groups_is_fast_and_says_why_there_is_no_posthoc():
    ds = _many_groups(400)
    t0 = time.perf_counter()
    res = compare(ds, "grp", ["q", "x", "b", "c"])
    assert time.perf_counter() - t0 < 30
    main = res.tables["compare"]
    assert main["p_value"].notna().all()  # the omnibus tests still ran over 400 groups
    assert len(res.tables["posthoc"]) == 0
    notes = [tr(n, "en") for n in res.notes]
    capped = [n for n in notes if "No pairwise post-hoc tests" in n]
    assert capped and "q, x, b, c" in capped[0] and "--where" in capped[0]
    assert "Inga parvisa post hoc-test" in " ".join(tr(n, "sv") for n in res.notes)


def test_posthoc_up_to_the_cap_and_not_beyond():
    at = compare(_many_groups(ph.MAX_GROUPS, n=3000), "grp", ["x"])
    assert len(at.tables["posthoc"]) == ph.MAX_GROUPS * (ph.MAX_GROUPS - 1) // 2
    assert not any("post-hoc" in tr(n, "en") for n in at.notes)
    beyond = compare(_many_groups(ph.MAX_GROUPS + 1, n=3100), "grp", ["x"])
    assert len(beyond.tables["posthoc"]) == 0
    assert any("No pairwise post-hoc" in tr(n, "en") for n in beyond.notes)


@pytest.mark.parametrize(
    "kind,args",
    [("likert", ["q"]), ("box", ["x"]), ("bar", ["b"]), ("scatter", ["q", "x"]), ("trend", ["x"])],
)
def test_plots_refuse_400_groups_with_a_hint(kind, args, tmp_path):
    ds = _many_groups(400)
    t0 = time.perf_counter()
    with pytest.raises(AnalysisError) as e:
        make_plot(kind, ds, tmp_path / "f.png", args=args, by="grp")
    assert time.perf_counter() - t0 < 10
    msg = str(e.value)
    assert "400 groups" in msg and str(MAX_GROUPS) in msg and "--where" in msg
    assert "\n" not in msg
    assert not (tmp_path / "f.png").exists()


def test_plots_draw_up_to_the_cap(tmp_path):
    ds = _many_groups(MAX_GROUPS, n=MAX_GROUPS * 12)
    out = make_plot("box", ds, tmp_path / "f.png", args=["x"], by="grp")
    assert out.stat().st_size > 1000
