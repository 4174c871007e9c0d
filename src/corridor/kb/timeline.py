"""Mechanism timelines: each mechanism's meetings in round order, and the rounds no source reports.

Plain functions over the meeting objects that `KnowledgeBase.list_meetings` returns, so a
timeline needs no query of its own and works on any list of such objects. For one
mechanism, `series_report` adds what `corridor timeline` shows: the usual interval and
venue alternation, the expected window and venue of the next round, and how the topics
of its statements rise and fall over the rounds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from statistics import median
from typing import Any

from .cadence import full_date, is_ahead

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


# -- one mechanism's series: cadence, venues, the next round, and what the rounds talked about --------

DAY = 1
MIN_WINDOW_DAYS = 30


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often and where a mechanism meets, and when and where its next round is expected.

    `interval_days` is the median number of days per round between dated rounds (a gap over
    missing rounds is divided among them); `alternation` the two host countries that
    in-person rounds alternate between, when they do.
    """

    interval_days: int | None
    intervals: list[int]
    alternation: list[str]
    usual_host: str | None
    next_ordinal: int | None
    next_window: tuple[str, str] | None
    next_venue: str | None
    basis: str


@dataclass(frozen=True, slots=True)
class TopicTrend:
    """One topic's statements per round (in round order) and whether it rises or falls."""

    topic: str
    family: str
    counts: list[int]
    trend: str


@dataclass(frozen=True, slots=True)
class SeriesReport:
    """Everything `corridor timeline` shows for one mechanism."""

    timeline: Timeline
    cadence: Cadence
    statements: dict[int, list[dict[str, Any]]]
    trends: list[TopicTrend]

    def to_json(self) -> dict[str, Any]:
        t = self.timeline
        return {
            "mechanism": {"key": t.key, "name": t.name, "parties": t.parties},
            "rounds": [{**m, "statements": self.statements.get(m["id"], [])} for m in t.meetings],
            "missing_rounds": t.missing,
            "cadence": {
                "interval_days": self.cadence.interval_days,
                "intervals": self.cadence.intervals,
                "alternation": self.cadence.alternation,
                "usual_host": self.cadence.usual_host,
            },
            "next": {
                "ordinal": self.cadence.next_ordinal,
                "window": list(self.cadence.next_window) if self.cadence.next_window else None,
                "venue": self.cadence.next_venue,
                "basis": self.cadence.basis,
            },
            "topics": [
                {"topic": tr.topic, "family": tr.family, "counts": tr.counts, "trend": tr.trend}
                for tr in self.trends
            ],
        }


def series_report(
    meetings: Sequence[MeetingObject], statements: Sequence[dict[str, Any]], families: dict[str, str]
) -> SeriesReport | None:
    """One mechanism's rounds with their cadence, the next round and the topic trajectory."""
    timelines = mechanism_timelines(meetings)
    if not timelines:
        return None
    timeline = timelines[0]
    by_meeting: dict[int, list[dict[str, Any]]] = {}
    for statement in _distinct(statements):
        by_meeting.setdefault(int(statement["meeting_id"]), []).append(statement)
    return SeriesReport(
        timeline,
        cadence(timeline.meetings, timeline.parties),
        by_meeting,
        topic_trends(timeline.meetings, by_meeting, families),
    )


