"""Personal-data detection: by header (sv/en/Qualtrics/MS Forms) and by value pattern."""

from __future__ import annotations

from test_layouts import raw_of

from digianalys.ingest.layouts import detect_layout
from digianalys.ingest.pii import detect_pii


def found(rows: list[list[str | None]], layout: str = "auto") -> dict[str, str]:
    lay = detect_layout(raw_of(rows), layout)
    return {col.source: reason for col, reason in detect_pii(lay)}


def test_headers_swedish_and_english() -> None:
    header = [
        "E-postadress",
        "Email Address",
        "IP-adress",
        "IP Address",
        "Förnamn",
        "Efternamn",
        "Respondent name",
        "Telefonnummer",
        "Mobile phone",
        "Namn",
        "Personnummer",
        "Organisationstyp",
        "Hur ofta använder ni e-post för att kommunicera med medborgare och företag?",
        "Telefoni",
        "Organisationens namn",
    ]
    rows = [header, ["x"] * len(header)]
    got = found(rows)
    assert got == {
        "E-postadress": "e-mail address (header)",
        "Email Address": "e-mail address (header)",
        "IP-adress": "IP address (header)",
        "IP Address": "IP address (header)",
        "Förnamn": "name (header)",
        "Efternamn": "name (header)",
        "Respondent name": "name (header)",
        "Telefonnummer": "phone number (header)",
        "Mobile phone": "phone number (header)",
        "Namn": "name (header)",
        "Personnummer": "personal identity number (header)",
    }


def test_ms_forms_email_and_name() -> None:
    rows = [
        ["ID", "Start time", "Completion time", "Email", "Name", "Sektor"],
        ["1", "2021-03-01", "2021-03-01", "anna@kommun.se", "Anna A", "Kommun"],
    ]
    got = found(rows)
    assert set(got) == {"Email", "Name"}


def test_qualtrics_recipient_location_ip_by_tag() -> None:
    rows = [
        ["IPAddress", "RecipientLastName", "ExternalReference", "LocationLatitude", "Q1"],
        ["IP-Adresse", "Nachname", "Externe Datenreferenz", "Breitengrad", "Alter"],
        ['{"ImportId":"ipAddress"}'] * 4 + ['{"ImportId":"QID1"}'],
        ["130.92.34.66", None, None, "47.1", "34"],
    ]
    got = found(rows)
    assert got == {
        "IPAddress: IP-Adresse": "IP address (header)",
        "RecipientLastName: Nachname": "recipient name (header)",
        "ExternalReference: Externe Datenreferenz": "external reference (header)",
        "LocationLatitude: Breitengrad": "location coordinates (header)",
    }


def test_by_values_email_and_ip() -> None:
    rows = [
        ["Svar", "Källa", "Kommentar", "Antal"],
        ["a.b@kommun.se", "10.0.0.1", "bra", "3"],
        ["c.d@region.se", "192.168.1.20", "skriv till x@y.se", "4"],
        ["e@myndighet.se", "2001:db8::1", "inget", "5"],
        [None, None, None, None],
    ]
    got = found(rows)
    assert got == {"Svar": "e-mail address (values)", "Källa": "IP address (values)"}


def test_option_labels_are_not_headers() -> None:
    # a select-all option called "E-post" is a channel, not a personal-data column
    rows = [
        ["Vilka kanaler används?", None, None],
        ["E-post", "Telefon", "Webb"],
        ["E-post", None, "Webb"],
    ]
    assert found(rows) == {}


def test_row_id_never_flagged() -> None:
    rows = [[None, "Q"], ["0", "Response"], ["1", "a"]]
    assert found(rows) == {}


