"""MCPD import throughput: N generated rows into a fresh SQLite database, beside a raw ``executemany`` of the same rows.

What the benchmark harness calls (each in a process of its own, so peak memory is the job's own):
``import_generated_rows(N, workdir)`` and ``raw_executemany_rows(N, workdir)``, built from

- :func:`write_generated_file`: a deterministic MCPD file of N rows (landraces of Venezuelan crops, accents
  and indigenous letters, partial dates, coordinates, extension columns), written as it is generated;
- :func:`run_import`: ``import_mcpd`` of that file into a freshly migrated SQLite database, timed;
- :func:`run_raw`: the very rows the import writes (accessions, then their search terms), built beforehand
  by the same pure functions and untimed, inserted with plain ``sqlite3`` ``executemany`` in one
  transaction into another fresh database, timed (accessions alone, and accessions with terms).

``python -m seedbank.catalog.mcpd_benchmark import|raw|both --rows N --workdir DIR`` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from seedbank.accounts.principal import SYSTEM
from seedbank.catalog.mcpd import EXTENSION_FIELDS, MCPD_FIELDS, McpdReader, check_row
from seedbank.catalog.mcpd.stored import (
    ACCESSION_COLUMNS,
    TaxonEntry,
    accession_terms_of,
    stored_passport,
    taxon_terms,
)
from seedbank.catalog.passport import puid_for
from seedbank.catalog.services.mcpd_import import ImportOptions, import_mcpd

__all__ = [
    "generated_file",
    "generated_rows",
    "import_generated_rows",
    "migrated_database",
    "raw_executemany_rows",
    "run_import",
    "run_raw",
    "write_generated_file",
]

# (genus, species, subtaxa, crop name, variety names)
_CROPS: tuple[tuple[str, str, str | None, str, tuple[str, ...]], ...] = (
    ("Zea", "mays", "subsp. mays", "maíz", ("Maíz cariaco", "Maíz guanape", "Maíz pollo", "Maíz chirimoya")),
    ("Phaseolus", "vulgaris", None, "caraota", ("Caraota negra", "Caraota roja", "Caraota bayita")),
    ("Vigna", "unguiculata", None, "frijol", ("Frijol bayo", "Frijol ojo negro")),
    ("Capsicum", "chinense", None, "ají dulce", ("Ají dulce margariteño", "Ají rosito")),
    ("Cucurbita", "moschata", None, "auyama", ("Auyama criolla", "Auyama de Sanare")),
    ("Manihot", "esculenta", None, "yuca", ("Yuca amarga", "Yuca dulce", "Kaɨ")),
    ("Dioscorea", "alata", None, "ñame", ("Ñame morado", "Ñame blanco")),
    ("Ipomoea", "batatas", None, "batata", ("Batata morada", "Batata blanca")),
    ("Theobroma", "cacao", None, "cacao", ("Cacao criollo", "Cacao de Chuao")),
    ("Arachis", "hypogaea", None, "maní", ("Maní rojo", "Maní de Guárico")),
    ("Phaseolus", "lunatus", None, "haba", ("Haba pintada", "Tapiramo")),
    ("Sorghum", "bicolor", None, "sorgo", ("Sorgo rojo",)),
)
_PLACES = (
    ("Sanare, Lara", 9.75, -69.65),
    ("Caicara del Orinoco, Bolívar", 7.63, -66.17),
    ("Paraguaipoa, Zulia", 11.35, -71.95),
    ("Santa Elena de Uairén, Bolívar", 4.60, -61.11),
    ("Tucupita, Delta Amacuro", 9.06, -62.05),
    ("Timotes, Mérida", 8.98, -70.74),
)
_COMMUNITIES = ("Comuna El Maizal", "Consejo Comunal Wayuu de Paraguaipoa", "Comunidad Pemón de Kumarakapay", None)
_COLUMNS = MCPD_FIELDS + EXTENSION_FIELDS


def generated_rows(count: int, seed: int = 2015, instcode: str = "VEN001") -> Iterator[dict[str, str]]:
    """``count`` plausible MCPD rows, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311  (repeatable data, not secrets)
    for number in range(1, count + 1):
        genus, species, subtaxa, crop, varieties = rng.choice(_CROPS)
        site, latitude, longitude = rng.choice(_PLACES)
        year = rng.randint(1975, 2024)
        month = rng.choice(["--", f"{rng.randint(1, 12):02d}"])
        day = "--" if month == "--" else rng.choice(["--", f"{rng.randint(1, 28):02d}"])
        community = rng.choice(_COMMUNITIES)
        row = {
            "INSTCODE": instcode,
            "ACCENUMB": f"{instcode}-{number:06d}",
            "GENUS": genus,
            "SPECIES": species,
            "SUBTAXA": subtaxa or "",
            "CROPNAME": crop,
            "ACCENAME": rng.choice(varieties) + ("" if rng.random() < 0.7 else f";{rng.choice(varieties)} {number}"),
            "ACQDATE": f"{min(year + rng.randint(0, 3), 2025)}{month}{day}",
            "ORIGCTY": "VEN",
            "COLLSITE": f"{site}, conuco {number % 300}",
            "DECLATITUDE": f"{latitude + rng.uniform(-0.2, 0.2):.4f}",
            "DECLONGITUDE": f"{longitude + rng.uniform(-0.2, 0.2):.4f}",
            "ELEVATION": str(rng.randint(0, 2500)),
            "COLLDATE": f"{year}{month}{day}",
            "SAMPSTAT": rng.choice(["300", "300", "300", "100", "500"]),
            "COLLSRC": rng.choice(["23", "26", "30", "10"]),
            "STORAGE": rng.choice(["13", "12;13", "20"]),
            "MLSSTAT": rng.choice(["0", "1", ""]),
            "REMARKS": "" if rng.random() < 0.8 else f"semilla guardada por la familia {number % 97}",
            "COLLECTOR": rng.choice(["", "Yusmary Uriana", "José Ramón Pérez"]),
            "HOLDERCOMMUNITY": community or "",
            "ACCESSTERMS": "community-only" if community and rng.random() < 0.2 else "free",
        }
        yield {column: row.get(column, "") for column in _COLUMNS}


