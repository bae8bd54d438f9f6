"""The words an accession is found by, kept in ``accession_term`` (an index both engines share).

A catalogue query word matches an accession when it is the prefix of one of its terms:
"maiz" finds "Maíz cariaco", "cari" finds it too, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from seedbank.catalog.passport import split_values
from seedbank.db import Database, Row
from seedbank.text import terms

__all__ = ["accession_terms", "rebuild_terms_of_taxon", "replace_terms"]

_TERM_SOURCE = (
    "SELECT a.id, a.accession_number, a.accession_names, t.genus, t.species, t.subtaxa, t.crop_name, "
    "t.common_name_es, t.common_name_en, t.local_name "
    "FROM accession a JOIN taxon t ON t.id = a.taxon"
)


def accession_terms(source: Row) -> list[str]:
    """Folded words of the accession's taxon, crop and local names and its number."""
    return terms(
        source["genus"],
        source["species"],
        source["subtaxa"],
        source["crop_name"],
        source["common_name_es"],
        source["common_name_en"],
        source["local_name"],
        source["accession_number"],
        *split_values(source["accession_names"]),
    )


async def replace_terms(db: Database, accession_ids: Sequence[int]) -> None:
    """Recompute the terms of these accessions (inside the caller's write transaction)."""
    for start in range(0, len(accession_ids), 500):
        chunk = list(accession_ids[start : start + 500])
        marks = ", ".join("{}" for _ in chunk)
        await db.fetch(f"DELETE FROM accession_term WHERE accession IN ({marks})", *chunk)
        sources = await db.fetch(f"{_TERM_SOURCE} WHERE a.id IN ({marks})", *chunk)
        rows = [(source["id"], term) for source in sources for term in accession_terms(source)]
        if rows:
            await db.execute_many("INSERT INTO accession_term (accession, term) VALUES ({}, {})", rows)


async def rebuild_terms_of_taxon(db: Database, taxon_id: int) -> None:
    ids = [row["id"] for row in await db.fetch("SELECT id FROM accession WHERE taxon = {}", taxon_id)]
    await replace_terms(db, ids)
