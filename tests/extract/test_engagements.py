"""Engagements: contacts between two sides that are not rounds, with kind, status, place, people and round."""

from __future__ import annotations

from datetime import date

import pytest

from corridor.extract.engagements import clean_title
from corridor.extract.run import extract_document
from corridor.model import Document


def extract(text: str, published: date | None = date(2024, 5, 20)) -> Document:
    return extract_document(Document(text=text, source="t", published=published))


def people(e: dict) -> set[tuple]:
    return {(p["name"], p["title"], p["country"]) for p in e["participants"]}


def test_engagements_meeting_on_the_trip_of_a_round() -> None:
    doc = extract(
        "NAIROBI: The 9th session of the Kenya-Uganda Joint Permanent Commission was held in Kampala on 18 May 2024.\n\n"
        "The session was co-chaired by Foreign Secretary Musa Otieno and Foreign Minister Grace Nakato of Uganda.\n\n"
        "Later, the foreign secretary also held a meeting with Prime Minister Peter Okello."
    )
    assert len(doc.meetings) == 1
    (e,) = [e.to_json(doc.text) for e in doc.engagements]
    assert (e["kind"], e["status"], e["city"], e["country"], e["mode"]) == (
        "meeting",
        "held",
        "Kampala",
        "Uganda",
        "in_person",
    )
    assert e["during"] == "Kenya-Uganda Joint Permanent Commission"
    assert people(e) == {
        ("Musa Otieno", "Foreign Secretary", "Kenya"),
        ("Peter Okello", "Prime Minister", "Uganda"),
    }


def test_engagements_talks_inside_a_round_are_the_rounds() -> None:
    doc = extract(
        "The 4th round of the Kenya-Uganda Joint Permanent Commission was held in Kampala on 18 May 2024. "
        "Foreign Secretary Musa Otieno held talks with Foreign Minister Grace Nakato of Uganda at the session."
    )
    assert len(doc.meetings) == 1
    assert doc.engagements == []


@pytest.mark.parametrize(
    ("sentence", "kind", "status"),
    [
        (
            "Foreign Minister Ana Duarte of Portugal held a telephone conversation with Foreign Minister "
            "Kofi Mensah of Ghana on Friday.",
            "call",
            "held",
        ),
        (
            "Foreign Minister Ana Duarte of Portugal called on President Kofi Mensah of Ghana in Accra.",
            "courtesy_call",
            "held",
        ),
        (
            "Foreign Minister Ana Duarte of Portugal met Foreign Minister Kofi Mensah of Ghana on the sidelines "
            "of the UN General Assembly.",
            "sideline_meeting",
            "held",
        ),
        (
            "Foreign Minister Ana Duarte of Portugal will hold talks with Foreign Minister Kofi Mensah of Ghana "
            "in Accra next week.",
            "meeting",
            "scheduled",
        ),
        (
            "Foreign Minister Ana Duarte of Portugal recalled her earlier meeting with Foreign Minister Kofi Mensah "
            "of Ghana.",
            "meeting",
            "reference",
        ),
    ],
)
def test_engagements_kind_and_status(sentence: str, kind: str, status: str) -> None:
    (e,) = [e.to_json("") for e in extract(sentence).engagements]
    assert (e["kind"], e["status"]) == (kind, status)
    assert {p["country"] for p in e["participants"]} == {"Portugal", "Ghana"}
    if kind == "call":
        assert (e["city"], e["country"], e["mode"]) == (None, None, None)


def test_engagements_visit_names_the_visitor_and_the_host_country() -> None:
    doc = extract("Foreign Minister Ana Duarte of Portugal arrived in Accra on Sunday on a two-day visit.")
    (e,) = [e.to_json(doc.text) for e in doc.engagements]
    assert (e["kind"], e["city"], e["country"], e["mode"], e["date"]) == (
        "visit",
        "Accra",
        "Ghana",
        "in_person",
        "2024-05-19",
    )
    assert people(e) == {("Ana Duarte", "Foreign Minister", "Portugal")}


