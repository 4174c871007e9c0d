"""A light token view for the meeting grammar: words with offsets, hyphenated words kept whole.

spaCy splits "Pakistan-China" and "co-chaired" into three tokens; the grammar reads them
as one word with parts, which is how a reader sees them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH

JOINERS = frozenset({"-", "+", "/"})
ELIDED = re.compile(r"^[a-z]{1,2}['’][A-Z]")  # d'Ivoire, l'Union: a name behind an elided article


class Tok(NamedTuple):
    """A word with its offsets and the case facts the grammar asks about (computed once)."""

    text: str
    start: int
    end: int
    lower: str = ""
    is_cap: bool = False
    is_upper: bool = False

    @staticmethod
    def make(text: str, start: int, end: int) -> Tok:
        first = text[:1]
        return Tok(text, start, end, text.lower(), first.isupper() or first.isdigit(), text.isupper())

    @property
    def parts(self) -> list[str]:
        return [p for p in self.text.replace("–", "-").split("-") if p]


def words(spacy_doc, text: str | None = None) -> list[Tok]:
    """Non-space tokens, with tokens joined by a hyphen, plus or slash (no spaces) merged.

    A token joins the word before it when they touch and it is a joiner, or the word before
    ended in a joiner that touched what came before it ("Pakistan-China", "2+2").
    """
    text = spacy_doc.text if text is None else text
    if not len(spacy_doc):
        return []
    table = spacy_doc.to_array([IDX, LENGTH, IS_SPACE]).astype(numpy.int64)
    table = table[table[:, 2] == 0]
    if not len(table):
        return []
    starts, lengths = table[:, 0], table[:, 1]
    ends = starts + lengths
    joiner = numpy.zeros(len(starts), dtype=bool)
    single = numpy.flatnonzero(lengths == 1)
    joiner[single] = [text[s] in JOINERS for s in starts[single].tolist()]
    touches = numpy.zeros(len(starts), dtype=bool)
    touches[1:] = ends[:-1] == starts[1:]
    glued = numpy.zeros(len(starts), dtype=bool)
    glued[1:] = joiner[:-1] & touches[:-1]
    first = ~(touches & (joiner | glued))
    first[0] = True
    heads = numpy.flatnonzero(first)
    tails = numpy.append(heads[1:], len(starts)) - 1
    new = tuple.__new__
    out = []
    for start, end in zip(starts[heads].tolist(), ends[tails].tolist(), strict=True):
        piece = text[start:end]
        initial = piece[:1]
        elided = ("'" in piece[1:3] or "’" in piece[1:3]) and bool(ELIDED.match(piece))
        cap = initial.isupper() or initial.isdigit() or elided
        out.append(new(Tok, (piece, start, end, piece.lower(), cap, piece.isupper())))
    return out


class TokenIndex:
    """Finds the tokens of a character range quickly."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.starts = [t.start for t in toks]

    def range(self, start: int, end: int) -> tuple[int, int]:
        return bisect_left(self.starts, start), bisect_left(self.starts, end)