def test_contact_information_subitems_are_personal_data() -> None:
    # SurveyMonkey's contact-information question: sub-items hold the respondent's own data
    rows = [
        ["Kontaktuppgifter", None, None],
        ["Namn", "E-postadress", "Telefonnummer"],
        ["Anna Andersson", "anna@kommun.se", "070-1234567"],
    ]
    assert found(rows) == {
        "Kontaktuppgifter: Namn": "name (header)",
        "Kontaktuppgifter: E-postadress": "e-mail address (header)",
        "Kontaktuppgifter: Telefonnummer": "phone number (header)",
    }


def test_wrongly_forced_layout_does_not_leak_header_row_values(tmp_path) -> None:
    """With --layout surveymonkey on a one-header file the first response becomes a header
    row; the personal data in it must still not reach any output file."""
    import csv

    from digianalys.ingest.pipeline import ingest

    path = tmp_path / "plain.csv"
    rows = [
        ["E-postadress", "IP-adress", "Namn", "Antal anställda"],
        ["greta.garbo@kommunen.se", "203.0.113.77", "Greta Garbo", "12"],
        ["sven.svensson@regionen.se", "203.0.113.78", "Sven Svensson", "40"],
        ["ulla.ull@verket.se", "203.0.113.79", "Ulla Ull", "7"],
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    out = tmp_path / "out"
    res = ingest([path], out, layout="surveymonkey")
    assert [p["header"] for p in res.report["pii_dropped"]] == ["E-postadress", "IP-adress", "Namn"]
    blob = b"".join(p.read_bytes() for p in out.iterdir())
    for row in rows[1:]:
        for value in row[:3]:
            assert value.encode() not in blob


# ----------------------------------------------------------------------- value patterns
import pytest  # noqa: E402

from digianalys.ingest.pii import VALUE_SHARE, luhn_ok, mask_text  # noqa: E402


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("anna.b-c@kommun.se", "email"),
        ("Skriv till x_y@sub.region.example.se tack", "email"),
        ("070-123 45 67", "phone"),
        ("0701234567", "phone"),
        ("070/123 45 67", "phone"),
        ("070 123 45 67", "phone"),
        ("+46 70 123 45 67", "phone"),
        ("+46701234567", "phone"),
        ("+46 (0)70-123 45 67", "phone"),
        ("0046 70 123 45 67", "phone"),
        ("0046701234567", "phone"),
        ("46 70 123 45 67", "phone"),
        ("46701234567", "phone"),
        ("(08) 123 45 67", "phone"),
        ("08-123 456 78", "phone"),
        ("031-12 34 56", "phone"),
        ("811218-9876", "pnr"),
        ("8112189876", "pnr"),
        ("811218 9876", "pnr"),
        ("811218+9876", "pnr"),
        ("19811218-9876", "pnr"),
        ("198112189876", "pnr"),
        ("811278-9873", "pnr"),  # samordningsnummer: day + 60
        ("8112789873", "pnr"),
        ("8112189876.0", "pnr"),  # a number cell read as text
        ("192.168.1.10", "ip"),
        ("fe80::1%eth0", "ip"),
        ("::ffff:10.1.2.3", "ip"),
        ("2001:db8::1", "ip"),
        ("2001:0db8:0000:0000:0000:ff00:0042:8329", "ip"),
        ("https://enkat.se/s/1?token=abc", "url"),
        ("www.example.se/invite?k=AbCdEfGhIjKlMnOpQr", "url"),
        ("https://user:pw@example.se/", "url"),
        ("http://x.se/a#access_token=1", "url"),
    ],
)
def test_value_patterns_positive(text: str, kind: str) -> None:
    masked, kinds = mask_text(f"Svar: {text} .")
    assert kinds == [kind]
    assert text not in masked


