"""The corpus of broken and hostile input files, each with its expected outcome (issue 5).

Every case either reads correctly or raises InputFileError with a one-line message that names the
file and says what to do — and the input file's bytes and mtime are unchanged afterwards.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import corpus
import pytest

from digianalys.errors import DigianalysError, InputFileError
from digianalys.ingest import safety
from digianalys.ingest.reading import list_sheets, read_export


def _fingerprint(path: Path) -> tuple[str, int] | None:
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


def read_unchanged(path: Path, sheet: str | None = None):
    """read_export(path), asserting the input file is byte-for-byte and mtime unchanged."""
    before = _fingerprint(path)
    try:
        return read_export(path, sheet=sheet)
    finally:
        assert _fingerprint(path) == before, f"{path.name} was modified by reading it"


def refused(path: Path, *fragments: str, sheet: str | None = None) -> str:
    """Assert reading ``path`` raises a one-line InputFileError containing ``fragments``."""
    with pytest.raises(InputFileError) as info:
        read_unchanged(path, sheet)
    message = str(info.value)
    assert "\n" not in message, message
    assert path.name in message, message
    for fragment in fragments:
        assert fragment in message, message
    return message


# (generator, expected message fragments) — every one is refused
REFUSED: list[tuple[str, Callable[[Path], Path], tuple[str, ...]]] = [
    ("truncated", corpus.truncated_xlsx, ("damaged or incomplete", "download or export it again")),
    ("pdf renamed .xlsx", corpus.renamed_pdf, ("is a PDF document, not a spreadsheet",)),
    ("png renamed .xlsx", corpus.renamed_png, ("is a PNG image, not a spreadsheet",)),
    ("random bytes", corpus.random_bytes, ("not a spreadsheet",)),
    ("word document", corpus.word_docx, ("is a Word document",)),
    ("plain zip", corpus.plain_zip, ("is a zip archive, not a spreadsheet",)),
    ("html saved as .xls", corpus.html_as_xls, ("web page (HTML)", "save it as .xlsx")),
    ("text renamed .xlsx", corpus.text_as_xlsx, ("is a text file", "rename it to .csv")),
    ("empty file", corpus.empty_file, ("is empty (0 bytes)", "export the survey again")),
    (
        "encrypted (OLE container)",
        corpus.encrypted_ole_xlsx,
        (
            "is password-protected (an encrypted OLE container)",
            "remove the password (File > Info > Protect Workbook) and save a copy",
        ),
    ),
    (
        "OLE container named .xlsx",
        lambda d: corpus.encrypted_ole_xlsx(d, with_streams=False),
        ("is password-protected",),
    ),
    ("zip bomb", corpus.zip_bomb_xlsx, ("possible zip bomb", "refused")),
    (
        "XML entity declarations",
        corpus.entity_xlsx,
        ("declares XML entities", "xl/worksheets/sheet1.xml"),
    ),
    (
        "stray value at XFD1048576",
        corpus.stray_far_cell_xlsx,
        ("row 1048576 and column XFD", "delete the rows and columns beyond your data"),
    ),
    ("blank workbook", corpus.blank_xlsx, ("every sheet is blank",)),
    ("CSV with an unbalanced quote", corpus.csv_unbalanced_quote, ("line 2", "never closed")),
]


@pytest.mark.parametrize("gen,fragments", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_with_clear_message(tmp_path: Path, gen, fragments) -> None:
    path = gen(tmp_path)
    refused(path, *fragments)


def test_messages_hold_no_cell_values(tmp_path: Path) -> None:
    # the entity case points into the sheet: it names the part, never its content
    msg = refused(corpus.entity_xlsx(tmp_path))
    assert "Malm" not in msg and "lol" not in msg


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="does not exist: check the file name"):
        read_export(tmp_path / "finns-inte.xlsx")
    with pytest.raises(InputFileError, match="is a folder, not a file"):
        read_export(tmp_path)


def test_wrong_sheet_name_lists_the_sheets(tmp_path: Path) -> None:
    path = corpus.survey_xlsx(tmp_path, sheet="Svar")
    msg = refused(
        path, "has no sheet 'Sammanfattning'", "its sheets are: 'Svar'", sheet="Sammanfattning"
    )
    assert msg.startswith("enkat.xlsx has no sheet")
    # a close misspelling is suggested
    refused(path, "(did you mean: Svar?)", sheet="Svarr")


def test_named_blank_sheet_is_refused(tmp_path: Path) -> None:
    path = corpus.multi_sheet_xlsx(tmp_path)
    refused(path, "sheet 'Tom': the sheet is blank", "choose another with --sheet", sheet="Tom")


def test_zip_total_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the total inflated size is judged from the zip directory: lower the limit below this file's
    path = corpus.survey_xlsx(tmp_path)
    with zipfile.ZipFile(path) as z:
        total = sum(i.file_size for i in z.infolist())
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", total - 1)
    refused(path, "possible zip bomb")
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", total)
    assert read_export(path).n_rows == 4


def test_check_input_detects_format_from_content(tmp_path: Path) -> None:
    xlsx = corpus.survey_xlsx(tmp_path)
    assert safety.check_input(xlsx) == "xlsx"
    # an .xlsx saved under a misleading name is still read as what it is
    renamed = tmp_path / "export.xls"
    renamed.write_bytes(xlsx.read_bytes())
    assert safety.check_input(renamed) == "xlsx"
    assert read_export(renamed).cells.iloc[1, 0] == "Försäkringskassan"
    assert list_sheets(renamed) == ["Svar"]
    assert safety.check_input(corpus.survey_ods(tmp_path)) == "ods"
    assert safety.check_input(corpus.csv_cp1252_semicolon(tmp_path)) == "csv"


# --------------------------------------------------------------------------- read correctly


def test_huge_declared_dimension_is_read_by_its_real_cells(tmp_path: Path) -> None:
    path = corpus.huge_dimension_xlsx(tmp_path)
    raw = read_unchanged(path)
    assert raw.cells.shape == (4, 6)
    assert raw.cells.iloc[2, 0] == "Region Örebro län"


def test_cached_formula_value_is_used(tmp_path: Path) -> None:
    raw = read_unchanged(corpus.formula_cached_xlsx(tmp_path))
    assert raw.cells.iloc[1].tolist() == ["1", "2", "3"]


def test_uncached_formula_is_read_as_its_text_with_a_warning(tmp_path: Path) -> None:
    """Issue 15.6: a formula without a stored result no longer refuses the file; its text is
    the cell's value and the warning names the sheet and the cell (never advising Excel)."""
    raw = read_unchanged(corpus.formula_uncached_xlsx(tmp_path))
    assert raw.cells.iloc[1].tolist() == ["1", "2", "=A2+B2"]
    [warning] = raw.warnings
    assert warning.key == "ingest_formulas_as_text_one"
    assert warning.fields == {"sheet": "Svar", "n": 1, "cells": "C2"}
    for lang in ("en", "sv"):
        assert "Excel" not in warning.tr(lang)


