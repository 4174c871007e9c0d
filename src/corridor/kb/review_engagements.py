"""Reviewers' corrections of engagements: set, confirm or reject an engagement's fields, see their
history and undo one, as `kb.review` does for meetings.

A correction is filed under the engagement's review key (`kb.engagements.review_key`: kind family,
people, date or trip), not its id: re-extracting a document deletes and recreates its engagements
under new ids, and the corrections apply again to the one with the same key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import NotFoundError
from .engagements import REVIEWABLE
from .review import CLEAR, Reviewer, ReviewError, parse_value
from .storage import KnowledgeBase

KINDS = ("meeting", "call", "visit", "courtesy_call", "sideline_meeting")
STATUSES = ("held", "scheduled", "reference")
FIELDS = (*REVIEWABLE, "participants")


def _key(kb: KnowledgeBase, engagement_id: int) -> str:
    key = kb.engagement_key(engagement_id)
    if key is None:
        raise NotFoundError(f"no engagement with id {engagement_id}; `corridor engagements` lists the ids")
    return key


def parse_engagement_value(field: str, raw: str) -> Any:
    """The stored form of a value typed for an engagement's field, or ReviewError saying what fits."""
    text = raw.strip()
    if field == "kind":
        if text.casefold() not in KINDS:
            raise ReviewError(f"kind {text!r} is not one of {', '.join(KINDS)}")
        return text.casefold()
    if field == "status":
        if text.casefold() not in STATUSES:
            raise ReviewError(f"status {text!r} is not one of {', '.join(STATUSES)}")
        return text.casefold()
    if field == "participants":
        return parse_participants(text)
    if field not in REVIEWABLE:
        raise ReviewError(f"no field {field!r}; an engagement's fields are {', '.join(FIELDS)}")
    return parse_value(field, text)


def parse_participants(raw: str) -> list[dict[str, Any]]:
    """Participants typed as 'NAME | TITLE | SIDE; ...' (a side named by office alone: '| TITLE | SIDE')."""
    if raw.strip().casefold() in CLEAR:
        raise ReviewError("an engagement needs its participants; write 'NAME | TITLE | SIDE; ...'")
    out = []
    for part in (p for p in raw.split(";") if p.strip()):
        name, title, side, *rest = [*(x.strip() for x in part.split("|")), "", ""]
        if any(rest) or not (name or title):
            raise ReviewError(f"{part.strip()!r}: write a participant as NAME | TITLE | SIDE")
        out.append({"name": name or None, "title": title or None, "country": side or None})
    return out


def _shown(kb: KnowledgeBase, engagement_id: int, key: str) -> dict[str, Any]:
    found = kb.get_engagement(engagement_id)
    if found is None:  # not expected: the key was read from this engagement in the same transaction
        raise NotFoundError(f"no engagement with id {engagement_id}")
    return found


def set_engagement_field(
    kb: KnowledgeBase, engagement_id: int, field: str, raw: str, who: Reviewer
) -> dict[str, Any]:
    """Set one field of an engagement (kind, status, date, city, country, mode or participants)."""
    key = _key(kb, engagement_id)
    value = parse_engagement_value(field, raw)
    with kb.transaction():
        kb.add_engagement_correction(key, "set", who.author, who.reason, field, value)
        kb.refresh_engagements_of(key)
    return _shown(kb, engagement_id, key)


def confirm_engagement(
    kb: KnowledgeBase, engagement_id: int, fields: Sequence[str], who: Reviewer
) -> dict[str, Any]:
    """Confirm the values an engagement shows now (all of them when no field is named): they hold
    against what later accounts say."""
    key = _key(kb, engagement_id)
    for name in fields:
        if name not in FIELDS:
            raise ReviewError(f"no field {name!r}; the fields one confirms are {', '.join(FIELDS)}")
    current = _shown(kb, engagement_id, key)
    chosen = list(fields) or [f for f in FIELDS if current.get(f) is not None]
    with kb.transaction():
        for name in chosen:
            kb.add_engagement_correction(key, "confirm", who.author, who.reason, name, current[name])
        kb.refresh_engagements_of(key)
    return _shown(kb, engagement_id, key)


def reject_engagement(
    kb: KnowledgeBase, engagement_id: int, who: Reviewer, *, restore: bool = False
) -> dict[str, Any]:
    """Hide an engagement that is no real contact (or show it again); re-extraction keeps it hidden."""
    key = _key(kb, engagement_id)
    with kb.transaction():
        kb.add_engagement_correction(key, "restore" if restore else "reject", who.author, who.reason)
        kb.refresh_engagements_of(key)
    return _shown(kb, engagement_id, key)


def engagement_history(kb: KnowledgeBase, engagement_id: int) -> list[dict[str, Any]]:
    """Every correction of an engagement, oldest first: who, when, why, and the one that undid it."""
    return kb.engagement_corrections(_key(kb, engagement_id))


def undo_engagement_correction(kb: KnowledgeBase, correction_id: int, who: Reviewer) -> dict[str, Any]:
    """Undo one correction of an engagement: it stays in the history, marked, and stops applying."""
    found = kb.engagement_correction(correction_id)
    if found is None:
        raise NotFoundError(
            f"no engagement correction with id {correction_id}; `corridor review engagement-history ID` lists them"
        )
    if found["action"] == "undo" or found["undone_by"] is not None:
        raise ReviewError(f"correction {correction_id} is an undo or already undone; nothing to undo")
    with kb.transaction():
        undo = kb.add_engagement_correction(found["key"], "undo", who.author, who.reason, None, correction_id)
        kb.mark_engagement_undone(correction_id, undo)
        kb.refresh_engagements_of(found["key"])
    return {**found, "undone_by": undo}
