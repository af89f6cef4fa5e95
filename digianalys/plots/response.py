"""Response-rate figure of a ``population`` step: respondents as a share of each stratum's
organisations (a horizontal bar per stratum, the counts written beside it). The frame is the
whole population, so the rates are counts, not estimates: no interval is drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from . import theme
from .common import fit, footnote, single_axes


def draw_response(table: pd.DataFrame, lang: str, caption: str | None = None) -> Any:
    """The figure for the ``response`` table (without its total row)."""
    from ..output.i18n import decimal

    rows = table.iloc[:-1] if len(table) > 1 else table  # the last row is the total
    k = len(rows)
    fig, ax = single_axes(theme.WIDTH_IN, 1.3 + 0.4 * k)
    ys = range(k)
    rates = (100 * rows["response_rate"].astype(float)).tolist()
    ax.barh(list(ys), rates, color=theme.OKABE_ITO[0], height=0.6)
    for y, rate, (resp, pop) in zip(
        ys, rates, zip(rows["respondents"], rows["population"], strict=True), strict=True
    ):
        ax.text(rate + 1, y, decimal(f"{rate:.0f} % ({int(resp)}/{int(pop)})", lang), va="center")
    ax.set_yticks(list(ys), [fit(str(s), 150, theme.TICK_PT, 2) for s in rows["stratum"]])
    ax.set_ylim(k - 0.5, -0.5)
    ax.set_xlim(0, 118)
    ax.set_xlabel("Svarsfrekvens (%)" if lang == "sv" else "Response rate (%)")
    title = "Svarsfrekvens per stratum" if lang == "sv" else "Response rate by stratum"
    ax.set_title(title, loc="left")
    if caption:
        footnote(fig, [caption])
    return fig


def write_response_figure(table: pd.DataFrame, out: Path, lang: str) -> Path:
    """Draw and save the response figure (format from the extension)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(theme.rc()):
        fig = draw_response(table, lang)
        theme.localise_ticks(fig, lang)
        theme.save(fig, out)
    plt.close(fig)
    return out
