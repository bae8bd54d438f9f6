"""Load generators compared: the Python generator beside wrk on the constant baseline.

CI machines have no wrk, so the suite's figures there come from the Python generator;
this scenario says how far the two read apart on the same server, so numbers from
either can be put side by side. Skipped where wrk is not on PATH.
"""

from __future__ import annotations

from seedbank.bench.loadgen import LoadRun, wrk_available, wrk_version
from seedbank.bench.results import Figure, Target
from seedbank.bench.scenario import BenchContext, Scenario, ScenarioSkipped
from seedbank.bench.scenarios.api_read import side_of_runs

__all__ = ["LOAD_GENERATORS"]


async def load_generators(ctx: BenchContext) -> list[Figure]:
    if not wrk_available():
        raise ScenarioSkipped("wrk is not on PATH")
    baseline = await ctx.servers.baseline()
    paths = [f"/api/v1/accessions/{accession_id}" for accession_id in ctx.accession_ids("load-generators", 2_000)]
    await ctx.load(baseline, paths, seconds=ctx.settings.warmup_seconds, generator="python")
    runs: dict[str, list[LoadRun]] = {"python": [], "wrk": []}
    for round_number in range(ctx.settings.rounds):
        order = ("wrk", "python") if round_number % 2 == 0 else ("python", "wrk")
        for generator in order:
            runs[generator].append(await ctx.load(baseline, paths, generator=generator))
    python = side_of_runs("python generator", runs["python"])
    wrk = side_of_runs(wrk_version() or "wrk", runs["wrk"])
    ratio = (python.throughput or 0.0) / (wrk.throughput or 1.0)
    return [
        Figure(
            case="constant handler, python vs wrk",
            subject=python,
            baseline=wrk,
            ratio=ratio,
            ratio_means="python generator req/s ÷ wrk req/s",
            targets=[Target("within 15 % of wrk", abs(1 - ratio) <= 0.15)],
            extra={"concurrency": ctx.settings.concurrency, "processes": ctx.settings.load_processes},
        )
    ]


LOAD_GENERATORS = Scenario(
    "load-generators", "the Python load generator vs wrk on the constant handler (needs wrk)", load_generators
)
