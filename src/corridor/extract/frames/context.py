"""What every part of the frame grammar shares: a meeting's anchor, the document's context, small text tests."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ...model import Document, MechanismRef, Span
from ..lexicon import Lexicon
from ..mechanisms import MechanismGrammar, MechPhrase
from ..people import Person, PersonGrammar
from ..tokens import Tok, TokenIndex


class Folded:
    """A pattern of lower-case words matched in any case, by matching it against the lower-cased text.

    Python's `re` is several times slower on IGNORECASE alternations. Offsets stay those of the
    text whenever lower-casing keeps its length (it does not for a few letters such as 'İ'; then
    the case-insensitive pattern runs on the text itself). Matched groups come back lower-cased.
    """

    def __init__(self, pattern: str) -> None:
        self.folded = re.compile(pattern)
        self.any_case = re.compile(pattern, re.I)

    def _pick(self, text: str) -> tuple[re.Pattern[str], str]:
        low = text.lower()
        return (self.folded, low) if len(low) == len(text) else (self.any_case, text)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        rx, target = self._pick(text)
        return rx.search(target, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        rx, target = self._pick(text)
        return rx.finditer(target, pos, endpos)


@dataclass(slots=True)
class Anchor:
    phrase: MechPhrase | None
    mech: MechanismRef
    identity: str
    ordinal: int | None
    start: int
    end: int
    sentence: Span
    ref_marked: bool = False
    last_marked: bool = False
    region: Span | None = None
    coordinated: bool = False
    upcoming: bool = False
    follows: Anchor | None = None  # the numbered round a round named by its number alone continues
    listed: bool = False  # one of several past rounds listed by their dates: a round of its own


@dataclass(slots=True)
class Context:
    doc: Document
    lex: Lexicon
    mech: MechanismGrammar
    people: PersonGrammar
    toks: list[Tok]
    index: TokenIndex
    dateline_city: str | None
    doc_parties: list[str]
    doc_cpec: bool
    person_table: dict[str, Person] | None = None
    table_sentences: set[Span] = field(default_factory=set)
    header: list[Span] = field(default_factory=list)
    mech_spans: list[tuple[int, int]] = field(default_factory=list)


def lowered(s: str) -> str:
    return s.lower().replace("’", "'")


@lru_cache(maxsize=64)
def any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def has_any(text: str, phrases: list[str]) -> bool:
    """Whether any of the phrases stands in the text as whole words (case-insensitive)."""
    return bool(any_of(tuple(phrases)).search(lowered(text)))


@lru_cache(maxsize=16)
def _ending_with(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(p) for p in phrases)})$")


def ends_with_any(text: str, phrases: list[str]) -> bool:
    """Whether text (the words before a date) ends with one of the phrases."""
    return bool(_ending_with(tuple(phrases)).search(re.sub(r"\s+", " ", lowered(text)).rstrip()))


def is_headline(doc: Document, sent: Span) -> bool:
    """A line of its own without a closing full stop: a headline or a related-story link."""
    text = sent.of(doc.text)
    before = doc.text[max(0, sent.start - 1) : sent.start]
    after = doc.text[sent.end : sent.end + 1]
    own_line = (before == "" or before.isspace()) and after in ("", "\n")
    if after == "" and "," in text and len(text.split()) >= 12:
        return False  # a body paragraph cut off where the page's stored text ends
    return (
        own_line
        and not text.rstrip().endswith((".", "!", "?", ":", '"', "”", ".)"))
        and len(text.split()) <= 25
    )
