"""Which cells were don't-know answers: ``dont_know.parquet`` beside ``data.parquet``.

In ``data.parquet`` a don't-know answer ("Vet ej", "Ej aktuellt", Qualtrics' negative codes …)
is missing like a blank, so every analysis treats the two alike; the codebook keeps their count
per variable (``missing``). ``export -o FILE.sav`` needs more: which cell was which, to write
don't-know as a user-missing code. That is kept in a file of its own, so that the analyses and
their tables never see it: one row per row of ``data.parquet`` (same order), one string column
per variable that had don't-know answers, holding the answer's label (a key of the variable's
``missing``; categorical) or null. A dataset without don't-know answers has no such file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

# (pandas and the modules built on it are imported inside the functions: the pipeline imports
# this module before its background thread starts reading the export)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..dataset import Dataset

__all__ = ["DONT_KNOW_FILE", "dont_know_cells", "write_dont_know", "read_dont_know"]

DONT_KNOW_FILE = "dont_know.parquet"
_SKIPPED_TYPES = ("id", "text", "multi")  # types whose Variable.missing holds no don't-know


def dont_know_cells(raw: pd.DataFrame, variables: list[Any], data: pd.DataFrame) -> pd.DataFrame:
    """The don't-know label of every cell of ``data`` that was one (else null).

    ``raw``: the raw text columns the variables were read from (``Inferred.columns[0]``),
    row for row with ``data``; ``variables``: the inferred variables after cleaning (their
    ``missing`` holds the don't-know labels found, as :mod:`.cleaning` matched them: the stripped
    text, or the declared label it normalises to). A cell counts only where ``data`` is missing.
    """
    import numpy as np
    import pandas as pd

    from .distinct_values import distinct
    from .likert import normalise_label

    out: dict[str, pd.Series] = {}
    for inf in variables:
        var = inf.variable
        labels = [k for k, n in (var.missing or {}).items() if n]
        if var.type in _SKIPPED_TYPES or not labels or var.name not in data.columns:
            continue
        exact = {k.strip(): k for k in labels}
        norm = {normalise_label(k): k for k in labels}
        # (the column's distinct values, as cleaning factorised them: cached in a fast ingest)
        codes, uniques, _ = distinct(raw[inf.columns[0]])
        found = [
            exact.get(text, norm.get(normalise_label(text)))
            for text in (str(u).strip() for u in uniques.tolist())
        ]
        if not any(f is not None for f in found):
            continue
        code_of = {label: k for k, label in enumerate(labels)}
        # per distinct value its label's code (-1: none), then per row (code -1: blank)
        per_value = np.array([*(code_of.get(f, -1) for f in found), -1], dtype=np.int32)
        per_row = per_value[codes]
        per_row[~data[var.name].isna().to_numpy(dtype=bool)] = -1  # answered: no don't-know
        if (per_row >= 0).any():
            out[var.name] = pd.Series(
                pd.Categorical.from_codes(per_row, categories=pd.Index(labels, dtype=str))
            )
    frame = pd.DataFrame(out)
    frame.index = pd.RangeIndex(len(data))
    return frame


def write_dont_know(out: Path, cells: pd.DataFrame | None) -> list[Path]:
    """Write ``cells`` to ``out/dont_know.parquet`` (removing an older one when there is none)."""
    from ..atomic import atomic_path

    path = out / DONT_KNOW_FILE
    if cells is None or cells.shape[1] == 0:
        path.unlink(missing_ok=True)
        return []
    with atomic_path(path) as tmp:
        cells.to_parquet(tmp, index=False)
    return [path]


def read_dont_know(ds: Dataset) -> pd.DataFrame | None:
    """The don't-know labels of ``ds``'s rows (indexed like ``ds.data``), or None when the
    dataset directory has none (or they do not fit its data: an older or foreign file)."""
    import pandas as pd

    if ds.path is None:
        return None
    path = Path(ds.path) / DONT_KNOW_FILE
    if not path.is_file():
        return None
    import pyarrow.parquet as pq

    from ..dataset import DATA_FILE

    cells = pd.read_parquet(path)
    data_file = Path(ds.path) / DATA_FILE
    if not data_file.is_file() or pq.ParquetFile(data_file).metadata.num_rows != len(cells):
        return None
    index = ds.data.index
    whole = isinstance(index, pd.RangeIndex) and len(index) == len(cells)
    if not whole and not (len(index) == 0 or (index.min() >= 0 and index.max() < len(cells))):
        return None
    if not whole:
        cells = cells.iloc[index.to_numpy()]
    cells.index = index
    return cells[[c for c in cells.columns if c in ds.data.columns]]
