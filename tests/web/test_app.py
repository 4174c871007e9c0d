"""How the app runs: the number of requests it works on at once, and where that comes from."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corridor.errors import CorridorError
from corridor.web.app import create_app
from corridor.web.config import WebConfig


def test_app_works_on_at_most_the_configured_number_of_requests_at_once(
    built_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corridor.web import views

    running, peak, lock = 0, 0, threading.Lock()
    mechanisms = views.mechanisms

    def slow(kb: object) -> dict[str, object]:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return mechanisms(kb)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "mechanisms", slow)
    app = create_app(WebConfig(db=str(built_kb), cache_entries=0, threads=2, secret="s"))
    with TestClient(app) as client:
        answers: list[int] = []
        callers = [
            threading.Thread(target=lambda: answers.append(client.get("/api/mechanisms").status_code))
            for _ in range(8)
        ]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join()
    assert answers == [200] * 8
    assert peak == 2


def test_app_thread_setting_must_be_a_positive_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_WEB_THREADS", "many")
    with pytest.raises(CorridorError, match="^CORRIDOR_WEB_THREADS is 'many'"):
        WebConfig.from_settings(db="x.db")
    monkeypatch.setenv("CORRIDOR_WEB_THREADS", "3")
    assert WebConfig.from_settings(db="x.db").threads == 3


def test_app_templates_read_a_dict_key_before_a_dict_method_of_that_name() -> None:
    from corridor.web.app import templates

    page = templates().from_string("{{ data.items | length }} {{ data.counts.items() | list | length }}")
    assert page.render(data={"items": [1, 2, 3], "counts": {"a": 1, "b": 2}}) == "3 2"
