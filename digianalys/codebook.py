"""The codebook: what each column of a dataset means.

``codebook.yaml`` is written by ``ingest`` (inferred) and edited by the user, who feeds it back
with ``--codebook``. This module owns its schema: the dataclasses, YAML reading and writing, and
validation with errors that name the offending variable and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CodebookError, suggest

TYPES = ("ordinal", "binary", "categorical", "numeric", "datetime", "id", "text", "multi")

VARIABLE_KEYS = (
    "name",  # column name in data.parquet (snake_case ASCII)
    "label",  # question / sub-item / option text
    "source",  # the original header (rows joined with ': ')
    "type",
    "values",  # ordinal/binary: {code: label}
    "levels",  # categorical: {level: [spellings]}
    "missing",  # {don't-know label: count}
    "reverse",  # ordinal: reverse-code before scales
    "question",  # matrix / select-all question text
    "option",  # multi: the option text as it appears in the export
    "encoding",  # multi: ticked | yesno | delimited
    "delimiter",  # multi (delimited): separator between options in one cell
    "scale",  # ordinal: the name of the recognised answer scale
    "wave_source",  # not used yet; reserved
    "notes",  # free text for the analyst
    "metadata",  # true: a survey tool's field (dates, status …), left out of default analyses
)
SCALE_KEYS = ("items", "min_items", "label")
TOP_KEYS = ("id", "variables", "scales")

_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass
class Variable:
    """One column of the dataset."""

    name: str
    type: str
    label: str = ""
    source: str | None = None
    values: dict[int, str] | None = None
    levels: dict[str, list[str]] | None = None
    missing: dict[str, int] = field(default_factory=dict)
    reverse: bool = False
    question: str | None = None
    option: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    scale: str | None = None
    wave_source: str | None = None
    notes: str | None = None
    metadata: bool = False

    @property
    def display(self) -> str:
        """The label if there is one, else the name."""
        return self.label or self.name

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.label:
            out["label"] = self.label
        if self.source is not None:
            out["source"] = self.source
        out["type"] = self.type
        if self.question:
            out["question"] = self.question
        if self.option is not None:
            out["option"] = self.option
        if self.encoding:
            out["encoding"] = self.encoding
        if self.delimiter:
            out["delimiter"] = self.delimiter
        if self.scale:
            out["scale"] = self.scale
        if self.values is not None:
            out["values"] = {int(k): str(v) for k, v in sorted(self.values.items())}
        if self.levels is not None:
            out["levels"] = {str(k): [str(s) for s in v] for k, v in self.levels.items()}
        if self.missing:
            out["missing"] = {str(k): int(v) for k, v in self.missing.items()}
        if self.type == "ordinal" or self.reverse:
            out["reverse"] = bool(self.reverse)
        if self.notes:
            out["notes"] = self.notes
        if self.metadata:
            out["metadata"] = True
        return out


@dataclass
class Scale:
    """A summated scale: the mean of its items for responses with at least ``min_items`` answered."""

    name: str
    items: list[str]
    min_items: int
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"items": list(self.items), "min_items": int(self.min_items)}
        if self.label:
            out["label"] = self.label
        return out


@dataclass
class Codebook:
    """All variables of a dataset, in column order, plus the scales built from them."""

    variables: list[Variable] = field(default_factory=list)
    scales: dict[str, Scale] = field(default_factory=dict)
    #: The variable that identifies the organisation (``id:`` in codebook.yaml), if any.
    id: str | None = None

    # ----------------------------------------------------------------- lookup
    def names(self) -> list[str]:
        return [v.name for v in self.variables]

    def __contains__(self, name: object) -> bool:
        return any(v.name == name for v in self.variables) or name in self.scales

    def get(self, name: str) -> Variable | None:
        for v in self.variables:
            if v.name == name:
                return v
        return None

    def variable(self, name: str) -> Variable:
        """The variable ``name``; scales are returned as a numeric pseudo-variable."""
        from .errors import unknown_variable

        v = self.get(name)
        if v is not None:
            return v
        if name in self.scales:
            sc = self.scales[name]
            return Variable(name=name, type="numeric", label=sc.label or name, scale=None)
        raise unknown_variable(name, self.names() + list(self.scales), "the codebook")

    def label(self, name: str) -> str:
        v = self.get(name)
        if v is not None:
            return v.display
        if name in self.scales:
            return self.scales[name].label or name
        return name

    def of_type(self, *types: str) -> list[Variable]:
        return [v for v in self.variables if v.type in types]

    # ----------------------------------------------------------------- io
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.id:
            out["id"] = self.id
        out["variables"] = [v.to_dict() for v in self.variables]
        if self.scales:
            out["scales"] = {k: s.to_dict() for k, s in self.scales.items()}
        return out

    def to_yaml(self) -> str:
        import yaml

        header = (
            "# digianalys codebook. Edit names, labels, types, values, levels, reverse and scales,\n"
            "# then re-run: digianalys ingest INPUT -o DIR --codebook DIR/codebook.yaml --force\n"
        )
        # libyaml's emitter when PyYAML has it (5x faster; the same text, see tests)
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        body = yaml.dump(
            self.to_dict(),
            Dumper=dumper,
            allow_unicode=True,
            sort_keys=False,
            width=100,
            default_flow_style=None,
        )
        return header + body

    def save(self, path: str | Path) -> None:
        from .atomic import write_text

        write_text(path, self.to_yaml())

    @classmethod
    def from_dict(cls, data: Any, source: str = "codebook") -> Codebook:
        return _parse(data, source)

    @classmethod
    def load(cls, path: str | Path) -> Codebook:
        path = Path(path)
        if not path.is_file():
            raise CodebookError(f"{path}: codebook file not found")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise CodebookError(f"{path}: cannot read the codebook ({exc.strerror})") from None
        if size > MAX_CODEBOOK_BYTES:
            raise CodebookError(
                f"{path}: the codebook is {size / 1e6:.0f} MB, more than the "
                f"{MAX_CODEBOOK_BYTES // 1_000_000} MB a codebook may have; is it the right file?"
            )
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CodebookError(
                f"{path}: the codebook is not UTF-8 text ({exc.reason}); save it as UTF-8"
            ) from None
        return _parse(load_yaml(text, str(path)), str(path))


#: Largest codebook.yaml read (bytes) and largest document after alias expansion (nodes).
MAX_CODEBOOK_BYTES = 100_000_000
MAX_YAML_NODES = 5_000_000
#: Value codes must fit a 32-bit integer (they become Int64 columns and Excel cells).
MAX_CODE = 2**31 - 1


def _codebook_loader() -> type:
    """A safe YAML loader (libyaml's when available) that reads scalars as the user meant:
    only true/false are booleans (not yes/no/on/off/y/n), only ``null``/``~``/empty are null,
    integers are plain decimals (no octal ``010``, no ``1_000``, no sexagesimal ``1:30``), floats
    need a decimal point (as YAML 1.1 writes them, so whatever the writer leaves unquoted
    reads back as the same text). So ``values: {1: Yes, 0: No}`` keeps its labels and ``levels: {on: …}``
    its level names."""
    import re as _re

    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    cached = getattr(_codebook_loader, "cls", None)
    if cached is not None:
        return cached

    class CodebookLoader(base):  # type: ignore[misc, valid-type]
        pass

    drop = {
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
    }
    CodebookLoader.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag not in drop]
        for ch, resolvers in base.yaml_implicit_resolvers.items()
    }
    add = CodebookLoader.add_implicit_resolver
    add(
        "tag:yaml.org,2002:bool",
        _re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    add("tag:yaml.org,2002:null", _re.compile(r"^(?:~|null|)$"), ["~", "n", ""])
    add("tag:yaml.org,2002:int", _re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
    add(
        "tag:yaml.org,2002:float",
        _re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+][0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+.0123456789"),
    )
    _codebook_loader.cls = CodebookLoader  # type: ignore[attr-defined]
    return CodebookLoader


def load_yaml(text: str, src: str) -> Any:
    """Parse codebook YAML safely and boundedly: YAML errors, nesting beyond libyaml's limit,
    recursive aliases and alias bombs ("billion laughs") are CodebookErrors naming ``src``."""
    import yaml

    try:
        data = yaml.load(text, Loader=_codebook_loader())  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        if "nesting depth" in problem:
            raise CodebookError(
                f"{src}: the YAML is nested too deeply; a codebook is a list of flat mappings"
            ) from None
        raise CodebookError(f"{src}: invalid YAML{where}: {problem}; fix the syntax") from None
    except RecursionError:
        raise CodebookError(
            f"{src}: the YAML is nested too deeply; a codebook is a list of flat mappings"
        ) from None
    except (ValueError, OverflowError):  # an integer of thousands of digits, a bad timestamp
        raise CodebookError(
            f"{src}: invalid YAML: a number or date is too long or out of range; fix the value"
        ) from None
    _check_expansion(data, src)
    return data


def _check_expansion(data: Any, src: str) -> None:
    """Count the nodes of ``data`` as if every alias were expanded (memoised per shared object,
    so the count itself is cheap); refuse cycles and documents above MAX_YAML_NODES."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    too_big = CodebookError(
        f"{src}: the YAML expands to more than {MAX_YAML_NODES:,} values (anchors and aliases "
        "repeated); write the codebook without '&anchor'/'*alias' chains"
    )

    def size(obj: Any, depth: int) -> int:
        if not isinstance(obj, (dict, list)):
            return 1
        key = id(obj)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise CodebookError(
                f"{src}: the YAML refers to itself (a recursive '*alias'); remove the alias"
            )
        if depth > 100:
            raise CodebookError(
                f"{src}: the YAML is nested too deeply; a codebook is a list of flat mappings"
            )
        active.add(key)
        total = 1
        items = obj.items() if isinstance(obj, dict) else ((None, v) for v in obj)
        for k, v in items:
            total += size(k, depth + 1) + size(v, depth + 1)
            if total > MAX_YAML_NODES:
                raise too_big
        active.discard(key)
        sizes[key] = total
        return total

    size(data, 0)


