"""Figures: ``make_plot(kind, ds, out, ...)`` draws one of seven kinds and saves it.

=========  =====================================================================
kind       args
=========  =====================================================================
likert     [VARIABLES...]  ordinal items (default: all); ``by`` for one panel per group
box        VAR             numeric/ordinal/scale by group; box plus jittered points
bar        VAR             share yes (binary) / agreeing (top two codes) with Wilson 95 % CIs
scatter    X Y             jittered for ordinal; OLS line with 95 % CI band; estimate in legend
heatmap    [VARIABLES...]  correlation matrix (``method``) with values
forest     FORMULA         model coefficients with 95 % CIs (``model_kind``, ``robust``)
trend      VAR             mean or share by ``wave`` with 95 % CIs, one line per group
=========  =====================================================================

Each kind lives in its own module with a ``draw(ds, args, *, by, method, model_kind, robust,
lang, min_cell, caption) -> Figure`` function. The format comes from the extension of ``out``
(.png at 200 dpi, .svg with text as text, .pdf); SVG and PDF are byte-identical on reruns.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ..errors import OutputError, VariableError
from ..output.i18n import check_lang
from .theme import FORMATS

KINDS = ("likert", "box", "bar", "scatter", "heatmap", "forest", "trend")
#: Kinds that draw one figure for all responses (``by`` is refused rather than ignored).
NO_BY = ("heatmap", "forest")


def make_plot(
    kind: str,
    ds: Any,
    out: str | Path,
    *,
    args: list[str] | None = None,
    by: str | None = None,
    method: str = "spearman",
    model_kind: str = "ols",
    robust: str = "hc3",
    lang: str = "en",
    min_cell: int = 5,
    caption: str | None = None,
    also: str | Path | None = None,
    suppress: str = "groups",
    tested: Any = None,
    inference: str | None = None,
) -> Path:
    """Draw a figure of ``kind`` from dataset ``ds`` (a Dataset or its directory) into ``out``
    (and, drawn once, into ``also`` too: e.g. a PNG for Word beside the report's SVG).

    Returns the path written. Unknown kinds or extensions raise OutputError; unknown variables,
    variables of the wrong type and ``by`` for heatmap/forest raise VariableError; data that
    cannot be drawn (e.g. no group left after ``min_cell``) raise AnalysisError.
    ``inference``: bar and trend draw population estimates with design-based intervals when
    the dataset's population design covers the responses drawn (or with "finite"), as
    describe does; "model" keeps the Wilson and t intervals.
    """
    import matplotlib

    from ..dataset import as_dataset
    from ..stats.disclosure import check_rule
    from . import theme

    if kind not in KINDS:
        raise OutputError(f"unknown plot kind '{kind}'; use one of: {', '.join(KINDS)}")
    check_lang(lang)
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        shown = f"'{out.suffix}'" if out.suffix else "no extension"
        raise OutputError(
            f"{out}: cannot write a figure with {shown}; use one of: {', '.join(FORMATS)}"
        )
    if by is not None and kind in NO_BY:
        raise VariableError(
            f"plot {kind} draws one figure for all responses and has no --by; leave out "
            f"--by {by} (plots with --by: {', '.join(k for k in KINDS if k not in NO_BY)})"
        )
    ds = as_dataset(ds)
    module = importlib.import_module(f"{__name__}.{kind}")
    with matplotlib.rc_context(theme.rc()):
        fig = module.draw(
            ds,
            list(args or []),
            by=by,
            method=method,
            model_kind=model_kind,
            robust=robust,
            lang=lang,
            min_cell=int(min_cell or 0),
            caption=caption,
            suppress=check_rule(suppress),
            tested=tested,
            inference=inference,
        )
        theme.localise_ticks(fig, lang)
        theme.save(fig, out)
        if also is not None:
            theme.save(fig, Path(also))
    return out


__all__ = ["KINDS", "make_plot"]
