"""plot bar / trend with the population design (issue 13): the bars are describe's population
estimates with their design-based intervals (themselves checked against R survey in
tests/stats/test_population.py), the footnote says so, and --inference model keeps the sample's
Wilson intervals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from digianalys.dataset import load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    from digianalys.ingest.pipeline import ingest
    from digianalys.stats.population import population, write_design

    tmp = tmp_path_factory.mktemp("design_plots")
    ingest(
        [ROOT / "data" / "sample" / "digitalisering-2021.xlsx"],
        tmp / "ds",
        codebook=ROOT / "examples" / "digitalisering-codebook.yaml",
    )
    _, spec, w = population(
        tmp / "ds", ROOT / "data" / "sample" / "population.xlsx", id="org_id", strata=["sector"]
    )
    write_design(tmp / "ds", spec, w)
    return load(tmp / "ds")


def _bars(fig):
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    caps = [line for line in ax.lines if len(line.get_xdata()) == len(heights)]
    return np.array(heights), caps


def _footnote(fig) -> str:
    return " ".join(t.get_text() for t in fig.texts)


def test_bar_draws_describe_population_shares(ds):
    import matplotlib

    matplotlib.use("Agg")
    from digianalys.plots import bar
    from digianalys.stats.describe import describe

    table = describe(ds, ["framework"], by="sector").tables["describe"].set_index("group")
    fig = bar.draw(ds, ["framework"], by="sector", lang="en")
    heights, _ = _bars(fig)
    want = 100 * table.loc[["statlig", "kommunal", "regional"], "share"].to_numpy(float)
    np.testing.assert_allclose(heights, want, rtol=1e-12)
    segments = fig.axes[0].collections[0].get_segments()  # the error bars, one per bar
    lows = [min(s[:, 1]) for s in segments]
    highs = [max(s[:, 1]) for s in segments]
    np.testing.assert_allclose(
        lows, 100 * table.loc[["statlig", "kommunal", "regional"], "conf_low"], rtol=1e-12
    )
    np.testing.assert_allclose(
        highs, 100 * table.loc[["statlig", "kommunal", "regional"], "conf_high"], rtol=1e-12
    )
    assert "541 organisations" in _footnote(fig) and "svyciprop" in _footnote(fig)
    sample = bar.draw(ds, ["framework"], by="sector", lang="en", inference="model")
    assert "Wilson" in _footnote(sample)
    counts = ds.data.groupby("sector", observed=True)["framework"].agg(["sum", "count"])
    np.testing.assert_allclose(
        _bars(sample)[0],
        100 * (counts["sum"] / counts["count"]).loc[["statlig", "kommunal", "regional"]],
    )


def test_select_all_and_trend_with_the_design(ds):
    import matplotlib

    matplotlib.use("Agg")
    from digianalys.plots import shares, trend
    from digianalys.stats.describe import describe

    fig = shares.draw_shares(ds, ["infra_eid", "infra_inera"], by="sector", lang="sv")
    table = describe(ds, ["infra_eid"], by="sector").tables["describe"].set_index("group")
    widths = sorted(p.get_width() for p in fig.axes[0].patches)
    for share in 100 * table["share"].to_numpy(float):
        assert min(abs(w - share) for w in widths) < 1e-9
    assert "populationens 541 organisationer" in _footnote(fig)
    assert trend  # drawn on the waves' dataset below


def test_trend_uses_the_design_of_its_wave(tmp_path):
    """Both waves, the design of the last (population's default): with --where on that wave
    the trend point is the population estimate; over both waves finite inference is refused
    with the filter to use."""
    import matplotlib

    matplotlib.use("Agg")
    from digianalys.errors import AnalysisError
    from digianalys.ingest.pipeline import ingest
    from digianalys.plots import trend
    from digianalys.stats.describe import describe
    from digianalys.stats.population import population, write_design
    from digianalys.where import apply_where

    sample = ROOT / "data" / "sample"
    ingest(
        [sample / "digitalisering-2018.xlsx", sample / "digitalisering-2021.xlsx"],
        tmp_path / "ds",
        waves=["2018", "2021"],
        codebook=ROOT / "examples" / "digitalisering-codebook.yaml",
    )
    _, spec, w = population(
        tmp_path / "ds", sample / "population.xlsx", id="org_id", strata=["sector"]
    )
    write_design(tmp_path / "ds", spec, w)
    both = load(tmp_path / "ds")
    with pytest.raises(AnalysisError, match='--where "wave == 2021"'):
        trend.draw(both, ["pace"], by="sector", inference="finite")
    ds, _ = apply_where(both, "wave == 2021")
    fig = trend.draw(ds, ["pace"], by="sector", lang="en")
    means = describe(ds, ["pace"], by="sector").tables["describe"].set_index("group")["mean"]
    drawn = sorted(
        float(line.get_ydata()[0]) for line in fig.axes[0].lines if len(line.get_ydata())
    )
    for m in means:
        assert min(abs(d - m) for d in drawn) < 1e-9
    assert "design-based" in _footnote(fig)
