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
    quiet_reader_logs()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@published_option
def extract(paths: tuple[str, ...], fmt: str, published: str | None) -> None:
    """Extract meetings and statements from files, folders, web addresses or stdin (-).

    Prints one record per document (extraction.schema.json). A document that cannot
    be read or extracted gets an `error` and a line on stderr; the rest go on, and the exit code is 1.
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
            try:
                record = extract_document(item).to_json()
            except Exception as exc:  # an extractor fault on one document is reported; the rest go on
                failed += 1
                error = InputError(item.source, f"extraction failed: {type(exc).__name__}: {exc}")
                warn(str(error))
                record = fail_record(error)
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


def report_options(func: Callable) -> Callable:
    """--quiet and --json-summary, shared by the commands that run long batches."""
    func = click.option(
        "--json-summary", is_flag=True, help="Print the summary as one JSON object on stdout."
    )(func)
    return click.option(
        "--quiet", "-q", is_flag=True, help="No progress bar and no summary line; failures are still listed."
    )(func)


def quiet_reader_logs() -> None:
    """The PDF and HTML libraries log every oddity of a file; the per-input error says what matters."""
    import logging

    for name in ("pypdf", "trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def finish_report(report: Any, quiet: bool, json_summary: bool, prefix: str = "") -> None:
    """Each failure on stderr, then the summary: a line on stderr, or JSON on stdout."""
    for failure in report.failures:
        warn(f"{failure.source}: {failure.reason}")
    if json_summary:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False))
    elif not quiet:
        click.echo(prefix + report.summary(), err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@published_option
@report_options
def ingest(
    paths: tuple[str, ...], db: str | None, published: str | None, quiet: bool, json_summary: bool
) -> None:
    """Extract files, folders, stdin (-) or web addresses and store their meetings in the knowledge base.

    Files are read by what they hold: text, Markdown, HTML pages, PDF, RSS or Atom feeds,
    JSON Lines, zip or tar archives of these. An address (http:// or https://) is fetched,
    asking the server whether it changed since the last fetch, and its bytes are kept.
    A document already stored is left as it is; a near-copy of a stored story is stored
    and linked to it. A progress bar shows on a terminal; at the end 'read N, stored S,
    unchanged U, failed F' goes to stderr. Each input that failed gets a line and the exit
    code is 1.
    """
    from .console import Progress
    from .kb import ingest_documents, load_stories
    from .sources.reading import ReadOptions, expand_all, read_expanded, setting_max_bytes

    sources = list(expand_all(paths))
    with open_kb(db) as kb:
        options = ReadOptions(published=parse_day(published), limit=setting_max_bytes(), cache=kb)
        stories = load_stories(kb)
        with Progress(len(sources), enabled=not quiet) as progress:
            items = read_expanded(sources, options, on_input=progress.input_done)
            report = ingest_documents(kb, items, stories, on_item=progress.item_done)
    finish_report(report, quiet, json_summary)
    if report.failed:
        sys.exit(1)


def parse_every(value: str) -> float:
    """Seconds in an interval written as 90s, 30m, 2h, 1h30m or 1d."""
    import re

    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    parts = re.findall(r"(\d+(?:\.\d+)?)([smhd])", value.strip().lower())
    if not parts or "".join(n + u for n, u in parts) != value.strip().lower():
        raise click.BadParameter(f"{value!r} is not an interval; write e.g. 90s, 30m, 2h or 1h30m")
    seconds = sum(float(number) * units[unit] for number, unit in parts)
    if seconds <= 0:
        raise click.BadParameter("the interval must be longer than zero")
    return seconds


@main.command()
@click.argument("urls", metavar="URL...", nargs=-1, required=True)
@db_option
@click.option("--every", default="30m", show_default=True, help="Time between rounds: 90s, 30m, 2h, 1h30m.")
@click.option(
    "--rounds", type=click.IntRange(min=1), help="Stop after this many rounds (default: until Ctrl-C)."
)
@report_options
def watch(
    urls: tuple[str, ...], db: str | None, every: str, rounds: int | None, quiet: bool, json_summary: bool
) -> None:
    """Read feeds or pages again and again, storing what is new: corridor watch FEED_URL... --every 30m.

    Each round fetches every address, asking the server whether it changed since the last
    fetch; a feed's entries are read from the pages they link to. Each round ends with its
    summary ('round N: read ...' on stderr, or one JSON object per round on stdout with
    --json-summary). The exit code is 1 when any round had a failure.
    """
    from .kb import watch as watch_rounds
    from .sources.fetch import is_url
    from .sources.reading import ReadOptions, setting_max_bytes

    bad = [url for url in urls if not is_url(url)]
    if bad:
        raise click.BadParameter(f"{bad[0]!r} is not an http:// or https:// address", param_hint="URL")
    interval = parse_every(every)
    limit = setting_max_bytes()
    failed = False

    def on_round(number: int, report: Any) -> None:
        nonlocal failed
        failed = failed or bool(report.failed)
        finish_report(report, quiet, json_summary, prefix=f"round {number}: ")

    with open_kb(db) as kb:
        try:
            watch_rounds(
                kb, list(urls), lambda: ReadOptions(limit=limit, cache=kb), interval, rounds, on_round
            )
        except KeyboardInterrupt:
            pass
    if failed:
        sys.exit(1)


def parse_since(value: str | None) -> str | None:
    """Check a --since prefix, since dates compare as strings and a typo would filter silently."""
    from .model import date_prefix_problem

    problem = date_prefix_problem(value) if value else None
    if problem:
        raise click.BadParameter(problem, param_hint="--since")
    return value or None


@main.command()
@db_option
@click.option("--mechanism", metavar="NAME", help="Name, key or alias of the mechanism (part of it will do).")
@click.option("--country", metavar="NAME", help="Host country or one of the parties.")
@click.option("--since", metavar="YYYY[-MM[-DD]]", help="Meetings dated on or after this.")
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Also list meetings a reviewer rejected.")
def meetings(
    db: str | None, mechanism: str | None, country: str | None, since: str | None, fmt: str, show_all: bool
) -> None:
    """List the meetings in the knowledge base (jsonl: one schema meeting object per line).

    Each real meeting is listed once, however many documents report it, with the value
    chosen per field (see `corridor review --help`); `conflicts` names the fields whose
    sources disagree and `corrections` the reviewers' changes.
    """
    with open_kb(db, must_exist=True) as kb:
        rows = kb.list_meetings(
            mechanism=mechanism, country=country, since=parse_since(since), include_rejected=show_all
        )
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
    """One line per meeting: id, round, mechanism, status, date, place, chairs, number of sources.

    A '!' after the sources marks a meeting whose sources disagree; the next line says on what.
    """
    lines = [f"{'id':>5}  {'#':>3}  {'date':<10}  {'status':<9}  mechanism / place / chairs  (sources)"]
    for m in rows:
        chairs = "; ".join(_chair_line(c) for c in m["chairs"])
        conflicts = _conflict_text(m)
        lines.append(
            f"{m['id']:>5}  {m['ordinal'] or '-':>3}  {m['date'] or '?':<10}  {m['status']:<9}  "
            f"{m['mechanism']['name']}  {_place(m)}  ({len(m['sources'])}){' !' if conflicts else ''}"
            + (" [rejected]" if m.get("rejected") else "")
            + (f"\n{'':>35}chairs: {chairs}" if chairs else "")
            + (f"\n{'':>35}conflicts: {conflicts}" if conflicts else "")
        )
    if len(lines) == 1:
        lines.append("(no meetings)")
    return "\n".join(lines)


def _conflict_text(m: dict[str, Any]) -> str:
    """'date 2025-01-10 | 2025-01-11; city ...' for the fields whose sources disagree."""
    return "; ".join(
        f"{name} " + " | ".join(str(v) for v in values) for name, values in (m.get("conflicts") or {}).items()
    )


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
    if m.get("rejected"):
        lines.append(f"  {'rejected':<10} yes (hidden from lists)")
    for name, values in (m.get("conflicts") or {}).items():
        lines.append(f"  {'conflict':<10} {name}: " + " | ".join(str(v) for v in values))
    for name, claims in (m.get("claims") or {}).items():
        if len(claims) > 1:
            said = "; ".join(f"{c['value']} ({', '.join(c['sources'])})" for c in claims)
            lines.append(f"  {'claims':<10} {name}: {said}")
    for c in m.get("corrections") or []:
        what = f"{c['action']} {c['field'] or ''} {json.dumps(c['value'], ensure_ascii=False) if c['value'] is not None else ''}"
        lines.append(
            f"  {'corrected':<10} {' '.join(what.split())}  by {c['author']} {c['created_at']}: {c['reason']}"
        )
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


DEMO_DB = "corridor-demo.db"


@main.command()
@click.option(
    "--db", metavar="FILE", help=f"Knowledge base to build (default: {DEMO_DB} in the current folder)."
)
def demo(db: str | None) -> None:
    """Build a knowledge base from the bundled sample reports and print each mechanism's timeline.

    Runs the same extraction and storage as `ingest`, offline, in a few seconds; samples
    already in the base are left as they are. The base is kept (./corridor-demo.db unless
    --db), so the commands it suggests next work on it.
    """
    import os

    from .kb import ingest_documents
    from .kb.timeline import mechanism_timelines, render_timelines
    from .sources.reading import read_inputs

    path = os.path.abspath(db or DEMO_DB)
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

    db, corridor = shlex.quote(path), command_name()
    if not rows:
        return [f"{corridor} ingest FILE... --db {db}", f"{corridor} meetings --db {db}"]
    mechanisms = {m["mechanism"]["key"]: m["mechanism"] for m in rows}
    busiest = Counter(m["mechanism"]["key"] for m in rows).most_common(1)[0][0]
    richest = max(rows, key=lambda m: (len(m["sources"]), m["date"] or ""))
    return [
        f"{corridor} meetings --db {db} --mechanism {shlex.quote(short_name(mechanisms[busiest]))}",
        f"{corridor} show {richest['id']} --db {db}",
    ]


def command_name() -> str:
    """How to run this command again from any folder: `corridor` when the shell finds this one by
    that name, else its full path (as `.venv/bin/corridor` run by scripts/demo)."""
    import os
    import shlex
    import shutil

    running = sys.argv[0] if sys.argv else ""
    if os.path.basename(running) != "corridor" or not os.path.isfile(running):
        return "corridor"
    found = shutil.which("corridor")
    if found and os.path.samefile(found, running):
        return "corridor"
    return shlex.quote(os.path.abspath(running))


def short_name(mechanism: dict[str, Any]) -> str:
    """A one-word alias (an acronym such as JWG-ICC) for a --mechanism filter, else the full name."""
    words = [a for a in mechanism["aliases"] if a and " " not in a]
    return min(words, key=len) if words else str(mechanism["name"])


def reviewer_options(*, why_required: bool = True) -> Callable[[Callable], Callable]:
    """--by and --why: every correction is stored with who made it and why."""

    def decorate(func: Callable) -> Callable:
        # A required option is given no default at all: click treats an explicit None as a value.
        default: dict[str, Any] = {} if why_required else {"default": "confirmed"}
        func = click.option(
            "--why",
            required=why_required,
            callback=_reason,
            metavar="TEXT",
            help="Why: the source or reasoning behind the correction (stored with it).",
            **default,
        )(func)
        return click.option(
            "--by",
            "author",
            envvar="CORRIDOR_REVIEWER",
            default=_user,
            show_default="$CORRIDOR_REVIEWER, else your login",
            metavar="NAME",
            help="Who makes the correction.",
        )(func)

    return decorate


def _reason(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """--why must say something: a correction without a reason cannot be checked later."""
    if value is None or not value.strip():
        raise click.BadParameter("empty; say why, e.g. --why 'the ministry's readout'", ctx=ctx, param=param)
    return value.strip()


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def group_db(db: str | None) -> str | None:
    """--db given to the command, else to its group (`corridor review --db F set ...`)."""
    parent = click.get_current_context().parent
    return db or (parent.params.get("db") if parent is not None else None)


def run_review(kb: Any, action: Callable[[], Any]) -> Any:
    """Run one correction; a refused one is one line on stderr and exit 1, with nothing changed."""
    try:
        return action()
    except CorridorError as exc:
        warn(str(exc))
        kb.close()
        sys.exit(1)


def undo_hint(kb: Any, target: str, target_id: int) -> str:
    """How to take back the correction just made of a person or mechanism."""
    last = kb.corrections(target, target_id)[-1]["id"]
    return f" (correction {last}; `corridor review undo {last}` takes it back)"


@main.command()
@click.argument("mechanism", metavar="MECHANISM")
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def timeline(mechanism: str, db: str | None, fmt: str) -> None:
    """One mechanism's rounds in order, its cadence and next round, and its topics over time.

    MECHANISM is an id, key, name or alias. Shows each round's date, venue, mode, chairs,
    number of sources and conflicts; the rounds missing; the usual interval and whether
    the venue alternates; the expected window and venue of the next round; statements per
    round with their topics, and which sectors, CPEC 2.0 corridors and 5Es rise and fall.
    """
    from .kb.review import find_mechanism
    from .kb.timeline import render_series, series_report, topic_families

    with open_kb(db, must_exist=True) as kb:
        mechanism_id = run_review(kb, lambda: find_mechanism(kb, mechanism))
        rows = [m for m in kb.mechanism_meetings(mechanism_id) if not m["rejected"]]
        statements = kb.meeting_statements([m["id"] for m in rows])
    report = series_report(rows, statements, topic_families())
    if report is None:
        click.echo("(no meetings)")
    elif fmt == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_series(report))


@main.group(invoke_without_command=True)
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True)
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
@click.pass_context
def review(ctx: click.Context, db: str | None, limit: int, fmt: str) -> None:
    """Values to check, most important first; and corrections: set, chair, confirm, reject, restore,
    split, merge, undo, history.

    Without a subcommand, lists the fields whose sources disagree (conflicts) and the values
    only weakly supported (low confidence), conflicts first, rounds and dates before venues.
    A correction is stored with --by and --why, wins over every source, and survives
    re-ingestion and `corridor reextract`. A meeting's shown value is, per field: a
    correction; else what reports of the meeting say over announcements; a specific value
    over a vague one; official sources over news agencies over others; the majority.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .kb.review import review_items

    with open_kb(db, must_exist=True) as kb:
        items = review_items(kb, limit)
    if fmt == "jsonl":
        for item in items:
            click.echo(json.dumps(item.to_json(), ensure_ascii=False))
        return
    for item in items:
        m = item.meeting
        claimed = " | ".join(str(v) for v in item.claimed)
        click.echo(
            f"{m['id']:>5}  {m['mechanism']['name']} #{m['ordinal'] or '-'}  {item.field}: {item.kind}"
            f" ({item.confidence:.2f})  {claimed}  [{len(m['sources'])} source{'s' if len(m['sources']) != 1 else ''}]"
        )
    if not items:
        click.echo("(nothing to review)")


@review.command("set")
@click.argument("meeting_id", metavar="ID", type=int)
@click.argument("field", metavar="FIELD")
@click.argument("value", metavar="VALUE")
@db_option
@reviewer_options()
def review_set(meeting_id: int, field: str, value: str, db: str | None, author: str, why: str) -> None:
    """Set FIELD of meeting ID to VALUE ('null' clears).

    FIELD is status, ordinal, date, city, country or mode; or chairs ('NAME | TITLE | SIDE;
    ...', replacing the list), parties (of its mechanism, 'Pakistan; China') or mechanism
    (an id, key or name: the meeting moves there).
    """
    from .kb.review import Reviewer, set_field

    with open_kb(group_db(db), must_exist=True) as kb:
        meeting = run_review(kb, lambda: set_field(kb, meeting_id, field, value, Reviewer(author, why)))
    click.echo(render_meeting(meeting))


@review.command("confirm")
@click.argument("meeting_id", metavar="ID", type=int)
@click.argument("fields", metavar="[FIELD]...", nargs=-1)
@db_option
@reviewer_options(why_required=False)
def review_confirm(meeting_id: int, fields: tuple[str, ...], db: str | None, author: str, why: str) -> None:
    """Confirm the values meeting ID shows now (every field, or the ones named)."""
    from .kb.review import Reviewer, confirm

    with open_kb(group_db(db), must_exist=True) as kb:
        meeting = run_review(kb, lambda: confirm(kb, meeting_id, fields, Reviewer(author, why)))
    click.echo(render_meeting(meeting))


@review.command("reject")
@click.argument("meeting_id", metavar="ID", type=int)
@db_option
@reviewer_options()
def review_reject(meeting_id: int, db: str | None, author: str, why: str) -> None:
    """Reject meeting ID as no real meeting: hidden from lists, also when new sources report it."""
    from .kb.review import Reviewer, reject

    with open_kb(group_db(db), must_exist=True) as kb:
        run_review(kb, lambda: reject(kb, meeting_id, Reviewer(author, why)))
    click.echo(f"meeting {meeting_id} rejected")


@review.command("restore")
@click.argument("meeting_id", metavar="ID", type=int)
@db_option
@reviewer_options()
def review_restore(meeting_id: int, db: str | None, author: str, why: str) -> None:
    """Show a rejected meeting ID again."""
    from .kb.review import Reviewer, reject

    with open_kb(group_db(db), must_exist=True) as kb:
        run_review(kb, lambda: reject(kb, meeting_id, Reviewer(author, why), restore=True))
    click.echo(f"meeting {meeting_id} restored")


@review.command("chair")
@click.argument("meeting_id", metavar="ID", type=int)
@click.argument("change", metavar="add|remove|edit", type=click.Choice(("add", "remove", "edit")))
@click.argument("person", metavar="PERSON")
@click.option("--name", metavar="NAME", help="edit: the chair's name as it should read.")
@click.option("--title", metavar="TITLE", help="add, edit: the chair's title ('' clears).")
@click.option("--side", metavar="COUNTRY", help="add, edit: the side the chair led ('' clears).")
@db_option
@reviewer_options()
def review_chair(
    meeting_id: int,
    change: str,
    person: str,
    name: str | None,
    title: str | None,
    side: str | None,
    db: str | None,
    author: str,
    why: str,
) -> None:
    """Add PERSON (a name or person id) as a chair of meeting ID, remove one, or edit one's name, title or side."""
    from .kb.review import Reviewer, correct_chair

    with open_kb(group_db(db), must_exist=True) as kb:
        meeting = run_review(
            kb,
            lambda: correct_chair(
                kb, meeting_id, change, person, Reviewer(author, why), name=name, title=title, side=side
            ),
        )
    click.echo(render_meeting(meeting))


@review.command("split")
@click.argument("meeting_id", metavar="ID", type=int)
@click.option(
    "--document",
    "documents",
    multiple=True,
    metavar="DOC",
    help="A document (id, id prefix or source) reporting the other meeting.",
)
@db_option
@reviewer_options()
def review_split(meeting_id: int, documents: tuple[str, ...], db: str | None, author: str, why: str) -> None:
    """Split meeting ID: what the --document sources report becomes a meeting of its own."""
    from .kb.review import Reviewer, split_meeting

    with open_kb(group_db(db), must_exist=True) as kb:
        new_id = run_review(kb, lambda: split_meeting(kb, meeting_id, documents, Reviewer(author, why)))
    click.echo(f"meeting {new_id} split from meeting {meeting_id}")


@review.command("merge")
@click.argument("keep", metavar="KEEP", type=int)
@click.argument("other", metavar="OTHER", type=int)
@db_option
@reviewer_options()
def review_merge(keep: int, other: int, db: str | None, author: str, why: str) -> None:
    """Merge meeting OTHER into meeting KEEP: one meeting with the sources of both."""
    from .kb.review import Reviewer, merge_meetings

    with open_kb(group_db(db), must_exist=True) as kb:
        run_review(kb, lambda: merge_meetings(kb, keep, other, Reviewer(author, why)))
    click.echo(f"meeting {other} merged into meeting {keep}")


@review.command("undo")
@click.argument("correction_id", metavar="CORRECTION", type=int)
@db_option
@reviewer_options()
def review_undo(correction_id: int, db: str | None, author: str, why: str) -> None:
    """Undo correction CORRECTION (its id in `corridor review history`); it stays in the history, marked undone."""
    from .kb.review import Reviewer, undo

    with open_kb(group_db(db), must_exist=True) as kb:
        done = run_review(kb, lambda: undo(kb, correction_id, Reviewer(author, why)))
    click.echo(f"correction {correction_id} undone (correction {done['id']})")


@review.command("history")
@click.argument("meeting_id", metavar="[ID]", type=int, required=False)
@click.option("--person", "person_id", type=int, metavar="ID", help="Corrections of this person instead.")
@click.option(
    "--mechanism", "mechanism_id", type=int, metavar="ID", help="Corrections of this mechanism instead."
)
@db_option
def review_history(
    meeting_id: int | None, person_id: int | None, mechanism_id: int | None, db: str | None
) -> None:
    """Every correction (of meeting ID, --person or --mechanism only, if given) as JSON Lines: who,
    when, why, what, and which correction undid it."""
    targets = [
        (t, i) for t, i in (("meeting", meeting_id), ("person", person_id), ("mechanism", mechanism_id)) if i
    ]
    if len(targets) > 1:
        raise click.UsageError("give one of ID, --person and --mechanism")
    with open_kb(group_db(db), must_exist=True) as kb:
        rows = kb.corrections(*targets[0]) if targets else kb.corrections()
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False))


