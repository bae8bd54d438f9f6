"""Indexes on the audit trail (hand-written): by record, by actor, by time."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T07:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit rules: lookups by record and actor"

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS audit_event_record ON audit_event (record_type, record_id, id)",
    "CREATE INDEX IF NOT EXISTS audit_event_actor ON audit_event (actor_user_id, id)",
]


async def install_rules():
    engine = engine_finder()
    for statement in STATEMENTS:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audit", description=DESCRIPTION)
    manager.add_raw(install_rules)
    return manager
