"""A bounded schemathesis run against the served OpenAPI document, on both engines.

The real command serves a small demo collection; schemathesis generates requests for
every documented operation (examples, coverage, fuzzing, stateful phases) and checks
that nothing answers 5xx and every response matches what the document promises.
Domain rules the schema cannot express (a date in the future, an unknown SAMPSTAT code)
answer 422, so only "schema-valid input must be accepted" is left out.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from seedbank.db import Database
from tests.conftest import PASSWORD, Engine

BIN = Path(sys.executable).parent
EXAMPLES_PER_OPERATION = 12


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the server did not come up")


async def test_no_generated_request_breaks_the_api(engine: Engine, database: Database, tmp_path: Path) -> None:
    env = {**os.environ, "SEEDBANK_DATABASE_URL": engine.url, "SEEDBANK_LOG_LEVEL": "ERROR"}
    demo = subprocess.run(
        [BIN / "seedbank", "demo", "--accessions", "30", "--no-accounts"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    admin = subprocess.run(
        [BIN / "seedbank", "users", "create", "--email", "st@semillas.test", "--role", "admin", "--password-stdin"],
        env=env,
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert admin.returncode == 0, admin.stdout + admin.stderr
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [BIN / "seedbank", "serve", "--port", str(port)], env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/api/v1/health", server, log)
        issued = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/token", json={"email": "st@semillas.test", "password": PASSWORD}
        )
        assert issued.status_code == 201, issued.text
        token = issued.json()["token"]
        # Revoking the token or disabling the account would lock the main run out: they get a run of their own, last.
        lockouts = ["--include-operation-id", "revokeToken", "--include-operation-id", "updateUser"]
        for selection in (["--exclude-operation-id", "revokeToken", "--exclude-operation-id", "updateUser"], lockouts):
            run = subprocess.run(
                [
                    BIN / "st",
                    "run",
                    f"http://127.0.0.1:{port}/schema/openapi.json",
                    *selection,
                    "--checks",
                    "all",
                    "--exclude-checks",
                    "positive_data_acceptance",
                    "--max-examples",
                    str(EXAMPLES_PER_OPERATION),
                    "--seed",
                    "20261128",
                    "--workers",
                    "2",
                    "--no-color",
                    # Logged in as an admin, so writes are exercised, not just refused.
                    "--header",
                    f"Authorization: Bearer {token}",
                ],
                capture_output=True,
                text=True,
                check=False,
                timeout=600,
            )
            assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
        assert "Traceback" not in log.read_text(), log.read_text()[-4000:]
    finally:
        server.terminate()
        server.wait(timeout=10)
