"""The demo collection: a believable Venezuelan community seed network (``seedbank demo``)."""

from seedbank.demo.loader import DemoSummary, load_demo, load_demo_into

__all__ = ["DemoSummary", "load_demo", "load_demo_into"]
