"""Corrections of everything a meeting shows besides its fields: chairs, parties, its mechanism,
splits and merges; each survives new sources and re-extraction, and each can be undone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from corridor.errors import CorridorError
from corridor.kb import KnowledgeBase, ingest_documents, open_db
from corridor.kb.reextract import reextract
from corridor.kb.review import (
    Reviewer,
    correct_chair,
    merge_meetings,
    move_meeting,
    set_field,
    split_meeting,
    undo,
)
from corridor.model import Chair, Document, MechanismRef, Meeting, Span

ME = Reviewer("analyst", "checked the ministry's readout")
JCC = MechanismRef("CPEC Joint Cooperation Committee", parties=["Pakistan", "China"], key="cpec-jcc")
JWG = MechanismRef("Joint Working Group on Industrial Cooperation", parties=["Pakistan"], key=None)
IQBAL = Chair("Ahsan Iqbal", "Minister for Planning", "Pakistan")
HE = Chair("He Lifeng", "Chairman of the NDRC", "China")

Table = dict[str, list[Meeting]]


def extractor(table: Table) -> Callable[[Document], Document]:
    """Reports, for each phrase found in a text, the meetings the table gives."""

    def extract(doc: Document) -> Document:
        doc.meetings = [m for phrase, meetings in table.items() if phrase in doc.text for m in meetings]
        return doc

    return extract


def meeting(ref: MechanismRef = JCC, ordinal: int | None = 5, **fields: Any) -> Meeting:
    return Meeting(ref, ordinal=ordinal, evidence=[Span(0, 5)], **fields)


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    base = open_db(":memory:")
    yield base
    base.close()


def add(kb: KnowledgeBase, table: Table, *texts: str) -> None:
    extract = extractor(table)
    docs = [extract(Document(text=text, source=text)) for text in texts]
    for doc in docs:
        kb.store_document(doc)


def rebuild(kb: KnowledgeBase, table: Table) -> None:
    assert reextract(kb, extractor(table)).failures == []


def chairs(kb: KnowledgeBase, meeting_id: int) -> list[tuple[str, str | None, str | None]]:
    return [(c["name"], c["title"], c["country"]) for c in kb.get_meeting(meeting_id)["chairs"]]


def test_review_chairs_are_added_removed_and_edited_and_survive_reextraction(kb: KnowledgeBase) -> None:
    table: Table = {"fifth": [meeting(chairs=[IQBAL, Chair("Lu Kang", "Vice Minister", "China")])]}
    add(kb, table, "fifth session")
    [m] = kb.list_meetings()
    correct_chair(kb, m["id"], "remove", "Lu Kang", ME)
    correct_chair(kb, m["id"], "add", "He Lifeng", ME, title="Chairman of the NDRC", side="China")
    correct_chair(kb, m["id"], "edit", "Ahsan Iqbal", ME, title="Federal Minister for Planning")
    expected = [
        ("Ahsan Iqbal", "Federal Minister for Planning", "Pakistan"),
        ("He Lifeng", "Chairman of the NDRC", "China"),
    ]
    assert chairs(kb, m["id"]) == expected
    history = kb.get_meeting(m["id"])["corrections"]
    assert [(c["action"], c["author"], c["reason"]) for c in history] == [
        ("chair-remove", "analyst", ME.reason),
        ("chair-add", "analyst", ME.reason),
        ("chair-edit", "analyst", ME.reason),
    ]
    add(kb, table, "fifth session, again")  # a new source naming the removed chair
    rebuild(kb, table)
    assert chairs(kb, m["id"]) == expected
    he = kb.get_meeting(m["id"])["chairs"][1]["person"]
    assert kb.list_people(str(he))[0]["name"] == "He Lifeng"  # the added chair is a person one can find


def test_review_set_chairs_replaces_the_list_and_undo_brings_back_the_sources(kb: KnowledgeBase) -> None:
    add(kb, {"fifth": [meeting(chairs=[IQBAL])]}, "fifth session")
    [m] = kb.list_meetings()
    set_field(kb, m["id"], "chairs", "He Lifeng | Chairman of the NDRC | China; Ahsan Iqbal", ME)
    assert chairs(kb, m["id"]) == [
        ("He Lifeng", "Chairman of the NDRC", "China"),
        ("Ahsan Iqbal", None, None),
    ]
    [correction] = kb.get_meeting(m["id"])["corrections"]
    undo(kb, correction["id"], ME)
    assert chairs(kb, m["id"]) == [("Ahsan Iqbal", "Minister for Planning", "Pakistan")]
    [done, undone] = kb.get_meeting(m["id"])["corrections"]
    assert done["undone_by"] == undone["id"] and undone["action"] == "undo"


def test_review_undo_of_a_field_brings_back_the_chosen_value(kb: KnowledgeBase) -> None:
    add(kb, {"fifth": [meeting(city="Beijing")]}, "fifth session")
    [m] = kb.list_meetings()
    set_field(kb, m["id"], "city", "Urumqi", ME)
    [correction] = kb.corrections("meeting", m["id"])
    undo(kb, correction["id"], ME)
    assert kb.get_meeting(m["id"])["city"] == "Beijing"
    with pytest.raises(CorridorError, match="undone already"):
        undo(kb, correction["id"], ME)


def test_review_parties_hold_against_later_accounts_and_undo_restores_them(kb: KnowledgeBase) -> None:
    wrong = MechanismRef("CPEC Joint Cooperation Committee", parties=["Pakistan", "India"], key="cpec-jcc")
    add(kb, {"fifth": [meeting()]}, "fifth session")
    [m] = kb.list_meetings()
    set_field(kb, m["id"], "parties", "Pakistan; China; Afghanistan", ME)
    add(kb, {"sixth": [meeting(wrong, 6)]}, "sixth session")
    assert kb.get_meeting(m["id"])["mechanism"]["parties"] == ["Pakistan", "China", "Afghanistan"]
    [correction] = kb.corrections("mechanism")
    assert correction["field"] == "parties"
    undo(kb, correction["id"], ME)
    assert kb.get_meeting(m["id"])["mechanism"]["parties"] == ["Pakistan", "China"]


def test_review_moved_meeting_keeps_its_mechanism_for_new_sources_and_reextraction(kb: KnowledgeBase) -> None:
    table: Table = {"fifth": [meeting()], "working": [meeting(JWG, 2)]}
    add(kb, table, "fifth session", "working group")
    fifth = next(m["id"] for m in kb.list_meetings() if m["ordinal"] == 5)
    moved = move_meeting(kb, fifth, "Joint Working Group on Industrial Cooperation", ME)
    assert kb.get_meeting(moved)["mechanism"]["name"] == JWG.name
    add(kb, table, "fifth session, a new report")
    rebuild(kb, table)
    shown = sorted((m["mechanism"]["name"], m["ordinal"], len(m["sources"])) for m in kb.list_meetings())
    assert shown == [(JWG.name, 2, 1), (JWG.name, 5, 2)]
    [correction] = kb.corrections("meeting", moved)
    undo(kb, correction["id"], ME)
    assert kb.get_meeting(moved)["mechanism"]["name"] == JCC.name


def test_review_set_mechanism_moves_the_meeting(kb: KnowledgeBase) -> None:
    add(kb, {"fifth": [meeting()], "working": [meeting(JWG, 2)]}, "fifth session", "working group")
    fifth = next(m["id"] for m in kb.list_meetings() if m["ordinal"] == 5)
    assert set_field(kb, fifth, "mechanism", JWG.name, ME)["mechanism"]["name"] == JWG.name


def test_review_split_meeting_stays_split_through_reextraction_and_undo_joins_it(kb: KnowledgeBase) -> None:
    table: Table = {"march": [meeting(date="2024-03-10")], "september": [meeting(date="2024-09-02")]}
    add(kb, table, "march session", "september session", "march session again")
    [m] = kb.list_meetings()
    assert m["conflicts"] == {"date": ["2024-03-10", "2024-09-02"]}
    new_id = split_meeting(kb, m["id"], ["september session"], ME)
    rebuild(kb, table)

    def shown() -> list[tuple[int, str | None, int]]:
        return sorted((m["id"], m["date"], len(m["sources"])) for m in kb.list_meetings())

    assert shown() == [(m["id"], "2024-03-10", 2), (new_id, "2024-09-02", 1)]
    [correction] = kb.corrections("meeting", new_id)
    assert correction["value"]["from"] == m["id"]
    undo(kb, correction["id"], ME)
    assert [(i, n) for i, _, n in shown()] == [(m["id"], 3)]


def test_review_merged_meetings_stay_one_through_reextraction_and_undo_parts_them(kb: KnowledgeBase) -> None:
    table: Table = {"fifth": [meeting(JCC, 5)], "sixth": [meeting(JCC, 6)]}
    add(kb, table, "fifth session", "sixth session")
    fifth, sixth = (m["id"] for m in sorted(kb.list_meetings(), key=lambda m: m["ordinal"]))
    merge_meetings(kb, fifth, sixth, ME)
    set_field(kb, fifth, "ordinal", "5", ME)
    rebuild(kb, table)
    add(kb, table, "sixth session, later")
    assert [(m["id"], len(m["sources"])) for m in kb.list_meetings()] == [(fifth, 3)]
    merge = next(c for c in kb.corrections("meeting", fifth) if c["action"] == "merge")
    undo(kb, merge["id"], ME)
    assert sorted(len(m["sources"]) for m in kb.list_meetings()) == [1, 2]


@pytest.mark.parametrize(
    ("action", "error"),
    [
        (lambda kb: correct_chair(kb, 1, "remove", "Nobody Known", ME), "is not one chair of meeting 1"),
        (lambda kb: correct_chair(kb, 1, "edit", "Ahsan Iqbal", ME), "say what changes"),
        (lambda kb: correct_chair(kb, 1, "promote", "Ahsan Iqbal", ME), "one of add, remove, edit"),
        (lambda kb: set_field(kb, 1, "chairs", "A | B | C | D", ME), "NAME | TITLE | SIDE"),
        (lambda kb: set_field(kb, 1, "parties", " ; 12", ME), "names no parties"),
        (lambda kb: set_field(kb, 1, "mechanism", "cpec-jcc", ME), "already a meeting of mechanism"),
        (lambda kb: set_field(kb, 1, "venue", "Beijing", ME), "chairs, parties, mechanism"),
        (lambda kb: split_meeting(kb, 1, ["fifth session"], ME), "every document of meeting 1"),
        (lambda kb: split_meeting(kb, 1, ["nothing"], ME), "is not one document of meeting 1"),
        (lambda kb: merge_meetings(kb, 1, 1, ME), "one meeting already"),
        (lambda kb: undo(kb, 99, ME), "no correction with id 99"),
    ],
)
def test_review_bad_meeting_corrections_are_refused_and_change_nothing(
    kb: KnowledgeBase, action: Callable[[KnowledgeBase], Any], error: str
) -> None:
    add(kb, {"fifth": [meeting(chairs=[IQBAL])]}, "fifth session")
    before = (kb.count("corrections"), kb.count("people"), kb.list_meetings())
    with pytest.raises(CorridorError, match=error):
        action(kb)
    assert (kb.count("corrections"), kb.count("people"), kb.list_meetings()) == before


def test_review_storage_ingest_documents_still_works_with_corrections(kb: KnowledgeBase) -> None:
    """Ingestion through the pipeline entry point meets the new placement rules without error."""
    add(kb, {"fifth": [meeting()]}, "fifth session")
    [m] = kb.list_meetings()
    set_field(kb, m["id"], "city", "Urumqi", ME)
    report = ingest_documents(kb, [Document(text="no meeting here", source="plain")])
    assert report.failed == 0
