"""latest.json: a run of some scenarios replaces only those, on the same dataset; the table says why one was skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from seedbank.bench.results import ScenarioResult, terminal_table, write_run


def _run(key: str, started: str, *names: str) -> dict[str, Any]:
    scenarios = [{"name": name, "summary": "", "status": "ok", "seconds": 1.0, "figures": []} for name in names]
    return {
        "engine": "sqlite",
        "quick": False,
        "started_at": started,
        "finished_at": started,
        "dataset": {"key": key},
        "scenarios": scenarios,
    }


def test_a_partial_run_keeps_the_other_scenarios_of_the_same_dataset(tmp_path: Path) -> None:
    write_run(tmp_path, _run("k1", "t1", "api-read", "catalogue-search", "nearby"))
    write_run(tmp_path, _run("k1", "t2", "catalogue-search"))
    run = json.loads((tmp_path / "latest.json").read_text())["runs"]["sqlite"]
    assert [s["name"] for s in run["scenarios"]] == ["api-read", "catalogue-search", "nearby"]
    assert [s.get("measured_at") for s in run["scenarios"]] == ["t1", None, "t1"]

    write_run(tmp_path, _run("k2", "t3", "nearby"))  # another dataset: the run stands alone
    run = json.loads((tmp_path / "latest.json").read_text())["runs"]["sqlite"]
    assert [s["name"] for s in run["scenarios"]] == ["nearby"]


def test_a_long_reason_for_a_skip_is_cut_at_a_word_and_says_so() -> None:
    reason = "SQLite only: " + "the target is measured on the embedded database and nowhere else " * 3
    table = terminal_table("postgres", [ScenarioResult("mcpd-import", "", "skipped", 0.0, [], reason)])
    shown = table.split("(skipped: ", 1)[1].split(")", 1)[0]
    assert shown.endswith("…")
    assert len(shown) <= 100
    assert reason.startswith(shown[:-1])
    assert reason[len(shown) - 1] == " "  # whole words only