# --------------------------------------------------------------------- parsing
def _parse(data: Any, src: str) -> Codebook:
    if not isinstance(data, dict):
        raise CodebookError(f"{src}: expected a mapping with 'variables' (and optionally 'scales')")
    for key in data:
        if key not in TOP_KEYS:
            raise CodebookError(
                f"{src}: unknown top-level key '{key}'{suggest(key, TOP_KEYS)}; allowed: {', '.join(TOP_KEYS)}"
            )
    raw_vars = data.get("variables") or []
    if not isinstance(raw_vars, list):
        raise CodebookError(f"{src}: 'variables' must be a list of mappings")
    variables: list[Variable] = []
    seen: set[str] = set()
    for i, rv in enumerate(raw_vars, start=1):
        variables.append(_parse_variable(rv, i, src))
        name = variables[-1].name
        if name in seen:
            raise CodebookError(f"{src}: variable '{name}' is defined twice; names must be unique")
        seen.add(name)
    scales: dict[str, Scale] = {}
    raw_scales = data.get("scales") or {}
    if not isinstance(raw_scales, dict):
        raise CodebookError(
            f"{src}: 'scales' must be a mapping of scale name to {{items: [...], min_items: N}}"
        )
    for sname, rs in raw_scales.items():
        scales[str(sname)] = _parse_scale(str(sname), rs, seen, variables, src)
    org_id = data.get("id")
    if org_id is not None:
        if not isinstance(org_id, str) or org_id not in seen:
            raise CodebookError(
                f"{src}: top-level 'id' must name a variable of the codebook (the organisation "
                f"id){suggest(str(org_id), seen)}, got {org_id!r}"
            )
    return Codebook(variables=variables, scales=scales, id=org_id)


