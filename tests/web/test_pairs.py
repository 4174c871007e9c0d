"""The pair page, person pages' engagements and a meeting's trip, over a base built from an invented report."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from corridor.kb import ingest_documents, open_db
from corridor.sources.reading import make_document
from corridor.web import WebConfig, create_app

REPORT = """LIMA, May 3, 2024: The 4th round of the Chile-Peru Political Consultations was held in Lima on 2 May 2024.

The round was co-chaired by Foreign Minister Ana Soto of Chile and Vice Foreign Minister Luis Paz of Peru.

Later, the foreign minister also called on President Marta Rios of Peru.

The ministers said Chile and Peru are comprehensive strategic partners.
"""


@pytest.fixture(scope="module")
def pair_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("pairs") / "kb.db"
    with open_db(str(path)) as kb:
        report = ingest_documents(kb, [make_document(REPORT, "report.txt", None)])
        assert report.failed == 0
    with TestClient(create_app(WebConfig(db=str(path), secret="s")), raise_server_exceptions=False) as c:
        yield c


def test_pairs_page_and_twin_show_rounds_engagements_designations(pair_client: TestClient) -> None:
    data = pair_client.get("/pairs/CL-PE.json").json()
    assert data["countries"] == ["Chile", "Peru"]
    assert [t["type"] for t in data["timeline"]] == ["round", "engagement", "designation"]
    (e,) = data["engagements"]
    assert e["kind"] == "courtesy_call" and {p["name"] for p in e["participants"]} == {
        "Ana Soto",
        "Marta Rios",
    }
    assert data["designations"][0]["label"] == "Comprehensive Strategic Partnership"
    page = pair_client.get("/pairs/Peru-Chile")
    assert page.status_code == 200 and "Comprehensive Strategic Partnership" in page.text
    assert "Marta Rios" in page.text and "This page as JSON" in page.text


def test_pairs_malformed_code_is_a_400(pair_client: TestClient) -> None:
    assert pair_client.get("/pairs/CLPE.json").status_code == 400


def test_pairs_meeting_page_lists_the_engagements_of_its_trip(pair_client: TestClient) -> None:
    meeting_id = pair_client.get("/pairs/CL-PE.json").json()["rounds"][0]["id"]
    data = pair_client.get(f"/meetings/{meeting_id}.json").json()
    assert [e["kind"] for e in data["engagements"]] == ["courtesy_call"]
    assert "Marta Rios" in pair_client.get(f"/meetings/{meeting_id}").text


def test_pairs_person_page_lists_engagements(pair_client: TestClient) -> None:
    meeting_id = pair_client.get("/pairs/CL-PE.json").json()["rounds"][0]["id"]
    chairs = pair_client.get(f"/meetings/{meeting_id}.json").json()["meeting"]["chairs"]
    soto = next(c["person"] for c in chairs if c["name"] == "Ana Soto")
    data = pair_client.get(f"/people/{soto}.json").json()
    assert [e["kind"] for e in data["engagements"]] == ["courtesy_call"]
    assert "Marta Rios" in pair_client.get(f"/people/{soto}").text
