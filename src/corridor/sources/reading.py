"""Turn command-line inputs into Documents, one at a time.

An input is a file, a folder of them, `-` for standard input, or a web address. What a
file holds decides how it is read, not its name alone: plain text or Markdown, an HTML
page, a PDF, an RSS or Atom feed, JSON Lines (one document a line), or a zip or tar
archive of any of these. Anything that cannot be read becomes an InputError naming it, so
one bad input never stops the rest. Nothing is loaded before it is needed: folders are
walked lazily, JSON Lines files are read line by line, archives member by member.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from .. import settings
from ..errors import InputError
from ..model import Document, Raw
from . import sniff as kinds
from .fetch import FetchCache, Fetcher, FetchError, Response, Validators, is_url
from .text import MB, UTF16_BOMS, decode, make_document, megabytes, normalise, too_large

Item = Document | InputError

JSONL_SUFFIXES = kinds.JSONL_SUFFIXES
# Formats that are never read; anything else is judged by its bytes.
BINARY_SUFFIXES = frozenset(
    """.png .jpg .jpeg .gif .bmp .tif .tiff .webp .ico .heic .doc .docx .xls .xlsx .ppt .pptx
    .odt .ods .odp .rtf .epub .bz2 .xz .zst .7z .rar .jar .whl .exe .dll .so .dylib
    .o .a .class .pyc .bin .dat .db .sqlite .mp3 .mp4 .m4a .wav .ogg .flac .avi .mov .mkv .webm
    .woff .woff2 .ttf .otf .parquet .pickle .pkl .npy .npz""".split()
)
ARCHIVES = frozenset({kinds.ZIP, kinds.GZIP, kinds.TAR})
MAX_ARCHIVE_DEPTH = 2  # an archive inside an archive is read; one level further is refused


@dataclass(frozen=True, slots=True)
class Unchanged:
    """An address whose server says it has not changed since it was last read (HTTP 304)."""

    source: str


@dataclass(frozen=True, slots=True)
class Fetched:
    """Every document from an address has been handed on; its validators may now be kept."""

    url: str
    validators: Validators


BatchItem = Document | InputError | Unchanged | Fetched


@dataclass(slots=True)
class ReadOptions:
    """How one batch is read: the date override, the size cap and, for addresses, the network seam.

    `cache` holds validators of earlier fetches, for conditional requests. `seen` holds the
    addresses fetched in this batch, so a feed or page that points back at itself ends.
    """

    published: date | None = None
    limit: int = 20 * MB
    fetcher: Fetcher | None = None
    cache: FetchCache | None = None
    follow_links: bool = True
    seen: set[str] = field(default_factory=set)

    def get_fetcher(self) -> Fetcher:
        """The fetcher given, else a real one bounded by this batch's settings, made on first use."""
        if self.fetcher is None:
            from .fetch import HttpFetcher, Limits

            seconds = fetch_timeout()
            self.fetcher = HttpFetcher(Limits(timeout=seconds, deadline=seconds, max_bytes=self.limit))
        return self.fetcher


def read_inputs(
    paths: list[str], published: date | None = None, max_bytes: int | None = None
) -> Iterator[Item]:
    """Documents from every input in order, with an InputError in place of each unreadable one.

    `published` overrides every other source of the publication date; `max_bytes`
    (default: the `max_bytes` setting) caps one document so a stray dump cannot exhaust memory.
    """
    limit = max_bytes if max_bytes is not None else setting_max_bytes()
    options = ReadOptions(published=published, limit=limit)
    for item in read_expanded(expand_all(paths), options):
        if isinstance(item, Document | InputError):
            yield item


def read_expanded(
    sources: Iterable[str | InputError],
    options: ReadOptions,
    on_input: Callable[[str], None] | None = None,
) -> Iterator[BatchItem]:
    """Everything read from already expanded inputs; `on_input` hears of each input once it is done."""
    for source in sources:
        if isinstance(source, InputError):
            yield source
        elif is_url(source):
            yield from read_url(source, options)
        else:
            yield from read_source(source, options.published, options.limit)
        if on_input is not None:
            on_input(source.source if isinstance(source, InputError) else source)


