"""Genebank and packet labels (pure): label stock as data, where each label lands, and the PDF drawn on it.

``render_labels(labels, stock, code=...)`` takes plain ``LabelData`` (any iterable, consumed lazily) and gives
PDF bytes: A4 and Letter sheets (Avery L7160, L7163, 5160, 5163) or thermal rolls (one label per page), with a
start offset for part-used sheets and N copies per item (two per packet: inside and outside). Each label is
drawn straight onto the canvas, so memory holds the PDF and nothing per label. ``place_labels`` is the layout
the renderer uses, exposed so geometry can be checked against the manufacturers' figures.

Text shrinks, wraps, or (for lesser fields) ends in "…" to fit; the identifiers never do: a label whose
accession number, PUID or machine code cannot fit at a legible size raises ``LabelDoesNotFit`` naming it.
Codes hold ``{base_url}/a/{PUID}`` (or the bare PUID without a base URL; Code 128 always the bare PUID).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar
from urllib.parse import quote

from reportlab.graphics.barcode.code128 import Code128Auto
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from seedbank.errors import InvalidInput
from seedbank.reports.fonts import BOLD, OBLIQUE, REGULAR, register_fonts
from seedbank.reports.page import NBSP, RANKS, quantity

__all__ = [
    "AVERY_5160",
    "AVERY_5163",
    "AVERY_L7160",
    "AVERY_L7163",
    "LABEL_STOCKS",
    "ROLL_50X25",
    "ROLL_100X50",
    "LabelBox",
    "LabelData",
    "LabelDoesNotFit",
    "LabelPlacement",
    "LabelStock",
    "MachineCode",
    "code_content",
    "place_labels",
    "render_labels",
]

T = TypeVar("T")


# ---------------------------------------------------------------------------------------------- label stock


@dataclass(frozen=True, slots=True)
class LabelBox:
    """A label's rectangle in millimetres, measured from the page's top-left corner (as templates give it)."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class LabelStock:
    """A kind of label stock, in millimetres: a sheet of ``columns × rows`` labels, or a roll (one per page).

    ``left``/``top`` run from the page's left/top edge to the first label's; ``pitch_x``/``pitch_y`` from one
    label's left/top edge to the next one's (label size plus the gap).
    """

    code: str
    description: str
    page_width: float
    page_height: float
    columns: int
    rows: int
    label_width: float
    label_height: float
    left: float
    top: float
    pitch_x: float
    pitch_y: float

    def __post_init__(self) -> None:
        right = self.left + (self.columns - 1) * self.pitch_x + self.label_width
        bottom = self.top + (self.rows - 1) * self.pitch_y + self.label_height
        if self.pitch_x < self.label_width or self.pitch_y < self.label_height:
            raise ValueError(f"{self.code}: labels overlap (pitch smaller than the label)")
        if min(self.left, self.top) < 0 or right > self.page_width + 0.05 or bottom > self.page_height + 0.05:
            raise ValueError(f"{self.code}: labels run off the page")

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def is_roll(self) -> bool:
        return self.per_page == 1

    def label_box(self, slot: int) -> LabelBox:
        """The ``slot``-th label of a page, counted across then down from the top-left (0-based)."""
        if not 0 <= slot < self.per_page:
            raise ValueError(f"{self.code} has {self.per_page} labels a page; slot {slot} does not exist")
        row, column = divmod(slot, self.columns)
        return LabelBox(
            self.left + column * self.pitch_x, self.top + row * self.pitch_y, self.label_width, self.label_height
        )


A4 = (210.0, 297.0)
LETTER = (215.9, 279.4)

