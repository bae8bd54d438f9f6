"""Consistency checks of the catalogue (read only): what the rules promise, verified against what is stored.

Each check says what it verifies, how many records break it and a few of them. The database enforces
most rules as they are written (stock bounds, the append-only ledger); these checks find what slipped
past a rule's reach: a restore of an old backup, a hand edit, a bug. ``seedbank check`` runs them.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable

from msgspec import Struct

from seedbank.catalog.passport import taxon_full_name
from seedbank.catalog.services.terms import accession_terms
from seedbank.db import Database, EngineKind, Row
from seedbank.text import fold

__all__ = ["CHECKS", "CheckResult", "check_consistency"]

EXAMPLES = 5
_BATCH = 1000


class CheckResult(Struct):
    name: str
    description: str
    problems: int
    examples: list[str]

    @property
    def ok(self) -> bool:
        return self.problems == 0


Check = Callable[[Database], Awaitable[list[str]]]


async def _all(db: Database, sql: str) -> list[str]:
    return [row["what"] for row in await db.fetch(sql)]


async def _stock_equals_ledger(db: Database) -> list[str]:
    return await _all(
        db,
        "SELECT l.lot_code || ': on hand ' || CAST(l.on_hand AS TEXT) || ', ledger sums to ' "
        "|| CAST(COALESCE(SUM(e.quantity), 0) AS TEXT) AS what "
        "FROM lot l LEFT JOIN lot_entry e ON e.lot = l.id GROUP BY l.id, l.lot_code, l.on_hand "
        "HAVING l.on_hand <> COALESCE(SUM(e.quantity), 0) ORDER BY l.id",
    )


async def _reserved_within_stock(db: Database) -> list[str]:
    return await _all(
        db,
        "SELECT lot_code || ': reserved ' || CAST(reserved AS TEXT) || ' of ' || CAST(on_hand AS TEXT) AS what "
        "FROM lot WHERE reserved < 0 OR reserved > on_hand ORDER BY id",
    )


async def _balances_run(db: Database) -> list[str]:
    return await _all(
        db,
        "SELECT 'entry ' || CAST(id AS TEXT) || ' of lot ' || CAST(lot AS TEXT) || ': balance ' "
        "|| CAST(balance_after AS TEXT) || ', running sum ' || CAST(running AS TEXT) AS what "
        "FROM (SELECT id, lot, balance_after, SUM(quantity) OVER (PARTITION BY lot ORDER BY id) AS running "
        "FROM lot_entry) entries WHERE balance_after <> running ORDER BY id",
    )


async def _accessions(db: Database, sql: str) -> AsyncIterator[list[Row]]:
    """Rows of ``sql`` (which selects ``a.id`` from ``accession a`` and ends in a WHERE clause), by id batches."""
    last = 0
    while rows := await db.fetch(f"{sql} AND a.id > {{}} ORDER BY a.id LIMIT {{}}", last, _BATCH):
        yield rows
        last = rows[-1]["id"]


_TERM_SOURCE = (
    "SELECT a.id, a.accession_number, a.accession_names, t.genus, t.species, t.subtaxa, t.crop_name, "
    "t.common_name_es, t.common_name_en, t.local_name FROM accession a JOIN taxon t ON t.id = a.taxon WHERE 1 = 1"
)


async def _terms_current(db: Database) -> list[str]:
    found: list[str] = []
    async for sources in _accessions(db, _TERM_SOURCE):
        marks = ", ".join("{}" for _ in sources)
        stored: dict[int, set[str]] = {}
        for row in await db.fetch(
            f"SELECT accession, term FROM accession_term WHERE accession IN ({marks})", *(row["id"] for row in sources)
        ):
            stored.setdefault(row["accession"], set()).add(row["term"])
        for source in sources:
            expected = set(accession_terms(source))
            have = stored.get(source["id"], set())
            if have != expected:
                missing, extra = sorted(expected - have), sorted(have - expected)
                found.append(f"{source['accession_number']}: missing {missing or '-'}, stale {extra or '-'}")
    return found


_NUMBERED = re.compile(r"^(?P<instcode>[A-Z]{3}[0-9]{3,4})-(?P<number>[0-9]{1,18})$")
_LOT_CODE = re.compile(r"-L(?P<number>[0-9]{1,18})$")


async def _sequences_ahead(db: Database) -> list[str]:
    """Every number a sequence hands out must be past the numbers already given explicitly (imports, API)."""
    sequences = {row["name"]: int(row["value"]) for row in await db.fetch("SELECT name, value FROM number_sequence")}
    highest: dict[str, tuple[int, str]] = {}
    async for rows in _accessions(db, "SELECT a.id, a.instcode, a.accession_number FROM accession a WHERE 1 = 1"):
        for row in rows:
            match = _NUMBERED.match(row["accession_number"])
            if match and match["instcode"] == row["instcode"]:
                name, number = f"accession:{row['instcode']}", int(match["number"])
                if number > highest.get(name, (0, ""))[0]:
                    highest[name] = (number, row["accession_number"])
    for row in await db.fetch(
        "SELECT l.accession, l.lot_code, a.accession_number FROM lot l JOIN accession a ON a.id = l.accession"
    ):
        code: str = row["lot_code"]
        match = _LOT_CODE.search(code)
        if match and code.startswith(f"{row['accession_number']}-L"):
            name, number = f"lot:{row['accession']}", int(match["number"])
            if number > highest.get(name, (0, ""))[0]:
                highest[name] = (number, code)
    return [
        f"{name} stands at {sequences.get(name, 0)} but {given} is already taken"
        for name, (number, given) in sorted(highest.items())
        if sequences.get(name, 0) < number
    ]


async def _taxon_keys(db: Database) -> list[str]:
    found = []
    for row in await db.fetch("SELECT id, genus, species, subtaxa, full_name, name_key FROM taxon ORDER BY id"):
        full_name = taxon_full_name(row["genus"], row["species"], row["subtaxa"])
        if row["full_name"] != full_name or row["name_key"] != fold(full_name):
            found.append(f"taxon {row['id']}: stored as {row['full_name']!r} / {row['name_key']!r}, is {full_name!r}")
    return found


async def _sqlite_integrity(db: Database) -> list[str]:
    if db.kind is not EngineKind.SQLITE:
        return []
    found = [str(row["quick_check"]) for row in await db.fetch("PRAGMA quick_check") if row["quick_check"] != "ok"]
    for row in await db.fetch("PRAGMA foreign_key_check"):
        found.append(f"{row['table']} row {row['rowid']} points to a missing {row['parent']}")
    return found


CHECKS: tuple[tuple[str, str, Check], ...] = (
    ("lot-stock", "every lot's on-hand stock equals the sum of its ledger", _stock_equals_ledger),
    ("lot-reserved", "every lot has 0 <= reserved <= on hand", _reserved_within_stock),
    ("ledger-balances", "every ledger entry's balance is the running sum of its lot's entries", _balances_run),
    ("accession-terms", "every accession's search terms are those of its names, number and taxon", _terms_current),
    ("sequences", "number sequences stand past every number already given (accessions, lots)", _sequences_ahead),
    ("taxon-names", "every taxon's full name and folded key match its genus, species and subtaxa", _taxon_keys),
    ("sqlite-integrity", "the SQLite file is sound and no row points to a missing one (SQLite)", _sqlite_integrity),
)


async def check_consistency(db: Database) -> list[CheckResult]:
    """Run every check; each result counts the records breaking it and names a few."""
    results = []
    for name, description, check in CHECKS:
        found = await check(db)
        results.append(CheckResult(name, description, len(found), found[:EXAMPLES]))
    return results
