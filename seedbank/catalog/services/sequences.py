"""Numbers handed out by the database: one atomic upsert per number, never "max + 1"."""

from __future__ import annotations

from seedbank.db import Database

__all__ = ["next_number"]

_NEXT = (
    "INSERT INTO number_sequence (name, value) VALUES ({}, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = number_sequence.value + 1 "
    "RETURNING value"
)


async def next_number(db: Database, name: str) -> int:
    """The next number of the named sequence; call inside the write transaction that uses it."""
    value = await db.fetch_value(_NEXT, name)
    return int(value)
