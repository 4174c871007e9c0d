"""Where the sources of one meeting disagree: the values to check before a record is trusted.

Plain functions over the reports that `KnowledgeBase` returns; a vaguer date that the more
precise one falls within ("2019-11" and "2019-11-05") is no disagreement.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

FIELDS = ("ordinal", "date", "city", "country", "mode")


def agree(a: Any, b: Any) -> bool:
    """Two non-null values agree when equal, or when one date is a prefix of the other."""
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold() or b.startswith(a) or a.startswith(b)
    return bool(a == b)


def field_conflicts(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each field on which some pair of reports disagrees, every report's value and source.

    `records` are dicts with `document`, `source` and `meeting` (the meeting as that report states it).
    """
    conflicts = []
    for name in FIELDS:
        given = [r for r in records if r["meeting"].get(name) is not None]
        values = [r["meeting"][name] for r in given]
        if any(not agree(a, b) for i, a in enumerate(values) for b in values[i + 1 :]):
            conflicts.append(
                {
                    "field": name,
                    "values": [
                        {
                            "value": r["meeting"][name],
                            "document": r["document"],
                            "source": r["source"],
                            "label": r.get("label") or r["source"],
                        }
                        for r in given
                    ],
                }
            )
    return conflicts


def meeting_conflicts(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group `conflicting_reports` rows by meeting and keep the meetings whose disagreement is real."""
    by_meeting: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        report = {
            "document": row["document_id"],
            "source": row["source"],
            "label": row.get("label") or row["source"],
            "meeting": row["record"],
        }
        by_meeting.setdefault(int(row["meeting_id"]), []).append(report)
    found = []
    for meeting_id, reports in by_meeting.items():
        conflicts = field_conflicts(reports)
        if conflicts:
            found.append({"meeting": meeting_id, "conflicts": conflicts})
    return found
