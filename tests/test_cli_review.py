"""`corridor review` corrections beyond the fields: chairs, parties, mechanism, split, merge, undo."""

from __future__ import annotations

import json

from tests.test_cli_kb import invoke, round_of, rows_of, series_db

__all__ = ["series_db"]


def history(db: str) -> list[dict]:
    return [json.loads(line) for line in invoke("review", "history", "--db", db).stdout.splitlines()]


def test_cli_review_set_chairs_and_parties(series_db: str) -> None:
    ninth = str(round_of(series_db, 9)["id"])
    result = invoke(
        "review",
        "set",
        ninth,
        "chairs",
        "Ahsan Iqbal | Federal Minister | Pakistan",
        "--why",
        "readout",
        "--db",
        series_db,
    )
    assert result.exit_code == 0, result.output
    assert [(c["name"], c["title"]) for c in round_of(series_db, 9)["chairs"]] == [
        ("Ahsan Iqbal", "Federal Minister")
    ]
    result = invoke(
        "review", "set", ninth, "parties", "Pakistan; China; Gwadar", "--why", "x", "--db", series_db
    )
    assert result.exit_code == 0, result.output
    assert round_of(series_db, 9)["mechanism"]["parties"] == ["Pakistan", "China", "Gwadar"]


def test_cli_review_chair_edit_then_undo(series_db: str) -> None:
    tenth = str(round_of(series_db, 10)["id"])
    result = invoke(
        "review", "chair", tenth, "edit", "Ahsan Iqbal", "--side", "Islamic Republic of Pakistan", "--why", "style",
        "--by", "ana", "--db", series_db,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert round_of(series_db, 10)["chairs"][0]["country"] == "Islamic Republic of Pakistan"
    [edit] = history(series_db)
    assert (edit["action"], edit["author"], edit["reason"]) == ("chair-edit", "ana", "style")
    result = invoke("review", "undo", str(edit["id"]), "--why", "wrong meeting", "--db", series_db)
    assert result.exit_code == 0, result.output
    assert round_of(series_db, 10)["chairs"][0]["country"] == "Pakistan"
    assert [h["undone_by"] for h in history(series_db)] == [edit["id"] + 1, None]


def test_cli_review_split_then_merge(series_db: str) -> None:
    tenth = round_of(series_db, 10)["id"]
    result = invoke(
        "review", "split", str(tenth), "--document", "c.txt", "--why", "two sittings", "--db", series_db
    )
    assert result.exit_code == 0, result.output
    tenths = [m for m in rows_of(series_db) if m["ordinal"] == 10]
    assert sorted(m["sources"] for m in tenths) == [["b.txt"], ["c.txt"]]
    other = next(m["id"] for m in tenths if m["id"] != tenth)
    result = invoke("review", "merge", str(tenth), str(other), "--why", "one sitting", "--db", series_db)
    assert result.exit_code == 0, result.output
    assert [m["sources"] for m in rows_of(series_db) if m["ordinal"] == 10] == [["b.txt", "c.txt"]]


def test_cli_review_refusals_are_one_line(series_db: str) -> None:
    result = invoke("review", "chair", "1", "remove", "Nobody", "--why", "x", "--db", series_db)
    assert result.exit_code == 1
    assert result.stderr.startswith("corridor: 'Nobody' is not one chair of meeting 1")
    result = invoke("review", "undo", "1", "--db", series_db)
    assert result.exit_code == 2 and "--why" in result.stderr


def test_cli_review_undo_of_a_people_merge_parts_them_again(series_db: str) -> None:
    result = invoke("people", "merge", "Ahsan Iqbal", "He Lifeng", "--why", "same", "--db", series_db)
    assert result.exit_code == 0, result.output
    merge = history(series_db)[-1]
    assert f"`corridor review undo {merge['id']}` takes it back" in result.stdout
    assert len(round_of(series_db, 9)["chairs"]) == 1
    result = invoke("review", "undo", str(merge["id"]), "--why", "two people", "--db", series_db)
    assert result.exit_code == 0, result.output
    assert sorted(c["name"] for c in round_of(series_db, 9)["chairs"]) == ["Ahsan Iqbal", "He Lifeng"]
    shown = invoke("review", "history", "--person", str(merge["target_id"]), "--db", series_db).stdout
    merged, undone = (json.loads(line) for line in shown.splitlines())
    assert (merged["undone_by"], undone["action"], undone["reason"]) == (undone["id"], "undo", "two people")
