"""What each page shows, as plain JSON-ready dicts: the HTML page and its .json twin render the same dict."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import settings
from ..errors import InputError
from ..kb.cadence import next_round
from ..kb.conflicts import field_conflicts, meeting_conflicts
from ..kb.people import office_key
from ..kb.storage import MERGED_FIELDS, KnowledgeBase, MeetingFilters, SearchQuery
from ..kb.timeline import missing_rounds, round_order

Data = dict[str, Any]


def overview(kb: KnowledgeBase) -> Data:
    """The front page: latest meetings, the busiest mechanisms and the meetings whose sources disagree."""
    latest, total = kb.page_meetings(MeetingFilters(), limit=10)
    mechanisms = sorted(
        kb.list_mechanisms(), key=lambda m: (-m["meetings"], -_year(m["last_date"]), m["name"])
    )
    conflicts = meeting_conflicts(kb.conflicting_reports(limit=50))[:10]
    return {
        "counts": {t: kb.count(t) for t in ("documents", "mechanisms", "meetings", "statements")},
        "latest_meetings": latest,
        "mechanisms_by_activity": mechanisms[:15],
        "open_conflicts": [{**c, "meeting_record": kb.get_meeting(c["meeting"])} for c in conflicts],
    }


def _year(value: str | None) -> int:
    return int(value[:4]) if value and value[:4].isdigit() else 0


def mechanisms(kb: KnowledgeBase) -> Data:
    return {"mechanisms": kb.list_mechanisms()}


def mechanism(
    kb: KnowledgeBase,
    mechanism_id: int,
    today: date | None = None,
    topics: Callable[[], dict[str, dict[str, int]]] | None = None,
) -> Data:
    """A mechanism's rounds in order, the round numbers no source reports, its next round and topics
    (from `topics` when given, which a page uses to keep them between requests)."""
    record = kb.get_mechanism(mechanism_id)
    shown = [m for m in kb.mechanism_meetings(mechanism_id) if not m.get("rejected")]
    rounds = sorted(shown, key=round_order)
    ordinals = [m["ordinal"] for m in rounds if m["ordinal"] is not None]
    return {
        "mechanism": record,
        "rounds": rounds,
        "gaps": missing_rounds(ordinals),
        "next_round": next_round(rounds, today or date.today()),
        "topics": topics() if topics else mechanism_topics(kb, mechanism_id),
        "conflicts": meeting_conflicts(kb.conflicting_reports(mechanism_id)),
    }


def mechanism_topics(kb: KnowledgeBase, mechanism_id: int) -> dict[str, dict[str, int]]:
    """{year: {topic: statements}} of one mechanism's rounds."""
    return topic_trajectory(kb.topic_counts(mechanism_id))


def topic_trajectory(rows: list[Data]) -> dict[str, dict[str, int]]:
    """{year: {topic: statements}} from `topic_counts` rows."""
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r["year"], {})[r["topic"]] = r["n"]
    return out


def meetings_page(
    kb: KnowledgeBase, filters: MeetingFilters, limit: int, offset: int, sort: str = "-date"
) -> Data:
    items, total = kb.page_meetings(filters, limit, offset, sort)
    return {**page(items, total, limit, offset), "sort": sort}


def meetings_page_json(
    kb: KnowledgeBase, filters: MeetingFilters, limit: int, offset: int, sort: str = "-date"
) -> str:
    """`meetings_page` as JSON text, its meetings written by the knowledge base without building objects."""
    items, total = kb.page_meetings_json(filters, limit, offset, sort)
    rest = {**page([], total, limit, offset), "sort": sort}
    del rest["items"]
    after = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))  # '{"total":...}'
    return f'{{"items":[{",".join(items)}],{after[1:]}'


TABLE_FILTERS = ("mechanism", "party", "status", "year", "host", "chair")


def meetings_table(kb: KnowledgeBase, filters: MeetingFilters, limit: int, offset: int, sort: str) -> Data:
    """The meetings table: a page of meetings in the order asked, with facet counts over every match."""
    return {
        **meetings_page(kb, filters, limit, offset, sort),
        "filters": {name: getattr(filters, name) for name in (*TABLE_FILTERS, "country", "since", "until")},
        "facets": kb.meeting_facets(filters),
    }


TABLE_COLUMNS = ("id", "mechanism", "round", "date", "status", "place", "chairs", "sources")


def table_rows(items: list[Data]) -> list[dict[str, Any]]:
    """The meetings table's rows as its columns show them (for the table's CSV)."""
    return [
        {
            "id": m["id"],
            "mechanism": m["mechanism"]["name"],
            "round": m["ordinal"],
            "date": m["date"],
            "status": m["status"],
            "place": ("video link; " if m["mode"] == "virtual" else "")
            + ", ".join(v for v in (m["city"], m["country"]) if v),
            "chairs": "; ".join(
                c["name"]
                + (
                    f" ({', '.join(v for v in (c['title'], c['country']) if v)})"
                    if c["title"] or c["country"]
                    else ""
                )
                for c in m["chairs"]
            ),
            "sources": len(m["sources"]),
        }
        for m in items
    ]


def page(items: list[Data], total: int, limit: int, offset: int) -> Data:
    """A page of a listing with the offsets of its neighbours (None at either end)."""
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if offset + limit < total else None,
        "previous_offset": max(0, offset - limit) if offset > 0 else None,
    }


