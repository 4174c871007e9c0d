"""Ingesting a pasted or uploaded article through the same extraction and storage as `corridor ingest`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import InputError
from ..kb.ingest import Failure, ingest_document
from ..kb.storage import KnowledgeBase
from ..model import Document
from ..sources.reading import ReadOptions, make_document, normalise, read_named_bytes, setting_max_bytes


@dataclass(frozen=True, slots=True)
class Upload:
    """An uploaded file with what the form says of it."""

    data: bytes
    name: str
    published: date | None = None
    title: str | None = None
    url: str | None = None


def read_upload(raw: bytes, name: str, published: date | None) -> list[Document]:
    """The documents of an uploaded file, read by the readers `corridor ingest` reads files with;
    InputError when it holds none (the first reason why)."""
    options = ReadOptions(published=published, limit=setting_max_bytes(), follow_links=False)
    items = list(read_named_bytes(raw, f"upload:{name}", options))
    documents = [item for item in items if isinstance(item, Document)]
    if not documents:
        first = next((item for item in items if isinstance(item, InputError)), None)
        raise first or InputError(f"upload:{name}", "holds no document")
    return documents


def ingest_upload(
    kb: KnowledgeBase,
    documents: list[Document],
    title: str | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """Store the documents of one upload; the first's result, and every document's under `documents`.

    A title or address given with the upload names its document when the file holds only one.
    """
    if len(documents) == 1:
        doc = documents[0]
        doc.title, doc.url = title or doc.title, url or doc.url
    results = [ingest_one(kb, doc) for doc in documents]
    return {**results[0], "documents": results}


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError("published", f"{value!r} is not a date; write YYYY-MM-DD") from exc


def ingest_text(
    kb: KnowledgeBase,
    text: str,
    source: str,
    title: str | None = None,
    url: str | None = None,
    published: date | None = None,
) -> dict[str, Any]:
    """Extract and store one article; report its id, whether it was new, and the meetings it gave."""
    text = normalise(text)
    if not text.strip():
        raise InputError(source, "the text is empty")
    doc = make_document(text, source, published, title=title or None, url=url or None)
    return ingest_one(kb, doc)


def ingest_one(kb: KnowledgeBase, doc: Document) -> dict[str, Any]:
    """Extract and store one document; its id, whether it was new, and the meetings it gave."""
    outcome = ingest_document(kb, doc)
    if isinstance(outcome, Failure):
        raise InputError(outcome.source, outcome.reason)
    stored = kb.get_document(doc.id)
    return {
        "document": doc.id,
        "status": outcome,
        "meetings": sorted({m["meeting_id"] for m in stored["meetings"]}),
        "statements": len(stored["statements"]),
    }


REVIEW_ACTIONS = ("set", "confirm", "reject", "restore")


def review_meeting(
    kb: KnowledgeBase,
    meeting_id: int,
    action: str,
    author: str,
    why: str,
    field: str | None,
    value: str | None,
) -> dict[str, Any]:
    """Apply one reviewer's correction to a meeting, as `corridor review` does, signed with the token's name."""
    from ..kb.review import Reviewer, confirm, reject, set_field

    who = Reviewer(author, why or "corrected in the web view")
    if action == "set":
        if not field or value is None:
            raise InputError("review", "'set' needs a field and a value ('null' clears the field)")
        return set_field(kb, meeting_id, field, value, who)
    if action == "confirm":
        return confirm(kb, meeting_id, [field] if field else [], who)
    if action in ("reject", "restore"):
        return reject(kb, meeting_id, who, restore=action == "restore")
    raise InputError("review", f"action {action!r} is not one of {', '.join(REVIEW_ACTIONS)}")
