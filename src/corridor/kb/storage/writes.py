"""Writes: storing a document's accounts, joining them to mechanisms, meetings and people, and
keeping each meeting's merged values; all in the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ...errors import StorageError
from ...model import Chair, Document, MechanismRef, Meeting, Raw, Statement
from ..labels import heading, outlet_name
from ..mechanisms import fold as plain_fold
from ..mechanisms import lookup_cores, mechanism_key, name_forms, parties_compatible, parties_key
from ..merge import (
    Claim,
    Resolution,
    date_window,
    day_distance,
    number_next_rounds,
    postponement_window,
    resolve,
    undated_round_window,
)
from ..outlets import Outlet, classify
from ..people import Profile, Sighting, best_match, name_key, search_tokens
from .engagements import EngagementRecords
from .schema import MAX_CANDIDATES, MAX_PROFILE_TITLES, MERGED_FIELDS, _now, fold
from .sql import _ACTIVE, _PROFILE_SET, _unique


@dataclass(frozen=True, slots=True)
class PreviousAccount:
    """Where one account of a document stood before the document was extracted again."""

    meeting_id: int
    start: int | None
    ordinal: int | None
    date: str | None


def _previous_meeting(previous: Sequence[PreviousAccount], account: Meeting) -> int | None:
    """The meeting this account's earlier extraction was in: same sentence, else same round or date."""
    start = min((s.start for s in account.evidence), default=None)
    tests = (
        lambda p: start is not None and p.start == start,
        lambda p: account.ordinal is not None and p.ordinal == account.ordinal,
        lambda p: account.date is not None and p.date == account.date,
    )
    for test in tests:
        for p in previous:
            if test(p):
                return p.meeting_id
    return None


@dataclass(slots=True)
class StoreResult:
    """What storing one document did: 'stored' or 'unchanged', and its meeting rows."""

    document_id: str
    status: str
    meeting_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoryLink:
    """The story a document joins: near-duplicates share one, each keeping its own outlet.

    `story_id` is the id of the story's first document; `signature` the document's MinHash.
    """

    story_id: str
    outlet: str | None
    similarity: float | None
    signature: bytes


