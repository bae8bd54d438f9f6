"""Piccolo app registration for accounts."""

import os

from piccolo.conf.apps import AppConfig

from seedbank.accounts.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=os.path.join(os.path.dirname(os.path.abspath(__file__)), "piccolo_migrations"),
    table_classes=list(TABLES),
    migration_dependencies=["seedbank.catalog.piccolo_app"],
    commands=[],
)
