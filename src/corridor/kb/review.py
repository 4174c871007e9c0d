"""Review: an analyst's corrections, and the list of values most worth checking.

A correction is stored with who made it, when and why, and wins over whatever extraction
says: a field set or confirmed by a reviewer keeps that value however many sources later
disagree; a rejected meeting stays hidden when new reports of it arrive; merged or split
mechanisms and people stay that way through re-ingestion and `corridor reextract`.

Every correction is checked before anything is written: a meeting or field that does not
exist, a date that is not a date or a round 0 is refused with a message, and the base is
left as it was.

The review list puts first what most deserves a look: disagreements between sources
before values only weakly supported; rounds and dates before venues, venues before the
mode; then the weakest values and the meetings most reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import CorridorError, NotFoundError
from .merge import FIELDS, LOW_CONFIDENCE
from .storage import KnowledgeBase

STATUSES = ("held", "scheduled")
MODES = {"in_person": "in_person", "in person": "in_person", "in-person": "in_person", "virtual": "virtual"}
CLEAR = ("null", "none", "-")
FIELD_WEIGHT = {"ordinal": 5, "date": 5, "status": 4, "city": 3, "country": 3, "mode": 2}


class ReviewError(CorridorError):
    """A correction that cannot be applied; the message says what would be accepted."""


@dataclass(frozen=True, slots=True)
class Reviewer:
    """Who makes a correction and why; both are stored with it."""

    author: str
    reason: str

    def __post_init__(self) -> None:
        if not self.author.strip():
            raise ReviewError("a correction needs its author; pass --by NAME")
        if not (self.reason or "").strip():
            raise ReviewError("a correction needs its reason; pass --why TEXT")


# -- checking values --------------------------------------------------------------------------


def parse_value(field: str, raw: str) -> Any:
    """The stored form of a value a reviewer typed for a field, or ReviewError saying what fits."""
    if field not in FIELDS:
        raise ReviewError(f"no field {field!r}; a meeting's fields are {', '.join(SETTABLE)}")
    text = raw.strip()
    if text.casefold() in CLEAR and field != "status":
        return None
    return _PARSERS[field](text)


def _status(text: str) -> str:
    if text.casefold() not in STATUSES:
        raise ReviewError(f"status {text!r} is not one of {', '.join(STATUSES)}")
    return text.casefold()


def _ordinal(text: str) -> int:
    if not re.fullmatch(r"\d+", text) or int(text) < 1:
        raise ReviewError(f"round {text!r} is not a round number; write a whole number from 1")
    return int(text)


def _date(text: str) -> str:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if match is None:
        raise ReviewError(f"{text!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year or 0, month or 1, day or 1)
    except ValueError as exc:
        raise ReviewError(f"{text!r} is not a date ({exc}); write YYYY-MM-DD, YYYY-MM or YYYY") from exc
    return text


def _place(text: str) -> str:
    if not text or not any(ch.isalpha() for ch in text):
        raise ReviewError(f"{text!r} is not a place name; write the name, or 'null' to clear it")
    return " ".join(text.split())


def _mode(text: str) -> str:
    mode = MODES.get(text.casefold())
    if mode is None:
        raise ReviewError(f"mode {text!r} is not one of in_person, virtual (or 'null')")
    return mode


_PARSERS = {
    "status": _status,
    "ordinal": _ordinal,
    "date": _date,
    "city": _place,
    "country": _place,
    "mode": _mode,
}


def _meeting(kb: KnowledgeBase, meeting_id: int) -> None:
    if not kb.meeting_exists(meeting_id):
        raise NotFoundError(f"no meeting with id {meeting_id}; `corridor meetings` lists the ids")


# -- meetings --------------------------------------------------------------------------------------


def set_field(kb: KnowledgeBase, meeting_id: int, field: str, raw: str, who: Reviewer) -> dict[str, Any]:
    """Set one field of a meeting; the value holds against every source, present and future.

    Besides the merged fields: 'chairs' ("NAME | TITLE | SIDE; ..."), 'parties' (of the
    meeting's mechanism, "A; B") and 'mechanism' (moves the meeting to another one).
    """
    _meeting(kb, meeting_id)
    if field in OTHER_FIELDS:
        return OTHER_FIELDS[field](kb, meeting_id, raw, who)
    value = parse_value(field, raw)
    with kb.transaction():
        kb.add_correction("meeting", meeting_id, "set", who.author, who.reason, field, value)
        kb.refresh_meeting(meeting_id)
    return kb.get_meeting(meeting_id)


def confirm(kb: KnowledgeBase, meeting_id: int, fields: Sequence[str], who: Reviewer) -> dict[str, Any]:
    """Confirm the values a meeting shows now (all of them when no field is named)."""
    _meeting(kb, meeting_id)
    for name in fields:
        if name not in FIELDS:
            raise ReviewError(f"no field {name!r}; the fields one confirms are {', '.join(FIELDS)}")
    current = kb.get_meeting(meeting_id)
    chosen = list(fields) or [f for f in FIELDS if current[f] is not None]
    with kb.transaction():
        for name in chosen:
            kb.add_correction("meeting", meeting_id, "confirm", who.author, who.reason, name, current[name])
        kb.refresh_meeting(meeting_id)
    return kb.get_meeting(meeting_id)


def reject(kb: KnowledgeBase, meeting_id: int, who: Reviewer, *, restore: bool = False) -> dict[str, Any]:
    """Hide a meeting that is not a real meeting (or show it again); new reports of it stay hidden."""
    _meeting(kb, meeting_id)
    with kb.transaction():
        kb.add_correction("meeting", meeting_id, "restore" if restore else "reject", who.author, who.reason)
        kb.refresh_meeting(meeting_id)
    return kb.get_meeting(meeting_id)


# -- chairs, parties, the mechanism, splits and merges -------------------------------------------


def _person_for(kb: KnowledgeBase, name: str) -> tuple[int, str]:
    """The person a chair's name (or id) picks out, a new person when it picks out none."""
    ids = kb.person_ids(name)
    if len(ids) > 1:
        raise ReviewError(f"{name!r} names {len(ids)} people (ids {', '.join(map(str, ids))}); give the id")
    if ids:
        return ids[0], kb.list_people(str(ids[0]))[0]["name"] if name.isdigit() else name.strip()
    if name.isdigit() or not any(ch.isalpha() for ch in name):
        raise ReviewError(f"{name!r} is no person's name or id; `corridor people` lists them")
    return kb.add_person(name.strip()), name.strip()


def _chair(kb: KnowledgeBase, name: str, title: str | None, side: str | None) -> dict[str, Any]:
    person, shown = _person_for(kb, name)
    return {
        "name": shown,
        "person": person,
        "title": (title or "").strip() or None,
        "country": (side or "").strip() or None,
    }


def parse_chairs(kb: KnowledgeBase, raw: str) -> list[dict[str, Any]]:
    """Chairs typed as 'NAME | TITLE | SIDE; NAME | TITLE | SIDE' (title and side may be left out)."""
    if raw.strip().casefold() in CLEAR:
        return []
    chairs = []
    for part in (p for p in raw.split(";") if p.strip()):
        name, title, side, *rest = [*(x.strip() for x in part.split("|")), "", ""]
        if rest and any(rest):
            raise ReviewError(f"{part.strip()!r}: write a chair as NAME | TITLE | SIDE")
        chairs.append(_chair(kb, name, title, side))
    return chairs


def _set_chairs(kb: KnowledgeBase, meeting_id: int, raw: str, who: Reviewer) -> dict[str, Any]:
    chairs = parse_chairs(kb, raw)
    with kb.transaction():
        kb.add_correction("meeting", meeting_id, "set", who.author, who.reason, "chairs", chairs)
    return kb.get_meeting(meeting_id)


def _set_parties(kb: KnowledgeBase, meeting_id: int, raw: str, who: Reviewer) -> dict[str, Any]:
    parties = [" ".join(p.split()) for p in re.split(r"[;,]", raw) if p.strip()]
    if not parties or not all(any(ch.isalpha() for ch in p) for p in parties):
        raise ReviewError(f"{raw!r} names no parties; write them as 'Pakistan; China'")
    mechanism_id = kb.meeting_mechanism(meeting_id)
    before = kb.mechanism_row(mechanism_id)["parties"]
    with kb.transaction():
        kb.set_parties(mechanism_id, parties)
        kb.add_correction(
            "mechanism",
            mechanism_id,
            "set",
            who.author,
            who.reason,
            "parties",
            {"from": before, "to": parties},
        )
    return kb.get_meeting(meeting_id)


def _set_mechanism(kb: KnowledgeBase, meeting_id: int, raw: str, who: Reviewer) -> dict[str, Any]:
    return kb.get_meeting(move_meeting(kb, meeting_id, raw, who))


def move_meeting(kb: KnowledgeBase, meeting_id: int, mechanism: str, who: Reviewer) -> int:
    """Put a meeting under another mechanism (joining its meeting of the same round); returns its id."""
    _meeting(kb, meeting_id)
    target, source = find_mechanism(kb, mechanism), kb.meeting_mechanism(meeting_id)
    if target == source:
        raise ReviewError(f"meeting {meeting_id} is already a meeting of mechanism {target}")
    with kb.transaction():
        moved = kb.move_meeting(meeting_id, target)
        kb.add_correction(
            "meeting",
            moved,
            "move",
            who.author,
            who.reason,
            "mechanism",
            {"from": source, "to": target, "id": meeting_id},
        )
    return moved


OTHER_FIELDS = {"chairs": _set_chairs, "parties": _set_parties, "mechanism": _set_mechanism}
SETTABLE = (*FIELDS, *OTHER_FIELDS)
CHAIR_CHANGES = ("add", "remove", "edit")


def correct_chair(
    kb: KnowledgeBase,
    meeting_id: int,
    change: str,
    person: str,
    who: Reviewer,
    *,
    name: str | None = None,
    title: str | None = None,
    side: str | None = None,
) -> dict[str, Any]:
    """Add a chair to a meeting, remove one, or change one's name, title or side."""
    _meeting(kb, meeting_id)
    if change not in CHAIR_CHANGES:
        raise ReviewError(f"a chair is changed by one of {', '.join(CHAIR_CHANGES)}, not {change!r}")
    if change == "add":
        value = _chair(kb, person, title, side)
    else:
        chair = _chair_at(kb, meeting_id, person)
        value = {"person": chair["person"], "name": chair["name"]}
        if change == "edit":
            if name is None and title is None and side is None:
                raise ReviewError("say what changes: --name, --title or --side")
            if name is not None and name.strip() and name.strip() != chair["name"]:
                found = kb.person_ids(name)
                value = {
                    **value,
                    "name": name.strip(),
                    "as": found[0] if len(found) == 1 else chair["person"],
                }
            value.update(
                {k: v.strip() or None for k, v in (("title", title), ("country", side)) if v is not None}
            )
    with kb.transaction():
        kb.add_correction("meeting", meeting_id, f"chair-{change}", who.author, who.reason, "chairs", value)
    return kb.get_meeting(meeting_id)


def _chair_at(kb: KnowledgeBase, meeting_id: int, person: str) -> dict[str, Any]:
    """The chair of a meeting a person id or name picks out, or an error listing its chairs."""
    chairs = kb.get_meeting(meeting_id)["chairs"]
    ids = set(kb.person_ids(person))
    found = [
        c
        for c in chairs
        if c["person"] in ids or " ".join(c["name"].split()).casefold() == " ".join(person.split()).casefold()
    ]
    if len(found) != 1:
        shown = "; ".join(f"{c['person']}: {c['name']}" for c in chairs) or "none"
        raise ReviewError(f"{person!r} is not one chair of meeting {meeting_id}; its chairs are {shown}")
    return found[0]


def _documents_of(kb: KnowledgeBase, meeting_id: int, given: Sequence[str]) -> list[str]:
    """Documents of a meeting named by id, id prefix or source name."""
    known = kb.meeting_documents(meeting_id)
    picked: list[str] = []
    for name in given:
        hits = [
            d["id"]
            for d in known
            if d["id"] == name or d["source"] == name or (len(name) >= 6 and d["id"].startswith(name))
        ]
        if len(hits) != 1:
            shown = ", ".join(f"{d['source']} ({d['id'][:8]})" for d in known)
            raise ReviewError(
                f"{name!r} is not one document of meeting {meeting_id}; its documents are {shown}"
            )
        picked.append(hits[0])
    return list(dict.fromkeys(picked))


def split_meeting(kb: KnowledgeBase, meeting_id: int, documents: Sequence[str], who: Reviewer) -> int:
    """What some documents report becomes a meeting of its own, now and after re-extraction; returns its id."""
    _meeting(kb, meeting_id)
    if not documents:
        raise ReviewError("say which documents report the other meeting: --document ID")
    picked = _documents_of(kb, meeting_id, documents)
    if len(picked) == len(kb.meeting_documents(meeting_id)):
        raise ReviewError(f"every document of meeting {meeting_id} would move; leave it at least one")
    with kb.transaction():
        new_id = kb.split_meeting(meeting_id, picked)
        kb.add_correction(
            "meeting",
            new_id,
            "split",
            who.author,
            who.reason,
            None,
            {"from": meeting_id, "documents": picked},
        )
    return new_id


def merge_meetings(kb: KnowledgeBase, keep: int, other: int, who: Reviewer) -> int:
    """Two stored meetings are one: `other`'s sources, chairs and statements join `keep`."""
    _meeting(kb, keep)
    _meeting(kb, other)
    if keep == other:
        raise ReviewError(f"meeting {keep} is one meeting already")
    documents = [d["id"] for d in kb.meeting_documents(other)]
    with kb.transaction():
        kb.fold_meeting(keep, other)
        kb.add_correction(
            "meeting", keep, "merge", who.author, who.reason, None, {"id": other, "documents": documents}
        )
    return keep


def undo(kb: KnowledgeBase, correction_id: int, who: Reviewer) -> dict[str, Any]:
    """Take back one correction: it stays in the history, marked undone, and stops applying.

    A split meeting joins its meeting again, merged ones part, a moved one goes back, parties
    and names return to what they were. A merge, split or rename of people or mechanisms puts
    back exactly the rows it changed (meetings under their mechanism or person, names,
    aliases), or is refused while a later correction of the same rows stands. Returns the
    undo as recorded.
    """
    done = kb.correction(correction_id)
    if done["undone_by"] is not None:
        raise ReviewError(f"correction {correction_id} was undone already (by {done['undone_by']})")
    reverse = _reverse_of(kb, done)
    with kb.transaction():
        reverse(kb, done)
        undo_id = kb.add_correction(
            done["target"], done["target_id"], "undo", who.author, who.reason, done["field"],
            {"id": correction_id, "action": done["action"]},
        )  # fmt: skip
        kb.mark_undone(correction_id, undo_id)
        for part in _parts_of(kb, done):
            kb.mark_undone(part, undo_id)
        if done["target"] == "meeting" and kb.meeting_exists(done["target_id"]):
            kb.refresh_meeting(done["target_id"])
    return kb.correction(undo_id)


def can_undo(correction: dict[str, Any]) -> bool:
    """Whether `undo` takes this correction back (not undone, of a kind it knows, its rows noted if need be)."""
    key = (correction["target"], correction["action"], correction["field"])
    if correction["undone_by"] is not None or key not in UNDOABLE:
        return False
    return key not in JOURNAL_ONLY or bool(correction.get("journaled"))


def _reverse_of(kb: KnowledgeBase, done: dict[str, Any]) -> Callable[[KnowledgeBase, dict[str, Any]], None]:
    key = (done["target"], done["action"], done["field"])
    if done.get("journaled"):
        later = kb.later_corrections_on(done["id"])
        if later:
            raise ReviewError(
                f"correction {done['id']} changed rows that later corrections changed again;"
                f" undo {', '.join(map(str, reversed(later)))} first"
            )
        return _restore
    reverse = _REVERSE.get(key)
    if reverse is None:
        raise ReviewError(
            f"a {done['target']} {done['action']} cannot be undone here; correct it again"
            " (merge what was split, split what was merged)"
        )
    return reverse


def _restore(kb: KnowledgeBase, done: dict[str, Any]) -> None:
    if done["action"] == "split" and done["target"] in ("person", "mechanism"):
        kb.return_to_origin(done["target"], done["target_id"], done["value"]["from"], done["id"])
    kb.restore_changed_rows(done["id"])


def _parts_of(kb: KnowledgeBase, done: dict[str, Any]) -> list[int]:
    """Corrections made as part of this one: the meetings a mechanism split moved, each noted."""
    if (done["target"], done["action"]) != ("mechanism", "split"):
        return []
    moved = set(done["value"].get("meetings", []))
    return [
        c["id"]
        for c in kb.corrections("meeting")
        if c["id"] > done["id"]
        and (c["action"], c["field"], c["value"]) == ("set", "mechanism", done["target_id"])
        and c["target_id"] in moved
        and c["undone_by"] is None
    ]


def _nothing(kb: KnowledgeBase, done: dict[str, Any]) -> None:
    """Corrections that apply while they are not undone need no more than the mark."""


def _unsplit(kb: KnowledgeBase, done: dict[str, Any]) -> None:
    if kb.meeting_exists(done["value"]["from"]) and kb.meeting_exists(done["target_id"]):
        kb.fold_meeting(done["value"]["from"], done["target_id"])


def _unmerge(kb: KnowledgeBase, done: dict[str, Any]) -> None:
    present = {d["id"] for d in kb.meeting_documents(done["target_id"])}
    documents = [d for d in done["value"]["documents"] if d in present]
    if documents and len(documents) < len(present):
        kb.split_meeting(done["target_id"], documents)


def _unmove(kb: KnowledgeBase, done: dict[str, Any]) -> None:
    if kb.meeting_exists(done["target_id"]):
        kb.move_meeting(done["target_id"], done["value"]["from"])


def _unset_parties(kb: KnowledgeBase, done: dict[str, Any]) -> None:
    kb.set_parties(done["target_id"], done["value"]["from"])


def _unrename(kb: KnowledgeBase, done: dict[str, Any]) -> None:
    kb.rename_mechanism(done["target_id"], done["value"]["from"])


_REVERSE: dict[tuple[str, str, str | None], Callable[[KnowledgeBase, dict[str, Any]], None]] = {
    **{("meeting", action, field): _nothing for action in ("set", "confirm") for field in FIELDS},
    **{("meeting", action, None): _nothing for action in ("reject", "restore")},
    **{
        ("meeting", action, "chairs"): _nothing
        for action in ("set", "chair-add", "chair-remove", "chair-edit")
    },
    ("meeting", "split", None): _unsplit,
    ("meeting", "merge", None): _unmerge,
    ("meeting", "move", "mechanism"): _unmove,
    ("mechanism", "set", "parties"): _unset_parties,
    ("mechanism", "rename", "name"): _unrename,
}
# Corrections undone only by putting back the rows they changed, noted when they were made.
JOURNAL_ONLY = frozenset(
    (target, action, None) for target in ("mechanism", "person") for action in ("merge", "split")
)
UNDOABLE = frozenset(_REVERSE) | JOURNAL_ONLY  # (target, action, field) of the corrections `undo` takes back


# -- mechanisms ------------------------------------------------------------------------------------


def find_mechanism(kb: KnowledgeBase, name: str) -> int:
    """The one mechanism a name, key, alias or id picks out, or an error naming the candidates."""
    ids = kb.mechanism_ids(name)
    if not ids:
        raise NotFoundError(f"no mechanism named {name!r}; `corridor mechanisms` lists them")
    if len(ids) > 1:
        names = "; ".join(f"{i}: {kb.mechanism_row(i)['name']}" for i in ids[:6])
        raise ReviewError(f"{name!r} names {len(ids)} mechanisms ({names}); give the id")
    return ids[0]


def rename_mechanism(kb: KnowledgeBase, name: str, new_name: str, who: Reviewer) -> int:
    """Rename a mechanism; the old name stays an alias. Returns its id."""
    mechanism_id = find_mechanism(kb, name)
    if not new_name.strip():
        raise ReviewError("the new name is empty")
    with kb.transaction():
        old = kb.mechanism_row(mechanism_id)["name"]
        with kb.journal() as changes:
            kb.rename_mechanism(mechanism_id, new_name.strip())
        done = kb.add_correction(
            "mechanism", mechanism_id, "rename", who.author, who.reason, "name", {"from": old, "to": new_name}
        )
        kb.keep_changes(done, changes)
    return mechanism_id


def merge_mechanisms(kb: KnowledgeBase, keep: str, other: str, who: Reviewer) -> int:
    """Make `other` part of `keep`: its names find `keep` from now on, its rounds join `keep`'s."""
    keep_id, other_id = find_mechanism(kb, keep), find_mechanism(kb, other)
    if keep_id == other_id:
        raise ReviewError(f"{keep!r} and {other!r} are the same mechanism ({keep_id})")
    with kb.transaction():
        gone = kb.mechanism_row(other_id)
        with kb.journal() as changes:
            kb.merge_mechanisms(keep_id, other_id)
        done = kb.add_correction(
            "mechanism",
            keep_id,
            "merge",
            who.author,
            who.reason,
            None,
            {"id": other_id, "key": gone["key"], "name": gone["name"]},
        )
        kb.keep_changes(done, changes)
    return keep_id


def split_mechanism(
    kb: KnowledgeBase,
    name: str,
    new_name: str,
    aliases: Sequence[str],
    meetings: Sequence[int],
    who: Reviewer,
) -> tuple[int, list[int]]:
    """Take the rounds reported under `aliases` (and `meetings`) out into a mechanism of their own."""
    mechanism_id = find_mechanism(kb, name)
    if not new_name.strip():
        raise ReviewError("the new mechanism needs a name; pass --name")
    if not aliases and not meetings:
        raise ReviewError("say what moves: --alias NAME (reports naming it) or --meeting ID")
    for meeting_id in meetings:
        _meeting(kb, meeting_id)
        if kb.meeting_mechanism(meeting_id) != mechanism_id:
            raise ReviewError(f"meeting {meeting_id} is not a meeting of mechanism {mechanism_id}")
    with kb.transaction():
        with kb.journal() as changes:
            new_id, moved = kb.split_mechanism(mechanism_id, new_name.strip(), list(aliases), list(meetings))
        done = kb.add_correction(
            "mechanism",
            new_id,
            "split",
            who.author,
            who.reason,
            None,
            {"from": mechanism_id, "aliases": list(aliases), "meetings": moved},
        )
        kb.keep_changes(done, changes)
        for meeting_id in moved:
            kb.add_correction("meeting", meeting_id, "set", who.author, who.reason, "mechanism", new_id)
    return new_id, moved


# -- people ----------------------------------------------------------------------------------------------


def find_person(kb: KnowledgeBase, name: str) -> int:
    """The one person a name (any spelling, any order) or id picks out."""
    ids = kb.person_ids(name)
    if not ids:
        raise NotFoundError(f"no person named {name!r}; `corridor people` lists them")
    if len(ids) > 1:
        raise ReviewError(f"{name!r} names {len(ids)} people (ids {', '.join(map(str, ids))}); give the id")
    return ids[0]


def merge_people(kb: KnowledgeBase, keep: str, other: str, who: Reviewer) -> int:
    """Make two people one; their spellings resolve to `keep` from now on."""
    keep_id, other_id = find_person(kb, keep), find_person(kb, other)
    if keep_id == other_id:
        raise ReviewError(f"{keep!r} and {other!r} are already one person ({keep_id})")
    with kb.transaction():
        with kb.journal() as changes:
            kb.merge_people(keep_id, other_id)
        done = kb.add_correction(
            "person", keep_id, "merge", who.author, who.reason, None, {"id": other_id, "name": other}
        )
        kb.keep_changes(done, changes)
    return keep_id


def split_person(
    kb: KnowledgeBase,
    person: str,
    names: Sequence[str],
    country: str | None,
    who: Reviewer,
    meetings: Sequence[int] = (),
) -> tuple[int, int]:
    """Chairs under some spellings, on one side or at some meetings are another person, now and later."""
    person_id = find_person(kb, person)
    if not names and not country and not meetings:
        raise ReviewError("say who the other person is: --name SPELLING, --country COUNTRY or --meeting ID")
    for meeting_id in meetings:
        _meeting(kb, meeting_id)
    with kb.transaction():
        with kb.journal() as changes:
            new_id, moved = kb.split_person(person_id, list(names), country, list(meetings))
        done = kb.add_correction(
            "person",
            new_id,
            "split",
            who.author,
            who.reason,
            None,
            {"from": person_id, "names": list(names), "country": country, "meetings": list(meetings)},
        )
        kb.keep_changes(done, changes)
    return new_id, moved


# -- what to check ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One value worth a reviewer's look: a disagreement or a weakly supported value."""

    meeting: dict[str, Any]
    field: str
    kind: str  # conflict | low confidence
    value: Any
    confidence: float
    claimed: list[Any]

    @property
    def priority(self) -> tuple[int, int, float, int]:
        """Conflicts first, then the field's weight, the weakest value, the most reported meeting."""
        return (
            int(self.kind == "conflict"),
            FIELD_WEIGHT.get(self.field, 1),
            -self.confidence,
            len(self.meeting["sources"]),
        )

    def to_json(self) -> dict[str, Any]:
        m = self.meeting
        return {
            "meeting": m["id"],
            "mechanism": m["mechanism"]["name"],
            "ordinal": m["ordinal"],
            "date": m["date"],
            "field": self.field,
            "kind": self.kind,
            "value": self.value,
            "confidence": self.confidence,
            "claimed": self.claimed,
            "sources": m["sources"],
        }


def review_items(kb: KnowledgeBase, limit: int = 50, threshold: float = LOW_CONFIDENCE) -> list[ReviewItem]:
    """Conflicts and low-confidence values not yet settled by a reviewer, most important first."""
    items: list[ReviewItem] = []
    for meeting in kb.review_candidates(threshold):
        settled = {c["field"] for c in meeting["corrections"] if c["action"] in ("set", "confirm")}
        confidence = meeting["confidence"]
        for name in FIELDS:
            if name in settled:
                continue
            if name in meeting["conflicts"]:
                items.append(
                    ReviewItem(
                        meeting,
                        name,
                        "conflict",
                        meeting[name],
                        confidence.get(name, 0.0),
                        meeting["conflicts"][name],
                    )
                )
            elif name in confidence and confidence[name] < threshold:
                items.append(
                    ReviewItem(
                        meeting, name, "low confidence", meeting[name], confidence[name], [meeting[name]]
                    )
                )
    items.sort(key=lambda item: item.priority, reverse=True)
    return items[:limit]
