"""The next expected round: announced rounds first, else the median interval after the last held one."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from corridor.kb.cadence import full_date, intervals, next_round


def m(id_: int, ordinal: int | None, day: str | None, status: str = "held") -> dict[str, Any]:
    return {"id": id_, "ordinal": ordinal, "date": day, "status": status}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-05-20", date(2024, 5, 20)), ("2024-05", None), (None, None), ("2024-13-01", None)],
)
def test_cadence_full_date_takes_only_whole_days(value: str | None, expected: date | None) -> None:
    assert full_date(value) == expected


def test_cadence_median_interval_after_the_last_round() -> None:
    rounds = [m(1, 1, "2020-01-01"), m(2, 2, "2021-01-01"), m(3, 3, "2021-07-01"), m(4, 4, "2022-07-01")]
    assert intervals(rounds) == [366, 181, 365]
    found = next_round(rounds, today=date(2022, 8, 1))
    assert found == {
        "ordinal": 5,
        "date": "2023-07",
        "basis": "median interval of 365 days over 3 gaps",
        "meeting": None,
        "overdue": False,
    }


def test_cadence_an_announced_round_ahead_wins() -> None:
    rounds = [m(1, 1, "2020-01-01"), m(2, 2, "2021-01-01"), m(9, 3, "2021-09", "scheduled")]
    assert next_round(rounds) == {"ordinal": 3, "date": "2021-09", "basis": "announced", "meeting": 9}


def test_cadence_a_postponed_earlier_round_is_not_next() -> None:
    rounds = [
        m(1, 12, "2023-07-14"),
        m(2, 13, None, "scheduled"),
        m(3, 14, "2025-10-11"),
        m(4, 11, "2022-01-01"),
    ]
    found = next_round(rounds, today=date(2030, 1, 1))
    assert found is not None and found["ordinal"] == 15 and found["overdue"]


def test_cadence_too_few_dated_rounds_gives_none() -> None:
    assert next_round([m(1, 1, "2020-01-01"), m(2, 2, "2021")]) is None
