"""The roles a user can hold (pure)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["STAFF_ROLES", "Role"]


class Role(StrEnum):
    ADMIN = "admin"  # runs the system: every record, users, the admin console
    CENTRE = "centre"  # safeguarding centre staff: read all, manage taxa and the base collection
    CUSTODIAN = "custodian"  # member of custodian organisations: their lots, tests, offers
    FARMER = "farmer"  # requests seed, confirms receipt, records returns


# Roles that see every record and may open the admin console.
STAFF_ROLES = frozenset({Role.ADMIN, Role.CENTRE})
