"""Swedish output (``lang="sv"``): titles, notes, methods and text cells are translated at display
time; CSV and JSON keep the unrounded numbers and the English (language-neutral) texts."""

from __future__ import annotations

import html
import json
import pickle
import re
import string
import zipfile

import pytest

from digianalys.output.i18n import MESSAGES, Msg, display_text, tr

#: English words that must not appear in Swedish display text (outside names and references).
ENGLISH = re.compile(
    r"\b(the|with|and|were|was|responses|Groups|Comparison|Correlations|Descriptive|"
    r"Scale reliability|Effect sizes|mean|codes?|suppressed|not tested|Frequencies|"
    r"Missing values|Listwise|regression \(OLS\)|deletion)\b"
)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# ----------------------------------------------------------------------------- the catalogue
def test_every_message_has_both_languages_with_the_same_fields():
    for key, (en, sv) in MESSAGES.items():
        assert en and sv, key
        assert _fields(en) == _fields(sv), key


def test_msg_is_english_text_and_translates():
    m = Msg("compare_title", by=Msg("wave_label"))
    assert m == "Comparison by Wave" and isinstance(m, str)
    assert tr(m, "sv") == "Jämförelse per Omgång" and tr(m, "en") == m
    assert tr("plain text", "sv") == "plain text"
    again = pickle.loads(pickle.dumps(m))
    assert again.key == "compare_title" and again.tr("sv") == "Jämförelse per Omgång"
    listed = Msg("compare_tests", tests=[Msg("test_welch_t"), Msg("test_kruskal")])
    assert listed.tr("sv") == (
        "Grupperna jämfördes med Welchs t-test för olika varianser (scipy); Kruskal–Wallis "
        "H-test korrigerat för lika värden (scipy)."
    )
    with pytest.raises(KeyError):
        Msg("no_such_message")


def test_joined_warnings_and_fixed_values_are_translated():
    both = Msg.joined(
        [Msg("warn_group_suppressed", groups="regional", min_cell=5), Msg("warn_sparse")]
    )
    assert (
        display_text("warning", both, "en")
        == str(both)
        == (
            "group regional suppressed (fewer than 5 responses); more than 20 % of expected counts "
            "below 5, so χ² may be inaccurate"
        )
    )
    assert display_text("warning", both, "sv") == (
        "gruppen regional undertryckt (färre än 5 svar); mer än 20 % av de förväntade antalen "
        "är under 5, så χ² kan vara missvisande"
    )
    assert display_text("test", "Fisher exact", "sv") == "Fishers exakta test"
    assert display_text("effect_measure", "Cramér's V", "sv") == "Cramérs V"
    assert display_text("type", "numeric", "sv") == "numerisk"
    assert display_text("label", "Okänd fråga", "sv") == "Okänd fråga"
    # plain English text is not parsed back into a message: only messages are translated
    assert display_text("warning", str(Msg("warn_sparse")), "sv") == str(Msg("warn_sparse"))


# ----------------------------------------------------------------------------- the statistics
@pytest.fixture(scope="module")
def ds(example_run):
    from digianalys.dataset import load

    return load(example_run / "dataset")


def _results(ds):
    from digianalys.stats.compare import compare
    from digianalys.stats.correlation import correlate
    from digianalys.stats.describe import describe
    from digianalys.stats.models import model
    from digianalys.stats.reliability import scales

    return {
        "describe": describe(ds, ["lead_strategy", "framework", "pace"], by="sector"),
        "compare": compare(ds, "sector", ["lead_strategy", "framework", "pace", "it_cost"]),
        "compare_wave": compare(ds, "wave", ["lead_strategy", "framework"]),
        "correlate": correlate(ds, "leadership", "pace", control=["employees"]),
        "model": model(ds, "pace ~ leadership + C(sector)"),
        "logit": model(ds, "framework ~ leadership", kind="logit"),
        "scales": scales(ds),
    }


def test_titles_notes_and_methods_of_every_analysis_are_translatable(ds):
    for name, res in _results(ds).items():
        texts = [res.title, *res.notes, *res.methods]
        for t in texts:
            assert isinstance(t, Msg), (name, t)
            assert t.tr("sv") != str(t), (name, t)
            assert not ENGLISH.search(t.tr("sv")), (name, t.tr("sv"))


def test_text_cells_of_result_tables_stay_messages(ds):
    # every text cell a statistics function writes as a message reaches the renderers as one
    from digianalys.stats.compare import compare

    variables = ["lead_strategy", "framework", "pace"]
    tables = [
        (compare(ds, "sector", variables, min_cell=60).main, "warning"),
        (compare(ds, "wave", variables).main, "direction"),  # "a higher than b", "no difference…"
    ]
    for main, column in tables:
        assert any(main[column]), column
        for c in [column, *(c for c in main.columns if c.startswith("summary_"))]:
            # numeric summaries ("3.46 (0.86)", "17.2 % (52/303)") have no words to translate
            words = [v for v in main[c].tolist() if re.search("[a-z]", v)]
            assert all(isinstance(v, Msg) for v in words), (c, words)
    # 3+ groups: the direction is written with symbols only ("statlig > kommunal; …")
    directions = compare(ds, "sector", variables).main["direction"].tolist()
    assert all(isinstance(v, Msg) or re.fullmatch(r"[\w ]+ [>≠] [\w ,;>≠]+", v) for v in directions)
    share_of = _results(ds)["describe"].tables["describe"]["share_of"].tolist()
    assert all(isinstance(v, Msg) for v in share_of if v)


