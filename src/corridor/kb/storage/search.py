"""Full-text search over documents and statements, in work bounded however common the words are.

Hits come newest stored first, the order the full-text index keeps, so a page of results reads
only that page of the index. The total is counted up to `COUNT_CAP`, and facets are counted over
the newest `FACET_SAMPLE` hits (all of them when there are fewer). Facet filters on words found
in more than `FILTER_SCAN` texts are applied to the newest `FILTER_SCAN` of them, and the answer
says so: finding the few texts of one year among a hundred thousand with a common word would mean
reading every one of them. The matched words are marked
by the database (FTS5 `highlight()` and `snippet()`) with two private-use characters, and cut
into runs here, so a page can escape every character and mark only the matches.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import MutableMapping, Sequence
from functools import lru_cache
from typing import Any

from ...errors import StorageError
from ..labels import label
from .sql import SearchQuery

COUNT_CAP = 5000
FACET_SAMPLE = 200
FILTER_SCAN = 2000
FACET_VALUES = 20
SNIPPET_WORDS = 32
OPEN, CLOSE = "\ue000", "\ue001"

# Topic and party lists repeat across rows: each distinct one is parsed once (and never changed).
_parsed = lru_cache(maxsize=4096)(json.loads)

_PARTY_MATCH = "EXISTS (SELECT 1 FROM json_each(k.parties) p WHERE fold(p.value) = fold(:country))"
_STATEMENT_JOINS = (
    " JOIN documents d ON d.id = s.document_id LEFT JOIN meetings m ON m.id = s.meeting_id"
    " LEFT JOIN mechanisms k ON k.id = m.mechanism_id"
)
_DOCUMENT_MEETINGS = (
    "SELECT 1 FROM meeting_sources ms JOIN meetings m ON m.id = ms.meeting_id"
    " JOIN mechanisms k ON k.id = m.mechanism_id WHERE ms.document_id = d.id"
)
_FILTERS = {
    "statements": {
        "year": "substr(COALESCE(m.date, d.published), 1, 4) = :year",
        "mechanism": "m.mechanism_id = :mechanism",
        "country": f"(fold(m.country) = fold(:country) OR {_PARTY_MATCH})",
        "topic": "EXISTS (SELECT 1 FROM json_each(s.topics) t WHERE t.value = :topic)",
    },
    # A document's row id is its full-text row id too (see migration 11), so the year and the
    # mechanism select a set of row ids once, which each full-text match is looked up in.
    "documents": {
        "year": "+{row} IN (SELECT rowid FROM documents WHERE published >= :year AND published < :year || '~'"
        " AND substr(published, 1, 4) = :year)",
        "mechanism": "+{row} IN (SELECT d2.rowid FROM meeting_sources ms JOIN meetings m ON m.id = ms.meeting_id"
        " JOIN documents d2 ON d2.id = ms.document_id WHERE m.mechanism_id = :mechanism)",
        "country": f"EXISTS ({_DOCUMENT_MEETINGS} AND (fold(m.country) = fold(:country) OR {_PARTY_MATCH}))",
        "topic": "EXISTS (SELECT 1 FROM statements s, json_each(s.topics) t"
        " WHERE s.document_id = d.id AND t.value = :topic)",
    },
}


def _source(query: SearchQuery) -> tuple[str, str, list[str], dict[str, Any]]:
    """FROM, the order key (newest stored first) and WHERE clauses with parameters for a query."""
    words = query.words()
    params: dict[str, Any] = {"match": " ".join(f'"{w}"' for w in words)}
    clauses = []
    if query.scope == "statements":
        if words:
            source = f"statements_fts f JOIN statements s ON s.id = f.rowid {_STATEMENT_JOINS}"
            clauses.append("statements_fts MATCH :match")
            order = "f.rowid"
        else:
            source, order = f"statements s {_STATEMENT_JOINS}", "s.id"
    elif words:
        source = "documents_fts f JOIN documents d ON d.rowid = f.rowid"
        clauses.append("documents_fts MATCH :match")
        order = "f.rowid"
    else:
        source, order = "documents d", "d.rowid"
    for name, sql in _FILTERS[query.scope].items():
        value = getattr(query, name)
        if value is not None and value != "":
            clauses.append(sql.replace("{row}", order))
            params[name] = f"{value:04d}" if name == "year" else value
    return source, order, clauses or ["1"], params


def search(
    conn: sqlite3.Connection,
    query: SearchQuery,
    limit: int,
    offset: int,
    remembered: MutableMapping[Any, Any] | None = None,
) -> dict[str, Any]:
    """A page of hits with the words marked, the total (counted up to COUNT_CAP) and facet counts.

    Every page of one search has the same total and facets: `remembered`, when given, keeps them
    (and a filtered search's list of candidates) by query, for the caller to empty when data changes.
    """
    remembered = {} if remembered is None else remembered
    source, order, clauses, params = _source(query)
    where = " AND ".join(clauses)
    words = bool(query.words())
    filtered = len(clauses) > int(words)
    statements = query.scope == "statements"
    columns, joined = _hit_columns(source, statements, words)
    memo_key = (query, COUNT_CAP, FACET_SAMPLE, FILTER_SCAN)
    known = remembered.get(memo_key)
    try:
        if words and filtered:
            if known is None:
                floor = _newest_matches_floor(
                    conn, "statements_fts" if statements else "documents_fts", params
                )
                if floor is not None:
                    where += " AND f.rowid >= :floor"
                # Filters on a document's year or mechanism need no row of it, only its row id.
                plain = not statements and not any("d.id" in clause for clause in clauses)
                found = _candidates(
                    conn, source.split(" JOIN ")[0] if plain else source, where, {**params, "floor": floor}
                )
            else:
                floor, found = known["floor"], known["found"]
            rows = _page_of(conn, found, clauses[0], columns, joined, params, limit, offset)
            total, sample = len(found), list(found[:FACET_SAMPLE])
        else:
            floor, found = None, []
            rows = conn.execute(
                f"{columns} FROM {joined} WHERE {where} ORDER BY {order} DESC LIMIT :limit OFFSET :offset",
                {**params, "limit": limit, "offset": offset},
            ).fetchall()
            if known is None:
                # With words and no filter, the full-text index alone counts the hits (no row is read).
                counted = source if filtered or not words else source.split(" JOIN ")[0]
                key = "f.rowid" if words and not filtered else None
                total, sample = _count_and_sample(conn, counted, order, where, params, key)
            else:
                total, sample = known["total"], known["sample"]
        if known is None:
            facets = _statement_facets(conn, sample) if statements else _document_facets(conn, sample)
            remembered[memo_key] = {
                "floor": floor,
                "found": found,
                "total": total,
                "sample": sample,
                "facets": facets,
            }
        else:
            facets = known["facets"]
    except sqlite3.OperationalError as exc:
        raise StorageError(f"cannot search for {query.text!r}: {exc}; search for words") from exc
    hits = [_statement_hit(r) if statements else _document_hit(r, words) for r in rows]
    return {
        "total": min(total, COUNT_CAP),
        "total_capped": total > COUNT_CAP,
        "results": hits,
        "facets": facets,
        "facets_from": len(sample) if len(sample) == FACET_SAMPLE else None,
        "filtered_from": FILTER_SCAN if floor is not None else None,
    }


def _hit_columns(source: str, statements: bool, words: bool) -> tuple[str, str]:
    """The SELECT of a page of hits (words marked when there are words) and what it reads FROM."""
    if statements:
        text = f"highlight(statements_fts, 0, '{OPEN}', '{CLOSE}')" if words else "s.text"
        columns = (
            f'SELECT s.id, s.document_id, s.meeting_id, s.kind, s.topics, s.actors, s.start, s."end", {text} AS marked,'
            " d.source, d.published, d.url, m.date AS meeting_date, m.ordinal, m.status,"
            " k.id AS mechanism_id, k.name AS mechanism, l.site, l.heading"
        )
        return columns, f"{source} LEFT JOIN document_labels l ON l.document_id = s.document_id"
    text = (
        f"snippet(documents_fts, 2, '{OPEN}', '{CLOSE}', '…', {SNIPPET_WORDS})"
        if words
        else "substr(d.text, 1, 240)"
    )
    title = f"highlight(documents_fts, 1, '{OPEN}', '{CLOSE}')" if words else "d.title"
    columns = (
        f"SELECT d.id, d.source, d.title, {title} AS marked_title, d.published, d.url,"
        f" {text} AS marked, length(d.text) AS length, l.site, l.heading"
    )
    return columns, f"{source} LEFT JOIN document_labels l ON l.document_id = d.id"


def _count_and_sample(
    conn: sqlite3.Connection,
    counted: str,
    order: str,
    where: str,
    params: dict[str, Any],
    key: str | None,
) -> tuple[int, list[Any]]:
    """Words without a filter, or no words: the hits counted up to COUNT_CAP, and the ids of the
    newest FACET_SAMPLE (`key` when given), each read from `counted` by its own query."""
    total = int(
        conn.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {counted} WHERE {where} LIMIT {COUNT_CAP + 1})", params
        ).fetchone()[0]
    )
    statements = counted.startswith("statements")
    sample = [
        r[0]
        for r in conn.execute(
            f"SELECT {key or ('s.id' if statements else 'd.rowid')} FROM {counted} WHERE {where}"
            f" ORDER BY {order} DESC LIMIT {FACET_SAMPLE}",
            params,
        )
    ]
    return total, sample


def _candidates(conn: sqlite3.Connection, source: str, where: str, params: dict[str, Any]) -> list[int]:
    """Words and a filter: at most FILTER_SCAN matches qualify, so they are listed once, newest first,
    by full-text row id (a statement's id, a document's row id); the count, the facet sample and
    every page come from that list."""
    rows = conn.execute(f"SELECT f.rowid FROM {source} WHERE {where} ORDER BY f.rowid DESC", params)
    return [int(r[0]) for r in rows]


def _page_of(
    conn: sqlite3.Connection,
    found: Sequence[int],
    match: str,
    columns: str,
    joined: str,
    params: dict[str, Any],
    limit: int,
    offset: int,
) -> list[sqlite3.Row]:
    """One page of listed candidates, read within the range of full-text row ids they span (a range
    the full-text index seeks to) keeping only the page's own, so words are marked for those alone."""
    page = list(found[offset : offset + limit])
    if not page:
        return []
    return conn.execute(
        f"{columns} FROM {joined} WHERE {match}"
        f" AND f.rowid BETWEEN {page[-1]} AND {page[0]} AND +f.rowid IN ({','.join(map(str, page))})"
        " ORDER BY f.rowid DESC",
        params,
    ).fetchall()


def _newest_matches_floor(conn: sqlite3.Connection, table: str, params: dict[str, Any]) -> int | None:
    """The row id of the FILTER_SCAN-th newest match of the words, when there are more matches than that."""
    if not params["match"]:
        return None
    row = conn.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH :match ORDER BY rowid DESC LIMIT 1 OFFSET {FILTER_SCAN - 1}",
        {"match": params["match"]},
    ).fetchone()
    return int(row[0]) if row else None


