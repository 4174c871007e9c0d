"""People: when two spellings of a chair's name are one person, and when one name is two people.

Outlets write one person many ways: "S. Jaishankar" and "Subrahmanyam Jaishankar" (initials),
"Vershinin Sergey Vasilievich" and "Sergey Vasilievich Vershinin" (order), "Muhammad" and
"Mohammad", "Yildirim" and "Yildrim" (transliteration), "Sun Weidong" and "Sun Wei Dong"
(spacing), "H.E. Mr." before any of them (honorifics). Names are compared after
normalising all of that; spellings of a word must start alike, so "Nadia" and "Sadia"
stay two names. A name match is not enough, though: two people share a name when their
countries differ, or when their offices differ and years lie between them.

Candidates are found through an index of name keys and consonant skeletons of name
words, so resolving a name never reads every person in the base.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from .mechanisms import fold

WORD_THRESHOLD = 80.0
YEARS_APART = 8
TITLE_STOPWORDS = frozenset(
    {"of", "the", "for", "and", "on", "in", "federal", "state", "s", "acting", "then", "former", "ministry"}
)


@lru_cache(maxsize=4)
def _honorifics(spec: str) -> tuple[tuple[str, ...], ...]:
    """Honorifics as word tuples, longest first, from offices.yaml."""
    from ..extract.lexicon import load_lexicon

    forms = {tuple(_raw_words(h)) for h in load_lexicon(spec).offices.honorifics}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def _raw_words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w']+", fold(text).replace("’", "'")) if w]


def name_words(name: str) -> list[str]:
    """A name's words, folded, accent-free, with leading honorifics dropped; initials kept."""
    from .. import settings

    return list(_name_words(name, settings.get("lexicon")))


@lru_cache(maxsize=65536)
def _name_words(name: str, spec: str) -> tuple[str, ...]:
    tokens = _raw_words(name)
    dropped = True
    while dropped and tokens:
        dropped = False
        for form in _honorifics(spec):
            if tuple(tokens[: len(form)]) == form and len(tokens) > len(form):
                tokens = tokens[len(form) :]
                dropped = True
                break
    return tuple(tokens)


def name_key(name: str) -> str:
    """The words of a name in sorted order: 'Vershinin Sergey' and 'Sergey Vershinin' meet."""
    return " ".join(sorted(name_words(name)))


def skeleton(word: str) -> str:
    """A word's first letter and its consonants, repeats and h/w/y dropped: mhmd, yldrm."""
    if len(word) < 3:
        return word
    rest = re.sub(r"[aeiouhwy]", "", word[1:])
    squeezed = re.sub(r"(.)\1+", r"\1", word[0] + rest)
    return squeezed


def search_tokens(name: str) -> list[str]:
    """Index entries for a name: the skeleton of each word that is not an initial, and the
    words run together ('=sunweidong'), which finds "Sun Wei Dong" for "Sun Weidong"."""
    found = name_words(name)
    tokens = {skeleton(w) for w in found if len(w) > 1}
    if found:
        tokens.add("=" + "".join(found))
    return sorted(tokens)