def test_terminal_markdown_and_html_are_swedish(ds):
    from digianalys.output.render import terminal, to_html, to_markdown

    for name, res in _results(ds).items():
        for text in (terminal(res, "sv"), to_markdown(res, "sv"), to_html(res, "sv")):
            text = re.sub(r"<[^>]+>", " ", text)
            hit = ENGLISH.search(text)
            assert hit is None, (name, text[max(0, hit.start() - 80) : hit.end() + 80])
    res = _results(ds)["compare"]
    shown = terminal(res, "sv")
    assert "Jämförelse per Typ av organisation" in shown
    # ordinal summaries: "median [q1–q3]; medel x,xx" with a decimal comma
    assert re.search(r"\d \[\d–\d\]; medel \d,\d\d", shown)
    assert "Pearsons χ²" in shown and "Welchs ANOVA" in shown
    assert re.search(r"\d+,\d %", shown)  # binary summaries "17,2 % (52/303)"
    # English stays English
    en = terminal(res, "en")
    assert "Comparison by Typ av organisation" in en and re.search(r"; mean \d\.\d\d", en)


def test_csv_and_json_stay_language_neutral(ds, tmp_path):
    from digianalys.output.render import to_json_text, write_result

    res = _results(ds)["describe"]
    sv = write_result(res, tmp_path / "sv.csv", "sv")
    en = write_result(res, tmp_path / "en.csv", "en")
    for a, b in zip(sv, en, strict=True):
        assert a.read_bytes() == b.read_bytes()
    text = sv[0].read_text(encoding="utf-8-sig")
    assert "codes 4–5" in text and "kod" not in text
    assert re.search(r"\d\.\d{6,}", text)  # unrounded, decimal point
    data = json.loads(to_json_text(res))
    assert data["title"] == "Descriptive statistics by Typ av organisation"
    assert data == json.loads(json.dumps(res.to_dict()))


def test_xlsx_text_cells_headings_and_notes_are_swedish(ds, tmp_path):
    from openpyxl import load_workbook

    from digianalys.output.render import write_result

    res = _results(ds)["compare"]
    path = write_result(res, tmp_path / "t.xlsx", "sv")[0]
    wb = load_workbook(path)
    ws = wb["compare"]
    head = [c.value for c in ws[1]]
    assert "Effektmått" in head and "Justerat p" in head
    cells = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    assert "Cramérs V" in cells and "Welchs ANOVA" in cells
    assert any(isinstance(v, float) for v in cells)  # numbers stay numbers
    notes = "\n".join(str(c.value) for c in wb["notes"]["A"] if c.value)
    assert "Grupperna jämfördes med" in notes and "Groups were compared" not in notes


# ----------------------------------------------------------------------------- the example
def test_example_report_is_swedish(example_run):
    page = (example_run / "report.html").read_text(encoding="utf-8")
    body = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    methods = body[body.index("Grupperna definierades") : body.index("Referenser")]
    assert "Grupperna jämfördes med" in methods and "Holms stegvisa metod" in methods
    assert not ENGLISH.search(methods), ENGLISH.search(methods)
    results = body[body.index("Resultat") : body.index("Grupperna definierades")]
    hit = ENGLISH.search(results)
    assert hit is None, results[max(0, hit.start() - 80) : hit.end() + 80]
    # the population step runs first (its response and non-response tables are 1 and 2)
    assert "Tabell 1. Svarande jämfört med populationsramen population.xlsx" in body
    assert re.search(r"Tabell \d+\. Beskrivande statistik per Typ av organisation", body)
    assert "Frekvenser" in body and "Jämförelse per Omgång" in body
    # two groups have no post-hoc table: it is not shown as an empty table
    assert "Jämförelse per Omgång – Parvisa" not in body
    # figures: decimal comma on number axes
    box = (example_run / "figures" / "box-takt.svg").read_text(encoding="utf-8")
    ticks = re.findall(r"<text[^>]*>([−\-]?\d+[.,]\d+)</text>", box)
    assert ticks and all("," in t for t in ticks)


def test_example_tables_xlsx_notes_are_swedish(example_run):
    with zipfile.ZipFile(example_run / "tables.xlsx") as z:
        names = [n for n in z.namelist() if n.startswith("xl/")]
        xml = "".join(z.read(n).decode("utf-8") for n in names if n.endswith(".xml"))
    xml = html.unescape(xml)  # openpyxl writes å ä ö as character references with lxml
    assert "Grupperna jämfördes med" in xml
    assert "Groups were compared" not in xml and "Missing values deleted" not in xml
