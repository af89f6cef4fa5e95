"""Performance benchmark for digianalys (issue 6). Not part of the test suite.

Generates survey-shaped exports, then measures in ONE run (medians of several runs) and reports
times as ratios against baselines measured in the same run:

* ``digianalys ingest`` end to end (process start included) vs ``pandas.read_excel(engine="openpyxl")``
  and vs a process that only reads the same file with fastexcel;
* peak memory (max RSS of the child process, from ``os.wait4``);
* ``compare --by sector`` over all variables of the 100,000-row dataset;
* ``digianalys run`` on the example;
* ``digianalys --help`` vs ``python -c "import typer"``.

Usage::

    python benchmarks/bench.py            # all sizes (takes several minutes)
    python benchmarks/bench.py --quick    # 2,000 x 80 and 20,000 x 120 only, fewer repeats

Results are printed and written to ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "_work"
PY = sys.executable

LIKERT = [
    "Instämmer inte alls",
    "Instämmer knappast",
    "Varken eller",
    "Instämmer delvis",
    "Instämmer helt",
]
SECTORS = ["Statlig myndighet", "Kommun", "Region"]
OPTIONS = ["e-legitimation", "Mina meddelanden", "SDK", "Ineras tjänster", "eSam"]
WORDS = "digitalisering ledning tjänster användare kostnad kompetens samverkan styrning".split()


@dataclass
class Spec:
    name: str
    rows: int
    cols: int
    header_rows: int


SPECS = [
    Spec("small-2000x80", 2_000, 80, 1),
    Spec("medium-20000x120", 20_000, 120, 2),
    Spec("large-100000x150", 100_000, 150, 2),
]
#: The export the issue's ingest targets are set for (the others are measured for reference).
TARGET = SPECS[1]


def make_export(spec: Spec, path: Path, seed: int = 1) -> None:
    """Write a survey-shaped xlsx in SurveyMonkey's layout.

    Columns: Respondent ID, sector ("Typ av organisation"), employees, ~60 % Likert (matrix
    groups of 5 with "Vet ej" and blanks), ~20 % numeric codes with blanks, a select-all question
    (ticked option text, else blank) and free text. With ``header_rows == 2`` the first row holds
    the question (once per matrix) and the second the sub-item/"Response"/"Open-Ended Response".

    The workbook is written directly as OOXML with a **shared-strings** table, as Excel (and the
    survey tools) write it — openpyxl's write-only mode writes inline strings, which readers
    handle differently. ``docProps/app.xml`` does not claim Excel, so digianalys runs its full
    formula pre-scan (the conservative case).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    n, k = spec.rows, spec.cols
    n_multi = len(OPTIONS)
    n_text = 2
    n_likert = int(k * 0.6)
    n_num = k - 3 - n_likert - n_multi - n_text
    head1: list[str | None] = ["Respondent ID", "Typ av organisation", "Antal anställda"]
    head2: list[str | None] = [None, "Response", "Response"]
    # each column: ("s", codes into `labels`, -1 = blank) or ("n", int64 values, mask of blanks)
    cols: list[tuple[str, np.ndarray, np.ndarray | list[str]]] = []
    ids = 11_400_000_000 + np.sort(rng.choice(90_000_000, size=n, replace=False))
    cols.append(("n", ids, np.zeros(n, dtype=bool)))
    cols.append(("s", rng.choice(3, size=n, p=[0.39, 0.57, 0.04]), SECTORS))
    cols.append(("n", np.round(rng.lognormal(6, 1.2, size=n)).astype(np.int64), np.zeros(n, bool)))
    likert = LIKERT + ["Vet ej"]
    for j in range(n_likert):
        g, i = divmod(j, 5)
        head1.append(f"Fråga {g + 1}: hur väl stämmer påståendena?" if i == 0 else None)
        head2.append(f"Påstående {g + 1}.{i + 1} om digitalisering i verksamheten")
        code = rng.choice(7, size=n, p=[0.1, 0.15, 0.2, 0.25, 0.2, 0.06, 0.04])
        cols.append(("s", np.where(code == 6, -1, code), likert))
    for j in range(n_num):
        head1.append(f"Kod {j + 1}")
        head2.append("Response")
        cols.append(("n", rng.integers(0, 100, size=n), rng.random(n) < 0.15))
    for i, opt in enumerate(OPTIONS):
        head1.append("Vilka tjänster använder ni? (flera svar)" if i == 0 else None)
        head2.append(opt)
        cols.append(("s", np.where(rng.random(n) < 0.4, 0, -1), [opt]))
    words = np.array(WORDS, dtype=object)
    texts = [" ".join(words[rng.integers(0, len(words), size=6)]) for _ in range(min(n, 5000))]
    for j in range(n_text):
        head1.append(f"Övriga kommentarer {j + 1}")
        head2.append("Open-Ended Response")
        code = rng.integers(0, len(texts), size=n)
        cols.append(("s", np.where(rng.random(n) < 0.7, -1, code), texts))
    if spec.header_rows == 1:
        header_rows = [
            [
                h2 if h2 not in (None, "Response", "Open-Ended Response") else h1
                for h1, h2 in zip(_fill(head1), head2, strict=True)
            ]
        ]
    else:
        header_rows = [head1, head2]
    _write_xlsx(path, header_rows, cols, n)


