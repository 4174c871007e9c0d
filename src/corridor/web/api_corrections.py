"""The JSON API for corrections besides a meeting's fields: chairs, meeting splits, merges and moves,
merges, splits and renames of people and mechanisms, the history, and undo.

Each write is made by the functions `corridor review` uses, so it is stored with who (the token's
name), when and why; it needs a bearer token, or the sign-in cookie with the page's CSRF value
from this site, as every API write does. Each answers with the record it changed and the
correction as stored.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..errors import NotFoundError
from ..kb import review as corrections
from ..kb import review_engagements as engagement_review
from ..kb.review import Reviewer
from ..kb.storage import KnowledgeBase
from . import views
from .api import ERRORS, ErrorBody
from .app import require_writer
from .auth import CSRF_HEADER
from .params import MAX_ID, get_kb, reader, row_id
from .review import history

router = APIRouter(prefix="/api", tags=["corrections"], responses=ERRORS)

BEARER: dict[str, Any] = {"security": [{"bearer": []}]}
REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The correction cannot be made; `error` says why."},
    401: {"model": ErrorBody, "description": "No token."},
    403: {"model": ErrorBody, "description": "Not a live token, or a cookie without CSRF value and origin."},
}
Why = Field(min_length=1, max_length=1000, description="The source or reasoning behind the correction.")
Name = Field(min_length=1, max_length=300)
Id = Field(ge=1, le=MAX_ID)


class ChairIn(BaseModel):
    """Add a chair, remove one, or change one's name, title or side."""

    change: Literal["add", "remove", "edit"]
    person: str = Field(
        min_length=1, max_length=300, description="The chair: a person's id or name (to add: any name)."
    )
    name: str | None = Field(None, max_length=300, description="edit: the name the chair is given.")
    title: str | None = Field(None, max_length=300, description="add or edit: the title ('' clears it).")
    side: str | None = Field(None, max_length=300, description="add or edit: the country ('' clears it).")
    why: str = Why


class MeetingSplitIn(BaseModel):
    """The documents whose accounts are of another meeting."""

    documents: list[str] = Field(
        min_length=1,
        max_length=500,
        description="Document ids (or id prefixes of 6+ characters, or sources).",
    )
    why: str = Why


class MeetingMergeIn(BaseModel):
    """Another meeting that is this one: its sources, chairs and statements join it."""

    other: int = Id
    why: str = Why


class MoveIn(BaseModel):
    """The mechanism the meeting belongs to (id, key, name or alias)."""

    mechanism: str = Name
    why: str = Why


class MergeIn(BaseModel):
    """Another person or mechanism (id, or a name it is found by) that is this one."""

    other: str = Name
    why: str = Why


class PersonSplitIn(BaseModel):
    """Which chairs are another person: under these spellings, on this side, at these meetings."""

    names: list[str] = Field([], max_length=50)
    country: str | None = Field(None, max_length=300)
    meetings: list[int] = Field([], max_length=500)
    why: str = Why


class MechanismSplitIn(BaseModel):
    """The rounds reported under these names, and these meetings, are a mechanism of their own."""

    name: str = Name
    aliases: list[str] = Field([], max_length=50)
    meetings: list[int] = Field([], max_length=500)
    why: str = Why


class RenameIn(BaseModel):
    """A mechanism's new name; the old one stays an alias."""

    name: str = Name
    why: str = Why


class EngagementReviewIn(BaseModel):
    """Set one field of an engagement, confirm fields (all when none named), reject or restore it."""

    action: Literal["set", "confirm", "reject", "restore"]
    field: str | None = Field(
        None, max_length=50, description="set: kind, status, date, city, country, mode or participants."
    )
    value: str | None = Field(
        None,
        max_length=2000,
        description="set: the value ('null' clears; participants as 'NAME | TITLE | SIDE; ...').",
    )
    fields: list[str] = Field([], max_length=10, description="confirm: the fields (all shown when empty).")
    why: str = Why


class UndoIn(BaseModel):
    why: str = Why


def writer(request: Request) -> str:
    """The token's name, checked before the body is: no token, no word on what the body lacks."""
    return require_writer(request, request.headers.get(CSRF_HEADER))


Author = Depends(writer)


def _who(request: Request, author: str, why: str) -> tuple[KnowledgeBase, Reviewer]:
    return reader(request), Reviewer(author, why)


def _made(
    kb: KnowledgeBase, target: str, target_id: int, shown: dict[str, Any], status: int = 200
) -> JSONResponse:
    """The record changed, with the correction just stored for it (and whether it can be undone)."""
    [latest] = history(kb, target, target_id)[-1:]
    return JSONResponse({**shown, "correction": latest}, status_code=status)


# -- meetings ----------------------------------------------------------------------------------------


