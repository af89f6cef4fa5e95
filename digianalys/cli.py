"""The command line: parse options, call the library, render the result.

No statistics or data handling lives here. ``DigianalysError``s become ``error: …`` on stderr
with exit code 1 in one place (:class:`_Group`); usage errors stay Typer's exit code 2.
Heavy libraries are imported inside the commands so that ``digianalys --help`` is fast.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import DigianalysError

_DEBUG_ENV = "DIGIANALYS_DEBUG"


class _Group(TyperGroup):
    """Turns our own errors (and only those) into one line on stderr and exit code 1."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except DigianalysError as exc:
            if os.environ.get(_DEBUG_ENV):
                raise
            from .output.formatting import strip_controls  # level names from data reach messages

            message = strip_controls(" ".join(str(exc).split("\n")))
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            # an OS error no module turned into a DigianalysError (e.g. creating an output
            # directory under a file): still one line naming the path, never a traceback
            if os.environ.get(_DEBUG_ENV):
                raise
            from .output.outdir import output_error

            typer.echo(f"error: {output_error(exc.filename or '?', exc)}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo(
                "error: interrupted; no partial output was left under a final name", err=True
            )
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_Group,
    name="digianalys",
    help="Reproducible analysis of organisation surveys: ingest → describe/compare/correlate/model/scales → plot → run.",
    pretty_exceptions_show_locals=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


# ------------------------------------------------------------------ shared options
class Lang(StrEnum):
    sv = "sv"
    en = "en"


class Fmt(StrEnum):
    table = "table"
    json = "json"


DatasetArg = Annotated[
    Path,
    typer.Argument(help="Dataset directory written by 'digianalys ingest'.", show_default=False),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Write the result; format from the extension: .csv .xlsx .md .html .tex .json.",
    ),
]
LangOpt = Annotated[
    Lang, typer.Option("--lang", help="Language of headings and labels (sv: decimal comma).")
]
MinCellOpt = Annotated[
    int,
    typer.Option(
        "--min-cell",
        min=0,
        help="Suppress group summaries based on fewer than N responses (0: off).",
    ),
]
WeightsOpt = Annotated[
    str | None, typer.Option("--weights", help="Column of survey weights (design-based inference).")
]
FormatOpt = Annotated[
    Fmt,
    typer.Option(
        "--format", help="Terminal output: a readable table, or JSON (the library result)."
    ),
]
ByOpt = Annotated[str | None, typer.Option("--by", help="Grouping variable, e.g. sector.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"digianalys {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for errors (may show data).")
    ] = False,
) -> None:
    """digianalys: from a messy survey export to a reproducible report."""
    if debug:
        os.environ[_DEBUG_ENV] = "1"


def _emit(result: Any, output: Path | None, fmt: Fmt, lang: Lang) -> None:
    """Render a Result to the terminal (table or JSON) and, with -o, to a file."""
    from .output.render import terminal, to_json_text, write_result

    if output is not None:
        written = write_result(result, output, lang=lang.value)
        for p in written:
            typer.echo(f"wrote {p}", err=True)
    if fmt is Fmt.json:
        typer.echo(to_json_text(result))
    elif output is None or sys.stdout.isatty():
        typer.echo(terminal(result, lang=lang.value))


#: The --where filter of the command being run, applied by :func:`_load` (set by the wrapper of
#: every analysis command and by ``plot``), and what it kept, for the result's notes.
_WHERE: contextvars.ContextVar[str | None] = contextvars.ContextVar("where", default=None)
_FILTERED: contextvars.ContextVar[Any] = contextvars.ContextVar("filtered", default=None)


def _load(path: Path) -> Any:
    from .dataset import load
    from .where import apply_where

    ds, subset = apply_where(load(path), _WHERE.get())
    _FILTERED.set(subset)
    return ds


def _where_note(lang: str | None = None) -> Any:
    """The note saying which filter was applied (a Msg, or its text in ``lang``), or None."""
    from .output.i18n import Msg, tr

    subset = _FILTERED.get()
    if subset is None:
        return None
    note = Msg("where_note", where=subset.text, n=subset.n_after, total=subset.n_before)
    return tr(note, lang) if lang else note


_RENDER_OPTIONS = (
    inspect.Parameter("output", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=OutOpt),
    inspect.Parameter("lang", inspect.Parameter.KEYWORD_ONLY, default=Lang.en, annotation=LangOpt),
)
WhereOpt = Annotated[
    str | None,
    typer.Option(
        "--where",
        help='Only responses matching a filter, e.g. "sector == kommunal and wave == 2021".',
    ),
]
_WHERE_OPTION = inspect.Parameter(
    "where", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=WhereOpt
)
_FORMAT_OPTION = inspect.Parameter(
    "fmt", inspect.Parameter.KEYWORD_ONLY, default=Fmt.table, annotation=FormatOpt
)


def _analysis(func: Callable[..., Any]) -> Callable[..., None]:
    """Register an analysis command: ``func`` takes its own arguments and returns a Result.

    The output options every analysis shares are added here, once: ``-o/--output`` and
    ``--lang`` after the command's own options (before ``--min-cell``/``--weights`` where the
    command has them) and ``--format`` last. The Result is printed and, with ``-o``, written.
    """
    own = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY)  # Typer passes every value by name
        for p in inspect.signature(func, eval_str=True).parameters.values()
    ]
    at = next((i for i, p in enumerate(own) if p.name in ("min_cell", "weights")), len(own))
    has_where = any(p.name == "where" for p in own)  # population filters before matching
    shared = [] if has_where else [_WHERE_OPTION]
    params = [*own[:at], *shared, *_RENDER_OPTIONS, *own[at:], _FORMAT_OPTION]

    @functools.wraps(func)
    def command(*, output: Path | None, lang: Lang, fmt: Fmt, **kwargs: Any) -> None:
        token = None if has_where else _WHERE.set(kwargs.pop("where", None))
        try:
            result = func(**kwargs)
            note = None if has_where else _where_note()
            if note is not None:
                result.notes.insert(0, note)
            _emit(result, output, fmt, lang)
        finally:
            if token is not None:
                _WHERE.reset(token)

    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return app.command(name=func.__name__)(command)


