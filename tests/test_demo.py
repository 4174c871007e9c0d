"""`corridor demo` over the packaged samples, and the timelines it prints."""

from __future__ import annotations

import re
import shlex
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from corridor.cli import command_name, main, sample_paths
from corridor.kb import open_db
from corridor.kb.timeline import mechanism_timelines, missing_rounds, render_timelines

JCC = "CPEC Joint Cooperation Committee"
JWG_ICC = "CPEC Joint Working Group on International Cooperation and Coordination"
BPC = "Pakistan-China Bilateral Political Consultations"
IGC = "Pakistan-Uzbekistan Inter-Governmental Commission"
JC = "India-Nepal Joint Commission"

HEADER = re.compile(
    r"^(?P<name>\S.*?) \((?P<parties>[^)]*)\): (?P<count>\d+) rounds? known; missing rounds: (?P<missing>.+)$"
)
ROUND = re.compile(r"^  #(?P<round>\S+)\s+(?P<date>\S+)\s+(?P<status>\S+)\s+(?P<venue>\S+)\s*(?P<chairs>.*)$")


@dataclass
class Shown:
    """One mechanism's timeline as the demo printed it."""

    parties: str
    count: int
    missing: str
    rounds: list[dict[str, str]]


def no_network(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("the demo tried to use the network")


def run_demo(*args: str) -> Result:
    """The demo as a newcomer runs it, with any network connection failing the test."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", no_network)
        return CliRunner().invoke(main, ["demo", *args])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, str]:
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    result = run_demo("--db", db)
    assert result.exit_code == 0, result.output
    return result, db


def timelines_shown(output: str) -> dict[str, Shown]:
    """Parse the printed timelines: header lines and the round lines under them."""
    shown: dict[str, Shown] = {}
    current: Shown | None = None
    for line in output.splitlines():
        if header := HEADER.match(line):
            current = Shown(header["parties"], int(header["count"]), header["missing"], [])
            shown[header["name"]] = current
        elif (row := ROUND.match(line)) and current is not None:
            current.rounds.append(row.groupdict())
    return shown


def rounds_of(output: str, name: str) -> list[str]:
    return [r["round"] for r in timelines_shown(output)[name].rounds]


def test_demo_stores_every_sample(demo: tuple[Result, str]) -> None:
    result, db = demo
    count = len(sample_paths())
    assert count >= 12
    assert f"read {count}, stored {count}, unchanged 0, failed 0" in result.stdout.splitlines()
    assert result.stdout.splitlines()[0].endswith(f"{count} sample reports in {db}")
    with open_db(db, must_exist=True) as kb:
        assert kb.count("documents") == count


def test_demo_shows_each_mechanism_with_its_parties(demo: tuple[Result, str]) -> None:
    shown = timelines_shown(demo[0].stdout)
    assert {name: s.parties for name, s in shown.items()} == {
        JCC: "Pakistan, China",
        JWG_ICC: "Pakistan, China",
        BPC: "Pakistan, China",
        IGC: "Pakistan, Uzbekistan",
        JC: "India, Nepal",
    }


def test_demo_orders_jwg_icc_rounds_and_merges_the_back_reference(demo: tuple[Result, str]) -> None:
    result, db = demo
    assert rounds_of(result.stdout, JWG_ICC) == ["3", "4", "5"]
    with open_db(db, must_exist=True) as kb:
        fourth = [m for m in kb.list_meetings(mechanism="JWG-ICC") if m["ordinal"] == 4]
    assert len(fourth) == 1
    assert sorted(Path(s).name for s in fourth[0]["sources"]) == [
        "06-cpec-jwg-icc-4th-islamabad.txt",
        "07-cpec-jwg-icc-5th-beijing.txt",
    ]


def test_demo_reports_the_jcc_round_no_sample_mentions(demo: tuple[Result, str]) -> None:
    jcc = timelines_shown(demo[0].stdout)[JCC]
    assert [r["round"] for r in jcc.rounds] == ["9", "10", "12", "13"]
    assert jcc.missing == "11"
    assert jcc.count == 4
    assert timelines_shown(demo[0].stdout)[JWG_ICC].missing == "none"


@pytest.mark.parametrize(
    ("name", "round_", "date", "status", "venue"),
    [
        (JCC, "9", "2019-11-05", "held", "Islamabad"),
        (JCC, "10", "2021-09-23", "held", "virtual"),
        (JCC, "12", "2023-07-14", "held", "Beijing"),
        (JCC, "13", "?", "scheduled", "Islamabad"),  # postponed without a new date: the date is unknown
        (JWG_ICC, "3", "2023-05-16", "held", "Beijing"),
        (JWG_ICC, "4", "2024-03-12", "held", "Islamabad"),
        (JWG_ICC, "5", "2025-01-10", "held", "Beijing"),
        (BPC, "3", "2023-06-26", "held", "Islamabad"),
        (BPC, "4", "2024-08-21", "held", "Beijing"),
        (IGC, "8", "2024-02-07", "held", "Tashkent"),
        (JC, "7", "2024-01-04", "held", "Kathmandu"),
    ],
)
def test_demo_round_lines_state_date_status_and_venue(
    demo: tuple[Result, str], name: str, round_: str, date: str, status: str, venue: str
) -> None:
    rows = [r for r in timelines_shown(demo[0].stdout)[name].rounds if r["round"] == round_]
    assert [(r["date"], r["status"], r["venue"]) for r in rows] == [(date, status, venue)]


QURESHI = "Nadia Qureshi (Foreign Secretary, Pakistan)"
SIDDIQUI = "Amna Siddiqui (Foreign Secretary, Pakistan)"
XU = "Xu Jianhua (Vice Foreign Minister, China)"
CHAIRED_ROUNDS = [
    (JCC, "9", ["Khalid Rasheed (", "Lin Haoran ("]),
    (JCC, "10", ["Khalid Rasheed (", "Lin Haoran ("]),
    (JWG_ICC, "3", [QURESHI, XU]),
    (JWG_ICC, "4", [QURESHI, XU]),
    (BPC, "3", [QURESHI, XU]),
    (IGC, "8", ["Faisal Karim (Minister for Commerce, Pakistan)", "Rustam Nazarov ("]),
    (JC, "7", ["Rajiv Menon (External Affairs Minister, India)", "Bimala Adhikari (Foreign Minister,"]),
]
# Chairs introduced by a pronoun ("It was co-chaired by ...") in a sentence of their own.
PRONOUN_CHAIRED_ROUNDS: list[Any] = [
    (JCC, "12", ["Saad Anwar (", "Lin Haoran ("]),
    (JWG_ICC, "5", [SIDDIQUI, "Xu Jianhua ("]),
    (BPC, "4", [SIDDIQUI, "Xu Jianhua ("]),
]


@pytest.mark.parametrize(("name", "round_", "chairs"), [*CHAIRED_ROUNDS, *PRONOUN_CHAIRED_ROUNDS])
def test_demo_round_lines_name_the_chairs(
    demo: tuple[Result, str], name: str, round_: str, chairs: list[str]
) -> None:
    row = next(r for r in timelines_shown(demo[0].stdout)[name].rounds if r["round"] == round_)
    assert [c for c in chairs if c not in row["chairs"]] == []


def test_demo_counts_the_announced_next_round_as_the_fourth(demo: tuple[Result, str]) -> None:
    assert rounds_of(demo[0].stdout, BPC) == ["3", "4"]


def test_demo_courtesy_call_adds_no_meeting(demo: tuple[Result, str]) -> None:
    with open_db(demo[1], must_exist=True) as kb:
        sources = {Path(s).name for m in kb.list_meetings() for s in m["sources"]}
    assert "13-courtesy-call-planning.txt" not in sources
    assert len(sources) == len(sample_paths()) - 1


def test_demo_hints_are_commands_that_work(demo: tuple[Result, str]) -> None:
    result, db = demo
    meetings_hint, show_hint = (line.strip() for line in result.stdout.splitlines()[-2:])
    assert meetings_hint.startswith(f"corridor meetings --db {db} --mechanism ")
    assert re.fullmatch(rf"corridor show \d+ --db {re.escape(db)}", show_hint)
    for hint in (meetings_hint, show_hint):
        ran = CliRunner().invoke(main, shlex.split(hint)[1:])
        assert ran.exit_code == 0, ran.output
        assert "CPEC" in ran.stdout or "Pakistan" in ran.stdout


def test_demo_again_on_the_same_base_changes_nothing(demo: tuple[Result, str]) -> None:
    result, db = demo
    again = run_demo("--db", db)
    count = len(sample_paths())
    assert again.exit_code == 0, again.output
    assert f"read {count}, stored 0, unchanged {count}, failed 0" in again.stdout
    assert timelines_shown(again.stdout) == timelines_shown(result.stdout)


def test_demo_without_db_keeps_its_base_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configured = tmp_path / "configured.db"
    monkeypatch.setenv("CORRIDOR_DB", str(configured))
    monkeypatch.chdir(tmp_path)
    result = run_demo()
    assert result.exit_code == 0, result.output
    path = tmp_path / "corridor-demo.db"
    assert result.stdout.splitlines()[0].endswith(f" in {path}")
    assert path.is_file() and not configured.exists()
    assert JWG_ICC in timelines_shown(result.stdout)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the hints name the base wherever they are run from
    for hint in result.stdout.splitlines()[-2:]:
        ran = CliRunner().invoke(main, shlex.split(hint)[1:])
        assert ran.exit_code == 0, ran.output


def test_demo_hints_name_the_command_as_the_shell_finds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "venv bin" / "corridor"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script), "demo"])
    monkeypatch.setenv("PATH", "/nonexistent")
    assert command_name() == shlex.quote(str(script))
    monkeypatch.setenv("PATH", str(script.parent))
    assert command_name() == "corridor"


# -- mechanism_timelines and render_timelines on meeting objects written here --------------------


def meeting(key: str | None, ordinal: int | None, date: str | None, **fields: Any) -> dict[str, Any]:
    """A meeting object shaped like list_meetings' rows, with only what timelines read."""
    names = {"jcc": "Joint Cooperation Committee", "igc": "Inter-Governmental Commission"}
    name = names.get(key or "", "Talks")
    return {
        "id": fields.pop("id", 0),
        "mechanism": {"name": name, "key": key, "parties": ["Pakistan", "China"], "aliases": []},
        "status": fields.pop("status", "held"),
        "ordinal": ordinal,
        "date": date,
        "city": fields.pop("city", None),
        "country": fields.pop("country", None),
        "mode": fields.pop("mode", None),
        "chairs": fields.pop("chairs", []),
        "sources": [],
    }


def test_timeline_orders_by_round_then_date_with_unnumbered_last() -> None:
    rows = [
        meeting("jcc", None, "2019-01-01", id=1),
        meeting("jcc", 5, "2024-01-01", id=2),
        meeting("jcc", None, None, id=3),
        meeting("jcc", 2, None, id=4),
        meeting("jcc", 2, "2018-05-01", id=5),
        meeting("jcc", None, "2017-01-01", id=6),
    ]
    (timeline,) = mechanism_timelines(rows)
    assert [m["id"] for m in timeline.meetings] == [5, 4, 2, 6, 1, 3]


def test_timeline_groups_by_mechanism_key_and_falls_back_to_the_name() -> None:
    rows = [meeting("jcc", 2, None), meeting(None, 1, None), meeting("igc", 3, None), meeting("jcc", 1, None)]
    timelines = mechanism_timelines(rows)
    assert [(t.name, [m["ordinal"] for m in t.meetings]) for t in timelines] == [
        ("Inter-Governmental Commission", [3]),
        ("Joint Cooperation Committee", [1, 2]),
        ("Talks", [1]),
    ]
    assert mechanism_timelines([]) == []


@pytest.mark.parametrize(
    ("ordinals", "missing"),
    [
        ([], []),
        ([4], []),
        ([3, 4, 5], []),
        ([9, 10, 12, 13], [11]),
        ([7, 2, 7, 4], [3, 5, 6]),
    ],
)
def test_timeline_missing_rounds_are_the_gaps_between_rounds(ordinals: list[int], missing: list[int]) -> None:
    assert missing_rounds(ordinals) == missing
    rows = [meeting("jcc", n, None) for n in ordinals] + [meeting("jcc", None, "2020")]
    assert mechanism_timelines(rows)[0].missing == missing


def test_timeline_render_shows_header_and_one_line_per_round() -> None:
    chairs = [
        {"name": "A. Khan", "title": "Foreign Secretary", "country": "Pakistan"},
        {"name": "Li Wei", "title": None, "country": "China"},
        {"name": "Sun Bo", "title": None, "country": None},
    ]
    rows = [
        meeting("jcc", 3, "2024-03-12", city="Islamabad", country="Pakistan", chairs=chairs),
        meeting("jcc", 1, None, country="China"),
        meeting("jcc", None, "2025", status="scheduled", city="Beijing", mode="virtual"),
    ]
    assert render_timelines(mechanism_timelines(rows)).splitlines() == [
        "Joint Cooperation Committee (Pakistan, China): 3 rounds known; missing rounds: 2",
        "  #1   ?           held       China",
        "  #3   2024-03-12  held       Islamabad     "
        "A. Khan (Foreign Secretary, Pakistan); Li Wei (China); Sun Bo",
        "  #-   2025        scheduled  virtual",
    ]
    assert render_timelines([]) == "(no meetings)"
