"""Fetched bytes, validators and stories in the knowledge base; ingestion that links near-copies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corridor.errors import InputError, StorageError
from corridor.extract import run as extraction
from corridor.kb import KnowledgeBase, StoryLink, ingest_documents, load_stories, open_db
from corridor.model import Document, MechanismRef, Meeting, Raw, Span
from corridor.sources.fetch import Validators
from corridor.sources.reading import Fetched, Unchanged

WIRE = (
    "LAHORE, 4 March 2024: The fifth meeting of the Pakistan-China Joint Working Group on Energy was "
    "held in Lahore on Monday. The meeting was co-chaired by Federal Secretary for Power Rashid Mahmood "
    "and Deputy Director General of the National Energy Administration Zhou Lan. Both sides reviewed "
    "progress on the hydropower projects and agreed to speed up work on the transmission line."
)
COPY = "By our correspondent\n" + WIRE + "\n(Ledger News Service)"
OTHER = (
    "NAIROBI, 9 May 2023: Kenya and Japan held the third session of the Joint Commission on Trade and "
    "Investment in Nairobi on Tuesday. The delegations agreed to expand cooperation in geothermal power."
)


ENERGY_GROUP = MechanismRef(
    name="Pakistan-China Joint Working Group on Energy", parties=["Pakistan", "China"]
)


@pytest.fixture(autouse=True)
def simple_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction stand-in: a text naming 'fifth meeting' reports round 5 of the energy group."""

    def extract(doc: Document) -> Document:
        at = doc.text.find("fifth meeting")
        if at >= 0:
            doc.meetings.append(Meeting(ENERGY_GROUP, ordinal=5, evidence=[Span(at, at + 13)]))
        return doc

    monkeypatch.setattr(extraction, "extract_document", extract)


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    base = open_db(":memory:")
    yield base
    base.close()


def page(text: str, url: str, site: str | None = None) -> Document:
    doc = Document(
        text=text, source=url, url=url, provenance={"reader": "html", "site_name": site} if site else {}
    )
    doc.raw = Raw(data=f"<p>{text}</p>".encode(), content_type="text/html", url=url, etag='"e"')
    return doc


def test_stories_migration_adds_the_tables(kb: KnowledgeBase) -> None:
    assert [kb.count(t) for t in ("raw_documents", "fetch_state", "story_links")] == [0, 0, 0]


def test_stories_raw_bytes_and_provenance_are_stored_with_the_document(kb: KnowledgeBase) -> None:
    doc = page(WIRE, "http://127.0.0.1:9/a", site="Daily Ledger")
    kb.store_document(doc)
    raw = kb.raw_document(doc.id)
    assert raw is not None and raw.data == doc.raw.data and raw.etag == '"e"' and raw.url == doc.url
    assert kb.provenance(doc.id) == {"reader": "html", "site_name": "Daily Ledger"}


def test_stories_local_pdf_keeps_provenance_without_bytes(kb: KnowledgeBase) -> None:
    doc = Document(
        text=WIRE, source="r.pdf", provenance={"reader": "pdf", "pages": [{"page": 1, "start": 0, "end": 9}]}
    )
    kb.store_document(doc)
    assert kb.raw_document(doc.id) is None
    assert kb.provenance(doc.id)["pages"] == [{"page": 1, "start": 0, "end": 9}]


def test_stories_failed_store_keeps_no_bytes_and_no_link(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        import sqlite3

        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(kb, "_insert_story_link", broken)
    doc = page(WIRE, "http://127.0.0.1:9/a")
    with pytest.raises(StorageError):
        kb.store_document(doc, StoryLink(doc.id, None, None, b"\0" * 512))
    assert [kb.count(t) for t in ("documents", "raw_documents", "story_links")] == [0, 0, 0]


def test_stories_ingest_links_a_republished_copy_and_counts_it(kb: KnowledgeBase) -> None:
    stories = load_stories(kb)
    docs = [
        page(WIRE, "https://agency.example/1", "Agency"),
        page(COPY, "https://ledger.example/2"),
        page(OTHER, "https://ledger.example/3"),
    ]
    report = ingest_documents(kb, docs, stories)
    assert (report.read, report.stored, report.duplicates) == (3, 3, 1)
    assert report.summary() == "read 3, stored 3 (1 near-duplicate), unchanged 0, failed 0"
    members = kb.story(docs[1].id)
    assert [(m["document_id"], m["outlet"]) for m in members] == [
        (docs[0].id, "Agency"),
        (docs[1].id, "ledger.example"),
    ]
    assert members[1]["similarity"] >= 0.7
    assert kb.story(docs[2].id)[0]["document_id"] == docs[2].id and len(kb.story(docs[2].id)) == 1


def test_stories_copies_of_one_story_are_one_independent_source(kb: KnowledgeBase) -> None:
    ingest_documents(
        kb, [page(WIRE, "https://a.example/1"), page(COPY, "https://b.example/2")], load_stories(kb)
    )
    [meeting] = [m for m in kb.list_meetings() if m["ordinal"] == 5]
    assert len(meeting["documents"]) == 2
    assert kb.independent_sources(meeting["id"]) == 1


def test_stories_documents_stored_without_stories_are_linked_when_loading(kb: KnowledgeBase) -> None:
    ingest_documents(kb, [page(WIRE, "https://a.example/1"), page(COPY, "https://b.example/2")])
    assert kb.count("story_links") == 0
    index = load_stories(kb)
    assert len(index) == 2 and kb.count("story_links") == 2
    assert len(kb.story(Document(text=COPY, source="x").id)) == 2


def test_stories_fetched_validators_are_kept_after_their_documents(kb: KnowledgeBase) -> None:
    url = "http://127.0.0.1:9/p"
    items = [
        page(WIRE, url),
        Fetched(url, Validators('"v"', "Mon, 04 Mar 2024 09:00:00 GMT")),
        Unchanged("http://127.0.0.1:9/q"),
    ]
    report = ingest_documents(kb, items)
    assert (report.read, report.stored, report.unchanged) == (2, 1, 1)
    assert kb.fetch_state(url) == ('"v"', "Mon, 04 Mar 2024 09:00:00 GMT")


def test_stories_validators_are_not_kept_after_a_document_failed_to_store(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(doc: Document) -> Document:
        raise KeyError("frame")

    monkeypatch.setattr(extraction, "extract_document", explode)
    url = "http://127.0.0.1:9/p"
    report = ingest_documents(kb, [page(WIRE, url), Fetched(url, Validators('"v"', None))])
    assert report.failed == 1 and kb.fetch_state(url) is None


def test_stories_unreadable_input_does_not_block_other_validators(kb: KnowledgeBase) -> None:
    url = "http://127.0.0.1:9/p"
    items = [
        InputError("http://127.0.0.1:9/bad", "server answered 500"),
        page(OTHER, url),
        Fetched(url, Validators('"v"', None)),
    ]
    ingest_documents(kb, items)
    assert kb.fetch_state(url) == ('"v"', None)


def test_stories_report_as_json_lists_failures(kb: KnowledgeBase) -> None:
    report = ingest_documents(
        kb, [InputError("a.pdf", "PDF cannot be read (x)"), page(OTHER, "http://127.0.0.1:9/p")]
    )
    assert report.to_json() == {
        "read": 2,
        "stored": 1,
        "duplicates": 0,
        "unchanged": 0,
        "failed": 1,
        "failures": [{"source": "a.pdf", "reason": "PDF cannot be read (x)"}],
    }