@router.post(
    "/meetings/{meeting_id}/chairs",
    summary="Add, remove or edit a chair of a meeting",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def chair(
    body: ChairIn, request: Request, author: str = Author, meeting_id: int = row_id("meeting")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    corrections.correct_chair(
        kb, meeting_id, body.change, body.person, who, name=body.name, title=body.title, side=body.side
    )
    return _made(kb, "meeting", meeting_id, views.meeting(kb, meeting_id))


@router.post(
    "/meetings/{meeting_id}/split",
    status_code=201,
    summary="Split some documents' accounts off into a meeting of their own",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def split_meeting(
    body: MeetingSplitIn, request: Request, author: str = Author, meeting_id: int = row_id("meeting")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    new_id = corrections.split_meeting(kb, meeting_id, body.documents, who)
    return _made(kb, "meeting", new_id, views.meeting(kb, new_id), 201)


@router.post(
    "/meetings/{meeting_id}/merge",
    summary="Merge another meeting into this one",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def merge_meeting(
    body: MeetingMergeIn, request: Request, author: str = Author, meeting_id: int = row_id("meeting")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    keep = corrections.merge_meetings(kb, meeting_id, body.other, who)
    return _made(kb, "meeting", keep, views.meeting(kb, keep))


@router.post(
    "/meetings/{meeting_id}/move",
    summary="Move a meeting to another mechanism",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def move_meeting(
    body: MoveIn, request: Request, author: str = Author, meeting_id: int = row_id("meeting")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    moved = corrections.move_meeting(kb, meeting_id, body.mechanism, who)
    return _made(kb, "meeting", moved, views.meeting(kb, moved))


# -- people and mechanisms ---------------------------------------------------------------------------


@router.post(
    "/people/{person_id}/merge",
    summary="Merge another person into this one",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def merge_person(
    body: MergeIn, request: Request, author: str = Author, person_id: int = row_id("person")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    keep = corrections.merge_people(kb, str(person_id), body.other, who)
    return _made(kb, "person", keep, views.person(kb, keep))


@router.post(
    "/people/{person_id}/split",
    status_code=201,
    summary="Split some chairs off as another person",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def split_person(
    body: PersonSplitIn, request: Request, author: str = Author, person_id: int = row_id("person")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    new_id, _ = corrections.split_person(kb, str(person_id), body.names, body.country, who, body.meetings)
    return _made(kb, "person", new_id, views.person(kb, new_id), 201)


@router.post(
    "/mechanisms/{mechanism_id}/merge",
    summary="Merge another mechanism into this one",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def merge_mechanism(
    body: MergeIn, request: Request, author: str = Author, mechanism_id: int = row_id("mechanism")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    keep = corrections.merge_mechanisms(kb, str(mechanism_id), body.other, who)
    return _made(kb, "mechanism", keep, views.mechanism(kb, keep))


@router.post(
    "/mechanisms/{mechanism_id}/split",
    status_code=201,
    summary="Split some rounds off into a mechanism of their own",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def split_mechanism(
    body: MechanismSplitIn, request: Request, author: str = Author, mechanism_id: int = row_id("mechanism")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    new_id, _ = corrections.split_mechanism(
        kb, str(mechanism_id), body.name, body.aliases, body.meetings, who
    )
    return _made(kb, "mechanism", new_id, views.mechanism(kb, new_id), 201)


@router.post(
    "/mechanisms/{mechanism_id}/rename",
    summary="Rename a mechanism",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def rename_mechanism(
    body: RenameIn, request: Request, author: str = Author, mechanism_id: int = row_id("mechanism")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    corrections.rename_mechanism(kb, str(mechanism_id), body.name, who)
    return _made(kb, "mechanism", mechanism_id, views.mechanism(kb, mechanism_id))


# -- the history and undo -------------------------------------------------------------------------------


@router.get("/corrections", summary="Corrections, oldest first, each saying whether it can be undone")
def listed(
    target: Literal["meeting", "person", "mechanism"] | None = Query(None, description="Only of this kind."),
    target_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only of this record (with target)."),
    kb: KnowledgeBase = Depends(get_kb),
) -> JSONResponse:
    rows = [{**c, "undoable": corrections.can_undo(c)} for c in kb.corrections(target, target_id)]
    return JSONResponse({"corrections": rows})


@router.post(
    "/corrections/{correction_id}/undo",
    summary="Undo a correction; it stays in the history, marked undone",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def undo(
    body: UndoIn, request: Request, author: str = Author, correction_id: int = row_id("correction")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    done = corrections.undo(kb, correction_id, who)
    return JSONResponse({"correction": done, "undone": kb.correction(correction_id)})


# -- engagements ---------------------------------------------------------------------------------------


@router.post(
    "/engagements/{engagement_id}/review",
    summary="Set, confirm, reject or restore an engagement; kept when re-extraction recreates it",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def review_engagement(
    body: EngagementReviewIn,
    request: Request,
    author: str = Author,
    engagement_id: int = row_id("engagement"),
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    if body.action == "set":
        if not body.field or body.value is None:
            raise corrections.ReviewError("set needs a field and a value")
        shown = engagement_review.set_engagement_field(kb, engagement_id, body.field, body.value, who)
    elif body.action == "confirm":
        shown = engagement_review.confirm_engagement(kb, engagement_id, body.fields, who)
    else:
        shown = engagement_review.reject_engagement(kb, engagement_id, who, restore=body.action == "restore")
    [latest] = engagement_review.engagement_history(kb, engagement_id)[-1:]
    return JSONResponse({**shown, "correction": latest})


@router.get("/engagements/{engagement_id}", summary="One engagement, with whether a reviewer rejected it")
def engagement(
    engagement_id: int = row_id("engagement"), kb: KnowledgeBase = Depends(get_kb)
) -> JSONResponse:
    found = kb.get_engagement(engagement_id)
    if found is None:
        raise NotFoundError(f"no engagement with id {engagement_id}")
    return JSONResponse(found)


@router.get("/engagements/{engagement_id}/corrections", summary="An engagement's corrections, oldest first")
def engagement_corrections(
    engagement_id: int = row_id("engagement"), kb: KnowledgeBase = Depends(get_kb)
) -> JSONResponse:
    return JSONResponse({"corrections": engagement_review.engagement_history(kb, engagement_id)})


@router.post(
    "/engagement-corrections/{correction_id}/undo",
    summary="Undo a correction of an engagement; it stays in the history, marked undone",
    openapi_extra=BEARER,
    responses=REFUSALS,
)
def undo_engagement(
    body: UndoIn, request: Request, author: str = Author, correction_id: int = row_id("correction")
) -> JSONResponse:
    kb, who = _who(request, author, body.why)
    return JSONResponse({"undone": engagement_review.undo_engagement_correction(kb, correction_id, who)})
