"""Piccolo's SQLite engine with kept connections.

Piccolo's own SQLite engine opens a new connection (and a new thread) for every query
outside a transaction: measured here, a one-row GET serves 384 req/s through it against
2,857 with one reused sqlite3 connection. This engine keeps a small pool of sqlite3
connections, each driven from its own thread, one thread hop per statement, with the
pragmas a server wants (WAL, a busy timeout, foreign keys) set once per connection.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory

from seedbank.db.point_reads import InlineReader

if TYPE_CHECKING:
    from piccolo.querystring import QueryString
    from piccolo.table import Table

__all__ = ["PooledSQLiteEngine", "SQLiteConnection"]

Row = dict[str, Any]

# Piccolo converts every INTEGER value through Decimal (to accept "1.0"); our integers are
# integers, and that conversion was a third of a one-row read. Same result, plain int().
sqlite3.register_converter("INTEGER", int)

PRAGMAS = ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON")


def _connect(connection_kwargs: dict[str, Any], busy_timeout_ms: int) -> sqlite3.Connection:
    connection: sqlite3.Connection = sqlite3.connect(**connection_kwargs, check_same_thread=False)
    connection.row_factory = dict_factory
    connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    for pragma in PRAGMAS:
        connection.execute(pragma)
    return connection


class SQLiteConnection:
    """One sqlite3 connection and the one thread that drives it.

    Piccolo's transactions call ``execute`` (BEGIN, COMMIT, SAVEPOINT) and ``close``;
    when the connection came from a pool, ``close`` hands it back instead of closing it.
    """

    def __init__(
        self, connection: sqlite3.Connection, thread: ThreadPoolExecutor, pool: asyncio.Queue[SQLiteConnection] | None
    ) -> None:
        self._connection = connection
        self._thread = thread
        self._pool = pool

    @classmethod
    async def open(
        cls, connection_kwargs: dict[str, Any], busy_timeout_ms: int, pool: asyncio.Queue[SQLiteConnection] | None
    ) -> SQLiteConnection:
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seedbank-sqlite")
        connection = await asyncio.get_running_loop().run_in_executor(
            thread, _connect, connection_kwargs, busy_timeout_ms
        )
        return cls(connection, thread, pool)

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        """Run one statement and fetch all its rows, in one hop to the connection's thread."""
        rows: list[Row] = await self._fetchall(sql, args, as_tuples=False)
        return rows

    async def execute_tuples(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Like ``execute``, with rows as plain tuples: no dict is built per row (bulk reads of a few columns)."""
        rows: list[tuple[Any, ...]] = await self._fetchall(sql, args, as_tuples=True)
        return rows

    async def _fetchall(self, sql: str, args: Sequence[Any], *, as_tuples: bool) -> list[Any]:
        def run() -> list[Any]:
            cursor = self._connection.cursor()
            if as_tuples:
                cursor.row_factory = None
            try:
                rows: list[Any] = cursor.execute(sql, args).fetchall()
                return rows
            finally:
                cursor.close()

        return await asyncio.get_running_loop().run_in_executor(self._thread, run)

    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        def run() -> None:
            self._connection.executemany(sql, rows).close()

        await asyncio.get_running_loop().run_in_executor(self._thread, run)

    async def close(self) -> None:
        if self._pool is not None:
            self._pool.put_nowait(self)
            return
        await self.dispose()

    async def dispose(self) -> None:
        """Really close the connection and stop its thread."""
        await asyncio.get_running_loop().run_in_executor(self._thread, self._connection.close)
        self._thread.shutdown(wait=True)


class PooledSQLiteEngine(SQLiteEngine):
    """SQLiteEngine whose queries and transactions borrow kept connections.

    Outside a started pool (migrations, one-off CLI work) each query opens and closes
    its own connection, as Piccolo's engine does.
    """

    def __init__(self, path: str, *, pool_size: int = 4, busy_timeout_ms: int = 10_000) -> None:
        super().__init__(path=path, timeout=busy_timeout_ms / 1000)
        self.pool_size = pool_size
        self.busy_timeout_ms = busy_timeout_ms
        self._pool: asyncio.Queue[SQLiteConnection] | None = None
        self._members: list[SQLiteConnection] = []
        self.write_lock: asyncio.Lock | None = None
        self.inline_reader: InlineReader | None = None

    @property
    def pool_started(self) -> bool:
        return self._pool is not None

    async def start_connection_pool(self) -> None:
        if self._pool is not None:
            return
        pool: asyncio.Queue[SQLiteConnection] = asyncio.Queue()
        for _ in range(self.pool_size):
            member = await SQLiteConnection.open(self.connection_kwargs, self.busy_timeout_ms, pool)
            self._members.append(member)
            pool.put_nowait(member)
        self._pool = pool
        self.write_lock = asyncio.Lock()
        self.inline_reader = InlineReader(self.path, self.busy_timeout_ms)

    async def close_connection_pool(self) -> None:
        if self._pool is None:
            return
        # Wait for borrowed connections to come back so no statement is cut short.
        for _ in range(len(self._members)):
            await self._pool.get()
        if self._members:
            await self._members[0].execute("PRAGMA optimize")  # keeps the planner's statistics fresh
        for member in self._members:
            await member.dispose()
        self._members.clear()
        self._pool = None
        self.write_lock = None
        if self.inline_reader is not None:
            self.inline_reader.close()
            self.inline_reader = None

    async def get_connection(self) -> SQLiteConnection:  # type: ignore[override]
        if self._pool is not None:
            return await self._pool.get()
        return await SQLiteConnection.open(self.connection_kwargs, self.busy_timeout_ms, None)

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        return SQLiteTransaction(engine=self, transaction_type=transaction_type, allow_nested=allow_nested)

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> list[Row]:
        connection = await self.get_connection()
        try:
            return await connection.execute(query, args or ())
        finally:
            await connection.close()

    async def _run_in_existing_connection(
        self,
        connection: SQLiteConnection,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> list[Row]:
        return await connection.execute(query, args or ())

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False) -> list[Row]:
        query, args = querystring.compile_string(engine_type=self.engine_type)
        current = self.current_transaction.get()
        if current is not None:
            connection: SQLiteConnection = current.connection
            return await connection.execute(query, args)
        return await self._run_in_new_connection(query, args)
