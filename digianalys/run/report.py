"""``digianalys run``: a whole analysis from a TOML config into one output directory.

:func:`run_config` ingests the exports (or opens an ingested dataset), runs every step of the
config in order and writes, all atomically::

    OUT/dataset/            the tidy dataset (data.parquet, codebook.yaml, ingest-report.*)
    OUT/tables/NAME.csv     every table of every analysis step (extra tables: NAME.TABLE.csv)
    OUT/figures/FILE        every figure (.svg or .png)
    OUT/tables.xlsx         every table, one sheet each, plus a notes sheet
    OUT/report.html         self-contained: inline CSS, inline SVG / data-URI PNG, no network
    OUT/manifest.json       package versions, Python, input SHA-256, the config; no timestamps

The same config and inputs give the same files (no timestamps, sorted keys).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..atomic import write_bytes, write_text
from ..errors import OutputError
from ..output.i18n import tr
from .config import Config, load_config
from .html import LONG_TABLE_ROWS, build_html, inline_svg
from .manifest import MANIFEST, manifest_text, package_versions
from .methods import methods_sentences, references_for
from .sections import TEXTS, figure_title, shown_tables, step_title
from .steps import DATASET_DIR, FIGURES_DIR, TABLES_DIR, StepOutcome, run_step

#: What other code (and the tests) import from here: the run, and the pieces of the report.
__all__ = [
    "DATASET_DIR",
    "FIGURES_DIR",
    "LONG_TABLE_ROWS",
    "MANIFEST",
    "REPORT_DOCX",
    "REPORT_HTML",
    "TABLES_DIR",
    "TABLES_XLSX",
    "TEXTS",
    "StepOutcome",
    "build_html",
    "figure_title",
    "inline_svg",
    "methods_sentences",
    "package_versions",
    "references_for",
    "run_config",
    "run_step",
    "sheet_names",
    "shown_tables",
    "step_title",
]

REPORT_HTML = "report.html"
REPORT_DOCX = "report.docx"
TABLES_XLSX = "tables.xlsx"


# --------------------------------------------------------------------------- the run
def run_config(
    config: Config | str | Path,
    *,
    output: str | Path | None = None,
    force: bool | None = None,
    progress: bool = True,
) -> Path:
    """Run every step of a config and write the report; return the output directory.

    ``config`` is a :class:`Config` or the path of a TOML file. ``output`` overrides the config's
    output directory, ``force`` (when not None) the config's ``force``. The run owns only what it
    wrote (see :mod:`digianalys.output.outdir`): it refuses an output directory that holds an input or
    the config, writes everything into a staging directory and swaps it in at the end, replaces
    or removes a previous run's file only when the previous manifest lists it with the SHA-256 it
    still has, and overwrites any other file only with ``force``. Errors in a step are re-raised
    as the same DigianalysError subclass with the step named (``[[compare]] #2 'compare-wave': …``).
    """
    from ..output.outdir import OutputTransaction, output_error

    cfg = config if isinstance(config, Config) else load_config(config)
    out = Path(output).resolve() if output is not None else cfg.output
    _refuse_inputs_inside(out, cfg)
    with OutputTransaction(out, force=cfg.force if force is None else force) as tx:
        stage = tx.staging
        try:
            with _progress(progress, total=len(cfg.steps) + 2) as advance:
                advance("data")
                ds = _dataset(cfg, stage)
                outcomes: list[StepOutcome] = []
                for step in cfg.steps:
                    advance(step.name)
                    outcomes.append(run_step(step, ds, stage, cfg, outcomes))
                    if step.kind == "population" and cfg.dataset is None:
                        ds = _reload(stage)
                advance(REPORT_HTML)
                _write_tables_xlsx(outcomes, stage / TABLES_XLSX, cfg.lang)
                write_text(stage / REPORT_HTML, build_html(cfg, ds, outcomes))
                if "docx" in cfg.formats:
                    _write_docx(cfg, ds, outcomes, stage)
                write_text(stage / MANIFEST, manifest_text(cfg, ds, stage))
        except OSError as exc:
            raise output_error(out, exc) from None
        except OutputError as exc:
            # a write into the staging directory failed: name the final path, not the staging one
            raise OutputError(str(exc).replace(str(stage), str(out))) from None
        tx.commit()
    return out


def _refuse_inputs_inside(out: Path, cfg: Config) -> None:
    """An output directory that holds an input, the codebook or the config is refused."""
    inputs: list[tuple[str, Path]] = [("input", i.path) for i in cfg.inputs]
    if cfg.dataset is not None:
        inputs.append(("dataset", cfg.dataset))
    if cfg.codebook is not None:
        inputs.append(("codebook", cfg.codebook))
    if cfg.path is not None:
        inputs.append(("config", cfg.path))
    for what, p in inputs:
        p = Path(p).resolve()
        if p == out or out in p.parents or p in out.parents:
            raise OutputError(
                f"{out}: the output directory holds the {what} {p.name}; choose an output "
                'directory of its own (e.g. output = "output")'
            )


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[str], None]]:
    """A rich progress bar on stderr (only if enabled and stderr is a terminal)."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda _label: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("digianalys run", total=total)
        started = [False]

        def advance(label: str) -> None:
            if started[0]:
                bar.advance(task)
            started[0] = True
            bar.update(task, description=f"digianalys run: {label}")

        yield advance
        bar.update(task, completed=total)


def _dataset(cfg: Config, out: Path) -> Any:
    """Ingest the inputs into OUT/dataset (or open the configured dataset); load it."""
    from ..dataset import load

    if cfg.dataset is not None:
        return load(cfg.dataset)
    from ..ingest.pipeline import ingest

    target = out / DATASET_DIR
    ingest(
        [i.path for i in cfg.inputs],
        target,
        codebook=cfg.codebook,
        sheet=cfg.inputs[0].sheet,
        layout=cfg.inputs[0].layout,
        waves=cfg.waves,
        keep_pii=cfg.keep_pii,
        force=True,
        id=cfg.id,
    )
    return load(target)


def _write_docx(cfg: Config, ds: Any, outcomes: list[StepOutcome], stage: Path) -> None:
    """report.docx beside report.html: the same sections, figures drawn again as PNG where the
    step kept none."""
    from .word_report import figure_png, report_docx

    figures = {}
    for o in outcomes:
        if o.figure is None:
            continue
        if o.step.kind == "population" and o.result is not None:
            import tempfile

            from ..plots.response import write_response_figure

            with tempfile.TemporaryDirectory(prefix="digianalys-docx-") as tmp:
                png = write_response_figure(
                    o.result.tables["response"], Path(tmp) / "response.png", cfg.lang
                )
                figures[o.step.name] = png.read_bytes()
            continue
        if o.png is not None:
            figures[o.step.name] = o.png
            continue
        from ..where import apply_where

        step_ds, _ = apply_where(ds, o.step.options.get("where"))
        figures[o.step.name] = figure_png(o.step, step_ds, cfg.lang)
    write_bytes(stage / REPORT_DOCX, report_docx(cfg, ds, outcomes, figures))


def _reload(out: Path) -> Any:
    from ..dataset import load

    return load(out / DATASET_DIR)


# --------------------------------------------------------------------------- tables.xlsx
def sheet_names(outcomes: list[StepOutcome]) -> list[tuple[str, StepOutcome, str]]:
    """(sheet name, outcome, table name) for every table: the main table is the step name, the
    others ``name-table``; at most 31 characters, unique (Excel's limits)."""
    used: set[str] = set()
    out: list[tuple[str, StepOutcome, str]] = []
    for o in outcomes:
        if o.result is None:
            continue
        for i, table in enumerate(o.result.tables):
            base = o.step.name if i == 0 else f"{o.step.name}-{table}"
            base = re.sub(r"[\[\]:*?/\\]", "-", base)[:31]
            name, n = base, 2
            while name.lower() in used or name.lower() == "notes":
                suffix = f"-{n}"
                name, n = base[: 31 - len(suffix)] + suffix, n + 1
            used.add(name.lower())
            out.append((name, o, table))
    return out


def _write_tables_xlsx(outcomes: list[StepOutcome], path: Path, lang: str) -> list[Path]:
    names = sheet_names(outcomes)
    if not names:
        return []
    from ..output.render import write_xlsx

    tables = {sheet: o.result.tables[t] for sheet, o, t in names if o.result is not None}
    from ..output.formatting import suppressed_cells

    notes: list[str] = []
    for o in outcomes:
        if o.result is None:
            continue
        notes.extend(f"{o.step.name}: {tr(n, lang)}" for n in o.result.notes)
        notes.extend(f"{o.step.name}: {n}" for n in suppressed_cells(o.result.tables, lang))
    notes.extend(tr(m, lang) for m in methods_sentences(outcomes))
    return [Path(write_xlsx(tables, path, notes, lang))]
