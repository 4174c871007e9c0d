"""Meeting frames: one record per occasion, with round, date, venue, mode, status and chairs."""

from __future__ import annotations

import re
from datetime import date

import pytest

from corridor.extract import dates, frames, segment, tagging  # noqa: F401  (registers stages)
from corridor.extract.pipeline import Pipeline
from corridor.model import Document

PIPELINE = Pipeline(["segment", "dates", "tag", "frames"])


def meetings(text: str, published: date | None = None) -> list[dict]:
    doc = Document(text=text, source="t", published=published)
    PIPELINE(doc)
    return [m.to_json(doc.text) for m in doc.meetings]


def brief(m: dict) -> tuple:
    return (m["ordinal"], m["status"], m["date"], m["city"], m["country"], m["mode"])


def test_frames_held_round_with_coreferent_chairs() -> None:
    text = (
        "NAIROBI: The 9th session of the Kenya-Uganda Joint Permanent Commission was held in Nairobi on 4 March 2024.\n\n"
        "The session was co-chaired by Foreign Affairs Cabinet Secretary Musa Otieno and his Ugandan counterpart "
        "Grace Nakato."
    )
    (m,) = meetings(text, date(2024, 3, 5))
    assert brief(m) == (9, "held", "2024-03-04", "Nairobi", "Kenya", "in_person")
    assert set(m["mechanism"]["parties"]) == {"Kenya", "Uganda"}
    chairs = {(c["name"], c["country"]) for c in m["chairs"]}
    assert chairs == {("Musa Otieno", "Kenya"), ("Grace Nakato", "Uganda")}


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        (
            "The third round of Chile-Peru political consultations was held in Lima on Tuesday.",
            date(2023, 5, 10),
            (3, "held", "2023-05-09", "Lima", "Peru", "in_person"),
        ),
        (
            "Vietnam and Cambodia held the fifth meeting of their Joint Commission on Trade via video link yesterday.",
            date(2022, 8, 12),
            (5, "held", "2022-08-11", None, None, "virtual"),
        ),
        (
            "The 12th Qatar-Oman Joint Committee will be held in Doha next month.",
            date(2024, 2, 1),
            (12, "scheduled", "2024-03", "Doha", "Qatar", "in_person"),
        ),
        (
            "The Ghana-Nigeria Joint Commission held its fourth session in Accra on 2 June 2021.",
            None,
            (4, "held", "2021-06-02", "Accra", "Ghana", "in_person"),
        ),
    ],
)
def test_frames_fields_from_the_meeting_sentence(sentence, published, expected) -> None:
    (m,) = meetings(sentence, published)
    assert brief(m) == expected


def test_frames_back_reference_is_its_own_record() -> None:
    text = (
        "The 6th meeting of the Brazil-Argentina Strategic Dialogue was held in Brasilia on 14 May 2024. "
        "The two sides reviewed the progress made since the fifth meeting held in Buenos Aires on 2 June 2022."
    )
    found = sorted(meetings(text, date(2024, 5, 15)), key=lambda m: m["ordinal"])
    assert [brief(m) for m in found] == [
        (5, "reference", "2022-06-02", "Buenos Aires", "Argentina", "in_person"),
        (6, "held", "2024-05-14", "Brasilia", "Brazil", "in_person"),
    ]


def test_frames_gap_years_is_no_round_number() -> None:
    text = "India and Bhutan held the first meeting of their Joint Commission after a gap of 12 years in Thimphu today."
    (m,) = meetings(text, date(2023, 9, 1))
    assert m["ordinal"] is None and m["date"] == "2023-09-01"


def test_frames_postponed_meeting_takes_its_new_date() -> None:
    text = (
        "The seventh Mexico-Guatemala Binational Commission, originally set for 3 October 2023, "
        "has been postponed to 20 November 2023 and will take place in Mexico City."
    )
    (m,) = meetings(text, date(2023, 9, 25))
    assert brief(m) == (7, "scheduled", "2023-11-20", "Mexico City", "Mexico", "in_person")


def test_frames_two_mechanisms_in_one_sentence_share_venue_and_chairs() -> None:
    text = (
        "Foreign Minister Ana Silva and Foreign Minister Joao Costa co-chaired the 4th Portugal-Brazil Joint "
        "Commission and the 2nd Portugal-Brazil Strategic Dialogue in Lisbon on 9 April 2024."
    )
    found = meetings(text, date(2024, 4, 10))
    assert sorted(m["ordinal"] for m in found) == [2, 4]
    for m in found:
        assert (m["date"], m["city"]) == ("2024-04-09", "Lisbon")
        assert {c["name"] for c in m["chairs"]} == {"Ana Silva", "Joao Costa"}


@pytest.mark.parametrize(
    "text",
    [
        "Foreign Minister Ali Reza paid a courtesy call on President Amina Bello in Abuja on Monday.",
        "The spokesperson said at the regular press briefing on Friday that the talks were productive.",
        "The foreign ministers met on the sidelines of the 24th SCO Council of Foreign Ministers in Astana.",
        "The 5th meeting of the National Security Committee was held in Islamabad on Monday.",
        "The 3rd Pakistan-China Think Tanks Forum was held in Beijing on 2 July 2023.",
    ],
)
def test_frames_distractors_are_not_meetings(text) -> None:
    assert meetings(text, date(2023, 7, 5)) == []


def test_frames_every_meeting_has_evidence_inside_the_text() -> None:
    text = "The 2nd Japan-Philippines 2+2 Ministerial Meeting was held in Manila on 8 July 2024."
    doc = Document(text=text, source="t", published=date(2024, 7, 9))
    PIPELINE(doc)
    (m,) = doc.meetings
    assert m.evidence and all(text[s.start : s.end] for s in m.evidence)
    assert text[m.fields["date"].start : m.fields["date"].end] == "8 July 2024"


def test_frames_respective_offices_give_each_chair_a_country() -> None:
    text = (
        "The presidents of Chile and Argentina, Ana Morales and Luis Ferrer, on Monday co-chaired the third "
        "Chile-Argentina Binational Cabinet in Santiago."
    )
    (m,) = meetings(text, date(2024, 3, 5))
    assert {(c["name"], c["title"], c["country"]) for c in m["chairs"]} == {
        ("Ana Morales", "President", "Chile"),
        ("Luis Ferrer", "President", "Argentina"),
    }


def test_frames_host_and_guest_counterpart_are_both_chairs() -> None:
    text = (
        "President Amara Diallo hosted his Senegalese counterpart Moussa Sarr for the fifth session of the "
        "Guinea-Senegal Joint Commission in Conakry on 2 May 2024."
    )
    (m,) = meetings(text, date(2024, 5, 3))
    assert {(c["name"], c["title"], c["country"]) for c in m["chairs"]} == {
        ("Amara Diallo", "President", "Guinea"),
        ("Moussa Sarr", "President", "Senegal"),
    }


def test_frames_a_visitor_is_from_the_other_party() -> None:
    text = (
        "At the invitation of Foreign Secretary Nimal Perera, Vice Foreign Minister Zhao Lin will visit Sri Lanka "
        "next week and co-chair the 9th round of diplomatic consultations between China and Sri Lanka in Colombo."
    )
    (m,) = meetings(text, date(2024, 4, 15))
    assert {(c["name"], c["country"]) for c in m["chairs"]} == {
        ("Nimal Perera", "Sri Lanka"),
        ("Zhao Lin", "China"),
    }


def test_frames_a_country_represented_by_its_head_of_delegation() -> None:
    text = (
        "The 3rd Chile-Japan Strategic Dialogue took place in Tokyo on 5 September 2023. Undersecretary Ana Rojas "
        "led the Chilean delegation; Japan was represented by Vice-Minister for Foreign Affairs Kenji Mori."
    )
    (m,) = meetings(text, date(2023, 9, 11))
    assert {(c["name"], c["country"]) for c in m["chairs"]} == {
        ("Ana Rojas", "Chile"),
        ("Kenji Mori", "Japan"),
    }


def test_frames_chairs_named_in_apposition_and_as_counterpart() -> None:
    text = (
        "Lusaka, 13 June 2024 - The ninth session of the Zambia-Malawi Joint Permanent Commission opened in "
        "Chipata on Monday.\n\nForeign Minister Grace Banda, who led the Zambian delegation, said trade was "
        "growing. Her Malawian counterpart Peter Phiri said the border posts would open soon."
    )
    (m,) = meetings(text, date(2024, 6, 13))
    assert brief(m) == (9, "held", "2024-06-10", "Chipata", None, "in_person")
    assert {(c["name"], c["title"], c["country"]) for c in m["chairs"]} == {
        ("Grace Banda", "Foreign Minister", "Zambia"),
        ("Peter Phiri", "Foreign Minister", "Malawi"),
    }


