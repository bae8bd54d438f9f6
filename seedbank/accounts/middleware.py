"""Bearer tokens on the API: every request that sends one is checked, whichever endpoint it calls.

No header means anonymous (and costs nothing); a bad header or an unknown, expired or revoked
token is 401 even on public reads, so a client learns its token stopped working.

A plain ASGI middleware reading the raw header list: Litestar's AbstractAuthenticationMiddleware
builds a connection and its parsed headers for every request, a tenth of a one-record read's
own cost (``scripts/bench --scenario api-read``). Preflight OPTIONS requests pass unauthenticated,
as they did under it.
"""

from __future__ import annotations

from litestar.types import ASGIApp, Receive, Scope, Send

from seedbank.accounts.principal import ANONYMOUS
from seedbank.accounts.services import principal_for_token
from seedbank.errors import Unauthorized

__all__ = ["BearerTokenMiddleware"]


class BearerTokenMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and scope.get("method") != "OPTIONS":
            header = next((value for name, value in scope["headers"] if name == b"authorization"), None)
            if header is None:
                scope["user"], scope["auth"] = ANONYMOUS, None
            else:
                scheme, _, token = header.decode("latin-1").partition(" ")
                token = token.strip()
                if scheme.lower() != "bearer" or not token:
                    raise Unauthorized("send the token as `Authorization: Bearer <token>`")
                principal = await principal_for_token(scope["litestar_app"].state.db, token)
                if principal is None:
                    raise Unauthorized(
                        "the token is unknown, expired or revoked: get a new one at POST /api/v1/auth/token"
                    )
                scope["user"], scope["auth"] = principal, token
        await self.app(scope, receive, send)
