"""The application factory: ``create_app(settings) -> Litestar``. Nothing here runs at import time."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from litestar import Litestar, Router
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.logging.config import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.spec import Tag
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from seedbank import __version__
from seedbank.accounts.admin import admin_console
from seedbank.accounts.controllers import AuthController, UserController
from seedbank.accounts.middleware import BearerTokenMiddleware
from seedbank.audit.controllers import list_audit_events
from seedbank.catalog.controllers import CONTROLLERS as CATALOG_CONTROLLERS
from seedbank.catalog.geocoding import NominatimGeocoder
from seedbank.catalog.services.places import build_geocoder
from seedbank.db import Database
from seedbank.health import health
from seedbank.http import DEPENDENCIES, AllowHeader, StrictStructSchemaPlugin
from seedbank.problems import EXCEPTION_HANDLERS
from seedbank.reports.controllers import ReportController, resolve_puid
from seedbank.settings import Settings, get_settings
from seedbank.tables import ALL_TABLES
from seedbank.web.pages import WebPages

__all__ = ["API_PREFIX", "create_app"]

API_PREFIX = "/api/v1"

_TAGS = [
    Tag(name="accessions", description="Passport data and the catalogue search"),
    Tag(name="lots", description="Seed lots, their stock ledger, splits and lineage"),
    Tag(name="custodians", description="Communes, communal councils, farms and the centre that hold seed"),
    Tag(name="taxa", description="Botanical names, crop and common names"),
    Tag(name="mcpd", description="MCPD v2.1 passport files: import, export, completeness (PDCI); staff"),
    Tag(name="germination", description="Germination tests, viability prediction and regeneration planning"),
    Tag(name="auth", description="Logging in: bearer tokens, who am I"),
    Tag(name="users", description="Accounts and roles (admins)"),
    Tag(name="audit", description="Who changed what, when (admins and centre staff)"),
    Tag(name="reports", description="Printed documents (PDF): labels on label stock, inventory lists, certificates"),
    Tag(name="system", description="Health"),
]


def create_app(
    settings: Settings | None = None, database: Database | None = None, geocoder: NominatimGeocoder | None = None
) -> Litestar:
    """Build the app for these settings (read from the environment when not given).

    The app starts and stops the database it creates; a database passed in belongs to
    the caller (tests share one across apps). Likewise the geocoder: without one, the
    lifespan opens one HTTP client for it (``SEEDBANK_GEOCODER_URL``) and closes it on shutdown.
    """
    settings = settings or get_settings()
    owns_database = database is None
    db = database or Database(settings.database_url, settings.db_pool_size)
    db.bind(ALL_TABLES)

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        if owns_database:
            await db.start()
        try:
            yield
        finally:
            if owns_database:
                await db.stop()

    @asynccontextmanager
    async def geocoding(app: Litestar) -> AsyncIterator[None]:
        if geocoder is not None:
            yield
            return
        async with httpx.AsyncClient() as client:
            app.state.geocoder = build_geocoder(settings, db, client)
            try:
                yield
            finally:
                app.state.geocoder = None

    api = Router(
        path=API_PREFIX,
        route_handlers=[
            *CATALOG_CONTROLLERS,
            ReportController,
            AuthController,
            UserController,
            list_audit_events,
            health,
        ],
        middleware=[DefineMiddleware(BearerTokenMiddleware)],
    )
    # CSRF guards the web pages' forms (cookie sessions) only: the API authenticates by bearer token (no
    # ambient cookie to forge) and the console has its own. On the pages' router, the API's requests
    # never pass through it.
    pages = Router(
        path="/",
        route_handlers=[WebPages],
        middleware=[
            DefineMiddleware(
                CSRFMiddleware,
                config=CSRFConfig(
                    secret=settings.secret_key or secrets.token_hex(32),
                    cookie_secure=settings.base_url.startswith("https://"),
                ),
            )
        ],
    )
    admin = admin_console(ALL_TABLES, production=settings.base_url.startswith("https://"))
    allow_header = AllowHeader()
    app = Litestar(
        # resolve_puid: the links on labels (/a/{PUID}), outside the versioned API so printed links never age.
        route_handlers=[api, resolve_puid, pages, admin],
        before_send=[allow_header],
        plugins=[StrictStructSchemaPlugin()],
        dependencies=DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan, geocoding],
        state=State({"db": db, "settings": settings, "geocoder": geocoder}),
        template_config=TemplateConfig(
            directory=Path(__file__).parent / "web" / "templates", engine=JinjaTemplateEngine
        ),
        openapi_config=OpenAPIConfig(
            title="seedbank",
            version=__version__,
            description="Native seed bank inventory and exchange catalogue (Spanish first, English second).",
            path="/schema",
            tags=_TAGS,
        ),
        logging_config=LoggingConfig(
            root={"level": settings.log_level, "handlers": ["queue_listener"]},
            log_exceptions="debug" if settings.log_level == "DEBUG" else "never",
        ),
        debug=False,
    )
    allow_header.learn(app)
    _summaries_from_docstrings(app)
    return app


def _summaries_from_docstrings(app: Litestar) -> None:
    """Each handler's one-line docstring becomes its OpenAPI summary."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            doc = (handler.fn.__doc__ or "").strip()
            if doc and handler.summary is None:
                handler.summary = doc.splitlines()[0]


def asgi() -> Litestar:
    """Entry point for ASGI servers: ``uvicorn --factory seedbank.app:asgi``."""
    logging.getLogger("seedbank").setLevel(get_settings().log_level)
    return create_app()
