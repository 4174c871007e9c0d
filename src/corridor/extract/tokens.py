"""A light token view for the meeting grammar: words with offsets, hyphenated words kept whole.

spaCy splits "Pakistan-China" and "co-chaired" into three tokens; the grammar reads them
as one word with parts, which is how a reader sees them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

JOINERS = frozenset({"-", "+", "/"})


@dataclass(slots=True, frozen=True)
class Tok:
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


def words(spacy_doc) -> list[Tok]:
    """Non-space tokens, with tokens joined by a hyphen, plus or slash (no spaces) merged."""
    out: list[Tok] = []
    glue = False
    for t in spacy_doc:
        if t.is_space:
            glue = False
            continue
        start, end = t.idx, t.idx + len(t.text)
        if out and (glue or t.text in JOINERS) and out[-1].end == start:
            prev = out[-1]
            out[-1] = Tok.make(prev.text + t.text, prev.start, end)
            glue = t.text in JOINERS
            continue
        out.append(Tok.make(t.text, start, end))
        glue = False
    # a trailing joiner merged at the end of a word ("Pakistan-" before a line break) is left as is
    return out


class TokenIndex:
    """Finds the tokens of a character range quickly."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.starts = [t.start for t in toks]

    def range(self, start: int, end: int) -> tuple[int, int]:
        return bisect_left(self.starts, start), bisect_left(self.starts, end)
