"""Meeting frames: which mechanism met (or will meet), which round, when, where, how, and who chaired.

A mention of a mechanism becomes a meeting when the text ties it to one occasion: a round
("the 5th meeting of", "Fourth Round of", "held its fifth session"), a meeting noun ("the
JCC meeting"), or a verb of holding ("FOC were held", "held the SCC"). The fields come from
the clause around that mention and from later sentences that refer back to it ("The meeting
was co-chaired by..."). Several mentions of one round in a text make one meeting.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ..model import Chair, Document, MechanismRef, Meeting, Span, TimeExpr, mentions_within
from .lexicon import Lexicon, load_lexicon
from .mechanisms import ROMAN as ROMAN_NUMERALS
from .mechanisms import MechanismGrammar, MechPhrase, _singular, norm_name
from .people import Person, PersonGrammar
from .pipeline import stage
from .tokens import Tok, TokenIndex, words

ROMAN = {k: v for k, v in ROMAN_NUMERALS.items() if k != "i"}


class Folded:
    """A pattern of lower-case words matched in any case, by matching it against the lower-cased text.

    Python's `re` is several times slower on IGNORECASE alternations. Offsets stay those of the
    text whenever lower-casing keeps its length (it does not for a few letters such as 'İ'; then
    the case-insensitive pattern runs on the text itself). Matched groups come back lower-cased.
    """

    def __init__(self, pattern: str) -> None:
        self.folded = re.compile(pattern)
        self.any_case = re.compile(pattern, re.I)

    def _pick(self, text: str) -> tuple[re.Pattern[str], str]:
        low = text.lower()
        return (self.folded, low) if len(low) == len(text) else (self.any_case, text)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        rx, target = self._pick(text)
        return rx.search(target, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        rx, target = self._pick(text)
        return rx.finditer(target, pos, endpos)


TITLED = re.compile(
    r"\b(?:Minister|Secretary|President|Premier|Chancellor|Councill?or|Chairman|Chairperson|Director|"
    r"Ambassador|Representative|Adviser|Advisor|Envoy|Commissioner|Head|Chief|Mr|Ms|Mrs|Dr|King|Prince|"
    r"Emir|Sheikh|Governor|Deputy|Vice)\b",
    re.I,
)
COREF = Folded(
    r"\b(?:the|this|that|its)\s+(?:[\w’'-]+\s+){0,2}?(?:meeting|session|consultations?|dialogue|talks|round|summit|"
    r"jcm|commission|council|committee|jwg|jcc|mechanism)\b|\bduring the\b|\b(?:delegations?|side|part)\s+(?:was|were|will be|would be|is|are|is being)\s+"
    r"(?:led|headed|represented|chaired|co-chaired)\b|\b(?:led|lead|leads|represented|headed|heads|head) (?:(?:the|their|his|her) )?"
    r"(?:[\w’'-]+\s+)?(?:delegations?|sides?)\b|^\s*it\s+(?:was|will be|is being)\s+(?:co-?chaired|chaired|held|led|hosted)\b|"
    r"\brespective delegations\b|\bthat (?:meeting|session|round)\b|\b(?:co-?chaired|jointly chaired|presided over jointly|"
    r"co-presided)\s+(?:jointly\s+)?by\b|\b(?:side|delegation)\s+by\b|\b(?:side|delegation),\s+(?:led|headed)\s+by\b"
)
OTHER_EVENT = Folded(
    r"\b(?:held|had) (?:a|separate) (?:\w+ )?meeting with\b|\bmet (?:with|separately)\b|\bcalled on\b|"
    r"\bcourtesy call\b|\bphone call\b|\btelephone\b|\bon the sidelines\b|\bbefore the\b"
)
CHAIR_BY = Folded(
    r"\b(?:(?:jointly\s+)?(?:co-?\s?chaired|co-?\s?ch[a-z]{2,4}ed|c-chaired|chaired|presided over|presided|co-led|led|"
    r"co-headed|headed|hosted|represented)\s+(?:jointly\s+)?by|under the (?:co-?)?chair(?:man)?ship of|co-chaired between)\b"
)
CHAIR_VERB = Folded(
    r"\b(?:co-?chair(?:ed|s)?|c-chaired|jointly presided|jointly chaired|held|hold|will hold|led|lead|will lead|"
    r"headed|will head|co-chair|would be hosted|will be hosted|arrived|began|kicked off|met|co-led|co-lead|represented|"
    r"hosted|chaired|will chair|presided over|presided|inaugurated|opened|co-chairing|chairing|leading|heading|will host|hosts|is hosting)\b"
)
SIDE = re.compile(
    r"\b(?:the\s+)?([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})\s+(?:side|delegation|team|part)\b"
)
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
SAME_DAY = re.compile(
    r"\b(?:on )?the same day\b|\b(?:earlier|later) (?:in the|that|the same) day\b|"
    r"\bon the same occasion\b",
    re.I,
)
FUTURE_HOLD = re.compile(
    r"\b(?:will|shall|would|is to|are to|is going to)\s+(?:also\s+|now\s+|then\s+|soon\s+|jointly\s+)?(?:be\s+)?"
    r"(?:held|hold|take place|meet|convene|begin|hosted|host|co-chair|chair|lead|led|attend|chaired|convened)\b",
    re.I,
)
NEGATED = re.compile(
    r"\b(?:could not|couldn't|did not|didn't|was not|wasn't|cannot|never)\s+(?:be\s+)?"
    r"(?:held|take place|happen|convene|scheduled|be scheduled)",
    re.I,
)


@dataclass(slots=True)
class Anchor:
    phrase: MechPhrase | None
    mech: MechanismRef
    identity: str
    ordinal: int | None
    start: int
    end: int
    sentence: Span
    ref_marked: bool = False
    last_marked: bool = False
    region: Span | None = None
    coordinated: bool = False
    upcoming: bool = False


@dataclass(slots=True)
class Context:
    doc: Document
    lex: Lexicon
    mech: MechanismGrammar
    people: PersonGrammar
    toks: list[Tok]
    index: TokenIndex
    dateline_city: str | None
    doc_parties: list[str]
    doc_cpec: bool
    person_table: dict[str, Person] | None = None
    table_sentences: set[Span] = field(default_factory=set)
    header: list[Span] = field(default_factory=list)
    mech_spans: list[tuple[int, int]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# small helpers


def _lower(s: str) -> str:
    return s.lower().replace("’", "'")


@lru_cache(maxsize=64)
def _any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _has_any(text: str, phrases: list[str]) -> bool:
    """Whether any of the phrases stands in the text as whole words (case-insensitive)."""
    return bool(_any_of(tuple(phrases)).search(_lower(text)))


@lru_cache(maxsize=16)
def _ending_with(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(p) for p in phrases)})$")


def _ends_with_any(text: str, phrases: list[str]) -> bool:
    """Whether text (the words before a date) ends with one of the phrases."""
    return bool(_ending_with(tuple(phrases)).search(re.sub(r"\s+", " ", _lower(text)).rstrip()))


def _headline(doc: Document, sent: Span) -> bool:
    """A line of its own without a closing full stop: a headline or a related-story link."""
    text = sent.of(doc.text)
    before = doc.text[max(0, sent.start - 1) : sent.start]
    after = doc.text[sent.end : sent.end + 1]
    own_line = (before == "" or before.isspace()) and after in ("", "\n")
    return (
        own_line
        and not text.rstrip().endswith((".", "!", "?", ":", '"', "”", ".)"))
        and len(text.split()) <= 25
    )


def _dateline_city(doc: Document, lex: Lexicon) -> str | None:
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


def _header_spans(doc: Document) -> list[Span]:
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


def _doc_parties(doc: Document) -> list[str]:
    counts = Counter(m.key for m in doc.mentions if m.kind == "country")
    return [c for c, _ in counts.most_common()]


# ---------------------------------------------------------------------------------------------
# anchors: mentions that name one occasion of a mechanism


def _ordinal_value(ctx: Context, tok: Tok) -> int | None:
    text = tok.text.strip("‘’'\",")
    if len(text) > 1 and text.isupper() and text.lower() in ROMAN:
        return ROMAN[text.lower()]
    low = tok.lower.strip("‘’'\"")
    m = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", low)
    if m:
        return int(m.group(1)) or None
    if low in ctx.lex.ordinal_words:
        return ctx.lex.ordinal_words[low]
    return None


# Words between a round's number and its noun: 'the seventh plenary session', 'the 4th two-day meeting',
# 'the 38th ministerial-level meeting'
ROUND_QUALIFIERS = frozenset(
    """annual regular delayed ministerial joint special plenary formal full official bilateral high-level
    extraordinary postponed""".split()
)
DAYS_LONG = re.compile(r"^(?:(?:one|two|three|four|five|\d)-day|[a-z]+-level)$")


def _ordinal_before(ctx: Context, i: int) -> tuple[int | None, int, bool]:
    """Round number written before a mechanism name; the token where the anchor starts; whether a round noun was seen."""
    toks = ctx.toks
    k = i - 1
    if k >= 0 and toks[k].lower in {"the", "its", "a", "their"}:
        k -= 1
    round_noun = False
    if k >= 1 and toks[k].lower == "of" and toks[k - 1].lower in ctx.mech.meeting_nouns:
        if toks[k - 1].lower in {"meetings", "sessions", "rounds"}:
            return None, i, False
        round_noun = True
        k -= 2
        while k >= 0 and (toks[k].lower in ROUND_QUALIFIERS or DAYS_LONG.match(toks[k].lower)):
            k -= 1
    while k >= 0 and toks[k].lower in {
        "annual",
        "regular",
        "ever",
        "two-day",
        "three-day",
        "delayed",
        "special",
        "-",
    }:
        if toks[k].lower == "ever" and k >= 1 and toks[k - 1].lower == "first":
            return 1, k - 1, round_noun
        k -= 1
    if k >= 0:
        value = _ordinal_value(ctx, toks[k])
        if value is not None:
            # "the first meeting ... after a gap of 23 years" is no round number
            if value == 1 and _first_since(ctx.doc.text[toks[k].start : toks[i].start + 160]):
                return None, k, round_noun
            return value, k, round_noun
    start = k + 1 if round_noun else i
    if round_noun and k >= 0 and toks[k].lower in {"the", "a"}:
        start = k
    return None, max(start, 0), round_noun


FIRST_SINCE = re.compile(
    r"^\w+\s+(?:[\w’'-]+\s+){0,8}?(?:after (?:a gap of )?(?:more than |nearly |almost |over )?(?:\d+|\w+) years|since\b|"
    r"in (?:more than |nearly |almost |over )?(?:\d+|\w+) (?:years|decades)|for the first time after|"
    r"in (?:a|one|two|three|four|five|six|seven|eight|nine|ten) decades?)",
    re.I,
)
APPOSITIVE = re.compile(
    r"(?:,|\band)\s+(?:and\s+)?the\s+(\w+)\s+(?:such\s+|trilateral\s+|bilateral\s+|annual\s+)?"
    r"(?:meeting|round|session|summit|edition|consultations|talks|sitting|(?=(?:held|to be held)\b))\b",
    re.I,
)
# A round's number set off after the name: ', the twelfth held between the two governments,'
APPOSED_ROUND = re.compile(
    r"\s*(?:\([^)]{1,20}\)\s*)?,\s*the\s+\w+\s+(?:such\s+)?(?:meeting\s+|session\s+|round\s+)?"
    r"(?:held|to be held)\b[^,.;]{0,60},",
    re.I,
)


def _first_since(text: str) -> bool:
    """'the first meeting after a gap of 23 years', 'its first meeting since...': no round number."""
    return bool(FIRST_SINCE.search(text))


def _ordinal_after(ctx: Context, j: int) -> int | None:
    """'held its fifth session', 'JEC-IV', '(Session IX)' after a mechanism name."""
    toks = ctx.toks
    window = toks[j : j + 7]
    for n, t in enumerate(window):
        if t.lower in {"its", "their"}:
            k = n + 1
            while k < len(window) and (
                window[k].lower in ROUND_QUALIFIERS or DAYS_LONG.match(window[k].lower)
            ):
                k += 1  # 'concluded its two-day third session'
            if k + 1 < len(window) and window[k + 1].lower in ctx.mech.meeting_nouns:
                return _ordinal_value(ctx, window[k])
        if t.lower in {".", ",", ";"}:
            break
    if j < len(toks) and toks[j].lower in {"session", "round"} and j + 1 < len(toks):
        roman = ROMAN.get(toks[j + 1].lower.strip("()"))
        if roman:
            return roman
    if j < len(toks):
        sent = ctx.doc.sentence_of(toks[j - 1].start)
        if sent is not None:
            rest = ctx.doc.text[toks[j - 1].end : sent.end]
            for m in APPOSITIVE.finditer(rest):
                value = _ordinal_value(ctx, Tok.make(m.group(1), 0, 0))
                if value is not None and not (value == 1 and _first_since(rest[m.start(1) :])):
                    return value
    return None


FREQUENCY = re.compile(
    r"^[^.;]{0,60}\b(?:twice a year|once a year|annually|every year|each year|every (?:two|three|six) (?:years|months)|"
    r"regularly|periodically|on a regular basis|alternately)\b",
    re.I,
)
WHICH_UPCOMING = re.compile(
    r"^\s*(?:\([^)]{1,20}\)\s*)?,?\s*which\s+(?:is|are|was|were|will|would)\s+(?:also\s+)?"
    r"(?:expected|scheduled|set|due|likely)\s+to\s+(?:meet|be held|convene|take place)",
    re.I,
)
MODAL_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,20}\)\s*)?(?:will|would|shall)\s+(?:also\s+)?(?:precede|follow|open|begin|start)\b",
    re.I,
)
TWO_OFFICIALS = re.compile(
    r"\bthe two (?:officials|ministers|leaders|secretaries|foreign ministers|heads of delegation|co-chairs)\s+"
    r"(?:also\s+|then\s+|later\s+)?(?:co-?chaired|chaired|led|headed|held|presided over|co-led)\b",
    re.I,
)


FRAMEWORK_OF = re.compile(
    r"\b(?:talks|meeting|consultations|discussions|held|hold|holds)\b[^.;]{0,160}\b(?:(?:under|within|in) the "
    r"(?:framework|aegis|auspices) of|as part of)\s+(?:the\s+|its\s+|their\s+)?(?:regular\s+|annual\s+)?$",
    re.I,
)


def _hold_near(ctx: Context, phrase: MechPhrase) -> bool:
    """A verb of holding right after or right before the name ('FOC were held', 'held the SCC')."""
    text = ctx.doc.text
    after = text[phrase.end : phrase.end + 60]
    before = text[max(0, phrase.start - 70) : phrase.start]
    aside = APPOSED_ROUND.match(text, phrase.end, phrase.end + 90)
    if aside:  # 'the ... Meeting (RAN), the twelfth held between the two governments, will take place'
        after = text[aside.end() : aside.end() + 60]
    if WHICH_UPCOMING.match(after) or MODAL_AFTER.match(after):
        return True
    if re.match(
        r"^\s*(?:\([^)]{1,20}\)\s*)?(?:(?:for|of|on) (?:the )?[\w’'. -]{0,40}?\(CPEC\)\s*)?"
        r"(?:meeting|session|summit|talks|round)?\s*(?:(?:was|were|is|are|has been|have been|had been|will|would|"
        r"shall|is being|are being)\s+)?(?:also\s+)?(?:to\s+)?(?:be\s+)?(?:(?:expected|scheduled|likely|set|due)\s+to\s+"
        r"(?:be\s+)?)?(?:held|convened|hosted|co-chaired|chaired|took place|"
        r"takes place|will take place|opened|began|concluded|kicked off|scheduled|convene|meet|open|begin)\b",
        after,
        re.I,
    ):
        return True
    if re.match(r"^\s*(?:\([^)]{1,20}\)\s*)?(?:held|holds|convened|met)\s+(?:its|their|the)\b", after, re.I):
        return True
    if re.match(  # 'The JCC of CPEC, meeting virtually on Tuesday, approved ...'
        r"^\s*,\s*(?:meeting|convening|gathering)\s+(?:virtually|online|in|on|via|by|here|today|yesterday|for)\b",
        after,
        re.I,
    ):
        return True
    if re.match(
        r"^\s*(?:\([^)]{1,20}\)\s*)?(?:,\s*)?(?:met|meets|convened|opened|opens|reconvened)\b(?!\s+with\b)",
        after,
        re.I,
    ):
        return True
    if re.search(r"\banother\s+(?:[\w’'.-]+\s+){0,2}$", before):
        return True
    sentence = ctx.doc.sentence_of(phrase.start)
    lead = text[sentence.start if sentence else max(0, phrase.start - 200) : phrase.start]
    if FRAMEWORK_OF.search(lead):
        return True  # 'held consultations ... as part of the regular Russia-Vietnam strategic dialogue'
    if re.search(r"\b(?:held|hold|holds|holding)\s+$", before, re.I) and (
        phrase.text[:1].islower() or phrase.text.split()[-1].lower() in {"consultations", "talks"}
    ):
        return True  # 'held political consultations', 'held Foreign Secretary-level consultations'
    if re.search(
        r"\b(?:held|hold|holds|holding|co-chaired|co-chair|co-chairs|chaired|attend|attended|attending|"
        r"hosted|host|hosting|launch of|for|began|begin|kicked off|convened|to|at|in|concluded|of)\s+"
        r"(?:the|their|its|a|an)\s+(?:[\w’'-]+\s+){0,2}$",
        before,
        re.I,
    ):
        tail = re.search(r"(\w+)\s+(?:the|their|its|a|an)\s+(?:[\w’'-]+\s+){0,2}$", before)
        word = tail.group(1).lower() if tail else ""
        if word in {"for", "to", "at", "in", "of"}:
            return bool(re.match(r"^\s*(?:\([^)]{1,20}\)\s*)?(?:meeting|session|summit)\b", after, re.I)) or (
                word == "for"
                and re.search(r"\b(?:arrived|arrive|arrives|arriving)\b", before, re.I) is not None
            )
        return True
    return bool(re.match(r"^\s*(?:\([^)]{1,20}\)\s*)?(?:meeting|session)\b", after, re.I))


def _mech_ref(ctx: Context, phrase: MechPhrase, sentence: Span) -> MechanismRef:
    entry = phrase.entry
    aliases = [phrase.text] + ([phrase.acronym] if phrase.acronym else [])
    if entry:
        return MechanismRef(entry.name, aliases, list(entry.parties), entry.programme, entry.key)
    parties = list(phrase.parties)
    if phrase.programme == "CPEC" and not parties:
        parties = ["Pakistan", "China"]
    if len(parties) < 2:
        parties = _context_parties(ctx, sentence, parties)
    name = phrase.core
    if phrase.programme == "CPEC" and not name.upper().startswith("CPEC"):
        name = f"CPEC {name}"
    elif parties and not phrase.parties:
        name = f"{'-'.join(parties)} {name}"
    elif phrase.parties and not any(p.lower() in name.lower() for p in phrase.parties):
        name = f"{'-'.join(phrase.parties)} {name}"
    return MechanismRef(name, aliases, parties, phrase.programme, None)


def _context_parties(ctx: Context, sentence: Span, have: list[str], many: bool = False) -> list[str]:
    """Parties not written in the name: from the sentence ('Pakistan and Russia held'), else the text's main two."""
    parties = list(have)
    groupings = ctx.mech.groupings
    for m in mentions_within(ctx.doc.mentions, "country", sentence.start, sentence.end):
        # A grouping named beside the meeting ('on the sidelines of the SCO ...') is its setting, no party.
        if m.key not in parties and norm_name(m.key) not in groupings:
            parties.append(m.key)
    if len(parties) < 2:
        for c in ctx.doc_parties:
            if c not in parties and norm_name(c) not in groupings:
                parties.append(c)
            if len(parties) >= 2:
                break
    return parties[:3] if len(parties) > 2 and (len(have) > 2 or many) else parties[:2]