@main.group(invoke_without_command=True)
@db_option
@click.pass_context
def mechanisms(ctx: click.Context, db: str | None) -> None:
    """List mechanisms (id, key, name, parties, meetings, aliases); rename, merge or split them.

    Accounts name a mechanism by its lexicon key, else by its name and parties, else by a
    distinctive alias; mechanisms first found in text are marked 'text'. Renames, merges and
    splits are corrections: stored with --by and --why, kept through re-ingestion and
    `corridor reextract`.
    """
    if ctx.invoked_subcommand is not None:
        return
    with open_kb(db, must_exist=True) as kb:
        rows = kb.mechanisms_overview()
    for r in rows:
        origin = "lexicon" if r["lexicon"] else "text"
        aliases = f"  aka {', '.join(r['aliases'])}" if r["aliases"] else ""
        click.echo(
            f"{r['id']:>4}  {r['name']} ({', '.join(r['parties'])})  [{origin}: {r['key']}]"
            f"  {r['meetings']} meeting{'s' if r['meetings'] != 1 else ''}{aliases}"
        )
    if not rows:
        click.echo("(no mechanisms)")


@mechanisms.command("rename")
@click.argument("mechanism", metavar="MECHANISM")
@click.argument("name", metavar="NEW_NAME")
@db_option
@reviewer_options()
def mechanisms_rename(mechanism: str, name: str, db: str | None, author: str, why: str) -> None:
    """Rename MECHANISM (id, key, name or alias); the old name stays an alias."""
    from .kb.review import Reviewer, rename_mechanism

    with open_kb(group_db(db), must_exist=True) as kb:
        mechanism_id = run_review(kb, lambda: rename_mechanism(kb, mechanism, name, Reviewer(author, why)))
        hint = undo_hint(kb, "mechanism", mechanism_id)
    click.echo(f"mechanism {mechanism_id} is now {name!r}{hint}")