# Figures from Avery's published templates (avery.co.uk / avery.com template pages and their Word/PDF
# templates), cross-checked against independent copies: the A4 range is inch-based (63.5 = 2.5 in,
# 66.04 = 2.6 in, 38.1 = 1.5 in) and centred on the sheet, so side margin = (210 − span) / 2 and top margin
# = (297 − 7 × 38.1) / 2 = 15.15 mm; "99.1 mm" is 99.06 (3.9 in). Avery rounds on its pages (5160 side margin
# "0.19 in" = 3/16; 5163 "0.16 in" = 5/32, pitch "4.19 in" = 4 3/16); the exact fractions are used here.
# gLabels' templates put 5160 at x0 0.15625 in / dx 2.78125 in, which disagrees with Avery by up to 0.8 mm.
AVERY_L7160 = LabelStock(
    code="L7160",
    description="Avery L7160 · A4 · 3 × 7 · 63,5 × 38,1 mm",
    page_width=A4[0],
    page_height=A4[1],
    columns=3,
    rows=7,
    label_width=63.5,
    label_height=38.1,
    left=7.21,
    top=15.15,
    pitch_x=66.04,
    pitch_y=38.1,
)
AVERY_L7163 = LabelStock(
    code="L7163",
    description="Avery L7163 · A4 · 2 × 7 · 99,1 × 38,1 mm",
    page_width=A4[0],
    page_height=A4[1],
    columns=2,
    rows=7,
    label_width=99.06,
    label_height=38.1,
    left=4.67,
    top=15.15,
    pitch_x=101.6,
    pitch_y=38.1,
)
AVERY_5160 = LabelStock(
    code="5160",
    description="Avery 5160 · Letter · 3 × 10 · 2⅝ × 1 in",
    page_width=LETTER[0],
    page_height=LETTER[1],
    columns=3,
    rows=10,
    label_width=66.675,  # 2.625 in
    label_height=25.4,  # 1 in
    left=4.7625,  # 3/16 in
    top=12.7,  # 1/2 in
    pitch_x=69.85,  # 2.75 in: a 1/8 in gap
    pitch_y=25.4,
)
AVERY_5163 = LabelStock(
    code="5163",
    description="Avery 5163 · Letter · 2 × 5 · 4 × 2 in",
    page_width=LETTER[0],
    page_height=LETTER[1],
    columns=2,
    rows=5,
    label_width=101.6,  # 4 in
    label_height=50.8,  # 2 in
    left=3.96875,  # 5/32 in
    top=12.7,  # 1/2 in
    pitch_x=106.3625,  # 4 3/16 in: a 3/16 in gap
    pitch_y=50.8,
)


def _roll(width: float, height: float) -> LabelStock:
    return LabelStock(
        code=f"roll-{width:g}x{height:g}",
        description=f"Rollo térmico · {width:g} × {height:g} mm",
        page_width=width,
        page_height=height,
        columns=1,
        rows=1,
        label_width=width,
        label_height=height,
        left=0.0,
        top=0.0,
        pitch_x=width,
        pitch_y=height,
    )


ROLL_50X25 = _roll(50, 25)
ROLL_100X50 = _roll(100, 50)

LABEL_STOCKS: Mapping[str, LabelStock] = {
    s.code: s for s in (AVERY_L7160, AVERY_L7163, AVERY_5160, AVERY_5163, ROLL_50X25, ROLL_100X50)
}


@dataclass(frozen=True, slots=True)
class LabelPlacement:
    """Where one printed label goes: the ``copy``-th copy of the ``item``-th input, on ``page`` (0-based)."""

    item: int
    copy: int
    page: int
    slot: int
    box: LabelBox


def place_labels(
    items: Iterable[T], stock: LabelStock, *, start_offset: int = 0, copies: int = 1
) -> Iterator[tuple[T, LabelPlacement]]:
    """Each item ``copies`` times in a row, filling sheets across then down, after ``start_offset`` used labels.

    Lazy: items are read one at a time, so a generator from the database streams through. The offset and the
    number of copies are checked at once, before any item is read.
    """
    if copies < 1:
        raise InvalidInput(f"copies must be at least 1, not {copies}", field="copies")
    if not 0 <= start_offset < stock.per_page:
        hint = "a roll has no used labels to skip" if stock.is_roll else f"{stock.per_page} labels a sheet"
        raise InvalidInput(f"start offset {start_offset} is not a label of {stock.code} ({hint})", field="start_offset")

    def placements() -> Iterator[tuple[T, LabelPlacement]]:
        position = start_offset
        for index, item in enumerate(items):
            for copy in range(copies):
                page, slot = divmod(position, stock.per_page)
                yield item, LabelPlacement(index, copy, page, slot, stock.label_box(slot))
                position += 1

    return placements()


