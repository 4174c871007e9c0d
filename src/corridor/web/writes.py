"""Ingesting a pasted or uploaded article through the same extraction and storage as `corridor ingest`."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import InputError
from ..kb.ingest import Failure, ingest_document
from ..kb.storage import KnowledgeBase
from ..sources.reading import decode, make_document, normalise


def text_from_upload(raw: bytes, name: str) -> str:
    """An uploaded file's text, or InputError saying why it is not one."""
    try:
        return decode(raw)
    except ValueError as exc:
        raise InputError(name, str(exc)) from exc


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
