"""The message catalogue: every key renders in both languages with the same fields, every key the
code uses exists, and Swedish output of the example carries no English template text."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from digianalys.output.i18n import HEADINGS, MESSAGES, TABLE_NAMES, TEXTS, Msg, tr

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "digianalys"

#: Messages whose Swedish text is deliberately the English one (names, symbols, pure fields).
SAME_IN_BOTH = {
    "_join",  # "{items}"
    "_item",  # "{name}: {text}."
    "measure_hedges_g",  # a name
    "corr_kind_pearson",  # a name
    # numbers and symbols only (report summary, Table 1)
    "sum_group_value",
    "sum_p_below",
    "sum_p_equal",
    "t1_empty",
    "t1_mean_sd",
    "t1_median_iqr",
    "t1_n_key",
    "cell_text",
    "ingest_in_file",
    "term_level_noref",
    "sum_wave_part",
    "t1_n_pct",
    "t1_stat_median",  # "median [Q1–Q3]": the same words in Swedish
    "t1_stat_n_pct",
    "t1_suppressed",
    "t1_with_letters",
}
SAME_TEXTS = {"spearman", "pearson", "kendall", "log"}


def _fields(template: str) -> list[str]:
    return sorted({name for _, name, _, _ in string.Formatter().parse(template) if name})


def _dummy(template: str) -> dict[str, object]:
    return {name: f"<{name}>" for name in _fields(template)}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_renders_in_both_languages(key):
    en, sv = MESSAGES[key]
    assert en.strip() and sv.strip(), f"{key}: a language is missing"
    assert _fields(en) == _fields(sv), f"{key}: placeholders differ: {_fields(en)} vs {_fields(sv)}"
    m = Msg(key, **_dummy(en))
    shown_en, shown_sv = tr(m, "en"), tr(m, "sv")
    assert shown_en == str(m)
    for name in _fields(en):  # every field shows in both
        assert f"<{name}>" in shown_en and f"<{name}>" in shown_sv, (key, name)
    if key not in SAME_IN_BOTH:
        assert shown_sv != shown_en, f"{key}: the Swedish text is the English one"


@pytest.mark.parametrize(
    "catalogue, same", [(TEXTS, SAME_TEXTS), (HEADINGS, None), (TABLE_NAMES, set())]
)
def test_every_label_has_both_languages(catalogue, same):
    for key, (en, sv) in catalogue.items():
        assert en.strip() and sv.strip(), key
        assert _fields(en) == _fields(sv), key
        if same is not None and key not in same:
            assert en != sv, f"{key}: the Swedish text is the English one"


def test_every_message_key_the_code_uses_is_in_the_catalogue():
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(re.findall(r"\bMsg\(\s*\"([a-z0-9_]+)\"", path.read_text(encoding="utf-8")))
    assert len(used) > 50
    assert not used - set(MESSAGES), sorted(used - set(MESSAGES))


# ----------------------------------------------------------------------------- Swedish output
def _english_phrases() -> set[str]:
    """Literal runs of the English templates (between placeholders) with at least two words,
    minus those that also occur in a Swedish template (shared names such as "Kruskal–Wallis")."""
    swedish = " ".join(sv for _, sv in [*MESSAGES.values(), *TEXTS.values()])
    phrases = set()
    for en, _ in [*MESSAGES.values(), *TEXTS.values()]:
        for literal, *_ in string.Formatter().parse(en):
            for part in re.split(r"[;:.()\[\]]", literal):
                part = part.strip(" ,'")
                if len(re.findall(r"[A-Za-z]{2,}", part)) >= 2 and part not in swedish:
                    phrases.add(part)
    return phrases


@pytest.fixture(scope="module")
def swedish_outputs(example_run):
    from digianalys.dataset import load
    from digianalys.output.render import terminal, to_markdown
    from digianalys.stats.compare import compare
    from digianalys.stats.correlation import correlate
    from digianalys.stats.describe import describe
    from digianalys.stats.models import model
    from digianalys.stats.paired import attrition, compare_paired, trend
    from digianalys.stats.population import population
    from digianalys.stats.reliability import scales

    ds = load(example_run / "dataset")
    results = {
        "describe": describe(ds, ["lead_strategy", "framework", "pace", "infra_eid"], by="sector"),
        "compare": compare(ds, "sector", ["lead_strategy", "framework", "pace", "it_cost"]),
        "compare_small": compare(ds, "sector", ["lead_strategy", "framework"], min_cell=60),
        "compare_wave": compare(ds, "wave", ["lead_strategy", "framework", "pace"]),
        "compare_paired": compare_paired(ds, "wave", ["lead_strategy", "framework"], id="org_id"),
        "attrition": attrition(ds, "wave", id="org_id", variables=["leadership", "framework"]),
        "correlate": correlate(ds, "leadership", "pace", control=["employees"]),
        "model": model(ds, "pace ~ leadership + C(sector)"),
        "logit": model(ds, "framework ~ leadership", kind="logit"),
        "scales": scales(ds),
        "trend": trend(ds, ["pace", "framework"], by="sector"),
        "population": population(
            ds,
            ROOT / "data" / "sample" / "population.xlsx",
            strata=["sector"],
            aux=["employees", "county"],
            where="wave == 2021",
        )[0],
    }
    return {
        name: {"terminal": terminal(res, "sv"), "markdown": to_markdown(res, "sv")}
        for name, res in results.items()
    }


def test_swedish_output_of_the_example_has_no_english_template_text(swedish_outputs):
    phrases = _english_phrases()
    assert len(phrases) > 100  # the check has teeth
    for name, shown in swedish_outputs.items():
        for fmt, text in shown.items():
            hits = sorted(p for p in phrases if p in text)
            assert not hits, (name, fmt, hits[:5])
