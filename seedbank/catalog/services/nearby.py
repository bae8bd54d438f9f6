"""Distance search: custodians within a radius of a point or nearest it, and the pieces accession search shares.

Every search is an indexed bounding-box prefilter (``custodian_point`` on custodian latitude,
longitude; ``accession_collecting_point`` on the collecting site) followed by exact geodesic
refinement in Python (``seedbank.catalog.geo``): the boxes hold the whole circle, also across the
antimeridian and over the poles, so nothing within the radius is missed, and the refinement keeps
exactly what lies within it. Distances are in km.

``custodians_within`` and ``nearest_holders`` are what the benchmark harness calls.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from seedbank.accounts.policy import RULES, Action, Scope, allows
from seedbank.accounts.principal import Principal
from seedbank.catalog.geo import (
    MAX_SEARCH_RADIUS_KM,
    BoundingBox,
    GeoInputError,
    NearbyPoint,
    bounding_boxes,
    k_nearest,
    parse_near,
    validate_point,
    validate_radius_km,
    within_radius,
)
from seedbank.catalog.vocabulary import AccessTerms, CustodianKind, CustodianSetting
from seedbank.db import Database
from seedbank.errors import InvalidInput
from seedbank.text import fold, like_contains

__all__ = [
    "MAX_NEAREST",
    "CustodianFilter",
    "NearSearch",
    "available_holder_sql",
    "available_lot_sql",
    "box_sql",
    "collecting_visible_sql",
    "custodian_box_sql",
    "custodian_conditions",
    "custodians_within",
    "near_points",
    "nearest_custodians",
    "nearest_holders",
    "parse_bbox",
    "parse_near_search",
]

MAX_NEAREST = 100
# Seed a holder can hand out now: an active lot with more on hand than reserved.
AVAILABLE_LOT = "l.status = 'active' AND l.on_hand > l.reserved"
# Custodians are indexed by quarter-degree band of longitude (index custodian_lon_band, migration
# catalog_0005_geo_rules); a box spanning more bands than this reads the latitude index instead.
_BANDS_PER_DEGREE = 4
_MAX_BANDS = 64


@dataclass(frozen=True, slots=True)
class CustodianFilter:
    """What narrows a custodian search besides distance; every field given must hold."""

    q: str | None = None
    kind: CustodianKind | None = None
    setting: CustodianSetting | None = None
    state: str | None = None
    taxon_id: int | None = None  # holders of seed available of this taxon
    boxes: tuple[BoundingBox, ...] = ()  # a map's view (``bbox``): inside any of them
    located: bool = False  # only custodians with coordinates


@dataclass(frozen=True, slots=True)
class NearSearch:
    """A checked ``near`` search: the centre, and a radius, a count of nearest, or both."""

    latitude: float
    longitude: float
    within_km: float | None = None
    nearest: int | None = None

    @property
    def boxes(self) -> tuple[BoundingBox, ...]:
        assert self.within_km is not None
        return bounding_boxes(self.latitude, self.longitude, self.within_km)


@contextmanager
def _geo_input(fields: dict[str, str] | None = None) -> Iterator[None]:
    """A ``GeoInputError`` leaves as ``InvalidInput`` (422) on the API's name for the field."""
    try:
        yield
    except GeoInputError as error:
        field = (fields or {}).get(error.field, error.field)
        raise InvalidInput(f"{error.message} ({field})", field=field) from None


def parse_near_search(
    near: str | None, within_km: float | None, nearest: int | None = None, *, nearest_allowed: bool = True
) -> NearSearch | None:
    """The API's ``near``, ``within_km`` and ``nearest`` checked together; None when none is given.

    ``near`` needs ``within_km`` or ``nearest`` (a search of the whole Earth is not a default
    anyone wants); either without ``near`` is an error naming ``near``.
    """
    if near is None:
        if within_km is not None:
            raise InvalidInput("within_km is a radius around `near`: give near=latitude,longitude too", field="near")
        if nearest is not None:
            raise InvalidInput(
                "nearest counts custodians around `near`: give near=latitude,longitude too", field="near"
            )
        return None
    with _geo_input({"radius_km": "within_km"}):
        latitude, longitude = parse_near(near, "near")
        radius = None if within_km is None else validate_radius_km(within_km, "within_km")
    if nearest is not None and not 1 <= nearest <= MAX_NEAREST:
        raise InvalidInput(f"nearest is a count from 1 to {MAX_NEAREST}, not {nearest}", field="nearest")
    if radius is None and nearest is None:
        hint = "within_km=50 (km) or nearest=10" if nearest_allowed else "within_km=50 (km)"
        raise InvalidInput(f"near needs a radius: add {hint}", field="within_km")
    return NearSearch(latitude, longitude, radius, nearest)


