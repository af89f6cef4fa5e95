"""Formulas without a stored result (issue 15.6): read as their text, warned about, inert in
every output.

Reference: the formulas as written into the sheet XML by the builder (tests/ingest/hostile.py,
:data:`hostile.FORMULA_TEXTS`); the plain path's bytes for the fast path.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import hostile
import pytest
from openpyxl import load_workbook

from digianalys.ingest import speed
from digianalys.ingest.pipeline import ingest
from digianalys.ingest.reading import read_export

FILES = ("data.parquet", "codebook.yaml", "ingest-report.json", "ingest-report.md")


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return hostile.formula_comments(tmp_path)


def _cell(raw, ref: str) -> object:
    col = ord(ref[0]) - ord("A")
    return raw.cells.iloc[int(ref[1:]) - 1, col]


def test_formula_texts_fill_their_cells(workbook: Path) -> None:
    raw = read_export(workbook)
    for ref, text in hostile.FORMULA_TEXTS.items():
        assert _cell(raw, ref) == text, ref
    assert _cell(raw, "D5") == "bra"  # a formula with a stored result: its value
    # widened to the formula beyond the values (E); a shared formula's copy (F3) has no
    # text: it stays blank
    assert raw.cells.shape == (5, 5)
    assert raw.cells.iloc[0].tolist()[:4] == [*hostile.HEADER, "Kommentar"]


def test_ods_formula_texts_fill_their_cells(tmp_path: Path) -> None:
    raw = read_export(hostile.formula_comments_ods(tmp_path))
    for ref, text in hostile.ODS_FORMULA_TEXTS.items():
        assert _cell(raw, ref) == text, ref
    assert _cell(raw, "D5") == "4"  # a formula with a stored value: its value
    [warning] = raw.warnings
    assert warning.fields == {"sheet": "Svar", "n": 3, "cells": "D2, D3, E4"}


def test_warning_names_sheet_cells_and_what_to_do(workbook: Path) -> None:
    raw = read_export(workbook)
    first, blank = raw.warnings
    assert first.key == "ingest_formulas_as_text"
    assert first.fields == {"sheet": "Svar", "n": 5, "cells": "D2, D3, F3, D4, E5"}
    assert blank.key == "ingest_formulas_blank_one"
    en, sv = first.tr("en"), first.tr("sv")
    assert "save the file in a spreadsheet program that computes formulas" in en
    assert "spara filen i ett kalkylprogram som räknar ut formler" in sv
    assert "Excel" not in en + sv  # never advise opening an untrusted file in Excel


def test_many_formula_cells_are_counted(tmp_path: Path) -> None:
    rows = [hostile.HEADER, *hostile.ROWS]
    extra = "".join(f'<row r="{r}"><c r="D{r}"><f>{r}*2</f></c></row>' for r in range(6, 14))
    path = hostile.xlsx(tmp_path / "manga.xlsx", [("Svar", hostile.sheet_xml(rows, extra))])
    [warning] = read_export(path).warnings
    assert warning.key == "ingest_formulas_as_text_more"
    assert warning.fields == {
        "sheet": "Svar",
        "n": 8,
        "cells": "D6, D7, D8, D9, D10",
        "more": 3,
    }


def test_formula_above_and_left_of_the_values(tmp_path: Path) -> None:
    """Cells with values start at B3; formulas at A1 and A4 widen the table to the left and up."""
    body = (
        '<row r="1"><c r="A1"><f>"titel"</f></c></row>'
        '<row r="3"><c r="B3" t="inlineStr"><is><t>Fråga</t></is></c></row>'
        '<row r="4"><c r="A4"><f>SUM(B1:B2)</f></c>'
        '<c r="B4" t="inlineStr"><is><t>Ja</t></is></c></row>'
        '<row r="5"><c r="B5" t="inlineStr"><is><t>Nej</t></is></c></row>'
    )
    xml = hostile.sheet_xml([]).replace("<sheetData></sheetData>", f"<sheetData>{body}</sheetData>")
    raw = read_export(hostile.xlsx(tmp_path / "hörn.xlsx", [("Svar", xml)]))
    cells = raw.cells.astype(object).where(raw.cells.notna(), None).values.tolist()
    assert cells == [
        ['="titel"', None],
        [None, None],
        [None, "Fråga"],
        ["=SUM(B1:B2)", "Ja"],
        [None, "Nej"],
    ]


@pytest.mark.parametrize("build", [hostile.formula_comments, hostile.formula_comments_ods])
def test_fast_and_plain_paths_write_the_same_bytes(monkeypatch, tmp_path, build) -> None:
    workbook = build(tmp_path)
    monkeypatch.delenv(speed.PLAIN_ENV, raising=False)
    ingest([workbook], tmp_path / "fast")
    monkeypatch.setenv(speed.PLAIN_ENV, "1")
    ingest([workbook], tmp_path / "plain")
    for name in FILES:
        assert (tmp_path / "fast" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes()
    report = json.loads((tmp_path / "fast" / "ingest-report.json").read_text("utf-8"))
    keys = [w["fields"]["message"]["key"] for w in report["warnings"] if "message" in w["fields"]]
    assert "ingest_formulas_as_text" in keys


def _xlsx_cells(book: Path) -> list[object]:
    """Every cell value of every sheet, asserting that none is a formula (cell or XML)."""
    values = []
    for ws in load_workbook(book).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (book.name, cell.coordinate, cell.value)
                values.append(cell.value)
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    return values


def _csv_cells(path: Path) -> list[str]:
    rows = csv.reader(io.StringIO(path.read_text("utf-8-sig")))
    cells = [c for r in rows for c in r]
    for c in cells:
        assert c[:1] not in ("=", "+", "@"), (path.name, c)
    return cells


def test_no_output_holds_a_formula(tmp_path: Path, workbook: Path) -> None:
    """The formulas' text goes through ingest to the open-answer list, describe and export:
    xlsx holds it as text cells, CSV with a leading apostrophe; never a formula."""
    from digianalys.dataset import load
    from digianalys.output.export import export
    from digianalys.output.render import write_result
    from digianalys.stats.describe import describe
    from digianalys.stats.open_answers import open_answers

    out = tmp_path / "ds"
    ingest([workbook], out)
    ds = load(out)
    assert ds.vtype("kommentar") == "text"
    answers = open_answers(ds, "kommentar", min_cell=0)
    texts = [str(a) for a in answers.tables["answers"]["answer"]]
    assert "=1+1" in texts and "=cmd|' /C calc'!A0" in texts
    book = write_result(answers, tmp_path / "kommentarer.xlsx", "sv")[0]
    assert "=1+1" in _xlsx_cells(book)  # the text, as a text cell
    [main] = write_result(answers, tmp_path / "kommentarer.csv")[:1]
    assert "'=1+1" in _csv_cells(main)
    # a formula's text as a categorical level (column E) through describe
    other = [n for n in ds.data.columns if ds.data[n].astype("string").eq('="a"&"b"').any()]
    assert other
    res = describe(ds, other, min_cell=0)
    _xlsx_cells(write_result(res, tmp_path / "d.xlsx")[0])
    for path in write_result(res, tmp_path / "d.csv"):
        _csv_cells(path)
    for path in export(ds, tmp_path / "export.csv"):
        cells = _csv_cells(path)
    assert "'=1+1" in _csv_cells(tmp_path / "export.csv") and cells
