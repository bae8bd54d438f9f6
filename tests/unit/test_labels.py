"""Labels: stock geometry against the manufacturers' figures, placement, and PDFs read back.

Round trips rasterize the PDF with pypdfium2 and decode every code with zxing-cpp; text is read back with
pdfium's text extraction, so accents and indigenous letters are checked as a reader would get them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # no type information shipped
import pytest
import zxingcpp

from seedbank.errors import InvalidInput
from seedbank.reports.labels import (
    AVERY_5160,
    AVERY_5163,
    AVERY_L7160,
    AVERY_L7163,
    LABEL_STOCKS,
    ROLL_50X25,
    ROLL_100X50,
    LabelData,
    LabelDoesNotFit,
    LabelStock,
    MachineCode,
    code_content,
    place_labels,
    render_labels,
)

MM = 72 / 25.4
BASE_URL = "https://semillas.example.org"

NAMES = ["Ñame morado de Caicara", "Wayuu: ai'ruushi", "Uwottüja: kɨʉ ʼa", "Maíz cariaco", "Ají dulce jobito"]
GENERA = ["Dioscorea", "Zea", "Capsicum", "Zea", "Capsicum"]


def sample(n: int) -> list[LabelData]:
    return [
        LabelData(
            accession_number=f"VEN001-{i:06d}",
            puid=f"VEN001:VEN001-{i:06d}:{GENERA[i % 5]}",
            taxon=f"{GENERA[i % 5]} sp." if i % 3 else "Zea mays subsp. mays",
            local_name=NAMES[i % 5],
            lot_code=f"VEN001-{i:06d}-L01",
            harvest_year=2020 + i % 5,
            germination_percent=70 + i % 30,
            germination_tested=dt.date(2025, 3, 12),
            custodian="Consejo Comunal Caicara del Orinoco",
            origin="Caicara, Bolívar (VEN)",
            seeds=250 + i,
            mass_mg=12_500,
            storage_location="Cámara 2 · E3-B4",
            licence="Semilla libre",
        )
        for i in range(n)
    ]


def decode(pdf: bytes, symbology: zxingcpp.BarcodeFormat, dpi: int = 300) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    found: list[str] = []
    for page in document:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        found += [barcode.text for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(symbology))]
    return found


def page_texts(pdf: bytes) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]


# ---------------------------------------------------------------------------------------------- geometry

# The manufacturers' figures, typed here from their templates (not from the module): page, grid, label size,
# first label's left and top edge, pitch across and down, in millimetres.
PUBLISHED = {
    "L7160": ((210, 297), (3, 7), (63.5, 38.1), (7.21, 15.15), (66.04, 38.1)),
    "L7163": ((210, 297), (2, 7), (99.1, 38.1), (4.67, 15.15), (101.6, 38.1)),
    "5160": ((215.9, 279.4), (3, 10), (66.7, 25.4), (4.76, 12.7), (69.85, 25.4)),  # 3/16 in, 1/2 in, 2.75 in
    "5163": ((215.9, 279.4), (2, 5), (101.6, 50.8), (3.97, 12.7), (106.36, 50.8)),  # 5/32 in, 1/2 in, 4 3/16 in
}


@pytest.mark.parametrize("code", sorted(PUBLISHED))
def test_every_label_box_lands_where_the_template_puts_it(code: str) -> None:
    page, (columns, rows), (width, height), (left, top), (pitch_x, pitch_y) = PUBLISHED[code]
    stock = LABEL_STOCKS[code]
    assert (stock.page_width, stock.page_height) == pytest.approx(page, abs=0.1)
    assert (stock.columns, stock.rows, stock.per_page) == (columns, rows, columns * rows)
    for slot in range(stock.per_page):
        row, column = divmod(slot, columns)
        box = stock.label_box(slot)
        assert box.x == pytest.approx(left + column * pitch_x, abs=0.1)
        assert box.y == pytest.approx(top + row * pitch_y, abs=0.1)
        assert (box.width, box.height) == pytest.approx((width, height), abs=0.1)


@pytest.mark.parametrize("stock", [AVERY_L7160, AVERY_L7163, AVERY_5160, AVERY_5163])
def test_sheets_are_centred_as_printed(stock: LabelStock) -> None:
    last = stock.label_box(stock.per_page - 1)
    assert stock.page_width - (last.x + last.width) == pytest.approx(stock.left, abs=0.1)
    assert stock.page_height - (last.y + last.height) == pytest.approx(stock.top, abs=0.1)


def test_rolls_print_one_label_a_page_of_its_own_size() -> None:
    assert [(s.page_width, s.page_height, s.per_page) for s in (ROLL_50X25, ROLL_100X50)] == [(50, 25, 1), (100, 50, 1)]
    pdf = render_labels(sample(3), ROLL_50X25)
    document = pdfium.PdfDocument(pdf)
    assert len(document) == 3
    assert document[0].get_size() == pytest.approx((50 * MM, 25 * MM), abs=0.01)


def test_outlines_drawn_on_the_page_match_the_label_boxes() -> None:
    """The PDF itself puts each label where ``label_box`` says (the outline is the traced label edge)."""
    pdf = render_labels(sample(21), AVERY_L7160, code=None, outlines=True)
    page = pdfium.PdfDocument(pdf)[0]
    height = page.get_height()
    # Centre and size of each traced outline, in mm from the top-left corner (pdfium's bounds include the stroke).
    traced = sorted(
        ((left + right) / 2 / MM, (height - (top + bottom) / 2) / MM, (right - left) / MM, (top - bottom) / MM)
        for obj in page.get_objects()
        if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH
        for left, bottom, right, top in [obj.get_bounds()]
    )
    boxes = (AVERY_L7160.label_box(s) for s in range(21))
    expected = sorted((b.x + b.width / 2, b.y + b.height / 2, b.width, b.height) for b in boxes)
    assert len(traced) == 21
    for (x, y, width, height_), (want_x, want_y, want_width, want_height) in zip(traced, expected, strict=True):
        assert (x, y) == pytest.approx((want_x, want_y), abs=0.1)
        assert (width, height_) == pytest.approx((want_width, want_height), abs=0.1 + 0.25)  # plus the stroke


def test_start_offset_skips_used_labels_and_copies_stay_together() -> None:
    placed = list(place_labels("abc", AVERY_L7160, start_offset=19, copies=2))
    assert [(item, p.item, p.copy, p.page, p.slot) for item, p in placed] == [
        ("a", 0, 0, 0, 19),
        ("a", 0, 1, 0, 20),
        ("b", 1, 0, 1, 0),
        ("b", 1, 1, 1, 1),
        ("c", 2, 0, 1, 2),
        ("c", 2, 1, 1, 3),
    ]
    assert placed[0][1].box == AVERY_L7160.label_box(19)
    assert placed[0][1].box.x == pytest.approx(7.21 + 66.04, abs=0.1)
    assert placed[0][1].box.y == pytest.approx(15.15 + 6 * 38.1, abs=0.1)
    assert placed[2][1].box.x == pytest.approx(7.21, abs=0.1)


def test_a_sheet_with_offset_and_copies_prints_the_right_number_of_labels_on_the_right_pages() -> None:
    pdf = render_labels(sample(10), AVERY_L7160, start_offset=15, copies=2)
    texts = page_texts(pdf)
    assert len(texts) == 2  # 6 on the first sheet (slots 15-20), 14 on the second
    assert texts[0].count("VEN001-000000\r\n") + texts[0].count("VEN001-000001\r\n") == 4
    assert sum(t.count("Semilla libre") for t in texts) == 20
    assert len(decode(pdf, zxingcpp.BarcodeFormat.QRCode)) == 20


@pytest.mark.parametrize(
    ("offset", "copies", "stock", "field"),
    [
        (21, 1, AVERY_L7160, "start_offset"),
        (-1, 1, AVERY_L7160, "start_offset"),
        (1, 1, ROLL_50X25, "start_offset"),
        (0, 0, AVERY_L7160, "copies"),
    ],
)
def test_impossible_offsets_and_copies_are_refused(offset: int, copies: int, stock: LabelStock, field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        render_labels(sample(1), stock, start_offset=offset, copies=copies)
    assert error.value.field == field


def test_nothing_to_print_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no labels"):
        render_labels([], AVERY_L7160)


# ---------------------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("stock", [AVERY_L7160, AVERY_5160, ROLL_50X25, AVERY_5163])
def test_every_qr_code_decodes_to_the_link_of_its_puid(stock: LabelStock) -> None:
    labels = sample(stock.per_page if stock.per_page > 1 else 4)
    pdf = render_labels(labels, stock, code=MachineCode.QR, base_url=BASE_URL)
    assert sorted(decode(pdf, zxingcpp.BarcodeFormat.QRCode)) == sorted(f"{BASE_URL}/a/{x.puid}" for x in labels)


def test_without_a_base_url_the_code_holds_the_bare_puid() -> None:
    labels = sample(5)
    pdf = render_labels(labels, AVERY_L7163, code=MachineCode.QR)
    assert sorted(decode(pdf, zxingcpp.BarcodeFormat.QRCode)) == sorted(x.puid for x in labels)


def test_a_doi_puid_keeps_its_slash_in_the_link() -> None:
    label = LabelData("VEN001-000009", "10.18730/9KZ5Q", taxon="Zea mays")
    assert code_content(label, MachineCode.QR, BASE_URL + "/") == f"{BASE_URL}/a/10.18730/9KZ5Q"
    assert code_content(label, MachineCode.CODE128, BASE_URL) == "10.18730/9KZ5Q"


@pytest.mark.parametrize("stock", [AVERY_L7160, ROLL_50X25])
def test_every_datamatrix_decodes(stock: LabelStock) -> None:
    labels = sample(stock.per_page if stock.per_page > 1 else 3)
    pdf = render_labels(labels, stock, code=MachineCode.DATAMATRIX, base_url=BASE_URL)
    assert sorted(decode(pdf, zxingcpp.BarcodeFormat.DataMatrix)) == sorted(f"{BASE_URL}/a/{x.puid}" for x in labels)


@pytest.mark.parametrize("stock", [AVERY_L7163, AVERY_5163, ROLL_100X50])
def test_every_code128_decodes_to_its_puid(stock: LabelStock) -> None:
    labels = sample(stock.per_page if stock.per_page > 1 else 3)
    pdf = render_labels(labels, stock, code=MachineCode.CODE128, base_url=BASE_URL)
    assert sorted(decode(pdf, zxingcpp.BarcodeFormat.Code128, dpi=600)) == sorted(x.puid for x in labels)


def test_accented_and_indigenous_names_survive_into_the_pdf_text() -> None:
    pdf = render_labels(sample(5), AVERY_L7163, code=MachineCode.QR, base_url=BASE_URL)
    text = page_texts(pdf)[0]
    for name in (
        "Ñame morado de Caicara",
        "Wayuu: ai'ruushi",
        "Uwottüja: kɨʉ ʼa",
        "Cámara 2",
        "Bolívar",
        "Germinación",
    ):
        assert name in text
    assert "ɨ" in text
    assert "ʉ" in text
    assert "ʼ" in text


def test_fonts_are_embedded_and_helvetica_is_never_named() -> None:
    pdf = render_labels(sample(2), AVERY_L7160)
    assert pdf.count(b"/FontFile2") == 3  # DejaVu Sans regular, bold and oblique, subset and embedded
    assert b"Helvetica" not in pdf


def test_the_same_labels_give_the_same_bytes() -> None:
    assert render_labels(sample(3), AVERY_L7160) == render_labels(sample(3), AVERY_L7160)


# ---------------------------------------------------------------------------------------------- fitting


def chars_outside(pdf: bytes, stock: LabelStock, inset_mm: float) -> list[str]:
    """Characters drawn closer than ``inset_mm`` to the edge of the label they belong to (none should be)."""
    bad = []
    inked = 0
    for page in pdfium.PdfDocument(pdf):
        height = page.get_height()
        text = page.get_textpage()
        boxes = [stock.label_box(s) for s in range(stock.per_page)]
        for i in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(i)
            if right - left <= 0:
                continue  # spaces and line ends have no ink
            inked += 1
            x, y = (left + right) / 2 / MM, (height - (top + bottom) / 2) / MM
            box = next(b for b in boxes if b.x <= x <= b.x + b.width and b.y <= y <= b.y + b.height)
            inside = (
                left / MM >= box.x + inset_mm
                and right / MM <= box.x + box.width - inset_mm
                and (height - top) / MM >= box.y + inset_mm
                and (height - bottom) / MM <= box.y + box.height - inset_mm
            )
            if not inside:
                bad.append(text.get_text_range(i, 1))
    assert inked > 50, "no text to check"
    return bad


@pytest.mark.parametrize("stock", [AVERY_L7160, AVERY_5160, ROLL_50X25])
@pytest.mark.parametrize("code", [MachineCode.QR, None])
def test_long_text_shrinks_wraps_or_is_cut_short_and_stays_off_the_edges(
    stock: LabelStock, code: MachineCode | None
) -> None:
    long = LabelData(
        accession_number="VEN001-000777",
        puid="VEN001:VEN001-000777:Phaseolus",
        taxon="Phaseolus vulgaris var. aborigineus subsp. muy largo de nombre",
        local_name="Caraota negra de la comunidad Ye'kwana del alto Caura, sembrada en conuco",
        lot_code="VEN001-000777-L12",
        harvest_year=2024,
        germination_percent=88,
        germination_tested=dt.date(2025, 6, 1),
        custodian="Consejo Comunal Indígena Ye'kwana de Santa María de Erebato, municipio Sucre",
        origin="Alto Caura, Bolívar, Venezuela, a orillas del río Erebato",
        seeds=1_234_567,
        mass_mg=98_765_432,
        storage_location="Cámara fría 3 · estante 12 · caja 44 · sobre 7",
        licence="Semilla libre",
    )
    pdf = render_labels([long], stock, code=code, base_url=BASE_URL)
    assert chars_outside(pdf, stock, inset_mm=1.5) == []
    text = page_texts(pdf)[0]
    assert "VEN001-000777" in text  # identifiers whole
    if code is not None:
        assert decode(pdf, zxingcpp.BarcodeFormat.QRCode) == [f"{BASE_URL}/a/VEN001:VEN001-000777:Phaseolus"]


def test_heading_sizes_do_not_change_from_label_to_label() -> None:
    """A label with little to say and one with much share the accession number's size (a sheet looks even)."""
    short = LabelData("VEN001-000001", "VEN001:VEN001-000001:Zea", taxon="Zea mays")
    pdf = render_labels([short, sample(1)[0]], AVERY_5160, code=MachineCode.QR, base_url=BASE_URL)
    text = pdfium.PdfDocument(pdf)[0].get_textpage()
    heights = {}
    for i in range(text.count_chars()):
        if (word := text.get_text_range(i, 13)) in ("VEN001-000001", "VEN001-000000") and word not in heights:
            _left, bottom, _right, top = text.get_charbox(i)  # the first "V" of the accession number
            heights[word] = round(top - bottom, 2)
    assert len(heights) == 2
    assert len(set(heights.values())) == 1


