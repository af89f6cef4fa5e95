"""The `run` TOML schema: parsing, defaults, path resolution and error messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from digianalys.errors import ConfigError, DigianalysError
from digianalys.run.config import load_config, parse_config
from digianalys.run.registry import PLOT_KINDS, STEP_KINDS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "digitalisering.toml"

MINIMAL = """
title = "Digitalisering i offentlig sektor"
output = "../ut"
lang = "sv"

[[inputs]]
path = "data/enkät-2018.xlsx"
wave = "2018"

[[inputs]]
path = "data/enkät-2021.xlsx"
wave = 2021
"""


def write(tmp_path: Path, text: str, name: str = "run.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def err(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, text))
    msg = str(exc.value)
    assert "\n" not in msg
    assert "run.toml" in msg  # every message names the file
    return msg


def test_minimal_config_defaults_and_relative_paths(tmp_path):
    cfg = load_config(write(tmp_path, MINIMAL))
    assert cfg.title == "Digitalisering i offentlig sektor"
    assert cfg.lang == "sv"
    assert cfg.output == (tmp_path.parent / "ut").resolve()
    assert [i.path for i in cfg.inputs] == [
        (tmp_path / "data" / "enkät-2018.xlsx").resolve(),
        (tmp_path / "data" / "enkät-2021.xlsx").resolve(),
    ]
    assert cfg.waves == ["2018", "2021"]  # integers become strings
    assert cfg.min_cell == 5 and cfg.weights is None and cfg.force is False
    assert cfg.codebook is None and cfg.dataset is None and cfg.steps == []
    assert cfg.inputs[0].layout == "auto"


def test_steps_in_file_order_with_defaults_and_names(tmp_path):
    text = (
        'min_cell = 3\nweights = "w"\ncodebook = "cb.yaml"\n'
        + MINIMAL
        + """
[[describe]]
by = "sector"

[[compare]]
by = "sector"
variables = ["pace", "leadership"]
correction = "fdr_bh"

[[compare]]
by = "wave"
min_cell = 0
caption = "Förändring 2018–2021"

[[correlate]]
x = "leadership"
y = "pace"
control = "employees"

[[correlate]]
x = ["a", "b", "c"]
method = "kendall"

[[model]]
formula = "pace ~ leadership + C(sector) + np.log(employees)"

[[scales]]

[[plot]]
kind = "likert"
by = "sector"
file = "likert-sektor.png"

