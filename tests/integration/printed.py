"""Reading printed PDFs back as a person or a scanner would: pages rasterized with pdfium, every code decoded with
zxing-cpp, text extracted with pdfium (so accents and indigenous letters are checked as a reader gets them)."""

from __future__ import annotations

import re

import httpx
import pypdfium2 as pdfium  # type: ignore[import-untyped]  # no type information shipped
import zxingcpp

BASE_URL = "http://127.0.0.1:8000"  # the test settings' SEEDBANK_BASE_URL (the default)
QR = zxingcpp.BarcodeFormat.QRCode
DATAMATRIX = zxingcpp.BarcodeFormat.DataMatrix
CODE128 = zxingcpp.BarcodeFormat.Code128


def decode(pdf: bytes, symbology: zxingcpp.BarcodeFormat, dpi: int = 300) -> list[str]:
    """Every code of this symbology on every page, top to bottom (in no promised order within a page)."""
    found: list[str] = []
    for page in pdfium.PdfDocument(pdf):
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(symbology))]
    return found


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, line ends and no-break spaces read as plain spaces (phrases survive a wrap)."""
    texts = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]
    return [re.sub(r"\s+", " ", text.replace("\u00a0", " ")) for text in texts]


def page_count(pdf: bytes) -> int:
    return len(pdfium.PdfDocument(pdf))


def link(puid: str) -> str:
    """What a QR or DataMatrix code holds for this PUID."""
    return f"{BASE_URL}/a/{puid}"


def assert_pdf(response: httpx.Response, filename_prefix: str) -> bytes:
    """A PDF attachment named ``{prefix}...pdf``; its bytes."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    match = re.fullmatch(r'attachment; filename="([a-z0-9-]+\.pdf)"', disposition)
    assert match, disposition
    assert match.group(1).startswith(filename_prefix), disposition
    assert response.content.startswith(b"%PDF-")
    return response.content
