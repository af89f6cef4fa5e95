"""The sample's README.md: how it was made, the planted and the realised truth."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .frame import AGENCIES_STOCKHOLM
from .parameters import (
    AGREEMENT,
    DONT_KNOW,
    DUPLICATES,
    EMPLOYEES,
    FILENAMES,
    FRAME_FILENAME,
    FRAMEWORK_DONT_KNOW,
    FRAMEWORK_LEAD_LOGODDS,
    FRAMEWORK_YES,
    ID_HEADER,
    ID_NO_DASH,
    ID_SPACES,
    INFRA_OPTIONS,
    INVOLVEMENT,
    IT_COST,
    IT_COST_BLANK,
    IT_COST_SDLOG,
    LATENT_RHO,
    LEAD_MEAN,
    LEADERSHIP_ITEMS,
    LOADING,
    N_RESPONDENTS,
    OBSTACLE,
    P_BLANK,
    P_COMMENT,
    P_DONT_KNOW,
    PACE_EMPLOYEES,
    PACE_ITEMS,
    PACE_MEAN,
    PANEL_RHO,
    POPULATION,
    Q_COMMENT,
    Q_EMPLOYEES,
    Q_FRAMEWORK,
    Q_INFRA,
    Q_INVOLVEMENT,
    Q_ITCOST,
    Q_LEADERSHIP,
    Q_OBSTACLE,
    Q_ORGTYPE,
    Q_PACE,
    REGISTER_SECTOR,
    RESPONSE_AGAIN,
    RESPONSE_SIZE,
    SECTORS,
    SEED,
    SURVEYMONKEY_LEAD,
    THRESHOLDS,
    WAVE_SHIFT,
    WAVES,
)
from .responses import generate
from .truth import realised_truth

if TYPE_CHECKING:  # pragma: no cover
    pass


def _fmt(x: Any, digits: int = 3) -> str:
    if isinstance(x, float):
        if x.is_integer() and abs(x) >= 1:
            return str(int(x))
        if 0 < abs(x) < 10 ** (-digits):
            return f"{x:.2e}"
        return f"{x:.{digits}f}"
    return str(x)


def _table(rows: list[dict[str, Any]], columns: list[str], digits: int = 3) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        lines.append("| " + " | ".join(_fmt(r[c], digits) for c in columns) + " |")
    return "\n".join(lines)


def readme_text(seed: int = SEED) -> str:
    """The text of ``data/sample/README.md``: layout, items, planted and realised truth."""
    truth = realised_truth(seed)
    frames = {w: generate(w, seed) for w in WAVES}
    org_counts = "; ".join(
        f"{w}: " + ", ".join(f'"{k}" {v}' for k, v in sorted(df["org_type"].value_counts().items()))
        for w, df in frames.items()
    )
    text_cells = int(frames[2018]["it_cost_as_text"].sum())
    comments = ", ".join(f"{w}: {int(df['comment'].notna().sum())}" for w, df in frames.items())
    lead_items = "\n".join(f"| `{k}` | {v} |" for k, v in LEADERSHIP_ITEMS.items())
    pace_items = "\n".join(f"| `{k}` | {v} |" for k, v in PACE_ITEMS.items())
    infra_items = "\n".join(f"| `{k}` | {v} |" for k, v in INFRA_OPTIONS.items())
    sector_means = "\n".join(
        f"| {s} | {LEAD_MEAN[s]:+.2f} | {PACE_MEAN[s]:+.2f} | {FRAMEWORK_YES[s]:.2f} | "
        f"{EMPLOYEES[s][0]:.0f} ({EMPLOYEES[s][1]:.1f}) | {IT_COST[s]:.1f} | "
        f"{N_RESPONDENTS[2018][s]} / {N_RESPONDENTS[2021][s]} of {POPULATION[s]} |"
        for s in SECTORS
    )
    return f"""# Sample data: digitalisation in Swedish public-sector organisations (made up)

