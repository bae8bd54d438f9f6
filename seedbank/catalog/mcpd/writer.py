"""Writing MCPD (pure): an accession back into an MCPD row, and rows into a standard CSV, streamed.

seedbank's own passport fields with no MCPD descriptor travel as the extension columns COLLECTOR,
HOLDERCOMMUNITY and ACCESSTERMS, after the standard ones.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Protocol

from seedbank.catalog.coordinates import Axis, format_dms
from seedbank.catalog.mcpd.mapping import (
    COLUMN_OF,
    DATE_FIELDS,
    EXTENSION_FIELDS,
    KEPT_IN_REMARKS,
    KNOWN,
    MCPD_FIELDS,
    TAXON_FIELDS,
    unescape_kept,
)
from seedbank.catalog.partial_dates import PartialDate
from seedbank.catalog.schemas import AccessionRead

__all__ = ["TaxonNames", "accession_to_mcpd", "kept_in_remarks", "write_mcpd"]

# -- exporting ----------------------------------------------------------------------------


class TaxonNames(Protocol):
    """What an export needs of a taxon (``TaxonRead`` and ``TaxonCreate`` both have it)."""

    @property
    def genus(self) -> str: ...
    @property
    def species(self) -> str | None: ...
    @property
    def species_author(self) -> str | None: ...
    @property
    def subtaxa(self) -> str | None: ...
    @property
    def subtaxa_author(self) -> str | None: ...
    @property
    def crop_name(self) -> str | None: ...


def _decimal_text(value: float) -> str:
    """The shortest text that reads back as the same float, never in exponent form."""
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text or "E" in text else text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return _decimal_text(value)
    if isinstance(value, list | tuple):
        return ";".join(_cell(item) for item in value)
    return str(value)


def _take_kept(remarks: str | None) -> tuple[dict[str, str], str]:
    """Kept PUID/ACCEURL entries from the front of remarks, and what remains."""
    entries = (remarks or "").split(";")
    kept: dict[str, str] = {}
    while entries:
        key, colon, value = entries[0].partition(":")
        if not colon or key not in KEPT_IN_REMARKS or key in kept:
            break
        kept[key] = unescape_kept(value)
        entries.pop(0)
    return kept, ";".join(entries)


def kept_in_remarks(remarks: str | None) -> dict[str, str]:
    """The MCPD fields (PUID, ACCEURL) an import kept at the front of an accession's remarks."""
    return _take_kept(remarks)[0]


def accession_to_mcpd(accession: AccessionRead, taxon: TaxonNames) -> dict[str, str]:
    """An accession and its taxon as one MCPD row (every MCPD and extension column, '' where empty)."""
    kept, remarks = _take_kept(accession.remarks)
    row = dict.fromkeys(MCPD_FIELDS + EXTENSION_FIELDS, "")
    for name, column in COLUMN_OF.items():
        if name in TAXON_FIELDS.values():
            row[column] = _cell(getattr(taxon, name))
        elif hasattr(accession, name):
            row[column] = _cell(getattr(accession, name))
    row["PUID"] = kept.get("PUID", accession.puid)
    row["ACCEURL"] = kept.get("ACCEURL", "")
    row["REMARKS"] = remarks
    for column, name in DATE_FIELDS.items():
        stored = getattr(accession, name)
        row[column] = PartialDate.parse(stored).mcpd() if stored else ""
    latitude, longitude = accession.collecting_latitude, accession.collecting_longitude
    row["LATITUDE"] = format_dms(latitude, Axis.LATITUDE) if latitude is not None else ""
    row["LONGITUDE"] = format_dms(longitude, Axis.LONGITUDE) if longitude is not None else ""
    return row


def write_mcpd(
    rows: Iterable[Mapping[str, object]],
    *,
    extensions: bool = True,
    bom: bool = False,
    rows_per_chunk: int = 256,
    header: bool = True,
) -> Iterator[str]:
    """An MCPD v2.1 CSV as text chunks: comma, CRLF, header in the standard order, ';'-joined multi-values.

    Encode the chunks as UTF-8 (``bom=True`` starts with a byte-order mark, which spreadsheet programs want).
    ``extensions=False`` leaves out seedbank's COLLECTOR, HOLDERCOMMUNITY and ACCESSTERMS columns, e.g. for
    an aggregator that should not receive a holder community's name. ``header=False`` writes rows only (and
    no byte-order mark): the continuation of a file written a batch at a time.
    """
    columns = MCPD_FIELDS + (EXTENSION_FIELDS if extensions else ())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        if bom:
            buffer.write("\ufeff")
        writer.writerow(columns)
    for count, row in enumerate(rows, start=1):
        if unknown := set(row) - KNOWN:
            raise ValueError(f"not MCPD columns: {', '.join(sorted(unknown))}")
        writer.writerow([_cell(row.get(column)) for column in columns])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
