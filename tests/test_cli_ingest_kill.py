"""Killing `corridor ingest` at any moment leaves a consistent base; running it again completes the batch.

Twenty times: a fresh base, `corridor ingest` in a subprocess over 60 small documents,
SIGKILL at a random moment once the batch has started, then checks: the file passes
`PRAGMA integrity_check`, every stored document has all its rows (meeting accounts,
statements, search entry, story link), and the same command run again ends with the same
base as an uninterrupted run, nothing twice. Extraction is a fast stand-in
(tests/fake_extraction.py) that writes many rows per document, with a short wait inside
each transaction so kills often land mid-transaction.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from corridor.cli import main

from . import fake_extraction

ROOT = Path(__file__).resolve().parent.parent
DOCS = 60
ITERATIONS = 20
PARALLEL = 2  # kills run two at a time, each on its own base
WAIT_IN_TRANSACTION = 0.002
CITIES = ("Lahore", "Beijing", "Karachi", "Urumqi", "Gwadar")


def write_batch(folder: Path) -> None:
    """60 short reports of rounds of five groups; some rounds are reported twice, as in real news."""
    folder.mkdir()
    for number in range(DOCS):
        group, ordinal = number % 5, number // 10 + 1
        city = CITIES[(number // 5) % len(CITIES)]
        (folder / f"{number:03d}.txt").write_text(
            f"round {ordinal} of JWG-{group} in {city}\n\n"
            f"Report number {number}: the delegations met for the round and agreed to meet again. "
            f"Officials said the talks covered {number * 7} projects.\n",
            encoding="utf-8",
        )


def start(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "tests.fake_extraction", str(WAIT_IN_TRANSACTION)]
    command += ["ingest", str(folder), "--db", str(db), "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stored(db: Path) -> int:
    """Documents committed so far, read beside the running writer; 0 while the base is being made."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def kill_mid_batch(folder: Path, db: Path, delay: float) -> None:
    """Start the command, wait for its first stored document, then SIGKILL it `delay` seconds later."""
    process = start(folder, db)
    try:
        deadline = time.monotonic() + 20
        while stored(db) == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=20)


def check_consistent(db: Path) -> int:
    """The base is sound and holds only whole documents; returns how many it holds."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        per_document = conn.execute(
            "SELECT d.id,"
            " (SELECT COUNT(*) FROM meeting_sources s WHERE s.document_id = d.id),"
            " (SELECT COUNT(*) FROM statements s WHERE s.document_id = d.id),"
            " (SELECT COUNT(*) FROM chairs c WHERE c.document_id = d.id),"
            " (SELECT COUNT(*) FROM documents_fts f WHERE f.document_id = d.id),"
            " (SELECT COUNT(*) FROM story_links l WHERE l.document_id = d.id)"
            " FROM documents d"
        ).fetchall()
        for row in per_document:
            assert row[1:] == (2, 3, 2, 1, 1), f"document {row[0]} is half-stored: {row[1:]}"
        orphans = conn.execute(
            "SELECT COUNT(*) FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM meeting_sources s WHERE s.meeting_id = m.id)"
        ).fetchone()[0]
        assert orphans == 0
        return len(per_document)


def snapshot(db: Path) -> dict[str, object]:
    """What a finished batch holds, without ids and times that differ from run to run."""
    with sqlite3.connect(db) as conn:
        tables = ("documents", "meetings", "meeting_sources", "statements", "chairs", "people", "story_links")
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
        meetings = sorted(
            conn.execute(
                "SELECT k.key, m.status, m.ordinal, m.city, (SELECT COUNT(*) FROM meeting_sources s WHERE s.meeting_id = m.id)"
                " FROM meetings m JOIN mechanisms k ON k.id = m.mechanism_id"
            ).fetchall()
        )
        documents = sorted(r[0] for r in conn.execute("SELECT source FROM documents"))
    return {"counts": counts, "meetings": meetings, "documents": documents}


def run_again(folder: Path, db: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output


def test_cli_ingest_killed_at_random_moments_stays_consistent_and_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("corridor.extract.run.extract_document", fake_extraction.extract)
    folder = tmp_path / "batch"
    write_batch(folder)
    reference = tmp_path / "reference.db"
    run_again(folder, reference)
    expected = snapshot(reference)
    assert expected["counts"]["documents"] == DOCS  # type: ignore[index]

    rng = random.Random(int(os.environ.get("CORRIDOR_KILL_SEED", time.time_ns())))
    partial = 0
    for first in range(0, ITERATIONS, PARALLEL):
        dbs = [tmp_path / f"killed-{i}.db" for i in range(first, min(first + PARALLEL, ITERATIONS))]
        with ThreadPoolExecutor(len(dbs)) as pool:
            list(pool.map(lambda db: kill_mid_batch(folder, db, rng.uniform(0, 0.6)), dbs))
        for db in dbs:
            held = check_consistent(db) if db.exists() else 0
            partial += 0 < held < DOCS
            run_again(folder, db)
            assert check_consistent(db) == DOCS
            assert snapshot(db) == expected, f"{db.name}: rerun after a kill at {held} documents"
    assert partial >= ITERATIONS // 4, f"only {partial} of {ITERATIONS} kills landed mid-batch"
