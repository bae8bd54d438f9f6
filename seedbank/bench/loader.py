"""Bulk loading of the generated collection straight through the drivers (Piccolo per row would take hours).

The schema comes from the real migrations (``python -m seedbank.cli migrate``); rows go
in one transaction per batch: ``executemany`` inside ``BEGIN IMMEDIATE`` on SQLite,
``copy_records_to_table`` inside a transaction on PostgreSQL, with foreign keys and the
migrations' triggers and checks in force, as for any other write. Afterwards the
planner statistics are gathered (``ANALYZE``; ``VACUUM ANALYZE`` on PostgreSQL so the
covering indexes answer index-only) and PostgreSQL's id sequences are moved past the
ids given here, so rows created later through the API get fresh ids.

Run as ``python -m seedbank.bench.loader ENGINE URL PARAMS_JSON``: it loads into an
empty migrated database and prints its report (rows, seconds, its own peak RSS) as JSON.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import asyncpg

from seedbank.bench.dataset import Batch, DatasetGenerator, Stamp, TableRows
from seedbank.bench.params import DatasetParams
from seedbank.db.database import sqlite_path

__all__ = ["BuildReport", "load_postgres", "load_sqlite", "migrate", "peak_rss_mb"]

# Columns newer than some schemas the bench may meet (an older checkout): written when the schema has them.
OPTIONAL_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    {
        ("custodian", "coordinate_source"),
        ("custodian", "coordinate_precision"),
        ("lot", "holder_latitude"),
        ("lot", "holder_longitude"),
    }
)
# Tables whose ids the generator gives (their sequences move past them on PostgreSQL).
_GIVEN_IDS = ("taxon", "custodian", "accession", "lot", "lot_entry")


@dataclass(slots=True)
class BuildReport:
    """How a dataset was built: rows per table, seconds per phase, the loader's peak memory."""

    engine: str
    key: str
    params: dict[str, Any]
    rows: dict[str, int] = field(default_factory=dict)
    test_uses: int = 0  # germination tests, as ledger test-use entries for now
    migrate_seconds: float = 0.0
    load_seconds: float = 0.0  # generating and writing, interleaved batch by batch
    analyze_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    skipped_columns: list[str] = field(default_factory=list)
    built_at: str = ""

    @property
    def total_seconds(self) -> float:
        return self.migrate_seconds + self.load_seconds + self.analyze_seconds

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "total_seconds": round(self.total_seconds, 2)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BuildReport:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


