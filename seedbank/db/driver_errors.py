"""Driver errors → domain errors, in one place.

sqlite3 and asyncpg report the same broken rule in different words
(``UNIQUE constraint failed: lot.lot_code`` vs ``Key (lot_code)=(X) already exists``);
both become the same ``Conflict`` naming the field, never a 500.
"""

from __future__ import annotations

import re
import sqlite3

import asyncpg

from seedbank.errors import Conflict, DomainError, InvalidInput, InvalidState

__all__ = ["DRIVER_ERRORS", "translate_driver_error"]

DRIVER_ERRORS: tuple[type[BaseException], ...] = (sqlite3.IntegrityError, sqlite3.DataError, asyncpg.PostgresError)

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")
_PG_KEY = re.compile(r"Key \((?P<columns>[^)]+)\)=")

# Friendly words for the unique rules people actually hit.
_UNIQUE_MESSAGES: dict[tuple[str, str], str] = {
    ("accession", "accession_number"): "an accession with this accession number already exists in this institute",
    ("accession", "puid"): "an accession with this PUID already exists",
    ("lot", "lot_code"): "a lot with this lot code already exists",
    ("taxon", "name_key"): "a taxon with this full name already exists",
    ("lot_entry", "corrects"): "that ledger entry has already been corrected",
}


def translate_driver_error(error: BaseException) -> DomainError | None:
    """The domain error a driver exception stands for, or None when it is not a data problem."""
    if isinstance(error, sqlite3.IntegrityError):
        return _from_sqlite(str(error))
    if isinstance(error, sqlite3.DataError):
        return InvalidInput(f"a value is out of range for the database: {error}")
    if isinstance(error, asyncpg.UniqueViolationError):
        match = _PG_KEY.search(error.detail or "")
        columns = [c.strip() for c in match.group("columns").split(",")] if match else []
        return _unique(error.table_name or "", columns)
    if isinstance(error, asyncpg.ForeignKeyViolationError):
        return InvalidInput("a referenced record does not exist or is still referenced")
    if isinstance(error, asyncpg.CheckViolationError):
        return _check(error.constraint_name or "")
    if isinstance(error, asyncpg.RaiseError):
        return InvalidState(str(error.message))
    if isinstance(error, asyncpg.DataError):
        return InvalidInput(f"a value is out of range for the database: {error.message}")
    return None


def _from_sqlite(message: str) -> DomainError:
    if match := _SQLITE_UNIQUE.search(message):
        qualified = [c.strip() for c in match.group(1).split(",")]
        table = qualified[0].split(".", 1)[0]
        return _unique(table, [c.split(".", 1)[-1] for c in qualified])
    if message.startswith("CHECK constraint failed:"):
        return _check(message.split(":", 1)[1].strip())
    if message.startswith("FOREIGN KEY constraint failed"):
        return InvalidInput("a referenced record does not exist or is still referenced")
    # RAISE(ABORT, ...) from a trigger: the trigger's own words.
    return InvalidState(message)


def _unique(table: str, columns: list[str]) -> Conflict:
    field = columns[-1] if columns else None
    message = _UNIQUE_MESSAGES.get((table, field or ""), f"a {table} with this {', '.join(columns)} already exists")
    return Conflict(message, field=field)


def _check(constraint: str) -> DomainError:
    if "stock" in constraint or "reserved" in constraint or "on_hand" in constraint:
        return InvalidState(
            "the movement would take on-hand stock below zero or below the reserved seeds", field="quantity"
        )
    return InvalidInput(f"a value breaks the rule {constraint}")
