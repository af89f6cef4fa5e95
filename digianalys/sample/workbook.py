"""The sample exports as workbooks: a plain one-header export (2018) and a SurveyMonkey
export (2021), byte-identical on reruns."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from typing import TYPE_CHECKING, Any

from .parameters import (
    ID_HEADER,
    INFRA_OPTIONS,
    LEADERSHIP_ITEMS,
    PACE_ITEMS,
    PROPS_DATE,
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
    SEED,
    SURVEYMONKEY_LEAD,
    deterministic_zip,
)
from .responses import generate

if TYPE_CHECKING:  # pragma: no cover
    pass


# ------------------------------------------------------------------ export
def _it_cell(value: float, as_text: bool) -> Any:
    if math.isnan(value):
        return None
    return f"{value:.1f}".replace(".", ",") if as_text else float(value)


def _employees_cell(value: float) -> Any:
    return None if math.isnan(value) else int(value)


def sheet_rows(wave: int, seed: int = SEED) -> tuple[list[list[Any]], list[tuple[int, int]]]:
    """The cell values of one wave's workbook: (rows incl. header rows, merged ranges in row 1).

    Merged ranges are (first column, last column), 1-based, of the question-text row of the
    2021 SurveyMonkey layout. Duplicate responses are appended at the end of the sheet.
    """
    df = generate(wave, seed)
    items = {**LEADERSHIP_ITEMS, **PACE_ITEMS}
    rows: list[list[Any]] = []
    merges: list[tuple[int, int]] = []
    if wave == 2018:
        header = [
            "Respondent-ID", "Inskickad", "E-postadress", "Respondentens namn", ID_HEADER,
            Q_ORGTYPE, Q_EMPLOYEES,
            *(f"{Q_LEADERSHIP}: {t}" for t in LEADERSHIP_ITEMS.values()),
            *(f"{Q_PACE}: {t}" for t in PACE_ITEMS.values()),
            Q_FRAMEWORK, Q_OBSTACLE, Q_INVOLVEMENT, Q_ITCOST,
            *(f"{Q_INFRA}: {t}" for t in INFRA_OPTIONS.values()),
            Q_COMMENT, "IP-adress",
        ]  # fmt: skip
        rows.append(header)
        r: Any  # a row of itertuples
        for r in df.itertuples(index=False):
            infra = [text if getattr(r, opt) else None for opt, text in INFRA_OPTIONS.items()]
            rows.append(
                [
                    int(r.respondent_id), r.end, r.email, f"{r.first_name} {r.last_name}",
                    r.org_id_as_typed, r.org_type, _employees_cell(r.employees),
                    *(getattr(r, k) for k in items),
                    r.framework, r.competence_obstacle, r.user_involvement,
                    _it_cell(r.it_cost, bool(r.it_cost_as_text)), *infra, r.comment,
                    r.ip,
                ]
            )  # fmt: skip
    else:
        single = (Q_ORGTYPE, Q_FRAMEWORK, Q_OBSTACLE, Q_INVOLVEMENT)
        # SurveyMonkey's leading columns, then the custom-data column (no second header row)
        row1: list[Any] = [*SURVEYMONKEY_LEAD, ID_HEADER]
        row2: list[Any] = [None] * len(row1)
        for q in (Q_ORGTYPE, Q_EMPLOYEES):
            row1.append(q)
            row2.append("Response" if q in single else "Open-Ended Response")
        for q, block in ((Q_LEADERSHIP, LEADERSHIP_ITEMS), (Q_PACE, PACE_ITEMS)):
            merges.append((len(row1) + 1, len(row1) + len(block)))
            row1.extend([q] + [None] * (len(block) - 1))
            row2.extend(block.values())
        for q in (Q_FRAMEWORK, Q_OBSTACLE, Q_INVOLVEMENT, Q_ITCOST):
            row1.append(q)
            row2.append("Response" if q in single else "Open-Ended Response")
        merges.append((len(row1) + 1, len(row1) + len(INFRA_OPTIONS)))
        row1.extend([Q_INFRA] + [None] * (len(INFRA_OPTIONS) - 1))
        row2.extend(INFRA_OPTIONS.values())
        row1.append(Q_COMMENT)
        row2.append("Open-Ended Response")
        rows.extend([row1, row2])
        for r in df.itertuples(index=False):
            rows.append(
                [
                    int(r.respondent_id), int(r.collector_id), r.start, r.end, r.ip, r.email,
                    r.first_name, r.last_name, r.org_id_as_typed, r.org_type,
                    _employees_cell(r.employees),
                    *(getattr(r, k) for k in items),
                    r.framework, r.competence_obstacle, r.user_involvement,
                    _it_cell(r.it_cost, False),
                    *(text if getattr(r, opt) else None for opt, text in INFRA_OPTIONS.items()),
                    r.comment,
                ]
            )  # fmt: skip
    n_header = 1 if wave == 2018 else 2
    data = rows[n_header:]
    for i in df.index[df["duplicates"] > 0]:
        rows.extend([list(data[i])] * int(df.loc[i, "duplicates"]))
    return rows, merges


def workbook_bytes(wave: int, seed: int = SEED) -> bytes:
    """The .xlsx file of one wave, byte-identical on every run (for a given openpyxl version)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    rows, merges = sheet_rows(wave, seed)
    wb = Workbook()
    ws = wb.active
    ws.title = "Svar" if wave == 2018 else "Sheet"
    for row in rows:
        ws.append(row)
    date_format = "yyyy-mm-dd hh:mm:ss" if wave == 2018 else "mm/dd/yyyy hh:mm:ss AM/PM"
    date_cols = (2,) if wave == 2018 else (3, 4)
    for col in date_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if isinstance(cell.value, dt.datetime):
                cell.number_format = date_format
    for first, last in merges:
        ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last)
    wb.properties.creator = "digianalys sample"
    wb.properties.lastModifiedBy = "digianalys sample"
    wb.properties.title = f"Digitalisering i offentlig sektor {wave} (påhittade data)"
    wb.properties.created = PROPS_DATE[wave]
    wb.properties.modified = PROPS_DATE[wave]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return deterministic_zip(buf.getvalue())
