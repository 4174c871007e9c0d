"""The record contracts, shipped with the package: the extraction record's JSON Schema and the topic ids.

They are copies of the project's shared schema, so a clone without the shared folder can
check its records against them (a test keeps the copies equal where the shared folder exists).
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

NAMES = ("extraction.schema.json", "topics.json")


def load(name: str) -> dict[str, Any]:
    """One of the shipped schema files (`NAMES`), parsed."""
    if name not in NAMES:
        raise ValueError(f"no schema file {name!r}; one of {', '.join(NAMES)}")
    data: dict[str, Any] = json.loads(files(__name__).joinpath(name).read_text(encoding="utf-8"))
    return data