**All data here is invented** by `digianalys sample` (`digianalys/sample.py`, seed {seed}; that
seed was picked among 1–40 as the draw whose realised values lie closest to the design targets:
Spearman 0.4 and α 0.8 in each wave, the framework shares of state agencies and kommuner, a rise
of 0.2 / 0.15 in the leadership / pace means, the state-agency − kommun differences of both
scale means near their average over the 40 seeds, and a 2018–2021 correlation ≈ 0.5 of the
matched organisations' scale scores);
organisations, organisation numbers, names of people, e-mail addresses (`@exempel.se`) and IP
addresses (documentation ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) are fake; only the
21 county (län) names are real. Regenerate with

    digianalys sample -o data/sample

The output is deterministic (byte-identical workbooks for a given openpyxl version); a test checks
that the committed files equal a fresh generation.

## The population and the panel

`{FRAME_FILENAME}` is a fictional population frame (sheet "Organisationer", one row per
organisation, sorted by organisation number): {POPULATION["statlig"]} state agencies,
{POPULATION["kommunal"]} kommuner and {POPULATION["regional"]} regions, {sum(POPULATION.values())} in all.

| column | content |
|---|---|
| `org_id` | organisation number NNNNNN-NNNN, made up: first digit 2, third digit ≥ 2 (as real organisation numbers: never a valid month, so never a personnummer), Luhn check digit last; unique |
| `name` | made up: "Myndigheten för …", "Nämnden för …" …, "<place> kommun", "Region <name>" (no real organisation's name) |
| `sector` | as a register writes it: "{REGISTER_SECTOR["statlig"]}", "{REGISTER_SECTOR["kommunal"]}", "{REGISTER_SECTOR["regional"]}" |
| `employees` | number of employees, lognormal by sector (table below); the organisation reports the same number in both waves |
| `county` | län: kommuner spread as the real 290 are, state agencies {AGENCIES_STOCKHOLM:.0%} in Stockholms län, one region per län |

Each wave's respondents are drawn from the frame: within each sector exactly the numbers below
answer, drawn by weighted sampling without replacement with weight exp({RESPONSE_SIZE}·z), z the
within-sector standardised log(employees) (bigger organisations answer more often); in 2021 an
organisation that answered in 2018 has {RESPONSE_AGAIN:g} times the weight (most answer again,
some answer only one wave). Non-response depends on size and sector only, not on the answers.

Both exports have a column "{ID_HEADER}" (2018: after the personal-data columns; 2021: a
SurveyMonkey custom-data column after the leading metadata columns, blank in the second header
row) holding the organisation number as the respondent typed it: mostly as registered, ≈
{ID_NO_DASH:.0%} without the dash ("NNNNNNNNNN"), ≈ {ID_SPACES:.0%} with spaces around it, so
matching must normalise (trim; with or without the dash). Organisation numbers are not personal
data; the example codebook names the column `org_id` (type `id`).

Response per wave and sector (median employees of respondents and of non-respondents show the
size-dependent non-response):

{_table(truth["response"], ["wave", "sector", "population", "respondents", "response_rate", "employees_median_respondents", "employees_median_nonrespondents"])}

Panel overlap (organisations of the frame by the waves they answered):

{_table(truth["panel"], ["sector", "population", "both_waves", "only_2018", "only_2021", "neither"])}

## Files

| file | layout |
|---|---|
| `{FILENAMES[2018]}` | one header row (plain), sheet "Svar"; {truth["by_wave"][0]["rows_in_workbook"]} data rows = {truth["by_wave"][0]["n"]} responses + {DUPLICATES[2018]} exact duplicate rows (appended at the end); select-all question as one column per option ("question: option", option text in ticked cells); some IT-cost cells are text with a decimal comma ("3,5"); personal data: `E-postadress`, `Respondentens namn`, `IP-adress`; `{ID_HEADER}` after them; `Inskickad` is a date-time |
| `{FILENAMES[2021]}` | SurveyMonkey, two header rows, sheet "Sheet": row 1 question text (merged across the columns of the matrix questions "{Q_LEADERSHIP}" and "{Q_PACE}" and of the select-all question), row 2 the statement, "Response" (single choice), "Open-Ended Response" (text box) or the option text (select-all: the option text in ticked cells, blank otherwise); leading columns {", ".join(SURVEYMONKEY_LEAD)} (personal data: IP Address, Email Address, First Name, Last Name), then the custom-data column `{ID_HEADER}`; {truth["by_wave"][1]["n"]} responses, no duplicates |
| `{FRAME_FILENAME}` | the population frame the waves are drawn from (see above), one header row, sheet "Organisationer" |

## Questions (same wording in both waves)

| question | answers |
|---|---|
| {Q_ORGTYPE} | Statlig myndighet / Kommun / Region (2018 mostly "Landsting"), with spelling variants ("statlig myndighet ", "Statlig Myndighet", "kommun", " Kommun") |
| {Q_EMPLOYEES} | number (lognormal; regions largest) |
| {Q_LEADERSHIP}: five statements (matrix) | {" / ".join(AGREEMENT)}, plus "{DONT_KNOW}" (≈ {P_DONT_KNOW:.0%}) and blank (≈ {P_BLANK:.0%}) |
| {Q_PACE}: four statements (matrix) | same scale |
| {Q_FRAMEWORK} | Ja / Nej / Vet ej |
| {Q_OBSTACLE} | {" / ".join(reversed(OBSTACLE))}, plus "Vet ej" (≈ 3 %) |
| {Q_INVOLVEMENT} | {" / ".join(reversed(INVOLVEMENT))}, plus "Vet ej" (≈ 4 %) |
| {Q_ITCOST} | number, ≈ {IT_COST_BLANK:.0%} blank |
| {Q_INFRA} | select all: {"; ".join(INFRA_OPTIONS.values())} |
| {Q_COMMENT} | free text (≈ {P_COMMENT:.0%} answer; one comment has a line break) |

Suggested codebook names (used in the tests and docs):

| name | leadership statement (scale `leadership`) |
|---|---|
{lead_items}

| name | pace statement (scale `pace`) |
|---|---|
{pace_items}

| name | select-all option |
|---|---|
{infra_items}

Other suggested names: `org_id` ({ID_HEADER}, type `id`), `sector` (organisation type: statlig / kommunal / regional), `employees`,
`framework`, `competence_obstacle`, `user_involvement`, `it_cost`, `comment`.

## Planted truth (the generating model)

Per organisation and wave, latent leadership L = μ_L(sector) + shift(wave) + e₁ and latent pace
P = μ_P(sector) + shift(wave) + {LATENT_RHO}·e₁ + {PACE_EMPLOYEES}·z_emp + √(1 − {LATENT_RHO}² − {PACE_EMPLOYEES}²)·e₂,
with e₁, e₂, z_emp independent standard normal; z_emp is the organisation's standardised
log(employees) in the frame (so pace rises a little with size, independently of leadership).
Within a sector, corr(L, P) = {LATENT_RHO}. The panel: e₁ = √ρ·u₁ + √(1 − ρ)·ε₁ and
e₂ = √ρ·u₂ + √(1 − ρ)·ε₂ with ρ = {PANEL_RHO}, u₁, u₂ the organisation's persistent traits and
ε₁, ε₂ new in each wave, so an organisation's latent values correlate {PANEL_RHO} between the
waves while their distribution within each wave stays as before.
The 2021 shift is {WAVE_SHIFT["leadership"][2021]:+.2f} latent units for leadership and
{WAVE_SHIFT["pace"][2021]:+.2f} for pace (≈ +0.2 on both 1–5 scale means).

Each agreement item = λ·latent + √(1 − λ²)·noise (λ = {LOADING["leadership"]} leadership,
{LOADING["pace"]} pace), cut at thresholds {", ".join(f"{t:+.2f}" for t in THRESHOLDS)} (shifted
per item by a difficulty of −0.20 … +0.35) into codes 1–5 (1 = {AGREEMENT[0]}, 5 = {AGREEMENT[-1]});
then "Vet ej" with probability {P_DONT_KNOW} and blank with probability {P_BLANK}, independently of
everything (MCAR). Designed so that Cronbach's α ≈ 0.8 for both scales and the Spearman correlation
of the two scale means ≈ 0.4 (attenuated from the latent correlation by measurement error).

| sector | μ_L | μ_P | P(framework = Ja) | employees median (SD log) in the frame | IT cost median % | responding 2018 / 2021 of population |
|---|---|---|---|---|---|---|
{sector_means}

- Benefit-realisation framework: P(Ja) per sector as above in both waves (log-odds rise
  {FRAMEWORK_LEAD_LOGODDS} per within-sector SD of leadership, intercept calibrated to keep the
  sector share); of the rest, {FRAMEWORK_DONT_KNOW:.0%} answer "Vet ej", the others "Nej".
- Lack of digital competence as an obstacle: lower with stronger leadership, higher in
  municipalities. User involvement: higher with faster pace.
- IT cost: lognormal (SD of log {IT_COST_SDLOG}) around the sector median, slightly higher with
  pace. Select-all: sector-specific use (Ineras tjänster mostly municipalities and regions; SDK
  rare in 2018, common in 2021), higher with pace; "Ingen av dessa" ticked when nothing else is.

## Realised truth (computed by the generator from its raw frame, before duplicates)

Scale means: mean of item codes 1–5 with "Vet ej"/blank missing, at least 3 items answered (as
`min_items: 3` in a codebook). Framework share "of answered" excludes "Vet ej" (as an analysis
after ingest sees it).

{_table(truth["by_wave"], ["wave", "n", "rows_in_workbook", "leadership_mean", "pace_mean", "spearman_leadership_pace", "n_pairs", "latent_corr", "alpha_leadership", "alpha_pace"])}

{_table(truth["by_wave_sector"], ["wave", "sector", "n", "leadership_mean", "pace_mean", "framework_yes_of_all", "framework_yes_of_answered", "employees_median", "it_cost_mean"])}

Select-all: organisations ticking each option, and the share among those that answered the question:

{_table(truth["infra"], ["wave", "option", "ticked", "share_of_answered"])}

Tests on the realised data (same rows as after ingest drops the duplicates; the paired tests
on the organisations that answered both waves, matched by organisation number, with the scale
score present in both; Wilcoxon with zero differences dropped, as R's `wilcox.test`):

{_table(truth["tests"], ["wave", "what", "test", "statistic", "p_value"], 4)}

Scale scores of the matched organisations, 2018 against 2021:

{_table(truth["panel_corr"], ["scale", "n_pairs", "pearson_2018_2021", "mean_change"])}

Exact counts per column (codebook names as suggested above; `vet_ej` = answers "Vet ej",
`blank` = empty cells, `answered` = a valid answer), before the 2018 duplicates are added:

{_table(truth["counts"], ["wave", "column", "vet_ej", "blank", "answered"])}

Organisation-type labels as written: {org_counts}. IT cost written as text with a decimal comma
(2018): {text_cells} cells. Comments: {comments}.

What an analysis should find: leadership and pace correlate positively (Spearman ≈ 0.4);
regions and state agencies score higher on leadership than municipalities; the framework share
is clearly higher among state agencies than municipalities (χ² significant); both scale means
rise modestly from 2018 to 2021 (more clearly in the paired comparison of the organisations
that answered both waves, whose scores correlate across the waves); both scales have α ≈ 0.8;
against the frame, respondents are bigger than non-respondents in every sector.
"""
