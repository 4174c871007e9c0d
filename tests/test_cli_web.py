"""`corridor token`, `export`, `brief` and `serve` on a base stored by hand."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from corridor.cli import main
from corridor.kb import open_db
from corridor.model import Meeting
from corridor.web.auth import token_hash
from tests.export.test_formats import IGC, TARIQ, doc


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "kb.db")
    with open_db(path) as kb:
        for ordinal, day in ((1, "2023-01-10"), (2, "2024-01-12")):
            kb.store_document(
                doc(
                    f"Round {ordinal}: they agreed.",
                    day,
                    Meeting(IGC, ordinal=ordinal, date=day, chairs=[TARIQ]),
                )
            )
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_cli_web_token_create_prints_a_secret_stored_only_as_hash(db: str) -> None:
    result = invoke("token", "create", "alice", "--db", db)
    assert result.exit_code == 0
    secret = result.output.strip()
    with open_db(db) as kb:
        assert kb.token_name(token_hash(secret)) == "alice"
        assert secret not in json.dumps(kb.list_tokens())
    assert invoke("token", "create", "alice", "--db", db).exit_code == 2
    assert "alice" in invoke("token", "list", "--db", db).output
    assert invoke("token", "revoke", "alice", "--db", db).exit_code == 0
    assert "revoked" in invoke("token", "list", "--db", db).output
    assert invoke("token", "revoke", "alice", "--db", db).exit_code == 1


@pytest.mark.parametrize(
    ("fmt", "start"), [("csv", "id,"), ("jsonl", "{"), ("ics", "BEGIN:VCALENDAR"), ("plover", "{")]
)
def test_cli_web_export_writes_each_format(db: str, fmt: str, start: str) -> None:
    result = invoke("export", "--format", fmt, "--db", db, "--mechanism", "IGC")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(start)


def test_cli_web_export_to_a_file_and_unknown_format(db: str, tmp_path: Path) -> None:
    out = tmp_path / "m.graphml"
    assert invoke("export", "--format", "graphml", "--db", db, "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"<?xml")
    bad = invoke("export", "--format", "xlsx", "--db", db)
    assert bad.exit_code == 2 and "csv, jsonl" in bad.output


def test_cli_web_brief_as_html_pdf_and_json(db: str, tmp_path: Path) -> None:
    html = invoke("brief", "pk-uz-igc", "--db", db)
    assert html.exit_code == 0 and "Brief: Pakistan-Uzbekistan" in html.output
    pdf = tmp_path / "b.pdf"
    assert invoke("brief", "Inter-Governmental", "--format", "pdf", "-o", str(pdf), "--db", db).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    data = json.loads(invoke("brief", "pk-uz-igc", "--format", "json", "--db", db).output)
    assert data["next_round"]["ordinal"] == 3
    assert data["chair_contacts"] == [] and "Last contacts between the chairs" in html.output
    missing = invoke("brief", "no such body", "--db", db)
    assert missing.exit_code == 1 and "no mechanism named" in missing.output


def test_cli_web_serve_refuses_a_missing_base(tmp_path: Path) -> None:
    result = invoke("serve", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no knowledge base" in result.output


@pytest.mark.parametrize(("variable", "value"), [("CORRIDOR_PORT", "http"), ("CORRIDOR_MAX_UPLOAD", "-5")])
def test_cli_web_serve_refuses_a_bad_setting_in_one_line(
    db: str, variable: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    result = invoke("serve", "--db", db)
    assert result.exit_code == 2
    assert f"{variable} is {value!r}" in result.output
    assert len(result.output.strip().splitlines()) == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def raw_request(port: int, head: bytes) -> bytes:
    """Send a GET with `head` as extra header lines; the status line of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        try:
            conn.sendall(b"GET /api/overview HTTP/1.1\r\nHost: localhost\r\n" + head + b"\r\n")
        except OSError:
            pass  # the server may hang up before it has read everything, as it should
        answer = b""
        while b"\r\n" not in answer:
            chunk = conn.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


def test_cli_web_serve_refuses_a_request_head_over_the_limit(db: str) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "corridor", "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        started = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < started and server.poll() is None, "the server did not start"
                time.sleep(0.1)
        assert raw_request(port, b"") == b"HTTP/1.1 200 OK"
        assert raw_request(port, b"X-Big: " + b"a" * 20_000_000 + b"\r\n").startswith(b"HTTP/1.1 431")
        many = b"".join(b"X-%d: %s\r\n" % (i, b"b" * 100) for i in range(2000))
        assert raw_request(port, many).startswith(b"HTTP/1.1 431")
        assert raw_request(port, b"Cookie: " + b"c" * 8000 + b"\r\n") == b"HTTP/1.1 200 OK"
    finally:
        server.terminate()
        server.wait(timeout=10)