@mechanisms.command("merge")
@click.argument("keep", metavar="KEEP")
@click.argument("other", metavar="OTHER")
@db_option
@reviewer_options()
def mechanisms_merge(keep: str, other: str, db: str | None, author: str, why: str) -> None:
    """Merge OTHER into KEEP: one mechanism; rounds of the same number become one meeting."""
    from .kb.review import Reviewer, merge_mechanisms

    with open_kb(group_db(db), must_exist=True) as kb:
        mechanism_id = run_review(kb, lambda: merge_mechanisms(kb, keep, other, Reviewer(author, why)))
        hint = undo_hint(kb, "mechanism", mechanism_id)
    click.echo(f"merged into mechanism {mechanism_id}{hint}")


@mechanisms.command("split")
@click.argument("mechanism", metavar="MECHANISM")
@click.option("--name", required=True, metavar="NEW_NAME", help="Name of the new mechanism.")
@click.option(
    "--alias", "aliases", multiple=True, metavar="NAME", help="Reports naming this go to the new one."
)
@click.option("--meeting", "meetings", multiple=True, type=int, metavar="ID", help="A meeting that moves.")
@db_option
@reviewer_options()
def mechanisms_split(
    mechanism: str,
    name: str,
    aliases: tuple[str, ...],
    meetings: tuple[int, ...],
    db: str | None,
    author: str,
    why: str,
) -> None:
    """Split a mechanism: rounds reported under --alias names (and --meeting ids) become NEW_NAME."""
    from .kb.review import Reviewer, split_mechanism

    with open_kb(group_db(db), must_exist=True) as kb:
        new_id, moved = run_review(
            kb, lambda: split_mechanism(kb, mechanism, name, aliases, meetings, Reviewer(author, why))
        )
        hint = undo_hint(kb, "mechanism", new_id)
    click.echo(
        f"mechanism {new_id} {name!r} created; meetings moved: {', '.join(map(str, moved)) or 'none'}{hint}"
    )


