"""``report.docx``: the run's report as a Word document, beside report.html (issue 12.5).

Same content and order as report.html: title and description, a data summary (responses per
wave), one section per step — its figure (PNG, 16 cm wide, the figure title as alt text and a
numbered caption) and its tables (numbered captions, real Word tables formatted for reading,
notes as bullets) — then the methods and references. Word's heading styles make the navigation
pane work; an organisation's template (config ``template``) supplies the styles.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..output.word import Block, add_blocks, document_bytes, landscape, new_document, wide


def figure_png(step: Any, ds: Any, lang: str) -> bytes:
    """The step's figure drawn again as PNG (the report's SVG cannot go into Word)."""
    from .registry import draw

    with tempfile.TemporaryDirectory(prefix="digianalys-docx-") as tmp:
        path = draw(ds, step.options, Path(tmp) / "figure.png", lang=lang, caption=None)
        return Path(path).read_bytes()


def report_docx(cfg: Any, ds: Any, outcomes: list[Any], figures: dict[str, bytes]) -> bytes:
    """The report as .docx bytes; ``figures`` maps a plot step's name to its PNG."""
    from ..output.formatting import display_table
    from ..output.i18n import Msg, table_name, tr
    from .html import in_appendix, presented, variable_labels
    from .methods import methods_paragraphs, methods_sentences, references_for
    from .sections import TEXTS, figure_title, shown_tables, step_title
    from .summary import summary_lines

    t = TEXTS[cfg.lang]
    lang = cfg.lang
    blocks: list[Block] = [Block("heading", cfg.title, level=0)]
    if cfg.description:
        blocks.append(Block("paragraph", cfg.description))
    lines = summary_lines(
        [(o.step.name, o.result) for o in outcomes if o.result is not None], ds, lang
    )
    if lines:
        blocks.append(Block("heading", Msg("sum_heading").tr(lang), level=1))
        blocks.append(Block("bullets", items=[text for text, _ in lines]))
    blocks += _data_summary(ds, t)
    blocks.append(Block("heading", t["results"], level=1))
    n_table = n_figure = 0
    appendix: list[tuple[str, Any]] = []
    for o in outcomes:
        blocks.append(Block("heading", step_title(o, t, ds), level=2))
        if o.figure is not None and o.step.name in figures:
            n_figure += 1
            caption = figure_title(o.step, ds, lang)
            blocks.append(Block("figure", image=figures[o.step.name], alt=caption))
            blocks.append(Block("caption", f"{t['figure']} {n_figure}. {caption}"))
        if o.result is not None:
            tables = shown_tables(o.result)
            for i, (name, df) in enumerate(tables.items()):
                n_table += 1
                title = (
                    (o.step.caption or tr(o.result.title, lang))
                    if i == 0
                    else table_name(name, lang)
                )
                blocks.append(Block("caption", f"{t['table']} {n_table}. {title}"))
                shown = presented(df, variable_labels(o.result))
                blocks.append(Block("table", table=display_table(shown, lang)))
                if in_appendix(df):
                    appendix.append(
                        (f"{t['table']} {n_table} ({Msg('appendix_full').tr(lang)}). {title}", df)
                    )
            notes = [tr(n, lang) for n in o.result.notes]
            if notes:
                blocks.append(Block("bullets", items=notes))
    if appendix:  # the full tables are in report.html's appendix and tables.xlsx
        blocks.append(Block("heading", Msg("appendix_heading").tr(lang), level=1))
        listed = "; ".join(caption for caption, _ in appendix)
        blocks.append(Block("paragraph", Msg("appendix_word", tables=listed).tr(lang)))
    sentences = methods_sentences(outcomes)
    blocks.append(Block("heading", t["methods"], level=1))
    for heading, group in methods_paragraphs(outcomes):
        blocks.append(Block("heading", heading.tr(lang), level=2))
        blocks.append(Block("paragraph", " ".join(tr(s, lang) for s in group)))
    refs = references_for(sentences)
    if refs:
        blocks += [Block("heading", t["references"], level=2), Block("bullets", items=refs)]
    doc = new_document(cfg.template)
    if any(b.table is not None and wide(b.table) for b in blocks):
        landscape(doc)
    add_blocks(doc, blocks)
    return document_bytes(doc)


def _data_summary(ds: Any, t: dict[str, str]) -> list[Block]:
    rows = [f"{t['responses']}: {len(ds.data)}"]
    if "wave" in ds.data.columns:
        counts = ds.data["wave"].value_counts(sort=False)
        rows += [f"{w}: {int(n)}" for w, n in sorted(counts.items(), key=lambda kv: str(kv[0]))]
    return [Block("heading", t["data"], level=1), Block("bullets", items=rows)]
