"""Near-duplicate stories: the same wire copy republished by several outlets.

Ten outlets running one agency report are one source, not ten confirmations. MinHash
over word shingles estimates how much text two documents share, and locality-sensitive
hashing finds the candidates without comparing every pair, so each new document is
checked against everything stored in about constant time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..model import Document

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
SHINGLE_WORDS = 5
# Republished copies share most of their shingles; separate reports of one meeting, even
# from one ministry's template, share far fewer because names, dates and figures differ.
THRESHOLD = 0.7
# Candidates are gathered below the threshold, so a copy near it is not missed by chance,
# then kept only when their estimated similarity reaches it.
CANDIDATE_THRESHOLD = 0.5
SCHEME = "affine32"  # stored signatures are 32-bit; pinned so that they stay comparable
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """Overlapping runs of SHINGLE_WORDS words, case and punctuation ignored."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> MinHash:
    """The MinHash of a text's shingles: NUM_PERM numbers that stand for the whole set."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(sorted(shingles(text)))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    """A signature as it is stored beside its document."""
    return bytes(minhash.hashvalues.astype("<u4").tobytes())


def from_bytes(data: bytes) -> MinHash:
    import numpy as np
    from datasketch import MinHash

    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


def outlet_of(doc: Document) -> str | None:
    """Who published a document: the site's own name, else the host of its address."""
    site = doc.provenance.get("site_name")
    if isinstance(site, str) and site:
        return site
    host = urlsplit(doc.url).hostname if doc.url else None
    return host.removeprefix("www.") if host else None


@dataclass(frozen=True, slots=True)
class Match:
    """The story a document belongs to, and how alike it is to the closest member."""

    story_id: str
    document_id: str
    similarity: float


class StoryIndex:
    """Every known document's signature, by story, searchable for near-duplicates."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.lsh: Any = MinHashLSH(threshold=min(threshold, CANDIDATE_THRESHOLD), num_perm=NUM_PERM)
        self.stories: dict[str, str] = {}
        self.signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self.stories)

    def add(self, document_id: str, story_id: str, minhash: MinHash) -> None:
        """Index a document under its story; a document already indexed is left as it is."""
        if document_id in self.stories:
            return
        self.lsh.insert(document_id, minhash)
        self.stories[document_id] = story_id
        self.signatures[document_id] = minhash

    def match(self, minhash: MinHash) -> Match | None:
        """The story of the most similar indexed document at or above the threshold, if any."""
        best: Match | None = None
        for document_id in self.lsh.query(minhash):
            similarity = float(minhash.jaccard(self.signatures[document_id]))
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = Match(self.stories[document_id], document_id, similarity)
        return best
