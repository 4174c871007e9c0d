"""The knowledge-base commands on a temporary base, with extraction replaced or skipped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from corridor.cli import main
from corridor.extract import run as extraction
from corridor.kb import open_db
from corridor.model import Chair, Document, MechanismRef, Meeting, Span
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


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("March 2024", "YYYY-MM-DD"),
        ("2025-02-30", "2025-02 has no day 30"),
        ("2025-13-45", "there is no month 13"),
        ("2025-00", "there is no month 00"),
        ("2025-2-3", "YYYY-MM-DD"),
    ],
)
def test_cli_kb_meetings_rejects_a_malformed_since(inputs: Path, db: str, since: str, message: str) -> None:
    ingested(inputs, db)
    result = invoke("meetings", "--db", db, "--since", since)
    assert result.exit_code == 2
    assert "--since" in result.stderr and message in result.stderr


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


# -- one record per meeting: timeline, review, corrections, mechanisms, people, reextract -------------

JCC_REF = MechanismRef(
    "CPEC Joint Cooperation Committee", aliases=["JCC"], parties=["Pakistan", "China"], key="cpec-jcc"
)


def jcc_report(source: str, ordinal: int, day: str, city: str, *chairs: Chair) -> Document:
    text = f"{source}: the {ordinal}th JCC was held in {city}."
    meeting = Meeting(JCC_REF, ordinal=ordinal, date=day, city=city, country="China" if city != "Islamabad" else "Pakistan",
                      mode="in_person", chairs=list(chairs), evidence=[Span(0, len(text))])  # fmt: skip
    return Document(text=text, source=source, meetings=[meeting])


@pytest.fixture
def series_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Three JCC rounds from four reports; two reports disagree on round 10's date by a day."""
    monkeypatch.delenv("CORRIDOR_DB", raising=False)
    monkeypatch.delenv("CORRIDOR_REVIEWER", raising=False)
    path = str(tmp_path / "series.db")
    iqbal, he = (
        Chair("Ahsan Iqbal", "Minister for Planning", "Pakistan"),
        Chair("He Lifeng", "Vice Chairman", "China"),
    )
    with open_db(path) as kb:
        for doc in (
            jcc_report("a.txt", 9, "2019-11-05", "Islamabad", iqbal, he),
            jcc_report(
                "b.txt", 10, "2020-11-06", "Beijing", iqbal, Chair("He Li Feng", "Vice Chairman", "China")
            ),
            jcc_report("c.txt", 10, "2020-11-07", "Beijing"),
            jcc_report("d.txt", 11, "2021-11-08", "Islamabad", iqbal),
        ):
            kb.store_document(doc)
    return path


def rows_of(db: str, *flags: str) -> list[dict]:
    result = invoke("meetings", "--db", db, "--format", "jsonl", *flags)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def round_of(db: str, ordinal: int) -> dict:
    return next(m for m in rows_of(db) if m["ordinal"] == ordinal)


def test_cli_kb_meetings_show_conflicts_in_every_view(series_db: str) -> None:
    tenth = round_of(series_db, 10)
    assert tenth["conflicts"] == {"date": ["2020-11-06", "2020-11-07"]} and len(tenth["sources"]) == 2
    assert "conflicts: date 2020-11-06 | 2020-11-07" in invoke("meetings", "--db", series_db).stdout
    shown = invoke("show", str(tenth["id"]), "--db", series_db).stdout
    assert "conflict   date: 2020-11-06 | 2020-11-07" in shown
    assert "claims     date: 2020-11-06 (b.txt); 2020-11-07 (c.txt)" in shown
    assert "conflict: date 2020-11-06 | 2020-11-07" in invoke("timeline", "JCC", "--db", series_db).stdout


