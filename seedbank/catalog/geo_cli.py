"""``seedbank geocode``: place every custodian without coordinates, with a progress bar and a summary.

Exit codes: 0 when every custodian without coordinates was placed (or there were none), 1 when
some could not be (the summary says why, one line each), 2 when the command could not run.
"""

from __future__ import annotations

import asyncio
import json
import sys

import click
import httpx
import msgspec
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from seedbank.catalog.map_schemas import GeocodeRun
from seedbank.catalog.services.places import build_geocoder, geocode_missing
from seedbank.db import Database
from seedbank.errors import DomainError
from seedbank.settings import GEOCODER_OFF, get_settings
from seedbank.tables import ALL_TABLES

__all__ = ["geocode_command"]


async def _run(offline: bool, console: Console, quiet: bool) -> GeocodeRun:
    settings = get_settings()
    db = Database(settings.database_url, settings.db_pool_size)
    db.bind(ALL_TABLES)
    await db.start()
    try:
        async with httpx.AsyncClient() as client:
            geocoder = None if offline else build_geocoder(settings, db, client)
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            with Progress(*columns, console=console, disable=quiet, transient=False) as progress:
                task = progress.add_task("placing custodians", total=None)
                return await geocode_missing(
                    db,
                    geocoder,
                    on_start=lambda total: progress.update(task, total=total),
                    on_progress=lambda _name: progress.advance(task),
                )
    finally:
        await db.stop()


def _summary(run: GeocodeRun) -> str:
    lines = [
        f"custodians without coordinates: {run.missing}",
        f"  geocoded:       {run.geocoded}",
        f"  from gazetteer: {run.from_gazetteer}",
        f"  failed:         {len(run.failed)}",
    ]
    lines += [
        f"    custodian {failure.custodian_id} ({failure.name}): {failure.reason}"
        + (f" [{failure.field}]" if failure.field else "")
        for failure in run.failed
    ]
    lines += [f"note: {note}" for note in run.notes]
    return "\n".join(lines)


@click.command("geocode")
@click.option("--offline", is_flag=True, help="Use only the offline gazetteer: nothing goes over the network.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object (for scripts).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def geocode_command(offline: bool, as_json: bool, quiet: bool) -> None:
    """Place every custodian without coordinates: the geocoder (SEEDBANK_GEOCODER_URL), else the gazetteer.

    Nominatim is asked at most once a second and its answers are cached in the database; when it
    cannot be reached, the offline gazetteer of Venezuelan states, municipalities and parishes places
    them. Coordinates already stored are never touched. Exit code 1 when some could not be placed.
    """
    offline = offline or get_settings().geocoder_url == GEOCODER_OFF
    console = Console(stderr=True)
    try:
        run = asyncio.run(_run(offline, console, quiet))
    except DomainError as error:
        click.echo(f"error: {error.message}" + (f" ({error.field})" if error.field else ""), err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(msgspec.to_builtins(run), ensure_ascii=False))
    else:
        click.echo(_summary(run))
    sys.exit(1 if run.failed else 0)
