"""HTTP glue for the map: custodians and accessions as GeoJSON (RFC 7946, ``application/geo+json``)."""

from __future__ import annotations

from dataclasses import replace

from litestar import Controller, get
from litestar.params import FromQuery

from seedbank.catalog import services
from seedbank.catalog.controllers.catalogue_query import SELECTION, SelectionDep
from seedbank.catalog.controllers.geo_params import (
    BboxQuery,
    FeatureLimit,
    NearestQuery,
    NearQuery,
    WithinKmQuery,
)
from seedbank.catalog.map_schemas import (
    GEOJSON_MEDIA_TYPE,
    MAX_FEATURES,
    AccessionFeatureCollection,
    CustodianFeatureCollection,
)
from seedbank.catalog.vocabulary import CustodianKind, CustodianSetting
from seedbank.http import DatabaseDep, IdQuery, PrincipalDep, QueryText, StateQuery, problems


class MapController(Controller):
    path = "/"

    @get(
        "/custodians.geojson",
        operation_id="mapCustodians",
        tags=["custodians"],
        media_type=GEOJSON_MEDIA_TYPE,
        responses=problems(422),
    )
    async def custodians(
        self,
        db: DatabaseDep,
        q: QueryText = None,
        kind: FromQuery[CustodianKind | None] = None,
        setting: FromQuery[CustodianSetting | None] = None,
        state_name: StateQuery = None,
        taxon_id: IdQuery = None,
        near: NearQuery = None,
        within_km: WithinKmQuery = None,
        nearest: NearestQuery = None,
        bbox: BboxQuery = None,
        limit: FeatureLimit = MAX_FEATURES,
    ) -> CustodianFeatureCollection:
        """Custodians with coordinates as GeoJSON points ([lon, lat]); the list's filters, a `bbox` or `near`.

        Properties: name, kind, setting, place, coordinate source and precision, and what each holds
        (accessions, lots, seeds available); never contact details. At most `limit` features;
        `truncated` says more matched.
        """
        where = services.CustodianFilter(q=q, kind=kind, setting=setting, state=state_name, taxon_id=taxon_id)
        return await services.custodian_features(
            db, where=where, near=near, within_km=within_km, nearest=nearest, bbox=bbox, limit=limit
        )

    @get(
        "/accessions.geojson",
        operation_id="mapAccessions",
        tags=["accessions"],
        media_type=GEOJSON_MEDIA_TYPE,
        dependencies=SELECTION,
        responses=problems(422),
    )
    async def accessions(
        self,
        db: DatabaseDep,
        principal: PrincipalDep,
        selection: SelectionDep,
        bbox: BboxQuery = None,
        limit: FeatureLimit = MAX_FEATURES,
    ) -> AccessionFeatureCollection:
        """Accessions as GeoJSON: a Point at the collecting site, or a MultiPoint at the custodians holding it.

        The search's filters apply, and `near`/`within_km` or a `bbox`. Withheld collecting sites
        (community-only or consent terms) are never shown to readers who may not see them: such
        accessions are placed by their holders. At most `limit` features; `truncated` says more matched.
        """
        query = replace(selection, bbox=bbox)
        return await services.accession_features(db, principal, query, limit=limit)
