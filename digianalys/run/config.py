"""The ``digianalys run`` configuration: a TOML file parsed into dataclasses.

Schema (every key is optional unless marked *required*; paths are relative to the config file)::

    title = "Digitalisering i offentlig sektor"   # heading of report.html
    description = "…"                              # a paragraph under the title
    output = "output"                              # output directory (default: "output")
    lang = "sv"                                    # sv | en (default en)
    min_cell = 5                                   # default for every step (0: off)
    suppress = "groups"                            # groups | cells: disclosure rule of every step
    weights = "w"                                  # survey-weight column, default for every step
    force = false                                  # overwrite files the run did not write
    codebook = "digitalisering-codebook.yaml"      # an edited codebook applied at ingest
    layout = "auto"                                # header layout of every input
    sheet = "Svar"                                 # sheet of every input
    keep_pii = false                               # keep personal-data columns

    [[inputs]]                                     # one table per export (or: dataset = "dir/")
    path = "../data/sample/digitalisering-2018.xlsx"   # required
    wave = "2018"                                  # all inputs or none

    [[describe]]   variables = [...], by = "sector"
    [[compare]]    by = "sector" (required), variables, test = auto|parametric|nonparametric,
                   correction = holm|fdr_bh|none
    [[correlate]]  x = "leadership" (required; a list means every pair), y = "pace",
                   method = spearman|pearson|kendall, control = ["employees"], by
    [[model]]      formula = "pace ~ leadership" (required), kind = ols|logit|ordinal,
                   robust = hc3|hc1|none, cluster, standardize = false
    [[scales]]     names = [...], missing = pairwise|listwise
    [[plot]]       kind = likert|box|bar|scatter|heatmap|forest|trend (required), args = [...],
                   by, method, model_kind, robust, file = "likert.svg" (.svg or .png)

The keys of each step, their types, choices and defaults are declared once, in
:mod:`digianalys.run.registry` (the same declaration builds the command-line options).
Every step also takes ``name`` (file and sheet names; letters, digits, ``-`` and ``_``; unique),
``caption`` (shown under the table or figure), ``where`` (a filter such as
``"sector == kommunal"``, combined with a top-level ``where`` by "and") and, where the analysis
has them, ``min_cell`` and ``weights`` overriding the top-level defaults. Steps run, and appear in the report, in the
order of their sections in the file. Unknown keys are errors, with the closest key suggested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .option_rules import NAME_RE
from .registry import ANALYSES, LANGS, LAYOUTS, STEP_KINDS, SUPPRESS_RULES, step_keys
from .toml_reader import TomlReader, type_name

TOP_KEYS = (
    "title",
    "description",
    "output",
    "lang",
    "min_cell",
    "suppress",
    "weights",
    "force",
    "codebook",
    "layout",
    "sheet",
    "keep_pii",
    "inputs",
    "dataset",
    "where",
    "id",
    "formats",
    "template",
    *STEP_KINDS,
)
REPORT_FORMATS = ("html", "docx")
INPUT_KEYS = ("path", "wave", "sheet", "layout")


@dataclass(frozen=True)
class InputSpec:
    """One survey export to ingest."""

    path: Path
    wave: str | None = None
    sheet: str | None = None
    layout: str = "auto"


@dataclass
class Step:
    """One analysis or figure of the report.

    ``kind`` is the section (describe, compare, correlate, model, scales, plot); ``options`` holds
    the step's keys other than ``name``/``caption`` with defaults filled in, ready to pass to the
    library function; ``where`` names the step in messages (``[[compare]] #2 'compare-wave'``).
    """

    kind: str
    name: str
    options: dict[str, Any]
    caption: str | None = None
    index: int = 1

    @property
    def where(self) -> str:
        return f"[[{self.kind}]] #{self.index} '{self.name}'"

    @property
    def figure_file(self) -> str:
        """For a plot step: the figure's file name (inside ``figures/``)."""
        return str(self.options.get("file") or f"{self.name}.svg")


@dataclass
class Config:
    """A parsed run configuration; paths are absolute (resolved against the config file)."""

    path: Path | None
    title: str
    output: Path
    lang: str = "en"
    min_cell: int = 5
    weights: str | None = None
    force: bool = False
    codebook: Path | None = None
    inputs: list[InputSpec] = field(default_factory=list)
    dataset: Path | None = None
    keep_pii: bool = False
    id: str | None = None
    formats: list[str] = field(default_factory=lambda: ["html", "docx"])
    template: Path | None = None
    description: str | None = None
    steps: list[Step] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> Path:
        """The directory relative paths were resolved against."""
        return self.path.parent if self.path is not None else Path.cwd()

    @property
    def waves(self) -> list[str] | None:
        waves = [i.wave for i in self.inputs]
        return [str(w) for w in waves] if waves and all(w is not None for w in waves) else None


# --------------------------------------------------------------------------- loading
#: Largest run configuration read.
MAX_CONFIG_BYTES = 10_000_000


def load_config(path: str | Path) -> Config:
    """Read and validate a run configuration (TOML); raises ConfigError naming the key/step."""
    import tomllib

    path = Path(path)
    if not path.exists():
        raise ConfigError(
            f"{path}: no such config file; pass the path of a .toml run configuration"
        )
    if not path.is_file():
        raise ConfigError(f"{path}: is a directory; pass the path of a .toml run configuration")
    try:
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            raise ConfigError(
                f"{path}: the config is {size / 1e6:.1f} MB, more than the "
                f"{MAX_CONFIG_BYTES // 1_000_000} MB a run configuration may have; "
                "is it the right file?"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the config as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the syntax") from None
    except ValueError:  # e.g. an integer beyond Python's int-from-text digit limit
        raise ConfigError(
            f"{path}: not valid TOML (a number too long to read); fix the value"
        ) from None
    except RecursionError:
        raise ConfigError(
            f"{path}: the TOML is nested too deeply; a run configuration is flat tables "
            "with lists of strings"
        ) from None
    return parse_config(data, base=path.resolve().parent, source=str(path), path=path.resolve())


def parse_config(
    data: dict[str, Any],
    *,
    base: str | Path | None = None,
    source: str = "config",
    path: Path | None = None,
) -> Config:
    """Validate a parsed TOML document; relative paths are resolved against ``base``."""
    base = Path(base) if base is not None else Path.cwd()
    p = TomlReader(source, base, TOP_KEYS)
    p.keys(data, TOP_KEYS, "the top level")

    title = p.string(data, "title", "the top level", default="digianalys report")
    description = p.string(data, "description", "the top level", default=None)
    output = p.path(data, "output", "the top level", default="output")
    lang = p.choice(data, "lang", "the top level", LANGS, default="en")
    min_cell = p.integer(data, "min_cell", "the top level", default=5, minimum=0)
    suppress = p.choice(data, "suppress", "the top level", SUPPRESS_RULES, default="groups")
    weights = p.string(data, "weights", "the top level", default=None)
    force = p.boolean(data, "force", "the top level", default=False)
    codebook = p.path(data, "codebook", "the top level", default=None)
    layout = p.choice(data, "layout", "the top level", LAYOUTS, default="auto")
    sheet = p.string(data, "sheet", "the top level", default=None)
    keep_pii = p.boolean(data, "keep_pii", "the top level", default=False)
    where_all = p.string(data, "where", "the top level", default=None)
    org_id = p.string(data, "id", "the top level", default=None)
    formats = p.strings(data, "formats", "the top level")
    formats = ["html", "docx"] if formats is None else formats
    for f in formats:
        if f not in REPORT_FORMATS:
            raise p.error(
                f"the top level key 'formats' lists '{f}'; use any of {', '.join(REPORT_FORMATS)}"
            )
    if "html" not in formats:
        raise p.error("the top level key 'formats' must include \"html\" (report.html)")
    template = p.path(data, "template", "the top level", default=None)
    if template is not None and (template.suffix.lower() != ".docx" or not template.is_file()):
        raise p.error(
            f"template {template}: give an existing Word .docx file (its styles are used)"
        )
    dataset = p.path(data, "dataset", "the top level", default=None)

    inputs = _inputs(p, data.get("inputs"), sheet=sheet, layout=layout)
    if inputs and dataset is not None:
        raise p.error(
            "give either [[inputs]] (exports to ingest) or 'dataset' (an ingested directory), not both"
        )
    if not inputs and dataset is None:
        raise p.error(
            'no data: add an [[inputs]] table with path = "export.xlsx", or dataset = "dir/"'
        )
    if dataset is not None and codebook is not None:
        raise p.error(
            "'codebook' applies at ingest and needs [[inputs]]; with 'dataset', ingest it beforehand"
        )

    steps: list[Step] = []
    for kind in [k for k in data if k in STEP_KINDS]:
        tables = data[kind]
        if isinstance(tables, dict):
            tables = [tables]
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise p.error(
                f"'{kind}' must be written as [[{kind}]] tables (one per step), "
                f"got {type_name(tables)}"
            )
        for i, table in enumerate(tables, start=1):
            step = _step(
                p,
                kind,
                i,
                table,
                weights=weights,
                min_cell=min_cell,
                org_id=org_id,
                suppress=suppress,
            )
            own = step.options.get("where")
            if where_all and own:
                step.options["where"] = f"({where_all}) and ({own})"
            elif where_all:
                step.options["where"] = where_all
            steps.append(step)
    steps.sort(key=lambda st: st.kind != "population")  # the design first; stable otherwise
    _name_steps(p, steps)

    return Config(
        path=path,
        title=title,
        output=output,
        lang=lang,
        min_cell=min_cell,
        weights=weights,
        force=force,
        codebook=codebook,
        inputs=inputs,
        dataset=dataset,
        keep_pii=keep_pii,
        id=org_id,
        formats=formats,
        template=template,
        description=description,
        steps=steps,
        raw=data,
    )


# --------------------------------------------------------------------------- pieces
def _inputs(p: TomlReader, value: Any, *, sheet: str | None, layout: str) -> list[InputSpec]:
    if value is None:
        return []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise p.error(
            f"'inputs' must be written as [[inputs]] tables with path = \"…\", got {type_name(value)}"
        )
    out: list[InputSpec] = []
    for i, table in enumerate(value, start=1):
        where = f"[[inputs]] #{i}"
        p.keys(table, INPUT_KEYS, where)
        if "path" not in table:
            raise p.error(f"{where} has no 'path'; add path = \"export.xlsx\"")
        wave = table.get("wave")
        if wave is not None and not isinstance(wave, (str, int)):
            raise p.error(
                f"{where} key 'wave' must be a string such as \"2018\", got {type_name(wave)}"
            )
        out.append(
            InputSpec(
                path=p.path(table, "path", where),  # type: ignore[arg-type]
                wave=str(wave) if wave is not None else None,
                sheet=p.string(table, "sheet", where, default=sheet),
                layout=p.choice(table, "layout", where, LAYOUTS, default=layout),
            )
        )
    with_wave = [i.wave is not None for i in out]
    if any(with_wave) and not all(with_wave):
        missing = with_wave.index(False) + 1
        raise p.error(
            f"[[inputs]] #{missing} has no 'wave' but other inputs do; give every input a wave or none"
        )
    waves = [i.wave for i in out if i.wave is not None]
    if len(set(waves)) != len(waves):
        raise p.error("two [[inputs]] have the same 'wave'; give each input its own wave")
    if len({i.sheet for i in out}) > 1 or len({i.layout for i in out}) > 1:
        raise p.error(
            "[[inputs]] differ in 'sheet' or 'layout'; ingest applies one sheet and layout to all "
            "inputs (set them at the top level, or ingest the files separately)"
        )
    return out


def _step(
    p: TomlReader,
    kind: str,
    index: int,
    table: dict[str, Any],
    *,
    weights: str | None,
    min_cell: int,
    org_id: str | None = None,
    suppress: str = "groups",
) -> Step:
    """One ``[[kind]]`` table: every key the registry declares for the analysis, read and
    checked, with its default (or the top-level value it inherits)."""
    analysis = ANALYSES[kind]
    where = f"[[{kind}]] #{index}"
    p.keys(table, step_keys(kind), where)
    name = table.get("name")
    if name is not None:
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise p.error(
                f"{where} key 'name' must be letters, digits, '-' or '_' (at most 60, used as file "
                f"and sheet name), got {name!r}"
            )
    caption = p.string(table, "caption", where, default=None)
    inherited = {"weights": weights, "min_cell": min_cell, "id": org_id, "suppress": suppress}
    o: dict[str, Any] = {
        opt.name: p.option(table, opt, where, inherited) for opt in analysis.toml_options()
    }
    o["where"] = p.string(table, "where", where, default=None)
    for check in analysis.checks:
        problem = check(o)
        if problem:
            raise p.error(f"{where}{problem}")
    if "id" in o and (analysis.needs_id or o.get("paired")) and not o["id"]:
        raise p.error(
            f'{where} needs the organisation id: add id = "org_id" here or at the top level'
        )
    if name is None and o.get("file"):
        name = Path(o["file"]).stem
    return Step(kind=kind, name=name or "", options=o, caption=caption, index=index)


def _default_name(step: Step) -> str:
    o = step.options
    if step.kind in ("describe", "compare") and o.get("by"):
        base = f"{step.kind}-{o['by']}"
    elif step.kind == "correlate":
        base = "correlate-" + "-".join(o["x"] if isinstance(o["x"], list) else [o["x"], o["y"]])
    elif step.kind == "plot":
        base = o["kind"]
    else:
        base = step.kind
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", base).strip("-")[:50] or step.kind
    return base


def _name_steps(p: TomlReader, steps: list[Step]) -> None:
    """Check explicit names are unique; give the others a unique default name."""
    taken: dict[str, Step] = {}
    for s in steps:
        if not s.name:
            continue
        key = s.name.lower()
        if key in taken:
            raise p.error(
                f"[[{s.kind}]] #{s.index} has the name '{s.name}' already used by {taken[key].where}; "
                "names must be unique (they become file and sheet names)"
            )
        taken[key] = s
    for s in steps:
        if s.name:
            continue
        base = _default_name(s)
        name, n = base, 2
        while name.lower() in taken:
            name, n = f"{base}-{n}", n + 1
        s.name = name
        taken[name.lower()] = s
    figures: dict[str, Step] = {}
    for s in steps:
        if s.kind != "plot":
            continue
        key = s.figure_file.lower()
        if key in figures:
            raise p.error(
                f"{s.where} writes figures/{s.figure_file} like {figures[key].where}; "
                "give one of them another 'file'"
            )
        figures[key] = s
