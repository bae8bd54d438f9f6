"""The stock ledger: every change of a lot's stock is an appended entry; on-hand is their sum.

``post_entry`` is the one way stock moves. It changes ``lot.on_hand`` with a conditional
update (the row never goes below zero or below what is reserved, however many requests
race) and appends the entry with the balance it left, in the caller's write transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec

from seedbank.accounts.policy import Action, require, require_login
from seedbank.accounts.principal import Principal
from seedbank.audit import services as audit
from seedbank.catalog.schemas import LotEntryRead, MovementCreate
from seedbank.catalog.tables import LotEntry
from seedbank.catalog.vocabulary import INBOUND_KINDS, EntryKind, LotStatus
from seedbank.contracts import Page
from seedbank.db import Database, Row, insert_row
from seedbank.errors import Conflict, InvalidInput, InvalidState, NotFound
from seedbank.pagination import decode_cursor, encode_cursor

__all__ = ["Posting", "list_ledger", "post_entry", "record_stock_movement", "seeds_from_mass"]

_ENTRY_COLUMNS = (
    "id, lot AS lot_id, kind, quantity, balance_after, reason, actor, counterpart_lot AS counterpart_lot_id, "
    "corrects AS corrects_entry_id, recorded_at"
)

# One statement: move stock only if the result stays within bounds; keep the status in step.
# Arguments: quantity, now, quantity, quantity, lot id, quantity.
_MOVE = (
    "UPDATE lot SET on_hand = on_hand + {}, updated_at = {}, "
    "status = CASE WHEN status = 'active' AND on_hand + {} = 0 THEN 'depleted' "
    "WHEN status = 'depleted' AND on_hand + {} > 0 THEN 'active' ELSE status END "
    "WHERE id = {} AND on_hand + {} >= reserved RETURNING on_hand"
)


@dataclass(frozen=True, slots=True)
class Posting:
    """One entry to append: the signed quantity is already decided."""

    lot_id: int
    kind: EntryKind
    quantity: int
    reason: str | None = None
    actor: str | None = None
    counterpart_lot_id: int | None = None
    corrects_entry_id: int | None = None


def seeds_from_mass(mass_mg: int, thousand_seed_weight_mg: int | None) -> int:
    """Whole seeds in a mass, by the lot's 1000-seed weight."""
    if thousand_seed_weight_mg is None:
        raise InvalidInput("the lot has no 1000-seed weight: give the quantity in seeds", field="mass_mg")
    seeds = round(mass_mg * 1000 / thousand_seed_weight_mg)
    if seeds < 1:
        raise InvalidInput("that mass is less than one seed of this lot", field="mass_mg")
    return seeds


async def post_entry(db: Database, actor: Principal, posting: Posting, now: dt.datetime) -> LotEntryRead:
    """Move stock and append the entry, and its audit row (inside the caller's write transaction).

    The entry's ``actor`` is who did it (a name the caller gives) or else who recorded it.
    """
    assert db.in_transaction(), "post_entry runs inside `async with db.write()`"
    q = posting.quantity
    moved = await db.fetch_one(_MOVE, q, now, q, q, posting.lot_id, q)
    if moved is None:
        raise InvalidState(
            "not enough stock: the movement would take on-hand below zero or below the reserved seeds",
            field="quantity",
        )
    entry_id = await insert_row(
        LotEntry,
        {
            "lot": posting.lot_id,
            "kind": str(posting.kind),
            "quantity": q,
            "balance_after": int(moved["on_hand"]),
            "reason": posting.reason,
            "actor": posting.actor or actor.label,
            "counterpart_lot": posting.counterpart_lot_id,
            "corrects": posting.corrects_entry_id,
            "recorded_at": now,
        },
    )
    await audit.created(db, actor, "lot_entry", entry_id, now)
    return await _entry(db, entry_id)


async def _entry(db: Database, entry_id: int) -> LotEntryRead:
    row = await db.fetch_one(f"SELECT {_ENTRY_COLUMNS} FROM lot_entry WHERE id = {{}}", entry_id)
    assert row is not None
    return msgspec.convert(row, LotEntryRead)


async def _movable_lot(db: Database, actor: Principal, lot_id: int) -> Row:
    lot = await db.fetch_one("SELECT id, custodian, status, thousand_seed_weight_mg FROM lot WHERE id = {}", lot_id)
    if lot is None:
        raise NotFound(f"there is no lot {lot_id}", field="lot_id")
    require(actor, Action.LOT_WRITE, (lot["custodian"],))
    if lot["status"] == LotStatus.DEACCESSIONED:
        raise InvalidState(f"lot {lot_id} is deaccessioned: its stock no longer moves", field="lot_id")
    return lot


