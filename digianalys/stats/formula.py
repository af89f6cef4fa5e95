"""Model formulas as data, not code: a restricted grammar, parsed and evaluated by us.

A formula is user text (typed on the command line or read from a ``run.toml`` that analysts pass
to each other). patsy and formulaic *evaluate* the Python expressions in a formula, so user text
must never reach them. :func:`parse_formula` reads a formula with the grammar below and refuses anything
else with a :class:`VariableError` naming the offending token; :func:`.formula_design.build` then computes every
variable and transformation itself (numpy on float arrays) into columns with generated names, and
writes a new formula over those names only (``__f0__ + C(__f1__)``) for statsmodels to build the
design matrix from. No character of the user's text is ever evaluated.

Grammar (patsy's syntax, a safe subset)::

    formula   := term_expr "~" term_expr
    term_expr := sum
    sum       := product (("+" | "-") product)*          # add / remove terms
    product   := inter (("*" | "/") inter)*              # a*b = a + b + a:b; a/b = a + a:b
    inter     := power (":" power)*                      # interaction
    power     := unary ("**" INTEGER)?                   # (a + b)**2
    unary     := "-" unary | atom
    atom      := "(" sum ")" | "0" | "1" | factor
    factor    := NAME | Q("name") | C(var [, Treatment([reference=] LEVEL)])
               | I(arith) | FUNCTION(arith)
    arith     := arithmetic on variable names and numbers: + - * / **, unary -, parentheses,
                 and FUNCTION(arith)

``FUNCTION`` is one of :data:`FUNCTIONS` (``np.log``, ``log``, ``np.sqrt``, ``np.exp``,
``standardize``, ``center`` …), with or without the ``np.``/``numpy.`` prefix. ``LEVEL`` is a
quoted string or a number and must be a level of the variable. Everything else — attribute
access, ``__import__``, other calls, strings elsewhere, subscripts, lambdas, keywords — is an
error. ``standardize``/``center`` use the estimation sample (after listwise deletion), with the
population SD (ddof = 0), as patsy's stateful transforms do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import VariableError, shown

#: Longest formula accepted (characters) and deepest nesting of brackets/operators.
MAX_LENGTH = 2000
MAX_DEPTH = 40

#: Numeric functions a formula may call: name → implementation over a float array.
#: Stateful transforms (``standardize``, ``center``, ``scale``) use the estimation sample.
FUNCTIONS: dict[str, Any] = {
    "log": np.log,
    "log1p": np.log1p,
    "log2": np.log2,
    "log10": np.log10,
    "exp": np.exp,
    "sqrt": np.sqrt,
    "abs": np.abs,
    "standardize": lambda x: (x - np.nanmean(x)) / np.nanstd(x),
    "scale": lambda x: (x - np.nanmean(x)) / np.nanstd(x),
    "center": lambda x: x - np.nanmean(x),
}
_MODULES = ("np", "numpy")
_PLAIN_ONLY = frozenset({"standardize", "scale", "center"})

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[^\W\d]\w*)
  | (?P<string>"[^"\\\n]*"|'[^'\\\n]*')
  | (?P<op>\*\*|[~+\-*/:(),=.])
    """,
    re.VERBOSE,
)


# --------------------------------------------------------------------------- syntax tree
@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class Num:
    text: str


@dataclass(frozen=True)
class Neg:
    operand: Any


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class Paren:
    inner: Any


@dataclass(frozen=True)
class Call:
    """``FUNCTION(arith)``; ``prefix`` is how the user wrote it ("np.", "numpy." or "")."""

    func: str
    prefix: str
    arg: Any


@dataclass(frozen=True)
class Identity:
    """``I(arith)``."""

    arg: Any


@dataclass(frozen=True)
class Categorical:
    """``C(var)`` or ``C(var, Treatment(reference=LEVEL))``; ``plain`` is a bare categorical
    variable name, which patsy treats as ``C(var)``."""

    var: str
    reference: str | float | None = None
    reference_text: str | None = None
    keyword: bool = True


