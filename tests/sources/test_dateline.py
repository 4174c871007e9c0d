"""Publication dates read from a text's own header, byline, closing line or cable stamp."""

from __future__ import annotations

from datetime import date

import pytest

from corridor.sources.dateline import expand_year, find_published, mask_urls, numeric_date, parse_date_text

BODY = "\n\nThe two delegations reviewed trade, fisheries and border management.\n"


def published(text: str) -> tuple[date, str] | None:
    """The found date and the text of its span, the shape every case below compares."""
    found = find_published(text)
    return (found[0], found[1].of(text)) if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            " date 2023-03-14 MANILA (PNA) -- Philippine and Japanese officials met.",
            (date(2023, 3, 14), "2023-03-14"),
        ),
        ("date 2019-11-02\nHelsinki talks open" + BODY, (date(2019, 11, 2), "2019-11-02")),
    ],
)
def test_dateline_reads_leading_date_line(text: str, expected: tuple[date, str]) -> None:
    assert published(text) == expected


def test_dateline_release_dateline_beats_a_site_header_weekday_stamp() -> None:
    text = "Mon. Aug 5th, 2024\nLisbon, 14 May 2023\n\nToday, Portugal and Cabo Verde met." + BODY
    assert published(text) == (date(2023, 5, 14), "14 May 2023")


def test_dateline_of_two_header_stamps_the_earlier_day_is_publication() -> None:
    text = "Wednesday Dec 11, 2024\nSaturday, 19 December 2020 00:06\nChile and Peru held talks." + BODY
    assert published(text) == (date(2020, 12, 19), "Saturday, 19 December 2020")


def test_dateline_date_line_beats_byline_and_dateline() -> None:
    text = " date 2021-06-30 Published 1 Jul, 2021 08:10am\n\nACCRA, 29 June 2021 (GNA): Ghana and Togo met."
    assert published(text) == (date(2021, 6, 30), "2021-06-30")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nairobi, 3 March 2021 (KNA): Kenya and Uganda opened talks." + BODY,
            (date(2021, 3, 3), "3 March 2021"),
        ),
        (
            "NEW DELHI, April 10, 2019 (PTI): India and Bhutan agreed." + BODY,
            (date(2019, 4, 10), "April 10, 2019"),
        ),
        (
            "COLOMBO, (Lanka Wire / South Asia Desk - 9th Mar, 2021 ) :Sri Lanka and the Maldives met.",
            (date(2021, 3, 9), "9th Mar, 2021"),
        ),
        (
            "KATHMANDU, Sept 3 (RSS-2019): Nepal and Bangladesh met." + BODY,
            (date(2019, 9, 3), "Sept 3 (RSS-2019"),
        ),
        (
            "TBILISI, April 4, 2022 /GHN/. Georgia and Armenia met." + BODY,
            (date(2022, 4, 4), "April 4, 2022"),
        ),
        ("Vilnius, 12 May 2021\nLithuania and Latvia met." + BODY, (date(2021, 5, 12), "12 May 2021")),
        (
            "HANOI: (Viet Wire / Asia Desk-Mar 2nd, 2022) Vietnam and Laos met." + BODY,
            (date(2022, 3, 2), "Mar 2nd, 2022"),
        ),
    ],
)
def test_dateline_reads_wire_datelines(text: str, expected: tuple[date, str]) -> None:
    assert published(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "HANOI, May 8 (VNA): Vietnam and Laos reviewed their railway project." + BODY,
        "WELLINGTON, June 22: New Zealand and Fiji will meet again in 2026." + BODY,
        "Harare, 14 July: Zimbabwe and Zambia signed a power accord." + BODY,
        "TBILISI, April 4 /GHN/. Georgia and Armenia met in 2022." + BODY,
        "Talks resume\n\nThe summit in Hanoi, 5 May 2023. Both leaders spoke." + BODY,
    ],
)
def test_dateline_yearless_dateline_gives_no_date(text: str) -> None:
    assert find_published(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ports accord signed\n\nPublished 3 Feb, 2022 11:20pm\n" + BODY, (date(2022, 2, 3), "3 Feb, 2022")),
        (
            "Rail link talks\n\nMaria Lopez Published March 08, 2021 | 09:15 AM" + BODY,
            (date(2021, 3, 8), "March 08, 2021"),
        ),
        ("Posted on: 2018-09-12\nFisheries pact renewed" + BODY, (date(2018, 9, 12), "2018-09-12")),
        (
            "Trade council meets\n\nUpdated: November 14, 2015 Source: Wire" + BODY,
            (date(2015, 11, 14), "November 14, 2015"),
        ),
        (
            "Commission meets\nLast Updated : Oct 02 2013 | 6:45 PM IST\n" + BODY,
            (date(2013, 10, 2), "Oct 02 2013"),
        ),
        (
            "Gulf council\n\nTuesday, 14 March, 2023 - 10:40\n" + BODY,
            (date(2023, 3, 14), "Tuesday, 14 March, 2023"),
        ),
        ("Andes dialogue\n\nStaff Reporter Thu Mar 09 2023\n" + BODY, (date(2023, 3, 9), "Thu Mar 09 2023")),
    ],
)
def test_dateline_reads_bylines(text: str, expected: tuple[date, str]) -> None:
    assert published(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Norway and Sweden renew grid pact\n\n2022-05-17 14:02\n" + BODY, (date(2022, 5, 17), "2022-05-17")),
        (
            "Latest News\nChile, Peru Talks\n  ·  2019-08-30  ·   Source:\n" + BODY,
            (date(2019, 8, 30), "2019-08-30"),
        ),
        ("Border talks resume\nApril 10, 2019\n" + BODY, (date(2019, 4, 10), "April 10, 2019")),
    ],
)
def test_dateline_reads_date_alone_on_header_line(text: str, expected: tuple[date, str]) -> None:
    assert published(text) == expected


