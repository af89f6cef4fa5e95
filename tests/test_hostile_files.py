"""The hostile-file corpus (tests/hostile.py) through ``digianalys ingest`` in a subprocess.

Each case runs in its own process with a time limit and an address-space limit
(``RLIMIT_AS``), so a Rust abort or a runaway allocation fails the test instead of killing
pytest. Every case must end with exit 0 (and a dataset), or exit 1 with exactly one
``error: …`` line naming the file — never a traceback, never a signal.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import hostile
import pytest

TIME_LIMIT = 30  # seconds, per case (issue 16)
MEMORY_LIMIT = int(1.5 * (1 << 30))  # bytes of address space, per case (issue 16)


def _limit() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_ingest(path: Path, out: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    code = "import sys; from digianalys.cli import main; sys.argv[0] = 'digianalys'; main()"
    env = {**os.environ, "PYTHONFAULTHANDLER": "", "RUST_BACKTRACE": "0"}
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, "ingest", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT * 2,  # the hard stop; the assertion below is on TIME_LIMIT
        preexec_fn=_limit,
        env=env,
    )
    return proc, time.perf_counter() - t0


def _params() -> list[object]:
    params = []
    for case in hostile.CASES:
        marks = [pytest.mark.slow] if case.slow else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_hostile_file_ends_cleanly(case: hostile.Case, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    path = case.build(src)
    out = tmp_path / "out"
    proc, seconds = run_ingest(path, out)
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "panicked" not in proc.stderr, proc.stderr[-2000:]
    assert seconds < TIME_LIMIT, f"{case.name} took {seconds:.1f} s"
    if case.outcome == "ok":
        assert proc.returncode == 0, proc.stderr
        report = json.loads((out / "ingest-report.json").read_text("utf-8"))
        assert report["inputs"][0]["rows_out"] >= 1
        assert (out / "data.parquet").is_file()
    else:
        assert proc.returncode == 1, proc.stdout + proc.stderr
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, proc.stderr
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
    from digianalys.reading import read_export

    raw = read_export(build(tmp_path))
    cells = raw.cells.astype(object).where(raw.cells.notna(), None).values.tolist()
    if expected is None:  # the shared-string workbook: header from the table, numbers below
        assert cells[0] == hostile.HEADER
        assert [r[1] for r in cells[1:]] == ["2", "3", "4", "5"]
    else:
        assert cells == [hostile.HEADER, *expected]


def test_long_csv_field_is_kept_whole(tmp_path: Path) -> None:
    from digianalys.reading import read_export

    raw = read_export(hostile.csv_long_field(tmp_path))
    assert raw.info["delimiter"] == ";"
    assert raw.cells.iloc[2, 1] == "x" * 200_000
