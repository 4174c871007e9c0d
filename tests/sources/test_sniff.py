"""Kinds of input judged by their first bytes, then by name or content type."""

from __future__ import annotations

import codecs

import pytest

from corridor.sources.sniff import sniff


@pytest.mark.parametrize(
    ("head", "suffix", "content_type", "kind"),
    [
        (b"%PDF-1.7\n", "", "", "pdf"),
        (b"\n\n%PDF-1.4 after junk", ".txt", "", "pdf"),
        (b"PK\x03\x04rest", ".txt", "", "zip"),
        (b"\x1f\x8b\x08\x00", "", "", "gzip"),
        (b"x" * 257 + b"ustar\x0000", "", "", "tar"),
        (b"<!DOCTYPE html><html>", ".txt", "", "html"),
        (b"  \n<html lang='en'>", "", "text/plain", "html"),
        (codecs.BOM_UTF8 + b"<!-- saved --><head><title>x", "", "", "html"),
        ("<html>".encode("utf-16"), "", "", "html"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', ".html", "text/html", "feed"),
        (b'<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom">', "", "", "feed"),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', "", "", "feed"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "", "", "html"),
        (b'{"text": "a"}\n', ".jsonl", "", "jsonl"),
        (b"Plain words.", ".htm", "", "html"),
        (b"Plain words.", "", "application/rss+xml; charset=utf-8", "feed"),
        (b"Plain words.", ".pdf", "", "pdf"),
        (b"Plain words.", ".tgz", "", "gzip"),
        (b"Plain words.", ".md", "", "text"),
        (b"Plain words about <html> tags.", ".txt", "", "text"),
        (b"", "", "", "text"),
    ],
)
def test_sniff_kind_by_bytes_then_name(head: bytes, suffix: str, content_type: str, kind: str) -> None:
    assert sniff(head, suffix, content_type) == kind
