"""RSS and Atom files: one document per entry, with its link, title and date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from corridor.errors import InputError
from corridor.model import Document
from corridor.sources.feeds import parse_feed
from corridor.sources.reading import read_inputs

from .conftest import ENERGY, FISHERIES, TRADE, FeedEntry, atom, rss

ENTRIES = [
    FeedEntry(
        "Energy group meets",
        "https://ledger.example/energy",
        "Mon, 04 Mar 2024 09:00:00 GMT",
        "<p>" + "</p><p>".join(ENERGY) + "</p>",
    ),
    FeedEntry(
        "Kenya and Japan talk trade",
        "https://ledger.example/trade",
        "Wed, 10 May 2023 07:30:00 GMT",
        "<p>" + TRADE[0] + "</p>",
    ),
]
ATOM_ENTRIES = [
    FeedEntry("Fisheries committee", "https://gazette.example/fish", "2022-06-13T10:00:00Z", FISHERIES[0]),
    FeedEntry("Energy group", "https://gazette.example/energy", "2024-03-05T10:00:00Z", ENERGY[0]),
]


def read(path: Path) -> list[Document | InputError]:
    return list(read_inputs([str(path)]))


@pytest.mark.parametrize(
    ("name", "body", "entries"),
    [("news.rss", rss(ENTRIES), ENTRIES), ("gazette.atom", atom(ATOM_ENTRIES), ATOM_ENTRIES)],
    ids=["rss", "atom"],
)
def test_feeds_each_entry_is_a_document_with_link_title_and_date(
    tmp_path: Path, name: str, body: str, entries: list[FeedEntry]
) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    docs = read(path)
    assert all(isinstance(d, Document) for d in docs)
    assert [d.source for d in docs] == [f"{path}#{i}" for i in range(1, len(entries) + 1)]
    assert [d.url for d in docs] == [e.link for e in entries]
    assert [d.title for d in docs] == [e.title for e in entries]
    assert [d.published for d in docs] == [date.fromisoformat(parse_day(e.published)) for e in entries]
    assert all(d.provenance["reader"] == "feed" and d.provenance["feed"] == str(path) for d in docs)


def parse_day(stamp: str) -> str:
    """The YYYY-MM-DD of the test's own RSS or ISO stamps."""
    if stamp[:4].isdigit():
        return stamp[:10]
    from email.utils import parsedate_to_datetime

    return parsedate_to_datetime(stamp).date().isoformat()


def test_feeds_entry_text_is_plain_with_one_line_per_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "news.xml"
    path.write_text(rss(ENTRIES[:1]))
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert doc.text == "\n".join(ENERGY)


def test_feeds_are_recognised_by_content(tmp_path: Path) -> None:
    path = tmp_path / "feed.txt"
    path.write_text(rss(ENTRIES))
    assert [type(d) for d in read(path)] == [Document, Document]


def test_feeds_entry_without_text_is_one_error_and_the_others_land(tmp_path: Path) -> None:
    empty = FeedEntry("Nothing here", "https://ledger.example/empty", "Mon, 04 Mar 2024 09:00:00 GMT", "")
    path = tmp_path / "news.rss"
    path.write_text(rss([ENTRIES[0], empty, ENTRIES[1]]))
    items = read(path)
    assert [type(i) for i in items] == [Document, InputError, Document]
    assert items[1].source == f"{path}#2" and "has no text of its own" in items[1].reason


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
            "feed has no entries",
        ),
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>cut &bogus; <', "not a readable feed"),
    ],
)
def test_feeds_without_entries_are_one_error(tmp_path: Path, body: str, reason: str) -> None:
    path = tmp_path / "bad.rss"
    path.write_text(body)
    [err] = read(path)
    assert isinstance(err, InputError) and err.reason.startswith(reason)


def test_feeds_relative_links_are_made_absolute_against_the_feed_address() -> None:
    entry = FeedEntry("t", "/news/1", "Mon, 04 Mar 2024 09:00:00 GMT", "text")
    [parsed] = parse_feed(rss([entry]).encode(), base_url="http://127.0.0.1:9/feed.xml")
    assert parsed.link == "http://127.0.0.1:9/news/1"
