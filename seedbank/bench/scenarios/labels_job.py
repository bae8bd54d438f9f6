"""The child process of the ``labels`` scenario: draw labels (or print them from a database), write the PDF, and
print on the last line, as JSON, how long the drawing took, how many labels and how many bytes.

Run as a script (``python labels_job.py qr --count 10000 --out x.pdf``) so the process holds only what drawing
needs; the scenario reads its peak memory from the kernel. ``made_up_labels`` is shared with the scenario, which
checks every code of the PDF against them.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib
import io
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from seedbank.demo.data import CROPS, CUSTODIANS
from seedbank.reports.labels import LabelData

__all__ = ["BASE_URL", "LABEL_COUNT", "made_up_labels"]

LABEL_COUNT = 10_000
BASE_URL = "https://semillas.example.org"


def made_up_labels(count: int) -> Iterator[LabelData]:
    """``count`` plausible lot labels, made one at a time (no list is held): demo crops, varieties, custodians."""
    for i in range(count):
        crop = CROPS[i % len(CROPS)]
        place = CUSTODIANS[(i * 7) % len(CUSTODIANS)]
        number = f"VEN001-{i + 1:06d}"
        taxon = f"{crop.genus} {crop.species}" + (f" {crop.subtaxa}" if crop.subtaxa else "")
        yield LabelData(
            accession_number=number,
            puid=f"VEN001:{number}:{crop.genus}",
            taxon=taxon,
            local_name=crop.varieties[i % len(crop.varieties)],
            lot_code=f"{number}-L{1 + i % 3:02d}",
            harvest_year=2016 + i % 10,
            germination_percent=60 + i % 40,
            germination_tested=dt.date(2025, 1 + i % 12, 1 + i % 28),
            custodian=place.name,
            origin=f"{place.parish}, {place.municipality}, {place.state} (VEN)",
            seeds=200 + (i * 37) % 20_000,
            mass_mg=(200 + (i * 37) % 20_000) * crop.thousand_seed_weight_mg // 1000,
            storage_location=f"Cámara fría B{1 + i % 4}, gaveta {1 + i % 60}",
            licence="Semilla libre",
        )


def _bare_reportlab(count: int) -> bytes:
    """The same labels' text with plain ``drawString`` at fixed places: no fitting, no wrapping, no code."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from seedbank.reports.fonts import BOLD, OBLIQUE, REGULAR, register_fonts
    from seedbank.reports.labels import AVERY_L7160

    register_fonts()
    stock = AVERY_L7160
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(stock.page_width * mm, stock.page_height * mm), pageCompression=1, invariant=1)
    for i, label in enumerate(made_up_labels(count)):
        slot = i % stock.per_page
        if i and not slot:
            canvas.showPage()
        box = stock.label_box(slot)
        x, y = (box.x + 2.5) * mm, (stock.page_height - box.y - 2.5) * mm
        lines = [
            (BOLD, 10.0, label.accession_number),
            (OBLIQUE, 7.5, label.taxon),
            (BOLD, 7.5, label.local_name),
            (REGULAR, 6.2, f"Lote {label.lot_code}"),
            (REGULAR, 6.2, f"Cosecha {label.harvest_year} · {label.seeds} semillas"),
            (REGULAR, 6.2, f"Germinación {label.germination_percent} % · {label.germination_tested:%d/%m/%Y}"),
            (REGULAR, 6.2, f"Custodio {label.custodian}"),
            (REGULAR, 6.2, f"Ubicación {label.storage_location}"),
            (REGULAR, 6.2, f"Origen {label.origin}"),
            (BOLD, 6.2, label.licence),
            (REGULAR, 5.6, label.puid),
        ]
        for font, size, text in lines:
            y -= size
            canvas.setFont(font, size)
            canvas.drawString(x, y, text or "")
            y -= size * 0.18
    canvas.save()
    return out.getvalue()


def _render(mode: str, count: int) -> bytes:
    from seedbank.reports.labels import AVERY_L7160, MachineCode, render_labels

    if mode == "bare":
        return _bare_reportlab(count)
    code = MachineCode.QR if mode == "qr" else None
    return render_labels(made_up_labels(count), AVERY_L7160, code=code, base_url=BASE_URL)


async def _from_database(url: str, crop: str) -> tuple[int, bytes]:
    from seedbank.accounts.principal import SYSTEM
    from seedbank.catalog.services.search import AccessionQuery
    from seedbank.db import Database
    from seedbank.reports.services import LabelRequest, print_labels
    from seedbank.tables import ALL_TABLES

    db = Database(url, 2)
    db.bind(ALL_TABLES)
    await db.start()
    try:
        request = LabelRequest(query=AccessionQuery(crop=crop), copies=1)
        pdf = await print_labels(db, SYSTEM, request, base_url=BASE_URL, max_labels=None)
    finally:
        await db.stop()
    return pdf.items, pdf.content


def _job(argv: list[str]) -> None:
    """The child process: render (or print from the database), write the PDF, print what it took as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["qr", "text", "bare", "database"])
    parser.add_argument("--count", type=int, default=LABEL_COUNT)
    parser.add_argument("--url")
    parser.add_argument("--crop")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    # Start-up is not drawing: imports, fonts, and a first sheet (caches, the code encoder's tables) come first.
    if args.mode == "database":
        importlib.import_module("seedbank.reports.services")
    _render("bare" if args.mode == "bare" else "qr", 21)
    started = time.perf_counter()
    if args.mode == "database":
        count, pdf = asyncio.run(_from_database(args.url, args.crop))
    else:
        count, pdf = args.count, _render(args.mode, args.count)
    seconds = time.perf_counter() - started
    args.out.write_bytes(pdf)
    print(json.dumps({"seconds": seconds, "labels": count, "bytes": len(pdf)}))


if __name__ == "__main__":
    _job(sys.argv[1:])