@main.group(invoke_without_command=True)
@db_option
@click.pass_context
def people(ctx: click.Context, db: str | None) -> None:
    """List people who chaired meetings; show one's offices over time; merge or split people.

    Spelling, transliteration, word order and initials variants are one person; one name
    is two people when the countries differ, or the offices differ and years lie between.
    """
    if ctx.invoked_subcommand is not None:
        return
    with open_kb(db, must_exist=True) as kb:
        found = kb.list_people()
    for person in found:
        click.echo(_person_line(person))
    if not found:
        click.echo("(no people)")


def _person_line(person: dict[str, Any]) -> str:
    seen = f"{person['first_seen'] or '?'} .. {person['last_seen'] or '?'}"
    others = [n for n in person["names"] if n != person["name"]]
    aka = f"  aka {', '.join(others)}" if others else ""
    return f"{person['id']:>5}  {person['name']}  ({', '.join(person['countries']) or '?'}; {seen}){aka}"


@people.command("show")
@click.argument("person", metavar="PERSON")
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def people_show(person: str, db: str | None, fmt: str) -> None:
    """PERSON's offices over time (name in any spelling, or id): title, side, first and last seen, sources."""
    from .kb.people import office_timeline

    with open_kb(group_db(db), must_exist=True) as kb:
        found = kb.list_people(person)
        for entry in found:
            entry["offices"] = office_timeline(kb.person_offices(entry["id"]))
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for entry in found:
        click.echo(_person_line(entry))
        for office in entry["offices"]:
            count = len(office["sources"])
            click.echo(
                f"         {office['title'] or '?'}, {office['country'] or '?'}: {office['first_seen'] or '?'}"
                f" .. {office['last_seen'] or '?'}  ({count} source{'s' if count != 1 else ''})"
            )
    if not found:
        warn(f"no person named {person!r}; `corridor people` lists them")
        sys.exit(1)


