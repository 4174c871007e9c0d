"""Temporal expressions found in running text and resolved against the publication date."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from corridor.extract.dates import find_times, future_context, resolve_weekday, tag_times
from corridor.extract.pipeline import REGISTRY
from corridor.model import Document, TimeExpr

SATURDAY = date(2023, 9, 16)


def found(text: str, published: date | None = SATURDAY, **options: bool) -> list[tuple[str, str | None, str]]:
    """(text, value, kind) of every expression, the shape most cases below compare."""
    return [(t.text, t.value, t.kind) for t in find_times(text, published, **options)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The commission met on 4th February 2022 in Accra.", ("4th February 2022", "2022-02-04")),
        ("The commission met on 17 May 2021 in Lagos.", ("17 May 2021", "2021-05-17")),
        ("Talks ended on March 2, 2020, officials said.", ("March 2, 2020", "2020-03-02")),
        ("Talks ended on November 30, 2019 in Lima.", ("November 30, 2019", "2019-11-30")),
        ("A notice dated Feb 27 2018 announced the round.", ("Feb 27 2018", "2018-02-27")),
        ("The leaders met on 3rd December 2016 at the palace.", ("3rd December 2016", "2016-12-03")),
        ("The record was filed on 2024-02-29 in Oslo.", ("2024-02-29", "2024-02-29")),
        ("The session on 4 Sept. 2022 was brief.", ("4 Sept. 2022", "2022-09-04")),
        ("Ministers met on the 5th of August 2020.", ("5th of August 2020", "2020-08-05")),
        ("On the evening of May 3, 2022 local time, the envoys met.", ("May 3, 2022", "2022-05-03")),
        ("The round opened on Sunday, 9 July 2023 in Suva.", ("Sunday, 9 July 2023", "2023-07-09")),
        ("It will be convened on Monday,12th June 23,by video.", ("Monday,12th June 23", "2023-06-12")),
    ],
)
def test_dates_absolute_formats(text: str, expected: tuple[str, str]) -> None:
    assert found(text) == [(*expected, "absolute")]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The council convenes on August 11 in Rabat.", date(2023, 7, 20), "2023-08-11"),
        ("The council convened on October 5 in Rabat.", date(2022, 11, 2), "2022-10-05"),
        ("The council convenes on September 19 (Tuesday).", SATURDAY, "2023-09-19"),
        ("The council is meeting on Tuesday (September 19).", SATURDAY, "2023-09-19"),
        ("The panel will sit on Tuesday May 16 in Doha.", date(2023, 5, 15), "2023-05-16"),
        ("Ministers met in June 12, last month, in Tunis.", date(2023, 7, 8), "2023-06-12"),
        ("The dialogue ran on December 28 in Rome.", date(2024, 1, 3), "2023-12-28"),
        ("The next session will be held on May 2 in Rome.", SATURDAY, "2024-05-02"),
        ("The last session was held on May 2 in Rome.", SATURDAY, "2023-05-02"),
        ("March 12: the delegation took part in the ninth session.", date(2023, 12, 26), "2023-03-12"),
        ("On March 12 the delegation headed to the ninth session.", date(2023, 12, 26), "2023-03-12"),
        ("He said on March 12 the session would open.", date(2023, 12, 26), "2024-03-12"),
    ],
)
def test_dates_day_and_month_take_the_year_nearest_publication(
    text: str, published: date, expected: str
) -> None:
    assert find_times(text, published)[0].value == expected


@pytest.mark.parametrize(
    "text",
    [
        "The council convenes on August 11 in Rabat.",
        "The council convenes on September 19 (Tuesday).",
        "The council is meeting on Tuesday (September 19).",
    ],
)
def test_dates_day_and_month_without_publication_date_have_no_value(text: str) -> None:
    times = find_times(text, None)
    assert [(t.value, t.kind) for t in times] == [(None, "absolute")]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("It was signed on 07/08/2021 in Abuja.", SATURDAY, "2021-08-07"),
        ("It was signed on 08/27/2021 in Abuja.", SATURDAY, "2021-08-27"),
        ("It was signed on 27.08.2021 in Abuja.", SATURDAY, "2021-08-27"),
        ("The previous round took place on 14.02.2020.", SATURDAY, "2020-02-14"),
        ("Statement of 09/16/2023 on the talks.", SATURDAY, "2023-09-16"),
        ("Statement of 09/10/2023 on the talks.", SATURDAY, "2023-10-09"),
        ("Statement of 09/10/2023 on the talks.", date(2023, 9, 10), "2023-09-10"),
    ],
)
def test_dates_numeric_dates_are_day_first_unless_impossible_or_confirmed(
    text: str, published: date, expected: str
) -> None:
    assert [t.value for t in find_times(text, published)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The working group met here on Saturday.", ("Saturday", "2023-09-16")),
        ("The working group met on Thursday in Kigali.", ("Thursday", "2023-09-14")),
        ("Delegates arrived here Sunday for the round.", ("Sunday", "2023-09-10")),
        ("The panel met on Friday afternoon via video link.", ("Friday afternoon", "2023-09-15")),
        ("Both sides said on Monday that the plan was agreed.", ("Monday", "2023-09-11")),
        ("The envoys met last Saturday in Male.", ("last Saturday", "2023-09-09")),
        ("The envoys met this Wednesday in Male.", ("this Wednesday", "2023-09-13")),
    ],
)
def test_dates_weekday_is_last_such_day_on_or_before_publication(
    text: str, expected: tuple[str, str]
) -> None:
    assert found(text) == [(*expected, "weekday")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The joint committee will be held on Thursday in Hanoi.", "2023-09-21"),
        ("The next round is scheduled for Monday in Hanoi.", "2023-09-18"),
        ("Consultations will begin in Hanoi on Tuesday.", "2023-09-19"),
        ("The ministers are expected to meet on Saturday.", "2023-09-16"),
        ("The minister said the forum would be held on Wednesday.", "2023-09-20"),
        ("On Friday, the two ministers will sign the accord.", "2023-09-22"),
        ("The envoys meet next Saturday in Vientiane.", "2023-09-23"),
    ],
)
def test_dates_weekday_in_future_talk_is_next_such_day(text: str, expected: str) -> None:
    assert [t.value for t in find_times(text, SATURDAY)] == [expected]


def test_dates_weekday_resolution_can_be_forced() -> None:
    text = "The committee meets on Thursday."
    assert find_times(text, SATURDAY, forward=True)[0].value == "2023-09-21"
    assert find_times(text, SATURDAY, forward=False)[0].value == "2023-09-14"


@pytest.mark.parametrize(
    ("weekday", "forward", "strict", "expected"),
    [
        (5, False, False, date(2023, 9, 16)),
        (5, False, True, date(2023, 9, 9)),
        (5, True, True, date(2023, 9, 23)),
        (0, False, False, date(2023, 9, 11)),
        (0, True, False, date(2023, 9, 18)),
    ],
)
def test_dates_resolve_weekday(weekday: int, forward: bool, strict: bool, expected: date) -> None:
    assert resolve_weekday(SATURDAY, weekday, forward, strict) == expected


@pytest.mark.parametrize(
    ("text", "future"),
    [
        ("The meeting will be held on ", True),
        ("The summit is scheduled for ", True),
        ("Both sides are set to convene on ", True),
        ("The delegations met on ", False),
        ("The spokesman said on ", False),
        ("Talks will open next month. The ministers met on ", False),
    ],
)
def test_dates_future_context(text: str, future: bool) -> None:
    assert future_context(text + "Friday.", len(text)) is future


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The treaty was ratified today.", ("today", "2023-09-16", "relative")),
        ("The treaty was ratified yesterday.", ("yesterday", "2023-09-15", "relative")),
        ("The treaty will be ratified tomorrow.", ("tomorrow", "2023-09-17", "relative")),
        ("The delegates dined last night in Lome.", ("last night", "2023-09-15", "relative")),
        ("Earlier today the envoys met.", ("Earlier today", "2023-09-16", "relative")),
        ("It was agreed the day before yesterday.", ("the day before yesterday", "2023-09-14", "relative")),
        ("It was agreed three days ago.", ("three days ago", "2023-09-13", "relative")),
        ("The experts had met the day before.", ("the day before", None, "relative_vague")),
        ("The experts met last week in Lome.", ("last week", None, "relative_vague")),
        ("The experts meet next week in Lome.", ("next week", None, "relative_vague")),
        ("The accord was signed last month.", ("last month", "2023-08", "month")),
        ("The accord will be signed next month.", ("next month", "2023-10", "month")),
        ("Trade grew sharply last year.", ("last year", "2022", "year")),
        ("Trade should grow next year.", ("next year", "2024", "year")),
        ("Trade has grown this year.", ("this year", "2023", "year")),
        ("The railway opens in 2026.", ("2026", "2026", "year")),
        ("The round was held in May 2022 in Male.", ("May 2022", "2022-05", "month")),
        ("The plan dates from October 2019.", ("October 2019", "2019-10", "month")),
        ("A ministerial visit is planned for mid-February.", ("mid-February", "2024-02", "month")),
        (
            "The session was postponed to the second half of this year.",
            ("the second half of this year", "2023", "year"),
        ),
        ("The council will meet again in April.", ("April", "2024-04", "month")),
    ],
)
def test_dates_relative_and_partial(text: str, expected: tuple[str, str | None, str]) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The consultations were held on 21-23 June 2022.", ("21-23 June 2022", "2022-06-21", "2022-06-23")),
        (
            "The consultations were held on June 21-23, 2022.",
            ("June 21-23, 2022", "2022-06-21", "2022-06-23"),
        ),
        ("Talks ran from 4 to 6 October 2021 in Quito.", ("4 to 6 October 2021", "2021-10-04", "2021-10-06")),
        (
            "Groups meet on September 20 and 21 respectively.",
            ("September 20 and 21", "2023-09-20", "2023-09-21"),
        ),
        (
            "The fair ran 30 November to 2 December 2022.",
            ("30 November to 2 December 2022", "2022-11-30", "2022-12-02"),
        ),
        (
            "The fair ran December 30 - January 2, 2023.",
            ("December 30 - January 2, 2023", "2022-12-30", "2023-01-02"),
        ),
    ],
)
def test_dates_ranges(text: str, expected: tuple[str, str, str]) -> None:
    times = find_times(text, SATURDAY)
    assert [(t.text, t.value, t.end_value, t.kind) for t in times] == [(*expected, "range")]


def test_dates_range_without_year_or_publication_date_has_no_value() -> None:
    times = find_times("Groups meet on September 20 and 21.", None)
    assert [(t.value, t.end_value, t.kind) for t in times] == [(None, None, "range")]


@pytest.mark.parametrize(
    "text",
    [
        "Trade reached $10 billion, up from $7 billion.",
        "A 220 KV line and a 300 MW plant were approved.",
        "Officials reviewed 26 projects worth 4.5 million dollars.",
        "This was the 5th meeting and the 12th round of talks.",
        "COVID-19 slowed the 2+2 dialogue; it was 22.7 C in the hall.",
        "Prices may rise, and bands march 10 abreast through the square.",
        "Deputy Minister Sun Lihua and Mr Friday Okoro attended.",
        "See https://news.example.org/archive/12/06/2021/talks for details.",
        "Archive: https://example.org/talks?day=2021-05-04&lang=en",
        "The ratio was 10-15 percent over 24/7 operations.",
    ],
)
def test_dates_ignores_numbers_and_words_that_are_not_dates(text: str) -> None:
    assert find_times(text, SATURDAY) == []


def test_dates_without_publication_date_leave_relative_values_empty() -> None:
    text = "The envoys met on Tuesday, talks ended yesterday, a deal came last month and more is due in 2026."
    assert found(text, None) == [
        ("Tuesday", None, "weekday"),
        ("yesterday", None, "relative"),
        ("last month", None, "month"),
        ("2026", "2026", "year"),
    ]


def test_dates_expressions_are_sorted_non_overlapping_and_point_at_their_text() -> None:
    text = (
        "Officials said on Friday that the 3rd session, held from 12 to 14 July 2023 in Dakar, "
        "followed a round on 2 March 2023; the next one is due in March 2024."
    )
    times = find_times(text, SATURDAY)
    assert [t.text for t in times] == ["Friday", "12 to 14 July 2023", "2 March 2023", "March 2024"]
    assert all(text[t.start : t.end] == t.text for t in times)
    assert all(a.end <= b.start for a, b in pairwise(times))


def test_dates_longest_expression_wins() -> None:
    assert found("It opens on Tuesday, 19 September 2023.") == [
        ("Tuesday, 19 September 2023", "2023-09-19", "absolute")
    ]


def test_dates_stage_declares_and_fills_times() -> None:
    stage = REGISTRY["dates"]
    assert stage.requires == {"text", "published"} and stage.assigns == {"times"}
    doc = Document(text="The commission met yesterday.", source="test", published=SATURDAY)
    tag_times(doc)
    assert doc.times == [TimeExpr(19, 28, "yesterday", "2023-09-15", "relative")]


def test_dates_a_weekday_late_in_a_sentence_about_the_future_is_ahead() -> None:
    text = (
        "The two prime ministers will chair the meetings of the Joint Higher Committee in Baghdad on Sunday, "
        "a source said."
    )
    (t,) = [t for t in find_times(text, date(2024, 11, 21)) if t.kind == "weekday"]
    assert t.value == "2024-11-24"
