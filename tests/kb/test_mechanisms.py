"""Mechanism identity: keys, name-like aliases, and resolving accounts to one stored mechanism."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from corridor.kb import KnowledgeBase, open_db
from corridor.kb.mechanisms import core_name, is_name_like, mechanism_key, parties_compatible
from corridor.model import Document, MechanismRef, Meeting, Span

PK_CN = ["Pakistan", "China"]


@pytest.mark.parametrize(
    ("alias", "name_like"),
    [
        ("JWG-ICC", True),
        ("International Cooperation Coordination Working Group", True),
        ("Joint Working Group on International Cooperation and Coordination", True),
        ("Diplomatic, Security Dialogue", True),
        ("the next round of consultations", False),
        ("The 9th meeting", False),
        ("sixth Strategic Dialogue between China and Pakistan", False),
        ("Fourth Round of Pakistan-China Bilateral Political Consultations", False),
        ("the ninth in the series", False),
        ("first ever 2+2 Ministerial Dialogue", False),
        ("maiden India-U.S. 2+2 meeting", False),
        ("The last meeting of the committee", False),
        ("the session", False),
        ("our Dialogue", False),
        ("Strategic Dialogue between China and Pakistan, the Foreign Office (FO", False),
        ("(JCC) meeting of China-Pakistan Economic Corridor (CPEC)", False),
        ("UN", False),
    ],
)
def test_mechanisms_only_name_like_aliases_are_names(alias: str, name_like: bool) -> None:
    assert is_name_like(alias, PK_CN) is name_like


@pytest.mark.parametrize(
    ("ref", "key"),
    [
        (MechanismRef("Anything", key="cpec-jcc"), "cpec-jcc"),
        (MechanismRef("Pakistan-Argentina bilateral political consultations", parties=["Pakistan", "Argentina"]),
         "consultation political|argentina,pakistan"),
        (MechanismRef("Argentina–Pakistan Political Consultations", parties=["Argentina", "Pakistan"]),
         "consultation political|argentina,pakistan"),
        (MechanismRef("  Pakistan–China  strategic dialogue. "), "china dialogue pakistan strategic"),
    ],
)  # fmt: skip
def test_mechanisms_key_is_lexicon_key_else_core_name_and_parties(ref: MechanismRef, key: str) -> None:
    assert mechanism_key(ref) == key


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [("china,pakistan", "china,pakistan", True), ("", "china,pakistan", True),
     ("china,pakistan", "pakistan,turkey", False), ("afghanistan,china", "afghanistan,china,pakistan", True),
     ("pakistan", "pakistan,turkey", False)],
)  # fmt: skip
def test_mechanisms_parties_compatible(a: str, b: str, compatible: bool) -> None:
    assert parties_compatible(a, b) is compatible


def test_mechanisms_core_name_drops_parties_and_joining_words() -> None:
    assert core_name("China-United States diplomatic and security dialogue", ["China", "United States"]) == (
        "dialogue diplomatic security"
    )


@pytest.mark.parametrize(
    "name",
    [
        "Kenya-Ethiopia strategic security consultations",
        "Ethiopia-Kenya consultations on strategic security",
        "Kenya-Ethiopia annual bilateral strategic security talks",
        "Kenya-Ethiopia strategic consultations on security issues",
        "Kenya-Ethiopia Strategic Security Consultation",
    ],
)
def test_mechanisms_core_name_is_one_for_word_order_number_and_descriptive_words(name: str) -> None:
    assert core_name(name, ["Kenya", "Ethiopia"]) == "consultation security strategic"


def test_mechanisms_core_name_keeps_formats_apart() -> None:
    cores = {
        core_name(n, ["Kenya", "Ethiopia"])
        for n in ("strategic dialogue", "security dialogue", "strategic talks")
    }
    assert len(cores) == 3


# -- resolving accounts in a base ------------------------------------------------------------


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    base = open_db(":memory:")
    yield base
    base.close()


def store(kb: KnowledgeBase, source: str, ref: MechanismRef, **fields: Any) -> int:
    text = f"{source}: a report of a round of {ref.name}."
    doc = Document(text=text, source=source, meetings=[Meeting(ref, evidence=[Span(0, 10)], **fields)])
    return kb.store_document(doc).meeting_ids[0]


def mechanism_of(kb: KnowledgeBase, meeting_id: int) -> int:
    return kb.meeting_mechanism(meeting_id)


def test_mechanisms_found_in_text_meet_by_alias(kb: KnowledgeBase) -> None:
    first = MechanismRef(
        "Pakistan-Russia Consultative Group on Strategic Stability",
        aliases=["Consultative Group on Strategic Stability"],
        parties=["Pakistan", "Russia"],
    )
    later = MechanismRef("Consultative Group on Strategic Stability", parties=["Russia", "Pakistan"])
    other_pair = MechanismRef("Consultative Group on Strategic Stability", parties=["Pakistan", "Turkey"])
    a, b, c = (
        store(kb, "a", first, ordinal=15),
        store(kb, "b", later, ordinal=16),
        store(kb, "c", other_pair, ordinal=1),
    )
    assert mechanism_of(kb, a) == mechanism_of(kb, b) != mechanism_of(kb, c)


def test_mechanisms_generic_aliases_do_not_join_mechanisms(kb: KnowledgeBase) -> None:
    icc = MechanismRef("CPEC Joint Working Group on International Cooperation and Coordination",
                       aliases=["Joint Working Group", "JWG"], parties=PK_CN, key="cpec-jwg-icc")  # fmt: skip
    vague = MechanismRef("Joint Working Group", parties=PK_CN)
    a, b = store(kb, "a", icc, ordinal=3), store(kb, "b", vague, ordinal=3)
    assert mechanism_of(kb, a) != mechanism_of(kb, b)


def test_mechanisms_found_in_text_take_the_lexicon_key_when_it_comes(kb: KnowledgeBase) -> None:
    found = MechanismRef(
        "Pakistan-Iran Joint Economic Commission", aliases=["JEC"], parties=["Pakistan", "Iran"]
    )
    known = MechanismRef(
        "Pakistan-Iran Joint Economic Commission", parties=["Pakistan", "Iran"], key="pk-ir-jec"
    )
    a, b = store(kb, "a", found, ordinal=21), store(kb, "b", known, ordinal=22)
    assert mechanism_of(kb, a) == mechanism_of(kb, b)
    row = kb.mechanism_row(mechanism_of(kb, a))
    assert (row["key"], row["lexicon"]) == ("pk-ir-jec", 1)
    assert kb.mechanism_ids("JEC") == [mechanism_of(kb, a)]


def test_mechanisms_two_lexicon_keys_stay_two_mechanisms(kb: KnowledgeBase) -> None:
    one = MechanismRef("Pakistan-EU Strategic Dialogue", aliases=["Strategic Dialogue"], parties=["Pakistan", "EU"],
                       key="pk-eu-strategic-dialogue")  # fmt: skip
    two = MechanismRef("Pakistan-EU Political Dialogue", aliases=["Strategic Dialogue"], parties=["Pakistan", "EU"],
                       key="pk-eu-political-dialogue")  # fmt: skip
    assert mechanism_of(kb, store(kb, "a", one, ordinal=5)) != mechanism_of(
        kb, store(kb, "b", two, ordinal=6)
    )


def test_mechanisms_descriptions_of_a_round_are_no_alias(kb: KnowledgeBase) -> None:
    ref = MechanismRef("Pakistan-China Bilateral Political Consultations", parties=PK_CN, key="pk-cn-bpc",
                       aliases=["Fourth Round of Pakistan-China Bilateral Political Consultations", "BPC",
                                "the next round of consultations"])  # fmt: skip
    store(kb, "a", ref, ordinal=4)
    assert kb.mechanism_row(1)["aliases"] == ["BPC"]
    assert kb.list_meetings(mechanism="fourth") == []
    assert len(kb.list_meetings(mechanism="BPC")) == 1