def test_formula_with_cached_empty_string_is_accepted(tmp_path: Path) -> None:
    raw = read_unchanged(corpus.formula_empty_string_xlsx(tmp_path))
    assert raw.cells.shape == (2, 3)
    assert raw.cells.iloc[1, 2] is __import__("pandas").NA


def test_header_only_sheet_reads_one_row(tmp_path: Path) -> None:
    # reading succeeds; ingest decides that a sheet without responses is an error
    raw = read_unchanged(corpus.header_only_xlsx(tmp_path))
    assert raw.cells.shape == (1, len(corpus.SV_HEADER))
    assert raw.cells.iloc[0].tolist() == corpus.SV_HEADER


def test_default_sheet_is_first_visible_with_data(tmp_path: Path) -> None:
    path = corpus.multi_sheet_xlsx(tmp_path)
    raw = read_unchanged(path)
    assert raw.sheet == "Svar"
    assert raw.sheet_names == ["Tom", "Dold", "Svar"]
    assert raw.info["sheet_choice"] == "first sheet with data"
    # the hidden sheet can still be chosen; case and spaces in the name are forgiven
    assert read_export(path, sheet=" dold ").cells.iloc[0, 0] == "gömd"


def test_every_corpus_case_raises_only_digianalys_errors(tmp_path: Path) -> None:
    """No generator in the corpus makes read_export fail with anything but a DigianalysError."""
    for _, gen, _ in REFUSED:
        sub = tmp_path / gen.__name__ if hasattr(gen, "__name__") else tmp_path
        sub.mkdir(exist_ok=True)
        with pytest.raises(DigianalysError):
            read_export(gen(sub))


def test_text_file_with_unknown_extension_is_refused(tmp_path):
    # A Python script is text with commas; it must not be ingested as a CSV by accident.
    f = tmp_path / "try.py"
    f.write_text("import os, sys\nprint(os.getcwd(), sys.argv)\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"try\.py: unsupported file type '\.py'.*\.csv"):
        safety.check_input(f)


def test_tsv_and_txt_text_exports_are_accepted(tmp_path):
    for ext in (".tsv", ".txt"):
        f = tmp_path / f"export{ext}"
        f.write_text("Typ\tAntal\nKommun\t3\n", encoding="utf-8")
        assert safety.check_input(f) == "csv"
