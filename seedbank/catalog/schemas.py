"""Wire contracts of the catalogue: what comes in (``XCreate``/``XUpdate``) and goes out (``XRead``).

Constraints sit in ``Meta`` so malformed input is refused at the edge, naming the field;
rules that need the database or the calendar (a date in the future, an unknown taxon)
are the services' to check.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from seedbank.catalog.regeneration import BreedingSystem
from seedbank.catalog.vocabulary import (
    AccessTerms,
    CoordinatePrecision,
    CoordinateSource,
    CustodianKind,
    CustodianSetting,
    EntryKind,
    LotStatus,
    StorageCondition,
)
from seedbank.contracts import Id, Latitude, Longitude, PartialDateText, ShortText, Text, single_line

__all__ = [
    "AccessionCreate",
    "AccessionRead",
    "AccessionSummary",
    "AccessionUpdate",
    "CustodianCreate",
    "CustodianRead",
    "CustodianUpdate",
    "DeclaredConstants",
    "Health",
    "Holdings",
    "LineageNode",
    "LineageRead",
    "LotCreate",
    "LotEntryRead",
    "LotRead",
    "LotSummary",
    "LotUpdate",
    "MovementCreate",
    "SplitCreate",
    "SplitRead",
    "TaxonCreate",
    "TaxonRead",
    "TaxonSummary",
    "TaxonUpdate",
]

Name = Annotated[str, single_line(200, min_length=1)]
Epithet = Annotated[str, single_line(64, min_length=1)]
Author = Annotated[str, single_line(128, min_length=1, description="authority, e.g. L. or (L.) Walp.")]
Code = Annotated[str, single_line(64, min_length=1)]
ListItem = Annotated[str, msgspec.Meta(min_length=1, max_length=120, pattern=r"^[^\x00-\x1f\x7f;]*$")]
InstituteCode = Annotated[
    str, Meta(max_length=7, pattern=r"^[A-Z]{3}[0-9]{3,4}$", description="FAO WIEWS code, e.g. VEN001")
]
CountryCode = Annotated[str, Meta(max_length=3, pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3")]
Seeds = Annotated[int, Meta(ge=1, le=1_000_000_000, description="whole seeds")]
SeedsOrZero = Annotated[int, Meta(ge=0, le=1_000_000_000, description="whole seeds")]
Elevation = Annotated[int, Meta(ge=-500, le=9000, description="metres above sea level")]
Moisture = Annotated[float, Meta(gt=0, lt=100, description="seed moisture content, % fresh weight")]
StorageTemperature = Annotated[
    float, Meta(ge=-196, le=60, description="storage temperature in °C, when measured (else the condition's)")
]
ThousandSeedWeight = Annotated[int, Meta(ge=1, le=10_000_000, description="mass of 1000 seeds in milligrams")]
SampleStatus = Annotated[int, Meta(ge=100, le=999, description="MCPD SAMPSTAT code")]
CollectingSource = Annotated[int, Meta(ge=10, le=99, description="MCPD COLLSRC code")]
StorageType = Annotated[int, Meta(ge=10, le=99, description="MCPD STORAGE code")]
MlsStatus = Annotated[int, Meta(ge=0, le=99, description="MCPD MLSSTAT: 0 no, 1 yes, 99 other")]
Doi = Annotated[str, Meta(pattern=r"^10\.[0-9]{4,9}/[^\s]{1,200}$", description="a DOI, used as PUID when given")]
LotCode = Annotated[str, single_line(80, min_length=1)]


# -- taxa ---------------------------------------------------------------------------------

RegenerationPlants = Annotated[int, Meta(ge=1, le=100_000, description="plants one regeneration raises")]
MonitoringYears = Annotated[float, Meta(gt=0, le=100, description="years between tests when nothing is predicted")]
Constant = Annotated[float, Meta(ge=-1000, le=1000)]


class DeclaredConstants(Struct, forbid_unknown_fields=True):
    """Viability constants (Ellis & Roberts) declared for a crop without published ones."""

    ke: Constant
    cw: Constant
    ch: Constant
    cq: Constant


class TaxonCreate(Struct, forbid_unknown_fields=True):
    genus: Annotated[str, Meta(min_length=2, max_length=64, pattern=r"^[A-Z×][a-z×-]+$")]
    species: Epithet | None = None
    species_author: Author | None = None
    subtaxa: Annotated[str, single_line(128, min_length=1)] | None = None
    subtaxa_author: Author | None = None
    crop_name: Annotated[str, single_line(128, min_length=1)] | None = None
    common_name_es: Annotated[str, single_line(128, min_length=1)] | None = None
    common_name_en: Annotated[str, single_line(128, min_length=1)] | None = None
    local_name: Annotated[str, single_line(128, min_length=1)] | None = None
    breeding_system: BreedingSystem | None = None
    regeneration_plants: RegenerationPlants | None = None
    monitoring_years: MonitoringYears | None = None
    viability_constants: DeclaredConstants | None = None


class TaxonUpdate(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Fields present replace what is stored; ``null`` clears an optional field."""

    species_author: Author | UnsetType | None = UNSET
    subtaxa_author: Author | UnsetType | None = UNSET
    crop_name: Annotated[str, single_line(128, min_length=1)] | UnsetType | None = UNSET
    common_name_es: Annotated[str, single_line(128, min_length=1)] | UnsetType | None = UNSET
    common_name_en: Annotated[str, single_line(128, min_length=1)] | UnsetType | None = UNSET
    local_name: Annotated[str, single_line(128, min_length=1)] | UnsetType | None = UNSET
    breeding_system: BreedingSystem | UnsetType | None = UNSET
    regeneration_plants: RegenerationPlants | UnsetType | None = UNSET
    monitoring_years: MonitoringYears | UnsetType | None = UNSET
    viability_constants: DeclaredConstants | UnsetType | None = UNSET


