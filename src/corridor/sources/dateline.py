"""The publication date a text shows about itself.

Scraped pages rarely carry clean metadata, but their first lines usually do: a `date` line,
a wire dateline, a byline, a page stamp or a cable's date-time group; short wire stories end
with a closing line. Only the header (and the footer, for closing lines) is read, because a
date in the body is usually the date of an event, not of publication.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from ..model import Span

HEADER_CHARS = 600
HEADER_LINE_SLACK = 120
FOOTER_CHARS = 300

MONTHS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}

MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])"
)
WEEKDAY_PATTERN = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)(?![a-z])"
)

_MON = rf"(?i:{MONTH_PATTERN})\.?"
_WD = rf"(?i:{WEEKDAY_PATTERN})\.?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
FULL_DATE_PATTERN = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|\d{{1,2}}{_ORD}(?:[ \t]+of)?[ \t,-]+{_MON},?[ \t-]+{_YEAR}"
    rf"|{_MON}[ \t]+\d{{1,2}}{_ORD},?[ \t]+{_YEAR}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR})(?![\d/])"
)
_CITY = r"[A-Z][A-Za-z.'’-]+(?:[ \t][A-Z][A-Za-z.'’-]+){0,3}"
_PREPOSITIONS = frozenset(
    {"on", "since", "until", "till", "from", "by", "before", "after", "of", "for", "to", "and", "between"}
)

_URL_TOKEN = re.compile(r"(?:https?://|www\.)|^\W*[\w-]+(?:\.[\w-]+)+/")
_DATE_LINE = re.compile(r"\A\s*date[ \t]+(?P<date>\d{4}-\d{2}-\d{2})(?!\d)", re.I)
_BYLINE = re.compile(
    rf"\b(?:(?:first|last)[ \t]+)?(?:published|posted|updated|modified|released|issued)"
    rf"(?:[ \t]+(?:on|at))?[ \t]*:?[ \t]*(?:{_WD},?[ \t]+)?(?P<date>{FULL_DATE_PATTERN})"
    rf"|\bdated?[ \t]*:[ \t]*(?P<date2>{FULL_DATE_PATTERN})",
    re.I,
)
_AGENCY_TAG = r"(?:\([^()\n]{1,60}\)|/[^/\n]{1,40}/)"
_DATELINE_END = rf"[ \t]*(?:{_AGENCY_TAG}[ \t]*[:.\-–—]?|[:\-–—])"
_NOT_WEEKDAY = rf"(?!{_WD}\b)"
_DATELINE = re.compile(
    rf"^[^\w\n]*{_NOT_WEEKDAY}{_CITY},[ \t]+(?P<date>{FULL_DATE_PATTERN})"
    rf"|\b{_NOT_WEEKDAY}{_CITY},[ \t]+(?P<date2>{FULL_DATE_PATTERN}){_DATELINE_END}",
    re.M,
)
_AGENCY = re.compile(rf"\([^()\n]{{2,60}}?[ \t]*[-–—][ \t]*(?P<date>{FULL_DATE_PATTERN})[ \t]*\)")
_WEEKDAY_LED = re.compile(rf"(?<![A-Za-z])(?P<wd>{_WD}),?[ \t]+(?P<date>{FULL_DATE_PATTERN})")
_DATE_ALONE = re.compile(
    rf"^[^\w\n]*(?P<date>{FULL_DATE_PATTERN})"
    r"(?:[ \t,|·•-]*\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?:[ \t]+[A-Z]{2,4})?)?"
    r"[^\w\n]*(?:[A-Za-z]+:[^\w\n]*)?$",
    re.M,
)
_PAGE_STAMP = re.compile(
    rf"^[^\w\n]*(?P<date>\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR})(?=[ \t]*(?:[|·•-]|\d{{1,2}}:\d{{2}}|$))", re.M
)
_YEARLESS_DATELINE = re.compile(
    rf"\b{_CITY},[ \t]+(?P<md>{_MON}[ \t]+\d{{1,2}}{_ORD}|\d{{1,2}}{_ORD}[ \t]+{_MON})(?![\d,]*[ \t]*\d)"
    rf"{_DATELINE_END}"
)
_YEAR_IN_LINE = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_CABLE_DTG = re.compile(
    r"^[ \t]*(?:[ZOPR]{1,2}[ \t]+)?"
    rf"(?P<dtg>(?P<d>\d{{2}})\d{{4}}Z[ \t]+(?P<m>{_MON})[ \t]+(?P<y>\d{{2}}))[ \t]*$",
    re.M,
)
_CLOSING_LINE = re.compile(
    rf"^[ \t]*\([^()\n]{{2,80}}?[ \t,]+(?P<date>{FULL_DATE_PATTERN})[ \t]*\)[ \t]*$", re.M
)

_ISO_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_TEXT = re.compile(rf"(\d{{1,2}}){_ORD}(?:\s+of)?[\s,-]+({_MON}),?[\s-]+(\d{{4}})")
_MDY_TEXT = re.compile(rf"({_MON})\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})")
_NUMERIC_TEXT = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_SPELLED_DAY = re.compile(
    rf"\b(?:\d{{1,2}}{_ORD}(?:[ \t]+of)?[ \t]+(?P<m1>{_MON})|(?P<m2>{_MON})[ \t]+\d{{1,2}}(?!\d))"
    rf"(?:{_ORD},?[ \t]+(?P<y>{_YEAR}))?"
)


def month_number(name: str) -> int:
    """The month of an English month name or abbreviation ("Sept.", "JUNE")."""
    return MONTHS[name[:3].lower()]


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None where the numbers name no real day (31 June)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def expand_year(two_digits: int, near: int | None = None) -> int:
    """A four-digit year from two digits: the century closest to `near`, else 00-30 as 20xx."""
    if near is None:
        return 2000 + two_digits if two_digits <= 30 else 1900 + two_digits
    candidates = (100 * (near // 100 + k) + two_digits for k in (-1, 0, 1))
    return min(candidates, key=lambda year: abs(year - near))


def numeric_date(first: int, second: int, year: int, month_first: bool = False) -> date | None:
    """A numeric date read day-first, unless that is impossible or month-first was confirmed."""
    day_first = safe_date(year, second, first)
    month_first_date = safe_date(year, first, second)
    if month_first and month_first_date:
        return month_first_date
    return day_first or month_first_date


def parse_date_text(s: str, month_first: bool = False) -> date | None:
    """One full date written in a common news format, or None when it is not one."""
    s = s.strip()
    if m := _ISO_TEXT.fullmatch(s):
        return safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY_TEXT.fullmatch(s):
        return safe_date(int(m[3]), month_number(m[2]), int(m[1]))
    if m := _MDY_TEXT.fullmatch(s):
        return safe_date(int(m[3]), month_number(m[1]), int(m[2]))
    if m := _NUMERIC_TEXT.fullmatch(s):
        return numeric_date(int(m[1]), int(m[2]), int(m[3]), month_first)
    return None


def mask_urls(text: str) -> str:
    """The text with every URL blanked out, offsets kept, since a URL's date is not a dateline.

    Only the few tokens holding a slash or `www.` are looked at, which keeps this cheap on
    long texts with no links at all.
    """
    spans = sorted(set(_url_spans(text)))
    if not spans:
        return text
    parts, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        parts += [text[pos:start], " " * (end - start)]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _url_spans(text: str) -> Iterator[tuple[int, int]]:
    for marker in ("/", "www."):
        at = text.find(marker)
        while at >= 0:
            start, end = _token_bounds(text, at)
            if _URL_TOKEN.search(text[start:end]):
                yield start, end
            at = text.find(marker, end)


def _token_bounds(text: str, at: int) -> tuple[int, int]:
    """The whitespace-delimited token around position `at`."""
    start = max(text.rfind(c, 0, at) for c in " \n\t") + 1
    ends = [e for e in (text.find(c, at) for c in " \n\t") if e >= 0]
    return start, min(ends, default=len(text))


def confirms_month_first(text: str, first: int, second: int, year: int) -> bool:
    """Whether spelled-out dates in the text agree with a month-first reading of first/second/year.

    A page stamp such as 01/11/2025 is read month-first only when the article itself names
    the month (January 10, 2025) and never the day-first month (November).
    """
    months = {month for month, y in _spelled_months(text) if y in (None, year)}
    return first in months and second not in months


def _spelled_months(text: str) -> Iterator[tuple[int, int | None]]:
    for m in _SPELLED_DAY.finditer(text):
        name = m["m1"] or m["m2"]
        yield month_number(name), int(m["y"]) if m["y"] else None


@dataclass(frozen=True, slots=True)
class _Found:
    """A candidate publication date: lower rank is preferred, then the earlier one."""

    rank: int
    start: int
    end: int
    day: date


def find_published(text: str) -> tuple[date, Span] | None:
    """The publication date the text shows, with the span of its date text, or None."""
    masked = mask_urls(text)
    header = masked[: _header_end(masked)]
    candidates = [found for finder in _FINDERS for found in finder(header, masked)]
    if not candidates:
        return None
    # of equal standing the earliest date: a page shows the day it was read or updated after the one
    # it was published
    best = min(candidates, key=lambda f: (f.rank, f.day, f.start))
    return best.day, Span(best.start, best.end)


def _header_end(text: str) -> int:
    """The first HEADER_CHARS characters, extended to finish the line they stop in."""
    if len(text) <= HEADER_CHARS:
        return len(text)
    newline = text.find("\n", HEADER_CHARS, HEADER_CHARS + HEADER_LINE_SLACK)
    return newline if newline >= 0 else HEADER_CHARS


def _from_date_group(rank: int, pattern: re.Pattern[str], header: str, text: str) -> Iterator[_Found]:
    """Candidates from a pattern whose `date` (or `date2`) group holds one full date."""
    for m in pattern.finditer(header):
        group = "date" if m.groupdict().get("date") else "date2"
        day = _read_full_date(m[group], text)
        if day:
            yield _Found(rank, m.start(group), m.end(group), day)


def _read_full_date(s: str, text: str) -> date | None:
    """A full date, reading a numeric one month-first only where the text confirms it."""
    m = _NUMERIC_TEXT.fullmatch(s.strip())
    if m:
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        return numeric_date(first, second, year, confirms_month_first(text, first, second, year))
    return parse_date_text(s)


def _date_line(header: str, text: str) -> Iterator[_Found]:
    yield from _from_date_group(0, _DATE_LINE, header, text)


def _bylines(header: str, text: str) -> Iterator[_Found]:
    yield from _from_date_group(1, _BYLINE, header, text)
    yield from _from_date_group(1, _DATELINE, header, text)
    yield from _from_date_group(1, _AGENCY, header, text)


def _weekday_led(header: str, text: str) -> Iterator[_Found]:
    """`Sunday, 22 October, 2017` or `Sun Jan 21 2024` standing as a byline, not inside a sentence.

    A site's header shows the day it was read in this form too, so a release's own dateline
    (`Brussels, 27 June 2023`) or byline outranks it.
    """
    for m in _WEEKDAY_LED.finditer(header):
        if _in_sentence(header, m.start()):
            continue
        day = _read_full_date(m["date"], text)
        if day:
            yield _Found(2, m.start("wd"), m.end("date"), day)


def _in_sentence(header: str, start: int) -> bool:
    """Whether the words just before `start` on its line read as prose ("met on", "held")."""
    line_start = header.rfind("\n", 0, start) + 1
    before = header[max(line_start, start - 20) : start].split()
    if not before:
        return False
    word = before[-1].strip(",;")
    return word.lower() in _PREPOSITIONS or word[:1].islower()


def _stamps(header: str, text: str) -> Iterator[_Found]:
    yield from _from_date_group(2, _DATE_ALONE, header, text)
    yield from _from_date_group(2, _PAGE_STAMP, header, text)


def _yearless_datelines(header: str, text: str) -> Iterator[_Found]:
    """`BEIJING, April 10 (APP):` takes its year only from the same header line, never from the body."""
    for m in _YEARLESS_DATELINE.finditer(header):
        line_start = header.rfind("\n", 0, m.start()) + 1
        years = list(_YEAR_IN_LINE.finditer(header, line_start, m.end()))
        if not years:
            continue
        year = min(years, key=lambda y: abs(y.start() - m.start("md")))
        day = parse_date_text(f"{m['md']} {year.group()}")
        if day:
            yield _Found(2, min(m.start("md"), year.start()), max(m.end("md"), year.end()), day)


def _cable_dtg(header: str, text: str) -> Iterator[_Found]:
    """A cable's date-time group, `O 130234Z MAR 76`: day, time, Zulu, month, two-digit year."""
    for m in _CABLE_DTG.finditer(header):
        day = safe_date(expand_year(int(m["y"])), month_number(m["m"]), int(m["d"]))
        if day:
            yield _Found(2, m.start("dtg"), m.end("dtg"), day)


