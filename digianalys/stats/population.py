"""Respondents against a known population frame: response rates, non-response, weights, design.

The organisations a survey goes to are a known, finite list (a *frame*: one row per organisation
with its id, stratum variables such as sector and auxiliary variables such as employees).
:func:`population` matches the dataset's respondents to the frame by organisation id and returns

- ``response``: ``stratum, population, respondents, response_rate`` per stratum and in total;
- ``nonresponse``: each auxiliary variable in the whole frame against the respondents
  (``variable, level, population_value, respondents_value, difference, std_difference``), with a
  test of respondents against non-respondents (Welch t for numbers, Pearson χ² for categories) on
  the variable's first row;
- ``weights`` (when weighting): the summary of the weights (range, Kish's design effect,
  effective n);

and a :class:`DesignSpec` that :func:`write_design` stores as ``design.yaml`` in the dataset
directory (with a ``weight`` column added to ``data.parquet`` when weighting). Frame columns are
matched to dataset variables by codebook name and their values through the codebook's levels
(level names or any listed spelling). Organisation ids are compared trimmed and case-folded, and
Swedish organisation numbers with or without the dash.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..dataset import Dataset, as_dataset
from ..errors import AnalysisError, InputFileError, VariableError, unknown_variable
from ..output.i18n import Msg
from ..result import Result, from_rows
from . import calibration

DESIGN_FILE = "design.yaml"
WEIGHT_COLUMN = "weight"
WEIGHTINGS = ("none", "poststratify", "rake", "calibrate")
_ORGNR_LIKE = re.compile(r"^(?:16)?\d{6}[\s-]?\d{4}$|^\d{2}(?: ?\d{2}){4}$|^\d{6} \d{4}$")


@dataclass
class DesignSpec:
    """What design.yaml holds: enough to rebuild the :class:`SurveyDesign` of the dataset."""

    frame: str
    frame_sha256: str
    id: str
    frame_id: str
    strata: list[str]
    population: dict[str, int]
    weighting: str = "none"
    margins: list[str] = field(default_factory=list)
    trim: list[float] | None = None
    weight_summary: dict[str, float] = field(default_factory=dict)
    where: str | None = None  # the responses the design describes (e.g. one wave of a panel)

    def to_dict(self) -> dict[str, Any]:
        return {
            "frame": self.frame,
            "frame_sha256": self.frame_sha256,
            "id": self.id,
            "frame_id": self.frame_id,
            "strata": list(self.strata),
            "population": {str(k): int(v) for k, v in self.population.items()},
            "weighting": self.weighting,
            "margins": list(self.margins),
            "trim": list(self.trim) if self.trim else None,
            "weight_summary": {k: float(v) for k, v in self.weight_summary.items()},
            "where": self.where,
        }


def normalise_id(value: object) -> str:
    """An organisation id as compared: trimmed, case-folded, white space collapsed; a Swedish
    organisation number with or without dash, spaces or the century prefix 16
    ("212000-0142", "212000 0142", "16212000-0142") → "2120000142"."""
    text = " ".join(str(value).split()).casefold()
    digits = re.sub(r"[\s-]", "", text)
    if digits.isascii() and digits.isdigit():
        if len(digits) == 12 and digits.startswith("16"):
            return digits[2:]
        if len(digits) == 10 and _ORGNR_LIKE.match(text):
            return digits
    return text


def read_frame(path: str | Path) -> pd.DataFrame:
    """The frame file (csv/xlsx/ods …) as a DataFrame of text, first row as header."""
    from ..ingest.reading import read_export

    raw = read_export(Path(path))
    cells = raw.cells
    if len(cells) < 2:
        raise InputFileError(
            f"{Path(path).name}: the frame needs a header row and at least one row"
        )
    header = [str(h).strip() if pd.notna(h) else "" for h in cells.iloc[0]]
    if any(not h for h in header) or len(set(header)) != len(header):
        raise InputFileError(
            f"{Path(path).name}: every frame column needs a unique name in the first row"
        )
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = header
    return frame


def population(
    ds: Dataset | str | Path,
    frame: str | Path,
    *,
    id: str | None = None,
    frame_id: str | None = None,
    strata: list[str] | None = None,
    aux: list[str] | None = None,
    weights: str = "none",
    margins: list[str] | None = None,
    trim: tuple[float, float] | None = None,
    drop_unmatched: bool = False,
    where: str | None = None,
) -> tuple[Result, DesignSpec, np.ndarray | None]:
    """Match respondents to the frame; response and non-response tables; optional weights.

    Returns (result, design spec, weights or None). Raises VariableError for unknown names,
    InputFileError for frame problems, AnalysisError for respondents not in the frame (unless
    ``drop_unmatched``), duplicate ids, frame rows without a stratum, or weights that cannot
    be built.
    """
    from ..where import where_mask

    ds = as_dataset(ds)
    id = id or ds.codebook.id
    if not id:
        raise VariableError(
            "give the organisation id with --id VAR (or ingest with --id so that the codebook "
            "names it)"
        )
    rows_used = np.ones(len(ds.data), dtype=bool) if not where else where_mask(ds, where)
    full = ds
    if where:
        ds = Dataset(data=ds.data.loc[rows_used].reset_index(drop=True), codebook=ds.codebook)
    path = Path(frame)
    fr = read_frame(path)
    strata = list(strata or [])
    aux = list(aux or [])
    margins = list(margins or strata)
    frame_id = frame_id or id
    if weights not in WEIGHTINGS:
        raise VariableError(f"unknown --weights '{weights}'; use one of {', '.join(WEIGHTINGS)}")
    if id not in ds.data.columns:
        raise unknown_variable(id, list(ds.data.columns), "the dataset (--id)")
    for col in [frame_id, *strata, *aux, *margins]:
        if col not in fr.columns:
            raise unknown_variable(col, list(fr.columns), f"the frame {path.name}")
    for name in [*strata, *margins]:
        if name not in ds.data.columns:
            raise unknown_variable(name, list(ds.data.columns), "the dataset (--strata/--margins)")
    notes: list[Any] = []
    if where:
        notes.append(Msg("where_note", where=where, n=len(ds.data), total=len(full.data)))

    # ids
    fids = fr[frame_id].map(lambda v: normalise_id(v) if pd.notna(v) else None)
    if fids.isna().any():
        row = int(np.flatnonzero(fids.isna().to_numpy())[0]) + 2
        raise InputFileError(f"{path.name}: row {row} has no id in column '{frame_id}'")
    dup = fids[fids.duplicated()].unique().tolist()
    if dup:
        raise InputFileError(
            f"{path.name}: ids occur more than once in column '{frame_id}': "
            f"{', '.join(map(str, dup[:5]))}; every organisation must be listed once"
        )
    rids = ds.data[id].map(lambda v: normalise_id(v) if pd.notna(v) else None)
    rdup = rids[rids.notna() & rids.duplicated()].unique().tolist()
    if rdup and not where:
        latest = latest_wave(ds, rids)
        if latest is not None:
            result, spec, w = population(
                ds, frame, id=id, frame_id=frame_id, strata=strata, aux=aux, weights=weights,
                margins=margins if margins != strata else None, trim=trim,
                drop_unmatched=drop_unmatched, where=f"{WAVE} == {latest}",
            )  # fmt: skip
            result.notes.insert(0, Msg("population_latest_wave", wave=latest, id=id))
            return result, spec, w
    if rdup:
        raise AnalysisError(
            f"the dataset has several responses with the same '{id}': "
            f"{', '.join(map(str, rdup[:5]))}; a population analysis needs one response per "
            'organisation (for follow-up waves, choose one with --where, e.g. "wave == 2021")'
        )
    known = set(fids)
    unmatched = [r for r in rids if r is None or r not in known]
    keep = rids.map(lambda r: r is not None and r in known).to_numpy()
    if unmatched:
        shown = ", ".join(str(u) for u in unmatched[:5] if u is not None) or "(no id)"
        if not drop_unmatched:
            raise AnalysisError(
                f"{len(unmatched)} respondents are not in the frame {path.name} (first: {shown}); "
                "correct their ids or pass --drop-unmatched to leave them out"
            )
        notes.append(Msg("population_unmatched", n=len(unmatched), first=shown))
    responded = fids.isin(set(rids[keep])).to_numpy()

    # strata in the frame, mapped through the codebook's levels
    mapped = {name: _map_levels(ds, name, fr[name], path.name) for name in [*strata, *margins]}
    if strata:
        stratum = combine_columns([mapped[s] for s in strata])
        if stratum.isna().any():
            row = int(np.flatnonzero(stratum.isna().to_numpy())[0]) + 2
            raise InputFileError(
                f"{path.name}: row {row} has no value in {', '.join(strata)}; every "
                "organisation of the frame needs its stratum"
            )
    else:
        stratum = pd.Series(["all"] * len(fr))
    counts = stratum.value_counts(sort=False)
    order = sorted(counts.index, key=str)
    resp_counts = stratum[responded].value_counts()
    rows = [
        {
            "stratum": s,
            "population": int(counts[s]),
            "respondents": int(resp_counts.get(s, 0)),
            "response_rate": float(resp_counts.get(s, 0) / counts[s]),
        }
        for s in order
    ]
    rows.append(
        {
            "stratum": Msg("population_total"),
            "population": int(len(fr)),
            "respondents": int(responded.sum()),
            "response_rate": float(responded.mean()),
        }
    )
    tables: dict[str, pd.DataFrame] = {"response": from_rows(rows)}
    by_wave = _response_by_wave(full, id, dict(zip(fids, stratum, strict=True)), counts, order)
    if by_wave is not None:
        tables["response_waves"] = by_wave
    tables["nonresponse"] = _nonresponse(ds, fr, aux, responded, path.name)

    # the respondents' strata (from the frame, so that they agree with the counts)
    by_id = dict(zip(fids, stratum, strict=True))
    resp_ids = rids[keep]
    r_stratum = resp_ids.map(by_id).to_numpy()
    spec = DesignSpec(
        frame=path.name,
        frame_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        id=id,
        frame_id=frame_id,
        strata=strata,
        population={str(k): int(counts[k]) for k in order},
        weighting=weights,
        margins=margins if weights != "none" else [],
        trim=list(trim) if trim else None,
        where=" ".join(where.split()) if where else None,
    )
    w_all: np.ndarray | None = None
    methods: list[str] = [Msg("population_method", frame=path.name, n=len(fr))]
    if weights != "none":
        n_h = pd.Series(r_stratum).map(pd.Series(r_stratum).value_counts()).to_numpy()
        base = np.array([counts[s] for s in r_stratum], dtype=float) / n_h
        frame_by_id = {name: dict(zip(fids, mapped[name], strict=True)) for name in margins}
        resp_margins = {m: resp_ids.map(frame_by_id[m]).to_numpy() for m in margins}
        w = _weights(weights, margins, mapped, resp_margins, base, fr, path.name)
        if trim:
            w = calibration.trim(w, trim[0], trim[1])
        s = calibration.summary(w)
        spec.weight_summary = {
            "n": s.n,
            "total": s.total,
            "min": s.minimum,
            "max": s.maximum,
            "mean": s.mean,
            "deff": s.deff,
            "effective_n": s.effective_n,
        }
        tables["weights"] = pd.DataFrame([{"weighting": weights, **spec.weight_summary}])
        w_all = np.full(len(full.data), np.nan)
        w_all[np.flatnonzero(rows_used)[keep]] = w
        methods.append(Msg(f"population_weights_{weights}", margins=", ".join(margins)))
    return (
        Result(
            kind="population",
            tables=tables,
            title=Msg("population_title", frame=path.name),
            notes=notes,
            methods=methods,
            meta={"design": spec.to_dict()},
        ),
        spec,
        w_all,
    )


def _map_levels(ds: Dataset, name: str, values: pd.Series, frame_name: str) -> pd.Series:
    """Frame values of variable ``name`` as the dataset's level names (via codebook spellings)."""
    var = ds.codebook.get(name)
    lookup: dict[str, str] = {}
    if var is not None and var.levels:
        for level, spellings in var.levels.items():
            for s in [level, *spellings]:
                lookup[str(s).strip().casefold()] = level
    present = {str(v).strip().casefold(): str(v) for v in ds.data[name].dropna().unique()}
    for key, level in present.items():
        lookup.setdefault(key, level)

    sectors = set(present.values()) <= {"statlig", "kommunal", "regional"}

    def one(v: Any) -> object:
        if pd.isna(v):
            return None
        found = lookup.get(str(v).strip().casefold())
        if found is None and sectors:
            from ..ingest.infer import sector_of  # "Kommun", "Statlig myndighet", "Region" …

            found = sector_of(v)
        return found if found is not None else str(v).strip()

    out = values.map(one)
    unknown = sorted({str(v) for v in out.dropna()} - set(present.values()) - set(lookup.values()))
    if unknown and var is not None and var.levels:
        raise InputFileError(
            f"{frame_name}: column '{name}' has values that are no level of '{name}' in the "
            f"codebook: {', '.join(unknown[:5])}; add them as spellings under levels"
        )
    return out


