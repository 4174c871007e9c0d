"""`corridor engagements` and `corridor pair`: contacts outside the rounds, and a pair's whole record."""

from __future__ import annotations

import json
from typing import Any

import click

from .cli import db_option, group_db, main, open_kb, parse_since, review, reviewer_options, run_review


def _people(e: dict[str, Any]) -> str:
    return "; ".join(
        ", ".join(x for x in (p["name"], p["title"], p["country"]) if x) for p in e["participants"]
    )


def render_engagements(rows: list[dict[str, Any]]) -> str:
    """One engagement per line: date, kind, status, place, people, the round of its trip, conflicts."""
    lines = []
    for e in rows:
        place = ", ".join(x for x in (e["city"], e["country"]) if x) or "-"
        line = f"{e['id']:>5}  {e['date'] or '?':<10}  {e['kind']:<16} [{e['status']}]  {place}  {_people(e)}"
        if e["during"]:
            line += f"  (during {e['during']})"
        if e["conflicts"]:
            line += f"  conflicts: {', '.join(e['conflicts'])}"
        lines.append(line)
    return "\n".join(lines) if lines else "(no engagements)"


@main.command()
@db_option
@click.option("--country", metavar="NAME", help="A side of the engagement or the country it took place in.")
@click.option("--person", metavar="NAME", help="A participant (a surname will do).")
@click.option("--since", metavar="YYYY[-MM[-DD]]", help="Engagements dated on or after this.")
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
def engagements(db: str | None, country: str | None, person: str | None, since: str | None, fmt: str) -> None:
    """List the engagements in the knowledge base: meetings, calls, visits, courtesy calls and
    sideline meetings that are not rounds, each once however many outlets report it."""
    with open_kb(db, must_exist=True) as kb:
        rows = kb.list_engagements(country=country, person=person, since=parse_since(since))
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        click.echo(render_engagements(rows))


@main.command()
@click.argument("first", metavar="A")
@click.argument("second", metavar="B")
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def pair(first: str, second: str, db: str | None, fmt: str) -> None:
    """One timeline of two countries (names or ISO codes): rounds of every mechanism between them,
    engagements, and the designations of their relationship with first and last seen."""
    from .kb.pairs import pair_record

    with open_kb(db, must_exist=True) as kb:
        record = pair_record(kb, first, second)
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    a, b = record["countries"]
    click.echo(f"{a} – {b}")
    for d in record["designations"]:
        click.echo(f"  designation: {d['label']} (first seen {d['first_seen']}, last seen {d['last_seen']})")
    for t in record["timeline"]:
        extra = " ".join(
            x for x in (f"[{t['status']}]" if t.get("status") else "", t.get("place") or "") if x
        )
        people = f"  {', '.join(p for p in t.get('people', []) if p)}" if t.get("people") else ""
        click.echo(f"  {t['date'] or '?':<10}  {t['type']:<11}  {t['what']}  {extra}{people}".rstrip())
    if not record["timeline"]:
        click.echo("  (nothing stored for this pair)")


# -- reviewers' corrections of engagements (`corridor review engagement-...`) --------------------


def _show(e: dict[str, Any]) -> None:
    click.echo(render_engagements([e]) + ("  [rejected]" if e.get("rejected") else ""))


@review.command("engagement-set")
@click.argument("engagement_id", metavar="ID", type=int)
@click.argument("field", metavar="FIELD")
@click.argument("value", metavar="VALUE")
@db_option
@reviewer_options()
def review_engagement_set(
    engagement_id: int, field: str, value: str, db: str | None, author: str, why: str
) -> None:
    """Set FIELD of engagement ID to VALUE ('null' clears): kind, status, date, city, country, mode, or
    participants ('NAME | TITLE | SIDE; ...', replacing the list). Kept when the engagement is re-extracted."""
    from .kb.review import Reviewer
    from .kb.review_engagements import set_engagement_field

    with open_kb(group_db(db), must_exist=True) as kb:
        _show(
            run_review(
                kb, lambda: set_engagement_field(kb, engagement_id, field, value, Reviewer(author, why))
            )
        )


@review.command("engagement-confirm")
@click.argument("engagement_id", metavar="ID", type=int)
@click.argument("fields", metavar="[FIELD]...", nargs=-1)
@db_option
@reviewer_options(why_required=False)
def review_engagement_confirm(
    engagement_id: int, fields: tuple[str, ...], db: str | None, author: str, why: str
) -> None:
    """Confirm the values engagement ID shows now (every field, or the ones named)."""
    from .kb.review import Reviewer
    from .kb.review_engagements import confirm_engagement

    with open_kb(group_db(db), must_exist=True) as kb:
        _show(run_review(kb, lambda: confirm_engagement(kb, engagement_id, fields, Reviewer(author, why))))


@review.command("engagement-reject")
@click.argument("engagement_id", metavar="ID", type=int)
@click.option("--restore", is_flag=True, help="Show a rejected engagement again.")
@db_option
@reviewer_options()
def review_engagement_reject(
    engagement_id: int, restore: bool, db: str | None, author: str, why: str
) -> None:
    """Reject engagement ID as no real contact: hidden from lists, also after re-extraction (--restore undoes)."""
    from .kb.review import Reviewer
    from .kb.review_engagements import reject_engagement

    with open_kb(group_db(db), must_exist=True) as kb:
        run_review(kb, lambda: reject_engagement(kb, engagement_id, Reviewer(author, why), restore=restore))
    click.echo(f"engagement {engagement_id} {'restored' if restore else 'rejected'}")


@review.command("engagement-history")
@click.argument("engagement_id", metavar="ID", type=int)
@db_option
def review_engagement_history(engagement_id: int, db: str | None) -> None:
    """Every correction of engagement ID as JSON Lines: who, when, why, what, and which one undid it."""
    from .kb.review_engagements import engagement_history

    with open_kb(group_db(db), must_exist=True) as kb:
        rows = run_review(kb, lambda: engagement_history(kb, engagement_id))
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False))


@review.command("engagement-undo")
@click.argument("correction_id", metavar="CORRECTION", type=int)
@db_option
@reviewer_options()
def review_engagement_undo(correction_id: int, db: str | None, author: str, why: str) -> None:
    """Undo correction CORRECTION of an engagement (its id in `engagement-history`); it stays, marked undone."""
    from .kb.review import Reviewer
    from .kb.review_engagements import undo_engagement_correction

    with open_kb(group_db(db), must_exist=True) as kb:
        done = run_review(kb, lambda: undo_engagement_correction(kb, correction_id, Reviewer(author, why)))
    click.echo(f"correction {correction_id} undone (correction {done['undone_by']})")
