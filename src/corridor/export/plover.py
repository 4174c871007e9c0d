"""PLOVER-style event records, so meetings and commitments can be joined with POLECAT.

A held meeting is a CONSULT between its parties; an 'agree' or 'commit' statement is an
AGREE. Countries carry ISO 3166 alpha-3 codes where one is known, as POLECAT's do.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ..kb.storage import KnowledgeBase

AGREE_KINDS = ("agree", "commit")


@lru_cache(maxsize=512)
def iso3(country: str | None) -> str | None:
    """The alpha-3 code of a country name, or None for organisations and names not known."""
    if not country:
        return None
    import pycountry

    try:
        return str(pycountry.countries.lookup(country).alpha_3)
    except LookupError:
        pass
    try:
        found = pycountry.countries.search_fuzzy(country)
    except LookupError:
        return None
    first = found[0] if found else None
    return str(first.alpha_3) if first is not None and hasattr(first, "alpha_3") else None


def consult_mode(m: dict[str, Any]) -> str:
    """'phone' for video or phone, 'visit' when hosted by one of the parties, else 'third-party'."""
    if m.get("mode") == "virtual":
        return "phone"
    return "visit" if m.get("country") in m["mechanism"]["parties"] else "third-party"


def actors(parties: list[str]) -> dict[str, Any]:
    first, second = (parties + [None, None])[:2]
    return {
        "actor_name": first,
        "actor_country": iso3(first),
        "recipient_name": second,
        "recipient_country": iso3(second),
        "other_parties": parties[2:],
    }


def consult(m: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": f"corridor-meeting-{m['id']}",
        "event_date": m["date"],
        "event_type": "CONSULT",
        "event_mode": consult_mode(m),
        "contexts": [m["mechanism"]["programme"]] if m["mechanism"]["programme"] else [],
        **actors(list(m["mechanism"]["parties"])),
        "location": {"city": m["city"], "country": m["country"], "country_iso3": iso3(m["country"])},
        "mechanism": m["mechanism"]["name"],
        "meeting_id": m["id"],
        "round": m["ordinal"],
        "story_ids": list(m["documents"]),
        "sources": list(m["sources"]),
    }


def agree(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": f"corridor-statement-{s['id']}",
        "event_date": s["meeting_date"] or s["published"],
        "event_type": "AGREE",
        "event_mode": None,
        "contexts": s["topics"],
        **actors(list(s["parties"])),
        "location": {
            "city": s["city"],
            "country": s["meeting_country"],
            "country_iso3": iso3(s["meeting_country"]),
        },
        "mechanism": s["mechanism"],
        "meeting_id": s["meeting_id"],
        "statement_kind": s["kind"],
        "text": s["evidence"][0]["text"],
        "story_ids": [s["document_id"]],
        "sources": [s["source"]],
    }


def render_plover(kb: KnowledgeBase, meetings: list[dict[str, Any]]) -> bytes:
    """CONSULT for every held meeting selected, then AGREE for the commitments made at them."""
    held = [m for m in meetings if m["status"] == "held"]
    ids = {m["id"] for m in held}
    records = [consult(m) for m in held]
    records += [agree(s) for s in kb.list_statements(AGREE_KINDS) if s["meeting_id"] in ids]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
