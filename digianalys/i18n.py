"""Swedish and English display texts: column headings, table names, figure texts, numbers.

Result tables keep the contract's snake_case column names; this module only decides how a
name is *shown* (``heading``), how fixed figure texts read (``text``) and how a number is
written (``decimal``: a comma in Swedish).
"""

from __future__ import annotations

from .errors import OutputError

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
    "conf_low": ("CI lower", "KI nedre"),
    "conf_high": ("CI upper", "KI övre"),
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
    "item": ("Item", "Fråga"),
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
    "notes": ("Notes", "Anteckningar"),
}

#: Fixed texts of tables and figures: key → (English, Swedish).
TEXTS: dict[str, tuple[str, str]] = {
    "notes": ("Notes", "Anteckningar"),
    "methods": ("Methods", "Metod"),
    "title": ("Title", "Titel"),
    "suppressed_cells": ("Suppressed cells", "Undertryckta celler"),
    "suppressed_row": (
        "{table}: {row} (fewer responses than the minimum cell size)",
        "{table}: {row} (färre svar än minsta cellstorlek)",
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