def test_frames_a_side_that_will_be_chaired_and_a_surname_heading_a_side() -> None:
    text = (
        "The 8th meeting of the Oman-Iran Joint Economic Commission will be held in Muscat next week, Minister of "
        "Economy Reza Karimi said on Sunday.\n\nKarimi, who heads the Iranian side of the commission, said the "
        "talks would focus on gas. The Omani side will be chaired by Minister of Commerce Salim Al Harthy.\n\n"
        "The previous meeting of the commission was held in Tehran in 2022."
    )
    held, previous = meetings(text, date(2024, 5, 20))
    assert {(c["name"], c["country"]) for c in held["chairs"]} == {
        ("Reza Karimi", "Iran"),
        ("Salim Al Harthy", "Oman"),
    }
    assert previous["status"] == "reference"
    assert all("previous" not in alias for alias in previous["mechanism"]["aliases"])


def test_frames_a_spokesperson_announcing_a_round_is_no_chair() -> None:
    text = (
        "ISLAMABAD: The Foreign Office spokesperson Amna Qadir said at the weekly press briefing that Additional "
        "Secretary Bilal Ahmed would lead the Pakistani delegation to the fifth round of Pakistan-Poland "
        "bilateral political consultations in Warsaw next week."
    )
    (m,) = meetings(text, date(2024, 6, 7))
    assert [(c["name"], c["country"]) for c in m["chairs"]] == [("Bilal Ahmed", "Pakistan")]


def test_frames_a_round_recalled_with_since_is_its_own_reference() -> None:
    text = (
        "Almaty, 12 September 2023 - A regular meeting of the Kazakhstan-Kyrgyzstan Intergovernmental Council was "
        "held in Almaty. The parties noted that since the third meeting of the council held in Bishkek in 2022, "
        "mutual trade had grown by a third."
    )
    held, recalled = meetings(text, date(2023, 9, 12))
    assert (held["ordinal"], held["status"], held["city"]) == (None, "held", "Almaty")
    assert (recalled["ordinal"], recalled["status"], recalled["city"]) == (3, "reference", "Bishkek")


def test_frames_a_lower_round_told_after_the_news_is_background() -> None:
    text = (
        "YEREVAN. The 18th session of the Armenian-Georgian Intergovernmental Commission will take place in "
        "Tbilisi later this month, the deputy prime minister said.\n\nThe 17th session was held in Yerevan in "
        "November 2023."
    )
    upcoming, earlier = meetings(text)
    assert (upcoming["ordinal"], upcoming["status"]) == (18, "scheduled")
    assert (earlier["ordinal"], earlier["status"], earlier["city"]) == (17, "reference", "Yerevan")


def test_frames_a_qualified_round_keeps_its_number() -> None:
    text = (
        "The Chinese and Brazilian vice presidents will co-chair the seventh plenary session of the China-Brazil "
        "High-Level Coordination and Cooperation Commission in Beijing next year."
    )
    (m,) = meetings(text, date(2023, 10, 20))
    assert (m["ordinal"], m["status"], m["city"]) == (7, "scheduled", "Beijing")


def test_frames_a_dateline_after_page_furniture_places_a_meeting_held_here() -> None:
    text = (
        "Home | News | World\n\nShare: f t in\n\nXinhua | Updated: 2024-12-06 09:12\n\n"
        "VIENTIANE -- China and Laos held the fifth meeting of the China-Laos Intergovernmental Coordination "
        "Committee here on Thursday."
    )
    (m,) = meetings(text, date(2024, 12, 6))
    assert brief(m) == (5, "held", "2024-12-05", "Vientiane", "Laos", "in_person")


def test_frames_another_body_on_the_same_day_keeps_its_own_chairs() -> None:
    text = (
        "Deputy Prime Minister Lee Wen and Vice Premier Zhou Ming co-chaired the 20th Joint Council for Bilateral "
        "Cooperation between Singapore and China in Tianjin on 11 September 2024. On the same day, the 16th "
        "Sino-Singapore Tianjin Eco-City Joint Steering Council was also held."
    )
    council, steering = meetings(text, date(2024, 9, 12))
    assert len(council["chairs"]) == 2
    assert steering["date"] == "2024-09-11" and steering["chairs"] == []


def test_frames_a_chair_visiting_a_country_places_the_round_there() -> None:
    text = (
        "On March 13, Minister for Foreign Affairs Sato Ken co-chaired the 9th Meeting of the Japan-Cambodia "
        "Cooperation Committee with Minister of Foreign Affairs Prak Sokhonn, who is visiting Japan."
    )
    (m,) = meetings(text, date(2024, 3, 14))
    assert brief(m) == (9, "held", "2024-03-13", None, "Japan", "in_person")


def test_frames_a_round_of_a_body_named_by_its_acronym_is_its_own_record() -> None:
    text = (
        "ISLAMABAD: Pakistan and Egypt on Tuesday held the 6th meeting of the Pakistan-Egypt Joint Working Group "
        "on Counter Terrorism in Cairo.\n\nThe fifth meeting of the JWG was held in Islamabad in 2021."
    )
    held, earlier = meetings(text)
    assert (held["ordinal"], held["date"], held["city"]) == (6, None, "Cairo")
    assert (earlier["ordinal"], earlier["status"], earlier["city"]) == (5, "reference", "Islamabad")


def test_frames_chairs_of_the_meetings_of_a_committee_on_a_coming_day() -> None:
    text = (
        "AMMAN - Prime Minister Omar Haddad and his Iraqi counterpart Ali Kadhim will chair the meetings of the "
        "Jordanian-Iraqi Joint Higher Committee in Baghdad on Sunday, a government source said on Thursday.\n\n"
        "The committee's last meeting was held in Amman in 2022."
    )
    coming, last = meetings(text, date(2024, 11, 21))
    assert brief(coming) == (None, "scheduled", "2024-11-24", "Baghdad", "Iraq", "in_person")
    assert len(coming["chairs"]) == 2
    assert (last["status"], last["city"]) == ("reference", "Amman")


def test_frames_a_round_number_before_an_office_level() -> None:
    text = "Ministers on Thursday co-chaired the 38th ministerial-level meeting of the Bangladesh-India Joint Rivers Commission."
    (m,) = meetings(text, date(2022, 8, 26))
    assert (m["ordinal"], m["date"]) == (38, "2022-08-25")


def test_frames_a_bare_acronym_spelling_the_name_is_the_same_mechanism() -> None:
    text = (
        "On 14 November 2024, the XIV meeting of the Georgia-Armenia Intergovernmental Commission on Economic "
        "Cooperation was held in Tbilisi. The co-chairs signed the protocol of the XIV meeting of the IGC. "
        "The next, XV meeting of the Commission will be held in Yerevan in 2025."
    )
    held, coming = meetings(text)
    assert (held["ordinal"], held["status"], held["city"]) == (14, "held", "Tbilisi")
    assert (coming["ordinal"], coming["status"], coming["city"]) == (15, "scheduled", "Yerevan")
    assert held["mechanism"]["name"] == coming["mechanism"]["name"]


def test_frames_a_meeting_to_be_held_is_upcoming() -> None:
    text = (
        "The 11th meeting of the Nepal-India Joint Working Group on Power was held in Pokhara. It prepared the "
        "ground for the Joint Steering Committee meeting to be held on Friday."
    )
    _, steering = meetings(text)
    assert steering["status"] == "scheduled" and "Steering" in steering["mechanism"]["name"]


def test_frames_a_meeting_of_several_days_that_ended_takes_its_first_day() -> None:
    text = (
        "QUETTA: The two-day 23rd meeting of the Pakistan-Iran Joint Border Commission concluded here yesterday "
        "with an agreement to open two new crossings."
    )
    (m,) = meetings(text, date(2023, 6, 8))
    assert m["date"] == "2023-06-06"


def test_frames_hosts_listed_together_and_their_counterparts_are_one_side_each() -> None:
    text = (
        "CANBERRA, Dec 9, 2023 - Foreign Minister Ann Walsh and Defence Minister Tom Reid hosted their French "
        "counterparts Claire Dubois and Marc Lefevre in Canberra on Friday for the first Australia-France 2+2 "
        "ministerial consultations."
    )
    (m,) = meetings(text)
    assert {(c["name"], c["title"], c["country"]) for c in m["chairs"]} == {
        ("Ann Walsh", "Foreign Minister", "Australia"),
        ("Tom Reid", "Defence Minister", "Australia"),
        ("Claire Dubois", "Foreign Minister", "France"),
        ("Marc Lefevre", "Defence Minister", "France"),
    }


