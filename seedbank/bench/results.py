"""What a scenario reports (figures beside their baselines) and how runs are printed and kept.

Every scenario returns ``Figure``s: the subject's median, p95 and throughput beside the
baseline measured in the same run, their ratio, the targets it is held to and the
server's peak RSS. A run prints them as a table and writes them, with the machine,
versions, parameters and dataset build, to ``bench/results/<timestamp>-<engine>.json``;
``bench/results/latest.json`` keeps the latest run of each engine (quick runs apart); a run of some
scenarios replaces only those, when the dataset is the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import platform
import sqlite3
import sys
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = [
    "Figure",
    "ScenarioResult",
    "Side",
    "Target",
    "machine_info",
    "markdown_table",
    "terminal_table",
    "write_run",
]

RESULTS_SCHEMA = 1


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a comparison: latencies in milliseconds, throughput per second."""

    label: str
    median_ms: float | None = None
    p95_ms: float | None = None
    throughput: float | None = None
    samples: int = 0
    rounds: tuple[dict[str, float], ...] = ()  # per-round figures, to see the noise


@dataclass(frozen=True, slots=True)
class Target:
    text: str
    met: bool | None  # None: could not be judged in this run


@dataclass(slots=True)
class Figure:
    """One measured case of a scenario, subject beside baseline."""

    case: str
    subject: Side
    baseline: Side | None = None
    ratio: float | None = None
    ratio_means: str = ""  # e.g. "subject req/s ÷ baseline req/s"
    targets: list[Target] = field(default_factory=list)
    peak_rss_mb: float | None = None  # of the server, during this scenario
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ScenarioResult:
    name: str
    summary: str
    status: str  # "ok", "skipped" or "failed"
    seconds: float
    figures: list[Figure] = field(default_factory=list)
    detail: str | None = None  # why it was skipped, or the error


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for package in ("litestar", "piccolo", "msgspec", "asyncpg", "uvicorn", "uvloop", "httptools"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    found["sqlite"] = sqlite3.sqlite_version
    found["python"] = platform.python_version()
    return found


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(float(line.split()[1]) / 1024)
    except OSError:
        return None
    return None


def machine_info() -> dict[str, Any]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "cpu_model": _cpu_model(),
        "memory_mb": _memory_mb(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "versions": _versions(),
    }


# -- printing ------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _side(side: Side | None) -> str:
    if side is None or (side.median_ms is None and side.throughput is None):
        return "—"
    text = f"{_ms(side.median_ms)} / {_ms(side.p95_ms)} ms"
    if side.throughput is not None:
        text += f", {side.throughput:,.0f}/s"
    return text


def _first_words(text: str, limit: int) -> str:
    """``text`` cut at a word boundary within ``limit`` characters, an ellipsis saying so."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _targets(figure: Figure) -> str:
    marks = {True: "met", False: "MISSED", None: "n/a"}
    return "; ".join(f"{target.text}: {marks[target.met]}" for target in figure.targets) or "—"


def _rows(engine: str, results: list[ScenarioResult]) -> list[list[str]]:
    rows: list[list[str]] = []
    for result in results:
        if result.status != "ok":
            detail = _first_words((result.detail or "").strip().splitlines()[0], 100) if result.detail else ""
            rows.append([engine, result.name, f"({result.status}: {detail})", "", "", "", "", ""])
            continue
        for figure in result.figures:
            ratio = "—" if figure.ratio is None else f"{figure.ratio:.2f}"
            rss = "—" if figure.peak_rss_mb is None else f"{figure.peak_rss_mb:.0f} MB"
            subject, baseline = _side(figure.subject), _side(figure.baseline)
            rows.append([engine, result.name, figure.case, subject, baseline, ratio, _targets(figure), rss])
    return rows


_HEADER = ["engine", "scenario", "case", "subject median / p95", "baseline median / p95", "ratio", "target", "RSS"]


def terminal_table(engine: str, results: list[ScenarioResult]) -> str:
    rows = [_HEADER, *_rows(engine, results)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(_HEADER))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(runs: dict[str, dict[str, Any]]) -> str:
    """The README's table from ``latest.json`` runs (full runs only when there are any)."""
    chosen = {name: run for name, run in runs.items() if not run.get("quick")} or runs
    rows: list[list[str]] = []
    for run in chosen.values():
        results = [_result_from_json(data) for data in run["scenarios"]]
        rows += _rows(run["engine"], results)
    lines = ["| " + " | ".join(_HEADER) + " |", "|" + "---|" * len(_HEADER)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _result_from_json(data: dict[str, Any]) -> ScenarioResult:
    figures = []
    for raw in data["figures"]:
        subject = Side(**{**raw["subject"], "rounds": tuple(raw["subject"].get("rounds", ()))})
        baseline = None
        if raw.get("baseline"):
            baseline = Side(**{**raw["baseline"], "rounds": tuple(raw["baseline"].get("rounds", ()))})
        targets = [Target(**target) for target in raw.get("targets", [])]
        figures.append(
            Figure(
                case=raw["case"],
                subject=subject,
                baseline=baseline,
                ratio=raw.get("ratio"),
                ratio_means=raw.get("ratio_means", ""),
                targets=targets,
                peak_rss_mb=raw.get("peak_rss_mb"),
                notes=raw.get("notes", []),
                extra=raw.get("extra", {}),
            )
        )
    return ScenarioResult(data["name"], data["summary"], data["status"], data["seconds"], figures, data.get("detail"))


# -- keeping -----------------------------------------------------------------------------


def write_run(results_dir: Path, run: dict[str, Any]) -> Path:
    """Write one engine's run and fold it into latest.json; the path written."""
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    name = run["engine"] + ("-quick" if run["quick"] else "")
    path = results_dir / f"{stamp}-{name}.json"
    path.write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n")
    latest_path = results_dir / "latest.json"
    latest: dict[str, Any] = {"schema": RESULTS_SCHEMA, "runs": {}}
    if latest_path.exists():
        with contextlib.suppress(json.JSONDecodeError):  # a damaged file is replaced
            latest = json.loads(latest_path.read_text())
    latest["updated_at"] = run["finished_at"]
    runs = latest.setdefault("runs", {})
    runs[name] = _merged(runs.get(name), run)
    latest_path.write_text(json.dumps(latest, indent=2, ensure_ascii=False) + "\n")
    return path


def _merged(previous: dict[str, Any] | None, run: dict[str, Any]) -> dict[str, Any]:
    """A run of some scenarios keeps, beside its own, the other scenarios of the engine's previous run on
    the same dataset (each marked with when it was measured); on another dataset the run stands alone."""
    if not previous or previous.get("dataset", {}).get("key") != run.get("dataset", {}).get("key"):
        return run
    ran = {scenario["name"] for scenario in run["scenarios"]}
    kept = [
        {**scenario, "measured_at": scenario.get("measured_at", previous["started_at"])}
        for scenario in previous["scenarios"]
        if scenario["name"] not in ran
    ]
    if not kept:
        return run
    order = {scenario["name"]: index for index, scenario in enumerate(previous["scenarios"])}
    scenarios = sorted([*kept, *run["scenarios"]], key=lambda scenario: order.get(scenario["name"], len(order)))
    return {**run, "scenarios": scenarios}


def result_json(result: ScenarioResult) -> dict[str, Any]:
    return asdict(result)
