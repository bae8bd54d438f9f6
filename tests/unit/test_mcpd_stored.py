"""The import derives stored columns as the services do (pure): columns, taxon keys, search terms, PDCI."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from seedbank.catalog.mcpd import McpdReader, McpdRow, Passport, accession_to_mcpd, check_row
from seedbank.catalog.mcpd.stored import (
    ACCESSION_COLUMNS,
    TaxonEntry,
    accession_terms_of,
    columns_given,
    stored_passport,
    taxon_name_key,
    taxon_terms,
)
from seedbank.catalog.mcpd_benchmark import generated_rows, write_generated_file
from seedbank.catalog.passport import split_values
from seedbank.catalog.pdci import pdci
from seedbank.catalog.services.accessions import _columns
from seedbank.catalog.services.completeness import stored_pdci
from seedbank.catalog.services.taxa import _keys
from seedbank.catalog.services.terms import accession_terms
from tests.unit.test_mcpd import FULL_ROW, SAMPLE, TODAY, read, stored

_NOT_FROM_COLUMNS = {"instcode", "accession_number", "doi", "taxon_id", "steward_custodian_id"}


def passports() -> list[Passport]:
    rows = [McpdRow(1, 2, dict(FULL_ROW)), *read(SAMPLE.read_bytes())[1]]
    rows += list(McpdReader(io.BytesIO("".join(_csv(generated_rows(200, seed=4))).encode())))
    found = [check_row(row, today=TODAY).passport for row in rows]
    return [passport for passport in found if passport is not None]


def _csv(rows: Any) -> Any:
    import csv

    out = io.StringIO()
    rows = list(rows)
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    yield out.getvalue()


PASSPORTS = passports()


def test_stored_columns_are_what_create_accession_stores() -> None:
    for passport in PASSPORTS:
        _same_columns(passport)


def _same_columns(passport: Passport) -> None:
    fields = {name: value for name, value in passport.accession.items() if name not in _NOT_FROM_COLUMNS}
    expected = _columns(fields, TODAY)
    got = stored_passport(passport)
    assert {column: got.values[column] for column in expected} == expected
    assert set(got.values) == set(ACCESSION_COLUMNS) - {"taxon"}
    assert (got.instcode, got.accession_number) == (
        passport.accession["instcode"],
        passport.accession["accession_number"],
    )


def test_taxon_keys_and_search_terms_are_the_services() -> None:
    for passport in PASSPORTS:
        _same_keys_and_terms(passport)


def _same_keys_and_terms(passport: Passport) -> None:
    taxon = passport.taxon
    got = stored_passport(passport)
    assert got.name_key == _keys(dict(taxon))["name_key"]
    assert got.name_key == taxon_name_key(taxon["genus"], taxon["species"], taxon["subtaxa"])
    entry = TaxonEntry(1, taxon["genus"], taxon_terms(taxon))
    source = dict(taxon) | {"common_name_es": None, "common_name_en": None, "local_name": None}
    source |= {"accession_number": got.accession_number, "accession_names": got.values["accession_names"]}
    assert accession_terms_of(entry, got.own_terms) == accession_terms(source)


def test_which_columns_a_header_speaks_for() -> None:
    genesys = columns_given(["INSTCODE", "ACCENUMB", "GENUS", "LATITUDE", "LONGITUDE", "REMARKS"])
    assert genesys == {
        "instcode",
        "accession_number",
        "taxon",
        "collecting_latitude",
        "collecting_longitude",
        "remarks",
    }
    assert "remarks" in columns_given(["INSTCODE", "ACCENUMB", "GENUS", "IS_AVAILABLE"])  # kept as COLUMN:value
    assert "remarks" in columns_given(["INSTCODE", "ACCENUMB", "GENUS", "ACCEURL"])
    every = columns_given(list(FULL_ROW))
    assert every == set(ACCESSION_COLUMNS) | {"puid"}


def _stored_row(passport: Passport) -> dict[str, Any]:
    """The row an accession read selects, as the import would have stored this passport."""
    got = stored_passport(passport)
    taxon = passport.taxon
    return got.values | {
        "taxon_genus": taxon["genus"],
        "taxon_species": taxon["species"],
        "taxon_species_author": taxon["species_author"],
        "taxon_subtaxa": taxon["subtaxa"],
        "taxon_subtaxa_author": taxon["subtaxa_author"],
        "taxon_crop_name": taxon["crop_name"],
    }


def test_pdci_of_stored_columns_is_the_index_of_the_exported_row() -> None:
    for passport in PASSPORTS:
        accession, taxon = stored(passport)
        assert stored_pdci(_stored_row(passport)) == pdci(accession_to_mcpd(accession, taxon))


@pytest.mark.parametrize(
    "blank", ["collecting_site", "collecting_latitude", "elevation_m", "accession_names", "mls_status", "remarks"]
)
def test_pdci_follows_each_field(blank: str) -> None:
    passport = check_row(McpdRow(1, 2, dict(FULL_ROW)), today=TODAY).passport
    assert passport is not None
    row = _stored_row(passport) | {blank: None}
    if blank == "collecting_latitude":
        row["collecting_longitude"] = None
    accession, taxon = stored(passport)
    for name in (
        "collecting_site",
        "elevation_m",
        "mls_status",
        "remarks",
        "collecting_latitude",
        "collecting_longitude",
    ):
        setattr(accession, name, row[name])
    accession.accession_names = split_values(row["accession_names"])
    assert stored_pdci(row).score == pdci(accession_to_mcpd(accession, taxon)).score < 10


def test_the_generated_file_is_clean_and_repeatable(tmp_path: Any) -> None:
    first = write_generated_file(tmp_path / "a.csv", 500, seed=1).read_bytes()
    assert write_generated_file(tmp_path / "b.csv", 500, seed=1).read_bytes() == first
    today = dt.date(2026, 11, 28)
    assert all(check_row(row, today=today).clean for row in McpdReader([first]))
