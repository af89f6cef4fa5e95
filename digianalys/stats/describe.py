"""``describe``: descriptive statistics per variable (and group), plus frequency tables.

Table ``describe`` — one row per variable (per group with ``by``):

=============  ==================================================================================
column         meaning
=============  ==================================================================================
variable       codebook name
label          codebook label
type           ordinal, binary, multi, categorical or numeric (scales are numeric)
group          the group of ``by`` (empty without ``by``)
n              non-missing responses
missing        missing responses (blank *and* don't-know answers, which ingest made missing)
dont_know      of which don't-know answers: the codebook ``missing`` total; only known for the
               whole dataset, so empty in per-group rows and for scales
mean, sd       mean and standard deviation (ordinal codes and numeric values)
mean_se,       standard error and 95 % t interval (n − 1 df) of the mean; weighted: the
mean_low,      linearisation SE of R's svymean; with a population design: finite-population
mean_high      estimates (strata, fpc, weights; R survey), see ``inference``
deff           design effect of the mean (with a population design only)
median, q1,    median and quartiles (linear interpolation, pandas/R type 7; weighted: R survey's
q3             qrule "hf7", which is type 7 when the weights are equal) and the observed range
min, max
share          ordinal: share in the top two codes (agreeing); binary: share yes (code 1); multi:
               share who ticked the option
share_of       what ``share`` counts, with the answer labels: "codes 4–5 (Instämmer delvis,
               Instämmer helt)", "code 1 (Ja)", "ticked" (multi); ``share`` and its CI are
               empty when a suppressed frequency cell could be recovered from them (see
               :func:`.disclosure.share_hidden`)
conf_low,      95 % Wilson interval of ``share`` (statsmodels ``proportion_confint``; weighted:
conf_high      logit interval with the linearisation SE, R's svyciprop; with a population
               design: the design's logit interval)
est_count,     with a population design: the estimated number of organisations in the population
est_count_low, that ``share`` stands for (N̂·share) and its interval (the share's logit
est_count_high interval times N̂)
suppressed     True when n < ``min_cell`` or the group is suppressed as a complement of a
               smaller one (see :func:`.disclosure.suppressed_groups`): n, missing and every
               statistic of the row (min and max included) are empty
=============  ==================================================================================

Table ``frequencies`` (categorical, ordinal, binary and multi variables): variable, label,
group, level, count, percent (of the group's non-missing responses; weighted with ``weights``,
counts stay unweighted), suppressed. Cells with 1 … min_cell − 1 responses are suppressed, plus
complementary cells so that no suppressed cell can be recovered from published totals (see
:mod:`.disclosure`); suppressed cells have empty count and percent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset, as_dataset
from ..output.i18n import Msg
from ..result import Result, from_rows
from . import data
from . import weighted as wt
from .disclosure import (
    check_min_cell,
    check_rule,
    share_hidden,
    suppress_table,
    suppressed_groups,
)

MAIN_COLUMNS = [
    "variable",
    "label",
    "type",
    "group",
    "n",
    "missing",
    "dont_know",
    "mean",
    "mean_se",
    "mean_low",
    "mean_high",
    "deff",
    "sd",
    "median",
    "q1",
    "q3",
    "min",
    "max",
    "share",
    "share_of",
    "conf_low",
    "conf_high",
    "est_count",
    "est_count_low",
    "est_count_high",
    "suppressed",
]
FREQ_COLUMNS = ["variable", "label", "group", "level", "count", "percent", "suppressed"]
#: The statistics of a row (emptied when the row is suppressed): every main column but the
#: row's identity, its counts, what the share counts and the flag.
_STATS = [
    c
    for c in MAIN_COLUMNS
    if c
    not in (
        "variable",
        "label",
        "type",
        "group",
        "n",
        "missing",
        "dont_know",
        "share_of",
        "suppressed",
    )
]
#: Columns filled from the finite-population design (``inference="finite"``).
_DESIGN = [
    "mean",
    "mean_se",
    "mean_low",
    "mean_high",
    "deff",
    "share",
    "conf_low",
    "conf_high",
    "est_count",
    "est_count_low",
    "est_count_high",
]
INFERENCES = ("finite", "model")


def _wilson(k: float, n: int) -> tuple[float, float]:
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    return float(lo), float(hi)


def _top_codes(ds: Dataset, name: str, observed: np.ndarray) -> list[float]:
    codes = sorted(data.value_labels(ds, name)) or sorted(np.unique(observed).tolist())
    return [float(c) for c in codes[-2:]]


def _mean_ci(v: np.ndarray, w: np.ndarray | None) -> dict:
    """Standard error and 95 % t interval (n − 1 df) of the mean; weighted: the linearisation
    SE of R's ``svymean`` for a weights-only design (:func:`.weighted.mean_se`)."""
    from scipy.stats import t

    n = v.size
    if n < 2:
        return {"mean_se": np.nan, "mean_low": np.nan, "mean_high": np.nan}
    if w is None:
        m, se = float(v.mean()), float(v.std(ddof=1) / np.sqrt(n))
    else:
        m, se = wt.mean(v, w), wt.mean_se(v, w)
    q = float(t.ppf(0.975, n - 1))
    return {"mean_se": se, "mean_low": m - q * se, "mean_high": m + q * se}


