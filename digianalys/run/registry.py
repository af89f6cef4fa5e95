"""One registry of analyses: every option of every analysis and figure, declared once.

Each :class:`Analysis` lists its :class:`Option`\\ s — name, type, choices, default, help text,
command-line spelling, whether it is a key of a ``[[step]]`` in the run configuration, and
where it goes in the library call. From this one declaration are built:

* the Typer commands of :mod:`digianalys.cli` (``--help`` and docs/cli.md come from them),
* the TOML schema of :mod:`digianalys.run.config`, with its did-you-mean errors,
* the library call that both the command line and the report's step runner
  (:mod:`digianalys.run.steps`) make: :meth:`Analysis.call`.

Adding an option to an analysis is one edit here. Nothing heavy is imported at module level
(``digianalys --help`` stays fast): the library functions are named as ``module:function`` and
imported when called.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

#: Option types: what the command line parses and what a TOML key must hold.
TEXT, TEXTS, INT, FLOAT, BOOL, PATH, PATHS, CHOICE = (
    "text",
    "texts",
    "int",
    "float",
    "bool",
    "path",
    "paths",
    "choice",
)

#: A value check run on the parsed options of a config step: returns an error text (the step is
#: named before it) or None.
StepCheck = Callable[[dict[str, Any]], str | None]


@dataclass(frozen=True)
class Option:
    """One option of an analysis.

    ``name`` is the TOML key and the Python name; ``flag`` the command-line spelling (default
    ``--name`` with ``_`` as ``-``); ``argument`` makes it a positional command-line argument.
    ``to`` says where the value goes in the library call: an int is the position after the
    dataset, a string the keyword, None not passed. ``inherit`` names the top-level config key
    whose value is the default in a step (``min_cell``, ``weights``, ``id``). ``one_or_many``: a
    TOML string is taken as a list of one. ``missing`` is the error text when a required TOML
    key is absent (default: "has no 'KEY'; it is required"). ``toml_read``, when given, reads
    and checks the TOML value itself: ``(table, key, where, reader) -> value``; ``from_cli``
    turns the command-line value into the library's (``--trim 0.5:4`` → ``(0.5, 4.0)``).
    """

    name: str
    type: str
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    flag: str | None = None
    argument: bool = False
    required: bool = False
    cli: bool = True
    toml: bool = True
    to: int | str | None = None
    minimum: float | None = None
    maximum: float | None = None
    inherit: str | None = None
    one_or_many: bool = False
    missing: str | None = None
    toml_read: Callable[..., Any] | None = None
    from_cli: Callable[[Any], Any] | None = None

    @property
    def cli_flags(self) -> tuple[str, ...]:
        """The command-line spellings (``flag`` may give several: ``"-o --output"``)."""
        return tuple((self.flag or "--" + self.name.replace("_", "-")).split())


@dataclass(frozen=True)
class Analysis:
    """An analysis (or the figure command): its options and the library call they map to.

    ``target`` is the library function as ``module:function``, called
    as ``function(ds, *positional, **keywords)`` from the options' ``to``. ``call_with``, when
    given, replaces that call (``(analysis, ds, options) -> value``). ``command``/``step``: a
    command-line command and a ``[[step]]`` of the run configuration. ``filters_itself``: the
    ``where`` filter goes to the library (population records it) instead of being applied to
    the dataset first. ``checks`` run on a config step's parsed options; ``cli_prepare`` turns
    the command line's options into the library's before the dataset is loaded, ``cli_check``
    checks them against the loaded dataset.
    """

    name: str
    help: str
    options: tuple[Option, ...]
    target: str = ""
    call_with: Callable[[Analysis, Any, dict[str, Any]], Any] | None = None
    command: bool = True
    step: bool = True
    filters_itself: bool = False
    needs_id: bool = False
    checks: tuple[StepCheck, ...] = ()
    cli_prepare: Callable[[dict[str, Any]], None] | None = None
    cli_check: Callable[[Any, dict[str, Any]], None] | None = None
    example: str = ""

    def option(self, name: str) -> Option:
        return next(o for o in self.options if o.name == name)

    def cli_options(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.cli)

    def toml_options(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.toml)

    def defaults(self) -> dict[str, Any]:
        """Every library option at its default (for options a caller does not set)."""
        return {o.name: _fresh(o.default) for o in self.options if o.to is not None}

    def arguments(self, options: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        """The positional and keyword arguments of the library call (after the dataset)."""
        values = {**self.defaults(), **options}
        positional = sorted((o.to, o.name) for o in self.options if isinstance(o.to, int))
        keywords = {o.to: values[o.name] for o in self.options if isinstance(o.to, str)}
        return [values[name] for _, name in positional], keywords

    def call(self, ds: Any, options: dict[str, Any]) -> Any:
        """Run the analysis on a loaded dataset with parsed options (the one mapping from
        options to the library that the command line and ``digianalys run`` share)."""
        if self.call_with is not None:
            return self.call_with(self, ds, options)
        return self.call_target(self.target, ds, options=options)

    def call_target(self, target: str, *first: Any, options: dict[str, Any]) -> Any:
        """``target(*first, *positional, **keywords)`` with the arguments from ``options``."""
        positional, keywords = self.arguments(options)
        return library(target)(*first, *positional, **keywords)


def library(target: str) -> Callable[..., Any]:
    """The library function named ``module:function``."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _fresh(value: Any) -> Any:
    """A default as a value of its own (a tuple default becomes a new list)."""
    return list(value) if isinstance(value, tuple) else value