@dataclass(frozen=True)
class Intercept:
    value: int


@dataclass(frozen=True)
class TermOp:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class TermNeg:
    operand: Any


@dataclass(frozen=True)
class Group:
    inner: Any


@dataclass(frozen=True)
class Formula:
    """A parsed formula: the outcome and right-hand side trees, and the text as given."""

    text: str
    lhs: Any
    rhs: Any

    def variables(self) -> tuple[list[str], list[str]]:
        """The variable names of the outcome and of the predictors, in order of appearance."""
        return _names(self.lhs), _names(self.rhs)

    def categorical_predictors(self) -> list[str]:
        """The predictors written as ``C(var)`` (bare categorical names are found by dtype)."""
        out: list[str] = []

        def walk(n: Any) -> None:
            if isinstance(n, Categorical):
                out.append(n.var)
            elif isinstance(n, TermNeg):
                walk(n.operand)
            elif isinstance(n, TermOp):
                walk(n.left)
                walk(n.right)
            elif isinstance(n, Group):
                walk(n.inner)

        walk(self.rhs)
        return list(dict.fromkeys(out))


def _names(node: Any) -> list[str]:
    out: list[str] = []

    def walk(n: Any) -> None:
        if isinstance(n, Var):
            out.append(n.name)
        elif isinstance(n, Categorical):
            out.append(n.var)
        elif isinstance(n, (Neg, TermNeg)):
            walk(n.operand)
        elif isinstance(n, (BinOp, TermOp)):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, (Paren, Group)):
            walk(n.inner)
        elif isinstance(n, (Call, Identity)):
            walk(n.arg)

    walk(node)
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- tokens
@dataclass
class _Tok:
    kind: str
    text: str
    pos: int


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise formula_error(text, f"the character '{shown_token(text[pos])}' is not allowed")
        kind = m.lastgroup or ""
        if kind != "ws":
            out.append(_Tok(kind, m.group(), pos))
        pos = m.end()
    out.append(_Tok("end", "", len(text)))
    return out


def shown_token(s: str) -> str:
    """A token for an error message: printable, short."""
    return shown(s, 40)


def formula_error(formula: str, what: str) -> VariableError:
    return VariableError(
        f"formula '{shown_formula(formula)}' cannot be parsed: {what}; use variable names, "
        "+ - * / : ( ), C(var), I(arithmetic) and "
        f"{', '.join(sorted(FUNCTIONS))} (e.g. 'pace ~ leadership + C(sector) + np.log(employees)')"
    )


def shown_formula(formula: str) -> str:
    return shown(formula, 200)


