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

from ..model import Document, Engagement, Meeting, Mention, Participant, Span, TimeExpr, mentions_within
from .frames.chairs import _people_table, people_in
from .frames.context import Context, is_headline
from .frames.time_venue import find_venue, virtual_span
from .lexicon import EngagementWords, Lexicon
from .people import Person
from .pipeline import stage

KINDS = (("call", "calls"), ("courtesy_call", "courtesy_calls"), ("sideline_meeting", "sidelines"))
SEPARATE = re.compile(
    r"\b(?:separate(?:ly)?|also|later|before the|after the|prior to|on the sidelines)\b", re.I
)
DATED_TRIP = re.compile(r"^\s*(?:on|from)\s+$", re.I)


def _words(phrases: list[str]) -> re.Pattern[str]:
    alts = sorted({re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alts) or '(?!)'})(?![\w-])", re.I)


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


def _named(p: Person) -> bool:
    """A person the grammar is sure of: with an office, or a name of two words or more."""
    return bool(p.title) or len(p.name.split()) > 1


MILITARY = {
    "chief",
    "general",
    "admiral",
    "commander",
    "lieutenant",
    "major",
    "colonel",
    "air",
    "field",
    "vice",
}
TITLE_TAIL = re.compile(
    r"(?:,\s*|\s+of\s+the\s+)(?:Ministry|Foreign Office|Government)\b.*$|\s+and\s+(?:a\s+)?member\s+of\b.*$"
    r"|\s*\([A-Z]{2,}\)$"
)


# 'President General X': a rank after a civilian office is worn as an honorific
RANK_TAIL = re.compile(
    r"(?<=\w)\s+(?:Lieutenant\s+General|General|Field\s+Marshal|Admiral|Air\s+Chief\s+Marshal)$"
)
# 'the visit programme of the President X': the words before the office are no part of it
TITLE_HEAD = re.compile(r"^(?:visit\s+)?(?:program(?:me)?|schedule)\s+of\s+(?:the\s+)?", re.I)


def clean_title(title: str | None) -> str | None:
    """An office as gold writes it: without the ministry it sits in or a second role after 'and member of'."""
    if not title:
        return title
    title = TITLE_TAIL.sub("", title).strip(" ,")
    title = TITLE_HEAD.sub("", title)
    if RANK_TAIL.search(title) and title.split()[0].lower() not in MILITARY:
        title = RANK_TAIL.sub("", title)
    if title.islower():
        return title.title()
    return title[:1].upper() + title[1:]


ORG_IN_TITLE = re.compile(r"\s+of\s+the\s+([A-Z][\w ’'-]+?)\s*(?:\([A-Z]+\))?$")


def _resolve(ctx: Context, p: Person, known: list[Participant]) -> Participant:
    """A participant from a person, completed from the chairs and earlier participants of the text."""
    name, title, country = p.name or None, p.title, p.country
    for k in known:
        if name is None and title and k.title and k.name and k.title.lower().startswith(title.lower()):
            name, title, country = k.name, k.title, country or k.country
            break
        if name and k.name and (set(name.lower().split()) <= set(k.name.lower().split())):
            name = k.name
            if not title or (k.title and k.title.lower().startswith(title.lower())):
                title = k.title  # 'Deputy Director General' told in full elsewhere
            country = country or k.country
            break
    else:
        if name is None and title:
            holder = _holder(ctx, title, country)
            if holder is not None:
                name, title, country = holder.name, holder.title or title, country or holder.country
    title = clean_title(title)
    org = ORG_IN_TITLE.search(title or "")
    if org and title and ctx.lex.is_organisation(ctx.lex.country(org.group(1)) or ""):
        # 'Secretary-General of the Gulf Cooperation Council': the organisation is the side
        country, title = ctx.lex.country(org.group(1)), title[: org.start()]
    if country is None and title:
        country = ctx.lex.title_country.get(title.lower())
    return Participant(name, title, country)


def _holder(ctx: Context, title: str, country: str | None) -> Person | None:
    """'The foreign minister': the one person the text names with that office (on that side)."""
    low = title.lower()
    table = _people_table(ctx, {title, title.title(), title.lower()})
    found = [
        p
        for p in table.values()
        if p.name
        and p.title
        and (p.title.lower() == low or p.title.lower().startswith(low + " of "))
        and (country is None or p.country in (None, country))
    ]
    if len({p.name.split()[-1].lower() for p in found}) != 1:
        return None  # nobody, or several people of that office
    return max(found, key=lambda p: len(p.name))


