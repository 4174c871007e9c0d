"""The schema files shipped in the package: loadable, and the same as the shared ones where those exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.schema import NAMES, load


@pytest.mark.parametrize("name", NAMES)
def test_schema_shipped_copy_equals_the_shared_one(name: str, shared_dir: Path) -> None:
    shared = shared_dir / "schema" / name
    if not shared.is_file():
        pytest.skip(f"no shared schema at {shared}")
    assert load(name) == json.loads(shared.read_text(encoding="utf-8"))


def test_schema_files_are_package_data() -> None:
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schema/*.json"' in pyproject
    assert load("extraction.schema.json")["$defs"]["meeting"]
    assert set(load("topics.json")) >= {"sectors", "cpec2_corridors", "five_es"}


def test_schema_unknown_name_is_refused() -> None:
    with pytest.raises(ValueError, match="no schema file"):
        load("other.json")
