"""Sentences that refer back to the meeting in focus ('The meeting was co-chaired by...') and what they add."""

from __future__ import annotations

import re

from ...model import Meeting, Span
from ..people import Person
from .chairs import (
    AS_HEADS,
    CHAIR_BY,
    CHAIR_VERB,
    WHO_LED,
    add_chairs,
    chair_people,
    co_chairs_apposed,
    people_in,
)
from .context import Anchor, Context, Folded, is_headline
from .time_venue import find_venue, is_report_time, virtual_span

COREF = Folded(
    # Every alternative begins with one of these letters or at the sentence's start: tested first.
    r"(?=[cdhijlprst]|^)(?:"
    r"\b(?:the|this|that|its)\s+(?:[\w’'-]+\s+){0,2}?(?:meeting|session|consultations?|dialogue|talks|round|summit|"
    r"jcm|commission|council|committee|jwg|jcc|mechanism)\b|\bduring the\b|\b(?:delegations?|side|part|team)\s+"
    r"(?:(?:from|of)\s+(?:the\s+)?\w[\w’'-]*(?:\s+\w[\w’'-]*){0,5}\s+)?"
    r"(?:was|were|will be|would be|is|are|is being)\s+(?:led|headed|represented|chaired|co-chaired|co-led|co-headed)\b|\b(?:led|lead|leads|represented|headed|heads|head) (?:(?:the|their|his|her) )?"
    r"(?:[\w’'-]+\s+)?(?:delegations?|sides?)\b|^\s*it\s+(?:was|will be|is being)\s+(?:co-?chaired|chaired|held|led|hosted)\b|"
    r"\brespective delegations\b|\bthat (?:meeting|session|round)\b|\b(?:co-?chaired|jointly chaired|presided over jointly|"
    r"co-presided)\s+(?:jointly\s+)?by\b|\b(?:side|delegation)\s+by\b|\b(?:side|delegation),\s+(?:led|headed)\s+by\b"
    r")"
)
OTHER_EVENT = Folded(
    r"\b(?:held|had) (?:a|separate) (?:\w+ )?meeting with\b|\bmet (?:with|separately)\b|\bcalled on\b|"
    r"\bcourtesy call\b|\bphone call\b|\btelephone\b|\bon the sidelines\b|\bbefore the\b"
)


COUNTERPART_SUBJECT = re.compile(r"^\W*(?:His|Her)\s+(?:[A-Z][\w’'-]+\s+){0,2}?counterpart,?\s+(?=[A-Z])")


DEMONSTRATIVE = re.compile(
    r"\s*(?:that|this|the (?:\w+) such|the latter|the former)\s+(?:meeting|session|round)\b", re.I
)
HELD_CLAUSE = Folded(
    r"\b(?:was|were|is|will be|would be)\s+held\b|\btake place\b|\btook place\b|\bheld (?:via|through|in|on)\b|"
    r"\b(?:co-?chaired|chaired|presided over) the (?:meeting|session|talks|consultations|dialogue) (?:in|on|at|via)\b"
)
FOUNDED = re.compile(r"\b(?:launched|established|founded|created|set up|signed|formed)\b[^.;,]{0,20}$", re.I)
UPCOMING_CLAUSE = re.compile(r"\bwill\b|\bis expected\b|\bis scheduled\b", re.I)
# The round's own sentence tells it as done ('was held', 'the two sides held the 13th round').
WAS_HELD = re.compile(
    r"\b(?:was|were)\s+held\b|(?<!\bbe )(?<!\bbeing )\b(?:held|concluded|co-chaired)\b", re.I
)


def resolve_references(ctx: Context, pairs: list[tuple[Anchor, Meeting]]) -> None:
    """Sentences that refer back to the meeting in focus ('The meeting was co-chaired by...')."""
    doc = ctx.doc
    if not pairs:
        return
    anchor_sents = {a.sentence for a, _ in pairs}
    order = sorted(pairs, key=lambda p: p[0].start)
    for n, sent in enumerate(doc.sentences):
        if sent in anchor_sents:
            continue
        text = sent.of(doc.text)
        counterpart = COUNTERPART_SUBJECT.match(text)
        if counterpart and not OTHER_EVENT.search(text):
            _counterpart_of_chair(ctx, sent, counterpart.end(), order)
        earlier = [m for a, m in order if a.start < sent.start and m.status != "reference"]
        if earlier and not earlier[-1].chairs:
            # 'A and B, the co-chairs of the commission, held talks before the plenary': whatever else they did
            named = co_chairs_apposed(ctx, sent.start, text)
            if named:
                add_chairs(earlier[-1], named)
                earlier[-1].evidence.append(sent)
        just = _round_just_reported(doc.sentences[n - 1] if n else None, order)
        if just and not OTHER_EVENT.search(text):
            heads = _heads_as_subjects(ctx, sent, text)
            if heads:
                add_chairs(just[1], heads)
                just[1].evidence.append(sent)
                continue
            if HOSTS_NAMED.search(text):
                # 'Secretary A and Secretary B hosted Foreign Minister C and Defense Minister D.'
                _refer_back(ctx, sent, text, *just)
                continue
        if not COREF.search(text) or OTHER_EVENT.search(text) or is_headline(doc, sent):
            continue
        demonstrative = DEMONSTRATIVE.match(text)
        before = [
            (a, m) for a, m in order if a.start < sent.start and (m.status != "reference" or demonstrative)
        ]
        if before:
            _refer_back(ctx, sent, text, *before[-1])


