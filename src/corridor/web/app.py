"""The ASGI app: routes, the connection each worker thread reads through, and errors turned into responses.

This module and its siblings are the only places where a CorridorError becomes an HTTP status.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import CorridorError, InputError, NotFoundError
from ..kb.storage import KnowledgeBase, open_db
from . import fragments
from .auth import CSRF_COOKIE, AuthError, bearer_token, from_this_site, new_csrf, presented_token, token_hash
from .charts import TopicCharts
from .config import WebConfig
from .views import topic_label

log = logging.getLogger("corridor.web")

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}
OPEN_PATHS = ("/static/", "/login", "/openapi.json", "/api/docs")


class Database:
    """One connection per worker thread: SQLite connections are not shared between threads."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.local = threading.local()
        open_db(path).close()  # create and migrate once, before any request

    def kb(self) -> KnowledgeBase:
        kb = getattr(self.local, "kb", None)
        if kb is None:
            kb = self.local.kb = open_db(self.path, must_exist=self.path != ":memory:")
            kb.tune_for_reading()
        return kb

    def reader(self) -> KnowledgeBase:
        """A stand-in that reaches the calling thread's connection at each call.

        Request dependencies and endpoints may run on different worker threads, so the
        connection is looked up where it is used, never where it was handed out.
        """
        return cast(KnowledgeBase, _ThreadLocalBase(self))


class _ThreadLocalBase:
    def __init__(self, db: Database) -> None:
        self._db = db

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db.kb(), name)


def wants_json(request: Request) -> bool:
    """API paths and .json twins answer errors in JSON; pages answer with an HTML page."""
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json") or path == "/openapi.json"


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message, "status": status, **extra}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def render(
    request: Request, template: str, data: dict[str, Any], status: int = 200, twin: bool = False, **extra: Any
) -> HTMLResponse:
    """An HTML page from a template; every value is escaped unless the template says otherwise."""
    env: Environment = request.app.state.templates
    context = {
        "data": data,
        "request": request,
        "csrf": request.state.csrf,
        "signed_in": signed_in(request),
        "twin_href": twin_href(request) if twin else None,
        **extra,
    }
    response = HTMLResponse(env.get_template(template).render(**context), status_code=status)
    return response


def twin_href(request: Request) -> str:
    """The address of this page's JSON twin: the path with .json added, same query."""
    path = request.url.path.rstrip("/") or "/index"
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{path}.json{query}"


def signed_in(request: Request) -> str | None:
    """The name of the token this request carries, if it is a live one."""
    cached = getattr(request.state, "token_name", False)
    if cached is not False:
        return cached if isinstance(cached, str) else None
    token = presented_token(request)
    name = request.app.state.db.kb().token_name(token_hash(token)) if token else None
    request.state.token_name = name
    return name


def require_token(request: Request) -> str:
    """The token's name, or AuthError: 401 when none was presented, 403 when it is not a live token."""
    if presented_token(request) is None:
        raise AuthError(
            401, "this needs a token: send 'Authorization: Bearer TOKEN' (see `corridor token create`)"
        )
    name = signed_in(request)
    if name is None:
        raise AuthError(
            403, "the token given is not a live token; create one with `corridor token create NAME`"
        )
    return name


def require_writer(request: Request, csrf: str | None) -> str:
    """Who may write through the API: a bearer header alone, or the sign-in cookie only on a
    request from this site's page (same Origin and the CSRF value, as the forms send).

    Returns the token's name; AuthError 401 when no token was given, 403 when it may not write.
    """
    if bearer_token(request) is None and presented_token(request) is not None:
        if not from_this_site(request, request.app.state.config.secret, csrf):
            raise AuthError(
                403,
                "signed in by cookie, this needs the page's CSRF value and this site's origin; "
                "API clients send 'Authorization: Bearer TOKEN'",
            )
    return require_token(request)


