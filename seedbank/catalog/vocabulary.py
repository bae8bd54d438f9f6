"""The catalogue's closed vocabularies (pure): kinds, settings, statuses, ledger entry kinds."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "INBOUND_KINDS",
    "OUTBOUND_KINDS",
    "AccessTerms",
    "CustodianKind",
    "CustodianSetting",
    "EntryKind",
    "LotStatus",
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