def test_cli_kb_timeline_lists_rounds_cadence_and_next_round(series_db: str) -> None:
    result = invoke("timeline", "cpec-jcc", "--db", series_db)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "CPEC Joint Cooperation Committee (Pakistan, China): 3 rounds known; missing rounds: none"
    )
    assert [line.split()[0] for line in lines if line.startswith("  #")] == ["#9", "#10", "#11"]
    assert "venue alternates between China and Pakistan" in result.stdout
    assert "Next: round 12 between" in result.stdout and "in Beijing, China" in result.stdout
    data = json.loads(invoke("timeline", "JCC", "--db", series_db, "--format", "json").stdout)
    assert [r["ordinal"] for r in data["rounds"]] == [9, 10, 11] and data["next"]["ordinal"] == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "no such body"], "no mechanism named 'no such body'"),
        (["review", "set", "999", "date", "2020-01-01", "--why", "x"], "no meeting with id 999"),
        (["review", "set", "{id}", "venue", "Lahore", "--why", "x"], "no field 'venue'"),
        (["review", "set", "{id}", "date", "2020-13-01", "--why", "x"], "'2020-13-01' is not a date"),
        (["review", "set", "{id}", "ordinal", "0", "--why", "x"], "round '0' is not a round number"),
        (["review", "reject", "999", "--why", "x"], "no meeting with id 999"),
        (["mechanisms", "merge", "JCC", "cpec-jcc", "--why", "x"], "the same mechanism"),
        (["people", "merge", "Ahsan Iqbal", "Nobody", "--why", "x"], "no person named 'Nobody'"),
    ],
)
def test_cli_kb_bad_corrections_exit_1_with_one_line_and_change_nothing(
    series_db: str, args: list[str], message: str
) -> None:
    before = rows_of(series_db, "--all")
    tenth = round_of(series_db, 10)["id"]
    result = invoke(*[a.replace("{id}", str(tenth)) for a in args], "--db", series_db)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"corridor: {result.stderr.split(': ', 1)[1].strip()}"]
    assert message in result.stderr
    assert rows_of(series_db, "--all") == before


@pytest.mark.parametrize(
    "args",
    [
        ["review", "set", "{id}", "city", "Urumqi"],
        ["review", "set", "{id}", "city", "Urumqi", "--why", "  "],
        ["review", "reject", "{id}"],
        ["review", "restore", "{id}"],
        ["mechanisms", "rename", "JCC", "Joint Committee"],
        ["mechanisms", "merge", "JCC", "JMC"],
        ["people", "merge", "Ahsan Iqbal", "He Lifeng"],
    ],
    ids=lambda args: " ".join(a for a in args if not a.startswith("{")),
)
def test_cli_kb_corrections_without_a_reason_are_a_usage_error(series_db: str, args: list[str]) -> None:
    before = rows_of(series_db, "--all")
    tenth = round_of(series_db, 10)["id"]
    result = invoke(*[a.replace("{id}", str(tenth)) for a in args], "--db", series_db)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "--why" in result.stderr.splitlines()[-1] and "Traceback" not in result.output
    assert rows_of(series_db, "--all") == before


def test_cli_kb_review_lists_conflicts_first_and_set_settles_them(series_db: str) -> None:
    listed = invoke("review", "--db", series_db, "--format", "jsonl")
    items = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (items[0]["ordinal"], items[0]["field"], items[0]["kind"]) == (10, "date", "conflict")
    tenth = items[0]["meeting"]
    done = invoke(
        "review",
        "set",
        str(tenth),
        "date",
        "2020-11-07",
        "--why",
        "MOFA readout",
        "--by",
        "ana",
        "--db",
        series_db,
    )
    assert done.exit_code == 0, done.output
    assert 'corrected  set date "2020-11-07"  by ana' in done.stdout
    assert round_of(series_db, 10)["date"] == "2020-11-07"
    after = [
        json.loads(line)
        for line in invoke("review", "--db", series_db, "--format", "jsonl").stdout.splitlines()
    ]
    assert not [i for i in after if i["meeting"] == tenth and i["field"] == "date"]
    history = [
        json.loads(line) for line in invoke("review", "history", "--db", series_db).stdout.splitlines()
    ]
    assert [(h["target"], h["target_id"], h["action"], h["author"], h["reason"]) for h in history] == [
        ("meeting", tenth, "set", "ana", "MOFA readout")
    ]


