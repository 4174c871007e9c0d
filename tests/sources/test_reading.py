"""Reading inputs: files, folders, stdin and JSON Lines into Documents or one-line InputErrors."""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
import tracemalloc
import types
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from corridor.errors import CorridorError, InputError
from corridor.model import Document, Span
from corridor.sources import reading
from corridor.sources.reading import read_inputs

from .conftest import ENERGY, html_page, zip_bytes

DAY = date(2024, 3, 4)
TEXT = "The two sides held the fifth meeting of the Joint Working Group on Energy in Lahore.\n"


def read(*paths: str | Path, published: date | None = DAY, max_bytes: int | None = None) -> list:
    return list(read_inputs([str(p) for p in paths], published=published, max_bytes=max_bytes))


def only_error(items: list) -> InputError:
    assert len(items) == 1, items
    assert isinstance(items[0], InputError), items[0]
    return items[0]


@pytest.fixture
def fake_dateline(monkeypatch: pytest.MonkeyPatch) -> date:
    """A stand-in `find_published` that finds a date only in texts holding 'DATELINE'."""
    found = date(2020, 1, 2)

    def find_published(text: str) -> tuple[date, Span] | None:
        at = text.find("DATELINE")
        return (found, Span(at, at + 8)) if at >= 0 else None

    module = types.ModuleType("corridor.sources.dateline")
    module.find_published = find_published  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "corridor.sources.dateline", module)
    return found


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\r\n\t\n", "empty file"),
        ("bom-only.txt", codecs.BOM_UTF8, "empty file"),
        ("nul.txt", b"Meeting held\x00\x01 in Beijing", "binary file, not text"),
        ("controls.txt", bytes(range(1, 9)) * 200, "binary file, not text"),
        ("noise.dat2", bytes(range(0x80, 0x100)) * 20, "binary file, not text"),
        ("latin1.txt", "Réunion à Pékin".encode("latin-1"), "not valid UTF-8 at byte 1;"),
        ("late.txt", b"x" * 500 + b"\xff", "not valid UTF-8 at byte 500;"),
        ("bom-latin1.txt", codecs.BOM_UTF8 + "Pékin".encode("latin-1"), "not valid UTF-8 at byte 4;"),
        (
            "utf16.txt",
            codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8",
            "not valid UTF-16 at byte 6;",
        ),
        ("scan.pdf", b"%PDF-1.7 plain looking header", "PDF cannot be read ("),
        ("photo.PNG", TEXT.encode(), "binary file, not text (.png files are not read)"),
        ("bundle.zip", TEXT.encode(), "not a readable zip archive ("),
        ("music.flac", TEXT.encode(), "binary file, not text (.flac files are not read)"),
    ],
)
def test_reading_bad_file_is_one_error_naming_it(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    err = only_error(read(path))
    assert err.source == str(path)
    assert err.reason.startswith(reason)
    assert str(err) == f"{path}: {err.reason}"
    assert "\n" not in str(err)


def test_reading_missing_path_is_an_error(tmp_path: Path) -> None:
    err = only_error(read(tmp_path / "nowhere.txt"))
    assert (err.source, err.reason) == (str(tmp_path / "nowhere.txt"), "no such file or folder")


def test_reading_error_does_not_stop_later_inputs(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT)
    items = read(tmp_path / "missing.txt", good)
    assert isinstance(items[0], InputError)
    assert isinstance(items[1], Document) and items[1].text == TEXT


@pytest.mark.parametrize(
    ("size", "max_bytes", "env", "reason"),
    [
        (
            50 * 1024 * 1024,
            None,
            None,
            "file is 50.0 MB, larger than the 20.0 MB limit (set CORRIDOR_MAX_BYTES to raise it)",
        ),
        (
            3 * 1024 * 1024,
            None,
            str(2 * 1024 * 1024),
            "file is 3.0 MB, larger than the 2.0 MB limit (set CORRIDOR_MAX_BYTES to raise it)",
        ),
        (
            1024 * 1024 + 1,
            1024 * 1024,
            str(50 * 1024 * 1024),
            "file is 1.0 MB, larger than the 1.0 MB limit (set CORRIDOR_MAX_BYTES to raise it)",
        ),
    ],
)
def test_reading_too_large_is_refused_without_reading_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: int,
    max_bytes: int | None,
    env: str | None,
    reason: str,
) -> None:
    if env is None:
        monkeypatch.delenv("CORRIDOR_MAX_BYTES", raising=False)
    else:
        monkeypatch.setenv("CORRIDOR_MAX_BYTES", env)
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(size)
    tracemalloc.start()
    try:
        err = only_error(read(path, max_bytes=max_bytes))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.reason == reason
    assert peak < 512 * 1024


