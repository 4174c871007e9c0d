"""PDF documents: the text layer of every page, with where each page starts and ends.

Ministries publish statements as PDFs; a citation needs the page, so the document's
provenance keeps each page's character span and every extracted span maps back to one.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from ..model import Document
from .text import make_document, normalise, too_large

PAGE_BREAK = "\n\n"


def read_pdf(raw: bytes, source: str, published: date | None, limit: int) -> Document:
    """A Document of a PDF's text; ValueError says why a PDF gave none."""
    reader = open_pdf(raw)
    text, pages = page_texts(reader, limit)
    if not text.strip():
        raise ValueError("PDF has no text layer (a scan?); run it through OCR first")
    doc = make_document(text, source, published, title=pdf_title(reader))
    doc.provenance = {"reader": "pdf", "pages": pages}
    return doc


def open_pdf(raw: bytes) -> Any:
    """A pypdf reader, decrypted where an empty password opens it."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("PDF is encrypted; save a copy without a password")
        return reader
    except ValueError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise ValueError(damaged(exc)) from exc


def page_texts(reader: Any, limit: int) -> tuple[str, list[dict[str, int]]]:
    """The pages' texts joined by blank lines, and each page's number and character span."""
    parts: list[str] = []
    pages: list[dict[str, int]] = []
    length = 0
    try:
        for number, page in enumerate(reader.pages, start=1):
            page_text = normalise(page.extract_text() or "").strip("\n")
            if parts:
                parts.append(PAGE_BREAK)
                length += len(PAGE_BREAK)
            parts.append(page_text)
            pages.append({"page": number, "start": length, "end": length + len(page_text)})
            length += len(page_text)
            if length > limit:
                raise ValueError(too_large("PDF text is", limit))
    except ValueError:
        raise
    except Exception as exc:
        raise ValueError(damaged(exc)) from exc
    return "".join(parts), pages


def pdf_title(reader: Any) -> str | None:
    """The title in the PDF's metadata, if it has a usable one."""
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # metadata of a damaged file is not worth failing the text for
        return None
    return title.strip() if isinstance(title, str) and title.strip() else None


def page_of(provenance: dict[str, Any], offset: int) -> int | None:
    """The page number holding a character offset of a PDF document's text."""
    for page in provenance.get("pages", []):
        if page["start"] <= offset <= page["end"]:
            return int(page["page"])
    return None


def damaged(exc: Exception) -> str:
    detail = str(exc).strip() or type(exc).__name__
    return f"PDF cannot be read ({detail}); the file may be truncated or damaged"
