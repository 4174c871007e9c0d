"""What kind of document a run of bytes is, judged by its first bytes before its name.

A page saved as `.txt`, a feed served as `text/html` or a PDF with no extension are all
common in analysts' folders, so the bytes decide; the file name or the server's content
type only settles what the bytes leave open.
"""

from __future__ import annotations

import codecs
import re

PDF, ZIP, GZIP, TAR, HTML, FEED, JSONL, TEXT = "pdf", "zip", "gzip", "tar", "html", "feed", "jsonl", "text"

SNIFF_BYTES = 4096
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".rdf", ".xml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_SUFFIX_KINDS = {".pdf": PDF, ".zip": ZIP, ".gz": GZIP, ".tgz": GZIP, ".tar": TAR}

_CONTENT_TYPES = (
    ("application/pdf", PDF),
    ("application/zip", ZIP),
    ("application/x-zip", ZIP),
    ("application/gzip", GZIP),
    ("application/x-gzip", GZIP),
    ("application/x-tar", TAR),
    ("application/rss+xml", FEED),
    ("application/atom+xml", FEED),
    ("application/rdf+xml", FEED),
    ("text/html", HTML),
    ("application/xhtml+xml", HTML),
    ("application/x-ndjson", JSONL),
    ("application/jsonl", JSONL),
)
# What may stand before the first element: an XML declaration, comments, a doctype, whitespace.
_PROLOGUE = re.compile(r"\s*(?:<\?xml[^>]*\?>|<!--.*?-->|<!doctype(?! html)[^>]*>)", re.S)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]")
_HTML_START = re.compile(r"<(?:!doctype html|html|head|body|meta|title|link|script|style)[\s>/]")


def sniff(head: bytes, suffix: str = "", content_type: str = "") -> str:
    """The reader for these bytes: one of pdf, zip, gzip, tar, html, feed, jsonl, text."""
    by_bytes = binary_kind(head) or markup_kind(head)
    if by_bytes:
        return by_bytes
    if suffix in JSONL_SUFFIXES:
        return JSONL
    return hinted_kind(suffix, content_type) or TEXT


def binary_kind(head: bytes) -> str | None:
    """A container or PDF recognised by its magic number."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ZIP
    if head.startswith(b"\x1f\x8b"):
        return GZIP
    if head[257:262] == b"ustar":
        return TAR
    return None


def markup_kind(head: bytes) -> str | None:
    """HTML or a feed, by the first element after any XML declaration, comments and doctype."""
    start = decode_head(head[:SNIFF_BYTES]).lower()
    position = 0
    while match := _PROLOGUE.match(start, position):
        if match.end() == position:
            break
        position = match.end()
    rest = start[position:].lstrip()
    if _FEED_ROOT.match(rest):
        return FEED
    if _HTML_START.match(rest) or (rest.startswith("<") and "<html" in start and "<body" in start):
        return HTML
    return None


def decode_head(head: bytes) -> str:
    """The first bytes as text, whatever their encoding, for matching markup only."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore")
    return head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="ignore")


def hinted_kind(suffix: str, content_type: str) -> str | None:
    """The kind a file name or HTTP content type suggests, for bytes that do not say."""
    kind = content_type.split(";")[0].strip().lower()
    for name, found in _CONTENT_TYPES:
        if kind == name:
            return found
    if suffix in _SUFFIX_KINDS:
        return _SUFFIX_KINDS[suffix]
    if suffix in HTML_SUFFIXES:
        return HTML
    if suffix in FEED_SUFFIXES:
        return FEED
    return None
