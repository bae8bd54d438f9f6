"""Lot points: fill and keep each lot's holder point; index an accession's holdings by place.

"Held near a point" checked each candidate accession's lots against the custodians in the search box
(``l.custodian IN (SELECT c.id FROM custodian c WHERE <box>)``): about ten lots a candidate, each looked
up in that list (~6 µs a candidate at 1,000,000 lots). With the custodian's point on the lot, the index
``lot_holdings_point`` (accession, status, holder latitude, holder longitude, on hand, reserved, custodian)
answers the check alone: a short range of the accession's entries, nothing else read.

- Back-fill the points from ``custodian``.
- A lot registered, or given another custodian, takes its custodian's point: on SQLite an AFTER trigger
  writes it when it differs (a bulk load that writes the right point pays one lookup, no second write); on
  PostgreSQL a BEFORE trigger sets it in the row being written (an AFTER update would leave a dead row
  behind every new lot).
- A custodian moved (placed, corrected, unplaced) moves its lots' points, in the same trigger that moves its
  (custodian, taxon) pairs (``custodian_point_holding``, ``catalog_0007_holder_points_rules``).
- ``lot_holdings_point`` replaces ``lot_holdings_custodian``: it has the same columns after (accession,
  status), so the holdings columns, the state filter and the visibility check read it as they read the old one.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T12:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "lot points: back-fill, triggers, lot_holdings_point"

# Row values in SET: SQLite >= 3.15. The custodian's statements run in the triggers of both engines.
_CUSTODIAN_POINT = "SELECT c.latitude, c.longitude FROM custodian c WHERE c.id = NEW.custodian"
_POINT_OF_LOT = f"UPDATE lot SET (holder_latitude, holder_longitude) = ({_CUSTODIAN_POINT}) WHERE id = NEW.id"
_POINTS_OF_CUSTODIAN = (
    "UPDATE custodian_taxon SET latitude = NEW.latitude, longitude = NEW.longitude WHERE custodian = NEW.id"
)
_LOT_POINTS_OF_CUSTODIAN = (
    "UPDATE lot SET holder_latitude = NEW.latitude, holder_longitude = NEW.longitude WHERE custodian = NEW.id"
)

BACKFILL = [
    "UPDATE lot SET (holder_latitude, holder_longitude) = "
    "(SELECT c.latitude, c.longitude FROM custodian c WHERE c.id = lot.custodian)",
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS lot_holdings_point "
    "ON lot (accession, status, holder_latitude, holder_longitude, on_hand, reserved, custodian)",
    "DROP INDEX IF EXISTS lot_holdings_custodian",
]


def _sqlite_triggers():
    differs = f"WHEN (NEW.holder_latitude, NEW.holder_longitude) IS NOT ({_CUSTODIAN_POINT})"
    return [
        "DROP TRIGGER IF EXISTS custodian_point_holding",
        f"CREATE TRIGGER IF NOT EXISTS lot_point_on_insert AFTER INSERT ON lot {differs} BEGIN {_POINT_OF_LOT}; END",
        "CREATE TRIGGER IF NOT EXISTS lot_point_on_update AFTER UPDATE OF custodian ON lot "
        f"{differs} BEGIN {_POINT_OF_LOT}; END",
        "CREATE TRIGGER custodian_point_holding AFTER UPDATE OF latitude, longitude ON custodian "
        "WHEN NEW.latitude IS NOT OLD.latitude OR NEW.longitude IS NOT OLD.longitude "
        f"BEGIN {_POINTS_OF_CUSTODIAN}; {_LOT_POINTS_OF_CUSTODIAN}; END",
    ]


def _postgres_triggers():
    return [
        "CREATE OR REPLACE FUNCTION seedbank_lot_point() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN SELECT c.latitude, c.longitude INTO NEW.holder_latitude, NEW.holder_longitude "
        "FROM custodian c WHERE c.id = NEW.custodian; RETURN NEW; END $$",
        "CREATE TRIGGER lot_point BEFORE INSERT OR UPDATE OF custodian ON lot FOR EACH ROW "
        "EXECUTE FUNCTION seedbank_lot_point()",
        "CREATE OR REPLACE FUNCTION seedbank_custodian_point_holding() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {_POINTS_OF_CUSTODIAN}; {_LOT_POINTS_OF_CUSTODIAN}; RETURN NULL; END $$",
    ]


async def install_rules():
    engine = engine_finder()
    triggers = _sqlite_triggers() if engine.engine_type == "sqlite" else _postgres_triggers()
    for statement in [*BACKFILL, *triggers, *INDEXES]:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="catalog", description=DESCRIPTION)
    manager.add_raw(install_rules)
    return manager
