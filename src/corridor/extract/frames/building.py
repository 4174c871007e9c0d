"""Meetings from anchors: one record per round, its fields filled in, then shared between rounds told together."""

from __future__ import annotations

import re

from ...model import Chair, MechanismRef, Meeting, Span
from ..mechanisms import MechPhrase
from .anchors import assign_regions, find_anchors
from .chairs import add_chairs, chair_people, complete_chairs
from .context import Anchor, Context
from .coreference import resolve_references
from .time_venue import (
    BUILDING,
    BUILDING_AFTER,
    DURING_VISIT,
    TRAVEL_TO_MEET,
    find_venue,
    first_day,
    meeting_status,
    pick_time,
    trip_destination,
    virtual_span,
    visit_destination,
    visited_country,
)

SAME_DAY = re.compile(
    r"\b(?:on )?the same day\b|\b(?:earlier|later) (?:in the|that|the same) day\b|"
    r"\bon the same occasion\b",
    re.I,
)


NEGATED = re.compile(
    r"\b(?:could not|couldn't|did not|didn't|was not|wasn't|cannot|never)\s+(?:be\s+)?"
    r"(?:held|take place|happen|convene|scheduled|be scheduled)",
    re.I,
)


# someone speaking at the meeting: it is under way
ADDRESSING = re.compile(r"\b(?:while|when)\s+(?:addressing|speaking at|opening)\s+(?:the\s+)?$", re.I)
TWO_OFFICIALS = re.compile(
    r"\bthe two (?:officials|ministers|leaders|secretaries|foreign ministers|heads of delegation|co-chairs)\s+"
    r"(?:also\s+|then\s+|later\s+)?(?:co-?chaired|chaired|led|headed|held|presided over|co-led)\b",
    re.I,
)


def _merge_key(a: Anchor, existing: list[tuple[Anchor, Meeting]], date_value: str | None) -> int | None:
    for n, (b, m) in enumerate(existing):
        if b.identity != a.identity:
            continue
        if a.ordinal is not None and m.ordinal is not None:
            if a.ordinal == m.ordinal:
                return n
            continue
        if a.follows is not None or a.listed:
            continue  # 'the second was held in Machala', 'in May 2019 and June 2021' are rounds of their own
        if a.upcoming and m.status == "scheduled" and a.ordinal is None:
            return n
        if a.last_marked or b.last_marked or a.upcoming or b.upcoming or a.ref_marked != b.ref_marked:
            continue
        if date_value and m.date and date_value[:7] != m.date[:7]:
            continue
        if a.ordinal is not None and m.ordinal is None and m.status == "reference":
            continue
        return n
    return None


