"""Catalogue of the presentation tables' texts (Table 1): key → (English, Swedish), and their
column headings."""

from __future__ import annotations

PRESENTATION_CATALOGUE: dict[str, tuple[str, str]] = {
    "cell_text": ("{value}", "{value}"),
    "t1_title": ("Table 1", "Tabell 1"),
    "t1_title_by": ("Table 1 by {by}", "Tabell 1 per {by}"),
    "t1_responses": ("Number of responses", "Antal svar"),
    "t1_n_key": ("{n} ({letter})", "{n} ({letter})"),
    "t1_n_pct": ("{n} ({pct} %)", "{n} ({pct} %)"),
    "t1_mean_sd": ("{mean} ({sd})", "{mean} ({sd})"),
    "t1_median_iqr": ("{median} [{q1}–{q3}]", "{median} [{q1}–{q3}]"),
    "t1_with_letters": ("{cell} {letters}", "{cell} {letters}"),
    "t1_empty": ("–", "–"),
    "t1_suppressed": ("–", "–"),
    "t1_missing": ("Missing or don't know", "Saknas eller vet ej"),
    "t1_stat_n_pct": ("n (%)", "n (%)"),
    "t1_stat_mean": ("mean (SD)", "medelvärde (SD)"),
    "t1_stat_median": ("median [Q1–Q3]", "median [Q1–Q3]"),
    "t1_note_tests": (
        "p: the test of each variable as in the comparison table ({tests}); adjusted p corrects "
        "for all variables of the table",
        "p: varje variabels test som i jämförelsetabellen ({tests}); justerat p korrigerar för "
        "alla variabler i tabellen",
    ),
    "t1_note_letters": (
        "Letters: the cell's share (or mean) is significantly higher than that of the group with "
        "the letter (pairwise z test of proportions or Welch t test, Bonferroni-adjusted over the "
        "pairs of each row, α = {alpha})",
        "Bokstäver: cellens andel (eller medelvärde) är signifikant högre än hos gruppen med "
        "bokstaven (parvisa z-test av andelar eller Welchs t-test, Bonferronijusterade över "
        "raden par, α = {alpha})",
    ),
    "t1_methods_letters": (
        "Significance letters compare each pair of groups per row with a two-sample z test of "
        "proportions (statsmodels) or Welch's t test (scipy), Bonferroni-adjusted within the row "
        "(α = {alpha}), as SPSS Custom Tables' column comparisons.",
        "Signifikansbokstäverna jämför varje par av grupper per rad med ett z-test för två "
        "andelar (statsmodels) eller Welchs t-test (scipy), Bonferronijusterat inom raden "
        "(α = {alpha}), som kolumnjämförelserna i SPSS Custom Tables.",
    ),
    "t1_note_weighted": (
        "Shares, means and quantiles weighted by '{weights}'; n unweighted; no significance "
        "letters with weights",
        "Andelar, medelvärden och kvantiler viktade med '{weights}'; n oviktat; inga "
        "signifikansbokstäver med vikter",
    ),
    "t1_note_min_cell": (
        "– : fewer than {min_cell} answers in the group (or needed to protect such a group); "
        "not shown",
        "– : färre än {min_cell} svar i gruppen (eller behövs för att skydda en sådan grupp); "
        "visas inte",
    ),
    "t1_note_hidden": (
        "{variable}: not shown for {groups} (too few answers)",
        "{variable}: visas inte för {groups} (för få svar)",
    ),
    # ------------------------------------------------------------------ figures
    "likert_family_own": (
        "Adjusted p: Holm's correction over the {n} statements of the figure.",
        "Justerat p: Holms korrektion över figurens {n} påståenden.",
    ),
    "likert_family_table": (
        "Test and adjusted p as in the table “{table}” ({correction} over {n} variables).",
        "Test och justerat p som i tabellen ”{table}” ({correction} över {n} variabler).",
    ),
    "compare_model_with_design": (
        "Model-based tests (the default for comparisons): whether the grouping is related to "
        "the answers beyond these organisations; the dataset has a population design, so "
        "--inference finite gives design-based tests about the population's organisations",
        "Modellbaserade test (standard för jämförelser): om grupperingen hänger samman med "
        "svaren utöver just dessa organisationer; datasetet har en populationsdesign, så "
        "--inference finite ger designbaserade test om populationens organisationer",
    ),
    # ------------------------------------------------------------------ methods paragraphs
    "methods_describe": ("Descriptive statistics", "Beskrivande statistik"),
    "methods_compare": ("Comparisons between groups", "Jämförelser mellan grupper"),
    "methods_correlate": ("Associations", "Samband"),
    "methods_model": ("Regression models", "Regressionsmodeller"),
    "methods_scales": ("Scales", "Skalor"),
    "methods_population": ("Population, response and weights", "Population, svar och vikter"),
    "methods_other": ("Other analyses", "Övriga analyser"),
    # ------------------------------------------------------------------ report appendix
    "appendix_heading": (
        "Appendix: the tables with their test statistics and degrees of freedom",
        "Bilaga: tabellerna med testvärden och frihetsgrader",
    ),
    "appendix_full": ("in full", "fullständig"),
    "appendix_word": (
        "The full versions of these tables, with test statistics, degrees of freedom and "
        "standard errors, are in the appendix of report.html and in tables.xlsx: {tables}.",
        "De fullständiga versionerna av dessa tabeller, med testvärden, frihetsgrader och "
        "medelfel, finns i bilagan till report.html och i tables.xlsx: {tables}.",
    ),
    # ------------------------------------------------------------------ disclosure rules
    "describe_methods_min_cell_groups": (
        "Disclosure control by groups: a group with fewer than {min_cell} answers to a question "
        "was suppressed for that question (no n, statistics, frequencies or min/max), and so were "
        "the next-smallest groups until the suppressed groups were at least two and held at "
        "least {min_cell} answers together, so that no small group can be recovered from the "
        "whole-sample figures; larger groups show all their answers.",
        "Röjandeskydd per grupp: en grupp med färre än {min_cell} svar på en fråga undertrycktes "
        "för den frågan (inget n, inga mått, frekvenser eller min/max), och så även de näst "
        "minsta grupperna tills de undertryckta grupperna var minst två och tillsammans hade "
        "minst {min_cell} svar, så att ingen liten grupp kan räknas fram ur totalerna; större "
        "grupper visar alla sina svar.",
    ),
    # ------------------------------------------------------------------ design-based compare
    "design_compare_note": (
        "Finite-population inference over the {n} respondents of the population design "
        "(design.yaml): group summaries are estimates for the population's organisations with "
        "95 % intervals; no effect sizes (use --inference model for those)",
        "Slutsatser om den ändliga populationen utifrån designens {n} svarande (design.yaml): "
        "gruppernas värden är skattningar för populationens organisationer med 95 % "
        "konfidensintervall; inga effektstorlekar (använd --inference model för dem)",
    ),
    "design_compare_methods": (
        "Groups were compared with design-based tests for the stratified population design with "
        "finite-population correction (R survey: Rao–Scott F for categorical answers, the rank "
        "test of Lumley & Scott for ordinal answers, Wald tests of domain means for numbers), "
        "p-values adjusted with {correction}.",
        "Grupperna jämfördes med designbaserade test för den stratifierade populationsdesignen "
        "med ändlighetskorrektion (R survey: Rao–Scotts F för kategoriska svar, Lumley och "
        "Scotts rangtest för ordinala svar, Wald-test av domänmedelvärden för tal), p-värden "
        "justerade med {correction}.",
    ),
    # ------------------------------------------------------------------ model terms
    "term_intercept": ("Constant", "Konstant"),
    "term_level": (
        "{variable}: {level} (compared with {reference})",
        "{variable}: {level} (jämfört med {reference})",
    ),
    "term_level_noref": ("{variable}: {level}", "{variable}: {level}"),
    # ------------------------------------------------------------------ open answers
    "text_title": ("Open answers: {variable}", "Öppna svar: {variable}"),
    "text_shown": ("{n} answers to “{variable}”", "{n} svar på ”{variable}”"),
    "text_masked": (
        "{n} pieces of personal data (e-mail, phone, personnummer, IP, URL with token) masked",
        "{n} personuppgifter (e-post, telefon, personnummer, ip, url med nyckel) maskerade",
    ),
    "text_groups_hidden": (
        "Answers of {groups} not shown: fewer than {min_cell} answers (or needed to protect "
        "such a group)",
        "Svar från {groups} visas inte: färre än {min_cell} svar (eller behövs för att skydda "
        "en sådan grupp)",
    ),
    # ------------------------------------------------------------------ report summary
    "sum_p_below": ("p < {limit}", "p < {limit}"),
    "sum_p_equal": ("p = {p}", "p = {p}"),
    "sum_effect_negligible": ("negligible", "försumbar"),
    "sum_effect_small": ("small", "liten"),
    "sum_effect_medium": ("medium", "medelstor"),
    "sum_effect_large": ("large", "stor"),
    "sum_assoc_negligible": ("negligible", "försumbart"),
    "sum_assoc_small": ("small", "litet"),
    "sum_assoc_medium": ("medium", "medelstort"),
    "sum_assoc_large": ("large", "stort"),
    "sum_group_value": ("{group} {value}", "{group} {value}"),
    "sum_difference_short": (
        "{variable}: a difference was shown ({by}; adjusted {p})",
        "{variable}: en skillnad kunde visas ({by}; justerat {p})",
    ),
    "sum_more": (
        "{n} further differences or associations are in the tables below.",
        "Ytterligare {n} skillnader eller samband finns i tabellerna nedan.",
    ),
    "sum_difference": (
        "{variable}: {direction} ({values}; {effect} difference, adjusted {p})",
        "{variable}: {direction} ({values}; {effect} skillnad, justerat {p})",
    ),
    "sum_difference_size": (
        "{variable}: {direction} ({values}; {effect} difference, {measure} = {size}, 95 % CI "
        "{low} to {high}; adjusted {p})",
        "{variable}: {direction} ({values}; {effect} skillnad, {measure} = {size}, 95 % KI "
        "{low} till {high}; justerat {p})",
    ),
    "sum_positive": (
        "{x} and {y} go together: the higher the one, the higher the other ({symbol} = "
        "{estimate}, 95 % CI {low} to {high}; {effect} association, {p})",
        "{x} och {y} hänger samman: ju högre det ena, desto högre det andra ({symbol} = "
        "{estimate}, 95 % KI {low} till {high}; {effect} samband, {p})",
    ),
    "sum_negative": (
        "{x} and {y} go together: the higher the one, the lower the other ({symbol} = "
        "{estimate}, 95 % CI {low} to {high}; {effect} association, {p})",
        "{x} och {y} hänger samman: ju högre det ena, desto lägre det andra ({symbol} = "
        "{estimate}, 95 % KI {low} till {high}; {effect} samband, {p})",
    ),
    "sum_response_part": (
        "{stratum} {respondents} of {population} ({percent} %)",
        "{stratum} {respondents} av {population} ({percent} %)",
    ),
    "sum_response": ("Responses: {parts}.", "Svar: {parts}."),
    "sum_heading": ("Summary", "Sammanfattning"),
    "sum_link": ("table", "tabell"),
    "sum_wave_part": ("{wave}: {n}", "{wave}: {n}"),
    "sum_waves": ("Responses per wave: {parts}.", "Svar per omgång: {parts}."),
    "sum_not_shown": (
        "{table}: no difference between the groups of {by} was shown for {variables}.",
        "{table}: ingen skillnad mellan grupperna i {by} kunde visas för {variables}.",
    ),
}

#: Column headings of the presentation tables: column → (English, Swedish).
PRESENTATION_HEADINGS: dict[str, tuple[str, str]] = {
    "overall": ("Overall", "Totalt"),
    "measure": ("Shown as", "Visas som"),
    "answer": ("Answer", "Svar"),
    "n_words": ("Words", "Ord"),
    "word": ("Word", "Ord"),
    "answers": ("Answers", "Svar"),
    "sentence": ("Finding", "Resultat"),
}

#: Fixed figure texts of the presentation figures: key → (English, Swedish).
PRESENTATION_TEXTS: dict[str, tuple[str, str]] = {
    "share_choosing": ("Share choosing the answer", "Andel som valt svaret"),
    "share_ticking": ("Share ticking the option", "Andel som kryssat i alternativet"),
}
