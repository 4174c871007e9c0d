"""Disagreements between a meeting's sources; a vaguer date inside a precise one is no disagreement."""

from __future__ import annotations

import pytest

from corridor.kb.conflicts import agree, field_conflicts, meeting_conflicts


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2025-10", "2025-10-11", True),
        ("2025-10-10", "2025-10-11", False),
        ("Beijing", "beijing", True),
        (3, 3, True),
        (3, 4, False),
    ],
)
def test_conflicts_agree(a: object, b: object, same: bool) -> None:
    assert agree(a, b) is same


def report(doc: str, **fields: object) -> dict[str, object]:
    return {"document": doc, "source": f"{doc}.txt", "label": f"Daily: report {doc}", "meeting": fields}


def test_conflicts_fields_list_every_value_and_source() -> None:
    found = field_conflicts(
        [
            report("a", date="2025-10-11", city="Islamabad", ordinal=14),
            report("b", date="2025-10-10", city=None, ordinal=14),
        ]
    )
    assert found == [
        {
            "field": "date",
            "values": [
                {"value": "2025-10-11", "document": "a", "source": "a.txt", "label": "Daily: report a"},
                {"value": "2025-10-10", "document": "b", "source": "b.txt", "label": "Daily: report b"},
            ],
        }
    ]


def test_conflicts_meetings_keep_only_real_disagreements() -> None:
    rows = [
        {"meeting_id": 1, "document_id": "a", "source": "a", "record": {"date": "2025-10"}},
        {"meeting_id": 1, "document_id": "b", "source": "b", "record": {"date": "2025-10-02"}},
        {"meeting_id": 2, "document_id": "c", "source": "c", "record": {"mode": "virtual"}},
        {"meeting_id": 2, "document_id": "d", "source": "d", "record": {"mode": "in_person"}},
    ]
    assert [c["meeting"] for c in meeting_conflicts(rows)] == [2]
