"""Reviewing in the browser: the queue of values to check, and the forms that correct meetings,
people and mechanisms. Every form carries the signed CSRF value, is checked for this site's
origin, and is signed with the name of the reader's token; corrections are made by the same
functions as `corridor review`, so they are stored with who, when and why."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..kb import review as corrections
from ..kb.review import Reviewer, can_undo
from ..kb.storage import KnowledgeBase
from .app import render, require_token
from .params import MAX_ID, get_kb, reader, row_id
from .views import field_evidence

router = APIRouter(include_in_schema=False)

Data = dict[str, Any]
RECENT = 20
PAGES = {"meeting": "meetings", "person": "people", "mechanism": "mechanisms"}


def queue(kb: KnowledgeBase, limit: int) -> Data:
    """What `corridor review` lists, most important first, each value with the sources that give
    it and their words; and the latest corrections, which can be undone."""
    items = corrections.review_items(kb, limit)
    meetings = {i.meeting["id"]: kb.get_meeting(i.meeting["id"]) for i in items}
    out = []
    for item in items:
        meeting = meetings[item.meeting["id"]]
        claims = meeting["claims"].get(item.field, [])
        quotes = {
            r["document"]: (field_evidence(r["meeting"], item.field) or {}).get("text")
            for r in meeting["reports"]
        }
        out.append(
            {
                **item.to_json(),
                "chairs": meeting["chairs"],
                "choices": [
                    {
                        "value": c["value"],
                        "sources": [
                            {"document": d, "source": s, "quote": quotes.get(d)}
                            for d, s in zip(c["documents"], c["sources"], strict=True)
                        ],
                    }
                    for c in claims
                ],
            }
        )
    recent = kb.corrections()[-RECENT:][::-1]
    return {"items": out, "recent": [_undoable(c) for c in recent]}


def _undoable(correction: Data) -> Data:
    return {**correction, "undoable": can_undo(correction)}


def history(kb: KnowledgeBase, target: str, target_id: int) -> list[Data]:
    """A meeting's, person's or mechanism's corrections, oldest first, each saying whether it can be undone."""
    return [_undoable(c) for c in kb.corrections(target, target_id)]


@router.get("/review")
@router.get("/review.json")
def review_page(
    request: Request,
    limit: int = Query(50, ge=1, le=500, description="Items to list."),
    kb: KnowledgeBase = Depends(get_kb),
) -> Response:
    require_token(request)
    data = queue(kb, limit)
    if request.url.path.endswith(".json"):
        return JSONResponse(data)
    return render(request, "review.html", data, twin=True)


# -- the forms -------------------------------------------------------------------------------------

LOCAL_PATH = re.compile(r"/[A-Za-z0-9/_.\-]*(\?[A-Za-z0-9_=&.\-]*)?")


def back_to(form: Any, default: str) -> str:
    """Where a form returns: a path of this site it names, else `default` (never another site)."""
    wanted = str(form.get("back") or "")
    return wanted if LOCAL_PATH.fullmatch(wanted) and not wanted.startswith("//") else default


async def correct(
    request: Request, default_why: str, change: Callable[[KnowledgeBase, Reviewer, Any], str]
) -> Response:
    """Check the form (origin, CSRF, token), make the change in a worker thread, and go where it says."""
    import anyio

    from .pages import check_form

    form = await request.form()
    check_form(request, form)
    author = await anyio.to_thread.run_sync(require_token, request)
    who = Reviewer(author, str(form.get("why") or "").strip() or default_why)
    target = await anyio.to_thread.run_sync(lambda: change(reader(request), who, form))
    return RedirectResponse(target, status_code=303)


def _text(form: Any, name: str) -> str | None:
    value = form.get(name)
    return None if value is None else str(value)


def _ids(form: Any, name: str) -> list[int]:
    return [int(v) for v in form.getlist(name) if str(v).isdigit()]


@router.post("/meetings/{meeting_id:int}/chairs")
async def chair_form(request: Request, meeting_id: int = row_id("meeting")) -> Response:
    """Add, remove or edit one chair of a meeting."""

    def change(kb: KnowledgeBase, who: Reviewer, form: Any) -> str:
        corrections.correct_chair(
            kb,
            meeting_id,
            str(form.get("change") or ""),
            str(form.get("person") or ""),
            who,
            name=_text(form, "name"),
            title=_text(form, "title"),
            side=_text(form, "side"),
        )
        return back_to(form, f"/meetings/{meeting_id}?reviewed=chair")

    return await correct(request, "chair corrected in the web view", change)


