"""Property-based requests generated from the OpenAPI description: none may get a server error.

Runs against the app in process (ASGI); the browser tests exercise the same app over a real socket.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from corridor.kb import open_db  # noqa: E402
from corridor.web import WebConfig, create_app  # noqa: E402
from corridor.web.auth import token_hash  # noqa: E402

from .conftest import hostile_document  # noqa: E402

TOKEN = "schemathesis-token"


def build_app() -> object:
    """A base with one hand-made document (extraction is not under test here) and a live token."""
    folder = Path(tempfile.mkdtemp(prefix="corridor-st-"))
    path = folder / "st.db"
    with open_db(str(path)) as kb:
        kb.store_document(hostile_document())
        kb.create_token("st", token_hash(TOKEN))
    app = create_app(WebConfig(db=str(path), max_upload=256 * 1024, secret="st"))
    atexit.register(shutil.rmtree, folder, True)
    return app


APP = build_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_schemathesis_api_gives_no_server_error(case: object) -> None:
    case.call_and_validate(checks=[not_a_server_error], headers={"Authorization": f"Bearer {TOKEN}"})  # type: ignore[attr-defined]
