"""What every controller shares: injected dependencies, parameter types, documented problem responses."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Litestar, Request
from litestar._openapi.schema_generation import SchemaCreator
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Schema
from litestar.params import PathParameter, QueryParameter
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope
from litestar.typing import FieldDefinition

from seedbank.accounts.principal import ANONYMOUS, Principal
from seedbank.catalog.geocoding import NominatimGeocoder
from seedbank.contracts import INT32_MAX, ProblemDetails
from seedbank.db import Database
from seedbank.pagination import MAX_LIMIT
from seedbank.settings import Settings

__all__ = [
    "DEPENDENCIES",
    "PROBLEM_MEDIA_TYPE",
    "AllowHeader",
    "Cursor",
    "DatabaseDep",
    "GeocoderDep",
    "IdPath",
    "IdQuery",
    "Limit",
    "QueryText",
    "SettingsDep",
    "StateQuery",
    "StrictStructSchemaPlugin",
    "database_of",
    "principal_of",
    "problems",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"

# Injected by name from DEPENDENCIES below.
DatabaseDep = NamedDependency[Database]
SettingsDep = NamedDependency[Settings]
PrincipalDep = NamedDependency[Principal]
# None when no geocoder runs (SEEDBANK_GEOCODER_URL=off, or an app whose lifespan has not started one).
GeocoderDep = NamedDependency[NominatimGeocoder | None]

IdPath = Annotated[int, PathParameter(ge=1, le=INT32_MAX)]
IdQuery = Annotated[int | None, QueryParameter(ge=1, le=INT32_MAX)]
QueryText = Annotated[str | None, QueryParameter(max_length=200)]
# `state` is a name Litestar keeps for the application state: the handler argument is `state_name`.
StateQuery = Annotated[
    str | None, QueryParameter(name="state", max_length=100, description="state (estado), accents and case aside")
]
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Cursor = Annotated[str | None, QueryParameter(max_length=2000, description="the `next` value of the previous page")]

_DESCRIPTIONS = {
    400: "The request is malformed: a field is missing, of the wrong type or out of range",
    401: "Not logged in: send `Authorization: Bearer <token>` (POST /api/v1/auth/token)",
    403: "Logged in, but this role or organisation may not do this",
    404: "No such record",
    409: "The request conflicts with what is stored (duplicate, lost race, or a state that forbids it)",
    413: "The request body is larger than this operation accepts",
    422: "The request is well formed but breaks a domain rule",
    429: "Too many attempts: wait (see Retry-After) and try again",
    502: "A service this one depends on (the geocoder) refused to answer or answered nonsense; nothing was changed",
}


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI responses for the problem+json errors a handler can answer (400 and 401 always:
    a malformed body, or a bearer token that is unknown, expired or revoked)."""
    return {
        status: ResponseSpec(
            data_container=ProblemDetails,
            description=_DESCRIPTIONS[status],
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for status in sorted({400, 401, *statuses})
    }


def database_of(request: Request[Any, Any, Any]) -> Database:
    """The app's database.

    Reads of one record by id, the API's most frequent call, take ``request`` and call this
    and ``principal_of`` instead of declaring ``db`` and ``principal``: Litestar resolves each
    injected dependency per request at ~20 µs, a sixth of such a read (``scripts/bench
    --scenario api-read``: 243 → 207 µs of server CPU a request without the two).
    """
    db: Database = request.app.state.db
    return db


def principal_of(request: Request[Any, Any, Any]) -> Principal:
    """Who is asking, as the API's BearerTokenMiddleware found out (anonymous elsewhere)."""
    user = request.scope.get("user")
    return user if isinstance(user, Principal) else ANONYMOUS


def _settings(state: State) -> Settings:
    settings: Settings = state.settings
    return settings


def _geocoder(state: State) -> NominatimGeocoder | None:
    geocoder: NominatimGeocoder | None = state.get("geocoder")
    return geocoder


def _principal(request: Request[Any, Any, Any], db: DatabaseDep) -> Principal:
    """``principal_of``, injected.

    It takes ``db`` only so Litestar resolves the two in turn: independent dependencies are resolved
    in an anyio task group, which cost a quarter of a one-row GET (py-spy; 730 → 473 µs of CPU).
    """
    del db
    return principal_of(request)


DEPENDENCIES = {
    "db": Provide(database_of, sync_to_thread=False),
    "settings": Provide(_settings, sync_to_thread=False),
    "geocoder": Provide(_geocoder, sync_to_thread=False),
    "principal": Provide(_principal, sync_to_thread=False),
}


class AllowHeader:
    """Answers OPTIONS with every method of the path.

    Litestar 2.25 builds each path's OPTIONS handler when the path's first handler is
    registered, and the handlers added after it are missing from its ``Allow`` header.
    This before-send hook puts the path's full list back (built once, after routing is known).
    """

    def __init__(self) -> None:
        self._allow: dict[str, bytes] = {}

    def learn(self, app: Litestar) -> None:
        self._allow = {
            route.path_format: ", ".join(sorted(route.methods)).encode()
            for route in app.routes
            if isinstance(route, HTTPRoute)
        }

    async def __call__(self, message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
            return
        allow = self._allow.get(scope.get("path_template", ""))
        if allow is not None:
            headers = [(name, value) for name, value in message.get("headers", []) if name.lower() != b"allow"]
            message["headers"] = [*headers, (b"allow", allow)]


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """Structs that refuse unknown fields say so in the OpenAPI document (``additionalProperties: false``)."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        if field_definition.type_.__struct_config__.forbid_unknown_fields:
            schema.additional_properties = False
        return schema