@pytest.mark.parametrize(
    "text, published, expected",
    [
        (
            "ANKARA - Turkiye and Spain will hold their 8th intergovernmental summit in Madrid on Wednesday, with "
            "President Ali Demir and Prime Minister Jose Ruiz co-chairing the meeting, officials said on Monday.",
            date(2024, 2, 12),
            (8, "scheduled", "2024-02-14", "Madrid", "Spain", "in_person"),
        ),
        (
            "ISLAMABAD: Pakistan and Bangladesh held Foreign Secretary-level consultations in Dhaka on Thursday, the "
            "first such talks in 15 years.",
            date(2025, 4, 17),
            (None, "held", "2025-04-17", "Dhaka", "Bangladesh", "in_person"),
        ),
        (
            "The 10th China-Japan-ROK Trilateral Foreign Ministers' Meeting was held in Busan on November 26, 2023.",
            None,
            (10, "held", "2023-11-26", "Busan", "South Korea", "in_person"),
        ),
        (
            "Foreign Minister Li Hua will travel to Cairo from August 2 to 3 and co-chair the fourth China-Egypt "
            "Strategic Dialogue.",
            date(2023, 7, 28),
            (4, "scheduled", None, "Cairo", "Egypt", "in_person"),
        ),
    ],
)
def test_frames_more_ways_of_naming_a_round(text, published, expected) -> None:
    (m,) = meetings(text, published)
    assert brief(m) == expected


def test_frames_hosted_guests_named_without_counterparts_and_a_side_that_is_led() -> None:
    text = (
        "WASHINGTON - Secretary of State Ann Lee and Secretary of Defense Bob Hart hosted Philippine Foreign Affairs "
        "Secretary Jose Cruz and Defense Secretary Mario Reyes in Washington on Tuesday for the third "
        "Philippines-United States 2+2 Ministerial Dialogue. The Philippine delegation is led by Jose Cruz."
    )
    (m,) = meetings(text, date(2023, 4, 12))
    assert {(c["name"], c["country"]) for c in m["chairs"]} == {
        ("Ann Lee", "United States"),
        ("Bob Hart", "United States"),
        ("Jose Cruz", "Philippines"),
        ("Mario Reyes", "Philippines"),
    }


@pytest.mark.parametrize(
    "text, published, expected",
    [
        (
            "ISLAMABAD: The Joint Cooperation Committee (JCC) of the China-Pakistan Economic Corridor, meeting "
            "virtually on Tuesday, approved three new projects.",
            date(2022, 12, 14),
            (None, "held", "2022-12-13", None, None, "virtual"),
        ),
        (
            "PUTRAJAYA: Prime Minister Aziz Rahman will host his Singapore counterpart Tan Wei for the 10th "
            "Malaysia-Singapore Leaders' Retreat in Putrajaya on January 11, officials said today.",
            date(2024, 1, 5),
            (10, "scheduled", "2024-01-11", "Putrajaya", "Malaysia", "in_person"),
        ),
        (
            "The prime minister chaired a meeting on CPEC and directed the authorities to convene the 9th meeting "
            "of the Joint Working Group on Gwadar next month.",
            date(2024, 9, 25),
            (9, "scheduled", "2024-10", None, None, None),
        ),
    ],
)
def test_frames_a_round_met_hosted_or_to_be_convened(text, published, expected) -> None:
    found = [m for m in meetings(text, published) if m["ordinal"] == expected[0]]
    assert brief(found[0]) == expected


def test_frames_leaders_leading_a_meeting_are_its_chairs() -> None:
    text = (
        "QUITO - The XI Binational Cabinet between Ecuador and Colombia will take place in Quito on 6 December, "
        "with Presidents Ana Mora and Luis Pardo leading the meeting, the Foreign Ministry said."
    )
    (m,) = meetings(text, date(2024, 11, 27))
    assert {(c["name"], c["title"]) for c in m["chairs"]} == {
        ("Ana Mora", "President"),
        ("Luis Pardo", "President"),
    }


def test_frames_a_ministerial_meeting_of_a_named_council_is_a_round_of_that_council() -> None:
    text = (
        "India and the European Union will hold the second ministerial meeting of their Trade and Technology "
        "Council (TTC) in New Delhi next month. External Affairs Minister Arun Rao, Commerce Minister Vikram Jain "
        "and Minister of Electronics Neha Iyer will co-chair the meeting with European Commission Executive "
        "Vice-Presidents Eva Lind and Jan Novak.\n\nThe first TTC ministerial meeting was held in Brussels on May 16."
    )
    coming, first = meetings(text, date(2023, 6, 30))
    assert coming["mechanism"]["name"] == first["mechanism"]["name"]
    assert (coming["ordinal"], coming["status"], coming["city"]) == (2, "scheduled", "New Delhi")
    assert (first["ordinal"], first["status"], first["date"]) == (1, "reference", "2023-05-16")
    sides = {c["name"]: c["country"] for c in coming["chairs"]}
    assert sides["Vikram Jain"] == sides["Neha Iyer"] == "India"


def test_frames_a_round_held_at_a_building_met_in_person() -> None:
    text = (
        "RAWALPINDI: The 17th meeting of the Pakistan-Turkiye High-Level Military Dialogue Group (HLMDG) was "
        "held at the General Headquarters on Thursday."
    )
    (m,) = meetings(text, date(2025, 3, 14))
    assert brief(m) == (17, "held", "2025-03-13", None, None, "in_person")


def test_frames_delegations_in_parenthetical_clauses_and_its_two_day_third_session() -> None:
    text = (
        "LAHORE: The Pakistan-Uzbekistan Joint Working Group on Trade concluded its two-day third session in Lahore "
        "on Wednesday.\n\nThe Uzbek delegation, led by Deputy Minister of Trade Aziz Karimov, held detailed talks "
        "with the Pakistani side, headed by Commerce Secretary Omar Farooq."
    )
    (m,) = meetings(text, date(2024, 2, 29))
    assert brief(m) == (3, "held", "2024-02-27", "Lahore", "Pakistan", "in_person")
    assert {(c["name"], c["country"]) for c in m["chairs"]} == {
        ("Aziz Karimov", "Uzbekistan"),
        ("Omar Farooq", "Pakistan"),
    }


def test_frames_a_list_that_led_or_headed_one_side() -> None:
    text = (
        "The third annual meeting of the U.S.-Mexico High-Level Economic Dialogue (HLED) was held in Washington on "
        "Thursday. Foreign Secretary Ana Ruiz and Economy Secretary Luis Vega led the Mexican delegation; the U.S. "
        "side was headed by Secretary of State John Hale, Commerce Secretary Mary Ford and Trade Representative "
        "Kim Lowe."
    )
    (m,) = meetings(text, date(2023, 9, 22))
    assert {c["name"]: c["country"] for c in m["chairs"]} == {
        "Ana Ruiz": "Mexico",
        "Luis Vega": "Mexico",
        "John Hale": "United States",
        "Mary Ford": "United States",
        "Kim Lowe": "United States",
    }


def test_frames_a_round_being_prepared_by_the_co_chairs_of_a_named_commission() -> None:
    text = (
        "BAKU - The co-chairs of the Azerbaijan-Russia Intergovernmental Commission, Deputy Prime Minister Elvin "
        "Aliyev and Russian Deputy Prime Minister Pavel Orlov, met in Moscow on Wednesday to discuss preparations "
        "for the 23rd meeting of the commission, which will be held in Baku in the autumn."
    )
    (m,) = meetings(text, date(2025, 5, 8))
    assert brief(m) == (23, "scheduled", None, "Baku", "Azerbaijan", "in_person")
    assert {(c["name"], c["country"]) for c in m["chairs"]} == {
        ("Elvin Aliyev", "Azerbaijan"),
        ("Pavel Orlov", "Russia"),
    }


def test_frames_during_a_visit_named_with_an_article_places_the_round_at_its_destination() -> None:
    text = (
        "The two countries reaffirmed their ties during the prime minister's recently concluded visit to Ankara. "
        "During a three-day official visit, the prime minister and his Turkish counterpart co-chaired the 5th "
        "Session of the Pakistan-Turkey High-Level Strategic Cooperation Council."
    )
    (m,) = meetings(text)
    assert (m["ordinal"], m["city"], m["country"], m["mode"]) == (5, "Ankara", "Turkey", "in_person")


def test_frames_a_round_named_in_the_headline_and_chaired_in_a_city() -> None:
    text = (
        "Pakistan, Saudi Arabia hold 2nd round of political consultations\n\nRIYADH, March 21 (APP): Foreign "
        "Secretary Amir Latif and Saudi Deputy Foreign Minister Fahd Saleh co-chaired the meeting in Riyadh on "
        "Wednesday."
    )
    (m,) = meetings(text)
    assert brief(m) == (2, "held", None, "Riyadh", "Saudi Arabia", "in_person")
    assert len(m["chairs"]) == 2


