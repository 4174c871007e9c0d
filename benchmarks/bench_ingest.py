"""Does merging stay local? Storing into a large knowledge base against storing into an empty one.

Each new account of a meeting is matched to the stored meeting of the same mechanism and
round (or date), each chair to a stored person and each mechanism name to a stored
mechanism, through indexes. If any of that read the whole base, storing into a base of
100,000 documents would cost far more than storing into an empty one. The bar: at most
1.5 times.

1. N synthetic documents (default 10,000) are written by make_corpus.py and extracted for
   real, once; extraction is not timed.
2. The large base: copies of those extractions with the text changed (new content ids),
   rounds renumbered and dates moved back a year per copy, so the base holds the same
   mechanisms and people with many more rounds; stored through `store_document` like any
   document, without re-extracting (default 100,000 documents).
3. Timed: storing M fresh extractions (default 10,000: the N texts as new documents, with
   their text changed) into an empty base and into a copy of the large one, in alternating
   batches of 250 so that whatever else the machine does weighs on both alike.

    .venv/bin/python benchmarks/bench_ingest.py                        # 100,000 + 10,000
    .venv/bin/python benchmarks/bench_ingest.py --base 20000 --docs 2000 --texts 2000   # quicker
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import write_corpus  # noqa: E402

from corridor.extract.run import extract_document  # noqa: E402
from corridor.kb import KnowledgeBase, open_db  # noqa: E402
from corridor.model import Document, Meeting  # noqa: E402
from corridor.sources.reading import read_inputs  # noqa: E402

MAX_RATIO = 1.5
BATCH = 250


def extracted(count: int, folder: Path) -> list[Document]:
    """`count` synthetic texts, extracted by the real pipeline."""
    write_corpus(folder, count)
    out = []
    for item in read_inputs([str(folder)]):
        if isinstance(item, Document):
            doc = extract_document(item)
            doc.tokens, doc.mentions, doc.times, doc.sentences = None, [], [], []  # keep memory small
            out.append(doc)
    return out


def variant(doc: Document, copy: int, *, older: bool) -> Document:
    """A new document saying what `doc` says; for the base, about rounds `copy` series-lengths earlier."""
    text = f"{doc.text}\n[{'archive' if older else 'update'} {copy}]"
    meetings = [_older(m, copy) for m in doc.meetings] if older else list(doc.meetings)
    return replace(doc, text=text, id="", meetings=meetings, statements=list(doc.statements))


def _older(meeting: Meeting, copy: int) -> Meeting:
    """The same mechanism and people, `copy` hundred rounds and `copy` years before."""
    ordinal = meeting.ordinal + 100 * copy if meeting.ordinal is not None else None
    return replace(
        meeting, ordinal=ordinal, date=_years_before(meeting.date, copy), chairs=list(meeting.chairs),
        evidence=list(meeting.evidence),
    )  # fmt: skip


def _years_before(day: str | None, years: int) -> str | None:
    """A date, month or year moved back; None when it would fall before year 1."""
    if not day or not day[:4].isdigit() or int(day[:4]) - years < 1:
        return None
    if len(day) == 10:
        moved = date.fromisoformat(day) - timedelta(days=366 * years)
        return moved.isoformat() if moved.year > 1 else None
    return f"{int(day[:4]) - years:04d}{day[4:]}"


def stream(templates: list[Document], count: int, *, older: bool) -> Iterator[Document]:
    for i in range(count):
        copy, template = divmod(i, len(templates))
        yield variant(templates[template], copy + 1, older=older)


def fill(kb: KnowledgeBase, docs: Iterator[Document]) -> tuple[int, float]:
    """Store every document; returns how many and the seconds it took."""
    started = time.perf_counter()
    stored = 0
    for doc in docs:
        stored += kb.store_document(doc).status == "stored"
    return stored, time.perf_counter() - started


def timed_pair(
    empty: KnowledgeBase, full: KnowledgeBase, docs: Iterator[Document]
) -> tuple[int, float, int, float]:
    """Store the same documents into both bases, alternating batches so that load on the
    machine weighs on both sides alike."""
    totals = [0, 0.0, 0, 0.0]
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) == BATCH:
            _both(empty, full, batch, totals)
            batch = []
    if batch:
        _both(empty, full, batch, totals)
    return int(totals[0]), totals[1], int(totals[2]), totals[3]


def _both(empty: KnowledgeBase, full: KnowledgeBase, batch: list[Document], totals: list[float]) -> None:
    for offset, kb in ((0, empty), (2, full)):
        stored, seconds = fill(kb, iter(batch))
        totals[offset] += stored
        totals[offset + 1] += seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=100_000, help="documents in the large base")
    parser.add_argument("--docs", type=int, default=10_000, help="documents stored in each timed run")
    parser.add_argument("--texts", type=int, default=10_000, help="distinct synthetic texts extracted")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="corridor-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        templates = extracted(args.texts, folder / "corpus")
        print(f"extracted {len(templates)} texts in {time.perf_counter() - started:.1f} s (not timed below)")

        base_path = folder / "base.db"
        with open_db(str(base_path)) as kb:
            kb.conn.execute("PRAGMA synchronous = OFF")  # building the fixture only
            stored, seconds = fill(kb, stream(templates, args.base, older=True))
            meetings = kb.count("meetings")
        print(f"base: {stored} documents, {meetings} meetings, built in {seconds:.1f} s")

        full_path = folder / "full.db"
        shutil.copy(base_path, full_path)
        with open_db(str(folder / "empty.db")) as empty, open_db(str(full_path)) as full:
            empty_n, empty_s, full_n, full_s = timed_pair(
                empty, full, stream(templates, args.docs, older=False)
            )

    ratio = full_s / empty_s if empty_s else float("inf")
    figures = {
        "base_documents": stored,
        "documents": args.docs,
        "empty": {
            "stored": empty_n,
            "seconds": round(empty_s, 2),
            "docs_per_second": round(empty_n / empty_s, 1),
        },
        "full": {"stored": full_n, "seconds": round(full_s, 2), "docs_per_second": round(full_n / full_s, 1)},
        "ratio": round(ratio, 3),
        "max_ratio": MAX_RATIO,
    }
    print(f"into an empty base:        {empty_n} documents in {empty_s:.1f} s")
    print(f"into a base of {stored:>7}:  {full_n} documents in {full_s:.1f} s")
    print(f"ratio {ratio:.2f} (bar {MAX_RATIO}): {'PASS' if ratio <= MAX_RATIO else 'FAIL'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0 if ratio <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
