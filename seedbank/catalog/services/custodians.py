"""Custodians: the communes, councils, farms and the centre that hold seed lots."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import msgspec

from seedbank.accounts.policy import Action, allows, require, require_login
from seedbank.accounts.principal import ANONYMOUS, Principal
from seedbank.audit import services as audit
from seedbank.catalog.passport import check_point
from seedbank.catalog.schemas import CustodianCreate, CustodianRead, CustodianUpdate
from seedbank.catalog.services.nearby import (
    CustodianFilter,
    NearSearch,
    custodian_conditions,
    near_points,
    parse_near_search,
)
from seedbank.catalog.tables import Custodian
from seedbank.catalog.vocabulary import CoordinatePrecision, CoordinateSource, CustodianKind, CustodianSetting
from seedbank.contracts import Page
from seedbank.db import Database, Row, insert_row, update_row
from seedbank.errors import InvalidInput, NotFound
from seedbank.pagination import decode_cursor, encode_cursor
from seedbank.text import fold

__all__ = ["create_custodian", "custodian_rows", "get_custodian", "list_custodians", "update_custodian"]

# The contact column leaves only for callers the policy lets read it (see _read).
_COLUMNS = (
    "id, name, kind, setting, state, municipality, parish, address, latitude, longitude, coordinate_source, "
    "coordinate_precision, elevation_m, contact, created_at, updated_at"
)
_PROVENANCE = ("coordinate_source", "coordinate_precision")


def _keys(values: dict[str, Any]) -> dict[str, Any]:
    place = " ".join(str(values[n]) for n in ("name", "state", "municipality", "parish") if values.get(n))
    return {
        "state_key": fold(values["state"]) if values.get("state") else None,
        "search_key": fold(place),
    }


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {name: (value.strip() if isinstance(value, str) else value) for name, value in values.items()}


def _read(row: Row, viewer: Principal, distance_km: float | None = None) -> CustodianRead:
    contact = row.pop("contact")
    custodian = msgspec.convert(row, CustodianRead)
    if contact is not None and allows(viewer, Action.CUSTODIAN_READ_CONTACT, (custodian.id,)):
        custodian.contact = contact
    if distance_km is not None:
        custodian.distance_km = distance_km
    return custodian


def _provenance(merged: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``coordinate_source`` and ``coordinate_precision`` after a write: where the coordinates came from.

    Coordinates written without saying how are ``manual`` ``point``s; without coordinates both are
    null, and a client cannot describe coordinates that are not there.
    """
    if merged.get("latitude") is None:
        for name in _PROVENANCE:
            if changes.get(name) is not None:
                raise InvalidInput(
                    f"there are no coordinates for {name} to describe: give latitude and longitude", field=name
                )
        return dict.fromkeys(_PROVENANCE)
    if "latitude" in changes or "longitude" in changes:
        return {
            "coordinate_source": str(changes.get("coordinate_source") or CoordinateSource.MANUAL),
            "coordinate_precision": str(changes.get("coordinate_precision") or CoordinatePrecision.POINT),
        }
    kept = {name: merged.get(name) for name in _PROVENANCE}
    for name in _PROVENANCE:
        if name in changes:
            if changes[name] is None:
                raise InvalidInput(f"coordinates keep a {name}; change it, or clear the coordinates", field=name)
            kept[name] = str(changes[name])
    return kept


async def create_custodian(db: Database, actor: Principal, data: CustodianCreate) -> CustodianRead:
    require(actor, Action.CUSTODIAN_CREATE)
    now = dt.datetime.now(dt.UTC)
    check_point(data.latitude, data.longitude)
    values = _clean(msgspec.to_builtins(data))
    values |= _provenance(values, values)
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
            changes |= _provenance(values, changes)
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
    taxon_id: int | None = None,
    near: str | None = None,
    within_km: float | None = None,
    nearest: int | None = None,
) -> Page[CustodianRead]:
    """Custodians in id order; near a point (``near`` with ``within_km`` and/or ``nearest``), nearest first."""
    where = CustodianFilter(q=q, kind=kind, setting=setting, state=state, taxon_id=taxon_id)
    search = parse_near_search(near, within_km, nearest)
    if search is not None:
        return await _list_near(db, viewer, where, search, cursor=cursor, limit=limit)
    conditions, args = custodian_conditions(where)
    if cursor:
        (last_id,) = decode_cursor(cursor, int)
        conditions.append("c.id > {}")
        args.append(last_id)
    rows = await db.fetch(
        f"SELECT {_COLUMNS} FROM custodian c WHERE {' AND '.join(conditions) or '1 = 1'} ORDER BY c.id LIMIT {{}}",
        *args,
        limit + 1,
    )
    page = rows[:limit]
    return Page(
        items=[_read(row, viewer) for row in page], next=encode_cursor(page[-1]["id"]) if len(rows) > limit else None
    )


async def custodian_rows(db: Database, ids: list[int], columns: str = _COLUMNS) -> dict[int, Row]:
    """Rows by id (for a page of search results found by id)."""
    found: dict[int, Row] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("{}" for _ in chunk)
        for row in await db.fetch(f"SELECT {columns} FROM custodian WHERE id IN ({marks})", *chunk):
            found[row["id"]] = row
    return found


def _after(cursor: str) -> tuple[float, int]:
    """A near search's cursor: the distance and id of the last custodian served."""
    distance, last_id = decode_cursor(cursor, str, int)
    try:
        value = float(distance)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidInput("the cursor is not one this list handed out", field="cursor")
    return value, last_id


async def _list_near(
    db: Database, viewer: Principal, where: CustodianFilter, search: NearSearch, *, cursor: str | None, limit: int
) -> Page[CustodianRead]:
    """A page of custodians near a point, nearest first (ties by id), each with its distance.

    ``nearest=k`` answers one page of at most k (``limit`` does not apply, and there is no next);
    ``within_km`` alone pages through the whole circle by (distance, id).
    """
    if search.nearest is not None and cursor:
        raise InvalidInput("the nearest custodians come in one page: there is no cursor to follow", field="cursor")
    last = _after(cursor) if cursor else None
    found = await near_points(db, search, where)
    if search.nearest is not None:
        page, more = found, False
    else:
        if last is not None:
            found = [point for point in found if (point.distance_km, point.id) > last]
        page, more = found[:limit], len(found) > limit
    rows = await custodian_rows(db, [point.id for point in page])
    items = [_read(rows[point.id], viewer, point.distance_km) for point in page if point.id in rows]
    next_cursor = encode_cursor(repr(page[-1].distance_km), page[-1].id) if more else None
    return Page(items=items, next=next_cursor)
