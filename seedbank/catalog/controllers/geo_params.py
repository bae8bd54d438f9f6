"""Query parameters of the distance searches and the map, shared by the custodian, accession and map handlers."""

from __future__ import annotations

from typing import Annotated

from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from seedbank.catalog.geo import MAX_SEARCH_RADIUS_KM
from seedbank.catalog.map_schemas import MAX_FEATURES
from seedbank.catalog.services.nearby import MAX_NEAREST
from seedbank.catalog.vocabulary import PlacedBy

__all__ = ["BboxQuery", "FeatureLimit", "NearQuery", "NearestQuery", "PlacedByQuery", "WithinKmQuery"]

_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"

NearQuery = Annotated[
    str | None,
    QueryParameter(
        max_length=64,
        pattern=rf"^ *{_NUMBER} *, *{_NUMBER} *$",
        description="the centre of a distance search: `latitude,longitude` in decimal degrees (WGS 84); "
        "needs `within_km` or `nearest`",
        examples=[Example(value="10.4806,-66.9036")],
    ),
]
WithinKmQuery = Annotated[
    float | None,
    QueryParameter(
        gt=0,
        le=MAX_SEARCH_RADIUS_KM,
        description="radius around `near` in km (geodesic); results carry `distance_km`",
        examples=[Example(value=50)],
    ),
]
NearestQuery = Annotated[
    int | None,
    QueryParameter(
        ge=1,
        le=MAX_NEAREST,
        description=f"the k (at most {MAX_NEAREST}) custodians nearest `near`, nearest first, in one page "
        "(within `within_km` when given)",
    ),
]
PlacedByQuery = Annotated[
    PlacedBy,
    QueryParameter(
        description="what places an accession: its collecting site (withheld ones only for readers who may "
        "see them), the custodians holding it, or either"
    ),
]
BboxQuery = Annotated[
    str | None,
    QueryParameter(
        max_length=120,
        pattern=rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$",
        description="a map's view: `west,south,east,north` in decimal degrees (RFC 7946 order); "
        "west > east crosses the antimeridian",
        examples=[Example(value="-73.4,0.6,-59.8,12.2")],
    ),
]
FeatureLimit = Annotated[
    int, QueryParameter(ge=1, le=MAX_FEATURES, description=f"at most this many features (at most {MAX_FEATURES})")
]
