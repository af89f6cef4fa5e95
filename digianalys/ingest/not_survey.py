"""A workbook that is no survey export (issue 15.5): refused with a message saying what it looks
like, instead of being ingested as if its rows were responses.

A survey export has one row per response and answers in its cells: answer texts ("Instämmer
helt", "Ja", "Vet ej"), free text, or answer codes in many rows. The sheets refused here look
otherwise, and the rules are conservative (each needs several signs at once; a doubtful sheet is
ingested with a warning):

- a pivot table or budget sheet: every cell beside the row labels a number (not mostly answer
  codes 0-10, as a numeric export writes), no answer text, and a total row or column ("Summa",
  "Totalt", "Total") or periods as column headers ("2021", "jan", "Q1");
- no header row: the first row holds only numbers (not years), like the rest of the sheet;
- a short list: one or two columns, at most three rows, no answer text.

A sheet with at most three responses and no answer text, or numbers only in few rows, is
ingested with a warning (:func:`check_survey_shape` returns it). Only workbooks are checked: a
CSV file of numbers is a common, legitimate data file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..errors import LayoutError
from .likert import DONT_KNOW, SCALE_WORDS, normalise_label

if TYPE_CHECKING:  # pragma: no cover
    from ..output.i18n import Msg

__all__ = ["check_survey_shape", "NUMERIC_SHARE", "FEW_ROWS", "NUMBER_ROWS", "SAMPLE_ROWS"]

NUMERIC_SHARE = 0.9  # share of the cells beside the row labels that are numbers
FEW_ROWS = 3  # at most this many rows: a short list (or a survey with few responses)
NUMBER_ROWS = 20  # a sheet of numbers in at most this many rows gets a warning
SAMPLE_ROWS = 1000  # rows whose cells are looked at
_CODE = re.compile(r"^(?:10|[0-9])(?:[.,]0+)?$")  # an answer code of a numeric export
_WORKBOOKS = ("xlsx", "xlsm", "xlsb", "xls", "ods")
_NUMBER = re.compile(
    r"^\(?[-+−–]?\s*(?:kr|sek|\$|€|£)?\s*(?:\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+|\d+)(?:[.,]\d+)?"
    r"(?:[eE][-+]?\d+)?\s*(?:%|kr|sek|tkr|mkr|\$|€|£)?\)?$",
    re.IGNORECASE,
)
_TOTAL = re.compile(
    r"^(?:(?:grand |sub)?totals?|totalt|total summa|totalsumma|summa(?: totalt)?|delsumma|"
    r"sum|σ|sammanlagt|totalsum)$",
    re.IGNORECASE,
)
_MONTHS = (
    "jan|januari|january|feb|februari|february|mar|mars|march|apr|april|maj|may|jun|juni|june|"
    "jul|juli|july|aug|augusti|august|sep|sept|september|okt|oktober|oct|october|nov|november|"
    "dec|december"
)
_PERIOD = re.compile(
    rf"^(?:(?:19|20)\d\d(?:\s*[-/]\s*(?:\d{{1,2}}|q[1-4]|h[12]|t[1-3]))?|(?:q|kv|h|t)[1-4]"
    rf"(?:\s*[-/ ]?\s*(?:19|20)\d\d)?|(?:{_MONTHS})\.?(?:\s*[-/ ]?\s*(?:19|20)?\d\d)?)$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# yes/no answers (the words of value_codes.BINARY_PAIRS; not imported: value_codes depends
# on the layouts module, which calls this one)
_YES_NO = frozenset({"ja", "nej", "yes", "no", "true", "false", "sant", "falskt"})


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def _is_answer(text: str) -> bool:
    """An answer text of a survey: a known scale label, a don't-know, yes or no."""
    norm = normalise_label(text)
    if not norm or _is_number(text):
        return False
    return norm in SCALE_WORDS or norm in DONT_KNOW or norm in _YES_NO


def check_survey_shape(raw: Any, lay: Any) -> Msg | None:
    """Raise LayoutError when the sheet of ``raw`` (a RawSheet) read with the layout ``lay`` (a
    :class:`~digianalys.ingest.layouts.Layout`) is plainly no survey export (see the module
    docstring); return a warning when it may not be one.

    Cheap on a real export: the headers and the first column's distinct values are looked at
    first; the cells only in a small sheet or when those show a sign (at most
    :data:`SAMPLE_ROWS` rows, by distinct value)."""
    from .notices import notice

    if getattr(raw, "format", None) not in _WORKBOOKS or lay.data.shape[0] == 0:
        return None
    where = raw.path.name + (f", sheet '{raw.sheet}'" if raw.sheet else "")
    columns = [c.index for c in lay.columns]
    n_rows, n_cols = lay.data.shape[0], len(columns)
    rest = columns[1:] if n_cols > 1 else columns
    headers = [c.source.strip() for c in lay.columns if not c.source.startswith("column ")]
    first = [str(v).strip() for v in lay.data[columns[0]].dropna().unique().tolist()]
    total = next((t for t in [*first, *headers] if _TOTAL.match(t)), None)
    periods = sum(bool(_PERIOD.match(h)) for h in headers)
    header_numbers = [h for h in headers if _is_number(h)]
    no_header = len(headers) >= 2 and len(header_numbers) == len(headers)
    no_header = no_header and not all(_YEAR.match(h) for h in header_numbers)
    pivot_sign = n_cols > 1 and (total is not None or periods * 2 >= max(len(rest), 2))
    if n_rows > NUMBER_ROWS and not pivot_sign and not no_header:
        return None
    cells, numbers, codes, answers = 0, 0, 0, False
    for i in rest:
        counts = lay.data[i].iloc[:SAMPLE_ROWS].dropna().value_counts()
        for value, n in zip(counts.index.tolist(), counts.tolist(), strict=True):
            text = str(value).strip()
            if not text:
                continue
            cells += n
            if _is_number(text):
                numbers += n
                codes += n if _CODE.match(text) else 0
            elif not answers and _is_answer(text):
                answers = True
    numeric = bool(cells) and numbers >= NUMERIC_SHARE * cells and not answers
    coded = numeric and codes >= cells / 2  # answer codes 0..10, as a numeric export writes
    if numeric and pivot_sign and not coded:
        sign = notice("notsurvey_total", total=total) if total else notice("notsurvey_periods")
        raise LayoutError(
            notice("notsurvey_pivot", where=where, rows=n_rows, columns=len(rest), sign=sign)
        )
    if numeric and no_header and not coded:
        raise LayoutError(notice("notsurvey_no_header", where=where, rows=n_rows + 1))
    any_answer = answers or any(_is_answer(v) for v in first)
    if n_rows <= FEW_ROWS and n_cols <= 2 and not any_answer:
        raise LayoutError(notice("notsurvey_list", where=where, rows=n_rows, columns=n_cols))
    if n_rows <= FEW_ROWS and not any_answer:
        return notice("notsurvey_few_rows", rows=n_rows)
    if numeric and (n_rows <= NUMBER_ROWS or pivot_sign or no_header):
        return notice("notsurvey_numbers", rows=n_rows, columns=len(rest))
    return None
