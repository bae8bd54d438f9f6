"""Taxa: the botanical names and crop names accessions hang on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from seedbank.accounts.policy import Action, require
from seedbank.accounts.principal import Principal
from seedbank.audit import services as audit
from seedbank.catalog.passport import taxon_full_name
from seedbank.catalog.schemas import TaxonCreate, TaxonRead, TaxonSummary, TaxonUpdate
from seedbank.catalog.services.plans import refresh_plans_of_taxon
from seedbank.catalog.services.terms import rebuild_terms_of_taxon
from seedbank.catalog.tables import Taxon
from seedbank.contracts import Page
from seedbank.db import Database, Row, insert_row, update_row
from seedbank.errors import Conflict, NotFound
from seedbank.pagination import decode_cursor, encode_cursor
from seedbank.text import fold, like_contains

__all__ = ["create_taxon", "get_taxon", "list_taxa", "taxon_summary", "update_taxon"]

_COLUMNS = (
    "id, genus, species, species_author, subtaxa, subtaxa_author, crop_name, common_name_es, common_name_en, "
    "local_name, breeding_system, regeneration_plants, monitoring_years, viability_ke, viability_cw, viability_ch, "
    "viability_cq, full_name, name_key, created_at, updated_at"
)
_CONSTANTS = ("ke", "cw", "ch", "cq")
# Changing these changes the regeneration plan of every lot of the taxon.
PLANNING_FIELDS = frozenset({"breeding_system", "regeneration_plants", "monitoring_years", "viability_constants"})


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    """Contract fields → columns: the declared constants spread over their four columns."""
    columns = {name: value for name, value in values.items() if name != "viability_constants"}
    if "viability_constants" in values:
        declared = values["viability_constants"] or {}
        columns |= {f"viability_{name}": declared.get(name) for name in _CONSTANTS}
    return columns


def _keys(values: dict[str, Any]) -> dict[str, Any]:
    """The derived columns: full name, its folded key, crop key and search key."""
    full_name = taxon_full_name(values["genus"], values.get("species"), values.get("subtaxa"))
    searchable = " ".join(
        str(values[name])
        for name in ("crop_name", "common_name_es", "common_name_en", "local_name")
        if values.get(name)
    )
    return {
        "full_name": full_name,
        "name_key": fold(full_name),
        "crop_key": fold(values["crop_name"]) if values.get("crop_name") else None,
        "search_key": fold(f"{full_name} {searchable}"),
    }


def _read(row: Row) -> TaxonRead:
    values = {k: v for k, v in row.items() if k != "name_key" and not k.startswith("viability_")}
    declared = {name: row[f"viability_{name}"] for name in _CONSTANTS}
    values["viability_constants"] = declared if declared["ke"] is not None else None
    return msgspec.convert(values, TaxonRead)


def taxon_summary(row: Row, prefix: str = "") -> TaxonSummary:
    """A TaxonSummary from columns named ``{prefix}id``, ``{prefix}full_name``..."""
    return TaxonSummary(
        id=row[f"{prefix}id"],
        full_name=row[f"{prefix}full_name"],
        crop_name=row[f"{prefix}crop_name"],
        common_name_es=row[f"{prefix}common_name_es"],
        common_name_en=row[f"{prefix}common_name_en"],
        local_name=row[f"{prefix}local_name"],
    )


async def create_taxon(db: Database, actor: Principal, data: TaxonCreate) -> TaxonRead:
    require(actor, Action.TAXON_WRITE)
    now = dt.datetime.now(dt.UTC)
    values = {
        name: (value.strip() if isinstance(value, str) else value) for name, value in msgspec.to_builtins(data).items()
    }
    values |= _keys(values)
    async with db.write():
        if await db.fetch_value("SELECT id FROM taxon WHERE name_key = {}", values["name_key"]) is not None:
            raise Conflict(f"the taxon {values['full_name']} already exists", field="species")
        taxon_id = await insert_row(Taxon, {**_columns(values), "created_at": now, "updated_at": now})
        await audit.created(db, actor, "taxon", taxon_id, now)
    return await get_taxon(db, taxon_id)


async def get_taxon(db: Database, taxon_id: int) -> TaxonRead:
    row = await db.fetch_point(f"SELECT {_COLUMNS} FROM taxon WHERE id = {{}}", taxon_id)
    if row is None:
        raise NotFound(f"there is no taxon {taxon_id}", field="taxon_id")
    return _read(row)


async def update_taxon(db: Database, actor: Principal, taxon_id: int, data: TaxonUpdate) -> TaxonRead:
    require(actor, Action.TAXON_WRITE)
    changes = {
        name: (value.strip() if isinstance(value, str) else value) for name, value in msgspec.to_builtins(data).items()
    }
    now = dt.datetime.now(dt.UTC)
    async with db.write():
        current = await db.fetch_one(f"SELECT {_COLUMNS} FROM taxon WHERE id = {{}}", taxon_id)
        if current is None:
            raise NotFound(f"there is no taxon {taxon_id}", field="taxon_id")
        if changes:
            values = current | changes
            keys = _keys(values)
            before = await audit.snapshot(db, "taxon", taxon_id)
            await update_row(Taxon, taxon_id, {**_columns(changes), **keys, "updated_at": now})
            await rebuild_terms_of_taxon(db, taxon_id)
            if PLANNING_FIELDS & changes.keys():
                await refresh_plans_of_taxon(db, taxon_id, now.date())
            await audit.updated(db, actor, "taxon", taxon_id, before, now)
    return await get_taxon(db, taxon_id)


async def list_taxa(
    db: Database, *, q: str | None, crop: str | None, cursor: str | None, limit: int
) -> Page[TaxonRead]:
    where, args = ["1 = 1"], []
    for word in fold(q or "").split():
        where.append("search_key LIKE {} ESCAPE '\\'")
        args.append(like_contains(word))
    if crop:
        where.append("crop_key = {}")
        args.append(fold(crop))
    if cursor:
        name_key, last_id = decode_cursor(cursor, str, int)
        where.append("(name_key > {} OR (name_key = {} AND id > {}))")
        args += [name_key, name_key, last_id]
    rows = await db.fetch(
        f"SELECT {_COLUMNS} FROM taxon WHERE {' AND '.join(where)} ORDER BY name_key, id LIMIT {{}}",
        *args,
        limit + 1,
    )
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1]["name_key"], page[-1]["id"]) if len(rows) > limit else None
    return Page(items=[_read(row) for row in page], next=next_cursor)
