"""Piccolo's configuration, built from the settings: used by ``piccolo`` tooling and ``seedbank migrate``.

Piccolo looks here for an engine named ``DB``; the app itself binds its tables to the
engine of its own ``Database`` (see ``seedbank.app``), so nothing connects at import time
except what Piccolo's tooling asks for.
"""

from piccolo.conf.apps import AppRegistry

from seedbank.db import engine_from_url
from seedbank.settings import get_settings

DB = engine_from_url(get_settings().database_url)

APP_REGISTRY = AppRegistry(
    apps=["seedbank.catalog.piccolo_app", "seedbank.accounts.piccolo_app", "seedbank.audit.piccolo_app"]
)
