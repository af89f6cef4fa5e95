"""A planted corpus of personal data in every column type: no planted value (nor a normalised
form of it) may reach any output file of a full ``digianalys run``."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from digianalys.ingest.pii import luhn_ok, mask_text

pytestmark = pytest.mark.slow  # a full run scanned byte by byte


def _pnr(yymmdd: str, serial: str) -> str:
    """A personnummer YYMMDDNNNC with a valid Luhn digit."""
    for c in "0123456789":
        if luhn_ok(yymmdd + serial + c):
            return yymmdd + serial + c
    raise AssertionError


N = 60
FIRST = ["Astrid", "Birger", "Cecilia", "Dagny", "Einar", "Frida", "Gunnar", "Hedvig"]
LAST = ["Lindqvist", "Bergström", "Sandberg", "Holmgren", "Wallin", "Ekdahl"]
PNRS = [
    _pnr(f"{60 + i % 39:02d}{1 + i % 12:02d}{1 + i % 28:02d}", f"{100 + i:03d}") for i in range(N)
]
SAMORD = [
    _pnr(f"{70 + i % 29:02d}{1 + i % 12:02d}{61 + i % 28:02d}", f"{300 + i:03d}") for i in range(N)
]
PHONES = [
    "070-{0:03d} 45 67",
    "070{0:03d}4567",
    "070/{0:03d} 45 67",
    "+46 70 {0:03d} 45 67",
    "+46 (0)70-{0:03d} 45 67",
    "0046 70 {0:03d} 45 67",
    "46 70 {0:03d} 45 67",
    "(08) {0:03d} 45 67",
    "08-{0:03d} 456 78",
]
IPS = ["fe80::1%eth0", "::ffff:10.{0}.3.4", "2001:db8::{0:x}", "192.168.{0}.17"]


def _corpus_rows() -> tuple[list[str], list[list[object]], list[str]]:
    header = [
        "Namn (frivilligt)",
        "Name (optional)",
        "Kontakt",
        "Pnr",
        "Svar",
        "Sektor",
        "Antal anställda",
        "Grundat år",
        "Organisationsnummer",
        "Strategin är tydlig",
        "Ledningen följer upp",
        "Kommentar",
        "Källa",
    ]
    likert = [
        "Instämmer inte alls",
        "Instämmer delvis",
        "Instämmer till stor del",
        "Instämmer helt",
    ]
    planted: list[str] = []
    rows: list[list[object]] = []
    for i in range(N):
        first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)] + f"{chr(97 + i % 26)}son"
        email = f"{first.lower()}.{last.lower()}{i}@kommun{i % 7}.se"
        phone = PHONES[i % len(PHONES)].format(100 + i)
        pnr_forms = [
            PNRS[i],
            f"{PNRS[i][:6]}-{PNRS[i][6:]}",
            f"19{PNRS[i][:6]}-{PNRS[i][6:]}",
            f"{PNRS[i][:6]} {PNRS[i][6:]}",
            f"19{PNRS[i]}",
            f"{SAMORD[i][:6]}-{SAMORD[i][6:]}",
        ]
        pnr_text = pnr_forms[i % len(pnr_forms)]
        ip = IPS[i % len(IPS)].format(i)
        url = f"https://enkat.example.se/s/{i}?token=Zx{i:04d}qQ8kL2mN7pR4tY"
        kontakt = email if i % 5 < 2 else "Nej"  # 40 % addresses
        svar = phone if i % 10 < 3 else "Nej tack"  # 30 % phone numbers, innocuous header
        l1 = likert[i % 4]
        l2 = likert[(i + 1) % 4]
        if i == 7:
            l1 = f"Ring mig: {phone} / {email}"
        if i == 11:
            l2 = pnr_text
        if i == 13:
            l2 = ip
        if i == 17:
            l1 = "(se bilaga)"  # one odd text; a NUL byte is tested with a CSV
        comment = (
            f"Bra enkät, hälsningar {first} {last}. Nås på {phone} eller {email}; "
            f"pnr {pnr_text}, från {ip}, länk {url}"
        )
        employees: object = 10 + 37 * i
        if i == 23:
            employees = f"ring {phone}"  # personal data in a numeric column
        rows.append(
            [
                f"{first} {last}",
                f"{first} {last}" if i % 2 else None,
                kontakt,
                int(PNRS[i]),  # numeric-looking personnummer (a number cell)
                svar,
                ["Kommun", "Region", "Statlig myndighet"][i % 3],
                employees,
                1950 + i % 30,
                f"{212000 + i:06d}-{1000 + i:04d}",  # organisation numbers: not personal data
                l1,
                l2,
                comment,
                ip,
            ]
        )
        planted += [f"{first} {last}", last, email, phone, *pnr_forms, ip, url, kontakt, svar]
    planted = sorted({p for p in planted if p not in ("Nej", "Nej tack")})
    return header, rows, planted


def _forms(value: str) -> list[str]:
    """The value and its normalised forms (digits only, lower case)."""
    out = {value, value.lower()}
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 8 and not value.startswith(("http", "fe80", ":", "2001", "192")):
        out.add(digits)
    return sorted(out)


def _output_texts(out: Path) -> dict[str, bytes]:
    import pyarrow.parquet as pq

    texts: dict[str, bytes] = {}
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        raw = p.read_bytes()
        texts[str(p)] = raw
        if p.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                texts[f"{p} (xml)"] = b"".join(z.read(n) for n in z.namelist())
        if p.suffix == ".parquet":
            table = pq.read_table(p)
            strings = [str(table.schema.metadata or "")]
            for col in table.columns:
                strings += [str(v) for v in col.to_pylist() if v is not None]
            texts[f"{p} (values)"] = "\n".join(strings).encode()
    return texts


def test_corpus_values_are_all_masked() -> None:
    _, rows, planted = _corpus_rows()
    for row in rows:
        masked, kinds = mask_text(str(row[11]))
        assert kinds, row[11]
        for value in planted:
            if "@" in value or any(ch.isdigit() for ch in value):
                assert value not in masked


@pytest.mark.slow
def test_full_run_leaks_no_planted_value(tmp_path: Path) -> None:
    import openpyxl
    from typer.testing import CliRunner

    from digianalys.cli import app
    from digianalys.ingest.pipeline import ingest

    header, rows, planted = _corpus_rows()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Svar"
    ws.append(header)
    for r in rows:
        ws.append(r)
    src = tmp_path / "in" / "enkat.xlsx"
    src.parent.mkdir()
    wb.save(src)

    probe = ingest([src], tmp_path / "probe")
    cb = probe.dataset.codebook
    names = {v.source: v.name for v in cb.variables}
    dropped = {p["header"] for p in probe.report["pii_dropped"]}
    assert {"Namn (frivilligt)", "Name (optional)", "Kontakt", "Pnr", "Svar", "Källa"} <= dropped
    types = {v.source: v.type for v in cb.variables}
    masked = {p["header"]: p["cells"] for p in probe.report["pii_masked"]}
    # a stray NUL, a phone/e-mail cell, a personnummer or an IP address does not break the scale
    assert types["Strategin är tydlig"] == "ordinal"
    assert types["Ledningen följer upp"] == "ordinal"
    assert types["Kommentar"] == "text"
    assert types["Antal anställda"] == "numeric"
    assert types["Grundat år"] == "numeric"
    assert masked["Antal anställda"] == 1
    assert "Organisationsnummer" in types  # organisation numbers are kept
    assert masked["Kommentar"] == N
    assert not [w for w in probe.report["warnings"] if "Kommentar" in w]  # not "no answers"
    assert masked["Ledningen följer upp"] == 2
    comments = probe.dataset.data[names["Kommentar"]].dropna().tolist()
    assert all("[e-post]" in c and "[telefon]" in c and "[namn]" in c for c in comments)

    sector = names["Sektor"]
    l1, l2 = names["Strategin är tydlig"], names["Ledningen följer upp"]
    config = tmp_path / "in" / "analys.toml"
    config.write_text(
        f"""title = "Korpus"
