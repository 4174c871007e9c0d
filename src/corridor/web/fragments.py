"""Markup that pages repeat many times (a meeting's place and chairs, marked text), written here once.

A template macro called for each row of a long table, or each run of a marked text, costs more
than the data it shows; these functions give the same markup, with every value escaped, for a
fraction of that.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape


def _get(record: Any, name: str) -> Any:
    return record.get(name) if isinstance(record, dict) else getattr(record, name, None)


def _joined(*values: Any) -> str:
    """The values given (empty ones left out) joined by commas, as the template filters `select | join` would."""
    return ", ".join(str(v) for v in values if v)


def place(record: Any) -> Markup:
    """'City, Country' of a meeting or an engagement, 'video link (…)' when it met by video, '?' when unknown."""
    where = _joined(_get(record, "city"), _get(record, "country"))
    if _get(record, "mode") == "virtual":
        return Markup(f"video link ({escape(where)})" if where else "video link")
    return escape(where or "?")


def chairs(items: Iterable[Any]) -> Markup:
    """Chairs separated by semicolons: each name linked to its person page, with title and side after it."""
    shown = []
    for chair in items:
        person, name = _get(chair, "person"), escape(_get(chair, "name"))
        text = f'<a href="/people/{escape(person)}">{name}</a>' if person else name
        office = _joined(_get(chair, "title"), _get(chair, "country"))
        shown.append(f'{text} <span class="muted">({escape(office)})</span>' if office else text)
    return Markup("; ".join(shown))


def marked(runs: Iterable[Any]) -> Markup:
    """Runs of a search hit ({text, match}), the words found in <mark>."""
    return Markup(
        "".join(
            f'<mark class="m-match">{escape(_get(run, "text"))}</mark>'
            if _get(run, "match")
            else escape(_get(run, "text"))
            for run in runs
        )
    )


def marked_text(runs: Iterable[Any]) -> Markup:
    """A document's text in runs (`highlight.Run`), each run under extracted spans in a <mark> naming their kinds."""
    shown = []
    for run in runs:
        if run.marks:
            kinds = "".join(f"m-{escape(kind)} " for kind in run.kinds)
            shown.append(f'<mark class="{kinds}" title="{escape(run.title)}">{escape(run.text)}</mark>')
        else:
            shown.append(escape(run.text))
    return Markup(f'<div class="doc-text">{"".join(shown)}</div>')