# --------------------------------------------------------------------------- choices
LANGS = ("sv", "en")
LAYOUTS = ("auto", "plain", "surveymonkey", "qualtrics", "google-forms", "ms-forms")
TESTS = ("auto", "parametric", "nonparametric")
CORRECTIONS = ("holm", "fdr_bh", "none")
METHODS = ("spearman", "pearson", "kendall")
MODEL_KINDS = ("ols", "logit", "ordinal")
ROBUST = ("hc3", "hc1", "none")
INFERENCES = ("finite", "model")
MISSING = ("pairwise", "listwise")
WEIGHTINGS = ("none", "poststratify", "rake", "calibrate")
PLOT_KINDS = ("likert", "box", "bar", "scatter", "heatmap", "forest", "trend")
#: What each figure kind takes as ``args`` (the help of ``plot``'s ARGS says it in one line).
PLOT_ARGS = {
    "likert": "[VARIABLES...]",
    "box": "VAR",
    "bar": "VAR",
    "scatter": "X Y",
    "heatmap": "[VARIABLES...]",
    "forest": "FORMULA",
    "trend": "VAR",
}


# --------------------------------------------------------------------------- shared options
DATASET = Option(
    "dataset",
    PATH,
    "Dataset directory written by 'digianalys ingest'.",
    argument=True,
    required=True,
    toml=False,
)
BY = Option("by", TEXT, "Grouping variable, e.g. sector.", to="by")
MIN_CELL = Option(
    "min_cell",
    INT,
    "Suppress group summaries based on fewer than N responses (0: off).",
    default=5,
    minimum=0,
    to="min_cell",
    inherit="min_cell",
)
WEIGHTS = Option(
    "weights",
    TEXT,
    "Column of survey weights (design-based inference).",
    to="weights",
    inherit="weights",
)
WHERE = Option(
    "where",
    TEXT,
    'Only responses matching a filter, e.g. "sector == kommunal and wave == 2021".',
)
PAIRED_ID = Option("id", TEXT, "Organisation id variable for --paired.", inherit="id")
VARIABLES = Option("variables", TEXTS, "Variables (default: all analysable).", argument=True, to=0)
#: Keys every ``[[step]]`` takes besides its analysis's options.
COMMON_STEP_KEYS = ("name", "caption", "where")
#: A step's name (and a figure file's stem): file and sheet names.
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")
FIGURE_SUFFIXES = (".svg", ".png")


# --------------------------------------------------------------------------- TOML readers
def _read_x(table: dict[str, Any], key: str, where: str, reader: Any) -> Any:
    x = table.get(key)
    if x is None:
        raise reader.error(f'{where} has no \'x\'; add x = "leadership" (and y = "pace")')
    if isinstance(x, list):
        names = reader.strings(table, key, where)
        if len(names) < 2:
            raise reader.error(f"{where} key 'x' as a list needs at least two variables")
        return names
    return reader.string(table, key, where, required=True)


