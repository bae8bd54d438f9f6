"""Catalogue search: free text and filters over accessions, one indexed statement for both engines.

Near a point (``near`` + ``within_km``), the statement also holds a bounding-box prefilter on the
indexed coordinates (the collecting site, ``accession_collecting_point``; the holders, by the point each
lot carries, ``lot_holdings_point``) and keeps its keyset order (accession number, id); the rows it returns are
refined in Python to those truly within the radius, and more rows are fetched after the last one
examined until the page is full. The cursor is the last accession served, so the next page starts
exactly where this one stopped: no accession is skipped or served twice, whatever the refinement drops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from seedbank.accounts.principal import ANONYMOUS, Principal
from seedbank.catalog.geo import BoundingBox, within_radius
from seedbank.catalog.passport import iso_date, split_values
from seedbank.catalog.schemas import AccessionSummary
from seedbank.catalog.services.accessions import HOLDINGS_COLUMNS, TAXON_COLUMNS, holdings
from seedbank.catalog.services.nearby import (
    AVAILABLE_LOT,
    NearSearch,
    box_sql,
    collecting_visible_sql,
    parse_bbox,
    parse_near_search,
)
from seedbank.catalog.services.taxa import taxon_summary
from seedbank.catalog.vocabulary import PlacedBy
from seedbank.contracts import Page
from seedbank.db import Database, EngineKind, Row
from seedbank.errors import InvalidInput
from seedbank.pagination import decode_cursor, encode_cursor
from seedbank.text import TERM_UPPER_BOUND, fold, terms

__all__ = ["HELD_LOT", "AccessionQuery", "matching_accessions", "search_accessions"]

# A lot that places an accession at its holder: any lot still in the collection.
HELD_LOT = "l.status <> 'deaccessioned'"
# Rows fetched per round while refining a page near a point, at most.
_MAX_BATCH = 2000

_AVAILABLE_LOT = "SELECT 1 FROM lot l WHERE l.accession = a.id AND l.status = 'active' AND l.on_hand > l.reserved"


@dataclass(frozen=True, slots=True)
class AccessionQuery:
    """What a catalogue search asks for; every field narrows the result."""

    q: str | None = None
    genus: str | None = None
    species: str | None = None
    crop: str | None = None
    custodian_id: int | None = None
    state: str | None = None
    biological_status: int | None = None
    has_available_seed: bool | None = None
    # Near a point: "latitude,longitude" and a radius; placed by the collecting site, the holders, or either.
    near: str | None = None
    within_km: float | None = None
    by: PlacedBy = PlacedBy.EITHER
    # A map's view, "west,south,east,north" (RFC 7946 order); crossing the antimeridian when west > east.
    bbox: str | None = None


@dataclass(frozen=True, slots=True)
class _Drivers:
    """How the statement finds its rows (see ``_drivers``): walking accession-number order, or from a rare
    filter's index after walking the first ``walk_first`` accessions."""

    word: str | None = None  # a query word matching few accessions: its accessions are fetched first
    taxa: bool = False  # the taxon filters match few accessions: the taxon index drives
    walk_first: int = 0
    # Every filter written as a set (``a.id IN (...)``, ``a.taxon IN (...)``) for the database's planner to
    # order and join (PostgreSQL, whose planner knows how rare each filter is).
    declared: bool = False

    @property
    def drives(self) -> bool:
        return self.word is not None or self.taxa or self.declared


# A filter matching at least this many accessions never drives the statement: counting it stops here.
_COUNT_CAP = 5000
# Accessions a walk may read, per accession the rarest filter matches, before that filter takes over. A
# driven row is read from the filter's index, checked against everything and sorted; a walked row is
# mostly turned away by its first, cheapest checks (100,000 accessions, 1,000,000 lots, held within 50 km:
# about 1.6 µs a walked row, 4 µs a driven one).
_WALK_PER_DRIVEN = 2
# A filter matching under this fraction of the collection drives from the first accession: it reads a few
# hundred rows at most, cheaper than any walk ("rosita", 978 of 100,000: 4 ms driven, 9 ms walked first).
_DRIVE_AT_ONCE = 100
_TAXON_FILTER = "SELECT id FROM taxon tx WHERE {}"