# --------------------------------------------------------------------------- parser
class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0

    # helpers
    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def peek(self, k: int = 1) -> _Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def take(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, text: str) -> _Tok:
        if self.tok.text != text or self.tok.kind not in ("op",):
            raise self.unexpected(f"expected '{text}'")
        return self.take()

    def unexpected(self, hint: str = "") -> VariableError:
        t = self.tok
        if t.kind == "end":
            what = "it ends too early (unbalanced brackets?)"
        else:
            what = f"'{shown_token(t.text)}' at position {t.pos + 1} is not allowed here"
        return formula_error(self.text, what + (f" ({hint})" if hint else ""))

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise formula_error(self.text, f"it is nested more than {MAX_DEPTH} levels deep")

    def leave(self) -> None:
        self.depth -= 1

    # formula level
    def formula(self) -> Formula:
        if self.text.count("~") != 1:
            raise VariableError(
                f"formula '{shown_formula(self.text)}' must have exactly one '~', "
                "e.g. 'pace ~ leadership + C(sector)'"
            )
        if self.tok.text == "~":
            raise VariableError(f"formula '{shown_formula(self.text)}' has no outcome before '~'")
        lhs = self.sum()
        self.expect("~")
        rhs = self.sum()
        if self.tok.kind != "end":
            raise self.unexpected()
        return Formula(self.text, lhs, rhs)

    def sum(self) -> Any:
        self.enter()
        node = self.product()
        while self.tok.kind == "op" and self.tok.text in ("+", "-"):
            op = self.take().text
            node = TermOp(op, node, self.product())
        self.leave()
        return node

    def product(self) -> Any:
        node = self.inter()
        while self.tok.kind == "op" and self.tok.text in ("*", "/"):
            op = self.take().text
            node = TermOp(op, node, self.inter())
        return node

    def inter(self) -> Any:
        node = self.power()
        while self.tok.kind == "op" and self.tok.text == ":":
            self.take()
            node = TermOp(":", node, self.power())
        return node

    def power(self) -> Any:
        node = self.unary()
        if self.tok.kind == "op" and self.tok.text == "**":
            self.take()
            t = self.tok
            if t.kind != "number" or not t.text.isdigit() or not 1 <= int(t.text) <= 5:
                raise self.unexpected("a term power takes a whole number 1–5, e.g. (a + b)**2")
            self.take()
            node = TermOp("**", node, Intercept(int(t.text)))
        return node

    def unary(self) -> Any:
        if self.tok.kind == "op" and self.tok.text == "-":
            self.take()
            self.enter()
            node = TermNeg(self.unary())
            self.leave()
            return node
        return self.atom()

    def atom(self) -> Any:
        t = self.tok
        if t.kind == "op" and t.text == "(":
            self.take()
            inner = self.sum()
            self.expect(")")
            return Group(inner)
        if t.kind == "number":
            if t.text not in ("0", "1"):
                raise self.unexpected("numbers outside I(...) can only be 0 or 1 (the intercept)")
            self.take()
            return Intercept(int(t.text))
        if t.kind == "name":
            return self.factor()
        raise self.unexpected()

    def factor(self) -> Any:
        t = self.tok
        nxt = self.peek()
        if nxt.kind == "op" and nxt.text == "(":
            if t.text == "C":
                return self.categorical()
            if t.text == "I":
                self.take()
                self.take()
                arg = self.arith()
                self.expect(")")
                return Identity(arg)
        return self.arith_atom()

    def categorical(self) -> Categorical:
        self.take()  # C
        self.take()  # (
        var = self.var_name()
        ref: str | float | None = None
        ref_text: str | None = None
        keyword = True
        if self.tok.kind == "op" and self.tok.text == ",":
            self.take()
            if self.tok.text != "Treatment":
                raise self.unexpected('write C(var, Treatment(reference="level"))')
            self.take()
            self.expect("(")
            keyword = self.tok.text == "reference" and self.peek().text == "="
            if keyword:
                self.take()
                self.take()
            lit = self.tok
            if lit.kind == "string":
                ref, ref_text = lit.text[1:-1], lit.text
            elif lit.kind == "number":
                ref, ref_text = float(lit.text), lit.text
            else:
                raise self.unexpected("the reference level is a quoted level name or a number")
            self.take()
            self.expect(")")
        self.expect(")")
        return Categorical(var, ref, ref_text, keyword)

    def var_name(self) -> str:
        t = self.tok
        if t.kind == "name" and t.text == "Q" and self.peek().text == "(":
            self.take()
            self.take()
            s = self.tok
            if s.kind != "string":
                raise self.unexpected('write Q("variable name")')
            self.take()
            self.expect(")")
            return s.text[1:-1]
        if t.kind != "name" or self.peek().text in ("(", "."):
            raise self.unexpected("expected a variable name")
        self.take()
        return t.text

    # arithmetic (inside I() and function calls)
    def arith(self) -> Any:
        self.enter()
        node = self.arith_term()
        while self.tok.kind == "op" and self.tok.text in ("+", "-"):
            op = self.take().text
            node = BinOp(op, node, self.arith_term())
        self.leave()
        return node

    def arith_term(self) -> Any:
        node = self.arith_unary()
        while self.tok.kind == "op" and self.tok.text in ("*", "/"):
            op = self.take().text
            node = BinOp(op, node, self.arith_unary())
        return node

    def arith_unary(self) -> Any:
        if self.tok.kind == "op" and self.tok.text in ("-", "+"):
            op = self.take().text
            self.enter()
            operand = self.arith_unary()
            self.leave()
            return Neg(operand) if op == "-" else operand
        node = self.arith_atom()
        if self.tok.kind == "op" and self.tok.text == "**":
            self.take()
            self.enter()
            node = BinOp("**", node, self.arith_unary())
            self.leave()
        return node

    def arith_atom(self) -> Any:
        t = self.tok
        if t.kind == "number":
            self.take()
            return Num(t.text)
        if t.kind == "op" and t.text == "(":
            self.take()
            inner = self.arith()
            self.expect(")")
            return Paren(inner)
        if t.kind != "name":
            raise self.unexpected()
        # np.log(...) / numpy.sqrt(...)
        if self.peek().kind == "op" and self.peek().text == ".":
            attr = self.peek(2)
            if t.text not in _MODULES or attr.kind != "name":
                shown = shown_token(f"{t.text}.{attr.text}")
                raise formula_error(self.text, f"attribute access '{shown}' is not allowed")
            if attr.text not in FUNCTIONS or attr.text in _PLAIN_ONLY:
                self.i += 2
                raise self.unexpected(
                    f"'{t.text}.{shown_token(attr.text)}' is not an allowed function"
                )
            if self.peek(3).text != "(":
                raise self.unexpected("a function must be called, e.g. np.log(x)")
            self.i += 4
            arg = self.arith()
            self.expect(")")
            return Call(attr.text, t.text + ".", arg)
        if self.peek().kind == "op" and self.peek().text == "(":
            if t.text == "Q":
                return Var(self.var_name())
            if t.text not in FUNCTIONS:
                raise self.unexpected(f"'{shown_token(t.text)}' is not an allowed function")
            self.i += 2
            arg = self.arith()
            self.expect(")")
            return Call(t.text, "", arg)
        if t.text in ("C", "I", "Q", "np", "numpy"):
            raise self.unexpected()
        self.take()
        return Var(t.text)