def test_cli_kb_review_reject_hides_and_restore_shows(series_db: str) -> None:
    ninth = round_of(series_db, 9)["id"]
    assert (
        invoke("review", "reject", str(ninth), "--why", "a courtesy call", "--db", series_db).exit_code == 0
    )
    assert [m["ordinal"] for m in rows_of(series_db)] == [10, 11]
    assert [m["rejected"] for m in rows_of(series_db, "--all") if m["ordinal"] == 9] == [True]
    assert (
        invoke("review", "restore", str(ninth), "--why", "it was a round", "--db", series_db).exit_code == 0
    )
    assert [m["ordinal"] for m in rows_of(series_db)] == [9, 10, 11]


def test_cli_kb_review_confirm_needs_no_reason_and_takes_the_groups_db(series_db: str) -> None:
    tenth = round_of(series_db, 10)["id"]
    result = invoke(
        "review", "--db", series_db, "confirm", str(tenth), "date", "--by", "ana"
    )  # the group's --db
    assert result.exit_code == 0, result.output
    assert [c["reason"] for c in round_of(series_db, 10)["corrections"]] == ["confirmed"]


def test_cli_kb_mechanisms_rename_and_split(series_db: str) -> None:
    listed = invoke("mechanisms", "--db", series_db).stdout
    assert (
        "CPEC Joint Cooperation Committee (Pakistan, China)  [lexicon: cpec-jcc]  3 meetings  aka JCC"
        in listed
    )
    renamed = invoke(
        "mechanisms",
        "rename",
        "JCC",
        "Joint Cooperation Committee of CPEC",
        "--why",
        "style",
        "--db",
        series_db,
    )
    assert renamed.exit_code == 0, renamed.output
    assert {m["mechanism"]["name"] for m in rows_of(series_db)} == {"Joint Cooperation Committee of CPEC"}
    eleventh = round_of(series_db, 11)["id"]
    split = invoke("mechanisms", "split", "cpec-jcc", "--name", "Special JCC", "--meeting", str(eleventh),
                   "--why", "a separate body", "--db", series_db)  # fmt: skip
    assert split.exit_code == 0, split.output
    assert sorted((m["mechanism"]["name"], m["ordinal"]) for m in rows_of(series_db)) == [
        ("Joint Cooperation Committee of CPEC", 9), ("Joint Cooperation Committee of CPEC", 10), ("Special JCC", 11)
    ]  # fmt: skip


def test_cli_kb_people_list_show_and_merge(series_db: str) -> None:
    listed = invoke("people", "--db", series_db).stdout
    assert "He Lifeng  (china; 2019-11-05 .. 2020-11-06)  aka He Li Feng" in listed
    shown = invoke("people", "show", "Iqbal Ahsan", "--db", series_db).stdout
    assert "Minister for Planning, Pakistan: 2019-11-05 .. 2021-11-08  (3 sources)" in shown
    assert invoke("people", "show", "Nobody", "--db", series_db).exit_code == 1
    merged = invoke("people", "merge", "Ahsan Iqbal", "He Lifeng", "--why", "test", "--db", series_db)
    assert merged.exit_code == 0, merged.output
    assert (
        len(json.loads(invoke("people", "show", "Ahsan Iqbal", "--db", series_db, "--format", "json").stdout))
        == 1
    )


def test_cli_kb_reextract_reports_and_keeps_corrections(
    series_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenth = round_of(series_db, 10)["id"]
    invoke("review", "set", str(tenth), "city", "Urumqi", "--why", "readout", "--db", series_db)

    def again(doc: Document) -> Document:  # the texts alone now say only the round and the city
        found = re.match(r"(\w+\.txt): the (\d+)th JCC was held in (\w+)", doc.text)
        assert found is not None
        doc.meetings = [Meeting(JCC_REF, ordinal=int(found[2]), city=found[3], evidence=[Span(0, 5)])]
        return doc

    monkeypatch.setattr(extraction, "extract_document", again)
    result = invoke("reextract", "--db", series_db)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith("corrections kept 1")
    assert (
        f"~ meeting {tenth} (CPEC Joint Cooperation Committee #10, 2020-11-06): date '2020-11-06' -> None"
        in result.stdout
    )
    after = round_of(series_db, 10)
    assert (after["id"], after["city"], after["date"], after["chairs"]) == (tenth, "Urumqi", None, [])
