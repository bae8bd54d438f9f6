"""Accounts tables: users (Piccolo's BaseUser, so the admin console can log them in), memberships,
API tokens (stored hashed), login attempts (for rate limiting) and web sessions."""

from __future__ import annotations

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import Boolean, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table
from piccolo_api.session_auth.tables import SessionsBase

from seedbank.accounts.roles import Role

__all__ = ["TABLES", "ApiToken", "LoginAttempt", "Membership", "User", "WebSession"]


class User(BaseUser, tablename="account_user"):
    """A person who logs in. ``username`` holds the e-mail; ``admin`` mirrors staff roles for the admin console."""

    role = Varchar(length=16, choices=Role, default=Role.FARMER)
    created_at = Timestamptz(default=TimestamptzNow())


class Membership(Table, tablename="account_membership"):
    """A user belongs to a custodian organisation (a commune, a council, the centre)."""

    user = ForeignKey(User, on_delete=OnDelete.cascade, null=False)
    # Lazy, so accounts does not import the catalogue's tables; resolved when first used.
    custodian: ForeignKey[Table] = ForeignKey(
        LazyTableReference("Custodian", module_path="seedbank.catalog.tables"), on_delete=OnDelete.cascade, null=False
    )


class ApiToken(Table, tablename="account_api_token"):
    """A bearer token for the API and scripts: only its SHA-256 is kept; it expires and can be revoked."""

    user = ForeignKey(User, on_delete=OnDelete.cascade, null=False)
    name = Varchar(length=100, null=True, default=None)
    token_hash = Varchar(length=64, unique=True, secret=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)


class LoginAttempt(Table, tablename="account_login_attempt"):
    """Each password check, to slow down guessing per account and per address."""

    email_key = Varchar(length=320)
    address = Varchar(length=64)
    succeeded = Boolean(default=False)
    attempted_at = Timestamptz(default=TimestamptzNow())


class WebSession(SessionsBase, tablename="account_web_session"):
    """Browser sessions (cookies) for the web pages and the admin console."""


TABLES: tuple[type[Table], ...] = (User, Membership, ApiToken, LoginAttempt, WebSession)