HOSTS_NAMED = re.compile(r"\bhosted\s+(?:the\s+)?[A-Z][\w’'-]*\s+[A-Z]")


def _round_just_reported(
    previous: Span | None, order: list[tuple[Anchor, Meeting]]
) -> tuple[Anchor, Meeting] | None:
    """The round held that the sentence before reports, while nothing has named its chairs yet."""
    reported = [(a, m) for a, m in order if a.sentence == previous]
    if reported and reported[-1][1].status == "held" and not reported[-1][1].chairs:
        return reported[-1]
    return None


# Only an office's words (capitalised, or joining ones) before or between two named officials.
TITLE_RUN = re.compile(r"(?:(?:[A-Z][\w’'.-]*|of|for|the|and|[’']s)(?:\s+|$))*")


def _heads_as_subjects(ctx: Context, sent: Span, text: str) -> list[Person]:
    """'First Vice Foreign Minister A and Uzbekistan's First Deputy Foreign Minister B discussed ...' opening the
    sentence right after a round is reported: two officials, one of each side, lead it."""
    doc = ctx.doc
    if text[:1] in "\"“'‘":
        return []
    people = people_in(ctx, sent.start, sent.end)
    if len(people) != 2 or not all(p.title and p.name for p in people) or HOSTS_NAMED.search(text):
        return []
    first, second = people
    lead = doc.text[sent.start : first.start].strip()
    between = doc.text[first.end : second.start].strip()
    verb = re.match(r"\s*([a-z]+)\b", doc.text[second.end : sent.end])
    if not TITLE_RUN.fullmatch(lead) or not TITLE_RUN.fullmatch(between) or not between.startswith("and"):
        return []
    if not verb or verb.group(1) in {"and", "of", "for", "the"}:
        return []
    if first.country and second.country and first.country == second.country:
        return []  # two of one side are no pair of heads
    return people


def _counterpart_of_chair(ctx: Context, sent: Span, at: int, order: list[tuple[Anchor, Meeting]]) -> None:
    """'His Zimbabwean counterpart Frederick Shava said ...' right after a chair was named: the other chair."""
    doc = ctx.doc
    n = doc.sentences.index(sent)
    prev = doc.sentences[n - 1] if n else None
    owner = next(
        (
            m
            for _, m in reversed(order)
            if prev and any(c.span and prev.start <= c.span.start < prev.end for c in m.chairs)
        ),
        None,
    )
    if owner is None:
        return
    named = people_in(ctx, sent.start, sent.start + at + 60)
    if named:
        named[0].counterpart = True
        add_chairs(owner, named[:1])


def _refer_back(ctx: Context, sent: Span, text: str, a: Anchor, meeting: Meeting) -> None:
    """What a sentence that refers back adds: chairs, and where it reports the holding, date, venue and mode."""
    cued = (
        CHAIR_VERB.search(text)
        or CHAIR_BY.search(text)
        or AS_HEADS.search(text)
        or "hosted" in text
        or WHO_LED.search(text)
    )
    people = chair_people(ctx, sent) if cued else []
    if people:
        add_chairs(meeting, people)
        meeting.evidence.append(sent)
    held = HELD_CLAUSE.search(text)
    if not held:
        if meeting.mode is None and virtual_span(ctx, sent):
            meeting.mode = "virtual"
        return
    meeting.evidence.append(sent)
    if meeting.mode is None and virtual_span(ctx, sent):
        meeting.mode = "virtual"
    if meeting.date is None:
        usable = [
            t
            for t in ctx.doc.times
            if sent.start <= t.start < sent.end
            and t.value
            and t.kind != "relative_vague"
            and not is_report_time(ctx.doc.text, t)
            and not FOUNDED.search(ctx.doc.text, max(sent.start, t.start - 40), t.start)
        ]
        usable.sort(key=lambda t: t.start < sent.start + held.start())
        if usable:
            meeting.date = usable[0].value
            meeting.fields["date"] = Span(usable[0].start, usable[0].end)
    if meeting.city is None and meeting.country is None and meeting.mode != "virtual":
        city, country, _ = find_venue(ctx, sent, sent.start)
        if city or country:
            meeting.city, meeting.country = city, country
            meeting.mode = meeting.mode or "in_person"
    if (
        UPCOMING_CLAUSE.search(text)
        and meeting.status == "held"
        and not WAS_HELD.search(ctx.doc.text[a.sentence.start : a.sentence.end])
    ):
        meeting.status = "scheduled"
