"""Printed documents read back: inventory lists, transfer records and germination certificates.

Text comes back through pdfium's extraction, so what is checked is what a reader (or a search) would find.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # no type information shipped
import pytest

from seedbank.reports.certificate import (
    GerminationCertificate,
    GerminationResult,
    Replicate,
    ToleranceCheck,
    render_germination_certificate,
)
from seedbank.reports.inventory import CropInventory, InventoryList, InventoryLot, render_inventory
from seedbank.reports.transfer import Party, TransferItem, TransferRecord, TransferTerms, render_transfer_record

PRINTED = dt.datetime(2026, 11, 28, 14, 3)
INSTITUTE = "Centro Nacional de Conservación de Semillas · VEN001"


def page_texts(pdf: bytes) -> list[str]:
    # Line ends and no-break spaces read back as plain spaces, so phrases can be looked for across a wrap.
    texts = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]
    return [re.sub(r"\s+", " ", t.replace("\u00a0", " ")) for t in texts]


def assert_embedded_fonts_only(pdf: bytes) -> None:
    assert pdf.count(b"/FontFile2") >= 2
    assert b"Helvetica" not in pdf


# ---------------------------------------------------------------------------------------------- inventory


def lots(prefix: int, n: int, taxon: str, names: list[str], custodian: str | None = None) -> list[InventoryLot]:
    return [
        InventoryLot(
            accession_number=f"VEN001-{prefix + i // 2:06d}",  # two lots an accession
            lot_code=f"VEN001-{prefix + i // 2:06d}-L0{1 + i % 2}",
            taxon=taxon,
            seeds=1000 + i,
            local_name=names[i % len(names)],
            custodian=custodian or ("Consejo Comunal Caicara del Orinoco" if i % 2 else "Comuna Sanare"),
            harvest_year=2018 + i % 7,
            germination_percent=None if i % 5 == 0 else 85,
            germination_tested=None if i % 5 == 0 else dt.date(2025, 3, 12),
            germination_due=i % 5 == 0,
            regeneration_due=i % 7 == 0,
        )
        for i in range(n)
    ]


def collection(maize: int = 70, yams: int = 9, peppers: int = 40) -> InventoryList:
    return InventoryList(
        institute=INSTITUTE,
        printed_at=PRINTED,
        crops=[
            CropInventory("Maíz", lots(100, maize, "Zea mays subsp. mays", ["Maíz cariaco", "Wayuu: ai'ruushi"])),
            CropInventory("Ñame", lots(500, yams, "Dioscorea alata", ["Ñame morado de Caicara"])),
            CropInventory("Ají", lots(700, peppers, "Capsicum chinense", ["Uwottüja: kɨʉ ʼa", "Ají dulce jobito"])),
            CropInventory("Caraota", []),  # a crop with nothing on hand is left out
        ],
    )


def test_inventory_pages_are_numbered_and_repeat_the_column_header() -> None:
    texts = page_texts(render_inventory(collection()))
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"página {number} de {len(texts)}" in text
        assert "Accesión Accession" in text or "Accesión" in text
        assert "Impreso el 28/11/2026 a las 14:03" in text
        assert "Inventario de semillas" in text
        assert "Colección completa" in text


def test_inventory_lists_every_lot_once_with_totals_per_crop_and_overall() -> None:
    inventory = collection()
    text = " ".join(page_texts(render_inventory(inventory)))
    for crop in inventory.crops:
        for lot in crop.lots:
            suffix = lot.lot_code.removeprefix(f"{lot.accession_number}-")
            assert text.count(f"{lot.accession_number} {suffix} ") == 1  # each lot once, its code shortened
    assert "Total Maíz: 70 lotes de 35 accesiones" in text
    assert f"{sum(1000 + i for i in range(70)):,}".replace(",", ".") in text  # 72.415 seeds of maize
    assert "Total Ñame: 9 lotes de 5 accesiones" in text
    assert "Total general (3 cultivos): 119 lotes de 60 accesiones" in text
    assert "Caraota" not in text
    germination_due = sum(lot.germination_due for crop in inventory.crops for lot in crop.lots)
    regeneration_due = sum(lot.regeneration_due for crop in inventory.crops for lot in crop.lots)
    assert f"{germination_due} G · {regeneration_due} R" in text
    assert "G: prueba de germinación pendiente" in text


def test_inventory_keeps_names_intact_and_carries_a_crop_over_pages() -> None:
    texts = page_texts(render_inventory(collection()))
    text = " ".join(texts)
    for name in ("Ñame morado de Caicara", "Wayuu: ai'ruushi", "Uwottüja: kɨʉ ʼa", "Zea mays subsp. mays"):
        assert name in text
    assert "Maíz (continúa)" in texts[1]  # 70 lots of maize do not fit one page
    assert texts[0].count("Maíz") >= 1


def test_a_custodians_inventory_leaves_out_the_custodian_column() -> None:
    single = InventoryList(
        institute=INSTITUTE,
        printed_at=PRINTED,
        crops=[CropInventory("Maíz", lots(100, 6, "Zea mays", ["Maíz cariaco"], custodian="Comuna Sanare"))],
        custodian="Comuna Sanare",
    )
    pdf = render_inventory(single)
    text = page_texts(pdf)[0]
    assert "Custodio" not in text
    assert text.count("Comuna Sanare") == 2  # the title and the footer, not every row
    assert "página 1 de 1" in text
    assert_embedded_fonts_only(pdf)


def test_a_large_collection_renders_in_time_proportional_to_its_size() -> None:
    """Pages are laid out here, not by reportlab's long-table splitting, which grows with the square of the rows."""

    def seconds(n: int) -> float:
        inventory = collection(maize=n, yams=0, peppers=0)
        start = time.process_time()
        render_inventory(inventory)
        return time.process_time() - start

    small, large = seconds(500), seconds(2500)
    assert large < 5 * small * 2  # five times the rows: far from 25 times the time


