"""The default extraction pipeline and the calls that run it on one document."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from ..model import Document
from .pipeline import Pipeline

DEFAULT_STAGES = (
    "segment",
    "dates",
    "tag",
    "frames",
    "engagements",
    "designations",
    "statements",
    "attach",
)


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The stages in order; importing their modules registers them."""
    from . import dates, designations, engagements, frames, segment, statements, tagging  # noqa: F401

    return Pipeline(DEFAULT_STAGES)


def extract_document(doc: Document) -> Document:
    """Run every stage over a document and return it, filled in."""
    return default_pipeline()(doc)


def extract_text(text: str, source: str = "<text>", published: date | None = None) -> dict[str, Any]:
    """Extract from a string; the publication date is looked for in the text when not given."""
    from ..sources.dateline import find_published

    doc = Document(text=text, source=source, published=published)
    if doc.published is None:
        found = find_published(text)
        if found:
            doc.published, doc.published_span = found
    return extract_document(doc).to_json()
