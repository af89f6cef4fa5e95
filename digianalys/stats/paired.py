"""Follow-up waves of the same organisations: matched change per variable.

``compare_paired(ds, by="wave", id=...)`` pairs each organisation's answers across the waves
(by its organisation id) and tests the change on the organisations that answered the variable in
every wave compared. Organisations that answered only one wave are counted (``n_only_<wave>``)
but do not enter the test. One row per variable with the columns ``variable, label, type, test,
n_pairs, n_only_<wave>…, statistic, df, p_value, p_adjusted, change, conf_low, conf_high,
effect_size, effect_measure`` (``conf_low``/``conf_high`` are the 95 % CI of ``change``).

Two waves (the change is last minus first):

| type | test (scipy/statsmodels) | change with 95 % CI | effect size |
|---|---|---|---|
| ordinal | Wilcoxon signed-rank (``scipy.stats.wilcoxon``; zero differences dropped, as R's ``wilcox.test``; exact or normal approximation as scipy chooses) | mean change in codes, paired t interval | matched-pairs rank-biserial r (Kerby 2014) |
| numeric, scale | paired t (``scipy.stats.ttest_rel``) | mean change, t interval | d_z = mean change / SD of changes |
| binary, multi | McNemar (``statsmodels mcnemar``: exact binomial when fewer than 25 discordant pairs, else χ² without continuity correction) | change in share, Wald interval for paired proportions | odds ratio of the discordant pairs (yes→no : no→yes) |
| categorical | Stuart–Maxwell marginal homogeneity (``statsmodels SquareTable.homogeneity``) | – | – |

Three or more waves, on the organisations present in all: Friedman (ordinal, numeric; effect
Kendall's W) and Cochran's Q (binary; ``statsmodels cochrans_q``); ``change`` is last minus first.
p-values are corrected across the rows (``correction``, default Holm).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset, as_dataset
from ..errors import AnalysisError, VariableError, unknown_variable
from ..output.i18n import Msg
from ..result import Result, from_rows
from . import data
from .corrections import adjust, check_method

#: Exact McNemar test below this many discordant pairs.
MCNEMAR_EXACT_BELOW = 25


def _normalise_ids(col: pd.Series) -> pd.Series:
    from .population import normalise_id

    return col.map(lambda v: normalise_id(v) if pd.notna(v) else None)


def panel(ds: Dataset, by: str, id: str) -> tuple[pd.Series, pd.Series, list[str]]:
    """(normalised ids, wave labels, wave order); duplicates of an id within a wave are an
    AnalysisError naming the ids."""
    if id not in ds.data.columns:
        raise unknown_variable(id, list(ds.data.columns), "the dataset (--id)")
    waves, order = data.groups(ds, by)
    if len(order) < 2:
        raise AnalysisError(f"'{by}' has one value only; a paired comparison needs two or more")
    ids = _normalise_ids(ds.data[id])
    ok = ids.notna() & waves.notna()
    dup = pd.DataFrame({"id": ids[ok], "w": waves[ok]}).duplicated()
    if dup.any():
        shown = ", ".join(sorted(set(ids[ok][dup.to_numpy()].astype(str)))[:5])
        raise AnalysisError(
            f"organisations answered more than once in the same '{by}': {shown}; remove the "
            "duplicate responses (or fix their ids) before a paired comparison"
        )
    return ids.where(ok), waves.where(ok), order


def compare_paired(
    ds: Dataset | str,
    by: str = "wave",
    variables: Sequence[str] | None = None,
    *,
    id: str,
    correction: str = "holm",
    min_cell: int = 5,
) -> Result:
    """Matched comparison of the waves in ``by`` for the organisations identified by ``id``.

    Raises VariableError for unknown names and AnalysisError for duplicated ids within a wave or
    fewer than two waves. Variables with fewer than ``min_cell`` pairs are not tested (noted).
    """
    ds = as_dataset(ds)
    correction = check_method(correction)
    ids, waves, order = panel(ds, by, id)
    names = data.resolve_variables(ds, variables, exclude=(by, id))
    if not names:
        raise VariableError("no variables to compare")
    rows: list[dict[str, Any]] = []
    notes: list[Any] = []
    tests_used: set[str] = set()
    for name in names:
        row, note = _one(ds, name, ids, waves, order, min_cell)
        rows.append(row)
        if note is not None:
            notes.append(note)
        if row["test"]:
            tests_used.add(row["test"])
    table = from_rows(rows)
    tested = table["p_value"].notna().to_numpy()
    table["p_adjusted"] = np.nan
    if tested.any():
        table.loc[tested, "p_adjusted"] = adjust(
            table.loc[tested, "p_value"].to_numpy(), correction
        )
    front = ["variable", "label", "type", "test", "n_pairs"]
    only = [c for c in table.columns if c.startswith("n_only_")]
    rest = [
        "statistic",
        "df",
        "p_value",
        "p_adjusted",
        "change",
        "conf_low",
        "conf_high",
        "effect_size",
        "effect_measure",
        "warning",
    ]
    table = table[front + only + rest]
    methods: list[str] = [Msg("paired_method", by=by, id=id, correction=correction)]
    methods += [Msg(f"paired_test_{_KEYS[t]}") for t in sorted(tests_used)]
    return Result(
        kind="compare",
        tables={"compare": table},
        title=Msg("paired_title", by=data.label(ds, by)),
        notes=notes,
        methods=methods,
        meta={"by": by, "paired": True, "id": id, "waves": order, "correction": correction},
    )


_KEYS = {
    "Wilcoxon signed-rank": "wilcoxon",
    "paired t": "ttest",
    "McNemar": "mcnemar",
    "McNemar exact": "mcnemar",
    "Stuart–Maxwell": "stuart_maxwell",
    "Friedman": "friedman",
    "Cochran's Q": "cochran",
}


def _wide(
    ds: Dataset, name: str, ids: pd.Series, waves: pd.Series, order: list[str], vtype: str
) -> pd.DataFrame:
    if vtype == "categorical":
        values, _ = data.categories(ds, name)
    else:
        values = data.numeric(ds, name)
    long = pd.DataFrame({"id": ids, "wave": waves, "v": values}).dropna()
    wide = long.pivot(index="id", columns="wave", values="v")
    return wide.reindex(columns=order)


def _one(
    ds: Dataset,
    name: str,
    ids: pd.Series,
    waves: pd.Series,
    order: list[str],
    min_cell: int,
) -> tuple[dict[str, Any], Any]:
    vtype = data.vtype(ds, name)
    wide = _wide(ds, name, ids, waves, order, vtype)
    complete = wide.dropna()
    row: dict[str, Any] = {
        "variable": name,
        "label": data.label(ds, name),
        "type": vtype,
        "test": "",
        "n_pairs": len(complete),
    }
    for w in order:
        others = [o for o in order if o != w]
        row[f"n_only_{w}"] = int((wide[w].notna() & wide[others].isna().all(axis=1)).sum())
    row.update(
        statistic=np.nan,
        df=np.nan,
        p_value=np.nan,
        change=np.nan,
        conf_low=np.nan,
        conf_high=np.nan,
        effect_size=np.nan,
        effect_measure="",
        warning="",
    )
    if len(complete) < max(min_cell, 2):
        row["warning"] = Msg("warn_few_pairs", n=len(complete), min_cell=max(min_cell, 2))
        return row, None
    if len(order) == 2:
        first, last = complete[order[0]], complete[order[1]]
        if vtype == "categorical":
            row.update(_stuart_maxwell(first.astype(str), last.astype(str)))
        elif vtype in ("binary", "multi"):
            row.update(_mcnemar(first.to_numpy(float), last.to_numpy(float)))
        elif vtype == "ordinal":
            row.update(_wilcoxon(first.to_numpy(float), last.to_numpy(float)))
        else:
            row.update(_paired_t(first.to_numpy(float), last.to_numpy(float)))
    else:
        if vtype == "categorical":
            row["warning"] = Msg("warn_paired_categorical_waves")
            return row, None
        x = complete.to_numpy(float)
        if vtype in ("binary", "multi"):
            row.update(_cochran(x))
        else:
            row.update(_friedman(x))
        diff = x[:, -1] - x[:, 0]
        row.update(_mean_change(diff))
    return row, None


def _mean_change(diff: np.ndarray) -> dict[str, float]:
    from scipy import stats

    n = len(diff)
    m = float(diff.mean())
    se = float(diff.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    q = stats.t.ppf(0.975, n - 1)
    return {"change": m, "conf_low": m - q * se, "conf_high": m + q * se}


def _paired_t(a: np.ndarray, b: np.ndarray) -> dict[str, Any]:
    from scipy import stats

    diff = b - a
    if np.all(diff == diff[0]):
        return {"warning": Msg("warn_no_variation"), **_mean_change(diff)}
    res = stats.ttest_rel(b, a)
    sd = float(diff.std(ddof=1))
    return {
        "test": "paired t",
        "statistic": float(res.statistic),
        "df": float(len(diff) - 1),
        "p_value": float(res.pvalue),
        **_mean_change(diff),
        "effect_size": float(diff.mean() / sd),
        "effect_measure": "d_z",
    }


def _wilcoxon(a: np.ndarray, b: np.ndarray) -> dict[str, Any]:
    from scipy import stats

    diff = b - a
    nz = diff[diff != 0]
    out: dict[str, Any] = {**_mean_change(diff)}
    if len(nz) == 0:
        out["warning"] = Msg("warn_no_change")
        return out
    res = stats.wilcoxon(b, a, zero_method="wilcox", correction=False, method="auto")
    ranks = stats.rankdata(np.abs(nz))
    w_plus, w_minus = float(ranks[nz > 0].sum()), float(ranks[nz < 0].sum())
    out.update(
        test="Wilcoxon signed-rank",
        statistic=float(res.statistic),
        p_value=float(res.pvalue),
        effect_size=(w_plus - w_minus) / (w_plus + w_minus),
        effect_measure="r_rb",
    )
    return out


def _mcnemar(a: np.ndarray, b: np.ndarray) -> dict[str, Any]:
    from statsmodels.stats.contingency_tables import mcnemar

    n = len(a)
    yes_no = int(np.sum((a == 1) & (b == 0)))
    no_yes = int(np.sum((a == 0) & (b == 1)))
    table = np.array([[np.sum((a == 1) & (b == 1)), yes_no], [no_yes, np.sum((a == 0) & (b == 0))]])
    change = (no_yes - yes_no) / n
    se = np.sqrt((no_yes + yes_no) - (no_yes - yes_no) ** 2 / n) / n
    out: dict[str, Any] = {
        "change": change,
        "conf_low": change - 1.959963984540054 * se,
        "conf_high": change + 1.959963984540054 * se,
    }
    if yes_no + no_yes == 0:
        out["warning"] = Msg("warn_no_change")
        return out
    exact = yes_no + no_yes < MCNEMAR_EXACT_BELOW
    res = mcnemar(table, exact=exact, correction=False)
    out.update(
        test="McNemar exact" if exact else "McNemar",
        statistic=float(res.statistic),
        df=np.nan if exact else 1.0,
        p_value=float(res.pvalue),
        effect_size=(yes_no / no_yes) if no_yes else float("inf"),
        effect_measure="OR",
    )
    return out


def _stuart_maxwell(a: pd.Series, b: pd.Series) -> dict[str, Any]:
    from statsmodels.stats.contingency_tables import SquareTable

    levels = sorted(set(a) | set(b))
    table = pd.crosstab(
        pd.Categorical(a, categories=levels), pd.Categorical(b, categories=levels), dropna=False
    ).to_numpy()
    if len(levels) < 2 or np.trace(table) == table.sum():
        return {"warning": Msg("warn_no_change")}
    try:
        res = SquareTable(table, shift_zeros=False).homogeneity(method="stuart_maxwell")
    except np.linalg.LinAlgError:
        return {"warning": Msg("warn_no_change")}
    return {
        "test": "Stuart–Maxwell",
        "statistic": float(res.statistic),
        "df": float(res.df),
        "p_value": float(res.pvalue),
    }


def _friedman(x: np.ndarray) -> dict[str, Any]:
    from scipy import stats

    n, k = x.shape
    res = stats.friedmanchisquare(*x.T)
    return {
        "test": "Friedman",
        "statistic": float(res.statistic),
        "df": float(k - 1),
        "p_value": float(res.pvalue),
        "effect_size": float(res.statistic / (n * (k - 1))),
        "effect_measure": "W",
    }


def _cochran(x: np.ndarray) -> dict[str, Any]:
    from statsmodels.stats.contingency_tables import cochrans_q

    res = cochrans_q(x)
    return {
        "test": "Cochran's Q",
        "statistic": float(res.statistic),
        "df": float(res.df),
        "p_value": float(res.pvalue),
    }


def attrition(ds: Dataset | str, by: str = "wave", *, id: str, **compare_options: Any) -> Result:
    """Organisations that answered the first and a later wave (group "2018–2021") against those
    that answered only the first (group "2018"), on their first-wave answers (:func:`~digianalys.stats.compare.compare` between the
    two groups, so every variable gets its usual test and effect size)."""
    from dataclasses import replace

    from .compare import compare

    ds = as_dataset(ds)
    ids, waves, order = panel(ds, by, id)
    first = (waves == order[0]).to_numpy()
    later = set(ids[(waves != order[0]).to_numpy() & waves.notna().to_numpy()].dropna())
    stayed = ids.map(lambda i: i in later)
    first_wave = ds.data.loc[first].copy()
    # group names a reader understands in either language: "2018–2021" answered again,
    # "2018" answered only the first wave
    again, only = f"{order[0]}–{order[-1]}", str(order[0])
    group = np.where(stayed[first].to_numpy(), again, only)
    first_wave["panel"] = pd.array(group, dtype="string")
    from ..codebook import Variable

    cb = replace(
        ds.codebook,
        variables=[
            *ds.codebook.variables,
            Variable(
                name="panel",
                type="categorical",
                label=Msg("attrition_group"),
                levels={again: [again], only: [only]},
            ),
        ],
    )
    sub = Dataset(data=first_wave.reset_index(drop=True), codebook=cb, path=ds.path)
    variables = compare_options.pop("variables", None)
    names = data.resolve_variables(sub, variables, exclude=(by, id, "panel"))
    res = compare(sub, "panel", names, **compare_options)
    res.title = Msg("attrition_title", first=order[0])
    res.kind = "attrition"
    return res


def matched(ds: Dataset | str, by: str = "wave", *, id: str) -> Dataset:
    """The responses of the organisations that answered every wave of ``by`` (a new Dataset),
    so that a trend compares the same organisations over time."""
    ds = as_dataset(ds)
    ids, waves, order = panel(ds, by, id)
    present = pd.DataFrame({"id": ids, "w": waves}).dropna().groupby("id")["w"].nunique()
    everywhere = set(present[present == len(order)].index)
    keep = ids.map(lambda i: i in everywhere).to_numpy(dtype=bool)
    return Dataset(
        data=ds.data.loc[keep].reset_index(drop=True),
        codebook=ds.codebook,
        path=ds.path,
        report=ds.report,
    )


def trend(
    ds: Dataset | str,
    variables: Sequence[str],
    *,
    wave: str = "wave",
    by: str | None = None,
    paired: bool = False,
    id: str | None = None,
    min_cell: int = 5,
) -> Result:
    """Mean (numeric, ordinal, scales) or share in % (binary, multi) of each variable per wave
    (and group of ``by``) with 95 % CIs — t interval for means, Wilson for shares, as the trend
    figure draws them. With ``paired``, only the organisations that answered every wave (by
    ``id``). Cells with fewer than ``min_cell`` answers are suppressed (estimate and CI empty)."""
    from ..plots.trend import interval

    ds = as_dataset(ds)
    notes: list[Any] = []
    if paired:
        if not id:
            raise VariableError(
                "a paired trend needs --id VAR: the variable that identifies the organisation"
            )
        n_before = len(ds.data)
        ds = matched(ds, wave, id=id)
        notes.append(Msg("trend_paired_note", n=len(ds.data), total=n_before))
    waves, order = data.groups(ds, wave)
    groups, group_order = data.groups(ds, by) if by else (pd.Series([""] * len(ds.data)), [""])
    rows: list[dict[str, Any]] = []
    for name in data.resolve_variables(ds, list(variables), exclude=(wave,)):
        vtype = data.vtype(ds, name)
        if vtype == "categorical":
            raise VariableError(
                f"variable '{name}' is categorical; a trend shows a mean or a share "
                "(choose an ordinal, numeric, binary or multi variable)"
            )
        values = data.numeric(ds, name)
        binary = vtype in ("binary", "multi")
        for g in group_order:
            for w in order:
                cell = values[(waves == w).to_numpy() & (groups == g).to_numpy()].dropna()
                row: dict[str, Any] = {
                    "variable": name,
                    "label": data.label(ds, name),
                    "group": g,
                    "wave": w,
                    "n": len(cell),
                    "measure": "share" if binary else "mean",
                    "estimate": np.nan,
                    "conf_low": np.nan,
                    "conf_high": np.nan,
                    "suppressed": len(cell) < max(min_cell, 1),
                }
                if not row["suppressed"]:
                    est, lo, hi = interval(cell.to_numpy(dtype=float), binary)
                    row.update(estimate=est, conf_low=lo, conf_high=hi)
                else:
                    row["n"] = np.nan
                rows.append(row)
    table = from_rows(rows)
    if not by:
        table = table.drop(columns=["group"])
    return Result(
        kind="trend",
        tables={"trend": table},
        title=Msg("trend_title", wave=data.label(ds, wave)),
        notes=notes,
        methods=[Msg("trend_method")],
        meta={"wave": wave, "by": by, "paired": paired, "id": id},
    )
