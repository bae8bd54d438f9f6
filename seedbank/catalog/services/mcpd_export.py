"""MCPD export: the accessions a catalogue query selects, as an MCPD file streamed batch by batch, and their PDCI.

The query is the catalogue search's own (``AccessionQuery``, through ``search.matching_accessions``), so
an export selects exactly what a search would list, in the same accession-number order; it walks the
selection in keyset-ordered batches, each accession once, so a 100,000-accession export never sits in
memory. Each accession goes out as the API reads it (``accessions._read``) turned into its MCPD row
(``accession_to_mcpd``): what an import stored comes back field for field.

Exports are staff work (``mcpd.export``): they carry the whole passport, also the collecting details of
accessions under community or consent terms, which a search would withhold from outsiders; nothing is
blanked without saying so. ``extensions=False`` leaves seedbank's own columns out (for Genesys).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

from seedbank.accounts.policy import Action, require
from seedbank.accounts.principal import Principal
from seedbank.catalog.mcpd import accession_to_mcpd, write_mcpd
from seedbank.catalog.pdci import PdciScore, summarise_pdci
from seedbank.catalog.schemas_mcpd import PdciBand, PdciByType, PdciSummaryRead
from seedbank.catalog.services.accessions import TAXON_COLUMNS, _read
from seedbank.catalog.services.completeness import TAXON_PDCI_COLUMNS, stored_pdci
from seedbank.catalog.services.search import AccessionQuery, matching_accessions
from seedbank.db import Database, Row

__all__ = ["EXPORT_BATCH", "McpdExport", "export_mcpd", "mcpd_file_name", "summarise_mcpd"]

EXPORT_BATCH = 500
_HOLDINGS = ("holdings_lots", "holdings_on_hand", "holdings_available")


@dataclass(frozen=True, slots=True)
class _TaxonNames:
    """A taxon's names as an MCPD row needs them (``TaxonNames``), from an accession read's ``taxon_`` columns."""

    genus: str
    species: str | None
    species_author: str | None
    subtaxa: str | None
    subtaxa_author: str | None
    crop_name: str | None


def _taxon_names(row: Row) -> _TaxonNames:
    return _TaxonNames(
        genus=row["taxon_genus"],
        species=row["taxon_species"],
        species_author=row["taxon_species_author"],
        subtaxa=row["taxon_subtaxa"],
        subtaxa_author=row["taxon_subtaxa_author"],
        crop_name=row["taxon_crop_name"],
    )


async def _batches(db: Database, viewer: Principal, query: AccessionQuery) -> AsyncIterator[list[Row]]:
    """The selected accessions' whole rows (with taxon names and holdings), a batch at a time, in search order."""
    cursor: str | None = None
    while True:
        page, cursor = await matching_accessions(db, query, viewer, cursor=cursor, limit=EXPORT_BATCH)
        if page:
            marks = ", ".join("{}" for _ in page)
            found = await db.fetch(
                f"SELECT a.*, {TAXON_COLUMNS}, {TAXON_PDCI_COLUMNS} FROM accession a JOIN taxon t ON t.id = a.taxon "
                f"WHERE a.id IN ({marks})",
                *(row["id"] for row in page),
            )
            by_id = {row["id"]: row for row in found}
            # Holdings come with the search's rows; an accession deleted in between is simply not there.
            yield [by_id[row["id"]] | {name: row[name] for name in _HOLDINGS} for row in page if row["id"] in by_id]
        if cursor is None:
            return


class _Completeness:
    """PDCI scores tallied as accessions go by (scores repeat, one object per pattern: counted, not kept)."""

    def __init__(self) -> None:
        self._counts: dict[int, tuple[PdciScore, int]] = {}

    def add(self, row: Row) -> None:
        score = stored_pdci(row)
        _, seen = self._counts.get(id(score), (score, 0))
        self._counts[id(score)] = (score, seen + 1)

    def summary(self) -> PdciSummaryRead:
        summary = summarise_pdci(score for score, times in self._counts.values() for _ in range(times))
        return PdciSummaryRead(
            accessions=summary.count,
            mean=summary.mean,
            minimum=summary.minimum,
            maximum=summary.maximum,
            distribution=[
                PdciBand(low=band, high=band + 1, accessions=count) for band, count in enumerate(summary.distribution)
            ],
            by_type=[
                PdciByType(germplasm_type=kind, accessions=count, mean=mean)
                for kind, (count, mean) in sorted(summary.by_type.items())
            ],
        )


class McpdExport:
    """An export ready to stream: its file name, its UTF-8 chunks, and (once streamed) its PDCI summary."""

    def __init__(
        self, file_name: str, first: list[Row], rest: AsyncIterator[list[Row]], *, extensions: bool, bom: bool
    ) -> None:
        self.file_name = file_name
        self._first, self._rest = first, rest
        self._extensions, self._bom = extensions, bom
        self._completeness = _Completeness()
        self.accessions = 0

    @property
    def chunks(self) -> AsyncIterator[bytes]:
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[bytes]:
        header = True
        async for batch in self._batches():
            rows = []
            for row in batch:
                self._completeness.add(row)
                rows.append(accession_to_mcpd(_read(row), _taxon_names(row)))
            self.accessions += len(rows)
            yield "".join(write_mcpd(rows, extensions=self._extensions, bom=self._bom, header=header)).encode()
            header = False
        if header:  # nothing selected: the header alone
            yield "".join(write_mcpd([], extensions=self._extensions, bom=self._bom)).encode()

    async def _batches(self) -> AsyncIterator[list[Row]]:
        if self._first:
            yield self._first
        async for batch in self._rest:
            yield batch

    def summary(self) -> PdciSummaryRead:
        """The completeness of what has streamed so far (all of it, once the chunks are exhausted)."""
        return self._completeness.summary()


def mcpd_file_name(instcode: str, today: dt.date) -> str:
    return f"{instcode}-mcpd-{today:%Y%m%d}.csv"


async def export_mcpd(
    db: Database, actor: Principal, query: AccessionQuery, *, instcode: str, extensions: bool = True, bom: bool = False
) -> McpdExport:
    """The selected accessions as an MCPD v2.1 file (staff only: checked here, before anything streams)."""
    require(actor, Action.MCPD_EXPORT)
    file_name = mcpd_file_name(instcode, dt.datetime.now(dt.UTC).date())
    batches = _batches(db, actor, query)
    # The first batch is read now: a query the catalogue refuses fails here, before a byte has gone out.
    first: list[Row] = await anext(batches, [])
    return McpdExport(file_name, first, batches, extensions=extensions, bom=bom)


async def summarise_mcpd(db: Database, actor: Principal, query: AccessionQuery) -> PdciSummaryRead:
    """How complete the selected accessions' passports are: PDCI count, mean, range, bands, by germplasm type."""
    require(actor, Action.MCPD_EXPORT)
    completeness = _Completeness()
    async for batch in _batches(db, actor, query):
        for row in batch:
            completeness.add(row)
    return completeness.summary()
