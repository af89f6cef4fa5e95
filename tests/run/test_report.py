"""`digianalys run` orchestration and report.html assembly.

The orchestration tests replace the analysis and plot modules with small fakes (their own tests
live elsewhere) so that what is checked here is report.py: which files are written, that the
report is self-contained and deterministic, that errors name the step. The end-to-end run of the
bundled example is checked in test_golden.py and test_browser.py.
"""

from __future__ import annotations

import html
import json
import re
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.errors import DigianalysError, OutputError, VariableError
from digianalys.result import Result
from digianalys.run.config import load_config
from digianalys.run.html import LONG_TABLE_ROWS, build_html, inline_svg
from digianalys.run.methods import methods_sentences, references_for
from digianalys.run.report import run_config, sheet_names
from digianalys.run.steps import StepOutcome

FREE_TEXT = "Hemlig fritextkommentar från respondent 17"


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    """A tiny ingested dataset (written directly) with a free-text column."""
    rng = np.random.default_rng(1)
    n = 60
    data = pd.DataFrame(
        {
            "sector": pd.array(rng.choice(["statlig", "kommunal"], n), dtype="string"),
            "pace": pd.array(rng.integers(1, 6, n), dtype="Int64"),
            "employees": rng.integers(10, 5000, n).astype("float64"),
            "comment": pd.array([FREE_TEXT] + [None] * (n - 1), dtype="string"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical", "label": "Organisationstyp"},
                {
                    "name": "pace",
                    "type": "ordinal",
                    "label": "Digitaliseringstakt",
                    "values": {1: "Instämmer inte alls", 5: "Instämmer helt"},
                    "missing": {"Vet ej": 7},
                },
                {"name": "employees", "type": "numeric", "label": "Antal anställda"},
                {"name": "comment", "type": "text", "label": "Övriga synpunkter"},
            ]
        }
    )
    d = tmp_path / "analys"
    d.mkdir()
    data.to_parquet(d / "data.parquet")
    cb.save(d / "codebook.yaml")
    report = {
        "inputs": [{"path": "/x/enkät.xlsx", "sheet": "Svar", "rows_in": 62, "rows_out": 60}],
        "duplicates_dropped": 2,
        "pii_dropped": ["E-postadress"],
        "warnings": ["kolumnen 'Q9' känns inte igen"],
    }
    (d / "ingest-report.json").write_text(json.dumps(report), encoding="utf-8")
    return d


def _svg(path: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "digianalys"
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [1, 2], clip_on=True)
    ax.set_title(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)
    return path


@pytest.fixture
def fakes(monkeypatch):
    """Fake analysis/plot modules; record the calls."""
    calls: list[tuple[str, tuple, dict]] = []

    def analysis(kind: str):
        def fn(ds, *args, **kwargs):
            calls.append((kind, args, kwargs))
            if "boom" in args:
                raise VariableError("unknown variable 'boom' in the dataset")
            main = pd.DataFrame(
                {
                    "variable": ["pace"],
                    "n": [int(ds.data["pace"].notna().sum())],
                    "estimate": [float(ds.data["pace"].mean())],
                    "p_value": [0.0001234],
                }
            )
            tables = {kind: main}
            if kind == "compare":
                tables["posthoc"] = pd.DataFrame(
                    {"variable": ["pace"], "group1": ["a"], "group2": ["b"], "p_value": [0.5]}
                )
            return Result(
                kind=kind,
                tables=tables,
                title=f"{kind} <test>",
                notes=[f"note from {kind}"],
                methods=["Groups were compared with the Mann–Whitney U test.", "Holm correction."],
            )

        return fn

    mods = {
        "digianalys.stats.describe": ("describe", "describe"),
        "digianalys.stats.compare": ("compare", "compare"),
        "digianalys.stats.correlation": ("correlate", "correlate"),
        "digianalys.stats.models": ("model", "model"),
        "digianalys.stats.reliability": ("scales", "scales"),
    }
    for mod, (attr, kind) in mods.items():
        m = types.ModuleType(mod)
        setattr(m, attr, analysis(kind))
        monkeypatch.setitem(sys.modules, mod, m)

    def make_plot(kind, ds, out, *, args, **kwargs):
        calls.append(("plot", (kind, *args), kwargs))
        if out.suffix == ".png":
            import matplotlib.pyplot as plt

            fig, ax = plt.subplots(figsize=(2, 2))
            ax.plot([0, 1], [0, 1])
            out.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(out, dpi=50, metadata={"Software": None})
            plt.close(fig)
            return out
        return _svg(out, f"{kind} åäö")

    plots = types.ModuleType("digianalys.plots")
    plots.make_plot = make_plot
    monkeypatch.setitem(sys.modules, "digianalys.plots", plots)
    return calls


