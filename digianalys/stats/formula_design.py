"""Evaluating a parsed model formula (:mod:`.formula`) over the estimation sample.

:func:`build` computes every variable and transformation itself (numpy on float arrays) into
columns with generated names and writes a new formula over those names only
(``__f0__ + C(__f1__)``) for statsmodels to build the design matrix from, so that no character
of the user's text is ever evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import VariableError
from .formula import (
    FUNCTIONS,
    BinOp,
    Call,
    Categorical,
    Formula,
    Group,
    Identity,
    Intercept,
    Neg,
    Num,
    Paren,
    TermNeg,
    TermOp,
    Var,
    formula_error,
    render,
    shown_formula,
    shown_token,
)


@dataclass
class Design:
    """What :func:`build` gives statsmodels: a frame of generated columns, a formula over those
    names only, and the display text of each generated factor name."""

    data: pd.DataFrame
    formula: str
    text: str
    names: dict[str, str] = field(default_factory=dict)

    def display(self, name: str) -> str:
        """A statsmodels column/term name with the generated names replaced by the user's text
        (``C(__f1__)[T.regional]:__f0__`` → ``C(sector)[T.regional]:leadership``); level text
        inside ``[…]`` is left as it is."""
        keys = sorted(self.names, key=len, reverse=True)
        out: list[str] = []
        i = 0
        while i < len(name):
            if name[i] == "[":
                j = name.find("]", i)
                j = len(name) - 1 if j < 0 else j
                out.append(name[i : j + 1])
                i = j + 1
                continue
            for key in keys:
                if name.startswith(key, i):
                    out.append(self.names[key])
                    i += len(key)
                    break
            else:
                out.append(name[i])
                i += 1
        return "".join(out)


def build(
    formula: Formula, frame: pd.DataFrame, left_out: dict[str, list[Any]] | None = None
) -> Design:
    """Compute every factor of ``formula`` over ``frame`` (the estimation sample: numeric columns
    as float64, categorical ones as object) and return the :class:`Design`.

    ``left_out`` lists levels removed from the frame to protect small groups: a reference level
    among them falls back to the default (the first remaining level).

    Raises VariableError when a categorical variable is used in arithmetic or a reference level
    is not a level of its variable.
    """
    left_out = left_out or {}
    cols: dict[str, Any] = {}
    names: dict[str, str] = {}
    seen: dict[str, str] = {}

    def new_column(display: str, values: Any) -> str:
        if display in seen:
            return seen[display]
        key = f"__f{len(cols)}__"
        cols[key] = values
        seen[display] = key
        return key

    def numeric(name: str, where: str) -> np.ndarray:
        col = frame[name]
        if not pd.api.types.is_numeric_dtype(col):
            raise VariableError(
                f"formula '{shown_formula(formula.text)}': variable '{name}' is categorical and "
                f"cannot be used in {where}; use C({name})"
            )
        return col.to_numpy(dtype="float64")

    def value(node: Any, where: str) -> np.ndarray:
        if isinstance(node, Var):
            return numeric(node.name, where)
        if isinstance(node, Num):
            return np.full(len(frame), float(node.text))
        if isinstance(node, Neg):
            return -value(node.operand, where)
        if isinstance(node, Paren):
            return value(node.inner, where)
        if isinstance(node, Call):
            return np.asarray(FUNCTIONS[node.func](value(node.arg, where)), dtype="float64")
        if isinstance(node, BinOp):
            a, b = value(node.left, where), value(node.right, where)
            if node.op == "+":
                return a + b
            if node.op == "-":
                return a - b
            if node.op == "*":
                return a * b
            if node.op == "/":
                return a / b
            return np.power(a, b)
        raise formula_error(formula.text, f"'{render(node)}' cannot be used in arithmetic")

    def categorical(node: Categorical) -> str:
        col = frame[node.var]
        values = col.dropna()
        levels = sorted(values.unique(), key=lambda v: (str(type(v)), v))
        removed = _match_level(node.reference, left_out.get(node.var, []))
        if node.reference is not None and removed is None:
            ref = _match_level(node.reference, levels)
            if ref is None:
                shown = ", ".join(str(v) for v in levels[:12])
                raise VariableError(
                    f"formula '{shown_formula(formula.text)}': '{shown_token(str(node.reference))}' "
                    f"is not a level of '{node.var}'; its levels are: {shown}"
                )
            levels = [ref] + [v for v in levels if v != ref]
        cat = pd.Categorical(col, categories=levels)
        return new_column(render(node), cat)

    def term(node: Any) -> str:
        """The generated formula text of a term-level tree."""
        if isinstance(node, TermOp):
            return f"{term(node.left)} {node.op} {term(node.right)}"
        if isinstance(node, TermNeg):
            return "-" + term(node.operand)
        if isinstance(node, Group):
            return f"({term(node.inner)})"
        if isinstance(node, Intercept):
            return str(node.value)
        if isinstance(node, Categorical):
            if _match_level(node.reference, left_out.get(node.var, [])) is not None:
                node = Categorical(node.var)  # its reference level was left out (small group)
            key = categorical(node)
            names[f"C({key})"] = render(node)
            return f"C({key})"
        if isinstance(node, Var) and not pd.api.types.is_numeric_dtype(frame[node.name]):
            key = categorical(Categorical(node.name))
            names[f"C({key})"] = render(node)
            return f"C({key})"
        display = render(node)
        where = f"'{display}'"
        with np.errstate(all="ignore"):
            key = new_column(
                display, value(node.arg if isinstance(node, Identity) else node, where)
            )
        names[key] = display
        return key

    rhs = term(formula.rhs)
    lhs = term(formula.lhs)
    return Design(pd.DataFrame(cols, index=frame.index), f"{lhs} ~ {rhs}", formula.text, names)


def _match_level(ref: str | float | None, levels: list[Any]) -> Any:
    if ref is None:
        return None
    for level in levels:
        if isinstance(ref, str) and str(level) == ref:
            return level
        if isinstance(ref, float) and isinstance(level, (int, float, np.number)):
            if float(level) == ref:
                return level
    if isinstance(ref, str):
        try:
            return _match_level(float(ref), levels)
        except ValueError:
            return None
    return None