# ---------------------------------------------------------------------------------------------- label content


@dataclass(frozen=True, slots=True)
class LabelData:
    """What one label says. Only the accession number and the PUID are required."""

    accession_number: str
    puid: str
    taxon: str | None = None
    local_name: str | None = None
    lot_code: str | None = None
    harvest_year: int | None = None
    germination_percent: int | None = None
    germination_tested: dt.date | None = None
    custodian: str | None = None
    origin: str | None = None
    seeds: int | None = None
    mass_mg: int | None = None
    storage_location: str | None = None
    licence: str | None = None  # "Semilla libre", "SMTA", community terms...


class MachineCode(StrEnum):
    QR = "qr"
    DATAMATRIX = "datamatrix"
    CODE128 = "code128"


class LabelDoesNotFit(InvalidInput):
    """An identifier (accession number, PUID or machine code) cannot be printed whole at a legible size."""

    def __init__(self, label: LabelData, stock: LabelStock, what: str, *, field: str) -> None:
        super().__init__(
            f"label {label.accession_number}: {what} does not fit on {stock.code} at a legible size; "
            "use larger label stock or a 2D code",
            field=field,
        )
        self.accession_number = label.accession_number


def code_content(label: LabelData, code: MachineCode, base_url: str | None) -> str:
    """What the machine code holds: a link that resolves the PUID, or the bare PUID."""
    if code is MachineCode.CODE128 or not base_url:
        # A URL is too long for a linear code on a label; scanners type the PUID into a search field instead.
        return label.puid
    return f"{base_url.rstrip('/')}/a/{quote(label.puid, safe=':/')}"


# Legibility floors. Matrix modules under ~0.25 mm (2 dots at 203 dpi) stop scanning reliably off thermal and
# office printers; Code 128 bars under 0.19 mm (7.5 mil) likewise; text under 5 pt is unreadable on a packet.
MIN_MATRIX_MODULE_MM = 0.25
MIN_BAR_MODULE_MM = 0.19
MAX_BAR_MODULE_MM = 0.5
QR_QUIET_MODULES = 4  # ISO/IEC 18004
DATAMATRIX_QUIET_MODULES = 2  # ISO/IEC 16022 asks for 1; 2 is kinder to phone cameras
CODE128_QUIET_MODULES = 10  # ISO/IEC 15417


# ---------------------------------------------------------------------------------------------- machine codes

_DARK_BIT = bytes.maketrans(b"\x00\xff", b"10")  # zxing's module bytes as the digits of a bit row


def _matrix_rows(content: str, code: MachineCode) -> list[bytes]:
    """The symbol's module rows, top first, one byte a module: 0 dark, 255 light (no quiet zone).

    zxing-cpp (Zint's encoders inside) makes a QR code of a 60-byte link in about 0.4 ms and writes DataMatrix
    too; segno, pure Python, takes about 4.6 ms with its mask search, which alone would hold labels to ~200/s.
    """
    import zxingcpp  # a compiled wheel; imported here so text-only and Code 128 labels never load it

    symbology = zxingcpp.BarcodeFormat.QRCode if code is MachineCode.QR else zxingcpp.BarcodeFormat.DataMatrix
    # QR at level M (15 % of the symbol may be scuffed off); DataMatrix square, to fill the square code box.
    options: dict[str, object] = {"ec_level": "M"} if code is MachineCode.QR else {"force_square": True}
    symbol = zxingcpp.create_barcode(content, symbology, **options).to_image(add_quiet_zones=False)
    image = memoryview(symbol)  # type: ignore[arg-type]  # zxingcpp.Image is a buffer; its stub does not say so
    height, width = image.shape or (0, 0)
    data = image.tobytes()
    return [data[r * width : (r + 1) * width] for r in range(height)]