def marked_runs(text: str | None) -> list[dict[str, Any]]:
    """Text marked by the database, as runs {text, match}; the marks themselves are dropped."""
    runs: list[dict[str, Any]] = []
    for i, piece in enumerate((text or "").split(OPEN)):
        inside, _, after = piece.partition(CLOSE) if i else ("", "", piece)
        for part, match in ((inside, True), (after, False)):
            if part:
                runs.append({"text": part.replace(CLOSE, ""), "match": match})
    return runs


def _plain(runs: list[dict[str, Any]]) -> str:
    return "".join(r["text"] for r in runs)


def _statement_hit(row: sqlite3.Row) -> dict[str, Any]:
    runs = marked_runs(row["marked"])
    return {
        "id": row["id"],
        "kind": row["kind"],
        "text": _plain(runs),
        "marked": runs,
        "topics": json.loads(row["topics"]),
        "actors": json.loads(row["actors"]),
        "evidence": [{"start": row["start"], "end": row["end"]}],
        "date": row["meeting_date"] or row["published"],
        "meeting_id": row["meeting_id"],
        "meeting": (
            {
                "id": row["meeting_id"],
                "mechanism_id": row["mechanism_id"],
                "mechanism": row["mechanism"],
                "ordinal": row["ordinal"],
                "date": row["meeting_date"],
                "status": row["status"],
            }
            if row["meeting_id"] is not None
            else None
        ),
        "mechanism_id": row["mechanism_id"],
        "mechanism": row["mechanism"],
        "document_id": row["document_id"],
        "source": row["source"],
        "label": label(row["site"], row["heading"] or row["source"]),
        "published": row["published"],
        "url": row["url"],
    }


