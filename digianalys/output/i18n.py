"""Swedish and English display texts: column headings, table names, figure texts, numbers.

Result tables keep the contract's snake_case column names; this module only decides how a
name is *shown* (``heading``), how fixed figure texts read (``text``) and how a number is
written (``decimal``: a comma in Swedish).
"""

from __future__ import annotations

import functools
import re
import string

from ..errors import OutputError
from .messages_ingest import INGEST_CATALOGUE

LANGS = ("en", "sv")

#: Column headings: contract name → (English, Swedish).
HEADINGS: dict[str, tuple[str, str]] = {
    "variable": ("Variable", "Variabel"),
    "label": ("Question", "Fråga"),
    "type": ("Type", "Typ"),
    "test": ("Test", "Test"),
    "n": ("n", "n"),
    "statistic": ("Statistic", "Testvärde"),
    "df": ("df", "df"),
    "df1": ("df1", "df1"),
    "df2": ("df2", "df2"),
    "p_value": ("p", "p-värde"),
    "p_adjusted": ("Adjusted p", "Justerat p"),
    "effect_size": ("Effect size", "Effektstorlek"),
    "effect_measure": ("Effect measure", "Effektmått"),
    "effect_word": ("Effect", "Effekt"),
    "mean_se": ("SE of mean", "Medelvärdets medelfel"),
    "mean_low": ("Mean CI lower", "Medel KI nedre"),
    "mean_high": ("Mean CI upper", "Medel KI övre"),
    "est_count": ("Estimated number in population", "Skattat antal i populationen"),
    "est_count_low": ("Number CI lower", "Antal KI nedre"),
    "est_count_high": ("Number CI upper", "Antal KI övre"),
    "conf_low": ("CI lower", "KI nedre"),
    "conf_high": ("CI upper", "KI övre"),
    "direction": ("Direction", "Riktning"),
    "estimate": ("Estimate", "Skattning"),
    "std_error": ("Std. error", "Medelfel"),
    "term": ("Term", "Term"),
    "method": ("Method", "Metod"),
    "x": ("X", "X"),
    "y": ("Y", "Y"),
    "group": ("Group", "Grupp"),
    "group1": ("Group 1", "Grupp 1"),
    "group2": ("Group 2", "Grupp 2"),
    "controls": ("Controlled for", "Kontroll för"),
    "scale": ("Scale", "Skala"),
    "item": ("Item", "Variabel"),
    "items": ("Items", "Frågor"),
    "n_items": ("Items", "Antal frågor"),
    "alpha": ("Cronbach's α", "Cronbachs α"),
    "omega": ("McDonald's ω", "McDonalds ω"),
    "alpha_if_deleted": ("α if deleted", "α om borttagen"),
    "item_rest_r": ("Item-rest r", "Item–rest r"),
    "item_rest_correlation": ("Item-rest r", "Item–rest r"),
    "mean": ("Mean", "Medelvärde"),
    "sd": ("SD", "Std.avv."),
    "se": ("SE", "Medelfel"),
    "median": ("Median", "Median"),
    "min": ("Min", "Min"),
    "max": ("Max", "Max"),
    "q1": ("Q1", "Q1"),
    "q3": ("Q3", "Q3"),
    "iqr": ("IQR", "Kvartilavstånd"),
    "missing": ("Missing", "Saknas"),
    "n_missing": ("Missing", "Saknas"),
    "dont_know": ("Don't know", "Vet ej"),
    "level": ("Answer", "Svar"),
    "value": ("Value", "Värde"),
    "count": ("Count", "Antal"),
    "percent": ("Percent", "Procent"),
    "share": ("Share", "Andel"),
    "summary": ("Summary", "Sammanfattning"),
    "suppressed": ("Suppressed", "Undertryckt"),
    "r_squared": ("R²", "R²"),
    "adj_r_squared": ("Adjusted R²", "Justerat R²"),
    "pseudo_r_squared": ("Pseudo R²", "Pseudo-R²"),
    "aic": ("AIC", "AIC"),
    "bic": ("BIC", "BIC"),
    "log_likelihood": ("Log-likelihood", "Log-likelihood"),
    "kind": ("Model", "Modell"),
    "robust": ("Standard errors", "Medelfel"),
    "standardized": ("Standardised", "Standardiserad"),
    "wave": ("Wave", "Omgång"),
    "weights": ("Weights", "Vikter"),
    "warning": ("Warning", "Varning"),
    "note": ("Note", "Anmärkning"),
    "reference": ("Reference", "Referens"),
    "std_estimate": ("Standardised estimate", "Standardiserad skattning"),
    "odds_ratio": ("Odds ratio", "Oddskvot"),
    "or_conf_low": ("OR CI lower", "OR KI nedre"),
    "or_conf_high": ("OR CI upper", "OR KI övre"),
    "share_of": ("Share of", "Andel avser"),
    "formula": ("Formula", "Formel"),
    "df_model": ("Model df", "Modellens df"),
    "df_resid": ("Residual df", "Residualens df"),
    "cov_type": ("Standard errors", "Medelfel"),
    "n_clusters": ("Clusters", "Kluster"),
    "reference_levels": ("Reference levels", "Referenskategorier"),
    "n_scored": ("n scored", "n med skalvärde"),
    "reversed": ("Reversed", "Omvänd"),
    "stratum": ("Stratum", "Stratum"),
    "population": ("Population", "Population"),
    "respondents": ("Respondents", "Svarande"),
    "response_rate": ("Response rate", "Svarsandel"),
    "population_value": ("Population", "Populationen"),
    "respondents_value": ("Respondents", "Svarande"),
    "difference": ("Difference", "Skillnad"),
    "std_difference": ("Standardised difference", "Standardiserad skillnad"),
    "weighting": ("Weighting", "Viktning"),
    "total": ("Total", "Summa"),
    "deff": ("Design effect", "Designeffekt"),
    "effective_n": ("Effective n", "Effektivt n"),
}

#: Table names (md/html/tex captions; xlsx sheet names keep the table name itself).
TABLE_NAMES: dict[str, tuple[str, str]] = {
    "describe": ("Descriptive statistics", "Beskrivande statistik"),
    "compare": ("Group comparison", "Gruppjämförelse"),
    "posthoc": ("Pairwise comparisons (post hoc)", "Parvisa jämförelser (post hoc)"),
    "correlate": ("Correlations", "Korrelationer"),
    "correlation": ("Correlations", "Korrelationer"),
    "coefficients": ("Model coefficients", "Modellkoefficienter"),
    "fit": ("Model fit", "Modellanpassning"),
    "scales": ("Scales", "Skalor"),
    "items": ("Items", "Frågor"),
    "frequencies": ("Frequencies", "Frekvenser"),
    "correlations": ("Correlations", "Korrelationer"),
    "notes": ("Notes", "Anteckningar"),
    "trend": ("Trend", "Utveckling"),
    "response": ("Response by stratum", "Svarsfrekvens per stratum"),
    "nonresponse": ("Respondents against the population", "Svarande jämfört med populationen"),
    "weights": ("Weights", "Vikter"),
}