def _matrix_image(rows: Sequence[bytes]) -> str:
    """The symbol as a 1-bit inline image mask (a dark module is a 1), for a unit square the caller scales.

    An image mask is painted in the fill colour, pixel-exact when scaled up (``/I false``: never smoothed), so it
    prints and displays as crisply as a path of squares, in a tenth of the bytes of a path of module runs. In one
    run of 10,000 QR labels it went at 0.40 of the text-only speed, the path at 0.31.
    """
    width = len(rows[0])
    pad = "0" * (-width % 8)
    size = (width + 7) // 8
    bits = b"".join(int(row.translate(_DARK_BIT).decode() + pad, 2).to_bytes(size, "big") for row in rows)
    return f"BI /W {width} /H {len(rows)} /IM true /BPC 1 /D [1 0] /I false /F /AHx ID {bits.hex()}> EI"


def _bar_runs(content: str) -> tuple[int, list[tuple[int, int]]]:
    """Code 128 (reportlab's encoder, code sets switched for digit runs): total modules and (start, width) bars."""
    symbol = Code128Auto(content, quiet=0)
    # reportlab's barcode classes are untyped in types-reportlab.
    symbol.validate()  # type: ignore[no-untyped-call]
    symbol.encode()  # type: ignore[no-untyped-call]
    symbol.decompose()  # type: ignore[no-untyped-call]
    decomposed: str = symbol.decomposed
    bars: list[tuple[int, int]] = []
    x = 0
    for letter in decomposed:
        if letter.isupper():  # upper case is a bar, lower case a space; the letter is the width in modules
            width = ord(letter) - ord("A") + 1
            bars.append((x, width))
        else:
            width = ord(letter) - ord("a") + 1
        x += width
    return x, bars


# ---------------------------------------------------------------------------------------------- text layout

_ASCENT = 0.76  # DejaVu Sans, of the em
_DESCENT = 0.24
_LEADING = 1.18
_ELLIPSIS = "…"
_SEPARATOR = "·"


@dataclass(slots=True, eq=False)
class _Field:
    """One field of a label being laid out: words (with their face), a style, and the lines it settled into."""

    words: list[tuple[str, str]]  # (font, word)
    unit_widths: list[float]  # width of each word at 1 pt
    space: float  # width of a space at 1 pt
    preferred: float
    min_size: float
    max_lines: int
    priority: int  # fields are dropped from the largest number up when the label is full; 0 is never dropped
    identifier: str | None  # the LabelData field name when this text must never be cut
    gap_after: float  # extra space below, in ems of this field's size
    group: str | None  # fields of a group print at one size
    indent: float  # of the lines after the first, in ems: a wrapped field reads as one
    size: float = 0.0
    lines: tuple[list[tuple[str, str]], ...] = ()

    def height(self) -> float:
        return (len(self.lines) * _LEADING + self.gap_after) * self.size


def _field(
    runs: Sequence[tuple[str, str]],
    size: float,
    min_size: float,
    *,
    max_lines: int = 1,
    priority: int,
    identifier: str | None = None,
    gap_after: float = 0.0,
    group: str | None = None,
    indent: float = 0.0,
) -> _Field:
    # Split at plain spaces only: a no-break space keeps a number with its unit ("92 %", "250 semillas").
    words = [(font, word) for font, text in runs for word in text.split(" ") if word]
    widths = [_unit_width(word, font) for font, word in words]
    space = _unit_width(" ", REGULAR)
    return _Field(words, widths, space, size, min_size, max_lines, priority, identifier, gap_after, group, indent)


@functools.lru_cache(maxsize=8192)
def _unit_width(word: str, font: str) -> float:
    """A word's width at 1 pt. Field names, custodians, places and units repeat from label to label; bounded, so a
    long run's memory does not grow with its labels."""
    return pdfmetrics.stringWidth(word, font, 1)