@people.command("merge")
@click.argument("keep", metavar="KEEP")
@click.argument("other", metavar="OTHER")
@db_option
@reviewer_options()
def people_merge(keep: str, other: str, db: str | None, author: str, why: str) -> None:
    """Merge person OTHER into KEEP (names or ids): one person from now on."""
    from .kb.review import Reviewer, merge_people

    with open_kb(group_db(db), must_exist=True) as kb:
        person_id = run_review(kb, lambda: merge_people(kb, keep, other, Reviewer(author, why)))
        hint = undo_hint(kb, "person", person_id)
    click.echo(f"merged into person {person_id}{hint}")


@people.command("split")
@click.argument("person", metavar="PERSON")
@click.option(
    "--name", "names", multiple=True, metavar="SPELLING", help="Chairs given under this spelling move."
)
@click.option("--country", metavar="COUNTRY", help="Chairs on this side move.")
@click.option(
    "--meeting", "meetings", multiple=True, type=int, metavar="ID", help="The chair at this meeting moves."
)
@db_option
@reviewer_options()
def people_split(
    person: str,
    names: tuple[str, ...],
    country: str | None,
    meetings: tuple[int, ...],
    db: str | None,
    author: str,
    why: str,
) -> None:
    """Split PERSON: chairs under --name spellings, on --country's side or at --meeting ids are another person."""
    from .kb.review import Reviewer, split_person

    with open_kb(group_db(db), must_exist=True) as kb:
        new_id, moved = run_review(
            kb, lambda: split_person(kb, person, names, country, Reviewer(author, why), meetings)
        )
        hint = undo_hint(kb, "person", new_id)
    click.echo(f"person {new_id} created; {moved} chair{'s' if moved != 1 else ''} moved{hint}")


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def reextract(db: str | None, fmt: str) -> None:
    """Extract every stored document again (after a lexicon or pipeline change) and say what changed.

    Corrections are kept: they are stored apart from what extraction found and apply to the
    rebuilt meetings. Prints one line per meeting added (+), removed (-) or changed (~), then
    a summary; a document whose extraction fails keeps its old facts, and the exit code is 1.
    """
    from .kb.reextract import reextract as rebuild

    with open_kb(db, must_exist=True) as kb:
        report = rebuild(kb)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
    for failure in report.failures:
        warn(f"{failure.source}: {failure.reason}")
    click.echo(report.summary(), err=True)
    if report.failures:
        sys.exit(1)


