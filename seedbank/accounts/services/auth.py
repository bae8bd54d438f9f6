"""Logging in: password checks with rate limits, API tokens (stored hashed), web sessions, who is asking.

Failed attempts are counted per account and per address over a sliding window; past the
limit the answer is 429 until the window has moved on, whatever the password. A wrong
e-mail costs the same hashing time as a wrong password, so neither is revealed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import secrets
from functools import cache

from seedbank.accounts.policy import RULES
from seedbank.accounts.principal import SYSTEM, Principal
from seedbank.accounts.roles import Role
from seedbank.accounts.schemas import MeRead, TokenIssued, TokenRead, TokenRequest
from seedbank.accounts.services.users import get_user, memberships_of
from seedbank.accounts.tables import ApiToken, LoginAttempt, User, WebSession
from seedbank.contracts import Page
from seedbank.db import Database, Row, insert_row
from seedbank.errors import NotFound, TooManyRequests, Unauthorized

__all__ = [
    "ATTEMPT_WINDOW",
    "MAX_FAILURES_PER_ACCOUNT",
    "MAX_FAILURES_PER_ADDRESS",
    "TOKEN_PREFIX",
    "check_credentials",
    "issue_token",
    "list_tokens",
    "me",
    "open_web_session",
    "principal_for_session",
    "principal_for_token",
    "revoke_token",
]

TOKEN_PREFIX = "sbk_"  # noqa: S105  (a prefix that marks our tokens, not a secret)
ATTEMPT_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
WEB_SESSION_LIFETIME = dt.timedelta(hours=12)


@cache
def _decoy() -> str:
    """A stored hash to check against when the e-mail is unknown, so the answer takes as long."""
    return User.hash_password("decoy password that matches nothing", salt="0" * 32)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _verify(password: str, stored: str) -> bool:
    _, iterations, salt, _ = User.split_stored_password(stored)
    computed = await asyncio.to_thread(User.hash_password, password, salt, int(iterations))
    return hmac.compare_digest(computed.encode(), stored.encode())


async def _throttle(db: Database, email_key: str, address: str, now: dt.datetime) -> None:
    since = now - ATTEMPT_WINDOW
    by_account = await db.fetch_value(
        "SELECT COUNT(*) FROM account_login_attempt WHERE email_key = {} AND attempted_at > {} AND succeeded = {}",
        email_key,
        since,
        False,
    )
    by_address = await db.fetch_value(
        "SELECT COUNT(*) FROM account_login_attempt WHERE address = {} AND attempted_at > {} AND succeeded = {}",
        address,
        since,
        False,
    )
    retry = int(ATTEMPT_WINDOW.total_seconds())
    if int(by_account) >= MAX_FAILURES_PER_ACCOUNT:
        raise TooManyRequests("too many failed logins for this account: wait and try again", retry_after_s=retry)
    if int(by_address) >= MAX_FAILURES_PER_ADDRESS:
        raise TooManyRequests("too many failed logins from this address: wait and try again", retry_after_s=retry)


async def check_credentials(db: Database, email: str, password: str, address: str) -> int:
    """The user id for this e-mail and password, or Unauthorized; every attempt is counted."""
    now = dt.datetime.now(dt.UTC)
    email_key = email.strip().lower()
    await _throttle(db, email_key, address, now)
    user = await db.fetch_one("SELECT id, password, active FROM account_user WHERE email = {}", email_key)
    stored = user["password"] if user else await asyncio.to_thread(_decoy)
    ok = await _verify(password, stored) and user is not None and bool(user["active"])
    async with db.write():
        await insert_row(
            LoginAttempt, {"email_key": email_key, "address": address, "succeeded": ok, "attempted_at": now}
        )
        if ok:
            assert user is not None
            await db.fetch(
                "UPDATE account_user SET last_login = {} WHERE id = {}", now.replace(tzinfo=None), user["id"]
            )
    if not ok:
        raise Unauthorized("wrong e-mail or password, or the account is disabled", field="password")
    assert user is not None
    return int(user["id"])


async def issue_token(db: Database, request: TokenRequest, address: str) -> TokenIssued:
    """Log in with e-mail and password; the token is returned once and only its hash is stored."""
    user_id = await check_credentials(db, request.email, request.password, address)
    now = dt.datetime.now(dt.UTC)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = now + dt.timedelta(days=request.expires_in_days)
    async with db.write():
        token_id = await insert_row(
            ApiToken,
            {
                "user": user_id,
                "name": request.name,
                "token_hash": _token_hash(token),
                "created_at": now,
                "expires_at": expires_at,
            },
        )
    user = await get_user(db, SYSTEM, user_id)
    bearer = "Bearer"  # the token type (RFC 6750), not a secret
    return TokenIssued(token=token, token_type=bearer, id=token_id, expires_at=expires_at, user=user)


async def _principal(db: Database, user: Row) -> Principal:
    return Principal(
        user_id=int(user["user_id"]),
        label=str(user["email"]),
        role=Role(user["role"]),
        custodian_ids=frozenset(await memberships_of(db, int(user["user_id"]))),
    )


async def principal_for_token(db: Database, token: str) -> Principal | None:
    """Who holds this bearer token, or None if it is unknown, expired, revoked or its user disabled."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = await db.fetch_one(
        "SELECT t.expires_at, t.revoked_at, u.id AS user_id, u.email, u.role, u.active "
        'FROM account_api_token t JOIN account_user u ON u.id = t."user" WHERE t.token_hash = {}',
        _token_hash(token),
    )
    if row is None or row["revoked_at"] is not None or not row["active"]:
        return None
    if row["expires_at"] <= dt.datetime.now(dt.UTC):
        return None
    return await _principal(db, row)


