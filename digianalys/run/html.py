"""report.html: the self-contained page (inline CSS, inline SVG or data-URI PNG, no network):
title, contents, the data section, one section per step with its figure, tables and notes,
then the methods and references."""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .. import __version__
from ..errors import OutputError
from ..output.i18n import Msg, tr
from ..result import Result
from .config import Config
from .methods import methods_paragraphs, methods_sentences, references_for
from .sections import TEXTS, figure_title, shown_tables, step_title
from .steps import StepOutcome

#: Tables with more rows than this are folded (<details>) in report.html.
LONG_TABLE_ROWS = 60
#: Notes lists longer than this are folded (<details>) in report.html.
LONG_NOTES = 8


def _count(x: Any, lang: str) -> str:
    from ..output.formatting import format_count

    return format_count(x, lang)


#: Technical columns: in the appendix (and tables.xlsx, tables/*.csv), not in the main text.
TECHNICAL_COLUMNS = ("statistic", "df", "df1", "df2", "std_error", "mean_se", "type")
#: Columns of code names (variable, model term, scale, item) shown as their labels instead.
CODE_COLUMNS = ("variable", "term", "scale", "item")
#: Of those, the ones that put a table in the appendix (type and code names are not missed).
APPENDIX_COLUMNS = ("statistic", "df", "df1", "df2", "std_error", "mean_se")


def in_appendix(df: pd.DataFrame) -> bool:
    """Whether the main text leaves out test statistics, df or standard errors of ``df``."""
    return any(c in df.columns for c in APPENDIX_COLUMNS)


_OPTION = re.compile(r"(--[a-z][a-z-]*)")


def keep_options(escaped: str) -> str:
    """Command-line options in a note kept on one line (a line break after "--" would read as
    a dash)."""
    return _OPTION.sub(r'<span class="nw">\1</span>', escaped)


def variable_labels(result: Result) -> dict[str, Any]:
    """variable → label: the result's own ``labels`` (correlate, model) and the tables of
    ``result`` that have both columns (compare's main table, for its post-hoc table)."""
    out: dict[str, Any] = {str(k): v for k, v in (result.meta.get("labels") or {}).items()}
    for df in result.tables.values():
        if "variable" in df.columns and "label" in df.columns:
            out.update(zip(df["variable"].astype(str), df["label"], strict=True))
    return out


