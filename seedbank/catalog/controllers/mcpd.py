"""HTTP glue for MCPD passport files: import one, export the catalogue as one, and its completeness (PDCI)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import FromQuery, QueryParameter
from litestar.response import Stream

from seedbank.catalog.controllers.catalogue_query import SELECTION, SelectionDep
from seedbank.catalog.schemas_mcpd import McpdImportReport, PdciSummaryRead
from seedbank.catalog.services.mcpd_export import export_mcpd, summarise_mcpd
from seedbank.catalog.services.mcpd_import import ImportOptions, import_mcpd_upload
from seedbank.http import DatabaseDep, IdQuery, PrincipalDep, SettingsDep, problems

__all__ = ["McpdController"]

# Imports stream to disk as they arrive; past this the request is refused with 413.
MAX_IMPORT_BYTES = 1024 * 1024 * 1024
IMPORT_MEDIA_TYPES = ("text/csv", "text/tab-separated-values", "application/octet-stream", "multipart/form-data")
CSV_MEDIA_TYPE = "text/csv"

FileNameQuery = Annotated[
    str | None,
    QueryParameter(
        max_length=200,
        pattern=r"^[^\x00-\x1f\x7f]*$",
        description="the file's name, for the report and the audit trail",
    ),
]


@dataclass
class _ImportOperation(Operation):
    """The request body is the file itself, streamed: documented by hand (the handler reads the raw stream)."""

    def __post_init__(self) -> None:
        # Any bytes are a file to read (a file that is not MCPD gets a report saying why): no type to violate.
        file = Schema(description="the file's bytes")
        form = Schema(type=OpenAPIType.OBJECT, properties={"file": file}, required=["file"])
        self.request_body = RequestBody(
            content={
                "text/csv": OpenAPIMediaType(schema=file),
                "text/tab-separated-values": OpenAPIMediaType(schema=file),
                "application/octet-stream": OpenAPIMediaType(schema=file),
                "multipart/form-data": OpenAPIMediaType(schema=form),
            },
            description="An MCPD v2.1 file: UTF-8 (with or without BOM), UTF-16 or Windows-1252; comma, "
            "semicolon or tab separated. As the body itself, or as the `file` part of a form.",
            required=True,
        )


@dataclass
class _CsvOperation(Operation):
    """The answer is a CSV file, streamed."""

    def __post_init__(self) -> None:
        if self.responses is not None:
            self.responses["200"] = OpenAPIResponse(
                description="An MCPD v2.1 file (UTF-8, comma separated, CRLF), as an attachment",
                content={CSV_MEDIA_TYPE: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))},
            )


class McpdController(Controller):
    path = "/mcpd"
    tags = ("mcpd",)

    @post(
        "/import",
        operation_id="importMcpd",
        status_code=200,
        request_max_body_size=MAX_IMPORT_BYTES,
        operation_class=_ImportOperation,
        responses=problems(403, 404, 413, 422),
    )
    async def import_file(
        self,
        db: DatabaseDep,
        principal: PrincipalDep,
        request: Request[Any, Any, Any],
        dry_run: FromQuery[bool] = False,
        clean_only: FromQuery[bool] = False,
        file_name: FileNameQuery = None,
        steward_custodian_id: IdQuery = None,
    ) -> McpdImportReport:
        """Import an MCPD file: every problem named; loaded all or nothing (or its clean rows), or a dry run."""
        options = ImportOptions(
            file_name=file_name, dry_run=dry_run, clean_only=clean_only, steward_custodian_id=steward_custodian_id
        )
        return await import_mcpd_upload(
            db, principal, request.stream(), options, content_type=request.headers.get("content-type")
        )

    @get(
        "/export",
        operation_id="exportMcpd",
        media_type=CSV_MEDIA_TYPE,
        operation_class=_CsvOperation,
        dependencies=SELECTION,
        responses=problems(403, 422),
    )
    async def export_file(
        self,
        db: DatabaseDep,
        principal: PrincipalDep,
        settings: SettingsDep,
        selection: SelectionDep,
        extensions: Annotated[
            bool, QueryParameter(description="seedbank's COLLECTOR, HOLDERCOMMUNITY and ACCESSTERMS columns too")
        ] = True,
        bom: Annotated[bool, QueryParameter(description="start with a byte-order mark (for spreadsheets)")] = False,
    ) -> Stream:
        """Export the accessions a catalogue search selects as an MCPD v2.1 file, streamed (staff)."""
        export = await export_mcpd(db, principal, selection, instcode=settings.instcode, extensions=extensions, bom=bom)
        return Stream(
            export.chunks,
            media_type=f"{CSV_MEDIA_TYPE}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{export.file_name}"'},
        )

    @get("/summary", operation_id="summariseMcpd", dependencies=SELECTION, responses=problems(403, 422))
    async def summary(self, db: DatabaseDep, principal: PrincipalDep, selection: SelectionDep) -> PdciSummaryRead:
        """How complete the selected accessions' passports are (PDCI 0–10): mean, range, bands, by type (staff)."""
        return await summarise_mcpd(db, principal, selection)
