"""The command line, run as people run it (a subprocess), on both engines: import, export, check, backup, restore.

Also the promise that matters most: killing an import half-way leaves the database exactly as it was.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from seedbank.catalog.mcpd_benchmark import write_generated_file
from seedbank.db import Database
from tests.conftest import Engine
from tests.integration.test_mcpd_import import BAD_FILE, SAMPLE, everything

BIN = Path(sys.executable).parent


def env_for(engine: Engine) -> dict[str, str]:
    return {**os.environ, "SEEDBANK_DATABASE_URL": engine.url, "SEEDBANK_LOG_LEVEL": "ERROR", "COLUMNS": "100"}


def seedbank(engine: Engine, *args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "seedbank", *map(str, args)],
        env=env_for(engine),
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


async def test_help_reads_like_a_tour(engine: Engine) -> None:
    result = seedbank(engine, "--help")
    assert result.returncode == 0
    text = result.stdout
    sections = ["Run it:", "Passport data in and out:", "People and places:", "Look after it:"]
    assert [text.index(section) for section in sections] == sorted(text.index(section) for section in sections)
    assert text.index("  serve") < text.index("  migrate") < text.index("  demo") < text.index("  import")
    assert "Exit codes: 0 done; 1 problems found" in text
    for command in ("import mcpd", "export mcpd", "check", "backup", "restore"):
        assert seedbank(engine, *command.split(), "--help").returncode == 0, command


async def test_import_dry_run_then_load_then_nothing_to_do(engine: Engine, database: Database, tmp_path: Path) -> None:
    before = await everything(database)
    dry = seedbank(engine, "import", "mcpd", SAMPLE, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "checked (dry run: nothing written)" in dry.stdout
    assert "would be inserted: 6" in dry.stdout
    assert await everything(database) == before
    loaded = seedbank(engine, "import", "mcpd", SAMPLE, "--json")
    assert loaded.returncode == 0, loaded.stderr
    report = json.loads(loaded.stdout)
    assert (report["outcome"], report["counts"]["inserted"], report["file_name"]) == ("loaded", 6, SAMPLE.name)
    again = json.loads(seedbank(engine, "import", "mcpd", SAMPLE, "--json").stdout)
    assert (again["counts"]["unchanged"], again["import_id"]) == (6, None)
    from_stdin = seedbank(engine, "import", "mcpd", "-", "--dry-run", "--json", stdin=SAMPLE.read_bytes())
    assert json.loads(from_stdin.stdout)["counts"]["unchanged"] == 6


async def test_a_file_with_errors_exits_1_and_every_problem_is_written_out(
    engine: Engine, database: Database, tmp_path: Path
) -> None:
    bad = tmp_path / "malo.csv"
    bad.write_bytes(BAD_FILE)
    before = await everything(database)
    for suffix in ("csv", "json"):
        out = tmp_path / f"problemas.{suffix}"
        result = seedbank(engine, "import", "mcpd", bad, "--problems-out", out)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "refused (nothing written: the file has errors)" in result.stdout
        if suffix == "csv":
            problems = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
        else:
            problems = json.loads(out.read_text(encoding="utf-8"))
        assert {(str(p["row"]), str(p["line"]), p["column"], p["value"]) for p in problems} == {
            ("2", "3", "SAMPSTAT", "301"),
            ("2", "3", "COLLDATE", "19811332"),
        }
    assert await everything(database) == before
    clean_only = seedbank(engine, "import", "mcpd", bad, "--clean-only", "--json")
    assert clean_only.returncode == 1  # loaded the rest, but the file had errors
    assert json.loads(clean_only.stdout)["counts"]["inserted"] == 2
    assert seedbank(engine, "import", "mcpd", tmp_path / "no-such.csv").returncode == 2
    assert seedbank(engine, "import", "mcpd", SAMPLE, "--steward", "999").returncode == 2


async def test_export_to_a_file_with_the_completeness_summary(
    engine: Engine, database: Database, tmp_path: Path
) -> None:
    assert seedbank(engine, "import", "mcpd", SAMPLE).returncode == 0
    out = tmp_path / "exportado.csv"
    result = seedbank(engine, "export", "mcpd", "-o", out, "--no-extensions", "--genus", "Zea")
    assert result.returncode == 0, result.stderr
    assert "exported 6 accessions" in result.stderr
    assert "PDCI (0–10): mean 7.95" in result.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 6
    assert "ACCESSTERMS" not in rows[0]
    to_stdout = seedbank(engine, "export", "mcpd", "--crop", "maiz", "--json")
    assert len(to_stdout.stdout.splitlines()) == 7
    assert json.loads(to_stdout.stderr)["accessions"] == 6
    assert seedbank(engine, "export", "mcpd", "--near", "10,-66").returncode == 2  # a radius is needed


async def test_check_finds_what_is_wrong(engine: Engine, database: Database) -> None:
    assert seedbank(engine, "demo", "--accessions", "12", "--no-accounts").returncode == 0
    assert seedbank(engine, "import", "mcpd", SAMPLE).returncode == 0
    ok = seedbank(engine, "check", "--json")
    assert ok.returncode == 0, ok.stdout
    assert json.loads(ok.stdout)["ok"] is True
    lot = await database.fetch_one("SELECT id, lot_code FROM lot ORDER BY id LIMIT 1")
    assert lot is not None
    await database.fetch("UPDATE lot SET on_hand = on_hand + 7 WHERE id = {}", lot["id"])  # behind the ledger's back
    await database.fetch("DELETE FROM accession_term WHERE accession = (SELECT MIN(id) FROM accession)")
    await database.fetch("UPDATE number_sequence SET value = 1 WHERE name = 'accession:VEN001'")
    broken = seedbank(engine, "check")
    assert broken.returncode == 1
    assert "lot-stock" in broken.stdout
    assert f"{lot['lot_code']}: on hand" in broken.stdout
    report = json.loads(seedbank(engine, "check", "--json").stdout)
    failed = {check["name"] for check in report["checks"] if check["problems"]}
    assert failed == {"lot-stock", "accession-terms", "sequences"}


async def test_backup_and_restore(engine: Engine, database: Database, tmp_path: Path) -> None:
    backup = tmp_path / "copia.sqlite"
    if engine.name == "postgres":
        result = seedbank(engine, "backup", backup)
        assert result.returncode == 2
        assert "pg_dump --format=custom" in result.stderr
        assert "pg_restore" in seedbank(engine, "restore", SAMPLE).stderr
        return
    assert seedbank(engine, "import", "mcpd", SAMPLE).returncode == 0
    before = await everything(database)
    made = seedbank(engine, "backup", backup, "--quiet")
    assert made.returncode == 0, made.stderr
    assert seedbank(engine, "backup", backup, "--quiet").returncode == 2  # no overwriting without --force
    assert seedbank(engine, "import", "mcpd", bad_file(tmp_path), "--clean-only").returncode == 1
    assert await everything(database) != before
    refused = seedbank(engine, "restore", backup, "--quiet")
    assert refused.returncode == 2
    assert "--force" in refused.stderr
    assert seedbank(engine, "restore", SAMPLE, "--force", "--quiet").returncode == 2  # not a backup
    restored = seedbank(engine, "restore", backup, "--force", "--quiet")
    assert restored.returncode == 0, restored.stderr
    assert "the database it replaced is kept at" in restored.stdout
    assert await everything(database) == before  # seen through a connection opened before the restore
    database_file = Path(engine.url.removeprefix("sqlite:///"))
    assert list(database_file.parent.glob(f"{database_file.name}.before-restore-*"))
    assert seedbank(engine, "check").returncode == 0


def bad_file(tmp_path: Path) -> Path:
    bad = tmp_path / "malo.csv"
    bad.write_bytes(BAD_FILE)
    return bad


async def test_killing_an_import_half_way_leaves_the_database_as_it_was(
    engine: Engine, database: Database, tmp_path: Path
) -> None:
    assert seedbank(engine, "import", "mcpd", SAMPLE).returncode == 0  # something to keep
    before = await everything(database)
    big = write_generated_file(tmp_path / "grande.csv", 60_000, seed=9)
    process = subprocess.Popen(
        [BIN / "seedbank", "import", "mcpd", str(big)],
        env=env_for(engine),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 300
        read = 0
        while read < 10_000:  # ten batches written (uncommitted) at least
            line = process.stderr.readline()
            assert line, f"the import ended before it could be killed (exit {process.wait()})"
            if line.strip().endswith("rows read"):
                read = int(line.split()[0])
            assert time.monotonic() < deadline
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
    assert await _settled(database, before) == before
    assert seedbank(engine, "check").returncode == 0
    again = seedbank(engine, "import", "mcpd", SAMPLE, "--json")  # nothing left locked
    assert json.loads(again.stdout)["counts"]["unchanged"] == 6


async def _settled(database: Database, expected: dict[str, Any]) -> dict[str, Any]:
    """What the database holds once the killed connection is gone (PostgreSQL notices within moments)."""
    for _ in range(50):
        now = await everything(database)
        if now == expected:
            return now
        time.sleep(0.1)
    return now


@pytest.mark.parametrize("args", [("import", "mcpd"), ("export", "mcpd", "--state")])
async def test_usage_errors_exit_2(engine: Engine, args: tuple[str, ...]) -> None:
    assert seedbank(engine, *args).returncode == 2
