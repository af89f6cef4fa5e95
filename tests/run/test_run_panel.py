"""The run config's population, paired compare, attrition and trend steps (issues 13 and 14),
on the bundled example."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from digianalys.errors import ConfigError
from digianalys.run.config import parse_config


def _cfg(tmp_path: Path, **data):
    return parse_config({"dataset": str(tmp_path), **data}, base=tmp_path)


def test_steps_parse_with_the_top_level_id(tmp_path):
    cfg = _cfg(
        tmp_path,
        id="org_id",
        compare=[{"by": "wave", "paired": True}],
        attrition=[{"variables": ["pace"]}],
        trend=[{"variables": ["pace"], "paired": True}],
        population=[{"frame": "ram.xlsx", "strata": ["sector"], "trim": [0.5, 4]}],
    )
    kinds = [s.kind for s in cfg.steps]
    assert kinds[0] == "population"  # runs first: it writes the design the others use
    by_kind = {s.kind: s.options for s in cfg.steps}
    assert by_kind["compare"]["paired"] and by_kind["compare"]["id"] == "org_id"
    assert by_kind["attrition"]["by"] == "wave" and by_kind["attrition"]["id"] == "org_id"
    assert by_kind["population"]["frame"] == (tmp_path / "ram.xlsx").resolve()
    assert by_kind["population"]["trim"] == (0.5, 4.0)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"compare": [{"by": "wave", "paired": True}]}, "needs the organisation id"),
        ({"attrition": [{}]}, "needs the organisation id"),
        ({"id": "x", "population": [{"strata": ["sector"]}]}, "needs frame ="),
        ({"id": "x", "population": [{"frame": "f.xlsx", "trim": [1]}]}, "two numbers"),
        ({"id": "x", "population": [{"frame": "f.xlsx", "weighting": "magic"}]}, "weighting"),
        ({"plot": [{"kind": "box", "args": ["pace"], "paired": True}]}, 'kind = "trend"'),
    ],
)
def test_step_errors(tmp_path, data, message):
    with pytest.raises(ConfigError, match=message):
        _cfg(tmp_path, **data)


def test_example_report_has_response_paired_attrition_and_trend(example_run):
    tables = example_run / "tables"
    response = pd.read_csv(tables / "svarsfrekvens.csv", encoding="utf-8-sig")
    assert response["population"].tolist() == [290, 21, 230, 541]
    assert response["respondents"].tolist() == [235, 18, 162, 415]
    design = yaml.safe_load((example_run / "dataset" / "design.yaml").read_text(encoding="utf-8"))
    assert design["where"] == "wave == 2021" and design["frame"] == "population.xlsx"
    paired = pd.read_csv(tables / "jamforelse-omgang-parad.csv", encoding="utf-8-sig")
    row = paired.set_index("variable").loc["pace"]
    assert row["test"] == "paired t" and row["n_pairs"] > 300
    # 356 organisations answered both waves (45 only 2018, 59 only 2021; sample README);
    # an organisation without a pace score in one wave counts as answering only the other
    assert row["n_pairs"] + row["n_only_2018"] <= 401 and row["n_only_2018"] >= 45
    attrition = pd.read_csv(tables / "bortfall.csv", encoding="utf-8-sig")
    assert {"n_2018–2021", "n_2018"} <= set(attrition.columns)
    trend = pd.read_csv(tables / "utveckling.csv", encoding="utf-8-sig")
    assert set(trend["wave"].astype(str)) == {"2018", "2021"}
    html = (example_run / "report.html").read_text(encoding="utf-8")
    assert "Svarsfrekvens 2021 per sektor" in html
    assert "organisationer som svarat båda gångerna" in html
    assert (example_run / "figures" / "trend-takt-parad.svg").is_file()
    svg = (example_run / "figures" / "svarsfrekvens.svg").read_text(encoding="utf-8")
    assert "Svarsfrekvens per stratum" in svg and "(235/290)" in svg


def test_paired_table_of_the_example_equals_scipy_and_statsmodels(example_run):
    """Every row of the example's paired comparison against scipy/statsmodels on matched pairs
    built here from the dataset (org_id, wave), with the pair and one-wave counts."""
    import numpy as np
    from scipy import stats
    from statsmodels.stats.contingency_tables import mcnemar

    from digianalys.dataset import load

    ds = load(example_run / "dataset")
    table = pd.read_csv(
        example_run / "tables" / "jamforelse-omgang-parad.csv", encoding="utf-8-sig"
    )
    data = ds.data
    checked = set()
    for row in table.itertuples(index=False):
        if not row.test or not isinstance(row.test, str):
            continue
        col = pd.to_numeric(data[row.variable], errors="coerce")
        frame = pd.DataFrame({"id": data["org_id"], "wave": data["wave"].astype(str), "v": col})
        wide = frame.dropna().pivot(index="id", columns="wave", values="v")
        both = wide.dropna()
        a, b = both["2018"].to_numpy(float), both["2021"].to_numpy(float)
        assert row.n_pairs == len(both)
        assert row.n_only_2018 == int((wide["2018"].notna() & wide["2021"].isna()).sum())
        assert row.n_only_2021 == int((wide["2021"].notna() & wide["2018"].isna()).sum())
        if row.test == "Wilcoxon signed-rank":
            ref = stats.wilcoxon(b, a, zero_method="wilcox", correction=False)
        elif row.test == "paired t":
            ref = stats.ttest_rel(b, a)
        else:  # McNemar, exact or chi-square
            t2 = np.array(
                [
                    [np.sum((a == 1) & (b == 1)), np.sum((a == 1) & (b == 0))],
                    [np.sum((a == 0) & (b == 1)), np.sum((a == 0) & (b == 0))],
                ]
            )
            ref = mcnemar(t2, exact=row.test == "McNemar exact", correction=False)
        assert row.statistic == pytest.approx(ref.statistic, rel=1e-9)
        assert row.p_value == pytest.approx(ref.pvalue, rel=1e-9)
        checked.add(row.test)
    assert {"Wilcoxon signed-rank", "paired t"} <= checked
    assert checked & {"McNemar", "McNemar exact"}


def test_every_inline_svg_has_role_title_and_desc(example_run):
    import re

    html = (example_run / "report.html").read_text(encoding="utf-8")
    roots = re.findall(r"<svg\b[^>]*>", html)
    assert len(roots) == len(list((example_run / "figures").glob("*.svg")))
    for i, root in enumerate(roots, start=1):
        assert 'role="img"' in root and f'aria-labelledby="f{i}-title f{i}-desc"' in root
        assert f'<title id="f{i}-title">' in html and f'<desc id="f{i}-desc">' in html
    assert "kommunal: 235/290 (81 %)" in html and "Totalt: 415/541" in html