output = "../out"
lang = "sv"
min_cell = 5

[[inputs]]
path = "enkat.xlsx"

[[describe]]
name = "beskrivning"

[[describe]]
name = "beskrivning-sektor"
by = "{sector}"

[[compare]]
name = "jamforelse"
by = "{sector}"

[[plot]]
kind = "likert"
args = ["{l1}", "{l2}"]
by = "{sector}"
file = "likert.svg"

[[plot]]
kind = "bar"
args = ["{l1}"]
by = "{sector}"
file = "stapel.svg"
""",
        encoding="utf-8",
    )
    res = CliRunner().invoke(app, ["run", str(config)])
    assert res.exit_code == 0, res.output
    out = tmp_path / "out"
    texts = _output_texts(out)
    assert any(k.endswith("report.html") for k in texts)
    assert any(k.endswith(".svg") for k in texts)
    assert any(k.endswith("(values)") for k in texts)
    leaks = [
        (form, name)
        for value in planted
        for form in _forms(value)
        for name, blob in texts.items()
        if form.encode() in blob
    ]
    assert not leaks, leaks[:10]
    home = str(Path.home())
    assert not [n for n, b in texts.items() if str(tmp_path).encode() in b or home.encode() in b]
    # the terminal output holds no planted value either
    assert not [v for v in planted if v in res.output]
