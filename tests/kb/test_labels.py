"""A document is named by its outlet and title, else its headline, else its address."""

from __future__ import annotations

import pytest

from corridor.kb.labels import heading, label, outlet_name


@pytest.mark.parametrize(
    ("provenance", "url", "expected"),
    [
        ({"site_name": "Dawn"}, "https://www.dawn.com/news/1", "Dawn"),
        ('{"site_name": "  Xinhua  News "}', None, "Xinhua News"),
        ({}, "https://www.mofa.gov.pk/press/123", "mofa.gov.pk"),
        (None, "file.jsonl:7", None),
        ("not json", None, None),
    ],
)
def test_labels_outlet_is_the_site_name_else_the_host(
    provenance: object, url: str | None, expected: str | None
) -> None:
    assert outlet_name(provenance, url) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "text", "url", "expected"),
    [
        ("  JCC  meets ", "Body.", None, "JCC meets"),
        (
            None,
            "\n\nPakistan, China hold 14th JCC\nBEIJING: The 14th meeting...",
            None,
            "Pakistan, China hold 14th JCC",
        ),
        (None, "   ", "https://example.org/a", "https://example.org/a"),
        (None, "word " * 60, None, ("word " * 24).strip() + "…"),
    ],
)
def test_labels_heading_is_the_title_else_the_first_line_else_the_address(
    title: str | None, text: str, url: str | None, expected: str
) -> None:
    assert heading(title, text, url) == expected


def test_labels_label_names_the_outlet_once() -> None:
    assert label("Dawn", "JCC meets") == "Dawn: JCC meets"
    assert label("Dawn", "Dawn: JCC meets") == "Dawn: JCC meets"
    assert label(None, "JCC meets") == "JCC meets"
