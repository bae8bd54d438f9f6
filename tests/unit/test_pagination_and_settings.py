import pytest

from seedbank.errors import InvalidInput
from seedbank.pagination import decode_cursor, encode_cursor
from seedbank.settings import Settings, SettingsError


def test_cursors_round_trip_and_refuse_forgeries() -> None:
    cursor = encode_cursor("VEN001-000123", 42)
    assert decode_cursor(cursor, str, int) == ("VEN001-000123", 42)
    for bad in ("garbage", "", encode_cursor(1, 2), encode_cursor("x"), "e30", "!!!!"):
        with pytest.raises(InvalidInput) as error:
            decode_cursor(bad, str, int)
        assert error.value.field == "cursor"


def test_settings_defaults_and_overrides() -> None:
    defaults = Settings.from_env({})
    assert defaults.database_url == "sqlite:///seedbank.sqlite"
    assert (defaults.instcode, defaults.host, defaults.port) == ("VEN001", "127.0.0.1", 8000)
    custom = Settings.from_env(
        {"SEEDBANK_INSTCODE": "col123", "SEEDBANK_PORT": "9000", "SEEDBANK_DATABASE_URL": "postgresql://x/y"}
    )
    assert (custom.instcode, custom.port, custom.base_url) == ("COL123", 9000, "http://127.0.0.1:9000")


@pytest.mark.parametrize(
    "env",
    [
        {"SEEDBANK_INSTCODE": "Venezuela"},
        {"SEEDBANK_PORT": "eighty"},
        {"SEEDBANK_PORT": "70000"},
        {"SEEDBANK_DATABASE_URL": "mysql://x"},
        {"SEEDBANK_LOG_LEVEL": "LOUD"},
        {"SEEDBANK_DB_POOL_SIZE": "0"},
    ],
)
def test_bad_settings_say_which_variable(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError, match=next(iter(env))):
        Settings.from_env(env)
