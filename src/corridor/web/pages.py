"""Server-rendered pages; each page's path with .json added gives the same data as JSON."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..errors import InputError
from ..export import FORMATS
from ..export.brief import brief_data, render_html, render_pdf
from ..kb.storage import KnowledgeBase, MeetingFilters, SearchQuery
from . import views
from .api import export_response
from .app import render, require_token
from .auth import CSRF_COOKIE, CSRF_FIELD, TOKEN_COOKIE, AuthError, csrf_valid, same_origin, token_hash
from .charts import TopicChart, timeline_chart, timeline_svg
from .highlight import document_marks, report_marks, runs
from .params import MAX_ID, Paging, get_kb, meeting_filters, meeting_sort, paging, reader, search_query
from .review import back_to
from .review import history as review_history
from .writes import ingest_text, ingest_upload, parse_published, read_upload, review_meeting

router = APIRouter(include_in_schema=False)


def twin(request: Request, template: str, data: dict[str, Any], **extra: Any) -> Response:
    """The page's data as JSON when the path ends in .json, else the page itself."""
    if request.url.path.endswith(".json"):
        return JSONResponse(data)
    return render(request, template, data, twin=True, **extra)


def page_routes(*paths: str) -> Any:
    """Register one handler for a page and its .json twin."""

    def register(handler: Any) -> Any:
        for path in paths:
            router.add_api_route(path, handler, methods=["GET"])
        return handler

    return register


def numbered(name: str) -> Any:
    return Path(ge=1, le=MAX_ID, description=f"{name} id")


@page_routes("/", "/index.json")
def overview(request: Request, kb: KnowledgeBase = Depends(get_kb)) -> Response:
    return twin(request, "overview.html", views.overview(kb))


@page_routes("/mechanisms", "/mechanisms.json")
def mechanisms(request: Request, kb: KnowledgeBase = Depends(get_kb)) -> Response:
    return twin(request, "mechanisms.html", views.mechanisms(kb))


@page_routes("/mechanisms/{mechanism_id:int}", "/mechanisms/{mechanism_id:int}.json")
def mechanism(
    request: Request, mechanism_id: int = numbered("mechanism"), kb: KnowledgeBase = Depends(get_kb)
) -> Response:
    kept: list[TopicChart] = []

    def topics() -> dict[str, dict[str, int]]:
        count = partial(views.mechanism_topics, kb, mechanism_id)
        kept.append(request.app.state.topic_charts.get(mechanism_id, count))
        return kept[0].counts

    data = views.mechanism(kb, mechanism_id, topics=topics)
    data["corrections"] = review_history(kb, "mechanism", mechanism_id)
    charts = {
        "topics": kept[0].chart,
        "timeline_svg": timeline_svg(timeline_chart(data["rounds"])),
        "topics_svg": kept[0].svg,
    }
    return twin(request, "mechanism.html", data, charts=charts)


@router.get("/mechanisms/{mechanism_id:int}/brief.json")
def brief_json(mechanism_id: int = numbered("mechanism"), kb: KnowledgeBase = Depends(get_kb)) -> Response:
    return JSONResponse(brief_data(kb, mechanism_id))


