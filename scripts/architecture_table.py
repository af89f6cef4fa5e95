"""Print the module tables of docs/ARCHITECTURE.md (each module's line count and the first
paragraph of its docstring): ``python scripts/architecture_table.py``; paste over the tables
after a change of layout (tests/test_architecture.py checks every module is named)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "digianalys"


def main() -> None:
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for p in sorted(ROOT.rglob("*.py")):
        folder = p.parent.relative_to(ROOT.parent).as_posix()
        doc = ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or ""
        first = doc.strip().split("\n\n")[0].replace("\n", " ")
        if len(first) > 230:
            first = first[:227].rsplit(" ", 1)[0] + " …"
        lines = len(p.read_text(encoding="utf-8").splitlines())
        groups.setdefault(folder, []).append((p.name, first.replace("|", "\\|"), lines))
    for folder, rows in groups.items():
        print(f"\n### `{folder}/`\n\n| module | lines | what it owns |\n|---|---:|---|")
        for name, first, lines in rows:
            print(f"| `{name}` | {lines} | {first} |")


if __name__ == "__main__":
    main()
