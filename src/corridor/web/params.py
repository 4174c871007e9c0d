"""Query parameters shared by pages, their .json twins and the API, so the same URL filters the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fastapi import Path, Query, Request
from fastapi.exceptions import RequestValidationError

from ..kb.storage import KnowledgeBase, MeetingFilters, SearchQuery
from ..model import date_prefix_problem

MAX_ID = 2**53  # larger numbers are no row id and would overflow SQLite's integers
DATE_PREFIX = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def reader(request: Request) -> KnowledgeBase:
    """A stand-in for the knowledge-base connection of whichever worker thread uses it."""
    return request.app.state.db.reader()  # type: ignore[no-any-return]


async def get_kb(request: Request) -> KnowledgeBase:
    """The request's knowledge base, as a dependency.

    Dependencies here are `async` so that resolving them costs no trip to the thread pool;
    only the handlers, which read the database, run there.
    """
    return reader(request)


def row_id(name: str) -> int:
    """A path parameter holding a row id (1 .. 2**53)."""
    return Path(ge=1, le=MAX_ID, description=f"Stable {name} id, as the listings give it.")  # type: ignore[no-any-return]


async def meeting_filters(
    mechanism: int | None = Query(None, ge=1, le=MAX_ID, description="Mechanism id."),
    country: str | None = Query(None, max_length=200, description="Host country or one of the parties."),
    status: Literal["held", "scheduled", "reference"] | None = Query(None, description="Meeting status."),
    year: int | None = Query(None, ge=1, le=9999, description="Meetings dated in this year."),
    since: str | None = Query(None, pattern=DATE_PREFIX, description="Dated on or after YYYY[-MM[-DD]]."),
    until: str | None = Query(None, pattern=DATE_PREFIX, description="Dated on or before YYYY[-MM[-DD]]."),
    party: str | None = Query(None, max_length=200, description="One of the mechanism's parties."),
    host: str | None = Query(None, max_length=200, description="The country the meeting was held in."),
    chair: int | None = Query(None, ge=1, le=MAX_ID, description="Person id of one of the chairs."),
) -> MeetingFilters:
    for name, value in (("since", since), ("until", until)):
        problem = date_prefix_problem(value) if value else None
        if problem:
            raise RequestValidationError([{"loc": ("query", name), "msg": problem, "type": "value_error"}])
    return MeetingFilters(mechanism, country or None, status, year, since, until, party, host, chair)


SORTS = ["date", "mechanism", "round", "status", "country"]
Sort = Literal[
    "date", "-date", "mechanism", "-mechanism", "round", "-round", "status", "-status", "country", "-country"
]


async def meeting_sort(
    sort: Sort = Query("-date", description="Column to sort by; '-' before it for descending."),
) -> str:
    return sort


@dataclass(frozen=True, slots=True)
class Paging:
    """limit and offset of a listing."""

    limit: int
    offset: int


async def paging(
    limit: int = Query(50, ge=1, le=500, description="Items per page."),
    offset: int = Query(0, ge=0, le=10**9, description="Items to skip."),
) -> Paging:
    return Paging(limit, offset)


async def search_query(
    q: str = Query("", max_length=500, description="Words to find; every word must occur."),
    scope: Literal["documents", "statements"] = Query("documents", description="What to search."),
    country: str | None = Query(None, max_length=200, description="Facet: a party or host country."),
    mechanism: int | None = Query(None, ge=1, le=MAX_ID, description="Facet: mechanism id."),
    year: int | None = Query(None, ge=1, le=9999, description="Facet: year."),
    topic: str | None = Query(None, max_length=100, description="Facet: topic id."),
) -> SearchQuery:
    return SearchQuery(q, scope, country or None, mechanism, year, topic or None)
