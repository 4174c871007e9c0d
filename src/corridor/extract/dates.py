"""Temporal expressions in running text, resolved against the publication date.

News reports date events relative to the day they appeared ("held here Sunday",
"yesterday", "on October 27"), so every expression is resolved against `published`. Where
the text gives too little (no publication date, a day with no year) the value stays None
rather than being guessed; a year is never worked out from a weekday.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from ..model import Document, TimeExpr
from ..sources.dateline import MONTH_PATTERN, expand_year, mask_urls, month_number, numeric_date, safe_date
from .lexicon import load_lexicon
from .pipeline import stage

TENSE_WINDOW = 60

_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
_WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_NUMBER_WORDS |= {"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_DAY_OFFSETS = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "tomorrow": 1}
_STEPS = {"this": 0, "current": 0, "next": 1, "coming": 1, "last": -1}
_NOT_BEFORE_NUMBER = frozenset(".$£€/:-")
_CASED_GROUPS = ("mon", "mon2", "wd")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def find_times(text: str, published: date | None, *, forward: bool | None = None) -> list[TimeExpr]:
    """Every temporal expression in the text, sorted and non-overlapping, with resolved values.

    `forward` forces weekdays to resolve to the next (True) or the last (False) such day;
    by default the tense of the surrounding clause decides.
    """
    masked = mask_urls(text)
    lowered = masked.lower()
    if len(lowered) != len(text):
        lowered = masked.translate(_ASCII_LOWER)
    padded = " " + lowered
    ctx = _Context(text, published, forward)
    found: list[TimeExpr] = []
    pos = 0
    while match := _COMBINED.search(padded, pos):
        start = match.start() + 1
        accepted = _first_accepted(int(match.lastgroup[1:]), start, padded, ctx)  # type: ignore[index]
        if accepted is None:
            pos = start
            continue
        found.append(accepted[0])
        pos = accepted[1]
    return found


def resolve_weekday(published: date, weekday: int, forward: bool = False, strict: bool = False) -> date:
    """The weekday (0 = Monday) nearest publication, looking back, or forward for future talk.

    A weekday equal to the publication day's is that same day unless `strict` ("last
    Friday" written on a Friday means the week before).
    """
    day = _WEEKDAYS[weekday]
    if forward:
        return published + relativedelta(days=1 if strict else 0, weekday=day(+1))
    return published + relativedelta(days=-1 if strict else 0, weekday=day(-1))


_FUTURE_WORDS = frozenset(
    "will shall would upcoming forthcoming next scheduled slated planned expected poised".split()
)
_FUTURE_AFTER_BE_FORM = frozenset("due set likely going".split())
_BE_FORMS = frozenset("is are was were".split())
_TO_VERBS = frozenset(
    "be take begin start commence meet hold visit open convene attend travel arrive co-chair chair lead sign "
    "launch host".split()
)
_PAST_WORDS = frozenset(
    "said says say held was were had has have met announced told added stated reported began opened "
    "concluded ended visited signed arrived attended chaired co-chaired hosted received noted briefed "
    "informed welcomed reviewed discussed agreed took started launched called spoke talked expressed "
    "reaffirmed emphasised emphasized stressed urged led did last ago earlier headed participated convened "
    "inaugurated addressed delivered gave".split()
)
# Past-tense words that report rather than tell what happened: their date is the report's.
_REPORT_WORDS = frozenset("said says say announced told added stated reported noted briefed informed".split())
_WORD = re.compile(r"[a-z’'-]+")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z“\"])|\n\s*\n|;\s")


def future_context(text: str, start: int) -> bool:
    """Whether the clause around `start` speaks of the future ("will be held on", "is scheduled for")."""
    return _tense_around(text, start)[0] is True


def past_context(text: str, start: int) -> bool:
    """Whether the clause around `start` tells of something done ("took part on March 12"), not merely
    reported ("said on Friday")."""
    tense, word = _tense_around(text, start)
    return tense is False and word not in _REPORT_WORDS


def _tense_around(text: str, start: int) -> tuple[bool | None, str]:
    """The tense of the clause around `start` (True future, False past, None unknown) and its marker.

    The nearest tense marker in the ~60 characters before decides; only when there is none
    does the rest of the clause after it ("On Friday, the ministers will meet").
    """
    # the nearest marker before, first close by, then anywhere earlier in the sentence ("will chair the
    # meetings of the Joint Higher Committee in Baghdad on Sunday")
    for window in (TENSE_WINDOW, 3 * TENSE_WINDOW):
        before = _WORD.findall(_SENTENCE_BREAK.split(text[max(0, start - window) : start])[-1].lower())
        for i in range(len(before) - 1, -1, -1):
            tense = _tense_of(before[i], before[i - 1] if i else "")
            if tense is not None:
                return tense, before[i]
    after = _WORD.findall(_SENTENCE_BREAK.split(text[start : start + TENSE_WINDOW])[0].lower())
    for i, word in enumerate(after):
        tense = _tense_of(word, after[i - 1] if i else "")
        if tense is not None:
            return tense, word
    return None, ""


def _tense_of(word: str, previous: str) -> bool | None:
    """True for a word that marks the future (`will`, `be held`, `to meet`), False for the past, else None."""
    if word in _FUTURE_WORDS or word.endswith(("'ll", "’ll")) or previous == "be":
        return True
    if (previous == "to" and word in _TO_VERBS) or (previous in _BE_FORMS and word in _FUTURE_AFTER_BE_FORM):
        return True
    return False if word in _PAST_WORDS else None


@dataclass(frozen=True, slots=True)
class _Context:
    """What every handler resolves against: the original text (case, tense) and the publication date."""

    text: str
    published: date | None
    forward: bool | None


_Value = tuple[str | None, str, str | None]
_Handler = Callable[[re.Match[str], _Context], _Value | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    handler: _Handler


def _first_accepted(index: int, start: int, padded: str, ctx: _Context) -> tuple[TimeExpr, int] | None:
    """The first rule from `index` on that matches at `start` and whose handler accepts the match."""
    for rule in _RULES[index:]:
        m = rule.regex.match(padded, start)
        if m is None or not _well_placed(m, ctx.text):
            continue
        value = rule.handler(m, ctx)
        if value is None:
            continue
        begin, end = m.span("t") if "t" in rule.regex.groupindex else m.span()
        begin, end = begin - 1, end - 1
        return TimeExpr(begin, end, ctx.text[begin:end], *value), m.end()
    return None


def _well_placed(m: re.Match[str], text: str) -> bool:
    """Month and weekday names are capitalised in news copy (`may`, `march` in lower case are verbs),
    and a number glued to `$`, `.` or `/` is an amount or a code, not a day."""
    start = m.start() - 1
    if text[start].isdigit() and start > 0 and text[start - 1] in _NOT_BEFORE_NUMBER:
        return False
    groups = m.re.groupindex
    return all(m.start(g) < 0 or text[m.start(g) - 1].isupper() for g in _CASED_GROUPS if g in groups)


# Handlers: each turns one match into (value, kind, end_value), or None to let a later rule try.


def _month_value(year: int | None, month: int) -> str | None:
    return f"{year:04d}-{month:02d}" if year is not None else None


def _year_for(month: int, day: int, m: re.Match[str], ctx: _Context) -> int | None:
    """The year of a day and month written without one.

    In future talk ("will be held on July 16") it is the next such day on or after
    publication; in past talk ("took part in the ninth session on March 12") the last such day
    on or before it; otherwise the one closest to publication, since news tells the recent past.
    """
    published = ctx.published
    if published is None:
        return None
    if future_context(ctx.text, m.start() - 1):
        return published.year if (month, day) >= (published.month, published.day) else published.year + 1
    if past_context(ctx.text, m.start() - 1):
        return published.year if (month, day) <= (published.month, published.day) else published.year - 1
    years = [y for y in (published.year - 1, published.year, published.year + 1) if safe_date(y, month, day)]
    return min(years, key=lambda y: abs((date(y, month, day) - published).days), default=None)


def _stated_year(m: re.Match[str], ctx: _Context) -> int | None:
    """The year a match states; two digits are widened towards the publication year."""
    raw = m.groupdict().get("year")
    if not raw:
        return None
    digits = raw.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    return expand_year(int(digits), ctx.published.year if ctx.published else None)


def _absolute(m: re.Match[str], ctx: _Context) -> _Value | None:
    """A day and month, with the stated year or else the one nearest publication."""
    month, day = month_number(m["mon"]), int(m["day"])
    if not safe_date(2000, month, day):
        return None
    year = _stated_year(m, ctx) or _year_for(month, day, m, ctx)
    if year is None:
        return None, "absolute", None
    found = safe_date(year, month, day)
    return (found.isoformat(), "absolute", None) if found else None


def _iso_date(m: re.Match[str], ctx: _Context) -> _Value | None:
    found = safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
    return (found.isoformat(), "absolute", None) if found else None


def _numeric(m: re.Match[str], ctx: _Context) -> _Value | None:
    """Day-first unless impossible, or unless only the month-first reading is the publication day."""
    year = _stated_year(m, ctx)
    first, second = int(m["a"]), int(m["b"])
    if year is None:
        return None
    confirmed = ctx.published is not None and ctx.published == safe_date(year, first, second)
    found = numeric_date(first, second, year, month_first=confirmed)
    return (found.isoformat(), "absolute", None) if found else None


def _range(m: re.Match[str], ctx: _Context) -> _Value | None:
    """A run of days; the first day takes the month of the last when only one month is written."""
    groups = m.groupdict()
    month1 = month_number(groups.get("mon") or groups["mon2"])
    month2 = month_number(groups.get("mon2") or groups["mon"])
    day1, day2 = int(m["day"]), int(m["day2"])
    if month1 == month2 and day1 >= day2:
        return None
    if not (safe_date(2000, month1, day1) and safe_date(2000, month2, day2)):
        return None
    crosses_year = (month1, day1) > (month2, day2)
    year2 = _stated_year(m, ctx)
    year1 = year2 - crosses_year if year2 else _year_for(month1, day1, m, ctx)
    if year1 is None:
        return None, "range", None
    year2 = year2 or year1 + crosses_year
    first, last = safe_date(year1, month1, day1), safe_date(year2, month2, day2)
    if not first or not last:
        return None
    return first.isoformat(), "range", last.isoformat()


def _month_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _month_value(int(m["year"]), month_number(m["mon"])), "month", None


def _month_near(m: re.Match[str], ctx: _Context) -> _Value | None:
    """`mid-February`, `in April`: the month in the year nearest publication."""
    month = month_number(m["mon"])
    return _month_value(_year_for(month, 15, m, ctx), month), "month", None


def _month_named_relative(m: re.Match[str], ctx: _Context) -> _Value | None:
    """`next March`, `last March`, `this March`: the named month after, before or in the publication year."""
    month = month_number(m["mon"])
    if ctx.published is None:
        return None, "month", None
    year, step = ctx.published.year, _STEPS[m["rel"].split()[-1]]
    if step > 0 and month <= ctx.published.month:
        year += 1
    elif step < 0 and month >= ctx.published.month:
        year -= 1
    return _month_value(year, month), "month", None


def _month_relative(m: re.Match[str], ctx: _Context) -> _Value | None:
    """`last month`, `next month`: the calendar month before or after publication."""
    if ctx.published is None:
        return None, "month", None
    shifted = ctx.published + relativedelta(months=_STEPS[m["rel"]])
    return _month_value(shifted.year, shifted.month), "month", None


def _year_relative(m: re.Match[str], ctx: _Context) -> _Value | None:
    if ctx.published is None:
        return None, "year", None
    return str(ctx.published.year + _STEPS[m["rel"]]), "year", None


def _part_of_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    """`the second half of this year`, `the first quarter of 2026`: only the year is known."""
    if m["year"]:
        return m["year"], "year", None
    if ctx.published is None:
        return None, "year", None
    return str(ctx.published.year + _STEPS[m["rel"].split()[-1]]), "year", None


def _year(m: re.Match[str], ctx: _Context) -> _Value | None:
    return m["year"], "year", None


def _vague(m: re.Match[str], ctx: _Context) -> _Value | None:
    """`last week`, `the day before`: too loose, or relative to another event, to give a day."""
    return None, "relative_vague", None


def _day_relative(m: re.Match[str], ctx: _Context) -> _Value | None:
    """`today`, `yesterday`, `last night`, `earlier in the day`: a fixed number of days from publication."""
    if ctx.published is None:
        return None, "relative", None
    offset = _DAY_OFFSETS[m["word"]] if m["word"] else 0
    return (ctx.published + timedelta(days=offset)).isoformat(), "relative", None


def _day_far(m: re.Match[str], ctx: _Context) -> _Value | None:
    """`the day before yesterday` is two days back, `the day after tomorrow` two ahead."""
    if ctx.published is None:
        return None, "relative", None
    return (ctx.published + timedelta(days=2 * _DAY_OFFSETS[m["word"]])).isoformat(), "relative", None


def _ago(m: re.Match[str], ctx: _Context) -> _Value | None:
    """`three days ago` is a day, `two months ago` a month, `a year ago` a year; weeks are too loose."""
    count = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"]]
    unit = m["unit"].rstrip("s")
    kind = {"day": "relative", "month": "month", "year": "year"}.get(unit, "relative_vague")
    if ctx.published is None or kind == "relative_vague":
        return None, kind, None
    back = ctx.published - relativedelta(**{unit + "s": count})  # type: ignore[arg-type]
    value = {"relative": back.isoformat(), "month": back.isoformat()[:7], "year": str(back.year)}[kind]
    return value, kind, None


def _weekday(m: re.Match[str], ctx: _Context) -> _Value | None:
    """A weekday alone: the last such day on or before publication, or the next one in future talk.

    After an honorific it is a given name (Mr Sunday Dare), not a day.
    """
    if load_lexicon().honorific_before.search(ctx.text, max(0, m.start() - 16), m.start() - 1):
        return None
    if ctx.published is None:
        return None, "weekday", None
    modifier = (m["mod"] or "").split()
    if modifier and modifier[-1] in ("next", "coming"):
        forward, strict = True, True
    elif modifier and modifier[0] in ("last", "past"):
        forward, strict = False, True
    elif ctx.forward is not None:
        forward, strict = ctx.forward, False
    else:
        forward, strict = future_context(ctx.text, m.start() - 1), False
    weekday = _WEEKDAY_INDEX[m["wd"][:3]]
    return resolve_weekday(ctx.published, weekday, forward, strict).isoformat(), "weekday", None


# The grammar, written for lower-cased text. Named groups feed the handlers; a group named
# `t` narrows the reported span (`in 2026` reports `2026`).

_SP = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"
_SP0 = rf"(?:{_SP})?"
_ABBREVIATION_DOT = r"(?:(?<=jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.|(?<=sept)\.)?"
_MON = rf"(?P<mon>{MONTH_PATTERN}){_ABBREVIATION_DOT}"
_MON2 = rf"(?P<mon2>{MONTH_PATTERN}){_ABBREVIATION_DOT}"
_DAY = r"(?P<day>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_DAY2 = r"(?P<day2>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"(?P<year>(?:19|20)[0-9][0-9])(?![0-9])"
_YEAR_SHORT = r"(?P<year>(?:19|20)[0-9][0-9](?![0-9])|'?[0-9][0-9](?=[,.;:)]|\s*$))"
_OPT_YEAR = rf"(?:,?{_SP}(?:in{_SP})?{_YEAR})?"  # "on September 29, 2020", "on September 29 in 2020"
_DM_GAP = r"(?:[ \t]+of)?(?:[ \t-]+|\n[ \t]*)"
_DMY = rf"{_DAY}{_DM_GAP}{_MON}{_OPT_YEAR}"
_DMY_SHORT_YEAR = rf"{_DAY}{_DM_GAP}{_MON}(?:,?{_SP}{_YEAR_SHORT})?"
_MDY = rf"{_MON}{_SP}{_DAY}{_OPT_YEAR}"
_TO = rf"{_SP0}(?:-|–|—|&|to|and|till|until|through){_SP0}"
_WD_FULL = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![a-z])"
_WD_ANY = r"(?P<wd>mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|r|rs|rsday|urday)?(?![a-z])\.?"
_TIME_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NO_DAY_AFTER = rf"(?!,?{_SP}[0-9])"
_PART = r"(?P<part>early|late|mid|middle\s+of|end\s+of|beginning\s+of|start\s+of)"
_RELATIVE = r"(?P<rel>this|next|last|coming|current)"

_RuleTable = tuple[tuple[str, str, _Handler], ...]


_DIGIT_RULES: _RuleTable = (
    ("dmy_weekday", rf"{_DMY},?{_SP0}\({_SP0}{_WD_FULL}{_SP0}\)", _absolute),
    ("range_dm_dm", rf"{_DAY}{_DM_GAP}{_MON}{_TO}{_DAY2}{_DM_GAP}{_MON2}{_OPT_YEAR}", _range),
    ("range_d_dm", rf"{_DAY}{_TO}{_DAY2}{_DM_GAP}{_MON2}{_OPT_YEAR}", _range),
    ("iso", r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})(?![0-9-])", _iso_date),
    ("numeric", r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<year>[0-9]{4}|[0-9]{2})(?![0-9/])", _numeric),
    ("numeric_dot", r"(?P<a>[0-9]{1,2})\.(?P<b>[0-9]{1,2})\.(?P<year>[0-9]{4})(?![0-9]|\.[0-9])", _numeric),
    ("dmy", _DMY, _absolute),
    ("ago_number", r"(?P<n>[0-9]{1,2})\s+(?P<unit>days?|weeks?|months?|years?)\s+ago(?![a-z])", _ago),
)


_MONTH_RULES: _RuleTable = (
    ("mdy_weekday", rf"{_MDY},?{_SP0}\({_SP0}{_WD_FULL}{_SP0}\)", _absolute),
    ("range_md_md", rf"{_MON}{_SP}{_DAY}{_TO}{_MON2}{_SP}{_DAY2}{_OPT_YEAR}", _range),
    ("range_md_d", rf"{_MON}{_SP}{_DAY}{_TO}{_DAY2}{_OPT_YEAR}", _range),
    ("mdy", _MDY, _absolute),
    ("month_year", rf"{_MON}(?:[ \t]+of)?,?{_SP}{_YEAR}", _month_year),
)


_WEEKDAY_RULES: _RuleTable = (
    ("weekday_dmy", rf"{_WD_ANY},?{_SP0}\(?{_SP0}{_DMY_SHORT_YEAR}\)?", _absolute),
    ("weekday_mdy", rf"{_WD_ANY},?{_SP0}\(?{_SP0}{_MDY}\)?", _absolute),
    ("weekday", rf"(?P<mod>){_WD_FULL}{_TIME_OF_DAY}", _weekday),
)


_KEYWORD_RULES: _RuleTable = (
    ("part_month_year", rf"{_PART}[\s-]+{_MON}(?:\s+of)?,?{_SP}{_YEAR}", _month_year),
    ("part_month", rf"{_PART}[\s-]*{_MON}{_NO_DAY_AFTER}", _month_near),
    (
        "relative_month_name",
        rf"(?P<rel>last|next|this\s+coming|this|coming)\s+{_MON}{_NO_DAY_AFTER}",
        _month_named_relative,
    ),
    (
        "relative_weekday",
        rf"(?P<mod>last|next|this\s+coming|this|coming|past)\s+{_WD_FULL}{_TIME_OF_DAY}",
        _weekday,
    ),
    (
        "in_month",
        rf"(?:in|since|until|till|by|during|before|after)\s+(?P<t>{_MON}){_NO_DAY_AFTER}",
        _month_near,
    ),
    (
        "part_of_year",
        (
            r"(?:the\s+)?(?:first|second|third|fourth|latter|last|final)\s+(?:half|quarter)\s+of\s+"
            r"(?:(?P<rel>this|next|last|the\s+current|the\s+next|the\s+coming)\s+year"
            rf"|(?:the\s+year\s+)?{_YEAR})"
        ),
        _part_of_year,
    ),
    ("relative_year", rf"{_RELATIVE}\s+year(?![a-z])", _year_relative),
    ("relative_month", rf"{_RELATIVE}\s+month(?![a-z])", _month_relative),
    (
        "relative_week",
        (
            r"(?:(?:earlier|later)\s+)?(?:this|next|last|coming|past|previous|the\s+following)"
            r"\s+week(?:end)?(?![a-z])"
        ),
        _vague,
    ),
    ("day_far", r"the\s+day\s+(?:before|after)\s+(?P<word>yesterday|tomorrow)(?![a-z])", _day_far),
    (
        "day_vague",
        (
            r"(?:the\s+(?:day|night)\s+(?:before|after)|the\s+(?:previous|following|next|same)\s+day"
            r"|a\s+day\s+(?:earlier|later|before|after))(?![a-z])"
        ),
        _vague,
    ),
    (
        "ago_word",
        (
            r"(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<unit>days?|weeks?|months?|years?)\s+ago(?![a-z])"
        ),
        _ago,
    ),
    (
        "relative_day",
        (
            r"(?:(?:earlier|later)\s+)?(?P<word>today|tonight|yesterday|tomorrow"
            r"|this(?=\s+(?:morning|afternoon|evening))|last(?=\s+(?:night|evening)))(?![a-z])"
            rf"{_TIME_OF_DAY}|(?:earlier|later)\s+in\s+the\s+day"
        ),
        _day_relative,
    ),
    (
        "in_year",
        (
            r"(?:in|since|until|till|by|during|from|through|before|after|early|late|mid|the\s+year)"
            rf"[\s-]+(?P<t>{_YEAR})"
        ),
        _year,
    ),
)


# How each family of rules can begin. The scan first checks these cheap openings, so that
# almost every position in a text is rejected inside the regex engine.

_MONTHS_START = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_WEEKDAYS_START = "mon|tue|wed|thu|fri|sat|sun"
_DIGIT_START = (
    r"[0-9](?:[0-9]{3}(?![0-9])"
    r"|[0-9]?(?:st|nd|rd|th)?\s*(?:[-–—&]|to|and|till|until|through)\s*[0-9]"
    rf"|[0-9]?(?:st|nd|rd|th)?(?:\s+of)?[\s,-]+(?:{_MONTHS_START})"
    r"|[0-9]?\s+(?:day|week|month|year)s?\s+ago"
    r"|[0-9]?[/.][0-9])"
)
_UNIT_AFTER = r"\s+(?:day|week|month|year)"
_KEYWORD_STARTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("today", "tonight", "yesterday", "tomorrow"), ""),
    (("this", "last", "next", "coming", "current", "past", "previous", "earlier", "later"), r"\s"),
    (
        ("the",),
        r"\s+(?:day|night|previous|following|next|same|first|second|third|fourth|latter|last|final|year)",
    ),
    (("a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), _UNIT_AFTER),
    (
        ("in", "since", "until", "till", "by", "during", "before", "after", "from", "through"),
        rf"\s+(?:[12][0-9]{{3}}|{_MONTHS_START}|the\s+year)",
    ),
    (
        ("early", "late", "mid", "middle", "end", "beginning", "start"),
        rf"(?:-|\s+(?:of\s+)?)(?:[12][0-9]|{_MONTHS_START}|this|next|last)",
    ),
    (("first", "second", "third", "fourth", "latter", "final"), r"\s+(?:half|quarter)"),
)


def _by_first_letter(starts: Iterable[tuple[str, str]]) -> str:
    """An alternation grouped by first letter, which the regex engine rejects in one step per group."""
    groups: dict[str, list[str]] = {}
    for word, tail in starts:
        groups.setdefault(word[0], []).append(word[1:] + tail)
    return "|".join(f"{c}(?:{'|'.join(sorted(rest, key=len, reverse=True))})" for c, rest in groups.items())


_KEYWORD_PAIRS = [(word, tail) for words, tail in _KEYWORD_STARTS for word in words]
_NAME_PAIRS = [(word, "") for word in f"{_MONTHS_START}|{_WEEKDAYS_START}".split("|")]
_FAMILIES: tuple[tuple[str, _RuleTable], ...] = (
    (_DIGIT_START, _DIGIT_RULES),
    (MONTH_PATTERN, _MONTH_RULES),
    (_WEEKDAYS_START, _WEEKDAY_RULES),
    (_by_first_letter(_KEYWORD_PAIRS), _KEYWORD_RULES),
)
_GROUP_NAME = re.compile(r"\(\?P<\w+>")


def _compile() -> tuple[re.Pattern[str], tuple[_Rule, ...]]:
    """One combined pattern finds where an expression starts and which rule fits; that rule then reads it.

    The combined pattern consumes the character before the expression (the text is padded
    with a space) and each rule ends in an empty group `r<index>` naming it.
    """
    rules: list[_Rule] = []
    families = []
    for opening, table in _FAMILIES:
        alternatives = []
        for name, pattern, handler in table:
            alternatives.append(f"(?:{_GROUP_NAME.sub('(?:', pattern)})(?P<r{len(rules)}>)")
            rules.append(_Rule(name, re.compile(pattern), handler))
        families.append(f"(?={opening})(?:{'|'.join(alternatives)})")
    any_start = f"[0-9]|{_by_first_letter(_NAME_PAIRS + _KEYWORD_PAIRS)}"
    return re.compile(f"[^a-z0-9](?={any_start})(?:{'|'.join(families)})"), tuple(rules)


_COMBINED, _RULES = _compile()


@stage("dates", requires=["text", "published"], assigns=["times"])
def tag_times(doc: Document) -> None:
    doc.times = find_times(doc.text, doc.published)
