"""HTML pages: the article without its boilerplate, the page's metadata, the same meetings as plain text."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from corridor.errors import InputError
from corridor.extract.run import extract_document
from corridor.model import Document
from corridor.sources.html import fragment_text
from corridor.sources.reading import read_inputs

from .conftest import ENERGY, FISHERIES, TRADE, html_page, plain

BOILERPLATE = ("Section 3", "cookies", "Markets rally", "All rights reserved", "newsletter")


def read(*paths: Path, published: date | None = None) -> list[Document | InputError]:
    return list(read_inputs([str(p) for p in paths], published=published))


def meetings_of(doc: Document) -> list[dict[str, Any]]:
    """What a meeting is, without where in the text it was found."""
    found = extract_document(doc).to_json()["meetings"]
    return [{k: v for k, v in m.items() if k not in ("evidence", "field_evidence")} for m in found]


def test_html_keeps_the_article_and_drops_the_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(html_page(ENERGY), encoding="utf-8")
    [doc] = read(path)
    assert isinstance(doc, Document)
    for paragraph in ENERGY:
        assert paragraph in doc.text
    for noise in BOILERPLATE:
        assert noise not in doc.text


def test_html_metadata_gives_title_date_site_and_canonical_address(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(html_page(TRADE, title="Kenya, Japan hold trade talks", published="2023-05-10"))
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert doc.title == "Kenya, Japan hold trade talks"
    assert doc.published == date(2023, 5, 10)
    assert doc.url == "https://ledger.example/news/talks"
    assert doc.provenance["site_name"] == "Daily Ledger"
    assert doc.provenance["reader"] == "html"


def test_html_published_flag_beats_the_page_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(html_page(TRADE, published="2023-05-10"))
    [doc] = read(path, published=date(2020, 1, 1))
    assert isinstance(doc, Document) and doc.published == date(2020, 1, 1)


def test_html_without_date_metadata_falls_back_to_the_dateline(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(html_page(FISHERIES, published=None))
    [doc] = read(path)
    assert isinstance(doc, Document) and doc.published == date(2022, 6, 12)


@pytest.mark.parametrize("paragraphs", [ENERGY, TRADE, FISHERIES], ids=["energy", "trade", "fisheries"])
def test_html_page_gives_the_same_meetings_as_its_plain_text(tmp_path: Path, paragraphs: list[str]) -> None:
    page, text = tmp_path / "page.html", tmp_path / "page.txt"
    page.write_text(html_page(paragraphs, title="Talks held", published=None))
    text.write_text("Talks held\n\n" + plain(paragraphs))
    [from_page], [from_text] = read(page), read(text)
    assert isinstance(from_page, Document) and isinstance(from_text, Document)
    assert from_page.published == from_text.published
    found = meetings_of(from_page)
    assert found and found == meetings_of(from_text)


def test_html_is_recognised_by_content_whatever_the_name(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text(html_page(ENERGY))
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert "<p>" not in doc.text and "Section 3" not in doc.text


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        (
            "<!DOCTYPE html><html><head><script>var a = 1;</script></head><body><script>track()</script></body></html>",
            "no article text",
        ),
        ("<html><body></body></html>", "no article text"),
    ],
)
def test_html_page_without_article_is_one_error(tmp_path: Path, markup: str, reason: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(markup)
    [err] = read(path)
    assert isinstance(err, InputError) and reason in err.reason


def test_html_page_of_20_mb_is_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    huge = tmp_path / "a-huge.html"
    filler = "<div class='ad'>" + "sponsored words " * 60 + "</div>\n"
    page = html_page(ENERGY, padding=filler * (20 * 1024 * 1024 // len(filler) - 10))
    huge.write_text(page)
    assert 19.95 * 1024 * 1024 < huge.stat().st_size <= 20 * 1024 * 1024
    small = tmp_path / "b-small.html"
    small.write_text(html_page(TRADE))
    err, doc = read(huge, small)
    assert isinstance(err, InputError)
    assert err.reason.startswith("HTML page is 20.0 MB, larger than the 5.0 MB limit for pages")
    assert "CORRIDOR_MAX_HTML_BYTES" in err.reason
    assert isinstance(doc, Document) and TRADE[0] in doc.text


def test_html_page_cap_follows_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_MAX_HTML_BYTES", "1000")
    path = tmp_path / "page.html"
    path.write_text(html_page(ENERGY))
    [err] = read(path)
    assert isinstance(err, InputError) and "limit for pages" in err.reason


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>One.</p><p>Two &amp; three.</p>", "One.\nTwo & three."),
        ("Plain &lt;words&gt;", "Plain <words>"),
        ("<div>Kept<script>dropped()</script><br>next   line</div>", "Kept\nnext line"),
        ("", ""),
    ],
)
def test_html_fragment_text_gives_one_line_per_block(markup: str, text: str) -> None:
    assert fragment_text(markup) == text


def test_html_page_cap_that_is_not_a_number_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_MAX_HTML_BYTES", "5MB")
    path = tmp_path / "page.html"
    path.write_text(html_page(ENERGY))
    [err] = read(path)
    assert isinstance(err, InputError) and "CORRIDOR_MAX_HTML_BYTES is '5MB'" in err.reason
