"""Model formulas are data, not code (issue 16, point 0).

Every formula goes through our own restricted grammar (digianalys/stats/formula.py) before
statsmodels sees it, and statsmodels only ever sees a formula over generated column names. The
injection corpus below must be refused with a VariableError naming the token and with no side
effect (no file created); every documented formula must give what statsmodels gives when the same
formula is evaluated directly on the same data (the reference is patsy, called in this test on
our own trusted data).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st

from digianalys.codebook import Codebook
from digianalys.dataset import Dataset
from digianalys.errors import DigianalysError, VariableError
from digianalys.stats.formula import FUNCTIONS, parse_formula, render
from digianalys.stats.models import model

ROOT = Path(__file__).resolve().parents[2]
# patsy, the reference, evaluates the documented formulas in this module's namespace
log = np.log


@pytest.fixture(scope="module")
def survey() -> Dataset:
    rng = np.random.default_rng(11)
    n = 240
    sector = rng.choice(["statlig", "kommunal", "regional"], n)
    lead = rng.integers(1, 6, n).astype(float)
    emp = rng.lognormal(5, 1, n)
    x = rng.normal(size=n)
    pace = 0.5 * lead + 0.4 * (sector == "statlig") + 0.2 * np.log(emp) + 0.3 * x
    pace = pace + rng.normal(size=n)
    df = pd.DataFrame(
        {
            "sector": pd.array(sector, dtype="string"),
            "leadership": lead,
            "employees": emp,
            "x": x,
            "pace": pace,
        }
    )
    cb = Codebook.from_dict(
        {
            "variables": [
                {"name": "sector", "type": "categorical"},
                {"name": "leadership", "type": "numeric"},
                {"name": "employees", "type": "numeric"},
                {"name": "x", "type": "numeric"},
                {"name": "pace", "type": "numeric"},
            ]
        }
    )
    return Dataset(data=df, codebook=cb)


# Formulas that would run code, read attributes or call something not on the allow-list.
# Each tries to create the file "pwned" in the working directory.
INJECTIONS = [
    "pace ~ I(__import__('os').system('touch pwned') * 0 + x)",
    "pace ~ x + I(__import__('os').system('touch pwned') * 0 + x)",
    'pace ~ I(__import__("os").system("touch pwned"))',
    "pace ~ np.os.system('touch pwned')",
    "pace ~ I(np.os.system('touch pwned') * 0 + x)",
    "pace ~ np.log(x).__class__",
    "pace ~ x.__class__.__mro__",
    "pace ~ I(x.__class__)",
    "pace ~ I(open('pwned', 'w'))",
    "pace ~ open('pwned', 'w')",
    'pace ~ exec(\'open("pwned","w")\')',
    "pace ~ eval('1')",
    "pace ~ I((lambda: open('pwned', 'w'))())",
    "pace ~ I([open('pwned','w')][0])",
    "pace ~ I(x[0])",
    "pace ~ I({'a': 1})",
    "pace ~ I(globals())",
    "pace ~ I(__builtins__)",
    "pace ~ C(sector, Treatment(reference=__import__('os').system('touch pwned')))",
    "pace ~ C(sector, Sum)",
    "pace ~ C(sector, levels=open('pwned','w'))",
    "pace ~ C(open('pwned','w'))",
    "pace ~ Q('x').__class__",
    "pace ~ np.loadtxt('pwned')",
    "pace ~ numpy.save('pwned', 1)",
    "pace ~ bs(x, df=3)",
    "pace ~ x if x else x",
    "pace ~ x; import os",
    "pace ~ x @ x",
    "pace ~ 'x'",
    "pace ~ I('x')",
    "pace ~ f'{x}'",
    "pace ~ I(x) # comment",
    "pace ~ x and x",
    "__import__('os').system('touch pwned') ~ x",
    "pace ~ np.log.__globals__",
    "pace ~ I(2 ** 3 ** 100000000)".replace("I(2", "I(x"),
]


@pytest.mark.parametrize("formula", INJECTIONS)
def test_injection_refused_without_side_effect(survey, formula, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DigianalysError):
        model(survey, formula)
    assert not (tmp_path / "pwned").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "formula, token",
    [
        ("pace ~ I(__import__('os').system('id') * 0 + x)", "__import__"),
        ("pace ~ np.os.system('id')", "np.os"),
        ("pace ~ open('f')", "open"),
        ("pace ~ x.real", "x.real"),
        ("pace ~ I(x[0])", "["),
        ("pace ~ 'x'", "'x'"),
    ],
)
def test_refusal_names_the_token(formula, token):
    with pytest.raises(VariableError) as err:
        parse_formula(formula)
    msg = str(err.value)
    assert "cannot be parsed" in msg and f"'{token}" in msg
    assert "\n" not in msg


@pytest.mark.slow  # console-script processes
def test_cli_injection_creates_nothing(survey, tmp_path):
    """Through the console script, as a user would type it (the formula from the issue)."""
    exe = str(Path(sys.executable).parent / "digianalys")
    csv = tmp_path / "enkat.csv"
    survey.data.to_csv(csv, index=False)
    ds_dir = tmp_path / "ds"
    work = tmp_path / "work"
    work.mkdir()
    run = dict(cwd=work, capture_output=True, text=True, timeout=120)
    ingest = subprocess.run([exe, "ingest", str(csv), "-o", str(ds_dir)], **run)
    assert ingest.returncode == 0, ingest.stderr
    formula = "pace ~ x + I(__import__('os').system('id > f') * 0 + x)"
    proc = subprocess.run([exe, "model", str(ds_dir), formula], **run)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: formula") and "__import__" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert list(work.iterdir()) == []
    ok = subprocess.run([exe, "model", str(ds_dir), "pace ~ x + np.log(employees)"], **run)
    assert ok.returncode == 0, ok.stderr


@pytest.mark.parametrize(
    "step",
    [
        "[[model]]\nname = \"m\"\nformula = \"pace ~ I(__import__('os').system('touch pwned'))\"\n",
        '[[plot]]\nkind = "forest"\nargs = ["pace ~ open(\'pwned\', \'w\')"]\nfile = "f.svg"\n',
    ],
)
def test_run_config_formula_refused(tmp_path, step, monkeypatch):
    from digianalys.run.report import run_config

    monkeypatch.chdir(tmp_path)
    example = (ROOT / "examples" / "digitalisering.toml").read_text(encoding="utf-8")
    head = example[
        : example.index(
            "# ------------------------------------------------------------------ tables"
        )
    ]
    head = head.replace('"../data/', f'"{(ROOT / "data").as_posix()}/').replace(
        'codebook = "', f'codebook = "{(ROOT / "examples").as_posix()}/'
    )
    cfg = tmp_path / "run.toml"
    cfg.write_text(head + step, encoding="utf-8")
    with pytest.raises(DigianalysError) as err:
        run_config(cfg, output=tmp_path / "out", progress=False)
    assert "formula" in str(err.value) and "cannot be parsed" in str(err.value)
    assert not (tmp_path / "pwned").exists()


# ------------------------------------------------------------------ documented formulas work
DOCUMENTED = [
    "pace ~ leadership + C(sector) + np.log(employees)",
    "pace ~ leadership + sector",
    'pace ~ leadership + C(sector, Treatment(reference="statlig"))',
    "pace ~ leadership + C(sector, Treatment('regional'))",
    "pace ~ I(leadership**2) + leadership",
    "pace ~ I((leadership - 3) / 2) + x",
    "pace ~ leadership:x",
    "pace ~ leadership * x",
    "pace ~ C(sector) * x",
    "pace ~ C(sector):x",
    "pace ~ C(sector) / x",
    "pace ~ (leadership + x + C(sector))**2",
    "pace ~ leadership + x - 1",
    "pace ~ 0 + C(sector) + x",
    "pace ~ np.log1p(employees) + log(employees) + x",
    "pace ~ np.sqrt(employees) + x",
    "pace ~ np.exp(x / 10) + leadership",
    "pace ~ standardize(leadership) + center(x)",
    "pace ~ leadership + np.log(employees + 1)",
    'pace ~ Q("leadership") + x',
    "np.log(employees) ~ leadership + x",
    "I(pace * 2) ~ leadership",
]


@pytest.mark.parametrize("formula", DOCUMENTED)
def test_documented_formula_matches_statsmodels(survey, formula):
    res = model(survey, formula, robust="none")
    coef = res.tables["coefficients"]
    data = survey.data.astype({"sector": "object"})
    ref = smf.ols(formula, data).fit()
    # the same terms (names as statsmodels writes them, but Q("name") shown as the plain name)
    # with the same estimates and SEs
    assert list(coef["term"]) == [re.sub(r'Q\("(\w+)"\)', r"\1", t) for t in ref.params.index]
    np.testing.assert_allclose(coef["estimate"], ref.params.to_numpy(), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(coef["std_error"], ref.bse.to_numpy(), rtol=1e-8, atol=1e-10)


def test_reference_level_reported_and_checked(survey):
    res = model(survey, 'pace ~ C(sector, Treatment(reference="statlig"))')
    assert res.tables["fit"]["reference_levels"].iloc[0].endswith(": statlig")
    with pytest.raises(VariableError, match="'privat' is not a level of 'sector'"):
        model(survey, 'pace ~ C(sector, Treatment(reference="privat"))')


def test_categorical_in_arithmetic_refused(survey):
    with pytest.raises(VariableError, match="'sector' is categorical.*C\\(sector\\)"):
        model(survey, "pace ~ np.log(sector)")


def test_limits(survey):
    with pytest.raises(VariableError, match="at most"):
        parse_formula("pace ~ " + " + ".join(["x"] * 1000))
    with pytest.raises(VariableError, match="nested"):
        parse_formula("pace ~ I(" + "(" * 200 + "x" + ")" * 200 + ")")


def test_variables_in_order():
    f = parse_formula('y ~ C(s, Treatment(reference="b")) + I(x**2) + a:b - 1 + Q("z") + log(w)')
    assert f.variables() == (["y"], ["s", "x", "a", "b", "z", "w"])
    assert set(FUNCTIONS) >= {"log", "sqrt", "exp", "standardize", "center"}


# Random text over the formula alphabet: the parser either accepts (and then only names, numbers
# and allowed functions are in the tree) or raises VariableError; nothing else escapes it.
_ALPHABET = st.sampled_from(
    [
        "x",
        "y",
        "~",
        "+",
        "-",
        "*",
        "/",
        ":",
        "(",
        ")",
        ",",
        ".",
        "**",
        "np",
        "log",
        "I",
        "C",
        "Q",
        "'a'",
        "1",
        "0",
        "2.5",
        "__import__",
        "os",
        "[",
        "]",
        "=",
        " ",
        "lambda",
        "_",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=20))
def test_parser_fuzz_only_variable_errors(parts):
    text = "".join(parts)
    try:
        f = parse_formula(text)
    except VariableError:
        return
    # the canonical text of what was accepted parses to the same variables
    again = parse_formula(f"{render(f.lhs)} ~ {render(f.rhs)}")
    assert again.variables() == f.variables()


# ------------------------------------------------------------------ small groups (issue 17.2)
@pytest.fixture(scope="module")
def with_small_group(survey) -> Dataset:
    data = survey.data.copy()
    data.loc[[0, 1, 2], "sector"] = "privat"  # a group of 3
    return Dataset(data=data, codebook=survey.codebook)


def _group_mean(ds: Dataset, level: str) -> float:
    d = ds.data
    return float(d.loc[d["sector"] == level, "pace"].mean())


@pytest.mark.parametrize(
    "formula",
    [
        "pace ~ C(sector)",
        "pace ~ sector",
        'pace ~ C(sector, Treatment(reference="privat"))',
        "pace ~ C(sector) + x",
        "pace ~ C(sector):x",
    ],
)
def test_model_gives_no_small_group_away(with_small_group, formula):
    res = model(with_small_group, formula)
    coef = res.tables["coefficients"]
    fit = res.tables["fit"].iloc[0]
    assert not coef["term"].str.contains("privat").any()
    assert "privat" not in str(fit["reference_levels"])
    # no pair of numbers shown (intercept, coefficients, sums of two) equals the group's mean
    target = _group_mean(with_small_group, "privat")
    est = coef["estimate"].to_numpy()
    sums = np.add.outer(est, est).ravel()
    assert not np.isclose(np.concatenate([est, sums]), target, atol=1e-9).any()
    # the responses of the group are not in n, nor in the listwise counts
    assert fit["n"] == len(with_small_group.data) - 3
    shown = " ".join(str(m) for m in res.notes)
    assert "privat" in shown and "fewer than 5" in shown
    assert " 3 " not in shown
    # the same model without the small group gives exactly the same numbers
    rest = Dataset(data=with_small_group.data.iloc[3:], codebook=with_small_group.codebook)
    ref = model(rest, formula.replace(', Treatment(reference="privat")', ""))
    np.testing.assert_allclose(coef["estimate"], ref.tables["coefficients"]["estimate"])


def test_model_min_cell_zero_keeps_small_group(with_small_group):
    coef = model(with_small_group, "pace ~ C(sector)", min_cell=0).tables["coefficients"]
    assert coef["term"].str.contains("privat").any()


def test_forest_leaves_small_group_out(with_small_group):
    import matplotlib.pyplot as plt

    from digianalys.plots import forest

    fig = forest.draw(with_small_group, ["pace ~ C(sector) + x"], lang="en", min_cell=5)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    footnotes = " ".join(t.get_text() for t in fig.texts)
    plt.close(fig)
    assert len(ticks) == 3 and not any("privat" in t for t in ticks)
    assert "privat" in footnotes and "fewer than 5" in footnotes
