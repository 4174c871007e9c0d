"""One record per real meeting: which stored meeting an account joins, and which value it shows.

An account joins the stored meeting of the same mechanism and round; without a round
number, the one of the same mechanism and date (a day either way, for datelines; a month
or year joins the one meeting inside it; an announcement and a report within three weeks
of each other, for postponements). A text's unnumbered "next round" is the round after the
one it reports held. Otherwise the account starts a meeting.

Every document's account of a meeting is kept; each of its fields is a *claim* with its
source. The meeting shows, per field, the value chosen by this rule:

1. a reviewer's correction, when there is one;
2. reports of the meeting (held, or recalled as held later) over announcements of it, so
   a meeting announced for one day and reported held on another shows the day it was held;
3. specific over vague: a full date over a month or a year (a vaguer claim that agrees,
   "2024-03" with "2024-03-12", counts for the more specific one);
4. official sources over news agencies over other outlets (lexicon/outlets.yaml);
5. the majority of documents;
6. the value reported first.

A field whose reports disagree (values that cannot both be true) is a *conflict*. The
status is 'held' as soon as any document reports the meeting held or recalls it as an
earlier round; a meeting known only from announcements is 'scheduled'. Disagreement on
status is progress, not a conflict.

Plain functions over plain records: storage feeds them rows and writes back the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from ..model import Meeting

FIELDS = ("status", "ordinal", "date", "city", "country", "mode")
REPORTED = ("held", "reference")

# How far one account is relied on by what it is: a report of the meeting itself, a
# recollection of it as an earlier round, or an announcement made before it.
ACCOUNT_TRUST = {"held": 1.0, "reference": 0.85, "scheduled": 0.75}
LOW_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class Claim:
    """One document's value for one field of a meeting."""

    field: str
    value: str
    account: str  # the status the document gave the meeting: held | scheduled | reference
    rank: int  # the document's outlet rank; higher is believed first
    document: str
    order: int  # when the document was stored; earlier first
    trust: float = 0.65


@dataclass(frozen=True, slots=True)
class Choice:
    """The value a meeting shows for one field, and how sure that is."""

    value: Any
    confidence: float
    conflict: list[Any] = field(default_factory=list)  # every disputed value, the chosen one first
    corrected: bool = False


# -- comparing values -----------------------------------------------------------------------


def norm(value: str) -> str:
    """Case and spacing do not make two values different."""
    return " ".join(value.casefold().split())


def specificity(field_name: str, value: str) -> int:
    """How precise a value is: a full date 3, a month 2, a year 1; other fields 1."""
    return value.count("-") + 1 if field_name == "date" else 1


def agrees(field_name: str, vague: str, precise: str) -> bool:
    """Whether a claim of `vague` supports `precise`: equal, or a month/year containing the day."""
    if norm(vague) == norm(precise):
        return True
    return field_name == "date" and precise.startswith(vague + "-")


def compatible(field_name: str, a: str, b: str) -> bool:
    """Whether two values can both be true of one meeting."""
    return agrees(field_name, a, b) or agrees(field_name, b, a)


def tier(account: str) -> int:
    """Reports of the meeting rank above announcements of it."""
    return 1 if account in REPORTED else 0


# -- choosing --------------------------------------------------------------------------------


def choose(field_name: str, claims: Sequence[Claim]) -> Choice | None:
    """The value the meeting shows for one field, by the rule in the module docstring."""
    if not claims:
        return None
    if field_name == "status":
        return _choose_status(claims)
    normed = [(norm(c.value), c) for c in sorted(claims, key=lambda c: c.order)]
    candidates: dict[str, str] = {}
    for key, claim in normed:
        candidates.setdefault(key, claim.value)
    best = max(candidates, key=lambda key: _score(field_name, key, normed))
    chosen = candidates[best]
    return Choice(
        _typed(field_name, chosen),
        _confidence(field_name, chosen, claims),
        _conflict(field_name, chosen, claims),
    )


def _score(field_name: str, key: str, normed: Sequence[tuple[str, Claim]]) -> tuple[int, int, int, int, int]:
    """The rule's order for one candidate value (already normalised), given every claim."""
    support = [c for n, c in normed if n == key or (field_name == "date" and key.startswith(n + "-"))]
    exact = [c.order for n, c in normed if n == key]
    return (
        max(tier(c.account) for c in support),
        specificity(field_name, key),
        max(c.rank for c in support),
        len({c.document for c in support}),
        -min(exact),
    )


def _choose_status(claims: Sequence[Claim]) -> Choice:
    held = [c for c in claims if c.account in REPORTED]
    value = "held" if held else "scheduled"
    return Choice(value, _reliability(held or list(claims)))


