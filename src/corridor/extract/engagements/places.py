"""Engagements' places and rounds: where a trip went, the round a contact was on the trip or margins of,
and the venue and mode of a contact."""

from __future__ import annotations

import re

from ...model import Document, Engagement, Meeting, Mention, Participant, Span, mentions_within
from ..frames.chairs import people_in
from ..frames.context import Context
from ..frames.time_venue import find_venue, virtual_span
from .participants import same_person

SEPARATE = re.compile(
    r"\b(?:separate(?:ly)?|also|later|before the|after the|prior to|on the sidelines)\b", re.I
)


def place_after(ctx: Context, start: int, end: int) -> tuple[str | None, str | None, Mention | None]:
    """The city or country named first in [start, end): where a trip went."""
    doc = ctx.doc
    cands = [
        m
        for m in (
            *mentions_within(doc.mentions, "city", start, end),
            *mentions_within(doc.mentions, "country", start, end),
        )
        if not m.data.get("demonym")
    ]
    if not cands:
        return None, None, None
    m = min(cands, key=lambda m: m.start)
    if doc.text[m.end : m.end + 2] in ("'s", "’s"):
        return None, None, None
    if m.kind == "city":
        return ctx.lex.city_name.get(m.key.lower(), m.key), m.data.get("country"), m
    return None, m.key, m