def _numeric_stats(v: np.ndarray, w: np.ndarray | None) -> dict:
    if v.size == 0:
        return {}
    out = _mean_ci(v, w)
    if w is None:
        med, q1, q3 = np.percentile(v, [50, 25, 75])
        return out | {
            "mean": float(v.mean()),
            "sd": float(v.std(ddof=1)) if v.size > 1 else np.nan,
            "median": float(med),
            "q1": float(q1),
            "q3": float(q3),
            "min": float(v.min()),
            "max": float(v.max()),
        }
    return out | {
        "mean": wt.mean(v, w),
        "sd": wt.sd(v, w),
        "median": wt.quantile(v, w, 0.5),
        "q1": wt.quantile(v, w, 0.25),
        "q3": wt.quantile(v, w, 0.75),
        "min": float(v.min()),
        "max": float(v.max()),
    }


def _share(hit: np.ndarray, w: np.ndarray | None) -> dict:
    if hit.size == 0:
        return {}
    if w is None:
        k = int(hit.sum())
        lo, hi = _wilson(k, hit.size)
        return {"share": k / hit.size, "conf_low": lo, "conf_high": hi}
    p, lo, hi = wt.share_ci(hit.astype(float), w)
    return {"share": p, "conf_low": lo, "conf_high": hi}


