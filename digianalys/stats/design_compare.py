"""compare with finite-population inference: the design-based tests of R survey over the
dataset's population design (``design.yaml``: strata, finite-population correction, calibrated
weights; :mod:`.design_tests`).

Per variable: ordinal items (and numeric ones with ``test = "nonparametric"``) get the
design-based rank test (``svyranktest``: Wilcoxon for two groups, Kruskal–Wallis for more),
numeric variables the Wald test of equal domain means (``svyttest`` / ``regTermTest``), binary,
select-all and categorical variables the Rao–Scott F test (``svychisq``). Each group's summary is
its design-based estimate of the population value with a 95 % interval (mean, or share with the
logit interval of ``svyciprop``). Adjusted p-values, disclosure control (small groups and their
complements left out) and direction words (two groups only, adjusted p below α) follow
:func:`~digianalys.stats.compare.compare`; no effect size is given (the design has none that R
survey reports), which the notes say.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..output.i18n import Msg
from ..result import Result, from_rows
from . import data
from .corrections import adjust
from .design import SurveyDesign
from .design_tests import rank_test, rao_scott, wald_means
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
        mask = in_groups & np.isin(g.astype(object), np.array(kept, dtype=object))
        groups_in = _only(mask, g)
        result = None
        if len(kept) >= 2:
            if vt in ("binary", "multi", "categorical"):
                values = _only(mask, y_obj if vt == "categorical" else y)
                if len({v for v in values if v is not None}) >= 2:
                    result, row["test"] = rao_scott(design, values, groups_in), "Rao–Scott F"
            elif vt == "ordinal" or test == "nonparametric":
                result = rank_test(design, np.where(mask, y, np.nan), groups_in, kept)
                row["test"] = "design Wilcoxon" if len(kept) == 2 else "design Kruskal–Wallis"
            else:
                result = wald_means(design, np.where(mask, y, np.nan), groups_in, kept)
                row["test"] = "design t" if len(kept) == 2 else "design Wald F"
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
    directions = []
    for rec in table.to_dict(orient="records"):
        p, kept = rec["p_adjusted"], rec["_kept"]
        if not np.isfinite(p):
            directions.append("")
        elif p >= alpha:
            directions.append(Msg("direction_not_shown"))
        elif len(kept) == 2 and np.isfinite(rec.get("_estimate", NAN)):
            hi, lo = (kept[0], kept[1]) if rec["_estimate"] > 0 else (kept[1], kept[0])
            directions.append(Msg("direction_higher", higher=hi, lower=lo))
        else:
            directions.append(Msg("direction_differs"))
    table["direction"] = pd.Series(directions, index=table.index, dtype=object)
    columns = ["variable", "label", "type", "test", "n", "statistic", "df", "df2", "p_value"]
    columns += ["p_adjusted", "direction", "warning"]
    columns += [c for grp in order for c in (f"n_{grp}", f"summary_{grp}")]
    table = table[columns]
    notes.append(Msg("design_compare_note", n=int(rows.sum())))
    return Result(
        kind="compare",
        tables={"compare": table},
        title=Msg("compare_title", by=data.label(ds, by)),
        notes=notes,
        methods=[Msg("design_compare_methods", correction=Msg(f"correction_{correction}"))],
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
