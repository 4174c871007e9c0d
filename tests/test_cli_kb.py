"""`corridor ingest`, `meetings` and `show` on a temporary base, with extraction replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from corridor.cli import main
from tests.kb.test_ingest import use_fake_extraction

TEXTS = {
    "preview.txt": "Officials said the 5th JCC will meet in March.",
    "report.txt": "The 5th JCC was held in Beijing on Sunday. The sides agreed to expand SEZs.",
    "jmc.txt": "The 2nd JMC was held in Tashkent. Trade was reviewed by both ministers.",
}


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of three texts, with extraction reading meetings from a table."""
    use_fake_extraction(monkeypatch)
    monkeypatch.delenv("CORRIDOR_DB", raising=False)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "kb.db")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def ingested(inputs: Path, db: str) -> list[dict]:
    """Ingest every input and return the meetings as `meetings --format jsonl` prints them."""
    assert invoke("ingest", str(inputs), "--db", db).exit_code == 0
    result = invoke("meetings", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_cli_kb_ingest_summarises_and_fails_on_bad_inputs(inputs: Path, db: str) -> None:
    missing = str(inputs / "missing.txt")
    result = invoke("ingest", str(inputs / "report.txt"), missing, str(inputs / "jmc.txt"), "--db", db)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "read 3, stored 2, unchanged 0, failed 1"
    assert [line for line in lines if missing in line] == [f"corridor: {missing}: no such file or folder"]
    assert result.stdout == ""

    again = invoke("ingest", str(inputs / "report.txt"), "--db", db)
    assert again.exit_code == 0
    assert again.stderr.splitlines() == ["read 1, stored 0, unchanged 1, failed 0"]


def test_cli_kb_ingest_uses_the_environment_for_the_base(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("CORRIDOR_DB", str(path))
    assert invoke("ingest", str(inputs / "jmc.txt")).exit_code == 0
    result = invoke("meetings", "--format", "jsonl")
    assert [json.loads(line)["ordinal"] for line in result.stdout.splitlines()] == [2]
    assert path.is_file()


def test_cli_kb_meetings_jsonl_gives_schema_objects_with_ids_and_sources(inputs: Path, db: str) -> None:
    rows = ingested(inputs, db)
    by_name = {row["mechanism"]["name"]: row for row in rows}
    assert set(by_name) == {
        "CPEC Joint Cooperation Committee",
        "Pakistan-Uzbekistan Joint Ministerial Commission",
    }
    jcc = by_name["CPEC Joint Cooperation Committee"]
    assert jcc["sources"] == [str(inputs / "preview.txt"), str(inputs / "report.txt")]
    assert (jcc["status"], jcc["ordinal"], jcc["city"]) == ("held", 5, "Beijing")
    assert all(isinstance(row["id"], int) for row in rows)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--mechanism", "jcc"], [5]),
        (["--country", "Uzbekistan"], [2]),
        (["--country", "pakistan"], [5, 2]),
        (["--since", "2024"], [5]),
    ],
)
def test_cli_kb_meetings_filters(inputs: Path, db: str, flags: list[str], expected: list[int]) -> None:
    ingested(inputs, db)
    result = invoke("meetings", "--db", db, "--format", "jsonl", *flags)
    assert sorted(json.loads(line)["ordinal"] for line in result.stdout.splitlines()) == sorted(expected)


def test_cli_kb_meetings_table_lists_each_meeting(inputs: Path, db: str) -> None:
    rows = ingested(inputs, db)
    table = invoke("meetings", "--db", db).stdout
    for row in rows:
        assert any(
            line.split()[0] == str(row["id"]) and row["mechanism"]["name"] in line
            for line in table.splitlines()
        )
    assert "chairs: Ahsan Iqbal, Minister for Planning, Pakistan" in table


def test_cli_kb_meetings_rejects_a_malformed_since(inputs: Path, db: str) -> None:
    ingested(inputs, db)
    result = invoke("meetings", "--db", db, "--since", "March 2024")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_cli_kb_show_prints_fields_chairs_sources_and_evidence(inputs: Path, db: str) -> None:
    [jcc] = [row for row in ingested(inputs, db) if row["ordinal"] == 5]
    text = invoke("show", str(jcc["id"]), "--db", db)
    assert text.exit_code == 0
    for expected in (
        "CPEC Joint Cooperation Committee",
        "Ahsan Iqbal, Minister for Planning, Pakistan",
        str(inputs / "preview.txt"),
        "evidence [4-20]: 5th JCC was held",
        "statement agree (energy): agreed to",
    ):
        assert expected in text.stdout

    as_json = json.loads(invoke("show", str(jcc["id"]), "--db", db, "--format", "json").stdout)
    assert as_json["id"] == jcc["id"]
    assert [r["source"] for r in as_json["reports"]] == jcc["sources"]
    assert [r["meeting"]["status"] for r in as_json["reports"]] == ["scheduled", "held"]


def test_cli_kb_show_unknown_id_is_one_line_and_exit_1(inputs: Path, db: str) -> None:
    ingested(inputs, db)
    result = invoke("show", "999", "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "corridor: no meeting with id 999; `corridor meetings` lists the ids"
    ]


@pytest.mark.parametrize("command", [["meetings"], ["show", "1"]])
def test_cli_kb_reading_a_missing_base_fails_without_creating_it(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "nowhere.db"
    result = invoke(*command, "--db", str(path))
    assert result.exit_code == 2
    assert "no knowledge base" in result.stderr
    assert not path.exists()