def setting_max_bytes() -> int:
    """The size cap from CORRIDOR_MAX_BYTES or its default, checked once."""
    return int(settings.positive("max_bytes", example="20971520"))


def fetch_timeout() -> float:
    """Seconds a fetch may take in all (CORRIDOR_FETCH_TIMEOUT), checked once."""
    return float(settings.positive("fetch_timeout", float, example="20"))


def expand_all(paths: Iterable[str]) -> Iterator[str | InputError]:
    """The files and addresses the inputs stand for, in order."""
    for given in paths:
        if is_url(given):
            yield given
        else:
            yield from expand(given)


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


# -- files and standard input ---------------------------------------------------------------


def read_source(source: str, published: date | None, limit: int) -> Iterator[Item]:
    """One file (or stdin) as Documents: JSON Lines, feeds and archives give many, anything else one."""
    suffix = Path(source).suffix.lower()
    if source != "-" and suffix in JSONL_SUFFIXES:
        yield from read_jsonl(source, published, limit)
    elif suffix in BINARY_SUFFIXES:
        yield InputError(source, f"binary file, not text ({suffix} files are not read)")
    elif source != "-":
        yield from read_local(source, suffix, ReadOptions(published, limit))
    else:
        try:
            raw = read_stdin(limit)
        except ValueError as exc:
            yield InputError(source, str(exc))
            return
        except OSError as exc:
            yield InputError(source, f"cannot be read: {exc.strerror or exc}")
            return
        yield from narrow(read_bytes(raw, source, suffix, "", ReadOptions(published, limit)))


def read_named_bytes(raw: bytes, name: str, options: ReadOptions) -> Iterator[Item]:
    """Bytes that came with a file name (an upload), read as `read_source` reads a file of that
    name: a page's text without its markup, a PDF's text, a document per JSON Lines line, feed
    entry or archive member."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in BINARY_SUFFIXES:
        yield InputError(name, f"binary file, not text ({suffix} files are not read)")
        return
    if not raw:
        yield InputError(name, "empty file")
        return
    yield from narrow(read_bytes(raw, name, suffix, "", options))


def narrow(items: Iterable[BatchItem]) -> Iterator[Item]:
    """Documents and errors only: local inputs give nothing else."""
    for item in items:
        if isinstance(item, Document | InputError):
            yield item


def read_local(path: str, suffix: str, options: ReadOptions) -> Iterator[Item]:
    """A file opened once: its first bytes say its kind, then an archive is read member by member
    from the open file and anything else is read whole."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(path, f"cannot be read: {exc.strerror or exc}")
        return
    with fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(kinds.SNIFF_BYTES)
            kind = kinds.sniff(head, suffix)
            raw = None if kind in ARCHIVES else read_file(fh, head, size, options.limit)
        except ValueError as exc:
            yield InputError(path, str(exc))
            return
        except OSError as exc:
            yield InputError(path, f"cannot be read: {exc.strerror or exc}")
            return
        if raw is None:
            fh.seek(0)
            yield from narrow(read_archive(kind, fh, size, path, options, 0))
            return
    yield from narrow(read_bytes(raw, path, suffix, "", options, kind=kind))


def read_file(fh: BinaryIO, head: bytes, size: int, limit: int) -> bytes:
    """The bytes of an open file whose first bytes were read, refused by its size before the rest
    is read (and after, if it grew)."""
    if size <= limit:
        if len(head) < kinds.SNIFF_BYTES:
            return head  # the whole file
        raw = head + fh.read(limit + 1 - len(head))
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


# -- bytes of any kind ------------------------------------------------------------------------


