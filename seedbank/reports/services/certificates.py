"""Germination test certificates: a stored test (``catalog.services.germination.get_test``) with its lot,
accession and taxon, printed for the staff and for the custodian holding the lot."""

from __future__ import annotations

import asyncio
import datetime as dt

from seedbank.accounts.policy import Action, require, require_login
from seedbank.accounts.principal import Principal
from seedbank.catalog.schemas_germination import GerminationTestRead
from seedbank.catalog.services.germination import get_test
from seedbank.contracts import INT32_MAX
from seedbank.db import Database, Row
from seedbank.errors import NotFound
from seedbank.reports.certificate import (
    GerminationCertificate,
    GerminationResult,
    Replicate,
    ToleranceCheck,
    render_germination_certificate,
)
from seedbank.reports.services.common import PrintedPdf, first_name, institute_line

__all__ = ["certificate_reference", "germination_certificate", "print_germination_certificate"]

_LOT = (
    "SELECT l.lot_code, l.custodian, c.name AS custodian_name, a.accession_number, a.accession_names, "
    "t.full_name AS taxon FROM lot l JOIN accession a ON a.id = l.accession JOIN taxon t ON t.id = a.taxon "
    "JOIN custodian c ON c.id = l.custodian WHERE l.id = {}"
)
_NONE = "—"


def certificate_reference(instcode: str, test_id: int) -> str:
    """VEN001-PG-000012: the institute's code and the test's number (PG: prueba de germinación)."""
    return f"{instcode}-PG-{test_id:06d}"


def _certificate(test: GerminationTestRead, lot: Row, institute: str, instcode: str) -> GerminationCertificate:
    replicates = [
        Replicate(
            normal=r.normal,
            abnormal=r.abnormal,
            hard=r.hard,
            fresh=r.fresh,
            dead=r.dead if r.dead is not None else r.seeds - r.normal - r.abnormal - r.hard - r.fresh,
        )
        for r in test.replicates
    ]
    return GerminationCertificate(
        reference=certificate_reference(instcode, test.id),
        institute=institute,
        lot_code=lot["lot_code"],
        accession_number=lot["accession_number"],
        taxon=lot["taxon"],
        local_name=first_name(lot["accession_names"]),
        custodian=lot["custodian_name"],
        started=test.started_on,
        final_count=test.ended_on,
        method=test.method or _NONE,
        substrate=test.substrate or _NONE,
        temperature=test.temperature or _NONE,
        replicates=replicates,
        result=GerminationResult(
            normal=test.normal_percent,
            abnormal=test.abnormal_percent,
            hard=test.hard_percent,
            fresh=test.fresh_percent,
            dead=test.dead_percent,
            viable=test.viable_percent,
        ),
        tolerance=None if test.tolerance is None else ToleranceCheck(test.replicate_range, test.tolerance),
        analyst=test.analyst or _NONE,
        remarks=test.remarks,
        printed_at=dt.datetime.now().astimezone(),
    )


async def germination_certificate(
    db: Database, actor: Principal, test_id: int, *, instcode: str
) -> GerminationCertificate:
    """What the certificate of a stored test says; for staff and the lot's custodian."""
    require_login(actor)
    if test_id > INT32_MAX:  # the path takes any number of digits before ".pdf"
        raise NotFound(f"there is no germination test {test_id}", field="test_id")
    test = await get_test(db, test_id)
    lot = await db.fetch_one(_LOT, test.lot_id)
    if lot is None:  # pragma: no cover - a test's lot cannot be deleted
        raise NotFound(f"there is no lot {test.lot_id}", field="test_id")
    require(actor, Action.REPORT_PRINT, (lot["custodian"],), field="test_id")
    return _certificate(test, lot, await institute_line(db, instcode), instcode)


async def print_germination_certificate(db: Database, actor: Principal, test_id: int, *, instcode: str) -> PrintedPdf:
    """The certificate as a PDF (drawn in a worker thread)."""
    certificate = await germination_certificate(db, actor, test_id, instcode=instcode)
    content = await asyncio.to_thread(render_germination_certificate, certificate)
    filename = f"certificado-germinacion-{certificate.reference.lower()}.pdf"
    return PrintedPdf(filename, content, 1)