def describe(
    ds: Dataset | str,
    variables: Sequence[str] | str | None = None,
    *,
    by: str | None = None,
    weights: str | None = None,
    min_cell: int = 5,
    inference: str | None = None,
    suppress: str = "groups",
) -> Result:
    """Descriptive statistics per variable, optionally per group of ``by``.

    Parameters
    ----------
    ds : Dataset or path of a dataset directory.
    variables : names (default: all ordinal, binary, categorical, numeric and multi variables
        and all scales, except ``by`` and ``weights``).
    by : grouping variable; one row per variable and group (groups in codebook order).
    weights : column of sampling weights: weighted means, SDs, quantiles, shares and
        percentages (n and counts stay unweighted).
    min_cell : rows based on fewer non-missing responses are suppressed (0: off); frequency
        cells are suppressed as described in the module docstring.
    inference : "finite" (the default when the dataset directory has a ``design.yaml``
        written by ``digianalys population``): estimates about the organisations in the
        population — the design's strata, finite-population correction and weights
        (:func:`.design_estimates.design_estimates`, R survey's svymean/svyciprop), with ``deff`` and
        the estimated numbers ``est_count*``; "model" (the default without a design) ignores
        any design: each row is a sample from an infinite population.

    Returns
    -------
    Result with tables ``describe`` and ``frequencies`` (columns in the module docstring).
    """
    ds = as_dataset(ds)
    min_cell = check_min_cell(min_cell)
    suppress = check_rule(suppress)
    glabels: pd.Series | None = None
    order: list[Any] = [None]
    if by is not None:
        glabels, levels_by = data.groups(ds, by)
        order = list(levels_by)
    spec, design_w = _design(ds, inference, weights)
    w_all = data.weights(ds, weights) if weights else design_w
    exclude = ([by] if by else []) + ([weights] if weights else [])
    names = data.resolve_variables(ds, variables, exclude=exclude)
    wt.check_not_analysed(weights, names)
    if by in names:
        names.remove(by)

    rows: list[dict] = []
    freqs: list[pd.DataFrame] = []
    suppressed_rows: list[str] = []
    hidden_shares: list[str] = []
    complementary: list[str] = []
    any_secondary = False
    for name in names:
        vt = data.vtype(ds, name)
        var = ds.codebook.get(name)
        dk_total = float(sum(var.missing.values())) if var is not None and var.missing else 0.0
        if var is None:
            dk_total = np.nan
        num = data.numeric(ds, name) if vt != "categorical" else None
        cats, levels = (
            data.categories(ds, name)
            if vt in ("categorical", "ordinal", "binary", "multi")
            else (None, [])
        )
        if vt == "ordinal":
            labels = data.value_labels(ds, name)
            if labels:  # every answer option, also those nobody chose
                levels = list(dict.fromkeys([labels[c] for c in sorted(labels)] + levels))
        source = num if num is not None else cats
        assert source is not None  # categorical variables have categories
        present = source.notna()
        share_of = ""
        top: list[float] = []
        if vt == "ordinal" and num is not None:
            top = _top_codes(ds, name, num.dropna().to_numpy())
            share_of = _share_of(ds, name, top)
        elif vt == "multi":
            share_of = Msg("share_of_ticked")
        elif vt == "binary":
            share_of = _share_of(ds, name, [1.0])
        count_rows: list[tuple[str | None, pd.Series, pd.Series]] = []
        first_row = len(rows)
        masks = {}
        for g in order:
            in_group = pd.Series(
                True if g is None or glabels is None else glabels == g, index=ds.data.index
            )
            in_group = in_group.fillna(False).astype(bool)
            answered = in_group & present
            if w_all is not None:
                answered &= w_all.notna() & (w_all > 0)
            masks[g] = (in_group, answered, int(answered.sum()))
        # small groups and their complements (disclosure.suppressed_groups); without by the
        # single whole-sample row is suppressed when it is small
        small, extra = suppressed_groups({g: m[2] for g, m in masks.items()}, min_cell)
        complementary += [f"{name} ({g})" for g in extra]
        for g in order:
            in_group, answered, n = masks[g]
            row = {
                "variable": name,
                "label": data.label(ds, name),
                "type": vt,
                "group": g,
                "n": n,
                "missing": int((in_group & ~present).sum()),
                "dont_know": dk_total if g is None else np.nan,
                "share_of": share_of,
                "suppressed": g in small or g in extra,
            }
            w = w_all[answered].to_numpy(float) if w_all is not None else None
            if not row["suppressed"]:
                if vt in ("ordinal", "numeric") and num is not None:
                    v = num[answered].to_numpy(float)
                    row.update(_numeric_stats(v, w))
                    if vt == "ordinal":
                        row.update(_share(np.isin(v, top), w))
                elif vt in ("binary", "multi") and num is not None:
                    row.update(_share(num[answered].to_numpy(float) == 1, w))
            else:
                row["n"] = np.nan
                row["missing"] = np.nan
                if g not in extra:
                    suppressed_rows.append(f"{name}" + (f" ({g})" if g is not None else ""))
            rows.append(row)
            if cats is not None:
                c = cats[answered]
                if w is None:
                    cnt = c.value_counts().reindex(levels, fill_value=0)
                    pct = 100.0 * cnt / max(n, 1)
                else:
                    cnt = c.value_counts().reindex(levels, fill_value=0)
                    ws = pd.Series(w, index=c.index).groupby(c.to_numpy()).sum()
                    ws = ws.reindex(levels, fill_value=0.0)
                    pct = 100.0 * ws / ws.sum() if ws.sum() > 0 else ws * np.nan
                count_rows.append((g, cnt, pct))
        if cats is not None and count_rows:
            freqs.append(
                _freq_table(
                    name, data.label(ds, name), count_rows, levels, min_cell, extra, suppress
                )
            )
            any_secondary |= bool(freqs[-1].attrs.get("secondary"))
            if vt in ("ordinal", "binary", "multi") and suppress == "cells":
                hit_codes = top if vt == "ordinal" else [1.0]
                hit = np.isin(levels, [_level(ds, name, c) for c in hit_codes])
                hidden_shares += _hide_shares(
                    rows[first_row:], count_rows, freqs[-1], levels, hit, min_cell
                )

    main = from_rows(rows, columns=MAIN_COLUMNS)
    for col in _STATS + ["n", "missing", "dont_know"]:
        main[col] = main[col].astype("float64")
    if spec is not None:
        _fill_design(ds, spec, main, by)
    main["suppressed"] = main["suppressed"].astype(bool)
    freq = (
        pd.concat(freqs, ignore_index=True)
        if freqs
        else pd.DataFrame(
            {
                c: pd.Series(
                    dtype="float64"
                    if c in ("count", "percent")
                    else "bool"
                    if c == "suppressed"
                    else "object"
                )
                for c in FREQ_COLUMNS
            }
        )
    )
    freq.attrs = {}
    notes: list[str] = []
    if suppressed_rows:
        notes.append(
            Msg("describe_suppressed_rows", min_cell=min_cell, rows=", ".join(suppressed_rows))
        )
    if complementary:
        notes.append(
            Msg("describe_complementary", min_cell=min_cell, rows=", ".join(complementary))
        )
    if len(freq) and freq["suppressed"].any():
        key = "describe_freq_secondary" if any_secondary else "describe_freq_suppressed"
        notes.append(Msg(key, min_cell=min_cell))
    if hidden_shares:
        notes.append(Msg("describe_share_suppressed", min_cell=min_cell))
    if by is not None:
        notes.append(Msg("describe_dont_know_by"))
    if spec is None and inference is None and not weights:
        from .design_estimates import unused_design_note

        hint = unused_design_note(ds)
        if hint is not None:
            notes.append(hint)
    methods: list[str] = [Msg("describe_methods"), Msg("describe_methods_mean_ci")]
    if spec is not None:
        methods.append(
            Msg(
                "describe_methods_finite",
                strata=", ".join(spec.strata) or "–",
                population=sum(spec.population.values()),
                weighting=spec.weighting,
            )
        )
    elif weights:
        methods.append(Msg("describe_methods_weights", weights=weights))
    if min_cell > 0:
        methods.append(
            Msg(
                "describe_methods_min_cell"
                if suppress == "cells"
                else "describe_methods_min_cell_groups",
                min_cell=min_cell,
            )
        )
    meta = {
        "by": by,
        "groups": [g for g in order if g is not None],
        "weights": weights,
        "min_cell": min_cell,
        "suppress": suppress,
        "inference": "finite" if spec is not None else "model",
    }
    title = Msg("describe_title_by", by=data.label(ds, by)) if by else Msg("describe_title")
    return Result(
        kind="describe",
        tables={"describe": main, "frequencies": freq.reset_index(drop=True)},
        title=title,
        notes=notes,
        methods=methods,
        meta=meta,
    )


