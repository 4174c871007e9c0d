"""Corridor: verified records of bilateral cooperation meetings from press statements."""

__version__ = "0.1.0"
