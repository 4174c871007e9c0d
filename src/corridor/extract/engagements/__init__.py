"""Engagements: contacts between officials of two sides that are not rounds of a mechanism.

A sentence that tells of a call, a courtesy call, a meeting on the sidelines, a meeting or a
visit, and names people on both sides (one for a visit), gives one engagement. Its people are
found as chairs are (`frames.chairs.people_in`), its venue as meetings' (`time_venue.find_venue`);
a contact on the trip of a round the text reports takes that round as `during`, and its place.
Talks inside a round are the round's own and give nothing here. The vocabulary is
`lexicon/engagements.yaml`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from functools import lru_cache

from ...model import Document, Engagement, Participant, Span, TimeExpr
from ..frames.chairs import people_in
from ..frames.context import Context, is_headline
from ..lexicon import EngagementWords, Lexicon
from ..pipeline import stage
from .participants import (
    THEY,
    by_surname,
    clean_title,
    complete_sides,
    counterparts_after,
    fill_sides,
    in_place_name,
    is_known,
    is_named,
    known_people,
    name_after,
    name_before,
    office_before,
    pair_before,
    party_sides,
    previous_pair,
    pronoun_subject,
    resolve,
    same_person,
    sentence_subject,
    subject_after,
    sure_people,
    surnamed,
)
from .places import (
    CLAUSE_END,
    HOST,
    JOINT,
    POSSESSOR,
    SEPARATE,
    host_land,
    more_places,
    place_after,
    place_contact,
    place_elsewhere,
    round_chairs,
    round_of_trip,
    the_round_itself,
    trip_of,
)

KINDS = (("call", "calls"), ("courtesy_call", "courtesy_calls"), ("sideline_meeting", "sidelines"))
DATED_TRIP = re.compile(r"^\s*(?:on|from)\s+$", re.I)


def _words(phrases: list[str]) -> re.Pattern[str]:
    alts = sorted({re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=len, reverse=True)
    # Testing the phrases' first letters before the phrases spares the alternatives at most positions.
    firsts = {p[:1] for p in phrases}
    lead = "" if any(not f or f.isspace() for f in firsts) else f"(?=[{''.join(sorted(map(re.escape, firsts)))}])"
    return re.compile(rf"{lead}(?<![\w-])(?:{'|'.join(alts) or '(?!)'})(?![\w-])", re.I)


GLUE = {
    "with",
    "to",
    "of",
    "the",
    "a",
    "an",
    "on",
    "in",
    "for",
    "by",
    "held",
    "had",
    "hold",
    "has",
    "later",
    "will",
}


def _key_word(phrase: str) -> str:
    """The longest word of a phrase that is not glue: 'held a meeting with' -> 'meeting'."""
    words = [w for w in phrase.lower().split() if w not in GLUE] or phrase.lower().split()
    return max(words, key=len)


class Vocabulary:
    """The lexicon's lists compiled once."""

    def __init__(self, w: EngagementWords, multilateral: list[str]) -> None:
        self.kinds = {kind: _words(getattr(w, field)) for kind, field in KINDS}
        self.meeting = _words(w.meetings)
        self.unstated = _words(w.unstated)
        self.visit = _words(w.visits)
        self.hosts_after = _words(w.hosts_after)
        self.scheduled = _words(w.scheduled)
        self.reference = _words(w.reference)
        self.wishes = _words(w.wishes)
        # each phrase's telling word, lower case: a cheap test of whether a sentence may tell of a contact
        keys = {_key_word(p) for p in (*w.meetings, *w.visits, *w.calls, *w.courtesy_calls, *w.sidelines)}
        self.any = re.compile(rf"\b(?:{'|'.join(sorted(map(re.escape, keys)))})\b")
        self.multilateral = re.compile(
            rf"(?<![\w-])(?:{'|'.join(re.escape(m) for m in (*w.multilateral, *multilateral))})(?![\w-])"
        )


@lru_cache(maxsize=4)
def vocabulary(lex: Lexicon) -> Vocabulary:
    return Vocabulary(lex.engagement_words, lex.formats.multilateral)