def _fill(head: list[str | None]) -> list[str]:
    out, last = [], ""
    for h in head:
        last = h if h else last
        out.append(last)
    return out


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _col_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _write_xlsx(path: Path, header_rows: list[list[str | None]], cols: list, n: int) -> None:
    """A minimal but complete .xlsx (one sheet, shared strings, dimension, cell references)."""
    import zipfile

    import numpy as np

    strings: list[str] = []
    index: dict[str, int] = {}

    def sst(text: str) -> int:
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    k = len(cols)
    letters = [_col_letters(j + 1) for j in range(k)]
    # per column: an object array of the cell tail after 'r="A12"' ('' for a blank cell)
    tails: list[np.ndarray] = []
    for kind, values, extra in cols:
        if kind == "s":
            ref = np.array([f' t="s"><v>{sst(t)}</v></c>' for t in extra] + [""], dtype=object)
            tails.append(ref[np.where(values < 0, len(extra), values)])
        else:
            tail = np.array([f"><v>{v}</v></c>" for v in values.tolist()], dtype=object)
            tail[extra] = ""
            tails.append(tail)
    head_xml = []
    for r, row in enumerate(header_rows, start=1):
        cells = "".join(
            f'<c r="{letters[j]}{r}" t="s"><v>{sst(h)}</v></c>'
            for j, h in enumerate(row)
            if h is not None
        )
        head_xml.append(f'<row r="{r}">{cells}</row>')
    first = len(header_rows) + 1
    last = first + n - 1
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>",
        )
        zf.writestr(
            "docProps/app.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>digianalys benchmark</Application></Properties>",
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {ns} '
            f'xmlns:r="{rel_ns}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel_ns}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel_ns}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(
                (
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {ns}>'
                    f'<dimension ref="A1:{letters[-1]}{last}"/><sheetData>' + "".join(head_xml)
                ).encode()
            )
            buf: list[str] = []
            for i, row in enumerate(zip(*(t.tolist() for t in tails), strict=True)):
                r = first + i
                buf.append(f'<row r="{r}">')
                buf.extend(f'<c r="{c}{r}"{t}' for c, t in zip(letters, row, strict=True) if t)
                buf.append("</row>")
                if len(buf) > 200_000:
                    fh.write("".join(buf).encode())
                    buf = []
            buf.append("</sheetData></worksheet>")
            fh.write("".join(buf).encode())
        items = "".join(f"<si><t>{_xml_text(t)}</t></si>" for t in strings)
        zf.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {ns} '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>',
        )
    tmp.replace(path)


