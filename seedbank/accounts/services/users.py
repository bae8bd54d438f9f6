"""Users: creating, reading, changing and disabling accounts (admins only, or the system itself)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from seedbank.accounts.passwords import check_password
from seedbank.accounts.policy import Action, require
from seedbank.accounts.principal import Principal
from seedbank.accounts.roles import STAFF_ROLES, Role
from seedbank.accounts.schemas import UserCreate, UserRead, UserUpdate
from seedbank.accounts.tables import Membership, User
from seedbank.audit import services as audit
from seedbank.contracts import Page, provided
from seedbank.db import Database, Row, insert_row, update_row
from seedbank.errors import Conflict, InvalidInput, NotFound
from seedbank.pagination import decode_cursor, encode_cursor

__all__ = ["create_user", "get_user", "hash_password", "list_users", "memberships_of", "update_user"]

_COLUMNS = "id, email, first_name AS name, role, active, created_at, last_login"


async def hash_password(password: str) -> str:
    """PBKDF2-SHA256 as Piccolo's BaseUser stores it; slow on purpose, so off the event loop."""
    return await asyncio.to_thread(User.hash_password, password)


async def memberships_of(db: Database, user_id: int) -> list[int]:
    rows = await db.fetch('SELECT custodian FROM account_membership WHERE "user" = {} ORDER BY custodian', user_id)
    return [int(row["custodian"]) for row in rows]


async def _read(db: Database, row: Row) -> UserRead:
    return UserRead(
        id=row["id"],
        email=row["email"],
        name=row["name"] or None,
        role=Role(row["role"]),
        active=bool(row["active"]),
        custodian_ids=await memberships_of(db, row["id"]),
        created_at=row["created_at"],
        # Piccolo's BaseUser keeps last_login without a zone; we write it in UTC.
        last_login=row["last_login"].replace(tzinfo=dt.UTC) if row["last_login"] else None,
    )


def _check_role_and_organisations(role: Role, custodian_ids: list[int]) -> None:
    if role is Role.CUSTODIAN and not custodian_ids:
        raise InvalidInput("a custodian account belongs to at least one custodian organisation", field="custodian_ids")


async def _set_memberships(db: Database, user_id: int, custodian_ids: list[int]) -> None:
    wanted = sorted(set(custodian_ids))
    for custodian_id in wanted:
        if await db.fetch_value("SELECT id FROM custodian WHERE id = {}", custodian_id) is None:
            raise NotFound(f"there is no custodian {custodian_id}", field="custodian_ids")
    await db.fetch('DELETE FROM account_membership WHERE "user" = {}', user_id)
    for custodian_id in wanted:
        await insert_row(Membership, {"user": user_id, "custodian": custodian_id})


def _safe(row: Row | None) -> dict[str, Any] | None:
    """A user row fit for the audit trail (the trail drops secret columns too; this keeps it readable)."""
    return None if row is None else {k: v for k, v in row.items() if k not in ("password",)}


async def create_user(db: Database, actor: Principal, data: UserCreate) -> UserRead:
    require(actor, Action.USER_MANAGE)
    now = dt.datetime.now(dt.UTC)
    email = data.email.strip().lower()
    check_password(data.password, email=email)
    _check_role_and_organisations(data.role, data.custodian_ids)
    hashed = await hash_password(data.password)
    async with db.write():
        if await db.fetch_value("SELECT id FROM account_user WHERE email = {}", email) is not None:
            raise Conflict(f"there is already an account for {email}", field="email")
        user_id = await insert_row(
            User,
            {
                "username": email,
                "email": email,
                "password": hashed,
                "first_name": (data.name or "").strip(),
                "last_name": "",
                "active": True,
                "admin": data.role in STAFF_ROLES,  # the admin console lets these in
                "superuser": False,
                "role": str(data.role),
                "created_at": now,
            },
        )
        await _set_memberships(db, user_id, data.custodian_ids)
        after = await audit.snapshot(db, "account_user", user_id)
        await audit.record(db, actor, "user.create", "account_user", user_id, before=None, after=_safe(after), now=now)
    return await get_user(db, actor, user_id)


async def get_user(db: Database, actor: Principal, user_id: int) -> UserRead:
    require(actor, Action.USER_MANAGE)
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM account_user WHERE id = {{}}", user_id)
    if row is None:
        raise NotFound(f"there is no user {user_id}", field="user_id")
    return await _read(db, row)


async def update_user(db: Database, actor: Principal, user_id: int, data: UserUpdate) -> UserRead:
    """Change a user's role, organisations, password, or disable them (which also revokes their tokens)."""
    require(actor, Action.USER_MANAGE)
    now = dt.datetime.now(dt.UTC)
    changes = provided(data)
    hashed = None
    if "password" in changes:  # hashed before the transaction: it takes a third of a second
        email = await db.fetch_value("SELECT email FROM account_user WHERE id = {}", user_id)
        check_password(changes["password"], email=email or "")
        hashed = await hash_password(changes["password"])
    async with db.write():
        before = await audit.snapshot(db, "account_user", user_id)
        if before is None:
            raise NotFound(f"there is no user {user_id}", field="user_id")
        role = Role(changes.get("role") or before["role"])
        organisations = changes.get("custodian_ids", await memberships_of(db, user_id))
        _check_role_and_organisations(role, organisations)
        columns: dict[str, Any] = {"role": str(role), "admin": role in STAFF_ROLES}
        if "active" in changes:
            columns["active"] = changes["active"]
        if hashed is not None:
            columns["password"] = hashed
        await update_row(User, user_id, columns)
        if "custodian_ids" in changes:
            await _set_memberships(db, user_id, organisations)
        if changes.get("active") is False or hashed is not None:
            await db.fetch(
                'UPDATE account_api_token SET revoked_at = {} WHERE "user" = {} AND revoked_at IS NULL', now, user_id
            )
            await db.fetch("DELETE FROM account_web_session WHERE user_id = {}", user_id)
        after = await audit.snapshot(db, "account_user", user_id)
        await audit.record(
            db, actor, "user.update", "account_user", user_id, before=_safe(before), after=_safe(after), now=now
        )
    return await get_user(db, actor, user_id)


async def list_users(
    db: Database, actor: Principal, *, role: Role | None, cursor: str | None, limit: int
) -> Page[UserRead]:
    require(actor, Action.USER_MANAGE)
    where, args = ["1 = 1"], []
    if role is not None:
        where.append("role = {}")
        args.append(str(role))
    if cursor:
        where.append("id > {}")
        args.append(decode_cursor(cursor, int)[0])
    rows = await db.fetch(
        f"SELECT {_COLUMNS} FROM account_user WHERE {' AND '.join(where)} ORDER BY id LIMIT {{}}", *args, limit + 1
    )
    page = rows[:limit]
    return Page(
        items=[await _read(db, row) for row in page], next=encode_cursor(page[-1]["id"]) if len(rows) > limit else None
    )
