"""Engagements and designations in the knowledge base: stored with the document that tells of them,
merged across outlets (`kb.engagements` decides), and read back per pair, person, meeting or filter."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

from ...model import Document
from ..engagements import (
    apply_corrections,
    merge_participants,
    pair_key,
    participant_keys,
    resolve,
    review_key,
    same_engagement,
)
from ..people import name_key
from .reads import Reads

MAX_CANDIDATES = 200
WORD_OF_NAME = "(' ' || p.name_key || ' ' LIKE ?)"


def _pair(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


def label_key(label: str) -> str:
    """A label as designations are told apart: case, 'partners'/'partnership' and plurals aside."""
    words = label.casefold().replace("co-operative", "cooperative").replace("-", " ").split()
    words = [
        "partnership" if w in ("partners", "partner", "partnerships") else w.removesuffix("s") for w in words
    ]
    return " ".join(words)


class EngagementRecords(Reads):
    """Writes and reads of engagements and designations; called inside the document's transaction."""

    # -- writes ------------------------------------------------------------------

    def _store_engagements(self, doc: Document, meeting_ids: Sequence[int]) -> list[int]:
        """Place every engagement of the document in a stored one (or a new one); returns their ids."""
        out = []
        for position, engagement in enumerate(doc.engagements):
            record = engagement.to_json(doc.text)
            n = engagement.during_meeting
            meeting_id = meeting_ids[n] if n is not None and n < len(meeting_ids) else None
            record["meeting_id"] = meeting_id
            record["published"] = doc.published.isoformat() if doc.published else None
            engagement_id = self._find_engagement(record, meeting_id)
            if engagement_id is None:
                cur = self.conn.execute(
                    "INSERT INTO engagements (kind, status) VALUES (?, ?)", ("meeting", "held")
                )
                engagement_id = int(cur.lastrowid or 0)
            self.conn.execute(
                "INSERT INTO engagement_sources (document_id, position, engagement_id, record) VALUES (?, ?, ?, ?)",
                (doc.id, position, engagement_id, json.dumps(record)),
            )
            self.refresh_engagement(engagement_id)
            out.append(engagement_id)
        return out

    def _find_engagement(self, record: dict[str, Any], meeting_id: int | None) -> int | None:
        keys = participant_keys(record)
        if not keys:
            return None
        # candidates: engagements with someone who shares a word of a name ('Paz' and 'Luis Paz')
        words = sorted({w for k in keys for w in ([k] if k.startswith("office:") else k.split())})
        rows = self.conn.execute(
            "SELECT DISTINCT e.id, e.kind, e.status, e.date, e.country, e.meeting_id FROM engagements e"
            " JOIN engagement_participants p ON p.engagement_id = e.id"
            f" WHERE {' OR '.join([WORD_OF_NAME] * len(words))}"
            " ORDER BY e.id DESC LIMIT ?",
            (*[f"% {w} %" for w in words], MAX_CANDIDATES),
        ).fetchall()
        for row in rows:
            stored = dict(row)
            stored["participants"] = self._participants(int(row["id"]))
            if same_engagement(record, stored, meeting_id, row["meeting_id"]):
                return int(row["id"])
        return None

    def refresh_engagement(self, engagement_id: int) -> None:
        """Recompute an engagement's shown values, conflicts and people from its accounts."""
        accounts = [
            json.loads(r["record"])
            for r in self.conn.execute(
                "SELECT record FROM engagement_sources WHERE engagement_id = ? ORDER BY rowid",
                (engagement_id,),
            )
        ]
        if not accounts:
            self.conn.execute("DELETE FROM engagements WHERE id = ?", (engagement_id,))
            self.conn.execute("DELETE FROM engagement_keys WHERE engagement_id = ?", (engagement_id,))
            return
        shown, conflicts = resolve(accounts)
        meeting_ids = [a.get("meeting_id") for a in accounts if a.get("meeting_id") is not None]
        people = merge_participants(accounts)
        key = review_key(shown, people, meeting_ids[0] if meeting_ids else None)
        shown, people, rejected = apply_corrections(
            shown, people, self.engagement_corrections(key, live=True)
        )
        self.conn.execute(
            "INSERT INTO engagement_keys (engagement_id, key, rejected) VALUES (?, ?, ?)"
            " ON CONFLICT (engagement_id) DO UPDATE SET key = excluded.key, rejected = excluded.rejected",
            (engagement_id, key, int(rejected)),
        )
        pair = pair_key({"kind": shown["kind"], "country": shown["country"], "participants": people})
        self.conn.execute(
            "UPDATE engagements SET kind = ?, status = ?, date = ?, city = ?, country = ?, mode = ?, during = ?,"
            " meeting_id = ?, pair = ?, conflicts = ? WHERE id = ?",
            (
                shown["kind"],
                shown["status"],
                shown["date"],
                shown["city"],
                shown["country"],
                shown["mode"],
                shown["during"],
                meeting_ids[0] if meeting_ids else None,
                pair,
                json.dumps(conflicts),
                engagement_id,
            ),
        )
        self.conn.execute("DELETE FROM engagement_participants WHERE engagement_id = ?", (engagement_id,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO engagement_participants (engagement_id, name_key, name, title, country)"
            " VALUES (?, ?, ?, ?, ?)",
            [(engagement_id, p["name_key"], p["name"], p["title"], p["country"]) for p in people],
        )

    # -- reviewers' corrections ---------------------------------------------------

    def engagement_key(self, engagement_id: int) -> str | None:
        """The key an engagement's corrections are filed under (None: no such engagement)."""
        row = self._one("SELECT key FROM engagement_keys WHERE engagement_id = ?", (engagement_id,))
        return str(row["key"]) if row else None

    def add_engagement_correction(
        self, key: str, action: str, author: str, reason: str, field: str | None = None, value: Any = None
    ) -> int:
        """Record a reviewer's change of the engagements under a key; `refresh_engagements_of` applies it."""
        cur = self.conn.execute(
            "INSERT INTO engagement_corrections (key, action, field, value, author, reason, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))",
            (key, action, field, json.dumps(value, ensure_ascii=False), author, reason),
        )
        return int(cur.lastrowid or 0)

    def engagement_corrections(self, key: str, live: bool = False) -> list[dict[str, Any]]:
        """The corrections filed under a key, oldest first (live: those that apply, no undo or undone one)."""
        rows = self.conn.execute(
            "SELECT * FROM engagement_corrections WHERE key = ?"
            + (" AND undone_by IS NULL AND action != 'undo'" if live else "")
            + " ORDER BY id",
            (key,),
        ).fetchall()
        return [{**dict(r), "value": json.loads(r["value"]) if r["value"] else None} for r in rows]

    def engagement_correction(self, correction_id: int) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM engagement_corrections WHERE id = ?", (correction_id,))
        return {**dict(row), "value": json.loads(row["value"]) if row["value"] else None} if row else None

    def mark_engagement_undone(self, correction_id: int, undo_id: int) -> None:
        self.conn.execute(
            "UPDATE engagement_corrections SET undone_by = ? WHERE id = ?", (undo_id, correction_id)
        )

    def refresh_engagements_of(self, key: str) -> None:
        """Work out again the engagements filed under a key, after a correction of it."""
        for r in self.conn.execute(
            "SELECT engagement_id FROM engagement_keys WHERE key = ?", (key,)
        ).fetchall():
            self.refresh_engagement(int(r["engagement_id"]))

    def get_engagement(self, engagement_id: int, hidden: bool = True) -> dict[str, Any] | None:
        """One engagement as lists show it, with `rejected` (a rejected one only when hidden is True)."""
        rows = self.conn.execute(
            "SELECT e.*, k.rejected FROM engagements e LEFT JOIN engagement_keys k ON k.engagement_id = e.id"
            " WHERE e.id = ?",
            (engagement_id,),
        ).fetchall()
        found = self._engagement_objects(rows)
        if not found or (found[0]["rejected"] and not hidden):
            return None
        found[0]["rejected"] = bool(found[0]["rejected"])
        return found[0]

    def _store_designations(self, doc: Document) -> None:
        seen = doc.published.isoformat() if doc.published else None
        for d in doc.designations:
            pair, key = _pair(*d.countries), label_key(d.designation)
            self.conn.execute(
                "INSERT OR IGNORE INTO designations (pair, label, label_key) VALUES (?, ?, ?)",
                (pair, d.designation, key),
            )
            row = self._one("SELECT id FROM designations WHERE pair = ? AND label_key = ?", (pair, key))
            assert row is not None
            self.conn.execute(
                "INSERT OR IGNORE INTO designation_sources (designation_id, document_id, seen, evidence)"
                " VALUES (?, ?, ?, ?)",
                (row["id"], doc.id, seen, json.dumps(d.to_json(doc.text)["evidence"])),
            )

    def _forget_engagements(self, document_id: str) -> set[int]:
        """Remove what a document said of engagements and designations; returns the engagements it touched."""
        touched = {
            int(r["engagement_id"])
            for r in self.conn.execute(
                "SELECT engagement_id FROM engagement_sources WHERE document_id = ?", (document_id,)
            )
        }
        self.conn.execute("DELETE FROM engagement_sources WHERE document_id = ?", (document_id,))
        self.conn.execute("DELETE FROM designation_sources WHERE document_id = ?", (document_id,))
        self.conn.execute(
            "DELETE FROM designations WHERE id NOT IN (SELECT designation_id FROM designation_sources)"
        )
        return touched

    # -- reads -------------------------------------------------------------------

    def _participants(self, engagement_id: int) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT name, title, country, name_key FROM engagement_participants WHERE engagement_id = ?"
                " ORDER BY rowid",
                (engagement_id,),
            )
        ]

    def _engagement_objects(self, rows: Sequence[Any]) -> list[dict[str, Any]]:
        """Engagement rows as lists show them: two queries for all their participants and sources."""
        ids = json.dumps([int(r["id"]) for r in rows])
        people: dict[int, list[dict[str, Any]]] = {}
        for p in self.conn.execute(
            "SELECT engagement_id, name, title, country FROM engagement_participants"
            " WHERE engagement_id IN (SELECT value FROM json_each(?)) ORDER BY rowid",
            (ids,),
        ):
            people.setdefault(p["engagement_id"], []).append({k: p[k] for k in ("name", "title", "country")})
        sources: dict[int, list[dict[str, Any]]] = {}
        for s in self.conn.execute(
            "SELECT DISTINCT s.engagement_id, s.document_id, d.title, d.published FROM engagement_sources s"
            " JOIN documents d ON d.id = s.document_id"
            " WHERE s.engagement_id IN (SELECT value FROM json_each(?)) ORDER BY d.published",
            (ids,),
        ):
            sources.setdefault(s["engagement_id"], []).append(
                {"document_id": s["document_id"], "title": s["title"], "published": s["published"]}
            )
        out = []
        for r in rows:
            e = dict(r)
            e["conflicts"] = json.loads(e["conflicts"])
            e["participants"] = people.get(e["id"], [])
            e["sources"] = sources.get(e["id"], [])
            out.append(e)
        return out

    def list_engagements(
        self,
        country: str | None = None,
        person: str | None = None,
        since: str | None = None,
        meeting_id: int | None = None,
        pair: tuple[str, str] | None = None,
        limit: int = 500,
    ) -> list[dict[str, Any]]:
        """Stored engagements, newest first, filtered by a side or host country, a person, a date or a round."""
        where: list[str] = [
            "NOT EXISTS (SELECT 1 FROM engagement_keys k WHERE k.engagement_id = e.id AND k.rejected = 1)"
        ]
        params: list[Any] = []
        if country:
            where.append(
                "(e.country = ? COLLATE NOCASE OR EXISTS (SELECT 1 FROM engagement_participants p"
                " WHERE p.engagement_id = e.id AND p.country = ? COLLATE NOCASE))"
            )
            params += [country, country]
        if person:
            key = name_key(person)
            where.append(
                "EXISTS (SELECT 1 FROM engagement_participants p WHERE p.engagement_id = e.id"
                " AND (p.name_key = ? OR ' ' || p.name_key || ' ' LIKE ?))"
            )
            params += [key, f"% {key} %"]
        if since:
            where.append("e.date >= ?")
            params.append(since)
        if meeting_id is not None:
            where.append("e.meeting_id = ?")
            params.append(meeting_id)
        if pair:
            where.append("e.pair = ?")
            params.append(_pair(*pair))
        rows = self.conn.execute(
            f"SELECT e.* FROM engagements e WHERE {' AND '.join(where)}"
            " ORDER BY e.date IS NULL, e.date DESC, e.id DESC LIMIT ?",
            (*params, limit),
        ).fetchall()
        return self._engagement_objects(rows)

    def person_engagements(self, person_id: int) -> list[dict[str, Any]]:
        """The engagements of a stored person, under any of the names the people index knows."""
        return self.people_engagements([person_id])

    def people_engagements(
        self, person_ids: Collection[int], status: str | None = None
    ) -> list[dict[str, Any]]:
        """Engagements of any of these stored people, newest first, each with `people`: which of them took part.

        A participant is one of them under any name the people index knows for them.
        """
        rows = self.conn.execute(
            "SELECT e.*, json_group_array(DISTINCT n.person_id) AS people FROM engagements e"
            " JOIN engagement_participants p ON p.engagement_id = e.id"
            " JOIN person_names n ON n.name_key = p.name_key"
            " WHERE n.person_id IN (SELECT value FROM json_each(?)) AND (? IS NULL OR e.status = ?)"
            " AND NOT EXISTS (SELECT 1 FROM engagement_keys k WHERE k.engagement_id = e.id AND k.rejected = 1)"
            " GROUP BY e.id ORDER BY e.date IS NULL, e.date DESC, e.id DESC",
            (json.dumps(sorted(set(person_ids))), status, status),
        ).fetchall()
        found = self._engagement_objects(rows)
        for e in found:
            e["people"] = sorted(json.loads(e["people"]))
        return found

    def pair_designations(self, a: str, b: str) -> list[dict[str, Any]]:
        """The labels a pair is given, with first and last seen and the documents that state them."""
        rows = self.conn.execute(
            "SELECT d.id, d.label, MIN(s.seen) AS first_seen, MAX(s.seen) AS last_seen, COUNT(*) AS sources"
            " FROM designations d JOIN designation_sources s ON s.designation_id = d.id"
            " WHERE d.pair = ? GROUP BY d.id ORDER BY first_seen IS NULL, first_seen, d.label",
            (_pair(a, b),),
        ).fetchall()
        out = []
        for r in rows:
            d = dict(r)
            d["documents"] = [
                {"document_id": s["document_id"], "seen": s["seen"], "evidence": json.loads(s["evidence"])}
                for s in self.conn.execute(
                    "SELECT document_id, seen, evidence FROM designation_sources WHERE designation_id = ?"
                    " ORDER BY seen IS NULL, seen",
                    (d["id"],),
                )
            ]
            out.append(d)
        return out
