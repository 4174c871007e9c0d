"""The review queue and the correcting forms, through the app: signed in, CSRF-checked, with history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corridor.kb import open_db
from corridor.kb.review import review_items

from .test_security import csrf_of, signed_in

JCC_14 = "CPEC Joint Cooperation Committee"


def jcc_meeting(client: TestClient) -> int:
    items = client.get("/meetings.json").json()["items"]
    return next(int(m["id"]) for m in items if m["mechanism"]["name"] == JCC_14)


def test_review_queue_needs_a_token(client: TestClient) -> None:
    assert client.get("/review").status_code == 401
    assert client.get("/review.json").json()["status"] == 401


def test_review_queue_lists_what_corridor_review_lists_with_evidence(
    client: TestClient, kb_path: Path, token_secret: str
) -> None:
    signed_in(client, token_secret)
    data = client.get("/review.json").json()
    with open_db(str(kb_path)) as kb:
        expected = [(i.meeting["id"], i.field, i.kind) for i in review_items(kb)]
    assert [(i["meeting"], i["field"], i["kind"]) for i in data["items"]] == expected
    city = next(i for i in data["items"] if i["field"] == "city")
    assert {c["value"] for c in city["choices"]} == {"Islamabad", "Beijing"}
    assert all(s["quote"] for c in city["choices"] for s in c["sources"])  # each value with its words
    page = client.get("/review").text
    assert page.count('class="item"') == len(expected) and "<script" not in page


def test_review_choose_a_value_from_the_queue_records_who_and_why(
    client: TestClient, token_secret: str
) -> None:
    csrf = signed_in(client, token_secret)
    meeting = jcc_meeting(client)
    form = {
        "csrf": csrf,
        "action": "set",
        "field": "city",
        "value": "Beijing",
        "why": "the ministry",
        "back": "/review",
    }
    done = client.post(f"/meetings/{meeting}/review", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/review"
    assert [i["field"] for i in client.get("/review.json").json()["items"]].count("city") == 0
    [recent] = client.get("/review.json").json()["recent"]
    assert (recent["action"], recent["field"], recent["value"], recent["author"], recent["reason"]) == (
        "set", "city", "Beijing", "tester", "the ministry",
    )  # fmt: skip


def test_review_form_goes_back_only_to_this_site(client: TestClient, token_secret: str) -> None:
    csrf = signed_in(client, token_secret)
    meeting = jcc_meeting(client)
    form = {"csrf": csrf, "action": "confirm", "field": "date", "back": "//evil.example/x"}
    done = client.post(f"/meetings/{meeting}/review", data=form, follow_redirects=False)
    assert done.headers["location"] == f"/meetings/{meeting}?reviewed=confirm"


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/meetings/{m}/chairs", {"change": "remove", "person": "Khalid Rasheed"}),
        ("/meetings/{m}/split", {"document": "jcc-14th-b.txt"}),
        ("/meetings/{m}/merge", {"other": "1"}),
        ("/corrections/1/undo", {}),
        ("/people/1/merge", {"other": "2"}),
        ("/people/1/split", {"country": "Pakistan"}),
        ("/mechanisms/1/merge", {"other": "2"}),
        ("/mechanisms/1/split", {"name": "New", "meeting": "1"}),
    ],
)
def test_review_forms_need_csrf_same_origin_and_a_token(
    client: TestClient, token_secret: str, path: str, form: dict[str, str]
) -> None:
    meeting = jcc_meeting(client)
    target = path.format(m=meeting)
    assert client.post(target, data={**form, "csrf": csrf_of(client)}).status_code == 401  # no token
    csrf = signed_in(client, token_secret)
    assert client.post(target, data=form).status_code == 403  # no CSRF value
    evil = client.post(target, data={**form, "csrf": csrf}, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403
    assert client.get("/review.json").json()["recent"] == []


def test_review_chair_edit_shows_in_the_history_and_undo_takes_it_back(
    client: TestClient, token_secret: str
) -> None:
    csrf = signed_in(client, token_secret)
    meeting = jcc_meeting(client)
    form = {
        "csrf": csrf,
        "change": "edit",
        "person": "Khalid Rasheed",
        "title": "Federal Secretary",
        "why": "readout",
    }
    client.post(f"/meetings/{meeting}/chairs", data=form)
    shown = client.get(f"/meetings/{meeting}.json").json()["meeting"]
    assert shown["chairs"][0]["title"] == "Federal Secretary"
    [edit] = shown["corrections"]
    page = client.get(f"/meetings/{meeting}").text
    assert f'action="/corrections/{edit["id"]}/undo"' in page and "readout" in page
    client.post(f"/corrections/{edit['id']}/undo", data={"csrf": csrf})
    after = client.get(f"/meetings/{meeting}.json").json()["meeting"]
    assert after["chairs"][0]["title"] != "Federal Secretary"
    assert after["corrections"][0]["undone_by"] == after["corrections"][1]["id"]


def test_review_person_page_shows_each_office_and_meeting_once(client: TestClient, kb_path: Path) -> None:
    with open_db(str(kb_path)) as kb:
        ayesha = kb.person_ids("Ayesha Tariq")[0]
        first = kb.list_meetings()[0]["id"]
        document = kb.get_meeting(first)["documents"][0]
        # A second source wording the same office differently at the same meeting.
        kb.conn.execute(
            "INSERT INTO offices (person_id, title, country, meeting_id, document_id) SELECT person_id,"
            " 'Federal ' || title, country, meeting_id, ? FROM offices WHERE person_id = ? AND meeting_id = ?",
            (document, ayesha, first),
        )
    offices = client.get(f"/people/{ayesha}.json").json()["offices"]
    meetings = [m["meeting_id"] for o in offices for m in o["meetings"]]
    assert len(meetings) == len(set(meetings)) == 3
    assert len(offices) == len({(o["title"] or "").replace("Federal ", "") for o in offices})


def test_review_person_merge_from_the_page(client: TestClient, kb_path: Path, token_secret: str) -> None:
    csrf = signed_in(client, token_secret)
    with open_db(str(kb_path)) as kb:
        rajiv, bimala = kb.person_ids("Rajiv Menon")[0], kb.person_ids("Bimala Adhikari")[0]
    done = client.post(
        f"/people/{rajiv}/merge", data={"csrf": csrf, "other": "Bimala Adhikari", "why": "test"}
    )
    assert done.url.path == f"/people/{rajiv}"
    assert re.search(r'class="what">merge', done.text)
    assert client.get(f"/people/{bimala}").status_code == 404
    [meeting] = {
        m["meeting_id"] for o in client.get(f"/people/{rajiv}.json").json()["offices"] for m in o["meetings"]
    }
    assert meeting


def undo_button(page: str, action: str) -> str:
    """The path of the Undo form on the history row of this action."""
    row = next(r for r in page.split("<tr ") if f'class="what">{action}' in r)
    found = re.search(r'action="(/corrections/\d+/undo)"', row)
    assert found, row
    return found.group(1)


def test_review_person_merge_undone_from_the_page(
    client: TestClient, kb_path: Path, token_secret: str
) -> None:
    csrf = signed_in(client, token_secret)
    with open_db(str(kb_path)) as kb:
        rajiv, bimala = kb.person_ids("Rajiv Menon")[0], kb.person_ids("Bimala Adhikari")[0]
    before = (client.get(f"/people/{rajiv}.json").json(), client.get(f"/people/{bimala}.json").json())
    merged = client.post(f"/people/{rajiv}/merge", data={"csrf": csrf, "other": str(bimala), "why": "test"})
    done = client.post(undo_button(merged.text, "merge"), data={"csrf": csrf, "back": f"/people/{rajiv}"})
    assert done.url.path == f"/people/{rajiv}" and re.search(r'class="undone"', done.text)
    after = (client.get(f"/people/{rajiv}.json").json(), client.get(f"/people/{bimala}.json").json())
    assert [p["offices"] for p in after] == [p["offices"] for p in before]


def test_review_mechanism_merge_undone_from_the_page(client: TestClient, token_secret: str) -> None:
    csrf = signed_in(client, token_secret)
    names = {m["name"]: m["id"] for m in client.get("/mechanisms.json").json()["mechanisms"]}
    jcc, nepal = names[JCC_14], names["India-Nepal Joint Commission"]
    before = client.get(f"/mechanisms/{nepal}.json").json()["rounds"]
    merged = client.post(f"/mechanisms/{jcc}/merge", data={"csrf": csrf, "other": str(nepal), "why": "test"})
    assert client.get(f"/mechanisms/{nepal}").status_code == 404
    client.post(undo_button(merged.text, "merge"), data={"csrf": csrf})
    assert [r["id"] for r in client.get(f"/mechanisms/{nepal}.json").json()["rounds"]] == [
        r["id"] for r in before
    ]
    assert len(client.get(f"/mechanisms/{jcc}.json").json()["rounds"]) == 1


def test_review_undoing_a_split_goes_to_the_mechanism_it_came_from(
    client: TestClient, token_secret: str
) -> None:
    csrf = signed_in(client, token_secret)
    names = {m["name"]: m["id"] for m in client.get("/mechanisms.json").json()["mechanisms"]}
    igc = names["Pakistan-Uzbekistan Inter-Governmental Commission"]
    first = client.get(f"/mechanisms/{igc}.json").json()["rounds"][0]["id"]
    form = {"csrf": csrf, "name": "Uzbek Commission", "meeting": str(first), "why": "test"}
    split = client.post(f"/mechanisms/{igc}/split", data=form)
    new = int(split.url.path.rsplit("/", 1)[1])
    done = client.post(undo_button(split.text, "split"), data={"csrf": csrf, "back": f"/mechanisms/{new}"})
    assert done.url.path == f"/mechanisms/{igc}" and client.get(f"/mechanisms/{new}").status_code == 404


def test_review_merged_person_lists_a_meeting_they_both_chaired_once(
    client: TestClient, kb_path: Path, token_secret: str
) -> None:
    csrf = signed_in(client, token_secret)
    with open_db(str(kb_path)) as kb:
        rajiv = kb.person_ids("Rajiv Menon")[0]
    client.post(f"/people/{rajiv}/merge", data={"csrf": csrf, "other": "Bimala Adhikari", "why": "test"})
    offices = client.get(f"/people/{rajiv}.json").json()["offices"]
    assert len(offices) == 1 and len(offices[0]["meetings"]) == 1
    page = client.get(f"/people/{rajiv}").text
    assert page.count('<a href="/meetings/') == 1
