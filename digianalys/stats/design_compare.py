"""compare with finite-population inference: the design-based tests of R survey over the
dataset's population design (``design.yaml``: strata, finite-population correction, calibrated
weights; :mod:`.design_tests`).

Per variable: ordinal items (and numeric ones with ``test = "nonparametric"``) get the
design-based rank test (``svyranktest``: Wilcoxon for two groups, Kruskal–Wallis for more),
numeric variables the Wald test of equal domain means (``svyttest`` / ``regTermTest``), binary,
select-all and categorical variables the Rao–Scott F test (``svychisq``). Each group's summary is
its design-based estimate of the population value with a 95 % interval (mean, or share with the
logit interval of ``svyciprop``). Adjusted p-values, disclosure control (small groups and their
complements left out) and direction words follow :func:`~digianalys.stats.compare.compare`: with
three or more groups a ``posthoc`` table tests each pair with the same design-based test on the
two groups' domain (Holm-adjusted within the variable), and the direction names only pairs it
shows, ordered by the groups' population estimates. No effect size is given (the design has none
that R survey reports), which the notes say.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..output.i18n import Msg
from ..result import Result, from_rows
from . import data
from . import posthoc as ph
from .corrections import adjust
from .design import SurveyDesign
from .design_tests import rank_test, rao_scott, wald_means
from .direction import main_direction, pair_direction
from .disclosure import suppressed_groups

NAN = float("nan")


def _only(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` as objects, None outside ``mask``."""
    out = np.array(values, dtype=object)
    out[~mask] = None
    return out


def _summary(design: SurveyDesign, vt: str, y: np.ndarray, in_group: np.ndarray) -> str:
    """A group's design-based estimate with its 95 % interval, as a table cell."""
    if vt in ("binary", "multi"):
        s = design.share((y == 1).astype(float), in_group)
        return f"{100 * s.estimate:.1f} % ({100 * s.low:.1f}–{100 * s.high:.1f})"
    m = design.mean(y, in_group)
    return f"{m.estimate:.2f} ({m.low:.2f}–{m.high:.2f})"


def _family_test(
    design: SurveyDesign,
    vt: str,
    test: str,
    values: np.ndarray,
    in_groups: np.ndarray,
    g: np.ndarray,
    kept: list[Any],
) -> tuple[Any, str]:
    """(the design-based test of ``kept`` groups for a variable of type ``vt``, its name), or
    (None, "") when it cannot be made (fewer than two groups or one answer only)."""
    if len(kept) < 2:
        return None, ""
    mask = in_groups & np.isin(g.astype(object), np.array(kept, dtype=object))
    groups_in = _only(mask, g)
    if vt in ("binary", "multi", "categorical"):
        answers = _only(mask, values)
        if len({v for v in answers if v is not None}) < 2:
            return None, ""
        return rao_scott(design, answers, groups_in), "Rao–Scott F"
    y = np.where(mask, values.astype(float), np.nan)
    if vt == "ordinal" or test == "nonparametric":
        name = "design Wilcoxon" if len(kept) == 2 else "design Kruskal–Wallis"
        return rank_test(design, y, groups_in, kept), name
    return wald_means(design, y, groups_in, kept), (
        "design t" if len(kept) == 2 else "design Wald F"
    )


def _centres(
    design: SurveyDesign, vt: str, y: np.ndarray, in_groups: np.ndarray, g: np.ndarray, kept: list
) -> dict[str, float]:
    """Each kept group's population mean (share of 1s for yes/no answers), which orders a pair."""
    yy = np.where(in_groups, y, 0.0)
    return {str(grp): design.mean(yy, in_groups & (g == grp)).estimate for grp in kept}


def _pairs(
    design: SurveyDesign,
    vt: str,
    test: str,
    values: np.ndarray,
    in_groups: np.ndarray,
    g: np.ndarray,
    kept: list[Any],
    name: str,
) -> pd.DataFrame:
    """Post-hoc pairs: the variable's design-based test on each pair of groups (each a domain of
    the whole design, as R's test on ``subset(design, …)``), Holm-adjusted within the variable."""
    rows = []
    for a, b in combinations(kept, 2):
        result, label = _family_test(design, vt, test, values, in_groups, g, [a, b])
        if result is None:
            continue
        rows.append(
            {
                "variable": name,
                "group1": a,
                "group2": b,
                "test": label,
                "statistic": result.statistic,
                "df": result.df1 if result.df2 is None else result.df2,
                "p_value": result.p_value,
                "effect_size": NAN,
                "effect_measure": "",
            }
        )
    if not rows:
        return ph.empty()
    out = pd.DataFrame(rows)
    out["p_adjusted"] = adjust(out["p_value"].to_numpy(dtype=float), "holm")
    return out[ph.COLUMNS]


