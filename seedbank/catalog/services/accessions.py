"""Accessions: passport data of every sample as it entered the collection."""

from __future__ import annotations

import datetime as dt
from typing import Any

from seedbank.accounts.policy import Action, allows, require, require_login
from seedbank.accounts.principal import ANONYMOUS, Principal
from seedbank.accounts.roles import Role
from seedbank.audit import services as audit
from seedbank.catalog.mcpd_codes import COLLECTING_SOURCES, MLS_STATUSES, SAMPLE_STATUSES, STORAGE_TYPES
from seedbank.catalog.passport import (
    accession_number_for,
    check_code,
    check_codes,
    check_country,
    check_partial_date,
    check_point,
    iso_date,
    join_values,
    puid_for,
    split_values,
)
from seedbank.catalog.schemas import AccessionCreate, AccessionRead, AccessionUpdate, Holdings
from seedbank.catalog.services.completeness import TAXON_PDCI_COLUMNS, stored_pdci
from seedbank.catalog.services.sequences import next_number
from seedbank.catalog.services.taxa import taxon_summary
from seedbank.catalog.services.terms import replace_terms
from seedbank.catalog.tables import Accession
from seedbank.catalog.vocabulary import AccessTerms
from seedbank.contracts import provided
from seedbank.db import Database, Row, insert_row, update_row
from seedbank.errors import Conflict, InvalidInput, NotFound

__all__ = [
    "HOLDINGS_COLUMNS",
    "READ_SQL",
    "TAXON_COLUMNS",
    "create_accession",
    "get_accession",
    "holdings",
    "update_accession",
]

# Correlated aggregates over an accession's lots (index lot_holdings_point), aliased for ``holdings``.
HOLDINGS_COLUMNS = (
    "(SELECT COUNT(*) FROM lot l WHERE l.accession = a.id AND l.status <> 'deaccessioned') AS holdings_lots, "
    "(SELECT CAST(COALESCE(SUM(l.on_hand), 0) AS BIGINT) FROM lot l "
    " WHERE l.accession = a.id AND l.status <> 'deaccessioned') AS holdings_on_hand, "
    "(SELECT CAST(COALESCE(SUM(l.on_hand - l.reserved), 0) AS BIGINT) FROM lot l "
    " WHERE l.accession = a.id AND l.status = 'active') AS holdings_available"
)
TAXON_COLUMNS = (
    "t.id AS taxon_id, t.genus AS taxon_genus, t.full_name AS taxon_full_name, t.crop_name AS taxon_crop_name, "
    "t.common_name_es AS taxon_common_name_es, t.common_name_en AS taxon_common_name_en, "
    "t.local_name AS taxon_local_name"
)
# One accession, its taxon's names and its holdings: the API read (the benchmark's raw-driver reference runs it too).
READ_SQL = (
    f"SELECT a.*, {TAXON_COLUMNS}, {TAXON_PDCI_COLUMNS}, {HOLDINGS_COLUMNS} "
    "FROM accession a JOIN taxon t ON t.id = a.taxon WHERE a.id = {}"
)

# API field → column, where the names differ or the value needs translating.
_PLAIN_FIELDS = [
    "biological_status",
    "collecting_site",
    "collecting_latitude",
    "collecting_longitude",
    "coordinate_uncertainty_m",
    "coordinate_datum",
    "georeferencing_method",
    "elevation_m",
    "collector",
    "collecting_number",
    "collecting_institute_code",
    "collecting_institute_name",
    "collecting_institute_address",
    "collecting_mission",
    "breeding_institute_code",
    "breeder_name",
    "ancestry",
    "collecting_source",
    "donor_institute_code",
    "donor_name",
    "donor_accession_number",
    "safety_duplicate_institute",
    "mls_status",
    "origin_country",
    "holder_community",
    "remarks",
]


def holdings(row: Row) -> Holdings:
    return Holdings(
        lots=int(row["holdings_lots"]),
        on_hand_seeds=int(row["holdings_on_hand"]),
        available_seeds=int(row["holdings_available"]),
    )


