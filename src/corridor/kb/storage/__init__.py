"""The SQLite knowledge base: schema, migrations, writes and queries.

Every SQL statement of the project lives in this package, behind the methods of
`KnowledgeBase`, so that another backend (PostgreSQL) can later stand behind the
same methods without the callers changing. The class is built in layers, each a
module: `base` (connection, migrations, transactions), `reads`, `writes` (which
may read) and `reviews` (which may write).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ...errors import StorageError
from ..mechanisms import mechanism_key
from .reviews import Reviews
from .schema import MERGED_FIELDS, MIGRATIONS, fold, person_key, register_functions
from .sql import CONFLICT_FIELDS, MeetingFilters, SearchQuery
from .writes import PreviousAccount, StoreResult, StoryLink

__all__ = [
    "CONFLICT_FIELDS",
    "MERGED_FIELDS",
    "MIGRATIONS",
    "KnowledgeBase",
    "MeetingFilters",
    "PreviousAccount",
    "SearchQuery",
    "StoreResult",
    "StoryLink",
    "fold",
    "mechanism_key",
    "open_db",
    "person_key",
    "register_functions",
]


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


class KnowledgeBase(Reviews):
    """One open SQLite knowledge base; every read and write goes through its methods."""
