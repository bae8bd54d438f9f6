"""Every Piccolo table of the application, in one tuple: what a Database binds."""

from __future__ import annotations

from seedbank.accounts.tables import TABLES as ACCOUNTS_TABLES
from seedbank.audit.tables import TABLES as AUDIT_TABLES
from seedbank.catalog.tables import TABLES as CATALOG_TABLES

__all__ = ["ALL_TABLES"]

ALL_TABLES = (*CATALOG_TABLES, *ACCOUNTS_TABLES, *AUDIT_TABLES)