@pytest.mark.parametrize(
    "text",
    [
        "556677-8899",  # organisation number (third digit >= 2)
        "212000-1142",
        "16556677-8899",
        "2023",
        "1500",
        "120000",
        "2023-01-15",
        "2023-11-15 12:30:45",
        "20231115",
        "12:30:00",
        "1.2.3",
        "v2.10.3",
        "10.0.19041.1",
        "0.333333333",
        "3.14159265",
        "1 234 567",
        "8112189875",  # bare 10 digits with a wrong Luhn digit
        "811218-98",
        "https://www.skolverket.se/",
        "https://www.youtube.com/channel/UCwMM4wEFi_hx2_6wVVoPBJA",  # an answer option
        "(https://twitter.com/OHBM_Trainees)",
        "Q1_2",
        "46 %",
    ],
)
def test_value_patterns_near_misses(text: str) -> None:
    assert mask_text(text) == (text, [])


def test_luhn() -> None:
    assert luhn_ok("8112189876")
    assert not luhn_ok("8112189875")


def test_new_header_hits() -> None:
    header = [
        "Namn (frivilligt)",
        "Name (optional)",
        "Kontakt",
        "Kontaktperson",
        "E-post:",
        "Telefon",
        "Pnr",
        "Personnummer *",
        "Samordningsnummer",
        "Hur nöjd är du med kontakten med kommunen?",
        "Antal kontakter per år",
    ]
    got = found([header, ["x"] * len(header)])
    assert set(got) == set(header[:9])


def test_column_share_threshold() -> None:
    # 40 % addresses, 60 % "Nej": dropped; one address in ten: kept (the cell is masked)
    col = ["a@b.se", "c@d.se", "Nej", "Nej", "Nej"] * 2
    few = ["a@b.se"] + ["Nej"] * 9
    got = found([["Svar", "Övrigt"], *[[a, b] for a, b in zip(col, few, strict=True)]])
    assert got == {"Svar": "e-mail address (values)"}
    assert VALUE_SHARE == 0.2


def test_numeric_columns_are_not_personal_data() -> None:
    rows = [["Anställda", "År", "Orgnr", "Budget"]]
    rows += [
        [str(10 + 7 * i), str(1990 + i), f"2120{i:02d}-{1000 + i}", f"{i}.5"] for i in range(30)
    ]
    assert found(rows) == {}


def test_prefilter_in_pyarrow_agrees_with_python() -> None:
    """The RE2 prefilter (more than 64 distinct values) keeps every value that holds personal
    data and drops plain ids/counts the same way as the Python prefilter."""
    from digianalys.ingest.pii import pii_candidates

    values = [
        "anna@x.se",
        "070-123 45 67",
        "+46 70 123 45 67",
        "811218-9876",
        "8112189876.0",
        "11400004139.0",
        "fe80::1%eth0",
        "::ffff:10.1.2.3",
        "192.168.0.1",
        "https://x.se/?t=1",
        "Instämmer helt",
        "2023-01-15",
        "0.333333333",
        "1500",
    ]
    big = [v + " " * (i // len(values)) for i, v in enumerate(values * 6)]  # distinct
    got_big = set(pii_candidates(big).tolist())
    got_small = {i for k in range(0, len(big), 14) for i in (pii_candidates(big[k : k + 14]) + k)}
    assert got_big == got_small
    holds = {i for i, v in enumerate(big) if mask_text(v)[1]}
    assert holds <= got_big
    assert (
        not {i for i, v in enumerate(big) if v.startswith(("11400004139", "1500", "0.33"))}
        & got_big
    )


def test_name_reasons_are_the_ones_detect_pii_gives_for_names() -> None:
    """Masking names in free text keys on pii.NAME_REASONS: every reason detect_pii gives a
    name column (Swedish, English, Qualtrics recipient fields) is in it, and no other is."""
    from digianalys.ingest.pii import NAME_REASONS

    rows = [
        ["Förnamn", "Namn", "Respondent name", "RecipientFirstName", "E-post", "Telefon", "Q1"],
        ["Anna", "Anna A", "Anna", "Anna", "a@b.se", "070-123 45 67", "Ja"],
    ]
    got = found(rows)
    names = {src for src, reason in got.items() if reason in NAME_REASONS}
    assert names == {"Förnamn", "Namn", "Respondent name", "RecipientFirstName"}
