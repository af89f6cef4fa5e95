"""digianalys: reproducible analysis of organisation surveys.

Library first: ``from digianalys import load, describe, compare, correlate, model, scales``
gives the same tables as the command line. Heavy modules are imported lazily.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load": ("digianalys.dataset", "load"),
    "Dataset": ("digianalys.dataset", "Dataset"),
    "Codebook": ("digianalys.codebook", "Codebook"),
    "Result": ("digianalys.result", "Result"),
    "ingest": ("digianalys.ingest.pipeline", "ingest"),
    "describe": ("digianalys.stats.describe", "describe"),
    "compare": ("digianalys.stats.compare", "compare"),
    "correlate": ("digianalys.stats.correlation", "correlate"),
    "model": ("digianalys.stats.models", "model"),
    "scales": ("digianalys.stats.reliability", "scales"),
    "make_plot": ("digianalys.plots", "make_plot"),
    "write_result": ("digianalys.output.render", "write_result"),
    "run_config": ("digianalys.run.report", "run_config"),
    "DigianalysError": ("digianalys.errors", "DigianalysError"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        mod, attr = _LAZY[name]
        return getattr(importlib.import_module(mod), attr)
    raise AttributeError(f"module 'digianalys' has no attribute {name!r}")