def _columns(fields: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Checked API fields → column values (dates to MCPD form, lists joined, codes verified)."""
    columns: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if name in _PLAIN_FIELDS:
            columns[name] = value
        elif name in ("collecting_date", "acquisition_date"):
            columns[name] = check_partial_date(value, name, today)
        elif name in ("accession_names", "other_numbers"):
            columns[name] = join_values(value)
        elif name == "safety_duplicate_sites":
            columns["safety_duplicate_site"] = join_values(value)
        elif name == "storage_types":
            columns[name] = join_values(check_codes(value, STORAGE_TYPES, name, "STORAGE"))
        elif name == "access_terms":
            columns[name] = str(value)
        elif name == "taxon_id":
            columns["taxon"] = value
    check_code(columns.get("biological_status"), SAMPLE_STATUSES, "biological_status", "SAMPSTAT")
    check_code(columns.get("collecting_source"), COLLECTING_SOURCES, "collecting_source", "COLLSRC")
    check_code(columns.get("mls_status"), MLS_STATUSES, "mls_status", "MLSSTAT")
    check_country(columns.get("origin_country"), "origin_country")
    return columns


# Collecting details kept from outsiders when the access terms are community-only or need consent.
RESTRICTED_FIELDS = (
    "collecting_site",
    "collecting_latitude",
    "collecting_longitude",
    "coordinate_uncertainty_m",
    "elevation_m",
    "collector",
    "collecting_number",
    "donor_name",
    "donor_accession_number",
    "ancestry",
    "remarks",
)


def _read(row: Row, *, withhold: bool = False) -> AccessionRead:
    """The API's view of a stored accession (with its taxon's names, as ``READ_SQL`` selects them)."""
    completeness = stored_pdci(row).score  # of the whole passport, whoever reads it
    if withhold:
        row = row | dict.fromkeys(RESTRICTED_FIELDS)
    return AccessionRead(
        id=row["id"],
        puid=row["puid"],
        instcode=row["instcode"],
        accession_number=row["accession_number"],
        steward_custodian_id=row["steward"],
        withheld=withhold,
        taxon=taxon_summary(row, prefix="taxon_"),
        accession_names=split_values(row["accession_names"]),
        collecting_date=iso_date(row["collecting_date"]),
        acquisition_date=iso_date(row["acquisition_date"]),
        other_numbers=split_values(row["other_numbers"]),
        safety_duplicate_sites=split_values(row["safety_duplicate_site"]),
        storage_types=[int(code) for code in split_values(row["storage_types"])],
        access_terms=row["access_terms"],
        holdings=holdings(row),
        pdci=completeness,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        **{name: row[name] for name in _PLAIN_FIELDS},
    )


async def _genus_of(db: Database, taxon_id: int) -> str:
    genus = await db.fetch_value("SELECT genus FROM taxon WHERE id = {}", taxon_id)
    if genus is None:
        raise NotFound(f"there is no taxon {taxon_id}", field="taxon_id")
    return str(genus)


async def _number_taken(db: Database, instcode: str, number: str) -> bool:
    found = await db.fetch_value(
        "SELECT id FROM accession WHERE instcode = {} AND accession_number = {}", instcode, number
    )
    return found is not None


def _steward_for(actor: Principal, requested: int | None) -> int | None:
    """The steward of a new accession: the one asked for, or the caller's only organisation."""
    if requested is not None or actor.role is Role.ADMIN:
        return requested
    if len(actor.custodian_ids) == 1:
        return next(iter(actor.custodian_ids))
    if actor.custodian_ids:
        raise InvalidInput(
            "you belong to several organisations: say which one stewards it", field="steward_custodian_id"
        )
    return None


async def create_accession(db: Database, actor: Principal, data: AccessionCreate, *, instcode: str) -> AccessionRead:
    """Register an accession; its number comes from the institute's sequence unless one is given."""
    require_login(actor)
    steward = _steward_for(actor, data.steward_custodian_id)
    require(actor, Action.ACCESSION_CREATE, (steward,), field="steward_custodian_id")
    now = dt.datetime.now(dt.UTC)
    check_point(data.collecting_latitude, data.collecting_longitude, prefix="collecting_")
    fields = {name: getattr(data, name) for name in data.__struct_fields__}
    columns = _columns(fields, now.date()) | {"steward": steward}
    institute = data.instcode or instcode
    async with db.write():
        genus = await _genus_of(db, data.taxon_id)
        if steward is not None and await db.fetch_value("SELECT id FROM custodian WHERE id = {}", steward) is None:
            raise NotFound(f"there is no custodian {steward}", field="steward_custodian_id")
        if data.accession_number:
            number = data.accession_number.strip()
            if await _number_taken(db, institute, number):
                raise Conflict(f"{institute} already has an accession {number}", field="accession_number")
        else:
            number = accession_number_for(institute, await next_number(db, f"accession:{institute}"))
            # Numbers given explicitly on import may already sit ahead of the sequence.
            while await _number_taken(db, institute, number):
                number = accession_number_for(institute, await next_number(db, f"accession:{institute}"))
        puid = puid_for(institute, number, genus, data.doi)
        if await db.fetch_value("SELECT id FROM accession WHERE puid = {}", puid) is not None:
            raise Conflict(f"an accession with PUID {puid} already exists", field="doi")
        accession_id = await insert_row(
            Accession,
            {
                **columns,
                "instcode": institute,
                "accession_number": number,
                "puid": puid,
                "created_at": now,
                "updated_at": now,
            },
        )
        await replace_terms(db, [accession_id])
        await audit.created(db, actor, "accession", accession_id, now)
    return await get_accession(db, accession_id, actor)


async def _may_see_restricted(db: Database, viewer: Principal, row: Row) -> bool:
    if row["access_terms"] == AccessTerms.FREE or allows(viewer, Action.ACCESSION_READ_RESTRICTED, ()):
        return True
    if not viewer.custodian_ids:
        return False
    holders = await db.fetch("SELECT DISTINCT custodian FROM lot WHERE accession = {}", row["id"])
    owners = (row["steward"], *(holder["custodian"] for holder in holders))
    return allows(viewer, Action.ACCESSION_READ_RESTRICTED, owners)


async def get_accession(db: Database, accession_id: int, viewer: Principal = ANONYMOUS) -> AccessionRead:
    row = await db.fetch_point(READ_SQL, accession_id)
    if row is None:
        raise NotFound(f"there is no accession {accession_id}", field="accession_id")
    return _read(row, withhold=not await _may_see_restricted(db, viewer, row))


async def update_accession(db: Database, actor: Principal, accession_id: int, data: AccessionUpdate) -> AccessionRead:
    require_login(actor)
    now = dt.datetime.now(dt.UTC)
    fields = provided(data)
    columns = _columns(fields, now.date())
    async with db.write():
        current = await audit.snapshot(db, "accession", accession_id)
        if current is None:
            raise NotFound(f"there is no accession {accession_id}", field="accession_id")
        require(actor, Action.ACCESSION_UPDATE, (current["steward"],))
        if "taxon" in columns:
            await _genus_of(db, columns["taxon"])
        merged = current | columns
        check_point(merged["collecting_latitude"], merged["collecting_longitude"], prefix="collecting_")
        if columns:
            await update_row(Accession, accession_id, {**columns, "updated_at": now})
            await replace_terms(db, [accession_id])
            await audit.updated(db, actor, "accession", accession_id, current, now)
    return await get_accession(db, accession_id, actor)