def presented(df: pd.DataFrame, labels: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """A table as the main report shows it: without the technical columns (and without code
    names where labels are beside them or given in ``labels``: variable → label)."""
    if labels and "variable" in df.columns and "label" not in df.columns:
        shown = [labels.get(str(v), v) for v in df["variable"]]
        df = df.copy()
        df.insert(list(df.columns).index("variable") + 1, "label", shown)
    if labels and {"x", "y"} <= set(df.columns):  # correlations: the variables as labels
        df = df.copy()
        for c in ("x", "y"):
            df[c] = [labels.get(str(v), v) for v in df[c]]
        if "controls" in df.columns:
            df["controls"] = [
                ", ".join(str(labels.get(p.strip(), p.strip())) for p in str(v).split(","))
                if isinstance(v, str) and v
                else v
                for v in df["controls"]
            ]
    drop = [c for c in TECHNICAL_COLUMNS if c in df.columns]
    if "label" in df.columns:  # code names beside their labels (the appendix keeps them)
        drop += [c for c in CODE_COLUMNS if c in df.columns]
    # a model's formula and reference levels: the methods text and the term labels say them
    drop += [c for c in ("formula", "reference_levels") if c in df.columns]
    return df.drop(columns=drop)


def appendix_html(outcomes: list[StepOutcome], lang: str) -> str:
    """The appendix: every table whose main-text version left technical columns out, in full
    (folded), with the number it has in the main text."""
    from ..output.i18n import table_name
    from ..output.render import html_table

    t = TEXTS[lang]
    parts = []
    number = 0
    for o in outcomes:
        if o.result is None:
            continue
        title = tr(o.result.title, lang) or o.step.caption or table_name(o.result.kind, lang)
        for i, (name, df) in enumerate(shown_tables(o.result).items()):
            number += 1
            if not in_appendix(df):
                continue
            label = title if i == 0 else f"{title} – {table_name(name, lang)}"
            caption = f"{t['table']} {number} ({Msg('appendix_full').tr(lang)}). {label}"
            table = f'<div class="tw">{html_table(df, lang, caption)}</div>'
            parts.append(f"<details><summary>{html.escape(caption)}</summary>{table}</details>")
    if not parts:
        return ""
    head = html.escape(Msg("appendix_heading").tr(lang))
    return f'<section id="appendix"><h2>{head}</h2>{"".join(parts)}</section>'


def result_html(result: Result, lang: str, first_caption: str | None, number: int) -> str:
    """Every table of a result (display-formatted by render.html_table) with numbered captions,
    then its notes and suppressed cells. Tables longer than LONG_TABLE_ROWS rows are folded in a
    <details> element (open it to read; no script needed), and so are long lists of notes."""
    from ..output.formatting import suppressed_cells
    from ..output.i18n import table_name
    from ..output.render import html_table

    t = TEXTS[lang]
    parts = []
    title = tr(result.title, lang) or first_caption or table_name(result.kind, lang)
    for i, (name, df) in enumerate(shown_tables(result).items()):
        label = title if i == 0 else f"{title} – {table_name(name, lang)}"
        caption = f"{t['table']} {number + i}. {label}"
        shown = presented(df, variable_labels(result))
        table = f'<div class="tw">{html_table(shown, lang, caption)}</div>'
        if len(df) > LONG_TABLE_ROWS:
            rows = t["rows"].format(n=len(df))
            table = (
                f"<details><summary>{html.escape(caption)} ({html.escape(rows)})</summary>"
                f"{table}</details>"
            )
        parts.append(table)
    notes = [tr(n, lang) for n in result.notes] + suppressed_cells(result.tables, lang)
    if notes:
        items = "".join(f"<li>{keep_options(html.escape(n))}</li>" for n in notes)
        head = html.escape(t["notes"])
        if len(notes) > LONG_NOTES:
            count = html.escape(t["count_notes"].format(n=len(notes)))
            parts.append(
                f'<details class="notes"><summary>{head} ({count})</summary><ul>{items}</ul>'
                "</details>"
            )
        else:
            parts.append(f'<div class="notes">{head}:<ul>{items}</ul></div>')
    return "\n".join(parts)


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def accessible_svg(svg: str, prefix: str, title: str, desc: str) -> str:
    """The root ``<svg>`` gets ``role="img"`` and ``aria-labelledby`` pointing to a ``<title>``
    and a ``<desc>`` inserted as its first children (text escaped)."""
    m = re.search(r"<svg\b[^>]*>", svg)
    if m is None:
        return svg
    tag = m.group(0)
    ids = f"{prefix}title {prefix}desc"
    opened = tag[:-1].rstrip("/") + f' role="img" aria-labelledby="{ids}">'
    inner = (
        f'<title id="{prefix}title">{html.escape(title)}</title>'
        f'<desc id="{prefix}desc">{html.escape(desc)}</desc>'
    )
    return svg[: m.start()] + opened + inner + svg[m.end() :]


def inline_svg(text: str, prefix: str) -> str:
    """An SVG file's markup ready to inline in HTML: no XML prolog/DOCTYPE/metadata, and every
    id (and reference to it) prefixed so that several figures do not clash."""
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text, flags=re.S)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    ids = set(_SVG_ID.findall(text))
    if ids:
        text = _SVG_ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', text)
        text = re.sub(
            r"url\(#([^)]+)\)",
            lambda m: f"url(#{prefix}{m.group(1)})" if m.group(1) in ids else m.group(0),
            text,
        )
        text = re.sub(
            r'((?:xlink:)?href)="#([^"]+)"',
            lambda m: f'{m.group(1)}="#{prefix}{m.group(2)}"' if m.group(2) in ids else m.group(0),
            text,
        )
    return text.strip()