def test_reading_file_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.txt"
    path.write_bytes(TEXT.encode())
    [doc] = read(path, max_bytes=len(TEXT.encode()))
    assert isinstance(doc, Document) and doc.text == TEXT


@pytest.mark.parametrize("value", ["lots", "0", "-5"])
def test_reading_bad_max_bytes_setting_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("CORRIDOR_MAX_BYTES", value)
    (tmp_path / "a.txt").write_text(TEXT)
    with pytest.raises(CorridorError, match="CORRIDOR_MAX_BYTES is"):
        read(tmp_path / "a.txt")


def make_tree(root: Path) -> None:
    for rel in [
        "b.txt",
        "a.md",
        "sub/c.txt",
        "sub/a.text",
        "z.txt",
        ".hidden.txt",
        ".git/x.txt",
        "sub/.cache/y.md",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{rel}: {TEXT}")


def test_reading_folder_is_sorted_depth_first_and_skips_hidden(tmp_path: Path) -> None:
    make_tree(tmp_path / "inbox")
    given = str(tmp_path / "inbox")
    docs = read(given)
    expected = ["a.md", "b.txt", "sub/a.text", "sub/c.txt", "z.txt"]
    assert [d.source for d in docs] == [os.path.join(given, *rel.split("/")) for rel in expected]
    assert [d.text for d in docs] == [f"{rel}: {TEXT}" for rel in expected]


@pytest.mark.parametrize("given", ["inbox", "./inbox", "inbox/"])
def test_reading_source_keeps_the_given_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    make_tree(tmp_path / "inbox")
    monkeypatch.chdir(tmp_path)
    first = read(given)[0]
    assert first.source == str(Path(given) / "a.md")
    assert read(f"{given.rstrip('/')}/b.txt")[0].source == f"{given.rstrip('/')}/b.txt"


def test_reading_folder_reports_binary_files_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / "c.txt").write_text(TEXT)
    items = read(tmp_path)
    assert [type(i) for i in items] == [Document, InputError, Document]
    assert items[1].source == str(tmp_path / "b.pdf")


def test_reading_folder_is_read_one_file_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(TEXT)
    calls: list[str] = []
    real = reading.read_file

    def counting(fh: BinaryIO, head: bytes, size: int, limit: int) -> bytes:
        calls.append(fh.name)
        return real(fh, head, size, limit)

    monkeypatch.setattr(reading, "read_file", counting)
    items = read_inputs([str(tmp_path)], published=DAY)
    next(items)
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("note.txt", TEXT.encode()),
        ("long.txt", (TEXT * 200).encode()),
        ("page.html", html_page(ENERGY).encode()),
        ("batch.zip", zip_bytes({"a.txt": TEXT.encode(), "b.txt": TEXT.encode()})),
    ],
    ids=["text", "text-longer-than-its-sniffed-head", "page", "archive"],
)
def test_reading_file_is_opened_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    opened: list[str] = []

    def counting_open(file: str, *args: Any, **kwargs: Any) -> Any:
        opened.append(file)
        return open(file, *args, **kwargs)

    monkeypatch.setattr(reading, "open", counting_open, raising=False)
    items = read(path, published=DAY)
    assert items and all(isinstance(i, Document) for i in items)
    assert opened == [str(path)]
    if name.endswith(".txt"):
        assert items[0].text == data.decode()


def test_reading_hidden_file_given_by_name_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".note.txt"
    path.write_text(TEXT)
    [doc] = read(path)
    assert isinstance(doc, Document) and doc.source == str(path)


def fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))


