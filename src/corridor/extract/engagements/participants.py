"""Engagements' participants: the people a contact's sentence names, completed from the rest of the text
(full names for surnames, holders for offices, the side each one is on)."""

from __future__ import annotations

import re

from ...model import Document, Engagement, Participant, Span, mentions_within
from ..frames.chairs import _people_table, people_in
from ..frames.context import Context
from ..people import Person


def is_named(p: Person) -> bool:
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


def resolve(ctx: Context, p: Person, known: list[Participant]) -> Participant:
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
            holder = office_holder(ctx, title, country)
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


def office_holder(ctx: Context, title: str, country: str | None) -> Person | None:
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


def name_before(ctx: Context, lead: str, known: list[Participant]) -> Participant | None:
    """The person named just before a contact's words ('Hyder also called on'), known from the text."""
    m = NAME_BEFORE.search(lead[-80:])
    if not m:
        return None
    name = m.group(1)
    if name.split()[0].lower() in STOP_NAMES:
        return office_before(ctx, lead, known)
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
    return by_surname(ctx, name.split()[-1], known)


def by_surname(ctx: Context, surname: str, known: list[Participant]) -> Participant | None:
    """The person a surname stands for: one of the text's participants, else one it names with an office."""
    last = surname.lower()
    for k in known:
        if k.name and last in name_tokens(k.name):
            return Participant(k.name, k.title, k.country)
    for p in _people_table(ctx, {surname}).values():
        if p.name and last in name_tokens(p.name) and (p.title or len(p.name.split()) > 1):
            return resolve(ctx, p, known)
    return None


# 'Jaishankar and Pompeo had spoken': two surnames, the two sides of a contact told after them
PAIR_BEFORE = re.compile(
    r"(?:^|[\s,(])([A-Z][\w’'-]+)\s+and\s+([A-Z][\w’'-]+)"
    r"(?:\s+(?:also|later|then|had|has|have|will|would|held|hold|on\s+[A-Z]\w+))*\s*$"
)


def pair_before(ctx: Context, lead: str, known: list[Participant]) -> list[Participant]:
    """The two people a lead ends with ('Jaishankar and Pompeo had'), both known from the text."""
    m = PAIR_BEFORE.search(lead[-80:])
    if not m or any(w.lower() in STOP_NAMES or w.lower() in ctx.lex.title_words for w in m.groups()):
        return []
    out = [by_surname(ctx, w, known) for w in m.groups()]
    return [p for p in out if p is not None] if all(out) else []


# 'his Uzbek, Tajik and Kazakh counterparts', 'his counterpart from Indonesia': offices of other sides
COUNTERPARTS = re.compile(
    r"\s*(?:his|her|their)\s+(?:(?P<lands>[A-Z][\w-]+(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)[A-Z][\w-]+)*)\s+"
    r"counterparts?|counterpart\s+from\s+(?:the\s+)?(?P<land>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?))\b"
    r"(?!\s*,|\s+and\b)"
)
LAND_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def counterparts_after(ctx: Context, tail: str, subject: list[Participant]) -> list[Participant]:
    """The counterparts a contact's words go on to name by their land alone, one per land: each holds the
    subject's office, and is the person the text names elsewhere as that land's counterpart, if any."""
    m = COUNTERPARTS.match(tail)
    if not m or not subject:
        return []
    words = LAND_SEP.split(m.group("lands")) if m.group("lands") else [m.group("land")]
    lands = [ctx.lex.country(w) for w in words]
    if not all(lands):
        return []
    title = subject[0].title
    out = []
    for land in lands:
        named = [p for p in ctx.people.people(ctx.toks, ctx.doc.text) if p.counterpart and p.country == land]
        out.append(Participant(named[0].name if len(lands) == 1 and named else None, title, land))
    return out


# 'Yang is scheduled to attend ... and pay visits to': a surname opening the sentence is its subject
SUBJECT = re.compile(
    r"\s*(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?([A-Z][\w’'-]+)\s+(?:is|was|will|would|has|had|also|then|later|"
    r"is\s+scheduled|is\s+expected|is\s+set)\b"
)


def sentence_subject(ctx: Context, lead: str, known: list[Participant]) -> Participant | None:
    m = SUBJECT.match(lead)
    if not m or m.group(1).lower() in STOP_NAMES or m.group(1).lower() in ctx.lex.title_words:
        return None
    return by_surname(ctx, m.group(1), known)


# 'During his visit to the US last year, Goyal met ...': the pronoun's owner is the main clause's subject
HIS_TRIP = re.compile(r"^\s*(?:During|On|In|After|Before|Since)\s+(?:his|her)\b")


def subject_after(ctx: Context, lead: str, tail: str, known: list[Participant]) -> Participant | None:
    comma = tail.find(",")
    if not HIS_TRIP.match(lead) or comma < 0:
        return None
    return sentence_subject(ctx, tail[comma + 1 :], known)


NAME_AFTER = re.compile(r"\s*(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?([A-Z][\w’'-]+)(?![\w’'-]|\s+[A-Z])")


def name_after(ctx: Context, tail: str, known: list[Participant]) -> Participant | None:
    """'a meeting with Goyal': a surname right after a contact's words, known from the rest of the text."""
    m = NAME_AFTER.match(tail)
    if not m or m.group(1).lower() in ctx.lex.title_words or ctx.lex.country(m.group(1)):
        return None
    return by_surname(ctx, m.group(1), known)


