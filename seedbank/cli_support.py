"""What the ``seedbank`` commands share: exit codes, running work on the database, and help that reads like a tour.

Exit codes, the same for every command: 0 done; 1 the command ran and found problems or failed (a file
with errors, a failed consistency check, a backup that could not be made); 2 bad usage or bad input (an
unknown option, a missing file, a value the catalogue refuses).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import NoReturn, TypeVar

import click
import msgspec

from seedbank.db import Database
from seedbank.errors import DomainError
from seedbank.settings import get_settings
from seedbank.tables import ALL_TABLES

__all__ = ["EXIT_CODES_HELP", "EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "TourGroup", "fail", "run_on_database"]

T = TypeVar("T")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_CODES_HELP = (
    "Exit codes: 0 done; 1 problems found or the work failed (a file with errors, a failed check); "
    "2 bad usage or bad input."
)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def run_on_database(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run one piece of work against the configured database; a refusal from the catalogue exits 2."""

    async def run() -> T:
        settings = get_settings()
        db = Database(settings.database_url, settings.db_pool_size)
        db.bind(ALL_TABLES)
        await db.start()
        try:
            return await work(db)
        finally:
            await db.stop()

    try:
        return asyncio.run(run())
    except DomainError as error:
        fail(error.message + (f" ({error.field})" if error.field else ""))
    except msgspec.ValidationError as error:
        fail(str(error))


# The tour: sections in the order a newcomer meets the commands; commands not named here come last.
TOUR: Sequence[tuple[str, Sequence[str]]] = (
    ("Run it", ("serve", "migrate", "demo")),
    ("Passport data in and out", ("import", "export")),
    ("People and places", ("users", "geocode")),
    ("Paper", ("labels", "inventory")),
    ("Look after it", ("check", "backup", "restore")),
)


class TourGroup(click.Group):
    """A group whose help lists its commands in sections, in the order of the tour, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        toured = [name for _, names in TOUR for name in names if name in self.commands]
        return toured + sorted(name for name in self.commands if name not in toured)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        width = formatter.width or 80
        shown: set[str] = set()
        sections = [*TOUR, ("Other", tuple(sorted(self.commands)))]
        for title, names in sections:
            rows = []
            for name in names:
                command = self.commands.get(name)
                if command is None or command.hidden or name in shown:
                    continue
                shown.add(name)
                rows.append((name, command.get_short_help_str(limit=width - 6 - len(name))))
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
