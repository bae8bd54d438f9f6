import datetime as dt

import pytest

from seedbank.catalog.partial_dates import PartialDate, PartialDateError


@pytest.mark.parametrize(
    ("text", "iso", "mcpd"),
    [
        ("1981", "1981", "1981----"),
        ("1981-10", "1981-10", "198110--"),
        ("1981-10-31", "1981-10-31", "19811031"),
        ("19811031", "1981-10-31", "19811031"),
        ("1981----", "1981", "1981----"),
        ("198110--", "1981-10", "198110--"),
        ("19810000", "1981", "1981----"),
        ("19811000", "1981-10", "198110--"),
        ("2024-02-29", "2024-02-29", "20240229"),
    ],
)
def test_both_spellings_read_and_write(text: str, iso: str, mcpd: str) -> None:
    date = PartialDate.parse(text)
    assert date.iso() == iso
    assert date.mcpd() == mcpd
    assert PartialDate.parse(date.mcpd()) == date


@pytest.mark.parametrize(
    "text", ["1981-02-29", "1981-13", "198113--", "1981--31", "31/10/1981", "81", "1600", "", "1981-1-1"]
)
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(PartialDateError):
        PartialDate.parse(text)


def test_future_is_judged_by_the_earliest_day_meant() -> None:
    today = dt.date(2026, 11, 28)
    assert not PartialDate.parse("2026").is_after(today)
    assert not PartialDate.parse("2026-11").is_after(today)
    assert PartialDate.parse("2026-12").is_after(today)
    assert PartialDate.parse("2026-11-29").is_after(today)
