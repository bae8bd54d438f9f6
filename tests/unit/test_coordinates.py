import math

import pytest

from seedbank.catalog.coordinates import (
    Axis,
    CoordinateError,
    check_decimal,
    format_dms,
    parse_decimal,
    parse_dms,
    read_mcpd_coordinate,
)


def test_mcpd_examples_read_as_the_standard_gives_them() -> None:
    south = parse_dms("103020S", Axis.LATITUDE)
    assert south.degrees == pytest.approx(-10.505556, abs=1e-6)
    assert south.notation == "DDMMSSH"
    assert south.precision == pytest.approx(1 / 3600)
    west = parse_dms("0762510W", Axis.LONGITUDE)
    assert west.degrees == pytest.approx(-76.419444, abs=1e-6)


def test_hyphens_stand_for_missing_minutes_and_seconds() -> None:
    degrees_only = parse_dms("10----S", Axis.LATITUDE)
    assert degrees_only.degrees == -10.0
    assert degrees_only.precision == 1.0
    minutes = parse_dms("1030--N", Axis.LATITUDE)
    assert minutes.degrees == 10.5
    assert minutes.precision == pytest.approx(1 / 60)
    assert parse_dms("0663000e", Axis.LONGITUDE).degrees == 66.5  # a lower-case hemisphere is still clear


@pytest.mark.parametrize(
    ("text", "axis", "reason"),
    [
        ("10--20S", Axis.LATITUDE, "seconds are given but minutes are missing"),
        ("106020S", Axis.LATITUDE, "minutes and seconds run from 00 to 59"),
        ("103060S", Axis.LATITUDE, "minutes and seconds run from 00 to 59"),
        ("910000N", Axis.LATITUDE, "between -90 and 90"),
        ("1810000E", Axis.LONGITUDE, "between -180 and 180"),
        ("0762510N", Axis.LONGITUDE, "ends in E or W, not N"),
        ("762510W", Axis.LONGITUDE, "DDDMMSSH: 3 digits of degrees"),
        ("10.5N", Axis.LATITUDE, "LATITUDE is DDMMSSH"),
        ("", Axis.LATITUDE, "LATITUDE is DDMMSSH"),
    ],
)
def test_impossible_or_misshapen_dms_says_why(text: str, axis: Axis, reason: str) -> None:
    with pytest.raises(CoordinateError) as error:
        parse_dms(text, axis)
    assert reason in error.value.reason
    assert error.value.value == text
    assert isinstance(error.value, ValueError)


def test_decimal_degrees_are_checked_for_range_and_finiteness() -> None:
    assert check_decimal(90, Axis.LATITUDE) == 90
    assert check_decimal(-180, Axis.LONGITUDE) == -180
    for value, axis in [(90.0001, Axis.LATITUDE), (-181, Axis.LONGITUDE), (math.nan, Axis.LATITUDE)]:
        with pytest.raises(CoordinateError):
            check_decimal(value, axis)
    with pytest.raises(CoordinateError, match="finite"):
        check_decimal(math.inf, Axis.LONGITUDE)


def test_decimal_text_with_its_precision_and_a_decimal_comma() -> None:
    reading = parse_decimal("42,925", Axis.LATITUDE)
    assert reading.degrees == 42.925
    assert reading.notation == "decimal"
    assert reading.precision == pytest.approx(0.001)
    assert parse_decimal("-9", Axis.LONGITUDE).precision == 1.0
    for text in ["nan", "1e5", "42.9.2", "N42", "inf", "--"]:
        with pytest.raises(CoordinateError):
            parse_decimal(text, Axis.LATITUDE)


def test_latitude_columns_holding_decimals_are_read_and_named_as_such() -> None:
    reading = read_mcpd_coordinate("42.93583333333333", Axis.LATITUDE)
    assert reading.notation == "decimal"
    assert reading.degrees == 42.93583333333333
    assert read_mcpd_coordinate(" 103020S ", Axis.LATITUDE).notation == "DDMMSSH"
    with pytest.raises(CoordinateError, match="without its hemisphere letter"):
        read_mcpd_coordinate("103020", Axis.LATITUDE)
    with pytest.raises(CoordinateError, match="DDDMMSSH"):
        read_mcpd_coordinate("76°25'10\"W", Axis.LONGITUDE)


def test_two_spellings_agree_within_the_coarser_precision() -> None:
    seconds = parse_dms("103020S", Axis.LATITUDE)
    assert seconds.agrees_with(-10.505556)
    assert not seconds.agrees_with(-10.51)
    assert parse_dms("10----S", Axis.LATITUDE).agrees_with(-10.7)
    assert not parse_dms("10----S", Axis.LATITUDE).agrees_with(10.2)  # the other hemisphere
    assert parse_decimal("42.93", Axis.LATITUDE).agrees_with(42.93583333333333, 1e-14)


def test_writing_rounds_half_up_to_whole_seconds_and_carries() -> None:
    assert format_dms(-10.505556, Axis.LATITUDE) == "103020S"
    assert format_dms(-76.419444, Axis.LONGITUDE) == "0762510W"
    assert format_dms(10.99999, Axis.LATITUDE) == "110000N"  # 59.964″ carries into the minute and the degree
    assert format_dms(0.0, Axis.LATITUDE) == "000000N"
    assert format_dms(-0.00001, Axis.LONGITUDE) == "0000000E"  # rounds to the equator's own point: no W
    assert format_dms(180, Axis.LONGITUDE) == "1800000E"
    assert format_dms(-90, Axis.LATITUDE) == "900000S"
    with pytest.raises(CoordinateError):
        format_dms(math.nan, Axis.LATITUDE)


@pytest.mark.parametrize("value", [-89.99, -42.925, -9.265555555555556, 0.5, 10.8, 45.0001, 89.5])
def test_written_points_read_back_within_half_a_second(value: float) -> None:
    for axis in Axis:
        reading = parse_dms(format_dms(value, axis), axis)
        assert abs(reading.degrees - value) <= 0.5 / 3600 + 1e-9
        assert reading.agrees_with(value)
