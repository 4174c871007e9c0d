"""Row markup written in Python: a meeting's place and its chairs, every value escaped."""

from __future__ import annotations

from typing import Any

import pytest

from corridor.web.fragments import chairs, place


@pytest.mark.parametrize(
    ("record", "shown"),
    [
        ({"city": "Tashkent", "country": "Uzbekistan", "mode": "in_person"}, "Tashkent, Uzbekistan"),
        ({"city": None, "country": "Nepal", "mode": None}, "Nepal"),
        ({"city": None, "country": None, "mode": None}, "?"),
        ({"city": "Baku", "country": None, "mode": "virtual"}, "video link (Baku)"),
        ({"city": None, "country": None, "mode": "virtual"}, "video link"),
        ({"city": "<b>A&B</b>", "country": "", "mode": None}, "&lt;b&gt;A&amp;B&lt;/b&gt;"),
    ],
)
def test_fragments_place(record: dict[str, Any], shown: str) -> None:
    assert str(place(record)) == shown


def test_fragments_chairs_link_people_and_escape_every_value() -> None:
    listed = [
        {"person": 4, "name": "Amina Kar", "title": "Minister", "country": "Pakistan"},
        {"person": None, "name": "<i>X</i>", "title": None, "country": "China & co"},
        {"person": 9, "name": "Bilal", "title": None, "country": None},
    ]
    assert str(chairs(listed)) == (
        '<a href="/people/4">Amina Kar</a> <span class="muted">(Minister, Pakistan)</span>; '
        '&lt;i&gt;X&lt;/i&gt; <span class="muted">(China &amp; co)</span>; <a href="/people/9">Bilal</a>'
    )
    assert not chairs([])  # so that a template can write `chairs(m.chairs) or "Not reported."`
