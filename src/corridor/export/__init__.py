"""Exports: renderers keyed by format, shared by `corridor export` and the web's /export pages."""

from .formats import FORMATS, Export, export, export_meetings

__all__ = ["FORMATS", "Export", "export", "export_meetings"]
