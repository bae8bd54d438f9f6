"""The application factory: ``create_app(settings) -> Litestar``. Nothing here runs at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.logging.config import LoggingConfig
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.spec import Tag

from seedbank import __version__
from seedbank.catalog.controllers import CONTROLLERS as CATALOG_CONTROLLERS
from seedbank.catalog.tables import TABLES as CATALOG_TABLES
from seedbank.db import Database
from seedbank.health import health
from seedbank.http import DEPENDENCIES, AllowHeader, StrictStructSchemaPlugin
from seedbank.problems import EXCEPTION_HANDLERS
from seedbank.settings import Settings, get_settings

__all__ = ["API_PREFIX", "create_app"]

API_PREFIX = "/api/v1"

_TAGS = [
    Tag(name="accessions", description="Passport data and the catalogue search"),
    Tag(name="lots", description="Seed lots, their stock ledger, splits and lineage"),
    Tag(name="custodians", description="Communes, communal councils, farms and the centre that hold seed"),
    Tag(name="taxa", description="Botanical names, crop and common names"),
    Tag(name="system", description="Health"),
]


def create_app(settings: Settings | None = None, database: Database | None = None) -> Litestar:
    """Build the app for these settings (read from the environment when not given).

    The app starts and stops the database it creates; a database passed in belongs to
    the caller (tests share one across apps).
    """
    settings = settings or get_settings()
    owns_database = database is None
    db = database or Database(settings.database_url, settings.db_pool_size)
    db.bind(CATALOG_TABLES)

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        if owns_database:
            await db.start()
        try:
            yield
        finally:
            if owns_database:
                await db.stop()

    api = Router(path=API_PREFIX, route_handlers=[*CATALOG_CONTROLLERS, health])
    allow_header = AllowHeader()
    app = Litestar(
        route_handlers=[api],
        before_send=[allow_header],
        plugins=[StrictStructSchemaPlugin()],
        dependencies=DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        state=State({"db": db, "settings": settings}),
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
