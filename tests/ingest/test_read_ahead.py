"""Reading ahead (issue 6): the background read, the pipelined safety scan and the garbage-collector
freeze change when work happens, never what comes out.

References: the plain, single-threaded :func:`read_export` of the same file (cells, info, warnings
and error messages must be identical), zipfile's own inflation of the same archive member, and a
brute-force Python implementation of the personal-data value rule.
"""

from __future__ import annotations

import gc
import random
import sys
import zipfile
import zlib
from pathlib import Path

import corpus
import pandas as pd
import pytest
import test_safety

from digianalys.errors import DigianalysError, InputFileError
from digianalys.ingest import reading, sheet_scan, speed
from digianalys.ingest.pipeline import ingest
from digianalys.ingest.reading import prefetch, read_export

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"

WORKBOOKS = [
    ("survey", corpus.survey_xlsx),
    ("several sheets", corpus.multi_sheet_xlsx),
    ("header only", corpus.header_only_xlsx),
    ("ods", corpus.survey_ods),
    ("formula with cached value", corpus.formula_cached_xlsx),
    ("formula with cached empty string", corpus.formula_empty_string_xlsx),
    ("formula without a stored result", corpus.formula_uncached_xlsx),
    ("huge declared dimension", corpus.huge_dimension_xlsx),
]


def _same_read(a: reading.RawSheet, b: reading.RawSheet) -> None:
    pd.testing.assert_frame_equal(a.cells, b.cells)
    assert (a.path, a.format, a.sheet, a.sheet_names) == (b.path, b.format, b.sheet, b.sheet_names)
    assert a.info == b.info
    assert a.warnings == b.warnings


@pytest.mark.parametrize("gen", [w[1] for w in WORKBOOKS], ids=[w[0] for w in WORKBOOKS])
def test_read_ahead_gives_the_plain_read(tmp_path: Path, gen) -> None:
    path = gen(tmp_path)
    plain = read_export(path)
    with prefetch([path]):
        assert speed.read_ahead_pending() == [str(path)]
        ahead = read_export(path)
    assert speed.read_ahead_pending() is None
    _same_read(ahead, plain)


def test_read_ahead_of_the_sample_waves(tmp_path: Path) -> None:
    paths = [SAMPLE / "digitalisering-2018.xlsx", SAMPLE / "digitalisering-2021.xlsx"]
    plain = [read_export(p) for p in paths]
    with prefetch(paths):
        ahead = [read_export(p) for p in paths]
    for a, b in zip(ahead, plain, strict=True):
        _same_read(a, b)


def test_read_ahead_with_a_named_sheet(tmp_path: Path) -> None:
    path = corpus.multi_sheet_xlsx(tmp_path)
    sheet = reading.list_sheets(path)[-1]
    plain = read_export(path, sheet=sheet)
    with prefetch([path], sheet=sheet):
        _same_read(read_export(path, sheet=sheet), plain)
    # a read with another sheet than the one read ahead reads the file itself
    with prefetch([path], sheet=sheet):
        other = read_export(path)
        assert speed.read_ahead_pending() == [str(path)]  # not taken
    _same_read(other, read_export(path))


def test_csv_is_read_in_the_calling_thread(tmp_path: Path) -> None:
    path = corpus.csv_utf8_bom(tmp_path)
    with prefetch([path]):
        ahead = read_export(path)
    _same_read(ahead, read_export(path))


def test_prefetch_is_not_nested_and_a_second_read_rereads(tmp_path: Path) -> None:
    path = corpus.survey_xlsx(tmp_path)
    with prefetch([path]):
        with prefetch([path]):
            assert speed.read_ahead_pending() == [str(path)]
        first = read_export(path)
        second = read_export(path)  # taken already: read again, same result
    _same_read(first, second)