CONFIG = """
title = "Digitalisering <i offentlig> sektor"
output = "ut"
lang = "sv"
dataset = "analys"

[[describe]]
by = "sector"

[[compare]]
by = "sector"
caption = "Skillnader mellan sektorer"

[[scales]]

[[plot]]
kind = "bar"
args = ["pace"]
by = "sector"
caption = "Andel som instämmer"

[[plot]]
kind = "scatter"
args = ["pace", "employees"]
file = "scatter.png"
"""


def write_config(dataset_dir: Path, text: str = CONFIG) -> Path:
    p = dataset_dir.parent / "run.toml"
    p.write_text(text, encoding="utf-8")
    return p


# ----------------------------------------------------------------------------- run_config
def test_run_writes_every_output(dataset_dir, fakes):
    out = run_config(write_config(dataset_dir), progress=False)
    assert out == dataset_dir.parent / "ut"
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [
        "figures/bar.svg",
        "figures/scatter.png",
        "manifest.json",
        "report.docx",
        "report.html",
        "tables.xlsx",
        "tables/compare-sector.csv",
        "tables/compare-sector.posthoc.csv",
        "tables/describe-sector.csv",
        "tables/scales.csv",
    ]
    # the library functions got the config's options
    kinds = [c[0] for c in fakes]
    # a real figure is drawn once and saved for report.html and as PNG for report.docx; these
    # fakes write no PNG, so report.docx draws each figure again
    assert kinds == ["describe", "compare", "scales", "plot", "plot", "plot", "plot"]
    assert fakes[5][1] == fakes[3][1] and fakes[6][1] == fakes[4][1]
    assert fakes[0][2] == {
        "by": "sector",
        "weights": None,
        "min_cell": 5,
        "inference": None,
        "suppress": "groups",
    }
    assert fakes[3][1] == ("bar", "pace") and fakes[3][2]["lang"] == "sv"

    # the CSV is the unrounded table
    csv = pd.read_csv(out / "tables" / "describe-sector.csv", encoding="utf-8-sig")
    assert csv["p_value"].iloc[0] == pytest.approx(0.0001234, rel=1e-12)

    # tables.xlsx: one sheet per table plus notes, read back with openpyxl
    from openpyxl import load_workbook

    wb = load_workbook(out / "tables.xlsx")
    assert wb.sheetnames == [
        "describe-sector",
        "compare-sector",
        "compare-sector-posthoc",
        "scales",
        "notes",
    ]
    notes = [c.value for c in wb["notes"]["A"]]
    assert "compare-sector: note from compare" in notes
    assert "Holm correction." in notes

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    import hashlib

    # every file the run wrote with its SHA-256 (the manifest cannot hash itself)
    assert list(manifest["files"]) == [f for f in files if f != "manifest.json"]
    for rel, digest in manifest["files"].items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest
    assert manifest["python"] == ".".join(map(str, sys.version_info[:3]))
    assert manifest["packages"]["pandas"] == pd.__version__
    assert manifest["config"]["options"]["lang"] == "sv"
    assert [s["name"] for s in manifest["steps"]] == [
        "describe-sector",
        "compare-sector",
        "scales",
        "bar",
        "scatter",
    ]
    import hashlib

    expect = hashlib.sha256((dataset_dir / "data.parquet").read_bytes()).hexdigest()
    assert manifest["inputs"][0]["sha256"] == expect
    assert manifest["inputs"][0]["dataset"] == "analys"  # relative to the config


