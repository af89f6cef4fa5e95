"""Property test (issue 5): ingest of any random workbook or CSV either succeeds with a
consistent dataset or raises a DigianalysError — never anything else.

Random header rows (one to three, with blanks and duplicates), labels with å/ä/ö, blanks, numbers
stored as text, Likert labels, mixed types in one column, written as .xlsx or as a ;/, CSV.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from digianalys.codebook import Codebook
from digianalys.errors import DigianalysError
from digianalys.ingest.pipeline import ingest

WORDS = ["Fråga", "Ålder", "Sektor", "Övrigt", "Län", "Hur nöjd är du", "E-post", "Kön", "År"]
LABELS = [
    "Instämmer helt",
    "Instämmer delvis",
    "Varken eller",
    "Instämmer knappast",
    "Instämmer inte alls",
    "Vet ej",
    "Ja",
    "Nej",
    "Statlig myndighet",
    "Kommun",
    "Region",
    "Malmö",
    "Göteborg",
    "åäö ÅÄÖ",
]

header_cell = st.one_of(
    st.sampled_from(WORDS),
    st.builds(lambda w, i: f"{w} {i}", st.sampled_from(WORDS), st.integers(1, 3)),
    st.just(""),
)
value_cell = st.one_of(
    st.sampled_from(LABELS),
    st.integers(-3, 10).map(str),  # numbers as text
    st.integers(0, 100),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(lambda f: round(f, 3)),
    st.just(""),
    st.just(None),
    st.text(alphabet="abcåäöÅÄÖ ,;-1", min_size=1, max_size=12),
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[object]], str]:
    n_cols = draw(st.integers(1, 6))
    n_header = draw(st.integers(1, 3))
    n_rows = draw(st.integers(0, 12))
    header = [[draw(header_cell) for _ in range(n_cols)] for _ in range(n_header)]
    rows = [[draw(value_cell) for _ in range(n_cols)] for _ in range(n_rows)]
    fmt = draw(st.sampled_from(["xlsx", "csv;", "csv,"]))
    return header + rows, fmt


def _write(rows: list[list[object]], fmt: str, directory: Path) -> Path:
    if fmt == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        for row in rows:
            # openpyxl would store text starting with "=" as a formula; the generator has none
            ws.append([None if v == "" else v for v in row])
        path = directory / "enkät.xlsx"
        wb.save(path)
        return path
    sep = fmt[-1]
    text = "\n".join(
        sep.join(
            '"' + str(v).replace('"', '""') + '"'
            if v is not None and sep in str(v)
            else ("" if v is None else str(v))
            for v in row
        )
        for row in rows
    )
    path = directory / "enkät.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tables())
def test_ingest_succeeds_consistently_or_raises_digianalys_error(case) -> None:
    rows, fmt = case
    work = Path(tempfile.mkdtemp(prefix="prop-ingest-"))
    try:
        path = _write(rows, fmt, work)
        before = path.read_bytes()
        out = work / "out"
        try:
            result = ingest([path], out, force=True)
        except DigianalysError as exc:
            message = str(exc)
            assert message and "\n" not in message
            event(f"refused: {type(exc).__name__}")
            return
        finally:
            assert path.read_bytes() == before, "the input file was modified"
        event("ingested")
        data = pd.read_parquet(out / "data.parquet")
        report = result.report
        assert len(data) == report["rows"] == sum(i["rows_out"] for i in report["inputs"])
        cb = Codebook.load(out / "codebook.yaml")
        scale_names = set(cb.scales)
        assert cb.names() == [c for c in data.columns if c not in scale_names]
        assert len(set(data.columns)) == len(data.columns)
    finally:
        shutil.rmtree(work, ignore_errors=True)
