import csv
import datetime as dt
import io
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest

from seedbank.catalog.mcpd import (
    EXTENSION_FIELDS,
    MCPD_FIELDS,
    McpdReader,
    McpdRow,
    Passport,
    Problem,
    accession_to_mcpd,
    check_row,
    passport_from_row,
    validate_row,
    write_mcpd,
)
from seedbank.catalog.passport import check_partial_date, iso_date, join_values, puid_for, split_values, taxon_full_name
from seedbank.catalog.schemas import AccessionCreate, AccessionRead, Holdings, TaxonCreate, TaxonRead, TaxonSummary
from seedbank.errors import InvalidInput

TODAY = dt.date(2026, 11, 28)
SAMPLE = Path(__file__).parents[1] / "data" / "mcpd-vavilov3-sample.csv"

# Every MCPD v2.1 field, ACCEURL and seedbank's extension columns, with accents and indigenous letters.
FULL_ROW = {
    "PUID": "https://purl.example.org/germplasm/VEN001-000777",
    "INSTCODE": "VEN001",
    "ACCENUMB": "VEN001-000777",
    "COLLNUMB": "JR-2019-17",
    "COLLCODE": "VEN001;VEN042",
    "COLLNAME": "Misión de colecta del Orinoco Medio",
    "COLLINSTADDRESS": "Av. Las Delicias, Maracay, Aragua",
    "COLLMISSID": "Colecta Caicara 1981",
    "GENUS": "Dioscorea",
    "SPECIES": "alata",
    "SPAUTHOR": "L.",
    "SUBTAXA": "var. purpurea",
    "SUBTAUTHOR": "(Roxb.) A.Pouchet",
    "CROPNAME": "ñame",
    "ACCENAME": "Ñame morado de Caicara;Wayuu: ai'ruushi;ɨ;ʉ",
    "ACQDATE": "198110--",
    "ORIGCTY": "VEN",
    "COLLSITE": "Caicara del Orinoco, 3 km al sur; conuco de la señora Peña",
    "DECLATITUDE": "7.6333",
    "LATITUDE": "073800N",
    "DECLONGITUDE": "-66.1667",
    "LONGITUDE": "0661000W",
    "COORDUNCERT": "250",
    "COORDDATUM": "WGS84",
    "GEOREFMETH": "GPS",
    "ELEVATION": "52",
    "COLLDATE": "1981----",
    "BREDCODE": "VEN003",
    "BREDNAME": "Comunidad Jivi de Morichito",
    "SAMPSTAT": "300",
    "ANCEST": "selección masal: ñame morado × ñame blanco",
    "COLLSRC": "23",
    "DONORCODE": "VEN042",
    "DONORNAME": "Consejo Comunal Kariña",
    "DONORNUMB": "KA-12",
    "OTHERNUMB": "VEN042:KA-12;:sin-número",
    "DUPLSITE": "VEN002;NOR051",
    "DUPLINSTNAME": "Svalbard Global Seed Vault",
    "STORAGE": "13;20",
    "MLSSTAT": "0",
    "REMARKS": "COLLSITE:cerca del río;ANCEST:según la custodia",
    "ACCEURL": "https://seedbank.example.org/accessions/777?lang=es;full",
    "COLLECTOR": "José Ramón, familia Uwottüja",
    "HOLDERCOMMUNITY": "Comunidad Uwottüja de Caño Grulla",
    "ACCESSTERMS": "pic-required",
}


def read(data: bytes, chunk_size: int | None = None) -> tuple[McpdReader, list[McpdRow]]:
    source = [data[i : i + chunk_size] for i in range(0, len(data), chunk_size)] if chunk_size else [data]
    reader = McpdReader(source)
    return reader, list(reader)