#: The variable ``ingest`` adds when it combines several exports (one per wave).
WAVE = "wave"


def latest_wave(ds: Dataset, ids: pd.Series) -> str | None:
    """The last wave of a dataset of several waves in which every organisation answers at most
    once per wave (None when there is no wave variable or ids repeat within a wave)."""
    if WAVE not in ds.data.columns:
        return None
    waves = ds.data[WAVE].astype("string")
    known = waves.notna() & ids.notna().to_numpy()
    pairs = pd.DataFrame({"wave": waves[known], "id": ids[known]})
    if pairs.duplicated().any() or pairs.empty:
        return None
    levels = [str(v) for v in pd.unique(waves.dropna())]
    var = ds.codebook.get(WAVE)
    order = [str(k) for k in var.levels] if var is not None and var.levels else []
    ranked = [v for v in order if v in levels] or sorted(levels)
    return ranked[-1]


def _response_by_wave(
    ds: Dataset, id: str, stratum_of: dict[Any, Any], counts: pd.Series, order: list[Any]
) -> pd.DataFrame | None:
    """Respondents and response rate per wave and stratum (datasets of several waves), the
    respondents matched to the frame by id; None for a dataset of one wave."""
    if WAVE not in ds.data.columns:
        return None
    waves = ds.data[WAVE].astype("string")
    levels = [str(v) for v in pd.unique(waves.dropna())]
    if len(levels) < 2:
        return None
    ids = ds.data[id].map(lambda v: normalise_id(v) if pd.notna(v) else None)
    strata = ids.map(lambda r: stratum_of.get(r) if r is not None else None)
    rows: list[dict[str, Any]] = []
    for wave in sorted(levels):
        in_wave = (waves == wave).fillna(False).to_numpy() & strata.notna().to_numpy()
        answered = pd.DataFrame({"id": ids[in_wave], "s": strata[in_wave]}).drop_duplicates("id")
        got = answered["s"].value_counts()
        for s in [*order, None]:
            n = int(got.sum()) if s is None else int(got.get(s, 0))
            size = int(counts.sum()) if s is None else int(counts[s])
            rows.append(
                {
                    "wave": wave,
                    "stratum": Msg("population_total") if s is None else s,
                    "population": size,
                    "respondents": n,
                    "response_rate": n / size,
                }
            )
    return from_rows(rows)


