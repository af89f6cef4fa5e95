"""Messages of the analyses: titles, notes, methods sentences and text cells of result tables.

A data catalogue: key → (English, Swedish) templates with ``{field}`` placeholders, rendered by
:class:`digianalys.output.i18n.Msg`. Sections follow the analyses (describe, compare,
correlate, model, scales); the ingest warnings are in :mod:`.messages_ingest`.
"""

from __future__ import annotations

RESULT_MESSAGES: dict[str, tuple[str, str]] = {
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
        "(the group's population size times the share, with the share's interval: "
        "organisations that left the question unanswered are taken to be like the others of "
        "their group). Use --inference model to treat the respondents as a sample "
        "from an infinite population instead.",
        "Inferens för ändlig population: de svarande är organisationer ur en känd population om "
        "{population} (design.yaml från 'digianalys population'), så medelvärden, andelar och "
        "deras intervall beskriver de organisationer som finns — stratifierat efter {strata} med "
        "ändlighetskorrektion (ett stratum där alla svarat tillför ingen osäkerhet) och viktning "
        "'{weighting}', med Taylorlinjärisering som R survey:s svydesign(strata, fpc) med svymean "
        "och svyciprop (logitintervall); designeffekten jämför med ett obundet slumpmässigt urval "
        "och skattat antal är antalet organisationer i populationen (gruppens storlek i "
        "populationen gånger andelen, med andelens intervall: organisationer som lämnat frågan "
        "obesvarad antas likna de övriga i sin grupp). "
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
    "corr_methods_finite": (
        "{method} under the population design (finite-population inference, design.yaml: "
        "{population} organisations, strata {strata}, weighting '{weighting}'): the "
        "correlation of the design-weighted variances and covariance (R survey's svyvar; "
        "Spearman's on the weighted mid-ranks, the estimated population distribution), its "
        "test the design-based t test of the slope (svyglm) and its 95 % interval Fisher's z "
        "with the linearised standard error (finite-population correction) and the design's "
        "degrees of freedom; the estimates describe the organisations of the population.",
        "{method} under populationsdesignen (inferens för ändlig population, design.yaml: "
        "{population} organisationer, strata {strata}, viktning '{weighting}'): korrelationen "
        "av de designviktade varianserna och kovariansen (som R survey:s svyvar; Spearmans på "
        "de viktade mittrangerna, den skattade fördelningen i populationen), testet det "
        "designbaserade t-testet av lutningen (svyglm) och 95 % intervallet Fishers z med det "
        "linjäriserade medelfelet (ändlighetskorrektion) och designens frihetsgrader; "
        "skattningarna beskriver populationens organisationer.",
    ),
    "corr_model_with_design": (
        "Model-based inference (the default for correlations): the association beyond these "
        "organisations; the dataset has a population design, so --inference finite gives "
        "design-based correlations about the population's organisations.",
        "Modellbaserad inferens (standard för korrelationer): sambandet utöver just dessa "
        "organisationer; datamängden har en populationsdesign, så --inference finite ger "
        "designbaserade korrelationer om populationens organisationer.",
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
    "model_title": ("{kind} of {outcome}", "{kind} av {outcome}"),
    "design_compare_pairs": (
        "With three or more groups, each pair of groups was tested with the same design-based "
        "test on the two groups (a domain of the whole design, as R's test on a subset of the "
        "design), Holm-adjusted within the variable; a direction is named only for a pair "
        "whose adjusted p is below 0.05 when the overall test is too, ordered by the groups' "
        "population estimates.",
        "Med tre eller fler grupper testades varje par av grupper med samma designbaserade test "
        "på de två grupperna (en domän av hela designen, som R:s test på en delmängd av "
        "designen), Holm-justerat inom variabeln; en riktning anges bara för ett par vars "
        "justerade p är under 0,05 när också det övergripande testet är det, ordnad efter "
        "gruppernas populationsskattningar.",
    ),
    "model_finite": (
        "{kind} under the population design (finite-population inference, design.yaml: "
        "{population} organisations, strata {strata}, weighting '{weighting}'), as R survey's "
        "svyglm: coefficients weighted by the design, standard errors by Taylor linearisation "
        "with the finite-population correction, t tests and 95 % intervals with the design's "
        "degrees of freedom; the estimates describe the organisations of the population. AIC, "
        "BIC and the log-likelihood are not defined under the design.",
        "{kind} under populationsdesignen (inferens för ändlig population, design.yaml: "
        "{population} organisationer, strata {strata}, viktning '{weighting}'), som R survey:s "
        "svyglm: koefficienter viktade efter designen, medelfel med Taylorlinjärisering och "
        "ändlighetskorrektion, t-test och 95 % intervall med designens frihetsgrader; "
        "skattningarna beskriver populationens organisationer. AIC, BIC och log-likelihood är "
        "inte definierade under designen.",
    ),
    "model_model_with_design": (
        "Model-based inference (the default for models): the relation beyond these "
        "organisations; the dataset has a population design, so --inference finite gives "
        "design-based estimates about the population's organisations (R survey's svyglm).",
        "Modellbaserad inferens (standard för modeller): sambandet utöver just dessa "
        "organisationer; datamängden har en populationsdesign, så --inference finite ger "
        "designbaserade skattningar om populationens organisationer (som R survey:s svyglm).",
    ),
    "model_formula": ("Model formula: {formula}.", "Modellformel: {formula}."),
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
        "Matched change over {by} (same organisations)",
        "Förändring över {by} för samma organisationer (parade)",
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
    "population_latest_wave": (
        "The dataset holds several waves in which organisations answer again ('{id}' repeats), "
        "so the design describes the last wave, {wave}: the response rates, the non-response "
        "table and design.yaml are for it. Use --where to choose another wave; finite-population "
        "estimates need the same --where.",
        "Datamängden har flera omgångar där organisationerna svarar igen ('{id}' upprepas), så "
        "designen beskriver den sista omgången, {wave}: svarsfrekvenserna, bortfallstabellen och "
        "design.yaml gäller den. Välj en annan omgång med --where; skattningar för den ändliga "
        "populationen behöver samma --where.",
    ),
    "design_for_subset": (
        "The dataset's population design (design.yaml) describes the responses with {where}; "
        "these estimates treat the respondents as a sample from an infinite population. Add "
        '--where "{where}" for estimates about the population\'s organisations.',
        "Datamängdens populationsdesign (design.yaml) beskriver svaren med {where}; dessa "
        "skattningar ser de svarande som ett urval ur en oändlig population. Lägg till "
        '--where "{where}" för skattningar om populationens organisationer.',
    ),
    "design_for_subset_model": (
        "Model-based inference (the default): the relation beyond these organisations. The "
        "dataset's population design (design.yaml) describes the responses with {where}; "
        'add --where "{where}" --inference finite for design-based results about the '
        "population's organisations.",
        "Modellbaserad inferens (standard): sambandet utöver just dessa organisationer. "
        "Datamängdens populationsdesign (design.yaml) beskriver svaren med {where}; lägg till "
        '--where "{where}" --inference finite för designbaserade resultat om populationens '
        "organisationer.",
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
    "scales_methods_finite": (
        "Finite-population inference: alpha, the item and scale means and SDs describe the "
        "population of {population} organisations (design.yaml), design-weighted and stratified "
        "by {strata} (weighting '{weighting}'); alpha as R survey's svycralpha over the "
        "respondents who answered every item, with a 95 % interval from its Taylor-linearised "
        "standard error (with the finite-population correction) and the design's degrees of "
        "freedom instead of Feldt's.",
        "Inferens för ändlig population: alfa och frågornas och skalans medelvärden och "
        "standardavvikelser beskriver populationen om {population} organisationer (design.yaml), "
        "designviktade och stratifierade efter {strata} (viktning '{weighting}'); alfa som R "
        "survey:s svycralpha bland de svarande som besvarat alla frågor, med ett 95 % intervall "
        "från dess Taylorlinjäriserade medelfel (med ändlighetskorrektion) och designens "
        "frihetsgrader i stället för Feldts.",
    ),
    "scales_model_with_design": (
        "Model-based reliability (the default for scales): the responses as a sample from an "
        "infinite population; the dataset has a population design, so --inference finite gives "
        "alpha about the population's organisations.",
        "Modellbaserad reliabilitet (standard för skalor): svaren som ett urval ur en oändlig "
        "population; datamängden har en populationsdesign, så --inference finite ger alfa för "
        "populationens organisationer.",
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
