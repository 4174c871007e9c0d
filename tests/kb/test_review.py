"""Corrections: stored with who, when and why; they win over extraction and survive rebuilds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from corridor.errors import CorridorError, NotFoundError
from corridor.extract import run as extraction
from corridor.kb import KnowledgeBase, ingest_documents, open_db
from corridor.kb.reextract import reextract
from corridor.kb.review import (
    Reviewer,
    ReviewError,
    confirm,
    merge_mechanisms,
    merge_people,
    reject,
    rename_mechanism,
    review_items,
    set_field,
    split_mechanism,
    split_person,
)
from corridor.model import Chair, Document, MechanismRef, Meeting, Span
from corridor.sources.reading import read_inputs

ME = Reviewer("analyst", "checked the ministry's readout")

# -- the bar: a correction holds through re-ingestion, new sources and a lexicon change -------------

REPORTS = {
    "app.txt": (
        "date 2024-03-13\n\nISLAMABAD, March 12 (APP): The third meeting of the Pakistan-Kenya Joint Trade "
        "Committee was held in Islamabad on Tuesday.\n\nThe meeting was co-chaired by Commerce Secretary Bilal "
        "Qureshi and Principal Secretary Wanjiru Mwangi.\n\nThe two sides agreed to expand trade in tea.\n"
    ),
    "nairobi.txt": (
        "date 2024-03-14\n\nNAIROBI: Kenya and Pakistan held the 3rd session of their Joint Trade Committee in "
        "Islamabad on 13 March 2024, the Ministry said.\n\nPrincipal Secretary Wanjiru Mwangi led the Kenyan "
        "delegation, while the Pakistani side was led by Commerce Secretary Bilal Qureshi.\n"
    ),
}
LATER = {
    "wire.txt": (
        "date 2024-03-15\n\nKARACHI: The 3rd meeting of the Pakistan-Kenya Joint Trade Committee, held in "
        "Islamabad on 13 March 2024, agreed to set up a business council.\n"
    ),
}
LEXICON = """
mechanisms:
  - key: pk-ke-jtc
    name: Pakistan-Kenya Joint Trade Committee
    aliases: [Joint Trade Committee]
    parties: [Pakistan, Kenya]
