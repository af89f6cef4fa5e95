"""Delimited text exports (.csv, .tsv, .txt) read into an Arrow table of text cells.

The encoding (UTF-8 with or without BOM, UTF-16 with BOM, else cp1252), the delimiter (``;``
``,`` tab ``|``, or an Excel ``sep=`` line) and a decimal comma are detected; ragged rows are
padded. Refused, naming the line or row: an unclosed quote, more than :data:`MAX_COLUMNS`
columns, a field longer than :data:`MAX_FIELD_CHARS` characters.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import InputFileError
from .arrow_cells import trim_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

__all__ = ["CSV_DELIMITERS", "MAX_FIELD_CHARS", "MAX_COLUMNS", "read_csv_table", "short_error"]

CSV_DELIMITERS = (";", ",", "\t", "|")

# A number written with a decimal comma ("3,5", "-0,25"); the whole (trimmed) cell must match.
_DECIMAL_COMMA = r"^\s*[-+]?[0-9]+,[0-9]+\s*$"
_DECIMAL_DOT = r"^\s*[-+]?[0-9]+\.[0-9]+\s*$"
_SAMPLE_LINES = 200
#: The longest CSV field accepted (characters); longer is refused naming the row.
MAX_FIELD_CHARS = 1 << 20
#: The most columns a sheet or CSV file may have: Excel's own limit (XFD). No survey export
#: comes near it; a wider file is refused before it is parsed.
MAX_COLUMNS = 16_384


def short_error(exc: BaseException) -> str:
    """The first line of a library error message, without file paths or cell values."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    first = re.sub(r"\s+at\s+/\S+", "", first)
    return first[:160]


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: BOMs first, then strict UTF-8, then cp1252 (Swedish Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        enc = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            enc = "cp1252"
    try:
        return data.decode(enc), enc
    except UnicodeDecodeError:
        if enc == "cp1252":
            # cp1252 leaves five bytes undefined; latin-1 maps every byte.
            return data.decode("latin-1"), "latin-1"
        raise InputFileError(
            f"{path.name} is not valid {enc} text: save it again as 'CSV UTF-8' from Excel"
        ) from None


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Let :mod:`csv` read fields up to ``limit`` characters (its default is 131,072).

    The sample is sniffed with a limit of its own length, so that one long field cannot make
    the right delimiter look wrong; :func:`_check_field_length` applies the real limit."""
    saved = csv.field_size_limit()
    csv.field_size_limit(max(saved, limit))
    try:
        yield
    finally:
        csv.field_size_limit(saved)


def _field_counts(
    sample: str, delim: str, quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL
) -> list[int]:
    with _field_limit(len(sample) + 1):
        reader = csv.reader(io.StringIO(sample), delimiter=delim, quoting=quoting)
        return [len(r) for r in reader if r]


def _consistency(counts: list[int]) -> tuple[float, int]:
    """(share of rows with the most common field count, that count); (0, 0) below two fields."""
    if not counts:
        return 0.0, 0
    mode = max(set(counts), key=lambda c: (counts.count(c), c))
    if mode < 2:
        return 0.0, 0
    return round(sum(c == mode for c in counts) / len(counts), 2), mode


def _sniff_delimiter(lines: list[str]) -> str:
    """Pick the delimiter that splits the sample lines into the most consistent field counts.

    Delimiters inside quoted fields are ignored (the sample is parsed with :mod:`csv`).
    """
    best, best_key = ",", (0.0, 0)
    sample = "\n".join(lines)
    for delim in CSV_DELIMITERS:
        try:
            key = _consistency(_field_counts(sample, delim))
        except csv.Error:
            continue
        if key[1] and key > best_key:
            best, best_key = delim, key
    return best


def _broken_quote(path: Path, lines: list[str], delim: str) -> None:
    """Refuse a file that is mis-split only because of an unbalanced quote.

    When another delimiter splits every sample line (quotes ignored) into the same number of
    fields, more than the chosen delimiter gives, but fails once quotes are honoured, a quote
    that is never closed swallowed the rest of the file: name the line where it opens
    instead of reading the file as one (or too few) columns silently.
    """
    sample = "\n".join(lines)
    try:
        chosen = _consistency(_field_counts(sample, delim))[1]
    except csv.Error:
        chosen = 0
    for other in CSV_DELIMITERS:
        if other == delim:
            continue
        try:
            share, mode = _consistency(_field_counts(sample, other, csv.QUOTE_NONE))
        except csv.Error:
            continue
        if mode <= max(chosen, 1) or share < 0.9:
            continue
        try:
            quoted = _consistency(_field_counts(sample, other))
        except csv.Error:
            quoted = (0.0, 0)
        if quoted >= (share, mode):
            continue  # the quotes are fine with this delimiter too: not a broken quote
        line = next((i for i, text in enumerate(lines, 1) if text.count('"') % 2), None)
        if line is None:
            continue
        raise InputFileError(
            f'{path.name}, line {line}: a quote (") is opened but never closed, so the '
            f"file cannot be split into columns by {other!r}: close or remove the quote "
            "and save the file again"
        )


def _check_width(path: Path, lines: list[str], delim: str | None) -> None:
    """Refuse lines with more than :data:`MAX_COLUMNS` fields before anything parses them
    (counting the delimiter in each line: quoted delimiters only make the count larger)."""
    delims = CSV_DELIMITERS if delim is None else (delim,)
    for i, text in enumerate(lines, 1):
        if len(text) < MAX_COLUMNS:
            continue
        for d in delims:
            if text.count(d) >= MAX_COLUMNS:
                raise InputFileError(
                    f"{path.name}, line {i}: more than {MAX_COLUMNS:,} columns (separated by "
                    f"{d!r}); digianalys reads at most {MAX_COLUMNS:,} columns, as Excel does: "
                    "remove the columns you do not need, or check the delimiter"
                )


def read_csv_table(path: Path) -> tuple[pa.Table, dict[str, Any]]:
    """The cells of a delimited text file as an Arrow table of text (blank cells null, blank
    edges trimmed) and how it was read (``encoding``, ``delimiter``, ``decimal``, ``rows`` …)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    data = path.read_bytes()
    text, encoding = _decode(path, data)
    info: dict[str, Any] = {"encoding": encoding}
    lines = text.splitlines()
    declared = re.fullmatch(r'"?sep=(.)"?', lines[0].strip()) if lines else None
    if declared:
        delim = declared.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        info["sep_line"] = True
    else:
        _check_width(path, lines[:_SAMPLE_LINES], None)
        delim = _sniff_delimiter(lines[:_SAMPLE_LINES])
        _broken_quote(path, lines[:_SAMPLE_LINES], delim)
    info["delimiter"] = delim
    if not text.strip():
        raise InputFileError(f"{path.name} has no data: check that you exported the responses")
    _check_width(path, lines, delim)
    try:
        width = max(_field_counts("\n".join(lines[:_SAMPLE_LINES]), delim), default=1)
    except csv.Error:
        width = 1
    frame = _parse_csv(path, text, delim, width, lines)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if len(text) > MAX_FIELD_CHARS:
        _check_field_length(path, table, bool(declared))
    table, dropped = trim_table(table)
    info.update(dropped)
    decimal = "."
    if delim in (";", "\t") and table.num_columns:
        cols = list(table.columns)
        for i, col in enumerate(cols):
            comma = pc.fill_null(pc.match_substring_regex(col, _DECIMAL_COMMA), False)
            if not pc.any(comma).as_py():
                continue
            if pc.any(pc.fill_null(pc.match_substring_regex(col, _DECIMAL_DOT), False)).as_py():
                continue
            decimal = ","
            dotted = pc.utf8_trim_whitespace(pc.replace_substring(col, ",", "."))
            cols[i] = pc.if_else(comma, dotted, col)
        table = pa.table(cols, names=table.column_names)
    info["decimal"] = decimal
    info["rows"] = table.num_rows
    return table, info


def _check_field_length(path: Path, table: pa.Table, sep_line: bool) -> None:
    """Refuse a field longer than :data:`MAX_FIELD_CHARS`, naming its row."""
    import pyarrow.compute as pc

    for i, col in enumerate(table.columns):
        lengths = pc.utf8_length(col)
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > MAX_FIELD_CHARS:
            row = pc.index(lengths, longest).as_py() + 1 + int(sep_line)
            raise InputFileError(
                f"{path.name}, row {row}, column {i + 1}: a field is longer than "
                f"{MAX_FIELD_CHARS:,} characters: check for an unclosed quote, or shorten the text"
            )


def _parse_csv(
    path: Path, text: str, delim: str, width: int, lines: list[str] | None = None
) -> pd.DataFrame:
    """Parse CSV text into a frame of str/NaN with at least ``width`` columns (ragged rows padded)."""
    import pandas as pd

    def parse(n: int) -> pd.DataFrame:
        return pd.read_csv(
            io.StringIO(text),
            sep=delim,
            header=None,
            names=list(range(n)),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )

    try:
        try:
            return parse(width)
        except pd.errors.ParserError:
            # a row further down has more fields than the sample showed: the delimiters of
            # the widest line bound it (quoted ones only add blank columns, trimmed later)
            rows = lines if lines is not None else text.splitlines()
            return parse(max((r.count(delim) + 1 for r in rows), default=1))
    except (pd.errors.ParserError, csv.Error) as exc:
        if "EOF inside string" in str(exc):
            rows = lines if lines is not None else text.splitlines()
            line = next((i for i, t in enumerate(rows, 1) if t.count('"') % 2), None)
            if line is not None:
                raise InputFileError(
                    f'{path.name}, line {line}: a quote (") is opened but never closed: '
                    "close or remove the quote and save the file again"
                ) from None
        raise InputFileError(
            f"{path.name} cannot be parsed as CSV with delimiter {delim!r} ({short_error(exc)}): "
            "check for unbalanced quotes, or save it again from Excel as 'CSV UTF-8'"
        ) from None
