"""Database access: engines from a URL, pooled SQLite, write transactions, driver errors."""

from seedbank.db.database import Database, EngineKind, Row, engine_from_url, insert_row, update_row
from seedbank.db.driver_errors import translate_driver_error

__all__ = ["Database", "EngineKind", "Row", "engine_from_url", "insert_row", "translate_driver_error", "update_row"]
