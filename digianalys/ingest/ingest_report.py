"""The ingest report: what was read and what was changed, as ``ingest-report.json`` (a dict)
and ``ingest-report.md`` (:func:`report_markdown`, rendered from the same dict).

Text from the input file (headers, sheet names, values) is made safe for a terminal
(:func:`strip_controls`) and for Markdown (:func:`md_escape`) where it is shown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..codebook import Codebook
from ..output.i18n import Msg
from .notices import from_json, to_json

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .combine import Part

__all__ = [
    "MAX_UNRECOGNISED_SHOWN",
    "sha256_file",
    "hash_inputs",
    "build_report",
    "report_markdown",
    "report_json",
    "load_warnings",
    "strip_controls",
    "md_escape",
]

#: At most this many distinct unrecognised values are listed per variable in the report.
MAX_UNRECOGNISED_SHOWN = 20


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in chunks (ingest-report.json and the run manifest)."""
    from ..output.outdir import sha256_file as digest

    return digest(path)


def hash_inputs(paths: list[Path]) -> dict[Path, str]:
    """SHA-256 of each readable input (a file that cannot be read is reported by the reader)."""
    hashes = {}
    for p in paths:
        try:
            hashes[p] = sha256_file(p)
        except OSError:
            continue
    return hashes


def _missing_and_unrecognised(
    log: dict[str, Any], cb: Codebook, kept_pii: dict[str, str], show_values: bool = True
) -> tuple[dict[str, dict[str, int]], list[dict[str, Any]]]:
    """Missing values per variable by reason, and values no code was found for (from the
    cleaning log). Unrecognised value texts are left out for personal-data columns kept with
    --keep-pii, for id/text columns, and when the codebook was inferred (``show_values``
    False): then they are the stray answers of a scale column, reported by count and row in
    the warnings, as a stray answer may be something a respondent wrote about themselves."""
    missing: dict[str, dict[str, int]] = {}
    unrec: list[dict[str, Any]] = []
    for v in cb.variables:
        entry = log["variables"].get(v.name)
        if entry is None:
            continue
        missing[v.name] = {str(k): int(n) for k, n in entry.get("missing", {}).items()}
        bad = entry.get("unrecognised") or {}
        if bad:
            total = entry.get("n_unrecognised")
            count = int(total) if total is not None else int(sum(bad.values()))
            item: dict[str, Any] = {"variable": v.name, "count": count}
            if show_values and v.source not in kept_pii and v.type not in ("id", "text"):
                top = sorted(bad.items(), key=lambda kv: (-kv[1], kv[0]))
                item["values"] = {str(k): int(n) for k, n in top[:MAX_UNRECOGNISED_SHOWN]}
            unrec.append(item)
    return missing, unrec


def _recoded(cb: Codebook) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for v in cb.variables:
        if v.type in ("ordinal", "binary") and v.values:
            out.append(
                {
                    "variable": v.name,
                    "type": v.type,
                    "scale": v.scale,
                    "values": {str(k): lab for k, lab in sorted(v.values.items())},
                }
            )
        elif v.type == "categorical" and v.levels:
            merged = {k: s for k, s in v.levels.items() if s != [k]}
            if merged:
                out.append({"variable": v.name, "type": v.type, "scale": None, "values": merged})
        elif v.type == "multi":
            out.append(
                {
                    "variable": v.name,
                    "type": v.type,
                    "scale": None,
                    "values": {"1": v.option or v.label, "0": "not chosen"},
                }
            )
    return out


