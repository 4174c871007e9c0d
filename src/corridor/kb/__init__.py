"""The knowledge base: merge extracted meetings across documents and store them."""

from .ingest import Failure, IngestReport, ingest_document, ingest_documents, load_stories, watch
from .storage import MIGRATIONS, KnowledgeBase, StoreResult, StoryLink, mechanism_key, open_db

__all__ = [
    "MIGRATIONS",
    "Failure",
    "IngestReport",
    "KnowledgeBase",
    "StoreResult",
    "StoryLink",
    "ingest_document",
    "ingest_documents",
    "load_stories",
    "mechanism_key",
    "open_db",
    "watch",
]
