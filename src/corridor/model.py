"""Typed records that a document carries through the pipeline.

Every extracted value keeps the character span of the text it came from, so that
any record can be traced back to its sentence.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any

STATUSES = ("held", "scheduled", "reference")
MODES = ("in_person", "virtual")


def date_prefix_problem(value: str) -> str | None:
    """Why `value` is no YYYY, YYYY-MM or YYYY-MM-DD date (as meetings are dated), else None.

    Dates are compared as text, so '2025-02-30' would filter quietly instead of failing.
    """
    parts = value.split("-")
    if not (1 <= len(parts) <= 3 and all(p.isascii() and p.isdigit() for p in parts)):
        return f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
    if [len(p) for p in parts] != [4, 2, 2][: len(parts)]:
        return f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
    if len(parts) >= 2 and not 1 <= int(parts[1]) <= 12:
        return f"{value!r} is not a date: there is no month {parts[1]}"
    if len(parts) == 3:
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a date: {parts[0]}-{parts[1]} has no day {parts[2]}"
    return None


@dataclass(slots=True, frozen=True)
class Span:
    """Character offsets [start, end) into a document's text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def evidence(self, text: str) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.of(text)}


@dataclass(slots=True)
class Mention:
    """A lexicon or grammar hit: a mechanism name, an office, a country, a city, a sector..."""

    kind: str
    start: int
    end: int
    key: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)


class Mentions(list):
    """Mentions in text order, with a per-kind index so that looking up a stretch of text is cheap."""

    def within(self, kind: str, start: int, end: int) -> list[Mention]:
        """The mentions of one kind that start inside [start, end)."""
        index = self.__dict__.get("_index")
        if index is None:
            index = {}
            for m in sorted(self, key=lambda m: m.start):
                starts, items = index.setdefault(m.kind, ([], []))
                starts.append(m.start)
                items.append(m)
            self.__dict__["_index"] = index
        starts, items = index.get(kind, ((), ()))
        return list(items[bisect_left(starts, start) : bisect_left(starts, end)])


def mentions_within(mentions: list[Mention], kind: str, start: int, end: int) -> list[Mention]:
    """The mentions of one kind inside a stretch of text, by index where the list has one."""
    if isinstance(mentions, Mentions):
        return mentions.within(kind, start, end)
    return [m for m in mentions if m.kind == kind and start <= m.start < end]


@dataclass(slots=True)
class TimeExpr:
    """A temporal expression and its value resolved against the publication date.

    `value` is YYYY-MM-DD, YYYY-MM or YYYY, or None where the text gives too little
    (a weekday with no publication date, a day and month with no year).
    """

    start: int
    end: int
    text: str
    value: str | None
    kind: str  # absolute | relative | weekday | range | month | year
    end_value: str | None = None


@dataclass(slots=True)
class Chair:
    name: str
    title: str | None
    country: str | None
    span: Span | None = None
    counterpart: bool = False
    other_side: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "country": self.country}


@dataclass(slots=True)
class MechanismRef:
    """Which mechanism a meeting belongs to: a lexicon entry (`key`) or one found in text."""

    name: str
    aliases: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    programme: str | None = None
    key: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "parties": list(self.parties),
            "programme": self.programme,
            "key": self.key,
        }


@dataclass(slots=True)
class Meeting:
    mechanism: MechanismRef
    status: str = "held"
    ordinal: int | None = None
    date: str | None = None
    city: str | None = None
    country: str | None = None
    mode: str | None = None
    chairs: list[Chair] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    fields: dict[str, Span] = field(default_factory=dict)  # field name -> where its value came from

    def to_json(self, text: str) -> dict[str, Any]:
        return {
            "mechanism": self.mechanism.to_json(),
            "status": self.status,
            "ordinal": self.ordinal,
            "date": self.date,
            "city": self.city,
            "country": self.country,
            "mode": self.mode,
            "chairs": [c.to_json() for c in self.chairs],
            "evidence": [s.evidence(text) for s in sorted(set(self.evidence), key=lambda s: s.start)],
            "field_evidence": {k: v.evidence(text) for k, v in self.fields.items()},
        }


