"""Anonymous reads are answered from memory until the knowledge base file changes; token holders never are."""

from __future__ import annotations

import asyncio
from pathlib import Path

from corridor.kb import open_db
from corridor.web.cache import ResponseCache


class Counting:
    """An ASGI app that answers 200 with how many times it has been called."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        self.calls += 1
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": str(self.calls).encode()})


def get(app: ResponseCache, path: str = "/meetings", headers: list | None = None) -> bytes:
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": headers or []}
    asyncio.run(app(scope, receive, send))
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_cache_serves_repeats_until_the_base_changes(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    open_db(db).close()
    inner = Counting()
    app = ResponseCache(inner, db=db, entries=10)
    assert get(app) == b"1" and get(app) == b"1" and inner.calls == 1
    with open_db(db) as kb:
        kb.create_token("x", "hash")
    assert get(app) == b"2"


def test_cache_never_serves_token_holders_or_writes(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    open_db(db).close()
    inner = Counting()
    app = ResponseCache(inner, db=db, entries=10)
    get(app)
    assert get(app, headers=[(b"authorization", b"Bearer t")]) == b"2"
    assert get(app, headers=[(b"cookie", b"corridor_token=t")]) == b"3"
    assert get(app, path="/ingest") == b"4" and get(app, path="/ingest") == b"5"


def test_cache_keeps_at_most_its_number_of_entries(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    open_db(db).close()
    app = ResponseCache(Counting(), db=db, entries=2)
    for path in ("/a", "/b", "/c"):
        get(app, path)
    assert list(app.store) == [("/b", b""), ("/c", b"")]
