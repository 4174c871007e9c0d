"""A country pair's whole record: rounds of every mechanism between the two, engagements and designations.

One timeline in date order; a designation appears where it is first seen and, when a later
document still states it, where it is last seen.
"""

from __future__ import annotations

from typing import Any

from .storage import KnowledgeBase


def pair_countries(kb: KnowledgeBase, a: str, b: str) -> tuple[str, str]:
    """Two countries as the lexicon names them ('PK', 'Pakistani' and 'Pakistan' alike)."""
    from ..extract.lexicon import load_lexicon

    lex = load_lexicon()
    return _country(lex, a), _country(lex, b)


def _country(lex: Any, code: str) -> str:
    """A country name, alias, demonym or ISO code as the lexicon names the country."""
    found = lex.country(code)
    if found:
        return str(found)
    import pycountry

    try:
        entry = pycountry.countries.lookup(code)
    except LookupError:
        return code
    for name in (getattr(entry, "common_name", None), entry.name):
        if name and lex.country(name):
            return str(lex.country(name))
    return str(entry.name)


def pair_record(kb: KnowledgeBase, a: str, b: str) -> dict[str, Any]:
    """Rounds, engagements and designations of a pair, and the timeline that interleaves them."""
    a, b = pair_countries(kb, a, b)
    sides = {a.casefold(), b.casefold()}
    rounds = [
        m
        for m in kb.list_meetings(country=a)
        if {p.casefold() for p in m["mechanism"]["parties"]} == sides and not m.get("rejected")
    ]
    engagements = kb.list_engagements(pair=(a, b))
    designations = kb.pair_designations(a, b)
    timeline: list[dict[str, Any]] = []
    for m in rounds:
        timeline.append(
            {
                "date": m["date"],
                "type": "round",
                "id": m["id"],
                "what": f"{_ordinal(m['ordinal'])}{m['mechanism']['name']}",
                "status": m["status"],
                "place": ", ".join(x for x in (m["city"], m["country"]) if x) or None,
                "people": [c["name"] for c in m["chairs"]],
            }
        )
    round_dates = {m["id"]: m["date"] for m in rounds}
    for e in engagements:
        timeline.append(
            {
                "date": e["date"],
                "on": e["date"]
                or round_dates.get(e["meeting_id"]),  # an undated contact sits on its trip's round
                "type": "engagement",
                "id": e["id"],
                "what": e["kind"].replace("_", " ") + (f" during {e['during']}" if e["during"] else ""),
                "status": e["status"],
                "place": ", ".join(x for x in (e["city"], e["country"]) if x) or None,
                "people": [p["name"] or p["title"] for p in e["participants"]],
            }
        )
    for d in designations:
        timeline.append(
            {
                "date": d["first_seen"],
                "type": "designation",
                "id": d["id"],
                "what": f"first called {d['label']}",
            }
        )
        if d["last_seen"] and d["last_seen"] != d["first_seen"]:
            timeline.append(
                {
                    "date": d["last_seen"],
                    "type": "designation",
                    "id": d["id"],
                    "what": f"last called {d['label']}",
                }
            )
    order = {"round": 0, "engagement": 1, "designation": 2}
    timeline.sort(
        key=lambda t: (t.get("on", t["date"]) is None, t.get("on", t["date"]) or "", order[t["type"]])
    )
    return {
        "countries": [a, b],
        "rounds": rounds,
        "engagements": engagements,
        "designations": designations,
        "timeline": timeline,
    }


def _ordinal(n: int | None) -> str:
    if n is None:
        return ""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} "