def _resolve(ctx: Context, phrase: MechPhrase, sentence: Span) -> None:
    """Complete a phrase's parties from its context, then look its mechanism up in the lexicon."""
    parties = list(phrase.parties)
    if phrase.programme == "CPEC" and len(parties) < 2:
        parties = ["Pakistan", "China"]
    if len(parties) < 2:
        many = bool(re.search(r"\b(?:trilateral|tripartite|three|trilateral)\b", phrase.core, re.I))
        parties = _context_parties(ctx, sentence, parties, many)
    entry = ctx.mech.resolve(phrase, ctx.doc.mentions, parties, ctx.doc_cpec)
    phrase.entry = entry
    if entry is None and len(phrase.parties) < 2:
        phrase.parties = parties


def _generic_antecedent(phrase: MechPhrase, anchors: list[Anchor]) -> Anchor | None:
    """'the Joint Working Group', 'the ministerial commission': a shortened name of a mechanism met earlier."""
    if phrase.entry is not None and not phrase.is_acronym_only:
        return None
    words_ = set(_singular(norm_name(phrase.core)).split()) - {"the", "of", "and", "on", "for"}
    if not words_:
        return None
    seen: set[str] = set()
    for a in reversed(anchors):
        if a.identity in seen:
            continue
        seen.add(a.identity)
        if any(words_ <= have for have in _name_words(a.mech)) and (
            phrase.entry is None or a.mech.key == phrase.entry.key
        ):
            return a
    return None


