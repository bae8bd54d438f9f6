"""What the report services share: the printed file, the institute's line, and stored values as printed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from seedbank.catalog.passport import split_values
from seedbank.catalog.vocabulary import CustodianKind
from seedbank.db import Database

__all__ = ["PrintedPdf", "as_day", "first_name", "harvest_year", "institute_line", "pdf_filename"]


@dataclass(frozen=True, slots=True)
class PrintedPdf:
    """A rendered document and the name it is saved under (ASCII, so every browser and shell keeps it)."""

    filename: str
    content: bytes
    items: int  # labels printed, lots listed, tests certified


def pdf_filename(*parts: object) -> str:
    """``("etiquetas", "custodio", 12)`` → ``etiquetas-custodio-12-2026-11-28.pdf`` (today's date last)."""
    words = [re.sub(r"[^a-z0-9]+", "-", str(part).lower()).strip("-") for part in parts]
    return "-".join([*(word for word in words if word), dt.date.today().isoformat()]) + ".pdf"


async def institute_line(db: Database, instcode: str) -> str:
    """ "Centro Nacional de Resguardo de Semillas · VEN001": the centre's name (the first registered), and the code."""
    name = await db.fetch_value(
        "SELECT name FROM custodian WHERE kind = {} ORDER BY id LIMIT 1", CustodianKind.CENTRE.value
    )
    return f"{name} · {instcode}" if name else instcode


def as_day(value: object) -> dt.date | None:
    """A stored date as a day: drivers hand back dates, timestamps or ISO text (SQLite)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def harvest_year(stored: str | None) -> int | None:
    """The year of a partial date stored the MCPD way (``2019----``, ``20190315``)."""
    return int(stored[:4]) if stored and stored[:4].isdigit() else None


def first_name(accession_names: str | None) -> str | None:
    """The first of an accession's names (ACCENAME, ';'-joined): the one a label has room for."""
    names = split_values(accession_names)
    return names[0] if names else None
