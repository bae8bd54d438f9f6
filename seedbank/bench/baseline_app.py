"""The baseline server: a bare Litestar handler on the accession route returning a constant.

Served with the same uvicorn settings as the real app, it measures what HTTP, routing and
JSON cost on this machine with no database and no service behind them: the ceiling the
API read scenario is compared against (``uvicorn --factory seedbank.bench.baseline_app:asgi``).
"""

from __future__ import annotations

from litestar import Litestar, get

__all__ = ["CONSTANT", "asgi"]

CONSTANT = {"id": 1, "accession_number": "VEN001-000001", "status": "ok"}


@get("/api/v1/accessions/{accession_id:int}")
async def constant_accession(accession_id: int) -> dict[str, object]:
    """The same constant for every id."""
    return CONSTANT


def asgi() -> Litestar:
    return Litestar(route_handlers=[constant_accession], debug=False)
