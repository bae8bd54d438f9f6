"""HTTP glue for taxa."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import JSONBody

from seedbank.catalog import services
from seedbank.catalog.schemas import TaxonCreate, TaxonRead, TaxonUpdate
from seedbank.contracts import Page
from seedbank.http import Cursor, DatabaseDep, IdPath, Limit, PrincipalDep, QueryText, database_of, problems
from seedbank.pagination import DEFAULT_LIMIT


class TaxonController(Controller):
    path = "/taxa"
    tags = ("taxa",)

    @get("/", operation_id="listTaxa", responses=problems(422))
    async def list_taxa(
        self,
        db: DatabaseDep,
        q: QueryText = None,
        crop: QueryText = None,
        cursor: Cursor = None,
        limit: Limit = DEFAULT_LIMIT,
    ) -> Page[TaxonRead]:
        """List taxa by full name; `q` matches any part of their botanical, crop and common names."""
        return await services.list_taxa(db, q=q, crop=crop, cursor=cursor, limit=limit)

    @post("/", operation_id="createTaxon", responses=problems(403, 409))
    async def create_taxon(self, db: DatabaseDep, principal: PrincipalDep, data: JSONBody[TaxonCreate]) -> TaxonRead:
        """Register a taxon (genus, species, subtaxa) with its crop and common names (staff)."""
        return await services.create_taxon(db, principal, data)

    @get("/{taxon_id:int}", operation_id="getTaxon", responses=problems(404))
    async def get_taxon(self, request: Request[Any, Any, Any], taxon_id: IdPath) -> TaxonRead:
        """One taxon."""
        return await services.get_taxon(database_of(request), taxon_id)

    @patch("/{taxon_id:int}", operation_id="updateTaxon", responses=problems(403, 404))
    async def update_taxon(
        self, db: DatabaseDep, principal: PrincipalDep, taxon_id: IdPath, data: JSONBody[TaxonUpdate]
    ) -> TaxonRead:
        """Correct a taxon's authorities, crop or common names; its botanical name stays (staff)."""
        return await services.update_taxon(db, principal, taxon_id, data)
