"""Reviewers' corrections of engagements: set, confirm, reject, history and undo, kept across re-extraction."""

from __future__ import annotations

from datetime import date

import pytest

from corridor.errors import NotFoundError
from corridor.kb import open_db
from corridor.kb.review import Reviewer, ReviewError
from corridor.kb.review_engagements import (
    confirm_engagement,
    engagement_history,
    reject_engagement,
    set_engagement_field,
    undo_engagement_correction,
)
from corridor.kb.storage import KnowledgeBase
from corridor.model import Document, Engagement, Participant, Span

WHO = Reviewer("ana", "the ministry's readout")


@pytest.fixture
def kb() -> KnowledgeBase:
    return open_db(":memory:")


def doc(text: str, engagements: list[Engagement]) -> Document:
    d = Document(text=text, source=text, published=date(2024, 5, 2))
    d.engagements = engagements
    return d


def meeting(day: str | None = "2024-05-01") -> Engagement:
    people = [
        Participant("Ana Soto", "Foreign Minister", "Chile"),
        Participant("Luis Paz", "Foreign Minister", "Peru"),
    ]
    return Engagement("meeting", "held", Span(0, 10), people, date=day, city="Lima", country="Peru")


def only(kb: KnowledgeBase) -> dict:
    (e,) = kb.list_engagements()
    return e


def test_review_engagements_set_confirm_and_participants(kb: KnowledgeBase) -> None:
    kb.store_document(doc("report", [meeting()]))
    eid = only(kb)["id"]
    shown = set_engagement_field(kb, eid, "kind", "call", WHO)
    assert shown["kind"] == "call"
    set_engagement_field(kb, eid, "city", "null", WHO)
    set_engagement_field(
        kb, eid, "participants", "Ana Soto | Foreign Minister | Chile; | President | Peru", WHO
    )
    e = only(kb)
    assert e["city"] is None
    assert [(p["name"], p["title"], p["country"]) for p in e["participants"]] == [
        ("Ana Soto", "Foreign Minister", "Chile"),
        (None, "President", "Peru"),
    ]
    confirm_engagement(kb, eid, ["date"], WHO)
    history = engagement_history(kb, eid)
    assert [(c["action"], c["field"], c["author"], c["reason"]) for c in history][-1] == (
        "confirm",
        "date",
        "ana",
        "the ministry's readout",
    )
    assert all(c["created_at"] for c in history)


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "lunch"), ("status", "maybe"), ("date", "May"), ("venue", "Lima"), ("participants", "null")],
)
def test_review_engagements_refuses_values_that_do_not_fit(kb: KnowledgeBase, field: str, value: str) -> None:
    kb.store_document(doc("report", [meeting()]))
    with pytest.raises(ReviewError):
        set_engagement_field(kb, only(kb)["id"], field, value, WHO)
    assert only(kb)["kind"] == "meeting"


def test_review_engagements_unknown_id(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError):
        set_engagement_field(kb, 99, "kind", "call", WHO)


def test_review_engagements_reject_and_undo(kb: KnowledgeBase) -> None:
    kb.store_document(doc("report", [meeting()]))
    eid = only(kb)["id"]
    reject_engagement(kb, eid, WHO)
    assert kb.list_engagements() == []
    (rejection,) = engagement_history(kb, eid)
    undo_engagement_correction(kb, rejection["id"], WHO)
    assert only(kb)["id"] == eid
    assert [c["action"] for c in engagement_history(kb, eid)] == ["reject", "undo"]
    with pytest.raises(ReviewError):
        undo_engagement_correction(kb, rejection["id"], WHO)


def test_review_engagements_correction_survives_reextraction(kb: KnowledgeBase) -> None:
    d = doc("report", [meeting()])
    kb.store_document(d)
    first = only(kb)["id"]
    set_engagement_field(kb, first, "city", "Cusco", WHO)
    reject_other = doc("other", [meeting("2024-04-01")])
    kb.store_document(reject_other)
    d.engagements = []
    kb.replace_document(d)  # the engagement loses its only source and is deleted
    assert [e["date"] for e in kb.list_engagements()] == ["2024-04-01"]
    d.engagements = [meeting()]
    kb.replace_document(d)
    again = next(e for e in kb.list_engagements() if e["date"] == "2024-05-01")
    assert again["id"] != first
    assert again["city"] == "Cusco"