def test_reading_stdin_is_one_document(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, codecs.BOM_UTF8 + b"Talks held.\r\nBoth sides agreed.\r\n")
    [doc] = read("-")
    assert isinstance(doc, Document)
    assert (doc.source, doc.text, doc.published) == ("-", "Talks held.\nBoth sides agreed.\n", DAY)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"x" * 101, "input is larger than the 0.0 MB limit (set CORRIDOR_MAX_BYTES to raise it)"),
        (b"\x00\x01\x02", "binary file, not text"),
    ],
)
def test_reading_bad_stdin_is_an_error(monkeypatch: pytest.MonkeyPatch, data: bytes, reason: str) -> None:
    fake_stdin(monkeypatch, data)
    err = only_error(read("-", max_bytes=100))
    assert (err.source, err.reason) == ("-", reason)


@pytest.mark.parametrize(
    ("content", "text"),
    [
        (b"one\r\ntwo\r\n", "one\ntwo\n"),
        (b"one\rtwo", "one\ntwo"),
        (b"one\r\n\r\ntwo\n", "one\n\ntwo\n"),
        (codecs.BOM_UTF8 + b"one\r\ntwo", "one\ntwo"),
        (codecs.BOM_UTF16_LE + "one\r\ntwo".encode("utf-16-le"), "one\ntwo"),
        (codecs.BOM_UTF16_BE + "Pékin\r\n".encode("utf-16-be"), "Pékin\n"),
        ("北京 talks\n".encode(), "北京 talks\n"),
    ],
)
def test_reading_normalises_newlines_and_bom(tmp_path: Path, content: bytes, text: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert doc.text == text
    assert doc.id == Document(text=text, source="other").id


def write_jsonl(path: Path, lines: list[str | dict]) -> Path:
    body = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(body + "\n", encoding="utf-8")
    return path


def test_reading_jsonl_good_lines_are_documents(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "batch.jsonl",
        [
            {
                "text": "First.\r\nReport.",
                "url": "https://example.org/1",
                "title": "One",
                "published": "2023-05-06",
            },
            "",
            {"text": "Second report.", "published": "2023-07-08T23:30:00+05:00"},
        ],
    )
    docs = read(path, published=None)
    assert [(d.source, d.text, d.url, d.title, d.published) for d in docs] == [
        (f"{path}:1", "First.\nReport.", "https://example.org/1", "One", date(2023, 5, 6)),
        (f"{path}:3", "Second report.", None, None, date(2023, 7, 8)),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "line 2 is not JSON: Expecting property name enclosed in double quotes (column 2)"),
        ('{"url": "https://example.org"}', 'line 2 has no "text"'),
        ("[1, 2]", "line 2 is not a JSON object"),
        ('{"text": 5}', 'line 2 has a "text" that is not a string'),
        ('{"text": "  \\n "}', 'line 2 has an empty "text"'),
        ('{"text": "ok", "url": 7}', 'line 2 has a "url" that is not a string'),
        ('{"text": "ok", "published": "last week"}', "line 2 has a \"published\" of 'last week', not a date"),
        ('{"text": "ok", "published": 20240101}', 'line 2 has a "published" of 20240101, not a date'),
    ],
)
def test_reading_jsonl_bad_line_is_one_error_and_others_go_on(
    tmp_path: Path, fake_dateline: date, line: str, reason: str
) -> None:
    path = write_jsonl(tmp_path / "batch.ndjson", [{"text": "One."}, line, {"text": "Three."}])
    items = read(path, published=None)
    assert [type(i) for i in items] == [Document, InputError, Document]
    assert items[1].source == f"{path}:2"
    assert items[1].reason.startswith(reason)
    assert [items[0].source, items[2].source] == [f"{path}:1", f"{path}:3"]


def test_reading_jsonl_invalid_utf8_line_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b'{"text": "a"}\n{"text": "\xe9"}\n{"text": "c"}\n')
    items = read(path)
    assert [type(i) for i in items] == [Document, InputError, Document]
    assert items[1].reason == "line 2 is not valid UTF-8 at byte 27"


