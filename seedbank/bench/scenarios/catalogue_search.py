"""Catalogue search: the API's ``GET /accessions`` beside the same query written by hand, on the same database.

Each case is what a farmer asks: words, a crop, seed available (and, once the API has
it, "within 50 km of here"). The API is called over HTTP on one keep-alive connection,
one request at a time; the hand-written SQL (``search_sql``) runs on a plain driver
connection in this process; the two alternate request by request, and their first pages
must hold the same accessions. Targets: p95 under 25 ms (set for SQLite, shown for both)
and at most twice the raw SQL.

"Within 50 km": when the served OpenAPI document lists ``near`` and ``within_km`` on
``searchAccessions`` (or ``API_SUPPORTS_NEAR`` says so), the same cases also run with
the geographic filter on both sides (``_near_params`` spells it); otherwise the
geographic SQL is timed alone, so its cost is known before the API has it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import asyncpg

from seedbank.bench.loadgen import HttpClient
from seedbank.bench.measure import median, percentile, process_cpu_seconds
from seedbank.bench.results import Figure, Side, Target
from seedbank.bench.scenario import BenchContext, Scenario
from seedbank.bench.scenarios.search_sql import ensure_sqlite_math, near_query, search_query
from seedbank.bench.servers import HOST
from seedbank.db.database import EngineKind, compile_sql, sqlite_path

__all__ = ["API_SUPPORTS_NEAR", "CASES", "CATALOGUE_SEARCH", "SearchCase"]

API_SUPPORTS_NEAR: bool | None = None  # None: read it from the served OpenAPI document
P95_TARGET_MS = 25.0
RATIO_TARGET = 2.0
PAGE = 50  # the API's default page size


@dataclass(frozen=True, slots=True)
class SearchCase:
    """Words, a crop, seed available, near a place."""

    q: str
    crop: str
    place: str
    latitude: float
    longitude: float
    within_km: float = 50.0

    def label(self, near: bool) -> str:
        where = f" ≤{self.within_km:.0f} km {self.place}" if near else ""
        return f"q={self.q} crop={self.crop} available{where}"

    def api_path(self, near: bool) -> str:
        params = {"q": self.q, "crop": self.crop, "has_available_seed": "true", "limit": str(PAGE)}
        if near:
            params |= _near_params(self)
        return "/api/v1/accessions?" + urlencode(params)

    def sql(self, near: bool, *, radius_factor: float = 1.0, limit: int = PAGE) -> tuple[str, list[Any]]:
        if near:
            radius = self.within_km * radius_factor
            return near_query(self.q, self.crop, self.latitude, self.longitude, radius, limit)
        return search_query(self.q, self.crop, limit)


def _near_params(case: SearchCase) -> dict[str, str]:
    """How the API spells the geographic filter: held (with seed available) by custodians within the radius."""
    return {"near": f"{case.latitude},{case.longitude}", "within_km": f"{case.within_km:g}", "by": "holders"}


async def _api_supports_near(client: HttpClient) -> bool:
    """Does ``GET /accessions`` take near/within_km/by? Read from the served OpenAPI document."""
    if API_SUPPORTS_NEAR is not None:
        return API_SUPPORTS_NEAR
    status, body, _ = await client.get("/schema/openapi.json")
    if status != 200:
        return False
    for methods in json.loads(body).get("paths", {}).values():
        operation = methods.get("get", {})
        if operation.get("operationId") == "searchAccessions":
            names = {parameter.get("name") for parameter in operation.get("parameters", [])}
            return {"near", "within_km", "by"} <= names
    return False


CASES: tuple[SearchCase, ...] = (
    SearchCase("cariaco", "maíz", "Sanare", 9.75, -69.65),
    SearchCase("maiz", "maíz", "Barquisimeto", 10.07, -69.32),
    SearchCase("negra", "caraota", "Boconó", 9.25, -70.25),
    SearchCase("rosita", "ají dulce", "Cumaná", 10.45, -64.17),
    SearchCase("amarillo criollo", "maíz", "Mérida", 8.59, -71.14),
)

RawQuery = Callable[[str, list[Any]], Awaitable[list[Any]]]


async def _raw_runner(ctx: BenchContext) -> tuple[RawQuery, Callable[[str, list[Any]], Awaitable[list[str]]], Any]:
    """A driver connection to the dataset: (run a query, explain it, the connection to close)."""
    if ctx.engine == "sqlite":
        connection = sqlite3.connect(sqlite_path(ctx.dataset.url), check_same_thread=False)
        connection.execute("PRAGMA query_only = ON")
        native = ensure_sqlite_math(connection)
        if not native:
            ctx.notes.append("SQLite lacks math functions: the raw geographic query used Python ones")

        async def run_sqlite(sql: str, args: list[Any]) -> list[Any]:
            return connection.execute(compile_sql(sql, EngineKind.SQLITE), args).fetchall()

        async def explain_sqlite(sql: str, args: list[Any]) -> list[str]:
            plan = connection.execute("EXPLAIN QUERY PLAN " + compile_sql(sql, EngineKind.SQLITE), args).fetchall()
            return [str(row[-1]) for row in plan]

        return run_sqlite, explain_sqlite, connection
    pg = await asyncpg.connect(ctx.dataset.url)

    async def run_postgres(sql: str, args: list[Any]) -> list[Any]:
        return list(await pg.fetch(compile_sql(sql, EngineKind.POSTGRES), *args))

    async def explain_postgres(sql: str, args: list[Any]) -> list[str]:
        rows = await pg.fetch("EXPLAIN " + compile_sql(sql, EngineKind.POSTGRES), *args)
        return [str(row[0]) for row in rows]

    return run_postgres, explain_postgres, pg


async def _close(connection: Any) -> None:
    if isinstance(connection, sqlite3.Connection):
        connection.close()
    else:
        await connection.close()


def _side(label: str, seconds: list[float], rounds: list[list[float]]) -> Side:
    ms = [value * 1000 for value in seconds]
    per_round = tuple(
        {"median_ms": round(median(r) * 1000, 3), "p95_ms": round(percentile(r, 95) * 1000, 3)} for r in rounds if r
    )
    total = sum(seconds)
    return Side(label, median(ms), percentile(ms, 95), len(ms) / total if total else None, len(ms), per_round)


@dataclass(slots=True)
class _Timings:
    """Per case: seconds per request, per round, for each side; CPU seconds spent by each side."""

    api: list[list[float]] = field(default_factory=list)
    sql: list[list[float]] = field(default_factory=list)
    server_cpu: float = 0.0  # the API server's, over all its requests
    sql_cpu: float = 0.0  # this thread's, over all raw queries (SQLite: the query itself)


# The API measures on the WGS-84 ellipsoid, the SQL on a sphere: they may differ by up to ~0.6 % of
# the distance, so near a point a holder at the edge of the radius may count on one side only.
_EDGE = 0.007


async def _first_pages_agree(client: HttpClient, run_raw: RawQuery, case: SearchCase, near: bool, api: bool) -> int:
    """Both sides find the same first page (checked once, before timing); its length.

    Near a point, the API's page must lie between the SQL's answers for a radius 0.7 % smaller
    and 0.7 % larger: the same accessions but for holders right at the edge.
    """
    sql, args = case.sql(near)
    rows = await run_raw(sql, args)
    if not api:
        return min(len(rows), PAGE)
    status, body, _ = await client.get(case.api_path(near))
    if status != 200:
        raise RuntimeError(f"GET {case.api_path(near)} answered {status}: {body[:300]!r}")
    found = [item["id"] for item in json.loads(body)["items"]]
    expected = [row[0] for row in rows[:PAGE]]
    if found == expected:
        return len(found)
    if near and found:
        inner = await run_raw(*case.sql(near, radius_factor=1 - _EDGE))
        outer = await run_raw(*case.sql(near, radius_factor=1 + _EDGE, limit=4 * PAGE))
        keys = {row[0]: (row[2], row[0]) for row in outer}
        last = keys.get(found[-1])
        if (
            last is not None
            and set(found) <= set(keys)
            and all(row[0] in found for row in inner if (row[2], row[0]) <= last)
        ):
            return len(found)
    raise RuntimeError(f"{case.label(near)}: the API and the SQL disagree ({found} vs {expected})")


async def _time_round(
    ctx: BenchContext, client: HttpClient, run_raw: RawQuery, pid: int, case: SearchCase, near: bool, api: bool
) -> tuple[list[float], list[float], float, float]:
    """One round of one case: API and SQL alternate request by request (who goes first alternates too)."""
    sql, args = case.sql(near)
    path = case.api_path(near)
    api_times: list[float] = []
    sql_times: list[float] = []
    sql_cpu = 0.0
    server_before = process_cpu_seconds(pid) or 0.0
    for repeat in range(ctx.settings.search_repeats):
        for side in ("api", "sql") if repeat % 2 == 0 else ("sql", "api"):
            if side == "api" and api:
                status, _, seconds = await client.get(path)
                if status != 200:
                    raise RuntimeError(f"GET {path} answered {status}")
                api_times.append(seconds)
            elif side == "sql":
                started, cpu_started = time.perf_counter(), time.thread_time()
                await run_raw(sql, args)
                sql_times.append(time.perf_counter() - started)
                sql_cpu += time.thread_time() - cpu_started
    # Only API requests make the server work: its CPU time over the round is theirs.
    server_cpu = (process_cpu_seconds(pid) or 0.0) - server_before
    return api_times, sql_times, server_cpu, sql_cpu


async def catalogue_search(ctx: BenchContext) -> list[Figure]:
    subject = await ctx.servers.subject()
    subject.reset_peak()
    run_raw, explain, connection = await _raw_runner(ctx)
    client = HttpClient(HOST, subject.port)
    figures: list[Figure] = []
    try:
        geo_api = await _api_supports_near(client)
        for near in (False, True):
            api = geo_api or not near
            timings = {case: _Timings() for case in CASES}
            extras: dict[SearchCase, dict[str, Any]] = {}
            for case in CASES:
                sql, args = case.sql(near)
                matches = await _first_pages_agree(client, run_raw, case, near, api)
                extras[case] = {"matches_on_first_page": matches, "plan": await explain(sql, args)}
            for _ in range(ctx.settings.rounds):
                for case in CASES:
                    api_times, sql_times, server_cpu, sql_cpu = await _time_round(
                        ctx, client, run_raw, subject.pid, case, near, api
                    )
                    timing = timings[case]
                    timing.api.append(api_times)
                    timing.sql.append(sql_times)
                    timing.server_cpu += server_cpu
                    timing.sql_cpu += sql_cpu
            figures += _figures(ctx, near, api, timings, extras, subject.peak_rss_mb())
    finally:
        await client.close()
        await _close(connection)
    return figures


def _figures(
    ctx: BenchContext,
    near: bool,
    api: bool,
    timings: dict[SearchCase, _Timings],
    extras: dict[SearchCase, dict[str, Any]],
    peak: float | None,
) -> list[Figure]:
    figures: list[Figure] = []
    pooled: dict[str, list[float]] = {"api": [], "sql": []}
    for case, timing in timings.items():
        rounds = {"api": timing.api, "sql": timing.sql}
        flat = {side: [value for run in runs for value in run] for side, runs in rounds.items()}
        pooled["api"] += flat["api"]
        pooled["sql"] += flat["sql"]
        extra = dict(extras[case])
        if api and flat["api"]:
            extra["server_cpu_ms_per_request"] = round(timing.server_cpu / len(flat["api"]) * 1000, 3)
        if ctx.engine == "sqlite" and flat["sql"]:  # on PostgreSQL the query's CPU is the database server's
            extra["sql_cpu_ms_per_query"] = round(timing.sql_cpu / len(flat["sql"]) * 1000, 3)
        figures.append(_figure(case.label(near), flat, rounds, api, peak, extra))
    label = "all cases" + (" ≤50 km" if near else "")
    summary = _figure(label, pooled, {"api": [pooled["api"]], "sql": [pooled["sql"]]}, api, peak, {})
    summary.extra["cases"] = len(timings)
    figures.append(summary)
    if near and not api:
        for figure in figures:
            figure.notes.append("raw SQL only: the served API has no near/within_km/by")
    return figures


def _figure(
    label: str,
    flat: dict[str, list[float]],
    rounds: dict[str, list[list[float]]],
    api: bool,
    peak: float | None,
    extra: dict[str, Any],
) -> Figure:
    raw = _side("hand-written SQL", flat["sql"], rounds["sql"])
    if not api:
        return Figure(case=label, subject=Side("API (pending)"), baseline=raw, extra=extra)
    measured = _side("GET /accessions", flat["api"], rounds["api"])
    ratio = (measured.median_ms or 0.0) / raw.median_ms if raw.median_ms else None
    p95 = measured.p95_ms
    return Figure(
        case=label,
        subject=measured,
        baseline=raw,
        ratio=ratio,
        ratio_means="API median ÷ SQL median",
        targets=[
            Target(f"p95 < {P95_TARGET_MS:.0f} ms", None if p95 is None else p95 < P95_TARGET_MS),
            Target(f"≤ {RATIO_TARGET:.0f}× SQL", None if ratio is None else ratio <= RATIO_TARGET),
        ],
        peak_rss_mb=peak,
        extra={
            **extra,
            "p95_ratio": (p95 / raw.p95_ms) if p95 and raw.p95_ms else None,
        },
    )


CATALOGUE_SEARCH = Scenario(
    "catalogue-search",
    "GET /accessions (text + crop + available, then within 50 km) vs the same query as hand-written SQL",
    catalogue_search,
)
