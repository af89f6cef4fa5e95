"""How results read (issue 4 polish): headings from codebook labels, degrees of freedom, notes
without template leftovers, unique headings, the sign of effect sizes, terminal output, what a
share counts, translated ingest warnings, compact group summaries and PDF figures opened as a
PDF viewer would.

Effect-size signs are checked against scipy/numpy called here; everything else against the
texts a Swedish or English reader should see.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.output.formatting import display_table
from digianalys.output.i18n import MESSAGES, Msg, display_text
from digianalys.output.render import terminal, write_xlsx
from digianalys.result import Result
from digianalys.run.config import Step
from digianalys.run.report import TEXTS as REPORT_TEXTS
from digianalys.run.report import figure_title, step_title
from digianalys.stats.compare import compare
from digianalys.stats.describe import describe

AGREE = {
    1: "Instämmer inte alls",
    2: "Instämmer knappast",
    3: "Varken eller",
    4: "Instämmer delvis",
    5: "Instämmer helt",
}


def _dataset(n: int = 200, seed: int = 3) -> Dataset:
    """Two waves of a small survey; 2021 answers higher on q1/q2/q3 and on employees."""
    rng = np.random.default_rng(seed)
    wave = np.where(np.arange(n) < n // 2, "2018", "2021")
    later = (wave == "2021").astype(int)
    sector = rng.choice(["statlig", "kommunal", "regional"], n, p=[0.45, 0.5, 0.05])
    data = pd.DataFrame(
        {
            "wave": pd.array(wave, dtype="string"),
            "sector": pd.array(sector, dtype="string"),
            **{
                f"q{i}": pd.array(
                    np.clip(rng.integers(1, 6, n) + (rng.random(n) < 0.4 * later), 1, 5),
                    dtype="Int64",
                )
                for i in (1, 2, 3)
            },
            "framework": pd.array((rng.random(n) < 0.4).astype(int), dtype="Int64"),
            "tool_teams": pd.array(rng.integers(0, 2, n), dtype="Int64"),
            "employees": rng.normal(100 + 20 * later, 15),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "wave", "type": "categorical", "label": "Omgång"},
                {
                    "name": "sector",
                    "type": "categorical",
                    "label": "Typ av organisation",
                    "levels": {k: [k] for k in ("statlig", "kommunal", "regional")},
                },
                *(
                    {"name": f"q{i}", "type": "ordinal", "label": f"Påstående {i}", "values": AGREE}
                    for i in (1, 2, 3)
                ),
                {
                    "name": "framework",
                    "type": "binary",
                    "label": "Beslutad modell",
                    "values": {1: "Ja", 0: "Nej"},
                },
                {"name": "tool_teams", "type": "multi", "label": "Teams"},
                {"name": "employees", "type": "numeric", "label": "Antal anställda"},
            ],
            "scales": {
                "leadership": {
                    "items": ["q1", "q2"],
                    "min_items": 1,
                    "label": "Ledarskap (medelvärde)",
                }
            },
        }
    )
    from digianalys.dataset import compute_scales

    data = pd.concat([data, compute_scales(data, cb)], axis=1)
    return Dataset(data, cb)


def _plot(kind: str, args: list[str], by: str | None = None, caption: str | None = None) -> Step:
    return Step("plot", f"fig-{kind}", {"kind": kind, "args": args, "by": by}, caption=caption)


# ----------------------------------------------------------------------------- 1 headings
def test_figure_titles_use_codebook_labels_and_grouping():
    ds = _dataset()
    assert (
        figure_title(_plot("box", ["leadership"], "sector"), ds, "sv")
        == "Lådagram: Ledarskap (medelvärde) per Typ av organisation"
    )
    # the items of one scale are named by the scale; other sets by their number
    assert figure_title(_plot("likert", ["q2", "q1"]), ds, "sv") == (
        "Likertdiagram: Ledarskap (medelvärde)"
    )
    assert figure_title(_plot("likert", ["q1", "q2", "q3"], "wave"), ds, "sv") == (
        "Likertdiagram: 3 påståenden per Omgång"
    )
    assert figure_title(_plot("likert", ["q1", "q2", "q3"], "wave"), ds, "en") == (
        "Likert chart: 3 items by Omgång"
    )
    assert figure_title(_plot("scatter", ["leadership", "employees"]), ds, "sv") == (
        "Spridningsdiagram: Ledarskap (medelvärde) och Antal anställda"
    )
    assert figure_title(_plot("forest", ["employees ~ leadership + C(sector)"]), ds, "en") == (
        "Coefficients: model of Antal anställda"
    )
    assert figure_title(_plot("heatmap", ["q1", "q2", "employees"]), ds, "sv") == (
        "Korrelationsmatris: 3 variabler"
    )
    # no English words or variable names left in a Swedish title
    for step in (_plot("bar", ["framework"], "sector"), _plot("trend", ["leadership"], "sector")):
        shown = figure_title(step, ds, "sv")
        assert "framework" not in shown and "leadership" not in shown and " by " not in shown


def test_section_heading_is_the_caption_when_given():
    from digianalys.run.report import StepOutcome

    ds = _dataset()
    t = REPORT_TEXTS["sv"]
    with_caption = StepOutcome(_plot("box", ["employees"], "sector", caption="Storlek"))
    assert step_title(with_caption, t, ds) == "Storlek"
    without = StepOutcome(_plot("box", ["employees"], "sector"))
    assert step_title(without, t, ds) == "Lådagram: Antal anställda per Typ av organisation"


# ----------------------------------------------------------------------------- 2 df
def test_degrees_of_freedom_whole_numbers_without_decimals(tmp_path):
    df = pd.DataFrame(
        {"variable": ["a", "b", "c"], "df": [2.0, 802.696454, np.nan], "df2": [np.nan, 1.0, 3.5]}
    )
    shown = display_table(df, "sv", headings=False)
    assert shown["df"].tolist() == ["2", "802,70", ""]
    assert shown["df2"].tolist() == ["", "1", "3,50"]
    from openpyxl import load_workbook

    write_xlsx({"t": df}, tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx")["t"]
    assert ws["B2"].value == 2 and ws["B2"].number_format == "0"
    assert ws["B3"].value == pytest.approx(802.696454) and ws["B3"].number_format == "0.00"
    assert ws["C4"].number_format == "0.00"


# ----------------------------------------------------------------------------- 3 notes
def test_no_arithmetic_left_in_message_templates():
    """Templates compute their numbers: no "{min_cell} − 1" for the reader to work out."""
    leftovers = re.compile(r"\}\s*[−+-]\s*\d|\d\s*[−+]\s*\{")
    bad = [k for k, pair in MESSAGES.items() for t in pair if leftovers.search(t)]
    assert not bad


def test_summary_cells_note_names_the_largest_hidden_count():
    ds = _dataset()
    rare = ds.data["framework"].copy()
    rare[:] = 0
    rare.iloc[:3] = 1  # three "Ja" in 2018: that group's summary is hidden
    ds = Dataset(ds.data.assign(framework=rare), ds.codebook)
    res = compare(ds, "wave", ["framework"], min_cell=5, suppress="cells")
    assert res.tables["compare"].loc[0, "summary_2018"] == "–"
    notes = [n for n in res.notes if isinstance(n, Msg) and n.key.startswith("compare_summary")]
    assert len(notes) == 1
    assert "1 to 4 responses" in notes[0] and "1 till 4 personer" in notes[0].tr("sv")
    res2 = compare(ds, "wave", ["framework"], min_cell=2, suppress="cells")
    assert res2.tables["compare"].loc[0, "summary_2018"] != "–"
    rare.iloc[1:3] = 0  # a single "Ja"
    res3 = compare(
        Dataset(ds.data.assign(framework=rare), ds.codebook),
        "wave",
        ["framework"],
        min_cell=2,
        suppress="cells",
    )
    shown = [str(n) for n in res3.notes if "group summaries" in str(n)]
    assert shown == [str(Msg("compare_summary_cells_one"))]
    assert "1 to 1 " not in shown[0]


# ----------------------------------------------------------------------------- 4 headings
def test_scale_item_table_headings_are_distinct():
    from digianalys.stats.reliability import scales

    res = scales(_dataset())
    for lang, item, label in (("sv", "Variabel", "Fråga"), ("en", "Item", "Question")):
        cols = list(display_table(res.tables["items"], lang).columns)
        assert item in cols and label in cols
        assert not any(re.search(r"\(\d\)$", c) for c in cols), cols


# ----------------------------------------------------------------------------- 5 direction
def test_effect_size_sign_and_direction_against_scipy():
    ds = _dataset()
    res = compare(ds, "wave", ["q1", "employees", "framework"])
    main = res.tables["compare"].set_index("variable")
    w = ds.data["wave"]
    for name in ("q1", "employees"):
        x = ds.data.loc[w == "2018", name].dropna().to_numpy(float)
        y = ds.data.loc[w == "2021", name].dropna().to_numpy(float)
        if name == "q1":
            u1 = stats.mannwhitneyu(x, y).statistic  # U of the first group (2018)
            expected = 2 * u1 / (len(x) * len(y)) - 1
        else:
            expected = (x.mean() - y.mean()) / np.sqrt(
                ((len(x) - 1) * x.var(ddof=1) + (len(y) - 1) * y.var(ddof=1))
                / (len(x) + len(y) - 2)
            )
        got = main.loc[name, "effect_size"]
        # both measures are first group minus second: same sign as the independent value
        assert np.sign(got) == np.sign(expected) == -1
        assert main.loc[name, "p_adjusted"] < 0.05
        assert main.loc[name, "direction"] == "2021 higher than 2018"
    # framework (Cramér's V, no sign): direction only if significant, then by the shares
    fw = main.loc["framework"]
    if fw["p_adjusted"] >= 0.05:
        assert fw["direction"] == "no difference shown"
    else:
        assert fw["direction"].endswith("higher than 2018") or fw["direction"].endswith("2021")
    shown = display_table(res.tables["compare"], "sv")
    assert "2021 högre än 2018" in shown["Riktning"].tolist()
    note = next(n for n in res.notes if isinstance(n, Msg) and n.key == "compare_sign")
    assert "positive means 2018 higher than 2021" in note
    assert "2018 ligger högre än 2021" in note.tr("sv") and "rangbiserial r" in note.tr("sv")
    assert any(isinstance(m, Msg) and m.key == "compare_sign_methods" for m in res.methods)


def test_posthoc_direction_follows_group1_minus_group2():
    ds = _dataset()
    post = compare(ds, "sector", ["employees", "q1"], min_cell=0).tables["posthoc"]
    assert len(post)
    main = compare(ds, "sector", ["employees", "q1"], min_cell=0).tables["compare"]
    overall = dict(zip(main["variable"], main["p_adjusted"] < 0.05, strict=True))
    for r in post.itertuples():
        if not (r.p_adjusted < 0.05 and overall[r.variable]):
            assert r.direction.startswith("no difference shown")
        elif r.effect_size > 0:
            assert r.direction == f"{r.group1} higher than {r.group2}"
        elif r.effect_size < 0:
            assert r.direction == f"{r.group2} higher than {r.group1}"


def test_direction_translation_is_limited_to_its_column():
    # a question label that happens to read like a direction is not translated
    label = "Our budget is higher than last year"
    assert display_text("label", label, "sv") == label
    assert display_text("direction", "a higher than b", "sv") == "a higher than b"
    higher = Msg("direction_higher", higher="a", lower="b")
    assert display_text("direction", higher, "sv") == "a högre än b"


# ----------------------------------------------------------------------------- 6 terminal
def test_terminal_prints_the_title_once_and_skips_empty_tables():
    ds = _dataset()
    out = terminal(describe(ds, ["q1", "employees"]), "en")
    assert out.count("Descriptive statistics") == 1
    assert "Frequencies" in out
    two = terminal(compare(ds, "wave", ["q1"]), "en")
    assert "Pairwise comparisons" not in two and two.count("Comparison by") == 1
    # an empty first table still shows its (empty) header under the title
    res = Result(kind="x", tables={"a": pd.DataFrame({"v": []})}, title="T")
    assert terminal(res).startswith("T\n\nV\n-")


# ----------------------------------------------------------------------------- 7 share_of
def test_share_of_names_the_counted_answers():
    res = describe(_dataset(), ["q1", "framework", "tool_teams"])
    share_of = res.tables["describe"].set_index("variable")["share_of"]
    assert share_of["q1"] == "codes 4–5 (Instämmer delvis, Instämmer helt)"
    assert share_of["framework"] == "code 1 (Ja)"
    assert share_of["tool_teams"] == "ticked"
    shown = display_table(res.tables["describe"], "sv").set_index("Variabel")["Andel avser"]
    assert shown["q1"] == "kod 4–5 (Instämmer delvis, Instämmer helt)"
    assert shown["framework"] == "kod 1 (Ja)" and shown["tool_teams"] == "markerat"
    # plain strings (e.g. after a CSV round trip) are shown as they are: no back-translation
    plain = res.tables["describe"].astype({"share_of": str})
    assert display_table(plain, "sv")["Andel avser"].tolist() == [str(v) for v in share_of]


# ----------------------------------------------------------------------------- 8 ingest
def test_ingest_warnings_are_translated():
    from digianalys.ingest.infer import unknown_scale_warning
    from digianalys.ingest.ingest_report import load_warnings
    from digianalys.ingest.notices import notice

    english = [
        notice("ingest_wave_only", column="Start Date", waves="2021"),
        notice("ingest_left_out", n=6, columns="'A', 'B'"),
        unknown_scale_warning(Msg("where_column_named", name="Q7"), ["Rött", "Grönt", "Blått"]),
        notice(
            "ingest_in_file", file="enkät.xlsx", message=notice("ingest_hidden_sheet", sheet="Data")
        ),
        notice("ingest_not_numbers", where=Msg("where_column_number", number=4), n=3),
    ]
    assert english[0] == (
        "column 'Start Date' is only in wave(s) 2021; it is blank for the other waves"
    )
    swedish = [w.tr("sv") for w in english]
    assert (
        swedish[0] == "kolumnen 'Start Date' finns bara i omgång 2021; den är tom i övriga omgångar"
    )
    assert swedish[1].startswith("6 kolumner som inte finns i kodboken utelämnades: 'A', 'B'")
    assert swedish[2].startswith("kolumnen 'Q7': svarsalternativen passar ingen känd skala")
    assert "values: {1: 'Rött', 2: 'Grönt', 3: 'Blått'}" in swedish[2]
    assert swedish[3].startswith("enkät.xlsx: läste det dolda bladet 'Data'")
    assert swedish[4] == "kolumn 4: 3 svar är inte tal och räknas som bortfall"
    one = notice("ingest_left_out", n=1, columns="'A'")
    assert one.key == "ingest_left_out_one"
    assert one.tr("sv").startswith("1 kolumn som inte finns i kodboken utelämnades")
    # stored as key, fields and English text; read back as the same messages
    from digianalys.ingest.notices import to_json

    stored = json.loads(json.dumps({"warnings": [to_json(w) for w in english]}))
    assert [w["text"] for w in stored["warnings"]] == [str(w) for w in english]
    back = load_warnings(stored)
    assert [w.tr("sv") for w in back] == swedish
    # an older report's plain text is shown as it is
    assert load_warnings({"warnings": ["something new"]}) == ["something new"]


def test_example_report_shows_ingest_warnings_in_swedish(example_run):
    page = (example_run / "report.html").read_text(encoding="utf-8")
    warnings = re.findall(r'<li class="warn">(.*?)</li>', page)
    assert warnings
    for w in warnings:
        assert not re.search(r"\b(is only in|were left out|the other waves)\b", w), w


# ----------------------------------------------------------------------------- 9 summaries
def test_categorical_group_summary_is_compact():
    ds = _dataset()
    main = compare(ds, "wave", ["sector"]).tables["compare"]
    for g in ("2018", "2021"):
        cell = main.loc[0, f"summary_{g}"]
        counts = ds.data.loc[ds.data["wave"] == g, "sector"].value_counts()
        top = counts.idxmax()
        share = 100 * counts.max() / counts.sum()
        assert cell == f"{top} {share:.0f} % (most common of 3)"
        assert len(cell) < 40
    shown = display_table(main, "sv")
    assert shown.loc[0, "2018"].endswith("(vanligast av 3)")


# ----------------------------------------------------------------------------- 10 PDF
def test_pdf_figure_opens_and_is_not_blank(tmp_path):
    """A PDF figure rendered by poppler's pdftoppm (as a PDF viewer would) shows a figure."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.skip("pdftoppm not installed (Debian package poppler-utils); .ci/run installs it")
    from PIL import Image

    from digianalys.plots import make_plot

    pdf = make_plot(
        "box", _dataset(), tmp_path / "box.pdf", args=["leadership"], by="sector", lang="sv"
    )
    assert Path(pdf).read_bytes().startswith(b"%PDF")
    subprocess.run(
        [exe, "-png", "-r", "60", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    img = np.asarray(Image.open(tmp_path / "page.png").convert("L"), dtype=float)
    assert img.shape[0] > 100 and img.shape[1] > 100
    dark = (img < 200).mean()
    assert 0.005 < dark < 0.6, f"page looks blank or black ({dark:.3%} dark pixels)"
    assert img.std() > 10
