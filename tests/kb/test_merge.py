"""The choice rule over claims, conflicts, confidence, date windows and next-round numbering."""

from __future__ import annotations

from typing import Any

import pytest

from corridor.kb.mechanisms import mechanism_key
from corridor.kb.merge import (
    ChairClaim,
    Claim,
    choose,
    choose_chairs,
    date_window,
    number_next_rounds,
    resolve,
)
from corridor.model import MechanismRef, Meeting

OFFICIAL, AGENCY, OTHER = 3, 2, 1


def claim(
    field: str, value: str, *, account: str = "held", rank: int = OTHER, doc: str = "", order: int = 0
) -> Claim:
    return Claim(field, value, account, rank, doc or f"doc{order}", order, {3: 0.9, 2: 0.8, 1: 0.65}[rank])


@pytest.mark.parametrize(
    ("field", "claims", "expected"),
    [
        # specific over vague, the vague claim counting for the day inside it
        ("date", [claim("date", "2024-03", order=0), claim("date", "2024-03-12", order=1)], "2024-03-12"),
        ("date", [claim("date", "2024", order=0), claim("date", "2024-03", order=1)], "2024-03"),
        # official over agency over others, whatever the order of arrival
        (
            "date",
            [claim("date", "2024-03-11", order=0), claim("date", "2024-03-12", rank=OFFICIAL, order=1)],
            "2024-03-12",
        ),
        ("city", [claim("city", "Lahore", rank=AGENCY), claim("city", "Islamabad", order=1)], "Lahore"),
        # then the majority of documents
        (
            "city",
            [
                claim("city", "Beijing", order=0),
                claim("city", "Urumqi", order=1),
                claim("city", "Urumqi", order=2),
            ],
            "Urumqi",
        ),
        # then the first reported
        ("mode", [claim("mode", "virtual", order=0), claim("mode", "in_person", order=1)], "virtual"),
        # a report of the meeting over an announcement of it (a postponement)
        (
            "date",
            [
                claim("date", "2024-03-10", account="scheduled", rank=OFFICIAL),
                claim("date", "2024-03-14", order=1),
            ],
            "2024-03-14",
        ),
        # ...but an agreeing announcement still lends its precision
        (
            "date",
            [claim("date", "2024-03-10", account="scheduled"), claim("date", "2024-03", order=1)],
            "2024-03-10",
        ),
        ("ordinal", [claim("ordinal", "4")], 4),
    ],
)
def test_merge_choose_follows_the_rule(field: str, claims: list[Claim], expected: Any) -> None:
    choice = choose(field, claims)
    assert choice is not None and choice.value == expected


@pytest.mark.parametrize(
    ("accounts", "expected"),
    [
        (["scheduled"], "scheduled"),
        (["scheduled", "held"], "held"),
        (["reference"], "held"),  # known only from back-references: it was held
        (["scheduled", "reference"], "held"),
    ],
)
def test_merge_status_is_held_once_any_report_says_so(accounts: list[str], expected: str) -> None:
    claims = [claim("status", a, account=a, order=i) for i, a in enumerate(accounts)]
    choice = choose("status", claims)
    assert choice is not None and choice.value == expected and choice.conflict == []


@pytest.mark.parametrize(
    ("field", "values", "conflict"),
    [
        ("date", ["2025-01-10", "2025-01-11"], ["2025-01-10", "2025-01-11"]),
        ("date", ["2025-01", "2025-01-11"], []),  # a month agrees with a day in it
        ("city", ["Beijing", "beijing"], []),  # case is no disagreement
        ("mode", ["virtual", "in_person", "virtual"], ["virtual", "in_person"]),
    ],
)
def test_merge_disagreement_is_a_conflict(field: str, values: list[str], conflict: list[str]) -> None:
    choice = choose(field, [claim(field, v, order=i) for i, v in enumerate(values)])
    assert choice is not None and choice.conflict == conflict


def test_merge_announcements_do_not_dispute_a_report() -> None:
    claims = [claim("date", "2024-03-10", account="scheduled"), claim("date", "2024-03-14", order=1)]
    choice = choose("date", claims)
    assert choice is not None and choice.conflict == []