def _parse_variable(rv: Any, i: int, src: str) -> Variable:
    if not isinstance(rv, dict):
        raise CodebookError(
            f"{src}: variable #{i} must be a mapping with at least 'name' and 'type'"
        )
    name = rv.get("name")
    where = f"{src}: variable '{name}'" if name else f"{src}: variable #{i}"
    for key in rv:
        if key not in VARIABLE_KEYS:
            raise CodebookError(
                f"{where}: unknown key '{key}'{suggest(key, VARIABLE_KEYS)}; allowed: {', '.join(VARIABLE_KEYS)}"
            )
    if not name or not isinstance(name, str):
        raise CodebookError(f"{where}: 'name' is required")
    if not _NAME_RE.match(name):
        raise CodebookError(
            f"{where}: name must be snake_case ASCII (a-z, 0-9, _), not starting with a digit"
        )
    vtype = rv.get("type")
    if vtype not in TYPES:
        raise CodebookError(
            f"{where}: type '{vtype}' is not one of {', '.join(TYPES)}{suggest(str(vtype), TYPES)}"
        )
    values = rv.get("values")
    if values is not None:
        if not isinstance(values, dict):
            raise CodebookError(
                f"{where}: 'values' must map integer codes to labels, e.g. {{1: Nej, 2: Ja}}"
            )
        values = _values(values, where)
    levels = rv.get("levels")
    if levels is not None:
        if not isinstance(levels, dict):
            raise CodebookError(f"{where}: 'levels' must map a level to a list of spellings")
        if any(k is None for k in levels):
            raise CodebookError(
                f"{where}: a level in 'levels' has no name; write it in quotes (e.g. 'null':)"
            )
        levels = {
            str(k): ([_text(s) for s in v] if isinstance(v, list) else [_text(v)])
            for k, v in levels.items()
        }
    missing = rv.get("missing") or {}
    if isinstance(missing, list):
        missing = {str(m): 0 for m in missing}
    if not isinstance(missing, dict):
        raise CodebookError(
            f"{where}: 'missing' must map don't-know labels to counts (or be a list of labels)"
        )
    try:
        missing = {str(k): int(v or 0) for k, v in missing.items()}
    except (TypeError, ValueError, OverflowError):
        raise CodebookError(f"{where}: 'missing' counts must be integers") from None
    if any(not 0 <= n <= 2**63 - 1 for n in missing.values()):
        raise CodebookError(f"{where}: 'missing' counts must be whole numbers ≥ 0")
    reverse = rv.get("reverse", False)
    if not isinstance(reverse, bool):
        raise CodebookError(f"{where}: 'reverse' must be true or false")
    if reverse and vtype != "ordinal":
        raise CodebookError(f"{where}: 'reverse: true' is only allowed for ordinal variables")
    if vtype in ("ordinal", "binary") and not values and rv.get("source") is None:
        pass  # values are inferred at ingest
    label = rv.get("label")

    def _s(key: str) -> str | None:
        v = rv.get(key)
        return None if v is None else str(v)

    return Variable(
        name=name,
        type=vtype,
        label="" if label is None else str(label),
        source=_s("source"),
        values=values,
        levels=levels,
        missing=missing,
        reverse=reverse,
        question=_s("question"),
        option=_s("option"),
        encoding=_s("encoding"),
        delimiter=_s("delimiter"),
        scale=_s("scale"),
        wave_source=_s("wave_source"),
        notes=_s("notes"),
        metadata=rv.get("metadata") is True,
    )


