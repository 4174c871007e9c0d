"""Undoing merges, splits and renames of people and mechanisms: the rows they changed come back
exactly, the undo is recorded with who, when and why, and an undo that could not restore the
state before is refused without changing anything."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from corridor.errors import CorridorError
from corridor.kb import KnowledgeBase, open_db
from corridor.kb.reextract import reextract
from corridor.kb.review import (
    Reviewer,
    can_undo,
    merge_mechanisms,
    merge_people,
    rename_mechanism,
    set_field,
    split_mechanism,
    split_person,
    undo,
)
from corridor.kb.storage.journal import JOURNALED
from corridor.model import Chair, Document, MechanismRef, Meeting, Span

ME = Reviewer("analyst", "checked the ministry's readout")
BACK = Reviewer("editor", "the two were right apart")
JCC = MechanismRef("CPEC Joint Cooperation Committee", parties=["Pakistan", "China"], key="cpec-jcc")
JWG = MechanismRef("Joint Working Group on Industrial Cooperation", parties=["Pakistan", "China"])
IQBAL = Chair("Ahsan Iqbal", "Minister for Planning", "Pakistan")
KHAN = Chair("A. Iqbal Khan", "Planning Minister", "Pakistan")
HE = Chair("He Lifeng", "Chairman of the NDRC", "China")

Table = dict[str, list[Meeting]]
TABLE: Table = {
    "fifth": [Meeting(JCC, ordinal=5, chairs=[IQBAL, HE], evidence=[Span(0, 5)])],
    "sixth": [Meeting(JCC, ordinal=6, chairs=[KHAN], evidence=[Span(0, 5)])],
    "working": [Meeting(JWG, ordinal=2, chairs=[IQBAL], evidence=[Span(0, 5)])],
    "group": [Meeting(JWG, ordinal=6, chairs=[KHAN], evidence=[Span(0, 5)])],
}


def extract(doc: Document) -> Document:
    doc.meetings = [m for phrase, meetings in TABLE.items() if phrase in doc.text for m in meetings]
    return doc


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    base = open_db(":memory:")
    for text in ("fifth session", "sixth session", "working group, second", "sixth working group"):
        base.store_document(extract(Document(text=text, source=text)))
    # A correction of the working group's sixth round, which a merge folds into the JCC's sixth.
    set_field(base, mechanism_of(base, 6, JWG.name), "city", "Karachi", ME)
    yield base
    base.close()


def state(kb: KnowledgeBase) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a correction may change (corrections themselves: as they were)."""
    out = {}
    for table in (*(t for t in JOURNALED if t != "corrections"), "meeting_summaries"):
        rows = kb.conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
        out[table] = [tuple(r) for r in rows]
    out["corrections"] = [
        tuple(r) for r in kb.conn.execute("SELECT id, target, target_id FROM corrections WHERE id = 1")
    ]
    return out


def person(kb: KnowledgeBase, name: str) -> str:
    return str(kb.person_ids(name)[0])


def mechanism_of(kb: KnowledgeBase, ordinal: int, name: str) -> int:
    return next(
        m["id"] for m in kb.list_meetings() if m["ordinal"] == ordinal and m["mechanism"]["name"] == name
    )


