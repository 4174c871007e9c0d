"""Partnership designations: the label a pair of countries gives its relationship.

A label is a run of qualifiers ending in a head ('all-weather strategic cooperative partners'),
an idiomatic epithet ('iron brothers') or a head right after the pair's names ('the US-Japan
Alliance'); the vocabulary is `lexicon/designations.yaml`. The pair is the two countries the
sentence names nearest the label, else the text's two main parties.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from ..model import Designation, Document, Span, mentions_within
from .lexicon import DesignationWords, Lexicon, load_lexicon
from .pipeline import stage


def _alts(phrases: list[str]) -> str:
    return "|".join(
        sorted(
            (re.escape(p).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?") for p in phrases),
            key=len,
            reverse=True,
        )
    )


class Grammar:
    """The lexicon's lists compiled into one pattern per form of label."""

    def __init__(self, w: DesignationWords) -> None:
        self.words = w
        qual = _alts(w.qualifiers)
        join = _alts(w.joiners) or "(?!)"
        heads = _alts(list(w.heads))
        tails = _alts(w.tails) or "(?!)"
        self.label = re.compile(
            rf"(?<![\w-])((?:{qual})(?:[\s,]+(?:(?:{join})\s+)?(?:{qual}))*)[\s-]+({heads})(?:\s+({tails}))?(?![\w-])",
            re.I,
        )
        self.epithet = re.compile(rf"(?<![\w-])(?:{_alts(w.epithets) or '(?!)'})(?![\w-])", re.I)
        self.pair_head = re.compile(rf"(?<=[A-Za-z.])\s+({_alts(w.pair_heads) or '(?!)'})\b")
        self.not_yet = re.compile(rf"\b(?:{_alts(w.not_yet) or '(?!)'})\b[^.;]{{0,40}}$", re.I)
        self.not_pair = re.compile(rf"\b(?:{_alts(w.not_pair) or '(?!)'})\b", re.I)
        # the heads' and epithets' last words, lower case: a cheap test of whether a text may hold a label
        lasts = {h.lower() for h in (*w.heads, *w.pair_heads)} | {e.split()[-1].lower() for e in w.epithets}
        self.any = re.compile(rf"\b(?:{'|'.join(sorted(map(re.escape, lasts)))})\b")
        self.needs = {h.lower(): {q.lower() for q in need} for h, need in w.heads.items()}


@lru_cache(maxsize=4)
def grammar(lex: Lexicon) -> Grammar:
    return Grammar(lex.designation_words)


def canonical(qualifiers: str, head: str, tail: str | None = None) -> str:
    """'all-weather strategic co-operative partners' -> 'All-Weather Strategic Cooperative Partnership'."""
    words = re.split(r"[\s,]+", qualifiers.strip())
    out = []
    for w in words:
        low = w.lower().replace("co-operative", "cooperative")
        if low in ("and", "of", "for", "in", "the"):
            out.append(low)
        elif low in ("weather", "weathers") and out and out[-1] == "All":
            out[-1] = "All-Weather"
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in low.split("-")))
    label = " ".join(out).replace("All-Weathers", "All-Weather")
    h = head.lower()
    out_head = "Partnership" if h.startswith("partner") else h.title()
    rest = ""
    if tail:
        rest = " " + " ".join(
            t if t in ("of", "for", "in", "the") else t.title() for t in tail.lower().split()
        )
    return f"{label} {out_head}{rest}"


def _pair(doc: Document, sent: Span, at: int) -> tuple[str, str] | None:
    """The two countries nearest a label in its sentence, else the text's two main parties."""
    mentions = [m for m in mentions_within(doc.mentions, "country", sent.start, sent.end)]
    lex = load_lexicon()
    countries: list[str] = []
    for m in sorted(mentions, key=lambda m: abs(m.start - at)):
        if lex.is_organisation(m.key):
            continue
        if m.key not in countries:
            countries.append(m.key)
    parties = [c for c in _main_parties(doc) if c not in countries]
    countries += parties
    if len(countries) < 2:
        return None
    return countries[0], countries[1]


def _main_parties(doc: Document) -> list[str]:
    for meeting in doc.meetings:
        if len(meeting.mechanism.parties) >= 2:
            return list(meeting.mechanism.parties[:2])
    counts: dict[str, int] = {}
    for m in doc.mentions:
        if m.kind == "country":
            counts[m.key] = counts.get(m.key, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])[:2]


@stage("designations", requires=["text", "sentences", "mentions", "meetings"], assigns=["designations"])
def find_designations(doc: Document) -> None:
    g = grammar(load_lexicon())
    text = doc.text
    out: dict[tuple[frozenset[str], str], Designation] = {}
    hits_at = [m.start() for m in g.any.finditer(text.lower())]
    for sent in doc.sentences:
        n = bisect_left(hits_at, sent.start)
        if n == len(hits_at) or hits_at[n] >= sent.end:
            continue
        seg = sent.of(text)
        hits: list[tuple[int, int, str]] = []
        for m in g.label.finditer(seg):
            quals = {q.lower() for q in re.split(r"[\s,]+", m.group(1))} | {m.group(1).lower()}
            need = g.needs.get(m.group(2).lower(), {"any"})
            if "any" not in need and not quals & need:
                continue
            lead = seg[: m.start()]
            around = seg[max(0, m.start() - 30) : m.start()] + " " + seg[m.end() : m.end() + 40]
            if g.not_yet.search(lead) or g.not_pair.search(around):
                continue
            hits.append((m.start(), m.end(), canonical(m.group(1), m.group(2), m.group(3))))
        for m in g.epithet.finditer(seg):
            hits.append((m.start(), m.end(), m.group(0).lower().replace("iron-clad", "ironclad")))
        for m in g.pair_head.finditer(seg):
            before = mentions_within(
                doc.mentions, "country", sent.start + max(0, m.start() - 25), sent.start + m.start()
            )
            if len({c.key for c in before}) >= 2:
                hits.append((m.start(1), m.end(1), m.group(1).title()))
        for start, _end, label in hits:
            pair = _pair(doc, sent, sent.start + start)
            if pair is None:
                continue
            key = (frozenset(pair), label.lower().removesuffix("s"))
            out.setdefault(key, Designation(pair, label, Span(sent.start, sent.end)))
    doc.designations = list(out.values())
