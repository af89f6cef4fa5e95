"""Figures: every kind in every format from an in-memory dataset, checked as a reader would.

References are computed here independently (pandas, scipy.stats, statsmodels called directly).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import OutputError, VariableError
from digianalys.plots import KINDS, make_plot

AGREE = {
    1: "Instämmer inte alls",
    2: "Instämmer knappast",
    3: "Varken eller",
    4: "Instämmer delvis",
    5: "Instämmer helt",
}


def _make_ds(n: int = 160, seed: int = 1) -> Dataset:
    rng = np.random.default_rng(seed)
    sector = rng.choice(["statlig", "kommunal", "regional"], size=n, p=[0.4, 0.45, 0.15])
    sector[:3] = "övrig"  # a group below the default min-cell of 5
    lead = rng.normal(size=n)

    def item(shift: float) -> pd.Series:
        x = np.clip(np.round(3 + lead + shift + rng.normal(scale=0.8, size=n)), 1, 5)
        s = pd.Series(x).astype("Int64")
        s[rng.random(n) < 0.08] = pd.NA
        return s

    data = pd.DataFrame(
        {
            "sector": pd.Series(sector, dtype="string"),
            "lead_strategy": item(0.3),
            "lead_followup": item(-0.4),
            "lead_agenda": item(0.0),
            "it_budget": pd.Series((lead + rng.normal(size=n) > 0).astype(int)).astype("Int64"),
            "employees": np.exp(rng.normal(5, 1, size=n)),
            "pace": 50 + 8 * lead + rng.normal(scale=6, size=n),
            "wave": pd.Categorical(
                rng.choice(["2018", "2021"], size=n), categories=["2018", "2021"]
            ),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "sector",
                    "type": "categorical",
                    "label": "Organisationstyp",
                    "levels": {
                        "statlig": ["Statlig myndighet"],
                        "kommunal": ["Kommun"],
                        "regional": ["Region"],
                        "övrig": ["Annan"],
                    },
                },
                {
                    "name": "lead_strategy",
                    "type": "ordinal",
                    "label": "Ledningen har en tydlig strategi för digitalisering",
                    "values": AGREE,
                    "missing": {"Vet ej": 17},
                },
                {
                    "name": "lead_followup",
                    "type": "ordinal",
                    "label": "Ledningen följer upp digitaliseringsarbetet",
                    "values": AGREE,
                    "missing": {"Vet ej": 4},
                },
                {
                    "name": "lead_agenda",
                    "type": "ordinal",
                    "label": "Digitalisering står på ledningsgruppens dagordning",
                    "values": AGREE,
                },
                {
                    "name": "it_budget",
                    "type": "binary",
                    "label": "Har ni en särskild budget för IT-utveckling?",
                    "values": {1: "Ja", 0: "Nej"},
                },
                {"name": "employees", "type": "numeric", "label": "Antal anställda"},
                {"name": "pace", "type": "numeric", "label": "Digitaliseringstakt (index 0–100)"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return _make_ds()


@pytest.fixture(scope="module")
def ds4() -> Dataset:
    """The same data without the small group (so the models and tests are well defined)."""
    d = _make_ds()
    d.data = d.data[d.data["sector"] != "övrig"].reset_index(drop=True)
    return d


CALLS = {
    "likert": ([], "sector"),
    "box": (["lead_strategy"], "sector"),
    "bar": (["lead_strategy"], "sector"),
    "scatter": (["lead_strategy", "pace"], "sector"),
    "heatmap": ([], None),
    "forest": (["pace ~ lead_strategy + C(sector) + np.log(employees)"], None),
    "trend": (["pace"], "sector"),
}
SWEDISH = {  # a Swedish text each figure must carry as text in its SVG
    "likert": "Ledningen har en tydlig strategi för",
    "box": "Instämmer inte alls",
    "bar": "Andel som instämmer",
    "scatter": "Digitaliseringstakt (index 0–100)",
    "heatmap": "Korrelationsmatris",
    "forest": "Organisationstyp: regional",
    "trend": "Omgång",
}


def _draw(kind: str, d: Dataset, args, **kw):
    """Call a kind's draw() under the theme and return the matplotlib Figure."""
    import importlib

    import matplotlib

    from digianalys.plots import theme

    mod = importlib.import_module(f"digianalys.plots.{kind}")
    with matplotlib.rc_context(theme.rc()):
        return mod.draw(d, list(args), **kw)


