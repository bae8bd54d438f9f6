"""Seed lots: registering them with their first stock, reading, correcting and splitting them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import msgspec

from seedbank.accounts.policy import Action, require, require_login
from seedbank.accounts.principal import Principal
from seedbank.audit import services as audit
from seedbank.catalog.passport import check_partial_date, iso_date
from seedbank.catalog.schemas import LotCreate, LotRead, LotUpdate, SplitCreate, SplitRead
from seedbank.catalog.services.ledger import Posting, post_entry
from seedbank.catalog.services.plans import refresh_plan
from seedbank.catalog.services.sequences import next_number
from seedbank.catalog.tables import Lot
from seedbank.catalog.vocabulary import INBOUND_KINDS, EntryKind, LotStatus
from seedbank.contracts import Page, provided
from seedbank.db import Database, Row, insert_row, update_row
from seedbank.errors import Conflict, InvalidInput, InvalidState, NotFound
from seedbank.pagination import decode_cursor, encode_cursor

__all__ = ["LotFilter", "get_lot", "list_lots", "register_lot", "split_lot", "update_lot"]

_SELECT = (
    "SELECT l.id, l.lot_code, l.accession AS accession_id, a.accession_number, l.custodian AS custodian_id, "
    "c.name AS custodian_name, l.parent AS parent_lot_id, l.harvest_date, l.storage_condition, "
    "l.storage_location, l.moisture_content_pct, l.thousand_seed_weight_mg, l.status, l.on_hand, l.reserved, "
    "l.storage_temperature_c, l.latest_germination_pct AS latest_germination_percent, l.latest_test_date, "
    "l.next_test_due, l.created_at, l.updated_at "
    "FROM lot l JOIN accession a ON a.id = l.accession JOIN custodian c ON c.id = l.custodian"
)
MAX_CODE_ATTEMPTS = 1000
# Lot fields the germination plan depends on.
_PLAN_INPUTS = frozenset({"storage_condition", "storage_temperature_c", "moisture_content_pct"})


def _read(row: Row) -> LotRead:
    tsw = row["thousand_seed_weight_mg"]
    # convert, not the constructor: the point-read path hands dates back as ISO text on SQLite.
    return msgspec.convert(
        row
        | {
            "harvest_date": iso_date(row["harvest_date"]),
            "available": row["on_hand"] - row["reserved"],
            "on_hand_mass_mg": None if tsw is None else round(row["on_hand"] * tsw / 1000),
        },
        LotRead,
    )


async def get_lot(db: Database, lot_id: int, *, field: str = "lot_id") -> LotRead:
    row = await db.fetch_point(f"{_SELECT} WHERE l.id = {{}}", lot_id)
    if row is None:
        raise NotFound(f"there is no lot {lot_id}", field=field)
    return _read(row)


async def _lot_code(db: Database, accession_id: int, requested: str | None) -> str:
    if requested:
        code = requested.strip()
        if await db.fetch_value("SELECT id FROM lot WHERE lot_code = {}", code) is not None:
            raise Conflict(f"a lot with code {code} already exists", field="lot_code")
        return code
    number = await db.fetch_value("SELECT accession_number FROM accession WHERE id = {}", accession_id)
    for _ in range(MAX_CODE_ATTEMPTS):
        code = f"{number}-L{await next_number(db, f'lot:{accession_id}'):02d}"
        if await db.fetch_value("SELECT id FROM lot WHERE lot_code = {}", code) is None:
            return code
    raise Conflict("could not find a free lot code: give one explicitly", field="lot_code")


async def _insert_lot(db: Database, values: dict[str, Any], now: dt.datetime) -> int:
    return await insert_row(Lot, {**values, "on_hand": 0, "reserved": 0, "created_at": now, "updated_at": now})


async def register_lot(db: Database, actor: Principal, data: LotCreate) -> LotRead:
    """A new lot and its first ledger entry, in one transaction."""
    require(actor, Action.LOT_WRITE, (data.custodian_id,), field="custodian_id")
    now = dt.datetime.now(dt.UTC)
    harvest = check_partial_date(data.harvest_date, "harvest_date", now.date())
    if data.initial_quantity > 0 and data.initial_entry_kind not in INBOUND_KINDS:
        raise InvalidInput("a lot's first stock is received, harvested or returned", field="initial_entry_kind")
    async with db.write():
        if await db.fetch_value("SELECT id FROM accession WHERE id = {}", data.accession_id) is None:
            raise NotFound(f"there is no accession {data.accession_id}", field="accession_id")
        if await db.fetch_value("SELECT id FROM custodian WHERE id = {}", data.custodian_id) is None:
            raise NotFound(f"there is no custodian {data.custodian_id}", field="custodian_id")
        if data.parent_lot_id is not None:
            parent_accession = await db.fetch_value("SELECT accession FROM lot WHERE id = {}", data.parent_lot_id)
            if parent_accession is None:
                raise NotFound(f"there is no lot {data.parent_lot_id}", field="parent_lot_id")
            if parent_accession != data.accession_id:
                raise InvalidInput("a child lot holds seed of its parent's accession", field="parent_lot_id")
        lot_id = await _insert_lot(
            db,
            {
                "lot_code": await _lot_code(db, data.accession_id, data.lot_code),
                "accession": data.accession_id,
                "custodian": data.custodian_id,
                "parent": data.parent_lot_id,
                "harvest_date": harvest,
                "storage_condition": str(data.storage_condition),
                "storage_location": data.storage_location,
                "moisture_content_pct": data.moisture_content_pct,
                "storage_temperature_c": data.storage_temperature_c,
                "thousand_seed_weight_mg": data.thousand_seed_weight_mg,
                "status": str(data.status),
            },
            now,
        )
        await audit.created(db, actor, "lot", lot_id, now)
        await refresh_plan(db, lot_id, now.date())
        if data.initial_quantity > 0:
            await post_entry(
                db,
                actor,
                Posting(
                    lot_id=lot_id,
                    kind=data.initial_entry_kind,
                    quantity=data.initial_quantity,
                    reason=data.reason or "lot registered",
                    actor=data.actor,
                    counterpart_lot_id=data.parent_lot_id,
                ),
                now,
            )
    return await get_lot(db, lot_id)


async def update_lot(db: Database, actor: Principal, lot_id: int, data: LotUpdate) -> LotRead:
    """Correct a lot's description; stock only moves through the ledger."""
    require_login(actor)
    now = dt.datetime.now(dt.UTC)
    changes: dict[str, Any] = {
        name: (str(value) if name in ("status", "storage_condition") else value)
        for name, value in provided(data).items()
    }
    if "harvest_date" in changes:
        changes["harvest_date"] = check_partial_date(changes["harvest_date"], "harvest_date", now.date())
    async with db.write():
        current = await audit.snapshot(db, "lot", lot_id)
        if current is None:
            raise NotFound(f"there is no lot {lot_id}", field="lot_id")
        require(actor, Action.LOT_WRITE, (current["custodian"],))
        status = changes.get("status")
        if status == LotStatus.DEPLETED and current["on_hand"] > 0:
            raise InvalidState("a lot with seed in stock is not depleted: record the loss or issue", field="status")
        if status == LotStatus.ACTIVE and current["on_hand"] == 0:
            raise InvalidState("a lot with no seed is depleted, not active: receive seed into it", field="status")
        if changes:
            await update_row(Lot, lot_id, {**changes, "updated_at": now})
            if _PLAN_INPUTS & changes.keys():
                await refresh_plan(db, lot_id, now.date())
            await audit.updated(db, actor, "lot", lot_id, current, now)
    return await get_lot(db, lot_id)