def _typed(field_name: str, value: str) -> Any:
    return int(value) if field_name == "ordinal" else value


def _considered(claims: Sequence[Claim]) -> list[Claim]:
    """Claims of the best tier present: announcements do not dispute a report of the meeting."""
    best = max(tier(c.account) for c in claims)
    return [c for c in claims if tier(c.account) == best]


def _conflict(field_name: str, chosen: str, claims: Sequence[Claim]) -> list[Any]:
    rivals: list[str] = []
    for claim in sorted(_considered(claims), key=lambda c: c.order):
        if not compatible(field_name, claim.value, chosen) and all(
            norm(claim.value) != norm(r) for r in rivals
        ):
            rivals.append(claim.value)
    return [_typed(field_name, v) for v in [chosen, *rivals]] if rivals else []


def _reliability(claims: Iterable[Claim]) -> float:
    """How sure independent reports make a value: 1 - the chance that all of them are wrong."""
    doubt = 1.0
    for claim in {c.document: c for c in claims}.values():
        doubt *= 1.0 - claim.trust * ACCOUNT_TRUST.get(claim.account, 0.75)
    return 1.0 - doubt


def _confidence(field_name: str, chosen: str, claims: Sequence[Claim]) -> float:
    considered = _considered(claims)
    support = [c for c in claims if compatible(field_name, c.value, chosen)]
    against = [c for c in considered if not compatible(field_name, c.value, chosen)]
    weight_for = sum(c.trust for c in support)
    weight_against = sum(c.trust for c in against)
    share = weight_for / (weight_for + weight_against) if weight_for + weight_against else 0.0
    return round(_reliability(support) * share, 3)


@dataclass(frozen=True, slots=True)
class Resolution:
    """A meeting's shown values, the fields in conflict, and how sure each value is."""

    values: dict[str, Any]
    confidence: dict[str, float]
    conflicts: dict[str, list[Any]]
    corrected: set[str]

    @property
    def lowest_confidence(self) -> float:
        """The weakest shown value not settled by a reviewer; 1.0 when all are settled."""
        open_ = [v for k, v in self.confidence.items() if k not in self.corrected]
        return min(open_, default=1.0)


def resolve(claims: Iterable[Claim], corrections: dict[str, Any] | None = None) -> Resolution:
    """Every field's shown value: a correction where a reviewer set one, else the rule's choice."""
    corrections = corrections or {}
    by_field: dict[str, list[Claim]] = {}
    for claim in claims:
        by_field.setdefault(claim.field, []).append(claim)
    values: dict[str, Any] = dict.fromkeys(FIELDS)
    confidence: dict[str, float] = {}
    conflicts: dict[str, list[Any]] = {}
    for name in FIELDS:
        choice = choose(name, by_field.get(name, []))
        if name in corrections:
            values[name] = corrections[name]
            confidence[name] = 1.0
            continue
        if choice is None:
            continue
        values[name] = choice.value
        confidence[name] = round(choice.confidence, 3)
        if choice.conflict:
            conflicts[name] = choice.conflict
    if values["status"] is None:
        values["status"] = "held"
    return Resolution(values, confidence, conflicts, set(corrections))


# -- chairs ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChairClaim:
    """One document's naming of one person as a chair of the meeting."""

    person: int
    name: str
    title: str | None
    country: str | None
    account: str
    rank: int
    order: int


def choose_chairs(claims: Sequence[ChairClaim]) -> list[dict[str, Any]]:
    """One chair per person (with the person's id), in the order first named; title and side chosen like any field.

    Among titles, a longer one (more of the office named) counts as the more specific.
    """
    people: dict[int, list[ChairClaim]] = {}
    for claim in sorted(claims, key=lambda c: c.order):
        people.setdefault(claim.person, []).append(claim)
    return [
        {
            "name": group[0].name,
            "person": group[0].person,
            "title": _best_text([(c.title, c) for c in group], by_length=True),
            "country": _best_text([(c.country, c) for c in group], by_length=False),
        }
        for group in people.values()
    ]


CHAIR_ACTIONS = ("set", "chair-add", "chair-remove", "chair-edit")


