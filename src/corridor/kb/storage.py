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
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import NotFoundError, StorageError
from ..model import Chair, Document, MechanismRef, Meeting, Raw, Statement
from .mechanisms import core_name, lookup_cores, mechanism_key, name_forms, parties_compatible, parties_key
from .mechanisms import fold as plain_fold
from .merge import (
    ChairClaim,
    Claim,
    Resolution,
    choose_chairs,
    date_window,
    day_distance,
    number_next_rounds,
    postponement_window,
    resolve,
)
from .outlets import Outlet, classify
from .people import Profile, Sighting, best_match, name_key, search_tokens

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
    # 3: one record per real meeting: each document's claims, outlets, reviewers' corrections, and
    # the keys and names by which mechanisms and people are found again. Filled from what is stored.
    """
    ALTER TABLE documents ADD COLUMN outlet TEXT NOT NULL DEFAULT 'other';
    ALTER TABLE documents ADD COLUMN outlet_rank INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE documents ADD COLUMN outlet_trust REAL NOT NULL DEFAULT 0.65;
    ALTER TABLE mechanisms ADD COLUMN lexicon INTEGER NOT NULL DEFAULT 0;
    UPDATE mechanisms SET lexicon = 1 WHERE instr(key, ' ') = 0 AND instr(key, '|') = 0;
    ALTER TABLE meetings ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE meetings ADD COLUMN conflicts TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE meetings ADD COLUMN confidence TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE meetings ADD COLUMN min_confidence REAL NOT NULL DEFAULT 1.0;
    ALTER TABLE meeting_sources ADD COLUMN inferred TEXT NOT NULL DEFAULT '{}';
    CREATE TABLE claims (
        meeting_id   INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        mechanism_id INTEGER NOT NULL,
        document_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        field        TEXT NOT NULL,
        value        TEXT NOT NULL,
        account      TEXT NOT NULL,
        PRIMARY KEY (document_id, position, field)
    );
    CREATE INDEX claims_by_value ON claims (mechanism_id, field, value);
    CREATE INDEX claims_by_meeting ON claims (meeting_id);
    INSERT INTO claims (meeting_id, mechanism_id, document_id, position, field, value, account)
        SELECT s.meeting_id, m.mechanism_id, s.document_id, s.position, f.name,
               CAST(json_extract(s.record, '$.' || f.name) AS TEXT), json_extract(s.record, '$.status')
        FROM meeting_sources s JOIN meetings m ON m.id = s.meeting_id
        CROSS JOIN (SELECT 'status' AS name UNION ALL SELECT 'ordinal' UNION ALL SELECT 'date'
                    UNION ALL SELECT 'city' UNION ALL SELECT 'country' UNION ALL SELECT 'mode') f
        WHERE json_extract(s.record, '$.' || f.name) IS NOT NULL;
    CREATE TABLE mechanism_keys (
        key          TEXT PRIMARY KEY,
        mechanism_id INTEGER NOT NULL REFERENCES mechanisms(id) ON DELETE CASCADE
    );
    CREATE INDEX mechanism_keys_by_mechanism ON mechanism_keys (mechanism_id);
    INSERT INTO mechanism_keys (key, mechanism_id) SELECT key, id FROM mechanisms;
    CREATE TABLE mechanism_names (
        core         TEXT NOT NULL,
        parties      TEXT NOT NULL,
        mechanism_id INTEGER NOT NULL REFERENCES mechanisms(id) ON DELETE CASCADE,
        routed       INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (core, parties, mechanism_id)
    );
    CREATE INDEX mechanism_names_by_mechanism ON mechanism_names (mechanism_id);
    INSERT OR IGNORE INTO mechanism_names (core, parties, mechanism_id)
        SELECT core_name(name, parties), parties_key(parties), id FROM mechanisms;
    INSERT OR IGNORE INTO mechanism_names (core, parties, mechanism_id)
        SELECT core_name(a.alias, k.parties), parties_key(k.parties), k.id
        FROM mechanism_aliases a JOIN mechanisms k ON k.id = a.mechanism_id;
    ALTER TABLE people ADD COLUMN countries TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE people ADD COLUMN titles TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE people ADD COLUMN first_seen TEXT;
    ALTER TABLE people ADD COLUMN last_seen TEXT;
    ALTER TABLE people ADD COLUMN chair_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE chairs ADD COLUMN name TEXT;
    ALTER TABLE chairs ADD COLUMN account TEXT NOT NULL DEFAULT 'held';
    UPDATE chairs SET name = (SELECT p.name FROM people p WHERE p.id = chairs.person_id);
    ALTER TABLE offices ADD COLUMN seen TEXT;
    UPDATE offices SET seen = COALESCE((SELECT m.date FROM meetings m WHERE m.id = offices.meeting_id),
                                       (SELECT d.published FROM documents d WHERE d.id = offices.document_id));
    CREATE TABLE person_names (
        name_key   TEXT NOT NULL,
        name       TEXT NOT NULL,
        person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        country    TEXT NOT NULL DEFAULT '',
        meeting_id INTEGER NOT NULL DEFAULT 0,
        trusted    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (name_key, person_id, country, meeting_id)
    );
    CREATE INDEX person_names_by_person ON person_names (person_id);
    INSERT OR IGNORE INTO person_names (name_key, name, person_id) SELECT person_name_key(name), name, id FROM people;
    CREATE TABLE person_tokens (
        token     TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        PRIMARY KEY (token, person_id)
    );
    CREATE INDEX person_tokens_by_person ON person_tokens (person_id);
    INSERT OR IGNORE INTO person_tokens (token, person_id)
        SELECT t.value, p.id FROM people p, json_each(person_search_tokens(p.name)) t;
    CREATE TABLE corrections (
        id         INTEGER PRIMARY KEY,
        target     TEXT NOT NULL CHECK (target IN ('meeting', 'mechanism', 'person')),
        target_id  INTEGER NOT NULL,
        action     TEXT NOT NULL,
        field      TEXT,
        value      TEXT,
        author     TEXT NOT NULL,
        reason     TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX corrections_by_target ON corrections (target, target_id);
    CREATE INDEX meetings_for_review ON meetings (rejected, min_confidence);
    """,
    # 4: the bytes each fetched document came from (so it can be read again offline) and
    # where any document came from; validators of fetched addresses for conditional
    # requests; stories grouping near-duplicate documents, one wire story in many outlets.
    """
    CREATE TABLE IF NOT EXISTS raw_documents (
        document_id   TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        url           TEXT,
        content_type  TEXT,
        fetched_at    TEXT,
        etag          TEXT,
        last_modified TEXT,
        provenance    TEXT NOT NULL DEFAULT '{}',
        bytes         BLOB
    );
    CREATE INDEX IF NOT EXISTS raw_documents_by_url ON raw_documents (url);
    CREATE TABLE IF NOT EXISTS fetch_state (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        checked_at    TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS story_links (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        story_id    TEXT NOT NULL,
        outlet      TEXT,
        similarity  REAL,
        signature   BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS story_links_by_story ON story_links (story_id);
    """,
    # 5: what is known of each person, kept on the person for matching, and the indexes that let
    # re-extraction and people lookups work without reading whole tables.
    """
    CREATE INDEX IF NOT EXISTS chairs_by_person ON chairs (person_id);
    CREATE INDEX IF NOT EXISTS chairs_by_document ON chairs (document_id);
    CREATE INDEX IF NOT EXISTS offices_by_document ON offices (document_id);
    CREATE INDEX IF NOT EXISTS offices_by_meeting ON offices (meeting_id);
    UPDATE people SET
        countries = (SELECT json_group_array(c) FROM (SELECT DISTINCT plain_fold(o.country) AS c FROM offices o
                     WHERE o.person_id = people.id AND o.country IS NOT NULL)),
        titles = (SELECT json_group_array(t) FROM (SELECT DISTINCT o.title AS t FROM offices o
                  WHERE o.person_id = people.id AND o.title IS NOT NULL LIMIT 20)),
        first_seen = (SELECT MIN(o.seen) FROM offices o WHERE o.person_id = people.id),
        last_seen = (SELECT MAX(o.seen) FROM offices o WHERE o.person_id = people.id),
        chair_count = (SELECT COUNT(*) FROM chairs c WHERE c.person_id = people.id);
    """,
    # 6: full-text search over statements, meetings in date order, and write tokens for the web API.
    # Written to run safely on a base that already has any part of it.
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(text, content='statements', content_rowid='id');
    INSERT INTO statements_fts (statements_fts) VALUES ('rebuild');
    CREATE TRIGGER IF NOT EXISTS statements_fts_insert AFTER INSERT ON statements BEGIN
        INSERT INTO statements_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER IF NOT EXISTS statements_fts_delete AFTER DELETE ON statements BEGIN
        INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER IF NOT EXISTS statements_fts_update AFTER UPDATE OF text ON statements BEGIN
        INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO statements_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE INDEX IF NOT EXISTS meetings_by_day ON meetings (date, id);
    CREATE TABLE IF NOT EXISTS api_tokens (
        name       TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    """,
]

MERGED_FIELDS = ("status", "ordinal", "date", "city", "country", "mode")
MAX_PROFILE_TITLES = 20
MAX_CANDIDATES = 25


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def fold(value: str | None) -> str | None:
    """The Unicode case-insensitive form used for every name comparison."""
    if value is None:
        return None
    return unicodedata.normalize("NFKC", value).casefold()


def person_key(name: str) -> str:
    """A person's name as the people index keys it: words folded, honorifics dropped, any order."""
    return name_key(name)


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


def _json_function(func: Any) -> Any:
    """A Python function over a JSON array argument, callable from SQL (for migrations)."""

    def call(text: str | None, *rest: Any) -> Any:
        return func(json.loads(text or "[]"), *rest)

    return call


def register_functions(conn: sqlite3.Connection) -> None:
    """The name functions the schema's migrations and queries call."""
    conn.create_function("fold", 1, fold, deterministic=True)
    conn.create_function(
        "plain_fold", 1, lambda v: plain_fold(v) if v is not None else None, deterministic=True
    )
    conn.create_function(
        "core_name",
        2,
        lambda name, parties: core_name(name or "", json.loads(parties or "[]")),
        deterministic=True,
    )
    conn.create_function("parties_key", 1, _json_function(parties_key), deterministic=True)
    conn.create_function("person_name_key", 1, lambda n: name_key(n or ""), deterministic=True)
    conn.create_function(
        "person_search_tokens", 1, lambda n: json.dumps(search_tokens(n or "")), deterministic=True
    )


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
        # Accounts whose names, keys and parties are already stored for their mechanism.
        self._remembered: set[tuple[Any, ...]] = set()

    # -- connection and schema -------------------------------------------------

    def configure(self) -> None:
        """WAL lets readers (the web view) work while a batch is ingested."""
        self.conn.execute("PRAGMA journal_mode = WAL")
        # With WAL, NORMAL loses at most the last transactions on power loss, never consistency,
        # and spares one disk flush per stored document.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        register_functions(self.conn)

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
            self._remembered.clear()
            raise
        self.conn.execute("COMMIT")

    def _one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
        return row

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
                row = outlet or classify(doc)
                self.conn.execute(
                    "UPDATE documents SET outlet = ?, outlet_rank = ?, outlet_trust = ? WHERE id = ?",
                    (row.name, row.rank, row.trust, doc.id),
                )
                meeting_ids = self._store_accounts(doc, previous)
                for statement in doc.statements:
                    self._insert_statement(doc, statement, meeting_ids)
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
            "INSERT INTO documents_fts (document_id, title, text) VALUES (?, ?, ?)",
            (doc.id, doc.title or "", doc.text),
        )

    def _store_accounts(self, doc: Document, previous: Sequence[PreviousAccount] = ()) -> list[int]:
        """Place every account of the document; returns the meeting of each, in order."""
        accounts = number_next_rounds(doc.meetings, mechanism_key)
        published = doc.published.isoformat() if doc.published else None
        meeting_ids: list[int] = []
        for position, (said, account) in enumerate(zip(doc.meetings, accounts, strict=True)):
            mechanism_id = self._resolve_mechanism(account.mechanism)
            meeting_id = self._find_meeting(mechanism_id, account.ordinal, account.date, account.status)
            if meeting_id is None:
                meeting_id = self._kept_meeting(_previous_meeting(previous, account), mechanism_id)
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
            "INSERT INTO mechanisms (key, name, programme, parties, lexicon) VALUES (?, ?, ?, ?, ?)",
            (
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

    def _renamed(self, mechanism_id: int) -> bool:
        return (
            self._one(
                "SELECT 1 FROM corrections WHERE target = 'mechanism' AND target_id = ? AND action = 'rename'",
                (mechanism_id,),
            )
            is not None
        )

    def _next_id(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])

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
            "INSERT INTO meetings (mechanism_id, status, created_at) VALUES (?, 'scheduled', ?)",
            (mechanism_id, _now()),
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

    def _mechanism_of(self, meeting_id: int) -> int:
        row = self._one("SELECT mechanism_id FROM meetings WHERE id = ?", (meeting_id,))
        if row is None:
            raise NotFoundError(f"no meeting with id {meeting_id}; `corridor meetings` lists the ids")
        return int(row["mechanism_id"])

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
        return resolution

    def _meeting_corrections(self, meeting_id: int) -> tuple[dict[str, Any], bool]:
        """The field values reviewers set or confirmed (latest wins), and whether the meeting is rejected."""
        pinned: dict[str, Any] = {}
        rejected = False
        for row in self.conn.execute(
            "SELECT action, field, value FROM corrections WHERE target = 'meeting' AND target_id = ? ORDER BY id",
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
            "INSERT INTO people (name, name_key) VALUES (?, ?)", (name.strip(), handle)
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
            ).rowcount
            mechanisms = self.conn.execute(
                "DELETE FROM mechanisms WHERE id NOT IN (SELECT mechanism_id FROM meetings)"
                " AND id NOT IN (SELECT target_id FROM corrections WHERE target = 'mechanism')"
                " AND id NOT IN (SELECT mechanism_id FROM mechanism_names WHERE routed = 1)"
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
        """Meeting objects for query rows, with four queries per batch however many rows there are."""
        objects: list[dict[str, Any]] = []
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            ids = [int(row["id"]) for row in batch]
            sources = self._sources_of(ids)
            aliases = self._aliases_of({int(row["mechanism_id"]) for row in batch})
            chairs = self._chairs_of(ids)
            corrections = self._corrections_of("meeting", ids)
            for row, meeting_id in zip(batch, ids, strict=True):
                given = sources.get(meeting_id, [])
                documents = list({document: source for document, source, _ in given}.items())
                # The mechanism's own aliases, then the forms this meeting's reports wrote it in.
                written = [alias for *_, forms in given for alias in forms]
                objects.append(
                    {
                        "id": meeting_id,
                        "mechanism": {
                            "name": row["mechanism_name"],
                            "aliases": _unique([*aliases.get(row["mechanism_id"], []), *written]),
                            "parties": json.loads(row["parties"]),
                            "programme": row["programme"],
                            "key": row["mechanism_key"],
                        },
                        **{name: row[name] for name in MERGED_FIELDS},
                        "chairs": chairs.get(meeting_id, []),
                        "sources": [source for _, source in documents],
                        "documents": [document for document, _ in documents],
                        "conflicts": json.loads(row["conflicts"]),
                        "rejected": bool(row["rejected"]),
                        "corrections": corrections.get(meeting_id, []),
                    }
                )
        return objects

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
        rows = self.conn.execute(
            "SELECT id, target, target_id, action, field, value, author, reason, created_at"
            f" FROM corrections {where} ORDER BY id",
            params,
        ).fetchall()
        return [
            {**dict(r), "value": json.loads(r["value"]) if r["value"] is not None else None} for r in rows
        ]

    def _corrections_of(self, target: str, target_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        """Reviewers' changes to each of many targets, oldest first."""
        marks = ",".join("?" * len(target_ids))
        rows = self.conn.execute(
            "SELECT id, target, target_id, action, field, value, author, reason, created_at"
            f" FROM corrections WHERE target = ? AND target_id IN ({marks}) ORDER BY id",
            [target, *target_ids],
        ).fetchall()
        out: dict[int, list[dict[str, Any]]] = {}
        for r in rows:
            value = json.loads(r["value"]) if r["value"] is not None else None
            out.setdefault(r["target_id"], []).append({**dict(r), "value": value})
        return out

    def meeting_exists(self, meeting_id: int) -> bool:
        return self._one("SELECT 1 FROM meetings WHERE id = ?", (meeting_id,)) is not None

    def meeting_mechanism(self, meeting_id: int) -> int:
        """The mechanism a stored meeting belongs to."""
        return self._mechanism_of(meeting_id)

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

    # -- reads for the web view, exports and briefs ------------------------------

    def list_mechanisms(self) -> list[dict[str, Any]]:
        """Every mechanism with its number of meetings, rounds held and first and last dates."""
        rows = self.conn.execute(
            "SELECT k.id, k.key, k.name, k.programme, k.parties, COUNT(m.id) AS meetings,"
            " SUM(m.status = 'held') AS held, MIN(m.date) AS first_date, MAX(m.date) AS last_date"
            " FROM mechanisms k LEFT JOIN meetings m ON m.mechanism_id = k.id"
            " GROUP BY k.id ORDER BY k.name COLLATE NOCASE, k.id"
        ).fetchall()
        return [_mechanism_summary(r) for r in rows]

    def get_mechanism(self, mechanism_id: int) -> dict[str, Any]:
        """One mechanism with its aliases; NotFoundError names where the ids are listed."""
        row = self._one(
            "SELECT k.id, k.key, k.name, k.programme, k.parties, COUNT(m.id) AS meetings,"
            " SUM(m.status = 'held') AS held, MIN(m.date) AS first_date, MAX(m.date) AS last_date"
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
        self, filters: MeetingFilters, limit: int = 50, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of meetings, latest first, and how many match the filters in all."""
        clauses, params = filters.clauses()
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        total = self._count_meetings(
            where.replace("+m.rejected", "m.rejected"), params, joined=bool(filters.country)
        )
        rows = self.conn.execute(
            f"{_MEETING_SELECT} {where} ORDER BY m.date DESC, m.id DESC LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": offset},
        ).fetchall()
        return self._meeting_objects(rows), total

    def _count_meetings(self, where: str, params: dict[str, Any], *, joined: bool) -> int:
        """COUNT(*) for a filter, remembered until any connection commits (every page of a listing asks it)."""
        stamp = (int(self.conn.execute("PRAGMA data_version").fetchone()[0]), self.conn.total_changes)
        key = (where, tuple(sorted((k, str(v)) for k, v in params.items())))
        counts: dict[Any, tuple[Any, int]] = self.__dict__.setdefault("_meeting_counts", {})
        if key in counts and counts[key][0] == stamp:
            return counts[key][1]
        join = "JOIN mechanisms k ON k.id = m.mechanism_id" if joined else ""
        total = int(
            self.conn.execute(f"SELECT COUNT(*) FROM meetings m {join} {where}", params).fetchone()[0]
        )
        if len(counts) > 512:
            counts.clear()
        counts[key] = (stamp, total)
        return total

    def topic_counts(self, mechanism_id: int | None = None) -> list[dict[str, Any]]:
        """How many statements touch each topic per year (meeting date, else publication date)."""
        where = "WHERE m.mechanism_id = :mechanism" if mechanism_id is not None else ""
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
            "SELECT s.meeting_id, s.document_id, d.source, d.published, s.record FROM meeting_sources s"
            f" JOIN documents d ON d.id = s.document_id WHERE s.meeting_id IN ({marks})"
            " ORDER BY s.meeting_id DESC, s.rowid",
            ids,
        ).fetchall()
        return [{**dict(r), "record": json.loads(r["record"])} for r in rows]

    def meeting_reports(self, meeting_id: int) -> list[dict[str, Any]]:
        """Each document's account of one meeting (fields, field evidence and evidence sentences)."""
        return self._reports(meeting_id)

    def people_ids(self, names: Sequence[str]) -> dict[str, int]:
        """Person ids by the names chairs are listed under, for linking to person pages."""
        keys = {person_key(name): name for name in names}
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(f"SELECT id, name_key FROM people WHERE name_key IN ({marks})", list(keys))
        return {keys[r["name_key"]]: int(r["id"]) for r in rows}

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
            "SELECT id, source, url, title, published, language, text, ingested_at FROM documents WHERE id = ?",
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
        """Documents or statements matching every word of a query and the facet filters, with facet counts.

        Each word is matched as a quoted term, so whatever is typed is searched as plain text.
        """
        scope = _SEARCH_SCOPES[query.scope]
        clauses, params = query.clauses(scope)
        hits = f"WITH hits AS (SELECT {scope['id']} AS id FROM {scope['from']} WHERE {' AND '.join(clauses)})"
        try:
            total = int(self.conn.execute(f"{hits} SELECT COUNT(*) FROM hits", params).fetchone()[0])
            rows = self.conn.execute(
                f"{hits} {scope['select']} ORDER BY {scope['order']} LIMIT :limit OFFSET :offset",
                {**params, "limit": limit, "offset": offset},
            ).fetchall()
            facets = {
                name: [dict(r) for r in self.conn.execute(f"{hits} {sql}", params)]
                for name, sql in scope["facets"].items()
            }
        except sqlite3.OperationalError as exc:
            raise StorageError(f"cannot search for {query.text!r}: {exc}; search for words") from exc
        return {"total": total, "results": [_search_row(r) for r in rows], "facets": facets}

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
        "raw_documents",
        "fetch_state",
        "story_links",
        "claims",
        "corrections",
        "mechanism_keys",
        "mechanism_names",
        "person_names",
        "person_tokens",
    }
)

_BATCH = 500  # ids per IN (...) list, well under SQLite's limit on parameters

_MEETING_SELECT = (
    "SELECT m.id, m.mechanism_id, m.status, m.ordinal, m.date, m.city, m.country, m.mode,"
    " m.rejected, m.conflicts, m.confidence, m.min_confidence,"
    " k.key AS mechanism_key, k.name AS mechanism_name, k.programme, k.parties"
    " FROM meetings m JOIN mechanisms k ON k.id = m.mechanism_id"
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
        params.update({k: getattr(self, k) for k in ("mechanism", "country", "status", "since", "until")})
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

    def clauses(self, scope: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
        """The FTS match and facet filters as WHERE clauses for this scope; words become quoted terms."""
        words = self.words()
        clauses = [scope["match"]] if words else ["1"]
        params: dict[str, Any] = {"match": " ".join(f'"{w}"' for w in words)}
        for name in ("country", "mechanism", "year", "topic"):
            value = getattr(self, name)
            if value is not None and value != "":
                clauses.append(scope["filters"][name])
                params[name] = f"{value:04d}" if name == "year" else value
        return clauses, params


_STATEMENT_SOURCE = (
    " JOIN documents d ON d.id = s.document_id LEFT JOIN meetings m ON m.id = s.meeting_id"
    " LEFT JOIN mechanisms k ON k.id = m.mechanism_id"
)
_DOCUMENT_MEETINGS = (
    "SELECT 1 FROM meeting_sources ms JOIN meetings m ON m.id = ms.meeting_id"
    " JOIN mechanisms k ON k.id = m.mechanism_id WHERE ms.document_id = d.id"
)

_SEARCH_SCOPES: dict[str, dict[str, Any]] = {
    "documents": {
        "id": "d.id",
        "from": "documents d",
        "match": "d.id IN (SELECT document_id FROM documents_fts WHERE documents_fts MATCH :match)",
        "filters": {
            "year": "substr(d.published, 1, 4) = :year",
            "mechanism": f"EXISTS ({_DOCUMENT_MEETINGS} AND m.mechanism_id = :mechanism)",
            "country": f"EXISTS ({_DOCUMENT_MEETINGS} AND {_PARTY_MATCH})",
            "topic": "EXISTS (SELECT 1 FROM statements s, json_each(s.topics) t"
            " WHERE s.document_id = d.id AND t.value = :topic)",
        },
        "select": "SELECT d.id, d.source, d.title, d.published, d.url, d.text FROM hits JOIN documents d ON d.id = hits.id",
        "order": "d.published DESC, d.id",
        "facets": {
            "year": "SELECT substr(d.published, 1, 4) AS value, COUNT(*) AS n FROM hits"
            " JOIN documents d ON d.id = hits.id WHERE d.published IS NOT NULL GROUP BY value ORDER BY value DESC",
            "mechanism": "SELECT k.id AS value, k.name AS label, COUNT(DISTINCT hits.id) AS n FROM hits"
            " JOIN meeting_sources ms ON ms.document_id = hits.id JOIN meetings m ON m.id = ms.meeting_id"
            " JOIN mechanisms k ON k.id = m.mechanism_id GROUP BY k.id ORDER BY n DESC, k.name LIMIT 20",
            "country": "SELECT p.value AS value, COUNT(DISTINCT hits.id) AS n FROM hits"
            " JOIN meeting_sources ms ON ms.document_id = hits.id JOIN meetings m ON m.id = ms.meeting_id"
            " JOIN mechanisms k ON k.id = m.mechanism_id, json_each(k.parties) p"
            " GROUP BY p.value ORDER BY n DESC, value LIMIT 20",
            "topic": "SELECT t.value AS value, COUNT(DISTINCT hits.id) AS n FROM hits"
            " JOIN statements s ON s.document_id = hits.id, json_each(s.topics) t"
            " GROUP BY t.value ORDER BY n DESC, value LIMIT 20",
        },
    },
    "statements": {
        "id": "s.id",
        "from": f"statements s {_STATEMENT_SOURCE}",
        "match": "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH :match)",
        "filters": {
            "year": "substr(COALESCE(m.date, d.published), 1, 4) = :year",
            "mechanism": "m.mechanism_id = :mechanism",
            "country": _PARTY_MATCH,
            "topic": "EXISTS (SELECT 1 FROM json_each(s.topics) t WHERE t.value = :topic)",
        },
        "select": 'SELECT s.id, s.document_id, s.meeting_id, s.kind, s.topics, s.actors, s.start, s."end",'
        " s.text, d.source, d.published, m.date AS meeting_date, k.id AS mechanism_id, k.name AS mechanism"
        f" FROM hits JOIN statements s ON s.id = hits.id {_STATEMENT_SOURCE}",
        "order": "COALESCE(m.date, d.published) DESC, s.id",
        "facets": {
            "year": "SELECT substr(COALESCE(m.date, d.published), 1, 4) AS value, COUNT(*) AS n FROM hits"
            f" JOIN statements s ON s.id = hits.id {_STATEMENT_SOURCE}"
            " WHERE value IS NOT NULL GROUP BY value ORDER BY value DESC",
            "mechanism": "SELECT k.id AS value, k.name AS label, COUNT(*) AS n FROM hits"
            f" JOIN statements s ON s.id = hits.id {_STATEMENT_SOURCE}"
            " WHERE k.id IS NOT NULL GROUP BY k.id ORDER BY n DESC, k.name LIMIT 20",
            "country": "SELECT p.value AS value, COUNT(DISTINCT hits.id) AS n FROM hits"
            f" JOIN statements s ON s.id = hits.id {_STATEMENT_SOURCE}, json_each(k.parties) p"
            " GROUP BY p.value ORDER BY n DESC, value LIMIT 20",
            "topic": "SELECT t.value AS value, COUNT(*) AS n FROM hits"
            " JOIN statements s ON s.id = hits.id, json_each(s.topics) t GROUP BY t.value ORDER BY n DESC, value LIMIT 20",
        },
    },
}

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


def _mechanism_summary(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "key": row["key"],
        "name": row["name"],
        "programme": row["programme"],
        "parties": json.loads(row["parties"]),
        "meetings": row["meetings"],
        "held": row["held"] or 0,
        "first_date": row["first_date"],
        "last_date": row["last_date"],
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


def _search_row(row: sqlite3.Row) -> dict[str, Any]:
    found = dict(row)
    for name in ("topics", "actors"):
        if name in found:
            found[name] = json.loads(found[name])
    return found
