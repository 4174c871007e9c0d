"""Chairs: the people a stretch of text names as chairs or heads of delegation, completed from the rest of
the text (full names, titles, and the side each one is on).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ...model import Chair, Meeting, Span, mentions_within
from ..people import Person
from .context import Anchor, Context, Folded

CHAIR_BY = Folded(
    r"\b(?:(?:jointly\s+)?(?:co-?\s?chaired|co-?\s?ch[a-z]{2,4}ed|c-chaired|chaired|presided over|presided|co-led|led|"
    r"co-headed|headed|hosted|represented|attended)\s+(?:jointly\s+)?by|under the (?:co-?)?chair(?:man|person)?(?:ship)? of|"
    r"co-chaired between|in attendance (?:at the (?:meeting|session|talks) )?(?:was|were)|"
    # 'The co-chairmen of the Intergovernmental Commission are A and B'
    r"co-?chair(?:men|persons|people|s)\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){0,8}?(?:is|are|were|will\s+be))\b"
)
# 'A and B will attend the meeting as chief delegates': the people named before it head the sides.
AS_HEADS = Folded(
    r"\bas\s+(?:the\s+)?(?:chief\s+delegates|heads\s+of\s+(?:their\s+|the\s+)?(?:respective\s+)?delegations?|"
    r"co-?chairs?|co-?chair(?:men|persons|people)|chief\s+negotiators|heads\s+of\s+(?:the\s+)?(?:two\s+)?sides)\b"
)
CHAIR_VERB = Folded(
    r"\b(?:co-?chair(?:ed|s)?|c-chaired|jointly presided|jointly chaired|held|hold|will hold|led|lead|will lead|"
    r"headed|will head|co-chair|would be hosted|will be hosted|arrived|began|kicked off|met|co-led|co-lead|represented|"
    r"hosted|chaired|will chair|presided over|presided|inaugurated|opened|co-chairing|chairing|leading|heading|will host|hosts|is hosting|"
    r"conducted|are conducting|will conduct|will represent|represents|is representing|spearheaded|will spearhead)\b"
)
SIDE = re.compile(
    r"\b(?:the\s+)?([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})\s+(?:side|delegation|team|part)\b"
)


def _spans_overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The (sorted, short) spans that overlap [start, end)."""
    first = max(bisect_right(spans, (start, start)) - 1, 0)
    out = []
    for s, e in spans[first:]:
        if s >= end:
            break
        if e > start:
            out.append((s, e))
    return out


def people_in(ctx: Context, start: int, end: int, cut: bool = True) -> list[Person]:
    """People named in a stretch of text; the names of mechanisms in it are no one's name or title."""
    out: list[Person] = []
    cuts = _spans_overlapping(ctx.mech_spans, start, end) if cut else []
    # A dateline's agency or outlet ('Colombo, Feb. 27 (Daily Mirror) -') is no one either.
    heads = [(h.start, h.end) for h in ctx.header if h.start < end and h.end > start]
    if heads:
        cuts = sorted(cuts + heads)
    pos = start
    for s, e in cuts + [(end, end)]:
        if s > pos:
            i, j = ctx.index.range(pos, s)
            out += ctx.people.people(ctx.toks[i:j], ctx.doc.text)
        pos = max(pos, e)
    return out