def parse_bbox(text: str | None) -> tuple[BoundingBox, ...]:
    """``min_lon,min_lat,max_lon,max_lat`` (RFC 7946 order) → boxes; two when it crosses the antimeridian."""
    if text is None:
        return ()
    example = "e.g. bbox=-73.4,0.6,-59.8,12.2 (west,south,east,north)"
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise InvalidInput(f"expected four numbers west,south,east,north, {example}", field="bbox") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise InvalidInput(f"the box's edges must be numbers, {example}", field="bbox")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidInput(
            f"longitudes are -180 to 180 and latitudes -90 to 90 with south <= north, {example}", field="bbox"
        )
    if west <= east:
        return (BoundingBox(south, north, west, east),)
    return (BoundingBox(south, north, west, 180.0), BoundingBox(south, north, -180.0, east))


def box_sql(boxes: Sequence[BoundingBox], latitude: str, longitude: str) -> tuple[str, list[Any]]:
    """``(lat BETWEEN .. AND lon BETWEEN ..) OR (...)``: a range on an indexed (latitude, longitude) pair."""
    parts: list[str] = []
    args: list[Any] = []
    for box in boxes:
        parts.append(f"({latitude} BETWEEN {{}} AND {{}} AND {longitude} BETWEEN {{}} AND {{}})")
        args += [box.min_lat, box.max_lat, box.min_lon, box.max_lon]
    return "(" + " OR ".join(parts) + ")", args


def custodian_box_sql(boxes: Sequence[BoundingBox], alias: str = "c") -> tuple[str, list[Any]]:
    """``box_sql`` on ``custodian c`` (or the points of ``custodian_taxon ct``), each box also naming its
    longitude bands (indexes ``custodian_lon_band``, ``custodian_taxon_point``).

    ``ROUND(x)`` is ``floor(x)`` or ``ceil(x)`` on either engine, so the bands from ``floor`` of the
    west edge to ``ceil`` of the east edge hold every longitude in the box.
    """
    parts: list[str] = []
    args: list[Any] = []
    for box in boxes:
        first = math.floor(box.min_lon * _BANDS_PER_DEGREE)
        last = math.ceil(box.max_lon * _BANDS_PER_DEGREE)
        within = f"{alias}.latitude BETWEEN {{}} AND {{}} AND {alias}.longitude BETWEEN {{}} AND {{}}"
        if last - first < _MAX_BANDS:
            bands = [float(band) for band in range(first, last + 1)]
            marks = ", ".join("{}" for _ in bands)
            parts.append(f"(ROUND({alias}.longitude * {_BANDS_PER_DEGREE}) IN ({marks}) AND {within})")
            args += bands
        else:
            parts.append(f"({within})")
        args += [box.min_lat, box.max_lat, box.min_lon, box.max_lon]
    return "(" + " OR ".join(parts) + ")", args


def available_lot_sql(custodian: str) -> str:
    """The custodian holds an available lot of the taxon given as the one parameter.

    The taxon's accessions are evaluated once per statement; the ``+`` keeps SQLite from probing
    the lot index once per accession, so the custodian's own lots are read (lot_custodian_accession).
    """
    return (
        f"EXISTS (SELECT 1 FROM lot l WHERE l.custodian = {custodian} AND {AVAILABLE_LOT} "
        "AND +l.accession IN (SELECT ah.id FROM accession ah WHERE ah.taxon = {}))"
    )


def available_holder_sql(custodian: str = "c.id") -> tuple[str, int]:
    """Holds seed available of a taxon: the SQL, and how many times it takes the taxon id as a parameter.

    The pair (custodian, taxon) is looked up first (index ``custodian_taxon_pair``); only then are
    the custodian's lots read (``available_lot_sql``).
    """
    return (
        f"EXISTS (SELECT 1 FROM custodian_taxon ct WHERE ct.custodian = {custodian} AND ct.taxon = {{}}) "
        f"AND {available_lot_sql(custodian)}",
        2,
    )


