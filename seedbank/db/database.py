"""The database a process talks to: engine from a URL, pool life cycle, write transactions, raw reads.

Services open one write transaction per operation with ``async with db.write():``
(IMMEDIATE on SQLite, behind an in-process lock so waiting writers queue on the event
loop instead of spinning in SQLite's busy handler). Hot read paths use ``fetch`` with
SQL written once for both engines (``{}`` placeholders).
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from piccolo.columns import Column
from piccolo.engine.base import Engine
from piccolo.engine.cockroach import CockroachEngine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import TransactionType
from piccolo.table import Table

from seedbank.db.driver_errors import DRIVER_ERRORS, translate_driver_error
from seedbank.db.point_reads import Unplanned
from seedbank.db.sqlite import PooledSQLiteEngine, SQLiteConnection

__all__ = [
    "DEFAULT_POOL_SIZE",
    "Database",
    "EngineKind",
    "Row",
    "compile_sql",
    "engine_from_url",
    "insert_row",
    "keep_session",
    "update_row",
]

Row = dict[str, Any]

DEFAULT_POOL_SIZE = {"sqlite": 4, "postgres": 10, "cockroach": 10}


class EngineKind(StrEnum):
    SQLITE = "sqlite"
    POSTGRES = "postgres"
    COCKROACH = "cockroach"


def engine_kind(url: str) -> EngineKind:
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        return EngineKind.SQLITE
    if scheme in ("postgresql", "postgres"):
        return EngineKind.POSTGRES
    if scheme in ("cockroach", "cockroachdb"):
        return EngineKind.COCKROACH
    raise ValueError(f"unsupported database URL scheme {scheme!r}")


def sqlite_path(url: str) -> str:
    """``sqlite:///seedbank.sqlite`` → ``seedbank.sqlite``; ``sqlite:////var/x.db`` → ``/var/x.db``."""
    path = url.split("://", 1)[1]
    return path[1:] if path.startswith("/") else path


def engine_from_url(url: str, pool_size: int | None = None) -> Engine[Any]:
    kind = engine_kind(url)
    size = pool_size or DEFAULT_POOL_SIZE[kind]
    if kind is EngineKind.SQLITE:
        path = sqlite_path(url)
        Path(path).resolve().parent.mkdir(parents=True, exist_ok=True)
        return PooledSQLiteEngine(path=path, pool_size=size)
    if kind is EngineKind.COCKROACH:
        return CockroachEngine(config={"dsn": "postgresql://" + url.split("://", 1)[1]})
    return PostgresEngine(config={"dsn": url})


@lru_cache(maxsize=512)
def compile_sql(template: str, kind: EngineKind) -> str:
    """``{}`` placeholders → ``?`` (SQLite) or ``$1, $2...`` (PostgreSQL), once per statement."""
    if kind is EngineKind.SQLITE:
        return template.replace("{}", "?")
    counter = itertools.count(1)
    return re.sub(r"\{\}", lambda _: f"${next(counter)}", template)


async def keep_session(connection: Any) -> None:
    """asyncpg's pool resets each connection it takes back; by default with a query (close cursors,
    UNLISTEN, RESET ALL, release advisory locks): a round trip after every statement run outside a
    transaction, half the round trips of a catalogue search. Nothing here changes session state (no
    SET, LISTEN, advisory lock or cursor outside a transaction), so there is nothing to reset; an open
    transaction is still rolled back by asyncpg before this is called."""
    del connection


