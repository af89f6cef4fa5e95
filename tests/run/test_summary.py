"""The report summary (run/summary.py): sentences only for differences and associations the
tests show (adjusted p < α), strongest first, with the numbers of the tables they link to; the
rest named in one "not shown" sentence; response counts from the population step."""

from __future__ import annotations

import pytest

from digianalys.dataset import load
from digianalys.output.formatting import format_number
from digianalys.run.summary import build_summary, summary_table
from digianalys.stats.compare import compare
from digianalys.stats.correlation import correlate

VARIABLES = ["framework", "lead_strategy", "employees", "leadership", "pace", "wave"]


@pytest.fixture(scope="module")
def ds(example_run):
    return load(example_run / "dataset")


@pytest.fixture(scope="module")
def results(ds):
    return [
        ("t-compare", compare(ds, "sector", VARIABLES)),
        ("t-corr", correlate(ds, ["leadership", "pace", "employees"])),
    ]


def test_only_shown_differences_and_associations(ds, results):
    labels = {n: ds.label(n) for n in ds.data.columns}
    s = build_summary(results, labels=labels)
    main = results[0][1].main
    significant = main[main["p_adjusted"] < 0.05]
    quiet = main[main["p_adjusted"] >= 0.05]
    compare_findings = [f for f in s.findings if f.anchor == "t-compare"]
    assert len(compare_findings) == len(significant) > 0
    for f in compare_findings:
        text = f.sentence.tr("en")
        row = significant[significant["label"].map(str) == str(f.sentence.fields["variable"])]
        assert len(row) == 1
        assert str(row.iloc[0]["direction"]) in text
        assert f"{row.iloc[0]['effect_word']} difference" in text
        # the effect size with its interval, as the table gives them
        r = row.iloc[0]
        low, high = format_number(r["conf_low"], 2), format_number(r["conf_high"], 2)
        assert f"= {format_number(r['effect_size'], 2)}, 95 % CI {low} to {high}" in text
    # everything not shown is named once, in the not-shown sentence
    assert len(s.not_shown) == 1
    text = s.not_shown[0].sentence.tr("en")
    for label in quiet["label"]:
        assert str(label) in text
    corr = results[1][1].main
    shown = corr[(corr["p_value"] < 0.05) & ~corr["suppressed"].astype(bool)]
    assert len([f for f in s.findings if f.anchor == "t-corr"]) == len(shown)


def test_strongest_first_and_swedish(ds, results):
    s = build_summary(results, labels={n: ds.label(n) for n in ds.data.columns})
    ranks = [f.rank for f in s.findings]
    assert ranks == sorted(ranks)
    sv = [f.sentence.tr("sv") for f in s.sentences()]
    assert any("skillnad, Cramérs V = 0," in t and "; justerat p" in t for t in sv)
    assert any("ingen skillnad mellan grupperna i" in t for t in sv)
    table = summary_table(s, "sv")
    assert list(table.columns) == ["sentence", "table"] and len(table) == len(s.sentences())


def test_alpha_and_response(ds):
    from digianalys.stats.population import population

    res = compare(ds, "sector", ["pace"], alpha=0.5)
    p = float(res.main.iloc[0]["p_adjusted"])
    s = build_summary([("c", res)])
    assert (len(s.findings) == 1) == (p < 0.5)
    root = __import__("pathlib").Path(__file__).resolve().parents[2]
    from digianalys.where import apply_where

    wave2021, _ = apply_where(ds, "wave == 2021")
    pop, _, _ = population(
        wave2021, root / "data" / "sample" / "population.xlsx", strata=["sector"]
    )
    s = build_summary([("r", pop)])
    assert len(s.response) == 1
    text = s.response[0].sentence.tr("sv")
    for rec in pop.tables["response"].to_dict(orient="records"):
        assert f"{int(rec['respondents'])} av {int(rec['population'])}" in text