def _document_hit(row: sqlite3.Row, words: bool) -> dict[str, Any]:
    runs = marked_runs(row["marked"])
    if not words and row["length"] > len(_plain(runs)):
        runs.append({"text": "…", "match": False})
    title = marked_runs(row["marked_title"]) if row["title"] else []
    return {
        "id": row["id"],
        "source": row["source"],
        "title": row["title"],
        "label": label(row["site"], row["heading"] or row["source"]),
        "site": row["site"],
        "heading": row["heading"] or row["source"],
        "published": row["published"],
        "url": row["url"],
        "snippet": _plain(runs),
        "marked": runs,
        "marked_title": title,
    }


def _marks(ids: Sequence[Any]) -> str:
    return ",".join("?" * len(ids))


def _statement_facets(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[str, list[dict[str, Any]]]:
    rows = conn.execute(
        "SELECT substr(COALESCE(m.date, d.published), 1, 4) AS year, k.id AS mechanism, k.name, k.parties,"
        f" m.country, s.topics FROM statements s {_STATEMENT_JOINS} WHERE s.id IN ({_marks(ids)})",
        list(ids),
    ).fetchall()
    years, mechanisms, countries, topics = Counter[str](), Counter[int](), Counter[str](), Counter[str]()
    names: dict[int, str] = {}
    for r in rows:
        if r["year"]:
            years[r["year"]] += 1
        if r["mechanism"] is not None:
            mechanisms[r["mechanism"]] += 1
            names[r["mechanism"]] = r["name"]
            countries.update({*_parsed(r["parties"]), *([r["country"]] if r["country"] else [])})
        topics.update(set(_parsed(r["topics"])))
    return _facets(years, mechanisms, names, countries, topics)


def _document_facets(conn: sqlite3.Connection, rowids: Sequence[int]) -> dict[str, list[dict[str, Any]]]:
    sampled = conn.execute(
        f"SELECT id, published FROM documents WHERE rowid IN ({_marks(rowids)})", list(rowids)
    ).fetchall()
    years = Counter(r[1][:4] for r in sampled if r[1])
    ids = [r[0] for r in sampled]
    marks = _marks(ids)
    mechanisms, countries, topics = Counter[int](), Counter[str](), Counter[str]()
    names: dict[int, str] = {}
    per_document: dict[str, tuple[set[int], set[str]]] = {}
    for r in conn.execute(
        "SELECT ms.document_id, k.id, k.name, k.parties, m.country FROM meeting_sources ms"
        " JOIN meetings m ON m.id = ms.meeting_id JOIN mechanisms k ON k.id = m.mechanism_id"
        f" WHERE ms.document_id IN ({marks})",
        list(ids),
    ):
        found, places = per_document.setdefault(r[0], (set(), set()))
        found.add(r[1])
        names[r[1]] = r[2]
        places.update({*_parsed(r[3]), *([r[4]] if r[4] else [])})
    for found, places in per_document.values():
        mechanisms.update(found)
        countries.update(places)
    by_document: dict[str, set[str]] = {}
    for r in conn.execute(
        f"SELECT document_id, topics FROM statements WHERE document_id IN ({marks})", list(ids)
    ):
        by_document.setdefault(r[0], set()).update(_parsed(r[1]))
    for found_topics in by_document.values():
        topics.update(found_topics)
    return _facets(years, mechanisms, names, countries, topics)


def _facets(
    years: Counter[str],
    mechanisms: Counter[int],
    names: dict[int, str],
    countries: Counter[str],
    topics: Counter[str],
) -> dict[str, list[dict[str, Any]]]:
    def top(counter: Counter[Any]) -> list[tuple[Any, int]]:
        return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:FACET_VALUES]

    return {
        "year": [{"value": y, "n": n} for y, n in sorted(years.items(), reverse=True)],
        "mechanism": [
            {"value": k, "label": names[k], "n": n}
            for k, n in sorted(mechanisms.items(), key=lambda kv: (-kv[1], names[kv[0]]))[:FACET_VALUES]
        ],
        "country": [{"value": c, "n": n} for c, n in top(countries)],
        "topic": [{"value": t, "n": n} for t, n in top(topics)],
    }
