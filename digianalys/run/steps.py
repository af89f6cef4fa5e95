"""The step runner of ``digianalys run``: one ``[[step]]`` of the config → its files.

The step's options go to the library through the same mapping the command line uses
(:meth:`digianalys.run.registry.Analysis.call`, :func:`digianalys.run.registry.draw`); what is
particular to a report lives here: the step's ``where`` filter (with its note), the files
written under ``tables/`` and ``figures/``, the PNG copy of a figure for report.docx, and the
population step's design written into the run's own dataset.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DigianalysError
from ..result import Result
from .config import Config, Step
from .registry import ANALYSES, POPULATION, draw

DATASET_DIR = "dataset"
TABLES_DIR = "tables"
FIGURES_DIR = "figures"


@dataclass
class StepOutcome:
    """What one step produced: a Result (analyses) or a figure (plots), and the files written."""

    step: Step
    result: Result | None = None
    figure: Path | None = None
    files: list[Path] = field(default_factory=list)
    png: bytes | None = None  # the figure as PNG for report.docx (not an output file)


def run_step(
    step: Step, ds: Any, out: Path, cfg: Config, earlier: Sequence[StepOutcome] = ()
) -> StepOutcome:
    """Run one step, write its files into ``out``; errors name the step
    (``[[compare]] #2 'compare-wave': …``, the same DigianalysError subclass)."""
    try:
        return _dispatch(step, ds, out, cfg, earlier)
    except DigianalysError as exc:
        message = f"{step.where}: {exc}"
        try:
            new = type(exc)(message)
        except TypeError:
            new = DigianalysError(message)
        raise new from None


def _dispatch(
    step: Step, ds: Any, out: Path, cfg: Config, earlier: Sequence[StepOutcome] = ()
) -> StepOutcome:
    from ..output.i18n import Msg, tr
    from ..output.render import write_result
    from ..where import apply_where

    if step.kind == POPULATION.name:  # filters itself, and records the filter in design.yaml
        return _population(step, ds, out, cfg)
    ds, subset = apply_where(ds, step.options.get("where"))
    note = (
        Msg("where_note", where=subset.text, n=subset.n_after, total=subset.n_before)
        if subset is not None
        else None
    )
    if step.kind == "plot":
        return _figure(
            step,
            ds,
            out,
            cfg,
            tr(note, cfg.lang) if note is not None else None,
            tested_items(step, earlier, cfg.lang),
        )
    result = ANALYSES[step.kind].call(ds, step.options)
    if note is not None:
        result.notes.insert(0, note)
    written = write_result(result, out / TABLES_DIR / f"{step.name}.csv", cfg.lang)
    return StepOutcome(step, result=result, files=[Path(p) for p in written])


def tested_items(step: Step, earlier: Sequence[StepOutcome], lang: str) -> Any:
    """The comparison an earlier step of the report shows for a Likert figure's items (same
    ``by`` and filter, not paired, every item in it), so that the figure repeats its tests and
    adjusted p-values instead of testing again over another family: one p-value per test per
    report. None when there is none (the figure then tests its own items and says so)."""
    o = step.options
    if o.get("kind") != "likert" or not o.get("by"):
        return None
    items = set(o.get("args") or [])
    for prev in reversed(earlier):
        po = prev.step.options
        if prev.step.kind != "compare" or prev.result is None or po.get("paired"):
            continue
        if po.get("by") != o.get("by") or po.get("where") != o.get("where"):
            continue
        main = prev.result.main
        if not items or not items <= set(map(str, main["variable"])):
            continue
        from ..output.i18n import tr
        from ..plots.likert import TestedItems

        return TestedItems(
            rows=main,
            table=prev.step.caption or tr(prev.result.title, lang),
            correction=str(prev.result.meta.get("correction", "holm")),
            family=int(main["p_value"].notna().sum()),
        )
    return None


def _figure(
    step: Step,
    ds: Any,
    out: Path,
    cfg: Config,
    caption: str | None,
    tested: Any = None,
) -> StepOutcome:
    """A plot step: the figure into figures/ and, when report.docx is written, the same
    drawing as PNG (kept in memory)."""
    png_dir = (
        tempfile.TemporaryDirectory(prefix="digianalys-png-") if "docx" in cfg.formats else None
    )
    png_path = Path(png_dir.name) / "figure.png" if png_dir is not None else None
    try:
        path = draw(
            ds,
            step.options,
            out / FIGURES_DIR / step.figure_file,
            lang=cfg.lang,
            caption=caption,
            also=png_path,
            tested=tested,
        )
        png = png_path.read_bytes() if png_path is not None and png_path.is_file() else None
    finally:
        if png_dir is not None:
            png_dir.cleanup()
    return StepOutcome(step, figure=Path(path), files=[Path(path)], png=png)


def _population(step: Step, ds: Any, out: Path, cfg: Config) -> StepOutcome:
    """Respondents against the frame, and the response-rate figure; with an ingested dataset
    (not a given one, which is an input and never modified) design.yaml and the weights are
    written into OUT/dataset, so that the later steps use the design."""
    from ..output.render import write_result
    from ..plots.response import write_response_figure
    from ..stats.population import write_design

    result, spec, weights = POPULATION.call(ds, step.options)
    written = [
        Path(p) for p in write_result(result, out / TABLES_DIR / f"{step.name}.csv", cfg.lang)
    ]
    if cfg.dataset is None:
        written += write_design(out / DATASET_DIR, spec, weights)
    figure = out / FIGURES_DIR / f"{step.name}.svg"
    figure.parent.mkdir(parents=True, exist_ok=True)
    write_response_figure(result.tables["response"], figure, cfg.lang)
    return StepOutcome(step, result=result, figure=figure, files=[*written, figure])
