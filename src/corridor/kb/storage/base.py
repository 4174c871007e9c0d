"""The connection every part of `KnowledgeBase` stands on: configuration, migrations, transactions."""

from __future__ import annotations

import sqlite3
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Self

from ...errors import StorageError
from .schema import MIGRATIONS, register_functions

BUSY_WAIT_MS = 5000  # sqlite3.connect's default: how long a write waits for another one
MIGRATION_WAIT_MS = 600_000


def split_statements(script: str) -> list[str]:
    """A migration script as single statements, so they run inside a transaction this module holds
    (`executescript` would commit it first); a trigger's body stays one statement."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements


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
        self._use_wal()
        # With WAL, NORMAL loses at most the last transactions on power loss, never consistency,
        # and spares one disk flush per stored document.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        register_functions(self.conn)

    def tune_for_reading(self, mmap_bytes: int = 1 << 30) -> None:
        """For a long-lived reader (a web worker thread): read the file through a memory map, so a
        page another connection has read costs no system call, and keep more pages of its own."""
        self.conn.execute(f"PRAGMA mmap_size = {int(mmap_bytes)}")
        self.conn.execute("PRAGMA cache_size = -16384")  # KiB: 16 MB of decoded pages per connection

    def _use_wal(self, patience: float = 30.0) -> None:
        """Switch the file to WAL, waiting while another process opening it does the same.

        SQLite answers 'locked' at once, without waiting, to a second switch in progress.
        """
        give_up = time.monotonic() + patience
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > give_up:
                    raise
                time.sleep(0.02)

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Bring the base to the newest schema in one transaction under the write lock.

        Processes that open a new base at once take turns: each reads the version again once it
        holds the lock, so the one that waited finds the work done and applies nothing twice.
        """
        if self.version == len(MIGRATIONS):
            return
        # Another process may hold the lock for a whole migration of a large base: wait for it.
        self.conn.execute(f"PRAGMA busy_timeout = {MIGRATION_WAIT_MS}")
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_WAIT_MS}")
        current = number = self.version
        try:
            self._check_version(current)
            for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
                for statement in split_statements(script):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
        except BaseException as exc:
            self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StorageError(f"migration {number} failed on {self.path}: {exc}") from exc
            raise
        self.conn.execute("COMMIT")

    def _check_version(self, current: int) -> None:
        if current > len(MIGRATIONS):
            raise StorageError(
                f"{self.path} has schema version {current}, newer than this corridor "
                f"({len(MIGRATIONS)}); upgrade corridor"
            )

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

    def _answers(self, name: str, size: int) -> Answers:
        """A store of answers that holds until any connection commits, keeping the `size` last used."""
        stamp = (int(self.conn.execute("PRAGMA data_version").fetchone()[0]), self.conn.total_changes)
        stores: dict[str, tuple[Any, Answers]] = self.__dict__.setdefault("_remembered_answers", {})
        kept = stores.get(name)
        if kept is None or kept[0] != stamp:
            kept = stores[name] = (stamp, Answers(size))
        return kept[1]

    def _one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
        return row


class Answers(OrderedDict[Any, Any]):
    """Answers by question, at most `size` of them: the least recently used one goes first."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            return default
        self.move_to_end(key)
        return self[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)
