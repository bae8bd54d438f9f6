"""The raw-driver reference: a bare Litestar handler running the accession read with the driver alone.

Same route, same SELECT as the real read (``services.accessions`` builds it), same uvicorn
settings as the other two servers; no Piccolo, no service layer, no read model: the row
goes out as the driver gives it (``dict``, encoded by Litestar). It measures the most a
handler doing this read can serve on this machine with this engine, so the API read
scenario can show where the app stands between the constant handler and this ceiling.

SQLite: one kept connection read on the event loop's thread (as the app's point reads).
PostgreSQL: an asyncpg pool of the app's size, with the app's no-reset release.
``uvicorn --factory seedbank.bench.raw_read_app:asgi`` with ``SEEDBANK_DATABASE_URL`` set.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from litestar import Litestar, get
from litestar.exceptions import NotFoundException

from seedbank.catalog.services.accessions import READ_SQL
from seedbank.db.database import DEFAULT_POOL_SIZE, EngineKind, compile_sql, engine_kind, keep_session, sqlite_path

__all__ = ["asgi"]


class _SQLiteReads:
    def __init__(self, path: str) -> None:
        self._connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._connection.execute("PRAGMA query_only = ON")
        self._sql = compile_sql(READ_SQL, EngineKind.SQLITE)

    async def read(self, accession_id: int) -> dict[str, Any] | None:
        cursor = self._connection.execute(self._sql, (accession_id,))
        try:
            values = cursor.fetchone()
            names = [column[0] for column in cursor.description]
        finally:
            cursor.close()
        return None if values is None else dict(zip(names, values, strict=True))

    async def close(self) -> None:
        self._connection.close()


class _PostgresReads:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._sql = compile_sql(READ_SQL, EngineKind.POSTGRES)

    @classmethod
    async def open(cls, dsn: str) -> _PostgresReads:
        pool = await asyncpg.create_pool(
            dsn, min_size=1, max_size=DEFAULT_POOL_SIZE[EngineKind.POSTGRES], reset=keep_session
        )
        return cls(pool)

    async def read(self, accession_id: int) -> dict[str, Any] | None:
        async with self._pool.acquire() as connection:
            record = await connection.fetchrow(self._sql, accession_id)
        return None if record is None else dict(record)

    async def close(self) -> None:
        await self._pool.close()


def asgi() -> Litestar:
    url = os.environ["SEEDBANK_DATABASE_URL"]
    reads: list[_SQLiteReads | _PostgresReads] = []

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        kind = engine_kind(url)
        if kind is EngineKind.SQLITE:
            reads.append(_SQLiteReads(sqlite_path(url)))
        else:
            reads.append(await _PostgresReads.open("postgresql://" + url.split("://", 1)[1]))
        try:
            yield
        finally:
            await reads.pop().close()

    @get("/api/v1/accessions/{accession_id:int}")
    async def raw_accession(accession_id: int) -> dict[str, Any]:
        """The stored row, as the driver reads it."""
        row = await reads[0].read(accession_id)
        if row is None:
            raise NotFoundException(f"there is no accession {accession_id}")
        return row

    return Litestar(route_handlers=[raw_accession], lifespan=[lifespan], debug=False)
