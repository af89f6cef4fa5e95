"""Open answers (``digianalys text``): the free-text answers of a variable, listed for reading.

Free text is masked at ingest (e-mail addresses, phone numbers, personnummer, IP addresses,
URLs with tokens and the names in the row's dropped personal-data columns become "[e-post]",
"[telefon]" …). Listing masks every answer again with the same rules (a dataset ingested with
``--keep-pii``, or by an older version, gets the same protection) and counts what was masked.
Answers are never part of a report unless a step asks for them; the writers keep
formula-like text inert (see :mod:`digianalys.output.formatting`).

With ``by``, answers are listed per group and a group with fewer than ``min_cell`` answers is
left out (its answers could identify the organisation), named in the notes. ``words`` adds a
table of the most frequent words (lower case, Swedish and English function words left out).
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from ..dataset import Dataset, as_dataset
from ..errors import VariableError, unknown_variable
from ..output.i18n import Msg
from ..result import Result
from . import data
from .disclosure import check_min_cell, suppressed_groups

#: Function words left out of the word counts (Swedish and English).
STOPWORDS = frozenset(
    """
    och att det som en på är av för med till den inte har de om ett var jag vi ni så men i
    andra annan annat
    från eller kan ska vara när där här hur vad vilka vilken vilket detta dessa denna
    också mycket mer många man sig sin sina sitt oss er vår våra vårt deras han hon
    bara än då nu inom under efter över mot utan hos vid genom samt även alla allt
    skulle kunde blir bli blev varit finns får fått göra gör gjort ha hade
    the a an and or of to in on for with at by from is are was were be been it this that
    these those we you they he she our their its as not no but if so than then there
    have has had do does did can could would should will about into more most very also
    """.split()
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_PLACEHOLDER_RE = re.compile(r"\[(?:e-post|telefon|personnummer|ip|url|namn)\]")


def words(text: str) -> list[str]:
    """The words of ``text`` in lower case, without placeholders, digits and function words."""
    text = _PLACEHOLDER_RE.sub(" ", text)
    return [w for w in (m.lower() for m in _WORD_RE.findall(text)) if w not in STOPWORDS]


def open_answers(
    ds: Dataset | str,
    variable: str,
    *,
    by: str | None = None,
    min_cell: int = 5,
    word_counts: bool = False,
    top: int = 30,
) -> Result:
    """The non-blank answers of the text variable ``variable``, masked, optionally per group.

    Returns a Result with table ``answers`` (``group`` when ``by``, ``answer``, ``n_words``), in
    group order and then in data order, and with ``word_counts`` a table ``words`` (``word``,
    ``count``, ``answers``: the number of answers using it), the ``top`` most frequent.
    """
    from ..ingest.pii import mask_text

    ds = as_dataset(ds)
    min_cell = check_min_cell(min_cell)
    names = list(ds.data.columns)
    if variable not in names:
        raise unknown_variable(variable, names, "the dataset")
    vtype = ds.vtype(variable)
    if vtype != "text":
        raise VariableError(
            f"variable '{variable}' is {vtype}, not free text; 'text' lists open answers "
            f"(type: text in the codebook); use describe for the other types"
        )
    raw = ds.data[variable].astype("string").str.strip()
    keep = raw.notna() & (raw != "")
    masked_kinds: Counter[str] = Counter()
    answers: list[str] = []
    for value in raw[keep]:
        shown, kinds = mask_text(str(value))
        masked_kinds.update(kinds)
        answers.append(shown)
    table = pd.DataFrame({"answer": answers}, index=raw.index[keep])
    notes: list[str] = []
    if by:
        glabels, order = data.groups(ds, by)
        table.insert(0, "group", glabels[keep].astype(object))
        table = table[table["group"].notna()]
        counts = {g: int((table["group"] == g).sum()) for g in order}
        small, extra = suppressed_groups(counts, min_cell)
        hidden = [g for g in order if g in set(small) | set(extra)]
        if hidden:
            table = table[~table["group"].isin(hidden)]
            notes.append(Msg("text_groups_hidden", groups=", ".join(hidden), min_cell=min_cell))
        rank = {g: i for i, g in enumerate(order)}
        table = table.assign(_rank=table["group"].map(rank)).sort_values("_rank", kind="stable")
        table = table.drop(columns="_rank")
    table["n_words"] = [len(_WORD_RE.findall(_PLACEHOLDER_RE.sub(" ", a))) for a in table["answer"]]
    table = table.reset_index(drop=True)
    tables = {"answers": table}
    if word_counts:
        counts_all: Counter[str] = Counter()
        used_in: Counter[str] = Counter()
        for a in table["answer"]:
            ws = words(a)
            counts_all.update(ws)
            used_in.update(set(ws))
        ranked = sorted(counts_all.items(), key=lambda kv: (-kv[1], kv[0]))[: max(int(top), 0)]
        tables["words"] = pd.DataFrame(
            {
                "word": [w for w, _ in ranked],
                "count": [c for _, c in ranked],
                "answers": [used_in[w] for w, _ in ranked],
            }
        )
    if masked_kinds:
        notes.append(Msg("text_masked", n=sum(masked_kinds.values())))
    notes.append(Msg("text_shown", n=len(table), variable=data.label(ds, variable)))
    return Result(
        kind="text",
        tables=tables,
        title=Msg("text_title", variable=data.label(ds, variable)),
        notes=notes,
        meta={"variable": variable, "by": by, "masked": dict(masked_kinds)},
    )
