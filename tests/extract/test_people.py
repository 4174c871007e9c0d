"""People and offices as press texts write them: both word orders, lists, honorifics, countries."""

from __future__ import annotations

import pytest

from corridor.extract.lexicon import load_lexicon
from corridor.extract.people import PersonGrammar
from corridor.extract.segment import tokenizer
from corridor.extract.tokens import words


@pytest.fixture(scope="module")
def grammar() -> PersonGrammar:
    return PersonGrammar(load_lexicon())


def people(grammar: PersonGrammar, text: str) -> list[tuple[str, str | None, str | None]]:
    toks = words(tokenizer()(text))
    return [(p.name, p.title, p.country) for p in grammar.people(toks, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Deputy Foreign Minister Elif Yilmaz of Turkey",
            [("Elif Yilmaz", "Deputy Foreign Minister", "Turkey")],
        ),
        (
            "Vice Foreign Minister of China Li Wei and Foreign Secretary Sana Qureshi",
            [("Li Wei", "Vice Foreign Minister", "China"), ("Sana Qureshi", "Foreign Secretary", None)],
        ),
        (
            "Tomas Herrera, Director General of the Ministry of Trade of Chile",
            [("Tomas Herrera", "Director General of the Ministry of Trade", "Chile")],
        ),
        (
            "Ms. Kamala Rai, Foreign Secretary of Nepal, and Mr. Wu Dong, Assistant Foreign Minister of China",
            [
                ("Kamala Rai", "Foreign Secretary", "Nepal"),
                ("Wu Dong", "Assistant Foreign Minister", "China"),
            ],
        ),
        (
            "Egyptian Minister of Planning Hala Mostafa and Sudanese Finance Minister Omar Idris",
            [("Hala Mostafa", "Minister of Planning", "Egypt"), ("Omar Idris", "Finance Minister", "Sudan")],
        ),
        (
            "Minister for Energy and Mineral Resources, Dr. Rania Saleh",
            [("Rania Saleh", "Minister for Energy and Mineral Resources", None)],
        ),
        (
            "Hamad Al Thani, Minister of State at Qatar's Ministry of Foreign Affairs",
            [("Hamad Al Thani", "Minister of State at Ministry of Foreign Affairs", "Qatar")],
        ),
        (
            "Minister of International Trade Lena Holm and German State Secretary Jonas Weber",
            [
                ("Lena Holm", "Minister of International Trade", None),
                ("Jonas Weber", "State Secretary", "Germany"),
            ],
        ),
        (
            "Ambassador for Cyber Affairs Nora Lindqvist and Ambassador Ravi Menon",
            [("Nora Lindqvist", "Ambassador for Cyber Affairs", None), ("Ravi Menon", None, None)],
        ),
    ],
)
def test_people_reads_names_titles_and_countries(grammar, text, expected) -> None:
    assert people(grammar, text) == expected


@pytest.mark.parametrize(
    "text, name",
    [
        ("Dr. Anwar Hussain", "Anwar Hussain"),
        ("H.E. Mr. Kenji Sato", "Kenji Sato"),
        ("the Honourable Dato' Sri Aminah Yusof", "Aminah Yusof"),
        ("Makhdoom Tariq Shah", "Tariq Shah"),
    ],
)
def test_people_drops_honorifics(grammar, text, name) -> None:
    text = f"Foreign Minister {text}"
    assert people(grammar, text)[0][0] == name


def test_people_keeps_initials_and_particles(grammar) -> None:
    found = people(grammar, "Minister of Trade Majid bin Khalid al-Harbi and Deputy Minister S.K. Rao")
    assert [p[0] for p in found] == ["Majid bin Khalid al-Harbi", "S.K. Rao"]


def test_people_counterpart_is_marked(grammar) -> None:
    toks = words(tokenizer()("his Kenyan counterpart Ruth Wanjiku"))
    (p,) = grammar.people(toks, "his Kenyan counterpart Ruth Wanjiku")
    assert (p.name, p.country, p.counterpart) == ("Ruth Wanjiku", "Kenya", True)