# ------------------------------------------------------------------ ingest
class LayoutChoice(StrEnum):
    auto = "auto"
    plain = "plain"
    surveymonkey = "surveymonkey"
    qualtrics = "qualtrics"
    google_forms = "google-forms"
    ms_forms = "ms-forms"


@app.command()
def ingest(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Survey exports: .xlsx .xlsm .xls .ods .csv", show_default=False),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Dataset directory to write.", show_default=False)
    ],
    codebook: Annotated[
        Path | None, typer.Option("--codebook", help="An edited codebook.yaml to apply.")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Sheet name (default: the first sheet with data).")
    ] = None,
    layout: Annotated[
        LayoutChoice, typer.Option("--layout", help="Header layout of the export.")
    ] = LayoutChoice.auto,
    wave: Annotated[
        list[str] | None,
        typer.Option("--wave", help="Wave value per input, in order (adds a 'wave' column)."),
    ] = None,
    keep_pii: Annotated[
        bool, typer.Option("--keep-pii", help="Keep personal-data columns (e-mail, IP, names …).")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite a non-empty output directory.")
    ] = False,
    id: Annotated[
        str | None,
        typer.Option(
            "--id", help="Header of the organisation-id column: kept, normalised, unique per wave."
        ),
    ] = None,
) -> None:
    """Read survey exports into a tidy, typed dataset with an editable codebook.

    Example: digianalys ingest enkat-2018.xlsx -o analys/
    """
    from .ingest.pipeline import ingest as run_ingest

    res = run_ingest(
        inputs,
        output,
        codebook=codebook,
        sheet=sheet,
        layout=layout.value,
        waves=wave or None,
        keep_pii=keep_pii,
        force=force,
        id=id,
    )
    typer.echo(res.summary())


# ------------------------------------------------------------------ analyses
class Inference(StrEnum):
    finite = "finite"
    model = "model"


@_analysis
def describe(
    dataset: DatasetArg,
    variables: Annotated[
        list[str] | None, typer.Argument(help="Variables (default: all analysable).")
    ] = None,
    by: ByOpt = None,
    inference: Annotated[
        Inference | None,
        typer.Option(
            "--inference",
            help="finite: about the population's organisations (design.yaml; default with a "
            "design); model: beyond this population.",
        ),
    ] = None,
    min_cell: MinCellOpt = 5,
    weights: WeightsOpt = None,
) -> Any:
    """Descriptive statistics per variable (and group).

    Example: digianalys describe analys/ --by sector -o analys/tables/describe.xlsx
    """
    ds = _load(dataset)
    from .stats.describe import describe as run

    return run(
        ds,
        variables or None,
        by=by,
        weights=weights,
        min_cell=min_cell,
        inference=inference.value if inference is not None else None,
    )


