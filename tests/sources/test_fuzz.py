"""Random and mutated bytes through every reader, and random text through extraction: nothing escapes.

A reader may give documents or per-input errors, never an exception; extraction either
fills a document or fails inside the per-document boundary of ingestion.
"""

from __future__ import annotations

import json
import os
from datetime import date
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.kb import ingest_document, open_db
from corridor.kb.ingest import Failure
from corridor.model import Document
from corridor.sources.reading import ReadOptions, read_bytes

from .conftest import (
    ENERGY,
    TRADE,
    FeedEntry,
    atom,
    gzip_bytes,
    html_page,
    pdf_bytes,
    plain,
    rss,
    targz_bytes,
    zip_bytes,
)

SUFFIXES = ["", ".txt", ".md", ".html", ".pdf", ".rss", ".xml", ".zip", ".gz", ".tar", ".jsonl"]
CONTENT_TYPES = ["", "text/html", "application/pdf", "application/rss+xml", "application/zip", "text/plain"]
# CORRIDOR_FUZZ_EXAMPLES raises the number of cases for a longer hunt than the default run.
FUZZ = settings(
    max_examples=int(os.environ.get("CORRIDOR_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def seeds() -> list[bytes]:
    """One valid input of every kind, to be mutated."""
    entry = FeedEntry("E", "https://ledger.example/e", "Mon, 04 Mar 2024 09:00:00 GMT", ENERGY[0])
    return [
        html_page(ENERGY).encode(),
        pdf_bytes([plain(ENERGY), plain(TRADE)]),
        rss([entry]).encode(),
        atom([entry]).encode(),
        zip_bytes({"a.txt": plain(TRADE).encode(), "b.html": html_page(TRADE).encode()}),
        targz_bytes({"a.txt": plain(TRADE).encode()}),
        gzip_bytes(plain(ENERGY).encode()),
        (json.dumps({"text": plain(TRADE), "published": "2024-01-02"}) + "\n").encode(),
        plain(ENERGY).encode(),
    ]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid input with bytes flipped, cut, repeated or spliced in."""
    data = bytearray(draw(st.sampled_from(seeds())))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 4096))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 512))] * draw(st.integers(1, 8))
    return bytes(data)


def check_reader(raw: bytes, suffix: str, content_type: str) -> None:
    options = ReadOptions(published=None, limit=2 * 1024 * 1024, follow_links=False)
    items = list(read_bytes(raw, "fuzz", suffix, content_type, options))
    assert items, "a reader gave neither a document nor an error"
    for item in items:
        assert isinstance(item, Document | InputError)
        if isinstance(item, InputError):
            assert item.reason and "\n" not in item.reason


@FUZZ
@given(
    raw=st.binary(max_size=4096),
    suffix=st.sampled_from(SUFFIXES),
    content_type=st.sampled_from(CONTENT_TYPES),
)
def test_fuzz_random_bytes_never_escape_a_reader(raw: bytes, suffix: str, content_type: str) -> None:
    check_reader(raw, suffix, content_type)


@FUZZ
@given(raw=mutated(), suffix=st.sampled_from(SUFFIXES))
def test_fuzz_mutated_files_never_escape_a_reader(raw: bytes, suffix: str) -> None:
    check_reader(raw, suffix, "")


@FUZZ
@given(
    head=st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\x1f\x8b\x08", b"<rss>", b"<html>"]),
    tail=st.binary(max_size=2048),
)
def test_fuzz_magic_numbers_with_garbage_are_one_error(head: bytes, tail: bytes) -> None:
    check_reader(head + tail, "", "")


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=600) | st.lists(
    st.sampled_from(ENERGY + TRADE + ["The 5th", "JCC", "on Monday", "co-chaired by", "\n\n", "("]),
    max_size=12,
).map(" ".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_fuzz_extraction_of_random_text_stays_inside_the_document(text: str) -> None:
    from corridor.extract.run import extract_document

    if not text.strip():
        return
    doc = extract_document(Document(text=text, source="fuzz", published=date(2024, 3, 4)))
    record = doc.to_json()
    for meeting in record["meetings"]:
        for evidence in meeting["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]


@settings(max_examples=30, deadline=None)
@given(text=TEXT)
def test_fuzz_ingestion_turns_any_failure_into_a_per_document_error(text: str) -> None:
    with open_db(":memory:") as kb:
        outcome = ingest_document(kb, Document(text=text, source="fuzz"))
    assert outcome in ("stored", "unchanged") or isinstance(outcome, Failure)