NAME_BEFORE = re.compile(
    r"(?:^|[\s“\"(])(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})"
    r"(?:,\s+who)?(?:\s+(?:also|later|then|separately|had|has|have|will|would|is|was|currently|"
    r"scheduled|expected|set|to|be|pay|paid|make|made|on|a|an|the|his|her|two-day|three-day|official|"
    r"long|separate|bilateral|held|hold))*\s*$"
)


def _name_before(ctx: Context, lead: str, known: list[Participant]) -> Participant | None:
    """The person named just before a contact's words ('Hyder also called on'), known from the text."""
    m = NAME_BEFORE.search(lead[-80:])
    if not m:
        return None
    name = m.group(1)
    if name.split()[0].lower() in STOP_NAMES:
        return _office_before(ctx, lead, known)
    if ctx.lex.country(name) or name.lower() in ctx.lex.title_words:
        return None
    words = name.split()
    if (
        len(words) == 2
        and words[0].lower() in ctx.lex.title_words
        and words[1].lower() not in ctx.lex.title_words
    ):
        # 'Ambassador Tai will travel': an office and a surname
        for k in known:
            if k.name and words[1].lower() in k.name.lower().split():
                return Participant(k.name, k.title or words[0], k.country)
        return Participant(words[1], words[0], None)
    return _by_surname(ctx, name.split()[-1], known)


def _by_surname(ctx: Context, surname: str, known: list[Participant]) -> Participant | None:
    """The person a surname stands for: one of the text's participants, else one it names with an office."""
    last = surname.lower()
    for k in known:
        if k.name and last in _tokens(k.name):
            return Participant(k.name, k.title, k.country)
    for p in _people_table(ctx, {surname}).values():
        if p.name and last in _tokens(p.name) and (p.title or len(p.name.split()) > 1):
            return _resolve(ctx, p, known)
    return None


# 'Yang is scheduled to attend ... and pay visits to': a surname opening the sentence is its subject
SUBJECT = re.compile(
    r"\s*(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?([A-Z][\w’'-]+)\s+(?:is|was|will|would|has|had|also|then|later|"
    r"is\s+scheduled|is\s+expected|is\s+set)\b"
)


def _sentence_subject(ctx: Context, lead: str, known: list[Participant]) -> Participant | None:
    m = SUBJECT.match(lead)
    if not m or m.group(1).lower() in STOP_NAMES or m.group(1).lower() in ctx.lex.title_words:
        return None
    return _by_surname(ctx, m.group(1), known)


# 'During his visit to the US last year, Goyal met ...': the pronoun's owner is the main clause's subject
HIS_TRIP = re.compile(r"^\s*(?:During|On|In|After|Before|Since)\s+(?:his|her)\b")


def _subject_after(ctx: Context, lead: str, tail: str, known: list[Participant]) -> Participant | None:
    comma = tail.find(",")
    if not HIS_TRIP.match(lead) or comma < 0:
        return None
    return _sentence_subject(ctx, tail[comma + 1 :], known)


NAME_AFTER = re.compile(r"\s*(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?([A-Z][\w’'-]+)(?![\w’'-]|\s+[A-Z])")


def _name_after(ctx: Context, tail: str, known: list[Participant]) -> Participant | None:
    """'a meeting with Goyal': a surname right after a contact's words, known from the rest of the text."""
    m = NAME_AFTER.match(tail)
    if not m or m.group(1).lower() in ctx.lex.title_words or ctx.lex.country(m.group(1)):
        return None
    return _by_surname(ctx, m.group(1), known)


OFFICE_BEFORE = re.compile(
    r"\b[Tt]he\s+([A-Z][a-z]+)\s+((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)"
    r"(?:\s+(?:also|later|then|had|has|will|would|during\s+(?:his|her)|on\s+(?:his|her)))*\s*$"
)


def _office_before(ctx: Context, lead: str, known: list[Participant]) -> Participant | None:
    """'The Pakistani Foreign Minister also held': an office of a side, the person known to hold it."""
    m = OFFICE_BEFORE.search(lead[-80:])
    if not m:
        return None
    country = ctx.lex.country(m.group(1))
    title = m.group(2)
    if country is None or not any(w.lower() in ctx.lex.title_words for w in title.split()):
        return None
    for k in known:
        if k.name and k.country == country and k.title and k.title.lower().startswith(title.lower()):
            return Participant(k.name, k.title, country)
    holder = _holder(ctx, title, country)
    if holder is not None:
        return Participant(holder.name, title, country)
    return Participant(None, title, country)