async def split_lot(db: Database, actor: Principal, lot_id: int, data: SplitCreate) -> SplitRead:
    """Move ``quantity`` seeds into a new child lot: child row and both ledger entries, atomically."""
    require_login(actor)
    now = dt.datetime.now(dt.UTC)
    async with db.write():
        parent = await db.fetch_one(
            "SELECT id, accession, custodian, status, harvest_date, storage_condition, storage_location, "
            "moisture_content_pct, thousand_seed_weight_mg FROM lot WHERE id = {}",
            lot_id,
        )
        if parent is None:
            raise NotFound(f"there is no lot {lot_id}", field="lot_id")
        require(actor, Action.LOT_WRITE, (parent["custodian"],))
        if parent["status"] in (LotStatus.DEACCESSIONED, LotStatus.DEPLETED):
            raise InvalidState(f"lot {lot_id} is {parent['status']}: nothing to split", field="lot_id")
        custodian_id = data.custodian_id or parent["custodian"]
        if await db.fetch_value("SELECT id FROM custodian WHERE id = {}", custodian_id) is None:
            raise NotFound(f"there is no custodian {custodian_id}", field="custodian_id")
        child_id = await _insert_lot(
            db,
            {
                "lot_code": await _lot_code(db, parent["accession"], data.lot_code),
                "accession": parent["accession"],
                "custodian": custodian_id,
                "parent": lot_id,
                "harvest_date": parent["harvest_date"],
                "storage_condition": str(data.storage_condition or parent["storage_condition"]),
                "storage_location": data.storage_location or parent["storage_location"],
                "moisture_content_pct": parent["moisture_content_pct"],
                "thousand_seed_weight_mg": parent["thousand_seed_weight_mg"],
                # An empty lot is depleted until the receive entry below fills it.
                "status": LotStatus.QUARANTINED if parent["status"] == LotStatus.QUARANTINED else LotStatus.DEPLETED,
            },
            now,
        )
        await audit.created(db, actor, "lot", child_id, now)
        await refresh_plan(db, child_id, now.date())
        reason = data.reason or "lot split"
        await post_entry(
            db,
            actor,
            Posting(lot_id, EntryKind.ISSUE, -data.quantity, reason, data.actor, counterpart_lot_id=child_id),
            now,
        )
        await post_entry(
            db,
            actor,
            Posting(child_id, EntryKind.RECEIVE, data.quantity, reason, data.actor, counterpart_lot_id=lot_id),
            now,
        )
    return SplitRead(parent=await get_lot(db, lot_id), child=await get_lot(db, child_id))