def _texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text)]


def _svg_text(path) -> str:
    """The SVG's text content, with the XML escapes undone."""
    import html

    raw = path.read_text(encoding="utf-8")
    return html.unescape(" ".join(re.findall(r"<text[^>]*>(.*?)</text>", raw, flags=re.S)))


@pytest.mark.slow  # every kind in every format
# ---------------------------------------------------------------------- every kind, every format
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_png_svg_pdf(kind, ds4, tmp_path):
    from PIL import Image

    if kind == "forest":
        pytest.importorskip("digianalys.stats.models")
    args, by = CALLS[kind]
    png = make_plot(kind, ds4, tmp_path / "f.png", args=args, by=by, lang="sv")
    with Image.open(png) as im:
        dpi = im.info.get("dpi")
        assert dpi is not None and round(dpi[0]) >= 150
        assert im.width > 600 and im.height > 400
        lo, hi = im.convert("L").getextrema()
        assert hi - lo > 100  # not blank
    svg = make_plot(kind, ds4, tmp_path / "f.svg", args=args, by=by, lang="sv")
    content = _svg_text(svg)
    assert SWEDISH[kind] in content  # Swedish text kept as text (svg.fonttype none)
    assert "<dc:date>" not in svg.read_text(encoding="utf-8")
    pdf = make_plot(kind, ds4, tmp_path / "f.pdf", args=args, by=by, lang="sv")
    raw = pdf.read_bytes()
    assert raw.startswith(b"%PDF") and b"/CreationDate" not in raw
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


@pytest.mark.slow  # byte identity of every figure format
@pytest.mark.parametrize(
    "kind",
    [
        k
        if k in ("likert", "scatter", "heatmap", "forest")
        else pytest.param(k, marks=pytest.mark.slow)
        for k in KINDS
    ],
)
def test_svg_and_pdf_byte_identical_on_rerun(kind, ds4, tmp_path):
    if kind == "forest":
        pytest.importorskip("digianalys.stats.models")
    args, by = CALLS[kind]
    for ext in ("svg", "pdf"):
        a = make_plot(kind, ds4, tmp_path / f"a.{ext}", args=args, by=by, lang="sv")
        b = make_plot(kind, ds4, tmp_path / f"b.{ext}", args=args, by=by, lang="sv")
        assert a.read_bytes() == b.read_bytes(), ext


# ---------------------------------------------------------------------- likert
def test_likert_segments_diverge_around_neutral():
    from digianalys.plots.likert import diverging_segments

    props = np.array([0.1, 0.2, 0.3, 0.25, 0.15])
    segs = diverging_segments(props)
    assert segs[2] == pytest.approx((-15.0, 30.0))  # neutral centred on 0
    assert segs[1] == pytest.approx((-35.0, 20.0))
    assert segs[0] == pytest.approx((-45.0, 10.0))
    assert segs[3] == pytest.approx((15.0, 25.0))
    assert segs[4] == pytest.approx((40.0, 15.0))
    even = diverging_segments(np.array([0.1, 0.3, 0.4, 0.2]))  # even scale: split at the middle
    assert even[1] == pytest.approx((-30.0, 30.0)) and even[2] == pytest.approx((0.0, 40.0))


def test_likert_bars_match_pandas_shares_and_order(ds):
    from matplotlib.patches import Rectangle

    fig = _draw("likert", ds, [], by=None, lang="en", min_cell=5)
    ax = fig.axes[0]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    # ordered by agreement: share answering 4 or 5 among valid answers, highest first
    names = ("lead_strategy", "lead_followup", "lead_agenda")
    agree = {v: ds.data[v].dropna().isin([4, 5]).mean() for v in names}
    expected_order = sorted(names, key=agree.get, reverse=True)
    assert labels == [ds.label(v) for v in expected_order]
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    y0 = min(p.get_y() for p in bars)  # the first (top) item
    row = sorted([p for p in bars if p.get_y() == y0], key=lambda p: p.get_x())
    shares = ds.data[expected_order[0]].dropna().value_counts(normalize=True).sort_index() * 100
    assert [p.get_width() for p in row] == pytest.approx(shares.tolist())
    neutral = row[2]
    assert neutral.get_x() + neutral.get_width() / 2 == pytest.approx(0.0)
    # don't-know share beside, from the codebook count: 17 / (valid + 17)
    dk_ax = fig.axes[1]
    dk_widths = {round(p.get_y(), 3): p.get_width() for p in dk_ax.patches}
    n_valid = ds.data["lead_strategy"].notna().sum()
    assert 100 * 17 / (n_valid + 17) == pytest.approx(max(dk_widths.values()))