def combine_columns(columns: list[pd.Series]) -> pd.Series:
    if len(columns) == 1:
        return columns[0]
    frame = pd.concat(columns, axis=1)
    return frame.apply(lambda r: None if r.isna().any() else " × ".join(str(v) for v in r), axis=1)


def _numbers(values: pd.Series, name: str, frame_name: str) -> np.ndarray:
    text = values.astype("string").str.replace(" ", "").str.replace("\u00a0", "")
    text = text.str.replace(",", ".", regex=False)
    nums = pd.to_numeric(text, errors="coerce")
    bad = nums.isna() & values.notna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise InputFileError(f"{frame_name}: row {row} of column '{name}' is not a number")
    return nums.to_numpy(dtype="float64")


def _is_numeric(values: pd.Series) -> bool:
    text = values.dropna().astype(str).str.replace(r"[\s\u00a0]", "", regex=True)
    return bool(len(text)) and bool(
        pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").notna().all()
    )


def _label(ds: Dataset, name: str) -> str:
    return ds.label(name) if name in ds.codebook else name


def _nonresponse(
    ds: Dataset, fr: pd.DataFrame, aux: list[str], responded: np.ndarray, frame_name: str
) -> pd.DataFrame:
    from scipy import stats

    rows: list[dict[str, Any]] = []
    for name in aux:
        if _is_numeric(fr[name]):
            x = _numbers(fr[name], name, frame_name)
            ok = ~np.isnan(x)
            pop, res, non = x[ok], x[ok & responded], x[ok & ~responded]
            sd = float(np.std(pop, ddof=1)) if len(pop) > 1 else float("nan")
            diff = float(res.mean() - pop.mean()) if len(res) else float("nan")
            test = (
                stats.ttest_ind(res, non, equal_var=False) if min(len(res), len(non)) > 1 else None
            )
            rows.append(
                {
                    "variable": name,
                    "label": _label(ds, name),
                    "level": "",
                    "population_value": float(pop.mean()),
                    "respondents_value": float(res.mean()) if len(res) else float("nan"),
                    "difference": diff,
                    "std_difference": diff / sd if sd > 0 else float("nan"),
                    "test": "Welch t" if test is not None else "",
                    "statistic": float(test.statistic) if test is not None else float("nan"),
                    "p_value": float(test.pvalue) if test is not None else float("nan"),
                }
            )
            continue
        values = (
            _map_levels(ds, name, fr[name], frame_name) if name in ds.data.columns else fr[name]
        )
        ok = values.notna().to_numpy()
        levels = sorted(values[ok].astype(str).unique())
        table = pd.crosstab(values[ok].astype(str), responded[ok]).reindex(levels, fill_value=0)
        chi = None
        if table.shape[0] > 1 and table.shape[1] == 2:
            chi = stats.chi2_contingency(table.to_numpy(), correction=False)
        for i, level in enumerate(levels):
            is_level = (values.astype(str) == level).to_numpy() & ok
            p_pop = float(is_level[ok].mean())
            r_ok = ok & responded
            p_res = float(is_level[r_ok].mean()) if r_ok.any() else float("nan")
            sd = float(np.sqrt(p_pop * (1 - p_pop)))
            rows.append(
                {
                    "variable": name,
                    "label": _label(ds, name),
                    "level": level,
                    "population_value": p_pop,
                    "respondents_value": p_res,
                    "difference": p_res - p_pop,
                    "std_difference": (p_res - p_pop) / sd if sd > 0 else float("nan"),
                    "test": "Pearson χ²" if (i == 0 and chi is not None) else "",
                    "statistic": float(chi.statistic)
                    if (i == 0 and chi is not None)
                    else float("nan"),
                    "p_value": float(chi.pvalue) if (i == 0 and chi is not None) else float("nan"),
                }
            )
    columns = [
        "variable",
        "label",
        "level",
        "population_value",
        "respondents_value",
        "difference",
        "std_difference",
        "test",
        "statistic",
        "p_value",
    ]
    return pd.DataFrame(rows, columns=columns)