@pytest.mark.parametrize(
    "gen,fragments",
    [c[1:] for c in test_safety.REFUSED],
    ids=[c[0] for c in test_safety.REFUSED],
)
def test_refusals_are_the_same_when_read_ahead(tmp_path: Path, gen, fragments) -> None:
    """Every hostile or broken file of the safety corpus gives the very same one-line error
    through ingest (which reads ahead in a thread) as through the plain read."""
    path = gen(tmp_path)
    with pytest.raises(DigianalysError) as plain:
        read_export(path)
    with pytest.raises(DigianalysError) as ahead:
        ingest([path], tmp_path / "out")
    assert str(ahead.value) == str(plain.value)
    assert type(ahead.value) is type(plain.value)
    for fragment in fragments:
        assert fragment in str(ahead.value)


def test_missing_input_error_through_ingest(tmp_path: Path) -> None:
    missing = tmp_path / "saknas.xlsx"
    with pytest.raises(InputFileError, match="does not exist"):
        ingest([missing], tmp_path / "out")
    assert speed.read_ahead_pending() is None


def test_uncached_formula_found_while_the_sheet_is_parsed(tmp_path: Path) -> None:
    """The formula half of the scan runs in the caller's thread during the parse; what it
    finds (the formula's text) is in the read handed over, as in the plain read."""
    path = corpus.formula_uncached_xlsx(tmp_path)
    plain = read_export(path)
    with prefetch([path]):
        ahead = read_export(path)
    assert ahead.cells.iloc[1, 2] == "=A2+B2"
    pd.testing.assert_frame_equal(ahead.cells, plain.cells)
    assert ahead.warnings == plain.warnings and ahead.info == plain.info


# --------------------------------------------------------------------------- the safety scan


def test_split_scan_halves_check_one_thing_each(tmp_path: Path) -> None:
    formula = corpus.formula_uncached_xlsx(tmp_path)
    far = corpus.stray_far_cell_xlsx(tmp_path)
    found = sheet_scan.check_sheet(formula, "Svar", extent=False)
    assert found is not None and found.formula_cells == [(2, 3, "=A2+B2")]
    assert found.max_row == 0  # the extent is the other half's
    found = sheet_scan.check_sheet(formula, "Svar", formulas=False)
    assert found is not None and found.formula_cells == [] and found.max_row == 2
    with pytest.raises(InputFileError, match="XFD"):
        sheet_scan.check_sheet(far, "Svar", formulas=False)
    assert sheet_scan.check_sheet(far, "Svar", extent=False) is not None


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_member_pieces_are_the_member(tmp_path: Path, method: int) -> None:
    rng = random.Random(6)
    body = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{c}{r}"><v>{rng.randint(0, 10**6)}</v></c>' for c in "ABCDEFGH")
        + "</row>"
        for r in range(1, 40_000)
    ).encode()
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", method) as zf:
        zf.writestr("x.xml", body)
    with zipfile.ZipFile(path) as zf:
        for helper in (True, False):
            with speed.member_pieces(zf, "x.xml", helper=helper) as pieces:
                parts = list(pieces)
            assert b"".join(parts) == zf.read("x.xml")
            assert len(parts) > 1


