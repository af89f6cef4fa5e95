"""The layout rules of issue 10, checked on the source: every module named in
docs/ARCHITECTURE.md, no module of code over 600 lines (message catalogues excepted), no
underscore name imported from another module, no import cycle (imports inside functions count),
and `digianalys --help` loads no heavy library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "digianalys"
#: Data catalogues (key → texts) may be longer than a module of code.
CATALOGUES = {"digianalys/output/messages.py"}
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    out = {}
    for p in PACKAGE.rglob("*.py"):
        parts = list(p.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _imports(mods: dict[str, Path]) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    edges: dict[str, set[str]] = {m: set() for m in mods}
    private: list[tuple[str, str]] = []
    for m, p in mods.items():
        pkg = m.split(".") if p.name == "__init__.py" else m.split(".")[:-1]
        tree = ast.parse(p.read_text(encoding="utf-8"))
        typing_only = {
            id(n)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
            for n in ast.walk(block)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or id(node) in typing_only:
                continue
            if node.level:
                base = pkg[: len(pkg) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                if alias.name.startswith("_") and alias.name != "__version__":
                    private.append((m, f"{target}.{alias.name}"))
                full = f"{target}.{alias.name}"
                if full in mods:
                    edges[m].add(full)
                elif target in mods and target != m:
                    edges[m].add(target)
    return edges, private


def test_every_module_is_in_the_architecture_map():
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for folder in {p.parent for p in PACKAGE.rglob("*.py")}:
        section = doc.split(f"### `{folder.relative_to(ROOT).as_posix()}/`", 1)
        assert len(section) == 2, f"docs/ARCHITECTURE.md: no section for {folder}"
        body = section[1].split("\n### ", 1)[0]
        for p in folder.glob("*.py"):
            assert f"`{p.name}`" in body, f"docs/ARCHITECTURE.md does not name {p}"


def test_no_module_of_code_over_600_lines():
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert set(long) <= CATALOGUES, long


def test_no_private_imports_and_no_cycles():
    mods = _modules()
    edges, private = _imports(mods)
    assert private == []
    # Tarjan's strongly connected components: any with two or more modules is a cycle
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in edges:  # (the module graph is shallow: the default recursion limit suffices)
        if v not in index:
            visit(v)
    # a package importing its own submodules (``from . import x`` in __init__) is no cycle
    cycles = [c for c in cycles if not all(x.startswith(c[0] + ".") or x == c[0] for x in c)]
    assert cycles == []


def test_help_loads_no_heavy_library():
    code = (
        "import sys; from digianalys.cli import make_app; make_app(); "
        "heavy = [m for m in ('pandas', 'scipy', 'statsmodels', 'matplotlib', 'pyarrow') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_reading_starts_without_pandas():
    """ingest's read-ahead starts before pandas is imported (0.35 s it overlaps with the parse):
    importing the reader must not import pandas."""
    code = "import sys, digianalys.ingest.reading; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
