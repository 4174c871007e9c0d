"""Anonymous GET responses kept in memory until the knowledge base file changes.

Any commit, from this server or from `corridor ingest` in another process, changes the
database or its write-ahead log on disk, so a cached page is never older than the data.
Requests carrying a token are never served from or stored in the cache.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import TOKEN_COOKIE

UNCACHED = (
    "/ingest",
    "/login",
    "/logout",
    "/static/",
    "/export",
    "/api/export",
    "/api/docs",
    "/api/documents",
)
LARGEST = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Entry:
    generation: tuple[int, ...]
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def generation(path: str) -> tuple[int, ...]:
    """Size and modification time of the database and its WAL: any commit changes one of them."""
    stamp: list[int] = []
    for name in (path, f"{path}-wal"):
        try:
            info = os.stat(name)
            stamp += [info.st_mtime_ns, info.st_size]
        except OSError:
            stamp += [0, 0]
    return tuple(stamp)


def anonymous(scope: Scope) -> bool:
    for key, value in scope["headers"]:
        if key == b"authorization" or (key == b"cookie" and TOKEN_COOKIE.encode() in value):
            return False
    return True


class ResponseCache:
    """An LRU of whole responses keyed by path and query, for reads that no token can change."""

    def __init__(self, app: ASGIApp, db: str, entries: int) -> None:
        self.app = app
        self.db = db
        self.entries = entries
        self.store: OrderedDict[tuple[str, bytes], Entry] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.cacheable(scope):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        stamp = generation(self.db)
        entry = self.store.get(key)
        if entry is not None and entry.generation == stamp:
            self.store.move_to_end(key)
            await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
            await send({"type": "http.response.body", "body": entry.body})
            return
        await self.app(scope, receive, self.recorder(key, stamp, send))

    def cacheable(self, scope: Scope) -> bool:
        return (
            self.entries > 0
            and scope["type"] == "http"
            and scope["method"] == "GET"
            and not scope["path"].startswith(UNCACHED)
            and anonymous(scope)
        )

    def recorder(self, key: tuple[str, bytes], stamp: tuple[int, ...], send: Send) -> Send:
        """Pass the response on, keeping a copy of a whole 200 response that is not too large."""
        start: dict[str, object] = {}
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and start.get("status") == 200:
                chunks.append(message.get("body", b""))
                size = sum(map(len, chunks))
                if not message.get("more_body") and size <= LARGEST:
                    headers: list[tuple[bytes, bytes]] = list(start.get("headers") or [])  # type: ignore[call-overload]
                    self.keep(key, Entry(stamp, 200, headers, b"".join(chunks)))
            await send(message)

        return record

    def keep(self, key: tuple[str, bytes], entry: Entry) -> None:
        self.store[key] = entry
        self.store.move_to_end(key)
        while len(self.store) > self.entries:
            self.store.popitem(last=False)
