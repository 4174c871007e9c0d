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


def test_fragments_marked_runs_mark_the_words_found_and_escape_the_rest() -> None:
    from corridor.web.fragments import marked

    runs = [
        {"text": "<b>x</b> ", "match": False},
        {"text": "alert", "match": True},
        {"text": "&", "match": False},
    ]
    assert str(marked(runs)) == '&lt;b&gt;x&lt;/b&gt; <mark class="m-match">alert</mark>&amp;'


def test_fragments_marked_text_names_the_kinds_and_labels_of_its_spans() -> None:
    from corridor.web.fragments import marked_text
    from corridor.web.highlight import Mark, runs

    shown = marked_text(runs("a <b> c", [Mark(2, 5, "field", "date"), Mark(0, 5, "evidence", '"ev"')]))
    assert str(shown) == (
        '<div class="doc-text"><mark class="m-evidence " title="&#34;ev&#34;">a </mark>'
        '<mark class="m-evidence m-field " title="date; &#34;ev&#34;">&lt;b&gt;</mark> c</div>'
    )


def test_fragments_query_variants_change_only_what_they_name() -> None:
    from starlette.requests import Request

    from corridor.web.app import keep_query

    request = Request({"type": "http", "query_string": b"q=a+b&year=2020&offset=40&limit=20", "headers": []})
    assert keep_query(request) == "q=a+b&year=2020&"
    assert keep_query(request, year=None, topic="x&y") == "q=a+b&topic=x%26y&"
    assert keep_query(request, year=2021) == "q=a+b&year=2021&"
    assert keep_query(request) == "q=a+b&year=2020&"  # the variants above left the page's own query alone