def correct_chairs(
    chairs: Sequence[dict[str, Any]], corrections: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The chairs a meeting shows once reviewers' chair corrections (oldest first) are applied.

    'set' replaces the list; 'chair-add' adds a chair (or replaces that person's); 'chair-remove'
    drops one; 'chair-edit' changes one's name, title or side (or who they are). Undone
    corrections do not apply. A corrected chair says so, so pages can mark it.
    """
    out = [dict(c) for c in chairs]
    for correction in corrections:
        if correction.get("field") != "chairs" or correction.get("undone_by"):
            continue
        action, value = correction["action"], correction["value"]
        if action == "set":
            out = [{**c, "corrected": True} for c in value]
        elif action == "chair-add":
            out = [c for c in out if c["person"] != value["person"]] + [{**value, "corrected": True}]
        elif action == "chair-remove":
            out = [c for c in out if c["person"] != value["person"]]
        elif action == "chair-edit":
            changes = {k: v for k, v in value.items() if k in ("name", "title", "country")}
            changes["person"] = value.get("as", value["person"])
            out = [{**c, **changes, "corrected": True} if c["person"] == value["person"] else c for c in out]
    return out


def _best_text(pairs: list[tuple[str | None, ChairClaim]], *, by_length: bool) -> str | None:
    """The value best supported, each spelling of one value supporting it; the first written wins ties."""
    support: dict[str, list[ChairClaim]] = {}
    first: dict[str, str] = {}
    for value, claim in pairs:
        if value:
            key = norm(value)
            support.setdefault(key, []).append(claim)
            first.setdefault(key, value)
    if len(support) < 2:  # no value, or every source agrees
        return next(iter(first.values()), None)

    def score(key: str) -> tuple[int, int, int, int, int]:
        claims = support[key]
        return (
            max(tier(c.account) for c in claims),
            len(key.split()) if by_length else 0,
            max(c.rank for c in claims),
            len(claims),
            -min(c.order for c in claims),
        )

    return first[max(support, key=score)]


# -- the rounds a document implies ---------------------------------------------------------------


def number_next_rounds(meetings: Sequence[Meeting], key_of: Any) -> list[Meeting]:
    """Give an unnumbered announced round the number after the round the same text reports held.

    A report of round N that also announces "the next round" of the same mechanism is
    announcing round N + 1. Only when the text reports exactly one numbered round held, and
    announces exactly one unnumbered round (and no numbered one) of that mechanism.
    """
    out = list(meetings)
    groups: dict[str, list[int]] = {}
    for i, meeting in enumerate(meetings):
        groups.setdefault(key_of(meeting.mechanism), []).append(i)
    for indexes in groups.values():
        held = {o for i in indexes if meetings[i].status == "held" and (o := meetings[i].ordinal) is not None}
        announced = [i for i in indexes if meetings[i].status == "scheduled"]
        unnumbered = [i for i in announced if meetings[i].ordinal is None]
        if len(held) != 1 or len(unnumbered) != 1 or len(announced) != 1:
            continue
        (last,) = held
        nxt = meetings[unnumbered[0]]
        held_dates = [d for i in indexes if meetings[i].ordinal == last and (d := meetings[i].date)]
        if nxt.date and held_dates and nxt.date < held_dates[0]:
            continue
        out[unnumbered[0]] = replace(nxt, ordinal=last + 1)
    return out


# -- finding the stored meeting an account joins -----------------------------------------------------


def date_window(value: str) -> tuple[list[str], tuple[str, str] | None]:
    """Stored date values an account's date may join: exact values, and a prefix range.

    A full date joins the same day, a day either side (datelines shift by a day), and a
    meeting known only by its month or year. A month or a year joins any date inside it.
    """
    parts = value.split("-")
    if len(parts) == 3:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return [value], None
        near = [(day + timedelta(days=d)).isoformat() for d in (0, -1, 1)]
        return [*near, value[:7], value[:4]], None
    if len(parts) == 2:
        return [value[:4]], (value, value + "-99")
    return [], (value, value + "-99")


POSTPONEMENT_DAYS = 21


def postponement_window(value: str) -> tuple[str, str]:
    """Dates an announced meeting may have been moved to (or from): three weeks either way."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value, value
    span = timedelta(days=POSTPONEMENT_DAYS)
    return (day - span).isoformat(), (day + span).isoformat()


UNDATED_ROUND_DAYS = 31


def undated_round_window(value: str) -> tuple[str, str]:
    """Publication days of reports that may tell of the same round as a report of `value` (a day or a
    month): a month either way."""
    start = value if len(value) == 10 else f"{value[:7]}-01"
    try:
        day = date.fromisoformat(start)
    except ValueError:
        return value, value
    span = timedelta(days=UNDATED_ROUND_DAYS)
    return (day - span).isoformat(), (day + span).isoformat()


def day_distance(a: str, b: str) -> int:
    """Days between two dates; vaguer values sort after every full date."""
    if len(a) == 10 and len(b) == 10:
        try:
            return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
        except ValueError:
            return 10**6
    return 10**5
