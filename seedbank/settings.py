"""One frozen Settings object read from the environment (``SEEDBANK_*``)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Settings", "SettingsError", "get_settings"]

DEFAULT_DATABASE_URL = "sqlite:///seedbank.sqlite"
_INSTCODE = re.compile(r"^[A-Z]{3}[0-9]{3,4}$")
_LOG_LEVELS = {"CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"}
# Nominatim's usage policy applies to the public service: one request a second, cached answers (both kept).
DEFAULT_GEOCODER_URL = "https://nominatim.openstreetmap.org"
GEOCODER_OFF = "off"
_GEOCODER_URL = re.compile(r"^https?://[^/\s]+(/\S*)?$")


class SettingsError(ValueError):
    """A SEEDBANK_* variable holds a value the program cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    instcode: str = "VEN001"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    db_pool_size: int | None = None  # None: 4 kept connections on SQLite, 10 on PostgreSQL
    base_url: str = "http://127.0.0.1:8000"
    # Signs CSRF tokens of the web forms; when unset each process draws its own (fine for one worker).
    secret_key: str | None = None
    # Nominatim's base URL (a self-hosted one, under a path if need be), or "off": the offline gazetteer only.
    geocoder_url: str = DEFAULT_GEOCODER_URL

    def __post_init__(self) -> None:
        if not _INSTCODE.match(self.instcode):
            raise SettingsError(
                f"SEEDBANK_INSTCODE={self.instcode!r} is not a FAO WIEWS code (three letters and digits, e.g. VEN001)"
            )
        if not self.database_url.startswith(("sqlite://", "postgresql://", "postgres://", "cockroach://")):
            raise SettingsError(
                f"SEEDBANK_DATABASE_URL={self.database_url!r}: use sqlite:///path/to/file or postgresql://..."
            )
        if not 0 < self.port < 65536:
            raise SettingsError(f"SEEDBANK_PORT={self.port} is not a TCP port")
        if self.log_level not in _LOG_LEVELS:
            raise SettingsError(f"SEEDBANK_LOG_LEVEL={self.log_level!r}: one of {sorted(_LOG_LEVELS)}")
        if self.db_pool_size is not None and not 1 <= self.db_pool_size <= 64:
            raise SettingsError(f"SEEDBANK_DB_POOL_SIZE={self.db_pool_size}: between 1 and 64")
        if self.geocoder_url != GEOCODER_OFF and not _GEOCODER_URL.match(self.geocoder_url):
            raise SettingsError(
                f"SEEDBANK_GEOCODER_URL={self.geocoder_url!r}: a Nominatim base URL (http(s)://host[/path]) or 'off'"
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env: Mapping[str, str] = os.environ if environ is None else environ
        host = env.get("SEEDBANK_HOST", "127.0.0.1")
        port = _int(env, "SEEDBANK_PORT", 8000)
        return cls(
            database_url=env.get("SEEDBANK_DATABASE_URL", DEFAULT_DATABASE_URL),
            instcode=env.get("SEEDBANK_INSTCODE", "VEN001").strip().upper(),
            host=host,
            port=port,
            log_level=env.get("SEEDBANK_LOG_LEVEL", "INFO").strip().upper(),
            db_pool_size=_optional_int(env, "SEEDBANK_DB_POOL_SIZE"),
            base_url=env.get("SEEDBANK_BASE_URL", f"http://{host}:{port}").rstrip("/"),
            secret_key=env.get("SEEDBANK_SECRET_KEY") or None,
            geocoder_url=_geocoder_url(env.get("SEEDBANK_GEOCODER_URL", "")),
        )


def _geocoder_url(raw: str) -> str:
    raw = raw.strip()
    return GEOCODER_OFF if raw.lower() == GEOCODER_OFF else (raw or DEFAULT_GEOCODER_URL)


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = _optional_int(env, name)
    return default if value is None else value


def _optional_int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings.from_env()
