"""Checking one MCPD row (pure): every problem named with row, line, column, value and reason, and the passport.

A clean row gives its :class:`Passport`: ``TaxonCreate`` and ``AccessionCreate`` fields, as the API
takes them. Bad data never raises.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import msgspec

from seedbank.catalog.coordinates import Axis, CoordinateError, CoordinateReading, read_mcpd_coordinate
from seedbank.catalog.mcpd.mapping import (
    ACCESSION_FIELDS,
    CODE_FIELDS,
    CODED_FIELDS,
    COLUMN_OF,
    DATE_FIELDS,
    NUMBER_FIELDS,
    POSITION,
    REQUIRED_FIELDS,
    TAXON_FIELDS,
    TEXT_FIELDS,
    escape_kept,
)
from seedbank.catalog.mcpd.reader import McpdRow, Problem, Severity
from seedbank.catalog.mcpd_codes import STORAGE_TYPES
from seedbank.catalog.passport import check_code, check_country, check_partial_date, puid_for, split_values
from seedbank.catalog.schemas import AccessionCreate, TaxonCreate
from seedbank.catalog.vocabulary import AccessTerms
from seedbank.errors import InvalidInput

__all__ = ["CheckedRow", "Passport", "check_row", "passport_from_row", "validate_row"]

_WIEWS = re.compile(r"^[A-Z]{3}[0-9]{3,4}$")
_GENUS = re.compile(r"^[A-Z×][a-z×-]+$")
_MCPD_DATE = re.compile(r"^\d{4}(\d{2}|--)(\d{2}|--)$")
_WHOLE = re.compile(r"^[+-]?\d+(\.0*)?$")
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_UNKNOWN_SPECIES = frozenset({"sp.", "spp.", "sp", "spp"})
# What the service fills in: a valid stand-in lets a whole struct be checked at once.
_PLACEHOLDERS: dict[type[msgspec.Struct], dict[str, Any]] = {AccessionCreate: {"taxon_id": 1}, TaxonCreate: {}}
_HINTS: dict[type[msgspec.Struct], dict[str, Any]] = {
    contract: typing.get_type_hints(contract, include_extras=True) for contract in (AccessionCreate, TaxonCreate)
}


@dataclass(frozen=True, slots=True)
class Passport:
    """A clean row as the API takes it: ``TaxonCreate`` fields, and ``AccessionCreate`` fields but ``taxon_id``."""

    taxon: dict[str, Any]
    accession: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CheckedRow:
    row: McpdRow
    problems: list[Problem]
    passport: Passport | None  # None when any problem is an error

    @property
    def clean(self) -> bool:
        return self.passport is not None


_ACCESS_TERMS = tuple(terms.value for terms in AccessTerms)
# Each coded MCPD column's codes (SAMPSTAT, COLLSRC, MLSSTAT and STORAGE).
_CODES: dict[str, Mapping[int, str]] = {column: codes for column, (_, codes) in CODED_FIELDS.items()}
_CODES["STORAGE"] = STORAGE_TYPES
_NOT_A_WIEWS_CODE = "not a FAO WIEWS institute code (three capital letters and digits, e.g. VEN001)"


# Readings of one cell that depend on nothing else: remembered, since values repeat down a file
# (dates, codes, countries, institutes). Bounded caches keep memory flat however long the file.
_CACHE = 4096


@lru_cache(maxsize=_CACHE)
def _whole_number(text: str) -> int | None:
    return int(text.split(".")[0]) if _WHOLE.match(text) else None


@lru_cache(maxsize=_CACHE)
def _code_reason(code: int, codes_of: str) -> str | None:
    """Why ``code`` is not a code of the MCPD descriptor ``codes_of``, or None when it is."""
    try:
        check_code(code, _CODES[codes_of], codes_of, codes_of)
    except InvalidInput as error:
        return str(error)
    return None


@lru_cache(maxsize=_CACHE)
def _items(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.strip() for item in split_values(text) if item.strip()))


@lru_cache(maxsize=_CACHE)
def _date_reading(text: str, today: dt.date) -> tuple[str | None, str | None]:
    """(the stored MCPD form, None) or (None, why it is refused)."""
    try:
        return check_partial_date(text, "", today), None
    except InvalidInput as error:
        return None, str(error)


@lru_cache(maxsize=_CACHE)
def _country_reason(code: str) -> str | None:
    try:
        check_country(code, "")
    except InvalidInput as error:
        return str(error)
    return None


@lru_cache(maxsize=_CACHE)
def _coordinate_reading(text: str, axis: Axis) -> CoordinateReading | str:
    """The reading, or why the text is not a coordinate."""
    try:
        return read_mcpd_coordinate(text, axis)
    except CoordinateError as error:
        return error.reason


_PLAIN_DEGREES = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")


def _plain_degrees(text: str, limit: int) -> float | None:
    """``-10.5056`` as a float when it is plainly decimal degrees within ±limit; None for anything else."""
    if not _PLAIN_DEGREES.match(text):
        return None
    degrees = float(text)
    return degrees if -limit <= degrees <= limit else None


class _RowCheck:
    """Reads one row's fields into API values, noting each problem with its row, line, column and value."""

    def __init__(self, row: McpdRow, today: dt.date) -> None:
        self.row = row
        self.fields = row.fields
        self.today = today
        self.problems: list[Problem] = list(row.problems)

    def text(self, column: str) -> str | None:
        return self.fields.get(column)

    def fail(self, column: str, reason: str, value: str | None = None, severity: Severity = "error") -> None:
        shown = value if value is not None else self.fields.get(column)
        self.problems.append(Problem(reason, self.row.number, self.row.line, column, shown, severity))

    def failed(self, column: str) -> bool:
        return any(problem.column == column and problem.severity == "error" for problem in self.problems)

    def whole_number(self, column: str, text: str | None = None) -> int | None:
        text = self.fields.get(column) if text is None else text
        if text is None:
            return None
        number = _whole_number(text)
        if number is None:
            self.fail(column, "not a whole number", text)
        return number

    def coded(self, column: str, text: str | None = None) -> int | None:
        code = self.whole_number(column, text)
        if code is None:
            return None
        reason = _code_reason(code, column)
        if reason is not None:
            self.fail(column, reason, text)
            return None
        return code

    def items(self, column: str) -> list[str]:
        """A multi-valued field: values split on ';', trimmed, repeats dropped (as the catalogue stores them)."""
        text = self.fields.get(column)
        return [] if text is None else list(_items(text))

    def institute_codes(self, column: str) -> list[str]:
        codes = self.items(column)
        for code in codes:
            if not _WIEWS.match(code):
                self.fail(column, _NOT_A_WIEWS_CODE, code)
        return codes

    def date(self, column: str) -> str | None:
        text = self.fields.get(column)
        if text is None:
            return None
        stored, reason = _date_reading(text, self.today)
        if reason is not None:
            self.fail(column, reason)
            return None
        if not _MCPD_DATE.match(text):
            self.fail(column, f"not in MCPD form YYYYMMDD; read as {stored}", severity="warning")
        return stored

    def country(self, column: str) -> str | None:
        code = self.fields.get(column)
        if code is None:
            return None
        reason = _country_reason(code)
        if reason is not None:
            self.fail(column, reason)
            return None
        return code

    def coordinate(self, axis: Axis) -> float | None:
        """DECLATITUDE (or DECLONGITUDE) when given, else LATITUDE (LONGITUDE); both given must agree."""
        if axis is Axis.LATITUDE:
            decimal_column, standard_column = "DECLATITUDE", "LATITUDE"
        else:
            decimal_column, standard_column = "DECLONGITUDE", "LONGITUDE"
        if standard_column not in self.fields and (text := self.fields.get(decimal_column)) is not None:
            degrees = _plain_degrees(text, axis.limit)
            if degrees is not None:  # the common case: decimal degrees alone, in range (else the full reading)
                return degrees
        decimal = self._reading(decimal_column, axis)
        if decimal is not None and decimal.notation != "decimal":
            self.fail(decimal_column, f"{decimal_column} holds decimal degrees (+N, +E), not {axis.dms_form}")
            decimal = None
        standard = self._reading(standard_column, axis)
        if standard is None:
            return decimal.degrees if decimal else None
        if decimal is not None and not standard.agrees_with(decimal.degrees, decimal.precision):
            reason = f"{standard.degrees:.6f}° disagrees with {decimal_column} {decimal.degrees:.6f}°"
            self.fail(standard_column, reason)
        elif standard.notation == "decimal":
            agreement = f", and agrees with {decimal_column}" if decimal is not None else ""
            reason = f"decimal degrees where MCPD wants {axis.dms_form}: read as decimal degrees{agreement}"
            self.fail(standard_column, reason, severity="warning")
        chosen = decimal or standard
        return chosen.degrees

    def _reading(self, column: str, axis: Axis) -> CoordinateReading | None:
        text = self.fields.get(column)
        if text is None:
            return None
        reading = _coordinate_reading(text, axis)
        if isinstance(reading, str):
            self.fail(column, reading)
            return None
        return reading

    def point(self) -> tuple[float | None, float | None]:
        fields = self.fields
        latitude_given = "DECLATITUDE" in fields or "LATITUDE" in fields
        longitude_given = "DECLONGITUDE" in fields or "LONGITUDE" in fields
        latitude = self.coordinate(Axis.LATITUDE) if latitude_given else None
        longitude = self.coordinate(Axis.LONGITUDE) if longitude_given else None
        if latitude_given != longitude_given:
            missing, column = (Axis.LONGITUDE, "DECLONGITUDE") if latitude_given else (Axis.LATITUDE, "DECLATITUDE")
            reason = f"a point needs its {missing} too: latitude and longitude come together or not at all"
            self.fail(column, reason, "")
        return latitude, longitude

    def access_terms(self) -> str:
        text = self.fields.get("ACCESSTERMS")
        if text is None:
            return AccessTerms.FREE.value
        if text not in _ACCESS_TERMS:
            self.fail("ACCESSTERMS", f"access terms are one of {', '.join(_ACCESS_TERMS)}")
        return text

    def puid(self) -> tuple[str | None, str | None]:
        """(the DOI, a PUID to keep in remarks): a PUID that is neither a DOI nor the derived one is kept."""
        fields = self.fields
        text = fields.get("PUID")
        if text is None:
            return None, None
        if match := _DOI.match(text):
            return match[1], None
        derived = puid_for(fields.get("INSTCODE") or "", fields.get("ACCENUMB") or "", fields.get("GENUS") or "")
        return None, (None if text == derived else text)

    def remarks(self, kept_puid: str | None) -> str | None:
        """Kept MCPD fields first (so an export finds them), then REMARKS, then columns MCPD does not define."""
        fields = self.fields
        extra = self.row.extra
        if not (kept_puid or extra or "ACCEURL" in fields):
            return fields.get("REMARKS")  # the common case: nothing to gather
        entries = []
        if kept_puid:
            entries.append(f"PUID:{escape_kept(kept_puid)}")
        if url := fields.get("ACCEURL"):
            entries.append(f"ACCEURL:{escape_kept(url)}")
        if remarks := fields.get("REMARKS"):
            entries.append(remarks)
        entries.extend(f"{column}:{escape_kept(value)}" for column, value in extra.items())
        return ";".join(entries) or None