def test_an_accession_number_that_cannot_fit_is_refused_naming_the_label() -> None:
    huge = LabelData("VEN001-" + "9" * 40, "VEN001:VEN001-9:Zea")
    with pytest.raises(LabelDoesNotFit, match=r"label VEN001-9{40}: the accession number does not fit on roll-50x25"):
        render_labels([huge], ROLL_50X25)


def test_a_doi_that_cannot_be_printed_whole_is_refused() -> None:
    label = LabelData("VEN001-000001", "10.18730/" + "X" * 60)
    with pytest.raises(LabelDoesNotFit, match="label VEN001-000001: the puid") as error:
        render_labels([label], ROLL_50X25, code=MachineCode.QR)
    assert error.value.field == "puid"


def test_a_code128_too_long_for_the_label_is_refused_not_squeezed() -> None:
    label = sample(1)[0]  # VEN001:VEN001-000000:Dioscorea: 376 modules, 71 mm at the 0.19 mm minimum
    with pytest.raises(LabelDoesNotFit, match="label VEN001-000000: the Code 128 bar code does not fit on L7160"):
        render_labels([label], AVERY_L7160, code=MachineCode.CODE128)


# ---------------------------------------------------------------------------------------------- streaming


def test_labels_are_read_lazily_and_progress_is_reported() -> None:
    read: list[int] = []
    reported: list[tuple[int, int]] = []

    def labels() -> Iterator[LabelData]:
        for i, label in enumerate(sample(45)):
            read.append(i)
            yield label

    render_labels(labels(), AVERY_L7160, progress=lambda n: reported.append((n, len(read))), progress_every=20)
    # Each report comes while the input is still being read: nothing is gathered up first.
    assert reported == [(20, 20), (40, 40), (45, 45)]
