"""Cut a text into runs, each with the extracted spans covering it, so a template can mark them.

The runs hold plain text; the template escapes it, so a document's own markup stays inert.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Mark:
    """One extracted span: its offsets, its kind (evidence, field, statement) and a label to show."""

    start: int
    end: int
    kind: str
    label: str


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    marks: tuple[Mark, ...]

    @property
    def kinds(self) -> list[str]:
        return sorted({m.kind for m in self.marks})

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(m.label for m in self.marks))


def runs(text: str, marks: Iterable[Mark]) -> list[Run]:
    """The text in order, split wherever a span starts or ends; spans outside the text are clipped."""
    kept = [Mark(max(0, m.start), min(len(text), m.end), m.kind, m.label) for m in marks]
    kept = [m for m in kept if m.start < m.end]
    cuts = sorted({0, len(text), *(m.start for m in kept), *(m.end for m in kept)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(m for m in kept if m.start <= start and end <= m.end)
        out.append(Run(text[start:end], covering))
    return out


def document_marks(document: dict[str, Any]) -> list[Mark]:
    """Every span the pipeline stored for a document: meeting evidence, field evidence and statements."""
    marks = []
    for account in document["meetings"]:
        name = f"meeting {account['meeting_id']}"
        marks += [Mark(e["start"], e["end"], "evidence", f"evidence of {name}") for e in account["evidence"]]
        for field, ev in (account["record"].get("field_evidence") or {}).items():
            marks.append(Mark(ev["start"], ev["end"], "field", f"{field} of {name}"))
    for st in document["statements"]:
        for ev in st["evidence"]:
            topics = ", ".join(st["topics"]) or "no topic"
            marks.append(Mark(ev["start"], ev["end"], "statement", f"{st['kind']} statement ({topics})"))
    return marks


def report_marks(report: dict[str, Any]) -> list[Mark]:
    """The spans one document gives for one meeting: its evidence sentences and field values."""
    marks = [Mark(e["start"], e["end"], "evidence", "evidence") for e in report["evidence"]]
    for field, ev in (report["meeting"].get("field_evidence") or {}).items():
        marks.append(Mark(ev["start"], ev["end"], "field", field))
    return marks