def figure_html(path: Path, prefix: str, alt: str, desc: str | None = None) -> str:
    """A figure file as embeddable markup: inline SVG (with ``role="img"``, a ``<title>`` and a
    ``<desc>`` for screen readers), or PNG as a data URI with alt text."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return accessible_svg(
            inline_svg(path.read_text(encoding="utf-8"), prefix), prefix, alt, desc or alt
        )
    if suffix == ".png":
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'
    raise OutputError(f"{path}: figures in report.html must be .svg or .png")


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;
color:#1b1b1b;background:#fff;line-height:1.45}
main{max-width:90rem;margin:0 auto;padding:1.5rem 2rem 3rem}
h1{font-size:1.8rem;margin:.5rem 0 1rem;border-bottom:3px solid #0b5394;padding-bottom:.4rem}
h2{font-size:1.35rem;margin-top:2.2rem;color:#0b3d6e}
h3{font-size:1.1rem;margin-top:1.6rem}
.tw{overflow-x:auto;margin:.6rem 0}
table{border-collapse:collapse;font-size:.86rem;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;font-style:italic;padding:.2rem 0 .4rem}
th,td{border-bottom:1px solid #d0d7de;padding:.25rem .55rem;text-align:left;vertical-align:top}
th{background:#eef3f8;border-bottom:2px solid #8aa4bf}
td.num{text-align:right;white-space:nowrap}
th.num{text-align:right}
td.nw,span.nw{white-space:nowrap}
tbody tr:nth-child(even){background:#f8fafc}
figure{margin:1rem 0 1.6rem}
figure svg,figure img{width:min(100%,52rem);max-width:100%;height:auto;display:block}
figcaption{font-style:italic;margin-top:.3rem}
details{margin:.6rem 0}
summary{cursor:pointer;font-style:italic}
.notes{font-size:.85rem;color:#444}
.warn{color:#7a4100}
nav ol{columns:2;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1.2rem}
dt{font-weight:600}
dd{margin:0}
footer{margin-top:3rem;font-size:.8rem;color:#666}
@page{size:A4 landscape;margin:12mm 10mm}
@media print{
main{max-width:none;padding:0}
.tw{overflow:visible}
table{font-size:6.5pt;width:100%}
th,td{padding:.08rem .2rem;overflow-wrap:break-word;hyphens:auto}
th{overflow-wrap:anywhere}
td.num,td.nw{white-space:normal}
tr{break-inside:avoid}
caption,h2,h3{break-after:avoid}
figure{break-before:page;break-inside:avoid}
details::details-content{content-visibility:visible;display:contents}
details>summary{list-style:none}
nav{break-after:page}
}
""".strip()


def summary_html(cfg: Config, ds: Any, outcomes: list[StepOutcome]) -> str:
    """The summary section ("Sammanfattning", :func:`.summary.summary_lines`), each sentence
    linking to the section of its table; "" when there is nothing to say."""
    from .summary import summary_lines

    results = [(_anchor(o.step.name), o.result) for o in outcomes if o.result is not None]
    items = []
    for text, anchor in summary_lines(results, ds, cfg.lang):
        link = ""
        if anchor:
            link = f' <a href="#{anchor}">({html.escape(Msg("sum_link").tr(cfg.lang))})</a>'
        items.append(f"<li>{html.escape(text)}{link}</li>")
    if not items:
        return ""
    head = html.escape(Msg("sum_heading").tr(cfg.lang))
    return f'<section id="summary"><h2>{head}</h2><ul>{"".join(items)}</ul></section>'


