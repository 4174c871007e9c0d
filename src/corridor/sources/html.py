"""Web pages: the article's own text and what the page says about itself.

Pages wrap a story in navigation, cookie notices, related links and footers that would
otherwise be read as part of the report. trafilatura finds the main text; the page's
metadata (title, publication date, site name, canonical address) is read from its markup
(see pagemeta); extraction then sees the same text it would see in a plain file.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .. import settings
from ..model import Document
from .pagemeta import PageMeta, marked_date, page_meta
from .text import make_document, megabytes, normalise

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Extractor

_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article pre header footer".split()
)
_SPACES = re.compile(r"[ \t\u00a0]+")


def html_limit() -> int:
    """The largest page parsed (CORRIDOR_MAX_HTML_BYTES)."""
    return int(settings.positive("max_html_bytes", example="5242880"))


def read_html(raw: bytes, source: str, published: date | None, url: str | None = None) -> Document:
    """A Document of a page's main text; ValueError says why a page gave none.

    The page is parsed once: its metadata is read from the tree, and the same tree is handed
    to trafilatura for the main text.
    """
    limit = html_limit()
    if len(raw) > limit:
        env = settings.SETTINGS["max_html_bytes"].env
        raise ValueError(
            f"HTML page is {megabytes(len(raw))}, larger than the {megabytes(limit)} limit for pages "
            f"(set {env} to raise it)"
        )
    import trafilatura

    tree = trafilatura.load_html(raw, limit)
    text = normalise(main_text(tree)) if tree is not None else ""
    if tree is None or not text.strip():
        raise ValueError("no article text found in the HTML page")
    meta = page_meta(tree, url)
    doc = make_document(text, source, published or meta.published, title=meta.title, url=meta.url or url)
    if doc.published is None:  # neither the markup's publication date nor the text's dateline
        doc.published = marked_date(tree) or meta.modified
    doc.provenance = page_provenance(meta, url)
    return doc


@lru_cache(maxsize=1)
def extractor() -> Extractor:
    """trafilatura's settings for Corridor: main text only, no metadata search, no second extractor.

    Made once: building them reads trafilatura's configuration, and extraction never changes them.
    """
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", fast=True, comments=False, tables=True)


def main_text(tree: HtmlElement) -> str:
    """The article's text in a parsed page, without navigation, related links or footers ("" if none)."""
    import trafilatura

    found = trafilatura.bare_extraction(tree, options=extractor())
    if found is None:
        return ""
    if isinstance(found, dict):
        return str(found.get("text") or "")
    return found.text or ""


def page_provenance(meta: PageMeta, fetched_from: str | None) -> dict[str, Any]:
    """The page's self-description that extraction does not use but readers of a record want."""
    facts = {
        "reader": "html",
        "site_name": meta.site_name,
        "canonical_url": meta.url,
        "host": meta.host,
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