@pytest.mark.parametrize(
    "sentence",
    [
        "Foreign Minister Ana Duarte of Portugal would like to meet President Kofi Mensah of Ghana.",
        "Foreign Minister Ana Duarte held a meeting with Interior Minister Rui Costa in Lisbon.",
        "Foreign Minister Ana Duarte of Portugal addressed a press conference in Accra.",
    ],
)
def test_engagements_not_a_contact(sentence: str) -> None:
    assert extract(sentence).engagements == []


def test_engagements_during_is_the_round_reported_last_before() -> None:
    doc = extract(
        "The 9th session of the Kenya-Uganda Joint Permanent Commission was held in Kampala on 16 May 2024, "
        "co-chaired by Foreign Secretary Musa Otieno and Foreign Minister Grace Nakato of Uganda.\n\n"
        "Meanwhile, the Third Round of Kenya-Uganda Political Consultations was held in Kampala on 17 May 2024. "
        "Foreign Secretary Musa Otieno led the Kenyan delegation.\n\n"
        "Later, the foreign secretary also held a meeting with Prime Minister Peter Okello."
    )
    (e,) = doc.engagements
    assert e.during == "Kenya-Uganda Political Consultations"
    assert e.during_meeting is not None and doc.meetings[e.during_meeting].ordinal == 3


def test_engagements_subject_named_by_surname_alone() -> None:
    doc = extract(
        "Foreign Minister Ana Duarte of Portugal arrived in Accra on Sunday on a two-day visit.\n\n"
        "Duarte also called on President Kofi Mensah of Ghana."
    )
    kinds = {e.kind: e for e in doc.engagements}
    assert set(kinds) == {"visit", "courtesy_call"}
    call = kinds["courtesy_call"]
    assert {(p.name, p.country) for p in call.participants} == {
        ("Ana Duarte", "Portugal"),
        ("Kofi Mensah", "Ghana"),
    }
    assert (call.city, call.country, call.mode) == ("Accra", "Ghana", "in_person")


def test_engagements_joint_visit_and_listed_destinations() -> None:
    joint = extract(
        "Foreign Minister Ana Duarte of Portugal and Defence Minister Rui Costa arrived in Accra on Sunday."
    ).engagements
    assert [sorted(p.name or "" for p in e.participants) for e in joint] == [["Ana Duarte", "Rui Costa"]]
    tour = extract(
        "Foreign Minister Ana Duarte of Portugal will pay official visits to Ghana, Kenya and Peru next month."
    ).engagements
    assert [(e.kind, e.status, e.country) for e in tour] == [
        ("visit", "scheduled", "Ghana"),
        ("visit", "scheduled", "Kenya"),
        ("visit", "scheduled", "Peru"),
    ]


def test_engagements_they_are_the_pair_named_before() -> None:
    doc = extract(
        "President Kofi Mensah of Ghana will receive President Ana Duarte of Portugal next week. "
        "It will be their first meeting since they met on the sidelines of the G20 summit in 2019."
    )
    (e,) = [e for e in doc.engagements if e.kind == "sideline_meeting"]
    assert e.status == "reference"
    assert {p.name for p in e.participants} == {"Kofi Mensah", "Ana Duarte"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The 4th round of the Kenya-Uganda Joint Permanent Commission was held in Kampala on 18 May 2024, "
            "co-chaired by Foreign Secretary Musa Otieno of Kenya and Foreign Minister Grace Nakato of Uganda. "
            "The Kenyan Foreign Secretary also held a meeting with Prime Minister Peter Okello of Uganda.",
            {("Musa Otieno", "Foreign Secretary", "Kenya"), ("Peter Okello", "Prime Minister", "Uganda")},
        ),
        (
            "Foreign Minister Ana Duarte of Portugal met the Secretary-General of the Gulf Cooperation Council "
            "Omar Haddad in Riyadh.",
            {
                ("Ana Duarte", "Foreign Minister", "Portugal"),
                ("Omar Haddad", "Secretary-General", "Gulf Cooperation Council"),
            },
        ),
    ],
)
def test_engagements_sides_named_by_office_or_organisation(text: str, expected: set) -> None:
    (e,) = [e.to_json("") for e in extract(text).engagements if e.kind == "meeting"]
    assert people(e) == expected


