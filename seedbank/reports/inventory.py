"""The inventory list (pure): a custodian's lots or the whole collection's, as an A4 PDF.

Grouped by crop with totals per crop and overall, germination (G) and regeneration (R) flags, the column header
on every page, "página i de n" and the printing date. Pages are laid out here, row by row, in two passes over the
data (count the pages, then draw), so a collection of 10^5 lots costs time in proportion to its size (reportlab's
long-table splitting grows with the square of the rows). Nothing here computes a domain rule: the flags come in
as data.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from seedbank.reports.fonts import BOLD, OBLIQUE, REGULAR, register_fonts
from seedbank.reports.page import (
    BAND,
    INK,
    MARGIN,
    MUTED,
    NBSP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RANKS,
    RULE,
    ZEBRA,
    format_day,
    page_footer,
    printed_on,
    thousands,
    wrap_lines,
)

__all__ = ["CropInventory", "InventoryList", "InventoryLot", "render_inventory"]


@dataclass(frozen=True, slots=True)
class InventoryLot:
    """One lot on the inventory list."""

    accession_number: str
    lot_code: str
    taxon: str
    seeds: int
    local_name: str | None = None
    custodian: str | None = None
    harvest_year: int | None = None
    germination_percent: int | None = None
    germination_tested: dt.date | None = None
    germination_due: bool = False  # no test yet, or the next one is due
    regeneration_due: bool = False  # viability or stock under the threshold


@dataclass(frozen=True, slots=True)
class CropInventory:
    crop: str
    lots: Sequence[InventoryLot]


@dataclass(frozen=True, slots=True)
class InventoryList:
    """A custodian's inventory (``custodian`` set: its column is left out) or the whole collection's (None).

    ``crops`` is read twice (pages are counted before they are drawn), so it must be a sequence.
    """

    institute: str
    printed_at: dt.datetime
    crops: Sequence[CropInventory]
    custodian: str | None = None
    title: str = "Inventario de semillas"


@dataclass(frozen=True, slots=True)
class _Column:
    key: str
    spanish: str
    english: str
    width: float  # mm
    align: str = "left"
    font: str = REGULAR


_ROW_FONT = 7.0
_ROW_LEADING = 8.6
_CELL_PAD = 1.2 * mm
_ROW_PAD = 1.6  # points above and below a row's text


def _inventory_columns(with_custodian: bool) -> list[_Column]:
    # Widths fit their longest usual content at 7 pt ("VEN001-000311", "12/03/2025", "Zea mays subsp. mays").
    extra = 0.0 if with_custodian else 32.0  # the custodian column's room goes to the names
    columns = [
        _Column("accession", "Accesión", "Accession", 23),
        _Column("lot", "Lote", "Lot", 11 + extra * 0.15),
        _Column("taxon", "Taxón", "Taxon", 30 + extra * 0.45, font=OBLIQUE),
        _Column("name", "Nombre local", "Local name", 25 + extra * 0.4),
        # Custodians' names are long ("Centro Nacional de Resguardo de Semillas"): the widest text column.
        _Column("custodian", "Custodio", "Custodian", 32),
        _Column("harvest", "Cosecha", "Harvest", 14, "center"),
        _Column("seeds", "Semillas", "Seeds", 14.5, "right"),
        _Column("germination", "Germ.", "Germ.", 10.5, "right"),
        _Column("tested", "Prueba", "Tested", 17, "center"),
        _Column("flags", "Avisos", "Flags", 9, "center", BOLD),
    ]
    return [c for c in columns if with_custodian or c.key != "custodian"]


@dataclass(slots=True, eq=False)
class _Row:
    kind: str  # "crop", "lot", "subtotal", "total"
    cells: list[list[str]]  # lines per column (lot rows), or one cell (the others)
    height: float
    keep_with_next: bool = False
    crop: str = ""
    zebra: bool = False


def _lot_cells(lot: InventoryLot, columns: Sequence[_Column]) -> list[list[str]]:
    # A lot code that starts with its accession number prints as the suffix ("L01"): the row already says the rest.
    lot_code = lot.lot_code.removeprefix(f"{lot.accession_number}-")
    flags = " ".join(flag for flag, on in (("G", lot.germination_due), ("R", lot.regeneration_due)) if on)
    values = {
        "accession": lot.accession_number,
        "lot": lot_code,
        "taxon": lot.taxon,
        "name": lot.local_name or "",
        "custodian": lot.custodian or "",
        "harvest": str(lot.harvest_year) if lot.harvest_year is not None else "—",
        "seeds": thousands(lot.seeds),
        "germination": f"{lot.germination_percent}{NBSP}%" if lot.germination_percent is not None else "—",
        "tested": format_day(lot.germination_tested) if lot.germination_tested else "—",
        "flags": flags,
    }
    return [_cell(values[c.key], c, c.width * mm - 2 * _CELL_PAD) for c in columns]


def _cell(text: str, column: _Column, width: float) -> list[str]:
    if column.key in ("accession", "lot"):
        # Identifiers are never broken: a long one is set smaller (drawn at the width it is given).
        return [text]
    # Custodians' names are long and alike ("Consejo Comunal Sanare ..."): cut short, they could be mistaken.
    return wrap_lines(text, column.font, _ROW_FONT, width, max_lines=3 if column.key == "custodian" else 2)


def _row_height(lines: int, leading: float = _ROW_LEADING) -> float:
    return lines * leading + 2 * _ROW_PAD


def _summary(lots: int, accessions: int, seeds: int, germination: int, regeneration: int) -> list[list[str]]:
    flags = " · ".join(f"{n}{NBSP}{flag}" for flag, n in (("G", germination), ("R", regeneration)) if n)
    counted = f"{thousands(lots)} {'lote' if lots == 1 else 'lotes'} de {thousands(accessions)} " + (
        "accesión" if accessions == 1 else "accesiones"
    )
    return [[counted], [thousands(seeds)], [flags]]


def _inventory_rows(inventory: InventoryList, columns: Sequence[_Column]) -> Iterator[_Row]:
    """The list as rows: a band per crop, its lots, its totals; the collection's totals last."""
    totals = [0, 0, 0, 0, 0]
    every_accession: set[str] = set()
    crops = 0
    for crop in inventory.crops:
        if not crop.lots:
            continue
        crops += 1
        yield _Row("crop", [[crop.crop]], _row_height(1, 11), keep_with_next=True, crop=crop.crop)
        accessions: set[str] = set()
        seeds = germination = regeneration = 0
        for i, lot in enumerate(crop.lots):
            cells = _lot_cells(lot, columns)
            last = i == len(crop.lots) - 1
            height = _row_height(max(len(c) for c in cells))
            yield _Row("lot", cells, height, keep_with_next=last, crop=crop.crop, zebra=i % 2 == 1)
            accessions.add(lot.accession_number)
            seeds += lot.seeds
            germination += lot.germination_due
            regeneration += lot.regeneration_due
        every_accession |= accessions
        counts = (len(crop.lots), len(accessions), seeds, germination, regeneration)
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        cells = _summary(*counts)
        cells[0][0] = f"Total {crop.crop}: {cells[0][0]}"
        yield _Row("subtotal", cells, _row_height(1, 10), crop=crop.crop)
    cells = _summary(totals[0], len(every_accession), totals[2], totals[3], totals[4])
    cells[0][0] = f"Total general ({crops} {'cultivo' if crops == 1 else 'cultivos'}): {cells[0][0]}"
    yield _Row("total", cells, _row_height(1, 12))


