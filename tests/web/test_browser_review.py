"""Reviewing in a real headless Chromium: the queue (confirm, choose, edit a chair, undo), a meeting
split and merge, and a person merge. Each test has a server over its own copy of the base."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from corridor.kb import open_db
from corridor.web import WebConfig, create_app
from corridor.web.auth import token_hash

from .test_browser import CHROMIUM, FLAGS, LiveServer, sync_api

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium not installed at /usr/bin/chromium"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def site(built_kb: Path, tmp_path: Path, token_secret: str) -> Iterator[str]:
    path = tmp_path / "web.db"
    shutil.copy(built_kb, path)
    with open_db(str(path)) as kb:
        kb.create_token("reviewer", token_hash(token_secret))
    with LiveServer(create_app(WebConfig(db=str(path), secret="browser"))) as url:
        yield url


@pytest.fixture
def page(browser: Any, site: str, token_secret: str) -> Iterator[Any]:
    """A signed-in page that fails the test on any script dialog, page error or CSP report."""
    context = browser.new_context(base_url=site)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    tab.goto("/login")
    tab.fill("input[name=token]", token_secret)
    tab.click("button:text('Sign in')")
    tab.wait_for_url("**/ingest")
    yield tab
    context.close()
    assert not problems, problems


def item(page: Any, field: str) -> Any:
    return page.locator(f"li.item[data-field={field}]")


def test_browser_review_queue_confirm_choose_edit_a_chair_and_undo(page: Any) -> None:
    page.goto("/review")
    assert page.locator("li.item").count() == 3
    assert item(page, "city").locator("q").count() == 2  # each source's words

    item(page, "country").locator("button.confirm").click()
    page.wait_for_url("**/review?reviewed=confirm")
    assert item(page, "country").count() == 0
    assert "confirm country" in page.locator("table.history tr >> nth=1").inner_text()

    item(page, "city").locator("li.choice", has_text="Beijing").locator("button.choose").click()
    page.wait_for_url("**/review?reviewed=choose")
    assert item(page, "city").count() == 0
    assert "chose the value jcc-14th-b.txt gives" in page.locator("table.history").inner_text()

    item(page, "date").locator("a", has_text="correct chairs").click()
    chair = page.locator("form.chair", has=page.locator("input[name=name][value='Khalid Rasheed']"))
    chair.locator("input[name=title]").fill("Federal Secretary for Planning")
    chair.locator("input[name=why]").fill("the ministry's readout")
    chair.locator("button:text('Save chair')").click()
    page.wait_for_url("**reviewed=chair")
    assert "Federal Secretary for Planning" in page.locator("p.chairs").inner_text()
    row = page.locator("table.history tr", has_text="chair-edit")
    assert "reviewer" in row.inner_text() and "the ministry's readout" in row.inner_text()

    row.locator("button.undo").click()
    page.wait_for_url("**/meetings/**")
    assert "Federal Secretary for Planning" not in page.locator("p.chairs").inner_text()
    assert "chair-edit" in page.locator("table.history tr.undone").inner_text()
    assert "undone by" in page.locator("table.history tr.undone").inner_text()
    page.goto("/review")
    assert "undo" in page.locator("table.history tr >> nth=1").inner_text()


def test_browser_review_meeting_split_and_merge(page: Any) -> None:
    page.goto("/review")
    item(page, "date").locator("h2 a").click()
    original = page.url.split("/")[-1].split("?")[0].split("#")[0]
    split = page.locator("form.split")
    split.locator("label", has_text="jcc-14th-b.txt").locator("input").check()
    split.locator("input[name=why]").fill("two sittings")
    split.locator("button").click()
    page.wait_for_url("**reviewed=split")
    new = page.url.split("/")[-1].split("?")[0]
    assert new != original
    assert page.locator("a.source-link").count() == 1
    assert "split" in page.locator("table.history").inner_text()

    page.goto(f"/meetings/{original}")
    assert page.locator("a.source-link").count() == 1
    merge = page.locator("form.merge")
    merge.locator("input[name=other]").fill(new)
    merge.locator("input[name=why]").fill("one sitting after all")
    merge.locator("button").click()
    page.wait_for_url(f"**/meetings/{original}?reviewed=merge")
    assert page.locator("a.source-link").count() == 2
    assert "one sitting after all" in page.locator("table.history").inner_text()
    page.goto(f"/meetings/{new}")
    assert page.locator("h1").inner_text() == "Not found"


def test_browser_review_person_merge(page: Any) -> None:
    page.goto("/mechanisms")
    page.click("text=India-Nepal Joint Commission")
    page.click("table.meetings a >> nth=0")
    page.click("p.chairs a:text('Rajiv Menon')")
    merge = page.locator("form.merge")
    merge.locator("input[name=other]").fill("Bimala Adhikari")
    merge.locator("input[name=why]").fill("one delegation head")
    merge.locator("button").click()
    page.wait_for_url("**/people/**?reviewed=merge")
    assert page.locator("h1").inner_text() == "Rajiv Menon"
    # Both were chairs of the one meeting: it is listed once, under one office.
    assert page.locator("table.offices a[href^='/meetings/']").count() == 1
    row = page.locator("table.history tr", has_text="merge")
    assert "reviewer" in row.inner_text() and "one delegation head" in row.inner_text()


def test_browser_review_person_merge_and_its_undo(page: Any) -> None:
    page.goto("/mechanisms")
    page.click("text=India-Nepal Joint Commission")
    page.click("table.meetings a >> nth=0")
    bimala = page.locator("p.chairs a:text('Bimala Adhikari')").get_attribute("href")
    page.click("p.chairs a:text('Rajiv Menon')")
    rajiv = page.url.split("?")[0]
    merge = page.locator("form.merge")
    merge.locator("input[name=other]").fill("Bimala Adhikari")
    merge.locator("input[name=why]").fill("one delegation head")
    merge.locator("button").click()
    page.wait_for_url("**/people/**?reviewed=merge")
    assert page.locator("table.offices tbody tr").count() == 1

    page.locator("table.history tr", has_text="merge").locator("button.undo").click()
    page.wait_for_url(rajiv)
    assert "undone by" in page.locator("table.history tr.undone", has_text="merge").inner_text()
    assert "Bimala" not in page.locator("table.offices").inner_text()
    page.goto(bimala)
    assert page.locator("h1").inner_text() == "Bimala Adhikari"
    assert page.locator("table.offices a[href^='/meetings/']").count() == 1


def test_browser_review_mechanism_merge_undo(page: Any) -> None:
    page.goto("/mechanisms")
    page.click("text=CPEC Joint Cooperation Committee")
    jcc = page.url.split("?")[0]
    rounds = page.locator("table.meetings tbody tr").count()
    merge = page.locator("form.merge")
    merge.locator("input[name=other]").fill("India-Nepal Joint Commission")
    merge.locator("input[name=why]").fill("one commission")
    merge.locator("button").click()
    page.wait_for_url("**/mechanisms/**?reviewed=merge")
    assert page.locator("table.meetings tbody tr").count() == rounds + 1

    page.locator("table.history tr", has_text="merge").locator("button.undo").click()
    page.wait_for_url(jcc)
    assert page.locator("table.meetings tbody tr").count() == rounds
    assert "merge" in page.locator("table.history tr.undone").inner_text()
    page.goto("/mechanisms")
    page.click("text=India-Nepal Joint Commission")
    assert page.locator("h1").inner_text().startswith("India-Nepal Joint Commission")
    assert page.locator("table.meetings tbody tr").count() == 1
