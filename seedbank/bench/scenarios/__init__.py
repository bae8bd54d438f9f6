"""Every benchmark scenario, in the order a run measures them.

To add one: write ``async def run(ctx: BenchContext) -> list[Figure]`` in a module here
(see ``api_read`` for load under uvicorn, ``catalogue_search`` for raw-SQL baselines),
wrap it in a ``Scenario`` and list it in ``SCENARIOS``. The smoke test then expects it
in every ``--quick`` run's JSON. Bulk jobs (imports, label sheets) measure their peak
memory by running as a child process through ``seedbank.bench.measure.run_bulk_job``.

Still to come, from their own issues:
- nearest holders (k=10 among the custodians) beside brute force;
- catalogue search within 50 km (flip ``catalogue_search.API_SUPPORTS_NEAR``);
- MCPD import throughput and peak RSS;
- swap acceptance under contention.
"""

from seedbank.bench.scenario import Scenario
from seedbank.bench.scenarios.api_read import API_READ
from seedbank.bench.scenarios.catalogue_search import CATALOGUE_SEARCH
from seedbank.bench.scenarios.labels import LABELS
from seedbank.bench.scenarios.load_generators import LOAD_GENERATORS
from seedbank.bench.scenarios.mcpd_import import MCPD_IMPORT
from seedbank.bench.scenarios.nearby import NEARBY

__all__ = ["SCENARIOS"]

SCENARIOS: tuple[Scenario, ...] = (API_READ, CATALOGUE_SEARCH, LOAD_GENERATORS, LABELS, NEARBY, MCPD_IMPORT)
