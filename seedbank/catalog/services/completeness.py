"""Passport data completeness (PDCI) of stored accessions, cheap enough for every read (pure).

The index of an accession is ``pdci(accession_to_mcpd(...))``: the MCPD row an export would write,
scored. Building that row costs more than the rest of a one-accession read, and the score only
depends on which MCPD fields hold something (and on SAMPSTAT and SPECIES), so the stored columns
are mapped straight to the set of MCPD fields they fill and the score of each (SAMPSTAT, fields)
pattern is remembered: a collection has a few hundred patterns. ``tests/unit/test_completeness.py``
holds this equal to scoring the exported row.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from seedbank.catalog.mcpd.writer import kept_in_remarks
from seedbank.catalog.pdci import PdciScore, pdci

__all__ = ["TAXON_PDCI_COLUMNS", "stored_pdci"]

# The taxon columns the index reads, as an accession read selects them (``t`` is the taxon).
TAXON_PDCI_COLUMNS = (
    "t.species AS taxon_species, t.species_author AS taxon_species_author, t.subtaxa AS taxon_subtaxa, "
    "t.subtaxa_author AS taxon_subtaxa_author"
)

# Stored accession column → the MCPD field it fills (the scored ones).
_ACCESSION_FIELDS = (
    ("acquisition_date", "ACQDATE"),
    ("donor_institute_code", "DONORCODE"),
    ("donor_name", "DONORNAME"),
    ("donor_accession_number", "DONORNUMB"),
    ("other_numbers", "OTHERNUMB"),
    ("safety_duplicate_site", "DUPLSITE"),
    ("safety_duplicate_institute", "DUPLINSTNAME"),
    ("storage_types", "STORAGE"),
    ("mls_status", "MLSSTAT"),
    ("origin_country", "ORIGCTY"),
    ("collecting_site", "COLLSITE"),
    ("collecting_latitude", "DECLATITUDE"),
    ("collecting_longitude", "DECLONGITUDE"),
    ("elevation_m", "ELEVATION"),
    ("collecting_date", "COLLDATE"),
    ("breeding_institute_code", "BREDCODE"),
    ("breeder_name", "BREDNAME"),
    ("ancestry", "ANCEST"),
    ("collecting_source", "COLLSRC"),
    ("accession_names", "ACCENAME"),
    ("collecting_number", "COLLNUMB"),
    ("collecting_institute_code", "COLLCODE"),
    ("collecting_institute_name", "COLLNAME"),
)
# Taxon column (with the read's ``taxon_`` prefix) → MCPD field.
_TAXON_FIELDS = (
    ("taxon_genus", "GENUS"),
    ("taxon_species", "SPECIES"),
    ("taxon_species_author", "SPAUTHOR"),
    ("taxon_subtaxa", "SUBTAXA"),
    ("taxon_subtaxa_author", "SUBTAUTHOR"),
    ("taxon_crop_name", "CROPNAME"),
)


@lru_cache(maxsize=4096)
def _score(sample_status: int | None, species: str | None, present: frozenset[str]) -> PdciScore:
    row: dict[str, object] = dict.fromkeys(present, "x")
    row["SAMPSTAT"] = sample_status
    if "SPECIES" in present:
        row["SPECIES"] = species
    return pdci(row)


def _filled(value: Any) -> bool:
    return value is not None and value != ""


def stored_pdci(row: Mapping[str, Any]) -> PdciScore:
    """The index of an accession read with its taxon's names (``taxon_genus``... and ``TAXON_PDCI_COLUMNS``)."""
    present = {field for column, field in _ACCESSION_FIELDS if _filled(row[column])}
    present.update(field for column, field in _TAXON_FIELDS if _filled(row[column]))
    remarks = row["remarks"]
    if remarks and remarks.startswith(("PUID:", "ACCEURL:")) and kept_in_remarks(remarks).get("ACCEURL"):
        present.add("ACCEURL")
    species = row["taxon_species"]
    return _score(row["biological_status"], species, frozenset(present))
