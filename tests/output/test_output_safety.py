"""Issue 5 (personal data, formula injection): every file the bundled example writes.

The personal data is read from the sample workbooks themselves (openpyxl), so the check follows
the data, not a list typed here. Every output file is scanned as bytes and, where the bytes can
hide text, also decoded: xlsx members unzipped, parquet read back (values and metadata), JSON
loaded (``\\u00e5`` escapes), PNG text chunks decompressed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"

#: Personal-data headers of the sample exports (see data/sample/README.md).
PII_HEADERS = {
    "E-postadress",
    "Respondentens namn",
    "IP-adress",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
}


def _pii_values() -> set[str]:
    """Every non-empty value under a personal-data header in data/sample/*.xlsx."""
    from openpyxl import load_workbook

    values: set[str] = set()
    for path in sorted(SAMPLE.glob("*.xlsx")):
        wb = load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows)
            cols = [j for j, h in enumerate(header) if h in PII_HEADERS]
            for row in rows:
                for j in cols:
                    if j < len(row) and row[j] not in (None, ""):
                        values.add(str(row[j]).strip())
        wb.close()
    return values


def _png_texts(data: bytes) -> list[str]:
    """The text chunks (tEXt, zTXt, iTXt) of a PNG, decompressed."""
    out, pos = [], 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"tEXt":
            out.append(body.decode("latin-1"))
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            out.append(key.decode("latin-1") + zlib.decompress(rest[1:]).decode("latin-1"))
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _lang, _, rest = rest.partition(b"\0")
            _tkey, _, text = rest.partition(b"\0")
            out.append(key.decode() + (zlib.decompress(text) if compressed else text).decode())
        pos += 12 + length
    return out


def _texts(path: Path) -> list[str]:
    """Every way the file's content can be read as text."""
    data = path.read_bytes()
    out = [data.decode("utf-8", errors="replace")]
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".docx"):
        # a zip: its members, not its compressed bytes (which match any pattern by chance)
        with zipfile.ZipFile(path) as z:
            out = []
            for n in z.namelist():
                member = z.read(n)
                if n.endswith(".png"):
                    out += _png_texts(member)
                elif not n.endswith((".jpeg", ".jpg", ".emf")):
                    out.append(html.unescape(member.decode("utf-8", errors="replace")))
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        meta = table.schema.metadata or {}
        out += [k.decode(errors="replace") + v.decode(errors="replace") for k, v in meta.items()]
        for col in table.columns:
            out.append("\n".join(str(v) for v in col.to_pylist() if v is not None))
        out.append("\n".join(table.column_names))
    elif suffix == ".json":
        out.append(json.dumps(json.loads(data.decode("utf-8")), ensure_ascii=False))
    elif suffix == ".png":
        out += _png_texts(data)
    return out


def test_sample_personal_data_is_found():
    values = _pii_values()
    emails = {v for v in values if "@" in v}
    ips = {v for v in values if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", v)}
    # 2018: e-mail, full name and IP per response; 2021: IP, e-mail, first and last name
    assert len(emails) > 700 and len(ips) > 300 and len(values) > 1500


@pytest.mark.slow
def test_no_personal_data_in_any_output_file(example_run):
    values = _pii_values()
    files = sorted(p for p in example_run.rglob("*") if p.is_file())
    assert {p.suffix for p in files} >= {".csv", ".xlsx", ".svg", ".html", ".json", ".parquet"}
    assert (example_run / "dataset" / "data.parquet") in files
    # one alternation per scan: whole values, not inside longer words ("Eva" in "Evaluering")
    pattern = re.compile(
        r"(?<![\w@.])("
        + "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
        + r")(?![\w@])"
    )
    found: dict[str, set[str]] = {}
    for path in files:
        for text in _texts(path):
            for m in pattern.finditer(text):
                found.setdefault(path.relative_to(example_run).as_posix(), set()).add(m.group(1))
    assert not found, {k: sorted(v)[:5] for k, v in found.items()}
    # and no e-mail address or documentation-range IP at all, whatever its source
    loose = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}|\b(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d+")
    for path in files:
        for text in _texts(path):
            assert not loose.search(text), (path.name, loose.search(text).group(0))


def test_no_formula_in_any_xlsx_cell(example_run):
    from openpyxl import load_workbook

    books = sorted(example_run.rglob("*.xlsx"))
    assert books
    for book in books:
        wb = load_workbook(book)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (book.name, ws.title, cell.coordinate)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith("="), (book.name, cell.coordinate)
        # and no formula element in the sheet XML itself
        with zipfile.ZipFile(book) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$|^[+-]?(inf|nan)$", re.I)


def test_no_csv_text_cell_can_be_read_as_a_formula(example_run):
    files = sorted(example_run.rglob("*.csv"))
    assert len(files) >= 10
    checked = 0
    for path in files:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        for row in rows:
            for cell in row:
                checked += 1
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    assert _NUMBER.match(cell.strip()), (path.name, cell)
    assert checked > 1000


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+SUM(A1)", "-A1", "@cmd"])
def test_csv_and_xlsx_guard_injected_text_end_to_end(tmp_path, text):
    """A category label that looks like a formula goes through describe to CSV and xlsx."""
    import numpy as np
    import pandas as pd
    from openpyxl import load_workbook

    from digianalys.codebook import Codebook
    from digianalys.dataset import Dataset
    from digianalys.output.render import write_result
    from digianalys.stats.describe import describe

    rng = np.random.default_rng(0)
    data = pd.DataFrame({"g": pd.array(rng.choice([text, "ok"], 40), dtype="string")})
    cb = Codebook.from_dict({"variables": [{"name": "g", "type": "categorical", "label": text}]})
    res = describe(Dataset(data=data, codebook=cb), min_cell=0)
    written = write_result(res, tmp_path / "d.csv")
    for path in written:
        cells = [c for r in csv.reader(io.StringIO(path.read_text("utf-8-sig"))) for c in r]
        assert "'" + text in cells and text not in cells
    book = write_result(res, tmp_path / "d.xlsx", "sv")[0]
    wb = load_workbook(book)
    seen = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == text]
    assert seen and all(c.data_type == "s" for c in seen)
