"""A light token view for the meeting grammar: words with offsets, hyphenated words kept whole.

spaCy splits "Pakistan-China" and "co-chaired" into three tokens; the grammar reads them
as one word with parts, which is how a reader sees them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

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
    """Non-space tokens, with tokens joined by a hyphen, plus or slash (no spaces) merged."""
    text = spacy_doc.text if text is None else text
    spans: list[list[int]] = []
    glue = False
    for idx, length, space in spacy_doc.to_array([IDX, LENGTH, IS_SPACE]).tolist():
        if space:
            glue = False
            continue
        end = idx + length
        joiner = length == 1 and text[idx] in JOINERS
        if spans and (glue or joiner) and spans[-1][1] == idx:
            spans[-1][1] = end
            glue = joiner
            continue
        spans.append([idx, end])
        glue = False
    new = tuple.__new__
    out = []
    for start, end in spans:
        piece = text[start:end]
        first = piece[:1]
        cap = first.isupper() or first.isdigit() or bool(ELIDED.match(piece))
        out.append(new(Tok, (piece, start, end, piece.lower(), cap, piece.isupper())))
    return out


class TokenIndex:
    """Finds the tokens of a character range quickly."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.starts = [t.start for t in toks]

    def range(self, start: int, end: int) -> tuple[int, int]:
        return bisect_left(self.starts, start), bisect_left(self.starts, end)