def _check_x_y(o: dict[str, Any]) -> str | None:
    if isinstance(o["x"], str) and o["y"] is None:
        return " has x but no 'y'; add y = \"pace\" or make x a list"
    if isinstance(o["x"], list) and o["y"] is not None:
        return ": with a list in 'x' (every pair), leave out 'y'"
    return None


def _read_formula(table: dict[str, Any], key: str, where: str, reader: Any) -> str:
    formula: str = reader.string(table, key, where, required=True)
    if "~" not in formula:
        raise reader.error(
            f"{where} key 'formula' must look like \"pace ~ leadership + C(sector)\", "
            f"got {formula!r}"
        )
    return formula


def _read_trim(table: dict[str, Any], key: str, where: str, reader: Any) -> Any:
    trim = table.get(key)
    if trim is None:
        return None
    if (
        not isinstance(trim, list)
        or len(trim) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in trim)
    ):
        raise reader.error(f"{where} key 'trim' must be two numbers [low, high], got {trim!r}")
    return (float(trim[0]), float(trim[1]))


def trim_bounds(text: str | None) -> tuple[float, float] | None:
    """``--trim LO:HI`` as two numbers (None when not given)."""
    if text is None:
        return None
    from ..errors import VariableError

    try:
        lo, hi = (float(v) for v in text.split(":"))
    except ValueError:
        raise VariableError(f"--trim '{text}': write two numbers as LO:HI, e.g. 0.5:4") from None
    return (lo, hi)


def _read_file(table: dict[str, Any], key: str, where: str, reader: Any) -> str | None:
    from pathlib import Path

    file: str | None = reader.string(table, key, where, default=None)
    if file is not None:
        if Path(file).name != file or not NAME_RE.match(Path(file).stem):
            raise reader.error(
                f"{where} key 'file' must be a plain file name such as \"likert.svg\" "
                f"(it goes into figures/), got {file!r}"
            )
        if Path(file).suffix.lower() not in FIGURE_SUFFIXES:
            raise reader.error(
                f"{where} key 'file' must end in .svg or .png (the report embeds it), got {file!r}"
            )
    return file


def _check_trend_variables(o: dict[str, Any]) -> str | None:
    return None if o["variables"] else ' needs variables = ["pace"]'


def _check_paired_plot(o: dict[str, Any]) -> str | None:
    if o["paired"] and o["kind"] != "trend":
        return ': paired = true is for kind = "trend" (the same organisations)'
    return None


# --------------------------------------------------------------------------- command-line hooks
def _correlate_xy(o: dict[str, Any]) -> None:
    """``correlate DIR X Y`` is one pair; more variables are every pair among them."""
    from ..errors import VariableError

    variables = o.pop("variables")
    if len(variables) < 2:
        raise VariableError("correlate needs at least two variables: X Y")
    o["x"], o["y"] = (variables[0], variables[1]) if len(variables) == 2 else (variables, None)


def _compare_paired_options(ds: Any, o: dict[str, Any]) -> None:
    """``compare --paired``: the id (default: the codebook's), and no weights."""
    from ..errors import VariableError

    if not o["paired"]:
        return
    o["id"] = o["id"] or getattr(ds.codebook, "id", None)
    if not o["id"]:
        raise VariableError(
            "--paired needs --id VAR: the variable that identifies the organisation"
        )
    if o["weights"]:
        raise VariableError("--paired does not take --weights (the pairs are the design)")


def _plot_paired_options(ds: Any, o: dict[str, Any]) -> None:
    """``plot trend --paired``: only for trend, and only with --id."""
    from ..errors import VariableError

    if not o["paired"]:
        return
    if o["kind"] != "trend":
        raise VariableError("--paired is for plot trend (the same organisations over waves)")
    if not o["id"]:
        raise VariableError(
            "--paired needs --id VAR: the variable that identifies the organisation"
        )


# --------------------------------------------------------------------------- special calls
def _compare(analysis: Analysis, ds: Any, o: dict[str, Any]) -> Any:
    """Independent groups (stats.compare), or with ``paired`` the same organisations over
    waves (stats.paired.compare_paired: no test family, no weights)."""
    if o.get("paired"):
        return library("digianalys.stats.paired:compare_paired")(
            ds,
            o["by"],
            o.get("variables"),
            id=o["id"],
            correction=o.get("correction", "holm"),
            min_cell=o.get("min_cell", 5),
        )
    return analysis.call_target(analysis.target, ds, options=o)