def _closing_line(header: str, text: str) -> Iterator[_Found]:
    """A wire story's closing line, `(Xinhua News Agency March 21, 2006)`, in the last lines."""
    offset = max(0, len(text) - FOOTER_CHARS)
    for m in _CLOSING_LINE.finditer(text, offset):
        day = _read_full_date(m["date"], text)
        if day:
            yield _Found(2, m.start("date"), m.end("date"), day)


_STAMP_DATE = re.compile(
    rf"(?P<date>{FULL_DATE_PATTERN}|(?:19|20)\d\d[-./]\d\d[-./]\d\d|\d{{1,2}}-\d{{1,2}}-(?:19|20)\d\d)"
)
STAMP_LINES = 6
_LINE = re.compile(r"[^\n]+")


def _stamp_lines(header: str, text: str) -> Iterator[_Found]:
    """A short line near the top or the end that carries a full date and little else.

    'Kazinform | 23 December 2022, 12:40', 'Editor: Huang Wei | 2024-05-14 23:05:11',
    'Baku, 17 April 2025': a page's or a release's stamp, not a sentence of the story.
    """
    for at, line in _edge_lines(text):
        if len(line.strip()) > 80 or line.rstrip().endswith(".") or re.fullmatch(r"\s*\(.*\)\s*", line):
            continue
        found = _STAMP_DATE.search(line)
        if not found:
            continue
        rest = line[: found.start()] + line[found.end() :]
        if len(re.findall(r"\b[a-z]{3,}\b", rest)) > 2:
            continue
        day = _read_full_date(
            found["date"].replace("-", "/")
            if re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", found["date"])
            else found["date"],
            text,
        ) or parse_date_text(found["date"])
        if day is None and re.fullmatch(r"(?:19|20)\d\d[-./]\d\d[-./]\d\d", found["date"]):
            y, mo, d = map(int, re.split(r"[-./]", found["date"]))
            day = safe_date(y, mo, d)
        if day:
            yield _Found(3, at + found.start(), at + found.end(), day)


def _edge_lines(text: str) -> list[tuple[int, str]]:
    """The first STAMP_LINES and the last three non-blank lines with their offsets (a short text's
    lines may be in both), found without splitting the whole text."""
    head: list[tuple[int, str]] = []
    for m in _LINE.finditer(text):
        if m.group().strip():
            head.append((m.start(), m.group()))
            if len(head) == STAMP_LINES:
                break
    tail: list[tuple[int, str]] = []
    end = len(text)
    while end > 0 and len(tail) < 3:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            tail.append((start, text[start:end]))
        end = start - 1
    return head + tail[::-1]


_FINDERS: tuple[Callable[[str, str], Iterator[_Found]], ...] = (
    _date_line,
    _bylines,
    _weekday_led,
    _stamps,
    _yearless_datelines,
    _cable_dtg,
    _closing_line,
    _stamp_lines,
)
