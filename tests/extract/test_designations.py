"""Designations: the label a pair gives its relationship, in canonical form, per pair."""

from __future__ import annotations

import pytest

from corridor.extract.designations import canonical
from corridor.extract.run import extract_document
from corridor.model import Document


def labels(text: str) -> set[tuple[frozenset[str], str]]:
    doc = extract_document(Document(text=text, source="t"))
    return {(frozenset(d.countries), d.designation) for d in doc.designations}


@pytest.mark.parametrize(
    ("qualifiers", "head", "expected"),
    [
        ("all-weather strategic co-operative", "partners", "All-Weather Strategic Cooperative Partnership"),
        ("comprehensive strategic", "partnership", "Comprehensive Strategic Partnership"),
        ("strategic and cooperative", "partnership", "Strategic and Cooperative Partnership"),
        ("all weathers strategic", "partner", "All-Weather Strategic Partnership"),
    ],
)
def test_designations_canonical_form(qualifiers: str, head: str, expected: str) -> None:
    assert canonical(qualifiers, head) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chile and Peru are comprehensive strategic partners and iron brothers, the minister said.",
            {
                (frozenset({"Chile", "Peru"}), "Comprehensive Strategic Partnership"),
                (frozenset({"Chile", "Peru"}), "iron brothers"),
            },
        ),
        (
            "The ministers hailed the time-tested Chile-Peru Strategic Partnership. "
            "They pledged to deepen the strategic partnership further.",
            {(frozenset({"Chile", "Peru"}), "Strategic Partnership")},
        ),
        ("Chile and Peru are important trading partners and good friends.", set()),
        ("Chile and Peru agreed to upgrade ties to a comprehensive strategic partnership.", set()),
        (
            "The two sides discussed a strategic partnership between the defence industries of Chile and Peru.",
            set(),
        ),
    ],
)
def test_designations_found_per_pair(text: str, expected: set) -> None:
    assert labels(text) == expected
