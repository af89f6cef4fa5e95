"""Figures legible at Word page width (issue 12, point 6): every figure kind the package makes,
drawn from the bundled sample, has no text smaller than 8 pt once placed 16 cm wide (the width
report.docx gives it), and no text reaches outside the figure.

The rule checked here is measured on the matplotlib Figure itself, not taken from the theme's
constants: every visible Text artist (titles, tick labels, legend texts and titles, annotations,
numbers in bars, the footnote; empty strings ignored) has its font size scaled by
16 cm / the figure's width, and its extent (from the Agg renderer, after the layout has run)
must lie within the canvas.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import pytest

from digianalys.plots import theme

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
PLACED_CM = 16.0  # report.docx: output.word.FIGURE_WIDTH_CM
MIN_PLACED_PT = 8.0
TOLERANCE_PX = 1.0  # anti-aliasing of the renderer's extents

HEATMAP = ["leadership", "pace", "employees", "it_cost", "competence_obstacle", "user_involvement"]
ITEMS = [
    "lead_strategy",
    "lead_followup",
    "lead_agenda",
    "lead_competence",
    "lead_resources",
    "pace_processes",
    "pace_services",
    "pace_technology",
    "pace_peers",
]
#: Every figure kind and variant: (module, args, options).
FIGURES = {
    "likert": ("likert", ITEMS, {}),
    "likert-by-group": ("likert", ITEMS, {"by": "sector"}),
    "bar-binary": ("bar", ["framework"], {"by": "sector"}),
    "bar-ordinal": ("bar", ["lead_strategy"], {"by": "sector"}),
    "shares-categorical": ("bar", ["sector"], {"by": "wave"}),
    "shares-multi-by-group": ("bar", ["infra_eid"], {"by": "sector"}),
    "box": ("box", ["pace"], {"by": "sector"}),
    "scatter": ("scatter", ["leadership", "pace"], {"by": "sector"}),
    "scatter-ordinal": ("scatter", ["lead_strategy", "pace_peers"], {}),
    "heatmap": ("heatmap", HEATMAP, {}),
    "heatmap-numbered": ("heatmap", [*ITEMS, "leadership", "pace"], {}),
    "forest": ("forest", ["pace ~ leadership + C(sector) + np.log(employees)"], {}),
    "forest-logit": ("forest", ["framework ~ leadership + C(sector)"], {"model_kind": "logit"}),
    "trend": ("trend", ["pace"], {"by": "sector"}),
    "trend-binary": ("trend", ["framework"], {}),
}


@pytest.fixture(scope="module")
def sample_ds(tmp_path_factory):
    """The bundled sample (data/sample, made by ``digianalys sample``) ingested with the
    example codebook, as ``run examples/digitalisering.toml`` does."""
    from digianalys.dataset import load
    from digianalys.ingest.pipeline import ingest

    out = tmp_path_factory.mktemp("legible") / "ds"
    ingest(
        [SAMPLE / "digitalisering-2018.xlsx", SAMPLE / "digitalisering-2021.xlsx"],
        out,
        waves=["2018", "2021"],
        codebook=ROOT / "examples" / "digitalisering-codebook.yaml",
        id="org_id",
    )
    return load(out)


def _draw(name: str, ds, lang: str):
    import importlib

    module, args, options = FIGURES[name]
    with matplotlib.rc_context(theme.rc()):
        draw = importlib.import_module(f"digianalys.plots.{module}").draw
        fig = draw(ds, list(args), lang=lang, min_cell=5, caption="En bildtext " * 12, **options)
        theme.localise_ticks(fig, lang)
    return fig


def _response_figure(ds, lang: str):
    from digianalys.plots.response import draw_response
    from digianalys.stats.population import population

    result, _spec, _w = population(
        ds, SAMPLE / "population.xlsx", strata=["sector"], where="wave == 2021"
    )
    with matplotlib.rc_context(theme.rc()):
        return draw_response(result.tables["response"], lang, caption="En bildtext " * 12)


def _drawn_texts(fig) -> list:
    """Every non-empty Text artist drawn when the figure is drawn (titles, tick labels within
    the axes' limits, legend texts and titles, annotations, fig.texts …), with the layout run."""
    from unittest import mock

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    drawn: list = []
    original = Text.draw

    def record(self, renderer):
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        return original(self, renderer)

    canvas = FigureCanvasAgg(fig)
    with matplotlib.rc_context(theme.rc()), mock.patch.object(Text, "draw", record):
        canvas.draw()
    return list(dict.fromkeys(drawn))


def check_legible(fig) -> None:
    """The rule: smallest text ≥ 8 pt at 16 cm, and every text inside the canvas."""
    texts = _drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    width_cm = fig.get_size_inches()[0] * 2.54
    assert texts
    smallest = min(t.get_fontsize() for t in texts)
    placed = smallest * PLACED_CM / width_cm
    small = sorted({t.get_text()[:40] for t in texts if t.get_fontsize() == smallest})
    assert placed >= MIN_PLACED_PT, f"{placed:.2f} pt at {PLACED_CM} cm: {small}"
    box = fig.bbox
    for t in texts:
        ext = t.get_window_extent(renderer)
        inside = (
            ext.x0 >= box.x0 - TOLERANCE_PX
            and ext.y0 >= box.y0 - TOLERANCE_PX
            and ext.x1 <= box.x1 + TOLERANCE_PX
            and ext.y1 <= box.y1 + TOLERANCE_PX
        )
        assert inside, f"text outside the figure: {t.get_text()[:60]!r} at {ext} (canvas {box})"
    # and as saved: the file is the figure's size (no tight box growing or cutting it)
    buf = io.BytesIO()
    with matplotlib.rc_context(theme.rc()):
        fig.savefig(buf, format="png", dpi=50)
    from PIL import Image

    with Image.open(buf) as im:
        assert abs(im.width - fig.get_size_inches()[0] * 50) <= 1


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_is_legible_at_16_cm(sample_ds, name):
    check_legible(_draw(name, sample_ds, "sv"))


def test_response_figure_is_legible_at_16_cm(sample_ds):
    check_legible(_response_figure(sample_ds, "sv"))


def test_english_figures_are_legible_too(sample_ds):
    for name in ("likert-by-group", "shares-multi-by-group", "forest"):
        check_legible(_draw(name, sample_ds, "en"))


def test_figures_are_drawn_at_the_width_word_places_them(sample_ds):
    from digianalys.output.word import FIGURE_WIDTH_CM

    assert FIGURE_WIDTH_CM == PLACED_CM
    fig = _draw("box", sample_ds, "sv")
    assert fig.get_size_inches()[0] * 2.54 == pytest.approx(PLACED_CM)


def test_the_check_catches_small_and_overflowing_text():
    """The rule above fails a figure with 7 pt text, and one with a label past its edge."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(theme.WIDTH_IN, 3))
    ax = fig.add_subplot()
    ax.set_title("liten", fontsize=7)
    with pytest.raises(AssertionError, match="pt at 16"):
        check_legible(fig)
    fig = Figure(figsize=(theme.WIDTH_IN, 3))
    fig.text(0.9, 0.5, "en text som går utanför kanten", fontsize=9)
    with pytest.raises(AssertionError, match="outside the figure"):
        check_legible(fig)
    # a 24 cm figure with 9 pt text is 6 pt once placed 16 cm wide
    fig = Figure(figsize=(24 / 2.54, 3))
    fig.text(0.1, 0.5, "nio punkter", fontsize=9)
    with pytest.raises(AssertionError, match="pt at 16"):
        check_legible(fig)


def test_word_places_figures_16_cm_wide_and_tall_ones_in_parts(sample_ds):
    """report.docx: every picture 16 cm wide (python-docx inline shape width), none taller than
    the page's text area; the tall Likert figure is cut at blank rows into parts that together
    are the whole figure, and each part carries the alt text numbered."""
    import numpy as np
    from docx import Document
    from docx.shared import Cm
    from PIL import Image

    from digianalys.output.word import (
        add_figure,
        document_bytes,
        landscape,
        new_document,
        quiet_rows,
    )

    def png(fig) -> bytes:
        buf = io.BytesIO()
        with matplotlib.rc_context(theme.rc()):
            fig.savefig(buf, format="png", dpi=theme.DPI)
        return buf.getvalue()

    tall = png(_draw("likert-by-group", sample_ds, "sv"))
    short = png(_draw("box", sample_ds, "sv"))
    doc = new_document()
    landscape(doc)  # the report's page when a table is wide: the least height
    add_figure(doc, tall, "Likert")
    add_figure(doc, short, "Box")
    back = Document(io.BytesIO(document_bytes(doc)))
    section = back.sections[-1]
    room = section.page_height - section.top_margin - section.bottom_margin
    shapes = list(back.inline_shapes)
    assert len(shapes) > 2
    for shape in shapes:
        assert shape.width <= Cm(PLACED_CM) + 1
        assert shape.height <= room
    alts = [s._inline.docPr.get("descr") for s in shapes]
    n = len(alts) - 1
    assert alts == [f"Likert ({i}/{n})" for i in range(1, n + 1)] + ["Box"]
    # the parts, stacked, are the figure: same pixels, cut only at blank rows
    parts = [
        np.asarray(Image.open(io.BytesIO(p.blob)).convert("L"))
        for p in [
            back.part.related_parts[s._inline.graphic.graphicData.pic.blipFill.blip.embed]
            for s in shapes[:-1]
        ]
    ]
    whole = np.asarray(Image.open(io.BytesIO(tall)).convert("L"))
    assert np.array_equal(np.vstack(parts), whole)
    quiet = quiet_rows(whole)
    assert quiet.sum() < 0.5 * len(quiet)  # text rows are not quiet
    top = 0
    for part in parts[:-1]:  # each cut runs along a row that crosses no text
        top += len(part)
        assert quiet[top], top
