"""Wire contracts of the map: GeoJSON (RFC 7946) feature collections, geocoding answers and summaries.

Positions are ``[longitude, latitude]`` in WGS 84, as RFC 7946 orders them. Properties carry what a
map shows and filters by; never a custodian's contact details, nor the collecting site of an
accession the reader may not see.
"""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from seedbank.catalog.schemas import CustodianRead
from seedbank.catalog.vocabulary import (
    AccessTerms,
    CoordinatePrecision,
    CoordinateSource,
    CustodianKind,
    CustodianSetting,
)

__all__ = [
    "GEOJSON_MEDIA_TYPE",
    "MAX_FEATURES",
    "AccessionFeature",
    "AccessionFeatureCollection",
    "AccessionFeatureProperties",
    "CustodianFeature",
    "CustodianFeatureCollection",
    "CustodianFeatureProperties",
    "CustodianPlacement",
    "GeocodeFailure",
    "GeocodeRun",
    "MultiPoint",
    "Point",
    "Position",
]

GEOJSON_MEDIA_TYPE = "application/geo+json"
# A map never needs more at once; a million features would be a download, not a map.
MAX_FEATURES = 5000

Position = Annotated[
    tuple[
        Annotated[float, Meta(ge=-180, le=180, description="longitude, decimal degrees, +E")],
        Annotated[float, Meta(ge=-90, le=90, description="latitude, decimal degrees, +N")],
    ],
    Meta(description="[longitude, latitude] (RFC 7946), WGS 84"),
]
DistanceKm = Annotated[float, Meta(ge=0, description="geodesic distance from `near`, km")]


class Point(Struct, tag="Point", tag_field="type"):
    coordinates: Position


class MultiPoint(Struct, tag="MultiPoint", tag_field="type"):
    coordinates: Annotated[list[Position], Meta(min_length=1)]


class CustodianFeatureProperties(Struct):
    """What a map shows of a custodian (no contact details, no street address)."""

    id: int
    name: str
    kind: CustodianKind
    setting: CustodianSetting
    state: str | None
    municipality: str | None
    parish: str | None
    elevation_m: int | None
    coordinate_source: CoordinateSource | None
    coordinate_precision: CoordinatePrecision | None
    accessions: Annotated[int, Meta(ge=0, description="accessions it holds lots of")]
    lots: Annotated[int, Meta(ge=0, description="lots it holds (not deaccessioned)")]
    available_seeds: Annotated[int, Meta(ge=0, description="seeds it can hand out now")]
    distance_km: DistanceKm | UnsetType = UNSET


class CustodianFeature(Struct, tag="Feature", tag_field="type"):
    id: int
    geometry: Point
    properties: CustodianFeatureProperties


class CustodianFeatureCollection(Struct, tag="FeatureCollection", tag_field="type"):
    """Custodians as GeoJSON; ``truncated`` (a foreign member) says more matched than ``limit``."""

    features: list[CustodianFeature]
    truncated: bool


class AccessionFeatureProperties(Struct):
    """What a map shows of an accession, and what places it: its collecting site, or where it is held."""

    id: int
    accession_number: str
    puid: str
    accession_names: list[str]
    taxon_id: int
    taxon: str
    crop_name: str | None
    local_name: str | None
    biological_status: int | None
    access_terms: AccessTerms
    placed_by: Literal["collecting", "holders"]
    holder_custodian_ids: list[int]
    lots: Annotated[int, Meta(ge=0)]
    on_hand_seeds: Annotated[int, Meta(ge=0)]
    available_seeds: Annotated[int, Meta(ge=0)]
    distance_km: DistanceKm | UnsetType = UNSET


class AccessionFeature(Struct, tag="Feature", tag_field="type"):
    """An accession at its collecting site (a Point) or at the custodians holding it (a MultiPoint)."""

    id: int
    geometry: Point | MultiPoint
    properties: AccessionFeatureProperties


class AccessionFeatureCollection(Struct, tag="FeatureCollection", tag_field="type"):
    """Accessions as GeoJSON; ``truncated`` (a foreign member) says more matched than ``limit``."""

    features: list[AccessionFeature]
    truncated: bool


class CustodianPlacement(Struct):
    """A custodian placed from its place names: by the geocoder, or by the offline gazetteer (``note`` says why)."""

    custodian: CustodianRead
    source: Literal["geocoded", "gazetteer"]
    precision: CoordinatePrecision
    place: Annotated[str, Meta(description="what was found: the geocoder's name for it, or the gazetteer's")]
    attribution: str | None
    note: str | None


class GeocodeFailure(Struct):
    custodian_id: int
    name: str
    field: str | None
    reason: str


class GeocodeRun(Struct):
    """What ``seedbank geocode`` did: custodians without coordinates, and how each fared."""

    missing: int
    geocoded: int
    from_gazetteer: int
    failed: list[GeocodeFailure]
    offline: bool
    notes: list[str]
