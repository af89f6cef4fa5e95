"""Survey-tool metadata columns (Qualtrics' StartDate … ResponseSet, SurveyMonkey's Respondent
and Collector ID, Forms' start and completion times): kept and usable in ``--where``, marked
``metadata: true`` in the codebook so that they are left out of default analyses; Qualtrics
preview and test responses are counted for the report."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .notices import notice

#: Headers of metadata columns (normalised: lower case, letters and digits only, a trailing
#: parenthesis dropped), by survey tool.
METADATA_HEADERS = frozenset(
    {
        # Qualtrics
        "startdate", "enddate", "status", "progress", "duration", "finished", "recordeddate",
        "responseid", "responseset", "distributionchannel", "userlanguage", "qrecaptchascore",
        "qrelevantidduplicate", "qrelevantidduplicatescore", "qrelevantidfraudscore",
        "qrelevantidlaststartdate", "externaldatareference", "externalreference",
        # SurveyMonkey
        "respondentid", "collectorid",  # (Start Date, End Date: as in Qualtrics)
        # Microsoft Forms / Google Forms
        "id", "starttime", "completiontime", "lastmodifiedtime", "timestamp", "tidstampel",
    }
)  # fmt: skip
#: Qualtrics' response types that are no real answer: Survey Preview (1), Survey Test (2),
#: and the spam / preview-spam flags (8, 9).
PREVIEW_STATUS = {"survey preview", "survey test", "1", "2", "8", "9"}


def _normal(header: str) -> str:
    first = str(header).split(":", 1)[0]
    first = re.sub(r"\(.*?\)\s*$", "", first)
    first = first.replace("ä", "a").replace("å", "a").replace("ö", "o")
    return re.sub(r"[^a-z0-9]", "", first.lower())


def is_metadata(source: str | None) -> bool:
    """Whether a column's header is a survey tool's metadata field."""
    return source is not None and _normal(source) in METADATA_HEADERS


def mark_metadata(variables: list[Any]) -> list[str]:
    """Mark the metadata columns among the inferred variables; return their names."""
    marked = []
    for inf in variables:
        var = inf.variable
        if var.type != "multi" and is_metadata(var.source):
            var.metadata = True
            marked.append(var.name)
    return marked


def preview_notice(data: pd.DataFrame, variables: list[Any]) -> Any:
    """A warning counting Qualtrics preview/test responses (Status), or None."""
    for inf in variables:
        var = inf.variable
        if var.metadata and _normal(var.source or "") == "status" and var.name in data:
            values = data[var.name].astype("string").str.strip().str.lower()
            values = values.str.replace(r"\.0$", "", regex=True)
            n = int(values.isin(PREVIEW_STATUS).sum())
            if n:
                return notice("ingest_preview_responses", n=n, column=var.name)
    return None
