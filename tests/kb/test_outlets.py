"""Outlet classes: official, news agency or other, from the address or the head and tail of a text."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.kb.outlets import classify, load_outlets, trust_by_rank
from corridor.model import Document


@pytest.mark.parametrize(
    ("source", "text", "outlet"),
    [
        ("https://www.mofa.gov.pk/press-releases/x", "The meeting was held.", "official"),
        ("https://www.fmprc.gov.cn/eng/x.html", "The meeting was held.", "official"),
        ("a.txt", "Press Release\n\nISLAMABAD: The meeting was held.", "official"),
        ("https://www.app.com.pk/national/x/", "The meeting was held.", "agency"),
        ("a.txt", "BEIJING, April 10 (APP): The meeting was held.", "agency"),
        ("a.txt", "NEW DELHI: The meeting was held. " + "More. " * 200 + "-- (PTI)", "agency"),
        ("https://www.dawn.com/news/1", "ISLAMABAD: The meeting was held.", "other"),
        # a ministry named deep in the body is no press release
        (
            "a.txt",
            "ISLAMABAD: Talks. " + "More. " * 200 + "the Ministry of Foreign Affairs said. " + "End. " * 80,
            "other",
        ),
        # an agency's page quoting a press release is still official
        ("https://www.app.com.pk/x", "Press Release: the meeting was held.", "official"),
    ],
)
def test_outlets_classify(source: str, text: str, outlet: str) -> None:
    url = source if "://" in source else None
    assert classify(Document(text=text, source=source, url=url)).name == outlet


def test_outlets_ranks_and_trust_are_data() -> None:
    table = load_outlets()
    ranks = {c.name: c.rank for c in table.classes} | {table.default.name: table.default.rank}
    assert ranks["official"] > ranks["agency"] > ranks["other"]
    trust = trust_by_rank(table)
    assert trust[ranks["official"]] > trust[ranks["agency"]] > trust[ranks["other"]]


def test_outlets_user_lexicon_adds_an_outlet(tmp_path: Path) -> None:
    (tmp_path / "outlets.yaml").write_text(
        "classes:\n  - name: agency\n    rank: 2\n    trust: 0.8\n    hosts: [example-wire.org]\n",
        encoding="utf-8",
    )
    doc = Document(text="Talks were held.", source="x", url="https://news.example-wire.org/a")
    assert classify(doc).name == "other"
    assert classify(doc, load_outlets(str(tmp_path))).name == "agency"
