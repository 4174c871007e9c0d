"""Meeting frames: which mechanism met (or will meet), which round, when, where, how, and who chaired.

A mention of a mechanism becomes a meeting when the text ties it to one occasion: a round
("the 5th meeting of", "Fourth Round of", "held its fifth session"), a meeting noun ("the
JCC meeting"), or a verb of holding ("FOC were held", "held the SCC"). The fields come from
the clause around that mention and from later sentences that refer back to it ("The meeting
was co-chaired by..."). Several mentions of one round in a text make one meeting.

The grammar is split along its seams, each module importing only those listed before it:
`context` (shared types and text tests), `rounds` (round numbers), `anchors` (mentions that name one
occasion), `time_venue` (date, venue, mode, status), `chairs`, `coreference` (sentences referring back)
and `building` (anchors into meetings). This module holds the pipeline stages.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ...model import Document
from ..lexicon import Lexicon, load_lexicon
from ..mechanisms import MechanismGrammar
from ..people import PersonGrammar
from ..pipeline import stage
from ..tokens import TokenIndex, words
from .anchors import find_anchors
from .building import build_meetings
from .context import Anchor, Context, Folded
from .time_venue import find_dateline_city, header_spans

__all__ = [
    "Anchor",
    "Context",
    "Folded",
    "attach_statements",
    "build_meetings",
    "find_anchors",
    "find_meetings",
    "grammars",
]


def _doc_parties(doc: Document) -> list[str]:
    counts = Counter(m.key for m in doc.mentions if m.kind == "country")
    return [c for c, _ in counts.most_common()]


@lru_cache(maxsize=4)
def programme_named(lex: Lexicon) -> re.Pattern[str]:
    """A text that names a programme by its acronym or its full name (a hyphen in it written as a space too)."""
    names = []
    for p in lex.programmes:
        full = re.escape(p.full_name).replace(re.escape("-"), "[- ]")
        names.append(rf"\b{re.escape(p.name)}\b|{full}")
    return re.compile("|".join(names) or "(?!)")


@lru_cache(maxsize=4)
def grammars(lex: Lexicon) -> tuple[MechanismGrammar, PersonGrammar]:
    return MechanismGrammar(lex), PersonGrammar(lex)


@stage(
    "frames",
    requires=["text", "tokens", "sentences", "mentions", "times", "published"],
    assigns=["meetings", "frame_context"],
)
def find_meetings(doc: Document) -> None:
    lex = load_lexicon()
    mech, people = grammars(lex)
    toks = words(doc.tokens, doc.text)
    ctx = Context(
        doc=doc,
        lex=lex,
        mech=mech,
        people=people,
        toks=toks,
        index=TokenIndex(toks),
        dateline_city=find_dateline_city(doc, lex),
        doc_parties=_doc_parties(doc),
        doc_cpec=bool(programme_named(lex).search(doc.text)),
    )
    ctx.header = header_spans(doc)
    doc.meetings = build_meetings(ctx)
    doc.frame_context = ctx


@stage("attach", requires=["meetings", "statements"], assigns=["statements"])
def attach_statements(doc: Document) -> None:
    """Each statement belongs to the meeting in focus where it was made: the last one reported before it."""
    if not doc.meetings:
        return
    starts = [
        (min(s.start for s in m.evidence), n) for n, m in enumerate(doc.meetings) if m.status != "reference"
    ]
    starts.sort()
    for st in doc.statements:
        owner = None
        for start, n in starts:
            if start <= st.span.start:
                owner = n
        if owner is None and starts:
            owner = starts[0][1]
        st.meeting = owner
