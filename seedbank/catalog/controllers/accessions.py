"""HTTP glue for accessions and the catalogue search."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import JSONBody

from seedbank.catalog import services
from seedbank.catalog.controllers.catalogue_query import SELECTION, SelectionDep
from seedbank.catalog.schemas import AccessionCreate, AccessionRead, AccessionSummary, AccessionUpdate, LotRead
from seedbank.contracts import Page
from seedbank.http import (
    Cursor,
    DatabaseDep,
    IdPath,
    Limit,
    PrincipalDep,
    SettingsDep,
    database_of,
    principal_of,
    problems,
)
from seedbank.pagination import DEFAULT_LIMIT


class AccessionController(Controller):
    path = "/accessions"
    tags = ("accessions",)

    @get("/", operation_id="searchAccessions", dependencies=SELECTION, responses=problems(422))
    async def search_accessions(
        self,
        db: DatabaseDep,
        principal: PrincipalDep,
        selection: SelectionDep,
        cursor: Cursor = None,
        limit: Limit = DEFAULT_LIMIT,
    ) -> Page[AccessionSummary]:
        """Search the catalogue: words match taxon, crop and local names ("maiz" finds "Maíz").

        `near=lat,lon&within_km=R` keeps accessions whose collecting site (`by=collecting`), a holder
        (`by=holders`: a custodian with a lot of it, with seed available when `has_available_seed=true`)
        or either lies within R km, each with `distance_km`; still in accession-number order.
        """
        return await services.search_accessions(db, selection, cursor=cursor, limit=limit, viewer=principal)

    @post("/", operation_id="createAccession", responses=problems(403, 404, 409, 422))
    async def create_accession(
        self, db: DatabaseDep, principal: PrincipalDep, settings: SettingsDep, data: JSONBody[AccessionCreate]
    ) -> AccessionRead:
        """Register an accession with its passport data; the number comes from the institute's sequence."""
        return await services.create_accession(db, principal, data, instcode=settings.instcode)

    @get("/{accession_id:int}", operation_id="getAccession", responses=problems(404))
    async def get_accession(self, request: Request[Any, Any, Any], accession_id: IdPath) -> AccessionRead:
        """One accession: passport data and what the collection holds of it."""
        return await services.get_accession(database_of(request), accession_id, principal_of(request))

    @patch("/{accession_id:int}", operation_id="updateAccession", responses=problems(403, 404, 422))
    async def update_accession(
        self, db: DatabaseDep, principal: PrincipalDep, accession_id: IdPath, data: JSONBody[AccessionUpdate]
    ) -> AccessionRead:
        """Correct passport data; the accession number and PUID never change (its steward, or admins)."""
        return await services.update_accession(db, principal, accession_id, data)

    @get("/{accession_id:int}/lots", operation_id="listAccessionLots", responses=problems(404, 422))
    async def list_lots(
        self, db: DatabaseDep, accession_id: IdPath, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
    ) -> Page[LotRead]:
        """The lots of one accession, wherever they are held."""
        return await services.list_lots(db, services.LotFilter(accession_id=accession_id), cursor=cursor, limit=limit)
