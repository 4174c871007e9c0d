"""The web view: server-rendered pages, each with a JSON twin, and a JSON API under /api/."""

from .app import create_app
from .config import WebConfig

__all__ = ["WebConfig", "create_app"]
