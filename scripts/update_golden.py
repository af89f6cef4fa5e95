"""Regenerate the golden tables in tests/golden/ from the bundled example.

    python scripts/update_golden.py

Runs examples/digitalisering.toml into a temporary directory and copies every table
(tables/*.csv) to tests/golden/, removing golden files the example no longer writes.
Run it after a deliberate change to the numbers, then review the diff (git diff tests/golden)
before committing: every changed number should be explained by the change you made.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "digitalisering.toml"
GOLDEN = ROOT / "tests" / "golden"


def main() -> int:
    from digianalys.run.report import run_config

    with tempfile.TemporaryDirectory() as tmp:
        out = run_config(EXAMPLE, output=Path(tmp) / "output", progress=False)
        tables = sorted((out / "tables").glob("*.csv"))
        GOLDEN.mkdir(parents=True, exist_ok=True)
        new = {p.name for p in tables}
        for old in sorted(GOLDEN.glob("*.csv")):
            if old.name not in new:
                old.unlink()
                print(f"removed {old.relative_to(ROOT)}")
        for p in tables:
            target = GOLDEN / p.name
            changed = not target.exists() or target.read_bytes() != p.read_bytes()
            shutil.copyfile(p, target)
            print(f"{'updated' if changed else 'same   '} {target.relative_to(ROOT)}")
    print("review the diff before committing: git diff --stat tests/golden")
    return 0


if __name__ == "__main__":
    sys.exit(main())