@pytest.mark.parametrize(
    "text", ["the Joint Working Group", "Board of Investment", "the Foreign Office", "Beijing"]
)
def test_people_finds_no_person_in_bodies_and_places(grammar, text) -> None:
    assert people(grammar, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "South African Trade Minister Thandi Mokoena met officials",
            [("Thandi Mokoena", "Trade Minister", "South Africa")],
        ),
        (
            "the foreign ministries of China and Sri Lanka, with Foreign Secretary Nimal Perera",
            [("Nimal Perera", "Foreign Secretary", None)],
        ),
        (
            "Lia Kunai, Minister for Trade of the Independent State of Papua New Guinea",
            [("Lia Kunai", "Minister for Trade", "Papua New Guinea")],
        ),
        (
            "Tran Van Hoa, Minister of Industry of the Socialist Republic of Viet Nam",
            [("Tran Van Hoa", "Minister of Industry", "Vietnam")],
        ),
        (
            "Li Ming, Vice Minister of Commerce of the People’s Republic of China",
            [("Li Ming", "Vice Minister of Commerce", "China")],
        ),
        (
            "At the invitation of Foreign Secretary Anil Sharma, the talks began",
            [("Anil Sharma", "Foreign Secretary", None)],
        ),
    ],
)
def test_people_places_of_several_words_are_no_names(grammar, text, expected) -> None:
    assert people(grammar, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Minister of Trade and Integration Aibek Nurlanov met them",
            [("Aibek Nurlanov", "Minister of Trade and Integration", None)],
        ),
        (
            "Joint Secretary for Counter Terrorism R.K. Menon and",
            [("R.K. Menon", "Joint Secretary for Counter Terrorism", None)],
        ),
        (
            "Deputy Minister for Counter-Terrorism Ambassador Samir Fahmy",
            [("Samir Fahmy", "Deputy Minister for Counter-Terrorism", None)],
        ),
        (
            "Omani Foreign Minister Prince Khalid bin Saud",
            [("Khalid bin Saud", "Foreign Minister", "Oman")],
        ),
        (
            "Foreign ministers Lucia Vargas of Peru and Tomas Rivas of Chile",
            [("Lucia Vargas", "Foreign Minister", "Peru"), ("Tomas Rivas", "Foreign Minister", "Chile")],
        ),
        (
            "Chairman of the Council of Ministers Adil Omurov and Foreign Minister Ana Lutz",
            [
                ("Adil Omurov", "Chairman of the Council of Ministers", None),
                ("Ana Lutz", "Foreign Minister", None),
            ],
        ),
        (
            "Foreign Secretaries Anita Rao and Kamal Hossain",
            [("Anita Rao", "Foreign Secretary", None), ("Kamal Hossain", "Foreign Secretary", None)],
        ),
    ],
)
def test_people_portfolios_styles_and_shared_offices(grammar, text, expected) -> None:
    assert people(grammar, text) == expected


def test_people_the_body_after_a_titled_name_is_no_part_of_the_next_title(grammar) -> None:
    text = (
        "Deputy Minister Rudi Hartono of the Coordinating Ministry for Maritime Affairs and Investment and "
        "First Assistant Secretary Mark Ellis of Australia's Department of Foreign Affairs and Trade"
    )
    assert people(grammar, text) == [
        ("Rudi Hartono", "Deputy Minister", None),
        ("Mark Ellis", "First Assistant Secretary", "Australia"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "India's Jal Shakti Minister Gajendra Rathore met them",
            [("Gajendra Rathore", "Jal Shakti Minister", "India")],
        ),
        (
            "Indian Jal Shakti Minister Gajendra Rathore",
            [("Gajendra Rathore", "Jal Shakti Minister", "India")],
        ),
    ],
)
def test_people_an_unlisted_portfolio_before_an_office(grammar, text, expected) -> None:
    assert people(grammar, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Chief Secretary Balochistan Imran Baloch led them",
            [("Imran Baloch", "Chief Secretary Balochistan", None)],
        ),
        (
            "Deputy Governor of Sistan and Baluchestan Province Reza Ahmadi said",
            [("Reza Ahmadi", "Deputy Governor of Sistan and Baluchestan Province", None)],
        ),
    ],
)
def test_people_a_province_inside_an_office(grammar, text, expected) -> None:
    assert people(grammar, text) == expected


def test_people_a_title_after_the_name_with_a_possessive_country(grammar) -> None:
    text = "Ravi Menon, India's Minister of Commerce and Industry, said"
    assert people(grammar, text) == [("Ravi Menon", "Minister of Commerce and Industry", "India")]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Deputy Director General Zhang Bin of the Ministry of Commerce",
            [("Zhang Bin", "Deputy Director General", None)],
        ),
        (
            "Foreign Secretary of Nepal Bharat Kumar Regmi",
            [("Bharat Kumar Regmi", "Foreign Secretary", "Nepal")],
        ),
    ],
)
def test_people_given_names_that_look_like_other_words(grammar, text, expected) -> None:
    assert people(grammar, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Director-General of the Asian and Oceanian Affairs Bureau Ito Ken co-chaired",
            [("Ito Ken", "Director-General of the Asian and Oceanian Affairs Bureau", None)],
        ),
        (
            "and Marc Roux, French Minister for Europe and Foreign Affairs.",
            [("Marc Roux", "Minister for Europe and Foreign Affairs", "France")],
        ),
        ("H.H. Sheikh Khalid Al Nahyan", [("Sheikh Khalid Al Nahyan", None, None)]),
    ],
)
def test_people_bureaus_demonym_titles_and_highness(grammar, text, expected) -> None:
    assert people(grammar, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Pakistan's Ambassador to China Omar Rafiq and",
            [("Omar Rafiq", "Ambassador to China", "Pakistan")],
        ),
        (
            "High Commissioner to Sri Lanka Faheem Aziz",
            [("Faheem Aziz", "High Commissioner to Sri Lanka", None)],
        ),
        ("Ambassador Nasir Khan said", [("Nasir Khan", None, None)]),
    ],
)
def test_people_an_envoy_accredited_to_a_country(grammar, text, expected) -> None:
    assert people(grammar, text) == expected
