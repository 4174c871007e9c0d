"""Inputs made on the spot (pages with boilerplate, PDFs, feeds, archives) and a web server on loopback.

Every text here was written for these tests. The server listens on 127.0.0.1 only, on a
port the system picks, and stops at the end of each test.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

# Three short meeting reports, each a headline and paragraphs.
ENERGY = [
    "LAHORE, 4 March 2024: The fifth meeting of the Pakistan-China Joint Working Group on Energy "
    "was held in Lahore on Monday.",
    "The meeting was co-chaired by Federal Secretary for Power Rashid Mahmood and Deputy Director "
    "General of the National Energy Administration Zhou Lan.",
    "Both sides reviewed progress on the hydropower projects and agreed to speed up work on the "
    "transmission line.",
]
TRADE = [
    "NAIROBI, 9 May 2023: Kenya and Japan held the third session of the Joint Commission on Trade "
    "and Investment in Nairobi on Tuesday.",
    "The delegations agreed to expand cooperation in geothermal power and agro-processing, and "
    "committed to a new training programme for technicians.",
]
FISHERIES = [
    "RABAT, 12 June 2022: The seventh session of the Morocco-Spain Joint Committee on Fisheries met "
    "in Rabat on Sunday, chaired by the two countries' ministers of agriculture.",
    "The sides welcomed the rise in joint research cruises and reaffirmed support for coastal communities.",
]


def plain(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def html_page(
    paragraphs: list[str],
    title: str = "Talks held",
    site: str = "Daily Ledger",
    canonical: str | None = "https://ledger.example/news/talks",
    published: str | None = "2024-03-04",
    padding: str = "",
) -> str:
    """A news page: navigation, cookie notice, the article, related links, a footer."""
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(25))
    related = "".join(
        f'<li><a href="/related/{i}">Markets rally for the {i}th day</a></li>' for i in range(8)
    )
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    meta = [f'<meta property="og:site_name" content="{site}">', f"<title>{title} | {site}</title>"]
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}T08:00:00Z">')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">{"".join(meta)}</head>
<body>
<header><nav><ul>{nav}</ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<main><article><h1>{title}</h1>
{body}</article>
<aside class="related"><h3>Related stories</h3><ul>{related}</ul></aside></main>
<footer><p>Copyright 2024 {site}. All rights reserved. Subscribe to our newsletter.</p></footer>
{padding}</body></html>"""


def pdf_bytes(pages: list[str]) -> bytes:
    """A PDF with one page per text, made with fpdf2's built-in font."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Joint press release")
    for text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


@dataclass
class FeedEntry:
    title: str
    link: str
    published: str  # RFC 822 for RSS, ISO for Atom
    body: str


def rss(entries: list[FeedEntry], title: str = "Ledger: diplomacy") -> str:
    items = "".join(
        f"<item><title>{e.title}</title><link>{e.link}</link><pubDate>{e.published}</pubDate>"
        f"<description><![CDATA[{e.body}]]></description></item>"
        for e in entries
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://ledger.example/</link><description>News</description>{items}</channel></rss>"
    )


def atom(entries: list[FeedEntry], title: str = "Gazette: foreign affairs") -> str:
    items = "".join(
        f'<entry><title>{e.title}</title><link href="{e.link}"/><id>{e.link}</id>'
        f'<updated>{e.published}</updated><content type="html"><![CDATA[{e.body}]]></content></entry>'
        for e in entries
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:gazette</id><updated>2024-03-05T00:00:00Z</updated>{items}</feed>"
    )


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def targz_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data)


# -- the loopback server -------------------------------------------------------------------------


@dataclass
class Route:
    """What the server answers at one path: a body, or a status, or a handler of its own."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass
class Site:
    """A server on 127.0.0.1 with routes to fill in and a log of every request it saw."""

    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]]
    stop: threading.Event

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", **kwargs: Any) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kwargs)
        return self.url(path)

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.requests if seen == path]


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(self.path)
            if route is None:
                self.send_error(404)
            elif route.handler is not None:
                route.handler(self)
            else:
                self.answer(route)

        def answer(self, route: Route) -> None:
            etag = route.headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(route.body)

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    """A ThreadingHTTPServer on 127.0.0.1, port 0; handlers that wait are released at teardown."""
    stop = threading.Event()
    holder = Site(base="", routes={}, requests=[], stop=stop)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(holder))
    server.daemon_threads = True
    holder.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def never_answer(stop: threading.Event, longest: float = 5.0) -> Callable[[BaseHTTPRequestHandler], None]:
    """A handler that accepts the request and sends nothing until the test ends (at most `longest` s)."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        stop.wait(longest)

    return handler


def redirect_to(target: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(302)
        request.send_header("Location", target)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handler


def endless_body(
    chunk: bytes = b"<p>filler</p>" * 1000, longest: int = 4000
) -> Callable[[BaseHTTPRequestHandler], None]:
    """A page sent without a length that goes on past any size cap (bounded to `longest` chunks)."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        try:
            for _ in range(longest):
                request.wfile.write(chunk)
        except OSError:
            pass  # the client hung up at its cap, as it should

    return handler


def trickle(
    stop: threading.Event, headers: bool, every: float = 0.1, longest: float = 8.0
) -> Callable[[BaseHTTPRequestHandler], None]:
    """A server sending two bytes at a time, each well within any wait: of its headers, or of its body."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"x" * 4000 + b"\r\n\r\n"

    def handler(request: BaseHTTPRequestHandler) -> None:
        data = head if headers else b""
        if not headers:
            request.wfile.write(head)
        data += b"The 5th JCC was held in Beijing. " * 100
        ended = time.monotonic() + longest
        try:
            for i in range(0, len(data), 2):
                if stop.wait(every) or time.monotonic() > ended:
                    return
                request.wfile.write(data[i : i + 2])
                request.wfile.flush()
        except OSError:
            pass  # the client gave up, as it should

    return handler
