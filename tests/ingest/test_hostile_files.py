"""The hostile-file corpus (tests/hostile.py) through ``digianalys ingest`` in a subprocess.

Each case runs in its own process with a time limit and an address-space limit
(``RLIMIT_AS``), so a Rust abort or a runaway allocation fails the test instead of killing
pytest; its wall time (< 30 s) and peak resident memory (< 1.5 GB) are asserted. Every case must end with exit 0 (and a dataset), or exit 1 with exactly one
``error: …`` line naming the file — never a traceback, never a signal.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import hostile
import pytest

pytestmark = pytest.mark.slow  # each case is a digianalys process (time/memory limits)

TIME_LIMIT = 30  # seconds, per case (issue 16); Case.seconds may widen it for a case
MEMORY_LIMIT = int(1.5 * (1 << 30))  # peak resident memory, per case (issue 16)
# The child's address space is capped too, so that a runaway allocation fails the case (the
# process dies) instead of exhausting the machine. Address space is not memory: Arrow's
# allocator and every thread's stack reserve far more than they touch, so the cap is wider
# than the resident limit checked after the run.
ADDRESS_SPACE = 6 << 30


def _limit() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_bytes: int


def run_ingest(path: Path, out: Path, tmp: Path) -> Run:
    """``digianalys ingest PATH -o OUT`` in a child process: exit status, output, wall time
    and the child's own peak resident memory (from wait4, not the cumulative children's)."""
    code = "import sys; from digianalys.cli import main; sys.argv[0] = 'digianalys'; main()"
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    with (tmp / "stdout").open("w+b") as so, (tmp / "stderr").open("w+b") as se:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", code, "ingest", str(path), "-o", str(out)],
            stdout=so,
            stderr=se,
            preexec_fn=_limit,
            env=env,
        )
        timer = threading.Timer(TIME_LIMIT * 4, proc.kill)  # the hard stop
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        so.seek(0)
        se.seek(0)
        return Run(
            proc.returncode,
            so.read().decode("utf-8", "replace"),
            se.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_maxrss * 1024,
        )


def _params() -> list[object]:
    params = []
    for case in hostile.CASES:
        marks = [pytest.mark.slow] if case.slow else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def _run_case(case: hostile.Case, base: Path) -> tuple[Path, Path, Run]:
    work = base / case.name
    src = work / "in"
    src.mkdir(parents=True)
    path = case.build(src)
    out = work / "out"
    return path, out, run_ingest(path, out, work)


@pytest.fixture(scope="module")
def fast_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Run]]:
    """Every fast case, run two at a time (each in its own child process, as one by one):
    the corpus costs half the wall time in the quick test run."""
    from concurrent.futures import ThreadPoolExecutor

    base = tmp_path_factory.mktemp("hostile")
    fast = [c for c in hostile.CASES if not c.slow]
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda c: _run_case(c, base), fast))
    return {c.name: r for c, r in zip(fast, done, strict=True)}


@pytest.mark.parametrize("case", _params())
def test_hostile_file_ends_cleanly(
    case: hostile.Case, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if case.slow:
        path, out, run = _run_case(case, tmp_path)
    else:
        path, out, run = request.getfixturevalue("fast_runs")[case.name]
    assert run.returncode in (0, 1), (run.returncode, run.stderr[-2000:])
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert "panicked" not in run.stderr, run.stderr[-2000:]
    assert run.seconds < case.seconds, f"{case.name} took {run.seconds:.1f} s"
    assert run.peak_bytes < MEMORY_LIMIT, f"{case.name} used {run.peak_bytes >> 20} MB"
    if case.outcome == "ok":
        assert run.returncode == 0, run.stderr
        report = json.loads((out / "ingest-report.json").read_text("utf-8"))
        assert report["inputs"][0]["rows_out"] >= 1
        assert (out / "data.parquet").is_file()
    else:
        assert run.returncode == 1, run.stdout + run.stderr
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, run.stderr
        assert lines[0].startswith("error: "), lines[0]
        assert path.name in lines[0], lines[0]
        assert case.message in lines[0], lines[0]
        assert not (out / "data.parquet").exists()


def test_every_case_is_built_exactly(tmp_path: Path) -> None:
    """The builders write what they say: sanity checks on the bytes of a few cases."""
    import zipfile

    with zipfile.ZipFile(hostile.far_cell_single_quotes(tmp_path)) as zf:
        assert b"r='XFD1048576'" in zf.read("xl/worksheets/sheet1.xml")
    with zipfile.ZipFile(hostile.shared_unique_huge(tmp_path)) as zf:
        assert b'uniqueCount="2000000000"' in zf.read("xl/sharedStrings.xml")
    data = hostile.xls_boundsheet_outside(tmp_path).read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0") and b"\xf0\xff\xff\x7f" in data
    with zipfile.ZipFile(hostile.ods_rows_repeated(tmp_path)) as zf:
        assert b'number-rows-repeated="1048000"' in zf.read("content.xml")


@pytest.mark.parametrize(
    "build,expected",
    [
        (hostile.valid_xlsx, hostile.ROWS),
        (hostile.valid_ods, hostile.ROWS),
        (hostile.valid_xls, hostile.ROWS),
        (hostile.shared_count_huge, None),
        (hostile.lying_dimension, hostile.ROWS),
        (hostile.ods_blank_repeated, hostile.ROWS),
    ],
    ids=["xlsx", "ods", "xls", "shared-count", "lying-dimension", "ods-padding"],
)
def test_accepted_cases_read_right(build, expected, tmp_path: Path) -> None:
    """The files that must be read are read to the right cells (not only exit 0)."""
    from digianalys.ingest.reading import read_export

    raw = read_export(build(tmp_path))
    cells = raw.cells.astype(object).where(raw.cells.notna(), None).values.tolist()
    if expected is None:  # the shared-string workbook: header from the table, numbers below
        assert cells[0] == hostile.HEADER
        assert [r[1] for r in cells[1:]] == ["2", "3", "4", "5"]
    else:
        assert cells == [hostile.HEADER, *expected]


def test_long_csv_field_is_kept_whole(tmp_path: Path) -> None:
    from digianalys.ingest.reading import read_export

    raw = read_export(hostile.csv_long_field(tmp_path))
    assert raw.info["delimiter"] == ";"
    assert raw.cells.iloc[2, 1] == "x" * 200_000
