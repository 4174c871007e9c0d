"""People: name variants that are one person, one name that is two, and the offices timeline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corridor.kb import KnowledgeBase, open_db
from corridor.kb.people import Profile, Sighting, office_timeline, plausible, same_name
from corridor.model import Chair, Document, MechanismRef, Meeting, Span

JCC = MechanismRef("CPEC Joint Cooperation Committee", parties=["Pakistan", "China"], key="cpec-jcc")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("S. Jaishankar", "Subrahmanyam Jaishankar"),  # initials
        ("S Jaishankar", "S. Jaishankar"),
        ("Vershinin Sergey Vasilievich", "Sergey Vasilievich Vershinin"),  # order
        ("Muhammad Syrus Sajjad Qazi", "Mohammad Syrus Sajjad Qazi"),  # transliteration
        ("Binali Yildirim", "Binali Yildrim"),
        ("Sun Weidong", "Sun Wei Dong"),  # spacing
        ("H.E. Mr. Sun Weidong", "Sun Weidong"),  # honorifics
        ("Anne-Marie Descôtes", "Anne-Marie Descotes"),  # accents
        ("Muhammad Syrus Sajjad Qazi", "Syrus Sajjad Qazi"),  # a name left out
    ],
)
def test_people_variants_are_one_name(a: str, b: str) -> None:
    assert same_name(a, b) > 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sun Weidong", "Sun Wei"),
        ("Amna Baloch", "Amna Siddiqui"),
        ("Wang Yi", "Wang Yu"),
        ("Khan", "Imran Khan"),
    ],
)
def test_people_different_names_stay_apart(a: str, b: str) -> None:
    assert same_name(a, b) == 0


PROFILE = Profile(1, "Wang Yi", ["Wang Yi"], {"china"}, ["Foreign Minister"], "2013-03-16", "2025-08-21", 12)


@pytest.mark.parametrize(
    ("sighting", "plausible_"),
    [
        (Sighting("Wang Yi", "Foreign Minister", "China", "2024-05-01"), True),
        (Sighting("Wang Yi", "Minister of Foreign Affairs", None, None), True),
        (Sighting("Wang Yi", None, "Singapore", "2024-05-01"), False),  # another side
        (
            Sighting("Wang Yi", "Director, Ministry of Agriculture", "China", "1996-04-02"),
            False,
        ),  # office and years
        (
            Sighting("Wang Yi", "Director, Ministry of Agriculture", "China", "2020-04-02"),
            True,
        ),  # a title alone is not enough
    ],
)
def test_people_plausible_checks_side_office_and_time(sighting: Sighting, plausible_: bool) -> None:
    assert plausible(PROFILE, sighting, exact=True) is plausible_


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    base = open_db(":memory:")
    yield base
    base.close()


def chaired(kb: KnowledgeBase, source: str, ordinal: int, day: str, *chairs: Chair) -> None:
    text = f"{source}: round {ordinal} of the JCC was held."
    meeting = Meeting(JCC, ordinal=ordinal, date=day, chairs=list(chairs), evidence=[Span(0, 10)])
    kb.store_document(Document(text=text, source=source, meetings=[meeting]))


def test_people_spellings_resolve_to_one_person_with_an_office_timeline(kb: KnowledgeBase) -> None:
    chaired(kb, "a", 9, "2019-11-05", Chair("Muhammad Syrus Sajjad Qazi", "Foreign Secretary", "Pakistan"))
    chaired(kb, "b", 10, "2021-09-23", Chair("Mohammad Syrus Qazi", "Foreign Secretary", "Pakistan"))
    chaired(kb, "c", 11, "2023-01-10", Chair("Syrus Sajjad Qazi", "Ambassador to Germany", "Pakistan"))
    [person] = kb.list_people()
    assert person["name"] == "Muhammad Syrus Sajjad Qazi"
    assert (person["first_seen"], person["last_seen"], person["chairs"]) == ("2019-11-05", "2023-01-10", 3)
    assert [
        (o["title"], o["first_seen"], o["last_seen"], o["sources"])
        for o in office_timeline(kb.person_offices(person["id"]))
    ] == [
        ("Foreign Secretary", "2019-11-05", "2021-09-23", ["a", "b"]),
        ("Ambassador to Germany", "2023-01-10", "2023-01-10", ["c"]),
    ]


def test_people_one_name_on_two_sides_is_two_people(kb: KnowledgeBase) -> None:
    chaired(kb, "a", 9, "2019-11-05", Chair("Ali Hassan", "Secretary", "Pakistan"))
    chaired(kb, "b", 10, "2020-11-05", Chair("Ali Hassan", "Minister", "Egypt"))
    chaired(kb, "c", 11, "2021-11-05", Chair("Ali Hassan", "Secretary", "Pakistan"))
    people = kb.list_people("Ali Hassan")
    assert sorted((p["countries"], p["chairs"]) for p in people) == [(["egypt"], 1), (["pakistan"], 2)]


def test_people_one_name_decades_and_offices_apart_is_two_people(kb: KnowledgeBase) -> None:
    chaired(kb, "a", 2, "1994-03-01", Chair("Wang Yi", "Director of Agriculture", "China"))
    chaired(kb, "b", 20, "2024-03-01", Chair("Wang Yi", "Foreign Minister", "China"))
    chaired(kb, "c", 21, "2025-03-01", Chair("Wang Yi", "Minister of Foreign Affairs", "China"))
    assert sorted(p["chairs"] for p in kb.list_people("Wang Yi")) == [1, 2]


def test_people_resolution_reads_an_index_not_the_people_table(kb: KnowledgeBase) -> None:
    names = [f"{given} {family}" for given in GIVEN for family in FAMILY]
    for n, name in enumerate(names):
        chaired(kb, f"{n}", n + 1, f"20{n:02d}-01-01", Chair(name, "Secretary", "Pakistan"))
    seen: list[str] = []
    kb.conn.set_trace_callback(seen.append)
    chaired(kb, "x", 99, "2040-01-01", Chair(names[3], "Secretary", "Pakistan"))
    kb.conn.set_trace_callback(None)
    for sql in [s for s in seen if "person" in s.lower() and s.lstrip().upper().startswith("SELECT")]:
        plan = " ".join(r[3] for r in kb.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "SCAN" not in plan, (sql, plan)
    assert len(kb.list_people()) == len(names)


GIVEN = ("Imran", "Nadia", "Bilal", "Sadia", "Tariq", "Farah")
FAMILY = ("Qureshi", "Malik", "Chaudhry", "Baig", "Rana")
