"""Custodians on the map: provenance of coordinates; the geocoder's answers, cached (hand-written).

Written by hand in the shape ``piccolo migrations new --auto`` gives (so later automatic
migrations see these columns and this table in their snapshot): two columns on ``custodian``
(``coordinate_source``, ``coordinate_precision``), the table ``geocode_answer`` and the table
``custodian_taxon`` (who holds which taxa, kept by triggers). Piccolo runs a migration's raw steps
before its tables and columns, so the triggers, indexes and back-fills come in the next migration,
``catalog_0005_geo_rules``.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.column_types import DoublePrecision
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Text
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod


ID = "2026-11-28T08:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "geo"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="catalog", description=DESCRIPTION
    )

    manager.add_table(
        class_name="GeocodeAnswer",
        tablename="geocode_answer",
        schema=None,
        columns=None,
    )

    manager.add_table(
        class_name="CustodianTaxon",
        tablename="custodian_taxon",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="CustodianTaxon",
        tablename="custodian_taxon",
        column_name="custodian",
        db_column_name="custodian",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
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

    manager.add_column(
        table_class_name="CustodianTaxon",
        tablename="custodian_taxon",
        column_name="taxon",
        db_column_name="taxon",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
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

    manager.add_column(
        table_class_name="Custodian",
        tablename="custodian",
        column_name="coordinate_source",
        db_column_name="coordinate_source",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 16,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": Enum(
                "CoordinateSource",
                {
                    "GPS": "gps",
                    "GEOCODED": "geocoded",
                    "GAZETTEER": "gazetteer",
                    "MANUAL": "manual",
                },
            ),
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="Custodian",
        tablename="custodian",
        column_name="coordinate_precision",
        db_column_name="coordinate_precision",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 16,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": Enum(
                "CoordinatePrecision",
                {
                    "POINT": "point",
                    "ADDRESS": "address",
                    "LOCALITY": "locality",
                    "PARISH": "parish",
                    "MUNICIPALITY": "municipality",
                    "STATE": "state",
                    "COUNTRY": "country",
                },
            ),
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="GeocodeAnswer",
        tablename="geocode_answer",
        column_name="query",
        db_column_name="query",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="GeocodeAnswer",
        tablename="geocode_answer",
        column_name="latitude",
        db_column_name="latitude",
        column_class_name="DoublePrecision",
        column_class=DoublePrecision,
        params={
            "default": 0.0,
            "null": False,
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

    manager.add_column(
        table_class_name="GeocodeAnswer",
        tablename="geocode_answer",
        column_name="longitude",
        db_column_name="longitude",
        column_class_name="DoublePrecision",
        column_class=DoublePrecision,
        params={
            "default": 0.0,
            "null": False,
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

    manager.add_column(
        table_class_name="GeocodeAnswer",
        tablename="geocode_answer",
        column_name="display_name",
        db_column_name="display_name",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": "",
            "null": False,
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

    manager.add_column(
        table_class_name="GeocodeAnswer",
        tablename="geocode_answer",
        column_name="precision",
        db_column_name="precision",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 16,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": Enum(
                "CoordinatePrecision",
                {
                    "POINT": "point",
                    "ADDRESS": "address",
                    "LOCALITY": "locality",
                    "PARISH": "parish",
                    "MUNICIPALITY": "municipality",
                    "STATE": "state",
                    "COUNTRY": "country",
                },
            ),
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="GeocodeAnswer",
        tablename="geocode_answer",
        column_name="attribution",
        db_column_name="attribution",
        column_class_name="Text",
        column_class=Text,
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

    manager.add_column(
        table_class_name="GeocodeAnswer",
        tablename="geocode_answer",
        column_name="created_at",
        db_column_name="created_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
            "null": False,
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
