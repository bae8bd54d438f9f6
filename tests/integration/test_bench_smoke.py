"""The benchmark harness never rots: ``python -m seedbank.bench --quick`` runs every scenario on each engine.

It builds the small dataset in a temporary directory (PostgreSQL: a database of its own
on the test session's server), serves it under uvicorn, and must exit 0 with a JSON
result naming every registered scenario. Figures are not judged here: a CI machine's
speed is nobody's target.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seedbank.bench.scenarios import SCENARIOS
from tests.conftest import Engine

# Scenarios that need a tool the machine may lack report "skipped"; these must run everywhere.
ALWAYS_RUN = {"api-read", "catalogue-search"}


def test_quick_bench_runs_every_scenario(engine: Engine, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    env = {**os.environ}
    if engine.name == "postgres":
        env["SEEDBANK_BENCH_POSTGRES_URL"] = request.getfixturevalue("postgres_server_url")
    results = tmp_path / "results"
    command = [sys.executable, "-m", "seedbank.bench", "--quick", "--engine", engine.name]
    command += ["--data-dir", str(tmp_path / "data"), "--results-dir", str(results)]

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)

    assert finished.returncode == 0, finished.stdout[-6000:] + finished.stderr[-6000:]
    (written,) = results.glob(f"*-{engine.name}-quick.json")
    run = json.loads(written.read_text())
    statuses = {scenario["name"]: scenario["status"] for scenario in run["scenarios"]}
    assert set(statuses) == {scenario.name for scenario in SCENARIOS}
    assert all(status in ("ok", "skipped") for status in statuses.values()), statuses
    assert all(statuses[name] == "ok" for name in ALWAYS_RUN), statuses
    for scenario in run["scenarios"]:
        for figure in scenario["figures"]:
            assert figure["subject"]["median_ms"] is not None or figure["baseline"]["median_ms"] is not None
    assert run["machine"]["versions"]["litestar"]
    assert run["dataset"]["build"]["rows"]["lot"] == run["parameters"]["lots"]
    latest = json.loads((results / "latest.json").read_text())
    assert f"{engine.name}-quick" in latest["runs"]
