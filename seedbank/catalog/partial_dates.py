"""Partial dates as passport data has them: a year, a year and month, or a whole date (pure).

Stored the MCPD way (``YYYYMMDD`` with ``--`` for what is unknown: ``1981----``),
spoken ISO-like on the API (``1981``, ``1981-10``, ``1981-10-31``). Both spellings are
read, and MCPD's ``00`` for unknown too (``19810000``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["PartialDate", "PartialDateError"]

_ISO = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
_MCPD = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2}|--)(?P<d>\d{2}|--)$")
EARLIEST_YEAR = 1700


class PartialDateError(ValueError):
    """The text is not a date, or not a possible one."""


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not EARLIEST_YEAR <= self.year <= 9999:
            raise PartialDateError(f"year {self.year} is out of range ({EARLIEST_YEAR}–9999)")
        if self.month is None and self.day is not None:
            raise PartialDateError("a day without a month is not a date")
        if self.month is not None and not 1 <= self.month <= 12:
            raise PartialDateError(f"month {self.month} does not exist")
        if self.month is not None and self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise PartialDateError(f"day {self.day} does not exist in {self.year}-{self.month:02d}")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``1981``, ``1981-10``, ``1981-10-31``, ``19811031``, ``198110--``, ``19810000``."""
        text = text.strip()
        if match := _ISO.match(text):
            month, day = match["m"], match["d"]
            return cls(int(match["y"]), int(month) if month else None, int(day) if day else None)
        if match := _MCPD.match(text):
            month = None if match["m"] in ("--", "00") else int(match["m"])
            day = None if match["d"] in ("--", "00") else int(match["d"])
            return cls(int(match["y"]), month, day)
        raise PartialDateError(f"{text!r} is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or MCPD YYYYMMDD")

    @property
    def earliest(self) -> dt.date:
        """The first day this partial date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def is_after(self, day: dt.date) -> bool:
        """True when even the earliest day this can mean is later than ``day``."""
        return self.earliest > day

    def mcpd(self) -> str:
        month = f"{self.month:02d}" if self.month else "--"
        day = f"{self.day:02d}" if self.day else "--"
        return f"{self.year:04d}{month}{day}"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()
