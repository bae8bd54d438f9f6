"""Each lot carries its holder's point (hand-written).

Written in the shape ``piccolo migrations new --auto`` gives, so later automatic migrations see
the two columns in their snapshot. Piccolo runs a migration's raw steps before its columns, so
the back-fill, the triggers that keep the points and the index come in the next migration,
``catalog_0008_lot_points_rules``.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import DoublePrecision
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-28T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "lot points"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="catalog", description=DESCRIPTION)
    for column in ("holder_latitude", "holder_longitude"):
        manager.add_column(
            table_class_name="Lot",
            tablename="lot",
            column_name=column,
            db_column_name=column,
            column_class_name="DoublePrecision",
            column_class=DoublePrecision,
            params={
                "default": None,
                "null": True,
                "primary_key": False,
                "unique": False,
                "index": False,
                "index_method": IndexMethod.btree,
                "choices": None,
                "db_column_name": None,
                "secret": False,
            },
            schema=None,
        )
    return manager
