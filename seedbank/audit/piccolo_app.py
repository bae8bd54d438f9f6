"""Piccolo app registration for the audit trail."""

import os

from piccolo.conf.apps import AppConfig

from seedbank.audit.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="audit",
    migrations_folder_path=os.path.join(os.path.dirname(os.path.abspath(__file__)), "piccolo_migrations"),
    table_classes=list(TABLES),
    migration_dependencies=[],
    commands=[],
)
