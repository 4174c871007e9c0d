"""Turn command-line inputs into Documents, one at a time.

An input is a text or Markdown file, a folder of them, JSON Lines (one document a
line) or `-` for standard input. Anything that cannot be read becomes an InputError
naming it, so one bad file never stops the rest. Nothing is loaded before it is
needed: folders are walked lazily and JSON Lines files are read line by line.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from .. import settings
from ..errors import CorridorError, InputError
from ..model import Document

Item = Document | InputError

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# Formats that are never plain text; anything else is read and judged by its bytes.
BINARY_SUFFIXES = frozenset(
    """.png .jpg .jpeg .gif .bmp .tif .tiff .webp .ico .heic .pdf .doc .docx .xls .xlsx .ppt .pptx
    .odt .ods .odp .rtf .epub .zip .gz .tgz .bz2 .xz .zst .7z .rar .tar .jar .whl .exe .dll .so .dylib
    .o .a .class .pyc .bin .dat .db .sqlite .mp3 .mp4 .m4a .wav .ogg .flac .avi .mov .mkv .webm
    .woff .woff2 .ttf .otf .parquet .pickle .pkl .npy .npz""".split()
)
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Control bytes that do not occur in text (tab, newlines, form feed and escape do), and the
# complements that bytes.translate deletes to count them without a Python loop.
_CONTROL = (frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}) | {0x7F}
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_ASCII = bytes(range(0x80))
_SNIFF = 8192
MB = 1024 * 1024


def read_inputs(
    paths: list[str], published: date | None = None, max_bytes: int | None = None
) -> Iterator[Item]:
    """Documents from every input in order, with an InputError in place of each unreadable one.

    `published` overrides every other source of the publication date; `max_bytes`
    (default: the `max_bytes` setting) caps one document so a stray dump cannot exhaust memory.
    """
    limit = max_bytes if max_bytes is not None else setting_max_bytes()
    for given in paths:
        for source in expand(given):
            if isinstance(source, InputError):
                yield source
            else:
                yield from read_source(source, published, limit)


def setting_max_bytes() -> int:
    """The size cap from CORRIDOR_MAX_BYTES or its default, checked once."""
    raw = settings.get("max_bytes")
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        env = settings.SETTINGS["max_bytes"].env
        raise CorridorError(f"{env} is {raw!r}; set it to a whole number of bytes, e.g. 20971520")
    return value


def expand(given: str) -> Iterator[str | InputError]:
    """The file names an input stands for: itself, or every visible file under a folder."""
    if given == "-" or os.path.isfile(given):
        yield given
    elif os.path.isdir(given):
        yield from walk_folder(given, Path(given), set())
    elif os.path.exists(given):
        yield InputError(given, "not a file or folder")
    else:
        yield InputError(given, "no such file or folder")


def walk_folder(shown: str, folder: Path, seen: set[tuple[int, int]]) -> Iterator[str | InputError]:
    """Files under a folder, sorted by name, depth first; hidden entries and link cycles are skipped.

    Names are joined onto the folder as it was given so each source stays recognisable.
    """
    try:
        info = folder.stat()
        entries = sorted((e for e in os.scandir(folder) if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(shown, f"cannot read folder: {exc.strerror or exc}")
        return
    if (info.st_dev, info.st_ino) in seen:
        return
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        path = folder / entry.name
        if entry.is_dir():
            yield from walk_folder(str(path), path, seen)
        else:
            yield str(path)


def read_source(source: str, published: date | None, limit: int) -> Iterator[Item]:
    """One file (or stdin) as Documents: JSON Lines give one per line, anything else gives one."""
    suffix = Path(source).suffix.lower()
    if source != "-" and suffix in JSONL_SUFFIXES:
        yield from read_jsonl(source, published, limit)
    elif suffix in BINARY_SUFFIXES:
        yield InputError(source, f"binary file, not text ({suffix} files are not read)")
    else:
        yield read_text(source, published, limit)


def read_text(source: str, published: date | None, limit: int) -> Item:
    """A whole file (or stdin) as one Document, after checking its size and encoding."""
    try:
        raw = read_stdin(limit) if source == "-" else read_file(source, limit)
        text = decode(raw)
    except ValueError as exc:
        return InputError(source, str(exc))
    except OSError as exc:
        return InputError(source, f"cannot be read: {exc.strerror or exc}")
    return make_document(text, source, published)


def read_file(path: str, limit: int) -> bytes:
    """The bytes of a file, refused by its size before anything is read (and after, if it grew)."""
    size = os.stat(path).st_size
    if size <= limit:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
        if len(raw) <= limit:
            return raw
        size = max(size, len(raw))
    raise ValueError(too_large(f"file is {megabytes(size)},", limit))


def read_stdin(limit: int) -> bytes:
    """Standard input as bytes; its size is unknown up front, so one byte past the cap tells."""
    raw = sys.stdin.buffer.read(limit + 1)
    if len(raw) > limit:
        raise ValueError(too_large("input is", limit))
    return raw


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


def normalise(text: str) -> str:
    """Newlines as \\n and no leading BOM, so offsets mean the same on every platform."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def make_document(
    text: str,
    source: str,
    published: date | None,
    title: str | None = None,
    url: str | None = None,
) -> Document:
    """A Document whose publication date is the given one, else the one the text states."""
    doc = Document(text=text, source=source, title=title, url=url, published=published)
    if published is None:
        from .dateline import find_published

        found = find_published(text)
        if found:
            doc.published, doc.published_span = found
    return doc