def _text(v: Any) -> str:
    """A label or spelling as text (a float that is a whole number keeps no '.0')."""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _values(values: dict[Any, Any], where: str) -> dict[int, str]:
    """``values:`` as {int code: label}; codes are whole numbers within 32 bits, labels text."""
    out: dict[int, str] = {}
    for k, v in values.items():
        if isinstance(k, bool) or isinstance(k, float) and not k.is_integer():
            code = None
        else:
            try:
                code = int(k)
            except (TypeError, ValueError, OverflowError):
                code = None
        if code is None:
            raise CodebookError(
                f"{where}: 'values' keys must be integer codes (e.g. {{1: Nej, 2: Ja}}), "
                f"got {str(k)[:40]!r}"
            )
        if abs(code) > MAX_CODE:
            raise CodebookError(
                f"{where}: a 'values' code is too large; codes must be between "
                f"{-MAX_CODE} and {MAX_CODE}"
            )
        if v is None:
            raise CodebookError(
                f"{where}: 'values' code {code} has no label; write the label (in quotes if it "
                "is 'null')"
            )
        out[code] = _text(v)
    return out


def _parse_scale(
    sname: str, rs: Any, names: set[str], variables: list[Variable], src: str
) -> Scale:
    where = f"{src}: scale '{sname}'"
    if not _NAME_RE.match(sname):
        raise CodebookError(f"{where}: name must be snake_case ASCII")
    if sname in names:
        raise CodebookError(f"{where}: a variable already has this name; choose another scale name")
    if isinstance(rs, list):
        rs = {"items": rs}
    if not isinstance(rs, dict):
        raise CodebookError(f"{where}: expected {{items: [...], min_items: N}}")
    for key in rs:
        if key not in SCALE_KEYS:
            raise CodebookError(
                f"{where}: unknown key '{key}'{suggest(str(key), SCALE_KEYS)}; allowed: {', '.join(SCALE_KEYS)}"
            )
    items = rs.get("items")
    if not isinstance(items, list) or not items:
        raise CodebookError(f"{where}: 'items' must be a non-empty list of variable names")
    types = {v.name: v.type for v in variables}
    for it in items:
        if it not in names:
            raise CodebookError(f"{where}: unknown item '{it}'{suggest(str(it), names)}")
        if types[it] not in ("ordinal", "numeric", "binary"):
            raise CodebookError(
                f"{where}: item '{it}' is {types[it]}; scale items must be ordinal, numeric or binary"
            )
    min_items = rs.get("min_items", max(1, (len(items) + 1) // 2))
    if not isinstance(min_items, int) or not 1 <= min_items <= len(items):
        raise CodebookError(f"{where}: min_items must be an integer between 1 and {len(items)}")
    label = rs.get("label")
    return Scale(
        name=sname,
        items=[str(i) for i in items],
        min_items=min_items,
        label=None if label is None else str(label),
    )