def build_meetings(ctx: Context) -> list[Meeting]:
    doc = ctx.doc
    phrases = ctx.mech.find(ctx.toks, doc.text, doc.mentions, ctx.doc_cpec)
    ctx.mech_spans = sorted(
        (p.start, p.end) for p in phrases if (len(p.core.split()) > 1 or p.has_tail) and not p.is_acronym_only
    )
    anchors, alias_phrases = find_anchors(ctx, phrases)
    assign_regions(anchors)
    pairs: list[tuple[Anchor, Meeting]] = []
    held_dates: list[str] = []
    # (meeting, the one whose place it shares, whether it shares its chairs too)
    carried: list[tuple[Meeting, Meeting, bool]] = []
    for a in anchors:
        region = a.region or a.sentence
        seg = doc.text[region.start : region.end]
        if NEGATED.search(seg) and a.ordinal is not None and any(b.ordinal == a.ordinal for b, _ in pairs):
            continue
        t = pick_time(ctx, a)
        date_value = first_day(ctx, a, t) if t else None
        same_day = bool(SAME_DAY.search(doc.text[a.sentence.start : a.end]) and pairs)
        if same_day:
            date_value = pairs[-1][1].date
        n = _merge_key(a, pairs, date_value)
        if n is not None:
            meeting = pairs[n][1]
            for alias in a.mech.aliases:
                if alias not in meeting.mechanism.aliases:
                    meeting.mechanism.aliases.append(alias)
            meeting.evidence.append(a.sentence)
            if meeting.status == "scheduled" and ADDRESSING.search(doc.text, a.sentence.start, a.start):
                meeting.status = "held"  # 'will meet today' and then 'said while addressing the 7th meeting'
            if meeting.date is None and date_value:
                meeting.date = date_value
            if meeting.ordinal is None and a.ordinal is not None:
                meeting.ordinal = a.ordinal
            _fill(ctx, a, meeting)
            continue
        status = meeting_status(ctx, a, date_value, held_dates, first=not pairs)
        meeting = Meeting(a.mech, status, a.ordinal, date_value)
        meeting.evidence.append(a.sentence)
        meeting.fields["mechanism"] = Span(a.start, a.end)
        if t:
            meeting.fields["date"] = Span(t.start, t.end)
        _fill(ctx, a, meeting)
        if not pairs:
            _from_the_meeting_before(ctx, a, meeting)
        same_people = bool(TWO_OFFICIALS.search(doc.text[a.sentence.start : a.start]))
        if pairs and (same_day or same_people):
            carried.append((meeting, pairs[-1][1], same_people or a.identity == pairs[-1][0].identity))
        pairs.append((a, meeting))
        if status == "held" and date_value:
            held_dates.append(date_value)
    resolve_references(ctx, pairs)
    _share_coordinated(pairs)
    for meeting, source, with_chairs in carried:
        _carry_over(meeting, source, with_chairs)
    _add_aliases(pairs, alias_phrases)
    _earlier_rounds(pairs)
    _listed_with_recalled_rounds(pairs)
    _chairs_of_the_round_reported(ctx, pairs)
    pairs = _one_round_named_twice(pairs)
    meetings = []
    for _, m in pairs:
        if len(m.mechanism.parties) < 2:
            continue
        m.chairs = complete_chairs(ctx, m.chairs, m.mechanism.parties)
        if m.mode == "virtual":
            m.city = m.country = None
        published = doc.published.isoformat() if doc.published else None
        if m.status == "scheduled" and m.date and published and len(m.date) == 10 and m.date < published:
            m.date = None  # a day already past is not the day of a round still to come
        meetings.append(m)
    return meetings


CHAIRED_OBJECT = re.compile(
    r"\b(?:co-?chaired|chaired|co-chairing|chairing)\s+(?:the|its|their)\s+[\w’'-]+,?\s+$", re.I
)


def _chairs_of_the_round_reported(ctx: Context, pairs: list[tuple[Anchor, Meeting]]) -> None:
    """'A and B co-chaired the commission, which last met in Beijing in 2019': the relative clause recalls
    an earlier round, but A and B chaired the round the text reports."""
    for a, m in pairs:
        if m.status != "reference" or not m.chairs:
            continue
        if not CHAIRED_OBJECT.search(ctx.doc.text[a.sentence.start : a.start]):
            continue
        reported = [
            r
            for b, r in pairs
            if b.start < a.start and r.status == "held" and r.mechanism.name == m.mechanism.name
        ]
        if reported and not reported[-1].chairs:
            reported[-1].chairs, m.chairs = m.chairs, []


_NAME_WORD = re.compile(r"\d\+\d|[a-z]+")
_JOINING = frozenset({"the", "of", "on", "and", "for", "between", "in", "at", "a", "meeting", "meetings"})


def _name_words(mech: MechanismRef) -> frozenset[str]:
    parties = {w for p in mech.parties for w in _NAME_WORD.findall(p.lower())}
    return frozenset(
        w.rstrip("s") for w in _NAME_WORD.findall(mech.name.lower()) if w not in parties | _JOINING
    )


