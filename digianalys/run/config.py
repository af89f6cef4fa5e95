"""The ``digianalys run`` configuration: a TOML file parsed into dataclasses.

Schema (every key is optional unless marked *required*; paths are relative to the config file)::

    title = "Digitalisering i offentlig sektor"   # heading of report.html
    description = "…"                              # a paragraph under the title
    output = "output"                              # output directory (default: "output")
    lang = "sv"                                    # sv | en (default en)
    min_cell = 5                                   # default for every step (0: off)
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
    [[scales]]     names = [...]
    [[plot]]       kind = likert|box|bar|scatter|heatmap|forest|trend (required), args = [...],
                   by, method, model_kind, robust, file = "likert.svg" (.svg or .png)

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

from ..errors import ConfigError, suggest

LANGS = ("sv", "en")
LAYOUTS = ("auto", "plain", "surveymonkey", "qualtrics", "google-forms", "ms-forms")
TESTS = ("auto", "parametric", "nonparametric")
CORRECTIONS = ("holm", "fdr_bh", "none")
METHODS = ("spearman", "pearson", "kendall")
MODEL_KINDS = ("ols", "logit", "ordinal")
ROBUST = ("hc3", "hc1", "none")
PLOT_KINDS = ("likert", "box", "bar", "scatter", "heatmap", "forest", "trend")
FIGURE_SUFFIXES = (".svg", ".png")
STEP_KINDS = (
    "population",
    "describe",
    "compare",
    "correlate",
    "model",
    "scales",
    "attrition",
    "trend",
    "plot",
)
WEIGHTINGS = ("none", "poststratify", "rake", "calibrate")

TOP_KEYS = (
    "title",
    "description",
    "output",
    "lang",
    "min_cell",
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
_COMMON_STEP_KEYS = ("name", "caption", "where")
STEP_KEYS: dict[str, tuple[str, ...]] = {
    "describe": (*_COMMON_STEP_KEYS, "variables", "by", "weights", "min_cell", "inference"),
    "compare": (
        *_COMMON_STEP_KEYS,
        "by",
        "variables",
        "test",
        "correction",
        "weights",
        "min_cell",
        "paired",
        "id",
        "alpha",
    ),
    "correlate": (
        *_COMMON_STEP_KEYS,
        "x",
        "y",
        "method",
        "control",
        "by",
        "weights",
        "min_cell",
    ),
    "model": (
        *_COMMON_STEP_KEYS,
        "formula",
        "kind",
        "robust",
        "cluster",
        "weights",
        "standardize",
        "min_cell",
    ),
    "scales": (*_COMMON_STEP_KEYS, "names"),
    "population": (
        *_COMMON_STEP_KEYS,
        "frame",
        "id",
        "frame_id",
        "strata",
        "aux",
        "weighting",
        "margins",
        "trim",
        "drop_unmatched",
    ),
    "attrition": (*_COMMON_STEP_KEYS, "by", "variables", "id", "min_cell"),
    "trend": (*_COMMON_STEP_KEYS, "variables", "by", "wave", "paired", "id", "min_cell"),
    "plot": (
        *_COMMON_STEP_KEYS,
        "kind",
        "args",
        "by",
        "method",
        "model_kind",
        "robust",
        "file",
        "min_cell",
        "paired",
        "id",
    ),
}
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")


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
#: Largest run configuration read; largest whole number any key accepts.
MAX_CONFIG_BYTES = 10_000_000
MAX_INTEGER = 2**31 - 1


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
    p = _Parser(source, base)
    p.keys(data, TOP_KEYS, "the top level")

    title = p.string(data, "title", "the top level", default="digianalys report")
    description = p.string(data, "description", "the top level", default=None)
    output = p.path(data, "output", "the top level", default="output")
    lang = p.choice(data, "lang", "the top level", LANGS, default="en")
    min_cell = p.integer(data, "min_cell", "the top level", default=5, minimum=0)
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
                f"got {_tname(tables)}"
            )
        for i, table in enumerate(tables, start=1):
            step = _step(p, kind, i, table, weights=weights, min_cell=min_cell, org_id=org_id)
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
def _inputs(p: _Parser, value: Any, *, sheet: str | None, layout: str) -> list[InputSpec]:
    if value is None:
        return []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise p.error(
            f"'inputs' must be written as [[inputs]] tables with path = \"…\", got {_tname(value)}"
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
                f"{where} key 'wave' must be a string such as \"2018\", got {_tname(wave)}"
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
    p: _Parser,
    kind: str,
    index: int,
    table: dict[str, Any],
    *,
    weights: str | None,
    min_cell: int,
    org_id: str | None = None,
) -> Step:
    where = f"[[{kind}]] #{index}"
    p.keys(table, STEP_KEYS[kind], where)
    name = table.get("name")
    if name is not None:
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise p.error(
                f"{where} key 'name' must be letters, digits, '-' or '_' (at most 60, used as file "
                f"and sheet name), got {name!r}"
            )
    caption = p.string(table, "caption", where, default=None)
    o: dict[str, Any] = {}
    if kind == "describe":
        o["variables"] = p.strings(table, "variables", where)
        o["by"] = p.string(table, "by", where, default=None)
        o["inference"] = p.choice(table, "inference", where, ("finite", "model"), default=None)
    elif kind == "compare":
        o["by"] = p.string(table, "by", where, required=True)
        o["variables"] = p.strings(table, "variables", where)
        o["test"] = p.choice(table, "test", where, TESTS, default="auto")
        o["correction"] = p.choice(table, "correction", where, CORRECTIONS, default="holm")
        o["paired"] = p.boolean(table, "paired", where, default=False)
        alpha = table.get("alpha", 0.05)
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
            raise p.error(f"{where} key 'alpha' must be a number between 0 and 1, got {alpha!r}")
        o["alpha"] = float(alpha)
    elif kind == "correlate":
        x = table.get("x")
        if x is None:
            raise p.error(f'{where} has no \'x\'; add x = "leadership" (and y = "pace")')
        if isinstance(x, list):
            o["x"] = p.strings(table, "x", where)
            if len(o["x"]) < 2:
                raise p.error(f"{where} key 'x' as a list needs at least two variables")
        else:
            o["x"] = p.string(table, "x", where, required=True)
        o["y"] = p.string(table, "y", where, default=None)
        if isinstance(o["x"], str) and o["y"] is None:
            raise p.error(f"{where} has x but no 'y'; add y = \"pace\" or make x a list")
        if isinstance(o["x"], list) and o["y"] is not None:
            raise p.error(f"{where}: with a list in 'x' (every pair), leave out 'y'")
        o["method"] = p.choice(table, "method", where, METHODS, default="spearman")
        control = table.get("control")
        o["control"] = [control] if isinstance(control, str) else p.strings(table, "control", where)
        o["by"] = p.string(table, "by", where, default=None)
    elif kind == "model":
        o["formula"] = p.string(table, "formula", where, required=True)
        if "~" not in o["formula"]:
            raise p.error(
                f"{where} key 'formula' must look like \"pace ~ leadership + C(sector)\", "
                f"got {o['formula']!r}"
            )
        o["kind"] = p.choice(table, "kind", where, MODEL_KINDS, default="ols")
        o["robust"] = p.choice(table, "robust", where, ROBUST, default="hc3")
        o["cluster"] = p.string(table, "cluster", where, default=None)
        o["standardize"] = p.boolean(table, "standardize", where, default=False)
    elif kind == "scales":
        o["names"] = p.strings(table, "names", where)
    elif kind == "population":
        o["frame"] = p.path(table, "frame", where)
        if o["frame"] is None:
            raise p.error(f'{where} needs frame = "population.xlsx" (one row per organisation)')
        o["frame_id"] = p.string(table, "frame_id", where, default=None)
        o["strata"] = p.strings(table, "strata", where) or []
        o["aux"] = p.strings(table, "aux", where) or []
        o["weighting"] = p.choice(table, "weighting", where, WEIGHTINGS, default="none")
        o["margins"] = p.strings(table, "margins", where)
        trim = table.get("trim")
        if trim is not None:
            if (
                not isinstance(trim, list)
                or len(trim) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in trim)
            ):
                raise p.error(f"{where} key 'trim' must be two numbers [low, high], got {trim!r}")
            o["trim"] = (float(trim[0]), float(trim[1]))
        else:
            o["trim"] = None
        o["drop_unmatched"] = p.boolean(table, "drop_unmatched", where, default=False)
    elif kind == "attrition":
        o["by"] = p.string(table, "by", where, default="wave")
        o["variables"] = p.strings(table, "variables", where)
    elif kind == "trend":
        o["variables"] = p.strings(table, "variables", where)
        if not o["variables"]:
            raise p.error(f'{where} needs variables = ["pace"]')
        o["by"] = p.string(table, "by", where, default=None)
        o["wave"] = p.string(table, "wave", where, default="wave")
        o["paired"] = p.boolean(table, "paired", where, default=False)
    elif kind == "plot":
        o["kind"] = p.choice(table, "kind", where, PLOT_KINDS, required=True)
        args = table.get("args")
        o["args"] = [args] if isinstance(args, str) else (p.strings(table, "args", where) or [])
        o["by"] = p.string(table, "by", where, default=None)
        o["method"] = p.choice(table, "method", where, METHODS, default="spearman")
        o["model_kind"] = p.choice(table, "model_kind", where, MODEL_KINDS, default="ols")
        o["robust"] = p.choice(table, "robust", where, ROBUST, default="hc3")
        o["paired"] = p.boolean(table, "paired", where, default=False)
        if o["paired"] and o["kind"] != "trend":
            raise p.error(f'{where}: paired = true is for kind = "trend" (the same organisations)')
        file = p.string(table, "file", where, default=None)
        if file is not None:
            if Path(file).name != file or not _NAME_RE.match(Path(file).stem):
                raise p.error(
                    f"{where} key 'file' must be a plain file name such as \"likert.svg\" "
                    f"(it goes into figures/), got {file!r}"
                )
            if Path(file).suffix.lower() not in FIGURE_SUFFIXES:
                raise p.error(
                    f"{where} key 'file' must end in .svg or .png (the report embeds it), got {file!r}"
                )
        o["file"] = file
        if name is None and file is not None:
            name = Path(file).stem
    if "weights" in STEP_KEYS[kind]:
        o["weights"] = p.string(table, "weights", where, default=weights)
    if "min_cell" in STEP_KEYS[kind]:
        o["min_cell"] = p.integer(table, "min_cell", where, default=min_cell, minimum=0)
    o["where"] = p.string(table, "where", where, default=None)
    if "id" in STEP_KEYS[kind]:
        o["id"] = p.string(table, "id", where, default=org_id)
        needs_id = kind in ("population", "attrition") or o.get("paired")
        if needs_id and not o["id"]:
            raise p.error(
                f'{where} needs the organisation id: add id = "org_id" here or at the top level'
            )
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


def _name_steps(p: _Parser, steps: list[Step]) -> None:
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


# --------------------------------------------------------------------------- typed getters
def _short(v: Any) -> str:
    """repr of a value, cut to 40 characters (a 10,000-digit integer stays one line)."""
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**40:
        return f"a number of about {int(abs(v).bit_length() * 0.30103) + 1} digits"
    text = repr(v)
    return text if len(text) <= 40 else text[:39] + "…"


def _tname(v: Any) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }.get(type(v), type(v).__name__)


class _Parser:
    """Typed key access with messages naming the config file, the table and the key."""

    def __init__(self, source: str, base: Path) -> None:
        self.source = source
        self.base = base

    def error(self, message: str) -> ConfigError:
        return ConfigError(f"{self.source}: {message}")

    def keys(self, table: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for k in table:
            if k not in allowed:
                if k in TOP_KEYS and where != "the top level":
                    # TOML puts every key after a [[section]] header into that section
                    raise self.error(
                        f"key '{k}' is in {where}, but it is a top-level key; move it above "
                        "the first [[...]] section"
                    )
                hint = suggest(k, allowed)
                if not hint:
                    hint = f"; allowed: {', '.join(allowed)}"
                raise self.error(f"unknown key '{k}' in {where}{hint}")

    def _get(self, table: dict[str, Any], key: str, where: str, required: bool) -> Any:
        if key not in table:
            if required:
                raise self.error(f"{where} has no '{key}'; it is required")
            return None
        return table[key]

    def string(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        *,
        default: str | None = None,
        required: bool = False,
    ) -> Any:
        v = self._get(table, key, where, required)
        if v is None:
            return default
        if not isinstance(v, str) or not v.strip():
            raise self.error(f"{where} key '{key}' must be a non-empty string, got {_tname(v)}")
        return v

    def strings(self, table: dict[str, Any], key: str, where: str) -> list[str] | None:
        v = table.get(key)
        if v is None:
            return None
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            raise self.error(
                f'{where} key \'{key}\' must be a list of names such as ["a", "b"], got {_tname(v)}'
            )
        return list(v)

    def choice(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        choices: tuple[str, ...],
        *,
        default: str | None = None,
        required: bool = False,
    ) -> Any:
        v = self._get(table, key, where, required)
        if v is None:
            return default
        if v not in choices:
            hint = suggest(str(v), choices)
            raise self.error(
                f"{where} key '{key}' must be one of {', '.join(choices)}, got {v!r}{hint}"
            )
        return v

    def integer(
        self, table: dict[str, Any], key: str, where: str, *, default: int, minimum: int = 0
    ) -> int:
        v = table.get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, int) or not minimum <= v <= MAX_INTEGER:
            raise self.error(
                f"{where} key '{key}' must be a whole number from {minimum} to {MAX_INTEGER}, "
                f"got {_short(v)} ({_tname(v)})"
            )
        return v

    def boolean(self, table: dict[str, Any], key: str, where: str, *, default: bool) -> bool:
        v = table.get(key)
        if v is None:
            return default
        if not isinstance(v, bool):
            raise self.error(f"{where} key '{key}' must be true or false, got {_tname(v)}")
        return v

    def path(
        self, table: dict[str, Any], key: str, where: str, *, default: str | None = None
    ) -> Path | None:
        v = self.string(table, key, where, default=default)
        if v is None:
            return None
        return (self.base / Path(v).expanduser()).resolve()
