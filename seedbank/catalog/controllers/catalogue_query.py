"""The catalogue search's filters as query parameters: one definition for every handler that selects accessions
as ``GET /accessions`` does (the search, the map, the MCPD export and summary)."""

from __future__ import annotations

from typing import Annotated

from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, QueryParameter

from seedbank.catalog.controllers.geo_params import NearQuery, PlacedByQuery, WithinKmQuery
from seedbank.catalog.services.search import AccessionQuery
from seedbank.catalog.vocabulary import PlacedBy
from seedbank.http import IdQuery, QueryText, StateQuery

__all__ = ["SELECTION", "SampleStatusQuery", "SelectionDep", "catalogue_query"]

SampleStatusQuery = Annotated[int | None, QueryParameter(ge=100, le=999, description="MCPD SAMPSTAT code")]


def catalogue_query(
    q: QueryText = None,
    genus: QueryText = None,
    species: QueryText = None,
    crop: QueryText = None,
    custodian_id: IdQuery = None,
    state_name: StateQuery = None,
    biological_status: SampleStatusQuery = None,
    has_available_seed: FromQuery[bool | None] = None,
    near: NearQuery = None,
    within_km: WithinKmQuery = None,
    by: PlacedByQuery = PlacedBy.EITHER,
) -> AccessionQuery:
    """The catalogue search's filters (``GET /accessions``)."""
    return AccessionQuery(
        q=q,
        genus=genus,
        species=species,
        crop=crop,
        custodian_id=custodian_id,
        state=state_name,
        biological_status=biological_status,
        has_available_seed=has_available_seed,
        near=near,
        within_km=within_km,
        by=by,
    )


# `selection`, not `query`: Litestar keeps that name for the raw query string.
SELECTION = {"selection": Provide(catalogue_query, sync_to_thread=False)}
SelectionDep = NamedDependency[AccessionQuery]
