"""The map's inputs without a database: near/within_km/nearest together, bbox, the geocoder's setting."""

from __future__ import annotations

import pytest

from seedbank.catalog.geo import BoundingBox
from seedbank.catalog.services.nearby import NearSearch, custodian_box_sql, parse_bbox, parse_near_search
from seedbank.errors import InvalidInput
from seedbank.settings import DEFAULT_GEOCODER_URL, Settings, SettingsError


def test_a_near_search_needs_a_centre_and_a_reach() -> None:
    assert parse_near_search(None, None, None) is None
    assert parse_near_search(" 10.5 , -66.9 ", 50, None) == NearSearch(10.5, -66.9, 50.0, None)
    assert parse_near_search("10.5,-66.9", None, 3) == NearSearch(10.5, -66.9, None, 3)
    for near, within, nearest, field in [
        (None, 5.0, None, "near"),
        (None, None, 5, "near"),
        ("10.5,-66.9", None, None, "within_km"),
        ("10.5;-66.9", 5.0, None, "near"),
        ("-91,0", 5.0, None, "near"),
        ("10,-66", 0.0, None, "within_km"),
        ("10,-66", float("nan"), None, "within_km"),
        ("10,-66", 30_000.0, None, "within_km"),
        ("10,-66", None, 0, "nearest"),
        ("10,-66", None, 101, "nearest"),
    ]:
        with pytest.raises(InvalidInput) as error:
            parse_near_search(near, within, nearest)
        assert error.value.field == field, (near, within, nearest)


def test_a_bbox_is_west_south_east_north_and_may_cross_the_antimeridian() -> None:
    assert parse_bbox(None) == ()
    assert parse_bbox("-73.4,0.6,-59.8,12.2") == (BoundingBox(0.6, 12.2, -73.4, -59.8),)
    assert parse_bbox("170,-20,-170,-10") == (BoundingBox(-20, -10, 170, 180), BoundingBox(-20, -10, -180, -170))
    for wrong in ("1,2,3", "a,b,c,d", "0,10,1,5", "0,0,200,1", "nan,0,1,1"):
        with pytest.raises(InvalidInput) as error:
            parse_bbox(wrong)
        assert error.value.field == "bbox"


def test_a_search_box_names_every_longitude_band_a_point_inside_can_round_to() -> None:
    sql, args = custodian_box_sql((BoundingBox(9.0, 10.0, -66.1, -65.9),))
    assert sql.startswith("((ROUND(c.longitude * 4) IN ({}, {}, {})")
    assert args[:3] == [-265.0, -264.0, -263.0]  # floor(-264.4) .. ceil(-263.6)
    wide, wide_args = custodian_box_sql((BoundingBox(-90.0, -80.0, -180.0, 180.0),))
    assert "ROUND" not in wide  # a polar cap: the latitude index answers
    assert wide_args == [-90.0, -80.0, -180.0, 180.0]


def test_the_geocoder_setting() -> None:
    assert Settings.from_env({}).geocoder_url == DEFAULT_GEOCODER_URL
    assert Settings.from_env({"SEEDBANK_GEOCODER_URL": " OFF "}).geocoder_url == "off"
    own = "http://geo.internal:8080/nominatim"
    assert Settings.from_env({"SEEDBANK_GEOCODER_URL": own}).geocoder_url == own
    with pytest.raises(SettingsError, match="SEEDBANK_GEOCODER_URL"):
        Settings.from_env({"SEEDBANK_GEOCODER_URL": "nominatim.openstreetmap.org"})
