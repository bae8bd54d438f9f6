"""Who is asking (pure): the authenticated user, their role and organisations, or nobody."""

from __future__ import annotations

from dataclasses import dataclass, field

from seedbank.accounts.roles import STAFF_ROLES, Role

__all__ = ["ANONYMOUS", "SYSTEM", "Principal"]


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a service: a user with a role and the custodians they belong to."""

    user_id: int | None
    label: str  # what the audit trail and the ledger show: an e-mail, "system", "anonymous"
    role: Role | None
    custodian_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def authenticated(self) -> bool:
        return self.role is not None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def member_of(self, custodian_id: int | None) -> bool:
        return custodian_id is not None and custodian_id in self.custodian_ids


ANONYMOUS = Principal(user_id=None, label="anonymous", role=None)
# Work the program does itself (demo collection, imports run from the command line).
SYSTEM = Principal(user_id=None, label="system", role=Role.ADMIN)
