"""Helpers shared by the figure kinds: type checks, groups with min-cell, labels, footnotes."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..errors import AnalysisError, VariableError
from ..output.i18n import decimal, text

GROUPABLE = ("categorical", "binary", "ordinal")
#: The most groups of a --by variable one figure draws (likert panels; boxes, bars, lines or
#: colours of the other kinds): more is refused with a hint, as a figure of hundreds of
#: groups cannot be read and takes minutes to draw.
MAX_GROUPS = 30


@dataclass
class Group:
    """One group of a --by variable: display label, row mask and its number of responses."""

    key: Any
    label: str
    mask: pd.Series
    n: int

    @property
    def title(self) -> str:
        """The label with its number of responses: "kommunal (n = 72)"."""
        return f"{self.label} ({n_text(self.n)})"

    @property
    def tick(self) -> str:
        """The label wrapped for an axis tick, with the number of responses below it."""
        return f"{wrap(self.label, 16)}\n({n_text(self.n)})"


def group_ticks(grps: list[Group]) -> tuple[list[str], int]:
    """Tick labels of one group each along the x axis of a figure :data:`.theme.WIDTH_CM` wide,
    and their rotation: the label wrapped to its share of the axis with "(n = …)" below it, or,
    when many groups leave less than about 1.5 cm each, turned upright on two lines."""
    from . import theme

    room = (theme.WIDTH_PT - 80) / max(len(grps), 1) - 8
    if room >= 42:
        return [f"{fit(g.label, room, theme.TICK_PT, 3)}\n({n_text(g.n)})" for g in grps], 0
    return [fit(g.title, 110, theme.TICK_PT, 2) for g in grps], 90


def legend_columns(labels: list[str], room_pt: float, size: float | None = None) -> int:
    """How many legend columns of ``labels`` fit in ``room_pt`` (at most 4): each column takes
    its widest label plus matplotlib's handle, gaps and spacing."""
    from . import theme

    size = size or theme.TICK_PT
    widest = max((text_width(lab, size) for lab in labels), default=0.0) + 5.8 * size
    return max(1, min(len(labels), 4, int(room_pt // widest)))


def set_title(fig: Any, title: str) -> None:
    """The figure's title, left-aligned over the whole width and wrapped (measured) to it; the
    constrained layout keeps room for it above the axes."""
    from . import theme

    w = fig.get_size_inches()[0]
    body = fit(title, (w - 2 * NOTE_PAD_IN) * 72, theme.TITLE_PT, 3)
    fig.suptitle(body, x=NOTE_PAD_IN / w, ha="left", fontsize=theme.TITLE_PT)


def one_variable(args: list[str], kind: str) -> str:
    """The single VAR of box/bar/trend (VariableError with the usage otherwise)."""
    if len(args) != 1:
        raise VariableError(
            f"plot {kind} needs exactly one variable: plot {kind} DIR VAR --by GROUP"
        )
    return args[0]


def require(ds: Dataset, names: list[str], kind: str) -> None:
    """Every name is a column of the dataset (VariableError with suggestions otherwise)."""
    ds.require(*names, where=f"the dataset (plot {kind})")


def check_type(ds: Dataset, name: str, allowed: tuple[str, ...], kind: str, role: str = "") -> str:
    """Return the type of ``name``; raise VariableError if it is not one of ``allowed``."""
    require(ds, [name], kind)
    vtype = ds.vtype(name)
    if vtype not in allowed:
        what = f"{role} " if role else ""
        raise VariableError(
            f"plot {kind}: {what}variable '{name}' is {vtype}; it must be {' or '.join(allowed)}"
        )
    return vtype


def numeric(ds: Dataset, name: str) -> pd.Series:
    """The column as float64 (NaN for missing)."""
    col = ds.data[name]
    if isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype(object)
    return pd.to_numeric(col, errors="coerce").astype("float64")


def value_labels(ds: Dataset, name: str) -> dict[int, str]:
    """Code → label of an ordinal/binary variable (codes found in the data if none are declared)."""
    var = ds.codebook.get(name)
    if var is not None and var.values:
        from ..output.formatting import strip_controls

        return {int(k): strip_controls(v) for k, v in sorted(var.values.items())}
    codes = sorted(int(c) for c in numeric(ds, name).dropna().unique())
    return {c: str(c) for c in codes}


def group_levels(ds: Dataset, by: str) -> list[tuple[Any, str]]:
    """The levels of a grouping variable in display order, with display labels."""
    col = ds.data[by]
    present = col.dropna()
    vtype = ds.vtype(by) if by != "wave" else "categorical"
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = [c for c in col.cat.categories if (present == c).any()]
        from ..output.formatting import strip_controls

        return [(c, strip_controls(c)) for c in cats]
    if vtype in ("binary", "ordinal"):
        labels = value_labels(ds, by)
        codes = sorted(int(c) for c in numeric(ds, by).dropna().unique())
        if vtype == "binary":
            codes = sorted(codes, reverse=True)  # Ja before Nej
        return [(c, labels.get(c, str(c))) for c in codes]  # labels: value_labels, cleaned
    var = ds.codebook.get(by)
    values = [str(v) for v in present.unique()]
    order: list[str] = []
    if var is not None and var.levels:
        order = [lvl for lvl in var.levels if lvl in values]
    order += sorted(v for v in values if v not in order)
    from ..output.formatting import strip_controls

    return [(v, strip_controls(v)) for v in order]


def groups(
    ds: Dataset,
    by: str | None,
    valid: pd.Series,
    min_cell: int,
    kind: str,
    lang: str,
    *,
    answers_to: str | None = None,
    none_left: str | None = None,
    min_n: int = 0,
) -> tuple[list[Group], list[str]]:
    """Split rows into groups of ``by`` (or one group "All").

    ``valid`` marks rows that count as responses; groups with fewer than ``min_cell`` valid
    responses are dropped and returned by label in the second list, and so are the
    next-smallest groups until the dropped ones are at least two and hold ``min_cell``
    responses together (as :class:`Complement` labels; the rule of
    :func:`digianalys.stats.disclosure.suppressed_groups`, so that a figure beside whole-sample
    figures gives away no small group). Groups with fewer than
    ``min_n`` valid responses (a kind's own minimum, e.g. 3 pairs for a fitted line) are left
    out silently. More than :data:`MAX_GROUPS` kept groups raise AnalysisError with a hint
    (checked before anything is drawn). When no group is kept, AnalysisError is raised with ``none_left`` or, given
    ``answers_to`` (the variable drawn), "plot KIND: no group has at least N answers to 'VAR';
    lower --min-cell".
    """
    kept, dropped = _split(ds, by, valid, min_cell, kind, lang)
    kept = [g for g in kept if g.n >= min_n]
    if len(kept) > MAX_GROUPS:
        what = "panels" if kind == "likert" else "groups"
        raise AnalysisError(
            f"plot {kind}: '{by}' has {len(kept)} groups to draw, more than the {MAX_GROUPS} "
            f"{what} one figure can show; choose fewer groups with --where (e.g. --where "
            f'"{by} in [A, B, C]") or use a --by variable with fewer levels'
        )
    if not kept:
        if none_left is None and answers_to is not None:
            none_left = (
                f"plot {kind}: no group has at least {min_cell} answers to '{answers_to}'; "
                "lower --min-cell"
            )
        if none_left is not None:
            raise AnalysisError(none_left)
    return kept, dropped


def _split(
    ds: Dataset, by: str | None, valid: pd.Series, min_cell: int, kind: str, lang: str
) -> tuple[list[Group], list[str]]:
    """The groups of ``by`` with at least ``min_cell`` valid rows, and the labels of the others."""
    if by is None:
        mask = pd.Series(True, index=ds.data.index)
        return [Group(None, text("all", lang), mask, int(valid.sum()))], []
    check_type(ds, by, (*GROUPABLE, "numeric") if by == "wave" else GROUPABLE, kind, "--by")
    col = ds.data[by]
    kept: list[Group] = []
    dropped: list[str] = []
    is_code = ds.vtype(by) in ("binary", "ordinal") and not isinstance(
        col.dtype, pd.CategoricalDtype
    )
    keys = numeric(ds, by) if is_code else col.astype(object)
    found: list[Group] = []
    for key, label in group_levels(ds, by):
        mask = (keys == key).fillna(False).astype(bool)
        n = int((mask & valid).sum())
        if n > 0:
            found.append(Group(key, label, mask, n))
    # small groups and their complements (stats.disclosure.suppressed_groups), as describe
    from ..stats.disclosure import suppressed_groups

    small, extra = suppressed_groups({i: g.n for i, g in enumerate(found)}, min_cell)
    for i, g in enumerate(found):
        if i in small:
            dropped.append(g.label)
        elif i in extra:
            dropped.append(Complement(g.label))
        else:
            kept.append(g)
    return kept, dropped


class Complement(str):
    """The label of a group left out as the complement of a smaller one (see
    :func:`digianalys.stats.disclosure.suppressed_groups`), so that the footnote says why."""


def wrap(s: str, width: int = 40, max_lines: int = 4) -> str:
    """Wrap a label for a figure; very long labels are shortened with '…'."""
    from ..output.formatting import strip_controls

    lines = textwrap.wrap(strip_controls(s), width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return "\n".join(lines)


#: Line spacing of multi-line figure texts (matplotlib's default) and the margin of notes (in).
LINE_SPACING = 1.2
NOTE_PAD_IN = 0.08


def text_width(s: str, size: float) -> float:
    """The width (pt) of one line of text at ``size`` pt in the theme's font (unhinted; drawn
    text differs by a percent or two with the renderer's resolution, see :func:`fit`)."""
    return _measure(s, float(size))


@lru_cache(maxsize=4096)
def _measure(s: str, size: float) -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    from . import theme

    prop = FontProperties(family=[theme.FONT, "sans-serif"], size=size)
    width, _h, _d = text_to_path.get_text_width_height_descent(s, prop, ismath=False)
    return float(width)


#: The share of a line's room that :func:`fit` fills (hinting at low resolution widens text).
FILL = 0.96


def fit(s: str, width_pt: float, size: float, max_lines: int = 4) -> str:
    """Wrap ``s`` into lines no wider than ``width_pt`` at ``size`` pt (measured, word by word;
    a word longer than the line is cut); more than ``max_lines`` lines end in '…'."""
    from ..output.formatting import strip_controls

    width_pt *= FILL
    lines: list[str] = []
    for para in strip_controls(s).split("\n"):
        line = ""
        for word in para.split(" "):  # only at spaces: a no-break space holds
            if not word:
                continue
            trial = f"{line} {word}" if line else word
            if text_width(trial, size) <= width_pt:
                line = trial
                continue
            if line:
                lines.append(line)
            while text_width(word, size) > width_pt and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size) > width_pt:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size) > width_pt:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return "\n".join(lines)


def num(x: float, lang: str, decimals: int = 2) -> str:
    """A number for a figure label with the language's decimal mark."""
    if x is None or not np.isfinite(x):
        return "–"
    s = f"{x:.{decimals}f}"
    if s.startswith("-") and float(s) == 0:
        s = s[1:]
    return decimal(s, lang)


def p_text(p: float, lang: str) -> str:
    """p for a figure label: "p < 0.001" or "p = 0.012"."""
    if p is None or not np.isfinite(p):
        return "p = –"
    if p < 0.001:
        return decimal("p < 0.001", lang)
    return "p = " + decimal(f"{p:.3f}", lang)


def n_text(n: int) -> str:
    """The number of responses as shown in figures: "n = 72"."""
    return f"n = {n}"


def footnote(fig: Any, lines: list[str], width: int | None = None) -> None:
    """Put notes under the figure, inside it: the lines are wrapped to the figure's width at
    :data:`.theme.MIN_PT`, the figure grows by their height and its (constrained) layout keeps
    that strip free. ``width`` (characters) is no longer used: wrapping is measured."""
    from . import theme

    lines = [ln for ln in lines if ln]
    if not lines:
        return
    w, h = fig.get_size_inches()
    body = "\n".join(fit(ln, (w - 2 * NOTE_PAD_IN) * 72, theme.MIN_PT, 30) for ln in lines)
    n_lines = body.count("\n") + 1
    strip = n_lines * theme.MIN_PT * LINE_SPACING / 72 + 2 * NOTE_PAD_IN
    fig.set_size_inches(w, h + strip)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, strip / (h + strip), 1, h / (h + strip)))
    fig.text(
        NOTE_PAD_IN / w,
        (strip - NOTE_PAD_IN) / (h + strip),
        body,
        ha="left",
        va="top",
        fontsize=theme.MIN_PT,
        color="#444444",
        linespacing=LINE_SPACING,
    )


