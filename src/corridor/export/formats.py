"""Each export format is a function from the selected meetings (and their statements) to bytes.

Adding a format is adding one renderer to FORMATS; the CLI and the web list them from there.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import CorridorError
from ..kb.storage import KnowledgeBase, MeetingFilters
from .engagements import (
    render_engagements_csv,
    render_engagements_jsonl,
    render_engagements_parquet,
    render_plover_engagements,
    select_engagements,
)
from .graph import render_graphml
from .ical import render_ics
from .plover import render_plover

Meeting = dict[str, Any]

CSV_COLUMNS = (
    "id",
    "mechanism_key",
    "mechanism",
    "programme",
    "parties",
    "status",
    "ordinal",
    "date",
    "city",
    "country",
    "mode",
    "chairs",
    "documents",
)


@dataclass(frozen=True, slots=True)
class Export:
    """One format: its file extension, media type, what it holds, and its renderer."""

    name: str
    extension: str
    media_type: str
    help: str
    render: Callable[[KnowledgeBase, list[Meeting]], bytes]
    of: str = "meetings"  # what `render` is given: the selected meetings, or the selected engagements
    # records of the selected engagements appended to the meetings' (PLOVER's CONSULT events)
    and_engagements: Callable[[KnowledgeBase, list[dict[str, Any]]], bytes] | None = None


def flat_row(m: Meeting) -> dict[str, Any]:
    """A meeting as one flat row; lists are joined with '; '."""
    chairs = "; ".join(
        ", ".join(x for x in (c["name"], c.get("title"), c.get("country")) if x) for c in m["chairs"]
    )
    return {
        "id": m["id"],
        "mechanism_key": m["mechanism"]["key"],
        "mechanism": m["mechanism"]["name"],
        "programme": m["mechanism"]["programme"],
        "parties": "; ".join(m["mechanism"]["parties"]),
        "status": m["status"],
        "ordinal": m["ordinal"],
        "date": m["date"],
        "city": m["city"],
        "country": m["country"],
        "mode": m["mode"],
        "chairs": chairs,
        "documents": "; ".join(m["documents"]),
    }


def spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def render_csv(kb: KnowledgeBase, meetings: list[Meeting]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for m in meetings:
        writer.writerow({k: spreadsheet_safe(v) for k, v in flat_row(m).items()})
    return out.getvalue().encode("utf-8")


def render_jsonl(kb: KnowledgeBase, meetings: list[Meeting]) -> bytes:
    return "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in meetings).encode("utf-8")


def render_parquet(kb: KnowledgeBase, meetings: list[Meeting]) -> bytes:
    """The CSV columns, with parties, chair names and documents as lists."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise CorridorError("Parquet needs pyarrow: pip install 'corridor[export]'") from exc
    rows = [
        {
            **flat_row(m),
            "parties": list(m["mechanism"]["parties"]),
            "chairs": [c["name"] for c in m["chairs"]],
            "documents": list(m["documents"]),
        }
        for m in meetings
    ]
    schema = pa.schema(
        [
            ("id", pa.int64()),
            *((name, pa.string()) for name in ("mechanism_key", "mechanism", "programme")),
            ("parties", pa.list_(pa.string())),
            ("status", pa.string()),
            ("ordinal", pa.int64()),
            *((name, pa.string()) for name in ("date", "city", "country", "mode")),
            ("chairs", pa.list_(pa.string())),
            ("documents", pa.list_(pa.string())),
        ]
    )
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), sink)
    return sink.getvalue()


FORMATS: dict[str, Export] = {
    e.name: e
    for e in (
        Export("csv", "csv", "text/csv; charset=utf-8", "one row per meeting", render_csv),
        Export("jsonl", "jsonl", "application/x-ndjson", "one meeting object per line", render_jsonl),
        Export(
            "parquet",
            "parquet",
            "application/vnd.apache.parquet",
            "meetings as a Parquet table",
            render_parquet,
        ),
        Export(
            "graphml",
            "graphml",
            "application/graphml+xml",
            "people, mechanisms and countries as a network",
            render_graphml,
        ),
        Export(
            "ics",
            "ics",
            "text/calendar; charset=utf-8",
            "iCalendar: one all-day event per dated meeting",
            render_ics,
        ),
        Export(
            "plover",
            "plover.jsonl",
            "application/x-ndjson",
            "PLOVER event records: CONSULT per meeting and engagement, AGREE per commitment",
            render_plover,
            and_engagements=render_plover_engagements,
        ),
        Export(
            "engagements-csv",
            "engagements.csv",
            "text/csv; charset=utf-8",
            "one row per engagement",
            render_engagements_csv,
            of="engagements",
        ),
        Export(
            "engagements-jsonl",
            "engagements.jsonl",
            "application/x-ndjson",
            "one engagement object per line",
            render_engagements_jsonl,
            of="engagements",
        ),
        Export(
            "engagements-parquet",
            "engagements.parquet",
            "application/vnd.apache.parquet",
            "engagements as a Parquet table",
            render_engagements_parquet,
            of="engagements",
        ),
    )
}


def export_meetings(kb: KnowledgeBase, filters: MeetingFilters) -> list[Meeting]:
    """Every meeting the filters select, oldest first."""
    items, _ = kb.page_meetings(filters, limit=-1)
    return items[::-1]


def export(kb: KnowledgeBase, fmt: str, filters: MeetingFilters | None = None) -> bytes:
    """The selected meetings rendered in one format; CorridorError names the formats there are."""
    if fmt not in FORMATS:
        raise CorridorError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    spec, filters = FORMATS[fmt], filters or MeetingFilters()
    meetings = export_meetings(kb, filters)
    if spec.of == "engagements":
        return spec.render(kb, select_engagements(kb, filters, meetings))
    data = spec.render(kb, meetings)
    if spec.and_engagements is not None:
        data += spec.and_engagements(kb, select_engagements(kb, filters, meetings))
    return data
