"""The transfer record of a swap (pure): the provider's copy and the recipient's, as an A4 PDF.

Items, the terms the recipient accepted, the consent reference, the documents sent and signature lines; each copy
numbered on its own ("página i de n"). Built on a plain ``TransferRecord``: the exchange fills it in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from seedbank.reports.fonts import BOLD, register_fonts
from seedbank.reports.page import (
    BAND,
    INK,
    MARGIN,
    PAGE_WIDTH,
    RULE,
    TABLE_FONT,
    ZEBRA,
    bilingual,
    build_pdf,
    format_day,
    page_footer,
    paragraph,
    paragraph_styles,
    printed_on,
    quantity,
    scientific_markup,
)

__all__ = ["Party", "TransferItem", "TransferRecord", "TransferTerms", "render_transfer_record"]


class TransferTerms(StrEnum):
    """The terms the recipient accepted for a transfer (not an accession's own access terms)."""

    FREE_SEED = "free-seed"
    SMTA = "smta"
    COMMUNITY = "community"


_TERMS_TEXT = {
    TransferTerms.FREE_SEED: (
        "Semilla libre: uso, reproducción e intercambio libres (Ley de Semillas, 2015)",
        "Free seed: free to use, grow and exchange",
    ),
    TransferTerms.SMTA: (
        "Acuerdo normalizado de transferencia de material (SMTA) del Tratado Internacional (TIRFAA)",
        "Standard Material Transfer Agreement of the ITPGRFA",
    ),
    TransferTerms.COMMUNITY: (
        "Términos de la comunidad custodia, con consentimiento fundamentado previo",
        "The holder community's terms, with prior informed consent",
    ),
}


@dataclass(frozen=True, slots=True)
class Party:
    """Provider or recipient of a transfer, as it prints: only what the parties need to see."""

    name: str
    kind: str | None = None  # "Consejo comunal", "Banco de semillas"...
    instcode: str | None = None  # FAO WIEWS code, for institutes
    address: str | None = None
    representative: str | None = None  # the person who signs


@dataclass(frozen=True, slots=True)
class TransferItem:
    identifier: str  # PUID, or INSTCODE:ACCENUMB
    taxon: str
    lot_code: str
    seeds: int | None = None
    mass_mg: int | None = None
    local_name: str | None = None


@dataclass(frozen=True, slots=True)
class TransferRecord:
    reference: str
    date: dt.date
    provider: Party
    recipient: Party
    items: Sequence[TransferItem]
    terms: TransferTerms
    printed_at: dt.datetime
    terms_reference: str | None = None  # the SMTA's number, the community agreement's name
    consent_reference: str | None = None  # prior informed consent on record (Nagoya Protocol)
    documents_sent: Sequence[str] = ()
    notes: str | None = None


_COPIES = ("Copia del proveedor · Provider's copy", "Copia del receptor · Recipient's copy")


def render_transfer_record(record: TransferRecord) -> bytes:
    """The transfer record as PDF, twice: the provider's copy, then the recipient's, each numbered on its own."""
    register_fonts()
    st = paragraph_styles()

    def story(mark: Callable[[str], Flowable]) -> list[Flowable]:
        flowables: list[Flowable] = []
        for i, copy in enumerate(_COPIES):
            if i:
                flowables.append(PageBreak())
            flowables.append(mark(copy))
            flowables.extend(_transfer_copy(record, copy, st))
        return flowables

    def footer(canvas: Canvas, copy: str, page: int, pages: int) -> None:
        page_footer(canvas, printed_on(record.printed_at), f"{record.reference} · {copy.split(' · ')[0]}", page, pages)

    return build_pdf(story, footer, f"Registro de transferencia {record.reference}")


def _transfer_copy(record: TransferRecord, copy: str, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    width = PAGE_WIDTH - 2 * MARGIN
    spanish, english = copy.split(" · ")
    head = Table(
        [
            [
                paragraph(record.provider.name, st["muted"]),
                Paragraph(f"<b>{escape(spanish.upper())}</b><br/>{escape(english)}", st["head_right"]),
            ]
        ],
        colWidths=[width * 0.6, width * 0.4],
        # Flush with both margins, as the title below is.
        style=TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    title = [
        Paragraph("Registro de transferencia de semillas", st["title"]),
        Paragraph("Seed transfer record", st["subtitle"]),
        Spacer(0, 2 * mm),
        Paragraph(
            f"<b>N.º</b> {escape(record.reference)} &nbsp;&nbsp;·&nbsp;&nbsp; <b>Fecha</b> {format_day(record.date)}",
            st["body"],
        ),
        Spacer(0, 4 * mm),
    ]
    parties = Table(
        [
            [bilingual("Proveedor", "Provider", st["head"]), bilingual("Receptor", "Recipient", st["head"])],
            [_party(record.provider, st), _party(record.recipient, st)],
        ],
        colWidths=[width / 2, width / 2],
        style=TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (0, -1), 0.5, RULE),
                ("BOX", (1, 0), (1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
            ]
        ),
    )
    return [head, Spacer(0, 3 * mm), *title, parties, *_transfer_items(record, st), *_transfer_terms(record, st)]


def _party(party: Party, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    lines: list[Flowable] = [paragraph(party.name, ParagraphStyle("party", parent=st["body"], fontName=BOLD))]
    details = [
        party.kind,
        f"Código FAO WIEWS {party.instcode}" if party.instcode else None,
        party.address,
        f"Representante: {party.representative}" if party.representative else None,
    ]
    lines.extend(paragraph(d, st["small"]) for d in details if d)
    return lines


def _transfer_items(record: TransferRecord, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    width = PAGE_WIDTH - 2 * MARGIN
    header = [
        bilingual("N.º", "No.", st["head"]),
        bilingual("Identificador (PUID)", "Identifier", st["head"]),
        bilingual("Taxón · nombre local", "Taxon · local name", st["head"]),
        bilingual("Lote", "Lot", st["head"]),
        bilingual("Cantidad", "Quantity", st["head_right"]),
    ]
    rows: list[list[Any]] = [header]
    seeds = 0
    for n, item in enumerate(record.items, start=1):
        name = scientific_markup(item.taxon) + (f"<br/>{escape(item.local_name)}" if item.local_name else "")
        rows.append(
            [
                paragraph(str(n), st["cell"]),
                paragraph(item.identifier, st["cell"]),
                Paragraph(name, st["cell"]),
                paragraph(item.lot_code, st["cell"]),
                paragraph(quantity(item.seeds, item.mass_mg) or "—", st["cell_right"]),
            ]
        )
        seeds += item.seeds or 0
    total = f"{len(record.items)} {'artículo' if len(record.items) == 1 else 'artículos'}"
    rows.append(
        ["", Paragraph(f"<b>{total}</b>", st["cell"]), "", "", paragraph(quantity(seeds, None), st["cell_right"])]
    )
    table = Table(
        rows,
        colWidths=[width * f for f in (0.05, 0.31, 0.28, 0.19, 0.17)],
        repeatRows=1,
        style=TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, ZEBRA]),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                ("FONTNAME", (0, -1), (-1, -1), BOLD),
            ]
        ),
    )
    return [Paragraph("Material transferido · <font color='#595959'>Material transferred</font>", st["heading"]), table]


