"""Disclosure control: minimum cell sizes (``--min-cell``) and secondary suppression.

Two rules (``--suppress``, documented for users in README, docs/cli.md, notes and the methods
paragraph):

- ``groups`` (the default; organisation surveys): the disclosure risk is a small *group*, not a
  rare answer in a big one. A group with fewer than ``min_cell`` answers to an item is
  suppressed for that item (every figure of it), with complementary groups (below); a group at
  or above the threshold shows all its categories, rare ones included.
- ``cells`` (surveys of people): in addition, frequency cells with 1 … ``min_cell`` − 1
  responses are hidden, with the complementary cells needed so that they cannot be recovered
  from totals; the rest of the group (its n, other cells and shares) stays visible.

In detail:

- A *group summary* based on fewer than ``min_cell`` non-missing responses is suppressed: shown
  as "–", left out of tests, and named in the notes (:func:`small_groups`).
- (``cells`` only) In a frequency table (groups × levels), a cell with ``0 < count < min_cell`` is suppressed
  (primary suppression), and so is every cell of a suppressed group. Because group totals
  (``n``) and level totals (the ungrouped table) are published, a single suppressed cell in a
  row or column could be recovered by subtraction; so whenever a row or column has exactly one
  suppressed cell, the smallest other cell of that row/column is suppressed too (secondary
  suppression), repeated until no row or column has exactly one (:func:`suppress_table`).
- **Small groups stay small after subtraction** (:func:`suppressed_groups`). A group of ``by``
  with fewer than ``min_cell`` responses to a variable is suppressed: no n, no missing count,
  no statistic (mean, SD, quantiles, min, max, share), no frequency cell and no summary; it is
  left out of tests, correlations and figures. Because whole-sample figures are published too
  (``describe`` without ``--by``, compare's ``n``, the overall correlation), the difference
  between them and the shown groups gives the suppressed groups' combined n, mean, share and
  counts. So suppression is extended to the next-smallest shown groups (complementary
  suppression, ties: the first in order) until the suppressed groups are at least two groups
  with responses that together hold at least ``min_cell`` responses; a subtraction then only
  gives the pooled figures of several groups, never one small group's. With two groups one of
  which is small, both are suppressed. Groups without responses count as suppressed but
  protect no one; responses without a group value are not counted as protection.
  Whole-sample rows stay computed over all responses.
- min and max are single responses: they are shown only for a group (or the whole sample)
  with at least ``min_cell`` responses, i.e. never for a suppressed group.
- ``min_cell = 0`` turns all of this off.

Wording for notes and README: "Groups with fewer than N responses are suppressed (shown as
'–', left out of tests and figures, no n, min or max). So that no such group can be recovered
by subtracting the shown groups from the whole-sample figures, the next-smallest groups are
suppressed too until the suppressed groups are at least two and hold at least N responses
together."
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import numpy as np
import pandas as pd

#: The disclosure rules of ``--suppress``: small groups only, or small cells as well.
RULES = ("groups", "cells")
#: A group key (a label, a code, an index).
K = TypeVar("K")


def check_min_cell(min_cell: int) -> int:
    """Validate ``min_cell`` (a non-negative integer)."""
    from ..errors import AnalysisError

    if isinstance(min_cell, bool) or not isinstance(min_cell, (int, np.integer)) or min_cell < 0:
        raise AnalysisError(f"--min-cell must be a non-negative integer, not {min_cell!r}")
    return int(min_cell)


def check_rule(rule: str) -> str:
    """Validate a ``--suppress`` rule."""
    from ..errors import AnalysisError

    if rule not in RULES:
        raise AnalysisError(f"unknown suppression rule '{rule}'; use one of: {', '.join(RULES)}")
    return rule


def small_groups(counts: Mapping[K, int], min_cell: int) -> list[K]:
    """Groups (in the given order) whose count is below ``min_cell`` (none if min_cell is 0)."""
    if min_cell <= 0:
        return []
    return [g for g, n in counts.items() if n < min_cell]


def suppressed_groups(counts: Mapping[K, int], min_cell: int) -> tuple[list[K], list[K]]:
    """``(small, complementary)``: the groups below ``min_cell`` (in the given order) and the
    shown groups suppressed as well so that the small ones cannot be recovered from totals.

    Complementary groups are taken smallest first (ties: the first in order) until the hidden
    groups include at least two with responses and hold at least ``min_cell`` responses
    together (or no group is left). Nothing is added when the small groups hold no responses.
    """
    small = small_groups(counts, min_cell)
    if not any(counts[g] > 0 for g in small):
        return small, []
    order = list(counts)
    candidates = sorted(
        (g for g in order if g not in small), key=lambda g: (counts[g], order.index(g))
    )
    extra: list[K] = []

    def _safe() -> bool:
        hidden: list[K] = small + extra
        with_answers = sum(1 for g in hidden if counts[g] > 0)
        return with_answers >= 2 and sum(counts[g] for g in hidden) >= min_cell

    for g in candidates:
        if _safe():
            break
        extra.append(g)
    return small, [g for g in order if g in extra]


def suppress_table(
    counts: pd.DataFrame,
    min_cell: int,
    hidden_rows: np.ndarray | None = None,
    rule: str = "cells",
) -> pd.DataFrame:
    """Boolean mask (same shape as ``counts``: rows = groups, columns = levels) of cells to hide.

    ``rule = "groups"``: only whole rows (a total below ``min_cell``, or ``hidden_rows``);
    ``"cells"`` (below) adds small cells and their complements.

    Primary: ``0 < count < min_cell`` and whole rows whose total is below ``min_cell``.
    Secondary: while a row or column has exactly one hidden cell among several, also hide one
    of its visible cells: preferably one whose column (row) also has exactly one hidden cell,
    then the smallest (ties: the first in order). Zero cells are not primary-suppressed
    (a zero is no individual's answer) but may be chosen as complements. ``hidden_rows``
    (boolean per row) hides whole rows as well, e.g. complementary groups
    (:func:`suppressed_groups`).
    """
    c = counts.to_numpy(dtype=float)
    mask = np.zeros(c.shape, dtype=bool)
    if min_cell <= 0 or c.size == 0:
        return pd.DataFrame(mask, index=counts.index, columns=counts.columns)
    mask |= (c > 0) & (c < min_cell)
    row_tot = c.sum(axis=1)
    mask[row_tot < min_cell, :] = True
    if hidden_rows is not None:
        mask[np.asarray(hidden_rows, dtype=bool), :] = True
    if rule == "groups":
        mask[:] = False
        mask[row_tot < min_cell, :] = True
        if hidden_rows is not None:
            mask[np.asarray(hidden_rows, dtype=bool), :] = True
        return pd.DataFrame(mask, index=counts.index, columns=counts.columns)

    def _fix(m: np.ndarray, vals: np.ndarray) -> bool:
        changed = False
        for i in range(m.shape[0]):
            row = m[i]
            if row.size > 1 and row.sum() == 1:
                visible = np.where(~row)[0]
                # prefer a cell whose other line (column) also has exactly one hidden cell:
                # hiding it protects both lines at once, so fewer cells are lost
                single = np.array([m.shape[0] > 1 and m[:, j].sum() == 1 for j in visible])
                j = min(zip(~single, vals[i, visible], visible, strict=True))[2]
                row[j] = True
                changed = True
        return changed

    for _ in range(c.size + 1):
        changed = _fix(mask, c)
        if c.shape[0] > 1:
            mt = mask.T.copy()
            if _fix(mt, c.T):
                mask = mt.T.copy()
                changed = True
        if not changed:
            break
    return pd.DataFrame(mask, index=counts.index, columns=counts.columns)


def share_hidden(counts: np.ndarray, hidden: np.ndarray, hit: np.ndarray, min_cell: int) -> bool:
    """Whether a share (cells ``hit`` of one group's ``counts`` over their total) must be hidden.

    ``hidden`` is the group's row of the frequency table's suppression mask. The share gives the
    sum of the ``hit`` cells and, with the group total, the sum of the others; either sum
    recovers a hidden cell if it is the only hidden cell among its terms, and is itself a small
    cell when it is 1 … min_cell − 1.
    """
    if min_cell <= 0:
        return False
    counts = np.asarray(counts, dtype=float)
    hidden = np.asarray(hidden, dtype=bool)
    hit = np.asarray(hit, dtype=bool)
    k, rest = counts[hit].sum(), counts[~hit].sum()
    if 0 < k < min_cell or 0 < rest < min_cell:
        return True
    return int(hidden[hit].sum()) == 1 or int(hidden[~hit].sum()) == 1


def suppression_notes(
    by: str,
    min_cell: int,
    suppressed: dict[str, list[str]],
    complements: dict[str, list[str]],
    cells_hidden: bool,
) -> list[Any]:
    """compare's notes on what was hidden: each small group (``suppressed``: group → the
    variables) and each complementary group once, and the summaries' hidden answers (the
    ``cells`` rule)."""
    from ..output.i18n import Msg

    notes: list[Any] = []
    for key, hidden in (
        ("compare_group_suppressed", suppressed),
        ("compare_group_complementary", complements),
    ):
        for g, vs in hidden.items():
            notes.append(Msg(key, group=g, by=by, min_cell=min_cell, variables=", ".join(vs)))
    if cells_hidden:
        if min_cell == 2:
            notes.append(Msg("compare_summary_cells_one"))
        else:
            notes.append(Msg("compare_summary_cells", largest=min_cell - 1))
    return notes