# 'Foreign Minister A and Defence Minister B arrived': two visitors on one trip
JOINT = re.compile(
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]+)?\s*(?:,\s*)?and\s+(?:(?:[A-Z][\w’'-]*|of|for|and|the)\s+){0,6}"
)
LISTED = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def more_places(ctx: Context, first: Mention | None) -> list[tuple[str | None, str]]:
    """'visits to Peru, Chile and Bolivia': the other places of a trip listed after the first."""
    out: list[tuple[str | None, str]] = []
    doc = ctx.doc
    at = first.end if first else 0
    while first is not None:
        gap = LISTED.match(doc.text[at : at + 8])
        if not gap:
            break
        nxt = [
            m
            for m in mentions_within(doc.mentions, "country", at, at + gap.end() + 2)
            if not m.data.get("demonym")
        ]
        if not nxt:
            break
        out.append((None, nxt[0].key))
        at = nxt[0].end
    return out


# 'arrived ... to attend the meeting': a trip made for a round the text tells of
PURPOSE = re.compile(
    r"\b(?:to\s+(?:attend|participate\s+in|take\s+part\s+in|co-?chair|lead)|for\s+the(?:\s+[\w’'+-]+){0,6}?"
    r"\s+(?:meeting|round|session|talks|dialogue|consultations?|summit|commission|council|committee|forum))\b",
    re.I,
)
# 'During the visit, X will co-chair the meeting': a round told as held on the trip told before it
ON_THE_TRIP = re.compile(
    r"\b(?:during|on)\s+(?:the|his|her|their|this)\s+(?:[\w-]+\s+){0,2}(?:visit|trip|stay|tour)\b", re.I
)


def made_for(doc: Document, e: Engagement, m: Meeting) -> bool:
    """Whether a visit's text says it was made for a round, or the round's text that it was held on the trip."""
    if PURPOSE.search(e.span.of(doc.text)):
        return True
    return any(s.start > e.span.start and ON_THE_TRIP.search(s.of(doc.text)) for s in m.evidence)


def attends(e: Engagement, m: Meeting, more: list[Participant] = []) -> bool:  # noqa: B006
    """Whether one of the contact's people is a chair of the round (the round's trip is theirs)."""
    chairs = [Participant(c.name, c.title, c.country) for c in m.chairs] + more
    return any(same_person(p, c) for p in e.participants for c in chairs)


# 'Both officials co-chaired the session': the round's chairs are the pair told of before
PAIR_CHAIRED = re.compile(
    r"\b(?:(?:both|the\s+two)(?:\s+[\w-]+)?\s+(?:officials|leaders|ministers|dignitaries|sides)|they)\s+"
    r"(?:also\s+|then\s+|later\s+)?(?:jointly\s+)?co-?chaired\b",
    re.I,
)


def the_round_itself(doc: Document, e: Engagement) -> int | None:
    """The round a meeting is the talks of: 'X met Y' where X chairs a round held then, or the lead of a
    round whose chairs the text does not name, told in the sentence right before it."""
    if e.kind != "meeting" or SEPARATE.search(e.span.of(doc.text)):
        return None
    sides = {p.country for p in e.participants if p.country}
    at = doc.sentences.index(e.span)
    for n, m in enumerate(doc.meetings):
        if m.status != e.status or len(sides) < 2 or not sides <= set(m.mechanism.parties):
            continue
        if (e.country and m.country and e.country != m.country) or (
            e.date and m.date and not e.date.startswith(m.date) and not m.date.startswith(e.date)
        ):
            continue
        if m.chairs and attends(e, m):
            return n
        if not m.chairs and any(
            0 < doc.sentences.index(s) - at <= 3 and PAIR_CHAIRED.search(s.of(doc.text))
            for s in m.evidence
            if s in doc.sentences
        ):
            return n
    return None


def round_of_trip(doc: Document, e: Engagement, attendees: dict[int, list[Participant]]) -> int | None:
    """The round reported in the text on whose trip a contact happened: its sentence names the round, or
    one of its people chairs the round (a visit also goes to a round whose chairs are not told)."""
    if e.status == "reference":
        return None
    sides = {p.country for p in e.participants if p.country}
    best: tuple[int, tuple[int, int]] | None = None
    for n, m in enumerate(doc.meetings):
        if m.status == "reference" or len(m.mechanism.parties) < 2:
            continue
        if not sides & set(m.mechanism.parties):
            continue
        if e.country and m.country and e.country != m.country:
            continue
        if e.kind != "visit" and e.country is None and m.mode == "virtual":
            continue
        if e.span in m.evidence and sides <= set(m.mechanism.parties):
            return n  # 'arrived in Delhi for the 21st summit': the round its own sentence names
        if not attends(e, m, attendees.get(n, [])) and not (
            e.kind == "visit" and sides <= set(m.mechanism.parties) and made_for(doc, e, m)
        ):
            continue
        first = min((s.start for s in m.evidence), default=0)
        # the round reported last before the contact, else the first reported after it
        rank = (0, -first) if first > e.span.start else (1, first)
        if best is None or rank > best[1]:
            best = (n, rank)
    return best[0] if best else None


def trip_of(e: Engagement, trips: list[Engagement]) -> Engagement | None:
    """The visit a contact was made on: one of its people is the visitor, at the same time and place."""
    if e.kind == "visit" or e.status == "reference":
        return None
    for t in trips:
        if t.status != e.status or (e.country and t.country and e.country != t.country):
            continue
        if any(same_person(p, q) for p in e.participants for q in t.participants):
            return t
    return None


def round_chairs(doc: Document, sent: Span) -> list[Meeting]:
    return [m for m in doc.meetings if m.status != "reference" and sent in m.evidence]


CLAUSE_END = re.compile(r"[,;:.]")
HOST = "<host>"  # a trip 'to the Kingdom': the other side's land, known once the visitor is
# 'the visit of President X to Y', 'the visit programme of X to Y': the place comes after the visitor
VISIT_OF = re.compile(r"\s+(?:program(?:me)?\s+|schedule\s+)?of\s+")
VISIT_OF_TO = re.compile(
    r"(?:,?\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})?[\s,]*(?:to|in)\s+"
)
# 'X's Egypt visit': the place named between the visitor and the visit
PLACE_BEFORE = re.compile(r"(?:’s|'s)\s+((?:[A-Z][\w’'-]*\s+){1,3})$")
# 'Duarte's Ghana visit', 'Duarte's visit': the visitor is the owner
POSSESSOR = re.compile(r"\b([A-Z][\w’'-]+)(?:’s|'s)\s+(?:[A-Z][\w’'-]*\s+){0,3}$")
# 'arrived in the Kingdom', 'a visit to the country': the host, named elsewhere
HOST_NOUN = re.compile(r"\s*(?:to\s+|in\s+)?the\s+(?:kingdom|country|capital)\b", re.I)


def place_elsewhere(
    ctx: Context, sent: Span, m: re.Match[str]
) -> tuple[str | None, str | None, Mention | None]:
    """Where a trip went when no place follows its words: after its visitor, before it, or the host's land."""
    text, end = ctx.doc.text, sent.start + m.end()
    of = VISIT_OF.match(text, end, sent.end)
    if of:
        after = people_in(ctx, of.end(), sent.end)
        if after and after[0].start - of.end() < 40:
            to = VISIT_OF_TO.match(text, after[0].end, sent.end)
            if to:
                return place_after(ctx, to.end(), min(sent.end, to.end() + 25))
    before = PLACE_BEFORE.search(text, max(sent.start, sent.start + m.start() - 40), sent.start + m.start())
    if before:
        found = place_after(ctx, before.start(1), before.end(1))
        if found[1]:
            return found
    if HOST_NOUN.match(text, end, sent.end):
        return None, HOST, None
    return None, None, None


def host_land(ctx: Context, parts: list[Participant]) -> str | None:
    """The land of the side a visitor is not on, when the text is about two sides."""
    sides = {p.country for p in parts if p.country}
    others = [c for c in ctx.doc_parties[:2] if c not in sides]
    return others[0] if len(ctx.doc_parties) >= 2 and len(sides) == 1 and len(others) == 1 else None


def place_contact(ctx: Context, e: Engagement, trips: list[Engagement]) -> None:
    """Where a contact took place, and how: the sentence's venue, else the trip's or the round's."""
    doc = ctx.doc
    sent = e.span
    if virtual_span(ctx, sent):
        e.mode = "virtual"
    if e.kind == "visit":
        if e.city is None and e.during_meeting is not None:
            r = doc.meetings[e.during_meeting]
            if r.country == e.country:
                e.city = r.city  # the city of the rounds held on the trip
        return
    if e.kind != "call" and e.mode != "virtual":
        city, country, _ = find_venue(ctx, sent, sent.start)
        if city or country:
            e.city, e.country = city, country
    if e.during_meeting is not None and e.country is None and e.kind != "call" and e.mode != "virtual":
        r = doc.meetings[e.during_meeting]
        e.city, e.country = r.city, r.country
    if e.country is None and e.kind not in ("call",) and e.mode != "virtual" and e.status != "reference":
        for t in trips:
            if t.status == e.status and any(
                same_person(p, q) for p in e.participants for q in t.participants
            ):
                e.city, e.country = t.city, t.country
                break
    if e.kind == "call":
        e.city = e.country = None
    elif e.mode is None and (e.kind != "meeting" or e.country or e.during_meeting is not None):
        e.mode = "in_person"