CHANGES: dict[str, Callable[[KnowledgeBase], Any]] = {
    "person merge": lambda kb: merge_people(kb, "Ahsan Iqbal", "A. Iqbal Khan", ME),
    "person split by spelling": lambda kb: split_person(
        kb, person(kb, "Ahsan Iqbal"), ["Ahsan Iqbal"], None, ME
    ),
    "person split at a meeting": lambda kb: split_person(
        kb, person(kb, "He Lifeng"), [], None, ME, [mechanism_of(kb, 5, JCC.name)]
    ),
    "mechanism merge": lambda kb: merge_mechanisms(kb, "cpec-jcc", JWG.name, ME),
    "mechanism split": lambda kb: split_mechanism(
        kb, "cpec-jcc", "CPEC Sixth Committee", [], [mechanism_of(kb, 6, JCC.name)], ME
    ),
    "mechanism rename": lambda kb: rename_mechanism(kb, "cpec-jcc", "CPEC JCC", ME),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_review_undo_restores_exactly_the_state_before(
    kb: KnowledgeBase, change: Callable[[KnowledgeBase], Any]
) -> None:
    before = state(kb)
    change(kb)
    assert state(kb) != before
    [done] = [c for c in kb.corrections() if c["target"] != "meeting" or c["field"] == "mechanism"][:1]
    assert can_undo(done)
    undo(kb, done["id"], BACK)
    assert state(kb) == before


def test_review_undo_of_a_merge_is_recorded_with_who_when_and_why(kb: KnowledgeBase) -> None:
    keep = merge_people(kb, "Ahsan Iqbal", "A. Iqbal Khan", ME)
    [merge] = kb.corrections("person", keep)
    done = undo(kb, merge["id"], BACK)
    assert (done["action"], done["author"], done["reason"]) == ("undo", "editor", "the two were right apart")
    assert done["value"] == {"id": merge["id"], "action": "merge"} and done["created_at"]
    assert kb.correction(merge["id"])["undone_by"] == done["id"]
    assert not can_undo(kb.correction(merge["id"]))
    with pytest.raises(CorridorError, match="undone already"):
        undo(kb, merge["id"], BACK)


def test_review_people_parted_by_undo_stay_apart_for_new_reports(kb: KnowledgeBase) -> None:
    chaired = {p["name"]: p["chairs"] for p in kb.list_people()}
    keep = merge_people(kb, "Ahsan Iqbal", "A. Iqbal Khan", ME)
    [merge] = kb.corrections("person", keep)
    undo(kb, merge["id"], BACK)
    kb.store_document(extract(Document(text="sixth session, a later report", source="later")))
    assert kb.person_ids("A. Iqbal Khan") != kb.person_ids("Ahsan Iqbal")
    now = {p["name"]: p["chairs"] for p in kb.list_people()}
    assert now == {**chaired, "A. Iqbal Khan": chaired["A. Iqbal Khan"] + 1}


def test_review_undo_waits_for_later_corrections_of_the_same_rows(kb: KnowledgeBase) -> None:
    merge_mechanisms(kb, "cpec-jcc", JWG.name, ME)
    split_mechanism(kb, "cpec-jcc", "Working Group", [], [mechanism_of(kb, 2, JCC.name)], ME)
    merge, split = kb.corrections("mechanism")
    before = state(kb)
    with pytest.raises(CorridorError, match=f"undo {split['id']} first"):
        undo(kb, merge["id"], BACK)
    assert state(kb) == before
    undo(kb, split["id"], BACK)
    undo(kb, merge["id"], BACK)
    assert sorted(m["mechanism"]["name"] for m in kb.list_meetings()) == [
        JCC.name,
        JCC.name,
        JWG.name,
        JWG.name,
    ]


def test_review_undo_after_reextraction_replaced_the_rows_is_refused_and_changes_nothing(
    kb: KnowledgeBase,
) -> None:
    keep = merge_people(kb, "Ahsan Iqbal", "A. Iqbal Khan", ME)
    [merge] = kb.corrections("person", keep)
    assert reextract(kb, extract).failures == []
    before = state(kb)
    with pytest.raises(CorridorError, match="cannot be undone exactly"):
        undo(kb, merge["id"], BACK)
    assert state(kb) == before and kb.correction(merge["id"])["undone_by"] is None


def test_review_undo_of_a_mechanism_split_takes_back_the_moves_it_noted(kb: KnowledgeBase) -> None:
    sixth = mechanism_of(kb, 6, JCC.name)
    new_id, _ = split_mechanism(kb, "cpec-jcc", "CPEC Sixth Committee", [], [sixth], ME)
    [split] = kb.corrections("mechanism", new_id)
    [moved] = [c for c in kb.corrections("meeting", sixth) if c["field"] == "mechanism"]
    done = undo(kb, split["id"], BACK)
    assert kb.correction(moved["id"])["undone_by"] == done["id"]
    assert kb.get_meeting(sixth)["mechanism"]["name"] == JCC.name and not kb.mechanism_ids("CPEC Sixth")


def test_review_merge_made_before_changes_were_noted_cannot_be_undone_but_says_what_to_do(
    kb: KnowledgeBase,
) -> None:
    keep = merge_people(kb, "Ahsan Iqbal", "He Lifeng", ME)
    [merge] = kb.corrections("person", keep)
    kb.conn.execute("DELETE FROM correction_changes")
    assert not can_undo(kb.correction(merge["id"]))
    with pytest.raises(CorridorError, match="split what was merged"):
        undo(kb, merge["id"], BACK)


def test_review_ids_a_merge_took_away_are_not_given_again_so_undo_can_bring_them_back(
    kb: KnowledgeBase,
) -> None:
    newest_person = max(p["id"] for p in kb.list_people())
    merge_people(kb, "Ahsan Iqbal", str(newest_person), ME)
    gone = max(kb.conn.execute("SELECT row_id FROM correction_changes WHERE tbl = 'people'"))[0]
    newest = Meeting(
        JCC, ordinal=7, chairs=[Chair("Zhao Lei", "Vice Minister", "China")], evidence=[Span(0, 5)]
    )
    kb.store_document(Document(text="seventh", source="seventh", meetings=[newest]))
    assert kb.person_ids("Zhao Lei")[0] > gone
    [merge] = kb.corrections("person")
    undo(kb, merge["id"], BACK)
    assert gone == newest_person and kb.list_people(str(gone))[0]["chairs"]


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_review_undo_after_later_reports_keeps_them_with_what_comes_back(
    kb: KnowledgeBase, change: Callable[[KnowledgeBase], Any]
) -> None:
    def names() -> tuple[list[str], list[str]]:
        people = sorted(p["name"] for p in kb.list_people())
        return people, sorted(m["name"] for m in kb.mechanisms_overview())

    before = names()
    change(kb)
    kb.store_document(extract(Document(text="fifth session and sixth working group, later", source="later")))
    [done] = [c for c in kb.corrections() if c["target"] != "meeting" or c["field"] == "mechanism"][:1]
    undo(kb, done["id"], BACK)
    assert names() == before
    assert all(m["sources"] for m in kb.list_meetings())