[[plot]]
kind = "forest"
args = "pace ~ leadership"
"""
    )
    cfg = load_config(write(tmp_path, text))
    assert cfg.codebook == (tmp_path / "cb.yaml").resolve()
    kinds = [s.kind for s in cfg.steps]
    assert kinds == ["describe", "compare", "compare", "correlate", "correlate", "model"] + [
        "scales",
        "plot",
        "plot",
    ]
    names = [s.name for s in cfg.steps]
    assert names == [
        "describe-sector",
        "compare-sector",
        "compare-wave",
        "correlate-leadership-pace",
        "correlate-a-b-c",
        "model",
        "scales",
        "likert-sektor",
        "forest",
    ]
    d, c1, c2, r1, r2, m, s, p1, p2 = cfg.steps
    assert d.options == {
        "variables": None,
        "by": "sector",
        "weights": "w",
        "min_cell": 3,
        "where": None,
        "inference": None,
        "suppress": "groups",
        "layout": "tidy",
        "continuous": "mean",
        "letters": False,
    }
    assert c1.options["test"] == "auto" and c1.options["correction"] == "fdr_bh"
    assert c1.options["variables"] == ["pace", "leadership"]
    assert c2.options["min_cell"] == 0 and c2.caption == "Förändring 2018–2021"
    assert r1.options["control"] == ["employees"] and r1.options["method"] == "spearman"
    assert r2.options["x"] == ["a", "b", "c"] and r2.options["y"] is None
    assert m.options == {
        "formula": "pace ~ leadership + C(sector) + np.log(employees)",
        "kind": "ols",
        "robust": "hc3",
        "cluster": None,
        "weights": "w",
        "standardize": False,
        "min_cell": 3,
        "inference": None,
        "where": None,
    }
    assert s.options == {"names": None, "missing": "pairwise", "inference": None, "where": None}
    assert p1.figure_file == "likert-sektor.png" and p1.options["min_cell"] == 3
    assert p2.options["args"] == ["pace ~ leadership"] and p2.figure_file == "forest.svg"
    assert "weights" not in p1.options  # figures take no weights
    assert c2.where == "[[compare]] #2 'compare-wave'"


def test_default_names_are_made_unique(tmp_path):
    text = MINIMAL + '[[scales]]\n[[scales]]\nname = "scales-2"\n[[scales]]\n'
    cfg = load_config(write(tmp_path, text))
    assert [s.name for s in cfg.steps] == ["scales", "scales-2", "scales-3"]


def test_dataset_instead_of_inputs(tmp_path):
    cfg = load_config(write(tmp_path, 'dataset = "analys"\n[[scales]]\n'))
    assert cfg.dataset == (tmp_path / "analys").resolve() and cfg.inputs == []
    assert cfg.output == (tmp_path / "output").resolve()


def test_parse_config_from_dict_resolves_against_base(tmp_path):
    cfg = parse_config({"inputs": [{"path": "a.csv"}]}, base=tmp_path)
    assert cfg.inputs[0].path == (tmp_path / "a.csv").resolve()
    assert cfg.waves is None and cfg.title


@pytest.mark.parametrize(
    ("extra", "needles"),
    [
        ('titel = "x"\n', ["unknown key 'titel' in the top level", "did you mean: title"]),
        ('[[compare]]\nby = "s"\ncorection = "holm"\n', ["[[compare]] #1", "correction"]),
        ('[[compare]]\nvariables = ["a"]\n', ["[[compare]] #1 has no 'by'", "required"]),
        ('[[compare]]\nby = "s"\ntest = "wilcoxon"\n', ["key 'test' must be one of", "auto"]),
        ('[[compare]]\nby = "s"\nvariables = "pace"\n', ["'variables' must be a list"]),
        ('[[plot]]\nkind = "pie"\n', ["[[plot]] #1 key 'kind' must be one of", "likert"]),
        ('[[plot]]\nkind = "box"\nfile = "box.pdf"\n', ["must end in .svg or .png"]),
        ('[[plot]]\nkind = "box"\nfile = "../box.svg"\n', ["plain file name"]),
        ('[[plot]]\nargs = ["x"]\n', ["[[plot]] #1 has no 'kind'"]),
        ('[[model]]\nformula = "pace"\n', ["'formula' must look like"]),
        ('[[model]]\nformula = "y ~ x"\nrobust = "hc4"\n', ["'robust' must be one of", "hc3"]),
        ('[[correlate]]\ny = "pace"\n', ["[[correlate]] #1 has no 'x'"]),
        ('[[correlate]]\nx = "a"\n', ["has x but no 'y'"]),
        ('[[correlate]]\nx = ["a"]\n', ["at least two variables"]),
        ("min_cell = -1\n", ["'min_cell' must be a whole number from 0"]),
        ('min_cell = "5"\n', ["'min_cell' must be a whole number"]),
        ('layout = "excel"\n', ["'layout' must be one of auto, plain"]),
        ('force = "yes"\n', ["'force' must be true or false"]),
        ('[[scales]]\nname = "a b"\n', ["'name' must be letters, digits"]),
        (
            '[[scales]]\nname = "x"\n[[describe]]\nname = "X"\n',
            ["[[describe]] #1 has the name 'X' already used by [[scales]] #1 'x'"],
        ),
        (
            '[[plot]]\nkind = "box"\nfile = "a.svg"\n[[plot]]\nkind = "bar"\nname = "b"\nfile = "a.svg"\n',
            ["writes figures/a.svg like"],
        ),
        ('describe = "sector"\n', ["'describe' must be written as [[describe]] tables"]),
        ('[[inputs]]\nwave = "2024"\n', ["[[inputs]] #3 has no 'path'"]),
        ('[[inputs]]\npath = "c.xlsx"\n', ["[[inputs]] #3 has no 'wave'"]),
        ('[[inputs]]\npath = "c.xlsx"\nwave = "2018"\n', ["same 'wave'"]),
        ('[[inputs]]\npath = "c.xlsx"\nwave = "2024"\nsheet = "S"\n', ["differ in 'sheet'"]),
        ('dataset = "d"\n', ["either [[inputs]]", "not both"]),
    ],
)
def test_errors_name_the_key_and_step(tmp_path, extra, needles):
    # top-level keys must come before the first [[table]]
    text = MINIMAL + extra if extra.startswith("[[") else extra + MINIMAL
    msg = err(tmp_path, text)
    for needle in needles:
        assert needle in msg, msg


def test_no_data_and_codebook_with_dataset(tmp_path):
    assert "no data" in err(tmp_path, 'title = "x"\n')
    assert "'codebook' applies at ingest" in err(tmp_path, 'dataset = "d"\ncodebook = "c.yaml"\n')


def test_file_errors(tmp_path):
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(tmp_path)
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, 'title = "unterminated\n'))
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('title = "åäö"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(bad)
    assert issubclass(ConfigError, DigianalysError)


def test_utf8_bom_and_swedish_text(tmp_path):
    p = tmp_path / "bom.toml"
    p.write_bytes(("\ufeff" + MINIMAL.replace("Digitalisering", "Välfärd åäö")).encode("utf-8"))
    assert load_config(p).title == "Välfärd åäö i offentlig sektor"


def test_example_config_is_valid_and_complete():
    if not EXAMPLE.is_file():
        pytest.skip("examples/digitalisering.toml not written yet")
    cfg = load_config(EXAMPLE)
    kinds = {s.kind for s in cfg.steps}
    assert kinds == set(STEP_KINDS)
    assert {s.options["kind"] for s in cfg.steps if s.kind == "plot"} == set(PLOT_KINDS)
    assert cfg.waves == ["2018", "2021"]
    assert all(i.path.is_relative_to(ROOT) for i in cfg.inputs)
    assert cfg.output.is_relative_to(ROOT / "examples")
    compares = {s.options["by"] for s in cfg.steps if s.kind == "compare"}
    assert {"sector", "wave"} <= compares


def test_lang_must_be_sv_or_en(tmp_path):
    assert "'lang' must be one of sv, en" in err(tmp_path, MINIMAL.replace('"sv"', '"de"'))