def test_engagements_arrived_here_is_the_datelines_city() -> None:
    doc = extract("ACCRA, May 20 (Agency): Foreign Minister Ana Duarte of Portugal arrived here on Sunday.")
    (e,) = doc.engagements
    assert (e.kind, e.city, e.country, e.date) == ("visit", "Accra", "Ghana", "2024-05-19")


def test_engagements_trip_of_a_round_needs_a_chair_or_a_purpose() -> None:
    doc = extract(
        "The 3rd round of the Kenya-Uganda Joint Permanent Commission was held in Kampala on 18 May 2024, "
        "co-chaired by Foreign Secretary Musa Otieno of Kenya and Foreign Minister Grace Nakato of Uganda.\n\n"
        "President Peter Mwangi of Kenya may visit Kampala next month."
    )
    (e,) = doc.engagements
    assert (e.kind, e.status, e.during) == ("visit", "scheduled", None)


def test_engagements_visit_made_for_a_round_and_contacts_on_it() -> None:
    doc = extract(
        "Foreign Minister Ana Duarte of Portugal arrived in Accra on Sunday to attend the 2nd session of the "
        "Ghana-Portugal Joint Commission.\n\n"
        "The session was held in Accra on 20 May 2024.\n\n"
        "Duarte also held a meeting with President Kofi Mensah of Ghana."
    )
    rounds = {e.kind: e.during for e in doc.engagements}
    assert rounds == {
        "visit": "Ghana-Portugal Joint Commission",
        "meeting": "Ghana-Portugal Joint Commission",
    }


def test_engagements_round_told_on_the_visit_before_it() -> None:
    doc = extract(
        "Foreign Minister Ana Duarte of Portugal is set to visit Accra from 20-22 June 2024.\n\n"
        "During the visit, Duarte will co-chair the 2nd session of the Ghana-Portugal Joint Commission."
    )
    (e,) = [e for e in doc.engagements if e.kind == "visit"]
    assert e.during == "Ghana-Portugal Joint Commission"


def test_engagements_surname_alone_is_the_person_named_in_full_elsewhere() -> None:
    doc = extract(
        "Trade Minister Kofi Mensah of Ghana will co-chair the forum with Portugal next week.\n\n"
        "Foreign Minister Ana Duarte of Portugal will travel to Ghana and begin her trip with a meeting with Mensah."
    )
    (e,) = [e for e in doc.engagements if e.kind == "meeting"]
    assert {(p.name, p.country) for p in e.participants} == {
        ("Ana Duarte", "Portugal"),
        ("Kofi Mensah", "Ghana"),
    }


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("The visit of Foreign Minister Ana Duarte of Portugal to Ghana was announced on Monday.", "Ghana"),
        ("The visit programme of Foreign Minister Ana Duarte of Portugal to Ghana was announced.", "Ghana"),
        (
            "Foreign Minister Ana Duarte of Portugal met officials in Lisbon. Asked about Duarte's Ghana visit, "
            "the spokesman said nothing.",
            "Ghana",
        ),
        (
            "Portugal and Saudi Arabia signed a deal. Foreign Minister Ana Duarte of Portugal is on a two-day "
            "official visit to the Kingdom.",
            "Saudi Arabia",
        ),
    ],
)
def test_engagements_where_a_visit_went_told_around_its_words(text: str, country: str) -> None:
    (e,) = [e for e in extract(text).engagements if e.kind == "visit"]
    assert (e.country, e.participants[0].name) == (country, "Ana Duarte")


