"""Table renderers: every format written and read back with the tool a reader would use."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from digianalys.errors import OutputError
from digianalys.output.formatting import (
    column_kind,
    display_table,
    format_count,
    format_number,
    format_p,
)
from digianalys.output.i18n import heading
from digianalys.output.render import terminal, to_json_text, write_result, write_xlsx
from digianalys.result import Result

INJECTIONS = ['=HYPERLINK("http://x","y")', "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def _compare_result() -> Result:
    main = pd.DataFrame(
        {
            "variable": ["lead_strategy", "pace", "it_budget"],
            "label": [
                "Ledningen har en tydlig strategi för digitalisering",
                'Takt; "snabb" & <b>ökande</b> 100 % {x}_y #1 ~ ^ $ \\',
                INJECTIONS[0],
            ],
            "type": ["ordinal", "numeric", "binary"],
            "test": ["Kruskal–Wallis H", "Welch ANOVA", "Pearson χ²"],
            "n": [120, 118, 9],
            "statistic": [12.345678, 3.2, np.nan],
            "df": [2.0, 71.43, np.nan],
            "p_value": [0.0000123, 0.04567, np.nan],
            "p_adjusted": [0.0000369, 0.09134, np.nan],
            "effect_size": [0.0812345, -0.456789, np.nan],
            "effect_measure": ["ε²", "ω²", "Cramér's V"],
            "conf_low": [0.01, -0.8, np.nan],
            "conf_high": [0.2, -0.1, np.nan],
            "n_statlig": [40, 39, np.nan],
            "summary_statlig": ["4.1 (0.9)", "-1.5 (2.0)", "–"],
            "suppressed": [False, False, True],
        }
    )
    posthoc = pd.DataFrame(
        {
            "variable": ["lead_strategy"] * 3,
            "group1": ["statlig", "statlig", "kommunal"],
            "group2": ["kommunal", "regional", "regional"],
            "statistic": [2.5, -1.25, 0.3],
            "p_value": [0.012, 0.21, 0.76],
            "p_adjusted": [0.036, 0.42, 0.76],
            "effect_size": [0.31, -0.12, 0.03],
        }
    )
    return Result(
        kind="compare",
        tables={"compare": main, "posthoc": posthoc},
        title="Jämförelse efter sektor (å ä ö)",
        notes=["it_budget: fewer than 5 responses in regional; excluded from the test"],
        methods=["Kruskal–Wallis H test with Dunn–Holm post hoc; Holm-corrected p-values."],
    )


# ---------------------------------------------------------------------- formatting
def test_p_value_formatting_en_sv():
    assert format_p(0.0004) == "< 0.001"
    assert format_p(0.0004, "sv") == "< 0,001"
    assert format_p(0.04567) == "0.046"
    assert format_p(0.04567, "sv") == "0,046"
    assert format_p(np.nan) == ""
    assert format_number(-0.456789, 2, "sv") == "\u22120,46"  # the minus sign in Swedish
    assert format_number(11915.724, 2, "sv") == "11\u202f915,72"  # narrow no-break space
    assert format_number(4800, 0, "sv") == "4800"  # four digits are not grouped
    assert format_number(11915.724, 2, "en") == "11915.72"
    assert format_count(290540, "sv") == "290\u202f540"
    assert format_number(-0.0001) == "-0.0001"  # tiny values keep significant digits
    assert format_number(-0.001) != "-0.00"


def test_column_kinds():
    df = _compare_result().tables["compare"]
    assert column_kind("p_adjusted", df["p_adjusted"]) == "p"
    assert column_kind("n", df["n"]) == "count"
    assert column_kind("n_statlig", df["n_statlig"]) == "count"
    # degrees of freedom are formatted cell by cell (χ² 2, Welch 802.70)
    assert column_kind("df", df["df"]) == "df"
    assert column_kind("df", pd.Series([2.0, 3.0])) == "df"
    assert column_kind("effect_size", df["effect_size"]) == "estimate"
    assert column_kind("label", df["label"]) == "text"


def test_display_table_swedish_headings_and_suppression():
    shown = display_table(_compare_result().tables["compare"], "sv")
    for col in ("Variabel", "Fråga", "Testvärde", "p-värde", "Justerat p", "Effektstorlek"):
        assert col in shown.columns
    assert "KI nedre" in shown.columns and "KI övre" in shown.columns
    assert "suppressed" not in shown.columns and "Undertryckt" not in shown.columns
    row0 = shown.iloc[0]
    assert row0["p-värde"] == "< 0,001"
    assert row0["Testvärde"] == "12,35"
    assert row0["df"] == "2"  # whole degrees of freedom without decimals
    assert shown.iloc[1]["Effektstorlek"] == "\u22120,46"
    assert shown.iloc[1]["statlig"] == "\u22121,5 (2,0)"  # summary strings get decimal commas
    assert shown.iloc[2]["p-värde"] == "–"  # suppressed row
    assert shown.iloc[2]["n statlig"] == "–"
    assert heading("conf_low", "en") == "CI lower" and heading("estimate", "sv") == "Skattning"


def test_terminal_is_rounded_and_names_tables():
    out = terminal(_compare_result(), "en")
    assert "< 0.001" in out and "12.35" in out and "12.345678" not in out
    assert "Pairwise comparisons" in out
    assert "–" in out
    assert "Adjusted p" in out
    assert "fewer than 5 responses" in out


# ---------------------------------------------------------------------- csv
def test_csv_roundtrip_unrounded_with_bom_and_posthoc(tmp_path):
    res = _compare_result()
    written = write_result(res, tmp_path / "x.csv")
    assert written == [tmp_path / "x.csv", tmp_path / "x.posthoc.csv"]
    raw = (tmp_path / "x.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Ledningen har en tydlig strategi för digitalisering".encode() in raw
    back = pd.read_csv(tmp_path / "x.csv", encoding="utf-8-sig")
    main = res.tables["compare"]
    assert list(back.columns) == list(main.columns)
    num = main.select_dtypes("number").columns
    pd.testing.assert_frame_equal(back[num], main[num], check_dtype=False)
    # the injection string got an apostrophe; other text is unchanged
    assert back.loc[2, "label"] == "'" + INJECTIONS[0]
    assert back.loc[0, "label"] == main.loc[0, "label"]
    # numbers stay numbers: a negative number is not prefixed
    assert back.loc[1, "effect_size"] == pytest.approx(-0.456789)
    assert back.loc[1, "summary_statlig"] == "'-1.5 (2.0)"  # text, not a number: guarded
    ph = pd.read_csv(tmp_path / "x.posthoc.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(ph, res.tables["posthoc"], check_dtype=False)


def test_csv_guards_every_injection_prefix(tmp_path):
    df = pd.DataFrame({"text": INJECTIONS + ["-1.5", "ok"], "value": range(8)})
    write_result(Result(kind="t", tables={"t": df}), tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig", keep_default_na=False)
    for orig, got in zip(INJECTIONS, back["text"][:6], strict=True):
        assert got == "'" + orig
    assert str(back["text"][6]) == "-1.5"  # a number written as text is not a formula
    assert back["value"].tolist() == list(range(8))


# ---------------------------------------------------------------------- xlsx
def test_xlsx_formatting_numbers_and_no_formulas(tmp_path):
    from openpyxl import load_workbook

    res = _compare_result()
    path = tmp_path / "x.xlsx"
    assert write_result(res, path) == [path]
    wb = load_workbook(path)
    assert wb.sheetnames == ["compare", "posthoc", "notes"]
    ws = wb["compare"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header == list(res.tables["compare"].columns)
    assert all(c.font.bold for c in ws[1])
    col = {name: i + 1 for i, name in enumerate(header)}
    p = ws.cell(row=2, column=col["p_value"])
    assert isinstance(p.value, float) and p.value == pytest.approx(0.0000123)
    assert p.number_format == '[<0.001]"< 0.001";0.000'  # reads "< 0.001", value kept
    assert ws.cell(row=2, column=col["effect_size"]).number_format == "0.00"
    n = ws.cell(row=2, column=col["n"])
    assert n.value == 120 and n.number_format == "0"
    assert ws.cell(row=4, column=col["p_value"]).value == "–"  # suppressed
    assert ws.column_dimensions["B"].width > 20  # the long label column is wide
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    inj = ws.cell(row=4, column=col["label"])
    assert inj.value == INJECTIONS[0] and inj.data_type == "s"
    notes = [c.value for c in wb["notes"]["A"] if c.value]
    assert res.title in notes
    assert any("Kruskal–Wallis" in str(v) for v in notes)
    assert any("it_budget" in str(v) and "minimum cell" in str(v) for v in notes)


def test_xlsx_injection_strings_are_text_cells(tmp_path):
    from openpyxl import load_workbook

    df = pd.DataFrame({"answer": INJECTIONS, "x": [1.5, -2.0, 3, 4, 5, 6]})
    path = write_xlsx({"t": df}, tmp_path / "t.xlsx", notes=["=cmd|' /C calc'!A0"])
    wb = load_workbook(path)
    ws = wb["t"]
    vals = [c.value for c in ws["A"][1:]]
    assert vals[:5] == INJECTIONS[:5]
    assert vals[5] in ("\rCR", "\nCR")  # XML normalises a bare CR to LF
    assert all(c.data_type == "s" for c in ws["A"][1:])
    assert [c.value for c in ws["B"][1:]] == [1.5, -2.0, 3, 4, 5, 6]  # negative stays a number
    assert wb["notes"]["A2"].data_type == "s"


def test_xlsx_sheet_names_valid_unique_and_deterministic(tmp_path):
    from openpyxl import load_workbook

    tables = {
        "a/b:c*d?[e]\\f": pd.DataFrame({"x": [1]}),
        "x" * 40: pd.DataFrame({"x": [2]}),
        "X" * 40: pd.DataFrame({"x": [3]}),
        "notes": pd.DataFrame({"x": [4]}),
    }
    p1 = write_xlsx(tables, tmp_path / "a.xlsx", ["n"], "sv")
    p2 = write_xlsx(tables, tmp_path / "b.xlsx", ["n"], "sv")
    assert p1.read_bytes() == p2.read_bytes()
    names = load_workbook(p1).sheetnames
    assert len(names) == 5 and len({n.lower() for n in names}) == 5
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert names[-1] == "notes"


def test_xlsx_swedish_headings(tmp_path):
    from openpyxl import load_workbook

    write_result(_compare_result(), tmp_path / "sv.xlsx", lang="sv")
    header = [c.value for c in load_workbook(tmp_path / "sv.xlsx")["compare"][1]]
    assert header[:3] == ["Variabel", "Fråga", "Typ"]
    assert "Justerat p" in header


# ---------------------------------------------------------------------- md / html / tex / json
def test_markdown_pipe_table(tmp_path):
    write_result(_compare_result(), tmp_path / "x.md", lang="sv")
    text = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "| Variabel | Fråga |" in text
    assert "< 0,001" not in text  # '<' is escaped for markdown renderers
    assert "&lt; 0,001" in text
    assert "\\|" not in text or "|" in text
    lines = [ln for ln in text.splitlines() if ln.startswith("| lead_strategy")]
    assert len(lines) == 1 + 3  # main table row and three posthoc rows
    assert text.count("| --- |") >= 2
    header = next(ln for ln in text.splitlines() if ln.startswith("| Variabel | Fråga"))
    assert header.count("|") == lines[0].count("|") - lines[0].count("\\|")


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables = 0
        self.cells: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables += 1
        if tag in ("td", "th"):
            self._in = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.cells[-1] += data


def test_html_parses_and_escapes(tmp_path):
    write_result(_compare_result(), tmp_path / "x.html")
    text = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert "<b>ökande</b>" not in text and "&lt;b&gt;ökande&lt;/b&gt;" in text
    parser = _TableParser()
    parser.feed(text)
    assert parser.tables == 2
    assert "< 0.001" in parser.cells
    assert any("<b>ökande</b>" in c for c in parser.cells)  # escaped text reads back intact
    assert "Adjusted p" in parser.cells


def test_latex_booktabs_escaped(tmp_path):
    write_result(_compare_result(), tmp_path / "x.tex", lang="sv")
    text = (tmp_path / "x.tex").read_text(encoding="utf-8")
    assert "\\toprule" in text and "\\midrule" in text and "\\bottomrule" in text
    assert "Ledningen har en tydlig strategi för digitalisering" in text
    assert "lead\\_strategy" in text
    assert "100 \\% \\{x\\}\\_y \\#1 \\textasciitilde{} \\textasciicircum{} \\$" in text
    assert "\\& " in text and "\\textless{} 0,001" in text
    body = [ln for ln in text.splitlines() if ln.startswith("pace")][0]
    assert body.count(" & ") == len(_compare_result().tables["compare"].columns) - 2


def test_json_is_result_to_dict(tmp_path):
    res = _compare_result()
    write_result(res, tmp_path / "x.json")
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert data == res.to_dict()
    assert json.loads(to_json_text(res)) == res.to_dict()
    assert "för" in to_json_text(res)  # not \u-escaped
    assert data["tables"]["compare"][0]["p_value"] == 0.0000123  # unrounded


def test_unknown_extension_lists_formats(tmp_path):
    with pytest.raises(
        OutputError, match=r"x\.odt.*\.csv, \.xlsx, \.md, \.html, \.tex, \.json, \.docx"
    ):
        write_result(_compare_result(), tmp_path / "x.odt")
    with pytest.raises(OutputError, match="no extension"):
        write_result(_compare_result(), tmp_path / "x")
    assert not list(tmp_path.iterdir())


def test_rendering_does_not_modify_the_result(tmp_path):
    res = _compare_result()
    before = {k: v.copy() for k, v in res.tables.items()}
    for ext in ("csv", "xlsx", "md", "html", "tex", "json"):
        write_result(res, tmp_path / f"x.{ext}", lang="sv")
    terminal(res, "sv")
    for k, v in before.items():
        pd.testing.assert_frame_equal(res.tables[k], v)


def test_group_summaries_in_swedish_group_digits_and_use_the_minus_sign():
    """Summary cells (compare's "mean (SD)", shares, the report's summary sentences) follow the
    numbers' Swedish typography: decimal comma, digits grouped from five on, the minus sign."""
    from digianalys.output.formatting import display_string

    assert display_string("summary_regional", "12159.71 (6935.63)", "sv") == (
        "12\u202f159,71 (6935,63)"
    )
    assert display_string("summary_a", "-3.2 (1.1)", "sv") == "\u22123,2 (1,1)"
    assert display_string("summary_a", "5.7 % (18/316)", "sv") == "5,7 % (18/316)"
    assert display_string("summary_a", "3 [2–4]; COVID-19", "sv") == "3 [2–4]; COVID-19"
    assert display_string("summary_a", "12159.71 (6935.63)", "en") == "12159.71 (6935.63)"