def _one_round_named_twice(pairs: list[tuple[Anchor, Meeting]]) -> list[tuple[Anchor, Meeting]]:
    """'the Eighth Japan-Australia 2+2 Foreign and Defence Ministerial Consultations' and, later, 'the
    Eighth 2+2': one round, when the rounds' numbers and parties agree and one name holds the other's words.
    The fuller account keeps its name; what the other adds fills the fields it left empty."""
    kept: list[tuple[Anchor, Meeting]] = []
    for a, m in pairs:
        into = next(
            (
                k
                for k in kept
                if m.ordinal is not None
                and k[1].ordinal == m.ordinal
                and k[1].status == m.status
                and sorted(k[1].mechanism.parties) == sorted(m.mechanism.parties)
                and (k[1].mechanism.key is None or m.mechanism.key is None)
                and _nested(_name_words(k[1].mechanism), _name_words(m.mechanism))
            ),
            None,
        )
        if into is None:
            kept.append((a, m))
            continue
        target = into[1]
        if len(_name_words(m.mechanism)) > len(_name_words(target.mechanism)) or m.mechanism.key:
            m.mechanism.aliases.extend(x for x in target.mechanism.aliases if x not in m.mechanism.aliases)
            target.mechanism = m.mechanism
        else:
            target.mechanism.aliases.extend(
                x for x in m.mechanism.aliases if x not in target.mechanism.aliases
            )
        for name in ("date", "city", "country", "mode"):
            if getattr(target, name) is None and getattr(m, name) is not None:
                setattr(target, name, getattr(m, name))
        known = {c.name.casefold() for c in target.chairs}
        target.chairs.extend(c for c in m.chairs if c.name.casefold() not in known)
        target.evidence.extend(m.evidence)
        for name, span in m.fields.items():
            target.fields.setdefault(name, span)
    return kept


