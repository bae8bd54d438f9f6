"""Distances, search boxes and nearest-neighbour search over custodians' coordinates (pure).

Coordinates are WGS-84 decimal degrees: latitude in [-90, 90], longitude in [-180, 180].

- ``geodesic_km``: the exact ellipsoidal distance (geopy's Karney geodesic on WGS-84).
- ``great_circle_km``: haversine on a sphere, for cheap prefiltering.
- ``bounding_boxes``: the latitude/longitude box(es) that hold every point within R km of a
  point, for an indexed ``latitude BETWEEN ... AND longitude BETWEEN ...`` prefilter; two boxes
  when the circle crosses the antimeridian, one box spanning all longitudes when it holds a pole.
- ``within_radius``: candidates from such a prefilter, refined to those within R km, nearest first.
- ``k_nearest``: the k nearest points, by an expanding radius over an injected box query.
- ``parse_near``, ``validate_point``, ``validate_radius_km``: the API's inputs, with
  ``GeoInputError(field, message)`` naming the field at fault.

Why the refinement is not "geodesic for everything": one geopy geodesic costs ~110 µs on this
2-core machine (500 calls ≈ 54 ms), ten times the whole 5 ms budget of a query. Candidates are
measured instead with Andoyer–Lambert's formula (the great-circle arc between reduced latitudes
with a first-order flattening correction): ~1.7 µs a point in the loop, and within 1.5e-6 of the
geodesic up to 50° of arc (under 8 cm at 50 km) and 5e-6 up to 160° (the tests hold it to 1e-5
against geopy). Only a point whose estimate lies within 0.01 % of the radius (~70 times that
error), or beyond 166° of arc where the formula degrades towards the antipode, pays for the
geodesic, which then decides whether it is kept and gives its distance. Membership is therefore
exact; distances are exact in that band and within 1.5e-6 (centimetres at search scales) elsewhere.

The boxes rest on a proof rather than a measurement: in geodetic coordinates the ellipsoid's
metric is ``M(φ)² dφ² + N(φ)² cos²φ dλ²`` with radii of curvature ``a(1-e²) <= M, N``, so every
curve, the geodesic included, is at least as long as on a sphere of radius ``a(1-e²)`` =
6335.439 km; the box around the circle on that sphere therefore holds the ellipsoidal circle.
"""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from geopy.distance import geodesic  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "EARTH_MEAN_RADIUS_KM",
    "MAX_SEARCH_RADIUS_KM",
    "BoundingBox",
    "CandidateFetcher",
    "GeoInputError",
    "NearbyPoint",
    "bounding_boxes",
    "geodesic_km",
    "great_circle_km",
    "k_nearest",
    "parse_near",
    "validate_point",
    "validate_radius_km",
    "within_radius",
]

# WGS-84.
_A_KM = 6378.137
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_B_KM = _A_KM * (1 - _F)
# IUGG mean radius R1 = (2a + b) / 3: the usual sphere for haversine.
EARTH_MEAN_RADIUS_KM = (2 * _A_KM + _B_KM) / 3
# The smallest radius of curvature on the ellipsoid (meridional, at the equator).
_SPHERE_BELOW_KM = _A_KM * (1 - _E2)
# Longer than any geodesic (half the equator is 20,037.5 km): a larger radius is a typo, not a search.
MAX_SEARCH_RADIUS_KM = 20_040.0
# Beyond ~166° of arc Andoyer–Lambert degrades towards the antipode: use the geodesic there.
_LAMBERT_MAX_ARC = 2.9
# Estimates this close to the radius (relative) are settled by the geodesic: 70x Lambert's error.
_CUT_OFF_BAND = 1e-4
# Widens boxes by ~1 cm so that rounding in the last bit never drops a point on the edge.
_BOX_MARGIN_DEG = 1e-7

_BY_DISTANCE_THEN_ID = itemgetter(3, 0)  # NearbyPoint's distance_km, id
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


class GeoInputError(ValueError):
    """A coordinate, radius or ``near`` parameter that cannot be used; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """A latitude/longitude rectangle, never crossing the antimeridian: ``min_lon <= max_lon``."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.min_lat <= latitude <= self.max_lat and self.min_lon <= longitude <= self.max_lon


class NearbyPoint(NamedTuple):
    """A candidate kept by a radius or nearest search, with its distance from the centre."""

    id: int
    latitude: float
    longitude: float
    distance_km: float


# Returns (id, latitude, longitude) of every stored point inside any of the boxes (more is harmless).
CandidateFetcher = Callable[[Sequence[BoundingBox]], Awaitable[Iterable[tuple[int, float, float]]]]