def dropped_note(dropped: list[str], min_cell: int, lang: str) -> str:
    """The footnote naming the groups left out for having fewer than ``min_cell`` responses
    and those left out as their complements."""
    if not dropped:
        return ""
    small = [g for g in dropped if not isinstance(g, Complement)]
    extra = [g for g in dropped if isinstance(g, Complement)]
    out = text("dropped_groups", lang, min_cell=min_cell, groups=", ".join(small))
    if extra:
        out += " " + text("dropped_complement", lang, groups=", ".join(extra))
    return out


def min_cell_notes(
    dropped: list[str], min_cell: int, lang: str, *, cells_hidden: bool = False
) -> list[str]:
    """The footnote lines about ``min_cell``: groups left out, then (if any) cells left blank."""
    notes = [dropped_note(dropped, min_cell, lang)]
    if cells_hidden:
        notes.append(text("dropped_cells", lang, min_cell=min_cell))
    return notes


def new_figure(width: float, height: float) -> Any:
    """A matplotlib Figure not registered with pyplot (no global state)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout=None)


def single_axes(width: float, height: float) -> tuple[Any, Any]:
    """A new figure (constrained layout) with one axes: ``(fig, ax)``."""
    fig = new_figure(width, height)
    fig.set_layout_engine("constrained")
    return fig, fig.add_subplot()


def code_ticks(set_ticks: Any, ds: Dataset, name: str, width: int = 22, max_lines: int = 4) -> None:
    """Label the ticks of an ordinal/binary axis with the answer labels of ``name``.

    ``set_ticks`` is the axis' tick setter (``ax.set_yticks`` or ``ax.set_xticks``).
    """
    labels = value_labels(ds, name)
    set_ticks(list(labels), [wrap(v, width, max_lines) for v in labels.values()])


def error_bars(est: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The 2×k ``yerr``/``xerr`` array of intervals ``[low, high]`` around ``est``.

    Clipped at 0: a Wilson interval of a share of 0 % or 100 % ends at the estimate, and
    rounding may put it a hair on the wrong side (matplotlib refuses negative error bars).
    """
    return np.clip(np.vstack([est - low, high - est]), 0.0, None)


def jitter(rng: np.random.Generator, values: np.ndarray, amount: float) -> np.ndarray:
    """``values`` plus uniform noise in ±``amount`` (unchanged, and no draw, if amount is 0)."""
    return values + rng.uniform(-amount, amount, size=len(values)) if amount else values


def plot_design(ds: Dataset, inference: str | None) -> Any:
    """The population design a bar or trend figure draws with (``inference`` "finite", or
    None when the dataset's design.yaml covers the responses drawn, as describe), or None for
    the Wilson/t intervals of a sample."""
    from ..stats.design_estimates import design_for

    return design_for(ds, inference, None)


def design_note(found: Any, lang: str) -> str:
    """The footnote of a figure drawn with the population design ("" without one)."""
    if found is None:
        return ""
    spec = found[0]
    return text(
        "design_ci",
        lang,
        population=sum(spec.population.values()),
        strata=", ".join(spec.strata) or "–",
    )
