"""Generators of broken, hostile and unusual input files, written into a test's tmp directory.

Nothing here is downloaded. Each function takes a directory and returns the path it wrote.
The files are built from first principles (zip members, OLE2 header bytes, raw sheet XML) so
that each case is exactly the one named, not whatever a library happens to write.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zipfile
from pathlib import Path

SV_HEADER = [
    "Myndighet",
    "Sektor",
    "Ledningen har en tydlig strategi",
    "Antal anställda",
    "Kommentar",
]
SV_ROWS = [
    ["Försäkringskassan", "Statlig myndighet", "Instämmer helt", 3.0, "Bra arbete på enheten"],
    ["Region Örebro län", "Region", "Instämmer delvis", 2995.5, "Övriga synpunkter: å ä ö"],
    ["Malmö stad", "Kommun", "Varken eller", 12, None],
]


# --------------------------------------------------------------------------- valid workbooks


def survey_xlsx(directory: Path, name: str = "enkat.xlsx", sheet: str = "Svar") -> Path:
    """A small, valid survey workbook (openpyxl) with Swedish text, numbers and a datetime."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(SV_HEADER + ["Inlämnad"])
    for i, row in enumerate(SV_ROWS):
        ws.append(row + [dt.datetime(2021, 3, 4 + i, 12, 0, 0)])
    path = directory / name
    wb.save(path)
    return path


def rewrite_member(src: Path, dst: Path, member: str, fn) -> Path:
    """Copy the zip ``src`` to ``dst`` with ``member``'s bytes replaced by ``fn(old_bytes)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = fn(data)
            zout.writestr(info, data)
    return dst


SHEET1 = "xl/worksheets/sheet1.xml"


def multi_sheet_xlsx(directory: Path) -> Path:
    """Three sheets: a blank first sheet, a hidden sheet with data, then 'Svar' with data."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Tom"
    hidden = wb.create_sheet("Dold")
    hidden.append(["gömd"])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("Svar")
    ws.append(SV_HEADER)
    ws.append(SV_ROWS[0])
    path = directory / "flera-blad.xlsx"
    wb.save(path)
    return path


def header_only_xlsx(directory: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(SV_HEADER)
    path = directory / "bara-rubriker.xlsx"
    wb.save(path)
    return path


def blank_xlsx(directory: Path) -> Path:
    """A workbook whose only sheet has no cells (a whitespace-only cell at most)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Blad1"
    wb.active["B2"] = "   "
    path = directory / "tom.xlsx"
    wb.save(path)
    return path


def survey_ods(directory: Path) -> Path:
    """A valid OpenDocument spreadsheet written by pandas + odfpy."""
    import pandas as pd

    rows = [[c for c in r] for r in SV_ROWS]
    frame = pd.DataFrame(rows, columns=SV_HEADER)
    path = directory / "enkat.ods"
    frame.to_excel(path, engine="odf", index=False, sheet_name="Svar")
    return path


def huge_dimension_xlsx(directory: Path) -> Path:
    """A sheet that declares A1:XFD1048576 but holds only a few cells."""
    src = survey_xlsx(directory, "src-dim.xlsx")
    return rewrite_member(
        src,
        directory / "stor-dimension.xlsx",
        SHEET1,
        lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d),
    )


def stray_far_cell_xlsx(directory: Path) -> Path:
    """Real data plus one stray value at XFD1048576 (dimension declared accordingly, as Excel does).

    calamine would allocate a dense 17-billion-cell grid for it.
    """
    src = survey_xlsx(directory, "src-far.xlsx")

    def fn(d: bytes) -> bytes:
        d = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d)
        far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return d.replace(b"</sheetData>", far + b"</sheetData>")

    return rewrite_member(src, directory / "stray-cell.xlsx", SHEET1, fn)


def formula_uncached_xlsx(directory: Path) -> Path:
    """A formula written by openpyxl: stored without a result (never opened in Excel)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Svar"
    ws.append(["a", "b", "summa"])
    ws.append([1, 2, "=A2+B2"])
    path = directory / "formel.xlsx"
    wb.save(path)
    return path


def formula_cached_xlsx(directory: Path) -> Path:
    """A formula with its cached result, as Excel stores it: the cached value is read."""
    src = formula_uncached_xlsx(directory)

    def fn(d: bytes) -> bytes:
        # openpyxl writes an empty <v/> (or <v></v> when it serialises with lxml)
        return re.sub(rb"<f>A2\+B2</f><v\s*(?:/>|></v>)", b"<f>A2+B2</f><v>3</v>", d)

    out = rewrite_member(src, directory / "formel-cachad.xlsx", SHEET1, fn)
    with zipfile.ZipFile(out) as z:
        assert b"<v>3</v>" in z.read(SHEET1)
    return out


def formula_empty_string_xlsx(directory: Path) -> Path:
    """A formula whose cached result is the empty string (``t="str"`` with an empty ``<v>``)."""
    src = formula_uncached_xlsx(directory)

    def fn(d: bytes) -> bytes:
        return re.sub(
            rb'<c r="C2"[^>]*><f>A2\+B2</f><v\s*(?:/>|></v>)</c>',
            b'<c r="C2" t="str"><f>""</f><v></v></c>',
            d,
        )

    out = rewrite_member(src, directory / "formel-tom.xlsx", SHEET1, fn)
    with zipfile.ZipFile(out) as z:
        assert b't="str"' in z.read(SHEET1)
    return out


# --------------------------------------------------------------------------- hostile


def entity_xlsx(directory: Path) -> Path:
    """A 'billion laughs' DOCTYPE with nested entities in sheet1.xml."""
    src = survey_xlsx(directory, "src-entity.xlsx")
    dtd = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    )

    def fn(d: bytes) -> bytes:
        d = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", d)
        return dtd + d.replace(b"<t>Malm", b"<t>&lol3;Malm", 1)

    return rewrite_member(src, directory / "entity.xlsx", SHEET1, fn)


