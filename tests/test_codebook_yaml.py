"""Codebooks read as the user meant, parsed with limits; configs with limits; `--` (issues 16, 17).

* YAML 1.1 booleans (Yes/No/on/off) stay text in labels and level names, so a binary column
  coded {1: Yes, 0: No} keeps its values; a value fitting no label is reported.
* Alias bombs, recursive aliases, deep nesting, huge integers: one-line errors naming the file.
* The edit loop never overwrites the user's codebook (nor its comments).
* TOML configs: deep nesting, huge integers, size.
* After `--` any file name goes through, with CliRunner and the console script.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from digianalys.cli import app
from digianalys.codebook import Codebook, load_yaml
from digianalys.errors import CodebookError, ConfigError
from digianalys.run.config import load_config

CSV = "Svar;Lampa;Antal\n" + "".join(
    f"{s};{lamp};{n}\n"
    for s, lamp, n in zip(
        ["Yes", "No", "Yes", "No", "Yes", "Maybe"] * 2, ["on", "off"] * 6, range(12), strict=True
    )
)

CODEBOOK = """\
# my notes on this survey
variables:
- name: svar
  source: Svar
  type: binary
  values: {1: Yes, 0: No}   # the answer
- name: lampa
  source: Lampa
  type: categorical
  levels: {on: [on], off: [off]}
- name: antal
  source: Antal
  type: numeric
