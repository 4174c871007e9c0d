"""Mechanism timelines: each mechanism's meetings in round order, and the rounds no source reports.

Plain functions over the meeting objects that `KnowledgeBase.list_meetings` returns, so a
timeline needs no query of its own and works on any list of such objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MeetingObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Timeline:
    """One mechanism's meetings, ordered by round then date, with the round numbers missing between them."""

    key: str
    name: str
    parties: list[str]
    meetings: list[MeetingObject]
    missing: list[int]


def mechanism_timelines(meetings: Iterable[MeetingObject]) -> list[Timeline]:
    """Group meetings by mechanism; timelines come in name order so the view reads like an index."""
    groups: dict[str, list[MeetingObject]] = {}
    for meeting in meetings:
        groups.setdefault(_mechanism_id(meeting["mechanism"]), []).append(meeting)
    timelines = [_timeline(key, group) for key, group in groups.items()]
    return sorted(timelines, key=lambda t: (t.name.casefold(), t.key))


def _mechanism_id(mechanism: dict[str, Any]) -> str:
    """The stored key, else the name: objects written by hand may lack a key."""
    return str(mechanism.get("key") or mechanism["name"])


def _timeline(key: str, meetings: list[MeetingObject]) -> Timeline:
    ordered = sorted(meetings, key=round_order)
    mechanism = ordered[0]["mechanism"]
    ordinals = [m["ordinal"] for m in ordered if m.get("ordinal") is not None]
    return Timeline(
        key, mechanism["name"], list(mechanism.get("parties") or []), ordered, missing_rounds(ordinals)
    )


def round_order(meeting: MeetingObject) -> tuple[bool, int, bool, str, int]:
    """Numbered rounds first by number; unnumbered ones after them by date; unknown dates last."""
    ordinal, day = meeting.get("ordinal"), meeting.get("date")
    return (ordinal is None, ordinal or 0, day is None, day or "", meeting.get("id") or 0)


def missing_rounds(ordinals: Iterable[int]) -> list[int]:
    """Round numbers between the first and last known round that no meeting has.

    Rounds before the first known one are not listed: a series seen from its third
    round on is not missing its first two, it was only reported late.
    """
    known = set(ordinals)
    if not known:
        return []
    return [n for n in range(min(known), max(known)) if n not in known]


def render_timelines(timelines: Iterable[Timeline]) -> str:
    """A plain-text view: a header line per mechanism, then one line per round."""
    blocks = ["\n".join([_header(t), *(_round_line(m) for m in t.meetings)]) for t in timelines]
    return "\n\n".join(blocks) if blocks else "(no meetings)"


def _header(timeline: Timeline) -> str:
    count = len(timeline.meetings)
    known = f"{count} round{'s' if count != 1 else ''} known"
    missing = ", ".join(str(n) for n in timeline.missing) or "none"
    parties = f" ({', '.join(timeline.parties)})" if timeline.parties else ""
    return f"{timeline.name}{parties}: {known}; missing rounds: {missing}"


def _round_line(meeting: MeetingObject) -> str:
    ordinal = meeting.get("ordinal")
    round_ = f"#{ordinal}" if ordinal is not None else "#-"
    chairs = "; ".join(chair_label(c) for c in meeting.get("chairs") or [])
    day = meeting.get("date") or "?"
    return f"  {round_:<4} {day:<10}  {meeting['status']:<9}  {venue(meeting):<12}  {chairs}".rstrip()


def venue(meeting: MeetingObject) -> str:
    """Where the round met: 'virtual' for a video-link meeting, else the city, else the country."""
    if meeting.get("mode") == "virtual":
        return "virtual"
    return meeting.get("city") or meeting.get("country") or "?"


def chair_label(chair: dict[str, Any]) -> str:
    """'Name (Title, Country)', leaving out whichever of title and country is unknown."""
    details = ", ".join(x for x in (chair.get("title"), chair.get("country")) if x)
    return f"{chair['name']} ({details})" if details else str(chair["name"])
