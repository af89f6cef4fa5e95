"""Header layouts of survey exports: which rows are headers, and what each column is.

``detect_layout(raw)`` looks at the first rows of a :class:`~digianalys.ingest.reading.RawSheet`
(every cell as text, header rows included) and returns a :class:`Layout`: the layout name, the
number of header rows, one :class:`Column` per data column and the data cells below the header.

Layouts:

- ``plain``: one header row. Consecutive headers sharing a prefix ("Ledarskap: A",
  "Ledarskap: B") are split into question and sub-item and grouped.
- ``surveymonkey``: row 1 question text, blank (or pandas' "Unnamed: N") across the other
  columns of a matrix / select-all question; row 2 the sub-item or option text, or a marker
  ("Response", "Open-Ended Response", "Svar" …). A leading column with a blank header holding
  0, 1, 2 … (a pandas round trip's index) becomes a row id.
- ``qualtrics``: row 1 export tags (StartDate, Q1, Q4_10 …), row 2 question text (any
  language; "Question - sub-item" or, in 2016 "Insights" exports, "Question-sub-item"),
  row 3 ``{"ImportId": "QID1"}`` (JSON, or Python-dict style in 2016 exports). Columns are
  grouped by their ImportId question (QID4-1, QID4-2 → one group).
- ``google-forms``: one header row starting with "Tidstämpel"/"Timestamp"; grid questions
  "Question [Row]" are split and grouped.
- ``ms-forms``: one header row with ID, Start time/Starttid, Completion time …

Duplicate sources are never merged: the second and later get " [2]", " [3]" … and a note.
A title in the first cell followed by a blank row above the header is skipped, with a note.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from ..errors import LayoutError
from .not_survey import check_survey_shape
from .notices import notice

LAYOUTS = ("plain", "surveymonkey", "qualtrics", "google-forms", "ms-forms")

#: How many rows are looked at to decide the layout.
PEEK_ROWS = 3
#: The most header rows a layout has (Qualtrics: export tag, question, import id).
MAX_HEADER_ROWS = 3

# Row-2 markers SurveyMonkey writes under a question with a single answer column.
_SM_MARKERS = {
    "response",
    "open-ended response",
    "open ended response",
    "svar",
    "öppet svar",
    "öppna svar",
    "fritextsvar",
    "antwort",
    "offene antwort",
    "réponse",
    "respuesta",
}
_GOOGLE_FIRST = {
    "tidstämpel",
    "tidsstämpel",
    "timestamp",
    "zeitstempel",
    "horodateur",
    "marca temporal",
    "tidsstempel",
}
_MS_START = {"start time", "starttid", "starttidpunkt", "startzeit", "heure de début"}
_MS_END = {
    "completion time",
    "slutförandetid",
    "sluttid",
    "tid för slutförande",
    "fertigstellungszeit",
    "heure de fin",
}
_QUALTRICS_META = {
    "startdate",
    "enddate",
    "status",
    "ipaddress",
    "progress",
    "duration (in seconds)",
    "finished",
    "recordeddate",
    "responseid",
    "responseset",
    "recipientlastname",
    "recipientfirstname",
    "recipientemail",
    "externalreference",
    "externaldatareference",
    "locationlatitude",
    "locationlongitude",
    "locationaccuracy",
    "distributionchannel",
    "userlanguage",
}
_IMPORTID_RE = re.compile(r"""^\{\s*["']ImportId["']\s*:\s*["']([^"']*)["']""")
_QID_BASE_RE = re.compile(r"^(QID\d+(?:#\d+)?)")
_UNNAMED_RE = re.compile(r"^Unnamed: \d+(?:_level_\d+)?$")
_WS_RE = re.compile(r"\s+")
# Separators between a question and its sub-item inside one header cell, tried in order.
_SPLIT_SEPS = (": ", " - ", " – ", " — ")


@dataclass
class Column:
    """One data column of an export, described by its header rows."""

    index: int  # position in RawSheet.cells
    source: str  # original header rows joined with ": " (blank/"Unnamed: N" parts skipped)
    question: str  # the question text (parent of a matrix/select-all, else the header)
    subitem: str | None  # sub-item / option text, else None
    label: str  # subitem if present else question
    qid: str | None  # Qualtrics export tag (Q4_10) or ImportId, if any
    group: int | None  # columns of one matrix/select-all question share a group id


@dataclass
class Layout:
    """The header layout of one sheet and the data cells below it."""

    name: str  # plain | surveymonkey | qualtrics | google-forms | ms-forms
    header_rows: int
    columns: list[Column]
    data: pd.DataFrame  # cells below the header rows (text, <NA> blanks), columns = Column.index
    notes: list[str] = field(default_factory=list)
    #: index of a leading row-number column (a pandas round trip's index), if any
    row_id: int | None = None

    def column(self, index: int) -> Column:
        """The Column whose ``index`` is ``index``."""
        for c in self.columns:
            if c.index == index:
                return c
        raise KeyError(index)


# --------------------------------------------------------------------------- helpers
def _clean(value: Any) -> str:
    """Header cell text: '' for blank/NA/"Unnamed: N", whitespace normalised."""
    if value is None or value is pd.NA:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    text = str(value).replace("\ufeff", "").replace("\u00a0", " ")
    text = _WS_RE.sub(" ", text).strip()
    if _UNNAMED_RE.match(text):
        return ""
    return text


def _top_rows(cells: pd.DataFrame, n: int, block: Any = None) -> list[list[str]]:
    """The first ``n`` rows as cleaned header texts ('' for blank; rows past the end blank).

    One conversion of the top block: row access (``iloc[i]``) on a frame of Arrow-backed
    columns costs a few milliseconds a row. ``block``: those rows already converted (an
    object array of at least the first ``n`` rows, or all there are)."""
    if block is None:
        block = cells.iloc[:n].to_numpy(dtype=object, na_value=None)  # type: ignore[arg-type]
    block = block[:n]
    rows = [[_clean(v) for v in row] for row in block]
    return rows + [[""] * cells.shape[1] for _ in range(n - len(rows))]


def _where(raw: Any) -> str:
    """'file.csv' or 'file.xlsx, sheet "X"' for messages."""
    info = getattr(raw, "info", None)
    path = None
    if isinstance(info, dict):
        path = info.get("path")
    path = path or getattr(raw, "path", None)
    name = os.path.basename(str(path)) if path else "the input"
    sheet = getattr(raw, "sheet", None)
    return f'{name}, sheet "{sheet}"' if sheet else name


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _nonblank(row: list[str]) -> list[str]:
    return [v for v in row if v]


# --------------------------------------------------------------------------- detection
def _looks_qualtrics(rows: list[list[str]]) -> int:
    """Header rows of a Qualtrics export (3 with an ImportId row, 2 legacy/label-only), or 0."""
    r0, r1, r2 = rows
    filled = _nonblank(r2)
    if filled and sum(bool(_IMPORTID_RE.match(v)) for v in filled) >= max(1, len(filled) // 2):
        return 3
    meta = sum(v.lower() in _QUALTRICS_META for v in r0)
    if meta >= 3:
        # Tag row + label row (label row holds no dates/numbers under StartDate etc.)
        tags = [i for i, v in enumerate(r0) if v.lower() in ("startdate", "enddate")]
        if tags and all(r1[i] and not r1[i][:1].isdigit() for i in tags):
            return 2
        if not tags and r1 and r1[0] and r1[0] == r0[0]:
            return 2
    return 0


def _looks_surveymonkey(rows: list[list[str]]) -> bool:
    r0, r1 = rows[0], rows[1]
    if any(v.lower() in _SM_MARKERS for v in r1):
        return True
    # continuation cells: blank in row 1 of the header, filled in row 2, after a filled header
    seen_header = False
    cont = 0
    for a, b in zip(r0, r1, strict=True):
        if a:
            seen_header = True
        elif seen_header and b:
            cont += 1
    if cont < 2:
        return False
    texts = _nonblank(r1)
    return sum(not _is_number(v) for v in texts) >= 0.8 * len(texts)


def _sniff(rows: list[list[str]]) -> tuple[str, int]:
    r0 = rows[0]
    first = next((v for v in r0 if v), "")
    q = _looks_qualtrics(rows)
    if q:
        return "qualtrics", q
    if first.lower() in _GOOGLE_FIRST:
        return "google-forms", 1
    low = {v.lower() for v in r0[:8]}
    if "id" in low and low & _MS_START and low & _MS_END:
        return "ms-forms", 1
    if len(rows[1]) and _looks_surveymonkey(rows):
        return "surveymonkey", 2
    return "plain", 1


def detect_layout(raw: Any, layout: str = "auto") -> Layout:
    """Detect the header layout of ``raw`` (a RawSheet) from its first rows, or force one.

    Parameters
    ----------
    raw
        A :class:`~digianalys.ingest.reading.RawSheet`: ``raw.cells`` holds every cell as text
        (<NA> for blank) with integer columns 0..n-1, header rows included.
    layout
        ``"auto"`` or one of :data:`LAYOUTS` to force it.

    Returns
    -------
    Layout
        With ``data`` = the rows below the header (index reset to 0..n-1; fully blank rows
        dropped), columns keyed by the original column positions.

    Raises
    ------
    LayoutError
        Unknown layout name, a sheet without a header row, or a forced layout whose header
        rows the sheet does not have.
    """
    cells: pd.DataFrame = raw.cells
    where = _where(raw)
    if layout not in ("auto", *LAYOUTS):
        raise LayoutError(f"unknown layout '{layout}'; use one of: auto, {', '.join(LAYOUTS)}")
    if cells.shape[0] == 0 or cells.shape[1] == 0:
        raise LayoutError(f"{where}: the sheet is empty; choose another sheet with --sheet")
    notes: list[str] = []
    # The first rows, converted once: slicing a frame of thousands of Arrow-backed columns
    # costs a few hundred microseconds per column and slice.
    n_top = max(PEEK_ROWS, MAX_HEADER_ROWS)
    head = cells.iloc[: MAX_TITLE_ROWS + 1 + n_top].to_numpy(dtype=object, na_value=None)  # type: ignore[arg-type]
    skip = _title_rows(cells, head)
    if skip:
        notes.append(notice("ingest_title_rows", n=skip))
        cells = cells.iloc[skip:].reset_index(drop=True)
    top = _top_rows(cells, n_top, head[skip:])
    rows = top[:PEEK_ROWS]
    if layout == "auto":
        name, header_rows = _sniff(rows)
    else:
        name = layout
        header_rows = {"surveymonkey": 2, "qualtrics": 3}.get(name, 1)
        if name == "qualtrics" and _looks_qualtrics(rows) == 2:
            header_rows = 2
        notes.append(notice("ingest_layout_forced", layout=name))
    if not _nonblank(rows[0]):
        raise LayoutError(
            f"{where}: the first row is blank; the header must be in the first row "
            "(delete the rows above it)"
        )
    if cells.shape[0] < header_rows:
        raise LayoutError(
            f"{where}: has {cells.shape[0]} row(s) but the {name} layout needs {header_rows} "
            "header rows; check --layout"
        )
    builder = {
        "plain": _build_flat,
        "google-forms": _build_flat,
        "ms-forms": _build_flat,
        "surveymonkey": _build_surveymonkey,
        "qualtrics": _build_qualtrics,
    }[name]
    header = top[:header_rows]
    columns, row_id = builder(header, cells, header_rows, name)
    data = cells.iloc[header_rows:]
    missing = data.isna().to_numpy(dtype=bool)  # once, for blank rows and empty columns
    blank: np.ndarray = np.asarray(missing.all(axis=1))
    if blank.any():
        notes.append(notice("ingest_blank_rows", n=int(blank.sum())))
        data = data.loc[~blank]
        missing = missing[~blank]
    # Columns without a header and without any data (spreadsheet padding) are dropped.
    keep: list[Column] = []
    empty = np.asarray(missing.all(axis=0)).tolist()
    empty_cols: dict[Any, bool] = dict(zip(data.columns, empty, strict=True))
    for c in columns:
        if c.source.startswith("column ") and c.question == c.source and empty_cols[c.index]:
            continue
        keep.append(c)
    if len(keep) < len(columns):
        notes.append(notice("ingest_empty_columns", n=len(columns) - len(keep)))
    columns = keep
    if not columns:
        raise LayoutError(f"{where}: no columns with a header or data")
    _dedupe(columns, notes)
    data = data[[c.index for c in columns]].reset_index(drop=True)
    lay = Layout(
        name=name, header_rows=header_rows, columns=columns, data=data, notes=notes, row_id=row_id
    )
    # a workbook that is no survey export: refused, or a warning (not when a layout is forced)
    doubt = check_survey_shape(raw, lay) if layout == "auto" else None
    return lay if doubt is None else replace(lay, notes=[*notes, doubt])


#: How many rows at the top may be skipped as a title block above the header.
MAX_TITLE_ROWS = 10


def _title_rows(cells: pd.DataFrame, head: Any = None) -> int:
    """Rows above the header to skip: a title or note written in the first cell only, then a
    blank row, when the row below fills at least two cells and half of the columns.

    Some tools and hand-made sheets put "Rapport: Enkät 2021" and a blank row above the
    header; reading that as the header would make every column's name wrong."""
    n_cols = cells.shape[1]
    if n_cols < 3 or len(cells) < 2:
        return 0
    if head is None:
        head = cells.iloc[: MAX_TITLE_ROWS + 1].to_numpy(dtype=object, na_value=None)  # type: ignore[arg-type]
    filled = (head[: MAX_TITLE_ROWS + 1] != None).astype(bool)  # noqa: E711 - elementwise
    for i in range(len(filled)):
        n = int(filled[i].sum())
        if n >= 2:
            # a blank row must separate the title from the header: a question written across
            # a merged SurveyMonkey header looks like a title but has its sub-items right below
            if i == 0 or n < max(2, n_cols // 2) or filled[i - 1].any():
                return 0
            return i
        if n == 1 and not filled[i, 0]:
            return 0  # one cell further right: part of a sparse header, not a title
    return 0


def _dedupe(columns: list[Column], notes: list[str]) -> None:
    """Make every source unique: later duplicates get " [2]", " [3]" …; note each."""
    seen: dict[str, int] = {}
    taken = {c.source for c in columns}
    for c in columns:
        key = c.source
        if key not in seen:
            seen[key] = 1
            continue
        n = seen[key]
        while True:
            n += 1
            new = f"{key} [{n}]"
            if new not in taken:
                break
        seen[key] = n
        taken.add(new)
        notes.append(notice("ingest_duplicate_header", header=key, number=c.index + 1, source=new))
        c.source = new


# --------------------------------------------------------------------------- builders
def _flat_split(headers: list[str], name: str) -> list[tuple[str, str | None, int | None]]:
    """Split one-row headers into (question, subitem, group) for runs sharing a prefix."""
    out: list[tuple[str, str | None, int | None]] = [(h, None, None) for h in headers]

    def key(h: str) -> tuple[str, str] | None:
        if name == "google-forms" or h.endswith("]"):
            m = re.match(r"^(.{3,}?)\s*\[(.+)\]$", h)
            if m:
                return m.group(1).strip(), m.group(2).strip()
        for sep in _SPLIT_SEPS:
            pos = h.find(sep)
            if pos >= 3 and h[pos + len(sep) :].strip():
                return h[:pos].strip(), h[pos + len(sep) :].strip()
        if name == "ms-forms":
            pos = h.rfind(".")
            if pos >= 3 and h[pos + 1 :].strip():
                return h[:pos].strip(), h[pos + 1 :].strip()
        return None

    keys = [key(h) if h else None for h in headers]
    group = 0
    i = 0
    while i < len(headers):
        k = keys[i]
        j = i + 1
        if k is not None:
            while j < len(headers) and (kj := keys[j]) is not None and kj[0] == k[0]:
                j += 1
        if k is not None and j - i >= 2:
            group += 1
            for m in range(i, j):
                q, s = keys[m]  # type: ignore[misc]
                out[m] = (q, s, group)
        i = j if j > i + 1 else i + 1
    return out


def _build_flat(
    header: list[list[str]], cells: pd.DataFrame, header_rows: int, name: str
) -> tuple[list[Column], int | None]:
    headers = header[0]
    split = _flat_split(headers, name)
    cols: list[Column] = []
    for i, h in enumerate(headers):
        source = h or f"column {i + 1}"
        q, s, g = split[i] if h else (source, None, None)
        cols.append(Column(i, source, q, s, s if s else q, None, g))
    return cols, None


def _is_index_column(cells: pd.DataFrame, header_rows: int, header: list[list[str]]) -> bool:
    """A leading column with a blank first header cell holding 0/1, 2, 3 … (pandas index)."""
    if header[0][0]:
        return False
    col = cells.iloc[:, 0]
    vals = col.iloc[1:].dropna().astype(str).str.strip()
    if len(vals) == 0 or not vals.str.fullmatch(r"\d+").all():
        return False
    nums = vals.astype(int)
    return bool(nums.is_monotonic_increasing and nums.is_unique)


def _build_surveymonkey(
    header: list[list[str]], cells: pd.DataFrame, header_rows: int, name: str
) -> tuple[list[Column], int | None]:
    r0, r1 = header[0], header[1]
    row_id = 0 if _is_index_column(cells, header_rows, header) else None
    cols: list[Column] = []
    group = 0
    current: str | None = None  # question text carried across a matrix
    current_group: int | None = None
    run_start = 0
    for i, (a, b) in enumerate(zip(r0, r1, strict=True)):
        if i == row_id:
            cols.append(Column(i, "row_id", "row_id", None, "row_id", None, None))
            continue
        sub = None if (not b or b.lower() in _SM_MARKERS) else b
        if a:
            current = a
            current_group = None
            run_start = len(cols)
            question = a
        elif current is not None:
            question = current
            if current_group is None:
                group += 1
                current_group = group
                # the first column of the run joins the group
                for c in cols[run_start:]:
                    c.group = current_group
        else:
            question = sub or f"column {i + 1}"
            sub = None if sub == question else sub
        g = current_group if not a else None
        source = f"{question}: {sub}" if sub else question
        cols.append(Column(i, source, question, sub, sub or question, None, g))
    return cols, row_id


def _split_common(texts: list[str]) -> list[tuple[str, str]] | None:
    """Split texts sharing a 'question<sep>' prefix into (question, subitem) pairs."""
    prefix = os.path.commonprefix(texts)
    for sep in (" - ", "-", ": "):
        pos = prefix.rfind(sep)
        if pos >= 3:
            pairs = [(t[:pos].strip(), t[pos + len(sep) :].strip()) for t in texts]
            if all(s for _, s in pairs):
                return pairs
    return None


def _build_qualtrics(
    header: list[list[str]], cells: pd.DataFrame, header_rows: int, name: str
) -> tuple[list[Column], int | None]:
    tags = header[0]
    texts = header[1] if header_rows >= 2 else tags
    imports = header[2] if header_rows >= 3 else [""] * len(tags)
    import_ids: list[str | None] = []
    for v in imports:
        m = _IMPORTID_RE.match(v)
        import_ids.append(m.group(1) if m else None)
    bases: list[str | None] = []
    for i, tag in enumerate(tags):
        iid = import_ids[i]
        if tag.upper().endswith("TEXT") or (iid or "").upper().endswith("TEXT"):
            bases.append(None)  # free-text "other" entries are not options of the question
            continue
        m = _QID_BASE_RE.match(iid or "")
        if m:
            bases.append(m.group(1))
            continue
        m = re.match(r"^(.+?)_\d+$", tag)  # legacy: Q4_10 → Q4
        bases.append(m.group(1) if (m and not iid) else None)
    members: dict[str, list[int]] = {}
    for i, b in enumerate(bases):
        if b is not None:
            members.setdefault(b, []).append(i)
    cols: list[Column] = []
    split: dict[int, tuple[str, str, int]] = {}
    group = 0
    for idx in members.values():
        if len(idx) < 2:
            continue
        pairs = _split_common([texts[i] or tags[i] for i in idx])
        group += 1
        for k, i in enumerate(idx):
            if pairs is None:
                split[i] = (texts[i] or tags[i], "", group)
            else:
                split[i] = (pairs[k][0], pairs[k][1], group)
    for i, tag in enumerate(tags):
        text = texts[i]
        if i in split:
            q, s, g = split[i]
            sub: str | None = s or None
        else:
            q, sub, g = (text or tag or f"column {i + 1}"), None, None
        parts = [p for p in (tag, text) if p]
        if len(parts) == 2 and parts[0] == parts[1]:
            parts = parts[:1]
        source = ": ".join(parts) or f"column {i + 1}"
        qid = tag or import_ids[i]
        cols.append(Column(i, source, q, sub, sub or q, qid, g))
    return cols, None
