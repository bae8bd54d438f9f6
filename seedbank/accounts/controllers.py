"""HTTP glue for authentication (tokens, who am I) and user management."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromQuery, JSONBody

from seedbank.accounts import services
from seedbank.accounts.roles import Role
from seedbank.accounts.schemas import MeRead, TokenIssued, TokenRead, TokenRequest, UserCreate, UserRead, UserUpdate
from seedbank.contracts import Page
from seedbank.http import Cursor, DatabaseDep, IdPath, Limit, PrincipalDep, problems
from seedbank.pagination import DEFAULT_LIMIT


def client_address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


class AuthController(Controller):
    path = "/auth"
    tags = ("auth",)

    @post("/token", operation_id="issueToken", responses=problems(422, 429))
    async def issue_token(
        self, db: DatabaseDep, request: Request[Any, Any, Any], data: JSONBody[TokenRequest]
    ) -> TokenIssued:
        """Log in with e-mail and password; returns a bearer token (shown once)."""
        return await services.issue_token(db, data, client_address(request))

    @get("/me", operation_id="whoAmI", responses=problems())
    async def me(self, db: DatabaseDep, principal: PrincipalDep) -> MeRead:
        """The logged-in user and what their role may do."""
        return await services.me(db, principal)

    @get("/tokens", operation_id="listMyTokens", responses=problems())
    async def list_tokens(
        self, db: DatabaseDep, principal: PrincipalDep, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
    ) -> Page[TokenRead]:
        """Your API tokens (their values are never shown again)."""
        return await services.list_tokens(db, principal, cursor=cursor, limit=limit)

    @delete("/tokens/{token_id:int}", operation_id="revokeToken", status_code=200, responses=problems(404))
    async def revoke_token(self, db: DatabaseDep, principal: PrincipalDep, token_id: IdPath) -> TokenRead:
        """Revoke one of your tokens."""
        return await services.revoke_token(db, principal, token_id)


class UserController(Controller):
    path = "/users"
    tags = ("users",)

    @get("/", operation_id="listUsers", responses=problems(403, 422))
    async def list_users(
        self,
        db: DatabaseDep,
        principal: PrincipalDep,
        role: FromQuery[Role | None] = None,
        cursor: Cursor = None,
        limit: Limit = DEFAULT_LIMIT,
    ) -> Page[UserRead]:
        """List accounts (admins)."""
        return await services.list_users(db, principal, role=role, cursor=cursor, limit=limit)

    @post("/", operation_id="createUser", responses=problems(403, 404, 409, 422))
    async def create_user(self, db: DatabaseDep, principal: PrincipalDep, data: JSONBody[UserCreate]) -> UserRead:
        """Create an account with a role and its organisations (admins)."""
        return await services.create_user(db, principal, data)

    @get("/{user_id:int}", operation_id="getUser", responses=problems(403, 404))
    async def get_user(self, db: DatabaseDep, principal: PrincipalDep, user_id: IdPath) -> UserRead:
        """One account (admins)."""
        return await services.get_user(db, principal, user_id)

    @patch("/{user_id:int}", operation_id="updateUser", responses=problems(403, 404, 422))
    async def update_user(
        self, db: DatabaseDep, principal: PrincipalDep, user_id: IdPath, data: JSONBody[UserUpdate]
    ) -> UserRead:
        """Change an account's role, organisations or password, or disable it (admins)."""
        return await services.update_user(db, principal, user_id, data)