def validate_point(latitude: float, longitude: float) -> tuple[float, float]:
    """The point as floats, or ``GeoInputError`` naming ``latitude`` or ``longitude``."""
    latitude, longitude = float(latitude), float(longitude)
    if not (math.isfinite(latitude) and -90.0 <= latitude <= 90.0):
        raise GeoInputError("latitude", f"{latitude} is not a latitude in decimal degrees (-90 to 90)")
    if not (math.isfinite(longitude) and -180.0 <= longitude <= 180.0):
        raise GeoInputError("longitude", f"{longitude} is not a longitude in decimal degrees (-180 to 180)")
    return latitude, longitude


def validate_radius_km(radius_km: float, field: str = "radius_km") -> float:
    """The radius as a float, or ``GeoInputError`` if it is not a positive, finite, earthly distance."""
    radius_km = float(radius_km)
    if math.isnan(radius_km):
        raise GeoInputError(field, "the radius is not a number")
    if radius_km <= 0:
        raise GeoInputError(field, f"the radius must be greater than 0 km, not {radius_km:g}")
    if radius_km > MAX_SEARCH_RADIUS_KM:
        raise GeoInputError(
            field, f"the radius must be at most {MAX_SEARCH_RADIUS_KM:,.0f} km (half the Earth), not {radius_km:g}"
        )
    return radius_km


