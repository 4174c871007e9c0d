"""When, where, how and whether: a meeting's date, venue, mode and status from the text around its anchor."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...model import Document, Span, TimeExpr, mentions_within
from ..lexicon import Lexicon
from .anchors import MODAL_AFTER, WHICH_UPCOMING
from .context import Anchor, Context, any_of, ends_with_any, has_any, lowered

HERE = re.compile(
    r"\b(?:held|met|meet|hosted|convened|take place|took place|taking place|begin|began|concluded)\s+"
    r"(?:(?:on|in|at)\s+\w+\s+)?here\b|\bhere\s+(?:on|today|yesterday|this)\b|\bheld here\b|"
    r"\bin this (?:capital|city)\b|\bin the (?:capital|city) here\b|"
    r"\b(?:held|hold|met|hosted|convened|opened)\b[^.;]{0,120}?\bhere\b",
    re.I,
)
REPORT_BEFORE = re.compile(
    r"\b(?:said|says|reported|reports|told|announced|announcing|briefed|briefing|stated|posted|tweeted|wrote|"
    r"informed|indicated|added|issued|according to|quoted|release|statement|press conference|spokesperson)\b"
    r"[^.;]{0,70}$",
    re.I,
)
REPORT_AFTER = re.compile(
    r"^\W{0,3}(?:while|when|as)\s+(?:announcing|speaking|talking|addressing|briefing|commenting)", re.I
)


FUTURE_HOLD = re.compile(
    r"\b(?:will|shall|would|is to|are to|is going to)\s+(?:also\s+|now\s+|then\s+|soon\s+|jointly\s+)?(?:be\s+)?"
    r"(?:held|hold|take place|meet|convene|begin|hosted|host|co-chair|chair|lead|led|attend|chaired|convened)\b",
    re.I,
)


def find_dateline_city(doc: Document, lex: Lexicon) -> str | None:
    head = doc.text[:700]
    lead = re.match(r"\s*(?:date \d{4}-\d\d-\d\d\s+)?([A-Z][A-Za-z’'-]+(?: [A-Z][A-Za-z’'-]+)?)\.\s", head)
    if lead and lead.group(1).lower() in lex.city_country:
        return lex.city_name[lead.group(1).lower()]
    for m in re.finditer(
        r"(?m)(?:^|\bdate \d{4}-\d\d-\d\d\s+)\s*([A-Z][A-Za-z’'.-]+(?:[ -][A-Z][A-Za-z’'.-]+)?)\s*"
        r"(?:,|:|\s[-–—]{1,2}\s|\(|\s+\()",
        head,
    ):
        word = m.group(1).strip()
        if word.lower() in lex.city_country:
            return lex.city_name[word.lower()]
    return None


HEADER_LINE = re.compile(
    r"^\s*(?:published|updated|posted|last updated|dated|released)\b[^\n]{0,90}$", re.I | re.M
)
DATELINE = re.compile(
    r"^\s*(?:date \d{4}-\d\d-\d\d\s+)?[A-Z][A-Za-z’'.-]+(?:[ -][A-Z][A-Za-z’'.-]+){0,2},?\s*(?:[^:\n]{0,50}?)"
    r"(?::|\s[—–-]{1,2}\s|\)\s*[:—–-])",
    re.M,
)


def header_spans(doc: Document) -> list[Span]:
    """Bylines, 'date' lines and datelines: their dates are the report's, never a meeting's."""
    spans = [doc.published_span] if doc.published_span else []
    lines = doc.text[:900].split("\n")[:8]
    head = "\n".join(lines)
    spans += [Span(m.start(), m.end()) for m in HEADER_LINE.finditer(head)]
    spans += [Span(m.start(), m.end()) for m in DATELINE.finditer(head) if m.end() - m.start() < 90]
    lead = re.match(r"\s*date \d{4}-\d\d-\d\d", doc.text)
    if lead:
        spans.append(Span(0, lead.end()))
    return spans


def is_report_time(text: str, t: TimeExpr, floor: int = 0) -> bool:
    before = text[max(0, floor, t.start - 60) : t.start]
    before = before[before.rfind(".") + 1 :] if "." in before[-45:] else before
    after = text[t.end : t.end + 30]
    return bool(REPORT_BEFORE.search(before) or REPORT_AFTER.match(after))


DEADLINE = re.compile(r"\b(?:by|until|till|before|through|up to)\s+(?:the\s+end\s+of\s+)?$", re.I)


def pick_time(ctx: Context, a: Anchor) -> TimeExpr | None:
    text = ctx.doc.text
    region = a.region or a.sentence
    usable = [
        t
        for t in ctx.doc.times
        if a.sentence.start <= t.start < a.sentence.end
        and t.value
        and t.kind != "relative_vague"
        and not is_report_time(text, t, a.sentence.start)
        and not any(h.start <= t.start < h.end for h in ctx.header)
        and not (t.kind == "range" and VISIT_DAYS.search(text, max(a.sentence.start, t.start - 60), t.start))
        and not FOUNDED_IN.search(text, max(a.sentence.start, t.start - 40), t.start)
    ]
    own = [t for t in usable if region.start <= t.start < region.end]
    f = ctx.lex.formats
    moved = [
        t for t in own if ends_with_any(text[max(region.start, t.start - 30) : t.start], f.new_date_markers)
    ]
    if moved:
        return moved[0]
    put_off = re.search(
        r"\b(?:postponed|put off|called off|deferred)\b", text[region.start : region.end], re.I
    )
    if put_off:
        later = [t for t in own if t.start >= region.start + put_off.end()]
        return later[0] if later else None
    own = [
        t
        for t in own
        if not ends_with_any(text[max(region.start, t.start - 30) : t.start], f.old_date_markers)
        and not DEADLINE.search(text, max(region.start, t.start - 12), t.start)
    ]
    # the nearest after the mention (a full date before a month or a year), else the nearest before it
    after = [t for t in own if t.start >= a.start]
    if after:
        return next((t for t in after if t.value and len(t.value) == 10), after[0])
    if own:
        return own[-1]
    rest = [t for t in usable if a.sentence.start <= t.start < a.sentence.end and t.start >= region.end]
    if rest and a.coordinated is False and len(rest) == 1:
        return rest[0]
    if rest and a.coordinated:
        return rest[0]
    return None


# 'the committee, set up in 2013', 'the plan for 2017-2030': the body's or a plan's years, never a round's date
FOUNDED_IN = re.compile(
    r"\b(?:launched|established|founded|created|set up|formed|constituted|inaugurated|instituted|planned|"
    r"envisaged|plan|vision|agenda|strategy)\b[^.;,]{0,20}?\b(?:in|on|since|for|of)?\s*$",
    re.I,
)


# 'will visit Sri Lanka from April 16 to 18', 'travel to Cairo from August 2 to 3': a visit's days, not a meeting's
VISIT_DAYS = re.compile(
    r"\b(?:visit|visits|visiting|travel|travels|travelling|traveling|tour|trip|stay)\b(?:\s+to)?"
    r"(?:\s+[A-Z][\w’'-]*){0,3}\s+(?:from|on)?\s*$"
)
UNLISTED_CITY = re.compile(
    r"(?:\b(?:(?:was|were|had been|will be|is being)\s+held|(?:planned|scheduled|set)\s+to\s+be\s+held|opened|"
    r"took place|will take place|convened|concluded)\s+in\s+(?:the\s+(?:(?:[\w-]+\s+){0,2}(?:city|town|province)\s+of\s+))?|"
    r"\bin\s+the\s+(?:[\w-]+\s+){0,3}(?:city|town|port city|province)\s+of\s+)([A-Z][a-z]{3,})\b(?![-’']|\s+[A-Z])"
)
COUNTRY_AFTER = re.compile(
    r",\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}?)\b(?=\s*(?:[,.;]|\s+(?:on|in|from|last|this|next)\b))"
)
COUNTRY_VENUE = re.compile(
    r"\b(?:held in|take place in|be held in|hosted in|next year in|meet in|convene in|convened in|met in)\s+(?:the\s+)?$"
)
HOSTS = re.compile(
    r"^\s+(?:will|would|is to|is set to|agreed to|offered to|is ready to|was ready to)\s+host\b"
)


CITY_HOSTS = re.compile(
    r"(?:\s*,\s*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s*,)?\s+(?:(?:will|would|is to|is set to|is ready to)\s+host|"
    r"hosted|hosts|is hosting)\b"
)


# 'has departed for Beijing to attend the 8th meeting', 'arrived in Astana to co-chair the session': the trip's
# destination is the round's place
TRAVELLED = re.compile(
    r"\b(?:arrived|arrives|arriving|departed|left|leaves|leaving|reached|landed|flew|travell?ed|travels)\s+"
    r"(?:(?:in|for|to)\s+)?$"
)
TO_ATTEND = re.compile(
    r"\s*,?\s*(?:(?:on|this|last|next)\s+\w+\s+)?(?:to\s+(?:attend|co-chair|chair|participate\s+in|take\s+part\s+in|"
    r"lead\s+\w+\s+delegation\s+(?:at|to))|for)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}$",
    re.I,
)


CAPITAL_OF = re.compile(
    r"\b[Tt]he\s+([A-Z][a-z]+)\s+capital\b(?!\s*,?\s+[A-Z])(?=\s+(?:hosted|hosts|will host|is hosting)\b)|"
    r"\bin\s+the\s+([A-Z][a-z]+)\s+capital\b(?!\s*,?\s+[A-Z])"
)


def find_venue(
    ctx: Context, span: Span, after: int, upcoming: bool = False
) -> tuple[str | None, str | None, Span | None]:
    """City and country where a stretch of text places a meeting: the nearest place after the mention first."""
    doc = ctx.doc
    text = doc.text
    found: list[tuple[int, str | None, str | None, Span]] = []
    for m in mentions_within(doc.mentions, "city", span.start, span.end):
        before = text[max(span.start, m.start - 40) : m.start].lower()
        bound = TRAVELLED.search(before) and m.end <= after and TO_ATTEND.match(text[m.end : after])
        if not bound and re.search(
            r"\b(?:arrived|arrive|arriving|returned|departure|left|from|reached|power|visit(?:ed|ing)? to)\s+(?:in\s+)?$",
            before,
        ):
            continue
        if bound:
            found.append((m.start, ctx.lex.city_name.get(m.key.lower(), m.key), m.data.get("country"), Span(m.start, m.end)))
            continue
        if (
            re.search(
                r"(?:\bin|\bat|\bhosted by|\bhost|\bhosts|\bvenue|\bcity of|\bheld)\s+(?:the\s+)?$", before
            )
            or CITY_HOSTS.match(
                text, m.end
            )  # 'Baku will host the 6th meeting', 'Ashgabat, Turkmenistan, hosted
            or re.search(
                r"\b(?:in|at)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}(?:capital|city|town|port)(?:\s+of)?,?\s+$",
                before,
            )
            or re.search(r"\b(?:in|at)\s+(?:the\s+)?[\w .’'-]{0,40},\s*$", before)
        ):
            found.append(
                (
                    m.start,
                    ctx.lex.city_name.get(m.key.lower(), m.key),
                    m.data.get("country"),
                    Span(m.start, m.end),
                )
            )
    if not found:
        for cap in CAPITAL_OF.finditer(text, span.start, span.end):
            country = ctx.lex.country(cap.group(1) or cap.group(2))
            capital = ctx.lex.capital_of.get(country) if country else None
            if capital:  # 'the Polish capital hosted ...': the country's capital, named by its people
                found.append((cap.start(), capital, country, Span(cap.start(), cap.end())))
    seg = text[span.start : span.end]
    if ctx.dateline_city:
        for here in HERE.finditer(seg):
            pre = seg[max(0, here.start() - 60) : here.start()]
            if not REPORT_BEFORE.search(pre) or re.search(r"\bheld\b", here.group(0)):
                city = ctx.dateline_city
                word = (
                    here.group(0).lower().rfind("here")
                )  # 'held in Kabul, ... received here': placed at 'here'
                found.append(
                    (
                        span.start + here.start() + max(word, 0),
                        city,
                        ctx.lex.city_country.get(city.lower()),
                        Span(span.start + here.start(), span.start + here.end()),
                    )
                )
    if found:
        found.sort(key=lambda f: (f[0] < after, f[0] if f[0] >= after else -f[0]))
        _, near_city, near_country, where = found[0]
        return near_city, near_country, where
    unknown = UNLISTED_CITY.search(text, span.start, span.end)
    if unknown and not ctx.lex.country(unknown.group(1)) and unknown.group(1).lower() not in ctx.lex.months:
        # 'concluded in Dehradun, India': an unlisted city and the country written after it
        written = COUNTRY_AFTER.match(text, unknown.end(1))
        country = ctx.lex.country(written.group(1)) if written else None
        return unknown.group(1), country, Span(unknown.start(1), unknown.end(1))
    for m in mentions_within(doc.mentions, "country", span.start, span.end):
        if m.data.get("demonym"):
            continue
        before = text[max(span.start, m.start - 30) : m.start].lower()
        after_txt = text[m.end : m.end + 30].lower()
        if after_txt.startswith(("'s", "’s")):
            continue
        other = re.match(r"\s+(?:and|or)\s+(?:the\s+)?([a-z][\w-]+(?:\s+[a-z][\w-]+)?)", after_txt)
        if other and (ctx.lex.country(other.group(1)) or ctx.lex.country(other.group(1).split()[0])):
            continue  # 'held in China and Japan in turns': no one country
        placed = COUNTRY_VENUE.search(before) or (upcoming and re.search(r"\bin\s+(?:the\s+)?$", before))
        if placed or (upcoming and HOSTS.match(after_txt)):
            return None, m.key, Span(m.start, m.end)
    return None, None, None


def virtual_span(ctx: Context, span: Span) -> Span | None:
    """Where a stretch of text puts a meeting on a video link, if it does."""
    m = any_of(tuple(ctx.lex.formats.virtual_markers)).search(lowered(ctx.doc.text[span.start : span.end]))
    return Span(span.start + m.start(), span.start + m.end()) if m else None


# 'officials met in Mexico City to convene the dialogue': the purpose of a meeting that took place
MET_TO_HOLD = re.compile(r"\b(?:met|gathered)\b[^.;]{0,60}\bto\s+(?:convene|hold)\s+(?:the\s+|their\s+|a\s+)?$", re.I)


def meeting_status(
    ctx: Context, a: Anchor, date_value: str | None, held_dates: list[str], first: bool = False
) -> str:
    doc = ctx.doc
    region = a.region or a.sentence
    seg = doc.text[max(a.sentence.start, region.start) : region.end]
    lead = doc.text[a.sentence.start : a.start]
    if a.ref_marked or a.last_marked:
        return "reference"
    if a.upcoming:
        return "scheduled"
    tail = doc.text[a.end : a.end + 80]
    if WHICH_UPCOMING.match(tail) or MODAL_AFTER.match(tail):
        return "scheduled"
    if re.search(r"\bhad (?:already )?been held\b|\bhad (?:met|taken place)\b", seg, re.I):
        return "reference"
    if (
        not first
        and re.search(
            r"\b(?:earlier this (?:month|year)|last (?:month|year)|earlier in the year|previously)\b",
            seg,
            re.I,
        )
        and not FUTURE_HOLD.search(seg)
    ):
        return "reference"
    if (
        (has_any(seg, ctx.lex.formats.future_markers) or FUTURE_HOLD.search(seg))
        and not re.search(r"\b(?:is|are) being held\b", seg, re.I)
        or has_any(lead[-80:], ctx.lex.formats.upcoming_before)
    ) and not MET_TO_HOLD.search(lead[-120:]):
        if not re.search(r"\b(?:was|were) held\b|\bhad been held\b", seg, re.I):
            return "scheduled"
    if date_value and doc.published and len(date_value) < 10:
        if date_value < doc.published.isoformat()[: len(date_value)]:
            return "reference"
    if date_value and doc.published and len(date_value) == 10:
        try:
            d = date.fromisoformat(date_value)
        except ValueError:
            d = None
        if d and (doc.published - d).days > 12:
            return "reference"
        if d and d > doc.published:
            return "scheduled"
    if date_value and held_dates and len(date_value) >= 7:
        if any(
            h[:7] > date_value[:7]
            or (
                len(h) == 10
                and len(date_value) == 10
                and h > date_value
                and (date.fromisoformat(h) - date.fromisoformat(date_value)).days > 7
            )
            for h in held_dates
        ):
            return "reference"
    return "held"


SPAN_DAYS = re.compile(r"\b(two|three|four|five|2|3|4|5)-day\b", re.I)
CLOSED_ON = re.compile(
    r"\b(?:concluded|ended|closed|wound up|wrapped up|came to an end|came to a close)\b[^.;]{0,40}$", re.I
)
DAYS_IN = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


def first_day(ctx: Context, a: Anchor, t: TimeExpr) -> str | None:
    """'The two-day meeting concluded here yesterday': a meeting over several days takes its first day."""
    value = t.value
    if not value or len(value) != 10:
        return value
    text = ctx.doc.text
    sentence = text[a.sentence.start : a.sentence.end]
    days = SPAN_DAYS.search(sentence)
    if not days or not CLOSED_ON.search(text[a.sentence.start : t.start]):
        return value
    try:
        last = date.fromisoformat(value)
    except ValueError:
        return value
    return (last - timedelta(days=DAYS_IN[days.group(1).lower()] - 1)).isoformat()


# 'at the General Headquarters', 'at the Department of State': a building, so the meeting met in person
AT_BUILDING = (
    r"at\s+(?:the\s+)?(?:[A-Z][\w’'-]+\s+){0,5}(?:Headquarters|House|Hall|Palace|Ministry|Secretariat|Hotel|"
    r"Centre|Center|Office|Building|Diwan|Complex|Department of State|State Department)\b"
)
BUILDING = re.compile(r"\b(?:held|took place|takes place|met|hosted|convened|opened)\s+" + AT_BUILDING)
BUILDING_AFTER = re.compile(r"\s+(?:\([^)]{1,20}\)\s+)?" + AT_BUILDING)  # right after the mechanism's name
TRAVEL_TO_MEET = re.compile(
    r"\b(?:travel|travels|will travel|visit|visits|will visit|fly|leave|arrive|arrived|arrives)\b[^.;]{0,90}"
    r"\band\s+(?:will\s+)?(?:co-chair|chair|hold|attend|take part in|participate in|lead)\b",
    re.I,
)
DURING_VISIT = re.compile(
    r"\b(?:during|on the sidelines of|in the course of) (?:the|his|her|their|this|a|an) (?:[\w-]+ )*visit\b",
    re.I,
)
VISIT_DESTINATION = re.compile(
    r"\b(?:visit to|visit|visits|visiting|visited|leave for|left for|arrived in|arrives in|arrive in|travel to|travelled to|traveled to|reached|"
    r"landed in|fly to|flew to|heads to|headed to|heading to|trip to|travelling to|traveling to)\s+(?:the\s+)?$",
    re.I,
)


def _tells_the_past(ctx: Context, sentence: Span) -> bool:
    """Whether a sentence dates what it tells weeks or more before publication."""
    published = ctx.doc.published
    if published is None:
        return False
    floor = (published - timedelta(days=12)).isoformat()
    return any(
        sentence.start <= t.start < sentence.end and t.value and t.value[:10] < floor[: len(t.value[:10])]
        for t in ctx.doc.times
    )


def trip_destination(
    ctx: Context, sentence: Span, parties: list[str]
) -> tuple[str | None, str | None, Span | None]:
    """Where a chair's trip went, told in the meeting's sentence or the one either side of it ('Patrushev is
    on a visit to China ... ahead of the 15th round'): the venue, when it is in one of the parties' lands."""
    doc = ctx.doc
    n = doc.sentences.index(sentence)
    for near in (sentence, *doc.sentences[max(0, n - 1) : n], *doc.sentences[n + 1 : n + 2]):
        if near != sentence and _tells_the_past(ctx, near):
            continue  # 'adopted during the Prime Minister's visit to France last July': another trip
        for kind in ("city", "country"):
            for m in mentions_within(doc.mentions, kind, near.start, near.end):
                if m.data.get("demonym") or not VISIT_DESTINATION.search(
                    doc.text[max(near.start, m.start - 25) : m.start]
                ):
                    continue
                country = m.data.get("country") if kind == "city" else m.key
                if country not in parties:
                    continue
                city = ctx.lex.city_name.get(m.key.lower(), m.key) if kind == "city" else None
                return city, country, Span(m.start, m.end)
    return None, None, None


VISITING = re.compile(
    r"\b(?:who is|who was|currently)\s+(?:visiting|on an? (?:[\w-]+\s+){0,3}?visit to)\s+(?:the\s+)?$", re.I
)


def visited_country(ctx: Context, sentence: Span) -> tuple[str | None, Span | None]:
    """'..., who is visiting Japan': a chair's visit in the meeting's own sentence places it in that country."""
    doc = ctx.doc
    for m in mentions_within(doc.mentions, "country", sentence.start, sentence.end):
        if not m.data.get("demonym") and VISITING.search(
            doc.text[max(sentence.start, m.start - 50) : m.start]
        ):
            return m.key, Span(m.start, m.end)
    return None, None


def visit_destination(ctx: Context, sentence: Span) -> tuple[str | None, str | None, Span | None]:
    """Where 'the visit' went, from the sentences just before: 'Dar will leave for Beijing on Monday...'."""
    doc = ctx.doc
    n = doc.sentences.index(sentence)
    for prev in reversed(doc.sentences[max(0, n - 2) : n + 1]):
        for kind in ("city", "country"):
            for m in mentions_within(doc.mentions, kind, prev.start, prev.end):
                if VISIT_DESTINATION.search(doc.text[max(prev.start, m.start - 25) : m.start]):
                    if kind == "city":
                        return (
                            ctx.lex.city_name.get(m.key.lower(), m.key),
                            m.data.get("country"),
                            Span(m.start, m.end),
                        )
                    return None, m.key, Span(m.start, m.end)
    return None, None, None
