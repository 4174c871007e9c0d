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
            "max_html_bytes",
            "CORRIDOR_MAX_HTML_BYTES",
            str(5 * 1024 * 1024),
            "Largest HTML page parsed, in bytes: a page's tree takes many times its size in memory.",
        ),
        Setting(
            "fetch_timeout",
            "CORRIDOR_FETCH_TIMEOUT",
            "20",
            "Seconds a fetch may take in all: connecting, redirects and the whole page.",
        ),
        Setting(
            "shared", "CORRIDOR_SHARED", "../shared", "Folder holding the evaluation corpus (tests only)."
        ),
        Setting("host", "CORRIDOR_HOST", "127.0.0.1", "Address `corridor serve` listens on."),
        Setting("port", "CORRIDOR_PORT", "8000", "Port `corridor serve` listens on."),
        Setting(
            "private", "CORRIDOR_PRIVATE", "", "Set to 1 to require a token for reading pages and the API."
        ),
        Setting(
            "max_upload",
            "CORRIDOR_MAX_UPLOAD",
            str(2 * 1024 * 1024),
            "Largest request body served, in bytes.",
        ),
        Setting(
            "secret",
            "CORRIDOR_SECRET",
            "",
            "Key signing the web forms' CSRF cookies (default: new each start).",
        ),
        Setting(
            "web_cache",
            "CORRIDOR_WEB_CACHE",
            "4096",
            "Pages the server keeps until the data changes (0: none).",
        ),
        Setting(
            "web_threads",
            "CORRIDOR_WEB_THREADS",
            "4",
            "Requests each server process works on at once; the others wait their turn.",
        ),
    )
}


def get(name: str, flag: str | None = None) -> str:
    """The value of a setting: the flag if given, else the environment, else the default."""
    if flag not in (None, ""):
        return str(flag)
    setting = SETTINGS[name]
    return os.environ.get(setting.env) or setting.default


def positive(name: str, kind: type[int] | type[float] = int, *, example: str) -> int | float:
    """A setting that must be a positive number; a bad value is one clear error naming its variable."""
    from .errors import CorridorError

    raw = get(name)
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value <= 0:
        what = "a whole number" if kind is int else "a number"
        raise CorridorError(f"{SETTINGS[name].env} is {raw!r}; set it to {what} above 0, e.g. {example}")
    return value