STOP_NAMES = {"the", "he", "she", "they", "it", "during", "later", "earlier", "meanwhile", "also", "both"}


def _pronoun_subject(doc: Document, found: list[Engagement], lead: str) -> Participant | None:
    """'He', 'his': the last visitor the text told of, else the first chair of the round reported last."""
    if not re.search(r"\b(?:he|she|his|her|they|their)\b", lead, re.I):
        return None
    for e in reversed(found):
        if e.kind == "visit":
            p = e.participants[0]
            return Participant(p.name, p.title, p.country)
    return None


THEY = re.compile(
    r"\b(?:they|(?:both|the two)(?:\s+the)?\s+(?:leaders|ministers|presidents|premiers))\b", re.I
)


def _previous_pair(ctx: Context, sent: Span, known: list[Participant]) -> list[Participant]:
    """'after they met': the people of two sides named in the nearest of the three sentences before."""
    n = ctx.doc.sentences.index(sent)
    for prev in reversed(ctx.doc.sentences[max(0, n - 3) : n]):
        parts = [_resolve(ctx, p, known) for p in people_in(ctx, prev.start, prev.end) if _named(p)]
        if not parts:
            continue
        _fill_sides(parts, ctx.doc_parties)
        return parts if len({p.country for p in parts if p.country}) == 2 and len(parts) == 2 else []
    return []


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