class TaxonRead(Struct):
    id: int
    full_name: str
    genus: str
    species: str | None
    species_author: str | None
    subtaxa: str | None
    subtaxa_author: str | None
    crop_name: str | None
    common_name_es: str | None
    common_name_en: str | None
    local_name: str | None
    breeding_system: BreedingSystem | None
    regeneration_plants: int | None
    monitoring_years: float | None
    viability_constants: DeclaredConstants | None
    created_at: dt.datetime
    updated_at: dt.datetime


class TaxonSummary(Struct):
    id: int
    full_name: str
    crop_name: str | None
    common_name_es: str | None
    common_name_en: str | None
    local_name: str | None


# -- custodians ---------------------------------------------------------------------------


class CustodianCreate(Struct, forbid_unknown_fields=True):
    name: Name
    kind: CustodianKind
    setting: CustodianSetting
    state: Annotated[str, single_line(100, min_length=1)] | None = None
    municipality: Annotated[str, single_line(100, min_length=1)] | None = None
    parish: Annotated[str, single_line(100, min_length=1)] | None = None
    address: Annotated[str, single_line(300)] | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    coordinate_source: (
        Annotated[CoordinateSource, Meta(description="how the coordinates were taken; manual when not said")] | None
    ) = None
    coordinate_precision: (
        Annotated[CoordinatePrecision, Meta(description="what the coordinates stand for; point when not said")] | None
    ) = None
    elevation_m: Elevation | None = None
    contact: (
        Annotated[str, single_line(300, description="phone or e-mail; never shown to anonymous readers")] | None
    ) = None


