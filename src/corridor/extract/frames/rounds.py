"""Round numbers written around a mechanism's name: 'the 5th meeting of', 'Fourth Round of', 'held its fifth
session', 'JEC-IV', '(Session IX)'.
"""

from __future__ import annotations

import re

from ..mechanisms import ROMAN as ROMAN_NUMERALS
from ..tokens import Tok
from .context import Context

ROMAN = {k: v for k, v in ROMAN_NUMERALS.items() if k != "i"}


def ordinal_value(ctx: Context, tok: Tok) -> int | None:
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


def ordinal_before(ctx: Context, i: int) -> tuple[int | None, int, bool]:
    """Round number written before a mechanism name; the token where the anchor starts; whether a round noun was seen."""
    toks = ctx.toks
    k = i - 1
    if k >= 1 and toks[k].text in {"’", "'"} and toks[k - 1].lower in {"countries", "nations", "sides"}:
        k -= 2  # 'the 10th meeting of the (two) countries’ joint commission'
        if k >= 0 and toks[k].lower in {"two", "both"}:
            k -= 1
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
        value = ordinal_value(ctx, toks[k])
        if value is not None:
            # "the first meeting ... after a gap of 23 years" is no round number
            if value == 1 and first_since(ctx.doc.text[toks[k].start : toks[i].start + 160]):
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


def first_since(text: str) -> bool:
    """'the first meeting after a gap of 23 years', 'its first meeting since...': no round number."""
    return bool(FIRST_SINCE.search(text))


NTH_TIME = re.compile(
    r"^[^.;]{0,60}?\b(?:met|meets|convened|held|is being held|are being held|was held|were held|took place|"
    r"takes place|meeting|convening)\s+(?:[\w-]+\s+){0,6}?for\s+the\s+(\w+)\s+(?:consecutive\s+)?(?:time|year)\b"
    r"(?P<gap>\s+(?:since|after|in)\b)?",
    re.I,
)


ASIDE_OPENERS = frozenset(
    {"which", "that", "who", "set", "established", "founded", "formed", "created", "launched"}
)
ASIDE_TOKENS = 14


def _past_aside(toks: list[Tok], j: int) -> int:
    """Past an aside set off by commas right after the name ('the committee, which was set up in 2013, held
    its 8th meeting'): where the sentence goes on."""
    if not (j + 1 < len(toks) and toks[j].text == "," and toks[j + 1].lower in ASIDE_OPENERS):
        return j
    for k in range(j + 2, min(len(toks), j + ASIDE_TOKENS)):
        if toks[k].text in {".", ";"}:
            break
        if toks[k].text == ",":
            return k + 1
    return j


def ordinal_after(ctx: Context, j: int) -> int | None:
    """'held its fifth session', 'JEC-IV', '(Session IX)' after a mechanism name."""
    toks = ctx.toks
    j = _past_aside(toks, j)
    window = toks[j : j + 7]
    for n, t in enumerate(window):
        if t.lower in {"its", "their"}:
            k = n + 1
            while k < len(window) and (
                window[k].lower in ROUND_QUALIFIERS or DAYS_LONG.match(window[k].lower)
            ):
                k += 1  # 'concluded its two-day third session'
            if k + 1 < len(window) and window[k + 1].lower in ctx.mech.meeting_nouns:
                return ordinal_value(ctx, window[k])
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
            times = NTH_TIME.search(rest)
            value = ordinal_value(ctx, Tok.make(times.group(1), 0, 0)) if times else None
            # 'met for the ninth time', 'held for the sixth consecutive year'; not 'for the first time since 2011'
            if times and value is not None and not (value == 1 and times.group("gap")):
                return value
            for m in APPOSITIVE.finditer(rest):
                value = ordinal_value(ctx, Tok.make(m.group(1), 0, 0))
                if value is not None and not (value == 1 and first_since(rest[m.start(1) :])):
                    return value
    return None
