"""Engagements as exports: one row or object per engagement, and PLOVER CONSULT events for the held ones.

Engagements follow the meetings' filters: a country (a side or the host), a status, a year,
and a mechanism (then only the engagements on the trips of its selected rounds).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..kb.storage import KnowledgeBase, MeetingFilters
from .plover import iso3

ENGAGEMENT_COLUMNS = (
    "id",
    "kind",
    "status",
    "date",
    "city",
    "country",
    "mode",
    "during",
    "meeting_id",
    "participants",
    "conflicts",
    "documents",
)


def select_engagements(
    kb: KnowledgeBase, filters: MeetingFilters, meetings: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The engagements the meetings' filters select, oldest first."""
    rows = kb.list_engagements(country=filters.country, limit=-1)
    if filters.status:
        rows = [e for e in rows if e["status"] == filters.status]
    if filters.year:
        rows = [e for e in rows if (e["date"] or "").startswith(str(filters.year))]
    if filters.mechanism is not None:
        ids = {m["id"] for m in meetings}
        rows = [e for e in rows if e["meeting_id"] in ids]
    return rows[::-1]


def engagement_row(e: dict[str, Any]) -> dict[str, Any]:
    """An engagement as one flat row; lists are joined with '; '."""
    people = "; ".join(
        ", ".join(x for x in (p["name"], p["title"], p["country"]) if x) for p in e["participants"]
    )
    return {
        **{k: e[k] for k in ENGAGEMENT_COLUMNS[:9]},
        "participants": people,
        "conflicts": "; ".join(e["conflicts"]),
        "documents": "; ".join(s["document_id"] for s in e["sources"]),
    }


def render_engagements_csv(kb: KnowledgeBase, engagements: list[dict[str, Any]]) -> bytes:
    from .formats import spreadsheet_safe

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ENGAGEMENT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for e in engagements:
        writer.writerow({k: spreadsheet_safe(v) for k, v in engagement_row(e).items()})
    return out.getvalue().encode("utf-8")


def render_engagements_jsonl(kb: KnowledgeBase, engagements: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in engagements).encode("utf-8")


def render_engagements_parquet(kb: KnowledgeBase, engagements: list[dict[str, Any]]) -> bytes:
    """The CSV columns, with participants as structs and conflicts and documents as lists."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        from ..errors import CorridorError

        raise CorridorError("Parquet needs pyarrow: pip install 'corridor[export]'") from exc
    person = pa.struct([("name", pa.string()), ("title", pa.string()), ("country", pa.string())])
    schema = pa.schema(
        [
            ("id", pa.int64()),
            *((name, pa.string()) for name in ENGAGEMENT_COLUMNS[1:8]),
            ("meeting_id", pa.int64()),
            ("participants", pa.list_(person)),
            ("conflicts", pa.list_(pa.string())),
            ("documents", pa.list_(pa.string())),
        ]
    )
    rows = [
        {
            **{k: e[k] for k in ENGAGEMENT_COLUMNS[:9]},
            "participants": [{f: p[f] for f in ("name", "title", "country")} for p in e["participants"]],
            "conflicts": list(e["conflicts"]),
            "documents": [s["document_id"] for s in e["sources"]],
        }
        for e in engagements
    ]
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), sink)
    return sink.getvalue()


def engagement_mode(e: dict[str, Any]) -> str:
    """'phone' for calls and video meetings, 'visit' in one side's land, else 'third-party'."""
    if e["kind"] == "call" or e["mode"] == "virtual":
        return "phone"
    sides = {p["country"] for p in e["participants"] if p["country"]}
    if e["kind"] == "visit" or (e["country"] and e["country"] in sides):
        return "visit"
    return "third-party"


def engagement_consult(e: dict[str, Any]) -> dict[str, Any]:
    """A held engagement as a PLOVER CONSULT: the visitor or first named side acts, the other receives."""
    sides: list[str] = []
    for p in e["participants"]:
        if p["country"] and p["country"] not in sides:
            sides.append(p["country"])
    if e["kind"] == "visit" and e["country"] and e["country"] not in sides:
        sides.append(e["country"])
    first, second = (sides + [None, None])[:2]
    return {
        "event_id": f"corridor-engagement-{e['id']}",
        "event_date": e["date"],
        "event_type": "CONSULT",
        "event_mode": engagement_mode(e),
        "contexts": [],
        "actor_name": first,
        "actor_country": iso3(first),
        "recipient_name": second,
        "recipient_country": iso3(second),
        "other_parties": sides[2:],
        "location": {"city": e["city"], "country": e["country"], "country_iso3": iso3(e["country"])},
        "mechanism": e["during"],
        "meeting_id": e["meeting_id"],
        "round": None,
        "engagement_id": e["id"],
        "engagement_kind": e["kind"],
        "participants": e["participants"],
        "story_ids": [s["document_id"] for s in e["sources"]],
        "sources": [s["title"] or s["document_id"] for s in e["sources"]],
    }


def render_plover_engagements(kb: KnowledgeBase, engagements: list[dict[str, Any]]) -> bytes:
    records = [engagement_consult(e) for e in engagements if e["status"] == "held"]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