@router.get("/mechanisms/{mechanism_id:int}/brief")
def brief_page(mechanism_id: int = numbered("mechanism"), kb: KnowledgeBase = Depends(get_kb)) -> Response:
    """The printable brief; its style is inline so that the same page works saved as a file."""
    response = Response(render_html(brief_data(kb, mechanism_id)), media_type="text/html; charset=utf-8")
    response.headers["content-security-policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return response


@router.get("/mechanisms/{mechanism_id:int}/brief.pdf")
def brief_pdf(mechanism_id: int = numbered("mechanism"), kb: KnowledgeBase = Depends(get_kb)) -> Response:
    pdf = render_pdf(brief_data(kb, mechanism_id))
    headers = {"content-disposition": f'inline; filename="brief-{mechanism_id}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@page_routes("/meetings", "/meetings.json", "/meetings.csv")
def meetings(
    request: Request,
    filters: MeetingFilters = Depends(meeting_filters),
    paging: Paging = Depends(paging),
    sort: str = Depends(meeting_sort),
    kb: KnowledgeBase = Depends(get_kb),
) -> Response:
    """The meetings table with its facets; .json and .csv give exactly the rows shown."""
    if request.url.path.endswith(".csv"):
        items, _ = kb.page_meetings(filters, paging.limit, paging.offset, sort)
        return table_csv(views.table_rows(items))
    data = views.meetings_table(kb, filters, paging.limit, paging.offset, sort)
    return twin(request, "meetings.html", data, columns=SORT_COLUMNS)


# Table headings and the sort key each one orders by (None: not sortable).
SORT_COLUMNS = [
    ("Meeting", None),
    ("Mechanism", "mechanism"),
    ("Round", "round"),
    ("Date", "date"),
    ("Status", "status"),
    ("Place", "country"),
    ("Chairs", None),
    ("Sources", None),
]


def table_csv(rows: list[dict[str, Any]]) -> Response:
    import csv
    import io

    from ..export.formats import spreadsheet_safe

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=views.TABLE_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    headers = {"content-disposition": 'attachment; filename="corridor-meetings-table.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@page_routes("/meetings/{meeting_id:int}", "/meetings/{meeting_id:int}.json")
def meeting(
    request: Request, meeting_id: int = numbered("meeting"), kb: KnowledgeBase = Depends(get_kb)
) -> Response:
    data = views.meeting(kb, meeting_id)
    if request.url.path.endswith(".json"):
        return JSONResponse(data)
    reports = data["meeting"]["reports"]
    texts = kb.document_texts([r["document"] for r in reports])
    marked = {r["document"]: runs(texts[r["document"]], report_marks(r)) for r in reports}
    history_rows = review_history(kb, "meeting", meeting_id)
    return render(request, "meeting.html", data, twin=True, marked=marked, history_rows=history_rows)


@page_routes("/people/{person_id:int}", "/people/{person_id:int}.json")
def person(
    request: Request, person_id: int = numbered("person"), kb: KnowledgeBase = Depends(get_kb)
) -> Response:
    data = views.person(kb, person_id)
    data["corrections"] = review_history(kb, "person", person_id)
    return twin(request, "person.html", data)


@page_routes("/pairs/{code}.json", "/pairs/{code}")
def pair(request: Request, code: str = Path(max_length=120), kb: KnowledgeBase = Depends(get_kb)) -> Response:
    return twin(request, "pair.html", views.pair(kb, code))


@page_routes("/documents/{document_id}.json", "/documents/{document_id}")
def document(
    request: Request, document_id: str = Path(max_length=64), kb: KnowledgeBase = Depends(get_kb)
) -> Response:
    data = views.document(kb, document_id)
    if request.url.path.endswith(".json"):
        return JSONResponse(data)
    doc = data["document"]
    return render(request, "document.html", data, twin=True, runs=runs(doc["text"], document_marks(doc)))


@page_routes("/framework", "/framework.json")
def framework(
    request: Request, year: int | None = Query(None, ge=1, le=9999), kb: KnowledgeBase = Depends(get_kb)
) -> Response:
    data = views.framework(kb, year)
    peak = max((n for row in data["matrix"].values() for n in row.values()), default=0)
    return twin(request, "framework.html", data, peak=peak)


@page_routes("/search", "/search.json")
def search(
    request: Request,
    query: SearchQuery = Depends(search_query),
    paging: Paging = Depends(paging),
    kb: KnowledgeBase = Depends(get_kb),
) -> Response:
    return twin(request, "search.html", views.search(kb, query, paging.limit, paging.offset))


@router.get("/export")
def export_index(request: Request) -> Response:
    return render(request, "export.html", {"formats": FORMATS})


@router.get("/export/{fmt}")
def export_download(
    fmt: str = Path(pattern="^(" + "|".join(FORMATS) + ")$"),
    filters: MeetingFilters = Depends(meeting_filters),
    kb: KnowledgeBase = Depends(get_kb),
) -> Response:
    return export_response(kb, fmt, filters)


# -- writing from the browser ---------------------------------------------------------


def check_form(request: Request, form: Any) -> None:
    """A form post must come from this site: same Origin, and the CSRF field echoing the signed cookie."""
    secret = request.app.state.config.secret
    if not same_origin(request) or not csrf_valid(
        secret, request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)
    ):
        raise AuthError(
            403, "the form was not sent from this site's page (CSRF check failed); reload and retry"
        )


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "login.html", {})


@router.post("/login")
async def login(request: Request) -> Response:
    """Keep a valid token in an HttpOnly, same-site cookie, so the browser's forms can write."""
    import anyio

    form = await request.form()
    check_form(request, form)
    token = str(form.get("token") or "").strip()
    name = await anyio.to_thread.run_sync(
        lambda: reader(request).token_name(token_hash(token)) if token else None
    )
    if name is None:
        raise AuthError(403, "that is not a live token; create one with `corridor token create NAME`")
    response = RedirectResponse("/ingest", status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    check_form(request, await request.form())
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(TOKEN_COOKIE)
    return response


@router.get("/ingest")
def ingest_page(request: Request) -> Response:
    return render(request, "ingest.html", {})


@router.post("/ingest")
async def ingest_form(request: Request) -> Response:
    """Paste or upload an article; on success, go to its document page."""
    import anyio

    form = await request.form()
    check_form(request, form)
    await anyio.to_thread.run_sync(require_token, request)
    upload = form.get("file")
    text = str(form.get("text") or "")
    title = str(form.get("title") or "") or None
    url = str(form.get("url") or "") or None
    published = parse_published(str(form.get("published") or "") or None)
    if upload is not None and not isinstance(upload, str) and upload.filename:
        data, name = await upload.read(), upload.filename
        result = await anyio.to_thread.run_sync(
            lambda: ingest_upload(reader(request), read_upload(data, name, published), title, url)
        )
    else:
        if not text.strip():
            raise InputError("paste", "the text is empty; paste an article or choose a file")
        result = await anyio.to_thread.run_sync(
            lambda: ingest_text(reader(request), text, "paste", title=title, url=url, published=published)
        )
    return RedirectResponse(f"/documents/{result['document']}?ingested={result['status']}", status_code=303)


@router.post("/meetings/{meeting_id:int}/review")
async def review_form(request: Request, meeting_id: int = numbered("meeting")) -> Response:
    """A correction from the meeting page's form; back to the meeting, which shows it."""
    import anyio

    form = await request.form()
    check_form(request, form)
    author = await anyio.to_thread.run_sync(require_token, request)
    action, field = str(form.get("action") or "set"), str(form.get("field") or "") or None
    value, why = str(form.get("value") or ""), str(form.get("why") or "")
    await anyio.to_thread.run_sync(
        lambda: review_meeting(reader(request), meeting_id, action, author, why, field, value)
    )
    return RedirectResponse(back_to(form, f"/meetings/{meeting_id}?reviewed={action}"), status_code=303)
