"""A one-page brief before a mechanism's next round: recent rounds, chairs and their last contacts,
commitments, topics, conflicts.

`brief_data` gathers it; `render_html` and `render_pdf` lay it out, so the CLI and the web give the same brief.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..kb.cadence import next_round
from ..kb.conflicts import meeting_conflicts
from ..kb.storage import KnowledgeBase
from ..kb.timeline import missing_rounds, round_order
from .plover import AGREE_KINDS

RECENT = 3
CONTACTS = 5
NO_CONTACTS = "No contact between the chairs on record outside the rounds."
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)


def brief_data(kb: KnowledgeBase, mechanism_id: int, today: date | None = None) -> dict[str, Any]:
    """Everything the brief shows, as plain data (also the JSON form of the brief)."""
    mechanism = kb.get_mechanism(mechanism_id)
    meetings = sorted(
        (m for m in kb.mechanism_meetings(mechanism_id) if not m.get("rejected")), key=round_order
    )
    held = [m for m in meetings if m["status"] == "held"]
    recent = held[-RECENT:]
    recent_ids = {m["id"] for m in recent}
    commitments = [s for s in kb.list_statements(AGREE_KINDS, mechanism_id) if s["meeting_id"] in recent_ids]
    chairs = _chairs(recent)
    return {
        "mechanism": mechanism,
        "today": (today or date.today()).isoformat(),
        "next_round": next_round(meetings, today or date.today()),
        "last_rounds": recent[::-1],
        "chairs": chairs,
        "chair_contacts": chair_contacts(kb, chairs),
        "open_commitments": [
            {
                "meeting_id": s["meeting_id"],
                "date": s["meeting_date"],
                "kind": s["kind"],
                "topics": s["topics"],
                "text": s["evidence"][0]["text"],
                "source": s["source"],
            }
            for s in commitments
        ],
        "topic_trend": topic_trend(kb.topic_counts(mechanism_id)),
        "gaps": missing_rounds([m["ordinal"] for m in meetings if m["ordinal"] is not None]),
        "conflicts": meeting_conflicts(kb.conflicting_reports(mechanism_id)),
    }


def _chairs(meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Who chaired the recent rounds, latest round first, once each."""
    seen: dict[str, dict[str, Any]] = {}
    for m in reversed(meetings):
        for c in m["chairs"]:
            seen.setdefault(c["name"], {**c, "last_round": m["ordinal"], "last_date": m["date"]})
    return list(seen.values())


def chair_contacts(kb: KnowledgeBase, chairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The last held engagements in which chairs of two sides took part, newest first.

    A chair whose side is not reported counts as the counterpart of any other chair.
    """
    sides = {c["person"]: (c.get("country") or "").casefold() for c in chairs if c.get("person")}
    if len(sides) < 2:
        return []
    found = []
    for e in kb.people_engagements(sides, status="held"):
        if _across_sides([sides[p] for p in e["people"]]):
            found.append(_contact(e))
            if len(found) == CONTACTS:
                break
    return found


def _across_sides(sides: list[str]) -> bool:
    return any(a != b or not a for i, a in enumerate(sides) for b in sides[i + 1 :])


def _contact(e: dict[str, Any]) -> dict[str, Any]:
    return {
        "engagement_id": e["id"],
        "kind": e["kind"].replace("_", " "),
        "date": e["date"],
        "place": _place(e),
        "participants": e["participants"],
        "during": e["during"],
        "sources": e["sources"],
    }


def _place(e: dict[str, Any]) -> str:
    where = ", ".join(x for x in (e["city"], e["country"]) if x)
    if e["mode"] == "virtual":
        return f"video link ({where})" if where else "video link"
    return where or ("by phone" if e["kind"] == "call" else "place not reported")


def contact_text(c: dict[str, Any]) -> tuple[str, str]:
    """A contact as two lines of text: what, when, where and who; then the sources that report it."""
    people = "; ".join(
        ", ".join(x for x in (p["name"] or p["title"], p["country"]) if x) for p in c["participants"]
    )
    sources = "; ".join(
        f"{s['title'] or s['document_id']} ({s['published'] or 'undated'})" for s in c["sources"]
    )
    return (
        f"{c['date'] or 'date unknown'}  {c['kind']}  {c['place']}  {people}",
        f"Source: {sources or 'not recorded'}",
    )


def topic_trend(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per topic: statements in the latest year with any, against the yearly average before it."""
    years = sorted({r["year"] for r in rows})
    if not years:
        return []
    latest, earlier = years[-1], years[:-1]
    topics: dict[str, dict[str, int]] = {}
    for r in rows:
        topics.setdefault(r["topic"], {})[r["year"]] = r["n"]
    trend = []
    for topic, per_year in topics.items():
        before = sum(per_year.get(y, 0) for y in earlier) / len(earlier) if earlier else 0.0
        now = per_year.get(latest, 0)
        direction = (
            "new" if not before and now else "up" if now > before else "down" if now < before else "steady"
        )
        trend.append(
            {
                "topic": topic,
                "latest_year": latest,
                "latest": now,
                "average_before": round(before, 1),
                "trend": direction,
            }
        )
    return sorted(trend, key=lambda t: (-t["latest"], -t["average_before"], t["topic"]))


def render_html(data: dict[str, Any]) -> str:
    """A standalone HTML page (its style inline) that prints on one page."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("corridor.export", "templates"), autoescape=select_autoescape(default=True)
    )
    return env.get_template("brief.html").render(data=data, no_contacts=NO_CONTACTS)


def render_pdf(data: dict[str, Any]) -> bytes:
    """The brief as a PDF, in DejaVu Sans where installed, else a core font with unmappable letters as '?'."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    family, text = _font(pdf)
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(value: str, size: float = 9, style: str = "") -> None:
        pdf.set_font(family, style, size)
        pdf.multi_cell(width, size * 0.5, text(value), new_x="LMARGIN", new_y="NEXT")

    for size, style, value in _pdf_lines(data):
        if size == 0:
            pdf.ln(2)
        else:
            line(value, size, style)
    return bytes(pdf.output())


def _font(pdf: Any) -> tuple[str, Any]:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold))
            return "DejaVu", str
    return "Helvetica", lambda s: s.encode("latin-1", "replace").decode("latin-1")


