"""The rows a reviewer's merge, split or rename changed, kept so that undoing it restores them exactly.

While a change runs, temporary triggers note every row it inserts, updates or deletes in the
tables that hold mechanisms, meetings and people (the row before and after). The notes are
stored with the correction; undoing it plays them backwards: inserted rows go, updated columns
take their old values, deleted rows come back under their old ids. Values worked out from the
others (a meeting's shown fields, a person's profile) are not noted but worked out again.

Undoing refuses, and changes nothing, when a noted row has changed since (a later correction
not undone, or re-extraction replaced it): restoring it would not be the state before.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ...errors import StorageError
from .base import Connection

# The tables a merge, split or rename of mechanisms, meetings or people writes to.
JOURNALED = (
    "mechanisms",
    "mechanism_aliases",
    "mechanism_keys",
    "mechanism_names",
    "meetings",
    "meeting_sources",
    "claims",
    "chairs",
    "offices",
    "statements",
    "engagements",
    "people",
    "person_names",
    "person_tokens",
    "corrections",
)
# Columns worked out from other rows, made again after an undo rather than restored.
DERIVED = {
    "meetings": frozenset(
        ("status", "ordinal", "date", "city", "country", "mode", "conflicts", "confidence", "min_confidence")
    ),
    "people": frozenset(("countries", "titles", "first_seen", "last_seen", "chair_count")),
}
# Tables whose rowid is the id other rows and addresses know a row by: a row comes back under it.
IDENTIFIED = frozenset(("mechanisms", "meetings", "people", "statements", "engagements", "corrections"))
_OPS = {"INSERT": "new", "UPDATE": "new", "DELETE": "old"}


@dataclass(slots=True)
class Change:
    """One row a correction changed: its table, rowid, and the values that matter to undo it.

    `values`: the row as inserted (INSERT) or deleted (DELETE); for an UPDATE, each changed
    column's [before, after].
    """

    table: str
    op: str
    row_id: int
    values: dict[str, Any]


@dataclass(slots=True)
class Changes:
    """What one journaled block of writes changed, in the order it changed it."""

    rows: list[Change] = field(default_factory=list)


class ChangedSinceError(StorageError):
    """A row a correction changed has changed again, so undoing it would not restore the state before."""


class Journal(Connection):
    """Noting the rows a correction changes, keeping the notes with it, and playing them back."""

    @contextmanager
    def journal(self) -> Iterator[Changes]:
        """Note every row the block changes in JOURNALED; the yielded Changes is filled when it ends.

        Run inside the caller's transaction; the triggers exist only for this block and connection.
        """
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS journal_rows"
            " (seq INTEGER PRIMARY KEY, tbl TEXT, op TEXT, row_id INTEGER, old TEXT, new TEXT)"
        )
        self.conn.execute("DELETE FROM temp.journal_rows")
        # A REPLACE that removes a row fires delete triggers only with recursive triggers on.
        self.conn.execute("PRAGMA recursive_triggers = ON")
        triggers = [self._trigger(table, op) for table in JOURNALED for op in _OPS]
        changes = Changes()
        try:
            yield changes
            rows = self.conn.execute(
                "SELECT tbl, op, row_id, old, new FROM temp.journal_rows ORDER BY seq"
            ).fetchall()
            changes.rows.extend(c for r in rows if (c := _change(r)) is not None)
        finally:
            for name in triggers:
                self.conn.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
            self.conn.execute("DELETE FROM temp.journal_rows")
            self.conn.execute("PRAGMA recursive_triggers = OFF")

    def _trigger(self, table: str, op: str) -> str:
        columns = [r[1] for r in self.conn.execute(f"PRAGMA main.table_info({table})")]

        def row(which: str) -> str:
            return "json_object(" + ", ".join(f"'{c}', {which}.\"{c}\"" for c in columns) + ")"

        name = f"journal_{table}_{op.lower()}"
        old = row("old") if op != "INSERT" else "NULL"
        new = row("new") if op != "DELETE" else "NULL"
        rowid = "old.rowid" if op == "DELETE" else "new.rowid"
        self.conn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS {name} AFTER {op} ON main.{table} BEGIN"
            " INSERT INTO journal_rows (tbl, op, row_id, old, new)"
            f" VALUES ('{table}', '{op}', {rowid}, {old}, {new}); END"
        )
        return name

    def keep_changes(self, correction_id: int, changes: Changes) -> None:
        """Store what a correction changed with it, so that `undo_changes` can take it back."""
        self.conn.executemany(
            "INSERT INTO correction_changes (correction_id, seq, tbl, op, row_id, data) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (correction_id, seq, c.table, c.op, c.row_id, json.dumps(c.values, ensure_ascii=False))
                for seq, c in enumerate(changes.rows)
            ],
        )
        if not changes.rows:  # a correction that changed no row is still one that can be undone
            self.conn.execute(
                "INSERT INTO correction_changes (correction_id, seq, tbl, op, row_id, data)"
                " VALUES (?, 0, '', 'NONE', 0, '{}')",
                (correction_id,),
            )

    def has_changes(self, correction_id: int) -> bool:
        """Whether the rows this correction changed were noted (corrections made before notes were kept were not)."""
        found = self._one(
            "SELECT 1 FROM correction_changes WHERE correction_id = ? LIMIT 1", (correction_id,)
        )
        return found is not None

    def later_corrections_on(self, correction_id: int) -> list[int]:
        """Later corrections, not undone, that changed rows this one changed: to be undone first."""
        rows = self.conn.execute(
            "SELECT DISTINCT b.correction_id FROM correction_changes a JOIN correction_changes b"
            " ON b.tbl = a.tbl AND b.row_id = a.row_id AND b.correction_id > a.correction_id"
            " WHERE a.correction_id = ? AND a.op != 'NONE'"
            " AND b.correction_id NOT IN (SELECT correction_id FROM undone) ORDER BY b.correction_id",
            (correction_id,),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def undo_changes(self, correction_id: int) -> Changes:
        """Put back every row the correction changed, last change first; returns what was put back.

        ChangedSinceError (and nothing changed, once the caller rolls back) when a row differs
        from what the correction left.
        """
        rows = self.conn.execute(
            "SELECT tbl, op, row_id, data FROM correction_changes WHERE correction_id = ?"
            " AND op != 'NONE' ORDER BY seq DESC",
            (correction_id,),
        ).fetchall()
        undone = Changes([Change(r["tbl"], r["op"], r["row_id"], json.loads(r["data"])) for r in rows])
        placed: dict[tuple[str, int], int] = {}  # rows that came back under another rowid
        for change in undone.rows:
            change.row_id = placed.get((change.table, change.row_id), change.row_id)
            now = self._undo_change(correction_id, change)
            if now != change.row_id:
                placed[(change.table, change.row_id)] = now
                change.row_id = now
        self._remembered.clear()
        return undone

    def _undo_change(self, correction_id: int, change: Change) -> int:
        """Undo one change; returns the rowid of the row put back (another when its own was taken)."""
        table, values = change.table, change.values
        if table not in JOURNALED:
            raise StorageError(
                f"correction {correction_id} notes a change to {table!r}, not a table it may restore"
            )
        if change.op == "DELETE":
            return self._put_back(correction_id, change)
        now = self._one(f"SELECT * FROM {table} WHERE rowid = ?", (change.row_id,))
        if now is None:
            raise self._changed(correction_id, change, "it is gone")
        expected = {c: v[1] for c, v in values.items()} if change.op == "UPDATE" else values
        kept = DERIVED.get(table, frozenset())
        if any(now[c] != v for c, v in expected.items() if c not in kept):
            raise self._changed(correction_id, change, "it was changed again")
        try:
            if change.op == "INSERT":
                self.conn.execute(f"DELETE FROM {table} WHERE rowid = ?", (change.row_id,))
            else:
                assignments = ", ".join(f'"{c}" = ?' for c in values)
                self.conn.execute(
                    f"UPDATE {table} SET {assignments} WHERE rowid = ?",
                    (*(v[0] for v in values.values()), change.row_id),
                )
        except sqlite3.IntegrityError as exc:
            raise self._changed(
                correction_id, change, f"rows written since stand in the way ({exc})"
            ) from exc
        return change.row_id

    def _put_back(self, correction_id: int, change: Change) -> int:
        """A deleted row again: under its id, or, where no id names it, under a new rowid if its own was reused."""
        table, values = change.table, change.values
        columns = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" * len(values))
        taken = self._one(f"SELECT 1 FROM {table} WHERE rowid = ?", (change.row_id,)) is not None
        try:
            if taken and table not in IDENTIFIED:
                cursor = self.conn.execute(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values())
                )
                return int(cursor.lastrowid or 0)
            self.conn.execute(
                f"INSERT INTO {table} (rowid, {columns}) VALUES (?, {marks})",
                (change.row_id, *values.values()),
            )
        except sqlite3.IntegrityError as exc:
            raise self._changed(correction_id, change, f"it cannot come back ({exc})") from exc
        return change.row_id

    def _changed(self, correction_id: int, change: Change, what: str) -> ChangedSinceError:
        return ChangedSinceError(
            f"correction {correction_id} cannot be undone exactly: a row of {change.table} it changed"
            f" ({change.row_id}) has changed since, {what}; undo the later corrections first,"
            " or correct it again"
        )


def _change(row: sqlite3.Row) -> Change | None:
    """A noted row as kept: an update keeps only the columns it changed that are not worked out."""
    table, op = row["tbl"], row["op"]
    if op != "UPDATE":
        return Change(table, op, row["row_id"], json.loads(row[_OPS[op]]))
    old, new = json.loads(row["old"]), json.loads(row["new"])
    derived = DERIVED.get(table, frozenset())
    changed = {c: [old[c], new[c]] for c in old if old[c] != new[c] and c not in derived}
    return Change(table, op, row["row_id"], changed) if changed else None