def _wrap(field: _Field, size: float, width: float) -> list[list[tuple[str, str]]] | None:
    """Greedy word wrap at ``size``; None when it needs more lines than allowed or a word is too wide."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    space = field.space * size
    limit = width
    for word, unit in zip(field.words, field.unit_widths, strict=True):
        w = unit * size
        if lines[-1] and used + space + w > limit:
            if len(lines) == field.max_lines:
                return None
            lines.append([])
            used = 0.0
            limit = width - field.indent * size
        if w > limit:
            return None
        used += (space if lines[-1] else 0.0) + w
        lines[-1].append(word)
    # A separator at a line break says nothing: "92 % ·" / "· 12,5 g" become "92 %" / "12,5 g".
    return [[w for i, w in enumerate(line) if w[1] != _SEPARATOR or 0 < i < len(line) - 1] for line in lines]


def _fit(field: _Field, size: float, width: float) -> bool:
    """Settle the field's lines at ``size`` or smaller (never under its minimum); False if it cannot fit."""
    one_line = (sum(field.unit_widths) + field.space * (len(field.words) - 1)) * size
    if one_line <= width:
        field.size, field.lines = size, (field.words,)
        return True
    # A mild shrink keeps one line; past that, wrapping keeps the size (and the label's hierarchy).
    shrunk = size * width / one_line
    if shrunk >= field.min_size and (field.max_lines == 1 or shrunk >= 0.85 * size):
        field.size, field.lines = shrunk, (field.words,)
        return True
    if field.max_lines > 1:
        trial = size
        while trial >= field.min_size:
            lines = _wrap(field, trial, width)
            if lines is not None:
                field.size, field.lines = trial, tuple(lines)
                return True
            trial -= 0.25
    return False


def _ellipsize(field: _Field, width: float) -> None:
    """At the minimum size, fill the field's lines with what fits and end the last with "…" (never identifiers)."""
    size = field.min_size
    space = field.space * size
    ellipsis = pdfmetrics.stringWidth(_ELLIPSIS, BOLD, size)
    words = list(zip(field.words, field.unit_widths, strict=True))
    lines: list[list[tuple[str, str]]] = []
    while words:
        limit = width - (field.indent * size if lines else 0.0)
        # The last line allowed, or a word too wide for any line: this line ends the field.
        last = len(lines) == field.max_lines - 1 or words[0][1] * size > limit
        line: list[tuple[str, str]] = []
        used = 0.0
        while words:
            (font, word), unit = words[0]
            step = (space if line else 0.0) + unit * size
            if used + step + (ellipsis if last and len(words) > 1 else 0.0) > limit:
                break
            line.append((font, word))
            used += step
            words.pop(0)
        if last and words:
            # Cut into the first word that does not fit, keeping its face, and mark the cut.
            (font, word), _ = words[0]
            room = limit - used - (space if line else 0.0) - ellipsis
            while word and pdfmetrics.stringWidth(word, font, size) > room:
                word = word[:-1]
            if word:
                line.append((font, word + _ELLIPSIS))
            elif line:
                line[-1] = (line[-1][0], line[-1][1] + _ELLIPSIS)
            else:
                line.append((font, _ELLIPSIS))
            words.clear()
        if not line:
            break
        lines.append(line)
    field.size, field.lines = size, tuple(lines)


_FIRST_DETAIL = 3  # priorities below are the heading (0 never leaves the label)


