"""Anchors: the mentions of a mechanism that name one occasion of it (a round, a meeting noun, a verb of
holding), and rounds named only by their number or as the last or next one of the mechanism in focus.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...model import Document, MechanismRef, Span, mentions_within
from ..lexicon import Lexicon
from ..mechanisms import MechPhrase, _singular, norm_name
from ..tokens import Tok
from .context import Anchor, Context, has_any, is_headline, lowered
from .rounds import first_since, ordinal_after, ordinal_before, ordinal_value

# A round's number set off after the name: ', the twelfth held between the two governments,'
APPOSED_ROUND = re.compile(
    r"\s*(?:\([^)]{1,20}\)\s*)?,\s*the\s+\w+\s+(?:such\s+)?(?:meeting\s+|session\s+|round\s+)?"
    r"(?:held|to be held)\b[^,.;]{0,60},",
    re.I,
)


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


FRAMEWORK_OF = re.compile(
    r"\b(?:talks|meeting|consultations|discussions|held|hold|holds)\b[^.;]{0,160}\b(?:(?:under|within|in) the "
    r"(?:framework|aegis|auspices) of|as part of)\s+(?:the\s+|its\s+|their\s+)?(?:regular\s+|annual\s+)?$",
    re.I,
)


OPENED_ITS_MEETING = re.compile(
    r"\s*(?:\([^)]{1,20}\)\s*)?(?:(?:has|have|had)\s+)?(?:kicked off|began|begun|begins|opened|opens|started|"
    r"starts|convened|concluded|concludes|wrapped up|ended|ends)\s+(?:its|their|the|a|an)\s+"
    r"(?:[\w’'-]+\s+){0,2}(?:meeting|session|sitting|round)\b",
    re.I,
)


@lru_cache(maxsize=4)
def held_after(lex: Lexicon) -> re.Pattern[str]:
    """A verb of holding right after a name, past its acronym or its programme ('of the China-Pakistan Economic Corridor (CPEC) was held')."""
    programmes = "|".join(re.escape(p.name) for p in lex.programmes) or "(?!)"
    return re.compile(
        r"^\s*(?:\([^)]{1,20}\)\s*)?(?:(?:for|of|on) (?:the )?[\w’'. -]{0,40}?\((?:"
        + programmes
        + r")\)\s*)?"
        r"(?:meeting|session|summit|talks|round)?\s*(?:(?:was|were|is|are|has been|have been|had been|will|would|"
        r"shall|is being|are being)\s+)?(?:also\s+)?(?:to\s+)?(?:be\s+)?(?:(?:expected|scheduled|likely|set|due)\s+to\s+"
        r"(?:be\s+)?)?(?:held|convened|hosted|co-chaired|chaired|took place|"
        r"takes place|will take place|opened|began|concluded|kicked off|scheduled|convene|meet|open|begin)\b",
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
    if held_after(ctx.lex).match(after):
        return True
    if re.match(r"^\s*(?:\([^)]{1,20}\)\s*)?(?:held|holds|convened|met)\s+(?:its|their|the)\b", after, re.I):
        return True
    if OPENED_ITS_MEETING.match(after):  # 'the commission has kicked off a two-day meeting'
        return True
    if re.match(r"^\s*,\s*(?:co-chaired|jointly chaired|chaired|co-led)\s+by\b", after, re.I):
        return True  # 'Political consultations between A and B, co-chaired by C and D, ...'

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
    if re.search(
        r"\b(?:held|hold|holds|holding|conducted|conduct|conducts|conducting|hosted|hosts|hosting)\s+"
        r"(?:(?:regular|annual|bilateral|fresh|new|separate)\s+)?$",
        before,
        re.I,
    ) and (
        phrase.text[:1].islower() or phrase.core.split()[-1].lower() in {"consultations", "talks"}
    ):
        return True  # 'held political consultations', 'held Foreign Secretary-level consultations'
    if re.search(
        r"\b(?:held|hold|holds|holding|conducted|conduct|conducts|conducting|co-chaired|co-chair|co-chairs|chaired|"
        r"attend|attended|attending|"
        r"hosted|host|hosting|launch of|for|began|begin|kicked off|convened|convene|convenes|convening|to|at|in|"
        r"concluded|of)\s+"
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
    programme_parties = ctx.lex.programme_parties.get(phrase.programme or "")
    if programme_parties is not None and not parties:
        parties = list(programme_parties)
    if len(parties) < 2:
        parties = _context_parties(ctx, sentence, parties)
    name = phrase.core
    if programme_parties is not None and not name.upper().startswith(str(phrase.programme).upper()):
        name = f"{phrase.programme} {name}"
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
    programme_parties = ctx.lex.programme_parties.get(phrase.programme or "")
    if programme_parties is not None and len(parties) < 2:
        parties = list(programme_parties)
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
    nested = _nested_phrases(phrases)
    for phrase in phrases:
        sent = doc.sentence_of(phrase.start)
        if sent is None:
            continue
        if id(phrase) in nested:  # 'Japan-Australia 2+2' inside 'Japan-Australia 2+2 Foreign and ... Meeting'
            aliases.append(phrase)
            continue
        own_body = (
            len(phrase.parties) == 1
            and ctx.lex.is_organisation(phrase.parties[0])
            and not re.search(r"\b(?:joint|bilateral|binational|bi-national)\b", phrase.core, re.I)
        )
        regional = _regional_body(ctx.lex, phrase)  # before context lends the phrase its parties
        _resolve(ctx, phrase, sent)
        earlier = _generic_antecedent(phrase, anchors)
        if (own_body or regional) and phrase.entry is None:
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
        ordinal, first_tok, round_noun = ordinal_before(ctx, phrase.i)
        if ordinal is None:
            ordinal = phrase.ordinal
        if ordinal is None:
            ordinal = ordinal_after(ctx, phrase.j)
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
            or has_any(sent.of(doc.text), ctx.lex.formats.non_governmental)
            or (ordinal is None and FREQUENCY.match(doc.text[phrase.end : phrase.end + 80]))
        ):
            aliases.append(phrase)
            continue
        headline = is_headline(doc, sent)
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
    anchors += _listed_past_rounds(ctx, anchors, aliases)
    anchors += _listed_groups(ctx, anchors)
    anchors += _bare_next(ctx, anchors)
    anchors = _combine_appositions(doc, anchors)
    anchors.sort(key=lambda a: a.start)
    return anchors, aliases


def _nested_phrases(phrases: list[MechPhrase]) -> set[int]:
    """The phrases that lie inside a longer phrase: one name read twice, once in part."""
    ordered = sorted(phrases, key=lambda p: (p.start, -p.end))
    inside: set[int] = set()
    reach, owner = -1, None
    for p in ordered:
        if owner is not None and p.end <= reach and (p.start, p.end) != (owner.start, owner.end):
            inside.add(id(p))
        elif p.end > reach:
            reach, owner = p.end, p
    return inside


CHAIR_SESSIONS = re.compile(r"\b(?:co-?)?chair(?:ed|s)?\s+the\s+(?:meetings|sessions)\s+of\s+(?:the\s+)?$")
RECALLED_BEFORE = re.compile(
    r"\b(?:since|after|recalling|recalled|follow-up to|follow[- ]up (?:of|on)|"
    r"decisions (?:and recommendations )?(?:taken )?(?:at|in|of)|recommendations of|"
    r"minutes of)\s+(?:the\s+)?$"
)
BARE_ROUND = re.compile(
    # Every alternative begins with one of these letters (or a comma): tested first, it spares the
    # alternatives at most positions of the text.
    r"(?=[ticgdnlph,])(?:"
    r"\b(?:(?:the|its|their|(?:the\s+)?(?:committee|commission|council|group|dialogue)[’']s)\s+|(?=(?-i:Next|Last|Previous)\s))"
    r"(?:(last|previous|next),?\s+)?"
    r"(?:(\w+)\s+)?(2\+2\s+|two-plus-two\s+)?(meeting|round|session|consultations|talks|summit|"
    r"edition|sitting)\b(?:\s+of\s+(?:the\s+)?(committee|commission|council|dialogue|group|mechanism|2\+2|jcc|jc|jcm|forum|"
    r"meeting|summit|consultations|talks|working group|core group|(?-i:[A-Z]{2,6})))?"
    r"|\bthe\s+(\w+)\s+in\s+the\s+series\b"
    # a round named by its number alone, after a round of the same body in the sentence: 'the first meeting
    # was held in Tumbes and the second was held in Machala', 'Lima hosted the third', 'holding the fourth one'
    r"|\bthe\s+(\w+)(?:\s+one)?(?=,?\s+(?:was|were|had been)\s+(?:held|hosted|convened)\b|\s+took\s+place\b)"
    r"|\b(?:hosted|hosting|holding|held)\s+the\s+(\w+)(?:\s+one)?\b(?!\s+(?:meeting|round|session|edition|summit|of)\b)"
    # '..., the second in Nairobi in 2017': the verb left out after a numbered round
    r"|,\s+(?:and\s+|while\s+)?the\s+(\w+)(?:\s+one)?(?=\s+(?:in|on)\s+(?-i:[A-Z0-9]))"
    r")",
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
            and not (prev.listed or a.listed)
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


@lru_cache(maxsize=4)
def _regional_words(lex: Lexicon) -> re.Pattern[str]:
    words = sorted(lex.formats.regional, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") if words else re.compile(r"(?!)")


def _regional_body(lex: Lexicon, phrase: MechPhrase) -> bool:
    """'the Arab foreign ministers consultative meeting': a body of a region's states, named with no two parties."""
    return len(phrase.parties) < 2 and bool(_regional_words(lex).search(phrase.text))


