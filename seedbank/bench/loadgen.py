"""A bounded HTTP load generator: fixed concurrency, fixed duration, every request's latency kept.

Two engines behind one interface. ``wrk`` when it is on PATH (C, the reference), else
this module's own: asyncio over raw HTTP/1.1 keep-alive connections
(``asyncio.open_connection``), requests encoded before the clock starts, responses read
by Content-Length, uvloop when installed. The Python generator runs in its own
processes (``python -m seedbank.bench.loadgen``), pinned to CPUs away from the server,
so the process measuring is never the one serving. ``HttpClient`` is the same
connection for one-at-a-time latency measurements in this process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seedbank.bench.measure import median, percentile

__all__ = ["HttpClient", "LoadRun", "run_load", "wrk_available", "wrk_version"]


@dataclass(slots=True)
class LoadRun:
    """One fixed-duration run against one server."""

    generator: str  # "python" or "wrk"
    concurrency: int
    seconds: float
    requests: int
    errors: int  # non-2xx responses and socket errors
    p50_ms: float
    p95_ms: float
    p99_ms: float
    latencies_ms: list[float] = field(default_factory=list, repr=False)  # python generator only

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "generator": self.generator,
            "concurrency": self.concurrency,
            "seconds": round(self.seconds, 3),
            "requests": self.requests,
            "errors": self.errors,
            "throughput": round(self.throughput, 1),
            "p50_ms": round(self.p50_ms, 3),
            "p95_ms": round(self.p95_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
        }


def _encode(host: str, port: int, path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: seedbank-bench\r\n\r\n".encode("ascii")


_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
_CHUNKED = re.compile(rb"\r\ntransfer-encoding:\s*chunked", re.IGNORECASE)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = _LENGTH.search(head)
    if length is not None:
        return status, await reader.readexactly(int(length.group(1)))
    if _CHUNKED.search(head):
        body = bytearray()
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                return status, bytes(body)
            body += chunk[:-2]
    return status, b""


class HttpClient:
    """One keep-alive connection: a request at a time, its latency measured around write and read."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes, float]:
        """Status, body and seconds taken."""
        if self._writer is None or self._reader is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        request = _encode(self.host, self.port, path)
        started = time.perf_counter()
        self._writer.write(request)
        status, body = await _read_response(self._reader)
        return status, body, time.perf_counter() - started

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
            self._writer = self._reader = None


# -- the Python generator (runs in its own processes) --------------------------------------


async def _connection(
    host: str, port: int, requests: list[bytes], offset: int, deadline: float, latencies: list[float]
) -> int:
    """Send requests back to back on one connection until the deadline; errors seen."""
    errors = 0
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        return 1
    clock = time.perf_counter
    index = offset
    count = len(requests)
    try:
        while (started := clock()) < deadline:
            writer.write(requests[index % count])
            index += 1
            status, _ = await _read_response(reader)
            latencies.append(clock() - started)
            if status >= 400:
                errors += 1
    except (OSError, asyncio.IncompleteReadError):
        errors += 1
    finally:
        writer.close()
    return errors


async def _generate(host: str, port: int, paths: list[str], concurrency: int, seconds: float) -> dict[str, Any]:
    requests = [_encode(host, port, path) for path in paths]
    latencies: list[float] = []
    started = time.perf_counter()
    deadline = started + seconds
    step = max(1, len(requests) // max(concurrency, 1))
    errors = await asyncio.gather(
        *(_connection(host, port, requests, i * step, deadline, latencies) for i in range(concurrency))
    )
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "errors": sum(errors), "latencies_us": [round(value * 1e6) for value in latencies]}


def _generator_main(argv: Sequence[str]) -> int:
    """``HOST PORT CONCURRENCY SECONDS PATHS_FILE RESULT_FILE``: run, write the result as JSON."""
    host, port, concurrency, seconds, paths_file, result_file = argv
    paths = json.loads(Path(paths_file).read_text())
    try:
        import uvloop

        runner: Any = uvloop.run
    except ImportError:
        runner = asyncio.run
    result = runner(_generate(host, int(port), paths, int(concurrency), float(seconds)))
    # A file, not stdout: the event loop may leave stdout non-blocking, and a pipe then truncates large results.
    Path(result_file).write_text(json.dumps(result))
    return 0


