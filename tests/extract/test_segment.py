"""Sentence splitting and the tokenizer the lexicon matcher and grammar read."""

from __future__ import annotations

import pytest

from corridor.extract.segment import split_sentences, tokenizer


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Mr. Okafor met Dr. Haddad in Lagos.", ["Mr.", "Dr."]),
        ("The U.S.-Japan talks resumed on Jan. 9 in Tokyo.", ["U.S.", "Jan."]),
        ("Details at https://mfa.example.gov/press/2024-05-10-jc-minutes.html today.", []),
    ],
)
def test_tokenizer_keeps_abbreviations_and_addresses_whole(text: str, kept: list[str]) -> None:
    tokens = [t.text for t in tokenizer()(text)]
    for form in kept:
        assert form in tokens
    assert not any(t == "/" for t in tokens)  # an address is one token, not split at slashes


def test_tokenizer_offsets_cover_the_text() -> None:
    text = "Minister Álvarez didn't attend; the 3rd JEC (Lima) did."
    doc = tokenizer()(text)
    assert "".join(t.text_with_ws for t in doc) == text


def test_sentences_do_not_end_at_an_abbreviation() -> None:
    text = "The talks were led by Gen. Tariq Aslam. They ended on Friday."
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "The talks were led by Gen. Tariq Aslam.",
        "They ended on Friday.",
    ]


def test_segment_paragraphs_broken_mid_sentence_run_on() -> None:
    text = (
        "LUSAKA, May 2 (ZNA): The 4th Session of the Zambia-Malawi Joint Permanent\n\n"
        "Commission was held in Lusaka on 30 April.\n\n"
        "The Session was co-chaired by the Foreign Minister, Mr. Stanley\n\n"
        "Kakubo and his Malawian counterpart Ms. Nancy Tembo, said a statement issued\n\n"
        "here on Tuesday. Both sides reviewed trade.\n\n"
        "A short headline\n\nThe next paragraph."
    )
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert "Mr. Stanley\n\nKakubo and his Malawian counterpart" in sentences[1]
    assert sentences[1].endswith("issued\n\nhere on Tuesday.")
    assert sentences[-2:] == ["A short headline", "The next paragraph."]


def test_segment_one_open_paragraph_is_not_run_on() -> None:
    text = "Zambia and Malawi agree on a new border post at Mwami\n\nThe two ministers met in Lusaka."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Zambia and Malawi agree on a new border post at Mwami",
        "The two ministers met in Lusaka.",
    ]


def test_segment_a_line_opening_in_lower_case_carries_on_the_sentence_before() -> None:
    text = (
        "The consultation was co-chaired by State Councilor Li Wen\n"
        "and Security Council Secretary Ivan Petrov.\n"
        "During President Ma's visit to Moscow\n"
        "'s suburbs, they met.\n\n"
        "Headline Without A Full Stop\n"
        "The next sentence."
    )
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == [
        "The consultation was co-chaired by State Councilor Li Wen\nand Security Council Secretary Ivan Petrov.",
        "During President Ma's visit to Moscow\n's suburbs, they met.",
        "Headline Without A Full Stop",
        "The next sentence.",
    ]


def test_segment_reads_texts_past_spacys_million_characters() -> None:
    """spaCy refuses 1,000,000+ characters for its parser's sake; the tokenizer alone reads them."""
    filler = "Markets were calm through the week, and the weather stayed mild. " * 30 + "\n\n"
    text = filler * (2_000_000 // len(filler)) + "The 5th JCC was held in Beijing."
    assert len(text) > 1_990_000
    tokens = tokenizer()(text)
    assert tokens[-1].idx == len(text) - 1 and tokens[-2].text == "Beijing"