def _offending_character(value: object) -> str:
    """Names what a text pattern refused: a line break, a control character, or ';' inside a list item."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        for char in str(item):
            if char in "\r\n":
                return "a line break"
            if ord(char) < 0x20 or ord(char) == 0x7F:
                return f"the control character U+{ord(char):04X}"
            if char == ";" and isinstance(value, list):
                return "';' inside a value"
    return "a character"


def _message(error: msgspec.ValidationError, value: object) -> str:
    """msgspec's wording → a reason a curator can act on."""
    text = str(error).split(" - at `")[0]
    if match := re.search(r"`array` of length <= (\d+)", text):
        return f"more than {match[1]} values"
    if match := re.search(r"length <= (\d+)", text):
        return f"longer than {match[1]} characters"
    if "length >= 1" in text:
        return "empty"
    if "matching regex" in text:
        return f"contains {_offending_character(value)}, which this field does not allow"
    if match := re.search(r"([<>]=?) (-?[\d.]+)", text):
        return f"out of range: must be {match[1]} {match[2]}"
    return text


def _check_contract(check: _RowCheck, values: Mapping[str, Any], contract: type[msgspec.Struct]) -> None:
    """What the API would refuse (lengths, characters, ranges), reported under the MCPD column it came from."""
    try:
        # One conversion of the whole struct is the common, clean case (and ~20× cheaper than field by field);
        # empty fields are left to the struct's defaults, which are valid (and cheaper than converting None).
        given = {name: value for name, value in values.items() if value is not None and value != []}
        msgspec.convert(_PLACEHOLDERS[contract] | given, contract)
        return
    except msgspec.ValidationError:
        pass
    hints = _HINTS[contract]
    for name, value in values.items():
        column = COLUMN_OF[name]
        if value is None or value == [] or check.failed(column):
            continue
        try:
            msgspec.convert(value, hints[name])
        except msgspec.ValidationError as error:
            check.fail(column, _message(error, value))


