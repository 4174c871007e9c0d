"""Lexicons: validated on load, and a user's own folders merged over the built-in files."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import LexiconError
from corridor.extract.lexicon import Lexicon, load_lexicon
from corridor.extract.run import extract_text

EXTRA_MECHANISM = """
mechanisms:
  - key: xx-yy-fisheries
    name: Atlantis-Lemuria Joint Fisheries Board
    aliases: [Fisheries Board]
    acronyms: [JFB]
    parties: [Iceland, Norway]
"""


def test_lexicon_user_folder_adds_a_mechanism(tmp_path: Path) -> None:
    (tmp_path / "mechanisms.yaml").write_text(EXTRA_MECHANISM, encoding="utf-8")
    lex = Lexicon((tmp_path,))
    assert "xx-yy-fisheries" in lex.by_key
    assert "cpec-jcc" in lex.by_key  # the built-in entries stay


def test_lexicon_user_folder_is_used_by_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mechanisms.yaml").write_text(EXTRA_MECHANISM, encoding="utf-8")
    monkeypatch.setenv("CORRIDOR_LEXICON", str(tmp_path))
    text = "REYKJAVIK, 3 May 2024: The fourth meeting of the Iceland-Norway JFB was held in Reykjavik today."
    record = extract_text(text)
    names = [m["mechanism"]["name"] for m in record["meetings"]]
    assert names == ["Atlantis-Lemuria Joint Fisheries Board"]
    assert load_lexicon().by_key.get("xx-yy-fisheries")


@pytest.mark.parametrize(
    "content, message",
    [
        ("mechanisms:\n  - key: Bad Key\n    name: X\n", "mechanisms.yaml 'Bad Key': entry key"),
        ("mechanisms:\n  - key: ok-key\n    nam: X\n", "mechanisms.yaml 'ok-key': entry name"),
        ("- just a list\n", "must hold a mapping"),
    ],
)
def test_lexicon_bad_file_names_file_and_entry(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "mechanisms.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        Lexicon((tmp_path,))


def test_lexicon_duplicate_key_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "mechanisms.yaml").write_text(
        "mechanisms:\n  - key: cpec-jcc\n    name: Again\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="cpec-jcc"):
        Lexicon((tmp_path,))
