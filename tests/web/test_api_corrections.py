"""The corrections API: chairs, meeting splits, merges and moves, people and mechanism merges,
splits and renames, and undo; each write signed with the token's name and its reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corridor.kb import open_db
from corridor.model import Document, Engagement, Participant, Span

from .test_api import bearer
from .test_security import signed_in

JCC = "CPEC Joint Cooperation Committee"
NEPAL = "India-Nepal Joint Commission"
IGC = "Pakistan-Uzbekistan Inter-Governmental Commission"


def mechanism(client: TestClient, name: str) -> int:
    return next(m["id"] for m in client.get("/api/mechanisms").json()["mechanisms"] if m["name"] == name)


def meeting_of(client: TestClient, name: str) -> int:
    return int(client.get(f"/api/mechanisms/{mechanism(client, name)}").json()["rounds"][0]["id"])


def person(client: TestClient, name: str) -> int:
    found = client.get(f"/api/meetings/{meeting_of(client, NEPAL)}").json()["meeting"]["chairs"]
    found += client.get(f"/api/meetings/{meeting_of(client, JCC)}").json()["meeting"]["chairs"]
    return int(next(c["person"] for c in found if c["name"] == name))


def post(client: TestClient, token: str, path: str, body: dict[str, Any]) -> Any:
    response = client.post(path, json={"why": "the ministry's readout", **body}, headers=bearer(token))
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_api_corrections_chair_edit_is_signed_with_the_token_and_its_reason(
    client: TestClient, token_secret: str
) -> None:
    meeting = meeting_of(client, JCC)
    body = {"change": "edit", "person": "Khalid Rasheed", "title": "Federal Secretary"}
    done = post(client, token_secret, f"/api/meetings/{meeting}/chairs", body)
    shown = next(c for c in done["meeting"]["chairs"] if c["name"] == "Khalid Rasheed")
    assert shown["title"] == "Federal Secretary"
    correction = done["correction"]
    assert (correction["action"], correction["author"], correction["reason"]) == (
        "chair-edit",
        "tester",
        "the ministry's readout",
    )
    assert correction["undoable"]


def test_api_corrections_chairs_are_added_and_removed(client: TestClient, token_secret: str) -> None:
    meeting = meeting_of(client, JCC)
    path = f"/api/meetings/{meeting}/chairs"
    body = {"change": "add", "person": "Ahsan Iqbal", "title": "Minister", "side": "Pakistan"}
    added = post(client, token_secret, path, body)["meeting"]["chairs"]
    assert ("Ahsan Iqbal", "Minister", "Pakistan") in [(c["name"], c["title"], c["country"]) for c in added]
    removed = post(client, token_secret, path, {"change": "remove", "person": "Lin Haoran"})["meeting"][
        "chairs"
    ]
    assert sorted(c["name"] for c in removed) == ["Ahsan Iqbal", "Khalid Rasheed"]


def test_api_corrections_meeting_split_then_merge(client: TestClient, token_secret: str) -> None:
    meeting = meeting_of(client, JCC)
    response = client.post(
        f"/api/meetings/{meeting}/split",
        json={"documents": ["jcc-14th-b.txt"], "why": "two sittings"},
        headers=bearer(token_secret),
    )
    assert response.status_code == 201, response.text
    new = response.json()["meeting"]
    assert new["id"] != meeting and new["sources"] == ["jcc-14th-b.txt"]
    merged = post(client, token_secret, f"/api/meetings/{meeting}/merge", {"other": new["id"]})["meeting"]
    assert sorted(merged["sources"]) == ["jcc-14th-a.txt", "jcc-14th-b.txt"]
    assert client.get(f"/api/meetings/{new['id']}").status_code == 404


def test_api_corrections_move_a_meeting_to_another_mechanism(client: TestClient, token_secret: str) -> None:
    meeting = meeting_of(client, JCC)
    moved = post(client, token_secret, f"/api/meetings/{meeting}/move", {"mechanism": NEPAL})
    assert moved["meeting"]["mechanism"]["name"] == NEPAL
    assert moved["correction"]["value"]["from"] == mechanism(client, JCC)


def snapshot(client: TestClient) -> list[Any]:
    """What the API shows of every meeting, mechanism and person."""
    meetings = client.get("/api/meetings?limit=100").json()["items"]
    shown = [client.get(f"/api/meetings/{m['id']}").json()["meeting"] for m in meetings]
    mechanisms = client.get("/api/mechanisms").json()["mechanisms"]
    people = sorted({c["person"] for m in shown for c in m["chairs"]})
    return [
        [{k: v for k, v in m.items() if k != "corrections"} for m in shown],
        [
            [{k: v for k, v in r.items() if k != "corrections"} for r in rounds]
            for rounds in (client.get(f"/api/mechanisms/{k['id']}").json()["rounds"] for k in mechanisms)
        ],
        [client.get(f"/api/people/{p}").json()["offices"] for p in people],
    ]


CHANGES: dict[str, Callable[[TestClient], tuple[str, dict[str, Any]]]] = {
    "person merge": lambda c: (
        f"/api/people/{person(c, 'Rajiv Menon')}/merge",
        {"other": str(person(c, "Bimala Adhikari"))},
    ),
    "person split": lambda c: (
        f"/api/people/{person(c, 'Khalid Rasheed')}/split",
        {"meetings": [meeting_of(c, JCC)]},
    ),
    "mechanism merge": lambda c: (f"/api/mechanisms/{mechanism(c, JCC)}/merge", {"other": NEPAL}),
    "mechanism split": lambda c: (
        f"/api/mechanisms/{mechanism(c, IGC)}/split",
        {"name": "Uzbek Commission", "meetings": [meeting_of(c, IGC)]},
    ),
    "mechanism rename": lambda c: (f"/api/mechanisms/{mechanism(c, IGC)}/rename", {"name": "IGC"}),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_api_corrections_people_and_mechanisms_change_and_undo_restores_them(
    client: TestClient, token_secret: str, change: Callable[[TestClient], tuple[str, dict[str, Any]]]
) -> None:
    before = snapshot(client)
    path, body = change(client)
    done = post(client, token_secret, path, body)["correction"]
    assert snapshot(client) != before and done["undoable"]
    undone = post(client, token_secret, f"/api/corrections/{done['id']}/undo", {"why": "wrong"})
    assert undone["undone"]["undone_by"] == undone["correction"]["id"]
    assert (undone["correction"]["action"], undone["correction"]["author"]) == ("undo", "tester")
    assert snapshot(client) == before
    listed = client.get(f"/api/corrections?target={done['target']}&target_id={done['target_id']}").json()
    assert [c["id"] for c in listed["corrections"] if not c["undoable"]][:1] == [done["id"]]


def test_api_corrections_refusals_are_400_and_say_why(client: TestClient, token_secret: str) -> None:
    meeting = meeting_of(client, JCC)
    cases = [
        (f"/api/meetings/{meeting}/chairs", {"change": "remove", "person": "Nobody"}, "not one chair"),
        (f"/api/meetings/{meeting}/merge", {"other": meeting}, "one meeting already"),
        (f"/api/mechanisms/{mechanism(client, JCC)}/merge", {"other": JCC}, "same mechanism"),
        ("/api/corrections/99/undo", {}, "no correction with id 99"),
    ]
    for path, body, error in cases:
        response = client.post(path, json={"why": "x", **body}, headers=bearer(token_secret))
        assert response.status_code in (400, 404) and error in response.json()["error"], (path, response.text)
    unreasoned = client.post(
        f"/api/meetings/{meeting}/merge", json={"other": 1}, headers=bearer(token_secret)
    )
    assert unreasoned.status_code == 400 and unreasoned.json()["parameter"] == "why"


WRITES = [
    "/api/meetings/1/chairs",
    "/api/meetings/1/split",
    "/api/meetings/1/merge",
    "/api/meetings/1/move",
    "/api/people/1/merge",
    "/api/people/1/split",
    "/api/mechanisms/1/merge",
    "/api/mechanisms/1/split",
    "/api/mechanisms/1/rename",
    "/api/corrections/1/undo",
]


@pytest.mark.parametrize("path", WRITES)
def test_api_corrections_need_a_token_or_the_cookie_with_csrf_and_origin(
    client: TestClient, token_secret: str, path: str
) -> None:
    assert client.post(path, json={"why": "x"}).status_code == 401
    csrf = signed_in(client, token_secret)
    cookie_only = client.post(path, json={"why": "x"}, headers={"Origin": "http://evil.example"})
    assert cookie_only.status_code == 403
    forged = client.post(
        path, json={"why": "x"}, headers={"Origin": "http://evil.example", "x-csrf-token": csrf}
    )
    assert forged.status_code == 403
    assert client.get("/api/corrections").json()["corrections"] == []


def test_api_corrections_with_the_cookie_from_this_site(client: TestClient, token_secret: str) -> None:
    csrf = signed_in(client, token_secret)
    path = f"/api/mechanisms/{mechanism(client, IGC)}/rename"
    headers = {"Origin": str(client.base_url), "x-csrf-token": csrf}
    response = client.post(path, json={"name": "IGC", "why": "short"}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["correction"]["author"] == "tester"


def test_api_corrections_are_described_in_the_api_docs(read_client: TestClient) -> None:
    spec = read_client.get("/openapi.json").json()
    paths, schemas = spec["paths"], spec["components"]["schemas"]
    for path in WRITES:
        for name in ("meeting_id", "person_id", "mechanism_id", "correction_id"):
            templated = path.replace("/1/", "/{" + name + "}/")
            if templated in paths:
                break
        operation = paths[templated]["post"]
        assert operation["summary"] and operation["security"] == [{"bearer": []}], path
        body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert "why" in schemas[body]["required"], path
    assert "get" in paths["/api/corrections"]


def test_api_corrections_deeply_nested_json_body_gives_400(client: TestClient, token_secret: str) -> None:
    nested = "[" * 20_000 + "]" * 20_000
    headers = {**bearer(token_secret), "Content-Type": "application/json"}
    response = client.post("/api/people/1/merge", content=nested, headers=headers)
    assert response.status_code == 400 and response.json()["error"]


def test_api_corrections_engagement_set_reject_history_and_undo(
    client: TestClient, token_secret: str, kb_path: Path
) -> None:
    kb = open_db(str(kb_path))
    report = Document(text="An invented report of a call.", source="call", published=date(2024, 5, 2))
    people = [
        Participant("Ana Soto", "Foreign Minister", "Chile"),
        Participant("Luis Paz", "President", "Peru"),
    ]
    report.engagements = [Engagement("call", "held", Span(0, 5), people, date="2024-05-01")]
    kb.store_document(report)
    first = kb.list_engagements(person="Ana Soto")[0]
    kb.close()
    path = f"/api/engagements/{first['id']}"
    done = post(
        client, token_secret, f"{path}/review", {"action": "set", "field": "mode", "value": "virtual"}
    )
    assert done["mode"] == "virtual"
    assert (done["correction"]["action"], done["correction"]["author"]) == ("set", "tester")
    post(client, token_secret, f"{path}/review", {"action": "reject"})
    assert client.get(path).json()["rejected"] is True
    history = client.get(f"{path}/corrections").json()["corrections"]
    assert [c["action"] for c in history] == ["set", "reject"]
    post(client, token_secret, f"/api/engagement-corrections/{history[1]['id']}/undo", {})
    assert client.get(path).json()["rejected"] is False
    refused = client.post(
        f"{path}/review",
        json={"action": "set", "field": "kind", "value": "lunch", "why": "x"},
        headers=bearer(token_secret),
    )
    assert refused.status_code == 400