UNNAMED_COUNTERPART = re.compile(r"\b(?:his|her|their)\s+([A-Z][\w’'-]+)\s+counterparts?\b(?!\s+(?:[A-Z]|,))")
BY_STOP = re.compile(
    r"[;]|\s[—–]\s|\bwhile\b|\bwhereas\b|,?\s+(?:in a|via|through|according to|who|which|said)\b|"
    r",\s+(?:held|met|discussed|agreed|signed|reviewed|exchanged|attended|visited|called|stressed|noted)\b|"
    r",?\s+and\s+the\s+\w+\s+(?:side|delegation)\b|,\s+(?:the meeting|it|they)\b|"
    r",?\s+(?:and\s+)?(?:including|comprising|accompanied by)\b"  # 'led by A and including B': B is a member
)
BY_NEXT = re.compile(r"\s+by\b")
RELATIVE_BEFORE = re.compile(r"\b(?:who|which|that|those)\s+(?:\w+\s+)?$", re.I)
INTRO = re.compile(r"\s*(?:On|In|Earlier|Later|Meanwhile|Also)[^,]{0,40},\s*")
HELD_OBJECT = re.compile(
    r"\s+(?:the|their|its|a)?\s*(?:[\w’'.-]+\s+){0,6}?(?:meeting|round|session|consultations?|dialogue|"
    r"talks|committee|commission|council|jcc|2\+2|scc|foc)"
)
MET_PLACE = re.compile(r"\s+(?:at|in|on|for|by|with|to|under|via|here|today|yesterday)\b")
REPRESENTS = re.compile(r"\s+(?:the\s+)?([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+(?:at|in)\b")
MET_WITH = re.compile(r"\s+with\s+(?!(?:the\s+)?(?:media|press|reporters|journalists|officials|business)\b)")
MET_STOP = re.compile(r"\s(?:by|on|in|at|for|to|via|through|during|and agreed|and discussed)\s+[a-z]|[.;]")
SIDE_OBJECT = re.compile(
    r"\s+(?:the\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})\s+(?:side|delegation|team)\b"
)
WITH_COUNTERPARTS = re.compile(
    r"\bwith\s+(?:(?:his|her|their)\s+)?(?:[A-Z][\w’'-]*\s+)?(?:counterparts?\s+)?"
)
HOSTED_BY = re.compile(r"\bhosted by\s+(?:their|his|her)\s+")
HOSTED_GUESTS = re.compile(
    r"\b(?:hosted|will host|hosts|is hosting)\s+(?:(?:his|her|their)\s+(?:[A-Z][\w’'-]+\s+(?:and\s+[A-Z][\w’'-]+\s+)?)?"
    r"(?:colleagues|counterparts|guests|counterpart|colleague)\b,?|(?=[A-Z]))"
)
GUESTS_STOP = re.compile(r"[.;]|\s(?:at|in|on|for|to)\s+(?:the\s+)?[a-zA-Z]")
ATTENDED_BY = re.compile(r"\battended by\s+")
ATTENDED_STOP = re.compile(r"[.;]|\s(?:in|on|at|via)\s+[a-z]")
HOSTED = re.compile(r"\bhosted\b")
BETWEEN_PEOPLE = re.compile(
    r"\b(?:held|consultations?|dialogue|meeting|summit|consultation)\s+(?:[\w’'-]+\s+){0,3}?between\s+", re.I
)
BETWEEN_STOP = re.compile(r"\s(?:was|were|is|are|would|will|held|via|through|in a)\s")
CLAUSE_BREAKS = (";", " while ", " whereas ", ":", " that ")


SIDE_DASH = re.compile(r"\bfrom\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?\s*$")


def _by_end(seg: str, start: int) -> int:
    """Where the people after 'chaired by' end: at the first stop, past a dash that only sets a side off
    ('from Azerbaijan - Prime Minister A and from Turkey – Vice President B')."""
    for m in BY_STOP.finditer(seg, start):
        if m.group(0).strip() in {"—", "–"} and SIDE_DASH.search(seg, start, m.start()):
            continue
        return m.start()
    return len(seg)


def _until(seg: str, start: int, stop: re.Pattern[str]) -> int:
    """Where a stretch that begins at start ends: at the first stop, else at the end of the segment."""
    m = stop.search(seg, start)
    return m.start() if m else len(seg)


