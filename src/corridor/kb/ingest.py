"""Ingestion: extract each document and store it, one transaction per document.

No SQL here: storing goes through `KnowledgeBase`, so the backend can change
without this module knowing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import CorridorError, InputError
from ..extract import run as extraction
from ..model import Document
from .storage import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that was not stored, and why."""

    source: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    """Counts of one ingestion run; read = stored + unchanged + failed."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        return f"read {self.read}, stored {self.stored}, unchanged {self.unchanged}, failed {self.failed}"


def ingest_documents(kb: KnowledgeBase, docs: Iterable[Document | InputError]) -> IngestReport:
    """Extract and store every readable document; record the others as failures.

    A document already stored (same content id) is counted as unchanged and not
    extracted again. One bad document never stops the batch.
    """
    report = IngestReport()
    for item in docs:
        report.read += 1
        if isinstance(item, InputError):
            report.failures.append(Failure(item.source, item.reason))
            continue
        outcome = ingest_document(kb, item)
        if isinstance(outcome, Failure):
            report.failures.append(outcome)
        elif outcome == "stored":
            report.stored += 1
        else:
            report.unchanged += 1
    return report


def ingest_document(kb: KnowledgeBase, doc: Document) -> str | Failure:
    """'stored' or 'unchanged' for one document, or the Failure that kept it out."""
    if kb.has_document(doc.id):
        return "unchanged"
    try:
        extracted = extraction.extract_document(doc)
        return kb.store_document(extracted).status
    except Exception as exc:  # one document's failure, whatever it is, is reported, not raised
        return Failure(doc.source, _reason(exc))


def _reason(exc: Exception) -> str:
    """A one-line reason: our own errors speak for themselves; others also name their type."""
    if isinstance(exc, CorridorError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
