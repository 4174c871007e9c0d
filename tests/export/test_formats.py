"""Export renderers and the brief, over a base stored by hand so that extraction is beside the point."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from xml.etree import ElementTree as ET

import pytest

from corridor.export import FORMATS, export
from corridor.export.brief import NO_CONTACTS, brief_data, render_html, render_pdf
from corridor.export.ical import fold
from corridor.kb import KnowledgeBase, open_db
from corridor.kb.storage import MeetingFilters
from corridor.model import (
    Chair,
    Document,
    Engagement,
    MechanismRef,
    Meeting,
    Participant,
    Span,
    Statement,
)

IGC = MechanismRef(
    name="Pakistan-Uzbekistan Inter-Governmental Commission",
    parties=["Pakistan", "Uzbekistan"],
    key="pk-uz-igc",
)
JC = MechanismRef(name="India-Nepal Joint Commission", parties=["India", "Nepal"], key="in-np-jc")
TARIQ = Chair(name="Ayesha Tariq", title="Minister for Commerce", country="Pakistan")
SAIDOV = Chair(name="Bakhtiyor Saidov", title="Minister of Investment", country="Uzbekistan")


def doc(text: str, day: str, meeting: Meeting, kinds: tuple[str, ...] = ("agree",)) -> Document:
    statements = [
        Statement(kind=k, topics=["trade_investment"], span=Span(0, len(text)), meeting=0) for k in kinds
    ]
    return Document(
        text=text,
        source=f"{day}.txt",
        published=date.fromisoformat(day),
        meetings=[meeting],
        statements=statements,
    )


@pytest.fixture
def kb() -> Iterator[KnowledgeBase]:
    with open_db(":memory:") as base:
        for ordinal, day, city in (
            (2, "2021-03-09", "Tashkent"),
            (3, "2022-06-15", "Islamabad"),
            (5, "2024-05-20", "Dushanbe"),
        ):
            meeting = Meeting(
                IGC,
                ordinal=ordinal,
                date=day,
                city=city,
                country={"Tashkent": "Uzbekistan", "Islamabad": "Pakistan"}.get(city, "Tajikistan"),
                chairs=[TARIQ, SAIDOV],
            )
            base.store_document(
                doc(f"=SUM(A1) round {ordinal}, they agreed to trade more; then more.", day, meeting)
            )
        base.store_document(
            doc(
                "Round 8 is planned.",
                "2025-01-01",
                Meeting(JC, status="scheduled", ordinal=8, date="2025-02"),
                (),
            )
        )
        yield base


def test_formats_csv_has_one_row_per_meeting_and_no_formula(kb: KnowledgeBase) -> None:
    rows = list(csv.DictReader(io.StringIO(export(kb, "csv").decode())))
    assert [r["ordinal"] for r in rows] == ["2", "3", "5", "8"]
    assert rows[0]["chairs"].startswith("Ayesha Tariq, Minister for Commerce, Pakistan; Bakhtiyor Saidov")
    assert rows[0]["parties"] == "Pakistan; Uzbekistan"


def test_formats_csv_quotes_cells_a_spreadsheet_would_run() -> None:
    from corridor.export.formats import spreadsheet_safe

    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("Islamabad") == "Islamabad"


def test_formats_jsonl_and_filters_share_the_meeting_filters(kb: KnowledgeBase) -> None:
    lines = export(kb, "jsonl", MeetingFilters(country="Nepal")).decode().splitlines()
    assert [json.loads(line)["mechanism"]["key"] for line in lines] == ["in-np-jc"]
    assert len(export(kb, "jsonl", MeetingFilters(year=2022)).decode().splitlines()) == 1


def test_formats_parquet_round_trips(kb: KnowledgeBase) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(io.BytesIO(export(kb, "parquet")))
    assert table.num_rows == 4
    assert table.column("parties").to_pylist()[0] == ["Pakistan", "Uzbekistan"]


def test_formats_graphml_links_people_mechanisms_and_countries(kb: KnowledgeBase) -> None:
    root = ET.fromstring(export(kb, "graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    kinds = [n.find("g:data[@key='kind']", ns).text for n in root.iterfind(".//g:node", ns)]
    assert kinds.count("person") == 2 and kinds.count("mechanism") == 2 and kinds.count("country") == 4
    chaired = [
        e for e in root.iterfind(".//g:edge", ns) if e.find("g:data[@key='relation']", ns).text == "chaired"
    ]
    assert {e.find("g:data[@key='weight']", ns).text for e in chaired} == {"3"}


def test_formats_ics_has_an_event_per_dated_meeting(kb: KnowledgeBase) -> None:
    text = export(kb, "ics").decode()
    assert text.count("BEGIN:VEVENT") == 3  # the February round has no day
    assert "DTSTART;VALUE=DATE:20220615" in text and "\r\n" in text
    assert "SUMMARY:Pakistan-Uzbekistan Inter-Governmental Commission (round 3)" in text


def test_formats_ics_folds_long_lines_at_75_octets() -> None:
    folded = fold("DESCRIPTION:" + "é" * 100)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "é" * 100


def test_formats_plover_gives_consult_and_agree_events(kb: KnowledgeBase) -> None:
    events = [json.loads(line) for line in export(kb, "plover").decode().splitlines()]
    consult = [e for e in events if e["event_type"] == "CONSULT"]
    agree = [e for e in events if e["event_type"] == "AGREE"]
    assert len(consult) == 3 and len(agree) == 3  # the scheduled round is no event yet
    first = consult[0]
    assert (first["actor_country"], first["recipient_country"]) == ("PAK", "UZB")
    assert [e["event_mode"] for e in consult] == ["visit", "visit", "third-party"]
    assert agree[0]["text"].startswith("=SUM") and agree[0]["meeting_id"] == first["meeting_id"]


def test_formats_unknown_format_names_the_known_ones(kb: KnowledgeBase) -> None:
    from corridor.errors import CorridorError

    with pytest.raises(CorridorError, match="csv, jsonl, parquet, graphml, ics, plover"):
        export(kb, "xlsx")
    assert set(FORMATS) == {
        "csv",
        "jsonl",
        "parquet",
        "graphml",
        "ics",
        "plover",
        "engagements-csv",
        "engagements-jsonl",
        "engagements-parquet",
    }


def test_formats_brief_gathers_rounds_commitments_trend_and_next_round(kb: KnowledgeBase) -> None:
    mechanism = kb.find_mechanism("pk-uz-igc")
    data = brief_data(kb, mechanism, today=date(2026, 1, 1))
    assert [r["ordinal"] for r in data["last_rounds"]] == [5, 3, 2]
    assert [c["name"] for c in data["chairs"]] == ["Ayesha Tariq", "Bakhtiyor Saidov"]
    assert len(data["open_commitments"]) == 3
    assert data["gaps"] == [4]
    assert data["next_round"]["ordinal"] == 6 and data["next_round"]["overdue"]
    html = render_html(data)
    assert "Brief: Pakistan-Uzbekistan" in html and "Round 6 expected" in html
    assert render_pdf(data).startswith(b"%PDF")


def contact(kind: str, day: str, people: list[Chair], city: str | None = None, **kw: str) -> Engagement:
    return Engagement(
        kind,
        kw.pop("status", "held"),
        Span(0, 10),
        [Participant(p.name, p.title, p.country) for p in people],
        date=day,
        city=city,
        country={"Islamabad": "Pakistan", "Tashkent": "Uzbekistan"}.get(city or ""),
        **kw,
    )


def store_contacts(kb: KnowledgeBase, *engagements: Engagement) -> None:
    d = Document(
        text="Contacts of the ministers between the rounds.",
        source="contacts.txt",
        title="Ministers keep in touch",
        published=date(2025, 3, 2),
    )
    d.engagements = list(engagements)
    kb.store_document(d)


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_formats_brief_lists_the_chairs_contacts_newest_first(kb: KnowledgeBase) -> None:
    other = Chair(name="Wen Li", title="Foreign Minister", country="China")
    store_contacts(
        kb,
        contact("call", "2024-08-01", [TARIQ, SAIDOV]),
        contact("visit", "2025-02-10", [SAIDOV, TARIQ], "Islamabad"),
        contact("meeting", "2025-03-01", [TARIQ, other], "Islamabad"),  # with someone else
        contact("meeting", "2025-06-01", [TARIQ, SAIDOV], "Tashkent", status="scheduled"),  # not yet held
    )
    data = brief_data(kb, kb.find_mechanism("pk-uz-igc"), today=date(2026, 1, 1))
    contacts = data["chair_contacts"]
    assert [(c["kind"], c["date"]) for c in contacts] == [("visit", "2025-02-10"), ("call", "2024-08-01")]
    visit = contacts[0]
    assert visit["place"] == "Islamabad, Pakistan"
    assert {p["name"] for p in visit["participants"]} == {"Ayesha Tariq", "Bakhtiyor Saidov"}
    assert [s["title"] for s in visit["sources"]] == ["Ministers keep in touch"]
    assert contacts[1]["place"] == "by phone"
    html = render_html(data)
    section = html[html.index("Last contacts between the chairs") : html.index("Open commitments")]
    assert section.index("2025-02-10") < section.index("2024-08-01")
    assert "Wen Li" not in section and "Ministers keep in touch" in section and NO_CONTACTS not in section
    text = pdf_text(render_pdf(data))
    assert "Last contacts between the chairs" in text and text.index("2025-02-10") < text.index("2024-08-01")
    assert "Wen Li" not in text


def test_formats_brief_says_when_the_chairs_had_no_contact(kb: KnowledgeBase) -> None:
    other = Chair(name="Wen Li", title="Foreign Minister", country="China")
    store_contacts(kb, contact("call", "2024-08-01", [SAIDOV, other]))
    data = brief_data(kb, kb.find_mechanism("pk-uz-igc"), today=date(2026, 1, 1))
    assert data["chair_contacts"] == []
    assert json.loads(json.dumps(data))["chair_contacts"] == []
    assert NO_CONTACTS in render_html(data)
    assert NO_CONTACTS in " ".join(pdf_text(render_pdf(data)).split())
