"""The settings table: flag, then environment, then default; numbers checked in one place."""

from __future__ import annotations

import pytest

from corridor import settings
from corridor.errors import CorridorError


def test_settings_flag_wins_over_environment_over_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORRIDOR_HOST", raising=False)
    assert settings.get("host") == "127.0.0.1"
    monkeypatch.setenv("CORRIDOR_HOST", "0.0.0.0")
    assert settings.get("host") == "0.0.0.0"
    assert settings.get("host", "::1") == "::1"


def test_settings_positive_reads_whole_and_decimal_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_MAX_BYTES", "4096")
    monkeypatch.setenv("CORRIDOR_FETCH_TIMEOUT", "2.5")
    assert settings.positive("max_bytes", example="1") == 4096
    assert settings.positive("fetch_timeout", float, example="1") == 2.5


@pytest.mark.parametrize("value", ["0", "-1", "lots", "1.5"])
def test_settings_positive_refuses_what_is_not_a_positive_whole_number(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORRIDOR_MAX_UPLOAD", value)
    with pytest.raises(
        CorridorError, match=f"^CORRIDOR_MAX_UPLOAD is '{value}'; set it to a whole number above 0"
    ):
        settings.positive("max_upload", example="2097152")