class TestChoice(StrEnum):
    auto = "auto"
    parametric = "parametric"
    nonparametric = "nonparametric"


class Correction(StrEnum):
    holm = "holm"
    fdr_bh = "fdr_bh"
    none = "none"


@_analysis
def compare(
    dataset: DatasetArg,
    variables: Annotated[
        list[str] | None, typer.Argument(help="Variables (default: all analysable except --by).")
    ] = None,
    by: Annotated[
        str, typer.Option("--by", help="Grouping variable, e.g. sector.", show_default=False)
    ] = ...,
    test: Annotated[
        TestChoice, typer.Option("--test", help="Which family of tests.")
    ] = TestChoice.auto,
    correction: Annotated[
        Correction, typer.Option("--correction", help="Multiple-testing correction.")
    ] = Correction.holm,
    alpha: Annotated[
        float,
        typer.Option(
            "--alpha", min=0.0, max=1.0, help="Level for direction words (adjusted p below it)."
        ),
    ] = 0.05,
    paired: Annotated[
        bool,
        typer.Option(
            "--paired", help="Waves of the same organisations: matched tests by --id (Wilcoxon …)."
        ),
    ] = False,
    id: Annotated[
        str | None, typer.Option("--id", help="Organisation id variable for --paired.")
    ] = None,
    min_cell: MinCellOpt = 5,
    weights: WeightsOpt = None,
) -> Any:
    """Compare groups: the right test per variable, effect sizes with CIs, corrected p-values.

    Example: digianalys compare analys/ --by sector -o analys/tables/compare-sector.xlsx
    """
    from .errors import VariableError
    from .stats.compare import compare as run

    if paired:
        from .stats.paired import compare_paired

        ds = _load(dataset)
        id = id or getattr(ds.codebook, "id", None)
        if not id:
            raise VariableError(
                "--paired needs --id VAR: the variable that identifies the organisation"
            )
        if weights:
            raise VariableError("--paired does not take --weights (the pairs are the design)")
        return compare_paired(
            ds, by, variables or None, id=id, correction=correction.value, min_cell=min_cell
        )
    return run(
        _load(dataset),
        by,
        variables or None,
        test=test.value,
        correction=correction.value,
        weights=weights,
        min_cell=min_cell,
        alpha=alpha,
    )


class CorrMethod(StrEnum):
    spearman = "spearman"
    pearson = "pearson"
    kendall = "kendall"


@_analysis
def correlate(
    dataset: DatasetArg,
    variables: Annotated[
        list[str],
        typer.Argument(
            help="X Y (two variables), or more: every pair among them.", show_default=False
        ),
    ],
    method: Annotated[
        CorrMethod, typer.Option("--method", help="Correlation coefficient.")
    ] = CorrMethod.spearman,
    control: Annotated[
        list[str] | None,
        typer.Option(
            "--control",
            help="Partial out this variable; repeat for several: --control employees --control sector.",
        ),
    ] = None,
    by: ByOpt = None,
    min_cell: MinCellOpt = 5,
    weights: WeightsOpt = None,
) -> Any:
    """Correlations with confidence intervals, optionally partial and by group.

    Example: digianalys correlate analys/ leadership pace --control employees
    """
    from .errors import VariableError
    from .stats.correlation import correlate as run

    if len(variables) < 2:
        raise VariableError("correlate needs at least two variables: X Y")
    x, y = (variables[0], variables[1]) if len(variables) == 2 else (variables, None)
    return run(
        _load(dataset),
        x,
        y,
        method=method.value,
        control=control or None,
        by=by,
        weights=weights,
        min_cell=min_cell,
    )


class ModelKind(StrEnum):
    ols = "ols"
    logit = "logit"
    ordinal = "ordinal"


class Robust(StrEnum):
    hc3 = "hc3"
    hc1 = "hc1"
    none = "none"


