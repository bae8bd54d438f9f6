"""Chain of custody: a lot's ancestors and descendants through split, regeneration and return."""

from __future__ import annotations

import msgspec

from seedbank.catalog.passport import iso_date
from seedbank.catalog.schemas import LineageNode, LineageRead, LotSummary
from seedbank.db import Database, Row
from seedbank.errors import NotFound

__all__ = ["MAX_DEPTH", "lot_lineage"]

MAX_DEPTH = 100  # generations followed each way; guards against a cycle slipping in
_COLUMNS = (
    "id, lot_code, accession AS accession_id, custodian AS custodian_id, parent AS parent_lot_id, status, on_hand, "
    "harvest_date"
)
_ANCESTORS = (
    "WITH RECURSIVE up(id, depth) AS ("
    " SELECT parent, 1 FROM lot WHERE id = {} AND parent IS NOT NULL"
    " UNION ALL SELECT l.parent, up.depth + 1 FROM lot l JOIN up ON l.id = up.id"
    " WHERE l.parent IS NOT NULL AND up.depth < {})"
    f" SELECT {', '.join('l.' + c for c in _COLUMNS.split(', '))}, up.depth FROM up JOIN lot l ON l.id = up.id"
    " ORDER BY up.depth"
)
_DESCENDANTS = (
    "WITH RECURSIVE down(id, depth) AS ("
    " SELECT id, 1 FROM lot WHERE parent = {}"
    " UNION ALL SELECT l.id, down.depth + 1 FROM lot l JOIN down ON l.parent = down.id WHERE down.depth < {})"
    f" SELECT {', '.join('l.' + c for c in _COLUMNS.split(', '))}, down.depth FROM down JOIN lot l ON l.id = down.id"
    " ORDER BY down.depth, l.id"
)


def _summary(row: Row) -> LotSummary:
    values = {name: row[name] for name in row if name != "depth"}
    values["harvest_date"] = iso_date(row["harvest_date"])
    return msgspec.convert(values, LotSummary)


async def lot_lineage(db: Database, lot_id: int) -> LineageRead:
    lot = await db.fetch_one(f"SELECT {_COLUMNS} FROM lot WHERE id = {{}}", lot_id)
    if lot is None:
        raise NotFound(f"there is no lot {lot_id}", field="lot_id")
    ancestors = await db.fetch(_ANCESTORS, lot_id, MAX_DEPTH)
    descendants = await db.fetch(_DESCENDANTS, lot_id, MAX_DEPTH)
    return LineageRead(
        lot=_summary(lot),
        ancestors=[_summary(row) for row in ancestors],
        descendants=[LineageNode(lot=_summary(row), depth=int(row["depth"])) for row in descendants],
    )
