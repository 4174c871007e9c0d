"""The pair page in a real headless Chromium: its timeline, then a click to the round of the trip and on to
a chair's page, where the same engagement is listed. Skipped without Debian's chromium, as test_browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from corridor.kb import ingest_documents, open_db
from corridor.sources.reading import make_document
from corridor.web import WebConfig, create_app

from .test_browser import CHROMIUM, FLAGS, LiveServer
from .test_pairs import REPORT

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium not installed at /usr/bin/chromium"
)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def pair_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser-pairs") / "web.db"
    with open_db(str(path)) as kb:
        assert ingest_documents(kb, [make_document(REPORT, "report.txt", None)]).failed == 0
    with LiveServer(create_app(WebConfig(db=str(path), secret="browser"))) as url:
        yield url


@pytest.fixture
def pair_page(pair_site: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        context = chromium.new_context(base_url=pair_site)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        yield tab
        chromium.close()
        assert not errors, errors


def test_browser_pair_page_to_round_to_person(pair_page: Any) -> None:
    pair_page.goto("/pairs/CL-PE")
    assert pair_page.locator("h1").inner_text() == "Chile – Peru"
    items = pair_page.locator("ol.pair-timeline li")
    assert [items.nth(i).get_attribute("class") for i in range(items.count())] == [
        "t-round",
        "t-engagement",
        "t-designation",
    ]
    assert "Comprehensive Strategic Partnership" in pair_page.locator("table.designations").inner_text()
    pair_page.click("ol.pair-timeline li.t-round a")
    assert "Marta Rios" in pair_page.locator("section", has_text="Engagements of the trip").inner_text()
    pair_page.click("p.chairs a:text('Ana Soto')")
    assert "courtesy call" in pair_page.locator("table.engagements").inner_text()