def _design(ds: Dataset, inference: str | None, weights: str | None):
    """The design (``DesignSpec``) to use and its weights as a Series over the dataset's rows
    (NaN outside the design), or (None, None) for model-based inference."""
    from .design_estimates import design_for

    found = design_for(ds, inference, weights)
    if found is None:
        return None, None
    spec, design, rows = found
    w = np.full(len(ds.data), np.nan)
    w[rows] = design.weights
    return spec, pd.Series(w, index=ds.data.index)


def _fill_design(ds: Dataset, spec, main: pd.DataFrame, by: str | None) -> None:
    """Put the finite-population estimates into the rows of ``main`` that are shown."""
    from .design_estimates import design_estimates

    names = list(dict.fromkeys(main["variable"]))
    est = design_estimates(ds, spec, names, by)
    if not len(est):
        return
    est["group"] = est["group"].replace("", None) if by is None else est["group"]
    key = {(r.variable, None if by is None else r.group): r for r in est.itertuples(index=False)}
    for i in main.index:
        row = main.loc[i]
        if row["suppressed"] or row["type"] == "categorical":
            continue
        e = key.get((row["variable"], None if by is None else row["group"]))
        cols = []
        if e is None:
            cols = _DESIGN
            values = [np.nan] * len(cols)
        else:
            if row["type"] in ("ordinal", "numeric"):
                cols += ["mean", "mean_se", "mean_low", "mean_high"]
            cols.append("deff")
            if np.isfinite(row["share"]) and np.isfinite(getattr(e, "share", np.nan)):
                cols += ["share", "conf_low", "conf_high", "est_count"]
                cols += ["est_count_low", "est_count_high"]
            values = [getattr(e, c) for c in cols]
        main.loc[i, cols] = values