def parse_near(text: str, field: str = "near") -> tuple[float, float]:
    """``"10.4806,-66.9036"`` → ``(10.4806, -66.9036)``; anything else is a ``GeoInputError`` on ``field``."""
    example = "e.g. near=10.4806,-66.9036"
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise GeoInputError(field, f"expected 'latitude,longitude' in decimal degrees, {example}")
    # float() would also take 'nan', 'inf' and '1_0'; only plain decimals are coordinates.
    for part in parts:
        if not _DECIMAL.fullmatch(part):
            raise GeoInputError(field, f"{part!r} is not a decimal number of degrees, {example}")
    latitude, longitude = float(parts[0]), float(parts[1])
    if not -90.0 <= latitude <= 90.0:
        raise GeoInputError(field, f"latitude {parts[0]} is outside -90 to 90 (is it 'latitude,longitude'?)")
    if not -180.0 <= longitude <= 180.0:
        raise GeoInputError(field, f"longitude {parts[1]} is outside -180 to 180")
    return latitude, longitude


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The shortest distance on the WGS-84 ellipsoid, in km (geopy; Karney's algorithm, ~nm exact)."""
    return float(geodesic((lat1, lon1), (lat2, lon2), ellipsoid="WGS-84").km)


def great_circle_km(
    lat1: float, lon1: float, lat2: float, lon2: float, *, radius_km: float = EARTH_MEAN_RADIUS_KM
) -> float:
    """Haversine distance on a sphere (the mean Earth by default): within ±0.56 % of the geodesic."""
    return _central_angle(lat1, lon1, lat2, lon2) * radius_km


def bounding_boxes(latitude: float, longitude: float, radius_km: float) -> tuple[BoundingBox, ...]:
    """The box(es) holding every point whose geodesic distance from the centre is at most ``radius_km``.

    One box normally; two when the circle crosses the antimeridian (one each side of ±180°);
    one box spanning all longitudes when the circle holds a pole (the box then reaches that pole).
    The boxes bound the circle on the smallest sphere below the ellipsoid, so they are never
    too small, and at most 0.6 % (in radius) too large.
    """
    latitude, longitude = validate_point(latitude, longitude)
    radius_km = validate_radius_km(radius_km)
    arc = radius_km / _SPHERE_BELOW_KM
    lat = math.radians(latitude)
    min_lat = math.degrees(lat - arc) - _BOX_MARGIN_DEG
    max_lat = math.degrees(lat + arc) + _BOX_MARGIN_DEG
    if max_lat >= 90.0 or min_lat <= -90.0:
        # A cap over a pole: every meridian passes through it.
        return (BoundingBox(max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0),)
    # The meridians tangent to the circle: sin Δλ = sin r / cos φ (the pole case is excluded above).
    ratio = math.sin(arc) / math.cos(lat)
    if ratio >= 1.0:
        return (BoundingBox(min_lat, max_lat, -180.0, 180.0),)
    half_width = math.degrees(math.asin(ratio)) + _BOX_MARGIN_DEG
    west, east = longitude - half_width, longitude + half_width
    if east - west >= 360.0:
        return (BoundingBox(min_lat, max_lat, -180.0, 180.0),)
    if west < -180.0:
        return (BoundingBox(min_lat, max_lat, west + 360.0, 180.0), BoundingBox(min_lat, max_lat, -180.0, east))
    if east > 180.0:
        return (BoundingBox(min_lat, max_lat, west, 180.0), BoundingBox(min_lat, max_lat, -180.0, east - 360.0))
    return (BoundingBox(min_lat, max_lat, west, east),)


def within_radius(
    candidates: Iterable[tuple[int, float, float]], latitude: float, longitude: float, radius_km: float
) -> list[NearbyPoint]:
    """The candidates whose geodesic distance from the centre is at most ``radius_km``, nearest first.

    Candidates are ``(id, latitude, longitude)``, typically what a ``bounding_boxes`` query
    returned. Ties are ordered by id. See the module docstring for how distances are computed.
    """
    latitude, longitude = validate_point(latitude, longitude)
    radius_km = validate_radius_km(radius_km)
    surely_in, surely_out = radius_km * (1 - _CUT_OFF_BAND), radius_km * (1 + _CUT_OFF_BAND)
    # Andoyer–Lambert, inlined: this loop is the hot path of every radius and nearest search.
    # With sin β and cos β of the reduced latitudes (tan β = (1 - f) tan φ), Lambert's
    # sin P cos Q and cos P sin Q are (sin β1 ± sin β2) / 2, and sin²(Δβ/2) is written without
    # the cancellation that 1 - cos Δβ suffers at short distances.
    flattened, radians, tan, sin, sqrt, asin = 1 - _F, math.radians, math.tan, math.sin, math.sqrt, math.asin
    tan1 = flattened * tan(radians(latitude))
    cos1 = 1 / sqrt(1 + tan1 * tan1)
    sin1 = tan1 * cos1
    lambda1 = radians(longitude)
    kept: list[NearbyPoint] = []
    for point_id, lat, lon in candidates:
        tan2 = flattened * tan(radians(lat))
        cos2 = 1 / sqrt(1 + tan2 * tan2)
        sin2 = tan2 * cos2
        sin_dbeta = sin2 * cos1 - cos2 * sin1
        sin_half_dlambda = sin((radians(lon) - lambda1) / 2)
        cos12 = cos1 * cos2
        h = sin_dbeta * sin_dbeta / (2 * (1 + cos12 + sin1 * sin2)) + cos12 * sin_half_dlambda * sin_half_dlambda
        if h <= 0.0:
            distance = 0.0
        else:
            arc = 2 * asin(sqrt(h if h < 1.0 else 1.0))
            if arc > _LAMBERT_MAX_ARC:
                distance = math.nan
            else:
                sin_arc, u, v = sin(arc), sin1 + sin2, sin2 - sin1
                distance = _A_KM * (arc - _F / 8 * ((arc - sin_arc) * u * u / (1 - h) + (arc + sin_arc) * v * v / h))
        if distance > surely_out:
            continue
        if not distance <= surely_in:  # the band, or NaN beyond _LAMBERT_MAX_ARC
            distance = geodesic_km(latitude, longitude, lat, lon)
            if distance > radius_km:
                continue
        kept.append(NearbyPoint(point_id, lat, lon, distance))
    kept.sort(key=_BY_DISTANCE_THEN_ID)
    return kept


async def k_nearest(
    fetch: CandidateFetcher,
    latitude: float,
    longitude: float,
    k: int,
    *,
    start_radius_km: float = 25.0,
    growth: float = 2.0,
    max_radius_km: float = MAX_SEARCH_RADIUS_KM,
) -> list[NearbyPoint]:
    """The ``k`` points nearest the centre (fewer if fewer lie within ``max_radius_km``), nearest first.

    Searches a circle of ``start_radius_km``, then ``growth`` times wider, up to ``max_radius_km``.
    Stopping rule: stop at the first radius r within which at least k points lie. Then the
    k-th distance is <= r, and every point not yet seen lies outside the circle, farther than
    r, so no unseen point can be nearer than the k-th: the answer is final. At ``max_radius_km``
    the search stops with whatever it found.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise GeoInputError("k", f"the number of nearest points must be a whole number >= 1, not {k!r}")
    if not (math.isfinite(growth) and growth > 1.0):
        raise GeoInputError("growth", f"the radius must grow by a factor > 1, not {growth!r}")
    latitude, longitude = validate_point(latitude, longitude)
    max_radius_km = validate_radius_km(max_radius_km, "max_radius_km")
    radius_km = min(validate_radius_km(start_radius_km, "start_radius_km"), max_radius_km)
    while True:
        candidates = list(await fetch(bounding_boxes(latitude, longitude, radius_km)))
        # The boxes hold the circle: fewer than k candidates means fewer than k inside it.
        if len(candidates) >= k or radius_km >= max_radius_km:
            found = within_radius(candidates, latitude, longitude, radius_km)
            if len(found) >= k or radius_km >= max_radius_km:
                return found[:k]
        radius_km = min(radius_km * growth, max_radius_km)


def _central_angle(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The angle (radians) between two points taken as on a sphere: the haversine formula."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * math.asin(math.sqrt(min(1.0, h)))