def _nested(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and (a <= b or b <= a)


def _listed_with_recalled_rounds(pairs: list[tuple[Anchor, Meeting]]) -> None:
    """'The first meeting was held in Accra in 2006, the second in Lome and Kumasi hosted the third': rounds
    listed after a round recalled as background are background too."""
    status = {id(a): m.status for a, m in pairs}
    for a, m in pairs:
        if a.follows is not None and status.get(id(a.follows)) == "reference" and m.status == "held":
            m.status = status[id(a)] = "reference"


def _earlier_rounds(pairs: list[tuple[Anchor, Meeting]]) -> None:
    """'The 17th session was held in Yerevan' after news of the 18th: a lower round told later is background."""
    for n, (a, m) in enumerate(pairs):
        if m.status != "held" or m.ordinal is None or n == 0:
            continue
        if any(
            b.identity == a.identity
            and other.ordinal is not None
            and other.ordinal > m.ordinal
            and other.status in {"held", "scheduled"}
            and (other.date is None or other.date != m.date)
            for b, other in pairs[:n]
        ):
            m.status = "reference"


def _fill(ctx: Context, a: Anchor, meeting: Meeting) -> None:
    region = a.region or a.sentence
    span = Span(region.start, region.end)
    virtual = virtual_span(ctx, span)
    if virtual and meeting.mode is None:
        meeting.mode = "virtual"
        meeting.fields["mode"] = virtual
    if meeting.city is None and meeting.country is None:
        city, country, where = find_venue(ctx, span, a.start, upcoming=meeting.status == "scheduled")
        visit = DURING_VISIT.search(ctx.doc.text, a.sentence.start, a.start)
        if not (city or country) and meeting.mode != "virtual" and meeting.status != "reference" and visit:
            city, country, where = visit_destination(ctx, a.sentence)
        if not (city or country) and meeting.mode != "virtual" and meeting.status != "reference":
            country, where = visited_country(ctx, a.sentence)
        if (
            not (city or country)
            and meeting.mode != "virtual"
            and meeting.status != "reference"
            and TRAVEL_TO_MEET.search(ctx.doc.text, a.sentence.start, a.start)
        ):
            city, country, where = visit_destination(ctx, a.sentence)
        if not (city or country) and meeting.mode != "virtual" and meeting.status != "reference":
            city, country, where = trip_destination(ctx, a.sentence, meeting.mechanism.parties)
        if city or country:
            meeting.city, meeting.country = city, country
            if meeting.mode is None:
                meeting.mode = "in_person"
            if where:
                meeting.fields["venue"] = where
        elif meeting.mode is None and meeting.status != "reference":
            building = BUILDING.search(ctx.doc.text, region.start, region.end) or BUILDING_AFTER.match(
                ctx.doc.text, a.end, region.end
            )
            if building:  # 'held at the General Headquarters': a place, though the text names no city
                meeting.mode = "in_person"
                meeting.fields["venue"] = Span(building.start(), building.end())
    people = chair_people(ctx, Span(a.sentence.start, a.sentence.end) if _single_anchor(ctx, a) else span, a)
    add_chairs(meeting, people)


BOTH_OFFICIALS = re.compile(
    r"\W*(?:both|the two)\s+(?:officials|ministers|leaders|secretaries|sides|foreign ministers)\s+(?:also\s+|then\s+|later\s+)?"
    r"(?:co-?chaired|chaired|held|co-led|led|presided over)\b",
    re.I,
)
MET_BEFORE = re.compile(r"\b(?:met|held talks|held a meeting|received)\b", re.I)


def _from_the_meeting_before(ctx: Context, a: Anchor, meeting: Meeting) -> None:
    """'A met his counterpart B on Thursday in Riyadh. Both officials co-chaired the first session of ...': the
    round takes the day and place of the meeting told just before."""
    doc = ctx.doc
    if not BOTH_OFFICIALS.match(doc.text, a.sentence.start, a.start):
        return
    before = [s for s in doc.sentences if s.end <= a.sentence.start][-2:]
    prev = next((s for s in reversed(before) if MET_BEFORE.search(s.of(doc.text))), None)
    if prev is None:
        return
    met = MET_BEFORE.search(doc.text, prev.start, prev.end)
    assert met is not None
    after_met = Span(met.end(), prev.end)
    if meeting.date is None:
        t = next(
            (
                t
                for t in doc.times
                if after_met.start <= t.start < after_met.end and t.value and t.kind != "relative_vague"
            ),
            None,
        )
        if t is not None:
            meeting.date = t.value
            meeting.fields["date"] = Span(t.start, t.end)
    if not meeting.chairs:
        add_chairs(meeting, chair_people(ctx, prev))
    if meeting.city is None and meeting.country is None and meeting.mode != "virtual":
        # 'met ... on Thursday in the Kingdom of Saudi Arabia': a country after the verb places the meeting
        city, country, where = find_venue(ctx, after_met, after_met.start, upcoming=True)
        if city or country:
            meeting.city, meeting.country = city, country
            meeting.mode = meeting.mode or "in_person"
            if where:
                meeting.fields["venue"] = where
    meeting.evidence.append(prev)


def _single_anchor(ctx: Context, a: Anchor) -> bool:
    return a.region is not None and a.region.start == a.sentence.start and a.region.end == a.sentence.end


def _carry_over(meeting: Meeting, source: Meeting, with_chairs: bool) -> None:
    """'Later in the day, the two officials co-chaired...': the same people, and the same place.

    Another body that met 'on the same day' shares the place only: its chairs are its own.
    """
    if with_chairs and not meeting.chairs:
        meeting.chairs = [
            Chair(c.name, c.title, c.country, c.span, c.counterpart, c.other_side) for c in source.chairs
        ]
    if (
        meeting.city is None
        and meeting.country is None
        and meeting.mode is None
        and source.mode == "in_person"
    ):
        meeting.city, meeting.country, meeting.mode = source.city, source.country, source.mode


def _share_coordinated(pairs: list[tuple[Anchor, Meeting]]) -> None:
    """'co-chaired the 15th JCM and the 4th Strategic Dialogue in Abu Dhabi': one date, venue and chairs for both."""
    for n, (a, m) in enumerate(pairs):
        if not a.coordinated:
            continue
        prev = next((pm for pa, pm in reversed(pairs[:n]) if pa.sentence == a.sentence), None)
        if prev is None:
            continue
        for x, y in ((m, prev), (prev, m)):
            if x.date is None:
                x.date = y.date
            if x.city is None and x.country is None and x.mode != "virtual":
                x.city, x.country = y.city, y.country
            if x.mode is None:
                x.mode = y.mode
            if not x.chairs:
                x.chairs = [
                    Chair(c.name, c.title, c.country, c.span, c.counterpart, c.other_side) for c in y.chairs
                ]


def _add_aliases(pairs: list[tuple[Anchor, Meeting]], phrases: list[MechPhrase]) -> None:
    for p in phrases:
        for a, m in pairs:
            if a.phrase is not None and (a.identity == p.identity or (p.entry and a.mech.key == p.entry.key)):
                if p.text not in m.mechanism.aliases:
                    m.mechanism.aliases.append(p.text)
                break
