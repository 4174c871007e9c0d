"""Re-extraction: rebuild every extracted fact from the stored texts after a lexicon or pipeline change.

Each stored document is extracted again and what it says replaces what it said, one
transaction per document; a document whose extraction fails keeps its old accounts. The
meetings, mechanisms and people are matched again by the same rules as at ingest, and an
account keeps the meeting its earlier extraction was in when nothing else places it, so
reviewers' corrections (kept apart from extracted facts) apply as before. The report says
which meetings appeared, disappeared or show different values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..extract import run as extraction
from ..model import Document
from .ingest import Failure, _reason
from .merge import FIELDS
from .storage import KnowledgeBase

Extractor = Callable[[Document], Document]


@dataclass(frozen=True, slots=True)
class Change:
    """One shown value of one meeting that re-extraction changed."""

    meeting: int
    label: str
    field: str
    before: Any
    after: Any


@dataclass(slots=True)
class ReextractReport:
    """What a rebuild did: documents read, meetings added and removed, values changed."""

    documents: int = 0
    failures: list[Failure] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    corrections: int = 0

    def summary(self) -> str:
        return (
            f"documents {self.documents}, failed {len(self.failures)}; meetings added {len(self.added)}, "
            f"removed {len(self.removed)}, changed {len({c.meeting for c in self.changes})}; "
            f"corrections kept {self.corrections}"
        )

    def lines(self) -> list[str]:
        """One line per added, removed or changed meeting."""
        out = [f"+ {label}" for label in self.added] + [f"- {label}" for label in self.removed]
        out += [f"~ {c.label}: {c.field} {c.before!r} -> {c.after!r}" for c in self.changes]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "failures": [{"source": f.source, "reason": f.reason} for f in self.failures],
            "added": self.added,
            "removed": self.removed,
            "changes": [
                {"meeting": c.meeting, "field": c.field, "before": c.before, "after": c.after}
                for c in self.changes
            ],
            "corrections": self.corrections,
        }


def reextract(kb: KnowledgeBase, extract: Extractor | None = None) -> ReextractReport:
    """Extract every stored document again and report how the meetings changed."""
    run = extract or extraction.extract_document
    report = ReextractReport()
    before = _shown(kb)
    for row in kb.stored_documents():
        report.documents += 1
        doc = stored_document(row)
        try:
            kb.replace_document(run(doc))
        except Exception as exc:  # one document's failure is reported; its old accounts stay
            report.failures.append(Failure(doc.source, _reason(exc)))
    kb.drop_unused()
    after = _shown(kb)
    report.added = [after[i]["label"] for i in sorted(set(after) - set(before))]
    report.removed = [before[i]["label"] for i in sorted(set(before) - set(after))]
    for meeting_id in sorted(set(before) & set(after)):
        for name in (*FIELDS, "chairs", "mechanism"):
            old, new = before[meeting_id][name], after[meeting_id][name]
            if old != new:
                report.changes.append(Change(meeting_id, before[meeting_id]["label"], name, old, new))
    report.corrections = len(kb.corrections())
    return report


def stored_document(row: dict[str, Any]) -> Document:
    """A stored document as the pipeline takes it, its dateline found again as at ingest."""
    from ..sources.dateline import find_published

    published = date.fromisoformat(row["published"]) if row["published"] else None
    doc = Document(
        text=row["text"],
        source=row["source"],
        title=row["title"],
        url=row["url"],
        published=published,
        language=row["language"] or "en",
        id=row["id"],
    )
    found = find_published(doc.text)
    if found and (published is None or found[0] == published):
        doc.published, doc.published_span = found
    return doc


def _shown(kb: KnowledgeBase) -> dict[int, dict[str, Any]]:
    """Every meeting's shown values, by id, with a label to report it by."""
    out = {}
    for m in kb.list_meetings(include_rejected=True):
        ordinal = f" #{m['ordinal']}" if m["ordinal"] is not None else ""
        out[m["id"]] = {
            **{name: m[name] for name in FIELDS},
            "chairs": [c["name"] for c in m["chairs"]],
            "mechanism": m["mechanism"]["name"],
            "label": f"meeting {m['id']} ({m['mechanism']['name']}{ordinal}, {m['date'] or 'no date'})",
        }
    return out
