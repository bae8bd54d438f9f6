"""Label sheets: 10,000 labels with QR codes beside the same labels without any code, and the whole path from the
database, each run as a child process so its peak memory is its own.

Cases (``--quick``: 210 labels, ten sheets):
- ``QR vs text-only``: ``render_labels`` on Avery L7160 with a QR code a label, beside the same labels through the
  same layout with ``code=None``. Target: at least a third of the text-only speed, every code decoding (all pages
  rasterized with pdfium at 200 dpi and read with zxing-cpp: each must give back exactly the link printed).
- ``QR vs bare reportlab``: the same QR labels beside the same text drawn with plain ``drawString`` calls (no
  fitting, no wrapping): the floor of what reportlab costs, shown against the same one-third mark.
- ``memory``: the QR run's peak RSS at a quarter of the labels and at all of them; what it grows by beyond the
  PDF's own bytes must stay under 8 MB. Labels are streamed and nothing is kept per label, but reportlab keeps
  each finished page until it writes the file, so the PDF is in memory about twice at the end.
- ``database → PDF``: ``print_labels`` for the crop whose lots number closest to the label count (a catalogue
  search), on this engine's dataset: ids planned, rows read in batches while a worker thread draws; one copy each.

The three rendering cases involve no database: they are measured once per run and repeated for the other engine.
Labels are made up lazily from the demo collection's crops, varieties and custodians, accents included.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from seedbank.bench.measure import BulkJob, median, run_bulk_job
from seedbank.bench.results import Figure, Side, Target
from seedbank.bench.scenario import BenchContext, Scenario
from seedbank.bench.scenarios.labels_job import BASE_URL, LABEL_COUNT, made_up_labels

__all__ = ["LABELS"]

QUICK_LABEL_COUNT = 210
RATIO_TARGET = 1 / 3
GROWTH_TARGET_MB = 8.0  # beyond the PDF, from a quarter of the labels to all of them
DECODE_DPI = 200

# Rendering needs no database: measured once per run (both engines share the figures).
_MEASURED: dict[tuple[int, int], list[Figure]] = {}


# ---------------------------------------------------------------------------------------------- measuring


@dataclass(frozen=True, slots=True)
class _Run:
    seconds: float
    labels: int
    pdf_bytes: int
    peak_rss_mb: float

    @property
    def per_second(self) -> float:
        return self.labels / self.seconds


async def _child(mode: str, out: Path, *extra: str) -> _Run:
    # Run as a script, not a module of this package: the child imports what drawing needs and nothing else.
    command = [sys.executable, str(Path(__file__).with_name("labels_job.py")), mode, "--out", str(out), *extra]
    job: BulkJob = await asyncio.to_thread(run_bulk_job, command, dict(os.environ))
    if job.returncode != 0:
        raise RuntimeError(f"label job {mode} failed:\n{job.stdout[-2000:]}\n{job.stderr[-4000:]}")
    found = json.loads(job.stdout.strip().splitlines()[-1])
    return _Run(found["seconds"], found["labels"], found["bytes"], job.peak_rss_mb)


def _side(label: str, runs: list[_Run]) -> Side:
    return Side(
        label=label,
        median_ms=median([run.seconds * 1000 / run.labels for run in runs]),
        throughput=median([run.per_second for run in runs]),
        samples=sum(run.labels for run in runs),
        rounds=tuple(
            {"labels_per_s": round(run.per_second, 1), "seconds": round(run.seconds, 3), "peak_rss_mb": run.peak_rss_mb}
            for run in runs
        ),
    )


def _decode_all(pdf: Path, count: int) -> tuple[bool | None, str]:
    """Every QR code on every page read back: exactly the links printed, each once."""
    try:
        import pypdfium2 as pdfium  # type: ignore[import-untyped]  # the [test] extra; no type information
        import zxingcpp
    except ImportError as missing:
        return None, f"not decoded: {missing.name} is not installed (the [test] extra)"
    expected = sorted(f"{BASE_URL}/a/{label.puid}" for label in made_up_labels(count))
    found: list[str] = []
    formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    for page in pdfium.PdfDocument(str(pdf)):
        image = page.render(scale=DECODE_DPI / 72, grayscale=True).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image, formats=formats)]
    ok = sorted(found) == expected
    return ok, f"{len(found):,} of {count:,} QR codes decoded at {DECODE_DPI} dpi, {'all' if ok else 'NOT all'} exact"


async def _rendering(ctx: BenchContext, count: int, workdir: Path) -> list[Figure]:
    rounds = ctx.settings.rounds
    runs: dict[str, list[_Run]] = {"qr": [], "text": [], "bare": []}
    for round_number in range(rounds):
        order = ("qr", "text", "bare") if round_number % 2 == 0 else ("bare", "text", "qr")
        for mode in order:
            runs[mode].append(await _child(mode, workdir / f"{mode}.pdf", "--count", str(count)))
    decoded, decode_note = await asyncio.to_thread(_decode_all, workdir / "qr.pdf", count)
    quarter = await _child("qr", workdir / "quarter.pdf", "--count", str(max(count // 4, 1)))

    qr = _side("QR (render_labels)", runs["qr"])
    text = _side("text only, same layout", runs["text"])
    bare = _side("text only, bare reportlab drawString", runs["bare"])
    ratio_text = (qr.throughput or 0.0) / (text.throughput or 1.0)
    ratio_bare = (qr.throughput or 0.0) / (bare.throughput or 1.0)
    full = min(runs["qr"], key=lambda run: run.peak_rss_mb)
    growth = (full.peak_rss_mb - quarter.peak_rss_mb) - (full.pdf_bytes - quarter.pdf_bytes) / 2**20
    stock = f"{count:,} labels, Avery L7160"
    common = {"labels": count, "rounds": rounds, "pdf_bytes": {m: r[-1].pdf_bytes for m, r in runs.items()}}
    decode_target = Target("every QR code decodes to its link", decoded)
    return [
        Figure(
            case=f"{stock}: QR vs text-only",
            subject=qr,
            baseline=text,
            ratio=ratio_text,
            ratio_means="QR labels/s ÷ text-only labels/s (same layout, code=None)",
            targets=[Target(f"≥ {RATIO_TARGET:.2f} of text-only labels/s", ratio_text >= RATIO_TARGET), decode_target],
            peak_rss_mb=max(run.peak_rss_mb for run in runs["qr"]),
            notes=[decode_note],
            extra=common,
        ),
        Figure(
            case=f"{stock}: QR vs bare reportlab",
            subject=qr,
            baseline=bare,
            ratio=ratio_bare,
            ratio_means="QR labels/s ÷ labels/s of the same text drawn with bare drawString (no fitting)",
            targets=[Target(f"≥ {RATIO_TARGET:.2f} of bare reportlab labels/s", ratio_bare >= RATIO_TARGET)],
            peak_rss_mb=max(run.peak_rss_mb for run in runs["bare"]),
            notes=["the floor: no text fitting at all; the QR encoding alone (zxing-cpp) costs about 0.9 ms a code"],
            extra=common,
        ),
        Figure(
            case=f"{stock}: QR memory, {quarter.labels:,} → {full.labels:,} labels",
            subject=_side("QR, all labels", [full]),
            baseline=_side("QR, a quarter of them", [quarter]),
            ratio=full.peak_rss_mb / quarter.peak_rss_mb,
            ratio_means="peak RSS, all labels ÷ a quarter",
            targets=[Target(f"grows < {GROWTH_TARGET_MB:.0f} MB beyond the PDF", growth < GROWTH_TARGET_MB)],
            peak_rss_mb=full.peak_rss_mb,
            notes=[
                f"peak RSS {quarter.peak_rss_mb:.1f} → {full.peak_rss_mb:.1f} MB; beyond the PDF: {growth:+.1f} MB",
                "reportlab holds finished pages until it writes the file: the PDF is in memory about twice at the end",
            ],
            extra={
                "pdf_mb": {"quarter": quarter.pdf_bytes / 2**20, "all": full.pdf_bytes / 2**20},
                "growth_beyond_pdf_mb": round(growth, 2),
            },
        ),
    ]


async def _crop_near(url: str, count: int) -> tuple[str, int]:
    """The crop whose lots in the collection number closest to ``count``, and how many it has."""
    from seedbank.db import Database

    db = Database(url, 1)
    await db.start()
    try:
        row = await db.fetch_one(
            "SELECT t.crop_name, COUNT(*) AS lots FROM lot l JOIN accession a ON a.id = l.accession "
            "JOIN taxon t ON t.id = a.taxon WHERE l.status IN ('active', 'quarantined') AND t.crop_name IS NOT NULL "
            "GROUP BY t.crop_name ORDER BY ABS(COUNT(*) - {}), t.crop_name LIMIT 1",
            count,
        )
    finally:
        await db.stop()
    if row is None:
        raise RuntimeError("the dataset holds no lots of a named crop")
    return str(row["crop_name"]), int(row["lots"])


async def _database(ctx: BenchContext, count: int, workdir: Path) -> Figure:
    crop, lots = await _crop_near(ctx.dataset.url, count)
    extra = ["--url", ctx.dataset.url, "--crop", crop]
    runs = [await _child("database", workdir / "database.pdf", *extra) for _ in range(ctx.settings.rounds)]
    side = _side(f"crop={crop}: {lots:,} lots → PDF", runs)
    return Figure(
        case=f"database → PDF ({ctx.engine}), {lots:,} labels, QR, L7160",
        subject=side,
        peak_rss_mb=max(run.peak_rss_mb for run in runs),
        notes=[
            "print_labels as the API runs it: the catalogue search (crop) planned to lot ids first, then rows read "
            "500 at a time on the event loop while a worker thread draws; one copy each"
        ],
        extra={"crop": crop, "labels": lots, "pdf_bytes": runs[-1].pdf_bytes},
    )


async def labels(ctx: BenchContext) -> list[Figure]:
    count = QUICK_LABEL_COUNT if ctx.quick else LABEL_COUNT
    with tempfile.TemporaryDirectory(prefix="seedbank-bench-labels-") as directory:
        workdir = Path(directory)
        key = (count, ctx.settings.rounds)
        if key not in _MEASURED:
            _MEASURED[key] = await _rendering(ctx, count, workdir)
        else:
            ctx.notes.append("labels: rendering figures measured once in this run, shared by both engines")
        return [*_MEASURED[key], await _database(ctx, count, workdir)]


LABELS = Scenario("labels", "10,000 QR labels vs the same text-only; memory; database → PDF", labels)
