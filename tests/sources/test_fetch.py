"""Addresses, read from a real HTTP server on 127.0.0.1: pages, feeds, failures, redirects, ETag and 304."""

from __future__ import annotations

import time
from datetime import date

import pytest

from corridor.errors import InputError
from corridor.model import Document
from corridor.sources.fetch import USER_AGENT, FetchError, HttpFetcher, Limits, Validators
from corridor.sources.reading import BatchItem, Fetched, ReadOptions, Unchanged, read_expanded, read_stored

from .conftest import (
    ENERGY,
    FISHERIES,
    TRADE,
    FeedEntry,
    Route,
    Site,
    endless_body,
    html_page,
    never_answer,
    pdf_bytes,
    plain,
    redirect_to,
    rss,
    trickle,
    zip_bytes,
)

TIMEOUT = 0.5


class MemoryCache:
    """Validators kept in a dict, as the knowledge base keeps them in a table."""

    def __init__(self) -> None:
        self.state: dict[str, tuple[str | None, str | None]] = {}

    def fetch_state(self, url: str) -> tuple[str | None, str | None] | None:
        return self.state.get(url)

    def remember_fetch(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.state[url] = (etag, last_modified)


def fetcher(max_bytes: int = 2 * 1024 * 1024) -> HttpFetcher:
    return HttpFetcher(Limits(timeout=TIMEOUT, deadline=3.0, max_bytes=max_bytes, max_redirects=3))


def read(
    urls: list[str], cache: MemoryCache | None = None, max_bytes: int = 2 * 1024 * 1024
) -> list[BatchItem]:
    options = ReadOptions(limit=max_bytes, fetcher=fetcher(max_bytes), cache=cache)
    return list(read_expanded(urls, options))


def content(items: list[BatchItem]) -> list[Document | InputError]:
    return [i for i in items if isinstance(i, Document | InputError)]


def test_fetch_page_becomes_a_document_with_its_bytes_and_address(site: Site) -> None:
    page = html_page(ENERGY, canonical=None)
    url = site.add("/news/energy.html", page, headers={"ETag": '"v1"'})
    [doc, done] = read([url])
    assert isinstance(doc, Document) and ENERGY[0] in doc.text and "Section 3" not in doc.text
    assert doc.url == url and doc.source == url
    assert doc.raw is not None and doc.raw.data == page.encode() and doc.raw.etag == '"v1"'
    assert doc.raw.content_type == "text/html" and doc.raw.url == url
    assert done == Fetched(url, Validators('"v1"', None))


def test_fetch_names_itself_in_the_user_agent(site: Site) -> None:
    url = site.add("/a.txt", plain(TRADE), content_type="text/plain")
    read([url])
    [headers] = site.hits("/a.txt")
    assert headers["user-agent"] == USER_AGENT and USER_AGENT.startswith("corridor/")


def test_fetch_pdf_and_zip_are_read_by_content(site: Site) -> None:
    pdf = site.add(
        "/download?id=7", pdf_bytes([" ".join(FISHERIES)]), content_type="application/octet-stream"
    )
    bundle = site.add("/bundle", zip_bytes({"t.txt": plain(TRADE).encode()}), content_type="application/zip")
    docs = content(read([pdf, bundle]))
    assert [d.source for d in docs] == [pdf, f"{bundle}!t.txt"]
    assert all(isinstance(d, Document) and d.raw is not None for d in docs)


def test_fetch_stored_bytes_read_again_without_the_network(site: Site) -> None:
    url = site.add("/p.html", html_page(ENERGY))
    [doc, _] = read([url])
    assert isinstance(doc, Document) and doc.raw is not None
    site.routes.clear()
    again = read_stored(doc.raw, url)
    assert isinstance(again, Document) and again.id == doc.id and again.published == doc.published


def test_fetch_etag_makes_the_second_fetch_conditional(site: Site) -> None:
    url = site.add("/e.html", html_page(ENERGY), headers={"ETag": '"abc"'})
    cache = MemoryCache()
    first = read([url], cache)
    for item in first:
        if isinstance(item, Fetched):
            cache.remember_fetch(item.url, item.validators.etag, item.validators.last_modified)
    second = read([url], cache)
    assert second == [Unchanged(url)]
    assert "if-none-match" not in site.hits("/e.html")[0]
    assert site.hits("/e.html")[1]["if-none-match"] == '"abc"'


def test_fetch_last_modified_is_sent_back(site: Site) -> None:
    stamp = "Mon, 04 Mar 2024 09:00:00 GMT"
    url = site.add("/lm.txt", plain(TRADE), content_type="text/plain", headers={"Last-Modified": stamp})
    cache = MemoryCache()
    [_, done] = read([url], cache)
    assert isinstance(done, Fetched) and done.validators.last_modified == stamp
    cache.remember_fetch(url, None, stamp)
    read([url], cache)
    assert site.hits("/lm.txt")[1]["if-modified-since"] == stamp


def test_fetch_server_error_is_one_error_and_the_batch_lands(site: Site) -> None:
    good = site.add("/ok.txt", plain(TRADE), content_type="text/plain")
    broken = site.add("/broken", b"oops", status=500)
    items = content(read([broken, good]))
    assert [type(i) for i in items] == [InputError, Document]
    assert items[0].source == broken and items[0].reason == "server answered 500 Internal Server Error"


def test_fetch_url_that_never_answers_times_out(site: Site) -> None:
    site.routes["/silent"] = Route(handler=never_answer(site.stop))
    good = site.add("/ok.txt", plain(TRADE), content_type="text/plain")
    started = time.monotonic()
    items = content(read([site.url("/silent"), good]))
    assert time.monotonic() - started < 3
    assert [type(i) for i in items] == [InputError, Document]
    assert items[0].reason == f"no answer within {TIMEOUT:g} s; try again later"


def test_fetch_redirect_loop_is_bounded(site: Site) -> None:
    site.routes["/a"] = Route(handler=redirect_to("/b"))
    site.routes["/b"] = Route(handler=redirect_to("/a"))
    [err] = read([site.url("/a")])
    assert isinstance(err, InputError) and err.reason.startswith("more than 3 redirects")
    assert len(site.hits("/a")) + len(site.hits("/b")) == 4


def test_fetch_redirect_is_followed_to_the_page(site: Site) -> None:
    target = site.add("/final.txt", plain(TRADE), content_type="text/plain")
    site.routes["/old"] = Route(handler=redirect_to("/final.txt"))
    [doc, _] = read([site.url("/old")])
    assert isinstance(doc, Document) and doc.url == target and doc.source == site.url("/old")


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_fetch_body_over_the_cap_is_refused(site: Site, declared: bool) -> None:
    if declared:
        url = site.add("/big.html", b"x" * 300_000)
    else:
        site.routes["/big.html"] = Route(handler=endless_body())
        url = site.url("/big.html")
    [err] = read([url], max_bytes=100_000)
    assert isinstance(err, InputError) and err.reason.startswith("page is larger than the 0.1 MB limit")


def test_fetch_feed_entries_are_read_from_their_linked_pages(site: Site) -> None:
    energy = site.add("/energy.html", html_page(ENERGY, published=None))
    trade = site.add("/trade.html", html_page(TRADE, published=None))
    entries = [
        FeedEntry("Energy", energy, "Mon, 04 Mar 2024 09:00:00 GMT", "short summary"),
        FeedEntry("Trade", trade, "Wed, 10 May 2023 07:30:00 GMT", "short summary"),
    ]
    feed = site.add("/feed.xml", rss(entries), content_type="application/rss+xml")
    items = read([feed])
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.source for d in docs] == [f"{feed}#1", f"{feed}#2"]
    assert ENERGY[1] in docs[0].text and TRADE[1] in docs[1].text
    assert [d.published for d in docs] == [date(2024, 3, 4), date(2023, 5, 10)]
    assert [i.url for i in items if isinstance(i, Fetched)] == [energy, trade, feed]