def test_merge_confidence_grows_with_agreeing_sources_and_falls_with_disagreement() -> None:
    one = choose("city", [claim("city", "Beijing")])
    two = choose("city", [claim("city", "Beijing"), claim("city", "Beijing", order=1)])
    split = choose("city", [claim("city", "Beijing"), claim("city", "Shanghai", order=1)])
    official = choose("city", [claim("city", "Beijing", rank=OFFICIAL)])
    recalled = choose("city", [claim("city", "Beijing", account="reference")])
    assert one and two and split and official and recalled
    assert split.confidence < recalled.confidence < one.confidence < two.confidence < official.confidence


def test_merge_copies_of_one_story_count_once() -> None:
    copies = [claim("city", "Urumqi", doc="story-1", order=i) for i in range(3)]
    others = [claim("city", "Beijing", doc="a", order=3), claim("city", "Beijing", doc="b", order=4)]
    choice = choose("city", copies + others)
    assert choice is not None and choice.value == "Beijing"


def test_merge_resolve_lets_corrections_win_and_settles_their_conflicts() -> None:
    claims = [claim("date", "2025-01-10"), claim("date", "2025-01-11", order=1), claim("status", "held")]
    free = resolve(claims)
    fixed = resolve(claims, {"date": "2025-01-11"})
    assert free.values["date"] == "2025-01-10" and "date" in free.conflicts
    assert fixed.values["date"] == "2025-01-11" and fixed.conflicts == {}
    assert fixed.confidence["date"] == 1.0 and fixed.corrected == {"date"}


def test_merge_chairs_one_per_person_with_the_fullest_title() -> None:
    claims = [
        ChairClaim(1, "Ning Jizhe", "Vice Chairman", "China", "scheduled", OTHER, 0),
        ChairClaim(2, "Asad Umar", "Planning Minister", "Pakistan", "scheduled", OTHER, 0),
        ChairClaim(1, "Ning Jizhe", "Vice Chairman of the NDRC", None, "scheduled", OTHER, 1),
    ]
    assert choose_chairs(claims) == [
        {"name": "Ning Jizhe", "person": 1, "title": "Vice Chairman of the NDRC", "country": "China"},
        {"name": "Asad Umar", "person": 2, "title": "Planning Minister", "country": "Pakistan"},
    ]


@pytest.mark.parametrize(
    ("value", "exact", "prefix"),
    [
        ("2024-03-01", ["2024-03-01", "2024-02-29", "2024-03-02", "2024-03", "2024"], None),
        ("2024-03", ["2024"], ("2024-03", "2024-03-99")),
        ("2024", [], ("2024", "2024-99")),
    ],
)
def test_merge_date_window(value: str, exact: list[str], prefix: tuple[str, str] | None) -> None:
    assert date_window(value) == (exact, prefix)


BPC = MechanismRef(
    "Pakistan-China Bilateral Political Consultations", parties=["Pakistan", "China"], key="pk-cn-bpc"
)
JCC = MechanismRef("CPEC Joint Cooperation Committee", parties=["Pakistan", "China"], key="cpec-jcc")


@pytest.mark.parametrize(
    ("meetings", "expected"),
    [
        ([Meeting(BPC, "held", 3, "2023-06-26"), Meeting(BPC, "scheduled")], [3, 4]),
        # another mechanism's round says nothing of this one's next round
        ([Meeting(JCC, "held", 3), Meeting(BPC, "scheduled")], [3, None]),
        # two rounds held, or two announced: which one is 'next' is unclear
        ([Meeting(BPC, "held", 3), Meeting(BPC, "held", 2), Meeting(BPC, "scheduled")], [3, 2, None]),
        ([Meeting(BPC, "held", 3), Meeting(BPC, "scheduled"), Meeting(BPC, "scheduled", 5)], [3, None, 5]),
        # an announcement dated before the round held is not the next one
        ([Meeting(BPC, "held", 3, "2023-06-26"), Meeting(BPC, "scheduled", date="2023-01-02")], [3, None]),
    ],
)
def test_merge_next_round_is_numbered_after_the_round_held(
    meetings: list[Meeting], expected: list[int | None]
) -> None:
    before = [m.ordinal for m in meetings]
    assert [m.ordinal for m in number_next_rounds(meetings, mechanism_key)] == expected
    assert [m.ordinal for m in meetings] == before  # the accounts as extracted stay as they were