@router.post("/meetings/{meeting_id:int}/split")
async def split_form(request: Request, meeting_id: int = row_id("meeting")) -> Response:
    """The checked documents' accounts become a meeting of their own; go to it."""

    def change(kb: KnowledgeBase, who: Reviewer, form: Any) -> str:
        documents = [str(d) for d in form.getlist("document")]
        return f"/meetings/{corrections.split_meeting(kb, meeting_id, documents, who)}?reviewed=split"

    return await correct(request, "split in the web view", change)


@router.post("/meetings/{meeting_id:int}/merge")
async def merge_form(request: Request, meeting_id: int = row_id("meeting")) -> Response:
    """Another meeting (by id) joins this one."""

    def change(kb: KnowledgeBase, who: Reviewer, form: Any) -> str:
        other = str(form.get("other") or "").strip().lstrip("#")
        if not other.isdigit() or not 0 < int(other) <= MAX_ID:
            raise corrections.ReviewError(f"{other!r} is not a meeting id; give the other meeting's number")
        return f"/meetings/{corrections.merge_meetings(kb, meeting_id, int(other), who)}?reviewed=merge"

    return await correct(request, "merged in the web view", change)


@router.post("/corrections/{correction_id:int}/undo")
async def undo_form(request: Request, correction_id: int = row_id("correction")) -> Response:
    """Take back one correction; back to the page the button was on."""

    def change(kb: KnowledgeBase, who: Reviewer, form: Any) -> str:
        done = corrections.undo(kb, correction_id, who)
        page = PAGES[done["target"]]
        undone = kb.correction(correction_id)
        if done["target"] != "meeting" and undone["action"] == "split":
            # The person or mechanism split off is gone again: show the one it came from.
            return f"/{page}/{undone['value']['from']}?reviewed=undo"
        return back_to(form, f"/{page}/{done['target_id']}?reviewed=undo")

    return await correct(request, "undone in the web view", change)


@router.post("/people/{person_id:int}/merge")
async def person_merge_form(request: Request, person_id: int = row_id("person")) -> Response:
    """Another person (name or id) is this one."""

    def change(kb: KnowledgeBase, who: Reviewer, form: Any) -> str:
        other = str(form.get("other") or "").strip()
        return f"/people/{corrections.merge_people(kb, str(person_id), other, who)}?reviewed=merge"

    return await correct(request, "merged in the web view", change)


@router.post("/people/{person_id:int}/split")
async def person_split_form(request: Request, person_id: int = row_id("person")) -> Response:
    """Chairs under some spellings, on one side or at the checked meetings are another person; go to them."""

    def change(kb: KnowledgeBase, who: Reviewer, form: Any) -> str:
        names = [n.strip() for n in str(form.get("names") or "").split(";") if n.strip()]
        country = str(form.get("country") or "").strip() or None
        new_id, _ = corrections.split_person(kb, str(person_id), names, country, who, _ids(form, "meeting"))
        return f"/people/{new_id}?reviewed=split"

    return await correct(request, "split in the web view", change)


@router.post("/mechanisms/{mechanism_id:int}/merge")
async def mechanism_merge_form(request: Request, mechanism_id: int = row_id("mechanism")) -> Response:
    """Another mechanism (id, key, name or alias) is part of this one."""

    def change(kb: KnowledgeBase, who: Reviewer, form: Any) -> str:
        other = str(form.get("other") or "").strip()
        return f"/mechanisms/{corrections.merge_mechanisms(kb, str(mechanism_id), other, who)}?reviewed=merge"

    return await correct(request, "merged in the web view", change)


@router.post("/mechanisms/{mechanism_id:int}/split")
async def mechanism_split_form(request: Request, mechanism_id: int = row_id("mechanism")) -> Response:
    """The rounds reported under some names, or the checked meetings, are a mechanism of their own."""

    def change(kb: KnowledgeBase, who: Reviewer, form: Any) -> str:
        aliases = [a.strip() for a in str(form.get("aliases") or "").split(";") if a.strip()]
        name = str(form.get("name") or "")
        new_id, _ = corrections.split_mechanism(
            kb, str(mechanism_id), name, aliases, _ids(form, "meeting"), who
        )
        return f"/mechanisms/{new_id}?reviewed=split"

    return await correct(request, "split in the web view", change)
