"""The map: custodians and accessions as GeoJSON feature collections (RFC 7946), capped in size.

Custodians are placed at their coordinates. Accessions are placed at their collecting site when the
reader may see it, else at the custodians holding them: restricted accessions (community-only or
prior-consent terms) never show their withheld collecting site to readers outside the steward, the
holders and the centre; those readers see them only where their seed is held.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from seedbank.accounts.principal import Principal
from seedbank.catalog.geo import BoundingBox, NearbyPoint
from seedbank.catalog.map_schemas import (
    AccessionFeature,
    AccessionFeatureCollection,
    AccessionFeatureProperties,
    CustodianFeature,
    CustodianFeatureCollection,
    CustodianFeatureProperties,
    MultiPoint,
    Point,
)
from seedbank.catalog.passport import split_values
from seedbank.catalog.services.nearby import (
    AVAILABLE_LOT,
    CustodianFilter,
    custodian_conditions,
    near_points,
    parse_bbox,
    parse_near_search,
)
from seedbank.catalog.services.search import HELD_LOT, AccessionQuery, matching_accessions
from seedbank.catalog.vocabulary import PlacedBy
from seedbank.db import Database, Row
from seedbank.errors import InvalidInput

__all__ = ["accession_features", "custodian_features"]

_CHUNK = 500
_CUSTODIAN_COLUMNS = (
    "c.id, c.name, c.kind, c.setting, c.state, c.municipality, c.parish, c.elevation_m, c.latitude, c.longitude, "
    "c.coordinate_source, c.coordinate_precision"
)


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]


async def _custodian_rows(db: Database, ids: list[int]) -> dict[int, Row]:
    """Map columns and holdings counts of these custodians."""
    found: dict[int, Row] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("{}" for _ in chunk)
        for row in await db.fetch(f"SELECT {_CUSTODIAN_COLUMNS} FROM custodian c WHERE c.id IN ({marks})", *chunk):
            found[row["id"]] = row | {"lots": 0, "accessions": 0, "available_seeds": 0}
        counts = await db.fetch(
            "SELECT l.custodian, COUNT(*) AS lots, COUNT(DISTINCT l.accession) AS accessions, "
            f"CAST(COALESCE(SUM(CASE WHEN {AVAILABLE_LOT} THEN l.on_hand - l.reserved ELSE 0 END), 0) AS BIGINT) "
            f"AS available_seeds FROM lot l WHERE l.custodian IN ({marks}) AND {HELD_LOT} GROUP BY l.custodian",
            *chunk,
        )
        for count in counts:
            if count["custodian"] in found:
                found[count["custodian"]].update(
                    lots=int(count["lots"]),
                    accessions=int(count["accessions"]),
                    available_seeds=int(count["available_seeds"]),
                )
    return found


async def custodian_features(
    db: Database,
    *,
    where: CustodianFilter,
    near: str | None,
    within_km: float | None,
    nearest: int | None,
    bbox: str | None,
    limit: int,
) -> CustodianFeatureCollection:
    """Custodians with coordinates that pass the filters, as GeoJSON: in id order, or nearest first near a point."""
    search = parse_near_search(near, within_km, nearest)
    boxes = parse_bbox(bbox)
    if search is not None and boxes:
        raise InvalidInput("search near a point or inside a box, not both", field="bbox")
    points: list[NearbyPoint] | None = None
    if search is not None:
        points = await near_points(db, search, where)
        ids = [point.id for point in points[: limit + 1]]
    else:
        conditions, args = custodian_conditions(replace(where, boxes=boxes, located=True))
        rows = await db.fetch(
            f"SELECT c.id FROM custodian c WHERE {' AND '.join(conditions)} ORDER BY c.id LIMIT {{}}", *args, limit + 1
        )
        ids = [row["id"] for row in rows]
    truncated = len(ids) > limit
    ids = ids[:limit]
    distances = {point.id: point.distance_km for point in points or ()}
    rows_by_id = await _custodian_rows(db, ids)
    features = []
    for custodian_id in ids:
        row = rows_by_id.get(custodian_id)
        if row is None or row["latitude"] is None:
            continue
        properties = CustodianFeatureProperties(
            id=row["id"],
            name=row["name"],
            kind=row["kind"],
            setting=row["setting"],
            state=row["state"],
            municipality=row["municipality"],
            parish=row["parish"],
            elevation_m=row["elevation_m"],
            coordinate_source=row["coordinate_source"],
            coordinate_precision=row["coordinate_precision"],
            accessions=row["accessions"],
            lots=row["lots"],
            available_seeds=row["available_seeds"],
        )
        if custodian_id in distances:
            properties.distance_km = distances[custodian_id]
        features.append(
            CustodianFeature(
                id=custodian_id, geometry=Point(coordinates=(row["longitude"], row["latitude"])), properties=properties
            )
        )
    return CustodianFeatureCollection(features=features, truncated=truncated)


async def _holders(db: Database, ids: list[int], held: str) -> dict[int, list[tuple[int, float | None, float | None]]]:
    """Each accession's holders (custodian id, latitude, longitude) through lots matching ``held``, by custodian id."""
    holders: dict[int, list[tuple[int, float | None, float | None]]] = defaultdict(list)
    for chunk in _chunks(ids):
        marks = ", ".join("{}" for _ in chunk)
        rows = await db.fetch(
            "SELECT DISTINCT l.accession, c.id AS custodian, c.latitude, c.longitude "
            f"FROM lot l JOIN custodian c ON c.id = l.custodian WHERE l.accession IN ({marks}) AND {held} "
            "ORDER BY l.accession, c.id",
            *chunk,
        )
        for row in rows:
            holders[row["accession"]].append((row["custodian"], row["latitude"], row["longitude"]))
    return holders


