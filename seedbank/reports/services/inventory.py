"""The printed inventory: a custodian's lots, or the whole collection's, grouped by crop, with the due flags.

The flags are the due lists' own predicates (``catalog.services.due``): a test is due when the lot's next test
falls on or before today; regeneration when the latest germination is below the threshold or the stock below the
reserve sowings. Lots are read in keyset batches (by id) and sorted by crop, accession and lot here; the list is
drawn in a worker thread. The renderer counts the pages before it draws them, so the list is held whole: at most
``MAX_INVENTORY_LOTS`` lots over HTTP (about 40 MB), any number from the command line.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from typing import Any

from seedbank.accounts.policy import Action, require
from seedbank.accounts.principal import Principal
from seedbank.catalog.services.due import REGENERATION_DUE, TEST_DUE_BY
from seedbank.catalog.vocabulary import LotStatus
from seedbank.db import Database, Row
from seedbank.errors import InvalidInput, NotFound
from seedbank.reports.inventory import CropInventory, InventoryList, InventoryLot, render_inventory
from seedbank.reports.services.common import (
    PrintedPdf,
    as_day,
    first_name,
    harvest_year,
    institute_line,
    pdf_filename,
)
from seedbank.text import fold

__all__ = ["MAX_INVENTORY_LOTS", "inventory_list", "print_inventory"]

MAX_INVENTORY_LOTS = 100_000  # over HTTP; the command line has no cap
_BATCH = 2000

_ROWS = (
    "SELECT l.id, l.lot_code, l.harvest_date, l.on_hand, l.latest_germination_pct, l.latest_test_date, "
    f"CASE WHEN {TEST_DUE_BY} THEN 1 ELSE 0 END AS test_due, "
    f"CASE WHEN {REGENERATION_DUE} THEN 1 ELSE 0 END AS regeneration_due, "
    "a.accession_number, a.accession_names, t.full_name AS taxon, t.crop_name, t.common_name_es, t.genus, "
    "c.name AS custodian_name "
    "FROM lot l JOIN accession a ON a.id = l.accession JOIN taxon t ON t.id = a.taxon "
    "JOIN custodian c ON c.id = l.custodian "
    "WHERE l.status IN ({}, {}) AND l.id > {}"
)


def _crop(row: Row) -> str:
    """The crop a lot is listed under: its crop name, else its Spanish name, else its genus; capitalised."""
    name = str(row["crop_name"] or row["common_name_es"] or row["genus"])
    return name[:1].upper() + name[1:]


def _lot(row: Row) -> InventoryLot:
    return InventoryLot(
        accession_number=row["accession_number"],
        lot_code=row["lot_code"],
        taxon=row["taxon"],
        seeds=int(row["on_hand"]),
        local_name=first_name(row["accession_names"]),
        custodian=row["custodian_name"],
        harvest_year=harvest_year(row["harvest_date"]),
        germination_percent=row["latest_germination_pct"],
        germination_tested=as_day(row["latest_test_date"]),
        germination_due=bool(row["test_due"]),
        regeneration_due=bool(row["regeneration_due"]),
    )


async def inventory_list(
    db: Database,
    actor: Principal,
    custodian_id: int | None,
    *,
    instcode: str,
    max_lots: int | None = MAX_INVENTORY_LOTS,
) -> InventoryList:
    """A custodian's lots in the collection (active or quarantined), or every custodian's (staff), by crop."""
    require(actor, Action.REPORT_PRINT, () if custodian_id is None else (custodian_id,), field="custodian_id")
    custodian = None
    if custodian_id is not None:
        custodian = await db.fetch_value("SELECT name FROM custodian WHERE id = {}", custodian_id)
        if custodian is None:
            raise NotFound(f"there is no custodian {custodian_id}", field="custodian_id")
    today = dt.date.today()
    sql = _ROWS + (" AND l.custodian = {}" if custodian_id is not None else "") + " ORDER BY l.id LIMIT {}"
    by_crop: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    after, count = 0, 0
    while True:
        args = [today, LotStatus.ACTIVE.value, LotStatus.QUARANTINED.value, after]
        rows = await db.fetch(sql, *args, *([custodian_id] if custodian_id is not None else []), _BATCH)
        for row in rows:
            crop = _crop(row)
            by_crop[crop].append((row["accession_number"], row["lot_code"], _lot(row)))
        count += len(rows)
        if max_lots is not None and count > max_lots:
            raise InvalidInput(
                f"more than {max_lots:,} lots: print this inventory with `seedbank inventory` on the server",
                field="custodian_id",
            )
        if len(rows) < _BATCH:
            break
        after = rows[-1]["id"]
    crops = [
        CropInventory(crop, [entry[2] for entry in sorted(by_crop[crop], key=lambda entry: entry[:2])])
        for crop in sorted(by_crop, key=fold)
    ]
    return InventoryList(
        institute=await institute_line(db, instcode),
        printed_at=dt.datetime.now().astimezone(),
        crops=crops,
        custodian=str(custodian) if custodian is not None else None,
    )


async def print_inventory(
    db: Database,
    actor: Principal,
    custodian_id: int | None,
    *,
    instcode: str,
    max_lots: int | None = MAX_INVENTORY_LOTS,
) -> PrintedPdf:
    """The inventory as a PDF (drawn in a worker thread)."""
    inventory = await inventory_list(db, actor, custodian_id, instcode=instcode, max_lots=max_lots)
    content = await asyncio.to_thread(render_inventory, inventory)
    scope = ("custodio", custodian_id) if custodian_id is not None else ("coleccion",)
    return PrintedPdf(pdf_filename("inventario", *scope), content, sum(len(crop.lots) for crop in inventory.crops))
