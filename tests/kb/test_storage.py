"""The SQLite knowledge base, fed Documents built by hand so no extractor is involved."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from corridor.errors import NotFoundError, StorageError
from corridor.kb import storage
from corridor.kb.storage import MIGRATIONS, KnowledgeBase, mechanism_key, open_db
from corridor.model import Chair, Document, MechanismRef, Meeting, Span, Statement
from corridor.schema import load as load_schema

JCC = MechanismRef(
    name="CPEC Joint Cooperation Committee",
    aliases=["JCC"],
    parties=["Pakistan", "China"],
    programme="CPEC",
    key="cpec_jcc",
)
JMC = MechanismRef(
    name="Pakistan-Uzbekistan Joint Ministerial Commission", parties=["Pakistan", "Uzbekistan"]
)

TABLES = (
    "documents",
    "mechanisms",
    "mechanism_aliases",
    "meetings",
    "meeting_sources",
    "people",
    "offices",
    "chairs",
    "statements",
)


def make_meeting(mechanism: MechanismRef = JCC, **fields: Any) -> Meeting:
    """A meeting whose evidence is the first 20 characters of its document."""
    fields.setdefault("evidence", [Span(0, 20)])
    return Meeting(mechanism=mechanism, **fields)


def make_doc(text: str, source: str, *meetings: Meeting, statements: tuple[Statement, ...] = ()) -> Document:
    return Document(
        text=text,
        source=source,
        published=date(2024, 3, 11),
        meetings=list(meetings),
        statements=list(statements),
    )


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    base = open_db(":memory:")
    yield base
    base.close()


def counts(kb: KnowledgeBase) -> dict[str, int]:
    return {table: kb.count(table) for table in TABLES}


# -- opening and migrating ------------------------------------------------------------


def test_storage_migrates_an_empty_file_and_reopens_it(tmp_path: Path) -> None:
    path = str(tmp_path / "kb.db")
    with open_db(path) as kb:
        assert kb.version == len(MIGRATIONS)
        assert kb.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert kb.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        kb.store_document(make_doc("The 5th JCC was held in Beijing.", "a.txt", make_meeting(ordinal=5)))
    with open_db(path) as kb:
        assert kb.version == len(MIGRATIONS)
        assert kb.count("meetings") == 1
        assert kb.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_storage_applies_only_the_migrations_a_base_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "kb.db")
    with monkeypatch.context() as m:
        m.setattr(storage.base, "MIGRATIONS", MIGRATIONS[:1])
        with open_db(path) as kb:
            assert kb.version == 1
            kb.conn.execute(
                "INSERT INTO documents (id, source, text, ingested_at)"
                " VALUES ('d1', 'old.txt', 'A JCC round from before search existed.', '2024-01-01')"
            )
    with open_db(path) as kb:
        assert kb.version == len(MIGRATIONS)
        assert [r["source"] for r in kb.search_documents("before search")] == ["old.txt"]


def test_storage_migration_indexes_names_stored_before_by_their_distinctive_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "kb.db")
    with monkeypatch.context() as m:
        m.setattr(storage.base, "MIGRATIONS", MIGRATIONS[:6])
        with open_db(path) as kb:
            kb.conn.executescript(
                """
                INSERT INTO mechanisms (id, key, name, parties, lexicon) VALUES
                    (7, 'strategic security consultations|ethiopia,kenya',
                     'Kenya-Ethiopia strategic security consultations', '["Kenya", "Ethiopia"]', 0);
                INSERT INTO mechanism_keys VALUES ('strategic security consultations|ethiopia,kenya', 7);
                INSERT INTO mechanism_names VALUES ('strategic security consultations', 'ethiopia,kenya', 7, 0);
                """
            )
    variant = MechanismRef(
        "Ethiopia-Kenya consultations on strategic security", parties=["Ethiopia", "Kenya"]
    )
    with open_db(path) as kb:
        kb.store_document(
            make_doc("Ethiopia and Kenya held talks.", "b.txt", make_meeting(variant, ordinal=3))
        )
        assert kb.count("mechanisms") == 1
        assert kb.conn.execute("SELECT mechanism_id FROM meetings").fetchone()[0] == 7


# Each process waits on a lock the test holds, so all of them open the base the moment it lets go.
OPEN_WHEN_RELEASED = """
import fcntl, sys
from corridor.kb.storage import open_db
with open(sys.argv[2], "rb") as gate:
    print("ready", flush=True)
    fcntl.flock(gate, fcntl.LOCK_SH)
    open_db(sys.argv[1]).close()