@dataclass(frozen=True, slots=True, kw_only=True)
class LotFilter:
    """Which lots a list shows; every field narrows it."""

    accession_id: int | None = None
    custodian_id: int | None = None
    status: LotStatus | None = None
    available: bool | None = None


async def list_lots(db: Database, lots: LotFilter, *, cursor: str | None, limit: int) -> Page[LotRead]:
    where: list[str] = ["1 = 1"]
    args: list[Any] = []
    if lots.accession_id is not None:
        if await db.fetch_value("SELECT id FROM accession WHERE id = {}", lots.accession_id) is None:
            raise NotFound(f"there is no accession {lots.accession_id}", field="accession_id")
        where.append("l.accession = {}")
        args.append(lots.accession_id)
    if lots.custodian_id is not None:
        where.append("l.custodian = {}")
        args.append(lots.custodian_id)
    if lots.status is not None:
        where.append("l.status = {}")
        args.append(str(lots.status))
    if lots.available is True:
        where.append("l.status = 'active' AND l.on_hand > l.reserved")
    elif lots.available is False:
        where.append("NOT (l.status = 'active' AND l.on_hand > l.reserved)")
    if cursor:
        where.append("l.id > {}")
        args.append(decode_cursor(cursor, int)[0])
    rows = await db.fetch(f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY l.id LIMIT {{}}", *args, limit + 1)
    page = rows[:limit]
    return Page(items=[_read(row) for row in page], next=encode_cursor(page[-1]["id"]) if len(rows) > limit else None)
