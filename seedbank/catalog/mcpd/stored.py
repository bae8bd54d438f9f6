"""From a clean MCPD row to what the catalogue stores (pure): accession columns, taxon values, search terms.

The import writes rows straight through the driver, so it must derive every column the services
derive (``accessions._columns``, ``taxa._keys``, ``terms.accession_terms``, ``passport.puid_for``);
``tests/unit/test_mcpd_stored.py`` holds the two paths equal. A passport from ``check_row`` is already
checked and in stored form (dates ``YYYYMMDD`` with ``--``, lists trimmed and without repeats), so
this is a re-arrangement, not a second validation.

Which columns a file speaks for comes from its header: a column the file does not have is left as it
is stored when an accession is updated (a Genesys file without seedbank's COLLECTOR, HOLDERCOMMUNITY
and ACCESSTERMS columns neither clears a holder community nor frees a community-only accession).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from seedbank.catalog.mcpd.checks import Passport
from seedbank.catalog.mcpd.mapping import COLUMN_OF, KNOWN, TAXON_FIELDS
from seedbank.catalog.passport import taxon_full_name
from seedbank.text import fold, terms

__all__ = [
    "ACCESSION_COLUMNS",
    "StoredPassport",
    "TaxonEntry",
    "accession_terms_of",
    "columns_given",
    "own_terms",
    "stored_passport",
    "taxon_name_key",
    "taxon_terms",
]

# The accession columns an MCPD row fills, in the order the import writes them (the PUID aside).
ACCESSION_COLUMNS: tuple[str, ...] = (
    "instcode",
    "accession_number",
    "taxon",
    "accession_names",
    "collecting_number",
    "collecting_institute_code",
    "collecting_institute_name",
    "collecting_institute_address",
    "collecting_mission",
    "collector",
    "acquisition_date",
    "origin_country",
    "collecting_site",
    "collecting_latitude",
    "collecting_longitude",
    "coordinate_uncertainty_m",
    "coordinate_datum",
    "georeferencing_method",
    "elevation_m",
    "collecting_date",
    "breeding_institute_code",
    "breeder_name",
    "biological_status",
    "ancestry",
    "collecting_source",
    "donor_institute_code",
    "donor_name",
    "donor_accession_number",
    "other_numbers",
    "safety_duplicate_site",
    "safety_duplicate_institute",
    "storage_types",
    "mls_status",
    "access_terms",
    "holder_community",
    "remarks",
)
# The taxon's names an accession is found by, in ``terms.accession_terms``'s order.
_TERM_NAMES = ("genus", "species", "subtaxa", "crop_name", "common_name_es", "common_name_en", "local_name")

# API field (a passport's key) → column, where they differ.
_COLUMN_FOR_FIELD = {"safety_duplicate_sites": "safety_duplicate_site", "doi": "puid"}
# What each stored column is read from, in MCPD columns (beyond COLUMN_OF's one-to-one pairs).
_EXTRA_SOURCES: dict[str, tuple[str, ...]] = {
    "collecting_latitude": ("LATITUDE",),
    "collecting_longitude": ("LONGITUDE",),
    "remarks": ("PUID", "ACCEURL"),  # a kept PUID and ACCEURL travel in remarks
}


def _column_sources() -> dict[str, frozenset[str]]:
    sources: dict[str, set[str]] = {}
    for field, mcpd_column in COLUMN_OF.items():
        column = "taxon" if field in TAXON_FIELDS.values() else _COLUMN_FOR_FIELD.get(field, field)
        sources.setdefault(column, set()).add(mcpd_column)
    for column, extra in _EXTRA_SOURCES.items():
        sources[column].update(extra)
    return {column: frozenset(names) for column, names in sources.items()}


_SOURCES = _column_sources()
# Stored columns a passport field holds as a list (joined by ';' when stored), and the field of each.
_JOINED = {
    "accession_names": "accession_names",
    "other_numbers": "other_numbers",
    "safety_duplicate_site": "safety_duplicate_sites",
    "storage_types": "storage_types",
}
# The other stored columns: the passport field of the same name (``taxon`` is the import's to fill).
_PLAIN = tuple(column for column in ACCESSION_COLUMNS if column not in _JOINED and column != "taxon")


def columns_given(header: Iterable[str]) -> frozenset[str]:
    """The stored columns a file with this header speaks for (columns MCPD does not define feed ``remarks``)."""
    names = set(header)
    given = {column for column, mcpd_columns in _SOURCES.items() if mcpd_columns & names}
    if names - KNOWN:
        given.add("remarks")
    return frozenset(given)


@dataclass(frozen=True, slots=True)
class TaxonEntry:
    """A taxon the import matched or created: its id, genus (for PUIDs) and its share of search terms."""

    id: int
    genus: str
    terms: tuple[str, ...]


@lru_cache(maxsize=4096)
def taxon_name_key(genus: str, species: str | None, subtaxa: str | None) -> str:
    """The folded full name taxa are matched by (``taxa._keys``'s ``name_key``)."""
    return fold(taxon_full_name(genus, species, subtaxa))


def taxon_terms(names: Mapping[str, Any]) -> tuple[str, ...]:
    """The taxon's share of an accession's search terms (``terms.accession_terms`` puts the taxon's words first)."""
    return tuple(terms(*(names.get(name) for name in _TERM_NAMES)))


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    return tuple(terms(text))


def own_terms(accession_number: str, accession_names: str | None) -> tuple[str, ...]:
    """An accession's own share of its search terms: its number and names (names repeat: their words are remembered)."""
    words = dict.fromkeys(terms(accession_number))
    for name in (accession_names or "").split(";"):
        if name:
            words.update(dict.fromkeys(_words(name)))
    return tuple(words)


def accession_terms_of(taxon: TaxonEntry, own: tuple[str, ...]) -> list[str]:
    """``terms.accession_terms`` of an accession of this taxon: the taxon's words, then its own."""
    return list(dict.fromkeys((*taxon.terms, *own)))


@dataclass(slots=True)
class StoredPassport:
    """A clean row as stored: its key, its taxon's folded name, column values (``taxon`` aside) and DOI."""

    instcode: str
    accession_number: str
    name_key: str
    values: dict[str, Any]
    doi: str | None
    own_terms: tuple[str, ...]


def stored_passport(passport: Passport) -> StoredPassport:
    """The columns of a clean row as ``create_accession`` would store them (``taxon`` is the import's to fill)."""
    accession = passport.accession
    values = {column: accession[column] for column in _PLAIN}
    for column, field in _JOINED.items():
        values[column] = ";".join(map(str, accession[field])) or None
    taxon = passport.taxon
    return StoredPassport(
        instcode=accession["instcode"],
        accession_number=accession["accession_number"],
        name_key=taxon_name_key(taxon["genus"], taxon.get("species"), taxon.get("subtaxa")),
        values=values,
        doi=accession.get("doi"),
        own_terms=own_terms(accession["accession_number"], values["accession_names"]),
    )