def build_html(cfg: Config, ds, outcomes: list[StepOutcome]) -> str:
    """The self-contained report.html text."""
    t = TEXTS[cfg.lang]
    esc = html.escape
    body: list[str] = [f"<h1>{esc(cfg.title)}</h1>"]
    if cfg.description:
        body.append(f"<p>{esc(cfg.description)}</p>")
    summary = summary_html(cfg, ds, outcomes)
    toc = (
        [f'<li><a href="#summary">{esc(Msg("sum_heading").tr(cfg.lang))}</a></li>']
        if summary
        else []
    )
    toc += [f'<li><a href="#data">{esc(t["data"])}</a></li>']
    toc += [
        f'<li><a href="#{_anchor(o.step.name)}">{esc(step_title(o, t, ds))}</a></li>'
        for o in outcomes
    ]
    appendix = appendix_html(outcomes, cfg.lang)
    if appendix:
        toc.append(f'<li><a href="#appendix">{esc(Msg("appendix_heading").tr(cfg.lang))}</a></li>')
    toc.append(f'<li><a href="#methods">{esc(t["methods"])}</a></li>')
    body.append(f"<nav><h2>{esc(t['contents'])}</h2><ol>{''.join(toc)}</ol></nav>")
    if summary:
        body.append(summary)
    body.append(data_summary_html(cfg, ds, t))
    body.append(f"<h2>{esc(t['results'])}</h2>")
    n_table = n_figure = 0
    for o in outcomes:
        body.append(f'<section id="{_anchor(o.step.name)}"><h3>{esc(step_title(o, t, ds))}</h3>')
        if o.figure is not None:
            n_figure += 1
            caption = figure_title(o.step, ds, cfg.lang)
            body.append(
                f'<figure id="figure-{n_figure}">'
                + figure_html(
                    o.figure, f"f{n_figure}-", caption, _figure_desc(o, caption, cfg.lang)
                )
                + f"<figcaption>{esc(t['figure'])} {n_figure}. {esc(caption)}</figcaption>"
                + "</figure>"
            )
        if o.result is not None:
            body.append(result_html(o.result, cfg.lang, o.step.caption, n_table + 1))
            n_table += len(shown_tables(o.result))
        body.append("</section>")
    if appendix:
        body.append(appendix)
    sentences = methods_sentences(outcomes)
    body.append(f'<section id="methods"><h2>{esc(t["methods"])}</h2>')
    for heading, group in methods_paragraphs(outcomes):
        shown = " ".join(_sentence(tr(s, cfg.lang)) for s in group)
        body.append(f"<h3>{esc(heading.tr(cfg.lang))}</h3><p>{esc(shown)}</p>")
    refs = references_for(sentences)
    if refs:
        items = "".join(f"<li>{esc(r)}</li>" for r in refs)
        body.append(f'<h3>{esc(t["references"])}</h3><ul class="refs">{items}</ul>')
    body.append("</section>")
    body.append(f"<footer>{esc(t['generated'])} {esc(__version__)}</footer>")
    return (
        f'<!DOCTYPE html>\n<html lang="{cfg.lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(cfg.title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _figure_desc(o: StepOutcome, title: str, lang: str) -> str:
    """What a figure shows, in words, for screen readers: its title, the step's caption and,
    for a population step, the response rates."""
    from ..output.i18n import display_text

    parts = [title]
    if o.step.caption and o.step.caption != title:
        parts.append(o.step.caption)
    if o.result is not None and "response" in o.result.tables:
        t = o.result.tables["response"]
        parts.append(
            "; ".join(
                f"{display_text('stratum', r['stratum'], lang)}: "
                f"{r['respondents']}/{r['population']} ({100 * r['response_rate']:.0f} %)"
                for r in t.to_dict("records")
            )
        )
    return ". ".join(parts)


def _anchor(name: str) -> str:
    return "step-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def _sentence(s: str) -> str:
    s = s.strip()
    return s if s.endswith((".", "!", "?")) else s + "."


# --------------------------------------------------------------------------- data summary
def data_summary_html(cfg: Config, ds, t: dict[str, str]) -> str:
    """The data section: inputs, rows, duplicates, dropped personal-data headers, don't-know
    counts, unrecognised-value counts and ingest warnings (never answers themselves)."""
    esc = html.escape
    rep: dict[str, Any] = ds.report if isinstance(getattr(ds, "report", None), dict) else {}
    parts = [f'<section id="data"><h2>{esc(t["data"])}</h2>']
    inputs = rep.get("inputs") or []
    if isinstance(inputs, list) and inputs:
        rows = []
        for i in inputs:
            if not isinstance(i, dict):
                continue
            rows.append(
                {
                    t["file"]: Path(str(i.get("path") or i.get("file") or "")).name,
                    t["wave"]: i.get("wave"),
                    t["sheet"]: i.get("sheet"),
                    t["layout"]: i.get("layout"),
                    t["header_rows"]: i.get("header_rows"),
                    t["rows_in"]: i.get("rows_in"),
                    t["rows_out"]: i.get("rows_out"),
                }
            )
        frame = pd.DataFrame(rows).dropna(axis=1, how="all")
        parts.append(_plain_table(frame, cfg.lang, t["inputs"]))
    elif cfg.dataset is not None:
        parts.append(f"<p>{esc(t['dataset_given'])}: {esc(cfg.dataset.name)}</p>")
    facts = [
        (t["responses"], _count(len(ds.data), cfg.lang)),
        (t["variables"], _count(int(ds.data.shape[1]), cfg.lang)),
    ]
    dup = rep.get("duplicates_dropped")
    if isinstance(dup, dict):
        dup = sum(v for v in dup.values() if isinstance(v, (int, float)))
    if isinstance(dup, (int, float)):
        facts.append((t["duplicates"], _count(int(dup), cfg.lang)))
    pii = _pii_headers(rep.get("pii_dropped"))
    facts.append((t["pii"], ", ".join(pii) if pii else t["none"]))
    parts.append(
        "<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{esc(str(v))}</dd>" for k, v in facts) + "</dl>"
    )
    missing = _missing_rows(rep.get("missing"), ds)
    if missing:
        from ..output.i18n import display_text

        missing = [
            (_shown_label(ds, v, cfg.lang), display_text("reason", r, cfg.lang), c)
            for v, r, c in missing
        ]
        frame = pd.DataFrame(missing, columns=[t["variable"], t["answer"], t["count"]])
        parts.append(_plain_table(frame, cfg.lang, t["dontknow"]))
    unrec = _count_by_variable(rep.get("unrecognised") or rep.get("unrecognised_values"))
    if unrec:
        unrec = [(_shown_label(ds, v, cfg.lang), c) for v, c in unrec]
        frame = pd.DataFrame(unrec, columns=[t["variable"], t["count"]])
        parts.append(_plain_table(frame, cfg.lang, t["unrecognised"]))
    warnings = rep.get("warnings") or []
    if isinstance(warnings, list) and warnings:
        items = "".join(
            f'<li class="warn">{esc(_warning_text(w, cfg.lang))}</li>' for w in warnings
        )
        parts.append(f"<h3>{esc(t['warnings'])}</h3><ul>{items}</ul>")
    parts.append("</section>")
    return "".join(parts)


