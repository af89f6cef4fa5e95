"""One registry of analyses: every option of every analysis and figure, declared once.

Each :class:`Analysis` lists its :class:`Option`\\ s — name, type, choices, default, help text,
command-line spelling, whether it is a key of a ``[[step]]`` in the run configuration, and
where it goes in the library call. From this one declaration are built:

* the Typer commands of :mod:`digianalys.cli` (``--help`` and docs/cli.md come from them),
* the TOML schema of :mod:`digianalys.run.config`, with its did-you-mean errors,
* the library call that both the command line and the report's step runner
  (:mod:`digianalys.run.steps`) make: :meth:`Analysis.call`.

Adding an option to an analysis is one edit here. Nothing heavy is imported at module level
(``--help`` stays fast): library functions are named ``module:function``, imported when called.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .option_rules import (
    call_compare,
    call_describe,
    check_paired_plot,
    check_trend_variables,
    check_x_y,
    compare_paired_options,
    correlate_xy,
    plot_paired_options,
    read_file,
    read_formula,
    read_trim,
    read_x,
    trim_bounds,
)
from .options import (
    BOOL,
    CHOICE,
    FLOAT,
    INT,
    PATH,
    PATHS,
    TEXT,
    TEXTS,
    Analysis,
    Option,
    library,
)

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
DESCRIBE_LAYOUTS = ("tidy", "table1")
SUPPRESS_RULES = ("groups", "cells")
CONTINUOUS = ("mean", "median", "both")
WEIGHTINGS = ("none", "poststratify", "rake", "calibrate")
PLOT_KINDS = ("likert", "box", "bar", "scatter", "heatmap", "forest", "trend")

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
SUPPRESS = Option(
    "suppress",
    CHOICE,
    "Disclosure rule with --min-cell: groups (a group with fewer answers to an item is hidden, "
    "with its complement; larger groups show every answer) or cells (also answers given by "
    "fewer, with the cells needed to protect them; for surveys of people).",
    "groups",
    SUPPRESS_RULES,
    to="suppress",
    inherit="suppress",
)
INFERENCE = Option(
    "inference",
    CHOICE,
    "finite: about the population's organisations (design.yaml; default with a design); "
    "model: beyond this population.",
    choices=INFERENCES,
    to="inference",
)
INFERENCE_MODEL = replace(
    INFERENCE,
    help="model (default): the relation beyond this population; finite: design-based, about "
    "the population's organisations (needs design.yaml).",
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
LANG = Option("lang", CHOICE, "Language of headings and labels (sv: decimal comma).", "en", LANGS)
#: The options every analysis command shares for its result (the command line's own: a run
#: writes every table and has its language at the top level).
RESULT_OUTPUT = Option(
    "output",
    PATH,
    "Write the result; format from the extension: .csv .xlsx .md .html .tex .json.",
    flag="-o --output",
    toml=False,
)
RESULT_FORMAT = Option(
    "fmt",
    CHOICE,
    "Terminal output: table (fits the terminal width: technical columns left out, long texts "
    "wrapped), wide (every column on one line), or json (the library result).",
    "table",
    ("table", "wide", "json"),
    flag="--format",
    toml=False,
)
#: Keys every ``[[step]]`` takes besides its analysis's options.
COMMON_STEP_KEYS = ("name", "caption", "where")


def draw(
    ds: Any,
    options: dict[str, Any],
    out: Any,
    *,
    lang: str,
    caption: str | None = None,
    also: Any = None,
    tested: Any = None,
) -> Any:
    """Draw the figure a ``plot`` step or command describes into ``out`` (the dataset is
    matched over waves first for ``paired``); return the path written. ``tested``: the
    comparison a report already shows for the figure's items (see :mod:`.steps`)."""
    o = {**PLOT.defaults(), **options}
    if o.get("paired"):
        ds = library("digianalys.stats.paired:matched")(ds, "wave", id=o["id"])
    _, keywords = PLOT.arguments(o)
    return library("digianalys.plots:make_plot")(
        o["kind"], ds, out, lang=lang, caption=caption, also=also, tested=tested, **keywords
    )


