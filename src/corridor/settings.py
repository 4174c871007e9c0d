"""One table of settings: each is read from a flag, then the environment, then its default."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("db", "CORRIDOR_DB", "corridor.db", "SQLite knowledge base file."),
        Setting(
            "lexicon",
            "CORRIDOR_LEXICON",
            "",
            "Extra lexicon folder(s), separated by ':'; merged over the built-in one.",
        ),
        Setting("max_bytes", "CORRIDOR_MAX_BYTES", str(20 * 1024 * 1024), "Largest document read, in bytes."),
        Setting(
            "shared", "CORRIDOR_SHARED", "../shared", "Folder holding the evaluation corpus (tests only)."
        ),
    )
}


def get(name: str, flag: str | None = None) -> str:
    """The value of a setting: the flag if given, else the environment, else the default."""
    if flag not in (None, ""):
        return str(flag)
    setting = SETTINGS[name]
    return os.environ.get(setting.env) or setting.default
