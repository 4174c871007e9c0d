"""Reviewers' corrections, and the mechanisms and people they rename, merge, split and move."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from ...errors import NotFoundError
from ...model import MechanismRef
from ..mechanisms import core_name, parties_key
from ..mechanisms import fold as plain_fold
from ..people import name_key
from .journal import Journal
from .schema import _now
from .sql import (
    _CORRECTION_SELECT,
    _MEETING_SELECT,
    _PERSON_SELECT,
    _correction_object,
    _statement_object,
    _unique,
)
from .writes import Writes

# Tables whose rows name both a meeting and a person.
_OF_MEETINGS_AND_PEOPLE = frozenset(("chairs", "offices"))


class Reviews(Writes, Journal):
    """Changes a reviewer makes, each recorded with who, when and why."""

    # -- corrections, and the mechanisms and people reviewers reshape ------------------

    def add_correction(
        self,
        target: str,
        target_id: int,
        action: str,
        author: str,
        reason: str,
        field: str | None = None,
        value: Any = None,
    ) -> int:
        """Record one reviewer's change, who made it, when and why; the caller applies it."""
        cursor = self.conn.execute(
            "INSERT INTO corrections (target, target_id, action, field, value, author, reason, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (target, target_id, action, field, json.dumps(value, ensure_ascii=False), author, reason, _now()),
        )
        return int(cursor.lastrowid or 0)

    def correction(self, correction_id: int) -> dict[str, Any]:
        """One stored correction, with the id of the correction that undid it (or None)."""
        row = self._one(f"{_CORRECTION_SELECT} WHERE id = ?", (correction_id,))
        if row is None:
            raise NotFoundError(
                f"no correction with id {correction_id}; `corridor review history` lists them"
            )
        return _correction_object(row)

    def mark_undone(self, correction_id: int, undo_id: int) -> None:
        """The correction stops applying; it stays in the history, marked with the one that undid it."""
        self.conn.execute(
            "INSERT INTO undone (correction_id, undo_id) VALUES (?, ?)", (correction_id, undo_id)
        )

    def restore_changed_rows(self, correction_id: int) -> None:
        """Put back the rows a merge, split or rename changed, and work out again the meetings'
        shown values and the people's profiles that rest on them."""
        changes = self.undo_changes(correction_id)
        meetings, people = set(), set()
        for change in changes.rows:
            if change.table == "meetings":
                meetings.add(change.row_id)
            elif change.table == "people":
                people.add(change.row_id)
            for column, found in (("meeting_id", meetings), ("person_id", people)):
                value = change.values.get(column)
                found.update(v for v in (value if isinstance(value, list) else [value]) if v)
                if change.op == "UPDATE" and change.table in _OF_MEETINGS_AND_PEOPLE:
                    row = self._one(f"SELECT {column} FROM {change.table} WHERE rowid = ?", (change.row_id,))
                    found.update([row[0]] if row and row[0] else [])
        for meeting_id in sorted(meetings):
            if self.meeting_exists(meeting_id):
                # Claims stored since (new reports of the meeting) follow it to its mechanism.
                self.conn.execute(
                    "UPDATE claims SET mechanism_id = (SELECT mechanism_id FROM meetings WHERE id = ?)"
                    " WHERE meeting_id = ?",
                    (meeting_id, meeting_id),
                )
                self.refresh_meeting(meeting_id)
        for person_id in sorted(people):
            self._refresh_profile(person_id)

    def return_to_origin(self, target: str, split_off: int, origin: int, correction_id: int) -> None:
        """What was filed under a split-off person or mechanism since the split (chairs, offices,
        meetings of new reports) goes to the one it came from, before the split is undone."""
        noted = {
            (r["tbl"], r["row_id"])
            for r in self.conn.execute(
                "SELECT tbl, row_id FROM correction_changes WHERE correction_id = ?", (correction_id,)
            )
        }
        if target == "mechanism":
            later = self.conn.execute(
                "SELECT id FROM meetings WHERE mechanism_id = ? ORDER BY id", (split_off,)
            ).fetchall()
            for (meeting_id,) in later:
                if ("meetings", meeting_id) not in noted:
                    self.move_meeting(int(meeting_id), origin)
            return
        for table in _OF_MEETINGS_AND_PEOPLE:
            rows = self.conn.execute(
                f"SELECT rowid FROM {table} WHERE person_id = ?", (split_off,)
            ).fetchall()
            later = [int(r[0]) for r in rows if (table, r[0]) not in noted]
            for rowid in later:
                self.conn.execute(
                    f"UPDATE OR IGNORE {table} SET person_id = ? WHERE rowid = ?", (origin, rowid)
                )
                self.conn.execute(
                    f"DELETE FROM {table} WHERE rowid = ? AND person_id = ?", (rowid, split_off)
                )
        self._refresh_profile(origin)

    def add_person(self, name: str) -> int:
        """A person a reviewer names who is not stored yet; later spellings of the name find them."""
        return self._insert_person(name)

    def set_parties(self, mechanism_id: int, parties: Sequence[str]) -> None:
        """A mechanism's parties as a reviewer gives them; later accounts no longer add to them."""
        self.conn.execute(
            "UPDATE mechanisms SET parties = ? WHERE id = ?",
            (json.dumps(_unique(list(parties)), ensure_ascii=False), mechanism_id),
        )

    def meeting_documents(self, meeting_id: int) -> list[dict[str, Any]]:
        """The documents reporting a meeting (id and source), in the order they were stored."""
        rows = self.conn.execute(
            "SELECT DISTINCT d.id, d.source FROM meeting_sources s JOIN documents d ON d.id = s.document_id"
            " WHERE s.meeting_id = ? ORDER BY d.rowid",
            (meeting_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    def split_meeting(self, meeting_id: int, documents: Sequence[str]) -> int:
        """The accounts these documents give of a meeting become a meeting of their own; returns its id."""
        new_id = self._insert_meeting(self._mechanism_of(meeting_id))
        marks = ",".join("?" * len(documents))
        for table in ("meeting_sources", "claims", "chairs", "offices", "statements"):
            self.conn.execute(
                f"UPDATE {table} SET meeting_id = ? WHERE meeting_id = ? AND document_id IN ({marks})",
                (new_id, meeting_id, *documents),
            )
        self.refresh_meeting(meeting_id)
        self.refresh_meeting(new_id)
        return new_id

    def meeting_statements(self, meeting_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Statements made at these meetings, each with its meeting and source, in text order."""
        if not meeting_ids:
            return []
        marks = ",".join("?" * len(meeting_ids))
        rows = self.conn.execute(
            'SELECT s.id, s.meeting_id, s.kind, s.topics, s.actors, s.start, s."end", s.text, d.source'
            f" FROM statements s JOIN documents d ON d.id = s.document_id WHERE s.meeting_id IN ({marks})"
            " ORDER BY s.meeting_id, d.rowid, s.start",
            list(meeting_ids),
        ).fetchall()
        return [{**_statement_object(r), "source": r["source"]} for r in rows]

    def review_candidates(self, threshold: float, limit: int = 500) -> list[dict[str, Any]]:
        """Meetings shown with a disputed or weakly supported value, for `kb.review` to rank."""
        rows = self.conn.execute(
            f"{_MEETING_SELECT} WHERE m.rejected = 0 AND (m.conflicts != '{{}}' OR m.min_confidence < ?)"
            " ORDER BY m.min_confidence, m.id LIMIT ?",
            (threshold, limit),
        ).fetchall()
        out = []
        for row in rows:
            meeting = self._meeting_object(row)
            meeting["confidence"] = json.loads(row["confidence"])
            out.append(meeting)
        return out

    def move_meeting(self, meeting_id: int, mechanism_id: int) -> int:
        """Put a meeting under another mechanism; it joins that mechanism's meeting of the same round.

        Returns the id the meeting has afterwards.
        """
        row = self._one("SELECT ordinal, date FROM meetings WHERE id = ?", (meeting_id,))
        if row is None:
            raise NotFoundError(f"no meeting with id {meeting_id}; `corridor meetings` lists the ids")
        self.conn.execute("UPDATE meetings SET mechanism_id = ? WHERE id = ?", (mechanism_id, meeting_id))
        self.conn.execute(
            "UPDATE claims SET mechanism_id = ? WHERE meeting_id = ?", (mechanism_id, meeting_id)
        )
        same = self._same_round(mechanism_id, meeting_id, row["ordinal"], row["date"])
        if same is None:
            return meeting_id
        self.fold_meeting(same, meeting_id)
        return same

    def _same_round(
        self, mechanism_id: int, meeting_id: int, ordinal: int | None, day: str | None
    ) -> int | None:
        if ordinal is not None:
            found = self._one(
                "SELECT id FROM meetings WHERE mechanism_id = ? AND ordinal = ? AND id != ? ORDER BY id LIMIT 1",
                (mechanism_id, ordinal, meeting_id),
            )
        elif day:
            found = self._one(
                "SELECT id FROM meetings WHERE mechanism_id = ? AND date = ? AND ordinal IS NULL AND id != ?"
                " ORDER BY id LIMIT 1",
                (mechanism_id, day, meeting_id),
            )
        else:
            found = None
        return int(found["id"]) if found else None

    def fold_meeting(self, keep: int, other: int) -> None:
        """Make two stored meetings one: every source, claim, chair, statement and correction moves."""
        mechanism_id = self._mechanism_of(keep)
        for table in ("meeting_sources", "chairs", "offices", "statements"):
            self.conn.execute(
                f"UPDATE OR IGNORE {table} SET meeting_id = ? WHERE meeting_id = ?", (keep, other)
            )
        self.conn.execute(
            "UPDATE claims SET meeting_id = ?, mechanism_id = ? WHERE meeting_id = ?",
            (keep, mechanism_id, other),
        )
        self.conn.execute(
            "UPDATE corrections SET target_id = ? WHERE target = 'meeting' AND target_id = ?", (keep, other)
        )
        self.conn.execute("DELETE FROM chairs WHERE meeting_id = ?", (other,))
        self.conn.execute("DELETE FROM meetings WHERE id = ?", (other,))
        self.refresh_meeting(keep)

    def mechanism_row(self, mechanism_id: int) -> dict[str, Any]:
        row = self._one(
            "SELECT id, key, name, programme, parties, lexicon FROM mechanisms WHERE id = ?", (mechanism_id,)
        )
        if row is None:
            raise NotFoundError(f"no mechanism with id {mechanism_id}; `corridor mechanisms` lists them")
        return {**dict(row), "parties": json.loads(row["parties"]), "aliases": self._aliases(mechanism_id)}

    def mechanism_ids(self, name: str) -> list[int]:
        """Mechanisms a name picks out: an id, a key (current or merged), the name or an alias, exactly."""
        if name.isdigit():
            row = self._one("SELECT id FROM mechanisms WHERE id = ?", (int(name),))
            return [int(row["id"])] if row else []
        rows = self.conn.execute(
            "SELECT mechanism_id FROM mechanism_keys WHERE key = :n"
            " UNION SELECT id FROM mechanisms WHERE fold(name) = fold(:n) OR fold(key) = fold(:n)"
            " UNION SELECT mechanism_id FROM mechanism_aliases WHERE fold(alias) = fold(:n)",
            {"n": name},
        ).fetchall()
        if rows:
            return sorted({int(r[0]) for r in rows})
        rows = self.conn.execute(
            "SELECT id FROM mechanisms WHERE instr(fold(name), fold(:n)) > 0"
            " UNION SELECT mechanism_id FROM mechanism_aliases WHERE instr(fold(alias), fold(:n)) > 0",
            {"n": name},
        ).fetchall()
        return sorted({int(r[0]) for r in rows})

    def mechanisms_overview(self) -> list[dict[str, Any]]:
        """Every mechanism with its key, aliases, meetings and whether the lexicon knows it."""
        rows = self.conn.execute(
            "SELECT k.id, k.key, k.name, k.parties, k.lexicon, COUNT(m.id) AS meetings"
            " FROM mechanisms k LEFT JOIN meetings m ON m.mechanism_id = k.id AND m.rejected = 0"
            " GROUP BY k.id ORDER BY k.name COLLATE NOCASE, k.id"
        ).fetchall()
        return [
            {**dict(r), "parties": json.loads(r["parties"]), "aliases": self._aliases(int(r["id"]))}
            for r in rows
        ]

    def rename_mechanism(self, mechanism_id: int, name: str) -> None:
        """Give a mechanism a new name; the old one stays as an alias and still finds it."""
        self._remembered.clear()
        row = self.mechanism_row(mechanism_id)
        self.conn.execute("UPDATE mechanisms SET name = ? WHERE id = ?", (name, mechanism_id))
        self.conn.execute(
            "DELETE FROM mechanism_aliases WHERE mechanism_id = ? AND fold(alias) = fold(?)",
            (mechanism_id, name),
        )
        self._add_alias(mechanism_id, row["name"], name)
        parties = parties_key(row["parties"])
        for shown in (name, row["name"]):
            core = core_name(shown, row["parties"])
            if core:
                self.conn.execute(
                    "INSERT OR IGNORE INTO mechanism_names (core, parties, mechanism_id) VALUES (?, ?, ?)",
                    (core, parties, mechanism_id),
                )

    def merge_mechanisms(self, keep: int, other: int) -> None:
        """Make two mechanisms one: keys, names and aliases of `other` find `keep`; rounds join."""
        self._remembered.clear()
        gone, kept = self.mechanism_row(other), self.mechanism_row(keep)
        self.conn.execute(
            "UPDATE OR IGNORE mechanism_keys SET mechanism_id = ? WHERE mechanism_id = ?", (keep, other)
        )
        self.conn.execute(
            "UPDATE OR IGNORE mechanism_names SET mechanism_id = ? WHERE mechanism_id = ?", (keep, other)
        )
        for alias in [gone["name"], *gone["aliases"]]:
            self._add_alias(keep, alias, kept["name"])
        parties = _unique([*kept["parties"], *gone["parties"]])
        self.conn.execute(
            "UPDATE mechanisms SET parties = ?, programme = COALESCE(programme, ?) WHERE id = ?",
            (json.dumps(parties, ensure_ascii=False), gone["programme"], keep),
        )
        for (meeting_id,) in self.conn.execute(
            "SELECT id FROM meetings WHERE mechanism_id = ? ORDER BY id", (other,)
        ).fetchall():
            self.move_meeting(int(meeting_id), keep)
        self.conn.execute(
            "UPDATE corrections SET target_id = ? WHERE target = 'mechanism' AND target_id = ?", (keep, other)
        )
        self.conn.execute("DELETE FROM mechanisms WHERE id = ?", (other,))

    def split_mechanism(
        self, mechanism_id: int, name: str, aliases: Sequence[str], meeting_ids: Sequence[int]
    ) -> tuple[int, list[int]]:
        """Part of a mechanism becomes a mechanism of its own.

        Accounts naming one of `aliases` go to the new mechanism from now on, whatever key
        the lexicon gives them; its meetings that such an account reports move now, with
        `meeting_ids`. Returns the new mechanism's id and the meetings moved.
        """
        self._remembered.clear()
        row = self.mechanism_row(mechanism_id)
        ref = MechanismRef(name=name, parties=list(row["parties"]), programme=row["programme"])
        new_id = self._insert_mechanism(ref)
        self._remember_mechanism(new_id, ref)
        parties = parties_key(row["parties"])
        cores = {core_name(a, row["parties"]) for a in [name, *aliases]} - {""}
        for alias in aliases:
            self._add_alias(new_id, alias, name)
            self.conn.execute(
                "DELETE FROM mechanism_aliases WHERE mechanism_id = ? AND fold(alias) = fold(?)",
                (mechanism_id, alias),
            )
        for core in cores:
            self.conn.execute(
                "DELETE FROM mechanism_names WHERE mechanism_id = ? AND core = ?", (mechanism_id, core)
            )
            self.conn.execute(
                "INSERT OR REPLACE INTO mechanism_names (core, parties, mechanism_id, routed) VALUES (?, ?, ?, 1)",
                (core, parties, new_id),
            )
        moving = set(meeting_ids) | self._meetings_named(mechanism_id, cores, row["parties"])
        moved = [self.move_meeting(m, new_id) for m in sorted(moving)]
        return new_id, moved

    def _meetings_named(self, mechanism_id: int, cores: set[str], parties: list[str]) -> set[int]:
        """Meetings of a mechanism that some document reports under one of these names."""
        found: set[int] = set()
        rows = self.conn.execute(
            "SELECT s.meeting_id, s.record FROM meeting_sources s JOIN meetings m ON m.id = s.meeting_id"
            " WHERE m.mechanism_id = ?",
            (mechanism_id,),
        ).fetchall()
        for r in rows:
            mech = json.loads(r["record"])["mechanism"]
            named = {core_name(n, parties) for n in [mech["name"], *mech.get("aliases", [])]}
            if named & cores:
                found.add(int(r["meeting_id"]))
        return found

    def person_ids(self, name: str) -> list[int]:
        """People a name picks out: an id, or any spelling stored for them (same words, any order)."""
        if name.isdigit():
            row = self._one("SELECT id FROM people WHERE id = ?", (int(name),))
            return [int(row["id"])] if row else []
        rows = self.conn.execute(
            "SELECT DISTINCT person_id FROM person_names WHERE name_key = ? ORDER BY person_id",
            (name_key(name),),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def list_people(self, name: str | None = None) -> list[dict[str, Any]]:
        """People with their spellings, sides and when they were seen; all, or those a name picks out."""
        if name:
            ids = self.person_ids(name)
            rows = [r for i in ids if (r := self._one(f"{_PERSON_SELECT} WHERE id = ?", (i,)))]
        else:
            rows = self.conn.execute(f"{_PERSON_SELECT} ORDER BY name COLLATE NOCASE, id").fetchall()
        return [self._person_object(r) for r in rows]

    def person_offices(self, person_id: int) -> list[dict[str, Any]]:
        """Every office a source gave a person: title, side, when (meeting date, else publication), source."""
        rows = self.conn.execute(
            "SELECT o.title, o.country, COALESCE(m.date, o.seen, d.published) AS seen, d.id AS document, d.source,"
            " o.meeting_id FROM offices o JOIN documents d ON d.id = o.document_id"
            " LEFT JOIN meetings m ON m.id = o.meeting_id WHERE o.person_id = ? ORDER BY seen, o.rowid",
            (person_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    def _person_object(self, row: sqlite3.Row) -> dict[str, Any]:
        names = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT name FROM person_names WHERE person_id = ?", (row["id"],)
            )
        ]
        return {
            "id": row["id"],
            "name": row["name"],
            "names": names,
            "countries": json.loads(row["countries"]),
            "first_seen": row["first_seen"],
            "last_seen": row["last_seen"],
            "chairs": row["chair_count"],
        }

    def merge_people(self, keep: int, other: int) -> None:
        """Make two people one: `other`'s chairs, offices and spellings are `keep`'s from now on."""
        for table in ("chairs", "offices"):
            self.conn.execute(
                f"UPDATE OR IGNORE {table} SET person_id = ? WHERE person_id = ?", (keep, other)
            )
        self.conn.execute("DELETE FROM chairs WHERE person_id = ?", (other,))
        names = self.conn.execute(
            "SELECT name, country, meeting_id FROM person_names WHERE person_id = ?", (other,)
        ).fetchall()
        for r in names:
            self._add_person_name(keep, r["name"], r["country"], trusted=True, meeting_id=r["meeting_id"])
        self.conn.execute(
            "UPDATE corrections SET target_id = ? WHERE target = 'person' AND target_id = ?", (keep, other)
        )
        self.conn.execute("DELETE FROM people WHERE id = ?", (other,))
        self._refresh_profile(keep)

    def split_person(
        self, person_id: int, names: Sequence[str], country: str | None, meetings: Sequence[int] = ()
    ) -> tuple[int, int]:
        """Chairs of one person given under these spellings, on this side or at these meetings,
        become another person.

        The rule stays: those spellings (on that side, at those meetings) resolve to the new
        person from now on. Returns the new person's id and how many chairs moved.
        """
        keys = {name_key(n) for n in names}
        side = plain_fold(country) if country else ""
        rows = self.conn.execute(
            "SELECT rowid, name, country, meeting_id, document_id FROM chairs WHERE person_id = ?",
            (person_id,),
        ).fetchall()
        picked = [
            r
            for r in rows
            if (not keys or name_key(r["name"] or "") in keys)
            and (not side or plain_fold(r["country"] or "") == side)
            and (not meetings or r["meeting_id"] in meetings)
        ]
        if not picked:
            raise NotFoundError(
                "no chair of this person matches; `corridor people show NAME` lists their chairs"
            )
        new_id = self._insert_person(names[0] if names else picked[0]["name"], index=False)
        for r in picked:
            self.conn.execute("UPDATE chairs SET person_id = ? WHERE rowid = ?", (new_id, r["rowid"]))
            self.conn.execute(
                "UPDATE offices SET person_id = ? WHERE person_id = ? AND document_id = ? AND meeting_id = ?",
                (new_id, person_id, r["document_id"], r["meeting_id"]),
            )
        for r in picked:
            for meeting_id in [r["meeting_id"]] if meetings else [0]:
                self._add_person_name(new_id, r["name"], side, trusted=True, meeting_id=meeting_id)
            if keys and not meetings and not side:
                self.conn.execute(
                    "DELETE FROM person_names WHERE person_id = ? AND name_key = ? AND trusted = 0",
                    (person_id, name_key(r["name"])),
                )
        self._refresh_profile(person_id)
        self._refresh_profile(new_id)
        return new_id, len(picked)