def _is_current(path: Path) -> bool:
    """The export exists and was written by this generator (shared strings, not openpyxl)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            return "xl/sharedStrings.xml" in zf.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _detected(spec: Spec, out: Path) -> str:
    """Layout, header rows and variable types ingest found (checks the generator's realism)."""
    import json

    try:
        report = json.loads((out / "ingest-report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"{spec.name}: no ingest report"
    inp = report["inputs"][0]
    types: dict[str, int] = {}
    for c in report["columns"]:
        types[c["type"]] = types.get(c["type"], 0) + 1
    names = {c["name"] for c in report["columns"]}
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
    return (
        f"{spec.name}: {inp['layout']} layout, {inp['header_rows']} header row(s), "
        f"{report['rows']} rows; {kinds}; sector column {'found' if 'sector' in names else 'MISSING'}"
    )


def run_child(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float, int]:
    """Run a command; return (seconds, peak RSS in MB, exit code)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        err = p.stderr.read().decode(errors="replace")[-800:] if p.stderr else ""
        print(f"  ! {' '.join(cmd[:4])}… exited {rc}: {err}", file=sys.stderr)
    if p.stderr:
        p.stderr.close()
    return dt, usage.ru_maxrss / 1024, rc


def median_time(cmd: list[str], repeat: int) -> tuple[float, float]:
    return median_times([cmd], repeat)[0]


def median_times(cmds: list[list[str]], repeat: int) -> list[tuple[float, float]]:
    """(median seconds, peak MB) of each command, run ``repeat`` times **interleaved**
    (a, b, c, a, b, c, …), so that a measurement and its baseline see the same machine: on a
    shared machine speed drifts by ±10 % within a minute, and timing them in separate blocks
    would put that drift into the ratio."""
    times: list[list[float]] = [[] for _ in cmds]
    mems: list[list[float]] = [[] for _ in cmds]
    failed = [False] * len(cmds)
    for _ in range(repeat):
        for i, cmd in enumerate(cmds):
            if failed[i]:
                continue
            t, m, rc = run_child(cmd)
            if rc != 0:
                failed[i] = True
                continue
            times[i].append(t)
            mems[i].append(m)
    return [
        (float("nan"), float("nan")) if failed[i] else (statistics.median(times[i]), max(mems[i]))
        for i in range(len(cmds))
    ]


def digianalys(*args: str) -> list[str]:
    return [PY, "-m", "digianalys.cli", *args]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the 100,000-row file; fewer repeats")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    opts = ap.parse_args()
    repeat = 5 if opts.quick else opts.repeat
    specs = SPECS[:2] if opts.quick else SPECS
    rows: list[tuple[str, str, float, float, str]] = []
    detected: list[str] = []

    def add(what: str, base: str, t: float, mem: float, ratio: str) -> None:
        rows.append((what, base, t, mem, ratio))
        print(f"{what:<58} {t:8.2f} s {mem:8.0f} MB  {ratio}", flush=True)

    # --help vs import typer
    (t_typer, _), (t_help, m_help) = median_times(
        [[PY, "-c", "import typer"], digianalys("--help")], repeat * 2
    )
    add("python -c 'import typer'", "", t_typer, 0, "baseline")
    add(
        "digianalys --help",
        "import typer",
        t_help,
        m_help,
        f"{t_help / t_typer:.2f}x (target <= 2x)",
    )

    for spec in specs:
        f = WORK / f"{spec.name}.xlsx"
        if not _is_current(f):
            print(f"generating {f.name} …", flush=True)
            make_export(spec, f)
        out = WORK / f"ds-{spec.name}"
        # the read-only baselines and ingest, interleaved
        (t_fx, m_fx), (t_fe, m_fe), (t_in, m_in) = median_times(
            [
                [
                    PY,
                    "-c",
                    f"import fastexcel; fastexcel.read_excel({str(f)!r}).load_sheet(0, header_row=None).to_arrow()",
                ],
                [
                    PY,
                    "-c",
                    f"import fastexcel; fastexcel.read_excel({str(f)!r}).load_sheet(0, header_row=None, eager=True)",
                ],
                digianalys("ingest", str(f), "-o", str(out), "--force"),
            ],
            repeat if spec.rows <= 20_000 else 3,
        )
        add(f"{spec.name}: fastexcel read only (process)", "", t_fx, m_fx, "baseline")
        add(
            f"{spec.name}: fastexcel eager read only (process)",
            "",
            t_fe,
            m_fe,
            "fastest fastexcel read (for reference)",
        )
        add(
            f"{spec.name}: digianalys ingest (end to end)",
            "fastexcel",
            t_in,
            m_in,
            f"{t_in / t_fx:.2f}x fastexcel{' (target <= 1.5x)' if spec is TARGET else ''}; "
            f"{t_in / t_fe:.2f}x eager read",
        )
        detected.append(_detected(spec, out))
        if spec.rows <= 20_000:
            hdr = "[0, 1]" if spec.header_rows == 2 else "0"
            t_pd, m_pd = median_time(
                [
                    PY,
                    "-c",
                    f"import pandas as pd; pd.read_excel({str(f)!r}, engine='openpyxl', header={hdr})",
                ],
                1 if spec.rows > 5000 else repeat,
            )
            add(f"{spec.name}: pandas.read_excel(openpyxl)", "", t_pd, m_pd, "baseline")
            add(
                f"{spec.name}: ingest / pandas+openpyxl",
                "",
                t_in / t_pd,
                0,
                f"{t_pd / t_in:.1f}x faster{' (target >= 7x)' if spec is TARGET else ''}",
            )
        if spec.rows >= 100_000:
            add(
                f"{spec.name}: ingest peak memory",
                "",
                t_in,
                m_in,
                f"{m_in:.0f} MB (target <= 2048 MB)",
            )
            t_cmp, m_cmp = median_time(
                digianalys("compare", str(out), "--by", "sector", "-o", str(WORK / "cmp.csv")),
                max(1, repeat // 2),
            )
            add(
                f"{spec.name}: compare --by sector (all variables)",
                "",
                t_cmp,
                m_cmp,
                "target < 10 s",
            )

    example = ROOT / "examples" / "digitalisering.toml"
    if example.exists():
        outdir = WORK / "example-run"
        t_run, m_run = median_time(
            digianalys("run", str(example), "-o", str(outdir), "--no-progress"), max(1, repeat // 2)
        )
        add("digianalys run examples/digitalisering.toml", "", t_run, m_run, "")
        shutil.rmtree(outdir, ignore_errors=True)

    if opts.no_write:
        return
    lines = [
        "# Benchmark results",
        "",
        "Reproduce: `python benchmarks/bench.py` (add `--quick` to skip the 100,000 x 150 file).",
        "Times are medians of several runs of a fresh process (process start included); memory is the",
        "peak RSS of that process. Ratios compare against baselines measured in the same run; a",
        "measurement and its baselines are run interleaved (a, b, c, a, b, c, ...).",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "",
        "| measurement | seconds | peak MB | ratio / target |",
        "|---|---:|---:|---|",
    ]
    for what, _base, t, mem, ratio in rows:
        lines.append(f"| {what} | {t:.2f} | {mem:.0f} | {ratio} |")
    lines += ["", "What ingest detected in the generated exports:", ""]
    lines += [f"- {d}" for d in detected]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