@main.command()
@db_option
@click.option("--host", metavar="ADDRESS", help="Address to listen on (else $CORRIDOR_HOST, else 127.0.0.1).")
@click.option(
    "--port", metavar="PORT", type=click.IntRange(0, 65535), help="Port (else $CORRIDOR_PORT, else 8000)."
)
@click.option(
    "--private", is_flag=True, default=None, help="Require a token for reading too ($CORRIDOR_PRIVATE=1)."
)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Server processes.")
def serve(db: str | None, host: str | None, port: int | None, private: bool | None, workers: int) -> None:
    """Serve the knowledge base as web pages (each with a .json twin) and a JSON API under /api/.

    Reading is open unless --private; writing needs a token from `corridor token create`.
    """
    import os

    import uvicorn

    from .web import WebConfig, create_app
    from .web.server import uvicorn_options

    open_kb(db, must_exist=True).close()
    try:
        config = WebConfig.from_settings(db, private)
        number = port if port is not None else int(settings.positive("port", example="8000"))
    except CorridorError as exc:
        warn(str(exc))
        sys.exit(2)
    address = settings.get("host", host)
    click.echo(f"Serving {config.db} on http://{address}:{number}/ (API at /api/docs)", err=True)
    if workers == 1:
        uvicorn.run(create_app(config), host=address, port=number, **uvicorn_options())
        return
    os.environ.update({"CORRIDOR_DB": config.db, "CORRIDOR_SECRET": config.secret})
    os.environ["CORRIDOR_PRIVATE"] = "1" if config.private else ""
    uvicorn.run(
        "corridor.web.app:app_from_environment",
        factory=True,
        host=address,
        port=number,
        workers=workers,
        **uvicorn_options(),
    )


