"""Ingestion over a real SQLite base, with extraction replaced by a small lookup table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from corridor.errors import InputError
from corridor.extract import run as extraction
from corridor.kb import IngestReport, KnowledgeBase, ingest_documents, open_db
from corridor.model import Chair, Document, MechanismRef, Meeting, Span, Statement

JCC = MechanismRef(
    name="CPEC Joint Cooperation Committee", aliases=["JCC"], parties=["Pakistan", "China"], key="cpec_jcc"
)
JMC = MechanismRef(
    name="Pakistan-Uzbekistan Joint Ministerial Commission", parties=["Pakistan", "Uzbekistan"]
)

# Phrase in a text -> the meeting an extractor would report where the phrase occurs.
MEETINGS: dict[str, dict[str, Any]] = {
    "5th JCC was held": {
        "mechanism": JCC,
        "ordinal": 5,
        "date": "2024-03-10",
        "city": "Beijing",
        "chairs": [Chair("Ahsan Iqbal", "Minister for Planning", "Pakistan")],
    },
    "5th JCC will meet": {"mechanism": JCC, "ordinal": 5, "status": "scheduled"},
    "2nd JMC was held": {"mechanism": JMC, "ordinal": 2, "city": "Tashkent", "country": "Uzbekistan"},
}
# Phrase in a text -> the kind of statement it is, made at the text's first meeting.
STATEMENTS = {"agreed to": "agree", "reviewed": "review"}


def fake_extract(doc: Document) -> Document:
    """Fill a document's meetings and statements from the tables above, with true spans."""
    for phrase, fields in MEETINGS.items():
        at = doc.text.find(phrase)
        if at >= 0:
            doc.meetings.append(Meeting(**fields, evidence=[Span(at, at + len(phrase))]))
    for phrase, kind in STATEMENTS.items():
        at = doc.text.find(phrase)
        if at >= 0:
            doc.statements.append(Statement(kind, ["energy"], Span(at, at + len(phrase)), meeting=0))
    if "EXTRACTOR BUG" in doc.text:
        raise KeyError("frame")
    return doc


def use_fake_extraction(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace extraction; returns the sources it was called on, in order."""
    calls: list[str] = []

    def extract(doc: Document) -> Document:
        calls.append(doc.source)
        return fake_extract(doc)

    monkeypatch.setattr(extraction, "extract_document", extract)
    return calls


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return use_fake_extraction(monkeypatch)


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    base = open_db(":memory:")
    yield base
    base.close()


def doc(text: str, source: str) -> Document:
    return Document(text=text, source=source)


def test_ingest_counts_read_stored_unchanged_failed(kb: KnowledgeBase, calls: list[str]) -> None:
    items: list[Document | InputError] = [
        doc("The 5th JCC was held in Beijing.", "a.txt"),
        InputError("gone.txt", "no such file or folder"),
        doc("The 2nd JMC was held in Tashkent.", "b.txt"),
        doc("The 5th JCC was held in Beijing.", "a-again.txt"),
    ]
    report = ingest_documents(kb, items)
    assert (report.read, report.stored, report.unchanged, report.failed) == (4, 2, 1, 1)
    assert [(f.source, f.reason) for f in report.failures] == [("gone.txt", "no such file or folder")]
    assert report.summary() == "read 4, stored 2, unchanged 1, failed 1"
    assert kb.count("documents") == 2


def test_ingest_does_not_extract_content_already_stored(kb: KnowledgeBase, calls: list[str]) -> None:
    ingest_documents(kb, [doc("The 5th JCC was held in Beijing.", "a.txt")])
    report = ingest_documents(kb, [doc("The 5th JCC was held in Beijing.", "renamed.txt")])
    assert (report.stored, report.unchanged) == (0, 1)
    assert calls == ["a.txt"]
    assert kb.list_meetings()[0]["sources"] == ["a.txt"]


def test_ingest_failure_mid_document_rolls_it_back_and_goes_on(
    kb: KnowledgeBase, calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_insert = KnowledgeBase._insert_statement

    def insert_or_fail(self: KnowledgeBase, document: Document, *args: Any) -> None:
        if document.source == "bad.txt":
            raise RuntimeError("write failed")
        real_insert(self, document, *args)

    monkeypatch.setattr(KnowledgeBase, "_insert_statement", insert_or_fail)
    bad = doc("The 2nd JMC was held in Tashkent. Both sides agreed to build roads.", "bad.txt")
    good = doc("The 5th JCC was held in Beijing. The sides reviewed power projects.", "good.txt")
    report = ingest_documents(kb, [bad, good])
    assert (report.stored, report.failed) == (1, 1)
    assert [(f.source, f.reason) for f in report.failures] == [("bad.txt", "RuntimeError: write failed")]
    assert not kb.has_document(bad.id) and kb.has_document(good.id)
    assert [m["mechanism"]["name"] for m in kb.list_meetings()] == [JCC.name]
    assert kb.list_meetings(mechanism="JMC") == []
    assert (kb.count("mechanisms"), kb.count("statements"), kb.count("people")) == (1, 1, 1)


def test_ingest_extraction_errors_are_reported_per_document(kb: KnowledgeBase, calls: list[str]) -> None:
    report = ingest_documents(
        kb,
        [doc("EXTRACTOR BUG: the 2nd JMC was held.", "odd.txt"), doc("The 5th JCC was held.", "a.txt")],
    )
    assert [(f.source, f.reason) for f in report.failures] == [("odd.txt", "KeyError: 'frame'")]
    assert report.stored == 1 and kb.count("documents") == 1


def test_ingest_two_reports_of_one_round_join_one_meeting(kb: KnowledgeBase, calls: list[str]) -> None:
    ingest_documents(
        kb,
        [
            doc("Officials said the 5th JCC will meet in March.", "preview.txt"),
            doc("The 5th JCC was held in Beijing on Sunday. The sides agreed to expand SEZs.", "report.txt"),
        ],
    )
    [meeting] = kb.list_meetings()
    assert meeting["sources"] == ["preview.txt", "report.txt"]
    assert (meeting["status"], meeting["ordinal"], meeting["city"]) == ("held", 5, "Beijing")
    (person,) = [p["id"] for p in kb.list_people()]
    assert meeting["chairs"] == [
        {"name": "Ahsan Iqbal", "person": person, "title": "Minister for Planning", "country": "Pakistan"}
    ]
    reports = kb.get_meeting(meeting["id"])["reports"]
    assert [r["evidence"][0]["text"] for r in reports] == ["5th JCC will meet", "5th JCC was held"]
    assert [s["kind"] for s in reports[1]["statements"]] == ["agree"]


def test_ingest_stores_each_document_before_reading_the_next(kb: KnowledgeBase, calls: list[str]) -> None:
    seen_stored: list[bool] = []

    def stream() -> Iterator[Document]:
        previous: Document | None = None
        for n in range(3):
            if previous is not None:
                seen_stored.append(kb.has_document(previous.id))
            previous = doc(f"Bulletin {n}: the 5th JCC was held.", f"{n}.txt")
            yield previous

    report: IngestReport = ingest_documents(kb, stream())
    assert (report.read, report.stored) == (3, 3)
    assert seen_stored == [True, True]
    assert calls == ["0.txt", "1.txt", "2.txt"]