@_analysis
def model(
    dataset: DatasetArg,
    formula: Annotated[
        str,
        typer.Argument(
            help="Model formula over codebook names (restricted grammar, see docs).",
            show_default=False,
        ),
    ],
    kind: Annotated[
        ModelKind, typer.Option("--kind", help="ols, logit, or ordinal (proportional-odds logit).")
    ] = ModelKind.ols,
    robust: Annotated[
        Robust, typer.Option("--robust", help="Robust standard errors.")
    ] = Robust.hc3,
    cluster: Annotated[
        str | None, typer.Option("--cluster", help="Cluster-robust SEs by this variable.")
    ] = None,
    standardize: Annotated[
        bool, typer.Option("--standardize", help="Also report standardised coefficients.")
    ] = False,
    min_cell: MinCellOpt = 5,
    weights: WeightsOpt = None,
) -> Any:
    """Regression models from a formula: OLS (HC3), logit, ordinal logit.

    Example: digianalys model analys/ "pace ~ leadership + C(sector) + np.log(employees)"
    """
    from .stats.models import model as run

    return run(
        _load(dataset),
        formula,
        kind=kind.value,
        robust=robust.value,
        cluster=cluster,
        weights=weights,
        standardize=standardize,
        min_cell=min_cell,
    )


class MissingChoice(StrEnum):
    pairwise = "pairwise"
    listwise = "listwise"


@_analysis
def scales(
    dataset: DatasetArg,
    names: Annotated[
        list[str] | None, typer.Argument(help="Scales (default: all in the codebook).")
    ] = None,
    missing: Annotated[
        MissingChoice,
        typer.Option("--missing", help="Missing item answers: pairwise or listwise deletion."),
    ] = MissingChoice.pairwise,
) -> Any:
    """Reliability of the codebook's scales: Cronbach's alpha with CI, omega, item statistics.

    Example: digianalys scales analys/ -o analys/tables/scales.csv
    """
    from .stats.reliability import scales as run

    return run(_load(dataset), names or None, missing=missing.value)


# ------------------------------------------------------------------ plots
class PlotKind(StrEnum):
    likert = "likert"
    box = "box"
    bar = "bar"
    scatter = "scatter"
    heatmap = "heatmap"
    forest = "forest"
    trend = "trend"


class Weighting(StrEnum):
    none = "none"
    poststratify = "poststratify"
    rake = "rake"
    calibrate = "calibrate"


@_analysis
def population(
    dataset: DatasetArg,
    frame: Annotated[
        Path,
        typer.Option(
            "--frame",
            help="Population frame (csv/xlsx): one row per organisation.",
            show_default=False,
        ),
    ],
    id: Annotated[
        str | None,
        typer.Option(
            "--id", help="The dataset's organisation id variable (default: the codebook's id)."
        ),
    ] = None,
    frame_id: Annotated[
        str | None, typer.Option("--frame-id", help="The frame's id column (default: as --id).")
    ] = None,
    strata: Annotated[
        list[str] | None, typer.Option("--strata", help="Stratum variable(s), e.g. sector.")
    ] = None,
    aux: Annotated[
        list[str] | None,
        typer.Option(
            "--aux", help="Frame variable(s) to compare respondents with, e.g. employees."
        ),
    ] = None,
    weighting: Annotated[
        Weighting, typer.Option("--weights", help="Build weights from the frame.")
    ] = Weighting.none,
    margins: Annotated[
        list[str] | None,
        typer.Option("--margins", help="Margins for the weights (default: the strata)."),
    ] = None,
    trim: Annotated[
        str | None, typer.Option("--trim", help="Bound the weights to LO:HI (total kept).")
    ] = None,
    drop_unmatched: Annotated[
        bool,
        typer.Option(
            "--drop-unmatched", help="Leave out respondents whose id is not in the frame."
        ),
    ] = False,
    where: Annotated[
        str | None,
        typer.Option(
            "--where", help='Only these responses, e.g. "wave == 2021" (one per organisation).'
        ),
    ] = None,
) -> Any:
    """Response rates and non-response against a population frame; writes design.yaml.

    Example: digianalys population analys/ --frame ram.xlsx --id org_id --strata sector --aux employees
    """
    from .errors import VariableError
    from .stats.population import population as run
    from .stats.population import write_design

    bounds = None
    if trim is not None:
        try:
            lo, hi = (float(v) for v in trim.split(":"))
        except ValueError:
            raise VariableError(
                f"--trim '{trim}': write two numbers as LO:HI, e.g. 0.5:4"
            ) from None
        bounds = (lo, hi)
    result, spec, weights = run(
        _load(dataset),
        frame,
        id=id,
        frame_id=frame_id,
        strata=strata or [],
        aux=aux or [],
        weights=weighting.value,
        margins=margins or None,
        trim=bounds,
        drop_unmatched=drop_unmatched,
        where=where,
    )
    for p in write_design(dataset, spec, weights):
        typer.echo(f"wrote {p}", err=True)
    return result