def _taxon_filter(query: AccessionQuery) -> tuple[str, list[Any]]:
    """The taxa the genus, species and crop filters allow, as a condition on ``taxon tx`` ("" for all)."""
    parts: list[str] = []
    args: list[Any] = []
    if query.genus:
        parts.append("LOWER(tx.genus) = {}")
        args.append(query.genus.strip().lower())
    if query.species:
        parts.append("LOWER(tx.species) = {}")
        args.append(query.species.strip().lower())
    if query.crop:
        parts.append("tx.crop_key = {}")
        args.append(fold(query.crop))
    return " AND ".join(parts), args


async def _count(db: Database, sql: str, *args: Any) -> int:
    """How many rows a ``SELECT 1 ...`` gives, counting at most ``_COUNT_CAP``: a short index range at most."""
    return int(await db.fetch_value(f"SELECT COUNT(*) FROM ({sql} LIMIT {{}}) x", *args, _COUNT_CAP))


async def _drivers(db: Database, query: AccessionQuery, *, placed: bool = False) -> _Drivers:
    """Walk accession-number order, and let the rarest filter drive if the walk goes on too long.

    A walk stops at a full page, which may come at once (common filters) or never (filters that are rare
    together); starting from a filter's index reads every accession it matches. Not knowing how rare the
    filters are together, the statement walks as many accessions as the driver would cost
    (``_WALK_PER_DRIVEN`` per accession it matches), then drives the rest of the order: never much worse
    than the better plan. A filter matching under 1/``_DRIVE_AT_ONCE`` of the collection drives at once, and
    so does any filter under the cap in a search ``placed`` in a box (near a point, a map's view): the few
    accessions held or collected there make a walk long (cariaco + maíz within 50 km of Sanare: 41 ms
    walked first, 24 ms driven at once).
    Each filter is counted up to ``_COUNT_CAP`` only (a few short index ranges); a filter at the cap
    never drives.
    """
    words = terms(query.q)
    taxa, taxa_args = _taxon_filter(query)
    if not words and not taxa:
        return _Drivers()
    counted: list[tuple[int, str | None]] = []
    for word in words:
        found = await _count(
            db, "SELECT 1 FROM accession_term WHERE term >= {} AND term < {}", word, word + TERM_UPPER_BOUND
        )
        counted.append((found, word))
    if taxa:
        found = await _count(db, f"SELECT 1 FROM accession WHERE taxon IN ({_TAXON_FILTER.format(taxa)})", *taxa_args)
        counted.append((found, None))
    fewest, rarest = min(counted, key=lambda pair: pair[0])
    if fewest >= _COUNT_CAP:
        return _Drivers()
    size = int(await db.fetch_value("SELECT COALESCE(MAX(id), 0) FROM accession") or 0)
    at_once = placed or fewest * _DRIVE_AT_ONCE < size
    walk_first = 0 if at_once else int(fewest * _WALK_PER_DRIVEN)
    return (
        _Drivers(word=rarest, walk_first=walk_first)
        if rarest is not None
        else _Drivers(taxa=True, walk_first=walk_first)
    )


def _conditions(
    query: AccessionQuery, drivers: _Drivers = _Drivers(), *, available_checked: bool = False
) -> tuple[list[str], list[Any]]:
    """The filters as SQL on ``accession a`` (joined to ``taxon t``); ``available_checked``: the placing
    already asks for an available lot (held near a point with seed available), so it is not checked twice.

    A driving filter is written so the database starts from its index (``a.id IN (...)``, ``a.taxon IN
    (...)``); the others as checks per accession, with ``+a.taxon`` keeping the taxon index out of the plan,
    so the statement walks ``accession_number_order`` and stops at a full page.
    """
    where: list[str] = []
    args: list[Any] = []
    # Each word must be the prefix of one of the accession's terms (indexes accession_term_lookup, _by_accession).
    for word in terms(query.q):
        if drivers.declared or word == drivers.word:
            where.append("a.id IN (SELECT accession FROM accession_term WHERE term >= {} AND term < {})")
        else:
            where.append(
                "EXISTS (SELECT 1 FROM accession_term s WHERE s.accession = a.id AND s.term >= {} AND s.term < {})"
            )
        args += [word, word + TERM_UPPER_BOUND]
    taxa, taxa_args = _taxon_filter(query)
    if taxa:
        where.append(f"{'a' if drivers.taxa or drivers.declared else '+a'}.taxon IN ({_TAXON_FILTER.format(taxa)})")
        args += taxa_args
    if query.biological_status is not None:
        where.append("a.biological_status = {}")
        args.append(query.biological_status)
    if query.custodian_id is not None:  # a custodian holds few accessions: its lots drive (lot_custodian_accession)
        where.append("a.id IN (SELECT l.accession FROM lot l WHERE l.custodian = {})")
        args.append(query.custodian_id)
    if query.state:
        where.append(
            "EXISTS (SELECT 1 FROM lot l JOIN custodian c ON c.id = l.custodian "
            "WHERE l.accession = a.id AND c.state_key = {})"
        )
        args.append(fold(query.state))
    if query.has_available_seed is True and not available_checked:
        where.append(f"EXISTS ({_AVAILABLE_LOT})")
    elif query.has_available_seed is False:
        where.append(f"NOT EXISTS ({_AVAILABLE_LOT})")
    return where, args


