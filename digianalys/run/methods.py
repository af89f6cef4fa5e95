"""The methods section: the methods sentences of the steps that ran, each once, and the
references for the methods they name."""

from __future__ import annotations

from ..output.i18n import Msg
from .steps import StepOutcome

#: Method keywords (as they appear in Result.methods sentences) → reference.
REFERENCES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("Mann–Whitney", "Mann-Whitney"),
        "Mann, H. B. & Whitney, D. R. (1947). On a test of whether one of two random variables is "
        "stochastically larger than the other. Annals of Mathematical Statistics, 18(1), 50–60.",
    ),
    (
        ("Kruskal",),
        "Kruskal, W. H. & Wallis, W. A. (1952). Use of ranks in one-criterion variance analysis. "
        "Journal of the American Statistical Association, 47(260), 583–621.",
    ),
    (
        ("Welch",),
        "Welch, B. L. (1947). The generalization of 'Student's' problem when several different "
        "population variances are involved. Biometrika, 34(1–2), 28–35; Welch, B. L. (1951). On "
        "the comparison of several mean values: an alternative approach. Biometrika, 38, 330–336.",
    ),
    (
        ("Fisher exact", "Fisher's exact", "Fishers exakta", "Fisher–"),
        "Fisher, R. A. (1922). On the interpretation of χ² from contingency tables, and the "
        "calculation of P. Journal of the Royal Statistical Society, 85(1), 87–94.",
    ),
    (
        ("Cramér", "Cramer"),
        "Cramér, H. (1946). Mathematical Methods of Statistics. Princeton University Press.",
    ),
    (
        ("Hedges",),
        "Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and "
        "related estimators. Journal of Educational Statistics, 6(2), 107–128.",
    ),
    (
        ("Holm",),
        "Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian "
        "Journal of Statistics, 6(2), 65–70.",
    ),
    (
        ("Benjamini", "fdr_bh", "false discovery"),
        "Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. Journal of the "
        "Royal Statistical Society B, 57(1), 289–300.",
    ),
    (
        ("Dunn",),
        "Dunn, O. J. (1964). Multiple comparisons using rank sums. Technometrics, 6(3), 241–252.",
    ),
    (
        ("Games–Howell", "Games-Howell"),
        "Games, P. A. & Howell, J. F. (1976). Pairwise multiple comparison procedures with unequal "
        "n's and/or variances. Journal of Educational Statistics, 1(2), 113–125.",
    ),
    (
        ("Fisher z", "Fisher's z", "Fishers z"),
        "Fisher, R. A. (1921). On the 'probable error' of a coefficient of correlation deduced "
        "from a small sample. Metron, 1, 3–32.",
    ),
    (
        ("Bonett",),
        "Bonett, D. G. & Wright, T. A. (2000). Sample size requirements for estimating Pearson, "
        "Kendall and Spearman correlations. Psychometrika, 65(1), 23–28.",
    ),
    (
        ("Fieller",),
        "Fieller, E. C., Hartley, H. O. & Pearson, E. S. (1957). Tests for rank correlation "
        "coefficients. I. Biometrika, 44(3/4), 470–481.",
    ),
    (
        ("Cronbach",),
        "Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. "
        "Psychometrika, 16(3), 297–334.",
    ),
    (
        ("Feldt",),
        "Feldt, L. S. (1965). The approximate sampling distribution of Kuder–Richardson "
        "reliability coefficient twenty. Psychometrika, 30(3), 357–370.",
    ),
    (
        ("McDonald", "omega", "ω (omega)"),
        "McDonald, R. P. (1999). Test Theory: A Unified Treatment. Lawrence Erlbaum.",
    ),
    (
        ("Rao–Scott", "Rao-Scott"),
        "Rao, J. N. K. & Scott, A. J. (1984). On chi-squared tests for multiway contingency tables "
        "with cell proportions estimated from survey data. Annals of Statistics, 12(1), 46–60.",
    ),
    (
        ("HC3",),
        "MacKinnon, J. G. & White, H. (1985). Some heteroskedasticity-consistent covariance matrix "
        "estimators with improved finite sample properties. Journal of Econometrics, 29(3), "
        "305–325.",
    ),
    (
        ("proportional-odds", "proportional odds", "ordinal logit", "ordinal logistic"),
        "McCullagh, P. (1980). Regression models for ordinal data. Journal of the Royal "
        "Statistical Society B, 42(2), 109–142.",
    ),
    (
        ("Wilson",),
        "Wilson, E. B. (1927). Probable inference, the law of succession, and statistical "
        "inference. Journal of the American Statistical Association, 22(158), 209–212.",
    ),
    (
        ("ε²", "epsilon"),
        "Tomczak, M. & Tomczak, E. (2014). The need to report effect size estimates revisited. "
        "Trends in Sport Sciences, 21(1), 19–25.",
    ),
    (
        ("ω²", "omega squared", "omega-squared"),
        "Olejnik, S. & Algina, J. (2003). Generalized eta and omega squared statistics. "
        "Psychological Methods, 8(4), 434–447.",
    ),
    (
        ("Steiger",),
        "Steiger, J. H. (2004). Beyond the F test: effect size confidence intervals and tests of "
        "close fit in the analysis of variance and contrast analysis. Psychological Methods, "
        "9(2), 164–182.",
    ),
    (
        ("rank-biserial",),
        "Kerby, D. S. (2014). The simple difference formula: an approach to teaching "
        "nonparametric correlation. Comprehensive Psychology, 3, 11.IT.3.1.",
    ),
)


def methods_sentences(outcomes: list[StepOutcome]) -> list[str]:
    """The methods sentences of the steps that ran, in order, each once (as given, so that
    translatable :class:`~digianalys.output.i18n.Msg` sentences stay translatable)."""
    seen: set[str] = set()
    out: list[str] = []
    for o in outcomes:
        if o.result is None:
            continue
        for s in o.result.methods:
            key = " ".join(str(s).split())
            if key and key not in seen:
                seen.add(key)
                out.append(s if isinstance(s, Msg) else key)
    return out


#: The methods paragraphs' headings, per kind of result.
METHOD_HEADINGS = {
    "describe": "methods_describe",
    "table1": "methods_describe",
    "compare": "methods_compare",
    "paired": "methods_compare",
    "attrition": "methods_compare",
    "correlate": "methods_correlate",
    "model": "methods_model",
    "scales": "methods_scales",
    "population": "methods_population",
}


def methods_paragraphs(outcomes: list[StepOutcome]) -> list[tuple[Msg, list[str]]]:
    """The methods sentences grouped into short paragraphs, one per kind of analysis (describing,
    comparing, correlating, modelling, scales, the population), in the order they first ran;
    each sentence once."""
    seen: set[str] = set()
    groups: dict[str, list[str]] = {}
    for o in outcomes:
        if o.result is None:
            continue
        key = METHOD_HEADINGS.get(o.result.kind, "methods_other")
        for s in o.result.methods:
            text = " ".join(str(s).split())
            if text and text not in seen:
                seen.add(text)
                groups.setdefault(key, []).append(s if isinstance(s, Msg) else text)
    return [(Msg(key), sentences) for key, sentences in groups.items()]


def references_for(sentences: list[str]) -> list[str]:
    """References for the methods named in ``sentences`` (in the catalogue's order)."""
    text = " ".join(sentences)
    low = text.lower()
    refs = []
    for keys, ref in REFERENCES:
        if any((k in text) or (k.lower() in low and len(k) > 5) for k in keys):
            refs.append(ref)
    return refs