async def list_tokens(db: Database, actor: Principal, *, cursor: str | None, limit: int) -> Page[TokenRead]:
    """The caller's own tokens (never their values)."""
    if actor.user_id is None:
        raise Unauthorized("log in first")
    rows = await db.fetch(
        'SELECT id, name, created_at, expires_at, revoked_at FROM account_api_token WHERE "user" = {} ORDER BY id',
        actor.user_id,
    )
    return Page(items=[TokenRead(**row) for row in rows])


async def revoke_token(db: Database, actor: Principal, token_id: int) -> TokenRead:
    """Revoke one of your tokens (an admin may revoke anyone's); others' tokens are not there for you."""
    if actor.user_id is None:
        raise Unauthorized("log in first")
    now = dt.datetime.now(dt.UTC)
    async with db.write():
        row = await db.fetch_one('SELECT id, "user" AS user_id FROM account_api_token WHERE id = {}', token_id)
        if row is None or (row["user_id"] != actor.user_id and actor.role is not Role.ADMIN):
            raise NotFound(f"you have no token {token_id}", field="token_id")
        await db.fetch(
            "UPDATE account_api_token SET revoked_at = {} WHERE id = {} AND revoked_at IS NULL", now, token_id
        )
        revoked = await db.fetch_one(
            "SELECT id, name, created_at, expires_at, revoked_at FROM account_api_token WHERE id = {}", token_id
        )
    assert revoked is not None
    return TokenRead(**revoked)


async def me(db: Database, actor: Principal) -> MeRead:
    if actor.user_id is None:
        raise Unauthorized("log in first: POST /api/v1/auth/token")
    user = await get_user(db, SYSTEM, actor.user_id)
    permissions = sorted(
        f"{action}:{RULES[action][actor.role]}" for action in RULES if actor.role and actor.role in RULES[action]
    )
    return MeRead(user=user, permissions=permissions)


async def open_web_session(db: Database, email: str, password: str, address: str) -> str:
    """Log a browser in: the session token for its cookie."""
    user_id = await check_credentials(db, email, password, address)
    now = dt.datetime.now()
    session = await WebSession.create_session(
        user_id=user_id, expiry_date=now + WEB_SESSION_LIFETIME, max_expiry_date=now + WEB_SESSION_LIFETIME
    )
    return str(session.token)


async def principal_for_session(db: Database, token: str) -> Principal | None:
    user_id = await WebSession.get_user_id(token)
    if user_id is None:
        return None
    row = await db.fetch_one("SELECT id AS user_id, email, role, active FROM account_user WHERE id = {}", int(user_id))
    if row is None or not row["active"]:
        return None
    return await _principal(db, row)
