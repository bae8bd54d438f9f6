"""Rules on the catalogue tables that Piccolo cannot declare portably (hand-written).

Piccolo adds CHECK constraints with ALTER TABLE, which SQLite does not have, and runs a
migration's raw steps before its tables exist; so the rules live here, in effect the
same on both engines: CHECK constraints on PostgreSQL and triggers on SQLite; composite
and unique indexes; byte-order collation on PostgreSQL for the keys we sort on and
prefix-search by range (as SQLite compares them); and the append-only stock ledger.
"""

import re

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T06:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "catalogue rules: checks, append-only ledger, indexes, collation"


# -- the rules ---------------------------------------------------------------------------

INDEXES = [
    'CREATE UNIQUE INDEX IF NOT EXISTS accession_number_unique ON accession (instcode, accession_number)',
    'CREATE INDEX IF NOT EXISTS accession_number_order ON accession (accession_number, id)',
    'CREATE INDEX IF NOT EXISTS accession_collecting_point ON accession (collecting_latitude, collecting_longitude)',
    'CREATE INDEX IF NOT EXISTS accession_term_lookup ON accession_term (term, accession)',
    'CREATE INDEX IF NOT EXISTS accession_term_accession ON accession_term (accession)',
    'CREATE INDEX IF NOT EXISTS custodian_point ON custodian (latitude, longitude)',
    'CREATE INDEX IF NOT EXISTS lot_custodian_accession ON lot (custodian, accession)',
    # Covering: an accession's holdings (count, on hand, available) come from the index alone.
    'CREATE INDEX IF NOT EXISTS lot_holdings ON lot (accession, status, on_hand, reserved)',
    'CREATE INDEX IF NOT EXISTS lot_entry_lot ON lot_entry (lot, id)',
]

# (name, table, condition): the CHECK rules, one list for both engines.
CHECKS = [
    ("custodian_latitude_range", "custodian", "latitude IS NULL OR (latitude >= -90 AND latitude <= 90)"),
    ("custodian_longitude_range", "custodian", "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)"),
    (
        "accession_collecting_latitude_range",
        "accession",
        "collecting_latitude IS NULL OR (collecting_latitude >= -90 AND collecting_latitude <= 90)",
    ),
    (
        "accession_collecting_longitude_range",
        "accession",
        "collecting_longitude IS NULL OR (collecting_longitude >= -180 AND collecting_longitude <= 180)",
    ),
    ("lot_stock_within_bounds", "lot", "reserved >= 0 AND on_hand >= reserved"),
    (
        "lot_moisture_range",
        "lot",
        "moisture_content_pct IS NULL OR (moisture_content_pct > 0 AND moisture_content_pct < 100)",
    ),
    ("lot_entry_quantity_not_zero", "lot_entry", "quantity <> 0"),
    ("lot_entry_balance_not_negative", "lot_entry", "balance_after >= 0"),
]

APPEND_ONLY_MESSAGE = "the stock ledger is append-only: record a correction entry instead"


def _sqlite_rules():
    statements = []
    for name, table, condition in CHECKS:
        for event in ("INSERT", "UPDATE"):
            statements.append(
                f'CREATE TRIGGER IF NOT EXISTS {name}_on_{event.lower()} BEFORE {event} ON "{table}" '
                f"WHEN NOT ({_new(condition)}) "
                f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"
            )
    for event in ("UPDATE", "DELETE"):
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS lot_entry_append_only_{event.lower()} BEFORE {event} ON lot_entry "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )
    return statements


def _new(condition):
    """Qualify a CHECK condition's columns with NEW. for a trigger's WHEN clause."""
    keywords = {"IS", "NULL", "OR", "AND", "NOT"}
    return re.sub(
        r"\b([a-z_]+)\b",
        lambda m: m.group(1) if m.group(1).upper() in keywords else f"NEW.{m.group(1)}",
        condition,
    )


def _postgres_rules():
    statements = [f'ALTER TABLE "{table}" ADD CONSTRAINT {name} CHECK ({condition})' for name, table, condition in CHECKS]
    # Keys we sort on and prefix-search by range compare bytewise, as on SQLite.
    for table, column, kind in (
        ("accession_term", "term", "VARCHAR(64)"),
        ("accession", "accession_number", "VARCHAR(64)"),
        ("lot", "lot_code", "VARCHAR(80)"),
        ("taxon", "name_key", "TEXT"),
    ):
        statements.append(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {kind} COLLATE "C"')
    statements += [
        "CREATE OR REPLACE FUNCTION seedbank_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$",
        "CREATE TRIGGER lot_entry_append_only BEFORE UPDATE OR DELETE ON lot_entry "
        "FOR EACH ROW EXECUTE FUNCTION seedbank_append_only()",
    ]
    return statements


async def install_rules():
    engine = engine_finder()
    rules = _sqlite_rules() if engine.engine_type == "sqlite" else _postgres_rules()
    for statement in [*rules, *INDEXES]:
        await engine.run_ddl(statement)



async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="catalog", description=DESCRIPTION)
    manager.add_raw(install_rules)
    return manager