@lru_cache(maxsize=_CACHE)
def _taxon_fits(names: tuple[str | None, ...]) -> bool:
    """Whether these taxon names (in ``TAXON_FIELDS`` order) are what ``TaxonCreate`` accepts."""
    values = {name: value for name, value in zip(TAXON_FIELDS.values(), names, strict=True) if value is not None}
    try:
        msgspec.convert(values, TaxonCreate)
    except msgspec.ValidationError:
        return False
    return True


def check_row(row: McpdRow, *, today: dt.date) -> CheckedRow:
    """Every problem of the row (bad data never raises) and, when none is an error, its passport."""
    if not row.fields and not row.extra and row.problems:
        return CheckedRow(row, list(row.problems), None)  # unreadable: its own problem says all there is to say
    check = _RowCheck(row, today)
    for column in REQUIRED_FIELDS:
        if column not in row.fields:
            check.fail(column, f"{column} is required", "")
    taxon = _taxon(check)
    accession = _accession(check)
    if not _taxon_fits(tuple(taxon.values())):  # taxa repeat down a file: a fitting one is remembered
        _check_contract(check, taxon, TaxonCreate)
    _check_contract(check, accession, AccessionCreate)
    problems = sorted(check.problems, key=_column_order)
    failed = any(problem.severity == "error" for problem in problems)
    return CheckedRow(row, problems, None if failed else Passport(taxon, accession))