def _name_words(mech: MechanismRef) -> list[frozenset[str]]:
    """The word sets of a mechanism's name and aliases, computed once per name."""
    return [_words_of(name) for name in (mech.name, *mech.aliases)]


@lru_cache(maxsize=4096)
def _words_of(name: str) -> frozenset[str]:
    return frozenset(_singular(norm_name(name)).split())


def find_anchors(ctx: Context, phrases: list[MechPhrase]) -> tuple[list[Anchor], list[MechPhrase]]:
    doc = ctx.doc
    anchors: list[Anchor] = []
    aliases: list[MechPhrase] = []
    prev_anchor_phrase: MechPhrase | None = None
    headlines: list[Anchor] = []
    for phrase in phrases:
        sent = doc.sentence_of(phrase.start)
        if sent is None:
            continue
        own_body = (
            len(phrase.parties) == 1
            and ctx.lex.is_organisation(phrase.parties[0])
            and not re.search(r"\b(?:joint|bilateral|binational|bi-national)\b", phrase.core, re.I)
        )
        _resolve(ctx, phrase, sent)
        earlier = _generic_antecedent(phrase, anchors)
        if own_body and phrase.entry is None:
            aliases.append(phrase)
            continue
        lead = doc.text[max(0, phrase.start - 30) : phrase.start]
        if (
            re.search(r"\bunder\s+(?:the\s+)?$|\b(?:meetings|sessions|rounds)\s+of\s+(?:the\s+)?$", lead)
            and not re.search(r"\b(?:framework|aegis|auspices)\s+of\s+(?:the\s+)?$", lead)
            # 'will chair the meetings of the Joint Higher Committee': the sessions of one occasion
            and not CHAIR_SESSIONS.search(lead)
        ):
            aliases.append(phrase)
            continue
        ordinal, first_tok, round_noun = _ordinal_before(ctx, phrase.i)
        if ordinal is None:
            ordinal = phrase.ordinal
        if ordinal is None:
            ordinal = _ordinal_after(ctx, phrase.j)
        upcoming = bool(
            re.search(
                r"\b(?:(?:the|a|its|their)\s+next|another)\s+(?:[\w’'.-]+\s+){0,3}$",
                doc.text[max(0, phrase.start - 40) : phrase.start],
                re.I,
            )
        )
        coordinated = False
        if prev_anchor_phrase is not None and doc.sentence_of(prev_anchor_phrase.start) == sent:
            between = doc.text[prev_anchor_phrase.end : phrase.start]
            coordinated = bool(
                re.fullmatch(r"\s*(?:\([^)]*\))?\s*,?\s*and\s+(?:the\s+)?(?:\w+\s+)?[‘'\"]?\s*", between)
            )
        triggered = (
            ordinal is not None
            or round_noun
            or coordinated
            or upcoming
            or _hold_near(ctx, phrase)
            or bool(CHAIR_SESSIONS.search(lead))
        )
        if (
            not triggered
            or _has_any(sent.of(doc.text), ctx.lex.formats.non_governmental)
            or (ordinal is None and FREQUENCY.match(doc.text[phrase.end : phrase.end + 80]))
        ):
            aliases.append(phrase)
            continue
        headline = _headline(doc, sent)
        if headline:
            aliases.append(phrase)
        start = ctx.toks[first_tok].start if first_tok < phrase.i else phrase.start
        mech = _mech_ref(ctx, phrase, sent)
        surface = re.sub(r"\s+", " ", doc.text[start : phrase.end]).strip()
        # 'Fourth Round of X', '22nd Session of X' and '6th JCC' are names of a round as written;
        # 'the 5th meeting of X' names X
        if surface != phrase.text and not re.search(
            r"\bmeetings?\s+of\b", doc.text[start : phrase.start], re.I
        ):
            mech.aliases.insert(0, surface)
        if earlier is not None:
            mech = MechanismRef(
                earlier.mech.name,
                mech.aliases,
                list(earlier.mech.parties),
                earlier.mech.programme,
                earlier.mech.key,
            )
        before = doc.text[max(sent.start, start - 40) : start].lower()
        ref = bool(RECALLED_BEFORE.search(before))
        last = bool(re.search(r"\b(?:the|its)\s+(?:last|previous|preceding)\s+$", before))
        if earlier is not None:
            identity = earlier.identity
        elif phrase.entry:
            identity = phrase.identity
        else:
            identity = f"{_singular(norm_name(phrase.core))}|{','.join(sorted(mech.parties))}"
        anchors.append(
            Anchor(
                phrase,
                mech,
                identity,
                ordinal,
                start,
                phrase.end,
                sent,
                ref,
                last,
                None,
                coordinated,
                upcoming,
            )
        )
        if headline:
            headlines.append(anchors.pop())
            continue
        prev_anchor_phrase = phrase
    # a round named only in the headline ('17th Round of X Held in Tokyo'; the story says 'The consultations')
    if not anchors:
        anchors += headlines[:1]
    anchors += _bare_rounds(ctx, anchors, aliases)
    anchors += _bare_next(ctx, anchors)
    anchors = _combine_appositions(doc, anchors)
    anchors.sort(key=lambda a: a.start)
    return anchors, aliases


