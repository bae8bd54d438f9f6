"""The ``seedbank bench`` command (``python -m seedbank.bench``): build or reuse the dataset, run scenarios, report.

``--quick`` runs every scenario on a small dataset in well under two minutes (the test
suite's smoke step); without it the national-scale dataset is built (or reused) and
measured at length. Each engine's run prints a table and writes its JSON to the results
directory; ``--markdown`` prints the README's table from ``latest.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from seedbank.bench.loadgen import wrk_available, wrk_version
from seedbank.bench.measure import cpu_plan
from seedbank.bench.params import FULL, QUICK, DatasetParams, RunSettings, full_settings, quick_settings
from seedbank.bench.results import ScenarioResult, machine_info, markdown_table, terminal_table, write_run
from seedbank.bench.scenario import BenchContext, Scenario, ScenarioSkipped
from seedbank.bench.scenarios import SCENARIOS
from seedbank.bench.servers import ServerPool, uvicorn_settings
from seedbank.bench.store import Dataset, postgres_dataset, postgres_server_url, sqlite_dataset

__all__ = ["main"]

ENGINES = ("sqlite", "postgres")


def _repo_root() -> Path:
    here = Path(__file__).resolve().parents[2]
    return here if (here / "pyproject.toml").exists() else Path.cwd()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seedbank bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small dataset, short runs (the smoke step)")
    parser.add_argument("--engine", choices=[*ENGINES, "all"], default="all", help="default: both")
    parser.add_argument("--scenario", action="append", metavar="NAME", help="run only these (repeatable); see --list")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument("--markdown", action="store_true", help="print latest.json as a Markdown table and exit")
    parser.add_argument("--generator", choices=["auto", "python", "wrk"], default="auto", help="auto: wrk if on PATH")
    parser.add_argument("--load-processes", type=int, default=1, help="Python load generator processes")
    parser.add_argument("--data-dir", type=Path, help="where datasets are kept [bench/data]")
    parser.add_argument("--results-dir", type=Path, help="where results are written [bench/results]")
    parser.add_argument("--rebuild", action="store_true", help="build the dataset again even if one is kept")
    sizes = parser.add_argument_group("dataset size (defaults: national scale, or small with --quick)")
    for name in ("custodians", "accessions", "taxa", "lots", "seed"):
        sizes.add_argument(f"--{name}", type=int)
    timing = parser.add_argument_group("timing")
    timing.add_argument("--rounds", type=int, help="alternating rounds of subject and baseline")
    timing.add_argument("--seconds", type=float, help="length of one load run")
    timing.add_argument("--concurrency", type=int, help="open connections of the load generator")
    return parser


def _params(args: argparse.Namespace) -> DatasetParams:
    base = QUICK if args.quick else FULL
    changes = {name: getattr(args, name) for name in ("custodians", "accessions", "taxa", "lots", "seed")}
    return dataclasses.replace(base, **{name: value for name, value in changes.items() if value is not None})


def _settings(args: argparse.Namespace) -> RunSettings:
    make = quick_settings if args.quick else full_settings
    settings = make(args.generator, args.load_processes)
    changes = {"rounds": args.rounds, "load_seconds": args.seconds, "concurrency": args.concurrency}
    return dataclasses.replace(settings, **{name: value for name, value in changes.items() if value is not None})


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


async def _dataset(engine: str, params: DatasetParams, data_dir: Path, rebuild: bool) -> Dataset:
    if engine == "sqlite":
        return await asyncio.to_thread(sqlite_dataset, data_dir, params, rebuild=rebuild)
    server_url = await asyncio.to_thread(postgres_server_url, data_dir)
    return await postgres_dataset(server_url, params, data_dir, rebuild=rebuild)


async def _postgres_version(url: str) -> str:
    connection = await asyncpg.connect(url)
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


async def _run_scenario(scenario: Scenario, ctx: BenchContext) -> ScenarioResult:
    started = time.perf_counter()
    print(f"  {scenario.name}: {scenario.summary} …", flush=True)
    try:
        figures = await scenario.run(ctx)
    except ScenarioSkipped as skipped:
        return ScenarioResult(
            scenario.name, scenario.summary, "skipped", time.perf_counter() - started, [], str(skipped)
        )
    except Exception as error:
        traceback.print_exc()
        detail = f"{type(error).__name__}: {error}"
        return ScenarioResult(scenario.name, scenario.summary, "failed", time.perf_counter() - started, [], detail)
    return ScenarioResult(scenario.name, scenario.summary, "ok", time.perf_counter() - started, figures)


async def _run_engine(
    engine: str, args: argparse.Namespace, scenarios: list[Scenario], data_dir: Path, results_dir: Path
) -> bool:
    params, settings = _params(args), _settings(args)
    started_at = dt.datetime.now(dt.UTC)
    print(f"== {engine}: dataset {params.custodians:,} custodians, {params.accessions:,} accessions, "
          f"{params.taxa} taxa, {params.lots:,} lots (key {params.key()})", flush=True)  # fmt: skip
    dataset = await _dataset(engine, params, data_dir, args.rebuild)
    build = dataset.build
    how = "kept from an earlier run, built" if dataset.cached else "built"
    print(f"   {how} in {build.total_seconds:.1f} s (load {build.load_seconds:.1f} s), "
          f"loader peak RSS {build.peak_rss_mb:.0f} MB, rows {build.rows}", flush=True)  # fmt: skip
    cpus = cpu_plan()
    if cpus.generator and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cpus.generator)  # this process measures too: keep it off the server's CPUs
    generator = settings.generator if settings.generator != "auto" else ("wrk" if wrk_available() else "python")
    servers = ServerPool(dataset.url, cpus.server)
    ctx = BenchContext(engine, dataset, settings, args.quick, cpus, servers, generator, seed=params.seed)
    results: list[ScenarioResult] = []
    try:
        for scenario in scenarios:
            results.append(await _run_scenario(scenario, ctx))
    finally:
        servers.stop()
    print()
    print(terminal_table(engine, results))
    print()
    run: dict[str, Any] = {
        "schema": 1,
        "engine": engine,
        "quick": args.quick,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "postgres_version": await _postgres_version(dataset.url) if engine == "postgres" else None,
        "load_generator": {"used": generator, "wrk": wrk_version()},
        "uvicorn": uvicorn_settings(),
        "cpus": {"server": list(cpus.server), "generator": list(cpus.generator)},
        "parameters": dataclasses.asdict(params),
        "settings": dataclasses.asdict(settings),
        "dataset": {
            "key": params.key(),
            "url": _redacted(dataset.url),
            "cached": dataset.cached,
            "build": build.to_json(),
        },
        "notes": ctx.notes,
        "scenarios": [dataclasses.asdict(result) for result in results],
    }
    path = write_run(results_dir, run)
    print(f"   written to {path}", flush=True)
    return all(result.status != "failed" for result in results)


async def _main(args: argparse.Namespace) -> int:
    root = _repo_root()
    data_dir = args.data_dir or root / "bench" / "data"
    results_dir = args.results_dir or root / "bench" / "results"
    wanted = set(args.scenario or [])
    unknown = wanted - {scenario.name for scenario in SCENARIOS}
    if unknown:
        print(f"unknown scenario(s): {', '.join(sorted(unknown))} (see --list)", file=sys.stderr)
        return 2
    scenarios = [scenario for scenario in SCENARIOS if not wanted or scenario.name in wanted]
    engines = ENGINES if args.engine == "all" else (args.engine,)
    ok = True
    for engine in engines:
        ok = await _run_engine(engine, args, scenarios, data_dir, results_dir) and ok
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.list:
        for scenario in SCENARIOS:
            print(f"{scenario.name:20} {scenario.summary}")
        return 0
    if args.markdown:
        latest = (args.results_dir or _repo_root() / "bench" / "results") / "latest.json"
        print(markdown_table(json.loads(latest.read_text())["runs"]))
        return 0
    return asyncio.run(_main(args))
