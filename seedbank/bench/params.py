"""What a benchmark run is made of: the dataset's size (and its cache key) and how long each scenario measures."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["DATASET_VERSION", "FULL", "QUICK", "DatasetParams", "RunSettings", "full_settings", "quick_settings"]

# Bump when the generator changes what it writes: cached datasets are rebuilt.
DATASET_VERSION = 3

_PACKAGE = Path(__file__).resolve().parent.parent  # seedbank/


@dataclass(frozen=True, slots=True)
class DatasetParams:
    """The size of the generated collection; the same parameters give the same rows."""

    custodians: int
    accessions: int
    taxa: int
    lots: int
    seed: int = 2015
    instcode: str = "VEN001"

    def __post_init__(self) -> None:
        if min(self.custodians, self.accessions, self.taxa) < 1:
            raise ValueError("a dataset needs at least one custodian, accession and taxon")
        if self.lots < self.accessions:
            raise ValueError("every accession has at least one lot: lots >= accessions")

    def key(self) -> str:
        """Names the cached dataset: the parameters, the generator version and the schema (migrations)."""
        schema = hashlib.sha256()
        for migration in sorted(_PACKAGE.glob("*/piccolo_migrations/*.py")):
            schema.update(str(migration.relative_to(_PACKAGE)).encode())
            schema.update(migration.read_bytes())
        described = json.dumps(
            {**asdict(self), "version": DATASET_VERSION, "schema": schema.hexdigest()}, sort_keys=True
        )
        return hashlib.sha256(described.encode()).hexdigest()[:12]


FULL = DatasetParams(custodians=48_090, accessions=100_000, taxa=300, lots=1_000_000)
QUICK = DatasetParams(custodians=2_000, accessions=5_000, taxa=60, lots=25_000)


@dataclass(frozen=True, slots=True)
class RunSettings:
    """How long and how hard each scenario measures. Rounds alternate subject and baseline."""

    rounds: int
    load_seconds: float  # one load-generator run (fixed duration)
    warmup_seconds: float
    concurrency: int  # open keep-alive connections of the load generator
    load_processes: int  # load-generator processes sharing the concurrency
    search_repeats: int  # per search case, per round, per side
    generator: str  # "auto" (wrk when on PATH), "python" or "wrk"


def full_settings(generator: str = "auto", load_processes: int = 1) -> RunSettings:
    return RunSettings(
        rounds=3,
        load_seconds=10.0,
        warmup_seconds=2.0,
        concurrency=32,
        load_processes=load_processes,
        search_repeats=30,
        generator=generator,
    )


def quick_settings(generator: str = "auto", load_processes: int = 1) -> RunSettings:
    return RunSettings(
        rounds=2,
        load_seconds=1.5,
        warmup_seconds=0.5,
        concurrency=16,
        load_processes=load_processes,
        search_repeats=5,
        generator=generator,
    )