@pytest.mark.parametrize(
    "text",
    [
        "Foreign Minister Ana Duarte of Portugal met her Ghanaian counterpart Kofi Mensah in Accra on 20 May 2024. "
        "Both ministers co-chaired the 2nd session of the Ghana-Portugal Joint Commission.",
        "The 2nd session of the Ghana-Portugal Joint Commission was held in Accra on 20 May 2024, co-chaired by "
        "Foreign Minister Ana Duarte of Portugal and Foreign Minister Kofi Mensah of Ghana. Pictured: Duarte "
        "holds talks with Mensah at the ministry in Accra on Monday.",
    ],
)
def test_engagements_a_meeting_that_is_the_round_itself(text: str) -> None:
    doc = extract(text)
    assert len(doc.meetings) == 1
    assert [e for e in doc.engagements if e.kind == "meeting"] == []


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("President General", "President"),
        ("Chief of Army Staff General", "Chief of Army Staff General"),
        ("Program of the President", "President"),
    ],
)
def test_engagements_clean_title_drops_ranks_and_heads(title: str, clean: str) -> None:
    assert clean_title(title) == clean


def test_engagements_office_alone_is_the_person_holding_it() -> None:
    doc = extract(
        "Foreign Minister Ana Duarte of Portugal has said ties with Ghana are a priority.\n\n"
        "The foreign minister said this while talking to her Ghanaian counterpart Kofi Mensah on the sidelines "
        "of the UN General Assembly."
    )
    (e,) = [e.to_json("") for e in doc.engagements]
    assert e["kind"] == "sideline_meeting"
    assert people(e) == {
        ("Ana Duarte", "Foreign Minister", "Portugal"),
        ("Kofi Mensah", "Foreign Minister", "Ghana"),
    }


def test_engagements_title_told_in_full_elsewhere() -> None:
    doc = extract(
        "The 4th round of the Ghana-Portugal maritime dialogue was held in Accra on 20 May 2024, co-chaired by "
        "Director General (Europe) Kwame Boateng of Ghana and Deputy Director General of the Department of "
        "Ocean Affairs Rui Costa of Portugal.\n\n"
        "Deputy Director General Rui Costa later called on President Kofi Mensah of Ghana."
    )
    (e,) = doc.engagements
    assert {p.title for p in e.participants} == {
        "Deputy Director General of the Department of Ocean Affairs",
        "President",
    }


def test_engagements_meeting_between_two_named_sides() -> None:
    doc = extract(
        "The forum was set up at the Lisbon meeting between President Ana Duarte of Portugal and President "
        "Kofi Mensah of Ghana in April 2023."
    )
    (e,) = doc.engagements
    assert (e.kind, e.status) == ("meeting", "reference")


@pytest.mark.parametrize(
    "text",
    [
        "Asked about the possibility of President Ana Duarte's visit to Ghana, the spokesman said nothing.",
        "Foreign Minister Ana Duarte of Portugal is visiting Ghana to participate in the 18th Meeting of the "
        "Council of the Heads of State of the African Union at Accra.",
    ],
)
def test_engagements_not_a_visit(text: str) -> None:
    assert [e for e in extract(text).engagements if e.kind == "visit"] == []


def test_engagements_visit_place_is_in_the_clause_of_its_words() -> None:
    doc = extract(
        "Foreign Minister Ana Duarte of Portugal will travel abroad in June.\n\n"
        "Regarding Duarte's Ghana visit, the spokesman said Portugal supports Ghana's reforms."
    )
    (e,) = doc.engagements
    assert (e.kind, e.country, e.participants[0].name) == ("visit", "Ghana", "Ana Duarte")