def test_fetch_feed_pointing_at_itself_ends_with_one_error(site: Site) -> None:
    feed_url = site.url("/self.xml")
    other = site.add("/other.html", html_page(TRADE))
    entries = [
        FeedEntry("Me", feed_url, "Mon, 04 Mar 2024 09:00:00 GMT", "x"),
        FeedEntry("Other", other, "Mon, 04 Mar 2024 09:00:00 GMT", "y"),
    ]
    site.add("/self.xml", rss(entries), content_type="application/rss+xml")
    items = read([feed_url])
    assert [type(i) for i in content(items)] == [InputError, Document]
    assert "pointing at itself" in content(items)[0].reason
    assert len(site.hits("/self.xml")) == 1
    assert not any(isinstance(i, Fetched) and i.url == feed_url for i in items)


def test_fetch_feed_entry_linking_to_another_feed_is_not_followed(site: Site) -> None:
    inner = site.add("/inner.xml", rss([FeedEntry("x", "/x", "Mon, 04 Mar 2024 09:00:00 GMT", "x")]))
    outer = site.add("/outer.xml", rss([FeedEntry("Inner", inner, "Mon, 04 Mar 2024 09:00:00 GMT", "y")]))
    [err] = content(read([outer]))
    assert isinstance(err, InputError) and "is a feed, not an article" in err.reason
    assert site.hits("/x") == []