def custodian_conditions(where: CustodianFilter) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``custodian c`` for a filter, with their parameters in order."""
    conditions: list[str] = []
    args: list[Any] = []
    for word in fold(where.q or "").split():
        conditions.append("c.search_key LIKE {} ESCAPE '\\'")
        args.append(like_contains(word))
    for column, value in (
        ("c.kind", where.kind),
        ("c.setting", where.setting),
        ("c.state_key", fold(where.state) if where.state else None),
    ):
        if value is not None:
            conditions.append(f"{column} = {{}}")
            args.append(str(value))
    if where.located:
        conditions.append("c.latitude IS NOT NULL")
    if where.boxes:
        sql, box_args = custodian_box_sql(where.boxes)
        conditions.append(sql)
        args += box_args
    if where.taxon_id is not None:
        holder, times = available_holder_sql()
        conditions.append(holder)
        args += [where.taxon_id] * times
    return conditions, args


async def _candidates(
    db: Database, boxes: Sequence[BoundingBox], where: CustodianFilter
) -> list[tuple[int, float, float]]:
    """(id, latitude, longitude) of the custodians in the boxes that pass the filter: an index does the boxes.

    Holders of a taxon are read from the taxon's pairs, which carry their custodian's point (index
    ``custodian_taxon_point``): only the taxon's holders in the boxes are read, not every custodian there.
    """
    if where.taxon_id is None:
        box, box_args = custodian_box_sql(boxes)
        conditions, args = custodian_conditions(where)
        sql = f"SELECT c.id, c.latitude, c.longitude FROM custodian c WHERE {' AND '.join([box, *conditions])}"
        return await db.fetch_tuples(sql, *box_args, *args)
    box, box_args = custodian_box_sql(boxes, "ct")
    conditions, args = custodian_conditions(replace(where, taxon_id=None, located=False))
    join = " JOIN custodian c ON c.id = ct.custodian" if conditions else ""
    available = available_lot_sql("ct.custodian")
    sql = (
        f"SELECT ct.custodian, ct.latitude, ct.longitude FROM custodian_taxon ct{join} "
        f"WHERE {' AND '.join(['ct.taxon = {}', box, *conditions, available])}"
    )
    return await db.fetch_tuples(sql, where.taxon_id, *box_args, *args, where.taxon_id)


async def custodians_within(
    db: Database, latitude: float, longitude: float, radius_km: float, *, where: CustodianFilter | None = None
) -> list[NearbyPoint]:
    """Custodians (passing ``where``) within ``radius_km`` of the point, nearest first, ties by id."""
    where = where or CustodianFilter()
    with _geo_input():
        latitude, longitude = validate_point(latitude, longitude)
        radius_km = validate_radius_km(radius_km)
        boxes = bounding_boxes(latitude, longitude, radius_km)
    return within_radius(await _candidates(db, boxes, where), latitude, longitude, radius_km)


async def nearest_custodians(
    db: Database,
    latitude: float,
    longitude: float,
    k: int,
    *,
    where: CustodianFilter | None = None,
    max_radius_km: float = MAX_SEARCH_RADIUS_KM,
) -> list[NearbyPoint]:
    """The ``k`` custodians (passing ``where``) nearest the point, nearest first; fewer if fewer lie within reach."""
    where = where or CustodianFilter()

    async def fetch(boxes: Sequence[BoundingBox]) -> list[tuple[int, float, float]]:
        return await _candidates(db, boxes, where)

    with _geo_input():
        return await k_nearest(fetch, latitude, longitude, k, max_radius_km=max_radius_km)


async def near_points(db: Database, search: NearSearch, where: CustodianFilter) -> list[NearbyPoint]:
    """The custodians a checked ``near`` search finds: the k nearest (within the radius, if given), or all within it."""
    if search.nearest is not None:
        reach = search.within_km if search.within_km is not None else MAX_SEARCH_RADIUS_KM
        return await nearest_custodians(
            db, search.latitude, search.longitude, search.nearest, where=where, max_radius_km=reach
        )
    assert search.within_km is not None
    return await custodians_within(db, search.latitude, search.longitude, search.within_km, where=where)


async def nearest_holders(db: Database, latitude: float, longitude: float, k: int, taxon_id: int) -> list[NearbyPoint]:
    """The ``k`` custodians nearest the point holding seed available of the taxon (active lot, on hand > reserved)."""
    return await nearest_custodians(db, latitude, longitude, k, where=CustodianFilter(taxon_id=taxon_id))


def collecting_visible_sql(viewer: Principal) -> tuple[str, list[Any]]:
    """True for an accession ``a`` whose collecting site this viewer may see (see ``accessions._may_see_restricted``).

    Free accessions for everyone; restricted ones for staff, and for members of its steward or of a
    custodian holding a lot of it.
    """
    action = Action.ACCESSION_READ_RESTRICTED
    if allows(viewer, action, ()):
        return "1 = 1", []
    free = f"a.access_terms = '{AccessTerms.FREE.value}'"
    own = (
        sorted(viewer.custodian_ids) if viewer.role is not None and RULES[action].get(viewer.role) is Scope.OWN else []
    )
    if not own:
        return free, []
    marks = ", ".join("{}" for _ in own)
    return (
        f"({free} OR a.steward IN ({marks}) "
        f"OR EXISTS (SELECT 1 FROM lot lv WHERE lv.accession = a.id AND lv.custodian IN ({marks})))",
        [*own, *own],
    )