def test_reading_jsonl_long_line_is_refused_and_others_go_on(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "batch.jsonl", [{"text": "a"}, {"text": "b" * 5000}, {"text": "c"}])
    items = read(path, max_bytes=1000)
    assert [type(i) for i in items] == [Document, InputError, Document]
    assert items[1].reason.startswith("line 2 is larger than the 0.0 MB limit")
    assert items[2].text == "c"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\n\n  \n", "empty file"),
        (
            codecs.BOM_UTF16_LE + '{"text": "a"}'.encode("utf-16-le"),
            "JSON Lines file is UTF-16; save it as UTF-8",
        ),
    ],
)
def test_reading_jsonl_unreadable_file_is_one_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(content)
    err = only_error(read(path))
    assert (err.source, err.reason) == (str(path), reason)


@pytest.mark.parametrize(
    ("flag", "field", "in_text", "expected"),
    [
        (date(2024, 9, 9), "2023-05-06", True, date(2024, 9, 9)),
        (None, "2023-05-06", True, date(2023, 5, 6)),
        (None, None, True, date(2020, 1, 2)),
        (None, None, False, None),
    ],
)
def test_reading_published_precedence_in_jsonl(
    tmp_path: Path,
    fake_dateline: date,
    flag: date | None,
    field: str | None,
    in_text: bool,
    expected: date | None,
) -> None:
    text = "DATELINE talks were held." if in_text else "Talks were held."
    record = {"text": text} | ({"published": field} if field else {})
    [doc] = read(write_jsonl(tmp_path / "one.jsonl", [record]), published=flag)
    assert doc.published == expected
    assert (doc.published_span is not None) == (expected == fake_dateline)


@pytest.mark.parametrize(
    ("flag", "expected", "span"),
    [(date(2024, 9, 9), date(2024, 9, 9), None), (None, date(2020, 1, 2), Span(0, 8))],
)
def test_reading_published_precedence_in_text(
    tmp_path: Path, fake_dateline: date, flag: date | None, expected: date, span: Span | None
) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("DATELINE talks were held.")
    [doc] = read(path, published=flag)
    assert (doc.published, doc.published_span) == (expected, span)


def test_reading_text_without_any_date_is_read_undated(tmp_path: Path) -> None:
    pytest.importorskip("corridor.sources.dateline")
    path = tmp_path / "doc.txt"
    path.write_text("The committee reviewed progress and agreed to meet again.\n")
    [doc] = read(path, published=None)
    assert isinstance(doc, Document) and doc.published is None and doc.published_span is None


def test_reading_folder_link_cycle_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    assert [d.source for d in read(tmp_path)] == [str(tmp_path / "a.txt")]


INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "left-to-right embedding": "\u202a",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "pop directional isolate": "\u2069",
    "soft hyphen": "\u00ad",
}


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_reading_drops_invisible_characters_and_evidence_points_into_the_stored_text(
    tmp_path: Path, char: str
) -> None:
    from corridor.extract.run import extract_document

    text = (
        f"The 5th meeting of the CPEC Joint Working Group on Energy was held in Isla{char}mabad on "
        f"10 January 2025.\n\nIt was co-chaired by Pakistan's Foreign Secretary Amna Sid{char}diqui and "
        f"Chinese Vice Foreign Minister {char}Xu Jianhua{char}.\n\nThe sides agreed to expand energy trade."
    )
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    [doc] = read_inputs([str(path)])
    assert isinstance(doc, Document) and char not in doc.text
    record = extract_document(doc).to_json()
    [meeting] = record["meetings"]
    assert meeting["city"] == "Islamabad"
    assert [c["name"] for c in meeting["chairs"]] == ["Amna Siddiqui", "Xu Jianhua"]
    spans = [*meeting["evidence"], *(e for s in record["statements"] for e in s["evidence"])]
    assert spans and all(doc.text[e["start"] : e["end"]] == e["text"] for e in spans)


def test_reading_drops_invisible_characters_from_titles_and_jsonl_texts(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    record = {"text": "Talks in Isla\u200bmabad.", "title": "\u202bJCC\u202c meets"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [doc] = read_inputs([str(path)])
    assert isinstance(doc, Document)
    assert (doc.text, doc.title) == ("Talks in Islamabad.", "JCC meets")
