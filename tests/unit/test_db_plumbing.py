import sqlite3

from seedbank.db.database import EngineKind, compile_sql, engine_kind, sqlite_path
from seedbank.db.driver_errors import translate_driver_error
from seedbank.errors import Conflict, InvalidInput, InvalidState


def test_urls_pick_the_engine() -> None:
    assert engine_kind("sqlite:///seedbank.sqlite") is EngineKind.SQLITE
    assert engine_kind("postgresql://u@h/db") is EngineKind.POSTGRES
    assert engine_kind("postgres://u@h/db") is EngineKind.POSTGRES
    assert engine_kind("cockroach://u@h/db") is EngineKind.COCKROACH
    assert sqlite_path("sqlite:///seedbank.sqlite") == "seedbank.sqlite"
    assert sqlite_path("sqlite:////var/lib/seedbank.sqlite") == "/var/lib/seedbank.sqlite"


def test_placeholders_compile_per_engine() -> None:
    sql = "SELECT * FROM lot WHERE id = {} AND on_hand > {}"
    assert compile_sql(sql, EngineKind.SQLITE) == "SELECT * FROM lot WHERE id = ? AND on_hand > ?"
    assert compile_sql(sql, EngineKind.POSTGRES) == "SELECT * FROM lot WHERE id = $1 AND on_hand > $2"


def test_sqlite_integrity_errors_become_domain_errors() -> None:
    unique = translate_driver_error(sqlite3.IntegrityError("UNIQUE constraint failed: lot.lot_code"))
    assert isinstance(unique, Conflict)
    assert unique.field == "lot_code"
    pair = translate_driver_error(
        sqlite3.IntegrityError("UNIQUE constraint failed: accession.instcode, accession.accession_number")
    )
    assert isinstance(pair, Conflict)
    assert pair.field == "accession_number"
    stock = translate_driver_error(sqlite3.IntegrityError("CHECK constraint failed: lot_stock_within_bounds"))
    assert isinstance(stock, InvalidState)
    assert stock.field == "quantity"
    foreign = translate_driver_error(sqlite3.IntegrityError("FOREIGN KEY constraint failed"))
    assert isinstance(foreign, InvalidInput)
    assert translate_driver_error(ValueError("not a driver error")) is None