def build_report(
    parts: list[Part],
    data: pd.DataFrame,
    cb: Codebook,
    log: dict[str, Any],
    pii_report: list[dict[str, Any]],
    warnings: list[Msg],
    kept_pii: dict[str, str],
    hashes: dict[Path, str],
    show_unrecognised: bool = True,
) -> dict[str, Any]:
    from .. import __version__

    inputs = []
    for part in parts:
        raw = part.raw
        inputs.append(
            {
                # the file name only: an absolute path names the user (home directory)
                "path": part.path.name,
                "sha256": hashes.get(part.path) or sha256_file(part.path),
                "format": getattr(raw, "format", None),
                "sheet": getattr(raw, "sheet", None),
                "layout": part.layout.name,
                "header_rows": part.layout.header_rows,
                "rows_in": part.rows_in,
                "rows_out": part.rows_in - part.duplicates,
                "duplicates_dropped": part.duplicates,
                "wave": part.wave,
                "notes": list(part.layout.notes),
                "read": {k: v for k, v in getattr(raw, "info", {}).items() if _jsonable(v)},
            }
        )
    missing, unrec = _missing_and_unrecognised(log, cb, kept_pii, show_unrecognised)
    return {
        "digianalys_version": __version__,
        "inputs": inputs,
        "rows": int(len(data)),
        "duplicates_dropped": sum(p.duplicates for p in parts),
        "pii_dropped": pii_report,
        "columns": [{"name": v.name, "type": v.type, "source": v.source} for v in cb.variables]
        + [{"name": s, "type": "scale", "source": None} for s in cb.scales],
        "recoded": _recoded(cb),
        "missing": missing,
        "unrecognised": unrec,
        "warnings": list(warnings),
    }


def _jsonable(v: Any) -> bool:
    try:
        json.dumps(v)
    except (TypeError, ValueError):
        return False
    return True