def _share_of(ds: Dataset, name: str, codes: list[float]) -> Msg:
    """What ``share`` counts, with the answer labels of the codes when the codebook has them:
    "codes 4–5 (Instämmer delvis, Instämmer helt)", "code 1 (Ja)" (else "codes 4–5")."""
    labels = data.value_labels(ds, name)
    shown = [labels.get(int(c)) if float(c).is_integer() else None for c in codes]
    numbers = "–".join(f"{c:g}" for c in codes)
    if len(codes) == 1:
        if shown[0]:
            return Msg("share_of_code_labelled", code=numbers, label=shown[0])
        return Msg("share_of_code", code=numbers)
    if all(shown):
        return Msg(
            "share_of_codes_labelled", codes=numbers, labels=", ".join(s for s in shown if s)
        )
    return Msg("share_of_codes", codes=numbers)


def _level(ds: Dataset, name: str, code: float) -> str:
    """The frequency-table level (answer label) of a code, as :func:`data.categories` names it."""
    if float(code).is_integer():
        return data.value_labels(ds, name).get(int(code), str(int(code)))
    return str(code)


def _hide_shares(
    rows: list[dict],
    count_rows: list[tuple[str | None, pd.Series, pd.Series]],
    freq: pd.DataFrame,
    levels: list[str],
    hit: np.ndarray,
    min_cell: int,
) -> list[str]:
    """Empty the share (and its CI) of every group row from which a suppressed frequency cell
    could be recovered (:func:`.disclosure.share_hidden`); return the rows changed."""
    changed = []
    for row, (g, cnt, _pct) in zip(rows, count_rows, strict=True):
        if row["suppressed"] or not np.isfinite(row.get("share", np.nan)):
            continue
        sel = freq["group"].isna() if g is None else freq["group"] == g
        hidden = freq.loc[sel, "suppressed"].to_numpy(dtype=bool)
        if share_hidden(cnt.reindex(levels).to_numpy(float), hidden, hit, min_cell):
            row.update(share=np.nan, conf_low=np.nan, conf_high=np.nan)
            changed.append(f"{row['variable']}" + (f" ({g})" if g is not None else ""))
    return changed


def _freq_table(
    name: str,
    label: str,
    count_rows: list[tuple[str | None, pd.Series, pd.Series]],
    levels: list[str],
    min_cell: int,
    extra: Sequence[str] = (),
    rule: str = "groups",
) -> pd.DataFrame:
    groups = [g for g, _, _ in count_rows]
    idx = list(range(len(groups)))
    counts = pd.DataFrame([c.to_numpy() for _, c, _ in count_rows], index=idx, columns=levels)
    mask = suppress_table(
        counts, min_cell, np.array([g in extra for g in groups], dtype=bool), rule=rule
    )
    primary = (counts > 0) & (counts < min_cell)
    primary.loc[counts.sum(axis=1) < min_cell, :] = True
    secondary = bool((mask & ~primary).to_numpy().any()) if min_cell > 0 else False
    out = []
    for i, (g, cnt, pct) in enumerate(count_rows):
        for lev in levels:
            hide = bool(mask.loc[i, lev])
            out.append(
                {
                    "variable": name,
                    "label": label,
                    "group": g,
                    "level": lev,
                    "count": np.nan if hide else float(cnt[lev]),
                    "percent": np.nan if hide else float(pct[lev]),
                    "suppressed": hide,
                }
            )
    df = from_rows(out, columns=FREQ_COLUMNS)
    df.attrs["secondary"] = secondary
    return df
