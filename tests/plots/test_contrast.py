"""Graphics contrast (WCAG 1.4.11, issue 12): every group colour reaches 3:1 against white, and
a Likert segment whose fill does not is outlined in a colour that does (checked on a drawn
figure, the WCAG relative-luminance formula computed here)."""

from __future__ import annotations

import matplotlib
from matplotlib.colors import to_hex

from digianalys.plots import theme


def _luminance(colour: str) -> float:
    h = to_hex(colour).lstrip("#")
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str = "#FFFFFF") -> float:
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def test_reference_values():
    assert contrast("#000000") == 21.0
    assert round(contrast("#767676"), 2) == 4.54  # the WCAG example grey


def test_group_colours_reach_3_to_1():
    for colour in theme.group_colors(8):
        assert contrast(colour) >= 3.0, colour
    assert contrast(theme.OUTLINE) >= 3.0


def test_likert_segments_are_filled_or_outlined_at_3_to_1():
    import numpy as np
    import pandas as pd

    from digianalys.codebook import Codebook
    from digianalys.dataset import Dataset
    from digianalys.plots.likert import draw

    rng = np.random.default_rng(1)
    values = {1: "Inte alls", 2: "Lite", 3: "Delvis", 4: "Mycket", 5: "Helt"}
    data = pd.DataFrame({"q": pd.array(rng.integers(1, 6, 200), dtype="Int64")})
    cb = Codebook.from_dict({"variables": [{"name": "q", "type": "ordinal", "values": values}]})
    with matplotlib.rc_context(theme.rc()):
        fig = draw(Dataset(data=data, codebook=cb), ["q"], lang="sv")
    patches = [p for p in fig.axes[0].patches if p.get_width() > 0]
    assert len(patches) >= 5
    for p in patches:
        fill = to_hex(p.get_facecolor())
        edge = to_hex(p.get_edgecolor())
        assert contrast(fill) >= 3.0 or (contrast(edge) >= 3.0 and contrast(edge, fill) >= 1.5)