"""


def write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def ingest(kb: KnowledgeBase, folder: Path) -> None:
    report = ingest_documents(kb, read_inputs([str(folder)]))
    assert report.failed == 0, report.failures


def test_review_correction_holds_through_reingest_new_sources_and_lexicon_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CORRIDOR_LEXICON", raising=False)
    first = write(tmp_path / "first", REPORTS)
    with open_db(str(tmp_path / "kb.db")) as kb:
        ingest(kb, first)
        [meeting] = kb.list_meetings()
        assert meeting["conflicts"] == {"date": ["2024-03-12", "2024-03-13"]}
        assert meeting["mechanism"]["key"] != "pk-ke-jtc"  # found in the text, not in the lexicon yet
        set_field(kb, meeting["id"], "date", "2024-03-12", ME)

        ingest(kb, first)  # the same sources again
        ingest(kb, write(tmp_path / "later", LATER))  # a new source for the other day
        write(tmp_path / "lexicon", {"mechanisms.yaml": LEXICON})
        monkeypatch.setenv("CORRIDOR_LEXICON", str(tmp_path / "lexicon"))
        report = reextract(kb)

        [after] = kb.list_meetings()
        assert after["id"] == meeting["id"]
        assert after["mechanism"]["key"] == "pk-ke-jtc"  # the lexicon change took effect
        assert report.failures == [] and report.corrections == 1
        assert len(after["sources"]) == 3
        assert after["date"] == "2024-03-12"  # the correction still wins
        assert [(c["action"], c["field"], c["value"], c["author"]) for c in after["corrections"]] == [
            ("set", "date", "2024-03-12", "analyst")
        ]
        claimed = {c["value"]: len(c["sources"]) for c in kb.get_meeting(after["id"])["claims"]["date"]}
        assert claimed == {"2024-03-12": 1, "2024-03-13": 2}


# -- meetings built by hand ----------------------------------------------------------------------------

JCC = MechanismRef(
    "CPEC Joint Cooperation Committee", aliases=["JCC"], parties=["Pakistan", "China"], key="cpec-jcc"
)


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    base = open_db(":memory:")
    yield base
    base.close()


def report(kb: KnowledgeBase, source: str, *meetings: Meeting) -> list[int]:
    doc = Document(text=f"{source}: a report.", source=source, meetings=list(meetings))
    return kb.store_document(doc).meeting_ids


def jcc(ordinal: int | None = 5, **fields: Any) -> Meeting:
    return Meeting(JCC, ordinal=ordinal, evidence=[Span(0, 5)], **fields)


def snapshot(kb: KnowledgeBase) -> tuple[Any, ...]:
    tables = ("meetings", "claims", "corrections", "mechanisms", "people", "chairs")
    return tuple(kb.count(t) for t in tables), kb.list_meetings(include_rejected=True)


@pytest.mark.parametrize(
    ("action", "error"),
    [
        (lambda kb: set_field(kb, 999, "date", "2024-01-01", ME), "no meeting with id 999"),
        (lambda kb: set_field(kb, 1, "venue", "Beijing", ME), "no field 'venue'"),
        (lambda kb: set_field(kb, 1, "date", "2024-02-30", ME), "'2024-02-30' is not a date"),
        (lambda kb: set_field(kb, 1, "date", "next Tuesday", ME), "is not a date"),
        (lambda kb: set_field(kb, 1, "ordinal", "0", ME), "round '0' is not a round number"),
        (lambda kb: set_field(kb, 1, "ordinal", "fifth", ME), "is not a round number"),
        (lambda kb: set_field(kb, 1, "status", "postponed", ME), "status 'postponed'"),
        (lambda kb: set_field(kb, 1, "mode", "hybrid", ME), "mode 'hybrid'"),
        (lambda kb: confirm(kb, 1, ["venue"], ME), "no field 'venue'"),
        (lambda kb: reject(kb, 42, ME), "no meeting with id 42"),
        (lambda kb: rename_mechanism(kb, "no such body", "X", ME), "no mechanism named"),
        (lambda kb: merge_mechanisms(kb, "JCC", "JCC", ME), "the same mechanism"),
        (lambda kb: split_mechanism(kb, "JCC", "New", [], [], ME), "say what moves"),
        (lambda kb: merge_people(kb, "Ahsan Iqbal", "Nobody Known", ME), "no person named"),
        (lambda kb: set_field(kb, 1, "date", "2024", Reviewer(" ", "why")), "needs its author"),
    ],
)
def test_review_bad_corrections_are_refused_and_change_nothing(
    kb: KnowledgeBase, action: Callable[[KnowledgeBase], Any], error: str
) -> None:
    report(kb, "a", jcc(date="2024-03-10", chairs=[Chair("Ahsan Iqbal", "Minister", "Pakistan")]))
    before = snapshot(kb)
    with pytest.raises(CorridorError, match=error):
        action(kb)
    assert snapshot(kb) == before


def test_review_missing_things_are_not_found_errors(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError):
        set_field(kb, 1, "date", "2024", ME)
    with pytest.raises(ReviewError):
        report(kb, "a", jcc())
        set_field(kb, 1, "city", "12", ME)


def test_review_set_records_who_when_why_and_wins_over_later_sources(kb: KnowledgeBase) -> None:
    [meeting_id] = report(kb, "a", jcc(city="Beijing"))
    set_field(kb, meeting_id, "city", "Urumqi", ME)
    report(kb, "b", jcc(city="Beijing"))
    report(kb, "c", jcc(city="Beijing"))
    meeting = kb.get_meeting(meeting_id)
    assert meeting["city"] == "Urumqi" and meeting["conflicts"] == {}
    [correction] = meeting["corrections"]
    assert (correction["author"], correction["reason"], correction["value"]) == (
        "analyst",
        ME.reason,
        "Urumqi",
    )
    assert correction["created_at"][:2] == "20"


def test_review_null_clears_a_field(kb: KnowledgeBase) -> None:
    [meeting_id] = report(kb, "a", jcc(city="Beijing", mode="virtual"))
    assert set_field(kb, meeting_id, "city", "null", ME)["city"] is None


def test_review_confirm_pins_what_is_shown_and_leaves_the_review_list(kb: KnowledgeBase) -> None:
    [meeting_id] = report(kb, "a", jcc(date="2024-03-10"))
    report(kb, "b", jcc(date="2024-03-11"))
    assert [(i.meeting["id"], i.field, i.kind) for i in review_items(kb)] == [
        (meeting_id, "date", "conflict")
    ]
    confirm(kb, meeting_id, ["date"], ME)
    report(kb, "c", jcc(date="2024-03-11"))
    report(kb, "d", jcc(date="2024-03-11"))
    assert kb.get_meeting(meeting_id)["date"] == "2024-03-10"
    assert [i for i in review_items(kb) if i.field == "date"] == []


def test_review_list_puts_conflicts_and_rounds_first(kb: KnowledgeBase) -> None:
    report(kb, "a", jcc(5, city="Beijing"), jcc(6, date="2024-05-01"), jcc(7, mode="virtual"))
    report(
        kb,
        "b",
        jcc(5, city="Urumqi"),
        jcc(6, date="2024-05-03"),
        Meeting(JCC, "scheduled", 8, evidence=[Span(0, 5)]),
    )
    items = [(i.meeting["ordinal"], i.field, i.kind) for i in review_items(kb)]
    assert items[:2] == [(6, "date", "conflict"), (5, "city", "conflict")]
    assert (8, "ordinal", "low confidence") in items[2:]


def test_review_rejected_meeting_stays_hidden_when_reported_again(kb: KnowledgeBase) -> None:
    [meeting_id] = report(kb, "a", jcc(9))
    reject(kb, meeting_id, ME)
    report(kb, "b", jcc(9))
    assert kb.list_meetings() == []
    assert [m["id"] for m in kb.list_meetings(include_rejected=True)] == [meeting_id]
    reject(kb, meeting_id, ME, restore=True)
    assert [m["sources"] for m in kb.list_meetings()] == [["a", "b"]]


# -- corrections survive re-extraction -----------------------------------------------------------------

Table = dict[str, list[Meeting]]


def extract_from(table: Table) -> Callable[[Document], Document]:
    """An extractor that reports, for each phrase found in a text, the meetings the table gives."""

    def extract(doc: Document) -> Document:
        for phrase, meetings in table.items():
            if phrase in doc.text:
                doc.meetings.extend(meetings)
        return doc

    return extract


def texts(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, table: Table, sources: dict[str, str]) -> None:
    monkeypatch.setattr(extraction, "extract_document", extract_from(table))
    docs = [Document(text=text, source=name) for name, text in sources.items()]
    assert ingest_documents(kb, docs).failed == 0


EU_SD = MechanismRef("Pakistan-EU Strategic Dialogue", aliases=["Strategic Dialogue"],
                     parties=["Pakistan", "European Union"], key="pk-eu-sd")  # fmt: skip
EU_PD = MechanismRef("Pakistan-EU Strategic Dialogue", aliases=["Political Dialogue"],
                     parties=["Pakistan", "European Union"], key="pk-eu-sd")  # fmt: skip
EU_SD_TEXT = MechanismRef(
    "Pakistan-European Union Strategic Dialogue", parties=["Pakistan", "European Union"]
)


def test_review_mechanism_rename_merge_and_split_survive_reextraction(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    table: Table = {
        "fifth strategic": [Meeting(EU_SD, ordinal=5, evidence=[Span(0, 5)])],
        "sixth political": [Meeting(EU_PD, ordinal=6, evidence=[Span(0, 5)])],
        "fifth again": [Meeting(EU_SD_TEXT, ordinal=5, evidence=[Span(0, 5)])],
    }
    texts(kb, monkeypatch, table, {"a": "fifth strategic", "b": "sixth political", "c": "fifth again"})
    assert len(kb.list_meetings()) == 3  # the text's own name made a second mechanism
    merge_mechanisms(kb, "pk-eu-sd", "Pakistan-European Union Strategic Dialogue", ME)
    _, moved = split_mechanism(
        kb, "pk-eu-sd", "Pakistan-EU Political Dialogue", ["Political Dialogue"], [], ME
    )
    rename_mechanism(kb, "pk-eu-sd", "EU-Pakistan Strategic Dialogue", ME)

    def shape() -> list[tuple[str, int | None, int]]:
        return sorted((m["mechanism"]["name"], m["ordinal"], len(m["sources"])) for m in kb.list_meetings())

    expected = [("EU-Pakistan Strategic Dialogue", 5, 2), ("Pakistan-EU Political Dialogue", 6, 1)]
    assert shape() == expected and len(moved) == 1
    reextract(kb)
    texts(kb, monkeypatch, table, {"d": "sixth political, again", "e": "fifth again, once more"})
    assert shape() == [("EU-Pakistan Strategic Dialogue", 5, 3), ("Pakistan-EU Political Dialogue", 6, 2)]


def test_review_people_merge_and_split_survive_reextraction(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    def chaired(ordinal: int, *chairs: Chair) -> list[Meeting]:
        return [Meeting(JCC, ordinal=ordinal, chairs=list(chairs), evidence=[Span(0, 5)])]

    table: Table = {
        "round one": chaired(1, Chair("Ahsan Iqbal", "Minister for Planning", "Pakistan")),
        "round two": chaired(2, Chair("A. Iqbal Khan", "Planning Minister", "Pakistan")),
        "round three": chaired(3, Chair("Li Wei", "Vice Chairman", "China")),
        "round four": chaired(4, Chair("Li Wei", "Director General", "China")),
    }
    texts(kb, monkeypatch, table, {n: n for n in table})
    assert sorted(p["chairs"] for p in kb.list_people()) == [1, 1, 2]  # the two Li Weis are one so far
    merge_people(kb, "Ahsan Iqbal", "A. Iqbal Khan", ME)
    fourth = next(m["id"] for m in kb.list_meetings() if m["ordinal"] == 4)
    split_person(kb, "Li Wei", ["Li Wei"], None, ME, meetings=[fourth])

    def people() -> list[tuple[str, int]]:
        return sorted((p["name"], p["chairs"]) for p in kb.list_people())

    assert people() == [("Ahsan Iqbal", 2), ("Li Wei", 1), ("Li Wei", 1)]
    reextract(kb)
    texts(kb, monkeypatch, table, {"again": "round two, round four"})
    assert people() == [("Ahsan Iqbal", 3), ("Li Wei", 1), ("Li Wei", 2)]
