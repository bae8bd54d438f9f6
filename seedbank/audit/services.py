"""Writing and reading the audit trail.

``record`` runs inside the caller's write transaction, so a change and its audit row
commit or vanish together. Secrets never enter the trail: columns named in ``SECRET_COLUMNS``
are dropped before anything is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from seedbank.accounts.policy import Action, require
from seedbank.accounts.principal import Principal
from seedbank.audit.schemas import AuditEventRead
from seedbank.audit.tables import AuditEvent
from seedbank.contracts import Page
from seedbank.db import Database, Row, insert_row
from seedbank.errors import InvalidInput
from seedbank.pagination import decode_cursor, encode_cursor

__all__ = [
    "SECRET_COLUMNS",
    "created",
    "list_events",
    "parse_record",
    "record",
    "record_updates",
    "snapshot",
    "updated",
]

SECRET_COLUMNS = frozenset({"password", "token", "token_hash"})
# Tables whose rows the trail may snapshot (names come from code, never from a request).
SNAPSHOT_TABLES = frozenset({"taxon", "custodian", "accession", "lot", "lot_entry", "germination_test", "account_user"})


def _json(values: Mapping[str, Any] | None) -> str | None:
    if values is None:
        return None
    kept = {name: value for name, value in values.items() if name not in SECRET_COLUMNS}
    return msgspec.json.encode(kept).decode()


async def snapshot(db: Database, table: str, record_id: int) -> Row | None:
    """The record's stored columns now (inside the caller's transaction, for before/after)."""
    assert table in SNAPSHOT_TABLES, table
    return await db.fetch_one(f'SELECT * FROM "{table}" WHERE id = {{}}', record_id)


async def record(
    db: Database,
    actor: Principal,
    action: str,
    record_type: str,
    record_id: int,
    *,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    now: dt.datetime,
) -> None:
    """Append one event; call inside the write transaction that made the change."""
    assert db.in_transaction(), "audit.record runs inside the change's write transaction"
    await insert_row(
        AuditEvent,
        {
            "occurred_at": now,
            "actor_user_id": actor.user_id,
            "actor_label": actor.label,
            "action": action,
            "record_type": record_type,
            "record_id": record_id,
            "before": _json(before),
            "after": _json(after),
        },
    )


async def record_updates(
    db: Database,
    actor: Principal,
    table: str,
    changes: Sequence[tuple[int, Mapping[str, Any], Mapping[str, Any]]],
    now: dt.datetime,
) -> None:
    """Many ``{table}.update`` events at once, each (record id, before, after): a bulk change's trail."""
    assert db.in_transaction(), "audit.record_updates runs inside the change's write transaction"
    if not changes:
        return
    await db.execute_many(
        "INSERT INTO audit_event (occurred_at, actor_user_id, actor_label, action, record_type, record_id, "
        "before, after) VALUES ({}, {}, {}, {}, {}, {}, {}, {})",
        [
            (now, actor.user_id, actor.label, f"{table}.update", table, record_id, _json(before), _json(after))
            for record_id, before, after in changes
        ],
    )


def _read(row: Row) -> AuditEventRead:
    return AuditEventRead(
        id=row["id"],
        occurred_at=row["occurred_at"],
        actor_user_id=row["actor_user_id"],
        actor_label=row["actor_label"],
        action=row["action"],
        record_type=row["record_type"],
        record_id=row["record_id"],
        before=None if row["before"] is None else msgspec.json.decode(row["before"]),
        after=None if row["after"] is None else msgspec.json.decode(row["after"]),
    )


def parse_record(text: str) -> tuple[str, int]:
    """``lot:12`` → ("lot", 12)."""
    kind, _, number = text.partition(":")
    if not kind or not number.isdigit() or int(number) > 2_147_483_647:
        raise InvalidInput("a record is named as type:id, e.g. lot:12 or accession:3", field="record")
    return kind, int(number)


async def list_events(
    db: Database,
    actor: Principal,
    *,
    record_ref: str | None,
    actor_user_id: int | None,
    cursor: str | None,
    limit: int,
) -> Page[AuditEventRead]:
    """Newest first: what changed, filtered by record (``lot:12``) or by who changed it."""
    require(actor, Action.AUDIT_READ)
    where: list[str] = ["1 = 1"]
    args: list[Any] = []
    if record_ref is not None:
        kind, number = parse_record(record_ref)
        where.append("record_type = {} AND record_id = {}")
        args += [kind, number]
    if actor_user_id is not None:
        where.append("actor_user_id = {}")
        args.append(actor_user_id)
    if cursor:
        where.append("id < {}")
        args.append(decode_cursor(cursor, int)[0])
    rows = await db.fetch(
        f"SELECT * FROM audit_event WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT {{}}", *args, limit + 1
    )
    page = rows[:limit]
    return Page(items=[_read(row) for row in page], next=encode_cursor(page[-1]["id"]) if len(rows) > limit else None)


async def created(db: Database, actor: Principal, table: str, record_id: int, now: dt.datetime) -> None:
    """Record that a row was created, with all its columns (inside the creating transaction)."""
    after = await snapshot(db, table, record_id)
    await record(db, actor, f"{table}.create", table, record_id, before=None, after=after, now=now)


async def updated(
    db: Database, actor: Principal, table: str, record_id: int, before: Mapping[str, Any] | None, now: dt.datetime
) -> None:
    """Record a change: ``before`` was snapshot earlier in the same transaction."""
    after = await snapshot(db, table, record_id)
    await record(db, actor, f"{table}.update", table, record_id, before=before, after=after, now=now)
