"""The catalogue's closed vocabularies (pure): kinds, settings, statuses, ledger entry kinds."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "INBOUND_KINDS",
    "OUTBOUND_KINDS",
    "AccessTerms",
    "CoordinatePrecision",
    "CoordinateSource",
    "CustodianKind",
    "CustodianSetting",
    "EntryKind",
    "LotStatus",
    "PlacedBy",
    "StorageCondition",
]


class CustodianKind(StrEnum):
    COMMUNE = "commune"
    COMMUNAL_COUNCIL = "communal-council"
    FAMILY_FARM = "family-farm"
    CENTRE = "centre"
    OTHER = "other"


class CustodianSetting(StrEnum):
    URBAN = "urban"
    RURAL = "rural"
    INDIGENOUS = "indigenous"


class AccessTerms(StrEnum):
    """Who may receive seed of an accession (Nagoya Protocol practice)."""

    FREE = "free"
    COMMUNITY_ONLY = "community-only"
    PIC_REQUIRED = "pic-required"  # prior informed consent on record before any transfer


class StorageCondition(StrEnum):
    BASE = "base"  # −18 ± 3 °C, long term
    ACTIVE = "active"  # 5–10 °C, medium term
    AMBIENT = "ambient"
    OTHER = "other"


class LotStatus(StrEnum):
    ACTIVE = "active"
    QUARANTINED = "quarantined"
    DEPLETED = "depleted"
    DEACCESSIONED = "deaccessioned"


class EntryKind(StrEnum):
    """Kinds of stock-ledger entries; the kind fixes the sign of the quantity."""

    RECEIVE = "receive"
    HARVEST = "harvest"
    RETURN = "return"
    ISSUE = "issue"
    TEST_USE = "test-use"
    LOSS = "loss"
    CORRECTION = "correction"


INBOUND_KINDS = frozenset({EntryKind.RECEIVE, EntryKind.HARVEST, EntryKind.RETURN})
OUTBOUND_KINDS = frozenset({EntryKind.ISSUE, EntryKind.TEST_USE, EntryKind.LOSS})


class CoordinateSource(StrEnum):
    """Where a custodian's coordinates came from."""

    GPS = "gps"  # measured on the spot
    GEOCODED = "geocoded"  # found by the geocoder (Nominatim) from the custodian's place names
    GAZETTEER = "gazetteer"  # placed by the offline gazetteer of Venezuelan states, municipalities, parishes
    MANUAL = "manual"  # entered by hand (read off a map, copied from a document)


class CoordinatePrecision(StrEnum):
    """How precisely coordinates stand for where a custodian is, most precise first."""

    POINT = "point"  # the place itself (GPS, a point picked on a map)
    ADDRESS = "address"
    LOCALITY = "locality"  # town, village, hamlet
    PARISH = "parish"
    MUNICIPALITY = "municipality"
    STATE = "state"
    COUNTRY = "country"


class PlacedBy(StrEnum):
    """What places an accession on the map or in a distance search."""

    COLLECTING = "collecting"  # its collecting site (when the reader may see it)
    HOLDERS = "holders"  # the custodians holding lots of it
    EITHER = "either"