@dataclass(frozen=True, slots=True)
class _Placing:
    """How accessions are placed for one search: by what, where (boxes; none means anywhere), for whom."""

    by: PlacedBy
    boxes: tuple[BoundingBox, ...]
    held: str  # the condition on a holder's lot ``l``
    visible: tuple[str, list[Any]]  # may this reader see the collecting site of ``a``?

    def condition(self) -> tuple[str, list[Any]]:
        """The accession has a place (in the boxes): its collecting site, a holder, or either, per ``by``."""
        visible_sql, visible_args = self.visible
        parts: list[str] = []
        args: list[Any] = []
        if self.by is not PlacedBy.HOLDERS:
            if self.boxes:
                box, box_args = box_sql(self.boxes, "a.collecting_latitude", "a.collecting_longitude")
            else:
                box, box_args = "a.collecting_latitude IS NOT NULL", []
            parts.append(f"({visible_sql} AND {box})")
            args += [*visible_args, *box_args]
        if self.by is not PlacedBy.COLLECTING:
            # Each lot carries its holder's point: a candidate's lots in the boxes are a short range of its
            # holdings index, read alone (lot_holdings_point).
            if self.boxes:
                box, box_args = box_sql(self.boxes, "l.holder_latitude", "l.holder_longitude")
            else:
                box, box_args = "l.holder_latitude IS NOT NULL", []
            parts.append(f"EXISTS (SELECT 1 FROM lot l WHERE l.accession = a.id AND {self.held} AND {box})")
            args += box_args
        return "(" + " OR ".join(parts) + ")", args


def _placing(query: AccessionQuery, viewer: Principal, *, located: bool) -> tuple[_Placing | None, NearSearch | None]:
    """The placing a query asks for (near, bbox, or only placed accessions), and its near search if any."""
    search = parse_near_search(query.near, query.within_km, nearest_allowed=False)
    boxes = parse_bbox(query.bbox)
    if search is not None and boxes:
        raise InvalidInput("search near a point or inside a box, not both", field="bbox")
    if search is not None:
        boxes = search.boxes
    if not (boxes or located):
        return None, None
    held = AVAILABLE_LOT if query.has_available_seed is True else HELD_LOT
    return _Placing(query.by, boxes, held, collecting_visible_sql(viewer)), search


def _summary(row: Row) -> AccessionSummary:
    return AccessionSummary(
        id=row["id"],
        puid=row["puid"],
        accession_number=row["accession_number"],
        taxon=taxon_summary(row, prefix="taxon_"),
        accession_names=split_values(row["accession_names"]),
        biological_status=row["biological_status"],
        origin_country=row["origin_country"],
        collecting_date=iso_date(row["collecting_date"]),
        access_terms=row["access_terms"],
        holdings=holdings(row),
        **({"distance_km": row["distance_km"]} if "distance_km" in row else {}),
    )


async def search_accessions(
    db: Database, query: AccessionQuery, *, cursor: str | None, limit: int, viewer: Principal = ANONYMOUS
) -> Page[AccessionSummary]:
    """Matching accessions in accession-number order (stable), a page at a time; near a point, with distances."""
    rows, next_cursor = await matching_accessions(db, query, viewer, cursor=cursor, limit=limit)
    return Page(items=[_summary(row) for row in rows], next=next_cursor)


