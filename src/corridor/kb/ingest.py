"""Ingestion: extract each document and store it, one transaction per document.

No SQL here: storing goes through `KnowledgeBase`, so the backend can change
without this module knowing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import CorridorError, InputError, StorageError
from ..extract import run as extraction
from ..model import Document
from ..sources.reading import BatchItem, Fetched, ReadOptions, Unchanged, read_expanded
from .storage import KnowledgeBase, StoryLink

if TYPE_CHECKING:
    from ..sources.dedup import StoryIndex

# What became of one input: stored, stored as a near-duplicate, unchanged, or failed.
OnItem = Callable[[str, str], None]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that was not stored, and why."""

    source: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    """Counts of one ingestion run; read = stored + unchanged + failed.

    `duplicates` counts the stored documents that are near-copies of a story already
    known (one wire story in several outlets): stored and linked, not new confirmation.
    """

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        copies = f" ({self.duplicates} near-duplicate{'s' if self.duplicates != 1 else ''})"
        return (
            f"read {self.read}, stored {self.stored}{copies if self.duplicates else ''}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
        )

    def to_json(self) -> dict[str, Any]:
        """The summary for scripts: counts, and each failure with its reason."""
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "failures": [{"source": f.source, "reason": f.reason} for f in self.failures],
        }


def ingest_documents(
    kb: KnowledgeBase,
    docs: Iterable[Document | InputError] | Iterable[BatchItem],
    stories: StoryIndex | None = None,
    on_item: OnItem | None = None,
) -> IngestReport:
    """Extract and store every readable document; record the others as failures.

    A document already stored (same content id) is counted as unchanged and not
    extracted again. One bad document never stops the batch. With `stories`, each new
    document is linked to the story it is a near-copy of. A fetched address's validators
    are kept only while no document of the batch has failed to store, so a failure is
    retried by the next run instead of being answered 'not modified'.
    """
    report = IngestReport()
    keep_validators = True
    for item in docs:
        if isinstance(item, Fetched):
            if keep_validators:
                remember(kb, item)
            continue
        report.read += 1
        outcome = item_outcome(kb, item, stories)
        if isinstance(outcome, Failure):
            report.failures.append(outcome)
            keep_validators = keep_validators and isinstance(item, InputError)
        else:
            count(report, outcome)
        if on_item is not None:
            on_item("failed" if isinstance(outcome, Failure) else outcome, item.source)
    return report


def item_outcome(
    kb: KnowledgeBase, item: Document | InputError | Unchanged, stories: StoryIndex | None
) -> str | Failure:
    if isinstance(item, InputError):
        return Failure(item.source, item.reason)
    if isinstance(item, Unchanged):
        return "unchanged"
    return ingest_document(kb, item, stories)


def count(report: IngestReport, outcome: str) -> None:
    if outcome == "unchanged":
        report.unchanged += 1
    else:
        report.stored += 1
        report.duplicates += outcome == "duplicate"


def remember(kb: KnowledgeBase, fetched: Fetched) -> None:
    """Keep an address's validators; losing them only costs a download next time."""
    try:
        kb.remember_fetch(fetched.url, fetched.validators.etag, fetched.validators.last_modified)
    except StorageError:
        pass


def ingest_document(kb: KnowledgeBase, doc: Document, stories: StoryIndex | None = None) -> str | Failure:
    """'stored', 'duplicate' or 'unchanged' for one document, or the Failure that kept it out."""
    if kb.has_document(doc.id):
        return "unchanged"
    try:
        extracted = extraction.extract_document(doc)
        link, minhash = story_link(stories, doc) if stories is not None else (None, None)
        status = kb.store_document(extracted, link).status
    except Exception as exc:  # one document's failure, whatever it is, is reported, not raised
        return Failure(doc.source, _reason(exc))
    if stories is not None and link is not None and status == "stored":
        stories.add(doc.id, link.story_id, minhash)
        return "duplicate" if link.story_id != doc.id else "stored"
    return status


def story_link(stories: StoryIndex, doc: Document) -> tuple[StoryLink, Any]:
    """The story a new document joins (its own, unless it is a near-copy of a known one)."""
    from ..sources import dedup

    minhash = dedup.signature(doc.text)
    match = stories.match(minhash)
    link = StoryLink(
        story_id=match.story_id if match else doc.id,
        outlet=dedup.outlet_of(doc),
        similarity=match.similarity if match else None,
        signature=dedup.to_bytes(minhash),
    )
    return link, minhash


def load_stories(kb: KnowledgeBase) -> StoryIndex:
    """Every stored document's story, indexed; documents stored without one are linked first."""
    from ..sources import dedup

    index = dedup.StoryIndex()
    for document_id, story_id, signature in kb.story_signatures():
        index.add(document_id, story_id, dedup.from_bytes(signature))
    links: list[tuple[str, StoryLink]] = []
    for document_id, text, url in list(kb.documents_without_story()):
        doc = Document(text=text, source=document_id, url=url, id=document_id)
        link, minhash = story_link(index, doc)
        links.append((document_id, link))
        index.add(document_id, link.story_id, minhash)
    if links:
        kb.link_stories(links)
    return index


def watch(
    kb: KnowledgeBase,
    urls: list[str],
    options: Callable[[], ReadOptions],
    every: float,
    rounds: int | None = None,
    on_round: Callable[[int, IngestReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Read the addresses every `every` seconds, `rounds` times (else until interrupted).

    Each round starts with fresh options, so a page seen in one round is asked for again,
    conditionally, in the next.
    """
    stories = load_stories(kb)
    number = 0
    while rounds is None or number < rounds:
        number += 1
        report = ingest_documents(kb, read_expanded(urls, options()), stories)
        if on_round is not None:
            on_round(number, report)
        if rounds is None or number < rounds:
            sleep(every)


def _reason(exc: Exception) -> str:
    """A one-line reason: our own errors speak for themselves; others also name their type."""
    if isinstance(exc, CorridorError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
