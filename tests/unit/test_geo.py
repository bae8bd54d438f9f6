"""Distances, search boxes, radius and nearest searches, and the ``near``/radius inputs."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence

import pytest
from geopy.distance import geodesic  # type: ignore[import-untyped, unused-ignore]

from seedbank.catalog.geo import (
    EARTH_MEAN_RADIUS_KM,
    MAX_SEARCH_RADIUS_KM,
    BoundingBox,
    GeoInputError,
    NearbyPoint,
    bounding_boxes,
    geodesic_km,
    great_circle_km,
    k_nearest,
    parse_near,
    validate_point,
    validate_radius_km,
    within_radius,
)

CARACAS = (10.50610, -66.91460)  # Plaza Bolívar
MARACAIBO = (10.64270, -71.61250)  # Plaza Bolívar


def vincenty_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Vincenty's (1975) inverse on WGS-84: a different algorithm from geopy's (Karney's), written from the paper."""
    a, f = 6378137.0, 1 / 298.257223563
    b = a * (1 - f)
    u1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    big_l = math.radians(lon2 - lon1)
    lam = big_l
    for _ in range(200):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(
            math.cos(u2) * sin_lam, math.cos(u1) * math.sin(u2) - math.sin(u1) * math.cos(u2) * cos_lam
        )
        cos_sigma = math.sin(u1) * math.sin(u2) + math.cos(u1) * math.cos(u2) * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = math.cos(u1) * math.cos(u2) * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = cos_sigma - 2 * math.sin(u1) * math.sin(u2) / cos2_alpha if cos2_alpha else 0.0
        c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
        previous = lam
        lam = big_l + (1 - c) * f * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if abs(lam - previous) < 1e-13:
            break
    u_sq = cos2_alpha * (a**2 - b**2) / b**2
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta_sigma = (
        big_b
        * sin_sigma
        * (
            cos_2sm
            + big_b
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm**2)
                - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return b * big_a * (sigma - delta_sigma) / 1000


def destination(latitude: float, longitude: float, bearing: float, km: float) -> tuple[float, float]:
    point = geodesic(kilometers=km).destination((latitude, longitude), bearing)
    return float(point.latitude), float(point.longitude)


# --- distances ------------------------------------------------------------------------------------


def test_caracas_to_maracaibo_matches_an_independent_vincenty_computation() -> None:
    expected = vincenty_km(*CARACAS, *MARACAIBO)
    assert expected == pytest.approx(514.361, abs=0.001)  # what Vincenty gives; "about 520 km" by road maps
    assert geodesic_km(*CARACAS, *MARACAIBO) == pytest.approx(expected, abs=1e-6)  # within a millimetre
    assert geodesic_km(*MARACAIBO, *CARACAS) == pytest.approx(expected, abs=1e-6)


def test_geodesic_reproduces_published_wgs84_lengths() -> None:
    assert geodesic_km(0, 0, 90, 0) == pytest.approx(10_001.965729, abs=1e-6)  # the meridian quadrant
    assert geodesic_km(0, 0, 0, 1) == pytest.approx(6378.137 * math.pi / 180, abs=1e-9)  # 1° of equator
    assert geodesic_km(*CARACAS, *CARACAS) == 0.0


def test_great_circle_is_haversine_on_the_mean_sphere_and_close_to_the_geodesic() -> None:
    assert pytest.approx(6371.0088, abs=1e-4) == EARTH_MEAN_RADIUS_KM
    assert great_circle_km(0, 0, 90, 0) == pytest.approx(EARTH_MEAN_RADIUS_KM * math.pi / 2)
    assert great_circle_km(0, 0, 0, 180) == pytest.approx(EARTH_MEAN_RADIUS_KM * math.pi)
    assert great_circle_km(0, 0, 0, 1, radius_km=1.0) == pytest.approx(math.pi / 180)
    assert great_circle_km(*CARACAS, *MARACAIBO) == pytest.approx(geodesic_km(*CARACAS, *MARACAIBO), rel=0.006)


def test_reported_distances_stay_within_the_estimate_error_the_refinement_relies_on() -> None:
    rng = random.Random(20261128)
    for scale in (0.001, 0.5, 5.0, 50.0, 160.0):
        for _ in range(300):
            lat, lon = rng.uniform(-89.9, 89.9), rng.uniform(-180, 180)
            other = (min(90.0, max(-90.0, lat + rng.uniform(-scale, scale))), (lon + rng.uniform(-scale, scale)))
            other = (other[0], (other[1] + 180) % 360 - 180)
            (found,) = within_radius([(1, *other)], lat, lon, MAX_SEARCH_RADIUS_KM)
            exact = geodesic_km(lat, lon, *other)
            # The cut-off band is 1e-4; the estimate must be an order of magnitude better than that.
            assert found.distance_km == pytest.approx(exact, rel=1e-5, abs=1e-9)


# --- bounding boxes ------------------------------------------------------------------------------


def in_any(boxes: Sequence[BoundingBox], latitude: float, longitude: float) -> bool:
    return any(box.contains(latitude, longitude) for box in boxes)


def circle_points(latitude: float, longitude: float, radius_km: float, n: int = 360) -> list[tuple[float, float]]:
    """Points on and inside the ellipsoidal circle, every degree of bearing."""
    points = []
    for bearing in range(0, 360, 360 // n):
        for fraction in (0.999999, 0.5):
            points.append(destination(latitude, longitude, bearing, radius_km * fraction))
    return points


def test_box_around_caracas_holds_the_circle_and_little_else() -> None:
    (box,) = bounding_boxes(*CARACAS, 50)
    assert all(box.contains(*point) for point in circle_points(*CARACAS, 50))
    north = destination(*CARACAS, 0, 50)[0]
    east = max(lon for _, lon in circle_points(*CARACAS, 50))
    # Never smaller than the circle, and at most ~0.6 % wider (the sphere under the ellipsoid).
    assert north <= box.max_lat <= CARACAS[0] + (north - CARACAS[0]) * 1.007
    assert east <= box.max_lon <= CARACAS[1] + (east - CARACAS[1]) * 1.007


def test_box_across_the_antimeridian_is_split_in_two() -> None:
    boxes = bounding_boxes(0.0, 179.9, 50)
    assert len(boxes) == 2
    west_box, east_box = boxes
    assert west_box.max_lon == 180.0
    assert west_box.min_lon == pytest.approx(179.9 - 0.452, abs=0.001)
    assert east_box.min_lon == -180.0
    assert east_box.max_lon == pytest.approx(-180 + 0.352, abs=0.001)
    points = circle_points(0.0, 179.9, 50)
    assert any(lon < 0 for _, lon in points)  # the circle really crosses
    assert all(in_any(boxes, *point) for point in points)
    # the mirror case
    boxes = bounding_boxes(-10.0, -179.95, 50)
    assert len(boxes) == 2
    assert all(in_any(boxes, *point) for point in circle_points(-10.0, -179.95, 50))


@pytest.mark.parametrize(("latitude", "pole"), [(89.9, 90.0), (-89.9, -90.0)])
def test_box_holding_a_pole_spans_every_longitude(latitude: float, pole: float) -> None:
    (box,) = bounding_boxes(latitude, 30.0, 50)
    assert (box.min_lon, box.max_lon) == (-180.0, 180.0)
    assert pole in (box.min_lat, box.max_lat)
    assert abs(box.min_lat if pole > 0 else box.max_lat) == pytest.approx(89.9 - 0.452, abs=0.001)
    assert all(box.contains(*point) for point in circle_points(latitude, 30.0, 50))


def test_box_near_but_not_over_a_pole_widens_in_longitude() -> None:
    (box,) = bounding_boxes(80.0, 0.0, 50)
    assert box.max_lat < 90.0
    assert all(box.contains(*point) for point in circle_points(80.0, 0.0, 50))
    assert box.max_lon > 2.5  # 50 km is ~2.6° of longitude at 80° N


def test_a_radius_of_half_the_earth_covers_the_globe() -> None:
    assert bounding_boxes(10.0, -66.0, MAX_SEARCH_RADIUS_KM) == (BoundingBox(-90.0, 90.0, -180.0, 180.0),)
    (box,) = bounding_boxes(0.0, 0.0, 15_000)
    assert (box.min_lon, box.max_lon) == (-180.0, 180.0)


# --- radius search ----------------------------------------------------------------------------------


def brute_force(points: Iterable[tuple[int, float, float]], latitude: float, longitude: float) -> list[NearbyPoint]:
    measured = [NearbyPoint(i, lat, lon, geodesic_km(latitude, longitude, lat, lon)) for i, lat, lon in points]
    return sorted(measured, key=lambda p: (p.distance_km, p.id))


def venezuela(n: int, seed: int) -> list[tuple[int, float, float]]:
    rng = random.Random(seed)
    return [(i, rng.uniform(0.7, 12.2), rng.uniform(-73.4, -59.8)) for i in range(1, n + 1)]


def test_radius_search_agrees_with_the_geodesic_and_sorts_nearest_first() -> None:
    points = venezuela(1500, seed=5)
    found = within_radius(points, *CARACAS, 150)
    expected = [p for p in brute_force(points, *CARACAS) if p.distance_km <= 150]
    assert [p.id for p in found] == [p.id for p in expected]
    assert all(a.distance_km == pytest.approx(b.distance_km, rel=2e-6) for a, b in zip(found, expected, strict=True))


def test_points_a_millimetre_either_side_of_the_radius_are_decided_by_the_geodesic() -> None:
    inside = destination(*CARACAS, 37.0, 49.999999)
    outside = destination(*CARACAS, 37.0, 50.000001)
    found = within_radius([(1, *inside), (2, *outside), (3, *CARACAS)], *CARACAS, 50)
    assert [p.id for p in found] == [3, 1]
    assert found[0].distance_km == 0.0
    assert found[1].distance_km == pytest.approx(49.999999, abs=1e-9)


def test_radius_search_across_the_antimeridian_and_over_the_pole() -> None:
    east_of_line = (1, *destination(0.0, 179.9, 90, 40))
    assert east_of_line[2] < 0
    assert [p.id for p in within_radius([east_of_line], 0.0, 179.9, 50)] == [1]
    over_pole = (2, *destination(89.9, 30.0, 0, 45))  # crosses the pole to the far side
    assert [p.id for p in within_radius([over_pole], 89.9, 30.0, 50)] == [2]


# --- k nearest ---------------------------------------------------------------------------------------


class BoxQuery:
    """Stands in for the database: returns the stored points inside any box, and remembers the radii asked."""

    def __init__(self, points: list[tuple[int, float, float]]) -> None:
        self.points = points
        self.boxes_asked: list[Sequence[BoundingBox]] = []

    async def __call__(self, boxes: Sequence[BoundingBox]) -> list[tuple[int, float, float]]:
        self.boxes_asked.append(boxes)
        return [p for p in self.points if in_any(boxes, p[1], p[2])]


@pytest.mark.parametrize("k", [1, 10, 25])
async def test_k_nearest_matches_brute_force_and_stops_as_documented(k: int) -> None:
    points = venezuela(800, seed=11) + [(9000 + i, lat, lon) for i, lat, lon in venezuela(30, seed=3)]
    rng = random.Random(k)
    for _ in range(4):
        centre = (rng.uniform(1.0, 12.0), rng.uniform(-73.0, -60.0))
        query = BoxQuery(points)
        found = await k_nearest(query, *centre, k, start_radius_km=5.0)
        everything = brute_force(points, *centre)
        assert [p.id for p in found] == [p.id for p in everything[:k]]
        # Stopping rule: the last radius searched reaches the k-th point; the one before held fewer than k.
        radii = [5.0 * 2**i for i in range(len(query.boxes_asked))]
        assert found[-1].distance_km <= radii[-1]
        if len(radii) > 1:
            assert len([p for p in everything if p.distance_km <= radii[-2]]) < k


async def test_k_nearest_over_the_whole_globe_and_when_there_are_too_few() -> None:
    rng = random.Random(7)
    points = [(i, math.degrees(math.asin(rng.uniform(-1, 1))), rng.uniform(-180, 180)) for i in range(400)]
    found = await k_nearest(BoxQuery(points), 0.0, 179.9, 5)
    assert [p.id for p in found] == [p.id for p in brute_force(points, 0.0, 179.9)[:5]]
    few = points[:3]
    found = await k_nearest(BoxQuery(few), 0.0, 179.9, 5)
    assert [p.id for p in found] == [p.id for p in brute_force(few, 0.0, 179.9)]
    limited = await k_nearest(BoxQuery(points), 0.0, 179.9, 5, max_radius_km=10)
    assert all(p.distance_km <= 10 for p in limited)


async def test_k_nearest_refuses_nonsense() -> None:
    with pytest.raises(GeoInputError) as error:
        await k_nearest(BoxQuery([]), 0.0, 0.0, 0)
    assert error.value.field == "k"
    with pytest.raises(GeoInputError):
        await k_nearest(BoxQuery([]), 0.0, 0.0, 3, growth=1.0)


# --- inputs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10.4806,-66.9036", (10.4806, -66.9036)), (" 10.5 , -66 ", (10.5, -66.0)), ("-90,180", (-90.0, 180.0))],
)
def test_parse_near(text: str, expected: tuple[float, float]) -> None:
    assert parse_near(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "latitude,longitude"),
        ("10.5", "latitude,longitude"),
        ("10.5,-66,3", "latitude,longitude"),
        ("10.5,", "latitude,longitude"),
        ("nan,-66", "not a decimal"),
        ("10,inf", "not a decimal"),
        ("1_0,-66", "not a decimal"),
        ("10°30'N,-66", "not a decimal"),
        ("-66.9,10.5e1", "not a decimal"),
        ("91,-66", "outside -90 to 90"),
        ("10,-181", "outside -180 to 180"),
    ],
)
def test_parse_near_names_the_field_and_says_why(text: str, says: str) -> None:
    with pytest.raises(GeoInputError) as error:
        parse_near(text)
    assert error.value.field == "near"
    assert says in error.value.message
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize("radius", [0.0, -1.0, math.nan, math.inf, 20_041.0])
def test_radius_must_be_positive_finite_and_earthly(radius: float) -> None:
    with pytest.raises(GeoInputError) as error:
        validate_radius_km(radius)
    assert error.value.field == "radius_km"


def test_valid_radius_and_point_pass_through() -> None:
    assert validate_radius_km(50) == 50.0
    assert validate_radius_km(MAX_SEARCH_RADIUS_KM) == MAX_SEARCH_RADIUS_KM
    assert validate_point(10, -66) == (10.0, -66.0)
    with pytest.raises(GeoInputError) as error:
        validate_point(10, 200)
    assert error.value.field == "longitude"
    with pytest.raises(GeoInputError) as error:
        bounding_boxes(math.nan, 0, 10)
    assert error.value.field == "latitude"
