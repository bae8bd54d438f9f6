"""Custodians: the communes, councils, farms and the centre that hold seed lots."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from seedbank.accounts.policy import Action, allows, require, require_login
from seedbank.accounts.principal import ANONYMOUS, Principal
from seedbank.audit import services as audit
from seedbank.catalog.passport import check_point
from seedbank.catalog.schemas import CustodianCreate, CustodianRead, CustodianUpdate
from seedbank.catalog.tables import Custodian
from seedbank.catalog.vocabulary import CustodianKind, CustodianSetting
from seedbank.contracts import Page
from seedbank.db import Database, Row, insert_row, update_row
from seedbank.errors import NotFound
from seedbank.pagination import decode_cursor, encode_cursor
from seedbank.text import fold, like_contains

__all__ = ["create_custodian", "get_custodian", "list_custodians", "update_custodian"]

# The contact column leaves only for callers the policy lets read it (see _read).
_COLUMNS = (
    "id, name, kind, setting, state, municipality, parish, address, latitude, longitude, elevation_m, contact, "
    "created_at, updated_at"
)


def _keys(values: dict[str, Any]) -> dict[str, Any]:
    place = " ".join(str(values[n]) for n in ("name", "state", "municipality", "parish") if values.get(n))
    return {
        "state_key": fold(values["state"]) if values.get("state") else None,
        "search_key": fold(place),
    }


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {name: (value.strip() if isinstance(value, str) else value) for name, value in values.items()}


def _read(row: Row, viewer: Principal) -> CustodianRead:
    contact = row.pop("contact")
    custodian = msgspec.convert(row, CustodianRead)
    if contact is not None and allows(viewer, Action.CUSTODIAN_READ_CONTACT, (custodian.id,)):
        custodian.contact = contact
    return custodian


async def create_custodian(db: Database, actor: Principal, data: CustodianCreate) -> CustodianRead:
    require(actor, Action.CUSTODIAN_CREATE)
    now = dt.datetime.now(dt.UTC)
    check_point(data.latitude, data.longitude)
    values = _clean(msgspec.to_builtins(data))
    values |= _keys(values)
    async with db.write():
        custodian_id = await insert_row(Custodian, {**values, "created_at": now, "updated_at": now})
        await audit.created(db, actor, "custodian", custodian_id, now)
    return await get_custodian(db, custodian_id, actor)


async def get_custodian(db: Database, custodian_id: int, viewer: Principal = ANONYMOUS) -> CustodianRead:
    row = await db.fetch_point(f"SELECT {_COLUMNS} FROM custodian WHERE id = {{}}", custodian_id)
    if row is None:
        raise NotFound(f"there is no custodian {custodian_id}", field="custodian_id")
    return _read(row, viewer)


async def update_custodian(db: Database, actor: Principal, custodian_id: int, data: CustodianUpdate) -> CustodianRead:
    require_login(actor)
    changes = _clean(msgspec.to_builtins(data))
    now = dt.datetime.now(dt.UTC)
    async with db.write():
        before = await audit.snapshot(db, "custodian", custodian_id)
        if before is None:
            raise NotFound(f"there is no custodian {custodian_id}", field="custodian_id")
        require(actor, Action.CUSTODIAN_UPDATE, (custodian_id,))
        if changes:
            values = before | changes
            check_point(values["latitude"], values["longitude"])
            await update_row(Custodian, custodian_id, {**changes, **_keys(values), "updated_at": now})
            await audit.updated(db, actor, "custodian", custodian_id, before, now)
    return await get_custodian(db, custodian_id, actor)


async def list_custodians(
    db: Database,
    viewer: Principal,
    *,
    q: str | None,
    kind: CustodianKind | None,
    setting: CustodianSetting | None,
    state: str | None,
    cursor: str | None,
    limit: int,
) -> Page[CustodianRead]:
    where: list[str] = ["1 = 1"]
    args: list[Any] = []
    for word in fold(q or "").split():
        where.append("search_key LIKE {} ESCAPE '\\'")
        args.append(like_contains(word))
    for column, value in (("kind", kind), ("setting", setting), ("state_key", fold(state) if state else None)):
        if value is not None:
            where.append(f"{column} = {{}}")
            args.append(str(value))
    if cursor:
        (last_id,) = decode_cursor(cursor, int)
        where.append("id > {}")
        args.append(last_id)
    rows = await db.fetch(
        f"SELECT {_COLUMNS} FROM custodian WHERE {' AND '.join(where)} ORDER BY id LIMIT {{}}", *args, limit + 1
    )
    page = rows[:limit]
    return Page(
        items=[_read(row, viewer) for row in page], next=encode_cursor(page[-1]["id"]) if len(rows) > limit else None
    )
