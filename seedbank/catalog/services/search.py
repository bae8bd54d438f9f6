"""Catalogue search: free text and filters over accessions, one indexed statement for both engines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from seedbank.catalog.passport import iso_date, split_values
from seedbank.catalog.schemas import AccessionSummary
from seedbank.catalog.services.accessions import HOLDINGS_COLUMNS, TAXON_COLUMNS, holdings
from seedbank.catalog.services.taxa import taxon_summary
from seedbank.contracts import Page
from seedbank.db import Database, Row
from seedbank.pagination import decode_cursor, encode_cursor
from seedbank.text import TERM_UPPER_BOUND, fold, terms

__all__ = ["AccessionQuery", "search_accessions"]

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


def _conditions(query: AccessionQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    # Each word must be the prefix of one of the accession's terms (index accession_term_lookup).
    for word in terms(query.q):
        where.append("a.id IN (SELECT accession FROM accession_term WHERE term >= {} AND term < {})")
        args += [word, word + TERM_UPPER_BOUND]
    if query.genus:
        where.append("LOWER(t.genus) = {}")
        args.append(query.genus.strip().lower())
    if query.species:
        where.append("LOWER(t.species) = {}")
        args.append(query.species.strip().lower())
    if query.crop:
        where.append("t.crop_key = {}")
        args.append(fold(query.crop))
    if query.biological_status is not None:
        where.append("a.biological_status = {}")
        args.append(query.biological_status)
    if query.custodian_id is not None:
        where.append("EXISTS (SELECT 1 FROM lot l WHERE l.accession = a.id AND l.custodian = {})")
        args.append(query.custodian_id)
    if query.state:
        where.append(
            "EXISTS (SELECT 1 FROM lot l JOIN custodian c ON c.id = l.custodian "
            "WHERE l.accession = a.id AND c.state_key = {})"
        )
        args.append(fold(query.state))
    if query.has_available_seed is True:
        where.append(f"EXISTS ({_AVAILABLE_LOT})")
    elif query.has_available_seed is False:
        where.append(f"NOT EXISTS ({_AVAILABLE_LOT})")
    return where, args


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
    )


async def search_accessions(
    db: Database, query: AccessionQuery, *, cursor: str | None, limit: int
) -> Page[AccessionSummary]:
    """Matching accessions in accession-number order (stable), a page at a time."""
    where, args = _conditions(query)
    if cursor:
        number, last_id = decode_cursor(cursor, str, int)
        where.append("(a.accession_number > {} OR (a.accession_number = {} AND a.id > {}))")
        args += [number, number, last_id]
    sql = (
        "SELECT a.id, a.puid, a.accession_number, a.accession_names, a.biological_status, a.origin_country, "
        f"a.collecting_date, a.access_terms, {TAXON_COLUMNS}, {HOLDINGS_COLUMNS} "
        "FROM accession a JOIN taxon t ON t.id = a.taxon "
        f"WHERE {' AND '.join(where) or '1 = 1'} "
        "ORDER BY a.accession_number, a.id LIMIT {}"
    )
    rows = await db.fetch(sql, *args, limit + 1)
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1]["accession_number"], page[-1]["id"]) if len(rows) > limit else None
    return Page(items=[_summary(row) for row in page], next=next_cursor)