def test_engagements_surname_opening_the_sentence_is_the_visitor() -> None:
    doc = extract(
        "Foreign Minister Ana Duarte of Portugal will attend the forum next month.\n\n"
        "Duarte is scheduled to attend the forum in Lisbon and pay official visits to Ghana and Kenya "
        "from June 1 to 7."
    )
    assert [(e.kind, e.country, e.participants[0].name) for e in doc.engagements] == [
        ("visit", "Ghana", "Ana Duarte"),
        ("visit", "Kenya", "Ana Duarte"),
    ]


def test_engagements_each_courtesy_call_knows_both_sides() -> None:
    doc = extract(
        "Foreign Minister Ana Duarte of Portugal called on President Kofi Mensah of Ghana and Prime Minister Ama Owusu "
        "in Accra."
    )
    calls = [e for e in doc.engagements if e.kind == "courtesy_call"]
    assert len(calls) == 2
    assert all({p.country for p in e.participants} == {"Portugal", "Ghana"} for e in calls)


def test_engagements_they_look_back_past_a_sentence_without_names() -> None:
    doc = extract(
        "President Ana Duarte of Portugal, who is arriving in Accra on Monday, will hold talks with President "
        "Kofi Mensah of Ghana. Both leaders are expected to discuss trade.\n\n"
        "This will be the first meeting between both the leaders, after they met on the sidelines of the G20 "
        "summit in 2019."
    )
    (e,) = [e for e in doc.engagements if e.kind == "sideline_meeting"]
    assert e.status == "reference"
    assert {p.name for p in e.participants} == {"Kofi Mensah", "Ana Duarte"}


def test_engagements_his_visit_belongs_to_the_office_before_it() -> None:
    doc = extract(
        "The council was set up by the Prime Minister of Ghana, Kofi Mensah, and President Ana Duarte of "
        "Portugal.\n\n"
        "The accord was signed upon the suggestion of the Ghanaian Prime Minister during his visit to Portugal "
        "in February 2019.\n\n"
        "It has met twice since."
    )
    (e,) = [e for e in doc.engagements if e.kind == "visit"]
    assert (e.status, e.country, e.participants[0].name) == ("reference", "Portugal", "Kofi Mensah")


def test_engagements_his_visit_belongs_to_the_main_clauses_subject() -> None:
    doc = extract(
        "Trade Minister Kofi Mensah of Ghana will host Portugal's trade minister next week.\n\n"
        "During his January 9-11 visit to Portugal last year, Mensah had also met with business leaders."
    )
    (e,) = [e for e in doc.engagements if e.kind == "visit"]
    assert (e.status, e.country, e.participants[0].name) == ("reference", "Portugal", "Kofi Mensah")


def test_engagements_a_sentence_missing_its_full_stop_is_read() -> None:
    doc = extract(
        "Ties between Ghana and Portugal are growing.\n\n"
        "The agreement was signed by Foreign Minister Ana Duarte of Portugal during her visit to Ghana in "
        "February 2019\n\n"
        "Portugal-Ghana ties on the rise"
    )
    (e,) = doc.engagements
    assert (e.kind, e.country) == ("visit", "Ghana")


@pytest.mark.parametrize(
    ("text", "kind", "status"),
    [
        ("Prime Minister Ana Duarte of Portugal called up President Kofi Mensah of Ghana.", "call", "held"),
        (
            "Foreign Minister Ana Duarte of Portugal had a talk with Foreign Minister Kofi Mensah of Ghana.",
            "meeting",
            "held",
        ),
        (
            "Foreign Minister Ana Duarte of Portugal held discussions with Foreign Minister Kofi Mensah of Ghana.",
            "meeting",
            "held",
        ),
        ("Foreign Minister Ana Duarte of Portugal will come to Accra on 3 June.", "visit", "scheduled"),
    ],
)
def test_engagements_more_ways_to_tell_a_contact(text: str, kind: str, status: str) -> None:
    (e,) = extract(text).engagements
    assert (e.kind, e.status) == (kind, status)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Foreign Minister Ana Duarte of Portugal spoke with Foreign Minister Kofi Mensah of Ghana.",
            "meeting",
        ),
        (
            "Foreign Minister Ana Duarte of Portugal spoke with Foreign Minister Kofi Mensah of Ghana. "
            "Duarte thanked Mensah for the call.",
            "call",
        ),
    ],
)
def test_engagements_spoke_with_is_a_call_when_the_text_says_so(text: str, kind: str) -> None:
    (e,) = extract(text).engagements
    assert e.kind == kind


