"""Output-side OS errors are one-line `error:`s naming the path, nothing half-written (issue 16).

Covers ingest, an analysis command with -o, plot and run: an output path under a file
(NotADirectoryError / FileExistsError), permission denied, and a full disk (the write is
monkeypatched to raise ENOSPC).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digianalys.cli import app

CSV = "Sektor;Takt;Antal\n" + "".join(
    f"{s};{v};{n}\n"
    for s, v, n in zip(["Statlig", "Kommun"] * 15, [1, 2, 3, 4, 5] * 6, range(30), strict=True)
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    inp = tmp_path / "enkat.csv"
    inp.write_text(CSV, encoding="utf-8")
    ds = tmp_path / "ds"
    r = CliRunner().invoke(app, ["ingest", str(inp), "-o", str(ds)])
    assert r.exit_code == 0, r.output
    cfg = tmp_path / "run.toml"
    cfg.write_text(
        f'output = "out"\nmin_cell = 0\n[[inputs]]\npath = "{inp.name}"\n[[describe]]\n',
        encoding="utf-8",
    )
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    return {"input": inp, "ds": ds, "config": cfg, "file": blocker}


def commands(f: dict[str, Path], out: Path) -> dict[str, list[str]]:
    return {
        "ingest": ["ingest", str(f["input"]), "-o", str(out)],
        "describe": ["describe", str(f["ds"]), "-o", str(out / "d.csv")],
        "compare": ["compare", str(f["ds"]), "--by", "sector", "-o", str(out / "c.xlsx")],
        "plot": ["plot", "box", str(f["ds"]), "takt", "--by", "sector", "-o", str(out / "p.svg")],
        "run": ["run", str(f["config"]), "-o", str(out), "--no-progress"],
    }


def _one_line_error(result, fragment: str) -> str:
    assert result.exit_code == 1, result.output
    err = result.stderr
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and fragment in err, err
    return err


@pytest.mark.parametrize("command", ["ingest", "describe", "compare", "plot", "run"])
def test_output_under_a_file(files, command):
    out = files["file"] / "sub"
    result = CliRunner().invoke(app, commands(files, out)[command])
    _one_line_error(result, str(files["file"]))
    assert files["file"].read_text() == "x"


@pytest.mark.parametrize("command", ["ingest", "describe", "compare", "plot", "run"])
def test_disk_full(files, command, monkeypatch, tmp_path):
    """The disk fills while a file is written (ENOSPC when the temporary file is finished):
    an error naming the output, no file under a final name, no temporary file left."""
    import digianalys.atomic as atomic

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    out = tmp_path / "out"
    monkeypatch.setattr(atomic.os, "chmod", full)
    result = CliRunner().invoke(app, commands(files, out)[command])
    monkeypatch.undo()
    err = _one_line_error(result, "disk is full")
    assert str(out) in err and ".digianalys-new" not in err and ".tmp" not in err
    leftovers = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert leftovers == [], leftovers


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions")
@pytest.mark.parametrize("command", ["ingest", "describe", "plot", "run"])
def test_read_only_directory(files, command, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        result = CliRunner().invoke(app, commands(files, ro / "out")[command])
    finally:
        ro.chmod(0o755)
    _one_line_error(result, "permission denied")


@pytest.mark.parametrize("command", ["ingest", "describe", "plot", "run"])
def test_permission_error_simulated(files, command, monkeypatch, tmp_path):
    """As root cannot be denied, simulate EACCES at directory creation."""
    real = Path.mkdir
    out = tmp_path / "denied"

    def mkdir(self, *args, **kwargs):
        if str(self).startswith(str(out)):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    result = CliRunner().invoke(app, commands(files, out / "x")[command])
    monkeypatch.undo()
    _one_line_error(result, "permission denied")
    assert not out.exists()