def parse_formula(text: str) -> Formula:
    """Parse a formula with the restricted grammar (see the module docstring).

    Raises VariableError naming the token that is not allowed.
    """
    text = " ".join(str(text).split())
    if len(text) > MAX_LENGTH:
        raise VariableError(
            f"formula is {len(text)} characters long; at most {MAX_LENGTH} are accepted"
        )
    return _Parser(text).formula()


# --------------------------------------------------------------------------- display text
def render(node: Any) -> str:
    """The canonical text of a tree, spaced as patsy writes term names (``I(x ** 2)``)."""
    if isinstance(node, Var):
        return node.name if node.name.isidentifier() else f'Q("{node.name}")'
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Neg):
        return "-" + render(node.operand)
    if isinstance(node, BinOp):
        return f"{render(node.left)} {node.op} {render(node.right)}"
    if isinstance(node, Paren):
        return f"({render(node.inner)})"
    if isinstance(node, Call):
        return f"{node.prefix}{node.func}({render(node.arg)})"
    if isinstance(node, Identity):
        return f"I({render(node.arg)})"
    if isinstance(node, Categorical):
        name = render(Var(node.var))
        if node.reference_text is None:
            return f"C({name})"
        kw = "reference=" if node.keyword else ""
        return f"C({name}, Treatment({kw}{node.reference_text}))"
    if isinstance(node, Intercept):
        return str(node.value)
    if isinstance(node, TermOp):
        return f"{render(node.left)} {node.op} {render(node.right)}"
    if isinstance(node, TermNeg):
        return "-" + render(node.operand)
    if isinstance(node, Group):
        return f"({render(node.inner)})"
    raise TypeError(type(node))  # pragma: no cover - every node type is handled above
