"""Point reads on SQLite: one row by an indexed key, on the event loop's own thread.

A one-row read by primary key takes tens of microseconds; handing it to a connection's
thread and back costs more than the read itself, so the hot reads (a record by id) run on
a kept read-only connection in the event loop's thread.

That connection does not ask sqlite3 to convert by declared type (``PARSE_DECLTYPES``):
sqlite3 then looks up every column's declared type on every execute, a third of a
55-column read (13 of 40 µs, measured on the benchmark's accessions). The reader looks
the declared types up once instead: the schema's columns, by name, give the converter
each output column needs (Piccolo's, as on every other connection), and each statement's
plan (names, which columns convert) is worked out on its first run. A name the schema
declares with different converters in different tables cannot be planned; such a
statement is refused (``Unplanned``) and the caller reads it the converting way.

An output column aliased to a name the schema does not know is not converted: alias
converted columns (timestamps, dates, booleans) to their own name, or read them the
converting way. Tests run every point read both ways and compare (``Database(check_point_reads=True)``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, Final

__all__ = ["InlineReader", "Unplanned"]

Row = dict[str, Any]
Converter = Callable[[bytes], Any]
# A statement's plan: its output column names, and (index, converter) for each column that converts.
Plan = tuple[tuple[str, ...], tuple[tuple[int, Converter], ...]]


class Unplanned(Exception):
    """The statement names a column the schema declares with different converters: read it the converting way."""


_AMBIGUOUS: Final = object()


def _converter_of(declared: str) -> Converter | None:
    """The converter sqlite3 would pick for a declared type: its first word, upper-cased.

    INTEGER is left out: INTEGER affinity stores integers as integers, and the converter
    registered for it (``int``) gives them back unchanged.
    """
    word = declared.split("(", 1)[0].split(" ", 1)[0].upper()
    if not word or word == "INTEGER":
        return None
    converter: Converter | None = sqlite3.converters.get(word)
    return converter


class InlineReader:
    """A read-only sqlite3 connection whose point reads convert values as the declared types say."""

    def __init__(self, path: str, busy_timeout_ms: int) -> None:
        self._connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        self._connection.execute("PRAGMA query_only = ON")
        self._plans: dict[str, Plan | None] = {}  # None: cannot be planned

    def close(self) -> None:
        self._connection.close()

    def read(self, sql: str, args: Sequence[Any]) -> Row | None:
        """The statement's first row as a dict (None when there is none); ``Unplanned`` if it cannot be planned."""
        cursor = self._connection.execute(sql, args)
        try:
            values = cursor.fetchone()
            plan = self._plans.get(sql)
            if plan is None:
                if sql in self._plans:
                    raise Unplanned(sql)
                plan = self._plan(sql, cursor.description)
                if plan is None:
                    raise Unplanned(sql)
        finally:
            cursor.close()
        if values is None:
            return None
        names, conversions = plan
        if conversions:
            values = list(values)
            for index, convert in conversions:
                value = values[index]
                if value is not None:
                    values[index] = convert(value if isinstance(value, bytes) else str(value).encode())
        return dict(zip(names, values, strict=True))

    def _plan(self, sql: str, description: Sequence[tuple[Any, ...]]) -> Plan | None:
        casts = self._schema_casts()
        names = tuple(column[0] for column in description)
        conversions: list[tuple[int, Converter]] = []
        for index, name in enumerate(names):
            cast = casts.get(name)
            if cast is _AMBIGUOUS:
                self._plans[sql] = None
                return None
            if cast is not None:
                conversions.append((index, cast))  # type: ignore[arg-type]
        plan: Plan = (names, tuple(conversions))
        self._plans[sql] = plan
        return plan

    def _schema_casts(self) -> dict[str, object]:
        """Column name → its converter, None, or _AMBIGUOUS, over every table (read per plan: a few)."""
        casts: dict[str, object] = {}
        for name, declared in self._connection.execute(
            "SELECT p.name, p.type FROM sqlite_master m, pragma_table_info(m.name) p "
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        ):
            cast = _converter_of(declared or "")
            casts[name] = _AMBIGUOUS if name in casts and casts[name] is not cast else cast
        return casts
