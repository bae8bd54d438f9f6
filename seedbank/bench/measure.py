"""Measuring: percentiles, which CPUs the server and the load generator get, peak memory of processes and bulk jobs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BulkJob",
    "CpuPlan",
    "cpu_plan",
    "median",
    "percentile",
    "pin",
    "process_cpu_seconds",
    "process_peak_rss_mb",
    "process_rss_mb",
    "reset_peak_rss",
    "run_bulk_job",
]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), interpolated between the nearest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass(frozen=True, slots=True)
class CpuPlan:
    """Server on one set of CPUs, load generator (and this process) on the others, when there are two or more."""

    server: tuple[int, ...]
    generator: tuple[int, ...]

    @property
    def separated(self) -> bool:
        return not set(self.server) & set(self.generator)


def cpu_plan() -> CpuPlan:
    if not hasattr(os, "sched_getaffinity"):
        return CpuPlan((), ())
    cpus = tuple(sorted(os.sched_getaffinity(0)))
    if len(cpus) < 2:
        return CpuPlan(cpus, cpus)
    half = len(cpus) // 2
    return CpuPlan(cpus[:half], cpus[half:])


def pin(pid: int, cpus: Sequence[int]) -> None:
    """Pin every thread of a process (threads started later inherit it), where the platform allows."""
    if not cpus or not hasattr(os, "sched_setaffinity"):
        return
    tasks = Path(f"/proc/{pid}/task")
    threads = [int(entry.name) for entry in tasks.iterdir()] if tasks.exists() else [pid]
    for thread in threads:
        try:
            os.sched_setaffinity(thread, cpus)
        except (ProcessLookupError, PermissionError):
            continue


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process, all threads (Linux /proc, clock-tick resolution).

    Unlike wall time it does not grow while the process waits for a CPU, so on a busy
    machine it still tells what a request costs.
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # After the command name: state is field 3, utime 14 and stime 15 (1-based, man 5 proc).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status_kib(pid: int, field: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return float(line.split()[1])
    except OSError:
        return None
    return None


def process_rss_mb(pid: int) -> float | None:
    """Current RSS (Linux /proc; None where there is no /proc)."""
    kib = _status_kib(pid, "VmRSS")
    return kib / 1024 if kib is not None else None


def process_peak_rss_mb(pid: int) -> float | None:
    """Peak RSS since start (or the last ``reset_peak_rss``): Linux keeps it as VmHWM."""
    kib = _status_kib(pid, "VmHWM")
    return kib / 1024 if kib is not None else process_rss_mb(pid)


def reset_peak_rss(pid: int) -> bool:
    """Start a new peak (Linux ≥ 4.0: writing 5 to clear_refs resets VmHWM); False where it cannot."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class BulkJob:
    """A finished bulk job: how long it took, its peak memory, what it printed."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_bulk_job(command: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> BulkJob:
    """Run a command to completion and read its peak RSS from the kernel's accounting of that child (``wait4``).

    The hook for every bulk job the benchmark measures (dataset build, MCPD import, label
    sheets): run it as its own process so its memory is its own.
    """
    started = time.perf_counter()
    # Files, not pipes: nothing blocks however much the job prints while we wait in wait4.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(list(command), env=env, cwd=cwd, stdout=out, stderr=err, text=True)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return BulkJob(seconds, peak, process.returncode, stdout, stderr)
