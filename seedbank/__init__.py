"""seedbank: a native seed bank inventory and exchange catalogue."""

__all__ = ["__version__"]

__version__ = "0.1.0"