def test_report_html_content(dataset_dir, fakes):
    out = run_config(write_config(dataset_dir), progress=False)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="sv">' in page
    # title escaped, Swedish headings
    assert "<h1>Digitalisering &lt;i offentlig&gt; sektor</h1>" in page
    assert "Metod" in page and "Resultat" in page
    # data summary from the ingest report: file name only, rows, duplicates, PII headers, warnings
    assert "enkät.xlsx" in page and "/x/enkät.xlsx" not in page
    assert "E-postadress" in page and "kolumnen &#x27;Q9&#x27; känns inte igen" in page
    assert re.search(r"Exakta dubbletter[^<]*</dt><dd>2</dd>", page)
    assert "Vet ej" in page  # don't-know counts from the codebook
    # every table numbered with its caption, display-formatted (Swedish decimal comma)
    assert "<h3>Skillnader mellan sektorer</h3>" in page  # the caption heads its section
    assert "Tabell 2. compare &lt;test&gt;</caption>" in page
    assert "Tabell 3. compare &lt;test&gt; – " in page  # the post-hoc table
    assert page.count("<table") == 4 + 2  # 4 result tables + inputs + don't-know
    assert "&lt; 0,001" in page or "&lt;0,001" in page
    # figures: inline SVG and data-URI PNG with captions
    assert page.count("<svg") == 1 and 'src="data:image/png;base64,' in page
    # a figure's caption heads its section; the figure caption says what it shows in labels
    assert "<h3>Andel som instämmer</h3>" in page
    assert "Figur 1. Andelar: Digitaliseringstakt per Organisationstyp" in page
    assert "Figur 2. Spridningsdiagram: Digitaliseringstakt och Antal anställda" in page
    # methods paragraph: deduplicated sentences + references for what ran
    methods = re.search(r'<section id="methods">(.*?)</section>', page, re.S).group(1)
    assert methods.count("Mann–Whitney U test") == 1
    assert "Mann, H. B. &amp; Whitney" in methods and "Holm, S. (1979)" in methods
    assert "Kruskal" not in methods  # not run, not cited
    # free text never appears; nothing external
    assert FREE_TEXT not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<script" not in page.lower() and "@import" not in page and "url(http" not in page


def test_rerun_is_byte_identical_and_removes_stale_files(dataset_dir, fakes):
    cfg = write_config(dataset_dir)
    out = run_config(cfg, progress=False)
    first = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # a rerun with one step fewer: same bytes for the rest, the dropped table disappears
    cfg.write_text(CONFIG.replace("[[scales]]\n", ""), encoding="utf-8")
    run_config(cfg, progress=False)
    assert not (out / "tables" / "scales.csv").exists()
    cfg.write_text(CONFIG, encoding="utf-8")
    run_config(cfg, progress=False)
    again = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert again == first


def test_output_override_and_refusal(dataset_dir, fakes, tmp_path):
    cfg = write_config(dataset_dir)
    other = tmp_path / "annan"
    assert run_config(cfg, output=other, progress=False) == other.resolve()
    assert (other / "report.html").is_file()
    # rerunning over its own output needs no force
    run_config(cfg, output=other, force=False, progress=False)
    (other / "notes.txt").write_text("mine")
    run_config(cfg, output=other, force=False, progress=False)
    assert (other / "notes.txt").read_text() == "mine"
    afile = tmp_path / "a.txt"
    afile.write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        run_config(cfg, output=afile, progress=False)


def test_step_errors_name_the_step(dataset_dir, fakes):
    cfg = write_config(dataset_dir, CONFIG + '\n[[compare]]\nname = "fel"\nby = "boom"\n')
    with pytest.raises(VariableError) as exc:
        run_config(cfg, progress=False)
    assert str(exc.value).startswith("[[compare]] #2 'fel': unknown variable 'boom'")
    assert isinstance(exc.value, DigianalysError)


def test_run_accepts_a_parsed_config(dataset_dir, fakes):
    cfg = load_config(write_config(dataset_dir))
    out = run_config(cfg, progress=False)
    assert (out / "report.html").is_file()


# ----------------------------------------------------------------------------- pieces
def test_inline_svg_prefixes_ids_and_references(tmp_path):
    a = inline_svg(_svg(tmp_path / "a.svg", "A").read_text(encoding="utf-8"), "f1-")
    b = inline_svg(_svg(tmp_path / "b.svg", "B").read_text(encoding="utf-8"), "f2-")
    assert not a.startswith("<?xml") and "<!DOCTYPE" not in a and "<metadata>" not in a
    trees = [ET.fromstring(x) for x in (a, b)]
    ids = [[el.get("id") for el in tree.iter() if el.get("id") is not None] for tree in trees]
    assert ids[0] and not set(ids[0]) & set(ids[1])  # no clashes between figures
    for markup, own in zip((a, b), ids, strict=True):
        refs = re.findall(r"url\(#([^)]+)\)", markup) + re.findall(r'href="#([^"]+)"', markup)
        assert refs and set(refs) <= set(own)  # every reference resolves inside its figure


def _outcome(kind: str, name: str, methods: list[str], tables=None) -> StepOutcome:
    from digianalys.run.config import Step

    tables = tables or {"t": pd.DataFrame({"x": [1.0]})}
    return StepOutcome(Step(kind, name, {}), Result(kind, tables, methods=methods))


def test_methods_are_deduplicated_and_cited():
    outcomes = [
        _outcome("compare", "a", ["Kruskal–Wallis H test. ", "Holm  correction."]),
        _outcome("compare", "b", ["Kruskal–Wallis H test.", "Benjamini–Hochberg FDR."]),
        _outcome("model", "m", ["OLS with HC3 standard errors."]),
    ]
    s = methods_sentences(outcomes)
    assert s == [
        "Kruskal–Wallis H test.",
        "Holm correction.",
        "Benjamini–Hochberg FDR.",
        "OLS with HC3 standard errors.",
    ]
    refs = references_for(s)
    assert [r.split(",")[0] for r in refs] == ["Kruskal", "Holm", "Benjamini", "MacKinnon"]
    assert references_for([]) == []


def test_sheet_names_are_excel_safe_and_unique():
    long = "x" * 40
    tables = {"main": pd.DataFrame({"a": [1]}), "posthoc": pd.DataFrame({"a": [1]})}
    outcomes = [
        _outcome("compare", long, [], tables),
        _outcome("compare", long + "y", [], tables),
        _outcome("scales", "notes", []),
    ]
    names = [n for n, _, _ in sheet_names(outcomes)]
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert "notes" not in names  # reserved for the notes sheet


def test_build_html_english_and_empty_steps(dataset_dir):
    from digianalys.dataset import load

    cfg = load_config(write_config(dataset_dir, 'title = "T"\ndataset = "analys"\n'))
    page = build_html(cfg, load(dataset_dir), [])
    assert '<html lang="en">' in page and "Methods" in page and "<h1>T</h1>" in page
    assert "Exact duplicate responses dropped" in page
    # long tables are folded in <details>, short ones not

    long = {"t": pd.DataFrame({"x": np.arange(LONG_TABLE_ROWS + 1.0)})}
    page = build_html(cfg, load(dataset_dir), [_outcome("describe", "d", [], long)])
    summary = f"<details><summary>Table 1. Descriptive statistics ({LONG_TABLE_ROWS + 1} rows)"
    assert summary in page
    page = build_html(cfg, load(dataset_dir), [_outcome("describe", "d", [])])
    assert "<details>" not in page and "Table 1. Descriptive statistics</caption>" in page
    # a long list of notes is folded too
    o = _outcome("describe", "d", [])
    o.result.notes = [f"note {i}" for i in range(20)]
    page = build_html(cfg, load(dataset_dir), [o])
    assert '<details class="notes"><summary>Notes (20 notes)</summary>' in page


# ----------------------------------------------------------------------------- the example
def test_example_report_end_to_end(example_run):
    """The bundled example: outputs present, no free text or personal data, what ingest did."""
    out = example_run
    page = (out / "report.html").read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (out / "tables.xlsx").is_file() and (out / "dataset" / "data.parquet").is_file()
    assert list(manifest["files"]) == sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    )
    # a figure of each of the seven kinds, every one inline
    assert len(list((out / "figures").glob("*.svg"))) == 10 and page.count("<svg") == 10
    # inputs hashed as they are on disk
    import hashlib

    root = Path(__file__).resolve().parents[2]
    for entry in manifest["inputs"]:
        data = (root / "data" / "sample" / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    # free-text answers appear only where a [[text]] step asks for them (its section and table)
    from digianalys.dataset import load

    ds = load(out / "dataset")
    texts = [v.name for v in ds.codebook.variables if v.type == "text"]
    assert texts, "the example codebook declares the comment as text"
    answers = {str(a) for t in texts for a in ds.data[t].dropna().unique()}
    assert answers
    asked = re.search(r'<section id="step-kommentarer">.*?</section>', page, re.S)
    assert asked and any(html.escape(a, quote=False) in asked.group(0) for a in answers)
    rest = page.replace(asked.group(0), "")
    shown = [rest] + [
        p.read_text(encoding="utf-8-sig")
        for p in (out / "tables").glob("*.csv")
        if not p.name.startswith("kommentarer")
    ]
    for a in answers:
        assert not any(a in s for s in shown), "a free-text answer reached the report unasked"
    # personal data: the headers are listed as dropped, no value appears (sample e-mails)
    assert "E-postadress" in page
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", page)
    # the methods paragraph names the tests that ran and the correction
    methods = re.search(r'<section id="methods">(.*?)</section>', page, re.S).group(1)
    for name in ("Kruskal", "Welch", "Mann–Whitney", "Holm", "HC3", "Cronbach", "Spearman"):
        assert name in methods, name


def test_cli_run_errors_exit_1(tmp_path):
    from typer.testing import CliRunner

    from digianalys.cli import app

    bad = tmp_path / "bad.toml"
    bad.write_text('dataset = "d"\n[[compare]]\nby = "s"\ncorection = "holm"\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["run", str(bad)])
    assert res.exit_code == 1
    assert "error:" in res.output and "unknown key 'corection' in [[compare]] #1" in res.output
    res = CliRunner().invoke(app, ["run", str(tmp_path / "nope.toml")])
    assert res.exit_code == 1 and "no such config file" in res.output
