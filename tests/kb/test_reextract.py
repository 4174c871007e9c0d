"""`reextract`: every stored text extracted again, meetings matched again, changes reported."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from corridor.kb import KnowledgeBase, open_db
from corridor.kb.reextract import reextract, stored_document
from corridor.kb.review import Reviewer, set_field
from corridor.model import Document, MechanismRef, Meeting, Span

JCC = MechanismRef("CPEC Joint Cooperation Committee", parties=["Pakistan", "China"], key="cpec-jcc")
ME = Reviewer("analyst", "readout")


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    base = open_db(":memory:")
    yield base
    base.close()


def at(text: str, phrase: str) -> list[Span]:
    start = text.index(phrase)
    return [Span(start, start + len(phrase))]


def store(kb: KnowledgeBase, text: str, source: str, *meetings: Meeting) -> list[int]:
    return kb.store_document(Document(text=text, source=source, meetings=list(meetings))).meeting_ids


def extractor(make: Callable[[Document], list[Meeting]]) -> Callable[[Document], Document]:
    def run(doc: Document) -> Document:
        doc.meetings = make(doc)
        return doc

    return run


TEXT = "The JCC met in Beijing. Officials said it was the fifth round."


def test_reextract_reports_added_removed_and_changed_meetings(kb: KnowledgeBase) -> None:
    [kept] = store(kb, TEXT, "a", Meeting(JCC, ordinal=5, city="Beijing", evidence=at(TEXT, "The JCC met")))
    [gone] = store(kb, "A JCC round 2 was held.", "b", Meeting(JCC, ordinal=2, evidence=[Span(0, 5)]))

    def now(doc: Document) -> list[Meeting]:
        if doc.source == "a":
            return [Meeting(JCC, ordinal=5, city="Shanghai", evidence=at(TEXT, "The JCC met")),
                    Meeting(JCC, "scheduled", 6, evidence=at(TEXT, "Officials"))]  # fmt: skip
        return []

    report = reextract(kb, extractor(now))
    assert report.documents == 2 and report.failures == []
    assert [c.field for c in report.changes if c.meeting == kept] == ["city"]
    assert report.changes[0].before == "Beijing" and report.changes[0].after == "Shanghai"
    assert len(report.added) == 1 and "#6" in report.added[0]
    assert report.removed == [f"meeting {gone} (CPEC Joint Cooperation Committee #2, no date)"]
    assert "meetings added 1, removed 1, changed 1" in report.summary()


def test_reextract_keeps_a_corrected_meeting_and_its_id_when_the_round_changes(kb: KnowledgeBase) -> None:
    [meeting_id] = store(
        kb, TEXT, "a", Meeting(JCC, ordinal=4, city="Beijing", evidence=at(TEXT, "The JCC met"))
    )
    set_field(kb, meeting_id, "city", "Urumqi", ME)
    report = reextract(kb, extractor(lambda doc: [Meeting(JCC, ordinal=5, evidence=at(TEXT, "The JCC met"))]))
    [meeting] = kb.list_meetings()
    assert (meeting["id"], meeting["ordinal"], meeting["city"]) == (meeting_id, 5, "Urumqi")
    assert report.corrections == 1 and report.removed == []


def test_reextract_failure_keeps_the_old_accounts(kb: KnowledgeBase) -> None:
    store(kb, TEXT, "a", Meeting(JCC, ordinal=5, evidence=at(TEXT, "The JCC met")))

    def broken(doc: Document) -> Document:
        raise KeyError("frame")

    report = reextract(kb, broken)
    assert [(f.source, f.reason) for f in report.failures] == [("a", "KeyError: 'frame'")]
    assert [m["ordinal"] for m in kb.list_meetings()] == [5]


def test_reextract_drops_what_nothing_refers_to_any_more(kb: KnowledgeBase) -> None:
    other = MechanismRef("Pakistan-Iran Joint Economic Commission", parties=["Pakistan", "Iran"])
    store(kb, TEXT, "a", Meeting(other, ordinal=21, evidence=[Span(0, 5)]))
    reextract(kb, extractor(lambda doc: []))
    assert (kb.count("meetings"), kb.count("mechanisms"), kb.count("documents")) == (0, 0, 1)


def test_reextract_reads_the_stored_document_as_it_was_read_at_ingest() -> None:
    text = "date 2024-03-13\n\nISLAMABAD: The JCC met on Tuesday."
    row = {"id": "abc", "source": "a.txt", "url": None, "title": None, "published": "2024-03-13",
           "language": "en", "text": text}  # fmt: skip
    doc = stored_document(row)
    assert (doc.id, doc.published.isoformat() if doc.published else None) == ("abc", "2024-03-13")
    assert doc.published_span is not None and text[doc.published_span.start : doc.published_span.end]


def test_reextract_an_account_moved_to_another_mechanism_leaves_its_old_meeting(kb: KnowledgeBase) -> None:
    found = MechanismRef("Pakistan-China Joint Committee", parties=["Pakistan", "China"])
    [old] = store(kb, TEXT, "a", Meeting(found, ordinal=5, evidence=at(TEXT, "The JCC met")))
    reextract(kb, extractor(lambda doc: [Meeting(JCC, ordinal=5, evidence=at(TEXT, "The JCC met"))]))
    [meeting] = kb.list_meetings()
    assert meeting["id"] != old and meeting["mechanism"]["key"] == "cpec-jcc"
    assert kb.count("mechanisms") == 1
