"""Table 1: the presentation table of ``describe --by`` (as tableone/gtsummary give it).

One row per variable (its label) and, for categorical and ordinal variables, one row per answer;
per group "n (%)" (binary and select-all options: one row, the share answering yes/ticking) or
"mean (SD)" / "median [Q1–Q3]" (numeric variables and scales), an overall column, a row with the
number missing, and the p-value of the variable's test. The tests and p-values are taken from
:func:`digianalys.stats.compare.compare` with the same options, so Table 1 and the compare table
never show two p-values for one test.

Optional significance letters (SPSS Custom Tables' "compare column proportions/means"): each
group gets a letter (A, B, C …); a cell carries the letters of the groups whose proportion (or
mean) it is significantly *higher* than, by pairwise two-sample z tests of proportions
(statsmodels ``proportions_ztest``) or Welch t tests (scipy ``ttest_ind``), Bonferroni-adjusted
over the pairs of each row (statsmodels ``multipletests``).

Cells are display texts (:class:`~digianalys.output.i18n.Msg`, numbers in their fields, so the
decimal comma is set when the table is shown); the tidy numbers are in describe's tables.
Disclosure: a group with fewer than ``min_cell`` answers to a variable is shown as "–" for every
row of that variable, with complementary suppression
(:func:`.disclosure.suppressed_groups`) so that it cannot be recovered from the overall column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset, as_dataset
from ..errors import AnalysisError
from ..output.formatting import CellText
from ..output.i18n import Msg
from ..result import Result
from . import data
from .disclosure import check_min_cell, suppressed_groups

#: Continuous summaries: "mean" (mean (SD)), "median" (median [Q1–Q3]) or "both" (two rows).
CONTINUOUS = ("mean", "median", "both")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OVERALL = "overall"


def _pct(share: float) -> float:
    """A percentage as tables show it: whole numbers from 10 %, one decimal below."""
    p = 100.0 * share
    return float(round(p)) if p >= 10 or p == 0 else round(p, 1)


def _num(x: float) -> float | int:
    """A mean, SD or quantile as tables show it: 2 decimals below 10, 1 below 1000, else whole."""
    if not np.isfinite(x):
        return float("nan")
    a = abs(x)
    if a >= 1000:
        return int(round(x))
    return round(x, 2) if a < 10 else round(x, 1)


def _weighted_quantile(v: np.ndarray, w: np.ndarray, q: float) -> float:
    from . import weighted as wt

    return float(wt.quantile(v, w, q))


def _continuous(v: np.ndarray, w: np.ndarray | None, kind: str) -> Msg:
    if v.size == 0:
        return Msg("t1_empty")
    if kind == "mean":
        if w is None:
            m, sd = float(v.mean()), float(v.std(ddof=1)) if v.size > 1 else float("nan")
        else:
            from . import weighted as wt

            m, sd = float(wt.mean(v, w)), float(wt.sd(v, w))
        return Msg("t1_mean_sd", mean=_num(m), sd=_num(sd))
    if w is None:
        med, q1, q3 = (float(x) for x in np.percentile(v, [50, 25, 75]))
    else:
        med, q1, q3 = (_weighted_quantile(v, w, q) for q in (0.5, 0.25, 0.75))
    return Msg("t1_median_iqr", median=_num(med), q1=_num(q1), q3=_num(q3))


def _share_cell(hit: np.ndarray, w: np.ndarray | None) -> tuple[Msg, float]:
    n = int(hit.sum())
    if hit.size == 0:
        return Msg("t1_empty"), float("nan")
    share = float(hit.mean()) if w is None else float((w * hit).sum() / w.sum())
    return Msg("t1_n_pct", n=n, pct=_pct(share)), share


def _letters_props(hits: dict[str, np.ndarray], letter: dict[str, str], alpha: float) -> dict:
    """Per group, the letters of the groups whose proportion it is significantly higher than."""
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportions_ztest

    pairs, pvals = [], []
    names = list(hits)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            ka, kb = int(hits[a].sum()), int(hits[b].sum())
            na, nb = hits[a].size, hits[b].size
            if na == 0 or nb == 0 or (ka + kb) in (0, na + nb):
                continue  # no variation: no test
            _, p = proportions_ztest([ka, kb], [na, nb])
            pairs.append((a, b, ka / na - kb / nb))
            pvals.append(float(p))
    return _assign_letters(pairs, pvals, letter, alpha, multipletests)


def _letters_means(values: dict[str, np.ndarray], letter: dict[str, str], alpha: float) -> dict:
    from scipy.stats import ttest_ind
    from statsmodels.stats.multitest import multipletests

    pairs, pvals = [], []
    names = list(values)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            va, vb = values[a], values[b]
            if va.size < 2 or vb.size < 2 or (np.ptp(va) == 0 and np.ptp(vb) == 0):
                continue
            res = ttest_ind(va, vb, equal_var=False)
            pairs.append((a, b, float(va.mean() - vb.mean())))
            pvals.append(float(res.pvalue))
    return _assign_letters(pairs, pvals, letter, alpha, multipletests)


def _assign_letters(pairs, pvals, letter, alpha, multipletests) -> dict[str, str]:
    out: dict[str, list[str]] = {g: [] for g in letter}
    if not pvals:
        return {}
    reject = multipletests(pvals, alpha=alpha, method="bonferroni")[0]
    for (a, b, diff), sig in zip(pairs, reject, strict=True):
        if sig and diff > 0:
            out[a].append(letter[b])
        elif sig and diff < 0:
            out[b].append(letter[a])
    return {g: "".join(sorted(v)) for g, v in out.items() if v}


def _with_letters(cell: Msg, letters: str) -> Msg:
    return Msg("t1_with_letters", cell=cell, letters=letters) if letters else cell


def table1(
    ds: Dataset | str,
    by: str | None = None,
    variables: Sequence[str] | str | None = None,
    *,
    continuous: str = "mean",
    test: str = "auto",
    correction: str = "holm",
    weights: str | None = None,
    min_cell: int = 5,
    alpha: float = 0.05,
    letters: bool = False,
) -> Result:
    """Table 1 of ``variables`` by the groups of ``by`` (or overall only).

    Returns a Result with table ``table1``: label (the variable's label on its first row), level,
    measure (what the cells show), one
    ``summary_<group>`` column per group, ``overall``, and (with ``by``) ``p_value``,
    ``p_adjusted``, ``test`` on the variable rows (from :func:`compare` with the same ``test``,
    ``correction``, ``weights``, ``min_cell`` and ``alpha``). The first row gives the number of
    responses per column (and the letters' key when ``letters``). Labels, not code names, are
    shown; ``meta["row_variables"]`` gives each row's variable name.
    """
    ds = as_dataset(ds)
    if continuous not in CONTINUOUS:
        raise AnalysisError(
            f"unknown continuous summary '{continuous}'; use one of: {', '.join(CONTINUOUS)}"
        )
    min_cell = check_min_cell(min_cell)
    w_all = data.weights(ds, weights) if weights else None
    exclude = ([by] if by else []) + ([weights] if weights else [])
    names = data.resolve_variables(ds, variables, exclude=exclude, where="the dataset")
    if by:
        glabels, order = data.groups(ds, by)
        in_group = glabels.notna().to_numpy()
    else:
        glabels, order = pd.Series(pd.NA, index=ds.data.index, dtype="string"), []
        in_group = np.ones(len(ds.data), dtype=bool)
    if letters and not by:
        raise AnalysisError("significance letters compare groups; give --by as well")
    if letters and len(order) > len(LETTERS):
        raise AnalysisError(f"significance letters need at most {len(LETTERS)} groups")
    columns = [f"summary_{g}" for g in order] + [OVERALL]
    group_of = glabels.astype(object).where(glabels.notna(), None).to_numpy()
    masks = {g: (group_of == g) for g in order} | {OVERALL: in_group}
    letter = {g: LETTERS[i] for i, g in enumerate(order)} if letters else {}
    w_np = None if w_all is None else w_all.to_numpy(dtype=float)

    tests = _tests(ds, by, names, test, correction, weights, min_cell, alpha) if by else {}
    rows: list[dict[str, Any]] = []
    head: dict[str, Any] = {"variable": "", "label": Msg("t1_responses"), "level": ""}
    head["measure"] = "n"
    for g in order:
        n = int(masks[g].sum())
        head[f"summary_{g}"] = Msg("t1_n_key", n=n, letter=letter[g]) if letter else n
    head[OVERALL] = int(in_group.sum())
    rows.append(head)
    notes: list[str] = []
    for name in names:
        rows.extend(
            _variable_rows(
                ds, name, order, masks, w_np, continuous, min_cell, letter, alpha, tests, notes
            )
        )
    table = pd.DataFrame(rows, dtype=object)
    row_variables = [str(v) for v in table["variable"]]
    table = table.reindex(
        columns=["label", "level", "measure", *columns]
        + (["p_value", "p_adjusted", "test"] if by else [])
    )
    for c in ("p_value", "p_adjusted"):
        if c in table:
            table[c] = pd.to_numeric(table[c], errors="coerce").astype("float64")
    methods: list[str] = []
    if by:
        used = sorted({str(t["test"]) for t in tests.values() if t.get("test")})
        if used:
            notes.append(Msg("t1_note_tests", tests=[CellText("test", name) for name in used]))
    if letters:
        notes.append(Msg("t1_note_letters", alpha=alpha))
        methods.append(Msg("t1_methods_letters", alpha=alpha))
    if weights:
        notes.append(Msg("t1_note_weighted", weights=weights))
    if min_cell:
        notes.append(Msg("t1_note_min_cell", min_cell=min_cell))
    title = Msg("t1_title_by", by=data.label(ds, by)) if by else Msg("t1_title")
    return Result(
        kind="table1",
        tables={"table1": table},
        title=title,
        notes=notes,
        methods=methods,
        meta={
            "by": by,
            "groups": order,
            "letters": letter,
            "continuous": continuous,
            "row_variables": row_variables,
        },
    )


def _tests(ds, by, names, test, correction, weights, min_cell, alpha) -> dict[str, dict]:
    """The variable's test, p and adjusted p from compare (the same test the report shows)."""
    from .compare import compare

    res = compare(
        ds,
        by,
        names,
        test=test,
        correction=correction,
        weights=weights,
        min_cell=min_cell,
        alpha=alpha,
    )
    main = res.main
    out: dict[str, dict] = {}
    for rec in main.to_dict(orient="records"):
        out[str(rec["variable"])] = {
            "test": rec.get("test") or "",
            "p_value": rec.get("p_value"),
            "p_adjusted": rec.get("p_adjusted"),
        }
    return out


def _variable_rows(
    ds: Dataset,
    name: str,
    order: list[str],
    masks: dict[str, np.ndarray],
    w: np.ndarray | None,
    continuous: str,
    min_cell: int,
    letter: dict[str, str],
    alpha: float,
    tests: dict[str, dict],
    notes: list[str],
) -> list[dict[str, Any]]:
    t = data.vtype(ds, name)
    values = data.numeric(ds, name).to_numpy(dtype=float)
    answered = np.isfinite(values)
    if t == "categorical":
        cats, levels = data.categories(ds, name)
        answered = cats.notna().to_numpy()
        cat_np = cats.to_numpy(dtype=object)
    counts = {g: int((masks[g] & answered).sum()) for g in order}
    small, extra = suppressed_groups(counts, min_cell) if order else ([], [])
    hidden = set(small) | set(extra)
    if order and min_cell and int((masks[OVERALL] & answered).sum()) < min_cell:
        hidden |= {OVERALL}
    shown = [g for g in order if g not in hidden]
    if hidden - {OVERALL}:
        notes.append(
            Msg("t1_note_hidden", variable=data.label(ds, name), groups=", ".join(sorted(hidden)))
        )
    cols = [*order, OVERALL]

    def col(g: str) -> str:
        return OVERALL if g == OVERALL else f"summary_{g}"

    def wts(g: str) -> np.ndarray | None:
        return None if w is None else w[masks[g] & answered]

    test = tests.get(name, {})
    head: dict[str, Any] = {
        "variable": name,
        "label": data.label(ds, name),
        "level": "",
        "measure": "",
        "p_value": test.get("p_value"),
        "p_adjusted": test.get("p_adjusted"),
        "test": test.get("test", ""),
    }
    rows: list[dict[str, Any]] = [head]
    dash = Msg("t1_suppressed")

    def level_row(level: object, stat: str, hit_of) -> dict[str, Any]:
        row: dict[str, Any] = {"variable": name, "label": "", "level": level, "measure": stat}
        hits = {}
        for g in cols:
            if g in hidden:
                row[col(g)] = dash
                continue
            hit = hit_of(masks[g] & answered)
            row[col(g)], _ = _share_cell(hit, wts(g))
            if g != OVERALL:
                hits[g] = hit
        if letter and w is None:
            found = _letters_props({g: hits[g] for g in shown if g in hits}, letter, alpha)
            for g, ls in found.items():
                row[col(g)] = _with_letters(row[col(g)], ls)
        return row

    if t in ("binary", "multi"):
        yes = data.value_labels(ds, name).get(1, "")
        cells = level_row(yes, "", lambda m: values[m] == 1)
        head.update({k: v for k, v in cells.items() if k not in ("variable", "label")})
        head["measure"] = Msg("t1_stat_n_pct")
    elif t in ("ordinal", "categorical"):
        head["measure"] = Msg("t1_stat_n_pct")
        if t == "ordinal":
            labels = data.value_labels(ds, name)
            codes = sorted(labels) or sorted(np.unique(values[answered]).tolist())
            for c in codes:
                lab = labels.get(int(c), str(c)) if float(c).is_integer() else str(c)
                rows.append(level_row(lab, "", lambda m, c=c: values[m] == c))
        else:
            for lev in levels:
                rows.append(level_row(lev, "", lambda m, lev=lev: cat_np[m] == lev))
    else:
        kinds = ["mean", "median"] if continuous == "both" else [continuous]
        for kind in kinds:
            row: dict[str, Any] = {
                "variable": name,
                "label": "",
                "level": "",
                "measure": Msg(f"t1_stat_{kind}"),
            }
            vals = {}
            for g in cols:
                if g in hidden:
                    row[col(g)] = dash
                    continue
                v = values[masks[g] & answered]
                row[col(g)] = _continuous(v, wts(g), kind)
                if g != OVERALL:
                    vals[g] = v
            if letter and w is None and kind == "mean":
                found = _letters_means({g: vals[g] for g in shown if g in vals}, letter, alpha)
                for g, ls in found.items():
                    row[col(g)] = _with_letters(row[col(g)], ls)
            if len(kinds) == 1:
                head.update({k: v for k, v in row.items() if k not in ("variable", "label")})
            else:
                rows.append(row)
    missing: dict[str, Any] = {
        "variable": name,
        "label": "",
        "level": Msg("t1_missing"),
        "measure": "n",
    }
    n_missing = {g: int((masks[g] & ~answered).sum()) for g in cols}
    if any(n_missing.values()):
        for g in cols:
            missing[col(g)] = dash if g in hidden else n_missing[g]
        rows.append(missing)
    return rows
