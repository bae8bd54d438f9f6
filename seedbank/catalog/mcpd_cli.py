"""``seedbank import mcpd`` and ``seedbank export mcpd``: passport files in and out, as the system.

Exit codes: 0 done (a file without errors loaded, or checked in a dry run); 1 the file has errors
(nothing loaded by default; with ``--clean-only`` the rest loaded, and the errors are still problems);
2 bad usage or a file that cannot be opened.
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click
import msgspec
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from seedbank.accounts.principal import SYSTEM
from seedbank.catalog.mcpd import Problem
from seedbank.catalog.schemas_mcpd import McpdImportReport, PdciSummaryRead
from seedbank.catalog.services.mcpd_export import export_mcpd
from seedbank.catalog.services.mcpd_import import ImportOptions, import_mcpd
from seedbank.catalog.services.search import AccessionQuery
from seedbank.cli_support import EXIT_CODES_HELP, EXIT_OK, EXIT_PROBLEMS, fail, run_on_database
from seedbank.db import Database
from seedbank.settings import get_settings

__all__ = ["export_group", "import_group"]

PROBLEMS_PRINTED = 20
_PROBLEM_COLUMNS = ("row", "line", "column", "value", "severity", "reason")


# -- import ---------------------------------------------------------------------------------


class _ProblemFile:
    """Every problem, as it is found, into a CSV (or, for ``.json``, a JSON array) file."""

    def __init__(self, out: IO[str], as_json: bool) -> None:
        self.out, self.as_json, self.count = out, as_json, 0
        self.writer = None if as_json else csv.writer(out, lineterminator="\n")
        if self.writer is not None:
            self.writer.writerow(_PROBLEM_COLUMNS)
        else:
            out.write("[")

    def __call__(self, problem: Problem) -> None:
        values = [getattr(problem, name) for name in _PROBLEM_COLUMNS]
        if self.writer is not None:
            self.writer.writerow(["" if value is None else value for value in values])
        else:
            item = json.dumps(dict(zip(_PROBLEM_COLUMNS, values, strict=True)), ensure_ascii=False)
            self.out.write(("," if self.count else "") + "\n" + item)
        self.count += 1

    def close(self) -> None:
        if self.as_json:
            self.out.write("\n]\n")


@contextmanager
def _problem_sink(path: Path | None) -> Iterator[_ProblemFile | None]:
    if path is None:
        yield None
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        sink = _ProblemFile(out, path.suffix.lower() == ".json")
        yield sink
        sink.close()


class _Progress:
    """A bar over the file's bytes on a terminal; a plain line every few thousand rows elsewhere (logs, pipes)."""

    def __init__(self, source: IO[bytes], size: int | None, console: Console, quiet: bool) -> None:
        self.source, self.console, self.quiet = source, console, quiet
        self.bar: Progress | None = None
        self.last_line = 0
        if not quiet and console.is_terminal:
            columns = (
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TextColumn("{task.fields[rows]:>9,} rows"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
            )
            self.bar = Progress(*columns, console=console, transient=False)
            self.task = self.bar.add_task("importing", total=size, rows=0)

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, rows: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=self.source.tell(), rows=rows)
        elif not self.quiet and rows - self.last_line >= 5000:
            self.last_line = rows
            self.console.print(f"{rows} rows read", highlight=False)


def _print_report(report: McpdImportReport, problems_out: Path | None) -> None:
    counts = report.counts
    verb = {"checked": "would be", "loaded": "", "refused": "would be"}[report.outcome]
    lines = [
        f"{report.file_name or 'file'}: {report.outcome}"
        + (" (dry run: nothing written)" if report.dry_run else "")
        + (" (nothing written: the file has errors)" if report.outcome == "refused" else ""),
        f"  read as {report.encoding}, delimiter {report.delimiter!r}" if report.encoding else "  nothing read",
        f"  rows: {counts.rows}  clean: {counts.clean}  with errors: {counts.with_errors}  "
        f"with warnings only: {counts.with_warnings}",
        f"  {verb + ' ' if verb else ''}inserted: {counts.inserted}  updated: {counts.updated}  "
        f"unchanged: {counts.unchanged}  taxa created: {counts.taxa_created}  skipped: {counts.skipped}",
    ]
    if report.unknown_columns:
        lines.append(f"  columns kept in REMARKS: {', '.join(report.unknown_columns)}")
    for problem in report.file_problems:
        lines.append(f"  file, {problem.severity}: {problem.reason}" + (f" ({problem.value})" if problem.value else ""))
    for problem in report.problems[:PROBLEMS_PRINTED]:
        where = f"row {problem.row} (line {problem.line})" + (f", {problem.column}" if problem.column else "")
        value = f" {problem.value!r}" if problem.value else ""
        lines.append(f"  {where}{value}, {problem.severity}: {problem.reason}")
    hidden = report.problems_total - min(len(report.problems), PROBLEMS_PRINTED)
    if hidden > 0:
        where = f": all in {problems_out}" if problems_out else " (--problems-out FILE lists them all)"
        lines.append(f"  … {hidden} more problems{where}")
    click.echo("\n".join(lines))


@click.group("import", help=f"Load passport files (MCPD) into the catalogue. {EXIT_CODES_HELP}")
def import_group() -> None:
    pass