OFFICE_BEFORE = re.compile(
    r"\b[Tt]he\s+([A-Z][a-z]+)\s+((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)"
    r"(?:\s+(?:also|later|then|had|has|will|would|during\s+(?:his|her)|on\s+(?:his|her)))*\s*$"
)


def office_before(ctx: Context, lead: str, known: list[Participant]) -> Participant | None:
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
    holder = office_holder(ctx, title, country)
    if holder is not None:
        return Participant(holder.name, title, country)
    return Participant(None, title, country)


STOP_NAMES = {"the", "he", "she", "they", "it", "during", "later", "earlier", "meanwhile", "also", "both"}


def pronoun_subject(doc: Document, found: list[Engagement], lead: str) -> Participant | None:
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


def previous_pair(ctx: Context, sent: Span, known: list[Participant]) -> list[Participant]:
    """'after they met': the people of two sides named in the nearest of the three sentences before."""
    n = ctx.doc.sentences.index(sent)
    for prev in reversed(ctx.doc.sentences[max(0, n - 3) : n]):
        parts = [resolve(ctx, p, known) for p in people_in(ctx, prev.start, prev.end) if is_named(p)]
        if not parts:
            continue
        fill_sides(parts, party_sides(ctx))
        return parts if len({p.country for p in parts if p.country}) == 2 and len(parts) == 2 else []
    return []


def known_people(doc: Document, found: list[Engagement]) -> list[Participant]:
    out = [Participant(c.name, c.title, c.country) for m in doc.meetings for c in m.chairs]
    out += [p for e in found for p in e.participants]
    return out


def party_sides(ctx: Context) -> list[str]:
    """The countries a text is about that can be a side of a contact: no organisation an official merely
    meets at (the SCO), and the dateline's country, the reporter's home, when the text names one other."""
    out = [c for c in ctx.doc_parties if not ctx.lex.is_organisation(c)]
    home = ctx.lex.city_country.get(ctx.dateline_city.lower()) if ctx.dateline_city else None
    if home and len(out) == 1 and home not in out:
        out.append(home)
    return out


def complete_sides(ctx: Context, found: list[Engagement]) -> None:
    """A participant whose side is still unknown, in a text about many lands, is on the one side that no
    other participant is on and no contact took place in: the text's protagonist ('the prime minister
    met the presidents of A and B on the sidelines in C')."""
    told = {p.country for e in found for p in e.participants} | {e.country for e in found}
    left = [c for c in party_sides(ctx) if c not in told]
    if len(left) != 1:
        return
    for e in found:
        if e.kind != "visit" or e.country != left[0]:
            for p in e.participants:
                if p.country is None and p.name:
                    p.country = left[0]


def fill_sides(parts: list[Participant], parties: list[str], first_two: bool = True) -> None:
    """A participant whose side is unknown is on the one party no other participant is on: of the text's
    first two, or (first_two False) of all of them."""
    if len(parties) < 2:
        return
    for p in parts:
        if p.country is None:
            others = {q.country for q in parts if q.country}
            left = [c for c in (parties[:2] if first_two else parties) if c not in others]
            if len(left) == 1:
                p.country = left[0]


def in_place_name(ctx: Context, p: Person) -> bool:
    """'United Arab Emirates' read as a person: a name inside a country or city mention."""
    return any(
        m.start <= p.start < m.end or p.start <= m.start < p.end
        for kind in ("country", "city")
        for m in mentions_within(ctx.doc.mentions, kind, p.start - 40, p.end)
        if not m.data.get("demonym")
    )


def name_tokens(name: str) -> set[str]:
    """A name's words, and the parts of hyphenated ones ('al-Falih' -> al-falih, al, falih)."""
    words = name.lower().split()
    return {*words, *(part for w in words if "-" in w for part in w.split("-"))}


def is_known(p: Person, known: list[Participant]) -> bool:
    return any(k.name and p.name.lower() in name_tokens(k.name) for k in known)


def surnamed(ctx: Context, p: Person, known: list[Participant]) -> Person:
    """'Goyal' alone: the person the text names in full with an office elsewhere, else as it stands."""
    if is_named(p) or not p.name or is_known(p, known):
        return p
    key = p.name.lower()
    for q in _people_table(ctx, {p.name}).values():
        if (
            q.name
            and key in name_tokens(q.name)
            and q.name.lower() != key
            and (q.title or len(q.name.split()) > 1)
        ):
            return Person(q.name, q.title, p.country or q.country, p.start, p.end)
    return p


def sure_people(ctx: Context, start: int, end: int, known: list[Participant]) -> list[Person]:
    """The people of a stretch that the grammar is sure of, surnames completed from the rest of the text."""
    out = []
    for p in people_in(ctx, start, end):
        p = surnamed(ctx, p, known)
        if (is_named(p) or not p.name or is_known(p, known)) and not in_place_name(ctx, p):
            out.append(p)
    return out


def same_person(a: Participant, b: Participant) -> bool:
    if a.name and b.name:
        return set(a.name.lower().split()) <= set(b.name.lower().split()) or set(
            b.name.lower().split()
        ) <= set(a.name.lower().split())
    return bool(a.title and b.title and a.title.lower() == b.title.lower() and a.country == b.country)
