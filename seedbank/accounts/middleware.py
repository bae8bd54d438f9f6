"""Bearer tokens on the API: every request that sends one is checked, whichever endpoint it calls.

No header means anonymous (and costs nothing); a bad header or an unknown, expired or revoked
token is 401 even on public reads, so a client learns its token stopped working.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from seedbank.accounts.principal import ANONYMOUS
from seedbank.accounts.services import principal_for_token
from seedbank.errors import Unauthorized

__all__ = ["BearerTokenMiddleware"]


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        header = connection.headers.get("authorization")
        if header is None:
            return AuthenticationResult(user=ANONYMOUS, auth=None)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("send the token as `Authorization: Bearer <token>`")
        principal = await principal_for_token(connection.app.state.db, token.strip())
        if principal is None:
            raise Unauthorized("the token is unknown, expired or revoked: get a new one at POST /api/v1/auth/token")
        return AuthenticationResult(user=principal, auth=token)