def zip_bomb_xlsx(directory: Path, megabytes: int = 40) -> Path:
    """A valid-looking workbook whose sheet inflates from ~40 KB to ``megabytes`` MB of zeros."""
    src = survey_xlsx(directory, "src-bomb.xlsx")
    path = directory / "bomb.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("xl/media/padding.bin", b"\0" * (megabytes << 20))
    return path


def encrypted_ole_xlsx(directory: Path, with_streams: bool = True) -> Path:
    """A stand-in for a password-protected .xlsx: an OLE2 compound file (magic bytes, header and
    one directory sector naming the EncryptionInfo and EncryptedPackage streams)."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # version, byte order, shifts
    struct.pack_into("<I", header, 48, 0)  # first directory sector
    directory_sector = bytearray(512)
    names = ["Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]
    if not with_streams:
        names = ["Root Entry", "Something", "Else", "Other"]
    for i, name in enumerate(names):
        raw = (name + "\0").encode("utf-16-le")
        off = i * 128
        directory_sector[off : off + len(raw)] = raw
        struct.pack_into("<H", directory_sector, off + 64, len(raw))
        directory_sector[off + 66] = 5 if i == 0 else 2
    path = directory / ("lösenord.xlsx" if with_streams else "ole.xlsx")
    path.write_bytes(bytes(header) + bytes(directory_sector))
    return path


# --------------------------------------------------------------------------- broken / not spreadsheets


def truncated_xlsx(directory: Path) -> Path:
    src = survey_xlsx(directory, "src-trunc.xlsx")
    data = src.read_bytes()
    path = directory / "avbruten.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def renamed_pdf(directory: Path) -> Path:
    path = directory / "rapport.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n")
    return path


def renamed_png(directory: Path) -> Path:
    path = directory / "bild.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return path


def random_bytes(directory: Path) -> Path:
    import random

    rng = random.Random(5)
    path = directory / "slump.xlsx"
    path.write_bytes(bytes([0, 1, 2, 3]) + bytes(rng.randrange(256) for _ in range(4096)))
    return path


def word_docx(directory: Path) -> Path:
    path = directory / "brev.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return path


def plain_zip(directory: Path) -> Path:
    path = directory / "arkiv.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hej")
    return path


def html_as_xls(directory: Path) -> Path:
    path = directory / "export.xls"
    path.write_text("<html><body><table><tr><td>a</td></tr></table></body></html>", "utf-8")
    return path


def text_as_xlsx(directory: Path) -> Path:
    path = directory / "data.xlsx"
    path.write_text("a;b\n1;2\n", "utf-8")
    return path


def empty_file(directory: Path, name: str = "tom.xlsx") -> Path:
    path = directory / name
    path.write_bytes(b"")
    return path


# --------------------------------------------------------------------------- CSV


def csv_cp1252_semicolon(directory: Path) -> Path:
    """What Swedish Excel writes for 'CSV (semikolonavgränsad)': cp1252, ';', decimal comma."""
    text = (
        "Myndighet;Sektor;Betyg;Andel;Kommentar\r\n"
        "Försäkringskassan;Statlig myndighet;4;0,75;Bra\r\n"
        'Region Örebro län;Region;5;-12,5;"Åtgärder; fler"\r\n'
        "Malmö stad;Kommun;;3,0;\r\n"
    )
    path = directory / "excel-sv.csv"
    path.write_bytes(text.encode("cp1252"))
    return path


def csv_utf8_bom(directory: Path) -> Path:
    text = 'Myndighet,Betyg,Kommentar\n"Malmö stad",4,"ja, absolut"\nVäxjö,2.5,\n'
    path = directory / "utf8-bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def csv_utf16_tab(directory: Path) -> Path:
    text = "Myndighet\tBetyg\nÅre kommun\t3\nÖrebro\t4\n"
    path = directory / "utf16.csv"
    path.write_bytes(text.encode("utf-16"))  # with BOM
    return path


def csv_ragged(directory: Path) -> Path:
    """Rows with fewer and with more fields than the header."""
    text = "a,b,c\n1,2\n3,4,5,6\n" + "7,8,9\n" * 300 + "1,2,3,4,5\n"
    path = directory / "ojamn.csv"
    path.write_text(text, "utf-8")
    return path


def csv_sep_line(directory: Path) -> Path:
    path = directory / "sep.csv"
    path.write_text("sep=;\nfråga;svar\nett, två;3\n", "utf-8")
    return path


def csv_unbalanced_quote(directory: Path) -> Path:
    path = directory / "citat.csv"
    path.write_text('a,b\n1,"öppen\n2,3\n', "utf-8")
    return path
