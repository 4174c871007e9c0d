"""Engagements and designations in the knowledge base: merged across outlets, conflicts, first and last seen."""

from __future__ import annotations

from datetime import date

import pytest

from corridor.kb import open_db
from corridor.kb.engagements import resolve, same_engagement
from corridor.kb.storage import KnowledgeBase
from corridor.model import Designation, Document, Engagement, MechanismRef, Meeting, Participant, Span

ROUND = MechanismRef(name="Chile-Peru Political Consultations", parties=["Chile", "Peru"])


@pytest.fixture
def kb() -> KnowledgeBase:
    return open_db(":memory:")


def doc(
    text: str,
    published: date,
    engagements: list[Engagement] = (),  # type: ignore[assignment]
    designations: list[Designation] = (),  # type: ignore[assignment]
    meetings: list[Meeting] = (),  # type: ignore[assignment]
) -> Document:
    d = Document(text=text, source="t", published=published)
    d.engagements, d.designations, d.meetings = list(engagements), list(designations), list(meetings)
    return d


def call(names: list[tuple[str, str]], day: str | None, city: str | None = None, **kw: object) -> Engagement:
    e = Engagement(
        kw.pop("kind", "meeting"),  # type: ignore[arg-type]
        kw.pop("status", "held"),  # type: ignore[arg-type]
        Span(0, 10),
        [Participant(n, "Foreign Minister", c) for n, c in names],
        date=day,
        city=city,
        country="Peru" if city else None,
    )
    for k, v in kw.items():
        setattr(e, k, v)
    return e


PAIR = [("Ana Soto", "Chile"), ("Luis Paz", "Peru")]


def test_engagements_same_people_and_day_merge_across_outlets(kb: KnowledgeBase) -> None:
    kb.store_document(doc("first outlet text", date(2024, 5, 2), [call(PAIR, "2024-05-01", "Lima")]))
    kb.store_document(
        doc(
            "second outlet text",
            date(2024, 5, 3),
            [call([("Soto", "Chile"), ("Paz", "Peru")], "2024-05-01", "Cusco")],
        )
    )
    (e,) = kb.list_engagements()
    assert len(e["sources"]) == 2
    assert e["conflicts"] == ["city"]
    assert {p["name"] for p in e["participants"]} == {"Ana Soto", "Luis Paz"}


def test_engagements_other_day_or_kind_stays_apart(kb: KnowledgeBase) -> None:
    kb.store_document(doc("one", date(2024, 5, 2), [call(PAIR, "2024-05-01")]))
    kb.store_document(doc("two", date(2024, 6, 2), [call(PAIR, "2024-06-01")]))
    kb.store_document(doc("three", date(2024, 6, 3), [call(PAIR, "2024-06-01", kind="call")]))
    assert len(kb.list_engagements()) == 3


def test_engagements_same_trip_of_a_round_merge_without_dates(kb: KnowledgeBase) -> None:
    held = Meeting(ROUND, ordinal=4, date="2024-05-01", evidence=[Span(0, 5)])
    first = call(PAIR, None, during_meeting=0, during=ROUND.name)
    second = call(PAIR, None, during_meeting=0, during=ROUND.name, status="scheduled")
    kb.store_document(doc("round one", date(2024, 5, 2), [first], meetings=[held]))
    kb.store_document(
        doc(
            "round two",
            date(2024, 5, 3),
            [second],
            meetings=[Meeting(ROUND, ordinal=4, evidence=[Span(0, 5)])],
        )
    )
    (e,) = kb.list_engagements()
    assert e["status"] == "held" and e["meeting_id"] is not None
    assert kb.list_engagements(meeting_id=e["meeting_id"]) == [e]


def test_engagements_filters(kb: KnowledgeBase) -> None:
    kb.store_document(doc("a", date(2024, 5, 2), [call(PAIR, "2024-05-01")]))
    kb.store_document(
        doc("b", date(2023, 5, 2), [call([("Ana Soto", "Chile"), ("Jia Wen", "China")], "2023-05-01")])
    )
    assert len(kb.list_engagements(person="Soto")) == 2
    assert len(kb.list_engagements(person="Luis Paz")) == 1
    assert len(kb.list_engagements(country="China")) == 1
    assert [e["date"] for e in kb.list_engagements(since="2024-01-01")] == ["2024-05-01"]
    assert len(kb.list_engagements(pair=("Peru", "Chile"))) == 1


def test_engagements_reextraction_replaces_a_documents_account(kb: KnowledgeBase) -> None:
    d = doc("text", date(2024, 5, 2), [call(PAIR, "2024-05-01")])
    kb.store_document(d)
    d.engagements = [call(PAIR, "2024-05-01", kind="call")]
    kb.replace_document(d)
    assert [e["kind"] for e in kb.list_engagements()] == ["call"]


def test_designations_first_and_last_seen_per_pair(kb: KnowledgeBase) -> None:
    label = "Comprehensive Strategic Partnership"
    kb.store_document(
        doc("x", date(2020, 1, 5), designations=[Designation(("Chile", "Peru"), label, Span(0, 1))])
    )
    kb.store_document(
        doc(
            "y",
            date(2024, 3, 1),
            designations=[Designation(("Peru", "Chile"), "comprehensive strategic partners", Span(0, 1))],
        )
    )
    kb.store_document(
        doc("z", date(2022, 3, 1), designations=[Designation(("Chile", "Peru"), "iron brothers", Span(0, 1))])
    )
    rows = kb.pair_designations("Peru", "Chile")
    assert [(r["label"], r["first_seen"], r["last_seen"], r["sources"]) for r in rows] == [
        (label, "2020-01-05", "2024-03-01", 2),
        ("iron brothers", "2022-03-01", "2022-03-01", 1),
    ]


def test_engagements_resolve_prefers_reports_and_full_dates() -> None:
    shown, conflicts = resolve(
        [
            {"kind": "meeting", "status": "scheduled", "date": "2024-05"},
            {"kind": "courtesy_call", "status": "held", "date": "2024-05-01"},
        ]
    )
    assert (shown["status"], shown["date"], shown["kind"]) == ("held", "2024-05-01", "courtesy_call")
    assert conflicts == []


def test_engagements_visits_to_other_lands_are_other_trips() -> None:
    a = {"kind": "visit", "country": "Peru", "participants": [{"name": "Ana Soto"}]}
    b = {"kind": "visit", "country": "Chile", "participants": [{"name": "Ana Soto"}]}
    assert same_engagement(a, dict(a), None, None)
    assert not same_engagement(a, b, None, None)