def peak_rss_mb() -> float:
    """This process's peak resident set size (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def migrate(url: str) -> float:
    """Run the committed migrations with the real command; seconds taken."""
    started = time.perf_counter()
    env = {**os.environ, "SEEDBANK_DATABASE_URL": url}
    command = [sys.executable, "-m", "seedbank.cli", "migrate"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603  (our own CLI)
    if result.returncode != 0:
        raise RuntimeError(f"migrate failed on {url}:\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - started


def _sqlite_stamp(seconds: int) -> str:
    # What Piccolo stores for an aware datetime on SQLite: str(datetime) in UTC.
    return time.strftime("%Y-%m-%d %H:%M:%S+00:00", time.gmtime(seconds))


def _postgres_stamp(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _project(part: TableRows, present: set[str], skipped: list[str]) -> TableRows:
    """Keep the columns the schema has; a missing column is an error unless it is optional."""
    missing = [column for column in part.columns if column not in present]
    if not missing:
        return part
    for column in missing:
        if (part.table, column) not in OPTIONAL_COLUMNS:
            raise RuntimeError(f"the schema has no column {part.table}.{column}: migrate, or update the generator")
        if f"{part.table}.{column}" not in skipped:
            skipped.append(f"{part.table}.{column}")
    keep = [index for index, column in enumerate(part.columns) if column in present]
    rows = [tuple(row[index] for index in keep) for row in part.rows]
    return TableRows(part.table, tuple(part.columns[index] for index in keep), rows)


def _count(report: BuildReport, batch: Batch) -> None:
    for part in batch.tables:
        report.rows[part.table] = report.rows.get(part.table, 0) + len(part.rows)
    report.test_uses += len(batch.test_uses)


def _batches(params: DatasetParams, stamp: Stamp) -> Iterator[Batch]:
    return DatasetGenerator(params, stamp).batches()


# -- SQLite ------------------------------------------------------------------------------


def load_sqlite(url: str, params: DatasetParams, key: str) -> BuildReport:
    """Migrate the (new, empty) SQLite file at ``url`` and load the collection into it."""
    report = BuildReport(engine="sqlite", key=key, params=asdict(params))
    report.migrate_seconds = migrate(url)
    connection = sqlite3.connect(sqlite_path(url), isolation_level=None)  # transactions opened by hand below
    try:
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON", "busy_timeout = 10000"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("PRAGMA cache_size = -262144")  # this connection only: index pages stay in memory
        columns: dict[str, set[str]] = {}
        started = time.perf_counter()
        for batch in _batches(params, _sqlite_stamp):
            connection.execute("BEGIN IMMEDIATE")
            try:
                for part in batch.tables:
                    if part.table not in columns:
                        info = connection.execute(f'PRAGMA table_info("{part.table}")').fetchall()
                        columns[part.table] = {row[1] for row in info}
                    written = _project(part, columns[part.table], report.skipped_columns)
                    names = ", ".join(f'"{column}"' for column in written.columns)
                    marks = ", ".join("?" for _ in written.columns)
                    connection.executemany(f'INSERT INTO "{part.table}" ({names}) VALUES ({marks})', written.rows)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            _count(report, batch)
        report.load_seconds = time.perf_counter() - started
        started = time.perf_counter()
        connection.execute("ANALYZE")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        report.analyze_seconds = time.perf_counter() - started
    finally:
        connection.close()
    report.peak_rss_mb = peak_rss_mb()
    report.built_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return report


# -- PostgreSQL --------------------------------------------------------------------------


async def load_postgres(url: str, params: DatasetParams, key: str) -> BuildReport:
    """Migrate the (new, empty) PostgreSQL database at ``url`` and load the collection into it."""
    report = BuildReport(engine="postgres", key=key, params=asdict(params))
    report.migrate_seconds = await asyncio.to_thread(migrate, url)
    connection = await asyncpg.connect(url)
    try:
        columns: dict[str, set[str]] = {}
        started = time.perf_counter()
        for batch in _batches(params, _postgres_stamp):
            async with connection.transaction():
                for part in batch.tables:
                    if part.table not in columns:
                        names = await connection.fetch(
                            "SELECT column_name FROM information_schema.columns WHERE table_name = $1", part.table
                        )
                        columns[part.table] = {row["column_name"] for row in names}
                    written = _project(part, columns[part.table], report.skipped_columns)
                    await connection.copy_records_to_table(
                        part.table, records=written.rows, columns=list(written.columns)
                    )
            _count(report, batch)
        for table in _GIVEN_IDS:
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)'
            )
        report.load_seconds = time.perf_counter() - started
        started = time.perf_counter()
        await connection.execute("VACUUM (ANALYZE)")
        report.analyze_seconds = time.perf_counter() - started
    finally:
        await connection.close()
    report.peak_rss_mb = peak_rss_mb()
    report.built_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return report


def main(argv: list[str] | None = None) -> int:
    """``ENGINE URL PARAMS_JSON KEY``: load, then print the report as one JSON line."""
    engine, url, described, key = argv if argv is not None else sys.argv[1:]
    params = DatasetParams(**json.loads(described))
    report = load_sqlite(url, params, key) if engine == "sqlite" else asyncio.run(load_postgres(url, params, key))
    print(json.dumps(report.to_json()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