def test_frames_each_part_headed_by_its_chair() -> None:
    text = (
        "ASTANA, April 4. KAZINFORM - The 12th meeting of the Kazakh-Turkmen intergovernmental commission on "
        "economic cooperation was held in Ashgabat.\n\nThe Kazakh part was headed by First Deputy Prime Minister "
        "Arman Serikov, the Turkmen part - by Deputy Chairman of the Cabinet of Ministers Myrat Orazov."
    )
    (m,) = meetings(text)
    assert {(c["name"], c["country"]) for c in m["chairs"]} == {
        ("Arman Serikov", "Kazakhstan"),
        ("Myrat Orazov", "Turkmenistan"),
    }


@pytest.mark.parametrize(
    "text, published, expected",
    [
        (
            "KUWAIT CITY: The Kuwaiti-Egyptian Joint Higher Committee will convene in Kuwait City on Sunday and "
            "Monday, with the two foreign ministers chairing the meetings.",
            date(2024, 6, 20),
            (None, "scheduled", "2024-06-23", "Kuwait City", "Kuwait", "in_person"),
        ),
        (
            "On April 3, Deputy Foreign Minister Ivan Petrov held consultations with Vietnamese Deputy Foreign "
            "Minister Le Van Nam in Moscow as part of the regular Russia-Vietnam strategic dialogue at the level of "
            "deputy foreign ministers.",
            date(2024, 4, 4),
            (None, "held", "2024-04-03", "Moscow", "Russia", "in_person"),
        ),
        (
            "TASHKENT - The first meeting of the Supreme Interstate Council of Uzbekistan and Tajikistan will be held "
            "in Dushanbe during the president's state visit on April 18-19, the press service said.",
            date(2024, 4, 4),
            (1, "scheduled", None, "Dushanbe", "Tajikistan", "in_person"),
        ),
    ],
)
def test_frames_rounds_that_will_convene_are_part_of_a_dialogue_or_fall_in_a_visit(
    text, published, expected
) -> None:
    (m,) = meetings(text, published)
    assert brief(m) == expected


def test_frames_a_surname_alone_in_a_list_of_chairs() -> None:
    text = (
        "TASHKENT - The first meeting of the Supreme Interstate Council of Uzbekistan and Tajikistan will be held in "
        "Dushanbe during President Aziz Karimov's state visit next week.\n\nKarimov and President Rustam Nazarov "
        "will co-chair the council."
    )
    (m,) = meetings(text, date(2024, 4, 4))
    assert [c["name"] for c in m["chairs"]] == ["Aziz Karimov", "Rustam Nazarov"]


def test_frames_a_surname_in_a_list_beside_an_office_named_without_a_person() -> None:
    text = (
        "TASHKENT - The first meeting of the Supreme Interstate Council of Uzbekistan and Tajikistan will be held in "
        "Dushanbe during President Aziz Karimov's state visit next week. \u201cTrade comes first,\u201d the minister "
        "said as Karimov prepared to travel.\n\nKarimov and President Rustam Nazarov will co-chair the council."
    )
    (m,) = meetings(text, date(2024, 4, 4))
    assert [c["name"] for c in m["chairs"]] == ["Aziz Karimov", "Rustam Nazarov"]


def test_frames_an_unlisted_city_with_its_country_and_a_joint_task_force() -> None:
    text = (
        "KATHMANDU: The seventh meeting of the Nepal-India Boundary Working Group (BWG) concluded in Dehradun, "
        "India on Wednesday.\n\nMUMBAI: The 12th meeting of the UAE-India High Level Joint Task Force on "
        "Investments was held in Mumbai on Wednesday."
    )
    boundary, task_force = meetings(text, date(2025, 9, 18))
    assert brief(boundary) == (7, "held", "2025-09-17", "Dehradun", "India", "in_person")
    assert task_force["ordinal"] == 12 and "Task Force" in task_force["mechanism"]["name"]


def test_frames_folded_patterns_match_as_case_insensitive_ones_with_the_same_offsets() -> None:
    from corridor.extract.frames import Folded

    pattern = r"\b(?:co-?chaired|led)\s+by\b"
    folded, plain = Folded(pattern), re.compile(pattern, re.I)
    for text in (
        "The talks were CO-CHAIRED BY the ministers.",
        "Led by İlham Aliyev, it was LED BY him.",
        "none",
    ):
        assert [m.span() for m in folded.finditer(text)] == [m.span() for m in plain.finditer(text)]
        found, expected = folded.search(text), plain.search(text)
        assert (found and found.span()) == (expected and expected.span())


def test_frames_chairs_named_as_the_co_chairs_in_apposition() -> None:
    text = (
        "ACCRA, 14 March 2024 (GNA) - The 9th session of the Ghana-Togo Permanent Joint Commission for "
        "Cooperation opened in Accra on Thursday.\n\nForeign Minister Shirley Ayorkor Botchwey and Togolese "
        "Minister of Foreign Affairs Robert Dussey, the co-chairs of the commission, spoke to reporters before "
        "the closed session."
    )
    (m,) = meetings(text, date(2024, 3, 14))
    assert [c["name"] for c in m["chairs"]] == ["Shirley Ayorkor Botchwey", "Robert Dussey"]


def test_frames_hosts_and_guests_named_right_after_the_round() -> None:
    text = (
        "CANBERRA, 3 October 2024 (AAP) - Australian and Indonesian foreign and defence ministers met here on "
        "Thursday for the ninth Australia-Indonesia 2+2 Ministerial Meeting.\n\nForeign Minister Penny Wong and "
        "Defence Minister Richard Marles hosted Indonesian Foreign Minister Retno Marsudi and Defence Minister "
        "Prabowo Subianto."
    )
    (m,) = meetings(text, date(2024, 10, 3))
    assert [c["name"] for c in m["chairs"]] == [
        "Penny Wong",
        "Richard Marles",
        "Retno Marsudi",
        "Prabowo Subianto",
    ]
    assert (m["ordinal"], m["city"]) == (9, "Canberra")


@pytest.mark.parametrize(
    ("focus", "expected"),
    [
        (
            "the fourth Australia-Japan 2+2 Ministerial Consultations",
            [(4, "held", "2+2"), (1, "reference", "2+2")],
        ),
        (
            "the fourth Australia-Japan Joint Committee",
            [(4, "held", "Joint Committee"), (1, "reference", "2+2")],
        ),
    ],
)
def test_frames_the_first_2plus2_meeting_is_a_round_of_a_2plus2(focus: str, expected: list) -> None:
    text = (
        f"TOKYO, 5 December 2024 (Kyodo) - Ministers met in Tokyo on Thursday for {focus}.\n\n"
        "The first 2+2 meeting was held in Sydney in 2007."
    )
    found = meetings(text, date(2024, 12, 5))
    assert [(m["ordinal"], m["status"]) for m in found] == [(o, s) for o, s, _ in expected]
    for m, (_, _, named) in zip(found, expected, strict=True):
        assert named in m["mechanism"]["name"]
    assert found[1]["city"] == "Sydney"


def test_frames_an_association_council_is_a_format_and_a_friendship_association_is_not() -> None:
    council = (
        "LUXEMBOURG, 23 April 2024 - The EU-Morocco Association Council held its 14th meeting today, co-chaired "
        "by High Representative Josep Borrell and Moroccan Foreign Minister Nasser Bourita."
    )
    (m,) = meetings(council, date(2024, 4, 23))
    assert "Association Council" in m["mechanism"]["name"] and m["ordinal"] == 14
    assert [c["name"] for c in m["chairs"]] == ["Josep Borrell", "Nasser Bourita"]
    friends = "RABAT, 23 April 2024 - The Morocco-EU Friendship Association held its annual meeting in Rabat."
    assert meetings(friends, date(2024, 4, 23)) == []


def test_frames_the_outlet_in_a_dateline_is_no_chair() -> None:
    text = (
        "Dhaka, March 4, 2024 (Prothom Alo) - Bangladesh and Bhutan held the third round of Foreign "
        "Secretary-level consultations in Dhaka on Sunday. Foreign Secretary Masud Bin Momen led the "
        "Bangladesh delegation and Foreign Secretary Pema Choden led the Bhutanese side."
    )
    (m,) = meetings(text, date(2024, 3, 4))
    assert sorted(c["name"] for c in m["chairs"]) == ["Masud Bin Momen", "Pema Choden"]


