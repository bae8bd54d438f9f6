"""The benchmark suite: a national-scale collection, scenarios measured beside their baselines, results kept.

``python -m seedbank.bench --quick`` (or ``scripts/bench``) builds a small collection and
runs every scenario on SQLite and PostgreSQL; without ``--quick`` the collection is
national-scale (48,090 custodians, 100,000 accessions, 1,000,000 lots). Layout:

- ``params``: dataset sizes (and their cache key), run lengths;
- ``venezuela``, ``crops``, ``dataset``: the deterministic generator;
- ``loader``, ``store``: bulk loading through the drivers, datasets kept in ``bench/data``;
- ``loadgen``, ``servers``, ``baseline_app``, ``measure``: load, servers under uvicorn, memory;
- ``scenario``, ``scenarios``: the scenario contract and the registry (add yours there);
- ``results``, ``cli``: tables, JSON under ``bench/results``, the command.
"""

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """The command (imported on call: the loader and load-generator children import this package too)."""
    from seedbank.bench.cli import main as run

    return run(argv)
