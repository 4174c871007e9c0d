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
from datetime import date
from functools import lru_cache

from ..model import Document, Engagement, Meeting, Mention, Participant, Span, TimeExpr, mentions_within
from .frames.chairs import people_in
from .frames.context import Context, is_headline
from .frames.time_venue import find_venue, virtual_span
from .lexicon import EngagementWords, Lexicon
from .people import Person
from .pipeline import stage

KINDS = (("call", "calls"), ("courtesy_call", "courtesy_calls"), ("sideline_meeting", "sidelines"))
PRONOUN = re.compile(r"\b(?:he|she|they|the two|both)\b", re.I)
SEPARATE = re.compile(
    r"\b(?:separate(?:ly)?|also|later|before the|after the|prior to|on the sidelines)\b", re.I
)
DATED_TRIP = re.compile(r"^\s*(?:on|from)\s+$", re.I)


def _words(phrases: list[str]) -> re.Pattern[str]:
    alts = sorted({re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alts) or '(?!)'})(?![\w-])", re.I)


class Vocabulary:
    """The lexicon's lists compiled once."""

    def __init__(self, w: EngagementWords, multilateral: list[str]) -> None:
        self.kinds = {kind: _words(getattr(w, field)) for kind, field in KINDS}
        self.meeting = _words(w.meetings)
        self.visit = _words(w.visits)
        self.hosts_after = _words(w.hosts_after)
        self.scheduled = _words(w.scheduled)
        self.reference = _words(w.reference)
        self.wishes = _words(w.wishes)
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
                met = v.meeting.search(seg)
                if not met:
                    continue
                return kind, met
            return kind, m
    m = v.meeting.search(seg)
    return ("meeting", m) if m else None


def _named(p: Person) -> bool:
    """A person the grammar is sure of: with an office, or a name of two words or more."""
    return bool(p.title) or len(p.name.split()) > 1


def _resolve(ctx: Context, p: Person, known: list[Participant]) -> Participant:
    """A participant from a person, completed from the chairs and earlier participants of the text."""
    name, title, country = p.name or None, p.title, p.country
    for k in known:
        if name is None and title and k.title and k.title.lower() == title.lower() and k.name:
            name, title, country = k.name, k.title, country or k.country
            break
        if name and k.name and (set(name.lower().split()) <= set(k.name.lower().split())):
            name = k.name
            title = title or k.title
            country = country or k.country
            break
    if title and title.islower():
        title = title.title()
    if country is None and title:
        country = ctx.lex.title_country.get(title.lower())
    return Participant(name, title, country)


def _known_people(doc: Document, found: list[Engagement]) -> list[Participant]:
    out = [Participant(c.name, c.title, c.country) for m in doc.meetings for c in m.chairs]
    out += [p for e in found for p in e.participants]
    return out


def _fill_sides(parts: list[Participant], parties: list[str]) -> None:
    """With two parties, a participant whose side is unknown is on the side no other participant is on."""
    if len(parties) < 2:
        return
    for p in parts:
        if p.country is None:
            others = {q.country for q in parts if q.country}
            left = [c for c in parties[:2] if c not in others]
            if len(left) == 1:
                p.country = left[0]


def _status(ctx: Context, v: Vocabulary, sent: Span, at: int, end: int) -> str:
    text = ctx.doc.text
    lead = text[max(sent.start, at - 60) : at]
    clause = text[sent.start : min(sent.end, end + 60)]
    for t in _times(ctx.doc, sent):
        if t.value and ctx.doc.published and len(t.value) >= 7:
            published = ctx.doc.published.isoformat()
            if t.value[:7] < published[:7] and (len(t.value) < 10 or _days(t.value, ctx.doc.published) > 20):
                return "reference"
    if v.reference.search(lead) or v.reference.search(text[at:end]):
        return "reference"
    if v.scheduled.search(lead) or v.scheduled.search(clause[: max(0, at - sent.start)]):
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


def _place_after(ctx: Context, start: int, end: int) -> tuple[str | None, str | None, Mention | None]:
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


def _round_of_trip(doc: Document, e: Engagement) -> int | None:
    """The round reported in the text on whose trip a contact happened: same sides, same land."""
    if e.status == "reference":
        return None
    sides = {p.country for p in e.participants if p.country}
    best = None
    for n, m in enumerate(doc.meetings):
        if m.status == "reference" or len(m.mechanism.parties) < 2:
            continue
        if not sides or not sides <= set(m.mechanism.parties):
            continue
        if e.country and m.country and e.country != m.country:
            continue
        if e.kind != "visit" and e.country is None and m.mode == "virtual":
            continue
        before = min((s.start for s in m.evidence), default=0) <= e.span.start
        if best is None or (before and not best[1]):
            best = (n, before)
    return best[0] if best else None


def _round_chairs(doc: Document, sent: Span) -> list[Meeting]:
    return [m for m in doc.meetings if m.status != "reference" and sent in m.evidence]