class Database:
    """One engine, its pool, and the transaction discipline every service follows."""

    def __init__(self, url: str, pool_size: int | None = None, *, check_point_reads: bool = False) -> None:
        """``check_point_reads`` (tests): every ``fetch_point`` is read again the converting way and compared."""
        self.url = url
        self.check_point_reads = check_point_reads
        self.kind = engine_kind(url)
        self.pool_size = pool_size or DEFAULT_POOL_SIZE[self.kind]
        self.engine: Engine[Any] = engine_from_url(url, self.pool_size)
        self._fallback_write_lock = asyncio.Lock()

    # -- life cycle -------------------------------------------------------------------

    def bind(self, tables: Iterable[type[Table]]) -> None:
        """Point these Piccolo tables at this database (Piccolo caches an engine per table)."""
        for table in tables:
            table._meta.db = self.engine

    async def start(self) -> None:
        if isinstance(self.engine, PooledSQLiteEngine):
            await self.engine.start_connection_pool()
        elif isinstance(self.engine, PostgresEngine):  # CockroachEngine is one too
            await self.engine.start_connection_pool(min_size=1, max_size=self.pool_size, reset=keep_session)

    async def stop(self) -> None:
        pooled_postgres = isinstance(self.engine, PostgresEngine) and self.engine.pool is not None
        if isinstance(self.engine, PooledSQLiteEngine) or pooled_postgres:
            await self.engine.close_connection_pool()  # type: ignore[no-untyped-call]

    # -- transactions -----------------------------------------------------------------

    def in_transaction(self) -> bool:
        return self.engine.current_transaction.get() is not None

    @asynccontextmanager
    async def write(self) -> AsyncIterator[None]:
        """One write transaction; joins the caller's if one is already open.

        Integrity errors from either driver leave as domain errors (``Conflict`` ...).
        """
        if self.in_transaction():
            yield
            return
        try:
            if isinstance(self.engine, PooledSQLiteEngine):
                lock = self.engine.write_lock or self._fallback_write_lock
                async with lock, self.engine.transaction(transaction_type=TransactionType.immediate):
                    yield
            else:
                async with self.engine.transaction():
                    yield
        except DRIVER_ERRORS as error:
            domain_error = translate_driver_error(error)
            if domain_error is None:
                raise
            raise domain_error from error

    # -- raw statements -----------------------------------------------------------------

    async def fetch(self, sql: str, *args: Any) -> list[Row]:
        """Rows of one statement written with ``{}`` placeholders, in the open transaction if any."""
        query = compile_sql(sql, self.kind)
        if isinstance(self.engine, PooledSQLiteEngine):
            rows: list[Row] = await self._sqlite_rows(query, args, as_tuples=False)
            return rows
        return [dict(record) for record in await self._postgres_records(query, args)]

    async def fetch_tuples(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """Like ``fetch``, with rows as tuples in the select list's order: for bulk reads of a few columns.

        A dict per row costs more than SQLite takes to read the row (a radius search reads
        thousands of custodians' coordinates); same statements, same transaction rules.
        """
        query = compile_sql(sql, self.kind)
        if isinstance(self.engine, PooledSQLiteEngine):
            tuples: list[tuple[Any, ...]] = await self._sqlite_rows(query, args, as_tuples=True)
            return tuples
        return [tuple(record) for record in await self._postgres_records(query, args)]

    async def _sqlite_rows(self, query: str, args: Sequence[Any], *, as_tuples: bool) -> list[Any]:
        """Rows of one compiled statement: on the open transaction's connection, else a borrowed one."""
        assert isinstance(self.engine, PooledSQLiteEngine)
        current = self.engine.current_transaction.get()
        connection: SQLiteConnection = current.connection if current is not None else await self.engine.get_connection()
        try:
            if as_tuples:
                return await connection.execute_tuples(query, args)
            return await connection.execute(query, args)
        finally:
            if current is None:
                await connection.close()

    async def _postgres_records(self, query: str, args: Sequence[Any]) -> list[Any]:
        """asyncpg records of one compiled statement: in the open transaction, else from the pool."""
        assert isinstance(self.engine, PostgresEngine)
        current = self.engine.current_transaction.get()
        if current is not None:
            records: list[Any] = await current.connection.fetch(query, *args)
        elif self.engine.pool is not None:
            async with self.engine.pool.acquire() as connection:
                records = await connection.fetch(query, *args)
        else:
            records = await self.engine._run_in_new_connection(query, list(args))
        return records

    async def fetch_one(self, sql: str, *args: Any) -> Row | None:
        rows = await self.fetch(sql, *args)
        return rows[0] if rows else None

    async def fetch_point(self, sql: str, *args: Any) -> Row | None:
        """One row by an indexed key: the hot read paths (a record by id).

        On SQLite, outside a transaction, it runs on the event loop's own thread with a kept
        read-only connection (``point_reads``): less than a hop to a connection thread and
        back. Only for reads an index answers at once, never scans.
        """
        reader = self.engine.inline_reader if isinstance(self.engine, PooledSQLiteEngine) else None
        if reader is not None and not self.in_transaction():
            try:
                row = reader.read(compile_sql(sql, self.kind), args)
            except Unplanned:
                return await self.fetch_one(sql, *args)
            if self.check_point_reads:
                await self._check_point_read(sql, args, row)
            return row
        return await self.fetch_one(sql, *args)

    async def _check_point_read(self, sql: str, args: Sequence[Any], row: Row | None) -> None:
        """The inline read gave what the converting path gives: same values of the same types."""
        expected = await self.fetch_one(sql, *args)

        def typed(found: Row | None) -> dict[str, tuple[type, Any]] | None:
            return None if found is None else {name: (type(value), value) for name, value in found.items()}

        if typed(row) != typed(expected):
            raise AssertionError(f"point read differs from the converting read:\n{row}\n{expected}\n{sql}")

    async def fetch_value(self, sql: str, *args: Any) -> Any:
        row = await self.fetch_one(sql, *args)
        return None if row is None else next(iter(row.values()))

    async def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Bulk path: one prepared statement, many rows, inside the open write transaction."""
        query = compile_sql(sql, self.kind)
        current = self.engine.current_transaction.get()
        if current is None:
            raise RuntimeError("execute_many runs inside `async with db.write()`")
        # Both the SQLite connection and asyncpg's take (sql, rows).
        await current.connection.executemany(query, rows)


async def insert_row(table: type[Table], values: Mapping[str, Any]) -> int:
    """Insert one row through Piccolo (inside the caller's transaction, if any); its new id."""
    primary_key = table._meta.primary_key
    rows = await table.insert(table(**dict(values))).returning(primary_key)
    return int(rows[0][primary_key._meta.name])


async def update_row(table: type[Table], row_id: int, values: Mapping[str, Any]) -> None:
    """Update one row's columns by id through Piccolo."""
    changes: dict[Column | str, Any] = {}
    changes.update(values)
    await table.update(changes).where(table._meta.primary_key == row_id)