def test_fetch_unchanged_entry_pages_are_not_downloaded_again(site: Site) -> None:
    page = site.add("/p.html", html_page(ENERGY), headers={"ETag": '"p1"'})
    feed = site.add("/f.xml", rss([FeedEntry("E", page, "Mon, 04 Mar 2024 09:00:00 GMT", "s")]))
    cache = MemoryCache()
    cache.remember_fetch(page, '"p1"', None)
    items = read([feed], cache)
    assert Unchanged(f"{feed}#1") in items
    assert site.hits("/p.html")[0]["if-none-match"] == '"p1"'


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd"])
def test_fetch_refuses_other_schemes(url: str) -> None:
    with pytest.raises(FetchError, match="not an http:// or https:// address"):
        fetcher().fetch(url)


def test_fetch_connection_refused_is_one_error() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    [err] = read([f"http://127.0.0.1:{port}/gone"])
    assert isinstance(err, InputError) and err.reason.startswith("request failed:")


def test_fetch_read_inputs_takes_addresses_with_the_default_fetcher(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corridor.sources.reading import read_inputs

    monkeypatch.setenv("CORRIDOR_FETCH_TIMEOUT", "2")
    url = site.add("/t.txt", plain(TRADE), content_type="text/plain")
    [doc] = list(read_inputs([url]))
    assert isinstance(doc, Document) and doc.text == plain(TRADE) and doc.raw is not None


@pytest.mark.parametrize("value", ["soon", "0", "-1"])
def test_fetch_bad_timeout_setting_says_what_to_set(
    site: Site, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    from corridor.errors import CorridorError
    from corridor.sources.reading import read_inputs

    monkeypatch.setenv("CORRIDOR_FETCH_TIMEOUT", value)
    with pytest.raises(CorridorError, match="CORRIDOR_FETCH_TIMEOUT is"):
        list(read_inputs([site.add("/t.txt", "x", content_type="text/plain")]))


@pytest.mark.parametrize("slow_part", ["headers", "body"])
def test_fetch_time_limit_is_for_the_whole_fetch_not_each_wait(site: Site, slow_part: str) -> None:
    """Two bytes every 0.1 s: every wait is short, but the page would take ten seconds."""
    site.routes["/slow"] = Route(handler=trickle(site.stop, headers=slow_part == "headers"))
    slow = HttpFetcher(Limits(timeout=TIMEOUT, deadline=1.0))
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        slow.fetch(site.url("/slow"))
    assert time.monotonic() - started < 1.0 + TIMEOUT + 0.5
    assert caught.value.reason == "not complete within 1 s (a server sending slowly); gave up"


def test_fetch_setting_bounds_the_whole_fetch(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_FETCH_TIMEOUT", "1")
    site.routes["/slow"] = Route(handler=trickle(site.stop, headers=False))
    started = time.monotonic()
    [err] = content(list(read_expanded([site.url("/slow")], ReadOptions())))
    assert time.monotonic() - started < 2.5
    assert isinstance(err, InputError) and err.reason.startswith("not complete within 1 s")
