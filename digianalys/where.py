"""``--where EXPR``: a small, safe filter language over codebook names.

    sector == kommunal and wave == 2021
    finished == 1
    sector in [statlig, regional] and not (employees < 50)
    lead_strategy >= "Instämmer delvis"
    comment is not missing

Grammar::

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | "(" expr ")" | condition
    condition  := NAME ("==" | "!=" | "<" | "<=" | ">" | ">=") VALUE
                | NAME ["not"] "in" "[" VALUE ("," VALUE)* "]"
                | NAME "is" ["not"] "missing"
    VALUE      := number | "quoted text" | 'quoted text' | bare word (a level name)

A value is read as the variable's type reads it: a level name or any spelling the codebook lists
for a categorical variable; a code or its label ("Ja", "Instämmer helt") for an ordinal/binary
variable; a number for a numeric one. ``<``/``>`` need an ordered variable (ordinal, numeric or
binary codes). A response whose value is missing satisfies no comparison (only ``is missing``).
The text is parsed by us and evaluated on the data with pandas comparisons — never ``eval`` or
``DataFrame.query`` — so a filter cannot run code. Unknown names and values are errors with
suggestions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .dataset import Dataset
from .errors import VariableError, shown, suggest, unknown_variable

MAX_LENGTH = 2000
MAX_DEPTH = 40
_OPS = ("==", "!=", "<=", ">=", "<", ">")
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>"[^"\n]*"|'[^'\n]*')
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
  | (?P<number>[-+]?(?:\d+[.,]?\d*|[.,]\d+)(?![\w]))
  | (?P<word>[\w.\-/%+:@]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Filter:
    """A parsed filter: its text, the rows it keeps, and the counts before and after."""

    text: str
    n_before: int
    n_after: int


@dataclass
class _Tok:
    kind: str
    text: str
    pos: int


def _shown(s: str) -> str:
    return shown(s, 60)


def _error(text: str, what: str) -> VariableError:
    return VariableError(
        f"--where '{_shown(text)}': {what}; write conditions such as "
        "'sector == kommunal and wave == 2021' (==, !=, <, <=, >, >=, in [..], is missing, "
        "and, or, not, parentheses)"
    )


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise _error(text, f"'{_shown(text[pos])}' at position {pos + 1} is not allowed")
        if m.lastgroup != "ws":
            out.append(_Tok(m.lastgroup or "", m.group(), pos))
        pos = m.end()
    out.append(_Tok("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, ds: Dataset, text: str) -> None:
        self.ds = ds
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def is_word(self, *words: str) -> bool:
        return self.tok.kind == "word" and self.tok.text.casefold() in words

    def unexpected(self, hint: str = "") -> VariableError:
        t = self.tok
        what = (
            "it ends too early"
            if t.kind == "end"
            else f"'{_shown(t.text)}' at position {t.pos + 1} is not expected here"
        )
        return _error(self.text, what + (f" ({hint})" if hint else ""))

    def parse(self) -> np.ndarray:
        mask = self.disjunction()
        if self.tok.kind != "end":
            raise self.unexpected("join conditions with and/or")
        return mask

    def disjunction(self) -> np.ndarray:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error(self.text, f"it is nested more than {MAX_DEPTH} levels deep")
        mask = self.conjunction()
        while self.is_word("or", "eller"):
            self.take()
            mask = mask | self.conjunction()
        self.depth -= 1
        return mask

    def conjunction(self) -> np.ndarray:
        mask = self.negation()
        while self.is_word("and", "och"):
            self.take()
            mask = mask & self.negation()
        return mask

    def negation(self) -> np.ndarray:
        if self.is_word("not", "inte"):
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _error(self.text, f"it is nested more than {MAX_DEPTH} levels deep")
            out = ~self.negation()
            self.depth -= 1
            return out
        if self.tok.kind == "op" and self.tok.text == "(":
            self.take()
            mask = self.disjunction()
            if self.tok.text != ")":
                raise self.unexpected("expected ')'")
            self.take()
            return mask
        return self.condition()

    def condition(self) -> np.ndarray:
        t = self.tok
        if t.kind not in ("word", "string"):
            raise self.unexpected("a condition starts with a variable name")
        name = t.text.strip("\"'") if t.kind == "string" else t.text
        names = list(self.ds.data.columns)
        if name not in names:
            raise unknown_variable(name, names, f"--where '{_shown(self.text)}'")
        self.take()
        var = _Variable(self.ds, name, self.text)
        if self.is_word("is"):
            self.take()
            negate = self.is_word("not")
            if negate:
                self.take()
            if not self.is_word("missing", "saknas"):
                raise self.unexpected("write 'is missing' or 'is not missing'")
            self.take()
            return var.present if negate else ~var.present
        negate = self.is_word("not")
        if negate:
            self.take()
            if not self.is_word("in"):
                raise self.unexpected("'not' before 'in' only")
        if self.is_word("in"):
            self.take()
            values = self.value_list()
            mask = np.zeros(len(self.ds.data), dtype=bool)
            for v in values:
                mask |= var.compare("==", v)
            return (var.present & ~mask) if negate else mask
        if self.tok.kind != "op" or self.tok.text not in _OPS:
            raise self.unexpected("expected ==, !=, <, <=, >, >=, in or is")
        op = self.take().text
        return var.compare(op, self.value())

    def value(self) -> _Tok:
        t = self.tok
        if t.kind not in ("number", "string", "word"):
            raise self.unexpected("expected a value")
        return self.take()

    def value_list(self) -> list[_Tok]:
        if not (self.tok.kind == "op" and self.tok.text == "["):
            raise self.unexpected("write the values as [a, b]")
        self.take()
        values = [self.value()]
        while self.tok.kind == "op" and self.tok.text == ",":
            self.take()
            values.append(self.value())
        if not (self.tok.kind == "op" and self.tok.text == "]"):
            raise self.unexpected("expected ']'")
        self.take()
        return values


class _Variable:
    """One variable of a condition: its values, and how a written value is read for it."""

    def __init__(self, ds: Dataset, name: str, text: str) -> None:
        self.ds = ds
        self.name = name
        self.text = text
        self.col = ds.data[name]
        self.vtype = ds.vtype(name)
        self.present = self.col.notna().to_numpy()
        self.numeric = pd.api.types.is_numeric_dtype(self.col)

    def _level(self, raw: str) -> str:
        """A written value as a level of a categorical/text variable."""
        present = [str(v) for v in pd.unique(self.col.dropna())]
        spellings: dict[str, str] = {v.casefold(): v for v in present}
        var = self.ds.codebook.get(self.name)
        if var is not None and var.levels:
            for level, alts in var.levels.items():
                for s in [level, *alts]:
                    spellings.setdefault(str(s).strip().casefold(), level)
        found = spellings.get(raw.strip().casefold())
        if found is None:
            hint = suggest(raw, present) or (
                f"; its values are: {', '.join(sorted(present)[:12])}" if present else ""
            )
            raise VariableError(
                f"--where '{_shown(self.text)}': '{_shown(raw)}' is not a value of "
                f"'{self.name}'{hint}"
            )
        return found

    def _code(self, raw: str) -> float:
        """A written value as a number: a number, or a code's label (ordinal/binary)."""
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            pass
        var = self.ds.codebook.get(self.name)
        labels = dict(var.values) if var is not None and var.values else {}
        for code, label in labels.items():
            if str(label).strip().casefold() == raw.strip().casefold():
                return float(code)
        shown = ", ".join(f"{c} = {lab}" for c, lab in sorted(labels.items())[:8])
        raise VariableError(
            f"--where '{_shown(self.text)}': '{_shown(raw)}' is not a number or a label of "
            f"'{self.name}'" + (f" ({shown})" if shown else "")
        )

    def compare(self, op: str, tok: _Tok) -> np.ndarray:
        raw = tok.text[1:-1] if tok.kind == "string" else tok.text
        if self.numeric:
            value: Any = self._code(raw)
            values = pd.to_numeric(self.col, errors="coerce").to_numpy(dtype="float64")
        else:
            if op not in ("==", "!="):
                raise VariableError(
                    f"--where '{_shown(self.text)}': '{self.name}' is {self.vtype} (unordered); "
                    "compare it with ==, != or in [..]"
                )
            value = self._level(raw)
            values = self.col.astype("string").to_numpy(dtype=object, na_value=None)  # type: ignore[call-overload]  # stubs lack na_value=None
        with np.errstate(invalid="ignore"):
            out = {
                "==": lambda: values == value,
                "!=": lambda: values != value,
                "<": lambda: values < value,
                "<=": lambda: values <= value,
                ">": lambda: values > value,
                ">=": lambda: values >= value,
            }[op]()
        return np.asarray(out, dtype=bool) & self.present


def where_mask(ds: Dataset, text: str) -> np.ndarray:
    """The rows of ``ds`` that satisfy the filter ``text`` (a boolean array)."""
    text = " ".join(str(text).split())
    if not text:
        raise VariableError("--where is empty; give a condition such as 'sector == kommunal'")
    if len(text) > MAX_LENGTH:
        raise VariableError(f"--where is {len(text)} characters long; at most {MAX_LENGTH}")
    return _Parser(ds, text).parse()


def apply_where(ds: Dataset, text: str | None) -> tuple[Dataset, Filter | None]:
    """``ds`` restricted to the rows the filter keeps (a new Dataset; ``ds`` is not changed),
    with the counts before and after for the notes."""
    if text is None or not str(text).strip():
        return ds, None
    mask = where_mask(ds, text)
    sub = Dataset(
        data=ds.data.loc[mask].reset_index(drop=True),
        codebook=ds.codebook,
        path=ds.path,
        report=ds.report,
    )
    return sub, Filter(" ".join(str(text).split()), len(ds.data), int(mask.sum()))
