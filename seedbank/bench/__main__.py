"""``python -m seedbank.bench``: see ``seedbank.bench.cli``."""

from seedbank.bench.cli import main

raise SystemExit(main())
