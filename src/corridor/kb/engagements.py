"""Engagements across outlets: which stored engagement an account joins, and the values it shows.

Pure functions over plain records (dicts as `Engagement.to_json` gives them), no SQL: the
storage layer asks `same_engagement` of each candidate and `resolve` for the shown values.
An account joins an engagement of the same kind (meetings, courtesy calls and sideline
meetings count as one family) with the same people when their dates agree (a day either
way, or one of them undated) or when both happened on the trip of the same round.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from .people import name_key

MEETING_LIKE = frozenset({"meeting", "courtesy_call", "sideline_meeting"})
FIELDS = ("kind", "status", "date", "city", "country", "mode", "during")
STATUS_RANK = {"held": 2, "scheduled": 1, "reference": 0}


def participant_keys(record: dict[str, Any]) -> frozenset[str]:
    """Each participant as the people index keys a name; an office-only side by its title and country."""
    keys = set()
    for p in record.get("participants") or []:
        if p.get("name"):
            keys.add(name_key(p["name"]))
        elif p.get("title"):
            keys.add(f"office:{(p['title'] or '').casefold()}|{(p.get('country') or '').casefold()}")
    return frozenset(k for k in keys if k)


def pair_key(record: dict[str, Any]) -> str:
    """The two sides of an engagement, sorted ('China|Pakistan'); a visit's sides are visitor and host."""
    sides = {p.get("country") for p in record.get("participants") or [] if p.get("country")}
    if record.get("kind") == "visit" and record.get("country"):
        sides.add(record["country"])
    return "|".join(sorted(sides)) if len(sides) == 2 else ""


def _kinds_agree(a: str | None, b: str | None) -> bool:
    return a == b or (a in MEETING_LIKE and b in MEETING_LIKE)


def _covers(a: frozenset[str], b: frozenset[str]) -> bool:
    """Every person of `a` is someone of `b` ('Ma' is 'Ma Zhaoxu'; an office only itself)."""
    words_b = [frozenset(k.split()) for k in b if not k.startswith("office:")]
    for k in a:
        if k.startswith("office:"):
            if k not in b:
                return False
        elif not any(frozenset(k.split()) <= w or w <= frozenset(k.split()) for w in words_b):
            return False
    return True


def _dates_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    if len(a) == len(b) == 10:
        from datetime import date

        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 1
    return a.startswith(b) or b.startswith(a)


def same_engagement(
    account: dict[str, Any], stored: dict[str, Any], account_meeting: int | None, stored_meeting: int | None
) -> bool:
    """Whether an account tells of a stored engagement: same kind and people, same day or same trip."""
    if not _kinds_agree(account.get("kind"), stored.get("kind")):
        return False
    mine, theirs = participant_keys(account), participant_keys(stored)
    if not mine or not theirs or not (_covers(mine, theirs) or _covers(theirs, mine)):
        return False
    if account.get("kind") == "visit" and account.get("country") != stored.get("country"):
        return False
    if account_meeting is not None and account_meeting == stored_meeting:
        return True
    if not account.get("date") and not stored.get("date"):
        return account.get("status") == stored.get("status") or {
            account.get("status"),
            stored.get("status"),
        } == {"held", "scheduled"}
    return _dates_agree(account.get("date"), stored.get("date"))


def _specific(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def resolve(accounts: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """The values an engagement shows, and the fields its accounts disagree on.

    Reports over announcements (held over scheduled over references); for other fields
    the most specific value (a full date over a month), then the majority, then the first.
    """
    shown: dict[str, Any] = {}
    conflicts: list[str] = []
    for field in FIELDS:
        values: list[Any] = [a[field] for a in accounts if a.get(field) is not None]
        if not values:
            shown[field] = None
            continue
        if field == "status":
            shown[field] = max(values, key=lambda v: STATUS_RANK.get(v, -1))
            continue
        counts = Counter(values)
        shown[field] = max(values, key=lambda v: (_specific(v) if field == "date" else 0, counts[v]))
        distinct = set(values)
        if field == "date":
            distinct = {v for v in distinct if not any(o != v and o.startswith(v) for o in distinct)}
        if field == "kind":
            family = {"meeting" if v in MEETING_LIKE else v for v in distinct}
            if len(family) == 1 and len(distinct) > 1:
                shown[field] = next((v for v in values if v != "meeting"), values[0])
                distinct = {shown[field]}
        if len(distinct) > 1:
            conflicts.append(field)
    return shown, conflicts


def merge_participants(accounts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Everyone any account names, once each, with the fullest name, title and side given."""
    merged: dict[str, dict[str, Any]] = {}
    for a in accounts:
        for p in a.get("participants") or []:
            keys = participant_keys({"participants": [p]})
            if not keys:
                continue
            key = next(iter(keys))
            same = next((k for k in merged if _covers(frozenset({key}), frozenset({k}))), None)
            if same is None:
                merged[key] = {"name_key": key, **{f: p.get(f) for f in ("name", "title", "country")}}
                continue
            row = merged[same]
            for f in ("name", "title", "country"):
                if p.get(f) and (not row.get(f) or len(p[f]) > len(row[f] or "")):
                    row[f] = p[f]
    return list(merged.values())


REVIEWABLE = ("kind", "status", "date", "city", "country", "mode")


def review_key(shown: dict[str, Any], people: Sequence[dict[str, Any]], meeting_id: int | None) -> str:
    """What a reviewer's correction is filed under: the kind family, the people, and the date (else the
    round of the trip, else the status), as the accounts give them. Re-extracting a document gives the
    engagement a new id but the same key, so its corrections find it again."""
    kind = "meeting" if shown.get("kind") in MEETING_LIKE else str(shown.get("kind"))
    people_part = ",".join(sorted(participant_keys({"participants": list(people)})))
    when = shown.get("date") or (f"round:{meeting_id}" if meeting_id is not None else shown.get("status"))
    return f"{kind}|{people_part}|{when}"


def apply_corrections(
    shown: dict[str, Any], people: list[dict[str, Any]], corrections: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]], bool]:
    """The values an engagement shows once its reviewers' corrections (oldest first, undone ones left
    out) are applied over its accounts, its people, and whether it is rejected."""
    shown, rejected = dict(shown), False
    for c in corrections:
        if c["action"] in ("set", "confirm") and c["field"] == "participants":
            people = [{"name_key": participant_key(p), **p} for p in c["value"]]
        elif c["action"] in ("set", "confirm"):
            shown[c["field"]] = c["value"]
        elif c["action"] in ("reject", "restore"):
            rejected = c["action"] == "reject"
    return shown, people, rejected


def participant_key(p: dict[str, Any]) -> str:
    """The key of one participant (see `participant_keys`); '' for one with neither name nor office."""
    return next(iter(participant_keys({"participants": [p]})), "")
