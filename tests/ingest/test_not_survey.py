"""A workbook that is no survey export is refused with a message saying what it looks like
(issue 15.5); every real export, test file and the sample is still accepted, without a warning.

The refused workbooks are built here (openpyxl), each the case named: a pivot table with merged
headers and a total row, a budget sheet of numbers under month headers, a list of three rows,
numbers without a header row.
"""

from __future__ import annotations

from pathlib import Path

import corpus
import hostile
import pytest
from openpyxl import Workbook

from digianalys.errors import LayoutError
from digianalys.ingest.layouts import detect_layout
from digianalys.ingest.pipeline import ingest
from digianalys.ingest.reading import read_export

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = sorted(
    p
    for d in (
        ROOT.parent / "shared" / "realdata",
        ROOT / "tests" / "data",
        ROOT / "data" / "sample",
    )
    if d.is_dir()
    for p in d.rglob("*")
    if p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".sav")
)


def _book(path: Path, rows: list[list[object]], merge: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def pivot_table(d: Path) -> Path:
    """Shares per sector (merged header over the sectors), a total row and column."""
    rows: list[list[object]] = [
        ["Andel som instämmer (%)", "Sektor", None, None, None],
        ["Fråga", "Kommun", "Region", "Statlig", "Totalt"],
        ["Ledningen har en tydlig strategi", 45.2, 51.0, 38.7, 44.9],
        ["Ledningen följer upp", 40.1, 47.3, 35.0, 40.6],
        ["Digitalisering är en stående punkt", 30.5, 28.0, 41.2, 33.2],
        ["Totalt", 38.6, 42.1, 38.3, 39.6],
    ]
    return _book(d / "pivot.xlsx", rows, merge="B1:D1")


def likert_pivot(d: Path) -> Path:
    """Counts of each answer (answer texts as row labels) per sector, with a grand total."""
    rows: list[list[object]] = [
        ["Radetiketter", "Kommun", "Region", "Statlig"],
        ["Instämmer helt", 102, 20, 31],
        ["Instämmer delvis", 149, 33, 40],
        ["Varken eller", 84, 12, 22],
        ["Totalsumma", 335, 65, 93],
    ]
    return _book(d / "pivot-likert.xlsx", rows)


def budget_sheet(d: Path) -> Path:
    months = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]
    rows: list[list[object]] = [["Konto", *months]]
    for k, account in enumerate((3010, 4010, 5010, 6110, 7010)):
        rows.append([account, *(1000 * (k + 1) + 37 * m for m in range(12))])
    return _book(d / "budget.xlsx", rows)


def three_row_list(d: Path) -> Path:
    rows: list[list[object]] = [
        ["Att göra"],
        ["Beställa papper"],
        ["Boka möte med IT"],
        ["Skicka påminnelse"],
    ]
    return _book(d / "lista.xlsx", rows)


def numbers_without_header(d: Path) -> Path:
    rows: list[list[object]] = [[i * 7 + j + 0.5 for j in range(4)] for i in range(8)]
    return _book(d / "tal.xlsx", rows)


REFUSED = [
    (pivot_table, ("looks like a pivot table or budget sheet", "a total 'Totalt'", "4 rows")),
    (likert_pivot, ("looks like a pivot table", "a total 'Totalsumma'")),
    (budget_sheet, ("looks like a pivot table or budget sheet", "periods as column headers")),
    (three_row_list, ("looks like a short list", "3 row(s) in 1 column(s)")),
    (numbers_without_header, ("no header row found", "the first row holds numbers")),
]


@pytest.mark.parametrize("build,fragments", REFUSED, ids=[b.__name__ for b, _ in REFUSED])
def test_non_survey_workbook_is_refused(tmp_path: Path, build, fragments) -> None:
    path = build(tmp_path)
    with pytest.raises(LayoutError) as err:
        ingest([path], tmp_path / "out")
    message = str(err.value)
    assert message.startswith(path.name), message
    for fragment in fragments:
        assert fragment in message, message
    assert not (tmp_path / "out" / "data.parquet").exists()
    # a Swedish rendering exists for the message (the catalogue's key)
    assert err.value.args[0].tr("sv") != message


def test_forced_layout_is_trusted(tmp_path: Path) -> None:
    """--layout given: the user says it is an export; nothing is refused."""
    raw = read_export(budget_sheet(tmp_path))
    assert detect_layout(raw, "plain").data.shape == (5, 13)


def test_doubtful_sheets_are_ingested_with_a_warning(tmp_path: Path) -> None:
    few = _book(
        tmp_path / "fa.xlsx",
        [["Namn på enheten", "Kommentar", "Förslag"], ["Enhet A", "Trångt", "Mer tid"]],
    )
    lay = detect_layout(read_export(few))
    assert [n.key for n in lay.notes] == ["notsurvey_few_rows"]
    numbers = _book(
        tmp_path / "tal.xlsx",
        [["Vikt", "Längd", "Ålder"], *([60 + i, 170 + i, 30 + i] for i in range(6))],
    )
    lay = detect_layout(read_export(numbers))
    assert [n.key for n in lay.notes] == ["notsurvey_numbers"]


@pytest.mark.parametrize("path", EXPORTS, ids=[p.name for p in EXPORTS])
def test_every_real_export_is_accepted_without_doubt(path: Path) -> None:
    raw = read_export(path)
    lay = detect_layout(raw)
    assert not [n for n in lay.notes if getattr(n, "key", "").startswith("notsurvey")]


@pytest.mark.parametrize(
    "build",
    [corpus.survey_xlsx, corpus.survey_ods, corpus.multi_sheet_xlsx, hostile.valid_xlsx],
)
def test_built_survey_workbooks_are_accepted(tmp_path: Path, build) -> None:
    lay = detect_layout(read_export(build(tmp_path)))
    assert not [n for n in lay.notes if getattr(n, "key", "").startswith("notsurvey")]


def test_the_sample_is_accepted(tmp_path: Path) -> None:
    assert any(p.parent.name == "sample" for p in EXPORTS)
