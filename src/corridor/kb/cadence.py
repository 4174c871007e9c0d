"""When a mechanism should meet next: a round already announced, else the usual interval after the last one.

Plain functions over meeting objects, so the mechanism page, the brief and any export agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from statistics import median
from typing import Any

MeetingObject = dict[str, Any]


def full_date(value: str | None) -> date | None:
    """A YYYY-MM-DD value as a date; months and years alone are too vague to measure intervals."""
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def intervals(meetings: Sequence[MeetingObject]) -> list[int]:
    """Days between consecutive held rounds that have full dates."""
    days = sorted(d for m in meetings if m.get("status") == "held" and (d := full_date(m.get("date"))))
    return [(b - a).days for a, b in zip(days, days[1:], strict=False) if b > a]


def next_round(meetings: Sequence[MeetingObject], today: date | None = None) -> dict[str, Any] | None:
    """The next expected round: an announced one still ahead, else last held date plus the median interval.

    Returns None when there is neither an announcement nor two dated rounds to measure from.
    """
    held = [m for m in meetings if m.get("status") == "held"]
    last_ordinal = max((m["ordinal"] for m in held if m.get("ordinal") is not None), default=None)
    announced = [m for m in meetings if m.get("status") == "scheduled" and is_ahead(m, held, last_ordinal)]
    if announced:
        first = min(announced, key=lambda m: (m.get("date") or "9999", m.get("ordinal") or 0))
        return {
            "ordinal": first.get("ordinal"),
            "date": first.get("date"),
            "basis": "announced",
            "meeting": first["id"],
        }
    gaps = intervals(meetings)
    last = max((d for m in held if (d := full_date(m.get("date")))), default=None)
    if not gaps or last is None:
        return None
    expected = last + timedelta(days=int(median(gaps)))
    return {
        "ordinal": last_ordinal + 1 if last_ordinal is not None else None,
        "date": expected.isoformat()[:7],
        "basis": f"median interval of {int(median(gaps))} days over {len(gaps)} gap{'s' if len(gaps) != 1 else ''}",
        "meeting": None,
        "overdue": bool(today and expected < today),
    }


def is_ahead(meeting: MeetingObject, held: Sequence[MeetingObject], last_ordinal: int | None) -> bool:
    """A scheduled round counts as ahead when its number or date is beyond every held round."""
    ordinal = meeting.get("ordinal")
    if ordinal is not None and last_ordinal is not None:
        return bool(ordinal > last_ordinal)
    last_date = max((m.get("date") or "" for m in held), default="")
    return (meeting.get("date") or "9999") > last_date
