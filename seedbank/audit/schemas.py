"""Wire contracts of the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from msgspec import Struct

__all__ = ["AuditEventRead"]


class AuditEventRead(Struct):
    """One change: who, when, what, and the record's columns before and after."""

    id: int
    occurred_at: dt.datetime
    actor_user_id: int | None
    actor_label: str
    action: str
    record_type: str
    record_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None