@main.group()
def token() -> None:
    """Write tokens: the web API and forms accept writes only from their holders."""


@token.command("create")
@click.argument("name")
@db_option
def token_create(name: str, db: str | None) -> None:
    """Create a token called NAME and print it; only its hash is stored, so keep the printed value."""
    from .web.auth import new_token, token_hash

    secret = new_token()
    with open_kb(db) as kb:
        try:
            kb.create_token(name, token_hash(secret))
        except CorridorError as exc:
            warn(str(exc))
            sys.exit(2)
    click.echo(secret)


@token.command("list")
@db_option
def token_list(db: str | None) -> None:
    """List tokens by name, with when each was created and revoked."""
    with open_kb(db, must_exist=True) as kb:
        rows = kb.list_tokens()
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "live"
        click.echo(f"{row['name']}\tcreated {row['created_at']}\t{state}")
    if not rows:
        click.echo("(no tokens)")


@token.command("revoke")
@click.argument("name")
@db_option
def token_revoke(name: str, db: str | None) -> None:
    """Revoke the token called NAME; requests carrying it are refused from then on."""
    with open_kb(db, must_exist=True) as kb:
        try:
            kb.revoke_token(name)
        except CorridorError as exc:
            warn(str(exc))
            sys.exit(1)


def meeting_filter_options(func: Callable) -> Callable:
    """The filters of the web's meetings page, as options."""
    for option in reversed(
        (
            click.option("--mechanism", metavar="NAME", help="Key, name or alias of one mechanism."),
            click.option("--country", metavar="NAME", help="Host country or one of the parties."),
            click.option("--status", type=click.Choice(("held", "scheduled", "reference"))),
            click.option("--year", type=click.IntRange(1, 9999), help="Meetings dated in this year."),
        )
    ):
        func = option(func)
    return func


