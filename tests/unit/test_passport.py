import datetime as dt

import pytest

from seedbank.catalog.mcpd_codes import SAMPLE_STATUSES, STORAGE_TYPES, is_country_code
from seedbank.catalog.passport import (
    accession_number_for,
    check_code,
    check_codes,
    check_country,
    check_partial_date,
    check_point,
    iso_date,
    join_values,
    puid_for,
    split_values,
    taxon_full_name,
)
from seedbank.errors import InvalidInput

TODAY = dt.date(2026, 11, 28)


def test_accession_numbers_and_puids() -> None:
    assert accession_number_for("VEN001", 123) == "VEN001-000123"
    assert accession_number_for("VEN001", 1_234_567) == "VEN001-1234567"
    assert puid_for("VEN001", "VEN001-000123", "Zea") == "VEN001:VEN001-000123:Zea"
    assert puid_for("VEN001", "VEN001-000123", "Zea", "10.18730/X") == "10.18730/X"


def test_taxon_full_names() -> None:
    assert taxon_full_name("Zea", "mays", "subsp. mays") == "Zea mays subsp. mays"
    assert taxon_full_name("Capsicum", None, None) == "Capsicum sp."


def test_partial_date_checks_name_the_field() -> None:
    assert check_partial_date("1981-10", "collecting_date", TODAY) == "198110--"
    assert check_partial_date(None, "collecting_date", TODAY) is None
    with pytest.raises(InvalidInput) as error:
        check_partial_date("2027", "acquisition_date", TODAY)
    assert error.value.field == "acquisition_date"
    assert iso_date("1981----") == "1981"
    assert iso_date(None) is None


def test_codes_and_countries() -> None:
    assert check_code(300, SAMPLE_STATUSES, "biological_status", "SAMPSTAT") == 300
    with pytest.raises(InvalidInput, match="SAMPSTAT"):
        check_code(301, SAMPLE_STATUSES, "biological_status", "SAMPSTAT")
    assert check_codes([13, 12, 13], STORAGE_TYPES, "storage_types", "STORAGE") == [13, 12]
    assert is_country_code("VEN")
    assert not is_country_code("VE")
    assert not is_country_code("XXX")
    with pytest.raises(InvalidInput) as error:
        check_country("ZZZ", "origin_country")
    assert error.value.field == "origin_country"


def test_coordinates_come_in_pairs() -> None:
    check_point(None, None)
    check_point(10.0, -66.0)
    with pytest.raises(InvalidInput) as error:
        check_point(10.0, None, prefix="collecting_")
    assert error.value.field == "collecting_longitude"


def test_multi_valued_fields_the_mcpd_way() -> None:
    assert join_values(["Maíz cariaco", " Maíz pollo ", "Maíz cariaco", ""]) == "Maíz cariaco;Maíz pollo"
    assert join_values([]) is None
    assert split_values("13;12") == ["13", "12"]
    assert split_values(None) == []