def test_frames_chairs_of_a_commission_which_last_met_elsewhere_chair_this_round() -> None:
    text = (
        "Canberra, 12 June 2024\n\nAustralia and Vietnam held the 9th meeting of the Joint Trade and Economic "
        "Cooperation Committee in Canberra today. Trade Minister Don Farrell and Vietnamese Industry Minister "
        "Nguyen Hong Dien co-chaired the committee, which last met in Hanoi in 2022."
    )
    held, recalled = meetings(text, date(2024, 6, 12))
    assert (held["status"], held["ordinal"]) == ("held", 9)
    assert [c["name"] for c in held["chairs"]] == ["Don Farrell", "Nguyen Hong Dien"]
    assert (recalled["status"], recalled["city"], recalled["chairs"]) == ("reference", "Hanoi", [])


def test_frames_a_delegation_that_would_be_led_by_someone() -> None:
    text = (
        "KABUL, 3 May 2024 - The 4th meeting of the Afghanistan-Uzbekistan Joint Economic Commission will be held "
        "in Kabul next week. Officials said the Uzbek delegation would be led by Deputy Prime Minister Jamshid "
        "Khodjaev."
    )
    (m,) = meetings(text, date(2024, 5, 3))
    assert m["status"] == "scheduled" and [c["name"] for c in m["chairs"]] == ["Jamshid Khodjaev"]


def test_frames_a_round_number_set_off_after_the_name() -> None:
    text = (
        "Lisbon, 2 October 2024 - The Portugal-Spain Summit, the 35th held between the two governments, will take "
        "place in Faro on 23 October, officials said on Wednesday."
    )
    (m,) = meetings(text, date(2024, 10, 2))
    assert (m["status"], m["ordinal"], m["date"], m["city"]) == ("scheduled", 35, "2024-10-23", "Faro")


@pytest.mark.parametrize(
    ("second", "chairs"),
    [
        (
            "Deputy Foreign Minister Mukhtar Tileuberdi and Azerbaijan's Deputy Foreign Minister Elnur Mammadov "
            "reviewed trade and transit projects.",
            ["Mukhtar Tileuberdi", "Elnur Mammadov"],
        ),
        ("The delegations reviewed trade and transit projects.", []),
        (
            "Deputy Foreign Minister Mukhtar Tileuberdi, Ambassador Rashid Alimov and Deputy Foreign Minister "
            "Elnur Mammadov reviewed trade and transit projects.",
            [],
        ),
    ],
)
def test_frames_two_officials_opening_the_next_sentence_head_the_round(
    second: str, chairs: list[str]
) -> None:
    text = (
        "Astana, 14 May 2024 - Kazakhstan and Azerbaijan held the 6th round of political consultations in Astana "
        f"on Monday.\n\n{second}"
    )
    (m,) = meetings(text, date(2024, 5, 14))
    assert [c["name"] for c in m["chairs"]] == chairs


def test_frames_one_round_named_in_full_and_short_is_one_meeting() -> None:
    text = (
        "Ministers of Chile and Peru met in Lima on 3 May 2022 for the Fourth Chile-Peru 2+2 Foreign and "
        "Defence Ministerial Consultations.\n\n"
        "At the fourth Chile-Peru 2+2 the ministers reviewed maritime cooperation."
    )
    (m,) = meetings(text, date(2022, 5, 4))
    assert brief(m) == (4, "held", "2022-05-03", "Lima", "Peru", "in_person")
    assert "Foreign and Defence Ministerial Consultations" in m["mechanism"]["name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ACCRA, June 13, 2022: The Ghana-Togo joint ministerial commission has kicked off a two-day "
            "meeting in Accra on Monday.",
            (None, "held", "2022-06-13", "Accra", "Ghana", "in_person"),
        ),
        (
            "TOKYO, Nov 23, 2023: The 12th Japan-EU Leaders' Summit runs from November 23 to 24 in Osaka.",
            (12, "held", "2023-11-23", "Osaka", "Japan", "in_person"),
        ),
    ],
)
def test_frames_bodies_opening_their_meeting_and_leaders_summits(text: str, expected: tuple) -> None:
    (m,) = meetings(text, date.fromisoformat(expected[2]))
    assert brief(m) == expected


def test_frames_rounds_listed_by_number_alone_after_a_recalled_round() -> None:
    text = (
        "ABUJA, June 13, 2022: The Ghana-Togo Joint Commission opened its meeting on Monday. The first meeting "
        "of the Ghana-Togo Joint Commission was held in Accra in 2006, the second was held in Lome in 2010, "
        "while the fourth one was held in Kara."
    )
    found = [(m["ordinal"], m["status"], m["date"], m["city"]) for m in meetings(text, date(2022, 6, 13))]
    assert found == [
        (None, "held", "2022-06-13", None),
        (1, "reference", "2006", "Accra"),
        (2, "reference", "2010", "Lome"),
        (4, "reference", None, "Kara"),
    ]


def test_frames_rounds_listed_with_the_verb_left_out_and_a_host_city_as_subject() -> None:
    text = (
        "NAIROBI, May 7, 2024: The Kenya-Uganda Joint Permanent Commission opened its fifth meeting on Monday. "
        "The first meeting was held in Kampala in 2015, the second in Nairobi in 2017, while Kampala hosted "
        "the third in 2019."
    )
    found = [(m["ordinal"], m["status"], m["date"], m["city"]) for m in meetings(text, date(2024, 5, 7))]
    assert found == [
        (5, "held", "2024-05-06", None),
        (1, "reference", "2015", "Kampala"),
        (2, "reference", "2017", "Nairobi"),
        (3, "reference", "2019", "Kampala"),
    ]


def test_frames_a_numbered_round_in_the_series_is_not_a_list() -> None:
    text = (
        "The next meeting of the Kenya-Uganda Joint Permanent Commission will be held in Kampala in June. "
        "Its last meeting, the ninth in the series, was held in Nairobi in May 2019."
    )
    assert [(m["ordinal"], m["city"]) for m in meetings(text, date(2024, 5, 7))] == [(None, "Kampala"), (9, "Nairobi")]


def test_frames_a_policy_forum_of_two_governments_and_its_acronym_meeting() -> None:
    text = (
        "Minister Anna Park and Secretary Tom Harper will co-chair the 9th ministerial-level meeting of the "
        "Korea-Canada Trade Policy Forum (TPF) in Ottawa next week.\n\n"
        "The 7th TPF Ministerial meeting was held in November 2021 in Seoul."
    )
    found = [(m["mechanism"]["name"], m["ordinal"], m["status"], m["date"]) for m in meetings(text, date(2024, 1, 6))]
    assert found == [
        ("South Korea-Canada Trade Policy Forum", 9, "scheduled", None),
        ("South Korea-Canada Trade Policy Forum", 7, "reference", "2021-11"),
    ]


def test_frames_surnames_listed_as_subjects_are_the_people_named_in_full() -> None:
    text = (
        "Korean Trade Minister Anna Park met Canadian Trade Secretary Tom Harper in Ottawa. Last year, Park and "
        "Harper had co-chaired the 8th meeting of the Korea-Canada Joint Commission in Seoul."
    )
    assert chairs_of(text, date(2024, 1, 6)) == {("Anna Park", "South Korea"), ("Tom Harper", "Canada")}


def test_frames_a_deferred_round_is_still_to_come_and_a_year_after_in() -> None:
    text = (
        "The seventh meeting of the Kenya-Uganda Joint Permanent Commission has been deferred. A new date will "
        "be announced later. The sixth meeting of the commission was held on September 29 in 2020."
    )
    found = [(m["ordinal"], m["status"], m["date"]) for m in meetings(text, date(2022, 5, 29))]
    assert found == [(7, "scheduled", None), (6, "reference", "2020-09-29")]


def test_frames_past_rounds_listed_by_their_dates_are_one_round_each() -> None:
    text = (
        "The third meeting of the Pakistan-China Joint Consultation Mechanism will be held in Islamabad next "
        "week. Previous meetings were held on 19 March 2019 in Beijing and on 20 August 2020 virtually.\n\n"
        "The fourth session of the China-Japan High-Level Economic Dialogue opened in Beijing on Monday. Three "
        "previous sessions of the dialogue were held in China and Japan in turns in December 2007, June 2009 "
        "and August 2010, after which it was suspended."
    )
    found = [(m["ordinal"], m["status"], m["date"], m["city"], m["country"], m["mode"]) for m in meetings(text, date(2024, 1, 6))]
    assert found == [
        (3, "scheduled", None, "Islamabad", "Pakistan", "in_person"),
        (None, "reference", "2019-03-19", "Beijing", "China", "in_person"),
        (None, "reference", "2020-08-20", None, None, "virtual"),
        (4, "held", "2024-01-01", "Beijing", "China", "in_person"),
        (None, "reference", "2007-12", None, None, None),
        (None, "reference", "2009-06", None, None, None),
        (None, "reference", "2010-08", None, None, None),
    ]


