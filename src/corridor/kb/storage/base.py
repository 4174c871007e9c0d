"""The connection every part of `KnowledgeBase` stands on: configuration, migrations, transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Self

from ...errors import StorageError
from .schema import MIGRATIONS, register_functions


class Connection:
    """One open SQLite connection and the schema version behind it."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        conn.row_factory = sqlite3.Row
        # Accounts whose names, keys and parties are already stored for their mechanism.
        self._remembered: set[tuple[Any, ...]] = set()

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

    def __enter__(self) -> Self:
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
