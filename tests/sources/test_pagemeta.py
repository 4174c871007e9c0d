"""A page's own title, publication date, site name and address, read from its markup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import lxml.html
import pytest

from corridor.model import Document
from corridor.sources.pagemeta import PageMeta, date_value, marked_date, page_meta
from corridor.sources.reading import read_inputs

from .conftest import ENERGY


def meta_of(head: str, body: str = "<p>Text.</p>", url: str | None = None) -> PageMeta:
    tree = lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return page_meta(tree, url)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2023-05-10T08:00:00+03:00", date(2023, 5, 10)),
        ("2023-05-10", date(2023, 5, 10)),
        ("20230510", date(2023, 5, 10)),
        ("2023/05/10 08:00", date(2023, 5, 10)),
        ("May 10, 2023", date(2023, 5, 10)),
        ("Wed, 10 May 2023 08:00:00 GMT", date(2023, 5, 10)),
        (["2023-05-10", "2023-06-01"], date(2023, 5, 10)),
        ("2023-02-30", None),
        ("yesterday", None),
        (20230510, None),
    ],
)
def test_pagemeta_date_value_reads_the_common_metadata_forms(value: object, day: date | None) -> None:
    assert date_value(value) == day


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        ('<meta property="article:published_time" content="2023-05-10T08:00:00Z">', "", date(2023, 5, 10)),
        ('<meta name="pubdate" content="May 10, 2023">', "", date(2023, 5, 10)),
        ('<meta name="DC.date.issued" content="2023-05-10">', "", date(2023, 5, 10)),
        ("", '<article><meta itemprop="datePublished" content="2023-05-10"></article>', date(2023, 5, 10)),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-05-10T09:00"}</script>',
            "",
            date(2023, 5, 10),
        ),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"},'
            ' {"@type": "Article", "datePublished": "2023-05-10"}]}</script>',
            "",
            date(2023, 5, 10),
        ),
        ("", '<time pubdate datetime="2023-05-10T10:00">10 May</time>', date(2023, 5, 10)),
        ('<link rel="canonical" href="https://ledger.example/2023/05/10/talks">', "", date(2023, 5, 10)),
        # the stated publication date beats one in the address
        (
            '<meta property="article:published_time" content="2023-05-11">'
            '<link rel="canonical" href="https://ledger.example/2023/05/10/talks">',
            "",
            date(2023, 5, 11),
        ),
        ('<script type="application/ld+json">{"datePublished": </script>', "", None),
        ('<meta property="article:modified_time" content="2023-05-10">', "", None),
        ("", '<time datetime="2023-05-10">10 May</time>', None),
    ],
    ids=[
        "open-graph",
        "written-out",
        "dublin-core",
        "microdata-in-body",
        "json-ld",
        "json-ld-graph",
        "time-pubdate",
        "address",
        "meta-beats-address",
        "broken-json-ld",
        "modified-only",
        "unmarked-time",
    ],
)
def test_pagemeta_publication_date(head: str, body: str, published: date | None) -> None:
    assert meta_of(head, body).published == published


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        ('<meta property="og:title" content="Talks held">', "<h1>Other</h1>", "Talks held"),
        ('<script type="application/ld+json">{"headline": "Talks  held"}</script>', "", "Talks held"),
        ("<title>Ignored | Ledger</title>", "<h1>Talks held</h1>", "Talks held"),
        ("<title>Kenya, Japan hold talks | Daily Ledger</title>", "", "Kenya, Japan hold talks"),
        (
            "<title>Ledger - Kenya, Japan hold talks in Nairobi</title>",
            "",
            "Ledger - Kenya, Japan hold talks in Nairobi",
        ),
        ("<title>Talks held</title>", "<h1>One</h1><h1>Two</h1>", "Talks held"),
        ("", "<h1>One</h1><h1>Two</h1>", "One"),
        ("", "", None),
    ],
    ids=[
        "og-title",
        "json-ld-headline",
        "single-h1",
        "title-less-site",
        "site-first",
        "title",
        "first-h1",
        "none",
    ],
)
def test_pagemeta_title(head: str, body: str, title: str | None) -> None:
    assert meta_of(head, body).title == title


@pytest.mark.parametrize(
    ("head", "site"),
    [
        (
            '<meta property="og:site_name" content="Daily Ledger"><meta name="twitter:site" content="@x">',
            "Daily Ledger",
        ),
        ('<meta name="application-name" content="Daily Ledger">', "Daily Ledger"),
        (
            '<script type="application/ld+json">{"publisher": {"@type": "Organization", "name": "Ledger"}}</script>',
            "Ledger",
        ),
        ('<meta name="twitter:site" content="@ledger">', "ledger"),
        ("", None),
    ],
    ids=["open-graph", "application-name", "json-ld-publisher", "twitter-handle", "none"],
)
def test_pagemeta_site_name(head: str, site: str | None) -> None:
    assert meta_of(head).site_name == site


@pytest.mark.parametrize(
    ("head", "fetched", "url", "host"),
    [
        (
            '<link rel="canonical" href="https://www.ledger.example/a#top">',
            None,
            "https://www.ledger.example/a",
            "ledger.example",
        ),
        (
            '<link rel="canonical" href="/news/a">',
            "https://ledger.example/x?id=1",
            "https://ledger.example/news/a",
            "ledger.example",
        ),
        (
            '<meta property="og:url" content="https://ledger.example/b">',
            None,
            "https://ledger.example/b",
            "ledger.example",
        ),
        ('<link rel="canonical" href="/news/a">', None, None, None),
        ('<link rel="canonical" href="javascript:void(0)">', None, None, None),
        (
            '<link rel="canonical" href="http://[ledger"><meta property="og:url" content="https://ledger.example/b">',
            None,
            "https://ledger.example/b",
            "ledger.example",
        ),
        ('<link rel="stylesheet" href="https://ledger.example/s.css">', None, None, None),
    ],
    ids=[
        "absolute",
        "relative-to-fetched",
        "og-url",
        "relative-unknown-base",
        "not-http",
        "malformed",
        "not-canonical",
    ],
)
def test_pagemeta_canonical_address(
    head: str, fetched: str | None, url: str | None, host: str | None
) -> None:
    meta = meta_of(head, url=fetched)
    assert (meta.url, meta.host) == (url, host)


@pytest.mark.parametrize(
    ("body", "day"),
    [
        ('<div class="story-byline">By A. Writer | Published 10 May 2023</div>', date(2023, 5, 10)),
        ('<span id="post-date">May 10, 2023</span>', date(2023, 5, 10)),
        ('<p class="Story-Dateline">Nairobi | 10 May 2023</p>', date(2023, 5, 10)),
        ('<ul class="related"><li><time datetime="2023-05-10">Earlier</time></li></ul>', date(2023, 5, 10)),
        ("<p>Talks were held on 10 May 2023.</p>", None),
        (f'<div class="date">Published 10 May 2023. {"More words follow. " * 8}</div>', None),
    ],
    ids=["byline", "date-id", "upper-case-class", "any-time", "body-sentence", "long-element"],
)
def test_pagemeta_marked_date_reads_short_date_elements_only(body: str, day: date | None) -> None:
    tree = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    assert marked_date(tree) == day


ARTICLE = "".join(f"<p>{p}</p>" for p in ENERGY[1:])  # no dateline in the text


@pytest.mark.parametrize(
    ("head", "byline", "published"),
    [
        ('<meta property="article:modified_time" content="2024-03-09">', "", date(2024, 3, 9)),
        (
            '<meta property="article:modified_time" content="2024-03-09">',
            '<p class="byline">Published 5 March 2024</p>',
            date(2024, 3, 5),
        ),
        ("", "", None),
    ],
    ids=["modified-as-last-resort", "byline-before-modified", "nothing"],
)
def test_pagemeta_page_without_a_stated_or_written_date(
    tmp_path: Path, head: str, byline: str, published: date | None
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><title>Talks</title>{head}</head><body>"
        f"<header>{byline}</header><article><h1>Talks</h1>{ARTICLE}</article></body></html>"
    )
    [doc] = read_inputs([str(page)])
    assert isinstance(doc, Document) and doc.published == published and doc.published_span is None
