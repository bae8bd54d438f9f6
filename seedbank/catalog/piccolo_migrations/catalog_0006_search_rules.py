"""The term index by accession carries the term too (hand-written).

The catalogue search now walks accessions in accession-number order and checks each query word
per accession (``EXISTS ... s.accession = a.id AND s.term >= ...``) when the words are common; with
the term in the index that check reads the index alone. It replaces the index on accession only.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search rules: accession_term (accession, term)"

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS accession_term_by_accession ON accession_term (accession, term)",
    "DROP INDEX IF EXISTS accession_term_accession",
]


async def install_rules():
    engine = engine_finder()
    for statement in STATEMENTS:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="catalog", description=DESCRIPTION)
    manager.add_raw(install_rules)
    return manager
