"""Passport-data rules (pure): PUIDs, partial dates, MCPD codes, multi-valued fields, taxon names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from seedbank.catalog.mcpd_codes import is_country_code
from seedbank.catalog.partial_dates import PartialDate, PartialDateError
from seedbank.errors import InvalidInput

__all__ = [
    "accession_number_for",
    "check_code",
    "check_codes",
    "check_country",
    "check_partial_date",
    "check_point",
    "iso_date",
    "join_values",
    "puid_for",
    "split_values",
    "taxon_full_name",
]

ACCESSION_NUMBER_DIGITS = 6


def accession_number_for(instcode: str, number: int) -> str:
    """``VEN001`` and 123 → ``VEN001-000123`` (wider when the collection outgrows six digits)."""
    return f"{instcode}-{number:0{ACCESSION_NUMBER_DIGITS}d}"


def puid_for(instcode: str, accession_number: str, genus: str, doi: str | None = None) -> str:
    """The DOI when there is one, else MCPD's fallback ``INSTCODE:ACCENUMB:GENUS``."""
    return doi if doi else f"{instcode}:{accession_number}:{genus}"


def taxon_full_name(genus: str, species: str | None, subtaxa: str | None) -> str:
    """``Zea mays subsp. mays``; a genus-only taxon reads ``Capsicum sp.``."""
    parts = [genus, species or "sp."]
    if subtaxa:
        parts.append(subtaxa)
    return " ".join(parts)


def check_partial_date(value: str | None, field: str, today: dt.date) -> str | None:
    """A partial date from the API → its stored MCPD form, or InvalidInput naming the field."""
    if value is None:
        return None
    try:
        date = PartialDate.parse(value)
    except PartialDateError as error:
        raise InvalidInput(str(error), field=field) from None
    if date.is_after(today):
        raise InvalidInput(f"{value} is in the future", field=field)
    return date.mcpd()


def iso_date(stored: str | None) -> str | None:
    """Stored MCPD form → the API's ISO-like form (``1981----`` → ``1981``, ``198110--`` → ``1981-10``)."""
    if stored is None:
        return None
    # Stored values were checked on the way in: slicing is enough (and this runs for every row served).
    year, month, day = stored[:4], stored[4:6], stored[6:8]
    if month == "--":
        return year
    if day == "--":
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


def check_code(value: int | None, codes: Mapping[int, str], field: str, descriptor: str) -> int | None:
    if value is not None and value not in codes:
        known = ", ".join(str(code) for code in codes)
        raise InvalidInput(f"{value} is not an MCPD {descriptor} code (known: {known})", field=field)
    return value


def check_codes(values: Iterable[int], codes: Mapping[int, str], field: str, descriptor: str) -> list[int]:
    checked = [check_code(value, codes, field, descriptor) for value in values]
    return [value for value in dict.fromkeys(checked) if value is not None]


def check_country(code: str | None, field: str) -> str | None:
    if code is not None and not is_country_code(code):
        raise InvalidInput(f"{code} is not an ISO 3166-1 alpha-3 country code", field=field)
    return code


def check_point(latitude: float | None, longitude: float | None, prefix: str = "") -> None:
    """Coordinates come in pairs: both or neither."""
    if (latitude is None) != (longitude is None):
        missing = f"{prefix}longitude" if longitude is None else f"{prefix}latitude"
        raise InvalidInput("latitude and longitude are given together or not at all", field=missing)


def join_values(values: Iterable[object]) -> str | None:
    """MCPD multi-valued field: values joined by ``;`` without spaces; None when empty."""
    cleaned = [str(value).strip() for value in values if str(value).strip()]
    return ";".join(dict.fromkeys(cleaned)) or None


def split_values(stored: str | None) -> list[str]:
    return [value for value in (stored or "").split(";") if value]
