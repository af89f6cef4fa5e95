"""Word output (issue 12.5): -o FILE.docx for every analysis, read back with python-docx;
LibreOffice renders it to PDF where installed."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from docx import Document

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.output.render import write_result
from digianalys.output.word import Block, add_blocks, document_bytes, new_document
from digianalys.stats.compare import compare
from digianalys.stats.describe import describe


@pytest.fixture(scope="module")
def ds() -> Dataset:
    rng = np.random.default_rng(4)
    n = 120
    data = pd.DataFrame(
        {
            "sector": pd.array(rng.choice(["statlig", "kommunal"], n), dtype="string"),
            "lead": pd.array(rng.integers(1, 6, n), dtype="Int64"),
            "employees": rng.lognormal(6, 1, n),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical", "label": "Typ av organisation"},
                {
                    "name": "lead",
                    "type": "ordinal",
                    "label": "Ledningen har en tydlig strategi <för> digitalisering",
                    "values": {
                        1: "Instämmer inte alls",
                        2: "2",
                        3: "3",
                        4: "4",
                        5: "Instämmer helt",
                    },
                },
                {"name": "employees", "type": "numeric", "label": "Antal anställda"},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


def test_compare_docx_has_headings_tables_and_notes(ds, tmp_path):
    res = compare(ds, "sector")
    out = tmp_path / "jämförelse.docx"
    assert write_result(res, out, lang="sv") == [out]
    doc = Document(str(out))
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[0] == "Heading 1" and "Heading 2" in styles
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert "Variabel" in header and "p-värde" in header
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # header repeats on every page
    body = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(body) == 2
    labels = [r[header.index("Fråga")] for r in body]
    assert "Ledningen har en tydlig strategi <för> digitalisering" in labels  # text, not markup
    # Swedish decimal comma in the numbers
    assert any("," in r[header.index("Testvärde")] for r in body)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Metod" in text


def test_docx_is_deterministic(ds, tmp_path):
    res = describe(ds, by="sector")
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    write_result(res, a, lang="en")
    write_result(res, b, lang="en")
    assert a.read_bytes() == b.read_bytes()


def test_figure_has_alt_text_and_template(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import io

    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [1, 2])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    template = tmp_path / "mall.docx"
    Document().save(str(template))
    doc = new_document(template)
    add_blocks(
        doc,
        [
            Block("heading", "Sammanfattning", level=1),
            Block(
                "figure", image=buf.getvalue(), alt="Andel per sektor: statlig 16 %, kommunal 4 %"
            ),
            Block("caption", "Figur 1. Andel som har en modell för nyttorealisering"),
        ],
    )
    out = tmp_path / "f.docx"
    out.write_bytes(document_bytes(doc))
    back = Document(str(out))
    assert back.paragraphs[0].text == "Sammanfattning"
    descr = back.inline_shapes[0]._inline.docPr.get("descr")
    assert descr == "Andel per sektor: statlig 16 %, kommunal 4 %"
    assert back.inline_shapes[0].width == pytest.approx(16 * 360000, rel=1e-3)


def test_bad_template_is_an_error(tmp_path):
    from digianalys.errors import OutputError

    with pytest.raises(OutputError, match="must be a .docx"):
        new_document(tmp_path / "mall.dotx")
    bad = tmp_path / "trasig.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(OutputError, match="cannot be read as a Word document"):
        new_document(bad)


@pytest.mark.slow  # LibreOffice
def test_libreoffice_renders_it(ds, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed (Debian: libreoffice-writer-nogui)")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (Debian: poppler-utils)")
    out = tmp_path / "jämförelse.docx"
    write_result(compare(ds, "sector"), out, lang="sv")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "jämförelse.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "anställda" in text and "Welchs t" in text and "Anteckningar" in text


def test_terminal_escapes_and_controls_never_reach_word(tmp_path):
    doc = new_document()
    add_blocks(
        doc, [Block("paragraph", "\x1b[1mfet\x1b[0m \x1b]8;;http://x\x07länk\x1b]8;;\x07\x00")]
    )
    out = tmp_path / "t.docx"
    out.write_bytes(document_bytes(doc))
    assert Document(str(out)).paragraphs[0].text == "fet länk"


def test_example_report_docx(example_run):
    """report.docx beside report.html: headings for navigation, every figure as a picture with
    alt text, every shown table as a Word table with a numbered caption."""
    doc = Document(str(example_run / "report.docx"))
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[0] == "Title" and styles.count("Heading 1") >= 3 and "Heading 2" in styles
    figures = sorted((example_run / "figures").glob("*.svg"))
    # a figure taller than the page is placed in parts, "(1/2)", "(2/2)" after its alt text
    alts = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert len([a for a in alts if not re.search(r" \((?!1/)\d+/\d+\)$", a)]) == len(figures)
    assert all(alts) and any("Digitaliseringstakt" in a for a in alts)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert sum(c.startswith("Tabell ") for c in captions) == len(doc.tables) > 10
    assert sum(c.startswith("Figur ") for c in captions) == len(figures)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Metod" in text and "Referenser" in text


def test_config_formats_and_template(tmp_path):
    from digianalys.errors import ConfigError
    from digianalys.run.config import parse_config

    cfg = parse_config({"dataset": str(tmp_path)}, base=tmp_path)
    assert cfg.formats == ["html", "docx"] and cfg.template is None
    cfg = parse_config({"dataset": str(tmp_path), "formats": ["html"]}, base=tmp_path)
    assert cfg.formats == ["html"]
    with pytest.raises(ConfigError, match="formats"):
        parse_config({"dataset": str(tmp_path), "formats": ["pdf"]}, base=tmp_path)
    with pytest.raises(ConfigError, match="template"):
        parse_config({"dataset": str(tmp_path), "template": "mall.dotx"}, base=tmp_path)


def test_figures_are_placed_at_the_width_they_are_drawn_at():
    from digianalys.output.word import FIGURE_WIDTH_CM
    from digianalys.plots.theme import WIDTH_CM

    assert FIGURE_WIDTH_CM == WIDTH_CM
