"""``seedbank check``, ``seedbank backup`` and ``seedbank restore``.

Exit codes: 0 done (every check passed; the backup or restore is complete); 1 a check failed, or the
copy could not be made; 2 bad usage: a file that exists without ``--force``, a file that is not a
seedbank backup, or PostgreSQL (whose own tools do this better: the command says which).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import click
import msgspec
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from seedbank.catalog.services.consistency import CheckResult, check_consistency
from seedbank.cli_support import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, fail, run_on_database
from seedbank.db.database import EngineKind, engine_kind, sqlite_path
from seedbank.maintenance.backup import BackupError, Copied, backup_sqlite, restore_sqlite
from seedbank.settings import get_settings

__all__ = ["backup_command", "check_command", "restore_command"]

POSTGRES_BACKUP = """\
This database is PostgreSQL: back it up with PostgreSQL's own tool, which is consistent while the
server runs (one snapshot) and restores into any version at least as new:

    pg_dump --format=custom --file=seedbank-$(date +%Y%m%d).dump "$SEEDBANK_DATABASE_URL"

Keep the dump off this machine. Check one now and then: pg_restore --list FILE | head."""

POSTGRES_RESTORE = """\
This database is PostgreSQL: restore a pg_dump backup with PostgreSQL's own tool. Stop the server
first, then (replacing what the database holds):

    pg_restore --clean --if-exists --no-owner --dbname="$SEEDBANK_DATABASE_URL" FILE
    seedbank migrate        # brings an older backup up to this version's schema
    seedbank check"""


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print every check's result as one JSON object (for scripts).")
def check_command(as_json: bool) -> None:
    """Check the catalogue's consistency: stock against ledgers, reservations, search terms, sequences.

    Read only. Exit code 1 when any check finds a problem (each is named, with a few examples).
    """
    results: list[CheckResult] = run_on_database(check_consistency)
    failed = [result for result in results if not result.ok]
    if as_json:
        report = {"ok": not failed, "checks": [msgspec.to_builtins(result) for result in results]}
        click.echo(json.dumps(report, ensure_ascii=False))
    else:
        for result in results:
            status = "ok" if result.ok else f"{result.problems} problem{'s' if result.problems != 1 else ''}"
            click.echo(f"{result.name:<18} {status:<12} {result.description}")
            for example in result.examples:
                click.echo(f"{'':<18} - {example}")
        click.echo("all checks passed" if not failed else f"{len(failed)} of {len(results)} checks failed")
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _database_path() -> Path | None:
    url = get_settings().database_url
    return Path(sqlite_path(url)) if engine_kind(url) is EngineKind.SQLITE else None


def _with_progress(description: str, quiet: bool, work: str) -> Progress:
    columns = (TextColumn(description), BarColumn(), MofNCompleteColumn(), TextColumn(work))
    return Progress(*columns, console=Console(stderr=True), disable=quiet, transient=False)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def backup_command(file: Path, force: bool, quiet: bool) -> None:
    """Copy the SQLite database to FILE, consistent even while the server runs (SQLite's online backup).

    For PostgreSQL it prints how to use pg_dump instead (and exits 2).
    """
    database = _database_path()
    if database is None:
        click.echo(POSTGRES_BACKUP, err=True)
        sys.exit(EXIT_USAGE)
    with _with_progress("backing up", quiet, "pages") as bar:
        task = bar.add_task("backup", total=None)
        try:
            copied = backup_sqlite(
                database, file, force=force, progress=lambda done, total: bar.update(task, completed=done, total=total)
            )
        except BackupError as error:
            fail(str(error), EXIT_USAGE)
        except (OSError, sqlite3.Error) as error:
            fail(f"the backup could not be written: {error}", EXIT_PROBLEMS)
    _said(copied, "backed up to")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the database that is there (a copy of it is kept beside it).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def restore_command(file: Path, force: bool, quiet: bool) -> None:
    """Put a backup made by `seedbank backup` in place of the SQLite database.

    The backup is checked first; an existing database is replaced only with --force, and kept beside
    it as DATABASE.before-restore-TIMESTAMP. Stop the server first if you can; a running one sees the
    old catalogue or the restored one, never a mixture. Run `seedbank migrate` afterwards for an older
    backup. For PostgreSQL it prints how to use pg_restore instead (and exits 2).
    """
    database = _database_path()
    if database is None:
        click.echo(POSTGRES_RESTORE, err=True)
        sys.exit(EXIT_USAGE)
    with _with_progress("restoring", quiet, "pages") as bar:
        task = bar.add_task("restore", total=None)
        try:
            copied = restore_sqlite(
                file, database, force=force, progress=lambda done, total: bar.update(task, completed=done, total=total)
            )
        except BackupError as error:
            fail(str(error), EXIT_USAGE)
        except (OSError, sqlite3.Error) as error:
            fail(f"the restore could not be made: {error}", EXIT_PROBLEMS)
    _said(copied, "restored into")
    if copied.kept is not None:
        click.echo(f"the database it replaced is kept at {copied.kept}")
    click.echo("next: `seedbank migrate` (for a backup older than this version), then `seedbank check`")


def _said(copied: Copied, verb: str) -> None:
    click.echo(f"{verb} {copied.path}: {copied.bytes / 1e6:.1f} MB, {copied.pages} pages, {copied.seconds:.1f} s")