def _distinct(statements: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements once each, though several outlets printed the same sentence."""
    seen: set[tuple[int, str]] = set()
    out = []
    for s in statements:
        key = (int(s["meeting_id"]), " ".join(s["evidence"][0]["text"].casefold().split()))
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def round_intervals(meetings: Sequence[MeetingObject]) -> list[int]:
    """Days per round between consecutive held rounds with full dates, in round order."""
    dated = [m for m in meetings if m.get("status") == "held" and full_date(m.get("date"))]
    out = []
    for a, b in zip(dated, dated[1:], strict=False):
        days = (full_date(b["date"]) - full_date(a["date"])).days  # type: ignore[operator]
        steps = (b["ordinal"] - a["ordinal"]) if a.get("ordinal") and b.get("ordinal") else 1
        if days > 0 and steps > 0:
            out.append(round(days / steps))
    return out


def hosts(meetings: Sequence[MeetingObject]) -> list[str]:
    """Host countries of the in-person held rounds, in round order."""
    return [
        m["country"]
        for m in meetings
        if m.get("status") == "held" and m.get("mode") != "virtual" and m.get("country")
    ]


def alternation(host_list: Sequence[str]) -> list[str]:
    """The two countries hosts alternate between, when every round moves to the other; else []."""
    if len(host_list) < 2 or len(set(host_list)) != 2:
        return []
    if any(a == b for a, b in zip(host_list, host_list[1:], strict=False)):
        return []
    return [host_list[-2], host_list[-1]]


def cadence(meetings: Sequence[MeetingObject], parties: Sequence[str]) -> Cadence:
    """Interval, venue pattern and next round: an announced round ahead, else the usual interval on.

    The window is the median interval after the last held round, give or take a quarter of
    it (at least a month either way); the venue follows the alternation, else the usual host.
    """
    intervals = round_intervals(meetings)
    interval = int(median(intervals)) if intervals else None
    host_list = hosts(meetings)
    alternating = alternation(host_list)
    usual = Counter(host_list).most_common(1)[0][0] if host_list else None
    held = [m for m in meetings if m.get("status") == "held"]
    last_ordinal = max((m["ordinal"] for m in held if m.get("ordinal")), default=None)
    ahead = [m for m in meetings if m.get("status") == "scheduled" and is_ahead(m, held, last_ordinal)]
    if ahead:
        first = ahead[0]
        when = (first["date"], first["date"]) if first.get("date") else None
        return Cadence(
            interval,
            intervals,
            alternating,
            usual,
            first.get("ordinal"),
            when,
            venue_name(first),
            "announced",
        )
    next_host = alternating[0] if alternating else usual
    city = next(
        (m.get("city") for m in reversed(held) if m.get("country") == next_host and m.get("city")), None
    )
    where = ", ".join(x for x in (city, next_host) if x) or None
    last_day = max((d for m in held if (d := full_date(m.get("date")))), default=None)
    ordinal = last_ordinal + 1 if last_ordinal is not None else None
    if interval is None or last_day is None:
        return Cadence(interval, intervals, alternating, usual, ordinal, None, where, "too few dated rounds")
    spread = max(MIN_WINDOW_DAYS, interval // 4)
    expected = last_day + timedelta(days=interval)
    window = (
        (expected - timedelta(days=spread)).isoformat(),
        (expected + timedelta(days=spread)).isoformat(),
    )
    basis = f"median of {len(intervals)} interval{'s' if len(intervals) != 1 else ''}"
    return Cadence(interval, intervals, alternating, usual, ordinal, window, where, basis)


def venue_name(meeting: MeetingObject) -> str | None:
    """'City, Country', 'virtual', or None when the round's place is unknown."""
    if meeting.get("mode") == "virtual":
        return "virtual"
    return ", ".join(x for x in (meeting.get("city"), meeting.get("country")) if x) or None


def topic_trends(
    meetings: Sequence[MeetingObject], statements: dict[int, list[dict[str, Any]]], families: dict[str, str]
) -> list[TopicTrend]:
    """Per topic, its statements at each round that took place and has any, and whether it rises
    or falls (a round still ahead has only announcements of what it will discuss).

    A topic rises when the later half of those rounds mentions it more than the earlier
    half, falls when less; a topic only the last round mentions is new, and one the last
    two rounds no longer mention has dropped out.
    """
    rounds = [m for m in meetings if m.get("status") != "scheduled" and statements.get(m["id"])]
    counts: dict[str, list[int]] = {}
    for i, meeting in enumerate(rounds):
        for statement in statements[meeting["id"]]:
            for topic in set(statement["topics"]):
                counts.setdefault(topic, [0] * len(rounds))[i] += 1
    trends = [TopicTrend(t, families.get(t, "sector"), c, _trend(c)) for t, c in counts.items()]
    return sorted(trends, key=lambda tr: (FAMILY_ORDER.get(tr.family, 9), -sum(tr.counts), tr.topic))


FAMILY_ORDER = {"sector": 0, "cpec2_corridors": 1, "five_es": 2}


def _trend(counts: Sequence[int]) -> str:
    if len(counts) < 2:
        return "once" if sum(counts) else "none"
    if not any(counts[:-1]):
        return "new"
    if len(counts) >= 3 and not any(counts[-2:]):
        return "dropped"
    half = len(counts) // 2
    early, late = sum(counts[:half]) / half, sum(counts[-half:]) / half
    if late > early:
        return "rising"
    if late < early:
        return "falling"
    return "steady"


def render_series(report: SeriesReport) -> str:
    """The timeline as text: rounds, cadence and next round, statements, and topics over time."""
    t, c = report.timeline, report.cadence
    lines = [_header(t), "  round date        venue               mode       sources  chairs"]
    for m in t.meetings:
        mode = (m.get("mode") or "?").replace("_", " ")
        round_ = f"#{m['ordinal']}" if m.get("ordinal") is not None else "#-"
        status = "" if m["status"] == "held" else f" ({m['status']})"
        chairs = "; ".join(chair_label(ch) for ch in m.get("chairs") or [])
        lines.append(
            f"  {round_:<5} {(m.get('date') or '?'):<10}  {(venue_name(m) or '?'):<18}  {mode:<9}  "
            f"{len(m.get('sources') or []):>7}  {chairs}{status}".rstrip()
        )
        for name, values in (m.get("conflicts") or {}).items():
            lines.append(f"        conflict: {name} " + " | ".join(str(v) for v in values))
    lines.append(_cadence_line(c))
    lines.append(_next_line(c))
    said = [(m, report.statements[m["id"]]) for m in t.meetings if report.statements.get(m["id"])]
    if said:
        lines.append("Statements:")
        for m, statements in said:
            lines.append(f"  #{m.get('ordinal') or '-'} ({m.get('date') or '?'})")
            for s in statements:
                topics = ", ".join(s["topics"]) or "no topic"
                lines.append(f"    {s['kind']} ({topics}): {s['evidence'][0]['text']}")
    if report.trends:
        lines.append("Topics over the rounds with statements (statements per round):")
        for tr in report.trends:
            lines.append(f"  {tr.family:<16} {tr.topic:<24} {' '.join(map(str, tr.counts)):<16} {tr.trend}")
    return "\n".join(lines)


def _cadence_line(c: Cadence) -> str:
    every = f"a round every {c.interval_days} days (median)" if c.interval_days else "interval unknown"
    if c.alternation:
        where = f"venue alternates between {c.alternation[0]} and {c.alternation[1]}"
    elif c.usual_host:
        where = f"usually hosted by {c.usual_host}"
    else:
        where = "venues unknown"
    return f"Cadence: {every}; {where}."


def _next_line(c: Cadence) -> str:
    round_ = f"round {c.next_ordinal}" if c.next_ordinal else "the next round"
    if c.next_window:
        start, end = c.next_window
        when = f"{_at(start)} {start}" if start == end else f"between {start} and {end}"
    else:
        when = "at an unknown date"
    venue = f" in {c.next_venue}" if c.next_venue else ""
    return f"Next: {round_} {when}{venue} ({c.basis})."


def _at(day: str) -> str:
    """'on 2026-03-05', but 'in 2026-03' and 'in 2026' for a month or a year."""
    return "on" if len(day) == 10 else "in"


def topic_families() -> dict[str, str]:
    """Topic id -> framework ('cpec2_corridors', 'five_es') for framework members; sectors are the rest."""
    from .. import settings
    from ..extract.lexicon import load_file

    folders = tuple(Path(p) for p in settings.get("lexicon").split(":") if p)
    frameworks = load_file("topics.yaml", folders).get("frameworks") or {}
    return {member: name for name, spec in frameworks.items() for member in (spec.get("members") or {})}
