"""A knowledge base built once from the articles in articles.py, and clients over a fresh copy of it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corridor.kb import ingest_documents, open_db
from corridor.model import Chair, Document, MechanismRef, Meeting, Span, Statement
from corridor.sources.reading import make_document
from corridor.web import WebConfig, create_app
from corridor.web.auth import new_token, token_hash

from .articles import ARTICLES, HOSTILE


def hostile_document() -> Document:
    """A document whose every field carries markup, stored without extraction."""
    text = f'Opening {HOSTILE} and <a href="javascript:alert(2)">link</a>. The talks went on {HOSTILE}.'
    ref = MechanismRef(name=f"Hostile {HOSTILE} Commission", aliases=[HOSTILE], parties=[HOSTILE, "Chile"])
    chair = Chair(name=f"Mallory {HOSTILE}", title=HOSTILE, country=HOSTILE)
    meeting = Meeting(
        mechanism=ref,
        ordinal=1,
        date="2020-01-02",
        city=HOSTILE,
        country=HOSTILE,
        mode="in_person",
        chairs=[chair],
        evidence=[Span(0, 20)],
        fields={"city": Span(8, 30)},
    )
    statement = Statement(
        kind="agree", topics=[HOSTILE, "energy"], span=Span(0, len(text) // 2), actors=[HOSTILE], meeting=0
    )
    return Document(
        text=text,
        source=f"source-{HOSTILE}",
        title=f"Title {HOSTILE}",
        url="javascript:alert(3)",
        published=date(2020, 1, 3),
        meetings=[meeting],
        statements=[statement],
    )


@pytest.fixture(scope="session")
def built_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles ingested through the real extraction pipeline, plus the hand-made hostile document."""
    folder = tmp_path_factory.mktemp("kb")
    path = folder / "web.db"
    docs = [make_document(text, name, None) for name, text in ARTICLES.items()]
    with open_db(str(path)) as kb:
        report = ingest_documents(kb, docs)
        assert report.failed == 0, report.failures
        kb.store_document(hostile_document())
    return path


@pytest.fixture(scope="session")
def token_secret() -> str:
    return new_token()


@pytest.fixture
def kb_path(built_kb: Path, tmp_path: Path, token_secret: str) -> Path:
    """A private copy, so a test that writes leaves the others' base alone; it holds one live token."""
    path = tmp_path / "web.db"
    shutil.copy(built_kb, path)
    with open_db(str(path)) as kb:
        kb.create_token("tester", token_hash(token_secret))
    return path


@pytest.fixture
def client(kb_path: Path) -> Iterator[TestClient]:
    app = create_app(WebConfig(db=str(kb_path), max_upload=64 * 1024, secret="test-secret"))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def read_client(built_kb: Path) -> Iterator[TestClient]:
    """A client over the shared base, for tests that only read."""
    app = create_app(WebConfig(db=str(built_kb), secret="test-secret"))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