def _plain_table(df: pd.DataFrame, lang: str, caption: str) -> str:
    """Like html_table but the headings are already display text."""
    cols = list(df.columns)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
    rows = []
    for row in df.itertuples(index=False, name=None):
        cells = []
        for v in row:
            numeric = isinstance(v, (int, float)) and not isinstance(v, bool)
            text = _count(v, lang) if numeric else ("–" if v is None else str(v))
            cells.append(f"<td{' class=num' if numeric else ''}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="tw"><table><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _pii_headers(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, dict):
        return [str(k) for k in value]
    out = []
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, dict):
            out.append(str(v.get("header") or v.get("source") or v.get("column") or v.get("name")))
        else:
            out.append(str(v))
    return out


def _missing_rows(value: Any, ds) -> list[tuple[str, str, int]]:
    """(variable, don't-know label, count) from the ingest report, or from the codebook."""
    rows: list[tuple[str, str, int]] = []
    if isinstance(value, dict):
        for var, reasons in value.items():
            if isinstance(reasons, dict):
                rows += [(str(var), str(r), int(c)) for r, c in reasons.items() if _is_count(c)]
            elif _is_count(reasons):
                rows.append((str(var), "", int(reasons)))
    elif isinstance(value, list):
        for r in value:
            if isinstance(r, dict) and _is_count(r.get("count")):
                rows.append(
                    (
                        str(r.get("variable") or r.get("name") or ""),
                        str(r.get("reason") or r.get("label") or ""),
                        int(r["count"]),
                    )
                )
    if not rows:
        for var in getattr(ds.codebook, "variables", []):
            for label, count in (getattr(var, "missing", None) or {}).items():
                if _is_count(count):
                    rows.append((var.name, str(label), int(count)))
    # blanks (skipped questions) are not don't-know answers
    return [r for r in rows if r[2] > 0 and r[1].lower() not in ("blank", "")]


def _count_by_variable(value: Any) -> list[tuple[str, int]]:
    """Counts of unrecognised values per variable; the values themselves are never shown."""
    out: list[tuple[str, int]] = []
    if isinstance(value, dict):
        for var, v in value.items():
            if isinstance(v, dict):
                out.append((str(var), int(sum(c for c in v.values() if _is_count(c)))))
            elif isinstance(v, list):
                out.append((str(var), len(v)))
            elif _is_count(v):
                out.append((str(var), int(v)))
    elif isinstance(value, list):
        counts: dict[str, int] = {}
        for r in value:
            if isinstance(r, dict):
                var = str(r.get("variable") or r.get("column") or r.get("name") or "")
                c = r.get("count", 1)
                counts[var] = counts.get(var, 0) + (int(c) if _is_count(c) else 1)
        out = sorted(counts.items())
    return [r for r in out if r[1] > 0]


def _shown_label(ds: Any, name: str, lang: str) -> str:
    """A variable as a reader knows it: its codebook label (a select-all option with its
    question), else the name."""
    from ..stats.data import label

    if ds is None or not hasattr(ds, "codebook") or ds.codebook.get(name) is None:
        return name
    var = ds.codebook.get(name)
    text = tr(label(ds, name), lang)
    question = getattr(var, "question", None)
    return f"{question}: {text}" if var.type == "multi" and question else text


def _is_count(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not math.isnan(float(v))


def _warning_text(w: Any, lang: str = "en") -> str:
    """An ingest warning as shown in the report: a stored message in ``lang``, older plain
    text as it is."""
    from ..ingest.notices import from_json

    return tr(from_json(w), lang)