class CustodianUpdate(Struct, forbid_unknown_fields=True, omit_defaults=True):
    name: Name | UnsetType = UNSET
    kind: CustodianKind | UnsetType = UNSET
    setting: CustodianSetting | UnsetType = UNSET
    state: Annotated[str, single_line(100, min_length=1)] | UnsetType | None = UNSET
    municipality: Annotated[str, single_line(100, min_length=1)] | UnsetType | None = UNSET
    parish: Annotated[str, single_line(100, min_length=1)] | UnsetType | None = UNSET
    address: Annotated[str, single_line(300)] | UnsetType | None = UNSET
    latitude: Latitude | UnsetType | None = UNSET
    longitude: Longitude | UnsetType | None = UNSET
    coordinate_source: CoordinateSource | UnsetType | None = UNSET
    coordinate_precision: CoordinatePrecision | UnsetType | None = UNSET
    elevation_m: Elevation | UnsetType | None = UNSET
    contact: Annotated[str, single_line(300)] | UnsetType | None = UNSET


class CustodianRead(Struct):
    """A custodian; ``contact`` appears only for staff and the custodian's own members; ``distance_km``
    only in a search near a point."""

    id: int
    name: str
    kind: CustodianKind
    setting: CustodianSetting
    state: str | None
    municipality: str | None
    parish: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    coordinate_source: CoordinateSource | None
    coordinate_precision: CoordinatePrecision | None
    elevation_m: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    contact: str | UnsetType = UNSET
    distance_km: Annotated[float, Meta(ge=0, description="geodesic distance from `near`, km")] | UnsetType = UNSET


# -- accessions ---------------------------------------------------------------------------


class AccessionCreate(Struct, forbid_unknown_fields=True):
    """Passport data of a new accession (MCPD v2.1 descriptor in each field's description)."""

    taxon_id: Id
    steward_custodian_id: (
        Annotated[int, Meta(ge=1, le=2_147_483_647, description="the organisation answering for it; yours by default")]
        | None
    ) = None
    accession_number: Annotated[str, single_line(64, min_length=1)] | None = None
    instcode: InstituteCode | None = None
    doi: Doi | None = None
    accession_names: Annotated[list[ListItem], Meta(max_length=20)] = msgspec.field(default_factory=list)
    biological_status: SampleStatus | None = None
    collecting_site: Annotated[str, single_line(500)] | None = None
    collecting_latitude: Latitude | None = None
    collecting_longitude: Longitude | None = None
    coordinate_uncertainty_m: Annotated[int, Meta(ge=0, le=20_000_000)] | None = None
    coordinate_datum: Annotated[str, single_line(32)] | None = None
    georeferencing_method: Annotated[str, single_line(64)] | None = None
    elevation_m: Elevation | None = None
    collecting_date: PartialDateText | None = None
    collector: ShortText | None = None
    collecting_number: Code | None = None
    collecting_institute_code: Code | None = None
    collecting_institute_name: Annotated[str, single_line(300)] | None = None
    collecting_institute_address: Annotated[str, single_line(300)] | None = None
    collecting_mission: Annotated[str, single_line(100)] | None = None
    breeding_institute_code: Code | None = None
    breeder_name: Annotated[str, single_line(300)] | None = None
    ancestry: Text | None = None
    collecting_source: CollectingSource | None = None
    donor_institute_code: Code | None = None
    donor_name: Annotated[str, single_line(300)] | None = None
    donor_accession_number: Code | None = None
    other_numbers: Annotated[list[ListItem], Meta(max_length=20)] = msgspec.field(default_factory=list)
    safety_duplicate_sites: Annotated[list[InstituteCode], Meta(max_length=10)] = msgspec.field(default_factory=list)
    safety_duplicate_institute: Annotated[str, single_line(300)] | None = None
    storage_types: Annotated[list[StorageType], Meta(max_length=9)] = msgspec.field(default_factory=list)
    mls_status: MlsStatus | None = None
    origin_country: CountryCode | None = None
    acquisition_date: PartialDateText | None = None
    access_terms: AccessTerms = AccessTerms.FREE
    holder_community: ShortText | None = None
    remarks: Text | None = None


