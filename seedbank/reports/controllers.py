"""HTTP glue for printed documents (``application/pdf`` attachments) and the resolver of the links on labels."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec
from litestar import Controller, Response, get
from litestar.datastructures import ResponseHeader
from litestar.openapi.spec import Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import FromQuery, KwargDefinition, PathParameter, QueryParameter
from litestar.response import Redirect

from seedbank.catalog.controllers.catalogue_query import SampleStatusQuery
from seedbank.catalog.services.search import AccessionQuery
from seedbank.contracts import INT32_MAX
from seedbank.http import DatabaseDep, IdQuery, PrincipalDep, QueryText, SettingsDep, StateQuery, problems
from seedbank.reports import services
from seedbank.reports.labels import LABEL_STOCKS, MachineCode
from seedbank.reports.services import MAX_COPIES, MAX_IDS, MAX_LABELS_PER_REQUEST, LabelLayout, PrintedPdf

__all__ = ["ReportController", "resolve_puid"]

PDF_MEDIA_TYPE = "application/pdf"
PdfContent = Annotated[bytes, KwargDefinition(format="binary", description="the PDF document")]
_DISPOSITION = [
    ResponseHeader(
        name="Content-Disposition",
        value='attachment; filename="etiquetas-lotes-2026-11-28.pdf"',
        description="an attachment, with the file name to save it under",
        documentation_only=True,
    )
]

_MOST_PER_SHEET = max(stock.per_page for stock in LABEL_STOCKS.values())
_Id = Annotated[int, msgspec.Meta(ge=1, le=INT32_MAX)]


def _ids(what: str) -> QueryParameter:
    """A repeatable id parameter, documented as an array of bounded ids."""
    return QueryParameter(
        description=f"{what} (repeatable, at most {MAX_IDS})",
        schema_extra={
            "one_of": None,
            "type": OpenAPIType.ARRAY,
            "items": Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=INT32_MAX),
            "max_items": MAX_IDS,
        },
    )


AccessionIds = Annotated[list[_Id] | None, _ids("accessions to label, one accession-level label each (no lot)")]
LotIds = Annotated[list[_Id] | None, _ids("lots to label")]
LayoutQuery = Annotated[
    LabelLayout,
    QueryParameter(
        description="label stock: Avery sheets (A4: L7160 3 × 7, L7163 2 × 7; Letter: 5160 3 × 10, 5163 2 × 5) or a "
        "thermal roll (50 × 25 or 100 × 50 mm, one label a page)"
    ),
]
CodeQuery = Annotated[
    MachineCode,
    QueryParameter(
        description="the machine code: QR (default) or DataMatrix hold the link `{base}/a/{PUID}`; Code 128 the bare "
        "PUID (a fallback PUID needs the 99 mm wide layouts)"
    ),
]
Offset = Annotated[
    int,
    QueryParameter(
        ge=0,
        le=_MOST_PER_SHEET - 1,
        description="labels already used on the first sheet, to skip (less than the layout's labels a sheet; "
        "0 on rolls)",
    ),
]
Copies = Annotated[
    int | None,
    QueryParameter(
        ge=1,
        le=MAX_COPIES,
        description="copies of each label; default 2 for lots (inside and outside the packet), 1 for accessions",
    ),
]
TestFile = Annotated[
    str,
    PathParameter(pattern=r"^[1-9][0-9]{0,9}\.pdf$", description="the germination test's id and `.pdf` (`12.pdf`)"),
]
PuidPath = Annotated[
    Path,
    PathParameter(
        description="the PUID as printed in the code: a DOI (`10.18730/9KZ5Q`) or `INSTCODE:ACCENUMB:GENUS`",
        schema_extra={"format": None, "max_length": 300},
    ),
]


def _attachment(pdf: PrintedPdf) -> Response[bytes]:
    return Response(
        pdf.content,
        media_type=PDF_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{pdf.filename}"'},
    )


class ReportController(Controller):
    path = "/reports"
    tags = ("reports",)

    @get(
        "/labels.pdf",
        operation_id="printLabels",
        media_type=PDF_MEDIA_TYPE,
        response_description="The labels, ready to print at actual size (no scaling) on the chosen stock",
        response_headers=_DISPOSITION,
        responses=problems(403, 404, 422),
    )
    async def labels(
        self,
        db: DatabaseDep,
        principal: PrincipalDep,
        settings: SettingsDep,
        accession_id: AccessionIds = None,
        lot_id: LotIds = None,
        custodian_id: IdQuery = None,
        q: QueryText = None,
        genus: QueryText = None,
        species: QueryText = None,
        crop: QueryText = None,
        state_name: StateQuery = None,
        biological_status: SampleStatusQuery = None,
        has_available_seed: FromQuery[bool | None] = None,
        layout: LayoutQuery = LabelLayout.L7160,
        code: CodeQuery = MachineCode.QR,
        offset: Offset = 0,
        copies: Copies = None,
    ) -> Response[PdfContent]:
        """Accession and packet labels as PDF, on sheet or roll label stock, with QR, DataMatrix or Code 128.

        Choose the labels one way: `accession_id` (repeatable: accession-level labels), `lot_id` (repeatable),
        or `custodian_id` and/or the catalogue search's filters (the lots in the collection of the accessions
        found; a custodian's own when `custodian_id` is given). Codes hold `{SEEDBANK_BASE_URL}/a/{PUID}`
        (Code 128: the bare PUID). Staff may print any labels; a custodian those of the lots its organisations
        hold and the accessions they steward or hold. At most 20,000 labels a request (`seedbank labels` has
        no limit).
        """
        request = services.LabelRequest(
            accession_ids=accession_id or (),
            lot_ids=lot_id or (),
            query=AccessionQuery(
                q=q,
                genus=genus,
                species=species,
                crop=crop,
                custodian_id=custodian_id,
                state=state_name,
                biological_status=biological_status,
                has_available_seed=has_available_seed,
            ),
            layout=layout,
            code=code,
            offset=offset,
            copies=copies,
        )
        pdf = await services.print_labels(
            db, principal, request, base_url=settings.base_url, max_labels=MAX_LABELS_PER_REQUEST
        )
        return _attachment(pdf)

    @get(
        "/inventory.pdf",
        operation_id="printInventory",
        media_type=PDF_MEDIA_TYPE,
        response_description="The inventory list: A4, by crop, with totals and due flags",
        response_headers=_DISPOSITION,
        responses=problems(403, 404, 422),
    )
    async def inventory(
        self, db: DatabaseDep, principal: PrincipalDep, settings: SettingsDep, custodian_id: IdQuery = None
    ) -> Response[PdfContent]:
        """A custodian's inventory (its lots in the collection), or the whole collection's (staff), as PDF.

        Grouped by crop with totals; G marks a germination test due, R a lot to regenerate (the due lists'
        rules). At most 100,000 lots a request (`seedbank inventory` has no limit).
        """
        return _attachment(await services.print_inventory(db, principal, custodian_id, instcode=settings.instcode))

    @get(
        "/germination-tests/{test_file:str}",
        operation_id="printGerminationCertificate",
        media_type=PDF_MEDIA_TYPE,
        response_description="The germination test certificate",
        response_headers=_DISPOSITION,
        responses=problems(403, 404),
    )
    async def germination_certificate(
        self, db: DatabaseDep, principal: PrincipalDep, settings: SettingsDep, test_file: TestFile
    ) -> Response[PdfContent]:
        """A germination test's certificate as PDF (`/reports/germination-tests/12.pdf`).

        For staff, and for the custodian holding the tested lot.
        """
        test_id = int(test_file.removesuffix(".pdf"))
        pdf = await services.print_germination_certificate(db, principal, test_id, instcode=settings.instcode)
        return _attachment(pdf)


# No login here (the link is public, as the accession it leads to): no 401.
_RESOLVER_RESPONSES = {status: spec for status, spec in problems(404).items() if status != 401}


@get(
    "/a/{puid:path}",
    operation_id="resolvePuid",
    tags=["accessions"],
    status_code=302,
    response_description="Found: the accession is at the URL in `Location`",
    responses=_RESOLVER_RESPONSES,
)
async def resolve_puid(db: DatabaseDep, puid: PuidPath) -> Redirect:
    """Follow a label's code: the accession with this PUID (302 to `/api/v1/accessions/{id}`)."""
    accession_id = await services.accession_for_puid(db, puid.as_posix().removeprefix("/"))
    return Redirect(f"/api/v1/accessions/{accession_id}", status_code=302)
