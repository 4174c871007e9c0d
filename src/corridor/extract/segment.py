"""Sentences and tokens.

Sentences are split by punctuation and by line structure: a blank line always ends a
sentence, a single line break ends one unless the paragraph is hard-wrapped (wire copy
and cables break lines inside sentences). Tokens come from spaCy's rule-based English
tokenizer, which the lexicon matcher runs over; no statistical model is loaded.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Span
from .pipeline import stage

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cdr adm sgt sen brig gov rep st no nos jan feb mar apr jun jul aug sep sept
    oct nov dec amb sr jr co inc ltd corp govt dept h.e i.e e.g vs etc retd rtd hon u.s u.k u.n e.u
    fig art sec para vol approx est mt ft""".split()
)

# Characters spaCy will tokenize in one text: more than any document the reading cap lets through.
MAX_TEXT_CHARS = 2**31 - 1
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_PARA = re.compile(r"\n[ \t\r\f\v]*\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@lru_cache(maxsize=1)
def tokenizer():
    """spaCy's blank English pipeline: tokenizer only, no model download."""
    import spacy
    from spacy.util import compile_infix_regex

    nlp = spacy.blank("en")
    # spaCy's 1,000,000-character guard is for the parser and NER, which need about 1 GB per
    # 100,000 characters; a tokenizer needs memory in proportion to the text, which the reading
    # cap (CORRIDOR_MAX_BYTES) already bounds.
    nlp.max_length = MAX_TEXT_CHARS
    # "U.S.-Japan": a hyphen after an abbreviation's full stop joins two names.
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z]\.)[-–](?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # Of the special cases keep those with a full stop ("Mr.", "Jan.", "U.S."), so abbreviations stay
    # one token; contractions and spelling variants ("don't", "id") change nothing the grammar reads,
    # and matching 1,300 cases against every text cost ten times the rest of tokenizing.
    nlp.tokenizer.rules = {form: case for form, case in nlp.tokenizer.rules.items() if "." in form}
    return nlp


def _hard_wrapped(lines: list[str]) -> bool:
    """A block whose lines are of similar width and mostly do not end a sentence."""
    body = [ln for ln in lines if ln.strip()]
    if len(body) < 3:
        return False
    widths = sorted(len(ln.rstrip()) for ln in body[:-1])
    median = widths[len(widths) // 2]
    if median < 30 or median > 100:
        return False
    open_ends = sum(not ln.rstrip().endswith((".", "!", "?", ":", '"', "”")) for ln in body[:-1])
    return open_ends >= 0.6 * (len(body) - 1)


_OPEN_END = re.compile(r"[^.!?:;\"”’')\]|]\s*$")
BROKEN_PARAGRAPHS = 3


def _paragraphs(text: str) -> list[Span]:
    """Spans between blank lines. Some copy breaks a blank line into sentences ('co-chaired by Mr.
    Khawaja' / blank / 'Muhammad Asif and ...'): where three or more long paragraphs stop without
    ending a sentence, each such paragraph runs on into the next."""
    spans: list[Span] = []
    pos = 0
    for m in _PARA.finditer(text):
        spans.append(Span(pos, m.start()))
        pos = m.end()
    spans.append(Span(pos, len(text)))
    open_ended = [n for n, sp in enumerate(spans[:-1]) if _runs_on(text[sp.start : sp.end])]
    if len(open_ended) < BROKEN_PARAGRAPHS:
        return spans
    joined: list[Span] = []
    for n, sp in enumerate(spans):
        if joined and n - 1 in open_ended:
            joined[-1] = Span(joined[-1].start, sp.end)
        else:
            joined.append(sp)
    return joined


def _runs_on(para: str) -> bool:
    """A paragraph of one line of prose that stops mid-sentence."""
    line = para.strip()
    return "\n" not in line and len(line) >= 40 and len(line.split()) >= 6 and bool(_OPEN_END.search(line))


def _blocks(text: str) -> list[Span]:
    """Paragraphs split into lines, except hard-wrapped paragraphs kept whole."""
    out: list[Span] = []
    for para_span in _paragraphs(text):
        pos = para_span.start
        para = text[pos : para_span.end]
        lines = para.split("\n")
        if len(lines) > 1 and _PARA.search(para):  # a paragraph run on across a blank line
            out.append(Span(pos, para_span.end))
        elif _hard_wrapped(lines):
            out.append(Span(pos, para_span.end))
        else:
            offset = pos
            for n, line in enumerate(lines):
                if n and out and _continues(line, lines[n - 1]):
                    out[-1] = Span(out[-1].start, offset + len(line))
                else:
                    out.append(Span(offset, offset + len(line)))
                offset += len(line) + 1
    return out


_CONTINUATION = re.compile(r"\s*(?:[a-z]|[’']s\b|,)")


def _continues(line: str, previous: str) -> bool:
    """A line that carries on the sentence of the line before: that line stops mid-sentence and this one
    opens in lower case or with a possessive ('... co-chaired by State Councilor Yang Jiechi' / 'and ...')."""
    return bool(previous.strip()) and bool(_OPEN_END.search(previous)) and bool(_CONTINUATION.match(line))


def _strip(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def split_sentences(text: str) -> list[Span]:
    """Sentence spans over the whole text, in order, without surrounding whitespace."""
    sentences: list[Span] = []
    for block in _blocks(text):
        start = block.start
        chunk = text[block.start : block.end]
        for m in _SENT_END.finditer(chunk):
            cut = block.start + m.end()
            word = _WORD_BEFORE.search(text[start : block.start + m.start()])
            if word:
                w = word.group(1).lower().rstrip(".")
                if (
                    w in ABBREVIATIONS
                    or (len(w) == 1 and w.isalpha())
                    or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w)
                ):
                    continue
            span = _strip(text, Span(start, cut))
            if span:
                sentences.append(span)
            start = cut
        span = _strip(text, Span(start, block.end))
        if span:
            sentences.append(span)
    return sentences


@stage("segment", requires=["text"], assigns=["sentences", "tokens"])
def segment(doc: Document) -> None:
    doc.sentences = split_sentences(doc.text)
    doc.tokens = tokenizer()(doc.text)