def _column_order(problem: Problem) -> int:
    """Row-wide problems first, then the standard's column order, then other columns."""
    if problem.column is None:
        return -1
    return POSITION.get(problem.column, len(POSITION))


def validate_row(row: McpdRow, *, today: dt.date) -> list[Problem]:
    """Every problem of the row, errors and warnings."""
    return check_row(row, today=today).problems


def passport_from_row(row: McpdRow, *, today: dt.date) -> Passport:
    """The passport of a clean row; InvalidInput naming the first error otherwise."""
    checked = check_row(row, today=today)
    if checked.passport is None:
        first = next(problem for problem in checked.problems if problem.severity == "error")
        raise InvalidInput(str(first), field=first.column)
    return checked.passport


def _taxon(check: _RowCheck) -> dict[str, Any]:
    fields = check.fields
    taxon: dict[str, Any] = {name: fields.get(column) for column, name in TAXON_FIELDS.items()}
    if taxon["genus"] is not None and not _GENUS.match(taxon["genus"]):
        check.fail("GENUS", "a genus is one capitalised word of lower-case letters (e.g. Zea)")
    if taxon["species"] is not None and taxon["species"].lower() in _UNKNOWN_SPECIES:
        taxon["species"] = None  # MCPD's "sp.": the species is not known
    return taxon


def _accession(check: _RowCheck) -> dict[str, Any]:
    fields = check.fields
    accession: dict[str, Any] = {name: fields.get(column) for column, name in TEXT_FIELDS.items()}
    instcode = fields.get("INSTCODE")
    if instcode is not None and not _WIEWS.match(instcode):
        check.fail("INSTCODE", _NOT_A_WIEWS_CODE)
    accession["instcode"] = instcode
    for column, name in CODE_FIELDS.items():
        accession[name] = ";".join(check.institute_codes(column)) or None
    accession["accession_names"] = check.items("ACCENAME")
    accession["other_numbers"] = check.items("OTHERNUMB")
    accession["safety_duplicate_sites"] = check.institute_codes("DUPLSITE")
    storage = [check.coded("STORAGE", item) for item in check.items("STORAGE")]
    accession["storage_types"] = [code for code in storage if code is not None]
    for column, (name, _) in CODED_FIELDS.items():
        accession[name] = check.coded(column)
    for column, name in NUMBER_FIELDS.items():
        accession[name] = check.whole_number(column)
    for column, name in DATE_FIELDS.items():
        accession[name] = check.date(column)
    accession["origin_country"] = check.country("ORIGCTY")
    accession["collecting_latitude"], accession["collecting_longitude"] = check.point()
    accession["access_terms"] = check.access_terms()
    accession["doi"], kept_puid = check.puid()
    accession["remarks"] = check.remarks(kept_puid)
    return {name: accession[name] for name in ACCESSION_FIELDS}
