"""`corridor engagements` and `corridor pair` over a base built from invented reports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from corridor.cli import main
from corridor.kb import open_db
from corridor.model import Designation, Document, Engagement, MechanismRef, Meeting, Participant, Span

ROUND = MechanismRef(name="Chile-Peru Political Consultations", parties=["Chile", "Peru"])


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "kb.db")
    kb = open_db(path)
    first = Document(text="A report of the fourth round.", source="a", published=date(2024, 5, 2))
    first.meetings = [
        Meeting(ROUND, ordinal=4, date="2024-05-01", city="Lima", country="Peru", evidence=[Span(0, 5)])
    ]
    first.engagements = [
        Engagement(
            "courtesy_call",
            "held",
            Span(0, 5),
            [
                Participant("Ana Soto", "Foreign Minister", "Chile"),
                Participant("Luis Paz", "President", "Peru"),
            ],
            city="Lima",
            country="Peru",
            during=ROUND.name,
            during_meeting=0,
        )
    ]
    first.designations = [Designation(("Chile", "Peru"), "Strategic Partnership", Span(0, 5))]
    second = Document(text="A call a year before.", source="b", published=date(2023, 3, 2))
    second.engagements = [
        Engagement(
            "call",
            "held",
            Span(0, 5),
            [
                Participant("Ana Soto", "Foreign Minister", "Chile"),
                Participant("Wen Li", "Foreign Minister", "China"),
            ],
            date="2023-03-01",
        )
    ]
    for d in (first, second):
        kb.store_document(d)
    kb.close()
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("flags", "kinds"),
    [
        ((), {"courtesy_call", "call"}),
        (("--country", "China"), {"call"}),
        (("--person", "Paz"), {"courtesy_call"}),
        (("--person", "Soto", "--since", "2023-06"), set()),
    ],
)
def test_cli_engagements_filters(db: str, flags: tuple[str, ...], kinds: set[str]) -> None:
    out = run("engagements", "--db", db, "--format", "jsonl", *flags)
    assert {json.loads(line)["kind"] for line in out.splitlines()} == kinds


def test_cli_engagements_table_names_the_round_of_the_trip(db: str) -> None:
    out = run("engagements", "--db", db, "--person", "Paz")
    assert "courtesy_call" in out and "Luis Paz, President, Peru" in out
    assert "during Chile-Peru Political Consultations" in out


def test_cli_pair_one_timeline_by_name_or_code(db: str) -> None:
    record = json.loads(run("pair", "PE", "Chile", "--db", db, "--format", "json"))
    assert record["countries"] == ["Peru", "Chile"]
    assert [t["type"] for t in record["timeline"]] == ["round", "engagement", "designation"]
    assert record["designations"][0]["first_seen"] == "2024-05-02"
    text = run("pair", "Chile", "Peru", "--db", db)
    assert "4th Chile-Peru Political Consultations" in text and "Strategic Partnership" in text
    assert "Wen Li" not in text  # a contact with a third country is not the pair's


def test_cli_engagements_review_set_reject_history_and_undo(db: str) -> None:
    call_id = next(
        json.loads(line)["id"]
        for line in run("engagements", "--db", db, "--format", "jsonl").splitlines()
        if json.loads(line)["kind"] == "call"
    )
    who = ("--by", "ana", "--why", "the readout")
    assert "Santiago" in run("review", "engagement-set", str(call_id), "city", "Santiago", "--db", db, *who)
    run("review", "engagement-reject", str(call_id), "--db", db, *who)
    kinds = {
        json.loads(line)["kind"] for line in run("engagements", "--db", db, "--format", "jsonl").splitlines()
    }
    assert kinds == {"courtesy_call"}
    history = [
        json.loads(line)
        for line in run("review", "engagement-history", str(call_id), "--db", db).splitlines()
    ]
    assert [(h["action"], h["author"], h["reason"]) for h in history] == [
        ("set", "ana", "the readout"),
        ("reject", "ana", "the readout"),
    ]
    run("review", "engagement-undo", str(history[1]["id"]), "--db", db, *who)
    assert "Santiago" in run("engagements", "--db", db, "--country", "China")
    refused = CliRunner().invoke(
        main, ["review", "engagement-set", str(call_id), "kind", "lunch", "--db", db, *who]
    )
    assert refused.exit_code == 1
