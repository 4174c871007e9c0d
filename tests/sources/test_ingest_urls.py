"""`corridor ingest URL...` and `corridor watch`, against a server on loopback; summaries and progress."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from corridor.cli import main, parse_every
from corridor.console import Progress
from corridor.kb import open_db
from corridor.sources.reading import read_stored
from tests import fake_extraction

from .conftest import ENERGY, TRADE, FeedEntry, Site, html_page, plain, rss


@pytest.fixture(autouse=True)
def fast_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("corridor.extract.run.extract_document", fake_extraction.extract)
    monkeypatch.setenv("CORRIDOR_FETCH_TIMEOUT", "2")


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def summary(result: Result) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_ingest_urls_and_files_land_and_a_failing_address_is_reported(site: Site, tmp_path: Path) -> None:
    page = site.add("/energy.html", html_page(ENERGY), headers={"ETag": '"1"'})
    broken = site.add("/down", b"", status=500)
    local = tmp_path / "trade.txt"
    local.write_text(plain(TRADE))
    db = str(tmp_path / "kb.db")
    result = cli("ingest", page, broken, str(local), "--db", db, "--json-summary")
    assert result.exit_code == 1
    assert summary(result) == {
        "read": 3,
        "stored": 2,
        "duplicates": 0,
        "unchanged": 0,
        "failed": 1,
        "failures": [{"source": broken, "reason": "server answered 500 Internal Server Error"}],
    }
    assert f"corridor: {broken}: server answered 500" in result.stderr
    with open_db(db) as kb:
        [row] = kb.conn.execute("SELECT id FROM documents WHERE source = ?", (page,)).fetchall()
        raw = kb.raw_document(row["id"])
        assert raw is not None and raw.etag == '"1"' and raw.data == html_page(ENERGY).encode()
        again = read_stored(raw, page)
        assert getattr(again, "id", None) == row["id"]


def test_ingest_urls_second_run_is_answered_not_modified(site: Site, tmp_path: Path) -> None:
    page = site.add("/energy.html", html_page(ENERGY), headers={"ETag": '"1"'})
    db = str(tmp_path / "kb.db")
    assert cli("ingest", page, "--db", db).exit_code == 0
    second = cli("ingest", page, "--db", db, "--json-summary")
    assert (summary(second)["unchanged"], summary(second)["stored"]) == (1, 0)
    assert site.hits("/energy.html")[1]["if-none-match"] == '"1"'


def test_ingest_urls_republished_story_is_counted_as_a_near_duplicate(site: Site, tmp_path: Path) -> None:
    one = site.add("/a.html", html_page(ENERGY, site="Ledger", canonical=None))
    two = site.add(
        "/b.html",
        html_page(ENERGY + ["Our correspondent adds that talks went well."], site="Gazette", canonical=None),
    )
    result = cli("ingest", one, two, "--db", str(tmp_path / "kb.db"))
    assert result.exit_code == 0
    assert (
        result.stderr.strip().splitlines()[-1] == "read 2, stored 2 (1 near-duplicate), unchanged 0, failed 0"
    )


def test_ingest_quiet_prints_failures_but_no_summary(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(plain(TRADE))
    result = cli(
        "ingest", str(good), str(tmp_path / "missing.txt"), "--db", str(tmp_path / "kb.db"), "--quiet"
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"corridor: {tmp_path / 'missing.txt'}: no such file or folder"]
    assert result.stdout == ""


def test_watch_rounds_store_new_entries_then_find_the_feed_unchanged(site: Site, tmp_path: Path) -> None:
    page = site.add("/e.html", html_page(ENERGY), headers={"ETag": '"p"'})
    feed = site.add(
        "/feed.xml",
        rss([FeedEntry("E", page, "Mon, 04 Mar 2024 09:00:00 GMT", "s")]),
        content_type="application/rss+xml",
        headers={"ETag": '"f"'},
    )
    result = cli(
        "watch", feed, "--db", str(tmp_path / "kb.db"), "--every", "0.05s", "--rounds", "2", "--json-summary"
    )
    assert result.exit_code == 0, result.output
    rounds = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["read"], r["stored"], r["unchanged"]) for r in rounds] == [(1, 1, 0), (1, 0, 1)]
    assert site.hits("/feed.xml")[1]["if-none-match"] == '"f"'
    assert len(site.hits("/e.html")) == 1


def test_watch_prints_each_rounds_summary(site: Site, tmp_path: Path) -> None:
    feed = site.add("/feed.xml", b"", status=500)
    result = cli("watch", feed, "--db", str(tmp_path / "kb.db"), "--every", "0.01s", "--rounds", "2")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("round")] == [
        "round 1: read 1, stored 0, unchanged 0, failed 1",
        "round 2: read 1, stored 0, unchanged 0, failed 1",
    ]


@pytest.mark.parametrize("args", [["notes.txt"], ["http://127.0.0.1:9/f", "--every", "soon"]])
def test_watch_refuses_bad_arguments(tmp_path: Path, args: list[str]) -> None:
    result = cli("watch", *args, "--db", str(tmp_path / "kb.db"))
    assert result.exit_code == 2
    assert (
        not (tmp_path / "kb.db").exists()
        or sqlite3.connect(tmp_path / "kb.db").execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    )


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("30m", 1800), ("2h", 7200), ("1h30m", 5400), ("0.5s", 0.5)]
)
def test_watch_interval_is_read_with_its_unit(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


def test_progress_shows_inputs_documents_rate_and_eta_on_a_terminal() -> None:
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    with Progress(3, console=console) as progress:
        progress.item_done("stored", "a")
        progress.input_done("a")
        progress.bar.refresh()
        shown = out.getvalue()
    assert "1/3" in shown and "1 documents" in shown and "docs/s" in shown and "eta" in shown


def test_progress_stays_silent_off_a_terminal_or_when_quiet() -> None:
    from rich.console import Console

    for console, enabled in ((Console(file=io.StringIO(), force_terminal=False), True), (None, False)):
        with Progress(3, enabled=enabled, console=console) as progress:
            progress.item_done("stored", "a")
        assert progress.bar is None and progress.documents == 1