def draw(
    ds: Any,
    options: dict[str, Any],
    out: Any,
    *,
    lang: str,
    caption: str | None = None,
    also: Any = None,
) -> Any:
    """Draw the figure a ``plot`` step or command describes into ``out`` (the dataset is
    matched over waves first for ``paired``); return the path written."""
    o = {**PLOT.defaults(), **options}
    if o.get("paired"):
        ds = library("digianalys.stats.paired:matched")(ds, "wave", id=o["id"])
    _, keywords = PLOT.arguments(o)
    return library("digianalys.plots:make_plot")(
        o["kind"], ds, out, lang=lang, caption=caption, also=also, **keywords
    )


# --------------------------------------------------------------------------- the registry
DESCRIBE = Analysis(
    "describe",
    "Descriptive statistics per variable (and group).",
    (
        DATASET,
        VARIABLES,
        BY,
        Option(
            "inference",
            CHOICE,
            "finite: about the population's organisations (design.yaml; default with a "
            "design); model: beyond this population.",
            choices=INFERENCES,
            to="inference",
        ),
        MIN_CELL,
        WEIGHTS,
    ),
    target="digianalys.stats.describe:describe",
    example="digianalys describe analys/ --by sector -o analys/tables/describe.xlsx",
)

COMPARE = Analysis(
    "compare",
    "Compare groups: the right test per variable, effect sizes with CIs, corrected p-values.",
    (
        DATASET,
        replace(VARIABLES, help="Variables (default: all analysable except --by).", to=1),
        replace(BY, required=True, to=0),
        Option("test", CHOICE, "Which family of tests.", "auto", TESTS, to="test"),
        Option(
            "correction",
            CHOICE,
            "Multiple-testing correction.",
            "holm",
            CORRECTIONS,
            to="correction",
        ),
        Option(
            "alpha",
            FLOAT,
            "Level for direction words (adjusted p below it).",
            0.05,
            minimum=0.0,
            maximum=1.0,
            to="alpha",
        ),
        Option(
            "paired",
            BOOL,
            "Waves of the same organisations: matched tests by --id (Wilcoxon …).",
            False,
        ),
        PAIRED_ID,
        MIN_CELL,
        WEIGHTS,
    ),
    target="digianalys.stats.compare:compare",
    call_with=_compare,
    cli_check=_compare_paired_options,
    example="digianalys compare analys/ --by sector -o analys/tables/compare-sector.xlsx",
)

CORRELATE = Analysis(
    "correlate",
    "Correlations with confidence intervals, optionally partial and by group.",
    (
        DATASET,
        Option(
            "variables",
            TEXTS,
            "X Y (two variables), or more: every pair among them.",
            argument=True,
            required=True,
            toml=False,
        ),
        Option("x", TEXT, "X (a list: every pair).", cli=False, to=0, toml_read=_read_x),
        Option("y", TEXT, "Y.", cli=False, to=1),
        Option("method", CHOICE, "Correlation coefficient.", "spearman", METHODS, to="method"),
        Option(
            "control",
            TEXTS,
            "Partial out this variable; repeat for several: --control employees --control sector.",
            to="control",
            one_or_many=True,
        ),
        BY,
        MIN_CELL,
        WEIGHTS,
    ),
    target="digianalys.stats.correlation:correlate",
    checks=(_check_x_y,),
    cli_prepare=_correlate_xy,
    example="digianalys correlate analys/ leadership pace --control employees",
)

