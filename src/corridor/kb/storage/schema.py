"""The knowledge base's schema: ordered migrations, the tables, and the SQL functions they call."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from datetime import UTC, datetime
from typing import Any

from ..labels import heading, outlet_name
from ..mechanisms import core_name, parties_key
from ..mechanisms import fold as plain_fold
from ..merge import ChairClaim, choose_chairs
from ..people import name_key, search_tokens

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
    # 7: mechanism names compared by their distinctive words (singular, sorted, descriptive words
    # dropped): every stored name and alias is indexed again under that form, keeping a
    # reviewer's routing, and every mechanism found in text is keyed by it too.
    """
    INSERT OR IGNORE INTO mechanism_names (core, parties, mechanism_id, routed)
        SELECT core_name(a.alias, k.parties), parties_key(k.parties), k.id,
               EXISTS (SELECT 1 FROM mechanism_names r WHERE r.mechanism_id = k.id AND r.routed = 1)
        FROM mechanism_aliases a JOIN mechanisms k ON k.id = a.mechanism_id
        WHERE core_name(a.alias, k.parties) != '';
    INSERT OR IGNORE INTO mechanism_names (core, parties, mechanism_id)
        SELECT core_name(name, parties), parties_key(parties), id FROM mechanisms
        WHERE core_name(name, parties) != '';
    INSERT OR IGNORE INTO mechanism_keys (key, mechanism_id)
        SELECT core_name(name, parties)
               || CASE WHEN parties_key(parties) != '' THEN '|' || parties_key(parties) ELSE '' END, id
        FROM mechanisms WHERE lexicon = 0 AND core_name(name, parties) != '';
    """,
    # 8: a reviewer's undoing of a correction: the correction stays in the history, marked with
    # the correction that undid it, and stops applying.
    """
    CREATE TABLE IF NOT EXISTS undone (
        correction_id INTEGER PRIMARY KEY REFERENCES corrections(id) ON DELETE CASCADE,
        undo_id       INTEGER NOT NULL REFERENCES corrections(id) ON DELETE CASCADE
    );
    """,
    # 9: engagements (contacts that are not rounds) with their participants and the accounts of
    # each document, and partnership designations per pair with the documents that state them.
    # Self-contained and written to run safely on a base that already has any part of it.
    """
    CREATE TABLE IF NOT EXISTS engagements (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL,
        status     TEXT NOT NULL,
        date       TEXT,
        city       TEXT,
        country    TEXT,
        mode       TEXT,
        during     TEXT,
        meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
        pair       TEXT NOT NULL DEFAULT '',
        conflicts  TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX IF NOT EXISTS engagements_by_pair ON engagements (pair, date);
    CREATE INDEX IF NOT EXISTS engagements_by_meeting ON engagements (meeting_id);
    CREATE TABLE IF NOT EXISTS engagement_participants (
        engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
        name_key      TEXT NOT NULL,
        name          TEXT,
        title         TEXT,
        country       TEXT,
        PRIMARY KEY (engagement_id, name_key)
    );
    CREATE INDEX IF NOT EXISTS engagement_participants_by_name ON engagement_participants (name_key);
    CREATE TABLE IF NOT EXISTS engagement_sources (
        document_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
        record        TEXT NOT NULL,
        PRIMARY KEY (document_id, position)
    );
    CREATE INDEX IF NOT EXISTS engagement_sources_by_engagement ON engagement_sources (engagement_id);
    CREATE TABLE IF NOT EXISTS designations (
        id        INTEGER PRIMARY KEY,
        pair      TEXT NOT NULL,
        label     TEXT NOT NULL,
        label_key TEXT NOT NULL,
        UNIQUE (pair, label_key)
    );
    CREATE TABLE IF NOT EXISTS designation_sources (
        designation_id INTEGER NOT NULL REFERENCES designations(id) ON DELETE CASCADE,
        document_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seen           TEXT,
        evidence       TEXT NOT NULL,
        PRIMARY KEY (designation_id, document_id)
    );
    """,
    # 10: what listings show, kept when it is written rather than worked out per request: each
    # document's site and heading (its name for readers), each meeting's chosen chairs and its
    # sources. Triggers drop a meeting's summary whenever what it is made of changes; it is made
    # again when the meeting is next refreshed, and read from the tables until then. Idempotent.
    """
    CREATE TABLE IF NOT EXISTS document_labels (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        site        TEXT,
        heading     TEXT NOT NULL
    );
    INSERT OR IGNORE INTO document_labels (document_id, site, heading)
        SELECT d.id, document_site(r.provenance, d.url), document_heading(d.title, substr(d.text, 1, 2000), d.url)
        FROM documents d LEFT JOIN raw_documents r ON r.document_id = d.id;
    CREATE TABLE IF NOT EXISTS meeting_summaries (
        meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        chairs     TEXT NOT NULL,
        sources    TEXT NOT NULL
    );
    INSERT OR IGNORE INTO meeting_summaries (meeting_id, chairs, sources)
        SELECT m.id,
               (SELECT chosen_chairs(c.person_id, p.name, c.title, c.country, c.account, d.outlet_rank, d.rowid, c.rowid)
                FROM chairs c JOIN people p ON p.id = c.person_id JOIN documents d ON d.id = c.document_id
                WHERE c.meeting_id = m.id),
               (SELECT json_group_array(json_array(s.document_id, d.source, json_extract(s.record, '$.mechanism.aliases')))
                FROM (SELECT * FROM meeting_sources WHERE meeting_id = m.id ORDER BY rowid) s
                JOIN documents d ON d.id = s.document_id)
        FROM meetings m;
    CREATE TRIGGER IF NOT EXISTS meeting_summaries_chair_added AFTER INSERT ON chairs BEGIN
        DELETE FROM meeting_summaries WHERE meeting_id = new.meeting_id;
    END;
    CREATE TRIGGER IF NOT EXISTS meeting_summaries_chair_removed AFTER DELETE ON chairs BEGIN
        DELETE FROM meeting_summaries WHERE meeting_id = old.meeting_id;
    END;
    CREATE TRIGGER IF NOT EXISTS meeting_summaries_chair_changed AFTER UPDATE ON chairs BEGIN
        DELETE FROM meeting_summaries WHERE meeting_id IN (old.meeting_id, new.meeting_id);
    END;
    CREATE TRIGGER IF NOT EXISTS meeting_summaries_source_added AFTER INSERT ON meeting_sources BEGIN
        DELETE FROM meeting_summaries WHERE meeting_id = new.meeting_id;
    END;
    CREATE TRIGGER IF NOT EXISTS meeting_summaries_source_removed AFTER DELETE ON meeting_sources BEGIN
        DELETE FROM meeting_summaries WHERE meeting_id = old.meeting_id;
    END;
    CREATE TRIGGER IF NOT EXISTS meeting_summaries_source_changed AFTER UPDATE ON meeting_sources BEGIN
        DELETE FROM meeting_summaries WHERE meeting_id IN (old.meeting_id, new.meeting_id);
    END;
    CREATE TRIGGER IF NOT EXISTS meeting_summaries_person_renamed AFTER UPDATE OF name ON people BEGIN
        DELETE FROM meeting_summaries WHERE meeting_id IN (SELECT meeting_id FROM chairs WHERE person_id = new.id);
    END;
    CREATE TRIGGER IF NOT EXISTS meeting_summaries_document_renamed AFTER UPDATE OF source ON documents BEGIN
        DELETE FROM meeting_summaries
        WHERE meeting_id IN (SELECT meeting_id FROM meeting_sources WHERE document_id = new.id);
    END;
    CREATE INDEX IF NOT EXISTS meetings_listed ON meetings (rejected, date, id, status);
    """,
    # 11: the rows a reviewer's merge, split or rename changed, kept with the correction so that
    # undoing it restores them exactly (kb/storage/journal.py). Idempotent.
    """
    CREATE TABLE IF NOT EXISTS correction_changes (
        correction_id INTEGER NOT NULL REFERENCES corrections(id) ON DELETE CASCADE,
        seq           INTEGER NOT NULL,
        tbl           TEXT NOT NULL,
        op            TEXT NOT NULL,
        row_id        INTEGER NOT NULL,
        data          TEXT NOT NULL,
        PRIMARY KEY (correction_id, seq)
    );
    CREATE INDEX IF NOT EXISTS correction_changes_by_row ON correction_changes (tbl, row_id);
    """,
    # 12: reviewers' corrections of engagements, filed under a key that outlives the engagement's id
    # (kind family, people, date or trip: kb/engagements.review_key), and each engagement's key and
    # whether a reviewer rejected it. Idempotent.
    """
    CREATE TABLE IF NOT EXISTS engagement_corrections (
        id         INTEGER PRIMARY KEY,
        key        TEXT NOT NULL,
        action     TEXT NOT NULL,
        field      TEXT,
        value      TEXT,
        author     TEXT NOT NULL,
        reason     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        undone_by  INTEGER REFERENCES engagement_corrections(id)
    );
    CREATE INDEX IF NOT EXISTS engagement_corrections_by_key ON engagement_corrections (key);
    CREATE TABLE IF NOT EXISTS engagement_keys (
        engagement_id INTEGER PRIMARY KEY REFERENCES engagements(id) ON DELETE CASCADE,
        key           TEXT NOT NULL,
        rejected      INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS engagement_keys_by_key ON engagement_keys (key);
    """,
    # 13: each document's full-text row has the document's own row id, so a search goes from a
    # match to its document (or tests a document's year or mechanism) by row id, without reading
    # the id stored in the full-text row; rows stored otherwise are written again. Documents are
    # found by publication date through an index. Idempotent.
    """
    DELETE FROM documents_fts WHERE rowid IN (
        SELECT f.rowid FROM documents_fts f LEFT JOIN documents d ON d.id = f.document_id
        WHERE d.rowid IS NOT f.rowid
    );
    INSERT INTO documents_fts (rowid, document_id, title, text)
        SELECT d.rowid, d.id, COALESCE(d.title, ''), d.text FROM documents d
        WHERE NOT EXISTS (SELECT 1 FROM documents_fts f WHERE f.rowid = d.rowid);
    CREATE INDEX IF NOT EXISTS documents_by_published ON documents (published);
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
    conn.create_function("document_site", 2, outlet_name, deterministic=True)
    conn.create_function(
        "document_heading", 3, lambda title, text, url: heading(title, text or "", url), deterministic=True
    )
    conn.create_aggregate("chosen_chairs", 8, _ChosenChairs)  # type: ignore[arg-type]  # typeshed: int results only


class _ChosenChairs:
    """SQL aggregate over a meeting's chair rows: the chairs it shows, as JSON (migration 8 fills summaries)."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, int, ChairClaim]] = []

    def step(self, *row: Any) -> None:
        person, name, title, country, account, rank, document_order, chair_order = row
        claim = ChairClaim(int(person), name, title, country, account, rank, document_order)
        self.rows.append((document_order, chair_order, claim))

    def finalize(self) -> str:
        return json.dumps(choose_chairs([claim for *_, claim in sorted(self.rows, key=lambda r: r[:2])]))


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
        "undone",
        "engagements",
        "engagement_participants",
        "engagement_sources",
        "designations",
        "designation_sources",
        "document_labels",
        "meeting_summaries",
        "correction_changes",
        "engagement_corrections",
        "engagement_keys",
    }
)