"""


def test_storage_processes_creating_one_base_at_once_migrate_it_once(tmp_path: Path) -> None:
    """Several processes (ingests started together) open the same new file at the same moment."""
    fcntl = pytest.importorskip("fcntl")
    for attempt in range(3):
        path, gate = tmp_path / f"kb{attempt}.db", tmp_path / f"gate{attempt}"
        gate.touch()
        with open(gate, "rb") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            processes = [
                subprocess.Popen(
                    [sys.executable, "-c", OPEN_WHEN_RELEASED, str(path), str(gate)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(4)
            ]
            for process in processes:
                assert process.stdout is not None and process.stdout.readline() == "ready\n"
            time.sleep(0.2)  # each is now blocked on the lock
        failures = [p.communicate(timeout=60)[1] for p in processes if p.wait(timeout=60) != 0]
        assert failures == []
        with open_db(str(path)) as kb:
            assert kb.version == len(MIGRATIONS)
            assert kb.count("documents") == 0


def test_storage_split_statements_keeps_trigger_bodies_whole() -> None:
    script = MIGRATIONS[5]
    statements = storage.base.split_statements(script)
    triggers = [s for s in statements if s.startswith("CREATE TRIGGER")]
    assert len(triggers) == 3 and all(s.endswith("END;") for s in triggers)
    assert all(sqlite3.complete_statement(s) for s in statements)


def test_storage_refuses_a_base_from_a_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StorageError, match="upgrade corridor"):
        open_db(str(path))


def test_storage_rejects_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are not pages of a database\n" * 200)
    with pytest.raises(StorageError, match="not a usable knowledge base"):
        open_db(str(path))


def test_storage_must_exist_neither_opens_nor_creates_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(StorageError, match="corridor ingest"):
        open_db(str(path), must_exist=True)
    assert not path.exists()


# -- writing ----------------------------------------------------------------------------


def test_storage_same_document_twice_is_stored_once(kb: KnowledgeBase) -> None:
    text = "The 5th JCC was held in Beijing. Ahsan Iqbal co-chaired."
    chair = Chair("Ahsan Iqbal", "Minister for Planning", "Pakistan")
    first = kb.store_document(make_doc(text, "a.txt", make_meeting(ordinal=5, chairs=[chair])))
    after_first = counts(kb)
    second = kb.store_document(make_doc(text, "copy-of-a.txt", make_meeting(ordinal=5, chairs=[chair])))
    assert (first.status, second.status) == ("stored", "unchanged")
    assert counts(kb) == after_first
    assert after_first["documents"] == after_first["meetings"] == after_first["chairs"] == 1


def test_storage_failure_mid_document_keeps_nothing_of_it(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb.store_document(
        make_doc("The 5th JCC will be held next month.", "a.txt", make_meeting(ordinal=5, status="scheduled"))
    )
    before = counts(kb)
    failing = make_doc(
        "The 5th JCC was held in Beijing on 10 March. Both sides agreed on power projects.",
        "b.txt",
        make_meeting(
            ordinal=5, date="2024-03-10", city="Beijing", chairs=[Chair("He Lifeng", None, "China")]
        ),
        make_meeting(JMC, ordinal=2),
        statements=(Statement("agree", ["energy"], Span(45, 81), meeting=0),),
    )

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(KnowledgeBase, "_insert_statement", broken)
    with pytest.raises(RuntimeError):
        kb.store_document(failing)
    assert counts(kb) == before
    assert not kb.has_document(failing.id)
    assert kb.search_documents("Beijing") == []
    [meeting] = kb.list_meetings()
    assert (meeting["status"], meeting["date"], meeting["city"]) == ("scheduled", None, None)


def test_storage_sqlite_errors_become_storage_errors(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*args: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(KnowledgeBase, "_insert_claims", locked)
    doc = make_doc("The 5th JCC was held.", "a.txt", make_meeting(ordinal=5))
    with pytest.raises(StorageError, match="nothing of this document was kept"):
        kb.store_document(doc)
    assert counts(kb) == dict.fromkeys(TABLES, 0)


# -- merging ----------------------------------------------------------------------------


def test_storage_two_documents_on_one_round_make_one_meeting(kb: KnowledgeBase) -> None:
    a = kb.store_document(
        make_doc(
            "The 5th JCC meeting is expected soon.", "a.txt", make_meeting(ordinal=5, status="scheduled")
        )
    )
    b = kb.store_document(
        make_doc(
            "The 5th JCC was held in Beijing on 10 March 2024.",
            "b.txt",
            make_meeting(ordinal=5, date="2024-03-10", city="Beijing", country="China", mode="in_person"),
        )
    )
    assert a.meeting_ids == b.meeting_ids
    [meeting] = kb.list_meetings()
    assert meeting["sources"] == ["a.txt", "b.txt"]
    assert meeting["documents"] == [a.document_id, b.document_id]
    assert (meeting["status"], meeting["date"], meeting["city"], meeting["mode"]) == (
        "held",
        "2024-03-10",
        "Beijing",
        "in_person",
    )
    reports = kb.get_meeting(meeting["id"])["reports"]
    assert [r["meeting"]["status"] for r in reports] == ["scheduled", "held"]
    assert [r["evidence"][0]["text"] for r in reports] == ["The 5th JCC meeting ", "The 5th JCC was held"]


def test_storage_joins_by_date_when_the_ordinal_is_missing(kb: KnowledgeBase) -> None:
    first = kb.store_document(make_doc("The JCC met on 10 March.", "a.txt", make_meeting(date="2024-03-10")))
    same_day = kb.store_document(
        make_doc("JCC talks ended on 10 March.", "b.txt", make_meeting(date="2024-03-10"))
    )
    with_round = kb.store_document(
        make_doc("The 6th JCC met on 10 March.", "c.txt", make_meeting(ordinal=6, date="2024-03-10"))
    )
    other_body = kb.store_document(
        make_doc("The JMC also met on 10 March.", "d.txt", make_meeting(JMC, date="2024-03-10"))
    )
    assert first.meeting_ids == same_day.meeting_ids == with_round.meeting_ids
    assert other_body.meeting_ids != first.meeting_ids
    assert kb.get_meeting(first.meeting_ids[0])["ordinal"] == 6


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"ordinal": 5}, {"ordinal": 6}),
        ({"ordinal": 5, "date": "2024-03-10"}, {"ordinal": 6, "date": "2024-03-10"}),
        ({"date": "2024-03-10"}, {"date": "2024-04-02"}),
        ({}, {}),
    ],
)
def test_storage_different_rounds_stay_apart(
    kb: KnowledgeBase, one: dict[str, Any], other: dict[str, Any]
) -> None:
    kb.store_document(make_doc("One JCC meeting took place.", "a.txt", make_meeting(**one)))
    kb.store_document(make_doc("Another JCC meeting took place.", "b.txt", make_meeting(**other)))
    assert kb.count("meetings") == 2


def test_storage_storing_a_document_never_scans_a_table(kb: KnowledgeBase) -> None:
    for n in range(1, 4):
        kb.store_document(
            make_doc(
                f"JCC round {n}.",
                f"{n}.txt",
                make_meeting(
                    ordinal=n, date=f"2024-0{n}-10", chairs=[Chair(f"Officer {n}", "Secretary", "Pakistan")]
                ),
            )
        )
    statements: list[str] = []
    kb.conn.set_trace_callback(statements.append)
    kb.store_document(make_doc("JCC round 9.", "x.txt", make_meeting(ordinal=9, date="2024-02")))
    kb.store_document(make_doc("JCC round 3 again.", "y.txt", make_meeting(date="2024-03")))
    kb.store_document(
        make_doc(
            "JCC met on 11 Jan.",
            "z.txt",
            make_meeting(date="2024-01-11", chairs=[Chair("Officer 1", None, None)]),
        )
    )
    kb.conn.set_trace_callback(None)
    reads = [sql for sql in statements if sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))]
    assert any("FROM claims WHERE mechanism_id" in sql for sql in reads)
    for sql in reads:
        plan = " ".join(row[3] for row in kb.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert not re.search(r"\bSCAN (?!CONSTANT)", plan), (sql, plan)
    assert (
        kb.count("meetings") == 4
    )  # round 9 is new; the March and 11 January accounts joined rounds 3 and 1


def test_storage_mechanism_aliases_and_parties_accumulate(kb: KnowledgeBase) -> None:
    again = MechanismRef(
        name="Joint Cooperation Committee",
        aliases=["jcc", "CPEC JCC"],
        parties=["China", "Pakistan", "Afghanistan"],
        key="cpec_jcc",
    )
    kb.store_document(make_doc("The 5th JCC.", "a.txt", make_meeting(ordinal=5)))
    kb.store_document(
        make_doc("The 5th Joint Cooperation Committee.", "b.txt", make_meeting(again, ordinal=5))
    )
    [meeting] = kb.list_meetings()
    mechanism = meeting["mechanism"]
    assert mechanism["name"] == JCC.name
    assert mechanism["aliases"] == ["JCC", "Joint Cooperation Committee", "CPEC JCC"]
    assert mechanism["parties"] == ["Pakistan", "China", "Afghanistan"]
    assert (mechanism["programme"], mechanism["key"]) == ("CPEC", "cpec_jcc")


@pytest.mark.parametrize(
    ("ref", "key"),
    [
        (MechanismRef(name="Anything", key="cpec_jcc"), "cpec_jcc"),
        (MechanismRef(name="Pakistan-China Strategic Dialogue"), "china dialogue pakistan strategic"),
        (MechanismRef(name="  Pakistan–China  strategic dialogue. "), "china dialogue pakistan strategic"),
        (MechanismRef(name="JWG (ICC)"), "icc jwg"),
    ],
)
def test_storage_mechanism_identity(ref: MechanismRef, key: str) -> None:
    assert mechanism_key(ref) == key


def test_storage_mechanisms_without_a_key_meet_by_normalised_name(kb: KnowledgeBase) -> None:
    one = MechanismRef(name="Pakistan-China Strategic Dialogue")
    other = MechanismRef(name="Pakistan–China strategic dialogue")
    kb.store_document(make_doc("The 3rd Strategic Dialogue.", "a.txt", make_meeting(one, ordinal=3)))
    kb.store_document(make_doc("The 3rd strategic dialogue.", "b.txt", make_meeting(other, ordinal=3)))
    assert (kb.count("mechanisms"), kb.count("meetings")) == (1, 1)


def test_storage_chairs_are_one_per_person(kb: KnowledgeBase) -> None:
    first = [Chair("Ahsan Iqbal", None, "Pakistan"), Chair("He Lifeng", "Vice Premier", "China")]
    second = [Chair("ahsan  iqbal", "Minister for Planning", "Pakistan")]
    kb.store_document(make_doc("The 5th JCC was co-chaired.", "a.txt", make_meeting(ordinal=5, chairs=first)))
    kb.store_document(
        make_doc("Ahsan Iqbal chaired the 5th JCC.", "b.txt", make_meeting(ordinal=5, chairs=second))
    )
    [meeting] = kb.list_meetings()
    ids = {p["name"]: p["id"] for p in kb.list_people()}
    assert meeting["chairs"] == [
        {
            "name": "Ahsan Iqbal",
            "person": ids["Ahsan Iqbal"],
            "title": "Minister for Planning",
            "country": "Pakistan",
        },
        {"name": "He Lifeng", "person": ids["He Lifeng"], "title": "Vice Premier", "country": "China"},
    ]
    assert (kb.count("people"), kb.count("chairs"), kb.count("offices")) == (2, 3, 3)


# -- queries ----------------------------------------------------------------------------


@pytest.fixture
def filled(kb: KnowledgeBase) -> KnowledgeBase:
    """Three JCC rounds and one JMC round, stored from four documents."""
    rows = [
        ("a.txt", make_meeting(ordinal=3, date="2022-11", city="Islamabad", country="Pakistan")),
        ("b.txt", make_meeting(ordinal=4, date="2023-10-05", city="Beijing", country="China")),
        ("c.txt", make_meeting(ordinal=5, date="2024-03-10", mode="virtual")),
        ("d.txt", make_meeting(JMC, ordinal=2, date="2024", city="Tashkent", country="Uzbekistan")),
    ]
    for source, meeting in rows:
        kb.store_document(make_doc(f"Report from {source}: a round was held.", source, meeting))
    return kb


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["a.txt", "b.txt", "d.txt", "c.txt"]),
        ({"mechanism": "jcc"}, ["a.txt", "b.txt", "c.txt"]),
        ({"mechanism": "CPEC_JCC"}, ["a.txt", "b.txt", "c.txt"]),
        ({"mechanism": "cooperation committee"}, ["a.txt", "b.txt", "c.txt"]),
        ({"mechanism": "ministerial"}, ["d.txt"]),
        ({"mechanism": "strategic dialogue"}, []),
        ({"country": "uzbekistan"}, ["d.txt"]),
        ({"country": "China"}, ["a.txt", "b.txt", "c.txt"]),
        ({"country": "Pakistan"}, ["a.txt", "b.txt", "d.txt", "c.txt"]),
        ({"country": "Stan"}, []),
        ({"since": "2024"}, ["d.txt", "c.txt"]),
        ({"since": "2023-10"}, ["b.txt", "d.txt", "c.txt"]),
        ({"since": "2023-10-06"}, ["d.txt", "c.txt"]),
        ({"mechanism": "JCC", "since": "2023", "country": "china"}, ["b.txt", "c.txt"]),
    ],
)
def test_storage_list_filters(filled: KnowledgeBase, filters: dict[str, str], expected: list[str]) -> None:
    assert [m["sources"][0] for m in filled.list_meetings(**filters)] == expected


def test_storage_listed_meetings_follow_the_schema(filled: KnowledgeBase) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = load_schema("extraction.schema.json")
    validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/meeting"})
    listed = filled.list_meetings()
    assert len(listed) == 4
    for meeting in listed:
        validator.validate(meeting)
        assert isinstance(meeting["id"], int)
        assert meeting["sources"] and meeting["documents"]


def test_storage_get_meeting_unknown_id_raises_not_found(filled: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError, match="no meeting with id 999"):
        filled.get_meeting(999)


def test_storage_get_meeting_gives_each_source_its_evidence_and_statements(kb: KnowledgeBase) -> None:
    text = "The 5th JCC was held in Beijing. The sides agreed on ports. The JMC reviewed trade. Rain fell."
    doc = make_doc(
        text,
        "a.txt",
        make_meeting(ordinal=5, evidence=[Span(0, 32)]),
        make_meeting(JMC, ordinal=2, evidence=[Span(60, 83)]),
        statements=(
            Statement("agree", ["ports"], Span(33, 59), actors=["Pakistan", "China"], meeting=0),
            Statement("review", ["trade"], Span(60, 83), meeting=1),
            Statement("other", [], Span(84, 94)),
        ),
    )
    jcc_id, jmc_id = kb.store_document(doc).meeting_ids
    [report] = kb.get_meeting(jcc_id)["reports"]
    assert report["source"] == "a.txt" and report["published"] == "2024-03-11"
    assert report["evidence"] == [{"start": 0, "end": 32, "text": "The 5th JCC was held in Beijing."}]
    assert [
        (s["kind"], s["topics"], s["actors"], s["evidence"][0]["text"]) for s in report["statements"]
    ] == [
        ("agree", ["ports"], ["Pakistan", "China"], "The sides agreed on ports."),
        ("other", [], [], "Rain fell."),
    ]
    [jmc_report] = kb.get_meeting(jmc_id)["reports"]
    assert [s["kind"] for s in jmc_report["statements"]] == ["review", "other"]


def test_storage_search_documents_by_words(filled: KnowledgeBase) -> None:
    found = filled.search_documents("Report AND held")
    assert sorted(r["source"] for r in found) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert [r["source"] for r in filled.search_documents('"from c.txt"')] == ["c.txt"]
    with pytest.raises(StorageError, match="cannot search"):
        filled.search_documents('"unclosed')


def test_storage_document_texts_by_id(filled: KnowledgeBase) -> None:
    [meeting] = [m for m in filled.list_meetings() if m["sources"] == ["a.txt"]]
    [document] = meeting["documents"]
    assert filled.document_texts([document, "no-such-id"]) == {
        document: "Report from a.txt: a round was held."
    }


def test_storage_remembered_answers_keep_the_last_used() -> None:
    from corridor.kb.storage.base import Answers

    answers = Answers(2)
    answers["a"], answers["b"] = 1, 2
    assert answers.get("a") == 1 and answers.get("x") is None
    answers["c"] = 3  # "b" was used longest ago
    assert list(answers) == ["a", "c"]


@pytest.mark.parametrize("filters", [{}, {"year": 2024}])
def test_storage_search_remembers_totals_only_until_a_commit(tmp_path: Path, filters: dict[str, Any]) -> None:
    from corridor.kb.storage import SearchQuery

    path = str(tmp_path / "kb.db")
    with open_db(path) as writer, open_db(path) as reader:
        writer.store_document(make_doc("The JCC agreed on ports.", "a.txt"))
        query = SearchQuery("agreed", **filters)
        first = reader.search(query, limit=1)
        assert (first["total"], len(first["results"])) == (1, 1)
        assert reader.search(query, limit=1, offset=1)["results"] == []  # a later page of the same search
        writer.store_document(make_doc("The JMC agreed on rail.", "b.txt"))  # another connection commits
        again = reader.search(query, limit=1, offset=1)
        assert again["total"] == 2 and [h["source"] for h in again["results"]] == ["a.txt"]
        assert sum(f["n"] for f in again["facets"]["year"]) == 2
        reader.store_document(make_doc("The JCC agreed on roads.", "c.txt"))  # its own connection writes
        assert reader.search(query, limit=1)["total"] == 3


@pytest.mark.parametrize(
    ("first", "second", "meetings"),
    [
        # an announced date, then the report of the meeting held a few days later
        ({"status": "scheduled", "date": "2024-03-10"}, {"date": "2024-03-14"}, 1),
        ({"date": "2024-03-14"}, {"status": "scheduled", "date": "2024-03-04"}, 1),
        # two meetings held a few days apart are two meetings
        ({"date": "2024-03-10"}, {"date": "2024-03-14"}, 2),
        # past three weeks, an announcement is of another meeting
        ({"status": "scheduled", "date": "2024-03-10"}, {"date": "2024-04-14"}, 2),
        # a dateline a day off is the same meeting
        ({"date": "2024-03-10"}, {"date": "2024-03-11"}, 1),
        ({"date": "2024-03"}, {"date": "2024-03-11"}, 1),
    ],
)
def test_storage_dates_join_within_their_window(
    kb: KnowledgeBase, first: dict[str, Any], second: dict[str, Any], meetings: int
) -> None:
    kb.store_document(make_doc("A JCC meeting was announced.", "a.txt", make_meeting(**first)))
    kb.store_document(make_doc("A JCC meeting took place.", "b.txt", make_meeting(**second)))
    assert kb.count("meetings") == meetings


def _store_rounds(kb: KnowledgeBase, rounds: int) -> None:
    for n in range(1, rounds + 1):
        chairs = [
            Chair(f"Officer {n}", "Secretary", "Pakistan"),
            Chair(f"Envoy {n}", "Vice Minister", "China"),
        ]
        for outlet in ("wire", "daily"):
            kb.store_document(
                make_doc(
                    f"JCC round {n} as the {outlet} told it.",
                    f"{outlet}-{n}.txt",
                    make_meeting(ordinal=n, date=f"20{10 + n}-05-10", chairs=chairs),
                )
            )


def test_storage_a_page_of_meetings_costs_the_same_queries_however_long(kb: KnowledgeBase) -> None:
    _store_rounds(kb, 12)
    kb.page_meetings(storage.MeetingFilters())  # the total is counted once, then remembered
    queries: dict[int, int] = {}
    for limit in (2, 12):
        seen: list[str] = []
        kb.conn.set_trace_callback(seen.append)
        items, total = kb.page_meetings(storage.MeetingFilters(), limit=limit)
        kb.conn.set_trace_callback(None)
        assert len(items) == limit and total == 12
        queries[limit] = len(seen)
    assert queries[12] == queries[2]


def test_storage_meetings_listed_together_keep_their_own_chairs_sources_and_corrections(
    kb: KnowledgeBase,
) -> None:
    _store_rounds(kb, 3)
    second = next(m for m in kb.list_meetings() if m["ordinal"] == 2)
    kb.add_correction(
        "meeting", second["id"], "set", "analyst", "ministry site", field="city", value="Gwadar"
    )
    listed = {m["ordinal"]: m for m in kb.list_meetings()}
    for n, meeting in listed.items():
        assert [c["name"] for c in meeting["chairs"]] == [f"Officer {n}", f"Envoy {n}"]
        assert meeting["sources"] == [f"wire-{n}.txt", f"daily-{n}.txt"]
        alone = kb.get_meeting(meeting["id"])
        assert {key: alone[key] for key in meeting} == meeting
    assert [c["value"] for c in listed[2]["corrections"]] == ["Gwadar"]
    assert listed[1]["corrections"] == [] and listed[3]["corrections"] == []


def test_storage_mechanism_last_is_the_last_round_held_and_next_the_next_scheduled(kb: KnowledgeBase) -> None:
    kb.store_document(make_doc("The 3rd JCC was held.", "a.txt", make_meeting(ordinal=3, date="2005-10-12")))
    kb.store_document(
        make_doc(
            "The 4th JCC will be held.", "b.txt", make_meeting(ordinal=4, date="2006-03", status="scheduled")
        )
    )
    kb.store_document(
        make_doc(
            "The 2nd JCC was held.", "c.txt", make_meeting(ordinal=2, date="2004-09-01", status="reference")
        )
    )
    [listed] = kb.list_mechanisms()
    assert (listed["first_date"], listed["last_date"], listed["next_date"]) == (
        "2004-09-01",
        "2005-10-12",
        "2006-03",
    )
    assert kb.get_mechanism(listed["id"])["next_date"] == "2006-03"


def test_storage_mechanism_topic_counts_leave_out_scheduled_rounds(kb: KnowledgeBase) -> None:
    said = Statement(kind="agree", topics=["energy"], span=Span(0, 10), meeting=0)
    kb.store_document(
        make_doc(
            "The 3rd JCC was held.", "a.txt", make_meeting(ordinal=3, date="2025-10-12"), statements=(said,)
        )
    )
    kb.store_document(
        make_doc(
            "The 4th JCC will discuss energy.",
            "b.txt",
            make_meeting(ordinal=4, date="2026-03", status="scheduled"),
            statements=(said,),
        )
    )
    [mechanism] = kb.list_mechanisms()
    assert kb.topic_counts(mechanism["id"]) == [{"year": "2025", "topic": "energy", "n": 1}]


@pytest.mark.parametrize("numbered_first", [True, False])
def test_storage_an_unnumbered_report_joins_the_undated_round_of_its_days_in_either_order(
    kb: KnowledgeBase, numbered_first: bool
) -> None:
    numbered = Document(
        text="The 6th JCC was held in Beijing.",
        source="a.txt",
        published=date(2016, 12, 30),
        meetings=[make_meeting(ordinal=6, city="Beijing", status="held")],
    )
    announced = Document(
        text="The JCC will meet in Beijing on 29 December.",
        source="b.txt",
        published=date(2016, 12, 26),
        meetings=[make_meeting(date="2016-12-29", city="Beijing", status="scheduled")],
    )
    for doc in (numbered, announced) if numbered_first else (announced, numbered):
        kb.store_document(doc)
    assert kb.count("meetings") == 1


def test_storage_an_unnumbered_report_of_another_city_or_season_is_its_own_meeting(kb: KnowledgeBase) -> None:
    kb.store_document(
        Document(
            text="The 6th JCC was held in Beijing.",
            source="a.txt",
            published=date(2016, 12, 30),
            meetings=[make_meeting(ordinal=6, city="Beijing", status="held")],
        )
    )
    for n, (day, city) in enumerate((("2016-12-29", "Islamabad"), ("2017-06-10", "Beijing"))):
        kb.store_document(
            Document(
                text=f"The JCC will meet in {city}.",
                source=f"{n}.txt",
                published=date(2016, 12, 26),
                meetings=[make_meeting(date=day, city=city, status="scheduled")],
            )
        )
    assert kb.count("meetings") == 3


# -- what listings show, kept when written ---------------------------------------------


def _from_tables(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """The listing as worked out from the chairs and sources tables, with no summary stored."""
    kb.conn.execute("SAVEPOINT recompute")
    kb.conn.execute("DELETE FROM meeting_summaries")
    items = kb.list_meetings()
    kb.conn.execute("ROLLBACK TO recompute")
    kb.conn.execute("RELEASE recompute")
    return items


def test_storage_a_listing_reads_chairs_and_sources_from_the_meetings_summaries(kb: KnowledgeBase) -> None:
    _store_rounds(kb, 4)
    seen: list[str] = []
    kb.conn.set_trace_callback(seen.append)
    items, _ = kb.page_meetings(storage.MeetingFilters(), limit=10)
    kb.conn.set_trace_callback(None)
    assert not [sql for sql in seen if "FROM chairs" in sql or "FROM meeting_sources" in sql]
    assert all(m["chairs"] and m["sources"] for m in items)
    assert kb.list_meetings() == _from_tables(kb)


def test_storage_a_meeting_summary_never_outlives_what_it_was_made_of(kb: KnowledgeBase) -> None:
    _store_rounds(kb, 2)
    first = kb.list_meetings()[0]
    person = first["chairs"][0]["person"]
    kb.conn.execute("UPDATE people SET name = 'Renamed Officer' WHERE id = ?", (person,))
    kb.conn.execute("DELETE FROM chairs WHERE meeting_id = ? AND person_id != ?", (first["id"], person))
    again = kb.list_meetings()[0]
    assert [c["name"] for c in again["chairs"]] == ["Renamed Officer"]
    kb.conn.execute(
        "DELETE FROM meeting_sources WHERE meeting_id = ? AND rowid > (SELECT MIN(rowid)"
        " FROM meeting_sources WHERE meeting_id = ?)",
        (first["id"], first["id"]),
    )
    assert len(kb.list_meetings()[0]["sources"]) == 1
    assert kb.list_meetings() == _from_tables(kb)


def test_storage_migration_summarises_meetings_stored_before_it(tmp_path: Path) -> None:
    path = str(tmp_path / "kb.db")
    with open_db(path) as kb:
        _store_rounds(kb, 3)
        kb.conn.execute(
            "UPDATE documents SET title = 'Round two, told by the ministry' WHERE source LIKE '%-2.txt'"
        )
        # The base as migration 7 left it: no labels, no summaries, no triggers.
        kb.conn.executescript(
            "DROP TABLE document_labels; DROP TABLE meeting_summaries; PRAGMA user_version = 7;"
        )
    with open_db(path) as kb:
        assert kb.count("meeting_summaries") == kb.count("meetings") == 3
        assert kb.list_meetings() == _from_tables(kb)
        headings = {r[0] for r in kb.conn.execute("SELECT heading FROM document_labels")}
        assert "Round two, told by the ministry" in headings
        assert any(h.startswith("JCC round 1 as the") for h in headings)


def test_storage_documents_and_their_full_text_rows_share_row_ids(tmp_path: Path) -> None:
    """Searches go from a match to its document by row id: a base whose full-text rows were
    numbered otherwise is renumbered by the migration, and new documents are stored so."""
    from corridor.kb.storage import SearchQuery

    def aligned(kb: KnowledgeBase) -> bool:
        pairs = kb.conn.execute(
            "SELECT f.rowid, d.rowid FROM documents_fts f JOIN documents d ON d.id = f.document_id"
        )
        return all(a == b for a, b in pairs) and kb.count("documents") == len(
            kb.conn.execute("SELECT rowid FROM documents_fts").fetchall()
        )

    path = str(tmp_path / "kb.db")
    with open_db(path) as kb:
        _store_rounds(kb, 3)
        assert aligned(kb)
        kb.conn.executescript(
            "CREATE TEMP TABLE copied AS SELECT rowid + 100 AS r, document_id, title, text FROM documents_fts;"
            " DELETE FROM documents_fts;"
            " INSERT INTO documents_fts (rowid, document_id, title, text) SELECT * FROM copied;"
        )
        assert not aligned(kb)
        number = next(i for i, script in enumerate(MIGRATIONS) if "documents_by_published" in script)
        kb.conn.execute(f"PRAGMA user_version = {number}")
    with open_db(path) as kb:
        assert aligned(kb)
        kb.store_document(make_doc("A JCC round was held again.", "late.txt", make_meeting(ordinal=9)))
        assert aligned(kb)
        found = kb.search(SearchQuery("round", year=2024), limit=10)
        assert found["total"] == 7 and "late.txt" in {h["source"] for h in found["results"]}
        assert kb.search(SearchQuery("round", year=2023), limit=10)["total"] == 0


@pytest.mark.parametrize("filters", [storage.MeetingFilters(), storage.MeetingFilters(status="held")])
def test_storage_a_deep_page_of_meetings_skips_rows_in_an_index_alone(
    kb: KnowledgeBase, filters: storage.MeetingFilters
) -> None:
    _store_rounds(kb, 6)
    seen: list[str] = []
    kb.conn.set_trace_callback(seen.append)
    items, total = kb.page_meetings(filters, limit=2, offset=3)
    kb.conn.set_trace_callback(None)
    assert [m["ordinal"] for m in items] == [3, 2] and total == 6
    skipping = next(sql for sql in seen if "OFFSET" in sql)
    plan = " ".join(r[3] for r in kb.conn.execute(f"EXPLAIN QUERY PLAN {skipping}"))
    assert "COVERING INDEX meetings_listed" in plan, plan
