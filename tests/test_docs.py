"""Drift checks: every command is documented, the README's commands are the ones CI runs, lexicons load."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from corridor.cli import main
from corridor.extract.lexicon import BUILTIN, Lexicon
from corridor.extract.statements import default_tagger

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, cmd in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", cmd))
        if isinstance(cmd, click.Group):
            found += commands(cmd, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize("name, cmd", commands(main), ids=[n for n, _ in commands(main)])
def test_docs_every_command_has_help_and_a_readme_entry(name: str, cmd: click.Command) -> None:
    assert (cmd.help or "").strip(), f"`corridor {name}` has no help text"
    assert re.search(rf"corridor {re.escape(name)}\b", README), f"README does not mention `corridor {name}`"


def test_docs_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test" in ci and "scripts/test" in README
    assert "scripts/demo" in README


SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "corridor").rglob("*.py"))


def test_docs_lexicons_load_and_validate() -> None:
    lex = Lexicon()
    assert lex.mechanisms and lex.countries and lex.offices.titles and lex.formats.heads
    assert default_tagger() is not None


@pytest.mark.parametrize("path", sorted(BUILTIN.glob("*.yaml")), ids=lambda p: p.name)
def test_docs_every_lexicon_file_is_read_by_the_package(path: Path) -> None:
    assert f'"{path.name}"' in SOURCES, f"no module reads lexicon/{path.name}"