def _weights(
    method: str,
    margins: list[str],
    mapped: dict[str, pd.Series],
    resp_margins: dict[str, np.ndarray],
    base: np.ndarray,
    fr: pd.DataFrame,
    frame_name: str,
) -> np.ndarray:
    if not margins:
        raise VariableError(f"--weights {method} needs --margins (or --strata)")
    if method == "poststratify":
        cells = combine_columns([mapped[m] for m in margins])
        resp = combine_columns([pd.Series(resp_margins[m]) for m in margins]).to_numpy()
        return calibration.poststratify(list(resp), cells.value_counts().to_dict(), base)
    if method == "rake":
        pops = {m: mapped[m].value_counts().to_dict() for m in margins}
        w, _ = calibration.rake({k: list(v) for k, v in resp_margins.items()}, pops, base)
        return w
    # linear calibration: population size, dummies of categorical margins, totals of numeric ones
    cols = [np.ones(len(base))]
    totals = [float(len(fr))]
    for m in margins:
        if _is_numeric(fr[m]):
            cols.append(np.asarray(resp_margins[m], dtype=float))
            totals.append(float(np.nansum(_numbers(fr[m], m, frame_name))))
            continue
        levels = sorted(mapped[m].dropna().astype(str).unique())
        for level in levels[1:]:
            cols.append((resp_margins[m].astype(str) == level).astype(float))
            totals.append(float((mapped[m].astype(str) == level).sum()))
    return calibration.calibrate_linear(np.column_stack(cols), np.array(totals), base)


def write_design(ds_dir: str | Path, spec: DesignSpec, weights: np.ndarray | None) -> list[Path]:
    """Write design.yaml (and the weight column into data.parquet) atomically."""
    import yaml

    from ..atomic import atomic_path, write_text
    from ..dataset import DATA_FILE

    ds_dir = Path(ds_dir)
    written = []
    table = pd.read_parquet(ds_dir / DATA_FILE)
    if weights is not None or WEIGHT_COLUMN in table.columns:
        if weights is None:  # weights of an earlier run that no longer apply
            table = table.drop(columns=[WEIGHT_COLUMN])
        else:
            table[WEIGHT_COLUMN] = weights
        with atomic_path(ds_dir / DATA_FILE) as tmp:
            table.to_parquet(tmp, index=False)
        written.append(ds_dir / DATA_FILE)
    text = yaml.safe_dump(spec.to_dict(), sort_keys=False, allow_unicode=True)
    write_text(ds_dir / DESIGN_FILE, "# written by digianalys population\n" + text)
    written.append(ds_dir / DESIGN_FILE)
    return written
