"""Acceptance of the analysis commands and outputs (issues 3 and 4): regressions for what a
black-box pass through the CLI found. Each test is named after the behaviour it guards; numbers
are checked against statsmodels called directly here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from digianalys.cli import app
from digianalys.codebook import Codebook

AGREE = {
    1: "Instämmer inte alls",
    2: "Instämmer knappast",
    3: "Varken eller",
    4: "Instämmer delvis",
    5: "Instämmer helt",
}


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> str:
    """A dataset directory: three sectors (regional small), Likert items, a numeric outcome,
    a half-step 'score' (nine distinct values), many-valued 'employees', weights, 40 clusters."""
    rng = np.random.default_rng(11)
    n = 400
    sector = rng.choice(["statlig", "kommunal", "regional"], n, p=[0.45, 0.45, 0.10])
    lead = rng.integers(1, 6, n)
    emp = np.round(rng.lognormal(6, 1, n))
    pace = 0.4 * lead + 0.3 * (sector == "statlig") + rng.normal(size=n)
    item = np.clip(np.round(pace), 1, 5).astype(int)
    # regional answers "Instämmer inte alls" exactly twice: a small cell for min-cell 5
    regional = np.flatnonzero(sector == "regional")
    item[regional] = np.where(np.arange(len(regional)) < 2, 1, 3 + np.arange(len(regional)) % 3)
    data = pd.DataFrame(
        {
            "sector": pd.array(sector, dtype="string"),
            "lead_strategy": pd.array(lead, dtype="Int64"),
            "pace_peers": pd.array(item, dtype="Int64"),
            "employees": emp,
            "pace": pace,
            "score": np.clip(np.round(2 * pace) / 2, 1, 5),
            "framework": pd.array((pace + rng.normal(size=n) > 2.5).astype(int), dtype="Int64"),
            "county": rng.integers(0, 40, n).astype(str),
            "w": rng.uniform(0.5, 2.0, n),
            "comment": pd.array(["fritext"] * n, dtype="string"),
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical", "label": "Typ av organisation"},
                {"name": "lead_strategy", "type": "ordinal", "label": "Strategi", "values": AGREE},
                {"name": "pace_peers", "type": "ordinal", "label": "Snabbare", "values": AGREE},
                {"name": "employees", "type": "numeric", "label": "Antal anställda"},
                {"name": "pace", "type": "numeric", "label": "Digitaliseringstakt"},
                {"name": "score", "type": "numeric", "label": "Poäng"},
                {"name": "framework", "type": "binary", "values": {0: "Nej", 1: "Ja"}},
                {"name": "county", "type": "categorical", "label": "Län"},
                {"name": "w", "type": "numeric", "label": "Vikt"},
                {"name": "comment", "type": "text", "label": "Kommentar"},
            ]
        }
    )
    out = tmp_path_factory.mktemp("acceptance") / "dataset"
    out.mkdir()
    data.to_parquet(out / "data.parquet", index=False)
    cb.save(out / "codebook.yaml")
    return str(out)


def _frame(ds: str) -> pd.DataFrame:
    return pd.read_parquet(f"{ds}/data.parquet")


def _fails(args: list[str]) -> str:
    """The command exits 1 with a one-line ``error:`` message (no traceback); return it."""
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 1, res.output
    assert res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, res.stderr
    assert "Traceback" not in res.output
    return res.stderr


# ---------------------------------------------------------------------- model
def test_ordinal_model_with_a_transformed_outcome_is_an_error_not_a_traceback(ds):
    msg = _fails(["model", ds, "I(pace_peers) ~ lead_strategy", "--kind", "ordinal"])
    assert "plain variable name" in msg and "'I(pace_peers)'" in msg


def test_ordinal_model_refuses_a_numeric_outcome_with_many_values(ds):
    msg = _fails(["model", ds, "employees ~ lead_strategy", "--kind", "ordinal"])
    assert "outcome 'employees' is numeric with" in msg and "--kind ols" in msg


def test_ordinal_model_thresholds_of_a_half_step_outcome_have_short_names(ds):
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    from digianalys.stats.models import model

    res = model(ds, "score ~ lead_strategy", kind="ordinal", robust="none")
    coef = res.tables["coefficients"].set_index("term")
    frame = _frame(ds)
    levels = sorted(frame["score"].unique())
    expected = [f"{a:g}/{b:g}" for a, b in zip(levels[:-1], levels[1:], strict=True)]
    assert list(coef.index[1:]) == expected  # "1.5/2", never "1.5/2.0000000000000004"
    ref = OrderedModel(
        frame["score"].to_numpy(),
        frame[["lead_strategy"]].astype(float),
        distr="logit",
    ).fit(method="bfgs", maxiter=2000, disp=False)
    assert coef.loc["lead_strategy", "estimate"] == pytest.approx(
        ref.params["lead_strategy"], rel=1e-4
    )


def test_model_with_few_clusters_refuses_and_some_clusters_warn(ds):
    """3 clusters (sector) are refused; between 10 and 30 a note warns; 40 are quiet."""
    import statsmodels.formula.api as smf

    from digianalys.errors import AnalysisError
    from digianalys.stats.models import model

    with pytest.raises(AnalysisError, match="only 3 clusters"):
        model(ds, "pace ~ lead_strategy + C(sector)", cluster="sector")
    many = model(ds, "pace ~ lead_strategy", cluster="county")
    assert not any("clusters" in str(n) for n in many.notes)
    frame = _frame(ds)
    ref = smf.ols("pace ~ lead_strategy", frame).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(frame["county"])[0]}, use_t=True
    )
    got = many.tables["coefficients"].set_index("term")["std_error"]
    assert got.to_numpy() == pytest.approx(ref.bse.to_numpy(), rel=1e-6)


# ---------------------------------------------------------------------- plots
@pytest.mark.parametrize("kind,arg", [("heatmap", "pace"), ("forest", "pace ~ lead_strategy")])
def test_plot_kinds_without_groups_refuse_by_instead_of_ignoring_it(ds, tmp_path, kind, arg):
    args = ["plot", kind, ds, arg] + (["employees"] if kind == "heatmap" else [])
    msg = _fails([*args, "--by", "sector", "-o", str(tmp_path / "f.png")])
    assert f"plot {kind}" in msg and "--by" in msg
    assert not (tmp_path / "f.png").exists()


def test_likert_never_blanks_a_bar_of_a_group_at_the_threshold(ds):
    """regional (34 answers) chose 'Instämmer inte alls' twice: under the groups rule (default)
    every segment is drawn, also that one; under the cells rule the bar is still drawn, the
    small answer and its complement as one hatched segment, and describe hides the same cell."""
    from digianalys.dataset import load
    from digianalys.plots.likert import draw
    from digianalys.stats.describe import describe

    def bars(fig) -> dict[str, list]:
        out = {}
        for ax in fig.axes:
            title = ax.get_title(loc="left")
            if title and "(n = " in title:
                out[title.split(" (")[0]] = [p for p in ax.patches if p.get_width() > 0]
        return out

    dataset = load(ds)
    drawn = bars(draw(dataset, ["pace_peers"], by="sector", min_cell=5, lang="sv"))
    for group, patches in drawn.items():  # every answer drawn: the segments add up to 100 %
        assert sum(p.get_width() for p in patches) == pytest.approx(100.0), group
    assert not any(p.get_hatch() for v in drawn.values() for p in v)
    cells = bars(draw(dataset, ["pace_peers"], by="sector", min_cell=5, suppress="cells"))
    hatched = [p for p in cells["regional"] if p.get_hatch()]
    assert len(hatched) == 1 and len(cells["regional"]) >= 3
    assert sum(p.get_width() for p in cells["regional"]) == pytest.approx(100.0)
    freq = describe(dataset, ["pace_peers"], by="sector", suppress="cells").tables["frequencies"]
    cell = freq[(freq["group"] == "regional") & (freq["level"] == "Instämmer inte alls")]
    assert bool(cell["suppressed"].iloc[0])
    # the hatched segment holds at least two answers' counts (no single one recoverable)
    hidden = freq[(freq["group"] == "regional") & freq["suppressed"]]
    assert len(hidden) >= 2


def test_likert_compare_labels_are_in_the_figure_language(ds):
    from digianalys.dataset import load
    from digianalys.plots.likert import compare_labels
    from digianalys.stats.compare import compare

    dataset = load(ds)
    row = compare(dataset, "framework", ["pace_peers"]).tables["compare"].iloc[0]
    assert row["effect_measure"] == "rank-biserial r"
    sv = compare_labels(dataset, "framework", ["pace_peers"], 5, "sv")["pace_peers"]
    assert sv.startswith("Mann–Whitney U, just. p") and "rangbiserial r = " in sv
    en = compare_labels(dataset, "framework", ["pace_peers"], 5, "en")["pace_peers"]
    assert "adj. p" in en and "rank-biserial r = " in en


# ---------------------------------------------------------------------- tables and formats
def test_markdown_p_value_column_is_right_aligned(ds, tmp_path):
    out = tmp_path / "m.md"
    res = CliRunner().invoke(app, ["model", ds, "pace ~ lead_strategy", "-o", str(out)])
    assert res.exit_code == 0, res.output
    lines = out.read_text(encoding="utf-8").splitlines()
    head = next(i for i, ln in enumerate(lines) if ln.startswith("| Term"))
    cols = [c.strip() for c in lines[head].strip("|").split("|")]
    aligns = [c.strip() for c in lines[head + 1].strip("|").split("|")]
    assert aligns[cols.index("p")] == "---:"
    assert "&lt; 0.001" in lines[head + 3]  # lead_strategy's p


@pytest.mark.parametrize("lang,shown", [("en", "< 0.001"), ("sv", "< 0,001")])
def test_xlsx_p_values_are_real_numbers_that_read_below_0001(ds, tmp_path, lang, shown):
    from openpyxl import load_workbook

    out = tmp_path / "c.xlsx"
    res = CliRunner().invoke(
        app, ["compare", ds, "--by", "framework", "pace", "--lang", lang, "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    ws = load_workbook(out)["compare"]
    header = [c.value for c in ws[1]]
    p = ws.cell(row=2, column=header.index("p_value" if lang == "en" else "p-värde") + 1)
    assert isinstance(p.value, float) and p.value < 0.001
    assert p.number_format == f'[<0.001]"{shown}";0.000'
    assert p.data_type == "n"  # a number, not a formula or text


def test_compare_shows_the_n_of_a_suppressed_group_as_a_dash(ds, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "c.xlsx"
    args = ["compare", ds, "--by", "sector", "pace", "--min-cell", "60"]
    res = CliRunner().invoke(app, [*args, "-o", str(out)])
    assert res.exit_code == 0, res.output
    ws = load_workbook(out)["compare"]
    header = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=header.index("n_regional") + 1).value == "–"
    assert ws.cell(row=2, column=header.index("summary_regional") + 1).value == "–"
    assert isinstance(ws.cell(row=2, column=header.index("n_statlig") + 1).value, int)
    text = CliRunner().invoke(app, [*args, "--format", "wide"]).stdout
    row = next(ln for ln in text.splitlines() if ln.startswith("pace "))
    # n and summary of regional, and of kommunal (the smaller of the others, suppressed as its
    # complement so that n minus statlig does not give regional), not empty cells
    assert row.count(" – ") == 4
    assert ws.cell(row=2, column=header.index("n_kommunal") + 1).value == "–"


def test_compare_with_weights_says_that_rank_tests_were_not_used(ds):
    from digianalys.output.i18n import tr
    from digianalys.stats.compare import compare

    res = compare(ds, "sector", ["pace_peers"], weights="w", test="nonparametric")
    assert res.tables["compare"]["test"].iloc[0] == "weighted Wald F"
    notes = [tr(n, "sv") for n in res.notes]
    assert any("--test nonparametric tillämpades inte" in n for n in notes)
    assert not compare(ds, "sector", ["pace_peers"], weights="w").notes


# ---------------------------------------------------------------------- messages
def test_correlate_with_a_categorical_variable_points_to_control_and_compare(ds):
    msg = _fails(["correlate", ds, "pace", "employees", "sector"])
    assert "--control sector" in msg and "compare --by sector" in msg
    text_msg = _fails(["correlate", ds, "pace", "comment"])
    assert "compare" not in text_msg  # a text column cannot group either


def test_run_config_with_a_top_level_key_after_a_section_says_where_it_belongs(tmp_path):
    cfg = tmp_path / "a.toml"
    cfg.write_text('[[inputs]]\npath = "x.xlsx"\nlang = "sv"\n', encoding="utf-8")
    msg = _fails(["run", str(cfg)])
    assert "'lang'" in msg and "top-level key" in msg and "above the first [[...]]" in msg
