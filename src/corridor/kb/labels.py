"""How a stored document is named to a reader: by its outlet (site name, else web host) and its
title, else its headline (first line), else its address; never by the file it was read from."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

HEADING_CHARS = 120


def outlet_name(provenance: dict[str, object] | str | None, url: str | None) -> str | None:
    """The site's own name from the page's metadata, else the host of its address (without www.)."""
    if isinstance(provenance, str):
        try:
            provenance = json.loads(provenance)
        except ValueError:
            provenance = None
    site = provenance.get("site_name") if isinstance(provenance, dict) else None
    if isinstance(site, str) and site.strip():
        return " ".join(site.split())
    try:
        host = urlsplit(url.strip()).hostname if url else None
    except ValueError:
        host = None
    return host.removeprefix("www.") if host else None


def heading(title: str | None, text: str, url: str | None = None) -> str:
    """The title; else the first non-empty line, cut at a word near HEADING_CHARS; else the address."""
    if title and title.strip():
        return _cut(" ".join(title.split()))
    for line in text.splitlines():
        if line.strip():
            return _cut(" ".join(line.split()))
    return (url or "").strip() or "untitled document"


def label(outlet: str | None, head: str) -> str:
    """'Outlet: heading', or the heading alone when the outlet is unknown or already in it."""
    if outlet and outlet.casefold() not in head.casefold():
        return f"{outlet}: {head}"
    return head


def _cut(line: str) -> str:
    if len(line) <= HEADING_CHARS:
        return line
    cut = line[:HEADING_CHARS].rsplit(" ", 1)[0] or line[:HEADING_CHARS]
    return cut.rstrip(" ,;:.") + "…"