def test_frames_a_paragraph_cut_off_at_the_end_of_a_page_still_reports_its_round() -> None:
    text = (
        "The 6th Qatar-US Strategic Dialogue will be held in Washington next week.\n\n"
        "It follows the first summit meeting held by the US President with a Gulf leader in February 2022.\n\n"
        "The 5th Qatar-US Strategic Dialogue was held in Doha on Nov. 22, 2022, months a"
    )
    found = [(m["ordinal"], m["status"], m["date"], m["city"]) for m in meetings(text, date(2024, 1, 6))]
    assert found == [(6, "scheduled", None, "Washington"), (5, "reference", "2022-11-22", "Doha")]


def test_frames_a_lower_case_name_after_the_parties_and_a_next_round_opening_a_sentence() -> None:
    text = (
        "Vice Foreign Minister Choi and Deputy Secretary Sherman on Friday held the ninth round of the "
        "South Korea-US vice foreign ministerial strategic dialogue in Seoul. Next round of dialogue will be "
        "held in Washington at a mutually convenient time."
    )
    found = [(m["mechanism"]["name"], m["ordinal"], m["status"], m["city"]) for m in meetings(text, date(2021, 7, 23))]
    name = "South Korea-United States vice foreign ministerial strategic dialogue"
    assert found == [(name, 9, "held", "Seoul"), (name, None, "scheduled", "Washington")]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "ADDIS ABABA – Ethiopia-Nigeria joint ministerial commission has kicked off a two-day meeting in "
            "Addis Ababa on Monday.",
            ("Ethiopia-Nigeria joint ministerial commission", "held", "2022-06-13", "Addis Ababa"),
        ),
        (
            "On June 9, officials from Kenya and Ghana met in Accra to convene the Kenya-Ghana High Level "
            "Economic Dialogue (HLED).",
            ("Kenya-Ghana High Level Economic Dialogue", "held", "2022-06-09", "Accra"),
        ),
        (
            "Beijing, June 15: Previously, on May 30, Kenya and China conducted foreign policy consultations "
            "in Nairobi.",
            ("Kenya-China foreign policy consultations", "reference", "2022-05-30", "Nairobi"),
        ),
    ],
)
def test_frames_rounds_convened_or_conducted_and_a_dateline_city_of_two_words(text: str, expected: tuple) -> None:
    (m,) = meetings(text, date(2022, 6, 15))
    assert (m["mechanism"]["name"], m["status"], m["date"], m["city"]) == expected


def test_frames_ranks_with_abbreviations_and_a_head_of_delegation_with_his_counterpart() -> None:
    text = (
        "The 5th round of the India-Pakistan Defence Secretary talks kicked off in New Delhi yesterday. "
        "Defence Secretary Ravi Kumar was leading the Indian delegation during the talks with his Pakistani "
        "counterpart Lt General (Retd) Asif Ali.\n\n"
        "Vietnam and Japan held the 7th defence policy dialogue in Hanoi on Monday under the chair of Vietnamese "
        "Deputy Defence Minister Sen. Lt. Gen. Tran Van Minh and Japanese Deputy Defence Minister Sato Kenji."
    )
    found = [
        (m["ordinal"], sorted((c["name"], c["country"]) for c in m["chairs"])) for m in meetings(text, date(2024, 1, 6))
    ]
    assert found == [
        (5, [("Asif Ali", "Pakistan"), ("Ravi Kumar", "India")]),
        (7, [("Sato Kenji", "Japan"), ("Tran Van Minh", "Vietnam")]),
    ]


def test_frames_a_delegation_leaving_for_a_city_to_attend_a_round_places_it_and_its_members_are_no_chairs() -> None:
    text = (
        "A delegation, led by Federal Minister for Planning Asad Umar and including Punjab Chief Minister Ali "
        "Khan, has departed for Beijing to attend the 9th meeting of the Joint-Coordination Committee on "
        "China-Pakistan Economic Corridor (CPEC) project."
    )
    (m,) = meetings(text, date(2024, 1, 6))
    assert (m["mechanism"]["name"], m["ordinal"], m["city"]) == ("CPEC Joint Cooperation Committee", 9, "Beijing")
    assert [(c["name"], c["country"]) for c in m["chairs"]] == [("Asad Umar", "Pakistan")]


@pytest.mark.parametrize(
    "text",
    [
        "Foreign Minister Ali Saleh will leave for Cairo to attend the 161st Arab foreign ministers consultative "
        "meeting on Saturday.",
        "Kuwait and Oman took part in the third Asian Cooperation Dialogue summit held in Doha last week.",
    ],
)
def test_frames_a_body_of_a_regions_states_is_no_bilateral_round(text: str) -> None:
    assert meetings(text, date(2024, 3, 6)) == []


def test_frames_an_owner_named_before_a_body_is_no_part_of_its_name() -> None:
    text = (
        "Deputy Prime Minister Tran Son and Wang Li, Director of the Central Committee’s Commission for Foreign "
        "Affairs, co-chaired the 16th meeting of the Vietnam-China Steering Committee for Bilateral Cooperation."
    )
    assert [m["mechanism"]["name"] for m in meetings(text, date(2024, 3, 6))] == [
        "Vietnam-China Steering Committee for Bilateral Cooperation"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Kazakh Security Council Secretary Arman Bek met with Chinese Foreign Minister Li Ming for the 9th "
        "session of the China-Kazakhstan strategic security consultations.",
        "Kazakh Security Council Secretary Arman Bek and Chinese Foreign Minister Li Ming are conducting the 9th "
        "round of the China-Kazakhstan strategic security consultations, the agency reported.",
        "The talks were held between Li Ming, Chinese Foreign Minister, and Arman Bek, Kazakh Security Council "
        "Secretary. Co-chairing the 9th round of the China-Kazakhstan strategic security consultations, Li and "
        "Bek agreed to deepen ties.",
    ],
)
def test_frames_chairs_who_met_with_conducted_or_co_chaired_in_an_opening_clause(text: str) -> None:
    assert chairs_of(text, date(2024, 3, 6)) == {("Arman Bek", "Kazakhstan"), ("Li Ming", "China")}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Minister Ana Cruz and her Peruvian counterpart Luis Soto co-chaired the 10th meeting of the two "
            "countries’ joint commission on bilateral cooperation in Lima on Monday.",
            ("joint commission on bilateral cooperation", 10, "Lima"),
        ),
        (
            "At the tenth Chile-Peru foreign ministerial-level consultation meeting in Lima on Monday, the "
            "ministers reviewed ties.",
            ("foreign ministerial-level consultation", 10, "Lima"),
        ),
        (
            "Peru will host the 20th Chile – Peru JC, set to be held in Lima on Monday.",
            ("JC", 20, "Lima"),
        ),
    ],
)
def test_frames_bodies_named_after_a_possessive_a_level_or_by_an_acronym_after_their_parties(
    text: str, expected: tuple
) -> None:
    text = "Chile and Peru reviewed their ties. " + text
    (m,) = meetings(text, date(2024, 3, 6))
    name, ordinal, city = expected
    assert m["mechanism"]["name"] in {f"Chile-Peru {name}", f"Peru-Chile {name}"}
    assert (m["ordinal"], m["city"]) == (ordinal, city)


def test_frames_both_officials_chairing_a_round_take_the_day_place_and_people_of_the_meeting_told_before() -> None:
    text = (
        "Lima, 11 November 2022: The Foreign Minister of Chile, Ana Cruz, met her Peruvian counterpart, Luis "
        "Soto, on Thursday in Peru. Ana Cruz is on a two-day official visit.\n\n"
        "Both officials co-chaired the first session of the Chile-Peru Joint Committee on Border Affairs."
    )
    (m,) = meetings(text, date(2022, 11, 11))
    assert (m["ordinal"], m["status"], m["date"], m["country"], m["mode"]) == (1, "held", "2022-11-10", "Peru", "in_person")
    assert {(c["name"], c["country"]) for c in m["chairs"]} == {("Ana Cruz", "Chile"), ("Luis Soto", "Peru")}


def test_frames_a_minister_representing_a_country_at_a_round_heads_its_side() -> None:
    text = (
        "LIMA: Trade Minister Ana Cruz will represent Chile at the 9th meeting of the Chile-Peru Joint Commission, "
        "set to take place on Friday in Lima."
    )
    assert chairs_of(text, date(2024, 3, 6)) == {("Ana Cruz", "Chile")}


