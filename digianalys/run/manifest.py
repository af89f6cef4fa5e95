"""manifest.json: what ran on what — package versions, Python, the SHA-256 of every input and
of every file the run wrote, the config and its steps; no timestamps."""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import Any

from .. import __version__
from ..ingest.pipeline import sha256_file
from .config import Config

MANIFEST = "manifest.json"
#: Packages whose versions go into manifest.json.
MANIFEST_PACKAGES = (
    "digianalys",
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "matplotlib",
    "pyarrow",
    "fastexcel",
    "openpyxl",
)


def package_versions() -> dict[str, str | None]:
    """Installed versions of the packages that determine the numbers (None if not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {}
    for name in MANIFEST_PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = __version__ if name == "digianalys" else None
    return out


def manifest_text(cfg: Config, ds, stage: Path) -> str:
    """manifest.json: what ran on what, and the SHA-256 of every file the run wrote (so that a
    later run replaces or removes only files that are still as this run wrote them)."""
    from ..output.outdir import sha256_file as _sha
    from ..output.outdir import staged_files

    files = {rel: _sha(stage / rel) for rel in staged_files(stage) if rel != MANIFEST}
    inputs = []
    for spec in cfg.inputs:
        inputs.append(
            {
                "file": spec.path.name,
                "path": _display_path(spec.path, cfg),
                "sha256": sha256_file(spec.path),
                "wave": spec.wave,
                "sheet": spec.sheet,
                "layout": spec.layout,
            }
        )
    if cfg.dataset is not None:
        data_file = cfg.dataset / "data.parquet"
        inputs.append(
            {
                "dataset": _display_path(cfg.dataset, cfg),
                "sha256": sha256_file(data_file) if data_file.is_file() else None,
            }
        )
    manifest = {
        "digianalys": __version__,
        "python": platform.python_version(),
        "packages": package_versions(),
        "config": {
            "file": cfg.path.name if cfg.path is not None else None,
            "sha256": sha256_file(cfg.path) if cfg.path is not None else None,
            "options": _jsonable(cfg.raw),
        },
        "inputs": inputs,
        "codebook": (
            {"file": cfg.codebook.name, "sha256": sha256_file(cfg.codebook)}
            if cfg.codebook is not None and cfg.codebook.is_file()
            else None
        ),
        "dataset": {"rows": int(len(ds.data)), "columns": int(ds.data.shape[1])},
        "steps": [
            {"kind": s.kind, "name": s.name, "options": _jsonable(s.options)} for s in cfg.steps
        ],
        "files": files,
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _display_path(p: Path, cfg: Config) -> str:
    """A path as relative to the config directory when possible (no absolute home paths)."""
    import os

    try:
        return Path(os.path.relpath(p, cfg.base)).as_posix()
    except ValueError:
        return p.name


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, Path):
        return v.as_posix()
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)
