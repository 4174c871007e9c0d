"""Mechanism identity: the keys and names by which accounts in different texts meet.

A mechanism is known by its lexicon key when the extractor resolved one, else by the
distinctive words of its name (see `core_name`), plus the sorted parties ("consultation
political|argentina,pakistan"), so "Pakistan-Argentina bilateral political consultations"
and "Argentina-Pakistan political consultations" are one. Other names it goes by are kept as aliases, but only name-like
ones: "the 9th meeting", "the next round of consultations" or "sixth Strategic Dialogue"
describe a meeting, not the mechanism, and would make `--mechanism fourth` match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ..model import MechanismRef

STOPWORDS = frozenset({"the", "of", "on", "and", "for", "between", "to", "in", "at", "a", "an", "&"})
DETERMINERS = frozenset({"the", "our", "this", "that", "its", "their", "these", "those", "a", "an"})
NOT_NAMES = frozenset(
    {"next", "last", "previous", "upcoming", "latest", "another", "forthcoming", "recent", "same", "said"}
)
MAX_ALIAS_WORDS = 12


@lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """Unicode-folded, accent-free, lower-case text: how names are compared."""
    if value.isascii():
        return value.casefold()
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=65536)
def _words(value: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d\+\d|[\w']+", fold(value).replace("’", "'")))


def words(value: str) -> list[str]:
    """The words of a name, punctuation dropped ('2+2' kept whole)."""
    return list(_words(value))


def parties_key(parties: Iterable[str]) -> str:
    """Sorted, folded party names: the same pair of countries in any order."""
    return ",".join(sorted({" ".join(words(p)) for p in parties if p and words(p)}))


# Words that say how often or between how many a format meets, not which format it is.
DESCRIPTIVE = frozenset({"annual", "bilateral", "regular", "periodic", "round", "rounds", "issues", "issue"})
# Names one format goes by: 'strategic security talks' are its 'strategic security consultations'.
FORMAT_SYNONYMS = {"talks": "consultation", "talk": "consultation"}


def canonical_word(word: str) -> str:
    """A name word as names are compared: singular, and a format's synonyms as one word."""
    if word in FORMAT_SYNONYMS:
        return FORMAT_SYNONYMS[word]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def core_name(name: str, parties: Iterable[str]) -> str:
    """A name's distinctive words, singular and in sorted order, without the parties' names,
    joining words and words that only describe the format ('annual', 'bilateral'): the
    'Russia-China consultations on strategic security' are the 'China-Russia annual strategic
    security talks'."""
    drop = {w for p in parties for w in words(p)}
    kept = {
        canonical_word(w)
        for w in words(name)
        if w not in drop and w not in STOPWORDS and w not in DESCRIPTIVE
    }
    return " ".join(sorted(kept))


def mechanism_key(ref: MechanismRef) -> str:
    """Identity of a mechanism: its lexicon key when known, else its core name and parties."""
    if ref.key:
        return ref.key
    core = core_name(ref.name, ref.parties) or " ".join(words(ref.name))
    parties = parties_key(ref.parties)
    return f"{core}|{parties}" if parties else core


def _vocabulary() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Ordinal words, generic format words and multilateral names, from the lexicon."""
    return _vocabulary_for(_lexicon_spec())


def _lexicon_spec() -> str:
    from .. import settings

    return settings.get("lexicon")


@lru_cache(maxsize=4)
def _vocabulary_for(spec: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    from ..extract.lexicon import load_lexicon

    formats = load_lexicon(spec).formats
    ordinals = {w.casefold() for w in formats.ordinals} | {w.casefold() for w in formats.ordinal_tens}
    generic = {w.casefold() for w in (*formats.heads, *formats.qualifiers, *formats.meeting_nouns)}
    generic |= {w for q in formats.qualified_heads.values() for w in map(str.casefold, q)}
    generic |= {"jwg", "jc", "jcc", "jcm", "working", "group", "joint", "round", "rounds"}
    generic |= {canonical_word(w) for w in generic}
    multilateral = {fold(m) for m in formats.multilateral}
    return frozenset(ordinals), frozenset(generic), frozenset(multilateral)


def is_ordinal_word(word: str) -> bool:
    """'5th', 'fourth', 'twenty-first', 'IV' (a Roman numeral before a name) and the like."""
    ordinals, _, _ = _vocabulary()
    lowered = word.casefold()
    if re.fullmatch(r"\d+(st|nd|rd|th)?", lowered):
        return True
    if re.fullmatch(r"[ivxlc]+", lowered) and word.isupper():
        return True
    return lowered in ordinals or any(lowered.endswith("-" + o) for o in ordinals)


def is_name_like(alias: str, parties: Iterable[str] = ()) -> bool:
    """Whether a surface form names the mechanism rather than describing one of its meetings."""
    text = alias.strip()
    if not text or text[0] in "([{,;:'\"‘’“”" or _unbalanced(text):
        return False
    tokens = text.split()
    if len(tokens) > MAX_ALIAS_WORDS:
        return False
    first = tokens[0].strip(",.").casefold()
    rest = [t.strip(",.") for t in (tokens[1:] if first in DETERMINERS else tokens)]
    if not rest or is_ordinal_word(rest[0]) or rest[0].casefold() in NOT_NAMES:
        return False
    if any(is_ordinal_word(t) for t in rest[:3]) and any(
        w in {"round", "meeting", "session"} for w in words(text)
    ):
        return False
    _, generic, multilateral = _vocabulary()
    if fold(text) in multilateral or fold(text) in {fold(p) for p in parties}:
        return False
    core = [w for w in words(text) if w not in STOPWORDS]
    # "the session", "our Dialogue", "The Consultations": a determiner and a format word only.
    return not (
        first in DETERMINERS and len(core) <= 2 and all(w in generic or w in DETERMINERS for w in core)
    )


def _unbalanced(text: str) -> bool:
    return text.count("(") != text.count(")") or text.count("[") != text.count("]")


def is_generic(core: str) -> bool:
    """A core name made only of format words ('joint working group', 'jwg'): shared by many."""
    _, generic, _ = _vocabulary()
    return all(w in generic for w in core.split())


def name_forms(ref: MechanismRef) -> list[tuple[str, str]]:
    """The name-like surface forms of an account's mechanism, each with its core name.

    The canonical name always comes first; aliases follow when name-like.
    """
    return list(_name_forms(ref.name, tuple(ref.aliases), tuple(ref.parties), _lexicon_spec()))


@lru_cache(maxsize=16384)
def _name_forms(
    name: str, aliases: tuple[str, ...], parties: tuple[str, ...], spec: str
) -> tuple[tuple[str, str], ...]:
    forms: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, alias in enumerate([name, *aliases]):
        if not alias or (i > 0 and not is_name_like(alias, parties)):
            continue
        shown = " ".join(alias.split())
        if fold(shown) in seen:
            continue
        seen.add(fold(shown))
        forms.append((shown, core_name(shown, parties)))
    return tuple(forms)


def lookup_cores(ref: MechanismRef) -> list[str]:
    """Core names distinctive enough to find the mechanism by: not only format words."""
    cores = {core for _, core in name_forms(ref) if core and not is_generic(core)}
    return sorted(cores)


def parties_compatible(a: str, b: str) -> bool:
    """Same parties, or one side's parties unknown, or one set inside the other (a side missed)."""
    if not a or not b:
        return True
    sa, sb = set(a.split(",")), set(b.split(","))
    return sa == sb or (min(len(sa), len(sb)) >= 2 and (sa <= sb or sb <= sa))