@lru_cache(maxsize=65536)
def same_name(a: str, b: str) -> float:
    """How surely two spellings name one person: 1.0 exact, lower for fuzzier matches, 0 none."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return 0.0
    if sorted(wa) == sorted(wb) or "".join(wa) == "".join(wb):
        return 1.0
    if _initials_agree(wa, wb) or _initials_agree(wb, wa):
        return 0.9
    short, long = sorted((list(wa), list(wb)), key=len)
    return 0.85 if len(short) >= 2 and _words_align(short, long) else 0.0


def _words_align(short: list[str], long: list[str]) -> bool:
    """Each word of the shorter name has its own close spelling in the longer one.

    'Mohammad Syrus Qazi' in 'Muhammad Syrus Sajjad Qazi': a left-out middle name and a
    transliterated first name. Words pair only when they start alike.
    """
    free = list(long)
    for word in sorted(short, key=len, reverse=True):
        match = next(
            (
                w
                for w in free
                if w[0] == word[0] and (len(word) == 1 or fuzz.ratio(word, w) >= WORD_THRESHOLD)
            ),
            None,
        )
        if match is None:
            return False
        free.remove(match)
    return True


def _initials_agree(short: list[str], long: list[str]) -> bool:
    """'s jaishankar' in 'subrahmanyam jaishankar': full words shared, initials start the rest."""
    full = [w for w in short if len(w) > 1]
    initials = [w for w in short if len(w) == 1]
    if not full or not initials or not set(full) <= set(long):
        return False
    remaining = [w for w in long if w not in full]
    return len(initials) <= len(remaining) and all(any(r.startswith(i) for r in remaining) for i in initials)


def title_words(title: str | None) -> set[str]:
    return {w for w in _raw_words(title or "") if w not in TITLE_STOPWORDS}


def titles_compatible(a: str | None, b: str | None) -> bool:
    """Two titles that may be the same office: one's words inside the other's, or half shared."""
    wa, wb = title_words(a), title_words(b)
    if not wa or not wb:
        return True
    return wa <= wb or wb <= wa or len(wa & wb) / len(wa | wb) >= 0.5


@dataclass(slots=True)
class Profile:
    """What the base knows of a person: names, countries, titles, and when they were seen."""

    id: int
    name: str
    names: list[str] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    chairs: int = 0


@dataclass(frozen=True, slots=True)
class Sighting:
    """A chair as one document names them: the name, title, side, and when."""

    name: str
    title: str | None
    country: str | None
    seen: str | None


def years_between(profile: Profile, seen: str | None) -> float:
    """Years from the span a person was seen in to a new sighting; 0 inside it or when unknown."""
    point = _year(seen)
    first, last = _year(profile.first_seen), _year(profile.last_seen)
    if point is None or first is None or last is None:
        return 0.0
    if point < first:
        return first - point
    return max(0.0, point - last)


def _year(value: str | None) -> float | None:
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day.year + (day.timetuple().tm_yday - 1) / 366
        return float(value[:4])
    except ValueError:
        return None


def plausible(profile: Profile, sighting: Sighting, *, exact: bool) -> bool:
    """Whether a sighting may be this person, beyond the name: side, office and time.

    A different country is always a different person. Offices that cannot be one office,
    seen years apart, are two people of one name. A name known by one word alone ("Scholz")
    joins a person only when the country agrees.
    """
    country = fold(sighting.country) if sighting.country else None
    if country and profile.countries and country not in profile.countries:
        return False
    if not exact and len(name_words(sighting.name)) < 2 and not (country and country in profile.countries):
        return False
    if (
        sighting.title
        and profile.titles
        and not any(titles_compatible(sighting.title, t) for t in profile.titles)
    ):
        return years_between(profile, sighting.seen) <= YEARS_APART
    return True


def best_match(candidates: Sequence[Profile], sighting: Sighting, exact_ids: Iterable[int]) -> int | None:
    """The person a sighting is: the closest plausible name, the one seen most on a tie.

    A plausible person of exactly this name wins over any near spelling.
    """
    exact = set(exact_ids)
    same = [(p.chairs, -p.id) for p in candidates if p.id in exact and plausible(p, sighting, exact=True)]
    if same:
        return -max(same)[1]
    scored: list[tuple[float, int, int]] = []
    for profile in candidates:
        if profile.id in exact:
            continue
        score = max(same_name(n, sighting.name) for n in profile.names or [profile.name])
        if score and plausible(profile, sighting, exact=False):
            scored.append((score, profile.chairs, -profile.id))
    return -max(scored)[2] if scored else None


def office_key(title: object, country: object) -> tuple[str, str]:
    """One office however its title is worded ("Planning Minister", "Minister for Planning"), and its side."""
    return " ".join(sorted(title_words(str(title or "")) - {"affairs"})), fold(str(country or ""))


def office_timeline(rows: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    """A person's offices: one entry per office and side, first and last seen, and the sources.

    Wordings of one office ("Vice Foreign Minister", "Vice Minister of Foreign Affairs")
    are one entry, shown as first written.
    """
    offices: dict[tuple[str, str], dict[str, object]] = {}
    for row in rows:
        title, country, seen, source = row["title"], row["country"], row["seen"], row["source"]
        key = office_key(title, country)
        entry = offices.setdefault(
            key, {"title": title, "country": country, "first_seen": None, "last_seen": None, "sources": []}
        )
        if seen:
            entry["first_seen"] = min(str(s) for s in (entry["first_seen"], seen) if s)
            entry["last_seen"] = max(str(s) for s in (entry["last_seen"], seen) if s)
        sources = entry["sources"]
        assert isinstance(sources, list)
        if source not in sources:
            sources.append(source)
    return sorted(offices.values(), key=lambda o: (str(o["first_seen"] or ""), str(o["title"] or "")))