MODEL = Analysis(
    "model",
    "Regression models from a formula: OLS (HC3), logit, ordinal logit.",
    (
        DATASET,
        Option(
            "formula",
            TEXT,
            "Model formula over codebook names (restricted grammar, see docs).",
            argument=True,
            required=True,
            to=0,
            toml_read=_read_formula,
        ),
        Option(
            "kind",
            CHOICE,
            "ols, logit, or ordinal (proportional-odds logit).",
            "ols",
            MODEL_KINDS,
            to="kind",
        ),
        Option("robust", CHOICE, "Robust standard errors.", "hc3", ROBUST, to="robust"),
        Option("cluster", TEXT, "Cluster-robust SEs by this variable.", to="cluster"),
        Option(
            "standardize", BOOL, "Also report standardised coefficients.", False, to="standardize"
        ),
        MIN_CELL,
        WEIGHTS,
    ),
    target="digianalys.stats.models:model",
    example='digianalys model analys/ "pace ~ leadership + C(sector) + np.log(employees)"',
)

SCALES = Analysis(
    "scales",
    "Reliability of the codebook's scales: Cronbach's alpha with CI, omega, item statistics.",
    (
        DATASET,
        Option("names", TEXTS, "Scales (default: all in the codebook).", argument=True, to=0),
        Option(
            "missing",
            CHOICE,
            "Missing item answers: pairwise or listwise deletion.",
            "pairwise",
            MISSING,
            to="missing",
        ),
    ),
    target="digianalys.stats.reliability:scales",
    example="digianalys scales analys/ -o analys/tables/scales.csv",
)

POPULATION = Analysis(
    "population",
    "Response rates and non-response against a population frame; writes design.yaml.",
    (
        DATASET,
        Option(
            "frame",
            PATH,
            "Population frame (csv/xlsx): one row per organisation.",
            required=True,
            to=0,
            missing='needs frame = "population.xlsx" (one row per organisation)',
        ),
        Option(
            "id",
            TEXT,
            "The dataset's organisation id variable (default: the codebook's id).",
            to="id",
            inherit="id",
        ),
        Option("frame_id", TEXT, "The frame's id column (default: as --id).", to="frame_id"),
        Option("strata", TEXTS, "Stratum variable(s), e.g. sector.", (), to="strata"),
        Option(
            "aux",
            TEXTS,
            "Frame variable(s) to compare respondents with, e.g. employees.",
            (),
            to="aux",
        ),
        Option(
            "weighting",
            CHOICE,
            "Build weights from the frame.",
            "none",
            WEIGHTINGS,
            flag="--weights",
            to="weights",
        ),
        Option("margins", TEXTS, "Margins for the weights (default: the strata).", to="margins"),
        Option(
            "trim",
            TEXT,
            "Bound the weights to LO:HI (total kept).",
            to="trim",
            toml_read=_read_trim,
            from_cli=trim_bounds,
        ),
        Option(
            "drop_unmatched",
            BOOL,
            "Leave out respondents whose id is not in the frame.",
            False,
            to="drop_unmatched",
        ),
        replace(
            WHERE,
            help='Only these responses, e.g. "wave == 2021" (one per organisation).',
            toml=False,
            to="where",
        ),
    ),
    target="digianalys.stats.population:population",
    filters_itself=True,
    needs_id=True,
    example="digianalys population analys/ --frame ram.xlsx --id org_id --strata sector "
    "--aux employees",
)

ATTRITION = Analysis(
    "attrition",
    "Who answered which wave: response and drop-out by group.",
    (
        Option("by", TEXT, "Grouping variable.", "wave", to=0),
        Option(
            "variables", TEXTS, "Variables compared between stayers and leavers.", to="variables"
        ),
        Option("id", TEXT, "Organisation id variable.", to="id", inherit="id"),
        MIN_CELL,
    ),
    target="digianalys.stats.paired:attrition",
    command=False,
    needs_id=True,
)

TREND = Analysis(
    "trend",
    "Means or shares by wave, one line per group.",
    (
        Option(
            "variables",
            TEXTS,
            "Variables followed over the waves.",
            to=0,
        ),
        Option("by", TEXT, "Grouping variable.", to="by"),
        Option("wave", TEXT, "The wave variable.", "wave", to="wave"),
        Option("paired", BOOL, "Only organisations that answered every wave.", False, to="paired"),
        Option("id", TEXT, "Organisation id variable.", to="id", inherit="id"),
        MIN_CELL,
    ),
    target="digianalys.stats.paired:trend",
    command=False,
    checks=(_check_trend_variables,),
)

