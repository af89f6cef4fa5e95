"""The one figure theme: colour-blind-safe palettes, fonts with å ä ö, deterministic output.

* Groups: the Okabe–Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies,
  its light colours darkened to 3:1 against white.
* Likert answers: a diverging brown–teal scale (ColorBrewer BrBG), with a neutral grey middle;
  each segment outlined (:data:`OUTLINE`), since the light answers cannot reach 3:1 themselves.
* Correlations: the diverging PuOr colour map, symmetric around 0.
* Text: DejaVu Sans (bundled with matplotlib, has å ä ö); SVG keeps text as text.
* Size: every figure is drawn :data:`WIDTH_CM` (16 cm, the text width of an A4 page, where
  report.docx places it) wide and saved at that size, with no text smaller than :data:`MIN_PT`
  (8 pt); long labels wrap to the room they have instead of shrinking, and figures with many
  items grow in height (tests/plots/test_legibility.py).
* Files: PNG at 200 dpi; SVG and PDF without dates and with a fixed hash salt, so the same
  input gives byte-identical files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: Okabe–Ito colours (black last; used for groups in this order), the three light ones darkened
#: so that every fill reaches 3:1 against white (WCAG 1.4.11; tests/plots/test_contrast.py).
OKABE_ITO = (
    "#0072B2",  # blue
    "#B26B00",  # orange, darkened (Okabe–Ito #E69F00 is 2.3:1)
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#3A8FC0",  # sky blue, darkened (#56B4E9 is 2.3:1)
    "#D55E00",  # vermillion
    "#8A7A00",  # yellow, darkened to olive (#F0E442 is 1.3:1)
    "#000000",  # black
)
#: The outline of light fills (Likert segments): 3:1 or more against white and the fills.
OUTLINE = "#4D4D4D"
#: ColorBrewer BrBG (11 classes); ``likert_colors`` picks symmetric subsets.
_BRBG = (
    "#543005",
    "#8C510A",
    "#BF812D",
    "#DFC27D",
    "#F6E8C3",
    "#F5F5F5",
    "#C7EAE5",
    "#80CDC1",
    "#35978F",
    "#01665E",
    "#003C30",
)
NEUTRAL = "#BDBDBD"
DONT_KNOW = "#9E9E9E"
CORR_CMAP = "PuOr"
DPI = 200
#: The width every figure is drawn at (cm) and placed at in Word (``output.word``).
WIDTH_CM = 16.0
WIDTH_IN = WIDTH_CM / 2.54
WIDTH_PT = WIDTH_IN * 72
#: The smallest text in a figure (pt, at :data:`WIDTH_CM`): notes, annotations, numbers in bars.
MIN_PT = 8.0
#: Tick labels and legend entries (pt).
TICK_PT = 8.5
#: Body text: axis labels, legend titles, other labels (pt).
TEXT_PT = 9.0
#: Titles (pt).
TITLE_PT = 10.0
FONT = "DejaVu Sans"
FORMATS = (".png", ".svg", ".pdf")


def group_colors(n: int) -> list[str]:
    """``n`` group colours from Okabe–Ito (cycled beyond eight groups)."""
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(n)]


def likert_colors(k: int) -> list[str]:
    """Colours for a k-point ordered scale: brown (disagree) → grey (neutral) → teal (agree)."""
    if k <= 1:
        return [NEUTRAL] * max(k, 0)
    half = k // 2
    # for each side, pick ``half`` colours from the outer end inwards, skipping the lightest
    lows = {1: ["#BF812D"], 2: ["#8C510A", "#DFC27D"], 3: ["#8C510A", "#BF812D", "#DFC27D"]}
    highs = {1: ["#35978F"], 2: ["#80CDC1", "#01665E"], 3: ["#80CDC1", "#35978F", "#01665E"]}
    if half in lows:
        low, high = lows[half], highs[half]
    else:
        low = [_BRBG[round(i * 4 / (half - 1))] for i in range(half)]
        high = [_BRBG[10 - round(i * 4 / (half - 1))] for i in range(half)][::-1]
    mid = [NEUTRAL] if k % 2 else []
    return low + mid + high


def rc() -> Any:
    """matplotlib rcParams of the theme (use with ``matplotlib.rc_context``)."""
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT, "Arial", "Liberation Sans"],
        "font.size": TEXT_PT,
        "axes.titlesize": TITLE_PT,
        "axes.labelsize": TEXT_PT,
        "xtick.labelsize": TICK_PT,
        "ytick.labelsize": TICK_PT,
        "legend.fontsize": TICK_PT,
        "legend.title_fontsize": TEXT_PT,
        "figure.titlesize": TITLE_PT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": __import__("cycler").cycler(color=list(OKABE_ITO)),
        "legend.frameon": False,
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        # saved at the size drawn (WIDTH_CM wide): the layout keeps every text inside
        "savefig.bbox": "standard",
        "svg.fonttype": "none",
        "svg.hashsalt": "digianalys",
        "svg.image_inline": True,
        "pdf.fonttype": 42,
        "pdf.compression": 6,
        "path.simplify": True,
        # text from the data (labels, levels, titles, captions) is never markup: no mathtext
        # ($…$, \\foo) and no TeX, in every Text object including tick labels and legends
        "text.parse_math": False,
        "text.usetex": False,
        "axes.formatter.use_mathtext": False,
    }


def save(fig: Any, out: Path) -> None:
    """Save ``fig`` to ``out`` (atomically) with deterministic metadata."""
    from matplotlib.text import Text

    from ..atomic import atomic_path
    from ..output.formatting import strip_controls

    for t in fig.findobj(Text):  # control bytes from the data: invalid in SVG, noise elsewhere
        s = t.get_text()
        if s and s != (clean := strip_controls(s)):
            t.set_text(clean)
        t.set_parse_math(False)
    from matplotlib.ticker import FixedFormatter

    for ax in fig.axes:  # tick labels are re-made from their formatter when drawn
        for axis in (ax.xaxis, ax.yaxis):
            for fmt in (axis.get_major_formatter(), axis.get_minor_formatter()):
                if isinstance(fmt, FixedFormatter):
                    fmt.seq = [strip_controls(x) for x in fmt.seq]
    suffix = out.suffix.lower()
    metadata: dict[str, Any]
    if suffix == ".pdf":
        metadata = {
            "Creator": "digianalys",
            "Producer": None,
            "CreationDate": None,
            "ModDate": None,
        }
    elif suffix == ".svg":
        metadata = {"Creator": "digianalys", "Date": None}
    else:
        metadata = {"Software": "digianalys"}
    with atomic_path(out) as tmp:
        fig.savefig(tmp, format=suffix[1:], dpi=DPI, metadata=metadata)


def localise_ticks(fig: Any, lang: str) -> None:
    """Use a decimal comma in the numeric tick labels of every axis of ``fig`` in Swedish.

    Only axes with matplotlib's default number formatter are changed (category, log and
    custom formatters already give display text).
    """
    if lang != "sv":
        return
    from matplotlib.ticker import ScalarFormatter

    class _CommaFormatter(ScalarFormatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            return super().__call__(x, pos).replace(".", ",")

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:
                axis.set_major_formatter(_CommaFormatter())
