"""`run` owns only what it wrote (issue 17, point 3).

Inputs inside the output are refused; only files the previous manifest lists with the SHA-256
they still have are replaced or removed; anything else is overwritten only with --force; a lock
keeps two runs apart; an interrupted run leaves the directory as it was.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from digianalys.errors import OutputError
from digianalys.run.report import run_config

pytestmark = pytest.mark.slow  # subprocess runs, concurrency and signals

CSV = "Sektor;Takt\n" + "".join(
    f"{s};{v}\n" for s, v in zip(["Statlig", "Kommun"] * 15, [1, 2, 3, 4, 5] * 6, strict=True)
)

CONFIG = """
title = "t"
output = "{output}"
lang = "en"
min_cell = 0

[[inputs]]
path = "{input}"

[[describe]]
name = "describe"
"""


def make(tmp_path: Path, *, output: str = "out", input_name: str = "enkat.csv") -> Path:
    inp = tmp_path / input_name
    inp.parent.mkdir(parents=True, exist_ok=True)
    inp.write_text(CSV, encoding="utf-8")
    cfg = tmp_path / "run.toml"
    cfg.write_text(CONFIG.format(output=output, input=input_name), encoding="utf-8")
    return cfg


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every entry under root: file bytes, or 'dir' / 'link->target'."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            p = Path(dirpath, name)
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                out[rel] = f"link->{os.readlink(p)}"
            elif p.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = p.read_bytes()
    return out


# --------------------------------------------------------------------------- inputs inside
@pytest.mark.parametrize("input_name", ["tables.xlsx", "tables/describe.csv", "enkat.csv"])
def test_output_holding_an_input_is_refused(tmp_path, input_name):
    cfg = make(tmp_path, output=".", input_name=input_name)
    before = snapshot(tmp_path)
    with pytest.raises(OutputError, match="holds the input"):
        run_config(cfg, progress=False)
    assert snapshot(tmp_path) == before


def test_output_holding_the_config_is_refused(tmp_path):
    cfg = make(tmp_path, output=".", input_name="../in/enkat.csv")
    with pytest.raises(OutputError, match="holds the config run.toml"):
        run_config(cfg, progress=False)


# --------------------------------------------------------------------------- ownership
def test_rerun_over_its_own_output_is_byte_identical(tmp_path):
    cfg = make(tmp_path)
    out = run_config(cfg, progress=False)
    first = snapshot(out)
    assert "report.html" in first and "dataset/data.parquet" in first
    assert not any(k.startswith(".digianalys") for k in first)
    run_config(cfg, progress=False)
    assert snapshot(out) == first


def test_staging_left_by_a_killed_run_is_cleaned_up(tmp_path):
    cfg = make(tmp_path)
    out = run_config(cfg, progress=False)
    dead = out / ".digianalys-new-dead"
    (dead / "tables").mkdir(parents=True)
    (dead / "tables" / "half.csv").write_text("half")
    run_config(cfg, progress=False)
    assert not dead.exists()


def test_users_own_file_is_never_overwritten_without_force(tmp_path):
    cfg = make(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("my report")
    (out / "budget.xlsx").write_text("budget")
    with pytest.raises(OutputError) as exc:
        run_config(cfg, progress=False)
    assert "would overwrite files it did not write: report.html" in str(exc.value)
    assert "--force" in str(exc.value)
    assert snapshot(out) == {"report.html": b"my report", "budget.xlsx": b"budget"}
    # --force overwrites the conflicting file, and only that
    run_config(cfg, force=True, progress=False)
    assert (out / "report.html").read_text() != "my report"
    assert (out / "budget.xlsx").read_text() == "budget"


def test_an_edited_output_file_is_not_owned_any_more(tmp_path):
    cfg = make(tmp_path)
    out = run_config(cfg, progress=False)
    (out / "report.html").write_text("edited by hand")
    with pytest.raises(OutputError, match="report.html"):
        run_config(cfg, progress=False)
    assert (out / "report.html").read_text() == "edited by hand"


def test_a_planted_manifest_cannot_delete_files(tmp_path):
    cfg = make(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "budget.xlsx").write_text("budget")
    # not a manifest of this version (no hashes): not ours, so a conflict without --force
    (out / "manifest.json").write_text(json.dumps({"digianalys": "0", "files": ["budget.xlsx"]}))
    with pytest.raises(OutputError, match="manifest.json"):
        run_config(cfg, progress=False)
    assert (out / "budget.xlsx").read_text() == "budget"
    # listed with a hash it does not have, or outside the directory: never deleted
    files = {"budget.xlsx": "0" * 64, "../run.toml": "0" * 64, "/etc/hosts": "0"}
    (out / "manifest.json").write_text(json.dumps({"digianalys": "0", "files": files}))
    run_config(cfg, progress=False)
    assert (out / "budget.xlsx").read_text() == "budget"
    assert (tmp_path / "run.toml").is_file()


def test_stale_files_of_the_previous_run_go_and_only_those(tmp_path):
    cfg = make(tmp_path)
    text = cfg.read_text()
    cfg.write_text(text + '\n[[describe]]\nname = "extra"\n')
    out = run_config(cfg, progress=False)
    assert (out / "tables" / "extra.csv").is_file()
    (out / "tables" / "mine.csv").write_text("mine")
    cfg.write_text(text)
    run_config(cfg, progress=False)
    assert not (out / "tables" / "extra.csv").exists()
    assert (out / "tables" / "mine.csv").read_text() == "mine"
    manifest = json.loads((out / "manifest.json").read_text())
    assert (
        "tables/extra.csv" not in manifest["files"] and "tables/describe.csv" in manifest["files"]
    )


def test_symlinked_subdirectory_is_not_followed_nor_fatal(tmp_path):
    cfg = make(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(elsewhere)  # not in the run's way: left alone
    run_config(cfg, progress=False)
    assert (out / "link").is_symlink() and (elsewhere / "keep.txt").read_text() == "keep"
    # a manifest that lists a file through the symlink does not make it deletable
    m = json.loads((out / "manifest.json").read_text())
    from digianalys.output.outdir import sha256_file

    m["files"]["link/keep.txt"] = sha256_file(elsewhere / "keep.txt")
    (out / "manifest.json").write_text(json.dumps(m))
    # the edited manifest is no longer what the run wrote, but it is still ours in form:
    run_config(cfg, progress=False)
    assert (elsewhere / "keep.txt").read_text() == "keep"
    # a symlink where the run needs a directory is a conflict, never written through
    import shutil

    shutil.rmtree(out / "tables")
    (out / "tables").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="tables/"):
        run_config(cfg, progress=False)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    run_config(cfg, force=True, progress=False)  # replaces the link, not its target
    assert (out / "tables").is_dir() and not (out / "tables").is_symlink()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]


# --------------------------------------------------------------------------- OS errors
def test_output_under_a_file_is_an_error(tmp_path):
    cfg = make(tmp_path)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OutputError, match="afile"):
        run_config(cfg, output=tmp_path / "afile" / "out", progress=False)
    with pytest.raises(OutputError, match="is a file"):
        run_config(cfg, output=tmp_path / "afile", progress=False)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_output_is_an_error(tmp_path):
    cfg = make(tmp_path)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="permission denied"):
            run_config(cfg, output=ro / "out", progress=False)
    finally:
        ro.chmod(0o755)


def test_disk_full_leaves_the_previous_run(tmp_path, monkeypatch):
    cfg = make(tmp_path)
    out = run_config(cfg, progress=False)
    before = snapshot(out)
    import digianalys.run.report as report

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report, "write_text", full)
    with pytest.raises(OutputError, match="disk is full"):
        run_config(cfg, progress=False)
    assert snapshot(out) == before


# --------------------------------------------------------------------------- lock, signals
SLOW_RUN = textwrap.dedent(
    """
    import sys, time
    import digianalys.run.report as report
    real = report.run_step
    pause = float(sys.argv[2])
    def slow(step, ds, out, cfg, *earlier):
        r = real(step, ds, out, cfg, *earlier)
        print("READY", flush=True)
        time.sleep(pause)
        return r
    report.run_step = slow
    sys.argv = ["digianalys", "run", sys.argv[1], "--no-progress"]
    from digianalys.cli import main
    main()
    """
)


def _slow_run(tmp_path: Path, cfg: Path, sleep: float) -> subprocess.Popen:
    script = tmp_path / "slow.py"
    script.write_text(SLOW_RUN)
    return subprocess.Popen(
        [sys.executable, str(script), str(cfg), str(sleep)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_ready(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()
    assert line.strip() == "READY", proc.stderr.read()


def test_second_concurrent_run_is_refused(tmp_path):
    cfg = make(tmp_path)
    first = _slow_run(tmp_path, cfg, 3)
    try:
        _wait_ready(first)
        second = subprocess.run(
            [sys.executable, "-m", "digianalys.cli", "run", str(cfg), "--no-progress"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 1, second.stderr
        assert "error:" in second.stderr and "another digianalys run" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        rc = first.wait(timeout=120)
    assert rc == 0, first.stderr.read()
    out = tmp_path / "out"
    assert (out / "report.html").is_file()
    assert not any(p.name.startswith(".digianalys") for p in out.iterdir())


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_restores_the_previous_state(tmp_path, sig):
    cfg = make(tmp_path)
    out = run_config(cfg, progress=False)
    (out / "mine.txt").write_text("mine")
    before = snapshot(out)
    # the new run writes a different describe table (and one more): none of it may appear
    cfg.write_text(cfg.read_text() + '\n[[describe]]\nname = "extra"\n')
    proc = _slow_run(tmp_path, cfg, 30)
    try:
        _wait_ready(proc)
        time.sleep(0.2)
        proc.send_signal(sig)
        rc = proc.wait(timeout=60)
    finally:
        proc.kill()
    stderr = proc.stderr.read()
    assert rc == 130, stderr
    assert "error: interrupted" in stderr and "Traceback" not in stderr
    assert snapshot(out) == before


def test_interrupted_first_run_leaves_nothing(tmp_path):
    cfg = make(tmp_path)
    proc = _slow_run(tmp_path, cfg, 30)
    try:
        _wait_ready(proc)
        proc.send_signal(signal.SIGINT)
        rc = proc.wait(timeout=60)
    finally:
        proc.kill()
    assert rc == 130
    assert not (tmp_path / "out").exists()