PLOT = Analysis(
    "plot",
    "Draw a figure from a dataset.",
    (
        Option("kind", CHOICE, "Figure kind.", choices=PLOT_KINDS, argument=True, required=True),
        DATASET,
        Option(
            "args",
            TEXTS,
            "Variables (likert/heatmap), VAR (box/bar/trend), X Y (scatter), FORMULA (forest).",
            (),
            argument=True,
            to="args",
            one_or_many=True,
        ),
        Option(
            "output",
            PATH,
            "Figure file: .png .svg .pdf",
            flag="-o --output",
            required=True,
            toml=False,
        ),
        BY,
        Option(
            "method", CHOICE, "Correlation for heatmap/scatter.", "spearman", METHODS, to="method"
        ),
        Option(
            "model_kind",
            CHOICE,
            "Model kind (forest).",
            "ols",
            MODEL_KINDS,
            flag="--kind",
            to="model_kind",
        ),
        Option("robust", CHOICE, "Robust SEs (forest).", "hc3", ROBUST, to="robust"),
        Option(
            "lang",
            CHOICE,
            "Language of headings and labels (sv: decimal comma).",
            "en",
            LANGS,
            toml=False,
        ),
        MIN_CELL,
        replace(WHERE, toml=False),
        Option(
            "paired",
            BOOL,
            "trend: only organisations that answered every wave (--id).",
            False,
        ),
        PAIRED_ID,
        Option(
            "file",
            TEXT,
            "Figure file name in figures/ (.svg or .png).",
            cli=False,
            toml_read=_read_file,
        ),
    ),
    command=True,
    checks=(_check_paired_plot,),
    cli_check=_plot_paired_options,
    example="digianalys plot likert analys/ --by sector -o analys/figures/likert.png",
)

INGEST = Analysis(
    "ingest",
    "Read survey exports into a tidy, typed dataset with an editable codebook.",
    (
        Option(
            "inputs",
            PATHS,
            "Survey exports: .xlsx .xlsm .xls .ods .csv",
            argument=True,
            required=True,
            to=0,
        ),
        Option(
            "output", PATH, "Dataset directory to write.", flag="-o --output", required=True, to=1
        ),
        Option("codebook", PATH, "An edited codebook.yaml to apply.", to="codebook"),
        Option("sheet", TEXT, "Sheet name (default: the first sheet with data).", to="sheet"),
        Option("layout", CHOICE, "Header layout of the export.", "auto", LAYOUTS, to="layout"),
        Option("wave", TEXTS, "Wave value per input, in order (adds a 'wave' column).", to="waves"),
        Option(
            "keep_pii",
            BOOL,
            "Keep personal-data columns (e-mail, IP, names …).",
            False,
            to="keep_pii",
        ),
        Option("force", BOOL, "Overwrite a non-empty output directory.", False, to="force"),
        Option(
            "id",
            TEXT,
            "Header of the organisation-id column: kept, normalised, unique per wave.",
            to="id",
        ),
    ),
    target="digianalys.ingest.pipeline:ingest",
    step=False,
    example="digianalys ingest enkat-2018.xlsx -o analys/",
)

EXPORT = Analysis(
    "export",
    "Export the tidy dataset with its labels for SPSS, Stata or a spreadsheet.",
    (
        DATASET,
        Option(
            "output",
            PATH,
            "File to write: .sav (SPSS), .dta (Stata) or .csv.",
            flag="-o --output",
            required=True,
            to=0,
        ),
    ),
    target="digianalys.output.export:export",
    step=False,
    example="digianalys export analys/ -o analys/enkat.sav",
)

#: Every analysis, in the order of ``digianalys --help`` and of the config schema.
ANALYSES: dict[str, Analysis] = {
    a.name: a
    for a in (DESCRIBE, COMPARE, CORRELATE, MODEL, SCALES, POPULATION, ATTRITION, TREND, PLOT)
}
#: The ``[[step]]`` sections of a run configuration (population runs first whatever its place).
STEP_KINDS = tuple(a.name for a in sorted(ANALYSES.values(), key=lambda a: a is not POPULATION))


def step_keys(kind: str) -> tuple[str, ...]:
    """The keys a ``[[kind]]`` step takes, in the order the schema lists them."""
    return (*COMMON_STEP_KEYS, *(o.name for o in ANALYSES[kind].toml_options()))