CHAIR_SESSIONS = re.compile(r"\b(?:co-?)?chair(?:ed|s)?\s+the\s+(?:meetings|sessions)\s+of\s+(?:the\s+)?$")
RECALLED_BEFORE = re.compile(
    r"\b(?:since|after|recalling|recalled|follow-up to|decisions (?:taken )?(?:at|in|of))\s+(?:the\s+)?$"
)
BARE_ROUND = re.compile(
    r"\b(?:the|its|their|(?:the\s+)?(?:committee|commission|council|group|dialogue)[’']s)\s+(?:(last|previous|next),?\s+)?"
    r"(?:(\w+)\s+)?(2\+2\s+|two-plus-two\s+)?(meeting|round|session|consultations|talks|summit|"
    r"edition|sitting)\b(?:\s+of\s+(?:the\s+)?(committee|commission|council|dialogue|group|mechanism|2\+2|jcc|jc|jcm|forum|"
    r"meeting|summit|consultations|talks|working group|core group|(?-i:[A-Z]{2,6})))?"
    r"|\bthe\s+(\w+)\s+in\s+the\s+series\b",
    re.I,
)


LAST_MET = re.compile(r"\b(?:which|that|it|who)\s+(?:had\s+)?last\s+(?:met|convened|gathered)\b", re.I)
BARE_NEXT = re.compile(
    r"\b(?:the|its)\s+(council|commission|committee|group|dialogue|mechanism|conference|cabinet|jcc|jwg|forum)\s+"
    r"(?:will|would|is to|is expected to|is due to|agreed to|plans to)\s+(?:next\s+)?(?:meet|convene|reconvene)\b",
    re.I,
)


BODY_NEXT = re.compile(
    r"\b(?:the\s+)?(?:council|commission|committee|group|dialogue|forum|mechanism|conference|cabinet|jcc|jwg)['’]s\s+"
    r"next\s+(?:meeting|session|round|summit)\b",
    re.I,
)


def _bare_next(ctx: Context, anchors: list[Anchor]) -> list[Anchor]:
    """'The council will meet in Kazakhstan next year': the next round of the mechanism in focus."""
    out = []
    low = ctx.doc.text.lower()
    nexts = [*BARE_NEXT.finditer(ctx.doc.text)] if " meet" in low or "convene" in low else []
    if "s next" in low:
        nexts += BODY_NEXT.finditer(ctx.doc.text)
    for m in nexts:
        focus = [a for a in anchors if a.start < m.start()]
        sent = ctx.doc.sentence_of(m.start())
        if not focus or sent is None or FREQUENCY.match(ctx.doc.text[m.end() : m.end() + 80]):
            continue
        base = focus[-1]
        mech = MechanismRef(base.mech.name, [], list(base.mech.parties), base.mech.programme, base.mech.key)
        out.append(Anchor(None, mech, base.identity, None, m.start(), m.end(), sent, upcoming=True))
    for m in LAST_MET.finditer(ctx.doc.text) if "last" in low else ():
        focus = [a for a in anchors if a.start < m.start()]
        sent = ctx.doc.sentence_of(m.start())
        if not focus or sent is None:
            continue
        base = focus[-1]
        mech = MechanismRef(base.mech.name, [], list(base.mech.parties), base.mech.programme, base.mech.key)
        out.append(Anchor(None, mech, base.identity, None, m.start(), m.end(), sent, last_marked=True))
    return out