# ANSI/OSC/DCS escape sequences (ESC or their C1 forms), then any remaining C0/C1 control.
_ESCAPE_SEQ = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI … final byte
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\\\|\x9c|$)"  # OSC/DCS/PM/APC…ST
    r"|\x1b[@-Z\\-_]?",
    re.DOTALL,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`\[\]|])")  # links/images need [ ], code spans `


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences (ANSI CSI, OSC, DCS …) and with every other
    C0/C1 control character (newlines and tabs included) replaced by a space."""
    return _CONTROL.sub(" ", _ESCAPE_SEQ.sub("", text))


def md_escape(text: Any) -> str:
    """Text from the input file, safe in a Markdown table cell: no control characters or
    escape sequences, HTML tags shown as text (&lt;script&gt;), and the Markdown syntax of
    links, images, code spans and table cells ([ ] ` |) backslash-escaped, so nothing becomes
    a link, an image or markup."""
    t = strip_controls(str(text))
    t = t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", t)


def report_markdown(report: dict[str, Any]) -> str:
    """The ingest report as Markdown (the same content as ingest-report.json)."""
    L = ["# Ingest report", ""]
    L += ["## Inputs", ""]
    L += [
        "| file | sha256 | format | sheet | layout | header rows | rows in | rows out | wave |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i in report["inputs"]:
        L.append(
            "| "
            + " | ".join(
                md_escape(x if x is not None else "")
                for x in (
                    i["path"],
                    i["sha256"][:12] + "…",
                    i["format"],
                    i["sheet"],
                    i["layout"],
                    i["header_rows"],
                    i["rows_in"],
                    i["rows_out"],
                    i["wave"],
                )
            )
            + " |"
        )
    notes = [f"{i['path']}: {n}" for i in report["inputs"] for n in i["notes"]]
    notes += [f"{i['path']}: {_read_note(i.get('read') or {})}" for i in report["inputs"]]
    if notes:
        L += [""] + [f"- {md_escape(n)}" for n in notes]
    L += ["", f"Responses in the dataset: {report['rows']}.", ""]
    L += [
        "## Duplicates",
        "",
        f"Exact duplicate responses dropped: {report['duplicates_dropped']}.",
        "",
    ]
    L += ["## Personal data dropped", ""]
    if report["pii_dropped"]:
        L += ["| column | file | position | reason |", "|---|---|---|---|"]
        L += [
            f"| {md_escape(p['header'])} | {md_escape(p['input'])} | {p['column']} "
            f"| {md_escape(p['reason'])} |"
            for p in report["pii_dropped"]
        ]
    else:
        L.append("None.")
    L += ["", "## Personal data masked in kept columns", ""]
    if report.get("pii_masked"):
        L += ["| column | position | cells |", "|---|---|---|"]
        L += [
            f"| {md_escape(p['header'])} | {p['column']} | {p['cells']} |"
            for p in report["pii_masked"]
        ]
        L += [
            "",
            "Free-text answers keep their text with the personal data replaced by [e-post], "
            "[telefon], [personnummer], [ip], [url] or [namn]; in other columns these cells are "
            "missing.",
        ]
    else:
        L.append("None.")
    L += ["", "## Recoded", ""]
    if report["recoded"]:
        L += ["| variable | type | scale | values |", "|---|---|---|---|"]
        for r in report["recoded"]:
            vals = "; ".join(
                f"{k} = {', '.join(v) if isinstance(v, list) else v}"
                for k, v in r["values"].items()
            )
            L.append(
                f"| {md_escape(r['variable'])} | {r['type']} | {md_escape(r['scale'] or '')} | {md_escape(vals)} |"
            )
    else:
        L.append("Nothing recoded.")
    L += ["", "## Missing values", ""]
    rows = [
        (name, reason, n)
        for name, reasons in report["missing"].items()
        for reason, n in reasons.items()
        if n
    ]
    if rows:
        L += ["| variable | reason | count |", "|---|---|---|"]
        L += [f"| {md_escape(name)} | {md_escape(reason)} | {n} |" for name, reason, n in rows]
    else:
        L.append("No missing values.")
    L += ["", "## Unrecognised values", ""]
    if report["unrecognised"]:
        L += ["| variable | count | values |", "|---|---|---|"]
        for u in report["unrecognised"]:
            vals = "; ".join(f"{k} ({n})" for k, n in u.get("values", {}).items())
            L.append(
                f"| {md_escape(u['variable'])} | {u['count']} | {md_escape(vals or '(not shown)')} |"
            )
    else:
        L.append("None.")
    L += ["", "## Warnings", ""]
    L += [f"- {md_escape(w)}" for w in report["warnings"]] or ["None."]
    return "\n".join(L) + "\n"


def _read_note(read: dict[str, Any]) -> str:
    """How an input was read, for the Markdown report (encoding, delimiter, decimal mark,
    sheet choice, blank rows/columns skipped)."""
    parts = []
    if read.get("encoding"):
        parts.append(f"encoding {read['encoding']}")
    if read.get("delimiter"):
        parts.append(f"delimiter {read['delimiter']!r}")
    if read.get("decimal"):
        parts.append(f"decimal mark {read['decimal']!r}")
    if read.get("sheet_choice"):
        parts.append(f"sheet chosen: {read['sheet_choice']}")
    for key, text in (
        ("blank_rows_above", "blank row(s) above the header skipped"),
        ("blank_rows_dropped", "blank row(s) at the end dropped"),
        ("blank_columns_dropped", "blank column(s) at the end dropped"),
    ):
        if read.get(key):
            parts.append(f"{read[key]} {text}")
    return "read: " + "; ".join(parts) if parts else "read as is"


def report_json(report: dict[str, Any]) -> str:
    """The text of ``ingest-report.json``: the report with each warning stored as
    ``{"key": …, "fields": {…}, "text": "<English>"}`` (see :mod:`digianalys.ingest.notices`)."""
    stored = dict(report)
    stored["warnings"] = [to_json(w) for w in report.get("warnings") or []]
    stored["inputs"] = [
        {**i, "notes": [to_json(n) for n in i.get("notes") or []]} if isinstance(i, dict) else i
        for i in report.get("inputs") or []
    ]
    return json.dumps(stored, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def load_warnings(report: dict[str, Any]) -> list[Msg | str]:
    """The warnings of an ingest report (as read from ``ingest-report.json``, or as
    :func:`~digianalys.ingest.pipeline.ingest` returned it) as messages, to be shown with
    ``tr(lang)``; a warning stored as plain text (an older report) stays that text."""
    items = report.get("warnings") or []
    if not isinstance(items, list):
        return []
    return [from_json(w) for w in items]
