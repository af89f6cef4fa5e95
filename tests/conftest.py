"""Shared fixtures. Real exports are read from ../shared/realdata when present (never downloaded)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
REALDATA = Path(os.environ.get("DIGIANALYS_REALDATA", ROOT.parent / "shared" / "realdata"))
SAMPLE = ROOT / "data" / "sample"

# Figures are drawn without a display.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip(
            f"real-data folder {REALDATA} not present (GPL reference files are not copied into the repo)"
        )
    return REALDATA


@pytest.fixture(scope="session")
def example_run(tmp_path_factory) -> Path:
    """The bundled example (examples/digitalisering.toml) run once per session; its output dir.

    Shared by test_golden.py (numeric tables) and test_browser.py (report.html in Chromium).
    """
    from digianalys.run.report import run_config

    out = tmp_path_factory.mktemp("example") / "output"
    return run_config(ROOT / "examples" / "digitalisering.toml", output=out, progress=False)


@pytest.fixture(scope="session")
def cli_docs() -> ModuleType:
    """scripts/cli_docs.py (the generator of docs/cli.md) as a module; scripts/ is no package."""
    spec = importlib.util.spec_from_file_location("cli_docs", ROOT / "scripts" / "cli_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