@app.command()
def plot(
    kind: Annotated[PlotKind, typer.Argument(help="Figure kind.", show_default=False)],
    dataset: DatasetArg,
    args: Annotated[
        list[str] | None,
        typer.Argument(
            help="Variables (likert/heatmap), VAR (box/bar/trend), X Y (scatter), FORMULA (forest)."
        ),
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Figure file: .png .svg .pdf", show_default=False)
    ] = ...,
    by: ByOpt = None,
    method: Annotated[
        CorrMethod, typer.Option("--method", help="Correlation for heatmap/scatter.")
    ] = CorrMethod.spearman,
    model_kind: Annotated[
        ModelKind, typer.Option("--kind", help="Model kind (forest).")
    ] = ModelKind.ols,
    robust: Annotated[Robust, typer.Option("--robust", help="Robust SEs (forest).")] = Robust.hc3,
    lang: LangOpt = Lang.en,
    min_cell: MinCellOpt = 5,
    where: WhereOpt = None,
    paired: Annotated[
        bool,
        typer.Option("--paired", help="trend: only organisations that answered every wave (--id)."),
    ] = False,
    id: Annotated[
        str | None, typer.Option("--id", help="Organisation id variable for --paired.")
    ] = None,
) -> None:
    """Draw a figure from a dataset.

    Example: digianalys plot likert analys/ --by sector -o analys/figures/likert.png
    """
    from .plots import make_plot

    token = _WHERE.set(where)
    try:
        ds = _load(dataset)
    finally:
        _WHERE.reset(token)
    if paired:
        from .errors import VariableError
        from .stats.paired import matched

        if kind.value != "trend":
            raise VariableError("--paired is for plot trend (the same organisations over waves)")
        if not id:
            raise VariableError(
                "--paired needs --id VAR: the variable that identifies the organisation"
            )
        ds = matched(ds, "wave", id=id)
    path = make_plot(
        kind.value,
        ds,
        output,
        args=list(args or []),
        by=by,
        method=method.value,
        model_kind=model_kind.value,
        robust=robust.value,
        lang=lang.value,
        min_cell=min_cell,
        caption=_where_note(lang.value),
    )
    typer.echo(f"wrote {path}", err=True)


# ------------------------------------------------------------------ run / sample
@app.command()
def run(
    config: Annotated[
        Path, typer.Argument(help="Analysis configuration (TOML).", show_default=False)
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Override the config's output directory.")
    ] = None,
    force: Annotated[
        bool | None,
        typer.Option(
            "--force/--no-force",
            help="Overwrite files in the output directory that the previous run did not write "
            "(default: the config's force, else refuse and list them).",
            show_default=False,
        ),
    ] = None,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")
    ] = True,
) -> None:
    """Run a whole analysis from a TOML config: dataset, tables, figures, report.html, tables.xlsx.

    Example: digianalys run examples/digitalisering.toml
    """
    from .run.report import run_config

    out = run_config(config, output=output, force=force, progress=progress)
    typer.echo(f"report: {out / 'report.html'}")


@app.command()
def export(
    dataset: DatasetArg,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="File to write: .sav (SPSS), .dta (Stata) or .csv.",
            show_default=False,
        ),
    ],
) -> None:
    """Export the tidy dataset with its labels for SPSS, Stata or a spreadsheet.

    Example: digianalys export analys/ -o analys/enkat.sav
    """
    from .output.export import export as run

    for p in run(_load(dataset), output):
        typer.echo(f"wrote {p}", err=True)


@app.command()
def sample(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Directory for the sample workbooks.")
    ] = Path("data/sample"),
) -> None:
    """Write the bundled, deterministic sample survey (two waves) as workbooks.

    Example: digianalys sample -o data/sample
    """
    from .sample.generate import write_sample

    for p in write_sample(output):
        typer.echo(f"wrote {p}", err=True)


def main() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    # --debug only counts before '--': after it every argument is a file name, even '--debug'
    end = argv.index("--") if "--" in argv else len(argv)
    if "--debug" in argv[:end]:
        os.environ[_DEBUG_ENV] = "1"
        argv = [a for a in argv[:end] if a != "--debug"] + argv[end:]
    try:
        app(args=argv, prog_name="digianalys")
    finally:
        # The process ends here: spare the interpreter's final garbage collection (see speed).
        from .ingest.speed import skip_final_collection

        skip_final_collection()


if __name__ == "__main__":
    main()
