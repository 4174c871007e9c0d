"""Stored markup stays text, SQL-looking input stays text, and forms only work from this site with a token."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from .articles import PASTED


def hostile_ids(client: TestClient) -> dict[str, object]:
    mechanism = next(
        m for m in client.get("/mechanisms.json").json()["mechanisms"] if m["name"].startswith("Hostile")
    )
    meeting = client.get(f"/mechanisms/{mechanism['id']}.json").json()["rounds"][0]
    return {
        "mechanism": mechanism["id"],
        "meeting": meeting["id"],
        "person": meeting["chairs"][0]["person"],
        "document": meeting["documents"][0],
    }


def hostile_pages(client: TestClient) -> list[str]:
    ids = hostile_ids(client)
    return [
        "/",
        "/mechanisms",
        f"/mechanisms/{ids['mechanism']}",
        f"/mechanisms/{ids['mechanism']}/brief",
        "/meetings",
        f"/meetings/{ids['meeting']}",
        f"/people/{ids['person']}",
        f"/documents/{ids['document']}",
        "/search?q=talks",
        "/search?q=talks&scope=statements",
        "/search?q=alert",
        "/framework",
    ]


def test_security_markup_in_every_field_renders_as_inert_text(read_client: TestClient) -> None:
    for path in hostile_pages(read_client):
        page = read_client.get(path)
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text, path
        assert "<img src=x" not in page.text, path
        assert not re.search(r"""href=["']?\s*javascript:""", page.text, re.I), path
        text = re.sub(r'</?mark(?: class="m-match")?>', "", page.text)  # search marks split the words
        assert not re.search(r"\son\w+=", text.replace("onerror=alert", "")), path
    document = read_client.get(f"/documents/{hostile_ids(read_client)['document']}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in document
    assert "javascript:alert(3)" in document  # shown as text, not as a link


def test_security_pages_send_a_strict_content_security_policy(read_client: TestClient) -> None:
    headers = read_client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    brief = read_client.get(f"/mechanisms/{hostile_ids(read_client)['mechanism']}/brief").headers
    assert (
        "script-src" not in brief["content-security-policy"]
        and "default-src 'none'" in brief["content-security-policy"]
    )


def test_security_exports_keep_markup_out_of_formulas_and_xml(read_client: TestClient) -> None:
    graph = read_client.get("/export/graphml").text
    assert "<script>" not in graph and "&lt;script&gt;" in graph
    ics = read_client.get("/export/ics").text
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


SQLISH = [
    "' OR 1=1 --",
    '"; DROP TABLE meetings; --',
    "1) UNION SELECT * FROM api_tokens --",
    "%' --",
    'NEAR("a" "b")',
    "*",
]


@pytest.mark.parametrize("value", SQLISH)
@pytest.mark.parametrize("name", ["country", "q", "topic"])
def test_security_sql_looking_filters_are_just_text(read_client: TestClient, name: str, value: str) -> None:
    path = "/api/meetings" if name == "country" else "/api/search"
    before = read_client.get("/api/meetings").json()["total"]
    response = read_client.get(path, params={name: value})
    assert response.status_code == 200, response.text
    assert response.json()["total"] == 0 or name == "q"
    assert read_client.get("/api/meetings").json()["total"] == before == 6


@pytest.mark.parametrize("name", ["mechanism", "year", "limit", "offset"])
def test_security_sql_looking_numbers_are_refused_by_name(read_client: TestClient, name: str) -> None:
    response = read_client.get("/api/search", params={name: "1 OR 1=1"})
    assert response.status_code == 400 and response.json()["parameter"] == name


def csrf_of(client: TestClient, path: str = "/ingest") -> str:
    page = client.get(path).text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_security_browser_login_then_paste_ingests(client: TestClient, token_secret: str) -> None:
    login = client.post(
        "/login", data={"csrf": csrf_of(client, "/login"), "token": token_secret}, follow_redirects=False
    )
    assert login.status_code == 303
    response = client.post("/ingest", data={"csrf": csrf_of(client), "text": PASTED}, follow_redirects=True)
    assert response.status_code == 200 and 'id="ingested"' in response.text
    assert "Inter-Governmental Commission" in response.text


def test_security_form_without_csrf_field_is_refused(client: TestClient, token_secret: str) -> None:
    client.post("/login", data={"csrf": csrf_of(client, "/login"), "token": token_secret})
    response = client.post("/ingest", data={"text": PASTED})
    assert response.status_code == 403
    forged = client.post("/ingest", data={"csrf": "abc.def", "text": PASTED})
    assert forged.status_code == 403


def test_security_form_from_another_origin_is_refused(client: TestClient, token_secret: str) -> None:
    client.post("/login", data={"csrf": csrf_of(client, "/login"), "token": token_secret})
    response = client.post(
        "/ingest", data={"csrf": csrf_of(client), "text": PASTED}, headers={"Origin": "http://evil.example"}
    )
    assert response.status_code == 403


def test_security_form_without_token_is_refused(client: TestClient) -> None:
    response = client.post("/ingest", data={"csrf": csrf_of(client), "text": PASTED})
    assert response.status_code == 401
    assert client.get("/search.json?q=cotton").json()["total"] == 0


def test_security_login_with_a_wrong_token_is_refused(client: TestClient) -> None:
    response = client.post(
        "/login", data={"csrf": csrf_of(client, "/login"), "token": "guess"}, follow_redirects=False
    )
    assert response.status_code == 403 and "corridor_token" not in response.headers.get("set-cookie", "")


def test_security_review_form_needs_csrf_and_a_token(client: TestClient, token_secret: str) -> None:
    meeting = client.get("/api/meetings?country=Nepal").json()["items"][0]["id"]
    form = {"action": "set", "field": "city", "value": "Pokhara", "why": "release"}
    assert (
        client.post(f"/meetings/{meeting}/review", data={**form, "csrf": csrf_of(client)}).status_code == 401
    )
    client.post("/login", data={"csrf": csrf_of(client, "/login"), "token": token_secret})
    assert client.post(f"/meetings/{meeting}/review", data=form).status_code == 403
    done = client.post(
        f"/meetings/{meeting}/review", data={**form, "csrf": csrf_of(client)}, follow_redirects=True
    )
    assert done.status_code == 200 and 'id="reviewed"' in done.text
    assert client.get(f"/meetings/{meeting}.json").json()["meeting"]["city"] == "Pokhara"


def signed_in(client: TestClient, token_secret: str) -> str:
    """Sign in through the login form; the page's CSRF value, as the site's own pages echo it."""
    client.post("/login", data={"csrf": csrf_of(client, "/login"), "token": token_secret})
    return csrf_of(client)


def stored_count(client: TestClient) -> int:
    return int(client.get("/index.json").json()["counts"]["documents"])


@pytest.mark.parametrize(
    ("send", "origin"),
    [
        ("multipart", "http://evil.example"),
        ("multipart", None),
        ("json", "http://evil.example"),
        ("json", None),
    ],
)
def test_security_api_write_with_the_cookie_alone_is_refused(
    client: TestClient, token_secret: str, send: str, origin: str | None
) -> None:
    signed_in(client, token_secret)
    before = stored_count(client)
    headers = {"Origin": origin} if origin else {}
    if send == "multipart":
        response = client.post("/api/documents", files={"text": (None, PASTED)}, headers=headers)
    else:
        response = client.post("/api/documents", json={"text": PASTED}, headers=headers)
    assert response.status_code == 403, response.text
    assert "Bearer" in response.json()["error"]
    assert stored_count(client) == before


def test_security_api_write_with_the_cookie_needs_this_sites_csrf_and_origin(
    client: TestClient, token_secret: str
) -> None:
    csrf = signed_in(client, token_secret)
    evil = {"Origin": "http://evil.example", "X-CSRF-Token": csrf}
    assert client.post("/api/documents", json={"text": PASTED}, headers=evil).status_code == 403
    forged = {"X-CSRF-Token": "abc.def"}
    assert client.post("/api/documents", json={"text": PASTED}, headers=forged).status_code == 403
    by_header = client.post("/api/documents", json={"text": PASTED}, headers={"X-CSRF-Token": csrf})
    assert by_header.status_code == 201, by_header.text
    by_field = client.post("/api/documents", files={"text": (None, PASTED + " Again."), "csrf": (None, csrf)})
    assert by_field.status_code == 201, by_field.text


def test_security_api_review_with_the_cookie_alone_is_refused(client: TestClient, token_secret: str) -> None:
    csrf = signed_in(client, token_secret)
    meeting = client.get("/api/meetings?country=Nepal").json()["items"][0]["id"]
    body = {"action": "set", "field": "city", "value": "Pokhara", "why": "release"}
    refused = client.post(
        f"/api/meetings/{meeting}/review", json=body, headers={"Origin": "http://evil.example"}
    )
    assert refused.status_code == 403
    assert client.get(f"/api/meetings/{meeting}").json()["meeting"]["city"] != "Pokhara"
    done = client.post(f"/api/meetings/{meeting}/review", json=body, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200 and done.json()["meeting"]["city"] == "Pokhara"


def test_security_api_write_with_a_bearer_header_needs_no_csrf(client: TestClient, token_secret: str) -> None:
    headers = {"Authorization": f"Bearer {token_secret}", "Origin": "http://elsewhere.example"}
    assert client.post("/api/documents", json={"text": PASTED}, headers=headers).status_code == 201


def test_security_browser_upload_of_a_page_stores_its_text_not_its_markup(
    client: TestClient, token_secret: str
) -> None:
    from tests.sources.conftest import ENERGY, html_page

    csrf = signed_in(client, token_secret)
    page = html_page(ENERGY).encode()
    response = client.post(
        "/ingest",
        data={"csrf": csrf},
        files={"file": ("talks.html", page, "text/html")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    document = response.headers["location"].split("/documents/")[1].split("?")[0]
    text = client.get(f"/documents/{document}.json").json()["document"]["text"]
    assert "LAHORE, 4 March 2024" in text and "<" not in text and "cookies" not in text
