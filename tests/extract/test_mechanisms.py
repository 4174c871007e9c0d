"""Mechanism names found from how texts write them, and resolved against the lexicon."""

from __future__ import annotations

import pytest

from corridor.extract import dates, frames, segment, tagging  # noqa: F401  (registers stages)
from corridor.extract.lexicon import load_lexicon
from corridor.extract.mechanisms import MechanismGrammar, _spells, split_numbered
from corridor.extract.pipeline import Pipeline
from corridor.extract.tokens import words
from corridor.model import Document


def phrases(text: str):
    doc = Document(text=text, source="t")
    Pipeline(["segment", "dates", "tag"])(doc)
    grammar = MechanismGrammar(load_lexicon())
    return grammar.find(words(doc.tokens), text, doc.mentions, "CPEC" in text)


@pytest.mark.parametrize(
    "text, core, parties",
    [
        (
            "The Ghana-Togo Permanent Joint Commission for Cooperation met in Lome.",
            "Permanent Joint Commission for Cooperation",
            ["Ghana", "Togo"],
        ),
        (
            "the third round of bilateral political consultations between Chile and Peru",
            "bilateral political consultations",
            ["Chile", "Peru"],
        ),
        (
            "The Kazakh-Uzbek Intergovernmental Commission (IGC) convened.",
            "Intergovernmental Commission",
            ["Kazakhstan", "Uzbekistan"],
        ),
        (
            "held the sixth India-Vietnam Joint Working Group on Defence Industry Cooperation",
            "Joint Working Group on Defence Industry Cooperation",
            ["India", "Vietnam"],
        ),
        ("the Consultative Group on Strategic Stability", "Consultative Group on Strategic Stability", []),
        ("the 8th Commerce Secretary-level meeting was held", "Commerce Secretary-level meeting", []),
        ("the India-Nepal Home Secretary-Level Talks", "Home Secretary-Level Talks", ["India", "Nepal"]),
        (
            "The Fourth Meeting of the Kenya-Uganda Joint Technical Committee on roads and Bridges was held.",
            "Joint Technical Committee on roads and Bridges",
            ["Kenya", "Uganda"],
        ),
        (
            "KAMPALA - Kenya Uganda Joint Permanent Commission will meet next month.",
            "Joint Permanent Commission",
            ["Kenya", "Uganda"],
        ),
    ],
)
def test_mechanisms_name_core_and_parties(text, core, parties) -> None:
    (p,) = [p for p in phrases(text) if not p.is_acronym_only]
    assert p.core == core
    assert p.parties == parties


@pytest.mark.parametrize(
    "text",
    [
        "The 4th Pakistan-China Think Tanks Forum opened in Lahore.",
        "the Council of Foreign Ministers of the Shanghai Cooperation Organisation",
        "A meeting of the Cabinet Committee on Energy was held.",
        "the 44th Dhaka International Trade Fair",
    ],
)
def test_mechanisms_rejects_forums_multilateral_and_domestic_bodies(text) -> None:
    assert [p for p in phrases(text) if not p.is_acronym_only] == []


def test_mechanisms_acronym_defined_in_text_is_reused() -> None:
    text = "The Egypt-Sudan Joint Higher Committee (JHC) met in Cairo. The JHC agreed to meet again."
    found = phrases(text)
    assert [p.acronym for p in found] == ["JHC", "JHC"]
    assert found[1].is_acronym_only and found[1].core == found[0].core


@pytest.mark.parametrize(
    "acronym, base, ordinal",
    [("IGC-VIII", "IGC", 8), ("JCM-XI", "JCM", 11), ("ML-1", "ML-1", None), ("JWG-ICC", "JWG-ICC", None)],
)
def test_mechanisms_roman_suffix_is_a_round(acronym, base, ordinal) -> None:
    assert split_numbered(acronym) == (base, ordinal)


def test_mechanisms_resolves_family_by_parties() -> None:
    grammar = MechanismGrammar(load_lexicon())
    text = "the Fifth Round of Bilateral Political Consultations"
    doc = Document(text=text, source="t")
    Pipeline(["segment", "dates", "tag"])(doc)
    (p,) = grammar.find(words(doc.tokens), text, doc.mentions, False)
    assert grammar.resolve(p, doc.mentions, ["Pakistan", "China"], False).key == "pk-cn-bpc"
    assert grammar.resolve(p, doc.mentions, ["Pakistan", "Sri Lanka"], False) is None


def test_mechanisms_grouping_acronyms_count_only_in_capitals() -> None:
    """'Viet Nam' holds the letters of NAM (the Non-Aligned Movement) but is a party, not a grouping."""
    text = "The 12th Meeting of the Japan-Viet Nam Cooperation Committee was held in Tokyo."
    found = [p for p in phrases(text) if not p.is_acronym_only]
    assert [set(p.parties) for p in found] == [{"Japan", "Vietnam"}]
    assert not [
        p for p in phrases("The NAM Coordinating Committee met in New York.") if not p.is_acronym_only
    ]


def test_mechanisms_a_subject_list_with_commas_stays_in_the_name() -> None:
    text = "the Vietnam-Laos Joint Commission on Economic, Cultural, Scientific and Technical Cooperation met"
    (p,) = [p for p in phrases(text) if not p.is_acronym_only]
    assert p.core == "Joint Commission on Economic, Cultural, Scientific and Technical Cooperation"


@pytest.mark.parametrize(
    "acronym, core, spelled",
    [
        ("IGC", "Intergovernmental Commission on Economic Cooperation", True),
        ("JWG", "Joint Working Group on Counter Terrorism", True),
        ("JBC", "Joint Border Commission", True),
        ("JEC", "Joint Working Group on Energy", False),
        ("IGC", "Joint Commission", False),
    ],
)
def test_mechanisms_acronym_spells_a_name(acronym, core, spelled) -> None:
    assert _spells(acronym, core) is spelled
