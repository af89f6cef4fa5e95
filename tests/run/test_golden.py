"""Regression on the bundled sample: the example's tables must match tests/golden/*.csv.

The example (examples/digitalisering.toml) runs once per session (the ``example_run`` fixture in
conftest.py). Tolerance: numbers within rtol 1e-6 / atol 1e-9, missing equals missing; text
exactly. After a deliberate change: ``python scripts/update_golden.py``, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
RTOL = 1e-6
ATOL = 1e-9
UPDATE = "regenerate with 'python scripts/update_golden.py' and review the diff"


def read(path: Path) -> pd.DataFrame:
    """A result CSV as written by render (UTF-8 with BOM), text kept as text."""
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""])


def golden_files() -> list[str]:
    return sorted(p.name for p in GOLDEN.glob("*.csv"))


def compare_tables(got: pd.DataFrame, want: pd.DataFrame, name: str) -> list[str]:
    """Differences between two tables beyond the tolerance (empty: equal)."""
    problems: list[str] = []
    if list(got.columns) != list(want.columns):
        return [f"{name}: columns {list(got.columns)} != golden {list(want.columns)}"]
    if len(got) != len(want):
        return [f"{name}: {len(got)} rows != golden {len(want)}"]
    for c in want.columns:
        g, w = got[c], want[c]
        if pd.api.types.is_numeric_dtype(w) and pd.api.types.is_numeric_dtype(g):
            gv, wv = g.to_numpy(dtype=float), w.to_numpy(dtype=float)
            ok = np.isclose(gv, wv, rtol=RTOL, atol=ATOL, equal_nan=True)
            for i in np.flatnonzero(~ok)[:3]:
                problems.append(f"{name}: row {i + 1} column '{c}': {gv[i]!r} != golden {wv[i]!r}")
        else:
            gs, ws = g.astype("string").fillna("<NA>"), w.astype("string").fillna("<NA>")
            for i in np.flatnonzero((gs != ws).to_numpy())[:3]:
                problems.append(f"{name}: row {i + 1} column '{c}': {gs[i]!r} != golden {ws[i]!r}")
    return problems


def test_golden_files_exist():
    assert golden_files(), f"no golden tables in {GOLDEN}; {UPDATE}"


def test_same_tables_as_golden(example_run):
    written = sorted(p.name for p in (example_run / "tables").glob("*.csv"))
    assert written == golden_files(), UPDATE


@pytest.mark.parametrize("name", golden_files())
def test_table_matches_golden(example_run, name):
    path = example_run / "tables" / name
    assert path.is_file(), f"the example no longer writes tables/{name}; {UPDATE}"
    problems = compare_tables(read(path), read(GOLDEN / name), name)
    assert not problems, "\n".join(problems + [UPDATE])


def test_comparison_tolerance():
    """The comparison itself: within tolerance passes, beyond it and text changes fail."""
    want = pd.DataFrame({"variable": ["a", "b"], "p_value": [0.5, np.nan], "n": [10, 20]})
    close = want.assign(p_value=[0.5 * (1 + 5e-7), np.nan])
    assert compare_tables(close, want, "t") == []
    far = want.assign(p_value=[0.5 * (1 + 5e-6), np.nan])
    assert len(compare_tables(far, want, "t")) == 1
    assert len(compare_tables(want.assign(p_value=[0.5, 0.1]), want, "t")) == 1
    assert len(compare_tables(want.assign(variable=["a", "c"]), want, "t")) == 1
    assert compare_tables(want[["n", "variable", "p_value"]], want, "t")[0].startswith("t: columns")
