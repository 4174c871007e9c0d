"""The JSON API under /api/: the data of every page, paginated listings, exports and ingestion."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from ..errors import InputError
from ..export import FORMATS, export
from ..export.brief import brief_data
from ..kb.storage import KnowledgeBase, MeetingFilters, SearchQuery
from . import views
from .app import require_writer
from .auth import CSRF_FIELD, CSRF_HEADER, bearer_token
from .params import (
    DATE_PREFIX,
    Paging,
    get_kb,
    meeting_filters,
    meeting_sort,
    paging,
    reader,
    row_id,
    search_query,
)
from .writes import Upload, ingest_text, ingest_upload, parse_published, read_upload, review_meeting


class ErrorBody(BaseModel):
    error: str
    status: int
    parameter: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter is malformed; `parameter` names it."},
    404: {"model": ErrorBody, "description": "No record with that id."},
}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


class DocumentIn(BaseModel):
    """An article to ingest: its text and, when known, its title, address and publication date."""

    text: str = Field(min_length=1, description="The article's text.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=4000)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
    source: str | None = Field(None, max_length=200, description="A name for where the text came from.")


@router.get("/overview", summary="Latest meetings, busiest mechanisms and open conflicts")
def overview(kb: KnowledgeBase = Depends(get_kb)) -> JSONResponse:
    return JSONResponse(views.overview(kb))


@router.get("/meetings", summary="Meetings, latest first, filtered and paginated")
def meetings(
    filters: MeetingFilters = Depends(meeting_filters),
    paging: Paging = Depends(paging),
    sort: str = Depends(meeting_sort),
    kb: KnowledgeBase = Depends(get_kb),
) -> Response:
    body = views.meetings_page_json(kb, filters, paging.limit, paging.offset, sort)
    return Response(body, media_type="application/json")


@router.get("/meetings/{meeting_id}", summary="One meeting with its fields' sources and conflicts")
def meeting(meeting_id: int = row_id("meeting"), kb: KnowledgeBase = Depends(get_kb)) -> JSONResponse:
    return JSONResponse(views.meeting(kb, meeting_id))


@router.get("/mechanisms", summary="Every mechanism with its meeting counts")
def mechanisms(kb: KnowledgeBase = Depends(get_kb)) -> JSONResponse:
    return JSONResponse(views.mechanisms(kb))


@router.get("/mechanisms/{mechanism_id}", summary="A mechanism's rounds, gaps, next round and topics")
def mechanism(mechanism_id: int = row_id("mechanism"), kb: KnowledgeBase = Depends(get_kb)) -> JSONResponse:
    return JSONResponse(views.mechanism(kb, mechanism_id))


@router.get("/mechanisms/{mechanism_id}/brief", summary="The brief before a mechanism's next round")
def brief(mechanism_id: int = row_id("mechanism"), kb: KnowledgeBase = Depends(get_kb)) -> JSONResponse:
    return JSONResponse(brief_data(kb, mechanism_id))


@router.get("/people/{person_id}", summary="A person's offices over time")
def person(person_id: int = row_id("person"), kb: KnowledgeBase = Depends(get_kb)) -> JSONResponse:
    return JSONResponse(views.person(kb, person_id))


@router.get("/documents/{document_id}", summary="A stored document with every extracted span")
def document(
    document_id: str = Path(max_length=64, description="Document content id."),
    kb: KnowledgeBase = Depends(get_kb),
) -> JSONResponse:
    return JSONResponse(views.document(kb, document_id))


@router.get("/search", summary="Full-text search over documents or statements, with facets")
def search(
    query: SearchQuery = Depends(search_query),
    paging: Paging = Depends(paging),
    kb: KnowledgeBase = Depends(get_kb),
) -> JSONResponse:
    return JSONResponse(views.search(kb, query, paging.limit, paging.offset))


@router.get("/framework", summary="CPEC 2.0 corridors against the 5Es and sectors")
def framework(
    year: int | None = Query(None, ge=1, le=9999, description="Count only this year."),
    kb: KnowledgeBase = Depends(get_kb),
) -> JSONResponse:
    return JSONResponse(views.framework(kb, year))


@router.get(
    "/export/{fmt}",
    summary="Meetings in an export format",
    responses={200: {"content": {e.media_type.split(";")[0]: {} for e in FORMATS.values()}}},
)
def export_meetings(
    fmt: str = Path(pattern="^(" + "|".join(FORMATS) + ")$", description="Export format."),
    filters: MeetingFilters = Depends(meeting_filters),
    kb: KnowledgeBase = Depends(get_kb),
) -> Response:
    return export_response(kb, fmt, filters)


def export_response(kb: KnowledgeBase, fmt: str, filters: MeetingFilters) -> Response:
    spec = FORMATS[fmt]
    headers = {"content-disposition": f'attachment; filename="corridor-meetings.{spec.extension}"'}
    return Response(export(kb, fmt, filters), media_type=spec.media_type, headers=headers)


class ReviewIn(BaseModel):
    """One correction of a meeting, as `corridor review` makes it; the token's name is its author."""

    action: Literal["set", "confirm", "reject", "restore"]
    field: Literal["status", "ordinal", "date", "city", "country", "mode"] | None = None
    value: str | None = Field(None, max_length=200, description="The value to set ('null' clears).")
    why: str = Field("", max_length=1000, description="The source or reasoning behind the correction.")


