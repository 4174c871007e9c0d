"""`corridor extract` over a folder of good and bad inputs: one record each, one stderr line per bad one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from corridor.cli import main

PUBLISHED = "2024-03-04"

JCC = """ISLAMABAD: Pakistan and China held the 14th meeting of the Joint Cooperation Committee (JCC)
of the China-Pakistan Economic Corridor in Islamabad on Saturday.

The meeting was co-chaired by Pakistan's Minister for Planning and the Vice Chairman of China's
National Development and Reform Commission. Both sides reviewed progress on the special economic
zones and agreed to speed up work on the railway upgrade.
"""

RABAT = """# Morocco and Spain review fisheries cooperation

RABAT — The seventh session of the Morocco-Spain Joint Committee on Fisheries met in Rabat on
Tuesday, chaired by the two countries' ministers of agriculture. The sides welcomed the rise in
joint research cruises and committed to a new training programme for coastal communities.
"""

NAIROBI = (
    "NAIROBI — Kenya and Japan convened the third Joint Commission on Trade and Investment in Nairobi "
    "on Friday. The delegations agreed to expand cooperation in geothermal power and agro-processing."
)
ACCRA = (
    "ACCRA — Ghana and India held the second session of their Joint Trade Committee by video link. "
    "Both sides reaffirmed support for pharmaceutical partnerships."
)


def build_inbox(root: Path) -> tuple[list[str], dict[str, str]]:
    """Writes good and bad inputs; returns every expected source in order and the bad ones' reasons."""
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "01-jcc.txt").write_text(JCC, encoding="utf-8")
    (inbox / "02-empty.txt").write_bytes(b"")
    (inbox / "03-scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (inbox / "04-latin1.txt").write_bytes("Réunion à Dakar".encode("latin-1"))
    batch = [
        json.dumps({"text": NAIROBI, "url": "https://example.org/ke"}),
        "{broken",
        json.dumps({"text": ACCRA}),
    ]
    (inbox / "05-batch.jsonl").write_text("\n".join(batch) + "\n", encoding="utf-8")
    (inbox / "06-rabat.md").write_text(RABAT, encoding="utf-8")
    (inbox / ".DS_Store").write_bytes(b"\x00\x01\x02")
    missing = str(root / "missing.txt")
    at = str(inbox)
    sources = [
        f"{at}/01-jcc.txt",
        f"{at}/02-empty.txt",
        f"{at}/03-scan.pdf",
        f"{at}/04-latin1.txt",
        f"{at}/05-batch.jsonl:1",
        f"{at}/05-batch.jsonl:2",
        f"{at}/05-batch.jsonl:3",
        f"{at}/06-rabat.md",
        missing,
    ]
    bad = {
        f"{at}/02-empty.txt": "empty file",
        f"{at}/03-scan.pdf": "PDF cannot be read",
        f"{at}/04-latin1.txt": "not valid UTF-8 at byte 1",
        f"{at}/05-batch.jsonl:2": "line 2 is not JSON",
        missing: "no such file or folder",
    }
    return sources, bad


def run_extract(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["extract", *args], input=stdin, catch_exceptions=False)


def records_of(result: Result, fmt: str) -> list[dict[str, Any]]:
    if fmt == "jsonl":
        return [json.loads(line) for line in result.stdout.splitlines()]
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    return records


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_cli_extract_one_record_per_input_and_errors_for_bad_ones(tmp_path: Path, fmt: str) -> None:
    sources, bad = build_inbox(tmp_path)
    result = run_extract(str(tmp_path / "inbox"), sources[-1], "--format", fmt, "--published", PUBLISHED)
    assert result.exit_code == 1
    records = records_of(result, fmt)
    assert [r["source"] for r in records] == sources
    for record in records:
        if record["source"] in bad:
            assert record["error"].startswith(bad[record["source"]])
            assert record["meetings"] == []
        else:
            assert record["error"] is None
            assert record["document"]["published"] == PUBLISHED


def test_cli_extract_each_bad_input_has_one_stderr_line(tmp_path: Path) -> None:
    sources, bad = build_inbox(tmp_path)
    result = run_extract(str(tmp_path / "inbox"), sources[-1], "--published", PUBLISHED)
    lines = result.stderr.splitlines()
    for source, reason in bad.items():
        naming = [line for line in lines if f"{source}: " in line]
        assert len(naming) == 1, (source, lines)
        assert reason in naming[0]
    for source in set(sources) - set(bad):
        assert not [line for line in lines if f"{source}: " in line]


def test_cli_extract_table_lists_every_input(tmp_path: Path) -> None:
    sources, bad = build_inbox(tmp_path)
    result = run_extract(str(tmp_path / "inbox"), sources[-1], "--format", "table", "--published", PUBLISHED)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    headers = [line.rsplit("  (", 1)[0] for line in lines if line and not line.startswith(" ")]
    assert headers == sources
    errors = [line.removeprefix("  error: ") for line in lines if line.startswith("  error: ")]
    expected = [bad[source] for source in sources if source in bad]
    assert len(errors) == len(expected)
    assert all(error.startswith(reason) for error, reason in zip(errors, expected, strict=True))


def test_cli_extract_all_good_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(JCC, encoding="utf-8")
    (tmp_path / "b.md").write_text(RABAT, encoding="utf-8")
    result = run_extract(str(tmp_path), "--published", PUBLISHED)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.md"),
    ]


def test_cli_extract_reads_stdin(tmp_path: Path) -> None:
    result = run_extract("-", "--published", PUBLISHED, stdin=NAIROBI.replace(". ", ".\r\n"))
    assert result.exit_code == 0
    [record] = records_of(result, "jsonl")
    assert (record["source"], record["error"], record["document"]["published"]) == ("-", None, PUBLISHED)


def test_cli_extract_an_extractor_fault_on_one_document_spares_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corridor.extract import run

    real = run.extract_document

    def faulty(doc: Any) -> Any:
        if "FAULT" in doc.text:
            raise IndexError("list index out of range")
        return real(doc)

    monkeypatch.setattr(run, "extract_document", faulty)
    good = tmp_path / "good.txt"
    good.write_text("The 3rd session of the Chile-Peru Joint Commission was held in Lima on 4 May 2024.\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("FAULT in this one.\n")
    result = run_extract(str(bad), str(good), "--published", PUBLISHED)
    assert result.exit_code == 1
    records = records_of(result, "jsonl")
    assert [r["source"] for r in records] == [str(bad), str(good)]
    assert records[0]["error"] == "extraction failed: IndexError: list index out of range"
    assert records[1]["error"] is None and records[1]["meetings"]
    assert result.stderr.splitlines() == [
        f"corridor: {bad}: extraction failed: IndexError: list index out of range"
    ]


def test_cli_extract_reads_a_text_of_more_than_a_million_characters(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "src/corridor/samples/07-cpec-jwg-icc-5th-beijing.txt"
    filler = "Markets were calm through the week, and the weather stayed mild. " * 30 + "\n\n"
    text = filler * (1_200_000 // len(filler)) + sample.read_text(encoding="utf-8")
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert [(m["ordinal"], m["city"]) for m in record["meetings"]] == [(5, "Beijing"), (4, "Islamabad")]
    assert record["meetings"][0]["evidence"][0]["start"] > 1_000_000
