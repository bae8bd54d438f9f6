"""Piccolo app registration for the catalogue (tables and migrations)."""

import os

from piccolo.conf.apps import AppConfig

from seedbank.catalog.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="catalog",
    migrations_folder_path=os.path.join(os.path.dirname(os.path.abspath(__file__)), "piccolo_migrations"),
    table_classes=list(TABLES),
    migration_dependencies=[],
    commands=[],
)