async def matching_accessions(
    db: Database, query: AccessionQuery, viewer: Principal, *, cursor: str | None, limit: int, located: bool = False
) -> tuple[list[Row], str | None]:
    """Rows of the matching accessions (summary columns) in accession-number order, and the next cursor.

    Placed searches (near, bbox, or ``located``: only accessions with a place) add the columns
    ``collecting_latitude``, ``collecting_longitude`` and ``collecting_visible`` (1 when this reader
    may see the collecting site); near a point, every row carries ``distance_km`` (to the nearest place that
    matched) and ``collecting_within`` (whether its collecting site is one of them).
    """
    placing, search = _placing(query, viewer, located=located)
    placed_in_boxes = placing is not None and bool(placing.boxes)
    # Placed by holders only, with seed available: the placing's lot must be available, which says it all.
    available_checked = (
        placing is not None and placed_in_boxes and placing.by is PlacedBy.HOLDERS and query.has_available_seed is True
    )
    # PostgreSQL's planner does better with every filter as a set than with the walk-then-drive plan, which
    # also costs it a round trip per count (1,000,000 lots, text + crop + available: 4.9 → 2.3 ms, the
    # hand-written SQL 1.9 ms; near a point, cariaco + maíz within 50 km of Sanare: 896 → 106 ms).
    # SQLite's planner cannot tell a rare filter from a common one: the walk-then-drive plan is for it.
    declared = db.kind is EngineKind.POSTGRES
    plan = _Drivers(declared=True) if declared else await _drivers(db, query, placed=placed_in_boxes)
    walk = _conditions(query, available_checked=available_checked)
    drive = _conditions(query, plan, available_checked=available_checked) if plan.drives else None
    columns = (
        "a.id, a.puid, a.accession_number, a.accession_names, a.biological_status, a.origin_country, "
        f"a.collecting_date, a.access_terms, a.steward, {TAXON_COLUMNS}, {HOLDINGS_COLUMNS}"
    )
    column_args: list[Any] = []
    if placing is not None:
        visible_sql, column_args = placing.visible
        columns += (
            ", a.collecting_latitude, a.collecting_longitude, "
            f"CASE WHEN {visible_sql} THEN 1 ELSE 0 END AS collecting_visible"
        )
        condition, condition_args = placing.condition()
        for where, args in filter(None, (walk, drive)):
            where.append(condition)
            args += condition_args
    handover = None
    if drive is not None and plan.walk_first > 0:
        handover = await _handover(db, plan.walk_first)
        if handover is None:  # fewer accessions than the walk may read: walk them all
            drive = None
    fetch = _Reader(db, columns, column_args, walk, drive, handover).rows
    after: tuple[str, int] | None = None
    if cursor:
        number, last_id = decode_cursor(cursor, str, int)
        after = (number, last_id)

    if search is None:
        rows = await fetch(after, limit + 1)
        page = rows[:limit]
        more = len(rows) > limit
    else:
        assert placing is not None
        kept: list[Row] = []
        count = _first_batch(limit)
        while True:
            rows = await fetch(after, count)
            kept += await _within(db, rows, search, placing)
            if len(kept) > limit or len(rows) < count:
                break
            after = (rows[-1]["accession_number"], rows[-1]["id"])
            count = min(count * 4, _MAX_BATCH)
        page = kept[:limit]
        more = len(kept) > limit
    next_cursor = encode_cursor(page[-1]["accession_number"], page[-1]["id"]) if more else None
    return page, next_cursor


async def _handover(db: Database, walk_first: int) -> tuple[str, int] | None:
    """The first accession a walk of ``walk_first`` accessions does not read (None: there are no more)."""
    first_driven = await db.fetch_one(
        "SELECT accession_number, id FROM accession ORDER BY accession_number, id LIMIT 1 OFFSET {}", walk_first
    )
    return None if first_driven is None else (first_driven["accession_number"], first_driven["id"])


Conditions = tuple[list[str], list[Any]]


