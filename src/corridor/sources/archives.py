"""Zip and tar archives (plain or compressed), and single gzip files: their members, one at a time.

Archives arrive from colleagues and scrapers and are the classic way to exhaust a reader,
so every member is capped before and while it is read, members that expand far beyond
their compressed size are refused as likely bombs, and the number of members is bounded.
"""

from __future__ import annotations

import gzip
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from .text import megabytes, too_large

MAX_MEMBERS = 10_000
MAX_RATIO = 100  # text compresses about tenfold; a hundredfold member is a bomb or padding
RATIO_FLOOR = 1024 * 1024  # small members may compress as well as they like
SKIPPED_PREFIXES = ("__MACOSX/",)


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class MemberError:
    """A member that was not read; `name` is empty when the archive as a whole failed."""

    name: str
    reason: str


Found = Member | MemberError


def members(kind: str, fh: BinaryIO, size: int, limit: int) -> Iterator[Found]:
    """The readable members of a zip, tar or gzip stream of `size` bytes, in name order for zips."""
    if kind == "zip":
        yield from zip_members(fh, limit)
    else:
        yield from tar_or_gzip_members(fh, size, limit)


def visible(name: str) -> bool:
    """Members a person would see: no folders, hidden files or resource forks."""
    path = PurePosixPath(name)
    return (
        not name.endswith("/")
        and not name.startswith(SKIPPED_PREFIXES)
        and not any(part.startswith(".") for part in path.parts)
    )


def zip_members(fh: BinaryIO, limit: int) -> Iterator[Found]:
    try:
        archive = zipfile.ZipFile(fh)
    except Exception as exc:  # BadZipFile, and struct or value errors from damaged directories
        yield MemberError("", f"not a readable zip archive ({exc}); it may be truncated")
        return
    with archive:
        infos = sorted((i for i in archive.infolist() if visible(i.filename)), key=lambda i: i.filename)
        for count, info in enumerate(infos):
            if count >= MAX_MEMBERS:
                yield MemberError("", f"more than {MAX_MEMBERS} members; the rest were not read")
                return
            yield zip_member(archive, info, limit)


def zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Found:
    """One member's bytes, refused by its declared size and ratio, and capped while reading."""
    name = info.filename
    refusal = size_refusal(info.file_size, info.compress_size, limit)
    if refusal:
        return MemberError(name, refusal)
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except Exception as exc:  # bad CRC, encryption, unknown compression, truncation
        return MemberError(name, f"cannot be read from the archive ({exc or type(exc).__name__})")
    if len(data) > limit:
        return MemberError(name, too_large("member is", limit))
    return Member(name, data)


def size_refusal(size: int, packed: int, limit: int) -> str | None:
    """Why a member of `size` bytes, `packed` compressed, is not read; None when it may be."""
    if size > limit:
        return too_large(f"member is {megabytes(size)},", limit)
    if size > RATIO_FLOOR and size > MAX_RATIO * max(packed, 1):
        return f"member expands {size // max(packed, 1)}-fold (a zip bomb?); not read"
    return None


def tar_or_gzip_members(fh: BinaryIO, size: int, limit: int) -> Iterator[Found]:
    """Members of a tar (plain, gzip, bzip2 or xz); a gzip that holds no tar is one member."""
    start = fh.tell()
    try:
        archive = tarfile.open(fileobj=fh, mode="r:*")
    except Exception:  # not a tar: try it as one gzip-compressed file
        fh.seek(start)
        yield gzip_member(fh, limit)
        return
    with archive:
        yield from tar_members(archive, size, limit)


def tar_members(archive: tarfile.TarFile, size: int, limit: int) -> Iterator[Found]:
    declared, count = 0, 0
    try:
        for info in archive:
            if not info.isfile() or not visible(info.name):
                continue
            count += 1
            declared += info.size
            if count > MAX_MEMBERS:
                yield MemberError("", f"more than {MAX_MEMBERS} members; the rest were not read")
                return
            if declared > RATIO_FLOOR and declared > MAX_RATIO * max(size, 1):
                yield MemberError("", f"expands more than {MAX_RATIO}-fold (a bomb?); the rest was not read")
                return
            yield tar_member(archive, info, limit)
    except Exception as exc:  # truncated or corrupt streams raise zlib, lzma and tar errors alike
        yield MemberError("", f"archive breaks off ({exc or type(exc).__name__}); it may be truncated")


def tar_member(archive: tarfile.TarFile, info: tarfile.TarInfo, limit: int) -> Found:
    if info.size > limit:
        return MemberError(info.name, too_large(f"member is {megabytes(info.size)},", limit))
    member = archive.extractfile(info)
    if member is None:
        return MemberError(info.name, "cannot be read from the archive")
    return Member(info.name, member.read(limit + 1))


def gzip_member(fh: BinaryIO, limit: int) -> Found:
    """The one file a gzip holds, decompressed only up to the size cap."""
    try:
        with gzip.GzipFile(fileobj=fh) as unpacked:
            data = unpacked.read(limit + 1)
    except Exception as exc:  # zlib.error and EOFError as well as OSError
        return MemberError("", f"not a readable gzip or tar archive ({exc or type(exc).__name__})")
    if len(data) > limit:
        return MemberError("", too_large("unpacked file is", limit))
    return Member("", data)