_NEW_PAGE = _Row("page", [], 0.0)


def _paginate(rows: Iterator[_Row], body: float) -> Iterator[_Row]:
    """Rows with ``_NEW_PAGE`` where a page starts: a crop band keeps its first lot, a crop's last lot its total,
    and a crop carried over to a new page gets its band again ("continúa")."""
    remaining = body
    empty = True
    crop = ""
    yield _NEW_PAGE
    row = next(rows, None)
    while row is not None:
        following = next(rows, None)
        need = row.height + (following.height if row.keep_with_next and following is not None else 0.0)
        if need > remaining and not empty:
            yield _NEW_PAGE
            remaining, empty = body, True
            if crop and row.kind in ("lot", "subtotal"):
                band = _Row("crop", [[f"{crop} (continúa)"]], _row_height(1, 11), crop=crop)
                yield band
                remaining -= band.height
        yield row
        remaining -= row.height
        empty = False
        crop = row.crop if row.kind in ("crop", "lot") else ""
        row = following


_HEADER_HEIGHT = 17 * mm  # title block at the top of every page
_COLUMNS_HEIGHT = 20.0  # the column header row


def render_inventory(inventory: InventoryList) -> bytes:
    """The inventory list as PDF: A4 portrait, grouped by crop, totals, flags, "página i de n"."""
    register_fonts()
    columns = _inventory_columns(inventory.custodian is None)
    body = PAGE_HEIGHT - 2 * MARGIN - 4 * mm - _HEADER_HEIGHT - _COLUMNS_HEIGHT - 12  # 12: the legend line
    pages = sum(1 for row in _paginate(_inventory_rows(inventory, columns), body) if row is _NEW_PAGE)

    out = io.BytesIO()
    canvas = Canvas(
        out,
        pagesize=A4,
        pageCompression=1,
        invariant=1,
        initialFontName=REGULAR,  # type: ignore[arg-type]  # types-reportlab has it as a float
    )
    canvas.setTitle(f"{inventory.title} · {inventory.custodian or 'Colección completa'}")
    canvas.setCreator("seedbank")
    page = 0
    y = 0.0
    for row in _paginate(_inventory_rows(inventory, columns), body):
        if row is _NEW_PAGE:
            if page:
                _inventory_page_end(canvas, inventory, page, pages)
                canvas.showPage()
            page += 1
            y = _inventory_page_start(canvas, inventory, columns)
            continue
        _draw_row(canvas, row, columns, y)
        y -= row.height
    _inventory_page_end(canvas, inventory, page, pages)
    canvas.save()
    return out.getvalue()


