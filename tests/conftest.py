"""Shared fixtures: the evaluation corpus path and small in-memory helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor import settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder (CORRIDOR_SHARED, default ../shared beside the project)."""
    path = Path(settings.get("shared"))
    if not path.is_absolute():
        path = (ROOT / path).resolve()
    return path
