"""A fast, deterministic stand-in for extraction, for tests of batches rather than of extraction.

Each text names its round, mechanism and city on a first line, 'round 3 of JWG-2 in Lahore';
the stand-in reports that meeting and a follow-up round, two chairs and three statements,
so that storing one document takes many rows, as real documents do.
"""

from __future__ import annotations

import re
import time

from corridor.model import Chair, Document, MechanismRef, Meeting, Span, Statement

_LINE = re.compile(r"round (\d+) of (\S+) in (\w+)")


def extract(doc: Document) -> Document:
    """Fill in the meetings and statements the first line announces."""
    found = _LINE.search(doc.text)
    if found is None:
        return doc
    ordinal, name, city = int(found[1]), found[2], found[3]
    mechanism = MechanismRef(name=f"Joint Working Group {name}", parties=["Pakistan", "China"])
    span = Span(found.start(), found.end())
    chairs = [
        Chair(f"Chair {name} A", "Secretary", "Pakistan"),
        Chair(f"Chair {name} B", "Director", "China"),
    ]
    doc.meetings = [
        Meeting(mechanism, ordinal=ordinal, city=city, chairs=chairs, evidence=[span]),
        Meeting(mechanism, status="scheduled", ordinal=ordinal + 1, evidence=[span]),
    ]
    doc.statements = [Statement(kind, ["energy"], span, meeting=0) for kind in ("agree", "review", "commit")]
    return doc


def slow_statements(seconds: float) -> None:
    """Make every statement insert wait, so that a kill often lands inside a transaction."""
    from corridor.kb import storage

    original = storage.KnowledgeBase._insert_statement

    def waiting(self: storage.KnowledgeBase, *args: object) -> None:
        time.sleep(seconds)
        original(self, *args)  # type: ignore[arg-type]

    storage.KnowledgeBase._insert_statement = waiting  # type: ignore[method-assign]


def install() -> None:
    from corridor.extract import run

    run.extract_document = extract  # type: ignore[assignment]


if __name__ == "__main__":
    import sys

    install()
    slow_statements(float(sys.argv.pop(1)))
    from corridor.cli import run as cli

    sys.argv[0] = "corridor"
    cli()
