"""One mechanism's series: interval, venue alternation, the next round, topics over the rounds."""

from __future__ import annotations

from typing import Any

import pytest

from corridor.kb.timeline import (
    alternation,
    cadence,
    render_series,
    round_intervals,
    series_report,
    topic_families,
)


def rnd(ordinal: int | None, day: str | None, country: str | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "id": fields.pop("id", ordinal or 0),
        "mechanism": {
            "name": "Joint Working Group",
            "key": "jwg",
            "parties": ["Pakistan", "China"],
            "aliases": [],
        },
        "status": fields.pop("status", "held"),
        "ordinal": ordinal,
        "date": day,
        "city": fields.pop("city", None),
        "country": country,
        "mode": fields.pop("mode", "in_person" if country else None),
        "chairs": [],
        "sources": fields.pop("sources", ["a"]),
        "conflicts": fields.pop("conflicts", {}),
    }


SERIES = [
    rnd(1, "2020-01-10", "China", city="Beijing"),
    rnd(2, "2021-01-12", "Pakistan", city="Islamabad"),
    rnd(3, "2022-01-08", None, mode="virtual"),
    rnd(5, "2024-01-15", "China", city="Urumqi"),
]


def test_timeline_intervals_are_per_round_across_missing_rounds() -> None:
    assert round_intervals(SERIES) == [368, 361, 368]  # 3 -> 5: 737 days over two rounds


@pytest.mark.parametrize(
    ("hosts", "expected"),
    [
        (["China", "Pakistan", "China"], ["Pakistan", "China"]),
        (["China", "Pakistan"], ["China", "Pakistan"]),
        (["China", "China", "Pakistan"], []),
        (["China"], []),
        (["China", "Pakistan", "Nepal"], []),
    ],
)
def test_timeline_alternation(hosts: list[str], expected: list[str]) -> None:
    assert alternation(hosts) == expected


def test_timeline_next_round_follows_interval_and_alternation() -> None:
    c = cadence(SERIES, ["Pakistan", "China"])
    assert (c.interval_days, c.alternation, c.next_ordinal) == (368, ["Pakistan", "China"], 6)
    assert c.next_venue == "Islamabad, Pakistan"
    assert c.next_window == ("2024-10-17", "2025-04-19")  # 368 days on, give or take 92


def test_timeline_an_announced_round_is_the_next_one() -> None:
    series = [*SERIES, rnd(6, "2025-03-02", "Pakistan", city="Lahore", status="scheduled")]
    c = cadence(series, ["Pakistan", "China"])
    assert (c.next_ordinal, c.next_window, c.next_venue, c.basis) == (
        6, ("2025-03-02", "2025-03-02"), "Lahore, Pakistan", "announced"
    )  # fmt: skip


def test_timeline_too_few_dated_rounds_give_no_window() -> None:
    c = cadence([rnd(1, None, "China"), rnd(2, "2021", "Pakistan")], ["Pakistan", "China"])
    assert c.next_window is None and c.next_ordinal == 3 and c.basis == "too few dated rounds"


def statement(meeting_id: int, *topics: str, text: str = "") -> dict[str, Any]:
    return {
        "meeting_id": meeting_id,
        "kind": "agree",
        "topics": list(topics),
        "evidence": [{"text": text or f"{meeting_id} {' '.join(topics)}"}],
    }


def test_timeline_topics_rise_fall_appear_and_drop() -> None:
    said = [
        statement(1, "energy"), statement(1, "energy", "industry", text="x"), statement(1, "security"),
        statement(2, "energy"), statement(2, "industry"), statement(2, "industry", text="y"),
        statement(3, "industry"), statement(3, "growth_corridor"),
        statement(5, "industry"), statement(5, "industry", text="z"), statement(5, "growth_corridor"),
        statement(5, "e_exports"),
        statement(5, "e_exports"),  # the same sentence from another outlet counts once
    ]  # fmt: skip
    report = series_report(SERIES, said, {"growth_corridor": "cpec2_corridors", "e_exports": "five_es"})
    assert report is not None
    trends = {t.topic: (t.family, t.counts, t.trend) for t in report.trends}
    assert trends["industry"] == ("sector", [1, 2, 1, 2], "steady")
    assert trends["energy"] == ("sector", [2, 1, 0, 0], "dropped")
    assert trends["growth_corridor"] == ("cpec2_corridors", [0, 0, 1, 1], "rising")
    assert trends["e_exports"] == ("five_es", [0, 0, 0, 1], "new")
    assert [t.family for t in report.trends] == sorted(
        (t.family for t in report.trends), key=["sector", "cpec2_corridors", "five_es"].index
    )
    text = render_series(report)
    assert "Next: round 6 between 2024-10-17 and 2025-04-19 in Islamabad, Pakistan" in text
    assert "venue" in text and "five_es" in text


def test_timeline_topics_leave_out_scheduled_rounds() -> None:
    """A round still ahead has only announcements: counting it made every topic fall."""
    series = [*SERIES, rnd(6, "2026", None, status="scheduled", id=6)]
    said = [
        *(statement(i, "energy", "industry") for i in (1, 2, 3, 5)),
        statement(6, "energy", text="it will discuss energy"),
    ]
    report = series_report(series, said, {})
    assert report is not None
    trends = {t.topic: (t.counts, t.trend) for t in report.trends}
    assert trends == {"energy": ([1, 1, 1, 1], "steady"), "industry": ([1, 1, 1, 1], "steady")}


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("2026", "round 6 in 2026 "),
        ("2026-03", "round 6 in 2026-03 "),
        ("2026-03-05", "round 6 on 2026-03-05 "),
    ],
)
def test_timeline_next_announced_round_reads_by_how_much_of_its_date_is_known(day: str, said: str) -> None:
    report = series_report([*SERIES, rnd(6, day, None, status="scheduled", id=6)], [], {})
    assert report is not None
    assert f"Next: {said}" in render_series(report)


def test_timeline_conflicts_are_shown_with_the_round() -> None:
    series = [rnd(1, "2020-01-10", "China", conflicts={"date": ["2020-01-10", "2020-01-11"]})]
    report = series_report(series, [], {})
    assert report is not None
    assert "conflict: date 2020-01-10 | 2020-01-11" in render_series(report)


def test_timeline_topic_families_come_from_the_lexicon() -> None:
    families = topic_families()
    assert families["green_corridor"] == "cpec2_corridors" and families["e_equity"] == "five_es"
    assert "energy" not in families
