"""SQL the layers share: meeting and person selects, listing filters, search scopes, row shapes."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .schema import MAX_PROFILE_TITLES, fold

_BATCH = 500  # ids per IN (...) list, well under SQLite's limit on parameters

_MEETING_SELECT = (
    "SELECT m.id, m.mechanism_id, m.status, m.ordinal, m.date, m.city, m.country, m.mode,"
    " m.rejected, m.conflicts, m.confidence, m.min_confidence,"
    " k.key AS mechanism_key, k.name AS mechanism_name, k.programme, k.parties,"
    " sm.chairs AS summary_chairs, sm.sources AS summary_sources"
    " FROM meetings m JOIN mechanisms k ON k.id = m.mechanism_id"
    " LEFT JOIN meeting_summaries sm ON sm.meeting_id = m.id"
)


_PERSON_SELECT = "SELECT id, name, countries, first_seen, last_seen, chair_count FROM people"

_PROFILE_SET = (
    "countries = (SELECT json_group_array(c) FROM (SELECT DISTINCT plain_fold(o.country) AS c FROM offices o"
    " WHERE o.person_id = people.id AND o.country IS NOT NULL)),"
    " titles = (SELECT json_group_array(t) FROM (SELECT DISTINCT o.title AS t FROM offices o"
    f" WHERE o.person_id = people.id AND o.title IS NOT NULL LIMIT {MAX_PROFILE_TITLES})),"
    " first_seen = (SELECT MIN(o.seen) FROM offices o WHERE o.person_id = people.id),"
    " last_seen = (SELECT MAX(o.seen) FROM offices o WHERE o.person_id = people.id),"
    " chair_count = (SELECT COUNT(*) FROM chairs c WHERE c.person_id = people.id)"
)


def _meeting_filters(
    mechanism: str | None, country: str | None, since: str | None
) -> tuple[list[str], dict[str, str]]:
    """WHERE clauses and parameters for the filters that were given."""
    clauses: list[str] = []
    params: dict[str, str] = {}
    if mechanism:
        clauses.append(
            "(instr(fold(k.name), fold(:mechanism)) > 0 OR instr(fold(k.key), fold(:mechanism)) > 0"
            " OR EXISTS (SELECT 1 FROM mechanism_aliases a"
            " WHERE a.mechanism_id = k.id AND instr(fold(a.alias), fold(:mechanism)) > 0))"
        )
        params["mechanism"] = mechanism
    if country:
        clauses.append(
            "(fold(m.country) = fold(:country)"
            " OR EXISTS (SELECT 1 FROM json_each(k.parties) p WHERE fold(p.value) = fold(:country)))"
        )
        params["country"] = country
    if since:
        clauses.append("m.date >= :since")
        params["since"] = since
    return clauses, params


def _unique(values: Sequence[str]) -> list[str]:
    """Values in first-seen order, repeats (ignoring case) dropped."""
    seen: set[str | None] = set()
    out: list[str] = []
    for value in values:
        if fold(value) not in seen:
            seen.add(fold(value))
            out.append(value)
    return out


CONFLICT_FIELDS = ("ordinal", "date", "city", "country", "mode")

# The meetings table's sort keys: each a column to order by, then the newest first within it.
MEETING_SORTS = {
    "date": "m.date",
    "mechanism": "k.name COLLATE NOCASE",
    "round": "m.ordinal",
    "status": "m.status",
    "country": "m.country COLLATE NOCASE",
}

_PARTY_MATCH = (
    "(fold(m.country) = fold(:country)"
    " OR EXISTS (SELECT 1 FROM json_each(k.parties) p WHERE fold(p.value) = fold(:country)))"
)


@dataclass(frozen=True, slots=True)
class MeetingFilters:
    """Filters shared by the meetings page, the API and the exports; None leaves a field open."""

    mechanism: int | None = None
    country: str | None = None
    status: str | None = None
    year: int | None = None
    since: str | None = None
    until: str | None = None
    party: str | None = None
    host: str | None = None
    chair: int | None = None

    @property
    def needs_mechanism(self) -> bool:
        """Whether the clauses read the mechanism `k` (the parties)."""
        return bool(self.country or self.party)

    def clauses(self) -> tuple[list[str], dict[str, Any]]:
        """WHERE clauses over meetings `m` joined to mechanisms `k`, and their parameters; rejected meetings never match."""
        clauses: list[str] = [
            "+m.rejected = 0"
        ]  # '+': the date and mechanism indexes, not the review one, drive the query
        params: dict[str, Any] = {}
        if self.mechanism is not None:
            clauses.append("m.mechanism_id = :mechanism")
        if self.country:
            clauses.append(_PARTY_MATCH)
        if self.status:
            clauses.append("m.status = :status")
        if self.year is not None:
            clauses.append("m.date >= :year_from AND m.date < :year_to")
            params.update(year_from=f"{self.year:04d}", year_to=f"{self.year + 1:04d}")
        if self.since:
            clauses.append("m.date >= :since")
        if self.until:
            clauses.append("substr(m.date, 1, length(:until)) <= :until")
        if self.party:
            clauses.append("EXISTS (SELECT 1 FROM json_each(k.parties) p WHERE fold(p.value) = fold(:party))")
        if self.host:
            clauses.append("fold(m.country) = fold(:host)")
        if self.chair is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM chairs c WHERE c.meeting_id = m.id AND c.person_id = :chair)"
            )
        names = ("mechanism", "country", "status", "since", "until", "party", "host", "chair")
        params.update({k: getattr(self, k) for k in names})
        return clauses, params


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A full-text search: its words, what it searches (documents or statements) and its facet filters."""

    text: str = ""
    scope: str = "documents"
    country: str | None = None
    mechanism: int | None = None
    year: int | None = None
    topic: str | None = None

    def words(self) -> list[str]:
        return re.findall(r"\w+", self.text)