@main.command("export")
@click.option(
    "--format",
    "fmt",
    required=True,
    help="csv, jsonl, parquet, graphml, ics, plover, engagements-csv, engagements-jsonl or engagements-parquet.",
)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of standard output.")
@db_option
@meeting_filter_options
def export_command(
    fmt: str,
    output: str | None,
    db: str | None,
    mechanism: str | None,
    country: str | None,
    status: str | None,
    year: int | None,
) -> None:
    """Export meetings: CSV, JSON Lines, Parquet, GraphML network, iCalendar or PLOVER events.

    The same renderers serve the web's /export/FORMAT links.
    """
    from .export import FORMATS, export
    from .kb.storage import MeetingFilters

    if fmt not in FORMATS:
        raise click.BadParameter(
            f"{fmt!r} is not a format; one of {', '.join(FORMATS)}", param_hint="--format"
        )
    with open_kb(db, must_exist=True) as kb:
        mechanism_id = mechanism_id_of(kb, mechanism) if mechanism else None
        try:
            data = export(kb, fmt, MeetingFilters(mechanism_id, country, status, year))
        except CorridorError as exc:
            warn(str(exc))
            sys.exit(2)
    write_output(data, output)


def mechanism_id_of(kb: Any, name: str) -> int:
    """The id of the mechanism a key, name, alias or id names; exit 1 naming the problem when none or several."""
    from .errors import NotFoundError

    try:
        return int(name) if name.isdigit() and kb.get_mechanism(int(name)) else kb.find_mechanism(name)
    except NotFoundError as exc:
        warn(str(exc))
        sys.exit(1)


def write_output(data: bytes, output: str | None) -> None:
    """Bytes to a file, or to standard output."""
    if output:
        with open(output, "wb") as fh:
            fh.write(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@main.command()
@click.argument("mechanism")
@click.option(
    "--format", "fmt", type=click.Choice(("html", "pdf", "json")), default="html", show_default=True
)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of standard output.")
@db_option
def brief(mechanism: str, fmt: str, output: str | None, db: str | None) -> None:
    """A one-page brief before MECHANISM's next round (key, name, alias or id).

    Last rounds, chairs, the chairs' last contacts outside the rounds, open commitments,
    topic trend and conflicts to check.
    """
    from .export.brief import brief_data, render_html, render_pdf

    with open_kb(db, must_exist=True) as kb:
        data = brief_data(kb, mechanism_id_of(kb, mechanism))
    if fmt == "pdf":
        if not output and sys.stdout.isatty():
            raise click.UsageError("a PDF is binary: give -o FILE or redirect standard output")
        write_output(render_pdf(data), output)
    elif fmt == "json":
        write_output((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), output)
    else:
        write_output(render_html(data).encode("utf-8"), output)


# Command groups kept in modules of their own register themselves on `main` when imported.
from . import cli_engagements  # noqa: E402, F401


def run() -> None:
    """Entry point that turns library errors into a one-line message and exit code 2."""
    try:
        main(standalone_mode=True)
    except CorridorError as exc:
        warn(str(exc))
        sys.exit(2)


if __name__ == "__main__":
    run()
