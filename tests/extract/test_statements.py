"""Statements of position in running text, their kinds, actors and topics."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import LexiconError
from corridor.extract.pipeline import REGISTRY, Pipeline
from corridor.extract.segment import split_sentences
from corridor.extract.statements import (
    KINDS,
    LEXICON,
    StatementLexicon,
    TopicLexicon,
    find_statements,
    load_lexicon,
)
from corridor.model import Document, Statement
from corridor.schema import load as load_schema


def statements(text: str) -> list[Statement]:
    return find_statements(text, split_sentences(text))


def kinds(text: str) -> list[str]:
    return [s.kind for s in statements(text)]


def topics(text: str) -> set[str]:
    """The document-level topic set, the figure the scorer compares."""
    return {t for s in statements(text) for t in s.topics}


# --- kinds ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("India and Japan agreed to set up a working group on critical minerals.", "agree"),
        ("It was decided that the commission would meet every year.", "agree"),
        ("Consensus was reached to open two more border crossings.", "agree"),
        ("The two sides reaffirmed their commitment to the partnership.", "reaffirm"),
        ("Egypt reiterated its position on the dam.", "reaffirm"),
        ("Both countries renewed their commitment to the alliance.", "reaffirm"),
        ("Azerbaijan pledged to complete the railway by next year.", "commit"),
        ("Beijing assured Dhaka of uninterrupted supplies.", "commit"),
        ("China is ready to work with Nepal on the rail link.", "commit"),
        ("The ministers reviewed the implementation of the action plan.", "review"),
        ("The two sides took stock of the progress on earlier decisions.", "review"),
        ("The EU side underscored the need for a level playing field.", "emphasise"),
        ("Vietnam stressed the importance of freedom of navigation.", "emphasise"),
        ("Both sides expressed satisfaction with the pace of work.", "express"),
        ("The Sudanese minister hoped the visit would open a new chapter.", "express"),
        ("Turkey supported Azerbaijan's bid to host the conference.", "support"),
        ("The leaders encouraged their business communities to invest.", "support"),
        ("Bangladesh welcomed the announcement of new scholarships.", "welcome"),
        ("Kenya hailed the opening of the one-stop border post.", "welcome"),
        ("Ankara promised to send a trade mission within a month.", "commit"),
        ("The two Prime Ministers note with appreciation the growth of tourism.", "other"),
        ("The two ministers condemned the attack on the embassy.", "reject"),
        ("Egypt and Sudan opposed any unilateral action on the river.", "reject"),
        ("The Japanese side appreciated India's efforts in the region.", "other"),
        ("The minister described the relationship as exemplary.", "other"),
        ("The Vietnamese side proposed a joint study on logistics.", "other"),
        ("The ambassador said the project had created thousands of jobs.", "other"),
    ],
)
def test_statements_kind_of_each_cue(text: str, kind: str) -> None:
    assert kinds(text) == [kind]


@pytest.mark.parametrize(
    "text",
    [
        # process verbs with no position
        "The two sides discussed trade, energy and defence cooperation.",
        "The ministers exchanged views on regional and international issues.",
        "The delegations held talks on the Nile waters and railway links.",
        "The discussions focused on trade, tourism and health.",
        "Several subjects, security among them, were discussed during the two days of talks.",
        # agenda, purpose and previews
        "The agenda of the session included reviewing the power projects.",
        "The commission was set up to review trade and investment ties.",
        "The two sides will review cooperation in agriculture and fisheries.",
        "The ministers are expected to reaffirm their strategic partnership.",
        "It was learnt that Dhaka will emphasise the need for more investment.",
        "The visit would enable both countries to deepen defence ties.",
        "The energy projects will be reviewed at the next session.",
        "If the two sides agreed on tariffs, trade would double.",
        # acts and background
        "The two ministers signed five agreements on energy and health.",
        "Japan is India's largest source of development finance for railways.",
        "The meeting was held via video link.",
        # commentary and sourcing
        "Analysts said the deal would transform bilateral trade.",
        "The two sides discussed energy and railways, the ministry said.",
        "A review of the energy projects is under way.",
        "As agreed earlier, the railway survey continues.",
        "All pending issues on the expressway have been resolved.",
        "It was informed that the airport would be completed next year.",
    ],
)
def test_statements_not_a_statement(text: str) -> None:
    assert statements(text) == []


def test_statements_one_per_clause_with_its_own_kind() -> None:
    text = "The two sides rejected the smear campaign and agreed to boost tourism."
    found = statements(text)
    assert [(s.kind, s.topics) for s in found] == [
        ("reject", ["people_to_people"]),
        ("agree", ["people_to_people"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Both sides reviewed the whole range of bilateral relations and discussed trade and energy.",
        "Both sides welcomed the strategic dialogue, which covered trade, energy and defence.",
    ],
)
def test_statements_clause_ends_where_process_begins(text: str) -> None:
    assert topics(text) == {"political"}


def test_statements_verb_inside_a_that_clause_stays_in_the_first_statement() -> None:
    text = "The minister noted that the people of Sudan deeply cherished the friendship."
    assert kinds(text) == ["other"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Noting the progress, the ministers agreed to expand rail links.", ["agree"]),
        ("Supporting the plan, Egypt reiterated its position on the dam.", ["reaffirm"]),
        ("The chairman highlighted renewed interest of investors in the port.", ["emphasise"]),
        ("The minister acknowledged the continuous support extended by the partner.", ["other"]),
    ],
)
def test_statements_modifiers_are_not_statements_of_their_own(text: str, expected: list[str]) -> None:
    assert kinds(text) == expected


def test_statements_headline_with_a_position_verb_counts() -> None:
    assert kinds("Vietnam, EU agree to deepen digital cooperation") == ["agree"]


def test_statements_reported_agreements_made_earlier_count() -> None:
    text = "The minister asked officials to speed up the metro line which was agreed in the last session."
    assert topics(text) == {"infrastructure"}


# --- attribution and continued speech --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said cooperation in textiles would create jobs.", {"industry", "livelihood"}),
        ("Mining will attract new investors, the ambassador added.", {"industry", "trade_investment"}),
        ("Talking to the media, the envoy said tourism had doubled.", {"people_to_people"}),
        ("The spokesperson told reporters that the talks covered energy and trade.", set()),
        ("The foreign minister said he would hold meetings with counterparts from other countries.", set()),
        ("Officials said the session would cover trade, the railway and energy.", set()),
        ('"Our brotherhood is eternal," the Turkish minister said.', {"political"}),
    ],
)
def test_statements_attributed_topics_come_from_what_is_reported(text: str, expected: set[str]) -> None:
    assert topics(text) == expected


def test_statements_quotation_closed_by_attribution_is_the_speakers() -> None:
    text = (
        '"Our two countries are time-tested friends. We want more Turkish investment in our ports," '
        "the Azerbaijani minister said."
    )
    found = statements(text)
    assert len(found) == 2
    assert topics(text) == {"political", "trade_investment", "infrastructure"}


def test_statements_would_sentence_continues_reported_speech() -> None:
    text = "The minister said the plan was a milestone. Vocational training would also be expanded."
    found = statements(text)
    assert [s.topics for s in found] == [[], ["livelihood"]]
    assert found[1].actors == found[0].actors == ["the minister"]


def test_statements_sentence_broken_by_a_stray_line_break_is_rejoined() -> None:
    text = "Both sides agreed to expand cooperation in the fields of\n\nrailways and tourism."
    assert topics(text) == {"infrastructure", "people_to_people"}


# --- actors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Both sides welcomed the new flights.", ["both sides"]),
        ("The two sides agreed to meet again.", ["the two sides"]),
        ("India and Japan reaffirmed their partnership.", ["India", "Japan"]),
        ("The foreign secretary stressed the need for early action.", ["the foreign secretary"]),
        ("Egypt, Sudan reject unilateral measures", ["Egypt", "Sudan"]),
        ("JWG-ICC rejects the false narratives", ["JWG-ICC"]),
        ("Earlier, Nepal had urged India to send experts.", ["Nepal"]),
        (
            "Opening the session, the minister said so, and the Uzbek envoy termed it historic.",
            ["the Uzbek envoy"],
        ),
        ("He underscored the value of the dialogue.", []),
        ("It was agreed to meet in Cairo.", []),
    ],
)
def test_statements_actor_is_the_recognisable_subject(text: str, actors: list[str]) -> None:
    assert statements(text)[0].actors == actors


def test_statements_second_verb_shares_the_subject() -> None:
    found = statements("The two sides exchanged views on Gaza and agreed to stay in touch.")
    assert found[0].actors == ["the two sides"]


# --- topics by meaning -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The sides agreed to develop special economic zones and industrial parks.", {"industry"}),
        ("Both countries agreed to cooperate in mining and mineral processing.", {"industry"}),
        ("They agreed to expand hydropower, solar and grid projects.", {"energy"}),
        ("The ministers agreed to boost food security and livestock farming.", {"agriculture"}),
        ("Both sides agreed to cooperate on fibre optic links and e-commerce.", {"information_technology"}),
        ("The sides agreed to promote research and technology transfer.", {"science_technology"}),
        ("They reviewed progress on the motorway, the airport and the port.", {"infrastructure"}),
        ("Both sides agreed to raise bilateral trade and attract investment.", {"trade_investment"}),
        ("The two sides agreed to cooperate in health, education and poverty alleviation.", {"livelihood"}),
        ("They agreed to promote tourism, culture and youth exchanges.", {"people_to_people"}),
        ("The two sides agreed to deepen defence and counter-terrorism cooperation.", {"security"}),
        (
            "Both sides highlighted the role of the railway in regional connectivity.",
            {"connectivity", "infrastructure"},
        ),
        ("They welcomed the participation of third countries in the projects.", {"third_party"}),
        ("The ministers agreed to coordinate closely at the United Nations and the SCO.", {"multilateral"}),
        ("They agreed to cooperate on climate change and disaster management.", {"environment"}),
        ("The two sides reaffirmed their all-weather strategic partnership.", {"political"}),
        ("Both sides agreed to maintain high-level exchanges and dialogue mechanisms.", {"political"}),
        ("Pakistan reiterated its support for the One-China policy.", {"political"}),
    ],
)
def test_statements_topics_by_meaning(text: str, expected: set[str]) -> None:
    assert topics(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two sides rejected the disinformation campaign against the corridor.", {"people_to_people"}),
        ("Both sides agreed to deepen cooperation in the fight against COVID-19.", {"livelihood"}),
        ("The minister lauded the partner's pandemic response and vaccine supplies.", {"livelihood"}),
        ("They agreed to promote think tanks and media exchanges.", {"people_to_people"}),
        (
            "Both sides welcomed the extension of the corridor to Afghanistan and other countries.",
            {"third_party"},
        ),
    ],
)
def test_statements_topic_conventions(text: str, expected: set[str]) -> None:
    assert topics(text) == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Held in virtual mode, the meeting reviewed progress on all projects.", "information_technology"),
        ("The sides agreed to promote sustainable development.", "environment"),
        ("The meeting emphasised the need to energise bilateral cooperation.", "energy"),
        ("Both sides expressed concern over the security situation in the region.", "security"),
        ("They agreed to create a good social environment for the projects.", "environment"),
        ("The sides reviewed the progress of economic cooperation.", "political"),
        ("Both leaders stressed the need for diplomacy as per the UN Charter.", "multilateral"),
        ("On the sidelines of the SCO summit, the two ministers agreed to boost trade.", "multilateral"),
        ("The Minister for Energy stressed that relations with Egypt were excellent.", "energy"),
        ("The Board of Investment chairman highlighted the progress on roads.", "trade_investment"),
        ("The two sides agreed to align their projects with the Belt and Road.", "infrastructure"),
        ("Both sides agreed to boost food security.", "security"),
        ("Both sides agreed to expand defence industry cooperation.", "industry"),
        ("India and Japan agreed to boost defence ties.", "political"),
        (
            "Amid challenges such as COVID-19 and climate change, both sides reaffirmed the alliance.",
            "livelihood",
        ),
        ("IT WAS AGREED THAT THE DELEGATION WOULD TRAVEL IN MAY.", "information_technology"),
        ("They agreed that its implementation would be reviewed.", "information_technology"),
    ],
)
def test_statements_topic_traps(text: str, absent: str) -> None:
    assert statements(text), "the trap sentence must still be a statement"
    assert absent not in topics(text)


# --- CPEC 2.0 corridors and the 5Es ---------------------------------------------

CORRIDORS = {
    "growth_corridor",
    "livelihood_corridor",
    "innovation_corridor",
    "open_corridor",
    "green_corridor",
}
FIVE_ES = {"e_exports", "e_pakistan", "e_energy", "e_environment", "e_equity"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Under CPEC, both sides highlighted the five new corridors, namely growth, livelihood, "
            "innovation, open and green corridor.",
            CORRIDORS,
        ),
        (
            "The Pakistani side underscored its 5Es: Equity, Environment, Energy, E-Pakistan and Exports.",
            FIVE_ES,
        ),
        ("Both sides agreed to build the green corridor under CPEC 2.0.", {"green_corridor"}),
        (
            "Both sides agreed to prioritise the growth and innovation corridors of CPEC.",
            {"growth_corridor", "innovation_corridor"},
        ),
        (
            "The two sides aligned the five corridors of CPEC 2.0 with national plans, the minister said.",
            CORRIDORS,
        ),
        ("Pakistan reaffirmed its development agenda built on the 5Es framework.", FIVE_ES),
    ],
)
def test_statements_framework_names_tag_members_and_no_sector(text: str, expected: set[str]) -> None:
    assert topics(text) == expected


def test_statements_framework_name_alone_does_not_swallow_a_sector() -> None:
    text = "Under the 5Es framework, Pakistan stressed that energy cooperation remained a priority."
    assert topics(text) == FIVE_ES | {"energy"}


def test_statements_framework_needs_its_context() -> None:
    text = "India and Japan agreed to promote the Asia-Africa Growth Corridor."
    assert "growth_corridor" not in topics(text)


def test_statements_framework_member_outside_a_list_is_a_sector() -> None:
    text = "Under CPEC, both sides agreed to expand green energy and innovation."
    assert topics(text) == {"energy", "environment", "science_technology"}


# --- records and evidence ----------------------------------------------------------


def test_statements_span_is_the_clause_in_the_text() -> None:
    text = "Dateline. The two ministers welcomed the new ferry service and agreed to promote tourism."
    found = statements(text)
    assert [s.span.of(text) for s in found] == [
        "The two ministers welcomed the new ferry service",
        "agreed to promote tourism.",
    ]
    assert all(s.meeting is None for s in found)


def test_statements_stage_fills_document_statements() -> None:
    st = REGISTRY["statements"]
    assert st.requires == {"text", "sentences"} and st.assigns == {"statements"}
    doc = Pipeline(["segment", "statements"])(Document(text="Both sides agreed to boost trade.", source="t"))
    assert [(s.kind, s.topics) for s in doc.statements] == [("agree", ["trade_investment"])]


# --- lexicon files -------------------------------------------------------------------


def test_statements_lexicon_topic_ids_are_the_schemas() -> None:
    schema = load_schema("topics.json")
    expected = {t for family in ("sectors", "cpec2_corridors", "five_es") for t in schema[family]}
    lexicon = load_lexicon(TopicLexicon, LEXICON / "topics.yaml")
    assert set(lexicon.topic_ids) == expected


def test_statements_lexicon_kinds_are_the_schemas() -> None:
    lexicon = load_lexicon(StatementLexicon, LEXICON / "statements.yaml")
    assert set(lexicon.kinds) == set(KINDS)


@pytest.mark.parametrize(
    ("model", "content", "entry"),
    [
        (StatementLexicon, "kinds: [unclosed", "cannot read"),
        (StatementLexicon, "- a list", "mapping"),
        (TopicLexicon, "sectors:\n  energy:\n    triggers: ['']\n", "sectors.energy.triggers"),
        (TopicLexicon, "sectors:\n  energy:\n    triggers: [oil]\n    exclusions: [Oil]\n", "sectors.energy"),
        (
            TopicLexicon,
            "sectors:\n  energy:\n    triggers: [power]\n    extra: [x]\n",
            "sectors.energy.extra",
        ),
        (
            TopicLexicon,
            "sectors:\n  Energy:\n    triggers: [power]\n"
            "names: {heads: [], joiners: [], links: [], inner: []}\n",
            "Energy",
        ),
    ],
)
def test_statements_lexicon_bad_file_names_file_and_entry(
    tmp_path: Path, model: type[StatementLexicon] | type[TopicLexicon], content: str, entry: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon(model, path)
    assert str(path) in str(err.value) and entry in str(err.value)


def test_statements_lexicon_cue_under_two_kinds_is_rejected(tmp_path: Path) -> None:
    text = (LEXICON / "statements.yaml").read_text(encoding="utf-8")
    text = text.replace("base: [welcome]", "base: [welcome, agree]", 1)
    path = tmp_path / "statements.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match="'agree' is listed under both"):
        load_lexicon(StatementLexicon, path)


def test_statements_lexicon_unknown_kind_is_rejected(tmp_path: Path) -> None:
    text = (LEXICON / "statements.yaml").read_text(encoding="utf-8").replace("  welcome:\n", "  greet:\n", 1)
    path = tmp_path / "statements.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match="kinds.*greet"):
        load_lexicon(StatementLexicon, path)
