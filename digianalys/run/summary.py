"""The report's summary ("Sammanfattning"): who answered, then the main findings as sentences.

Built only from the results the report shows, so every number in a sentence is in the table the
sentence links to:

- response: from a population step's ``response`` table, respondents of the population per
  stratum ("statlig: 162 av 230 (70 %)");
- differences: each compare row whose adjusted p is below α, with the groups' summaries, the
  direction the test supports (post-hoc pairs for 3+ groups), the effect word, the effect size
  with its 95 % interval and the adjusted p;
- associations: each correlation whose p is below α (not suppressed), with its sign, ρ/r and
  interval and the effect word;
- what was not shown: the variables compared without a difference shown, in one sentence.

Findings are ordered by effect word (large first), then by p. Sentences are messages (key +
fields) rendered in Swedish or English by the output layer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..output.formatting import CellText, Number
from ..output.i18n import Msg
from ..result import Result

#: The summary lists this many findings (the strongest); the rest are counted.
SUMMARY_FINDINGS = 10
#: Effect words from strongest to weakest (the order of the summary).
WORD_RANK = {"large": 0, "medium": 1, "small": 2, "negligible": 3}


@dataclass(frozen=True)
class Finding:
    """One summary sentence and the report table it comes from."""

    sentence: Msg
    anchor: str
    rank: tuple[int, float] = (9, 1.0)


@dataclass
class Summary:
    """The summary: response sentences, findings (strongest first), and what was not shown."""

    response: list[Finding]
    findings: list[Finding]
    not_shown: list[Finding]

    def sentences(self) -> list[Finding]:
        return [*self.response, *self.findings, *self.not_shown]


def _p(p: float) -> Msg:
    if p < 0.001:
        return Msg("sum_p_below", limit=0.001)
    return Msg("sum_p_equal", p=round(float(p), 3))


def _word(word: object, kind: str = "effect") -> Msg | str:
    """The effect word as an adjective for a difference (kind "effect") or an association
    ("assoc"; Swedish inflects it: liten skillnad, litet samband)."""
    w = str(word)
    return Msg(f"sum_{kind}_{w}") if w in WORD_RANK else w


def _num(x: float, digits: int = 2) -> Number:
    return Number(float(x), digits)


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not (isinstance(x, float) and math.isnan(x))


def _compare(
    anchor: str, res: Result, alpha: float, labels: Mapping[str, str]
) -> tuple[list[Finding], list[str]]:
    main = res.main
    groups = [str(g) for g in res.meta.get("groups", [])]
    shown, quiet = [], []
    records: list[dict[str, Any]] = main.to_dict(orient="records")  # type: ignore[assignment]
    for rec in records:
        p: Any = rec.get("p_adjusted")
        if not _is_number(p):
            continue
        label = labels.get(str(rec.get("variable"))) or rec.get("label") or rec.get("variable")
        if float(p) >= alpha:
            quiet.append(label)
            continue
        values: list[object] = [
            Msg("sum_group_value", group=g, value=CellText(f"summary_{g}", rec[f"summary_{g}"]))
            for g in groups
            if isinstance(rec.get(f"summary_{g}"), str) and rec[f"summary_{g}"] not in ("", "–")
        ]
        direction = rec.get("direction")
        word = rec.get("effect_word")
        if direction and word in WORD_RANK and values:
            size: list[Any] = [rec.get(c) for c in ("effect_size", "conf_low", "conf_high")]
            fields: dict[str, Any] = {}
            if all(_is_number(v) for v in size) and rec.get("effect_measure"):
                fields = {
                    "measure": CellText("effect_measure", rec["effect_measure"]),
                    "size": _num(size[0]),
                    "low": _num(size[1]),
                    "high": _num(size[2]),
                }
            sentence = Msg(
                "sum_difference_size" if fields else "sum_difference",
                variable=label,
                direction=direction,
                values=Msg.joined(values),
                effect=_word(word),
                p=_p(float(p)),
                **fields,
            )
        else:  # e.g. a paired comparison: the table has the details
            sentence = Msg("sum_difference_short", variable=label, by=res.title, p=_p(float(p)))
        rank = (WORD_RANK.get(str(rec.get("effect_word")), 9), float(p))
        shown.append(Finding(sentence, anchor, rank))
    return shown, [str(q) for q in quiet]


def _correlations(
    anchor: str, res: Result, alpha: float, labels: Mapping[str, str]
) -> list[Finding]:
    out = []
    records: list[dict[str, Any]] = res.main.to_dict(orient="records")  # type: ignore[assignment]
    for rec in records:
        p: Any = rec.get("p_value")
        est: Any = rec.get("estimate")
        if not (_is_number(p) and _is_number(est)) or float(p) >= alpha or rec.get("suppressed"):
            continue
        sentence = Msg(
            "sum_positive" if float(est) > 0 else "sum_negative",
            x=labels.get(str(rec["x"]), str(rec["x"])),
            y=labels.get(str(rec["y"]), str(rec["y"])),
            estimate=_num(est),
            low=_num(rec["conf_low"]),
            high=_num(rec["conf_high"]),
            symbol="r" if str(rec.get("method")) == "pearson" else "ρ",
            effect=_word(rec.get("effect_word", ""), "assoc"),
            p=_p(float(p)),
        )
        rank = (WORD_RANK.get(str(rec.get("effect_word")), 9), float(p))
        out.append(Finding(sentence, anchor, rank))
    return out


def _response(anchor: str, res: Result) -> list[Finding]:
    table = res.tables.get("response")
    if table is None or table.empty:
        return []
    parts: list[object] = []
    records: list[dict[str, Any]] = table.to_dict(orient="records")  # type: ignore[assignment]
    for rec in records:
        if not _is_number(rec.get("response_rate")):
            continue
        parts.append(
            Msg(
                "sum_response_part",
                stratum=rec["stratum"],
                respondents=int(rec["respondents"]),
                population=int(rec["population"]),
                percent=round(100 * float(rec["response_rate"])),
            )
        )
    if not parts:
        return []
    return [Finding(Msg("sum_response", parts=Msg.joined(parts)), anchor)]


def build_summary(
    results: Sequence[tuple[str, Result]],
    *,
    alpha: float = 0.05,
    labels: Mapping[str, str] | None = None,
) -> Summary:
    """The summary of the results of a report: ``results`` are (table anchor, Result) pairs in
    report order; ``labels`` maps variable names to their labels (for correlations)."""
    labels = dict(labels or {})
    response: list[Finding] = []
    findings: list[Finding] = []
    not_shown: list[Finding] = []
    for anchor, res in results:
        if res.kind == "population":
            response += _response(anchor, res)
        elif res.kind == "compare":
            shown, quiet = _compare(anchor, res, float(res.meta.get("alpha", alpha)), labels)
            findings += shown
            if quiet:
                by_name = str(res.meta.get("by") or "")
                by = labels.get(by_name, by_name)
                not_shown.append(
                    Finding(
                        Msg("sum_not_shown", by=by, table=res.title, variables=", ".join(quiet)),
                        anchor,
                    )
                )
        elif res.kind == "correlate":
            findings += _correlations(anchor, res, alpha, labels)
    findings.sort(key=lambda f: f.rank)
    return Summary(response, findings, not_shown)


def summary_lines(
    results: Sequence[tuple[str, Result]], ds: Any, lang: str
) -> list[tuple[str, str | None]]:
    """The report's summary as (sentence, anchor of its table) in ``lang``: responses per wave
    when no population step counted them, the :data:`SUMMARY_FINDINGS` strongest findings, the
    number of the others, then what was not shown (report.html and report.docx show the same)."""
    from ..output.i18n import tr
    from ..stats.data import label

    labels: dict[str, str] = {}
    if ds is not None:
        labels = {n: tr(label(ds, n), lang) for n in ds.data.columns}
    summary = build_summary(results, labels=labels)
    lines: list[tuple[str, str | None]] = [
        (f.sentence.tr(lang), f.anchor) for f in summary.response
    ]
    if ds is not None and "wave" in ds.data.columns and not summary.response:
        counts = ds.data["wave"].astype("string").value_counts(sort=False)
        parts = [Msg("sum_wave_part", wave=str(w), n=int(n)) for w, n in counts.items()]
        lines.append((Msg("sum_waves", parts=Msg.joined(parts)).tr(lang), None))
    lines += [(f.sentence.tr(lang), f.anchor) for f in summary.findings[:SUMMARY_FINDINGS]]
    more = len(summary.findings) - SUMMARY_FINDINGS
    if more > 0:
        lines.append((Msg("sum_more", n=more).tr(lang), None))
    lines += [(f.sentence.tr(lang), f.anchor) for f in summary.not_shown]
    return lines


def summary_table(summary: Summary, lang: str = "en") -> pd.DataFrame:
    """The summary as a table (``sentence``, ``table``), e.g. for tables.xlsx."""
    return pd.DataFrame(
        {
            "sentence": [f.sentence.tr(lang) for f in summary.sentences()],
            "table": [f.anchor for f in summary.sentences()],
        }
    )
