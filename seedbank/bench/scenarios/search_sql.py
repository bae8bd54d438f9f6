"""The catalogue search written by hand: the baseline the API's search is measured against.

Same meaning as ``GET /accessions?q=…&crop=…&has_available_seed=true`` (first page,
accession-number order, holdings per accession), written once for both engines with
``{}`` placeholders. ``near_query`` adds "held with seed available within N km": each lot
carries its holder's point (``holder_latitude``, ``holder_longitude``, kept by triggers), so
an accession's available lots are checked against a bounding box on that point and then
the exact great-circle distance, from the lots' holdings index alone (``lot_holdings_point``).
It is timed beside the API's ``near``/``within_km``/``by=holders`` when the served API has
them, and on its own until then.
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any

from seedbank.text import TERM_UPPER_BOUND, fold, terms

__all__ = ["EARTH_RADIUS_KM", "bounding_box", "ensure_sqlite_math", "near_query", "search_query"]

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
_KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180

_COLUMNS = (
    "SELECT a.id, a.puid, a.accession_number, a.accession_names, a.biological_status, a.origin_country, "
    "a.collecting_date, a.access_terms, t.id AS taxon_id, t.full_name, t.crop_name, t.common_name_es, "
    "t.common_name_en, t.local_name, "
    "(SELECT COUNT(*) FROM lot l WHERE l.accession = a.id AND l.status <> 'deaccessioned') AS lots, "
    "(SELECT COALESCE(SUM(l.on_hand), 0) FROM lot l WHERE l.accession = a.id AND l.status <> 'deaccessioned') "
    "AS on_hand, "
    "(SELECT COALESCE(SUM(l.on_hand - l.reserved), 0) FROM lot l WHERE l.accession = a.id AND l.status = 'active') "
    "AS available "
    "FROM accession a JOIN taxon t ON t.id = a.taxon "
)
_WORD = "a.id IN (SELECT s.accession FROM accession_term s WHERE s.term >= {} AND s.term < {})"
_AVAILABLE = "EXISTS (SELECT 1 FROM lot l WHERE l.accession = a.id AND l.status = 'active' AND l.on_hand > l.reserved)"
_ORDER = "ORDER BY a.accession_number, a.id LIMIT {}"

# An available lot whose holder is near a point: the box narrows the index range, the distance keeps the circle.
_AVAILABLE_NEAR = (
    "EXISTS (SELECT 1 FROM lot l WHERE l.accession = a.id AND l.status = 'active' AND l.on_hand > l.reserved "
    "AND l.holder_latitude BETWEEN {} AND {} AND l.holder_longitude BETWEEN {} AND {} "
    f"AND 2 * {EARTH_RADIUS_KM} * asin(sqrt("
    "power(sin(radians(l.holder_latitude - {}) / 2), 2) "
    "+ cos(radians({})) * cos(radians(l.holder_latitude)) * power(sin(radians(l.holder_longitude - {}) / 2), 2)"
    ")) <= {})"
)


def _text_and_crop(q: str, crop: str) -> tuple[list[str], list[Any]]:
    where = ["t.crop_key = {}"]
    args: list[Any] = [fold(crop)]
    for word in terms(q):  # each word the prefix of one of the accession's terms, as the API reads it
        where.append(_WORD)
        args += [word, word + TERM_UPPER_BOUND]
    return where, args


def search_query(q: str, crop: str, limit: int) -> tuple[str, list[Any]]:
    """Text + crop + available seed: the query the API answers today (``limit + 1`` rows, as it fetches)."""
    where, args = _text_and_crop(q, crop)
    sql = _COLUMNS + "WHERE " + " AND ".join([*where, _AVAILABLE]) + " " + _ORDER
    return sql, [*args, limit + 1]


def bounding_box(latitude: float, longitude: float, km: float) -> tuple[float, float, float, float]:
    """South, north, west, east of a box holding every point within ``km`` (away from the poles)."""
    d_latitude = km / _KM_PER_DEGREE
    d_longitude = km / (_KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 1e-6))
    return latitude - d_latitude, latitude + d_latitude, longitude - d_longitude, longitude + d_longitude


def near_query(q: str, crop: str, latitude: float, longitude: float, km: float, limit: int) -> tuple[str, list[Any]]:
    """Text + crop + seed available from a custodian within ``km``: waiting for the API's near/within_km."""
    south, north, west, east = bounding_box(latitude, longitude, km)
    near_args: list[Any] = [south, north, west, east, latitude, latitude, longitude, km]
    where, args = _text_and_crop(q, crop)
    sql = _COLUMNS + "WHERE " + " AND ".join([*where, _AVAILABLE_NEAR]) + " " + _ORDER
    return sql, [*args, *near_args, limit + 1]


def ensure_sqlite_math(connection: sqlite3.Connection) -> bool:
    """Give a connection sin/cos/asin/sqrt/power/radians when its SQLite was built without them.

    True when SQLite had them natively (then the API's server has them too).
    """
    try:
        connection.execute("SELECT sin(0), asin(0), sqrt(1), power(2, 2), radians(0), cos(0)").fetchone()
        return True
    except sqlite3.OperationalError:
        for name, arity, function in (
            ("sin", 1, math.sin),
            ("cos", 1, math.cos),
            ("asin", 1, math.asin),
            ("sqrt", 1, math.sqrt),
            ("power", 2, math.pow),
            ("radians", 1, math.radians),
        ):
            connection.create_function(name, arity, function, deterministic=True)
        return False