def _kind_at(v: Vocabulary, seg: str) -> tuple[str, re.Match[str]] | None:
    """The first kind of contact a sentence tells of, most specific first."""
    for kind, rx in v.kinds.items():
        m = rx.search(seg)
        if m:
            if kind == "sideline_meeting":
                # the meeting told on the sidelines: the last meeting word before them, else the first
                mets = list(v.meeting.finditer(seg))
                if not mets:
                    continue
                return kind, ([x for x in mets if x.start() < m.start()] or mets)[-1]
            return kind, m
    m = v.meeting.search(seg)
    return ("meeting", m) if m else None


def _status(ctx: Context, v: Vocabulary, sent: Span, at: int, end: int) -> str:
    text = ctx.doc.text
    clause = text[sent.start : min(sent.end, end + 60)]
    for t in _times(ctx.doc, sent):
        if t.value and ctx.doc.published and len(t.value) >= 7:
            published = ctx.doc.published.isoformat()
            if t.value[:7] < published[:7] and (len(t.value) < 10 or _days(t.value, ctx.doc.published) > 20):
                return "reference"
    if v.reference.search(text[max(sent.start, at - 60) : end]):
        return "reference"
    if v.scheduled.search(text[max(sent.start, at - 60) : end]) or v.scheduled.search(
        clause[: max(0, at - sent.start)]
    ):
        return "scheduled"
    for t in _times(ctx.doc, sent):
        if t.value and len(t.value) == 10 and ctx.doc.published and t.value > ctx.doc.published.isoformat():
            return "scheduled"
    return "held"


def _days(value: str, published: date) -> int:
    try:
        return (published - date.fromisoformat(value)).days
    except ValueError:
        return 0


def _times(doc: Document, sent: Span) -> list[TimeExpr]:
    return [t for t in doc.times if sent.start <= t.start < sent.end]


def _date(ctx: Context, sent: Span, at: int) -> str | None:
    """A full date told of the contact itself: the first time after its words in the sentence."""
    for t in _times(ctx.doc, sent):
        if t.start >= at - 20 and t.value and len(t.value) == 10:
            return t.value
    return None


def _visits(ctx: Context, v: Vocabulary, sent: Span, seg: str, known: list[Participant]) -> list[Engagement]:
    doc = ctx.doc
    out = []
    for m in v.visit.finditer(seg):
        at = sent.start + m.start()
        # the place right after the words, in the same clause ('visit, Hong said China ...' is no trip to China)
        clause = CLAUSE_END.search(seg, m.end(), min(len(seg), m.end() + 25))
        city, country, place = place_after(
            ctx,
            sent.start + m.end(),
            sent.start + (clause.start() if clause else min(len(seg), m.end() + 25)),
        )
        if m.group(0).lower().endswith("here") and ctx.dateline_city:
            # 'arrived here': the dateline's city
            city, country = ctx.dateline_city, ctx.lex.city_country.get(ctx.dateline_city.lower())
        if country is None:
            city, country, place = place_elsewhere(ctx, sent, m)
        if country is None:
            continue
        tail = seg[m.end() : m.end() + 200]
        if v.multilateral.search(tail.split(".")[0][:160]) and not any(
            mm.mechanism.parties and country in mm.mechanism.parties for mm in round_chairs(doc, sent)
        ):
            continue  # a trip to attend a multilateral event is no visit
        lead = seg[: m.start()]
        if v.wishes.search(lead[-70:] if POSSESSOR.search(lead) else lead[-40:]):
            continue  # 'the possibility of President X's visit' is no trip
        people = [p for p in people_in(ctx, sent.start, at) if p.start < at]
        hosted = v.hosts_after.search(lead)
        if hosted:
            people = [p for p in people if p.end <= sent.start + hosted.start()]
        if not people:
            after = [p for p in people_in(ctx, sent.start + m.end(), sent.end) if is_named(p)]
            if re.match(r"\s*of\b", seg[m.end() :]) or (
                after and after[0].start < (place.start if place else at)
            ):
                people = after[:1]
        people = [surnamed(ctx, p, known) for p in people]
        people = [
            p
            for p in people
            if (is_named(p) or not p.name or is_known(p, known)) and not in_place_name(ctx, p)
        ]
        owner = POSSESSOR.search(lead)
        if owner:
            # 'Duarte's visit': the owner is the visitor, whoever else the sentence names before
            named = by_surname(ctx, owner.group(1), known)
            if named is None:
                continue
            parts = [named]
        elif people:
            visitor = people[-1]
            if len(people) > 1 and JOINT.fullmatch(doc.text[people[-2].end : visitor.start]):
                chosen = people[-2:]
            else:
                chosen = [visitor]
            parts = [resolve(ctx, p, known) for p in chosen]
        else:
            named = (
                name_before(ctx, lead, known)
                or sentence_subject(ctx, lead, known)
                or office_before(ctx, lead, known)
                or subject_after(ctx, lead, seg[m.end() :], known)
            )
            if named is None:
                continue
            parts = [named]
        if country == HOST:
            country = host_land(ctx, parts)
            if country is None:
                continue
            if ctx.dateline_city and ctx.lex.city_country.get(ctx.dateline_city.lower()) == country:
                city = ctx.dateline_city  # the reporter writes from the host's city
        if any(p.country == country for p in parts):
            continue  # a trip at home is no visit
        for p in parts:
            if p.country is None and len(ctx.doc_parties) >= 2 and country in ctx.doc_parties[:2]:
                p.country = next(c for c in ctx.doc_parties[:2] if c != country)
        status = _status(ctx, v, sent, at, sent.start + m.end())
        for to_city, to_country in [(city, country), *more_places(ctx, place)]:
            e = Engagement("visit", status, sent, [Participant(p.name, p.title, p.country) for p in parts])
            e.city, e.country, e.mode = to_city, to_country, "in_person"
            e.date = _date(ctx, sent, at)
            out.append(e)
        break
    return out


