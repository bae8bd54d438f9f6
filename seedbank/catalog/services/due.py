"""The due lists: lots to regenerate and lots whose germination test is due, most urgent first.

Both read the plan kept on each lot (see ``plans.py``) with one query over the indexes of
migration ``catalog_0004_germination_rules``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import msgspec

from seedbank.catalog.schemas_germination import LotDueRead
from seedbank.contracts import Page
from seedbank.db import Database, Row
from seedbank.errors import InvalidInput
from seedbank.pagination import decode_cursor, encode_cursor
from seedbank.text import fold

__all__ = ["REGENERATION_DUE", "TEST_DUE_BY", "DueFilter", "regeneration_due", "tests_due"]

_SELECT = (
    "SELECT l.id AS lot_id, l.lot_code, l.accession AS accession_id, a.accession_number, t.full_name AS taxon, "
    "t.crop_name, l.custodian AS custodian_id, c.name AS custodian_name, c.state, l.on_hand, "
    "l.latest_germination_pct AS latest_germination_percent, l.latest_test_date, "
    "l.regeneration_threshold_pct AS regeneration_threshold_percent, l.reserve_seeds, l.next_test_due, {extra} "
    "FROM lot l JOIN accession a ON a.id = l.accession JOIN taxon t ON t.id = a.taxon "
    "JOIN custodian c ON c.id = l.custodian "
    "WHERE l.status IN ('active', 'quarantined')"
)
# The same predicate as the partial index lot_regeneration_due. Both predicates are shared with the printed
# inventory's flags (seedbank.reports), so a list and a printout never disagree.
REGENERATION_DUE = "(l.latest_germination_pct < l.regeneration_threshold_pct OR l.on_hand < l.reserve_seeds)"
# A lot ``l`` whose next germination test falls due on or before the day given as the one parameter.
TEST_DUE_BY = "l.next_test_due <= {}"
# How far below its mark a lot is, in thousandths (lower is more urgent): the worse of germination and stock.
_GERMINATION_SHARE = (
    "CASE WHEN l.latest_germination_pct < l.regeneration_threshold_pct "
    "THEN (l.latest_germination_pct * 1000) / l.regeneration_threshold_pct ELSE 1000 END"
)
_STOCK_SHARE = "CASE WHEN l.on_hand < l.reserve_seeds THEN (l.on_hand * 1000) / l.reserve_seeds ELSE 1000 END"
_URGENCY = (
    f"(CASE WHEN ({_GERMINATION_SHARE}) < ({_STOCK_SHARE}) THEN ({_GERMINATION_SHARE}) ELSE ({_STOCK_SHARE}) END)"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DueFilter:
    custodian_id: int | None = None
    crop: str | None = None
    state: str | None = None


def _narrow(filters: DueFilter) -> tuple[str, list[Any]]:
    where = ""
    args: list[Any] = []
    if filters.custodian_id is not None:
        where += " AND l.custodian = {}"
        args.append(filters.custodian_id)
    if filters.crop:
        where += " AND t.crop_key = {}"
        args.append(fold(filters.crop))
    if filters.state:
        where += " AND c.state_key = {}"
        args.append(fold(filters.state))
    return where, args


def _due(row: Row, reasons: list[str]) -> LotDueRead:
    values = {name: value for name, value in row.items() if name != "urgency"}
    return msgspec.convert(values | {"reasons": reasons}, LotDueRead)


async def regeneration_due(db: Database, filters: DueFilter, *, cursor: str | None, limit: int) -> Page[LotDueRead]:
    """Lots whose germination fell below their threshold or whose stock fell below the reserve sowings."""
    narrow, args = _narrow(filters)
    sql = _SELECT.format(extra=f"{_URGENCY} AS urgency") + f" AND {REGENERATION_DUE}{narrow}"
    if cursor:
        urgency, last_id = decode_cursor(cursor, int, int)
        sql += f" AND ({_URGENCY} > {{}} OR ({_URGENCY} = {{}} AND l.id > {{}}))"
        args += [urgency, urgency, last_id]
    rows = await db.fetch(sql + " ORDER BY urgency, l.id LIMIT {}", *args, limit + 1)
    page = rows[:limit]
    items = []
    for row in page:
        reasons = []
        if (row["latest_germination_percent"] or 0) < (row["regeneration_threshold_percent"] or 0):
            reasons.append("germination-below-threshold")
        if row["reserve_seeds"] is not None and row["on_hand"] < row["reserve_seeds"]:
            reasons.append("stock-below-reserve")
        items.append(_due(row, reasons))
    next_cursor = encode_cursor(int(page[-1]["urgency"]), page[-1]["lot_id"]) if len(rows) > limit else None
    return Page(items=items, next=next_cursor)


async def tests_due(
    db: Database, filters: DueFilter, *, within_days: int, cursor: str | None, limit: int
) -> Page[LotDueRead]:
    """Lots whose next germination test falls due within ``within_days`` from today, the most overdue first."""
    today = dt.date.today()
    narrow, args = _narrow(filters)
    sql = _SELECT.format(extra="0 AS urgency") + f" AND {TEST_DUE_BY}" + narrow
    args = [today + dt.timedelta(days=within_days), *args]
    if cursor:
        due_text, last_id = decode_cursor(cursor, str, int)
        try:
            due = dt.date.fromisoformat(due_text)
        except ValueError:
            raise InvalidInput("the cursor is not one this list handed out", field="cursor") from None
        sql += " AND (l.next_test_due > {} OR (l.next_test_due = {} AND l.id > {}))"
        args += [due, due, last_id]
    rows = await db.fetch(sql + " ORDER BY l.next_test_due, l.id LIMIT {}", *args, limit + 1)
    page = rows[:limit]
    items = [_due(row, ["test-overdue" if _day(row["next_test_due"]) < today else "test-due"]) for row in page]
    next_cursor = (
        encode_cursor(_day(page[-1]["next_test_due"]).isoformat(), page[-1]["lot_id"]) if len(rows) > limit else None
    )
    return Page(items=items, next=next_cursor)


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
