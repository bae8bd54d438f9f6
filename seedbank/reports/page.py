"""What every printed page shares (pure): A4 page and margins, ink, numbers and dates as Venezuelan print writes
them, the footer ("página i de n"), word wrapping, paragraph styles, scientific names, and the two-pass build
that numbers pages.

Labels (``labels.py``) take the formatting (``thousands``, ``quantity``, ``RANKS``); the documents
(``inventory.py``, ``transfer.py``, ``certificate.py``) take all of it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from seedbank.reports.fonts import BOLD, REGULAR

__all__ = [
    "BAND",
    "INK",
    "MARGIN",
    "MUTED",
    "NBSP",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "RANKS",
    "RULE",
    "TABLE_FONT",
    "ZEBRA",
    "Story",
    "bilingual",
    "build_pdf",
    "format_day",
    "mass",
    "page_footer",
    "paragraph",
    "paragraph_styles",
    "printed_on",
    "quantity",
    "scientific_markup",
    "thousands",
    "wrap_lines",
]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 12 * mm
INK = colors.black
MUTED = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.55, 0.55, 0.55)
BAND = colors.Color(0.88, 0.88, 0.88)
ZEBRA = colors.Color(0.955, 0.955, 0.955)
NBSP = "\u00a0"


def format_day(value: dt.date | None) -> str:
    """A day as Venezuelans write it (28/11/2026); a dash when there is none."""
    return f"{value:%d/%m/%Y}" if value else "—"


def printed_on(at: dt.datetime) -> str:
    """The footer's note of when a document was printed."""
    return f"Impreso el {at:%d/%m/%Y} a las {at:%H:%M}"


def thousands(n: int) -> str:
    """16756 → "16.756", as Venezuelan print writes numbers."""
    return f"{n:,}".replace(",", ".")


def mass(mass_mg: int) -> str:
    """12500 → "12,5 g": milligrams in the largest unit that keeps the number readable (decimal comma)."""
    if mass_mg >= 1_000_000:
        return f"{mass_mg / 1_000_000:.2f}".rstrip("0").rstrip(".").replace(".", ",") + f"{NBSP}kg"
    if mass_mg >= 1000:
        return f"{mass_mg / 1000:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f"{NBSP}g"
    return f"{mass_mg}{NBSP}mg"


def quantity(seeds: int | None, mass_mg: int | None) -> str:
    """250 seeds and 12,500 mg → "250 semillas · 12,5 g" (no-break spaces); "" when neither is known."""
    parts = []
    if seeds is not None:
        parts.append(f"{thousands(seeds)}{NBSP}{'semilla' if seeds == 1 else 'semillas'}")
    if mass_mg is not None:
        parts.append(mass(mass_mg))
    return " · ".join(parts)


def page_footer(canvas: Canvas, left: str, middle: str, page: int, pages: int) -> None:
    """The line at the foot of every page: when printed, a reference, and "página i de n"."""
    y = MARGIN - 4 * mm
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, y + 3.2 * mm, PAGE_WIDTH - MARGIN, y + 3.2 * mm)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 7)
    canvas.drawString(MARGIN, y, left)
    if middle:
        canvas.drawCentredString(PAGE_WIDTH / 2, y, middle)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, y, f"página {page} de {pages}")
    canvas.restoreState()


def wrap_lines(text: str, font: str, size: float, width: float, max_lines: int = 2) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines of ``width`` points; the last one ends in "…" if cut."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return [text]
    words = text.split(" ")
    lines: list[str] = []
    while words and len(lines) < max_lines:
        line = words.pop(0)
        # A word wider than the column is broken where it must be.
        while pdfmetrics.stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                cut -= 1
            words.insert(0, line[cut:])
            line = line[:cut]
        while words and pdfmetrics.stringWidth(f"{line} {words[0]}", font, size) <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:
        last = lines[-1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return lines


# Plain-string cells are drawn in the table's font, Helvetica unless told: name ours on every table.
TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), REGULAR)


def paragraph_styles() -> dict[str, ParagraphStyle]:
    """The documents' paragraph styles by name (body, small, muted, title, heading, cell, head...)."""
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "muted": ParagraphStyle("muted", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=18),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=9.5, leading=12, textColor=MUTED),
        "heading": ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=8),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=7.5, leading=9),
        "head_right": ParagraphStyle(
            "head_right", parent=base, fontName=BOLD, fontSize=7.5, leading=9, alignment=TA_RIGHT
        ),
        "head_centre": ParagraphStyle(
            "head_c", parent=base, fontName=BOLD, fontSize=7.5, leading=9, alignment=TA_CENTER
        ),
        "big": ParagraphStyle("big", parent=base, fontName=BOLD, fontSize=22, leading=26),
    }


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped), so names with "<" or "&" print as they are."""
    return Paragraph(escape(text), style)


def bilingual(spanish: str, english: str, style: ParagraphStyle) -> Paragraph:
    """Spanish first, English under it, smaller and grey (column heads, field names)."""
    return Paragraph(
        f'{escape(spanish)}<br/><font name="{REGULAR}" color="#595959" size="6.5">{escape(english)}</font>', style
    )


# Rank words stay upright in an italic scientific name ("Zea mays subsp. mays").
RANKS = frozenset({"subsp.", "ssp.", "var.", "subvar.", "f.", "forma", "sp.", "spp.", "cv.", "convar.", "agg.", "×"})


def scientific_markup(text: str) -> str:
    """A scientific name as markup: italic, with rank words (subsp., var.) upright."""
    return " ".join(escape(w) if w in RANKS else f"<i>{escape(w)}</i>" for w in text.split())


Story = Callable[[Callable[[str], Flowable]], list[Flowable]]


def build_pdf(story: Story, footer: Callable[[Canvas, str, int, int], None], title: str) -> bytes:
    """Build a platypus story twice: once to count each section's pages, once to print "página i de n".

    ``story(mark)`` makes the flowables; ``mark(name)`` is a flowable that starts a section (each copy of a
    transfer record is one), so pages are counted within it. Flowables are used up by a build, hence the factory.
    """
    counts: dict[str, int] = {}

    def run(final: bool) -> bytes:
        out = io.BytesIO()
        current = [""]
        seen: dict[str, int] = {}

        def page_end(canvas: Canvas, _doc: Any) -> None:
            section = current[0]
            seen[section] = seen.get(section, 0) + 1
            if final:
                footer(canvas, section, seen[section], counts[section])

        doc = BaseDocTemplate(
            out,
            pagesize=A4,
            title=title,
            author="seedbank",
            creator="seedbank",
            invariant=1,
            pageCompression=1,
            initialFontName=REGULAR,  # else every page names Helvetica, an unembedded font
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 4 * mm,
        )
        frame = Frame(
            MARGIN,
            MARGIN + 4 * mm,
            PAGE_WIDTH - 2 * MARGIN,
            PAGE_HEIGHT - 2 * MARGIN - 4 * mm,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=page_end)])
        doc.build(story(lambda name: _SectionMark(name, current)))
        if not final:
            counts.update(seen)
        return out.getvalue()

    run(final=False)
    return run(final=True)


class _SectionMark(Flowable):
    """Takes no room; when drawn, says which section the page belongs to."""

    def __init__(self, name: str, current: list[str]) -> None:
        super().__init__()
        self.name = name
        self.current = current

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.current[0] = self.name