class Writes(EngagementRecords):
    """Storing documents and what was extracted from them."""

    # -- writes ----------------------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        """Whether this content is already stored; lets ingestion skip extraction."""
        return self._one("SELECT 1 FROM documents WHERE id = ?", (document_id,)) is not None

    def store_document(
        self, doc: Document, story: StoryLink | None = None, outlet: Outlet | None = None
    ) -> StoreResult:
        """Store a document with its meetings, chairs, statements, bytes and story in one transaction.

        Each account of a meeting joins the stored meeting it describes (see `kb.merge`) or
        starts one. The same content stored twice is kept once and reported as 'unchanged'.
        """
        try:
            with self.transaction():
                if self.has_document(doc.id):
                    return StoreResult(doc.id, "unchanged")
                self._insert_document(doc, outlet or classify(doc))
                if story is not None:
                    self._insert_story_link(doc.id, story)
                meeting_ids = self._store_accounts(doc)
                for statement in doc.statements:
                    self._insert_statement(doc, statement, meeting_ids)
                self._store_engagements(doc, meeting_ids)
                self._store_designations(doc)
                self._insert_raw(doc)
        except sqlite3.Error as exc:
            raise StorageError(f"could not be stored ({exc}); nothing of this document was kept") from exc
        return StoreResult(doc.id, "stored", meeting_ids)

    def replace_document(self, doc: Document, outlet: Outlet | None = None) -> StoreResult:
        """Replace what a stored document says with a new extraction of it, in one transaction.

        Each new account keeps the meeting its old account was in when nothing else places
        it, so corrections made on that meeting stay with it. Meetings left with no source
        and no correction are removed.
        """
        try:
            with self.transaction():
                previous = self._accounts_of(doc.id)
                old_meetings = {p.meeting_id for p in previous}
                old_people = self._people_of(doc.id)
                self._forget_document(doc.id)
                old_engagements = self._forget_engagements(doc.id)
                row = outlet or classify(doc)
                self.conn.execute(
                    "UPDATE documents SET outlet = ?, outlet_rank = ?, outlet_trust = ? WHERE id = ?",
                    (row.name, row.rank, row.trust, doc.id),
                )
                meeting_ids = self._store_accounts(doc, previous)
                for statement in doc.statements:
                    self._insert_statement(doc, statement, meeting_ids)
                new_engagements = set(self._store_engagements(doc, meeting_ids))
                self._store_designations(doc)
                for engagement_id in old_engagements - new_engagements:
                    self.refresh_engagement(engagement_id)
                for meeting_id in old_meetings - set(meeting_ids):
                    self._refresh_or_drop(meeting_id)
                for person_id in old_people:
                    self._refresh_profile(person_id)
        except sqlite3.Error as exc:
            raise StorageError(f"could not be re-extracted ({exc}); the document was left as it was") from exc
        return StoreResult(doc.id, "stored", meeting_ids)

    def _insert_document(self, doc: Document, outlet: Outlet) -> None:
        published = doc.published.isoformat() if doc.published else None
        self.conn.execute(
            "INSERT INTO documents (id, source, url, title, published, language, text, ingested_at,"
            " outlet, outlet_rank, outlet_trust) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id,
                doc.source,
                doc.url,
                doc.title,
                published,
                doc.language,
                doc.text,
                _now(),
                outlet.name,
                outlet.rank,
                outlet.trust,
            ),
        )
        self.conn.execute(
            "INSERT INTO documents_fts (rowid, document_id, title, text)"
            " VALUES ((SELECT rowid FROM documents WHERE id = ?), ?, ?, ?)",  # one row id for both: see migration 11
            (doc.id, doc.id, doc.title or "", doc.text),
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO document_labels (document_id, site, heading) VALUES (?, ?, ?)",
            (doc.id, outlet_name(doc.provenance, doc.url), heading(doc.title, doc.text, doc.url)),
        )

    def _store_accounts(self, doc: Document, previous: Sequence[PreviousAccount] = ()) -> list[int]:
        """Place every account of the document; returns the meeting of each, in order."""
        accounts = number_next_rounds(doc.meetings, mechanism_key)
        published = doc.published.isoformat() if doc.published else None
        meeting_ids: list[int] = []
        for position, (said, account) in enumerate(zip(doc.meetings, accounts, strict=True)):
            mechanism_id = self._resolve_mechanism(account.mechanism)
            before = _previous_meeting(previous, account)
            meeting_id = self._placed_meeting(doc.id, before)
            if meeting_id is None:
                meeting_id = self._find_meeting(mechanism_id, account.ordinal, account.date, account.status)
            if meeting_id is None:
                meeting_id = self._moved_meeting(mechanism_id, account.ordinal, account.date)
            if meeting_id is None and account.status != "reference":
                if account.ordinal is None:
                    meeting_id = self._undated_round(mechanism_id, account.date or published, account.city)
                elif account.date is None and published:
                    meeting_id = self._unnumbered_round(mechanism_id, published, account.city)
            if meeting_id is None:
                meeting_id = self._kept_meeting(before, mechanism_id)
            if meeting_id is None:
                meeting_id = self._insert_meeting(mechanism_id)
            inferred = {"ordinal": account.ordinal} if account.ordinal != said.ordinal else {}
            self._insert_meeting_source(meeting_id, doc, position, said, inferred)
            self._insert_claims(meeting_id, doc.id, position, account)
            for chair in account.chairs:
                self._insert_chair(meeting_id, doc.id, chair, account.status, account.date or published)
            self.refresh_meeting(meeting_id)
            meeting_ids.append(meeting_id)
        return meeting_ids

    def _placed_meeting(self, document_id: str, meeting_id: int | None) -> int | None:
        """The meeting a reviewer's split or merge put this document's account in, when it was there."""
        if meeting_id is None or not self.meeting_exists(meeting_id):
            return None
        placed = self._one(
            "SELECT 1 FROM corrections WHERE target = 'meeting' AND action IN ('split', 'merge')"
            f" AND {_ACTIVE} AND ((target_id = :m AND EXISTS (SELECT 1 FROM json_each(corrections.value, '$.documents')"
            " WHERE json_each.value = :d)) OR (action = 'split' AND json_extract(value, '$.from') = :m))"
            " LIMIT 1",
            {"m": meeting_id, "d": document_id},
        )
        return meeting_id if placed else None

    def _moved_meeting(self, mechanism_id: int, ordinal: int | None, day: str | None) -> int | None:
        """A meeting of this round that a reviewer moved out of this mechanism into another."""
        if ordinal is None and not day:
            return None
        for row in self.conn.execute(
            "SELECT m.id, m.ordinal, m.date FROM corrections JOIN meetings m ON m.id = corrections.target_id"
            f" WHERE corrections.target = 'meeting' AND corrections.action = 'move' AND {_ACTIVE}"
            " AND json_extract(corrections.value, '$.from') = ? ORDER BY corrections.id DESC",
            (mechanism_id,),
        ).fetchall():
            if (ordinal is not None and row["ordinal"] == ordinal) or (
                ordinal is None and row["date"] == day
            ):
                return int(row["id"])
        return None

    def _kept_meeting(self, meeting_id: int | None, mechanism_id: int) -> int | None:
        """The meeting an account's earlier extraction was in, if the account still belongs there:
        same mechanism, or a meeting a reviewer has worked on (so the work is not lost)."""
        if meeting_id is None or not self.meeting_exists(meeting_id):
            return None
        if self._mechanism_of(meeting_id) == mechanism_id:
            return meeting_id
        corrected = self._one(
            "SELECT 1 FROM corrections WHERE target = 'meeting' AND target_id = ? LIMIT 1", (meeting_id,)
        )
        return meeting_id if corrected else None

    # -- which mechanism an account belongs to -----------------------------------

    def _resolve_mechanism(self, ref: MechanismRef) -> int:
        """The stored mechanism an account names; a new one when none is found.

        In order: a reviewer's split routes this name elsewhere; the lexicon key; the name
        and parties; a distinctive alias shared with exactly one mechanism of compatible
        parties. Every lookup goes through an index.
        """
        parties = parties_key(ref.parties)
        cores = lookup_cores(ref)
        named = sorted({core for _, core in name_forms(ref) if core})  # a reviewer's route may name any form
        mechanism_id = (
            self._routed_mechanism(named, parties)
            or (self._mechanism_by_key(ref.key) if ref.key else None)
            or self._mechanism_by_key(mechanism_key(replace(ref, key=None)), lexicon_key=ref.key)
            or self._mechanism_by_alias(cores, parties, lexicon_key=ref.key)
        )
        if mechanism_id is None:
            mechanism_id = self._insert_mechanism(ref)
        self._remember_mechanism(mechanism_id, ref)
        return mechanism_id

    def _routed_mechanism(self, cores: Sequence[str], parties: str) -> int | None:
        if not cores:
            return None
        marks = ",".join("?" * len(cores))
        rows = self.conn.execute(
            f"SELECT mechanism_id, parties FROM mechanism_names WHERE routed = 1 AND core IN ({marks})",
            list(cores),
        ).fetchall()
        found = {int(r["mechanism_id"]) for r in rows if parties_compatible(r["parties"], parties)}
        return found.pop() if len(found) == 1 else None

    def _mechanism_by_key(self, key: str, lexicon_key: str | None = None) -> int | None:
        """The mechanism a key stands for; with `lexicon_key`, not one that has another lexicon key."""
        row = self._one(
            "SELECT k.id, k.key, k.lexicon FROM mechanism_keys x JOIN mechanisms k ON k.id = x.mechanism_id"
            " WHERE x.key = ?",
            (key,),
        )
        if row is None or (lexicon_key and row["lexicon"] and row["key"] != lexicon_key):
            return None
        return int(row["id"])

    def _mechanism_by_alias(self, cores: Sequence[str], parties: str, lexicon_key: str | None) -> int | None:
        if not cores:
            return None
        marks = ",".join("?" * len(cores))
        rows = self.conn.execute(
            "SELECT n.mechanism_id, n.parties, k.key, k.lexicon FROM mechanism_names n"
            f" JOIN mechanisms k ON k.id = n.mechanism_id WHERE n.core IN ({marks})",
            list(cores),
        ).fetchall()
        found = {
            int(r["mechanism_id"])
            for r in rows
            if parties_compatible(r["parties"], parties)
            and not (lexicon_key and r["lexicon"] and r["key"] != lexicon_key)
        }
        return found.pop() if len(found) == 1 else None

    def _insert_mechanism(self, ref: MechanismRef) -> int:
        key = mechanism_key(ref)
        if self._one("SELECT 1 FROM mechanisms WHERE key = ?", (key,)) is not None:
            key = f"{key}#{self._next_id('mechanisms')}"
        cursor = self.conn.execute(
            "INSERT INTO mechanisms (id, key, name, programme, parties, lexicon) VALUES (?, ?, ?, ?, ?, ?)",
            (
                self._next_id("mechanisms"),
                key,
                ref.name,
                ref.programme,
                json.dumps(_unique(ref.parties), ensure_ascii=False),
                int(bool(ref.key)),
            ),
        )
        mechanism_id = int(cursor.lastrowid or 0)
        self.conn.execute(
            "INSERT OR IGNORE INTO mechanism_keys (key, mechanism_id) VALUES (?, ?)", (key, mechanism_id)
        )
        return mechanism_id

    def _remember_mechanism(self, mechanism_id: int, ref: MechanismRef) -> None:
        """Keep what this account calls the mechanism: its keys, parties, and name-like aliases.

        A mechanism first found in text takes the lexicon's key and name once an account
        resolved by the lexicon joins it (unless a reviewer renamed it).
        """
        seen = (mechanism_id, ref.name, tuple(ref.aliases), tuple(ref.parties), ref.key, ref.programme)
        if seen in self._remembered:
            return
        self._remembered.add(seen)
        found = self._one("SELECT key, name, parties, lexicon FROM mechanisms WHERE id = ?", (mechanism_id,))
        assert found is not None
        row = dict(found)
        if ref.key and not row["lexicon"] and not self._renamed(mechanism_id):
            if self._one("SELECT 1 FROM mechanisms WHERE key = ?", (ref.key,)) is None:
                self.conn.execute(
                    "UPDATE mechanisms SET key = ?, name = ?, lexicon = 1 WHERE id = ?",
                    (ref.key, ref.name, mechanism_id),
                )
                self._add_alias(mechanism_id, row["name"], ref.name)
                row.update(key=ref.key, name=ref.name)
        parties = _unique([*json.loads(row["parties"]), *ref.parties])
        if self._parties_corrected(mechanism_id):
            parties = json.loads(row["parties"])
        if len(parties) != len(json.loads(row["parties"])) or ref.programme:
            self.conn.execute(
                "UPDATE mechanisms SET programme = COALESCE(programme, ?), parties = ? WHERE id = ?",
                (ref.programme, json.dumps(parties, ensure_ascii=False), mechanism_id),
            )
        for key in {ref.key, mechanism_key(replace(ref, key=None))} - {None}:
            self.conn.execute(
                "INSERT OR IGNORE INTO mechanism_keys (key, mechanism_id) VALUES (?, ?)", (key, mechanism_id)
            )
        party_key = parties_key(ref.parties)
        for shown, core in name_forms(ref):
            self._add_alias(mechanism_id, shown, row["name"])
            if core:
                self.conn.execute(
                    "INSERT OR IGNORE INTO mechanism_names (core, parties, mechanism_id) VALUES (?, ?, ?)",
                    (core, party_key, mechanism_id),
                )

    def _add_alias(self, mechanism_id: int, alias: str, name: str) -> None:
        if alias and fold(alias) != fold(name):
            self.conn.execute(
                "INSERT OR IGNORE INTO mechanism_aliases (mechanism_id, alias) VALUES (?, ?)",
                (mechanism_id, alias),
            )

    def _parties_corrected(self, mechanism_id: int) -> bool:
        return (
            self._one(
                "SELECT 1 FROM corrections WHERE target = 'mechanism' AND target_id = ? AND field = 'parties'"
                f" AND {_ACTIVE}",
                (mechanism_id,),
            )
            is not None
        )

    def _renamed(self, mechanism_id: int) -> bool:
        return (
            self._one(
                "SELECT 1 FROM corrections WHERE target = 'mechanism' AND target_id = ? AND action = 'rename'"
                f" AND {_ACTIVE}",
                (mechanism_id,),
            )
            is not None
        )

    def _next_id(self, table: str) -> int:
        """The id the next row of `table` gets: past every stored one, and past every id a reviewer's
        merge took away, so that undoing the merge can bring that row back under its id."""
        return int(
            self.conn.execute(
                f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {table}), 0),"
                " COALESCE((SELECT MAX(row_id) FROM correction_changes WHERE tbl = ?), 0)) + 1",
                (table,),
            ).fetchone()[0]
        )

    # -- which meeting an account joins -----------------------------------------

    def _find_meeting(
        self, mechanism_id: int, ordinal: int | None, day: str | None, status: str = "held"
    ) -> int | None:
        """The stored meeting of this round: same mechanism and round, else same mechanism and date.

        A date joins within a day either way, or a meeting known only by its month or year; a
        month or a year joins the one meeting inside it. An announcement and a report of the
        one meeting within three weeks of it meet too (rounds get postponed). An account with
        a round number never joins a meeting with another number. Indexed lookups only.
        """
        if ordinal is not None:
            row = self._one(
                "SELECT meeting_id AS id FROM claims WHERE mechanism_id = ? AND field = 'ordinal' AND value = ?"
                " UNION SELECT id FROM meetings WHERE mechanism_id = ? AND ordinal = ? ORDER BY id LIMIT 1",
                (mechanism_id, str(ordinal), mechanism_id, ordinal),
            )
            if row is not None:
                return int(row["id"])
        if not day:
            return None
        candidates = self._meetings_near(mechanism_id, day)
        fitting = {
            meeting_id: value
            for meeting_id, value in candidates
            if ordinal is None or self._ordinal_of(meeting_id) is None
        }
        if not fitting:
            return self._postponed(mechanism_id, ordinal, day, status) if len(day) == 10 else None
        if len(day) < 10 and len(set(fitting)) > 1:
            return None
        return min(fitting, key=lambda m: (day_distance(day, fitting[m]), m))

    def _undated_round(self, mechanism_id: int, day: str | None, city: str | None) -> int | None:
        """The one numbered round, known by no date, that an unnumbered report of the same days names:
        reported by a source published within UNDATED_ROUND_DAYS of the report's day, in the same city
        where both name one ('the JCC meeting in Beijing on 29 December' and 'the 6th JCC in Beijing')."""
        if not day or len(day) < 7:
            return None
        low, high = undated_round_window(day)
        rows = self.conn.execute(
            "SELECT DISTINCT m.id, m.city FROM meetings m JOIN meeting_sources s ON s.meeting_id = m.id"
            " JOIN documents d ON d.id = s.document_id WHERE m.mechanism_id = ? AND m.date IS NULL"
            " AND m.ordinal IS NOT NULL AND m.rejected = 0 AND d.published BETWEEN ? AND ?",
            (mechanism_id, low, high),
        ).fetchall()
        found = {int(r["id"]) for r in rows if city is None or r["city"] is None or r["city"] == city}
        return found.pop() if len(found) == 1 else None

    def _unnumbered_round(self, mechanism_id: int, published: str, city: str | None) -> int | None:
        """The one unnumbered meeting, dated within UNDATED_ROUND_DAYS of a report that numbers a round but
        gives no date, in the same city where both name one: the other side of `_undated_round`."""
        low, high = undated_round_window(published)
        rows = self.conn.execute(
            "SELECT id, city FROM meetings WHERE mechanism_id = ? AND date BETWEEN ? AND ?"
            " AND ordinal IS NULL AND rejected = 0 AND status != 'reference'",
            (mechanism_id, low, high),
        ).fetchall()
        found = {int(r["id"]) for r in rows if city is None or r["city"] is None or r["city"] == city}
        return found.pop() if len(found) == 1 else None

    def _postponed(self, mechanism_id: int, ordinal: int | None, day: str, status: str) -> int | None:
        """The one meeting within the postponement window, when one side of the match is an announcement."""
        low, high = postponement_window(day)
        rows = self.conn.execute(
            "SELECT DISTINCT meeting_id FROM claims WHERE mechanism_id = ? AND field = 'date'"
            " AND value BETWEEN ? AND ? AND length(value) = 10",
            (mechanism_id, low, high),
        ).fetchall()
        found = []
        for (meeting_id,) in rows:
            row = self._one("SELECT status, ordinal FROM meetings WHERE id = ?", (meeting_id,))
            if row is None or (ordinal is not None and row["ordinal"] is not None):
                continue
            if status == "scheduled" or row["status"] == "scheduled":
                found.append(int(meeting_id))
        return found[0] if len(found) == 1 else None

    def _meetings_near(self, mechanism_id: int, day: str) -> list[tuple[int, str]]:
        exact, prefix = date_window(day)
        found: list[tuple[int, str]] = []
        if exact:
            marks = ",".join("?" * len(exact))
            found += [
                (int(r[0]), str(r[1]))
                for r in self.conn.execute(
                    "SELECT meeting_id, value FROM claims WHERE mechanism_id = ? AND field = 'date'"
                    f" AND value IN ({marks}) UNION SELECT id, date FROM meetings"
                    f" WHERE mechanism_id = ? AND date IN ({marks})",
                    (mechanism_id, *exact, mechanism_id, *exact),
                )
            ]
        if prefix:
            found += [
                (int(r[0]), str(r[1]))
                for r in self.conn.execute(
                    "SELECT meeting_id, value FROM claims WHERE mechanism_id = ? AND field = 'date'"
                    " AND value BETWEEN ? AND ? UNION SELECT id, date FROM meetings"
                    " WHERE mechanism_id = ? AND date BETWEEN ? AND ?",
                    (mechanism_id, *prefix, mechanism_id, *prefix),
                )
            ]
        return found

    def _ordinal_of(self, meeting_id: int) -> int | None:
        row = self._one("SELECT ordinal FROM meetings WHERE id = ?", (meeting_id,))
        return None if row is None or row["ordinal"] is None else int(row["ordinal"])

    def _insert_meeting(self, mechanism_id: int) -> int:
        cursor = self.conn.execute(
            "INSERT INTO meetings (id, mechanism_id, status, created_at) VALUES (?, ?, 'scheduled', ?)",
            (self._next_id("meetings"), mechanism_id, _now()),
        )
        return int(cursor.lastrowid or 0)

    def _insert_meeting_source(
        self, meeting_id: int, doc: Document, position: int, meeting: Meeting, inferred: dict[str, Any]
    ) -> None:
        record = meeting.to_json(doc.text)
        evidence = record.pop("evidence")
        self.conn.execute(
            "INSERT INTO meeting_sources (meeting_id, document_id, position, record, evidence, inferred)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                meeting_id,
                doc.id,
                position,
                json.dumps(record, ensure_ascii=False),
                json.dumps(evidence, ensure_ascii=False),
                json.dumps(inferred),
            ),
        )

    def _insert_claims(self, meeting_id: int, document_id: str, position: int, meeting: Meeting) -> None:
        mechanism_id = self._mechanism_of(meeting_id)
        for name in MERGED_FIELDS:
            value = getattr(meeting, name)
            if value is not None and value != "":
                self.conn.execute(
                    "INSERT OR REPLACE INTO claims (meeting_id, mechanism_id, document_id, position, field, value,"
                    " account) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (meeting_id, mechanism_id, document_id, position, name, str(value), meeting.status),
                )

    # -- the values a meeting shows ------------------------------------------------

    def refresh_meeting(self, meeting_id: int) -> Resolution:
        """Choose the meeting's shown values again from its claims and its corrections."""
        # Republished copies of one wire story count once: a claim's source is its story.
        rows = self.conn.execute(
            "SELECT c.field, c.value, c.account, COALESCE(l.story_id, c.document_id) AS story,"
            " d.outlet_rank, d.outlet_trust, d.rowid AS ord FROM claims c JOIN documents d ON d.id = c.document_id"
            " LEFT JOIN story_links l ON l.document_id = c.document_id WHERE c.meeting_id = ?",
            (meeting_id,),
        ).fetchall()
        claims = [
            Claim(
                r["field"],
                r["value"],
                r["account"],
                r["outlet_rank"],
                r["story"],
                r["ord"],
                r["outlet_trust"],
            )
            for r in rows
        ]
        pinned, rejected = self._meeting_corrections(meeting_id)
        resolution = resolve(claims, pinned)
        values = resolution.values
        self.conn.execute(
            "UPDATE meetings SET status = ?, ordinal = ?, date = ?, city = ?, country = ?, mode = ?,"
            " conflicts = ?, confidence = ?, min_confidence = ?, rejected = ? WHERE id = ?",
            (
                values["status"],
                values["ordinal"],
                values["date"],
                values["city"],
                values["country"],
                values["mode"],
                json.dumps(resolution.conflicts, ensure_ascii=False),
                json.dumps(resolution.confidence),
                resolution.lowest_confidence,
                int(rejected),
                meeting_id,
            ),
        )
        self._summarise_meeting(meeting_id)
        return resolution

    def _summarise_meeting(self, meeting_id: int) -> None:
        """Keep the chairs and sources a listing shows beside the meeting, so a listing reads one row for it."""
        chairs = self._chairs_of([meeting_id]).get(meeting_id, [])
        sources = self._sources_of([meeting_id]).get(meeting_id, [])
        self.conn.execute(
            "INSERT OR REPLACE INTO meeting_summaries (meeting_id, chairs, sources) VALUES (?, ?, ?)",
            (
                meeting_id,
                json.dumps(chairs, ensure_ascii=False),
                json.dumps([list(source) for source in sources], ensure_ascii=False),
            ),
        )

    def _meeting_corrections(self, meeting_id: int) -> tuple[dict[str, Any], bool]:
        """The field values reviewers set or confirmed (latest wins), and whether the meeting is rejected."""
        pinned: dict[str, Any] = {}
        rejected = False
        for row in self.conn.execute(
            f"SELECT action, field, value FROM corrections WHERE target = 'meeting' AND target_id = ? AND {_ACTIVE}"
            " ORDER BY id",
            (meeting_id,),
        ):
            if row["action"] in ("set", "confirm") and row["field"] in MERGED_FIELDS:
                pinned[row["field"]] = json.loads(row["value"])
            elif row["action"] in ("reject", "restore"):
                rejected = row["action"] == "reject"
        return pinned, rejected

    def _refresh_or_drop(self, meeting_id: int) -> None:
        """A meeting that lost its last source goes, unless a reviewer has worked on it."""
        has_source = self._one("SELECT 1 FROM meeting_sources WHERE meeting_id = ? LIMIT 1", (meeting_id,))
        corrected = self._one(
            "SELECT 1 FROM corrections WHERE target = 'meeting' AND target_id = ? LIMIT 1", (meeting_id,)
        )
        if has_source is None and corrected is None:
            self.conn.execute("UPDATE statements SET meeting_id = NULL WHERE meeting_id = ?", (meeting_id,))
            self.conn.execute("DELETE FROM offices WHERE meeting_id = ?", (meeting_id,))
            self.conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
        else:
            self.refresh_meeting(meeting_id)

    # -- people ------------------------------------------------------------------------

    def _insert_chair(
        self, meeting_id: int, document_id: str, chair: Chair, account: str, seen: str | None
    ) -> None:
        sighting = Sighting(chair.name, chair.title, chair.country, seen)
        person_id, ruled = self._resolve_person(sighting, meeting_id)
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO chairs (meeting_id, person_id, title, country, document_id, name, account)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (meeting_id, person_id, chair.title, chair.country, document_id, chair.name, account),
        )
        if cursor.rowcount:
            self.conn.execute(
                "INSERT INTO offices (person_id, title, country, meeting_id, document_id, seen)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (person_id, chair.title, chair.country, meeting_id, document_id, seen),
            )
            if not ruled:
                self._add_person_name(person_id, chair.name)
            self._note_sighting(person_id, sighting)

    def _resolve_person(self, sighting: Sighting, meeting_id: int = 0) -> tuple[int, bool]:
        """The person a chair is: a reviewer's rule for this spelling, else the best plausible match.

        Candidates come from the name index (any order of the same words) and the index of
        word skeletons (transliterations, initials); `kb.people` decides among them. Also
        says whether a reviewer's rule decided.
        """
        key = name_key(sighting.name)
        country = plain_fold(sighting.country) if sighting.country else ""
        rows = self.conn.execute(
            "SELECT person_id, country, meeting_id, trusted FROM person_names WHERE name_key = ?", (key,)
        ).fetchall()
        trusted = [
            r
            for r in rows
            if r["trusted"] and r["country"] in ("", country) and r["meeting_id"] in (0, meeting_id)
        ]
        if trusted:
            return int(
                max(trusted, key=lambda r: (r["meeting_id"] != 0, len(r["country"])))["person_id"]
            ), True
        exact = {int(r["person_id"]) for r in rows}
        if exact:
            found = best_match([self._profile(p) for p in sorted(exact)], sighting, exact)
            if found is not None:
                return found, False
        tokens = search_tokens(sighting.name)
        close: set[int] = set()
        if tokens:
            marks = ",".join("?" * len(tokens))
            close = {
                int(r[0])
                for r in self.conn.execute(
                    f"SELECT person_id, COUNT(*) AS n FROM person_tokens WHERE token IN ({marks})"
                    " GROUP BY person_id ORDER BY n DESC, person_id LIMIT ?",
                    (*tokens, MAX_CANDIDATES),
                )
            } - exact
        found = best_match([self._profile(p) for p in sorted(close)], sighting, ())
        return (found if found is not None else self._insert_person(sighting.name)), False

    def _profile(self, person_id: int) -> Profile:
        row = self._one(
            "SELECT id, name, countries, titles, first_seen, last_seen, chair_count FROM people WHERE id = ?",
            (person_id,),
        )
        assert row is not None
        names = [
            r[0] for r in self.conn.execute("SELECT name FROM person_names WHERE person_id = ?", (person_id,))
        ]
        return Profile(
            int(row["id"]),
            row["name"],
            names,
            set(json.loads(row["countries"])),
            json.loads(row["titles"]),
            row["first_seen"],
            row["last_seen"],
            int(row["chair_count"]),
        )

    def _insert_person(self, name: str, *, index: bool = True) -> int:
        handle = name_key(name) or " ".join(name.split())
        if self._one("SELECT 1 FROM people WHERE name_key = ?", (handle,)) is not None:
            handle = f"{handle}#{self._next_id('people')}"
        cursor = self.conn.execute(
            "INSERT INTO people (id, name, name_key) VALUES (?, ?, ?)",
            (self._next_id("people"), name.strip(), handle),
        )
        person_id = int(cursor.lastrowid or 0)
        if index:
            self._add_person_name(person_id, name)
        return person_id

    def _add_person_name(
        self, person_id: int, name: str, country: str = "", trusted: bool = False, meeting_id: int = 0
    ) -> None:
        """Index a spelling of a person; a trusted one (a reviewer's rule) decides without matching."""
        self.conn.execute(
            "INSERT OR IGNORE INTO person_names (name_key, name, person_id, country, meeting_id, trusted)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (name_key(name), name.strip(), person_id, country, meeting_id, int(trusted)),
        )
        for token in search_tokens(name):
            self.conn.execute(
                "INSERT OR IGNORE INTO person_tokens (token, person_id) VALUES (?, ?)", (token, person_id)
            )

    def _note_sighting(self, person_id: int, sighting: Sighting) -> None:
        """Add one sighting to the person's profile without reading their whole record."""
        row = self._one(
            "SELECT countries, titles, first_seen, last_seen FROM people WHERE id = ?", (person_id,)
        )
        assert row is not None
        countries, titles = json.loads(row["countries"]), json.loads(row["titles"])
        if sighting.country and plain_fold(sighting.country) not in countries:
            countries.append(plain_fold(sighting.country))
        if sighting.title and sighting.title not in titles and len(titles) < MAX_PROFILE_TITLES:
            titles.append(sighting.title)
        seen = [s for s in (row["first_seen"], row["last_seen"], sighting.seen) if s]
        self.conn.execute(
            "UPDATE people SET countries = ?, titles = ?, first_seen = ?, last_seen = ?,"
            " chair_count = chair_count + 1 WHERE id = ?",
            (
                json.dumps(countries, ensure_ascii=False),
                json.dumps(titles, ensure_ascii=False),
                min(seen, default=None),
                max(seen, default=None),
                person_id,
            ),
        )

    def _refresh_profile(self, person_id: int) -> None:
        """Countries, titles and the span a person was seen in, kept on the person for quick matching."""
        self.conn.execute(f"UPDATE people SET {_PROFILE_SET} WHERE id = ?", (person_id,))

    def _people_of(self, document_id: str) -> set[int]:
        rows = self.conn.execute(
            "SELECT DISTINCT person_id FROM chairs WHERE document_id = ?", (document_id,)
        )
        return {int(r[0]) for r in rows}

    def _insert_statement(self, doc: Document, statement: Statement, meeting_ids: list[int]) -> None:
        index = statement.meeting
        meeting_id = meeting_ids[index] if index is not None and 0 <= index < len(meeting_ids) else None
        self.conn.execute(
            'INSERT INTO statements (document_id, meeting_id, kind, topics, actors, start, "end", text)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id,
                meeting_id,
                statement.kind,
                json.dumps(list(statement.topics), ensure_ascii=False),
                json.dumps(list(statement.actors), ensure_ascii=False),
                statement.span.start,
                statement.span.end,
                statement.span.of(doc.text),
            ),
        )

    # -- re-extraction -------------------------------------------------------------------

    def _accounts_of(self, document_id: str) -> list[PreviousAccount]:
        rows = self.conn.execute(
            "SELECT meeting_id, position, record, evidence FROM meeting_sources WHERE document_id = ? ORDER BY position",
            (document_id,),
        ).fetchall()
        out = []
        for r in rows:
            record, evidence = json.loads(r["record"]), json.loads(r["evidence"])
            start = evidence[0]["start"] if evidence else None
            out.append(
                PreviousAccount(int(r["meeting_id"]), start, record.get("ordinal"), record.get("date"))
            )
        return out

    def _forget_document(self, document_id: str) -> None:
        """Remove everything extracted from a document, keeping the document itself."""
        for table in ("claims", "chairs", "offices", "statements", "meeting_sources"):
            self.conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))

    def stored_documents(self) -> Iterator[dict[str, Any]]:
        """Every stored document's text and metadata, in the order they were stored."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT rowid, id, source, url, title, published, language, text FROM documents"
                " WHERE rowid > ? ORDER BY rowid LIMIT 200",
                (last,),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield dict(row)
            last = rows[-1]["rowid"]

    def drop_unused(self) -> dict[str, int]:
        """After a rebuild: remove people and mechanisms nothing refers to and no reviewer touched."""
        with self.transaction():
            people = self.conn.execute(
                "DELETE FROM people WHERE id NOT IN (SELECT person_id FROM chairs)"
                " AND id NOT IN (SELECT person_id FROM offices)"
                " AND id NOT IN (SELECT target_id FROM corrections WHERE target = 'person')"
                " AND id NOT IN (SELECT person_id FROM person_names WHERE trusted = 1)"
                " AND id NOT IN (SELECT t.value FROM corrections, json_tree(corrections.value) t"
                " WHERE corrections.field = 'chairs' AND t.key IN ('person', 'as'))"
            ).rowcount
            mechanisms = self.conn.execute(
                "DELETE FROM mechanisms WHERE id NOT IN (SELECT mechanism_id FROM meetings)"
                " AND id NOT IN (SELECT target_id FROM corrections WHERE target = 'mechanism')"
                " AND id NOT IN (SELECT mechanism_id FROM mechanism_names WHERE routed = 1)"
                " AND id NOT IN (SELECT json_extract(value, '$.from') FROM corrections WHERE action = 'move')"
            ).rowcount
        return {"people": people, "mechanisms": mechanisms}

    def _insert_raw(self, doc: Document) -> None:
        """Where the document came from and, for fetched ones, the bytes it was read from."""
        raw = doc.raw
        if raw is None and not doc.provenance:
            return
        self.conn.execute(
            "INSERT INTO raw_documents"
            " (document_id, url, content_type, fetched_at, etag, last_modified, provenance, bytes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id,
                raw.url if raw else doc.url,
                raw.content_type if raw else None,
                raw.fetched_at if raw else None,
                raw.etag if raw else None,
                raw.last_modified if raw else None,
                json.dumps(doc.provenance, ensure_ascii=False),
                raw.data if raw else None,
            ),
        )

    def _insert_story_link(self, document_id: str, story: StoryLink) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO story_links (document_id, story_id, outlet, similarity, signature)"
            " VALUES (?, ?, ?, ?, ?)",
            (document_id, story.story_id, story.outlet, story.similarity, story.signature),
        )

    def link_stories(self, links: Sequence[tuple[str, StoryLink]]) -> None:
        """Put already stored documents into stories (those stored before stories were kept), at once."""
        try:
            with self.transaction():
                for document_id, story in links:
                    self._insert_story_link(document_id, story)
        except sqlite3.Error as exc:
            raise StorageError(f"could not link {len(links)} documents to their stories ({exc})") from exc

    def remember_fetch(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Keep an address's validators once everything read from it is stored."""
        if not etag and not last_modified:
            return
        try:
            with self.transaction():
                self.conn.execute(
                    "INSERT OR REPLACE INTO fetch_state (url, etag, last_modified, checked_at)"
                    " VALUES (?, ?, ?, ?)",
                    (url, etag, last_modified, _now()),
                )
        except sqlite3.Error as exc:
            raise StorageError(f"could not remember the fetch of {url} ({exc})") from exc

    # -- fetched bytes and stories -----------------------------------------------

    def fetch_state(self, url: str) -> tuple[str | None, str | None] | None:
        """(etag, last_modified) of the last complete fetch of an address, for a conditional request."""
        row = self._one("SELECT etag, last_modified FROM fetch_state WHERE url = ?", (url,))
        return (row["etag"], row["last_modified"]) if row else None

    def raw_document(self, document_id: str) -> Raw | None:
        """The bytes a fetched document was read from, so it can be read again without the network."""
        row = self._one(
            "SELECT url, content_type, fetched_at, etag, last_modified, bytes FROM raw_documents"
            " WHERE document_id = ? AND bytes IS NOT NULL",
            (document_id,),
        )
        if row is None:
            return None
        return Raw(
            data=bytes(row["bytes"]),
            content_type=row["content_type"] or "",
            url=row["url"],
            fetched_at=row["fetched_at"],
            etag=row["etag"],
            last_modified=row["last_modified"],
        )

    def provenance(self, document_id: str) -> dict[str, Any]:
        """Where a document came from: reader, pages of a PDF, site, feed entry, archive member."""
        row = self._one("SELECT provenance FROM raw_documents WHERE document_id = ?", (document_id,))
        return dict(json.loads(row["provenance"])) if row else {}

    def story_signatures(self) -> Iterator[tuple[str, str, bytes]]:
        """(document id, story id, MinHash signature) of every document in a story."""
        for row in self.conn.execute(
            "SELECT document_id, story_id, signature FROM story_links ORDER BY rowid"
        ):
            yield row["document_id"], row["story_id"], bytes(row["signature"])

    def documents_without_story(self) -> Iterator[tuple[str, str, str | None]]:
        """(id, text, url) of stored documents not yet in a story, oldest first."""
        for row in self.conn.execute(
            "SELECT d.id, d.text, d.url FROM documents d"
            " WHERE NOT EXISTS (SELECT 1 FROM story_links s WHERE s.document_id = d.id) ORDER BY d.rowid"
        ):
            yield row["id"], row["text"], row["url"]

    def story(self, document_id: str) -> list[dict[str, Any]]:
        """The documents of the story a document belongs to, each with its outlet, first one first."""
        rows = self.conn.execute(
            "SELECT s.document_id, s.outlet, s.similarity, d.source, d.url FROM story_links s"
            " JOIN documents d ON d.id = s.document_id"
            " WHERE s.story_id = (SELECT story_id FROM story_links WHERE document_id = ?) ORDER BY s.rowid",
            (document_id,),
        ).fetchall()
        return [dict(row) for row in rows]

    def independent_sources(self, meeting_id: int) -> int:
        """How many separate stories report a meeting: republished copies of one story count once."""
        row = self._one(
            "SELECT COUNT(DISTINCT COALESCE(l.story_id, s.document_id)) FROM meeting_sources s"
            " LEFT JOIN story_links l ON l.document_id = s.document_id WHERE s.meeting_id = ?",
            (meeting_id,),
        )
        return int(row[0]) if row else 0
