"""Wire contracts of MCPD import and export: the import report and the passport completeness summary."""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

from seedbank.catalog.pdci import GermplasmType

__all__ = [
    "ImportCounts",
    "ImportOutcome",
    "McpdImportReport",
    "McpdProblem",
    "PdciBand",
    "PdciByType",
    "PdciSummaryRead",
]

ImportOutcome = Literal["checked", "loaded", "refused"]


class McpdProblem(Struct):
    """One problem of the file (``row`` null) or of a row: where, which column, what value, and why."""

    reason: str
    severity: Literal["error", "warning"]
    row: int | None = None
    line: int | None = None
    column: str | None = None
    value: str | None = None


class ImportCounts(Struct):
    """What the import did, or in a dry run what it would do."""

    rows: int  # data rows read
    clean: int  # rows without errors
    with_errors: int  # rows with at least one error: never loaded
    with_warnings: int  # rows with warnings only (they load)
    inserted: int
    updated: int
    unchanged: int
    skipped: int  # rows not loaded: with errors, or everything when the load was refused
    taxa_created: int


class McpdImportReport(Struct):
    """The outcome of an MCPD import.

    ``outcome``: ``checked`` (a dry run: nothing was written; the counts say what a real run would
    do), ``loaded`` (written, all in one transaction), or ``refused`` (nothing written: the file has
    errors and the import was all-or-nothing, or the file itself is unreadable).
    """

    outcome: ImportOutcome
    dry_run: bool
    clean_only: bool
    file_name: str | None
    encoding: str | None
    delimiter: str | None
    columns: list[str]
    unknown_columns: list[str]
    counts: ImportCounts
    file_problems: list[McpdProblem]
    problems: list[McpdProblem]  # row problems, in file order, the first ``problems_shown``
    problems_total: int
    problems_truncated: bool
    import_id: int | None = None  # the audit trail's record id of a load that changed something


class PdciBand(Struct):
    """Accessions whose index falls in ``[low, high)`` (the last band includes 10)."""

    low: int
    high: int
    accessions: int


class PdciByType(Struct):
    germplasm_type: GermplasmType
    accessions: int
    mean: float


class PdciSummaryRead(Struct):
    """Passport data completeness (PDCI, 0–10; van Hintum et al. 2011) of the accessions a filter selects."""

    accessions: int
    mean: float | None
    minimum: float | None
    maximum: float | None
    distribution: list[PdciBand]
    by_type: list[PdciByType]
