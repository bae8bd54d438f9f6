"""Collecting-site coordinates as MCPD v2.1 writes them (pure).

Two spellings live side by side in passport data: DECLATITUDE/DECLONGITUDE in decimal
degrees (+N, +E), and LATITUDE ``DDMMSSH`` / LONGITUDE ``DDDMMSSH`` in degrees, minutes
and seconds with hyphens for missing digits (``103020S`` = −10.505556, ``0762510W`` =
−76.419444, ``10----S`` = −10). Real exports often put decimal degrees in LATITUDE and
LONGITUDE; :func:`read_mcpd_coordinate` accepts either and says which it found, with the
precision the text carries so a second spelling of the same point can be compared to it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = [
    "Axis",
    "CoordinateError",
    "CoordinateReading",
    "check_decimal",
    "format_dms",
    "parse_decimal",
    "parse_dms",
    "read_mcpd_coordinate",
]

Notation = Literal["DDMMSSH", "decimal"]

_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_DMS = {
    "latitude": re.compile(r"^(?P<d>\d{2})(?P<m>\d{2}|--)(?P<s>\d{2}|--)(?P<h>[NSns])$"),
    "longitude": re.compile(r"^(?P<d>\d{3})(?P<m>\d{2}|--)(?P<s>\d{2}|--)(?P<h>[EWew])$"),
}
# Float noise allowed when two spellings of one point are compared.
_EPSILON = 1e-9


class Axis(StrEnum):
    LATITUDE = "latitude"
    LONGITUDE = "longitude"

    @property
    def limit(self) -> int:
        return 90 if self is Axis.LATITUDE else 180

    @property
    def hemispheres(self) -> tuple[str, str]:
        """(positive, negative) hemisphere letters."""
        return ("N", "S") if self is Axis.LATITUDE else ("E", "W")

    @property
    def dms_form(self) -> str:
        return "DDMMSSH" if self is Axis.LATITUDE else "DDDMMSSH"


class CoordinateError(ValueError):
    """A coordinate that cannot be read or is impossible; ``reason`` says why, ``value`` what was given."""

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(f"{value!r}: {reason}")
        self.value = value
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CoordinateReading:
    """A coordinate read from text: decimal degrees, the notation found, and the precision that notation carries."""

    degrees: float
    notation: Notation
    precision: float  # degrees: 1/3600 for whole seconds, 1/60 for minutes, 10^-n for n decimals

    def agrees_with(self, degrees: float, precision: float = 0.0) -> bool:
        """Whether another spelling of the point is the same place within the coarser of the two precisions."""
        return abs(self.degrees - degrees) <= max(self.precision, precision) + _EPSILON


def check_decimal(value: float, axis: Axis) -> float:
    """Decimal degrees within range and finite (NaN and infinities are refused)."""
    if not math.isfinite(value):
        raise CoordinateError(str(value), f"a {axis} must be a finite number of degrees")
    if not -axis.limit <= value <= axis.limit:
        raise CoordinateError(str(value), f"a {axis} lies between -{axis.limit} and {axis.limit} degrees")
    return value


def parse_decimal(text: str, axis: Axis) -> CoordinateReading:
    """``-10.5056`` (a decimal comma is read too, as semicolon-separated files from spreadsheets have it)."""
    cleaned = text.strip()
    if not _DECIMAL.match(cleaned):
        raise CoordinateError(text, f"not a {axis} in decimal degrees")
    cleaned = cleaned.replace(",", ".")
    degrees = check_decimal(float(cleaned), axis)
    decimals = len(cleaned.partition(".")[2])
    return CoordinateReading(degrees, "decimal", 10.0**-decimals)


def parse_dms(text: str, axis: Axis) -> CoordinateReading:
    """MCPD ``DDMMSSH`` (latitude) or ``DDDMMSSH`` (longitude), hyphens for missing minutes or seconds."""
    cleaned = text.strip()
    match = _DMS[axis].match(cleaned)
    if match is None:
        raise CoordinateError(text, _dms_shape_reason(cleaned, axis))
    degrees, minutes, seconds = match["d"], match["m"], match["s"]
    if minutes == "--" and seconds != "--":
        raise CoordinateError(text, "seconds are given but minutes are missing")
    whole = int(degrees)
    mins = 0 if minutes == "--" else int(minutes)
    secs = 0 if seconds == "--" else int(seconds)
    if mins > 59 or secs > 59:
        raise CoordinateError(text, "minutes and seconds run from 00 to 59")
    value = whole + mins / 60 + secs / 3600
    if value > axis.limit:
        raise CoordinateError(text, f"a {axis} lies between -{axis.limit} and {axis.limit} degrees")
    if match["h"].upper() == axis.hemispheres[1]:
        value = -value
    precision = 1.0 if minutes == "--" else (1 / 60 if seconds == "--" else 1 / 3600)
    return CoordinateReading(value, "DDMMSSH", precision)


def _dms_shape_reason(text: str, axis: Axis) -> str:
    positive, negative = axis.hemispheres
    width = 2 if axis is Axis.LATITUDE else 3
    if text and text[-1].upper() in "NSEW" and text[-1].upper() not in (positive, negative):
        return f"a {axis} ends in {positive} or {negative}, not {text[-1]}"
    return (
        f"{axis.upper()} is {axis.dms_form}: {width} digits of degrees, 2 of minutes, 2 of seconds "
        f"(hyphens for missing ones) and {positive} or {negative}"
    )


def read_mcpd_coordinate(text: str, axis: Axis) -> CoordinateReading:
    """What an MCPD LATITUDE/LONGITUDE cell holds: the standard DDMMSSH form, or decimal degrees as many exports do."""
    cleaned = text.strip()
    if _DMS[axis].match(cleaned):
        return parse_dms(cleaned, axis)
    if _DECIMAL.match(cleaned):
        try:
            return parse_decimal(cleaned, axis)
        except CoordinateError:
            if cleaned.isdigit() and len(cleaned) >= 6:
                positive, negative = axis.hemispheres
                raise CoordinateError(
                    text, f"looks like {axis.dms_form} without its hemisphere letter ({positive} or {negative})"
                ) from None
            raise
    # Neither form: explain the standard one, which is what the field is meant to hold.
    return parse_dms(cleaned, axis)


def format_dms(value: float, axis: Axis) -> str:
    """Decimal degrees → ``DDMMSSH``/``DDDMMSSH``, rounded half up to whole seconds (59.5″ carries into the minute)."""
    check_decimal(value, axis)
    total_seconds = math.floor(abs(value) * 3600 + 0.5)
    degrees, rest = divmod(total_seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    positive, negative = axis.hemispheres
    hemisphere = negative if value < 0 and total_seconds else positive
    width = 2 if axis is Axis.LATITUDE else 3
    return f"{degrees:0{width}d}{minutes:02d}{seconds:02d}{hemisphere}"
