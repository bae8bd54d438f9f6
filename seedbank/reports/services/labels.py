"""Labels from the database: which labels a request selects, who may print them, and their content, streamed
into the renderer (``seedbank.reports.labels``) in a worker thread.

A request selects in exactly one way: accessions by id (accession-level labels: no lot), lots by id, or a
catalogue search (``AccessionQuery``: words, crop, genus... and/or ``custodian_id``) whose accessions' lots in
the collection (active or quarantined; only the custodian's when ``custodian_id`` is given) are printed. First
the selection is resolved to ids, in print order, and checked (unknown ids, permissions, the cap per request);
then the label rows are read in batches of ids while the renderer draws, one batch in memory at a time.

Collecting sites of accessions under community-only or consent terms are printed only for readers who may see
them (the catalogue's own rule, ``collecting_visible_sql``); the country always is.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from seedbank.accounts.policy import Action, allows, require, require_login
from seedbank.accounts.principal import Principal
from seedbank.catalog.services.nearby import collecting_visible_sql
from seedbank.catalog.services.search import AccessionQuery, matching_accessions
from seedbank.catalog.vocabulary import AccessTerms, LotStatus
from seedbank.db import Database, Row
from seedbank.errors import InvalidInput, NotFound
from seedbank.reports.labels import LABEL_STOCKS, LabelData, LabelStock, MachineCode, render_labels
from seedbank.reports.services.common import PrintedPdf, as_day, first_name, harvest_year, pdf_filename
from seedbank.reports.services.streaming import render_in_thread
from seedbank.text import terms

__all__ = [
    "MAX_COPIES",
    "MAX_IDS",
    "MAX_LABELS_PER_REQUEST",
    "LabelLayout",
    "LabelPlan",
    "LabelRequest",
    "plan_labels",
    "print_labels",
]

MAX_LABELS_PER_REQUEST = 20_000  # over HTTP; the command line has no cap
MAX_IDS = 500  # accession or lot ids in one request
MAX_COPIES = 10
_BATCH = 500  # ids per read, while drawing (also under SQLite's oldest limit of 999 parameters)
_HELD = (LotStatus.ACTIVE.value, LotStatus.QUARANTINED.value)  # lots a search prints: seed in the collection


class LabelLayout(StrEnum):
    """Label stock, by the name printed on its box (the stocks of ``seedbank.reports.labels``)."""

    L7160 = "L7160"  # A4, 3 × 7, 63.5 × 38.1 mm
    L7163 = "L7163"  # A4, 2 × 7, 99.1 × 38.1 mm
    AVERY_5160 = "5160"  # Letter, 3 × 10, 2⅝ × 1 in
    AVERY_5163 = "5163"  # Letter, 2 × 5, 4 × 2 in
    ROLL_50X25 = "roll-50x25"  # thermal roll, one label a page
    ROLL_100X50 = "roll-100x50"

    @property
    def stock(self) -> LabelStock:
        return LABEL_STOCKS[self.value]


# Printed at the foot of a label: what the holder may do with the seed.
LICENCES = {
    AccessTerms.FREE: "Semilla libre",
    AccessTerms.COMMUNITY_ONLY: "Sólo para la comunidad custodia",
    AccessTerms.PIC_REQUIRED: "Requiere consentimiento previo",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelRequest:
    """Which labels (one way of choosing), on what stock, with which code, how many of each."""

    accession_ids: Sequence[int] = ()
    lot_ids: Sequence[int] = ()
    query: AccessionQuery = dataclasses.field(default_factory=AccessionQuery)  # custodian_id, search filters
    layout: LabelLayout = LabelLayout.L7160
    code: MachineCode = MachineCode.QR
    offset: int = 0  # labels already used on the first sheet
    copies: int | None = None  # None: 2 per lot (inside and outside the packet), 1 per accession


@dataclass(frozen=True, slots=True)
class LabelPlan:
    """A checked request resolved to what will be printed, in order, before anything is drawn."""

    kind: str  # "lot" or "accession"
    ids: list[int]
    copies: int
    filename: str

    @property
    def labels(self) -> int:
        return len(self.ids) * self.copies


def _search_fields(query: AccessionQuery) -> list[str]:
    """The search filters a query narrows by, by their parameter names."""
    given = {
        "custodian_id": query.custodian_id is not None,
        "q": bool(terms(query.q)),
        "genus": bool(query.genus and query.genus.strip()),
        "species": bool(query.species and query.species.strip()),
        "crop": bool(query.crop and query.crop.strip()),
        "state": bool(query.state and query.state.strip()),
        "biological_status": query.biological_status is not None,
        "has_available_seed": query.has_available_seed is not None,
        "near": query.near is not None or query.bbox is not None,
    }
    return [name for name, on in given.items() if on]


def _check_shape(request: LabelRequest) -> None:
    ways = [
        name
        for name, chosen in (
            ("accession_id", bool(request.accession_ids)),
            ("lot_id", bool(request.lot_ids)),
            *((name, True) for name in _search_fields(request.query)[:1]),
        )
        if chosen
    ]
    if not ways:
        raise InvalidInput(
            "say which labels to print: accession_id, lot_id, or custodian_id and/or search filters "
            "(q, crop, genus, species, state, biological_status, has_available_seed)",
            field="accession_id",
        )
    if len(ways) > 1:
        raise InvalidInput(f"choose labels one way: {ways[0]} or {ways[1]}, not both", field=ways[1])
    for name, ids in (("accession_id", request.accession_ids), ("lot_id", request.lot_ids)):
        if len(ids) > MAX_IDS:
            raise InvalidInput(f"at most {MAX_IDS} ids in one request, not {len(ids)}", field=name)
    stock = request.layout.stock
    if not 0 <= request.offset < stock.per_page:
        hint = "a roll has no used labels to skip" if stock.is_roll else f"{stock.per_page} labels a sheet"
        raise InvalidInput(f"offset {request.offset} is not a label of {stock.code} ({hint})", field="offset")
    if request.copies is not None and not 1 <= request.copies <= MAX_COPIES:
        raise InvalidInput(f"copies go from 1 to {MAX_COPIES}, not {request.copies}", field="copies")


def _marks(values: Sequence[object]) -> str:
    return ", ".join("{}" for _ in values)


def _too_many(count: int, copies: int, cap: int, selected_by: str) -> InvalidInput:
    return InvalidInput(
        f"this selection makes more than {cap:,} labels ({count:,} × {copies} copies so far): narrow it, "
        "or print it with `seedbank labels` on the server",
        field=selected_by,
    )


async def _lots_by_id(db: Database, actor: Principal, lot_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(lot_ids))
    rows = await db.fetch(f"SELECT id, custodian FROM lot WHERE id IN ({_marks(ids)})", *ids)
    holder = {row["id"]: row["custodian"] for row in rows}
    for lot_id in ids:
        if lot_id not in holder:
            raise NotFound(f"there is no lot {lot_id}", field="lot_id")
        require(actor, Action.REPORT_PRINT, (holder[lot_id],), field="lot_id")
    return ids


async def _accessions_by_id(db: Database, actor: Principal, accession_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(accession_ids))
    marks = _marks(ids)
    rows = await db.fetch(f"SELECT id, steward FROM accession WHERE id IN ({marks})", *ids)
    owners: dict[int, set[int | None]] = {row["id"]: {row["steward"]} for row in rows}
    if not allows(actor, Action.REPORT_PRINT):  # a custodian: its accessions are those it stewards or holds
        holders = await db.fetch(f"SELECT DISTINCT accession, custodian FROM lot WHERE accession IN ({marks})", *ids)
        for holder in holders:
            owners[holder["accession"]].add(holder["custodian"])
    for accession_id in ids:
        if accession_id not in owners:
            raise NotFound(f"there is no accession {accession_id}", field="accession_id")
        require(actor, Action.REPORT_PRINT, owners[accession_id], field="accession_id")
    return ids


async def _lots_of_search(
    db: Database, actor: Principal, query: AccessionQuery, copies: int, max_labels: int | None
) -> list[int]:
    """The lots in the collection of the accessions a search finds, in accession-number then lot-code order."""
    selected_by = _search_fields(query)[0]
    if query.custodian_id is not None:
        require(actor, Action.REPORT_PRINT, (query.custodian_id,), field="custodian_id")
        if await db.fetch_value("SELECT id FROM custodian WHERE id = {}", query.custodian_id) is None:
            raise NotFound(f"there is no custodian {query.custodian_id}", field="custodian_id")
    else:
        # Across the whole collection: staff only; a custodian names its own organisation.
        require(actor, Action.REPORT_PRINT, (), field="custodian_id")
    held = f"l.status IN ({_marks(_HELD)})"
    if query.custodian_id is not None:
        held += " AND l.custodian = {}"
    held_args = [*_HELD, *([query.custodian_id] if query.custodian_id is not None else [])]
    ids: list[int] = []
    if _search_fields(query) == ["custodian_id"]:
        # A custodian's lots, nothing more: straight from its index (lot_custodian_accession), in the order the
        # search would give, rather than testing every accession of the catalogue for a lot of this custodian.
        rows = await db.fetch(
            f"SELECT l.id FROM lot l JOIN accession a ON a.id = l.accession WHERE {held} "
            "ORDER BY a.accession_number, a.id, l.lot_code, l.id",
            *held_args,
        )
        ids = [row["id"] for row in rows]
    else:
        cursor: str | None = None
        while True:
            found, cursor = await matching_accessions(db, query, actor, cursor=cursor, limit=_BATCH)
            if found:
                accessions = [row["id"] for row in found]
                lots = await db.fetch(
                    f"SELECT l.id, l.accession FROM lot l WHERE l.accession IN ({_marks(accessions)}) AND {held} "
                    "ORDER BY l.lot_code, l.id",
                    *accessions,
                    *held_args,
                )
                of: dict[int, list[int]] = defaultdict(list)
                for lot in lots:
                    of[lot["accession"]].append(lot["id"])
                for accession_id in accessions:
                    ids += of[accession_id]
                if max_labels is not None and len(ids) * copies > max_labels:
                    break  # refused below: no need to read the rest
            if cursor is None:
                break
    if max_labels is not None and len(ids) * copies > max_labels:
        raise _too_many(len(ids), copies, max_labels, selected_by)
    if not ids:
        whose = " held by this custodian" if query.custodian_id is not None else ""
        raise InvalidInput(f"no lots in the collection{whose} match: there is nothing to print", field=selected_by)
    return ids


async def plan_labels(
    db: Database, actor: Principal, request: LabelRequest, *, max_labels: int | None = MAX_LABELS_PER_REQUEST
) -> LabelPlan:
    """Check a request and resolve it to the ids to print, in order; nothing is drawn yet."""
    require_login(actor)
    _check_shape(request)
    if request.accession_ids:
        ids = await _accessions_by_id(db, actor, request.accession_ids)
        plan = LabelPlan("accession", ids, request.copies or 1, pdf_filename("etiquetas", "accesiones"))
        selected_by = "accession_id"
    elif request.lot_ids:
        ids = await _lots_by_id(db, actor, request.lot_ids)
        plan = LabelPlan("lot", ids, request.copies or 2, pdf_filename("etiquetas", "lotes"))
        selected_by = "lot_id"
    else:
        copies = request.copies or 2
        custodian = request.query.custodian_id
        scope = ("custodio", custodian) if custodian is not None else ("busqueda",)
        ids = await _lots_of_search(db, actor, request.query, copies, max_labels)
        plan = LabelPlan("lot", ids, copies, pdf_filename("etiquetas", *scope))
        selected_by = _search_fields(request.query)[0]
    if max_labels is not None and plan.labels > max_labels:
        raise _too_many(len(plan.ids), plan.copies, max_labels, selected_by)
    return plan


# ---------------------------------------------------------------------------------------------- label content

_ACCESSION_COLUMNS = (
    "a.accession_number, a.puid, a.accession_names, a.origin_country, a.access_terms, t.full_name AS taxon, "
    "CASE WHEN {visible} THEN a.collecting_site ELSE NULL END AS collecting_site"
)
_LOT_ROWS = (
    "SELECT l.id, l.lot_code, l.harvest_date, l.on_hand, l.thousand_seed_weight_mg, l.storage_location, "
    "l.latest_germination_pct, l.latest_test_date, c.name AS custodian_name, " + _ACCESSION_COLUMNS + " "
    "FROM lot l JOIN accession a ON a.id = l.accession JOIN taxon t ON t.id = a.taxon "
    "JOIN custodian c ON c.id = l.custodian WHERE l.id IN ({ids})"
)
_ACCESSION_ROWS = (
    "SELECT a.id, " + _ACCESSION_COLUMNS + " FROM accession a JOIN taxon t ON t.id = a.taxon WHERE a.id IN ({ids})"
)


def _origin(row: Row) -> str | None:
    """ "Caicara del Orinoco, Bolívar (VEN)": the collecting site if this reader may see it, and the country."""
    site, country = row["collecting_site"], row["origin_country"]
    if site and country:
        return f"{site} ({country})"
    return site or country or None


def _licence(row: Row) -> str | None:
    return LICENCES.get(AccessTerms(row["access_terms"])) if row["access_terms"] else None


def _accession_label(row: Row) -> LabelData:
    return LabelData(
        accession_number=row["accession_number"],
        puid=row["puid"],
        taxon=row["taxon"],
        local_name=first_name(row["accession_names"]),
        origin=_origin(row),
        licence=_licence(row),
    )


def _lot_label(row: Row) -> LabelData:
    tsw = row["thousand_seed_weight_mg"]
    return LabelData(
        accession_number=row["accession_number"],
        puid=row["puid"],
        taxon=row["taxon"],
        local_name=first_name(row["accession_names"]),
        lot_code=row["lot_code"],
        harvest_year=harvest_year(row["harvest_date"]),
        germination_percent=row["latest_germination_pct"],
        germination_tested=as_day(row["latest_test_date"]),
        custodian=row["custodian_name"],
        origin=_origin(row),
        seeds=int(row["on_hand"]),
        mass_mg=None if tsw is None else round(int(row["on_hand"]) * tsw / 1000),
        storage_location=row["storage_location"],
        licence=_licence(row),
    )


async def label_batches(
    db: Database, viewer: Principal, plan: LabelPlan, *, batch: int = _BATCH
) -> AsyncIterator[list[LabelData]]:
    """The plan's labels, a batch of ids per read, in the plan's order; withheld origins left out for ``viewer``."""
    visible, visible_args = collecting_visible_sql(viewer)
    template = _LOT_ROWS if plan.kind == "lot" else _ACCESSION_ROWS
    make = _lot_label if plan.kind == "lot" else _accession_label
    for start in range(0, len(plan.ids), batch):
        chunk = plan.ids[start : start + batch]
        sql = template.replace("{visible}", visible).replace("{ids}", _marks(chunk))
        rows = {row["id"]: row for row in await db.fetch(sql, *visible_args, *chunk)}
        yield [make(rows[row_id]) for row_id in chunk]


async def print_labels(
    db: Database,
    actor: Principal,
    request: LabelRequest,
    *,
    base_url: str | None,
    max_labels: int | None = MAX_LABELS_PER_REQUEST,
    on_plan: Callable[[LabelPlan], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> PrintedPdf:
    """The selected labels as a PDF on the requested stock, drawn in a worker thread as their rows are read.

    ``on_plan`` hears what will be printed before drawing starts; ``progress(n)`` every so many labels drawn.
    """
    plan = await plan_labels(db, actor, request, max_labels=max_labels)
    if on_plan is not None:
        on_plan(plan)
    render: Callable[..., bytes] = functools.partial(
        render_labels,
        stock=request.layout.stock,
        code=request.code,
        base_url=base_url,
        start_offset=request.offset,
        copies=plan.copies,
        progress=progress,
        progress_every=100,
        title="Etiquetas de accesiones" if plan.kind == "accession" else "Etiquetas de lotes",
    )
    content = await render_in_thread(label_batches(db, actor, plan), render)
    return PrintedPdf(plan.filename, content, plan.labels)