def test_member_pieces_report_a_truncated_member(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("x.xml", bytes(range(256)) * 40_000)
    data = path.read_bytes()
    info = zipfile.ZipFile(path).getinfo("x.xml")
    # cut the compressed stream in half, keep the central directory so zipfile opens it
    start = info.header_offset + 30 + len("x.xml")
    cut = start + info.compress_size // 2
    broken = tmp_path / "broken.zip"
    broken.write_bytes(
        data[:cut] + bytes(info.compress_size - (cut - start)) + data[start + info.compress_size :]
    )
    with zipfile.ZipFile(broken) as zf:
        with pytest.raises((zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error)):
            with speed.member_pieces(zf, "x.xml") as pieces:
                for _ in pieces:
                    pass


def test_switch_interval_restored(tmp_path: Path) -> None:
    before = sys.getswitchinterval()
    path = corpus.survey_xlsx(tmp_path)
    sheet_scan.check_sheet(path, "Svar")
    assert sys.getswitchinterval() == before
    with pytest.raises(InputFileError):
        sheet_scan.check_sheet(corpus.stray_far_cell_xlsx(tmp_path), "Svar")
    assert sys.getswitchinterval() == before


# --------------------------------------------------------------------------- ingest as a whole


def test_ingest_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    path = corpus.survey_xlsx(tmp_path)
    gc.unfreeze()  # cli.main() (called in-process by other tests) freezes at its exit
    assert gc.get_freeze_count() == 0
    ingest([path], tmp_path / "a")
    assert gc.get_freeze_count() == 0
    # a caller that froze objects itself keeps them frozen
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        ingest([path], tmp_path / "b", force=True)
        # not unfrozen (objects freed meanwhile leave the permanent generation)
        assert gc.get_freeze_count() > frozen // 2
    finally:
        gc.unfreeze()


def test_failed_parquet_write_leaves_the_dataset_alone(tmp_path: Path, monkeypatch) -> None:
    path = corpus.survey_xlsx(tmp_path)
    out = tmp_path / "analys"
    ingest([path], out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def fail(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", fail)
    from digianalys.errors import OutputError

    # an OS error while writing is a one-line OutputError naming the file (issue 16)
    with pytest.raises(OutputError, match=r"data\.parquet: cannot write the output: disk full"):
        ingest([path], out, force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_codebook_text_is_the_pure_python_emitters() -> None:
    """libyaml's emitter (used when PyYAML has it) writes the same codebook text as PyYAML's
    pure-Python emitter, Swedish, quotes, long labels and YAML look-alikes included."""
    import yaml

    from digianalys.codebook import Codebook

    cb = Codebook.from_dict(
        {
            "variables": [
                {
                    "name": "lead_strategy",
                    "type": "ordinal",
                    "label": "Ledningen har en tydlig strategi för digitalisering – "
                    "och följer upp den: 'varje år' \"eller oftare\" " * 3,
                    "values": {1: "Instämmer inte alls", 2: "yes", 3: "null", 4: "1e3", 5: "Å #x"},
                    "missing": {"Vet ej": 17, " Ej aktuellt ": 2},
                },
                {
                    "name": "sector",
                    "type": "categorical",
                    "levels": {"statlig": ["Statlig myndighet"], "kommunal": ["Kommun", "- x"]},
                },
            ]
        }
    )
    pure = "".join(cb.to_yaml().splitlines(keepends=True)[:2]) + yaml.safe_dump(
        cb.to_dict(), allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
    )
    assert cb.to_yaml() == pure
    sample = Codebook.load(
        Path(__file__).resolve().parents[2] / "examples" / "digitalisering-codebook.yaml"
    )
    pure = "".join(sample.to_yaml().splitlines(keepends=True)[:2]) + yaml.safe_dump(
        sample.to_dict(), allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
    )
    assert sample.to_yaml() == pure


# --------------------------------------------------------------------------- personal data


def _by_values_reference(values: list[str | None]) -> str | None:
    """The documented rule, computed naively (no prefilter): at least VALUE_SHARE of the
    non-blank values (after stripping whitespace) hold personal data with at most
    MAX_WORDS_AROUND words around it; the reason is the most common kind (ties: the first in
    pii.KINDS)."""
    from digianalys.ingest import pii

    texts = [v.strip() for v in values if v is not None and v.strip()]
    if not texts:
        return None
    hits: dict[str, int] = {}
    n = 0
    for t in texts:
        kinds, masked, pos = [], [], 0
        for m in pii.PII_PATTERN.finditer(t):
            kind = pii.match_kind(m)
            if kind is not None:
                kinds.append(kind)
                masked += [t[pos : m.start()], pii.KINDS[kind][1]]
                pos = m.end()
        if kinds and pii.mostly_pii("".join(masked) + t[pos:]):
            n += 1
            hits[kinds[0]] = hits.get(kinds[0], 0) + 1
    if n and n >= pii.VALUE_SHARE * len(texts):
        order = list(pii.KINDS)
        return pii.KINDS[max(hits, key=lambda k: (hits[k], -order.index(k)))][0]
    return None


def test_personal_data_values_match_the_naive_rule() -> None:
    from digianalys.ingest.pii import kind_by_values

    rng = random.Random(32)
    kinds = [
        lambda: f"{rng.choice(['anna', 'b.c', 'x_y'])}@{rng.choice(['kommun.se', 'x.org', 'bad'])}",
        lambda: ".".join(str(rng.randint(0, 300)) for _ in range(4)),
        lambda: "fe80::" + format(rng.randint(0, 65535), "x"),
        lambda: rng.choice(["+46 70 123 45 67", "070-123 45 67", "(0)8 123 45 67", "12345678"]),
        lambda: rng.choice(["800101-1234", "19800101-1234", "198001011234", "801301-1234"]),
        lambda: rng.choice(["١٩٨٠٠١٠١١٢٣٤", "٠٧٠١٢٣٤٥٦٧٨", "８００１０１-１２３４"]),
        lambda: str(rng.randint(0, 10 ** rng.randint(1, 12))),
        lambda: rng.choice(["Instämmer helt", "Vet ej", "  070 123 45 67 ", "a:b:c", "1.2.3"]),
    ]
    found = set()
    for _ in range(1500):
        mix = rng.sample(kinds, rng.randint(1, 3))
        values = [
            rng.choice(mix)() if rng.random() > 0.1 else None for _ in range(rng.randint(1, 25))
        ]
        series = pd.Series(values, dtype=pd.StringDtype("pyarrow"))
        expected = _by_values_reference(values)
        assert kind_by_values(series) == expected, values
        found.add(expected)
    assert found >= {
        None,
        "e-mail address",
        "IP address",
        "phone number",
        "personal identity number",
    }


def _stored_zip(path: Path, body: bytes) -> tuple[bytes, zipfile.ZipInfo]:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("x.xml", body)
    return path.read_bytes(), zipfile.ZipFile(path).getinfo("x.xml")


def test_member_pieces_check_size_and_crc_as_zipfile_does(tmp_path: Path) -> None:
    body = b"<row>" * 500_000
    data, info = _stored_zip(tmp_path / "a.zip", body)
    start = info.header_offset + 30 + len("x.xml")
    # one byte of the member changed: CRC-32 mismatch
    flipped = bytearray(data)
    flipped[start + 1000] ^= 0xFF
    (tmp_path / "crc.zip").write_bytes(bytes(flipped))
    # the central directory declares a smaller size than the member holds
    lying = bytearray(data)
    central = data.rindex(b"PK\x01\x02")
    lying[central + 24 : central + 28] = (len(body) // 2).to_bytes(4, "little")
    (tmp_path / "size.zip").write_bytes(bytes(lying))
    for name in ("crc.zip", "size.zip"):
        with zipfile.ZipFile(tmp_path / name) as zf:
            with pytest.raises(zipfile.BadZipFile):
                with zipfile.ZipFile(tmp_path / name).open("x.xml") as fh:
                    fh.read()  # what zipfile itself says
            with pytest.raises(zipfile.BadZipFile):
                with speed.member_pieces(zf, "x.xml") as pieces:
                    for _ in pieces:
                        pass


# Hostile cases whose reader, unguarded, misreads or panics but never aborts the process
# (the aborting ones run only in a child process: tests/test_hostile_files.py).
_HOSTILE_IN_PROCESS = [
    "shared_index_negative",
    "shared_index_text",
    "shared_index_out_of_range",
    "xls_boundsheet_outside",
    "xls_labelsst_out_of_range",
]


@pytest.mark.parametrize("name", _HOSTILE_IN_PROCESS)
def test_hostile_refusals_are_the_same_when_read_ahead(tmp_path: Path, name: str) -> None:
    import hostile

    case = next(c for c in hostile.CASES if c.name == name)
    path = case.build(tmp_path)
    with pytest.raises(InputFileError) as plain:
        read_export(path)
    with pytest.raises(InputFileError) as ahead:
        ingest([path], tmp_path / "out")
    assert str(ahead.value) == str(plain.value)
    assert case.message in str(plain.value) and path.name in str(plain.value)
