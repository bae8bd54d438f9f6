"""Who may do what to which record: the one table every mutating service consults (pure).

A rule gives each role a scope: ``ANY`` record, or only records ``OWN``ed by one of the
caller's custodian organisations. No rule for a role means it may not. A caller who is not
logged in gets 401 for anything a rule guards; a logged-in caller outside the rule, 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from seedbank.accounts.principal import Principal
from seedbank.accounts.roles import Role
from seedbank.errors import Forbidden, Unauthorized

__all__ = ["RULES", "Action", "Scope", "allows", "require", "require_login"]


class Action(StrEnum):
    TAXON_WRITE = "taxon.write"
    CUSTODIAN_CREATE = "custodian.create"
    CUSTODIAN_UPDATE = "custodian.update"
    CUSTODIAN_READ_CONTACT = "custodian.read-contact"
    ACCESSION_CREATE = "accession.create"
    ACCESSION_UPDATE = "accession.update"
    ACCESSION_READ_RESTRICTED = "accession.read-restricted"
    LOT_WRITE = "lot.write"  # register, correct, move stock, split
    MCPD_IMPORT = "mcpd.import"  # load an MCPD file (each row also needs accession.create / accession.update)
    MCPD_EXPORT = "mcpd.export"  # the whole passport, restricted fields included, and its PDCI summary
    REPORT_PRINT = "report.print"  # labels, inventory lists, germination certificates (PDF)
    USER_MANAGE = "user.manage"
    AUDIT_READ = "audit.read"
    ADMIN_CONSOLE = "admin.console"


class Scope(StrEnum):
    ANY = "any"
    OWN = "own"  # the record belongs to one of the caller's custodian organisations


ANY, OWN = Scope.ANY, Scope.OWN

RULES: dict[Action, dict[Role, Scope]] = {
    Action.TAXON_WRITE: {Role.ADMIN: ANY, Role.CENTRE: ANY},
    Action.CUSTODIAN_CREATE: {Role.ADMIN: ANY, Role.CENTRE: ANY},
    Action.CUSTODIAN_UPDATE: {Role.ADMIN: ANY, Role.CENTRE: OWN, Role.CUSTODIAN: OWN},
    Action.CUSTODIAN_READ_CONTACT: {Role.ADMIN: ANY, Role.CENTRE: ANY, Role.CUSTODIAN: OWN},
    # An accession is owned by its steward (the organisation that registered it).
    Action.ACCESSION_CREATE: {Role.ADMIN: ANY, Role.CENTRE: OWN, Role.CUSTODIAN: OWN},
    Action.ACCESSION_UPDATE: {Role.ADMIN: ANY, Role.CENTRE: OWN, Role.CUSTODIAN: OWN},
    # ...and, for reading restricted passport data, also by every organisation holding a lot of it.
    Action.ACCESSION_READ_RESTRICTED: {Role.ADMIN: ANY, Role.CENTRE: ANY, Role.CUSTODIAN: OWN},
    # A lot is owned by the custodian holding it.
    Action.LOT_WRITE: {Role.ADMIN: ANY, Role.CENTRE: OWN, Role.CUSTODIAN: OWN},
    # Bulk passport work is the staff's: an import writes many accessions at once, an export shows restricted data.
    Action.MCPD_IMPORT: {Role.ADMIN: ANY, Role.CENTRE: ANY},
    Action.MCPD_EXPORT: {Role.ADMIN: ANY, Role.CENTRE: ANY},
    # Printing: staff anything; a custodian what its organisations hold (lots, their tests, its own inventory) or
    # steward (accession labels). The whole collection's inventory and searches across it are the staff's.
    Action.REPORT_PRINT: {Role.ADMIN: ANY, Role.CENTRE: ANY, Role.CUSTODIAN: OWN},
    Action.USER_MANAGE: {Role.ADMIN: ANY},
    Action.AUDIT_READ: {Role.ADMIN: ANY, Role.CENTRE: ANY},
    Action.ADMIN_CONSOLE: {Role.ADMIN: ANY, Role.CENTRE: ANY},
}


def allows(principal: Principal, action: Action, owners: Iterable[int | None] = ()) -> bool:
    """May this caller do this to a record owned by these custodians?"""
    if principal.role is None:
        return False
    scope = RULES[action].get(principal.role)
    if scope is Scope.ANY:
        return True
    if scope is Scope.OWN:
        return any(principal.member_of(owner) for owner in owners)
    return False


def require_login(principal: Principal) -> None:
    """Unauthorized unless someone is logged in: checked before a record is looked up, so a stranger
    learns nothing (not even whether the record exists)."""
    if not principal.authenticated:
        raise Unauthorized("log in first: send `Authorization: Bearer <token>` (POST /api/v1/auth/token)")


def require(
    principal: Principal, action: Action, owners: Iterable[int | None] = (), *, field: str | None = None
) -> None:
    """Raise Unauthorized (not logged in) or Forbidden (not allowed) unless ``allows``."""
    owners = tuple(owners)
    if allows(principal, action, owners):
        return
    require_login(principal)
    if RULES[action].get(principal.role) is Scope.OWN:  # type: ignore[arg-type]
        raise Forbidden(f"a {principal.role} may only do this ({action}) for its own organisation", field=field)
    raise Forbidden(f"a {principal.role} may not do this ({action})", field=field)
