"""API read: ``GET /api/v1/accessions/{id}`` under uvicorn beside a bare Litestar handler returning a constant.

The servers run with the same uvicorn settings on the same CPUs; the load generator
keeps a fixed number of keep-alive connections busy for a fixed time, cycling through
random accession ids, and the servers are measured in alternating rounds. Figures
are medians over rounds. Target: the API serves at least half the baseline's requests/s,
and the server stays under 200 MB of resident memory.

A third server, for reference (no target): the same route and SELECT run by the driver
alone (``raw_read_app``), returning the row as the driver gives it. It shows what this
engine allows a handler on this machine, and how much of the gap is the app's own.
"""

from __future__ import annotations

import json

from seedbank.bench.loadgen import HttpClient, LoadRun
from seedbank.bench.measure import median, process_cpu_seconds
from seedbank.bench.results import Figure, Side, Target
from seedbank.bench.scenario import BenchContext, Scenario
from seedbank.bench.servers import HOST, Server, uvicorn_settings

__all__ = ["API_READ", "measured_load", "side_of_runs"]

THROUGHPUT_TARGET = 0.5  # of the baseline's requests/s
RSS_TARGET_MB = 200.0


def side_of_runs(label: str, runs: list[LoadRun], cpu_us: list[float] | None = None) -> Side:
    """Medians over rounds of each round's median, p95 and requests/s (and server CPU per request, when read)."""
    rounds = [run.summary() for run in runs]
    for summary, cost in zip(rounds, cpu_us or [], strict=False):
        summary["server_cpu_us_per_request"] = round(cost, 1)
    return Side(
        label=label,
        median_ms=median([run.p50_ms for run in runs]),
        p95_ms=median([run.p95_ms for run in runs]),
        throughput=median([run.throughput for run in runs]),
        samples=sum(run.requests for run in runs),
        rounds=tuple(rounds),
    )


async def measured_load(ctx: BenchContext, server: Server, paths: list[str]) -> tuple[LoadRun, float | None]:
    """One load run and the server's CPU time per request during it (immune to waiting for a CPU)."""
    before = process_cpu_seconds(server.pid)
    run = await ctx.load(server, paths)
    after = process_cpu_seconds(server.pid)
    if before is None or after is None or not run.requests:
        return run, None
    return run, (after - before) / run.requests * 1e6


async def _response_size(server: Server, path: str, expected_id: int | None) -> int:
    """Read once, checked: a broken app must not be measured as a fast one."""
    client = HttpClient(HOST, server.port)
    try:
        status, body, _ = await client.get(path)
    finally:
        await client.close()
    if status != 200:
        raise RuntimeError(f"{server.name} answered {status} to GET {path}: {body[:300]!r}")
    if expected_id is not None and json.loads(body)["id"] != expected_id:
        raise RuntimeError(f"GET {path} returned another accession")
    return len(body)


async def api_read(ctx: BenchContext) -> list[Figure]:
    subject = await ctx.servers.subject()
    baseline = await ctx.servers.baseline()
    raw = await ctx.servers.raw_read()
    ids = ctx.accession_ids("api-read", 2_000)
    paths = [f"/api/v1/accessions/{accession_id}" for accession_id in ids]
    sizes = {
        "subject": await _response_size(subject, paths[0], ids[0]),
        "baseline": await _response_size(baseline, paths[0], None),
        "raw-driver": await _response_size(raw, paths[0], ids[0]),
    }
    subject.reset_peak()
    servers = (baseline, subject, raw)
    for server in servers:  # warm caches and allocators before anything counts
        await ctx.load(server, paths, seconds=ctx.settings.warmup_seconds)
    runs: dict[str, list[LoadRun]] = {server.name: [] for server in servers}
    cpu: dict[str, list[float]] = {server.name: [] for server in servers}
    for round_number in range(ctx.settings.rounds):
        order = servers if round_number % 2 == 0 else servers[::-1]
        for server in order:
            run, cost = await measured_load(ctx, server, paths)
            if run.errors:
                raise RuntimeError(f"{server.name}: {run.errors} failed requests in a load run")
            runs[server.name].append(run)
            if cost is not None:
                cpu[server.name].append(cost)
    measured = side_of_runs("GET /accessions/{id}", runs["subject"], cpu["subject"])
    constant = side_of_runs("constant handler", runs["baseline"], cpu["baseline"])
    driver = side_of_runs("same SELECT, driver only", runs["raw-driver"], cpu["raw-driver"])
    ratio = (measured.throughput or 0.0) / (constant.throughput or 1.0)
    driver_ratio = (driver.throughput or 0.0) / (constant.throughput or 1.0)
    of_driver = (measured.throughput or 0.0) / (driver.throughput or 1.0)
    cpu_us = {name: median(costs) if costs else None for name, costs in cpu.items()}
    peak = subject.peak_rss_mb()
    return [
        Figure(
            case="GET /accessions/{id}",
            subject=measured,
            baseline=constant,
            ratio=ratio,
            ratio_means="API req/s ÷ constant handler req/s",
            targets=[
                Target(f"≥ {THROUGHPUT_TARGET:.0%} of baseline req/s", ratio >= THROUGHPUT_TARGET),
                Target(f"server RSS < {RSS_TARGET_MB:.0f} MB", None if peak is None else peak < RSS_TARGET_MB),
            ],
            peak_rss_mb=peak,
            extra={
                "generator": ctx.generator,
                "concurrency": ctx.settings.concurrency,
                "seconds_per_run": ctx.settings.load_seconds,
                "rounds": ctx.settings.rounds,
                "response_bytes": sizes,
                "server_cpu_us_per_request": cpu_us,
                # The throughput ratio as CPU cost sees it: steadier than req/s when the machine is shared.
                "cpu_ratio": (cpu_us["baseline"] / cpu_us["subject"])
                if cpu_us["subject"] and cpu_us["baseline"]
                else None,
                "uvicorn": uvicorn_settings(),
                "cpus": {"server": list(ctx.cpus.server), "generator": list(ctx.cpus.generator)},
                "baseline_peak_rss_mb": baseline.peak_rss_mb(),
                "raw_driver_ratio": driver_ratio,
                "of_raw_driver": of_driver,
            },
        ),
        Figure(
            case="raw driver, same SELECT (reference)",
            subject=driver,
            baseline=constant,
            ratio=driver_ratio,
            ratio_means="raw-driver handler req/s ÷ constant handler req/s",
            notes=[f"no target: the most a handler doing this read serves here; the API serves {of_driver:.0%} of it"],
            extra={"server_cpu_us_per_request": cpu_us["raw-driver"], "response_bytes": sizes["raw-driver"]},
        ),
    ]


API_READ = Scenario("api-read", "GET /accessions/{id} under load vs a constant Litestar handler", api_read)
