"""The catalogue's tables: taxa, custodians, accessions (passport data), lots and their stock ledger.

Conventions: quantities are whole seeds; masses are integer milligrams; partial dates are
stored the MCPD way (``YYYYMMDD`` with ``--``); ``*_key`` columns hold text folded by
``seedbank.text.fold`` so search behaves the same on SQLite and PostgreSQL; multi-valued
MCPD fields are stored as MCPD writes them (``;`` between values). Keys are Text: folding
can lengthen a string ("ß" → "ss"), so they carry no length limit of their own.

Rules the database itself enforces are installed by the migrations, the same on both
engines in effect (CHECK constraints on PostgreSQL, triggers on SQLite, which cannot add
constraints to a table): stock within bounds (``0 <= reserved <= on_hand``), coordinates in
range, the ledger append-only, accession numbers unique per institute. See
``piccolo_migrations/0001_catalogue_core.py``.
"""

from __future__ import annotations

from piccolo.columns import (
    BigInt,
    Boolean,
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    OnDelete,
    SmallInt,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

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

__all__ = [
    "TABLES",
    "Accession",
    "AccessionTerm",
    "Custodian",
    "CustodianTaxon",
    "GeocodeAnswer",
    "Lot",
    "LotEntry",
    "NumberSequence",
    "Taxon",
]


class NumberSequence(Table, tablename="number_sequence"):
    """Named counters (``accession:VEN001``, ``lot:42``): the database hands out numbers, never max + 1."""

    name = Varchar(length=100, unique=True)
    value = BigInt(default=0)


class Taxon(Table):
    genus = Varchar(length=64)
    species = Varchar(length=64, null=True, default=None)
    species_author = Varchar(length=128, null=True, default=None)
    subtaxa = Varchar(length=128, null=True, default=None)
    subtaxa_author = Varchar(length=128, null=True, default=None)
    crop_name = Varchar(length=128, null=True, default=None)
    common_name_es = Varchar(length=128, null=True, default=None)
    common_name_en = Varchar(length=128, null=True, default=None)
    local_name = Varchar(length=128, null=True, default=None)
    # Regeneration planning for the crop: how it pollinates, how many plants a regeneration raises, and viability
    # constants declared for species without published ones (all four or none).
    breeding_system = Varchar(length=20, choices=BreedingSystem, null=True, default=None)
    regeneration_plants = Integer(null=True, default=None)
    monitoring_years = DoublePrecision(null=True, default=None)
    viability_ke = DoublePrecision(null=True, default=None)
    viability_cw = DoublePrecision(null=True, default=None)
    viability_ch = DoublePrecision(null=True, default=None)
    viability_cq = DoublePrecision(null=True, default=None)
    full_name = Varchar(length=300)
    name_key = Text(unique=True)
    crop_key = Text(null=True, default=None, index=True)
    search_key = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class Custodian(Table):
    name = Varchar(length=200)
    kind = Varchar(length=32, choices=CustodianKind)
    setting = Varchar(length=16, choices=CustodianSetting)
    state = Varchar(length=100, null=True, default=None)
    municipality = Varchar(length=100, null=True, default=None)
    parish = Varchar(length=100, null=True, default=None)
    address = Varchar(length=300, null=True, default=None)
    latitude = DoublePrecision(null=True, default=None)
    longitude = DoublePrecision(null=True, default=None)
    # Provenance of the coordinates (null when there are none): gps, geocoded, gazetteer, manual; and how precise.
    coordinate_source = Varchar(length=16, choices=CoordinateSource, null=True, default=None)
    coordinate_precision = Varchar(length=16, choices=CoordinatePrecision, null=True, default=None)
    elevation_m = Integer(null=True, default=None)
    contact = Varchar(length=300, null=True, default=None, secret=True)
    state_key = Text(null=True, default=None, index=True)
    search_key = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class GeocodeAnswer(Table, tablename="geocode_answer"):
    """Places the geocoder found, by normalised query: Nominatim asks that nothing be asked twice."""

    query = Text(unique=True)  # seedbank.catalog.geocoding.normalise_query
    latitude = DoublePrecision()
    longitude = DoublePrecision()
    display_name = Text(default="")
    precision = Varchar(length=16, choices=CoordinatePrecision)
    attribution = Text(null=True, default=None)  # Nominatim's licence line (ODbL)
    created_at = Timestamptz(default=TimestamptzNow())


class CustodianTaxon(Table, tablename="custodian_taxon"):
    """Which custodians hold (or once held) lots of which taxa: an index across lot and accession.

    Kept by triggers (migrations ``catalog_0005_geo_rules`` and ``catalog_0007_holder_points_rules``:
    a lot registered, an accession's taxon corrected, a custodian moved), never written by the
    services; a superset whose pairs only narrow a search before stock is checked on the lots
    themselves ("nearest holders of a taxon with seed available"). Each pair carries its custodian's
    point, so holders of a taxon are found by place from one index (``custodian_taxon_point``).
    """

    custodian = Integer()
    taxon = Integer()
    latitude = DoublePrecision(null=True, default=None)
    longitude = DoublePrecision(null=True, default=None)


class Accession(Table):
    """Passport data of one sample as it entered the collection (MCPD v2.1 names in comments)."""

    instcode = Varchar(length=16)  # INSTCODE
    accession_number = Varchar(length=64)  # ACCENUMB
    puid = Varchar(length=300, unique=True)  # PUID
    taxon = ForeignKey(Taxon, on_delete=OnDelete.restrict, null=False, index=True)
    accession_names = Text(null=True, default=None)  # ACCENAME, ';'-joined
    collecting_number = Varchar(length=64, null=True, default=None)  # COLLNUMB
    collecting_institute_code = Varchar(length=64, null=True, default=None)  # COLLCODE
    collecting_institute_name = Varchar(length=300, null=True, default=None)  # COLLNAME
    collecting_institute_address = Varchar(length=300, null=True, default=None)  # COLLINSTADDRESS
    collecting_mission = Varchar(length=100, null=True, default=None)  # COLLMISSID
    collector = Varchar(length=200, null=True, default=None)  # person or community who collected
    acquisition_date = Varchar(length=8, null=True, default=None)  # ACQDATE, YYYYMMDD with '--'
    origin_country = Varchar(length=3, null=True, default=None)  # ORIGCTY
    collecting_site = Varchar(length=500, null=True, default=None)  # COLLSITE
    collecting_latitude = DoublePrecision(null=True, default=None)  # DECLATITUDE
    collecting_longitude = DoublePrecision(null=True, default=None)  # DECLONGITUDE
    coordinate_uncertainty_m = Integer(null=True, default=None)  # COORDUNCERT
    coordinate_datum = Varchar(length=32, null=True, default=None)  # COORDDATUM
    georeferencing_method = Varchar(length=64, null=True, default=None)  # GEOREFMETH
    elevation_m = Integer(null=True, default=None)  # ELEVATION
    collecting_date = Varchar(length=8, null=True, default=None)  # COLLDATE
    breeding_institute_code = Varchar(length=64, null=True, default=None)  # BREDCODE
    breeder_name = Varchar(length=300, null=True, default=None)  # BREDNAME
    biological_status = SmallInt(null=True, default=None)  # SAMPSTAT
    ancestry = Text(null=True, default=None)  # ANCEST
    collecting_source = SmallInt(null=True, default=None)  # COLLSRC
    donor_institute_code = Varchar(length=64, null=True, default=None)  # DONORCODE
    donor_name = Varchar(length=300, null=True, default=None)  # DONORNAME
    donor_accession_number = Varchar(length=64, null=True, default=None)  # DONORNUMB
    other_numbers = Text(null=True, default=None)  # OTHERNUMB, ';'-joined
    safety_duplicate_site = Varchar(length=100, null=True, default=None)  # DUPLSITE, ';'-joined
    safety_duplicate_institute = Varchar(length=300, null=True, default=None)  # DUPLINSTNAME
    storage_types = Varchar(length=64, null=True, default=None)  # STORAGE, ';'-joined codes
    mls_status = SmallInt(null=True, default=None)  # MLSSTAT
    # The organisation that registered the accession and answers for its passport data.
    steward = ForeignKey(Custodian, on_delete=OnDelete.restrict, null=True, default=None, index=True)
    access_terms = Varchar(length=20, choices=AccessTerms, default=AccessTerms.FREE)
    holder_community = Varchar(length=200, null=True, default=None)
    remarks = Text(null=True, default=None)  # REMARKS
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class AccessionTerm(Table, tablename="accession_term"):
    """Folded words an accession is found by (taxon, crop and local names, numbers): an index both engines share."""

    accession = ForeignKey(Accession, on_delete=OnDelete.cascade, null=False)
    term = Varchar(length=64)


class Lot(Table):
    """A physical quantity of seed of one accession, held by one custodian, from one harvest."""

    lot_code = Varchar(length=80, unique=True)
    # Indexed with its stock columns and its holder's point (lot_holdings_point, migration 0008): holdings, and
    # "held near a point", are read from the index alone.
    accession = ForeignKey(Accession, on_delete=OnDelete.restrict, null=False)
    custodian = ForeignKey(Custodian, on_delete=OnDelete.restrict, null=False)
    # The custodian's point, kept by triggers (migration 0008: a lot registered or given another custodian, a
    # custodian moved), never written by the services nor through the API.
    holder_latitude = DoublePrecision(null=True, default=None)
    holder_longitude = DoublePrecision(null=True, default=None)
    parent: ForeignKey[Lot] = ForeignKey("self", on_delete=OnDelete.restrict, null=True, default=None, index=True)
    harvest_date = Varchar(length=8, null=True, default=None)
    storage_condition = Varchar(length=16, choices=StorageCondition, default=StorageCondition.ACTIVE)
    storage_location = Varchar(length=200, null=True, default=None)
    moisture_content_pct = DoublePrecision(null=True, default=None)
    thousand_seed_weight_mg = Integer(null=True, default=None)
    status = Varchar(length=16, choices=LotStatus, default=LotStatus.ACTIVE)
    on_hand = BigInt(default=0)  # = sum of ledger entries, kept in the same transaction
    reserved = BigInt(default=0)
    storage_temperature_c = DoublePrecision(null=True, default=None)  # measured; else the condition's nominal one
    # The germination plan, kept current by the germination services so due lists are one indexed query:
    # regeneration is due when latest < threshold or on_hand < reserve_seeds.
    initial_germination_pct = SmallInt(null=True, default=None)
    initial_test_date = Date(null=True, default=None)
    latest_germination_pct = SmallInt(null=True, default=None)
    latest_test_date = Date(null=True, default=None)
    regeneration_threshold_pct = SmallInt(null=True, default=None)
    reserve_seeds = BigInt(null=True, default=None)
    next_test_due = Date(null=True, default=None)
    threshold_date = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class LotEntry(Table, tablename="lot_entry"):
    """Append-only stock ledger: triggers refuse UPDATE and DELETE; corrections are reversing entries."""

    lot = ForeignKey(Lot, on_delete=OnDelete.restrict, null=False)
    kind = Varchar(length=16, choices=EntryKind)
    quantity = BigInt()  # signed, whole seeds
    balance_after = BigInt()
    reason = Varchar(length=500, null=True, default=None)
    actor = Varchar(length=200, null=True, default=None)
    counterpart_lot = ForeignKey(Lot, on_delete=OnDelete.restrict, null=True, default=None)
    corrects: ForeignKey[LotEntry] = ForeignKey(
        "self", on_delete=OnDelete.restrict, null=True, default=None, unique=True
    )
    recorded_at = Timestamptz(default=TimestamptzNow())


class GerminationTest(Table, tablename="germination_test"):
    """One germination test of a lot: the counts as recorded and the results computed from them (ISTA)."""

    lot = ForeignKey(Lot, on_delete=OnDelete.restrict, null=False, index=True)
    started_on = Date()
    ended_on = Date()
    method = Varchar(length=64, null=True, default=None)
    substrate = Varchar(length=64, null=True, default=None)
    temperature = Varchar(length=32, null=True, default=None)  # "20 °C" or alternating "20/30 °C"
    seeds_per_replicate = SmallInt()
    replicates = Text()  # JSON: the counts of each replicate as recorded
    fresh_confirmed_viable = Boolean(default=False)
    hard_confirmed_viable = Boolean(default=False)
    normal_pct = SmallInt()
    abnormal_pct = SmallInt()
    hard_pct = SmallInt()
    fresh_pct = SmallInt()
    dead_pct = SmallInt()
    germination_pct = SmallInt()
    viable_pct = SmallInt()
    replicate_percentages = Text()  # JSON list
    replicate_range = SmallInt()
    tolerance = SmallInt(null=True, default=None)
    tolerance_basis = Varchar(length=20)
    retest_required = Boolean(default=False)
    notes = Text(null=True, default=None)  # JSON list of the evaluation's notes
    seeds_tested = Integer()
    ledger_entry = ForeignKey(LotEntry, on_delete=OnDelete.restrict, null=True, default=None)
    analyst = Varchar(length=200, null=True, default=None)
    remarks = Text(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


TABLES: tuple[type[Table], ...] = (
    NumberSequence,
    Taxon,
    Custodian,
    GeocodeAnswer,
    CustodianTaxon,
    Accession,
    AccessionTerm,
    Lot,
    LotEntry,
    GerminationTest,
)
