"""read_export: every format gives the same grid of text cells, å ä ö intact, numbers canonical.

References: the values the test itself wrote (openpyxl, pandas+odfpy, raw CSV bytes), openpyxl's
own reading of the same workbook, and the published counts of the real OHBM SurveyMonkey export.
"""

from __future__ import annotations

from pathlib import Path

import corpus
import pandas as pd

from digianalys.ingest.reading import RawSheet, list_sheets, read_export

EXPECTED_ROWS = [
    corpus.SV_HEADER,
    ["Försäkringskassan", "Statlig myndighet", "Instämmer helt", "3", "Bra arbete på enheten"],
    ["Region Örebro län", "Region", "Instämmer delvis", "2995.5", "Övriga synpunkter: å ä ö"],
    ["Malmö stad", "Kommun", "Varken eller", "12", None],
]


def _rows(raw: RawSheet, n_cols: int | None = None) -> list[list[str | None]]:
    cells = raw.cells if n_cols is None else raw.cells.iloc[:, :n_cols]
    return [[None if pd.isna(v) else v for v in row] for row in cells.itertuples(index=False)]


def _check_frame_contract(raw: RawSheet) -> None:
    cells = raw.cells
    assert list(cells.columns) == list(range(cells.shape[1]))
    for col in cells.columns:
        assert isinstance(cells[col].dtype, pd.StringDtype), cells[col].dtype
    # blank/whitespace cells are NA, never "" or "  "
    assert not cells.apply(lambda s: s.str.strip().eq("").any()).any()
    # no trailing blank row or column
    if cells.shape[0]:
        assert cells.iloc[-1].notna().any() and cells.iloc[:, -1].notna().any()


def test_xlsx_reads_every_cell_as_text(tmp_path: Path) -> None:
    path = corpus.survey_xlsx(tmp_path)
    raw = read_export(path)
    _check_frame_contract(raw)
    assert (raw.format, raw.sheet, raw.sheet_names) == ("xlsx", "Svar", ["Svar"])
    assert _rows(raw, 5) == EXPECTED_ROWS
    # datetimes as ISO text; header row included, nothing interpreted
    assert raw.cells.iloc[0, 5] == "Inlämnad"
    assert raw.cells.iloc[1, 5] == "2021-03-04 12:00:00"
    # independent reference: openpyxl's view of the same cells
    import openpyxl

    ws = openpyxl.load_workbook(path, read_only=True).active
    for r, row in enumerate(ws.iter_rows(values_only=True)):
        for c, value in enumerate(row[:5]):
            got = raw.cells.iloc[r, c]
            if value is None:
                assert pd.isna(got)
            elif isinstance(value, float) and value.is_integer():
                assert got == str(int(value))
            else:
                assert got == str(value)


