"""A digianalys result table is no survey export: ``ingest`` refuses one (tables.xlsx, a
compare.csv …) with a message saying what it looks like, instead of ingesting its statistics as
if they were answers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import LayoutError

#: Column names of result tables, as written to csv (contract names) and xlsx (headings in
#: English and Swedish).
RESULT_HEADERS = frozenset(
    {
        "variable", "label", "test", "statistic", "p_value", "p_adjusted", "effect_size",
        "effect_measure", "conf_low", "conf_high", "direction", "Variable", "Question",
        "Statistic", "p", "Adjusted p", "Effect size", "Effect measure", "CI lower", "CI upper",
        "Direction", "Variabel", "Fråga", "Testvärde", "p-värde", "Justerat p", "Effektstorlek",
        "Effektmått", "KI nedre", "KI övre", "Riktning",
    }
)  # fmt: skip
#: How many of them a header row must hold to be a result table.
MIN_HITS = 4


def _written_by_digianalys(path: Path) -> bool:
    """Whether an .xlsx/.docx package says it was written by digianalys (its result workbooks;
    the sample exports say "digianalys sample")."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("docProps/core.xml")
            if info.file_size > 65536:
                return False
            core = zf.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return False
    return re.search(rb"<dc:creator(?:\s[^>]*)?>\s*digianalys\s*</dc:creator>", core) is not None


def refuse_result_table(raw: Any) -> None:
    """Raise LayoutError when ``raw`` (a RawSheet) is a digianalys output: a workbook written
    by digianalys, or a sheet whose header row is a result table's."""
    where = raw.path.name + (f", sheet '{raw.sheet}'" if raw.sheet else "")
    if raw.format in ("xlsx", "xlsm") and _written_by_digianalys(Path(raw.path)):
        raise LayoutError(
            f"{raw.path.name} was written by digianalys (a result workbook such as tables.xlsx), "
            "not exported from a survey tool: ingest the survey export instead"
        )
    if raw.cells.shape[0] == 0:
        return
    import pandas as pd

    first = {str(v).strip() for v in raw.cells.iloc[0].tolist() if not pd.isna(v)}
    hits = sorted(first & RESULT_HEADERS)
    if len(hits) >= MIN_HITS:
        raise LayoutError(
            f"{where} looks like a digianalys result table (columns {', '.join(hits[:5])}), not a "
            "survey export: ingest the export from the survey tool instead"
        )