def _combine_appositions(doc: Document, anchors: list[Anchor]) -> list[Anchor]:
    """'Its last meeting, the ninth in the series, ...': one round named twice side by side."""
    anchors = sorted(anchors, key=lambda a: a.start)
    out: list[Anchor] = []
    for a in anchors:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.identity == a.identity
            and prev.sentence == a.sentence
            and re.fullmatch(r"\s*,\s*", doc.text[prev.end : a.start])
            and (prev.ordinal is None or a.ordinal is None)
        ):
            a.ordinal = a.ordinal or prev.ordinal
            a.last_marked = a.last_marked or prev.last_marked
            a.ref_marked = a.ref_marked or prev.ref_marked
            a.start = prev.start
            out[-1] = a
            continue
        out.append(a)
    return out


def _named_before(ctx: Context, named: list[MechPhrase], at: int) -> Anchor | None:
    """A mechanism named earlier in the same sentence but not as a round ('The co-chairs of the X Commission
    ... discussed preparations for the 23rd meeting of the commission'): the focus of a bare round."""
    sent = ctx.doc.sentence_of(at)
    if sent is None:
        return None
    for p in reversed(named):
        if sent.start <= p.start < at and not p.is_acronym_only and len(p.parties) >= 2:
            mech = _mech_ref(ctx, p, sent)
            identity = (
                p.identity if p.entry else f"{_singular(norm_name(p.core))}|{','.join(sorted(mech.parties))}"
            )
            return Anchor(p, mech, identity, None, p.start, p.end, sent)
    return None


def _bare_rounds(ctx: Context, anchors: list[Anchor], named: list[MechPhrase]) -> list[Anchor]:
    """'The 9th meeting was held in 2019', 'the last meeting of the committee': rounds of the mechanism in focus."""
    doc = ctx.doc
    out: list[Anchor] = []
    taken = [(a.start, a.end) for a in anchors]
    for m in BARE_ROUND.finditer(doc.text):
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            continue
        after = doc.text[m.end() : m.end() + 12]
        if re.match(r"\s+(?:of|on)\b", after) and not m.group(5):
            continue
        marker = (m.group(1) or "").lower()
        word = m.group(2) or m.group(6)
        ordinal = None
        if word:
            ordinal = _ordinal_value(ctx, Tok.make(word, 0, 0))
            if ordinal is None and word.lower() not in {"annual"}:
                continue
        if not ordinal and marker not in {"last", "previous", "next"}:
            continue
        if ordinal == 1 and _first_since(doc.text[m.start() : m.end() + 120]):
            continue
        focus = [a for a in anchors if a.start < m.start()]
        if not focus:
            earlier = _named_before(ctx, named, m.start())
            focus = [earlier] if earlier is not None else []
        if not focus:
            continue
        if ordinal is not None and any(
            a.ordinal == ordinal and a.sentence.start <= m.start() < a.sentence.end for a in anchors
        ):
            continue
        base = focus[-1]
        if m.group(3) and "2+2" not in base.mech.name:
            continue  # 'the first 2+2 meeting' is a round of the 2+2 in focus only
        sent = doc.sentence_of(m.start())
        if sent is None or _headline(doc, sent):
            continue
        # 'since the third meeting of the commission held in Bishkek': a round recalled as background
        recalled = ordinal is not None and bool(
            RECALLED_BEFORE.search(doc.text[max(sent.start, m.start() - 40) : m.start()].lower())
        )
        # 'the previous meeting of the commission' names the mechanism only by its head word
        head = [m.group(5)] if m.group(5) else []
        mech = MechanismRef(base.mech.name, head, list(base.mech.parties), base.mech.programme, base.mech.key)
        out.append(
            Anchor(
                None,
                mech,
                base.identity,
                ordinal,
                m.start(),
                m.end(),
                sent,
                recalled,
                marker in {"last", "previous"},
                upcoming=marker == "next",
            )
        )
        taken.append((m.start(), m.end()))
    return out


# ---------------------------------------------------------------------------------------------
# fields


def _regions(anchors: list[Anchor]) -> None:
    """Each anchor owns its sentence from its own start to the next anchor's start (the first also what precedes it)."""
    by_sent: dict[Span, list[Anchor]] = {}
    for a in anchors:
        by_sent.setdefault(a.sentence, []).append(a)
    for sent, group in by_sent.items():
        group.sort(key=lambda a: a.start)
        for n, a in enumerate(group):
            start = sent.start if n == 0 else a.start
            end = group[n + 1].start if n + 1 < len(group) else sent.end
            a.region = Span(start, end)


def _is_report_time(text: str, t: TimeExpr, floor: int = 0) -> bool:
    before = text[max(0, floor, t.start - 60) : t.start]
    before = before[before.rfind(".") + 1 :] if "." in before[-45:] else before
    after = text[t.end : t.end + 30]
    return bool(REPORT_BEFORE.search(before) or REPORT_AFTER.match(after))


DEADLINE = re.compile(r"\b(?:by|until|till|before|through|up to)\s+(?:the\s+end\s+of\s+)?$", re.I)


def _pick_time(ctx: Context, a: Anchor) -> TimeExpr | None:
    text = ctx.doc.text
    region = a.region or a.sentence
    usable = [
        t
        for t in ctx.doc.times
        if a.sentence.start <= t.start < a.sentence.end
        and t.value
        and t.kind != "relative_vague"
        and not _is_report_time(text, t, a.sentence.start)
        and not any(h.start <= t.start < h.end for h in ctx.header)
        and not (t.kind == "range" and VISIT_DAYS.search(text, max(a.sentence.start, t.start - 60), t.start))
    ]
    own = [t for t in usable if region.start <= t.start < region.end]
    f = ctx.lex.formats
    moved = [
        t for t in own if _ends_with_any(text[max(region.start, t.start - 30) : t.start], f.new_date_markers)
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
        if not _ends_with_any(text[max(region.start, t.start - 30) : t.start], f.old_date_markers)
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


# 'will visit Sri Lanka from April 16 to 18', 'travel to Cairo from August 2 to 3': a visit's days, not a meeting's
VISIT_DAYS = re.compile(
    r"\b(?:visit|visits|visiting|travel|travels|travelling|traveling|tour|trip|stay)\b(?:\s+to)?"
    r"(?:\s+[A-Z][\w’'-]*){0,3}\s+(?:from|on)?\s*$"
)
UNLISTED_CITY = re.compile(
    r"(?:\b(?:(?:was|were|had been|will be|is being)\s+held|opened|took place|will take place|convened|"
    r"concluded)\s+in\s+(?:the\s+(?:city|town)\s+of\s+)?|"
    r"\bin\s+the\s+(?:[\w-]+\s+){0,3}(?:city|town|port city)\s+of\s+)([A-Z][a-z]{3,})\b(?![-’']|\s+[A-Z])"
)
COUNTRY_AFTER = re.compile(
    r",\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}?)\b(?=\s*(?:[,.;]|\s+(?:on|in|from|last|this|next)\b))"
)
MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december".split()
)
COUNTRY_VENUE = re.compile(
    r"\b(?:held in|take place in|be held in|hosted in|next year in|meet in|convene in|convened in|met in)\s+(?:the\s+)?$"
)
HOSTS = re.compile(
    r"^\s+(?:will|would|is to|is set to|agreed to|offered to|is ready to|was ready to)\s+host\b"
)


