"""Wire contracts of accounts: users, tokens, who am I. Passwords go in, never out."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from seedbank.accounts.roles import Role
from seedbank.contracts import Id, single_line

__all__ = ["MeRead", "TokenIssued", "TokenRead", "TokenRequest", "UserCreate", "UserRead", "UserUpdate"]

Email = Annotated[
    str,
    Meta(
        min_length=3,
        max_length=254,
        pattern=r"^[^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+\.[^@\s\x00-\x1f]+$",
        description="e-mail address, used to log in",
    ),
]
Password = Annotated[str, Meta(min_length=1, max_length=128, description="at least 10 characters, not a common one")]
CustodianIds = Annotated[list[Id], Meta(max_length=50)]


class UserCreate(Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    role: Role
    custodian_ids: CustodianIds = msgspec.field(default_factory=list)
    name: Annotated[str, single_line(150)] | None = None


class UserUpdate(Struct, forbid_unknown_fields=True, omit_defaults=True):
    role: Role | UnsetType = UNSET
    active: bool | UnsetType = UNSET
    custodian_ids: CustodianIds | UnsetType = UNSET
    password: Password | UnsetType = UNSET


class UserRead(Struct):
    id: int
    email: str
    name: str | None
    role: Role
    active: bool
    custodian_ids: list[int]
    created_at: dt.datetime
    last_login: dt.datetime | None


class TokenRequest(Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    name: Annotated[str, single_line(100)] | None = None
    expires_in_days: Annotated[int, Meta(ge=1, le=365)] = 30


class TokenIssued(Struct):
    """The token itself is shown here, once; only its hash is kept."""

    token: str
    token_type: str
    id: int
    expires_at: dt.datetime
    user: UserRead


class TokenRead(Struct):
    id: int
    name: str | None
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None


class MeRead(Struct):
    user: UserRead
    permissions: list[str]
