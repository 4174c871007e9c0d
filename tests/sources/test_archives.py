"""Zip, tar.gz and gzip inputs: each member read by its own kind; bombs and damage are one error each."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from corridor.errors import InputError
from corridor.model import Document
from corridor.sources.reading import read_inputs

from .conftest import (
    ENERGY,
    FISHERIES,
    TRADE,
    FeedEntry,
    gzip_bytes,
    html_page,
    pdf_bytes,
    plain,
    rss,
    targz_bytes,
    zip_bytes,
)

MEMBERS = {
    "b/energy.html": html_page(ENERGY).encode(),
    "a/trade.txt": plain(TRADE).encode(),
    "c/fish.pdf": pdf_bytes([" ".join(FISHERIES)]),
    "d/batch.jsonl": (json.dumps({"text": plain(TRADE), "title": "line one"}) + "\n").encode(),
    "e/news.rss": rss(
        [FeedEntry("Energy", "https://ledger.example/e", "Mon, 04 Mar 2024 09:00:00 GMT", ENERGY[0])]
    ).encode(),
    ".hidden/skip.txt": b"not read",
    "__MACOSX/._trade.txt": b"\x00\x05\x16\x07",
}


def read(path: Path, max_bytes: int | None = None) -> list[Document | InputError]:
    return list(read_inputs([str(path)], max_bytes=max_bytes))


def test_archives_zip_members_are_read_by_kind_in_name_order(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    path.write_bytes(zip_bytes(MEMBERS))
    docs = read(path)
    assert all(isinstance(d, Document) for d in docs), docs
    assert [d.source for d in docs] == [
        f"{path}!a/trade.txt",
        f"{path}!b/energy.html",
        f"{path}!c/fish.pdf",
        f"{path}!d/batch.jsonl:1",
        f"{path}!e/news.rss#1",
    ]
    assert "Section 3" not in docs[1].text and ENERGY[0] in docs[1].text
    assert docs[2].provenance["reader"] == "pdf"
    assert docs[3].title == "line one"


def test_archives_tar_gz_members_are_read_like_zip_members(tmp_path: Path) -> None:
    path = tmp_path / "bundle.tar.gz"
    path.write_bytes(targz_bytes({k: v for k, v in MEMBERS.items() if not k.startswith("__")}))
    docs = read(path)
    assert sorted(d.source for d in docs) == sorted(
        f"{path}!{name}"
        for name in ("a/trade.txt", "b/energy.html", "c/fish.pdf", "d/batch.jsonl:1", "e/news.rss#1")
    )
    assert all(isinstance(d, Document) for d in docs)


def test_archives_single_gzip_file_is_its_content(tmp_path: Path) -> None:
    path = tmp_path / "report.txt.gz"
    path.write_bytes(gzip_bytes(plain(TRADE).encode()))
    [doc] = read(path)
    assert isinstance(doc, Document) and doc.text == plain(TRADE)


def test_archives_are_recognised_by_content(tmp_path: Path) -> None:
    path = tmp_path / "attachment.bin2"
    path.write_bytes(zip_bytes({"one.txt": plain(TRADE).encode()}))
    [doc] = read(path)
    assert isinstance(doc, Document) and doc.source == f"{path}!one.txt"


def bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("a-good.txt", plain(ENERGY))
        with archive.open("b-zeros.txt", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
        archive.writestr("c-good.txt", plain(TRADE))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("size", "max_bytes", "reason"),
    [
        (64 * 1024 * 1024, None, "member is 64.0 MB, larger than the 20.0 MB limit"),
        (8 * 1024 * 1024, None, "member expands"),
    ],
    ids=["over-the-cap", "bomb-ratio"],
)
def test_archives_zip_bomb_is_one_error_and_the_rest_lands(
    tmp_path: Path, size: int, max_bytes: int | None, reason: str
) -> None:
    path = tmp_path / "bomb.zip"
    path.write_bytes(bomb(size))
    assert path.stat().st_size < size / 100
    items = read(path, max_bytes)
    assert [type(i) for i in items] == [Document, InputError, Document]
    assert items[1].source == f"{path}!b-zeros.txt" and items[1].reason.startswith(reason)


def test_archives_nested_archive_is_read_one_level_deep(tmp_path: Path) -> None:
    inner = zip_bytes({"deep.txt": plain(TRADE).encode()})
    middle = zip_bytes({"inner.zip": inner})
    path = tmp_path / "outer.zip"
    path.write_bytes(zip_bytes({"middle.zip": middle, "top.txt": plain(ENERGY).encode()}))
    items = read(path)
    assert [type(i) for i in items] == [InputError, Document]
    assert items[0].source == f"{path}!middle.zip!inner.zip" and "nested more than 2 deep" in items[0].reason
    one_level = tmp_path / "one.zip"
    one_level.write_bytes(zip_bytes({"inner.zip": inner}))
    [doc] = read(one_level)
    assert isinstance(doc, Document) and doc.source == f"{one_level}!inner.zip!deep.txt"


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_archives_truncated_is_a_clear_error(tmp_path: Path, kind: str) -> None:
    members = {f"{i}.txt": (plain(TRADE) + str(i) * 3000).encode() for i in range(5)}
    data = zip_bytes(members) if kind == "zip" else targz_bytes(members)
    path = tmp_path / f"cut.{kind}"
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    assert items and isinstance(items[-1], InputError)
    assert any(word in items[-1].reason for word in ("truncated", "breaks off", "cannot be read"))


def test_archives_empty_zip_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.zip"
    path.write_bytes(zip_bytes({}))
    [err] = read(path)
    assert isinstance(err, InputError) and err.reason == "archive holds no files"


def test_archives_bad_member_does_not_stop_the_others(tmp_path: Path) -> None:
    path = tmp_path / "mixed.zip"
    path.write_bytes(zip_bytes({"a.txt": b"", "b.txt": plain(TRADE).encode(), "c.pdf": b"%PDF-1.4 cut"}))
    items = read(path)
    assert [type(i) for i in items] == [InputError, Document, InputError]
    assert items[0].reason == "empty file" and items[2].reason.startswith("PDF cannot be read")