def _pdf_lines(data: dict[str, Any]) -> list[tuple[float, str, str]]:
    """The brief as (font size, style, text) lines; size 0 is a gap."""
    m = data["mechanism"]
    nxt = data["next_round"]
    out: list[tuple[float, str, str]] = [
        (15, "B", f"Brief: {m['name']}"),
        (9, "", f"Parties: {', '.join(m['parties']) or '?'}   Prepared {data['today']}"),
        (0, "", ""),
        (11, "B", "Next round"),
        (9, "", _next_text(nxt)),
        (0, "", ""),
        (11, "B", "Last rounds"),
    ]
    for r in data["last_rounds"] or [
        {"ordinal": None, "date": None, "city": None, "chairs": [], "none": True}
    ]:
        if r.get("none"):
            out.append((9, "", "No round held on record."))
            continue
        chairs = "; ".join(c["name"] for c in r["chairs"]) or "chairs not reported"
        out.append(
            (
                9,
                "",
                f"Round {r['ordinal'] or '?'}  {r['date'] or 'date unknown'}  {r['city'] or ''}  {chairs}",
            )
        )
    out += [(0, "", ""), (11, "B", "Chairs")]
    out += [
        (9, "", ", ".join(x for x in (c["name"], c.get("title"), c.get("country")) if x))
        for c in data["chairs"]
    ]
    out += [(0, "", ""), (11, "B", "Last contacts between the chairs")]
    for c in data["chair_contacts"]:
        what, sources = contact_text(c)
        out += [(9, "", what), (8, "", f"    {sources}")]
    if not data["chair_contacts"]:
        out.append((9, "", NO_CONTACTS))
    out += [(0, "", ""), (11, "B", "Open commitments")]
    out += [(9, "", f"- {c['text']}") for c in data["open_commitments"]] or [(9, "", "None recorded.")]
    out += [(0, "", ""), (11, "B", "Topic trend")]
    out += [
        (
            9,
            "",
            f"{t['topic']}: {t['latest']} in {t['latest_year']} (before: {t['average_before']}/year, {t['trend']})",
        )
        for t in data["topic_trend"][:8]
    ] or [(9, "", "No statements with topics.")]
    out += [(0, "", ""), (11, "B", "Conflicts to check")]
    out += [
        (
            9,
            "",
            f"Meeting {c['meeting']}: "
            + "; ".join(
                f"{x['field']}: " + " vs ".join(str(v["value"]) for v in x["values"]) for x in c["conflicts"]
            ),
        )
        for c in data["conflicts"]
    ] or [(9, "", "None.")]
    if data["gaps"]:
        out += [(0, "", ""), (9, "", "Rounds no source reports: " + ", ".join(map(str, data["gaps"])))]
    return out


def _next_text(nxt: dict[str, Any] | None) -> str:
    if not nxt:
        return "Not enough dated rounds to expect one."
    number = f"Round {nxt['ordinal']}" if nxt.get("ordinal") else "The next round"
    return f"{number} expected {nxt.get('date') or 'on a date not yet known'} ({nxt['basis']})."