@dataclass(slots=True)
class Statement:
    kind: str
    topics: list[str]
    span: Span
    actors: list[str] = field(default_factory=list)
    meeting: int | None = None

    def to_json(self, text: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "topics": list(self.topics),
            "meeting": self.meeting,
            "actors": list(self.actors),
            "evidence": [self.span.evidence(text)],
        }


@dataclass(slots=True)
class Participant:
    """One person (or an office with no name) on one side of an engagement."""

    name: str | None
    title: str | None
    country: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "country": self.country}


ENGAGEMENT_KINDS = ("meeting", "call", "visit", "courtesy_call", "sideline_meeting")


@dataclass(slots=True)
class Engagement:
    """A contact between officials of two sides that is not a round of a mechanism."""

    kind: str
    status: str
    span: Span
    participants: list[Participant] = field(default_factory=list)
    date: str | None = None
    city: str | None = None
    country: str | None = None
    mode: str | None = None
    during: str | None = None
    during_meeting: int | None = None  # index into the document's meetings

    def to_json(self, text: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "status": self.status,
            "date": self.date,
            "city": self.city,
            "country": self.country,
            "mode": self.mode,
            "during": self.during,
            "during_meeting": self.during_meeting,
            "participants": [p.to_json() for p in self.participants],
            "evidence": [self.span.evidence(text)],
        }


@dataclass(slots=True)
class Designation:
    """A label two countries give their relationship, in canonical form."""

    countries: tuple[str, str]
    designation: str
    span: Span

    def to_json(self, text: str) -> dict[str, Any]:
        return {
            "countries": list(self.countries),
            "designation": self.designation,
            "evidence": [self.span.evidence(text)],
        }


def content_id(text: str) -> str:
    """Stable content hash: the same text gives the same id wherever it comes from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Raw:
    """The bytes a document was read from, kept so that it can be extracted again offline.

    `url`, `etag` and `last_modified` are set for fetched pages: they let the next fetch of
    the same address ask the server whether anything changed.
    """

    data: bytes
    content_type: str
    url: str | None = None
    fetched_at: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class Document:
    """One input text and everything the pipeline has found in it so far."""

    text: str
    source: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    published_span: Span | None = None
    language: str = "en"
    id: str = ""
    tokens: Any = None  # the spaCy Doc, set by the segment stage
    # the meeting grammar's view of the text, set by the frames stage for the stages after it
    frame_context: Any = None
    sentences: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)
    designations: list[Designation] = field(default_factory=list)
    # Where the text came from beyond `source`: reader, page spans of a PDF, site name,
    # canonical URL, feed, archive member. JSON-ready.
    provenance: dict[str, Any] = field(default_factory=dict)
    raw: Raw | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    def sentence_of(self, offset: int) -> Span | None:
        """The sentence holding a character offset (sentences are in order and do not overlap)."""
        n = bisect_right(self.sentences, offset, key=lambda s: s.start) - 1
        if n >= 0 and offset < self.sentences[n].end:
            return self.sentences[n]
        return None

    def to_json(self) -> dict[str, Any]:
        """The record of `corridor extract --format jsonl` (extraction.schema.json)."""
        return {
            "source": self.source,
            "error": None,
            "document": {
                "id": self.id,
                "title": self.title,
                "url": self.url,
                "published": self.published.isoformat() if self.published else None,
                "language": self.language,
                **({"provenance": self.provenance} if self.provenance else {}),
            },
            "meetings": [m.to_json(self.text) for m in self.meetings],
            "statements": [s.to_json(self.text) for s in self.statements],
            "engagements": [e.to_json(self.text) for e in self.engagements],
            "designations": [d.to_json(self.text) for d in self.designations],
        }