@router.post(
    "/meetings/{meeting_id}/review",
    summary="Correct, confirm, reject or restore a meeting; needs a bearer token",
    openapi_extra={"security": [{"bearer": []}]},
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)
def review(body: ReviewIn, request: Request, meeting_id: int = row_id("meeting")) -> JSONResponse:
    author = require_writer(request, request.headers.get(CSRF_HEADER))
    kb = reader(request)
    review_meeting(kb, meeting_id, body.action, author, body.why, body.field, body.value)
    return JSONResponse(views.meeting(kb, meeting_id))


INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": DocumentIn.model_json_schema(ref_template="#/components/schemas/{model}")
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "text": {"type": "string"},
                        "title": {"type": "string"},
                        "url": {"type": "string"},
                        "published": {"type": "string", "pattern": DATE_PREFIX},
                    },
                }
            },
        },
    }
}


@router.post(
    "/documents",
    status_code=201,
    summary="Ingest an article (JSON, or a multipart upload); needs a bearer token",
    openapi_extra={**INGEST_BODY, "security": [{"bearer": []}]},
    responses={
        201: {"description": "Stored (or already stored: status 'unchanged')."},
        401: {"model": ErrorBody, "description": "No token."},
        403: {"model": ErrorBody, "description": "Not a live token."},
        413: {"model": ErrorBody, "description": "Body over the size limit."},
    },
)
async def ingest(request: Request) -> JSONResponse:
    import anyio

    csrf = request.headers.get(CSRF_HEADER)
    if csrf is None and bearer_token(request) is None and _content_kind(request) == "multipart/form-data":
        csrf = _str((await request.form()).get(CSRF_FIELD))  # a cookie holder's form echoes the value
    await anyio.to_thread.run_sync(require_writer, request, csrf)
    job = await _ingest_job(request)
    result = await anyio.to_thread.run_sync(lambda: job(reader(request)))
    return JSONResponse(result, status_code=201 if result["status"] == "stored" else 200)


async def _ingest_job(request: Request) -> Callable[[KnowledgeBase], dict[str, Any]]:
    """What to store, from a JSON body or a multipart form; InputError names what is missing or wrong.

    An uploaded file is read as `corridor ingest` reads a file, in the worker thread.
    """
    fields = await _ingest_fields(request)
    if isinstance(fields, Upload):
        upload = fields
        return lambda kb: ingest_upload(
            kb, read_upload(upload.data, upload.name, upload.published), upload.title, upload.url
        )
    return lambda kb: ingest_text(kb, **fields)


async def _ingest_fields(request: Request) -> dict[str, Any] | Upload:
    kind = _content_kind(request)
    if kind == "application/json":
        try:
            raw = json.loads(await request.body())
            body = DocumentIn.model_validate(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError("body", f"not a valid document: {_first_error(exc)}") from exc
        except RecursionError as exc:
            raise InputError("body", "not a valid document: JSON nested too deeply to read") from exc
        published = parse_published(body.published)
        return _fields(body.text, body.source or "api", body.title, body.url, published)
    if kind == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        published = parse_published(_str(form.get("published")))
        title, url = _str(form.get("title")), _str(form.get("url"))
        if upload is not None and not isinstance(upload, str):
            return Upload(await upload.read(), upload.filename or "upload", published, title, url)
        return _fields(str(form.get("text") or ""), "paste", title, url, published)
    raise InputError("body", "send application/json or multipart/form-data")


def _content_kind(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _fields(
    text: str, source: str, title: str | None, url: str | None, published: date | None
) -> dict[str, Any]:
    if not text.strip():
        raise InputError(source, "the text is empty; paste an article or upload a file")
    return {"text": text, "source": source, "title": title, "url": url, "published": published}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(str(p) for p in first['loc']) or 'body'}: {first['msg']}"
    return str(exc)