def read_bytes(
    raw: bytes,
    source: str,
    suffix: str,
    content_type: str,
    options: ReadOptions,
    fetched: Response | None = None,
    depth: int = 0,
    kind: str | None = None,
) -> Iterator[BatchItem]:
    """Documents from bytes whose kind is sniffed (unless already known); any failure becomes one
    InputError for `source`.

    `fetched` is the response the bytes came from, if any: each document then keeps its own
    bytes, so it can be read again without the network.
    """
    kind = kind or kinds.sniff(raw[: kinds.SNIFF_BYTES], suffix, content_type)
    try:
        yield from read_kind(kind, raw, source, options, fetched, depth)
    except ValueError as exc:
        yield InputError(source, str(exc))
    except Exception as exc:  # a reader's library failing on odd bytes is this input's problem only
        yield InputError(source, f"cannot be read as {kind} ({type(exc).__name__}: {exc})")


def read_kind(
    kind: str, raw: bytes, source: str, options: ReadOptions, fetched: Response | None, depth: int
) -> Iterator[BatchItem]:
    published, limit = options.published, options.limit
    url = fetched.final_url if fetched else None
    if kind == kinds.FEED:
        yield from read_feed(raw, source, options, url)
    elif kind in ARCHIVES:
        yield from read_archive(kind, io.BytesIO(raw), len(raw), source, options, depth, fetched)
    elif kind == kinds.JSONL:
        yield from read_jsonl_lines(io.BufferedReader(io.BytesIO(raw)), source, published, limit)
    else:
        yield keep_raw(read_single(kind, raw, source, published, limit, url), raw, kind, fetched)


def read_single(
    kind: str, raw: bytes, source: str, published: date | None, limit: int, url: str | None
) -> Document:
    """The one document of a page, a PDF or a text; ValueError says why there is none."""
    if kind == kinds.HTML:
        from .html import read_html

        return read_html(raw, source, published, url)
    if kind == kinds.PDF:
        from .pdf import read_pdf

        return read_pdf(raw, source, published, limit)
    return make_document(decode(raw), source, published)


MIME = {kinds.HTML: "text/html", kinds.PDF: "application/pdf", kinds.TEXT: "text/plain"}


def keep_raw(doc: Document, raw: bytes, kind: str, fetched: Response | None) -> Document:
    """A fetched document with the bytes it came from and the server's validators for them."""
    if fetched is not None:
        doc.raw = Raw(
            data=raw,
            content_type=MIME.get(kind, "application/octet-stream"),
            url=fetched.url,
            fetched_at=fetched.fetched_at,
            etag=fetched.validators.etag,
            last_modified=fetched.validators.last_modified,
        )
    return doc


# -- archives -----------------------------------------------------------------------------------


def read_archive(
    kind: str,
    fh: BinaryIO,
    size: int,
    source: str,
    options: ReadOptions,
    depth: int,
    fetched: Response | None = None,
) -> Iterator[BatchItem]:
    """Each member of an archive read by its own kind, named `archive!member`."""
    from .archives import Member, members

    if depth >= MAX_ARCHIVE_DEPTH:
        yield InputError(source, f"archive nested more than {MAX_ARCHIVE_DEPTH} deep; not read")
        return
    empty = True
    for found in members(kind if kind == kinds.ZIP else kinds.TAR, fh, size, options.limit):
        empty = False
        name = member_source(source, found.name)
        if isinstance(found, Member):
            suffix = PurePosixPath(found.name).suffix.lower()
            yield from read_bytes(found.data, name, suffix, "", options, fetched, depth + 1)
        else:
            yield InputError(name, found.reason)
    if empty:
        yield InputError(source, "archive holds no files")


def member_source(archive: str, name: str) -> str:
    """`archive!member`, the way messages and records name a file inside an archive."""
    return f"{archive}!{name}" if name else archive


# -- feeds ----------------------------------------------------------------------------------------


