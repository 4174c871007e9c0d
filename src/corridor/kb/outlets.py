"""Which kind of outlet a document comes from: official, news agency or other.

When two reports of one meeting disagree, the official one is believed before an agency's
and an agency's before the rest. The classes and how they are recognised are data
(lexicon/outlets.yaml), so a user's lexicon folder can add a ministry or an agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import settings
from ..errors import LexiconError
from ..extract.lexicon import load_file
from ..model import Document

HEAD_CHARS = 400
TAIL_CHARS = 300


class OutletClass(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    rank: int
    trust: float = Field(ge=0.0, le=1.0)
    hosts: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)


class OutletTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    default: OutletClass
    classes: list[OutletClass] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Outlet:
    """The class a document was put in: its name, rank (higher is believed first) and trust."""

    name: str
    rank: int
    trust: float


def load_outlets(extra: str | None = None) -> OutletTable:
    """The outlet classes, the built-in file merged with those of the user's lexicon folders."""
    return _load(settings.get("lexicon", extra))


@lru_cache(maxsize=4)
def _load(spec: str) -> OutletTable:
    from pathlib import Path

    folders = tuple(Path(p) for p in spec.split(":") if p)
    data = load_file("outlets.yaml", folders)
    try:
        return OutletTable.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise LexiconError(f"outlets.yaml: entry {where}: {first['msg']}") from exc


def classify(doc: Document, table: OutletTable | None = None) -> Outlet:
    """The highest-ranked class whose host or phrase the document matches, else the default."""
    table = table or load_outlets()
    host = _host(doc.url or doc.source)
    head, tail = doc.text[:HEAD_CHARS], doc.text[-TAIL_CHARS:]
    best = table.default
    for cls in table.classes:
        if cls.rank > best.rank and (_host_matches(host, cls.hosts) or _phrase_in(cls.phrases, head, tail)):
            best = cls
    return Outlet(best.name, best.rank, best.trust)


def trust_by_rank(table: OutletTable | None = None) -> dict[int, float]:
    """Rank -> trust, for weighing claims whose documents were ranked at ingest."""
    table = table or load_outlets()
    trust = {cls.rank: cls.trust for cls in table.classes}
    trust[table.default.rank] = table.default.trust
    return trust


def _host(source: str) -> str:
    """The host of a URL, lower-cased; '' for a file path."""
    if "://" not in source:
        return ""
    return (urlsplit(source).hostname or "").lower()


def _host_matches(host: str, patterns: list[str]) -> bool:
    if not host:
        return False
    labels = host.split(".")
    for pattern in patterns:
        pattern = pattern.lower()
        if "." in pattern and (host == pattern or host.endswith("." + pattern)):
            return True
        if "." not in pattern and pattern in labels:
            return True
    return False


def _phrase_in(phrases: list[str], head: str, tail: str) -> bool:
    pattern = _phrases_pattern(tuple(phrases))
    return pattern is not None and bool(pattern.search(head) or pattern.search(tail))


@lru_cache(maxsize=64)
def _phrases_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One search for all of a class's phrases."""
    return re.compile("|".join(map(re.escape, phrases))) if phrases else None
