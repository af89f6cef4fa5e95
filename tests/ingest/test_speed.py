"""The speed machinery (digianalys.ingest.speed) changes when work happens, never what comes out.

Reference: the plain, single-threaded path (``DIGIANALYS_PLAIN=1``) of the same ingest. Both
must write the same bytes (data.parquet, codebook.yaml, ingest-report.json/.md) and refuse the
same files with the same ``error:`` line; the plain path starts no thread and leaves the garbage
collector and the switch interval alone; two ingest calls in two threads keep their caches
apart and leave none behind.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
from pathlib import Path

import corpus
import pytest

from digianalys.ingest import speed
from digianalys.ingest.distinct_values import distinct
from digianalys.ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
REAL = ROOT / "tests" / "data" / "realdata"
SHARED_REAL = ROOT.parent / "shared" / "realdata"
FILES = ("data.parquet", "codebook.yaml", "ingest-report.json", "ingest-report.md")


def _outputs(out: Path) -> dict[str, bytes]:
    files = {name: (out / name).read_bytes() for name in FILES}
    if (out / "dont_know.parquet").is_file():  # only when there were don't-know answers
        files["dont_know.parquet"] = (out / "dont_know.parquet").read_bytes()
    return files


def _both_paths(monkeypatch, tmp_path: Path, inputs: list[Path], **kw) -> tuple[dict, dict]:
    monkeypatch.delenv(speed.PLAIN_ENV, raising=False)
    ingest(inputs, tmp_path / "fast", **kw)
    monkeypatch.setenv(speed.PLAIN_ENV, "1")
    ingest(inputs, tmp_path / "plain", **kw)
    return _outputs(tmp_path / "fast"), _outputs(tmp_path / "plain")


INPUTS = {
    "sample waves": (
        [SAMPLE / "digitalisering-2018.xlsx", SAMPLE / "digitalisering-2021.xlsx"],
        {"waves": ["2018", "2021"]},
    ),
    "realdata qualtrics xlsx": (
        [REAL / "qualtricstools_insights_vs_preinsights_headers_single_mc.xlsx"],
        {},
    ),
    "realdata surveymonkey csv": ([REAL / "ohbm2022_surveymonkey_public_survey_data.csv"], {}),
    "realdata qualtrics csv": ([REAL / "qualtricstools_sample_survey_insights.csv"], {}),
}


@pytest.mark.parametrize("name", list(INPUTS))
def test_plain_and_fast_paths_write_the_same_bytes(monkeypatch, tmp_path: Path, name: str):
    inputs, kw = INPUTS[name]
    fast, plain = _both_paths(monkeypatch, tmp_path, inputs, **kw)
    assert fast == plain


@pytest.mark.parametrize(
    "build",
    [corpus.survey_xlsx, corpus.survey_ods, corpus.multi_sheet_xlsx, corpus.csv_utf8_bom],
    ids=["xlsx", "ods", "several sheets", "csv"],
)
def test_plain_and_fast_paths_on_the_corpus(monkeypatch, tmp_path: Path, build):
    fast, plain = _both_paths(monkeypatch, tmp_path, [build(tmp_path)])
    assert fast == plain


@pytest.mark.skipif(not SHARED_REAL.is_dir(), reason="../shared/realdata not present")
def test_plain_and_fast_paths_on_shared_realdata(monkeypatch, tmp_path: Path):
    src = SHARED_REAL / "qualtrics_qualtRics_sample_reconstructed.csv"
    fast, plain = _both_paths(monkeypatch, tmp_path, [src])
    assert fast == plain


# The hostile files run in child processes (one per path): a guard that failed could abort the
# process. Each child ingests every case through the CLI and prints the outcome per case.
_CHILD = """
import json, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import hostile, test_safety
from typer.testing import CliRunner
from digianalys.cli import app

names = json.loads(sys.argv[2])
cases = {c.name: c.build for c in hostile.CASES}
cases.update({"safety: " + n: g for n, g, _ in test_safety.REFUSED})
out = {}
for name in names:
    with tempfile.TemporaryDirectory() as d:
        path = cases[name](Path(d))
        r = CliRunner().invoke(app, ["ingest", str(path), "-o", str(Path(d) / "out")])
        out[name] = [r.exit_code, r.output.strip().splitlines()[-1:]]