def _fields_for(label: LabelData, scale: float) -> tuple[list[_Field], list[_Field]]:
    """The label's text as fields, top block and bottom block, in reading order."""
    s = scale
    top = [
        _field([(BOLD, label.accession_number)], 10 * s, 6.0, priority=0, identifier="accession_number", gap_after=0.1)
    ]
    if label.taxon:
        runs = [(REGULAR if word in RANKS else OBLIQUE, word) for word in label.taxon.split()]
        top.append(_field(runs, 7.5 * s, 5.0, max_lines=2, priority=1))
    if label.local_name:
        top.append(_field([(BOLD, label.local_name)], 7.5 * s, 5.0, max_lines=2, priority=2, gap_after=0.15))
    # (priority, name, value): the name in bold, so the eye finds a field without reading the label through.
    details: list[tuple[int, str, str]] = []
    if label.lot_code:
        details.append((3, "Lote", label.lot_code))
    amount = quantity(label.seeds, label.mass_mg)
    if label.harvest_year is not None:
        details.append((5, "Cosecha", f"{label.harvest_year}" + (f" · {amount}" if amount else "")))
    elif amount:
        details.append((5, "Cantidad", amount))
    if label.germination_percent is not None:
        tested = f" · {label.germination_tested:%d/%m/%Y}" if label.germination_tested else ""
        details.append((6, "Germinación", f"{label.germination_percent}{NBSP}%{tested}"))
    if label.custodian:
        details.append((7, "Custodio", label.custodian))
    if label.storage_location:
        details.append((8, "Ubicación", label.storage_location))
    if label.origin:
        details.append((9, "Origen", label.origin))
    for priority, name, value in details:
        lot = name == "Lote"
        top.append(
            _field(
                [(BOLD, name), (REGULAR, value)],
                6.2 * s,
                5.0,
                max_lines=1 if lot else 2,
                priority=priority,
                identifier="lot_code" if lot else None,
                group="details",
                indent=1.0,
            )
        )
    bottom: list[_Field] = []
    if label.licence:
        bottom.append(_field([(BOLD, label.licence)], 6.2 * s, 5.0, priority=4))
    # MCPD's fallback PUID (INSTCODE:ACCENUMB:GENUS) repeats what the label already says, so it is the first
    # thing to leave a small label; a DOI says something new and must be printed.
    derived = f":{label.accession_number}:" in label.puid
    bottom.append(_field([(REGULAR, label.puid)], 5.6 * s, 5.0, priority=10 if derived else 0, identifier="puid"))
    return top, bottom


def _layout_text(
    label: LabelData, stock: LabelStock, scale: float, width: float, height: float
) -> tuple[list[_Field], list[_Field]]:
    """Fit the fields into ``width`` × ``height`` points.

    The heading (accession number, taxon, name) keeps its size so a sheet looks even; details shrink first,
    then the least needed are left out, and only then does the heading shrink.
    """
    top, bottom = _fields_for(label, scale)
    head = [f for f in top if f.priority < _FIRST_DETAIL]
    head_factor = body_factor = 1.0
    while True:
        fields = top + bottom
        for f in fields:
            factor = head_factor if f in head else body_factor
            if not _fit(f, max(f.min_size, f.preferred * factor), width):
                if f.identifier is None:
                    _ellipsize(f, width)
                elif f.priority == 0:
                    raise LabelDoesNotFit(label, stock, f"the {f.identifier.replace('_', ' ')}", field=f.identifier)
                else:
                    _drop(f, top, bottom)  # an identifier is printed whole or not at all
        fields = top + bottom
        # A group prints at the size its tightest member needed; a smaller size can let another member shrink
        # instead of wrapping, so repeat until they agree (sizes only go down).
        group = [f for f in fields if f.group]
        while group and (smallest := min(f.size for f in group)) < max(f.size for f in group):
            for f in group:
                if f.size > smallest and not _fit(f, smallest, width):
                    _ellipsize(f, width)  # cannot happen (what fits larger fits smaller), but must not loop
        if sum(f.height() for f in fields) <= height:
            return top, bottom
        body = [f for f in fields if f not in head]
        if any(f.size > f.min_size + 0.01 for f in body):
            body_factor *= 0.92
        elif droppable := [f for f in body if f.priority >= _FIRST_DETAIL]:
            least = max(droppable, key=lambda f: f.priority)
            if len(least.lines) > 1:
                least.max_lines = 1  # cut short on one line before leaving it out
            else:
                _drop(least, top, bottom)
        elif any(f.size > f.min_size + 0.01 for f in head):
            head_factor *= 0.92
        elif droppable := [f for f in fields if f.priority > 0]:
            dropped = max(droppable, key=lambda f: f.priority)
            _drop(dropped, top, bottom)
            if dropped in head:
                head.remove(dropped)
        else:
            raise LabelDoesNotFit(label, stock, "the identifying text", field="accession_number")