@dataclass(frozen=True, slots=True)
class _Reader:
    """Matching rows in accession-number order: walked up to the handover, driven from it.

    The page is chosen on ids alone, then its columns read: a driving filter's matches are all sorted,
    and the holdings columns (three subqueries each) would otherwise be computed for every one of them.
    """

    db: Database
    columns: str
    column_args: list[Any]
    walk: Conditions
    drive: Conditions | None  # None: walk throughout
    handover: tuple[str, int] | None  # None (with ``drive``): drive throughout

    async def rows(self, after: tuple[str, int] | None, count: int) -> list[Row]:
        """``count`` matching rows after ``after`` (from the first accession when None)."""
        since_after = [(">", after)] if after is not None else []
        if self.drive is None:
            return await self._run(self.walk, since_after, count)
        if self.handover is None or (after is not None and after >= self.handover):
            return await self._run(self.drive, since_after, count)
        rows = await self._run(self.walk, [*since_after, ("<", self.handover)], count)
        if len(rows) == count:
            return rows
        return rows + await self._run(self.drive, [(">=", self.handover)], count - len(rows))

    async def _run(self, plan: Conditions, bounds: list[tuple[str, tuple[str, int]]], count: int) -> list[Row]:
        conditions: list[str] = []
        values: list[Any] = []
        for operator, (number, last_id) in bounds:  # first: cheap checks on the row itself
            # The plain range lets the index start (or stop) the walk at the bound; the pair makes it exact.
            conditions.append(f"a.accession_number {operator[0]}= {{}}")
            conditions.append(
                f"(a.accession_number {operator[0]} {{}} OR (a.accession_number = {{}} AND a.id {operator} {{}}))"
            )
            values += [number, number, number, last_id]
        conditions += plan[0]
        values += plan[1]
        order = " ORDER BY a.accession_number, a.id"
        page = f"SELECT a.id FROM accession a WHERE {' AND '.join(conditions) or '1 = 1'}{order} LIMIT {{}}"
        sql = f"SELECT {self.columns} FROM accession a JOIN taxon t ON t.id = a.taxon WHERE a.id IN ({page}){order}"
        return await self.db.fetch(sql, *self.column_args, *values, count)


def _first_batch(limit: int) -> int:
    """Rows fetched first near a point: a box is larger than its circle, so a little more than a page."""
    return limit + 1 + limit // 2


async def _within(db: Database, rows: list[Row], search: NearSearch, placing: _Placing) -> list[Row]:
    """The rows truly within the radius (exact geodesic distance), in their order, each with ``distance_km``:
    the nearer of its collecting site (when this reader may see it) and its holders, per ``placing.by``."""
    assert search.within_km is not None
    centre = (search.latitude, search.longitude, search.within_km)
    nearest: dict[int, float] = {}
    if placing.by is not PlacedBy.HOLDERS:
        sites = [
            (row["id"], row["collecting_latitude"], row["collecting_longitude"])
            for row in rows
            if row["collecting_visible"] and row["collecting_latitude"] is not None
        ]
        nearest.update((point.id, point.distance_km) for point in within_radius(sites, *centre))
    sites_within = set(nearest)
    if placing.by is not PlacedBy.COLLECTING and rows:
        box, box_args = box_sql(placing.boxes, "l.holder_latitude", "l.holder_longitude")
        ids = [row["id"] for row in rows]
        marks = ", ".join("{}" for _ in ids)
        pairs = await db.fetch(  # the lots' own points: from their holdings index alone (lot_holdings_point)
            "SELECT DISTINCT l.accession, l.custodian, l.holder_latitude AS latitude, l.holder_longitude AS longitude "
            f"FROM lot l WHERE l.accession IN ({marks}) AND {placing.held} AND {box}",
            *ids,
            *box_args,
        )
        holders = {pair["custodian"]: (pair["latitude"], pair["longitude"]) for pair in pairs}
        distance = {
            point.id: point.distance_km
            for point in within_radius(((cid, *where) for cid, where in holders.items()), *centre)
        }
        for pair in pairs:
            found = distance.get(pair["custodian"])
            if found is not None:
                accession = pair["accession"]
                nearest[accession] = min(nearest.get(accession, math.inf), found)
    return [
        row | {"distance_km": nearest[row["id"]], "collecting_within": row["id"] in sites_within}
        for row in rows
        if row["id"] in nearest
    ]