@lru_cache(maxsize=4)
def _multilateral(lex: Lexicon) -> frozenset[str]:
    return frozenset(fold_name(name) for name in lex.formats.multilateral)


def fold_name(name: str) -> str:
    return name.casefold().strip()


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
        if m.group(5) and fold_name(m.group(5)) in _multilateral(ctx.lex):
            continue  # 'the seventh meeting of BRICS High Representatives' is no round of the body in focus
        marker = (m.group(1) or "").lower()
        elliptic = m.group(7) or m.group(8) or m.group(9)
        word = m.group(2) or m.group(6) or elliptic
        ordinal = None
        if word:
            ordinal = ordinal_value(ctx, Tok.make(word, 0, 0))
            if ordinal is None and word.lower() not in {"annual"}:
                continue
        if not ordinal and marker not in {"last", "previous", "next"}:
            continue
        if ordinal == 1 and first_since(doc.text[m.start() : m.end() + 120]):
            continue
        focus = sorted((a for a in (*anchors, *out) if a.start < m.start()), key=lambda a: a.start)
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
        if elliptic and not (
            ordinal and base.ordinal and base.sentence.start <= m.start() < base.sentence.end
        ):
            continue  # a number alone is a round only beside a numbered round of the same sentence
        if m.group(3) and "2+2" not in base.mech.name:
            continue  # 'the first 2+2 meeting' is a round of the 2+2 in focus only
        if (m.group(4) or "").lower() == "summit" and "summit" not in base.mech.name.lower():
            continue  # 'the first summit held by the president' is no round of a dialogue in focus
        sent = doc.sentence_of(m.start())
        if sent is None or is_headline(doc, sent):
            continue
        # 'since the third meeting of the commission held in Bishkek': a round recalled as background
        recalled = ordinal is not None and bool(
            RECALLED_BEFORE.search(doc.text[max(sent.start, m.start() - 40) : m.start()].lower())
        )
        # 'the previous meeting of the commission' names the mechanism only by its head word
        head = [m.group(5)] if m.group(5) else []
        mech = MechanismRef(base.mech.name, head, list(base.mech.parties), base.mech.programme, base.mech.key)
        start = m.start()
        if m.group(8):  # 'Kampala hosted the third': the host city opens the round's stretch
            host = mentions_within(doc.mentions, "city", max(sent.start, start - 40), start)
            if host and not doc.text[host[-1].end : start].strip():
                start = host[-1].start
        out.append(
            Anchor(
                None,
                mech,
                base.identity,
                ordinal,
                start,
                m.end(),
                sent,
                recalled,
                marker in {"last", "previous"},
                upcoming=marker == "next",
                follows=base if elliptic else None,
            )
        )
        taken.append((m.start(), m.end()))
    return out