_STATEMENT_CONTEXT = (
    "document_id",
    "source",
    "url",
    "published",
    "meeting_date",
    "city",
    "meeting_country",
    "mechanism_id",
    "mechanism",
)


# A mechanism's first and last rounds that took place (held, or referred back to), and the
# dates of its scheduled rounds, of which the next is the first after the last that took place.
_ROUND_DATES = (
    "MIN(CASE WHEN m.status != 'scheduled' AND m.rejected = 0 THEN m.date END) AS first_date,"
    " MAX(CASE WHEN m.status != 'scheduled' AND m.rejected = 0 THEN m.date END) AS last_date,"
    " json_group_array(CASE WHEN m.status = 'scheduled' AND m.rejected = 0 THEN m.date END)"
    " AS scheduled_dates"
)


def _mechanism_summary(row: sqlite3.Row) -> dict[str, Any]:
    last = row["last_date"]
    scheduled = [d for d in json.loads(row["scheduled_dates"]) if d and d > (last or "")]
    return {
        "id": row["id"],
        "key": row["key"],
        "name": row["name"],
        "programme": row["programme"],
        "parties": json.loads(row["parties"]),
        "meetings": row["meetings"],
        "held": row["held"] or 0,
        "first_date": row["first_date"],
        "last_date": last,
        "next_date": min(scheduled, default=None),
    }


_CORRECTION_SELECT = (
    "SELECT id, target, target_id, action, field, value, author, reason, created_at,"
    " (SELECT undo_id FROM undone WHERE correction_id = corrections.id) AS undone_by,"
    " EXISTS (SELECT 1 FROM correction_changes WHERE correction_id = corrections.id) AS journaled"
    " FROM corrections"
)
# Corrections that still apply: not undone by a later one.
_ACTIVE = "NOT EXISTS (SELECT 1 FROM undone u WHERE u.correction_id = corrections.id)"


def _correction_object(row: sqlite3.Row) -> dict[str, Any]:
    return {
        **dict(row),
        "value": json.loads(row["value"]) if row["value"] is not None else None,
        "journaled": bool(row["journaled"]),
    }


def _statement_object(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "meeting_id": row["meeting_id"],
        "kind": row["kind"],
        "topics": json.loads(row["topics"]),
        "actors": json.loads(row["actors"]),
        "evidence": [{"start": row["start"], "end": row["end"], "text": row["text"]}],
    }