def test_frames_consultations_between_parties_with_their_co_chairs_in_an_aside() -> None:
    text = (
        "Political consultations between Chile and Peru, co-chaired by Deputy Minister of Foreign Affairs Ana "
        "Cruz and Secretary of State Luis Soto, will be held in Lima on 5 March."
    )
    (m,) = meetings(text, date(2024, 3, 1))
    assert (m["status"], m["date"], m["city"]) == ("scheduled", "2024-03-05", "Lima")
    assert {(c["name"], c["country"]) for c in m["chairs"]} == {("Ana Cruz", "Chile"), ("Luis Soto", "Peru")}


@pytest.mark.parametrize(
    "text",
    [
        "Lima: Chile and Peru are scheduled to hold Foreign Office Consultations (FOC) on Wednesday.",
        "Ana Cruz will lead the Chilean delegation to the 9th session of the Chile-Peru bi-national commission.",
    ],
)
def test_frames_rounds_to_hold_with_an_acronym_or_a_lower_case_binational_body(text: str) -> None:
    (m,) = meetings(text, date(2024, 3, 1))
    assert m["status"] == "scheduled" and sorted(m["mechanism"]["parties"]) == ["Chile", "Peru"]


def test_frames_presidents_of_two_countries_named_in_turn_and_an_interstate_council() -> None:
    text = (
        "Presidents of Chile and Peru Ana Cruz and Luis Soto chaired the first session of the High-level "
        "interstate council in Lima on Thursday."
    )
    (m,) = meetings(text, date(2024, 3, 9))
    assert (m["ordinal"], m["city"], m["date"]) == (1, "Lima", "2024-03-07")
    assert {(c["name"], c["country"]) for c in m["chairs"]} == {("Ana Cruz", "Chile"), ("Luis Soto", "Peru")}


def test_frames_a_country_written_as_a_prefix_names_a_party() -> None:
    (m,) = meetings("An Ethio-Kenya Joint Border Commission meeting opened in Nairobi on Tuesday.", date(2024, 3, 9))
    assert sorted(m["mechanism"]["parties"]) == ["Ethiopia", "Kenya"]


@pytest.mark.parametrize(
    "text, chairs",
    [
        (
            "Foreign Affairs Secretary Ana Cruz and Peruvian Foreign Minister Luis Soto spearheaded the 7th Joint "
            "Commission for Bilateral Cooperation (JCBC) between Chile and Peru held in Lima on Tuesday.",
            {("Ana Cruz", "Chile"), ("Luis Soto", "Peru")},
        ),
        (
            "Chilean Vice Premier Ana Cruz will co-chair the third meeting of the Intergovernmental Commission for "
            "Cooperation of Northern Chile and the Southern Border Region of Peru, together with Luis Soto, "
            "Peruvian deputy prime minister.",
            {("Ana Cruz", "Chile"), ("Luis Soto", "Peru")},
        ),
        (
            "The Chile-Peru Intergovernmental Commission will be held as a video-conference on March 18. Ana Cruz, "
            "Chile’s first deputy Foreign Minister, and Luis Soto, Peru’s Minister of Transport, will have a "
            "meeting at the conference as the Co-Chairmen of the Commission.",
            {("Ana Cruz", "Chile"), ("Luis Soto", "Peru")},
        ),
    ],
)
def test_frames_chairs_who_spearheaded_co_chaired_together_with_or_met_as_co_chairmen(text: str, chairs: set) -> None:
    assert chairs_of(text, date(2024, 3, 9)) == chairs


def test_frames_the_recommendations_of_a_round_reviewed_are_of_a_round_past() -> None:
    text = (
        "The meeting reviewed the implementation of the decisions and recommendations of the 31st Chile-Peru "
        "Joint Border Commission meeting."
    )
    assert [m["status"] for m in meetings(text, date(2024, 3, 9))] == ["reference"]


def test_frames_the_minutes_of_a_round_discussed_at_a_meeting_are_of_a_round_past() -> None:
    text = (
        "A follow-up meeting between Trade Minister Ana Cruz and Luis Soto took place yesterday to discuss the "
        "minutes of the 11th meeting of the Chile-Peru Joint Commission."
    )
    assert [m["status"] for m in meetings(text, date(2024, 3, 9))] == ["reference"]


def test_frames_working_groups_listed_by_their_subjects_are_one_round_each() -> None:
    text = (
        "ISLAMABAD: Planning officials said on Monday that, under the China-Pakistan Economic Corridor (CPEC), "
        "the Joint Working Groups on Gwadar, Industrial Cooperation and the Long-Term Plan will meet next month."
    )
    found = [(m["mechanism"]["name"], m["status"]) for m in meetings(text, date(2024, 3, 9))]
    assert found == [
        ("CPEC Joint Working Group on Gwadar", "scheduled"),
        ("CPEC Joint Working Group on Industrial Cooperation", "scheduled"),
        ("CPEC Joint Working Group on Long-Term Planning", "scheduled"),
    ]


def test_frames_a_cooperation_forum_between_two_parties_is_a_format_a_regions_forum_is_not() -> None:
    text = (
        "The First Ministerial Meeting of the Strategic Cooperation Forum between Chile and Peru was concluded in "
        "Lima yesterday. Chile also attended the third China-Africa Cooperation Forum meeting in Beijing."
    )
    found = [(m["ordinal"], m["status"], m["city"], sorted(m["mechanism"]["parties"])) for m in meetings(text, date(2024, 3, 9))]
    assert found == [(1, "held", "Lima", ["Chile", "Peru"])]


@pytest.mark.parametrize(
    "text",
    [
        "Peru has expressed the desire to host the 8th Session of the Chile-Peru Joint Commission in Lima.",
        "The ministers agreed to organise the sixth Chile-Peru political consultation at the end of this year.",
        "LIMA, Nov 19: The two-day meeting of the 7th Chile-Peru Joint Commission will kick off here on Monday.",
    ],
)
def test_frames_rounds_a_side_wishes_to_host_agrees_to_organise_or_that_will_kick_off_are_to_come(text: str) -> None:
    (m,) = meetings(text, date(2024, 11, 19))
    assert m["status"] == "scheduled"


def test_frames_the_co_chairmen_of_a_body_named_as_such_and_an_initial_after_a_country_in_a_title() -> None:
    text = (
        "The 12th meeting of the Chile-Peru Intergovernmental Commission will be held in Lima on October 12. The "
        "co-chairmen of the Intergovernmental Commission are the Minister of Economic Development of the "
        "Republic of Chile A. Cruz and Deputy Prime Minister of Peru Luis Soto."
    )
    (m,) = meetings(text, date(2024, 3, 9))
    assert {(c["name"], c["title"], c["country"]) for c in m["chairs"]} == {
        ("A. Cruz", "Minister of Economic Development", "Chile"),
        ("Luis Soto", "Deputy Prime Minister", "Peru"),
    }


def test_frames_chairs_by_side_set_off_with_dashes() -> None:
    text = (
        "The 8th meeting of the Chile-Peru intergovernmental commission kicked off in Lima on Monday. The "
        "meeting is chaired by the co-chairs of the commission, from Chile - Prime Minister Ana Cruz and from "
        "Peru – Vice President of Peru Luis Soto."
    )
    assert chairs_of(text, date(2024, 3, 9)) == {("Ana Cruz", "Chile"), ("Luis Soto", "Peru")}


@pytest.mark.parametrize(
    "text, city",
    [
        ("The Chilean capital hosted regular political consultations of Chile and Peru on Monday.", "Santiago"),
        ("The 5th Chile-Peru Joint Commission was held in the Peruvian capital on Monday.", "Lima"),
    ],
)
def test_frames_a_capital_named_by_its_people_hosts_a_round(text: str, city: str) -> None:
    (m,) = meetings(text, date(2024, 3, 9))
    assert (m["status"], m["city"]) == ("held", city)


def test_frames_a_round_planned_in_a_province_takes_the_province_as_its_place() -> None:
    text = "The 7th Chile-Peru Joint Planning Group meeting was planned to be held in the southern province of Arequipo."
    (m,) = meetings(text, date(2024, 3, 9))
    assert m["city"] == "Arequipo"


def test_frames_a_round_announced_for_today_and_then_addressed_is_under_way() -> None:
    text = (
        "The Chile-Peru Joint Commission will meet today (Tuesday) to approve new projects.\n\n"
        "\"Trade is growing\", the minister said while addressing the 7th meeting of the Chile-Peru Joint Commission."
    )
    assert [(m["ordinal"], m["status"]) for m in meetings(text, date(2024, 3, 5))] == [(7, "held")]