def test_numbers_become_canonical_text(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    values = [3.0, 2995.5, -2.5, 0.25, 12, 1e20, -0.0, 44000.125]
    for v in values:
        ws.append([v])
    path = tmp_path / "tal.xlsx"
    wb.save(path)
    cells = read_export(path).cells[0].tolist()
    assert cells == ["3", "2995.5", "-2.5", "0.25", "12", "100000000000000000000", "0", "44000.125"]
    # the text parses back to the value written
    assert [float(c) for c in cells] == [float(v) for v in values]


def test_leading_and_trailing_blanks(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "fråga", "svar"
    ws["A3"] = "  "  # whitespace only, in a middle row that is otherwise blank
    ws["A4"], ws["B4"] = "ja", "nej"
    ws["D8"] = " "  # trailing whitespace-only cell: row 8 and column D are blank
    path = tmp_path / "tomt.xlsx"
    wb.save(path)
    raw = read_export(path)
    assert _rows(raw) == [["fråga", "svar"], [None, None], [None, None], ["ja", "nej"]]


def test_xlsm_extension(tmp_path: Path) -> None:
    path = corpus.survey_xlsx(tmp_path, name="makro.xlsm")
    raw = read_export(path)
    assert raw.format == "xlsm"
    assert _rows(raw, 5) == EXPECTED_ROWS


def test_ods(tmp_path: Path) -> None:
    raw = read_export(corpus.survey_ods(tmp_path))
    _check_frame_contract(raw)
    assert (raw.format, raw.sheet) == ("ods", "Svar")
    assert _rows(raw) == EXPECTED_ROWS


def test_csv_swedish_excel(tmp_path: Path) -> None:
    raw = read_export(corpus.csv_cp1252_semicolon(tmp_path))
    _check_frame_contract(raw)
    assert raw.info["encoding"] == "cp1252"
    assert raw.info["delimiter"] == ";"
    assert raw.info["decimal"] == ","
    assert _rows(raw) == [
        ["Myndighet", "Sektor", "Betyg", "Andel", "Kommentar"],
        ["Försäkringskassan", "Statlig myndighet", "4", "0.75", "Bra"],
        ["Region Örebro län", "Region", "5", "-12.5", "Åtgärder; fler"],
        ["Malmö stad", "Kommun", None, "3.0", None],
    ]


def test_csv_utf8_bom_and_quoted_commas(tmp_path: Path) -> None:
    raw = read_export(corpus.csv_utf8_bom(tmp_path))
    assert (raw.info["encoding"], raw.info["delimiter"], raw.info["decimal"]) == (
        "utf-8-sig",
        ",",
        ".",
    )
    assert _rows(raw) == [
        ["Myndighet", "Betyg", "Kommentar"],
        ["Malmö stad", "4", "ja, absolut"],
        ["Växjö", "2.5", None],
    ]


def test_csv_utf16_tab(tmp_path: Path) -> None:
    raw = read_export(corpus.csv_utf16_tab(tmp_path))
    assert (raw.info["encoding"], raw.info["delimiter"]) == ("utf-16", "\t")
    assert _rows(raw) == [["Myndighet", "Betyg"], ["Åre kommun", "3"], ["Örebro", "4"]]


def test_csv_ragged_rows_are_padded(tmp_path: Path) -> None:
    # the longest row (5 fields) is far below the sniffing sample: the grid still holds it
    raw = read_export(corpus.csv_ragged(tmp_path))
    assert raw.cells.shape == (304, 5)
    assert _rows(raw)[:3] == [
        ["a", "b", "c", None, None],
        ["1", "2", None, None, None],
        ["3", "4", "5", "6", None],
    ]
    assert _rows(raw)[-1] == ["1", "2", "3", "4", "5"]


def test_csv_excel_sep_line(tmp_path: Path) -> None:
    raw = read_export(corpus.csv_sep_line(tmp_path))
    assert raw.info["delimiter"] == ";"
    assert _rows(raw) == [["fråga", "svar"], ["ett, två", "3"]]


def test_csv_ignores_sheet_with_warning(tmp_path: Path) -> None:
    raw = read_export(corpus.csv_utf8_bom(tmp_path), sheet="Blad1")
    assert raw.sheet is None and raw.sheet_names == []
    assert any("CSV" in w for w in raw.warnings)
    assert list_sheets(corpus.csv_utf8_bom(tmp_path)) == []


def test_same_grid_from_every_format(tmp_path: Path) -> None:
    """The same table saved as xlsx, ods and CSV reads to the same cells."""
    frame = pd.DataFrame(
        [["Åsa", "Instämmer helt", 4], ["Östen", "Vet ej", 2], ["Ärla", "Varken eller", 5]],
        columns=["Namn", "Påstående", "Betyg"],
    )
    xlsx, ods, csv = tmp_path / "t.xlsx", tmp_path / "t.ods", tmp_path / "t.csv"
    frame.to_excel(xlsx, index=False)
    frame.to_excel(ods, index=False, engine="odf")
    frame.to_csv(csv, index=False, sep=";", encoding="cp1252")
    grids = [read_export(p).cells for p in (xlsx, ods, csv)]
    for grid in grids[1:]:
        pd.testing.assert_frame_equal(grid, grids[0])


def test_realdata_surveymonkey_csv(realdata: Path) -> None:
    raw = read_export(realdata / "ohbm2022_surveymonkey_public_survey_data.csv")
    # two header rows + 311 respondents, 48 columns (SOURCES.md)
    assert raw.cells.shape == (313, 48)
    assert raw.info["delimiter"] == ","
    header = raw.cells.iloc[0].fillna("")
    member = [c for c in raw.cells.columns if "member" in header[c].lower()]
    counts = raw.cells.loc[2:, member[0]].value_counts(dropna=False)
    # published: membership Yes 254 / No 56 / blank 1
    assert counts["Yes"] == 254 and counts["No"] == 56
    assert raw.cells.loc[2:, member[0]].isna().sum() == 1


def test_realdata_bom_csv_and_workbook(realdata: Path) -> None:
    raw = read_export(realdata / "pingouin_cronbach_wide_missing.csv")
    assert raw.info["encoding"] == "utf-8-sig"
    assert raw.cells.shape == (13, 11)  # header + 12 respondents, 11 items
    assert raw.cells.iloc[0, 0] == "Q1"
    path = realdata / "qualtricstools_insights_vs_preinsights_headers_single_mc.xlsx"
    assert list_sheets(path) == ["Sheet1", "Sheet2", "Sheet3"]
    assert read_export(path).sheet == "Sheet1"
