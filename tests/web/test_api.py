"""The JSON API: listings, errors that name the bad parameter, writes behind tokens, limits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corridor.model import Document
from corridor.sources.reading import read_inputs
from tests.sources.conftest import ENERGY, TRADE, html_page, pdf_bytes, plain, zip_bytes

from .articles import PASTED


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_meetings_paginate_with_stable_ids(read_client: TestClient) -> None:
    page = read_client.get("/api/meetings?limit=3").json()
    assert page["limit"] == 3 and len(page["items"]) == 3 and page["next_offset"] == 3
    again = read_client.get("/api/meetings?limit=3").json()
    assert [m["id"] for m in page["items"]] == [m["id"] for m in again["items"]]
    one = read_client.get(f"/api/meetings/{page['items'][0]['id']}").json()
    assert one["meeting"]["id"] == page["items"][0]["id"]


def test_api_filters_match_the_pages(read_client: TestClient) -> None:
    for query in ("country=Nepal", "status=held&year=2024", "since=2025-01&until=2025-06", "sort=mechanism"):
        api = read_client.get(f"/api/meetings?{query}").json()
        page = read_client.get(f"/meetings.json?{query}").json()  # the table adds its facets
        assert api == {name: page[name] for name in api}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("offset=-1", "offset"),
        ("year=20x4", "year"),
        ("since=yesterday", "since"),
        ("since=2025-02-30", "since"),
        ("since=2025-13-45", "since"),
        ("until=2025-13", "until"),
        ("until=2024-04-31", "until"),
        ("status=cancelled", "status"),
        ("mechanism=99999999999999999999999", "mechanism"),
    ],
)
def test_api_malformed_parameters_give_400_naming_them(
    read_client: TestClient, query: str, parameter: str
) -> None:
    response = read_client.get(f"/api/meetings?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter and parameter in response.json()["error"]


@pytest.mark.parametrize("query", ["limit=many", "since=2025-02-30", "until=2025-13-45"])
def test_api_malformed_parameter_on_a_page_gives_400_page(read_client: TestClient, query: str) -> None:
    response = read_client.get(f"/meetings?{query}")
    name = query.split("=")[0]
    assert response.status_code == 400 and name in response.text and "<!doctype html>" in response.text
    assert read_client.get(f"/meetings.json?{query}").json()["parameter"] == name


@pytest.mark.parametrize("path", ["/api/documents", "/api/meetings/1/review"])
def test_api_deeply_nested_json_body_gives_400(client: TestClient, token_secret: str, path: str) -> None:
    nested = "[" * 20_000 + "]" * 20_000  # far past the parser's recursion, within the 64 KB body limit
    headers = {**bearer(token_secret), "Content-Type": "application/json"}
    response = client.post(path, content=nested, headers=headers)
    assert response.status_code == 400 and response.json()["error"]


def test_api_ingest_with_token_stores_and_shows_the_article(client: TestClient, token_secret: str) -> None:
    before = client.get("/api/meetings").json()["total"]
    response = client.post(
        "/api/documents", json={"text": PASTED, "title": "IGC 6th"}, headers=bearer(token_secret)
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "stored" and len(body["meetings"]) == 1
    meeting = client.get(f"/api/meetings/{body['meetings'][0]}").json()["meeting"]
    assert (meeting["ordinal"], meeting["date"]) == (6, "2026-07-02")
    assert client.get("/api/meetings").json()["total"] == before + 1
    again = client.post("/api/documents", json={"text": PASTED}, headers=bearer(token_secret))
    assert again.status_code == 200 and again.json()["status"] == "unchanged"


def test_api_ingest_accepts_a_multipart_upload(client: TestClient, token_secret: str) -> None:
    files = {"file": ("igc.txt", PASTED.encode(), "text/plain")}
    response = client.post("/api/documents", files=files, headers=bearer(token_secret))
    assert response.status_code == 201 and response.json()["document"]
    binary = client.post(
        "/api/documents", files={"file": ("x.bin", b"\x00\x01\x02" * 10)}, headers=bearer(token_secret)
    )
    assert binary.status_code == 400 and "binary" in binary.json()["error"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer not-a-token"}, 403), ({"Authorization": "Basic abc"}, 401)],
)
def test_api_writes_without_a_valid_token_are_refused(client: TestClient, headers: dict, status: int) -> None:
    response = client.post("/api/documents", json={"text": PASTED}, headers=headers)
    assert response.status_code == status
    assert client.get("/api/search?q=cotton").json()["total"] == 0


def test_api_revoked_token_is_refused(client: TestClient, kb_path, token_secret: str) -> None:
    from corridor.kb import open_db

    with open_db(str(kb_path)) as kb:
        kb.revoke_token("tester")
    assert (
        client.post("/api/documents", json={"text": PASTED}, headers=bearer(token_secret)).status_code == 403
    )


@pytest.mark.parametrize(
    "body", [{"text": ""}, {"title": "no text"}, {"text": PASTED, "published": "July"}, {"text": 5}]
)
def test_api_ingest_rejects_malformed_bodies(client: TestClient, token_secret: str, body: dict) -> None:
    response = client.post("/api/documents", json=body, headers=bearer(token_secret))
    assert response.status_code == 400 and response.json()["error"]


def test_api_oversized_upload_gives_413_and_the_server_keeps_serving(
    client: TestClient, token_secret: str
) -> None:
    big = "word " * 20_000  # 100 KB against the 64 KB limit of the test app
    response = client.post("/api/documents", json={"text": big}, headers=bearer(token_secret))
    assert response.status_code == 413

    def chunks():
        for _ in range(40):
            yield b"x" * 4096

    streamed = client.post(
        "/api/documents",
        content=chunks(),
        headers={**bearer(token_secret), "content-type": "application/json"},
    )
    assert streamed.status_code == 413
    assert client.get("/api/meetings").status_code == 200


def test_api_openapi_describes_the_api(read_client: TestClient) -> None:
    spec = read_client.get("/openapi.json").json()
    for path in (
        "/api/meetings",
        "/api/meetings/{meeting_id}",
        "/api/documents",
        "/api/search",
        "/api/mechanisms/{mechanism_id}",
    ):
        assert path in spec["paths"]
    assert "bearer" in spec["components"]["securitySchemes"]
    assert not any(p.endswith(".json") for p in spec["paths"])


def test_api_private_mode_closes_reads_to_token_holders(kb_path, token_secret: str) -> None:
    from corridor.web import WebConfig, create_app

    app = create_app(WebConfig(db=str(kb_path), private=True, secret="s"))
    with TestClient(app) as c:
        assert c.get("/api/meetings").status_code == 401
        assert c.get("/meetings").status_code == 401
        assert c.get("/api/meetings", headers=bearer("wrong")).status_code == 403
        assert c.get("/api/meetings", headers=bearer(token_secret)).status_code == 200
        assert c.get("/login").status_code == 200


def test_api_review_corrects_a_field_with_a_token(client: TestClient, token_secret: str) -> None:
    meeting = client.get("/api/meetings?country=Nepal").json()["items"][0]
    body = {"action": "set", "field": "city", "value": "Pokhara", "why": "ministry release"}
    assert client.post(f"/api/meetings/{meeting['id']}/review", json=body).status_code == 401
    response = client.post(f"/api/meetings/{meeting['id']}/review", json=body, headers=bearer(token_secret))
    assert response.status_code == 200, response.text
    assert client.get(f"/api/meetings/{meeting['id']}").json()["meeting"]["city"] == "Pokhara"
    bad = client.post(
        f"/api/meetings/{meeting['id']}/review",
        json={**body, "field": "date", "value": "soon"},
        headers=bearer(token_secret),
    )
    assert bad.status_code == 400 and "not a date" in bad.json()["error"]
    rejected = {"action": "reject", "why": "not a meeting"}
    client.post(f"/api/meetings/{meeting['id']}/review", json=rejected, headers=bearer(token_secret))
    assert client.get("/api/meetings?country=Nepal").json()["total"] == 0


def test_api_meetings_listing_reads_as_the_meeting_objects_do(
    client: TestClient, token_secret: str, kb_path: Path
) -> None:
    """The API writes its listing from stored JSON; corrected or unsummarised meetings take the long way."""
    import sqlite3

    def listings() -> tuple[list[dict], list[dict]]:
        api = client.get("/api/meetings?limit=500&sort=mechanism").json()["items"]
        return api, client.get("/meetings.json?limit=500&sort=mechanism").json()["items"]

    api, objects = listings()
    assert len(api) >= 6 and api == objects
    first, second = objects[0]["id"], objects[1]["id"]
    body = {"action": "set", "field": "city", "value": "Pokhara", "why": "ministry release"}
    client.post(f"/api/meetings/{first}/review", json=body, headers=bearer(token_secret))
    with sqlite3.connect(kb_path) as conn:
        conn.execute("DELETE FROM meeting_summaries WHERE meeting_id = ?", (second,))
    api, objects = listings()
    assert api == objects and objects[0]["corrections"] and objects[0]["city"] == "Pokhara"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (b"year=&country=Nepal", b"country=Nepal"),
        (b"q=a%3D&year=", b"q=a%3D"),
        (b"q=x=", b"q=x="),
        (b"limit=5", b"limit=5"),
    ],
)
def test_api_blank_parameters_mean_no_filter(given: bytes, kept: bytes) -> None:
    from corridor.web.app import without_empty

    assert without_empty(given) == kept


UPLOADS: dict[str, Callable[[], bytes]] = {
    "page.html": lambda: html_page(ENERGY).encode(),
    "report.pdf": lambda: pdf_bytes([" ".join(ENERGY)]),
    "batch.zip": lambda: zip_bytes({"a.txt": plain(ENERGY).encode(), "b.html": html_page(TRADE).encode()}),
    "batch.jsonl": lambda: "".join(
        json.dumps({"text": plain(p), "title": f"T{i}"}) + "\n" for i, p in enumerate((ENERGY, TRADE))
    ).encode(),
}


@pytest.mark.parametrize("name", UPLOADS)
def test_api_upload_is_read_as_ingest_reads_the_file(
    client: TestClient, token_secret: str, tmp_path: Path, name: str
) -> None:
    data = UPLOADS[name]()
    path = tmp_path / name
    path.write_bytes(data)
    read = list(read_inputs([str(path)]))
    assert read and all(isinstance(d, Document) for d in read)
    response = client.post("/api/documents", files={"file": (name, data)}, headers=bearer(token_secret))
    assert response.status_code == 201, response.text
    stored = [
        client.get(f"/api/documents/{d['document']}").json()["document"] for d in response.json()["documents"]
    ]
    assert [d["text"] for d in stored] == [d.text for d in read if isinstance(d, Document)]
    assert [d["title"] for d in stored] == [d.title for d in read if isinstance(d, Document)]
    assert not any("<p>" in d["text"] for d in stored)


def test_api_docs_page_loads_only_files_this_server_serves(read_client: TestClient) -> None:
    import re

    page = read_client.get("/api/docs")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text), "an inline script"
    loaded = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert loaded and all(url.startswith("/") for url in loaded)
    for url in loaded:
        assert read_client.get(url).status_code == 200, url