@import_group.command("mcpd")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check everything, write nothing; say what a real run would do.")
@click.option(
    "--clean-only", is_flag=True, help="Load the rows without errors and report the rest (default: all or nothing)."
)
@click.option(
    "--steward", "steward", type=click.IntRange(1), default=None, help="Custodian id answering for new accessions."
)
@click.option(
    "--problems-out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write every problem to this file (.csv, or .json for a JSON array).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object (for scripts).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def import_mcpd_command(
    file: Path,
    dry_run: bool,
    clean_only: bool,
    steward: int | None,
    problems_out: Path | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Import an MCPD v2.1 passport file (CSV or tab-separated; UTF-8, UTF-16 or Latin-1).

    Rows are matched by INSTCODE + ACCENUMB: new ones are added, changed ones updated, the same ones left
    alone, so importing a file twice changes nothing. Taxa are matched by name or created. Everything
    happens in one transaction: by default a file with any error loads nothing (every problem is listed),
    and stopping the command half-way leaves the catalogue as it was.
    """
    console = Console(stderr=True)
    from_stdin = str(file) == "-"
    options = ImportOptions(
        file_name=None if from_stdin else file.name,
        dry_run=dry_run,
        clean_only=clean_only,
        steward_custodian_id=steward,
    )
    with _open_binary(file) as source, _problem_sink(problems_out) as sink:
        size = None if from_stdin else file.stat().st_size

        async def work(db: Database) -> McpdImportReport:
            with _Progress(source, size, console, quiet or from_stdin) as progress:
                return await import_mcpd(db, SYSTEM, source, options, on_problem=sink, progress=progress)

        report = run_on_database(work)
    if as_json:
        click.echo(json.dumps(msgspec.to_builtins(report), ensure_ascii=False))
    else:
        _print_report(report, problems_out)
    errors = report.counts.with_errors or any(problem.severity == "error" for problem in report.file_problems)
    sys.exit(EXIT_PROBLEMS if errors else EXIT_OK)


@contextmanager
def _open_binary(file: Path) -> Iterator[IO[bytes]]:
    if str(file) == "-":
        yield sys.stdin.buffer
        return
    try:
        with file.open("rb") as source:
            yield source
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror}")


# -- export ---------------------------------------------------------------------------------


def _print_summary(summary: PdciSummaryRead, target: str, seconds: float) -> None:
    lines = [f"exported {summary.accessions} accessions to {target} in {seconds:.1f} s"]
    if summary.mean is not None:
        lines.append(f"  PDCI (0–10): mean {summary.mean}, from {summary.minimum} to {summary.maximum}")
        bands = "  ".join(
            f"{band.low}–{band.high}: {band.accessions}" for band in summary.distribution if band.accessions
        )
        lines.append(f"  by band: {bands}")
        for kind in summary.by_type:
            lines.append(f"  {kind.germplasm_type}: {kind.accessions} accessions, mean {kind.mean}")
    click.echo("\n".join(lines), err=True)


@click.group("export", help=f"Write the catalogue out as passport files (MCPD). {EXIT_CODES_HELP}")
def export_group() -> None:
    pass


@export_group.command("mcpd")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True, path_type=Path),
    default=None,
    help="Write the file here (default: standard output).",
)
@click.option("--q", "q", default=None, help="Words of taxon, crop or local names (as the catalogue search).")
@click.option("--genus", default=None)
@click.option("--species", default=None)
@click.option("--crop", default=None, help="Crop name, accents and case aside.")
@click.option("--custodian-id", type=click.IntRange(1), default=None, help="Accessions with a lot at this custodian.")
@click.option("--state", default=None, help="Accessions held in this state (estado).")
@click.option("--biological-status", type=click.IntRange(100, 999), default=None, help="MCPD SAMPSTAT code.")
@click.option(
    "--available/--unavailable", "has_available_seed", default=None, help="Only accessions with (without) seed to give."
)
@click.option(
    "--near", default=None, help="'latitude,longitude': with --within-km, accessions placed within that radius."
)
@click.option("--within-km", type=float, default=None)
@click.option(
    "--extensions/--no-extensions",
    default=True,
    show_default=True,
    help="seedbank's COLLECTOR, HOLDERCOMMUNITY and ACCESSTERMS columns (leave them out for Genesys).",
)
@click.option("--bom", is_flag=True, help="Start with a UTF-8 byte-order mark (for spreadsheet programs).")
@click.option("--json", "as_json", is_flag=True, help="Print the completeness summary as JSON on standard error.")
def export_mcpd_command(output: Path | None, as_json: bool, extensions: bool, bom: bool, **filters: Any) -> None:
    """Export accessions as an MCPD v2.1 file (the catalogue search's filters select them), with a PDCI summary.

    The file carries the whole passport, collecting details under community terms included: what an
    import stored comes back field for field. The summary (passport completeness, 0–10) goes to
    standard error.
    """
    query = AccessionQuery(**filters)
    to_stdout = output is None or str(output) == "-"
    started = time.perf_counter()

    async def work(db: Database) -> PdciSummaryRead:
        instcode = get_settings().instcode
        export = await export_mcpd(db, SYSTEM, query, instcode=instcode, extensions=extensions, bom=bom)
        with contextlib.nullcontext(sys.stdout.buffer) if to_stdout else _open_output(output) as out:
            async for chunk in export.chunks:
                out.write(chunk)
            out.flush()
        return export.summary()

    summary = run_on_database(work)
    if as_json:
        click.echo(json.dumps(msgspec.to_builtins(summary), ensure_ascii=False), err=True)
    else:
        _print_summary(summary, "standard output" if to_stdout else str(output), time.perf_counter() - started)
    sys.exit(EXIT_OK)


def _open_output(output: Path | None) -> IO[bytes]:
    assert output is not None
    try:
        return output.open("wb")
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror}")
