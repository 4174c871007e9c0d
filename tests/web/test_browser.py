"""The site in a real headless Chromium over a real socket: every page type, clicking through, search
facets, and writing with and without a token.

Needs Debian's chromium at /usr/bin/chromium (`apt-get install -y chromium`); skipped without it.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from corridor.kb import open_db
from corridor.web import WebConfig, create_app
from corridor.web.auth import token_hash

from .articles import PASTED

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium not installed at /usr/bin/chromium"
)
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")


class LiveServer:
    """uvicorn serving the app on 127.0.0.1 on a free port, in a thread."""

    def __init__(self, app: Any) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(built_kb: Path, tmp_path_factory: pytest.TempPathFactory, token_secret: str) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "web.db"
    shutil.copy(built_kb, path)
    with open_db(str(path)) as kb:
        kb.create_token("browser", token_hash(token_secret))
    with LiveServer(create_app(WebConfig(db=str(path), secret="browser"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    """A fresh browser context (no cookies) whose page fails the test on any script dialog or page error."""
    context = browser.new_context(base_url=site)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.problems = problems
    yield tab
    context.close()
    assert not problems, problems


def test_browser_opens_every_page_type(page: Any) -> None:
    page.goto("/")
    assert page.locator("h1").inner_text() == "Overview"
    page.click("text=Mechanisms")
    page.click("text=Hostile")  # the document full of markup: no dialog may open
    assert "Hostile" in page.locator("h1").inner_text()
    page.click("table.meetings a >> nth=0")
    assert page.locator("section h2", has_text="Fields and their sources").is_visible()
    page.click("p.chairs a >> nth=0")
    assert page.locator("h2", has_text="Offices over time").is_visible()
    for path, heading in (
        ("/framework", "CPEC 2.0"),
        ("/meetings", "Meetings"),
        ("/search?q=agreed", "Search"),
    ):
        page.goto(path)
        assert heading in page.locator("h1").inner_text()
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_browser_clicks_from_mechanism_to_meeting_to_source(page: Any) -> None:
    page.goto("/mechanisms")
    page.click("text=Pakistan-Uzbekistan Inter-Governmental Commission")
    assert page.locator("svg.chart.timeline circle.round").count() == 3
    assert "round 4 is in no source" in page.locator("#gaps").inner_text()
    page.click("table.meetings a:text('#')  >> nth=0")
    assert "round 2" in page.locator("h1").inner_text()
    page.click("a.source-link >> nth=0")
    assert page.url.split("/")[-2] == "documents"
    assert page.locator("mark.m-evidence").count() >= 1
    assert page.locator("mark.m-statement").count() >= 1


def test_browser_search_with_a_facet(page: Any) -> None:
    page.goto("/")
    page.fill("header input[name=q]", "agreed")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=agreed")
    total = int(page.locator("p.total").inner_text().split()[0])
    page.click("[data-facet=country] a:text('Nepal')")
    page.wait_for_url("**country=Nepal**")
    narrowed = int(page.locator("p.total").inner_text().split()[0])
    assert 0 < narrowed < total
    assert "Nepal" in page.locator("[data-facet=country] .chosen").inner_text()


def test_browser_ingests_a_pasted_article_with_a_token(page: Any, token_secret: str) -> None:
    page.goto("/login")
    page.fill("input[name=token]", token_secret)
    page.click("button:text('Sign in')")
    page.wait_for_url("**/ingest")
    assert "Signed in as browser" in page.locator("header").inner_text()
    page.fill("input[name=title]", "IGC sixth session")
    page.fill("textarea[name=text]", PASTED)
    page.click("main button:text('Add')")
    page.wait_for_url("**/documents/**")
    assert "stored" in page.locator("#ingested").inner_text()
    page.click("ul.doc-meetings a >> nth=1")
    page.wait_for_url("**/mechanisms/**")
    assert page.locator("svg.chart.timeline circle.round").count() == 4
    assert "2026-07-02" in page.locator("table.meetings").inner_text()


def test_browser_cannot_write_without_a_token(page: Any) -> None:
    page.goto("/ingest")
    assert "sign in" in page.locator(".notice").inner_text()
    page.fill("textarea[name=text]", PASTED.replace("cotton", "saffron"))
    page.click("main button:text('Add')")
    assert page.locator("h1").inner_text() == "Token needed"
    page.goto("/search?q=saffron")
    assert page.locator("p.total").inner_text().startswith("0 ")


def test_browser_api_docs_render_with_no_network(page: Any, site: str) -> None:
    """Swagger UI from the package: every request outside this server fails, and the CSP holds."""
    outside: list[str] = []
    blocked: list[str] = []

    def only_this_server(route: Any) -> None:
        if route.request.url.startswith(site):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/api/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() >= 10
    assert page.locator(".opblock-summary-path", has_text="/api/meetings").count() >= 1
    assert "Corridor" in page.locator(".info .title").inner_text()
    assert outside == [] and blocked == []


def test_browser_statement_search_marks_the_words_found(page: Any) -> None:
    page.goto("/search?q=hydropower&scope=statements")
    hit = page.locator("li.hit.statement").first
    assert hit.locator("mark.m-match").inner_text() == "hydropower"
    assert "expand cooperation in hydropower" in hit.locator(".statement-text").inner_text()
    assert hit.locator("a.topic").inner_text() == "Energy"
    assert hit.locator(".date").inner_text() == "2025-02-05"
    hit.locator("a.meeting").click()
    assert "India-Nepal Joint Commission, round 8" in page.locator("h1").inner_text()
    page.goto("/search?q=alert&scope=statements")
    assert page.locator("li.hit.statement mark.m-match").first.inner_text() == "alert"
    assert "<script>" in page.locator("li.hit.statement .statement-text").first.inner_text()


def test_browser_meetings_table_with_two_facets_sorted_and_exported(page: Any) -> None:
    page.goto("/meetings")
    total = int(page.locator("p.pager").inner_text().split()[0])
    page.click("[data-facet=party] a:text('Pakistan')")
    page.wait_for_url("**party=Pakistan**")
    page.click("[data-facet=status] a:text('held')")
    page.wait_for_url("**status=held**")
    narrowed = int(page.locator("p.pager").inner_text().split()[0])
    assert 0 < narrowed < total
    assert "Pakistan" in page.locator("[data-facet=party] .chosen").inner_text()
    assert all(s == "held" for s in page.locator("table.meetings tbody td:nth-child(5)").all_inner_texts())
    page.click("a[data-sort=mechanism]")
    page.wait_for_url("**sort=-mechanism**")
    names = page.locator("table.meetings tbody td:nth-child(2)").all_inner_texts()
    assert names == sorted(names, key=str.casefold, reverse=True)
    exported = page.request.get(page.locator("a.export-csv").get_attribute("href")).text()
    assert [line.split(",")[0] for line in exported.splitlines()[1:]] == [
        t.lstrip("#") for t in page.locator("table.meetings tbody td:nth-child(1)").all_inner_texts()
    ]
