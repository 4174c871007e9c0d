"""The SQLite knowledge base: schema, migrations, writes and queries.

Every SQL statement of the project lives in this module, behind the methods of
`KnowledgeBase`, so that another backend (PostgreSQL) can later stand behind the
same methods without the callers changing.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import NotFoundError, StorageError
from ..model import Chair, Document, MechanismRef, Meeting, Statement

# Ordered schema scripts: MIGRATIONS[i] takes a base from user_version i to i + 1.
# Append new scripts; never edit one that has shipped.
MIGRATIONS: list[str] = [
    # 1: documents, mechanisms, meetings and who chaired them.
    """
    CREATE TABLE documents (
        id          TEXT PRIMARY KEY,
        source      TEXT NOT NULL,
        url         TEXT,
        title       TEXT,
        published   TEXT,
        language    TEXT,
        text        TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE mechanisms (
        id        INTEGER PRIMARY KEY,
        key       TEXT NOT NULL UNIQUE,
        name      TEXT NOT NULL,
        programme TEXT,
        parties   TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE mechanism_aliases (
        mechanism_id INTEGER NOT NULL REFERENCES mechanisms(id) ON DELETE CASCADE,
        alias        TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (mechanism_id, alias)
    );
    CREATE TABLE meetings (
        id           INTEGER PRIMARY KEY,
        mechanism_id INTEGER NOT NULL REFERENCES mechanisms(id),
        status       TEXT NOT NULL CHECK (status IN ('held', 'scheduled', 'reference')),
        ordinal      INTEGER,
        date         TEXT,
        city         TEXT,
        country      TEXT,
        mode         TEXT,
        created_at   TEXT NOT NULL
    );
    CREATE INDEX meetings_by_ordinal ON meetings (mechanism_id, ordinal);
    CREATE INDEX meetings_by_date ON meetings (mechanism_id, date);
    CREATE TABLE meeting_sources (
        meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        record      TEXT NOT NULL,
        evidence    TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (document_id, position)
    );
    CREATE INDEX meeting_sources_by_meeting ON meeting_sources (meeting_id);
    CREATE TABLE people (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE
    );
    CREATE TABLE offices (
        person_id   INTEGER NOT NULL REFERENCES people(id),
        title       TEXT,
        country     TEXT,
        meeting_id  INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    );
    CREATE INDEX offices_by_person ON offices (person_id);
    CREATE TABLE chairs (
        meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        person_id   INTEGER NOT NULL REFERENCES people(id),
        title       TEXT,
        country     TEXT,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (meeting_id, person_id, document_id)
    );
    CREATE TABLE statements (
        id          INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        meeting_id  INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
        kind        TEXT NOT NULL,
        topics      TEXT NOT NULL DEFAULT '[]',
        actors      TEXT NOT NULL DEFAULT '[]',
        start       INTEGER NOT NULL,
        "end"       INTEGER NOT NULL,
        text        TEXT NOT NULL
    );
    CREATE INDEX statements_by_document ON statements (document_id);
    CREATE INDEX statements_by_meeting ON statements (meeting_id);
    """,
    # 2: full-text search over document titles and texts, filled for documents already stored.
    """
    CREATE VIRTUAL TABLE documents_fts USING fts5(document_id UNINDEXED, title, text);
    INSERT INTO documents_fts (document_id, title, text) SELECT id, COALESCE(title, ''), text FROM documents;
    """,
]

STATUS_RANK = {"reference": 0, "scheduled": 1, "held": 2}
MERGED_FIELDS = ("status", "ordinal", "date", "city", "country", "mode")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def fold(value: str | None) -> str | None:
    """The Unicode case-insensitive form used for every name comparison."""
    if value is None:
        return None
    return unicodedata.normalize("NFKC", value).casefold()


def normalise_name(name: str) -> str:
    """A name reduced to lower-case words, so spelling variants of punctuation meet."""
    words = re.sub(r"[^\w\s]", " ", fold(name) or "").split()
    return " ".join(words)


def mechanism_key(ref: MechanismRef) -> str:
    """Identity of a mechanism: its lexicon key when known, else its normalised name."""
    return ref.key or normalise_name(ref.name)


def person_key(name: str) -> str:
    """Identity of a person: the name with case and spacing ignored."""
    return " ".join((fold(name) or "").split())


def merged_fields(current: dict[str, Any], incoming: Meeting) -> dict[str, Any]:
    """The meeting row's fields once another source's account of it joins.

    The first non-null value stays, except that held beats scheduled beats reference
    (a meeting held anywhere is held) and a more precise date beats a vaguer one.
    """
    merged = {name: current[name] for name in MERGED_FIELDS}
    if STATUS_RANK.get(incoming.status, -1) > STATUS_RANK.get(current["status"], -1):
        merged["status"] = incoming.status
    if incoming.date and len(incoming.date) > len(current["date"] or ""):
        merged["date"] = incoming.date
    for name in ("ordinal", "city", "country", "mode"):
        if merged[name] is None:
            merged[name] = getattr(incoming, name)
    return merged


@dataclass(slots=True)
class StoreResult:
    """What storing one document did: 'stored' or 'unchanged', and its meeting rows."""

    document_id: str
    status: str
    meeting_ids: list[int] = field(default_factory=list)


def open_db(path: str, *, must_exist: bool = False) -> KnowledgeBase:
    """Open (creating and migrating when needed) the knowledge base at `path`.

    `must_exist` keeps read-only commands from leaving an empty file behind a typo.
    """
    if must_exist and path != ":memory:" and not Path(path).is_file():
        raise StorageError(f"no knowledge base at {path}; run `corridor ingest` first or pass --db")
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open {path}: {exc}; check the path and its folder") from exc
    kb = KnowledgeBase(conn, path)
    try:
        kb.configure()
        kb.migrate()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StorageError(f"{path} is not a usable knowledge base: {exc}") from exc
    except StorageError:
        conn.close()
        raise
    return kb


class KnowledgeBase:
    """One open SQLite knowledge base; every read and write goes through its methods."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        conn.row_factory = sqlite3.Row

    # -- connection and schema -------------------------------------------------

    def configure(self) -> None:
        """WAL lets readers (the web view) work while a batch is ingested."""
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.create_function("fold", 1, fold, deterministic=True)

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply, each in its own transaction, the migrations this base has not had yet."""
        current = self.version
        if current > len(MIGRATIONS):
            raise StorageError(
                f"{self.path} has schema version {current}, newer than this corridor "
                f"({len(MIGRATIONS)}); upgrade corridor"
            )
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            try:
                self.conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise StorageError(f"migration {number} failed on {self.path}: {exc}") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: an exception inside rolls back every write made in the block."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
        return row

    # -- writes ----------------------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        """Whether this content is already stored; lets ingestion skip extraction."""
        return self._one("SELECT 1 FROM documents WHERE id = ?", (document_id,)) is not None

    def store_document(self, doc: Document) -> StoreResult:
        """Store a document with its meetings, chairs and statements in one transaction.

        The same content stored twice is kept once and reported as 'unchanged'.
        """
        try:
            with self.transaction():
                if self.has_document(doc.id):
                    return StoreResult(doc.id, "unchanged")
                self._insert_document(doc)
                meeting_ids = [self._store_meeting(doc, i, m) for i, m in enumerate(doc.meetings)]
                for statement in doc.statements:
                    self._insert_statement(doc, statement, meeting_ids)
        except sqlite3.Error as exc:
            raise StorageError(f"could not be stored ({exc}); nothing of this document was kept") from exc
        return StoreResult(doc.id, "stored", meeting_ids)

    def _insert_document(self, doc: Document) -> None:
        published = doc.published.isoformat() if doc.published else None
        self.conn.execute(
            "INSERT INTO documents (id, source, url, title, published, language, text, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.source, doc.url, doc.title, published, doc.language, doc.text, _now()),
        )
        self.conn.execute(
            "INSERT INTO documents_fts (document_id, title, text) VALUES (?, ?, ?)",
            (doc.id, doc.title or "", doc.text),
        )

    def _store_meeting(self, doc: Document, position: int, meeting: Meeting) -> int:
        """Join the meeting this account describes, or start one; keep the account itself."""
        mechanism_id = self._upsert_mechanism(meeting.mechanism)
        meeting_id = self._find_meeting(mechanism_id, meeting.ordinal, meeting.date)
        if meeting_id is None:
            meeting_id = self._insert_meeting(mechanism_id, meeting)
        else:
            self._merge_meeting(meeting_id, meeting)
        self._insert_meeting_source(meeting_id, doc, position, meeting)
        for chair in meeting.chairs:
            self._insert_chair(meeting_id, doc.id, chair)
        return meeting_id

    def _upsert_mechanism(self, ref: MechanismRef) -> int:
        key = mechanism_key(ref)
        row = self._one("SELECT id, name, programme, parties FROM mechanisms WHERE key = ?", (key,))
        if row is None:
            cursor = self.conn.execute(
                "INSERT INTO mechanisms (key, name, programme, parties) VALUES (?, ?, ?, ?)",
                (key, ref.name, ref.programme, json.dumps(_unique(ref.parties), ensure_ascii=False)),
            )
            mechanism_id = int(cursor.lastrowid or 0)
            stored_name = ref.name
        else:
            mechanism_id, stored_name = int(row["id"]), row["name"]
            parties = _unique([*json.loads(row["parties"]), *ref.parties])
            self.conn.execute(
                "UPDATE mechanisms SET programme = COALESCE(programme, ?), parties = ? WHERE id = ?",
                (ref.programme, json.dumps(parties, ensure_ascii=False), mechanism_id),
            )
        for alias in [ref.name, *ref.aliases]:
            if alias and fold(alias) != fold(stored_name):
                self.conn.execute(
                    "INSERT OR IGNORE INTO mechanism_aliases (mechanism_id, alias) VALUES (?, ?)",
                    (mechanism_id, alias),
                )
        return mechanism_id

    def _find_meeting(self, mechanism_id: int, ordinal: int | None, date: str | None) -> int | None:
        """The stored meeting for this round: same ordinal, else same date (indexed lookups only)."""
        row = None
        if ordinal is not None:
            row = self._one(
                "SELECT id FROM meetings WHERE mechanism_id = ? AND ordinal = ? ORDER BY id LIMIT 1",
                (mechanism_id, ordinal),
            )
        if row is None and date:
            # An account without an ordinal joins any round on that date; one with an
            # ordinal joins only a round on that date whose ordinal is still unknown.
            row = self._one(
                "SELECT id FROM meetings WHERE mechanism_id = ? AND date = ?"
                " AND (? IS NULL OR ordinal IS NULL) ORDER BY id LIMIT 1",
                (mechanism_id, date, ordinal),
            )
        return int(row["id"]) if row else None

    def _insert_meeting(self, mechanism_id: int, meeting: Meeting) -> int:
        cursor = self.conn.execute(
            "INSERT INTO meetings (mechanism_id, status, ordinal, date, city, country, mode, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                mechanism_id,
                meeting.status,
                meeting.ordinal,
                meeting.date,
                meeting.city,
                meeting.country,
                meeting.mode,
                _now(),
            ),
        )
        return int(cursor.lastrowid or 0)

    def _merge_meeting(self, meeting_id: int, meeting: Meeting) -> None:
        current = self._one(f"SELECT {', '.join(MERGED_FIELDS)} FROM meetings WHERE id = ?", (meeting_id,))
        assert current is not None
        merged = merged_fields(dict(current), meeting)
        assignments = ", ".join(f"{name} = :{name}" for name in MERGED_FIELDS)
        self.conn.execute(f"UPDATE meetings SET {assignments} WHERE id = :id", {**merged, "id": meeting_id})

    def _insert_meeting_source(self, meeting_id: int, doc: Document, position: int, meeting: Meeting) -> None:
        record = meeting.to_json(doc.text)
        evidence = record.pop("evidence")
        self.conn.execute(
            "INSERT INTO meeting_sources (meeting_id, document_id, position, record, evidence)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                meeting_id,
                doc.id,
                position,
                json.dumps(record, ensure_ascii=False),
                json.dumps(evidence, ensure_ascii=False),
            ),
        )

    def _person(self, name: str) -> int:
        key = person_key(name)
        row = self._one("SELECT id FROM people WHERE name_key = ?", (key,))
        if row is not None:
            return int(row["id"])
        cursor = self.conn.execute("INSERT INTO people (name, name_key) VALUES (?, ?)", (name.strip(), key))
        return int(cursor.lastrowid or 0)

    def _insert_chair(self, meeting_id: int, document_id: str, chair: Chair) -> None:
        person_id = self._person(chair.name)
        self.conn.execute(
            "INSERT OR IGNORE INTO chairs (meeting_id, person_id, title, country, document_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (meeting_id, person_id, chair.title, chair.country, document_id),
        )
        self.conn.execute(
            "INSERT INTO offices (person_id, title, country, meeting_id, document_id) VALUES (?, ?, ?, ?, ?)",
            (person_id, chair.title, chair.country, meeting_id, document_id),
        )

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

    # -- queries ---------------------------------------------------------------

    def list_meetings(
        self, mechanism: str | None = None, country: str | None = None, since: str | None = None
    ) -> list[dict[str, Any]]:
        """Meetings as schema meeting objects with `id`, `sources` and `documents`.

        `mechanism` matches the name, key or any alias (case-insensitive substring);
        `country` the meeting's country or one of the parties; `since` keeps dates >= it.
        """
        clauses, params = _meeting_filters(mechanism, country, since)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.conn.execute(
            f"{_MEETING_SELECT} {where} ORDER BY m.date IS NULL, m.date, m.id", params
        ).fetchall()
        return [self._meeting_object(row) for row in rows]

    def get_meeting(self, meeting_id: int) -> dict[str, Any]:
        """One meeting with, under `reports`, every document's account of it.

        Each report holds the meeting as that document states it, its evidence
        sentences, and the document's statements made at this meeting or at none.
        """
        row = self._one(f"{_MEETING_SELECT} WHERE m.id = ?", (meeting_id,))
        if row is None:
            raise NotFoundError(f"no meeting with id {meeting_id}; `corridor meetings` lists the ids")
        meeting = self._meeting_object(row)
        meeting["reports"] = self._reports(meeting_id)
        return meeting

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
        rows = self.conn.execute(
            "SELECT d.id, d.source FROM meeting_sources s JOIN documents d ON d.id = s.document_id"
            " WHERE s.meeting_id = ? ORDER BY s.rowid",
            (row["id"],),
        ).fetchall()
        sources = list({r["id"]: r["source"] for r in rows}.items())  # one entry per document
        return {
            "id": row["id"],
            "mechanism": {
                "name": row["mechanism_name"],
                "aliases": self._aliases(row["mechanism_id"]),
                "parties": json.loads(row["parties"]),
                "programme": row["programme"],
                "key": row["mechanism_key"],
            },
            **{name: row[name] for name in MERGED_FIELDS},
            "chairs": self._chairs(row["id"]),
            "sources": [source for _, source in sources],
            "documents": [document_id for document_id, _ in sources],
        }

    def _aliases(self, mechanism_id: int) -> list[str]:
        rows = self.conn.execute(
            "SELECT alias FROM mechanism_aliases WHERE mechanism_id = ? ORDER BY rowid", (mechanism_id,)
        ).fetchall()
        return [r["alias"] for r in rows]

    def _chairs(self, meeting_id: int) -> list[dict[str, Any]]:
        """Chairs from every source, one per person; later sources fill a missing title or side."""
        rows = self.conn.execute(
            "SELECT p.name, p.name_key, c.title, c.country FROM chairs c JOIN people p ON p.id = c.person_id"
            " WHERE c.meeting_id = ? ORDER BY c.rowid",
            (meeting_id,),
        ).fetchall()
        chairs: dict[str, dict[str, Any]] = {}
        for r in rows:
            chair = chairs.setdefault(r["name_key"], {"name": r["name"], "title": None, "country": None})
            chair["title"] = chair["title"] or r["title"]
            chair["country"] = chair["country"] or r["country"]
        return list(chairs.values())

    def _reports(self, meeting_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT d.id, d.source, d.url, d.title, d.published, s.record, s.evidence"
            " FROM meeting_sources s JOIN documents d ON d.id = s.document_id"
            " WHERE s.meeting_id = ? ORDER BY s.rowid",
            (meeting_id,),
        ).fetchall()
        return [
            {
                "document": r["id"],
                "source": r["source"],
                "url": r["url"],
                "title": r["title"],
                "published": r["published"],
                "meeting": json.loads(r["record"]),
                "evidence": json.loads(r["evidence"]),
                "statements": self._statements(r["id"], meeting_id),
            }
            for r in rows
        ]

    def _statements(self, document_id: str, meeting_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            'SELECT id, meeting_id, kind, topics, actors, start, "end", text FROM statements'
            " WHERE document_id = ? AND (meeting_id = ? OR meeting_id IS NULL) ORDER BY start",
            (document_id, meeting_id),
        ).fetchall()
        return [
            {
                "id": r["id"],
                "meeting_id": r["meeting_id"],
                "kind": r["kind"],
                "topics": json.loads(r["topics"]),
                "actors": json.loads(r["actors"]),
                "evidence": [{"start": r["start"], "end": r["end"], "text": r["text"]}],
            }
            for r in rows
        ]


_TABLES = frozenset(
    {
        "documents",
        "mechanisms",
        "mechanism_aliases",
        "meetings",
        "meeting_sources",
        "people",
        "offices",
        "chairs",
        "statements",
    }
)

_MEETING_SELECT = (
    "SELECT m.id, m.mechanism_id, m.status, m.ordinal, m.date, m.city, m.country, m.mode,"
    " k.key AS mechanism_key, k.name AS mechanism_name, k.programme, k.parties"
    " FROM meetings m JOIN mechanisms k ON k.id = m.mechanism_id"
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