print(json.dumps(out))
"""


def _refusals(env_plain: bool, names: list[str]) -> dict[str, list]:
    import os

    env = {k: v for k, v in os.environ.items() if k != speed.PLAIN_ENV}
    if env_plain:
        env[speed.PLAIN_ENV] = "1"
    here = str(Path(__file__).resolve().parent)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, here, json.dumps(names)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_plain_and_fast_paths_refuse_alike():
    import hostile
    import test_safety

    names = [c.name for c in hostile.CASES if c.outcome == "error" and not c.slow]
    names += ["safety: " + n for n, _, _ in test_safety.REFUSED]
    fast = _refusals(False, names)
    plain = _refusals(True, names)
    assert fast == plain
    refused = [n for n, (code, _) in fast.items() if code == 1]
    assert len(refused) == len(names), {n: v for n, v in fast.items() if v[0] != 1}
    assert all(lines and lines[0].startswith("error:") for _, lines in fast.values())


# --------------------------------------------------------------------------- the plain path


def test_plain_path_starts_no_thread_and_changes_no_setting(monkeypatch, tmp_path: Path):
    path = corpus.survey_xlsx(tmp_path)
    started: list[str] = []
    real_start = threading.Thread.start

    def start(self):
        started.append(self.name)
        return real_start(self)

    switch: list[float] = []
    real_switch = sys.setswitchinterval
    monkeypatch.setattr(threading.Thread, "start", start)
    monkeypatch.setattr(sys, "setswitchinterval", lambda v: switch.append(v) or real_switch(v))
    gc.unfreeze()
    monkeypatch.setenv(speed.PLAIN_ENV, "1")
    freezes: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(1))
    ingest([path], tmp_path / "plain")
    speed.skip_final_collection()
    assert not [n for n in started if n.startswith("digianalys-")]
    assert switch == [] and freezes == []
    # the fast path does use them (so the test above would see them)
    monkeypatch.delenv(speed.PLAIN_ENV)
    ingest([path], tmp_path / "fast")
    assert "digianalys-read" in started and freezes


def test_plain_is_read_once_per_ingest_call(monkeypatch):
    monkeypatch.setenv(speed.PLAIN_ENV, "1")
    with speed.ingest_call():
        monkeypatch.delenv(speed.PLAIN_ENV)
        assert speed.plain()  # the call's choice, not the variable's new value
    assert not speed.plain()


# --------------------------------------------------------------------------- the cache


def _encoded_alive() -> int:
    from digianalys.ingest import distinct_values

    gc.collect()
    return sum(
        1
        for o in gc.get_objects()
        if type(o).__name__ == "_Encoded" and type(o).__module__ == distinct_values.__name__
    )


def test_two_concurrent_ingests_keep_their_caches_apart(monkeypatch, tmp_path: Path):
    monkeypatch.delenv(speed.PLAIN_ENV, raising=False)
    inputs = {
        "a": [SAMPLE / "digitalisering-2018.xlsx"],
        "b": [REAL / "ohbm2022_surveymonkey_public_survey_data.csv"],
    }
    for k, paths in inputs.items():
        ingest(paths, tmp_path / f"seq-{k}")
    expected = {k: _outputs(tmp_path / f"seq-{k}") for k in inputs}
    barrier = threading.Barrier(2)
    after: dict[str, object] = {}
    errors: list[BaseException] = []

    def run(k: str) -> None:
        try:
            barrier.wait()
            for i in range(3):  # interleave several calls
                ingest(inputs[k], tmp_path / f"par-{k}-{i}")
            after[k] = speed.distinct_cache()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in inputs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert after == {"a": None, "b": None}
    assert speed.distinct_cache() is None
    for k in inputs:
        for i in range(3):
            assert _outputs(tmp_path / f"par-{k}-{i}") == expected[k]
    assert _encoded_alive() == 0  # no cache left holding Arrow arrays


def test_cache_is_per_call_and_dropped(monkeypatch):
    import pandas as pd

    monkeypatch.delenv(speed.PLAIN_ENV, raising=False)
    s = pd.Series(["Ja", " Nej", None] * 10, dtype=pd.StringDtype("pyarrow"))
    assert speed.distinct_cache() is None
    with speed.ingest_call(), speed.shared_cache():
        cache = speed.distinct_cache()
        assert cache == {}
        first = distinct(s)
        assert distinct(s) is first and len(cache) == 1
        seen_in_thread: list[object] = []
        t = threading.Thread(target=lambda: seen_in_thread.append(speed.distinct_cache()))
        t.start()
        t.join()
        assert seen_in_thread == [None]  # another thread's calls do not see this call's cache
    assert speed.distinct_cache() is None
