"""The germination test certificate (pure): one test as an A4 PDF.

Dates, method, replicates and their results, the reported percentages and the ISTA tolerance verdict, the
analyst's signature line. The percentages and the tolerance come in as data, computed by the germination rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from seedbank.reports.fonts import register_fonts
from seedbank.reports.page import (
    BAND,
    INK,
    MARGIN,
    NBSP,
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
    scientific_markup,
)

__all__ = [
    "GerminationCertificate",
    "GerminationResult",
    "Replicate",
    "ToleranceCheck",
    "render_germination_certificate",
]


@dataclass(frozen=True, slots=True)
class Replicate:
    """How the seeds of one replicate ended (ISTA: each seed in exactly one category)."""

    normal: int
    abnormal: int
    hard: int
    fresh: int
    dead: int

    @property
    def seeds(self) -> int:
        return self.normal + self.abnormal + self.hard + self.fresh + self.dead


@dataclass(frozen=True, slots=True)
class GerminationResult:
    """The reported percentages, as the germination rules computed them (whole numbers summing to 100)."""

    normal: int
    abnormal: int
    hard: int
    fresh: int
    dead: int
    viable: int | None = None  # normal plus dormant seeds confirmed viable (GRIN-Global)


@dataclass(frozen=True, slots=True)
class ToleranceCheck:
    """Replicates must agree: their spread may not exceed ISTA Table 5B's tolerance for their average."""

    spread: int  # highest minus lowest replicate germination, in percentage points
    allowed: int

    @property
    def within(self) -> bool:
        return self.spread <= self.allowed


@dataclass(frozen=True, slots=True)
class GerminationCertificate:
    reference: str
    institute: str
    lot_code: str
    accession_number: str
    taxon: str
    started: dt.date
    final_count: dt.date
    method: str  # "Entre papel (BP)"
    substrate: str  # "Papel de filtro"
    temperature: str  # "20 °C", "20–30 °C alternas"
    replicates: Sequence[Replicate]
    result: GerminationResult
    analyst: str
    printed_at: dt.datetime
    local_name: str | None = None
    custodian: str | None = None
    first_count: dt.date | None = None
    pretreatment: str | None = None  # "Preenfriamiento 5 °C, 7 días"
    tolerance: ToleranceCheck | None = None
    remarks: str | None = None


