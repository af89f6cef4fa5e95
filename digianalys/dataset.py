"""A dataset is a directory written by ``ingest``: ``data.parquet`` + ``codebook.yaml`` + reports.

Every analysis starts from a dataset, never from the raw export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .codebook import Codebook
from .errors import DatasetError, unknown_variable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

DATA_FILE = "data.parquet"
CODEBOOK_FILE = "codebook.yaml"
#: The completed codebook when ``codebook.yaml`` is the user's edited one (ingest never
#: overwrites that); ingest-report.json's ``codebook_file`` says which of the two to read.
COMPLETED_CODEBOOK_FILE = "codebook.completed.yaml"
REPORT_JSON = "ingest-report.json"
REPORT_MD = "ingest-report.md"


@dataclass
class Dataset:
    """A tidy dataset: one row per response, columns named by the codebook."""

    data: pd.DataFrame
    codebook: Codebook
    path: Path | None = None
    report: dict[str, Any] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.data.columns

    def require(self, *names: str, where: str = "the dataset") -> None:
        """Raise a VariableError naming the first unknown variable (with suggestions)."""
        for n in names:
            if n not in self.data.columns:
                raise unknown_variable(n, list(self.data.columns), where)

    def variable(self, name: str):
        """The codebook entry for ``name`` (scales as numeric); raises VariableError if unknown."""
        if name not in self.data.columns:
            raise unknown_variable(name, list(self.data.columns))
        return self.codebook.variable(name)

    def label(self, name: str) -> str:
        return self.codebook.label(name)

    def vtype(self, name: str) -> str:
        """The analysis type of a column: codebook type, 'numeric' for scales and 'wave'."""
        v = self.codebook.get(name)
        if v is not None:
            return v.type
        if name in self.codebook.scales:
            return "numeric"
        import pandas as pd

        return "numeric" if pd.api.types.is_numeric_dtype(self.data[name]) else "categorical"


def compute_scales(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Return one float column per codebook scale: the mean of its items (after ``reverse``)
    for rows with at least ``min_items`` items answered, else missing."""
    import pandas as pd

    out = {}
    for name, sc in codebook.scales.items():
        cols = []
        for item in sc.items:
            col = pd.to_numeric(data[item], errors="coerce").astype("float64")
            var = codebook.get(item)
            if var is not None and var.reverse:
                codes = sorted(var.values) if var.values else None
                if codes:
                    col = (codes[0] + codes[-1]) - col
                else:
                    col = (col.min() + col.max()) - col
            cols.append(col.rename(item))
        frame = pd.concat(cols, axis=1)
        answered = frame.notna().sum(axis=1)
        mean = frame.mean(axis=1, skipna=True)
        out[name] = mean.where(answered >= sc.min_items).astype("float64")
    return pd.DataFrame(out, index=data.index)


def load(path: str | Path, columns: list[str] | None = None) -> Dataset:
    """Load a dataset directory written by ``digianalys ingest``.

    ``columns`` restricts the columns read from Parquet (unknown names raise VariableError).
    """
    path = Path(path)
    if not path.exists():
        raise DatasetError(
            f"{path}: no such dataset directory; create it with 'digianalys ingest EXPORT -o {path}'"
        )
    if path.is_file():
        raise DatasetError(
            f"{path}: is a file, not a dataset directory; run 'digianalys ingest {path} -o DIR' first and pass DIR"
        )
    data_file = path / DATA_FILE
    cb_file = path / CODEBOOK_FILE
    for f in (data_file, cb_file):
        if not f.is_file():
            raise DatasetError(
                f"{path}: not a dataset directory ({f.name} is missing); run 'digianalys ingest' into it"
            )
    report: dict[str, Any] = {}
    rj = path / REPORT_JSON
    if rj.is_file():
        try:
            report = json.loads(rj.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            report = {}
    if not isinstance(report, dict):
        report = {}
    completed = path / COMPLETED_CODEBOOK_FILE
    if report.get("codebook_file") == COMPLETED_CODEBOOK_FILE and completed.is_file():
        cb_file = completed
    codebook = Codebook.load(cb_file)
    import pyarrow.parquet as pq

    try:
        schema_names = pq.read_schema(data_file).names
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise DatasetError(
            f"{data_file}: cannot read the dataset ({type(exc).__name__}); re-run 'digianalys ingest'"
        ) from None
    if columns is not None:
        seen: list[str] = []
        for c in columns:
            if c not in schema_names:
                raise unknown_variable(c, schema_names, f"dataset {path}")
            if c not in seen:
                seen.append(c)
        columns = seen
    import pandas as pd

    data = pd.read_parquet(data_file, columns=columns)
    return Dataset(data=data, codebook=codebook, path=path, report=report)


def as_dataset(obj: Dataset | str | Path, columns: list[str] | None = None) -> Dataset:
    """Accept a Dataset or a dataset directory path (library convenience)."""
    if isinstance(obj, Dataset):
        return obj
    return load(obj, columns=columns)