# 'Foreign Minister A and Defence Minister B arrived': two visitors on one trip
JOINT = re.compile(
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]+)?\s*(?:,\s*)?and\s+(?:(?:[A-Z][\w’'-]*|of|for|and|the)\s+){0,6}"
)
LISTED = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def _more_places(ctx: Context, first: Mention | None) -> list[tuple[str | None, str]]:
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


def _made_for(doc: Document, e: Engagement, m: Meeting) -> bool:
    """Whether a visit's text says it was made for a round, or the round's text that it was held on the trip."""
    if PURPOSE.search(e.span.of(doc.text)):
        return True
    return any(s.start > e.span.start and ON_THE_TRIP.search(s.of(doc.text)) for s in m.evidence)


def _attends(e: Engagement, m: Meeting, more: list[Participant] = []) -> bool:  # noqa: B006
    """Whether one of the contact's people is a chair of the round (the round's trip is theirs)."""
    chairs = [Participant(c.name, c.title, c.country) for c in m.chairs] + more
    return any(_same(p, c) for p in e.participants for c in chairs)


# 'Both officials co-chaired the session': the round's chairs are the pair told of before
PAIR_CHAIRED = re.compile(
    r"\b(?:(?:both|the\s+two)(?:\s+[\w-]+)?\s+(?:officials|leaders|ministers|dignitaries|sides)|they)\s+"
    r"(?:also\s+|then\s+|later\s+)?(?:jointly\s+)?co-?chaired\b",
    re.I,
)


def _the_round_itself(doc: Document, e: Engagement) -> int | None:
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
        if m.chairs and _attends(e, m):
            return n
        if not m.chairs and any(
            0 < doc.sentences.index(s) - at <= 3 and PAIR_CHAIRED.search(s.of(doc.text))
            for s in m.evidence
            if s in doc.sentences
        ):
            return n
    return None


def _round_of_trip(doc: Document, e: Engagement, attendees: dict[int, list[Participant]]) -> int | None:
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
        if not _attends(e, m, attendees.get(n, [])) and not (
            e.kind == "visit" and sides <= set(m.mechanism.parties) and _made_for(doc, e, m)
        ):
            continue
        first = min((s.start for s in m.evidence), default=0)
        # the round reported last before the contact, else the first reported after it
        rank = (0, -first) if first > e.span.start else (1, first)
        if best is None or rank > best[1]:
            best = (n, rank)
    return best[0] if best else None


def _trip_of(e: Engagement, trips: list[Engagement]) -> Engagement | None:
    """The visit a contact was made on: one of its people is the visitor, at the same time and place."""
    if e.kind == "visit" or e.status == "reference":
        return None
    for t in trips:
        if t.status != e.status or (e.country and t.country and e.country != t.country):
            continue
        if any(_same(p, q) for p in e.participants for q in t.participants):
            return t
    return None


def _round_chairs(doc: Document, sent: Span) -> list[Meeting]:
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


def _place_elsewhere(
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
                return _place_after(ctx, to.end(), min(sent.end, to.end() + 25))
    before = PLACE_BEFORE.search(text, max(sent.start, sent.start + m.start() - 40), sent.start + m.start())
    if before:
        found = _place_after(ctx, before.start(1), before.end(1))
        if found[1]:
            return found
    if HOST_NOUN.match(text, end, sent.end):
        return None, HOST, None
    return None, None, None


def _host(ctx: Context, parts: list[Participant]) -> str | None:
    """The land of the side a visitor is not on, when the text is about two sides."""
    sides = {p.country for p in parts if p.country}
    others = [c for c in ctx.doc_parties[:2] if c not in sides]
    return others[0] if len(ctx.doc_parties) >= 2 and len(sides) == 1 and len(others) == 1 else None


def _visits(ctx: Context, v: Vocabulary, sent: Span, seg: str, known: list[Participant]) -> list[Engagement]:
    doc = ctx.doc
    out = []
    for m in v.visit.finditer(seg):
        at = sent.start + m.start()
        # the place right after the words, in the same clause ('visit, Hong said China ...' is no trip to China)
        clause = CLAUSE_END.search(seg, m.end(), min(len(seg), m.end() + 25))
        city, country, place = _place_after(
            ctx,
            sent.start + m.end(),
            sent.start + (clause.start() if clause else min(len(seg), m.end() + 25)),
        )
        if m.group(0).lower().endswith("here") and ctx.dateline_city:
            # 'arrived here': the dateline's city
            city, country = ctx.dateline_city, ctx.lex.city_country.get(ctx.dateline_city.lower())
        if country is None:
            city, country, place = _place_elsewhere(ctx, sent, m)
        if country is None:
            continue
        tail = seg[m.end() : m.end() + 200]
        if v.multilateral.search(tail.split(".")[0][:160]) and not any(
            mm.mechanism.parties and country in mm.mechanism.parties for mm in _round_chairs(doc, sent)
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
            after = [p for p in people_in(ctx, sent.start + m.end(), sent.end) if _named(p)]
            if re.match(r"\s*of\b", seg[m.end() :]) or (
                after and after[0].start < (place.start if place else at)
            ):
                people = after[:1]
        people = [_surnamed(ctx, p, known) for p in people]
        people = [
            p
            for p in people
            if (_named(p) or not p.name or _is_known(p, known)) and not _in_place_name(ctx, p)
        ]
        owner = POSSESSOR.search(lead)
        if owner:
            # 'Duarte's visit': the owner is the visitor, whoever else the sentence names before
            named = _by_surname(ctx, owner.group(1), known)
            if named is None:
                continue
            parts = [named]
        elif people:
            visitor = people[-1]
            if len(people) > 1 and JOINT.fullmatch(doc.text[people[-2].end : visitor.start]):
                chosen = people[-2:]
            else:
                chosen = [visitor]
            parts = [_resolve(ctx, p, known) for p in chosen]
        else:
            named = (
                _name_before(ctx, lead, known)
                or _sentence_subject(ctx, lead, known)
                or _office_before(ctx, lead, known)
                or _subject_after(ctx, lead, seg[m.end() :], known)
            )
            if named is None:
                continue
            parts = [named]
        if country == HOST:
            country = _host(ctx, parts)
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
        for to_city, to_country in [(city, country), *_more_places(ctx, place)]:
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
    if _round_chairs(doc, sent) and not SEPARATE.search(seg):
        return []  # talks inside a round are the round's
    found = _kind_at(v, seg)
    if not found:
        return []
    kind, m = found
    at = sent.start + m.start()
    if v.wishes.search(seg[max(0, m.start() - 40) : m.start()]):
        return []
    people = _people(ctx, sent.start, sent.end, known)
    before = [p for p in people if p.end <= at]
    after = [p for p in people if p.start >= sent.start + m.end() - 1]
    subject = [p for p in before if _named(p) or not p.name][-1:]
    subject_parts = [_resolve(ctx, p, known) for p in subject]
    they = THEY.search(seg[max(0, m.start() - 40) : m.start()])
    if not subject_parts:
        named = _name_before(ctx, seg[: m.start()], known)
        if named is None and not they:
            named = _pronoun_subject(doc, trips, seg[: m.start()])
        subject_parts = [named] if named else []
    objects = [_resolve(ctx, p, known) for p in after]
    for p, o in zip(after, objects, strict=True):
        if p.counterpart and o.title is None and subject_parts and subject_parts[-1].title:
            o.title = subject_parts[-1].title  # 'his Indian counterpart X' holds the same office
    if not objects:
        named = _name_after(ctx, seg[m.end() :], known)
        objects = [named] if named else []
    if kind != "courtesy_call":
        objects = objects[:3]
    parts = subject_parts + [o for o in objects if not any(_same(o, s) for s in subject_parts)]
    if not parts and (they or THEY.search(seg[: m.start()])):
        parts = _previous_pair(ctx, sent, known)
    _fill_sides(parts, ctx.doc_parties)
    sides = {p.country for p in parts if p.country}
    if len(parts) < 2 or not sides or (len(sides) < 2 and all(p.country for p in parts)):
        return []  # one side only, or sides unknown: a domestic meeting is no engagement
    status = _status(ctx, v, sent, at, sent.start + m.end())
    groups = [[*subject_parts, o] for o in objects] if kind == "courtesy_call" and subject_parts else [parts]
    out = []
    for group in groups:
        _fill_sides(group, ctx.doc_parties)
        e = Engagement(kind, status, sent, group)
        e.date = _date(ctx, sent, at) if status != "reference" else _date(ctx, sent, at)
        out.append(e)
    return out


def _in_place_name(ctx: Context, p: Person) -> bool:
    """'United Arab Emirates' read as a person: a name inside a country or city mention."""
    return any(
        m.start <= p.start < m.end or p.start <= m.start < p.end
        for kind in ("country", "city")
        for m in mentions_within(ctx.doc.mentions, kind, p.start - 40, p.end)
        if not m.data.get("demonym")
    )


def _tokens(name: str) -> set[str]:
    """A name's words, and the parts of hyphenated ones ('al-Falih' -> al-falih, al, falih)."""
    words = name.lower().split()
    return {*words, *(part for w in words if "-" in w for part in w.split("-"))}


def _is_known(p: Person, known: list[Participant]) -> bool:
    return any(k.name and p.name.lower() in _tokens(k.name) for k in known)


def _surnamed(ctx: Context, p: Person, known: list[Participant]) -> Person:
    """'Goyal' alone: the person the text names in full with an office elsewhere, else as it stands."""
    if _named(p) or not p.name or _is_known(p, known):
        return p
    key = p.name.lower()
    for q in _people_table(ctx, {p.name}).values():
        if (
            q.name
            and key in _tokens(q.name)
            and q.name.lower() != key
            and (q.title or len(q.name.split()) > 1)
        ):
            return Person(q.name, q.title, p.country or q.country, p.start, p.end)
    return p


def _people(ctx: Context, start: int, end: int, known: list[Participant]) -> list[Person]:
    """The people of a stretch that the grammar is sure of, surnames completed from the rest of the text."""
    out = []
    for p in people_in(ctx, start, end):
        p = _surnamed(ctx, p, known)
        if (_named(p) or not p.name or _is_known(p, known)) and not _in_place_name(ctx, p):
            out.append(p)
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
            if t.status == e.status and any(_same(p, q) for p in e.participants for q in t.participants):
                e.city, e.country = t.city, t.country
                break
    if e.kind == "call":
        e.city = e.country = None
    elif e.mode is None and (e.kind != "meeting" or e.country or e.during_meeting is not None):
        e.mode = "in_person"


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
        known = _known_people(doc, found)
        found += _visits(ctx, v, sent, seg, known)
        found += _contact(
            ctx, v, sent, seg, _known_people(doc, found), [e for e in found if e.kind == "visit"]
        )
    attendees: dict[int, list[Participant]] = {}
    for e in list(found):
        r = _the_round_itself(doc, e)
        if r is not None:
            found.remove(e)
            attendees.setdefault(r, []).extend(e.participants)
    trips = [e for e in found if e.kind == "visit"]
    for e in found:
        e.during_meeting = _round_of_trip(doc, e, attendees)
    for e in found:
        trip = _trip_of(e, trips)
        if e.during_meeting is None and trip is not None:
            e.during_meeting = trip.during_meeting
        if e.during_meeting is not None:
            e.during = doc.meetings[e.during_meeting].mechanism.name
        _place(ctx, e, trips)
    for e in found:
        for p in e.participants:
            p.title = clean_title(p.title)
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
