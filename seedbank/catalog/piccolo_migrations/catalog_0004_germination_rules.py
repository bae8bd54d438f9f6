"""Indexes for the germination due lists (hand-written).

The regeneration index is partial: it holds only the lots that are due, by the same predicate the
due-list query uses (SQLite and PostgreSQL both use a partial index when the query implies it).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T07:30:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "germination rules: due-list indexes"

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS lot_next_test_due ON lot (next_test_due, id)",
    "CREATE INDEX IF NOT EXISTS lot_regeneration_due ON lot (id) "
    "WHERE latest_germination_pct < regeneration_threshold_pct OR on_hand < reserve_seeds",
    "CREATE INDEX IF NOT EXISTS germination_test_history ON germination_test (lot, ended_on, id)",
]


async def install_rules():
    engine = engine_finder()
    for statement in STATEMENTS:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="catalog", description=DESCRIPTION)
    manager.add_raw(install_rules)
    return manager