def _drop(field: _Field, top: list[_Field], bottom: list[_Field]) -> None:
    (top if field in top else bottom).remove(field)


# ---------------------------------------------------------------------------------------------- drawing


@dataclass(frozen=True, slots=True)
class _Frame:
    """Where things go inside every label of a stock, in points from the label's bottom-left corner."""

    text_x: float
    text_y: float
    text_width: float
    text_height: float
    code_x: float
    code_y: float
    code_width: float
    code_height: float
    scale: float


def _frame(stock: LabelStock, code: MachineCode | None) -> _Frame:
    w, h = stock.label_width * mm, stock.label_height * mm
    # Nothing within 2 mm of the die cut: sheet feed drifts about that much (3 mm on the larger labels).
    pad = min(3.0, max(2.0, min(stock.label_width, stock.label_height) * 0.065)) * mm
    inner_w, inner_h = w - 2 * pad, h - 2 * pad
    if code is None:
        text = (pad, pad, inner_w, inner_h)
        box = (0.0, 0.0, 0.0, 0.0)
    elif code is MachineCode.CODE128:
        band = min(12 * mm, max(5 * mm, inner_h * 0.3))
        box = (pad, pad, inner_w, band)
        text = (pad, pad + band + 1 * mm, inner_w, inner_h - band - 1 * mm)
    else:
        side = min(inner_h, inner_w * 0.4, 30 * mm)
        box = (w - pad - side, pad + (inner_h - side) / 2, side, side)
        text = (pad, pad, inner_w - side - 1 * mm, inner_h)
    scale = min(1.4, max(0.75, text[3] / (94.0 if code is not MachineCode.CODE128 else 70.0)))
    return _Frame(*text, *box, scale=scale)


def _draw_fields(canvas: Canvas, frame: _Frame, x0: float, y0: float, top: list[_Field], bottom: list[_Field]) -> None:
    text = PDFTextObject(canvas)
    x = x0 + frame.text_x
    top_y = y0 + frame.text_y + frame.text_height
    bottom_y = y0 + frame.text_y + sum(f.height() for f in bottom)
    for block, y in ((top, top_y), (bottom, bottom_y)):
        for f in block:
            for i, line in enumerate(f.lines):
                y -= f.size * ((_LEADING - 1) / 2 + _ASCENT)
                _draw_line(text, line, f.size, x + (f.indent * f.size if i else 0.0), y)
                y -= f.size * (_DESCENT + (_LEADING - 1) / 2)
            y -= f.gap_after * f.size
    canvas.drawText(text)


def _draw_line(text: PDFTextObject, line: list[tuple[str, str]], size: float, x: float, y: float) -> None:
    text.setTextOrigin(x, y)
    # One text run per change of face: a detail line is one run, a scientific name a few.
    start = 0
    for end in range(1, len(line) + 1):
        if end == len(line) or line[end][0] != line[start][0]:
            words = " ".join(word for _, word in line[start:end])
            text.setFont(line[start][0], size)
            text.textOut(words if start == 0 else " " + words)
            start = end


def _draw_matrix(
    canvas: Canvas,
    label: LabelData,
    stock: LabelStock,
    frame: _Frame,
    x0: float,
    y0: float,
    rows: Sequence[bytes],
    code: MachineCode,
) -> None:
    quiet = QR_QUIET_MODULES if code is MachineCode.QR else DATAMATRIX_QUIET_MODULES
    modules_x, modules_y = len(rows[0]) + 2 * quiet, len(rows) + 2 * quiet
    module = min(frame.code_width / modules_x, frame.code_height / modules_y)
    if module < MIN_MATRIX_MODULE_MM * mm:
        raise LabelDoesNotFit(label, stock, f"the {code.value} code", field="puid")
    # Centred in its box; the quiet zone is the box's own margin, kept clear of text by the frame.
    x = x0 + frame.code_x + (frame.code_width - len(rows[0]) * module) / 2
    y = y0 + frame.code_y + (frame.code_height - len(rows) * module) / 2
    width, height = len(rows[0]) * module, len(rows) * module
    canvas.addLiteral(f"q 0 g {width:.3f} 0 0 {height:.3f} {x:.3f} {y:.3f} cm {_matrix_image(rows)} Q")


