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

    python benchmarks/bench.py            # all sizes (the 100k x 150 file takes a few minutes to generate)
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


def make_export(spec: Spec, path: Path, seed: int = 1) -> None:
    """Write a survey-shaped xlsx: sector, employees, ~60 % Likert (matrix groups of 5, with "Vet ej"),
    ~20 % numeric codes with blanks, a select-all question (ticked option text), free text.
    Shared strings, as Excel writes them (openpyxl writes a sharedStrings part)."""
    import numpy as np
    from openpyxl import Workbook

    rng = np.random.default_rng(seed)
    n, k = spec.rows, spec.cols
    n_multi = len(OPTIONS)
    n_text = 2
    n_likert = int(k * 0.6)
    n_num = k - 2 - n_likert - n_multi - n_text
    head1: list[str | None] = ["Typ av organisation", "Antal anställda"]
    head2: list[str | None] = ["Response", "Response"]
    cols: list[np.ndarray] = []
    cols.append(np.array(SECTORS, dtype=object)[rng.choice(3, size=n, p=[0.39, 0.57, 0.04])])
    cols.append(np.round(rng.lognormal(6, 1.2, size=n)).astype(object))
    lab = np.array(LIKERT + ["Vet ej", None], dtype=object)
    for j in range(n_likert):
        g, i = divmod(j, 5)
        head1.append(f"Fråga {g + 1}: hur väl stämmer påståendena?" if i == 0 else None)
        head2.append(f"Påstående {g + 1}.{i + 1} om digitalisering i verksamheten")
        cols.append(lab[rng.choice(7, size=n, p=[0.1, 0.15, 0.2, 0.25, 0.2, 0.06, 0.04])])
    for j in range(n_num):
        head1.append(f"Kod {j + 1}")
        head2.append("Response")
        v = rng.integers(0, 100, size=n).astype(object)
        v[rng.random(n) < 0.15] = None
        cols.append(v)
    for i, opt in enumerate(OPTIONS):
        head1.append("Vilka tjänster använder ni? (flera svar)" if i == 0 else None)
        head2.append(opt)
        v = np.where(rng.random(n) < 0.4, opt, None).astype(object)
        cols.append(v)
    words = np.array(WORDS, dtype=object)
    for j in range(n_text):
        head1.append(f"Övriga kommentarer {j + 1}")
        head2.append("Open-Ended Response")
        t = np.array(
            [" ".join(words[rng.integers(0, len(words), size=6)]) for _ in range(min(n, 5000))],
            dtype=object,
        )
        v = t[rng.integers(0, len(t), size=n)]
        v[rng.random(n) < 0.7] = None
        cols.append(v)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    if spec.header_rows == 1:
        ws.append(
            [
                h2 if h2 not in ("Response", "Open-Ended Response") else h1
                for h1, h2 in zip(_fill(head1), head2, strict=True)
            ]
        )
    else:
        ws.append(head1)
        ws.append(head2)
    rows = np.column_stack(cols)
    for r in rows:
        ws.append(
            [
                None if x is None else (int(x) if isinstance(x, float) and x.is_integer() else x)
                for x in r
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _fill(head: list[str | None]) -> list[str]:
    out, last = [], ""
    for h in head:
        last = h if h else last
        out.append(last)
    return out


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
    times, mems = [], []
    for _ in range(repeat):
        t, m, rc = run_child(cmd)
        if rc != 0:
            return float("nan"), float("nan")
        times.append(t)
        mems.append(m)
    return statistics.median(times), max(mems)


def digianalys(*args: str) -> list[str]:
    return [PY, "-m", "digianalys.cli", *args]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the 100,000-row file; fewer repeats")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    opts = ap.parse_args()
    repeat = 3 if opts.quick else opts.repeat
    specs = SPECS[:2] if opts.quick else SPECS
    rows: list[tuple[str, str, float, float, str]] = []

    def add(what: str, base: str, t: float, mem: float, ratio: str) -> None:
        rows.append((what, base, t, mem, ratio))
        print(f"{what:<58} {t:8.2f} s {mem:8.0f} MB  {ratio}", flush=True)

    # --help vs import typer
    t_typer, _ = median_time([PY, "-c", "import typer"], repeat * 2)
    t_help, m_help = median_time(digianalys("--help"), repeat * 2)
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
        if not f.exists():
            print(f"generating {f.name} …", flush=True)
            make_export(spec, f)
        out = WORK / f"ds-{spec.name}"
        t_fx, m_fx = median_time(
            [
                PY,
                "-c",
                f"import fastexcel; fastexcel.read_excel({str(f)!r}).load_sheet(0, header_row=None).to_arrow()",
            ],
            repeat,
        )
        add(f"{spec.name}: fastexcel read only (process)", "", t_fx, m_fx, "baseline")
        t_in, m_in = median_time(digianalys("ingest", str(f), "-o", str(out), "--force"), repeat)
        add(
            f"{spec.name}: digianalys ingest (end to end)",
            "fastexcel",
            t_in,
            m_in,
            f"{t_in / t_fx:.2f}x fastexcel (target <= 1.5x)",
        )
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
                f"{t_pd / t_in:.1f}x faster (target >= 7x)",
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
        "peak RSS of that process. Ratios compare against baselines measured in the same run.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "",
        "| measurement | seconds | peak MB | ratio / target |",
        "|---|---:|---:|---|",
    ]
    for what, _base, t, mem, ratio in rows:
        lines.append(f"| {what} | {t:.2f} | {mem:.0f} | {ratio} |")
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
