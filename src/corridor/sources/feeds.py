"""RSS and Atom feeds: each entry is a document, with its link, title and date.

Ministries and news sites announce statements through feeds; the entry's date is the
publication date a reader would give it, and its link is where the full text lives.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin

from ..model import Document
from .html import fragment_text
from .text import make_document


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed entry as the feed gives it; `markup` is its content, else its summary."""

    number: int
    title: str | None
    link: str | None
    published: date | None
    markup: str


def parse_feed(raw: bytes, base_url: str | None = None) -> list[Entry]:
    """The entries of an RSS, Atom or RDF feed; ValueError when the bytes hold no feed entries."""
    import feedparser

    try:
        parsed = feedparser.parse(raw)  # bytes only: a str would be taken for a URL or a path
    except Exception as exc:  # the parser is lenient, but a damaged feed must stay one input's error
        raise ValueError(f"feed cannot be parsed ({type(exc).__name__}: {exc})") from exc
    entries = list(feed_entries(parsed.get("entries") or [], base_url))
    if entries:
        return entries
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        raise ValueError(f"not a readable feed ({problem or 'malformed XML'})")
    raise ValueError("feed has no entries")


def feed_entries(items: list[Any], base_url: str | None) -> Iterator[Entry]:
    for number, item in enumerate(items, start=1):
        link = text_field(item, "link")
        yield Entry(
            number=number,
            title=text_field(item, "title"),
            link=urljoin(base_url, link) if base_url and link else link,
            published=entry_date(item),
            markup=entry_markup(item),
        )


def text_field(item: Any, key: str) -> str | None:
    value = item.get(key)
    return value.strip() or None if isinstance(value, str) else None


def entry_markup(item: Any) -> str:
    """The fullest text the entry carries: its content, else its summary."""
    for content in item.get("content") or []:
        value = content.get("value") if hasattr(content, "get") else None
        if isinstance(value, str) and value.strip():
            return value
    summary = item.get("summary")
    return summary if isinstance(summary, str) else ""


def entry_date(item: Any) -> date | None:
    """The entry's publication date, else the date it was last updated."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = dict.get(item, key)  # the stored value: feedparser's own lookup remaps and warns
        if isinstance(stamp, time.struct_time):
            try:
                return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            except ValueError:
                continue
    return None


def entry_source(feed_source: str, entry: Entry) -> str:
    """How an entry is named in messages and records: the feed, then its entry number."""
    return f"{feed_source}#{entry.number}"


def entry_document(entry: Entry, feed_source: str, published: date | None) -> Document:
    """A Document of the text the entry itself carries; ValueError when it carries none."""
    text = fragment_text(entry.markup)
    if not text.strip():
        raise ValueError(f"entry {entry.number} has no text of its own")
    doc = make_document(text, entry_source(feed_source, entry), published or entry.published, entry.title)
    doc.url = entry.link
    doc.provenance = {"reader": "feed", "feed": feed_source, "entry": entry.number}
    return doc