def test_likert_by_group_panels_n_min_cell_and_compare_caption(ds):
    fig = _draw("likert", ds, [], by="sector", lang="sv", min_cell=5)
    texts = _texts(fig)
    counts = ds.data.assign(
        answered=ds.data[["lead_strategy", "lead_followup", "lead_agenda"]].notna().any(axis=1)
    )
    counts = counts[counts["answered"]].groupby("sector").size()
    for group in ("statlig", "kommunal"):
        assert f"{group} (n = {counts[group]})" in texts
    # övrig (3) is below min_cell, regional (the next-smallest) is left out as its complement
    assert not any(t.startswith(("övrig (", "regional (")) for t in texts)
    assert any("Visas inte (färre än 5 svar): övrig" in t for t in texts)
    assert any("räknas fram ur totalerna: regional" in " ".join(t.split()) for t in texts)
    assert any("Instämmer helt" in t for t in texts)  # legend
    pytest.importorskip("digianalys.stats.compare")
    assert any("just. p" in t for t in texts)  # compare result in the item labels
    shown = _draw("likert", ds, [], by="sector", lang="en", min_cell=0)
    assert any(t.startswith("övrig (n = ") for t in _texts(shown))


def _two_scales() -> Dataset:
    """The plot dataset plus an ordinal item with another scale on the same codes 1–5."""
    d = _make_ds()
    often = {1: "Aldrig", 2: "Sällan", 3: "Ibland", 4: "Ofta", 5: "Alltid"}
    rng = np.random.default_rng(7)
    data = d.data.assign(
        involve=pd.Series(rng.integers(1, 6, len(d.data))).astype("Int64"),
    )
    cb = Codebook.from_dict(
        {
            "variables": [v.to_dict() for v in d.codebook.variables]
            + [
                {
                    "name": "involve",
                    "type": "ordinal",
                    "label": "Användarna involveras",
                    "values": often,
                }
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def test_likert_default_items_share_one_answer_scale():
    # Regression: without named items, every ordinal item was drawn under the first item's
    # legend although 'involve' answers Aldrig … Alltid, not Instämmer … (same codes 1–5).
    from digianalys.plots.likert import default_items

    d = _two_scales()
    assert default_items(d) == (["lead_strategy", "lead_followup", "lead_agenda"], ["involve"])
    fig = _draw("likert", d, [], by=None, lang="sv", min_cell=5)
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert "Användarna involveras" not in labels and len(labels) == 3
    texts = _texts(fig)
    assert "Alltid" not in texts and "Instämmer helt" in texts
    assert any("Visas inte (annan svarsskala" in t and "involve" in t for t in texts)


def test_likert_named_items_with_different_scales_are_an_error(tmp_path):
    from digianalys.errors import AnalysisError

    d = _two_scales()
    with pytest.raises(AnalysisError, match=r"different answer scales: lead_strategy \(Inst"):
        make_plot("likert", d, tmp_path / "x.svg", args=["lead_strategy", "involve"])
    # the same codes with the same labels (case and spacing aside) are one scale
    d.codebook.get("lead_agenda").values = {k: f" {v.upper()} " for k, v in AGREE.items()}
    make_plot("likert", d, tmp_path / "ok.svg", args=["lead_strategy", "lead_agenda"])


def test_likert_even_scale_and_theme_palettes():
    from matplotlib.colors import to_rgb

    from digianalys.plots.theme import OKABE_ITO, group_colors, likert_colors

    for k in range(2, 12):
        cols = likert_colors(k)
        assert len(cols) == k and len(set(cols)) == k
        if k % 2:
            assert cols[k // 2] == "#BDBDBD"  # neutral grey in the middle
        r, g, b = to_rgb(cols[0])
        assert r > b  # disagree end is brown, agree end teal
        r, g, b = to_rgb(cols[-1])
        assert b > r
    assert group_colors(3) == list(OKABE_ITO[:3])


# ---------------------------------------------------------------------- box / bar
def test_box_n_per_group_and_values(ds):
    fig = _draw("box", ds, ["pace"], by="sector", lang="en", min_cell=5)
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    n = ds.data.dropna(subset=["pace"]).groupby("sector").size()
    # regional is left out as the complement of the small group övrig
    assert ticks == [f"{g}\n(n = {n[g]})" for g in ("statlig", "kommunal")]
    med_lines = [ln for ln in ax.lines if ln.get_color() == "#222222"]
    expected = ds.data.groupby("sector")["pace"].median()
    got = sorted(ln.get_ydata()[0] for ln in med_lines)
    assert got == pytest.approx(sorted(expected[["statlig", "kommunal"]]))


def test_bar_shares_and_wilson_ci_match_statsmodels(ds):
    from statsmodels.stats.proportion import proportion_confint

    fig = _draw("bar", ds, ["lead_strategy"], by="sector", lang="sv", min_cell=5)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    segs = ax.collections[0].get_segments()  # the error bars
    assert len(heights) == 2  # regional: the complement of the small group övrig
    for g, h, seg in zip(("statlig", "kommunal"), heights, segs, strict=True):
        vals = ds.data.loc[ds.data["sector"] == g, "lead_strategy"].dropna()
        count = int(vals.isin([4, 5]).sum())
        lo, hi = proportion_confint(count, len(vals), method="wilson")
        assert h == pytest.approx(100 * count / len(vals))
        assert sorted(seg[:, 1]) == pytest.approx([100 * lo, 100 * hi])
    assert "Andel som instämmer (%)" in _texts(fig)


def test_bar_and_trend_draw_shares_of_0_and_100_percent(ds):
    """Regression: a Wilson CI of 0 % or 100 % ends at the share; rounding made a negative
    error bar and matplotlib raised ValueError (e.g. it_budget by it_budget)."""
    from statsmodels.stats.proportion import proportion_confint

    fig = _draw("bar", ds, ["it_budget"], by="it_budget", lang="en", min_cell=5)
    ax = fig.axes[0]
    assert [p.get_height() for p in ax.patches] == pytest.approx([100.0, 0.0])
    segs = ax.collections[0].get_segments()
    n = ds.data["it_budget"].value_counts()
    for code, share, seg in zip((1, 0), (1, 0), segs, strict=True):
        lo, hi = proportion_confint(share * n[code], n[code], method="wilson")
        assert sorted(seg[:, 1]) == pytest.approx([100 * lo, 100 * hi])
    fig = _draw("trend", ds, ["it_budget"], by="it_budget", lang="en", min_cell=5)
    means = [c.lines[0].get_ydata() for c in fig.axes[0].containers]  # one errorbar per group
    assert [list(m) for m in means] == [[100.0, 100.0], [0.0, 0.0]]  # Ja, Nej in both waves


def test_trend_with_every_cell_below_min_cell_draws_no_empty_legend(ds):
    """Every wave × group cell below min_cell: no lines, the footnote says why, and no
    matplotlib warning about an empty legend reaches the user."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = _draw("trend", ds, ["pace"], by="sector", lang="en", min_cell=40)
    assert fig.axes[0].get_legend() is None
    assert not fig.axes[0].containers
    # the premise: some sector has >= 40 answers, but none has 40 in one wave
    per_sector = ds.data.groupby("sector")["pace"].count()
    kept = per_sector[per_sector >= 40].index
    per_cell = ds.data[ds.data["sector"].isin(kept)].groupby(["sector", "wave"], observed=True)
    assert len(kept) > 0 and (per_cell["pace"].count() < 40).all()
    from digianalys.output.i18n import text

    note = " ".join(text("dropped_cells", "en", min_cell=40).split())
    assert note in " ".join(" ".join(_texts(fig)).split())  # the footnote is wrapped


# ---------------------------------------------------------------------- scatter / heatmap / trend
def test_scatter_legend_has_scipy_spearman(ds4):
    from scipy import stats

    fig = _draw("scatter", ds4, ["lead_strategy", "pace"], by="sector", lang="en", min_cell=5)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    for g, entry in zip(("statlig", "kommunal", "regional"), legend, strict=True):
        sub = ds4.data.loc[ds4.data["sector"] == g, ["lead_strategy", "pace"]].dropna()
        rho = stats.spearmanr(sub["lead_strategy"].astype(float), sub["pace"]).statistic
        assert entry == f"{g} (n = {len(sub)}): ρ = {rho:.2f}"


def test_scatter_ols_line_matches_statsmodels(ds4):
    import statsmodels.api as sm

    fig = _draw("scatter", ds4, ["employees", "pace"], by=None, lang="en", min_cell=5)
    line = fig.axes[0].lines[0]
    xs, ys = line.get_xdata(), line.get_ydata()
    sub = ds4.data[["employees", "pace"]].dropna()
    fit = sm.OLS(sub["pace"], sm.add_constant(sub["employees"])).fit()
    assert ys == pytest.approx(fit.params.iloc[0] + fit.params.iloc[1] * xs)


def test_heatmap_values_match_pandas_corr(ds4):
    cols = ["lead_strategy", "lead_followup", "pace"]
    fig = _draw("heatmap", ds4, cols, method="spearman", lang="sv", min_cell=5)
    ref = ds4.data[cols].astype("float64").corr(method="spearman")
    cells = [t.get_text() for t in fig.axes[0].texts]
    expected = [f"{ref.iloc[i, j]:.2f}".replace(".", ",") for i in range(3) for j in range(3)]
    assert cells == expected


def test_trend_means_by_wave_match_pandas(ds4):
    fig = _draw("trend", ds4, ["pace"], by="sector", lang="en", min_cell=5)
    ax = fig.axes[0]
    means = ds4.data.groupby(["sector", "wave"], observed=True)["pace"].mean()
    lines = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert len(lines) == 3
    for g, ln in zip(("statlig", "kommunal", "regional"), lines, strict=True):
        assert list(ln.get_ydata()) == pytest.approx([means[(g, "2018")], means[(g, "2021")]])


def test_forest_drops_intercept_and_uses_labels(ds4):
    pytest.importorskip("digianalys.stats.models")
    fig = _draw("forest", ds4, ["pace ~ lead_strategy + C(sector)"], lang="sv", model_kind="ols")
    ticks = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert "Intercept" not in ticks
    assert any(
        t.startswith(("Organisationstyp: statlig (", "Organisationstyp: regional (")) for t in ticks
    )
    assert "Ledningen har en tydlig strategi för digitalisering" in ticks


# ---------------------------------------------------------------------- errors
def test_unknown_variable_suggests(ds, tmp_path):
    with pytest.raises(VariableError, match=r"unknown variable 'pase'.*pace"):
        make_plot("box", ds, tmp_path / "x.png", args=["pase"], by="sector")
    with pytest.raises(VariableError, match=r"unknown variable 'sektor'.*sector"):
        make_plot("bar", ds, tmp_path / "x.png", args=["it_budget"], by="sektor")
    assert not list(tmp_path.iterdir())


def test_wrong_types_are_variable_errors(ds, tmp_path):
    with pytest.raises(VariableError, match=r"plot likert: variable 'pace' is numeric"):
        make_plot("likert", ds, tmp_path / "x.png", args=["pace"])
    with pytest.raises(VariableError, match=r"plot bar: variable 'pace' is numeric"):
        make_plot("bar", ds, tmp_path / "x.png", args=["pace"], by="sector")
    with pytest.raises(VariableError, match=r"--by variable 'pace' is numeric"):
        make_plot("box", ds, tmp_path / "x.png", args=["lead_strategy"], by="pace")
    with pytest.raises(VariableError, match="plot scatter needs two variables"):
        make_plot("scatter", ds, tmp_path / "x.png", args=["pace"])


def test_trend_without_wave_column(tmp_path):
    d = _make_ds(40)
    d.data = d.data.drop(columns="wave")
    with pytest.raises(VariableError, match=r"plot trend needs a 'wave' column.*--wave"):
        make_plot("trend", d, tmp_path / "x.png", args=["pace"], by="sector")


def test_bad_extension_and_kind(ds, tmp_path):
    with pytest.raises(OutputError, match=r"\.jpg.*\.png, \.svg, \.pdf"):
        make_plot("box", ds, tmp_path / "x.jpg", args=["pace"], by="sector")
    with pytest.raises(OutputError, match="unknown plot kind 'pie'"):
        make_plot("pie", ds, tmp_path / "x.png", args=["pace"])