def render_germination_certificate(certificate: GerminationCertificate) -> bytes:
    """The germination test certificate as PDF."""
    register_fonts()
    st = paragraph_styles()
    c = certificate

    def story(mark: Callable[[str], Flowable]) -> list[Flowable]:
        width = PAGE_WIDTH - 2 * MARGIN
        head = Table(
            [
                [
                    paragraph(c.institute, st["muted"]),
                    Paragraph(f"<b>Certificado N.º</b> {escape(c.reference)}", st["head_right"]),
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
        identity = [
            ("Lote", "Lot", escape(c.lot_code)),
            ("Accesión", "Accession", escape(c.accession_number)),
            ("Taxón", "Taxon", scientific_markup(c.taxon)),
            ("Nombre local", "Local name", escape(c.local_name or "—")),
            ("Custodio", "Custodian", escape(c.custodian or "—")),
        ]
        conditions = [
            ("Inicio", "Started", format_day(c.started)),
            ("Primer conteo", "First count", format_day(c.first_count)),
            ("Conteo final", "Final count", format_day(c.final_count)),
            ("Método", "Method", escape(c.method)),
            ("Sustrato", "Substrate", escape(c.substrate)),
            ("Temperatura", "Temperature", escape(c.temperature)),
            ("Tratamiento previo", "Pretreatment", escape(c.pretreatment or "ninguno")),
        ]
        return [
            mark(""),
            head,
            Spacer(0, 3 * mm),
            Paragraph("Certificado de prueba de germinación", st["title"]),
            Paragraph("Germination test certificate", st["subtitle"]),
            Spacer(0, 5 * mm),
            Table(
                [[_facts(identity, st, width / 2 - 3 * mm), _facts(conditions, st, width / 2 - 3 * mm)]],
                colWidths=[width / 2, width / 2],
                style=TableStyle(
                    [TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
                ),
            ),
            Paragraph("Repeticiones · <font color='#595959'>Replicates</font>", st["heading"]),
            _replicate_table(c, st, width),
            Paragraph("Resultado · <font color='#595959'>Result</font>", st["heading"]),
            _result_block(c, st, width),
            *(
                [
                    Paragraph("Observaciones · <font color='#595959'>Remarks</font>", st["heading"]),
                    paragraph(c.remarks, st["body"]),
                ]
                if c.remarks
                else []
            ),
            Spacer(0, 12 * mm),
            KeepTogether(
                [
                    paragraph("_" * 38, st["body"]),
                    paragraph(f"Analista · Analyst — {c.analyst}", st["small"]),
                ]
            ),
        ]

    def footer(canvas: Canvas, _section: str, page: int, pages: int) -> None:
        page_footer(canvas, printed_on(c.printed_at), f"Certificado {c.reference}", page, pages)

    return build_pdf(story, footer, f"Certificado de germinación {c.reference}")


def _facts(rows: Sequence[tuple[str, str, str]], st: dict[str, ParagraphStyle], width: float) -> Table:
    """Label and value pairs: the label in Spanish, with English under it; the value as markup."""
    return Table(
        [[bilingual(spanish, english, st["head"]), Paragraph(value, st["body"])] for spanish, english, value in rows],
        colWidths=[width * 0.38, width * 0.62],
        style=TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        ),
    )


_CATEGORIES = (
    ("Normales", "Normal"),
    ("Anormales", "Abnormal"),
    ("Duras", "Hard"),
    ("Frescas", "Fresh"),
    ("Muertas", "Dead"),
)


def _replicate_table(c: GerminationCertificate, st: dict[str, ParagraphStyle], width: float) -> Table:
    header = [
        bilingual("Repetición", "Replicate", st["head"]),
        bilingual("Semillas", "Seeds", st["head_right"]),
        *(bilingual(es, en, st["head_right"]) for es, en in _CATEGORIES),
        bilingual("Germinación", "Germination", st["head_right"]),
    ]
    rows: list[list[Any]] = [header]
    for n, r in enumerate(c.replicates, start=1):
        share = f"{(200 * r.normal + r.seeds) // (2 * r.seeds)}{NBSP}%" if r.seeds else "—"  # rounded half up
        counts = (r.seeds, r.normal, r.abnormal, r.hard, r.fresh, r.dead)
        rows.append(
            [
                paragraph(str(n), st["cell"]),
                *(paragraph(str(v), st["cell_right"]) for v in counts),
                paragraph(share, st["cell_right"]),
            ]
        )
    totals = [
        sum(getattr(r, k) for r in c.replicates) for k in ("seeds", "normal", "abnormal", "hard", "fresh", "dead")
    ]
    rows.append([Paragraph("<b>Total</b>", st["cell"]), *(paragraph(str(v), st["cell_right"]) for v in totals), ""])
    res = c.result
    reported = (res.normal, res.abnormal, res.hard, res.fresh, res.dead)
    rows.append(
        [
            Paragraph("<b>Resultado %</b>", st["cell"]),
            "",
            *(Paragraph(f"<b>{v}{NBSP}%</b>", st["cell_right"]) for v in reported),
            "",
        ]
    )
    return Table(
        rows,
        colWidths=[width * 0.16, width * 0.11, *(width * 0.11 for _ in _CATEGORIES), width * 0.18],
        repeatRows=1,
        style=TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("ROWBACKGROUNDS", (0, 1), (-1, -3), [colors.white, ZEBRA]),
                ("LINEABOVE", (0, -2), (-1, -2), 0.8, INK),
                ("BACKGROUND", (0, -1), (-1, -1), BAND),
            ]
        ),
    )


def _result_block(c: GerminationCertificate, st: dict[str, ParagraphStyle], width: float) -> Table:
    viable = f"{c.result.viable}{NBSP}%" if c.result.viable is not None else "—"
    if c.tolerance is None:
        verdict = "Tolerancia entre repeticiones: no evaluada · Tolerance: not checked"
    elif c.tolerance.within:
        verdict = (
            f"Diferencia entre repeticiones: {c.tolerance.spread} puntos; tolerancia {c.tolerance.allowed} "
            "(ISTA, tabla 5B): <b>dentro de tolerancia</b> · within tolerance"
        )
    else:
        verdict = (
            f"Diferencia entre repeticiones: {c.tolerance.spread} puntos; tolerancia {c.tolerance.allowed} "
            "(ISTA, tabla 5B): <b>fuera de tolerancia — repetir la prueba</b> · out of tolerance: repeat the test"
        )
    big = [
        [
            [bilingual("Germinación", "Germination", st["head"]), Paragraph(f"{c.result.normal}{NBSP}%", st["big"])],
            [bilingual("Viabilidad", "Viability", st["head"]), Paragraph(viable, st["big"])],
            Paragraph(verdict, st["body"]),
        ]
    ]
    return Table(
        big,
        colWidths=[width * 0.22, width * 0.22, width * 0.56],
        style=TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 0.8, INK),
                ("LINEAFTER", (0, 0), (1, 0), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        ),
    )
