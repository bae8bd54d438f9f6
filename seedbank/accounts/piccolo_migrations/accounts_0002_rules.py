"""Indexes on the accounts tables that Piccolo cannot declare (hand-written)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T07:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "accounts rules: membership unique, login attempt lookups"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS account_membership_unique ON account_membership (\"user\", custodian)",
    "CREATE INDEX IF NOT EXISTS account_membership_custodian ON account_membership (custodian)",
    "CREATE INDEX IF NOT EXISTS account_login_attempt_email ON account_login_attempt (email_key, attempted_at)",
    "CREATE INDEX IF NOT EXISTS account_login_attempt_address ON account_login_attempt (address, attempted_at)",
    "CREATE UNIQUE INDEX IF NOT EXISTS account_user_email ON account_user (email)",
    "CREATE INDEX IF NOT EXISTS account_web_session_token ON account_web_session (token)",
]


async def install_rules():
    engine = engine_finder()
    for statement in STATEMENTS:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)
    manager.add_raw(install_rules)
    return manager