class AccessionUpdate(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Corrections to passport data; the accession number and PUID never change."""

    taxon_id: Id | UnsetType = UNSET
    accession_names: Annotated[list[ListItem], Meta(max_length=20)] | UnsetType = UNSET
    biological_status: SampleStatus | UnsetType | None = UNSET
    collecting_site: Annotated[str, single_line(500)] | UnsetType | None = UNSET
    collecting_latitude: Latitude | UnsetType | None = UNSET
    collecting_longitude: Longitude | UnsetType | None = UNSET
    coordinate_uncertainty_m: Annotated[int, Meta(ge=0, le=20000000)] | UnsetType | None = UNSET
    elevation_m: Elevation | UnsetType | None = UNSET
    collecting_date: PartialDateText | UnsetType | None = UNSET
    collector: ShortText | UnsetType | None = UNSET
    donor_name: Annotated[str, single_line(300)] | UnsetType | None = UNSET
    ancestry: Text | UnsetType | None = UNSET
    collecting_source: CollectingSource | UnsetType | None = UNSET
    origin_country: CountryCode | UnsetType | None = UNSET
    acquisition_date: PartialDateText | UnsetType | None = UNSET
    storage_types: Annotated[list[StorageType], Meta(max_length=9)] | UnsetType = UNSET
    mls_status: MlsStatus | UnsetType | None = UNSET
    access_terms: AccessTerms | UnsetType = UNSET
    holder_community: ShortText | UnsetType | None = UNSET
    remarks: Text | UnsetType | None = UNSET


class Holdings(Struct):
    """What the collection holds of an accession right now."""

    lots: int
    on_hand_seeds: int
    available_seeds: int


class AccessionRead(Struct):
    """Passport data. For accessions under community or consent terms, the collecting details
    (site, coordinates, collector, donor, ancestry, remarks) are withheld from callers outside
    the steward and holder organisations and the centre; ``withheld`` says so."""

    id: int
    puid: str
    instcode: str
    accession_number: str
    steward_custodian_id: int | None
    withheld: bool
    taxon: TaxonSummary
    accession_names: list[str]
    biological_status: int | None
    collecting_site: str | None
    collecting_latitude: float | None
    collecting_longitude: float | None
    coordinate_uncertainty_m: int | None
    coordinate_datum: str | None
    georeferencing_method: str | None
    elevation_m: int | None
    collecting_date: str | None
    collector: str | None
    collecting_number: str | None
    collecting_institute_code: str | None
    collecting_institute_name: str | None
    collecting_institute_address: str | None
    collecting_mission: str | None
    breeding_institute_code: str | None
    breeder_name: str | None
    ancestry: str | None
    collecting_source: int | None
    donor_institute_code: str | None
    donor_name: str | None
    donor_accession_number: str | None
    other_numbers: list[str]
    safety_duplicate_sites: list[str]
    safety_duplicate_institute: str | None
    storage_types: list[int]
    mls_status: int | None
    origin_country: str | None
    acquisition_date: str | None
    access_terms: AccessTerms
    holder_community: str | None
    remarks: str | None
    holdings: Holdings
    pdci: Annotated[
        float,
        Meta(ge=0, le=10, description="passport data completeness index, 0–10 (van Hintum et al. 2011, as Genesys)"),
    ]
    created_at: dt.datetime
    updated_at: dt.datetime


class AccessionSummary(Struct):
    """One line of a catalogue search."""

    id: int
    puid: str
    accession_number: str
    taxon: TaxonSummary
    accession_names: list[str]
    biological_status: int | None
    origin_country: str | None
    collecting_date: str | None
    access_terms: AccessTerms
    holdings: Holdings
    # In a search near a point: how far the nearest matching place (collecting site or holder) lies.
    distance_km: Annotated[float, Meta(ge=0, description="geodesic distance from `near`, km")] | UnsetType = UNSET


# -- lots and the ledger ------------------------------------------------------------------


class LotCreate(Struct, forbid_unknown_fields=True):
    """Register a lot and its first stock: one lot row and its first ledger entry, together."""

    accession_id: Id
    custodian_id: Id
    initial_quantity: SeedsOrZero
    initial_entry_kind: EntryKind = EntryKind.RECEIVE
    lot_code: LotCode | None = None
    parent_lot_id: Id | None = None
    harvest_date: PartialDateText | None = None
    storage_condition: StorageCondition = StorageCondition.ACTIVE
    storage_location: Annotated[str, single_line(200)] | None = None
    moisture_content_pct: Moisture | None = None
    storage_temperature_c: StorageTemperature | None = None
    thousand_seed_weight_mg: ThousandSeedWeight | None = None
    status: LotStatus = LotStatus.ACTIVE
    reason: Annotated[str, single_line(500)] | None = None
    actor: ShortText | None = None


class LotUpdate(Struct, forbid_unknown_fields=True, omit_defaults=True):
    harvest_date: PartialDateText | UnsetType | None = UNSET
    storage_condition: StorageCondition | UnsetType = UNSET
    storage_location: Annotated[str, single_line(200)] | UnsetType | None = UNSET
    moisture_content_pct: Moisture | UnsetType | None = UNSET
    storage_temperature_c: StorageTemperature | UnsetType | None = UNSET
    thousand_seed_weight_mg: ThousandSeedWeight | UnsetType | None = UNSET
    status: LotStatus | UnsetType = UNSET


class LotRead(Struct):
    id: int
    lot_code: str
    accession_id: int
    accession_number: str
    custodian_id: int
    custodian_name: str
    parent_lot_id: int | None
    harvest_date: str | None
    storage_condition: StorageCondition
    storage_location: str | None
    moisture_content_pct: float | None
    thousand_seed_weight_mg: int | None
    status: LotStatus
    on_hand: int
    reserved: int
    available: int
    on_hand_mass_mg: int | None
    storage_temperature_c: float | None
    latest_germination_percent: int | None
    latest_test_date: dt.date | None
    next_test_due: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime


class MovementCreate(Struct, forbid_unknown_fields=True):
    """A stock movement. The kind gives the sign: receive/harvest/return add, issue/test-use/loss take.

    Give the amount as ``quantity`` (seeds) or ``mass_mg`` (converted with the lot's
    1000-seed weight). A ``correction`` reverses the entry named in ``corrects_entry_id``
    and takes no amount.
    """

    kind: EntryKind
    quantity: Seeds | None = None
    mass_mg: Annotated[int, Meta(ge=1, le=10_000_000_000)] | None = None
    reason: Annotated[str, single_line(500)] | None = None
    actor: ShortText | None = None
    counterpart_lot_id: Id | None = None
    corrects_entry_id: Id | None = None


class LotEntryRead(Struct):
    id: int
    lot_id: int
    kind: EntryKind
    quantity: int
    balance_after: int
    reason: str | None
    actor: str | None
    counterpart_lot_id: int | None
    corrects_entry_id: int | None
    recorded_at: dt.datetime


class SplitCreate(Struct, forbid_unknown_fields=True):
    """Move part of a lot into a new child lot (same accession), atomically."""

    quantity: Seeds
    lot_code: LotCode | None = None
    custodian_id: Id | None = None
    storage_condition: StorageCondition | None = None
    storage_location: Annotated[str, single_line(200)] | None = None
    reason: Annotated[str, single_line(500)] | None = None
    actor: ShortText | None = None


class SplitRead(Struct):
    parent: LotRead
    child: LotRead


class LotSummary(Struct):
    id: int
    lot_code: str
    accession_id: int
    custodian_id: int
    parent_lot_id: int | None
    status: LotStatus
    on_hand: int
    harvest_date: str | None


class LineageNode(Struct):
    lot: LotSummary
    depth: int


class LineageRead(Struct):
    """Chain of custody: ancestors from the parent up to the root, descendants breadth-first."""

    lot: LotSummary
    ancestors: list[LotSummary]
    descendants: list[LineageNode]


class Health(Struct):
    status: str
    engine: str
    version: str