def safe_href(url: str | None) -> str | None:
    """A link target only for http(s) URLs; anything else (javascript:, data:) is shown as text."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def keep_query(request: Request, **changes: Any) -> str:
    """The page's query string without paging, with `changes` applied (None removes), ending in '&' when not empty.

    A page links to dozens of variants of its own query (one per facet value): the query's
    parameters are encoded once per request, and each variant encodes only what it changes.
    """
    pieces: dict[str, str] | None = getattr(request.state, "query_pieces", None)
    if pieces is None:
        pieces = {
            k: urlencode({k: v}) for k, v in request.query_params.items() if k not in ("offset", "limit")
        }
        request.state.query_pieces = pieces
    if changes:
        pieces = dict(pieces)
        for key, value in changes.items():
            if value is None:
                pieces.pop(key, None)
            else:
                pieces[key] = urlencode({key: str(value)})
    return "".join(f"{piece}&" for piece in pieces.values())


class PageEnvironment(Environment):
    """Templates read page data, which is dicts: `data.name` looks the key up before any attribute.

    Jinja's default tries the attribute first and pays an exception for every dict key read.
    A dict's methods (`.items()`) stay reachable, as no page dict has a key of that name.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def templates() -> Environment:
    env = PageEnvironment(
        loader=PackageLoader("corridor.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship in the package and change only with it
    )
    env.filters["safe_href"] = safe_href
    env.filters["topic"] = topic_label
    env.globals["version"] = __version__
    env.globals["keep_query"] = keep_query
    env.globals["place"] = fragments.place
    env.globals["chairs"] = fragments.chairs
    env.globals["marked"] = fragments.marked
    env.globals["marked_text"] = fragments.marked_text
    return env


class BodyLimit:
    """Refuse request bodies over the limit with 413 before they are read, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = {**scope, "query_string": without_empty(scope.get("query_string", b""))}
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except TooLarge:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = f"request body over the {self.limit} byte limit (CORRIDOR_MAX_UPLOAD)"
        json_path = scope["path"].startswith("/api/") or scope["path"].endswith(".json")
        body = (
            JSONResponse({"error": message, "status": 413}, status_code=413)
            if json_path
            else HTMLResponse(f"<!doctype html><title>413</title><p>{message}</p>", status_code=413)
        )
        await body(scope, _empty_receive, send)


def without_empty(query: bytes) -> bytes:
    """Drop parameters with empty values: a blank form field means 'no filter', not a malformed one."""
    if b"=&" not in query + b"&":
        return query
    return b"&".join(p for p in query.split(b"&") if p.partition(b"=")[2])


class TooLarge(Exception):
    """Raised inside a request whose streamed body passed the limit."""


async def _empty_receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def create_app(config: WebConfig) -> FastAPI:
    """The whole site for one knowledge base; tests and `corridor serve` build it the same way."""
    from . import api, api_corrections, pages, review
    from .apidocs import install_api_docs

    app = FastAPI(
        lifespan=lifespan,
        title="Corridor",
        version=__version__,
        description="Meetings of bilateral cooperation mechanisms, their chairs, statements and sources.",
        docs_url=None,  # served from the package by apidocs.py, not from a CDN
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.config = config
    app.state.db = Database(config.db)
    app.state.templates = templates()
    app.state.topic_charts = TopicCharts(config.db)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    install_api_docs(app)
    app.include_router(api.router)
    app.include_router(api_corrections.router)
    app.include_router(pages.router)
    app.include_router(review.router)
    install_handlers(app)
    install_middleware(app, config)
    describe(app)
    return app


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Work on a few requests at a time (CORRIDOR_WEB_THREADS).

    Pages are Python work under one interpreter lock: dozens of threads rendering at once
    make every one of them slow, and starve the event loop that answers from the cache.
    """
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.config.threads
    yield


def describe(app: FastAPI) -> None:
    """The OpenAPI description as served: bearer tokens declared, and 400 (not 422) for bad parameters."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
        schemes["bearer"] = {"type": "http", "scheme": "bearer"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.get("responses", {}).pop("422", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_middleware(app: FastAPI, config: WebConfig) -> None:
    """Outermost first: the body limit, then the guard (tokens, headers), then the response cache."""
    from .cache import ResponseCache

    app.add_middleware(ResponseCache, db=config.db, entries=config.cache_entries)  # type: ignore[arg-type]
    app.add_middleware(Guard, config=config)  # type: ignore[arg-type]
    app.add_middleware(BodyLimit, limit=config.max_upload)  # type: ignore[arg-type]


class Guard:
    """Close reads to token holders when private; give pages a CSRF cookie and every response security headers."""

    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = request.cookies.get(CSRF_COOKIE)
        request.state.csrf = cookie or new_csrf(self.config.secret)
        extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
        csrf_cookie = f"{CSRF_COOKIE}={request.state.csrf}; HttpOnly; Path=/; SameSite=strict".encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in extra if k not in present]
                html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
                if cookie is None and html:
                    headers.append((b"set-cookie", csrf_cookie))
                message = {**message, "headers": headers}
            await send(message)

        if self.config.private and not scope["path"].startswith(OPEN_PATHS):
            import anyio

            try:
                await anyio.to_thread.run_sync(require_token, request)
            except AuthError as exc:
                response = error_response(request, exc.status, exc.message)
                if exc.status == 401:
                    response.headers["www-authenticate"] = "Bearer"
                await response(scope, receive, send_with_headers)
                return
        await self.app(scope, receive, send_with_headers)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        """400 naming the parameter, instead of the framework's 422."""
        first = exc.errors()[0] if exc.errors() else {}
        where = [str(p) for p in first.get("loc", ())]
        name = where[-1] if where else "request"
        place = {"query": "query parameter", "path": "path parameter", "body": "body field"}.get(
            where[0] if where else "", "parameter"
        )
        message = f"{place} {name!r}: {first.get('msg', 'is not valid')}"
        return error_response(request, 400, message, parameter=name)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}; the overview at / links to every page"
        response = error_response(request, exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(AuthError)
    async def auth_error(request: Request, exc: AuthError) -> Response:
        response = error_response(request, exc.status, exc.message)
        if exc.status == 401:
            response.headers["www-authenticate"] = "Bearer"
        return response

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return error_response(request, 400, exc.reason)

    @app.exception_handler(CorridorError)
    async def corridor_error(request: Request, exc: CorridorError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "internal error; the server log has the details")


def app_from_environment() -> FastAPI:
    """The app that each worker process of `corridor serve --workers N` builds from the environment."""
    return create_app(WebConfig.from_settings())
