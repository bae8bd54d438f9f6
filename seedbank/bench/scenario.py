"""The scenario contract: what a scenario is given (``BenchContext``) and what it is (``Scenario``).

A scenario is an async function ``(BenchContext) -> list[Figure]`` with a name and a one-line
summary, listed in ``seedbank.bench.scenarios.SCENARIOS``. It runs once per engine, on the
dataset of that engine, and may start the shared servers (``ctx.servers.subject()``,
``ctx.servers.baseline()``), drive load (``ctx.load(...)``) or time raw statements
itself. Raise ``ScenarioSkipped`` when it cannot run here (a tool missing); any other
exception marks it failed and the run exits non-zero.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from seedbank.bench.loadgen import LoadRun, run_load
from seedbank.bench.measure import CpuPlan
from seedbank.bench.params import RunSettings
from seedbank.bench.results import Figure
from seedbank.bench.servers import HOST, Server, ServerPool
from seedbank.bench.store import Dataset

__all__ = ["BenchContext", "Scenario", "ScenarioRun", "ScenarioSkipped"]


class ScenarioSkipped(Exception):
    """The scenario cannot run on this machine or engine; the message says why."""


@dataclass(slots=True)
class BenchContext:
    """Everything a scenario needs for one engine."""

    engine: str  # "sqlite" or "postgres"
    dataset: Dataset
    settings: RunSettings
    quick: bool
    cpus: CpuPlan
    servers: ServerPool
    generator: str  # the load generator in use: "wrk" or "python"
    seed: int = 2015
    notes: list[str] = field(default_factory=list)  # run-wide remarks, kept in the JSON

    def rng(self, scenario: str) -> random.Random:
        """A generator of its own per scenario: adding a scenario never shifts another's choices."""
        return random.Random(f"{self.seed}:{scenario}")  # noqa: S311  (repeatable picks, not secrets)

    def accession_ids(self, scenario: str, count: int) -> list[int]:
        """Random accession ids that exist (the generator numbers them 1..N)."""
        rng = self.rng(scenario)
        return [rng.randint(1, self.dataset.params.accessions) for _ in range(count)]

    async def load(
        self, server: Server, paths: Sequence[str], *, seconds: float | None = None, generator: str | None = None
    ) -> LoadRun:
        """One fixed-duration, fixed-concurrency load run against a server (off the event loop)."""
        return await asyncio.to_thread(
            run_load,
            generator or self.generator,
            HOST,
            server.port,
            paths,
            concurrency=self.settings.concurrency,
            seconds=seconds if seconds is not None else self.settings.load_seconds,
            processes=self.settings.load_processes,
            cpus=self.cpus.generator,
        )


ScenarioRun = Callable[[BenchContext], Awaitable[list[Figure]]]


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    summary: str
    run: ScenarioRun