def _transfer_terms(record: TransferRecord, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    flowables: list[Flowable] = [
        Paragraph("Términos aceptados · <font color='#595959'>Terms accepted</font>", st["heading"])
    ]
    for terms, (spanish, english) in _TERMS_TEXT.items():
        box = "☒" if terms is record.terms else "☐"
        text = f"{box}&nbsp; {escape(spanish)} <font color='#595959' size='7.5'>· {escape(english)}</font>"
        if terms is record.terms and record.terms_reference:
            text += f"<br/>&nbsp;&nbsp;&nbsp;&nbsp;Referencia: {escape(record.terms_reference)}"
        flowables.append(
            Paragraph(text, ParagraphStyle("terms", parent=st["body"], leftIndent=10, firstLineIndent=-10))
        )
    consent = escape(record.consent_reference) if record.consent_reference else "no consta / none on record"
    flowables += [
        Paragraph(
            "Consentimiento fundamentado previo · <font color='#595959'>Prior informed consent</font>", st["heading"]
        ),
        Paragraph(f"Referencia: {consent}", st["body"]),
        Paragraph("Documentos enviados · <font color='#595959'>Documents sent</font>", st["heading"]),
    ]
    documents = record.documents_sent or ["ninguno / none"]
    flowables.extend(Paragraph(f"•&nbsp; {escape(d)}", st["body"]) for d in documents)
    if record.notes:
        flowables += [
            Paragraph("Observaciones · <font color='#595959'>Notes</font>", st["heading"]),
            paragraph(record.notes, st["body"]),
        ]
    flowables.append(Spacer(0, 8 * mm))
    flowables.append(KeepTogether(_signatures(record, st)))
    return flowables


def _signatures(record: TransferRecord, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    width = PAGE_WIDTH - 2 * MARGIN
    line = "_" * 38

    def block(role: str, english: str, party: Party) -> list[Flowable]:
        return [
            bilingual(role, english, st["head"]),
            Spacer(0, 9 * mm),
            paragraph(line, st["body"]),
            paragraph(f"Firma · Signature — {party.representative or party.name}", st["small"]),
            Spacer(0, 6 * mm),
            paragraph(line, st["body"]),
            paragraph("Fecha · Date", st["small"]),
        ]

    table = Table(
        [
            [
                block("Entrega (proveedor)", "Delivered by", record.provider),
                block("Recibe (receptor)", "Received by", record.recipient),
            ]
        ],
        colWidths=[width / 2, width / 2],
        style=TableStyle([TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
    )
    return [table]
