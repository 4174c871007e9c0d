"""Bytes to text, and text to a Document: shared by every reader.

Each reader (plain files, pages, PDFs, feeds, archives) ends in `make_document`, so the
publication date is settled the same way whatever the input looked like.
"""

from __future__ import annotations

import codecs
import re
from datetime import date

from .. import settings
from ..model import Document

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Control bytes that do not occur in text (tab, newlines, form feed and escape do), and the
# complements that bytes.translate deletes to count them without a Python loop.
_CONTROL = (frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}) | {0x7F}
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_ASCII = bytes(range(0x80))
_SNIFF = 8192
MB = 1024 * 1024


def too_large(what: str, limit: int) -> str:
    """'<what> larger than the N MB limit', with the setting that raises it."""
    env = settings.SETTINGS["max_bytes"].env
    return f"{what} larger than the {megabytes(limit)} limit (set {env} to raise it)"


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def decode(raw: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM) or UTF-16 with BOM, newlines as \\n.

    Raises ValueError with the reason a person can act on: empty, binary, or where the
    encoding breaks.
    """
    if raw.startswith(UTF16_BOMS):
        text = decode_as(raw, "utf-16", skip=0)
    elif looks_binary(raw):
        raise ValueError("binary file, not text")
    else:
        skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
        text = decode_as(raw, "utf-8", skip)
    text = normalise(text)
    if not text.strip():
        raise ValueError("empty file")
    return text


def decode_as(raw: bytes, encoding: str, skip: int) -> str:
    try:
        return raw[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8" and mostly_non_ascii(raw[skip:]):
            raise ValueError("binary file, not text") from exc
        name = "UTF-8" if encoding == "utf-8" else "UTF-16"
        raise ValueError(f"not valid {name} at byte {skip + exc.start}; save it as UTF-8") from exc


def looks_binary(raw: bytes) -> bool:
    """NUL bytes, or more than a tenth control characters at the start, mark a non-text file."""
    if b"\x00" in raw:
        return True
    sample = raw[:_SNIFF]
    return len(sample.translate(None, _NOT_CONTROL)) > len(sample) / 10


def mostly_non_ascii(raw: bytes) -> bool:
    """Bytes that are not UTF-8 and mostly high: random data rather than a legacy-encoded text."""
    sample = raw[:_SNIFF]
    return len(sample.translate(None, _ASCII)) > 0.3 * len(sample)


# Characters that show nothing yet split a word for every matcher ("Isla\u200bmabad"): soft
# hyphen, Arabic letter mark, zero-width space, non-joiner and joiner, the bidi marks, embeddings,
# overrides and isolates, word joiner and invisible operators, and the byte order mark anywhere.
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def normalise(text: str) -> str:
    """Newlines as \\n and no invisible characters, so offsets mean the same on every platform
    and evidence offsets point into the text as stored (the text after this)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


def make_document(
    text: str,
    source: str,
    published: date | None,
    title: str | None = None,
    url: str | None = None,
) -> Document:
    """A Document whose publication date is the given one, else the one the text states."""
    title = normalise(title) if title else title
    doc = Document(text=normalise(text), source=source, title=title, url=url, published=published)
    if published is None:
        from .dateline import find_published

        found = find_published(doc.text)
        if found:
            doc.published, doc.published_span = found
    return doc