PAST_ROUNDS = re.compile(
    r"\b(?:previous|earlier|past|former)\s+(?:meetings|sessions|rounds|editions)\b[^.;]{0,60}?"
    r"\b(?:were|had\s+been|have\s+been)\s+(?:held|convened|hosted|organi[sz]ed)\b",
    re.I,
)
LIST_STOP = re.compile(r"[.;]|,?\s+(?:after|before|since|but|while|whereas)\b|\bwhich\b")


def _listed_past_rounds(ctx: Context, anchors: list[Anchor], named: list[MechPhrase]) -> list[Anchor]:
    """'Previous meetings were held on 19 March 2019 in Lima and on 20 August 2020 virtually': one recalled
    round per date listed, each with the place written beside it."""
    doc = ctx.doc
    text = doc.text
    out: list[Anchor] = []
    low = lowered(text)
    if not any(w in low for w in (" meetings ", " sessions ", " rounds ", " editions ")):
        return out
    for m in PAST_ROUNDS.finditer(text):
        sent = doc.sentence_of(m.start())
        if sent is None:
            continue
        stop = LIST_STOP.search(text, m.end(), sent.end)
        end = stop.start() if stop else sent.end
        dated = [
            t
            for t in doc.times
            if m.end() <= t.start < end and t.value and len(t.value) >= 7 and t.kind != "range"
        ]
        if len(dated) < 2:
            continue  # one date is a round the grammar reads by itself; a list needs two
        focus = sorted((a for a in anchors if a.start < m.start()), key=lambda a: a.start)
        if not focus:
            earlier = _named_before(ctx, named, m.start())
            focus = [earlier] if earlier is not None else []
        if not focus:
            continue
        base = focus[-1]
        for t in dated:
            mech = MechanismRef(base.mech.name, [], list(base.mech.parties), base.mech.programme, base.mech.key)
            out.append(Anchor(None, mech, base.identity, None, t.start, t.end, sent, ref_marked=True, listed=True))
    return out