def compare_design(
    ds: Dataset,
    by: str,
    names: list[str],
    design: SurveyDesign,
    rows: np.ndarray,
    *,
    test: str = "auto",
    correction: str = "holm",
    min_cell: int = 5,
    alpha: float = 0.05,
) -> Result:
    """The compare table under the population design (see the module docstring). ``rows``
    marks the dataset rows that are the design's respondents (in the design's order)."""
    glabels, order = data.groups(ds, by)
    g = glabels[rows].astype(object).where(glabels[rows].notna(), None).to_numpy()
    out: list[dict[str, Any]] = []
    notes: list[str] = []
    for name in names:
        vt = data.vtype(ds, name)
        if vt == "categorical":
            cats, levels = data.categories(ds, name)
            y_obj = cats[rows].astype(object).where(cats[rows].notna(), None).to_numpy()
            answered = np.array([v is not None for v in y_obj])
        else:
            y = data.numeric(ds, name)[rows].to_numpy(dtype=float)
            answered = np.isfinite(y)
        in_groups = answered & np.array([v is not None for v in g])
        counts = {grp: int((in_groups & (g == grp)).sum()) for grp in order}
        small, extra = suppressed_groups(counts, min_cell)
        kept = [grp for grp in order if grp not in small and grp not in extra and counts[grp]]
        row: dict[str, Any] = {
            "variable": name,
            "label": data.label(ds, name),
            "type": vt,
            "test": "",
            "n": int(sum(counts[grp] for grp in kept)),
            "statistic": NAN,
            "df": NAN,
            "df2": NAN,
            "p_value": NAN,
            "direction": "",
            "warning": "",
        }
        values = y_obj if vt == "categorical" else y
        result, row["test"] = _family_test(design, vt, test, values, in_groups, g, kept)
        centres = {} if vt == "categorical" else _centres(design, vt, y, in_groups, g, kept)
        pairs = ph.empty()
        if result is not None and len(kept) >= 3:
            pairs = _pairs(design, vt, test, values, in_groups, g, kept, name)
        row["_posthoc"], row["_centres"] = pairs, centres
        if result is not None:
            row.update(statistic=result.statistic, df=result.df1, p_value=result.p_value)
            row["df2"] = NAN if result.df2 is None else result.df2
            row["_estimate"] = result.estimate
        else:
            row["warning"] = Msg("warn_too_few_groups", n=min_cell)
        if small or extra:
            row["warning"] = Msg(
                "warn_groups_suppressed", groups=", ".join(small + extra), min_cell=min_cell
            )
        for grp in order:
            shown = grp in kept and vt != "categorical"
            row[f"n_{grp}"] = counts[grp] if grp in kept else NAN
            row[f"summary_{grp}"] = (
                _summary(design, vt, np.where(answered, y, 0.0), in_groups & (g == grp))
                if shown
                else ("–" if grp not in kept else "")
            )
        row["_kept"] = kept
        out.append(row)
    table = from_rows(out)
    table["p_adjusted"] = adjust(table["p_value"].to_numpy(dtype=float), correction)
    directions, posts = [], []
    for rec in table.to_dict(orient="records"):
        p, kept, pairs, centres = rec["p_adjusted"], rec["_kept"], rec["_posthoc"], rec["_centres"]
        directions.append(main_direction(p, kept, NAN, "", centres, pairs, alpha))
        if len(pairs):
            overall = bool(np.isfinite(p) and p < alpha)
            pairs["direction"] = [
                pair_direction(a, b, NAN, "", centres, q, overall, alpha)
                for a, b, q in zip(
                    pairs["group1"], pairs["group2"], pairs["p_adjusted"], strict=True
                )
            ]
            posts.append(pairs)
    table["direction"] = pd.Series(directions, index=table.index, dtype=object)
    post = pd.concat(posts, ignore_index=True) if posts else ph.empty().assign(direction="")
    columns = ["variable", "label", "type", "test", "n", "statistic", "df", "df2", "p_value"]
    columns += ["p_adjusted", "direction", "warning"]
    columns += [c for grp in order for c in (f"n_{grp}", f"summary_{grp}")]
    table = table[columns]
    notes.append(Msg("design_compare_note", n=int(rows.sum())))
    return Result(
        kind="compare",
        tables={"compare": table, "posthoc": post[[*ph.COLUMNS, "direction"]]},
        title=Msg("compare_title", by=data.label(ds, by)),
        notes=notes,
        methods=[
            Msg("design_compare_methods", correction=Msg(f"correction_{correction}")),
            Msg("design_compare_pairs"),
        ],
        meta={
            "by": by,
            "groups": order,
            "test": test,
            "correction": correction,
            "min_cell": min_cell,
            "alpha": alpha,
            "inference": "finite",
        },
    )


def design_compare(
    ds: Dataset,
    by: str,
    variables: Any,
    inference: str | None,
    weights: str | None,
    test: str,
    correction: str,
    min_cell: int,
    alpha: float,
) -> Result | None:
    """compare's finite-population path: the Result when ``inference = "finite"``, else None
    (compare then runs its model-based tests, its default: is the grouping related to the
    answers beyond this population?)."""
    from .design_estimates import design_for
    from .population import WEIGHT_COLUMN

    if inference != "finite":
        if inference not in (None, "model"):
            design_for(ds, inference, weights)  # the error for an unknown inference
        return None
    found = design_for(ds, inference, weights)
    if found is None:
        return None
    names = data.resolve_variables(ds, variables, exclude=[by, WEIGHT_COLUMN], where="the dataset")
    _, design, in_design = found
    return compare_design(
        ds,
        by,
        names,
        design,
        in_design,
        test=test,
        correction=correction,
        min_cell=min_cell,
        alpha=alpha,
    )


__all__ = ["compare_design", "design_compare"]