def _contact(
    ctx: Context, v: Vocabulary, sent: Span, seg: str, known: list[Participant], trips: list[Engagement]
) -> list[Engagement]:
    doc = ctx.doc
    if round_chairs(doc, sent) and not SEPARATE.search(seg):
        return []  # talks inside a round are the round's
    found = _kind_at(v, seg)
    if not found:
        return []
    kind, m = found
    if kind == "meeting" and v.unstated.fullmatch(m.group(0)) and _tells_of_a_call(v, doc.text):
        kind = "call"  # 'spoke with', in a text that calls the contact a call
    at = sent.start + m.start()
    if v.wishes.search(seg[max(0, m.start() - 40) : m.start()]):
        return []
    people = sure_people(ctx, sent.start, sent.end, known)
    before = [p for p in people if p.end <= at]
    after = [p for p in people if p.start >= sent.start + m.end() - 1]
    subject = [p for p in before if is_named(p) or not p.name][-1:]
    subject_parts = [resolve(ctx, p, known) for p in subject]
    they = THEY.search(seg[max(0, m.start() - 40) : m.start()])
    if not subject_parts:
        named = name_before(ctx, seg[: m.start()], known)
        if named is None and not they:
            named = pronoun_subject(doc, trips, seg[: m.start()])
        subject_parts = [named] if named else []
    objects = [resolve(ctx, p, known) for p in after]
    for p, o in zip(after, objects, strict=True):
        if p.counterpart and o.title is None and subject_parts and subject_parts[-1].title:
            o.title = subject_parts[-1].title  # 'his Indian counterpart X' holds the same office
    if not objects:
        named = name_after(ctx, seg[m.end() :], known)
        objects = [named] if named else counterparts_after(ctx, seg[m.end() :], subject_parts)
    if not objects:
        # 'A and B had a talk': the two sides both named before the words
        if len(before) >= 2 and JOINT.fullmatch(doc.text[before[-2].end : before[-1].start]):
            subject_parts = [resolve(ctx, p, known) for p in before[-2:]]
        elif not before:
            subject_parts = pair_before(ctx, seg[: m.start()], known) or subject_parts
    split = _one_by_one(kind, subject_parts, objects)
    if kind != "courtesy_call" and not split:
        objects = objects[:3]
    parts = subject_parts + [o for o in objects if not any(same_person(o, s) for s in subject_parts)]
    if not parts and (they or THEY.search(seg[: m.start()])):
        parts = previous_pair(ctx, sent, known)
    # on the margins of a gathering of many, the text's first two lands are no guide to the sides
    fill_sides(parts, party_sides(ctx), first_two=kind != "sideline_meeting")
    sides = {p.country for p in parts if p.country}
    if len(parts) < 2 or not sides or (len(sides) < 2 and all(p.country for p in parts)):
        return []  # one side only, or sides unknown: a domestic meeting is no engagement
    status = _status(ctx, v, sent, at, sent.start + m.end())
    groups = [[*subject_parts, o] for o in objects] if split else [parts]
    out = []
    for group in groups:
        fill_sides(group, party_sides(ctx), first_two=kind != "sideline_meeting")
        e = Engagement(kind, status, sent, group)
        e.date = _date(ctx, sent, at) if status != "reference" else _date(ctx, sent, at)
        out.append(e)
    return out