LISTED_GROUPS = re.compile(
    r"\b(?:the\s+)?(?:respective\s+)?Joint\s+Working\s+Groups\s*(?:\(JWGs\)\s*)?(?:of\s+(?:the\s+)?[A-Z]{2,6}\s+)?"
    r"(?:on|in|for|—|–|:)\s*(?P<list>[^.;]{3,160}?)\s*(?:—|–)?\s*"
    r"(?P<verb>will|would|should|shall|are\s+(?:to|set\s+to|scheduled\s+to|expected\s+to)|is\s+to|to\s+meet|met|were\s+held|have\s+met)\b"
)
LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _listed_groups(ctx: Context, anchors: list[Anchor]) -> list[Anchor]:
    """'the Joint Working Groups on industry, ports and planning will meet next month': one round of each group
    the lexicon knows, named by its subject alone in a list."""
    doc = ctx.doc
    out: list[Anchor] = []
    if "Working Groups" not in doc.text:
        return out
    taken = [(a.start, a.end) for a in anchors]
    for m in LISTED_GROUPS.finditer(doc.text):
        sent = doc.sentence_of(m.start())
        if sent is None or any(m.start() <= s < m.end() for s, _ in taken):
            continue
        items = [x for x in LIST_SPLIT.split(m.group("list")) if x.strip()]
        if len(items) < 2:
            continue
        upcoming = not m.group("verb").startswith(("met", "were", "have"))
        at = m.start("list")
        for item in items:
            at = doc.text.find(item, at)
            subject = re.sub(r"^(?:the|its)\s+", "", item.strip(), flags=re.I)
            name = f"Joint Working Group on {subject[:1].upper()}{subject[1:]}"
            phrase = MechPhrase(0, 0, at, at + len(item), name, name)
            _resolve(ctx, phrase, sent)
            entry = phrase.entry
            if entry is None:
                continue  # a subject the lexicon does not know names no body surely enough
            mech = MechanismRef(entry.name, [item.strip()], list(entry.parties), entry.programme, entry.key)
            out.append(
                Anchor(None, mech, entry.key, None, at, at + len(item), sent, upcoming=upcoming, listed=True)
            )
            at += len(item)
    return out


def assign_regions(anchors: list[Anchor]) -> None:
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
