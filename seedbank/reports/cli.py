"""``seedbank labels`` and ``seedbank inventory``: print PDFs from the command line, acting as the system.

No cap on the number of labels or lots (the HTTP API has one); labels show a progress bar on standard error.
Exit codes, as every ``seedbank`` command (``seedbank.cli_support``): 0 written; 1 the file could not be written;
2 nothing printed (a bad selection, an unknown id, a label that does not fit: the message says which).
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from seedbank.accounts.principal import SYSTEM
from seedbank.catalog.services.search import AccessionQuery
from seedbank.cli_support import EXIT_PROBLEMS, fail, run_on_database
from seedbank.db import Database
from seedbank.reports.labels import MachineCode
from seedbank.reports.services import MAX_COPIES, LabelLayout, LabelPlan, LabelRequest, PrintedPdf
from seedbank.reports.services import print_inventory as print_inventory_pdf
from seedbank.reports.services import print_labels as print_labels_pdf
from seedbank.settings import get_settings

__all__ = ["inventory_command", "labels_command"]


def _print(work: Callable[[Database], Awaitable[PrintedPdf]], output: str | None, unit: str) -> None:
    """Run one printing job against the configured database and write its PDF (a refusal exits 2)."""
    pdf = run_on_database(work)
    if output == "-":
        sys.stdout.buffer.write(pdf.content)
        sys.stdout.buffer.flush()
        return
    path = Path(output or pdf.filename)
    try:
        path.write_bytes(pdf.content)
    except OSError as error:
        fail(f"could not write {path}: {error.strerror or error}", EXIT_PROBLEMS)
    noun = unit if pdf.items != 1 else unit.removesuffix("s")
    click.echo(f"{path}: {pdf.items:,} {noun}, {len(pdf.content):,} bytes")


_OUTPUT = click.option(
    "-o",
    "--output",
    default=None,
    help="The PDF to write ('-': standard output) [default: a dated name in this directory].",
)


@click.command("labels")
@click.option("--custodian", "custodian_id", type=click.IntRange(1), help="A custodian's lots in the collection.")
@click.option("--accession", "accession_ids", type=click.IntRange(1), multiple=True, help="Accession id (repeatable).")
@click.option("--lot", "lot_ids", type=click.IntRange(1), multiple=True, help="Lot id (repeatable).")
@click.option("--q", default=None, help="Catalogue search words (taxon, crop, local names), as the API's q.")
@click.option("--crop", default=None, help="Crop name, accents and case aside.")
@click.option("--genus", default=None)
@click.option("--species", default=None)
@click.option("--state", default=None, help="State (estado) of a holder.")
@click.option(
    "--layout",
    type=click.Choice([layout.value for layout in LabelLayout], case_sensitive=False),
    default=LabelLayout.L7160.value,
    show_default=True,
    help="Label stock.",
)
@click.option(
    "--code",
    type=click.Choice([code.value for code in MachineCode], case_sensitive=False),
    default=MachineCode.QR.value,
    show_default=True,
    help="Machine code: QR and DataMatrix hold a link to the accession, Code 128 the bare PUID.",
)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True, help="Used labels on the first sheet.")
@click.option(
    "--copies",
    type=click.IntRange(1, MAX_COPIES),
    default=None,
    help="Copies of each label [default: 2 per lot (inside and outside the packet), 1 per accession].",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@_OUTPUT
def labels_command(
    custodian_id: int | None,
    accession_ids: tuple[int, ...],
    lot_ids: tuple[int, ...],
    q: str | None,
    crop: str | None,
    genus: str | None,
    species: str | None,
    state: str | None,
    layout: str,
    code: str,
    offset: int,
    copies: int | None,
    quiet: bool,
    output: str | None,
) -> None:
    """Print accession or packet labels on label stock.

    Choose them one way: --custodian and/or search filters (the lots in the collection of the accessions
    found), --accession ... (accession-level labels), or --lot ....

    Example: seedbank labels --custodian 12 --layout L7160 -o etiquetas.pdf
    """
    layout_value = next(item for item in LabelLayout if item.value.lower() == layout.lower())
    request = LabelRequest(
        accession_ids=accession_ids,
        lot_ids=lot_ids,
        query=AccessionQuery(q=q, genus=genus, species=species, crop=crop, custodian_id=custodian_id, state=state),
        layout=layout_value,
        code=MachineCode(code.lower()),
        offset=offset,
        copies=copies,
    )
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )

    async def work(db: Database) -> PrintedPdf:
        # The bar appears once the selection is checked and counted: a refused request prints only the error.
        progress = Progress(*columns, console=console, disable=quiet or output == "-", transient=False)
        task = progress.add_task("drawing labels", total=None)

        def planned(plan: LabelPlan) -> None:
            progress.update(task, total=plan.labels)
            progress.start()

        try:
            return await print_labels_pdf(
                db,
                SYSTEM,
                request,
                base_url=get_settings().base_url,
                max_labels=None,
                on_plan=planned,
                progress=lambda drawn: progress.update(task, completed=drawn),
            )
        finally:
            progress.stop()

    _print(work, output, "labels")


@click.command("inventory")
@click.option("--custodian", "custodian_id", type=click.IntRange(1), help="A custodian's lots [default: every lot].")
@_OUTPUT
def inventory_command(custodian_id: int | None, output: str | None) -> None:
    """Print the inventory list: a custodian's lots, or the whole collection's, by crop, with due flags."""
    instcode = get_settings().instcode
    _print(lambda db: print_inventory_pdf(db, SYSTEM, custodian_id, instcode=instcode, max_lots=None), output, "lots")
