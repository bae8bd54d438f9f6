"""HTTP glue for custodians."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import FromQuery, JSONBody

from seedbank.catalog import services
from seedbank.catalog.controllers.geo_params import NearestQuery, NearQuery, WithinKmQuery
from seedbank.catalog.map_schemas import CustodianPlacement
from seedbank.catalog.schemas import CustodianCreate, CustodianRead, CustodianUpdate
from seedbank.catalog.vocabulary import CustodianKind, CustodianSetting
from seedbank.contracts import Page
from seedbank.http import (
    Cursor,
    DatabaseDep,
    GeocoderDep,
    IdPath,
    IdQuery,
    Limit,
    PrincipalDep,
    QueryText,
    StateQuery,
    database_of,
    principal_of,
    problems,
)
from seedbank.pagination import DEFAULT_LIMIT


class CustodianController(Controller):
    path = "/custodians"
    tags = ("custodians",)

    @get("/", operation_id="listCustodians", responses=problems(422))
    async def list_custodians(
        self,
        db: DatabaseDep,
        principal: PrincipalDep,
        q: QueryText = None,
        kind: FromQuery[CustodianKind | None] = None,
        setting: FromQuery[CustodianSetting | None] = None,
        state_name: StateQuery = None,
        taxon_id: IdQuery = None,
        near: NearQuery = None,
        within_km: WithinKmQuery = None,
        nearest: NearestQuery = None,
        cursor: Cursor = None,
        limit: Limit = DEFAULT_LIMIT,
    ) -> Page[CustodianRead]:
        """List custodians (`q` matches name and place); `near` a point, nearest first with `distance_km`.

        `taxon_id` keeps the custodians holding seed of that taxon available now. `near=lat,lon` with
        `within_km=R` pages through those within R km; with `nearest=k`, the k nearest in one page.
        """
        return await services.list_custodians(
            db,
            principal,
            q=q,
            kind=kind,
            setting=setting,
            state=state_name,
            taxon_id=taxon_id,
            near=near,
            within_km=within_km,
            nearest=nearest,
            cursor=cursor,
            limit=limit,
        )

    @post("/", operation_id="createCustodian", responses=problems(403, 422))
    async def create_custodian(
        self, db: DatabaseDep, principal: PrincipalDep, data: JSONBody[CustodianCreate]
    ) -> CustodianRead:
        """Register a custodian: commune, communal council, family farm, centre (staff)."""
        return await services.create_custodian(db, principal, data)

    @get("/{custodian_id:int}", operation_id="getCustodian", responses=problems(404))
    async def get_custodian(self, request: Request[Any, Any, Any], custodian_id: IdPath) -> CustodianRead:
        """One custodian; its contact details only for staff and its own members."""
        return await services.get_custodian(database_of(request), custodian_id, principal_of(request))

    @patch("/{custodian_id:int}", operation_id="updateCustodian", responses=problems(403, 404, 422))
    async def update_custodian(
        self, db: DatabaseDep, principal: PrincipalDep, custodian_id: IdPath, data: JSONBody[CustodianUpdate]
    ) -> CustodianRead:
        """Correct a custodian's name, kind, place or coordinates (admins, or its own members)."""
        return await services.update_custodian(db, principal, custodian_id, data)

    @post(
        "/{custodian_id:int}/geocode",
        operation_id="geocodeCustodian",
        status_code=200,
        responses=problems(403, 404, 409, 422, 502),
    )
    async def geocode_custodian(
        self,
        db: DatabaseDep,
        principal: PrincipalDep,
        geocoder: GeocoderDep,
        custodian_id: IdPath,
        replace: FromQuery[bool] = False,
    ) -> CustodianPlacement:
        """Place a custodian from its state, municipality, parish and address (geocoder, else offline gazetteer).

        The coordinates, their source (`geocoded` or `gazetteer`) and precision are stored and audited.
        Coordinates from GPS or typed by hand are kept (409) unless `replace=true`.
        """
        return await services.geocode_custodian(db, principal, geocoder, custodian_id, replace=replace)