def chair_people(ctx: Context, span: Span, anchor: Anchor | None = None) -> list[Person]:
    """People a stretch of text names as chairs or heads of delegation.

    In the anchor's own sentence the subject of 'held' or 'arrived for' and the people a
    mechanism is 'between' count too; in a sentence that only refers back, they do not.
    """
    seg = ctx.doc.text[span.start : span.end]
    found = (
        _chairs_by(ctx, span, seg)
        + _chairs_as_subjects(ctx, span, seg, anchor)
        + _chairs_after_participle(ctx, span, seg)
        + _chairs_hosting(ctx, span, seg)
        + _chairs_in_apposition(ctx, span, seg)
    )
    if anchor is not None:
        between = BETWEEN_PEOPLE.search(seg)
        if between:
            end = _until(seg, between.end(), BETWEEN_STOP)
            found += people_in(ctx, span.start + between.end(), span.start + end, cut=False)
    unnamed = UNNAMED_COUNTERPART.search(seg)
    other_side = ctx.lex.country(unnamed.group(1)) if unnamed else None
    for p in found:
        if p.country is None and other_side:
            p.other_side = other_side
    return _dedupe(found)


SAME_LIST = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)(?:(?:[A-Z][\w.’'-]*|of|for|the|&|and)\s*,?\s*)*$")
HOSTS_AFTER = re.compile(
    r"\s*,?\s*(?:hosting|hosted|received|welcomed|who hosted|(?:will\s+)?co-chair(?:ed)?\b[^.;]{0,40}?\bwith)\b"
)
GUESTS_BEFORE = re.compile(
    r"(?:\b(?:hosting|hosted|received|welcomed|counterparts)|\bco-chair\w*\b[^.;]{0,60}?\bwith)\s+"
    r"(?:(?:their|his|her|the)\s+)?(?:[\w’'-]+\s+){0,8}$"
)


def _same_list_same_side(ctx: Context, chairs: list[Chair]) -> None:
    """'Defence Minister A and External Affairs Minister B hosting ...', '... hosted their counterparts C
    and D': hosts listed together, or guests listed together, are one side, so one known country is the
    others' too (a plain 'co-chaired by A and B' names both sides)."""
    ordered = sorted((c for c in chairs if c.name and c.span), key=lambda c: c.span.start)  # type: ignore[union-attr]
    lists: list[list[Chair]] = []
    for c in ordered:
        assert c.span is not None
        between = ctx.doc.text[lists[-1][-1].span.end : c.span.start] if lists else ""  # type: ignore[union-attr]
        if (
            lists
            and 0 < len(between) < 80
            and SAME_LIST.match(between)
            and not any(ctx.lex.country(w) for w in re.findall(r"[\w’'-]+", between))
        ):
            lists[-1].append(c)
        else:
            lists.append([c])
    text = ctx.doc.text
    for group in lists:
        known = {c.country for c in group if c.country}
        first, last = group[0].span, group[-1].span
        assert first is not None and last is not None
        hosts_or_guests = HOSTS_AFTER.match(text, last.end) or GUESTS_BEFORE.search(
            text, max(0, first.start - 80), first.start
        )
        if len(group) > 1 and len(known) == 1 and hosts_or_guests:
            for c in group:
                c.country = c.country or next(iter(known))


SIDE_WAS = re.compile(r"\s*,?\s*(?:was|were|is|are|will be)?\s*$")
COUNTRY_SUBJECT = re.compile(
    r"(?<![\w’'-])([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+(?:was|were|is|will be|would be)\s+$"
)
SIDE_FROM = re.compile(
    r"\b(?:side|delegation|team)\s+(?:from|of)\s+(?:the\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})"
    r"\s*,?\s*(?:was|were|is|are|will be)?\s*(?:jointly\s+)?$"
)
SIDE_BY = re.compile(
    r"\bthe\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+(?:side|delegation|part)\s*(?:[-–—]\s*)?by\s+"
)


def _chairs_by(ctx: Context, span: Span, seg: str) -> list[Person]:
    """'co-chaired by A and B', 'the Pakistani delegation was led by A', '... and the Uzbek side by B'."""
    found: list[Person] = []
    for m in SIDE_BY.finditer(seg):
        people = people_in(ctx, span.start + m.end(), span.start + _until(seg, m.end(), BY_STOP))
        side = ctx.lex.country(m.group(1))
        if side and len(people) == 1 and people[0].country is None:
            people[0].country = side
        found += people
    for m in AS_HEADS.finditer(seg):
        start = _clause_start(seg, m.start())
        found += people_in(ctx, span.start + start, span.start + m.start())
    for m in CHAIR_BY.finditer(seg):
        people = people_in(ctx, span.start + m.end(), span.start + _by_end(seg, m.end()))
        sides = list(SIDE.finditer(seg, max(0, m.start() - 60), m.start()))
        side = ctx.lex.country(sides[-1].group(1)) if sides else None
        side_from = SIDE_FROM.search(seg, max(0, m.start() - 60), m.start())
        if side_from and ctx.lex.country(side_from.group(1)):
            side = ctx.lex.country(side_from.group(1))  # 'The delegation from Kenya was led by ...'
            sides = []
        subject = COUNTRY_SUBJECT.search(seg, max(0, m.start() - 60), m.start())
        if subject and ctx.lex.country(subject.group(1)):
            side = ctx.lex.country(subject.group(1))  # 'Japan was represented by ...'
        side_before = bool(sides) and SIDE_WAS.match(seg, sides[-1].end(), m.start()) is not None
        if side and (len(people) == 1 or side_before or subject):
            for p in people:  # 'the U.S. side was headed by A, B and C'
                p.country = p.country or side
        found += people
    return found


def _clause_start(seg: str, at: int) -> int:
    start = max([seg.rfind(b, 0, at) + len(b) for b in CLAUSE_BREAKS if b in seg[:at]] + [0])
    intro = INTRO.match(seg, start, at)
    return intro.end() if intro else start


def _chairs_as_subjects(ctx: Context, span: Span, seg: str, anchor: Anchor | None) -> list[Person]:
    """'A and B co-chaired the meeting', 'A led the Pakistani delegation', 'A met B for the 2+2'."""
    found: list[Person] = []
    for m in CHAIR_VERB.finditer(seg):
        word = m.group(0).lower()
        if BY_NEXT.match(seg, m.end()) or RELATIVE_BEFORE.search(seg, max(0, m.start() - 20), m.start()):
            continue
        if anchor is None and word in {"arrived", "began", "kicked off"}:
            continue
        if (
            anchor is None
            and word == "met"
            and not re.match(r"\s+(?:their|his|her)\s+(?:\w+\s+)?counterparts?\b", seg[m.end() :])
        ):
            continue
        if word in {
            "held",
            "hold",
            "will hold",
            "conducted",
            "are conducting",
            "will conduct",
            "began",
            "kicked off",
            "inaugurated",
            "opened",
        } and not HELD_OBJECT.match(seg.lower(), m.end()):
            continue
        start = _clause_start(seg, m.start())
        people = people_in(ctx, span.start + start, span.start + m.start())
        people += _surnames_listed(ctx, seg[start : m.start()], span.start + start, people)
        people.sort(key=lambda p: p.start)
        _respectively(ctx, seg[start : m.start()], people)
        # 'A met B', 'A met with B': the subjects are one side and the object the other; 'A and B met in X': two
        met_someone = word == "met" and (not MET_PLACE.match(seg, m.end()) or MET_WITH.match(seg, m.end()))
        if word in {"arrived", "would be hosted", "will be hosted"} or met_someone:
            people = _one_side(people)  # 'A met B': the subjects are one side; 'A and B met in X': two
        obj = SIDE_OBJECT.match(seg, m.end())
        side = ctx.lex.country(obj.group(1)) if obj else None
        nation = REPRESENTS.match(seg, m.end()) if word.startswith(("represent", "will represent", "is repr")) else None
        if nation and ctx.lex.country(nation.group(1)):
            side = ctx.lex.country(nation.group(1))  # 'A will represent Pakistan at the 14th meeting'
            people = people[-1:]
        elif word in {"will represent", "represents", "is representing"}:
            continue
        if side and (len(people) == 1 or word in {"led", "lead", "headed", "will lead", "will head"}):
            for p in people:  # 'A and B led the Mexican delegation'
                p.country = p.country or side
        found += people
        if met_someone:
            found += _one_side(
                people_in(ctx, span.start + m.end(), span.start + _until(seg, m.end(), MET_STOP))
            )
        w = WITH_COUNTERPARTS.search(seg, m.end())
        leading = word in {"led", "leading", "headed", "heading"} and w is not None and "counterpart" in w.group(0)
        if (
            w
            and w.start() - m.end() < 200
            and (
                word in {"co-chairs", "co-chair", "co-chaired", "arrived", "held", "inaugurated", "opened", "chaired"}
                or leading  # 'A was leading the Indian delegation during the talks with his counterpart B'
            )
        ):
            found += _one_side(
                people_in(ctx, span.start + w.start(), span.start + min(len(seg), w.start() + 200))
            )
    return found


CHAIRING_OPENS = re.compile(
    r"(?:^|(?<=[.;]\s)|(?<=\n))\s*(?:Co-chairing|Jointly chairing|Chairing|Co-leading)\b[^,;.]{0,160},\s+"
)
SUBJECT_ENDS = re.compile(r"\s+(?:[a-z]+ed|[a-z]+s|will|would|had|have|has|are|were|also)\b")


def _chairs_after_participle(ctx: Context, span: Span, seg: str) -> list[Person]:
    """'Co-chairing the 20th round of ..., Wang and Shoigu agreed ...': the subjects after the opening clause."""
    found: list[Person] = []
    for m in CHAIRING_OPENS.finditer(seg):
        end = _until(seg, m.end(), SUBJECT_ENDS)
        people = people_in(ctx, span.start + m.end(), span.start + end)
        people += _surnames_listed(ctx, seg[m.end() : end], span.start + m.end(), people)
        found += people
    return found


WHO_LED = re.compile(
    r",\s+who\s+(?:also\s+)?(?:led|leads|is leading|will lead|headed|heads|will head|co-chaired|co-chairs|chaired|"
    r"chairs|will co-chair|will chair)\s+(?:(?:the|his|her)\s+)?(?:([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})\s+)?"
    r"(?:side|delegation|team|meeting|session|talks|commission|committee|dialogue|consultations)\b"
)


CO_CHAIRS_NAMED = re.compile(
    r",\s+(?:the\s+|both\s+)?(?:two\s+)?co-?chair(?:s|men|persons|people)\s+of\s+(?:the|their|its)\s+"
    r"(?:[\w’'-]+\s+){0,4}?(?:commission|committee|council|meeting|session|dialogue|consultations|talks|"
    r"group|mechanism|forum)\b",
    re.I,
)


def co_chairs_apposed(ctx: Context, start: int, seg: str) -> list[Person]:
    """'A and B, the co-chairs of the commission, ...': everyone named in the clause before the apposition."""
    found: list[Person] = []
    for m in CO_CHAIRS_NAMED.finditer(seg):
        clause = _clause_start(seg, m.start())
        found += people_in(ctx, start + clause, start + m.start())
    return found


def _chairs_in_apposition(ctx: Context, span: Span, seg: str) -> list[Person]:
    """'President Masisi, who led the Botswana delegation, said ...': the person just named leads a side.

    'A and B, the co-chairs of the commission, ...': everyone named before the apposition chairs.
    """
    found = co_chairs_apposed(ctx, span.start, seg)
    for m in WHO_LED.finditer(seg):
        start = _clause_start(seg, m.start())
        named = people_in(ctx, span.start + start, span.start + m.start())
        if not named:
            # a surname alone ('Bazrpash, who heads ...'): the person the text named in full elsewhere
            last = re.search(r"([A-Z][\w’'-]{2,})$", seg[start : m.start()])
            table = _people_table(ctx, {last.group(1)}) if last else {}
            named = [p for p in table.values() if last and last.group(1) in p.name.split()][:1]
            if not named:
                continue
            named = [Person(named[0].name, named[0].title, named[0].country, named[0].start, named[0].end)]
        person = named[-1]
        side = ctx.lex.country(m.group(1)) if m.group(1) else None
        if side and person.country is None:
            person.country = side
        found.append(person)
    return found


SURNAME_AND = re.compile(r"(?<![\w’'.-])([A-Z][a-z][\w’'-]*)\s+and\s+")
# the last of the list, right before its verb: 'Park and Harper will co-chair', '... and Harper had co-chaired'
SURNAME_LAST = re.compile(
    r"\band\s+([A-Z][a-z][\w’'-]*)(?:\s+(?:will|would|had|have|has|also|jointly|then))*\s*$"
)


def _surnames_listed(ctx: Context, clause: str, offset: int, found: list[Person]) -> list[Person]:
    """'Mirziyoyev and President Emomali Rahmon will co-chair': a surname alone in a list of chairs is the
    person the text named in full elsewhere."""
    named = {w for p in found for w in p.name.split()}
    out: list[Person] = []
    last = SURNAME_LAST.search(clause)
    for m in [*SURNAME_AND.finditer(clause), *([last] if last else [])]:
        word = m.group(1)
        if word in named or ctx.lex.country(word) or word.lower() in ctx.lex.title_words:
            continue
        table = _people_table(ctx, {word})
        full = {p.name: p for p in table.values() if len(parts := p.name.split()) > 1 and parts[-1] == word}
        if not full:  # a family name written first ('Minister Park Soyeon ... Park')
            full = {p.name: p for p in table.values() if len(parts := p.name.split()) == 2 and parts[0] == word}
        if len(full) == 1:
            p = next(iter(full.values()))
            out.append(Person(p.name, p.title, p.country, offset + m.start(1), offset + m.end(1)))
    return out


RESPECTIVE_OFFICES = re.compile(
    r"\b(?:the\s+)?((?:vice\s+|deputy\s+|prime\s+|foreign\s+|defen[cs]e\s+|trade\s+)?(?:presidents|prime ministers|ministers|"
    r"foreign ministers|premiers|chancellors|foreign secretaries|heads of (?:state|government)))\s+of\s+"
    r"(?:the\s+)?([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)?)\s+and\s+(?:the\s+)?([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)?)(?:\s*,|\s+(?=[A-Z]))",
    re.I,
)


def _respectively(ctx: Context, clause: str, people: list[Person]) -> None:
    """'The presidents of Peru and Ecuador, A and B, ...': each person takes the office and the country in turn."""
    m = RESPECTIVE_OFFICES.search(clause)
    if not m or len(people) != 2:
        return
    office = m.group(1).lower()
    title = None if office.startswith("heads of") else office[:-1].title().replace("Secretarie", "Secretary")
    # 'the presidents of Uzbekistan and Kazakhstan Shavkat Mirziyoyev and ...': a name may follow unmarked
    countries = [ctx.lex.country(g) or ctx.lex.country(g.split()[0]) for g in (m.group(2), m.group(3))]
    if None in countries:
        return
    for p, country in zip(people, countries, strict=True):
        p.country = country
        p.title = title


def _chairs_hosting(ctx: Context, span: Span, seg: str) -> list[Person]:
    """Hosts and their guests: 'hosted by their American counterparts A and B', 'hosted her colleagues A and B'."""
    found: list[Person] = []
    hosted = HOSTED_BY.search(seg)
    if hosted:
        found += _one_side(people_in(ctx, span.start + hosted.start(), span.end))
    guests = HOSTED_GUESTS.search(seg)
    if guests:
        people = people_in(
            ctx, span.start + guests.end(), span.start + _until(seg, guests.end(), GUESTS_STOP)
        )
        side = re.search(
            r"\b(?:his|her|their)\s+([A-Z][\w’'-]+)\s+(?:counterparts?|colleagues?|guests?)\b",
            guests.group(0),
        )
        country = ctx.lex.country(side.group(1)) if side else None
        for p in people:
            p.counterpart = p.counterpart or "counterpart" in guests.group(0)
            p.country = p.country or (country if len(people) == 1 else None)
        found += people
    attended = ATTENDED_BY.search(seg)
    if attended and HOSTED.search(seg):
        found += people_in(
            ctx, span.start + attended.end(), span.start + _until(seg, attended.end(), ATTENDED_STOP)
        )
    return found


def _one_side(people: list[Person]) -> list[Person]:
    """A list of counterparts is one side: those without a country share the one given."""
    known = {p.country for p in people if p.country}
    if len(known) == 1:
        for p in people:
            p.country = p.country or next(iter(known))
    return people


def _dedupe(people: list[Person]) -> list[Person]:
    out: dict[str, Person] = {}
    for p in people:
        key = p.name.lower()
        if key in out:
            q = out[key]
            q.title = q.title or p.title
            q.country = q.country or p.country
        else:
            out[key] = p
    return list(out.values())


def _same_person(a: str, b: str) -> bool:
    """'Wang' and 'Wang Yi', 'Pandey' and 'Mahendra Bahadur Pandey': one name's words within the other's."""
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return bool(wa and wb) and (wa <= wb or wb <= wa)


VISITS = re.compile(
    r"^,?\s*(?:who\s+)?(?:(?:will|would|is to|is due to|has|had|is|was)\s+)?(?:also\s+)?(?:visit|visited|visiting|"
    r"arrive in|arrived in|arriving in|travel to|travelled to|traveled to|pay a visit to|paid a visit to|"
    r"departed for|left for|leaves for|flew to|flown to|flown for)\s+"
    r"(?:the\s+)?([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
)


MEMBERS_ASIDE = re.compile(r",?\s+(?:and\s+)?(?:including|comprising|accompanied by)\b[^.;,]{0,120},")


def _visited(ctx: Context, chair: Chair) -> str | None:
    """The country a person is said to visit right after being named ('Sun Weidong will visit Sri Lanka')."""
    if chair.span is None:
        return None
    rest = ctx.doc.text[chair.span.end : chair.span.end + 200]
    members = MEMBERS_ASIDE.match(rest)  # 'led by A and including B, has departed for Beijing'
    if members:
        rest = rest[members.end() :]
    m = VISITS.match(rest[:80])
    if not m:
        return None
    words_ = m.group(1).split()
    return next(
        (
            c
            for n in range(len(words_), 0, -1)
            if (c := ctx.lex.country(" ".join(words_[:n])) or ctx.lex.city_country.get(" ".join(words_[:n]).lower()))
        ),
        None,
    )


def complete_chairs(ctx: Context, chairs: list[Chair], parties: list[str]) -> list[Chair]:
    """Full names, titles and countries from elsewhere in the text; the last party by elimination."""
    incomplete = [
        c for c in chairs if not (c.title and c.country and len(c.name.split()) > 1) or _initialled(c.name)
    ]
    needles = {w for c in incomplete for w in c.name.split() if len(w) > 2} | {
        c.title for c in incomplete if c.title and not c.name
    }
    table = list(_people_table(ctx, needles).values()) if needles else []
    out: list[Chair] = []
    for c in chairs:
        if not c.name:
            same = [p for p in table if p.name and p.title and c.title and p.title.lower() == c.title.lower()]
            if len({p.name for p in same}) != 1:
                continue
            c.name = same[0].name
            c.country = c.country or same[0].country
        matches = [p for p in table if p.name and _same_person(p.name, c.name)]
        if len(c.name.split()) == 1:
            longer = {p.name for p in matches if len(p.name.split()) > 1}
            if len(longer) == 1:
                c.name = longer.pop()
        elif _initialled(c.name):  # 'R.T. Erdoğan' where the text also writes 'Recep Tayyip Erdoğan'
            spelled = {p.name for p in table if p.name and _spells_initials(p.name, c.name)}
            if len(spelled) == 1:
                c.name = spelled.pop()
        for p in matches:
            c.country = c.country or p.country
        titled = [p.title for p in matches if p.title]
        if c.title is None and titled:
            c.title = titled[0]
        if c.country is None and c.title:
            c.country = ctx.lex.title_country.get(c.title.lower())
        if len(parties) == 2 and c.country not in parties and c.title and c.country not in _countries_named(ctx):
            if ctx.lex.title_country.get(c.title.lower()) == c.country:
                c.country = None  # a 'Secretary of State' chairing for Poland, in a text about no American
        out.append(c)
    titled_chairs = [c for c in out if c.title and not c.counterpart]
    untitled = [c for c in out if c.counterpart and c.title is None]
    if titled_chairs and len(untitled) == len(titled_chairs) > 1:
        # 'A and B hosted their German counterparts C and D': each takes the office of the host in turn
        for c, host in zip(untitled, titled_chairs, strict=True):
            c.title = host.title
    for c in out:
        if c.counterpart and c.title is None and titled_chairs:
            c.title = titled_chairs[0].title
    if len(parties) == 2:
        for c in out:
            guest = _visited(ctx, c)
            if c.country is None and guest in parties:
                c.country = next(p for p in parties if p != guest)  # a visitor is from the other side
    if parties and len(out) == len(parties) and all(c.country is None for c in out):
        for c, party in zip(out, parties, strict=True):
            c.country = party
    _same_list_same_side(ctx, out)
    if parties:
        for c in out:
            if c.country is None and c.other_side in parties:
                rest = [p for p in parties if p != c.other_side]
                if len(rest) == 1:
                    c.country = rest[0]
        for c in out:
            if c.country is None:
                others = {q.country for q in out if q.country}
                left = [p for p in parties if p not in others]
                if len(left) == 1:
                    c.country = left[0]
                    _same_list_same_side(ctx, out)
    seen: set[str] = set()
    unique = []
    for c in out:
        if c.name.lower() not in seen:
            seen.add(c.name.lower())
            unique.append(c)
    return unique


def _countries_named(ctx: Context) -> set[str]:
    return {m.key for m in mentions_within(ctx.doc.mentions, "country", 0, len(ctx.doc.text))}


_INITIAL = re.compile(r"^(?:[A-Z]\.)+$|^[A-Z]{1,3}$")


def _initialled(name: str) -> bool:
    """A name written with its first names as initials ('R.T. Erdoğan', 'S Jaishankar')."""
    words = name.split()
    return len(words) > 1 and all(_INITIAL.match(w) for w in words[:-1])


def _spells_initials(full: str, short: str) -> bool:
    """Whether a full name spells out a short one's initials, with the same surname."""
    full_words, short_words = full.split(), short.split()
    if len(full_words) < 2 or full_words[-1] != short_words[-1]:
        return False
    letters = "".join(w.replace(".", "") for w in short_words[:-1])
    return "".join(w[0] for w in full_words[:-1]) == letters


def add_chairs(meeting: Meeting, people: list[Person]) -> None:
    have = {c.name.lower() for c in meeting.chairs}
    for p in people:
        if p.name.lower() not in have:
            meeting.chairs.append(
                Chair(p.name, p.title, p.country, Span(p.start, p.end), p.counterpart, p.other_side)
            )
            have.add(p.name.lower())
        else:
            for c in meeting.chairs:
                if c.name.lower() == p.name.lower():
                    if p.title and (c.title is None or len(p.title) > len(c.title)):
                        c.title = p.title  # the fuller form of the same office
                    c.country = c.country or p.country


def _people_table(ctx: Context, needles: set[str]) -> dict[str, Person]:
    """People the text names with an office, read from the sentences that mention one of the needles."""
    if ctx.person_table is None:
        ctx.person_table = {}
        ctx.table_sentences = set()
    table = ctx.person_table
    text = ctx.doc.text
    for sent in ctx.doc.sentences:
        if sent in ctx.table_sentences:
            continue
        seg = sent.of(text)
        if not any(n in seg for n in needles) or not ctx.lex.title_cue.search(seg):
            continue
        ctx.table_sentences.add(sent)
        for p in people_in(ctx, sent.start, sent.end):
            key = p.name.lower()
            if key not in table or (table[key].country is None and p.country):
                table[key] = p
    return table
