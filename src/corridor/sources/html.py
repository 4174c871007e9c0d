"""Web pages: the article's own text and what the page says about itself.

Pages wrap a story in navigation, cookie notices, related links and footers that would
otherwise be read as part of the report. trafilatura finds the main text and the page's
metadata (title, publication date, site name, canonical address); extraction then sees
the same text it would see in a plain file.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .. import settings
from ..model import Document
from .text import make_document, megabytes, normalise

_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article pre header footer".split()
)
_SPACES = re.compile(r"[ \t\u00a0]+")


def html_limit() -> int:
    """The largest page parsed (CORRIDOR_MAX_HTML_BYTES)."""
    return int(settings.positive("max_html_bytes", example="5242880"))


def read_html(raw: bytes, source: str, published: date | None, url: str | None = None) -> Document:
    """A Document of a page's main text; ValueError says why a page gave none."""
    limit = html_limit()
    if len(raw) > limit:
        env = settings.SETTINGS["max_html_bytes"].env
        raise ValueError(
            f"HTML page is {megabytes(len(raw))}, larger than the {megabytes(limit)} limit for pages "
            f"(set {env} to raise it)"
        )
    found = extract_page(raw, url)
    text = normalise(found.get("text") or "")
    if not text.strip():
        raise ValueError("no article text found in the HTML page")
    day = published or page_date(found.get("date"))
    canonical = found.get("url") or url
    doc = make_document(text, source, day, title=found.get("title"), url=canonical)
    doc.provenance = page_provenance(found, url)
    return doc


def extract_page(raw: bytes, url: str | None) -> dict[str, Any]:
    """trafilatura's main text and metadata of a page, as a dict (empty when it finds nothing)."""
    import trafilatura

    found = trafilatura.bare_extraction(
        raw,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        fast=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None:
        return {}
    return dict(found) if isinstance(found, dict) else dict(found.as_dict())


def page_date(value: object) -> date | None:
    """The page's own publication date from its metadata, when it gives a whole one."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def page_provenance(found: dict[str, Any], fetched_from: str | None) -> dict[str, Any]:
    """The page's self-description that extraction does not use but readers of a record want."""
    facts = {
        "reader": "html",
        "site_name": found.get("sitename"),
        "canonical_url": found.get("url"),
        "host": found.get("hostname"),
        "fetched_from": fetched_from,
    }
    return {key: value for key, value in facts.items() if value}


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one line per block."""
    if "<" not in markup:
        import html

        return clean_lines(html.unescape(markup))
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return ""
    for element in root.xpath("//script|//style"):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return clean_lines(root.text_content())


def clean_lines(text: str) -> str:
    """Runs of spaces collapsed and blank lines dropped, so fragments read like plain files."""
    lines = (_SPACES.sub(" ", line).strip() for line in normalise(text).split("\n"))
    return "\n".join(line for line in lines if line)