#: Fixed texts of tables and figures: key → (English, Swedish).
TEXTS: dict[str, tuple[str, str]] = {
    "notes": ("Notes", "Anteckningar"),
    "methods": ("Methods", "Metod"),
    "title": ("Title", "Titel"),
    "suppressed_cells": ("Suppressed cells", "Undertryckta celler"),
    "suppressed_row": (
        "{table}: values shown as '–' (minimum cell size) for {row}",
        "{table}: värden som visas som '–' (minsta cellstorlek) för {row}",
    ),
    "yes": ("yes", "ja"),
    "no": ("no", "nej"),
    "all": ("All", "Alla"),
    "dont_know": ("Don't know", "Vet ej"),
    "missing_incl_dk": ("No answer / don't know", "Ej svar / vet ej"),
    "share_agree": ("Share agreeing", "Andel som instämmer"),
    "share_yes": ("Share answering yes", "Andel som svarat ja"),
    "share_top2": ("Share answering {answers}", "Andel som svarat {answers}"),
    "percent_of_answers": ("Percent of answers", "Procent av svaren"),
    "percent": ("Percent", "Procent"),
    "mean": ("Mean", "Medelvärde"),
    "share": ("Share", "Andel"),
    "wave": ("Wave", "Omgång"),
    "ci95": ("95 % CI", "95 % KI"),
    "wilson_ci": ("Error bars: Wilson 95 % CI.", "Felstaplar: Wilsons 95 % KI."),
    "mean_ci": ("Error bars: 95 % CI (t).", "Felstaplar: 95 % KI (t)."),
    "fitted_ols": ("Line: OLS fit with 95 % CI.", "Linje: OLS-anpassning med 95 % KI."),
    "jittered": ("Points jittered.", "Punkterna är spridda slumpmässigt (jitter)."),
    "dropped_groups": (
        "Not shown (fewer than {min_cell} responses): {groups}.",
        "Visas inte (färre än {min_cell} svar): {groups}.",
    ),
    "dropped_complement": (
        "Also not shown, so that a smaller group cannot be recovered from the totals: {groups}.",
        "Visas inte heller, så att en mindre grupp inte kan räknas fram ur totalerna: {groups}.",
    ),
    "likert_small_cells": (
        "–: an answer was given by fewer than {min_cell} responses, so the bar is not shown.",
        "–: något svar gavs av färre än {min_cell} personer, så stapeln visas inte.",
    ),
    "dropped_cells": (
        "Cells based on fewer than {min_cell} responses are not shown.",
        "Celler med färre än {min_cell} svar visas inte.",
    ),
    "correlation_matrix": ("Correlation matrix ({method})", "Korrelationsmatris ({method})"),
    "coefficients_title": ("Model coefficients (95 % CI)", "Modellkoefficienter (95 % KI)"),
    "estimate": ("Estimate", "Skattning"),
    "odds_ratio": ("Odds ratio (log scale)", "Oddskvot (logaritmisk skala)"),
    "dk_beside": (
        "Right: share answering don't know.",
        "Till höger: andel som svarat vet ej.",
    ),
    "missing_beside": (
        "Right: share with no answer (incl. don't know) in the group.",
        "Till höger: andel utan svar (inkl. vet ej) i gruppen.",
    ),
    "neutral_centred": ("Neutral answer centred.", "Neutralt svar centrerat."),
    "other_scales": (
        "Not shown (other answer scale; plot them separately): {items}.",
        "Visas inte (annan svarsskala; rita dem i ett eget diagram): {items}.",
    ),
    "p_adj": ("adj. p", "just. p"),
    "spearman": ("Spearman", "Spearman"),
    "pearson": ("Pearson", "Pearson"),
    "kendall": ("Kendall", "Kendall"),
    "log": ("log", "log"),
    "reference": ("reference", "referens"),
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is supported, else raise OutputError."""
    if lang not in LANGS:
        raise OutputError(f"unknown language '{lang}'; use one of: {', '.join(LANGS)}")
    return lang


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "sv" else pair[0]


def heading(column: str, lang: str = "en") -> str:
    """Display heading of a result column (``p_adjusted`` → "Adjusted p" / "Justerat p").

    Per-group columns ``n_<group>`` and ``summary_<group>`` become "n <group>" and "<group>";
    unknown names are shown with spaces for underscores and a capital first letter.
    """
    column = str(column)
    if column in HEADINGS:
        return _pick(HEADINGS[column], lang)
    if column.startswith("n_") and len(column) > 2:
        return f"n {column[2:]}"
    if column.startswith("summary_") and len(column) > 8:
        return column[8:]
    text = column.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else column


def table_name(name: str, lang: str = "en") -> str:
    """Readable name of a result table (caption)."""
    if name in TABLE_NAMES:
        return _pick(TABLE_NAMES[name], lang)
    text = str(name).replace("_", " ")
    return text[:1].upper() + text[1:]


def text(key: str, lang: str = "en", **fields: object) -> str:
    """A fixed display text in ``lang``, with ``{fields}`` filled in."""
    template = _pick(TEXTS[key], lang)
    return template.format(**fields) if fields else template


def decimal(s: str, lang: str = "en") -> str:
    """Use a decimal comma in Swedish: ``decimal("0.25", "sv") == "0,25"``."""
    return s.replace(".", ",") if lang == "sv" else s


# ====================================================================== translatable messages
class Msg(str):
    """A display text that can also be shown in Swedish.

    Its ``str`` value is the English text (so CSV, JSON and ``==`` see plain English), and
    :func:`tr` renders it in another language from ``MESSAGES[key]`` with the same fields. Field
    values may themselves be :class:`Msg` (translated too) or lists of them (joined with "; ").
    Statistics functions put these in ``Result.title``, ``notes``, ``methods`` and in text cells
    such as ``warning``; renderers translate at display time.
    """

    key: str
    fields: dict[str, object]

    def __new__(cls, key: str, **fields: object) -> Msg:
        if key not in MESSAGES:
            raise KeyError(f"no message '{key}' in i18n.MESSAGES")
        obj = super().__new__(cls, _render(key, "en", fields))
        obj.key = key
        obj.fields = fields
        return obj

    def __reduce__(self):  # pickle/copy keep the key and fields
        return (_make_msg, (self.key, self.fields))

    def tr(self, lang: str) -> str:
        """The text in ``lang``."""
        return _render(self.key, lang, self.fields)

    @classmethod
    def join(cls, items: list[object]) -> Msg:
        """Several texts joined with "; " (each translated)."""
        return cls("_join", items=list(items))


def _make_msg(key: str, fields: dict[str, object]) -> Msg:
    return Msg(key, **fields)


def tr(value: object, lang: str = "en") -> str:
    """Display text of ``value`` in ``lang``: a :class:`Msg` is translated, anything else is
    ``str(value)``."""
    if isinstance(value, Msg):
        return value.tr(lang)
    return str(value)


def _field(value: object, lang: str) -> str:
    if isinstance(value, Msg):
        return value.tr(lang)
    if isinstance(value, list | tuple):
        return "; ".join(_field(v, lang) for v in value)
    if isinstance(value, float):
        return decimal(f"{value:g}", lang)
    return str(value)


def _render(key: str, lang: str, fields: dict[str, object]) -> str:
    template = _pick(MESSAGES[key], lang)
    return template.format(**{k: _field(v, lang) for k, v in fields.items()})


#: Cell values shown differently in Swedish (display only; CSV/JSON keep the English value),
#: by column: column → {English value: Swedish value}.
VALUES: dict[str, dict[str, str]] = {
    "measure": {"mean": "medelvärde", "share": "andel (%)"},
    "type": {
        "ordinal": "ordinal",
        "binary": "binär",
        "categorical": "kategorisk",
        "numeric": "numerisk",
        "multi": "flerval",
        "text": "fritext",
        "datetime": "datum",
        "id": "id",
    },
    "test": {
        "Welch t": "Welchs t",
        "Welch ANOVA": "Welchs ANOVA",
        "Pearson χ²": "Pearsons χ²",
        "Fisher exact": "Fishers exakta test",
        "weighted Wald F": "viktat Wald F",
    },
    "effect_measure": {
        "rank-biserial r": "rangbiserial r",
        "Cramér's V": "Cramérs V",
        "Cramér's V (weighted)": "Cramérs V (viktad)",
        "η² (weighted)": "η² (viktad)",
    },
    "effect_word": {
        "negligible": "försumbar",
        "small": "liten",
        "medium": "medelstor",
        "large": "stor",
    },
    "method": {"spearman": "Spearman", "pearson": "Pearson", "kendall": "Kendall"},
    "kind": {"ols": "OLS", "logit": "logit", "ordinal": "ordinal logit"},
    "cov_type": {"nonrobust": "klassiska", "cluster": "klusterrobusta"},
    "label": {"Wave": "Omgång"},
    "reason": {
        "no option ticked": "inget alternativ markerat",
        "blank": "tomt",
    },
}


def display_text(column: str, value: object, lang: str = "en") -> str:
    """A text cell of ``column`` for reading in ``lang``.

    Result tables hold plain English strings (pandas stores text columns as strings, so a
    :class:`Msg` put in a cell arrives here as its English text). In Swedish the cell is looked
    up in :data:`VALUES` for its column, else matched against the English templates of
    :data:`CELL_MESSAGES` (whole, or part by part between "; ") and rendered in Swedish.
    """
    shown = tr(value, lang)
    if lang == "en" or not shown:
        return shown
    fixed = VALUES.get(str(column), {})
    if shown in fixed:
        return fixed[shown]
    for key, pattern in _column_patterns(str(column)):
        m = pattern.fullmatch(shown)
        if m:
            return _pick(MESSAGES[key], lang).format(**m.groupdict())
    whole = _from_english(shown, lang)
    if whole is not None:
        return whole
    parts = shown.split("; ")
    if len(parts) > 1:
        return "; ".join(p if (t := _from_english(p, lang)) is None else t for p in parts)
    return shown


def _from_english(s: str, lang: str) -> str | None:
    """``s`` rendered in ``lang`` if it is the English text of a cell message, else None."""
    for key, pattern in _cell_patterns():
        m = pattern.fullmatch(s)
        if m:
            return _pick(MESSAGES[key], lang).format(**m.groupdict())
    return None


@functools.cache
def _cell_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(key, _pattern(MESSAGES[key][0])) for key in CELL_MESSAGES]


@functools.cache
def _column_patterns(column: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(key, _pattern(MESSAGES[key][0])) for key in COLUMN_MESSAGES.get(column, ())]


def _pattern(english: str) -> re.Pattern[str]:
    """A regex matching the English text of a template, one named group per field."""
    regex = ""
    for literal, name, _spec, _conv in string.Formatter().parse(english):
        regex += re.escape(literal)
        if name is not None:
            regex += f"(?P<{name}>.+?)"
    return re.compile(regex)


#: Messages that appear inside table cells (translated back from their English text).
CELL_MESSAGES = (
    "warn_few_pairs",
    "warn_no_change",
    "warn_paired_categorical_waves",
    "population_total",
    "share_of_codes",
    "share_of_code",
    "summary_ordinal",
    "summary_categorical",
    "summary_weighted_share",
    "warn_group_suppressed",
    "warn_groups_suppressed",
    "warn_groups_complementary",
    "warn_no_responses",
    "warn_too_few_groups",
    "warn_no_variation_within",
    "warn_no_variation",
    "warn_one_answer",
    "warn_sparse",
    "warn_weighted_not_tested",
)

#: Messages translated back only in one column (their English text is too common a phrase to
#: match in every cell, e.g. a question label containing "higher than"): column → keys.
COLUMN_MESSAGES: dict[str, tuple[str, ...]] = {
    "direction": (
        "direction_higher",
        "direction_none",
        "direction_not_shown",
        "direction_not_shown_overall",
        "direction_differs",
        "direction_no_pair",
    ),
    "share_of": ("share_of_codes_labelled", "share_of_code_labelled", "share_of_ticked"),
}

#: Titles, notes, methods sentences and text cells of results: key → (English, Swedish).
MESSAGES: dict[str, tuple[str, str]] = {
    "_join": ("{items}", "{items}"),
    "_item": ("{name}: {text}.", "{name}: {text}."),
    "wave_label": ("Wave", "Omgång"),
    # ------------------------------------------------------------------ describe
    "describe_title": ("Descriptive statistics", "Beskrivande statistik"),
    "describe_title_by": ("Descriptive statistics by {by}", "Beskrivande statistik per {by}"),
    "share_of_codes": ("codes {codes}", "kod {codes}"),
    "share_of_code": ("code {code}", "kod {code}"),
    "share_of_codes_labelled": ("codes {codes} ({labels})", "kod {codes} ({labels})"),
    "share_of_code_labelled": ("code {code} ({label})", "kod {code} ({label})"),
    "share_of_ticked": ("ticked", "markerat"),
    "describe_suppressed_rows": (
        "Fewer than {min_cell} responses, shown as '–': {rows}.",
        "Färre än {min_cell} svar, visas som '–': {rows}.",
    ),
    "describe_complementary": (
        "Also suppressed so that a smaller group cannot be recovered by subtracting the shown "
        "groups from the whole-sample figures (the suppressed groups together hold at least "
        "{min_cell} responses): {rows}.",
        "Undertrycks också så att en mindre grupp inte kan räknas fram genom att dra de visade "
        "grupperna från siffrorna för hela urvalet (de undertryckta grupperna har tillsammans "
        "minst {min_cell} svar): {rows}.",
    ),
    "describe_freq_suppressed": (
        "Frequency cells with fewer than {min_cell} responses are shown as '–'.",
        "Frekvensceller med färre än {min_cell} svar visas som '–'.",
    ),
    "describe_freq_secondary": (
        "Frequency cells with fewer than {min_cell} responses are shown as '–', together with "
        "the next-smallest cell of the same group or answer so that they cannot be recovered "
        "from totals.",
        "Frekvensceller med färre än {min_cell} svar visas som '–', liksom den näst minsta "
        "cellen i samma grupp eller för samma svar, så att de inte kan räknas fram ur summorna.",
    ),
    "describe_share_suppressed": (
        "Shares are left empty where they would reveal a frequency cell with fewer than "
        "{min_cell} responses.",
        "Andelar lämnas tomma där de skulle avslöja en frekvenscell med färre än {min_cell} svar.",
    ),
    "describe_dont_know_by": (
        "Don't-know answers are counted in 'missing'; their number is known only for the whole "
        "dataset (see describe without --by or the ingest report).",
        "Vet ej-svar räknas in i 'Saknas'; deras antal är bara känt för hela datamängden (se "
        "describe utan --by eller inläsningsrapporten).",
    ),
    "describe_methods": (
        "Quartiles use linear interpolation between order statistics; shares (agreeing = the top "
        "two answer codes, yes, or ticked) have 95 % Wilson confidence intervals.",
        "Kvartilerna beräknades med linjär interpolation mellan ordningsstatistikor; andelarna "
        "(instämmer = de två högsta svarskoderna, ja eller markerat) har 95 % Wilson-"
        "konfidensintervall.",
    ),
    "describe_methods_mean_ci": (
        "Means have standard errors and 95 % confidence intervals from the t distribution with "
        "n − 1 degrees of freedom (weighted: the linearisation standard error of R's svymean).",
        "Medelvärdena har medelfel och 95 % konfidensintervall från t-fördelningen med n − 1 "
        "frihetsgrader (viktat: det linjäriserade medelfelet som i R:s svymean).",
    ),
    "describe_methods_finite": (
        "Finite-population inference: the respondents are organisations from a known population "
        "of {population} (design.yaml from 'digianalys population'), so means, shares and their "
        "intervals describe the organisations that exist — stratified by {strata} with the "
        "finite-population correction (a stratum answered in full adds no uncertainty) and "
        "weighting '{weighting}', by Taylor linearisation as R survey's svydesign(strata, fpc) "
        "with svymean and svyciprop (logit interval); deff is the design effect against simple "
        "random sampling and est_count the estimated number of organisations in the population "
        "with the share's interval. Use --inference model to treat the respondents as a sample "
        "from an infinite population instead.",
        "Inferens för ändlig population: de svarande är organisationer ur en känd population om "
        "{population} (design.yaml från 'digianalys population'), så medelvärden, andelar och "
        "deras intervall beskriver de organisationer som finns — stratifierat efter {strata} med "
        "ändlighetskorrektion (ett stratum där alla svarat tillför ingen osäkerhet) och viktning "
        "'{weighting}', med Taylorlinjärisering som R survey:s svydesign(strata, fpc) med svymean "
        "och svyciprop (logitintervall); designeffekten jämför med ett obundet slumpmässigt urval "
        "och skattat antal är antalet organisationer i populationen med andelens intervall. "
        "Använd --inference model för att i stället se de svarande som ett urval ur en oändlig "
        "population.",
    ),
    "describe_methods_weights": (
        "Estimates are weighted by '{weights}' (weights-only design): weighted means, SDs (with "
        "the n/(n − 1) factor of R's svyvar), quantiles by R survey's rule hf7 (type 7 when all "
        "weights are equal), and share intervals on the logit scale with the linearisation "
        "standard error, as R's svyciprop (Wilson on Kish's effective n for a share of 0 or 1); "
        "counts are unweighted.",
        "Skattningarna är viktade med '{weights}' (design med enbart vikter): viktade "
        "medelvärden, standardavvikelser (med faktorn n/(n − 1) som i R:s svyvar), kvantiler "
        "enligt R survey:s regel hf7 (typ 7 när alla vikter är lika) och intervall för andelar "
        "på logitskalan med det linjäriserade medelfelet, som R:s svyciprop (Wilson utifrån "
        "Kishs effektiva n för en andel på 0 eller 1); antalen är oviktade.",
    ),
    "describe_methods_min_cell": (
        "Summaries based on fewer than {min_cell} responses were suppressed (no n, min or "
        "max), with complementary suppression in frequency tables; so that no such group can "
        "be recovered by subtracting the shown groups from the whole-sample figures, the "
        "next-smallest groups were suppressed too until the suppressed groups were at least "
        "two and held at least {min_cell} responses together.",
        "Sammanfattningar som bygger på färre än {min_cell} svar undertrycktes (inget n, "
        "min eller max), med kompletterande undertryckning i frekvenstabellerna; för att ingen "
        "sådan grupp ska kunna räknas fram genom att dra de visade grupperna från siffrorna för "
        "hela urvalet undertrycktes också de näst minsta grupperna tills de undertryckta "
        "grupperna var minst två och tillsammans hade minst {min_cell} svar.",
    ),
    # ------------------------------------------------------------------ compare
    "compare_title": ("Comparison by {by}", "Jämförelse per {by}"),
    "summary_ordinal": (
        "{median} [{q1}–{q3}]; mean {mean}",
        "{median} [{q1}–{q3}]; medel {mean}",
    ),
    "summary_categorical": (
        "{level} {share} (most common of {k})",
        "{level} {share} (vanligast av {k})",
    ),
    "summary_weighted_share": (
        "{percent} % (n = {n}, weighted)",
        "{percent} % (n = {n}, viktat)",
    ),
    "warn_group_suppressed": (
        "group {groups} suppressed (fewer than {min_cell} responses)",
        "gruppen {groups} undertryckt (färre än {min_cell} svar)",
    ),
    "warn_groups_suppressed": (
        "groups {groups} suppressed (fewer than {min_cell} responses)",
        "grupperna {groups} undertryckta (färre än {min_cell} svar)",
    ),
    "warn_groups_complementary": (
        "{groups} also suppressed so that a smaller group cannot be recovered from the totals",
        "{groups} också undertryckt så att en mindre grupp inte kan räknas fram ur totalerna",
    ),
    "warn_no_responses": ("no responses in {groups}", "inga svar i {groups}"),
    "warn_too_few_groups": (
        "fewer than two groups with at least {n} responses, not tested",
        "färre än två grupper med minst {n} svar, inte testad",
    ),
    "warn_no_variation_within": (
        "too few cases or no variation within groups, not tested",
        "för få svar eller ingen variation inom grupperna, inte testad",
    ),
    "warn_no_variation": ("no variation, not tested", "ingen variation, inte testad"),
    "warn_one_answer": (
        "no variation (only one answer given), not tested",
        "ingen variation (bara ett svar förekommer), inte testad",
    ),
    "warn_sparse": (
        "more than 20 % of expected counts below 5, so χ² may be inaccurate",
        "mer än 20 % av de förväntade antalen är under 5, så χ² kan vara missvisande",
    ),
    "warn_weighted_not_tested": (
        "too few cases or no variation, not tested",
        "för få svar eller ingen variation, inte testad",
    ),
    "direction_higher": ("{higher} higher than {lower}", "{higher} högre än {lower}"),
    "direction_none": ("no difference", "ingen skillnad"),
    "direction_not_shown": ("no difference shown", "ingen skillnad påvisad"),
    "direction_not_shown_overall": (
        "no difference shown (overall test not significant)",
        "ingen skillnad påvisad (det samlade testet inte signifikant)",
    ),
    "direction_differs": ("the groups differ", "grupperna skiljer sig åt"),
    "direction_no_pair": (
        "the groups differ; no single pair shown to differ",
        "grupperna skiljer sig åt; inget enskilt par påvisat",
    ),
    "compare_direction": (
        "The column 'direction' names a higher group only when the adjusted p-value is below "
        "{alpha} (for three or more groups: from the post-hoc pairs with adjusted p below "
        "{alpha}, 'a > b, c' meaning a higher than b and c); otherwise it says that no "
        "difference was shown.",
        "Kolumnen 'Riktning' anger en högre grupp bara när det justerade p-värdet är under "
        "{alpha} (för tre eller fler grupper: utifrån post hoc-paren med justerat p under "
        "{alpha}, 'a > b, c' betyder a högre än b och c); annars anges att ingen skillnad "
        "påvisades.",
    ),
    "compare_effect_words": (
        "Effect sizes are described in words (negligible, small, medium, large): {rules}.",
        "Effektstorlekarna beskrivs i ord (försumbar, liten, medelstor, stor): {rules}.",
    ),
    "effect_words_d": (
        "Hedges g at 0.2, 0.5 and 0.8 (Cohen 1988)",
        "Hedges g vid 0,2, 0,5 och 0,8 (Cohen 1988)",
    ),
    "effect_words_v": (
        "Cramér's V at 0.1, 0.3 and 0.5 divided by √(min(rows, columns) − 1) (Cohen 1988)",
        "Cramérs V vid 0,1, 0,3 och 0,5 delat med √(min(rader, kolumner) − 1) (Cohen 1988)",
    ),
    "effect_words_eta2": (
        "ε², ω² and η² at 0.01, 0.06 and 0.14 (Cohen's 1988 conventions for η², as Tomczak & "
        "Tomczak 2014 recommend for ε²)",
        "ε², ω² och η² vid 0,01, 0,06 och 0,14 (Cohens 1988 konventioner för η², som Tomczak & "
        "Tomczak 2014 rekommenderar för ε²)",
    ),
    "effect_words_r": (
        "the rank-biserial r, a correlation (Kerby 2014), at 0.1, 0.2 and 0.3 (Funder & Ozer 2019)",
        "den rangbiseriala r, en korrelation (Kerby 2014), vid 0,1, 0,2 och 0,3 (Funder & Ozer "
        "2019)",
    ),
    "measure_rank_biserial": ("rank-biserial r", "rangbiserial r"),
    "measure_hedges_g": ("Hedges g", "Hedges g"),
    "compare_sign": (
        "Signed effect sizes ({measures}): positive means {first} higher than {second}, negative "
        "{second} higher than {first}; the column 'direction' says which.",
        "Effektstorlekar med tecken ({measures}): positiva värden betyder att {first} ligger "
        "högre än {second}, negativa att {second} ligger högre än {first}; kolumnen 'Riktning' "
        "anger vilken.",
    ),
    "compare_sign_methods": (
        "The signed effect sizes ({measures}) are first group minus second: positive when the "
        "first-named group (group 1) has the higher values.",
        "Effektstorlekarna med tecken ({measures}) avser första gruppen minus den andra: de är "
        "positiva när den först nämnda gruppen (grupp 1) har de högre värdena.",
    ),
    "compare_by_itself": (
        "'{by}' is the grouping variable and was not compared with itself.",
        "'{by}' är grupperingsvariabeln och jämfördes inte med sig själv.",
    ),
    "compare_group_complementary": (
        "Group '{group}' of '{by}' was also suppressed for {variables} ('–', no n, left out of "
        "the test) so that a smaller group cannot be recovered by subtracting the shown groups "
        "from the totals; the suppressed groups together hold at least {min_cell} responses.",
        "Gruppen '{group}' i '{by}' undertrycktes också för {variables} ('–', inget n, ingår "
        "inte i testet) så att en mindre grupp inte kan räknas fram genom att dra de visade "
        "grupperna från totalerna; de undertryckta grupperna har tillsammans minst {min_cell} "
        "svar.",
    ),
    "compare_group_suppressed": (
        "Group '{group}' of '{by}' had fewer than {min_cell} responses for {variables}; shown "
        "as '–' and left out of the test.",
        "Gruppen '{group}' i '{by}' hade färre än {min_cell} svar på {variables}; visas som '–' "
        "och ingår inte i testet.",
    ),
    "compare_summary_cells": (
        "In the group summaries, answers given by 1 to {largest} responses (and, for "
        "categorical variables, the next-smallest answer) are shown as '–'.",
        "I gruppsammanfattningarna visas svar som getts av 1 till {largest} personer (och, "
        "för kategoriska variabler, det näst minsta svaret) som '–'.",
    ),
    "compare_summary_cells_one": (
        "In the group summaries, answers given by a single response (and, for categorical "
        "variables, the next-smallest answer) are shown as '–'.",
        "I gruppsammanfattningarna visas svar som getts av en enda person (och, för kategoriska "
        "variabler, det näst minsta svaret) som '–'.",
    ),
    "compare_groups_defined": (
        "Groups were defined by {label} ('{by}').",
        "Grupperna definierades av {label} ('{by}').",
    ),
    "compare_tests": ("Groups were compared with {tests}.", "Grupperna jämfördes med {tests}."),
    "compare_effects": ("Effect sizes: {effects}.", "Effektstorlekar: {effects}."),
    "compare_bootstrap": (
        "Bootstrap confidence intervals used {resamples} resamples drawn within groups with the "
        "fixed seed {seed} (2.5th and 97.5th percentiles).",
        "Bootstrapintervallen bygger på {resamples} omdragningar inom grupperna med det fasta "
        "fröet {seed} (2,5:e och 97,5:e percentilerna).",
    ),
    "compare_posthoc": (
        "Pairwise post-hoc comparisons for three or more groups used {posthocs} (adjusted within "
        "each variable).",
        "Parvisa post hoc-jämförelser för tre eller fler grupper gjordes med {posthocs} "
        "(justerade inom varje variabel).",
    ),
    "compare_not_adjusted": (
        "P-values were not adjusted for multiple testing.",
        "P-värdena justerades inte för multipla test.",
    ),
    "compare_adjusted": (
        "P-values were adjusted for multiple testing across all compared variables with {method}.",
        "P-värdena justerades för multipla test över alla jämförda variabler med {method}.",
    ),
    "compare_weighted": (
        "Estimates and tests are weighted by '{weights}' (weights-only design).",
        "Skattningar och test är viktade med '{weights}' (design med enbart vikter).",
    ),
    "compare_weighted_test": (
        "With weights there are no rank tests: --test {test} was not applied, and ordinal and "
        "numeric variables were tested with the design-based weighted Wald F test (column "
        "'test').",
        "Med vikter finns inga rangtest: --test {test} tillämpades inte, och ordinala och "
        "numeriska variabler testades med det designbaserade viktade Wald F-testet (kolumnen "
        "'test').",
    ),
    "compare_posthoc_capped": (
        "No pairwise post-hoc tests for {variables}: more than {max} groups of '{by}' were "
        "tested (k groups give k(k − 1)/2 pairs, too many to compute or read); compare fewer "
        "groups, e.g. with --where or a coarser grouping variable in the codebook.",
        "Inga parvisa post hoc-test för {variables}: fler än {max} grupper av '{by}' testades "
        "(k grupper ger k(k − 1)/2 par, för många att beräkna eller läsa); jämför färre "
        "grupper, t.ex. med --where eller en grövre grupperingsvariabel i kodboken.",
    ),
    "compare_min_cell": (
        "Groups with fewer than {min_cell} responses to a question were suppressed and left out "
        "of its test, and so were the next-smallest groups until the suppressed groups were at "
        "least two and held at least {min_cell} responses together (so that no small group can "
        "be recovered from the totals).",
        "Grupper med färre än {min_cell} svar på en fråga undertrycktes och ingick inte i "
        "testet, och likaså de näst minsta grupperna tills de undertryckta grupperna var minst "
        "två och tillsammans hade minst {min_cell} svar (så att ingen liten grupp kan räknas "
        "fram ur totalerna).",
    ),
    "test_mann_whitney": (
        "the Mann–Whitney U test (two-sided; exact when both groups have fewer than 50 values "
        "and there are no ties, as R's wilcox.test, else the normal approximation with tie and "
        "continuity correction; scipy)",
        "Mann–Whitneys U-test (tvåsidigt; exakt när båda grupperna har färre än 50 värden och "
        "inga lika värden, som R:s wilcox.test, annars normalapproximation med korrektion för "
        "lika värden och kontinuitetskorrektion; scipy)",
    ),
    "test_kruskal": (
        "the Kruskal–Wallis H test corrected for ties (scipy)",
        "Kruskal–Wallis H-test korrigerat för lika värden (scipy)",
    ),
    "test_welch_t": (
        "Welch's t test for unequal variances (scipy)",
        "Welchs t-test för olika varianser (scipy)",
    ),
    "test_welch_anova": (
        "Welch's one-way ANOVA for unequal variances (statsmodels anova_oneway)",
        "Welchs envägs-ANOVA för olika varianser (statsmodels anova_oneway)",
    ),
    "test_pearson_chi2": (
        "Pearson's χ² test without continuity correction (scipy)",
        "Pearsons χ²-test utan kontinuitetskorrektion (scipy)",
    ),
    "test_fisher": (
        "Fisher's exact test, used for 2×2 tables with an expected count below 5 (scipy), "
        "reported with the conditional maximum-likelihood odds ratio and its exact 95 % CI "
        "(odds of the last answer in the first group over the second, as R's fisher.test)",
        "Fishers exakta test, för 2×2-tabeller med något förväntat antal under 5 (scipy), "
        "redovisat med den betingade ML-skattningen av oddskvoten och dess exakta 95 % KI "
        "(oddset för det sista svaret i första gruppen delat med den andra, som R:s "
        "fisher.test)",
    ),
    "test_wald_f": (
        "a design-based Wald F test of the weighted group means with linearisation (sandwich) "
        "standard errors, weights-only design as in R's survey package (svyglm + regTermTest), "
        "with Welch's small-sample correction (each group's own variance factor and Welch–"
        "Satterthwaite denominator df from the effective n of the squared weights), which holds "
        "the level when a group is small",
        "ett designbaserat Wald F-test av de viktade gruppmedelvärdena med linjäriserade "
        "(sandwich-) medelfel, design med enbart vikter som i R-paketet survey (svyglm + "
        "regTermTest), med Welchs småurvalskorrektion (varje grupps egen variansfaktor och "
        "Welch–Satterthwaites nämnarfrihetsgrader från det effektiva n för de kvadrerade "
        "vikterna), som håller signifikansnivån när en grupp är liten",
    ),
    "test_rao_scott": (
        "Pearson's χ² with the second-order Rao–Scott correction for the weights-only design (F "
        "reference distribution, as R's svychisq)",
        "Pearsons χ² med Rao–Scotts andra ordningens korrektion för design med enbart vikter "
        "(F-fördelning som referens, som R:s svychisq)",
    ),
    "effect_rank_biserial": (
        "rank-biserial correlation r (95 % CI: stratified percentile bootstrap)",
        "rangbiserial korrelation r (95 % KI: stratifierad percentilbootstrap)",
    ),
    "effect_epsilon2": (
        "ε² = H/(n − 1) (95 % CI: stratified percentile bootstrap, with the lower bound set to "
        "0 when the Kruskal–Wallis p is 0.05 or more, so that the interval agrees with the test)",
        "ε² = H/(n − 1) (95 % KI: stratifierad percentilbootstrap, med nedre gränsen satt till 0 "
        "när Kruskal–Wallis p är 0,05 eller mer, så att intervallet stämmer med testet)",
    ),
    "effect_hedges_g": (
        "Hedges g (95 % CI from its large-sample standard error)",
        "Hedges g (95 % KI från dess medelfel för stora urval)",
    ),
    "effect_omega2": (
        "ω² truncated at 0 (95 % CI λ/(λ + N) from the noncentral F confidence interval of λ, "
        "Steiger 2004)",
        "ω² trunkerad vid 0 (95 % KI λ/(λ + N) från det icke-centrala F-konfidensintervallet för "
        "λ, Steiger 2004)",
    ),
    "effect_cramers_v": (
        "Cramér's V (95 % CI by inverting the noncentral χ² distribution)",
        "Cramérs V (95 % KI genom invertering av den icke-centrala χ²-fördelningen)",
    ),
    "effect_eta2_weighted": (
        "weighted η² (R² of the weighted regression; no CI)",
        "viktad η² (R² i den viktade regressionen; inget KI)",
    ),
    "effect_cramers_v_weighted": (
        "Cramér's V of the weighted table rescaled to the sample size (no CI)",
        "Cramérs V för den viktade tabellen omskalad till urvalsstorleken (inget KI)",
    ),
    "posthoc_dunn": ("Dunn's test with Holm's correction", "Dunns test med Holms korrektion"),
    "posthoc_games_howell": ("the Games–Howell procedure", "Games–Howells metod"),
    "posthoc_chi2": (
        "pairwise χ² tests with Holm's correction",
        "parvisa χ²-test med Holms korrektion",
    ),
    "posthoc_fisher": (
        "pairwise χ² tests (Fisher's exact test for sparse 2×2 tables) with Holm's correction",
        "parvisa χ²-test (Fishers exakta test för glesa 2×2-tabeller) med Holms korrektion",
    ),
    "posthoc_wald_f": (
        "pairwise weighted Wald F tests with Holm's correction",
        "parvisa viktade Wald F-test med Holms korrektion",
    ),
    "posthoc_rao_scott": (
        "pairwise Rao–Scott χ² tests with Holm's correction",
        "parvisa Rao–Scott χ²-test med Holms korrektion",
    ),
    "correction_holm": ("Holm's step-down method", "Holms stegvisa metod"),
    "correction_fdr_bh": (
        "the Benjamini–Hochberg false discovery rate procedure",
        "Benjamini–Hochbergs metod för andelen falska upptäckter (FDR)",
    ),
    "correction_none": ("no correction", "ingen korrektion"),
    # ------------------------------------------------------------------ correlate
    "corr_title": ("Correlations ({method})", "Korrelationer ({method})"),
    "corr_title_controls": (
        "Correlations ({method}), controlling for {controls}",
        "Korrelationer ({method}), med kontroll för {controls}",
    ),
    "corr_name_pearson": ("Pearson's r", "Pearsons r"),
    "corr_name_spearman": ("Spearman's rank correlation ρ", "Spearmans rangkorrelation ρ"),
    "corr_name_kendall": ("Kendall's tau-b", "Kendalls tau-b"),
    "corr_effect_words": (
        "Correlations are described in words by Funder & Ozer (2019): |r| below 0.1 negligible, "
        "from 0.1 small, from 0.2 medium, from 0.3 large (Kendall's τ converted to r = "
        "sin(πτ/2) first).",
        "Korrelationerna beskrivs i ord enligt Funder & Ozer (2019): |r| under 0,1 försumbar, "
        "från 0,1 liten, från 0,2 medelstor, från 0,3 stor (Kendalls τ omräknad till r = "
        "sin(πτ/2) först).",
    ),
    "corr_complementary": (
        "{where}: suppressed (– and no n) so that a smaller group cannot be recovered from the "
        "overall n; the suppressed groups together hold at least {min_cell} responses.",
        "{where}: undertryckt (– och inget n) så att en mindre grupp inte kan räknas fram ur "
        "det totala n; de undertryckta grupperna har tillsammans minst {min_cell} svar.",
    ),
    "corr_suppressed": (
        "{where}: fewer than {min_cell} responses; estimate suppressed (–).",
        "{where}: färre än {min_cell} svar; skattningen undertryckt (–).",
    ),
    "corr_too_few": (
        "{where}: fewer than {n} responses; no estimate.",
        "{where}: färre än {n} svar; ingen skattning.",
    ),
    "corr_constant": (
        "{where}: a variable is constant; no correlation.",
        "{where}: en variabel är konstant; ingen korrelation.",
    ),
    "corr_weighted_note": (
        "Weighted by '{weights}'; responses with a missing or zero weight are left out.",
        "Viktat med '{weights}'; svar med saknad vikt eller vikten noll ingår inte.",
    ),
    "corr_pairwise": (
        "Missing values deleted pairwise: n is the number of responses used for each row.",
        "Bortfallet hanterades parvis: n är antalet svar som använts på varje rad.",
    ),
    "corr_methods_weighted": (
        "Weighted {kind} correlations (statsmodels DescrStatsW) with p-values from the weighted "
        "regression of standardised variables with sandwich standard errors (HC0 · n/(n − 1)) "
        "and a t test, and design-based 95 % CIs from the linearisation standard error of r "
        "on Fisher's z scale.",
        "Viktade {kind}-korrelationer (statsmodels DescrStatsW) med p-värden från den viktade "
        "regressionen av standardiserade variabler med sandwich-medelfel (HC0 · n/(n − 1)) och "
        "t-test, och designbaserade 95 % KI från det linjäriserade medelfelet för r på Fishers "
        "z-skala.",
    ),
    "corr_methods_weighted_partial": (
        "Weighted {kind} correlations (statsmodels DescrStatsW) after residualising on the "
        "controls, with p-values from the weighted regression of standardised variables with "
        "sandwich standard errors (HC0 · n/(n − 1)) and a t test, and design-based 95 % CIs "
        "from the linearisation standard error of r on Fisher's z scale.",
        "Viktade {kind}-korrelationer (statsmodels DescrStatsW) efter residualisering på "
        "kontrollvariablerna, med p-värden från den viktade regressionen av standardiserade "
        "variabler med sandwich-medelfel (HC0 · n/(n − 1)) och t-test, och designbaserade 95 % "
        "KI från det linjäriserade medelfelet för r på Fishers z-skala.",
    ),
    "corr_kind_pearson": ("Pearson", "Pearson"),
    "corr_kind_spearman": ("Spearman (weighted mid-ranks)", "Spearman (viktade mittrang)"),
    "corr_methods_partial_spearman": (
        "Partial Spearman correlations: ranks residualised on the controls (categorical controls "
        "dummy-coded), t test with n − 2 − k df, 95 % CI by Fisher's z.",
        "Partiella Spearman-korrelationer: rangerna residualiserades på kontrollvariablerna "
        "(kategoriska kontroller dummykodade), t-test med n − 2 − k frihetsgrader, 95 % KI med "
        "Fishers z.",
    ),
    "corr_methods_partial_pearson": (
        "Partial Pearson correlations: values residualised on the controls (categorical controls "
        "dummy-coded), t test with n − 2 − k df, 95 % CI by Fisher's z.",
        "Partiella Pearson-korrelationer: värdena residualiserades på kontrollvariablerna "
        "(kategoriska kontroller dummykodade), t-test med n − 2 − k frihetsgrader, 95 % KI med "
        "Fishers z.",
    ),
    "corr_methods": (
        "{name} with p-values from scipy and 95 % CIs by {ci}.",
        "{name} med p-värden från scipy och 95 % KI med {ci}.",
    ),
    "corr_ci_pearson": ("Fisher's z", "Fishers z"),
    "corr_ci_spearman": (
        "Fisher's z with the Bonett–Wright (2000) standard error",
        "Fishers z med Bonett–Wrights (2000) medelfel",
    ),
    "corr_ci_kendall": (
        "Fisher's z with the Fieller et al. (1957) standard error",
        "Fishers z med medelfelet enligt Fieller m.fl. (1957)",
    ),
    # ------------------------------------------------------------------ model
    "model_title": ("{kind}: {formula}", "{kind}: {formula}"),
    "model_kind_ols": ("Linear regression (OLS)", "Linjär regression (OLS)"),
    "model_kind_logit": ("Logistic regression", "Logistisk regression"),
    "model_kind_ordinal": (
        "Ordinal logistic regression (proportional odds)",
        "Ordinal logistisk regression (proportionella odds)",
    ),
    "model_listwise": (
        "Listwise deletion: {dropped} of {total} responses with a missing value in {variables} "
        "were left out; n = {n}.",
        "Listvis bortfall: {dropped} av {total} svar med saknat värde i {variables} uteslöts; "
        "n = {n}.",
    ),
    "model_weights_hc1": (
        "With weights, classical standard errors are replaced by HC1 (sandwich).",
        "Med vikter ersätts klassiska medelfel av HC1 (sandwich).",
    ),
    "model_robust_logit": (
        "'{robust}' is defined for linear models; the logit uses the maximum-likelihood sandwich "
        "(HC0) standard errors.",
        "'{robust}' är definierat för linjära modeller; logitmodellen använder "
        "maximum likelihood-sandwichmedelfel (HC0).",
    ),
    "model_robust_ordinal": (
        "'{robust}' is defined for linear models; the ordinal model uses the maximum-likelihood "
        "sandwich (HC0) standard errors.",
        "'{robust}' är definierat för linjära modeller; den ordinala modellen använder "
        "maximum likelihood-sandwichmedelfel (HC0).",
    ),
    "paired_title": (
        "Matched change between the values of {by} (same organisations)",
        "Förändring mellan värdena i {by} för samma organisationer (parade)",
    ),
    "paired_method": (
        "Paired comparison of {by}: each organisation's answers were matched by '{id}'; only "
        "organisations that answered a question in every wave compared enter its test (those "
        "that answered only one wave are counted); p-values corrected by {correction}.",
        "Parad jämförelse av {by}: varje organisations svar matchades med '{id}'; bara "
        "organisationer som besvarat frågan i varje jämförd omgång ingår i testet (de som bara "
        "svarat en gång räknas); p-värden korrigerade med {correction}.",
    ),
    "paired_test_wilcoxon": (
        "Ordinal items: Wilcoxon signed-rank test (scipy; pairs without change left out, as R's "
        "wilcox.test) with the matched-pairs rank-biserial correlation (Kerby 2014).",
        "Ordinalskalor: Wilcoxons teckenrangtest (scipy; par utan förändring uteslutna, som i R:s "
        "wilcox.test) med rangbiseriell korrelation för parade data (Kerby 2014).",
    ),
    "paired_test_ttest": (
        "Numbers and scales: paired t test (scipy) with d_z (mean change / SD of the changes).",
        "Tal och skalor: parat t-test (scipy) med d_z (medelförändring / SD för förändringarna).",
    ),
    "paired_test_mcnemar": (
        "Yes/no questions: McNemar's test (statsmodels; exact binomial with fewer than 25 "
        "changed answers) with the change in share and the odds ratio of the changes.",
        "Ja/nej-frågor: McNemars test (statsmodels; exakt binomialtest med färre än 25 ändrade "
        "svar) med förändringen i andel och oddskvoten för förändringarna.",
    ),
    "paired_test_stuart_maxwell": (
        "Categorical questions: Stuart–Maxwell test of marginal homogeneity (statsmodels).",
        "Kategoriska frågor: Stuart–Maxwells test av marginell homogenitet (statsmodels).",
    ),
    "paired_test_friedman": (
        "Three or more waves: Friedman's test (scipy) on the organisations present in all, with "
        "Kendall's W.",
        "Tre eller fler omgångar: Friedmans test (scipy) för organisationer med i alla, med "
        "Kendalls W.",
    ),
    "paired_test_cochran": (
        "Three or more waves, yes/no questions: Cochran's Q test (statsmodels).",
        "Tre eller fler omgångar, ja/nej-frågor: Cochrans Q-test (statsmodels).",
    ),
    "warn_few_pairs": (
        "not tested: {n} matched organisations (fewer than {min_cell})",
        "ej testad: {n} matchade organisationer (färre än {min_cell})",
    ),
    "warn_no_change": (
        "not tested: no organisation changed its answer",
        "ej testad: ingen organisation ändrade sitt svar",
    ),
    "warn_paired_categorical_waves": (
        "not tested: categorical questions are compared over two waves only",
        "ej testad: kategoriska frågor jämförs bara över två omgångar",
    ),
    "attrition_group": ("Answered", "Svarade"),
    "attrition_title": (
        "Attrition: organisations that answered again against those that answered only {first} "
        "(their {first} answers)",
        "Bortfall: organisationer som svarade igen jämfört med dem som bara svarade {first} "
        "(deras svar {first})",
    ),
    "where_note": (
        "Filter: {where} — {n} of {total} responses.",
        "Urval: {where} — {n} av {total} svar.",
    ),
    "trend_title": ("Trend over {wave}", "Utveckling över {wave}"),
    "trend_method": (
        "Trend: the mean (with a t interval) or the share in % (with a Wilson interval) per "
        "wave; cells with fewer answers than the minimum are not shown.",
        "Utveckling: medelvärdet (med t-intervall) eller andelen i procent (med "
        "Wilsonintervall) per omgång; celler med färre svar än minimum visas inte.",
    ),
    "trend_paired_note": (
        "Only the organisations that answered every wave: {n} of {total} responses.",
        "Bara organisationer som svarat i varje omgång: {n} av {total} svar.",
    ),
    "compare_repeated_ids": (
        "{n} organisations ('{id}') answered in more than one group of '{by}': the groups are "
        "not independent samples, so these tests understate the evidence for change; use "
        "--paired for the matched comparison.",
        "{n} organisationer ('{id}') svarade i mer än en grupp av '{by}': grupperna är inte "
        "oberoende urval, så dessa test underskattar belägget för förändring; använd --paired "
        "för den parade jämförelsen.",
    ),
    "population_title": (
        "Respondents against the population frame {frame}",
        "Svarande jämfört med populationsramen {frame}",
    ),
    "population_total": ("Total", "Totalt"),
    "population_unmatched": (
        "{n} respondents are not in the frame and were left out (first: {first}).",
        "{n} svarande finns inte i ramen och uteslöts (först: {first}).",
    ),
    "population_method": (
        "Respondents were matched by organisation id to the population frame {frame} ({n} "
        "organisations); response rates per stratum; respondents compared with the non-"
        "respondents of the frame by Welch's t test (numbers) or Pearson's chi-square test "
        "(categories).",
        "De svarande matchades med organisations-id mot populationsramen {frame} ({n} "
        "organisationer); svarsfrekvens per stratum; svarande jämförda med ramens "
        "icke-svarande med Welchs t-test (tal) eller Pearsons chitvåtest (kategorier).",
    ),
    "population_weights_poststratify": (
        "Weights: post-stratification to the frame's counts by {margins} (R survey's "
        "postStratify).",
        "Vikter: efterstratifiering till ramens antal per {margins} (som R survey postStratify).",
    ),
    "population_weights_rake": (
        "Weights: raking (iterative proportional fitting) to the frame's counts by {margins} "
        "(R survey's rake).",
        "Vikter: rakning (iterativ proportionell anpassning) till ramens antal per {margins} "
        "(som R survey rake).",
    ),
    "population_weights_calibrate": (
        "Weights: linear (GREG) calibration to the frame's totals of {margins} (R survey's "
        "calibrate, calfun = linear).",
        "Vikter: linjär (GREG-) kalibrering till ramens totaler för {margins} (som R survey "
        "calibrate, calfun = linear).",
    ),
    "model_small_levels": (
        "Small groups protected: the responses in {levels} (fewer than {min_cell} answers each) "
        "were left out of the model, so no coefficient, intercept or fit statistic describes "
        "them.",
        "Små grupper skyddade: svaren i {levels} (färre än {min_cell} svar vardera) "
        "uteslöts ur modellen, så ingen koefficient, konstant eller anpassningsmått beskriver "
        "dem.",
    ),
    "model_few_clusters": (
        "Only {k} clusters of '{cluster}': cluster-robust standard errors are unreliable with "
        "fewer than about {few} clusters (Cameron & Miller 2015); read the p-values with care.",
        "Bara {k} kluster i '{cluster}': klusterrobusta medelfel är osäkra med färre än cirka "
        "{few} kluster (Cameron & Miller 2015); tolka p-värdena med försiktighet.",
    ),
    "model_standardized": (
        "Standardised coefficients: b·sd(x)/sd(y) over the estimation sample (OLS), b·sd(x) for "
        "logit/ordinal models.",
        "Standardiserade koefficienter: b·sd(x)/sd(y) i skattningsurvalet (OLS), b·sd(x) för "
        "logit- och ordinala modeller.",
    ),
    "model_ols": (
        "Ordinary least squares regression (statsmodels) with {cov}.",
        "Regression med minsta kvadratmetoden (OLS, statsmodels) med {cov}.",
    ),
    "model_wls": (
        "Weighted least squares regression (statsmodels) with {cov}.",
        "Regression med viktad minsta kvadratmetod (WLS, statsmodels) med {cov}.",
    ),
    "model_logit": (
        "Logistic regression (statsmodels Logit) with {cov}. Odds ratios are exp(estimate).",
        "Logistisk regression (statsmodels Logit) med {cov}. Oddskvoterna är exp(skattningen).",
    ),
    "model_logit_weighted": (
        "Weighted logistic regression (binomial GLM with the survey weights as variance weights, "
        "statsmodels) with {cov}. Odds ratios are exp(estimate).",
        "Viktad logistisk regression (binomial GLM med urvalsvikterna som variansvikter, "
        "statsmodels) med {cov}. Oddskvoterna är exp(skattningen).",
    ),
    "model_ordinal": (
        "Proportional-odds (ordinal) logistic regression (statsmodels OrderedModel, logit link) "
        "with {cov}; thresholds are cut-points on the latent scale with delta-method standard "
        "errors. Odds ratios are exp(estimate).",
        "Ordinal logistisk regression med proportionella odds (statsmodels OrderedModel, "
        "logitlänk) med {cov}; tröskelvärdena är gränspunkter på den latenta skalan med medelfel "
        "enligt deltametoden. Oddskvoterna är exp(skattningen).",
    ),
    "cov_t": ("{se} and t tests", "{se} och t-test"),
    "cov_z": ("{se} and z tests", "{se} och z-test"),
    "se_nonrobust": ("classical standard errors", "klassiska medelfel"),
    "se_HC3": (
        "HC3 heteroskedasticity-robust standard errors",
        "HC3-medelfel robusta mot heteroskedasticitet",
    ),
    "se_HC1": (
        "HC1 heteroskedasticity-robust standard errors",
        "HC1-medelfel robusta mot heteroskedasticitet",
    ),
    "se_HC0": ("robust (sandwich, HC0) standard errors", "robusta medelfel (sandwich, HC0)"),
    "se_cluster": ("cluster-robust standard errors", "klusterrobusta medelfel"),
    # ------------------------------------------------------------------ scales
    "scales_title": ("Scale reliability", "Skalornas reliabilitet"),
    "scales_omega_few_items": (
        "Scale '{scale}': omega is not estimated for fewer than three items.",
        "Skalan '{scale}': omega skattas inte för färre än tre frågor.",
    ),
    "scales_omega_failed": (
        "Scale '{scale}': omega could not be estimated (one-factor model failed).",
        "Skalan '{scale}': omega kunde inte skattas (enfaktormodellen misslyckades).",
    ),
    "scales_alpha_undefined": (
        "Scale '{scale}': alpha is not defined (fewer than two responses or no variance).",
        "Skalan '{scale}': alfa är inte definierat (färre än två svar eller ingen varians).",
    ),
    "scales_reversed": (
        "Scale '{scale}': reverse-coded before analysis: {items}.",
        "Skalan '{scale}': omvänt kodade före analysen: {items}.",
    ),
    "scales_pairwise": (
        "Missing item answers: pairwise deletion (each item covariance from the responses "
        "answering both items); n = responses with at least two items answered.",
        "Saknade svar på frågor: parvis bortfall (varje kovarians mellan två frågor bygger på de "
        "svar som besvarat båda); n = svar med minst två besvarade frågor.",
    ),
    "scales_listwise": (
        "Missing item answers: listwise deletion (only responses answering every item); n = "
        "complete responses.",
        "Saknade svar på frågor: listvis bortfall (bara svar som besvarat alla frågor); n = "
        "fullständiga svar.",
    ),
    "scales_scores": (
        "Item mean and sd are after reverse-coding; the scale mean and sd are of the scale score "
        "(mean of answered items when at least min_items are answered) over the responses "
        "that have one ('n scored').",
        "Frågornas medelvärde och standardavvikelse avser värden efter omvänd kodning; skalans "
        "medelvärde och standardavvikelse avser skalvärdet (medelvärdet av besvarade frågor när "
        "minst min_items är besvarade) bland de svar som har ett ('n med skalvärde').",
    ),
    "scales_methods": (
        "Cronbach's alpha with a 95 % CI by Feldt's F-distribution method (n = responses with "
        "every item answered); item-rest correlations and alpha if item deleted from the same "
        "item covariance matrix; McDonald's omega total from a one-factor maximum-likelihood "
        "factor analysis (statsmodels) of the item correlations, on the raw items like alpha "
        "(loadings times the item SDs).",
        "Cronbachs alfa med 95 % KI enligt Feldts F-fördelningsmetod (n = svar där alla frågor "
        "är besvarade); item–rest-korrelationer och alfa om frågan tas bort från samma "
        "kovariansmatris; McDonalds omega (total) från en enfaktoranalys med maximum likelihood "
        "(statsmodels) av frågornas korrelationer, på de oskalade frågorna som alfa (laddningar "
        "gånger frågornas standardavvikelser).",
    ),
}
MESSAGES.update(INGEST_CATALOGUE)  # ingest's warnings (output/messages_ingest.py)