# --------------------------------------------------------------------------- the registry
DESCRIBE = Analysis(
    "describe",
    "Descriptive statistics per variable (and group).",
    (
        DATASET,
        VARIABLES,
        BY,
        INFERENCE,
        MIN_CELL,
        SUPPRESS,
        WEIGHTS,
        Option(
            "layout",
            CHOICE,
            "tidy: one row per variable (and group) with every statistic; table1: the "
            "presentation table, n (%) per answer or mean (SD) per group, overall column, p.",
            "tidy",
            DESCRIBE_LAYOUTS,
        ),
        Option(
            "continuous",
            CHOICE,
            "table1: numeric variables as mean (SD), median [Q1–Q3] or both.",
            "mean",
            CONTINUOUS,
        ),
        Option(
            "letters",
            BOOL,
            "table1: significance letters per cell (pairwise tests, Bonferroni), as SPSS.",
            False,
        ),
    ),
    target="digianalys.stats.describe:describe",
    call_with=call_describe,
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
        INFERENCE_MODEL,
        MIN_CELL,
        SUPPRESS,
        WEIGHTS,
    ),
    target="digianalys.stats.compare:compare",
    call_with=call_compare,
    cli_check=compare_paired_options,
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
        Option("x", TEXT, "X (a list: every pair).", cli=False, to=0, toml_read=read_x),
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
        INFERENCE_MODEL,
    ),
    target="digianalys.stats.correlation:correlate",
    checks=(check_x_y,),
    cli_prepare=correlate_xy,
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
            toml_read=read_formula,
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
        INFERENCE_MODEL,
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
        INFERENCE_MODEL,
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
            toml_read=read_trim,
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
    checks=(check_trend_variables,),
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
        replace(LANG, toml=False),
        MIN_CELL,
        SUPPRESS,
        replace(WHERE, toml=False),
        Option("paired", BOOL, "trend: only organisations that answered every wave (--id).", False),
        PAIRED_ID,
        INFERENCE,
        Option(
            "file",
            TEXT,
            "Figure file name in figures/ (.svg or .png).",
            cli=False,
            toml_read=read_file,
        ),
    ),
    command=True,
    checks=(check_paired_plot,),
    cli_check=plot_paired_options,
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

TEXT_ANSWERS = Analysis(
    "text",
    "List the open (free-text) answers of a question, personal data masked.",
    (
        DATASET,
        Option(
            "variable",
            TEXT,
            "A free-text variable (type: text in the codebook).",
            argument=True,
            required=True,
            to=0,
            missing='needs variable = "comment" (a free-text variable)',
        ),
        BY,
        MIN_CELL,
        Option("words", BOOL, "Also count the most frequent words.", False, to="word_counts"),
        Option("top", INT, "How many words to count (with --words).", 30, minimum=1, to="top"),
    ),
    target="digianalys.stats.open_answers:open_answers",
    example="digianalys text analys/ comment --by sector -o analys/tables/comments.xlsx",
)

#: Every analysis, in the order of ``digianalys --help`` and of the config schema.
ANALYSES: dict[str, Analysis] = {
    a.name: a
    for a in (DESCRIBE, COMPARE, CORRELATE, MODEL, SCALES, POPULATION, ATTRITION, TREND)
    + (TEXT_ANSWERS, PLOT)
}
#: The ``[[step]]`` sections of a run configuration (population runs first whatever its place).
STEP_KINDS = tuple(a.name for a in sorted(ANALYSES.values(), key=lambda a: a is not POPULATION))


def step_keys(kind: str) -> tuple[str, ...]:
    """The keys a ``[[kind]]`` step takes, in the order the schema lists them."""
    return (*COMMON_STEP_KEYS, *(o.name for o in ANALYSES[kind].toml_options()))
