"""`corridor engagements` and `corridor pair`: contacts outside the rounds, and a pair's whole record."""

from __future__ import annotations

import json
from typing import Any

import click

from .cli import db_option, main, open_kb, parse_since


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
