"""The servers under load: the real app and the baseline, run alike under uvicorn in their own processes.

Both get the same settings (one process, the same event loop and HTTP implementation,
access log off, log level warning) and the same CPUs, away from the load generator.
``ServerPool`` starts each once per engine, on demand, and stops them all at the end.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from seedbank.bench.loadgen import HttpClient
from seedbank.bench.measure import pin, process_peak_rss_mb, process_rss_mb, reset_peak_rss

__all__ = ["BASELINE_APP", "RAW_READ_APP", "SUBJECT_APP", "Server", "ServerPool", "uvicorn_settings"]

SUBJECT_APP = "seedbank.app:asgi"
BASELINE_APP = "seedbank.bench.baseline_app:asgi"
RAW_READ_APP = "seedbank.bench.raw_read_app:asgi"
HOST = "127.0.0.1"


def uvicorn_settings() -> dict[str, str]:
    """What both servers run with: what ``seedbank serve`` picks by default on this machine."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return {"workers": "1", "loop": loop, "http": http, "access_log": "off", "log_level": "warning"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass(slots=True)
class Server:
    """One uvicorn process serving one app."""

    name: str
    app: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mb(self) -> float | None:
        return process_rss_mb(self.pid)

    def peak_rss_mb(self) -> float | None:
        return process_peak_rss_mb(self.pid)

    def reset_peak(self) -> None:
        reset_peak_rss(self.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown: the app's lifespan ends
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


async def start_server(
    name: str, app: str, env: dict[str, str], cpus: Sequence[int], ready_path: str, logs: Path
) -> Server:
    settings = uvicorn_settings()
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", app, "--factory", "--host", HOST, "--port", str(port),
        "--loop", settings["loop"], "--http", settings["http"], "--no-access-log", "--log-level", settings["log_level"],
    ]  # fmt: skip
    log = logs / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)  # noqa: S603
    pin(process.pid, cpus)
    server = Server(name, app, port, process, log)
    client = HttpClient(HOST, port)
    deadline = time.monotonic() + 60
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name} server exited ({process.returncode}):\n{log.read_text()[-4000:]}")
            try:
                status, _, _ = await client.get(ready_path)
                if status == 200:
                    break
            except OSError:
                await client.close()
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"{name} server not ready after 60 s:\n{log.read_text()[-4000:]}")
            await asyncio.sleep(0.1)
    finally:
        await client.close()
    pin(process.pid, cpus)  # again: threads the app started (SQLite connections) follow too
    return server


@dataclass(slots=True)
class ServerPool:
    """The subject (real app on the dataset), the baseline and the raw-driver reference, started once each,
    stopped together."""

    database_url: str
    cpus: Sequence[int]
    logs: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="seedbank-bench-logs-")))
    _running: dict[str, Server] = field(default_factory=dict)

    async def subject(self) -> Server:
        if "subject" not in self._running:
            env = {
                **os.environ,
                "SEEDBANK_DATABASE_URL": self.database_url,
                "SEEDBANK_LOG_LEVEL": "WARNING",
            }
            self._running["subject"] = await start_server(
                "subject", SUBJECT_APP, env, self.cpus, "/api/v1/health", self.logs
            )
        return self._running["subject"]

    async def baseline(self) -> Server:
        if "baseline" not in self._running:
            env = {**os.environ, "SEEDBANK_LOG_LEVEL": "WARNING"}
            self._running["baseline"] = await start_server(
                "baseline", BASELINE_APP, env, self.cpus, "/api/v1/accessions/1", self.logs
            )
        return self._running["baseline"]

    async def raw_read(self) -> Server:
        if "raw-driver" not in self._running:
            env = {**os.environ, "SEEDBANK_DATABASE_URL": self.database_url, "SEEDBANK_LOG_LEVEL": "WARNING"}
            self._running["raw-driver"] = await start_server(
                "raw-driver", RAW_READ_APP, env, self.cpus, "/api/v1/accessions/1", self.logs
            )
        return self._running["raw-driver"]

    def stop(self) -> None:
        for server in self._running.values():
            server.stop()
        self._running.clear()
