"""Meetings as the listings' JSON text, written from their stored rows without building objects.

A page of the API's meeting listing ends as JSON text: what is stored as JSON already (a
mechanism's parties, a meeting's chosen chairs and conflicts) is copied as it is, and only the
list of sources is read. Meetings that reviewers corrected, or whose summary is not stored yet,
are built as meeting objects and written out, so the text always reads as `Reads` objects do.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .schema import MERGED_FIELDS
from .sql import _unique

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# What that encoder writes a string as; called directly, it costs a fraction of an encoder's call.
_string = json.encoder.encode_basestring


def _value(value: Any) -> str:
    """A stored column as JSON: text, a whole number or null (anything else through the encoder)."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _dumps(value)


def _strings(values: Sequence[str]) -> str:
    return f"[{','.join(map(_string, values))}]"


def corrected_meetings(conn: sqlite3.Connection, meeting_ids: Sequence[int]) -> set[int]:
    """Which of the meetings have any reviewer's correction (their chairs or fields may differ from the summary)."""
    marks = ",".join("?" * len(meeting_ids))
    rows = conn.execute(
        f"SELECT DISTINCT target_id FROM corrections WHERE target = 'meeting' AND target_id IN ({marks})",
        list(meeting_ids),
    )
    return {int(r[0]) for r in rows}


def listing_texts(
    rows: Sequence[sqlite3.Row],
    aliases: Mapping[int, list[str]],
    built: Mapping[int, dict[str, Any]],
) -> list[str]:
    """Each row's meeting object as JSON: `built` holds the objects of the rows that had to be built."""
    mechanisms: dict[int, Callable[[Sequence[str]], str]] = {}
    texts = []
    for row in rows:
        meeting_id = int(row["id"])
        if meeting_id in built:
            texts.append(_dumps(built[meeting_id]))
            continue
        mechanism_id = row["mechanism_id"]
        if mechanism_id not in mechanisms:
            mechanisms[mechanism_id] = _mechanism_writer(row, aliases.get(mechanism_id, []))
        given = json.loads(row["summary_sources"])
        documents = {document: source for document, source, _ in given}
        written = [alias for *_, forms in given for alias in forms or ()]
        fields = "".join(f',"{name}":{_value(row[name])}' for name in MERGED_FIELDS)
        texts.append(
            f'{{"id":{meeting_id},"mechanism_id":{mechanism_id},"mechanism":{mechanisms[mechanism_id](written)}'
            f'{fields},"chairs":{row["summary_chairs"]},"sources":{_strings(list(documents.values()))}'
            f',"documents":{_strings(list(documents))},"conflicts":{row["conflicts"]}'
            f',"rejected":{"true" if row["rejected"] else "false"},"corrections":[]}}'
        )
    return texts


def _mechanism_writer(row: sqlite3.Row, own: list[str]) -> Callable[[Sequence[str]], str]:
    """The mechanism part of a meeting's JSON, given the forms the meeting's reports wrote it in."""
    before = f'{{"name":{_value(row["mechanism_name"])},"aliases":'
    after = f',"parties":{row["parties"]},"programme":{_value(row["programme"])},"key":{_value(row["mechanism_key"])}}}'
    plain = f"{before}{_strings(_unique(own))}{after}"
    return lambda written: f"{before}{_strings(_unique([*own, *written]))}{after}" if written else plain
