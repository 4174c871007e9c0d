"""The knowledge base: merge extracted meetings across documents and store them."""

from .ingest import Failure, IngestReport, ingest_document, ingest_documents
from .storage import MIGRATIONS, KnowledgeBase, StoreResult, mechanism_key, open_db

__all__ = [
    "MIGRATIONS",
    "Failure",
    "IngestReport",
    "KnowledgeBase",
    "StoreResult",
    "ingest_document",
    "ingest_documents",
    "mechanism_key",
    "open_db",
]