# ---------------------------------------------------------------------------------------------- transfer


def transfer(items: int = 3) -> TransferRecord:
    base = [
        TransferItem(
            "VEN001:VEN001-000124:Zea", "Zea mays subsp. mays", "VEN001-000124-L02", 250, None, "Wayuu: ai'ruushi"
        ),
        TransferItem(
            "VEN001:VEN001-000123:Dioscorea",
            "Dioscorea alata",
            "VEN001-000123-L01",
            12,
            850_000,
            "Ñame morado de Caicara",
        ),
        TransferItem("10.18730/9KZ5Q", "Capsicum chinense", "VEN001-000125-L01", 80, 450, "Uwottüja: kɨʉ ʼa"),
    ]
    return TransferRecord(
        reference="TR-2026-000123",
        date=dt.date(2026, 11, 28),
        provider=Party(
            "Centro Nacional de Conservación de Semillas",
            "Banco de semillas",
            "VEN001",
            "Maracay, Aragua",
            "María Teresa Rodríguez",
        ),
        recipient=Party(
            "Consejo Comunal Wayuu de Paraguaipoa", "Consejo comunal", None, "Paraguaipoa, Zulia", "José Ipuana"
        ),
        items=(base * (items // 3 + 1))[:items],
        terms=TransferTerms.COMMUNITY,
        printed_at=PRINTED,
        terms_reference="Acuerdo comunitario Wayuu 2026/04",
        consent_reference="PIC-2026-0042",
        documents_sent=("Copia de los términos comunitarios", "Guía de siembra"),
        notes="Devolución en especie tras la cosecha (×2).",
    )


def test_a_transfer_record_prints_the_providers_copy_and_the_recipients() -> None:
    pdf = render_transfer_record(transfer())
    texts = page_texts(pdf)
    assert len(texts) == 2
    assert "COPIA DEL PROVEEDOR" in texts[0]
    assert "COPIA DEL RECEPTOR" in texts[1]
    for text in texts:
        assert "página 1 de 1" in text
        assert "TR-2026-000123" in text
        assert "28/11/2026" in text
        assert "Centro Nacional de Conservación de Semillas" in text
        assert "Consejo Comunal Wayuu de Paraguaipoa" in text
        for identifier in ("VEN001:VEN001-000124:Zea", "VEN001:VEN001-000123:Dioscorea", "10.18730/9KZ5Q"):
            assert identifier in text
        for name in ("Wayuu: ai'ruushi", "Ñame morado de Caicara", "Uwottüja: kɨʉ ʼa"):
            assert name in text
        assert "250 semillas" in text
        assert "12 semillas · 850 g" in text
        assert "342 semillas" in text
        assert "☒ Términos de la comunidad custodia" in text
        assert "☐ Semilla libre" in text
        assert "☐ Acuerdo normalizado" in text
        assert "Acuerdo comunitario Wayuu 2026/04" in text
        assert "PIC-2026-0042" in text
        assert "Copia de los términos comunitarios" in text
        assert "Guía de siembra" in text
        assert "Firma · Signature — María Teresa Rodríguez" in text
        assert "Firma · Signature — José Ipuana" in text
    assert_embedded_fonts_only(pdf)


def test_each_copy_of_a_long_transfer_is_numbered_on_its_own() -> None:
    texts = page_texts(render_transfer_record(transfer(items=60)))
    numbers = [re.search(r"página (\d+) de (\d+)", t).groups() for t in texts]  # type: ignore[union-attr]
    half = len(texts) // 2
    assert len(texts) == 2 * half
    assert half >= 2
    assert numbers == [(str(i), str(half)) for i in range(1, half + 1)] * 2
    assert "COPIA DEL PROVEEDOR" in texts[0]
    assert "COPIA DEL RECEPTOR" in texts[half]
    assert all("Copia del proveedor página" in t for t in texts[:half])  # every page's footer names its copy
    assert all("Copia del receptor página" in t for t in texts[half:])
    assert "60 artículos" in texts[half - 1]


def test_free_seed_terms_without_consent_say_so() -> None:
    record = transfer()
    free = TransferRecord(
        reference=record.reference,
        date=record.date,
        provider=record.provider,
        recipient=record.recipient,
        items=record.items,
        terms=TransferTerms.FREE_SEED,
        printed_at=PRINTED,
    )
    text = page_texts(render_transfer_record(free))[0]
    assert "☒ Semilla libre" in text
    assert "☐ Términos de la comunidad" in text
    assert "no consta" in text
    assert "ninguno" in text


# ---------------------------------------------------------------------------------------------- germination


def certificate(tolerance: ToleranceCheck | None) -> GerminationCertificate:
    return GerminationCertificate(
        reference="GT-2026-0077",
        institute=INSTITUTE,
        lot_code="VEN001-000124-L02",
        accession_number="VEN001-000124",
        taxon="Zea mays subsp. mays",
        started=dt.date(2026, 10, 1),
        final_count=dt.date(2026, 10, 8),
        method="Entre papel (BP)",
        substrate="Papel de filtro",
        temperature="20–30 °C alternas",
        replicates=[
            Replicate(93, 3, 0, 1, 3),
            Replicate(90, 5, 0, 2, 3),
            Replicate(94, 2, 0, 1, 3),
            Replicate(91, 4, 0, 2, 3),
        ],
        result=GerminationResult(92, 4, 0, 1, 3, viable=93),
        analyst="Ana Guaicaipuro",
        printed_at=PRINTED,
        local_name="Wayuu: ai'ruushi",
        custodian="Comunidad Wayuu de Paraguaipoa",
        first_count=dt.date(2026, 10, 5),
        tolerance=tolerance,
        remarks="Plántulas vigorosas; sin hongos.",
    )


def test_a_germination_certificate_reports_the_test_and_its_result() -> None:
    pdf = render_germination_certificate(certificate(ToleranceCheck(spread=4, allowed=10)))
    texts = page_texts(pdf)
    assert len(texts) == 1
    text = texts[0]
    for expected in (
        "Certificado de prueba de germinación",
        "Germination test certificate",
        "GT-2026-0077",
        "VEN001-000124-L02",
        "Zea mays subsp. mays",
        "Wayuu: ai'ruushi",
        "01/10/2026",
        "05/10/2026",
        "08/10/2026",
        "Entre papel (BP)",
        "20–30 °C alternas",
        "1 100 93 3 0 1 3 93 %",  # replicate 1: seeds, normal, abnormal, hard, fresh, dead, germination
        "Total 400 368 14 0 6 12",
        "92 % 4 % 0 % 1 % 3 %",
        "dentro de tolerancia",
        "Analista · Analyst — Ana Guaicaipuro",
        "página 1 de 1",
    ):
        assert expected in text, expected
    assert "Viabilidad Viability 93 %" in text
    assert_embedded_fonts_only(pdf)


def test_replicates_out_of_tolerance_ask_for_a_repeat() -> None:
    text = page_texts(render_germination_certificate(certificate(ToleranceCheck(spread=14, allowed=10))))[0]
    assert "fuera de tolerancia — repetir la prueba" in text
    text = page_texts(render_germination_certificate(certificate(None)))[0]
    assert "no evaluada" in text


def test_replicate_categories_count_the_seeds() -> None:
    assert Replicate(93, 3, 0, 1, 3).seeds == 100
    assert ToleranceCheck(10, 10).within
    assert not ToleranceCheck(11, 10).within


@pytest.mark.parametrize("document", ["inventory", "transfer", "certificate"])
def test_documents_are_reproducible(document: str) -> None:
    def make() -> bytes:
        if document == "inventory":
            return render_inventory(collection(maize=5, yams=1, peppers=1))
        if document == "transfer":
            return render_transfer_record(transfer())
        return render_germination_certificate(certificate(None))

    assert make() == make()
