"""Text from the data never becomes markup or terminal control (issue 16 point 3, 17 point 5).

Labels, levels, value labels and titles carrying HTML, TeX/mathtext, Markdown links and
terminal escape sequences go through every plot kind and every table format; each sink must
show them as literal text (or drop the control bytes) and never fail.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.plots import KINDS, make_plot

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "math": "$x$ och $\\frac{1}{0}$ \\foo",
    "tex": "\\input{/etc/passwd}",
    "link": "[a](javascript:alert(1)) ![i](http://evil.example/x.png)",
    "ansi": "\x1b]0;owned\x07\x1b[31mröd\x1b[0m\x1b]8;;http://evil\x07klick\x1b]8;;\x07",
}
AGREE = {1: "Nej $a$", 2: "\\bar{x}", 3: "<b>mitt</b>", 4: "[j](javascript:x)", 5: "Ja \x1b[1m!"}


def _hostile_ds(n: int = 120, seed: int = 3) -> Dataset:
    rng = np.random.default_rng(seed)
    levels = ["<svg onload=x>", "$y$ \\alpha", "[l](javascript:y)"]
    sector = rng.choice(levels, size=n)
    lead = rng.normal(size=n)

    def item(shift: float) -> pd.Series:
        x = np.clip(np.round(3 + lead + shift + rng.normal(scale=0.8, size=n)), 1, 5)
        return pd.Series(x).astype("Int64")

    data = pd.DataFrame(
        {
            "sector": pd.Series(sector, dtype="string"),
            "q1": item(0.2),
            "q2": item(-0.2),
            "yes": pd.Series((lead + rng.normal(size=n) > 0).astype(int)).astype("Int64"),
            "pace": 50 + 8 * lead + rng.normal(scale=6, size=n),
            "wave": pd.Categorical(rng.choice(["$2018$", "\\x2021"], size=n)),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "sector",
                    "type": "categorical",
                    "label": HOSTILE["script"],
                    "levels": {lv: [lv] for lv in levels},
                },
                {"name": "q1", "type": "ordinal", "label": HOSTILE["math"], "values": AGREE},
                {"name": "q2", "type": "ordinal", "label": HOSTILE["tex"], "values": AGREE},
                {
                    "name": "yes",
                    "type": "binary",
                    "label": HOSTILE["link"],
                    "values": {1: "$Ja$", 0: "\\Nej"},
                },
                {"name": "pace", "type": "numeric", "label": HOSTILE["ansi"]},
            ]
        }
    )
    return Dataset(data=data, codebook=cb)


CALLS = {
    "likert": ([], "sector"),
    "box": (["q1"], "sector"),
    "bar": (["yes"], "sector"),
    "scatter": (["q1", "pace"], "sector"),
    "heatmap": ([], None),
    "forest": (["pace ~ q1 + C(sector)"], None),
    "trend": (["pace"], "sector"),
}


@pytest.fixture(scope="module")
def hds() -> Dataset:
    return _hostile_ds()


@pytest.mark.slow  # every plot kind
@pytest.mark.parametrize("kind", KINDS)
def test_every_plot_kind_draws_hostile_text_literally(kind, hds, tmp_path):
    """No ParseFatalException from mathtext; "$x$" and "\\input{…}" are in the SVG as text."""
    import html

    if kind == "forest":
        pytest.importorskip("digianalys.stats.models")
    args, by = CALLS[kind]
    caption = "Figur: $z$ \\input{c} <i>"
    for ext in ("svg", "png", "pdf"):
        out = make_plot(kind, hds, tmp_path / f"f.{ext}", args=args, by=by, caption=caption)
        assert out.stat().st_size > 1000
    raw = (tmp_path / "f.svg").read_text(encoding="utf-8")
    assert "<script" not in raw and "<svg onload" not in raw  # XML-escaped text only
    shown = html.unescape(" ".join(re.findall(r"<text[^>]*>(.*?)</text>", raw, flags=re.S)))
    assert "$z$" in shown and "\\input{c}" in shown  # the caption, literally
    assert "\x1b" not in raw


def test_matplotlib_texts_are_not_parsed_as_math(hds):
    import importlib

    import matplotlib
    from matplotlib.text import Text

    from digianalys.plots import theme

    mod = importlib.import_module("digianalys.plots.box")
    with matplotlib.rc_context(theme.rc()):
        fig = mod.draw(hds, ["q1"], by="sector", min_cell=5)
        texts = fig.findobj(Text)
        assert texts and not any(t.get_parse_math() for t in texts)
        fig.canvas.draw()  # rendering every text (tick labels included) must not raise
    assert any("$y$" in t.get_text() for t in texts)


@pytest.mark.parametrize("ext", [".md", ".html", ".tex", ".csv", ".json", ".xlsx"])
def test_every_table_format_escapes_hostile_text(ext, hds, tmp_path):
    from digianalys.output.render import write_result
    from digianalys.stats.describe import describe

    res = describe(hds, by="sector")
    out = tmp_path / f"x{ext}"
    write_result(res, out)
    if ext == ".xlsx":
        return  # written as text cells; test_render covers formulas
    text = out.read_text(encoding="utf-8-sig")
    if ext == ".md":
        assert not re.search(r"(?<!\\)\]\(", text)  # no link/image syntax left active
        assert not re.search(r"(?<!\\)!(?<!\\)\[", text) and "\\!\\[i\\]" in text
        assert "<script" not in text and "<svg" not in text and "<b>" not in text
        assert "\\[a\\](javascript" in text
        assert "http\\://evil" in text  # no autolink
    elif ext == ".html":
        assert "<script" not in text and "<svg onload" not in text and "<b>" not in text
        assert "&lt;script&gt;" in text
    elif ext == ".tex":
        assert "\\input{" not in text and "$x$" not in text
        assert "\\textbackslash{}input\\{/etc/passwd\\}" in text
        assert "\\$x\\$" in text
    if ext in (".md", ".html", ".tex"):
        assert "\x1b" not in text and "\x07" not in text


def test_terminal_output_has_no_escape_sequences(hds):
    from digianalys.output.render import terminal
    from digianalys.stats.compare import compare
    from digianalys.stats.describe import describe

    for res in (describe(hds, by="sector"), compare(hds, "sector", ["q1", "pace"])):
        out = terminal(res)
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)
        assert "röd" in out or "klick" in out or res.kind == "compare"


def test_strip_controls_and_md_escape():
    from digianalys.output.formatting import md_escape, strip_controls

    assert (
        strip_controls("a\x1b]8;;http://x\x07b\x1b]8;;\x07 \x1b[2J\x1b[31mc\x9b1m\u202ed")
        == "ab cd"
    )
    assert strip_controls("osc unterminated \x1b]0;title") == "osc unterminated "
    assert md_escape("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md_escape("![i](https://e.x/p.png)") == "\\!\\[i\\](https\\://e.x/p.png)"
    assert md_escape("<img src=x>") == "&lt;img src=x&gt;"
    assert md_escape("lead_strategy *a* `b`") == "lead_strategy \\*a\\* \\`b\\`"
    assert md_escape("&#106;s") == "&amp;\\#106;s"


def test_json_output_has_no_raw_terminal_controls_and_same_values():
    import json

    from digianalys.output.render import to_json_text
    from digianalys.result import Result

    res = Result(
        kind="describe",
        tables={"t": pd.DataFrame({"label": ["a\x1b[31mb\x9b2Jc\u202ed\x7f"]})},
        notes=["\x1b]0;x\x07"],
    )
    out = to_json_text(res)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e]", out.replace("\n", ""))
    assert json.loads(out) == json.loads(json.dumps(res.to_dict()))


def test_cli_describe_prints_and_writes_markdown_safely(hds, tmp_path):
    from typer.testing import CliRunner

    from digianalys.cli import app

    d = tmp_path / "ds"
    d.mkdir()
    hds.data.to_parquet(d / "data.parquet", index=False)
    hds.codebook.save(d / "codebook.yaml")
    res = CliRunner().invoke(app, ["describe", str(d), "--by", "sector"])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "röd" in res.stdout  # the label itself is kept, only the escape codes go
    md = tmp_path / "x.md"
    res = CliRunner().invoke(app, ["describe", str(d), "--by", "sector", "-o", str(md)])
    assert res.exit_code == 0, res.output
    text = md.read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)\]\(", text) and "<script" not in text
    assert "\x1b" not in text


def test_markdown_renders_to_no_link_image_or_html(hds):
    """Rendered by a CommonMark parser (with tables), the Markdown has no <a>, <img> or raw
    HTML element from the data, and the link text is shown literally."""
    markdown_it = pytest.importorskip("markdown_it")
    from digianalys.output.render import to_markdown
    from digianalys.stats.compare import compare
    from digianalys.stats.describe import describe

    parser = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough")
    for res in (describe(hds, by="sector"), compare(hds, "sector", ["q1", "yes"])):
        html = parser.render(to_markdown(res))
        assert not re.search(r"<(a|img|script|svg|b|i)\b", html)
        assert "[a](javascript:alert(1))" in html or "javascript" not in to_markdown(res)
        assert "<table>" in html


def test_cli_error_messages_carry_no_escape_sequences(hds, tmp_path):
    from typer.testing import CliRunner

    from digianalys.cli import app

    d = tmp_path / "ds"
    d.mkdir()
    hds.data.to_parquet(d / "data.parquet", index=False)
    hds.codebook.save(d / "codebook.yaml")
    res = CliRunner().invoke(app, ["describe", str(d), "q\x1b]0;owned\x07\x1b[2Jx"])
    assert res.exit_code == 1
    assert res.stderr.startswith("error: ") and "\x1b" not in res.stderr
    assert "\x07" not in res.stderr
