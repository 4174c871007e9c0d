"""Every page type and its JSON twin, over a base built from the test articles."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient


def mechanism_id(client: TestClient, key: str) -> int:
    return next(m["id"] for m in client.get("/mechanisms.json").json()["mechanisms"] if m["key"] == key)


def meeting_of(client: TestClient, key: str, ordinal: int) -> dict:
    rounds = client.get(f"/mechanisms/{mechanism_id(client, key)}.json").json()["rounds"]
    return next(m for m in rounds if m["ordinal"] == ordinal)


@pytest.mark.parametrize(
    "path",
    ["/", "/mechanisms", "/meetings", "/framework", "/search?q=trade", "/search?q=agreed&scope=statements"],
)
def test_pages_html_and_json_twin_answer(read_client: TestClient, path: str) -> None:
    html = read_client.get(path)
    base, _, query = path.partition("?")
    twin = read_client.get(f"{base.rstrip('/') or '/index'}.json" + (f"?{query}" if query else ""))
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert "This page as JSON" in html.text


def test_pages_overview_lists_latest_meetings_activity_and_conflicts(read_client: TestClient) -> None:
    data = read_client.get("/index.json").json()
    assert data["counts"]["documents"] == 7
    assert [m["date"] for m in data["latest_meetings"]][:2] == ["2025-10-11", "2025-02-05"]
    assert data["mechanisms_by_activity"][0]["key"] == "pk-uz-igc"
    conflicted = {c["meeting_record"]["mechanism"]["key"]: c for c in data["open_conflicts"]}
    fields = {x["field"] for x in conflicted["cpec-jcc"]["conflicts"]}
    assert {"date", "city", "country"} <= fields


def test_pages_mechanism_shows_rounds_gaps_next_round_and_charts(read_client: TestClient) -> None:
    mid = mechanism_id(read_client, "pk-uz-igc")
    data = read_client.get(f"/mechanisms/{mid}.json").json()
    assert [m["ordinal"] for m in data["rounds"]] == [2, 3, 5]
    assert data["gaps"] == [4]
    assert data["next_round"]["ordinal"] == 6 and data["next_round"]["basis"].startswith("median interval")
    assert data["topics"]["2021"]["trade_investment"] == 1
    page = read_client.get(f"/mechanisms/{mid}").text
    timeline = re.search(r'<svg class="chart timeline".*?</svg>', page, re.S)
    assert timeline and timeline.group(0).count('class="round held"') == 3
    assert re.search(r'<svg class="chart topics".*?<polyline', page, re.S)
    assert "round 4 is in no source" in page
    assert f'href="/mechanisms/{mid}/brief"' in page


def test_pages_meeting_shows_field_sources_conflicts_chairs_and_evidence(read_client: TestClient) -> None:
    meeting = meeting_of(read_client, "cpec-jcc", 14)
    data = read_client.get(f"/meetings/{meeting['id']}.json").json()
    date_field = next(f for f in data["fields"] if f["field"] == "date")
    assert sorted(s["value"] for s in date_field["sources"]) == ["2025-10-10", "2025-10-11"]
    assert {c["field"] for c in data["conflicts"]} >= {"date", "city"}
    assert {c["name"] for c in data["meeting"]["chairs"]} == {"Khalid Rasheed", "Lin Haoran"}
    page = read_client.get(f"/meetings/{meeting['id']}").text
    assert page.count('class="report"') == 2
    assert '<mark class="m-evidence' in page
    person = next(c["person"] for c in data["meeting"]["chairs"] if c["name"] == "Khalid Rasheed")
    assert f'href="/people/{person}"' in page


def test_pages_person_lists_offices_over_time(read_client: TestClient) -> None:
    meeting = meeting_of(read_client, "pk-uz-igc", 5)
    person = next(c["person"] for c in meeting["chairs"] if c["name"] == "Ayesha Tariq")
    data = read_client.get(f"/people/{person}.json").json()
    titles = [(o["title"], o["from"], o["to"]) for o in data["offices"]]
    assert titles == [
        ("Minister for Commerce", "2021-03-09", "2022-06-15"),
        ("Minister for Finance", "2024-05-20", "2024-05-20"),
    ]
    assert "Minister for Finance" in read_client.get(f"/people/{person}").text


def test_pages_document_marks_every_extracted_span(read_client: TestClient) -> None:
    meeting = meeting_of(read_client, "in-np-jc", 8)
    doc_id = meeting["documents"][0]
    data = read_client.get(f"/documents/{doc_id}.json").json()["document"]
    assert data["text"].startswith("KATHMANDU")
    page = read_client.get(f"/documents/{doc_id}").text
    for kind in ("m-evidence", "m-field", "m-statement"):
        assert kind in page
    statement = data["statements"][0]["evidence"][0]["text"]
    assert statement.split()[0] in page


def test_pages_framework_counts_corridor_pairs_by_year(read_client: TestClient) -> None:
    data = read_client.get("/framework.json").json()
    assert data["matrix"]["green_corridor"]["e_exports"] == 1
    assert data["matrix"]["growth_corridor"]["livelihood"] == 1
    assert data["by_year"]["2025"]["green_corridor"]["e_energy"] == 1
    assert read_client.get("/framework.json?year=2024").json()["matrix"]["green_corridor"]["e_exports"] == 0
    assert 'class="heat-5"' in read_client.get("/framework").text


def test_pages_search_filters_by_facet_in_the_url(read_client: TestClient) -> None:
    everything = read_client.get("/search.json?q=agreed").json()
    assert everything["total"] >= 6
    years = {f["value"]: f["n"] for f in everything["facets"]["year"]}
    assert years["2025"] == 3
    narrowed = read_client.get("/search.json?q=agreed&year=2025&country=Nepal").json()
    assert narrowed["total"] == 1 and narrowed["items"][0]["published"] == "2025-02-06"
    statements = read_client.get("/search.json?q=agreed&scope=statements&topic=energy").json()
    assert statements["total"] >= 2 and all("energy" in s["topics"] for s in statements["items"])
    page = read_client.get("/search?q=agreed&year=2025").text
    assert "year=2025" in page and 'data-facet="country"' in page


def test_pages_meetings_paginate_and_filter(read_client: TestClient) -> None:
    first = read_client.get("/meetings.json?limit=2").json()
    second = read_client.get(f"/meetings.json?limit=2&offset={first['next_offset']}").json()
    assert first["total"] == second["total"] >= 6
    assert not {m["id"] for m in first["items"]} & {m["id"] for m in second["items"]}
    mid = mechanism_id(read_client, "pk-uz-igc")
    only = read_client.get(f"/meetings.json?mechanism={mid}&year=2022").json()
    assert [m["ordinal"] for m in only["items"]] == [3]
    assert 'rel="next"' in read_client.get("/meetings?limit=2").text


def test_pages_brief_page_pdf_and_json(read_client: TestClient) -> None:
    mid = mechanism_id(read_client, "pk-uz-igc")
    data = read_client.get(f"/mechanisms/{mid}/brief.json").json()
    assert [r["ordinal"] for r in data["last_rounds"]] == [5, 3, 2]
    html = read_client.get(f"/mechanisms/{mid}/brief")
    assert "Open commitments" in html.text and "joint industrial zone" in html.text
    assert "Last contacts between the chairs" in html.text and isinstance(data["chair_contacts"], list)
    pdf = read_client.get(f"/mechanisms/{mid}/brief.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/999999",
        "/meetings/999999.json",
        "/people/424242",
        "/documents/ffff",
        "/mechanisms/77777.json",
        "/nowhere",
    ],
)
def test_pages_unknown_ids_give_404_page_or_json(read_client: TestClient, path: str) -> None:
    response = read_client.get(path)
    assert response.status_code == 404
    if path.endswith(".json"):
        assert "error" in response.json()
    else:
        assert "Not found" in response.text


def test_pages_every_asset_is_bundled(read_client: TestClient) -> None:
    page = read_client.get("/").text
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert assets and all(read_client.get(a).status_code == 200 for a in assets)
    assert not re.search(r'(?:href|src)="(?:https?:)?//', page)


def test_pages_last_is_the_last_round_held_and_next_the_one_announced(kb_path) -> None:
    from corridor.kb import open_db
    from corridor.model import Document, MechanismRef, Meeting, Span
    from corridor.web import WebConfig, create_app

    ref = MechanismRef(name="Freedonia-Sylvania Joint Commission", parties=["Freedonia", "Sylvania"])
    with open_db(str(kb_path)) as kb:
        for text, ordinal, day, status in (
            ("The 7th session of the Joint Commission was held.", 7, "2005-10-12", "held"),
            ("The 8th session of the Joint Commission will be held.", 8, "2006-03", "scheduled"),
        ):
            meeting = Meeting(mechanism=ref, ordinal=ordinal, date=day, status=status, evidence=[Span(0, 10)])
            kb.store_document(Document(text=text, source=f"{ordinal}.txt", meetings=[meeting]))
    with TestClient(create_app(WebConfig(db=str(kb_path), secret="s"))) as client:
        for path in ("/", "/mechanisms"):
            page = client.get(path).text
            row = re.search(r'<tr><td><a href="/mechanisms/\d+">Freedonia-Sylvania.*?</tr>', page)
            assert row is not None
            row = row.group(0)
            assert '<td class="last">2005-10-12</td>' in row and '<td class="next">2006-03</td>' in row, row
        listed = client.get("/mechanisms.json").json()["mechanisms"]
        found = next(m for m in listed if m["name"].startswith("Freedonia"))
        assert (found["last_date"], found["next_date"]) == ("2005-10-12", "2006-03")


def test_pages_statement_search_shows_the_statement_with_its_words_marked(read_client: TestClient) -> None:
    found = read_client.get("/search.json?q=hydropower&scope=statements").json()
    hit = found["items"][0]
    assert "hydropower" in hit["text"] and hit["topics"] == ["energy"]
    assert [r["text"] for r in hit["marked"] if r["match"]] == ["hydropower"]
    assert "".join(r["text"] for r in hit["marked"]) == hit["text"]
    assert hit["meeting"]["mechanism"] == "India-Nepal Joint Commission" and hit["meeting"]["ordinal"] == 8
    assert hit["date"] == "2025-02-05" and hit["label"].startswith("KATHMANDU, 6 February 2025")
    page = read_client.get("/search?q=hydropower&scope=statements").text
    assert 'expand cooperation in <mark class="m-match">hydropower</mark> and' in page
    assert ">India-Nepal Joint Commission, round 8</a>" in page and ">Energy</a>" in page
    assert '<span class="date">2025-02-05</span>' in page


def test_pages_document_search_shows_a_marked_snippet_under_the_documents_name(
    read_client: TestClient,
) -> None:
    hit = read_client.get("/search.json?q=hydropower").json()["items"][0]
    assert [r["text"] for r in hit["marked"] if r["match"]] == ["hydropower"]
    page = read_client.get("/search?q=hydropower").text
    assert '<mark class="m-match">hydropower</mark>' in page
    assert ">KATHMANDU, 6 February 2025 - The 8th meeting" in page and ">in-np-8th.txt<" not in page


def test_pages_search_escapes_everything_but_its_marks(read_client: TestClient) -> None:
    for scope in ("statements", "documents"):
        page = read_client.get(f"/search?q=alert&scope={scope}").text
        assert '&lt;script&gt;<mark class="m-match">alert</mark>(&#34;x&#34;)&lt;/script&gt;' in page, scope


def test_pages_search_counts_and_facets_are_bounded(
    read_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corridor.kb.storage import search

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    monkeypatch.setattr(search, "FACET_SAMPLE", 2)
    found = read_client.get("/search.json?q=agreed&scope=statements&limit=9").json()  # not a cached page
    assert found["total"] == 3 and found["total_capped"] and found["facets_from"] == 2
    assert sum(f["n"] for f in found["facets"]["year"]) == 2
    assert (
        "3+ statements found; facets count the newest 2."
        in read_client.get("/search?q=agreed&scope=statements&limit=9").text
    )


def test_pages_sources_are_named_by_outlet_and_title(client: TestClient, token_secret: str) -> None:
    from .articles import PASTED

    stored = client.post(
        "/api/documents",
        json={"text": PASTED, "url": "https://www.app.com.pk/national/igc-6th/", "source": "feed.jsonl:7"},
        headers={"Authorization": f"Bearer {token_secret}"},
    ).json()
    meeting = client.get(f"/meetings/{stored['meetings'][0]}").text
    assert ">app.com.pk: ISLAMABAD, July 3, 2026 (APP): The 6th session" in meeting
    assert "feed.jsonl:7" not in meeting
    document = client.get(f"/documents/{stored['document']}.json").json()["document"]
    assert document["label"].startswith("app.com.pk: ISLAMABAD")


def test_pages_meetings_table_facets_narrow_and_count(read_client: TestClient) -> None:
    everything = read_client.get("/meetings.json").json()
    assert set(everything["facets"]) == {"mechanism", "party", "status", "year", "host", "chair"}
    parties = {f["value"]: f["n"] for f in everything["facets"]["party"]}
    nepal = read_client.get("/meetings.json?party=Nepal").json()
    assert nepal["total"] == parties["Nepal"] < everything["total"]
    assert all("Nepal" in m["mechanism"]["parties"] for m in nepal["items"])
    statuses = {f["value"]: f["n"] for f in nepal["facets"]["status"]}
    both = read_client.get("/meetings.json?party=Nepal&status=held").json()
    assert both["total"] == statuses["held"] and all(m["status"] == "held" for m in both["items"])
    chair = everything["facets"]["chair"][0]
    chaired = read_client.get(f"/meetings.json?chair={chair['value']}").json()
    assert chaired["total"] == chair["n"]
    assert all(chair["value"] in [c["person"] for c in m["chairs"]] for m in chaired["items"])


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("mechanism", lambda m: m["mechanism"]["name"].casefold(), False),
        ("-round", lambda m: m["ordinal"] or 0, True),
    ],
)
def test_pages_meetings_table_sorts_by_a_column(
    read_client: TestClient, sort: str, key: Any, reverse: bool
) -> None:
    items = read_client.get(f"/meetings.json?sort={sort}&limit=500").json()["items"]
    assert [key(m) for m in items] == sorted((key(m) for m in items), reverse=reverse)
    assert read_client.get("/meetings.json?sort=chairs").status_code == 400


def test_pages_meetings_table_exports_exactly_the_rows_shown(read_client: TestClient) -> None:
    query = "status=held&sort=mechanism&limit=3&offset=1"
    shown = read_client.get(f"/meetings.json?{query}").json()["items"]
    exported = read_client.get(f"/meetings.csv?{query}")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [int(r["id"]) for r in rows] == [m["id"] for m in shown] and len(rows) == 3
    assert [r["mechanism"] for r in rows] == [m["mechanism"]["name"] for m in shown]
    page = read_client.get(f"/meetings?{query}").text
    assert f'href="/meetings.csv?{query.replace("&", "&amp;")}"' in page
    assert f'href="/meetings.json?{query.replace("&", "&amp;")}"' in page
    assert (
        'aria-sort="ascending"><a data-sort="mechanism" href="/meetings?status=held&amp;sort=-mechanism&amp;"'
        in page
    )


def test_pages_search_filters_common_words_among_their_newest_matches(
    read_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corridor.kb.storage import search

    everything = read_client.get("/search.json?q=agreed&scope=statements&topic=energy&limit=11").json()
    assert everything["filtered_from"] is None and everything["total"] >= 2
    monkeypatch.setattr(search, "FILTER_SCAN", 2)
    newest = read_client.get("/search.json?q=agreed&scope=statements&topic=energy&limit=12").json()
    assert newest["filtered_from"] == 2 and newest["total"] < everything["total"]
    assert {h["id"] for h in newest["items"]} <= {h["id"] for h in everything["items"]}
    page = read_client.get("/search?q=agreed&scope=statements&topic=energy&limit=12").text
    assert "among the newest 2 statements with these words" in page
