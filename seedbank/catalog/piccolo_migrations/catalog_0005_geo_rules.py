"""Distance search structures; provenance of the coordinates already stored (hand-written).

- ``custodian_lon_band``: custodians by quarter-degree band of longitude, then latitude. A search
  box asks for the few bands it spans and a latitude range within each, so it reads about the
  box's own rows; the (latitude, longitude) index ``custodian_point`` reads a whole band of
  latitude across the country. ``ROUND`` differs between the engines only on exact halves, and
  a search asks for every band a longitude in the box can round to, so both engines agree.
- ``custodian_taxon``: which custodians hold lots of which taxa, kept by triggers when a lot is
  registered (or moved to another custodian or accession) and when an accession's taxon is
  corrected; filled here from the lots already stored. "The nearest holders of a taxon" probes
  one pair per custodian in the search box instead of every lot it holds.
- Custodians registered before ``coordinate_source`` existed had their coordinates typed in
  through the API or loaded by the demo: they are ``manual`` points.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T08:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "geo rules: longitude bands, holders by taxon, provenance of stored coordinates"

# The same statement runs in the triggers of both engines (ON CONFLICT DO NOTHING: SQLite >= 3.24).
_PAIR_OF_LOT = (
    "INSERT INTO custodian_taxon (custodian, taxon) SELECT NEW.custodian, a.taxon FROM accession a "
    "WHERE a.id = NEW.accession ON CONFLICT DO NOTHING"
)
_PAIRS_OF_ACCESSION = (
    "INSERT INTO custodian_taxon (custodian, taxon) SELECT DISTINCT l.custodian, NEW.taxon FROM lot l "
    "WHERE l.accession = NEW.id ON CONFLICT DO NOTHING"
)

INDEXES = [
    "CREATE INDEX IF NOT EXISTS custodian_lon_band ON custodian ((ROUND(longitude * 4)), latitude, longitude)",
    "CREATE UNIQUE INDEX IF NOT EXISTS custodian_taxon_pair ON custodian_taxon (custodian, taxon)",
    "CREATE INDEX IF NOT EXISTS custodian_taxon_by_taxon ON custodian_taxon (taxon, custodian)",
]

BACKFILL = [
    "INSERT INTO custodian_taxon (custodian, taxon) SELECT DISTINCT l.custodian, a.taxon FROM lot l "
    "JOIN accession a ON a.id = l.accession WHERE l.id IS NOT NULL ON CONFLICT DO NOTHING",
    "UPDATE custodian SET coordinate_source = 'manual', coordinate_precision = 'point' "
    "WHERE latitude IS NOT NULL AND coordinate_source IS NULL",
]


def _sqlite_triggers():
    return [
        f"CREATE TRIGGER IF NOT EXISTS lot_holding_on_insert AFTER INSERT ON lot BEGIN {_PAIR_OF_LOT}; END",
        "CREATE TRIGGER IF NOT EXISTS lot_holding_on_update AFTER UPDATE OF custodian, accession ON lot "
        f"BEGIN {_PAIR_OF_LOT}; END",
        "CREATE TRIGGER IF NOT EXISTS accession_taxon_holding AFTER UPDATE OF taxon ON accession "
        f"BEGIN {_PAIRS_OF_ACCESSION}; END",
    ]


def _postgres_triggers():
    return [
        "CREATE OR REPLACE FUNCTION seedbank_lot_holding() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {_PAIR_OF_LOT}; RETURN NULL; END $$",
        "CREATE TRIGGER lot_holding AFTER INSERT OR UPDATE OF custodian, accession ON lot "
        "FOR EACH ROW EXECUTE FUNCTION seedbank_lot_holding()",
        "CREATE OR REPLACE FUNCTION seedbank_accession_taxon_holding() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {_PAIRS_OF_ACCESSION}; RETURN NULL; END $$",
        "CREATE TRIGGER accession_taxon_holding AFTER UPDATE OF taxon ON accession "
        "FOR EACH ROW EXECUTE FUNCTION seedbank_accession_taxon_holding()",
    ]


async def install_rules():
    engine = engine_finder()
    triggers = _sqlite_triggers() if engine.engine_type == "sqlite" else _postgres_triggers()
    for statement in [*INDEXES, *BACKFILL, *triggers]:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="catalog", description=DESCRIPTION)
    manager.add_raw(install_rules)
    return manager