def _inventory_page_start(canvas: Canvas, inventory: InventoryList, columns: Sequence[_Column]) -> float:
    """Title block and column header; returns where the first row's top goes."""
    top = PAGE_HEIGHT - MARGIN
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 7.5)
    canvas.drawString(MARGIN, top - 7, inventory.institute)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 14)
    canvas.drawString(MARGIN, top - 24, inventory.title)
    title_width = pdfmetrics.stringWidth(inventory.title, BOLD, 14)
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN + title_width + 6, top - 24, "Seed inventory")
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 9.5)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, top - 24, inventory.custodian or "Colección completa")
    y = top - _HEADER_HEIGHT
    # Column header: Spanish in bold, English under it.
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
    x = MARGIN
    for column in columns:
        _draw_text(canvas, column.spanish, BOLD, 7.0, INK, x, column.width * mm, y - 9, column.align)
        _draw_text(canvas, column.english, REGULAR, 6.0, MUTED, x, column.width * mm, y - 16.5, column.align)
        x += column.width * mm
    y -= _COLUMNS_HEIGHT
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
    return y


def _inventory_page_end(canvas: Canvas, inventory: InventoryList, page: int, pages: int) -> None:
    legend = "G: prueba de germinación pendiente · R: regenerar (viabilidad o existencias bajo el umbral)"
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 6.5)
    canvas.drawString(MARGIN, MARGIN + 4 * mm + 2, legend)
    scope = inventory.custodian or "Colección completa"
    page_footer(canvas, printed_on(inventory.printed_at), f"{inventory.title} · {scope}", page, pages)


def _draw_text(
    canvas: Canvas, text: str, font: str, size: float, color: colors.Color, x: float, width: float, y: float, align: str
) -> None:
    canvas.setFillColor(color)
    canvas.setFont(font, size)
    if align == "right":
        canvas.drawRightString(x + width - _CELL_PAD, y, text)
    elif align == "center":
        canvas.drawCentredString(x + width / 2, y, text)
    else:
        canvas.drawString(x + _CELL_PAD, y, text)


def _draw_scientific_name(canvas: Canvas, line: str, size: float, x: float, y: float) -> None:
    """Italic, with rank words (subsp., var.) upright, as botanists write names."""
    text = canvas.beginText(x, y)
    for i, word in enumerate(line.split(" ")):
        text.setFont(REGULAR if word in RANKS else OBLIQUE, size)
        text.textOut(word if i == 0 else f" {word}")
    canvas.setFillColor(INK)
    canvas.drawText(text)


def _draw_row(canvas: Canvas, row: _Row, columns: Sequence[_Column], top: float) -> None:
    left, right = MARGIN, PAGE_WIDTH - MARGIN
    bottom = top - row.height
    if row.kind == "crop":
        canvas.setFillColor(BAND)
        canvas.rect(left, bottom, right - left, row.height, stroke=0, fill=1)
        _draw_text(canvas, row.cells[0][0], BOLD, 8.5, INK, left, right - left, bottom + _ROW_PAD + 3, "left")
        return
    if row.kind == "lot":
        if row.zebra:
            canvas.setFillColor(ZEBRA)
            canvas.rect(left, bottom, right - left, row.height, stroke=0, fill=1)
        x = left
        for column, lines in zip(columns, row.cells, strict=True):
            y = top - _ROW_PAD - _ROW_FONT * 0.78
            for line in lines:
                size = _ROW_FONT
                room = column.width * mm - 2 * _CELL_PAD
                if (width := pdfmetrics.stringWidth(line, column.font, size)) > room:
                    size *= room / width  # only identifiers get here (the rest is wrapped to fit)
                if column.key == "taxon":
                    _draw_scientific_name(canvas, line, size, x + _CELL_PAD, y)
                else:
                    _draw_text(canvas, line, column.font, size, INK, x, column.width * mm, y, column.align)
                y -= _ROW_LEADING
            x += column.width * mm
        return
    # Totals: the count across the name columns, seeds under seeds, flags under the last columns.
    size = 7.5 if row.kind == "subtotal" else 8.5
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.5 if row.kind == "subtotal" else 1.0)
    canvas.line(left, top, right, top)
    baseline = bottom + _ROW_PAD + 2.5
    seeds_at = next(i for i, c in enumerate(columns) if c.key == "seeds")
    seeds_x = left + sum(c.width for c in columns[:seeds_at]) * mm
    _draw_text(canvas, row.cells[0][0], BOLD, size, INK, left, seeds_x - left, baseline, "left")
    _draw_text(canvas, row.cells[1][0], BOLD, size, INK, seeds_x, columns[seeds_at].width * mm, baseline, "right")
    flags_x = seeds_x + columns[seeds_at].width * mm
    _draw_text(canvas, row.cells[2][0], BOLD, size, INK, flags_x, right - flags_x, baseline, "right")
    if row.kind == "subtotal":
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        canvas.line(left, bottom, right, bottom)
