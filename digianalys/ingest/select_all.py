"""Select-all answers written in one cell ("A; B; C", "A, B, C"): split into options.

Option texts may hold the delimiter ("Ja, delvis"): known options are matched first, and
options that only ever occur together, one right after the other, are joined.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["split_options", "collect_options"]


def _option_boundaries(tokens: list[str], start: int, delimiter: str) -> int:
    """Index of the last token of the chunk starting at ``start`` (comma-aware for ', ')."""
    depth = 0
    j = start
    while True:
        tok = tokens[j]
        depth += tok.count("(") + tok.count("[") - tok.count(")") - tok.count("]")
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if nxt is None:
            return j
        if delimiter.strip() == "," and (depth > 0 or (nxt[:1].islower() or nxt[:1].isdigit())):
            j += 1
            continue
        return j


def _allowed_end(tokens: list[str], start: int, end: int, delimiter: str) -> bool:
    if end + 1 >= len(tokens):
        return True
    if delimiter.strip() != ",":
        return True
    nxt = tokens[end + 1]
    return not (nxt[:1].islower() or nxt[:1].isdigit())


def _tokens(value: str, delimiter: str) -> list[str]:
    if delimiter.strip() == ";":
        return [t.strip() for t in value.split(";") if t.strip()]
    return [t.strip() for t in value.split(delimiter.strip()) if t.strip()]


def split_options(value: str, options: Iterable[str], delimiter: str) -> list[str]:
    """Split one delimited select-all cell into options.

    Known ``options`` are matched longest first (option texts may contain the delimiter, e.g.
    "Ja, delvis"); text that matches no known option is split where the delimiter is followed by
    a capital letter and parentheses are balanced, and returned as new options.
    """
    tokens = _tokens(str(value), delimiter)
    joiner = "; " if delimiter.strip() == ";" else ", "
    known = sorted({o.strip() for o in options if o.strip()}, key=lambda o: (-len(o), o))
    by_tokens = [(o, _tokens(o, delimiter)) for o in known]
    whole = _segment(tokens, by_tokens)
    if whole is not None:
        return whole
    out: list[str] = []
    i = 0
    while i < len(tokens):
        hit = None
        for opt, otoks in by_tokens:
            m = len(otoks)
            if (
                otoks
                and tokens[i : i + m] == otoks
                and _allowed_end(tokens, i, i + m - 1, delimiter)
            ):
                hit = (opt, m)
                break
        if hit is None:
            j = _option_boundaries(tokens, i, delimiter)
            hit = (joiner.join(tokens[i : j + 1]), j - i + 1)
        out.append(hit[0])
        i += hit[1]
    return out


def _segment(tokens: list[str], by_tokens: list[tuple[str, list[str]]]) -> list[str] | None:
    """The cell's tokens as a sequence of known options covering all of them (fewest options
    first, so "Ja, delvis" beats "Ja" + "delvis" when both are known), or None.

    Tried before any heuristic: once "e-arkiv" is a known option, "Mina meddelanden, e-arkiv"
    splits into two options even though the second starts with a small letter."""
    n = len(tokens)
    if not n or not by_tokens:
        return None
    # best[i]: fewest options covering tokens[i:], with the choice made at i
    best: list[tuple[int, str, int] | None] = [None] * (n + 1)
    best[n] = (0, "", 0)
    for i in range(n - 1, -1, -1):
        for opt, otoks in by_tokens:
            m = len(otoks)
            if m and tokens[i : i + m] == otoks and best[i + m] is not None:
                cand = (best[i + m][0] + 1, opt, m)  # type: ignore[index]
                if best[i] is None or cand[0] < best[i][0]:  # type: ignore[index]
                    best[i] = cand
    if best[0] is None:
        return None
    out, i = [], 0
    while i < n:
        _, opt, m = best[i]  # type: ignore[misc]
        out.append(opt)
        i += m
    return out


def _merge_companions(values: list[str], known: list[str], delim: str) -> list[str]:
    """Join options that only ever occur together, one right after the other, in at least two
    cells: they are one option whose text holds the delimiter ("e-legitimation, BankID")."""
    joiner = "; " if delim.strip() == ";" else ", "
    for _ in range(len(known)):
        parsed = [split_options(v, known, delim) for v in values]
        seen: dict[str, int] = {}
        follows: dict[tuple[str, str], int] = {}
        for opts in parsed:
            for j, o in enumerate(opts):
                seen[o] = seen.get(o, 0) + 1
                if j + 1 < len(opts):
                    pair = (o, opts[j + 1])
                    follows[pair] = follows.get(pair, 0) + 1
        merged = None
        for (a, b), n in follows.items():
            if n >= 2 and seen.get(a) == n and seen.get(b) == n and a != b:
                merged = (a, b)
                break
        if merged is None:
            return known
        a, b = merged
        known = [o for o in known if o not in (a, b)] + [f"{a}{joiner}{b}"]
    return known


def collect_options(values: list[str], delim: str) -> list[str]:
    """Options of a delimited column: single selections first, then longest-first matching."""
    key = delim.strip()
    order = sorted(range(len(values)), key=lambda i: (values[i].count(key), i))
    known: list[str] = []
    seen: set[str] = set()
    for i in order:
        for opt in split_options(values[i], known, delim):
            if opt not in seen:
                seen.add(opt)
                known.append(opt)
    known = _merge_companions(values, known, delim)
    # order of first appearance in the data (row order of distinct values, then within the cell)
    first: dict[str, tuple[int, int]] = {}
    for i, v in enumerate(values):
        for j, opt in enumerate(split_options(v, known, delim)):
            first.setdefault(opt, (i, j))
    return sorted(known, key=lambda o: first.get(o, (len(values), 0)))