def meeting(kb: KnowledgeBase, meeting_id: int) -> Data:
    """One meeting: each field with the sources that give it, the conflicts between them, and the sources' texts."""
    record = kb.get_meeting(meeting_id)
    reports = record["reports"]
    fields = []
    for name in MERGED_FIELDS:
        given = [
            {
                "document": r["document"],
                "source": r["source"],
                "label": r["label"],
                "value": r["meeting"].get(name),
                "evidence": field_evidence(r["meeting"], name),
            }
            for r in reports
            if r["meeting"].get(name) is not None
        ]
        fields.append({"field": name, "value": record[name], "sources": given})
    return {
        "meeting": record,
        "fields": fields,
        "conflicts": field_conflicts(reports),
        "engagements": kb.list_engagements(meeting_id=meeting_id),
    }


def pair(kb: KnowledgeBase, code: str) -> Data:
    """A country pair ('PK-CN', 'Pakistan-China'): rounds of every mechanism, engagements, designations."""
    from ..kb.pairs import pair_record

    first, sep, second = code.partition("-")
    if not sep or not first or not second:
        raise InputError(f"pair {code!r}", "write two countries joined by a hyphen, as in PK-CN")
    return pair_record(kb, first.replace("_", " "), second.replace("_", " "))


EVIDENCE_NAMES = {"city": "venue", "country": "venue", "mode": "venue", "ordinal": "round"}


def field_evidence(record: Data, name: str) -> Data | None:
    """Where a report states a field; place fields share the evidence of the venue."""
    spans = record.get("field_evidence") or {}
    return spans.get(name) or spans.get(EVIDENCE_NAMES.get(name, name))  # type: ignore[no-any-return]


def person(kb: KnowledgeBase, person_id: int) -> Data:
    """A person's offices over time: each office once however its title is worded, each meeting once
    (under the fullest title its sources gave there)."""
    record = kb.get_person(person_id)
    at: dict[Any, Data] = {}  # one row per meeting (or per document, for offices of no meeting)
    for office in record["offices"]:
        place = office["meeting_id"] or ("document", office["document_id"])
        kept = at.setdefault(place, office)
        if len(office["title"] or "") > len(kept["title"] or ""):
            at[place] = {**office, "country": kept["country"] or office["country"]}
    periods: dict[tuple[str, str], Data] = {}
    for office in at.values():
        period = periods.setdefault(
            office_key(office["title"], office["country"]),
            {
                "title": office["title"],
                "country": office["country"],
                "from": None,
                "to": None,
                "meetings": [],
            },
        )
        if office["date"]:
            period["from"] = min(d for d in (period["from"], office["date"]) if d)
            period["to"] = max(d for d in (period["to"], office["date"]) if d)
        period["meetings"].append(_office_meeting(office))
    offices = sorted(periods.values(), key=lambda p: (p["from"] is None, p["from"] or ""))
    return {
        "person": {"id": record["id"], "name": record["name"]},
        "offices": offices,
        "engagements": kb.person_engagements(person_id),
    }


def _office_meeting(office: Data) -> Data:
    keys = ("meeting_id", "date", "status", "ordinal", "mechanism_id", "mechanism", "document_id")
    return {k: office[k] for k in keys}


def document(kb: KnowledgeBase, document_id: str) -> Data:
    return {"document": kb.get_document(document_id)}


def search(kb: KnowledgeBase, query: SearchQuery, limit: int, offset: int) -> Data:
    """Hits of one scope, newest first, with the words found marked, and facet counts.

    `total` is counted up to a cap (`total_capped` says it was reached); `facets_from` says how
    many of the newest hits the facets were counted over when not all of them.
    """
    found = kb.search(query, limit, offset)
    listing = page(found["results"], found["total"], limit, offset)
    filters = {k: getattr(query, k) for k in ("country", "mechanism", "year", "topic")}
    return {
        "query": query.text,
        "scope": query.scope,
        "filters": filters,
        **listing,
        "total_capped": found["total_capped"],
        "facets": found["facets"],
        "facets_from": found["facets_from"],
        "filtered_from": found["filtered_from"],
    }


@lru_cache(maxsize=4)
def frameworks(lexicon: str) -> dict[str, Any]:
    """CPEC 2.0's corridors, Pakistan's 5Es and the sectors, as the topics lexicon names them."""
    from ..extract.lexicon import load_file

    topics = load_file("topics.yaml", tuple(Path(p) for p in lexicon.split(":") if p))
    members = {
        name: list(spec.get("members") or {}) for name, spec in (topics.get("frameworks") or {}).items()
    }
    return {
        "corridors": members.get("cpec2_corridors", []),
        "five_es": members.get("five_es", []),
        "sectors": list(topics.get("sectors") or {}),
    }


def framework(kb: KnowledgeBase, year: int | None = None) -> Data:
    """How many statements touch each corridor together with each E and each sector, in all and per year."""
    names = frameworks(settings.get("lexicon"))
    columns = [*names["five_es"], *names["sectors"]]
    rows = kb.topic_pairs(names["corridors"], columns)
    years = sorted({r["year"] for r in rows if r["year"]})
    cells: dict[str, dict[str, int]] = {row: dict.fromkeys(columns, 0) for row in names["corridors"]}
    by_year: dict[str, dict[str, dict[str, int]]] = {}
    for r in rows:
        by_year.setdefault(r["year"] or "unknown", {}).setdefault(r["row"], {})[r["col"]] = r["n"]
        if year is None or r["year"] == f"{year:04d}":
            cells[r["row"]][r["col"]] += r["n"]
    return {
        "rows": names["corridors"],
        "columns": columns,
        "five_es": names["five_es"],
        "sectors": names["sectors"],
        "year": year,
        "years": years,
        "matrix": cells,
        "by_year": by_year,
    }


def topic_label(topic: str) -> str:
    """'growth_corridor' -> 'Growth corridor', 'e_exports' -> 'E: exports'."""
    if topic.startswith("e_"):
        return "E: " + topic[2:].replace("_", " ").replace("pakistan", "Pakistan")
    return topic.replace("_", " ").capitalize()
