"""What a web page says about itself: title, publication date, site name, canonical address.

News sites state these in a few well-known places: meta tags (Open Graph, Twitter, Dublin
Core, schema.org microdata), JSON-LD blocks, `<time>` elements and the canonical link. Reading
those places directly from the parsed tree costs a fraction of a general metadata search
(authors, categories, licences, free-text date guessing), which Corridor does not use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from .dateline import FULL_DATE_PATTERN, find_published, parse_date_text, safe_date

# Meta keys (property, name or itemprop, lower-cased) in the order they are trusted.
TITLE_KEYS = ("og:title", "twitter:title", "title", "headline", "dc.title", "dcterms.title")
SITE_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "citation_publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dcterms.date",
    "date",
)
MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)
# Words in a class or id that mark an element holding the story's date or byline.
DATE_MARKERS = ("date", "byline", "published", "posted", "timestamp")
MAX_MARKED_ELEMENTS = 20  # the first few are the page's own; teasers come later
MAX_MARKED_CHARS = 120

if TYPE_CHECKING:
    from lxml.etree import XPath
    from lxml.html import HtmlElement

_NUMERIC_DATE = re.compile(r"\s*((?:19|20)\d\d)[-/.]?(\d\d?)[-/.]?(\d\d?)(?!\d)")
_WRITTEN_DATE = re.compile(FULL_DATE_PATTERN)
_TITLE_SEPARATOR = re.compile(r"\s+[|–—·•:-]\s+")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d?)[/-](\d\d?)(?=[/_-]|\.\w+$|$)")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """The page's own statements; `modified` stands in only where nothing gives the publication day."""

    title: str | None = None
    published: date | None = None
    modified: date | None = None
    site_name: str | None = None
    url: str | None = None

    @property
    def host(self) -> str | None:
        """The canonical address's host without a leading `www.`."""
        host = urlsplit(self.url).hostname if self.url else None
        return host.removeprefix("www.") if host else None


def page_meta(tree: HtmlElement, fetched_from: str | None = None) -> PageMeta:
    """Title, publication date, site name and canonical address from the page's markup."""
    tags = meta_tags(tree)
    data = linked_data(tree)
    url = canonical_url(tree, tags, fetched_from)
    published = (
        first_date(tags, PUBLISHED_KEYS)
        or date_value(data.get("datePublished"))
        or time_element_date(tree, published_only=True)
        or url_date(url or fetched_from)
    )
    return PageMeta(
        title=first_text(tags, TITLE_KEYS) or text_value(data.get("headline")) or heading_title(tree),
        published=published,
        modified=first_date(tags, MODIFIED_KEYS) or date_value(data.get("dateModified")),
        site_name=site_name(tags, data),
        url=url,
    )


def meta_tags(tree: HtmlElement) -> dict[str, str]:
    """The first non-empty content of each meta key (property, name or itemprop, lower-cased)."""
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = (element.get("content") or "").strip()
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = (element.get(attribute) or "").strip().lower()
            if key:
                tags.setdefault(key, content)
    return tags


def linked_data(tree: HtmlElement) -> dict[str, Any]:
    """headline, datePublished, dateModified and publisher from the page's JSON-LD, first found first."""
    found: dict[str, Any] = {}
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue  # a broken block says nothing; the page may still have others
        for item in json_objects(data):
            for key in ("headline", "datePublished", "dateModified", "publisher"):
                if key in item:
                    found.setdefault(key, item[key])
    return found


def json_objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD block, outer ones first (`@graph` lists included)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from json_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from json_objects(graph, depth + 1)


