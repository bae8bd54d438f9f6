"""MCPD import: a passport file checked and loaded into the catalogue, in one write transaction.

The file streams through the checks a batch at a time (``mcpd_prepare``: in a worker thread, or a
worker process for a large file), so a 100,000-row file never sits in memory whole; each batch is
settled against the database (``mcpd_batches.ImportRun``) inside the one write transaction the whole
import runs in, so a failure, or a kill, leaves the catalogue as it was. Rows are upserted by
INSTCODE + ACCENUMB: new ones inserted, changed ones updated, identical ones left alone, so importing
the same file again changes nothing (no ``updated_at`` bump, no audit row).

A default import stops writing at the first row with an error and rolls everything back at the end,
having named every problem; ``clean_only`` loads the clean rows and reports the rest; ``dry_run``
writes nothing and says what a real run would do. A file-level error (a missing or repeated required
column, an empty file) refuses the whole file in every mode.

Imports are staff work (``mcpd.import``), and each row needs what the single-record API would ask:
``accession.create`` for the steward new accessions get (the caller's only organisation, as for
``POST /accessions``, or ``steward_custodian_id``; none for admins and the command line), and
``accession.update`` on the steward of an accession it would change. Other institutes' exports keep
their own INSTCODE. The audit trail gets one ``mcpd.import`` event per import that changed something
(file name and counts) and one ``accession.update`` event (before, after) per accession it changed,
since an update overwrites passport data; inserts are not recorded one by one (a 100,000-row file would
write 100,000 audit rows): their ``created_at`` and the import's event tell that story.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterable, Callable, Iterable
from dataclasses import dataclass
from typing import IO

from seedbank.accounts.policy import Action, require
from seedbank.accounts.principal import Principal
from seedbank.catalog.mcpd_prepare import FileInfo, Preparation, open_preparation
from seedbank.catalog.schemas_mcpd import ImportCounts, ImportOutcome, McpdImportReport
from seedbank.catalog.services.accessions import _steward_for
from seedbank.catalog.services.mcpd_batches import ImportRun, ProblemSink, problem_read
from seedbank.db import Database
from seedbank.errors import NotFound
from seedbank.uploads import spool_upload, spooled_file

__all__ = ["BATCH_ROWS", "ImportOptions", "Progress", "import_mcpd", "import_mcpd_upload"]

BATCH_ROWS = 1000
Progress = Callable[[int], None]  # rows read so far

_CUSTODIAN = "SELECT id FROM custodian WHERE id = {}"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: ``dry_run`` writes nothing; ``clean_only`` loads the clean rows of a file with errors."""

    file_name: str | None = None
    dry_run: bool = False
    clean_only: bool = False
    steward_custodian_id: int | None = None  # for new accessions; default: the caller's only organisation


class _RollBack(Exception):
    """Leaves the import's transaction without committing (a dry run, or a refused file)."""


async def import_mcpd(
    db: Database,
    actor: Principal,
    source: IO[bytes] | Iterable[bytes],
    options: ImportOptions,
    *,
    on_problem: ProblemSink | None = None,
    progress: Progress | None = None,
) -> McpdImportReport:
    """Check an MCPD file and load it (or, in a dry run, say what loading would do): one transaction."""
    require(actor, Action.MCPD_IMPORT)
    steward = _steward_for(actor, options.steward_custodian_id)
    require(actor, Action.ACCESSION_CREATE, (steward,), field="steward_custodian_id")
    run = ImportRun(
        db,
        actor,
        file_name=options.file_name,
        dry_run=options.dry_run,
        clean_only=options.clean_only,
        steward=steward,
        on_problem=on_problem,
    )
    preparation = await open_preparation(source, run.now.date(), BATCH_ROWS)
    import_id: int | None = None
    refused = False
    try:
        async with db.write():
            try:
                if steward is not None and await db.fetch_value(_CUSTODIAN, steward) is None:
                    raise NotFound(f"there is no custodian {steward}", field="steward_custodian_id")
                await run.start()
                await _settle_all(run, preparation, progress)
            finally:
                await run.abandon()
            refused = _file_errors(preparation.info) or (run.tally.with_errors > 0 and not options.clean_only)
            if options.dry_run or refused:
                raise _RollBack
            import_id = await run.commit_work()
    except _RollBack:
        pass
    finally:
        await preparation.close()
    return _report(preparation.info, run, options, refused=refused, import_id=import_id)


async def _settle_all(run: ImportRun, preparation: Preparation, progress: Progress | None) -> None:
    first = True
    while batch := await preparation.batch():
        if first:
            run.learn_header(preparation.info)
            first = False
        await run.settle(batch)
        run.stop_writing_on_errors()
        if progress is not None:
            progress(run.tally.rows)
    if first:  # no data rows: the header (if any) was read all the same
        run.learn_header(preparation.info)
    await run.finish()


def _file_errors(info: FileInfo) -> bool:
    return any(problem.severity == "error" for problem in info.problems)


def _report(
    info: FileInfo, run: ImportRun, options: ImportOptions, *, refused: bool, import_id: int | None
) -> McpdImportReport:
    tally = run.tally
    outcome: ImportOutcome = "checked" if options.dry_run else "refused" if refused else "loaded"
    # What was (or, in a dry run, would be) left out: the rows with errors, or all of them when refused.
    refusing = refused or _file_errors(info) or (tally.with_errors > 0 and not options.clean_only)
    return McpdImportReport(
        outcome=outcome,
        dry_run=options.dry_run,
        clean_only=options.clean_only,
        file_name=options.file_name,
        encoding=info.encoding,
        delimiter=info.delimiter,
        columns=list(info.columns),
        unknown_columns=list(info.unknown_columns),
        counts=ImportCounts(
            rows=tally.rows,
            clean=tally.rows - tally.with_errors,
            with_errors=tally.with_errors,
            with_warnings=tally.with_warnings,
            inserted=tally.inserted,
            updated=tally.updated,
            unchanged=tally.unchanged,
            skipped=tally.rows if refusing else tally.with_errors,
            taxa_created=tally.taxa_created,
        ),
        file_problems=[problem_read(problem) for problem in info.problems],
        problems=tally.shown,
        problems_total=tally.problems_total,
        problems_truncated=tally.problems_total > len(tally.shown),
        import_id=import_id,
    )


async def import_mcpd_upload(
    db: Database,
    actor: Principal,
    body: AsyncIterable[bytes],
    options: ImportOptions,
    *,
    content_type: str | None = None,
) -> McpdImportReport:
    """An uploaded file (the body itself, or a form's ``file`` part): kept on disk as it arrives, then imported."""
    require(actor, Action.MCPD_IMPORT)  # before a byte of a large upload is kept
    with spooled_file() as spool:
        file_name = await spool_upload(body, content_type, spool)
        if file_name and not options.file_name:
            options = dataclasses.replace(options, file_name=file_name)
        return await import_mcpd(db, actor, spool, options)
