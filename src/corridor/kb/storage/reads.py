"""Reads: meetings as schema objects, listings, searches, the pages' data, and write tokens.

A listing builds its meeting objects in a fixed number of statements, however many rows it holds.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from typing import Any

from ...errors import NotFoundError, StorageError
from ..labels import label
from ..merge import ChairClaim, choose_chairs, correct_chairs
from . import listing, search
from .base import Connection
from .schema import _TABLES, MERGED_FIELDS, _now
from .sql import (
    _BATCH,
    _CORRECTION_SELECT,
    _MEETING_SELECT,
    _ROUND_DATES,
    _STATEMENT_CONTEXT,
    CONFLICT_FIELDS,
    MEETING_SORTS,
    MeetingFilters,
    SearchQuery,
    _correction_object,
    _mechanism_summary,
    _meeting_filters,
    _statement_object,
    _unique,
)


class Reads(Connection):
    """Queries for the CLI, the web view, exports and briefs."""

    # -- queries ---------------------------------------------------------------

    def list_meetings(
        self,
        mechanism: str | None = None,
        country: str | None = None,
        since: str | None = None,
        *,
        include_rejected: bool = False,
    ) -> list[dict[str, Any]]:
        """Meetings as schema meeting objects with `id`, `sources`, `documents` and `conflicts`.

        `mechanism` matches the name, key or any alias (case-insensitive substring);
        `country` the meeting's country or one of the parties; `since` keeps dates >= it.
        Meetings a reviewer rejected are left out unless `include_rejected`.
        """
        clauses, params = _meeting_filters(mechanism, country, since)
        if not include_rejected:
            clauses.append("m.rejected = 0")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.conn.execute(
            f"{_MEETING_SELECT} {where} ORDER BY m.date IS NULL, m.date, m.id", params
        ).fetchall()
        return self._meeting_objects(rows)

    def get_meeting(self, meeting_id: int) -> dict[str, Any]:
        """One meeting with, under `reports`, every document's account of it.

        Each report holds the meeting as that document states it, its evidence
        sentences, and the document's statements made at this meeting or at none.
        `claims` lists, per field, every value claimed and by which sources; `corrections`
        the reviewers' changes.
        """
        row = self._one(f"{_MEETING_SELECT} WHERE m.id = ?", (meeting_id,))
        if row is None:
            raise NotFoundError(f"no meeting with id {meeting_id}; `corridor meetings` lists the ids")
        meeting = self._meeting_object(row)
        meeting["confidence"] = json.loads(row["confidence"])
        meeting["claims"] = self.meeting_claims(meeting_id)
        meeting["reports"] = self._reports(meeting_id)
        return meeting

    def meeting_claims(self, meeting_id: int) -> dict[str, list[dict[str, Any]]]:
        """Per field, each value claimed for the meeting with the sources that claim it."""
        rows = self.conn.execute(
            "SELECT c.field, c.value, c.account, d.id, d.source, d.outlet FROM claims c"
            " JOIN documents d ON d.id = c.document_id WHERE c.meeting_id = ? ORDER BY d.rowid, c.position",
            (meeting_id,),
        ).fetchall()
        claims: dict[str, dict[str, dict[str, Any]]] = {}
        for r in rows:
            value: Any = int(r["value"]) if r["field"] == "ordinal" else r["value"]
            entry = claims.setdefault(r["field"], {}).setdefault(
                str(value).casefold(), {"value": value, "sources": [], "documents": [], "accounts": []}
            )
            if r["id"] not in entry["documents"]:
                entry["documents"].append(r["id"])
                entry["sources"].append(r["source"])
                entry["accounts"].append({"outlet": r["outlet"], "status": r["account"]})
        return {name: list(values.values()) for name, values in claims.items()}

    def search_documents(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents whose title or text match a full-text query, best first."""
        try:
            rows = self.conn.execute(
                "SELECT d.id, d.source, d.title, d.published,"
                " snippet(documents_fts, 2, '[', ']', '…', 12) AS snippet"
                " FROM documents_fts f JOIN documents d ON d.id = f.document_id"
                " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StorageError(f'cannot search for {query!r}: {exc}; quote phrases with "..."') from exc
        return [dict(row) for row in rows]

    def count(self, table: str) -> int:
        """Rows in one of the schema's tables; for reports and checks."""
        if table not in _TABLES:
            raise StorageError(f"unknown table {table!r}; one of {', '.join(sorted(_TABLES))}")
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def _meeting_object(self, row: sqlite3.Row) -> dict[str, Any]:
        return self._meeting_objects([row])[0]

    def _meeting_objects(self, rows: Sequence[sqlite3.Row]) -> list[dict[str, Any]]:
        """Meeting objects for query rows, with four queries per batch however many rows there are.

        What meetings of one mechanism share (its parties, its own aliases) is worked out once per batch.
        """
        objects: list[dict[str, Any]] = []
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            ids = [int(row["id"]) for row in batch]
            sources, chairs = self._summaries(batch)
            aliases = self._aliases_of({int(row["mechanism_id"]) for row in batch})
            corrections = self._corrections_of("meeting", ids)
            shared: dict[int, tuple[list[str], list[str]]] = {}
            for row, meeting_id in zip(batch, ids, strict=True):
                mechanism_id = row["mechanism_id"]
                if mechanism_id not in shared:
                    own = aliases.get(mechanism_id, [])
                    shared[mechanism_id] = (own, json.loads(row["parties"]))
                own, parties = shared[mechanism_id]
                given = sources.get(meeting_id, [])
                documents = {document: source for document, source, _ in given}
                # The mechanism's own aliases, then the forms this meeting's reports wrote it in.
                written = [alias for *_, forms in given for alias in forms]
                corrected = corrections.get(meeting_id, [])
                chosen = chairs.get(meeting_id, [])
                objects.append(
                    {
                        "id": meeting_id,
                        "mechanism_id": mechanism_id,
                        "mechanism": {
                            "name": row["mechanism_name"],
                            "aliases": _unique([*own, *written]),
                            "parties": list(parties),
                            "programme": row["programme"],
                            "key": row["mechanism_key"],
                        },
                        **{name: row[name] for name in MERGED_FIELDS},
                        "chairs": correct_chairs(chosen, corrected) if corrected else chosen,
                        "sources": list(documents.values()),
                        "documents": list(documents),
                        "conflicts": json.loads(row["conflicts"]) if row["conflicts"] != "{}" else {},
                        "rejected": bool(row["rejected"]),
                        "corrections": corrected,
                    }
                )
        return objects

    def _summaries(
        self, rows: Sequence[sqlite3.Row]
    ) -> tuple[dict[int, list[tuple[str, str, list[str]]]], dict[int, list[dict[str, Any]]]]:
        """Each meeting's sources and chosen chairs: from its stored summary, else from the tables."""
        sources: dict[int, list[tuple[str, str, list[str]]]] = {}
        chairs: dict[int, list[dict[str, Any]]] = {}
        missing = []
        for row in rows:
            if row["summary_sources"] is None:
                missing.append(int(row["id"]))
                continue
            sources[row["id"]] = [(d, s, forms or []) for d, s, forms in json.loads(row["summary_sources"])]
            chairs[row["id"]] = json.loads(row["summary_chairs"])
        if missing:
            sources.update(self._sources_of(missing))
            chairs.update(self._chairs_of(missing))
        return sources, chairs

    def _sources_of(self, meeting_ids: Sequence[int]) -> dict[int, list[tuple[str, str, list[str]]]]:
        """Per meeting, each report's document, source and the forms it wrote the mechanism in."""
        marks = ",".join("?" * len(meeting_ids))
        rows = self.conn.execute(
            "SELECT s.meeting_id, d.id, d.source, json_extract(s.record, '$.mechanism.aliases') AS aliases"
            f" FROM meeting_sources s JOIN documents d ON d.id = s.document_id WHERE s.meeting_id IN ({marks})"
            " ORDER BY s.rowid",
            meeting_ids,
        ).fetchall()
        out: dict[int, list[tuple[str, str, list[str]]]] = {}
        for r in rows:
            forms = json.loads(r["aliases"]) if r["aliases"] else []
            out.setdefault(r["meeting_id"], []).append((r["id"], r["source"], forms))
        return out

    def _aliases(self, mechanism_id: int) -> list[str]:
        return self._aliases_of([mechanism_id]).get(mechanism_id, [])

    def _aliases_of(self, mechanism_ids: Collection[int]) -> dict[int, list[str]]:
        marks = ",".join("?" * len(mechanism_ids))
        rows = self.conn.execute(
            f"SELECT mechanism_id, alias FROM mechanism_aliases WHERE mechanism_id IN ({marks}) ORDER BY rowid",
            list(mechanism_ids),
        ).fetchall()
        out: dict[int, list[str]] = {}
        for r in rows:
            out.setdefault(r["mechanism_id"], []).append(r["alias"])
        return out

    def _chairs_of(self, meeting_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        """Per meeting, its chairs from every source, one per person, title and side chosen like any other field."""
        marks = ",".join("?" * len(meeting_ids))
        rows = self.conn.execute(
            "SELECT c.meeting_id, c.person_id, p.name, c.title, c.country, c.account, d.outlet_rank,"
            " d.rowid AS ord FROM chairs c JOIN people p ON p.id = c.person_id"
            f" JOIN documents d ON d.id = c.document_id WHERE c.meeting_id IN ({marks}) ORDER BY d.rowid, c.rowid",
            meeting_ids,
        ).fetchall()
        claims: dict[int, list[ChairClaim]] = {}
        for r in rows:
            claims.setdefault(r["meeting_id"], []).append(
                ChairClaim(
                    int(r["person_id"]),
                    r["name"],
                    r["title"],
                    r["country"],
                    r["account"],
                    r["outlet_rank"],
                    r["ord"],
                )
            )
        return {meeting_id: choose_chairs(found) for meeting_id, found in claims.items()}

    def _reports(self, meeting_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT d.id, d.source, d.url, d.title, d.published, s.record, s.evidence, l.site, l.heading"
            " FROM meeting_sources s JOIN documents d ON d.id = s.document_id"
            " LEFT JOIN document_labels l ON l.document_id = d.id"
            " WHERE s.meeting_id = ? ORDER BY s.rowid",
            (meeting_id,),
        ).fetchall()
        statements = self._statements_of([r["id"] for r in rows], meeting_id)
        return [
            {
                "document": r["id"],
                "source": r["source"],
                "label": _label(r),
                "site": r["site"],
                "url": r["url"],
                "title": r["title"],
                "published": r["published"],
                "meeting": json.loads(r["record"]),
                "evidence": json.loads(r["evidence"]),
                "statements": statements.get(r["id"], []),
            }
            for r in rows
        ]

    def _statements_of(self, document_ids: Sequence[str], meeting_id: int) -> dict[str, list[dict[str, Any]]]:
        """Per document, its statements made at this meeting or at none, in text order."""
        marks = ",".join("?" * len(document_ids))
        rows = self.conn.execute(
            'SELECT document_id, id, meeting_id, kind, topics, actors, start, "end", text FROM statements'
            f" WHERE document_id IN ({marks}) AND (meeting_id = ? OR meeting_id IS NULL) ORDER BY start",
            [*document_ids, meeting_id],
        ).fetchall()
        out: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            out.setdefault(r["document_id"], []).append(_statement_object(r))
        return out

    def document_texts(self, document_ids: Sequence[str]) -> dict[str, str]:
        """The texts of stored documents by id (ids of no stored document are left out)."""
        marks = ",".join("?" * len(document_ids))
        rows = self.conn.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", list(document_ids))
        return {r[0]: r[1] for r in rows}

    def _mechanism_of(self, meeting_id: int) -> int:
        row = self._one("SELECT mechanism_id FROM meetings WHERE id = ?", (meeting_id,))
        if row is None:
            raise NotFoundError(f"no meeting with id {meeting_id}; `corridor meetings` lists the ids")
        return int(row["mechanism_id"])

    # -- corrections as recorded ----------------------------------------------------

    def corrections(self, target: str | None = None, target_id: int | None = None) -> list[dict[str, Any]]:
        """Reviewers' changes, oldest first: all of them, or those of one target."""
        clauses: list[str] = []
        params: list[Any] = []
        if target is not None:
            clauses.append("target = ?")
            params.append(target)
        if target_id is not None:
            clauses.append("target_id = ?")
            params.append(target_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.conn.execute(f"{_CORRECTION_SELECT} {where} ORDER BY id", params).fetchall()
        return [_correction_object(r) for r in rows]

    def _corrections_of(self, target: str, target_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        """Reviewers' changes to each of many targets, oldest first."""
        marks = ",".join("?" * len(target_ids))
        rows = self.conn.execute(
            f"{_CORRECTION_SELECT} WHERE target = ? AND target_id IN ({marks}) ORDER BY id",
            [target, *target_ids],
        ).fetchall()
        out: dict[int, list[dict[str, Any]]] = {}
        for r in rows:
            out.setdefault(r["target_id"], []).append(_correction_object(r))
        return out

    def meeting_exists(self, meeting_id: int) -> bool:
        return self._one("SELECT 1 FROM meetings WHERE id = ?", (meeting_id,)) is not None

    def meeting_mechanism(self, meeting_id: int) -> int:
        """The mechanism a stored meeting belongs to."""
        return self._mechanism_of(meeting_id)

    # -- reads for the web view, exports and briefs ------------------------------

    def list_mechanisms(self) -> list[dict[str, Any]]:
        """Every mechanism with its number of meetings, rounds held and first and last dates."""
        rows = self.conn.execute(
            "SELECT k.id, k.key, k.name, k.programme, k.parties, COUNT(m.id) AS meetings,"
            f" SUM(m.status = 'held') AS held, {_ROUND_DATES}"
            " FROM mechanisms k LEFT JOIN meetings m ON m.mechanism_id = k.id"
            " GROUP BY k.id ORDER BY k.name COLLATE NOCASE, k.id"
        ).fetchall()
        return [_mechanism_summary(r) for r in rows]

    def get_mechanism(self, mechanism_id: int) -> dict[str, Any]:
        """One mechanism with its aliases; NotFoundError names where the ids are listed."""
        row = self._one(
            "SELECT k.id, k.key, k.name, k.programme, k.parties, COUNT(m.id) AS meetings,"
            f" SUM(m.status = 'held') AS held, {_ROUND_DATES}"
            " FROM mechanisms k LEFT JOIN meetings m ON m.mechanism_id = k.id WHERE k.id = ? GROUP BY k.id",
            (mechanism_id,),
        )
        if row is None:
            raise NotFoundError(f"no mechanism with id {mechanism_id}; /mechanisms lists the ids")
        return {**_mechanism_summary(row), "aliases": self._aliases(mechanism_id)}

    def find_mechanism(self, name: str) -> int:
        """The id of the mechanism a key, name or alias names (exactly, ignoring case), else the one it is part of."""
        for sql in (
            "SELECT id FROM mechanisms WHERE key = fold(:n) OR fold(name) = fold(:n)"
            " OR id IN (SELECT mechanism_id FROM mechanism_aliases WHERE fold(alias) = fold(:n))",
            "SELECT id FROM mechanisms WHERE instr(fold(name), fold(:n)) > 0 OR instr(key, fold(:n)) > 0",
        ):
            rows = self.conn.execute(f"{sql} ORDER BY id LIMIT 2", {"n": name}).fetchall()
            if len(rows) == 1:
                return int(rows[0]["id"])
            if rows:
                raise NotFoundError(f"{name!r} names more than one mechanism; give its key or id")
        raise NotFoundError(f"no mechanism named {name!r}; `corridor meetings` shows their names")

    def mechanism_meetings(self, mechanism_id: int) -> list[dict[str, Any]]:
        """The meetings of one mechanism as meeting objects, by date."""
        rows = self.conn.execute(
            f"{_MEETING_SELECT} WHERE m.mechanism_id = ? ORDER BY m.date IS NULL, m.date, m.id",
            (mechanism_id,),
        ).fetchall()
        return self._meeting_objects(rows)

    def page_meetings(
        self, filters: MeetingFilters, limit: int = 50, offset: int = 0, sort: str = "-date"
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of meetings, latest first unless `sort` names a column of MEETING_SORTS
        ('-' before it: descending), and how many match the filters in all."""
        rows, total = self._page_rows(filters, limit, offset, sort)
        return self._meeting_objects(rows), total

    def page_meetings_json(
        self, filters: MeetingFilters, limit: int = 50, offset: int = 0, sort: str = "-date"
    ) -> tuple[list[str], int]:
        """`page_meetings` with each meeting object as JSON text, written from what is stored."""
        rows, total = self._page_rows(filters, limit, offset, sort)
        ids = [int(r["id"]) for r in rows]
        corrected = listing.corrected_meetings(self.conn, ids) if ids else set()
        slow = [r for r in rows if r["summary_sources"] is None or int(r["id"]) in corrected]
        built = {o["id"]: o for o in self._meeting_objects(slow)}
        aliases = self._aliases_of({int(r["mechanism_id"]) for r in rows if int(r["id"]) not in built})
        return listing.listing_texts(rows, aliases, built), total

    def _page_rows(
        self, filters: MeetingFilters, limit: int, offset: int, sort: str
    ) -> tuple[list[sqlite3.Row], int]:
        clauses, params = filters.clauses()
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        total = self._count_meetings(
            where.replace("+m.rejected", "m.rejected"), params, joined=filters.needs_mechanism
        )
        column = MEETING_SORTS.get(sort.lstrip("-"))
        if column is None:
            raise StorageError(f"cannot sort by {sort!r}; sort by one of {', '.join(MEETING_SORTS)}")
        direction = "DESC" if sort.startswith("-") else ""
        if column == "m.date":
            order = "m.date DESC, m.id DESC" if direction else "m.date, m.id"
        else:
            order = f"{column} {direction}, m.date DESC, m.id DESC"
        # The page's ids first, from an index alone where the filters allow (rows skipped by the
        # offset are never read), then the rows of those ids only.
        joined = filters.needs_mechanism or column.startswith("k.")
        join = "JOIN mechanisms k ON k.id = m.mechanism_id" if joined else ""
        ids = [
            int(r[0])
            for r in self.conn.execute(
                f"SELECT m.id FROM meetings m {join} {where.replace('+m.rejected', 'm.rejected')}"
                f" ORDER BY {order} LIMIT :limit OFFSET :offset",
                {**params, "limit": limit, "offset": offset},
            )
        ]
        found: dict[int, sqlite3.Row] = {}
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            sql = f"{_MEETING_SELECT} WHERE m.id IN ({','.join('?' * len(batch))})"
            found.update((int(r["id"]), r) for r in self.conn.execute(sql, batch))
        return [found[i] for i in ids], total

    def meeting_facets(self, filters: MeetingFilters, size: int = 20) -> dict[str, list[dict[str, Any]]]:
        """For the meetings the filters select: how many have each mechanism, party, status, year,
        host country and chair (the most frequent `size` values of each)."""
        clauses, params = filters.clauses()
        where = " AND ".join(clauses).replace("+m.rejected", "m.rejected")
        chosen = f"SELECT m.id FROM meetings m JOIN mechanisms k ON k.id = m.mechanism_id WHERE {where}"
        sql = {
            "mechanism": "SELECT k.id AS value, k.name AS label, COUNT(*) AS n FROM meetings m"
            f" JOIN mechanisms k ON k.id = m.mechanism_id WHERE m.id IN ({chosen}) GROUP BY k.id"
            f" ORDER BY n DESC, k.name LIMIT {size}",
            "party": "SELECT p.value AS value, COUNT(*) AS n FROM meetings m JOIN mechanisms k ON k.id = m.mechanism_id,"
            f" json_each(k.parties) p WHERE m.id IN ({chosen}) GROUP BY p.value ORDER BY n DESC, value LIMIT {size}",
            "status": f"SELECT m.status AS value, COUNT(*) AS n FROM meetings m WHERE m.id IN ({chosen})"
            " GROUP BY m.status ORDER BY n DESC, value",
            "year": "SELECT CAST(substr(m.date, 1, 4) AS INTEGER) AS value, COUNT(*) AS n FROM meetings m"
            f" WHERE m.id IN ({chosen}) AND m.date IS NOT NULL GROUP BY value ORDER BY value DESC LIMIT {size}",
            "host": f"SELECT m.country AS value, COUNT(*) AS n FROM meetings m WHERE m.id IN ({chosen})"
            f" AND m.country IS NOT NULL GROUP BY m.country ORDER BY n DESC, value LIMIT {size}",
            "chair": "SELECT c.person_id AS value, p.name AS label, COUNT(DISTINCT c.meeting_id) AS n FROM chairs c"
            f" JOIN people p ON p.id = c.person_id WHERE c.meeting_id IN ({chosen}) GROUP BY c.person_id"
            f" ORDER BY n DESC, p.name LIMIT {size}",
        }
        return {name: [dict(r) for r in self.conn.execute(query, params)] for name, query in sql.items()}

    def _count_meetings(self, where: str, params: dict[str, Any], *, joined: bool) -> int:
        """COUNT(*) for a filter, remembered until any connection commits (every page of a listing asks it)."""
        key = (where, tuple(sorted((k, str(v)) for k, v in params.items())))
        counts = self._answers("meeting_counts", 512)
        if key not in counts:
            join = "JOIN mechanisms k ON k.id = m.mechanism_id" if joined else ""
            sql = f"SELECT COUNT(*) FROM meetings m {join} {where}"
            counts[key] = int(self.conn.execute(sql, params).fetchone()[0])
        return int(counts[key])

    def topic_counts(self, mechanism_id: int | None = None) -> list[dict[str, Any]]:
        """How many statements touch each topic per year (meeting date, else publication date),
        leaving out statements made of a scheduled round."""
        # Statements at a round still ahead say what it is to discuss, not what has been discussed.
        where = "WHERE (m.id IS NULL OR m.status != 'scheduled')"
        where += " AND m.mechanism_id = :mechanism" if mechanism_id is not None else ""
        rows = self.conn.execute(
            # The document is read only for statements of no dated meeting.
            "SELECT substr(COALESCE(m.date, (SELECT published FROM documents WHERE id = s.document_id)), 1, 4)"
            " AS year, t.value AS topic, COUNT(*) AS n"
            " FROM statements s LEFT JOIN meetings m ON m.id = s.meeting_id, json_each(s.topics) t"
            f" {where} GROUP BY year, topic ORDER BY year, topic",
            {"mechanism": mechanism_id},
        ).fetchall()
        return [dict(r) for r in rows if r["year"]]

    def topic_pairs(self, rows: Sequence[str], columns: Sequence[str]) -> list[dict[str, Any]]:
        """Statements per year that touch both a row topic and a column topic (a framework matrix)."""
        row_marks, column_marks = ",".join("?" * len(rows)), ",".join("?" * len(columns))
        if not rows or not columns:
            return []
        found = self.conn.execute(
            "SELECT substr(COALESCE(m.date, d.published), 1, 4) AS year, a.value AS row, b.value AS col,"
            " COUNT(DISTINCT s.id) AS n"
            " FROM statements s JOIN documents d ON d.id = s.document_id"
            " LEFT JOIN meetings m ON m.id = s.meeting_id, json_each(s.topics) a, json_each(s.topics) b"
            f" WHERE a.value IN ({row_marks}) AND b.value IN ({column_marks})"
            " GROUP BY year, row, col ORDER BY year, row, col",
            (*rows, *columns),
        ).fetchall()
        return [dict(r) for r in found]

    def conflicting_reports(self, mechanism_id: int | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Reports of the meetings whose sources give different values for a field, latest meetings first.

        Whether two values really disagree (a month against a day of it does not) is the caller's call.
        """
        scope = "WHERE meeting_id IN (SELECT id FROM meetings WHERE mechanism_id = :mechanism)"
        distinct = " OR ".join(
            f"COUNT(DISTINCT json_extract(record, '$.{name}')) > 1" for name in CONFLICT_FIELDS
        )
        ids = [
            int(r[0])
            for r in self.conn.execute(
                f"SELECT meeting_id FROM meeting_sources {scope if mechanism_id is not None else ''}"
                f" GROUP BY meeting_id HAVING {distinct} ORDER BY meeting_id DESC LIMIT :limit",
                {"mechanism": mechanism_id, "limit": limit},
            )
        ]
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            "SELECT s.meeting_id, s.document_id, d.source, d.published, s.record, l.site, l.heading"
            " FROM meeting_sources s JOIN documents d ON d.id = s.document_id"
            f" LEFT JOIN document_labels l ON l.document_id = d.id WHERE s.meeting_id IN ({marks})"
            " ORDER BY s.meeting_id DESC, s.rowid",
            ids,
        ).fetchall()
        return [{**dict(r), "record": json.loads(r["record"]), "label": _label(r)} for r in rows]

    def meeting_reports(self, meeting_id: int) -> list[dict[str, Any]]:
        """Each document's account of one meeting (fields, field evidence and evidence sentences)."""
        return self._reports(meeting_id)

    def get_person(self, person_id: int) -> dict[str, Any]:
        """A person and every office a source gave them, with the meeting it was held at, by date."""
        row = self._one("SELECT id, name FROM people WHERE id = ?", (person_id,))
        if row is None:
            raise NotFoundError(
                f"no person with id {person_id}; meeting pages link to the people who chaired"
            )
        offices = self.conn.execute(
            "SELECT o.title, o.country, o.meeting_id, o.document_id, m.date, m.status, m.ordinal,"
            " k.id AS mechanism_id, k.name AS mechanism"
            " FROM offices o LEFT JOIN meetings m ON m.id = o.meeting_id"
            " LEFT JOIN mechanisms k ON k.id = m.mechanism_id"
            " WHERE o.person_id = ? ORDER BY m.date IS NULL, m.date, o.rowid",
            (person_id,),
        ).fetchall()
        return {"id": row["id"], "name": row["name"], "offices": [dict(o) for o in offices]}

    def get_document(self, document_id: str) -> dict[str, Any]:
        """A stored document, its text, the meetings it reports (with evidence) and its statements."""
        row = self._one(
            "SELECT id, source, url, title, published, language, text, ingested_at, l.site, l.heading"
            " FROM documents LEFT JOIN document_labels l ON l.document_id = id WHERE id = ?",
            (document_id,),
        )
        if row is None:
            raise NotFoundError(f"no document with id {document_id!r}; search lists documents")
        accounts = self.conn.execute(
            "SELECT s.meeting_id, s.position, s.record, s.evidence, k.id AS mechanism_id, k.name AS mechanism"
            " FROM meeting_sources s JOIN meetings m ON m.id = s.meeting_id"
            " JOIN mechanisms k ON k.id = m.mechanism_id WHERE s.document_id = ? ORDER BY s.position",
            (document_id,),
        ).fetchall()
        statements = self.conn.execute(
            'SELECT id, meeting_id, kind, topics, actors, start, "end", text FROM statements'
            " WHERE document_id = ? ORDER BY start",
            (document_id,),
        ).fetchall()
        return {
            **dict(row),
            "label": _label(row),
            "meetings": [
                {
                    "meeting_id": a["meeting_id"],
                    "mechanism_id": a["mechanism_id"],
                    "mechanism": a["mechanism"],
                    "record": json.loads(a["record"]),
                    "evidence": json.loads(a["evidence"]),
                }
                for a in accounts
            ],
            "statements": [_statement_object(s) for s in statements],
        }

    def list_statements(
        self, kinds: Sequence[str] = (), mechanism_id: int | None = None
    ) -> list[dict[str, Any]]:
        """Statements with their document's date and source and their meeting's mechanism and date."""
        clauses = ["1"]
        params: dict[str, Any] = {"mechanism": mechanism_id}
        if kinds:
            clauses.append(f"s.kind IN ({','.join(f':k{i}' for i in range(len(kinds)))})")
            params.update({f"k{i}": kind for i, kind in enumerate(kinds)})
        if mechanism_id is not None:
            clauses.append("m.mechanism_id = :mechanism")
        rows = self.conn.execute(
            'SELECT s.id, s.meeting_id, s.kind, s.topics, s.actors, s.start, s."end", s.text, s.document_id,'
            " d.source, d.url, d.published, m.date AS meeting_date, m.city, m.country AS meeting_country,"
            " k.id AS mechanism_id, k.name AS mechanism, k.parties"
            " FROM statements s JOIN documents d ON d.id = s.document_id"
            " LEFT JOIN meetings m ON m.id = s.meeting_id LEFT JOIN mechanisms k ON k.id = m.mechanism_id"
            f" WHERE {' AND '.join(clauses)} ORDER BY COALESCE(m.date, d.published), s.id",
            params,
        ).fetchall()
        return [
            {
                **_statement_object(r),
                **{k: r[k] for k in _STATEMENT_CONTEXT},
                "parties": json.loads(r["parties"] or "[]"),
            }
            for r in rows
        ]

    def search(self, query: SearchQuery, limit: int = 20, offset: int = 0) -> dict[str, Any]:
        """Documents or statements matching every word of a query and the facet filters, newest stored
        first, with the words marked and facet counts (see `search.py` for what is bounded and how).

        Each word is matched as a quoted term, so whatever is typed is searched as plain text.
        """
        return search.search(self.conn, query, limit, offset, self._answers("searches", 256))

    # -- write tokens ------------------------------------------------------------

    def create_token(self, name: str, token_hash: str) -> None:
        """Record a write token by the hash of its secret; names are unique so one can be revoked."""
        try:
            self.conn.execute(
                "INSERT INTO api_tokens (name, token_hash, created_at) VALUES (?, ?, ?)",
                (name, token_hash, _now()),
            )
        except sqlite3.IntegrityError as exc:
            raise StorageError(
                f"a token named {name!r} exists; revoke it first or pick another name"
            ) from exc

    def token_name(self, token_hash: str) -> str | None:
        """The name of the live token with this hash, or None."""
        row = self._one(
            "SELECT name FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", (token_hash,)
        )
        return str(row["name"]) if row else None

    def list_tokens(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT name, created_at, revoked_at FROM api_tokens ORDER BY name"
        ).fetchall()
        return [dict(r) for r in rows]

    def revoke_token(self, name: str) -> None:
        cursor = self.conn.execute(
            "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", (_now(), name)
        )
        if cursor.rowcount == 0:
            raise NotFoundError(f"no live token named {name!r}; `corridor token list` shows them")


def _label(row: sqlite3.Row) -> str:
    """A document's name for readers: its site and title or headline (see `kb.labels`)."""
    return label(row["site"], row["heading"] or row["source"])