def _site_counts(row: Row, boxes: tuple[BoundingBox, ...]) -> bool:
    """Does the collecting site place this row (visible, known, and inside the search area)?"""
    if not row["collecting_visible"] or row["collecting_latitude"] is None:
        return False
    if "collecting_within" in row:
        return bool(row["collecting_within"])
    return not boxes or any(box.contains(row["collecting_latitude"], row["collecting_longitude"]) for box in boxes)


async def accession_features(
    db: Database, viewer: Principal, query: AccessionQuery, *, limit: int
) -> AccessionFeatureCollection:
    """Accessions that can be placed and pass the search's filters, as GeoJSON, in accession-number order."""
    rows, next_cursor = await matching_accessions(db, query, viewer, cursor=None, limit=limit, located=True)
    held = AVAILABLE_LOT if query.has_available_seed is True else HELD_LOT
    holders = await _holders(db, [row["id"] for row in rows], held)
    boxes = parse_bbox(query.bbox)
    features = []
    for row in rows:
        located = [(lon, lat) for _, lat, lon in holders.get(row["id"], ()) if lat is not None and lon is not None]
        geometry: Point | MultiPoint
        if query.by is not PlacedBy.HOLDERS and _site_counts(row, boxes):
            geometry = Point(coordinates=(row["collecting_longitude"], row["collecting_latitude"]))
        elif query.by is not PlacedBy.COLLECTING and located:
            geometry = MultiPoint(coordinates=located)
        else:
            continue
        properties = AccessionFeatureProperties(
            id=row["id"],
            accession_number=row["accession_number"],
            puid=row["puid"],
            accession_names=split_values(row["accession_names"]),
            taxon_id=row["taxon_id"],
            taxon=row["taxon_full_name"],
            crop_name=row["taxon_crop_name"],
            local_name=row["taxon_local_name"],
            biological_status=row["biological_status"],
            access_terms=row["access_terms"],
            placed_by="collecting" if isinstance(geometry, Point) else "holders",
            holder_custodian_ids=[custodian for custodian, _, _ in holders.get(row["id"], ())],
            lots=int(row["holdings_lots"]),
            on_hand_seeds=int(row["holdings_on_hand"]),
            available_seeds=int(row["holdings_available"]),
        )
        if "distance_km" in row:
            properties.distance_km = row["distance_km"]
        features.append(AccessionFeature(id=row["id"], geometry=geometry, properties=properties))
    return AccessionFeatureCollection(features=features, truncated=next_cursor is not None)