def csv_bytes(rows: list[dict[str, str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    columns = list(dict.fromkeys(name for row in rows for name in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def passports(rows: list[McpdRow]) -> list[Passport]:
    return [passport_from_row(row, today=TODAY) for row in rows]


def stored(passport: Passport) -> tuple[AccessionRead, TaxonRead]:
    """What the catalogue serves after creating this passport: the services' transformations, without a database."""
    taxon = msgspec.convert(passport.taxon, TaxonCreate)
    create = msgspec.convert({**passport.accession, "taxon_id": 1}, AccessionCreate)
    now = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    full_name = taxon_full_name(taxon.genus, taxon.species, taxon.subtaxa)
    names = {name: getattr(taxon, name) for name in ("genus", "species", "species_author", "subtaxa")}
    taxon_fields = dict.fromkeys(TaxonRead.__struct_fields__)  # fields other work adds (planning) are not MCPD's
    taxon_fields |= {"id": 1, "full_name": full_name, **names, "subtaxa_author": taxon.subtaxa_author}
    taxon_fields |= {"crop_name": taxon.crop_name, "created_at": now, "updated_at": now}
    taxon_read = TaxonRead(**taxon_fields)
    # Fields other work adds to AccessionRead (stewardship, withholding, completeness) are not MCPD's: neutral values.
    neutral = {"steward_custodian_id": None, "withheld": False, "pdci": 0.0}
    fields: dict[str, Any] = {name: value for name, value in neutral.items() if name in AccessionRead.__struct_fields__}
    fields |= {
        name: getattr(create, name)
        for name in AccessionCreate.__struct_fields__
        if name in AccessionRead.__struct_fields__
    }
    fields |= {
        "accession_names": split_values(join_values(create.accession_names)),
        "other_numbers": split_values(join_values(create.other_numbers)),
        "safety_duplicate_sites": split_values(join_values(create.safety_duplicate_sites)),
        "collecting_date": iso_date(check_partial_date(create.collecting_date, "collecting_date", TODAY)),
        "acquisition_date": iso_date(check_partial_date(create.acquisition_date, "acquisition_date", TODAY)),
    }
    assert create.instcode is not None
    assert create.accession_number is not None
    accession = AccessionRead(
        id=1,
        puid=puid_for(create.instcode, create.accession_number, taxon.genus, create.doi),
        taxon=TaxonSummary(1, full_name, taxon.crop_name, None, None, None),
        holdings=Holdings(0, 0, 0),
        created_at=now,
        updated_at=now,
        **fields,
    )
    return accession, taxon_read


def export(found: list[Passport], **options: bool) -> bytes:
    return "".join(write_mcpd((accession_to_mcpd(*stored(passport)) for passport in found), **options)).encode()


# -- the real sample ------------------------------------------------------------------------


def test_the_sample_reads_with_its_quirks_reported() -> None:
    reader, rows = read(SAMPLE.read_bytes())
    assert (reader.encoding, reader.delimiter) == ("utf-8", ",")
    assert reader.unknown_columns == ("IS_SAVE_DUPLICATE", "CONSTATUS", "IS_AVAILABLE")
    assert [problem.severity for problem in reader.problems] == ["warning"]  # the unknown columns, once
    assert reader.problems[0].value == "IS_SAVE_DUPLICATE, CONSTATUS, IS_AVAILABLE"
    assert [(row.number, row.line) for row in rows] == [(n, n + 1) for n in range(1, 7)]
    checked = [check_row(row, today=TODAY) for row in rows]
    assert all(row.clean for row in checked)
    first = checked[0]
    assert {(p.column, p.severity) for p in first.problems} == {("LATITUDE", "warning"), ("LONGITUDE", "warning")}
    assert "decimal degrees where MCPD wants DDMMSSH" in first.problems[0].reason
    assert first.passport is not None
    accession = first.passport.accession
    assert (
        accession["collecting_site"] == "state:Galicia;province:La Coruña;municipality:Fisterra;site:Duio,San Martiño"
    )
    assert (accession["collecting_latitude"], accession["collecting_longitude"]) == (42.925, -9.275)
    assert accession["remarks"] == "CONSTATUS:is_active;IS_AVAILABLE:False"  # the empty IS_SAVE_DUPLICATE adds nothing
    assert accession["other_numbers"] == ["ESP058:CIAM81001"]
    assert accession["accession_names"] == ["Millo do pais"]
    assert accession["collecting_date"] == "19811031"
    assert checked[3].passport is not None
    assert checked[3].passport.accession["collecting_date"] == "1981----"
    assert first.passport.taxon == {
        "genus": "Zea", "species": "mays", "species_author": "L.", "subtaxa": "subsp. mays",
        "subtaxa_author": None, "crop_name": "Maiz",
    }  # fmt: skip


def test_every_sample_passport_is_what_the_api_accepts() -> None:
    for passport in passports(read(SAMPLE.read_bytes())[1]):
        msgspec.convert(passport.taxon, TaxonCreate)
        msgspec.convert({**passport.accession, "taxon_id": 1}, AccessionCreate)


def test_the_accession_fields_are_every_create_field_but_the_services() -> None:
    passport = passport_from_row(McpdRow(1, 2, dict(FULL_ROW)), today=TODAY)
    services = {"taxon_id", "steward_custodian_id"}
    assert set(passport.accession) == set(AccessionCreate.__struct_fields__) - services
    assert set(passport.taxon) == {"genus", "species", "species_author", "subtaxa", "subtaxa_author", "crop_name"}


# -- a file with a bad row ------------------------------------------------------------------

BAD_FILE = (
    "INSTCODE,ACCENUMB,GENUS,SAMPSTAT,COLLSRC,STORAGE,MLSSTAT,ORIGCTY,ACQDATE,COLLDATE,DECLATITUDE,LATITUDE,"
    "ELEVATION,COORDUNCERT,DUPLSITE,DONORCODE,COLLSITE,ACCENAME\r\n"
    "VEN001,A1,Zea,300,20,13,1,VEN,1981----,19811031,,,,,,,,\r\n"
    "ven1,,zea,301,x,13;77,2,XXX,2031----,19811332,95,10--20N,12.5,-5,VEN01,VEN042;bad,,\r\n"
    f"VEN001,A3,Zea,300,,,,,,,,,,,,,{'s' * 501},{';'.join(f'n{i}' for i in range(21))}\r\n"
    "VEN001,A4,Zea,,,,,,,,,,,,,,,\r\n"
)


def test_every_problem_of_a_bad_row_is_named_with_row_line_column_value_and_reason() -> None:
    _, rows = read(BAD_FILE.encode())
    assert [(row.number, row.line) for row in rows] == [(1, 2), (2, 3), (3, 4), (4, 5)]
    assert validate_row(rows[0], today=TODAY) == []
    problems = validate_row(rows[1], today=TODAY)
    assert all((p.row, p.line, p.severity) == (2, 3, "error") for p in problems)
    found = {(p.column, p.value): p.reason for p in problems}
    expected = {
        ("INSTCODE", "ven1"): "not a FAO WIEWS institute code",
        ("ACCENUMB", ""): "ACCENUMB is required",
        ("GENUS", "zea"): "a genus is one capitalised word",
        ("SAMPSTAT", "301"): "301 is not an MCPD SAMPSTAT code",
        ("COLLSRC", "x"): "not a whole number",
        ("STORAGE", "77"): "77 is not an MCPD STORAGE code",
        ("MLSSTAT", "2"): "2 is not an MCPD MLSSTAT code",
        ("ORIGCTY", "XXX"): "not an ISO 3166-1 alpha-3 country code",
        ("ACQDATE", "2031----"): "is in the future",
        ("COLLDATE", "19811332"): "month 13 does not exist",
        ("DECLATITUDE", "95"): "a latitude lies between -90 and 90 degrees",
        ("LATITUDE", "10--20N"): "seconds are given but minutes are missing",
        ("DECLONGITUDE", ""): "a point needs its longitude too",
        ("ELEVATION", "12.5"): "not a whole number",
        ("COORDUNCERT", "-5"): "out of range: must be >= 0",
        ("DUPLSITE", "VEN01"): "not a FAO WIEWS institute code",
        ("DONORCODE", "bad"): "not a FAO WIEWS institute code",
    }
    assert set(found) == set(expected)
    for key, reason in expected.items():
        assert reason in found[key], key
    assert len(problems) == len(expected)  # each once
    assert [p.column for p in problems][:3] == ["INSTCODE", "ACCENUMB", "GENUS"]  # in the standard's column order
    assert str(problems[0]).startswith("row 2 (line 3), INSTCODE 'ven1': not a FAO WIEWS institute code")
    contract = {(p.column, p.reason) for p in validate_row(rows[2], today=TODAY)}
    assert contract == {("COLLSITE", "longer than 500 characters"), ("ACCENAME", "more than 20 values")}
    assert check_row(rows[3], today=TODAY).clean


def test_unreadable_rows_and_refused_characters_are_reported_and_reading_goes_on() -> None:
    data = b'INSTCODE,ACCENUMB,GENUS,REMARKS,COLLSITE\nVEN001,A1,Zea,a\x00b,"x\ny"\n'
    data += b"VEN001,A2,Zea," + b"x" * 200_000 + b',\nVEN001,A3,Zea,"two\nlines",\n'
    _, rows = read(data)
    first = validate_row(rows[0], today=TODAY)
    assert [(p.column, p.reason) for p in first] == [
        ("COLLSITE", "contains a line break, which this field does not allow"),
        ("REMARKS", "contains the control character U+0000, which this field does not allow"),
    ]
    unreadable = validate_row(rows[1], today=TODAY)
    assert [(p.row, p.line, p.reason) for p in unreadable] == [
        (2, 4, "unreadable CSV: field larger than field limit (131072)")
    ]
    assert check_row(rows[2], today=TODAY).clean  # REMARKS may span lines


def test_a_dirty_row_has_no_passport_and_asking_for_one_names_the_error() -> None:
    _, rows = read(BAD_FILE.encode())
    assert check_row(rows[1], today=TODAY).passport is None
    with pytest.raises(InvalidInput) as error:
        passport_from_row(rows[1], today=TODAY)
    assert error.value.field == "INSTCODE"


def test_the_checks_never_raise_on_garbage() -> None:
    rng = random.Random(8)
    alphabet = "0123456789-;:., NSEWabcxyzÑñɨʉ\t\"'%\x00\x7f\n"
    for _ in range(300):
        fields = {name: "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for name in MCPD_FIELDS}
        fields |= {name: rng.choice(["free", "nope", "ɨ"]) for name in EXTENSION_FIELDS}
        checked = check_row(McpdRow(1, 2, fields, {"X": "y;z"}), today=TODAY)
        assert all(isinstance(problem, Problem) for problem in checked.problems)


# -- coordinates, PUIDs, dates, names --------------------------------------------------------


def row_of(**fields: str) -> McpdRow:
    return McpdRow(1, 2, {"INSTCODE": "VEN001", "ACCENUMB": "A1", "GENUS": "Zea", **fields})


def test_declatitude_wins_and_latitude_must_agree_with_it() -> None:
    agreeing = check_row(
        row_of(DECLATITUDE="-10.505556", LATITUDE="103020S", DECLONGITUDE="-76.4194", LONGITUDE="0762510W"), today=TODAY
    )
    assert agreeing.problems == []
    assert agreeing.passport is not None
    assert agreeing.passport.accession["collecting_latitude"] == -10.505556
    apart = validate_row(
        row_of(DECLATITUDE="-10.62", LATITUDE="103020S", DECLONGITUDE="1", LONGITUDE="0010000E"), today=TODAY
    )
    assert [(p.column, p.severity) for p in apart] == [("LATITUDE", "error")]
    assert "disagrees with DECLATITUDE" in apart[0].reason
    decimals = validate_row(row_of(DECLATITUDE="42.925", LATITUDE="42.925", DECLONGITUDE="-9.275"), today=TODAY)
    assert [(p.column, p.severity) for p in decimals] == [("LATITUDE", "warning")]
    assert decimals[0].reason.endswith("and agrees with DECLATITUDE")
    only_dms = passport_from_row(row_of(LATITUDE="10----S", LONGITUDE="0762510W"), today=TODAY)
    assert only_dms.accession["collecting_latitude"] == -10.0


def test_a_dms_value_in_declatitude_is_an_error() -> None:
    problems = validate_row(row_of(DECLATITUDE="103020S", DECLONGITUDE="-76.5"), today=TODAY)
    assert [(p.column, p.severity) for p in problems] == [("DECLATITUDE", "error")]


@pytest.mark.parametrize(
    ("puid", "doi", "remarks"),
    [
        ("10.18730/Z9XK5", "10.18730/Z9XK5", None),
        ("https://doi.org/10.18730/Z9XK5", "10.18730/Z9XK5", None),
        ("doi:10.18730/Z9XK5", "10.18730/Z9XK5", None),
        ("VEN001:A1:Zea", None, None),  # the derived PUID: nothing to keep
        ("urn:lsid:example.org:A1", None, "PUID:urn:lsid:example.org:A1"),
    ],
)
def test_puids(puid: str, doi: str | None, remarks: str | None) -> None:
    passport = passport_from_row(row_of(PUID=puid), today=TODAY)
    assert (passport.accession["doi"], passport.accession["remarks"]) == (doi, remarks)


def test_partial_dates_are_kept_in_mcpd_form_and_other_spellings_warned_about() -> None:
    passport = passport_from_row(row_of(COLLDATE="19810000", ACQDATE="1981-10"), today=TODAY)
    assert (passport.accession["collecting_date"], passport.accession["acquisition_date"]) == ("1981----", "198110--")
    problems = validate_row(row_of(COLLDATE="19810000", ACQDATE="1981-10"), today=TODAY)
    assert [(p.column, p.severity) for p in problems] == [("ACQDATE", "warning")]
    assert "read as 198110--" in problems[0].reason


def test_unknown_species_and_multi_values() -> None:
    passport = passport_from_row(
        row_of(SPECIES="sp.", STORAGE="13; 12;13", ACCENAME="Ají dulce;;Ají dulce; Ají chirel"), today=TODAY
    )
    assert passport.taxon["species"] is None
    assert passport.accession["storage_types"] == [13, 12]
    assert passport.accession["accession_names"] == ["Ají dulce", "Ají chirel"]


def test_access_terms_extension() -> None:
    assert (
        passport_from_row(row_of(ACCESSTERMS="community-only"), today=TODAY).accession["access_terms"]
        == "community-only"
    )
    assert passport_from_row(row_of(), today=TODAY).accession["access_terms"] == "free"
    problems = validate_row(row_of(ACCESSTERMS="secret"), today=TODAY)
    assert [p.column for p in problems] == ["ACCESSTERMS"]


# -- encodings, delimiters, streaming ------------------------------------------------------


def sample_passports() -> list[Passport]:
    return passports(read(SAMPLE.read_bytes())[1])


def test_utf8_with_a_bom() -> None:
    reader, rows = read(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    assert reader.encoding == "utf-8-sig"
    assert reader.columns[0] == "INSTCODE"
    assert passports(rows) == sample_passports()


def test_latin1_is_detected_and_said() -> None:
    data = SAMPLE.read_text(encoding="utf-8").encode("latin-1")
    reader, rows = read(data, chunk_size=100)
    assert reader.encoding == "cp1252"
    assert [(p.reason, p.severity) for p in reader.problems[1:]] == [
        ("not UTF-8: read as Windows-1252 (Latin-1)", "warning")
    ]
    assert passports(rows) == sample_passports()
    # Windows-1252's own letters (here the right single quote 0x92) come through too.
    _, rows = read("INSTCODE,ACCENUMB,GENUS,ACCENAME\nVEN001,A1,Zea,ai’ruushi\n".encode("cp1252"))
    assert rows[0].fields["ACCENAME"] == "ai’ruushi"


def test_a_file_that_turns_from_utf8_to_latin1_midway_is_read_and_flagged() -> None:
    head = "INSTCODE,ACCENUMB,GENUS,ACCENAME\nVEN001,A1,Zea,Ñame\n".encode()
    tail = "VEN001,A2,Zea,Señora\n".encode("latin-1")
    reader = McpdReader([head, tail])
    rows = list(reader)
    assert [row.fields["ACCENAME"] for row in rows] == ["Ñame", "Señora"]
    assert reader.encoding == "cp1252"
    assert reader.problems[0].reason.startswith(f"UTF-8 up to byte {len(head) + 16}")


def test_utf16_with_a_bom_as_spreadsheets_export_it() -> None:
    reader, rows = read(SAMPLE.read_text(encoding="utf-8").replace(",", "\t").encode("utf-16"), chunk_size=33)
    assert (reader.encoding, reader.delimiter) == ("utf-16", "\t")
    assert len(rows) == 6


def sample_rows_as_dicts() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_files(delimiter: str) -> None:
    data = csv_bytes(sample_rows_as_dicts(), delimiter=delimiter)
    assert b'"state:Galicia;province' in data or delimiter == "\t"  # the semicolon file has to quote COLLSITE
    reader, rows = read(data)
    assert reader.delimiter == delimiter
    assert passports(rows) == sample_passports()


def test_headers_are_case_insensitive_and_trimmed() -> None:
    reader, rows = read(b" instcode ;Accenumb; genus ;Is_Available\nVEN001;A1;Zea;yes\n")
    assert reader.columns == ("INSTCODE", "ACCENUMB", "GENUS", "Is_Available")
    assert rows[0].fields == {"INSTCODE": "VEN001", "ACCENUMB": "A1", "GENUS": "Zea"}
    assert rows[0].extra == {"Is_Available": "yes"}
    assert passport_from_row(rows[0], today=TODAY).accession["remarks"] == "Is_Available:yes"


def test_header_problems_are_the_files() -> None:
    reader, rows = read(b"INSTCODE,GENUS,GENUS\nVEN001,Zea,Zea\n")
    assert [(p.column, p.reason) for p in reader.problems if p.severity == "error"] == [
        ("GENUS", "column 3 repeats GENUS"),
        ("ACCENUMB", "required column ACCENUMB is missing"),
    ]
    assert "ACCENUMB is required" in validate_row(rows[0], today=TODAY)[0].reason
    empty = McpdReader([b""])
    assert list(empty) == []
    assert empty.problems[0].reason.startswith("the file is empty")


def test_rows_of_the_wrong_width() -> None:
    _, rows = read(b"INSTCODE,ACCENUMB,GENUS,\nVEN001,A1,Zea,,\nVEN001,A2,Zea,,x\nVEN001,A3\n")
    assert rows[0].problems == ()  # trailing empty values are harmless
    assert rows[1].problems[0].reason == "5 values but the header has 4 columns"
    assert rows[2].problems[0].reason == "only 2 values but the header has 4 columns"
    assert not check_row(rows[2], today=TODAY).clean


def test_a_value_under_a_nameless_column_is_kept_and_said() -> None:
    _, rows = read(b"INSTCODE,ACCENUMB,GENUS,\nVEN001,A1,Zea,stray\n")
    assert rows[0].extra == {"COLUMN4": "stray"}
    assert rows[0].problems[0].severity == "warning"
    assert passport_from_row(rows[0], today=TODAY).accession["remarks"] == "COLUMN4:stray"


def test_quoted_line_breaks_keep_physical_line_numbers() -> None:
    data = (
        'INSTCODE,ACCENUMB,GENUS,REMARKS\r\nVEN001,A1,Zea,"primera línea\r\nsegunda, línea"\r\n\r\nVEN001,A2,Zea,ok\r\n'
    )
    _, rows = read(data.encode(), chunk_size=7)
    assert [(row.number, row.line) for row in rows] == [(1, 2), (2, 5)]
    assert passport_from_row(rows[0], today=TODAY).accession["remarks"] == "primera línea\r\nsegunda, línea"


def test_byte_at_a_time_and_file_objects_read_the_same() -> None:
    data = SAMPLE.read_bytes()
    whole = read(data)[1]
    assert read(data, chunk_size=1)[1] == whole  # multi-byte letters split across chunks
    assert list(McpdReader(io.BytesIO(data), chunk_size=5)) == whole


def test_rows_stream_without_the_source_being_read_whole() -> None:
    consumed = 0

    def source() -> Iterator[bytes]:
        nonlocal consumed
        yield b"INSTCODE,ACCENUMB,GENUS,ACCENAME\n"
        for number in range(100_000):
            consumed += 1
            yield f"VEN001,A{number},Zea,Maíz {number}\n".encode()

    rows = iter(McpdReader(source()))
    assert next(rows).fields["ACCENUMB"] == "A0"
    assert next(rows).fields["ACCENUMB"] == "A1"
    assert consumed <= 3


# -- writing and round trips -----------------------------------------------------------------


def test_export_of_the_sample() -> None:
    text = export(sample_passports()).decode()
    header, first = text.split("\r\n")[:2]
    assert header == ",".join(MCPD_FIELDS + EXTENSION_FIELDS)
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["PUID"] == "ESP004:BGE005836:Zea"
    assert (row["DECLATITUDE"], row["LATITUDE"]) == ("42.925", "425530N")
    assert (row["DECLONGITUDE"], row["LONGITUDE"]) == ("-9.275", "0091630W")
    assert row["REMARKS"] == "CONSTATUS:is_active;IS_AVAILABLE:False"
    assert row["COLLSITE"] == "state:Galicia;province:La Coruña;municipality:Fisterra;site:Duio,San Martiño"
    assert '"state:Galicia;province:La Coruña;municipality:Fisterra;site:Duio,San Martiño"' in first


def test_import_export_import_is_a_fixed_point_on_the_sample() -> None:
    first = sample_passports()
    written = export(first)
    reader, rows = read(written)
    assert reader.problems == []
    assert reader.unknown_columns == ()
    assert all(check_row(row, today=TODAY).problems == [] for row in rows)  # DMS now agrees with DECLATITUDE
    again = passports(rows)
    assert again == first
    assert export(again) == written


def test_import_export_import_is_a_fixed_point_on_a_row_with_every_field() -> None:
    data = csv_bytes([FULL_ROW | {"ORIGEN_LOCAL": "río Caura; Bolívar"}])
    first = passports(read(data)[1])
    accession = first[0].accession
    assert accession["accession_names"] == ["Ñame morado de Caicara", "Wayuu: ai'ruushi", "ɨ", "ʉ"]
    assert accession["remarks"] == (
        "PUID:https://purl.example.org/germplasm/VEN001-000777;"
        "ACCEURL:https://seedbank.example.org/accessions/777?lang=es%3Bfull;"
        "COLLSITE:cerca del río;ANCEST:según la custodia;"
        "ORIGEN_LOCAL:río Caura%3B Bolívar"
    )
    assert (accession["collector"], accession["access_terms"]) == ("José Ramón, familia Uwottüja", "pic-required")
    assert (accession["acquisition_date"], accession["collecting_date"]) == ("198110--", "1981----")
    written = export(first)
    exported = next(csv.DictReader(io.StringIO(written.decode())))
    unchanged = set(FULL_ROW) - {"REMARKS", "DECLATITUDE", "DECLONGITUDE"}
    assert {name: exported[name] for name in unchanged} == {name: FULL_ROW[name] for name in unchanged}
    assert exported["REMARKS"] == "COLLSITE:cerca del río;ANCEST:según la custodia;ORIGEN_LOCAL:río Caura%3B Bolívar"
    again = passports(read(written)[1])
    assert again == first
    assert export(again) == written


def test_writer_options_and_chunks() -> None:
    found = sample_passports()
    rows = [accession_to_mcpd(*stored(passport)) for passport in found]
    chunks = list(write_mcpd(rows, rows_per_chunk=2))
    assert len(chunks) == 3
    assert all(chunk.endswith("\r\n") for chunk in chunks)
    plain = "".join(write_mcpd(rows, extensions=False, bom=True))
    assert plain.startswith("\ufeffPUID,INSTCODE,")
    assert plain.split("\r\n")[0].endswith("REMARKS,ACCEURL")
    reader, again = read(plain.encode())
    assert reader.encoding == "utf-8-sig"
    assert passports(again) == found
    with pytest.raises(ValueError, match="not MCPD columns: SEEDS"):
        list(write_mcpd([{"SEEDS": "12"}]))