@pytest.mark.parametrize(
    ("stamp_line", "body", "expected"),
    [
        ("03/04/2024 | Statement | Ministry", "On March 3, 2024, the envoys met in Quito.", date(2024, 3, 4)),
        ("03/04/2024 | Statement | Ministry", "The envoys met in Quito on Tuesday.", date(2024, 4, 3)),
        ("03/04/2024 | Statement | Ministry", "On 2 April 2024 the envoys met in Quito.", date(2024, 4, 3)),
        ("12/25/2023 | Statement | Ministry", "The envoys met in Quito.", date(2023, 12, 25)),
    ],
)
def test_dateline_numeric_page_date_is_day_first_unless_confirmed(
    stamp_line: str, body: str, expected: date
) -> None:
    text = f"Ministry of Foreign Affairs\n\n{stamp_line}\n\nEcuador and Colombia consult\n\n{body}"
    assert published(text) == (expected, stamp_line[:10])


def test_dateline_reads_closing_wire_line_at_end() -> None:
    text = (
        "Japan and Mongolia will hold a joint committee on Tuesday."
        + BODY
        + "(Kyodo News Agency June 2, 2009)\n"
    )
    assert published(text) == (date(2009, 6, 2), "June 2, 2009")


def test_dateline_ignores_wire_line_far_from_the_end() -> None:
    text = "Japan and Mongolia met.\n(Kyodo News Agency June 2, 2009)\n" + "More detail follows here. " * 40
    assert find_published(text) is None


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("P 081530Z FEB 79", date(1979, 2, 8)),
        ("R 221000Z NOV 05", date(2005, 11, 22)),
        ("O 301200Z JUN 30", date(2030, 6, 30)),
    ],
)
def test_dateline_reads_cable_date_time_group(stamp: str, expected: date) -> None:
    text = f"SECRET\nPAGE 01 STATE 012345\nORIGIN EA-09\n{stamp}\nFM SECSTATE WASHDC\nTO AMEMBASSY OSLO\n"
    assert published(text) == (expected, stamp[2:])


@pytest.mark.parametrize(
    "text",
    [
        "https://news.example.org/2021/05/04/talks-resume\n\nThe ministers met again." + BODY,
        "example.com/04-May-2021/talks\n\nThe ministers met again." + BODY,
        "www.example.org/2019/04/talks | HANOI, May 8 (VNA): Vietnam and Laos met." + BODY,
        "Talks resume\n\nThe committee met in Lusaka on 22nd November 2017 to review the plan." + BODY,
        "Talks resume\n\nThe ministers met Sunday, 22 October 2017, in Maputo." + BODY,
        "Talks resume" + BODY * 12 + "Published 3 Feb, 2022 11:20pm\n" + BODY * 8,
        "",
    ],
)
def test_dateline_finds_nothing_outside_the_header_conventions(text: str) -> None:
    assert find_published(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-07-09", date(2020, 7, 9)),
        ("9 July 2020", date(2020, 7, 9)),
        ("9th of July, 2020", date(2020, 7, 9)),
        ("July 9, 2020", date(2020, 7, 9)),
        ("Jul 09 2020", date(2020, 7, 9)),
        ("Sept. 1, 2020", date(2020, 9, 1)),
        ("09/07/2020", date(2020, 7, 9)),
        ("07/29/2020", date(2020, 7, 29)),
        ("31 June 2020", None),
        ("next Tuesday", None),
    ],
)
def test_dateline_parse_date_text(text: str, expected: date | None) -> None:
    assert parse_date_text(text) == expected


def test_dateline_numeric_date_month_first_only_when_asked_and_possible() -> None:
    assert numeric_date(3, 4, 2024) == date(2024, 4, 3)
    assert numeric_date(3, 4, 2024, month_first=True) == date(2024, 3, 4)
    assert numeric_date(25, 12, 2024, month_first=True) == date(2024, 12, 25)


@pytest.mark.parametrize(
    ("digits", "near", "expected"),
    [
        (76, None, 1976),
        (5, None, 2005),
        (30, None, 2030),
        (31, None, 1931),
        (99, 2001, 1999),
        (21, 2021, 2021),
    ],
)
def test_dateline_expand_year(digits: int, near: int | None, expected: int) -> None:
    assert expand_year(digits, near) == expected


def test_dateline_mask_urls_keeps_offsets_and_other_dates() -> None:
    text = "see https://x.example/2020/01/02 and 01/11/2025 | www.example.org/a"
    masked = mask_urls(text)
    assert len(masked) == len(text)
    assert "2020" not in masked and "example" not in masked
    assert "01/11/2025" in masked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kabar | 14 March 2024, 10:05\n\nBISHKEK - The commission met.\n", date(2024, 3, 14)),
        (
            "The two sides met in Baku.\n\nThey agreed to meet again.\n\nEditor: A. Rahimov | 2023-11-02 18:40:11\n",
            date(2023, 11, 2),
        ),
        ("Ulaanbaatar Post | 2022.05.09\n\nThe council met on Monday.\n", date(2022, 5, 9)),
    ],
)
def test_dateline_reads_short_stamp_lines_at_top_or_end(text: str, expected: date) -> None:
    found = find_published(text)
    assert found is not None and found[0] == expected


def test_dateline_stamp_line_is_not_a_sentence() -> None:
    text = "The ministers said on 3 May 2021 that the dialogue would resume soon.\nMore text follows here.\n"
    assert find_published(text) is None