def _visits(ctx: Context, v: Vocabulary, sent: Span, seg: str, known: list[Participant]) -> list[Engagement]:
    doc = ctx.doc
    out = []
    for m in v.visit.finditer(seg):
        at = sent.start + m.start()
        city, country, place = _place_after(
            ctx, sent.start + m.end(), min(sent.end, sent.start + m.end() + 25)
        )
        if country is None:
            continue
        tail = seg[m.end() : m.end() + 120]
        if v.multilateral.search(tail.split(".")[0][:90]) and not any(
            mm.mechanism.parties and country in mm.mechanism.parties for mm in _round_chairs(doc, sent)
        ):
            continue  # a trip to attend a multilateral event is no visit
        lead = seg[: m.start()]
        if v.wishes.search(lead[-40:]):
            continue
        people = [p for p in people_in(ctx, sent.start, at) if p.start < at]
        hosted = v.hosts_after.search(lead)
        if hosted:
            people = [p for p in people if p.end <= sent.start + hosted.start()]
        if not people:
            after = [p for p in people_in(ctx, sent.start + m.end(), sent.end) if _named(p)]
            if re.match(r"\s*of\b", seg[m.end() :]) or (
                after and after[0].start < (place.start if place else at)
            ):
                people = after[:1]
        people = [p for p in people if _named(p) or not p.name]
        if not people:
            continue
        visitor = people[-1]
        if re.search(r"\b(?:and)\s*$", doc.text[people[0].end : visitor.start]) and len(people) > 1:
            chosen = people[-2:]
        else:
            chosen = [visitor]
        parts = [_resolve(ctx, p, known) for p in chosen]
        if any(p.country == country for p in parts):
            continue  # a trip at home is no visit
        for p in parts:
            if p.country is None and len(ctx.doc_parties) >= 2 and country in ctx.doc_parties[:2]:
                p.country = next(c for c in ctx.doc_parties[:2] if c != country)
        e = Engagement("visit", _status(ctx, v, sent, at, sent.start + m.end()), sent, parts)
        e.city, e.country, e.mode = city, country, "in_person"
        e.date = _date(ctx, sent, at)
        out.append(e)
        break
    return out


def _contact(ctx: Context, v: Vocabulary, sent: Span, seg: str, known: list[Participant]) -> list[Engagement]:
    found = _kind_at(v, seg)
    if not found:
        return []
    kind, m = found
    doc = ctx.doc
    at = sent.start + m.start()
    if v.wishes.search(seg[max(0, m.start() - 40) : m.start()]):
        return []
    rounds = _round_chairs(doc, sent)
    people = [p for p in people_in(ctx, sent.start, sent.end) if _named(p) or not p.name]
    if rounds and not SEPARATE.search(seg):
        chairs = {c.name.lower() for r in rounds for c in r.chairs}
        if not chairs or all(p.name.lower() in chairs or not p.name for p in people):
            return []  # talks inside a round are the round's
    before = [p for p in people if p.end <= at]
    after = [p for p in people if p.start >= sent.start + m.end() - 1]
    subject = before[-1:] if before else []
    if not subject and PRONOUN.search(seg[: m.start()]) and known:
        last = known[-1]
        subject_parts = [Participant(last.name, last.title, last.country)]
    else:
        subject_parts = [_resolve(ctx, p, known) for p in subject]
    objects = [_resolve(ctx, p, known) for p in after]
    if kind != "courtesy_call":
        objects = objects[:3]
    parts = subject_parts + [o for o in objects if not any(_same(o, s) for s in subject_parts)]
    _fill_sides(parts, ctx.doc_parties)
    sides = {p.country for p in parts if p.country}
    if len(parts) < 2 or not sides or (len(sides) < 2 and all(p.country for p in parts)):
        return []  # one side only, or sides unknown: a domestic meeting is no engagement
    status = _status(ctx, v, sent, at, sent.start + m.end())
    groups = [[*subject_parts, o] for o in objects] if kind == "courtesy_call" and subject_parts else [parts]
    out = []
    for group in groups:
        e = Engagement(kind, status, sent, group)
        e.date = _date(ctx, sent, at) if status != "reference" else _date(ctx, sent, at)
        out.append(e)
    return out


def _same(a: Participant, b: Participant) -> bool:
    if a.name and b.name:
        return set(a.name.lower().split()) <= set(b.name.lower().split()) or set(
            b.name.lower().split()
        ) <= set(a.name.lower().split())
    return bool(a.title and b.title and a.title.lower() == b.title.lower() and a.country == b.country)


def _place(ctx: Context, e: Engagement, trips: list[Engagement]) -> None:
    """Where a contact took place, and how: the sentence's venue, else the trip's or the round's."""
    doc = ctx.doc
    sent = e.span
    if virtual_span(ctx, sent):
        e.mode = "virtual"
    if e.kind == "visit":
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
            if t.status == e.status and any(_same(p, q) for p in e.participants for q in t.participants):
                e.city, e.country = t.city, t.country
                break
    if e.kind == "call":
        e.city = e.country = None
    elif e.mode is None and (e.kind != "meeting" or e.country or e.during_meeting is not None):
        e.mode = "in_person"


@stage("engagements", requires=["frame_context", "meetings", "times"], assigns=["engagements"])
def find_engagements(doc: Document) -> None:
    ctx: Context | None = doc.frame_context
    if ctx is None:
        return
    v = vocabulary(ctx.lex)
    text = doc.text
    found: list[Engagement] = []
    for sent in doc.sentences:
        if is_headline(doc, sent):
            continue
        seg = sent.of(text)
        if not (
            v.meeting.search(seg) or v.visit.search(seg) or any(rx.search(seg) for rx in v.kinds.values())
        ):
            continue
        known = _known_people(doc, found)
        found += _visits(ctx, v, sent, seg, known)
        found += _contact(ctx, v, sent, seg, _known_people(doc, found))
    trips = [e for e in found if e.kind == "visit"]
    for e in found:
        e.during_meeting = _round_of_trip(doc, e)
        if e.during_meeting is not None:
            e.during = doc.meetings[e.during_meeting].mechanism.name
        _place(ctx, e, trips)
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
                and all(any(_same(p, q) for q in o.participants) for p in e.participants)
                and (o.country == e.country or not o.country or not e.country)
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