def test_report_opens_with_the_summary(example_run):
    import html
    import re

    page = (example_run / "report.html").read_text(encoding="utf-8")
    summary = re.search(r'<section id="summary">(.*?)</section>', page, re.S)
    assert summary, "report.html has a summary section"
    assert page.index('id="summary"') < page.index('id="data"')
    assert "Sammanfattning" in summary.group(1)
    ids = set(re.findall(r'<section id="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', summary.group(1))
    assert links and set(links) <= ids
    text = html.unescape(re.sub(r"<[^>]+>", " ", summary.group(1)))
    assert "Svar:" in text and "av 541" in text  # response against the population
    assert "; justerat p" in text and "ingen skillnad" in text
    assert not re.search(r"\d\.\d", text), "decimal comma in Swedish"


def test_one_p_value_per_test_in_the_report(example_run):
    """The Likert figure by sector repeats the comparison table's tests: every adjusted p in the
    figure is the table's for the same item, and the figure names that table and its family."""
    import re

    import pandas as pd

    from digianalys.output.formatting import format_p

    svg = (example_run / "figures" / "likert.svg").read_text(encoding="utf-8")
    # (no-break spaces keep "p = 0,014" on one line)
    shown = re.findall(r"just\. p[ \u00a0](?:=|&lt;)[ \u00a0]([0-9]+,[0-9]+)", svg)
    assert len(shown) == 9  # nine items, labelled once (the first sector panel)
    table = pd.read_csv(example_run / "tables" / "jamforelse-sektor.csv", encoding="utf-8-sig")
    items = table[table["variable"].str.match(r"(lead|pace)_")]
    allowed = {format_p(p, "sv").lstrip("<").strip() for p in items["p_adjusted"]}
    assert set(shown) <= allowed, (set(shown), allowed)
    assert "som i tabellen" in svg and "Skillnader mellan statliga myndigheter" in svg


def test_example_likert_has_no_blank_bar(example_run):
    """Issue 11: every sector panel of the example's Likert figure shows every item (no "–"
    placeholder bar, no note about hidden answers), regional (n ≈ 34) included."""
    import re

    svg = (example_run / "figures" / "likert.svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "–" not in [t.strip() for t in texts]
    assert any(t.startswith("regional (n = ") for t in texts)
    assert "Streckat" not in svg and "visas inte" not in svg


def test_main_tables_are_presentation_tables_with_an_appendix(example_run):
    """Issue 12: the main text shows labels and results without test statistics or df; the
    appendix holds the full tables (report.html and report.docx alike)."""
    import re

    import docx

    page = (example_run / "report.html").read_text(encoding="utf-8")
    main = page.split('<section id="appendix">')[0]
    appendix = re.search(r'<section id="appendix">.*?</section>', page, re.S).group(0)
    compare = re.search(r'<section id="step-jamforelse-sektor">.*?</section>', main, re.S).group(0)
    first = re.search(r"<table.*?</table>", compare, re.S).group(0)
    heads = re.findall(r"<th[^>]*>(.*?)</th>", first)
    assert "Justerat p" in heads and "Fråga" in heads
    assert "Testvärde" not in heads and "df" not in heads and "Variabel" not in heads
    assert "Testvärde" in appendix and "Bilaga" in appendix
    # no code name in a main-text table: model terms, formulas and scale names are labels
    tables = " ".join(re.findall(r"<table.*?</table>", main, re.S))
    for code in ("C(sector)[T.", "np.log(employees)", "Intercept", ">leadership<", "pace ~"):
        assert code not in tables, code
    assert "C(sector)[T." in appendix  # the appendix keeps the terms as fitted
    doc = docx.Document(str(example_run / "report.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.startswith("Bilaga") for h in headings)


def test_methods_are_short_paragraphs_per_analysis(example_run):
    import re

    page = (example_run / "report.html").read_text(encoding="utf-8")
    methods = re.search(r'<section id="methods">(.*?)</section>', page, re.S).group(1)
    heads = re.findall(r"<h3>(.*?)</h3>", methods)
    for h in ("Beskrivande statistik", "Jämförelser mellan grupper", "Samband", "Skalor"):
        assert h in heads
    paragraphs = re.findall(r"<p>(.*?)</p>", methods, re.S)
    assert len(paragraphs) >= 5 and "Holm" in " ".join(paragraphs)


def test_compare_inference_model_by_default_finite_on_request(example_run):
    """Issue 13: compare is model-based by default (and says so when a design exists);
    --inference finite gives the design-based tests with population estimates per group."""
    from digianalys.dataset import load
    from digianalys.errors import AnalysisError
    from digianalys.stats.compare import compare
    from digianalys.where import apply_where

    ds, _ = apply_where(load(example_run / "dataset"), "wave == 2021")
    model_based = compare(ds, "sector", ["framework", "leadership"])
    assert set(model_based.main["test"]) <= {"Pearson χ²", "Welch ANOVA", "Fisher exact"}
    assert any("--inference finite" in str(n) for n in model_based.notes)
    finite = compare(ds, "sector", ["framework", "leadership"], inference="finite")
    assert list(finite.main["test"]) == ["Rao–Scott F", "design Wald F"]
    assert finite.meta["inference"] == "finite"
    assert "(" in finite.main.iloc[1]["summary_statlig"]  # estimate (interval)
    everyone = load(example_run / "dataset")  # both waves: the design covers 2021 only
    with pytest.raises(AnalysisError, match='--where "wave == 2021"'):
        compare(everyone, "sector", ["framework"], inference="finite")