def _draw_code128(
    canvas: Canvas, label: LabelData, stock: LabelStock, frame: _Frame, x0: float, y0: float, content: str
) -> None:
    modules, bars = _bar_runs(content)
    # The quiet zone may lie in the label's blank margin when that is wide enough, as it is at small modules.
    margin = frame.code_x
    module = min(MAX_BAR_MODULE_MM * mm, frame.code_width / modules)
    if CODE128_QUIET_MODULES * module > margin:
        module = min(module, (frame.code_width + 2 * margin) / (modules + 2 * CODE128_QUIET_MODULES))
    if module < MIN_BAR_MODULE_MM * mm:
        raise LabelDoesNotFit(label, stock, "the Code 128 bar code", field="puid")
    x = x0 + frame.code_x + (frame.code_width - modules * module) / 2
    y = y0 + frame.code_y
    path = " ".join(f"{start} 0 {width} 1 re" for start, width in bars)
    canvas.addLiteral(f"q 0 g {module:.4f} 0 0 {frame.code_height:.3f} {x:.3f} {y:.3f} cm {path} f Q")


def render_labels(
    labels: Iterable[LabelData],
    stock: LabelStock,
    *,
    code: MachineCode | None = MachineCode.QR,
    base_url: str | None = None,
    start_offset: int = 0,
    copies: int = 1,
    outlines: bool = False,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 500,
    title: str = "Etiquetas",
) -> bytes:
    """Draw the labels on ``stock`` and return the PDF.

    ``code=None`` prints text only. ``outlines`` traces each label's edge (for a trial print on plain paper).
    ``progress(n)`` is called every ``progress_every`` labels drawn and once at the end.
    """
    register_fonts()
    out = io.BytesIO()
    page_w, page_h = stock.page_width * mm, stock.page_height * mm
    # The initial font is set on every page; left as Helvetica, it would put an unembedded font in the PDF.
    canvas = Canvas(
        out,
        pagesize=(page_w, page_h),
        pageCompression=1,
        invariant=1,
        initialFontName=REGULAR,  # type: ignore[arg-type]  # types-reportlab has it as a float
    )
    canvas.setTitle(title)
    canvas.setSubject(stock.description)
    canvas.setCreator("seedbank")
    frame = _frame(stock, code)
    page = 0
    drawn = 0
    encoded: tuple[str, list[bytes]] = ("", [])
    laid_out: tuple[LabelData | None, list[_Field], list[_Field]] = (None, [], [])
    for label, placement in place_labels(labels, stock, start_offset=start_offset, copies=copies):
        if placement.page != page:
            canvas.showPage()
            page = placement.page
        box = placement.box
        x0, y0 = box.x * mm, page_h - (box.y + box.height) * mm
        if outlines:
            canvas.setLineWidth(0.25)
            canvas.setStrokeGray(0.6)
            canvas.roundRect(x0, y0, box.width * mm, box.height * mm, 1.5 * mm)
        if label is not laid_out[0]:  # copies of an item share its layout
            laid_out = (label, *_layout_text(label, stock, frame.scale, frame.text_width, frame.text_height))
        _draw_fields(canvas, frame, x0, y0, laid_out[1], laid_out[2])
        if code is MachineCode.CODE128:
            _draw_code128(canvas, label, stock, frame, x0, y0, code_content(label, code, base_url))
        elif code is not None:
            # Copies of an item are printed one after another, so its symbol is encoded once for all of them.
            if (content := code_content(label, code, base_url)) != encoded[0]:
                encoded = (content, _matrix_rows(content, code))
            _draw_matrix(canvas, label, stock, frame, x0, y0, encoded[1], code)
        drawn += 1
        if progress is not None and drawn % progress_every == 0:
            progress(drawn)
    if drawn == 0:
        raise InvalidInput("there are no labels to print", field="labels")
    if progress is not None and drawn % progress_every:
        progress(drawn)
    canvas.save()
    return out.getvalue()