def test_engagements_refusal_is_no_contact() -> None:
    text = (
        "Foreign Minister Ana Duarte of Portugal said she does not plan to hold a meeting with Foreign "
        "Minister Kofi Mensah of Ghana."
    )
    assert extract(text).engagements == []


def test_engagements_both_sides_named_before_the_contact() -> None:
    doc = extract(
        "Foreign Minister Ana Duarte of Portugal and Foreign Minister Kofi Mensah of Ghana agreed to deepen "
        "trade over a phone call on Friday.\n\n"
        "Earlier, Duarte and Mensah had spoken over the telephone on 2 May 2024."
    )
    assert [(e.kind, e.date) for e in doc.engagements] == [("call", "2024-05-17"), ("call", "2024-05-02")]
    for e in doc.engagements:
        assert {(p.name, p.country) for p in e.participants} == {
            ("Ana Duarte", "Portugal"),
            ("Kofi Mensah", "Ghana"),
        }


def test_engagements_meetings_with_several_sides_are_one_each() -> None:
    doc = extract(
        "Prime Minister Ana Duarte of Portugal held bilateral meetings with President Kofi Mensah of Ghana "
        "and President Lina Berg of Sweden on the sidelines of the UN General Assembly."
    )
    pairs = [sorted((p.name or "") for p in e.participants) for e in doc.engagements]
    assert pairs == [["Ana Duarte", "Kofi Mensah"], ["Ana Duarte", "Lina Berg"]]
    assert {e.kind for e in doc.engagements} == {"sideline_meeting"}


def test_engagements_side_of_the_protagonist_among_many_lands() -> None:
    doc = extract(
        "Prime Minister Tomas Lind held a meeting with President Kofi Mensah of Ghana on the sidelines of the "
        "SCO summit in Astana. Lind also met President Lina Berg of Sweden on the sidelines of the summit. "
        "Lind told reporters that Norway and Ghana would deepen trade."
    )
    lind = {p.country for e in doc.engagements for p in e.participants if p.name == "Tomas Lind"}
    assert len(doc.engagements) == 2 and lind == {"Norway"}


def test_engagements_datelines_country_is_the_other_side() -> None:
    doc = extract(
        "ACCRA, May 20 (Agency) -- Deputy Foreign Minister Kojo Asante held talks with Secretary Ravi Nair of "
        "India on Monday."
    )
    (e,) = doc.engagements
    assert {(p.name, p.country) for p in e.participants} == {("Kojo Asante", "Ghana"), ("Ravi Nair", "India")}


def test_engagements_counterparts_named_by_their_land() -> None:
    several = extract(
        "Foreign Minister Ana Duarte of Portugal also held talks with her Ghanaian, Kenyan and Peruvian "
        "counterparts on the sidelines of the UN General Assembly."
    ).engagements
    assert [(e.kind, [(p.name, p.title, p.country) for p in e.participants][1]) for e in several] == [
        ("sideline_meeting", (None, "Foreign Minister", land)) for land in ("Ghana", "Kenya", "Peru")
    ]
    one = extract(
        "Foreign Minister Ana Duarte of Portugal held video talks with her Ghanaian counterpart on Monday. "
        "Duarte and her Ghanaian counterpart Kofi Mensah agreed to expand trade."
    ).engagements
    assert [p.name for p in one[0].participants] == ["Ana Duarte", "Kofi Mensah"]
