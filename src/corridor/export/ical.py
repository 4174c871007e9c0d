"""iCalendar (RFC 5545): one all-day event per meeting with a full date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..kb.storage import KnowledgeBase


def escape(text: str) -> str:
    """TEXT values escape backslash, semicolon, comma and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
        .replace("\r", "")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def event(m: dict[str, Any], stamp: str) -> list[str] | None:
    """The VEVENT lines of one meeting, or None when its day is not known."""
    try:
        day = date.fromisoformat(m["date"] or "")
    except ValueError:
        return None
    name = m["mechanism"]["name"] + (f" (round {m['ordinal']})" if m["ordinal"] is not None else "")
    place = ", ".join(x for x in (m["city"], m["country"]) if x) or (
        "video link" if m["mode"] == "virtual" else ""
    )
    chairs = "; ".join(c["name"] for c in m["chairs"])
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{m['id']}@corridor",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(name)}",
        f"STATUS:{'CONFIRMED' if m['status'] == 'held' else 'TENTATIVE'}",
    ]
    if place:
        lines.append(f"LOCATION:{escape(place)}")
    description = f"Status: {m['status']}; chairs: {chairs or '?'}"
    lines.append(f"DESCRIPTION:{escape(description)}")
    lines.append("END:VEVENT")
    return lines


def render_ics(kb: KnowledgeBase, meetings: list[dict[str, Any]]) -> bytes:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Corridor//Meetings//EN", "CALSCALE:GREGORIAN"]
    for m in meetings:
        lines += event(m, stamp) or []
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
