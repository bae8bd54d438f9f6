"""MCPD v2.1 descriptors and how they map onto the catalogue's API fields (pure constants).

MCPD fields our schema has no column for (PUID when it is not a DOI, ACCEURL) and columns MCPD does not
define travel in ``remarks`` as ``FIELD:value`` entries, MCPD's REMARKS convention; PUID and ACCEURL are
put first so an export can take them back out into their columns (``escape_kept`` keeps a ``;`` inside
such a value from splitting it).
"""

from __future__ import annotations

from collections.abc import Mapping

from seedbank.catalog.mcpd_codes import COLLECTING_SOURCES, MLS_STATUSES, SAMPLE_STATUSES
from seedbank.catalog.schemas import AccessionCreate

__all__ = [
    "ACCESSION_FIELDS",
    "CODED_FIELDS",
    "CODE_FIELDS",
    "COLUMN_OF",
    "DATE_FIELDS",
    "EXTENSION_FIELDS",
    "KEPT_IN_REMARKS",
    "KNOWN",
    "MCPD_FIELDS",
    "NUMBER_FIELDS",
    "POSITION",
    "REQUIRED_FIELDS",
    "TAXON_FIELDS",
    "TEXT_FIELDS",
    "escape_kept",
    "unescape_kept",
]

# MCPD v2.1 descriptors in the standard's order, then Genesys' ACCEURL.
MCPD_FIELDS: tuple[str, ...] = (
    "PUID", "INSTCODE", "ACCENUMB", "COLLNUMB", "COLLCODE", "COLLNAME", "COLLINSTADDRESS", "COLLMISSID",
    "GENUS", "SPECIES", "SPAUTHOR", "SUBTAXA", "SUBTAUTHOR", "CROPNAME", "ACCENAME", "ACQDATE", "ORIGCTY",
    "COLLSITE", "DECLATITUDE", "LATITUDE", "DECLONGITUDE", "LONGITUDE", "COORDUNCERT", "COORDDATUM",
    "GEOREFMETH", "ELEVATION", "COLLDATE", "BREDCODE", "BREDNAME", "SAMPSTAT", "ANCEST", "COLLSRC",
    "DONORCODE", "DONORNAME", "DONORNUMB", "OTHERNUMB", "DUPLSITE", "DUPLINSTNAME", "STORAGE", "MLSSTAT",
    "REMARKS", "ACCEURL",
)  # fmt: skip
# seedbank passport fields with no MCPD descriptor, written after the standard ones.
EXTENSION_FIELDS: tuple[str, ...] = ("COLLECTOR", "HOLDERCOMMUNITY", "ACCESSTERMS")
REQUIRED_FIELDS: tuple[str, ...] = ("INSTCODE", "ACCENUMB", "GENUS")
KNOWN = frozenset(MCPD_FIELDS + EXTENSION_FIELDS)
POSITION = {name: position for position, name in enumerate(MCPD_FIELDS + EXTENSION_FIELDS)}
KEPT_IN_REMARKS = ("PUID", "ACCEURL")
# MCPD column → AccessionCreate field, for text copied as it is.
TEXT_FIELDS = {
    "ACCENUMB": "accession_number",
    "COLLNUMB": "collecting_number",
    "COLLNAME": "collecting_institute_name",
    "COLLINSTADDRESS": "collecting_institute_address",
    "COLLMISSID": "collecting_mission",
    "COLLSITE": "collecting_site",
    "COORDDATUM": "coordinate_datum",
    "GEOREFMETH": "georeferencing_method",
    "BREDNAME": "breeder_name",
    "ANCEST": "ancestry",
    "DONORNAME": "donor_name",
    "DONORNUMB": "donor_accession_number",
    "DUPLINSTNAME": "safety_duplicate_institute",
    "COLLECTOR": "collector",
    "HOLDERCOMMUNITY": "holder_community",
}
CODE_FIELDS = {
    "COLLCODE": "collecting_institute_code",
    "BREDCODE": "breeding_institute_code",
    "DONORCODE": "donor_institute_code",
}
NUMBER_FIELDS = {"COORDUNCERT": "coordinate_uncertainty_m", "ELEVATION": "elevation_m"}
CODED_FIELDS: dict[str, tuple[str, Mapping[int, str]]] = {
    "SAMPSTAT": ("biological_status", SAMPLE_STATUSES),
    "COLLSRC": ("collecting_source", COLLECTING_SOURCES),
    "MLSSTAT": ("mls_status", MLS_STATUSES),
}
DATE_FIELDS = {"ACQDATE": "acquisition_date", "COLLDATE": "collecting_date"}
TAXON_FIELDS = {
    "GENUS": "genus",
    "SPECIES": "species",
    "SPAUTHOR": "species_author",
    "SUBTAXA": "subtaxa",
    "SUBTAUTHOR": "subtaxa_author",
    "CROPNAME": "crop_name",
}
# API field → the MCPD (or extension) column it comes from, and a problem with it is reported under.
COLUMN_OF: dict[str, str] = {
    **{name: column for column, name in TEXT_FIELDS.items()},
    **{name: column for column, name in CODE_FIELDS.items()},
    **{name: column for column, name in NUMBER_FIELDS.items()},
    **{name: column for column, (name, _) in CODED_FIELDS.items()},
    **{name: column for column, name in DATE_FIELDS.items()},
    **{name: column for column, name in TAXON_FIELDS.items()},
    "instcode": "INSTCODE",
    "doi": "PUID",
    "accession_names": "ACCENAME",
    "other_numbers": "OTHERNUMB",
    "safety_duplicate_sites": "DUPLSITE",
    "storage_types": "STORAGE",
    "origin_country": "ORIGCTY",
    "collecting_latitude": "DECLATITUDE",
    "collecting_longitude": "DECLONGITUDE",
    "access_terms": "ACCESSTERMS",
    "remarks": "REMARKS",
}
# The AccessionCreate fields an MCPD row fills, in the struct's order (taxon_id and the like are the service's).
ACCESSION_FIELDS = tuple(name for name in AccessionCreate.__struct_fields__ if name in COLUMN_OF)


def escape_kept(value: str) -> str:
    # ';' separates REMARKS entries; inside a kept value it is written the way URLs write it.
    return value.replace(";", "%3B")


def unescape_kept(value: str) -> str:
    return value.replace("%3B", ";")
