"""Near-duplicates: one wire story in many outlets is one story; different reports stay apart."""

from __future__ import annotations

import pytest

from corridor.model import Document
from corridor.sources.dedup import StoryIndex, from_bytes, outlet_of, shingles, signature, to_bytes

from .conftest import ENERGY, FISHERIES, TRADE, plain

WIRE = plain(ENERGY)
# The same wire copy as two outlets run it: their own credit line, one sentence trimmed or added.
OUTLET_A = "By our correspondent\n\n" + WIRE + "\n(Ledger News Service)"
OUTLET_B = WIRE.replace("Both sides reviewed", "The two sides also reviewed") + "\nRead more on our site."
# Another round of the same group: the same template, different facts.
NEXT_ROUND = (
    "KARACHI, 2 December 2024: The sixth meeting of the Pakistan-China Joint Working Group on Energy "
    "was held in Karachi on Friday.\n\nThe meeting was co-chaired by Federal Secretary for Power Aisha "
    "Qureshi and Deputy Director General of the National Energy Administration Wang Tao.\n\nBoth sides "
    "discussed the coal plant upgrades and agreed to study a solar park in Sindh.\n"
)


def indexed(*texts: str) -> StoryIndex:
    index = StoryIndex()
    for number, text in enumerate(texts):
        index.add(f"d{number}", f"d{number}", signature(text))
    return index


@pytest.mark.parametrize("copy", [WIRE, OUTLET_A, OUTLET_B], ids=["same", "credit-lines", "edited"])
def test_dedup_republished_copy_joins_the_story(copy: str) -> None:
    match = indexed(WIRE, plain(TRADE)).match(signature(copy))
    assert match is not None and match.story_id == "d0" and match.similarity >= 0.7


@pytest.mark.parametrize(
    "other", [NEXT_ROUND, plain(TRADE), plain(FISHERIES)], ids=["next-round", "trade", "fish"]
)
def test_dedup_different_reports_stay_apart(other: str) -> None:
    assert indexed(WIRE).match(signature(other)) is None


def test_dedup_match_gives_the_story_of_the_closest_document() -> None:
    index = StoryIndex()
    index.add("first", "story-1", signature(WIRE))
    index.add("copy", "story-1", signature(OUTLET_A))
    match = index.match(signature(OUTLET_A))
    assert match is not None and (match.story_id, match.document_id) == ("story-1", "copy")


def test_dedup_signature_survives_storage() -> None:
    original = signature(WIRE)
    restored = from_bytes(to_bytes(original))
    assert restored.jaccard(original) == 1.0 and len(to_bytes(original)) == 128 * 4


@pytest.mark.parametrize(
    ("text", "count"),
    [("", 0), ("Two words", 1), ("one two three four five", 1), ("One, two; THREE four five six", 2)],
)
def test_dedup_shingles_ignore_case_and_punctuation(text: str, count: int) -> None:
    assert len(shingles(text)) == count


@pytest.mark.parametrize(
    ("provenance", "url", "outlet"),
    [
        ({"site_name": "Daily Ledger"}, "https://www.ledger.example/a", "Daily Ledger"),
        ({}, "https://www.ledger.example/a", "ledger.example"),
        ({}, None, None),
    ],
)
def test_dedup_outlet_is_the_site_name_else_the_host(
    provenance: dict, url: str | None, outlet: str | None
) -> None:
    doc = Document(text="x", source="s", url=url, provenance=provenance)
    assert outlet_of(doc) == outlet