def write_generated_file(path: Path, count: int, seed: int = 2015) -> Path:
    """Write ``count`` generated rows as an MCPD CSV, a row at a time."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, _COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(generated_rows(count, seed))
    return path


def migrated_database(path: Path) -> str:
    """A fresh SQLite database at ``path`` with the committed migrations run; its URL."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path.resolve()}"
    env = {**os.environ, "SEEDBANK_DATABASE_URL": url, "SEEDBANK_LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "seedbank.cli", "migrate"]
    subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603  (our own command)
    return url


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class _WorkerMemory:
    """The peak memory of this process's children (the import's checking worker), sampled from /proc."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> _WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
        while not self._stop.wait(0.1):
            try:
                pids = children.read_text().split()
            except OSError:
                return
            for pid in pids:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_mb = max(self.peak_mb, int(line.split()[1]) / 1024)


def run_import(csv_path: Path, database: Path) -> dict[str, Any]:
    """Import the file into a fresh database: rows, seconds, rows/s, CPU seconds, peak RSS of this process."""
    from seedbank.db import Database
    from seedbank.tables import ALL_TABLES

    url = migrated_database(database)

    async def work() -> dict[str, Any]:
        db = Database(url)
        db.bind(ALL_TABLES)
        await db.start()
        try:
            started, cpu = time.perf_counter(), time.process_time()
            with csv_path.open("rb") as source, _WorkerMemory() as worker:
                report = await import_mcpd(db, SYSTEM, source, ImportOptions(file_name=csv_path.name))
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        finally:
            await db.stop()
        if report.outcome != "loaded" or report.counts.inserted != report.counts.rows:
            raise RuntimeError(f"the import did not load every row: {report.counts}")
        return {
            "rows": report.counts.rows,
            "seconds": round(seconds, 3),
            "rows_per_s": round(report.counts.rows / seconds),
            "cpu_seconds": round(cpu_seconds, 3),  # this process's (the checking worker's is its own)
            "peak_rss_mb": round(_peak_rss_mb(), 1),
            "worker_peak_rss_mb": round(worker.peak_mb, 1) or None,  # None: checked in a thread, or no /proc
        }

    return asyncio.run(work())


def _rows_as_the_import_writes_them(csv_path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[int, str]]]:
    """Accession rows and term rows exactly as the import builds them (ids as a fresh table gives them: 1, 2...)."""
    now = dt.datetime.now(dt.UTC)
    taxa: dict[str, TaxonEntry] = {}
    accessions: list[tuple[Any, ...]] = []
    terms: list[tuple[int, str]] = []
    with csv_path.open("rb") as source:
        for row in McpdReader(source):
            passport = check_row(row, today=now.date()).passport
            if passport is None:
                raise RuntimeError(f"generated row {row.number} is not clean")
            stored = stored_passport(passport)
            taxon = taxa.get(stored.name_key)
            if taxon is None:
                taxon = taxa[stored.name_key] = TaxonEntry(
                    len(taxa) + 1, passport.taxon["genus"], taxon_terms(passport.taxon)
                )
            values = stored.values | {"taxon": taxon.id}
            puid = puid_for(stored.instcode, stored.accession_number, taxon.genus, stored.doi)
            accessions.append((*(values[column] for column in ACCESSION_COLUMNS), puid, None, now, now))
            terms += [(len(accessions), term) for term in accession_terms_of(taxon, stored.own_terms)]
    return accessions, terms


def run_raw(csv_path: Path, database: Path) -> dict[str, Any]:
    """The same rows through plain ``sqlite3.executemany`` (built beforehand, untimed), one transaction."""
    accessions, terms = _rows_as_the_import_writes_them(csv_path)
    migrated_database(database)
    columns = (*ACCESSION_COLUMNS, "puid", "steward", "created_at", "updated_at")
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        for pragma in ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"):
            connection.execute(pragma)
        taxon_ids = sorted({row[ACCESSION_COLUMNS.index("taxon")] for row in accessions})
        connection.executemany(
            "INSERT INTO taxon (id, genus, full_name, name_key, search_key, created_at, updated_at) "
            "VALUES (?, 'Zea', ?, ?, '', '2026-01-01', '2026-01-01')",
            [(taxon_id, f"taxon {taxon_id}", f"taxon {taxon_id}") for taxon_id in taxon_ids],
        )
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            f"INSERT INTO accession ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", accessions
        )
        accessions_done = time.perf_counter()
        connection.executemany("INSERT INTO accession_term (accession, term) VALUES (?, ?)", terms)
        connection.execute("COMMIT")
        finished = time.perf_counter()
    finally:
        connection.close()
    return {
        "rows": len(accessions),
        "term_rows": len(terms),
        "accessions_seconds": round(accessions_done - started, 3),
        "accessions_rows_per_s": round(len(accessions) / (accessions_done - started)),
        "with_terms_seconds": round(finished - started, 3),
        "with_terms_rows_per_s": round(len(accessions) / (finished - started)),
    }


def generated_file(workdir: Path, count: int, seed: int = 2015) -> Path:
    """The generated file of ``count`` rows in ``workdir`` (written once, then reused: the same rows each time)."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"mcpd-{count}-{seed}.csv"
    if not path.exists():
        partial = path.with_suffix(".partial")
        write_generated_file(partial, count, seed)
        shutil.move(partial, path)
    return path


def import_generated_rows(count: int, workdir: Path, seed: int = 2015) -> dict[str, Any]:
    """Import ``count`` generated rows into a fresh SQLite database in ``workdir``: the figures of ``run_import``."""
    return run_import(generated_file(workdir, count, seed), workdir / "import.sqlite")


def raw_executemany_rows(count: int, workdir: Path, seed: int = 2015) -> dict[str, Any]:
    """The same rows through plain ``sqlite3.executemany`` into another fresh database: ``run_raw``'s figures."""
    return run_raw(generated_file(workdir, count, seed), workdir / "raw.sqlite")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m seedbank.catalog.mcpd_benchmark", description=__doc__)
    parser.add_argument("job", choices=["generate", "import", "raw", "both"])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("mcpd-benchmark"))
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args(argv)
    csv_path = generated_file(args.workdir, args.rows, args.seed)
    figures: dict[str, Any] = {"file": str(csv_path), "file_mb": round(csv_path.stat().st_size / 1e6, 1)}
    if args.job in ("import", "both"):
        figures["import"] = run_import(csv_path, args.workdir / "import.sqlite")
    if args.job in ("raw", "both"):
        figures["raw"] = run_raw(csv_path, args.workdir / "raw.sqlite")
    if "import" in figures and "raw" in figures:
        imported = figures["import"]["rows_per_s"]
        figures["ratio_to_raw_accessions"] = round(imported / figures["raw"]["accessions_rows_per_s"], 3)
        figures["ratio_to_raw_with_terms"] = round(imported / figures["raw"]["with_terms_rows_per_s"], 3)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