def test_frames_a_number_alone_is_no_round_without_a_numbered_round_beside_it() -> None:
    text = "ACCRA, June 13, 2022: The Ghana-Togo Joint Commission met in Accra on Monday. The second was held in Lome."
    assert [m["ordinal"] for m in meetings(text, date(2022, 6, 13))] == [None]


def chairs_of(text: str, day: date) -> set[tuple[str, str | None]]:
    (m,) = meetings(text, day)
    return {(c["name"], c["country"]) for c in m["chairs"]}


@pytest.mark.parametrize(
    "text",
    [
        "Vietnam and Laos held the 7th defence policy dialogue in Hanoi on November 25 under the chair of "
        "Vietnamese Deputy Defence Minister Nguyen Van Binh and Lao Deputy Defence Minister Khamla Souvan.",
        "Vietnam and Laos have concluded their 7th defence policy dialogue in Hanoi, attended by Vietnamese "
        "Deputy Defence Minister Nguyen Van Binh and Lao Deputy Defence Minister Khamla Souvan.",
        "Vietnam and Laos will hold the 7th defence policy dialogue in Hanoi on November 25. Vietnamese Deputy "
        "Defence Minister Nguyen Van Binh and Lao Deputy Defence Minister Khamla Souvan will attend the meeting "
        "as chief delegates.",
        "The 7th Vietnam-Laos defence policy dialogue was held in Hanoi on November 25. The delegation from "
        "Vietnam was led by Deputy Defence Minister Nguyen Van Binh. The team from Laos on the other hand was "
        "led by Deputy Defence Minister Khamla Souvan.",
    ],
)
def test_frames_chairs_under_the_chair_of_attending_and_leading_delegations_from(text: str) -> None:
    assert chairs_of(text, date(2019, 11, 26)) == {("Nguyen Van Binh", "Vietnam"), ("Khamla Souvan", "Laos")}


def test_frames_a_name_read_twice_in_part_is_one_anchor_with_its_chairs() -> None:
    text = (
        "Foreign Minister Aiko Tanaka and Defence Minister Ken Sato held the tenth Japan-Australia 2+2 Foreign "
        "and Defence Ministerial Meeting with Deputy Prime Minister Tom Marsh and Foreign Minister Jane Wu in Tokyo."
    )
    assert {name for name, _ in chairs_of(text, date(2022, 12, 10))} == {
        "Aiko Tanaka",
        "Ken Sato",
        "Tom Marsh",
        "Jane Wu",
    }


def test_frames_a_place_named_before_a_later_here_is_the_venue() -> None:
    text = (
        "ISLAMABAD, March 29, 2003: The first session of the Pakistan-Afghanistan Joint Ministerial Commission "
        "was held in Kabul, according to a message received here on Saturday."
    )
    (m,) = meetings(text, date(2003, 3, 29))
    assert (m["city"], m["country"]) == ("Kabul", "Afghanistan")


def test_frames_a_multilateral_meeting_is_no_bare_round_and_later_plans_leave_a_held_round_held() -> None:
    text = (
        "Kenya and Tanzania on Wednesday held the 13th round of strategic security consultations in Arusha. "
        "The two sides also agreed to work for the success of the seventh meeting of BRICS High Representatives, "
        "which will be held in Beijing on Thursday. The consultations were co-chaired by Minister Amina Ali and "
        "Minister John Mbeki, who will also attend the meeting."
    )
    found = meetings(text, date(2017, 7, 26))
    assert [(m["ordinal"], m["status"], m["date"]) for m in found] == [(13, "held", "2017-07-26")]


@pytest.mark.parametrize(
    "lead",
    [
        "The ministers reviewed preparations for",
        "The proposals are to be taken up at",
        "In the run-up to",
        "The vice minister is visiting Ghana with a delegation to co-chair",
    ],
)
def test_frames_a_round_being_prepared_is_still_to_come(lead: str) -> None:
    text = f"ACCRA, May 2, 2024: {lead} the seventh meeting of the Ghana-Togo Joint Commission in Lome."
    (m,) = meetings(text, date(2024, 5, 2))
    assert (m["ordinal"], m["status"]) == (7, "scheduled")


def test_frames_a_chair_who_opened_the_round_with_a_counterpart() -> None:
    text = (
        "LIMA, May 3, 2024: Peruvian President Ana Ruiz inaugurated the 8th Binational Cabinet meeting with her "
        "Chilean counterpart Pedro Soto on Thursday."
    )
    assert chairs_of(text, date(2024, 5, 3)) == {("Ana Ruiz", "Peru"), ("Pedro Soto", "Chile")}


def test_frames_a_trip_told_beside_the_round_places_it_in_a_party_s_land() -> None:
    text = (
        "MOSCOW, Dec 2, 2019: Security Council Secretary Ivan Petrov is currently on a visit to Kenya. "
        "He held talks with officials ahead of the 15th round of Kenya-Russia strategic security consultations."
    )
    (m,) = meetings(text, date(2019, 12, 2))
    assert (m["ordinal"], m["status"], m["country"], m["mode"]) == (15, "scheduled", "Kenya", "in_person")


def test_frames_a_past_trip_beside_the_round_places_nothing() -> None:
    text = (
        "NEW DELHI, March 5, 2024: The roadmap was adopted during the Prime Minister's visit to Kenya on "
        "14 July last year. The second meeting of the India-Kenya Strategic Space Dialogue was held yesterday."
    )
    (m,) = meetings(text, date(2024, 3, 5))
    assert (m["ordinal"], m["country"], m["mode"]) == (2, None, None)


@pytest.mark.parametrize(
    ("text", "ordinal"),
    [
        ("The Chile-Peru Binational Group on Migratory Affairs met for the ninth time in Lima on May 2.", 9),
        ("The annual Chile-Peru Army-to-Army Staff Talks are being held for the sixth consecutive year.", 6),
        ("The Chile-Peru Joint Commission Meeting is being convened for the first time since 2011.", None),
    ],
)
def test_frames_a_round_counted_in_times_or_years(text: str, ordinal: int | None) -> None:
    (m,) = meetings(f"LIMA, May 3, 2024: {text}", date(2024, 5, 3))
    assert m["ordinal"] == ordinal


def test_frames_a_building_after_the_chairs_is_no_chair() -> None:
    text = (
        "BEIJING, June 6, 2014: State Councilor Li Wen held the 10th round of the China-Kenya Strategic Security "
        "Consultation with Kenyan Security Secretary Paul Otieno at the Diaoyutai State Guesthouse in Beijing."
    )
    assert {name for name, _ in chairs_of(text, date(2014, 6, 6))} == {"Li Wen", "Paul Otieno"}


def test_frames_a_body_s_founding_year_or_plan_years_date_no_round() -> None:
    text = (
        "NAIROBI, Dec 20, 2018: The 8th meeting of the Kenya-Uganda Joint Cooperation Committee, set up in 2013 "
        "under the Vision 2017-2030, was held in Kampala."
    )
    (m,) = meetings(text, date(2018, 12, 20))
    assert (m["ordinal"], m["status"], m["date"], m["city"]) == (8, "held", None, "Kampala")


def test_frames_a_round_after_an_aside_on_the_body() -> None:
    text = "NAIROBI, Dec 20, 2018: The Kenya-Uganda Joint Commission, which was set up in 2013, held its 8th meeting in Kampala."
    (m,) = meetings(text, date(2018, 12, 20))
    assert (m["ordinal"], m["status"], m["city"]) == (8, "held", "Kampala")


def test_frames_a_city_that_will_host_the_round_and_a_chair_written_with_initials() -> None:
    text = (
        "ACCRA, Aug 29, 2017: Accra will host the 6th meeting of the Ghana-Togo High-Level Cooperation Council. "
        "The meeting will be attended by Ghanaian President Kwame Yaw Mensah and Togolese President Faure Koffi. "
        "Notably, President K.Y. Mensah visited Lome last year."
    )
    (m,) = meetings(text, date(2017, 8, 29))
    assert (m["ordinal"], m["status"], m["city"], m["country"]) == (6, "scheduled", "Accra", "Ghana")


def test_frames_initials_are_spelled_out_from_the_full_name_in_the_text() -> None:
    text = (
        "ANKARA, Aug 29, 2017: Baku will host the 6th meeting of the Azerbaijan-Turkey High-Level Strategic "
        "Cooperation Council, attended by President Ilham Aliyev and President Recep Tayyip Erdogan. "
        "The meeting will be co-chaired by President Ilham Aliyev and President R.T. Erdogan."
    )
    assert {name for name, _ in chairs_of(text, date(2017, 8, 29))} == {
        "Ilham Aliyev",
        "Recep Tayyip Erdogan",
    }