def read_feed(raw: bytes, source: str, options: ReadOptions, url: str | None) -> Iterator[BatchItem]:
    """One Document per entry: the linked page for a fetched feed, else the entry's own text."""
    from .feeds import entry_document, entry_source, parse_feed

    for entry in parse_feed(raw, base_url=url):
        name = entry_source(source, entry)
        published = options.published or entry.published
        if url is not None and options.follow_links and entry.link:
            yield from read_url(entry.link, entry_options(options, published), name=name, follow=False)
            continue
        try:
            yield entry_document(entry, source, options.published)
        except ValueError as exc:
            yield InputError(name, str(exc))


def entry_options(options: ReadOptions, published: date | None) -> ReadOptions:
    """The batch's options with the entry's date as the page's publication date."""
    return ReadOptions(
        published=published,
        limit=options.limit,
        fetcher=options.get_fetcher(),
        cache=options.cache,
        follow_links=False,
        seen=options.seen,
    )


# -- addresses ----------------------------------------------------------------------------------


def read_url(
    url: str, options: ReadOptions, name: str | None = None, follow: bool = True
) -> Iterator[BatchItem]:
    """The documents at an address, fetched once per batch, conditionally where it was seen before.

    A page fetched from a feed entry (`follow` False) that turns out to be a feed is refused,
    so a feed listing itself ends after one step.
    """
    source = name or url
    if url in options.seen:
        yield InputError(source, f"{url} was already read in this batch (a feed or page pointing at itself?)")
        return
    options.seen.add(url)
    try:
        response = options.get_fetcher().fetch(url, known_validators(options.cache, url))
    except FetchError as exc:
        yield InputError(source, exc.reason)
        return
    if response.not_modified:
        yield Unchanged(source)
        return
    if (
        not follow
        and kinds.sniff(response.body[: kinds.SNIFF_BYTES], "", response.content_type) == kinds.FEED
    ):
        yield InputError(
            source, f"{url} is a feed, not an article (a feed pointing at a feed?); not followed"
        )
        return
    complete = True
    for item in read_bytes(
        response.body, source, url_suffix(response), response.content_type, options, response
    ):
        complete = complete and not isinstance(item, InputError)
        yield fetched_from(item, response)
    if complete:
        yield Fetched(url, response.validators)


def known_validators(cache: FetchCache | None, url: str) -> Validators | None:
    state = cache.fetch_state(url) if cache is not None else None
    return Validators(*state) if state else None


def url_suffix(response: Response) -> str:
    return PurePosixPath(urlsplit(response.final_url).path).suffix.lower()


def fetched_from(item: BatchItem, response: Response) -> BatchItem:
    """A fetched document's address, where the document does not name a better one itself."""
    if isinstance(item, Document):
        item.provenance.setdefault("fetched_from", response.url)
        if item.url is None:
            item.url = response.final_url
    return item


def read_stored(raw: Raw, source: str, published: date | None = None) -> Item:
    """A document again from the bytes kept when it was fetched, without the network."""
    options = ReadOptions(published=published, limit=max(len(raw.data), 1), follow_links=False)
    items = list(narrow(read_bytes(raw.data, source, "", raw.content_type, options)))
    if len(items) != 1:
        return InputError(source, "kept bytes do not hold exactly one document")
    return items[0]


# -- JSON Lines -------------------------------------------------------------------------------------


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
        yield from read_jsonl_lines(fh, path, published, limit)


def read_jsonl_lines(
    fh: io.BufferedReader | BinaryIO, path: str, published: date | None, limit: int
) -> Iterator[Item]:
    peek = fh.peek(2)[:2] if isinstance(fh, io.BufferedReader) else b""
    if peek in UTF16_BOMS:
        yield InputError(path, "JSON Lines file is UTF-16; save it as UTF-8")
        return
    empty = True
    for number, offset, raw in numbered_lines(fh, limit):
        empty = False
        yield read_jsonl_line(path, number, offset, raw, published, limit)
    if empty:
        yield InputError(path, "empty file")


def numbered_lines(fh: BinaryIO | io.BufferedReader, limit: int) -> Iterator[tuple[int, int, bytes | None]]:
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
    except RecursionError:
        return InputError(source, f"line {number} is JSON nested too deeply to read")
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