def _run_python(
    host: str, port: int, paths: Sequence[str], concurrency: int, seconds: float, processes: int, cpus: Sequence[int]
) -> LoadRun:
    processes = max(1, min(processes, concurrency))
    shares = [concurrency // processes + (1 if i < concurrency % processes else 0) for i in range(processes)]
    with tempfile.TemporaryDirectory(prefix="seedbank-load-") as scratch:
        paths_file = Path(scratch) / "paths.json"
        paths_file.write_text(json.dumps(list(paths)))
        children = []
        for index, share in enumerate(shares):
            result_file = Path(scratch) / f"result-{index}.json"
            command = [sys.executable, "-m", "seedbank.bench.loadgen", host, str(port), str(share), str(seconds)]
            child = subprocess.Popen(  # noqa: S603  (this module, in a child process)
                [*command, str(paths_file), str(result_file)], stderr=subprocess.PIPE, text=True
            )
            if cpus and hasattr(os, "sched_setaffinity"):
                os.sched_setaffinity(child.pid, cpus)
            children.append((child, result_file))
        results = []
        for child, result_file in children:
            _, stderr = child.communicate(timeout=seconds + 60)
            if child.returncode != 0:
                raise RuntimeError(f"load generator failed: {stderr}")
            results.append(json.loads(result_file.read_text()))
    latencies = [value / 1000 for result in results for value in result["latencies_us"]]
    elapsed = median([result["seconds"] for result in results])
    return LoadRun(
        generator="python",
        concurrency=concurrency,
        seconds=elapsed,
        requests=len(latencies),
        errors=sum(result["errors"] for result in results),
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        p99_ms=percentile(latencies, 99),
        latencies_ms=latencies,
    )


# -- wrk ---------------------------------------------------------------------------------

_WRK_SCRIPT = """
local paths = {%s}
local index = 0
request = function()
  index = index %% #paths + 1
  return wrk.format("GET", paths[index])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "SEEDBANK_BENCH {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"errors\\": %%d, " ..
    "\\"p50_us\\": %%f, \\"p95_us\\": %%f, \\"p99_us\\": %%f}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_version() -> str | None:
    executable = shutil.which("wrk")
    if executable is None:
        return None
    result = subprocess.run([executable, "-v"], capture_output=True, text=True, check=False)  # noqa: S603
    return (result.stdout or result.stderr).strip().splitlines()[0] if (result.stdout or result.stderr) else None


def _run_wrk(
    host: str, port: int, paths: Sequence[str], concurrency: int, seconds: float, cpus: Sequence[int]
) -> LoadRun:
    executable = shutil.which("wrk")
    assert executable is not None
    listed = ", ".join(json.dumps(path) for path in paths[:5000])
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="seedbank-wrk-", delete=False) as script:
        script.write(_WRK_SCRIPT % listed)
    try:
        threads = max(1, min(len(cpus) or 1, concurrency))
        whole_seconds = max(1, round(seconds))  # wrk takes whole seconds
        command = [executable, f"-t{threads}", f"-c{concurrency}", f"-d{whole_seconds}s", "-s", script.name]
        child = subprocess.Popen(  # noqa: S603  (wrk, found on PATH)
            [*command, f"http://{host}:{port}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        if cpus and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(child.pid, cpus)
        stdout, stderr = child.communicate(timeout=seconds + 60)
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next((line for line in stdout.splitlines() if line.startswith("SEEDBANK_BENCH ")), None)
    if child.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed: {stdout}\n{stderr}")
    figures = json.loads(line.removeprefix("SEEDBANK_BENCH "))
    return LoadRun(
        generator="wrk",
        concurrency=concurrency,
        seconds=figures["duration_us"] / 1e6,
        requests=figures["requests"],
        errors=figures["errors"],
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
    )


def run_load(
    generator: str,
    host: str,
    port: int,
    paths: Sequence[str],
    *,
    concurrency: int,
    seconds: float,
    processes: int = 1,
    cpus: Sequence[int] = (),
) -> LoadRun:
    """One run of ``generator`` ("python" or "wrk") cycling through ``paths``; blocks for ``seconds``."""
    if generator == "wrk":
        return _run_wrk(host, port, paths, concurrency, seconds, cpus)
    return _run_python(host, port, paths, concurrency, seconds, processes, cpus)


if __name__ == "__main__":
    raise SystemExit(_generator_main(sys.argv[1:]))
