"""The ``seedbank`` command: serve, migrate, demo, import/export, users, geocode, labels, check, backup/restore.

Settings come from the environment (``SEEDBANK_*``, see README); every command works
on the database ``SEEDBANK_DATABASE_URL`` names (a SQLite file by default).
"""

from __future__ import annotations

import asyncio
import os
import sys

import click

from seedbank.accounts.cli import users_group
from seedbank.catalog.geo_cli import geocode_command
from seedbank.catalog.mcpd_cli import export_group, import_group
from seedbank.cli_support import EXIT_CODES_HELP, TourGroup
from seedbank.maintenance.cli import backup_command, check_command, restore_command
from seedbank.reports.cli import inventory_command, labels_command
from seedbank.settings import SettingsError, get_settings

__all__ = ["main"]


@click.group(
    cls=TourGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=f"{EXIT_CODES_HELP} Settings come from SEEDBANK_* variables (see README); `seedbank COMMAND -h` for more.",
)
def main() -> None:
    """seedbank: native seed bank inventory and exchange catalogue.

    Start with `seedbank migrate` and `seedbank demo`, then `seedbank serve`: the API is at
    http://127.0.0.1:8000/api/v1 and its documentation at /schema. Passport files go in and out
    as MCPD (`seedbank import mcpd`, `seedbank export mcpd`); `seedbank check` and
    `seedbank backup` look after the data.
    """
    try:
        get_settings()
    except SettingsError as error:
        raise click.UsageError(str(error)) from None


@main.command()
@click.option("--host", default=None, help="Address to listen on [SEEDBANK_HOST, 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port to listen on [SEEDBANK_PORT, 8000].")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Server processes.")
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the HTTP API (OpenAPI at /schema)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "seedbank.app:asgi",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level=settings.log_level.lower(),
        access_log=settings.log_level == "DEBUG",
    )


@main.command()
def migrate() -> None:
    """Bring the database schema up to date (runs the committed migrations)."""
    ok, message = asyncio.run(run_migrations())
    if message:
        click.echo(message)
    if not ok:
        sys.exit(1)


async def run_migrations() -> tuple[bool, str | None]:
    os.environ.setdefault("PICCOLO_CONF", "seedbank.piccolo_conf")
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards(app_name="all")
    return result.success, result.message


@main.command()
@click.option("--if-empty", is_flag=True, help="Load only when the database holds no accessions.")
@click.option("--seed", type=int, default=2015, show_default=True, help="Random seed (the same seed, the same data).")
@click.option("--accessions", type=click.IntRange(1, 100_000), default=300, show_default=True)
@click.option("--accounts/--no-accounts", default=True, show_default=True, help="Create one demo account per role.")
def demo(if_empty: bool, seed: int, accessions: int, accounts: bool) -> None:
    """Load the demo collection: Venezuelan custodians, native and landrace crops, lots with ledgers."""
    from seedbank.demo import load_demo

    summary = asyncio.run(
        load_demo(get_settings(), seed=seed, accessions=accessions, only_if_empty=if_empty, accounts=accounts)
    )
    click.echo(summary)


main.add_command(users_group)
main.add_command(geocode_command)
main.add_command(labels_command)
main.add_command(inventory_command)
main.add_command(import_group)
main.add_command(export_group)
main.add_command(check_command)
main.add_command(backup_command)
main.add_command(restore_command)


if __name__ == "__main__":  # pragma: no cover
    main()
