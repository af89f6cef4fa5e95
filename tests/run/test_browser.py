"""report.html in a real browser (headless Chromium) and statically.

Static checks (always run): no external URL in any src/href, no scripts or stylesheets to load,
every figure an inline <svg> or a data-URI <img>.

Browser checks (skipped only when no Chromium is installed; Debian's `chromium` package, which
.ci/run installs): a screenshot that is not blank; on a probe copy of the page (the report itself
has no script) every figure has a size and every image decoded, and the page loaded no resource —
neither in the page's resource timing nor in Chromium's own log of file loads. A negative control
checks that the probe does see a missing image and an external URL.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.result import Result
from digianalys.run.config import Step, parse_config
from digianalys.run.html import build_html
from digianalys.run.steps import StepOutcome

pytestmark = pytest.mark.slow  # headless Chromium

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

PROBE = """<script>
window.addEventListener("load", function () {
  var out = {resources: performance.getEntriesByType("resource").map(function (e) { return e.name; }),
             figures: [], images: []};
  document.querySelectorAll("figure").forEach(function (f) {
    var el = f.querySelector("svg, img");
    var r = el ? el.getBoundingClientRect() : {width: 0, height: 0};
    out.figures.push({tag: el ? el.tagName.toLowerCase() : null, width: r.width, height: r.height});
  });
  document.querySelectorAll("img").forEach(function (i) {
    out.images.push({src: i.src.slice(0, 30), ok: i.complete && i.naturalWidth > 0});
  });
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


# ----------------------------------------------------------------------------- helpers
def chromium() -> str:
    """Path of a Chromium binary, or skip saying why."""
    env = os.environ.get("DIGIANALYS_CHROMIUM")
    for name in ([env] if env else []) + list(CHROMIUM_NAMES):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip(
        "no headless Chromium installed (tried: " + ", ".join(CHROMIUM_NAMES) + "); "
        "install Debian's 'chromium' package to run the browser checks (.ci/run does)"
    )


def run_chromium(page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'chromium-profile'}",
    ]
    return subprocess.run(
        [chromium(), *flags, *extra, page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def probe(page: Path, tmp: Path) -> tuple[dict, list[str]]:
    """Load a probe copy of ``page``; return the probe's findings and the files Chromium loaded."""
    copy = tmp / f"probe-{page.name}"
    copy.write_text(
        page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    res = run_chromium(
        copy, tmp, "--enable-logging=stderr", "--v=1", "--virtual-time-budget=5000", "--dump-dom"
    )
    m = re.search(r'<pre id="probe">(.*?)</pre>', res.stdout, re.S)
    assert m, f"the probe did not run; chromium exit {res.returncode}: {res.stderr[-2000:]}"
    found = json.loads(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    loads = re.findall(r"FileURLLoader::Start: (\S+)", res.stderr)
    files = [u for u in loads if u != copy.resolve().as_uri()]
    return found, files


def static_problems(page: str) -> list[str]:
    """What would make a page not self-contained (empty list: none)."""
    problems = []
    for m in re.finditer(r"""\b(src|href|xlink:href)\s*=\s*["']([^"']*)["']""", page, re.I):
        attr, value = m.group(1), m.group(2).strip()
        if re.match(r"(https?:)?//", value, re.I):
            problems.append(f"external {attr}: {value[:60]}")
        elif attr.lower() == "src" and not value.startswith("data:"):
            problems.append(f"src not a data URI: {value[:60]}")
        elif attr.lower() != "src" and not value.startswith(("#", "data:")):
            problems.append(f"{attr} to a file: {value[:60]}")
    if re.search(r"<script|<link\b|@import|url\(\s*['\"]?(https?:)?//", page, re.I):
        problems.append("script, stylesheet link, @import or external url()")
    for fig in re.findall(r"<figure\b.*?</figure>", page, re.S):
        body = re.sub(r"<figcaption>.*?</figcaption>", "", fig, flags=re.S)
        if not re.search(r"<svg\b", body) and not re.search(r'<img [^>]*src="data:image/', body):
            problems.append("a figure without inline svg or data-URI image")
    return problems


def assert_not_blank(png: Path) -> None:
    from PIL import Image

    with Image.open(png) as im:
        rgb = im.convert("RGB")
        w, h = rgb.size
        colours = rgb.getcolors(maxcolors=w * h)
    assert colours is not None
    white = sum(n for n, c in colours if min(c) >= 250)
    assert len(colours) > 50, f"screenshot has only {len(colours)} colours"
    assert 1 - white / (w * h) > 0.02, "screenshot is (almost) all white"


# ----------------------------------------------------------------------------- pages
@pytest.fixture(scope="module")
def synthetic_report(tmp_path_factory) -> Path:
    """A report built by report.build_html from small results and real matplotlib figures."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tmp = tmp_path_factory.mktemp("synthetic")
    figs = []
    for i, suffix in enumerate((".svg", ".svg", ".png")):
        plt.rcParams["svg.fonttype"] = "none"
        fig, ax = plt.subplots(figsize=(4, 2.5))
        ax.bar(["statlig", "kommunal", "regional"], [3 + i, 2, 4], color="#0072B2")
        ax.set_title(f"Figur {i} – åäö")
        path = tmp / f"fig{i}{suffix}"
        fig.savefig(path, dpi=80)
        plt.close(fig)
        figs.append(path)
    table = pd.DataFrame({"variable": ["pace", "lead"], "n": [400, 380], "p_value": [0.0002, 0.31]})
    outcomes = [
        StepOutcome(
            Step("compare", "jamforelse", {}),
            Result("compare", {"compare": table}, "Jämförelse", methods=["Holm correction."]),
        )
    ] + [StepOutcome(Step("plot", f"fig{i}", {}), figure=p) for i, p in enumerate(figs)]
    cfg = parse_config({"title": "Syntetisk rapport", "dataset": "x", "lang": "sv"}, base=tmp)
    ds = Dataset(data=table, codebook=Codebook.from_dict({"variables": []}), report={})
    page = tmp / "report.html"
    page.write_text(build_html(cfg, ds, outcomes), encoding="utf-8")
    return page


@pytest.fixture(params=["synthetic", "example"])
def report_page(request) -> Path:
    if request.param == "synthetic":
        return request.getfixturevalue("synthetic_report")
    return request.getfixturevalue("example_run") / "report.html"


# ----------------------------------------------------------------------------- tests
def test_static_self_contained(report_page):
    page = report_page.read_text(encoding="utf-8")
    assert static_problems(page) == []
    assert "<figure" in page
    # several inline SVGs in one page: ids unique, every internal reference resolves
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    refs = set(re.findall(r"url\(#([^)]+)\)", page)) | set(re.findall(r'href="#([^"]+)"', page))
    assert refs <= set(ids), sorted(refs - set(ids))[:5]


def test_static_checker_catches_problems():
    bad = (
        '<img src="https://x.se/a.png"><a href="http://x.se">x</a><img src="fig.png">'
        '<link rel="stylesheet" href="a.css"><figure><p>no image</p></figure>'
    )
    problems = static_problems(bad)
    assert len(problems) == 6, problems


@pytest.mark.browser
def test_renders_in_chromium(report_page, tmp_path):
    shot = tmp_path / "shot.png"
    res = run_chromium(report_page, tmp_path, "--window-size=1280,2400", f"--screenshot={shot}")
    assert shot.is_file(), f"no screenshot; chromium exit {res.returncode}: {res.stderr[-2000:]}"
    assert_not_blank(shot)

    found, files = probe(report_page, tmp_path)
    assert found["resources"] == [] and files == [], (found["resources"], files)
    n_fig = report_page.read_text(encoding="utf-8").count("<figure")
    assert len(found["figures"]) == n_fig > 0
    for f in found["figures"]:
        assert f["tag"] in ("svg", "img") and f["width"] > 50 and f["height"] > 50, f
    assert all(i["ok"] for i in found["images"]), found["images"]


@pytest.mark.browser
def test_probe_sees_missing_and_external_resources(tmp_path):
    """Negative control: the checks above would notice a broken or external resource."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        '<figure><img src="missing.png" alt="x"></figure>'
        '<img src="http://example.invalid/x.png" alt="y"></body></html>',
        encoding="utf-8",
    )
    found, files = probe(page, tmp_path)
    assert any(u.endswith("/missing.png") for u in files)
    assert "http://example.invalid/x.png" in found["resources"]
    assert not all(i["ok"] for i in found["images"])


@pytest.mark.browser
def test_prints_every_column_to_pdf(example_run, tmp_path):
    """Printed to PDF (A4 landscape, print CSS), no table loses its right-hand columns and folded
    tables print: every table with an adjusted p has its column heading in the PDF's text, and
    the last row of a long folded table is there."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    page = example_run / "report.html"
    pdf = tmp_path / "report.pdf"
    res = run_chromium(page, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.is_file(), f"no PDF; chromium exit {res.returncode}: {res.stderr[-2000:]}"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    html_text = page.read_text(encoding="utf-8")
    tables = re.findall(r"<table.*?</table>", html_text, re.S)
    with_p = [t for t in tables if "Justerat p" in t]
    assert with_p, "the example's tables have adjusted p-values"
    # narrow headings may wrap inside a word ("Juste/rat p"), so count the start of the word
    assert text.count("Juste") >= len(with_p)
    # every table's right-hand column (its last heading) is on the page: the start of each last
    # heading is in the PDF at least as often as tables end with it
    ends: dict[str, int] = {}
    for t in tables:
        heads = re.findall(r"<th[^>]*>(.*?)</th>", t, re.S)
        last = re.sub(r"<[^>]+>", "", heads[-1]).strip() if heads else ""
        if len(last) >= 4:
            ends[last[:4]] = ends.get(last[:4], 0) + 1
    for start, n in ends.items():
        assert text.count(start) >= n, (start, n)
    # a folded table prints: the last cell text of the longest table is in the PDF
    longest = max(tables, key=len)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", longest, re.S)
    ]
    last_cell = next(c for c in reversed(cells) if c and len(c) > 3)
    assert last_cell.split()[0] in text
