"""The links printed in labels' QR and DataMatrix codes: ``{SEEDBANK_BASE_URL}/a/{PUID}`` → the accession."""

from __future__ import annotations

from seedbank.db import Database
from seedbank.errors import NotFound

__all__ = ["MAX_PUID_LENGTH", "accession_for_puid"]

MAX_PUID_LENGTH = 300  # the column's length


async def accession_for_puid(db: Database, puid: str) -> int:
    """The id of the accession with this PUID (a DOI, or INSTCODE:ACCENUMB:GENUS), exactly as printed."""
    puid = puid.strip()
    found = None
    if puid and len(puid) <= MAX_PUID_LENGTH:
        found = await db.fetch_point("SELECT id FROM accession WHERE puid = {}", puid)
    if found is None:
        raise NotFound(f"no accession has the PUID {puid[:MAX_PUID_LENGTH]!r}", field="puid")
    return int(found["id"])