def text_value(value: Any) -> str | None:
    """A JSON-LD value as one clean line, when it is a non-empty string."""
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def first_text(tags: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((text for key in keys if (text := text_value(tags.get(key)))), None)


def first_date(tags: dict[str, str], keys: tuple[str, ...]) -> date | None:
    return next((day for key in keys if (day := date_value(tags.get(key)))), None)


def date_value(value: Any) -> date | None:
    """The calendar day a metadata value states: ISO 8601 (`2024-03-04T08:00Z`), 20240304, or written out."""
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return None
    if m := _NUMERIC_DATE.match(value):
        return safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _WRITTEN_DATE.search(value):
        return parse_date_text(m.group())
    return None


def url_date(url: str | None) -> date | None:
    """A date written into the address's path, `/2024/03/04/` or `/2024-03-04-talks`."""
    m = _URL_DATE.search(urlsplit(url).path) if url else None
    return safe_date(int(m[1]), int(m[2]), int(m[3])) if m else None


def time_element_date(tree: HtmlElement, published_only: bool) -> date | None:
    """The day of a `<time datetime>` element: one marked as the publication time, or else the first."""
    for element in tree.iterfind(".//time[@datetime]"):
        marked = (
            element.get("pubdate") is not None or (element.get("itemprop") or "").lower() == "datepublished"
        )
        if marked or not published_only:
            day = date_value(element.get("datetime"))
            if day:
                return day
    return None


def canonical_url(tree: HtmlElement, tags: dict[str, str], fetched_from: str | None) -> str | None:
    """The page's canonical address (its canonical link, else og:url), made absolute; http(s) only."""
    link = next((e.get("href") for e in tree.iterfind(".//link[@href]") if is_canonical(e)), None)
    for candidate in (link, tags.get("og:url")):
        if not candidate or not candidate.strip():
            continue
        try:
            url = urljoin(fetched_from or tags.get("og:url") or "", candidate.strip()).split("#")[0]
            parts = urlsplit(url)
        except ValueError:
            continue  # a malformed address (`http://[::1`) names nothing
        if parts.scheme in ("http", "https") and parts.hostname:
            return url
    return None


def is_canonical(link: HtmlElement) -> bool:
    return "canonical" in (link.get("rel") or "").lower().split()


def site_name(tags: dict[str, str], data: dict[str, Any]) -> str | None:
    """The site's name from its meta tags, else the JSON-LD publisher's name."""
    name = first_text(tags, SITE_KEYS)
    if name is None:
        publisher = data.get("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        name = text_value(publisher.get("name") if isinstance(publisher, dict) else publisher)
    if name and name.startswith("@"):
        name = name[1:] or None  # a Twitter handle stands for the site
    return name


def heading_title(tree: HtmlElement) -> str | None:
    """The page's one `<h1>`, else its `<title>` without a trailing site name, else its first `<h1>`."""
    headings = [" ".join(h.text_content().split()) for h in tree.iterfind(".//h1")]
    if len(headings) == 1 and headings[0]:
        return headings[0]
    title_element = tree.find(".//title")
    whole = " ".join(title_element.text_content().split()) if title_element is not None else ""
    last = next(reversed(list(_TITLE_SEPARATOR.finditer(whole))), None)
    if last is not None and last.start() >= len(whole) - last.end():
        return whole[: last.start()]  # "Headline | Site": the site's half is the shorter
    return whole or next((h for h in headings if h), None)


def marked_date(tree: HtmlElement) -> date | None:
    """A date shown in the page's byline or date line outside the article text, else in a `<time>`.

    Only short elements whose class or id names a date or byline are read, so a date in the
    body does not stand in for the page's own.
    """
    for text in marked_texts(tree):
        found = find_published(text)
        if found:
            return found[0]
    return time_element_date(tree, published_only=False)


def marked_texts(tree: HtmlElement) -> Iterator[str]:
    """The short texts of elements whose class or id names a date or byline, in page order."""
    for element in marked_elements(tree)[:MAX_MARKED_ELEMENTS]:
        text = " ".join(element.text_content().split())
        if 0 < len(text) <= MAX_MARKED_CHARS:
            yield text


@lru_cache(maxsize=1)
def marked_xpath() -> XPath:
    """One XPath for every element whose class or id holds a DATE_MARKERS word, in any case."""
    from lxml.etree import XPath

    marks = "translate(concat(@class, ' ', @id), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    tests = " or ".join(f"contains({marks}, '{word}')" for word in DATE_MARKERS)
    return XPath(f"//*[@class or @id][{tests}]")


def marked_elements(tree: HtmlElement) -> list[HtmlElement]:
    found = marked_xpath()(tree)
    return found if isinstance(found, list) else []
