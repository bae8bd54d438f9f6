"""HTTP glue for reading the audit trail."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.params import QueryParameter

from seedbank.audit import services
from seedbank.audit.schemas import AuditEventRead
from seedbank.contracts import Page
from seedbank.http import Cursor, DatabaseDep, IdQuery, Limit, PrincipalDep, problems
from seedbank.pagination import DEFAULT_LIMIT

RecordRef = Annotated[
    str | None, QueryParameter(max_length=60, description="the record, as type:id (lot:12, accession:3)")
]


@get("/audit", operation_id="listAuditEvents", tags=["audit"], responses=problems(403, 422))
async def list_audit_events(
    db: DatabaseDep,
    principal: PrincipalDep,
    record: RecordRef = None,
    actor_user_id: IdQuery = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[AuditEventRead]:
    """What changed, newest first: who, when, and the record before and after (admins and centre staff)."""
    return await services.list_events(
        db, principal, record_ref=record, actor_user_id=actor_user_id, cursor=cursor, limit=limit
    )