def _one_by_one(kind: str, subject: list[Participant], objects: list[Participant]) -> bool:
    """Whether one person's contacts with several are one each: courtesy calls, and meetings or calls
    with people of several other sides ('held meetings with A of X and B of Y')."""
    if not subject or not objects:
        return False
    if kind == "courtesy_call":
        return True
    sides = [o.country for o in objects]
    return (
        len(objects) > 1 and all(sides) and len(set(sides)) == len(sides) and subject[0].country not in sides
    )


THE_CALL = re.compile(r"\b(?:the|his|her|their|this)\s+(?:phone\s+|telephone\s+)?call\b", re.I)


def _tells_of_a_call(v: Vocabulary, text: str) -> bool:
    """Whether a text tells of a call anywhere: its words for calls, or 'the call'."""
    return bool(v.kinds["call"].search(text) or THE_CALL.search(text))


def _prose(line: str) -> bool:
    """A line without its full stop that reads as a sentence, not a headline: long, mostly lower case."""
    words = line.split()
    return len(words) >= 12 and sum(w[:1].islower() for w in words) * 2 >= len(words)


@stage("engagements", requires=["frame_context", "meetings", "times"], assigns=["engagements"])
def find_engagements(doc: Document) -> None:
    ctx: Context | None = doc.frame_context
    if ctx is None:
        return
    v = vocabulary(ctx.lex)
    text = doc.text
    found: list[Engagement] = []
    hits = [m.start() for m in v.any.finditer(text.lower())]
    for sent in doc.sentences:
        n = bisect_left(hits, sent.start)
        if n == len(hits) or hits[n] >= sent.end:
            continue
        seg = sent.of(text)
        if is_headline(doc, sent) and not _prose(seg):
            continue
        known = known_people(doc, found)
        found += _visits(ctx, v, sent, seg, known)
        found += _contact(
            ctx, v, sent, seg, known_people(doc, found), [e for e in found if e.kind == "visit"]
        )
    attendees: dict[int, list[Participant]] = {}
    for e in list(found):
        r = the_round_itself(doc, e)
        if r is not None:
            found.remove(e)
            attendees.setdefault(r, []).extend(e.participants)
    trips = [e for e in found if e.kind == "visit"]
    for e in found:
        e.during_meeting = round_of_trip(doc, e, attendees)
    for e in found:
        trip = trip_of(e, trips)
        if e.during_meeting is None and trip is not None:
            e.during_meeting = trip.during_meeting
        if e.during_meeting is not None:
            e.during = doc.meetings[e.during_meeting].mechanism.name
        place_contact(ctx, e, trips)
    for e in found:
        for p in e.participants:
            p.title = clean_title(p.title)
    complete_sides(ctx, found)
    doc.engagements = _dedupe(found)


def _dedupe(found: list[Engagement]) -> list[Engagement]:
    """One record per contact told twice (a lead and a later paragraph)."""
    out: list[Engagement] = []
    for e in found:
        twin = next(
            (
                o
                for o in out
                if o.kind == e.kind
                and len(o.participants) == len(e.participants)
                and all(any(same_person(p, q) for q in o.participants) for p in e.participants)
                and (o.country == e.country or not o.country or not e.country)
                and (o.date == e.date or not o.date or not e.date)
            ),
            None,
        )
        if twin is None:
            out.append(e)
        else:
            for f in ("date", "city", "country", "mode", "during"):
                if getattr(twin, f) is None and getattr(e, f) is not None:
                    setattr(twin, f, getattr(e, f))
    return out
