"""The audit trail's one table. Rows are written in the same transaction as the change they record."""

from __future__ import annotations

from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

__all__ = ["TABLES", "AuditEvent"]


class AuditEvent(Table, tablename="audit_event"):
    occurred_at = Timestamptz(default=TimestamptzNow())
    actor_user_id = Integer(null=True, default=None)  # no foreign key: the trail outlives accounts
    actor_label = Varchar(length=320)
    action = Varchar(length=40)  # "lot.update", "lot_entry.create"...
    record_type = Varchar(length=40)
    record_id = Integer()
    before = Text(null=True, default=None)  # JSON of the columns before, null on create
    after = Text(null=True, default=None)  # JSON of the columns after, null on delete


TABLES: tuple[type[Table], ...] = (AuditEvent,)
