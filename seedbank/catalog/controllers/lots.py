"""HTTP glue for lots, their ledger, splits and lineage."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import FromQuery, JSONBody

from seedbank.catalog import services
from seedbank.catalog.schemas import (
    LineageRead,
    LotCreate,
    LotEntryRead,
    LotRead,
    LotUpdate,
    MovementCreate,
    SplitCreate,
    SplitRead,
)
from seedbank.catalog.vocabulary import LotStatus
from seedbank.contracts import Page
from seedbank.http import Cursor, DatabaseDep, IdPath, IdQuery, Limit, PrincipalDep, database_of, problems
from seedbank.pagination import DEFAULT_LIMIT


class LotController(Controller):
    path = "/lots"
    tags = ("lots",)

    @get("/", operation_id="listLots", responses=problems(404, 422))
    async def list_lots(
        self,
        db: DatabaseDep,
        accession_id: IdQuery = None,
        custodian_id: IdQuery = None,
        status: FromQuery[LotStatus | None] = None,
        available: FromQuery[bool | None] = None,
        cursor: Cursor = None,
        limit: Limit = DEFAULT_LIMIT,
    ) -> Page[LotRead]:
        """List lots, by accession, custodian, status or available seed."""
        lots = services.LotFilter(
            accession_id=accession_id, custodian_id=custodian_id, status=status, available=available
        )
        return await services.list_lots(db, lots, cursor=cursor, limit=limit)

    @post("/", operation_id="registerLot", responses=problems(403, 404, 409, 422))
    async def register_lot(self, db: DatabaseDep, principal: PrincipalDep, data: JSONBody[LotCreate]) -> LotRead:
        """Register a lot held by a custodian, with its first stock entry (that custodian's members)."""
        return await services.register_lot(db, principal, data)

    @get("/{lot_id:int}", operation_id="getLot", responses=problems(404))
    async def get_lot(self, request: Request[Any, Any, Any], lot_id: IdPath) -> LotRead:
        """One lot with its stock: on hand, reserved, available."""
        return await services.get_lot(database_of(request), lot_id)

    @patch("/{lot_id:int}", operation_id="updateLot", responses=problems(403, 404, 409, 422))
    async def update_lot(
        self, db: DatabaseDep, principal: PrincipalDep, lot_id: IdPath, data: JSONBody[LotUpdate]
    ) -> LotRead:
        """Correct a lot's storage, moisture, seed weight or status (stock moves only through the ledger)."""
        return await services.update_lot(db, principal, lot_id, data)

    @get("/{lot_id:int}/ledger", operation_id="listLotLedger", responses=problems(404, 422))
    async def list_ledger(
        self, db: DatabaseDep, lot_id: IdPath, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
    ) -> Page[LotEntryRead]:
        """The lot's stock ledger, oldest entry first."""
        return await services.list_ledger(db, lot_id, cursor=cursor, limit=limit)

    @post("/{lot_id:int}/ledger", operation_id="recordStockMovement", responses=problems(403, 404, 409, 422))
    async def record_movement(
        self, db: DatabaseDep, principal: PrincipalDep, lot_id: IdPath, data: JSONBody[MovementCreate]
    ) -> LotEntryRead:
        """Record a stock movement; refused if it would take stock below zero or below what is reserved."""
        return await services.record_stock_movement(db, principal, lot_id, data)

    @post("/{lot_id:int}/split", operation_id="splitLot", responses=problems(403, 404, 409, 422))
    async def split_lot(
        self, db: DatabaseDep, principal: PrincipalDep, lot_id: IdPath, data: JSONBody[SplitCreate]
    ) -> SplitRead:
        """Split seed off into a new child lot; both ledger entries and the child, atomically."""
        return await services.split_lot(db, principal, lot_id, data)

    @get("/{lot_id:int}/lineage", operation_id="getLotLineage", responses=problems(404))
    async def lot_lineage(self, db: DatabaseDep, lot_id: IdPath) -> LineageRead:
        """Chain of custody: the lot's ancestors and descendants."""
        return await services.lot_lineage(db, lot_id)