def _venue(
    ctx: Context, span: Span, after: int, upcoming: bool = False
) -> tuple[str | None, str | None, Span | None]:
    """City and country where a stretch of text places a meeting: the nearest place after the mention first."""
    doc = ctx.doc
    text = doc.text
    found: list[tuple[int, str | None, str | None, Span]] = []
    for m in mentions_within(doc.mentions, "city", span.start, span.end):
        before = text[max(span.start, m.start - 40) : m.start].lower()
        if re.search(
            r"\b(?:arrived|arrive|arriving|returned|departure|left|from|reached|power|visit(?:ed|ing)? to)\s+(?:in\s+)?$",
            before,
        ):
            continue
        if (
            re.search(
                r"(?:\bin|\bat|\bhosted by|\bhost|\bhosts|\bvenue|\bcity of|\bheld)\s+(?:the\s+)?$", before
            )
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
    seg = text[span.start : span.end]
    if ctx.dateline_city:
        for here in HERE.finditer(seg):
            pre = seg[max(0, here.start() - 60) : here.start()]
            if not REPORT_BEFORE.search(pre) or re.search(r"\bheld\b", here.group(0)):
                city = ctx.dateline_city
                found.append(
                    (
                        span.start + here.start(),
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
    if unknown and not ctx.lex.country(unknown.group(1)) and unknown.group(1).lower() not in MONTH_WORDS:
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
        placed = COUNTRY_VENUE.search(before) or (upcoming and re.search(r"\bin\s+(?:the\s+)?$", before))
        if placed or (upcoming and HOSTS.match(after_txt)):
            return None, m.key, Span(m.start, m.end)
    return None, None, None


def _virtual(ctx: Context, span: Span) -> Span | None:
    """Where a stretch of text puts a meeting on a video link, if it does."""
    m = _any_of(tuple(ctx.lex.formats.virtual_markers)).search(_lower(ctx.doc.text[span.start : span.end]))
    return Span(span.start + m.start(), span.start + m.end()) if m else None


def _status(
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
        (_has_any(seg, ctx.lex.formats.future_markers) or FUTURE_HOLD.search(seg))
        and not re.search(r"\b(?:is|are) being held\b", seg, re.I)
        or _has_any(
            lead[-80:],
            [
                "will",
                "would",
                "to attend",
                "ahead of",
                "arrived",
                "arrives",
                "set to",
                "to convene",
                "to hold",
            ],
        )
    ):
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


# ---------------------------------------------------------------------------------------------
# chairs


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


def _people_in(ctx: Context, start: int, end: int, cut: bool = True) -> list[Person]:
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
    r",?\s+and\s+the\s+\w+\s+(?:side|delegation)\b|,\s+(?:the meeting|it|they)\b"
)
BY_NEXT = re.compile(r"\s+by\b")
RELATIVE_BEFORE = re.compile(r"\b(?:who|which|that|those)\s+(?:\w+\s+)?$", re.I)
INTRO = re.compile(r"\s*(?:On|In|Earlier|Later|Meanwhile|Also)[^,]{0,40},\s*")
HELD_OBJECT = re.compile(
    r"\s+(?:the|their|its|a)?\s*(?:[\w’'.-]+\s+){0,6}?(?:meeting|round|session|consultations?|dialogue|"
    r"talks|committee|commission|council|jcc|2\+2|scc|foc)"
)
MET_PLACE = re.compile(r"\s+(?:at|in|on|for|by|with|to|under|via|here|today|yesterday)\b")
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


def _until(seg: str, start: int, stop: re.Pattern[str]) -> int:
    """Where a stretch that begins at start ends: at the first stop, else at the end of the segment."""
    m = stop.search(seg, start)
    return m.start() if m else len(seg)


def _chair_people(ctx: Context, span: Span, anchor: Anchor | None = None) -> list[Person]:
    """People a stretch of text names as chairs or heads of delegation.

    In the anchor's own sentence the subject of 'held' or 'arrived for' and the people a
    mechanism is 'between' count too; in a sentence that only refers back, they do not.
    """
    seg = ctx.doc.text[span.start : span.end]
    found = (
        _chairs_by(ctx, span, seg)
        + _chairs_as_subjects(ctx, span, seg, anchor)
        + _chairs_hosting(ctx, span, seg)
        + _chairs_in_apposition(ctx, span, seg)
    )
    if anchor is not None:
        between = BETWEEN_PEOPLE.search(seg)
        if between:
            end = _until(seg, between.end(), BETWEEN_STOP)
            found += _people_in(ctx, span.start + between.end(), span.start + end, cut=False)
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
SIDE_BY = re.compile(
    r"\bthe\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+(?:side|delegation|part)\s*(?:[-–—]\s*)?by\s+"
)


def _chairs_by(ctx: Context, span: Span, seg: str) -> list[Person]:
    """'co-chaired by A and B', 'the Pakistani delegation was led by A', '... and the Uzbek side by B'."""
    found: list[Person] = []
    for m in SIDE_BY.finditer(seg):
        people = _people_in(ctx, span.start + m.end(), span.start + _until(seg, m.end(), BY_STOP))
        side = ctx.lex.country(m.group(1))
        if side and len(people) == 1 and people[0].country is None:
            people[0].country = side
        found += people
    for m in CHAIR_BY.finditer(seg):
        people = _people_in(ctx, span.start + m.end(), span.start + _until(seg, m.end(), BY_STOP))
        sides = list(SIDE.finditer(seg, max(0, m.start() - 60), m.start()))
        side = ctx.lex.country(sides[-1].group(1)) if sides else None
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
            "began",
            "kicked off",
            "inaugurated",
            "opened",
        } and not HELD_OBJECT.match(seg.lower(), m.end()):
            continue
        start = _clause_start(seg, m.start())
        people = _people_in(ctx, span.start + start, span.start + m.start())
        people += _surnames_listed(ctx, seg[start : m.start()], span.start + start, people)
        people.sort(key=lambda p: p.start)
        _respectively(ctx, seg[start : m.start()], people)
        if word in {"arrived", "would be hosted", "will be hosted"} or (
            word == "met" and not MET_PLACE.match(seg, m.end())
        ):
            people = _one_side(people)  # 'A met B': the subjects are one side; 'A and B met in X': two
        obj = SIDE_OBJECT.match(seg, m.end())
        side = ctx.lex.country(obj.group(1)) if obj else None
        if side and (len(people) == 1 or word in {"led", "lead", "headed", "will lead", "will head"}):
            for p in people:  # 'A and B led the Mexican delegation'
                p.country = p.country or side
        found += people
        if word == "met" and not MET_PLACE.match(seg, m.end()):
            found += _one_side(
                _people_in(ctx, span.start + m.end(), span.start + _until(seg, m.end(), MET_STOP))
            )
        w = WITH_COUNTERPARTS.search(seg, m.end())
        if (
            w
            and w.start() - m.end() < 140
            and word in {"co-chairs", "co-chair", "co-chaired", "arrived", "held"}
        ):
            found += _one_side(
                _people_in(ctx, span.start + w.start(), span.start + min(len(seg), w.start() + 200))
            )
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


def _co_chairs_apposed(ctx: Context, start: int, seg: str) -> list[Person]:
    """'A and B, the co-chairs of the commission, ...': everyone named in the clause before the apposition."""
    found: list[Person] = []
    for m in CO_CHAIRS_NAMED.finditer(seg):
        clause = _clause_start(seg, m.start())
        found += _people_in(ctx, start + clause, start + m.start())
    return found


def _chairs_in_apposition(ctx: Context, span: Span, seg: str) -> list[Person]:
    """'President Masisi, who led the Botswana delegation, said ...': the person just named leads a side.

    'A and B, the co-chairs of the commission, ...': everyone named before the apposition chairs.
    """
    found = _co_chairs_apposed(ctx, span.start, seg)
    for m in WHO_LED.finditer(seg):
        start = _clause_start(seg, m.start())
        named = _people_in(ctx, span.start + start, span.start + m.start())
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


COUNTERPART_SUBJECT = re.compile(r"^\W*(?:His|Her)\s+(?:[A-Z][\w’'-]+\s+){0,2}?counterpart,?\s+(?=[A-Z])")


SURNAME_AND = re.compile(r"(?<![\w’'.-])([A-Z][a-z][\w’'-]+)\s+and\s+")


def _surnames_listed(ctx: Context, clause: str, offset: int, found: list[Person]) -> list[Person]:
    """'Mirziyoyev and President Emomali Rahmon will co-chair': a surname alone in a list of chairs is the
    person the text named in full elsewhere."""
    named = {w for p in found for w in p.name.split()}
    out: list[Person] = []
    for m in SURNAME_AND.finditer(clause):
        word = m.group(1)
        if word in named or ctx.lex.country(word) or word.lower() in ctx.lex.title_words:
            continue
        table = _people_table(ctx, {word})
        full = {p.name: p for p in table.values() if len(parts := p.name.split()) > 1 and parts[-1] == word}
        if len(full) == 1:
            p = next(iter(full.values()))
            out.append(Person(p.name, p.title, p.country, offset + m.start(1), offset + m.end(1)))
    return out


RESPECTIVE_OFFICES = re.compile(
    r"\bthe\s+((?:vice\s+|deputy\s+|prime\s+|foreign\s+|defen[cs]e\s+|trade\s+)?(?:presidents|prime ministers|ministers|"
    r"foreign ministers|premiers|chancellors|foreign secretaries|heads of (?:state|government)))\s+of\s+"
    r"(?:the\s+)?([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)?)\s+and\s+(?:the\s+)?([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)?)\s*,",
    re.I,
)


def _respectively(ctx: Context, clause: str, people: list[Person]) -> None:
    """'The presidents of Peru and Ecuador, A and B, ...': each person takes the office and the country in turn."""
    m = RESPECTIVE_OFFICES.search(clause)
    if not m or len(people) != 2:
        return
    office = m.group(1).lower()
    title = None if office.startswith("heads of") else office[:-1].title().replace("Secretarie", "Secretary")
    countries = [ctx.lex.country(m.group(2)), ctx.lex.country(m.group(3))]
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
        found += _one_side(_people_in(ctx, span.start + hosted.start(), span.end))
    guests = HOSTED_GUESTS.search(seg)
    if guests:
        people = _people_in(
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
        found += _people_in(
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
    r"arrive in|arrived in|arriving in|travel to|travelled to|traveled to|pay a visit to|paid a visit to)\s+"
    r"(?:the\s+)?([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
)


def _visited(ctx: Context, chair: Chair) -> str | None:
    """The country a person is said to visit right after being named ('Sun Weidong will visit Sri Lanka')."""
    if chair.span is None:
        return None
    m = VISITS.match(ctx.doc.text[chair.span.end : chair.span.end + 80])
    if not m:
        return None
    words_ = m.group(1).split()
    return next((c for n in range(len(words_), 0, -1) if (c := ctx.lex.country(" ".join(words_[:n])))), None)


def _complete_chairs(ctx: Context, chairs: list[Chair], parties: list[str]) -> list[Chair]:
    """Full names, titles and countries from elsewhere in the text; the last party by elimination."""
    incomplete = [c for c in chairs if not (c.title and c.country and len(c.name.split()) > 1)]
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
        for p in matches:
            c.country = c.country or p.country
        titled = [p.title for p in matches if p.title]
        if c.title is None and titled:
            c.title = titled[0]
        if c.country is None and c.title:
            c.country = ctx.lex.title_country.get(c.title.lower())
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


# ---------------------------------------------------------------------------------------------
# assembly


def _merge_key(a: Anchor, existing: list[tuple[Anchor, Meeting]], date_value: str | None) -> int | None:
    for n, (b, m) in enumerate(existing):
        if b.identity != a.identity:
            continue
        if a.ordinal is not None and m.ordinal is not None:
            if a.ordinal == m.ordinal:
                return n
            continue
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
    _regions(anchors)
    pairs: list[tuple[Anchor, Meeting]] = []
    held_dates: list[str] = []
    # (meeting, the one whose place it shares, whether it shares its chairs too)
    carried: list[tuple[Meeting, Meeting, bool]] = []
    for a in anchors:
        region = a.region or a.sentence
        seg = doc.text[region.start : region.end]
        if NEGATED.search(seg) and a.ordinal is not None and any(b.ordinal == a.ordinal for b, _ in pairs):
            continue
        t = _pick_time(ctx, a)
        date_value = _first_day(ctx, a, t) if t else None
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
            if meeting.date is None and date_value:
                meeting.date = date_value
            if meeting.ordinal is None and a.ordinal is not None:
                meeting.ordinal = a.ordinal
            _fill(ctx, a, meeting)
            continue
        status = _status(ctx, a, date_value, held_dates, first=not pairs)
        meeting = Meeting(a.mech, status, a.ordinal, date_value)
        meeting.evidence.append(a.sentence)
        meeting.fields["mechanism"] = Span(a.start, a.end)
        if t:
            meeting.fields["date"] = Span(t.start, t.end)
        _fill(ctx, a, meeting)
        same_people = bool(TWO_OFFICIALS.search(doc.text[a.sentence.start : a.start]))
        if pairs and (same_day or same_people):
            carried.append((meeting, pairs[-1][1], same_people or a.identity == pairs[-1][0].identity))
        pairs.append((a, meeting))
        if status == "held" and date_value:
            held_dates.append(date_value)
    _coreference(ctx, pairs)
    _share_coordinated(pairs)
    for meeting, source, with_chairs in carried:
        _carry_over(meeting, source, with_chairs)
    _add_aliases(pairs, alias_phrases)
    _earlier_rounds(pairs)
    _chairs_of_the_round_reported(ctx, pairs)
    meetings = []
    for _, m in pairs:
        if len(m.mechanism.parties) < 2:
            continue
        m.chairs = _complete_chairs(ctx, m.chairs, m.mechanism.parties)
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


SPAN_DAYS = re.compile(r"\b(two|three|four|five|2|3|4|5)-day\b", re.I)
CLOSED_ON = re.compile(
    r"\b(?:concluded|ended|closed|wound up|wrapped up|came to an end|came to a close)\b[^.;]{0,40}$", re.I
)
DAYS_IN = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


def _first_day(ctx: Context, a: Anchor, t: TimeExpr) -> str | None:
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
    virtual = _virtual(ctx, span)
    if virtual and meeting.mode is None:
        meeting.mode = "virtual"
        meeting.fields["mode"] = virtual
    if meeting.city is None and meeting.country is None:
        city, country, where = _venue(ctx, span, a.start, upcoming=meeting.status == "scheduled")
        visit = DURING_VISIT.search(ctx.doc.text, a.sentence.start, a.start)
        if not (city or country) and meeting.mode != "virtual" and meeting.status != "reference" and visit:
            city, country, where = _visit_destination(ctx, a.sentence)
        if not (city or country) and meeting.mode != "virtual" and meeting.status != "reference":
            country, where = _visited_country(ctx, a.sentence)
        if (
            not (city or country)
            and meeting.mode != "virtual"
            and meeting.status != "reference"
            and TRAVEL_TO_MEET.search(ctx.doc.text, a.sentence.start, a.start)
        ):
            city, country, where = _visit_destination(ctx, a.sentence)
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
    people = _chair_people(ctx, Span(a.sentence.start, a.sentence.end) if _single_anchor(ctx, a) else span, a)
    _add_chairs(meeting, people)


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
    r"landed in|fly to|flew to)\s+(?:the\s+)?$",
    re.I,
)


VISITING = re.compile(
    r"\b(?:who is|who was|currently)\s+(?:visiting|on an? (?:[\w-]+\s+){0,3}?visit to)\s+(?:the\s+)?$", re.I
)


def _visited_country(ctx: Context, sentence: Span) -> tuple[str | None, Span | None]:
    """'..., who is visiting Japan': a chair's visit in the meeting's own sentence places it in that country."""
    doc = ctx.doc
    for m in mentions_within(doc.mentions, "country", sentence.start, sentence.end):
        if not m.data.get("demonym") and VISITING.search(
            doc.text[max(sentence.start, m.start - 50) : m.start]
        ):
            return m.key, Span(m.start, m.end)
    return None, None


def _visit_destination(ctx: Context, sentence: Span) -> tuple[str | None, str | None, Span | None]:
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


def _single_anchor(ctx: Context, a: Anchor) -> bool:
    return a.region is not None and a.region.start == a.sentence.start and a.region.end == a.sentence.end


def _add_chairs(meeting: Meeting, people: list[Person]) -> None:
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


DEMONSTRATIVE = re.compile(
    r"\s*(?:that|this|the (?:\w+) such|the latter|the former)\s+(?:meeting|session|round)\b", re.I
)
HELD_CLAUSE = Folded(
    r"\b(?:was|were|is|will be|would be)\s+held\b|\btake place\b|\btook place\b|\bheld (?:via|through|in|on)\b|"
    r"\b(?:co-?chaired|chaired|presided over) the (?:meeting|session|talks|consultations|dialogue) (?:in|on|at|via)\b"
)
FOUNDED = re.compile(r"\b(?:launched|established|founded|created|set up|signed|formed)\b[^.;,]{0,20}$", re.I)
UPCOMING_CLAUSE = re.compile(r"\bwill\b|\bis expected\b|\bis scheduled\b", re.I)
WAS_HELD = re.compile(r"\bwas held\b", re.I)


def _coreference(ctx: Context, pairs: list[tuple[Anchor, Meeting]]) -> None:
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
            named = _co_chairs_apposed(ctx, sent.start, text)
            if named:
                _add_chairs(earlier[-1], named)
                earlier[-1].evidence.append(sent)
        just = _round_just_reported(doc.sentences[n - 1] if n else None, order)
        if just and not OTHER_EVENT.search(text):
            heads = _heads_as_subjects(ctx, sent, text)
            if heads:
                _add_chairs(just[1], heads)
                just[1].evidence.append(sent)
                continue
            if HOSTS_NAMED.search(text):
                # 'Secretary A and Secretary B hosted Foreign Minister C and Defense Minister D.'
                _refer_back(ctx, sent, text, *just)
                continue
        if not COREF.search(text) or OTHER_EVENT.search(text) or _headline(doc, sent):
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
    people = _people_in(ctx, sent.start, sent.end)
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
    named = _people_in(ctx, sent.start, sent.start + at + 60)
    if named:
        named[0].counterpart = True
        _add_chairs(owner, named[:1])


def _refer_back(ctx: Context, sent: Span, text: str, a: Anchor, meeting: Meeting) -> None:
    """What a sentence that refers back adds: chairs, and where it reports the holding, date, venue and mode."""
    cued = CHAIR_VERB.search(text) or CHAIR_BY.search(text) or "hosted" in text or WHO_LED.search(text)
    people = _chair_people(ctx, sent) if cued else []
    if people:
        _add_chairs(meeting, people)
        meeting.evidence.append(sent)
    held = HELD_CLAUSE.search(text)
    if not held:
        if meeting.mode is None and _virtual(ctx, sent):
            meeting.mode = "virtual"
        return
    meeting.evidence.append(sent)
    if meeting.mode is None and _virtual(ctx, sent):
        meeting.mode = "virtual"
    if meeting.date is None:
        usable = [
            t
            for t in ctx.doc.times
            if sent.start <= t.start < sent.end
            and t.value
            and t.kind != "relative_vague"
            and not _is_report_time(ctx.doc.text, t)
            and not FOUNDED.search(ctx.doc.text, max(sent.start, t.start - 40), t.start)
        ]
        usable.sort(key=lambda t: t.start < sent.start + held.start())
        if usable:
            meeting.date = usable[0].value
            meeting.fields["date"] = Span(usable[0].start, usable[0].end)
    if meeting.city is None and meeting.country is None and meeting.mode != "virtual":
        city, country, _ = _venue(ctx, sent, sent.start)
        if city or country:
            meeting.city, meeting.country = city, country
            meeting.mode = meeting.mode or "in_person"
    if (
        UPCOMING_CLAUSE.search(text)
        and meeting.status == "held"
        and not WAS_HELD.search(ctx.doc.text[a.sentence.start : a.sentence.end])
    ):
        meeting.status = "scheduled"


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
        if not any(n in seg for n in needles) or not TITLED.search(seg):
            continue
        ctx.table_sentences.add(sent)
        for p in _people_in(ctx, sent.start, sent.end):
            key = p.name.lower()
            if key not in table or (table[key].country is None and p.country):
                table[key] = p
    return table


@lru_cache(maxsize=4)
def grammars(lex: Lexicon) -> tuple[MechanismGrammar, PersonGrammar]:
    return MechanismGrammar(lex), PersonGrammar(lex)


@stage(
    "frames", requires=["text", "tokens", "sentences", "mentions", "times", "published"], assigns=["meetings"]
)
def find_meetings(doc: Document) -> None:
    lex = load_lexicon()
    mech, people = grammars(lex)
    toks = words(doc.tokens, doc.text)
    ctx = Context(
        doc=doc,
        lex=lex,
        mech=mech,
        people=people,
        toks=toks,
        index=TokenIndex(toks),
        dateline_city=_dateline_city(doc, lex),
        doc_parties=_doc_parties(doc),
        doc_cpec=bool(re.search(r"\bCPEC\b|China[- ]Pakistan Economic Corridor", doc.text)),
    )
    ctx.header = _header_spans(doc)
    doc.meetings = build_meetings(ctx)


@stage("attach", requires=["meetings", "statements"], assigns=["statements"])
def attach_statements(doc: Document) -> None:
    """Each statement belongs to the meeting in focus where it was made: the last one reported before it."""
    if not doc.meetings:
        return
    starts = [
        (min(s.start for s in m.evidence), n) for n, m in enumerate(doc.meetings) if m.status != "reference"
    ]
    starts.sort()
    for st in doc.statements:
        owner = None
        for start, n in starts:
            if start <= st.span.start:
                owner = n
        if owner is None and starts:
            owner = starts[0][1]
        st.meeting = owner
