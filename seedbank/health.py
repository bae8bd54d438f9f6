"""``/health``: is the service up and its database answering."""

from __future__ import annotations

from litestar import get

from seedbank import __version__
from seedbank.catalog.schemas import Health
from seedbank.http import DatabaseDep, problems


@get("/health", operation_id="health", tags=["system"], responses=problems())
async def health(db: DatabaseDep) -> Health:
    """Liveness and database reachability."""
    await db.fetch_value("SELECT 1")
    return Health(status="ok", engine=str(db.kind), version=__version__)
