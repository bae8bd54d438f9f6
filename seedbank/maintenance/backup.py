"""SQLite backups and restores through SQLite's online backup API (``sqlite3.Connection.backup``).

A backup is consistent while the server runs: SQLite copies the pages under its own locks (a read
snapshot of a WAL database; it starts over by itself if a page changes under it between steps). It
is written beside the target under a temporary name and renamed when complete and checked, so a
failed backup never leaves a half file in its place.

A restore is careful in three ways: the backup is checked first (SQLite's integrity check, and that it
is a seedbank database); an existing database is replaced only when asked (``force``), and a copy of it
is kept beside it first; the pages go in through the same backup API, inside SQLite's write lock, so
a server still running sees the old catalogue or the restored one, never a mixture, and no file is ever
copied over a live database.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BackupError", "Copied", "backup_sqlite", "restore_sqlite", "verify_backup"]

Progress = Callable[[int, int], None]  # (pages copied, pages in all)
PAGES_PER_STEP = 1024
_REQUIRED_TABLES = frozenset({"accession", "taxon", "lot", "lot_entry", "migration"})  # migration: Piccolo's record


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Copied:
    path: Path
    pages: int
    bytes: int
    seconds: float
    kept: Path | None = None  # a restore: where the database it replaced was kept


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, progress: Progress | None, pages: int) -> int:
    total = 0

    def report(_status: int, remaining: int, count: int) -> None:
        nonlocal total
        total = count
        if progress is not None:
            progress(count - remaining, count)

    source.backup(target, pages=pages, progress=report)
    return total


def verify_backup(path: Path) -> None:
    """A sound SQLite file holding a seedbank catalogue, or BackupError saying what it is not."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            verdict = [row[0] for row in connection.execute("PRAGMA quick_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from None
    if verdict != ["ok"]:
        raise BackupError(f"{path} fails SQLite's integrity check: {'; '.join(verdict[:3])}")
    if missing := _REQUIRED_TABLES - tables:
        raise BackupError(f"{path} is not a seedbank database (no {', '.join(sorted(missing))} table)")


def backup_sqlite(database: Path, target: Path, *, force: bool = False, progress: Progress | None = None) -> Copied:
    """Copy the live database into ``target`` (refused if it exists, unless ``force``)."""
    if not database.is_file():
        raise BackupError(f"there is no database at {database}")
    if target.resolve() == database.resolve():
        raise BackupError("the backup cannot be the database itself")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists: choose another name, or --force to replace it")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(partial)) as copy:
            pages = _copy(source, copy, progress, PAGES_PER_STEP)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        verify_backup(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Copied(target, pages, target.stat().st_size, time.perf_counter() - started)


def restore_sqlite(backup: Path, database: Path, *, force: bool = False, progress: Progress | None = None) -> Copied:
    """Put the backup's catalogue in place of the database at ``database`` (an existing one only with ``force``)."""
    verify_backup(backup)
    kept: Path | None = None
    if database.exists():
        if not force:
            raise BackupError(
                f"{database} already holds a database: --force replaces it (a copy of it is kept beside it first)"
            )
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = database.with_name(f"{database.name}.before-restore-{stamp}")
        backup_sqlite(database, kept)
    database.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with (
        closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(database, timeout=30)) as target,
    ):
        # All pages in one step: one write transaction on the target, atomic for anyone reading it.
        pages = _copy(source, target, progress, -1)
        target.execute("PRAGMA journal_mode = WAL")
    return Copied(database, pages, database.stat().st_size, time.perf_counter() - started, kept)