async def _posting(db: Database, lot: Row, data: MovementCreate) -> Posting:
    """Decide the signed quantity of a requested movement."""
    common = {"lot_id": lot["id"], "kind": data.kind, "reason": data.reason, "actor": data.actor}
    if data.counterpart_lot_id is not None:
        if data.counterpart_lot_id == lot["id"]:
            raise InvalidInput("a lot is not its own counterpart", field="counterpart_lot_id")
        if await db.fetch_value("SELECT id FROM lot WHERE id = {}", data.counterpart_lot_id) is None:
            raise NotFound(f"there is no lot {data.counterpart_lot_id}", field="counterpart_lot_id")
    if data.kind is EntryKind.CORRECTION:
        if data.corrects_entry_id is None:
            raise InvalidInput("a correction names the entry it reverses", field="corrects_entry_id")
        if data.quantity is not None or data.mass_mg is not None:
            raise InvalidInput("a correction reverses its entry exactly: give no amount", field="quantity")
        corrected = await db.fetch_one(
            "SELECT e.lot, e.kind, e.quantity, (SELECT c.id FROM lot_entry c WHERE c.corrects = e.id) AS corrected_by "
            "FROM lot_entry e WHERE e.id = {}",
            data.corrects_entry_id,
        )
        if corrected is None or corrected["lot"] != lot["id"]:
            raise NotFound(f"lot {lot['id']} has no ledger entry {data.corrects_entry_id}", field="corrects_entry_id")
        if corrected["kind"] == EntryKind.CORRECTION:
            raise InvalidInput("a correction is not corrected: record a new movement", field="corrects_entry_id")
        if corrected["corrected_by"] is not None:
            raise Conflict(
                f"entry {data.corrects_entry_id} was already corrected by entry {corrected['corrected_by']}",
                field="corrects_entry_id",
            )
        return Posting(
            **common,
            quantity=-int(corrected["quantity"]),
            counterpart_lot_id=data.counterpart_lot_id,
            corrects_entry_id=data.corrects_entry_id,
        )
    if data.corrects_entry_id is not None:
        raise InvalidInput("only a correction names an entry to correct", field="corrects_entry_id")
    if (data.quantity is None) == (data.mass_mg is None):
        raise InvalidInput("give the amount as quantity (seeds) or as mass_mg, one of them", field="quantity")
    seeds = (
        data.quantity
        if data.quantity is not None
        else seeds_from_mass(data.mass_mg or 0, lot["thousand_seed_weight_mg"])
    )
    if data.kind is EntryKind.ISSUE and lot["status"] == LotStatus.QUARANTINED:
        raise InvalidState(f"lot {lot['id']} is quarantined: no seed is issued from it", field="kind")
    sign = 1 if data.kind in INBOUND_KINDS else -1
    return Posting(**common, quantity=sign * seeds, counterpart_lot_id=data.counterpart_lot_id)


async def record_stock_movement(db: Database, actor: Principal, lot_id: int, data: MovementCreate) -> LotEntryRead:
    """One movement of one lot, in its own write transaction."""
    require_login(actor)
    now = dt.datetime.now(dt.UTC)
    async with db.write():
        lot = await _movable_lot(db, actor, lot_id)
        posting = await _posting(db, lot, data)
        return await post_entry(db, actor, posting, now)


async def list_ledger(db: Database, lot_id: int, *, cursor: str | None, limit: int) -> Page[LotEntryRead]:
    if await db.fetch_value("SELECT id FROM lot WHERE id = {}", lot_id) is None:
        raise NotFound(f"there is no lot {lot_id}", field="lot_id")
    after = decode_cursor(cursor, int)[0] if cursor else 0
    rows = await db.fetch(
        f"SELECT {_ENTRY_COLUMNS} FROM lot_entry WHERE lot = {{}} AND id > {{}} ORDER BY id LIMIT {{}}",
        lot_id,
        after,
        limit + 1,
    )
    page = rows[:limit]
    return Page(
        items=[msgspec.convert(row, LotEntryRead) for row in page],
        next=encode_cursor(page[-1]["id"]) if len(rows) > limit else None,
    )
