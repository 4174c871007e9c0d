"""Engagement exports (CSV, JSON Lines) and PLOVER CONSULT events for held engagements."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from corridor.export import export
from corridor.export.plover import consult
from corridor.kb import open_db
from corridor.kb.storage import KnowledgeBase, MeetingFilters
from corridor.model import Document, Engagement, MechanismRef, Meeting, Participant, Span

ROUND = MechanismRef(name="Chile-Peru Political Consultations", parties=["Chile", "Peru"])
SOTO = Participant("Ana Soto", "Foreign Minister", "Chile")


@pytest.fixture
def kb() -> KnowledgeBase:
    kb = open_db(":memory:")
    d = Document(
        text="One report of a round and the contacts around it.", source="a", published=date(2024, 5, 2)
    )
    d.meetings = [
        Meeting(ROUND, ordinal=4, date="2024-05-01", city="Lima", country="Peru", evidence=[Span(0, 5)])
    ]
    d.engagements = [
        Engagement(
            "visit",
            "held",
            Span(0, 5),
            [SOTO],
            date="2024-05-01",
            city="Lima",
            country="Peru",
            mode="in_person",
            during=ROUND.name,
            during_meeting=0,
        ),
        Engagement(
            "call",
            "held",
            Span(0, 5),
            [SOTO, Participant("Wen Li", "Foreign Minister", "China")],
            date="2024-04-20",
            during="=cmd()",
        ),
        Engagement(
            "sideline_meeting",
            "held",
            Span(0, 5),
            [SOTO, Participant("Lars Berg", "Prime Minister", "Sweden")],
            date="2023-09-20",
            country="United States",
            mode="in_person",
        ),
        Engagement("meeting", "scheduled", Span(0, 5), [SOTO, Participant("Luis Paz", "President", "Peru")]),
    ]
    kb.store_document(d)
    return kb


def test_export_engagements_csv_one_safe_row_each(kb: KnowledgeBase) -> None:
    rows = list(csv.DictReader(io.StringIO(export(kb, "engagements-csv").decode())))
    assert len(rows) == 4
    call = next(r for r in rows if r["kind"] == "call")
    assert call["during"] == "'=cmd()"  # a formula is never run by a spreadsheet
    visit = next(r for r in rows if r["kind"] == "visit")
    assert visit["during"] == ROUND.name and visit["meeting_id"]


@pytest.mark.parametrize(
    ("filters", "kinds"),
    [
        (MeetingFilters(country="China"), {"call"}),
        (MeetingFilters(year=2023), {"sideline_meeting"}),
        (MeetingFilters(status="scheduled"), {"meeting"}),
        (MeetingFilters(mechanism=1), {"visit"}),
    ],
)
def test_export_engagements_follow_the_meeting_filters(
    kb: KnowledgeBase, filters: MeetingFilters, kinds: set[str]
) -> None:
    lines = export(kb, "engagements-jsonl", filters).decode().splitlines()
    assert {json.loads(line)["kind"] for line in lines} == kinds


def test_export_plover_consult_for_each_held_engagement_with_its_mode(kb: KnowledgeBase) -> None:
    events = [json.loads(line) for line in export(kb, "plover").decode().splitlines()]
    contacts = {e["engagement_kind"]: e for e in events if e["event_id"].startswith("corridor-engagement-")}
    assert set(contacts) == {"visit", "call", "sideline_meeting"}  # the scheduled meeting is no event yet
    assert {k: e["event_mode"] for k, e in contacts.items()} == {
        "visit": "visit",
        "call": "phone",
        "sideline_meeting": "third-party",
    }
    visit = contacts["visit"]
    assert (visit["event_type"], visit["actor_country"], visit["recipient_country"]) == (
        "CONSULT",
        "CHL",
        "PER",
    )
    # the same field list as a meeting's CONSULT, so both can be read together
    meeting_event = next(e for e in events if e["event_id"].startswith("corridor-meeting-"))
    assert set(meeting_event) <= set(visit)
    assert set(consult(kb.list_meetings()[0])) <= set(visit)


def test_export_engagements_parquet_round_trips(kb: KnowledgeBase) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(io.BytesIO(export(kb, "engagements-parquet")))
    rows = table.to_pylist()
    assert table.num_rows == 4 and {r["kind"] for r in rows} == {
        "visit",
        "call",
        "sideline_meeting",
        "meeting",
    }
    visit = next(r for r in rows if r["kind"] == "visit")
    assert visit["during"] == ROUND.name and visit["meeting_id"]
    assert visit["participants"] == [{"name": "Ana Soto", "title": "Foreign Minister", "country": "Chile"}]
    assert visit["documents"] and isinstance(visit["conflicts"], list)