"""


def _ingest(args: list[str]):
    return CliRunner().invoke(app, ["ingest", *args])


# --------------------------------------------------------------------------- YAML 1.1 booleans
def test_yes_no_on_off_stay_text():
    data = load_yaml(CODEBOOK, "cb.yaml")
    cb = Codebook.from_dict(data)
    assert cb.variable("svar").values == {1: "Yes", 0: "No"}
    assert list(cb.variable("lampa").levels) == ["on", "off"]
    doc = load_yaml("a: [y, n, Y, N, yes, NO, On, OFF, Null, 010, 1_000, 1:30, 1.0e5]", "x")
    assert doc["a"] == [
        "y", "n", "Y", "N", "yes", "NO", "On", "OFF", "Null", "010", "1_000", "1:30", "1.0e5"
    ]  # fmt: skip
    doc = load_yaml("a: [true, false, null, ~, 12, -3, 1.5, 2.0e+3]", "x")
    assert doc["a"] == [True, False, None, None, 12, -3, 1.5, 2000.0]


def test_what_ingest_writes_reads_back_the_same(tmp_path):
    """Every text the dumper leaves unquoted reads back as the same text."""
    tricky = ["Yes", "No", "on", "off", "y", "n", "null", "Null", "~", "010", "1_000", "1:30",
              "1e5", "1.0e5", "1.5", ".inf", "true", "2021-01-01", "0x1F", "+1"]  # fmt: skip
    cb = Codebook.from_dict(
        {"variables": [{"name": "q", "type": "categorical", "levels": {t: [t] for t in tricky}}]}
    )
    again = Codebook.from_dict(load_yaml(cb.to_yaml(), "x"))
    assert again.variable("q").levels == {t: [t] for t in tricky}


def test_binary_yes_no_codebook_keeps_the_column_and_reports_strays(tmp_path):
    inp = tmp_path / "enkat.csv"
    inp.write_text(CSV, encoding="utf-8")
    cb = tmp_path / "cb.yaml"
    cb.write_text(CODEBOOK, encoding="utf-8")
    r = _ingest([str(inp), "-o", str(tmp_path / "ds"), "--codebook", str(cb)])
    assert r.exit_code == 0, r.output
    data = pd.read_parquet(tmp_path / "ds" / "data.parquet")
    assert data["svar"].tolist()[:5] == [1, 0, 1, 0, 1]
    assert int(data["svar"].notna().sum()) == 10  # only the two 'Maybe' are missing …
    assert set(data["lampa"].astype(str)) == {"on", "off"}
    report = json.loads((tmp_path / "ds" / "ingest-report.json").read_text(encoding="utf-8"))
    stray = [u for u in report["unrecognised"] if u["variable"] == "svar"]
    assert stray and stray[0]["count"] == 2  # … and reported, with the column and the count


# --------------------------------------------------------------------------- limits
def _bomb(levels: int = 9) -> str:
    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for i in range(1, levels):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\nvariables: *" + chr(96 + levels) + "\n"


HOSTILE = {
    "bomb": (_bomb(), "expands to more than"),
    "recursive": ("variables: &v [*v]\n", "refers to itself"),
    "deep-flow": ("variables: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    "deep-500": ("variables: " + "[" * 500 + "]" * 500 + "\n", "nested too deeply"),
    "deep-block": (
        "variables:\n" + "".join("  " * i + "- \n" for i in range(2000)) + "  " * 2000 + "- x\n",
        "nested too deeply",
    ),
    "huge-code": (
        "variables:\n- {name: q, type: binary, values: {" + "9" * 100 + ": a, 0: b}}\n",
        "too large",
    ),
    "long-code": (
        "variables:\n- name: q\n  type: binary\n  values:\n    ? " + "9" * 5000 + "\n    : a\n",
        "too long",
    ),
    "inf-code": ("variables:\n- {name: q, type: binary, values: {.inf: a}}\n", "integer codes"),
    "huge-missing": ("variables:\n- {name: q, type: text, missing: {x: .inf}}\n", "integers"),
    "null-label": ("variables:\n- {name: q, type: binary, values: {1: , 0: b}}\n", "no label"),
    "python-tag": ("variables: !!python/object/apply:os.system ['echo x']\n", "invalid YAML"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_codebooks_are_one_line_errors(tmp_path, case):
    """Each in a subprocess with a time limit: an error naming the file, fast, no traceback."""
    text, fragment = HOSTILE[case]
    cb = tmp_path / "cb.yaml"
    cb.write_text(text, encoding="utf-8")
    inp = tmp_path / "enkat.csv"
    inp.write_text(CSV, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "digianalys.cli",
            "ingest",
            str(inp),
            "-o",
            str(tmp_path / "o"),
            "--codebook",
            str(cb),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith(f"error: {cb}") and proc.stderr.count("\n") == 1, proc.stderr
    assert fragment in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr) < 400


def test_oversized_codebook_is_refused(tmp_path, monkeypatch):
    import digianalys.codebook as codebook

    monkeypatch.setattr(codebook, "MAX_CODEBOOK_BYTES", 100)
    cb = tmp_path / "cb.yaml"
    cb.write_text(CODEBOOK, encoding="utf-8")
    with pytest.raises(CodebookError, match=r"cb.yaml: the codebook is .* MB"):
        Codebook.load(cb)


# --------------------------------------------------------------------------- the edit loop
def test_edit_loop_never_overwrites_the_users_codebook(tmp_path):
    inp = tmp_path / "enkat.csv"
    inp.write_text(CSV, encoding="utf-8")
    ds = tmp_path / "ds"
    assert _ingest([str(inp), "-o", str(ds)]).exit_code == 0
    own = ds / "codebook.yaml"
    # unchanged: re-ingesting with it changes nothing and writes no second codebook
    written = own.read_bytes()
    assert _ingest([str(inp), "-o", str(ds), "--codebook", str(own)]).exit_code == 0
    assert own.read_bytes() == written and not (ds / "codebook.completed.yaml").exists()
    # edited, with comments: left byte for byte; the completed codebook goes beside it
    own.write_text(CODEBOOK, encoding="utf-8")
    r = _ingest([str(inp), "-o", str(ds), "--codebook", str(own)])
    assert r.exit_code == 0, r.output
    assert own.read_text(encoding="utf-8") == CODEBOOK
    completed = ds / "codebook.completed.yaml"
    assert completed.is_file()
    report = json.loads((ds / "ingest-report.json").read_text(encoding="utf-8"))
    assert report["codebook_file"] == "codebook.completed.yaml"
    from digianalys.ingest.ingest_report import load_warnings

    kept = [w for w in load_warnings(report) if w.key == "ingest_codebook_kept"]
    assert len(kept) == 1 and "left as it is" in kept[0]
    assert kept[0].tr("sv").startswith("codebook.yaml är din redigerade kodbok")
    assert "codebook.completed.yaml" in (ds / "ingest-report.md").read_text(encoding="utf-8")
    # analyses read the completed codebook
    from digianalys.dataset import load

    assert load(ds).codebook.variable("svar").values == {0: "No", 1: "Yes"}
    # a plain ingest (not the edit loop) writes codebook.yaml and drops the old completed one
    r = _ingest([str(inp), "-o", str(ds), "--force"])
    assert r.exit_code == 0 and not completed.exists()


# --------------------------------------------------------------------------- TOML limits
@pytest.mark.parametrize(
    "text, fragment",
    [
        ("a = " + "[" * 50000 + "]" * 50000, "nested too deeply"),
        ("a = " + "{b = " * 3000 + "1" + "}" * 3000, "nested too deeply"),
        ("min_cell = 1" + "0" * 5000, "number too long"),
        ("min_cell = 1" + "0" * 30, "from 0 to 2147483647, got 1" + "0" * 30),
        ("min_cell = 1" + "0" * 100, "from 0 to 2147483647, got a number of about 101 digits"),
    ],
)
def test_hostile_configs(tmp_path, text, fragment):
    cfg = tmp_path / "run.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(cfg)
    message = str(exc.value)
    assert message.startswith(str(cfg)) and fragment in message and len(message) < 300


def test_oversized_config_is_refused(tmp_path, monkeypatch):
    import digianalys.run.config as config

    monkeypatch.setattr(config, "MAX_CONFIG_BYTES", 10)
    cfg = tmp_path / "run.toml"
    cfg.write_text('title = "a long enough title"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="is it the right file"):
        load_config(cfg)


# --------------------------------------------------------------------------- `--`
NAMES = ["-o.xlsx", "--force.xlsx", "--debug", "--help", "-"]


@pytest.fixture
def odd_files(tmp_path) -> Path:
    frame = pd.read_csv(pd.io.common.StringIO(CSV), sep=";")
    for name in NAMES:
        frame.to_excel(tmp_path / name, index=False)
    return tmp_path


@pytest.mark.parametrize("name", NAMES)
def test_double_dash_passes_any_file_name_cli_runner(odd_files, name, monkeypatch):
    monkeypatch.chdir(odd_files)
    r = CliRunner().invoke(app, ["ingest", "-o", "out", "--", name])
    assert r.exit_code == 0, r.output
    assert Path("out/data.parquet").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_double_dash_passes_any_file_name_console_script(odd_files, name):
    script = Path(sys.executable).with_name("digianalys")
    assert script.is_file()
    env = {k: v for k, v in os.environ.items() if k != "DIGIANALYS_DEBUG"}
    proc = subprocess.run(
        [str(script), "ingest", "-o", "out", "--", name],
        cwd=odd_files,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"read {name}" in proc.stdout + proc.stderr
    # and a config named like an option
    cfg = odd_files / "--force.toml"
    cfg.write_text(
        textwrap.dedent(
            f"""
            output = "rapport"
            [[inputs]]
            path = "{name}"
            [[describe]]
            """
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [str(script), "run", "--no-progress", "--", cfg.name],
        cwd=odd_files,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert (odd_files / "rapport" / "report.html").is_file()
