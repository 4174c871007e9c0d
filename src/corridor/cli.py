"""The `corridor` command: thin wrappers over library calls.

Library code raises CorridorError; this module alone turns errors into messages and
exit codes (0 all went well, 1 some inputs failed, 2 usage or setup error).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import click

from . import __version__, settings
from .errors import CorridorError, InputError

FORMATS = ("jsonl", "json", "table")


def fail_record(err: InputError) -> dict[str, Any]:
    """The schema's record for a document that could not be read."""
    return {"source": err.source, "error": err.reason, "document": {"published": None}, "meetings": []}


def warn(message: str) -> None:
    click.echo(f"corridor: {message}", err=True)


def parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from exc


def published_option(func: Callable) -> Callable:
    return click.option(
        "--published",
        metavar="YYYY-MM-DD",
        help="Publication date for inputs that do not state one (the anchor for 'on Saturday').",
    )(func)


def db_option(func: Callable) -> Callable:
    return click.option(
        "--db",
        metavar="FILE",
        help=f"Knowledge base file (else ${settings.SETTINGS['db'].env}, else ./{settings.SETTINGS['db'].default}).",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corridor")
def main() -> None:
    """Corridor: verified records of bilateral cooperation meetings from press statements."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@published_option
def extract(paths: tuple[str, ...], fmt: str, published: str | None) -> None:
    """Extract meetings and statements from texts, folders, JSON Lines or stdin (-).

    Prints one record per document (extraction.schema.json). A document that cannot
    be read gets an `error` and a line on stderr; the rest go on, and the exit code is 1.
    """
    from .extract.run import extract_document
    from .sources.reading import read_inputs

    failed = 0
    records: list[dict[str, Any]] = []
    for item in read_inputs(list(paths), published=parse_day(published)):
        if isinstance(item, InputError):
            failed += 1
            warn(str(item))
            record = fail_record(item)
        else:
            record = extract_document(item).to_json()
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            records.append(record)
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "table":
        click.echo(render_table(records))
    if failed:
        sys.exit(1)


def render_table(records: Iterable[dict[str, Any]]) -> str:
    """A plain-text view of extraction records, one block per document."""
    lines: list[str] = []
    for rec in records:
        published = (rec.get("document") or {}).get("published") or "no date"
        lines.append(f"{rec['source']}  ({published})")
        if rec.get("error"):
            lines.append(f"  error: {rec['error']}")
        for m in rec.get("meetings", []):
            chairs = "; ".join(
                ", ".join(x for x in (c["name"], c.get("title"), c.get("country")) if x) for c in m["chairs"]
            )
            where = m.get("city") or m.get("country") or ("virtual" if m.get("mode") == "virtual" else "?")
            lines.append(
                f"  #{m['ordinal'] or '-':<3} {m['mechanism']['name']}  [{m['status']}] "
                f"{m['date'] or '?'}  {where}" + (f"\n       chairs: {chairs}" if chairs else "")
            )
        if not rec.get("meetings") and not rec.get("error"):
            lines.append("  (no meetings)")
    return "\n".join(lines)


def open_kb(db: str | None, *, must_exist: bool = False) -> Any:
    """The knowledge base named by --db, else CORRIDOR_DB, else the default; setup errors exit 2.

    Returns a corridor.kb.KnowledgeBase (imported here so that `corridor --help` stays fast).
    """
    from .kb import open_db

    try:
        return open_db(settings.get("db", db), must_exist=must_exist)
    except CorridorError as exc:
        warn(str(exc))
        sys.exit(2)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@published_option
def ingest(paths: tuple[str, ...], db: str | None, published: str | None) -> None:
    """Extract texts, folders, JSON Lines or stdin (-) and store their meetings in the knowledge base.

    A document already stored is left as it is. Prints 'read N, stored S, unchanged U,
    failed F' on stderr; each input that failed gets a line and the exit code is 1.
    """
    from .kb import ingest_documents
    from .sources.reading import read_inputs

    with open_kb(db) as kb:
        report = ingest_documents(kb, read_inputs(list(paths), published=parse_day(published)))
    for failure in report.failures:
        warn(f"{failure.source}: {failure.reason}")
    click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)


def parse_since(value: str | None) -> str | None:
    """Check a --since prefix, since dates compare as strings and a typo would filter silently."""
    import re

    if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise click.BadParameter(f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    return value or None


@main.command()
@db_option
@click.option("--mechanism", metavar="NAME", help="Name, key or alias of the mechanism (part of it will do).")
@click.option("--country", metavar="NAME", help="Host country or one of the parties.")
@click.option("--since", metavar="YYYY[-MM[-DD]]", help="Meetings dated on or after this.")
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
def meetings(db: str | None, mechanism: str | None, country: str | None, since: str | None, fmt: str) -> None:
    """List the meetings in the knowledge base (jsonl: one schema meeting object per line)."""
    with open_kb(db, must_exist=True) as kb:
        rows = kb.list_meetings(mechanism=mechanism, country=country, since=parse_since(since))
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        click.echo(render_meetings_table(rows))


@main.command()
@click.argument("meeting_id", metavar="ID", type=int)
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def show(meeting_id: int, db: str | None, fmt: str) -> None:
    """Show one meeting: its fields, chairs, and each source with its evidence and statements."""
    from .errors import NotFoundError

    with open_kb(db, must_exist=True) as kb:
        try:
            meeting = kb.get_meeting(meeting_id)
        except NotFoundError as exc:
            warn(str(exc))
            sys.exit(1)
    click.echo(
        json.dumps(meeting, ensure_ascii=False, indent=2) if fmt == "json" else render_meeting(meeting)
    )


def _place(m: dict[str, Any]) -> str:
    where = ", ".join(x for x in (m.get("city"), m.get("country")) if x)
    if m.get("mode") == "virtual":
        return f"{where} (virtual)" if where else "virtual"
    return where or "?"


def _chair_line(c: dict[str, Any]) -> str:
    return ", ".join(x for x in (c["name"], c.get("title"), c.get("country")) if x)


def render_meetings_table(rows: Iterable[dict[str, Any]]) -> str:
    """One line per meeting: id, round, mechanism, status, date, place, chairs, number of sources."""
    lines = [f"{'id':>5}  {'#':>3}  {'date':<10}  {'status':<9}  mechanism / place / chairs  (sources)"]
    for m in rows:
        chairs = "; ".join(_chair_line(c) for c in m["chairs"])
        lines.append(
            f"{m['id']:>5}  {m['ordinal'] or '-':>3}  {m['date'] or '?':<10}  {m['status']:<9}  "
            f"{m['mechanism']['name']}  {_place(m)}  ({len(m['sources'])})"
            + (f"\n{'':>35}chairs: {chairs}" if chairs else "")
        )
    if len(lines) == 1:
        lines.append("(no meetings)")
    return "\n".join(lines)


def render_meeting(m: dict[str, Any]) -> str:
    """A plain-text view of `get_meeting`: fields, chairs, then each source's evidence and statements."""
    mech = m["mechanism"]
    fields = [
        ("mechanism", f"{mech['name']}" + (f"  [{mech['programme']}]" if mech.get("programme") else "")),
        ("aliases", ", ".join(mech["aliases"])),
        ("parties", ", ".join(mech["parties"])),
        ("status", m["status"]),
        ("round", str(m["ordinal"] or "")),
        ("date", m["date"] or ""),
        ("place", _place(m)),
        ("mode", (m["mode"] or "").replace("_", " ")),
    ]
    lines = [f"Meeting {m['id']}: {mech['name']}"]
    lines += [f"  {name:<10} {value}" for name, value in fields if value]
    for i, chair in enumerate(m["chairs"]):
        lines.append(f"  {'chairs' if i == 0 else '':<10} {_chair_line(chair)}")
    lines.append(f"  sources    {len(m.get('reports', []))}")
    for report in m.get("reports", []):
        published = report["published"] or "no date"
        lines.append(f"  - {report['source']}  {published}  (document {report['document']})")
        for ev in report["evidence"]:
            lines.append(f"      evidence [{ev['start']}-{ev['end']}]: {ev.get('text', '')}")
        for st in report["statements"]:
            topics = ", ".join(st["topics"]) or "no topics"
            text = st["evidence"][0]["text"] if st["evidence"] else ""
            lines.append(f"      statement {st['kind']} ({topics}): {text}")
    return "\n".join(lines)


@main.command()
@click.option("--db", metavar="FILE", help="Knowledge base to build (default: a new temporary file).")
def demo(db: str | None) -> None:
    """Build a knowledge base from the bundled sample reports and print each mechanism's timeline.

    Runs the same extraction and storage as `ingest`, offline, in a few seconds; samples
    already in the base are left as they are.
    """
    import tempfile
    from pathlib import Path

    from .kb import ingest_documents
    from .kb.timeline import mechanism_timelines, render_timelines
    from .sources.reading import read_inputs

    path = db or str(Path(tempfile.mkdtemp(prefix="corridor-demo-")) / "demo.db")
    samples = sample_paths()
    click.echo(f"Building a knowledge base from {len(samples)} sample reports in {path}")
    with open_kb(path) as kb:
        report = ingest_documents(kb, read_inputs(samples))
        rows = kb.list_meetings()
    for failure in report.failures:
        warn(f"{failure.source}: {failure.reason}")
    click.echo(report.summary() + "\n")
    click.echo(render_timelines(mechanism_timelines(rows)) + "\n")
    click.echo("Try next:")
    click.echo("\n".join(f"  {hint}" for hint in demo_hints(path, rows)))
    if report.failed:
        sys.exit(1)


def sample_paths() -> list[str]:
    """The packaged sample reports, by file name, so a rebuilt demo gives the same ids."""
    from importlib.resources import files

    folder = files("corridor.samples")
    return sorted(str(item) for item in folder.iterdir() if item.name.endswith(".txt"))


def demo_hints(path: str, rows: list[dict[str, Any]]) -> list[str]:
    """Two commands to run next: the busiest mechanism's meetings, and the meeting most sources report."""
    import shlex
    from collections import Counter

    db = shlex.quote(path)
    if not rows:
        return [f"corridor ingest FILE... --db {db}", f"corridor meetings --db {db}"]
    mechanisms = {m["mechanism"]["key"]: m["mechanism"] for m in rows}
    busiest = Counter(m["mechanism"]["key"] for m in rows).most_common(1)[0][0]
    richest = max(rows, key=lambda m: (len(m["sources"]), m["date"] or ""))
    return [
        f"corridor meetings --db {db} --mechanism {shlex.quote(short_name(mechanisms[busiest]))}",
        f"corridor show {richest['id']} --db {db}",
    ]


def short_name(mechanism: dict[str, Any]) -> str:
    """A one-word alias (an acronym such as JWG-ICC) for a --mechanism filter, else the full name."""
    words = [a for a in mechanism["aliases"] if a and " " not in a]
    return min(words, key=len) if words else str(mechanism["name"])


def run() -> None:
    """Entry point that turns library errors into a one-line message and exit code 2."""
    try:
        main(standalone_mode=True)
    except CorridorError as exc:
        warn(str(exc))
        sys.exit(2)


if __name__ == "__main__":
    run()