def read_jsonl(path: str, published: date | None, limit: int) -> Iterator[Item]:
    """One Document per line; a bad line becomes an InputError and the next line goes on.

    The size cap applies to each line, not the file: a JSON Lines file is a batch.
    """
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(path, f"cannot be read: {exc.strerror or exc}")
        return
    with fh:
        if fh.peek(2)[:2] in UTF16_BOMS:
            yield InputError(path, "JSON Lines file is UTF-16; save it as UTF-8")
            return
        empty = True
        for number, offset, raw in numbered_lines(fh, limit):
            empty = False
            yield read_jsonl_line(path, number, offset, raw, published, limit)
        if empty:
            yield InputError(path, "empty file")


def numbered_lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, byte offset, bytes) for each non-blank line; None stands for a line over the cap.

    An over-long line is skipped in bounded chunks rather than held in memory.
    """
    number, offset = 0, 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        number += 1
        start, length = offset, len(raw)
        too_long = len(raw) > limit and not raw.endswith(b"\n")
        while too_long and raw and not raw.endswith(b"\n"):
            raw = fh.readline(MB)
            length += len(raw)
        offset += length
        if too_long:
            yield number, start, None
        elif raw.strip():
            yield number, start, raw


def read_jsonl_line(
    path: str, number: int, offset: int, raw: bytes | None, published: date | None, limit: int
) -> Item:
    source = f"{path}:{number}"
    if raw is None:
        return InputError(source, too_large(f"line {number} is", limit))
    if number == 1 and raw.startswith(codecs.BOM_UTF8):
        raw, offset = raw[len(codecs.BOM_UTF8) :], offset + len(codecs.BOM_UTF8)
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputError(source, f"line {number} is not valid UTF-8 at byte {offset + exc.start}")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(source, f"line {number} is not JSON: {exc.msg} (column {exc.colno})")
    try:
        return record_document(record, number, source, published)
    except ValueError as exc:
        return InputError(source, str(exc))


def record_document(record: Any, number: int, source: str, published: date | None) -> Document:
    """A Document from one JSON Lines record; raises ValueError naming the field that is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"line {number} is not a JSON object")
    text = record.get("text")
    if text is None:
        raise ValueError(f'line {number} has no "text"')
    if not isinstance(text, str):
        raise ValueError(f'line {number} has a "text" that is not a string')
    text = normalise(text)
    if not text.strip():
        raise ValueError(f'line {number} has an empty "text"')
    title = optional_str(record, "title", number)
    url = optional_str(record, "url", number)
    day = published or record_published(record, number)
    return make_document(text, source, day, title=title, url=url)


def optional_str(record: dict[str, Any], key: str, number: int) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f'line {number} has a "{key}" that is not a string')


def record_published(record: dict[str, Any], number: int) -> date | None:
    """The record's `published` as a date; a datetime keeps the calendar day it was written with."""
    value = record.get("published")
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            pass
    raise ValueError(f'line {number} has a "published" of {value!r}, not a date; write YYYY-MM-DD')
