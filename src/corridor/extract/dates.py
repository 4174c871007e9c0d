"""Temporal expressions in running text, resolved against the publication date.

News reports date events relative to the day they appeared ("held here Sunday",
"yesterday", "on October 27"), so every expression is resolved against `published`. Where
the text gives too little (no publication date, a day with no year) the value stays None
rather than being guessed; a year is never worked out from a weekday.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from ..model import Document, TimeExpr
from ..sources.dateline import MONTH_PATTERN, expand_year, mask_urls, month_number, numeric_date, safe_date
from .pipeline import stage

TENSE_WINDOW = 60

_WEEKDAYS = {"mon": MO, "tue": TU, "wed": WE, "thu": TH, "fri": FR, "sat": SA, "sun": SU}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_NUMBER_WORDS |= {"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_DAY_OFFSETS = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "tomorrow": 1}
_STEPS = {"this": 0, "current": 0, "next": 1, "coming": 1, "last": -1}
_NOT_BEFORE_NUMBER = frozenset(".$£€/:-")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# Building blocks, written for lower-cased text. Named groups feed the handlers.
_SP = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"
_SP0 = rf"(?:{_SP})?"
_MON = rf"(?P<mon>{MONTH_PATTERN})\.?"
_MON2 = rf"(?P<mon2>{MONTH_PATTERN})\.?"
_DAY = r"(?P<day>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_DAY2 = r"(?P<day2>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"(?P<year>(?:19|20)[0-9][0-9])(?![0-9])"
_YEAR_SHORT = r"(?P<year>(?:19|20)[0-9][0-9](?![0-9])|'?[0-9][0-9](?=[,.;:)]|\s*$))"
_OPT_YEAR = rf"(?:,?{_SP}{_YEAR})?"
_DM_GAP = r"(?:[ \t]+of)?(?:[ \t-]+|\n[ \t]*)"
_DMY = rf"{_DAY}{_DM_GAP}{_MON}{_OPT_YEAR}"
_DMY_SHORT_YEAR = rf"{_DAY}{_DM_GAP}{_MON}(?:,?{_SP}{_YEAR_SHORT})?"
_MDY = rf"{_MON}{_SP}{_DAY}{_OPT_YEAR}"
_TO = rf"{_SP0}(?:-|–|—|&|to|and|till|until|through){_SP0}"
_WD_FULL = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![a-z])"
_WD_ANY = r"(?P<wd>mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|r|rs|rsday|urday)?(?![a-z])\.?"
_TIME_OF_DAY = r"(?:[ \t]+(?:morning|afternoon|evening|night))?"
_NO_DAY_AFTER = rf"(?!,?{_SP}[0-9])"
_PART = r"(?P<part>early|late|mid|middle[ \t]+of|end[ \t]+of|beginning[ \t]+of|start[ \t]+of)"
_MONTHS_START = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_KEYWORD_START = (
    r"today|tonight|yesterday|tomorrow|(?:this|last|next|coming|current|past|previous|earlier|later)[ \t]"
    r"|the[ \t]+(?:day|night|previous|following|next|same|first|second|third|fourth|latter|last|final|year)"
    r"|an?[ \t]+(?:day|week|month|year)|(?:one|two|three|four|five|six|seven|eight|nine|ten)[ \t]+(?:day|week|month|year)"
    rf"|(?:in|since|until|till|by|during|before|after|from|through)[ \t]+(?:[12][0-9]{{3}}|{_MONTHS_START}|the[ \t]+year)"
    r"|early|late|mid|middle|end|beginning|start|(?:first|second|third|fourth|latter|final)[ \t]+(?:half|quarter)"
)


@dataclass(frozen=True, slots=True)
class _Context:
    """What every handler resolves against: the original text (for case and tense) and the publication date."""

    text: str
    published: date | None
    forward: bool | None


_Value = tuple[str | None, str, str | None]
_Handler = Callable[[re.Match[str], _Context], _Value | None]


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
        return TimeExpr(begin, end, ctx.text[begin:end], value[0], value[1], value[2]), m.end()
    return None


def _well_placed(m: re.Match[str], text: str) -> bool:
    """Month and weekday names are capitalised in news copy (`may`, `march` in lower case are verbs),
    and a number glued to `$`, `.` or `/` is an amount or a code, not a day."""
    start = m.start() - 1
    if text[start].isdigit() and start > 0 and text[start - 1] in _NOT_BEFORE_NUMBER:
        return False
    groups = m.re.groupindex
    return all(m.start(g) < 0 or text[m.start(g) - 1].isupper() for g in ("mon", "mon2", "wd") if g in groups)


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    handler: _Handler


# Handlers: each turns one match into (value, kind, end_value), or None to let a later rule try.


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _month_value(year: int | None, month: int) -> str | None:
    return f"{year:04d}-{month:02d}" if year is not None else None


def _nearest_year(month: int, day: int, published: date | None) -> int | None:
    """The year putting a day and month closest to publication: news reports the recent past and near future."""
    if published is None:
        return None
    years = [y for y in (published.year - 1, published.year, published.year + 1) if safe_date(y, month, day)]
    if not years:
        return None
    return min(years, key=lambda y: abs((date(y, month, day) - published).days))


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
    year = _stated_year(m, ctx) or _nearest_year(month, day, ctx.published)
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
    year2 = _stated_year(m, ctx) or _nearest_year(month2, day2, ctx.published)
    if year2 is None:
        return None, "range", None
    year1 = year2 if (month1, day1) <= (month2, day2) else year2 - 1
    first, last = safe_date(year1, month1, day1), safe_date(year2, month2, day2)
    if not first or not last:
        return None
    return first.isoformat(), "range", last.isoformat()


def _month_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _month_value(int(m["year"]), month_number(m["mon"])), "month", None


def _month_near(m: re.Match[str], ctx: _Context) -> _Value | None:
    """`mid-February`, `in April`: the month in the year nearest publication."""
    month = month_number(m["mon"])
    return _month_value(_nearest_year(month, 15, ctx.published), month), "month", None


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
    """A weekday alone: the last such day on or before publication, or the next one in future talk."""
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
    weekday = _WEEKDAYS[m["wd"][:3]].weekday
    return resolve_weekday(ctx.published, weekday, forward, strict).isoformat(), "weekday", None


def resolve_weekday(published: date, weekday: int, forward: bool = False, strict: bool = False) -> date:
    """The weekday (0 = Monday) nearest publication, looking back, or forward for future talk.

    A weekday equal to the publication day's is that same day unless `strict` ("last
    Friday" written on a Friday means the week before).
    """
    day = (MO, TU, WE, TH, FR, SA, SU)[weekday]
    if forward:
        return published + relativedelta(days=1 if strict else 0, weekday=day(+1))
    return published + relativedelta(days=-1 if strict else 0, weekday=day(-1))


_TENSE = re.compile(
    r"\b(?:(?P<future>(?:will|shall|would)(?:\s+(?:not|also|then|now|soon|likely|jointly|again|be))*\s+[\w-]+"
    r"|'ll|’ll|(?:is|are|was|were)\s+(?:scheduled|set|expected|due|slated|likely|going|planned|poised)"
    r"|(?:scheduled|slated|planned|set|due|expected|poised)\s+(?:to|for|on)"
    r"|to\s+(?:be\s+[\w-]+|take\s+place|begin|start|commence|meet|hold|visit|open|convene|attend|travel"
    r"|arrive|co-chair|chair|lead|sign|launch|host)|upcoming|forthcoming|next)"
    r"|(?P<past>said|says|say|held|was|were|had|has|have|met|announced|told|added|stated|reported|began"
    r"|opened|concluded|ended|visited|signed|arrived|attended|chaired|co-chaired|hosted|received|noted"
    r"|briefed|informed|welcomed|reviewed|discussed|agreed|took\s+place|started|launched|called|spoke"
    r"|talked|expressed|reaffirmed|emphasi[sz]ed|stressed|urged|led|did|last|ago|earlier))\b",
    re.I,
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z“\"])|\n\s*\n|;\s")


def future_context(text: str, start: int) -> bool:
    """Whether the clause around `start` speaks of the future ("will be held on", "is scheduled for").

    The nearest tense marker in the ~60 characters before decides; only when there is none
    does the rest of the clause after it ("On Friday, the ministers will meet").
    """
    before = _SENTENCE_BREAK.split(text[max(0, start - TENSE_WINDOW) : start])[-1]
    markers = list(_TENSE.finditer(before))
    if markers:
        return markers[-1].lastgroup == "future"
    after = _SENTENCE_BREAK.split(text[start : start + TENSE_WINDOW])[0]
    first = _TENSE.search(after)
    return bool(first and first.lastgroup == "future")


def _digit_rules() -> Iterator[tuple[str, str, _Handler]]:
    yield "dmy_weekday", rf"{_DMY},?{_SP0}\({_SP0}{_WD_FULL}{_SP0}\)", _absolute
    yield "range_dm_dm", rf"{_DAY}{_DM_GAP}{_MON}{_TO}{_DAY2}{_DM_GAP}{_MON2}{_OPT_YEAR}", _range
    yield "range_d_dm", rf"{_DAY}{_TO}{_DAY2}{_DM_GAP}{_MON2}{_OPT_YEAR}", _range
    yield "iso", r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})(?![0-9-])", _iso_date
    yield "numeric", r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<year>[0-9]{4}|[0-9]{2})(?![0-9/])", _numeric
    yield "numeric_dot", r"(?P<a>[0-9]{1,2})\.(?P<b>[0-9]{1,2})\.(?P<year>[0-9]{4})(?![0-9.])", _numeric
    yield "dmy", _DMY, _absolute
    yield "ago_number", r"(?P<n>[0-9]{1,2})[ \t]+(?P<unit>days?|weeks?|months?|years?)[ \t]+ago(?![a-z])", _ago


def _month_rules() -> Iterator[tuple[str, str, _Handler]]:
    yield "mdy_weekday", rf"{_MDY},?{_SP0}\({_SP0}{_WD_FULL}{_SP0}\)", _absolute
    yield "range_md_md", rf"{_MON}{_SP}{_DAY}{_TO}{_MON2}{_SP}{_DAY2}{_OPT_YEAR}", _range
    yield "range_md_d", rf"{_MON}{_SP}{_DAY}{_TO}{_DAY2}{_OPT_YEAR}", _range
    yield "mdy", _MDY, _absolute
    yield "month_year", rf"{_MON}(?:[ \t]+of)?,?{_SP}{_YEAR}", _month_year


def _weekday_rules() -> Iterator[tuple[str, str, _Handler]]:
    yield "weekday_dmy", rf"{_WD_ANY},?{_SP0}\(?{_SP0}{_DMY_SHORT_YEAR}\)?", _absolute
    yield "weekday_mdy", rf"{_WD_ANY},?{_SP0}\(?{_SP0}{_MDY}\)?", _absolute
    yield "weekday", rf"(?P<mod>){_WD_FULL}{_TIME_OF_DAY}", _weekday


def _keyword_rules() -> Iterator[tuple[str, str, _Handler]]:
    yield "part_month_year", rf"{_PART}[ \t-]+{_MON}(?:[ \t]+of)?,?{_SP}{_YEAR}", _month_year
    yield "part_month", rf"{_PART}[ \t-]*{_MON}{_NO_DAY_AFTER}", _month_near
    yield "relative_month_name", (
        rf"(?P<rel>last|next|this[ \t]+coming|this|coming)[ \t]+{_MON}{_NO_DAY_AFTER}"
    ), _month_named_relative
    yield "relative_weekday", (
        rf"(?P<mod>last|next|this[ \t]+coming|this|coming|past)[ \t]+{_WD_FULL}{_TIME_OF_DAY}"
    ), _weekday
    yield "in_month", (
        rf"(?:in|since|until|till|by|during|before|after)[ \t]+(?P<t>{_MON}){_NO_DAY_AFTER}"
    ), _month_near
    yield "part_of_year", (
        rf"(?:the[ \t]+)?(?:first|second|third|fourth|latter|last|final)[ \t]+(?:half|quarter)[ \t]+of[ \t]+"
        rf"(?:(?P<rel>this|next|last|the[ \t]+current|the[ \t]+next|the[ \t]+coming)[ \t]+year"
        rf"|(?:the[ \t]+year[ \t]+)?{_YEAR})"
    ), _part_of_year
    yield "relative_year", r"(?P<rel>this|next|last|coming|current)[ \t]+year(?![a-z])", _year_relative
    yield "relative_month", r"(?P<rel>this|next|last|coming|current)[ \t]+month(?![a-z])", _month_relative
    yield "relative_week", (
        r"(?:(?:earlier|later)[ \t]+)?(?:this|next|last|coming|past|previous|the[ \t]+following)"
        r"[ \t]+week(?:end)?(?![a-z])"
    ), _vague
    yield "day_far", r"the[ \t]+day[ \t]+(?:before|after)[ \t]+(?P<word>yesterday|tomorrow)(?![a-z])", _day_far
    yield "day_vague", (
        r"(?:the[ \t]+(?:day|night)[ \t]+(?:before|after)|the[ \t]+(?:previous|following|next|same)[ \t]+day"
        r"|a[ \t]+day[ \t]+(?:earlier|later|before|after))(?![a-z])"
    ), _vague
    yield "ago_word", (
        r"(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten)[ \t]+"
        r"(?P<unit>days?|weeks?|months?|years?)[ \t]+ago(?![a-z])"
    ), _ago
    yield "relative_day", (
        r"(?:(?:earlier|later)[ \t]+)?(?P<word>today|tonight|yesterday|tomorrow"
        r"|this(?=[ \t]+(?:morning|afternoon|evening))|last(?=[ \t]+(?:night|evening)))(?![a-z])"
        rf"{_TIME_OF_DAY}|(?:earlier|later)[ \t]+in[ \t]+the[ \t]+day"
    ), _day_relative
    yield "in_year", (
        r"(?:in|since|until|till|by|during|from|through|before|after|early|late|mid|the[ \t]+year)"
        rf"[ \t-]+(?P<t>{_YEAR})"
    ), _year


_FAMILIES: tuple[tuple[str, Callable[[], Iterator[tuple[str, str, _Handler]]]], ...] = (
    ("[0-9]", _digit_rules),
    (rf"(?:{_MONTHS_START})", _month_rules),
    (r"(?:mon|tue|wed|thu|fri|sat|sun)", _weekday_rules),
    (rf"(?:{_KEYWORD_START})", _keyword_rules),
)
_GROUP_NAME = re.compile(r"\(\?P<\w+>")


def _compile() -> tuple[re.Pattern[str], tuple[_Rule, ...]]:
    """One combined pattern finds where an expression starts and which rule fits; that rule then reads it.

    The combined pattern begins with the character before the expression and groups the rules
    by how they begin, so that the scan stays in the regex engine for almost every character.
    """
    rules: list[_Rule] = []
    families = []
    for lead, make in _FAMILIES:
        alternatives = []
        for name, pattern, handler in make():
            alternatives.append(f"(?:{_GROUP_NAME.sub('(?:', pattern)})(?P<r{len(rules)}>)")
            rules.append(_Rule(name, re.compile(pattern), handler))
        families.append(f"(?={lead})(?:{'|'.join(alternatives)})")
    combined = re.compile(f"[^a-z0-9](?:{'|'.join(families)})")
    return combined, tuple(rules)


_COMBINED, _RULES = _compile()


@stage("dates", requires=["text", "published"], assigns=["times"])
def tag_times(doc: Document) -> None:
    doc.times = find_times(doc.text, doc.published)
